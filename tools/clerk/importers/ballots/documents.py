"""Guideline kind, documents changed, versions, pull request and redline."""

from __future__ import annotations

import re
from typing import Any

from clerk.findings import Severity
from clerk.importers.ballots.base import (
    COMPARE,
    DOCUMENT_HINTS,
    PULL_REQUEST,
    BallotBase,
)
from clerk.importers.forum import (
    content_of,
    finding,
    ordered,
)


class DocumentsPart(BallotBase):
    """What the ballot changes."""

    def _guideline(self) -> str | None:
        for line in self.lines:
            text = content_of(line)
            match = re.search(r"proposes an? Final (Maintenance )?Guidelines?\b", text, re.I)
            if match:
                if re.fullmatch(
                    r"This ballot proposes an? Final (?:Maintenance )?Guidelines?(?: for [^.]*)?\. "
                    r"The procedure for (?:approval of )?this ballot is as follows:",
                    text,
                ):
                    self.kept.discard(line.number)
                return "final-maintenance-guideline" if match.group(1) else "final-guideline"
        for line in self.lines:
            match = re.search(r"is for one Final (Maintenance )?Guideline", line.text, re.I)
            if match:
                return "final-maintenance-guideline" if match.group(1) else "final-guideline"
        return None

    def _motion(self) -> str:
        text = "\n".join(line.text for line in self.lines)
        match = re.search(r"motion begins(?P<body>.*?)motion ends", text, re.I | re.S)
        return match.group("body") if match else text

    def _documents(self) -> list[str]:
        motion = self._motion()
        found: list[tuple[int, str]] = []
        for key, title in self.index.rules.documents.items():
            patterns = [re.escape(title), *DOCUMENT_HINTS.get(key, ()), rf"\b{re.escape(key)}s?\b"]
            positions = [m.start() for p in patterns for m in re.finditer(p, motion)]
            if positions:
                found.append((min(positions), key))
        return [key for _, key in sorted(found)]

    def _versions(self, version: int | None) -> list[dict[str, Any]]:
        last = version or 1
        text = "\n".join(line.text for line in self.lines)
        pulls = list(dict.fromkeys(PULL_REQUEST.findall(text)))
        pull = None
        for line in self.lines:
            found = PULL_REQUEST.findall(line.text)
            if found and re.search(r"pull request|\bPR\b", line.text, re.I):
                pull = found[0]
                break
        if pull is None and len(pulls) == 1:
            pull = pulls[0]
        compares = COMPARE.findall(self._motion()) or COMPARE.findall(text)
        compare = self._clean_url(compares[-1]) if compares else None
        versions: list[dict[str, Any]] = [{"version": n} for n in range(1, last)]
        versions.append(
            ordered(
                {"version": last, "pull_request": pull, "compare": compare},
                ("version", "pull_request", "compare"),
            )
        )
        return versions

    def _clean_url(self, url: str) -> str:
        cleaned = url.replace("%E2%80%A6", "...").replace("…", "...").rstrip(".,;")
        if cleaned != url.rstrip(".,;"):
            line = next((ln.number for ln in self.lines if url in ln.text), 1)
            self.findings.append(
                finding(
                    self.source,
                    line,
                    "import-url-repaired",
                    f"the redline link has an ellipsis character ('…') where a compare view needs "
                    f"'...'; the record has {cleaned}.",
                    Severity.NOTICE,
                )
            )
        return cleaned
