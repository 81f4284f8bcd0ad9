"""Recognising a person's move in a hand-made edit (old record -> new record) and making it
again through the procedure, so that the edit is accepted only if it equals, field for field,
what the command would have written. The pull-request gate uses this for opening the vote (so
the frozen thresholds, Voting Members and quorum are the rules', or a chair's stated quorum is
the chair's own change) and for the moves after the vote: the Review Notice, Exclusion Notices,
the PAG's conclusion and the Second Vote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from clerk.findings import DocPath
from clerk.procedure.core import Change, ProcedureError
from clerk.procedure.review import exclusion_notice, pag_conclusion, review_notice, second_vote
from clerk.procedure.voting import start_voting
from clerk.records import Ballot, parse_time
from clerk.repository import Index


@dataclass
class Replay:
    """A recognised move: its command, who the record says made it, and the verdict."""

    move: str
    by: str | None
    path: DocPath
    refusal: str | None = None
    differing: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.refusal is None and not self.differing


def _when(text: str | None) -> datetime | None:
    try:
        return parse_time(text)
    except ValueError:
        return None


def _recognise(
    index: Index, old: Ballot, new: Ballot, actor: str | None
) -> tuple[str, str | None, DocPath, Callable[[], Change], datetime | None] | None:
    before, after = old.data, new.data
    if old.status == new.status == "passed" and before.get("review") != after.get("review"):
        review = after.get("review") or {}
        by = review.get("by")
        notice = _when(review.get("notice"))
        start, end = _when(review.get("start")), _when(review.get("end"))

        def notice_move() -> Change:
            if notice is None:
                raise ProcedureError("the review records no notice time (review.notice).")
            return review_notice(index, old, by, notice, start, end)

        return "review-notice", by, ("review",), notice_move, notice
    old_notices = before.get("exclusion_notices") or []
    new_notices = after.get("exclusion_notices") or []
    if old.status == new.status == "passed" and old_notices != new_notices:
        added = new_notices[len(old_notices) :]
        last = added[-1] if added else {}
        by = last.get("by")

        def exclusion_move() -> Change:
            if new_notices[: len(old_notices)] != old_notices or len(added) != 1:
                raise ProcedureError(
                    "Exclusion Notices are added one at a time and never changed or removed."
                )
            at = _when(last.get("at"))
            if at is None:
                raise ProcedureError("the Exclusion Notice records no time (at).")
            return exclusion_notice(index, old, last.get("org"), at, by)

        return "exclusion-notice", by, ("exclusion_notices",), exclusion_move, _when(last.get("at"))
    if old.status == new.status == "rescinded" and before.get("pag") != after.get("pag"):
        pag = after.get("pag") or {}
        by = pag.get("by")

        def pag_move() -> Change:
            at = _when(pag.get("at"))
            if at is None:
                raise ProcedureError("the conclusion records no time (pag.at).")
            return pag_conclusion(index, old, by, at, pag.get("conclusion"), pag.get("url"))

        return "pag-conclusion", by, ("pag",), pag_move, _when(pag.get("at"))
    if old.status == "discussion" and new.status == "voting":
        opened = _when((after.get("voting") or {}).get("start"))
        stated = (after.get("rules") or {}).get("quorum_stated") or {}
        required = (after.get("rules") or {}).get("quorum_required")
        names = [p.get("name") for p in old.proposers]
        by = actor if actor in names else (names[0] if names else None)

        def voting_move() -> Change:
            if opened is None:
                raise ProcedureError("the vote records no start (voting.start).")
            if stated:
                return start_voting(
                    index, old, opened, by, required, stated.get("by"), stated.get("reason")
                )
            return start_voting(index, old, opened, by)

        # A stated quorum is the chair's word: the change must be the chair's own. Otherwise the
        # proposer opens the vote, or a chair does it for them.
        chairs = {index.roster.person(name) for name in index.rules.chairs} - {None}
        chair_acts = actor is not None and index.roster.person(actor) in chairs
        who = stated.get("by") if stated else (actor if chair_acts else by)
        return "start-voting", who, ("rules",), voting_move, opened
    if old.status == "rescinded" and new.status == "discussion":
        start = _when((after.get("discussion") or {}).get("start"))

        def second_move() -> Change:
            if start is None:
                raise ProcedureError("the Second Vote's discussion records no start.")
            return second_vote(index, old, actor or old.proposer.get("name"), start)

        return "second-vote", actor, ("status",), second_move, start
    return None


def replay_move(
    index: Index, old: Ballot, new: Ballot, actor: str | None, now: datetime | None = None
) -> Replay | None:
    """The verdict on `old -> new` if it is one of the moves made again here, else None.
    `actor` is the name of the person making the change, when known (the Second Vote records
    no name of its own); `now`, the trusted clock, refuses a move dated in the future."""
    found = _recognise(index, old, new, actor)
    if found is None:
        return None
    move, by, path, build, when = found
    if now is not None and when is not None and when > now:
        return Replay(
            move,
            by,
            path,
            refusal=f"it is dated {when:%Y-%m-%dT%H:%M:%SZ}, after {now:%Y-%m-%dT%H:%M:%SZ}.",
        )
    try:
        expected = build().applied().data
    except ProcedureError as exc:
        return Replay(move, by, path, refusal=str(exc))
    keys = set(expected) | set(new.data)
    differing = tuple(sorted(k for k in keys if expected.get(k) != new.data.get(k)))
    return Replay(move, by, path, differing=differing)
