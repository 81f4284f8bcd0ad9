"""The body's own words: citations, headings, names and post settings from governance.yaml.

Clerk's procedure is generic; what a body calls things is data. The defaults here are plain
words that fit any body; a body sets its own under `words:` in governance.yaml (this repository's
file holds the CA/Browser Forum's), so no output names a rule, a statement or a review that the
body does not have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_AGENDA = (
    "Roll call",
    "Approval of the minutes of earlier meetings",
    "Membership",
    "Ballot status",
    "Other business",
    "Next meeting",
    "Adjourn",
)


def voter_noun(voting_unit: str, count: int = 2) -> str:
    """Who takes part in a vote: 'organization(s)', or 'voter(s)' where individuals vote."""
    noun = "voter" if voting_unit == "individuals" else "organization"
    return noun if count == 1 else f"{noun}s"


def voting_members(voting_unit: str) -> str:
    """Those counted for quorum: 'Voting Members' (organizations), or 'voters' (individuals)."""
    return "voters" if voting_unit == "individuals" else "Voting Members"


@dataclass(frozen=True)
class FrontMatter:
    """Hugo front matter on rendered posts (`enabled: false` leaves it out)."""

    enabled: bool = True
    type: str = "post"
    minutes_tags: tuple[str, ...] = ("Minutes",)
    face_to_face_tag: str = "Face-to-Face"
    ballot_tags: tuple[str, ...] = ("Ballot",)


@dataclass(frozen=True)
class Words:
    """What the body calls its rules, statements, review and kinds of ballot."""

    adoption_citation: str = ""
    quorum_citation: str = ""
    requirements_heading: str = "Requirements"
    threshold_notes: dict[str, str] = field(default_factory=dict)
    statements: dict[str, str] = field(default_factory=dict)
    statement_for: dict[str, str] = field(default_factory=dict)
    agenda: tuple[str, ...] = DEFAULT_AGENDA
    review: str = "Review"
    exclusion_notice: str = "Exclusion Notice"
    kinds: dict[str, str] = field(default_factory=dict)
    front_matter: FrontMatter = field(default_factory=FrontMatter)

    def requires(self, citation: str, fallback: str) -> str:
        """'Bylaw 2.3(6) requires:' or, with no citation, 'Adoption requires:'."""
        return f"{citation or fallback} requires:"

    def statement(self, kind: str | None) -> str:
        """The display name of a statement kind ('Note Well'); the id itself when unnamed."""
        if not kind:
            return ""
        return self.statements.get(kind, kind.replace("-", " ").capitalize())

    def statement_in_text(self, kind: str) -> str:
        """The statement's name inside a sentence: 'Note Well', but 'antitrust statement'."""
        name = self.statement(kind)
        return name.lower() if name.endswith("Statement") else name

    def statement_kind(self, meeting_kind: str) -> str | None:
        """Which statement opens a meeting of this kind, if the body reads one."""
        return self.statement_for.get(meeting_kind)

    def kind_name(self, kind: str | None) -> str:
        """'a Final Guideline' for a kind id, or the id in words."""
        if not kind:
            return ""
        return self.kinds.get(kind, kind.replace("-", " "))

    @property
    def review_period(self) -> str:
        """'IPR Review Period', or 'Review Period'."""
        return f"{self.review} Period"

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Words:
        data = data or {}
        citations = data.get("citations") or {}
        front = data.get("front_matter")
        if front is False:
            front_matter = FrontMatter(enabled=False)
        else:
            front = front if isinstance(front, dict) else {}
            base = FrontMatter()
            front_matter = FrontMatter(
                enabled=bool(front.get("enabled", True)),
                type=front.get("type", base.type),
                minutes_tags=tuple(front.get("minutes_tags", base.minutes_tags)),
                face_to_face_tag=front.get("face_to_face_tag", base.face_to_face_tag),
                ballot_tags=tuple(front.get("ballot_tags", base.ballot_tags)),
            )
        statements = data.get("statements") or {}
        return cls(
            adoption_citation=citations.get("adoption", ""),
            quorum_citation=citations.get("quorum", ""),
            requirements_heading=data.get("requirements_heading", cls.requirements_heading),
            threshold_notes=dict(data.get("threshold_notes") or {}),
            statements={key: value["name"] for key, value in statements.items()},
            statement_for={
                meeting: key
                for key, value in statements.items()
                for meeting in value.get("meetings") or []
            },
            agenda=tuple(data.get("agenda") or DEFAULT_AGENDA),
            review=data.get("review", cls.review),
            exclusion_notice=data.get("exclusion_notice", cls.exclusion_notice),
            kinds=dict(data.get("kinds") or {}),
            front_matter=front_matter,
        )
