"""A synthetic Clerk records repository for benchmarks: fictional roster, ballots and meetings.

Everything is generated from a fixed seed, so two builds with the same sizes are identical.
Only the standard library is used: the benchmark must run before anything else is installed.

The data is meant to pass `clerk validate` as a real, well-kept repository would: ballots are
closed (passed or failed) with periods that meet the rules, votes from distinct Voting Member
organizations cast inside the voting period by their own representatives, and a result that
follows from the votes; meetings are weekly with attendance drawn from the roster.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

SEED = 20251120
ISSUER = "certificate-issuer"
CONSUMER = "certificate-consumer"
ASSOCIATE = "associate-member"
INTERESTED = "interested-party"
VOTING_CLASSES = (ISSUER, CONSUMER)

# The voting rules of the repository's governance.yaml, which the synthetic repository copies:
# Certificate Issuers at least 2/3 yes, Certificate Consumers more than 1/2 yes (abstentions
# excluded), at least one yes in each class, quorum more than 1/2 of the average number of
# Voting Member organizations at the previous 3 meetings.
ISSUER_SHARE = Fraction(2, 3)
CONSUMER_SHARE = Fraction(1, 2)
QUORUM_MEETINGS = 3
QUORUM_SHARE = Fraction(1, 2)
DISCUSSION_MIN_DAYS = 7
VOTING_DAYS = 7
REVIEW_DAYS = {"final-maintenance-guideline": 30, "final-guideline": 60}
DOCUMENTS = ("BR", "EVG", "NCSSR")

ORG_COUNTS = {ISSUER: 80, CONSUMER: 20, ASSOCIATE: 12, INTERESTED: 8}
PEOPLE = 600
FIRST_MEETING = date(2006, 1, 5)
PULLS = "https://github.com/example-body/guidelines/pull"

_VERBS = ("Clarify", "Update", "Sunset", "Require", "Align", "Simplify", "Remove", "Introduce")
_TOPICS = (
    "certificate profiles",
    "domain validation methods",
    "CAA record processing",
    "OCSP responder behaviour",
    "CA key protection",
    "audit report contents",
    "CRL publication",
    "subscriber agreements",
    "certificate validity periods",
    "pre-issuance linting",
    "revocation timelines",
    "multi-perspective validation",
    "IP address validation",
    "delegated third parties",
    "incident reporting",
)
_ISSUER_SUFFIXES = (
    "CA",
    "Trust",
    "PKI",
    "Certification Services",
    "Digital Identity",
    "Data (Sign)",
)
_CONSUMER_SUFFIXES = ("Browser", "Platform", "Operating System", "Mail Client")


# --- YAML out: block style, 2-space indentation, list items indented under their key ---------

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/()',+@:-]*")
_KEYWORDS = frozenset({"true", "false", "null", "~"})


def _needs_quotes(text: str) -> bool:
    if not _PLAIN.fullmatch(text) or text.endswith((" ", ":")) or ": " in text:
        return True
    if text.lower() in _KEYWORDS:
        return True
    try:
        float(text.replace("_", ""))
    except ValueError:
        return False
    return True


def scalar(value: Any) -> str:
    """One YAML 1.2 scalar; dates, times and yes/no stay plain, as in hand-written records."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | dict):
        if value:
            raise ValueError("non-empty collections are written in block style")
        return "[]" if isinstance(value, list) else "{}"
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if _needs_quotes(text) else text


def _mapping(data: dict[str, Any], indent: int, lines: list[str], first: str = "") -> None:
    pad = " " * indent
    for number, (key, value) in enumerate(data.items()):
        lead = first if number == 0 and first else pad
        if isinstance(value, dict) and value:
            lines.append(f"{lead}{scalar(key)}:")
            _mapping(value, indent + 2, lines)
        elif isinstance(value, list) and value:
            lines.append(f"{lead}{scalar(key)}:")
            _sequence(value, indent + 2, lines)
        else:
            lines.append(f"{lead}{scalar(key)}: {scalar(value)}")


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            _mapping(item, indent + 2, lines, first=f"{pad}- ")
        else:
            lines.append(f"{pad}- {scalar(item)}")


def dump(data: dict[str, Any], comment: str = "") -> str:
    lines = [f"# {comment}"] if comment else []
    _mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- the roster ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    name: str
    cls: str
    alias: str | None

    @property
    def votes(self) -> bool:
        return self.cls in VOTING_CLASSES


