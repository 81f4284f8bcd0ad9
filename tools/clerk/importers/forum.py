"""Forum posts in: Hugo front matter, Markdown lines, dates, times, names and ballot ids.

Shared by the minutes and ballot importers. Pure: text in, values and findings out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from clerk import yamlio
from clerk.findings import Finding, Severity, suggest
from clerk.records import MEMBERS_FILE, Organization, Person, format_time
from clerk.repository import Index

FORUM_SITE = "https://cabforum.org"
EASTERN = ZoneInfo("America/New_York")


@dataclass
class ImportResult:
    """One imported post: where its record belongs, the record, and what the post got wrong."""

    path: str
    record: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    # When the post's facts were public: its front-matter date, or the last event it reports
    # when that is later (a post dated before its own meeting or vote). Dates history commits.
    posted: datetime | None = None
    title: str = ""
    url: str | None = None


def posted_at(published: date | None, *events: datetime | None) -> datetime | None:
    """The time a post's facts were public: its date (noon UTC, the Forum gives no time), or
    the latest event it reports when that is later."""
    known = [e for e in events if e is not None]
    day = datetime.combine(published, time(12, 0), UTC) if published else None
    latest = max(known) if known else None
    if day is None or (latest is not None and latest > day):
        return latest
    return day


# --- the post ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a post, with its 1-based line number in the post."""

    number: int
    text: str

    @property
    def indent(self) -> int:
        return len(self.text.expandtabs(4)) - len(self.text.expandtabs(4).lstrip())

    @property
    def blank(self) -> bool:
        return not self.text.strip() or self.text.strip() in ("---", "***", "___")


@dataclass
class Post:
    """A Forum post: front matter (empty when missing) and the body's lines."""

    source: str
    front: dict[str, Any]
    lines: list[Line]
    has_front_matter: bool
    raw_front: str = ""  # the front matter's text, read line by line when it is not YAML

    def field(self, key: str) -> Any:
        """A front-matter field; from broken front matter, the text after 'key:' on its line."""
        if key in self.front or not self.raw_front:
            return self.front.get(key)
        match = re.search(rf"^{re.escape(key)}\s*:\s*(.*)$", self.raw_front, re.M)
        if not match:
            return None
        value = match.group(1).strip().strip("'\"")
        if value:
            return value
        items = re.findall(rf"^{re.escape(key)}\s*:\s*\n((?:\s*-\s*.*\n?)+)", self.raw_front, re.M)
        return (
            [i.strip().lstrip("-").strip().strip("'\"") for i in items[0].splitlines()]
            if items
            else None
        )

    @property
    def title(self) -> str:
        value = self.field("title")
        return " ".join(str(value).split()) if value else ""

    @property
    def published(self) -> date | None:
        """The front matter's date: when the post was published, not when the meeting was."""
        value = self.field("date")
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        found = find_dates(str(value or ""))
        return found[0].resolve() if found else None

    @property
    def aliases(self) -> list[str]:
        value = self.field("aliases") or []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    @property
    def url(self) -> str | None:
        """The post's address on the Forum site, from its first alias."""
        for alias in self.aliases:
            if alias.startswith("/"):
                return FORUM_SITE + alias.strip()
        return None


class PostReader:
    """What every importer's reader starts from: the post, the index, and the lines not yet
    taken into a structured field (those go to the record's notes)."""

    def __init__(self, post: Post, index: Index, findings: list[Finding]) -> None:
        self.post = post
        self.index = index
        self.findings = findings
        self.source = post.source
        self.lines = post.lines
        self.kept = {line.number for line in self.lines if not line.blank}


def finding(
    source: str,
    line: int,
    check: str,
    message: str,
    severity: Severity = Severity.WARNING,
) -> Finding:
    return Finding(
        file=source, line=line, column=1, check=check, message=message, severity=severity
    )


