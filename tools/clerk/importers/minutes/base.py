"""The minutes reader's common ground: the post's sections and topics, and who a name is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from clerk.findings import Finding
from clerk.importers.dates import (
    find_dates,
)
from clerk.importers.forum import (
    Line,
    Post,
    PostReader,
    bold_line,
    content_of,
    fold,
    strip_marker,
    unemphasize,
)
from clerk.importers.markdown import parse_blocks
from clerk.importers.names import (
    NAME,
    resolve_person,
    unknown_person,
)
from clerk.repository import Index

# Topics a heading or label can give the lines below it.
TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "attendance",
        re.compile(r"^(?:attendance|attendees?|participants|in the room|remote)\b", re.I),
    ),
    ("rollcall", re.compile(r"^roll[\s-]?call\b", re.I)),
    (
        "minutes",
        re.compile(
            r"\bminutes\b.*\bapprov|\bapprov\w*\b.*\bminutes\b|^(?:previous|prior) minutes", re.I
        ),
    ),
    ("statement", re.compile(r"note[\s-]?well|notewell|anti-?trust", re.I)),
    (
        "membership",
        re.compile(r"membership|member applications|interested part(?:y|ies) applic", re.I),
    ),
    (
        "ballots",
        re.compile(
            r"^ballots?:?$|ballots? status|status of (?:the )?ballots|pending ballots|"
            r"ballots? in progress|current ballot|ballot updates?",
            re.I,
        ),
    ),
    ("aob", re.compile(r"other business", re.I)),
    ("next", re.compile(r"^next (?:call|meeting|teleconference)", re.I)),
    ("adjourn", re.compile(r"^(?:meeting )?adjourn", re.I)),
)
STATUS_GROUP = re.compile(
    r"^(?:(?:in|under|cleared|recently|current(?:ly)?)\b.*|draft\b.*|passed|failed|"
    r"ballots? passed|voting period|discussion period|review period|ipr review.*|"
    r"under pag|other ballots|.*\b(?:considerations?|in progress)\b.*)$",
    re.I,
)
SPEAKER = re.compile(
    rf"^(?P<name>{NAME})(?:\s*\([^)]*\))?(?:\s*:|\s+(?:said|says|noted|notes|indicated|mentioned|"
    r"explained|reported|stated|confirmed|shared|described|asked|gave|added|proposed|"
    r"suggested|volunteered|updated|will|is|has)\b)"
)
SENTENCE_START = re.compile(
    r"(?:On|In|At|The|A|An|We|It|This|That|There|They|He|She|No|Yes|If|As|For|After|Before)\b"
)


@dataclass
class MeetingAttendee:
    name: str
    org: str | None
    line: int


@dataclass
class StatusUpdate:
    data: dict[str, str]
    line: int


@dataclass
class Structure:
    """What each line is: heading, label or text, its section and its topic."""

    sections: list[tuple[int, str]] = field(default_factory=list)
    section_of: dict[int, tuple[int, str] | None] = field(default_factory=dict)
    topic: dict[int, str] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    headings: set[int] = field(default_factory=set)


def topic_of(text: str) -> str | None:
    """Which part of the minutes a heading or label introduces (None: none we structure)."""
    cleaned = re.sub(r"^\s*\d+\.\s*", "", unemphasize(text)).strip()
    for name, pattern in TOPICS:
        if pattern.search(cleaned):
            return name
    return None


class MinutesBase(PostReader):
    """The post, its structure and its people: what every part of the reader uses."""

    def __init__(self, post: Post, index: Index, findings: list[Finding]) -> None:
        super().__init__(post, index, findings)
        self.by_number = {line.number: line for line in self.lines}
        body = "\n".join(line.text for line in self.lines)
        self.blocks = parse_blocks(body, self.lines[0].number if self.lines else 1)
        self.structure = self._structure()
        self.attendees: list[MeetingAttendee] = []
        self._refused_drafts: set[int] = set()
        self.meeting_date: date | None = None

    # --- structure ----------------------------------------------------------------------------

    def _structure(self) -> Structure:
        st = Structure()
        # headings as CommonMark reads them: ATX and Setext, also inside an indented block
        headings = {b.start: b for b in self.blocks if b.kind == "heading" and b.label}
        underlines = {
            b.end + 1
            for b in headings.values()
            if b.end + 1 in self.by_number
            and re.fullmatch(r" {0,3}(?:=+|-+)\s*", self.by_number[b.end + 1].text)
        }
        markdown = bool(headings)
        topic = section_topic = "other"
        levels: list[tuple[int, str]] = []
        after_blank = False
        for position, line in enumerate(self.lines):
            if line.blank:
                after_blank = True
                continue
            if (
                after_blank
                and topic != section_topic
                and not strip_marker(line.text)[1]
                and line.indent == 0
            ):
                topic = section_topic
            after_blank = False
            if line.number in underlines:
                st.headings.add(line.number)
                continue
            block = headings.get(line.number)
            heading = unemphasize(block.label) if block is not None and block.label else None
            bold = bold_line(line.text)
            if heading is None and not markdown:
                heading = bold if bold is not None else self._pseudo_heading(position)
                bold = None
            if heading is not None:
                st.sections.append((line.number, heading))
                st.headings.add(line.number)
                level = block.level if block is not None else 7
                while levels and levels[-1][0] >= level:
                    levels.pop()
                own = topic_of(heading)
                inherited = levels[-1][1] if levels and levels[-1][1] in INHERITED else None
                topic = section_topic = own or inherited or "other"
                levels.append((level, topic))
                st.section_of[line.number] = None
                st.topic[line.number] = topic
                continue
            st.section_of[line.number] = (
                (len(st.sections), st.sections[-1][1]) if st.sections else None
            )
            label = bold if bold is not None else self._label(line)
            if label is not None:
                st.labels[line.number] = label
                topic = topic_of(label) or topic
            st.topic[line.number] = topic
        return st

    def _pseudo_heading(self, position: int) -> str | None:
        """In a post without Markdown headings: a short standalone line that reads as a title."""
        line = self.lines[position]
        text = line.text.strip()
        _, listed = strip_marker(line.text)
        if (
            listed
            or not text
            or len(text.split()) > 10
            or text[-1] in ".,;!?"
            or not text[0].isupper()
        ):
            return None
        before = self.lines[position - 1] if position > 0 else None
        after = self.lines[position + 1] if position + 1 < len(self.lines) else None
        if (before is None or before.blank) and (after is None or after.blank):
            return text
        return None

    def _label(self, line: Line) -> str | None:
        """A short line ending in a colon ('In the room:'), or a ballot status group."""
        text = content_of(line)
        words = text.split()
        if text.endswith(":") and 0 < len(words) <= 8:
            return text
        if (
            0 < len(words) <= 6
            and STATUS_GROUP.match(text.rstrip(":"))
            and not re.search(r"\bnone\b|^no\b", text, re.I)
        ):
            return text
        return None

    def _lines_in(self, topic: str) -> list[Line]:
        return [
            line
            for line in self.lines
            if not line.blank
            and self.structure.topic.get(line.number) == topic
            and line.number not in self.structure.headings
        ]

    # --- people -------------------------------------------------------------------------------

    def who(self, token: str, line: int, report: bool = True, unknown: bool = True) -> str | None:
        """The full name of a person the minutes name (often by first name only), when clear."""
        token = " ".join(token.strip(" .,:;()[]").split())
        if not token:
            return None
        person = resolve_person(self.index, token)
        if person is not None:
            return person.name
        names = [a.name for a in self.attendees]
        found = match_name(token, names)
        if found is None:
            pool = [n for p in self.index.roster.people for n in (p.name, *p.aliases)]
            found = match_name(token, pool)
            if found is not None:
                person = resolve_person(self.index, found)
                found = person.name if person else found
        if found is not None:
            return found
        words = token.split()
        plain = all(re.fullmatch(r"[^\W\d_][\w'’-]*", w) for w in words)
        if unknown and len(words) >= 2 and plain and all(w[0].isupper() for w in words):
            if report and self.index.has_roster:
                self.findings.append(unknown_person(self.index, self.source, line, token))
            return token
        return None


INHERITED = ("ballots", "membership", "minutes", "aob", "attendance")


def heading_level(text: str) -> int:
    match = re.match(r"^ {0,3}(#{1,6})\s", text)
    return len(match.group(1)) if match else 7


def match_name(token: str, names: list[str]) -> str | None:
    """The one name among `names` that a first name, a last name or 'First L.' points to."""
    folded = fold(token)
    exact = {n for n in names if fold(n) == folded}
    if len(exact) == 1:
        return exact.pop()
    words = folded.replace(".", " ").split()
    if not words:
        return None
    matches: set[str] = set()
    for name in names:
        parts = fold(name).replace(".", " ").split()
        if not parts:
            continue
        if len(words) == 1:
            if (
                words[0] == parts[0]
                or words[0] == parts[-1]
                or (len(words[0]) >= 4 and parts[0].startswith(words[0]))
            ):
                matches.add(name)
        elif (
            len(words) == 2
            and len(words[1]) == 1
            and parts[0] == words[0]
            and parts[-1].startswith(words[1])
        ):
            matches.add(name)
    people = {fold(m) for m in matches}
    return sorted(matches)[0] if len(people) == 1 else None


def in_parentheses(text: str, position: int) -> bool:
    return text[:position].count("(") > text[:position].count(")")


def leftover(
    text: str, filler: set[str], names: list[str] | None = None, dates: bool = False
) -> str:
    """What is left of a line after its structured parts and filler words are taken out."""
    for name in names or []:
        text = text.replace(name, " ")
    if dates:
        for mention in reversed(find_dates(text)):
            text = text[: mention.start] + " " + text[mention.end :]
    text = re.sub(r"\(as noted\)|^\d+\.", " ", text)
    words = [w for w in re.split(r"[\s,;]+", text.strip().lower()) if w]
    rest = [
        w for w in words if w.strip(".:!()") not in filler and w.strip(".:!()") and w not in filler
    ]
    return " ".join(rest)
