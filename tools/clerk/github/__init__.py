"""Every call to GitHub, through PyGithub's requester.

- ``client``: the connection, retries that honour ``Retry-After``, request counting;
- ``issues``: Clerk's issues as data and the pure plan that reconciles them (stalled items);
- ``reconcile``: applying that plan under a write cap (``sync``);
- ``comments``: an issue's comments, Clerk's own found by marker, edits and reactions.

Importing the package does not import PyGithub.
"""

from clerk.github.client import (
    DEFAULT_API_URL,
    DEFAULT_LABEL,
    DEFAULT_MAX_WRITES,
    GitHubClient,
    GitHubError,
    GitHubUnavailable,
    RetryPolicy,
    SyncReport,
    connect,
    connect_from_env,
)
from clerk.github.issues import (
    AddLabels,
    CloseIssue,
    CreateIssue,
    CreateLabel,
    DesiredIssue,
    ExistingIssue,
    Operation,
    ReopenIssue,
    UpdateIssue,
    marker,
    marker_key,
    plan,
)
from clerk.github.reconcile import IssueRunner, sync

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_LABEL",
    "DEFAULT_MAX_WRITES",
    "AddLabels",
    "CloseIssue",
    "CreateIssue",
    "CreateLabel",
    "DesiredIssue",
    "ExistingIssue",
    "GitHubClient",
    "GitHubError",
    "GitHubUnavailable",
    "IssueRunner",
    "Operation",
    "ReopenIssue",
    "RetryPolicy",
    "SyncReport",
    "UpdateIssue",
    "connect",
    "connect_from_env",
    "marker",
    "marker_key",
    "plan",
    "sync",
]
