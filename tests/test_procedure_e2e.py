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

    result = clerk(*at(3), "ballot", "start-discussion", "SC-2", "--by", "Alice Chair", "--commit")
    assert result.exit_code == 0, result.stderr
    assert load(numbered)["status"] == "discussion"
    assert trailers(records)["Clerk-Transition"] == "draft -> discussion"

    result = clerk(*at(10), "ballot", "start-voting", "SC 2", "--by", "Alice Chair", "--commit")
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
    by_org = {v["org"]: v["vote"] for v in votes}
    assert len(votes) == 5 and by_org["Epsilon Web"] == "yes"
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
    assert "review" not in data  # the review waits for the chair's Review Notice
    assert trailers(records) == {
        "Clerk-Ballot": "SC002",
        "Clerk-Slug": "tidy-the-definitions",
        "Clerk-Transition": "voting -> passed",
        "Clerk-Action": "advance",
    }
    assert git(records, "log", "-1", "--format=%an <%ae>").strip() == "Clerk <clerk@example.org>"
    assert clerk("--now", "2026-01-17T12:00:00Z", "advance").stdout == ""  # no review, no end

    result = clerk(
        "--now",
        "2025-11-19T09:00:00Z",
        "ballot",
        "review-notice",
        "SC002",
        "--by",
        "Alice Chair",
        "--commit",
    )
    assert result.exit_code == 0, result.stderr
    assert load(numbered)["review"] == {
        "start": "2025-11-19T09:00:00Z",
        "end": "2025-12-19T09:00:00Z",
        "notice": "2025-11-19T09:00:00Z",
        "by": "Alice Chair",
    }
    result = clerk("--now", "2025-12-19T09:00:00Z", "advance", "--commit")
    assert "SC002: passed -> final" in result.stdout
    data = load(numbered)
    assert data["status"] == "final" and data["effective"] == "2025-12-19"

    again = git(records, "rev-parse", "HEAD")
    assert clerk("--now", "2025-12-18T12:00:00Z", "advance", "--commit").exit_code == 0
    assert git(records, "rev-parse", "HEAD") == again

    moves = git(records, "log", "--format=%s", "--grep", "Clerk-Slug: tidy-the-definitions$")
    assert moves.splitlines() == [
        "SC002: passed -> final",
        "SC002: Review Notice by Alice Chair; review 2025-11-19T09:00:00Z to 2025-12-19T09:00:00Z",
        "SC002: voting -> passed",
        "SC002: Epsilon Web changes its vote to yes",
        "SC002: Epsilon Web votes no",
        "SC002: Delta Browser votes yes",
        "SC002: Gamma PKI votes abstain",
        "SC002: Beta Trust votes yes",
        "SC002: Acme CA votes yes",
        "SC002: discussion -> voting",
        "SC002: draft -> discussion",
        "SC002: endorsed by Dan Delta (Delta Browser); numbered SC002",
        "draft tidy-the-definitions: endorsed by Bob Builder (Beta Trust)",
        "drafts/tidy-the-definitions: proposed by Alice Chair",
    ]
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
        clerk(
            "--now", "2025-11-01T15:00:00Z", "ballot", "start-discussion", "SC010", *BY_PROPOSER
        ).exit_code
        == 0
    )
    return records / "ballots/SC010.yaml"


BY_PROPOSER = ("--by", "Alice Chair")


