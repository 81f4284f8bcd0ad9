"""`clerk init`: a working governance repository for any body, from flags or prompts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from clerk.commands.common import App
from clerk.findings import UsageError


@click.command()
@click.argument("directory", metavar="[DIR]", default=".", type=click.Path(file_okay=False))
@click.option("--yes", "-y", is_flag=True, help="No prompts: take the flags and the defaults.")
@click.option("--body", metavar="NAME", help="The body's name (Example Foundation TSC).")
@click.option("--prefix", metavar="P", help="Ballot id prefix, letters only (TSC gives TSC001).")
@click.option(
    "--voting",
    type=click.Choice(["organizations", "individuals"]),
    default=None,
    help="Who casts a vote (default: organizations).",
)
@click.option(
    "--class",
    "classes",
    multiple=True,
    metavar="NAME[:THRESHOLD]",
    help="A voting class and its threshold, e.g. 'Member:more-than 1/2' (repeatable; "
    "default: one class Member, more than half of the votes cast).",
)
@click.option("--discussion-days", type=int, help="Minimum discussion, in days (default 7).")
@click.option("--voting-days", type=int, help="Length of voting, in days (default 7).")
@click.option("--endorsements", type=int, help="Endorsements a proposal needs (default 1).")
@click.option(
    "--review",
    "reviews",
    multiple=True,
    metavar="none|DAYS|KIND=DAYS",
    help="Review after adoption: none (the default; a ballot that passes is final), DAYS for "
    "one kind of ballot (decision), or KIND=DAYS per kind (repeatable).",
)
@click.option("--quorum-meetings", type=int, help="Meetings that set quorum (default 0: none).")
@click.option("--chair", metavar="NAME", help="The chair's name.")
@click.option("--chair-github", metavar="LOGIN", help="The chair's GitHub login.")
@click.option(
    "--clerk-requirement",
    metavar="REQ",
    help="What the workflows install (default: clerk-governance pinned to this version).",
)
@click.pass_obj
def init(app: App, directory: str, yes: bool, **answers: Any) -> None:
    """Write a new governance repository in DIR (empty or new): governance.yaml, members.yaml,
    ballots/, meetings/, the workflows, CODEOWNERS and a README.

    On a terminal it asks for what the flags do not give; with --yes it asks nothing.
    `clerk validate` passes right after; add members to members.yaml and propose.
    """
    from clerk.init import repository_files

    target = Path(directory)
    if target.exists() and any(p.name != ".git" for p in target.iterdir()):
        raise UsageError(
            f"{directory}: not empty; clerk init writes a new repository into an empty folder."
        )
    setup = _setup(answers, ask=not yes and _interactive())
    _write(app, target, repository_files(setup))


def _interactive() -> bool:
    """Whether a person is at the keyboard to answer prompts."""
    return sys.stdin.isatty()


def _setup(answers: dict[str, Any], *, ask: bool) -> Any:
    """The answers from the flags, then from prompts (when asking), then the defaults."""
    from clerk.init import MemberClassSetup, Setup, parse_reviews

    def answer(key: str, prompt: str, default: Any, kind: type = str) -> Any:
        value = answers.get(key)
        if value is not None and value != ():
            return value
        if ask:
            return click.prompt(prompt, default=default, type=kind)
        if default is None:
            raise UsageError(f"--{key.replace('_', '-')} is needed with --yes (or on no terminal).")
        return default

    body = answer("body", "The body's name", None)
    prefix = answer("prefix", "Ballot id prefix (letters only)", None)
    voting = answer("voting", "Who votes (organizations or individuals)", "organizations")
    classes = answers.get("classes") or [
        answer("classes", "Voting class and threshold", "Member:more-than 1/2")
    ]
    reviews = answers.get("reviews") or [
        answer("reviews", "Review after adoption (none, DAYS or KIND=DAYS)", "none")
    ]
    try:
        review_days = parse_reviews(list(reviews))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    setup = Setup(
        body=body,
        prefix=prefix,
        voting=voting,
        classes=[MemberClassSetup.parse(spec) for spec in classes],
        discussion_days=answer("discussion_days", "Minimum discussion (days)", 7, int),
        voting_days=answer("voting_days", "Voting period (days)", 7, int),
        endorsements=answer("endorsements", "Endorsements a proposal needs", 1, int),
        review_days=review_days,
        quorum_meetings=answer("quorum_meetings", "Meetings that set quorum (0: none)", 0, int),
        chair=answer("chair", "The chair's name (empty: later)", "") or None,
        chair_github=answers.get("chair_github"),
    )
    if answers.get("clerk_requirement"):
        setup.requirement = answers["clerk_requirement"]
    problems = setup.problems()
    if problems:
        raise UsageError(" ".join(problems))
    return setup


def _write(app: App, target: Path, files: dict[str, str]) -> None:
    """Write the files, then CODEOWNERS from the roster just written."""
    from clerk.codeowners import CODEOWNERS_FILE, render_codeowners
    from clerk.repository import load_index
    from clerk.yamledit import atomic_write

    write: Callable[[Path, str], None] = atomic_write
    for relpath, text in files.items():
        path = target / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path, text)
    write(target / CODEOWNERS_FILE, render_codeowners(load_index(target.resolve())))
    if app.fmt == "json":  # schemas/output/init
        app.out(json.dumps({"directory": str(target), "files": [*files, CODEOWNERS_FILE]}))
    app.err(f"wrote a governance repository in {target}:")
    for relpath in [*files, CODEOWNERS_FILE]:
        app.err(f"  {relpath}")
    app.err(
        "next: add your members to members.yaml, run `clerk validate`, commit, push, and "
        "protect the default branch (pull requests only, the check-pr check required)."
    )
