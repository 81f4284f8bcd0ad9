"""Votes on a mailing list: recorded by a chair after the fact, closed by the chair's announcement.

The fixture body is switched to `voting: {channels: [mailing-list]}`, as this repository's own
governance.yaml is for the SCWG (Bylaws 2.3(4)).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml_rs

from conftest import ClerkRunner, Result, git, open_vote

LIST = "voting:\n  channels: [mailing-list]\n"
MESSAGE = "https://lists.example.org/archives/wg/2025-November/000123.html"
END = "2025-11-15T14:00:00Z"


def load(path: Path) -> dict:
    return yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)


@pytest.fixture
def list_vote(records: Path, clerk: ClerkRunner) -> Path:
    """SC005 in voting from 2025-11-08T14:00Z to END; votes come from the list."""
    governance = records / "governance.yaml"
    governance.write_text(governance.read_text() + LIST)
    git(records, "commit", "-q", "-am", "votes on the list")
    open_vote(clerk)
    return records / "ballots" / "SC005.yaml"


def record(clerk: ClerkRunner, org: str, by: str, sent: str, now: str, value: str = "yes"):
    return clerk(
        "--now",
        now,
        "ballot",
        "vote",
        "SC005",
        "--org",
        org,
        "--vote",
        value,
        "--by",
        by,
        "--source",
        MESSAGE,
        "--at",
        sent,
        "--commit",
    )


def test_list_votes_are_recorded_late_and_closed_by_the_chair(
    list_vote: Path, records: Path, clerk: ClerkRunner
) -> None:
    after = "2025-11-16T09:00:00Z"
    for org, by in [
        ("Acme CA", "Alice Chair"),
        ("Beta Trust", "Bob Builder"),
        ("Delta Browser", "Dan Delta"),
    ]:
        result = record(clerk, org, by, "2025-11-15T13:59:59Z", after)
        assert result.exit_code == 0, result.stderr
    entry = next(v for v in load(list_vote)["votes"] if v["org"] == "Acme CA")
    assert (entry["at"], entry["source"]) == ("2025-11-15T13:59:59Z", MESSAGE)
    assert f"Clerk-Source: {MESSAGE}" in git(records, "log", "-1", "--format=%B")

    # a message sent at the end is late; the time of the message counts, not of the recording
    late = record(clerk, "Gamma PKI", "Carol Gamma", END, after)
    assert late.exit_code == 1 and "is late" in late.stderr
    # advance leaves the vote open: the chair announces it
    assert "SC005" not in clerk("--now", after, "advance", "--commit").stdout
    assert load(list_vote)["status"] == "voting"
    stale = clerk("--now", after, "stale")
    assert "SC005: announce the result by 2025-11-19" in stale.stdout

    early = clerk(
        "--now", "2025-11-15T13:00:00Z", "ballot", "announce", "SC005", "--by", "Alice Chair"
    )
    assert early.exit_code == 1 and "announced after the end" in early.stderr
    member = clerk("--now", after, "ballot", "announce", "SC005", "--by", "Bob Builder")
    assert member.exit_code == 1 and "only a chair announces" in member.stderr
    done = clerk("--now", after, "ballot", "announce", "SC005", "--by", "Alice Chair", "--commit")
    assert done.exit_code == 0, done.stderr
    data = load(list_vote)
    assert data["status"] == "passed" and data["result"]["outcome"] == "passed"
    assert data["result"]["decided"] == END
    assert "Clerk-Transition: voting -> passed" in git(records, "log", "-1", "--format=%B")
    again = clerk("--now", after, "ballot", "announce", "SC005", "--by", "Alice Chair")
    assert again.exit_code == 0 and "nothing to announce" in again.stdout
    assert clerk("--now", after, "validate").exit_code == 0


def test_list_vote_needs_its_message(list_vote: Path, clerk: ClerkRunner) -> None:
    now = "2025-11-10T09:00:00Z"
    args = [
        "--now",
        now,
        "ballot",
        "vote",
        "SC005",
        "--org",
        "Acme CA",
        "--vote",
        "yes",
        "--by",
        "Alice Chair",
        "--at",
        "2025-11-09T09:00:00Z",
    ]
    assert "needs --source" in clerk(*args).stderr
    assert "needs --source" in clerk(*args, "--source", "javascript:alert(1)").stderr
    future = clerk(*args[:-1], "2025-11-11T09:00:00Z", "--source", MESSAGE)
    assert future.exit_code == 1 and "in the future" in future.stderr
    bad = clerk(*args[:-1], "yesterday", "--source", MESSAGE)
    assert bad.exit_code == 2 and "--at 'yesterday'" in bad.stderr


def test_without_list_votes_advance_closes_and_announce_refuses(
    records: Path, clerk: ClerkRunner
) -> None:
    open_vote(clerk)
    refused = clerk(
        "--now", "2025-11-16T09:00:00Z", "ballot", "announce", "SC005", "--by", "Alice Chair"
    )
    assert refused.exit_code == 1 and "clerk advance closes them" in refused.stderr
    listed = clerk(
        "--now",
        "2025-11-10T09:00:00Z",
        "ballot",
        "vote",
        "SC005",
        "--org",
        "Acme CA",
        "--vote",
        "yes",
        "--by",
        "Alice Chair",
        "--source",
        MESSAGE,
        "--at",
        "2025-11-09T09:00:00Z",
    )
    assert listed.exit_code == 1 and "no votes from a mailing list" in listed.stderr
    assert "SC005: voting -> failed" in clerk("--now", "2025-11-16T09:00:00Z", "advance").stdout


def test_gate_accepts_a_chairs_list_vote_only(
    list_vote: Path, records: Path, clerk: ClerkRunner
) -> None:
    """After the end, a chair's pull request records a list vote dated inside the period;
    the same change by a member is refused (even its own representative's: votes are taken
    on the list here), as is a chair's vote dated after the end."""

    def change(by_login: str, sent: str) -> int:
        """check-pr's exit code for a branch recording Beta Trust's list vote sent at ``sent``
        (written by hand: clerk itself refuses a message sent at or after the end)."""
        git(records, "checkout", "-q", "-B", "change", "main")
        entry = (
            f"  - org: Beta Trust\n    vote: yes\n    by: Bob Builder\n    at: {sent}\n"
            f"    source: {MESSAGE}\n"
        )
        list_vote.write_text(list_vote.read_text().replace("  - org: Beta Trust\n", entry))
        git(records, "commit", "-q", "-am", "Beta Trust's list vote")
        now = "2025-11-16T09:00:00Z"
        args = ["--now", now, "check-pr", "--base", "main", "--head", "change"]
        result = clerk(*args, "--author", by_login)
        git(records, "checkout", "-q", "main")
        return result.exit_code

    assert change("alice-chair", "2025-11-15T10:00:00Z") == 0
    assert change("carol-g", "2025-11-15T10:00:00Z") == 1
    assert change("bob-b", "2025-11-15T10:00:00Z") == 1  # its own vote, but not on the list
    assert change("alice-chair", "2025-11-15T14:00:00Z") == 1


def test_gate_refuses_a_vote_changed_after_the_end(records: Path, clerk: ClerkRunner) -> None:
    """With votes by pull request, a vote committed after the end is late, whatever its `at`."""
    open_vote(clerk)
    ballot = records / "ballots" / "SC005.yaml"
    git(records, "checkout", "-q", "-b", "change")
    entry = (
        "  - org: Beta Trust\n    vote: yes\n    by: Bob Builder\n    at: 2025-11-15T13:00:00Z\n"
    )
    ballot.write_text(ballot.read_text().replace("  - org: Beta Trust\n", entry))
    git(records, "commit", "-q", "-am", "Beta Trust votes yes")

    def check(now: str) -> Result:
        args = ["--now", now, "--format", "json", "check-pr", "--base", "main", "--head", "change"]
        return clerk(*args, "--author", "bob-b")

    assert check("2025-11-15T13:30:00Z").exit_code == 0
    late = check(END)
    assert late.exit_code == 1 and "pr-late-vote" in late.stdout
