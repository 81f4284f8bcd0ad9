"""The GitHub stand-in behaves like GitHub's REST API, driven by PyGithub itself."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from github import (
    BadCredentialsException,
    GithubException,
    RateLimitExceededException,
    UnknownObjectException,
)
from github.Repository import Repository

from github_standin import (
    TEST_TOKEN,
    FaultKind,
    GitHubStandIn,
    ResponseContract,
    pygithub_client,
    running_standin,
)
from github_standin.server import SCHEMA_PATH

OPERATIONS_USED = {
    "repos/get",
    "issues/list-for-repo",
    "issues/create",
    "issues/get",
    "issues/update",
    "issues/list-comments",
    "issues/create-comment",
    "issues/list-labels-for-repo",
    "issues/create-label",
    "issues/add-labels",
    "issues/list-labels-on-issue",
    "search/issues-and-pull-requests",
    "rate-limit/get",
    "issues/get-comment",
    "issues/update-comment",
    "reactions/create-for-issue-comment",
    "reactions/list-for-issue-comment",
}


@pytest.fixture
def repo(github_standin: GitHubStandIn) -> Repository:
    """The stand-in's repository through a lazy PyGithub client (no request until used)."""
    client = pygithub_client(github_standin, lazy=True)
    return client.get_repo(github_standin.repository)


