"""`clerk render`: Forum-style posts computed from the records."""

from __future__ import annotations

from pathlib import Path

import click

from clerk.commands.common import App, load_records
from clerk.findings import ClerkError


@click.group()
def render() -> None:
    """Markdown posts (Hugo front matter, as governance.yaml's words set it) computed from the
    records."""


def _emit(app: App, text: str, output: str | None) -> None:
    if output:
        from clerk.yamledit import atomic_write

        atomic_write(Path(output), text)
        app.err(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@render.command("minutes")
@click.argument("day", metavar="DATE")
@click.option("--output", "-o", metavar="FILE", help="Write the post to FILE.")
@click.pass_obj
def render_minutes_command(app: App, day: str, output: str | None) -> None:
    """The minutes post of the meeting held on DATE."""
    from clerk.render import render_minutes

    index = load_records(app)
    meeting = next((m for m in index.meetings if m.data.get("date") == day), None)
    if meeting is None:
        dates = sorted(m.data.get("date", "") for m in index.meetings)
        raise ClerkError(
            f"no meeting record for {day!r}; recorded meetings: "
            f"{', '.join(dates[-5:]) or 'none'}{' ...' if len(dates) > 5 else ''}."
        )
    _emit(app, render_minutes(meeting, index), output)


@render.command("ballot")
@click.argument("ballot_id", metavar="ID")
@click.option("--output", "-o", metavar="FILE", help="Write the post to FILE.")
@click.pass_obj
def render_ballot_command(app: App, ballot_id: str, output: str | None) -> None:
    """The voting-results post of a ballot, every figure computed from its record."""
    from clerk.commands.ballot import find_ballot
    from clerk.render import render_ballot

    index = load_records(app, lazy=True)
    _emit(app, render_ballot(find_ballot(index, ballot_id), index), output)
