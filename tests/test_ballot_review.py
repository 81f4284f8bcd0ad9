"""After the vote (Bylaws 2.4(5)-(9)): the chair's Review Notice, Exclusion Notices that let the
review run to its end, rescission, the PAG's conclusion and the Second Vote, replayed on
temporary repositories."""

from __future__ import annotations

from pathlib import Path

from clerk.importers.ballots import import_ballot
from clerk.repository import load_index
from conftest import git, make_runner, refused
from conftest import load_record as load

SC001 = "ballots/SC001.yaml"


def test_advance_no_longer_invents_a_review(awaiting_notice: Path, clerk) -> None:
    before = (awaiting_notice / SC001).read_text()
    assert clerk("--now", "2026-06-01T00:00:00Z", "advance").stdout == ""
    assert (awaiting_notice / SC001).read_text() == before


def test_review_notice_by_the_chair(awaiting_notice: Path, clerk) -> None:
    result = clerk(
        "--now", "2025-10-17T09:30:00Z", "ballot", "review-notice", "SC-1", "--by", "Alice Chair"
    )
    assert result.exit_code == 0, result.stderr
    assert load(awaiting_notice / SC001)["review"] == {
        "start": "2025-10-17T09:30:00Z",
        "end": "2025-11-16T09:30:00Z",
        "notice": "2025-10-17T09:30:00Z",
        "by": "Alice Chair",
    }
    assert clerk("--now", "2025-11-16T09:29:59Z", "advance").stdout == ""
    result = clerk("--now", "2025-11-16T09:30:00Z", "advance")
    assert "SC001: passed -> final" in result.stdout
    data = load(awaiting_notice / SC001)
    assert data["status"] == "final" and data["effective"] == "2025-11-16"
    assert clerk("validate").exit_code == 0


def test_review_notice_refusals_name_who_and_what(awaiting_notice: Path, clerk) -> None:
    notice = ["ballot", "review-notice", "SC001"]
    message = refused(clerk, "--now", "2025-10-17T09:30:00Z", *notice, "--by", "Bob Builder")
    assert "only a chair may send the Review Notice: Alice Chair (Chair)" in message
    message = refused(clerk, "--now", "2025-10-17T09:30:00Z", *notice, "--by", "Nobody Known")
    assert '"Nobody Known" is not in members.yaml' in message
    short = ["--start", "2025-10-18T00:00:00Z", "--end", "2025-11-16T00:00:00Z"]
    message = refused(
        clerk, "--now", "2025-10-17T09:30:00Z", *notice, "--by", "Alice Chair", *short
    )
    assert "needs a Review Period of at least 30 days" in message
    early = ["--start", "2025-10-15T11:00:00Z"]
    message = refused(
        clerk, "--now", "2025-10-15T10:00:00Z", *notice, "--by", "Alice Chair", *early
    )
    assert "before the vote closed (2025-10-15T12:00:00Z)" in message
    assert "review" not in load(awaiting_notice / SC001)


