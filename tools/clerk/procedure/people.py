"""Who may make a move: Voting Representatives, the proposers, the chairs (from the roster)."""

from __future__ import annotations

from clerk.findings import suggest
from clerk.procedure.core import ProcedureError
from clerk.records import Ballot, Person
from clerk.repository import Index


def known_person(index: Index, name: str | None, action: str) -> Person:
    """The roster's person of that name; a move by someone the roster does not know is refused."""
    if not name or not name.strip():
        raise ProcedureError(f"say who is to {action} (--by NAME, as members.yaml spells it).")
    person = index.roster.person(name)
    if person is None:
        raise ProcedureError(
            f'"{name}" is not in members.yaml{suggest(name, index.roster.person_names())}; '
            f"only people on the roster may {action}."
        )
    return person


def voting_person(index: Index, name: str, action: str) -> tuple[Person, str]:
    """The roster's person and organization, if they may act for a Voting Member."""
    person = index.roster.person(name)
    if person is None:
        raise ProcedureError(
            f'"{name}" is not in members.yaml{suggest(name, index.roster.person_names())}; '
            f"only Voting Representatives may {action}."
        )
    org = index.roster.org(person.org)
    if org is None or not index.is_voting_member(org.name):
        raise ProcedureError(
            f"{person.name} represents {person.org or 'no organization'}, which is not a Voting "
            f"Member; only Voting Representatives of Voting Members may {action}."
        )
    if person.voting_representative is False:
        raise ProcedureError(
            f"{person.name} is not a Voting Representative of {org.name} in members.yaml; "
            f"only Voting Representatives may {action}."
        )
    return person, org.name


def proposer_names(ballot: Ballot) -> str:
    names = [p.get("name", "unknown") for p in ballot.proposers]
    return " or ".join(names) if names else "its proposer (none recorded)"


def require_proposer(index: Index, ballot: Ballot, name: str | None, action: str) -> Person:
    """The person, if they are one of the ballot's proposers."""
    person = known_person(index, name, action)
    proposers = [index.roster.person(p.get("name")) for p in ballot.proposers]
    if person not in proposers:
        raise ProcedureError(
            f"only the proposer ({proposer_names(ballot)}) may {action} {ballot.label}; "
            f"{person.name} is not a proposer."
        )
    return person


def chair_names(index: Index) -> str:
    chairs = [
        f"{name} ({index.rules.chair_roles.get(name, 'Chair')})" for name in index.rules.chairs
    ]
    return ", ".join(chairs) if chairs else "none in governance.yaml"


def require_chair(index: Index, name: str | None, action: str) -> Person:
    """The person, if governance.yaml lists them among the chairs."""
    person = known_person(index, name, action)
    chairs = {index.roster.person(c) for c in index.rules.chairs}
    if person not in chairs:
        raise ProcedureError(
            f"only a chair may {action}: {chair_names(index)}; {person.name} is not a chair."
        )
    return person


def chair_name(index: Index, person: Person) -> str:
    """The name under which governance.yaml lists this chair."""
    return next((c for c in index.rules.chairs if index.roster.person(c) == person), person.name)
