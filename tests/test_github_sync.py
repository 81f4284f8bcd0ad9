"""Reconciling Clerk's issues with the stalled items, against the GitHub stand-in."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path

import pytest

from clerk.github import (
    AddLabels,
    CloseIssue,
    CreateIssue,
    CreateLabel,
    DesiredIssue,
    ExistingIssue,
    GitHubClient,
    GitHubError,
    GitHubUnavailable,
    ReopenIssue,
    RetryPolicy,
    SyncReport,
    UpdateIssue,
    connect,
    connect_from_env,
    marker,
    marker_key,
    plan,
    sync,
)
from github_standin import TEST_TOKEN, FaultKind, GitHubStandIn, running_standin

TOOLS = Path(__file__).resolve().parents[1] / "tools"


def item(key: str, body: str = "", *labels: str, title: str | None = None) -> DesiredIssue:
    """A desired issue with a predictable title and body."""
    return DesiredIssue(
        key, title or f"{key} is stalled", body or f"{key} needs attention.", labels
    )


ITEMS = [item("SC086:lapse", "", "ballot"), item("SC087:lapse"), item("meeting-2025-11-20:a-2")]


class Recorder:
    """A sleep stand-in that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def client_for(standin: GitHubStandIn, token: str = TEST_TOKEN) -> GitHubClient:
    """A Clerk client for the stand-in in test mode."""
    return connect(token, standin.repository, standin.base_url, fast=True)


def run(standin: GitHubStandIn, desired: Sequence[DesiredIssue], **options: object) -> SyncReport:
    """One sync run that never sleeps; the report's counts must match the stand-in's log."""
    before = len(standin.requests)
    options.setdefault("sleep", Recorder())
    with client_for(standin) as client:
        report = sync(client, desired, **options)  # type: ignore[arg-type]
    assert report.requests == len(standin.requests) - before
    return report


def open_by_key(standin: GitHubStandIn) -> dict[str, list[int]]:
    """Numbers of the open issues that are Clerk's (label and marker), per key."""
    found: dict[str, list[int]] = {}
    for issue in standin.issues():
        key = marker_key(issue.body)
        if issue.state == "open" and "clerk" in issue.labels and key is not None:
            found.setdefault(key, []).append(issue.number)
    return found


def assert_converged(standin: GitHubStandIn, desired: Sequence[DesiredIssue]) -> None:
    """Exactly one open issue per desired key, nothing else open, no comment twice in a row."""
    opened = open_by_key(standin)
    assert {key: len(numbers) for key, numbers in opened.items()} == {d.key: 1 for d in desired}
    for issue in standin.issues():
        bodies = [c.body for c in issue.comments]
        assert all(a != b for a, b in pairwise(bodies)), bodies


@pytest.fixture
def standin(github_standin: GitHubStandIn) -> GitHubStandIn:
    """The shared stand-in fixture under a shorter name."""
    return github_standin


# --- the ordinary cycle -----------------------------------------------------------------------


def test_first_run_opens_one_issue_per_item(standin: GitHubStandIn) -> None:
    report = run(standin, ITEMS)
    assert_converged(standin, ITEMS)
    issues = {marker_key(i.body): i for i in standin.issues()}
    sc086 = issues["SC086:lapse"]
    assert sc086.title == "SC086:lapse is stalled"
    assert sc086.labels == ["clerk", "ballot"]
    assert sc086.body == "SC086:lapse needs attention.\n\n<!-- clerk:SC086:lapse -->"
    assert issues["SC087:lapse"].labels == ["clerk"]
    assert report.created == {key: issues[key].number for key in issues}
    label = standin.repo().labels["clerk"]
    assert (label.color, label.description) == ("5319e7", "Opened and kept up to date by Clerk")
    # list issues, list labels, create 2 labels, create 3 issues
    assert (report.requests, report.writes) == (7, 5)
    assert [type(op) for op in report.done] == [CreateLabel] * 2 + [CreateIssue] * 3


