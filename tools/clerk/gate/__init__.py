"""The pull-request gate (`clerk check-pr`): every change judged from Git objects, default-deny.

Modules, one part each: `snapshot` (a revision read from Git objects), `paths` (which paths a
change may touch), `actors` (who the author is, per the base roster), `moves` (the procedure's
commands as the gate replays them), `ballots` and `meetings` (per-record judgement), `review`
(the whole change).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from clerk.gate.review import Review, review_change

if TYPE_CHECKING:
    from clerk.commands.common import App

__all__ = ["Review", "review_change", "run_check_pr"]


def run_check_pr(app: App, base: str, head: str | None, author: str) -> int:
    """The check-pr command's body: review, print findings, write the job summary; exit code."""
    from clerk.report import render_findings, summary_line

    review = review_change(app.root, base, head, author, app.now)
    body = render_findings(review.findings, app.fmt, review.summary())
    if body:
        app.out(body)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        from clerk.summary import job_summary

        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(job_summary(review))
    if app.fmt != "json":
        app.err(summary_line("check-pr", review.summary()))
    return 1 if review.errors else 0
