"""The command line: thin Click commands that parse options, call the domain, print, exit.

Heavy modules are imported inside the commands so that `clerk --help` starts fast.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from clerk.findings import ClerkError, UsageError


@dataclass
class App:
    """What every command receives: where the records are, what time it is, how to print."""

    repo_option: str | None
    now_option: str | None
    fmt: str

    @property
    def root(self) -> Path:
        from clerk.repository import find_root

        if self.repo_option:
            path = Path(self.repo_option)
            if not path.is_dir():
                raise UsageError(f"--repo {self.repo_option}: no such directory.")
            return path.resolve()
        return find_root(Path.cwd())

    @property
    def now(self) -> datetime:
        return parse_now(self.now_option)

    def out(self, text: str = "") -> None:
        click.echo(text)

    def err(self, text: str) -> None:
        click.echo(text, err=True)


def parse_now(text: str | None) -> datetime:
    """--now / CLERK_NOW as an aware UTC datetime; the real clock when unset."""
    if not text:
        return datetime.now(UTC).replace(microsecond=0)
    return parse_time_option("--now", text)


def parse_time_option(option: str, text: str) -> datetime:
    """An ISO 8601 time given on the command line, as aware UTC (no zone means UTC)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise UsageError(
            f"{option} {text!r}: not an ISO 8601 time; write e.g. 2025-11-20T17:00:00Z."
        ) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def load_records(app: App, schemas: Any = None, *, lazy: bool = False, brief: bool = False) -> Any:
    """The repository's index for a command that acts on it (every record, or with `lazy` the
    rules and roster and the rest on demand, `brief` for listings): refused while
    governance.yaml or members.yaml is broken, rather than acting on default rules."""
    from clerk.repository import load_index, open_index
    from clerk.validate import refuse_broken_foundations

    if lazy or brief:
        index = open_index(app.root, schemas, brief=brief)
    else:
        index = load_index(app.root, schemas)
    refuse_broken_foundations(index)
    return index


def fail(exc: ClerkError, app: App | None = None) -> NoReturn:
    if exc.findings and app is not None:
        from clerk.report import render_findings

        app.err(render_findings(exc.findings, "text"))
    click.echo(f"clerk: {exc.message}", err=True)
    sys.exit(exc.exit_code)


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


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


@main.command()
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


# Command groups defined in their own modules register themselves on `main`.
from clerk import (  # noqa: E402, F401
    cli_ballot,
    cli_forum,
    cli_init,
    cli_records,
    cli_review,
    cli_stale,
    cli_votes,
)


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
