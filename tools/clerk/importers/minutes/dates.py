"""The meeting's date: title, front matter and body, and where they disagree."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath

from clerk.findings import ClerkError, Severity
from clerk.importers.dates import (
    find_dates,
)
from clerk.importers.forum import (
    content_of,
    finding,
    heading_text,
)
from clerk.importers.minutes.base import (
    MinutesBase,
    heading_level,
)


def _states_the_date(raw: str, text: str) -> bool:
    """A line that states the meeting's date: 'Date: ...', a title-like heading, or a sentence
    saying when the meeting was held (not the next call, not approved minutes)."""
    if re.match(r"^(?:meeting\s+)?date\s*:", text, re.I):
        return True
    if re.search(r"\bnext\b|\bapprov|\bprevious\b|\blast\b", text, re.I):
        return False
    head = heading_text(raw)
    if head is not None:
        return bool(re.search(r"\bminutes\b|\bmeeting\b|\bteleconference\b", head, re.I))
    return bool(
        re.search(
            r"\b(?:meeting|call|teleconference)\b[^.]{0,40}\b(?:held|took place)\s+on\b", text, re.I
        )
    )


class DatesPart(MinutesBase):
    """The meeting date and the findings about it."""

    date_origin = ""  # where the meeting date was read: title, body, file name, front matter
    date_quote = ""  # the words it was read from

    def _date(self) -> tuple[date, int]:
        """The meeting's date from the title, the body and the front matter together; a finding
        quoting both sides for every one of them that says otherwise."""
        day, line_number = self._find_date()
        published = self.post.published
        chosen = f'{day.isoformat()} ("{self.date_quote}")' if self.date_quote else day.isoformat()
        title_days = {d.resolve(published) for d in find_dates(self.post.title)}
        for line in self.lines[:40]:
            text = content_of(line)
            if line.number == line_number or not _states_the_date(line.text, text):
                continue
            for mention in find_dates(text):
                stated = mention.resolve(published or day)
                if stated is not None and stated != day and stated not in title_days:
                    self.findings.append(
                        finding(
                            self.source,
                            line.number,
                            "import-inconsistent",
                            f'this line says "{text}" but the meeting is on {chosen}.',
                        )
                    )
        if published is None or published == day or self.date_origin == "front matter":
            return day, line_number
        front = f"the front matter dates the post {published.isoformat()}"
        if published < day:
            self.findings.append(
                finding(
                    self.source,
                    1,
                    "import-inconsistent",
                    f"{front}, before the meeting it reports: {chosen}. The record takes "
                    f"{day.isoformat()} from the {self.date_origin}; correct the post's date.",
                )
            )
        else:
            self.findings.append(
                finding(
                    self.source,
                    1,
                    "import-date",
                    f"{front} but the {self.date_origin} gives the meeting date {chosen}; "
                    f"the record takes {day.isoformat()} (published "
                    f"{(published - day).days} days after the meeting).",
                    Severity.NOTICE,
                )
            )
        return day, line_number

    def _year_slip(self, day: date, written: str) -> date | None:
        """The front matter's date when the title's date differs from it by a year only (a
        meeting of 2026 titled 2025): the same month and day, or within a month, a year off."""
        published = self.post.published
        if published is None or day.year == published.year:
            return None
        try:
            moved = day.replace(year=published.year)
        except ValueError:
            return None
        if abs((moved - published).days) > 31 or abs((day - published).days) < 200:
            return None
        self.findings.append(
            finding(
                self.source,
                1,
                "import-inconsistent",
                f'the title says "{written}" but the front matter dates the post '
                f"{published.isoformat()}: the years differ. The record takes "
                f"{published.isoformat()} from the front matter; correct the title or the date.",
            )
        )
        return published

    def _one_of(self, days: list[int], first: date, rest_of_title: str) -> date | None:
        """The one day of a title's range ("3-5 October 2023") that the rest of the title
        ("SCWG (4 October)") or the body's "Date:" line names, if any."""
        span = range(min(days), max(days) + 1)  # "3-5" names the 4th too
        candidates = [first.replace(day=d) for d in span if d <= 28 or _exists(first, d)]
        texts = [rest_of_title]
        texts += [
            content_of(line)
            for line in self.lines[:40]
            if re.match(r"^(?:meeting\s+)?date\b", content_of(line), re.I)
        ]
        last = candidates[-1] if candidates else first  # a day without a year is before it
        for text in texts:
            for mention in find_dates(text):
                named = mention.resolve(last)
                if named in candidates:
                    return named
        return None

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
            self.date_origin, self.date_quote = "title", written
            slipped = self._year_slip(day, written)
            if slipped is not None:
                self.date_origin = "front matter"
                return slipped, 1
            if len(days) > 1:
                named = self._one_of(days, day, title[mention.end :])
                choice = (
                    named
                    if named is not None
                    else published
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
                    day = mention.resolve(published)
                    if day is not None:
                        self.date_origin, self.date_quote = "body", head or text
                        return day, line.number
        name = PurePosixPath(self.source).name
        match = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", name)
        if match:
            self.date_origin, self.date_quote = "file name", name
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
            self.date_origin, self.date_quote = "front matter", ""
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


def _exists(month: date, day: int) -> bool:
    try:
        month.replace(day=day)
    except ValueError:
        return False
    return True
