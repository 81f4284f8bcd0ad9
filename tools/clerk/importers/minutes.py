"""Forum minutes posts -> meeting records.

The post is read line by line: headings give the sections and the topic of the lines below them;
attendance lists, ballot status items, the Note Well, approved minutes, other business and the next
call are structured; every line that nothing structured goes into `notes` verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from clerk.findings import ClerkError, Finding, Severity
from clerk.importers.attendance import read_attendance
from clerk.importers.forum import (
    NAME,
    ImportResult,
    Line,
    Post,
    PostReader,
    ballot_refs,
    bold_line,
    content_of,
    find_dates,
    finding,
    first_sentence,
    fold,
    heading_text,
    notes_text,
    ordered,
    read_post,
    resolve_org,
    resolve_person,
    sentences,
    strip_marker,
    unemphasize,
    unknown_org,
    unknown_person,
)
from clerk.importers.markdown import parse_blocks
from clerk.repository import Index
from clerk.schema import property_order

# Topics a heading or label can give the lines below it.
_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
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
_GROUP = re.compile(
    r"^(?:(?:in|under|cleared|recently|current(?:ly)?)\b.*|draft\b.*|passed|failed|"
    r"ballots? passed|voting period|discussion period|review period|ipr review.*|"
    r"under pag|other ballots|.*\b(?:considerations?|in progress)\b.*)$",
    re.I,
)
_SPEAKER = re.compile(
    rf"^(?P<name>{NAME})(?:\s*\([^)]*\))?(?:\s*:|\s+(?:said|says|noted|notes|indicated|mentioned|"
    r"explained|reported|stated|confirmed|shared|described|asked|gave|added|proposed|"
    r"suggested|volunteered|updated|will|is|has)\b)"
)
_APPROVAL_NEGATION = re.compile(
    r"\bnot\b|\bpending\b|\bdeferred\b|\bdeffered\b|\bstill\b|\bnot yet\b|\bawait|\bpostponed\b",
    re.I,
)
_NEXT_FILLER = {
    "next",
    "call",
    "call:",
    "call.",
    "meeting",
    "teleconference",
    "is",
    "on",
    "the",
    "scheduled",
    "will",
    "be",
    "held",
    "server",
    "certificate",
    "working",
    "group",
    "-",
    "–",
    "for",
}
_SENTENCE_START = re.compile(
    r"(?:On|In|At|The|A|An|We|It|This|That|There|They|He|She|No|Yes|If|As|For|After|Before)\b"
)
_APPROVAL_FILLER = {
    "the",
    "minutes",
    "minute",
    "of",
    "for",
    "from",
    "meeting",
    "meetings",
    "teleconference",
    "call",
    "were",
    "was",
    "are",
    "is",
    "approved",
    "and",
    "those",
    "previous",
    "approval",
    "-",
    "–",
    ":",
    "they",
    "considered",
}
_DISTRIBUTION = re.compile(
    r"(?:distributed|circulated|sent|ended|published|effective|taken)(?:\s+(?:on|the))?\s*$", re.I
)


@dataclass
class _Attendee:
    name: str
    org: str | None
    line: int


@dataclass
class _Update:
    data: dict[str, str]
    line: int


@dataclass
class _Structure:
    """What each line is: heading, label or text, its section and its topic."""

    sections: list[tuple[int, str]] = field(default_factory=list)
    section_of: dict[int, tuple[int, str] | None] = field(default_factory=dict)
    topic: dict[int, str] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    headings: set[int] = field(default_factory=set)


def import_minutes(text: str, source: str, index: Index) -> ImportResult:
    """A Forum minutes post -> the meeting record, its path and the post's problems."""
    post, findings = read_post(text, source)
    return _Reader(post, index, findings).run()


def topic_of(text: str) -> str | None:
    """Which part of the minutes a heading or label introduces (None: none we structure)."""
    cleaned = re.sub(r"^\s*\d+\.\s*", "", unemphasize(text)).strip()
    for name, pattern in _TOPICS:
        if pattern.search(cleaned):
            return name
    return None


