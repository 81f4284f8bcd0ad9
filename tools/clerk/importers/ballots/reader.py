"""Forum ballot result posts -> ballot records.

The post's lists of voting organizations become votes, counted again under the rules; what the
post states (totals, MET / NOT MET, quorum, outcome) goes to `published`, and every place where the
post disagrees with itself becomes an `import-inconsistent` finding quoting both sides.
"""

from __future__ import annotations

from typing import Any

from clerk.findings import ClerkError, Severity
from clerk.importers.ballots.base import (
    VOTE_WORDS,
    bounds_of,
    period_data,
)
from clerk.importers.ballots.documents import DocumentsPart
from clerk.importers.ballots.identity import IdentityPart
from clerk.importers.ballots.people import PeoplePart
from clerk.importers.ballots.periods import PeriodsPart
from clerk.importers.ballots.results import ResultsPart
from clerk.importers.forum import (
    ImportResult,
    finding,
    notes_text,
    ordered,
    posted_at,
    read_post,
)
from clerk.repository import Index
from clerk.schema import property_order


def import_ballot(text: str, source: str, index: Index) -> ImportResult:
    """A Forum ballot result post -> the ballot record, its path and the post's problems."""
    post, findings = read_post(text, source)
    return _Reader(post, index, findings).run()


class _Reader(IdentityPart, ResultsPart, PeoplePart, PeriodsPart, DocumentsPart):
    """A result post -> a ballot record; each part reads one kind of section."""

    def run(self) -> ImportResult:
        ballot_id, version, title = self._identity()
        classes = self._results()
        claims, quorum, announced = self._claims()
        proposers, endorsers = self._people()
        periods = self._periods()
        self._check_spellings(ballot_id, version, title)
        self._check_post_date(periods)
        votes = [
            {"org": org, "vote": VOTE_WORDS[listed.kind]}
            for result in classes
            for listed in result.lists
            for org in listed.orgs
        ]
        self._check_duplicates(classes)
        computed = self._computed(classes, votes, quorum, periods[1])
        published_outcome = announced[0] if announced else self._claimed_outcome(claims)
        self._check_lists(classes)
        if computed is not None:
            self._check_claims(classes, claims, computed, quorum, announced)
        status = published_outcome or (computed["outcome"] if computed else None)
        if status is None:
            raise ClerkError(
                f"{self.source}: no voting result in the post (no vote lists, no MET / NOT MET, "
                "no announced outcome); is this a ballot result post?",
                findings=[
                    finding(
                        self.source, 1, "import-no-result", "no voting result found", Severity.ERROR
                    )
                ],
            )
        discussion, voting, review = periods
        record: dict[str, Any] = {
            "id": ballot_id,
            "title": title,
            "status": status,
            "proposers": proposers,
            "endorsers": endorsers,
            "guideline": self._guideline(),
            "documents": self._documents(),
            "versions": self._versions(version),
            "discussion": period_data(discussion),
            "voting": period_data(voting),
            "review": period_data(review),
            "votes": votes,
            "result": computed,
            "published": ordered(
                {
                    "url": self.post.url,
                    "outcome": published_outcome,
                    "quorum": quorum[0] if quorum else None,
                    "bounds": bounds_of(periods),
                    "totals": self._totals(classes),
                },
                ("url", "outcome", "quorum", "bounds", "totals"),
            ),
            "sources": [self.source, *([self.post.url] if self.post.url else [])],
        }
        record["notes"] = notes_text(self.lines, self.kept, self.section_of)
        return ImportResult(
            f"ballots/{ballot_id}.yaml",
            ordered(record, property_order("ballot")),
            self.findings,
            posted_at(self.post.published, voting.end if voting else None),
            self.post.title,
            self.post.url,
        )
