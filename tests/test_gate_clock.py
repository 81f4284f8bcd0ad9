"""The trusted clock: check-pr's time is the time it runs (or --now), never a commit's date."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git
from test_check_pr import cast, check, commit_all, only, open_voting


@pytest.fixture
def voting(records: Path, clerk) -> Path:
    return open_voting(records, clerk)


CLOSE = "2025-11-15T14:00:00Z"  # SC005's voting ends


def _three_yes_on_main(root: Path, clerk) -> None:
    git(root, "checkout", "-q", "main")
    for org, by in [
        ("Acme CA", "Alice Chair"),
        ("Beta Trust", "Bob Builder"),
        ("Delta Browser", "Dan Delta"),
    ]:
        cast(clerk, org, "yes", by=by, commit=True)
    git(root, "checkout", "-q", "-B", "change")


def test_commit_dated_six_days_ahead_does_not_make_a_close_due(voting: Path, clerk) -> None:
    _three_yes_on_main(voting, clerk)
    clerk("--now", CLOSE, "advance")  # made as if it were already the end of voting
    future = {
        "GIT_COMMITTER_DATE": "2025-11-16T00:00:00Z",
        "GIT_AUTHOR_DATE": "2025-11-16T00:00:00Z",
    }
    git(voting, "add", "-A")
    git(voting, "commit", "-q", "-m", "close early", env=future)
    code, findings = check(clerk, "clerk-bot", now="2025-11-10T00:00:00Z")
    assert code == 1
    by_file = {f["file"]: f for f in findings if f["check"] == "pr-timed-transition"}
    assert "not due at 2025-11-10T00:00:00Z" in by_file["ballots/SC005.yaml"]["message"]


def test_bots_due_transition_passes(voting: Path, clerk) -> None:
    _three_yes_on_main(voting, clerk)
    clerk("--now", CLOSE, "advance", "--commit")
    code, findings = check(clerk, "clerk-bot", now="2025-11-15T14:05:00Z")
    assert code == 0, findings


def test_late_vote_backdated_is_refused(voting: Path, clerk) -> None:
    cast(clerk, "Beta Trust", "yes", by="Bob Builder", now="2025-11-14T10:00:00Z")
    commit_all(voting)
    code, findings = check(clerk, "bob-b", now="2025-11-15T14:00:01Z")
    assert code == 1
    finding = only(findings, "pr-late-vote")
    assert "closed at 2025-11-15T14:00:00Z" in finding["message"]


def test_late_vote_without_at_is_refused(voting: Path, clerk) -> None:
    cast(clerk, "Beta Trust", "yes", by="Bob Builder")
    path = voting / "ballots/SC005.yaml"
    path.write_text(path.read_text().replace("    at: 2025-11-09T14:00:00Z\n", ""))
    commit_all(voting)
    for now in ("2025-11-09T15:00:00Z", "2025-11-16T00:00:00Z"):
        code, findings = check(clerk, "bob-b", now=now)
        assert code == 1
        assert "does not say when" in only(findings, "pr-clock")["message"]


def test_vote_dated_in_the_future_is_refused(voting: Path, clerk) -> None:
    cast(clerk, "Beta Trust", "yes", by="Bob Builder", now="2025-11-12T00:00:00Z")
    commit_all(voting)
    code, findings = check(clerk, "bob-b", now="2025-11-10T00:00:00Z")
    assert code == 1
    assert "in the future" in only(findings, "pr-clock")["message"]


def test_vote_dated_before_voting_opened_is_refused(voting: Path, clerk) -> None:
    cast(clerk, "Beta Trust", "yes", by="Bob Builder")
    path = voting / "ballots/SC005.yaml"
    path.write_text(
        path.read_text().replace("at: 2025-11-09T14:00:00Z", "at: 2025-11-01T00:00:00Z")
    )
    commit_all(voting)
    code, findings = check(clerk, "bob-b")
    assert code == 1
    assert "opens at" in only(findings, "pr-procedure")["message"]


def test_own_vote_in_time_passes(voting: Path, clerk) -> None:
    cast(clerk, "Beta Trust", "no", by="Bob Builder", now="2025-11-15T13:00:00Z")
    commit_all(voting)
    code, findings = check(clerk, "bob-b", now="2025-11-15T13:30:00Z")
    assert code == 0, findings


def test_bots_late_advance_passes(voting: Path, clerk) -> None:
    _three_yes_on_main(voting, clerk)
    late = "2026-01-10T00:00:00Z"  # long after voting ended
    assert clerk("--now", late, "advance", "--commit").exit_code == 0
    assert "status: passed" in (voting / "ballots/SC005.yaml").read_text()
    code, findings = check(clerk, "clerk-bot", now=late)
    assert code == 0, findings
