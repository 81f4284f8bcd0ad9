"""`clerk import`: records out of Forum posts, one at a time or (--history) as dated commits."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from clerk.commands.common import App
from clerk.findings import ClerkError, Finding, errors_of


@click.group("import")
@click.option(
    "--history",
    is_flag=True,
    help="One commit per post, oldest first, authored at the post's date (the committer date "
    "is the real time of the import), "
    "with a Clerk-Source: trailer naming the post.",
)
@click.option(
    "--author",
    metavar='"NAME <EMAIL>"',
    help="With --history: the commits' author (default: git's configured user).",
)
@click.pass_context
def import_group(ctx: click.Context, history: bool, author: str | None) -> None:
    """Forum posts into records. People and organizations not in members.yaml are reported,
    never invented; text that could not be structured is kept in the record's notes."""
    ctx.meta["clerk.import.history"] = (history, author)


def _history_options() -> tuple[bool, str | None]:
    return click.get_current_context().meta.get("clerk.import.history", (False, None))


def _run(
    app: App, files: tuple[str, ...], kind: str | None, dry_run: bool, overwrite: bool
) -> None:
    history, author = _history_options()
    if history:
        from clerk.commands.import_history import import_history

        import_history(app, files, kind, dry_run, overwrite, author)
        return
    from clerk.importers import import_post

    def importer(text: str, name: str, index: Any) -> Any:
        return import_post(text, name, index, kind)

    _import(app, files, importer, dry_run, overwrite)


def _import(
    app: App, files: tuple[str, ...], importer: Callable[..., Any], dry_run: bool, overwrite: bool
) -> None:
    from clerk.importers.history import quote_ambiguous
    from clerk.repository import load_index
    from clerk.yamledit import atomic_write, dump_roundtrip, load_roundtrip

    index = load_index(app.root)
    findings: list[Finding] = []
    written = unchanged = skipped = 0
    imported: list[dict[str, Any]] = []
    for name in files:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(Finding(name, 1, 1, "import-unreadable", f"cannot read: {exc}"))
            continue
        try:
            result = importer(text, name, index)
        except ClerkError as exc:  # a post that cannot become a record; go on with the others
            findings += exc.findings or [Finding(name, 1, 1, "import-failed", exc.message)]
            continue
        findings += result.findings
        target = app.root / result.path
        new_text = dump_roundtrip(quote_ambiguous(result.record))
        if target.exists():
            if load_roundtrip(target.read_text(encoding="utf-8")) == load_roundtrip(new_text):
                unchanged += 1
                continue
            if not overwrite:
                skipped += 1
                app.err(f"{result.path} exists and differs from {name}; kept (use --overwrite).")
                continue
        imported.append(imported_entry(name, result.path, not dry_run, None))
        if dry_run:
            if app.fmt != "json":
                app.out(f"--- {result.path} (from {name})")
                app.out(new_text.rstrip("\n"))
            continue
        atomic_write(target, new_text)
        written += 1
        if app.fmt != "json":
            app.out(f"{name} -> {result.path}")
    counts = {"posts": len(files), "written": written, "unchanged": unchanged, "kept": skipped}
    report_import(app, imported, findings, counts)
    app.err(
        f"clerk import: {len(files)} posts, {written} records written, {unchanged} unchanged, "
        f"{skipped} kept, {len(findings)} findings"
    )
    if errors_of(findings) or skipped:
        sys.exit(1)


def imported_entry(source: str, path: str, written: bool, commit: str | None) -> dict[str, Any]:
    """One post that became a record, as `--format json` lists it (schemas/output/import)."""
    return {"source": source, "file": str(path), "written": written, "commit": commit}


def report_import(
    app: App, imported: list[dict[str, Any]], findings: list[Finding], counts: dict[str, int]
) -> None:
    """The findings in the chosen format; with --format json, one document of the whole run."""
    import json

    from clerk.report import render_findings

    if app.fmt == "json":
        shown = [f.as_dict() for f in findings]
        app.out(json.dumps({"imported": imported, "findings": shown, "summary": counts}, indent=2))
    elif findings:
        app.out(render_findings(findings, app.fmt))


def _import_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--overwrite", is_flag=True, help="Replace records that differ.")(func)
    func = click.option("--dry-run", is_flag=True, help="Print the records; write nothing.")(func)
    return click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))(func)


@import_group.command("minutes")
@_import_options
@click.pass_obj
def import_minutes_command(
    app: App, files: tuple[str, ...], dry_run: bool, overwrite: bool
) -> None:
    """Forum minutes posts -> meetings/YYYY/YYYY-MM-DD.yaml."""
    _run(app, files, "minutes", dry_run, overwrite)


@import_group.command("ballot")
@_import_options
@click.pass_obj
def import_ballot_command(app: App, files: tuple[str, ...], dry_run: bool, overwrite: bool) -> None:
    """Forum ballot result posts -> ballots/SC086.yaml; a post whose own numbers disagree
    yields findings quoting both."""
    _run(app, files, "ballot", dry_run, overwrite)


@import_group.command("posts")
@_import_options
@click.pass_obj
def import_posts_command(app: App, files: tuple[str, ...], dry_run: bool, overwrite: bool) -> None:
    """Minutes and ballot result posts together, each by its kind (a post tagged or titled
    Ballot is a result post): with --history, the whole archive in the order of its dates."""
    _run(app, files, None, dry_run, overwrite)
