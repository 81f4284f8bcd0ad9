"""`clerk history`, `clerk board`, `clerk meeting new`: reading and starting records."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from clerk.commands.common import App, load_records
from clerk.findings import ClerkError

if TYPE_CHECKING:
    from clerk.ids import IdFormat
    from clerk.timeline import TimelineEntry


@click.command()
@click.argument("record_id", metavar="ID")
@click.pass_obj
def history(app: App, record_id: str) -> None:
    """The record's timeline from git: each change, dated when its act happened, oldest first.

    ID is a ballot id in any spelling, drafts/SLUG, a meeting date (2025-11-20), or a path.

    \b
    Entries are ordered by their commits' author dates: the time of the act (a Clerk move, or
    the date of the post an import came from):
      DATE  [record]  COMMIT  AUTHOR  FILE       a change to the record, flush left: its
                                                 subject, "- " what changed, the source post
        ~ DATE  [meeting DAY]  COMMIT  ...       indented: a meeting record that mentions the
                                                 ballot (status list or mentions) and what it
                                                 says of it, with the post it came from
    Commits with no Clerk-Source that wrote the record before back-dated posts were imported
    onto it would read out of order: they follow, apart, under "record-keeping", in git's
    order. --format json: "timeline" and "record_keeping" hold these entries; "history" keeps
    the record's own commits, newest first (schemas/output/history.schema.json).
    """
    from clerk.repository import load_rules
    from clerk.timeline import ballot_timeline

    root = app.root
    ids = load_rules(root).ids
    path = _record_path(app, record_id, ids)
    stem = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    ballot_id = stem if path.startswith("ballots/") and ids.canonical(stem) == stem else None
    timeline = ballot_timeline(root, path, ballot_id, ids)
    if not timeline.history:
        raise ClerkError(f"{path} has no history in git yet; commit it first.")
    if app.fmt == "json":
        data = {
            "file": path,
            "history": [e.as_dict() for e in timeline.history],
            "timeline": [e.as_dict() for e in timeline.entries],
            "record_keeping": [e.as_dict() for e in timeline.record_keeping],
        }
        app.out(json.dumps(data, indent=2))
        return
    for entry in timeline.entries:
        _print_entry(app, entry)
    if timeline.record_keeping:
        app.out(
            "  record-keeping: commits with no Clerk-Source that wrote the record before the "
            "dated posts above were imported (dated when made), in git's order:"
        )
        for entry in timeline.record_keeping:
            _print_entry(app, entry, "record-keeping")


def _print_entry(app: App, entry: TimelineEntry, label: str = "") -> None:
    """A change to the record flush left; a meeting that mentions it indented, marked `~`.
    Commit and record text is shown with its control characters escaped, one line each."""
    from clerk.inert import one_line

    rest = f"{entry.commit[:12]}  {entry.author}  {entry.file}"
    if entry.kind == "meeting":
        lines = [f"  ~ {entry.date}  [meeting {entry.meeting}]  {rest}"]
        indent = "      "
    else:
        lines = [f"{entry.date}  [{label or 'record'}]  {rest}"]
        indent = "    "
    lines.append(f"{indent}{entry.subject}")
    lines += [f"{indent}- {detail}" for detail in entry.details]
    if entry.source:
        lines.append(f"{indent}source: {entry.source}")
    for line in lines:
        app.out(one_line(line))


def _record_path(app: App, record_id: str, ids: IdFormat) -> str:
    """The file of a ballot id, drafts/SLUG, meeting date or path; the full index is loaded
    only when the id names no file directly (to find it, or to suggest the nearest)."""
    from datetime import date

    from clerk.commands.ballot import find_ballot
    from clerk.records import BALLOTS_DIR, MEETINGS_DIR
    from clerk.repository import load_index

    root = app.root
    candidate = root / record_id
    if record_id.endswith(".yaml") and candidate.is_file():
        return candidate.relative_to(root).as_posix()
    guesses = []
    canonical = ids.canonical(record_id)
    if canonical:
        guesses.append(f"{BALLOTS_DIR}/{canonical}.yaml")
    if record_id.startswith("drafts/"):
        guesses.append(f"{BALLOTS_DIR}/{record_id}.yaml")
    try:
        day = date.fromisoformat(record_id)
        guesses.append(f"{MEETINGS_DIR}/{day.year}/{day.isoformat()}.yaml")
    except ValueError:
        pass
    for guess in guesses:
        if (root / guess).is_file():
            return guess
    index = load_index(root)
    ballot = index.ballot(record_id)
    if ballot is not None:
        return ballot.file
    for meeting in index.meetings:
        if meeting.data.get("date") == record_id:
            return meeting.file
    return find_ballot(index, record_id).file


@click.command()
@click.option("--markdown", is_flag=True, help="Markdown, for a job summary or a web page.")
@click.option(
    "--recent-days",
    type=click.IntRange(min=0),
    default=90,
    show_default=True,
    help="How far back 'recently adopted' reaches.",
)
@click.pass_obj
def board(app: App, markdown: bool, recent_days: int) -> None:
    """Ballots grouped as the agenda lists them, with owner, next deadline and open tallies."""
    from clerk.board import board_rows, board_text

    index = load_records(app, brief=True)
    groups = board_rows(index, app.now, recent_days)
    if app.fmt == "json":
        app.out(json.dumps({name: [r.as_dict() for r in rows] for name, rows in groups}, indent=2))
    else:
        app.out(board_text(groups, markdown=markdown))


@click.group()
def meeting() -> None:
    """Start meeting records."""


@meeting.command("new")
@click.argument("day", metavar="DATE")
@click.option(
    "--kind",
    type=click.Choice(["teleconference", "face-to-face"]),
    default="teleconference",
    show_default=True,
)
@click.option("--number", type=click.IntRange(min=1), help="Number of a face-to-face meeting.")
@click.option("--place", help="Where a face-to-face meeting is held.")
@click.pass_obj
def meeting_new(app: App, day: str, kind: str, number: int | None, place: str | None) -> None:
    """A meeting record pre-filled with the chair, the usual agenda and the ballot status."""
    from clerk.meetings import new_meeting
    from clerk.yamledit import atomic_write, dump_roundtrip

    index = load_records(app)
    relpath, data = new_meeting(index, day, app.now, kind, number, place)
    target = app.root / relpath
    if target.exists():
        raise ClerkError(f"{relpath} exists already; edit it instead.")
    atomic_write(target, dump_roundtrip(data))
    app.out(json.dumps({"file": relpath}) if app.fmt == "json" else relpath)