class _Reader(PostReader):
    def __init__(self, post: Post, index: Index, findings: list[Finding]) -> None:
        super().__init__(post, index, findings)
        self.by_number = {line.number: line for line in self.lines}
        body = "\n".join(line.text for line in self.lines)
        self.blocks = parse_blocks(body, self.lines[0].number if self.lines else 1)
        self.structure = self._structure()
        self.attendees: list[_Attendee] = []
        self.meeting_date: date | None = None

    # --- driver -------------------------------------------------------------------------------

    def run(self) -> ImportResult:
        day, title_line = self._date()
        self.meeting_date = day
        kind, number, place = self._kind()
        self.attendees = self._attendees()
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
            "ballots": [u.data for u in self._ballots()],
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
        return ImportResult(path, ordered(record, property_order("meeting")), self.findings)

    # --- structure ----------------------------------------------------------------------------

    def _structure(self) -> _Structure:
        st = _Structure()
        markdown = any(heading_text(line.text) is not None for line in self.lines)
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
            heading = heading_text(line.text)
            bold = bold_line(line.text)
            if heading is None and not markdown:
                heading = bold if bold is not None else self._pseudo_heading(position)
                bold = None
            if heading is not None:
                st.sections.append((line.number, heading))
                st.headings.add(line.number)
                level = _level(line.text)
                while levels and levels[-1][0] >= level:
                    levels.pop()
                own = topic_of(heading)
                inherited = levels[-1][1] if levels and levels[-1][1] in _INHERITED else None
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
            and _GROUP.match(text.rstrip(":"))
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

    # --- title, date, kind --------------------------------------------------------------------

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
                    _level(line.text) == 1
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
        found = _match_name(token, names)
        if found is None:
            pool = [n for p in self.index.roster.people for n in (p.name, *p.aliases)]
            found = _match_name(token, pool)
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

    # --- attendance ---------------------------------------------------------------------------

    def _attendees(self) -> list[_Attendee]:
        read = read_attendance(self.blocks, self.index, self.source)
        self.findings += read.findings
        self.kept -= read.used_lines
        out: list[_Attendee] = []
        for attendee in read.attendees:
            name, org = self._resolve_attendee(attendee.name, attendee.org, attendee.line)
            out.append(_Attendee(name, org, attendee.line))
        return out

    def _resolve_attendee(
        self, name: str, org_text: str | None, line: int
    ) -> tuple[str, str | None]:
        person = resolve_person(self.index, name)
        if person is None and self.index.has_roster:
            self.findings.append(unknown_person(self.index, self.source, line, name))
        org = resolve_org(self.index, org_text) if org_text else None
        if org_text and org is None and self.index.has_roster:
            self.findings.append(unknown_org(self.index, self.source, line, org_text))
        return (person.name if person else name), (org.name if org else org_text)

    # --- opening statement, roles, minutes, next call -----------------------------------------

    def _statement(self) -> dict[str, str] | None:
        kind = None
        reader = None
        for line in self.lines:
            text = heading_text(line.text) or unemphasize(strip_marker(line.text)[0])
            mentions = re.search(r"note[\s-]?well|notewell|anti-?trust", text, re.I)
            if not mentions and (
                self.structure.topic.get(line.number) != "statement" or kind is None
            ):
                continue
            if kind is None:
                kind = (
                    "note-well"
                    if re.search(r"note[\s-]?well|notewell", text, re.I)
                    else "antitrust"
                )
            name = None
            match = re.search(
                rf"\b(?:[Rr]ead|reminded)\s+by\s+(?P<name>{NAME})", text
            ) or re.search(
                rf"^(?:\d+\.\s*)?(?P<name>{NAME})(?:\s*\([^)]*\))?\s+(?:[^.]*?,\s*)?"
                r"(?:read|reminded|reads)\s+(?:the\s+|participants\b|note)",
                text,
            )
            if match and not re.match(r"(?:The|Read|Reading|Note|Meeting)\b", match.group("name")):
                name = self.who(match.group("name"), line.number)
            if name and reader is None:
                reader = name
            if (
                _leftover(
                    text,
                    {
                        "read",
                        "the",
                        "note",
                        "well",
                        "note-well",
                        "notewell",
                        "was",
                        "by",
                        "statement",
                        "reading",
                        "of",
                        "antitrust",
                        "anti-trust",
                        "read:",
                    },
                    names=[match.group("name")] if match else [],
                )
                == ""
            ):
                self.kept.discard(line.number)
            if reader:
                break
        if kind is None:
            return None
        return ordered({"kind": kind, "read_by": reader}, ("kind", "read_by"))

    def _role(self, role: str) -> str | None:
        if role == "chair":
            patterns = [
                rf"\bchaired by\s+(?P<name>{NAME})",
                rf"\bMeeting Ran By:?\s*(?P<name>{NAME})",
                rf"^Chair:?\s+(?P<name>{NAME})",
                rf"\bcalled to order by\s+(?P<name>{NAME})",
            ]
        else:
            patterns = [
                rf"\bMinutes\s+(?:were\s+)?(?:prepared|taken)\s+by:?\s*(?P<name>{NAME})",
                rf"^(?P<name>{NAME})(?:\s*\([^)]*\))?\s+was confirmed as the minute taker",
            ]
        found: list[tuple[str, Line]] = []
        for line in self.lines:
            if line.number in self.structure.headings:
                continue
            text = unemphasize(strip_marker(line.text)[0])
            for pattern in patterns:
                match = next(
                    (
                        m
                        for part in sentences(text)
                        if (m := re.search(pattern, part, re.I if "Ran" in pattern else 0))
                    ),
                    None,
                )
                if match:
                    name = self.who(match.group("name"), line.number)
                    if name:
                        found.append((name, line))
                    break
        names = {name for name, _ in found}
        if len(names) != 1:
            return None
        for _, line in found:
            text = unemphasize(strip_marker(line.text)[0])
            pattern = (
                r"^(?:Meeting Ran By|Chair|Minutes Taken By|Minutes taken by)\s*:?\s*"
                + NAME
                + r"\.?$"
            )
            if re.match(pattern, text, re.I):
                self.kept.discard(line.number)
        return found[0][0]

    def _minutes_approved(self) -> list[str]:
        """Dates of earlier meetings whose minutes the post says were approved."""
        approved: list[str] = []
        implied = False
        pending: list[str] = []
        parents: list[tuple[int, str]] = []
        for line in self.lines:
            if line.blank:
                continue
            text = heading_text(line.text) or unemphasize(strip_marker(line.text)[0])
            topic = self.structure.topic.get(line.number)
            while parents and parents[-1][0] >= line.indent:
                parents.pop()
            parent_text = parents[-1][1] if parents else ""
            parents.append((line.indent, text))
            opener = line.number in self.structure.labels or line.number in self.structure.headings
            if opener:
                implied = topic == "minutes" and bool(
                    re.search(r"\b(?:are|were|is|was)\s+(?:considered\s+)?approved\b", text, re.I)
                )
                if line.number in self.structure.headings:
                    pending = []
            relevant = topic == "minutes" or re.search(
                r"\bminutes?\b", f"{text} {parent_text}", re.I
            )
            if not relevant:
                continue
            says = bool(re.search(r"\bapprov", text, re.I)) or (implied and not opener)
            negated = bool(_APPROVAL_NEGATION.search(text))
            days = self._approved_dates(text, implied and not opener)
            if days:
                approved += [d for d in days if d not in approved]
                pending = []
            else:
                mentioned = self._mentioned_dates(text)
                if mentioned and not says:
                    pending += mentioned
                elif says and not negated and not mentioned and pending:
                    approved += [d for d in pending if d not in approved]
                    pending = []
                    days = ["pending"]
                elif negated:
                    pending = []
            if days and not opener and _leftover(text, _APPROVAL_FILLER, dates=True) == "":
                self.kept.discard(line.number)
        return approved

    def _mentioned_dates(self, text: str) -> list[str]:
        out = []
        for mention in find_dates(text):
            if _DISTRIBUTION.search(text[: mention.start]) or _in_parentheses(text, mention.start):
                continue
            day = mention.resolve(self.meeting_date)
            if day is not None and (self.meeting_date is None or day < self.meeting_date):
                out.append(day.isoformat())
        return out

    def _approved_dates(self, text: str, implied: bool) -> list[str]:
        clauses = re.split(r";|\.\s+|,\s+(?=and\b)|\band those\b|\bwhile\b", text)
        out: list[str] = []
        pending: list[str] = []
        for clause in clauses:
            says = bool(re.search(r"\bapprov", clause, re.I))
            negated = bool(_APPROVAL_NEGATION.search(clause))
            dates = self._mentioned_dates(clause)
            if negated:
                pending = []
                continue
            if dates and (says or implied):
                out += dates
                pending = []
            elif dates:
                pending = dates
            elif says and pending:
                out += pending
                pending = []
        return out

    def _next_meeting(self) -> str | None:
        candidates = self._lines_in("next") + [
            line
            for line in self.lines
            if re.search(
                r"\bnext (?:scheduled )?(?:\w+ )?(?:call|meeting|teleconference)\b", line.text, re.I
            )
        ]
        headings = [
            line
            for line in self.lines
            if line.number in self.structure.headings
            and self.structure.topic.get(line.number) == "next"
        ]
        for line in headings + candidates:
            text = heading_text(line.text) or unemphasize(strip_marker(line.text)[0])
            if re.search(r"cancel", text, re.I):
                continue
            for mention in find_dates(text):
                day = mention.resolve(self.meeting_date, after=True)
                if day is not None and (self.meeting_date is None or day > self.meeting_date):
                    if _leftover(text, _NEXT_FILLER, dates=True) == "":
                        self.kept.discard(line.number)
                    return day.isoformat()
        return None

    # --- membership, other business, action items ---------------------------------------------

    def _membership(self) -> list[dict[str, str]]:
        """Applications listed as 'Applicant: decision' (or nested under 'Applicant:')."""
        out: list[dict[str, str]] = []
        applicant: tuple[str, int, int] | None = None
        for line in self._lines_in("membership"):
            text, listed = strip_marker(line.text)
            text = unemphasize(text)
            if line.number in self.structure.labels:
                label = text.rstrip(":").strip()
                applicant = (
                    (label, line.indent, line.number) if listed and text.endswith(":") else None
                )
                continue
            if not listed:
                continue
            if applicant and line.indent > applicant[1]:
                out.append({"org": applicant[0], "decision": text})
                self.kept.discard(line.number)
                self.kept.discard(applicant[2])
                continue
            applicant = None
            match = re.match(r"^(?P<org>[^:–]{2,90}?)\s*(?::\s+|\s+[-–]\s+)(?P<decision>.+)$", text)
            if not match:
                continue
            org = match.group("org").strip()
            outside = re.sub(r"\([^()]*\)", "", org)
            if "," in outside or len(outside.split()) > 8 or re.match(_SENTENCE_START, org):
                continue
            out.append({"org": org, "decision": match.group("decision").strip()})
            self.kept.discard(line.number)
        return out

    def _other_business(self) -> str | None:
        lines = [
            ln
            for ln in self._lines_in("aob")
            if ln.number not in self.structure.labels
            or topic_of(self.structure.labels[ln.number]) != "aob"
        ]
        if lines:
            for line in lines:
                self.kept.discard(line.number)
            return "\n".join(line.text.strip() for line in lines)
        for line in self.lines:
            text = unemphasize(strip_marker(line.text)[0])
            match = re.search(r"\b(?:any )?other business\s*:\s*(?P<rest>\S.*)$", text, re.I)
            if match and line.number not in self.structure.headings:
                if re.match(r"^(?:\d+\.\s*)?(?:any )?other business\s*:", text, re.I):
                    self.kept.discard(line.number)
                return match.group("rest").strip()
            if re.search(r"\bno other business\b|\bother business:\s*none\b", text, re.I):
                self.kept.discard(line.number)
                return text.strip()
        return None

    def _action_items(self) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for line in self.lines:
            text = unemphasize(strip_marker(line.text)[0])
            match = re.match(
                rf"^Action(?: Item)?s?:\s*(?P<name>{NAME})\s+(?P<text>(?:will|to)\b.+)$", text
            )
            if not match:
                continue
            owner = self.who(match.group("name"), line.number)
            if owner is None:
                continue
            out.append({"owner": owner, "text": f"{match.group('name')} {match.group('text')}"})
            self.kept.discard(line.number)
        return out

    # --- ballot status ------------------------------------------------------------------------

    def _ballots(self) -> list[_Update]:
        """Ballot status updates: one per item naming a ballot or a draft."""
        lines = [
            line
            for line in self.lines
            if not line.blank and self.structure.topic.get(line.number) == "ballots"
        ]
        if not lines:
            return []
        sub_headings = {
            ln.number: heading_text(ln.text) or ""
            for ln in lines
            if ln.number in self.structure.headings
            and topic_of(heading_text(ln.text) or "") != "ballots"
        }
        lines = [
            ln
            for ln in lines
            if ln.number not in self.structure.headings or ln.number in sub_headings
        ]
        listed = [ln for ln in lines if strip_marker(ln.text)[1]]
        top = min((ln.indent for ln in listed), default=0)
        updates: list[_Update] = []
        group: tuple[str, int | None] | None = None
        current: _Update | None = None
        current_listed = False
        group_line: int | None = None
        continued = 0
        for line in lines:
            text = unemphasize(strip_marker(line.text)[0])
            is_list = strip_marker(line.text)[1]
            if group and group[1] is not None and line.indent <= group[1]:
                group = None
            refs = ballot_refs(text, self.index)
            starts = bool(refs) and refs[0].start <= 1
            if (line.number in self.structure.labels or line.number in sub_headings) and not starts:
                label = (
                    (self.structure.labels.get(line.number) or sub_headings[line.number])
                    .rstrip(":")
                    .strip()
                )
                if _GROUP.match(label) and not re.search(r"\bnone\b|^no\b", label, re.I):
                    group = (label, line.indent if is_list else None)
                    group_line = None if line.number in sub_headings else line.number
                elif re.search(r"ballot", label, re.I):
                    group = (label, line.indent if is_list else None)
                    group_line = None
                current = None
                continue
            name = group[0] if group else None
            update = None
            owns_list = current is not None and not current_listed
            if starts or (
                is_list
                and line.indent <= top
                and not owns_list
                and (refs or self._draft_name(text, name))
            ):
                update = self._update(text, refs, name, line)
            if update is not None:
                if group and group_line is not None and "note" in update.data:
                    self.kept.discard(group_line)
                updates.append(update)
                current, continued, current_listed = update, 0, is_list
                continue
            if is_list and line.indent <= top and not owns_list:
                current = None
                continue
            if current is None:
                continue
            continued += 1
            if continued == 1:
                self._continue(current, text, line, name)
        return updates

    def _continue(self, update: _Update, text: str, line: Line, group: str | None) -> None:
        """The first line below an item: its speaker owns the update; it is the note if none."""
        data = dict(update.data)
        speaker = _SPEAKER.match(text)
        if "owner" not in data and speaker:
            owner = self.who(speaker.group("name"), line.number, report=False, unknown=False)
            if owner:
                data["owner"] = owner
        if data.get("note", "") in ("", group):
            note = first_sentence(text)
            data["note"] = f"{group}: {note}" if group else note
            if note == text.strip():
                self.kept.discard(line.number)
        update.data = _ordered_update(data)

    def _update(self, text: str, refs: list[Any], group: str | None, line: Line) -> _Update | None:
        data: dict[str, str] = {}
        ref = refs[0] if refs else None
        drafty = bool(group and re.search(r"draft|consideration|progress", group, re.I))
        if ref is not None and ref.canonical and ref.start > 1 and drafty:
            ref = None
        if ref is not None and ref.canonical:
            data["ballot"] = ref.canonical
            rest = text[ref.end :] if ref.start <= 1 else text
        else:
            name = self._draft_name(text, group)
            if not name:
                return None
            data["draft"] = self._draft_slug(name)
            rest = text[ref.end :] if ref is not None and ref.start <= 1 else text
        rest = re.sub(r"^[\s:–—.-]+", "", rest).strip()
        owner = self._owner(text, line.number)
        if owner:
            data["owner"] = owner
        note = first_sentence(rest) if rest else ""
        if group:
            note = f"{group}: {note}" if note else group
        if note:
            data["note"] = note
        if not rest or rest == first_sentence(rest):
            self.kept.discard(line.number)
        return _Update(_ordered_update(data), line.number)

    def _owner(self, text: str, line: int) -> str | None:
        for match in re.finditer(r"\(([^()]+)\)", text):
            inner = match.group(1).strip()
            if re.fullmatch(rf"{NAME}", inner) and not re.search(
                r"\d|\b(?:ended|ends|now|under|IPR|PR)\b", inner
            ):
                who = self.who(inner, line, report=False, unknown=False)
                if who:
                    return who
        speaker = _SPEAKER.match(text)
        if speaker:
            return self.who(speaker.group("name"), line, report=False, unknown=False)
        refs = ballot_refs(text, self.index)
        if refs and refs[0].start <= 1:
            after = re.sub(r"^[\s:–—.-]+", "", text[refs[0].end :])
            for sentence in sentences(after)[:2]:
                speaker = _SPEAKER.match(sentence)
                if speaker and not re.match(r"(?:The|This|It|Ballot)\b", speaker.group("name")):
                    found = self.who(speaker.group("name"), line, report=False, unknown=False)
                    if found:
                        return found
        return None

    def _draft_name(self, text: str, group: str | None) -> str | None:
        refs = ballot_refs(text, self.index)
        drafty = bool(group and re.search(r"draft|consideration|progress", group, re.I))
        if refs and refs[0].canonical and refs[0].start > 1 and drafty:
            refs = []
        if refs and refs[0].canonical is None and refs[0].start <= 1:
            rest = re.sub(r"^[\s:–—.-]+", "", text[refs[0].end :])
            inner = re.match(r"^\(([^()]+)\)", rest)
            if inner:
                return inner.group(1).strip()
            name = re.split(r"\s+\(|:\s|\s[-–—]\s|\.\s", rest)[0].strip(" .:")
            return name or None
        if refs and refs[0].canonical:
            return None
        text = first_sentence(text, 1000)
        quoted = re.search(
            r"[\"“]([^\"”]{3,80})[\"”]\s+ballot\b|\bballot\s+[\"“]([^\"”]{3,80})[\"”]", text
        )
        if quoted:
            return (quoted.group(1) or quoted.group(2)).strip()
        named = re.search(
            r"\b(?:the|an?)\s+((?:(?!(?:the|a|an|of)\b)[\w/.-]+\s+){0,4}?(?!(?:the|a|an|of)\b)[\w/.-]+)"
            r"\s+ballot\b(?!s)",
            text,
            re.I,
        )
        if named and named.group(1).lower() not in (
            "new",
            "next",
            "this",
            "that",
            "same",
            "current",
            "draft",
        ):
            return named.group(1)
        purpose = re.search(
            r"\ba ballot\b[^.]*?\bto\s+((?:[\w-]+\s+){1,8}?[\w-]+)(?=,|\.|\s+as\b|\s+and\b|$)", text
        )
        if purpose:
            return purpose.group(1)
        if group and re.search(r"draft|consideration|progress", group, re.I):
            name = re.split(r"\s+\(|:\s|\s[-–—]\s|\s:\s", text)[0].strip(" .:")
            if 0 < len(name.split()) <= 12:
                return name
        titled = re.match(r"^([^:]{3,60}):\s+\S", text)
        if titled and not _SPEAKER.match(text):
            words = titled.group(1).split()
            capitalized = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
            if len(words) <= 6 and capitalized >= 0.6 * len(words):
                return titled.group(1).strip()
        return None

    def _draft_slug(self, name: str) -> str:
        """The slug of the draft record the name points to, else the name itself."""
        wanted = _stems(name)
        if not wanted:
            return name
        scored: list[tuple[float, str]] = []
        for ballot in self.index.ballots:
            if ballot.id or not ballot.slug:
                continue
            have = _stems(f"{ballot.slug.replace('-', ' ')} {ballot.title}")
            scored.append((len(wanted & have) / len(wanted), ballot.slug))
        scored.sort(reverse=True)
        if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1]
        return name


_STOP = {"the", "a", "an", "of", "for", "in", "on", "to", "and", "or", "ballot", "use", "with"}


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return {w[:5] for w in words if w not in _STOP}


_INHERITED = ("ballots", "membership", "minutes", "aob", "attendance")


def _level(text: str) -> int:
    match = re.match(r"^ {0,3}(#{1,6})\s", text)
    return len(match.group(1)) if match else 7


def _ordered_update(data: dict[str, str]) -> dict[str, str]:
    return ordered(data, ("ballot", "draft", "owner", "note"))


def _match_name(token: str, names: list[str]) -> str | None:
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


def _in_parentheses(text: str, position: int) -> bool:
    return text[:position].count("(") > text[:position].count(")")


def _leftover(
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


