"""clerk check-pr in temporary Git repositories: one allowed change, then each forbidden one."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git, open_vote

T0 = "2025-11-01T12:00:00Z"
REPRESENTATIVES = {
    "Acme CA": "Alice Chair",
    "Beta Trust": "Bob Builder",
    "Gamma PKI": "Carol Gamma",
    "Delta Browser": "Dan Delta",
    "Epsilon Web": "Erin Epsilon",
}


@pytest.fixture
def voting(records: Path, clerk) -> Path:
    return open_voting(records, clerk)


def open_voting(records: Path, clerk) -> Path:
    """main holds SC005 in voting (opened 2025-11-08T14:00Z); a branch `change` is checked out."""
    open_vote(clerk)
    git(records, "checkout", "-q", "-b", "change")
    return records


def cast(
    clerk,
    org: str,
    value: str,
    by: str | None = None,
    now: str = "2025-11-09T14:00:00Z",
    commit: bool = False,
) -> None:
    """Cast SC005's vote for an organization through the CLI (by its representative)."""
    args = ["--now", now, "ballot", "vote", "SC005", "--org", org, "--vote", value]
    args += ["--by", by or REPRESENTATIVES[org]]
    args += ["--commit"] if commit else []
    assert clerk(*args).exit_code == 0


def edit_on_branch(root: Path, relpath: str, old: str, new: str) -> None:
    """On a new branch `change`, replace text in one file and commit it."""
    git(root, "checkout", "-q", "-b", "change")
    path = root / relpath
    path.write_text(path.read_text().replace(old, new))
    commit_all(root)


