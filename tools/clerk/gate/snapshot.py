"""One revision of a records repository, read from Git objects alone.

Nothing of the revision is checked out or archived: the tree is listed with `git ls-tree -z` and
the records the gate needs are read with `git cat-file --batch`, so no `.gitattributes`, filter,
symbolic link or hook of a pull request has any say in what Clerk reads.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property
from pathlib import Path
from typing import Any

from clerk import gitrepo, yamlio
from clerk.codeowners import CODEOWNERS_FILE
from clerk.findings import Finding
from clerk.recordfiles import _shape_findings
from clerk.records import (
    BALLOTS_DIR,
    GOVERNANCE_FILE,
    MEETINGS_DIR,
    MEMBERS_FILE,
    Ballot,
    Meeting,
    Roster,
    Rules,
)
from clerk.repository import Index, kind_of
from clerk.schema import KINDS, PACKAGED_SCHEMAS, SchemaSet, load_schemas

SCHEMAS_DIR = "schemas"
MEETING_FILE = re.compile(r"meetings/(\d{4})/(\d{4})-(\d{2})-(\d{2})\.yaml")
# Files besides the records that some checks read from the repository's root.
ROOT_FILES = (GOVERNANCE_FILE, MEMBERS_FILE, CODEOWNERS_FILE)
LISTED = (BALLOTS_DIR, MEETINGS_DIR, SCHEMAS_DIR, *ROOT_FILES)
BALLOTS_PREFIX, MEETINGS_PREFIX = f"{BALLOTS_DIR}/", f"{MEETINGS_DIR}/"
LISTED_PREFIXES = (BALLOTS_PREFIX, MEETINGS_PREFIX, f"{SCHEMAS_DIR}/")


class Snapshot:
    """The record files of one tree, with their modes and blob ids, read on demand."""

    def __init__(
        self,
        root: Path,
        tree: str,
        reader: gitrepo.BlobReader,
        entries: dict[str, gitrepo.TreeEntry] | None = None,
    ) -> None:
        self.root = root
        self.tree = tree
        self.reader = reader
        if entries is None:
            listed = gitrepo.list_tree(root, tree, *LISTED)
            entries = {entry.path: entry for entry in listed}
        self.entries = entries
        # Paths read into this snapshot's index (one index per snapshot): each is read once.
        self._attempted: set[str] = set()

    def changed(self, tree: str, changes: list[gitrepo.RawChange]) -> Snapshot:
        """The snapshot of `tree`, which differs from this one by `changes` (git diff --raw):
        one listing of the repository serves both sides."""
        entries = dict(self.entries)
        for change in changes:
            if not change.path.startswith(LISTED_PREFIXES) and change.path not in ROOT_FILES:
                continue
            if change.new_mode == "000000":
                entries.pop(change.path, None)
            else:
                entries[change.path] = gitrepo.TreeEntry(
                    change.path, change.new_mode, change.new_blob
                )
        return Snapshot(self.root, tree, self.reader, entries)

    def blob(self, path: str) -> bytes | None:
        entry = self.entries.get(path)
        return self.reader.read(entry.blob) if entry else None

    @cached_property
    def _files_by_kind(self) -> dict[str, list[str]]:
        """Regular files by record kind (links and gitlinks are refused by the path policy)."""
        out: dict[str, list[str]] = {"ballot": [], "meeting": []}
        for path, entry in sorted(self.entries.items()):
            if entry.mode != gitrepo.REGULAR_FILE:
                continue
            if path.startswith(BALLOTS_PREFIX):
                out["ballot"].append(path)
            elif path.startswith(MEETINGS_PREFIX):
                out["meeting"].append(path)
        return out

    def ballot_files(self) -> list[str]:
        return list(self._files_by_kind["ballot"])

    def meeting_files(self) -> list[str]:
        return list(self._files_by_kind["meeting"])

    @cached_property
    def ballot_stems(self) -> frozenset[str]:
        """Every ballot file's name without .yaml (ids, and slugs of drafts)."""
        return frozenset(p.rsplit("/", 1)[-1].removesuffix(".yaml") for p in self.ballot_files())

    def dated_meetings(self) -> list[tuple[str, str]] | None:
        """(date, path) of every meeting, from file names alone; None if a name has no date."""
        out = []
        for path in self.meeting_files():
            match = MEETING_FILE.fullmatch(path)
            if match is None or match.group(1) != match.group(2):
                return None
            out.append((f"{match.group(2)}-{match.group(3)}-{match.group(4)}", path))
        return out

    def schemas(self, scratch: Path) -> SchemaSet:
        """The revision's own schemas/ when it has all of them, else the ones Clerk ships."""
        wanted = [f"{SCHEMAS_DIR}/{kind}.schema.json" for kind in KINDS]
        if not all(self.entries.get(p) for p in wanted):
            return load_schemas(PACKAGED_SCHEMAS)
        folder = scratch / SCHEMAS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for path in wanted:
            (scratch / path).write_bytes(self.blob(path) or b"")
        return load_schemas(folder)

    def index(
        self,
        scratch: Path,
        schemas: SchemaSet,
        records: list[str],
        like: tuple[Snapshot, Index] | None = None,
    ) -> Index:
        """An index of the rules, the roster and the named records only.

        Every other ballot file's name is recorded as known (`unloaded_ballots`), so that
        references and the next free number see the whole repository. `scratch` becomes the
        index's root: the few root files that checks read (the rules, the roster, CODEOWNERS)
        are written there from this revision's blobs. `like`: another snapshot's index whose
        rules and roster are reused when their blobs are the same as this revision's.
        """
        scratch.mkdir(parents=True, exist_ok=True)
        index = Index(root=scratch)
        for name in ROOT_FILES:
            data = self.blob(name)
            if data is not None:
                target = scratch / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        shared = [GOVERNANCE_FILE, MEMBERS_FILE]
        if like is not None and all(like[0].entries.get(p) == self.entries.get(p) for p in shared):
            other = like[1]
            index.rules, index.has_rules = other.rules, other.has_rules
            index.roster, index.has_roster = other.roster, other.has_roster
            index.files_checked += sum(p in self for p in shared)
            shared = []
        self.load_into(index, schemas, [*shared, *records])
        return index

    def load_into(self, index: Index, schemas: SchemaSet, paths: list[str]) -> None:
        """Read, check and add the named records (those this revision has) to the index; every
        other ballot file of the revision is known by name only."""
        wanted = [p for p in dict.fromkeys(paths) if p in self and p not in self._attempted]
        self._attempted.update(wanted)
        taken: dict[str, Ballot | Meeting | None] = {}
        for path in wanted:
            kind = kind_of(path) or ""
            index.files_checked += 1
            data = load_record(index, schemas, kind, path, self.blob(path) or b"")
            if kind == "governance" and data is not None:
                index.rules, index.has_rules = Rules.from_data(data), True
            elif kind == "members" and data is not None:
                index.roster, index.has_roster = Roster.from_data(data), True
            elif kind == "ballot":
                taken[path] = Ballot(path, data) if data is not None else None
            elif kind == "meeting":
                taken[path] = Meeting(path, data) if data is not None else None
        taken.update({path: None for path in self.ballot_files() if path not in self._attempted})
        index.take_records(taken)

    def meetings_before(self, days: set[str], count: int) -> list[str]:
        """The paths of the `count` meetings held before each of the given days (or of every
        meeting, when some meeting file's name does not give its date)."""
        dated = self.dated_meetings()
        if dated is None:
            return self.meeting_files()
        dates = [day for day, _ in dated]
        out: list[str] = []
        for day in sorted(days):
            position = bisect_left(dates, day)
            out += [path for _, path in dated[max(0, position - count) : position]]
        return out

    def __contains__(self, path: str) -> bool:
        return path in self.entries


def load_record(
    index: Index, schemas: SchemaSet, kind: str, path: str, data: bytes
) -> dict[str, Any] | None:
    """Parse and schema-check one record's bytes; its findings go to the index."""
    if len(data) > yamlio.MAX_BYTES:
        index.findings.append(yamlio.too_large(path, len(data)))
        return None
    loaded = yamlio.load_fast(path, data)
    if not loaded.ok:
        index.findings.extend(loaded.findings)
        return None
    if loaded.text is not None:
        index.texts[path] = loaded.text
    problems: list[Finding] = _shape_findings(path, kind, loaded.data) or schemas.validate(
        kind, path, loaded.data
    )
    if problems:
        index.findings.extend(problems)
        return None
    return loaded.data
