"""Every call to GitHub: keep one issue open per stalled item, through PyGithub.

Clerk keeps no hidden state. Its issues carry its label and a hidden marker
``<!-- clerk:KEY -->`` in the body; each run lists the labelled issues (state all; never
search, which lags), plans the difference with the desired issues (``plan``, pure) and applies
it under a write cap (``sync``). A run in which nothing changed costs one request per 100
labelled issues.

Clerk retries failed requests itself (honouring ``Retry-After``, with an injectable sleep);
PyGithub is told to retry only connections that never reached GitHub. Before sending a
"create issue" or a comment again after an unknown outcome (5xx, lost response), Clerk looks
for what the first attempt may have created, so a retry cannot duplicate it.

PyGithub is imported inside functions so that importing this module stays cheap.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from clerk import __version__
from clerk.findings import ClerkError

if TYPE_CHECKING:
    from github import Github
    from github.Requester import Requester

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_LABEL = "clerk"
DEFAULT_MAX_WRITES = 50
LABEL_COLOR = "5319e7"
LABEL_DESCRIPTION = "Opened and kept up to date by Clerk"
OTHER_LABEL_COLOR = "ededed"
PER_PAGE = 100
MAX_PAGES = 100

_KEY = re.compile(r"[A-Za-z0-9][\w.:/#@+=-]*")
_MARKER = re.compile(r"<!--\s*clerk:([^\s<>]+?)\s*-->")
_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="([^"]+)"')
_REPOSITORY = re.compile(r"[\w.-]+/[\w.-]+")
# No request method is retried by PyGithub after an answer or a lost answer; urllib3 still
# retries connections that failed before the request was sent. (An empty set would mean "all".)
_NO_METHOD = frozenset({"OPTIONS"})


class GitHubError(ClerkError):
    """GitHub refused a request, or Clerk cannot talk to it; the CLI exits 1."""

    def __init__(self, message: str, *, status: int | None = None, data: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.data = data
        self.report: SyncReport | None = None

    @property
    def codes(self) -> set[str]:
        """The ``code`` of each entry of a 422's ``errors`` list."""
        errors = self.data.get("errors") if isinstance(self.data, dict) else None
        return {e.get("code", "") for e in errors or [] if isinstance(e, dict)}


class GitHubUnavailable(GitHubError):
    """GitHub kept failing (5xx, rate limits, no answer); a later run will converge."""


# --- desired and existing issues ------------------------------------------------------------


def marker(key: str) -> str:
    """The hidden marker that ties an issue to a stalled item."""
    return f"<!-- clerk:{key} -->"


def marker_key(body: str | None) -> str | None:
    """The key of the last Clerk marker in an issue body, if any."""
    keys = _MARKER.findall(body or "")
    return keys[-1] if keys else None


