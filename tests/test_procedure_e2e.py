"""A ballot's whole life in a temporary Git repository, and every illegal move refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml_rs

from conftest import git


def load(path: Path) -> dict:
    return yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)


def trailers(root: Path, rev: str = "HEAD") -> dict[str, str]:
    out = git(root, "log", "-1", "--format=%(trailers:only,unfold)", rev)
    return dict(line.split(": ", 1) for line in out.strip().splitlines() if line)


def test_ballot_life(records: Path, clerk) -> None:
    at = lambda day, hour=12: ["--now", f"2025-11-{day:02d}T{hour:02d}:00:00Z"]  # noqa: E731

    result = clerk(
        *at(1), "ballot", "propose", "Tidy the definitions", "--proposer", "Alice Chair", "--commit"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "drafts/tidy-the-definitions"
    draft = records / "ballots/drafts/tidy-the-definitions.yaml"
    assert load(draft)["status"] == "draft"
    assert trailers(records)["Clerk-Ballot"] == "drafts/tidy-the-definitions"

    assert (
        clerk(
            *at(2),
            "ballot",
            "endorse",
            "drafts/tidy-the-definitions",
            "--by",
            "Bob Builder",
            "--commit",
        ).exit_code
        == 0
    )
    assert draft.exists()
    result = clerk(
        *at(2, 13),
        "ballot",
        "endorse",
        "drafts/tidy-the-definitions",
        "--by",
        "Dan Delta",
        "--commit",
    )
    assert result.exit_code == 0, result.stderr
    numbered = records / "ballots/SC002.yaml"
    assert numbered.exists() and not draft.exists()
    data = load(numbered)
    assert data["id"] == "SC002"
    assert [e["name"] for e in data["endorsers"]] == ["Bob Builder", "Dan Delta"]
    renamed = git(records, "show", "--name-status", "--format=", "-M", "HEAD").split()
    assert renamed[0].startswith("R")
    assert renamed[1:] == ["ballots/drafts/tidy-the-definitions.yaml", "ballots/SC002.yaml"]

    result = clerk(*at(3), "ballot", "start-discussion", "SC-2", "--commit")
    assert result.exit_code == 0, result.stderr
    assert load(numbered)["status"] == "discussion"
    assert trailers(records)["Clerk-Transition"] == "draft -> discussion"

    result = clerk(*at(10), "ballot", "start-voting", "SC 2", "--commit")
    assert result.exit_code == 0, result.stderr
    data = load(numbered)
    assert data["status"] == "voting"
    assert data["voting"] == {"start": "2025-11-10T12:00:00Z", "end": "2025-11-17T12:00:00Z"}
    assert data["rules"]["thresholds"]["certificate-issuer"] == {
        "rule": "at-least",
        "fraction": "2/3",
    }
    assert trailers(records)["Clerk-Transition"] == "discussion -> voting"

    for org, vote, by in [
        ("Acme CA", "yes", "Alice Chair"),
        ("Beta Trust", "yes", "Bob Builder"),
        ("Gamma PKI", "abstain", "Carol Gamma"),
        ("Delta Browser", "yes", "Dan Delta"),
        ("Epsilon Web", "no", "Erin Epsilon"),
    ]:
        result = clerk(
            *at(11), "ballot", "vote", "sc002", "--org", org, "--vote", vote, "--by", by, "--commit"
        )
        assert result.exit_code == 0, result.stderr
    assert len(load(numbered)["votes"]) == 5

    tally = clerk(*at(12), "ballot", "tally", "SC002")
    assert "Certificate Issuers: 2 yes, 0 no, 1 abstain" in tally.stdout
    assert "Certificate Consumers: 1 yes, 1 no, 0 abstain" in tally.stdout
    assert "needs 1 more yes vote from Certificate Consumers to pass" in tally.stdout

    # Epsilon Web changes its mind: the vote is replaced, and Git keeps both.
    result = clerk(
        *at(12),
        "ballot",
        "vote",
        "SC002",
        "--org",
        "Epsilon Web",
        "--vote",
        "yes",
        "--by",
        "Erin Epsilon",
        "--commit",
    )
    assert result.exit_code == 0
    votes = load(numbered)["votes"]
    assert len(votes) == 5 and votes[-1]["vote"] == "yes"
    assert "-    vote: no" in git(records, "show", "HEAD")

    first = clerk(*at(16), "advance", "--commit")
    assert first.stdout.startswith("SC001: passed -> final")  # the fixture's ballot
    assert "SC002" not in first.stdout
    before = git(records, "rev-parse", "HEAD")
    assert clerk(*at(16), "advance", "--commit").stdout == ""
    assert git(records, "rev-parse", "HEAD") == before

    result = clerk(*at(17), "advance", "--commit")
    assert "SC002: voting -> passed" in result.stdout
    data = load(numbered)
    assert data["status"] == "passed"
    assert data["result"]["outcome"] == "passed"
    assert data["result"]["tally"]["certificate-consumer"] == {"yes": 2, "no": 0, "abstain": 0}
    assert data["review"] == {"start": "2025-11-17T12:00:00Z", "end": "2025-12-17T12:00:00Z"}
    assert trailers(records) == {
        "Clerk-Ballot": "SC002",
        "Clerk-Transition": "voting -> passed",
        "Clerk-Action": "advance",
    }
    assert git(records, "log", "-1", "--format=%an <%ae>").strip() == "Clerk <clerk@example.org>"

    result = clerk("--now", "2025-12-17T12:00:00Z", "advance", "--commit")
    assert "SC002: passed -> final" in result.stdout
    data = load(numbered)
    assert data["status"] == "final" and data["effective"] == "2025-12-17"

    again = git(records, "rev-parse", "HEAD")
    assert clerk("--now", "2025-12-18T12:00:00Z", "advance", "--commit").exit_code == 0
    assert git(records, "rev-parse", "HEAD") == again

    moves = git(records, "log", "--format=%s", "--grep", "Clerk-Ballot: SC002").splitlines()
    assert moves[0] == "SC002: passed -> final"
    assert "SC002: draft -> discussion" in moves
    assert clerk("validate").exit_code == 0


@pytest.fixture
def in_discussion(records: Path, clerk) -> Path:
    clerk(
        "--now",
        "2025-11-01T12:00:00Z",
        "ballot",
        "propose",
        "Example",
        "--proposer",
        "Alice Chair",
        "--id",
        "SC010",
    )
    clerk("--now", "2025-11-01T13:00:00Z", "ballot", "endorse", "SC010", "--by", "Bob Builder")
    clerk("--now", "2025-11-01T14:00:00Z", "ballot", "endorse", "SC010", "--by", "Erin Epsilon")
    assert (
        clerk("--now", "2025-11-01T15:00:00Z", "ballot", "start-discussion", "SC010").exit_code == 0
    )
    return records / "ballots/SC010.yaml"


def refused(clerk, *args: str) -> str:
    result = clerk(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr


def test_start_voting_after_six_days_refused(in_discussion: Path, clerk) -> None:
    before = in_discussion.read_text()
    message = refused(clerk, "--now", "2025-11-07T12:00:00Z", "ballot", "start-voting", "SC010")
    assert "needs 7 days of discussion" in message
    assert "voting may start at 2025-11-08T12:00:00Z or later" in message
    assert in_discussion.read_text() == before


def test_endorsement_from_proposers_organization_refused(records: Path, clerk) -> None:
    clerk(
        "--now", "2025-11-01T12:00:00Z", "ballot", "propose", "Example", "--proposer", "Alice Chair"
    )
    message = refused(
        clerk,
        "--now",
        "2025-11-01T13:00:00Z",
        "ballot",
        "endorse",
        "drafts/example",
        "--by",
        "Alice Chair",
    )
    assert "the proposer's own organization" in message


def test_vote_outside_period_refused(in_discussion: Path, clerk) -> None:
    assert clerk("--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010").exit_code == 0
    vote = ["ballot", "vote", "SC010", "--org", "Acme CA", "--vote", "yes"]
    early = refused(clerk, "--now", "2025-11-08T14:59:59Z", *vote)
    assert "opens at 2025-11-08T15:00:00Z" in early
    at_end = refused(clerk, "--now", "2025-11-15T15:00:00Z", *vote)
    assert "closed at 2025-11-15T15:00:00Z" in at_end
    assert clerk("--now", "2025-11-15T14:59:59Z", *vote).exit_code == 0


def test_vote_by_non_voting_member_refused(in_discussion: Path, clerk) -> None:
    clerk("--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010")
    vote = ["--now", "2025-11-09T10:00:00Z", "ballot", "vote", "SC010", "--vote", "yes"]
    message = refused(clerk, *vote, "--org", "Zeta Audit")
    assert "not a Voting Member" in message
    message = refused(clerk, *vote, "--org", "Acme CA", "--by", "Adam Acme")
    assert "not a Voting Representative" in message
    message = refused(clerk, *vote, "--org", "Acme CA", "--by", "Bob Builder")
    assert "represents Beta Trust, not Acme CA" in message


def test_revising_during_voting_refused(in_discussion: Path, clerk) -> None:
    clerk("--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010")
    message = refused(clerk, "--now", "2025-11-09T10:00:00Z", "ballot", "revise", "SC010")
    assert "cannot be revised during voting" in message


def test_revision_restarts_the_clock(in_discussion: Path, clerk) -> None:
    assert clerk("--now", "2025-11-05T10:00:00Z", "ballot", "revise", "SC010").exit_code == 0
    message = refused(clerk, "--now", "2025-11-09T10:00:00Z", "ballot", "start-voting", "SC010")
    assert "voting may start at 2025-11-12T10:00:00Z" in message


def test_discussion_lapses_after_90_days(in_discussion: Path, clerk) -> None:
    result = clerk("--now", "2026-01-30T11:59:59Z", "advance")
    assert "SC010" not in result.stdout
    result = clerk("--now", "2026-01-30T12:00:00Z", "advance")
    assert "SC010: discussion -> failed" in result.stdout
    assert load(in_discussion)["status"] == "failed"


def test_starting_discussion_without_endorsements_refused(records: Path, clerk) -> None:
    clerk(
        "--now", "2025-11-01T12:00:00Z", "ballot", "propose", "Example", "--proposer", "Alice Chair"
    )
    message = refused(
        clerk, "--now", "2025-11-02T12:00:00Z", "ballot", "start-discussion", "drafts/example"
    )
    assert "has 0 of the 2 endorsements" in message


def test_exclusion_notice_rescinds(records: Path, clerk) -> None:
    result = clerk(
        "--now", "2025-10-20T12:00:00Z", "ballot", "exclusion-notice", "SC001", "--org", "Gamma PKI"
    )
    assert result.exit_code == 0, result.stderr
    assert load(records / "ballots/SC001.yaml")["status"] == "rescinded"
    assert clerk("--now", "2025-12-01T12:00:00Z", "advance").stdout == ""


def test_withdraw_during_voting_only_by_proposer(in_discussion: Path, clerk) -> None:
    clerk("--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010")
    message = refused(
        clerk, "--now", "2025-11-09T10:00:00Z", "ballot", "withdraw", "SC010", "--by", "Bob Builder"
    )
    assert "only the proposer" in message
    ok = clerk(
        "--now", "2025-11-09T10:00:00Z", "ballot", "withdraw", "SC010", "--by", "Alice Chair"
    )
    assert ok.exit_code == 0
    assert load(in_discussion)["status"] == "withdrawn"


def test_edit_keeps_comments_and_order(records: Path, clerk) -> None:
    path = records / "ballots/drafts/cleanup.yaml"
    path.write_text("# keep me\n" + path.read_text() + "# trailing comment\n")
    before = path.read_text()
    assert (
        clerk("--now", "2025-11-01T12:00:00Z", "ballot", "revise", "drafts/cleanup").exit_code == 0
    )
    after = path.read_text()
    assert after.startswith("# keep me\nslug: cleanup\n")
    assert "# trailing comment" in after
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["versions:", "  - version: 1", "    posted: 2025-11-01T12:00:00Z"]


def test_edit_keeps_the_text_of_untouched_keys(records: Path, clerk) -> None:
    """Long plain scalars folded by hand, odd quoting and no final newline survive an edit."""
    path = records / "ballots/drafts/cleanup.yaml"
    original = (
        "slug: cleanup\n"
        "title: 'Yearly clean-up of the requirements'\n"
        "status: draft\n"
        "proposer:\n"
        "  name: Carol Gamma\n"
        "  org: Gamma PKI\n"
        "notes: Collects small editorial fixes that\n"
        "  accumulate during the year, folded by hand at\n"
        "  an unusual width."
    )
    path.write_text(original)
    result = clerk("--now", "2025-11-01T12:00:00Z", "ballot", "revise", "drafts/cleanup")
    assert result.exit_code == 0
    after = path.read_text()
    head = original.split("notes:")[0]
    versions = "versions:\n  - version: 1\n    posted: 2025-11-01T12:00:00Z\n"
    assert after == head + versions + "notes:" + original.split("notes:")[1] + "\n"


def test_repeating_a_command_changes_nothing(in_discussion: Path, clerk) -> None:
    clerk("--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010")
    vote = ["ballot", "vote", "SC010", "--org", "Acme CA", "--vote", "yes", "--by", "Alice Chair"]
    assert clerk("--now", "2025-11-09T10:00:00Z", *vote).exit_code == 0
    before = in_discussion.read_text()
    again = clerk("--now", "2025-11-09T11:00:00Z", *vote)
    assert again.exit_code == 0
    assert "nothing to change" in again.stdout
    assert in_discussion.read_text() == before
    repeat = clerk("--now", "2025-11-09T11:00:00Z", "ballot", "start-voting", "SC010")
    assert repeat.exit_code == 0 and "already in voting" in repeat.stdout
    assert in_discussion.read_text() == before


def test_a_failed_write_leaves_the_record_whole(
    in_discussion: Path, clerk, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    before = in_discussion.read_text()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    message = refused(clerk, "--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010")
    assert "could not write (No space left on device); the file is unchanged" in message
    assert in_discussion.read_text() == before
    assert [p.name for p in in_discussion.parent.iterdir() if p.name.startswith(".")] == []