def commit_all(root: Path, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def check(clerk, author: str, now: str = "2025-11-09T15:00:00Z") -> tuple[int, list[dict]]:
    result = clerk(
        "--format",
        "json",
        "--now",
        now,
        "check-pr",
        "--base",
        "main",
        "--head",
        "change",
        "--author",
        author,
    )
    return result.exit_code, result.json()["findings"]


def only(findings: list[dict], check_id: str) -> dict:
    matching = [f for f in findings if f["check"] == check_id]
    assert len(matching) == 1, findings
    return matching[0]


def line_of(root: Path, file: str, text: str, after: str | None = None) -> int:
    lines = (root / file).read_text().splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def test_own_vote_passes(voting: Path, clerk) -> None:
    cast(clerk, "Beta Trust", "yes", by="Bob Builder")
    commit_all(voting)
    code, findings = check(clerk, "bob-b")
    assert code == 0, findings
    assert findings == []


def test_vote_for_another_organization(voting: Path, clerk) -> None:
    cast(clerk, "Beta Trust", "yes")
    commit_all(voting)
    code, findings = check(clerk, "carol-g")
    assert code == 1
    finding = only(findings, "pr-permission")
    assert finding["file"] == "ballots/SC005.yaml"
    assert finding["line"] == line_of(voting, "ballots/SC005.yaml", "- org: Beta Trust")
    assert "may not vote for Beta Trust" in finding["message"]


def test_vote_by_someone_not_a_voting_representative(voting: Path, clerk) -> None:
    cast(clerk, "Acme CA", "no")
    commit_all(voting)
    code, findings = check(clerk, "adam-a")  # Acme CA's, but not a voting representative
    assert code == 1
    finding = only(findings, "pr-permission")
    assert finding["line"] == line_of(
        voting, "ballots/SC005.yaml", "- org: Acme CA", after="votes:"
    )


def test_edit_of_a_passed_ballots_votes(records: Path, clerk) -> None:
    edit_on_branch(records, "ballots/SC001.yaml", "    vote: abstain", "    vote: yes")
    code, findings = check(clerk, "carol-g")
    assert code == 1
    finding = only(findings, "pr-frozen")
    assert '"votes" is frozen while the ballot is passed' in finding["message"]
    assert finding["line"] == line_of(records, "ballots/SC001.yaml", "votes:")


def test_deleted_ballot(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    git(records, "rm", "-q", "ballots/drafts/cleanup.yaml")
    git(records, "commit", "-q", "-m", "remove")
    code, findings = check(clerk, "carol-g")
    assert code == 1
    finding = only(findings, "pr-deleted")
    assert (finding["file"], finding["line"]) == ("ballots/drafts/cleanup.yaml", 1)


def test_jump_from_draft_to_voting(records: Path, clerk) -> None:
    edit_on_branch(records, "ballots/drafts/cleanup.yaml", "status: draft", "status: voting")
    code, findings = check(clerk, "carol-g")
    assert code == 1
    finding = only(findings, "pr-transition")
    assert "draft -> voting is not a legal move" in finding["message"]
    assert finding["line"] == line_of(records, "ballots/drafts/cleanup.yaml", "status:")


def test_title_change_during_voting(voting: Path, clerk) -> None:
    path = voting / "ballots/SC005.yaml"
    path.write_text(path.read_text().replace("title: Example", "title: Something else"))
    commit_all(voting)
    code, findings = check(clerk, "alice-chair")
    assert code == 1
    finding = only(findings, "pr-frozen")
    assert '"title" is frozen while the ballot is voting' in finding["message"]
    assert finding["line"] == line_of(voting, "ballots/SC005.yaml", "title:")


def test_roster_edit_by_non_chair(records: Path, clerk) -> None:
    edit_on_branch(records, "members.yaml", "github: bob-b", "github: bob-builder")
    code, findings = check(clerk, "bob-b")
    assert code == 1
    finding = only(findings, "pr-permission")
    assert finding["file"] == "members.yaml"
    assert "only the chairs" in finding["message"]
    code, findings = check(clerk, "alice-chair")
    assert code == 0, findings


def test_hand_made_passed_that_disagrees_with_the_tally(voting: Path, clerk) -> None:
    # Only Gamma PKI votes, and against: the ballot fails, but the change says passed.
    git(voting, "checkout", "-q", "main")
    cast(clerk, "Gamma PKI", "no", commit=True)
    git(voting, "checkout", "-q", "-B", "change")
    clerk("--now", "2025-11-15T14:00:00Z", "advance")
    path = voting / "ballots/SC005.yaml"
    text = path.read_text()
    assert "status: failed" in text
    path.write_text(
        text.replace("status: failed", "status: passed").replace(
            "outcome: failed", "outcome: passed"
        )
    )
    commit_all(voting)
    code, findings = check(clerk, "alice-chair", now="2025-11-15T15:00:00Z")
    assert code == 1
    finding = only(findings, "pr-timed-transition")
    assert (
        "voting -> passed disagrees with what clerk advance computes at 2025-11-15T15:00:00Z "
        "(the votes give: failed)" in finding["message"]
    )


def test_timed_transition_made_by_advance_passes(voting: Path, clerk) -> None:
    git(voting, "checkout", "-q", "main")
    for org, by in [
        ("Acme CA", "Alice Chair"),
        ("Beta Trust", "Bob Builder"),
        ("Delta Browser", "Dan Delta"),
    ]:
        cast(clerk, org, "yes", by=by, commit=True)
    git(voting, "checkout", "-q", "-B", "change")
    clerk("--now", "2025-11-15T14:00:00Z", "advance", "--commit")
    code, findings = check(clerk, "clerk-bot", now="2025-11-15T14:05:00Z")
    assert code == 0, findings


def test_bot_may_not_vote(voting: Path, clerk) -> None:
    cast(clerk, "Acme CA", "yes")
    commit_all(voting)
    code, findings = check(clerk, "clerk-bot")
    assert code == 1
    assert only(findings, "pr-bot-scope")


def test_self_granted_rights_do_not_count(voting: Path, clerk) -> None:
    """Adding yourself to the roster and voting in the same change fails: rights come from base."""
    path = voting / "members.yaml"
    path.write_text(path.read_text().replace("github: zoe-z", "github: zoe-z\n    aliases: [Z]"))
    cast(clerk, "Acme CA", "yes")
    commit_all(voting)
    code, findings = check(clerk, "zoe-z")
    assert code == 1
    assert {f["check"] for f in findings} == {"pr-permission"}
    assert len(findings) == 2


def test_new_proposal_by_voting_representative(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    clerk("--now", T0, "ballot", "propose", "New idea", "--proposer", "Carol Gamma")
    commit_all(records)
    assert check(clerk, "carol-g", now=T0)[0] == 0
    code, findings = check(clerk, "zoe-z", now=T0)
    assert code == 1
    assert only(findings, "pr-permission")["file"] == "ballots/drafts/new-idea.yaml"


def test_numbering_rename_is_allowed(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    clerk("--now", T0, "ballot", "endorse", "drafts/cleanup", "--by", "Alice Chair")
    commit_all(records)
    git(records, "checkout", "-q", "-b", "change2")
    clerk("--now", T0, "ballot", "endorse", "drafts/cleanup", "--by", "Dan Delta")
    commit_all(records)
    result = clerk(
        "--format",
        "json",
        "--now",
        T0,
        "check-pr",
        "--base",
        "change",
        "--head",
        "change2",
        "--author",
        "dan-d",
    )
    assert result.exit_code == 0, result.stdout
    assert (records / "ballots/SC002.yaml").exists()


def test_job_summary_golden(voting: Path, clerk, tmp_path: Path) -> None:
    cast(clerk, "Beta Trust", "yes")
    commit_all(voting)
    summary = tmp_path / "summary.md"
    clerk(
        "--now",
        "2025-11-09T15:00:00Z",
        "check-pr",
        "--base",
        "main",
        "--head",
        "change",
        "--author",
        "carol-g",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    golden = Path(__file__).parent / "fixtures" / "golden" / "check-pr-summary.md"
    assert summary.read_text() == golden.read_text()


def test_bad_base_is_a_clear_error(records: Path, clerk) -> None:
    result = clerk("check-pr", "--base", "no-such-rev", "--author", "bob-b")
    assert result.exit_code == 1
    assert "'no-such-rev' is not a commit" in result.stderr


def test_workflow_edit_by_non_chair(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    workflow = records / ".github/workflows/validate.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: validate\non: push\njobs: {}\n")
    commit_all(records)
    code, findings = check(clerk, "bob-b")
    assert code == 1
    assert only(findings, "pr-permission")["file"] == ".github/workflows/validate.yml"
    assert check(clerk, "alice-chair")[0] == 0
