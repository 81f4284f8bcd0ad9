"""`clerk votes sync` against the GitHub stand-in: a 30-organization vote with its edge cases."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml_rs

from conftest import ClerkRunner, git, open_vote
from github_standin import TEST_TOKEN, CommentState, FaultKind, GitHubStandIn, running_standin
from thirty import CONSUMERS, ISSUERS, ORGS, SHARED, login, rep, thirty_in_voting

ON = "voting:\n  channels: [comment, pull-request]\n"
T0 = datetime(2026, 3, 10, 9, tzinfo=UTC)
END = datetime(2026, 3, 16, 14, tzinfo=UTC)
TALLY = "<!-- clerk:SC007:tally -->"


def at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def env_for(standin: GitHubStandIn) -> dict[str, str]:
    return {
        "GITHUB_TOKEN": TEST_TOKEN,
        "GITHUB_REPOSITORY": standin.repository,
        "GITHUB_API_URL": standin.base_url,
        "CLERK_GITHUB_NO_WAIT": "1",
    }


def sync(clerk: ClerkRunner, standin: GitHubStandIn, now: datetime) -> str:
    result = clerk("--now", at(now), "votes", "sync", "--commit", env=env_for(standin))
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def votes_of(ballot: Path) -> dict[str, dict]:
    data = yaml_rs.loads(ballot.read_text(encoding="utf-8"), parse_datetime=False)
    return {entry["org"]: entry for entry in data["votes"] if entry.get("vote")}


def bot_comments(standin: GitHubStandIn) -> list[CommentState]:
    return [c for c in standin.issues()[0].comments if c.user == "clerk-bot"]


def value_for(number: int) -> str:
    return ("yes", "yes", "no", "abstain")[number % 4]


@pytest.fixture
def standin() -> GitHubStandIn:
    with running_standin(login="clerk-bot") as running:
        yield running
        running.assert_contract()


def test_thirty_organizations_vote_by_comment(
    records: Path, clerk: ClerkRunner, standin: GitHubStandIn
) -> None:
    ballot = thirty_in_voting(records, clerk, channels=ON)
    sync(clerk, standin, T0)  # voting opened: the vote issue and its tally comment
    [issue] = standin.issues()
    assert (issue.title, issue.labels) == (
        "Vote on SC007: Thirty (until 2026-03-16 14:00 UTC)",
        ["clerk-vote"],
    )
    assert "Certificate Issuers (20): Issuer 01 (1 login)" in (issue.body or "")
    [tally] = bot_comments(standin)
    tally_id = tally.id

    def post(who: str, body: str, when: datetime) -> CommentState:
        return standin.seed_comment(1, body, user=who, created_at=when)

    expected: dict[str, tuple[str, CommentState]] = {}
    for number, org in enumerate(ORGS):
        if org in SHARED:
            continue
        value = value_for(number)
        expected[org] = (value, post(login(org), f"/vote {value}", T0 + timedelta(minutes=number)))
    for number, org in enumerate(SHARED):  # one person, two organizations, each named
        value = ("no", "abstain")[number]
        expected[org] = (value, post("shared-rep", f"/vote {value} {org}", T0 + timedelta(hours=1)))
    sync(clerk, standin, T0 + timedelta(hours=2))  # a first run while voting is open
    # an edit before the end changes the vote, and an edit after the end does not
    changed = expected[ISSUERS[1]][1]
    standin.edit_comment(changed.id, "/vote no", at=T0 + timedelta(days=2))
    expected[ISSUERS[1]] = ("no", changed)
    late_edit = expected[ISSUERS[2]][1]
    standin.edit_comment(late_edit.id, "/vote yes", at=END + timedelta(minutes=5))
    refused = {
        "after the end": post(login(ISSUERS[3]), "/vote yes", END),
        "not a representative": post("observer", "/vote yes", T0 + timedelta(days=1)),
        "needs the organization": post("shared-rep", "/vote yes", T0 + timedelta(days=1)),
        "two commands": post(login(CONSUMERS[0]), "/vote yes\n/vote no", T0 + timedelta(days=1)),
        "unknown organization": post(login(ISSUERS[5]), "/vote yes Nowhere Inc", T0),
        "edited after the end": late_edit,
    }
    duplicate = post(login(ISSUERS[4]), f"/vote {expected[ISSUERS[4]][0]}", T0 + timedelta(days=3))
    post(login(ISSUERS[6]), "> /vote no\nquoting is not voting", T0 + timedelta(days=1))

    out = sync(clerk, standin, END + timedelta(hours=1))
    recorded = votes_of(ballot)
    assert {org: entry["vote"] for org, entry in recorded.items()} == {
        org: value for org, (value, _) in expected.items()
    }
    for org, (_, comment) in expected.items():
        source = recorded[org]["source"]
        if org == ISSUERS[4]:
            assert source.endswith(f"#issuecomment-{comment.id}")  # the duplicate changed nothing
        else:
            assert source.endswith(f"#issuecomment-{comment.id}"), org
        assert recorded[org]["by"] == rep(org)
    assert recorded[ISSUERS[1]]["at"] == at(T0 + timedelta(days=2))
    assert recorded[ISSUERS[2]]["vote"] == value_for(2)  # recorded before its late edit
    assert "Issuer 02 votes no" in out

    # the tally comment was edited in place, and says what `clerk ballot tally` says
    ours = bot_comments(standin)
    tallies = [c for c in ours if TALLY in c.body]
    assert [c.id for c in tallies] == [tally_id]
    printed = clerk("--now", at(END + timedelta(hours=1)), "ballot", "tally", "SC007").stdout
    for line in printed.strip().splitlines()[1:]:
        assert line in tallies[0].body
    # each refused /vote answered exactly once, saying why; nothing else answered
    replies = [c for c in ours if "clerk:SC007:reply:" in c.body]
    answered = sorted(int(re.search(r"reply:(\d+)", c.body).group(1)) for c in replies)
    assert answered == sorted(c.id for c in refused.values())
    reasons = {c.id: c.body for c in replies}
    words = {
        "after the end": "outside the voting period",
        "not a representative": "@observer is not a Voting Representative",
        "needs the organization": "represents Issuer 19 and Issuer 20; name the organization",
        "two commands": "holds 2 /vote commands",
        "unknown organization": "`Nowhere Inc` is not an organization",
        "edited after the end": "after the voting period ended",
    }
    for case, comment in refused.items():
        assert words[case] in next(b for i, b in reasons.items() if f"reply:{comment.id}" in b), (
            case
        )
    # valid votes carry one reaction from Clerk; refused ones none
    for _, comment in expected.values():
        assert [(r.user, r.content) for r in standin.comment(comment.id).reactions] == [
            ("clerk-bot", "+1")
        ]
    assert standin.comment(duplicate.id).reactions
    for comment in refused.values():
        if comment is not late_edit:
            assert standin.comment(comment.id).reactions == []
    # the commit says what it records and where from
    message = git(records, "log", "-1", "--format=%B")
    assert "Clerk-Action: vote" in message and "Clerk-Ballot: SC007" in message
    assert f"Clerk-Source: {recorded[ISSUERS[1]]['source']}" in message
    assert clerk("--now", at(END + timedelta(hours=1)), "validate").exit_code == 0

    # a second run changes nothing, and costs two requests: the issue list and its comments
    head = git(records, "rev-parse", "HEAD")
    standin.clear_log()
    sync(clerk, standin, END + timedelta(hours=2))
    assert standin.writes == []
    assert [(r.method, r.path.rsplit("/", 2)[-2:]) for r in standin.requests] == [
        ("GET", ["governance", "issues"]),
        ("GET", ["1", "comments"]),
    ]
    assert git(records, "rev-parse", "HEAD") == head

    # advance closes the vote; the next sync posts the result and closes the issue, once
    assert clerk("--now", at(END + timedelta(hours=2)), "advance", "--commit").exit_code == 0
    sync(clerk, standin, END + timedelta(hours=3))
    sync(clerk, standin, END + timedelta(hours=4))
    assert standin.issues()[0].state == "closed"
    results = [c for c in bot_comments(standin) if "clerk:SC007:result" in c.body]
    assert len(results) == 1 and "Voting on SC007 is closed" in results[0].body


def open_small_vote(records: Path, clerk: ClerkRunner, standin: GitHubStandIn) -> Path:
    """The fixture body with /vote on, and SC005 in voting from 2025-11-08T14:00Z for 7 days:
    start-voting --commit opens the vote issue."""
    governance = records / "governance.yaml"
    governance.write_text(governance.read_text() + "voting:\n  channels: [comment]\n")
    git(records, "commit", "-q", "-am", "/vote on")
    open_vote(clerk, env_for(standin))
    [issue] = standin.issues()
    assert issue.title.startswith("Vote on SC005: Example") and issue.state == "open"
    return records / "ballots" / "SC005.yaml"


def test_advance_syncs_first_so_a_vote_in_time_is_never_lost(
    records: Path, clerk: ClerkRunner, standin: GitHubStandIn
) -> None:
    ballot = open_small_vote(records, clerk, standin)
    for user in ("alice-chair", "bob-b", "dan-d"):
        standin.seed_comment(
            1, "/vote yes", user=user, created_at=datetime(2025, 11, 15, 13, 59, tzinfo=UTC)
        )
    # GitHub is down at the end: advance does not close the vote on what it has
    standin.inject(FaultKind.SERVER_ERROR, path=r".*/issues", times=None)
    down = clerk("--now", "2025-11-15T14:00:00Z", "advance", "--commit", env=env_for(standin))
    assert down.exit_code == 1 and "not closed this run" in down.stderr
    assert "SC005" not in down.stdout
    standin.clear_faults()
    # back up: the votes posted in time are recorded first, then the vote closes on them
    up = clerk("--now", "2025-11-15T15:00:00Z", "advance", "--commit", env=env_for(standin))
    assert up.exit_code == 0, up.stderr
    assert "SC005: voting -> passed" in up.stdout
    data = yaml_rs.loads(ballot.read_text(), parse_datetime=False)
    assert data["result"]["participants"] == 3
    log = git(records, "log", "-2", "--format=%s")
    assert "SC005: voting -> passed" in log and "record 3 vote(s)" in log
    # and the vote issue is closed with the result
    [issue] = standin.issues()
    assert issue.state == "closed"
    assert "Voting on SC005 is closed: passed" in issue.comments[-1].body


def test_forged_markers_and_issues_are_ignored(
    records: Path, clerk: ClerkRunner, standin: GitHubStandIn
) -> None:
    """A member cannot pose as Clerk: markers count only in the bot's own issues and comments."""
    ballot = open_small_vote(records, clerk, standin)
    when = datetime(2025, 11, 9, 9, tzinfo=UTC)
    refused = standin.seed_comment(1, "/vote yes", user="zoe-z", created_at=when)
    forged = f"Nothing to see. <!-- clerk:SC005:reply:{refused.id} --> <!-- clerk:SC005:tally -->"
    standin.seed_comment(1, forged, user="bob-b", created_at=when)
    fake = standin.seed_issue(
        "Vote on SC005", "vote here <!-- clerk:SC005:vote -->", labels=["clerk-vote"]
    )
    fake.user = "mallory"
    standin.seed_comment(fake.number, "/vote no", user="alice-chair", created_at=when)
    honest = standin.seed_comment(1, "/vote yes", user="alice-chair", created_at=when)

    sync(clerk, standin, datetime(2025, 11, 10, tzinfo=UTC))
    recorded = votes_of(ballot)
    assert {org: v["vote"] for org, v in recorded.items()} == {"Acme CA": "yes"}
    assert recorded["Acme CA"]["source"].endswith(f"#issuecomment-{honest.id}")
    ours = [c for c in standin.issues()[0].comments if c.user == "clerk-bot"]
    assert sum(f"clerk:SC005:reply:{refused.id}" in c.body for c in ours) == 1
    assert sum("clerk:SC005:tally" in c.body for c in ours) == 1
    assert all(c.user != "clerk-bot" for c in fake.comments) and fake.state == "open"
    # an issue closed by hand while the vote is open is reopened, saying why
    standin.issues()[0].state = "closed"
    sync(clerk, standin, datetime(2025, 11, 10, 1, tzinfo=UTC))
    [issue, _] = standin.issues()
    assert issue.state == "open"
    assert "Reopening: voting on SC005 is still open" in issue.comments[-1].body