def test_second_run_writes_nothing_in_one_request(standin: GitHubStandIn) -> None:
    run(standin, ITEMS)
    standin.clear_log()
    report = run(standin, ITEMS)
    assert standin.writes == []
    assert len(standin.requests) <= 2
    assert len(standin.requests) == 1
    only = standin.requests[0]
    assert only.path == "/repos/octo-org/governance/issues"
    assert only.query == {"state": ["all"], "labels": ["clerk"], "per_page": ["100"]}
    assert (report.requests, report.writes, report.done) == (1, 0, [])
    assert report.lines()[-1] == "  nothing to change"


def test_unchanged_run_with_many_issues_pages(standin: GitHubStandIn) -> None:
    desired = [item(f"SC{n:03d}:lapse") for n in range(150)]
    for d in desired:
        standin.seed_issue(d.title, d.rendered_body(), labels=["clerk"])
    report = run(standin, desired)
    assert report.requests == 2
    assert standin.count("GET") == 2
    assert standin.writes == []


def test_dropped_item_is_closed_with_a_comment(standin: GitHubStandIn) -> None:
    run(standin, ITEMS)
    dropped = next(i for i in standin.issues() if marker_key(i.body) == "SC087:lapse")
    standin.clear_log()
    report = run(standin, [ITEMS[0], ITEMS[2]])
    assert report.done == [CloseIssue(dropped.number, "SC087:lapse", has_comments=False)]
    assert dropped.state == "closed"
    assert dropped.state_reason == "completed"
    assert [c.body for c in dropped.comments] == [
        "Closing: `SC087:lapse` is no longer stalled. "
        "Clerk will reopen this issue if it stalls again."
    ]
    number = dropped.number
    assert [(w.method, w.path) for w in standin.writes] == [
        ("POST", f"/repos/octo-org/governance/issues/{number}/comments"),
        ("PATCH", f"/repos/octo-org/governance/issues/{number}"),
    ]
    assert_converged(standin, [ITEMS[0], ITEMS[2]])


def test_edited_body_is_updated_and_unchanged_one_is_not(standin: GitHubStandIn) -> None:
    run(standin, ITEMS)
    edited = [item("SC086:lapse", "Now 95 days without a vote.", "ballot"), *ITEMS[1:]]
    standin.clear_log()
    report = run(standin, edited)
    target = next(i for i in standin.issues() if marker_key(i.body) == "SC086:lapse")
    assert [(w.method, w.path, w.body) for w in standin.writes] == [
        (
            "PATCH",
            f"/repos/octo-org/governance/issues/{target.number}",
            {"body": "Now 95 days without a vote.\n\n<!-- clerk:SC086:lapse -->"},
        )
    ]
    assert report.done == [UpdateIssue(target.number, "SC086:lapse", None, target.body)]
    standin.clear_log()
    run(standin, edited)
    assert standin.writes == []


def test_edited_title_and_new_label(standin: GitHubStandIn) -> None:
    run(standin, ITEMS)
    changed = [ITEMS[0], item("SC087:lapse", "", "ballot", title="SC087: 90 days"), ITEMS[2]]
    standin.clear_log()
    report = run(standin, changed)
    assert [type(op) for op in report.done] == [UpdateIssue, AddLabels]
    target = next(i for i in standin.issues() if marker_key(i.body) == "SC087:lapse")
    assert (target.title, target.labels) == ("SC087: 90 days", ["clerk", "ballot"])
    assert standin.count("GET", r".*/labels") == 0  # "ballot" is known from another issue


def test_item_stalled_again_is_reopened(standin: GitHubStandIn) -> None:
    run(standin, ITEMS)
    run(standin, ITEMS[:2])
    closed = next(i for i in standin.issues() if i.state == "closed")
    standin.clear_log()
    report = run(standin, ITEMS)
    assert report.done == [ReopenIssue(closed.number, "meeting-2025-11-20:a-2")]
    assert (closed.state, closed.state_reason) == ("open", "reopened")
    assert closed.comments[-1].body == "Reopening: `meeting-2025-11-20:a-2` is stalled again."
    assert len(standin.issues()) == 3
    assert_converged(standin, ITEMS)


