"""Proposer and endorsers."""

from __future__ import annotations

import re

from clerk.importers.ballots.base import (
    PERSON_LIST,
    BallotBase,
)
from clerk.importers.forum import (
    content_of,
    ordered,
    resolve_org,
    resolve_person,
    unknown_org,
    unknown_person,
)


class PeoplePart(BallotBase):
    """Who proposed and who endorsed."""

    def _people(self) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        for line in self.lines:
            text = content_of(line)
            match = PERSON_LIST.search(text)
            if not match:
                continue
            proposers = self._person_list(match.group("proposers"), line.number, share_org=True)
            endorsers = self._person_list(match.group("endorsers"), line.number, share_org=False)
            for other in self.lines:
                if PERSON_LIST.search(content_of(other)) and re.fullmatch(
                    r"(?:This ballot (?:is|was) |Ballot \S+ is "
                    r"|The following motion has been )?"
                    r"(?:proposed|written|authored|submitted|introduced) by .*",
                    content_of(other),
                ):
                    self.kept.discard(other.number)
            return proposers, endorsers
        return [], []

    def _person_list(self, text: str, line: int, share_org: bool) -> list[dict[str, str]]:
        text = text.strip().rstrip(".")
        parts = [
            p.strip() for p in re.split(r",\s*and\s+|,\s*|\s+and\s+(?![^()]*\))", text) if p.strip()
        ]
        people: list[tuple[str, str | None]] = []
        for part in parts:
            match = re.match(r"^(?P<name>[^()]+?)\s+of\s+(?P<org>.+)$", part) or re.match(
                r"^(?P<name>[^()]+?)\s*\((?P<org>.+)\)$", part
            )
            if match:
                people.append((match.group("name").strip(), match.group("org").strip()))
            elif people and not re.search(r"\s", part) and not share_org:
                continue
            else:
                people.append((part, None))
        if share_org:
            for position in range(len(people) - 2, -1, -1):
                name, org = people[position]
                if org is None:
                    people[position] = (name, people[position + 1][1])
        out = []
        for name, org_text in people:
            person = resolve_person(self.index, name)
            if person is None and self.index.has_roster:
                self.findings.append(unknown_person(self.index, self.source, line, name))
            org = resolve_org(self.index, org_text) if org_text else None
            if org_text and org is None and self.index.has_roster:
                self.findings.append(unknown_org(self.index, self.source, line, org_text))
            out.append(
                ordered(
                    {"name": person.name if person else name, "org": org.name if org else org_text},
                    ("name", "org"),
                )
            )
        return out
