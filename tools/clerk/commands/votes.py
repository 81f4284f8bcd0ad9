"""`clerk votes sync` (the `/vote` comments of the vote issues) and `clerk ballot announce`."""

from __future__ import annotations

import json
import os
from typing import Any

import click

from clerk.commands.ballot import ballot
from clerk.commands.common import App
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
    if max_writes is None:
        max_writes = index.rules.vote_max_writes
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


@click.group()
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
    from clerk.commands.ballot import find_ballot, load

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


def sync_votes_first(app: App, index: Any, commit: bool, reload: Any) -> tuple[Any, set[str]]:
    """Before ``clerk advance`` closes votes: record the `/vote` comments not yet synced.

    Runs only where `/vote` is a channel and GITHUB_TOKEN and GITHUB_REPOSITORY are set. Returns
    the (reloaded) index and the ballots whose comments could not be read: advance must not close
    those, or a vote cast in time could be lost.
    """
    from clerk.github import GitHubError

    if "comment" not in index.rules.voting_channels:
        return index, set()
    token, repository = os.environ.get("GITHUB_TOKEN"), os.environ.get("GITHUB_REPOSITORY")
    due = {b.id for b in index.ballots if b.status == "voting" and b.id}
    if not token or not repository:
        if due:
            app.err(
                "clerk advance: GITHUB_TOKEN or GITHUB_REPOSITORY not set; /vote comments "
                "were not synced first."
            )
        return index, set()
    try:
        report = run_sync(
            app, index, token, repository, os.environ.get("GITHUB_API_URL"), commit=commit
        )
    except GitHubError as err:
        app.err(f"clerk advance: {err}; votes in progress are not closed this run.")
        return index, due
    for line in report.lines():
        app.err(f"clerk advance: {line}")
    return (reload() if report.recorded else index), set()


def reconcile_vote_issues(app: App, command: str, ballot_id: str | None = None) -> None:
    """After a vote opened or closed: open or close its vote issue now, when a token is set
    (otherwise the scheduled `clerk votes sync` does it). A failure is reported, not fatal:
    the record is already committed, and the next sync converges."""
    from clerk.commands.ballot import load
    from clerk.github import GitHubError

    token, repository = os.environ.get("GITHUB_TOKEN"), os.environ.get("GITHUB_REPOSITORY")
    if not token or not repository:
        return
    try:
        report = run_sync(
            app,
            load(app),
            token,
            repository,
            os.environ.get("GITHUB_API_URL"),
            ballot_id=ballot_id,
            commit=True,
        )
    except GitHubError as err:
        app.err(
            f"clerk {command}: the vote issue is not up to date ({err}); "
            "clerk votes sync will retry."
        )
        return
    for line in report.lines():
        app.err(f"clerk {command}: {line}")


@ballot.command("announce")
@click.argument("ballot_id", metavar="ID")
@click.option("--by", "by", required=True, metavar="CHAIR", help="The chair announcing it.")
@click.option("--commit", is_flag=True, help="Commit with Clerk-Ballot/Clerk-Transition trailers.")
@click.pass_obj
def announce(app: App, ballot_id: str, by: str, commit: bool) -> None:
    """Close a mailing-list vote after its end, to whatever the tally says (Bylaws 2.4(4)).

    Record every list vote sent before the end first (clerk ballot vote --source URL --at TIME).
    """
    from clerk.commands.ballot import apply_and_report, find_ballot, load
    from clerk.list_votes import announce as announce_result

    index = load(app)
    change = announce_result(index, find_ballot(index, ballot_id), by, app.now)
    apply_and_report(app, change, "announce", commit)
    if commit and change.changed:
        reconcile_vote_issues(app, "announce", change.ballot.id)
