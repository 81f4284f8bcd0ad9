"""Judging one ballot record's change: a legal move, derivable by Clerk's own commands, made by
someone who may make it, at a time the trusted clock allows.

The clock is the time of the check (`--now` or the machine's), never a commit's date: a timed
transition must be due then, and a move whose recorded time is in the future, or that the
procedure would no longer allow at check time (a vote after voting closed, whatever its `at`
says), is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from clerk.findings import ClerkError, DocPath, Finding
from clerk.gate.actors import (
    Actor,
    describe,
    is_person,
    is_proposer_or_chair,
    is_voting_representative,
)
from clerk.gate.moves import AUTHOR_TEXT, FRESH, MOVES, PROPOSAL_TEXT, Move, propose_replay
from clerk.procedure import Change, due_changes
from clerk.records import Ballot, format_time, parse_time
from clerk.repository import Index

LEGAL = {
    ("draft", "discussion"),
    ("discussion", "voting"),
    ("voting", "passed"),
    ("voting", "failed"),
    ("voting", "final"),  # clerk advance run after the review ended too
    ("passed", "final"),
    ("passed", "rescinded"),
    ("rescinded", "discussion"),  # the Second Vote
    ("draft", "withdrawn"),
    ("discussion", "withdrawn"),
    ("voting", "withdrawn"),
    ("discussion", "failed"),
}
TIMED = {
    ("voting", "passed"),
    ("voting", "failed"),
    ("voting", "final"),
    ("passed", "final"),
    ("passed", "rescinded"),  # the review ended with an Exclusion Notice
    ("discussion", "failed"),
}
CLOSED = {"final", "failed", "withdrawn", "rescinded"}
OPEN = ("draft", "discussion")
MAX_MOVES = 3  # moves one change may chain on one ballot (revise, then start discussion, ...)


def finding(check: str, file: str, path: DocPath, message: str) -> Finding:
    return Finding(file=file, check=check, message=message, doc_path=path)


def stamp(moment: datetime) -> str:
    return format_time(moment)


def judge_ballot(
    index: Index, actor: Actor, old: Ballot | None, new: Ballot, now: datetime
) -> Iterator[Finding]:
    """Findings about one ballot's change from the base record `old` (None: new) to `new`."""
    if old is None:
        yield from _new_ballot(index, actor, new, now)
        return
    move = (old.status, new.status)
    if old.status != new.status and move not in LEGAL:
        onward = sorted(t for f, t in LEGAL if f == old.status)
        yield finding(
            "pr-transition",
            new.file,
            ("status",),
            f"{old.status} -> {new.status} is not a legal move; from {old.status} a ballot may go "
            f"to {', '.join(onward) or 'nowhere'}.",
        )
        return
    if move in TIMED:
        yield from _timed(index, old, new, now, announcing=actor.is_chair)
        return
    if actor.is_bot:
        yield finding(
            "pr-bot-scope",
            new.file,
            ("status",),
            f"the bot ({actor.login}) may only make the timed transitions clerk advance computes.",
        )
        return
    yield from _derived(index, actor, old, new, now)


# --- timed transitions ---------------------------------------------------------------------


def _timed(
    index: Index, old: Ballot, new: Ballot, now: datetime, *, announcing: bool = False
) -> Iterator[Finding]:
    """A timed move equals what clerk advance computes at the time of the check (or, for a vote
    taken on a mailing list, what a chair's clerk ballot announce computes)."""
    transition = f"{old.status} -> {new.status}"
    changes = due_changes(index, old, now, announcing=announcing)
    if not changes:
        yield finding(
            "pr-timed-transition",
            new.file,
            ("status",),
            f"{transition} is not due at {stamp(now)} (the time of this check, not of any "
            "commit); clerk advance makes no move.",
        )
        return
    expected = changes[-1].applied()
    differing = _differing(expected.data, new.data)
    if differing or expected.file != new.file:
        outcome = (expected.data.get("result") or {}).get("outcome")
        detail = f" (the votes give: {outcome})" if outcome else ""
        yield finding(
            "pr-timed-transition",
            new.file,
            (differing[0],) if differing else ("status",),
            f"{transition} disagrees with what clerk advance computes at {stamp(now)}{detail}; "
            f"differing fields: {', '.join(differing) or 'file'}. Let clerk advance make this "
            "move.",
        )


# --- moves replayed through clerk.procedure --------------------------------------------------