def _norm(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


@dataclass(frozen=True)
class DesiredIssue:
    """An issue that should be open: one per stalled item, identified by ``key``."""

    key: str
    title: str
    body: str
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _KEY.fullmatch(self.key) or "--" in self.key or self.key.endswith("-"):
            raise ValueError(
                f"issue key {self.key!r}: use letters, digits and . : / # @ + = - _ "
                "(no spaces, no '--', not ending in '-')"
            )
        if not self.title.strip():
            raise ValueError(f"issue {self.key}: the title is empty")
        object.__setattr__(self, "labels", tuple(self.labels))

    def rendered_body(self) -> str:
        """The body as posted: the text, then the hidden marker."""
        text = _norm(self.body)
        return f"{text}\n\n{marker(self.key)}" if text else marker(self.key)


@dataclass(frozen=True)
class ExistingIssue:
    """An issue as listed from GitHub, reduced to what reconciliation needs."""

    number: int
    title: str
    body: str
    state: str
    labels: tuple[str, ...] = ()
    created_at: str = ""
    comments: int = 0

    @property
    def key(self) -> str | None:
        """The key of Clerk's marker in the body, or None for issues Clerk did not open."""
        return marker_key(self.body)

    @property
    def is_open(self) -> bool:
        """Whether the issue is open."""
        return self.state == "open"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExistingIssue:
        """Build from an issue object of GitHub's REST API."""
        labels = tuple(
            label["name"] if isinstance(label, Mapping) else str(label)
            for label in data.get("labels") or ()
        )
        return cls(
            number=int(data["number"]),
            title=str(data.get("title") or ""),
            body=str(data.get("body") or ""),
            state=str(data.get("state") or "open"),
            labels=labels,
            created_at=str(data.get("created_at") or ""),
            comments=int(data.get("comments") or 0),
        )


# --- operations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """One change to make on GitHub; ``writes`` is the most write requests it needs."""

    writes = 1

    def describe(self) -> str:
        """One line for humans, e.g. for ``--dry-run``."""
        raise NotImplementedError


@dataclass(frozen=True)
class CreateLabel(Operation):
    """Create a repository label that no listed issue carries yet (if it is really missing)."""

    name: str
    color: str = OTHER_LABEL_COLOR
    description: str | None = None

    def describe(self) -> str:
        """One line for humans."""
        return f'create label "{self.name}"'


@dataclass(frozen=True)
class CreateIssue(Operation):
    """Open a new issue for a stalled item."""

    issue: DesiredIssue
    labels: tuple[str, ...]

    def describe(self) -> str:
        """One line for humans."""
        return f'open an issue for {self.issue.key}: "{self.issue.title}"'


@dataclass(frozen=True)
class UpdateIssue(Operation):
    """Edit an open issue's title and/or body (None: unchanged)."""

    number: int
    key: str
    title: str | None = None
    body: str | None = None

    def describe(self) -> str:
        """One line for humans."""
        parts = " and ".join(p for p, v in (("title", self.title), ("body", self.body)) if v)
        return f"update the {parts} of #{self.number} ({self.key})"


@dataclass(frozen=True)
class ReopenIssue(Operation):
    """Reopen a closed issue whose item is stalled again, with a comment saying so."""

    number: int
    key: str
    title: str | None = None
    body: str | None = None
    writes = 2

    def describe(self) -> str:
        """One line for humans."""
        edits = " and ".join(p for p, v in (("title", self.title), ("body", self.body)) if v)
        return f"reopen #{self.number} ({self.key}): stalled again" + (
            f"; update its {edits}" if edits else ""
        )


@dataclass(frozen=True)
class AddLabels(Operation):
    """Add labels an item's issue should carry but does not."""

    number: int
    key: str
    labels: tuple[str, ...]

    def describe(self) -> str:
        """One line for humans."""
        names = ", ".join(f'"{name}"' for name in self.labels)
        return f"label #{self.number} ({self.key}) {names}"


@dataclass(frozen=True)
class CloseIssue(Operation):
    """Close an issue with a comment: its item is no longer stalled, or it is a duplicate."""

    number: int
    key: str
    duplicate_of: int | None = None
    has_comments: bool = True
    writes = 2

    @property
    def comment(self) -> str:
        """The comment posted before closing."""
        if self.duplicate_of is not None:
            return (
                f"Closing as a duplicate of #{self.duplicate_of}: both track `{self.key}`, "
                "and Clerk keeps one issue per item."
            )
        return (
            f"Closing: `{self.key}` is no longer stalled. "
            "Clerk will reopen this issue if it stalls again."
        )

    @property
    def state_reason(self) -> str:
        """GitHub's reason for closing."""
        return "completed" if self.duplicate_of is None else "not_planned"

    def describe(self) -> str:
        """One line for humans."""
        if self.duplicate_of is not None:
            return f"close #{self.number} as a duplicate of #{self.duplicate_of} ({self.key})"
        return f"close #{self.number} ({self.key}): no longer stalled"


def _missing(wanted: Iterable[str], present: Iterable[str]) -> tuple[str, ...]:
    """Names in ``wanted`` absent from ``present`` (case-insensitive, first spelling, once)."""
    have = {name.casefold() for name in present}
    out: list[str] = []
    for name in wanted:
        if name.casefold() not in have:
            have.add(name.casefold())
            out.append(name)
    return tuple(out)


def _oldest_first(issue: ExistingIssue) -> tuple[str, int]:
    return (issue.created_at, issue.number)


def plan(
    desired: Sequence[DesiredIssue],
    existing: Sequence[ExistingIssue],
    *,
    label: str = DEFAULT_LABEL,
) -> list[Operation]:
    """The operations that make ``existing`` (Clerk's labelled issues) match ``desired``.

    Per key, Clerk keeps one issue: the oldest open one, else the oldest (reopened). It edits
    title and body only when the text changed, closes open duplicates, and closes the open
    issues of keys no longer desired. Issues without a marker are left alone. Labels are
    created only when no listed issue carries them yet. Order: labels, creations, reopenings,
    edits, closings.
    """
    wanted: dict[str, DesiredIssue] = {}
    for item in desired:
        if item.key in wanted:
            raise ValueError(f"two desired issues share the key {item.key!r}")
        wanted[item.key] = item
    by_key: dict[str, list[ExistingIssue]] = {}
    for issue in sorted(existing, key=_oldest_first):
        if issue.key is not None:
            by_key.setdefault(issue.key, []).append(issue)

    creates: list[Operation] = []
    reopens: list[Operation] = []
    edits: list[Operation] = []
    closes: list[Operation] = []
    for key in sorted(set(wanted) | set(by_key)):
        issues = by_key.get(key, [])
        item = wanted.get(key)
        if item is None:
            closes += [
                CloseIssue(i.number, key, has_comments=i.comments > 0) for i in issues if i.is_open
            ]
            continue
        labels = (label, *_missing(item.labels, (label,)))
        if not issues:
            creates.append(CreateIssue(item, labels))
            continue
        keeper = next((i for i in issues if i.is_open), issues[0])
        title = item.title if _norm(keeper.title) != _norm(item.title) else None
        body = item.rendered_body()
        new_body = body if _norm(keeper.body) != _norm(body) else None
        if not keeper.is_open:
            reopens.append(ReopenIssue(keeper.number, key, title, new_body))
        elif title is not None or new_body is not None:
            edits.append(UpdateIssue(keeper.number, key, title, new_body))
        extra = _missing(labels, keeper.labels)
        if extra:
            edits.append(AddLabels(keeper.number, key, extra))
        closes += [
            CloseIssue(i.number, key, duplicate_of=keeper.number, has_comments=i.comments > 0)
            for i in issues
            if i.is_open and i is not keeper
        ]

    needed = [label]
    for op in creates + edits:
        if isinstance(op, CreateIssue | AddLabels):
            needed += op.labels
    seen = [name for issue in existing for name in issue.labels]
    labels_ops: list[Operation] = [
        CreateLabel(name, LABEL_COLOR, LABEL_DESCRIPTION) if name == label else CreateLabel(name)
        for name in _missing(needed, seen)
    ]
    if not creates and not any(isinstance(op, AddLabels) for op in edits):
        labels_ops = []
    return labels_ops + creates + reopens + edits + closes


# --- connecting -----------------------------------------------------------------------------


class GitHubClient:
    """A PyGithub connection to one repository, and the label Clerk's issues carry."""

    def __init__(self, github: Github, repository: str, *, label: str, api_url: str) -> None:
        self.github = github
        self.repository = repository
        self.label = label
        self.api_url = api_url

    @property
    def requester(self) -> Requester:
        """PyGithub's requester, through which every call goes."""
        return self.github.requester

    def close(self) -> None:
        """Close PyGithub's connections."""
        self.github.close()

    def __enter__(self) -> GitHubClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def connect(
    token: str,
    repository: str,
    api_url: str | None = None,
    *,
    fast: bool = False,
    label: str = DEFAULT_LABEL,
    timeout: int = 15,
) -> GitHubClient:
    """A client for ``repository`` (``owner/name``) at ``api_url`` (``GITHUB_API_URL``).

    ``api_url`` defaults to https://api.github.com; GitHub Enterprise Server URLs such as
    https://ghe.example.com/api/v3 work too. ``fast=True`` removes PyGithub's pauses between
    requests and its retry waits (for tests); otherwise PyGithub spaces requests as GitHub
    asks (0.25 s, and 1 s between writes).
    """
    if not token:
        raise GitHubError("no GitHub token: set GITHUB_TOKEN.")
    if not _REPOSITORY.fullmatch(repository or ""):
        raise GitHubError(f"GITHUB_REPOSITORY {repository!r}: expected owner/name.")
    if not label.strip():
        raise GitHubError("the issue label is empty.")
    from github import Auth, Github, GithubRetry

    base_url = (api_url or DEFAULT_API_URL).rstrip("/")
    if fast:
        retry = GithubRetry(
            total=2,
            backoff_factor=0,
            secondary_rate_wait=0,
            max_rate_limit_wait=0,
            allowed_methods=_NO_METHOD,
        )
    else:
        retry = GithubRetry(total=3, backoff_factor=1, allowed_methods=_NO_METHOD)
    # GitHub asks integrators to space requests, and writes by a second, to avoid secondary limits
    between: tuple[float | None, float | None] = (None, None) if fast else (0.25, 1.0)
    github = Github(
        base_url=base_url,
        auth=Auth.Token(token),
        timeout=timeout,
        user_agent=f"clerk-governance/{__version__}",
        per_page=PER_PAGE,
        retry=retry,
        seconds_between_requests=between[0],
        seconds_between_writes=between[1],
    )
    return GitHubClient(github, repository, label=label, api_url=base_url)


def connect_from_env(
    environ: Mapping[str, str], *, fast: bool = False, label: str = DEFAULT_LABEL
) -> GitHubClient:
    """``connect`` with GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL from ``environ``."""
    missing = [name for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY") if not environ.get(name)]
    if missing:
        raise GitHubError(
            f"{' and '.join(missing)} not set: GitHub Actions sets them; elsewhere export them."
        )
    return connect(
        environ["GITHUB_TOKEN"],
        environ["GITHUB_REPOSITORY"],
        environ.get("GITHUB_API_URL") or None,
        fast=fast,
        label=label,
    )


# --- syncing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long Clerk retries a failed request.

    ``attempts`` counts the first try. Without ``Retry-After``, waits double from ``backoff``
    seconds (after a secondary rate limit, ``secondary_wait``). A wait above ``max_wait``
    means GitHub is unavailable for this run.
    """

    attempts: int = 4
    backoff: float = 2.0
    secondary_wait: float = 60.0
    max_wait: float = 300.0

    def delay(self, attempt: int, retry_after: float | None, secondary: bool) -> float | None:
        """Seconds to wait before try ``attempt + 1``, or None when that is too long."""
        if retry_after is not None:
            wait = retry_after
        elif secondary:
            wait = self.secondary_wait
        else:
            wait = self.backoff * 2 ** (attempt - 1)
        return wait if wait <= self.max_wait else None


@dataclass
class SyncReport:
    """What a sync run did: requests, writes, operations done and skipped."""

    repository: str
    dry_run: bool = False
    max_writes: int | None = None
    requests: int = 0
    writes: int = 0
    retries: int = 0
    delays: list[float] = field(default_factory=list)
    planned: list[Operation] = field(default_factory=list)
    done: list[Operation] = field(default_factory=list)
    skipped: list[Operation] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def reads(self) -> int:
        """Requests that changed nothing."""
        return self.requests - self.writes

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return bool(self.done)

    def lines(self) -> list[str]:
        """A human-readable account, one line each."""
        mode = " (dry run)" if self.dry_run else ""
        out = [
            f"GitHub {self.repository}{mode}: {self.requests} request(s), "
            f"{self.writes} write(s), {self.retries} retry(ies)"
        ]
        if self.dry_run:
            out += [f"  would {op.describe()}" for op in self.planned]
        else:
            out += [f"  {op.describe()}" for op in self.done]
        cap = f" (write cap {self.max_writes})"
        out += [f"  skipped{cap}: {op.describe()}" for op in self.skipped]
        out += [f"  note: {note}" for note in self.notes]
        if len(out) == 1:
            out.append("  nothing to change")
        return out


class _CapReached(Exception):
    """The write cap stops the run before the next write."""


@dataclass(frozen=True)
class _Failure:
    text: str
    transient: bool
    unknown_outcome: bool = False
    retry_after: float | None = None
    secondary: bool = False
    exhausted: bool = False
    status: int | None = None
    data: Any = None


def _seconds(value: object) -> float | None:
    try:
        return max(float(str(value)), 0.0) if value is not None else None
    except ValueError:
        return None


def _classify(exc: Exception) -> _Failure | None:
    """What a PyGithub or transport exception means for retrying; None for other errors."""
    import requests
    from github import GithubException

    if isinstance(exc, requests.exceptions.RequestException):
        return _Failure(f"no answer ({type(exc).__name__})", True, unknown_outcome=True)
    if not isinstance(exc, GithubException):
        return None
    status = exc.status
    headers = {str(k).lower(): v for k, v in (exc.headers or {}).items()}
    data = exc.data
    message = str(data.get("message", "")) if isinstance(data, dict) else str(data or "")
    text = f"{status} {message.splitlines()[0] if message else ''}".strip()
    retry_after = _seconds(headers.get("retry-after"))
    lowered = message.lower()
    if status in (403, 429):
        if retry_after is not None:
            return _Failure(text, True, retry_after=retry_after, secondary=True, status=status)
        if str(headers.get("x-ratelimit-remaining")) == "0" or lowered.startswith(
            "api rate limit exceeded"
        ):
            reset = _seconds(headers.get("x-ratelimit-reset"))
            when = (
                datetime.fromtimestamp(reset, UTC).strftime("%H:%M UTC")
                if reset
                else "the next reset"
            )
            return _Failure(f"{text} (resets at {when})", False, exhausted=True, status=status)
        if "secondary rate limit" in lowered or status == 429:
            return _Failure(text, True, secondary=True, status=status)
    if status >= 500:
        return _Failure(text, True, unknown_outcome=True, retry_after=retry_after, status=status)
    return _Failure(text, False, status=status, data=data)


def _hint(status: int | None, repository: str) -> str:
    hints = {
        401: "check GITHUB_TOKEN",
        403: "the token may lack the issues: write permission",
        404: f"is {repository} right, and can the token see it?",
        410: f"issues are disabled in {repository}",
    }
    return f"; {hints[status]}" if status in hints else ""


class _Runner:
    """Sends requests with retries, counts them, and applies operations under the write cap."""

    def __init__(
        self,
        client: GitHubClient,
        report: SyncReport,
        *,
        sleep: Callable[[float], object],
        policy: RetryPolicy,
        max_writes: int | None,
    ) -> None:
        self.client = client
        self.report = report
        self.sleep = sleep
        self.policy = policy
        self.max_writes = max_writes
        self.repo_path = f"/repos/{client.repository}"

    def call(
        self,
        what: str,
        verb: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        recover: Callable[[], Any] | None = None,
    ) -> tuple[dict[str, Any], Any]:
        """One API call, retried while GitHub fails transiently.

        ``recover`` runs before a retry when the outcome of the failed attempt is unknown
        (5xx, no answer); if it returns something, that is taken as the call's result.
        """
        attempt = 0
        while True:
            write = verb != "GET"
            if write and self.max_writes is not None and self.report.writes >= self.max_writes:
                raise _CapReached
            self.report.requests += 1
            self.report.writes += int(write)
            attempt += 1
            try:
                return self.client.requester.requestJsonAndCheck(
                    verb, url, parameters=params, input=body
                )
            except Exception as exc:
                failure = _classify(exc)
                if failure is None:
                    raise
                wait = self.policy.delay(attempt, failure.retry_after, failure.secondary)
                if wait is None or not failure.transient or attempt >= self.policy.attempts:
                    raise self._error(what, failure, attempt) from exc
            self.report.retries += 1
            self.report.delays.append(wait)
            self.sleep(wait)
            if failure.unknown_outcome and recover is not None:
                found = recover()
                if found is not None:
                    return {}, found

    def _error(self, what: str, failure: _Failure, attempt: int) -> GitHubError:
        """The error that ends the run when a request cannot be retried (any more)."""
        repository = self.client.repository
        if failure.exhausted:
            return GitHubUnavailable(
                f"GitHub's API rate limit is used up, so Clerk could not {what} "
                f"({failure.text}); the next run after the reset will converge.",
                status=failure.status,
            )
        if not failure.transient:
            return GitHubError(
                f"GitHub refused to {what} in {repository}: {failure.text}"
                f"{_hint(failure.status, repository)}.",
                status=failure.status,
                data=failure.data,
            )
        return GitHubUnavailable(
            f"GitHub is unavailable: could not {what} in {repository} after {attempt} "
            f"attempt(s) (last: {failure.text}). Nothing is lost: the next run will converge.",
            status=failure.status,
        )

    # --- reading ---

    def pages(self, what: str, url: str, params: dict[str, Any]) -> list[Any]:
        """Every item of a paged list, following ``Link: rel="next"``."""
        items: list[Any] = []
        next_url: str | None = url
        query: dict[str, Any] | None = params
        for _ in range(MAX_PAGES):
            if next_url is None:
                return items
            headers, data = self.call(what, "GET", next_url, params=query)
            items += data or []
            next_url = _links(headers).get("next")
            query = None  # the next link carries the query
        raise GitHubError(f"GitHub returned more than {MAX_PAGES} pages while trying to {what}.")

    def list_issues(self) -> list[dict[str, Any]]:
        """Clerk's labelled issues, open and closed (pull requests left out)."""
        params = {"state": "all", "labels": self.client.label, "per_page": PER_PAGE}
        items = self.pages("list Clerk's issues", f"{self.repo_path}/issues", params)
        return [item for item in items if "pull_request" not in item]

    def label_names(self) -> set[str]:
        """The repository's label names, case-folded."""
        items = self.pages("list labels", f"{self.repo_path}/labels", {"per_page": PER_PAGE})
        return {str(item["name"]).casefold() for item in items}

    def latest_comment(self, number: int) -> str | None:
        """The body of an issue's most recent comment, if any."""
        url = f"{self.repo_path}/issues/{number}/comments"
        what = f"read the comments of #{number}"
        headers, data = self.call(what, "GET", url, params={"per_page": PER_PAGE})
        last = _links(headers).get("last")
        if last:
            headers, data = self.call(what, "GET", last)
        return str(data[-1].get("body") or "") if data else None

    # --- writing ---

    def apply(self, op: Operation) -> None:
        """Carry out one operation."""
        issues = f"{self.repo_path}/issues"
        match op:
            case CreateLabel():
                self.create_label(op)
            case CreateIssue():
                self.create_issue(op)
            case UpdateIssue():
                edit = {k: v for k, v in (("title", op.title), ("body", op.body)) if v is not None}
                self.call(f"update #{op.number}", "PATCH", f"{issues}/{op.number}", body=edit)
            case ReopenIssue():
                edit = {"state": "open"}
                edit |= {k: v for k, v in (("title", op.title), ("body", op.body)) if v}
                self.call(f"reopen #{op.number}", "PATCH", f"{issues}/{op.number}", body=edit)
                self.comment(op.number, f"Reopening: `{op.key}` is stalled again.")
            case AddLabels():
                url = f"{issues}/{op.number}/labels"
                self.call(f"label #{op.number}", "POST", url, body={"labels": list(op.labels)})
            case CloseIssue():
                # a comment left by an earlier run that failed to close is not posted again
                if not (op.has_comments and self.latest_comment(op.number) == op.comment):
                    self.comment(op.number, op.comment)
                edit = {"state": "closed", "state_reason": op.state_reason}
                self.call(f"close #{op.number}", "PATCH", f"{issues}/{op.number}", body=edit)
            case _:
                raise TypeError(f"unknown operation {op!r}")

    def create_label(self, op: CreateLabel) -> None:
        """Create a label; one created meanwhile (422 already_exists) is fine."""
        body = {"name": op.name, "color": op.color}
        if op.description:
            body["description"] = op.description
        try:
            self.call(f'create label "{op.name}"', "POST", f"{self.repo_path}/labels", body=body)
        except GitHubError as err:
            if not (err.status == 422 and "already_exists" in err.codes):
                raise
            self.report.notes.append(f'label "{op.name}" already existed')

    def create_issue(self, op: CreateIssue) -> None:
        """Open an issue; after an unknown outcome, re-list and adopt it if it was created."""
        item = op.issue

        def recover() -> dict[str, Any] | None:
            for data in self.list_issues():
                if marker_key(data.get("body")) == item.key:
                    self.report.notes.append(
                        f"GitHub did not confirm the issue for {item.key}; "
                        f"found it as #{data['number']}, so it was not created twice"
                    )
                    return data
            return None

        body = {"title": item.title, "body": item.rendered_body(), "labels": list(op.labels)}
        _, data = self.call(
            f"open an issue for {item.key}",
            "POST",
            f"{self.repo_path}/issues",
            body=body,
            recover=recover,
        )
        self.report.created[item.key] = int(data["number"])

    def comment(self, number: int, text: str) -> None:
        """Post a comment unless a lost attempt already did."""

        def recover() -> dict[str, Any] | None:
            return {"body": text} if self.latest_comment(number) == text else None

        url = f"{self.repo_path}/issues/{number}/comments"
        self.call(f"comment on #{number}", "POST", url, body={"body": text}, recover=recover)

    def execute(self, ops: Sequence[Operation]) -> None:
        """Apply operations in order until one would exceed the write cap."""
        for index, op in enumerate(ops):
            if self.max_writes is not None and self.report.writes + op.writes > self.max_writes:
                self.report.skipped += ops[index:]
                return
            try:
                self.apply(op)
            except _CapReached:
                self.report.skipped += ops[index:]
                return
            self.report.done.append(op)


def _links(headers: Mapping[str, Any]) -> dict[str, str]:
    """The ``Link`` header's URLs by relation."""
    value = next((str(v) for k, v in headers.items() if str(k).lower() == "link"), "")
    return {rel: url for url, rel in _LINK.findall(value)}


def sync(
    client: GitHubClient,
    desired: Sequence[DesiredIssue],
    *,
    max_writes: int | None = DEFAULT_MAX_WRITES,
    dry_run: bool = False,
    sleep: Callable[[float], object] = time.sleep,
    retry: RetryPolicy | None = None,
) -> SyncReport:
    """Make the repository's Clerk issues match ``desired``; see ``plan`` for the rules.

    At most ``max_writes`` write requests are sent (None: no cap); operations that would go
    over are skipped and reported. ``dry_run`` only reads. Raises ``GitHubUnavailable`` when
    GitHub keeps failing and ``GitHubError`` when it refuses; both carry the partial report.
    """
    report = SyncReport(client.repository, dry_run=dry_run, max_writes=max_writes)
    runner = _Runner(
        client, report, sleep=sleep, policy=retry or RetryPolicy(), max_writes=max_writes
    )
    try:
        existing = [ExistingIssue.from_json(data) for data in runner.list_issues()]
        ops = plan(desired, existing, label=client.label)
        if any(isinstance(op, CreateLabel) for op in ops):
            present = runner.label_names()
            ops = [
                op
                for op in ops
                if not (isinstance(op, CreateLabel) and op.name.casefold() in present)
            ]
        report.planned = ops
        if not dry_run:
            runner.execute(ops)
    except GitHubError as err:
        err.report = report
        raise
    return report
