"""The repository index: record files found, read, schema-checked and turned into records.

Two ways in. `load_index` reads every record (what `clerk validate` and `check-pr` need).
`open_index` reads the rules and the roster only; a ballot asked for by id, and the meetings a
quorum needs, are read when first asked for, and `ballots` or `meetings` read the rest when a
command needs them all. A lazy index finds records by their file names, which `clerk validate`
keeps honest (ballot-file-name, meeting-file-name); when a name does not lead to the record, it
reads everything, as `load_index` does.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clerk.brief import LEAVE_OUT
from clerk.findings import ClerkError, Finding
from clerk.forkload import load_split
from clerk.index_facts import IndexFacts
from clerk.recordfiles import (  # noqa: F401  (kind_of, read_file, load_rules: used from here too)
    RECORD_DIRS,
    Found,
    discover,
    kind_of,
    load_record,
    load_rules,
    read_file,
)
from clerk.records import (
    BALLOTS_DIR,
    DEFAULT_RULES,
    DRAFTS_DIR,
    GOVERNANCE_FILE,
    MEETINGS_DIR,
    MEMBERS_FILE,
    Ballot,
    Meeting,
    Roster,
    Rules,
)
from clerk.schema import SchemaSet, load_schemas, schema_dir
from clerk.tally import MeetingLog

Record = Ballot | Meeting


@contextmanager
def collector_paused(freeze: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector while records are built or checked: the index and the
    checks make hundreds of thousands of containers and no cycles, and each collection would
    walk all of them again. With `freeze`, what was built is kept out of later collections
    (records stay; the checks' own objects are passing, so they are not frozen)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


@dataclass
class Index(IndexFacts):
    """Records of a repository, by id, and the findings met while loading them."""

    root: Path
    rules: Rules = DEFAULT_RULES
    roster: Roster = field(default_factory=Roster)
    findings: list[Finding] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    files_checked: int = 0
    has_rules: bool = False
    has_roster: bool = False
    _schemas: SchemaSet | None = field(default=None, repr=False)
    # Every file read so far: its record, or None when it did not load.
    _loaded: dict[str, Record | None] = field(default_factory=dict, repr=False)
    _ballots: list[Ballot] | None = field(default=None, repr=False)
    _meetings: list[Meeting] | None = field(default=None, repr=False)
    _meeting_log: MeetingLog | None = field(default=None, repr=False)
    # board and stale: leave out what they never show (see clerk.brief).
    brief: bool = False
    _whole: dict[str, Record | None] = field(default_factory=dict, repr=False)
    # validate PATH: the files whose checks run (None: every file).
    scope: frozenset[str] | None = None
    _known_ids: set[str] | None = field(default=None, repr=False)
    _by_id: dict[str, list[Ballot]] | None = field(default=None, repr=False)
    _meeting_dates: set[str] | None = field(default=None, repr=False)
    _voting: dict[str, bool | None] = field(default_factory=dict, repr=False)
    _voting_of: tuple[int, int] = field(default=(0, 0), repr=False)

    # --- everything -------------------------------------------------------------------------

    @property
    def ballots(self) -> list[Ballot]:
        """Every ballot that loaded, in file order (reads them all on first use)."""
        if self._ballots is None:
            self._ballots = [r for r in self._load_dir(BALLOTS_DIR) if isinstance(r, Ballot)]
        return self._ballots

    @property
    def meetings(self) -> list[Meeting]:
        """Every meeting that loaded, in file order (reads them all on first use)."""
        if self._meetings is None:
            self._meetings = [r for r in self._load_dir(MEETINGS_DIR) if isinstance(r, Meeting)]
            self._meeting_log = None
        return self._meetings

    @property
    def unloaded_ballots(self) -> set[str]:
        """Ballot ids of files that failed to load, taken from their names, so that references
        to them are not reported a second time."""
        self.ballots  # noqa: B018  (reads them all)
        return {
            Path(relpath).stem
            for relpath, record in self._loaded.items()
            if record is None and kind_of(relpath) == "ballot"
        }

    @property
    def read_files(self) -> list[str]:
        """Every file read so far, sorted."""
        return sorted(self._loaded.keys() | self._whole.keys())

    @property
    def complete(self) -> bool:
        return self._ballots is not None and self._meetings is not None

    def load_all(self) -> None:
        """Read every record file not read yet: `ballots` and `meetings` are then complete, and
        `findings` holds every loading finding (files outside the record folders included)."""
        files, findings = discover(self.root)
        self.findings.extend(findings)
        self.files_checked = sum(1 for relpath in files if kind_of(relpath))
        self.ballots  # noqa: B018
        self.meetings  # noqa: B018

    def _load_dir(self, top: str) -> list[Record]:
        files, _ = discover(self.root, (top,))
        unread = [relpath for relpath in files if relpath not in self._loaded]
        found = Found(self.findings, self.texts)
        with collector_paused():
            for relpath, data in load_split(unread, self._read_brief_or_whole, found):
                self._loaded[relpath] = _as_record(relpath, data)
        return list(self._records(files))

    def _read_brief_or_whole(self, relpath: str, found: Found) -> Any:
        return self._read(relpath, found, cut=self.brief)

    def _read(self, relpath: str, found: Found, cut: bool) -> Any:
        """One ballot or meeting file's data (without votes and attendance when `cut`), or None
        with its findings in `found`."""
        kind = kind_of(relpath)
        leave_out = LEAVE_OUT[kind] if cut and kind else ()
        return load_record(self.root, self.schemas, kind or "", relpath, found, leave_out)

    def _records(self, files: Iterable[str]) -> Iterator[Record]:
        for relpath in files:
            record = self._loaded.get(relpath)
            if record is not None:
                yield record

    # --- one at a time ----------------------------------------------------------------------

    @property
    def schemas(self) -> SchemaSet:
        if self._schemas is None:
            self._schemas = load_schemas(schema_dir(self.root))
        return self._schemas

    def record(self, relpath: str, whole: bool = False) -> Record | None:
        """The ballot or meeting in one file, read and schema-checked once; None when it does
        not load (its findings are in `findings`) or the path holds no ballot or meeting.
        A brief index leaves out votes and attendance unless `whole` is asked for."""
        cut = self.brief and not whole
        cache = self._loaded if cut or not self.brief else self._whole
        if relpath in cache:
            return cache[relpath]
        kind = kind_of(relpath)
        if kind not in ("ballot", "meeting"):
            return None
        if any(part.startswith(".") for part in relpath.split("/")):
            return None  # as discover() skips them
        data = self._read(relpath, Found(self.findings, self.texts), cut)
        cache[relpath] = record = _as_record(relpath, data)
        return record

    def whole(self, record: Record) -> Record:
        """The record with everything in it (a brief index's records lack votes, attendance)."""
        if not self.brief:
            return record
        return self.record(record.file, whole=True) or record

    def ballot(self, ballot_id: str) -> Ballot | None:
        """The ballot an id (any spelling) or drafts/SLUG names. A lazy index reads the file
        the id names; only when that is not the ballot does it read them all."""
        canonical = self.rules.ids.canonical(ballot_id)
        if self._ballots is None:
            path = self._ballot_path(ballot_id, canonical)
            found = self.record(path) if path else None
            if isinstance(found, Ballot) and _names(found, ballot_id, canonical):
                return found
        for ballot in self.ballots:
            if _names(ballot, ballot_id, canonical):
                return ballot
        return None

    def _ballot_path(self, ballot_id: str, canonical: str | None) -> str | None:
        if canonical:
            path = f"{BALLOTS_DIR}/{canonical}.yaml"
        else:
            slug = ballot_id.removeprefix("drafts/")
            if not slug or "/" in slug or slug.startswith("."):
                return None
            path = f"{DRAFTS_DIR}/{slug}.yaml"
        target = self.root / path
        return path if target.is_file() or target.is_symlink() else None

    def take_records(self, loaded: dict[str, Record | None]) -> None:
        """Records read elsewhere (check-pr reads them from Git objects, not from `root`): the
        index then holds these and no others. None marks a ballot file that exists but was not
        read, so that its id is still known (references, the next free number)."""
        self._loaded.update(loaded)
        records = [self._loaded[path] for path in sorted(self._loaded)]
        self._ballots = [r for r in records if isinstance(r, Ballot)]
        self._meetings = [r for r in records if isinstance(r, Meeting)]
        self._meeting_log = None
        self.forget_derived()

    def text(self, relpath: str) -> str | None:
        """A file's text as the loader decoded it (read again unless it had findings)."""
        if relpath not in self.texts:
            try:
                self.texts[relpath] = (self.root / relpath).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                return None
        return self.texts[relpath]


def _as_record(relpath: str, data: dict[str, Any] | None) -> Record | None:
    if data is None:
        return None
    return Ballot(relpath, data) if kind_of(relpath) == "ballot" else Meeting(relpath, data)


def _names(ballot: Ballot, ballot_id: str, canonical: str | None) -> bool:
    if canonical:
        return ballot.id == canonical
    return ballot.key in (ballot_id, f"drafts/{ballot_id}")


def open_index(root: Path, schemas: SchemaSet | None = None, brief: bool = False) -> Index:
    """The rules and the roster, read and schema-checked; other records are read on demand,
    without their votes and attendance when `brief` (for listings: see clerk.brief)."""
    index = Index(root=root, _schemas=schemas, brief=brief)
    for relpath, kind in ((GOVERNANCE_FILE, "governance"), (MEMBERS_FILE, "members")):
        if not (root / relpath).exists() and not (root / relpath).is_symlink():
            continue
        data = load_record(root, index.schemas, kind, relpath, Found(index.findings, index.texts))
        index._loaded[relpath] = None
        if data is None:
            continue
        if kind == "governance":
            index.rules = Rules.from_data(data)
            index.has_rules = True
        else:
            index.roster = Roster.from_data(data)
            index.has_roster = True
    return index


def load_index(root: Path, schemas: SchemaSet | None = None) -> Index:
    """Load and schema-check every record of the repository."""
    index = open_index(root, schemas)
    index.load_all()
    return index


def find_root(start: Path) -> Path:
    """The Git top level of `start`, or `start` itself when it is not in a work tree."""
    current = start.resolve()
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return candidate
    if (current / GOVERNANCE_FILE).exists():
        return current
    raise ClerkError(
        f"{start}: not inside a Git repository with Clerk records; "
        "pass --repo DIR or run clerk in the records repository."
    )