@dataclass
class Step:
    move: Move
    state: Ballot
    when: datetime
    change: Change


@dataclass
class Miss:
    """Why a move that seemed to apply did not produce the head record."""

    move: Move
    check: str
    path: DocPath
    message: str


def _ignored(old: Ballot) -> tuple[str, ...]:
    """Fields compared by hand-edit rules rather than by replay, in the base status."""
    if old.status in CLOSED:
        return ()
    return AUTHOR_TEXT + (PROPOSAL_TEXT if old.status in OPEN else ())


def _differing(a: dict[str, Any], b: dict[str, Any], ignored: tuple[str, ...] = ()) -> list[str]:
    keys = set(a) | set(b)
    return sorted(k for k in keys if k not in ignored and a.get(k) != b.get(k))


def _search(
    index: Index,
    actor: Actor,
    state: Ballot,
    new: Ballot,
    ignored: tuple[str, ...],
    depth: int,
) -> tuple[list[Step] | None, list[Miss]]:
    """A chain of moves from `state` to `new`, each replayed through the procedure."""
    if not _differing(state.data, new.data, ignored) and state.file == new.file:
        return [], []
    misses: list[Miss] = []
    if depth == 0:
        return None, misses
    for move in MOVES:
        if not move.applies(state, new):
            continue
        path = entry_path(move, state, new)
        when = move.claimed(state, new)
        if when is None:
            misses.append(
                Miss(
                    move,
                    "pr-clock",
                    path,
                    f"the record does not say when {move.command} was made ({move.time_field}); "
                    "run the command, which records it.",
                )
            )
            continue
        refusal = move.refusal(index, actor, state, new)
        if refusal:
            misses.append(Miss(move, "pr-permission", path, refusal))
        try:
            change = move.replay(index, state, new, when, actor)
        except ClerkError as exc:
            misses.append(Miss(move, "pr-procedure", path, f"{move.command} refuses: {exc}"))
            continue
        if refusal:
            continue
        if not change.changed:
            misses.append(
                Miss(
                    move,
                    "pr-not-derivable",
                    path,
                    f"{move.command} makes no change here ({change.summary}), yet the record "
                    "changed.",
                )
            )
            continue
        after = change.applied()
        rest, deeper = _search(index, actor, after, new, ignored, depth - 1)
        if rest is not None:
            return [Step(move, state, when, change), *rest], []
        differing = _differing(after.data, new.data, ignored)
        if after.file != new.file:
            differing.append(f"the file ({after.file})")
        misses.extend(deeper)
        misses.append(
            Miss(
                move,
                "pr-not-derivable",
                path,
                f"this is not what {move.command} writes at {stamp(when)}; differing fields: "
                f"{', '.join(differing)}. Make the change with the command.",
            )
        )
    return None, misses


def entry_path(move: Move, state: Ballot, new: Ballot) -> DocPath:
    """Where in the head record the move's own entry is, for the finding's line."""
    key = move.time_field.split(".")[0].split("[")[0]
    if "[]" not in move.time_field:
        return (key,) if key in new.data else ()
    before = state.data.get(key) or []
    after = new.data.get(key) or []
    for number, entry in enumerate(after):
        if entry not in before:
            return (key, number)
    return (key,) if key in new.data else ()


def _derived(
    index: Index, actor: Actor, old: Ballot, new: Ballot, now: datetime
) -> Iterator[Finding]:
    ignored = _ignored(old)
    steps, misses = _search(index, actor, old, new, ignored, MAX_MOVES)
    if steps is None:
        if misses:
            # The specific reasons (who may, what the procedure refuses, the clock) are the
            # ones the author can act on; "not what the command writes" only when there is none.
            specific = [m for m in misses if m.check != "pr-not-derivable"] or misses[:1]
            seen: set[tuple[str, str]] = set()
            for miss in specific:
                if (miss.check, miss.message) not in seen:
                    seen.add((miss.check, miss.message))
                    yield finding(miss.check, new.file, miss.path, miss.message)
            return
        differing = _differing(old.data, new.data, ignored)
        for key in differing:
            yield finding(
                "pr-frozen",
                new.file,
                (key,) if key in new.data else (),
                f'"{key}" is frozen while the ballot is {old.status}: no Clerk command '
                "changes it then"
                + ("; a closed ballot never changes." if old.status in CLOSED else "."),
            )
        return
    for step in steps:
        yield from _step_findings(index, actor, step, new, now)
    yield from _hand_edits(index, actor, old, new, ignored)