@dataclass(frozen=True)
class Person:
    name: str
    org: Org
    voting: bool
    github: str | None


@dataclass
class Roster:
    orgs: list[Org]
    people: list[Person]
    reps: dict[str, list[Person]]  # org name -> its voting representatives

    def voting_orgs(self, cls: str) -> list[Org]:
        return [o for o in self.orgs if o.cls == cls]


def make_roster(rng: random.Random) -> Roster:
    orgs: list[Org] = []
    for cls, count in ORG_COUNTS.items():
        for number in range(1, count + 1):
            if cls == ISSUER:
                base = f"Issuer {number:03d}"
                name = f"{base} {_ISSUER_SUFFIXES[number % len(_ISSUER_SUFFIXES)]}"
            elif cls == CONSUMER:
                base = f"Consumer {number:02d}"
                name = f"{base} {_CONSUMER_SUFFIXES[number % len(_CONSUMER_SUFFIXES)]}"
            elif cls == ASSOCIATE:
                base = f"Associate {number:02d}"
                name = f"{base} Labs"
            else:
                base = f"Observer {number:02d}"
                name = f"{base} Audit"
            orgs.append(Org(name, cls, base if number % 5 == 0 else None))
    people: list[Person] = []
    reps: dict[str, list[Person]] = {o.name: [] for o in orgs}
    for number in range(1, PEOPLE + 1):
        org = orgs[(number - 1) % len(orgs)]
        voting = org.votes and len(reps[org.name]) < 2
        github = f"person-{number:04d}" if rng.random() < 0.8 else None
        person = Person(f"Person {number:04d}", org, voting, github)
        people.append(person)
        if voting:
            reps[org.name].append(person)
    return Roster(orgs, people, reps)


def roster_record(roster: Roster) -> dict[str, Any]:
    organizations: list[dict[str, Any]] = []
    for org in roster.orgs:
        item: dict[str, Any] = {"name": org.name}
        if org.alias:
            item["aliases"] = [org.alias]
        item["class"] = org.cls
        organizations.append(item)
    people: list[dict[str, Any]] = []
    for person in roster.people:
        entry: dict[str, Any] = {"name": person.name, "org": person.org.name}
        if person.github:
            entry["github"] = person.github
        entry["voting_representative"] = person.voting
        people.append(entry)
    return {"organizations": organizations, "people": people}


def governance_text(source: str, chairs: Sequence[tuple[str, str]]) -> str:
    """The repository's governance.yaml with 4-digit ballot ids and fictional chairs."""
    text, count = re.subn(
        r"^(ballot_id:\n(?:[ \t]+.*\n)*?[ \t]+digits:[ \t]*)\d+", r"\g<1>4", source, flags=re.M
    )
    if count != 1:
        raise ValueError("governance.yaml: no ballot_id.digits setting to change")
    block = "chairs:\n" + "".join(f"  - name: {name}\n    role: {role}\n" for name, role in chairs)
    text, count = re.subn(r"^chairs:\n(?:[ \t]+.*\n)+", block, text, flags=re.M)
    if count != 1:
        raise ValueError("governance.yaml: no chairs list to replace")
    return "# Synthetic copy for bench/validate: 4-digit ballot ids, fictional chairs.\n" + text


# --- meetings -----------------------------------------------------------------------------------


