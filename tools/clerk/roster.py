"""The roster: organizations, people, and who votes for whom, built from members.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Organization:
    name: str
    aliases: tuple[str, ...]
    member_class: str | None
    active: bool
    index: int
    # The day it became a Voting Member, where a source shows it (after an associate or
    # probationary membership): usually a meeting that accepted it.
    voting_since: date | None = None

    def voting_at_meeting(self, day: date) -> bool:
        """Whether the organization took part in a meeting held on `day` as a Voting Member: the
        meeting that accepts it is one it attended as what it was before, so only later ones
        count."""
        return self.voting_since is None or self.voting_since < day


def _day(value: Any) -> date | None:
    """A YYYY-MM-DD field as a date; anything else is the schema's to report, read as unset."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    org: str | None
    github: str | None
    voting_representative: bool | None
    index: int
    also_represents: tuple[str, ...] = ()
    member_class: str | None = None


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """Case- and space-insensitive key for names; typographic apostrophes fold to plain ones.
    (Remembered: a repository names the same few hundred people 10^5 times.)"""
    return " ".join(name.replace("’", "'").casefold().split())


@dataclass
class Roster:
    organizations: list[Organization] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    # Where individuals vote: each person with a class is a voting unit of their own.
    individuals: list[Organization] = field(default_factory=list)
    _exact_orgs: dict[str, Organization] = field(default_factory=dict, repr=False)
    _exact_people: dict[str, Person] = field(default_factory=dict, repr=False)
    _orgs: dict[str, Organization] = field(default_factory=dict, repr=False)
    _people: dict[str, Person] = field(default_factory=dict, repr=False)
    _logins: dict[str, Person] = field(default_factory=dict, repr=False)
    _class_maps: dict[frozenset[str], dict[str, str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Roster:
        roster = cls()
        for index, item in enumerate(data.get("organizations") or []):
            org = Organization(
                item["name"],
                tuple(item.get("aliases") or ()),
                item.get("class"),
                item.get("active", True),
                index,
                _day(item.get("voting_since")),
            )
            roster.organizations.append(org)
            for name in (org.name, *org.aliases):
                roster._orgs.setdefault(name_key(name), org)
                roster._exact_orgs.setdefault(name, org)
        for index, item in enumerate(data.get("people") or []):
            member_class = item.get("class")
            own_unit = member_class is not None and not item.get("org")
            representative = item.get("voting_representative")
            person = Person(
                item["name"],
                tuple(item.get("aliases") or ()),
                item["name"] if own_unit else item.get("org"),
                item.get("github"),
                (True if representative is None else representative)
                if own_unit
                else representative,
                index,
                tuple(item.get("also_represents") or ()),
                member_class,
            )
            if own_unit:
                unit = Organization(person.name, person.aliases, member_class, True, index)
                roster.individuals.append(unit)
                for name in (unit.name, *unit.aliases):
                    roster._orgs.setdefault(name_key(name), unit)
                    roster._exact_orgs.setdefault(name, unit)
            roster.people.append(person)
            for name in (person.name, *person.aliases):
                roster._people.setdefault(name_key(name), person)
                roster._exact_people.setdefault(name, person)
            if person.github:
                roster._logins.setdefault(person.github.casefold(), person)
        return roster

    def org(self, name: str | None) -> Organization | None:
        if not name:
            return None
        return self._exact_orgs.get(name) or self._orgs.get(name_key(name))

    def person(self, name: str | None) -> Person | None:
        if not name:
            return None
        return self._exact_people.get(name) or self._people.get(name_key(name))

    def by_login(self, login: str | None) -> Person | None:
        return self._logins.get(login.casefold()) if login else None

    def person_org(self, person: Person) -> Organization | None:
        return self.org(person.org)

    def represented(self, person: Person) -> list[Organization]:
        """The organizations a person acts for: its own, then any it also represents."""
        found = (self.org(name) for name in (person.org, *person.also_represents))
        return [org for org in found if org is not None]

    def voting_classes(self, voting: frozenset[str]) -> dict[str, str]:
        """Active voting unit -> its class, for the units in one of the `voting` classes: the
        same for every ballot not yet frozen, so built once (the roster is not edited after
        it is read)."""
        if voting not in self._class_maps:
            self._class_maps[voting] = {
                org.name: org.member_class
                for org in self.units
                if org.member_class in voting and org.active
            }
        return self._class_maps[voting]

    @property
    def units(self) -> list[Organization]:
        """Everything that can cast a vote: organizations, and individuals with a class."""
        return [*self.organizations, *self.individuals]

    def org_names(self) -> list[str]:
        return [n for o in self.units for n in (o.name, *o.aliases)]

    def person_names(self) -> list[str]:
        return [n for p in self.people for n in (p.name, *p.aliases)]
