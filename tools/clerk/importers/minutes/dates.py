"""The meeting's date: title, front matter and body, and where they disagree."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath

from clerk.findings import ClerkError, Severity
from clerk.importers.forum import (
    content_of,
    find_dates,
    finding,
    heading_text,
)
from clerk.importers.minutes.base import (
    MinutesBase,
    heading_level,
)


class DatesPart(MinutesBase):
    """The meeting date and the findings about it."""

    def _date(self) -> tuple[date, int]:
        """The meeting's date, and a finding for each body line that states another."""
        day, line_number = self._find_date()
        for line in self.lines[:40]:
            text = content_of(line)
            if not re.match(r"^(?:meeting\s+)?date\s*:", text, re.I):
                continue
            for mention in find_dates(text):
                stated = mention.resolve()
                if stated is not None and stated != day:
                    self.findings.append(
                        finding(
                            self.source,
                            line.number,
                            "import-inconsistent",
                            f'this line says "{text}" but the meeting is on {day.isoformat()} '
                            f'("{self.post.title or "the title"}").',
                        )
                    )
        return day, line_number

    def _find_date(self) -> tuple[date, int]:
        published = self.post.published
        title = self.post.title
        for mention in find_dates(title):
            day = mention.resolve(published)
            if day is None:
                continue
            written = title[mention.start : mention.end]
            days = (
                []
                if re.match(r"\d{4}-", written)
                else [int(d) for d in re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", written)]
            )
            if len(days) > 1:
                choice = (
                    published
                    if published and published.day in days and published.month == day.month
                    else day
                )
                self.findings.append(
                    finding(
                        self.source,
                        1,
                        "import-date",
                        f'the title names several days ("{title[mention.start : mention.end]}"); '
                        f"the record takes {choice.isoformat()}.",
                        Severity.NOTICE,
                    )
                )
                return choice, 1
            return day, 1
        for line in self.lines[:40]:
            text = content_of(line)
            head = heading_text(line.text)
            if head is not None and (
                re.search(r"\bnext\b|\bapprov", head, re.I)
                or not (
                    heading_level(line.text) == 1
                    or re.search(r"minutes|meeting|teleconference", head, re.I)
                )
            ):
                head = None
            dated = re.match(r"^(?:meeting\s+)?date\b|^\d{4}-\d{2}-\d{2}$", text, re.I)
            if head is not None or dated:
                for mention in find_dates(head or text):
                    day = mention.resolve()
                    if day is not None:
                        return day, line.number
        name = PurePosixPath(self.source).name
        match = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", name)
        if match:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            self.findings.append(
                finding(
                    self.source,
                    1,
                    "import-date",
                    f"no meeting date in the title or body; the record takes {day.isoformat()} "
                    "from the file name.",
                    Severity.NOTICE,
                )
            )
            return day, 1
        if published is not None:
            self.findings.append(
                finding(
                    self.source,
                    1,
                    "import-date",
                    f"no meeting date in the title or body; the record takes the publication "
                    f"date {published.isoformat()}.",
                )
            )
            return published, 1
        raise ClerkError(
            f"{self.source}: no meeting date in the title, the body or the file name; "
            "add a title such as '2025-11-20 Minutes of ...' to the post.",
            findings=[
                finding(self.source, 1, "import-date", "no meeting date found", Severity.ERROR)
            ],
        )