def test_closing_again_after_a_reopening_comments_again(standin: GitHubStandIn) -> None:
    run(standin, ITEMS)
    run(standin, ITEMS[:2])
    run(standin, ITEMS)
    run(standin, ITEMS[:2])
    closed = next(i for i in standin.issues() if i.state == "closed")
    assert [c.body.split(":")[0] for c in closed.comments] == ["Closing", "Reopening", "Closing"]


def test_duplicates_are_closed_keeping_the_oldest(standin: GitHubStandIn) -> None:
    d = ITEMS[1]
    first = standin.seed_issue(d.title, d.rendered_body(), labels=["clerk"])
    second = standin.seed_issue(d.title, d.rendered_body(), labels=["clerk"])
    report = run(standin, [d])
    assert report.done == [
        CloseIssue(second.number, d.key, duplicate_of=first.number, has_comments=False)
    ]
    assert (first.state, second.state, second.state_reason) == ("open", "closed", "not_planned")
    assert second.comments[0].body.startswith(f"Closing as a duplicate of #{first.number}")


def test_issues_without_a_marker_are_left_alone(standin: GitHubStandIn) -> None:
    human = standin.seed_issue("Please review SC086", "by hand", labels=["clerk"])
    other = standin.seed_issue("Unrelated", marker("SC086:lapse"), labels=["bug"])
    run(standin, [])
    assert standin.writes == []
    run(standin, ITEMS)
    assert (human.state, human.comments, other.state) == ("open", [], "open")
    assert_converged(standin, ITEMS)  # the unlabelled issue with a marker is not Clerk's


def test_existing_label_is_not_created_again(standin: GitHubStandIn) -> None:
    standin.seed_label("clerk", "000000")
    standin.seed_label("Ballot")
    report = run(standin, ITEMS)
    assert not any(isinstance(op, CreateLabel) for op in report.planned)
    assert standin.count("POST", r".*/labels") == 0
    assert standin.count("GET", r".*/labels") == 1


def test_dry_run_makes_no_write(standin: GitHubStandIn) -> None:
    report = run(standin, ITEMS, dry_run=True)
    assert standin.writes == []
    assert report.writes == 0
    assert report.done == []
    lines = report.lines()
    assert lines[0].endswith("(dry run): 2 request(s), 0 write(s), 0 retry(ies)")
    assert '  would open an issue for SC086:lapse: "SC086:lapse is stalled"' in lines
    assert '  would create label "clerk"' in lines


def test_write_cap_is_honoured(standin: GitHubStandIn) -> None:
    desired = [item(f"SC{n:03d}:lapse") for n in range(5)]
    report = run(standin, desired, max_writes=3)
    assert len(standin.writes) == 3
    assert report.writes == 3
    assert [type(op) for op in report.done] == [CreateLabel, CreateIssue, CreateIssue]
    assert [type(op) for op in report.skipped] == [CreateIssue] * 3
    assert any(line.startswith("  skipped (write cap 3): open an issue") for line in report.lines())
    report = run(standin, desired, max_writes=3)
    assert len(report.done) == 3 and report.skipped == []
    assert_converged(standin, desired)


def test_write_cap_counts_retried_writes(standin: GitHubStandIn) -> None:
    standin.seed_label("clerk")
    standin.inject(FaultKind.SERVER_ERROR, method="POST", times=None)
    report = run(standin, ITEMS[1:2], max_writes=2)
    assert len(standin.writes) == report.writes == 2  # the cap stops a third attempt
    assert report.done == []
    assert [type(op) for op in report.skipped] == [CreateIssue]
    report = run(standin, ITEMS[1:2], max_writes=0)
    assert [type(op) for op in report.skipped] == [CreateIssue]
    assert len(standin.writes) == 2


# --- faults ---------------------------------------------------------------------------------


