"""A synthetic Clerk records repository with a long Git history, for bench/history.

The records are bench/synth.py's (same roster, ballots and weekly meetings, from the same seed),
but instead of one commit holding their final text, the repository is built commit by commit the
way a body keeps it: every commit changes one record (a rename moves one). A ballot is proposed
as ballots/drafts/<slug>.yaml, endorsed, numbered and moved to ballots/SC<nnnn>.yaml by the
endorsement that completes the count, opens discussion, may get new versions, opens voting
(freezing the rules), receives its votes one commit each (some organizations change their vote),
is closed with its result, gets its Review Notice and becomes final. Meeting minutes are added as
a draft, attendees who were left out are added one commit each, action items are marked done and
the minutes are approved at the next meeting. Commits carry the time of the act they record.

One ballot, SC0042 (`TRACKED_ID`), is the one bench/history asks `clerk history` about: it has
exactly `TRACKED_COMMITS` commits of its own, spread over the history (its draft collects notes
and sources for about two years before it is numbered; after it takes effect, sources and notes
keep being added until the end), and is renamed once, so `git log --follow` matters.

The commits are streamed into `git fast-import`, then the repository is repacked as a clone would
be and the last commit is checked out. The final text of every record is what `clerk validate`
checks; bench/history runs it before timing anything.

Only the standard library is used.
"""

from __future__ import annotations

import argparse
import copy
import heapq
import json
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import synth

TRACKED_NUMBER = 42
TRACKED_ID = f"SC{TRACKED_NUMBER:04d}"
TRACKED_COMMITS = 60
DEFAULT_COMMITS = 20_000
MIN_COMMITS = 5_000
MAX_COMMITS = 100_000
BALLOTS_PER_COMMIT = 300 / 20_000
MEETINGS_PER_COMMIT = 1 / 20
BRANCH = "main"
SITE = "https://example-body.invalid"
LISTS = "https://lists.example-body.invalid/archives/scwg"

# The order of keys in a ballot record, as clerk writes them: the order its schema lists them.
BALLOT_KEY_ORDER = tuple(
    json.loads(
        (Path(__file__).resolve().parents[1] / "schemas" / "ballot.schema.json").read_text(
            encoding="utf-8"
        )
    )["properties"]
)

Author = tuple[str, str]
Data = dict[str, Any]


def person_author(name: str) -> Author:
    return name, f"{name.lower().replace(' ', '-')}@example.invalid"


BOT: Author = ("Clerk", "41898282+github-actions[bot]@users.noreply.github.com")


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


# --- plans: each record's commits, as timed edits of its data ----------------------------------


@dataclass
class Step:
    when: datetime
    subject: str
    author: Author
    edit: Callable[[Data], None]
    trailers: list[tuple[str, str]] = field(default_factory=list)
    move_to: str | None = None  # the record's new path from this commit on (a rename)


@dataclass
class Plan:
    """One record: where it starts, its timed edits, and how its data is written out."""

    path: str
    render: Callable[[Data], str]
    steps: list[Step] = field(default_factory=list)
    tracked: bool = False


@dataclass
class Commit:
    when: int  # Unix seconds, UTC
    record: int
    step: int
    path: str
    old_path: str | None
    text: str
    message: str
    author: Author
    tracked: bool


def commits_of(number: int, plan: Plan) -> Iterator[Commit]:
    """The record's commits in time order, each with the record's full text after the edit."""
    state: Data = {}
    path = plan.path
    steps = sorted(plan.steps, key=lambda s: s.when)  # stable: equal times keep their order
    for index, step in enumerate(steps):
        step.edit(state)
        old_path = None
        if step.move_to and step.move_to != path:
            old_path, path = path, step.move_to
        message = step.subject + "\n"
        if step.trailers:
            message += "\n" + "".join(f"{key}: {value}\n" for key, value in step.trailers)
        yield Commit(
            when=int(step.when.timestamp()),
            record=number,
            step=index,
            path=path,
            old_path=old_path,
            text=plan.render(state),
            message=message,
            author=step.author,
            tracked=plan.tracked,
        )


# --- fixed files --------------------------------------------------------------------------------


def file_plan(path: str, text: str, when: datetime, author: Author) -> Plan:
    def edit(state: Data) -> None:
        state["text"] = text

    return Plan(path, lambda state: state["text"], [Step(when, f"Add {path}", author, edit)])


# --- ballots -------------------------------------------------------------------------------------


