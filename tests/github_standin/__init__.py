"""A GitHub REST API stand-in on 127.0.0.1 for tests, and helpers to run it.

Use ``running_standin()`` as a context manager, or the ``github_standin`` pytest fixture from
``github_standin.fixtures``; ``pygithub_client()`` builds a PyGithub client configured for tests
(no throttling, no waiting) that talks to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .server import (
    CommentState,
    Fault,
    FaultKind,
    GitHubStandIn,
    IssueState,
    RecordedRequest,
    RecordedResponse,
    ResponseContract,
)

if TYPE_CHECKING:
    from github import Github

__all__ = [
    "TEST_TOKEN",
    "CommentState",
    "Fault",
    "FaultKind",
    "GitHubStandIn",
    "IssueState",
    "RecordedRequest",
    "RecordedResponse",
    "ResponseContract",
    "pygithub_client",
    "running_standin",
]

TEST_TOKEN = "ghs_standin-test-token"


@contextmanager
def running_standin(**options: Any) -> Iterator[GitHubStandIn]:
    """Run a stand-in (options as for ``GitHubStandIn``) for the duration of the block."""
    standin = GitHubStandIn(**options)
    with standin:
        yield standin


def pygithub_client(standin: GitHubStandIn, token: str = TEST_TOKEN, **options: Any) -> Github:
    """A PyGithub client for the stand-in, with the test settings: no throttling, no waits."""
    from github import Auth, Github, GithubRetry

    settings: dict[str, Any] = {
        "seconds_between_requests": None,
        "seconds_between_writes": None,
        "retry": GithubRetry(
            total=2, backoff_factor=0, secondary_rate_wait=0, max_rate_limit_wait=0
        ),
    }
    settings.update(options)
    return Github(base_url=standin.base_url, auth=Auth.Token(token), **settings)
