"""The gate's path policy, attack by attack: what a change may touch at all, read as Git objects."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import git
from test_check_pr import cast, check, commit_all, only, open_voting


@pytest.fixture
def voting(records: Path, clerk) -> Path:
    return open_voting(records, clerk)


def test_export_ignore_cannot_hide_a_forged_vote(voting: Path, clerk) -> None:
    """.gitattributes is the chairs' and never read; the ballot behind it is judged all the same."""
    (voting / ".gitattributes").write_text("ballots/SC005.yaml export-ignore\n")
    cast(clerk, "Beta Trust", "yes")  # Beta Trust's vote, made by Carol Gamma's change
    commit_all(voting)
    code, findings = check(clerk, "carol-g")
    assert code == 1
    by_file = {(f["file"], f["check"]) for f in findings}
    assert (".gitattributes", "pr-permission") in by_file
    assert ("ballots/SC005.yaml", "pr-permission") in by_file


def test_own_vote_with_a_chairs_gitattributes_passes(voting: Path, clerk) -> None:
    (voting / ".gitattributes").write_text("*.yaml text eol=lf\n")
    cast(clerk, "Acme CA", "yes", by="Alice Chair")
    commit_all(voting)
    code, findings = check(clerk, "alice-chair")
    assert code == 0, findings


def _replace_with_gitlink(root: Path, path: str) -> None:
    sha = git(root, "rev-parse", "HEAD").strip()
    git(root, "rm", "-q", "--cached", path)
    (root / path).unlink()
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{sha},{path}")
    git(root, "commit", "-q", "-m", "gitlink")


