"""`clerk stale`: list stalled items, and reconcile them with GitHub issues."""

from __future__ import annotations

import json
import os
import sys

import click

from clerk.commands.common import App, load_records
from clerk.findings import UsageError


@click.command()
@click.option("--open-issues", is_flag=True, help="Open, update and close GitHub issues to match.")
@click.option("--dry-run", is_flag=True, help="With --open-issues: print the plan, write nothing.")
@click.option(
    "--token", envvar="GITHUB_TOKEN", metavar="TOKEN", help="GitHub token ($GITHUB_TOKEN)."
)
@click.option(
    "--repository",
    envvar="GITHUB_REPOSITORY",
    metavar="OWNER/NAME",
    help="Repository for the issues ($GITHUB_REPOSITORY).",
)
@click.option(
    "--api-url",
    envvar="GITHUB_API_URL",
    metavar="URL",
    help="GitHub API base, for GitHub Enterprise ($GITHUB_API_URL; default api.github.com).",
)
@click.option("--max-writes", type=click.IntRange(min=0), help="Most GitHub writes this run.")
@click.pass_obj
def stale(
    app: App,
    open_issues: bool,
    dry_run: bool,
    token: str | None,
    repository: str | None,
    api_url: str | None,
    max_writes: int | None,
) -> None:
    """Stalled ballots and overdue action items; with --open-issues, one GitHub issue each.

    Issues are found by Clerk's label and a hidden marker, created when missing, edited only
    when their text changed, and closed with a comment when the item moves.
    """
    from clerk.inert import issue_body, issue_title, log_line
    from clerk.stale import find_stalled

    index = load_records(app, brief=True)
    items = find_stalled(index, app.now, app.root)
    if not open_issues:
        if dry_run:
            raise UsageError("--dry-run goes with --open-issues.")
        if app.fmt == "json":
            app.out(json.dumps({"stalled": [i.as_dict() for i in items]}, indent=2))
        else:
            for item in items:
                app.out(log_line(f"{item.file}: {item.title} [{item.kind}]"))
            app.err(f"clerk stale: {len(items)} stalled items at {app.now:%Y-%m-%dT%H:%M:%SZ}")
        return
    from clerk import github

    if not token or not repository:
        raise UsageError(
            "--open-issues needs a token and a repository: set GITHUB_TOKEN and "
            "GITHUB_REPOSITORY, or pass --token and --repository."
        )
    stale_rules = index.rules.stale
    label = stale_rules.get("label", github.DEFAULT_LABEL)
    cap = max_writes if max_writes is not None else stale_rules.get("max_writes", 50)
    desired, refused = [], 0
    for item in items:  # one bad record never stops the run for the others
        try:
            title, body = issue_title(item.title), issue_body(item.body())
            desired.append(github.DesiredIssue(item.key, title, body, (label, item.kind)))
        except ValueError as exc:
            app.err(log_line(f"{item.file}: no issue for it: {exc}"))
            refused += 1
    # CLERK_GITHUB_NO_WAIT=1: no pacing between requests and no waiting before retries, for a
    # GitHub stand-in on this machine. Never set it against GitHub itself.
    no_wait = os.environ.get("CLERK_GITHUB_NO_WAIT") == "1"
    retry = github.RetryPolicy(backoff=0, secondary_wait=0) if no_wait else None
    with github.connect(token, repository, api_url, fast=no_wait, label=label) as client:
        report = github.sync(client, desired, max_writes=cap, dry_run=dry_run, retry=retry)
    if app.fmt == "json":
        app.out(json.dumps({"stalled": [i.as_dict() for i in items], "report": report.lines()}))
    else:
        for line in report.lines():
            app.out(line)
    if report.skipped or refused:
        sys.exit(1)
