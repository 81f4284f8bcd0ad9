"""Checks that records use the kinds the body defines: ballot kinds, statement kinds, and who
votes (organizations, or individuals with a class of their own)."""

from __future__ import annotations

from collections.abc import Iterator

from clerk.checks.registry import check, finding
from clerk.findings import Finding, suggest
from clerk.records import GOVERNANCE_FILE, MEMBERS_FILE
from clerk.repository import Index


@check("ballot-kind")
def ballot_kinds(index: Index) -> Iterator[Finding]:
    """A ballot's kind (guideline) is one of governance.yaml's kinds."""
    if not index.has_rules:
        return
    kinds = index.rules.kinds
    for ballot in index.checked_ballots:
        kind = ballot.guideline
        if kind is None or kind == "none" or kind in kinds:  # none: no guideline, no review
            continue
        if kinds:
            hint = f"use one of: {', '.join(kinds)}{suggest(kind, kinds)}"
        else:
            hint = f"{GOVERNANCE_FILE} defines no kinds of ballot; remove the guideline key"
        yield finding(
            "ballot-kind", ballot.file, ("guideline",), f'"{kind}" is not a kind of ballot: {hint}.'
        )


@check("meeting-statement")
def meeting_statements(index: Index) -> Iterator[Finding]:
    """A meeting's opening statement is one the body reads (governance.yaml's words.statements)."""
    if not index.has_rules:
        return
    known = list(index.rules.words.statements)
    for meeting in index.checked_meetings:
        kind = (meeting.data.get("statement") or {}).get("kind")
        if kind is None or kind in known:
            continue
        if known:
            hint = f"use one of: {', '.join(known)}{suggest(kind, known)}"
        else:
            hint = f"add it under words.statements in {GOVERNANCE_FILE}"
        yield finding(
            "meeting-statement",
            meeting.file,
            ("statement", "kind"),
            f'"{kind}" is not a statement the body reads: {hint}.',
        )


@check("roster-voting-unit")
def voting_unit(index: Index) -> Iterator[Finding]:
    """A person carries a class only where individuals vote, and then a class the rules define."""
    if not index.has_rules or not index.has_roster:
        return
    individuals = index.rules.voting_unit == "individuals"
    classes = list(index.rules.classes)
    for person in index.roster.people:
        if person.member_class is None:
            continue
        if not individuals:
            yield finding(
                "roster-voting-unit",
                MEMBERS_FILE,
                ("people", person.index, "class"),
                f"{person.name} has a class, but organizations vote here; give the class to "
                f"the organization, or set voting_unit: individuals in {GOVERNANCE_FILE}.",
            )
        elif person.org != person.name:
            yield finding(
                "roster-voting-unit",
                MEMBERS_FILE,
                ("people", person.index, "org"),
                f"{person.name} votes as an individual and so acts for no organization; "
                "write the employer as affiliation instead of org.",
            )
        elif person.member_class not in classes:
            yield finding(
                "roster-voting-unit",
                MEMBERS_FILE,
                ("people", person.index, "class"),
                f'"{person.member_class}" is not a class in {GOVERNANCE_FILE}: use one of '
                f"{', '.join(classes)}{suggest(person.member_class, classes)}.",
            )