def test_ballot_replaced_by_a_gitlink(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    _replace_with_gitlink(records, "ballots/SC001.yaml")
    for author in ("carol-g", "alice-chair"):  # refused for everybody, the chairs included
        code, findings = check(clerk, author)
        assert code == 1
        finding = only(findings, "pr-path")
        assert finding["file"] == "ballots/SC001.yaml"
        assert "gitlink" in finding["message"]


def test_ballot_replaced_by_a_symlink_to_a_directory(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    git(records, "rm", "-q", "ballots/SC001.yaml")
    (records / "ballots/SC001.yaml").symlink_to("../meetings")
    commit_all(records)
    code, findings = check(clerk, "alice-chair")
    assert code == 1
    finding = only(findings, "pr-path")
    assert finding["file"] == "ballots/SC001.yaml"
    assert "symbolic link" in finding["message"]


def test_record_moved_behind_a_symlink(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    git(records, "mv", "ballots/drafts/cleanup.yaml", "meetings/cleanup.yaml")
    (records / "ballots/drafts/cleanup.yaml").symlink_to("../../meetings/cleanup.yaml")
    commit_all(records)
    code, findings = check(clerk, "carol-g")
    assert code == 1
    assert {(f["file"], f["check"]) for f in findings} >= {
        ("ballots/drafts/cleanup.yaml", "pr-path"),
        ("meetings/cleanup.yaml", "pr-permission"),
    }


def test_executable_record_is_refused(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    git(records, "update-index", "--chmod=+x", "ballots/drafts/cleanup.yaml")
    git(records, "commit", "-q", "-m", "chmod")
    code, findings = check(clerk, "alice-chair")
    assert code == 1
    assert "executable" in only(findings, "pr-path")["message"]


@pytest.mark.parametrize("odd", ["\r", "\n", "\t"])
def test_draft_named_with_a_control_character(records: Path, clerk, odd: str) -> None:
    git(records, "checkout", "-q", "-b", "change")
    clerk("--now", "2025-11-09T15:00:00Z", "ballot", "propose", "Idea", "--proposer", "Carol Gamma")
    (records / "ballots/drafts/idea.yaml").rename(records / f"ballots/drafts/idea{odd}.yaml")
    commit_all(records)
    code, findings = check(clerk, "carol-g")
    assert code == 1
    finding = only(findings, "pr-path")
    assert finding["file"] == f"ballots/drafts/idea{odd}.yaml"
    assert "control character" in finding["message"]


def test_file_name_that_is_not_utf8(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    os.rename(
        records / "ballots/drafts/cleanup.yaml",
        os.fsencode(records) + b"/ballots/drafts/c\xff.yaml",
    )
    commit_all(records)
    code, findings = check(clerk, "carol-g")
    assert code == 1
    assert {f["check"] for f in findings} == {"pr-path", "pr-deleted"}


def test_honest_draft_passes(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    clerk("--now", "2025-11-09T15:00:00Z", "ballot", "propose", "Idea", "--proposer", "Carol Gamma")
    commit_all(records)
    code, findings = check(clerk, "carol-g")
    assert code == 0, findings


def test_code_and_packaging_are_the_chairs(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    for name in ("tools/clerk/cli.py", "pyproject.toml", "setup.py", ".gitmodules", "docs/a.md"):
        path = records / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("print('pwned')\n")
    commit_all(records)
    for author in ("carol-g", "clerk-bot"):
        code, findings = check(clerk, author)
        assert code == 1
        files = {f["file"] for f in findings}
        assert files == {
            "tools/clerk/cli.py",
            "pyproject.toml",
            "setup.py",
            ".gitmodules",
            "docs/a.md",
        }
    assert check(clerk, "alice-chair")[0] == 0


def test_chairs_roster_edit_passes(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    path = records / "members.yaml"
    path.write_text(path.read_text().replace("github: zoe-z", "github: zoe-zeta"))
    commit_all(records)
    code, findings = check(clerk, "alice-chair")
    assert code == 0, findings


def test_empty_author_is_a_usage_error(records: Path, clerk) -> None:
    for args in (["--author", ""], ["--author", "  "], []):
        result = clerk("check-pr", "--base", "main", "--head", "main", *args)
        assert result.exit_code == 2, result.stderr
        assert "--author is required" in result.stderr


def test_work_tree_is_judged_without_touching_the_index(records: Path, clerk) -> None:
    (records / "notes.txt").write_text("untracked\n")
    result = clerk("--format", "json", "check-pr", "--base", "main", "--author", "bob-b")
    assert result.exit_code == 1
    assert only(result.json()["findings"], "pr-permission")["file"] == "notes.txt"
    status = subprocess.run(
        ["git", "-C", str(records), "status", "--porcelain"], capture_output=True, text=True
    ).stdout
    assert status == "?? notes.txt\n"


def test_gitlink_beside_a_roster_edit_is_refused_without_reading_it(records: Path, clerk) -> None:
    """A roster change makes check-pr read every record of the head; a gitlink is not one."""
    git(records, "checkout", "-q", "-b", "change")
    path = records / "members.yaml"
    path.write_text(path.read_text().replace("github: zoe-z", "github: zoe-zeta"))
    git(records, "add", "members.yaml")
    missing = "0123456789abcdef0123456789abcdef01234567"  # no such object here
    git(records, "update-index", "--add", "--cacheinfo", f"160000,{missing},ballots/SC009.yaml")
    git(records, "commit", "-q", "-m", "roster and gitlink")
    code, findings = check(clerk, "alice-chair")
    assert code == 1
    assert only(findings, "pr-path")["file"] == "ballots/SC009.yaml"


def test_a_change_the_gate_cannot_judge_is_refused(records: Path, clerk, monkeypatch) -> None:
    """Default deny: an unexpected failure while judging one record refuses it, no traceback."""
    from clerk.gate import review

    def broken(*args: object) -> list:
        raise KeyError("unexpected")

    monkeypatch.setattr(review, "judge_ballot", broken)
    git(records, "checkout", "-q", "-b", "change")
    clerk("--now", "2025-11-09T15:00:00Z", "ballot", "propose", "Idea", "--proposer", "Carol Gamma")
    commit_all(records)
    code, findings = check(clerk, "carol-g")
    assert code == 1
    assert only(findings, "pr-unjudged")["file"] == "ballots/drafts/idea.yaml"
