"""Checks of each ballot's file name, id, people, endorsers and votes."""

from __future__ import annotations

from collections.abc import Iterator

from clerk.checks.common import org_of, unknown_org, unknown_person
from clerk.checks.registry import check, finding
from clerk.findings import DocPath, Finding
from clerk.records import (
    DRAFTS_DIR,
    Ballot,
    parse_time,
)
from clerk.repository import Index
from clerk.roster import Organization


@check("ballot-file-name")
def ballot_file_names(index: Index) -> Iterator[Finding]:
    ids = index.rules.ids
    for ballot in index.checked_ballots:
        name = ballot.file.rsplit("/", 1)[-1][: -len(".yaml")]
        in_drafts = ballot.file.startswith(DRAFTS_DIR + "/")
        if ballot.id is None:
            if not in_drafts:
                yield finding(
                    "ballot-file-name",
                    ballot.file,
                    (),
                    f"a ballot without id is an unnumbered draft; move it to {DRAFTS_DIR}/ "
                    "or give it its id.",
                )
            elif ballot.slug and ballot.slug != name:
                yield finding(
                    "ballot-file-name",
                    ballot.file,
                    ("slug",),
                    f'slug "{ballot.slug}" does not match the file name "{name}.yaml".',
                )
            continue
        canonical = ids.canonical(ballot.id)
        if canonical is None:
            yield finding(
                "ballot-id",
                ballot.file,
                ("id",),
                f'"{ballot.id}" is not a ballot id of the form {ids.format(86)}.',
            )
            continue
        if canonical != ballot.id:
            yield finding(
                "ballot-id",
                ballot.file,
                ("id",),
                f'write the id in its canonical form "{canonical}", not "{ballot.id}".',
            )
        if in_drafts:
            yield finding(
                "ballot-file-name",
                ballot.file,
                ("id",),
                f"numbered ballot {canonical} belongs in ballots/{canonical}.yaml; "
                "move it out of drafts/.",
            )
        elif name != canonical:
            yield finding(
                "ballot-file-name",
                ballot.file,
                ("id",),
                f'id {canonical} does not match the file name "{name}.yaml"; '
                f"rename the file to {canonical}.yaml.",
            )


@check("ballot-id-unique")
def ballot_ids_unique(index: Index) -> Iterator[Finding]:
    for ballot in index.checked_ballots:
        if not ballot.id:
            continue
        first = index.ballots_with_id(ballot.id)[0]
        if first.file != ballot.file:
            yield finding(
                "ballot-id-unique",
                ballot.file,
                ("id",),
                f"{ballot.id} is also the id of {first.file}; ids must be unique.",
            )


@check("ballot-person")
def ballot_people(index: Index) -> Iterator[Finding]:
    if not index.has_roster:
        return
    for ballot in index.checked_ballots:
        refs: list[tuple[DocPath, dict[str, str]]] = []
        key = "proposers" if "proposers" in ballot.data else "proposer"
        refs += [
            ((key, i) if key == "proposers" else (key,), p) for i, p in enumerate(ballot.proposers)
        ]
        refs += [(("endorsers", i), e) for i, e in enumerate(ballot.endorsers)]
        for path, ref in refs:
            if index.roster.person(ref.get("name")) is None:
                yield unknown_person(
                    index, "ballot-person", ballot.file, (*path, "name"), ref["name"]
                )
            if ref.get("org") and index.roster.org(ref["org"]) is None:
                yield unknown_org(index, "ballot-person", ballot.file, (*path, "org"), ref["org"])
        for number, entry in ballot.cast_entries():
            org, by = entry["org"], entry.get("by")
            if index.roster.org(org) is None:
                path: DocPath = ("votes", number, "org")
                yield unknown_org(index, "ballot-person", ballot.file, path, org)
            if by and index.roster.person(by) is None:
                path = ("votes", number, "by")
                yield unknown_person(index, "ballot-person", ballot.file, path, by)


