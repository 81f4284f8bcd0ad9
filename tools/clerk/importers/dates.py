"""Dates and times as Forum posts write them: 2025-11-06, November 6th, 6 November 2025, 17:00 ET.

Pure: text in, dates and UTC times out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from clerk.records import format_time

EASTERN = ZoneInfo("America/New_York")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?![\d])"),
    re.compile(
        rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORD}\b(?:\s*(?:[-–]|,)\s*\d{{1,2}}{_ORD}\b(?!:))*"
        r"(?:,?\s+(?P<year>\d{4})\b|,\s*(?P<year2>\d{2})\b(?![:.]\d))?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<day>\d{{1,2}}){_ORD}(?:\s*[-–]\s*\d{{1,2}}{_ORD})?\s+(?:of\s+)?{_MONTH}\b"
        r"(?:,?\s+(?P<year>\d{4})\b)?",
        re.IGNORECASE,
    ),
)


@dataclass(frozen=True)
class DateMention:
    """A date written in text; year None when the text leaves it out."""

    start: int
    end: int
    year: int | None
    month: int
    day: int

    def resolve(self, near: date | None = None, after: bool = False) -> date | None:
        """The date; a missing year is taken from `near`: the latest on or before it, or the
        earliest after it when `after`."""
        if self.year is not None:
            try:
                return date(self.year, self.month, self.day)
            except ValueError:
                return None
        if near is None:
            return None
        for year in (
            (near.year - 1, near.year, near.year + 1)
            if after
            else (
                near.year + 1,
                near.year,
                near.year - 1,
            )
        ):
            try:
                candidate = date(year, self.month, self.day)
            except ValueError:
                continue
            if (after and candidate > near) or (not after and candidate <= near):
                return candidate
        return None


def find_dates(text: str) -> list[DateMention]:
    """Every date mentioned in the text, in order: 2025-11-06, November 6th, 6 November 2025."""
    found: list[DateMention] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
            year_text = groups.get("year") or groups.get("year2")
            year = int(year_text) if year_text else None
            if year is not None and year < 100:
                year += 2000
            day = int(groups["day"])
            if not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            found.append(DateMention(match.start(), match.end(), year, month, day))
    found.sort(key=lambda d: (d.start, -d.end))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


_ISO_Z = re.compile(r"\b(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z")
_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?\b", re.IGNORECASE)
_ZONE = re.compile(
    r"\b(UTC|GMT|ET|EST|EDT|Eastern(?:\s+(?:Standard|Daylight))?\s+Time)\b", re.IGNORECASE
)


def parse_clock(text: str) -> time | None:
    match = _CLOCK.search(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower()
    if meridiem == "pm" and hour < 12:
        hour += 12
    if meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def zone_of(text: str) -> str | None:
    """'UTC' or 'ET' when the text names a zone."""
    match = _ZONE.search(text)
    if not match:
        return None
    return "UTC" if match.group(1).upper() in ("UTC", "GMT") else "ET"


def moment(day: date, clock: time | None, zone: str | None) -> datetime:
    """An aware UTC datetime from a date, a clock time and a zone ('ET' or UTC)."""
    local = datetime.combine(day, clock or time(0, 0))
    if zone == "ET":
        return local.replace(tzinfo=EASTERN).astimezone(UTC)
    return local.replace(tzinfo=UTC)


def parse_moment(
    text: str, default_clock: time | None = None, default_zone: str | None = None
) -> datetime | None:
    """The first point in time the text states, in UTC: an ISO 'Z' time wins over prose."""
    match = _ISO_Z.search(text)
    if match:
        day = date.fromisoformat(match.group(1))
        clock = time(int(match.group(2)), int(match.group(3)), int(match.group(4) or 0))
        return moment(day, clock, "UTC")
    dates = [d for d in find_dates(text) if d.year is not None]
    if not dates:
        return None
    day = dates[0].resolve()
    if day is None:
        return None
    rest = text[dates[0].end :]
    clock = parse_clock(rest) or default_clock
    zone = zone_of(rest) or zone_of(text) or default_zone
    return moment(day, clock, zone)


def utc_text(value: datetime) -> str:
    return format_time(value)