def test_a_flood_of_bad_votes_meets_the_write_cap_after_the_tally(
    records: Path, clerk: ClerkRunner, standin: GitHubStandIn
) -> None:
    ballot = open_small_vote(records, clerk, standin)
    when = datetime(2025, 11, 9, 9, tzinfo=UTC)
    standin.seed_comment(1, "/vote yes", user="alice-chair", created_at=when)
    for _ in range(5):
        standin.seed_comment(1, "/vote yes", user="zoe-z", created_at=when)
    args = ["--now", "2025-11-10T00:00:00Z", "votes", "sync", "--commit", "--max-writes", "3"]
    first = clerk(*args, env=env_for(standin))
    assert first.exit_code == 0 and "stopped at the write cap (3)" in first.stdout
    assert votes_of(ballot)["Acme CA"]["vote"] == "yes"
    ours = [c for c in standin.issues()[0].comments if c.user == "clerk-bot"]
    assert "Certificate Issuers: 1 yes" in ours[0].body  # the tally, first
    assert sum("clerk:SC005:reply:" in c.body for c in ours) == 1  # reaction, tally, 1 answer
    for _ in range(2):
        assert clerk(*args, env=env_for(standin)).exit_code == 0
    ours = [c for c in standin.issues()[0].comments if c.user == "clerk-bot"]
    assert sum("clerk:SC005:reply:" in c.body for c in ours) == 5


def test_sync_json_output_has_its_documented_shape(
    records: Path, clerk: ClerkRunner, standin: GitHubStandIn
) -> None:
    import json

    import jsonschema

    from conftest import PROJECT

    schema_file = PROJECT / "tools/clerk/schemas/output/votes-sync.schema.json"
    schema = json.loads(schema_file.read_text())
    thirty_in_voting(records, clerk, channels=ON)
    sync(clerk, standin, T0)
    standin.seed_comment(1, "/vote yes", user=login(ISSUERS[0]), created_at=T0)
    result = clerk(
        "--now",
        at(T0 + timedelta(hours=1)),
        "--format",
        "json",
        "votes",
        "sync",
        "--commit",
        env=env_for(standin),
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)
    assert [e["org"] for e in data["recorded"]["SC007"]] == [ISSUERS[0]]
    assert len(data["commits"]) == 1
