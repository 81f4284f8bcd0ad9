"""The tally of a ballot's votes by member class, with thresholds and quorum (Bylaws 2.3(6), (7)).

Pure: takes the ballot, the rules, the roster and the meetings, returns numbers and reasons.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from clerk.records import Ballot, Meeting, Quorum, Roster, Rules, Threshold
from clerk.words import voter_noun

VOTE_VALUES = ("yes", "no", "abstain")
NO_QUORUM_RULE = "no quorum rule"  # the reason a tally gives where governance.yaml sets none


@dataclass
class ClassTally:
    class_id: str
    name: str
    threshold: Threshold
    yes: int = 0
    no: int = 0
    abstain: int = 0
    voters: list[str] = field(default_factory=list)

    @property
    def cast(self) -> int:
        """Votes that count toward the threshold: abstentions do not."""
        return self.yes + self.no

    @property
    def threshold_met(self) -> bool:
        return self.threshold.met(self.yes, self.no)

    def as_data(self) -> dict[str, int]:
        return {"yes": self.yes, "no": self.no, "abstain": self.abstain}


@dataclass
class QuorumFacts:
    """How the quorum was found: active members from the meetings before the vote."""

    required: int | None
    meetings: list[tuple[str, int]] = field(default_factory=list)  # (date, voting orgs present)
    active: Fraction | None = None
    frozen: bool = False
    reason: str = ""
    applies: bool = True  # False when the rules have no quorum (meetings: 0)
    missing: list[str] = field(default_factory=list)  # why the figure is unknown
    stated: dict[str, Any] | None = None  # a chair's statement of the figure, when not computed


@dataclass
class Tally:
    classes: dict[str, ClassTally]
    participants: int
    quorum: QuorumFacts
    yes_in_each_class: bool
    unclassified: list[str] = field(default_factory=list)
    voting_unit: str = "organizations"

    @property
    def each_class_has_yes(self) -> bool:
        return all(c.yes > 0 for c in self.classes.values())

    @property
    def quorum_met(self) -> bool | None:
        if self.quorum.required is None:
            return None
        return self.participants >= self.quorum.required

    @property
    def passed(self) -> bool:
        """Adopted: thresholds met, a yes in each class, and a quorum that is known and met (an
        unknown quorum never passes a ballot)."""
        if not all(c.threshold_met for c in self.classes.values()):
            return False
        if self.yes_in_each_class and not self.each_class_has_yes:
            return False
        return self.quorum_met is True or not self.quorum.applies

    def result_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "outcome": "passed" if self.passed else "failed",
            "tally": {key: c.as_data() for key, c in self.classes.items()},
        }
        if self.quorum.required is not None:
            data["quorum"] = self.quorum.required
        data["participants"] = self.participants
        return data

    def still_needed(self) -> list[str]:
        """What would have to happen for the ballot to pass, assuming no further no votes."""
        needs: list[str] = []
        for cls in self.classes.values():
            extra = cls.threshold.yes_needed(cls.yes, cls.no)
            if self.yes_in_each_class:
                extra = max(extra, 1 - cls.yes)
            if extra > 0:
                plural = "vote" if extra == 1 else "votes"
                needs.append(f"needs {extra} more yes {plural} from {cls.name}s to pass")
        if self.quorum_met is False and self.quorum.required is not None:
            missing = self.quorum.required - self.participants
            voters = voter_noun(self.voting_unit, missing)
            if self.voting_unit != "individuals":
                voters = f"voting {voters}"
            needs.append(f"needs {missing} more {voters} to take part for quorum")
        return needs


def org_classes(ballot: Ballot, rules: Rules, roster: Roster) -> Mapping[str, str]:
    """Voting organization -> class id: frozen at voting start when recorded (the record's own
    mapping, not a copy: callers only read it), else the roster's."""
    frozen = (ballot.data.get("rules") or {}).get("voting_members")
    if frozen:
        return frozen
    return roster.voting_classes(frozenset(c.id for c in rules.voting_classes))


def thresholds(ballot: Ballot, rules: Rules) -> dict[str, Threshold]:
    frozen = (ballot.data.get("rules") or {}).get("thresholds")
    if frozen:
        return {key: Threshold.from_data(value) for key, value in frozen.items()}
    return {c.id: c.threshold or Threshold() for c in rules.voting_classes}


class MeetingLog:
    """Meetings sorted by date once, so that finding the ones before a day is a bisection."""

    def __init__(self, meetings: Iterable[Meeting]) -> None:
        self.meetings = sorted(meetings, key=lambda m: (m.date, m.file))
        self.dates = [m.date for m in self.meetings]

    def before(self, day: date, count: int) -> list[Meeting]:
        """The last `count` meetings held before `day`, oldest first."""
        position = bisect_left(self.dates, day)
        return self.meetings[max(0, position - count) : position] if count else []

    def present(self, meeting: Meeting, roster: Roster) -> frozenset[str]:
        """The organizations present at a meeting, through the roster: worked out once per
        meeting, however many ballots' quorums count it."""
        cache: dict[str, tuple[Roster, frozenset[str]]] = self.__dict__.setdefault("_present", {})
        known = cache.get(meeting.file)
        if known is not None and known[0] is roster:
            return known[1]
        names = set()
        for attendee in meeting.attendees:
            org = roster.org(attendee.get("org"))
            if org is None:
                person = roster.person(attendee.get("name"))
                org = roster.org(person.org) if person else None
            if org is not None:
                names.add(org.name)
        present = frozenset(names)
        cache[meeting.file] = (roster, present)
        return present

    def voting_present(self, meeting: Meeting, roster: Roster) -> frozenset[str]:
        """Those present who could vote on the meeting's day: a Probationary Member is not a
        Voting Member (Bylaws 3.3), so an organization counts only after its `voting_since`."""
        cache: dict[str, tuple[Roster, frozenset[str]]] = self.__dict__.setdefault("_voting", {})
        known = cache.get(meeting.file)
        if known is not None and known[0] is roster:
            return known[1]
        voting = frozenset(
            name
            for name in self.present(meeting, roster)
            if (org := roster.org(name)) is None or org.voting_at_meeting(meeting.date)
        )
        cache[meeting.file] = (roster, voting)
        return voting


