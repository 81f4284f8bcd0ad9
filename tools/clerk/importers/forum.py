"""Forum posts in: Hugo front matter, Markdown lines, dates, times, names and ballot ids.

Shared by the minutes and ballot importers. Pure: text in, values and findings out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from clerk import yamlio
from clerk.findings import Finding, Severity
from clerk.importers.dates import find_dates
from clerk.repository import Index

FORUM_SITE = "https://cabforum.org"


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
