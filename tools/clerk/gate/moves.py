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
    records_list_vote,
    represents,
)
from clerk.procedure import Change
from clerk.records import Ballot, parse_time
from clerk.repository import Index

# Free text the author owns: edited by hand, never computed by a command.
AUTHOR_TEXT = ("notes", "sources")
# The proposal itself, which its proposers (or a chair) may edit while it is a draft or in
# discussion, before the text is frozen by voting.
PROPOSAL_TEXT = ("title", "proposers", "documents", "depends_on", "guideline")
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
    # The procedure call on the state, with arguments read from the head, at a time, as the
    # person acting (the author; a chair acts under the proposer's name for proposer moves).
    replay: Callable[[Index, Ballot, Ballot, datetime, Actor], Change]
    refusal: Callable[[Index, Actor, Ballot, Ballot], str | None]  # why the actor may not
    sets_period: bool = False  # its time starts a period, so it must be FRESH
    # Whether the procedure must still allow the move at the time of the check (a vote, a
    # filing); False for records of what happened elsewhere, such as a Review Notice sent by
    # mail, which are recorded after the fact.
    still_allowed: bool = True
    late_check: str = "pr-clock"  # the finding's id when the check's time is too late for it


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
    names = " or ".join(p.get("name", "unknown") for p in state.proposers) or "none recorded"
    return f"only the proposer ({names}) or a chair may do this; {actor.name} is neither."


def as_proposer(index: Index, actor: Actor, state: Ballot) -> str:
    """The name a proposer move is made under: the author's, or for a chair acting for the
    proposers, the first proposer's."""
    if actor.is_chair and not any(is_person(index, actor, p.get("name")) for p in state.proposers):
        return str(state.proposer.get("name") or actor.name)
    return actor.name


def _recorded_as(
    field: str, key: str = "by"
) -> Callable[[Index, Actor, Ballot, Ballot], str | None]:
    """The move's record names who made it (`field.by`): that person must be the author."""

    def refusal(index: Index, actor: Actor, state: Ballot, head: Ballot) -> str | None:
        by = (head.data.get(field) or {}).get(key)
        if is_person(index, actor, by):
            return None
        return (
            f"the {field} is recorded as made by {by or 'nobody'}, but {actor.name} made the "
            "change."
        )

    return refusal


def _opener(index: Index, actor: Actor, state: Ballot, head: Ballot) -> str | None:
    """The proposers or a chair open the vote; a quorum stated by a chair is that chair's own."""
    stated = (head.data.get("rules") or {}).get("quorum_stated") or {}
    if stated:
        by = stated.get("by")
        if not is_person(index, actor, by):
            return (
                f"the stated quorum is recorded as made by {by or 'nobody'}, but {actor.name} "
                "made the change."
            )
        return None
    return _proposer_or_chair(index, actor, state, head)


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
    if records_list_vote(index, actor, vote):
        return None  # a chair records any organization's vote from the list
    if "pull-request" not in index.rules.voting_channels:
        ways = " and ".join(index.rules.voting_channels)
        return (
            f"this body does not take votes by pull request (governance.yaml voting channels: "
            f"{ways}); only a chair records a list vote, with its message as --source."
        )
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


def _cast_vote(index: Index, state: Ballot, head: Ballot, when: datetime, actor: Actor) -> Change:
    """clerk ballot vote with the head's arguments; a chair's list vote keeps its message's
    time, so it is still accepted after the period ended when the message was sent inside it."""
    vote = _changed_vote(state, head)
    sent = _time(vote.get("at")) if records_list_vote(index, actor, vote) else None
    return procedure.cast_vote(
        index,
        state,
        str(vote.get("org") or ""),
        str(vote.get("vote") or ""),
        vote.get("by"),
        when,
        source=vote.get("source"),
        sent=sent,
    )


def _start_voting(
    index: Index, state: Ballot, head: Ballot, when: datetime, actor: Actor
) -> Change:
    rules = head.data.get("rules") or {}
    stated = rules.get("quorum_stated") or {}
    by = as_proposer(index, actor, state)
    if stated:
        return procedure.start_voting(
            index, state, when, by, rules.get("quorum_required"), stated.get("by"),
            stated.get("reason"),
        )  # fmt: skip
    return procedure.start_voting(index, state, when, by)


def _review_notice(
    index: Index, state: Ballot, head: Ballot, when: datetime, actor: Actor
) -> Change:
    review = head.data.get("review") or {}
    start, end = _time(review.get("start")), _time(review.get("end"))
    return procedure.review_notice(index, state, review.get("by"), when, start, end)


def _pag_conclusion(
    index: Index, state: Ballot, head: Ballot, when: datetime, actor: Actor
) -> Change:
    pag = head.data.get("pag") or {}
    return procedure.pag_conclusion(
        index, state, pag.get("by"), when, pag.get("conclusion"), pag.get("url")
    )


