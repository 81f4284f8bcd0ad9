"""`clerk history`, `clerk board`, `clerk meeting new`: reading and starting records."""

from __future__ import annotations

import json

import click

from clerk.commands.common import App, load_records
from clerk.findings import ClerkError


@click.command()
@click.argument("record_id", metavar="ID")
@click.pass_obj
def history(app: App, record_id: str) -> None:
    """The record's timeline from git log: each commit, its date, author and what changed.

    ID is a ballot id in any spelling, drafts/SLUG, a meeting date (2025-11-20), or a path.
    """
    from clerk.history import record_history

    root = app.root
    path = _record_path(app, record_id)
    entries = record_history(root, path)
    if not entries:
        raise ClerkError(f"{path} has no history in git yet; commit it first.")
    if app.fmt == "json":
        app.out(json.dumps({"file": path, "history": [e.as_dict() for e in entries]}, indent=2))
        return
    for entry in entries:
        app.out(f"{entry.date}  {entry.commit[:12]}  {entry.author}  {entry.file}")
        app.out(f"    {entry.subject}")
        for change in entry.changes:
            app.out(f"    - {change}")


def _record_path(app: App, record_id: str) -> str:
    """The file of a ballot id, drafts/SLUG, meeting date or path; the full index is loaded
    only when the id names no file directly (to find it, or to suggest the nearest)."""
    from datetime import date

    from clerk.commands.ballot import find_ballot
    from clerk.records import BALLOTS_DIR, MEETINGS_DIR
    from clerk.repository import load_index, load_rules

    root = app.root
    candidate = root / record_id
    if record_id.endswith(".yaml") and candidate.is_file():
        return candidate.relative_to(root).as_posix()
    guesses = []
    canonical = load_rules(root).ids.canonical(record_id)
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
