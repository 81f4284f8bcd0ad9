"""A meeting log that reads only the meetings a quorum look-up returns."""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from typing import TYPE_CHECKING

from clerk.recordfiles import discover
from clerk.records import MEETINGS_DIR, Meeting
from clerk.tally import MeetingLog

if TYPE_CHECKING:
    from clerk.repository import Index

_MEETING_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})")


class LazyMeetingLog(MeetingLog):
    """A meeting log that reads only the meetings asked for, found by their file names
    (meetings/YYYY/YYYY-MM-DD*.yaml). When a name holds no date, or a file read does not
    load or holds another date, it falls back to reading every meeting."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._catalog: list[tuple[date, str]] | None = None
        self._whole: MeetingLog | None = None

    @property
    def meetings(self) -> list[Meeting]:  # type: ignore[override]
        return self._everything().meetings

    @property
    def dates(self) -> list[date]:  # type: ignore[override]
        return self._everything().dates

    def _everything(self) -> MeetingLog:
        if self._whole is None:
            meetings = self.index.meetings
            if self.index.brief:
                meetings = [m for m in map(self.index.whole, meetings) if isinstance(m, Meeting)]
            self._whole = MeetingLog(meetings)
        return self._whole

    def _names(self) -> list[tuple[date, str]] | None:
        if self._catalog is None:
            catalog: list[tuple[date, str]] = []
            files, _ = discover(self.index.root, (MEETINGS_DIR,))
            for relpath in files:
                match = _MEETING_NAME.match(relpath.rsplit("/", 1)[-1])
                try:
                    day = date.fromisoformat(match.group(1)) if match else None
                except ValueError:
                    day = None
                if day is None or not relpath.endswith(".yaml"):
                    return None
                catalog.append((day, relpath))
            self._catalog = sorted(catalog)
        return self._catalog

    def held_on(self, day: str) -> bool:
        """Whether a meeting file named for `day` holds a meeting on that day."""
        catalog = self._names()
        if catalog is None:
            return False
        try:
            named = date.fromisoformat(day)
        except ValueError:
            return False
        position = bisect_left(catalog, (named, ""))
        for when, relpath in catalog[position:]:
            if when != named:
                break
            meeting = self.index.record(relpath)
            if isinstance(meeting, Meeting) and meeting.data.get("date") == day:
                return True
        return False

    def before(self, day: date, count: int) -> list[Meeting]:
        if self._whole is not None or not count:
            return self._everything().before(day, count) if count else []
        catalog = self._names()
        if catalog is None:
            return self._everything().before(day, count)
        position = bisect_left(catalog, (day, ""))
        chosen: list[Meeting] = []
        for named, relpath in catalog[max(0, position - count) : position]:
            meeting = self.index.record(relpath, whole=True)
            if not isinstance(meeting, Meeting) or meeting.data.get("date") != named.isoformat():
                return self._everything().before(day, count)
            chosen.append(meeting)
        return chosen
