"""`clerk ballot review-notice | exclusion-notice | pag-conclusion | second-vote`: the moves
after an adopted Initial Vote (Bylaws 2.4(5)-(9)); and `clerk advance`, the moves time makes.
Thin commands over clerk.procedure."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any

import click

from clerk.commands.ballot import (
    apply_and_report,
    ballot,
    by_option,
    commit_option,
    find_ballot,
    load,
    parse_author,
)
from clerk.commands.common import App, load_records, parse_time_option

# the moves that close a vote, after which its vote issue is closed with the result
VOTE_CLOSED = ("voting -> passed", "voting -> failed", "voting -> final")


def _time(option: str, text: str | None) -> datetime | None:
    return parse_time_option(option, text) if text is not None else None


@ballot.command("review-notice")
@click.argument("ballot_id", metavar="ID")
@by_option
@click.option("--start", metavar="ISO", help="Start of the Review Period (default: now).")
@click.option(
    "--end", metavar="ISO", help="Its end (default: start + the guideline's review days)."
)
@commit_option
@click.pass_obj
def review_notice(
    app: App, ballot_id: str, by: str, start: str | None, end: str | None, commit: bool
) -> None:
    """Record the chair's Review Notice that starts the review period of a passed ballot.

    The Chair sends it; a Vice Chair once the business days governance.yaml gives the Chair
    have passed. A review longer than the guideline's is accepted, a shorter one is not.
    """
    from clerk import procedure

    begin, finish = _time("--start", start), _time("--end", end)
    index = load(app)
    change = procedure.review_notice(
        index, find_ballot(index, ballot_id), by, app.now, begin, finish
    )
    apply_and_report(app, change, "review-notice", commit)


@ballot.command("exclusion-notice")
@click.argument("ballot_id", metavar="ID")
@by_option
@click.option("--org", metavar="ORG", help="The organization filing it (default: the filer's).")
@commit_option
@click.pass_obj
def exclusion_notice(app: App, ballot_id: str, by: str, org: str | None, commit: bool) -> None:
    """Record an Exclusion Notice during the review period. The review runs to its end;
    clerk advance then rescinds the results if any notice was filed."""
    from clerk import procedure

    index = load(app)
    change = procedure.exclusion_notice(index, find_ballot(index, ballot_id), org, app.now, by)
    apply_and_report(app, change, "exclusion-notice", commit)


@ballot.command("pag-conclusion")
@click.argument("ballot_id", metavar="ID")
@by_option
@click.option("--conclusion", required=True, metavar="TEXT", help="What the PAG concluded.")
@click.option("--url", metavar="URL", help="Where the conclusion was published.")
@commit_option
@click.pass_obj
def pag_conclusion(
    app: App, ballot_id: str, by: str, conclusion: str, url: str | None, commit: bool
) -> None:
    """Record the Patent Advisory Group's conclusion on a rescinded ballot (a chair)."""
    from clerk import procedure

    index = load(app)
    change = procedure.pag_conclusion(
        index, find_ballot(index, ballot_id), by, app.now, conclusion, url
    )
    apply_and_report(app, change, "pag-conclusion", commit)


@ballot.command("second-vote")
@click.argument("ballot_id", metavar="ID")
@by_option
@commit_option
@click.pass_obj
def second_vote(app: App, ballot_id: str, by: str, commit: bool) -> None:
    """Take a rescinded ballot, unchanged, to a Second Vote (the proposer, after the PAG's
    conclusion): discussion and voting again; if it passes, it is final. A changed ballot is
    a new ballot: propose it."""
    from clerk import procedure

    index = load(app)
    change = procedure.second_vote(index, find_ballot(index, ballot_id), by, app.now)
    apply_and_report(app, change, "second-vote", commit)


@click.command()
@commit_option
@click.option(
    "--author",
    metavar='"NAME <EMAIL>"',
    envvar="CLERK_AUTHOR",
    help="Commit author (default: the bot named in governance.yaml).",
)
@click.pass_obj
def advance(app: App, commit: bool, author: str | None) -> None:
    """Apply every timed transition that is due: votes closed, reviews ended, discussions lapsed.

    A passed ballot waits for its Review Notice (clerk ballot review-notice); at the review's
    end it becomes final, or rescinded if Exclusion Notices were filed. A clock earlier than a
    ballot's latest event moves nothing for it. Safe to run twice: the second run finds nothing
    due. With --commit, one commit per transition, with Clerk-Ballot and Clerk-Slug trailers.
    """
    from clerk import procedure
    from clerk.commands.votes import reconcile_vote_issues, sync_votes_first
    from clerk.editor import apply
    from clerk.schema import load_schemas, schema_dir

    schemas = load_schemas(schema_dir(app.root))
    index = load_records(app, schemas)
    index, unsynced = sync_votes_first(app, index, commit, lambda: load_records(app, schemas))
    who = parse_author(author) or (index.rules.bot_name, index.rules.bot_email)
    done: list[dict[str, Any]] = []
    held: list[str] = []
    for found in sorted(index.ballots, key=lambda b: b.key):
        if found.status == "voting" and found.id in unsynced:
            continue  # its /vote comments could not be read: close it on a later run
        reason = procedure.held_reason(index, found, app.now)
        if reason:
            held.append(reason)
        for change in procedure.due_changes(index, found, app.now):
            applied = apply(
                app.root, change, action="advance", commit=commit, author=who, schemas=schemas
            )
            done.append(
                {
                    "ballot": found.id or found.key,
                    "transition": change.transition,
                    "summary": change.summary,
                    "commit": applied.commit,
                }
            )
    if app.fmt == "json":
        app.out(json.dumps({"transitions": done, "held": held}, indent=2))
    else:
        for item in done:
            suffix = f" [{item['commit'][:12]}]" if item["commit"] else ""
            app.out(f"{item['summary']}{suffix}")
        for reason in held:
            app.err(f"clerk advance: {reason}")
        app.err(f"clerk advance: {len(done)} transitions at {app.now:%Y-%m-%dT%H:%M:%SZ}")
    if commit and any(item["transition"] in VOTE_CLOSED for item in done):
        reconcile_vote_issues(app, "advance")
    if index.findings:
        app.err(
            f"clerk advance: {len(index.findings)} records did not load and were skipped; "
            "run clerk validate."
        )
        sys.exit(1)
    if unsynced:
        sys.exit(1)
