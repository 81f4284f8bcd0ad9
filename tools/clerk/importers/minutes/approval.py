"""Which earlier meetings' minutes a post says were approved."""

from __future__ import annotations

import re

from clerk.importers.dates import (
    find_dates,
)
from clerk.importers.forum import (
    heading_text,
    strip_marker,
    unemphasize,
)
from clerk.importers.minutes.base import (
    MinutesBase,
    in_parentheses,
    leftover,
)

_APPROVAL_NEGATION = re.compile(
    r"\bnot\b|\bpending\b|\bdeferred\b|\bdeffered\b|\bstill\b|\bnot yet\b|\bawait|\bpostponed\b",
    re.I,
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


class ApprovalPart(MinutesBase):
    """Approved minutes, by date."""

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
            if days and not opener and leftover(text, _APPROVAL_FILLER, dates=True) == "":
                self.kept.discard(line.number)
        return approved

    def _mentioned_dates(self, text: str) -> list[str]:
        out = []
        for mention in find_dates(text):
            if _DISTRIBUTION.search(text[: mention.start]) or in_parentheses(text, mention.start):
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
