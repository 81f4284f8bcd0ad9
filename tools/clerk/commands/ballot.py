"""`clerk ballot ...`, from the proposal to the vote and its tally: thin commands over
clerk.procedure and clerk.editor. The moves after the vote and `clerk advance` are in
ballot_review, the announcement of a mailing-list vote in votes."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import click

from clerk.commands.common import App, load_records
from clerk.findings import ClerkError, UsageError

_AUTHOR = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<(?P<email>[^<>\s]+)>\s*$")

by_option = click.option(
    "--by", "by", required=True, metavar="NAME", help="Who makes the move (as members.yaml names)."
)
commit_option = click.option(
    "--commit", is_flag=True, help="Commit the change with Clerk-Ballot/Clerk-Transition trailers."
)


def load(app: App) -> Any:
    """The rules and roster; the ballot and meetings a command uses are read when asked for."""
    return load_records(app, lazy=True)


def find_ballot(index: Any, ballot_id: str) -> Any:
    from clerk.findings import suggest

    ballot = index.ballot(ballot_id)
    if ballot is not None:
        return ballot
    canonical = index.rules.ids.canonical(ballot_id)
    if canonical and canonical in index.unloaded_ballots:
        raise ClerkError(
            f"ballots/{canonical}.yaml does not validate; run clerk validate and fix it first."
        )
    known = [b.id or b.key for b in index.ballots]
    raise ClerkError(
        f'no ballot "{ballot_id}" in ballots/{suggest(canonical or ballot_id, known)}.'
    )


def parse_author(text: str | None) -> tuple[str, str] | None:
    if not text:
        return None
    match = _AUTHOR.match(text)
    if not match:
        raise UsageError(f'--author {text!r}: write it as "Name <email>".')
    return match.group("name"), match.group("email")


def apply_and_report(
    app: App, change: Any, action: str, commit: bool, trailers: Sequence[tuple[str, str]] = ()
) -> None:
    from clerk.editor import apply

    applied = apply(app.root, change, action=action, commit=commit, trailers=trailers)
    if app.fmt == "json":
        app.out(
            json.dumps(
                {
                    "ballot": change.applied().id or change.ballot.key,
                    "file": applied.file,
                    "changed": applied.wrote,
                    "transition": change.transition,
                    "summary": change.summary,
                    "commit": applied.commit,
                }
            )
        )
        return
    if not applied.wrote:
        app.out(f"{change.summary}; nothing to change.")
        return
    suffix = f" [{applied.commit[:12]}]" if applied.commit else ""
    app.out(f"{change.summary} ({applied.file}){suffix}")


@click.group()
def ballot() -> None:
    """Propose, endorse, revise, open discussion and voting, vote, withdraw, tally a ballot;
    the Review Notice, Exclusion Notices, the PAG's conclusion and the Second Vote.

    IDs may be typed in any common spelling (SC-86, SC 86, sc086, SC086v2); an unnumbered
    draft is named drafts/SLUG.
    """


@ballot.command()
@click.argument("title")
@click.option(
    "--proposer",
    "proposers",
    required=True,
    multiple=True,
    metavar="NAME",
    help="A Voting Representative; repeat for co-proposers (the first posts the ballot).",
)
@click.option("--draft", is_flag=True, help="Create an unnumbered draft (the default).")
@click.option("--id", "ballot_id", metavar="ID", help="Take this number now instead.")
@click.option("--slug", metavar="SLUG", help="File name of the draft (default: from the title).")
@click.option(
    "--guideline",
    metavar="KIND",
    help="Kind of ballot, one of governance.yaml's kinds (default: the first listed).",
)
@commit_option
@click.pass_obj
def propose(
    app: App,
    title: str,
    proposers: tuple[str, ...],
    draft: bool,
    ballot_id: str | None,
    slug: str | None,
    guideline: str | None,
    commit: bool,
) -> None:
    """Create a ballot record and print its id (drafts/SLUG until it is numbered).

    A ballot gets the next free number when it first has its endorsements, unless --id is given.
    """
    from clerk import procedure
    from clerk.editor import ballot_trailers, write_new

    if draft and ballot_id:
        raise UsageError("--draft and --id exclude each other: a draft has no number yet.")
    index = load(app)
    relpath, data = procedure.propose(
        index, title, list(proposers), app.now, ballot_id, slug, guideline
    )
    key = data.get("id") or f"drafts/{data['slug']}"
    names = " and ".join(p["name"] for p in data["proposers"])
    subject = f"{key}: proposed by {names}"
    sha = write_new(
        app.root,
        relpath,
        data,
        commit=commit,
        subject=subject,
        trailers=[*ballot_trailers(key, data["slug"]), ("Clerk-Transition", "none -> draft")],
    )
    if app.fmt == "json":  # the shape of every editing command (schemas/output/edit)
        result = {"ballot": key, "file": relpath, "changed": True, "transition": "none -> draft"}
        app.out(json.dumps({**result, "summary": subject, "commit": sha}))
        return
    app.out(key)


@ballot.command()
@click.argument("ballot_id", metavar="ID")
@click.option("--by", "by", required=True, metavar="NAME", help="The endorsing representative.")
@commit_option
@click.pass_obj
def endorse(app: App, ballot_id: str, by: str, commit: bool) -> None:
    """Endorse a ballot; the endorsement that completes the count gives it its number."""
    from clerk import procedure

    index = load(app)
    change = procedure.endorse(index, find_ballot(index, ballot_id), by, app.now)
    apply_and_report(app, change, "endorse", commit)


@ballot.command()
@click.argument("ballot_id", metavar="ID")
@click.option("--pull-request", metavar="URL", help="Pull request holding the new text.")
@click.option("--compare", metavar="URL", help="Redline of the new version.")
@click.option("--notes", metavar="TEXT", help="What changed.")
@click.option(
    "--by", "by", metavar="NAME", help="The proposer posting it (default: the one who posts)."
)
@commit_option
@click.pass_obj
def revise(
    app: App,
    ballot_id: str,
    pull_request: str | None,
    compare: str | None,
    notes: str | None,
    by: str | None,
    commit: bool,
) -> None:
    """Record a new version (v2, v3, ...), by a proposer; in discussion it is posted and
    restarts the discussion clock (periods.discussion_min_days in governance.yaml). Without
    --by, the proposer who posts the ballot (the first)."""
    from clerk import procedure

    index = load(app)
    found = find_ballot(index, ballot_id)
    poster = by or found.proposer.get("name")
    change = procedure.revise(index, found, app.now, pull_request, compare, notes, poster)
    apply_and_report(app, change, "revise", commit)


@ballot.command("start-discussion")
@click.argument("ballot_id", metavar="ID")
@by_option
@commit_option
@click.pass_obj
def start_discussion(app: App, ballot_id: str, by: str, commit: bool) -> None:
    """Open the discussion period (the proposer); needs the endorsements. Posts the version."""
    from clerk import procedure

    index = load(app)
    change = procedure.start_discussion(index, find_ballot(index, ballot_id), app.now, by)
    apply_and_report(app, change, "start-discussion", commit)


@ballot.command("start-voting")
@click.argument("ballot_id", metavar="ID")
@by_option
@click.option(
    "--quorum",
    type=click.IntRange(min=1),
    metavar="N",
    help="The quorum a chair states when the meetings that define it are not all recorded.",
)
@click.option("--quorum-by", metavar="NAME", help="The chair who states the quorum.")
@click.option("--quorum-reason", metavar="TEXT", help="Why, and from what source, it is stated.")
@commit_option
@click.pass_obj
def start_voting(
    app: App,
    ballot_id: str,
    by: str,
    quorum: int | None,
    quorum_by: str | None,
    quorum_reason: str | None,
    commit: bool,
) -> None:
    """Open voting (the proposer): needs the minimum discussion and as many days with no new
    version (periods.discussion_min_days), and a known quorum (or one a chair states). Freezes
    the rules."""
    from clerk import procedure

    if quorum is None and (quorum_by or quorum_reason):
        raise UsageError("--quorum-by and --quorum-reason go with --quorum N.")
    index = load(app)
    change = procedure.start_voting(
        index, find_ballot(index, ballot_id), app.now, by, quorum, quorum_by, quorum_reason
    )
    apply_and_report(app, change, "start-voting", commit)
    if commit and change.changed:
        from clerk.commands.votes import reconcile_vote_issues

        reconcile_vote_issues(app, "start-voting", change.ballot.id)


@ballot.command()
@click.argument("ballot_id", metavar="ID")
@click.option(
    "--org", metavar="ORG", help="The voting organization (default: the representative's)."
)
@click.option(
    "--vote", "value", required=True, type=click.Choice(["yes", "no", "abstain"]), help="The vote."
)
@click.option(
    "--by", "by", required=True, metavar="NAME", help="The Voting Representative casting it."
)
@click.option("--source", metavar="URL", help="The vote's evidence: its list message's URL.")
@click.option("--at", "sent", metavar="ISO", help="A list vote's time: its message's (UTC).")
@commit_option
@click.pass_obj
def vote(
    app: App,
    ballot_id: str,
    org: str | None,
    value: str,
    by: str,
    source: str | None,
    sent: str | None,
    commit: bool,
) -> None:
    """Cast an organization's vote; a later vote of the same organization replaces it.

    A chair records a vote from the mailing list with --source (the message's URL) and --at
    (its time), also after the end, while the vote is not yet announced. Where individuals
    vote, --by alone names the voter (their own vote).
    """
    from clerk import procedure
    from clerk.commands.common import parse_time_option

    index = load(app)
    when = parse_time_option("--at", sent) if sent else None
    change = procedure.cast_vote(
        index, find_ballot(index, ballot_id), org, value, by, app.now, source=source, sent=when
    )
    apply_and_report(app, change, "vote", commit, [("Clerk-Source", source)] if source else [])


@ballot.command()
@click.argument("ballot_id", metavar="ID")
@click.option("--by", "by", required=True, metavar="NAME", help="Who withdraws it (a proposer).")
@commit_option
@click.pass_obj
def withdraw(app: App, ballot_id: str, by: str, commit: bool) -> None:
    """Withdraw a draft, a ballot in discussion or one in voting (a proposer's move)."""
    from clerk import procedure

    index = load(app)
    change = procedure.withdraw(index, find_ballot(index, ballot_id), app.now, by)
    apply_and_report(app, change, "withdraw", commit)


@ballot.command()
@click.argument("ballot_id", metavar="ID")
@click.pass_obj
def tally(app: App, ballot_id: str) -> None:
    """Votes per class, thresholds, quorum, and what is still missing while voting is open."""
    from clerk.procedure import earlier_rounds
    from clerk.tally import count_votes
    from clerk.views import tally_data, tally_text

    index = load(app)
    found = find_ballot(index, ballot_id)
    rounds = [*earlier_rounds(found), (None, found)]
    tallies = []
    for number, each in rounds:
        counted = count_votes(each, index.rules, index.roster, index.meeting_log)
        data = tally_data(each, counted, index.rules, index.roster, app.now)
        data["round"] = number or len(rounds)
        tallies.append(data)
    if app.fmt == "json":
        current = tallies[-1]
        current["rounds"] = tallies[:-1]
        app.out(json.dumps(current, indent=2))
        return
    if len(tallies) == 1:
        app.out(tally_text(tallies[0], app.now))
        return
    for data in tallies:
        name = "Initial Vote" if data["round"] == 1 else "Second Vote"
        app.out(f"{name} (round {data['round']})\n{tally_text(data, app.now)}\n")
