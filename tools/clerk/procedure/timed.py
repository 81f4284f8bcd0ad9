"""The moves time makes (what `clerk advance` applies): the vote closes, the review ends, the
discussion lapses. Each is due at a moment and computed from the record alone."""

from __future__ import annotations

from datetime import datetime

from clerk.procedure.core import Change, Doc, clock_behind, put
from clerk.procedure.voting import lapse_time
from clerk.records import Ballot, format_time
from clerk.repository import Index
from clerk.tally import count_votes


def _close_vote(index: Index, ballot: Ballot, now: datetime) -> Change | None:
    _, end = ballot.period("voting")
    if end is None or now < end:
        return None
    tally = count_votes(ballot, index.rules, index.roster, index.meeting_log)
    if tally.quorum.required is None and tally.quorum.applies:
        return None  # never guessed: held until the quorum is known (see held_reason)
    result = tally.result_data()
    result["decided"] = format_time(end)
    if not tally.passed:

        def failed(doc: Doc) -> None:
            put(doc, "status", "failed")
            put(doc, "result", result)

        return Change(ballot, "voting", "failed", f"{ballot.id}: voting -> failed", failed)
    no_review = ballot.is_second_vote or index.rules.review_length(ballot.guideline) is None
    if no_review:
        # A Second Vote's result is final when it passes (Bylaws 2.4(9)(b)(1)); a ballot that
        # produces no guideline has no Review Period.

        def adopted(doc: Doc) -> None:
            put(doc, "status", "final")
            put(doc, "result", result)
            put(doc, "effective", end.date().isoformat())

        return Change(ballot, "voting", "final", f"{ballot.id}: voting -> final", adopted)

    def passed(doc: Doc) -> None:
        put(doc, "status", "passed")
        put(doc, "result", result)

    return Change(ballot, "voting", "passed", f"{ballot.id}: voting -> passed", passed)


def _end_review(ballot: Ballot, now: datetime) -> Change | None:
    _, end = ballot.period("review")
    if end is None or now < end:
        return None
    notices = ballot.data.get("exclusion_notices") or []
    if notices:

        def rescinded(doc: Doc) -> None:
            put(doc, "status", "rescinded")

        plural = "Notice" if len(notices) == 1 else "Notices"
        summary = f"{ballot.id}: passed -> rescinded ({len(notices)} Exclusion {plural})"
        return Change(ballot, "passed", "rescinded", summary, rescinded)

    def final(doc: Doc) -> None:
        put(doc, "status", "final")
        put(doc, "effective", end.date().isoformat())

    return Change(ballot, "passed", "final", f"{ballot.id}: passed -> final", final)


def _lapse(index: Index, ballot: Ballot, now: datetime) -> Change | None:
    lapse = lapse_time(index, ballot)
    if lapse is None or now < lapse:
        return None
    days = index.rules.discussion_lapse_days

    def lapsed(doc: Doc) -> None:
        put(doc, "status", "failed")
        discussion = doc.get("discussion")
        if discussion is not None:
            discussion["end"] = format_time(lapse)
        note = (
            f"Failed on {lapse.date().isoformat()}: {days} days passed since the last version "
            "without voting."
        )
        existing = doc.get("notes")
        put(doc, "notes", f"{existing}\n{note}" if existing else note)

    label = ballot.id or ballot.label
    return Change(ballot, "discussion", "failed", f"{label}: discussion -> failed", lapsed)


def due_change(
    index: Index, ballot: Ballot, now: datetime, *, announcing: bool = False
) -> Change | None:
    """The next timed transition of a ballot that is due at `now`, if any. A clock earlier than
    the record's latest event moves nothing.

    Where votes come from a mailing list, they reach the record after the fact, so the vote is
    closed only when a chair announces it (``announcing``; see clerk.list_votes), never by time.
    """
    if clock_behind(ballot, now):
        return None
    if ballot.status == "voting":
        if index.rules.list_votes and not announcing:
            return None
        return _close_vote(index, ballot, now)
    if ballot.status == "passed":
        return _end_review(ballot, now)
    if ballot.status == "discussion":
        return _lapse(index, ballot, now)
    return None


def due_changes(
    index: Index, ballot: Ballot, now: datetime, *, announcing: bool = False
) -> list[Change]:
    """Every timed transition due at `now`, in order (a ballot may owe more than one)."""
    changes: list[Change] = []
    current = ballot
    while (change := due_change(index, current, now, announcing=announcing)) is not None:
        changes.append(change)
        current = change.applied()
        if len(changes) > 5:  # no ballot has more timed moves than this
            break
    return changes


def held_reason(index: Index, ballot: Ballot, now: datetime) -> str | None:
    """Why a move that time would make is not made: the clock is behind the record, or the
    vote closed on a quorum nobody knows."""
    behind = clock_behind(ballot, now)
    if behind:
        return (
            f"{ballot.label}: the clock ({format_time(now)}) is before the {behind[1]} recorded "
            f"({format_time(behind[0])}); nothing done."
        )
    if ballot.status == "voting":
        _, end = ballot.period("voting")
        if end is not None and now >= end:
            quorum = count_votes(ballot, index.rules, index.roster, index.meeting_log).quorum
            if quorum.required is None and quorum.applies:
                return (
                    f"{ballot.label}: voting closed but its quorum is unknown "
                    f"({quorum.reason}); the result is not recorded on a guess."
                )
    return None