@dataclass
class Meeting:
    day: date
    kind: str
    number: int | None
    chair: Person
    minutes_by: Person
    attendees: list[Person]
    approves: date | None
    last: bool
    actions: list[tuple[Person, str]]
    membership: str | None
    updates: list[dict[str, str]] = field(default_factory=list)

    @property
    def voting_orgs_present(self) -> int:
        return len({p.org.name for p in self.attendees if p.org.votes})

    def record(self, rng: random.Random) -> dict[str, Any]:
        day = self.day
        face = self.kind == "face-to-face"
        data: dict[str, Any] = {"date": day.isoformat(), "kind": self.kind}
        if face:
            data["number"] = self.number
            data["place"] = f"Venue {self.number:02d}, Example City"
            data["title"] = f"Minutes of F2F {self.number}, {day:%B} {day.day}, {day.year}"
        else:
            data["title"] = f"Minutes of the teleconference of {day:%B} {day.day}, {day.year}"
        data["chair"] = self.chair.name
        data["minutes_by"] = self.minutes_by.name
        data["statement"] = {
            "kind": "antitrust" if face else "note-well",
            "read_by": self.chair.name,
        }
        if self.approves:
            data["minutes_approved"] = [self.approves.isoformat()]
        data["minutes_status"] = "draft" if self.last else "approved"
        if self.membership:
            data["membership"] = [
                {"org": self.membership, "decision": "Application received; review continues."}
            ]
        if self.updates:
            data["ballots"] = self.updates
        data["other_business"] = "None." if rng.random() < 0.7 else "Planning of the next F2F."
        data["next_meeting"] = (day + timedelta(days=7)).isoformat()
        data["attendees"] = [
            {
                "name": p.name,
                "org": p.org.alias if p.org.alias and rng.random() < 0.3 else p.org.name,
            }
            for p in self.attendees
        ]
        if self.actions:
            data["action_items"] = [
                {
                    "owner": owner.name,
                    "text": text,
                    "due": (day + timedelta(days=14)).isoformat(),
                    "done": True,
                }
                for owner, text in self.actions
            ]
        return data


def make_meetings(rng: random.Random, roster: Roster, count: int) -> list[Meeting]:
    chairs = [roster.people[0], roster.people[5]]
    meetings: list[Meeting] = []
    f2f = 0
    for number in range(count):
        day = FIRST_MEETING + timedelta(days=7 * number)
        kind = "teleconference"
        if number % 17 == 16:
            kind = "face-to-face"
            f2f += 1
        chair = chairs[0] if rng.random() < 0.85 else chairs[1]
        others = rng.sample(roster.people, rng.randint(42, 48))
        attendees = [chair, *(p for p in others if p is not chair)]
        actions = [
            (rng.choice(attendees), f"Circulate a draft on {rng.choice(_TOPICS)}.")
            for _ in range(rng.randint(0, 2))
        ]
        membership = f"Applicant {number:04d} Corp" if number % 20 == 7 else None
        meetings.append(
            Meeting(
                day=day,
                kind=kind,
                number=f2f if kind == "face-to-face" else None,
                chair=chair,
                minutes_by=rng.choice(attendees),
                attendees=attendees,
                approves=meetings[-1].day if meetings else None,
                last=number == count - 1,
                actions=actions,
                membership=membership,
            )
        )
    return meetings


# --- ballots ------------------------------------------------------------------------------------


@dataclass
class Ballot:
    number: int
    start: datetime
    voting_start: datetime
    voting_end: datetime
    proposer: Person
    versions: int
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return f"SC{self.number:04d}"


def threshold_met(cls: str, yes: int, no: int) -> bool:
    cast = yes + no
    if cast == 0:
        return False
    ratio = Fraction(yes, cast)
    return ratio >= ISSUER_SHARE if cls == ISSUER else ratio > CONSUMER_SHARE


def quorum_required(meetings: list[Meeting], days: list[date], opened: datetime) -> int:
    """More than half of the average Voting Member organizations at the previous meetings."""
    before = bisect.bisect_left(days, opened.date())
    previous = meetings[max(0, before - QUORUM_MEETINGS) : before]
    if not previous:
        return 0
    active = Fraction(sum(m.voting_orgs_present for m in previous), len(previous))
    return int(QUORUM_SHARE * active) + 1


def _vote(rng: random.Random, yes: float, no: float) -> str:
    roll = rng.random()
    return "yes" if roll < yes else "no" if roll < yes + no else "abstain"


