"""clerk check-pr on the moves it makes again through the procedure: opening the vote (frozen
rules, a stated quorum), the Review Notice, Exclusion Notices, the Second Vote."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git

SC001 = "ballots/SC001.yaml"


def gate(clerk, author: str, now: str) -> tuple[int, list[dict]]:
    result = clerk(
        "--format", "json", "--now", now, "check-pr", "--base", "main", "--head", "change",
        "--author", author,
    )  # fmt: skip
    return result.exit_code, result.json()["findings"]


def notice_on_branch(root: Path, clerk, *extra: str) -> None:
    git(root, "checkout", "-q", "-b", "change")
    result = clerk(
        "--now", "2025-10-17T09:30:00Z", "ballot", "review-notice", "SC001", "--by", "Alice Chair",
        *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def commit_change(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")


def test_gate_accepts_the_chairs_review_notice(awaiting_notice: Path, clerk) -> None:
    notice_on_branch(awaiting_notice, clerk)
    commit_change(awaiting_notice)
    code, findings = gate(clerk, "alice-chair", "2025-10-17T10:00:00Z")
    assert code == 0, findings


def test_gate_refuses_a_review_notice_by_anyone_else(awaiting_notice: Path, clerk) -> None:
    path = awaiting_notice / SC001
    git(awaiting_notice, "checkout", "-q", "-b", "change")
    path.write_text(
        path.read_text() + "review:\n  start: 2025-10-17T09:30:00Z\n  end: 2025-11-16T09:30:00Z\n"
        "  notice: 2025-10-17T09:30:00Z\n  by: Bob Builder\n"
    )
    commit_change(awaiting_notice)
    code, findings = gate(clerk, "bob-b", "2025-10-17T10:00:00Z")
    assert code == 1
    procedure = [f for f in findings if f["check"] == "pr-procedure"]
    assert procedure and "only a chair may send the Review Notice" in procedure[0]["message"]


def test_gate_refuses_a_notice_that_differs_from_the_command(awaiting_notice: Path, clerk) -> None:
    notice_on_branch(awaiting_notice, clerk)
    path = awaiting_notice / SC001
    path.write_text(
        path.read_text().replace("end: 2025-11-16T09:30:00Z", "end: 2025-11-01T09:30:00Z")
    )
    commit_change(awaiting_notice)
    code, findings = gate(clerk, "alice-chair", "2025-10-17T10:00:00Z")
    assert code == 1
    messages = [f["message"] for f in findings if f["check"] == "pr-procedure"]
    assert any("at least 30 days" in m for m in messages), findings


def test_gate_refuses_a_notice_the_author_did_not_make(awaiting_notice: Path, clerk) -> None:
    notice_on_branch(awaiting_notice, clerk)
    commit_change(awaiting_notice)
    code, findings = gate(clerk, "carol-g", "2025-10-17T10:00:00Z")
    assert code == 1
    assert any(
        f["check"] == "pr-permission" and "recorded as made by Alice Chair" in f["message"]
        for f in findings
    )


def test_gate_accepts_an_exclusion_notice_by_its_filer_only(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    notice = ["ballot", "exclusion-notice", "SC001", "--by", "Carol Gamma"]
    assert clerk("--now", "2025-10-20T12:00:00Z", *notice).exit_code == 0
    commit_change(records)
    assert gate(clerk, "carol-g", "2025-10-20T13:00:00Z")[0] == 0
    code, findings = gate(clerk, "bob-b", "2025-10-20T13:00:00Z")
    assert code == 1 and any(f["check"] == "pr-permission" for f in findings)


def test_gate_judges_the_second_vote_by_making_it_again(records: Path, clerk) -> None:
    notice = ["ballot", "exclusion-notice", "SC001", "--by", "Carol Gamma", "--commit"]
    assert clerk("--now", "2025-10-20T12:00:00Z", *notice).exit_code == 0
    assert clerk("--now", "2025-11-14T12:00:00Z", "advance", "--commit").exit_code == 0
    pag = ["ballot", "pag-conclusion", "SC001", "--by", "Alice Chair", "--conclusion", "None."]
    assert clerk("--now", "2025-11-20T12:00:00Z", *pag, "--commit").exit_code == 0
    git(records, "checkout", "-q", "-b", "change")
    second = ["ballot", "second-vote", "SC001", "--by", "Alice Chair"]
    assert clerk("--now", "2025-11-21T12:00:00Z", *second).exit_code == 0
    commit_change(records)
    assert gate(clerk, "alice-chair", "2025-11-21T13:00:00Z")[0] == 0
    code, findings = gate(clerk, "bob-b", "2025-11-21T13:00:00Z")
    assert code == 1
    assert any("only the proposer (Alice Chair)" in f["message"] for f in findings), findings
    path = records / SC001
    path.write_text(path.read_text().replace("title: Clarify", "title: Changed"))
    commit_change(records)
    code, findings = gate(clerk, "alice-chair", "2025-11-21T13:00:00Z")
    assert code == 1
    assert any("differing fields: title" in f["message"] for f in findings), findings


def test_gate_refuses_a_notice_dated_after_its_clock(awaiting_notice: Path, clerk) -> None:
    notice_on_branch(awaiting_notice, clerk)  # dated 2025-10-17T09:30:00Z
    commit_change(awaiting_notice)
    code, findings = gate(clerk, "alice-chair", "2025-10-17T09:00:00Z")
    assert code == 1
    assert any(
        "dated 2025-10-17T09:30:00Z, after 2025-10-17T09:00:00Z" in f["message"] for f in findings
    ), findings


@pytest.fixture
def bobs_ballot(records: Path, clerk) -> Path:
    """SC007, proposed by Bob Builder (not a chair), in discussion on main since 2025-11-01."""
    steps = [
        ("propose", "Bob's", "--proposer", "Bob Builder", "--id", "SC007"),
        ("endorse", "SC007", "--by", "Alice Chair"),
        ("endorse", "SC007", "--by", "Dan Delta"),
        ("start-discussion", "SC007", "--by", "Bob Builder"),
    ]
    for args in steps:
        assert clerk("--now", "2025-11-01T12:00:00Z", "ballot", *args, "--commit").exit_code == 0
    git(records, "checkout", "-q", "-b", "change")
    return records / "ballots/SC007.yaml"


def open_bobs_vote(clerk) -> None:
    result = clerk(
        "--now", "2025-11-08T12:00:00Z", "ballot", "start-voting", "SC007", "--by", "Bob Builder"
    )
    assert result.exit_code == 0, result.stderr


def test_gate_accepts_the_vote_the_command_opens(bobs_ballot: Path, clerk) -> None:
    open_bobs_vote(clerk)
    commit_change(bobs_ballot.parents[1])
    assert gate(clerk, "bob-b", "2025-11-08T13:00:00Z")[0] == 0


def test_gate_refuses_a_forged_quorum(bobs_ballot: Path, clerk) -> None:
    open_bobs_vote(clerk)
    text = bobs_ballot.read_text()
    assert "quorum_required: 2\n" in text
    bobs_ballot.write_text(text.replace("quorum_required: 2\n", "quorum_required: 1\n"))
    commit_change(bobs_ballot.parents[1])
    code, findings = gate(clerk, "bob-b", "2025-11-08T13:00:00Z")
    assert code == 1
    assert any("differing fields: rules" in f["message"] for f in findings), findings


def test_gate_refuses_a_quorum_stated_in_a_chairs_name(bobs_ballot: Path, clerk) -> None:
    open_bobs_vote(clerk)
    text = bobs_ballot.read_text().replace(
        "  quorum_required: 2\n",
        "  quorum_required: 1\n  quorum_stated:\n    by: Alice Chair\n"
        "    at: 2025-11-08T12:00:00Z\n    reason: Said so.\n",
    )
    bobs_ballot.write_text(text)
    commit_change(bobs_ballot.parents[1])
    code, findings = gate(clerk, "bob-b", "2025-11-08T13:00:00Z")
    assert code == 1
    messages = [f["message"] for f in findings]
    assert any("recorded as made by Alice Chair, but Bob Builder" in m for m in messages), messages
    assert any("is known from the meetings before the vote (2)" in m for m in messages), messages