def render_ballot(state: Data) -> str:
    ordered = {key: state[key] for key in BALLOT_KEY_ORDER if key in state}
    return synth.dump(ordered)


def frozen_rules(roster: synth.Roster, quorum: int) -> Data:
    """What `clerk ballot start-voting` freezes into the record (governance.yaml's rules)."""
    return {
        "thresholds": {
            synth.ISSUER: {"rule": "at-least", "fraction": "2/3"},
            synth.CONSUMER: {"rule": "more-than", "fraction": "1/2"},
        },
        "yes_in_each_class": True,
        "quorum": {"meetings": synth.QUORUM_MEETINGS, "fraction": "1/2"},
        "quorum_required": quorum,
        "voting_members": dict(sorted((o.name, o.cls) for o in roster.orgs if o.votes)),
    }


def _spread(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    """`count` sorted moments strictly inside (start, end), in working hours."""
    span = (end - start).total_seconds()
    moments = []
    for _ in range(count):
        moment = start + timedelta(seconds=rng.uniform(0.02, 0.98) * span)
        moments.append(moment.replace(hour=rng.randint(8, 19), minute=rng.randint(0, 59)))
    return sorted(max(start + timedelta(seconds=1), min(m, end)) for m in moments)


@dataclass
class BallotContext:
    rng: random.Random
    roster: synth.Roster
    meeting_days: list[datetime]  # meeting days at midnight UTC, in order
    history_end: datetime


def ballot_plan(
    ctx: BallotContext, ballot: synth.Ballot, slug: str, tracked: bool
) -> tuple[Plan, Data]:
    """The commits of one ballot from its proposal to the end; returns the plan and final data."""
    rng = ctx.rng
    final = copy.deepcopy(ballot.data)
    ballot_id = final["id"]
    draft_key = f"drafts/{slug}"
    draft_path = f"ballots/drafts/{slug}.yaml"
    final_path = f"ballots/{ballot_id}.yaml"
    final["slug"] = slug  # clerk keeps the slug after numbering, so the draft can be traced
    final["endorsers"].sort(key=lambda e: e["at"])
    proposer = person_author(final["proposers"][0]["name"])
    chair = person_author(ctx.roster.people[0].name)
    passed = final["status"] == "passed"
    first_endorsement = parse_stamp(final["endorsers"][0]["at"])
    voting_start = parse_stamp(final["voting"]["start"])
    voting_end = parse_stamp(final["voting"]["end"])

    # Votes in the order first cast; an organization that changed its mind first voted otherwise.
    changes = 2 if tracked else (1 if rng.random() < 0.25 else 0)
    changed = set(rng.sample(range(len(final["votes"])), changes))
    casts: list[tuple[datetime, Data, Data | None]] = []  # (first cast, first vote, final vote)
    for index, vote in enumerate(final["votes"]):
        if index in changed:
            at = parse_stamp(vote["at"])
            first_at = voting_start + (at - voting_start) * rng.uniform(0.1, 0.9)
            other = rng.choice([v for v in ("yes", "no", "abstain") if v != vote["vote"]])
            first = {**vote, "vote": other, "at": synth.stamp(first_at)}
            casts.append((first_at, first, vote))
        else:
            casts.append((parse_stamp(vote["at"]), vote, None))
    casts.sort(key=lambda c: c[0])
    final["votes"] = [last or first for _, first, last in casts]

    steps: list[Step] = []

    def add(
        when: datetime,
        subject: str,
        author: Author,
        edit: Callable[[Data], None],
        transition: str | None = None,
        move_to: str | None = None,
        key: str = ballot_id,
    ) -> None:
        trailers = [("Clerk-Ballot", key)]
        if transition:
            trailers.append(("Clerk-Transition", transition))
        steps.append(Step(when, subject, author, edit, trailers, move_to))

    # Proposed as an unnumbered draft.
    if tracked:
        proposed = ctx.meeting_days[1] + timedelta(days=2, hours=10, minutes=17)
    else:
        proposed = first_endorsement - timedelta(days=rng.randint(2, 20), hours=rng.randint(0, 9))

    def propose(state: Data) -> None:
        state.update(
            slug=slug,
            title=final["title"],
            status="draft",
            proposers=[dict(p) for p in final["proposers"]],
            guideline=final["guideline"],
            documents=list(final["documents"]),
            versions=[{"version": 1, "pull_request": final["versions"][0]["pull_request"]}],
        )
        if "depends_on" in final:
            state["depends_on"] = list(final["depends_on"])

    add(
        proposed,
        f"{draft_key}: proposed by {proposer[0]}",
        proposer,
        propose,
        "none -> draft",
        key=draft_key,
    )

    # Endorsed twice; the second endorsement numbers the ballot and moves it out of drafts/.
    one, two = final["endorsers"]

    def endorse_one(state: Data) -> None:
        state["endorsers"] = [dict(one)]

    def endorse_two(state: Data) -> None:
        state["endorsers"].append(dict(two))
        state["id"] = ballot_id

    add(
        parse_stamp(one["at"]),
        f"{draft_key}: endorsed by {one['name']} ({one['org']})",
        person_author(one["name"]),
        endorse_one,
        key=draft_key,
    )
    add(
        parse_stamp(two["at"]),
        f"{ballot_id}: endorsed by {two['name']} ({two['org']}); numbered {ballot_id}",
        person_author(two["name"]),
        endorse_two,
        move_to=final_path,
    )

    def discuss(state: Data) -> None:
        state["status"] = "discussion"
        state["discussion"] = {"start": final["discussion"]["start"]}
        state["versions"][0]["posted"] = final["versions"][0]["posted"]

    add(
        parse_stamp(final["discussion"]["start"]),
        f"{ballot_id}: draft -> discussion",
        proposer,
        discuss,
        "draft -> discussion",
    )
    for version in final["versions"][1:]:

        def revise(state: Data, version: Data = version) -> None:
            state["versions"].append(dict(version))

        add(
            parse_stamp(version["posted"]),
            f"{ballot_id}: version {version['version']}",
            proposer,
            revise,
        )

    rules = frozen_rules(ctx.roster, final["result"]["quorum"])
    final["rules"] = rules

    def open_voting(state: Data) -> None:
        state["status"] = "voting"
        state["discussion"]["end"] = final["discussion"]["end"]
        state["voting"] = dict(final["voting"])
        state["rules"] = copy.deepcopy(rules)

    add(
        voting_start,
        f"{ballot_id}: discussion -> voting",
        proposer,
        open_voting,
        "discussion -> voting",
    )

    for index, (first_at, first_vote, last_vote) in enumerate(casts):

        def cast(state: Data, vote: Data = first_vote) -> None:
            state.setdefault("votes", []).append(dict(vote))

        add(
            first_at,
            f"{ballot_id}: {first_vote['org']} votes {first_vote['vote']}",
            person_author(first_vote["by"]),
            cast,
        )
        if last_vote is not None:

            def change(state: Data, index: int = index, vote: Data = last_vote) -> None:
                state["votes"][index] = dict(vote)

            add(
                parse_stamp(last_vote["at"]),
                f"{ballot_id}: {last_vote['org']} changes its vote to {last_vote['vote']}",
                person_author(last_vote["by"]),
                change,
            )

    outcome = final["status"]

    def close(state: Data) -> None:
        state["status"] = outcome
        state["result"] = copy.deepcopy(final["result"])
        if passed:
            state["review"] = {"start": final["review"]["start"], "end": final["review"]["end"]}

    add(voting_end, f"{ballot_id}: voting -> {outcome}", BOT, close, f"voting -> {outcome}")
    settled = voting_end
    if passed:
        review_end = parse_stamp(final["review"]["end"])

        def notice(state: Data) -> None:
            state["review"]["notice"] = final["review"]["notice"]

        def take_effect(state: Data) -> None:
            state["status"] = "final"
            state["effective"] = final["effective"]

        final["status"] = "final"
        final["effective"] = review_end.date().isoformat()
        add(
            parse_stamp(final["review"]["notice"]),
            f"{ballot_id}: Review Notice sent",
            chair,
            notice,
        )
        add(review_end, f"{ballot_id}: passed -> final", BOT, take_effect, "passed -> final")
        settled = review_end

    # The tracked ballot's draft collects sources and notes (after meetings) before endorsement;
    # after it takes effect, sources and notes keep coming until the end of the history.
    extra = max(TRACKED_COMMITS - len(steps), 0) if tracked else 0
    draft_notes = extra // 2
    later_notes = extra - draft_notes
    sources: list[str] = []
    notes: list[str] = []

    def note_edit(source: str | None, sentence: str | None) -> Callable[[Data], None]:
        def edit(state: Data) -> None:
            if source:
                state.setdefault("sources", []).append(source)
            if sentence:
                state["notes"] = f"{state['notes']} {sentence}" if "notes" in state else sentence

        return edit

    if draft_notes:
        days = [d for d in ctx.meeting_days if proposed < d < first_endorsement - timedelta(days=2)]
        chosen = sorted(rng.sample(days, draft_notes))
        for number, day in enumerate(chosen):
            when = day + timedelta(days=1, hours=rng.randint(9, 17), minutes=rng.randint(0, 59))
            person = rng.choice(ctx.roster.people[:60]).name
            if number % 2 == 0:
                source = f"meetings/{day:%Y}/{day:%Y-%m-%d}.yaml"
                sentence = (
                    f"{day:%Y-%m-%d}: discussed; {person} to redraft the section on "
                    f"{rng.choice(synth._TOPICS)}."
                )
                subject = f"{draft_key}: notes from the meeting of {day:%Y-%m-%d}"
            else:
                source = f"{LISTS}/{day:%Y-%m}/msg{rng.randint(1, 99999):05d}.html"
                sentence = None
                subject = f"{draft_key}: add a source"
            sources.append(source)
            if sentence:
                notes.append(sentence)
            add(when, subject, person_author(person), note_edit(source, sentence), key=draft_key)

    if later_notes:
        moments = _spread(rng, settled + timedelta(days=1), ctx.history_end, later_notes)
        for number, when in enumerate(moments):
            person = rng.choice(ctx.roster.people[:60]).name
            if number % 2 == 0:
                if passed:
                    document = final["documents"][0]
                    source = f"{SITE}/guidelines/{document}/v{number // 2 + 1}.{number}"
                else:
                    source = f"{LISTS}/{when:%Y-%m}/msg{rng.randint(1, 99999):05d}.html"
                sentence = None
                subject = f"{ballot_id}: add a source"
            else:
                source = None
                sentence = f"{when:%Y-%m-%d}: " + (
                    "cited by a later ballot; the text is still in force."
                    if passed
                    else "a later ballot takes up part of this proposal."
                )
                notes.append(sentence)
                subject = f"{ballot_id}: update the notes"
            if source:
                sources.append(source)
            add(when, subject, person_author(person), note_edit(source, sentence))

    if sources:
        final["sources"] = sources
    if notes:
        final["notes"] = " ".join(notes)
    if tracked and len(steps) != TRACKED_COMMITS:
        raise RuntimeError(f"{ballot_id} has {len(steps)} commits, not {TRACKED_COMMITS}")
    plan = Plan(draft_path, render_ballot, steps, tracked)
    return plan, final


# --- meetings ------------------------------------------------------------------------------------


def meeting_plan(
    rng: random.Random, meeting: synth.Meeting, record: Data, omitted: Sequence[str]
) -> Plan:
    """Draft minutes, attendees added one commit each, action items done, approval."""
    day = datetime.combine(meeting.day, datetime.min.time(), UTC)
    path = f"meetings/{meeting.day:%Y}/{meeting.day.isoformat()}.yaml"
    label = f"Minutes of {meeting.day.isoformat()}"
    items = record.get("action_items") or []
    approved_at = day + timedelta(days=7, hours=rng.randint(17, 20), minutes=rng.randint(0, 59))
    drafted = day + timedelta(days=1, hours=rng.randint(8, 16), minutes=rng.randint(0, 59))

    def render(state: Data) -> str:
        data = dict(record)
        data["minutes_status"] = "approved" if state.get("approved") else "draft"
        present = state["present"]
        data["attendees"] = [a for a in record["attendees"] if a["name"] in present]
        if items:
            done = state["done"]
            data["action_items"] = [{**item, "done": n in done} for n, item in enumerate(items)]
        return synth.dump(data)

    def draft(state: Data) -> None:
        state["present"] = {a["name"] for a in record["attendees"]} - set(omitted)
        state["done"] = set()

    steps = [Step(drafted, f"{label} (draft)", person_author(meeting.minutes_by.name), draft)]
    last = drafted + timedelta(days=6) if meeting.last else approved_at
    for name, when in zip(omitted, _spread(rng, drafted, last, len(omitted)), strict=True):

        def attend(state: Data, name: str = name) -> None:
            state["present"].add(name)

        steps.append(
            Step(when, f"{label}: add {name} to the attendees", person_author(name), attend)
        )
    for number, item in enumerate(items):
        due = datetime.fromisoformat(item["due"]).replace(tzinfo=UTC)

        def done(state: Data, number: int = number) -> None:
            state["done"].add(number)

        when = due + timedelta(hours=rng.randint(8, 18))
        subject = f"{label}: action item {number + 1} done"
        steps.append(Step(when, subject, person_author(item["owner"]), done))
    if not meeting.last:

        def approve(state: Data) -> None:
            state["approved"] = True

        steps.append(
            Step(approved_at, f"{label} approved", person_author(meeting.chair.name), approve)
        )
    return Plan(path, render, steps)


# --- the repository -------------------------------------------------------------------------------


def sizes(commits: int) -> tuple[int, int]:
    """Ballots and meetings for a history of `commits` commits (300 and 1,000 for 20,000)."""
    ballots = max(TRACKED_NUMBER + 8, round(commits * BALLOTS_PER_COMMIT))
    meetings = max(60, round(commits * MEETINGS_PER_COMMIT))
    return ballots, meetings


@dataclass
class Built:
    root: str
    commits: int
    ballots: int
    meetings: int
    files: int
    size_bytes: int
    pack_bytes: int
    seconds: float
    tracked: dict[str, Any]


def plans(source: Path, commits: int) -> tuple[list[Plan], int, int]:
    """Every record's plan, with the attendee additions that bring the total to `commits`."""
    ballot_count, meeting_count = sizes(commits)
    rng = random.Random(synth.SEED)
    roster = synth.make_roster(rng)
    chairs = [(roster.people[0].name, "Chair"), (roster.people[5].name, "Vice-Chair")]
    meetings = synth.make_meetings(rng, roster, meeting_count)
    ballots = synth.make_ballots(rng, roster, meetings, ballot_count)
    synth.add_updates(rng, meetings, ballots)

    rng = random.Random(synth.SEED + 1)
    days = [datetime.combine(m.day, datetime.min.time(), UTC) for m in meetings]
    history_end = days[-1] + timedelta(days=6)
    start = days[0] - timedelta(days=30, hours=-10)
    founder = person_author(roster.people[0].name)
    setup = [
        (
            "governance.yaml",
            synth.governance_text((source / "governance.yaml").read_text(encoding="utf-8"), chairs),
        ),
        (
            "members.yaml",
            synth.dump(
                synth.roster_record(roster), "A fictional roster generated by bench/history."
            ),
        ),
    ]
    for schema in sorted((source / "schemas").glob("*.json")):
        setup.append((f"schemas/{schema.name}", schema.read_text(encoding="utf-8")))
    out = [
        file_plan(path, text, start + timedelta(minutes=5 * n), founder)
        for n, (path, text) in enumerate(setup)
    ]

    ctx = BallotContext(rng, roster, days, history_end)
    slugs: set[str] = set()
    for ballot in ballots:
        base = slugify(ballot.data["title"])
        slug, suffix = base, 2
        while slug in slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        slugs.add(slug)
        plan, _ = ballot_plan(ctx, ballot, slug, ballot.number == TRACKED_NUMBER)
        out.append(plan)

    records = [m.record(rng) for m in meetings]
    fixed = sum(len(p.steps) for p in out) + sum(
        1 + len(r.get("action_items") or []) + (0 if m.last else 1)
        for m, r in zip(meetings, records, strict=True)
    )
    additions = commits - fixed
    # Attendees who may be missing from the draft minutes: everyone but the chair and the scribe.
    candidates = [
        [a["name"] for a in r["attendees"] if a["name"] not in (m.chair.name, m.minutes_by.name)]
        for m, r in zip(meetings, records, strict=True)
    ]
    capacity = sum(len(c) for c in candidates)
    if not 0 <= additions <= capacity:
        raise ValueError(
            f"{commits} commits cannot be reached with {ballot_count} ballots and "
            f"{meeting_count} meetings ({fixed} commits before attendee additions, room for "
            f"{capacity} more)"
        )
    omitted_counts = [0] * len(meetings)
    open_slots = [n for n, c in enumerate(candidates) for _ in c]
    for slot in rng.sample(open_slots, additions):
        omitted_counts[slot] += 1
    for meeting, record, names, count in zip(
        meetings, records, candidates, omitted_counts, strict=True
    ):
        out.append(meeting_plan(rng, meeting, record, rng.sample(names, count)))
    return out, ballot_count, meeting_count


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def fast_import(root: Path, stream: Iterator[Commit]) -> tuple[int, list[int], dict[str, int]]:
    """Feed the commits to git fast-import; returns the count, the tracked marks and file sizes."""
    marks_file = root / ".git" / "bench-marks"
    proc = subprocess.Popen(
        ["git", "-C", str(root), "fast-import", "--quiet", f"--export-marks={marks_file}"],
        stdin=subprocess.PIPE,
    )
    assert proc.stdin is not None
    out = proc.stdin
    count = 0
    tracked: list[int] = []  # marks of the tracked record's commits; a rename's is negative
    files: dict[str, int] = {}
    ref = f"refs/heads/{BRANCH}".encode()
    for count, commit in enumerate(stream, 1):
        name, email = commit.author
        ident = f"{name} <{email}> {commit.when} +0000".encode()
        message = commit.message.encode()
        text = commit.text.encode()
        out.write(b"commit %s\nmark :%d\n" % (ref, count))
        out.write(b"author %s\ncommitter %s\n" % (ident, ident))
        out.write(b"data %d\n%s\n" % (len(message), message))
        if commit.old_path:
            out.write(b"D %s\n" % commit.old_path.encode())
            files.pop(commit.old_path, None)
        out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (commit.path.encode(), len(text), text))
        files[commit.path] = len(text)
        if commit.tracked:
            tracked.append(-count if commit.old_path else count)
    out.close()
    if proc.wait() != 0:
        raise RuntimeError(f"git fast-import exited {proc.returncode}")
    return count, tracked, files


