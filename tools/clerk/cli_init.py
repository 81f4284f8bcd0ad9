"""`clerk init`: a working governance repository for any body, from flags or prompts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from clerk.cli import App, main
from clerk.findings import ClerkError, UsageError


@main.command()
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
def init(app: App, directory: str, yes: bool, **answers: object) -> None:
    """Write a new governance repository in DIR (empty or new): governance.yaml, members.yaml,
    ballots/, meetings/, the workflows, CODEOWNERS and a README.

    On a terminal it asks for what the flags do not give; with --yes it asks nothing.
    `clerk validate` passes right after; add members to members.yaml and propose.
    """
    from clerk.init import MemberClassSetup, Setup, repository_files
    from clerk.yamlio import atomic_write

    target = Path(directory)
    if target.exists() and any(p.name != ".git" for p in target.iterdir()):
        raise UsageError(
            f"{directory}: not empty; clerk init writes a new repository into an empty folder."
        )
    ask = not yes and _interactive()

    def answer(key: str, prompt: str, default: object, kind: type = str) -> object:
        value = answers.get(key)
        if value is not None:
            return value
        if ask:
            return click.prompt(prompt, default=default, type=kind)
        if default is None:
            raise UsageError(f"--{key.replace('_', '-')} is needed with --yes (or on no terminal).")
        return default

    body = str(answer("body", "The body's name", None))
    prefix = str(answer("prefix", "Ballot id prefix (letters only)", None))
    voting = str(answer("voting", "Who votes (organizations or individuals)", "organizations"))
    class_specs = list(answers.get("classes") or ())
    if not class_specs and ask:
        class_specs = [click.prompt("Voting class and threshold", default="Member:more-than 1/2")]
    classes = [_class(spec, MemberClassSetup) for spec in class_specs] or [
        MemberClassSetup("Member")
    ]
    reviews = list(answers.get("reviews") or ())
    if not reviews and ask:
        reviews = [click.prompt("Review after adoption (none, DAYS or KIND=DAYS)", default="none")]
    setup = Setup(
        body=body,
        prefix=prefix,
        voting=voting,
        classes=classes,
        discussion_days=int(answer("discussion_days", "Minimum discussion (days)", 7, int)),
        voting_days=int(answer("voting_days", "Voting period (days)", 7, int)),
        endorsements=int(answer("endorsements", "Endorsements a proposal needs", 1, int)),
        review_days=_reviews(reviews),
        quorum_meetings=int(
            answer("quorum_meetings", "Meetings that set quorum (0: none)", 0, int)
        ),
        chair=(answer("chair", "The chair's name (empty: later)", "") or None),  # type: ignore[arg-type]
        chair_github=answers.get("chair_github"),  # type: ignore[arg-type]
    )
    if answers.get("clerk_requirement"):
        setup.requirement = str(answers["clerk_requirement"])
    problems = setup.problems()
    if problems:
        raise UsageError(" ".join(problems))
    _write(app, target, setup, repository_files(setup), atomic_write)


def _interactive() -> bool:
    """Whether a person is at the keyboard to answer prompts."""
    return sys.stdin.isatty()


def _class(spec: str, make: type) -> object:
    name, _, threshold = spec.partition(":")
    return make(name.strip(), threshold.strip() or "more-than 1/2")


def _reviews(specs: list[str]) -> dict[str, int]:
    """'none' -> {}; '30' -> {'decision': 30}; 'final-guideline=60' -> {'final-guideline': 60}."""
    out: dict[str, int] = {}
    for spec in specs:
        text = spec.strip()
        if text.lower() in ("none", "no", ""):
            continue
        kind, _, days = text.rpartition("=")
        try:
            out[kind.strip() or "decision"] = int(days)
        except ValueError:
            raise UsageError(
                f"--review {spec!r}: none, a number of days, or KIND=DAYS (final-guideline=60)."
            ) from None
    return out


def _write(app: App, target: Path, setup: object, files: dict[str, str], write: object) -> None:
    from clerk.codeowners import CODEOWNERS_FILE, render_codeowners
    from clerk.repository import load_index

    for relpath, text in files.items():
        path = target / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path, text)  # type: ignore[operator]
    try:
        codeowners = render_codeowners(load_index(target.resolve()))
    except ClerkError as exc:  # the files just written do not load: a bug, not the user's
        raise ClerkError(f"clerk init wrote records that do not load: {exc.message}") from exc
    write(target / CODEOWNERS_FILE, codeowners)  # type: ignore[operator]
    app.err(f"wrote a governance repository in {target}:")
    for relpath in [*files, CODEOWNERS_FILE]:
        app.err(f"  {relpath}")
    app.err(
        "next: add your members to members.yaml, run `clerk validate`, commit, push, and "
        "protect the default branch (pull requests only, the validate check required)."
    )