def attendance_known(meeting: Meeting) -> bool:
    """A meeting whose attendance was not recorded is unknown, never zero."""
    return bool(meeting.attendees)


def missing_meetings(meetings: MeetingLog, before: datetime, count: int) -> list[str]:
    """What keeps the active membership from being known: meetings not recorded at all, and
    meetings recorded without their attendance."""
    earlier = meetings.before(before.date(), count)
    missing = [
        f"{m.date.isoformat()} has no attendance recorded"
        for m in earlier
        if not attendance_known(m)
    ]
    if len(earlier) < count:
        missing.insert(
            0,
            f"only {len(earlier)} of the {count} meetings before {before.date().isoformat()} "
            "are recorded",
        )
    return missing


def active_voting_members(
    meetings: MeetingLog, before: datetime, roster: Roster, classes: Mapping[str, str], count: int
) -> tuple[list[tuple[str, int]], Fraction | None]:
    """Voting Member organizations present at each of the `count` meetings before `before`;
    the average is None unless all of them are recorded with their attendance."""
    earlier = meetings.before(before.date(), count)
    rows: list[tuple[str, int]] = []
    for meeting in earlier:
        if not attendance_known(meeting):
            continue
        voting = meetings.voting_present(meeting, roster) & classes.keys()
        rows.append((meeting.date.isoformat(), len(voting)))
    if count == 0 or len(rows) < count:
        return rows, None
    return rows, Fraction(sum(n for _, n in rows), len(rows))


def quorum_for(
    ballot: Ballot,
    rules: Rules,
    roster: Roster,
    meetings: MeetingLog,
    classes: Mapping[str, str] | None = None,
) -> QuorumFacts:
    frozen = ballot.data.get("rules") or {}
    quorum = Quorum(
        (frozen.get("quorum") or {}).get("meetings", rules.quorum.meetings),
        rules.quorum.share,
    )
    if "quorum" in frozen and "fraction" in frozen["quorum"]:
        numerator, _, denominator = frozen["quorum"]["fraction"].partition("/")
        quorum = Quorum(quorum.meetings, Fraction(int(numerator), int(denominator)))
    if "quorum_required" in frozen:
        stated = frozen.get("quorum_stated")
        reason = (
            f"stated by {stated.get('by')}: {stated.get('reason')}"
            if stated
            else "frozen when voting opened"
        )
        return QuorumFacts(frozen["quorum_required"], frozen=True, reason=reason, stated=stated)
    if quorum.meetings == 0:
        return QuorumFacts(None, reason=NO_QUORUM_RULE, applies=False)
    start, _ = ballot.period("voting")
    if start is None:
        return QuorumFacts(None, reason="voting has not started")
    if classes is None:
        classes = org_classes(ballot, rules, roster)
    rows, active = active_voting_members(meetings, start, roster, classes, quorum.meetings)
    if active is None:
        missing = missing_meetings(meetings, start, quorum.meetings)
        text = "; ".join(missing)
        stored = (ballot.result or {}).get("quorum")
        if stored is not None:
            return QuorumFacts(stored, rows, reason=f"as stored with the result; {text}")
        return QuorumFacts(None, rows, reason=text, missing=missing)
    return QuorumFacts(quorum.required(active), rows, active)


def count_votes(
    ballot: Ballot,
    rules: Rules,
    roster: Roster,
    meetings: MeetingLog | Iterable[Meeting] | None = None,
) -> Tally:
    """The tally; pass Index.meeting_log when counting many ballots (it sorts meetings once)."""
    classes_of = org_classes(ballot, rules, roster)
    limits = thresholds(ballot, rules)
    classes = {
        c.id: ClassTally(c.id, c.name, limits.get(c.id, c.threshold or Threshold()))
        for c in rules.voting_classes
        if c.id in limits
    }
    unclassified: list[str] = []
    participants = 0
    latest: dict[str, str] = {}
    org_of = roster.org
    for _, entry in ballot.cast_entries():  # not `votes`: no Vote built per entry
        org = org_of(entry["org"])
        latest[org.name if org else entry["org"]] = entry["vote"]
    for org_name, value in latest.items():
        class_id = classes_of.get(org_name)
        if class_id not in classes:
            unclassified.append(org_name)
            continue
        cls = classes[class_id]
        setattr(cls, value, getattr(cls, value) + 1)
        cls.voters.append(org_name)
        participants += 1
    log = meetings if isinstance(meetings, MeetingLog) else MeetingLog(meetings or [])
    quorum = quorum_for(ballot, rules, roster, log, classes_of)
    return Tally(
        classes, participants, quorum, rules.yes_in_each_class, unclassified, rules.voting_unit
    )


def missing_voters(ballot: Ballot, rules: Rules, roster: Roster) -> list[str]:
    voted = set()
    for vote in ballot.votes:
        org = roster.org(vote.org)
        voted.add(org.name if org else vote.org)
    return sorted(name for name in org_classes(ballot, rules, roster) if name not in voted)
