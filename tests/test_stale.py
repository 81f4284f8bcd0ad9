"""clerk stale: what counts as stalled, and the issues it keeps on GitHub (a local stand-in)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_REPO, git, make_runner
from github_standin import TEST_TOKEN, FaultKind

COMMIT_DATE = "2025-10-01T09:00:00Z"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The fixture records, committed at a fixed date so that activity does not follow the clock."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURE_REPO, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    dated = {"GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE}
    git(root, "commit", "-q", "-m", "Initial records", env=dated)
    return root


def stalled(root: Path, now: str) -> dict[str, dict]:
    result = make_runner(root)("--format", "json", "--now", now, "stale")
    assert result.exit_code == 0, result.stderr
    return {item["key"]: item for item in result.json()["stalled"]}


def test_overdue_action_item(repo: Path) -> None:
    assert "meeting-2025-10-02:action-1" not in stalled(repo, "2025-10-16T12:00:00Z")
    item = stalled(repo, "2025-10-17T00:00:00Z")["meeting-2025-10-02:action-1"]
    assert item["kind"] == "action-item"
    assert item["file"] == "meetings/2025/2025-10-02.yaml"
    assert "Carol Gamma" in item["title"]


def test_idle_draft_uses_the_later_of_commit_and_record_dates(repo: Path) -> None:
    # The draft holds no dates; its last commit is 2025-10-01: idle after 60 days.
    assert "drafts/cleanup:idle" not in stalled(repo, "2025-11-29T12:00:00Z")
    assert "drafts/cleanup:idle" in stalled(repo, "2025-11-30T09:00:00Z")
    path = repo / "ballots/drafts/cleanup.yaml"
    path.write_text(
        path.read_text() + "versions:\n  - version: 1\n    posted: 2025-11-15T00:00:00Z\n"
    )
    assert "drafts/cleanup:idle" not in stalled(repo, "2025-11-30T09:00:00Z")


def test_discussion_near_lapse(repo: Path) -> None:
    clerk = make_runner(repo)
    clerk(
        "--now",
        "2025-10-01T12:00:00Z",
        "ballot",
        "propose",
        "X",
        "--proposer",
        "Alice Chair",
        "--id",
        "SC004",
    )
    clerk("--now", "2025-10-01T12:00:00Z", "ballot", "endorse", "SC004", "--by", "Bob Builder")
    clerk("--now", "2025-10-01T12:00:00Z", "ballot", "endorse", "SC004", "--by", "Dan Delta")
    clerk(
        "--now",
        "2025-10-01T12:00:00Z",
        "ballot",
        "start-discussion",
        "SC004",
        "--by",
        "Alice Chair",
    )
    # Lapse at 2025-12-30T12:00Z; warn 14 days before.
    assert "SC004:lapse" not in stalled(repo, "2025-12-16T11:59:59Z")
    assert (
        stalled(repo, "2025-12-16T12:00:00Z")["SC004:lapse"]["title"]
        == "SC004: discussion lapses on 2025-12-30"
    )


def test_passed_without_review_period(repo: Path) -> None:
    path = repo / "ballots/SC001.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("review:")])
    # Voting ended Wednesday 2025-10-15: three business days later is Monday 2025-10-20.
    assert "SC001:review-period" not in stalled(repo, "2025-10-20T11:59:59Z")
    assert "SC001:review-period" in stalled(repo, "2025-10-20T12:00:00Z")


def test_minutes_not_approved_by_the_second_meeting(repo: Path) -> None:
    for day in ("2025-10-30", "2025-11-13"):
        (repo / f"meetings/2025/{day}.yaml").write_text(f"date: {day}\nkind: teleconference\n")
    items = stalled(repo, "2025-11-14T00:00:00Z")
    assert "minutes-2025-10-23:approval" in items
    assert "minutes-2025-10-16:approval" not in items  # approved on 2025-10-23
    assert "minutes-2025-10-02:approval" not in items  # approved on 2025-10-16
    assert "minutes-2025-10-30:approval" not in items  # only one meeting since


def run_stale(repo: Path, standin, now: str, *extra: str):
    env = {
        "GITHUB_TOKEN": TEST_TOKEN,
        "GITHUB_REPOSITORY": standin.repository,
        "GITHUB_API_URL": standin.base_url,
        "CLERK_GITHUB_NO_WAIT": "1",
    }
    return make_runner(repo)("--now", now, "stale", "--open-issues", *extra, env=env)


NOW = "2025-12-01T00:00:00Z"


def open_issues(standin) -> dict[str, object]:
    from clerk.github import marker_key

    return {marker_key(i.body): i for i in standin.issues() if i.state == "open"}


def test_issues_opened_once_and_closed_when_the_item_moves(repo: Path, github_standin) -> None:
    expected = set(stalled(repo, NOW))
    assert expected == {"meeting-2025-10-02:action-1", "drafts/cleanup:idle"}

    first = run_stale(repo, github_standin, NOW)
    assert first.exit_code == 0, first.stderr
    assert set(open_issues(github_standin)) == expected
    issue = open_issues(github_standin)["drafts/cleanup:idle"]
    assert issue.title == "draft cleanup: draft idle since 2025-10-01"
    assert "<!-- clerk:drafts/cleanup:idle -->" in issue.body
    assert set(issue.labels) == {"clerk", "idle-draft"}

    github_standin.clear_log()
    second = run_stale(repo, github_standin, NOW)
    assert second.exit_code == 0
    assert github_standin.writes == []
    assert len(github_standin.requests) <= 2

    # The action item is done: exactly its issue is closed, with a comment.
    path = repo / "meetings/2025/2025-10-02.yaml"
    path.write_text(
        path.read_text().replace("    due: 2025-10-16\n", "    due: 2025-10-16\n    done: true\n")
    )
    github_standin.clear_log()
    third = run_stale(repo, github_standin, NOW)
    assert third.exit_code == 0
    assert set(open_issues(github_standin)) == {"drafts/cleanup:idle"}
    closed = [i for i in github_standin.issues() if i.state == "closed"]
    assert len(closed) == 1 and closed[0].comments
    assert len(github_standin.issues()) == 2


def test_dry_run_writes_nothing(repo: Path, github_standin) -> None:
    result = run_stale(repo, github_standin, NOW, "--dry-run")
    assert result.exit_code == 0
    assert github_standin.writes == []
    assert "drafts/cleanup:idle" in result.stdout


def test_github_down_is_a_clear_error_and_the_next_run_converges(
    repo: Path, github_standin
) -> None:
    github_standin.inject(FaultKind.BAD_GATEWAY, times=None)
    down = run_stale(repo, github_standin, NOW)
    assert down.exit_code == 1
    assert "GitHub is unavailable" in down.stderr
    assert "Traceback" not in down.stderr
    github_standin.clear_faults()
    assert run_stale(repo, github_standin, NOW).exit_code == 0
    assert len(open_issues(github_standin)) == 2
    assert len(github_standin.issues()) == 2


def test_missing_token_is_a_usage_error(repo: Path) -> None:
    result = make_runner(repo)(
        "stale", "--open-issues", env={"GITHUB_TOKEN": None, "GITHUB_REPOSITORY": None}
    )
    assert result.exit_code == 2
    assert "GITHUB_TOKEN" in result.stderr
