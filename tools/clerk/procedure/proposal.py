"""Before the vote: proposing, endorsing, revising, opening the discussion, withdrawing."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from clerk.procedure.core import (
    Change,
    Doc,
    ProcedureError,
    append,
    put,
    require_forward,
    unchanged,
)
from clerk.procedure.people import require_proposer, voting_person
from clerk.records import BALLOTS_DIR, DRAFTS_DIR, Ballot, format_time
from clerk.repository import Index


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-") or "ballot"


def next_free_number(index: Index) -> int:
    numbers = [index.rules.ids.number(b.id) for b in index.ballots if b.id]
    taken = {n for n in numbers if n is not None}
    for stem in index.unloaded_ballots:
        number = index.rules.ids.number(stem)
        if number is not None:
            taken.add(number)
    return max(taken, default=0) + 1


def propose(
    index: Index,
    title: str,
    proposers: str | list[str],
    now: datetime,
    ballot_id: str | None = None,
    slug: str | None = None,
    guideline: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """A new ballot record: (repository path, data). Unnumbered unless an id is given.

    The first proposer is the one who posts the ballot; co-proposers follow. Every record keeps
    a slug, so one `git log --grep 'Clerk-Slug: SLUG'` finds its commits before and after it is
    numbered."""
    if not title.strip():
        raise ProcedureError("a ballot needs a title.")
    names = [proposers] if isinstance(proposers, str) else list(proposers)
    if not names:
        raise ProcedureError("a ballot needs a proposer (--proposer NAME).")
    people: list[dict[str, str]] = []
    for name in names:
        person, org = voting_person(index, name, "propose a ballot")
        if any(p["name"] == person.name for p in people):
            raise ProcedureError(f"{person.name} is named twice as a proposer.")
        people.append({"name": person.name, "org": org})
    slug = slug or slugify(title)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise ProcedureError(f'"{slug}" is not a slug: use lowercase letters, digits, -.')
    taken = {b.slug for b in index.ballots if b.slug}
    if slug in taken or index.ballot(f"drafts/{slug}") is not None:
        raise ProcedureError(
            f'the slug "{slug}" is taken by another ballot; pass --slug with another name.'
        )
    data: dict[str, Any] = {}
    if ballot_id:
        canonical = index.rules.ids.canonical(ballot_id)
        if canonical is None:
            raise ProcedureError(
                f'"{ballot_id}" is not a ballot id; write it like {index.rules.ids.format(86)}.'
            )
        if index.ballot(canonical) or canonical in index.unloaded_ballots:
            raise ProcedureError(f"{canonical} exists already; choose another number.")
        data["id"] = canonical
        path = f"{BALLOTS_DIR}/{canonical}.yaml"
    else:
        path = f"{DRAFTS_DIR}/{slug}.yaml"
    data["slug"] = slug
    data["title"] = title.strip()
    data["status"] = "draft"
    data["proposers"] = people
    kinds = index.rules.kinds
    if guideline is not None and guideline != "none" and kinds and guideline not in kinds:
        raise ProcedureError(
            f'guideline "{guideline}" is not one of: {", ".join(dict.fromkeys([*kinds, "none"]))}.'
        )
    if guideline or kinds:
        data["guideline"] = guideline or kinds[0]
    # Version 1 is posted when the discussion opens, not when the draft file is created.
    data["versions"] = [{"version": 1}]
    return path, data


def endorse(index: Index, ballot: Ballot, name: str, now: datetime) -> Change:
    if ballot.status not in ("draft", "discussion"):
        raise ProcedureError(
            f"{ballot.label} is in {ballot.status}; endorsements are given before voting."
        )
    require_forward(ballot, now)
    person, org = voting_person(index, name, "endorse a ballot")
    for proposer in ballot.proposers:
        proposer_org = index.roster.org(proposer.get("org"))
        if proposer_org is not None and proposer_org.name == org:
            raise ProcedureError(
                f"{person.name} represents {org}, a proposer's own organization; endorsements "
                "must come from two other Voting Member organizations."
            )
    for endorser in ballot.endorsers:
        if index.roster.person(endorser.get("name")) == person:
            return unchanged(ballot, f"{person.name} has already endorsed {ballot.label}")
        other = index.roster.org(endorser.get("org"))
        if other is not None and other.name == org:
            raise ProcedureError(
                f"{org} has already endorsed {ballot.label} (through {endorser['name']}); "
                "each endorsing organization counts once."
            )
    required = index.rules.endorsements_required
    count = len(ballot.endorsers) + 1
    number = None
    new_file = None
    if ballot.id is None and count >= required:
        number = index.rules.ids.format(next_free_number(index))
        new_file = f"{BALLOTS_DIR}/{number}.yaml"

    def edit(doc: Doc) -> None:
        append(doc, "endorsers", {"name": person.name, "org": org, "at": format_time(now)})
        if number:
            put(doc, "id", number)

    label = number or ballot.label
    acting_for = f" ({org})" if org != person.name else ""  # an individual acts for themself
    summary = f"{label}: endorsed by {person.name}{acting_for}"
    if number:
        summary += f"; numbered {number}"
    return Change(ballot, ballot.status, ballot.status, summary, edit, new_file)


def revise(
    index: Index,
    ballot: Ballot,
    now: datetime,
    pull_request: str | None = None,
    compare: str | None = None,
    notes: str | None = None,
    by: str | None = None,
) -> Change:
    """A new version. During discussion it is posted (and restarts the discussion clock); a draft's
    versions are posted when the discussion opens."""
    if ballot.status == "voting":
        raise ProcedureError(
            f"{ballot.label} is in voting; a ballot cannot be revised during voting. "
            "Withdraw it (clerk ballot withdraw) and propose the new text as a new ballot."
        )
    if ballot.status == "rescinded" or ballot.is_second_vote:
        raise ProcedureError(
            f"{ballot.label} was rescinded; a Second Vote takes the unchanged ballot, and a "
            "changed one is a new ballot (Bylaws 2.4(9)(b)): propose it with clerk ballot propose."
        )
    if ballot.status not in ("draft", "discussion"):
        raise ProcedureError(f"{ballot.label} is {ballot.status}; only open ballots are revised.")
    require_proposer(index, ballot, by, "revise")
    require_forward(ballot, now)
    version = ballot.version + 1 if ballot.versions else 1
    posted = ballot.status == "discussion"

    def edit(doc: Doc) -> None:
        entry: dict[str, Any] = {"version": version}
        if posted:
            entry["posted"] = format_time(now)
        if pull_request:
            entry["pull_request"] = pull_request
        if compare:
            entry["compare"] = compare
        if notes:
            entry["notes"] = notes
        append(doc, "versions", entry)

    summary = f"{ballot.id or ballot.label}: version {version}"
    return Change(ballot, ballot.status, ballot.status, summary, edit)


def start_discussion(index: Index, ballot: Ballot, now: datetime, by: str | None = None) -> Change:
    if ballot.status == "discussion":
        return unchanged(ballot, f"{ballot.label} is already in discussion")
    if ballot.status != "draft":
        raise ProcedureError(f"{ballot.label} is {ballot.status}; only a draft enters discussion.")
    required = index.rules.endorsements_required
    if len(ballot.endorsers) < required:
        raise ProcedureError(
            f"{ballot.label} has {len(ballot.endorsers)} of the {required} endorsements it needs "
            "from other Voting Member organizations; run clerk ballot endorse first."
        )
    if ballot.id is None:
        raise ProcedureError(f"{ballot.label} has no number yet; endorse it to number it.")
    require_proposer(index, ballot, by, "open the discussion of")
    require_forward(ballot, now)

    def edit(doc: Doc) -> None:
        put(doc, "status", "discussion")
        put(doc, "discussion", {"start": format_time(now)})
        versions = doc.get("versions")
        if not versions:
            put(doc, "versions", [{"version": 1, "posted": format_time(now)}])
        elif "posted" not in versions[-1]:
            versions[-1]["posted"] = format_time(now)

    return Change(ballot, "draft", "discussion", f"{ballot.id}: draft -> discussion", edit)


def withdraw(index: Index, ballot: Ballot, now: datetime, by: str | None = None) -> Change:
    """Only a proposer withdraws (Bylaws 2.3(4)); a draft, a discussion, or a vote."""
    if ballot.status == "withdrawn":
        return unchanged(ballot, f"{ballot.label} is already withdrawn")
    if ballot.status not in ("draft", "discussion", "voting"):
        raise ProcedureError(f"{ballot.label} is {ballot.status}; it can no longer be withdrawn.")
    person = require_proposer(index, ballot, by, "withdraw")
    require_forward(ballot, now)

    def edit(doc: Doc) -> None:
        put(doc, "status", "withdrawn")
        put(doc, "withdrawn", {"at": format_time(now), "by": person.name})

    old = ballot.status
    return Change(ballot, old, "withdrawn", f"{ballot.label}: {old} -> withdrawn", edit)
