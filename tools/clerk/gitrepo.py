"""Every call to the git CLI: commits with trailers, history, last activity, file moves."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from clerk.findings import ClerkError


class GitError(ClerkError):
    """A git command failed; the message carries git's own words."""


def git(
    root: Path,
    *args: str,
    env: dict[str, str] | None = None,
    check: bool = True,
    stdin: str | None = None,
) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH.") from exc
    if check and done.returncode != 0:
        detail = done.stderr.strip() or done.stdout.strip()
        raise GitError(f"git {' '.join(args[:2])} failed: {detail}")
    return done.stdout


def is_repository(root: Path) -> bool:
    return git(root, "rev-parse", "--is-inside-work-tree", check=False).strip() == "true"


def trailers_message(subject: str, trailers: Sequence[tuple[str, str]], body: str = "") -> str:
    lines = [subject, ""]
    if body:
        lines += [body, ""]
    lines += [f"{key}: {value}" for key, value in trailers]
    return "\n".join(lines) + "\n"


def commit(
    root: Path,
    paths: Sequence[str],
    message: str,
    author: tuple[str, str] | None = None,
    removed: Sequence[str] = (),
) -> str:
    """Stage the given paths (and removals) and commit them alone; returns the new commit id."""
    if removed:
        git(root, "rm", "-q", "--cached", "--ignore-unmatch", "--", *removed)
    git(root, "add", "--", *paths)
    env = {}
    if author:
        name, email = author
        env = {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
        }
    git(root, "commit", "-q", "--file", "-", "--", *paths, *removed, env=env, stdin=message)
    return git(root, "rev-parse", "HEAD").strip()
