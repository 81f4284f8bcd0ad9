"""The command line's root: the `clerk` group, its global options, and the entry point. The
commands live in clerk.commands, one module per command group, and never import this module.

Heavy modules are imported inside the commands so that `clerk --help` starts fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from clerk.commands import (
    ballot,
    ballot_review,
    gate,
    imports,
    init,
    records,
    render,
    stale,
    validate,
    votes,
)
from clerk.commands.common import App, default_format, fail, parse_now
from clerk.findings import ClerkError


class ClerkGroup(click.Group):
    """Maps ClerkError, wherever a command raises it, to its message and exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClerkError as exc:
            fail(exc, ctx.find_object(App))


@click.group(
    cls=ClerkGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--repo",
    "repo",
    metavar="DIR",
    envvar="CLERK_REPO",
    help="Records repository (default: the Git top level of the current directory).",
)
@click.option(
    "--now",
    "now",
    metavar="ISO",
    envvar="CLERK_NOW",
    help="Current time as ISO 8601 UTC (default: the clock; also CLERK_NOW).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default=None,
    help="Output format (default: github under GitHub Actions, else text).",
)
@click.version_option(package_name="clerk-governance", prog_name="clerk")
@click.pass_context
def main(ctx: click.Context, repo: str | None, now: str | None, fmt: str | None) -> None:
    """Clerk keeps a standards body's ballots and meetings as validated YAML in Git.

    It validates records and pull requests, moves ballots through their periods, tallies votes
    and reports stalled items. Exit codes: 0 clean, 1 findings or a failed operation, 2 usage
    error.
    """
    parse_now(now)  # a malformed --now / CLERK_NOW is a usage error for every command
    ctx.obj = App(repo, now, fmt or default_format())


def entry() -> None:
    """Console script: even a bug ends in one clear line (CLERK_DEBUG=1 shows the traceback)."""
    try:
        main()
    except ClerkError as exc:
        fail(exc)
    except Exception as exc:
        if os.environ.get("CLERK_DEBUG"):
            raise
        click.echo(
            f"clerk: internal error: {type(exc).__name__}: {exc}. Nothing was written; "
            "rerun with CLERK_DEBUG=1 and report the traceback.",
            err=True,
        )
        sys.exit(1)


for _command in (
    validate.validate,
    ballot.ballot,
    votes.votes,
    gate.check_pr,
    gate.codeowners,
    ballot_review.advance,
    records.history,
    records.board,
    records.meeting,
    stale.stale,
    render.render,
    imports.import_group,
    init.init,
):
    main.add_command(_command)


def _set_global(field: str) -> Any:
    """Callback of a global option given after the subcommand: it overrides the App's value."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        if value is None:
            return
        app = ctx.find_object(App)
        if app is None:
            return
        if field == "now_option":
            parse_now(value)
        setattr(app, field, value)

    return callback


def _accept_global_options(command: click.Command) -> None:
    """Let --repo, --now and --format follow the subcommand too (`clerk ballot tally X --now T`)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_global_options(sub)
        return
    taken = {name for param in command.params for name in param.opts}
    extra = [
        click.Option(
            ["--repo"],
            metavar="DIR",
            callback=_set_global("repo_option"),
            expose_value=False,
            help="Records repository (as before the command).",
        ),
        click.Option(
            ["--now"],
            metavar="ISO",
            callback=_set_global("now_option"),
            expose_value=False,
            help="Current time, ISO 8601 UTC (as before the command).",
        ),
        click.Option(
            ["--format", "fmt_after"],
            type=click.Choice(["text", "json", "github"]),
            callback=_set_global("fmt"),
            expose_value=False,
            help="Output format (as before the command).",
        ),
    ]
    command.params.extend(option for option in extra if not set(option.opts) & taken)


for _command in main.commands.values():
    _accept_global_options(_command)
