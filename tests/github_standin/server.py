"""A stand-in for GitHub's REST API, served on 127.0.0.1 for tests.

It implements the operations Clerk uses (repository, issues, comments and their edits,
reactions on comments, labels, issue search, rate limit) with GitHub's paging (``Link``
headers with absolute URLs pointing at the stand-in), validation errors (422), authentication
(401), rate-limit headers and injectable faults.
Every response body is checked against the response schemas cut from GitHub's OpenAPI
description (``tests/data/github/openapi-issues-subset.json``); failures are recorded, not
raised, so that a test can assert on them (``GitHubStandIn.assert_contract``).
"""

from __future__ import annotations

import base64
import json
import math
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from jsonschema import FormatChecker
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

SCHEMA_PATH = (
    Path(__file__).resolve().parent.parent / "data" / "github" / "openapi-issues-subset.json"
)
# Documentation links are made absolute under the stand-in's own origin, like every URL it sends.
DOCS = "/docs/rest"
RATE_DOCS = "/docs/rest/overview/rate-limits-for-the-rest-api"
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID {rid}."
)
PRIMARY_MESSAGE = (
    "API rate limit exceeded for user ID {uid}. If you reach out to GitHub Support for help, "
    "please include the request ID {rid} and timestamp {ts}."
)
API_VERSION = "2022-11-28"
READ_METHODS = frozenset({"GET", "HEAD"})
REACTIONS = ("+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket")
_HEX_COLOR = re.compile(r"[0-9a-fA-F]{6}")
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
_SEARCH_TOKEN = re.compile(r'(-?)([a-z_]+):("[^"]*"|\S+)|"([^"]*)"|(\S+)')


def _timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, as GitHub writes it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _node_id(kind: str, ident: int) -> str:
    """A legacy-style GraphQL node id (base64 of ``NN:KindID``)."""
    return base64.b64encode(f"{len(kind):02d}:{kind}{ident}".encode()).decode().rstrip("=")


def _real_clock() -> datetime:
    """The current UTC time, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


class FaultKind(Enum):
    """What an injected fault does to the request it hits."""

    SERVER_ERROR = "500"
    BAD_GATEWAY = "502"
    SECONDARY_RATE_LIMIT = "secondary-rate-limit"
    TOO_MANY_REQUESTS = "429"
    PRIMARY_RATE_LIMIT = "primary-rate-limit"
    LOST_RESPONSE = "lost-response"


@dataclass
class Fault:
    """A programmed failure, matched by request position and/or method and path.

    ``nth`` is the 1-based position in the request log (see ``GitHubStandIn.clear_log``);
    ``path`` is a regular expression matched in full against the path without the API prefix
    and query. ``times`` is how many matching requests fail (``None``: all of them).
    ``LOST_RESPONSE`` performs the operation and then closes the connection without answering;
    every other kind answers with an error and performs nothing.
    """

    kind: FaultKind
    nth: int | None = None
    method: str | None = None
    path: str | None = None
    times: int | None = 1
    retry_after: int = 0
    hits: int = 0

    def matches(self, nth: int, method: str, path: str) -> bool:
        """Whether this fault applies to the request."""
        if self.times is not None and self.hits >= self.times:
            return False
        if self.nth is not None and self.nth != nth:
            return False
        if self.method is not None and self.method.upper() != method:
            return False
        return self.path is None or re.fullmatch(self.path, path) is not None


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the stand-in received it, with the status it answered (None if lost)."""

    nth: int
    method: str
    path: str
    query: Mapping[str, list[str]]
    body: Any
    operation: str | None
    status: int | None
    fault: FaultKind | None

    @property
    def is_write(self) -> bool:
        """True for requests that may change state (anything but GET and HEAD)."""
        return self.method not in READ_METHODS


@dataclass(frozen=True)
class RecordedResponse:
    """One response the stand-in produced and what the contract check found wrong with it."""

    nth: int
    operation: str | None
    status: int
    body: Any
    headers: Mapping[str, str]
    errors: tuple[str, ...]


@dataclass
class LabelState:
    """A repository label."""

    id: int
    name: str
    color: str
    description: str | None = None


@dataclass
class ReactionState:
    """A reaction on a comment: one per user and content, as GitHub keeps them."""

    id: int
    user: str
    content: str
    created_at: datetime


@dataclass
class CommentState:
    """An issue comment."""

    id: int
    body: str
    user: str
    created_at: datetime
    updated_at: datetime
    reactions: list[ReactionState] = field(default_factory=list)


@dataclass
class IssueState:
    """An issue; ``searchable_after`` is the stand-in tick after which search sees it."""

    id: int
    number: int
    title: str
    body: str | None
    user: str
    labels: list[str]
    created_at: datetime
    updated_at: datetime
    state: str = "open"
    state_reason: str | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    comments: list[CommentState] = field(default_factory=list)
    searchable_after: int = 0


@dataclass
class RepoState:
    """A repository with its labels (keyed by lower-case name) and issues (by number)."""

    id: int
    owner: str
    name: str
    created_at: datetime
    labels: dict[str, LabelState] = field(default_factory=dict)
    issues: dict[int, IssueState] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        """``owner/name``."""
        return f"{self.owner}/{self.name}"


@dataclass
class _RateBucket:
    limit: int
    window: int
    used: int = 0
    reset: int = 0


