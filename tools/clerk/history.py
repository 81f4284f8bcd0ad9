"""A record's timeline from Git: every commit that changed it, and what changed, in words.

One `git log -p` process with whole-file context gives every version of the file, so each commit
is compared with the one before without a process per commit. Moves are followed by asking git
for the old path's history (see `record_history`), not with --follow, whose copy detection
mistakes a new record much like another for a copy of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from clerk import gitrepo
from clerk.records import DRAFTS_DIR

_FIELD_SEP = "\x1f"
_COMMIT_START = "\x1e"
_BALLOT_TRAILER = "Clerk-Ballot"
_SOURCE_TRAILER = "Clerk-Source"  # the post an imported commit's record came from
# Paths are file names, never patterns.
_LITERAL = {"GIT_LITERAL_PATHSPECS": "1"}
# Whole-file context: each patch then holds the complete old and new text.
_CONTEXT = "--unified=1000000"


@dataclass
class Entry:
    commit: str
    date: str
    author: str
    subject: str
    file: str
    changes: list[str] = field(default_factory=list)
    source: str | None = None  # the Clerk-Source trailer: the post the change came from

    def as_dict(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "date": self.date,
            "author": self.author,
            "subject": self.subject,
            "file": self.file,
            "changes": self.changes,
            "source": self.source,
        }


@dataclass
class Patch:
    commit: str
    date: str
    author: str
    subject: str
    trailers: str = ""
    source: str = ""
    file: str = ""
    old_lines: list[str] = field(default_factory=list)
    new_lines: list[str] = field(default_factory=list)
    deleted: bool = False
    created: bool = False
    has_hunk: bool = False


def _parse_log(out: str, split_files: bool = False) -> list[Patch]:
    """The patches of `git log -p` output: one per commit, or with `split_files` one per file
    a commit changed (several paths asked at once; renames off, so each diff is one path)."""
    patches: list[Patch] = []
    for chunk in out.split(_COMMIT_START)[1:]:
        header, _, body = chunk.partition("\n")
        fields = [*header.split(_FIELD_SEP, 5), "", "", "", "", ""][:6]
        commit, date, author, trailers, source, subject = fields
        patch = Patch(commit, date, author, subject, trailers=trailers, source=source.strip())
        in_hunk = False
        for line in body.split("\n"):
            if line.startswith("diff --git "):
                in_hunk = False
                if split_files:
                    if patch.file or patch.has_hunk or patch.deleted:
                        patches.append(patch)
                        patch = Patch(commit, date, author, subject, trailers, patch.source)
                    patch.file = _diff_path(line)
                continue
            if not in_hunk:
                if line.startswith("+++ "):
                    target = line[4:]
                    if target != "/dev/null":
                        patch.file = target[2:] if target.startswith("b/") else target
                elif line.startswith("--- ") and line[4:] == "/dev/null":
                    patch.created = True
                elif line.startswith("deleted file mode"):
                    patch.deleted = True
                elif line.startswith("rename to "):
                    patch.file = line[len("rename to ") :]
                elif line.startswith("@@"):
                    in_hunk = True
                    patch.has_hunk = True
                continue
            if line.startswith("\\"):
                continue  # "\ No newline at end of file"
            tag, text = line[:1], line[1:]
            if tag in (" ", "-"):
                patch.old_lines.append(text)
            if tag in (" ", "+"):
                patch.new_lines.append(text)
        patches.append(patch)
    return patches


def _diff_path(line: str) -> str:
    """The path of a `diff --git a/P b/P` line without renames (both sides the same path)."""
    rest = line[len("diff --git ") :]
    half = (len(rest) - 1) // 2
    return rest[2:half] if rest[:2] == "a/" else ""


def load_version(lines: list[str]) -> Any:
    import yaml_rs

    text = "\n".join(lines)
    if not text.strip():
        return None
    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except yaml_rs.YAMLDecodeError:
        return None


_MAX_RENAMES = 20


def start_log(root: Path, path: str, *args: str) -> gitrepo.Running:
    """The log of one path, started in the background (see `log_patches_apart`)."""
    return gitrepo.Running(root, ["log", *_log_options(), *args, "--", path], env=_LITERAL)


def log_patches_apart(
    root: Path, paths: Sequence[str], *args: str, started: Sequence[gitrepo.Running] = ()
) -> list[Patch]:
    """The patches of each path, one per file, newest commit first as one log of them all
    would give them. Git (2.39) uses a commit-graph's changed-path Bloom filters only when a
    log names a single path: one log of several paths reads the tree of every commit in the
    history. So git walks the history once per folder holding the paths (its filters know
    folders too: a year of meetings is usually one), listing the commits that touched them,
    and then shows only those commits, without walking. `started`: logs already running, from
    `start_log`, whose patches come first."""
    folders = sorted({path.rpartition("/")[0] for path in paths})
    listings = [
        gitrepo.Running(
            root, ["log", "--format=%x1e%H", "--name-only", *args, "--", folder], env=_LITERAL
        )
        for folder in folders
    ]
    running = [*started, *listings]
    try:
        outputs = [log.output() for log in started]
        wanted = set(paths)
        commits: list[str] = []
        for listing in listings:
            for block in listing.output().split("\x1e")[1:]:
                commit, _, names = block.partition("\n")
                if wanted & set(names.split("\n")):
                    commits.append(commit.strip())
        if commits:
            shown = ["log", "--no-walk=unsorted", *_log_options(), *args, *commits, "--", *paths]
            outputs.append(gitrepo.git(root, *shown, env=_LITERAL))
    finally:
        for log in running:
            log.stop()
    patches = [patch for out in outputs for patch in _parse_log(out, True)]
    order = {commit: rank for rank, commit in enumerate(_newest_first(root, patches))}
    patches.sort(key=lambda patch: order[patch.commit])
    return patches


def _newest_first(root: Path, patches: list[Patch]) -> list[str]:
    """The patches' commits in the order one log of them all gives: by commit time, newest
    first, and among commits made in the same second, a commit before its ancestors."""
    commits = list(dict.fromkeys(patch.commit for patch in patches))
    if len(commits) < 2:
        return commits
    listed = gitrepo.git(root, "rev-list", "--no-walk=sorted", "--timestamp", *commits).split()
    stamped = [(int(listed[n]), listed[n + 1]) for n in range(0, len(listed), 2)]
    ordered: list[str] = []
    for _, group in groupby(stamped, key=lambda pair: pair[0]):
        ordered += _descendants_first(root, [commit for _, commit in group])
    return ordered


def _descendants_first(root: Path, commits: list[str]) -> list[str]:
    """Commits made in the same second, each before its ancestors (git asked per pair)."""
    done: list[str] = []
    for commit in commits:
        at = len(done)
        for position, other in enumerate(done):
            if gitrepo.is_ancestor(root, other, commit):
                at = position
                break
        done.insert(at, commit)
    return done


def _log_options() -> list[str]:
    fmt = (
        f"{_COMMIT_START}%H{_FIELD_SEP}%aI{_FIELD_SEP}%an{_FIELD_SEP}"
        f"%(trailers:key={_BALLOT_TRAILER},valueonly,separator=%x1d){_FIELD_SEP}"
        f"%(trailers:key={_SOURCE_TRAILER},valueonly,separator=%x1d){_FIELD_SEP}%s"
    )
    return ["-p", _CONTEXT, "--no-color", "--no-ext-diff", f"--format={fmt}"]


def log_patches(root: Path, *args: str, split_files: bool = False) -> list[Patch]:
    out = gitrepo.git(root, "log", *_log_options(), *args, env=_LITERAL)
    return _parse_log(out, split_files)


def _renamed_from(root: Path, patch: Patch, relpath: str) -> str | None:
    """The path a record had before the commit that created it at `relpath`, when that commit
    moved it. Clerk's numbering commit says so in its Clerk-Ballot trailer, and the record keeps
    its draft's slug: that names the old path, and git confirms the move for those two paths."""
    if patch.trailers and patch.new_lines:
        data = load_version(patch.new_lines)
        slug = data.get("slug") if isinstance(data, dict) else None
        if isinstance(slug, str) and slug and "/" not in slug:
            draft = f"{DRAFTS_DIR}/{slug}.yaml"
            if _moved_to(root, patch.commit, relpath, draft, relpath) == draft:
                return draft
    # A move made by hand (git mv): the one commit's own renames.
    return _moved_to(root, patch.commit, relpath)