def raw_get(standin: GitHubStandIn, path: str) -> http.client.HTTPResponse:
    """A GET with http.client, which keeps repeated headers apart."""
    conn = http.client.HTTPConnection("127.0.0.1", standin.port, timeout=5)
    conn.request("GET", standin.api_prefix + path, headers={"Authorization": "token x"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def test_schema_bundle_is_the_shared_copy() -> None:
    bundle = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(bundle["operations"]) >= OPERATIONS_USED
    assert Path(SCHEMA_PATH.parent / "extract_openapi_subset.py").is_file()


def test_repository(github_standin: GitHubStandIn) -> None:
    client = pygithub_client(github_standin)
    repo = client.get_repo("octo-org/governance")
    assert repo.full_name == "octo-org/governance"
    assert repo.owner.login == "octo-org"
    assert repo.owner.type == "Organization"
    assert repo.url.startswith(github_standin.base_url)
    assert repo.html_url.startswith(github_standin.origin)
    assert repo.open_issues_count == 0
    with pytest.raises(UnknownObjectException):
        client.get_repo("octo-org/missing")
    assert [r.operation for r in github_standin.responses] == ["repos/get", "repos/get"]
    assert [r.status for r in github_standin.responses] == [200, 404]


def test_issue_create_get_update(repo: Repository, github_standin: GitHubStandIn) -> None:
    issue = repo.create_issue(title="SC086 stalled", body="text", labels=["clerk", "ballot"])
    assert (issue.number, issue.state, issue.body) == (1, "open", "text")
    assert sorted(label.name for label in issue.labels) == ["ballot", "clerk"]
    assert issue.user.login == "github-actions[bot]"
    assert issue.html_url == f"{github_standin.origin}/octo-org/governance/issues/1"

    issue.edit(title="SC086 stalled (v2)", body="new text")
    issue.edit(state="closed", state_reason="not_planned")
    fetched = repo.get_issue(1)
    assert (fetched.title, fetched.body, fetched.state) == (
        "SC086 stalled (v2)",
        "new text",
        "closed",
    )
    assert fetched.state_reason == "not_planned"
    assert fetched.closed_at is not None
    assert fetched.closed_by is not None and fetched.closed_by.login == "github-actions[bot]"

    fetched.edit(state="open")
    assert (fetched.state, fetched.state_reason, fetched.closed_at) == ("open", "reopened", None)
    fetched.edit(labels=["clerk"])
    assert [label.name for label in fetched.labels] == ["clerk"]
    with pytest.raises(UnknownObjectException):
        _ = repo.get_issue(99).title  # a lazy object fetches on first use
    writes = github_standin.writes
    assert [w.method for w in writes] == ["POST", "PATCH", "PATCH", "PATCH", "PATCH"]
    assert writes[0].body == {
        "title": "SC086 stalled",
        "body": "text",
        "labels": ["clerk", "ballot"],
    }


def test_create_issue_requires_a_title(github_standin: GitHubStandIn) -> None:
    requester = pygithub_client(github_standin).requester
    with pytest.raises(GithubException) as caught:
        requester.requestJsonAndCheck(
            "POST", "/repos/octo-org/governance/issues", input={"body": "x"}
        )
    assert caught.value.status == 422
    assert caught.value.data["message"].startswith("Invalid request.")
    assert github_standin.issues() == []


def test_list_filters_by_state_and_labels(repo: Repository, github_standin: GitHubStandIn) -> None:
    github_standin.seed_issue("a", labels=["clerk"])
    github_standin.seed_issue("b", labels=["clerk", "ballot"], state="closed")
    github_standin.seed_issue("c", labels=["other"])
    titles = {
        state: sorted(i.title for i in repo.get_issues(state=state))
        for state in ("open", "closed", "all")
    }
    assert titles == {"open": ["a", "c"], "closed": ["b"], "all": ["a", "b", "c"]}
    assert sorted(i.title for i in repo.get_issues(state="all", labels=["clerk"])) == ["a", "b"]
    assert [i.title for i in repo.get_issues(state="all", labels=["clerk", "ballot"])] == ["b"]
    assert [i.title for i in repo.get_issues(state="all", direction="asc")] == ["a", "b", "c"]


def test_paging_follows_link_headers(github_standin: GitHubStandIn) -> None:
    for n in range(7):
        github_standin.seed_issue(f"issue {n}", labels=["clerk"])
    client = pygithub_client(github_standin, per_page=3, lazy=True)
    repo = client.get_repo(github_standin.repository)
    numbers = [i.number for i in repo.get_issues(state="all", labels=["clerk"])]
    assert numbers == [7, 6, 5, 4, 3, 2, 1]
    pages = github_standin.requests
    assert len(pages) == 3
    assert pages[0].path == "/repos/octo-org/governance/issues"
    assert [r.query["page"] for r in pages[1:]] == [["2"], ["3"]]
    assert all(r.query["labels"] == ["clerk"] for r in pages)
    first_links = github_standin.responses[0].headers["Link"]
    assert first_links.count("rel=") == 2
    for part in first_links.split(", "):
        url, rel = part.split("; ")
        assert url.startswith(f"<{github_standin.base_url}/repositories/")
        assert rel in ('rel="next"', 'rel="last"')
    assert parse_qs(urlsplit(first_links.split(">")[0][1:]).query)["page"] == ["2"]
    assert 'rel="prev"' in github_standin.responses[1].headers["Link"]
    assert 'rel="next"' not in github_standin.responses[2].headers["Link"]


def test_single_page_has_no_link_header(repo: Repository, github_standin: GitHubStandIn) -> None:
    github_standin.seed_issue("only")
    assert [i.title for i in repo.get_issues()] == ["only"]
    assert "Link" not in github_standin.responses[0].headers


def test_comments(repo: Repository, github_standin: GitHubStandIn) -> None:
    github_standin.seed_issue("a")
    issue = repo.get_issue(1)
    for n in range(4):
        comment = issue.create_comment(f"comment {n}")
        assert comment.body == f"comment {n}"
        assert comment.html_url.startswith(github_standin.origin)
    client = pygithub_client(github_standin, per_page=3)
    paged = client.get_repo(github_standin.repository).get_issue(1)
    assert [c.body for c in paged.get_comments()] == [f"comment {n}" for n in range(4)]
    assert paged.comments == 4
    assert github_standin.count("GET", r".*/comments") == 2


def test_comment_edits_reactions_and_since(repo: Repository, github_standin: GitHubStandIn) -> None:
    github_standin.seed_issue("a")
    early = datetime(2026, 1, 1, tzinfo=UTC)
    theirs = github_standin.seed_comment(1, "/vote yes", user="alice", created_at=early)
    github_standin.edit_comment(theirs.id, "/vote no", at=datetime(2026, 1, 2, tzinfo=UTC))
    mine = repo.get_issue(1).create_comment("tally")
    mine.edit("tally, edited")
    assert repo.get_issue(1).get_comment(mine.id).body == "tally, edited"
    fetched = repo.get_issue(1).get_comment(theirs.id)
    assert (fetched.body, fetched.user.login) == ("/vote no", "alice")
    assert fetched.created_at < fetched.updated_at
    with pytest.raises(GithubException) as caught:
        fetched.edit("not mine")  # only the author edits a comment
    assert caught.value.status == 403
    first = fetched.create_reaction("+1")
    again = fetched.create_reaction("+1")  # GitHub keeps one reaction per user and content
    assert first.id == again.id
    assert [r.content for r in fetched.get_reactions()] == ["+1"]
    assert repo.get_issue(1).get_comment(theirs.id).raw_data["reactions"]["+1"] == 1
    statuses = [
        r.status for r in github_standin.responses if r.operation and "reaction" in r.operation
    ]
    assert statuses[:2] == [201, 200]
    since = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert [c.id for c in repo.get_issue(1).get_comments(since=since)] == [theirs.id, mine.id]
    with pytest.raises(UnknownObjectException):
        repo.get_issue(1).get_comment(999).update()


def test_labels_and_duplicate_label_is_422(repo: Repository) -> None:
    created = repo.create_label("clerk", "5319e7", "Opened by Clerk")
    assert (created.name, created.color, created.description) == (
        "clerk",
        "5319e7",
        "Opened by Clerk",
    )
    assert [label.name for label in repo.get_labels()] == ["clerk"]
    with pytest.raises(GithubException) as caught:
        repo.create_label("Clerk", "000000")
    assert caught.value.status == 422
    assert caught.value.data["message"] == "Validation Failed"
    assert caught.value.data["errors"] == [
        {"resource": "Label", "code": "already_exists", "field": "name"}
    ]
    with pytest.raises(GithubException) as bad_color:
        repo.create_label("other", "purple")
    assert bad_color.value.data["errors"][0]["code"] == "invalid"


def test_add_labels_to_issue(repo: Repository, github_standin: GitHubStandIn) -> None:
    github_standin.seed_issue("a", labels=["clerk"])
    issue = repo.get_issue(1)
    issue.add_to_labels("ballot", "clerk")
    assert [label.name for label in issue.get_labels()] == ["clerk", "ballot"]
    assert {label.name for label in repo.get_labels()} == {"clerk", "ballot"}


def test_search_is_eventually_consistent(github_standin: GitHubStandIn) -> None:
    github_standin.search_lag = 1  # missing from search for the one request after creation
    client = pygithub_client(github_standin, lazy=True)
    repo = client.get_repo(github_standin.repository)
    repo.create_issue(title="SC086 stalled", body="x\n<!-- clerk:SC086:lapse -->", labels=["clerk"])
    query = '"clerk:SC086:lapse" in:body is:issue'
    assert list(client.search_issues(query, repo=github_standin.repository)) == []
    found = list(client.search_issues(query, repo=github_standin.repository))
    assert [i.number for i in found] == [1]
    assert list(client.search_issues(query, label="other")) == []
    assert list(client.search_issues(query, state="closed")) == []
    assert github_standin.responses[-1].headers["X-RateLimit-Resource"] == "search"
    # the labelled list, unlike search, sees a new issue at once
    repo.create_issue(title="again", body="<!-- clerk:again -->", labels=["clerk"])
    assert next(i.title for i in repo.get_issues(labels=["clerk"])) == "again"


def test_search_paging(github_standin: GitHubStandIn) -> None:
    for n in range(5):
        github_standin.seed_issue(f"stalled {n}", body="stalled item")
    client = pygithub_client(github_standin, per_page=2)
    results = client.search_issues("stalled", sort="created", order="asc")
    assert results.totalCount == 5
    assert [i.title for i in results] == [f"stalled {n}" for n in range(5)]


def test_rate_limit_and_headers(repo: Repository, github_standin: GitHubStandIn) -> None:
    list(repo.get_issues())
    list(repo.get_issues())
    rate = pygithub_client(github_standin).get_rate_limit()
    assert rate.resources.core.limit == 5000
    assert rate.resources.core.remaining == 4998
    assert rate.resources.search.limit == 30
    first, second = github_standin.responses[:2]
    assert int(first.headers["X-RateLimit-Remaining"]) - 1 == int(
        second.headers["X-RateLimit-Remaining"]
    )
    for response in github_standin.responses:
        for name in ("Limit", "Remaining", "Reset", "Used", "Resource"):
            assert f"X-RateLimit-{name}" in response.headers


def test_no_header_is_sent_twice(github_standin: GitHubStandIn) -> None:
    for n in range(3):
        github_standin.seed_issue(f"i{n}")
    github_standin.inject(FaultKind.SECONDARY_RATE_LIMIT, nth=2)
    for path in (
        "/repos/octo-org/governance/issues?per_page=1&page=2",
        "/repos/octo-org/governance/issues",
        "/nowhere",
    ):
        response = raw_get(github_standin, path)
        names = [name.lower() for name, _ in response.getheaders()]
        assert len(names) == len(set(names)), names
    assert [r.status for r in github_standin.requests] == [200, 403, 404]


def test_primary_rate_limit_exhausted(repo: Repository, github_standin: GitHubStandIn) -> None:
    github_standin.set_rate_limit("core", remaining=0)
    with pytest.raises(RateLimitExceededException) as caught:
        list(repo.get_issues())
    assert caught.value.status == 403
    assert caught.value.headers["x-ratelimit-remaining"] == "0"


def test_authentication_is_required(github_standin: GitHubStandIn) -> None:
    from github import Auth, Github

    anonymous = Github(base_url=github_standin.base_url, retry=None)
    with pytest.raises(GithubException) as caught:
        anonymous.get_repo(github_standin.repository)
    assert caught.value.status == 401
    assert caught.value.data["message"] == "Requires authentication"
    github_standin.tokens = frozenset({TEST_TOKEN})
    wrong = Github(base_url=github_standin.base_url, auth=Auth.Token("nope"), retry=None)
    with pytest.raises(BadCredentialsException):
        wrong.get_repo(github_standin.repository)
    bearer = Github(base_url=github_standin.base_url, auth=Auth.AppAuthToken(TEST_TOKEN))
    assert bearer.get_repo(github_standin.repository).name == "governance"


def test_enterprise_prefix() -> None:
    with running_standin(api_prefix="/api/v3") as standin:
        for n in range(3):
            standin.seed_issue(f"i{n}")
        client = pygithub_client(standin, per_page=2)
        assert standin.base_url.endswith("/api/v3")
        repo = client.get_repo(standin.repository)
        assert repo.url == f"{standin.base_url}/repos/octo-org/governance"
        assert len(list(repo.get_issues())) == 3
        assert "/api/v3/repositories/" in standin.responses[1].headers["Link"]
        assert raw_get(standin, "/../repos/octo-org/governance").status == 404
        standin.assert_contract()


# --- faults ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (FaultKind.SERVER_ERROR, 500),
        (FaultKind.BAD_GATEWAY, 502),
        (FaultKind.SECONDARY_RATE_LIMIT, 403),
        (FaultKind.TOO_MANY_REQUESTS, 429),
    ],
)
def test_transient_fault_is_retried_by_pygithub(
    repo: Repository, github_standin: GitHubStandIn, kind: FaultKind, status: int
) -> None:
    github_standin.inject(kind, method="GET", path=r"/repos/[^/]+/[^/]+/issues")
    assert list(repo.get_issues()) == []
    assert [r.status for r in github_standin.requests] == [status, 200]
    assert github_standin.requests[0].fault is kind


