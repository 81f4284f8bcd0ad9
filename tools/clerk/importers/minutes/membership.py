"""Membership applications and their decisions."""

from __future__ import annotations

import re

from clerk.importers.forum import (
    strip_marker,
    unemphasize,
)
from clerk.importers.minutes.base import (
    SENTENCE_START,
    MinutesBase,
)


class MembershipPart(MinutesBase):
    """Applicants and decisions."""

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
            if "," in outside or len(outside.split()) > 8 or re.match(SENTENCE_START, org):
                continue
            out.append({"org": org, "decision": match.group("decision").strip()})
            self.kept.discard(line.number)
        return out