def mixed_scenario(standin: GitHubStandIn) -> list[DesiredIssue]:
    """Issues in every state; returns the desired list whose sync touches each of them."""
    a, b, c, d = (item(k) for k in ("A:lapse", "B:lapse", "C:lapse", "D:lapse"))
    for x in (a, b, c, d):
        standin.seed_issue(x.title, x.rendered_body(), labels=["clerk"])
    standin.issues()[0].comments.append(_human_comment(standin))  # A: its close reads comments
    standin.issues()[2].state = "closed"  # C: stalled again, to reopen
    standin.seed_issue(d.title, d.rendered_body(), labels=["clerk"])  # a duplicate of D
    return [item("B:lapse", "Edited text."), c, d, item("E:lapse", "", "new-label")]


def _human_comment(standin: GitHubStandIn) -> object:
    from github_standin.server import CommentState

    now = standin.clock()
    return CommentState(1, "Any news?", "octocat", now, now)


def empty_scenario(standin: GitHubStandIn) -> list[DesiredIssue]:
    """A repository without Clerk issues or labels."""
    return ITEMS


SCENARIOS: dict[str, Callable[[GitHubStandIn], list[DesiredIssue]]] = {
    "first-run": empty_scenario,
    "mixed": mixed_scenario,
}
FAULTS = [
    FaultKind.SERVER_ERROR,
    FaultKind.BAD_GATEWAY,
    FaultKind.SECONDARY_RATE_LIMIT,
    FaultKind.LOST_RESPONSE,
]


def baseline_requests(scenario: Callable[[GitHubStandIn], list[DesiredIssue]]) -> int:
    """How many requests the scenario's sync makes without faults."""
    with running_standin() as standin:
        desired = scenario(standin)
        report = run(standin, desired)
        assert_converged(standin, desired)
        return report.requests


@pytest.fixture
def fresh_standin() -> Iterator[Callable[[], GitHubStandIn]]:
    """A factory of running stand-ins, all stopped (and contract-checked) at teardown."""
    started: list[GitHubStandIn] = []

    def make() -> GitHubStandIn:
        standin = GitHubStandIn().start()
        started.append(standin)
        return standin

    yield make
    for standin in started:
        standin.stop()
        standin.assert_contract()


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("kind", FAULTS, ids=lambda k: k.value)
def test_a_fault_at_any_request_still_converges(
    fresh_standin: Callable[[], GitHubStandIn], scenario: str, kind: FaultKind
) -> None:
    setup = SCENARIOS[scenario]
    positions = baseline_requests(setup)
    assert positions >= 6
    for nth in range(1, positions + 1):
        standin = fresh_standin()
        desired = setup(standin)
        total_before = len(standin.issues())
        standin.inject(kind, nth=nth)
        first = run(standin, desired)
        assert first.retries == 1, (nth, first.lines())
        run(standin, desired)
        assert_converged(standin, desired)
        known = {marker_key(i.body) for i in standin.issues()[:total_before]}
        created = [d for d in desired if d.key not in known]
        assert len(standin.issues()) == total_before + len(created), nth
        standin.clear_log()
        run(standin, desired)
        assert standin.writes == [], nth


def test_lost_create_response_is_not_duplicated(standin: GitHubStandIn) -> None:
    standin.inject(FaultKind.LOST_RESPONSE, method="POST", path=r"/repos/[^/]+/[^/]+/issues")
    report = run(standin, ITEMS)
    assert len(standin.issues()) == 3
    assert_converged(standin, ITEMS)
    assert any("not created twice" in note for note in report.notes)
    assert report.created.keys() == {d.key for d in ITEMS}


def test_lost_comment_response_is_not_posted_twice(standin: GitHubStandIn) -> None:
    run(standin, ITEMS)
    standin.inject(FaultKind.LOST_RESPONSE, method="POST", path=r".*/comments")
    run(standin, ITEMS[:2])
    closed = next(i for i in standin.issues() if i.state == "closed")
    assert len(closed.comments) == 1


