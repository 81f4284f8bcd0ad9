"""`clerk import --history`: the CLI side of importing posts as dated commits."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from clerk.commands.common import App
from clerk.findings import ClerkError, Finding, errors_of


def import_history(
    app: App,
    files: tuple[str, ...],
    kind: str | None,
    dry_run: bool,
    overwrite: bool,
    author: str | None,
) -> None:
    """Read every post, then commit their records oldest first, one commit per post."""
    from clerk import gitrepo
    from clerk.commands.ballot import parse_author
    from clerk.commands.imports import imported_entry, report_import
    from clerk.importers import import_post
    from clerk.importers.history import (
        DatedPost,
        commit_post,
        facts_only,
        fit_to_archive,
        in_order,
        merged,
        post_kind,
        quote_ambiguous,
        refuse_undated,
        unchanged,
    )
    from clerk.records import format_time
    from clerk.repository import load_index
    from clerk.schema import property_order
    from clerk.yamledit import atomic_write, dump_minimal, dump_roundtrip, load_roundtrip

    who = parse_author(author)
    if not dry_run and not gitrepo.is_repository(app.root):
        raise ClerkError(f"--history commits each post: {app.root} is not a Git repository.")
    index = load_index(app.root)
    now = app.now
    findings: list[Finding] = []
    posts: list[DatedPost] = []
    failed = 0
    for name in files:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(Finding(name, 1, 1, "import-unreadable", f"cannot read: {exc}"))
            failed += 1
            continue
        post_type = kind or post_kind(text, name)
        try:
            result = import_post(text, name, index, post_type)
        except ClerkError as exc:
            findings += exc.findings or [Finding(name, 1, 1, "import-failed", exc.message)]
            failed += 1
            continue
        post = DatedPost(name, post_type, result, text)
        refused = refuse_undated(post, now)
        if refused is not None:
            findings.append(refused)
            failed += 1
            continue
        posts.append(post)
    written: set[str] = set()
    committed = same = 0
    imported: list[dict[str, Any]] = []
    ballots = {b.id for b in index.ballots if b.id} | {
        str(p.result.record.get("id")) for p in posts if p.kind == "ballot"
    }
    meetings = {str(m.data.get("date")) for m in index.meetings} | {
        str(p.result.record.get("date")) for p in posts if p.kind == "minutes"
    }
    for post in in_order(posts):
        if post.kind == "ballot" and committed:
            # the result is counted again with the meetings committed before it, so its quorum
            # comes from their attendance
            post.result = import_post(post.text, post.name, load_index(app.root), post.kind)
        findings += post.result.findings
        path = post.result.path
        target = app.root / path
        record = facts_only(post.kind, post.result.record)
        record["sources"] = [post.result.url or Path(post.name).name]
        record, fitted = fit_to_archive(post, record, ballots, meetings, index.rules)
        findings += fitted
        old_text = target.read_text(encoding="utf-8") if target.exists() else ""
        # a record this run wrote is replaced by the later post; one that was here is kept,
        # field by field, and the post only adds what it lacks (unless --overwrite)
        keep = old_text and path not in written and not overwrite
        existing = load_roundtrip(old_text) if keep else None
        schema_kind = "ballot" if post.kind == "ballot" else "meeting"
        record = merged(existing, record, property_order(schema_kind))
        record = quote_ambiguous(record)
        new_text = dump_minimal(old_text, record) if old_text else dump_roundtrip(record)
        if unchanged(target, new_text, load_roundtrip):
            same += 1
            written.add(path)
            continue
        if dry_run:
            imported.append(imported_entry(post.name, path, False, None))
            if app.fmt != "json":
                app.out(f"{format_time(post.posted)} {post.name} -> {path}")
            written.add(path)
            continue
        atomic_write(target, new_text)
        commit = commit_post(app.root, post, who)
        written.add(path)
        committed += 1
        imported.append(imported_entry(post.name, path, True, commit))
        if app.fmt != "json":
            app.out(f"{format_time(post.posted)} {post.name} -> {path} ({commit[:10]})")
    counts = {"posts": len(files), "failed": failed, "commits": committed, "unchanged": same}
    report_import(app, imported, findings, counts)
    app.err(
        f"clerk import --history: {len(files)} posts, {failed} failed, {committed} commits, "
        f"{same} unchanged, {len(findings)} findings"
    )
    if failed or errors_of(findings):
        sys.exit(1)