def test_a_longer_review_is_accepted(awaiting_notice: Path, clerk) -> None:
    period = ["--start", "2025-10-20T10:00:00Z", "--end", "2025-11-20T10:00:00Z"]
    result = clerk(
        "--now", "2025-10-17T09:30:00Z", "ballot", "review-notice", "SC001",
        "--by", "Alice Chair", *period,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert clerk("validate").exit_code == 0


def test_the_vice_chair_sends_it_after_the_chairs_days(awaiting_notice: Path) -> None:
    governance = awaiting_notice / "governance.yaml"
    governance.write_text(
        governance.read_text().replace(
            "    role: Chair\n", "    role: Chair\n  - name: Bob Builder\n    role: Vice-Chair\n"
        )
    )
    git(awaiting_notice, "commit", "-q", "-am", "A Vice Chair")
    clerk = make_runner(awaiting_notice)
    notice = ["ballot", "review-notice", "SC001", "--by", "Bob Builder"]
    # Voting closed Wednesday 2025-10-15T12:00Z; five business days later is Wednesday 10-22.
    message = refused(clerk, "--now", "2025-10-22T11:59:59Z", *notice)
    assert "until 2025-10-22T12:00:00Z" in message and "the Chair's (Alice Chair)" in message
    result = clerk("--now", "2025-10-22T12:00:00Z", *notice)
    assert result.exit_code == 0, result.stderr
    assert load(awaiting_notice / SC001)["review"]["by"] == "Bob Builder"


def test_stale_reminds_the_chair_by_the_business_day_deadline(awaiting_notice: Path, clerk) -> None:
    def keys(now: str) -> set[str]:
        result = clerk("--format", "json", "--now", now, "stale")
        return {item["key"] for item in result.json()["stalled"]}

    # Wednesday 12:00 close + 3 business days = Monday 2025-10-20T12:00Z.
    assert "SC001:review-period" not in keys("2025-10-20T11:59:59Z")
    assert "SC001:review-period" in keys("2025-10-20T12:00:00Z")
    detail = clerk("--format", "json", "--now", "2025-10-22T12:00:00Z", "stale").json()
    [item] = [i for i in detail["stalled"] if i["key"] == "SC001:review-period"]
    assert "clerk ballot review-notice SC001 --by CHAIR" in item["detail"]
    assert "Since 2025-10-22 the Vice Chair must send it" in item["detail"]
    clerk(
        "--now", "2025-10-20T13:00:00Z", "ballot", "review-notice", "SC001", "--by", "Alice Chair"
    )
    assert "SC001:review-period" not in keys("2025-10-21T00:00:00Z")


def test_two_exclusion_notices_then_a_second_vote_that_passes(records: Path, clerk) -> None:
    path = records / SC001
    for now, org, by in [
        ("2025-10-20T12:00:00Z", "Gamma PKI", "Carol Gamma"),
        ("2025-10-25T12:00:00Z", "Epsilon Web", "Erin Epsilon"),
    ]:
        result = clerk(
            "--now",
            now,
            "ballot",
            "exclusion-notice",
            "SC001",
            "--org",
            org,
            "--by",
            by,
            "--commit",
        )
        assert result.exit_code == 0, result.stderr
        assert load(path)["status"] == "passed"  # the review runs to its end
    assert len(load(path)["exclusion_notices"]) == 2

    result = clerk("--now", "2025-11-14T12:00:00Z", "advance", "--commit")
    assert "SC001: passed -> rescinded (2 Exclusion Notices)" in result.stdout
    later = refused(
        clerk, "--now", "2025-11-15T12:00:00Z", "ballot", "exclusion-notice", "SC001",
        "--by", "Bob Builder",
    )  # fmt: skip
    assert "is rescinded" in later

    second = ["ballot", "second-vote", "SC001", "--by", "Alice Chair", "--commit"]
    assert "waits for the Patent Advisory Group" in refused(
        clerk, "--now", "2025-11-20T12:00:00Z", *second
    )
    pag = ["ballot", "pag-conclusion", "SC001", "--conclusion", "No essential claims found."]
    assert "only a chair" in refused(
        clerk, "--now", "2025-11-30T12:00:00Z", *pag, "--by", "Carol Gamma"
    )
    result = clerk("--now", "2025-11-30T12:00:00Z", *pag, "--by", "Alice Chair", "--commit")
    assert result.exit_code == 0, result.stderr
    assert "Bylaws 2.4(9)(b)" in refused(
        clerk, "--now", "2025-12-01T12:00:00Z", "ballot", "revise", "SC001", "--by", "Alice Chair"
    )
    assert "only the proposer (Alice Chair)" in refused(
        clerk, "--now", "2025-12-01T12:00:00Z", "ballot", "second-vote", "SC001",
        "--by", "Bob Builder",
    )  # fmt: skip
    result = clerk("--now", "2025-12-01T12:00:00Z", *second)
    assert result.exit_code == 0, result.stderr
    data = load(path)
    assert data["status"] == "discussion"
    assert data["discussion"] == {"start": "2025-12-01T12:00:00Z"}
    assert "votes" not in data and "result" not in data
    initial = data["rounds"][0]
    assert initial["round"] == 1 and initial["result"]["outcome"] == "passed"
    assert [n["org"] for n in initial["exclusion_notices"]] == ["Gamma PKI", "Epsilon Web"]
    assert initial["pag"]["conclusion"] == "No essential claims found."
    assert clerk("validate").exit_code == 0

    assert "voting may start at 2025-12-08T12:00:00Z" in refused(
        clerk, "--now", "2025-12-05T12:00:00Z", "ballot", "start-voting", "SC001",
        "--by", "Alice Chair",
    )  # fmt: skip
    result = clerk(
        "--now", "2025-12-08T12:00:00Z", "ballot", "start-voting", "SC001", "--by", "Alice Chair",
        "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    for org, by in [
        ("Acme CA", "Alice Chair"),
        ("Beta Trust", "Bob Builder"),
        ("Gamma PKI", "Carol Gamma"),
        ("Delta Browser", "Dan Delta"),
    ]:
        vote = ["ballot", "vote", "SC001", "--org", org, "--vote", "yes", "--by", by, "--commit"]
        assert clerk("--now", "2025-12-09T12:00:00Z", *vote).exit_code == 0
    result = clerk("--now", "2025-12-15T12:00:00Z", "advance", "--commit")
    # A Second Vote that passes is final at once: no second Review Period (2.4(9)(b)(1)).
    assert "SC001: voting -> final" in result.stdout
    data = load(path)
    assert data["status"] == "final" and data["effective"] == "2025-12-15"
    assert data["result"]["tally"]["certificate-issuer"] == {"yes": 3, "no": 0, "abstain": 0}
    assert clerk("validate").exit_code == 0

    tally = clerk("ballot", "tally", "SC001").stdout
    assert "Initial Vote (round 1)" in tally and "Second Vote (round 2)" in tally
    assert "Certificate Issuers: 2 yes, 0 no, 1 abstain" in tally  # the Initial Vote
    assert "Certificate Issuers: 3 yes, 0 no, 0 abstain" in tally  # the Second Vote
    rounds = clerk("--format", "json", "ballot", "tally", "SC001").json()
    assert [r["round"] for r in rounds["rounds"]] == [1] and rounds["round"] == 2
    post = clerk("render", "ballot", "SC001").stdout
    assert "## Initial Vote" in post and "No essential claims found." in post
    assert "This was the Second Vote" in post
    history = clerk("history", "SC001").stdout
    assert "rescinded -> discussion" in history and "discussion -> voting" in history
    assert "round 1 (votes, result, review, notices) kept in rounds" in history
    assert "vote of Acme CA removed" not in history


def test_exclusion_notice_by_someone_of_another_organization(records: Path, clerk) -> None:
    notice = ["ballot", "exclusion-notice", "SC001", "--org", "Gamma PKI"]
    message = refused(clerk, "--now", "2025-10-20T12:00:00Z", *notice, "--by", "Bob Builder")
    assert "represents Beta Trust" in message
    message = refused(clerk, "--now", "2025-10-20T12:00:00Z", *notice, "--by", "Mallory")
    assert '"Mallory" is not in members.yaml' in message
    assert "exclusion_notices" not in load(records / SC001)


def test_validate_reports_notices_and_notices_by_the_wrong_people(records: Path, clerk) -> None:
    path = records / SC001
    path.write_text(
        path.read_text()
        + "exclusion_notices:\n"
        + "  - org: Gamma PKI\n    by: Bob Builder\n    at: 2025-10-20T12:00:00Z\n"
        + "  - org: Nowhere Inc\n    by: Mallory\n    at: 2025-12-20T12:00:00Z\n"
    )
    result = clerk("--format", "json", "validate")
    messages = [f["message"] for f in result.json()["findings"] if f["check"] == "ballot-actor"]
    assert any("Bob Builder represents Beta Trust, not Gamma PKI" in m for m in messages)
    assert any('"Mallory" is not in members.yaml' in m for m in messages)
    assert any('organization "Nowhere Inc"' in m for m in messages)
    assert any("outside the review period" in m for m in messages)


def test_the_result_post_names_the_review_notice(awaiting_notice: Path, clerk) -> None:
    notice = ["ballot", "review-notice", "SC001", "--by", "Alice Chair"]
    assert clerk("--now", "2025-10-17T09:30:00Z", *notice).exit_code == 0
    post = clerk("render", "ballot", "SC001").stdout
    assert "**End of Review Period**: 2025-11-16 09:30:00 UTC" in post
    assert "The Review Notice was sent 2025-10-17 09:30:00 UTC by Alice Chair." in post
    result = import_ballot(post, "rendered.md", load_index(awaiting_notice))
    assert result.findings == []
    assert result.record["review"] == {
        "start": "2025-10-17T09:30:00Z",
        "end": "2025-11-16T09:30:00Z",
    }


def test_malformed_times_and_figures_are_usage_errors(awaiting_notice: Path, clerk) -> None:
    notice = ["ballot", "review-notice", "SC001", "--by", "Alice Chair", "--end", "next week"]
    result = clerk("--now", "2025-10-17T09:30:00Z", *notice)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "--end 'next week': not an ISO 8601 time" in result.stderr
    assert "review" not in load(awaiting_notice / SC001)
    quorum = clerk(
        "--now", "2025-10-17T09:30:00Z", "ballot", "start-voting", "SC001", "--by", "Alice Chair",
        "--quorum", "0",
    )  # fmt: skip
    assert quorum.exit_code == 2 and "--quorum" in quorum.stderr