def test_secondary_rate_limit_response(github_standin: GitHubStandIn) -> None:
    github_standin.inject(FaultKind.SECONDARY_RATE_LIMIT, nth=1, retry_after=7)
    response = raw_get(github_standin, "/repos/octo-org/governance")
    assert response.status == 403
    assert response.getheader("Retry-After") == "7"
    body = github_standin.responses[0].body
    assert body["message"].startswith("You have exceeded a secondary rate limit")


def test_primary_rate_limit_fault(repo: Repository, github_standin: GitHubStandIn) -> None:
    github_standin.inject(FaultKind.PRIMARY_RATE_LIMIT, nth=1)
    with pytest.raises(RateLimitExceededException):
        list(repo.get_issues())
    assert github_standin.responses[0].headers["X-RateLimit-Remaining"] == "0"
    assert list(repo.get_issues()) == []


def test_fault_by_position_and_times(repo: Repository, github_standin: GitHubStandIn) -> None:
    github_standin.inject(FaultKind.SERVER_ERROR, nth=2)
    github_standin.inject(FaultKind.BAD_GATEWAY, method="POST", times=None)
    list(repo.get_issues())
    list(repo.get_issues())  # 2nd request fails once, then the retry succeeds
    with pytest.raises(requests.exceptions.RetryError):
        repo.create_issue(title="never")  # PyGithub retries POSTs too, and gives up
    statuses = [r.status for r in github_standin.requests]
    assert statuses == [200, 500, 200, 502, 502, 502]
    assert github_standin.issues() == []


