"""The rules of Bylaws 2.3 as Clerk applies them: discussion long enough, the lapse from the
last posted version, quorum known or stated (never guessed), every move by someone the roster
knows and the rules allow, time that only moves forward, co-proposers, ballots with no
guideline."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git, refused
from conftest import load_record as load

BY = ("--by", "Alice Chair")


def ok(clerk, *args: str) -> str:
    result = clerk(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


@pytest.fixture
def sc010(records: Path, clerk) -> Path:
    """SC010 in discussion since 2025-11-01T15:00Z, proposed by Alice Chair (Acme CA)."""
    steps = [
        ("2025-10-01T12:00:00Z", "propose", "Example", "--proposer", "Alice Chair", "--id", "SC010"),  # noqa: E501
        ("2025-11-01T13:00:00Z", "endorse", "SC010", "--by", "Bob Builder"),
        ("2025-11-01T14:00:00Z", "endorse", "SC010", "--by", "Erin Epsilon"),
        ("2025-11-01T15:00:00Z", "start-discussion", "SC010", *BY),
    ]
    for now, *args in steps:
        ok(clerk, "--now", now, "ballot", *args)
    return records / "ballots/SC010.yaml"


def start_voting(clerk, now: str, *extra: str) -> str:
    return ok(clerk, "--now", now, "ballot", "start-voting", "SC010", *BY, *extra)


# --- discussion (2.3(3)) ------------------------------------------------------------------------


def test_voting_needs_seven_days_of_discussion_even_after_an_old_version(
    sc010: Path, clerk
) -> None:
    """A version dated a week before the discussion opened does not shorten the discussion."""
    text = sc010.read_text().replace(
        "posted: 2025-11-01T15:00:00Z", "posted: 2025-10-25T15:00:00Z"
    )
    sc010.write_text(text)
    message = refused(
        clerk, "--now", "2025-11-07T15:00:00Z", "ballot", "start-voting", "SC010", *BY
    )
    assert "the discussion opened 2025-11-01T15:00:00Z and lasts at least 7 days" in message
    assert "voting may start at 2025-11-08T15:00:00Z or later" in message


def test_the_draft_is_not_posted_when_its_file_is_created(sc010: Path) -> None:
    assert load(sc010)["versions"] == [{"version": 1, "posted": "2025-11-01T15:00:00Z"}]


def test_the_lapse_counts_from_the_last_posted_version(sc010: Path, clerk) -> None:
    """An old record stamped v1 at the draft's creation (2025-10-01); the discussion opened
    2025-11-01, so it lapses 90 days after that, not a month early."""
    text = sc010.read_text()
    sc010.write_text(text.replace("posted: 2025-11-01T15:00:00Z", "posted: 2025-10-01T12:00:00Z"))
    assert "SC010" not in ok(clerk, "--now", "2026-01-30T14:59:59Z", "advance")
    assert "SC010: discussion -> failed" in ok(clerk, "--now", "2026-01-30T15:00:00Z", "advance")


# --- quorum (2.3(7)) ----------------------------------------------------------------------------


def forget_attendance(records: Path, day: str) -> None:
    path = records / f"meetings/2025/{day}.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("attendees:")])


def test_unknown_quorum_refuses_the_vote_and_names_the_meetings(sc010: Path, clerk) -> None:
    records = sc010.parents[1]
    forget_attendance(records, "2025-10-23")
    (records / "meetings/2025/2025-10-02.yaml").unlink()
    before = sc010.read_text()
    message = refused(
        clerk, "--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010", *BY
    )
    assert "the quorum of SC010 is unknown" in message
    assert "only 2 of the 3 meetings before 2025-11-08 are recorded" in message
    assert "2025-10-23 has no attendance recorded" in message
    assert "--quorum N --quorum-by CHAIR" in message
    assert sc010.read_text() == before


def test_a_chair_states_the_quorum(sc010: Path, clerk) -> None:
    forget_attendance(sc010.parents[1], "2025-10-23")
    vote = ("--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010", *BY)
    stated = ("--quorum", "3", "--quorum-reason", "The figure announced on the list.")
    assert "only a chair may state the quorum" in refused(
        clerk, *vote, *stated, "--quorum-by", "Bob Builder"
    )
    assert "--quorum-reason" in refused(
        clerk, *vote, "--quorum", "3", "--quorum-by", "Alice Chair"
    )
    ok(clerk, *vote, *stated, "--quorum-by", "Alice Chair")
    frozen = load(sc010)["rules"]
    assert frozen["quorum_required"] == 3
    assert frozen["quorum_stated"] == {
        "by": "Alice Chair",
        "at": "2025-11-08T15:00:00Z",
        "reason": "The figure announced on the list.",
    }
    tally = ok(clerk, "--now", "2025-11-09T00:00:00Z", "ballot", "tally", "SC010")
    assert "3 required" in tally and "stated by Alice Chair" in tally
    post = ok(clerk, "--now", "2025-11-09T00:00:00Z", "render", "ballot", "SC010")
    assert "Alice Chair stated the figure: The figure announced on the list." in post
    assert ok(clerk, "validate") == ""


def test_a_known_quorum_cannot_be_overridden(sc010: Path, clerk) -> None:
    message = refused(
        clerk, "--now", "2025-11-08T15:00:00Z", "ballot", "start-voting", "SC010", *BY,
        "--quorum", "9", "--quorum-by", "Alice Chair", "--quorum-reason", "x",
    )  # fmt: skip
    assert "is known from the meetings before the vote (2)" in message


def test_an_unknown_quorum_passes_nothing(sc010: Path, clerk) -> None:
    """A vote opened by hand without a quorum, on meetings that are not all known: when it
    closes, advance records no result on a guess and says why."""
    records = sc010.parents[1]
    start_voting(clerk, "2025-11-08T15:00:00Z")
    text = sc010.read_text()
    sc010.write_text(text.replace("  quorum_required: 2\n", ""))
    forget_attendance(records, "2025-10-23")
    for org, by in [("Acme CA", "Alice Chair"), ("Delta Browser", "Dan Delta")]:
        ok(clerk, "--now", "2025-11-09T15:00:00Z", "ballot", "vote", "SC010",
           "--org", org, "--vote", "yes", "--by", by)  # fmt: skip
    result = clerk("--now", "2025-11-15T15:00:00Z", "advance")
    assert "SC010" not in result.stdout
    assert "SC010: voting closed but its quorum is unknown" in result.stderr
    assert load(sc010)["status"] == "voting"


# --- who acts (2.3(3), (4)) ---------------------------------------------------------------------


def test_only_the_proposer_moves_the_ballot(sc010: Path, clerk) -> None:
    when = ("--now", "2025-11-08T15:00:00Z", "ballot")
    message = refused(clerk, *when, "start-voting", "SC010", "--by", "Bob Builder")
    assert "only the proposer (Alice Chair) may start voting on SC010" in message
    message = refused(clerk, *when, "revise", "SC010", "--by", "Carol Gamma")
    assert "only the proposer (Alice Chair) may revise SC010" in message
    start_voting(clerk, "2025-11-08T15:00:00Z")
    withdraw = clerk("--now", "2025-11-09T10:00:00Z", "ballot", "withdraw", "SC010")
    assert withdraw.exit_code == 2 and "Missing option '--by'" in withdraw.stderr
    message = refused(
        clerk, "--now", "2025-11-09T10:00:00Z", "ballot", "withdraw", "SC010", "--by", "Ghost"
    )
    assert '"Ghost" is not in members.yaml' in message
    vote = clerk(
        "--now", "2025-11-09T10:00:00Z", "ballot", "vote", "SC010", "--org", "Acme CA",
        "--vote", "yes",
    )  # fmt: skip
    assert vote.exit_code == 2 and "Missing option '--by'" in vote.stderr
    assert load(sc010)["status"] == "voting"


def test_co_proposers(records: Path, clerk) -> None:
    out = ok(
        clerk, "--now", "2025-11-01T12:00:00Z", "ballot", "propose", "Joint work",
        "--proposer", "Alice Chair", "--proposer", "Dan Delta", "--commit",
    )  # fmt: skip
    assert out.strip() == "drafts/joint-work"
    draft = load(records / "ballots/drafts/joint-work.yaml")
    assert draft["proposers"] == [
        {"name": "Alice Chair", "org": "Acme CA"},
        {"name": "Dan Delta", "org": "Delta Browser"},
    ]
    message = refused(
        clerk, "--now", "2025-11-01T13:00:00Z", "ballot", "endorse", "drafts/joint-work",
        "--by", "Dan Delta",
    )  # fmt: skip
    assert "a proposer's own organization" in message
    for who in ("Bob Builder", "Erin Epsilon"):
        ok(clerk, "--now", "2025-11-01T13:00:00Z", "ballot", "endorse", "drafts/joint-work",
           "--by", who)  # fmt: skip
    ok(clerk, "--now", "2025-11-01T14:00:00Z", "ballot", "start-discussion", "SC002",
       "--by", "Dan Delta")  # fmt: skip
    assert ok(clerk, "validate") == ""
    assert "proposed by Alice Chair (Acme CA) and Dan Delta (Delta Browser)" in ok(
        clerk, "render", "ballot", "SC002"
    )


# --- time moves forward ---------------------------------------------------------------------------


def test_a_move_dated_before_the_record_is_refused(sc010: Path, clerk) -> None:
    message = refused(
        clerk, "--now", "2025-10-31T15:00:00Z", "ballot", "start-voting", "SC010", *BY
    )
    assert "2025-10-31T15:00:00Z" in message and "2025-11-01T15:00:00Z" in message
    start_voting(clerk, "2025-11-08T15:00:00Z")
    vote = ("ballot", "vote", "SC010", "--org", "Acme CA", "--by", "Alice Chair", "--vote")
    ok(clerk, "--now", "2025-11-12T10:00:00Z", *vote, "no")
    message = refused(clerk, "--now", "2025-11-11T10:00:00Z", *vote, "yes")
    assert "the time given (2025-11-11T10:00:00Z) is before the vote of Acme CA" in message
    assert "(2025-11-12T10:00:00Z)" in message
    assert load(sc010)["votes"][0]["vote"] == "no"


def test_advance_with_an_earlier_clock_does_nothing_and_says_so(sc010: Path, clerk) -> None:
    start_voting(clerk, "2025-11-08T15:00:00Z")
    ok(clerk, "--now", "2025-11-12T10:00:00Z", "ballot", "vote", "SC010", "--org", "Acme CA",
       "--by", "Alice Chair", "--vote", "yes")  # fmt: skip
    before = sc010.read_text()
    result = clerk("--now", "2025-11-10T00:00:00Z", "advance")
    assert result.exit_code == 0 and result.stdout == ""
    assert "SC010: the clock (2025-11-10T00:00:00Z) is before the vote of Acme CA" in result.stderr
    assert sc010.read_text() == before


# --- ballots that produce no guideline ------------------------------------------------------------


def test_guideline_none_votes_and_closes_without_a_review(records: Path, clerk) -> None:
    ok(clerk, "--now", "2025-11-01T12:00:00Z", "ballot", "propose", "Elect a chair",
       "--proposer", "Alice Chair", "--guideline", "none", "--id", "SC020")  # fmt: skip
    for who in ("Bob Builder", "Dan Delta"):
        ok(clerk, "--now", "2025-11-01T12:00:00Z", "ballot", "endorse", "SC020", "--by", who)
    ok(clerk, "--now", "2025-11-01T13:00:00Z", "ballot", "start-discussion", "SC020", *BY)
    ok(clerk, "--now", "2025-11-08T13:00:00Z", "ballot", "start-voting", "SC020", *BY)
    for org, by in [("Acme CA", "Alice Chair"), ("Delta Browser", "Dan Delta")]:
        ok(clerk, "--now", "2025-11-09T13:00:00Z", "ballot", "vote", "SC020", "--org", org,
           "--vote", "yes", "--by", by)  # fmt: skip
    assert "SC020: voting -> final" in ok(clerk, "--now", "2025-11-15T13:00:00Z", "advance")
    data = load(records / "ballots/SC020.yaml")
    assert data["status"] == "final" and data["effective"] == "2025-11-15"
    assert "review" not in data
    assert ok(clerk, "validate") == ""


def test_every_commit_of_a_ballot_is_found_by_its_slug(records: Path, clerk) -> None:
    ok(clerk, "--now", "2025-11-01T12:00:00Z", "ballot", "propose", "Tidy",
       "--proposer", "Alice Chair", "--commit")  # fmt: skip
    for who in ("Bob Builder", "Dan Delta"):
        ok(clerk, "--now", "2025-11-01T13:00:00Z", "ballot", "endorse", "drafts/tidy",
           "--by", who, "--commit")  # fmt: skip
    ok(clerk, "--now", "2025-11-01T14:00:00Z", "ballot", "start-discussion", "SC002", *BY,
       "--commit")  # fmt: skip
    found = git(records, "log", "--format=%s", "--grep", "Clerk-Slug: tidy$").splitlines()
    assert found == [
        "SC002: draft -> discussion",
        "SC002: endorsed by Dan Delta (Delta Browser); numbered SC002",
        "draft tidy: endorsed by Bob Builder (Beta Trust)",
        "drafts/tidy: proposed by Alice Chair",
    ]
    by_id = git(records, "log", "--format=%s", "--grep", "Clerk-Ballot: SC002$").splitlines()
    assert by_id == found[:2]


def test_a_vote_without_org_is_the_representatives_organizations(sc010: Path, clerk) -> None:
    start_voting(clerk, "2025-11-08T15:00:00Z")
    vote = ("--now", "2025-11-09T10:00:00Z", "ballot", "vote", "SC010", "--vote", "yes")
    ok(clerk, *vote, "--by", "Dan Delta")
    cast = [entry for entry in load(sc010)["votes"] if "vote" in entry]  # others: empty entries
    assert cast == [
        {"org": "Delta Browser", "vote": "yes", "by": "Dan Delta", "at": "2025-11-09T10:00:00Z"}
    ]
    assert "Zeta Audit, which is not a Voting Member" in refused(clerk, *vote, "--by", "Zoe Zeta")


def test_revise_without_by_is_the_posting_proposers(sc010: Path, clerk) -> None:
    ok(clerk, "--now", "2025-11-03T10:00:00Z", "ballot", "revise", "SC010", "--notes", "Typo")
    assert load(sc010)["versions"][-1] == {
        "version": 2,
        "posted": "2025-11-03T10:00:00Z",
        "notes": "Typo",
    }
