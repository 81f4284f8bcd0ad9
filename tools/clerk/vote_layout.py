"""The layout of a ballot's ``votes``: one entry per Voting Member, written when voting opens.

Why: two pull requests that each append a vote to the end of a list always conflict, and two
that insert in sorted order conflict whenever they insert at the same place. Here every Voting
Member has its entry from the start (``- org: NAME``), and a vote only adds or changes the
lines *below its own org line* (``vote``, ``by``, ``at``, ``source``). The org line of the next
entry never changes, so between the lines two votes for different organizations change there
is always at least one unchanged line, and git's three-way merge takes both changes in either
order. ``tests/test_vote_layout.py`` proves it with real git for 30 organizations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any


def missing_slots(entries: Iterable[dict[str, Any]], organizations: Sequence[str]) -> list[dict]:
    """Empty entries (``org`` only) for the organizations that have none, in the given order."""
    present = {entry.get("org") for entry in entries}
    return [{"org": name} for name in organizations if name not in present]


def empty_slot(
    entries: Sequence[dict[str, Any]], org: str, canonical: Callable[[str], str]
) -> int | None:
    """The position of ``org``'s empty entry, if it has one."""
    for number, entry in enumerate(entries):
        if not entry.get("vote") and canonical(str(entry.get("org", ""))) == org:
            return number
    return None
