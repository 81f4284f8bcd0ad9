"""`clerk check-pr`: judge the change from base to head, read as Git objects, on the trusted clock.

1. The changed paths, with modes and blob ids, come from `git diff --raw -z` (paths.py decides
   which of them anyone but the chairs may touch).
2. Only the changed records are read (`git cat-file --batch`) at base and head, with the rules,
   the roster and the meetings that set the quorum of the ballots concerned (snapshot.py). When
   the rules, the roster, the schemas or a meeting change, every record of the head is checked.
3. The head's changed records are validated: schema and the cross-record checks, whose findings
   are kept for those records.
4. Each changed record is judged against its base version (ballots.py, meetings.py), with
   permissions from the BASE revision's roster and rules.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from clerk import gitrepo
from clerk.findings import Finding, UsageError, errors_of, run_summary, sort_findings
from clerk.gate.actors import Actor, actor_for
from clerk.gate.ballots import judge_ballot
from clerk.gate.meetings import judge_meeting
from clerk.gate.paths import PathKind, chairs_only_message, classify
from clerk.gate.snapshot import SCHEMAS_DIR, Snapshot
from clerk.records import GOVERNANCE_FILE, MEMBERS_FILE, Ballot, Meeting
from clerk.repository import Index
from clerk.schema import SchemaSet
from clerk.validate import locate_all

# Paths whose change makes the gate check every record of the head, not only the changed ones.
WIDE = (GOVERNANCE_FILE, MEMBERS_FILE, f"{SCHEMAS_DIR}/")


@dataclass
class Review:
    findings: list[Finding] = field(default_factory=list)
    touched: list[tuple[Ballot | None, Ballot | None]] = field(default_factory=list)
    head_index: Index | None = None
    now: datetime | None = None
    records_checked: int = 0
    seconds: float = 0.0

    @property
    def errors(self) -> list[Finding]:
        return errors_of(self.findings)

    def summary(self) -> dict[str, float | int]:
        return run_summary(self.records_checked, self.findings, self.seconds)


def _whole_file(file: str, check: str, message: str) -> Finding:
    return Finding(file=file, line=1, column=1, check=check, message=message)


@dataclass
class Plan:
    """The changed paths sorted by what judges them."""

    ballots: list[tuple[str | None, str | None]] = field(default_factory=list)  # (base, head)
    meetings: list[tuple[str | None, str | None]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    wide: bool = False


def review_change(root: Path, base: str, head: str | None, author: str, now: datetime) -> Review:
    """Judge base..head (head None: the work tree, untracked files included) as `author`."""
    if not author or not author.strip():
        raise UsageError("--author is required: the GitHub login of the change's author.")
    started = time.perf_counter()
    base_sha = gitrepo.resolve(root, base)
    head_tree = gitrepo.resolve(root, head) if head else gitrepo.worktree_tree(root)
    changes = gitrepo.diff_raw(root, base_sha, head_tree)
    with (
        gitrepo.BlobReader(root) as reader,
        tempfile.TemporaryDirectory(prefix="clerk-pr-") as tmp,
    ):
        base_snap = Snapshot(root, base_sha, reader)
        head_snap = base_snap.changed(head_tree, changes)
        review = _review(base_snap, head_snap, changes, author.strip(), now, Path(tmp))
    review.seconds = time.perf_counter() - started
    return review


def _review(
    base_snap: Snapshot,
    head_snap: Snapshot,
    changes: list[gitrepo.RawChange],
    author: str,
    now: datetime,
    scratch: Path,
) -> Review:
    schemas = base_snap.schemas(scratch / "schemas")
    base_index = base_snap.index(scratch / "base", schemas, [])
    actor = actor_for(base_index, author)
    plan = _plan(changes, base_index, head_snap, actor)
    if plan.meetings:
        plan.wide = True  # a meeting's attendance and approvals reach every later vote
    head_index = _load_head(plan, head_snap, schemas, scratch / "head", (base_snap, base_index))
    _load_base(plan, base_snap, base_index, schemas, head_index, now)
    review = Review(head_index=head_index, now=now, records_checked=head_index.files_checked)
    checked = _validation(plan, head_index)
    judged = _judge(plan, base_index, head_index, actor, now, review)
    review.findings = sort_findings([*checked, *locate_all(head_index, [*plan.findings, *judged])])
    return review


def _plan(
    changes: list[gitrepo.RawChange], base_index: Index, head: Snapshot, actor: Actor
) -> Plan:
    plan = Plan()
    ids = base_index.rules.ids
    added_ballots: list[str] = []  # head paths of added numbered ballots
    deleted_drafts: dict[str, str] = {}  # slug -> base path
    for change in changes:
        verdict = classify(change, ids)
        path = change.path
        if verdict.kind is PathKind.REFUSED:
            plan.findings.append(_whole_file(path, "pr-path", verdict.reason))
            continue
        if verdict.kind is PathKind.CHAIRS:
            if path.startswith(WIDE):
                plan.wide = True
            if actor.is_bot:
                plan.findings.append(
                    _whole_file(
                        path,
                        "pr-bot-scope",
                        f"the bot ({actor.login}) makes only the timed transitions of ballots.",
                    )
                )
            elif not actor.is_chair:
                plan.findings.append(
                    _whole_file(path, "pr-permission", chairs_only_message(path, actor))
                )
            continue
        old = None if change.status == "A" else path
        new = None if change.status == "D" else path
        if verdict.kind is PathKind.MEETING:
            plan.meetings.append((old, new))
            continue
        stem = PurePosixPath(path).stem
        if new is None and path.startswith("ballots/drafts/"):
            deleted_drafts[stem] = path
        elif old is None and not path.startswith("ballots/drafts/"):
            added_ballots.append(path)
            plan.ballots.append((None, path))
        else:
            plan.ballots.append((old, new))
    # A draft moving to its number is a deletion plus an addition whose record keeps the slug.
    slugs = _slugs_of_added(head, added_ballots)
    for slug, old_path in deleted_drafts.items():
        new_path = slugs.get(slug)
        if new_path is not None:
            plan.ballots.remove((None, new_path))
            plan.ballots.append((old_path, new_path))
        else:
            plan.ballots.append((old_path, None))
    return plan


def _slugs_of_added(head: Snapshot, paths: list[str]) -> dict[str, str]:
    """slug -> path for added ballot files whose text names a slug (read cheaply, untrusted)."""
    from clerk import yamlio

    out: dict[str, str] = {}
    for path in paths:
        loaded = yamlio.load_fast(path, head.blob(path) or b"")
        slug = loaded.data.get("slug") if loaded.ok and isinstance(loaded.data, dict) else None
        if isinstance(slug, str):
            out.setdefault(slug, path)
    return out


def _load_head(
    plan: Plan, head: Snapshot, schemas: SchemaSet, scratch: Path, base: tuple[Snapshot, Index]
) -> Index:
    if plan.wide:
        return head.index(scratch, schemas, head.ballot_files() + head.meeting_files())
    return head.index(scratch, schemas, [new for _, new in plan.ballots if new], like=base)


def _quorum_days(index: Index, ballots: list[Ballot], now: datetime) -> tuple[set[str], int]:
    """The days whose preceding meetings set the quorum of these ballots, and how many."""
    days = {now.date().isoformat()}
    count = index.rules.quorum.meetings
    for ballot in ballots:
        start, _ = ballot.period("voting")
        if start is not None:
            days.add(start.date().isoformat())
        frozen = ((ballot.data.get("rules") or {}).get("quorum") or {}).get("meetings")
        if isinstance(frozen, int):
            count = max(count, frozen)
    return days, count


def _load_base(
    plan: Plan,
    base: Snapshot,
    index: Index,
    schemas: SchemaSet,
    head_index: Index,
    now: datetime,
) -> None:
    base.load_into(index, schemas, [old for old, _ in plan.ballots + plan.meetings if old])
    if plan.wide:
        base.load_into(index, schemas, base.meeting_files())
        return
    days, count = _quorum_days(index, index.ballots + head_index.ballots, now)
    base.load_into(index, schemas, base.meetings_before(days, count))
    # The head's meetings are the base's (no meeting changed): the tally in the job summary and
    # the quorum checks see the same ones.
    head_index.take_records({m.file: m for m in index.meetings})


def _validation(plan: Plan, head_index: Index) -> list[Finding]:
    from clerk.checks import run_checks

    findings = list(head_index.findings) + run_checks(head_index)
    if not plan.wide:
        changed = {new for _, new in plan.ballots if new}
        findings = [f for f in findings if f.file in changed]
    return locate_all(head_index, findings)


def _judge(
    plan: Plan,
    base_index: Index,
    head_index: Index,
    actor: Actor,
    now: datetime,
    review: Review,
) -> list[Finding]:
    out: list[Finding] = []
    base_ballots = {b.file: b for b in base_index.ballots}
    head_ballots = {b.file: b for b in head_index.ballots}
    for old_path, new_path in plan.ballots:
        if new_path is None:
            out.append(_deleted(old_path or ""))
            continue
        new = head_ballots.get(new_path)
        old = base_ballots.get(old_path) if old_path else None
        if new is None:
            continue  # it does not validate: the validation findings say why
        if old_path and old is None:
            out.append(
                _whole_file(
                    new_path,
                    "pr-base-invalid",
                    f"{old_path} does not validate on the base branch; a chair must repair it "
                    "there before it can be changed.",
                )
            )
            continue
        review.touched.append((old, new))
        out.extend(_guarded(new_path, judge_ballot, base_index, actor, old, new, now))
    base_meetings = {m.file: m for m in base_index.meetings}
    head_meetings = {m.file: m for m in head_index.meetings}
    for old_path, new_path in plan.meetings:
        if new_path is None:
            out.append(_deleted(old_path or ""))
            continue
        old_meeting: Meeting | None = base_meetings.get(old_path) if old_path else None
        new_meeting = head_meetings.get(new_path)
        out.extend(
            _guarded(new_path, judge_meeting, base_index, actor, old_meeting, new_meeting, new_path)
        )
    return out


def _guarded(path: str, judge: Callable[..., Iterable[Finding]], *args: object) -> list[Finding]:
    """A record the judgement cannot handle is refused with a finding, never a traceback: the
    gate denies what it cannot judge."""
    try:
        return list(judge(*args))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        return [
            _whole_file(
                path,
                "pr-unjudged",
                f"check-pr could not judge this change ({type(exc).__name__}: {exc}); it is "
                "refused. Make it with Clerk's commands, or ask a chair.",
            )
        ]


def _deleted(path: str) -> Finding:
    return _whole_file(
        path,
        "pr-deleted",
        f"{path} was deleted or moved away; records are never deleted or renamed (a draft "
        "moving to its number is the one rename). Restore it and change its status instead.",
    )