def read_post(text: str, source: str) -> tuple[Post, list[Finding]]:
    """Split a post into front matter and body lines; findings for front matter it cannot read."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    raw = text.split("\n")
    findings: list[Finding] = []
    front: dict[str, Any] = {}
    raw_front = ""
    start = 0
    has_front = bool(raw) and raw[0].strip() == "---"
    if has_front:
        end = next((i for i in range(1, len(raw)) if raw[i].strip() == "---"), None)
        if end is None:
            has_front = False
        else:
            data, problems = yamlio.parse_fast(source, "\n".join(raw[1:end]) + "\n")
            if problems or not isinstance(data, dict):
                raw_front = "\n".join(raw[1:end]) + "\n"
                findings.append(
                    finding(
                        source,
                        1,
                        "import-front-matter",
                        "the front matter is not a YAML mapping; its title, date and aliases "
                        "are read line by line, and the rest from the body.",
                    )
                )
            else:
                front = data
            start = end + 1
    if not has_front:
        findings.append(
            finding(
                source,
                1,
                "import-front-matter",
                "the post has no front matter (--- author, date, title ---); the date comes "
                "from the body or the file name.",
                Severity.NOTICE,
            )
        )
    lines = [Line(i + 1, raw[i]) for i in range(start, len(raw))]
    return Post(source, front, lines, has_front, raw_front), findings


# --- Markdown shapes --------------------------------------------------------------------------

_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_ONLY = re.compile(r"^\s*((?:\d+\.\s+)?)\*\*(?!\*)(.+?)\*\*\s*$")
_MARKER = re.compile(r"^(\s*)([-*+•·▪◦]|o(?=\t)|\d{1,2}[.)]|[a-hA-H][.)](?=\s))\s+")


def heading_text(line: str) -> str | None:
    """The text of a Markdown heading line (ATX), without its #s and emphasis."""
    match = _HEADING.match(line)
    if not match:
        return None
    return unemphasize(match.group(2))


def bold_line(line: str) -> str | None:
    """The text of a line that is only bold text, optionally numbered: '**Passed**'."""
    match = _BOLD_ONLY.match(line)
    if not match:
        return None
    number = " ".join(match.group(1).split())
    return f"{number} {unemphasize(match.group(2))}".strip()


def strip_marker(text: str) -> tuple[str, bool]:
    """A line's content without its list marker, and whether it had one."""
    match = _MARKER.match(text)
    if not match:
        return text.strip(), False
    return text[match.end() :].strip(), True


def unemphasize(text: str) -> str:
    """Text without Markdown bold/italic markers around words."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = text.replace("**", "")
    return " ".join(text.split())


def content_of(line: Line) -> str:
    """A line's words: no list marker, no emphasis, spaces collapsed."""
    text, _ = strip_marker(line.text)
    return unemphasize(text)


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", text.strip())
    return [p for p in parts if p]


def first_sentence(text: str, limit: int = 240) -> str:
    parts = sentences(text)
    first = parts[0] if parts else text.strip()
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def fold(text: str) -> str:
    """Lower case without accents: 'Iñigo' and 'Inigo' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# --- dates and times --------------------------------------------------------------------------

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


# --- names ------------------------------------------------------------------------------------

NAME = (
    r"[A-ZÀ-Ý][\w'’-]*(?:\s+(?:van|de|der|von|da|del|[A-ZÀ-Ý][\w'’-]*)){0,3}"
    r"(?:\s+[A-Z]\.(?!\w))?"
)


def resolve_org(index: Index, text: str | None) -> Organization | None:
    """The roster's organization for a name or alias, trying common variations."""
    if not text:
        return None
    roster = index.roster
    for candidate in _org_variants(text):
        org = roster.org(candidate)
        if org is not None:
            return org
    return None


def _org_variants(text: str) -> Iterator[str]:
    text = " ".join(text.replace("’", "'").split())
    yield text
    text = text.strip(" .,;:-–")
    yield text
    without_suffix = re.sub(
        r",?\s+(?:Inc|Ltd|LLC|GmbH|S\.?A|AG|AS|Co|Corp|Corporation|Limited)\.?$", "", text
    )
    yield without_suffix
    outer = re.sub(r"\s*\([^()]*\)\s*$", "", text)
    yield outer
    inner = re.search(r"\(([^()]*)\)\s*$", text)
    if inner:
        yield inner.group(1)
    yield text.split(",")[0]
    yield text.split(" / ")[0]


