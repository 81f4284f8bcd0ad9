"""A ballot's timeline: the changes to its record and the meetings that mention it, by date.

Each entry is dated by its commit's author date, the time of the act it records: Clerk's own
moves are authored at the move, and `clerk import --history` authors each post's commit at the
post's date (committing it at the real time of the import). The meetings are the records under
`meetings/` that now mention the ballot, in their ballot status list or their `mentions`; each of
their commits that changed what the record says of the ballot is an entry.

A commit that wrote the record before back-dated posts were imported onto it (no `Clerk-Source:`
trailer, authored later than a post that git's graph puts after it) would read as if it came
after them: such commits are kept apart, in git's order, as record-keeping.

Git is asked once, for exact paths (the ballot's file and the meetings found by `git grep`), never
with --follow, so a commit-graph with changed-path Bloom filters keeps it fast on long histories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from clerk import gitrepo
from clerk.history import (
    Entry,
    Patch,
    follow_moves,
    load_version,
    log_patches_apart,
    start_log,
)
from clerk.ids import IdFormat
from clerk.records import MEETINGS_DIR

RECORD = "record"  # a change to the ballot's own record
MEETING = "meeting"  # a meeting record that mentions the ballot


@dataclass
class TimelineEntry:
    kind: str  # RECORD or MEETING
    date: str  # the author date: when the act happened
    commit: str
    author: str
    subject: str
    file: str
    details: list[str] = field(default_factory=list)  # what changed, or what the meeting says
    source: str | None = None  # the Clerk-Source trailer: the post it came from
    meeting: str | None = None  # the meeting's date, for a meeting entry

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "date": self.date,
            "commit": self.commit,
            "author": self.author,
            "subject": self.subject,
            "file": self.file,
            "details": self.details,
            "source": self.source,
            "meeting": self.meeting,
        }


@dataclass
class Timeline:
    file: str
    history: list[Entry]  # the record's own commits, newest first (git's order)
    entries: list[TimelineEntry]  # oldest first, by author date
    record_keeping: list[TimelineEntry]  # out of date order, kept apart; oldest first (git's)


def ballot_timeline(root: Path, relpath: str, ballot_id: str | None, ids: IdFormat) -> Timeline:
    """The timeline of the record at `relpath`; with a ballot id, the meetings that mention it."""
    own = start_log(root, relpath, "--no-renames")  # runs while git grep looks for meetings
    try:
        meetings = mentioning_meetings(root, ballot_id, ids) if ballot_id else []
    except BaseException:
        own.stop()
        raise
    patches = log_patches_apart(root, meetings, "--no-renames", started=[own])
    history = follow_moves(root, relpath, [p for p in patches if p.file not in meetings])
    record = [_from_entry(e) for e in reversed(history)]
    dated = _dated_in_order(record)
    apart = [e for e in record if e not in dated]
    for path in meetings:
        ordered = list(reversed([p for p in patches if p.file == path]))
        said = _meeting_entries(ordered, ballot_id or "", ids)
        in_order = _dated_in_order(said)
        dated += _latest_readings(in_order)
        apart += [e for e in said if e not in in_order]
    # By date; at the same instant, the commit git puts first (its graph order) comes first.
    rank = {patch.commit: len(patches) - n for n, patch in enumerate(patches)}
    dated.sort(key=lambda e: (_when(e), rank.get(e.commit, 0)))
    return Timeline(relpath, history, dated, apart)


def mentioning_meetings(root: Path, ballot_id: str, ids: IdFormat) -> list[str]:
    """Meeting files that now mention the ballot: `git grep` finds the candidates by any
    spelling of the id, and their records confirm it."""
    number = ids.number(ballot_id)
    if number is None or not ids.prefix.isalnum():
        return []
    out = _grep(root, ids.prefix, number)
    found = []
    for path in sorted(p for p in out.split("\0") if p.endswith(".yaml")):
        if (root / path).is_symlink():
            continue  # a record is a plain file; a link could point out of the repository
        try:
            text = (root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if what_it_says(load_version(text.splitlines()), ballot_id, ids):
            found.append(path)
    return found


def _grep(root: Path, prefix: str, number: int) -> str:
    """The meeting files naming the id in any spelling: a Perl regex where git has them (about
    three times faster), else an extended one."""
    pcre = f"(?i){prefix}[\\s_-]*0*{number}(?![0-9])"
    ere = f"{prefix}[[:space:]_-]*0*{number}([^0-9]|$)"
    for flags, pattern in ((["-P"], pcre), (["-i", "-E"], ere)):
        try:
            return gitrepo.git(root, "grep", "-l", "-z", *flags, "-e", pattern, "--", MEETINGS_DIR)
        except gitrepo.GitError as exc:
            if "Perl" not in exc.message and "PCRE" not in exc.message:
                return ""  # nothing found (exit 1), or no work tree to search
    return ""


def what_it_says(record: Any, ballot_id: str, ids: IdFormat) -> list[str]:
    """What a meeting record says of the ballot: its status-list entries and its mentions."""
    if not isinstance(record, dict):
        return []
    said = []
    for update in record.get("ballots") or []:
        if not isinstance(update, dict) or ids.canonical(str(update.get("ballot", ""))) != (
            ballot_id
        ):
            continue
        words = "in the ballot status list"
        if update.get("status"):
            words += f" ({update['status']})"
        if update.get("owner"):
            words += f", owner {update['owner']}"
        if update.get("note"):
            words += f": {update['note']}"
        said.append(words)
    mentions = record.get("mentions") or []
    if any(ids.canonical(str(m)) == ballot_id for m in mentions if m is not None):
        said.append("mentioned in the minutes")
    return said


def _meeting_entries(patches: list[Patch], ballot_id: str, ids: IdFormat) -> list[TimelineEntry]:
    """Oldest first: the commits of one meeting file that changed what it says of the ballot."""
    entries = []
    before: list[str] = []
    for patch in patches:
        new = None if patch.deleted else load_version(patch.new_lines)
        said = what_it_says(new, ballot_id, ids)
        if said == before:
            continue
        details = said or [f"no longer mentions {ballot_id}"]
        day = new.get("date") if isinstance(new, dict) else None
        entries.append(
            TimelineEntry(
                MEETING,
                patch.date,
                patch.commit,
                patch.author,
                patch.subject,
                patch.file,
                details,
                patch.source or None,
                str(day) if day else None,
            )
        )
        before = said
    return entries


def _latest_readings(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Of entries in a row from the same post (imported again, read more fully), the last."""
    kept: list[TimelineEntry] = []
    for entry in entries:
        if kept and entry.source and kept[-1].source == entry.source:
            kept.pop()
        kept.append(entry)
    return kept


def _from_entry(entry: Entry) -> TimelineEntry:
    return TimelineEntry(
        RECORD,
        entry.date,
        entry.commit,
        entry.author,
        entry.subject,
        entry.file,
        entry.changes,
        entry.source,
    )


def _dated_in_order(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """The entries (oldest first in git's order) whose dates can be trusted to place them:
    all but those without a source authored after a sourced entry git puts later."""
    kept: list[TimelineEntry] = []
    earliest_later: datetime | None = None
    for entry in reversed(entries):
        when = _when(entry)
        if entry.source is None and earliest_later is not None and when > earliest_later:
            continue
        if entry.source is not None:
            earliest_later = when if earliest_later is None else min(earliest_later, when)
        kept.append(entry)
    kept.reverse()
    return kept


def _when(entry: TimelineEntry) -> datetime:
    return datetime.fromisoformat(entry.date)

