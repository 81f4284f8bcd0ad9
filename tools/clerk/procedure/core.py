"""What every move shares: the `Change` it returns, the refusal it raises, edits in schema order,
the clock that only moves forward, and business days."""

from __future__ import annotations

import copy
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from clerk.findings import ClerkError
from clerk.procedure.rounds import latest_event
from clerk.records import Ballot, format_time
from clerk.schema import property_order

Doc = MutableMapping[str, Any]


class ProcedureError(ClerkError):
    """A move the procedure does not allow now."""


@dataclass
class Change:
    """One move of one ballot: what it is, the commit subject, and the edit that makes it."""

    ballot: Ballot
    old_status: str
    new_status: str
    summary: str
    edit: Callable[[Doc], None]
    new_file: str | None = None
    changed: bool = True

    @property
    def transition(self) -> str | None:
        if self.old_status == self.new_status:
            return None
        return f"{self.old_status} -> {self.new_status}"

    @property
    def target_file(self) -> str:
        return self.new_file or self.ballot.file

    def applied(self) -> Ballot:
        """The ballot as it is after this change (on a copy of its data)."""
        data = copy.deepcopy(self.ballot.data)
        self.edit(data)
        return Ballot(self.target_file, data)


def unchanged(ballot: Ballot, summary: str) -> Change:
    return Change(ballot, ballot.status, ballot.status, summary, lambda doc: None, changed=False)


def put(doc: Doc, key: str, value: Any) -> None:
    """Set a key, inserting a new one at its place in the schema's order of keys."""
    if key in doc or not hasattr(doc, "insert"):
        doc[key] = value
        if not hasattr(doc, "insert"):
            _reorder(doc)
        return
    order = property_order("ballot")
    rank = order.index(key) if key in order else len(order)
    position = 0
    for number, existing in enumerate(doc):
        other = order.index(existing) if existing in order else len(order)
        if other <= rank:
            position = number + 1
    doc.insert(position, key, value)  # type: ignore[attr-defined]


def append(doc: Doc, key: str, entry: dict[str, Any]) -> None:
    """Add an entry to a list field, creating the field at its place when it is absent."""
    items = doc.get(key)
    if items is None:
        put(doc, key, [entry])
    else:
        items.append(entry)


def _reorder(doc: Doc) -> None:
    order = property_order("ballot")
    items = sorted(doc.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    doc.clear()
    doc.update(items)


def clock_behind(ballot: Ballot, now: datetime) -> tuple[datetime, str] | None:
    """The latest recorded event when `now` is before it (time never moves backwards)."""
    latest = latest_event(ballot)
    return latest if latest and now < latest[0] else None


def require_forward(ballot: Ballot, now: datetime) -> None:
    behind = clock_behind(ballot, now)
    if behind:
        moment, what = behind
        raise ProcedureError(
            f"the time given ({format_time(now)}) is before the {what} recorded in "
            f"{ballot.label} ({format_time(moment)}); a move cannot be dated before what the "
            "record already holds."
        )


def add_business_days(start: datetime, days: int) -> datetime:
    """`days` working days (Monday to Friday) after `start`, same time of day."""
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current