def build(root: Path, source: Path, commits: int) -> Built:
    started = time.perf_counter()
    record_plans, ballot_count, meeting_count = plans(source, commits)
    root.mkdir(parents=True, exist_ok=True)
    _git(root, "init", "-q")
    streams = [commits_of(n, p) for n, p in enumerate(record_plans)]
    merged = heapq.merge(*streams, key=lambda c: (c.when, c.record, c.step))
    count, tracked_marks, files = fast_import(root, merged)
    if count != commits:
        raise RuntimeError(f"built {count} commits, expected {commits}")
    _git(root, "symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
    # A clone receives one pack made by pack-objects; fast-import's own pack deltas poorly.
    _git(root, "repack", "-a", "-d", "-f", "-q")
    _git(root, "reset", "-q", "--hard")

    marks = {}
    for line in (root / ".git" / "bench-marks").read_text().splitlines():
        mark, sha = line.split()
        marks[int(mark[1:])] = sha
    (root / ".git" / "bench-marks").unlink()
    pack_bytes = sum(p.stat().st_size for p in (root / ".git" / "objects" / "pack").glob("*.pack"))
    tracked_plan = next(p for p in record_plans if p.tracked)
    return Built(
        root=str(root),
        commits=count,
        ballots=ballot_count,
        meetings=meeting_count,
        files=len(files),
        size_bytes=sum(files.values()),
        pack_bytes=pack_bytes,
        seconds=time.perf_counter() - started,
        tracked={
            "id": TRACKED_ID,
            "file": f"ballots/{TRACKED_ID}.yaml",
            "first_file": tracked_plan.path,
            # newest first, as git log and clerk history list them
            "commits": [marks[abs(m)] for m in reversed(tracked_marks)],
            "renamed_in": next(marks[-m] for m in tracked_marks if m < 0),
        },
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build a repository from the command line; print what was built as JSON."""
    parser = argparse.ArgumentParser(
        prog="bench/history_synth.py",
        description="Build a synthetic Clerk records repository with a long Git history.",
    )
    parser.add_argument("root", type=Path, help="folder to build in (new or empty)")
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="project checkout whose governance.yaml and schemas/ are copied",
    )
    parser.add_argument(
        "--commits", type=int, default=DEFAULT_COMMITS, help=f"default {DEFAULT_COMMITS}"
    )
    args = parser.parse_args(argv)
    if not MIN_COMMITS <= args.commits <= MAX_COMMITS:
        parser.error(f"--commits must be between {MIN_COMMITS} and {MAX_COMMITS}")
    if args.root.exists() and any(args.root.iterdir()):
        parser.error(f"{args.root}: not empty; give a new or empty folder")
    if shutil.which("git") is None:
        print("bench/history_synth.py: git is not on PATH", file=sys.stderr)
        return 2
    built = build(args.root, args.source, args.commits)
    print(json.dumps(asdict(built)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
