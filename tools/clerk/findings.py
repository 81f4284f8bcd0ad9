"""Findings: what a check says about a record, and the errors commands map to exit codes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

# A path into a YAML document: mapping keys and sequence indexes, as jsonschema reports them.
DocPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file. `doc_path` is kept until the line is resolved from it."""

    file: str
    line: int = 0
    column: int = 0
    check: str = ""
    message: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)
    doc_path: DocPath | None = field(default=None, compare=False, repr=False)
    at_key: bool = field(default=False, compare=False, repr=False)

    def located(self, line: int, column: int) -> Finding:
        return replace(self, line=line, column=column)

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


def errors_of(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that fail a run (not its warnings and notices)."""
    return [f for f in findings if f.severity is Severity.ERROR]


def run_summary(records: int, findings: list[Finding], seconds: float) -> dict[str, float | int]:
    """What `validate` and `check-pr` report of a run: records checked, findings, errors, time."""
    return {
        "records": records,
        "findings": len(findings),
        "errors": len(errors_of(findings)),
        "seconds": round(seconds, 3),
    }


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sorted by file and line, errors before warnings at the same place."""
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}
    return sorted(
        findings, key=lambda f: (f.file, f.line, f.column, order[f.severity], f.check, f.message)
    )


def suggest(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean "X"?)' for the closest candidate, or '' when nothing is close."""
    pool = list(candidates)
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = [lowered[c] for c in difflib.get_close_matches(word.lower(), lowered, n=1)]
    return f' (did you mean "{close[0]}"?)' if close else ""


class ClerkError(Exception):
    """A failed operation the user can fix; the CLI prints the message and exits 1."""

    exit_code = 1

    def __init__(self, message: str, *, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = findings or []


class UsageError(ClerkError):
    """Bad command-line input; exit code 2."""

    exit_code = 2
