"""The moves a pull request may make on a ballot, each replayed through clerk.procedure.

A change to a ballot is accepted only if running Clerk's own command, as the author, would
produce it: the gate reads the move's arguments from the head record (who endorses, which
organization votes what, the time the record says the move was made), calls the procedure's own
function with them on the BASE record, and requires the result to equal the head record field
for field, except the free text the author owns (`AUTHOR_TEXT`).

To let a new command of clerk.procedure through the gate, add one `Move` to `MOVES`: when it
applies (which fields it changes), the time it claims, how to call the procedure function with
arguments read from the head record, and who may make it. Nothing else changes: the search,
the clock rules and the comparison are shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from clerk import procedure
from clerk.gate.actors import (
    Actor,
    describe,
    is_person,
    is_proposer_or_chair,
    is_voting_representative,
    represents,
)
from clerk.procedure import Change
from clerk.records import Ballot, parse_time
from clerk.repository import Index

# Free text the author owns: edited by hand, never computed by a command.
AUTHOR_TEXT = ("notes", "sources")
# The proposal itself, which its proposer (or a chair) may edit while it is a draft or in
# discussion, before the text is frozen by voting.
PROPOSAL_TEXT = ("title", "documents", "depends_on", "guideline")
# A move whose time opens or restarts a period must have been made recently: its recorded time
# may be at most this old when the change is checked (run the command again if it is older).
FRESH = timedelta(days=1)


@dataclass(frozen=True)
class Move:
    """One command of clerk.procedure, as the gate recognises and replays it."""

    command: str  # as the user types it, for messages
    applies: Callable[[Ballot, Ballot], bool]  # (state, head): does the head show this move?
    time_field: str  # where the record keeps the move's time, for messages
    claimed: Callable[[Ballot, Ballot], datetime | None]  # that time, read from the head
    replay: Callable[[Index, Ballot, Ballot, datetime], Change]  # the procedure call
    refusal: Callable[[Index, Actor, Ballot, Ballot], str | None]  # why the actor may not
    sets_period: bool = False  # its time starts a period, so it must be FRESH


# --- reading a move's arguments from the head ------------------------------------------------


def _added(state: Ballot, head: Ballot, key: str) -> dict[str, Any]:
    """The first entry of a list field that the head adds after the state's entries."""
    before = state.data.get(key) or []
    after = head.data.get(key) or []
    return after[len(before)] if len(after) > len(before) else {}


def _grows(key: str) -> Callable[[Ballot, Ballot], bool]:
    def grows(state: Ballot, head: Ballot) -> bool:
        before = state.data.get(key) or []
        after = head.data.get(key) or []
        return len(after) > len(before) and after[: len(before)] == before

    return grows


def _changed_vote(state: Ballot, head: Ballot) -> dict[str, Any]:
    """The first vote of the head that the state does not hold as it is."""
    before = state.data.get("votes") or []
    for vote in head.data.get("votes") or []:
        if vote not in before:
            return vote
    return {}