def _moved_to(root: Path, commit: str, relpath: str, *pathspec: str) -> str | None:
    """The old path of the rename to `relpath` in `commit`, if it has one."""
    out = gitrepo.git(
        root,
        "diff-tree",
        "-r",
        "-M",
        "--name-status",
        "-z",
        "--no-commit-id",
        commit,
        "--",
        *pathspec,
        check=False,
        env=_LITERAL,
    )
    fields = out.split("\0")
    for position, code in enumerate(fields[:-2]):
        if code.startswith("R") and fields[position + 2] == relpath:
            return fields[position + 1]
    return None


def record_history(root: Path, relpath: str) -> list[Entry]:
    """Newest first: every commit that changed the file, following the moves that created it.

    Each `git log` names exact paths and no --follow, so a commit-graph with changed-path Bloom
    filters (`git commit-graph write --reachable --changed-paths`) spares git opening the trees
    of commits that did not touch the record."""
    return follow_moves(root, relpath, log_patches(root, "--no-renames", "--", relpath))


def follow_moves(root: Path, relpath: str, patches: list[Patch]) -> list[Entry]:
    """The entries of the record's own patches (newest first), and before them those of the
    path it was moved from, when the commit that created it moved it."""
    path = relpath
    for _ in range(_MAX_RENAMES):
        if not patches or not patches[-1].created:
            break
        creation = patches[-1]
        old = _renamed_from(root, creation, path)
        if old is None or old == path:
            break
        moved = log_patches(root, "-1", "-M", creation.commit, "--", old, path)
        earlier = log_patches(root, "--no-renames", f"{creation.commit}^", "--", old)
        if not moved:
            break
        patches[-1:] = [moved[0], *earlier]
        path = old
    return [_entry(patch, relpath) for patch in patches]


