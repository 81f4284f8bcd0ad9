"""Every call to the git CLI: commits with trailers, history, last activity, file moves."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
    """A git command's output, once it has ended; with `check`, a failure is a GitError."""
    return Running(root, args, env, stdin).output(check)


def spawn(
    root: Path, args: Sequence[str], env: dict[str, str] | None = None, **options: Any
) -> subprocess.Popen[Any]:
    """`git -C root ARGS` started, with `options` for Popen; git missing is a GitError."""
    try:
        return subprocess.Popen(
            ["git", "-C", str(root), *args], env={**os.environ, **(env or {})}, **options
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH.") from exc


class Running:
    """A git command started in the background; `output()` waits for it (text, or bytes with
    `text=False`, for -z listings whose names need not be text)."""

    def __init__(
        self,
        root: Path,
        args: Sequence[str],
        env: dict[str, str] | None = None,
        stdin: str | None = None,
        text: bool = True,
    ) -> None:
        self.args = list(args)
        self.stdin = stdin
        self.process = spawn(
            root,
            args,
            env,
            stdin=subprocess.PIPE if stdin is not None else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=text,
        )

    def output(self, check: bool = True) -> Any:
        out, err = self.process.communicate(self.stdin)
        if check and self.process.returncode != 0:
            said = err or out
            detail = (said.decode(errors="replace") if isinstance(said, bytes) else said).strip()
            raise GitError(f"git {' '.join(self.args[:2])} failed: {detail}")
        return out

    def succeeded(self) -> bool:
        self.output(check=False)
        return self.process.returncode == 0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    """Whether `older` is `newer` or one of its ancestors."""
    return Running(root, ["merge-base", "--is-ancestor", older, newer]).succeeded()


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
    date: datetime | None = None,
) -> str:
    """Stage the given paths (and removals) and commit them alone; returns the new commit id.
    With `date` (history imported from posts), the author date is the act's; the committer date
    stays the real time of the commit, so committer dates follow the graph as git's own walks
    (`rev-list A..B`, date-ordered logs, commit-graph generations) assume."""
    if removed:
        git(root, "rm", "-q", "--cached", "--ignore-unmatch", "--", *removed)
    git(root, "add", "--", *paths)
    env = {}
    if date is not None:
        stamp = date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
        env = {"GIT_AUTHOR_DATE": stamp}
    if author:
        name, email = author
        env |= {
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


# --- reading a change as Git objects (never a checkout, never `git archive`) -----------------

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
REGULAR_FILE = "100644"


@dataclass(frozen=True)
class RawChange:
    """One entry of `git diff --raw -z --no-renames`: a path, its modes and blobs on both sides."""

    status: str  # A, M, D or T (type change); renames come as D + A
    path: str  # exactly as git stores it: a CR or LF in a name is part of the name
    old_mode: str  # "000000" when the path is new
    new_mode: str  # "000000" when the path is gone
    old_blob: str
    new_blob: str


def diff_raw(root: Path, base: str, head: str) -> list[RawChange]:
    """The paths that differ between two tree-ish revisions, with modes and blob ids.

    NUL-separated (`-z`), so no name is quoted or cut; renames are not guessed (`--no-renames`):
    a moved record is a deletion plus an addition, judged on its own. No attribute, text
    conversion or external diff is consulted: `--raw` reads the trees alone.
    """
    out = git_bytes(
        root,
        "diff",
        "--raw",
        "-z",
        "--no-renames",
        "--no-ext-diff",
        "--no-textconv",
        "--abbrev=40",
        base,
        head,
        "--",
    )
    parts = out.split(b"\0")
    changes: list[RawChange] = []
    position = 0
    while position + 1 < len(parts) and parts[position]:
        meta = parts[position].decode("ascii").lstrip(":").split()
        old_mode, new_mode, old_blob, new_blob, status = meta[:5]
        path = parts[position + 1].decode("utf-8", errors="surrogateescape")
        changes.append(RawChange(status[0], path, old_mode, new_mode, old_blob, new_blob))
        position += 2
    return changes


@dataclass(frozen=True)
class TreeEntry:
    path: str
    mode: str
    blob: str


def list_tree(root: Path, rev: str, *folders: str) -> list[TreeEntry]:
    """Every entry under the given folders (or the whole tree) of a revision, recursively."""
    out = git_bytes(root, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *folders)
    entries = []
    for item in out.decode("utf-8", errors="surrogateescape").split("\0"):
        if item:
            meta, _, name = item.partition("\t")  # "<mode> <type> <object id>\t<path>"
            entries.append(TreeEntry(name, meta[:6], meta.rpartition(" ")[2]))
    return entries


class BlobReader:
    """Reads blobs by id through one long-lived `git cat-file --batch` process, each blob once.

    Requests go one at a time (write an id, read its answer), so neither pipe can fill up and
    block the other side. Use it as a context manager, or call close().
    """

    def __init__(self, root: Path) -> None:
        self._root = root
        self._cache: dict[str, bytes] = {}
        self._proc: subprocess.Popen[bytes] | None = None

    def _process(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            self._proc = spawn(
                self._root,
                ["cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        return self._proc

    def read(self, blob: str) -> bytes:
        if blob not in self._cache:
            proc = self._process()
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(f"{blob}\n".encode("ascii"))
            proc.stdin.flush()
            header = proc.stdout.readline().decode("ascii", errors="replace").split()
            if len(header) < 3 or header[1] in ("missing", "ambiguous"):
                raise GitError(f"object {blob} is missing from the repository; fetch it.")
            size = int(header[2])
            self._cache[blob] = proc.stdout.read(size)
            proc.stdout.read(1)  # the newline after the content
        return self._cache[blob]

    def read_many(self, blobs: Sequence[str]) -> dict[str, bytes]:
        return {blob: self.read(blob) for blob in blobs}

    def close(self) -> None:
        if self._proc is not None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait()
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def worktree_tree(root: Path) -> str:
    """A tree object of the work tree as it is (untracked files included, ignored ones not),
    built in a temporary index so that the real index and HEAD are untouched."""
    with tempfile.TemporaryDirectory(prefix="clerk-index-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp, "index"))}
        if git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip():
            git(root, "read-tree", "HEAD", env=env)
        git(root, "add", "-A", "--", ".", env=env)
        return git(root, "write-tree", env=env).strip()


def git_bytes(root: Path, *args: str) -> bytes:
    """A git command's raw output (for -z listings, whose names need not be text)."""
    return Running(root, args, text=False).output()


def last_commit_times(root: Path, paths: Sequence[str]) -> dict[str, datetime]:
    """The last commit time of each of `paths` that has one.

    One `git log`, read as it runs and stopped once every path is dated: recent records cost a
    few commits, not the whole history. It is limited to the one path, or to the folders that
    hold several (drafts share one): git (2.39) uses the commit-graph's changed-path Bloom
    filters, which skip the commits that touch none of them, only for a single pathspec."""
    wanted = set(paths)
    times: dict[str, datetime] = {}
    if not wanted:
        return times
    limits = wanted if len(wanted) == 1 else {path.rpartition("/")[0] or "." for path in wanted}
    args = ["--literal-pathspecs", "-c", "core.quotePath=false", "log"]
    args += ["--format=\x1e%cI", "--name-only", "--no-renames", "--", *sorted(limits)]
    process = spawn(root, args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
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
