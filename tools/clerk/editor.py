"""Applying a procedure `Change` to a record file: round-trip edit, check, atomic write, commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clerk import gitrepo, yamledit, yamlio
from clerk.findings import ClerkError
from clerk.procedure import Change
from clerk.schema import SchemaSet, load_schemas, schema_dir


@dataclass
class Applied:
    change: Change
    file: str
    wrote: bool
    commit: str | None = None


def ballot_trailers(key: str, slug: str | None) -> list[tuple[str, str]]:
    """Clerk-Ballot names the record as it is now (SC086, or drafts/SLUG); Clerk-Slug, on every
    commit of a ballot that has a slug, ties its draft commits to its numbered ones, so
    `git log --grep 'Clerk-Slug: SLUG$'` finds them all."""
    trailers = [("Clerk-Ballot", key)]
    if slug:
        trailers.append(("Clerk-Slug", slug))
    return trailers


def message_for(
    change: Change, action: str, extra: Sequence[tuple[str, str]] = (), body: str = ""
) -> str:
    after = change.applied()
    trailers = ballot_trailers(
        change.ballot.id or after.id or change.ballot.key, after.slug or change.ballot.slug
    )
    if change.transition:
        trailers.append(("Clerk-Transition", change.transition))
    trailers.append(("Clerk-Action", action))
    return gitrepo.trailers_message(change.summary, [*trailers, *extra], body)


def _check_schema(schemas: SchemaSet, file: str, data: Any) -> None:
    findings = schemas.validate("ballot", file, data)
    if findings:
        raise ClerkError(
            f"{file}: refusing to write a record that would not validate "
            f"({findings[0].message}); the file is unchanged."
        )


def _check_written(schemas: SchemaSet, file: str, text: str) -> None:
    """Check the text about to be written, read back as clerk validate will read it."""
    data, problems = yamlio.parse_fast(file, text)
    if problems:
        raise ClerkError(
            f"{file}: refusing to write unreadable YAML ({problems[0].message}); "
            "the file is unchanged."
        )
    _check_schema(schemas, file, data)


def render_new(root: Path, relpath: str, data: dict[str, Any]) -> str:
    text = yamledit.dump_roundtrip(data)
    _check_written(load_schemas(schema_dir(root)), relpath, text)
    return text


def write_new(
    root: Path,
    relpath: str,
    data: dict[str, Any],
    *,
    commit: bool,
    subject: str,
    trailers: list[tuple[str, str]],
) -> str | None:
    path = root / relpath
    if path.exists():
        raise ClerkError(f"{relpath} exists already; nothing was written.")
    yamledit.atomic_write(path, render_new(root, relpath, data))
    if commit:
        message = gitrepo.trailers_message(subject, trailers)
        return gitrepo.commit(root, [relpath], message)
    return None


def apply(
    root: Path,
    change: Change,
    *,
    action: str,
    commit: bool = False,
    author: tuple[str, str] | None = None,
    schemas: SchemaSet | None = None,
    trailers: Sequence[tuple[str, str]] = (),
    body: str = "",
) -> Applied:
    """Edit the record through ruamel's round-trip mode so the diff is only the change.

    ``trailers`` and ``body`` add to the commit message (e.g. ``Clerk-Source`` per vote)."""
    if not change.changed:
        return Applied(change, change.ballot.file, wrote=False)
    source = root / change.ballot.file
    text = source.read_text(encoding="utf-8")
    doc = yamledit.load_roundtrip(text)
    change.edit(doc)
    new_text = yamledit.dump_minimal(text, doc)
    _check_written(schemas or load_schemas(schema_dir(root)), change.target_file, new_text)
    target = root / change.target_file
    moved = change.target_file != change.ballot.file
    if moved and target.exists():
        raise ClerkError(f"{change.target_file} exists already; {change.ballot.file} is unchanged.")
    yamledit.atomic_write(target, new_text)
    if moved:
        source.unlink()
    commit_id = None
    if commit:
        commit_id = gitrepo.commit(
            root,
            [change.target_file],
            message_for(change, action, trailers, body),
            author,
            removed=[change.ballot.file] if moved else (),
        )
    return Applied(change, change.target_file, wrote=True, commit=commit_id)