def test_gets_stay_failed_after_pygithub_gives_up(
    repo: Repository, github_standin: GitHubStandIn
) -> None:
    github_standin.inject(FaultKind.SERVER_ERROR, times=None)
    with pytest.raises(requests.exceptions.RetryError):
        list(repo.get_issues())
    assert github_standin.count("GET") == 3


def test_lost_create_response_duplicates_with_pygithub_post_retry(
    repo: Repository, github_standin: GitHubStandIn
) -> None:
    """The hazard Clerk avoids: PyGithub's default retry re-sends a POST whose answer is lost."""
    github_standin.inject(FaultKind.LOST_RESPONSE, method="POST")
    issue = repo.create_issue(title="SC086 stalled")
    assert issue.number == 2
    assert [i.title for i in github_standin.issues()] == ["SC086 stalled", "SC086 stalled"]
    assert [r.status for r in github_standin.requests] == [None, 201]


def test_lost_response_without_retry_raises_after_performing(
    github_standin: GitHubStandIn,
) -> None:
    client = pygithub_client(github_standin, retry=None, lazy=True)
    repo = client.get_repo(github_standin.repository)
    github_standin.inject(FaultKind.LOST_RESPONSE, method="POST", path=r".*/issues")
    with pytest.raises(requests.exceptions.ConnectionError):
        repo.create_issue(title="SC086 stalled")
    assert [i.title for i in github_standin.issues()] == ["SC086 stalled"]
    assert repo.get_issue(1).title == "SC086 stalled"


