"""clerk history (from git), clerk board and clerk meeting new, on temporary repositories."""

from __future__ import annotations

from pathlib import Path

import yaml_rs

BY_ALICE = ("--by", "Alice Chair")
ACME = ("--org", "Acme CA", "--vote")


def test_history_follows_the_ballot_through_renames(records: Path, clerk) -> None:
    steps = [
        ("2025-11-01T10:00:00Z", "ballot", "propose", "Tidy", "--proposer", "Alice Chair"),
        ("2025-11-01T11:00:00Z", "ballot", "endorse", "drafts/tidy", "--by", "Bob Builder"),
        ("2025-11-01T12:00:00Z", "ballot", "endorse", "drafts/tidy", "--by", "Dan Delta"),
        ("2025-11-01T13:00:00Z", "ballot", "start-discussion", "SC002", *BY_ALICE),
        ("2025-11-03T13:00:00Z", "ballot", "revise", "SC002", *BY_ALICE),
        ("2025-11-10T13:00:00Z", "ballot", "start-voting", "SC002", *BY_ALICE),
        ("2025-11-11T13:00:00Z", "ballot", "vote", "SC002", *ACME, "no", *BY_ALICE),
        ("2025-11-11T14:00:00Z", "ballot", "vote", "SC002", *ACME, "yes", *BY_ALICE),
    ]
    for now, *args in steps:
        result = clerk("--now", now, *args, "--commit")
        assert result.exit_code == 0, result.stderr

    result = clerk("--format", "json", "history", "SC-2")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["file"] == "ballots/SC002.yaml"
    timeline = [entry["changes"] for entry in reversed(data["history"])]
    assert timeline == [
        ["created (status draft)"],
        ["endorsed by Bob Builder (Beta Trust)"],
        ["numbered SC002", "endorsed by Dan Delta (Delta Browser)"],
        ["status draft -> discussion", "changed: discussion"],
        ["version 2 posted (2025-11-03T13:00:00Z)"],
        ["status discussion -> voting", "changed: discussion, rules, voting"],
        ["Acme CA voted no (by Alice Chair)"],
        ["Acme CA changed its vote from no to yes (by Alice Chair)"],
    ]
    files = [entry["file"] for entry in reversed(data["history"])]
    assert files[:2] == ["ballots/drafts/tidy.yaml"] * 2
    assert files[2:] == ["ballots/SC002.yaml"] * 6
    assert {entry["author"] for entry in data["history"]} == {"Test Author"}, data

    text = clerk("history", "SC002").stdout
    assert "- Acme CA changed its vote from no to yes" in text


def test_history_of_a_meeting_by_date(records: Path, clerk) -> None:
    result = clerk("history", "2025-10-02")
    assert result.exit_code == 0
    assert "meetings/2025/2025-10-02.yaml" in result.stdout
    assert "- created" in result.stdout


def test_history_of_unknown_record(records: Path, clerk) -> None:
    result = clerk("history", "SC-99")
    assert result.exit_code == 1
    assert 'no ballot "SC-99"' in result.stderr


def test_board_groups_and_deadlines(records: Path, clerk) -> None:
    clerk(
        "--now",
        "2025-11-01T12:00:00Z",
        "ballot",
        "propose",
        "Open vote",
        "--proposer",
        "Alice Chair",
        "--id",
        "SC003",
    )
    clerk("--now", "2025-11-01T12:00:00Z", "ballot", "endorse", "SC003", "--by", "Bob Builder")
    clerk("--now", "2025-11-01T12:00:00Z", "ballot", "endorse", "SC003", "--by", "Dan Delta")
    clerk("--now", "2025-11-01T12:00:00Z", "ballot", "start-discussion", "SC003", *BY_ALICE)
    clerk("--now", "2025-11-08T12:00:00Z", "ballot", "start-voting", "SC003", *BY_ALICE)
    clerk("--now", "2025-11-09T12:00:00Z", "ballot", "vote", "SC003", *ACME, "yes", *BY_ALICE)
    result = clerk("--format", "json", "--now", "2025-11-10T00:00:00Z", "board")
    groups = result.json()
    assert [row["ballot"] for row in groups["In Voting"]] == ["SC003"]
    assert groups["In Voting"][0]["deadline"] == "voting ends 2025-11-15T12:00:00Z"
    assert groups["In Voting"][0]["tally"].startswith("Certificate Issuers 1/0/0")
    assert [row["ballot"] for row in groups["IPR Review"]] == ["SC001"]
    assert [row["ballot"] for row in groups["Draft / Under Consideration"]] == ["draft cleanup"]
    markdown = clerk("--now", "2025-11-10T00:00:00Z", "board", "--markdown").stdout
    assert "### In Voting" in markdown
    assert "| SC003 | Open vote | Alice Chair | voting ends 2025-11-15T12:00:00Z |" in markdown


def test_meeting_new(records: Path, clerk) -> None:
    result = clerk("--now", "2025-10-20T00:00:00Z", "meeting", "new", "2025-10-30")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "meetings/2025/2025-10-30.yaml"
    data = yaml_rs.loads(
        (records / "meetings/2025/2025-10-30.yaml").read_text(), parse_datetime=False
    )
    assert data["chair"] == "Alice Chair"
    assert data["statement"] == {"kind": "note-well", "read_by": "Alice Chair"}
    assert data["minutes_approved"] == ["2025-10-23"]
    assert {
        "ballot": "SC001",
        "owner": "Alice Chair",
        "note": "IPR Review; review ends 2025-11-14T12:00:00Z",
    } in data["ballots"]
    assert "Ballot status" in data["sections"]
    assert clerk("validate").exit_code == 0
    again = clerk("--now", "2025-10-20T00:00:00Z", "meeting", "new", "2025-10-30")
    assert again.exit_code == 1
    assert "exists already" in again.stderr


def test_history_of_a_near_copy_starts_at_its_creation(records: Path, clerk) -> None:
    """git log --follow takes a new file much like another for a copy of it; clerk does not."""
    from conftest import git

    source = (records / "ballots/drafts/cleanup.yaml").read_text()
    copy = source.replace("slug: cleanup", "slug: cleanup-two").replace("Yearly", "Second")
    (records / "ballots/drafts/cleanup-two.yaml").write_text(copy)
    git(records, "add", "-A")
    git(records, "commit", "-q", "-m", "Second clean-up draft")
    data = clerk("--format", "json", "history", "drafts/cleanup-two").json()
    assert [entry["changes"] for entry in data["history"]] == [["created (status draft)"]]


def test_history_says_what_changed_in_a_stored_result_and_an_open_review() -> None:
    from clerk.history import describe

    old = {"status": "passed", "result": {"outcome": "passed", "quorum": 14, "participants": 25}}
    recount = {**old, "result": {**old["result"], "quorum": 13}}
    assert describe(old, recount) == ["result (passed) changed: quorum 14 -> 13"]
    failed = {**old, "status": "failed", "result": {"outcome": "failed", "quorum": 14}}
    assert describe(old, failed)[-1] == "result stored: failed"
    review = {**old, "review": {"start": "2025-11-19T09:00:00Z"}}
    assert describe(old, review) == ["review 2025-11-19T09:00:00Z (no end recorded)"]
