"""Whole-repository work on two processes.

Validating a whole repository spends its time in the interpreter, on one core: parsing, schema
checks, sharing strings and building records, then the cross-record checks. Where `os.fork`
exists, a child process does half of such work while this process does the other half, and
sends its result back as one marshal blob. marshal keeps the strings the child shared shared
(and interned ones interned), and reading the blob costs a fraction of doing the work again.
A child that fails, for any reason, costs only time: its half is then done here, as it would
have been without it.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from clerk.findings import Finding, Severity
from clerk.recordfiles import Found

T = TypeVar("T")

# (relpath, found) -> the file's data, or None with its findings in found.
LoadOne = Callable[[str, Found], Any]

# Below this many files (or ballots, for the checks), a fork and the transfer cost more than
# they save.
SPLIT_FROM = 400


def alongside(here: Callable[[], T], away: Callable[[], Any]) -> tuple[T, Any]:
    """(here(), away()), with away() run in a child process at the same time when fork is
    possible. away()'s result must be marshal-able: plain data."""
    if not may_fork():
        return here(), away()
    try:
        reader, writer = os.pipe()
    except OSError:
        return here(), away()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return here(), away()
    if pid == 0:
        os.close(reader)
        _child(away, writer)
    os.close(writer)
    try:
        mine = here()
        with os.fdopen(reader, "rb") as pipe:
            reader = -1
            blob = pipe.read()
    finally:
        if reader != -1:
            os.close(reader)
        _, status = os.waitpid(pid, 0)
    if status == 0:
        try:
            return mine, marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            pass
    return mine, away()


def load_split(relpaths: list[str], load_one: LoadOne, out: Found) -> list[tuple[str, Any]]:
    """Each file's data (or None), in the order given, with findings and texts added to `out`
    in that order too: the same as loading them one after the other."""
    if len(relpaths) < SPLIT_FROM:
        return _load(relpaths, load_one, out)
    half = len(relpaths) // 2

    def away() -> tuple[list[tuple[str, Any]], list[tuple[Any, ...]], dict[str, str]]:
        found = Found()
        results = _load(relpaths[half:], load_one, found)
        return results, pack_findings(found.findings), found.texts

    results, (theirs, findings, texts) = alongside(
        lambda: _load(relpaths[:half], load_one, out), away
    )
    out.findings.extend(unpack_findings(findings))
    out.texts.update(texts)
    return results + theirs


def pack_findings(findings: Iterable[Finding]) -> list[tuple[Any, ...]]:
    """Findings as plain tuples, to cross a process boundary through marshal."""
    return [
        (f.file, f.line, f.column, f.check, f.message, f.severity.value, f.doc_path, f.at_key)
        for f in findings
    ]


def unpack_findings(packed: Iterable[tuple[Any, ...]]) -> list[Finding]:
    return [
        Finding(file, line, column, check, message, Severity(severity), doc_path, at_key)
        for file, line, column, check, message, severity, doc_path, at_key in packed
    ]


def may_fork(below_bytes: int | None = None) -> bool:
    """Whether a child may take half of the work: on Linux only, where a fork without exec is
    safe for the system libraries (Python's multiprocessing spawns on macOS for this reason;
    Windows has no fork); never while another thread runs (a fork copies only the calling
    thread, and a lock another one holds, a test's stand-in server say, would stay held in the
    child); and, with `below_bytes`, only while this process's peak resident memory is under it.
    """
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    if below_bytes is None:
        return True
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < below_bytes  # KiB


def _load(relpaths: list[str], load_one: LoadOne, out: Found) -> list[tuple[str, Any]]:
    return [(relpath, load_one(relpath, out)) for relpath in relpaths]


def _child(away: Callable[[], Any], writer: int) -> None:
    """Work, send, and leave at once: no atexit handlers, no flushing of the parent's buffers."""
    status = 1
    try:
        blob = marshal.dumps(away())
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(blob)
        status = 0
    except BaseException:  # the parent does this half itself
        pass
    finally:
        os._exit(status)
