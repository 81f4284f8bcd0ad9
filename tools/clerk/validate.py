"""`clerk validate`: schema and cross-record checks over the repository, all findings at once."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from clerk.findings import Finding, Severity, errors_of, run_summary, sort_findings
from clerk.repository import Index, load_index, open_index
from clerk.yamledit import Locator


@dataclass
class Validation:
    index: Index
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> list[Finding]:
        return errors_of(self.findings)

    def summary(self) -> dict[str, float | int]:
        return run_summary(self.index.files_checked, self.findings, self.seconds)


def locate_all(index: Index, findings: Iterable[Finding]) -> list[Finding]:
    """Resolve every finding's document path to its line and column."""
    locator = Locator(index.text)
    out = []
    for item in findings:
        if item.doc_path is not None and not item.line:
            line, column = locator.locate(item.file, item.doc_path, item.at_key)
            item = item.located(line, column)
        elif not item.line:
            item = item.located(1, 1)
        out.append(item)
    return out


def validate(root: Path, paths: Iterable[str] | None = None) -> Validation:
    """Every record and cross-record check, or (with `paths`) the checks of those files alone:
    they read the rules, the roster, the named files and the records those refer to."""
    from clerk.checks import run_checks

    started = time.perf_counter()
    if paths is None:
        index = load_index(root)
    else:
        index = open_index(root)
        index.scope = frozenset(_relative(root, p) for p in paths)
        for relpath in sorted(index.scope):
            index.record(relpath)
    findings = list(index.findings)
    broken = _broken_foundations(findings)
    if broken:
        # Every other record is read through the rules and the roster: while either is broken,
        # its own findings are the whole report (even for `validate PATH`: the paths cannot
        # be judged), not the cascade they would cause elsewhere.
        findings = broken
    else:
        findings += run_checks(index)
        if index.scope is not None:
            findings = [f for f in findings if f.file in index.scope]
    if index.scope is not None:
        index.files_checked = len(index.scope)
    located = sort_findings(locate_all(index, findings))
    return Validation(index, located, time.perf_counter() - started)


def refuse_broken_foundations(index: Index) -> None:
    """Stop a command that would act on rules or a roster that did not load: it would act on
    Clerk's defaults instead, and say nothing."""
    from clerk.findings import ClerkError

    broken = _broken_foundations(index.findings)
    if broken:
        files = " and ".join(sorted({f.file for f in broken}))
        raise ClerkError(
            f"{files} does not validate; fix it first (clerk validate lists every finding).",
            findings=sort_findings(locate_all(index, broken)),
        )


def _broken_foundations(findings: list[Finding]) -> list[Finding]:
    """The errors of governance.yaml and members.yaml, if either file is broken."""
    from clerk.records import GOVERNANCE_FILE, MEMBERS_FILE

    return [
        f
        for f in findings
        if f.file in (GOVERNANCE_FILE, MEMBERS_FILE)
        and f.severity is Severity.ERROR
        and f.check != "repository-layout"
    ]


def _relative(root: Path, path: str) -> str:
    """PATH (relative to the current directory or to the repository) as a repository path."""
    from clerk.findings import UsageError

    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = Path.cwd() / candidate
        if not candidate.exists() and not candidate.is_symlink():
            candidate = root / path
    try:
        # Resolve the folder, not the file: a link to outside is a finding, not a usage error.
        relative = (candidate.parent.resolve() / candidate.name).relative_to(root.resolve())
    except ValueError:
        raise UsageError(f"{path}: not inside the records repository {root}.") from None
    if not (root / relative).exists() and not (root / relative).is_symlink():
        raise UsageError(f"{path}: no such file in {root}.")
    return relative.as_posix()
