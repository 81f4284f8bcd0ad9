"""Which ``/vote`` comments count, what each refused one is told, and what the record gains.

Pure: takes the ballot, the repository index (its ``members.yaml`` is the default branch's:
``clerk votes sync`` runs there), the vote issue's comments and the bot's login.

A comment is a valid vote when its author's login belongs to a Voting Representative in
``members.yaml`` of a Voting Member frozen into the ballot, it was posted inside the voting
period by GitHub's ``created_at`` (start included, end excluded), and its text was last
written (``updated_at``) before the end. Its time is ``updated_at``: the moment its current text
was written. The organization's latest valid vote counts; a vote already recorded is never
removed, and a record that already holds the same vote, or a later one from another channel,
is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from clerk.findings import ClerkError
from clerk.records import Ballot, format_time, parse_time
from clerk.repository import Index
from clerk.tally import org_classes
from clerk.votes.command import USAGE, BadCommand, VoteCommand, parse

COMMENT_CHANNEL = "comment"


@dataclass(frozen=True)
class Comment:
    """An issue comment, reduced to what judging needs."""

    id: int
    url: str
    login: str
    body: str
    created_at: datetime
    updated_at: datetime
    plus_ones: int = 0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Comment:
        """Build from a comment object of GitHub's REST API."""
        user = data.get("user") or {}
        created = parse_time(str(data["created_at"]))
        updated = parse_time(str(data.get("updated_at") or data["created_at"])) or created
        if created is None:
            raise ClerkError(f"GitHub sent comment {data.get('id')} without created_at.")
        reactions = data.get("reactions") or {}
        return cls(
            id=int(data["id"]),
            url=str(data.get("html_url") or ""),
            login=str(user.get("login") or ""),
            body=str(data.get("body") or ""),
            created_at=created,
            updated_at=max(updated or created, created),
            plus_ones=int(reactions.get("+1") or 0),
        )


@dataclass(frozen=True)
class ValidVote:
    """A comment that counts as a vote of ``org``."""

    comment: Comment
    org: str
    vote: str
    by: str

    @property
    def at(self) -> datetime:
        return self.comment.updated_at

    def entry(self) -> dict[str, Any]:
        """The record's entry for this vote."""
        return {
            "org": self.org,
            "vote": self.vote,
            "by": self.by,
            "at": format_time(self.at),
            "source": self.comment.url,
        }


@dataclass(frozen=True)
class Refusal:
    """A ``/vote`` comment that does not count, and why (told to its author once)."""

    comment: Comment
    reason: str


@dataclass
class Judgement:
    """Every ``/vote`` comment sorted into valid and refused, and the votes that count."""

    valid: list[ValidVote] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    counted: dict[str, ValidVote] = field(default_factory=dict)

    def changes(self, ballot: Ballot, index: Index) -> list[ValidVote]:
        """The counted votes the record does not hold yet, in organization order."""
        recorded = {canonical(index, v.org): v for v in ballot.votes}
        out = []
        for org, vote in sorted(self.counted.items()):
            existing = recorded.get(org)
            if existing is not None:
                if existing.source == vote.comment.url and existing.vote == vote.vote:
                    continue
                if existing.vote == vote.vote:
                    continue  # repeating the same vote changes nothing
                if existing.at is not None and existing.at > vote.at:
                    continue  # a later vote came by another channel
            out.append(vote)
        return out


def canonical(index: Index, name: str) -> str:
    """An organization's name as members.yaml spells it (the name itself if unknown)."""
    org = index.roster.org(name)
    return org.name if org else name


def judge(
    ballot: Ballot,
    index: Index,
    comments: Iterable[Comment],
    *,
    bot_login: str | None,
    channels: Sequence[str],
) -> Judgement:
    """Sort the comments of a ballot's vote issue; the bot's own comments are skipped."""
    result = Judgement()
    start, end = ballot.period("voting")
    voting_members = org_classes(ballot, index.rules, index.roster)
    bot = (bot_login or "").casefold()
    for comment in comments:
        if comment.login.casefold() == bot:
            continue
        command = parse(comment.body)
        if command is None:
            continue
        if isinstance(command, BadCommand):
            result.refused.append(Refusal(comment, command.reason))
            continue
        reason = _refusal(comment, command, index, start, end, voting_members, channels)
        if isinstance(reason, str):
            result.refused.append(Refusal(comment, reason))
            continue
        org, by = reason
        vote = ValidVote(comment, org, command.vote, by)
        result.valid.append(vote)
        current = result.counted.get(org)
        if current is None or (vote.at, comment.id) > (current.at, current.comment.id):
            result.counted[org] = vote
    return result


def _refusal(
    comment: Comment,
    command: VoteCommand,
    index: Index,
    start: datetime | None,
    end: datetime | None,
    voting_members: Mapping[str, str],
    channels: Sequence[str],
) -> str | tuple[str, str]:
    """Why the comment does not count, or the organization and person it votes for."""
    if COMMENT_CHANNEL not in channels:
        ways = " and ".join(c for c in channels if c != COMMENT_CHANNEL) or "the chairs"
        return f"this body does not take votes by comment (its voting channels: {ways})."
    if start is None or end is None:
        return "the ballot records no voting period."
    if not start <= comment.created_at < end:
        return (
            f"it was posted at {format_time(comment.created_at)}, outside the voting period "
            f"{format_time(start)} to {format_time(end)} (the end is excluded)."
        )
    if comment.updated_at >= end:
        return (
            f"it was edited at {format_time(comment.updated_at)}, after the voting period ended "
            f"at {format_time(end)}, so its text is not counted (a vote recorded from it before "
            "the end stands)."
        )
    person = index.roster.by_login(comment.login)
    if person is None or person.voting_representative is not True:
        return (
            f"@{comment.login} is not a Voting Representative in members.yaml; only Voting "
            "Representatives of Voting Members vote."
        )
    own = [org for org in index.roster.represented(person) if org.name in voting_members]
    if command.org is not None:
        named = index.roster.org(command.org)
        if named is None:
            return f"`{_shown(command.org)}` is not an organization in members.yaml."
        if named not in index.roster.represented(person):
            return f"{person.name} is not a Voting Representative of {named.name} in members.yaml."
        if named.name not in voting_members:
            return f"{named.name} is not a Voting Member of this ballot (as frozen when it opened)."
        return named.name, person.name
    if not own:
        return f"{person.name}'s organization is not a Voting Member of this ballot."
    if len(own) > 1:
        names = " and ".join(org.name for org in own)
        return (
            f"{person.name} represents {names}; name the organization: "
            f"`/vote {command.vote} {own[-1].name}` ({USAGE})."
        )
    return own[0].name, person.name


def _shown(text: str) -> str:
    return text.replace("`", "'")[:80]