def make_ballot(
    rng: random.Random,
    number: int,
    start: datetime,
    roster: Roster,
    meetings: list[Meeting],
    days: list[date],
) -> Ballot:
    issuers = roster.voting_orgs(ISSUER)
    consumers = roster.voting_orgs(CONSUMER)
    proposer_org = rng.choice(issuers) if rng.random() < 0.85 else rng.choice(consumers)
    proposer = rng.choice(roster.reps[proposer_org.name])
    endorser_orgs = rng.sample([o for o in issuers + consumers if o is not proposer_org], 2)
    versions: list[dict[str, Any]] = []
    posted = start
    for version in range(1, rng.choices((1, 2, 3), (6, 3, 1))[0] + 1):
        if version > 1:
            posted += timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 8))
        entry: dict[str, Any] = {
            "version": version,
            "posted": stamp(posted),
            "pull_request": f"{PULLS}/{number}",
        }
        if version > 1:
            entry["notes"] = "Addresses comments from the discussion."
        versions.append(entry)
    voting_start = posted + timedelta(
        days=DISCUSSION_MIN_DAYS + rng.randint(0, 5), hours=rng.randint(0, 6)
    )
    voting_end = voting_start + timedelta(days=VOTING_DAYS)

    # Mostly ballots meant to pass; some with many "no" votes in one class.
    intent = rng.random()
    odds = {ISSUER: (0.88, 0.04), CONSUMER: (0.85, 0.05)}
    if intent < 0.1:
        odds[ISSUER] = (0.5, 0.4)
    elif intent < 0.2:
        odds[CONSUMER] = (0.25, 0.6)
    voters = rng.sample(issuers, rng.randint(22, 27)) + rng.sample(consumers, rng.randint(4, 8))
    span = int((voting_end - voting_start).total_seconds())
    # Sorted by time, then name: two votes may fall in the same second.
    cast = sorted(
        ((voting_start + timedelta(seconds=rng.randrange(60, span - 60)), org) for org in voters),
        key=lambda pair: (pair[0], pair[1].name),
    )
    tally = {cls: {"yes": 0, "no": 0, "abstain": 0} for cls in VOTING_CLASSES}
    votes: list[dict[str, Any]] = []
    for moment, org in cast:
        choice = _vote(rng, *odds[org.cls])
        tally[org.cls][choice] += 1
        votes.append(
            {
                "org": org.alias if org.alias and rng.random() < 0.2 else org.name,
                "vote": choice,
                "by": rng.choice(roster.reps[org.name]).name,
                "at": stamp(moment),
            }
        )
    quorum = quorum_required(meetings, days, voting_start)
    passed = len(votes) >= quorum and all(
        threshold_met(cls, tally[cls]["yes"], tally[cls]["no"]) and tally[cls]["yes"] > 0
        for cls in VOTING_CLASSES
    )
    outcome = "passed" if passed else "failed"
    guideline = "final-guideline" if rng.random() < 0.15 else "final-maintenance-guideline"

    data: dict[str, Any] = {
        "id": f"SC{number:04d}",
        "title": f"{rng.choice(_VERBS)} {rng.choice(_TOPICS)}",
        "status": outcome,
        "proposers": [{"name": proposer.name, "org": proposer_org.name}],
        "endorsers": [
            {
                "name": rng.choice(roster.reps[org.name]).name,
                "org": org.name,
                "at": stamp(start - timedelta(hours=rng.randint(1, 72))),
            }
            for org in endorser_orgs
        ],
        "guideline": guideline,
        "documents": sorted(rng.sample(DOCUMENTS, rng.choice((1, 1, 1, 2)))),
    }
    if number > 10 and rng.random() < 0.05:
        data["depends_on"] = [f"SC{rng.randint(1, number - 1):04d}"]
    data["versions"] = versions
    data["discussion"] = {"start": stamp(start), "end": stamp(voting_start)}
    data["voting"] = {"start": stamp(voting_start), "end": stamp(voting_end)}
    data["votes"] = votes
    data["result"] = {
        "outcome": outcome,
        "tally": tally,
        "quorum": quorum,
        "participants": len(votes),
        "decided": stamp(voting_end),
    }
    if passed:
        data["review"] = {
            "start": stamp(voting_end),
            "end": stamp(voting_end + timedelta(days=REVIEW_DAYS[guideline])),
            "notice": stamp(voting_end + timedelta(days=1)),
        }
    return Ballot(number, start, voting_start, voting_end, proposer, len(versions), data)


def make_ballots(
    rng: random.Random, roster: Roster, meetings: list[Meeting], count: int
) -> list[Ballot]:
    """Ballots numbered in the order their discussion opens, spread over the meetings' years."""
    days = [m.day for m in meetings]
    first = FIRST_MEETING + timedelta(days=7 * min(QUORUM_MEETINGS, max(len(meetings) - 1, 0)))
    last = first + timedelta(days=count)
    if days:
        last = max(days[-1] - timedelta(days=60), last)
    step = (last - first) / max(count, 1)
    ballots = []
    for number in range(1, count + 1):
        opened = datetime.combine(first + step * (number - 1), datetime.min.time(), UTC)
        opened += timedelta(hours=rng.randint(8, 20), minutes=rng.choice((0, 15, 30, 45)))
        ballots.append(make_ballot(rng, number, opened, roster, meetings, days))
    return ballots


