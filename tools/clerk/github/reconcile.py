"""Apply the plan: keep one issue open per stalled item, under a write cap.

A run in which nothing changed costs one request per 100 labelled issues. Before sending a
"create issue" or a comment again after an unknown outcome, Clerk looks for what the first
attempt may have created.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from clerk.github.client import (
    DEFAULT_MAX_WRITES,
    PER_PAGE,
    CapReached,
    GitHubClient,
    GitHubError,
    RetryPolicy,
    Runner,
    SyncReport,
    links,
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
    marker_key,
    plan,
)


class IssueRunner(Runner):
    """Reads Clerk's labelled issues and applies issue operations under the write cap."""

    def reopen_comment(self, op: ReopenIssue) -> str:
        """What Clerk says when it reopens an issue."""
        return f"Reopening: `{op.key}` is stalled again."

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
        last = links(headers).get("last")
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
                self.comment(op.number, self.reopen_comment(op))
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
            except CapReached:
                self.report.skipped += ops[index:]
                return
            self.report.done.append(op)


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
    runner = IssueRunner(
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
