"""The pull request's author as the BASE revision's roster and rules know them.

Permissions come from the base, so a change cannot grant itself a right (adding yourself to
members.yaml and voting in one change fails).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clerk.records import Ballot, Person
from clerk.repository import Index


@dataclass(frozen=True)
class Actor:
    login: str
    person: Person | None
    is_chair: bool
    is_bot: bool

    @property
    def name(self) -> str:
        return self.person.name if self.person else self.login


def actor_for(index: Index, login: str) -> Actor:
    person = index.roster.by_login(login)
    chairs = {index.roster.person(name) for name in index.rules.chairs} - {None}
    bot = index.rules.bot_login
    is_bot = bool(bot) and login.casefold() == (bot or "").casefold()
    return Actor(login, person, person is not None and person in chairs, is_bot)


def is_voting_representative(index: Index, actor: Actor) -> bool:
    """A person marked `voting_representative: true` of an organization whose class votes."""
    person = actor.person
    if person is None or person.voting_representative is not True:
        return False
    return bool(index.is_voting_member(person.org))


def represents(index: Index, actor: Actor, org_name: str | None) -> bool:
    """Whether the actor is a Voting Representative of that organization, per the roster."""
    if not is_voting_representative(index, actor) or actor.person is None:
        return False
    wanted = index.roster.org(org_name)
    return wanted is not None and wanted in index.roster.represented(actor.person)


def records_list_vote(index: Index, actor: Actor, vote: dict[str, Any]) -> bool:
    """A chair recording an organization's vote from the mailing list, with its message's URL
    as evidence and its time (which must lie inside the period): the one way a vote may be
    recorded after the period ended, and by someone who is not the organization's."""
    return (
        actor.is_chair
        and index.rules.list_votes
        and bool(vote.get("source"))
        and bool(vote.get("at"))
    )


def is_person(index: Index, actor: Actor, name: str | None) -> bool:
    """Whether the roster's person of that name is the actor."""
    return actor.person is not None and index.roster.person(name) == actor.person


def is_proposer_or_chair(index: Index, actor: Actor, ballot: Ballot) -> bool:
    return actor.is_chair or any(is_person(index, actor, p.get("name")) for p in ballot.proposers)


def describe(actor: Actor) -> str:
    """How the roster knows the actor, for messages."""
    if actor.person is None:
        return f"{actor.login} is not in members.yaml"
    org = actor.person.org or "no organization"
    role = "a Voting Representative" if actor.person.voting_representative else "a member"
    return f"{actor.name} is {role} of {org}"