def _time(value: Any) -> datetime | None:
    try:
        return parse_time(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _start(period: str) -> Callable[[Ballot, Ballot], datetime | None]:
    return lambda state, head: _time((head.data.get(period) or {}).get("start"))


# --- who may make each move ------------------------------------------------------------------


def _proposer_or_chair(index: Index, actor: Actor, state: Ballot, head: Ballot) -> str | None:
    if is_proposer_or_chair(index, actor, state):
        return None
    return (
        f"only the proposer ({state.proposer.get('name', 'unknown')}) or a chair may do this; "
        f"{actor.name} is neither."
    )


def _endorser(index: Index, actor: Actor, state: Ballot, head: Ballot) -> str | None:
    name = _added(state, head, "endorsers").get("name")
    if not is_person(index, actor, name):
        return f"only {name} may add their own endorsement; the change is by {actor.name}."
    if not is_voting_representative(index, actor):
        return f"{describe(actor)}; only Voting Representatives endorse ballots."
    return None


def _voter(index: Index, actor: Actor, state: Ballot, head: Ballot) -> str | None:
    vote = _changed_vote(state, head)
    org = vote.get("org")
    if not represents(index, actor, org):
        return (
            f"{actor.login} may not vote for {org}: only its Voting Representatives (per "
            f"members.yaml) may; {describe(actor)}."
        )
    if vote.get("by") and not is_person(index, actor, vote.get("by")):
        return f'the vote says it was cast by "{vote["by"]}", but {actor.name} made the change.'
    return None


def _notice_filer(index: Index, actor: Actor, state: Ballot, head: Ballot) -> str | None:
    notice = _added(state, head, "exclusion_notices")
    if not represents(index, actor, notice.get("org")):
        return (
            "an Exclusion Notice is filed by a Voting Representative of the organization it "
            f"names ({notice.get('org')}); {describe(actor)}."
        )
    if notice.get("by") and not is_person(index, actor, notice.get("by")):
        return f'the notice says it was filed by "{notice["by"]}", not by {actor.name}.'
    return None


# --- the moves -------------------------------------------------------------------------------


MOVES: tuple[Move, ...] = (
    Move(
        "clerk ballot endorse",
        applies=lambda s, h: s.status in ("draft", "discussion") and _grows("endorsers")(s, h),
        time_field="endorsers[].at",
        claimed=lambda s, h: _time(_added(s, h, "endorsers").get("at")),
        replay=lambda i, s, h, t: procedure.endorse(
            i, s, str(_added(s, h, "endorsers").get("name") or ""), t
        ),
        refusal=_endorser,
    ),
    Move(
        "clerk ballot revise",
        applies=lambda s, h: s.status in ("draft", "discussion") and _grows("versions")(s, h),
        time_field="versions[].posted",
        claimed=lambda s, h: _time(_added(s, h, "versions").get("posted")),
        replay=lambda i, s, h, t: procedure.revise(
            i,
            s,
            t,
            pull_request=_added(s, h, "versions").get("pull_request"),
            compare=_added(s, h, "versions").get("compare"),
            notes=_added(s, h, "versions").get("notes"),
        ),
        refusal=_proposer_or_chair,
        sets_period=True,
    ),
    Move(
        "clerk ballot start-discussion",
        applies=lambda s, h: s.status == "draft" and h.status != "draft",
        time_field="discussion.start",
        claimed=_start("discussion"),
        replay=lambda i, s, h, t: procedure.start_discussion(i, s, t),
        refusal=_proposer_or_chair,
        sets_period=True,
    ),
    Move(
        "clerk ballot start-voting",
        applies=lambda s, h: s.status == "discussion" and h.status == "voting",
        time_field="voting.start",
        claimed=_start("voting"),
        replay=lambda i, s, h, t: procedure.start_voting(i, s, t),
        refusal=_proposer_or_chair,
        sets_period=True,
    ),
    Move(
        "clerk ballot vote",
        applies=lambda s, h: s.status == "voting" and bool(_changed_vote(s, h)),
        time_field="votes[].at",
        claimed=lambda s, h: _time(_changed_vote(s, h).get("at")),
        replay=lambda i, s, h, t: procedure.cast_vote(
            i,
            s,
            str(_changed_vote(s, h).get("org") or ""),
            str(_changed_vote(s, h).get("vote") or ""),
            _changed_vote(s, h).get("by"),
            t,
        ),
        refusal=_voter,
    ),
    Move(
        "clerk ballot withdraw",
        applies=lambda s, h: h.status == "withdrawn" and s.status != "withdrawn",
        time_field="withdrawn.at",
        claimed=lambda s, h: _time((h.data.get("withdrawn") or {}).get("at")),
        replay=lambda i, s, h, t: procedure.withdraw(
            i, s, t, by=(h.data.get("withdrawn") or {}).get("by")
        ),
        refusal=_proposer_or_chair,
    ),
    Move(
        "clerk ballot exclusion-notice",
        applies=lambda s, h: s.status == "passed" and _grows("exclusion_notices")(s, h),
        time_field="exclusion_notices[].at",
        claimed=lambda s, h: _time(_added(s, h, "exclusion_notices").get("at")),
        replay=lambda i, s, h, t: procedure.exclusion_notice(
            i,
            s,
            str(_added(s, h, "exclusion_notices").get("org") or ""),
            t,
            by=_added(s, h, "exclusion_notices").get("by"),
        ),
        refusal=_notice_filer,
    ),
)


def propose_replay(index: Index, head: Ballot, when: datetime) -> tuple[str, dict[str, Any]]:
    """`clerk ballot propose` with the head record's title, proposer, id or slug and guideline."""
    return procedure.propose(
        index,
        head.title,
        str(head.proposer.get("name") or ""),
        when,
        ballot_id=head.id,
        slug=head.slug,
        guideline=head.guideline,
    )
