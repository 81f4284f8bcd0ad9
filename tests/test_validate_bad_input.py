"""Every kind of bad input yields exit 1 and a finding naming the file, line and check; no hang."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

BALLOT = "ballots/SC002.yaml"

GOOD_BALLOT = """\
id: SC002
title: A second example
status: draft
"""


def alias_bomb() -> bytes:
    lines = [
        "id: SC002",
        "title: bomb",
        "status: draft",
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ]
    previous = "a"
    for name in "bcdefghij":
        refs = ",".join([f"*{previous}"] * 9)
        lines.append(f"{name}: &{name} [{refs}]")
        previous = name
    return ("\n".join(lines) + "\n").encode()


def deep_nesting() -> bytes:
    return b"id: SC002\ntitle: deep\nstatus: draft\nnotes: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"


# (case, file, content, check id, line)
CASES: list[tuple[str, str, bytes | Callable[[], bytes], str, int]] = [
    ("syntax", BALLOT, b"id: SC002\ntitle: [unclosed\nstatus: draft\n", "yaml-syntax", 3),
    (
        "duplicate-key",
        BALLOT,
        b"id: SC002\ntitle: a\nstatus: draft\ntitle: b\n",
        "yaml-duplicate-key",
        4,
    ),
    ("anchor", BALLOT, b"id: SC002\ntitle: &t a title\nstatus: draft\n", "yaml-anchor", 2),
    ("alias", BALLOT, b"id: SC002\ntitle: &t a\nstatus: draft\nnotes: *t\n", "yaml-alias", 4),
    ("alias-bomb", BALLOT, alias_bomb, "yaml-alias", 5),
    (
        "tab",
        BALLOT,
        b"id: SC002\ntitle: x\nstatus: draft\nproposer:\n\tname: Alice Chair\n",
        "yaml-tab",
        5,
    ),
    ("bom", BALLOT, b"\xef\xbb\xbf" + GOOD_BALLOT.encode(), "yaml-bom", 1),
    ("not-utf8", BALLOT, b"id: SC002\ntitle: caf\xe9\nstatus: draft\n", "yaml-encoding", 2),
    ("empty", BALLOT, b"", "yaml-empty", 1),
    ("only-comments", BALLOT, b"# nothing here\n", "yaml-empty", 1),
    ("ten-megabytes", BALLOT, lambda: b"notes: " + b"x" * 10_000_000 + b"\n", "yaml-too-large", 1),
    ("deep-nesting", BALLOT, deep_nesting, "yaml-too-deep", 1),
    ("wrong-type", BALLOT, b"id: SC002\ntitle: x\nstatus: draft\nversions: 3\n", "schema", 4),
    (
        "wrong-item-type",
        BALLOT,
        b"id: SC002\ntitle: x\nstatus: draft\nversions:\n  - version: two\n",
        "schema",
        5,
    ),
    (
        "impossible-date",
        "meetings/2025/2025-10-02.yaml",
        b"date: 2025-13-45\nkind: teleconference\n",
        "schema",
        1,
    ),
    (
        "impossible-time",
        BALLOT,
        b"id: SC002\ntitle: x\nstatus: draft\nvoting:\n  start: 2025-02-30T10:00:00Z\n",
        "schema",
        5,
    ),
    ("unknown-key", BALLOT, b"id: SC002\ntitle: x\nstatuss: draft\n", "schema", 3),
    ("not-a-mapping", BALLOT, b"- a\n- b\n", "schema", 1),
    (
        "several-documents",
        BALLOT,
        GOOD_BALLOT.encode() + b"---\nid: SC003\n",
        "yaml-multiple-documents",
        1,
    ),
    ("binary", "ballots/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file-binary", 1),
    ("integer-key", BALLOT, b"id: SC002\ntitle: x\nstatus: draft\n1: one\n", "schema", 4),
]


@pytest.mark.parametrize(
    ("case", "file", "content", "check", "line"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input(records: Path, clerk, case, file, content, check, line) -> None:
    data = content() if callable(content) else content
    target = records / file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    started = time.perf_counter()
    result = clerk("--format", "json", "validate")
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1, result.stdout
    findings = [f for f in result.json()["findings"] if f["file"] == file]
    assert findings, result.stdout
    assert (check, line) in [(f["check"], f["line"]) for f in findings], findings
    assert all(f["message"] and f["column"] >= 1 for f in findings)
    assert elapsed < 5, f"{case} took {elapsed:.1f} s"


def test_alias_bomb_fails_fast(records: Path, clerk) -> None:
    (records / BALLOT).write_bytes(alias_bomb())
    started = time.perf_counter()
    result = clerk("validate")
    assert result.exit_code == 1
    assert time.perf_counter() - started < 1.0
    assert "[yaml-anchor]" in result.stdout or "[yaml-alias]" in result.stdout


def test_unknown_key_suggests_nearest(records: Path, clerk) -> None:
    (records / BALLOT).write_text("id: SC002\ntitle: x\nstatuss: draft\n", encoding="utf-8")
    result = clerk("validate")
    assert f'{BALLOT}:3:1: unknown key "statuss" (did you mean "status"?)' in result.stdout


def test_impossible_date_message(records: Path, clerk) -> None:
    path = records / "meetings/2025/2025-10-02.yaml"
    path.write_text("date: 2025-13-45\nkind: teleconference\n", encoding="utf-8")
    result = clerk("validate")
    assert '"2025-13-45" is not a date YYYY-MM-DD that exists' in result.stdout


def test_symlink_outside_repository(records: Path, tmp_path: Path, clerk) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(GOOD_BALLOT, encoding="utf-8")
    (records / BALLOT).symlink_to(outside)
    result = clerk("--format", "json", "validate")
    assert result.exit_code == 1
    (finding,) = [f for f in result.json()["findings"] if f["file"] == BALLOT]
    assert finding["check"] == "file-symlink-outside"
    assert finding["line"] == 1


def test_all_findings_reported_sorted(records: Path, clerk) -> None:
    (records / "ballots/SC003.yaml").write_text("id: SC003\ntitle: x\nstatus: bogus\n")
    (records / BALLOT).write_text("id: SC002\ntitle: [\n")
    result = clerk("--format", "json", "validate")
    files = [(f["file"], f["line"]) for f in result.json()["findings"]]
    assert files == sorted(files)
    assert {f for f, _ in files} == {BALLOT, "ballots/SC003.yaml"}


def test_no_traceback_on_unreadable_repo(tmp_path: Path) -> None:
    from conftest import make_runner

    result = make_runner(tmp_path / "missing")("validate")
    assert result.exit_code == 2
    assert "no such directory" in result.stderr


def test_missing_rules_and_roster(records: Path, clerk) -> None:
    (records / "governance.yaml").unlink()
    (records / "members.yaml").unlink()
    result = clerk("--format", "json", "validate")
    assert result.exit_code == 1
    layout = [(f["file"], f["check"]) for f in result.json()["findings"]]
    assert ("governance.yaml", "repository-layout") in layout
    assert ("members.yaml", "repository-layout") in layout
