"""`clerk validate`: the schema and cross-record checks, on the repository or on some files."""

from __future__ import annotations

import sys

import click

from clerk.commands.common import App


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.pass_obj
def validate(app: App, paths: tuple[str, ...]) -> None:
    """Schema and cross-record checks on the repository (or only on PATHS).

    Every finding is reported, sorted by file and line, with the check id in brackets.
    """
    from clerk.report import render_findings, summary_line
    from clerk.validate import validate as run_validate

    result = run_validate(app.root, list(paths) if paths else None)
    body = render_findings(result.findings, app.fmt, result.summary())
    if body:
        app.out(body)
    if app.fmt != "json":
        app.err(summary_line("validate", result.summary()))
    sys.exit(1 if result.errors else 0)
