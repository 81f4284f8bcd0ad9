"""Every call to the git CLI: commits with trailers, history, last activity, file moves."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
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


def resolve(root: Path, rev: str) -> str:
    """The commit id a revision names; a clear error when it names none."""
    out = git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False).strip()
    if not out:
        raise GitError(
            f"{rev!r} is not a commit in {root}; fetch it (fetch-depth: 0) or fix --base."
        )
    return out


def export_tree(root: Path, rev: str, dest: Path) -> None:
    """Write the files of a commit into dest (no .git), as `git archive | tar -x` would."""
    import io
    import tarfile

    done = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", rev],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise GitError(f"git archive {rev} failed: {done.stderr.decode(errors='replace').strip()}")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(dest, filter="data")


@dataclass(frozen=True)
class FileChange:
    status: str  # A, M, D, R (rename), T (type change)
    path: str  # the path at head (the old path for D)
    old_path: str | None = None  # the path at base, for R


def changed_files(root: Path, base: str, head: str | None) -> list[FileChange]:
    """Files changed from base to head (or to the work tree, untracked files included)."""
    args = ["diff", "--name-status", "-z", "-M", "--no-ext-diff", base]
    if head:
        args.append(head)
    out = git(root, *args)
    parts = out.split("\0")
    changes: list[FileChange] = []
    position = 0
    while position < len(parts) - 1:
        code = parts[position]
        if not code:
            break
        if code.startswith(("R", "C")):
            old, new = parts[position + 1], parts[position + 2]
            changes.append(FileChange(code[0], new, old))
            position += 3
        else:
            changes.append(FileChange(code[0], parts[position + 1]))
            position += 2
    if head is None:
        untracked = git(root, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
        changes += [FileChange("A", path) for path in untracked if path]
    return changes


def commit_time(root: Path, rev: str) -> datetime:
    stamp = git(root, "log", "-1", "--format=%cI", rev).strip()
    return datetime.fromisoformat(stamp).astimezone(UTC)


def last_commit_times(root: Path, paths: Sequence[str]) -> dict[str, datetime]:
    """The last commit time of each of `paths` that has one.

    One `git log` limited to exactly these paths (so that the commit-graph's changed-path Bloom
    filters skip the commits that touch none of them), read as it runs and stopped once every
    path is dated: recent records cost a few commits, not the whole history."""
    wanted = set(paths)
    times: dict[str, datetime] = {}
    if not wanted:
        return times
    args = ["git", "-C", str(root), "--literal-pathspecs", "-c", "core.quotePath=false", "log"]
    args += ["--format=\x1e%cI", "--name-only", "--no-renames", "--", *sorted(wanted)]
    try:
        process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH.") from exc
    assert process.stdout is not None
    with process:
        current: datetime | None = None
        for line in process.stdout:
            line = line.rstrip("\n")
            if line.startswith("\x1e"):
                current = datetime.fromisoformat(line[1:]).astimezone(UTC)
            elif current is not None and line in wanted:
                times.setdefault(line, current)
                if len(times) == len(wanted):
                    break
        process.kill()
    return times
