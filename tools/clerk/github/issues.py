"""Clerk's issues, pure: the desired issues, the listed ones, and the plan between them.

Clerk keeps no hidden state. Its issues carry its label and a hidden marker
``<!-- clerk:KEY -->`` in the body; each run lists the labelled issues (state all; never
search, which lags) and ``plan`` computes the operations that make them match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clerk.github.client import DEFAULT_LABEL, LABEL_COLOR, LABEL_DESCRIPTION, OTHER_LABEL_COLOR

_KEY = re.compile(r"[A-Za-z0-9][\w.:/#@+=-]*")
_MARKER = re.compile(r"<!--\s*clerk:([^\s<>]+?)\s*-->")

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