# --- the contract itself ----------------------------------------------------------------------


def test_every_operation_validated(repo: Repository, github_standin: GitHubStandIn) -> None:
    client = pygithub_client(github_standin)
    client.get_repo(github_standin.repository)
    issue = repo.create_issue(title="t", body="b", labels=["clerk"])
    list(repo.get_issues(state="all", labels=["clerk"]))
    client.get_repo(github_standin.repository).get_issue(issue.number).edit(body="c")
    comment = issue.create_comment("hello")
    list(issue.get_comments())
    comment.edit("hello again")
    issue.get_comment(comment.id).update()
    comment.create_reaction("eyes")
    list(comment.get_reactions())
    list(repo.get_labels())
    repo.create_label("ballot", "ededed")
    issue.add_to_labels("ballot")
    list(issue.get_labels())
    list(client.search_issues("t"))
    client.get_rate_limit()
    seen = {r.operation for r in github_standin.responses}
    assert seen == OPERATIONS_USED
    assert len(github_standin.responses) == len(github_standin.requests)
    assert github_standin.schema_errors == []


def test_contract_catches_bad_bodies() -> None:
    contract = ResponseContract()
    origin = "http://127.0.0.1:1"
    assert contract.check("issues/get", 200, {"number": 1}, origin)
    label = {
        "id": 1,
        "node_id": "x",
        "url": "https://api.github.com/repos/a/b/labels/x",
        "name": "x",
        "description": None,
        "color": "ededed",
        "default": False,
    }
    assert contract.check("issues/list-labels-for-repo", 200, [label], origin) == [
        "foreign URL https://api.github.com/repos/a/b/labels/x"
    ]
    label["url"] = origin + "/repos/a/b/labels/x"
    assert contract.check("issues/list-labels-for-repo", 200, [label], origin) == []
    label["url"] = "not a url"
    assert contract.check("issues/list-labels-for-repo", 200, [label], origin)
    assert contract.check("issues/get", 500, {"message": "Server Error"}, origin) == []


def test_injected_clock_drives_timestamps() -> None:
    moment = datetime(2025, 11, 20, 16, 0, tzinfo=UTC)
    with running_standin(clock=lambda: moment) as standin:
        repo = pygithub_client(standin, lazy=True).get_repo(standin.repository)
        issue = repo.create_issue(title="t")
        assert issue.created_at == moment
        standin.assert_contract()


@pytest.fixture
def standin_pair() -> Iterator[tuple[GitHubStandIn, GitHubStandIn]]:
    """Two stand-ins at once: each has its own port and state."""
    with running_standin() as one, running_standin() as two:
        yield one, two


def test_standins_are_independent(standin_pair: tuple[GitHubStandIn, GitHubStandIn]) -> None:
    one, two = standin_pair
    assert one.port != two.port
    one.seed_issue("only here")
    assert two.issues() == []
