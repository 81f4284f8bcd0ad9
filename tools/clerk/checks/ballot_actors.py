"""Checks of who made each move a ballot records, and when the moves after the vote were made:
withdrawals by a proposer; the Review Notice, the PAG's conclusion and a stated quorum by a
chair; Exclusion Notices by people of the organization they name, during the review."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from clerk.checks.common import unknown_org, unknown_person
from clerk.checks.registry import check, finding
from clerk.findings import DocPath, Finding
from clerk.records import Ballot, parse_time
from clerk.repository import Index


def _chair_findings(
    index: Index, ballot: Ballot, path: DocPath, name: str | None, what: str
) -> Iterator[Finding]:
    if not name:
        return
    person = index.roster.person(name)
    if person is None:
        yield unknown_person(index, "ballot-actor", ballot.file, path, name)
        return
    if person not in {index.roster.person(c) for c in index.rules.chairs}:
        chairs = ", ".join(index.rules.chairs) or "none in governance.yaml"
        yield finding(
            "ballot-actor",
            ballot.file,
            path,
            f"{person.name} is not a chair ({chairs}); only a chair {what}.",
        )


def _round_records(ballot: Ballot) -> Iterator[tuple[DocPath, dict[str, Any]]]:
    """The current round's data and each earlier round's, with the path that leads to it."""
    yield (), ballot.data
    for number, data in enumerate(ballot.rounds):
        yield ("rounds", number), data


@check("ballot-actor")
def ballot_actors(index: Index) -> Iterator[Finding]:
    if not index.has_roster:
        return
    for ballot in index.checked_ballots:
        withdrawn = (ballot.data.get("withdrawn") or {}).get("by")
        if withdrawn:
            person = index.roster.person(withdrawn)
            proposers = [index.roster.person(p.get("name")) for p in ballot.proposers]
            if person is None:
                yield unknown_person(
                    index, "ballot-actor", ballot.file, ("withdrawn", "by"), withdrawn
                )
            elif person not in proposers:
                names = " or ".join(p.get("name", "") for p in ballot.proposers) or "none"
                yield finding(
                    "ballot-actor",
                    ballot.file,
                    ("withdrawn", "by"),
                    f"{person.name} is not a proposer ({names}); only a proposer withdraws.",
                )
        for prefix, data in _round_records(ballot):
            review = data.get("review") or {}
            yield from _chair_findings(
                index,
                ballot,
                (*prefix, "review", "by"),
                review.get("by"),
                "sends the Review Notice",
            )
            pag = data.get("pag") or {}
            yield from _chair_findings(
                index,
                ballot,
                (*prefix, "pag", "by"),
                pag.get("by"),
                "records the Patent Advisory Group's conclusion",
            )
            stated = (data.get("rules") or {}).get("quorum_stated") or {}
            yield from _chair_findings(
                index,
                ballot,
                (*prefix, "rules", "quorum_stated", "by"),
                stated.get("by"),
                "states a quorum",
            )
            yield from _notices(index, ballot, prefix, data)


def _notices(
    index: Index, ballot: Ballot, prefix: DocPath, data: dict[str, Any]
) -> Iterator[Finding]:
    review = data.get("review") or {}
    start, end = parse_time(review.get("start")), parse_time(review.get("end"))
    for number, notice in enumerate(data.get("exclusion_notices") or []):
        path: DocPath = (*prefix, "exclusion_notices", number)
        org = index.roster.org(notice.get("org"))
        if org is None:
            yield unknown_org(index, "ballot-actor", ballot.file, (*path, "org"), notice["org"])
        by = notice.get("by")
        person = index.roster.person(by) if by else None
        if by and person is None:
            yield unknown_person(index, "ballot-actor", ballot.file, (*path, "by"), by)
        elif person and org and index.roster.org(person.org) != org:
            yield finding(
                "ballot-actor",
                ballot.file,
                (*path, "by"),
                f"{person.name} represents {person.org or 'no organization'}, not {org.name}; "
                "an Exclusion Notice is filed by the organization's own people.",
            )
        at = parse_time(notice.get("at"))
        if at and start and end and not start <= at < end:
            yield finding(
                "ballot-actor",
                ballot.file,
                (*path, "at"),
                f"filed at {at:%Y-%m-%d %H:%M}Z, outside the review period "
                f"{start:%Y-%m-%d %H:%M}Z to {end:%Y-%m-%d %H:%M}Z (end excluded).",
            )