def _spelling(rng: random.Random, number: int) -> str:
    """How minutes write a ballot id: mostly canonical, sometimes as people type it."""
    forms = (f"SC{number:04d}", f"SC-{number}", f"SC {number}", f"SC-{number:03d}")
    return rng.choices(forms, (7, 1, 1, 1))[0]


def add_updates(rng: random.Random, meetings: list[Meeting], ballots: list[Ballot]) -> None:
    """Ballot status updates at each meeting, about ballots open around its date."""
    opens = [b.start.date() for b in ballots]
    for meeting in meetings:
        day = meeting.day
        low = bisect.bisect_left(opens, day - timedelta(days=45))
        high = bisect.bisect_right(opens, day)
        current = [b for b in ballots[low:high] if day <= b.voting_end.date() + timedelta(days=7)]
        for ballot in rng.sample(current, min(len(current), rng.randint(1, 3))):
            if day < ballot.voting_start.date():
                note = f"In discussion (v{ballot.versions})."
            elif day < ballot.voting_end.date():
                note = f"In voting until {ballot.voting_end:%Y-%m-%d}."
            else:
                note = f"Voting closed: {ballot.data['status']}."
            meeting.updates.append(
                {
                    "ballot": _spelling(rng, ballot.number),
                    "owner": ballot.proposer.name,
                    "note": note,
                }
            )
        if rng.random() < 0.05:
            meeting.updates.append(
                {
                    "draft": f"{rng.choice(_TOPICS).replace(' ', '-').lower()}",
                    "owner": rng.choice(meeting.attendees).name,
                    "note": "Draft in preparation; endorsers sought.",
                }
            )


# --- the repository -----------------------------------------------------------------------------


@dataclass
class Built:
    root: str
    ballots: int
    meetings: int
    organizations: int
    people: int
    files: int
    size_bytes: int


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Clerk Bench",
            "-c",
            "user.email=bench@example.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=root,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build(root: Path, source: Path, ballots: int, meetings: int, commit: bool = True) -> Built:
    """Write the synthetic repository under `root` (an empty or new folder), `git init` it and
    commit the records; `source` is the project checkout whose governance.yaml and schemas/ are
    copied."""
    rng = random.Random(SEED)
    roster = make_roster(rng)
    chairs = [(roster.people[0].name, "Chair"), (roster.people[5].name, "Vice-Chair")]
    meeting_list = make_meetings(rng, roster, meetings)
    ballot_list = make_ballots(rng, roster, meeting_list, ballots)
    add_updates(rng, meeting_list, ballot_list)

    files: dict[str, str] = {
        "governance.yaml": governance_text(
            (source / "governance.yaml").read_text(encoding="utf-8"), chairs
        ),
        "members.yaml": dump(
            roster_record(roster), "A fictional roster generated by bench/validate."
        ),
    }
    for ballot in ballot_list:
        files[f"ballots/{ballot.id}.yaml"] = dump(ballot.data)
    for meeting in meeting_list:
        day = meeting.day.isoformat()
        files[f"meetings/{day[:4]}/{day}.yaml"] = dump(meeting.record(rng))

    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "schemas", root / "schemas", dirs_exist_ok=True)
    size = 0
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    _git(root, "init", "-q")
    if commit:
        _git(root, "add", "--", ".")
        _git(root, "commit", "-q", "-m", "Synthetic governance records")
    return Built(
        str(root),
        len(ballot_list),
        len(meeting_list),
        len(roster.orgs),
        len(roster.people),
        len(files),
        size,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build a repository from the command line; print what was built as JSON."""
    parser = argparse.ArgumentParser(
        prog="bench/synth.py", description="Build a synthetic Clerk records repository."
    )
    parser.add_argument("root", type=Path, help="folder to build in (new or empty)")
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="project checkout whose governance.yaml and schemas/ are copied",
    )
    parser.add_argument("--ballots", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--no-commit", action="store_true", help="git init, but commit nothing")
    args = parser.parse_args(argv)
    built = build(args.root, args.source, args.ballots, args.meetings, not args.no_commit)
    print(json.dumps(asdict(built)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
