"""Reading ``/vote yes|no|abstain [ORG]`` out of a comment body.

A command is a line that starts with ``/vote`` (leading spaces allowed, case-insensitive).
Lines inside fenced code blocks and quoted lines (``>``) are not commands, so quoting someone
else's vote does not cast one. A comment with two commands is refused as a whole: which one the
author meant is not for Clerk to guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VALUES = ("yes", "no", "abstain")
USAGE = "/vote yes|no|abstain [ORGANIZATION]"
_COMMAND = re.compile(r"^[ \t]{0,3}/vote(?![\w-])(?P<rest>.*)$", re.IGNORECASE)
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
MAX_ORG_LENGTH = 200


@dataclass(frozen=True)
class VoteCommand:
    """A well-formed command: the vote and, when given, the organization's name as typed."""

    vote: str
    org: str | None = None


@dataclass(frozen=True)
class BadCommand:
    """A comment that tries to vote but cannot be read as one vote; ``reason`` says why."""

    reason: str


def command_lines(body: str) -> list[str]:
    """The ``/vote`` lines of a comment, outside code blocks and quotes."""
    lines: list[str] = []
    fenced = False
    for line in (body or "").replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or line.lstrip().startswith(">"):
            continue
        match = _COMMAND.match(line)
        if match:
            lines.append(match.group("rest"))
    return lines


def parse(body: str) -> VoteCommand | BadCommand | None:
    """The comment's vote command; None when the comment has none (an ordinary comment)."""
    found = command_lines(body)
    if not found:
        return None
    if len(found) > 1:
        return BadCommand(f"it holds {len(found)} /vote commands; write one command per comment.")
    words = found[0].split()
    if not words:
        return BadCommand(f"it names no vote; write `{USAGE}`.")
    value = words[0].lower().rstrip(".,;:!")
    if value not in VALUES:
        return BadCommand(f"`{_shown(words[0])}` is not a vote; write `{USAGE}`.")
    org = " ".join(words[1:]).strip().strip("\"'`") or None
    if org is not None and len(org) > MAX_ORG_LENGTH:
        return BadCommand("the organization's name is too long to be one in members.yaml.")
    return VoteCommand(value, org)


def _shown(text: str) -> str:
    """A word of the author's, safe to quote back inside backticks."""
    return text.replace("`", "'")[:40]
