"""The ballot reader's common ground: the post, its headings, and the shapes its parts share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from clerk.findings import Finding
from clerk.importers.dates import (
    utc_text,
)
from clerk.importers.forum import (
    Post,
    PostReader,
    finding,
    heading_text,
    ordered,
)
from clerk.repository import Index

VOTE_WORDS = {"YES": "yes", "NO": "no", "ABSTAIN": "abstain"}
# Short names of well-known Forum documents, for motions that do not spell out the full title.
DOCUMENT_HINTS = {
    "BR": (r"Baseline Requirements", r"\bBRs?\b", r"\bTBRs?\b"),
    "EVG": (r"Extended Validation", r"\bEV Guidelines\b", r"\bEVGs?\b"),
    "NCSSR": (
        r"Network and Certificate System Security",
        r"\bNCSSRs?\b",
        r"Network Security Requirements",
    ),
}

VOTE_LINE = re.compile(
    r"^(?P<count>\d+)\s+(?:(?:Issuers?|Consumers?|Members?|Voting Members?)\s+)?(?:voting\s+)?"
    r"(?P<kind>YES|NO|ABSTAIN)\b\s*:?\s*(?P<list>.*)$"
)
TOTAL = re.compile(r"^(?P<total>\d+)\s+votes?\s+(?:in\s+)?total\b(?P<rest>.*)$", re.I)
CLAIM = re.compile(r"This requirement was\s+\**\s*(?P<claim>NOT MET|MET)\b", re.I)
OUTCOME = re.compile(r"(?:\bThe\s+)?\bballot has:?\s*\**\s*(?P<outcome>PASSED|FAILED)\b", re.I)
PERSON_LIST = re.compile(
    r"\b(?:proposed|written|authored|submitted|introduced) by\s+(?P<proposers>.+?)\s*,?\s+and\s+"
    r"(?:is\s+|was\s+)?endorsed by\s+(?P<endorsers>.+?)"
    r"\s*(?:\.\s|\.$|$)"
)
PULL_REQUEST = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+/pull/\d+(?:/files)?")
COMPARE = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+/compare/[^\s)\]>\"'<]+")
BOILERPLATE = (
    re.compile(r"^(?:\d+\.\s*)?Bylaws?\s+2\.3\(\d\)\s+requires:?$", re.I),
    re.compile(r"^A ballot result will be considered valid only when more than half", re.I),
)


@dataclass
class Listed:
    """A vote list in the post: the stated count, the organizations named, where."""

    kind: str
    stated: int
    orgs: list[str]
    line: int
    quote: str


@dataclass
class ClassResult:
    class_id: str
    name: str
    line: int
    total: int | None = None
    total_quote: str = ""
    no_abstentions: bool = False
    lists: list[Listed] = field(default_factory=list)


@dataclass
class Period:
    start: datetime | None = None
    end: datetime | None = None
    end_definite: bool = True
    bound_words: str = ""
    days: int | None = None
    at_least: bool = False
    line: int = 0
    label: str = ""


class BallotBase(PostReader):
    """The post and its sections: what every part of the reader uses."""

    def __init__(self, post: Post, index: Index, findings: list[Finding]) -> None:
        super().__init__(post, index, findings)
        self.headings: dict[int, str] = {}
        self.section_of: dict[int, tuple[int, str] | None] = {}
        current: tuple[int, str] | None = None
        for line in self.lines:
            head = heading_text(line.text)
            if head is not None:
                current = (line.number, head)
                self.headings[line.number] = head
                self.kept.discard(line.number)
            self.section_of[line.number] = current if head is None else None

    def inconsistent(self, line: int, message: str) -> None:
        self.findings.append(finding(self.source, line, "import-inconsistent", message))


def period_data(period: Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    data = {"start": utc_text(period.start) if period.start else None}
    if period.end and period.end_definite:
        data["end"] = utc_text(period.end)
    return ordered(data, ("start", "end")) or None


def bounds_of(periods: tuple[Period | None, ...]) -> dict[str, dict[str, str]] | None:
    out = {}
    for name, period in zip(("discussion", "voting", "review"), periods, strict=True):
        if period is not None and period.end is not None and not period.end_definite:
            out[name] = {"not_before": utc_text(period.end), "words": period.bound_words}
    return out or None


def plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def short_quote(quote: str) -> str:
    """A requirement sentence shortened to its opening words and its claim."""
    if len(quote) <= 160:
        return quote
    claim = CLAIM.search(quote)
    tail = quote[claim.start() :] if claim else quote[-40:]
    head = quote[: claim.start() if claim else 60]
    words = head.split()
    opening = " ".join(words[:10])
    return f"{opening} … {tail}" if len(words) > 10 else f"{head.strip()} {tail}"


def duration_text(delta: timedelta) -> str:
    days = delta.total_seconds() / 86400
    return f"{days:g} days" if days != int(days) else f"{int(days)} days"
