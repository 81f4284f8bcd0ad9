"""Starting a meeting record: the chair, the usual agenda and the ballot status from the board."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from clerk.board import board_rows
from clerk.findings import ClerkError
from clerk.records import MEETINGS_DIR
from clerk.repository import Index


def new_meeting(
    index: Index,
    day: str,
    now: datetime,
    kind: str = "teleconference",
    number: int | None = None,
    place: str | None = None,
) -> tuple[str, dict[str, Any]]:
    try:
        when = date.fromisoformat(day)
    except ValueError as exc:
        raise ClerkError(f"{day!r} is not a date; write it as YYYY-MM-DD.") from exc
    relpath = f"{MEETINGS_DIR}/{when.year}/{when.isoformat()}.yaml"
    words = index.rules.words
    statement = words.statement_kind(kind)  # the body's opening statement, if it reads one
    data: dict[str, Any] = {"date": when.isoformat(), "kind": kind}
    if number:
        data["number"] = number
    if place:
        data["place"] = place
    chair = index.rules.chairs[0] if index.rules.chairs else None
    if chair:
        data["chair"] = chair
    if statement:
        data["statement"] = {"kind": statement, **({"read_by": chair} if chair else {})}
    earlier = [m for m in index.meetings_sorted() if m.date < when]
    approved = {d for m in index.meetings for d in m.data.get("minutes_approved") or []}
    pending = [m.data["date"] for m in earlier if m.data["date"] not in approved]
    if pending:
        data["minutes_approved"] = pending[-2:]
    updates = []
    for group, rows in board_rows(index, now):
        if group == "Recently Adopted":
            continue
        for row in rows:
            entry: dict[str, Any] = {}
            if row.ballot.startswith("draft "):
                entry["draft"] = row.ballot[len("draft ") :]
            else:
                entry["ballot"] = index.rules.ids.canonical(row.ballot) or row.ballot
            if row.owner:
                entry["owner"] = row.owner
            note = f"{group}" + (f"; {row.deadline}" if row.deadline else "")
            entry["note"] = note
            updates.append(entry)
    if updates:
        data["ballots"] = updates
    named = words.statement_in_text(statement) if statement else ""
    data["sections"] = [_heading(heading, named) for heading in words.agenda]
    return relpath, data


def _heading(template: str, statement: str) -> str:
    """An agenda heading; '{statement}' is the statement read at this kind of meeting
    ('Roll call and {statement}' is 'Roll call' where none is read)."""
    if statement:
        return template.replace("{statement}", statement)
    return template.replace(" and {statement}", "").replace("{statement}", "").strip()
