"""People and organizations a post names, looked up in the roster in their common spellings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from clerk.findings import Finding, suggest
from clerk.importers.forum import PostReader, finding, fold
from clerk.records import MEMBERS_FILE, Organization, Person
from clerk.repository import Index

NAME = (
    r"[A-ZÀ-Ý][\w'’-]*(?:\s+(?:van|de|der|von|da|del|[A-ZÀ-Ý][\w'’-]*)){0,3}"
    r"(?:\s+[A-Z]\.(?!\w))?"
)


def resolve_org(index: Index, text: str | None) -> Organization | None:
    """The roster's organization for a name or alias, trying common variations."""
    if not text:
        return None
    roster = index.roster
    for candidate in _org_variants(text):
        org = roster.org(candidate)
        if org is not None:
            return org
    return None


def _org_variants(text: str) -> Iterator[str]:
    text = " ".join(text.replace("’", "'").split())
    yield text
    text = text.strip(" .,;:-–")
    yield text
    without_suffix = re.sub(
        r",?\s+(?:Inc|Ltd|LLC|GmbH|S\.?A|AG|AS|Co|Corp|Corporation|Limited)\.?$", "", text
    )
    yield without_suffix
    outer = re.sub(r"\s*\([^()]*\)\s*$", "", text)
    yield outer
    inner = re.search(r"\(([^()]*)\)\s*$", text)
    if inner:
        yield inner.group(1)
    yield text.split(",")[0]
    yield text.split(" / ")[0]


def resolve_person(index: Index, text: str | None) -> Person | None:
    """The roster's person for a name or alias, trying common variations of spelling."""
    if not text:
        return None
    roster = index.roster
    for candidate in (
        text,
        text.replace(".", " "),
        text.replace("-", " "),
        re.sub(r"\s*\([^()]*\)\s*", " ", text),
    ):
        person = roster.person(" ".join(candidate.split()))
        if person is not None:
            return person
    folded = fold(" ".join(text.split()))
    for person in roster.people:
        if any(fold(n) == folded for n in (person.name, *person.aliases)):
            return person
    return None


def roster_names(
    reader: PostReader, name: str, org_text: str | None, line: int
) -> tuple[str, str | None]:
    """The roster's spelling of a person and organization the post names; a finding (at the
    post's line) for each the roster does not know, which keeps the post's spelling."""
    index = reader.index
    person = resolve_person(index, name)
    if person is None and index.has_roster:
        reader.findings.append(unknown_person(index, reader.source, line, name))
    org = resolve_org(index, org_text) if org_text else None
    if org_text and org is None and index.has_roster:
        reader.findings.append(unknown_org(index, reader.source, line, org_text))
    return (person.name if person else name), (org.name if org else org_text)


def unknown_person(index: Index, source: str, line: int, name: str) -> Finding:
    return finding(
        source,
        line,
        "import-unknown-person",
        f'"{name}" is not in {MEMBERS_FILE}{suggest(name, index.roster.person_names())}; '
        f"the record keeps the name as the post spells it: add the person (or an alias) "
        f"to {MEMBERS_FILE}, or correct the record.",
    )


def unknown_org(index: Index, source: str, line: int, name: str) -> Finding:
    return finding(
        source,
        line,
        "import-unknown-org",
        f'organization "{name}" is not in {MEMBERS_FILE}'
        f"{suggest(name, index.roster.org_names())}; the record keeps the name as the post "
        f"spells it: add the organization (or an alias) to {MEMBERS_FILE}.",
    )