@dataclass
class _Response:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class _Error(Exception):
    """Raised by an operation to answer with an error body."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        super().__init__(body.get("message"))
        self.response = _Response(status, body, headers or {})


def _not_found() -> _Error:
    return _Error(404, {"message": "Not Found", "documentation_url": DOCS, "status": "404"})


def _invalid(message: str, doc: str = DOCS) -> _Error:
    return _Error(422, {"message": message, "documentation_url": doc, "status": "422"})


def _validation_failed(resource: str, field_name: str, code: str, doc: str = DOCS) -> _Error:
    error = {"resource": resource, "code": code, "field": field_name}
    body = {"message": "Validation Failed", "errors": [error], "documentation_url": doc}
    body["status"] = "422"
    return _Error(422, body)


class ResponseContract:
    """Validates response bodies against the per-operation schemas of the OpenAPI subset."""

    def __init__(self, path: Path = SCHEMA_PATH) -> None:
        bundle = json.loads(path.read_text(encoding="utf-8"))
        self.operations: dict[str, Any] = bundle["operations"]
        self._defs: dict[str, Any] = bundle["$defs"]
        self._validators: dict[tuple[str, str], Validator] = {}
        checker = FormatChecker(formats=())
        checker.checks("uri")(self._is_uri)
        checker.checks("date-time")(self._is_date_time)
        self._formats = checker

    @staticmethod
    def _is_uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc) and " " not in value

    @staticmethod
    def _is_date_time(value: object) -> bool:
        return not isinstance(value, str) or _DATE_TIME.fullmatch(value) is not None

    def _schema(self, operation: str | None, status: int) -> dict[str, Any] | None:
        responses = self.operations[operation]["responses"] if operation else {}
        schema = responses.get(str(status))
        if schema is None and status >= 400:
            schema = {"$ref": "#/$defs/basic-error"}
        return schema

    def validator(self, operation: str | None, status: int) -> Validator:
        """The compiled validator for an operation's response with this status."""
        key = (operation or "", str(status))
        if key not in self._validators:
            schema = self._schema(operation, status)
            if schema is None:
                raise KeyError(f"no response schema for {operation} {status}")
            self._validators[key] = self._compile(schema)
        return self._validators[key]

    def request_validator(self, operation: str) -> Validator | None:
        """The compiled validator for an operation's request body, if it takes one."""
        key = (operation, "request")
        if key not in self._validators:
            schema = self.operations[operation].get("request")
            if schema is None:
                return None
            self._validators[key] = self._compile(schema)
        return self._validators[key]

    def _compile(self, schema: dict[str, Any]) -> Validator:
        root = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        root["$defs"] = self._defs
        cls = validator_for(root)
        return cls(root, format_checker=self._formats)

    def check(self, operation: str | None, status: int, body: Any, origin: str) -> list[str]:
        """Problems with a response: schema violations and absolute URLs not under ``origin``."""
        if status == 204:
            return [] if body is None else ["204 with a body"]
        try:
            validator = self.validator(operation, status)
        except KeyError as exc:
            return [str(exc)]
        problems = [
            f"{'/'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"
            for err in validator.iter_errors(body)
        ]
        problems.extend(f"foreign URL {url}" for url in _urls(body) if not url.startswith(origin))
        return problems


def _urls(node: Any) -> Iterable[str]:
    """Every absolute http(s) URL in a JSON document."""
    if isinstance(node, str):
        if node.startswith(("http://", "https://")):
            yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _urls(value)
    elif isinstance(node, list):
        for value in node:
            yield from _urls(value)


_Handler = Callable[["GitHubStandIn", "_Call"], _Response]


@dataclass
class _Call:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    params: dict[str, str]
    repo: RepoState | None = None

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else default


