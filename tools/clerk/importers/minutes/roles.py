"""The Note Well, the chair and minute taker, the next call, other business, action items."""

from __future__ import annotations

import re

from clerk.importers.dates import (
    find_dates,
)
from clerk.importers.forum import (
    Line,
    heading_text,
    ordered,
    sentences,
    strip_marker,
    unemphasize,
)
from clerk.importers.minutes.base import (
    MinutesBase,
    leftover,
    topic_of,
)
from clerk.importers.names import (
    NAME,
)

# A statement the minutes say was not read: "(* not needed)", "skipped", "waived".
_NOT_READ = re.compile(r"\bnot\s+(?:needed|read|required)\b|\bskipped\b|\bwaived\b", re.I)

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


class RolesPart(MinutesBase):
    """Who read, chaired and took the minutes; what comes next."""

    def _statement(self) -> dict[str, str] | None:
        kind = None
        reader = None
        for line in self.lines:
            text = heading_text(line.text) or unemphasize(strip_marker(line.text)[0])
            mentions = re.search(r"note[\s-]?well|notewell|anti-?trust", text, re.I)
            if mentions and _NOT_READ.search(text):
                continue  # "Read Note-well (not needed)": no statement was read
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
                leftover(
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
                    if leftover(text, _NEXT_FILLER, dates=True) == "":
                        self.kept.discard(line.number)
                    return day.isoformat()
        return None

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
