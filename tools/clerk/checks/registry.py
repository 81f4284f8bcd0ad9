"""The registry of cross-record checks: each is a generator with a stable id, yielding findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from clerk.findings import DocPath, Finding, Severity
from clerk.repository import Index, collector_paused

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


# The checks a child process runs while this one runs the others, on a large repository: about
# half of the time of all checks (see clerk.forkload and bench/README).
RUN_APART = frozenset({"ballot-result"})

# The child reads nearly every record, and reading an object writes its reference count, so the
# child ends up with a copy of most of this process's pages: it runs only while this process
# holds less than this, so that the two together stay within about twice as much.
APART_BELOW_BYTES = 128 * 2**20


def run_checks(index: Index) -> list[Finding]:
    """Every registered check over the whole index (the submodules register when imported),
    their findings in the order of the registry."""
    from clerk import forkload

    index.forget_derived()  # the records may have changed since the last run
    if len(index.checked_ballots) < forkload.SPLIT_FROM or not forkload.may_fork(
        APART_BELOW_BYTES
    ):
        found = _run(index, CHECKS)
    else:
        here = [name for name in CHECKS if name not in RUN_APART]
        mine, theirs = forkload.alongside(
            lambda: _run(index, here),
            lambda: {
                name: forkload.pack_findings(items)
                for name, items in _run(index, RUN_APART).items()
            },
        )
        apart = {name: forkload.unpack_findings(packed) for name, packed in theirs.items()}
        found = {**mine, **apart}
    return [item for name in CHECKS for item in found.get(name, [])]


def _run(index: Index, names: Iterable[str]) -> dict[str, list[Finding]]:
    with collector_paused(freeze=False):
        return {name: list(CHECKS[name](index)) for name in names}
