"""Who may create or edit a meeting record.

A meeting record is created and edited only by the chairs or by the person it records as taking
its minutes (as the BASE record says, for an edit). Once a later meeting approves its minutes,
only the chairs may change it: its attendance sets the quorum of later votes.
"""

from __future__ import annotations

from collections.abc import Iterator

from clerk.findings import Finding
from clerk.gate.actors import Actor, is_person
from clerk.records import Meeting
from clerk.repository import Index


def _whole_file(file: str, check: str, message: str) -> Finding:
    return Finding(file=file, line=1, column=1, check=check, message=message)


def approved_by(index: Index, meeting: Meeting) -> Meeting | None:
    """The later meeting (in the index) that approved this meeting's minutes, if any."""
    day = meeting.date.isoformat()
    for other in index.meetings:
        if other.date > meeting.date and day in (other.data.get("minutes_approved") or []):
            return other
    return None


def judge_meeting(
    base: Index, actor: Actor, old: Meeting | None, new: Meeting | None, file: str
) -> Iterator[Finding]:
    if actor.is_bot:
        yield _whole_file(file, "pr-bot-scope", f"the bot ({actor.login}) edits no meeting record.")
        return
    if actor.is_chair:
        return
    if old is not None:
        approval = approved_by(base, old)
        if approval is not None:
            yield _whole_file(
                file,
                "pr-permission",
                f"the minutes of {old.date} were approved at the meeting of {approval.date}; "
                f"only the chairs may change this record now, and {actor.name} is not one.",
            )
            return
    record = old if old is not None else new
    taker = record.data.get("minutes_by") if record is not None else None
    if not is_person(base, actor, taker):
        what = "edit" if old is not None else "create"
        yield _whole_file(
            file,
            "pr-permission",
            f"only the chairs or the person recorded as taking the minutes ({taker or 'nobody'}) "
            f"may {what} this meeting record; {actor.name} is neither.",
        )
        return
    if (
        old is not None
        and new is not None
        and old.data.get("minutes_by") != new.data.get("minutes_by")
    ):
        yield Finding(
            file=file,
            check="pr-permission",
            message="only the chairs change who took the minutes.",
            doc_path=("minutes_by",),
        )
