"""Whole-repository work on two processes gives what one process gives: the same records, the
same findings in the same order, the same kept texts; a child that fails costs only time."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from clerk import forkload
from clerk.checks import registry
from clerk.findings import Finding, Severity
from clerk.repository import load_index, open_index
from clerk.validate import validate
from test_lazy_index import built, synthetic  # noqa: F401  (fixtures)


def _break(root: Path) -> None:
    """Loading findings (syntax, schema, a stray file) and cross-record ones (an unknown voter,
    a result that does not follow from its votes), spread over both halves."""
    (root / "ballots" / "SC0003.yaml").write_text("id: SC0003\ntitle: [unclosed\n")
    text = (root / "ballots" / "SC0031.yaml").read_text()
    (root / "ballots" / "SC0031.yaml").write_text(text.replace("status: ", "status: nonsense-"))
    (root / "ballots" / "notes.txt").write_text("not a record\n")
    text = (root / "ballots" / "SC0035.yaml").read_text()
    (root / "ballots" / "SC0035.yaml").write_text(
        text.replace("outcome: passed", "outcome: failed")
    )
    meeting = sorted((root / "meetings").rglob("*.yaml"))[-2]
    meeting.write_text(meeting.read_text().replace("  - name: ", "  - name: Nobody ", 1))


def _outcome(root: Path) -> tuple[list[dict], dict[str, str], dict[str, dict]]:
    result = validate(root)
    records = {b.file: b.data for b in result.index.ballots}
    records.update({m.file: m.data for m in result.index.meetings})
    return [f.as_dict() for f in result.findings], dict(result.index.texts), records


def test_two_processes_give_what_one_gives(
    synthetic: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _break(synthetic)
    monkeypatch.setattr(forkload, "SPLIT_FROM", 10**9)
    alone = _outcome(synthetic)
    monkeypatch.setattr(forkload, "SPLIT_FROM", 2)
    monkeypatch.setattr(registry, "APART_BELOW_BYTES", 2**62)
    calls: list[str] = []
    alongside = forkload.alongside

    def counted(here, away):
        calls.append("split")
        return alongside(here, away)

    monkeypatch.setattr(forkload, "alongside", counted)
    split = _outcome(synthetic)
    assert len(calls) == 3  # the ballots, the meetings, the checks
    checks = {f["check"] for f in alone[0]}
    assert {"yaml-syntax", "schema", "file-unexpected", "ballot-result"} <= checks
    assert split == alone
    assert "ballots/SC0031.yaml" in alone[1]


def test_a_brief_index_splits_the_same_way(
    synthetic: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forkload, "SPLIT_FROM", 10**9)
    alone = {b.file: b.data for b in open_index(synthetic, brief=True).ballots}
    monkeypatch.setattr(forkload, "SPLIT_FROM", 2)
    split = {b.file: b.data for b in open_index(synthetic, brief=True).ballots}
    assert split == alone and len(alone) == 40
    assert all("votes" not in data for data in split.values())


def test_the_away_half_runs_in_another_process() -> None:
    here, away = forkload.alongside(os.getpid, os.getpid)
    assert here == os.getpid()
    assert away != os.getpid()


def test_a_child_that_fails_leaves_its_half_to_this_process() -> None:
    # print is not plain data: the child cannot send it back, and exits with a failure.
    here, away = forkload.alongside(lambda: "mine", lambda: (os.getpid(), print))
    assert here == "mine"
    assert away == (os.getpid(), print)


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        _, away = forkload.alongside(lambda: None, os.getpid)
    finally:
        stop.set()
        thread.join()
    assert away == os.getpid()


def test_findings_cross_the_process_boundary_whole() -> None:
    found = [
        Finding("ballots/SC0001.yaml", 3, 5, "schema", "bad", Severity.WARNING, ("votes", 2), True),
        Finding("meetings/2024/2024-01-04.yaml", check="meeting-reference", message="who?"),
    ]
    back = forkload.unpack_findings(forkload.pack_findings(found))
    assert back == found
    assert [(f.severity, f.doc_path, f.at_key) for f in back] == [
        (Severity.WARNING, ("votes", 2), True),
        (Severity.ERROR, None, False),
    ]


def test_the_project_records_load_the_same_split(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[1]
    monkeypatch.setattr(forkload, "SPLIT_FROM", 10**9)
    alone = load_index(root)
    monkeypatch.setattr(forkload, "SPLIT_FROM", 2)
    split = load_index(root)
    assert [b.data for b in split.ballots] == [b.data for b in alone.ballots]
    assert [m.data for m in split.meetings] == [m.data for m in alone.meetings]
    assert split.findings == alone.findings


@pytest.fixture(autouse=True)
def _no_stray_children() -> None:
    yield
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_large_process_runs_the_checks_alone(
    synthetic: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The checks' child would copy most of this process's memory: past the bound, no child."""
    monkeypatch.setattr(forkload, "SPLIT_FROM", 2)
    monkeypatch.setattr(registry, "APART_BELOW_BYTES", 1)
    calls: list[str] = []
    alongside = forkload.alongside
    monkeypatch.setattr(
        forkload, "alongside", lambda here, away: calls.append("x") or alongside(here, away)
    )
    index = load_index(synthetic)
    assert len(calls) == 2
    registry.run_checks(index)
    assert len(calls) == 2