class GitHubStandIn:
    """The stand-in server and its state; start with ``start()`` or use it as a context manager."""

    def __init__(
        self,
        *,
        repositories: Iterable[str] = ("octo-org/governance",),
        api_prefix: str = "",
        search_lag: int = 0,
        clock: Callable[[], datetime] | None = None,
        login: str = "github-actions[bot]",
        tokens: Iterable[str] | None = None,
        contract: ResponseContract | None = None,
    ) -> None:
        """``search_lag``: an issue appears in search only after this many further requests.

        ``tokens``: the accepted tokens (``None``: any non-empty token). ``api_prefix``: e.g.
        ``/api/v3`` to look like GitHub Enterprise Server.
        """
        self.api_prefix = api_prefix.rstrip("/")
        self.search_lag = search_lag
        self.clock = clock or _real_clock
        self.login = login
        self.user_id = 41898282
        self.tokens = None if tokens is None else frozenset(tokens)
        self.contract = contract or ResponseContract()
        self._lock = threading.RLock()
        self._ids = 1_000_000
        self._tick = 0
        self._repos: dict[str, RepoState] = {}
        self._faults: list[Fault] = []
        self._requests: list[RecordedRequest] = []
        self._responses: list[RecordedResponse] = []
        self.internal_errors: list[str] = []
        self._rate = {"core": _RateBucket(5000, 3600), "search": _RateBucket(30, 60)}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        for full_name in repositories:
            self.add_repository(full_name)

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> GitHubStandIn:
        """Listen on an ephemeral port of 127.0.0.1 in a background thread."""
        server = ThreadingHTTPServer(("127.0.0.1", 0), _RequestHandler)
        server.daemon_threads = True
        server.standin = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="github-standin"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> GitHubStandIn:
        return self.start() if self._server is None else self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port the stand-in listens on."""
        if self._server is None:
            raise RuntimeError("the stand-in is not running")
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``: where web (html_url) links point."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The API root to give a client (``GITHUB_API_URL``)."""
        return self.origin + self.api_prefix

    # --- state -------------------------------------------------------------------------------

    def _next_id(self) -> int:
        self._ids += 1
        return self._ids

    @property
    def repository(self) -> str:
        """The first repository's ``owner/name``."""
        return next(iter(self._repos))

    def add_repository(self, full_name: str) -> RepoState:
        """Create an empty repository."""
        owner, _, name = full_name.partition("/")
        if not owner or not name or "/" in name:
            raise ValueError(f"not owner/name: {full_name!r}")
        with self._lock:
            repo = RepoState(self._next_id(), owner, name, self.clock())
            self._repos[full_name.lower()] = repo
            return repo

    def repo(self, full_name: str | None = None) -> RepoState:
        """A repository's state (default: the first one)."""
        return self._repos[(full_name or self.repository).lower()]

    def seed_label(
        self,
        name: str,
        color: str = "ededed",
        description: str | None = None,
        repository: str | None = None,
    ) -> LabelState:
        """Create a label directly, without a request."""
        with self._lock:
            return self._ensure_label(self.repo(repository), name, color, description)

    def seed_issue(
        self,
        title: str,
        body: str | None = None,
        *,
        labels: Iterable[str] = (),
        state: str = "open",
        repository: str | None = None,
    ) -> IssueState:
        """Create an issue directly, without a request (visible to search at once)."""
        with self._lock:
            repo = self.repo(repository)
            issue = self._new_issue(repo, title, body, list(labels))
            issue.searchable_after = 0
            if state == "closed":
                self._set_state(issue, "closed", "completed")
            return issue

    def seed_comment(
        self,
        number: int,
        body: str,
        *,
        user: str,
        created_at: datetime | None = None,
        repository: str | None = None,
    ) -> CommentState:
        """Post a comment as ``user`` directly, without a request (``created_at``: the clock)."""
        with self._lock:
            issue = self.repo(repository).issues[number]
            when = created_at or self.clock()
            comment = CommentState(self._next_id(), body, user, when, when)
            issue.comments.append(comment)
            issue.updated_at = max(issue.updated_at, when)
            return comment

    def edit_comment(self, comment_id: int, body: str, *, at: datetime | None = None) -> None:
        """Edit a comment as its author would, directly (``updated_at`` becomes ``at``)."""
        with self._lock:
            comment = self._find_comment(comment_id)[2]
            comment.body = body
            comment.updated_at = at or self.clock()

    def comment(self, comment_id: int) -> CommentState:
        """A comment's state, by id."""
        with self._lock:
            return self._find_comment(comment_id)[2]

    def _find_comment(
        self, comment_id: int, repo: RepoState | None = None
    ) -> tuple[RepoState, IssueState, CommentState]:
        for candidate in [repo] if repo is not None else list(self._repos.values()):
            for issue in candidate.issues.values():
                for comment in issue.comments:
                    if comment.id == comment_id:
                        return candidate, issue, comment
        raise _not_found()

    def issues(self, repository: str | None = None) -> list[IssueState]:
        """A repository's issues, by number."""
        with self._lock:
            repo = self.repo(repository)
            return [repo.issues[n] for n in sorted(repo.issues)]

    def set_rate_limit(self, resource: str = "core", *, remaining: int) -> None:
        """Set how many requests of a resource remain in the current window."""
        with self._lock:
            bucket = self._rate[resource]
            self._refresh(bucket)
            bucket.used = bucket.limit - remaining

    # --- faults and log ----------------------------------------------------------------------

    def inject(
        self,
        kind: FaultKind,
        *,
        nth: int | None = None,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        retry_after: int = 0,
    ) -> Fault:
        """Program a fault (see ``Fault``); faults are tried in the order injected."""
        fault = Fault(kind, nth, method, path, times, retry_after)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Forget every programmed fault."""
        with self._lock:
            self._faults.clear()

    def clear_log(self) -> None:
        """Forget recorded requests and responses; request positions start again at 1."""
        with self._lock:
            self._requests.clear()
            self._responses.clear()

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received since the last ``clear_log``."""
        with self._lock:
            return list(self._requests)

    @property
    def writes(self) -> list[RecordedRequest]:
        """The recorded requests that may change state."""
        return [r for r in self.requests if r.is_write]

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """How many recorded requests match the method and path regular expression."""
        return sum(
            1
            for r in self.requests
            if (method is None or r.method == method.upper())
            and (path is None or re.fullmatch(path, r.path))
        )

    @property
    def responses(self) -> list[RecordedResponse]:
        """Every response sent (or prepared, for lost responses) since the last ``clear_log``."""
        with self._lock:
            return list(self._responses)

    @property
    def schema_errors(self) -> list[str]:
        """Contract problems of the recorded responses, one line each."""
        return [
            f"#{r.nth} {r.operation} {r.status}: {problem}"
            for r in self.responses
            for problem in r.errors
        ]

    def assert_contract(self) -> None:
        """Fail if any response broke its schema or the stand-in itself crashed."""
        problems = self.schema_errors + self.internal_errors
        assert not problems, "GitHub stand-in contract broken:\n" + "\n".join(problems)

    # --- request handling --------------------------------------------------------------------

    def _handle(self, handler: _RequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        split = urlsplit(handler.path)
        method = handler.command
        with self._lock:
            self._tick += 1
            nth = len(self._requests) + 1
            path = split.path
            inside = not self.api_prefix or path.startswith(self.api_prefix + "/")
            if inside:
                path = path[len(self.api_prefix) :]
            query = parse_qs(split.query, keep_blank_values=True)
            operation, fault, response, body = self._respond(
                nth,
                method,
                path if inside else None,
                query,
                raw,
                handler.headers.get("Authorization"),
            )
            lost = fault is not None and fault.kind is FaultKind.LOST_RESPONSE
            self._requests.append(
                RecordedRequest(
                    nth,
                    method,
                    path,
                    query,
                    body,
                    operation,
                    None if lost else response.status,
                    fault.kind if fault else None,
                )
            )
            errors = self.contract.check(operation, response.status, response.body, self.origin)
            if not isinstance(response.headers, dict) or len(
                {k.lower() for k in response.headers}
            ) != len(response.headers):
                errors.append("a header is set twice")
            self._responses.append(
                RecordedResponse(
                    nth,
                    operation,
                    response.status,
                    response.body,
                    dict(response.headers),
                    tuple(errors),
                )
            )
        if lost:
            handler.close_connection = True
            return
        payload = b"" if response.body is None else json.dumps(response.body).encode()
        handler.send_response(response.status)
        for name, value in response.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        if method != "HEAD":
            handler.wfile.write(payload)

    def _respond(
        self,
        nth: int,
        method: str,
        path: str | None,
        query: dict[str, list[str]],
        raw: bytes,
        authorization: str | None,
    ) -> tuple[str | None, Fault | None, _Response, Any]:
        """Route, authenticate, apply faults and rate limits; never raises.

        ``path`` is relative to the API prefix, or None when the request is outside the API.
        """
        body: Any = None
        operation: str | None = None
        fault: Fault | None = None
        resource = "search" if (path or "").startswith("/search/") else "core"
        try:
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError as exc:
                    raise _Error(
                        400,
                        {
                            "message": "Problems parsing JSON",
                            "documentation_url": DOCS,
                            "status": "400",
                        },
                    ) from exc
            if path is None:
                raise _not_found()
            operation, handler, params = self._route(method, path)
            self._authenticate(authorization)
            fault = next((f for f in self._faults if f.matches(nth, method, path)), None)
            if fault is not None:
                fault.hits += 1
            counted = operation != "rate-limit/get"
            if fault is not None and fault.kind is not FaultKind.LOST_RESPONSE:
                response = self._fault_response(fault, resource, nth)
            else:
                if counted:
                    self._spend(resource, nth)
                call = _Call(method, path, query, body, params)
                if "owner" in params or "repository_id" in params:
                    call.repo = self._find_repo(params)
                self._check_request(operation, call)
                response = handler(self, call)
        except _Error as err:
            response = err.response
        except Exception as exc:  # a stand-in bug: answer 500 and make the test fail
            self.internal_errors.append(f"#{nth} {method} {path}: {exc!r}")
            response = _Response(500, {"message": "Server Error", "documentation_url": DOCS})
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-GitHub-Api-Version-Selected": API_VERSION,
            "X-GitHub-Media-Type": "github.v3; format=json",
            "X-GitHub-Request-Id": f"5A1C:{nth:04X}:{self._tick:06X}",
        }
        headers.update(self._rate_headers(resource))
        headers.update(response.headers)
        if isinstance(response.body, dict) and "documentation_url" in response.body:
            response.body["documentation_url"] = self.origin + response.body["documentation_url"]
        response.headers = headers
        return operation, fault, response, body

    def _route(self, method: str, path: str) -> tuple[str, _Handler, dict[str, str]]:
        for verb, pattern, operation, handler in _ROUTES:
            match = pattern.fullmatch(path)
            if match and verb == method:
                return operation, handler, match.groupdict()
        raise _not_found()

    def _authenticate(self, authorization: str | None) -> None:
        scheme, _, token = (authorization or "").strip().partition(" ")
        if scheme.lower() not in ("token", "bearer") or not token.strip():
            raise _Error(
                401,
                {"message": "Requires authentication", "documentation_url": DOCS, "status": "401"},
            )
        if self.tokens is not None and token.strip() not in self.tokens:
            raise _Error(
                401, {"message": "Bad credentials", "documentation_url": DOCS, "status": "401"}
            )

    def _find_repo(self, params: dict[str, str]) -> RepoState:
        if "repository_id" in params:
            wanted = int(params["repository_id"])
            for repo in self._repos.values():
                if repo.id == wanted:
                    return repo
            raise _not_found()
        repo = self._repos.get(f"{params['owner']}/{params['repo']}".lower())
        if repo is None:
            raise _not_found()
        return repo

    def _check_request(self, operation: str, call: _Call) -> None:
        if operation == "issues/add-labels" and isinstance(call.body, list):
            call.body = {"labels": call.body}  # GitHub also takes a bare array of names
        validator = self.contract.request_validator(operation)
        if validator is None:
            return
        error = best_match(validator.iter_errors(call.body))
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path)
            raise _invalid(f"Invalid request.\n\nFor 'properties/{where}', {error.message}.")

    # --- rate limits and faults ----------------------------------------------------------------

    def _refresh(self, bucket: _RateBucket) -> None:
        now = int(self.clock().timestamp())
        if now >= bucket.reset:
            bucket.used = 0
            bucket.reset = now + bucket.window

    def _spend(self, resource: str, nth: int) -> None:
        bucket = self._rate[resource]
        self._refresh(bucket)
        if bucket.used >= bucket.limit:
            raise self._primary_limit(resource, nth)
        bucket.used += 1

    def _rate_headers(self, resource: str, remaining: int | None = None) -> dict[str, str]:
        bucket = self._rate[resource]
        self._refresh(bucket)
        left = bucket.limit - bucket.used if remaining is None else remaining
        return {
            "X-RateLimit-Limit": str(bucket.limit),
            "X-RateLimit-Remaining": str(max(left, 0)),
            "X-RateLimit-Reset": str(bucket.reset),
            "X-RateLimit-Used": str(bucket.limit - max(left, 0)),
            "X-RateLimit-Resource": resource,
        }

    def _primary_limit(self, resource: str, nth: int) -> _Error:
        message = PRIMARY_MESSAGE.format(
            uid=self.user_id,
            rid=f"5A1C:{nth:04X}",
            ts=self.clock().strftime("%Y-%m-%d %H:%M:%S UTC"),
        )
        return _Error(
            403,
            {"message": message, "documentation_url": RATE_DOCS},
            self._rate_headers(resource, remaining=0),
        )

    def _fault_response(self, fault: Fault, resource: str, nth: int) -> _Response:
        kind = fault.kind
        if kind is FaultKind.SERVER_ERROR:
            return _Response(500, {"message": "Server Error", "documentation_url": DOCS})
        if kind is FaultKind.BAD_GATEWAY:
            return _Response(502, {"message": "Server Error", "documentation_url": DOCS})
        if kind is FaultKind.PRIMARY_RATE_LIMIT:
            return self._primary_limit(resource, nth).response
        retry = {"Retry-After": str(fault.retry_after)}
        if kind is FaultKind.TOO_MANY_REQUESTS:
            body = {
                "message": SECONDARY_MESSAGE.format(rid=f"5A1C:{nth:04X}"),
                "documentation_url": RATE_DOCS + "#about-secondary-rate-limits",
            }
            return _Response(429, body, retry)
        body = {
            "message": SECONDARY_MESSAGE.format(rid=f"5A1C:{nth:04X}"),
            "documentation_url": RATE_DOCS + "#about-secondary-rate-limits",
        }
        return _Response(403, body, retry)

    # --- objects -----------------------------------------------------------------------------

    def _user(self, login: str) -> dict[str, Any]:
        api, web, name = self.base_url, self.origin, quote(login)
        is_bot = login.endswith("[bot]")
        uid = self.user_id if login == self.login else 1000 + sum(map(ord, login))
        return {
            "login": login,
            "id": uid,
            "node_id": _node_id("User", uid),
            "avatar_url": f"{web}/avatars/u/{uid}?v=4",
            "gravatar_id": "",
            "url": f"{api}/users/{name}",
            "html_url": f"{web}/apps/{login[:-5]}" if is_bot else f"{web}/{name}",
            "followers_url": f"{api}/users/{name}/followers",
            "following_url": f"{api}/users/{name}/following{{/other_user}}",
            "gists_url": f"{api}/users/{name}/gists{{/gist_id}}",
            "starred_url": f"{api}/users/{name}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/users/{name}/subscriptions",
            "organizations_url": f"{api}/users/{name}/orgs",
            "repos_url": f"{api}/users/{name}/repos",
            "events_url": f"{api}/users/{name}/events{{/privacy}}",
            "received_events_url": f"{api}/users/{name}/received_events",
            "type": "Bot" if is_bot else "User",
            "user_view_type": "public",
            "site_admin": False,
        }

    def _owner(self, repo: RepoState) -> dict[str, Any]:
        owner = self._user(repo.owner)
        owner["type"] = "Organization"
        owner["html_url"] = f"{self.origin}/{quote(repo.owner)}"
        return owner

    def _label(self, repo: RepoState, label: LabelState) -> dict[str, Any]:
        return {
            "id": label.id,
            "node_id": _node_id("Label", label.id),
            "url": f"{self.base_url}/repos/{repo.full_name}/labels/{quote(label.name, safe='')}",
            "name": label.name,
            "color": label.color,
            "default": False,
            "description": label.description,
        }

    def _reactions(self, url: str, reactions: Iterable[ReactionState] = ()) -> dict[str, Any]:
        counts = dict.fromkeys(REACTIONS, 0)
        for reaction in reactions:
            counts[reaction.content] += 1
        return {"url": url + "/reactions", "total_count": sum(counts.values()), **counts}

    def _reaction(self, reaction: ReactionState) -> dict[str, Any]:
        return {
            "id": reaction.id,
            "node_id": _node_id("Reaction", reaction.id),
            "user": self._user(reaction.user),
            "content": reaction.content,
            "created_at": _timestamp(reaction.created_at),
        }

    def _issue(self, repo: RepoState, issue: IssueState, *, full: bool = True) -> dict[str, Any]:
        api = f"{self.base_url}/repos/{repo.full_name}"
        url = f"{api}/issues/{issue.number}"
        data: dict[str, Any] = {
            "url": url,
            "repository_url": api,
            "labels_url": f"{url}/labels{{/name}}",
            "comments_url": f"{url}/comments",
            "events_url": f"{url}/events",
            "html_url": f"{self.origin}/{repo.full_name}/issues/{issue.number}",
            "id": issue.id,
            "node_id": _node_id("Issue", issue.id),
            "number": issue.number,
            "title": issue.title,
            "user": self._user(issue.user),
            "labels": [self._label(repo, repo.labels[n.lower()]) for n in issue.labels],
            "state": issue.state,
            "locked": False,
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "comments": len(issue.comments),
            "created_at": _timestamp(issue.created_at),
            "updated_at": _timestamp(issue.updated_at),
            "closed_at": _timestamp(issue.closed_at) if issue.closed_at else None,
            "author_association": "NONE",
            "type": None,
            "active_lock_reason": None,
            "sub_issues_summary": {"total": 0, "completed": 0, "percent_completed": 0},
            "issue_dependencies_summary": {
                "blocked_by": 0,
                "blocking": 0,
                "total_blocked_by": 0,
                "total_blocking": 0,
            },
            "body": issue.body,
            "reactions": self._reactions(url),
            "timeline_url": f"{url}/timeline",
            "performed_via_github_app": None,
            "state_reason": issue.state_reason,
        }
        if full:
            data["closed_by"] = self._user(issue.closed_by) if issue.closed_by else None
        return data

    def _comment(self, repo: RepoState, issue: IssueState, comment: CommentState) -> dict[str, Any]:
        api = f"{self.base_url}/repos/{repo.full_name}"
        url = f"{api}/issues/comments/{comment.id}"
        return {
            "id": comment.id,
            "node_id": _node_id("IssueComment", comment.id),
            "url": url,
            "html_url": f"{self.origin}/{repo.full_name}/issues/{issue.number}"
            f"#issuecomment-{comment.id}",
            "issue_url": f"{api}/issues/{issue.number}",
            "body": comment.body,
            "user": self._user(comment.user),
            "created_at": _timestamp(comment.created_at),
            "updated_at": _timestamp(comment.updated_at),
            "author_association": "NONE",
            "reactions": self._reactions(url, comment.reactions),
            "performed_via_github_app": None,
        }

    def _repository(self, repo: RepoState) -> dict[str, Any]:
        api = f"{self.base_url}/repos/{repo.full_name}"
        web = f"{self.origin}/{repo.full_name}"
        host = f"127.0.0.1:{self.port}"
        opened = sum(1 for i in repo.issues.values() if i.state == "open")
        templates = {
            "archive_url": "/{archive_format}{/ref}",
            "assignees_url": "/assignees{/user}",
            "blobs_url": "/git/blobs{/sha}",
            "branches_url": "/branches{/branch}",
            "collaborators_url": "/collaborators{/collaborator}",
            "comments_url": "/comments{/number}",
            "commits_url": "/commits{/sha}",
            "compare_url": "/compare/{base}...{head}",
            "contents_url": "/contents/{+path}",
            "contributors_url": "/contributors",
            "deployments_url": "/deployments",
            "downloads_url": "/downloads",
            "events_url": "/events",
            "forks_url": "/forks",
            "git_commits_url": "/git/commits{/sha}",
            "git_refs_url": "/git/refs{/sha}",
            "git_tags_url": "/git/tags{/sha}",
            "hooks_url": "/hooks",
            "issue_comment_url": "/issues/comments{/number}",
            "issue_events_url": "/issues/events{/number}",
            "issues_url": "/issues{/number}",
            "keys_url": "/keys{/key_id}",
            "labels_url": "/labels{/name}",
            "languages_url": "/languages",
            "merges_url": "/merges",
            "milestones_url": "/milestones{/number}",
            "notifications_url": "/notifications{?since,all,participating}",
            "pulls_url": "/pulls{/number}",
            "releases_url": "/releases{/id}",
            "stargazers_url": "/stargazers",
            "statuses_url": "/statuses/{sha}",
            "subscribers_url": "/subscribers",
            "subscription_url": "/subscription",
            "tags_url": "/tags",
            "teams_url": "/teams",
            "trees_url": "/git/trees{/sha}",
        }
        data: dict[str, Any] = {key: api + suffix for key, suffix in templates.items()}
        created = _timestamp(repo.created_at)
        data.update(
            {
                "id": repo.id,
                "node_id": _node_id("Repository", repo.id),
                "name": repo.name,
                "full_name": repo.full_name,
                "private": False,
                "owner": self._owner(repo),
                "html_url": web,
                "description": None,
                "fork": False,
                "url": api,
                "git_url": f"git://{host}/{repo.full_name}.git",
                "ssh_url": f"git@{host}:{repo.full_name}.git",
                "clone_url": f"{web}.git",
                "svn_url": web,
                "mirror_url": None,
                "homepage": None,
                "language": None,
                "size": 0,
                "stargazers_count": 0,
                "watchers_count": 0,
                "watchers": 0,
                "forks_count": 0,
                "forks": 0,
                "open_issues_count": opened,
                "open_issues": opened,
                "default_branch": "main",
                "has_issues": True,
                "has_projects": False,
                "has_wiki": False,
                "has_pages": False,
                "has_discussions": False,
                "has_downloads": True,
                "archived": False,
                "disabled": False,
                "license": None,
                "visibility": "public",
                "topics": [],
                "is_template": False,
                "allow_forking": True,
                "web_commit_signoff_required": False,
                "pushed_at": created,
                "created_at": created,
                "updated_at": created,
                "network_count": 0,
                "subscribers_count": 0,
                "permissions": {
                    "admin": False,
                    "maintain": False,
                    "push": True,
                    "triage": True,
                    "pull": True,
                },
            }
        )
        return data

    # --- state changes -----------------------------------------------------------------------

    def _ensure_label(
        self, repo: RepoState, name: str, color: str = "ededed", description: str | None = None
    ) -> LabelState:
        label = repo.labels.get(name.lower())
        if label is None:
            label = LabelState(self._next_id(), name, color, description)
            repo.labels[name.lower()] = label
        return label

    def _label_names(self, repo: RepoState, raw: Iterable[Any]) -> list[str]:
        names: list[str] = []
        for item in raw:
            name = item["name"] if isinstance(item, dict) else str(item)
            label = self._ensure_label(repo, name)
            if label.name not in names:
                names.append(label.name)
        return names

    def _new_issue(
        self, repo: RepoState, title: str, body: str | None, labels: list[Any]
    ) -> IssueState:
        now = self.clock()
        number = max(repo.issues, default=0) + 1
        issue = IssueState(
            self._next_id(),
            number,
            title,
            body or None,
            self.login,
            self._label_names(repo, labels),
            now,
            now,
            searchable_after=self._tick + self.search_lag,
        )
        repo.issues[number] = issue
        return issue

    def _set_state(self, issue: IssueState, state: str, reason: str | None) -> None:
        if state == "closed" and issue.state != "closed":
            issue.closed_at = self.clock()
            issue.closed_by = self.login
            issue.state_reason = reason or "completed"
        elif state == "open" and issue.state != "open":
            issue.closed_at = None
            issue.closed_by = None
            issue.state_reason = "reopened"
        elif reason is not None:
            issue.state_reason = reason
        issue.state = state

    # --- paging ------------------------------------------------------------------------------

    def _paged(
        self, call: _Call, items: list[Any], link_path: str
    ) -> tuple[list[Any], dict[str, str]]:
        """One page of ``items`` and its ``Link`` header, as GitHub pages lists."""
        try:
            per_page = min(max(int(call.arg("per_page") or 30), 1), 100)
        except ValueError:
            per_page = 30
        try:
            page = max(int(call.arg("page") or 1), 1)
        except ValueError:
            page = 1
        last = max(math.ceil(len(items) / per_page), 1)
        chunk = items[(page - 1) * per_page : page * per_page]
        keep = [(k, v) for k, vs in call.query.items() if k not in ("page", "per_page") for v in vs]

        def url(number: int) -> str:
            query = urlencode([*keep, ("per_page", per_page), ("page", number)])
            return f"{self.base_url}{link_path}?{query}"

        links = []
        if page > 1:
            links.append(f'<{url(min(page - 1, last))}>; rel="prev"')
        if page < last:
            links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        if page > 1:
            links.append(f'<{url(1)}>; rel="first"')
        return chunk, ({"Link": ", ".join(links)} if links else {})

    # --- operations --------------------------------------------------------------------------

    def _op_rate_limit(self, call: _Call) -> _Response:
        resources = {}
        for name, bucket in self._rate.items():
            self._refresh(bucket)
            resources[name] = {
                "limit": bucket.limit,
                "used": bucket.used,
                "remaining": bucket.limit - bucket.used,
                "reset": bucket.reset,
                "resource": name,
            }
        return _Response(200, {"resources": resources, "rate": resources["core"]})

    def _op_get_repo(self, call: _Call) -> _Response:
        assert call.repo is not None
        return _Response(200, self._repository(call.repo))

    def _issue_of(self, call: _Call) -> IssueState:
        assert call.repo is not None
        issue = call.repo.issues.get(int(call.params["number"]))
        if issue is None:
            raise _not_found()
        return issue

    def _op_list_issues(self, call: _Call) -> _Response:
        repo = call.repo
        assert repo is not None
        state = call.arg("state", "open")
        if state not in ("open", "closed", "all"):
            raise _validation_failed("Issue", "state", "invalid")
        wanted = [n.strip().lower() for n in (call.arg("labels") or "").split(",") if n.strip()]
        since = call.arg("since")
        chosen = [
            i
            for i in repo.issues.values()
            if (state == "all" or i.state == state)
            and all(w in {n.lower() for n in i.labels} for w in wanted)
            and (since is None or _timestamp(i.updated_at) >= since)
        ]
        sort = call.arg("sort", "created")
        keys: dict[str | None, Callable[[IssueState], Any]] = {
            "created": lambda i: (i.created_at, i.number),
            "updated": lambda i: (i.updated_at, i.number),
            "comments": lambda i: (len(i.comments), i.number),
        }
        chosen.sort(key=keys.get(sort, keys["created"]), reverse=call.arg("direction") != "asc")
        page, headers = self._paged(call, chosen, f"/repositories/{repo.id}/issues")
        return _Response(200, [self._issue(repo, i, full=False) for i in page], headers)

    def _op_create_issue(self, call: _Call) -> _Response:
        repo = call.repo
        assert repo is not None
        title = str(call.body["title"]).strip()
        if not title:
            raise _validation_failed("Issue", "title", "missing_field")
        issue = self._new_issue(repo, title, call.body.get("body"), call.body.get("labels", []))
        data = self._issue(repo, issue)
        return _Response(201, data, {"Location": data["url"]})

    def _op_get_issue(self, call: _Call) -> _Response:
        assert call.repo is not None
        return _Response(200, self._issue(call.repo, self._issue_of(call)))

    def _op_update_issue(self, call: _Call) -> _Response:
        repo = call.repo
        assert repo is not None
        issue = self._issue_of(call)
        body = call.body or {}
        if "title" in body:
            if body["title"] is None or not str(body["title"]).strip():
                raise _validation_failed("Issue", "title", "missing_field")
            issue.title = str(body["title"])
        if "body" in body:
            issue.body = body["body"] or None
        if "labels" in body:
            issue.labels = self._label_names(repo, body["labels"])
        if "state" in body or "state_reason" in body:
            self._set_state(issue, body.get("state", issue.state), body.get("state_reason"))
        issue.updated_at = self.clock()
        return _Response(200, self._issue(repo, issue))

    def _op_list_comments(self, call: _Call) -> _Response:
        repo = call.repo
        assert repo is not None
        issue = self._issue_of(call)
        since = call.arg("since")
        chosen = [c for c in issue.comments if since is None or _timestamp(c.updated_at) >= since]
        page, headers = self._paged(
            call, chosen, f"/repositories/{repo.id}/issues/{issue.number}/comments"
        )
        return _Response(200, [self._comment(repo, issue, c) for c in page], headers)

    def _op_create_comment(self, call: _Call) -> _Response:
        repo = call.repo
        assert repo is not None
        issue = self._issue_of(call)
        if not str(call.body["body"]).strip():
            raise _validation_failed("IssueComment", "body", "missing_field")
        now = self.clock()
        comment = CommentState(self._next_id(), call.body["body"], self.login, now, now)
        issue.comments.append(comment)
        issue.updated_at = now
        data = self._comment(repo, issue, comment)
        return _Response(201, data, {"Location": data["url"]})

    def _comment_of(self, call: _Call) -> tuple[IssueState, CommentState]:
        assert call.repo is not None
        _, issue, comment = self._find_comment(int(call.params["comment_id"]), call.repo)
        return issue, comment

    def _op_get_comment(self, call: _Call) -> _Response:
        assert call.repo is not None
        issue, comment = self._comment_of(call)
        return _Response(200, self._comment(call.repo, issue, comment))

    def _op_update_comment(self, call: _Call) -> _Response:
        """Only the author may edit a comment here (the token's user: the stand-in's login)."""
        assert call.repo is not None
        issue, comment = self._comment_of(call)
        if comment.user != self.login:
            raise _Error(
                403,
                {
                    "message": "Must have admin rights to Repository.",
                    "documentation_url": DOCS,
                    "status": "403",
                },
            )
        comment.body = str(call.body["body"])
        comment.updated_at = self.clock()
        return _Response(200, self._comment(call.repo, issue, comment))

    def _op_list_reactions(self, call: _Call) -> _Response:
        repo = call.repo
        assert repo is not None
        _, comment = self._comment_of(call)
        content = call.arg("content")
        chosen = [r for r in comment.reactions if content is None or r.content == content]
        page, headers = self._paged(
            call, chosen, f"/repositories/{repo.id}/issues/comments/{comment.id}/reactions"
        )
        return _Response(200, [self._reaction(r) for r in page], headers)

    def _op_create_reaction(self, call: _Call) -> _Response:
        """A user's second identical reaction is not added: GitHub answers 200 with the first."""
        _, comment = self._comment_of(call)
        content = str(call.body["content"])
        for reaction in comment.reactions:
            if reaction.user == self.login and reaction.content == content:
                return _Response(200, self._reaction(reaction))
        reaction = ReactionState(self._next_id(), self.login, content, self.clock())
        comment.reactions.append(reaction)
        return _Response(201, self._reaction(reaction))

    def _op_list_labels(self, call: _Call) -> _Response:
        repo = call.repo
        assert repo is not None
        labels = sorted(repo.labels.values(), key=lambda label: label.name.lower())
        page, headers = self._paged(call, labels, f"/repositories/{repo.id}/labels")
        return _Response(200, [self._label(repo, label) for label in page], headers)

    def _op_create_label(self, call: _Call) -> _Response:
        repo = call.repo
        assert repo is not None
        doc = "/docs/rest/issues/labels#create-a-label"
        name = str(call.body["name"]).strip()
        color = str(call.body.get("color") or "ededed").removeprefix("#")
        if not name:
            raise _validation_failed("Label", "name", "missing_field", doc)
        if not _HEX_COLOR.fullmatch(color):
            raise _validation_failed("Label", "color", "invalid", doc)
        if name.lower() in repo.labels:
            raise _validation_failed("Label", "name", "already_exists", doc)
        label = self._ensure_label(repo, name, color.lower(), call.body.get("description"))
        data = self._label(repo, label)
        return _Response(201, data, {"Location": data["url"]})

    def _op_issue_labels(self, call: _Call) -> _Response:
        repo = call.repo
        assert repo is not None
        issue = self._issue_of(call)
        if call.method == "POST":
            names = self._label_names(repo, call.body.get("labels", []))
            issue.labels += [n for n in names if n not in issue.labels]
            issue.updated_at = self.clock()
            labels = [repo.labels[n.lower()] for n in issue.labels]
            return _Response(200, [self._label(repo, label) for label in labels])
        labels = [repo.labels[n.lower()] for n in issue.labels]
        page, headers = self._paged(
            call, labels, f"/repositories/{repo.id}/issues/{issue.number}/labels"
        )
        return _Response(200, [self._label(repo, label) for label in page], headers)

    def _op_search_issues(self, call: _Call) -> _Response:
        q = call.arg("q")
        if not q:
            raise _validation_failed("Search", "q", "missing")
        repos, want_state, labels, not_labels, terms, fields, kinds = _parse_search(q)
        found: list[tuple[RepoState, IssueState]] = []
        for repo in self._repos.values():
            if repos and repo.full_name.lower() not in repos:
                continue
            if kinds and "issue" not in kinds:
                continue
            for issue in repo.issues.values():
                if issue.searchable_after >= self._tick:
                    continue  # the search index has not caught up yet
                names = {n.lower() for n in issue.labels}
                text = " ".join(
                    (issue.title if f == "title" else issue.body or "") for f in fields
                ).lower()
                if (
                    (want_state is None or issue.state == want_state)
                    and labels <= names
                    and not (not_labels & names)
                    and all(t in text for t in terms)
                ):
                    found.append((repo, issue))
        sort = call.arg("sort")
        keys: dict[str | None, Callable[[tuple[RepoState, IssueState]], Any]] = {
            "updated": lambda ri: ri[1].updated_at,
            "comments": lambda ri: len(ri[1].comments),
        }
        key = keys.get(sort, lambda ri: (ri[1].created_at, ri[1].id))
        found.sort(key=key, reverse=call.arg("order") != "asc")
        page, headers = self._paged(call, found, "/search/issues")
        items = []
        for repo, issue in page:
            item = self._issue(repo, issue, full=False)
            item["score"] = 1.0
            if item["body"] is None:
                del item["body"]
            items.append(item)
        body = {
            "total_count": len(found),
            "incomplete_results": False,
            "items": items,
            "search_type": "lexical",
        }
        return _Response(200, body, headers)