MOVES: tuple[Move, ...] = (
    Move(
        "clerk ballot endorse",
        applies=lambda s, h: s.status in ("draft", "discussion") and _grows("endorsers")(s, h),
        time_field="endorsers[].at",
        claimed=lambda s, h: _time(_added(s, h, "endorsers").get("at")),
        replay=lambda i, s, h, t, a: procedure.endorse(
            i, s, str(_added(s, h, "endorsers").get("name") or ""), t
        ),
        refusal=_endorser,
    ),
    Move(
        "clerk ballot revise",
        applies=lambda s, h: s.status in ("draft", "discussion") and _grows("versions")(s, h),
        time_field="versions[].posted",
        claimed=lambda s, h: _time(_added(s, h, "versions").get("posted")),
        replay=lambda i, s, h, t, a: procedure.revise(
            i,
            s,
            t,
            pull_request=_added(s, h, "versions").get("pull_request"),
            compare=_added(s, h, "versions").get("compare"),
            notes=_added(s, h, "versions").get("notes"),
            by=as_proposer(i, a, s),
        ),
        refusal=_proposer_or_chair,
        sets_period=True,
    ),
    Move(
        "clerk ballot start-discussion",
        applies=lambda s, h: s.status == "draft" and h.status != "draft",
        time_field="discussion.start",
        claimed=_start("discussion"),
        replay=lambda i, s, h, t, a: procedure.start_discussion(i, s, t, as_proposer(i, a, s)),
        refusal=_proposer_or_chair,
        sets_period=True,
    ),
    Move(
        "clerk ballot start-voting",
        applies=lambda s, h: s.status == "discussion" and h.status == "voting",
        time_field="voting.start",
        claimed=_start("voting"),
        replay=_start_voting,
        refusal=_opener,
        sets_period=True,
    ),
    Move(
        "clerk ballot vote",
        applies=lambda s, h: s.status == "voting" and bool(_changed_vote(s, h)),
        time_field="votes[].at",
        claimed=lambda s, h: _time(_changed_vote(s, h).get("at")),
        replay=_cast_vote,
        refusal=_voter,
        late_check="pr-late-vote",
    ),
    Move(
        "clerk ballot withdraw",
        applies=lambda s, h: h.status == "withdrawn" and s.status != "withdrawn",
        time_field="withdrawn.at",
        claimed=lambda s, h: _time((h.data.get("withdrawn") or {}).get("at")),
        replay=lambda i, s, h, t, a: procedure.withdraw(
            i, s, t, by=(h.data.get("withdrawn") or {}).get("by")
        ),
        refusal=_recorded_as("withdrawn"),
    ),
    Move(
        "clerk ballot exclusion-notice",
        applies=lambda s, h: s.status == "passed" and _grows("exclusion_notices")(s, h),
        time_field="exclusion_notices[].at",
        claimed=lambda s, h: _time(_added(s, h, "exclusion_notices").get("at")),
        replay=lambda i, s, h, t, a: procedure.exclusion_notice(
            i,
            s,
            str(_added(s, h, "exclusion_notices").get("org") or ""),
            t,
            by=_added(s, h, "exclusion_notices").get("by"),
        ),
        refusal=_notice_filer,
    ),
    Move(
        "clerk ballot review-notice",
        applies=lambda s, h: (
            s.status == h.status == "passed" and s.data.get("review") != h.data.get("review")
        ),
        time_field="review.notice",
        claimed=lambda s, h: _time((h.data.get("review") or {}).get("notice")),
        replay=_review_notice,
        refusal=_recorded_as("review"),
        still_allowed=False,
    ),
    Move(
        "clerk ballot pag-conclusion",
        applies=lambda s, h: (
            s.status == h.status == "rescinded" and s.data.get("pag") != h.data.get("pag")
        ),
        time_field="pag.at",
        claimed=lambda s, h: _time((h.data.get("pag") or {}).get("at")),
        replay=_pag_conclusion,
        refusal=_recorded_as("pag"),
        still_allowed=False,
    ),
    Move(
        "clerk ballot second-vote",
        applies=lambda s, h: s.status == "rescinded" and h.status == "discussion",
        time_field="discussion.start",
        claimed=_start("discussion"),
        replay=lambda i, s, h, t, a: procedure.second_vote(i, s, a.name, t),
        refusal=lambda i, a, s, h: None,  # clerk.procedure says who may (the proposers)
        sets_period=True,
    ),
)


def propose_replay(index: Index, head: Ballot, when: datetime) -> tuple[str, dict[str, Any]]:
    """`clerk ballot propose` with the head record's title, proposers, id or slug, guideline."""
    names = [str(p.get("name") or "") for p in head.proposers]
    return procedure.propose(
        index,
        head.title,
        names,
        when,
        ballot_id=head.id,
        slug=head.slug,
        guideline=head.guideline,
    )
