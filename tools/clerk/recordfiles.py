"""Record files on disk: which kind a path holds, finding them, and reading one file into data
(parsed and schema-checked), with the findings that stop it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any

from clerk import yamlio
from clerk.brief import fits, without_blocks
from clerk.findings import Finding
from clerk.records import (
    BALLOTS_DIR,
    DEFAULT_RULES,
    GOVERNANCE_FILE,
    MEETINGS_DIR,
    MEMBERS_FILE,
    Rules,
)
from clerk.schema import SchemaSet

RECORD_DIRS = (BALLOTS_DIR, MEETINGS_DIR)


@dataclass
class Found:
    """Where loading puts what it meets: findings, and the text of the files that have them."""

    findings: list[Finding] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)


def kind_of(relpath: str) -> str | None:
    """Which record kind a repository path holds, by where it is."""
    if relpath == GOVERNANCE_FILE:
        return "governance"
    if relpath == MEMBERS_FILE:
        return "members"
    top = relpath.split("/", 1)[0]
    if top == BALLOTS_DIR:
        return "ballot"
    if top == MEETINGS_DIR:
        return "meeting"
    return None


def discover(root: Path, dirs: Iterable[str] = RECORD_DIRS) -> tuple[list[str], list[Finding]]:
    """Record files under the repository (tracked or not), as sorted POSIX relative paths: the
    rules and the roster when present, then everything under `dirs`."""
    found: list[str] = []
    findings: list[Finding] = []
    if tuple(dirs) == RECORD_DIRS:
        for name in (GOVERNANCE_FILE, MEMBERS_FILE):
            if (root / name).exists() or (root / name).is_symlink():
                found.append(name)
    for top in dirs:
        base = root / top
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            folder = Path(os.path.relpath(dirpath, root)).as_posix()
            found += [f"{folder}/{name}" for name in filenames if not name.startswith(".")]
    return sorted(found), findings


def _within(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def read_file(root: Path, relpath: str) -> tuple[bytes | None, list[Finding]]:
    path = root / relpath
    try:
        info = os.lstat(path)
    except OSError:
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode) and not _within(root, path):
        return None, [
            Finding(
                file=relpath,
                line=1,
                column=1,
                check="file-symlink-outside",
                message=f"symbolic link to {os.readlink(path)}, outside the repository; "
                "replace it with the record itself.",
            )
        ]
    if not relpath.endswith(".yaml"):
        try:
            head = path.open("rb").read(8192)
        except OSError:
            head = b""
        check, what = (
            ("file-binary", "binary file") if b"\x00" in head else ("file-unexpected", "file")
        )
        return None, [
            Finding(
                file=relpath,
                line=1,
                column=1,
                check=check,
                message=f"{what} where only .yaml records belong; "
                "move it elsewhere or rename it to .yaml if it is a record.",
            )
        ]
    try:
        if info is None or stat.S_ISLNK(info.st_mode):
            info = path.stat()
        if info.st_size > yamlio.MAX_BYTES:
            return None, [yamlio.too_large(relpath, info.st_size)]
        with open(path, "rb") as handle:
            return handle.read(), []
    except OSError as exc:
        return None, [
            Finding(
                file=relpath,
                line=1,
                column=1,
                check="file-unreadable",
                message=f"cannot read: {exc.strerror}",
            )
        ]


def load_record(
    root: Path,
    schemas: SchemaSet,
    kind: str,
    relpath: str,
    out: Found,
    leave_out: tuple[str, ...] = (),
) -> dict[str, Any] | None:
    """Read, parse and schema-check one file; its findings go to the index, and its text is
    kept only then (to place them), so that a clean repository does not hold its text twice.
    With `leave_out`, those top-level blocks are not read (see clerk.brief)."""
    data, problems = read_file(root, relpath)
    if data is None:
        out.findings.extend(problems)
        return None
    if leave_out:
        return _load_brief(schemas, kind, relpath, data, leave_out, out)
    loaded = yamlio.load_fast(relpath, data)
    if not loaded.ok:
        out.findings.extend(loaded.findings)
        return None
    problems = _shape_findings(relpath, kind, loaded.data) or schemas.validate(
        kind, relpath, loaded.data
    )
    if problems:
        if loaded.text is not None:
            out.texts[relpath] = loaded.text
        out.findings.extend(problems)
        return None
    return _share_strings(loaded.data)


# Values that do not repeat from one record to the next: not worth sharing.
_UNIQUE = frozenset({"at", "posted", "start", "end", "notice", "decided", "title", "text"})


def _share_strings(value: Any) -> Any:
    """The same data, with every key and every short value (names, organizations, choices,
    statuses) one shared string rather than a copy per occurrence: a repository's parsed records
    then take about 40% less memory, and look-ups by name compare identical strings. (Plain
    loops: about a quarter faster here than comprehensions with conditional expressions.)"""
    kind = type(value)
    if kind is dict:
        shared: dict[str, Any] = {}
        for key, item in value.items():
            if type(key) is str:
                key = intern(key)
            kind = type(item)
            if kind is str:
                shared[key] = item if key in _UNIQUE or len(item) >= 64 else intern(item)
            elif kind is dict or kind is list:
                shared[key] = _share_strings(item)
            else:
                shared[key] = item
        return shared
    if kind is list:
        items: list[Any] = []
        for item in value:
            kind = type(item)
            if kind is str:
                items.append(item if len(item) >= 64 else intern(item))
            elif kind is dict or kind is list:
                items.append(_share_strings(item))
            else:
                items.append(item)
        return items
    return value


def _load_brief(
    schemas: SchemaSet,
    kind: str,
    relpath: str,
    data: bytes,
    leave_out: tuple[str, ...],
    out: Found,
) -> dict[str, Any] | None:
    text, problems = yamlio.decode(relpath, data)
    if text is None:
        out.findings.extend(problems)
        return None
    value, problems = yamlio.parse_fast(relpath, without_blocks(text, leave_out))
    if problems:
        out.findings.extend(problems)
        return None
    if not isinstance(value, dict) or not fits(schemas.schemas[kind], leave_out, value):
        out.findings.append(
            Finding(
                file=relpath,
                line=1,
                column=1,
                check="schema",
                message="the record does not validate; run clerk validate for the details.",
            )
        )
        return None
    return value


def _shape_findings(relpath: str, kind: str, data: Any) -> list[Finding]:
    if isinstance(data, dict):
        return []
    what = type(data).__name__.replace("str", "text").replace("list", "a list")
    return [
        Finding(
            file=relpath,
            line=1,
            column=1,
            check="schema",
            message=f"a {kind} record is a mapping of keys to values, not {what}.",
        )
    ]


def load_rules(root: Path) -> Rules:
    """governance.yaml alone, for commands that need only the rules (defaults if unreadable;
    clerk validate reports what is wrong with it)."""
    path = root / GOVERNANCE_FILE
    try:
        loaded = yamlio.load_fast(GOVERNANCE_FILE, path.read_bytes())
    except OSError:
        return DEFAULT_RULES
    if not loaded.ok or not isinstance(loaded.data, dict):
        return DEFAULT_RULES
    try:
        return Rules.from_data(loaded.data)
    except (KeyError, TypeError, ValueError, AttributeError):
        return DEFAULT_RULES
