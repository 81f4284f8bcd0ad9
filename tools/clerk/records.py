"""Typed records built from validated data: rules, ballots, meetings (the roster: clerk.roster)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import cached_property
from typing import Any, NamedTuple

from clerk.ids import IdFormat
from clerk.roster import Organization, Person, Roster, name_key  # noqa: F401  (re-exported)
from clerk.words import Words

GOVERNANCE_FILE = "governance.yaml"
MEMBERS_FILE = "members.yaml"
BALLOTS_DIR = "ballots"
DRAFTS_DIR = "ballots/drafts"
MEETINGS_DIR = "meetings"


def parse_time(text: str | None) -> datetime | None:
    """ISO 8601 UTC text -> aware datetime (None stays None)."""
    if not text:
        return None
    return datetime.fromisoformat(text)  # Python 3.11 reads the Z


def format_time(moment: datetime) -> str:
    """Aware datetime -> ISO 8601 UTC text with Z, to the second."""
    from datetime import UTC

    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def fraction(text: str | None, default: str = "1/2") -> Fraction:
    numerator, _, denominator = (text or default).partition("/")
    return Fraction(int(numerator), int(denominator))


# --- rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """Adoption threshold of a class; abstentions never count."""

    rule: str = "at-least"
    share: Fraction = Fraction(1, 2)

    def met(self, yes: int, no: int) -> bool:
        cast = yes + no
        if self.rule == "half-plus-one":
            return cast > 0 and Fraction(yes) >= Fraction(cast, 2) + 1
        if cast == 0:
            return False
        ratio = Fraction(yes, cast)
        return ratio > self.share if self.rule == "more-than" else ratio >= self.share

    def yes_needed(self, yes: int, no: int) -> int:
        """Further yes votes needed to meet the threshold, with no further no votes."""
        extra = 0
        while not self.met(yes + extra, no):
            extra += 1
        return extra

    def describe(self) -> str:
        if self.rule == "half-plus-one":
            return "at least 50% plus one of the votes cast"
        if self.rule == "more-than":
            return f"more than {self.share} of the votes cast"
        return f"at least {self.share} of the votes cast"

    def short(self) -> str:
        """Compact form for tables: >= 2/3, > 1/2, >= half + 1."""
        if self.rule == "half-plus-one":
            return "≥ half + 1"
        return f"{'>' if self.rule == 'more-than' else '≥'} {self.share}"

    def as_data(self) -> dict[str, str]:
        if self.rule == "half-plus-one":
            return {"rule": self.rule}
        return {"rule": self.rule, "fraction": f"{self.share.numerator}/{self.share.denominator}"}

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Threshold:
        data = data or {}
        return cls(data.get("rule", "at-least"), fraction(data.get("fraction")))


@dataclass(frozen=True)
class MemberClass:
    id: str
    name: str
    votes: bool
    threshold: Threshold | None


@dataclass(frozen=True)
class Quorum:
    meetings: int = 3
    share: Fraction = Fraction(1, 2)

    def required(self, active: Fraction) -> int:
        """Smallest number of participants that is more than `share` of `active`."""
        bound = self.share * active
        return int(bound) + 1

    def as_data(self) -> dict[str, Any]:
        return {
            "meetings": self.meetings,
            "fraction": f"{self.share.numerator}/{self.share.denominator}",
        }


@dataclass(frozen=True)
class Rules:
    body: str
    ids: IdFormat
    classes: dict[str, MemberClass]
    endorsements_required: int
    discussion_min_days: int
    discussion_lapse_days: int
    voting_days: int
    review_days: dict[str, int]
    yes_in_each_class: bool
    quorum: Quorum
    chairs: tuple[str, ...]
    chair_roles: dict[str, str]
    review_notice_business_days: int
    vice_chair_notice_business_days: int
    bot_login: str | None
    bot_name: str
    bot_email: str
    stale: dict[str, Any]
    documents: dict[str, str]
    voting_channels: tuple[str, ...] = ("pull-request",)
    vote_label: str = "clerk-vote"
    announce_business_days: int = 3
    vote_max_writes: int = 100

    @property
    def list_votes(self) -> bool:
        """Whether votes arrive from a mailing list, so the chair announces the result."""
        return "mailing-list" in self.voting_channels

    words: Words = field(default_factory=Words)
    voting_unit: str = "organizations"

    @property
    def kinds(self) -> list[str]:
        """The kinds of ballot (guideline or decision kinds) the body defines; may be none."""
        return list(dict.fromkeys([*self.review_days, *self.words.kinds]))

    @property
    def voting_classes(self) -> list[MemberClass]:
        return [c for c in self.classes.values() if c.votes]

    def is_vice_chair(self, name: str) -> bool:
        """A chair whose role is Vice Chair (any spelling: Vice-Chair, vice chair)."""
        role = self.chair_roles.get(name, "")
        return " ".join(role.replace("-", " ").casefold().split()) == "vice chair"

    def review_length(self, guideline: str | None) -> timedelta | None:
        days = self.review_days.get(guideline or "")
        return timedelta(days=days) if days is not None else None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Rules:
        ids = data.get("ballot_id", {})
        periods = data.get("periods", {})
        quorum = data.get("quorum", {})
        bot = data.get("bot", {})
        voting = data.get("voting") or {}
        classes = {
            key: MemberClass(
                key,
                value.get("name", key),
                bool(value.get("votes", False)),
                Threshold.from_data(value["threshold"]) if "threshold" in value else None,
            )
            for key, value in (data.get("classes") or {}).items()
        }
        return cls(
            body=data.get("body", ""),
            ids=IdFormat(ids.get("prefix", "SC"), ids.get("digits", 3)),
            classes=classes,
            endorsements_required=data.get("endorsements", {}).get("required", 2),
            discussion_min_days=periods.get("discussion_min_days", 7),
            discussion_lapse_days=periods.get("discussion_lapse_days", 90),
            voting_days=periods.get("voting_days", 7),
            review_days=dict(periods.get("review_days", {})),
            yes_in_each_class=data.get("yes_in_each_class", True),
            quorum=Quorum(quorum.get("meetings", 3), fraction(quorum.get("fraction"))),
            chairs=tuple(c["name"] for c in data.get("chairs", [])),
            chair_roles={c["name"]: c.get("role", "Chair") for c in data.get("chairs", [])},
            review_notice_business_days=periods.get(
                "review_notice_business_days",
                data.get("stale", {}).get("review_notice_business_days", 3),
            ),
            vice_chair_notice_business_days=periods.get("vice_chair_notice_business_days", 5),
            bot_login=bot.get("login"),
            bot_name=bot.get("name", "Clerk"),
            bot_email=bot.get("email", "clerk@users.noreply.github.com"),
            stale=dict(data.get("stale", {})),
            documents=dict(data.get("documents", {})),
            voting_channels=tuple(voting.get("channels") or ("pull-request",)),
            vote_label=voting.get("label", "clerk-vote"),
            announce_business_days=voting.get("announce_business_days", 3),
            vote_max_writes=voting.get("max_writes", 100),
            words=Words.from_data(data.get("words")),
            voting_unit=data.get("voting_unit", "organizations"),
        )


DEFAULT_RULES = Rules.from_data(
    {
        "body": "",
        "ballot_id": {"prefix": "SC", "digits": 3},
        "classes": {},
        "endorsements": {"required": 2},
        "periods": {},
        "quorum": {"meetings": 3},
    }
)


# --- ballots ----------------------------------------------------------------------------------


class Vote(NamedTuple):
    """One cast vote. A named tuple, not a dataclass: a repository has 10^5 votes, and a tuple
    is built several times faster."""

    org: str
    vote: str
    by: str | None
    at_text: str | None  # kept as written; parsed when asked for
    index: int
    source: str | None = None

    @property
    def at(self) -> datetime | None:
        return parse_time(self.at_text)


@dataclass
class Ballot:
    file: str
    data: dict[str, Any]

    @property
    def id(self) -> str | None:
        return self.data.get("id")

    @property
    def slug(self) -> str | None:
        return self.data.get("slug")

    @property
    def key(self) -> str:
        """The id, or drafts/<slug> for an unnumbered draft."""
        return self.id or f"drafts/{self.slug or self.file.rsplit('/', 1)[-1][:-5]}"

    @property
    def title(self) -> str:
        return self.data.get("title", "")

    @property
    def status(self) -> str:
        return self.data.get("status", "draft")

    @property
    def proposers(self) -> list[dict[str, str]]:
        """The proposers, the one who posts first; a record of the old form has `proposer`."""
        if "proposers" in self.data:
            return self.data.get("proposers") or []
        return [self.data["proposer"]] if self.data.get("proposer") else []

    @property
    def proposer(self) -> dict[str, str]:
        """The proposer who posts the ballot (the first listed)."""
        return self.proposers[0] if self.proposers else {}

    @property
    def endorsers(self) -> list[dict[str, str]]:
        return self.data.get("endorsers") or []

    @property
    def versions(self) -> list[dict[str, Any]]:
        return self.data.get("versions") or []

    @property
    def version(self) -> int:
        return max((v.get("version", 1) for v in self.versions), default=1)

    def last_version_time(self) -> datetime | None:
        """When the proposer last posted a version: opening the discussion posts the current
        version, and each revision during discussion posts a new one (Bylaws 2.3(3)). A time
        stamped on a version before the discussion opened (a draft's creation) does not count."""
        times = [parse_time(v.get("posted")) for v in self.versions]
        opened = self.period("discussion")[0]
        known = [t for t in times if t] + ([opened] if opened else [])
        return max(known) if known else None

    @property
    def rounds(self) -> list[dict[str, Any]]:
        """Earlier rounds (the Initial Vote before a Second Vote), oldest first."""
        return self.data.get("rounds") or []

    @property
    def is_second_vote(self) -> bool:
        return bool(self.rounds)

    def period(self, name: str) -> tuple[datetime | None, datetime | None]:
        value = self.data.get(name) or {}
        return parse_time(value.get("start")), parse_time(value.get("end"))

    @cached_property
    def votes(self) -> list[Vote]:
        """The votes cast; an entry with no vote (a Voting Member yet to vote) is left out."""
        return [
            Vote(v["org"], v["vote"], v.get("by"), v.get("at"), i, v.get("source"))
            for i, v in self.cast_entries()
        ]

    def cast_entries(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(position, entry) of each entry with a vote: what `votes` holds, without building a
        Vote per entry (a whole validation reads 10^5 of them)."""
        for position, entry in enumerate(self.data.get("votes") or []):
            if entry.get("vote"):
                yield position, entry

    @property
    def vote_entries(self) -> list[dict[str, Any]]:
        """Every entry of ``votes``, the empty ones too."""
        return self.data.get("votes") or []

    @property
    def result(self) -> dict[str, Any] | None:
        return self.data.get("result")

    @property
    def guideline(self) -> str | None:
        return self.data.get("guideline")

    @property
    def label(self) -> str:
        version = f"v{self.version}" if len(self.versions) > 1 else ""
        return f"{self.id}{version}" if self.id else f"draft {self.slug or self.key}"


# --- meetings ---------------------------------------------------------------------------------


@dataclass
class Meeting:
    file: str
    data: dict[str, Any]

    @cached_property
    def date(self) -> date:
        return date.fromisoformat(self.data["date"])

    @property
    def kind(self) -> str:
        return self.data.get("kind", "teleconference")

    @property
    def attendees(self) -> list[dict[str, str]]:
        return self.data.get("attendees") or []

    @property
    def action_items(self) -> list[dict[str, Any]]:
        return self.data.get("action_items") or []
