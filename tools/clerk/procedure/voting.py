"""Opening the vote (discussion long enough, quorum known or stated) and casting votes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from clerk.findings import suggest
from clerk.list_votes import check_list_vote
from clerk.procedure.core import (
    Change,
    Doc,
    ProcedureError,
    append,
    put,
    require_forward,
    unchanged,
)
from clerk.procedure.people import chair_name, require_chair, require_proposer, voting_person
from clerk.records import Ballot, format_time, parse_time
from clerk.repository import Index
from clerk.tally import count_votes, org_classes
from clerk.vote_layout import empty_slot, missing_slots


def lapse_time(index: Index, ballot: Ballot) -> datetime | None:
    """90 days after the proposer last posted a version (Bylaws 2.3(3))."""
    last = ballot.last_version_time()
    return last + timedelta(days=index.rules.discussion_lapse_days) if last else None


def earliest_vote(index: Index, ballot: Ballot) -> tuple[datetime, str] | None:
    """When voting may start, and why: both `discussion_min_days` of discussion and as long
    with no new version (Bylaws 2.3(3)); the later of the two governs."""
    days = index.rules.discussion_min_days
    opened, _ = ballot.period("discussion")
    posted = [t for t in (parse_time(v.get("posted")) for v in ballot.versions) if t]
    reasons: list[tuple[datetime, str]] = []
    if opened:
        reasons.append(
            (
                opened + timedelta(days=days),
                f"the discussion opened {format_time(opened)} and lasts at least {days} days",
            )
        )
    if posted:
        last = max(posted)
        reasons.append(
            (
                last + timedelta(days=days),
                f"the last version was posted {format_time(last)} and {days} days must pass "
                "with no new version",
            )
        )
    return max(reasons, key=lambda r: r[0]) if reasons else None


def start_voting(
    index: Index,
    ballot: Ballot,
    now: datetime,
    by: str | None = None,
    quorum: int | None = None,
    quorum_by: str | None = None,
    quorum_reason: str | None = None,
) -> Change:
    """Open voting (the proposer's move). Freezes the thresholds, the Voting Members and the
    quorum; when the meetings that define the quorum are not all known, a chair states it."""
    if ballot.status == "voting":
        return unchanged(ballot, f"{ballot.label} is already in voting")
    if ballot.status != "discussion":
        raise ProcedureError(
            f"{ballot.label} is {ballot.status}; voting starts only after discussion."
        )
    require_proposer(index, ballot, by, "start voting on")
    require_forward(ballot, now)
    rules = index.rules
    earliest = earliest_vote(index, ballot)
    if earliest is None:
        raise ProcedureError(f"{ballot.label} records no discussion start or version time.")
    if now < earliest[0]:
        raise ProcedureError(
            f"{ballot.label} may not go to a vote yet: {earliest[1]}, so voting may start at "
            f"{format_time(earliest[0])} or later."
        )
    lapse = lapse_time(index, ballot)
    if lapse and now >= lapse:
        raise ProcedureError(
            f"{ballot.label} lapsed at {format_time(lapse)}, {rules.discussion_lapse_days} days "
            "after its last version; clerk advance records it as failed."
        )
    if ballot.guideline != "none" and rules.kinds and ballot.guideline not in rules.kinds:
        raise ProcedureError(
            f"{ballot.label} does not say which guideline kind it produces; set guideline to "
            f"one of {', '.join(dict.fromkeys([*rules.kinds, 'none']))} so the review period "
            "is known."
        )
    end = now + timedelta(days=rules.voting_days)
    voting_members = org_classes(ballot, rules, index.roster)
    probe = Ballot(ballot.file, {**ballot.data, "voting": {"start": format_time(now)}, "rules": {}})
    facts = count_votes(probe, rules, index.roster, index.meeting_log).quorum
    stated: dict[str, Any] | None = None
    if quorum is not None:
        if facts.required is not None:
            raise ProcedureError(
                f"the quorum of {ballot.label} is known from the meetings before the vote "
                f"({facts.required}); --quorum is only for when it is not."
            )
        if quorum < 1:
            raise ProcedureError("a stated quorum is a whole number of at least 1.")
        chair = require_chair(index, quorum_by, "state the quorum")
        if not (quorum_reason or "").strip():
            raise ProcedureError(
                "say why the quorum is stated (--quorum-reason TEXT), e.g. the figure the chair "
                "announced and where."
            )
        stated = {
            "by": chair_name(index, chair),
            "at": format_time(now),
            "reason": (quorum_reason or "").strip(),
        }
    elif facts.required is None and facts.applies:
        raise ProcedureError(
            f"the quorum of {ballot.label} is unknown: {'; '.join(facts.missing)}. Record the "
            "attendance of those meetings, or have a chair state the quorum (--quorum N "
            "--quorum-by CHAIR --quorum-reason TEXT)."
        )
    frozen: dict[str, Any] = {
        "thresholds": {
            c.id: (c.threshold.as_data() if c.threshold else {}) for c in rules.voting_classes
        },
        "yes_in_each_class": rules.yes_in_each_class,
        "quorum": rules.quorum.as_data(),
    }
    required = quorum if quorum is not None else facts.required
    if required is not None:
        frozen["quorum_required"] = required
    if stated is not None:
        frozen["quorum_stated"] = stated
    frozen["voting_members"] = dict(sorted(voting_members.items()))

    def edit(doc: Doc) -> None:
        put(doc, "status", "voting")
        discussion = doc.get("discussion")
        if discussion is None:
            put(doc, "discussion", {"end": format_time(now)})
        else:
            discussion["end"] = format_time(now)
        put(doc, "voting", {"start": format_time(now), "end": format_time(end)})
        put(doc, "rules", frozen)
        slots = missing_slots(doc.get("votes") or [], list(frozen["voting_members"]))
        for slot in slots:  # one entry per Voting Member: see clerk.vote_layout
            append(doc, "votes", slot)

    return Change(ballot, "discussion", "voting", f"{ballot.id}: discussion -> voting", edit)


def cast_vote(
    index: Index,
    ballot: Ballot,
    org_name: str | None,
    value: str,
    by: str | None,
    now: datetime,
    *,
    source: str | None = None,
    sent: datetime | None = None,
) -> Change:
    """An organization's vote, cast by one of its Voting Representatives (`by`); without an
    organization, the representative's own. A vote from the mailing list was sent at ``sent``
    (the list message's time, inside the period) in the message ``source``; a chair records it."""
    if sent is not None:
        check_list_vote(index, source, sent, now)
    if value not in ("yes", "no", "abstain"):
        raise ProcedureError(f'"{value}" is not a vote; vote yes, no or abstain.')
    if ballot.status != "voting":
        raise ProcedureError(f"{ballot.label} is {ballot.status}, not in voting; no vote is taken.")
    start, end = ballot.period("voting")
    if start is None or end is None:
        raise ProcedureError(f"{ballot.label} records no voting period.")
    moment = sent or now
    if moment < start:
        raise ProcedureError(f"voting on {ballot.label} opens at {format_time(start)}.")
    if moment >= end:
        raise ProcedureError(
            f"voting on {ballot.label} closed at {format_time(end)}; a vote at or after the end "
            "is late."
        )
    if not org_name:
        if not by or not by.strip():
            raise ProcedureError("say who votes (--by NAME) and for which organization (--org).")
        _, org_name = voting_person(index, by, "vote")
    org = index.roster.org(org_name)
    if org is None:
        raise ProcedureError(
            f'"{org_name}" is not an organization in members.yaml'
            f"{suggest(org_name, index.roster.org_names())}."
        )
    classes = org_classes(ballot, index.rules, index.roster)
    if org.name not in classes:
        raise ProcedureError(
            f"{org.name} is not a Voting Member (when voting opened); only Voting Members vote."
        )
    if not by or not by.strip():
        raise ProcedureError(
            f"say which Voting Representative of {org.name} casts the vote (--by NAME)."
        )
    person, person_org = voting_person(index, by, "vote")
    if org not in index.roster.represented(person):
        reps = [
            p.name
            for p in index.roster.people
            if index.roster.org(p.org) == org and p.voting_representative is not False
        ]
        raise ProcedureError(
            f"{person.name} represents {person_org}, not {org.name}; a vote for {org.name} "
            f"is cast by one of its Voting Representatives ({', '.join(reps) or 'none listed'})."
        )
    require_forward(ballot, now)
    previous = next(
        (v for v in ballot.votes if (index.roster.org(v.org) or org).name == org.name), None
    )
    if previous and previous.vote == value and previous.by == person.name:
        return unchanged(ballot, f"{org.name} has already voted {value} on {ballot.label}")
    entry: dict[str, Any] = {"org": org.name, "vote": value, "by": person.name}
    entry["at"] = format_time(moment)
    if source:
        entry["source"] = source

    def canonical(name: str) -> str:
        found = index.roster.org(name)
        return found.name if found else name

    def edit(doc: Doc) -> None:
        if previous is not None:
            doc["votes"][previous.index] = entry
        else:
            slot = empty_slot(doc.get("votes") or [], org.name, canonical)
            if slot is None:  # a vote opened before one entry per Voting Member was written
                append(doc, "votes", entry)
            else:
                doc["votes"][slot] = entry

    verb = "changes its vote to" if previous else "votes"
    summary = f"{ballot.label}: {org.name} {verb} {value}"
    return Change(ballot, "voting", "voting", summary, edit)
