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
)
from clerk.importers.names import (
    roster_names,
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
            known_name, known_org = roster_names(self, name, org_text, line)
            out.append(ordered({"name": known_name, "org": known_org}, ("name", "org")))
        return out
