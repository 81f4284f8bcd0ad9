"""After the vote (Bylaws 2.4(5)-(9)): the chair's Review Notice, Exclusion Notices that let the
review run to its end, rescission, the PAG's conclusion and the Second Vote, replayed on
temporary repositories; and the real reviews of the Forum's ballots."""

from __future__ import annotations

import calendar
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml_rs

from conftest import PROJECT, git, make_runner

SC001 = "ballots/SC001.yaml"


def load(path: Path) -> dict:
    return yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)


def drop_key(path: Path, key: str) -> None:
    """Remove a top-level key and its block from a record, as text."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "-", "\n")),
        len(lines),
    )
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def refused(clerk, *args: str) -> str:
    result = clerk(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.fixture
def awaiting_notice(records: Path) -> Path:
    """The fixture's SC001 as advance now leaves it: passed, no Review Period yet."""
    drop_key(records / SC001, "review")
    git(records, "commit", "-q", "-am", "SC001 waits for its Review Notice")
    return records


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


# --- the Forum's real reviews -------------------------------------------------------------------


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("governance.yaml", "members.yaml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "meetings", root / "meetings")
    shutil.copytree(PROJECT / "ballots", root / "ballots")
    git(root, "init", "-q", "-b", "main")
    return root


def test_sc086_replayed_with_its_real_review_notice(tmp_path: Path) -> None:
    """SC086v3 passed when voting closed 2025-11-10T17:00Z; the Review Notice gave the period
    2025-11-14T12:00Z to 2025-12-14T12:00Z, so it took effect on 2025-12-14 (Bylaws 2.4(8))."""
    root = project_copy(tmp_path)
    record = root / "ballots/SC086.yaml"
    drop_key(record, "review")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "SC086 as the vote left it")
    clerk = make_runner(root)
    chair = load(root / "governance.yaml")["chairs"][0]["name"]

    assert "SC086" not in clerk("--now", "2025-12-31T00:00:00Z", "advance").stdout
    result = clerk(
        "--now", "2025-11-14T12:00:00Z", "ballot", "review-notice", "SC086", "--by", chair,
        "--start", "2025-11-14T12:00:00Z", "--end", "2025-12-14T12:00:00Z", "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "SC086" not in clerk("--now", "2025-12-14T11:59:59Z", "advance").stdout
    result = clerk("--now", "2025-12-14T12:00:00Z", "advance", "--commit")
    assert "SC086: passed -> final" in result.stdout
    data = load(record)
    assert data["status"] == "final"
    assert data["effective"] == "2025-12-14"
    assert clerk("validate").exit_code == 0


def test_every_passed_ballot_of_this_repository_replayed_with_its_review(tmp_path: Path) -> None:
    """The eleven passed ballots of 2024-2025 recorded here, as the vote left them, take their
    real Review Notices (the periods their result posts state) and become final on the last
    day of those periods."""
    root = project_copy(tmp_path)
    periods: dict[str, dict[str, str]] = {}
    for record in sorted((root / "ballots").glob("SC*.yaml")):
        data = load(record)
        if data["status"] == "passed" and "review" in data:
            periods[data["id"]] = data["review"]
            drop_key(record, "review")
    assert len(periods) == 11
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Passed ballots as their votes left them")
    clerk = make_runner(root)
    chair = load(root / "governance.yaml")["chairs"][0]["name"]
    for ballot_id, review in periods.items():
        result = clerk(
            "--now", review["start"], "ballot", "review-notice", ballot_id, "--by", chair,
            "--start", review["start"], "--end", review["end"],
        )  # fmt: skip
        assert result.exit_code == 0, (ballot_id, result.stderr)
    moved = clerk("--now", "2026-01-01T00:00:00Z", "advance").stdout
    for ballot_id, review in periods.items():
        assert f"{ballot_id}: passed -> final" in moved
        data = load(root / f"ballots/{ballot_id}.yaml")
        assert data["effective"] == review["end"][:10]
    assert clerk("validate").exit_code == 0


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
CALENDAR_MONTH_REVIEWS = ("sc65", "sc67", "sc69", "sc73", "sc76", "sc78", "sc79")


def review_period(post: Path) -> tuple[datetime, datetime]:
    """The start and end of the Review Period a result post states (UTC)."""
    found: dict[str, datetime] = {}
    for line in post.read_text(encoding="utf-8").splitlines():
        match = re.search(
            r"(Start|End) of Review Period\**:\s*(\d+) (\w+) (\d{4}) at (\d+):(\d+) UTC", line
        )
        if match:
            kind, day, month, year, hour, minute = match.groups()
            found[kind] = datetime(
                int(year), MONTHS[month.lower()], int(day), int(hour), int(minute), tzinfo=UTC
            )
    return found["Start"], found["End"]


@pytest.mark.parametrize("name", CALENDAR_MONTH_REVIEWS)
def test_calendar_month_reviews_are_accepted(corpus: Path, records: Path, name: str) -> None:
    """Seven 30-day reviews the Chair published as a calendar month (31 days): recorded with
    their real times, they validate clean and end on their real last day."""
    posts = sorted((corpus / "ballots").glob("*.md"))
    post = next(p for p in posts if re.search(rf"-ballot-{name}(-|$)", p.stem))
    start, end = review_period(post)
    assert (end - start).days == 31
    path = records / SC001
    drop_key(path, "review")
    shift = start - datetime(2025, 10, 15, 12, tzinfo=UTC)  # SC001's vote closes at 12:00Z
    text = path.read_text()
    for stamp in sorted(set(re.findall(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", text))):
        moved = datetime.fromisoformat(stamp.replace("Z", "+00:00")) + shift
        text = text.replace(stamp, moved.strftime("%Y-%m-%dT%H:%M:%SZ"))
    path.write_text(text)
    clerk = make_runner(records)
    stamp = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    result = clerk(
        "--now", stamp, "ballot", "review-notice", "SC001", "--by", "Alice Chair",
        "--start", stamp, "--end", end.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    validation = clerk("--format", "json", "validate").json()
    assert [f for f in validation["findings"] if f["file"] == SC001] == []
    assert "passed -> final" in clerk("--now", end.isoformat(), "advance").stdout
    assert load(path)["effective"] == end.date().isoformat()


# --- the pull-request gate ----------------------------------------------------------------------


def gate(clerk, author: str, now: str) -> tuple[int, list[dict]]:
    result = clerk(
        "--format", "json", "--now", now, "check-pr", "--base", "main", "--head", "change",
        "--author", author,
    )  # fmt: skip
    return result.exit_code, result.json()["findings"]


def notice_on_branch(root: Path, clerk, *extra: str) -> None:
    git(root, "checkout", "-q", "-b", "change")
    result = clerk(
        "--now", "2025-10-17T09:30:00Z", "ballot", "review-notice", "SC001", "--by", "Alice Chair",
        *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def commit_change(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")


def test_gate_accepts_the_chairs_review_notice(awaiting_notice: Path, clerk) -> None:
    notice_on_branch(awaiting_notice, clerk)
    commit_change(awaiting_notice)
    code, findings = gate(clerk, "alice-chair", "2025-10-17T10:00:00Z")
    assert code == 0, findings


def test_gate_refuses_a_review_notice_by_anyone_else(awaiting_notice: Path, clerk) -> None:
    path = awaiting_notice / SC001
    git(awaiting_notice, "checkout", "-q", "-b", "change")
    path.write_text(
        path.read_text() + "review:\n  start: 2025-10-17T09:30:00Z\n  end: 2025-11-16T09:30:00Z\n"
        "  notice: 2025-10-17T09:30:00Z\n  by: Bob Builder\n"
    )
    commit_change(awaiting_notice)
    code, findings = gate(clerk, "bob-b", "2025-10-17T10:00:00Z")
    assert code == 1
    procedure = [f for f in findings if f["check"] == "pr-procedure"]
    assert procedure and "only a chair may send the Review Notice" in procedure[0]["message"]


def test_gate_refuses_a_notice_that_differs_from_the_command(awaiting_notice: Path, clerk) -> None:
    notice_on_branch(awaiting_notice, clerk)
    path = awaiting_notice / SC001
    path.write_text(
        path.read_text().replace("end: 2025-11-16T09:30:00Z", "end: 2025-11-01T09:30:00Z")
    )
    commit_change(awaiting_notice)
    code, findings = gate(clerk, "alice-chair", "2025-10-17T10:00:00Z")
    assert code == 1
    messages = [f["message"] for f in findings if f["check"] == "pr-procedure"]
    assert any("at least 30 days" in m for m in messages), findings


def test_gate_refuses_a_notice_the_author_did_not_make(awaiting_notice: Path, clerk) -> None:
    notice_on_branch(awaiting_notice, clerk)
    commit_change(awaiting_notice)
    code, findings = gate(clerk, "carol-g", "2025-10-17T10:00:00Z")
    assert code == 1
    assert any(
        f["check"] == "pr-permission" and "recorded as made by Alice Chair" in f["message"]
        for f in findings
    )


def test_gate_accepts_an_exclusion_notice_by_its_filer_only(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    notice = ["ballot", "exclusion-notice", "SC001", "--by", "Carol Gamma"]
    assert clerk("--now", "2025-10-20T12:00:00Z", *notice).exit_code == 0
    commit_change(records)
    assert gate(clerk, "carol-g", "2025-10-20T13:00:00Z")[0] == 0
    code, findings = gate(clerk, "bob-b", "2025-10-20T13:00:00Z")
    assert code == 1 and any(f["check"] == "pr-permission" for f in findings)


def test_gate_judges_the_second_vote_by_making_it_again(records: Path, clerk) -> None:
    notice = ["ballot", "exclusion-notice", "SC001", "--by", "Carol Gamma", "--commit"]
    assert clerk("--now", "2025-10-20T12:00:00Z", *notice).exit_code == 0
    assert clerk("--now", "2025-11-14T12:00:00Z", "advance", "--commit").exit_code == 0
    pag = ["ballot", "pag-conclusion", "SC001", "--by", "Alice Chair", "--conclusion", "None."]
    assert clerk("--now", "2025-11-20T12:00:00Z", *pag, "--commit").exit_code == 0
    git(records, "checkout", "-q", "-b", "change")
    second = ["ballot", "second-vote", "SC001", "--by", "Alice Chair"]
    assert clerk("--now", "2025-11-21T12:00:00Z", *second).exit_code == 0
    commit_change(records)
    assert gate(clerk, "alice-chair", "2025-11-21T13:00:00Z")[0] == 0
    code, findings = gate(clerk, "bob-b", "2025-11-21T13:00:00Z")
    assert code == 1
    assert any("only the proposer (Alice Chair)" in f["message"] for f in findings), findings
    path = records / SC001
    path.write_text(path.read_text().replace("title: Clarify", "title: Changed"))
    commit_change(records)
    code, findings = gate(clerk, "alice-chair", "2025-11-21T13:00:00Z")
    assert code == 1
    assert any("differing fields: title" in f["message"] for f in findings), findings


def test_gate_refuses_a_notice_dated_after_its_clock(awaiting_notice: Path, clerk) -> None:
    notice_on_branch(awaiting_notice, clerk)  # dated 2025-10-17T09:30:00Z
    commit_change(awaiting_notice)
    code, findings = gate(clerk, "alice-chair", "2025-10-17T09:00:00Z")
    assert code == 1
    assert any(
        "dated 2025-10-17T09:30:00Z, after 2025-10-17T09:00:00Z" in f["message"] for f in findings
    ), findings


@pytest.fixture
def bobs_ballot(records: Path, clerk) -> Path:
    """SC007, proposed by Bob Builder (not a chair), in discussion on main since 2025-11-01."""
    steps = [
        ("propose", "Bob's", "--proposer", "Bob Builder", "--id", "SC007"),
        ("endorse", "SC007", "--by", "Alice Chair"),
        ("endorse", "SC007", "--by", "Dan Delta"),
        ("start-discussion", "SC007", "--by", "Bob Builder"),
    ]
    for args in steps:
        assert clerk("--now", "2025-11-01T12:00:00Z", "ballot", *args, "--commit").exit_code == 0
    git(records, "checkout", "-q", "-b", "change")
    return records / "ballots/SC007.yaml"


def open_bobs_vote(clerk) -> None:
    result = clerk(
        "--now", "2025-11-08T12:00:00Z", "ballot", "start-voting", "SC007", "--by", "Bob Builder"
    )
    assert result.exit_code == 0, result.stderr


def test_gate_accepts_the_vote_the_command_opens(bobs_ballot: Path, clerk) -> None:
    open_bobs_vote(clerk)
    commit_change(bobs_ballot.parents[1])
    assert gate(clerk, "bob-b", "2025-11-08T13:00:00Z")[0] == 0


def test_gate_refuses_a_forged_quorum(bobs_ballot: Path, clerk) -> None:
    open_bobs_vote(clerk)
    text = bobs_ballot.read_text()
    assert "quorum_required: 2\n" in text
    bobs_ballot.write_text(text.replace("quorum_required: 2\n", "quorum_required: 1\n"))
    commit_change(bobs_ballot.parents[1])
    code, findings = gate(clerk, "bob-b", "2025-11-08T13:00:00Z")
    assert code == 1
    assert any("differing fields: rules" in f["message"] for f in findings), findings


def test_gate_refuses_a_quorum_stated_in_a_chairs_name(bobs_ballot: Path, clerk) -> None:
    open_bobs_vote(clerk)
    text = bobs_ballot.read_text().replace(
        "  quorum_required: 2\n",
        "  quorum_required: 1\n  quorum_stated:\n    by: Alice Chair\n"
        "    at: 2025-11-08T12:00:00Z\n    reason: Said so.\n",
    )
    bobs_ballot.write_text(text)
    commit_change(bobs_ballot.parents[1])
    code, findings = gate(clerk, "bob-b", "2025-11-08T13:00:00Z")
    assert code == 1
    messages = [f["message"] for f in findings]
    assert any("recorded as made by Alice Chair, but Bob Builder" in m for m in messages), messages
    assert any("is known from the meetings before the vote (2)" in m for m in messages), messages


def test_calendar_month_reviews_import_and_validate_clean(corpus: Path, tmp_path: Path) -> None:
    """The seven result posts, imported as they are, give records that validate clean."""
    root = project_copy(tmp_path)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The project's records")
    posts = sorted(
        str(p)
        for p in (corpus / "ballots").glob("*.md")
        for name in CALENDAR_MONTH_REVIEWS
        if re.search(rf"-ballot-{name}(-|$)", p.stem)
    )
    assert len(posts) == 7
    clerk = make_runner(root)
    assert clerk("import", "ballot", *posts).exit_code == 0  # with warnings about the posts
    for name in CALENDAR_MONTH_REVIEWS:
        review = load(root / f"ballots/SC0{name[2:]}.yaml")["review"]
        start, end = (datetime.fromisoformat(review[k].replace("Z", "+00:00")) for k in review)
        assert (end - start).days == 31
    result = clerk("--format", "json", "validate")
    assert result.json()["findings"] == [], result.json()["findings"]