def resolve_person(index: Index, text: str | None) -> Person | None:
    """The roster's person for a name or alias, trying common variations of spelling."""
    if not text:
        return None
    roster = index.roster
    for candidate in (
        text,
        text.replace(".", " "),
        text.replace("-", " "),
        re.sub(r"\s*\([^()]*\)\s*", " ", text),
    ):
        person = roster.person(" ".join(candidate.split()))
        if person is not None:
            return person
    folded = fold(" ".join(text.split()))
    for person in roster.people:
        if any(fold(n) == folded for n in (person.name, *person.aliases)):
            return person
    return None


def unknown_person(index: Index, source: str, line: int, name: str) -> Finding:
    return finding(
        source,
        line,
        "import-unknown-person",
        f'"{name}" is not in {MEMBERS_FILE}{suggest(name, index.roster.person_names())}; '
        f"the record keeps the name as the post spells it: add the person (or an alias) "
        f"to {MEMBERS_FILE}, or correct the record.",
    )


def unknown_org(index: Index, source: str, line: int, name: str) -> Finding:
    return finding(
        source,
        line,
        "import-unknown-org",
        f'organization "{name}" is not in {MEMBERS_FILE}'
        f"{suggest(name, index.roster.org_names())}; the record keeps the name as the post "
        f"spells it: add the organization (or an alias) to {MEMBERS_FILE}.",
    )


# --- ballot ids -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotRef:
    """A ballot mentioned in text: canonical id and version, or a draft marker (SC-0XX)."""

    start: int
    end: int
    canonical: str | None
    version: int | None
    text: str


def ballot_refs(text: str, index: Index) -> list[BallotRef]:
    """Ballot ids in any spelling (SC-86, SC086v3, SC 94, Ballot 67) and draft markers (SC0XX)."""
    ids = index.rules.ids
    prefix = re.escape(ids.prefix)
    pattern = re.compile(
        rf"\b(?:Ballot\s+)?{prefix}[\s_-]?(?:(?P<num>0*\d{{1,4}})|(?P<draft>0?[Xx]{{2,3}}))"
        rf"(?:\s?[-]?\s?v(?P<ver>\d{{1,2}}))?(?![\w])"
        rf"|\bBallot\s+(?P<bare>\d{{1,4}})\b",
        re.IGNORECASE,
    )
    refs: list[BallotRef] = []
    for match in pattern.finditer(text):
        number = match.group("num") or match.group("bare")
        version = int(match.group("ver")) if match.group("ver") else None
        canonical = ids.format(int(number)) if number else None
        refs.append(BallotRef(match.start(), match.end(), canonical, version, match.group(0)))
    return refs


# --- record shape -----------------------------------------------------------------------------


def ordered(data: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """The mapping with its keys in the schema's order, empty values left out."""
    out: dict[str, Any] = {}
    for key in keys:
        value = data.get(key)
        if value is None or value == [] or value == {} or value == "":
            continue
        out[key] = value
    return out


def paragraphs(lines: list[Line]) -> list[str]:
    """Consecutive lines as paragraphs, verbatim (right-trimmed)."""
    out: list[str] = []
    current: list[str] = []
    last = None
    for line in lines:
        if last is not None and line.number != last + 1 and current:
            out.append("\n".join(current))
            current = []
        if line.blank:
            if current:
                out.append("\n".join(current))
                current = []
        else:
            current.append(line.text.rstrip())
        last = line.number
    if current:
        out.append("\n".join(current))
    return out


def notes_text(
    post_lines: list[Line], kept: set[int], section_of: dict[int, tuple[int, str] | None]
) -> str:
    """The lines nobody structured, as Markdown: each section's leftovers under its heading."""
    groups: list[tuple[tuple[int, str] | None, list[Line]]] = []
    for line in post_lines:
        if line.number not in kept or line.blank:
            continue
        section = section_of.get(line.number)
        if not groups or groups[-1][0] != section:
            groups.append((section, []))
        groups[-1][1].append(line)
    chunks = []
    for section, lines in groups:
        text = "\n\n".join(paragraphs(lines))
        chunks.append(f"## {section[1]}\n\n{text}" if section else text)
    return "\n\n".join(chunks)