def refused(clerk, *args: str) -> str:
    result = clerk(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr


def test_start_voting_after_six_days_refused(in_discussion: Path, clerk) -> None:
    before = in_discussion.read_text()
    message = refused(
        clerk, "--now", "2025-11-07T12:00:00Z", "ballot", "start-voting", "SC010", *BY_PROPOSER
    )
    assert "the discussion opened 2025-11-01T15:00:00Z and lasts at least 7 days" in message
    assert "voting may start at 2025-11-08T15:00:00Z or later" in message
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
    assert "a proposer's own organization" in message


def test_vote_outside_period_refused(in_discussion: Path, clerk) -> None:
    assert (
        clerk(
            "--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010", *BY_PROPOSER
        ).exit_code
        == 0
    )
    vote = ["ballot", "vote", "SC010", "--org", "Acme CA", "--vote", "yes", *BY_PROPOSER]
    early = refused(clerk, "--now", "2025-11-08T14:59:59Z", *vote)
    assert "opens at 2025-11-08T15:00:00Z" in early
    at_end = refused(clerk, "--now", "2025-11-15T15:00:00Z", *vote)
    assert "closed at 2025-11-15T15:00:00Z" in at_end
    assert clerk("--now", "2025-11-15T14:59:59Z", *vote).exit_code == 0


def test_vote_by_non_voting_member_refused(in_discussion: Path, clerk) -> None:
    clerk("--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010", *BY_PROPOSER)
    vote = ["--now", "2025-11-09T10:00:00Z", "ballot", "vote", "SC010", "--vote", "yes"]
    message = refused(clerk, *vote, "--org", "Zeta Audit", "--by", "Zoe Zeta")
    assert "not a Voting Member" in message
    message = refused(clerk, *vote, "--org", "Acme CA", "--by", "Adam Acme")
    assert "not a Voting Representative" in message
    message = refused(clerk, *vote, "--org", "Acme CA", "--by", "Bob Builder")
    assert "represents Beta Trust, not Acme CA" in message
    assert "Voting Representatives (Alice Chair)" in message


def test_revising_during_voting_refused(in_discussion: Path, clerk) -> None:
    clerk("--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010", *BY_PROPOSER)
    message = refused(
        clerk, "--now", "2025-11-09T10:00:00Z", "ballot", "revise", "SC010", *BY_PROPOSER
    )
    assert "cannot be revised during voting" in message


def test_revision_restarts_the_clock(in_discussion: Path, clerk) -> None:
    revise = ("ballot", "revise", "SC010", *BY_PROPOSER)
    assert clerk("--now", "2025-11-05T10:00:00Z", *revise).exit_code == 0
    message = refused(
        clerk, "--now", "2025-11-09T10:00:00Z", "ballot", "start-voting", "SC010", *BY_PROPOSER
    )
    assert "the last version was posted 2025-11-05T10:00:00Z" in message
    assert "voting may start at 2025-11-12T10:00:00Z" in message


def test_discussion_lapses_after_90_days(in_discussion: Path, clerk) -> None:
    # 90 days from the discussion's opening (which posts version 1), not the draft's creation.
    result = clerk("--now", "2026-01-30T14:59:59Z", "advance")
    assert "SC010" not in result.stdout
    result = clerk("--now", "2026-01-30T15:00:00Z", "advance")
    assert "SC010: discussion -> failed" in result.stdout
    assert load(in_discussion)["status"] == "failed"


def test_starting_discussion_without_endorsements_refused(records: Path, clerk) -> None:
    clerk(
        "--now", "2025-11-01T12:00:00Z", "ballot", "propose", "Example", "--proposer", "Alice Chair"
    )
    message = refused(
        clerk,
        "--now",
        "2025-11-02T12:00:00Z",
        "ballot",
        "start-discussion",
        "drafts/example",
        *BY_PROPOSER,
    )
    assert "has 0 of the 2 endorsements" in message


def test_exclusion_notice_is_recorded_and_the_review_runs_to_its_end(records: Path, clerk) -> None:
    path = records / "ballots/SC001.yaml"
    notice = ["ballot", "exclusion-notice", "SC001", "--org", "Gamma PKI", "--by", "Carol Gamma"]
    result = clerk("--now", "2025-10-20T12:00:00Z", *notice)
    assert result.exit_code == 0, result.stderr
    data = load(path)
    assert data["status"] == "passed"  # the review continues (Bylaws 2.4(6))
    assert data["exclusion_notices"] == [
        {"org": "Gamma PKI", "by": "Carol Gamma", "at": "2025-10-20T12:00:00Z"}
    ]
    assert clerk("--now", "2025-11-14T11:59:59Z", "advance").stdout == ""
    result = clerk("--now", "2025-11-14T12:00:00Z", "advance")
    assert "SC001: passed -> rescinded (1 Exclusion Notice)" in result.stdout
    assert load(path)["status"] == "rescinded"


def test_withdraw_during_voting_only_by_proposer(in_discussion: Path, clerk) -> None:
    clerk("--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010", *BY_PROPOSER)
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
    revise = ("ballot", "revise", "drafts/cleanup", "--by", "Carol Gamma", "--notes", "Typos")
    assert clerk("--now", "2025-11-01T12:00:00Z", *revise).exit_code == 0
    after = path.read_text()
    assert after.startswith("# keep me\nslug: cleanup\n")
    assert "# trailing comment" in after
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    # a draft's version is not posted: that happens when the discussion opens
    assert added == ["versions:", "  - version: 1", "    notes: Typos"]


def test_edit_keeps_the_text_of_untouched_keys(records: Path, clerk) -> None:
    """Long plain scalars folded by hand, odd quoting and no final newline survive an edit."""
    path = records / "ballots/drafts/cleanup.yaml"
    original = (
        "slug: cleanup\n"
        "title: 'Yearly clean-up of the requirements'\n"
        "status: draft\n"
        "proposers:\n"
        "  - name: Carol Gamma\n"
        "    org: Gamma PKI\n"
        "notes: Collects small editorial fixes that\n"
        "  accumulate during the year, folded by hand at\n"
        "  an unusual width."
    )
    path.write_text(original)
    result = clerk(
        "--now", "2025-11-01T12:00:00Z", "ballot", "revise", "drafts/cleanup", "--by", "Carol Gamma"
    )
    assert result.exit_code == 0
    after = path.read_text()
    head = original.split("notes:")[0]
    versions = "versions:\n  - version: 1\n"
    assert after == head + versions + "notes:" + original.split("notes:")[1] + "\n"


def test_repeating_a_command_changes_nothing(in_discussion: Path, clerk) -> None:
    clerk("--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010", *BY_PROPOSER)
    vote = ["ballot", "vote", "SC010", "--org", "Acme CA", "--vote", "yes", "--by", "Alice Chair"]
    assert clerk("--now", "2025-11-09T10:00:00Z", *vote).exit_code == 0
    before = in_discussion.read_text()
    again = clerk("--now", "2025-11-09T11:00:00Z", *vote)
    assert again.exit_code == 0
    assert "nothing to change" in again.stdout
    assert in_discussion.read_text() == before
    repeat = clerk("--now", "2025-11-09T11:00:00Z", "ballot", "start-voting", "SC010", *BY_PROPOSER)
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
    message = refused(
        clerk, "--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010", *BY_PROPOSER
    )
    assert "could not write (No space left on device); the file is unchanged" in message
    assert in_discussion.read_text() == before
    assert [p.name for p in in_discussion.parent.iterdir() if p.name.startswith(".")] == []
