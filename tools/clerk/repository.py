"""The repository index: every record file found, read, schema-checked and turned into records."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clerk import yamlio
from clerk.findings import ClerkError, Finding
from clerk.records import (
    BALLOTS_DIR,
    DEFAULT_RULES,
    GOVERNANCE_FILE,
    MEETINGS_DIR,
    MEMBERS_FILE,
    Ballot,
    Meeting,
    Roster,
    Rules,
)
from clerk.schema import SchemaSet, load_schemas, schema_dir

if TYPE_CHECKING:
    from clerk.tally import MeetingLog

RECORD_DIRS = (BALLOTS_DIR, MEETINGS_DIR)
_YEAR = re.compile(r"^\d{4}$")


def kind_of(relpath: str) -> str | None:
    """Which record kind a repository path holds, by where it is."""
    if relpath == GOVERNANCE_FILE:
        return "governance"
    if relpath == MEMBERS_FILE:
        return "members"
    top = relpath.split("/", 1)[0]
    if top == BALLOTS_DIR:
        return "ballot"
    if top == MEETINGS_DIR:
        return "meeting"
    return None


@dataclass
class Index:
    """All records of a repository, by id, and the findings met while loading them."""

    root: Path
    rules: Rules = DEFAULT_RULES
    roster: Roster = field(default_factory=Roster)
    ballots: list[Ballot] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    files_checked: int = 0
    # Ballot ids of files that failed to load, taken from their names, so that references to
    # them are not reported a second time.
    unloaded_ballots: set[str] = field(default_factory=set)
    _meeting_log: MeetingLog | None = field(default=None, repr=False)
    has_rules: bool = False
    has_roster: bool = False

    def ballot(self, ballot_id: str) -> Ballot | None:
        canonical = self.rules.ids.canonical(ballot_id)
        for ballot in self.ballots:
            if canonical and ballot.id == canonical:
                return ballot
            if not canonical and ballot.key in (ballot_id, f"drafts/{ballot_id}"):
                return ballot
        return None

    def is_voting_member(self, name: str | None) -> bool | None:
        """Whether the named organization is in a voting class: None when the roster does not
        know it or its class."""
        org = self.roster.org(name)
        if org is None or org.member_class is None:
            return None
        cls = self.rules.classes.get(org.member_class)
        return bool(cls and cls.votes)

    def meetings_sorted(self) -> list[Meeting]:
        return self.meeting_log.meetings

    @property
    def meeting_log(self) -> MeetingLog:
        """Meetings sorted by date, built once (the index does not change after loading)."""
        from clerk.tally import MeetingLog

        if self._meeting_log is None or len(self._meeting_log.meetings) != len(self.meetings):
            self._meeting_log = MeetingLog(self.meetings)
        return self._meeting_log

    def text(self, relpath: str) -> str | None:
        if relpath not in self.texts:
            try:
                self.texts[relpath] = (self.root / relpath).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None
        return self.texts[relpath]


def discover(root: Path) -> tuple[list[str], list[Finding]]:
    """Record files under the repository (tracked or not), as sorted POSIX relative paths."""
    found: list[str] = []
    findings: list[Finding] = []
    for name in (GOVERNANCE_FILE, MEMBERS_FILE):
        if (root / name).exists() or (root / name).is_symlink():
            found.append(name)
    for top in RECORD_DIRS:
        base = root / top
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for filename in sorted(filenames):
                if filename.startswith("."):
                    continue
                rel = Path(dirpath, filename).relative_to(root).as_posix()
                found.append(rel)
    return sorted(found), findings


def _within(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def read_file(root: Path, relpath: str) -> tuple[bytes | None, list[Finding]]:
    path = root / relpath
    if path.is_symlink() and not _within(root, path):
        return None, [
            Finding(
                file=relpath,
                line=1,
                column=1,
                check="file-symlink-outside",
                message=f"symbolic link to {os.readlink(path)}, outside the repository; "
                "replace it with the record itself.",
            )
        ]
    if not relpath.endswith(".yaml"):
        try:
            head = path.open("rb").read(8192)
        except OSError:
            head = b""
        check, what = (
            ("file-binary", "binary file") if b"\x00" in head else ("file-unexpected", "file")
        )
        return None, [
            Finding(
                file=relpath,
                line=1,
                column=1,
                check=check,
                message=f"{what} where only .yaml records belong; "
                "move it elsewhere or rename it to .yaml if it is a record.",
            )
        ]
    try:
        size = path.stat().st_size
        if size > yamlio.MAX_BYTES:
            return None, [yamlio.too_large(relpath, size)]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [
            Finding(
                file=relpath,
                line=1,
                column=1,
                check="file-unreadable",
                message=f"cannot read: {exc.strerror}",
            )
        ]


def load_index(root: Path, schemas: SchemaSet | None = None) -> Index:
    """Load and schema-check every record of the repository."""
    index = Index(root=root)
    files, findings = discover(root)
    index.findings.extend(findings)
    schemas = schemas or load_schemas(schema_dir(root))
    for relpath in files:
        kind = kind_of(relpath)
        if kind is None:
            continue
        index.files_checked += 1
        record = _load_record(index, schemas, kind, relpath)
        if record is not None:
            _add_record(index, kind, relpath, record)
        elif kind == "ballot":
            index.unloaded_ballots.add(Path(relpath).stem)
    return index


def _load_record(
    index: Index, schemas: SchemaSet, kind: str, relpath: str
) -> dict[str, Any] | None:
    """Read, parse and schema-check one file; its findings go to the index."""
    data, problems = read_file(index.root, relpath)
    if data is None:
        index.findings.extend(problems)
        return None
    loaded = yamlio.load_fast(relpath, data)
    if not loaded.ok:
        index.findings.extend(loaded.findings)
        return None
    if loaded.text is not None:
        index.texts[relpath] = loaded.text
    problems = _shape_findings(relpath, kind, loaded.data) or schemas.validate(
        kind, relpath, loaded.data
    )
    if problems:
        index.findings.extend(problems)
        return None
    return loaded.data


def _shape_findings(relpath: str, kind: str, data: Any) -> list[Finding]:
    if isinstance(data, dict):
        return []
    what = type(data).__name__.replace("str", "text").replace("list", "a list")
    return [
        Finding(
            file=relpath,
            line=1,
            column=1,
            check="schema",
            message=f"a {kind} record is a mapping of keys to values, not {what}.",
        )
    ]


def _add_record(index: Index, kind: str, relpath: str, data: dict[str, Any]) -> None:
    if kind == "governance":
        index.rules = Rules.from_data(data)
        index.has_rules = True
    elif kind == "members":
        index.roster = Roster.from_data(data)
        index.has_roster = True
    elif kind == "ballot":
        index.ballots.append(Ballot(relpath, data))
    elif kind == "meeting":
        index.meetings.append(Meeting(relpath, data))


def load_rules(root: Path) -> Rules:
    """governance.yaml alone, for commands that need only the rules (defaults if unreadable;
    clerk validate reports what is wrong with it)."""
    path = root / GOVERNANCE_FILE
    try:
        loaded = yamlio.load_fast(GOVERNANCE_FILE, path.read_bytes())
    except OSError:
        return DEFAULT_RULES
    if not loaded.ok or not isinstance(loaded.data, dict):
        return DEFAULT_RULES
    try:
        return Rules.from_data(loaded.data)
    except (KeyError, TypeError, ValueError, AttributeError):
        return DEFAULT_RULES


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
