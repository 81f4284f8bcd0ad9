"""Checks of the repository's layout, the roster and the rules."""

from __future__ import annotations

from collections.abc import Iterator

from clerk.checks.common import unknown_org, unknown_person
from clerk.checks.registry import check, finding
from clerk.findings import DocPath, Finding, suggest
from clerk.records import (
    GOVERNANCE_FILE,
    MEMBERS_FILE,
    name_key,
)
from clerk.repository import Index


@check("repository-layout")
def repository_layout(index: Index) -> Iterator[Finding]:
    for name, hint in (
        (GOVERNANCE_FILE, "the body's rules: `clerk init` writes one to adapt"),
        (MEMBERS_FILE, "the roster of organizations and people"),
    ):
        path = index.root / name
        if not path.exists() and not path.is_symlink():
            yield Finding(
                file=name,
                line=1,
                column=1,
                check="repository-layout",
                message=f"{name} is missing; add {hint}. Checks that need it were skipped.",
            )


# --- roster and rules -------------------------------------------------------------------------


@check("roster-duplicate")
def roster_duplicates(index: Index) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for org in index.roster.organizations:
        for alias_index, name in enumerate((org.name, *org.aliases)):
            key = name_key(name)
            path: DocPath = (
                ("organizations", org.index, "name")
                if alias_index == 0
                else ("organizations", org.index, "aliases", alias_index - 1)
            )
            if key in seen and seen[key] != org.name:
                yield finding(
                    "roster-duplicate",
                    MEMBERS_FILE,
                    path,
                    f'"{name}" already names organization "{seen[key]}"; '
                    "each name or alias may name one organization.",
                )
            seen.setdefault(key, org.name)
    people: dict[str, int] = {}
    logins: dict[str, str] = {}
    for person in index.roster.people:
        key = name_key(person.name)
        if key in people:
            yield finding(
                "roster-duplicate",
                MEMBERS_FILE,
                ("people", person.index, "name"),
                f'person "{person.name}" is listed twice; merge the entries.',
            )
        people.setdefault(key, person.index)
        if person.github:
            login = person.github.casefold()
            if login in logins:
                yield finding(
                    "roster-duplicate",
                    MEMBERS_FILE,
                    ("people", person.index, "github"),
                    f'GitHub login "{person.github}" is already {logins[login]}\'s.',
                )
            logins.setdefault(login, person.name)


@check("roster-reference")
def roster_references(index: Index) -> Iterator[Finding]:
    classes = index.rules.classes
    for org in index.roster.organizations:
        if org.member_class is not None and index.has_rules and org.member_class not in classes:
            yield finding(
                "roster-reference",
                MEMBERS_FILE,
                ("organizations", org.index, "class"),
                f'class "{org.member_class}" is not defined in {GOVERNANCE_FILE}'
                f"{suggest(org.member_class, classes)}; use one of: {', '.join(classes)}.",
            )
    for person in index.roster.people:
        if person.org and index.roster.org(person.org) is None:
            yield unknown_org(
                index, "roster-reference", MEMBERS_FILE, ("people", person.index, "org"), person.org
            )
        for number, other in enumerate(person.also_represents):
            if index.roster.org(other) is None:
                path = ("people", person.index, "also_represents", number)
                yield unknown_org(index, "roster-reference", MEMBERS_FILE, path, other)
        if person.voting_representative and index.is_voting_member(person.org) is False:
            yield finding(
                "roster-reference",
                MEMBERS_FILE,
                ("people", person.index, "voting_representative"),
                f"{person.name} is marked a voting representative, but {person.org} "
                "is not in a voting class.",
            )


@check("governance-reference")
def governance_references(index: Index) -> Iterator[Finding]:
    if not index.has_rules:
        return
    for number, chair in enumerate(index.rules.chairs):
        if index.has_roster and index.roster.person(chair) is None:
            yield unknown_person(
                index, "governance-reference", GOVERNANCE_FILE, ("chairs", number, "name"), chair
            )
    for cls in index.rules.classes.values():
        if cls.votes and cls.threshold is None:
            yield finding(
                "governance-reference",
                GOVERNANCE_FILE,
                ("classes", cls.id),
                f'voting class "{cls.id}" has no threshold; add threshold: {{rule: at-least, '
                'fraction: "2/3"}} or similar.',
            )
        if cls.threshold and cls.threshold.rule != "half-plus-one" and cls.threshold.share > 1:
            yield finding(
                "governance-reference",
                GOVERNANCE_FILE,
                ("classes", cls.id, "threshold", "fraction"),
                "a threshold fraction above 1 can never be met.",
            )


@check("codeowners")
def codeowners_current(index: Index) -> Iterator[Finding]:
    from clerk.codeowners import CODEOWNERS_FILE, render_codeowners

    path = index.root / CODEOWNERS_FILE
    if not index.has_rules or not path.is_file():
        return
    if path.read_text(encoding="utf-8", errors="replace") != render_codeowners(index):
        yield Finding(
            file=CODEOWNERS_FILE,
            line=1,
            column=1,
            check="codeowners",
            message="CODEOWNERS no longer matches the chairs in governance.yaml and their logins "
            "in members.yaml; run clerk codeowners --write.",
        )
