"""`clerk votes sync`: record the `/vote` comments of the ballots' vote issues."""

from __future__ import annotations

import json
import os
from typing import Any

import click

from clerk.cli import App, main
from clerk.findings import UsageError

github_options = [
    click.option(
        "--token", envvar="GITHUB_TOKEN", metavar="TOKEN", help="GitHub token ($GITHUB_TOKEN)."
    ),
    click.option(
        "--repository",
        envvar="GITHUB_REPOSITORY",
        metavar="OWNER/NAME",
        help="Repository of the vote issues ($GITHUB_REPOSITORY).",
    ),
    click.option(
        "--api-url",
        envvar="GITHUB_API_URL",
        metavar="URL",
        help="GitHub API base, for GitHub Enterprise ($GITHUB_API_URL; default api.github.com).",
    ),
]


def with_github_options(command: Any) -> Any:
    for option in reversed(github_options):
        command = option(command)
    return command


def run_sync(
    app: App,
    index: Any,
    token: str | None,
    repository: str | None,
    api_url: str | None,
    *,
    ballot_id: str | None = None,
    commit: bool = False,
    max_writes: int | None = None,
) -> Any:
    """Connect and run one votes sync; the report, or a GitHubError."""
    from clerk import github
    from clerk.votes.sync import sync_votes

    if not token or not repository:
        raise UsageError(
            "votes sync needs a token and a repository: set GITHUB_TOKEN and "
            "GITHUB_REPOSITORY, or pass --token and --repository."
        )
    # CLERK_GITHUB_NO_WAIT=1: no pacing and no waiting before retries, for a GitHub stand-in
    # on this machine. Never set it against GitHub itself.
    no_wait = os.environ.get("CLERK_GITHUB_NO_WAIT") == "1"
    retry = github.RetryPolicy(backoff=0, secondary_wait=0) if no_wait else None
    label = index.rules.vote_label
    with github.connect(token, repository, api_url, fast=no_wait, label=label) as client:
        return sync_votes(
            client,
            app.root,
            index,
            app.now,
            ballot_id=ballot_id,
            commit=commit,
            max_writes=max_writes,
            retry=retry,
        )


@main.group()
def votes() -> None:
    """Votes cast on GitHub: `/vote` comments on each ballot's vote issue."""


@votes.command("sync")
@click.argument("ballot_id", metavar="[ID]", required=False)
@click.option("--commit", is_flag=True, help="Commit recorded votes (Clerk-Source trailers).")
@with_github_options
@click.option("--max-writes", type=click.IntRange(min=0), help="Most GitHub writes this run.")
@click.pass_obj
def sync(
    app: App,
    ballot_id: str | None,
    commit: bool,
    token: str | None,
    repository: str | None,
    api_url: str | None,
    max_writes: int | None,
) -> None:
    """Open a vote issue per ballot in voting, record every valid `/vote` in the ballot file,
    react to it, answer once each `/vote` that does not count, and keep the running tally in
    one comment. Issues of closed votes are closed with the result. Safe to run twice: the
    second run writes nothing.
    """
    from clerk.cli_ballot import find_ballot, load

    index = load(app)
    wanted = find_ballot(index, ballot_id).id if ballot_id else None
    report = run_sync(
        app,
        index,
        token,
        repository,
        api_url,
        ballot_id=wanted,
        commit=commit,
        max_writes=max_writes,
    )
    if app.fmt == "json":
        recorded = {key: [vote.entry() for vote in found] for key, found in report.recorded.items()}
        app.out(
            json.dumps(
                {"recorded": recorded, "commits": report.commits, "report": report.lines()},
                indent=2,
            )
        )
    else:
        for line in report.lines():
            app.out(line)
