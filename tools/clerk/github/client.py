"""Talking to GitHub: the connection, Clerk's own retries, and the count of every request.

Clerk retries failed requests itself (honouring ``Retry-After``, with an injectable sleep);
PyGithub is told to retry only connections that never reached GitHub. Callers pass a
``recover`` function for writes whose outcome is unknown (5xx, lost response): it looks for
what the first attempt may have created, so a retry cannot duplicate it.

PyGithub is imported inside functions so that importing this package stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
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
    planned: list[Any] = field(default_factory=list)
    done: list[Any] = field(default_factory=list)
    skipped: list[Any] = field(default_factory=list)
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


class CapReached(Exception):
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


class Runner:
    """Sends requests with retries and counts them; subclasses add what they read and write."""

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
                raise CapReached
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
            next_url = links(headers).get("next")
            query = None  # the next link carries the query
        raise GitHubError(f"GitHub returned more than {MAX_PAGES} pages while trying to {what}.")


def links(headers: Mapping[str, Any]) -> dict[str, str]:
    """The ``Link`` header's URLs by relation."""
    value = next((str(v) for k, v in headers.items() if str(k).lower() == "link"), "")
    return {rel: url for url, rel in _LINK.findall(value)}
