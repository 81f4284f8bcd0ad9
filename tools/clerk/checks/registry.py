"""The registry of cross-record checks: each is a generator with a stable id, yielding findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from clerk.findings import DocPath, Finding, Severity
from clerk.repository import Index

Check = Callable[[Index], Iterator[Finding]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(func: Check) -> Check:
        CHECKS[name] = func
        return func

    return register


def finding(
    check_id: str,
    file: str,
    path: DocPath,
    message: str,
    severity: Severity = Severity.ERROR,
    at_key: bool = False,
) -> Finding:
    return Finding(
        file=file,
        check=check_id,
        message=message,
        severity=severity,
        doc_path=path,
        at_key=at_key,
    )


def run_checks(index: Index) -> list[Finding]:
    """Every registered check over the whole index (the submodules register when imported)."""
    out: list[Finding] = []
    index.forget_derived()  # the records may have changed since the last run
    for func in CHECKS.values():
        out.extend(func(index))
    return out
