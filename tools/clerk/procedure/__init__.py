"""The ballot procedure: which moves are legal, when, who makes them, and what each changes.

Pure: every move is a function of (the repository index: rules, roster, meetings; the ballot;
the person acting; the time) that returns a `Change` (a description and a function that edits
the record's data) or raises `ProcedureError` saying which condition is missing and, where time
will cure it, when it will hold. Nothing here touches files. The pull-request gate replays the
same functions to judge a change.

Decisions (see the README, "Edge cases, decided"):
- all times are UTC; periods are whole days of 24 hours, so daylight-saving changes do not exist;
- a period's end is excluded: a vote cast exactly at the end of voting is late;
- a move dated before the latest event the record holds is refused: time only moves forward;
- a ballot cannot be revised during voting: it must be withdrawn and proposed again;
- a second vote from the same organization during voting replaces its first: a member may
  change its mind until the vote closes; the record keeps the latest vote and Git keeps both.

Parts: `core` (Change, edits, clock), `rounds` (the latest event, earlier rounds), `people`
(who may act), `proposal` (draft and discussion), `voting` (opening the vote, quorum, votes),
`review` (Review Notice, Exclusion Notices, PAG, Second Vote), `timed` (what `clerk advance`
applies), `replay` (a hand-made edit judged by making the same move again).
"""

from clerk.procedure.core import (
    Change,
    Doc,
    ProcedureError,
    add_business_days,
    append,
    clock_behind,
    put,
    require_forward,
    unchanged,
)
from clerk.procedure.people import require_chair, require_proposer, voting_person
from clerk.procedure.proposal import (
    endorse,
    next_free_number,
    propose,
    revise,
    slugify,
    start_discussion,
    withdraw,
)
from clerk.procedure.replay import Replay, replay_move
from clerk.procedure.review import (
    exclusion_notice,
    notice_deadlines,
    pag_conclusion,
    review_notice,
    second_vote,
)
from clerk.procedure.rounds import ROUND_FIELDS, earlier_rounds, latest_event
from clerk.procedure.timed import due_change, due_changes, held_reason
from clerk.procedure.voting import cast_vote, earliest_vote, lapse_time, start_voting

__all__ = [
    "ROUND_FIELDS",
    "Change",
    "Doc",
    "ProcedureError",
    "Replay",
    "add_business_days",
    "append",
    "cast_vote",
    "clock_behind",
    "due_change",
    "due_changes",
    "earlier_rounds",
    "earliest_vote",
    "endorse",
    "exclusion_notice",
    "held_reason",
    "lapse_time",
    "latest_event",
    "next_free_number",
    "notice_deadlines",
    "pag_conclusion",
    "propose",
    "put",
    "replay_move",
    "require_chair",
    "require_forward",
    "require_proposer",
    "review_notice",
    "revise",
    "second_vote",
    "slugify",
    "start_discussion",
    "start_voting",
    "unchanged",
    "voting_person",
    "withdraw",
]