def test_retry_after_is_honoured(standin: GitHubStandIn) -> None:
    sleeps = Recorder()
    standin.inject(FaultKind.SECONDARY_RATE_LIMIT, method="POST", retry_after=7)
    standin.inject(FaultKind.TOO_MANY_REQUESTS, method="POST", retry_after=3)
    standin.inject(FaultKind.SERVER_ERROR, method="GET")
    report = run(standin, ITEMS, sleep=sleeps)
    assert sleeps.delays == [2.0, 7.0, 3.0]
    assert report.delays == sleeps.delays
    assert report.retries == 3
    assert_converged(standin, ITEMS)


def test_github_staying_down_raises_one_clear_error(standin: GitHubStandIn) -> None:
    sleeps = Recorder()
    standin.inject(FaultKind.BAD_GATEWAY, times=None)
    with pytest.raises(GitHubUnavailable) as caught:
        run(standin, ITEMS, sleep=sleeps)
    message = str(caught.value)
    assert "could not list Clerk's issues in octo-org/governance after 4 attempt(s)" in message
    assert "502" in message and "the next run will converge" in message
    assert sleeps.delays == [2.0, 4.0, 8.0]
    assert caught.value.report is not None and caught.value.report.requests == 4
    assert caught.value.exit_code == 1


def test_creates_failing_for_good_converge_later(standin: GitHubStandIn) -> None:
    standin.inject(FaultKind.SERVER_ERROR, method="POST", path=r".*/issues", times=None)
    with pytest.raises(GitHubUnavailable, match="could not open an issue for SC086:lapse"):
        run(standin, ITEMS)
    assert standin.issues() == []
    standin.clear_faults()
    run(standin, ITEMS)
    assert_converged(standin, ITEMS)


def test_too_long_a_retry_after_gives_up(standin: GitHubStandIn) -> None:
    standin.inject(FaultKind.SECONDARY_RATE_LIMIT, retry_after=3600)
    with pytest.raises(GitHubUnavailable):
        run(standin, ITEMS)
    assert len(standin.requests) == 1


def test_primary_rate_limit_stops_at_once(standin: GitHubStandIn) -> None:
    standin.inject(FaultKind.PRIMARY_RATE_LIMIT, nth=1)
    with pytest.raises(GitHubUnavailable, match="rate limit is used up"):
        run(standin, ITEMS)
    assert len(standin.requests) == 1


def test_bad_token_is_a_clear_error(standin: GitHubStandIn) -> None:
    standin.tokens = frozenset({TEST_TOKEN})
    with client_for(standin, "wrong") as client, pytest.raises(GitHubError) as caught:
        sync(client, ITEMS, sleep=Recorder())
    assert not isinstance(caught.value, GitHubUnavailable)
    assert caught.value.status == 401
    assert "check GITHUB_TOKEN" in str(caught.value)
    assert len(standin.requests) == 1


def test_unknown_repository_is_a_clear_error(standin: GitHubStandIn) -> None:
    client = connect(TEST_TOKEN, "octo-org/missing", standin.base_url, fast=True)
    with pytest.raises(GitHubError, match="is octo-org/missing right"):
        sync(client, ITEMS, sleep=Recorder())


# --- connecting -----------------------------------------------------------------------------


def test_enterprise_api_url() -> None:
    with running_standin(api_prefix="/api/v3") as standin:
        client = connect(TEST_TOKEN, standin.repository, standin.base_url + "/", fast=True)
        assert client.api_url.endswith("/api/v3")
        sync(client, ITEMS, sleep=Recorder())
        assert_converged(standin, ITEMS)
        standin.assert_contract()


def test_connect_checks_its_inputs() -> None:
    with pytest.raises(GitHubError, match="GITHUB_TOKEN"):
        connect("", "a/b")
    with pytest.raises(GitHubError, match="owner/name"):
        connect("t", "just-a-name")
    with pytest.raises(GitHubError, match="GITHUB_TOKEN and GITHUB_REPOSITORY not set"):
        connect_from_env({})
    client = connect_from_env({"GITHUB_TOKEN": "t", "GITHUB_REPOSITORY": "a/b"})
    assert (client.api_url, client.repository, client.label) == (
        "https://api.github.com",
        "a/b",
        "clerk",
    )


