"""Membership applications and their decisions."""

from __future__ import annotations

import re

from clerk.findings import Severity
from clerk.importers.forum import (
    finding,
    strip_marker,
    unemphasize,
)
from clerk.importers.minutes.base import (
    SENTENCE_START,
    MinutesBase,
    topic_of,
)

_NOT_AN_APPLICANT = re.compile(
    r"^(?:outcome|decision|result|status|vote|voting|motion|note|notes|update|discussion|action"
    r"|applicants?|applications?|summary|next steps?|conclusion|resolution|comments?)$",
    re.I,
)


_NONE = re.compile(r"^(?:none|no\b.*|n/?a)\.?$", re.I)


class MembershipPart(MinutesBase):
    """Applicants and decisions."""

    def _membership(self) -> list[dict[str, str]]:
        """Applications listed as 'Applicant: decision' (or nested under 'Applicant:')."""
        out: list[dict[str, str]] = []
        applicant: tuple[str, int, int] | None = None
        named: tuple[str, int, int] | None = None  # a listed line that only names an applicant
        level: int | None = None  # the indent of a "Membership:" item of a numbered agenda
        done = False  # that item said None: its level's next items are the next agenda's
        item_section: tuple[int, str] | None = None
        for line in self._lines_in("membership"):
            text, listed = strip_marker(line.text)
            text = unemphasize(text)
            section = self.structure.section_of.get(line.number)
            if level is not None and section != item_section:
                level, done = None, False  # a heading of its own: a new membership section
            if line.number in self.structure.labels:
                label = text.rstrip(":").strip()
                applicant = (
                    (label, line.indent, line.number) if listed and text.endswith(":") else None
                )
                membership_item = listed and topic_of(label) == "membership"
                level, done = (line.indent, False) if membership_item else (None, False)
                item_section = section
                continue
            if not listed:
                continue
            if level is not None and line.indent <= level and (done or _NONE.match(text)):
                done = True  # "1. Membership: / 1. None / 1. Other business"
                continue
            if applicant and line.indent > applicant[1]:
                out.append({"org": applicant[0], "decision": text})
                self.kept.discard(line.number)
                self.kept.discard(applicant[2])
                continue
            applicant = None
            match = re.match(r"^(?P<org>[^:–]{2,90}?)\s*(?::\s+|\s+[-–]\s+)(?P<decision>.+)$", text)
            if not match:
                words = text.rstrip(".").split()
                plain = 0 < len(words) <= 6 and not re.match(SENTENCE_START, text)
                named = (text.rstrip("."), line.indent, line.number) if plain else None
                continue
            org = match.group("org").strip()
            if _NOT_AN_APPLICANT.match(org):
                if named and line.indent > named[1]:
                    out.append({"org": named[0], "decision": match.group("decision").strip()})
                    self.kept -= {line.number, named[2]}
                else:
                    self.findings.append(
                        finding(
                            self.source,
                            line.number,
                            "import-membership-unreadable",
                            f'"{org}:" names no applicant ("{text}"); the line is kept in '
                            "the notes, not recorded as an application.",
                            Severity.NOTICE,
                        )
                    )
                continue
            named = None
            outside = re.sub(r"\([^()]*\)", "", org)
            if "," in outside or len(outside.split()) > 8 or re.match(SENTENCE_START, org):
                continue
            out.append({"org": org, "decision": match.group("decision").strip()})
            self.kept.discard(line.number)
        return out
