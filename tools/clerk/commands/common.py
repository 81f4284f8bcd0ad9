"""What every command shares: the App each receives (where the records are, what time it is,
how to print), times given on the command line, loading the records, failing with a message."""

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