def test_importing_the_module_does_not_import_pygithub() -> None:
    code = "import sys, clerk.github; assert 'github' not in sys.modules, 'PyGithub imported'"
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(TOOLS)})


# --- planning (pure) --------------------------------------------------------------------------


def existing(
    number: int, key: str | None, *, state: str = "open", **fields: object
) -> ExistingIssue:
    """An existing Clerk issue as planning sees it."""
    d = item(key) if key else item("x")
    values: dict[str, object] = {
        "title": d.title,
        "body": d.rendered_body() if key else "no marker",
        "labels": ("clerk",),
        "created_at": f"2025-01-{number:02d}T00:00:00Z",
    }
    values.update(fields)
    return ExistingIssue(number, state=state, **values)  # type: ignore[arg-type]


def test_plan_nothing_to_do() -> None:
    assert plan([item("A")], [existing(1, "A")]) == []
    assert plan([], [existing(1, "A", state="closed"), existing(2, None)]) == []


def test_plan_keeps_the_oldest_open_issue() -> None:
    ops = plan(
        [item("A")],
        [existing(3, "A"), existing(1, "A", state="closed"), existing(2, "A")],
    )
    assert ops == [CloseIssue(3, "A", duplicate_of=2, has_comments=False)]


def test_plan_reopens_the_oldest_when_all_are_closed() -> None:
    ops = plan(
        [item("A", "new text")],
        [existing(2, "A", state="closed"), existing(1, "A", state="closed")],
    )
    assert ops == [ReopenIssue(1, "A", None, "new text\n\n<!-- clerk:A -->")]
    assert ops[0].describe() == "reopen #1 (A): stalled again; update its body"


def test_plan_ignores_line_ending_and_outer_space_changes() -> None:
    d = item("A", "line one\nline two")
    body = "  " + d.rendered_body().replace("\n", "\r\n") + "\n"
    assert plan([d], [existing(1, "A", body=body)]) == []


def test_plan_creates_labels_only_when_unseen() -> None:
    assert plan([item("A", "", "ballot")], [existing(1, "B", labels=("clerk", "Ballot"))]) == [
        CreateIssue(item("A", "", "ballot"), ("clerk", "ballot")),
        CloseIssue(1, "B", has_comments=False),
    ]
    ops = plan([item("A", "", "ballot")], [], label="stale")
    assert ops[:2] == [
        CreateLabel("stale", "5319e7", "Opened and kept up to date by Clerk"),
        CreateLabel("ballot"),
    ]


def test_plan_order_and_descriptions() -> None:
    ops = plan(
        [item("A", "changed"), item("B"), item("D", "", "x")],
        [existing(1, "A"), existing(2, "B", state="closed"), existing(3, "C", comments=2)],
    )
    assert [op.describe() for op in ops] == [
        'create label "x"',
        'open an issue for D: "D is stalled"',
        "reopen #2 (B): stalled again",
        "update the body of #1 (A)",
        "close #3 (C): no longer stalled",
    ]
    assert ops[-1] == CloseIssue(3, "C", has_comments=True)
    assert Counter(op.writes for op in ops) == {1: 3, 2: 2}


def test_plan_rejects_duplicate_keys() -> None:
    with pytest.raises(ValueError, match="share the key"):
        plan([item("A"), item("A")], [])


@pytest.mark.parametrize("key", ["", "has space", "a--b", "ends-", "<!--", "-lead"])
def test_bad_keys_are_refused(key: str) -> None:
    with pytest.raises(ValueError):
        DesiredIssue(key, "t", "b")


def test_marker_round_trip() -> None:
    for key in ("SC086:lapse", "meeting-2025-11-20:action-2", "a.b/c#1"):
        assert marker_key(f"text\n\n{marker(key)}") == key
    assert marker_key("no marker") is None
    assert marker_key(f"{marker('old')} then {marker('new')}") == "new"


def test_retry_policy_delays() -> None:
    policy = RetryPolicy()
    assert [policy.delay(n, None, False) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert policy.delay(1, 5, True) == 5
    assert policy.delay(1, None, True) == 60.0
    assert policy.delay(1, 301, True) is None