@check("ballot-endorsers")
def ballot_endorsers(index: Index) -> Iterator[Finding]:
    required = index.rules.endorsements_required
    for ballot in index.checked_ballots:
        proposer_orgs: set[str] = set()
        for number, proposer in enumerate(ballot.proposers):
            proposer_org = org_of(index, proposer)
            if proposer_org:
                proposer_orgs.add(proposer_org)
            if index.is_voting_member(proposer_org) is False:
                yield finding(
                    "ballot-endorsers",
                    ballot.file,
                    ("proposers", number, "org"),
                    f"{proposer_org} is not a Voting Member; only Voting Members may propose.",
                )
        orgs_seen: set[str] = set()
        for number, endorser in enumerate(ballot.endorsers):
            org = org_of(index, endorser)
            path: DocPath = ("endorsers", number)
            if org and org in proposer_orgs:
                yield finding(
                    "ballot-endorsers",
                    ballot.file,
                    path,
                    f"{endorser['name']} endorses for {org}, a proposer's own organization; "
                    "endorsers must come from other Voting Member organizations.",
                )
            elif org and org in orgs_seen:
                yield finding(
                    "ballot-endorsers",
                    ballot.file,
                    path,
                    f"{org} already endorsed; endorsements must come from different organizations.",
                )
            elif org and index.is_voting_member(org) is False:
                yield finding(
                    "ballot-endorsers",
                    ballot.file,
                    path,
                    f"{org} is not a Voting Member; its representatives may not endorse.",
                )
            if org:
                orgs_seen.add(org)
        if ballot.status != "draft" and ballot.status != "withdrawn" and ballot.id:
            valid = {
                org
                for org in orgs_seen
                if org not in proposer_orgs and index.is_voting_member(org) is not False
            }
            if len(ballot.endorsers) < required or len(valid) < required:
                yield finding(
                    "ballot-endorsers",
                    ballot.file,
                    ("endorsers",) if ballot.endorsers else ("status",),
                    f"status {ballot.status} needs {required} endorsements from other Voting "
                    f"Member organizations; the record has {len(valid)}.",
                )


@check("ballot-votes")
def ballot_votes(index: Index) -> Iterator[Finding]:
    acting = _Acting(index)
    for ballot in index.checked_ballots:
        start, end = ballot.period("voting")
        seen: dict[str, int] = {}
        votes = list(ballot.cast_entries())
        if votes and ballot.status in ("draft", "discussion", "withdrawn") and start is None:
            yield finding(
                "ballot-votes",
                ballot.file,
                ("votes",),
                f"a ballot in {ballot.status} has no voting period, so it can have no votes.",
            )
        for number, entry in votes:
            path: DocPath = ("votes", number)
            org = acting.org(entry["org"])
            canonical = org.name if org else entry["org"]
            if canonical in seen:
                yield finding(
                    "ballot-votes",
                    ballot.file,
                    (*path, "org"),
                    f"{canonical} already voted (entry {seen[canonical] + 1}); one vote per "
                    "organization: change that entry instead of adding another.",
                )
            seen.setdefault(canonical, number)
            if org is not None:
                for key, message in acting.problems(entry.get("by"), org):
                    yield finding("ballot-votes", ballot.file, (*path, key), message)
            at = parse_time(entry.get("at"))
            if at and start and end and not (start <= at < end):
                yield finding(
                    "ballot-votes",
                    ballot.file,
                    (*path, "at"),
                    f"vote cast at {at:%Y-%m-%d %H:%M}Z, outside the voting period "
                    f"{start:%Y-%m-%d %H:%M}Z to {end:%Y-%m-%d %H:%M}Z (end excluded).",
                )
        yield from _empty_entries(index, ballot, seen)


class _Acting:
    """Who may cast an organization's vote, worked out once per organization and person for
    the whole run: a repository holds 10^5 votes by a few hundred people."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._orgs: dict[str, Organization | None] = {}
        self._problems: dict[tuple[str | None, str], list[tuple[str, str]]] = {}

    def org(self, name: str) -> Organization | None:
        if name not in self._orgs:
            self._orgs[name] = self.index.roster.org(name)
        return self._orgs[name]

    def problems(self, by: str | None, org: Organization) -> list[tuple[str, str]]:
        """(key, message) for each reason the vote may not stand as cast by `by` for `org`."""
        key = (by, org.name)
        if key not in self._problems:
            self._problems[key] = list(self._find(by, org))
        return self._problems[key]

    def _find(self, by: str | None, org: Organization) -> Iterator[tuple[str, str]]:
        index = self.index
        if index.is_voting_member(org.name) is False:
            yield "org", f"{org.name} is not a Voting Member; only Voting Members vote."
        if not by:
            return
        person = index.roster.person(by)
        known = person and index.roster.org(person.org) is not None
        if known and org not in index.roster.represented(person):
            yield "by", f"{person.name} represents {person.org}, not {org.name}."
            return
        if person and person.voting_representative is False:
            yield "by", f"{person.name} is not a voting representative of {org.name}."


def _empty_entries(index: Index, ballot: Ballot, seen: dict[str, int]) -> Iterator[Finding]:
    """Entries without a vote (one per Voting Member, see clerk.vote_layout): one per
    organization, of a known organization."""
    for number, entry in enumerate(ballot.vote_entries):
        if entry.get("vote"):
            continue
        org = index.roster.org(entry.get("org"))
        name = org.name if org else str(entry.get("org"))
        if org is None:
            yield finding(
                "ballot-votes",
                ballot.file,
                ("votes", number, "org"),
                f'"{name}" is not an organization in members.yaml.',
            )
        elif name in seen:
            yield finding(
                "ballot-votes",
                ballot.file,
                ("votes", number, "org"),
                f"{name} has two entries (entry {seen[name] + 1}); keep one per organization.",
            )
        seen.setdefault(name, number)