def _parse_search(
    q: str,
) -> tuple[set[str], str | None, set[str], set[str], list[str], tuple[str, ...], set[str]]:
    """Split a search query into qualifiers and free-text terms (a useful subset of GitHub's)."""
    repos: set[str] = set()
    state: str | None = None
    labels: set[str] = set()
    not_labels: set[str] = set()
    terms: list[str] = []
    fields: tuple[str, ...] = ("title", "body")
    kinds: set[str] = set()
    for match in _SEARCH_TOKEN.finditer(q):
        negate, key, value, phrase, word = match.groups()
        if key is None:
            terms.append((phrase if phrase is not None else word).lower())
            continue
        value = value.strip('"').lower()
        if key == "repo":
            repos.add(value)
        elif key in ("is", "type", "state") and value in ("open", "closed"):
            state = value
        elif key in ("is", "type"):
            kinds.add("pr" if value in ("pr", "pull-request") else value)
        elif key == "label":
            (not_labels if negate else labels).add(value)
        elif key == "in":
            fields = tuple(f for f in value.split(",") if f in ("title", "body")) or fields
        else:
            terms.append(f"{key}:{value}")
    return repos, state, labels, not_labels, terms, fields, kinds


_REPO = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
_REPO_ID = r"/repositories/(?P<repository_id>\d+)"
_ROUTES: list[tuple[str, re.Pattern[str], str, _Handler]] = []
for _base in (_REPO, _REPO_ID):
    _ROUTES += [
        ("GET", re.compile(_base), "repos/get", GitHubStandIn._op_get_repo),
        (
            "GET",
            re.compile(_base + "/issues"),
            "issues/list-for-repo",
            GitHubStandIn._op_list_issues,
        ),
        ("POST", re.compile(_base + "/issues"), "issues/create", GitHubStandIn._op_create_issue),
        (
            "GET",
            re.compile(_base + r"/issues/(?P<number>\d+)"),
            "issues/get",
            GitHubStandIn._op_get_issue,
        ),
        (
            "PATCH",
            re.compile(_base + r"/issues/(?P<number>\d+)"),
            "issues/update",
            GitHubStandIn._op_update_issue,
        ),
        (
            "GET",
            re.compile(_base + r"/issues/(?P<number>\d+)/comments"),
            "issues/list-comments",
            GitHubStandIn._op_list_comments,
        ),
        (
            "POST",
            re.compile(_base + r"/issues/(?P<number>\d+)/comments"),
            "issues/create-comment",
            GitHubStandIn._op_create_comment,
        ),
        (
            "GET",
            re.compile(_base + r"/issues/comments/(?P<comment_id>\d+)"),
            "issues/get-comment",
            GitHubStandIn._op_get_comment,
        ),
        (
            "PATCH",
            re.compile(_base + r"/issues/comments/(?P<comment_id>\d+)"),
            "issues/update-comment",
            GitHubStandIn._op_update_comment,
        ),
        (
            "GET",
            re.compile(_base + r"/issues/comments/(?P<comment_id>\d+)/reactions"),
            "reactions/list-for-issue-comment",
            GitHubStandIn._op_list_reactions,
        ),
        (
            "POST",
            re.compile(_base + r"/issues/comments/(?P<comment_id>\d+)/reactions"),
            "reactions/create-for-issue-comment",
            GitHubStandIn._op_create_reaction,
        ),
        (
            "GET",
            re.compile(_base + r"/issues/(?P<number>\d+)/labels"),
            "issues/list-labels-on-issue",
            GitHubStandIn._op_issue_labels,
        ),
        (
            "POST",
            re.compile(_base + r"/issues/(?P<number>\d+)/labels"),
            "issues/add-labels",
            GitHubStandIn._op_issue_labels,
        ),
        (
            "GET",
            re.compile(_base + "/labels"),
            "issues/list-labels-for-repo",
            GitHubStandIn._op_list_labels,
        ),
        (
            "POST",
            re.compile(_base + "/labels"),
            "issues/create-label",
            GitHubStandIn._op_create_label,
        ),
    ]
_ROUTES += [
    (
        "GET",
        re.compile("/search/issues"),
        "search/issues-and-pull-requests",
        GitHubStandIn._op_search_issues,
    ),
    ("GET", re.compile("/rate_limit"), "rate-limit/get", GitHubStandIn._op_rate_limit),
]


class _RequestHandler(BaseHTTPRequestHandler):
    """Hands every request to the stand-in; HTTP/1.1 with keep-alive, like GitHub."""

    protocol_version = "HTTP/1.1"
    server_version = "GitHub.com"
    sys_version = ""
    timeout = 10
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def _dispatch(self) -> None:
        standin: GitHubStandIn = self.server.standin  # type: ignore[attr-defined]
        standin._handle(self)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = _dispatch

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read the request log instead."""
