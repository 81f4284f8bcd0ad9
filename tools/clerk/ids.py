"""Ballot ids: every spelling people type (SC-86, SC 86, sc-086, SC086v3) to the canonical one."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BallotId:
    number: int
    version: int | None = None


@dataclass(frozen=True)
class IdFormat:
    """The body's id form: prefix and zero-padded digits (SC + 3 gives SC086)."""

    prefix: str = "SC"
    digits: int = 3

    def _pattern(self) -> re.Pattern[str]:
        return re.compile(
            rf"^\s*(?:ballot\s+)?{re.escape(self.prefix)}[\s_-]*0*(\d+)\s*(?:[\s-]*v(\d+))?\s*$",
            re.IGNORECASE,
        )

    def parse(self, text: str) -> BallotId | None:
        match = self._pattern().match(text)
        if not match:
            return None
        version = int(match.group(2)) if match.group(2) else None
        return BallotId(int(match.group(1)), version)

    def canonical(self, text: str) -> str | None:
        """The canonical id for any accepted spelling, without version; None if not an id."""
        parsed = self.parse(text)
        return self.format(parsed.number) if parsed else None

    def format(self, number: int) -> str:
        return f"{self.prefix.upper()}{number:0{self.digits}d}"

    def number(self, canonical_id: str) -> int | None:
        parsed = self.parse(canonical_id)
        return parsed.number if parsed else None

    def find_all(self, text: str) -> list[str]:
        """Every ballot id mentioned in free text, canonical, in order of first mention."""
        pattern = re.compile(
            rf"\b{re.escape(self.prefix)}[\s-]?0*(\d{{1,4}})(?:v\d+)?\b", re.IGNORECASE
        )
        seen: list[str] = []
        for match in pattern.finditer(text):
            found = self.format(int(match.group(1)))
            if found not in seen:
                seen.append(found)
        return seen
