"""An issue's comments: list them, post Clerk's own (found again by marker), edit, react.

A comment Clerk posts carries a hidden marker; after a post whose outcome is unknown (5xx, lost
answer) Clerk lists the comments again and adopts its comment if the first attempt made it, so
a retry never duplicates it. Only comments by ``bot_login`` are taken as Clerk's.
"""

from __future__ import annotations

from typing import Any

from clerk.github.client import PER_PAGE
from clerk.github.issues import marker_key
from clerk.github.reconcile import IssueRunner


class CommentRunner(IssueRunner):
    """Issue reconciliation plus the comment and reaction calls the vote issues need."""

    bot_login: str = ""

    def list_comments(self, number: int) -> list[dict[str, Any]]:
        """Every comment of an issue, oldest first."""
        url = f"{self.repo_path}/issues/{number}/comments"
        return self.pages(f"read the comments of #{number}", url, {"per_page": PER_PAGE})

    def is_ours(self, item: dict[str, Any]) -> bool:
        """Whether an issue or a comment was written by Clerk's login."""
        login = str((item.get("user") or {}).get("login") or "")
        return login.casefold() == self.bot_login.casefold()

    def ours_by_key(self, comments: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Clerk's own comments by marker key (the first of each key)."""
        found: dict[str, dict[str, Any]] = {}
        for comment in comments:
            key = marker_key(comment.get("body"))
            if key is not None and self.is_ours(comment):
                found.setdefault(key, comment)
        return found

    def post_marked(self, number: int, key: str, text: str) -> dict[str, Any]:
        """Post a comment whose text ends with ``key``'s marker, never twice."""

        def recover() -> dict[str, Any] | None:
            return self.ours_by_key(self.list_comments(number)).get(key)

        url = f"{self.repo_path}/issues/{number}/comments"
        _, data = self.call(
            f"comment on #{number}", "POST", url, body={"body": text}, recover=recover
        )
        return data

    def edit_comment(self, comment_id: int, text: str) -> None:
        """Replace the text of one of Clerk's comments (repeating it is harmless)."""
        url = f"{self.repo_path}/issues/comments/{comment_id}"
        self.call(f"edit comment {comment_id}", "PATCH", url, body={"body": text})

    def react(self, comment_id: int, content: str = "+1") -> None:
        """React to a comment; GitHub keeps one reaction per user and content, so a repeat
        (after a lost answer) adds nothing."""
        url = f"{self.repo_path}/issues/comments/{comment_id}/reactions"
        self.call(f"react to comment {comment_id}", "POST", url, body={"content": content})

    def close_issue(self, number: int) -> None:
        """Close an issue as completed."""
        url = f"{self.repo_path}/issues/{number}"
        body = {"state": "closed", "state_reason": "completed"}
        self.call(f"close #{number}", "PATCH", url, body=body)
