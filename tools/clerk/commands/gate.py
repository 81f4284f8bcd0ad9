"""`clerk check-pr` and `clerk codeowners`: who may change what, judged and written down."""

from __future__ import annotations

import json
import sys

import click

from clerk.commands.common import App, load_records


@click.command("check-pr")
@click.option("--base", required=True, metavar="REV", help="The pull request's base revision.")
@click.option("--head", metavar="REV", help="Its head revision (default: the work tree).")
@click.option(
    "--author",
    metavar="LOGIN",
    envvar="CLERK_AUTHOR_LOGIN",
    help="GitHub login of the change's author (required); permissions come from the base.",
)
@click.pass_obj
def check_pr(app: App, base: str, head: str | None, author: str | None) -> None:
    """Judge the change base..head, read as Git objects, at the time of the check.

    Only record files may change outside the chairs; each changed record must validate and be
    what Clerk's own commands would write, made by someone who may. Writes a Markdown job
    summary to $GITHUB_STEP_SUMMARY when it is set.
    """
    from clerk.gate import run_check_pr

    sys.exit(run_check_pr(app, base, head, author or ""))


@click.command()
@click.option("--write", is_flag=True, help="Write .github/CODEOWNERS instead of printing it.")
@click.pass_obj
def codeowners(app: App, write: bool) -> None:
    """Generate CODEOWNERS from governance.yaml and members.yaml (chairs own the rules)."""
    from clerk.codeowners import CODEOWNERS_FILE, render_codeowners
    from clerk.yamledit import atomic_write

    text = render_codeowners(load_records(app, lazy=True))
    if write:
        atomic_write(app.root / CODEOWNERS_FILE, text)
        app.err(f"wrote {CODEOWNERS_FILE}")
    if app.fmt == "json":  # schemas/output/codeowners
        app.out(json.dumps({"file": CODEOWNERS_FILE, "written": write, "text": text}))
    elif not write:
        app.out(text.rstrip("\n"))
