"""Forum minutes posts -> meeting records.

The post is read as Markdown blocks and lines: headings and labels give the sections and the
topic of the lines below them; attendance lists, ballot status items, the Note Well, approved
minutes, other business and the next call are structured, each by its own part; every line that
nothing structured goes into `notes` verbatim.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from typing import Any

from clerk.importers.attendance import read_attendance
from clerk.importers.dates import find_dates
from clerk.importers.forum import (
    ImportResult,
    ballot_refs,
    finding,
    heading_text,
    notes_text,
    ordered,
    posted_at,
    read_post,
)
from clerk.importers.minutes.approval import ApprovalPart
from clerk.importers.minutes.ballot_status import BallotStatusPart
from clerk.importers.minutes.base import (
    MeetingAttendee,
    StatusUpdate,
)
from clerk.importers.minutes.dates import DatesPart
from clerk.importers.minutes.membership import MembershipPart
from clerk.importers.minutes.roles import RolesPart
from clerk.importers.names import (
    roster_names,
)
from clerk.repository import Index
from clerk.schema import property_order


def import_minutes(text: str, source: str, index: Index) -> ImportResult:
    """A Forum minutes post -> the meeting record, its path and the post's problems."""
    post, findings = read_post(text, source)
    return _Reader(post, index, findings).run()


class _Reader(DatesPart, RolesPart, ApprovalPart, MembershipPart, BallotStatusPart):
    """A minutes post -> a meeting record; each part reads one kind of section."""

    # --- driver -------------------------------------------------------------------------------

    def run(self) -> ImportResult:
        day, title_line = self._date()
        self.meeting_date = day
        kind, number, place = self._kind()
        self.attendees = self._attendees()
        updates = self._ballots()
        record: dict[str, Any] = {
            "date": day.isoformat(),
            "kind": kind,
            "number": number,
            "place": place,
            "title": self.post.title or None,
            "chair": self._role("chair"),
            "minutes_by": self._role("minutes_by"),
            "statement": self._statement(),
            "minutes_approved": self._minutes_approved(),
            "minutes_status": self._minutes_status(),
            "membership": self._membership(),
            "ballots": [u.data for u in updates],
            "mentions": self._mentions(updates),
            "other_business": self._other_business(),
            "next_meeting": self._next_meeting(),
            "attendees": [
                ordered({"name": a.name, "org": a.org}, ("name", "org")) for a in self.attendees
            ],
            "action_items": self._action_items(),
            "sections": [text for _, text in self.structure.sections],
            "sources": self._sources(),
        }
        for number_ in self.structure.headings:
            self.kept.discard(number_)
        record["notes"] = notes_text(self.lines, self.kept, self.structure.section_of)
        if not self.attendees:
            self.findings.append(
                finding(
                    self.source,
                    title_line,
                    "import-no-attendees",
                    "no attendance list found; the record has no attendees, so this meeting "
                    "cannot count toward quorum until they are added.",
                )
            )
        path = f"meetings/{day.year}/{day.isoformat()}.yaml"
        held = datetime.combine(day, time(12, 0), UTC)
        return ImportResult(
            path,
            ordered(record, property_order("meeting")),
            self.findings,
            posted_at(self.post.published, held),
            self.post.title,
            self.post.url,
        )

    def _mentions(self, updates: list[StatusUpdate]) -> list[str]:
        """Numbered ballots named anywhere outside the status list, in order of first mention."""
        listed = {u.data.get("ballot") for u in updates}
        status_lines = {
            line.number for line in self.lines if self.structure.topic.get(line.number) == "ballots"
        }
        prefix = self.index.rules.ids.prefix.upper()
        out: list[str] = []
        for text in [self.post.title] + [
            line.text for line in self.lines if line.number not in status_lines
        ]:
            for ref in ballot_refs(text, self.index):
                if not re.sub(r"^ballot\s+", "", ref.text, flags=re.I).upper().startswith(prefix):
                    continue  # "Ballot 187": the Forum's numbering before working groups
                if ref.canonical and ref.canonical not in listed and ref.canonical not in out:
                    out.append(ref.canonical)
        return out

    def _kind(self) -> tuple[str, int | None, str | None]:
        title = self.post.title
        tags = " ".join(str(t) for t in self.post.front.get("tags") or [])
        if not re.search(r"\bF2F\b|face[\s-]to[\s-]face", f"{title} {tags}", re.I):
            return "teleconference", None, None
        match = re.search(r"F2F\s*#?\s*(\d+)", title)
        number = int(match.group(1)) if match else None
        place_match = re.search(
            r"\b[Mm]eeting in\s+(.+?)\s*(?:[-–]\s*SCWG\b.*|,\s*SCWG\b.*)?$", title
        )
        place = None
        if place_match:
            place = re.sub(r"\s*[-–,]\s*SCWG\b.*$", "", place_match.group(1)).strip(" ,-–") or None
            dated = find_dates(place or "")
            if place and dated:  # "Portsmouth, NH, USA, 3-5 October 2023 ...": the place alone
                place = place[: dated[0].start].strip(" ,-–") or None
        if number is not None:
            for line in self.lines:
                head = heading_text(line.text)
                other = re.search(r"F2F\s*#?\s*(\d+)", head or "")
                if other and int(other.group(1)) != number:
                    self.findings.append(
                        finding(
                            self.source,
                            line.number,
                            "import-inconsistent",
                            f'the title says "F2F {number}" but this heading says '
                            f'"{other.group(0)}" ("{head}"); the record takes {number} '
                            "from the title.",
                        )
                    )
        return "face-to-face", number, place

    def _minutes_status(self) -> str | None:
        for line in self.lines[:15]:
            head = heading_text(line.text) or ""
            if re.search(r"\bdraft minutes\b", head, re.I):
                return "draft"
        return None

    def _sources(self) -> list[str]:
        out = [self.source]
        if self.post.url:
            out.append(self.post.url)
        return out

    # --- attendance ---------------------------------------------------------------------------

    def _attendees(self) -> list[MeetingAttendee]:
        read = read_attendance(self.blocks, self.index, self.source)
        self.findings += read.findings
        self.kept -= read.used_lines
        out: list[MeetingAttendee] = []
        for attendee in read.attendees:
            name, org = roster_names(self, attendee.name, attendee.org, attendee.line)
            out.append(MeetingAttendee(name, org, attendee.line))
        return out