def _step_findings(
    index: Index, actor: Actor, step: Step, new: Ballot, now: datetime
) -> Iterator[Finding]:
    move, path = step.move, entry_path(step.move, step.state, new)
    if step.when > now:
        yield finding(
            "pr-clock",
            new.file,
            path,
            f"{move.command} is dated {stamp(step.when)}, after {stamp(now)}, the time of this "
            f"check ({move.time_field}); a move cannot be dated in the future.",
        )
    elif move.sets_period and now - step.when > FRESH:
        yield finding(
            "pr-clock",
            new.file,
            path,
            f"{move.time_field} is {stamp(step.when)}, more than {FRESH.days} day before this "
            f"check ({stamp(now)}); a time that starts a period is the time the move is made. "
            f"Run {move.command} again.",
        )
    elif move.still_allowed:
        try:
            move.replay(index, step.state, new, now, actor)
        except ClerkError as exc:
            yield finding(
                move.late_check,
                new.file,
                path,
                f"at the time of this check ({stamp(now)}) {move.command} refuses: {exc} "
                "The time the record states does not count.",
            )


def _hand_edits(
    index: Index, actor: Actor, old: Ballot, new: Ballot, ignored: tuple[str, ...]
) -> Iterator[Finding]:
    """The free text and proposal fields edited by hand: the proposer's or a chair's."""
    edited = [k for k in ignored if old.data.get(k) != new.data.get(k)]
    if edited and not is_proposer_or_chair(index, actor, old):
        yield finding(
            "pr-permission",
            new.file,
            (edited[0],) if edited[0] in new.data else (),
            f"only the proposer ({old.proposer.get('name', 'unknown')}) or a chair may edit "
            f"{', '.join(edited)}; {actor.name} is neither.",
        )


# --- a new ballot ----------------------------------------------------------------------------


def _new_ballot(index: Index, actor: Actor, new: Ballot, now: datetime) -> Iterator[Finding]:
    if actor.is_bot:
        yield finding("pr-bot-scope", new.file, (), f"the bot ({actor.login}) proposes nothing.")
        return
    if new.status != "draft":
        yield finding(
            "pr-new-ballot",
            new.file,
            ("status",),
            f"a new ballot starts as a draft, not {new.status}; propose it, then move it.",
        )
        return
    names = [p.get("name") for p in new.proposers]
    if not any(is_person(index, actor, name) for name in names):
        yield finding(
            "pr-permission",
            new.file,
            ("proposers",),
            f"a proposer must be the author of the change ({actor.name}), not only "
            f"{', '.join(str(n) for n in names) or 'nobody'}.",
        )
        return
    if not is_voting_representative(index, actor):
        yield finding(
            "pr-permission",
            new.file,
            ("proposers",),
            f"{describe(actor)}; only Voting Representatives propose ballots.",
        )
        return
    if new.id and not actor.is_chair:
        yield finding(
            "pr-permission",
            new.file,
            ("id",),
            "a new proposal is a draft under ballots/drafts/<slug>.yaml; it is numbered by the "
            "endorsement that completes its count, not by hand.",
        )
        return
    # A version's time is written when it is posted (when the discussion opens); a new draft
    # may hold none, and is then made at the time of the check.
    posted = new.versions[0].get("posted") if new.versions else None
    when = (parse_time(posted) if isinstance(posted, str) else None) or now
    if when > now or now - when > FRESH:
        yield finding(
            "pr-clock",
            new.file,
            ("versions", 0, "posted"),
            f"versions[0].posted is {stamp(when)}; a new proposal is posted at the time it is "
            f"made (this check runs at {stamp(now)}).",
        )
    try:
        path, data = propose_replay(index, new, when)
    except ClerkError as exc:
        yield finding("pr-procedure", new.file, ("proposers",), f"clerk ballot propose: {exc}")
        return
    ignored = (*AUTHOR_TEXT, "documents", "depends_on")
    differing = _differing(data, new.data, ignored)
    if path != new.file:
        differing.append(f"the file ({path})")
    if differing:
        yield finding(
            "pr-not-derivable",
            new.file,
            (differing[0],) if differing[0] in new.data else (),
            f"this is not what clerk ballot propose writes; differing fields: "
            f"{', '.join(differing)} (a new ballot has no endorsers, votes or periods yet).",
        )