def _entry(patch: Patch, relpath: str) -> Entry:
    old = None if patch.created else load_version(patch.old_lines)
    new = None if patch.deleted else load_version(patch.new_lines)
    if not patch.has_hunk:
        changes = ["renamed"] if patch.file else ["no change to the text"]
    else:
        changes = describe(old, new)
    return Entry(
        patch.commit,
        patch.date,
        patch.author,
        patch.subject,
        patch.file or relpath,
        changes,
        patch.source or None,
    )


def _who(entry: dict[str, Any]) -> str:
    org = entry.get("org")
    return f"{entry.get('name')} ({org})" if org else str(entry.get("name"))


def describe(old: Any, new: Any) -> list[str]:
    """What changed between two versions of a record, in words."""
    if new is None and old is None:
        return ["unreadable version"]
    if old is None:
        status = new.get("status") if isinstance(new, dict) else None
        return [f"created (status {status})" if status else "created"]
    if new is None:
        return ["deleted"]
    if not isinstance(old, dict) or not isinstance(new, dict):
        return ["changed"]
    changes: list[str] = []
    if old.get("id") != new.get("id") and new.get("id"):
        changes.append(f"numbered {new['id']}")
    if old.get("status") != new.get("status"):
        changes.append(f"status {old.get('status')} -> {new.get('status')}")
    old_versions = {v.get("version") for v in old.get("versions") or []}
    for version in new.get("versions") or []:
        if version.get("version") not in old_versions:
            when = f" ({version['posted']})" if version.get("posted") else ""
            changes.append(f"version {version.get('version')} posted{when}")
    old_endorsers = {e.get("name") for e in old.get("endorsers") or []}
    for endorser in new.get("endorsers") or []:
        if endorser.get("name") not in old_endorsers:
            changes.append(f"endorsed by {_who(endorser)}")
    new_names = {e.get("name") for e in new.get("endorsers") or []}
    for name in sorted(n for n in old_endorsers - new_names if n):
        changes.append(f"endorsement by {name} removed")
    new_round = len(new.get("rounds") or []) > len(old.get("rounds") or [])
    if new_round:  # a Second Vote: the earlier round's votes and result are kept in `rounds`
        number = len(new.get("rounds") or [])
        changes.append(f"round {number} (votes, result, review, notices) kept in rounds")
    else:
        changes += _vote_changes(old.get("votes") or [], new.get("votes") or [])
        for notice in (new.get("exclusion_notices") or [])[
            len(old.get("exclusion_notices") or []) :
        ]:
            changes.append(f"Exclusion Notice from {notice.get('org')}")
    if new.get("result") and old.get("result") != new.get("result"):
        changes.append(_result_change(old.get("result"), new["result"]))
    if new.get("review") and old.get("review") != new.get("review"):
        review = new["review"]
        end = f" to {review['end']}" if review.get("end") else " (no end recorded)"
        changes.append(f"review {review.get('start')}{end}")
    if new.get("pag") and old.get("pag") != new.get("pag"):
        changes.append(f"Patent Advisory Group conclusion recorded by {new['pag'].get('by')}")
    described = {"id", "status", "versions", "endorsers", "votes", "result", "exclusion_notices"}
    described |= {"review", "pag"} | (
        {"rounds", "discussion", "voting", "rules"} if new_round else set()
    )
    others = sorted(
        k for k in set(old) | set(new) if k not in described and old.get(k) != new.get(k)
    )
    if others:
        changes.append(f"changed: {', '.join(others)}")
    return changes or ["no change to the data (formatting or comments)"]


def _result_change(old: Any, new: dict[str, Any]) -> str:
    """A result stored, or what changed in one already stored (a quorum counted again)."""
    if not isinstance(old, dict) or old.get("outcome") != new.get("outcome"):
        return f"result stored: {new.get('outcome')}"
    changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    said = [
        f"{k} {old.get(k)} -> {new.get(k)}"
        if not isinstance(new.get(k), dict | list) and not isinstance(old.get(k), dict | list)
        else k
        for k in changed
    ]
    return f"result ({new.get('outcome')}) changed: {', '.join(said)}"


def _vote_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    before = {v.get("org"): v for v in old if v.get("vote")}
    after = {v.get("org"): v for v in new if v.get("vote")}
    out = []
    for org, vote in after.items():
        previous = before.get(org)
        by = f" (by {vote['by']})" if vote.get("by") else ""
        if previous is None:
            out.append(f"{org} voted {vote.get('vote')}{by}")
        elif previous.get("vote") != vote.get("vote"):
            out.append(
                f"{org} changed its vote from {previous.get('vote')} to {vote.get('vote')}{by}"
            )
    for org in before:
        if org not in after:
            out.append(f"vote of {org} removed")
    return out
