"""The ballot procedure: which moves are legal, when, and what each one changes in the record.

Pure: every function takes the repository index and the time and returns a `Change` (a
description and a function that edits the record's data) or raises `ProcedureError` saying which
condition is missing and, where time will cure it, when it will hold. Nothing here touches files.

Decisions (see the README, "Edge cases"):
- all times are UTC; periods are whole days of 24 hours, so daylight-saving changes do not exist;
- a period's end is excluded: a vote cast exactly at the end of voting is late;
- a ballot cannot be revised during voting: it must be withdrawn and proposed again;
- a second vote from the same organization during voting replaces its first: a member may
  change its mind until the vote closes; the record keeps the latest vote and Git keeps both.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from clerk.findings import ClerkError, suggest
from clerk.records import (
    BALLOTS_DIR,
    DRAFTS_DIR,
    Ballot,
    Person,
    format_time,
)
from clerk.repository import Index
from clerk.schema import property_order
from clerk.tally import count_votes, org_classes

Doc = MutableMapping[str, Any]


class ProcedureError(ClerkError):
    """A move the procedure does not allow now."""


@dataclass
class Change:
    """One move of one ballot: what it is, the commit subject, and the edit that makes it."""

    ballot: Ballot
    old_status: str
    new_status: str
    summary: str
    edit: Callable[[Doc], None]
    new_file: str | None = None
    changed: bool = True

    @property
    def transition(self) -> str | None:
        if self.old_status == self.new_status:
            return None
        return f"{self.old_status} -> {self.new_status}"

    @property
    def target_file(self) -> str:
        return self.new_file or self.ballot.file

    def applied(self) -> Ballot:
        """The ballot as it is after this change (on a copy of its data)."""
        data = copy.deepcopy(self.ballot.data)
        self.edit(data)
        return Ballot(self.target_file, data)


def unchanged(ballot: Ballot, summary: str) -> Change:
    return Change(ballot, ballot.status, ballot.status, summary, lambda doc: None, changed=False)


def put(doc: Doc, key: str, value: Any) -> None:
    """Set a key, inserting a new one at its place in the schema's order of keys."""
    if key in doc or not hasattr(doc, "insert"):
        doc[key] = value
        if not hasattr(doc, "insert"):
            _reorder(doc)
        return
    order = property_order("ballot")
    rank = order.index(key) if key in order else len(order)
    position = 0
    for number, existing in enumerate(doc):
        other = order.index(existing) if existing in order else len(order)
        if other <= rank:
            position = number + 1
    doc.insert(position, key, value)  # type: ignore[attr-defined]


def append(doc: Doc, key: str, entry: dict[str, Any]) -> None:
    """Add an entry to a list field, creating the field at its place when it is absent."""
    items = doc.get(key)
    if items is None:
        put(doc, key, [entry])
    else:
        items.append(entry)


def _reorder(doc: Doc) -> None:
    order = property_order("ballot")
    items = sorted(doc.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    doc.clear()
    doc.update(items)


# --- who may act --------------------------------------------------------------------------------


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


# --- proposing ---------------------------------------------------------------------------------


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-") or "ballot"


def next_free_number(index: Index) -> int:
    numbers = [index.rules.ids.number(b.id) for b in index.ballots if b.id]
    taken = {n for n in numbers if n is not None}
    for stem in index.unloaded_ballots:
        number = index.rules.ids.number(stem)
        if number is not None:
            taken.add(number)
    return max(taken, default=0) + 1


def propose(
    index: Index,
    title: str,
    proposer: str,
    now: datetime,
    ballot_id: str | None = None,
    slug: str | None = None,
    guideline: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """A new ballot record: (repository path, data). Unnumbered unless an id is given."""
    if not title.strip():
        raise ProcedureError("a ballot needs a title.")
    person, org = voting_person(index, proposer, "propose a ballot")
    data: dict[str, Any] = {}
    if ballot_id:
        canonical = index.rules.ids.canonical(ballot_id)
        if canonical is None:
            raise ProcedureError(
                f'"{ballot_id}" is not a ballot id; write it like {index.rules.ids.format(86)}.'
            )
        if index.ballot(canonical) or canonical in index.unloaded_ballots:
            raise ProcedureError(f"{canonical} exists already; choose another number.")
        data["id"] = canonical
        path = f"{BALLOTS_DIR}/{canonical}.yaml"
    else:
        slug = slug or slugify(title)
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
            raise ProcedureError(f'"{slug}" is not a slug: use lowercase letters, digits, -.')
        if index.ballot(f"drafts/{slug}") is not None:
            raise ProcedureError(
                f"{DRAFTS_DIR}/{slug}.yaml exists already; pass --slug with another name."
            )
        data["slug"] = slug
        path = f"{DRAFTS_DIR}/{slug}.yaml"
    data["title"] = title.strip()
    data["status"] = "draft"
    data["proposer"] = {"name": person.name, "org": org}
    kinds = list(index.rules.review_days)
    if guideline is not None and kinds and guideline not in kinds:
        raise ProcedureError(f'guideline "{guideline}" is not one of: {", ".join(kinds)}.')
    if guideline or kinds:
        data["guideline"] = guideline or kinds[0]
    data["versions"] = [{"version": 1, "posted": format_time(now)}]
    return path, data


def endorse(index: Index, ballot: Ballot, name: str, now: datetime) -> Change:
    if ballot.status not in ("draft", "discussion"):
        raise ProcedureError(
            f"{ballot.label} is in {ballot.status}; endorsements are given before voting."
        )
    person, org = voting_person(index, name, "endorse a ballot")
    proposer_org = index.roster.org(ballot.proposer.get("org"))
    if proposer_org is not None and proposer_org.name == org:
        raise ProcedureError(
            f"{person.name} represents {org}, the proposer's own organization; endorsements "
            "must come from two other Voting Member organizations."
        )
    for endorser in ballot.endorsers:
        if index.roster.person(endorser.get("name")) == person:
            return unchanged(ballot, f"{person.name} has already endorsed {ballot.label}")
        other = index.roster.org(endorser.get("org"))
        if other is not None and other.name == org:
            raise ProcedureError(
                f"{org} has already endorsed {ballot.label} (through {endorser['name']}); "
                "each endorsing organization counts once."
            )
    required = index.rules.endorsements_required
    count = len(ballot.endorsers) + 1
    number = None
    new_file = None
    if ballot.id is None and count >= required:
        number = index.rules.ids.format(next_free_number(index))
        new_file = f"{BALLOTS_DIR}/{number}.yaml"

    def edit(doc: Doc) -> None:
        append(doc, "endorsers", {"name": person.name, "org": org, "at": format_time(now)})
        if number:
            put(doc, "id", number)

    label = number or ballot.label
    summary = f"{label}: endorsed by {person.name} ({org})"
    if number:
        summary += f"; numbered {number}"
    return Change(ballot, ballot.status, ballot.status, summary, edit, new_file)


def revise(
    index: Index,
    ballot: Ballot,
    now: datetime,
    pull_request: str | None = None,
    compare: str | None = None,
    notes: str | None = None,
) -> Change:
    if ballot.status == "voting":
        raise ProcedureError(
            f"{ballot.label} is in voting; a ballot cannot be revised during voting. "
            "Withdraw it (clerk ballot withdraw) and propose the new text as a new ballot."
        )
    if ballot.status not in ("draft", "discussion"):
        raise ProcedureError(f"{ballot.label} is {ballot.status}; only open ballots are revised.")
    version = ballot.version + 1 if ballot.versions else 1
    last = ballot.last_version_time()
    if last and now <= last:
        raise ProcedureError(
            f"the time given ({format_time(now)}) is not after the last version "
            f"({format_time(last)})."
        )

    def edit(doc: Doc) -> None:
        entry: dict[str, Any] = {"version": version, "posted": format_time(now)}
        if pull_request:
            entry["pull_request"] = pull_request
        if compare:
            entry["compare"] = compare
        if notes:
            entry["notes"] = notes
        append(doc, "versions", entry)

    summary = f"{ballot.id or ballot.label}: version {version}"
    return Change(ballot, ballot.status, ballot.status, summary, edit)


def start_discussion(index: Index, ballot: Ballot, now: datetime) -> Change:
    if ballot.status == "discussion":
        return unchanged(ballot, f"{ballot.label} is already in discussion")
    if ballot.status != "draft":
        raise ProcedureError(f"{ballot.label} is {ballot.status}; only a draft enters discussion.")
    required = index.rules.endorsements_required
    if len(ballot.endorsers) < required:
        raise ProcedureError(
            f"{ballot.label} has {len(ballot.endorsers)} of the {required} endorsements it needs "
            "from other Voting Member organizations; run clerk ballot endorse first."
        )
    if ballot.id is None:
        raise ProcedureError(f"{ballot.label} has no number yet; endorse it to number it.")

    def edit(doc: Doc) -> None:
        put(doc, "status", "discussion")
        put(doc, "discussion", {"start": format_time(now)})
        versions = doc.get("versions")
        if not versions:
            put(doc, "versions", [{"version": 1, "posted": format_time(now)}])
        elif "posted" not in versions[-1]:
            versions[-1]["posted"] = format_time(now)

    return Change(ballot, "draft", "discussion", f"{ballot.id}: draft -> discussion", edit)


def _lapse_time(index: Index, ballot: Ballot) -> datetime | None:
    last = ballot.last_version_time()
    return last + timedelta(days=index.rules.discussion_lapse_days) if last else None


def start_voting(index: Index, ballot: Ballot, now: datetime) -> Change:
    if ballot.status == "voting":
        return unchanged(ballot, f"{ballot.label} is already in voting")
    if ballot.status != "discussion":
        raise ProcedureError(
            f"{ballot.label} is {ballot.status}; voting starts only after discussion."
        )
    last = ballot.last_version_time()
    rules = index.rules
    if last is None:
        raise ProcedureError(f"{ballot.label} records no discussion start or version time.")
    earliest = last + timedelta(days=rules.discussion_min_days)
    if now < earliest:
        raise ProcedureError(
            f"{ballot.label} needs {rules.discussion_min_days} days of discussion with no new "
            f"version; the last version was posted {format_time(last)}, so voting may start at "
            f"{format_time(earliest)} or later."
        )
    lapse = _lapse_time(index, ballot)
    if lapse and now >= lapse:
        raise ProcedureError(
            f"{ballot.label} lapsed at {format_time(lapse)}, {rules.discussion_lapse_days} days "
            "after its last version; clerk advance records it as failed."
        )
    if rules.review_days and ballot.guideline not in rules.review_days:
        raise ProcedureError(
            f"{ballot.label} does not say which guideline kind it produces; set guideline to "
            f"one of {', '.join(rules.review_days)} so the review period is known."
        )
    end = now + timedelta(days=rules.voting_days)
    voting_members = org_classes(ballot, rules, index.roster)
    probe = Ballot(ballot.file, {**ballot.data, "voting": {"start": format_time(now)}})
    quorum = count_votes(probe, rules, index.roster, index.meeting_log).quorum
    frozen: dict[str, Any] = {
        "thresholds": {
            c.id: (c.threshold.as_data() if c.threshold else {}) for c in rules.voting_classes
        },
        "yes_in_each_class": rules.yes_in_each_class,
        "quorum": rules.quorum.as_data(),
    }
    if quorum.required is not None:
        frozen["quorum_required"] = quorum.required
    frozen["voting_members"] = dict(sorted(voting_members.items()))

    def edit(doc: Doc) -> None:
        put(doc, "status", "voting")
        discussion = doc.get("discussion")
        if discussion is None:
            put(doc, "discussion", {"end": format_time(now)})
        else:
            discussion["end"] = format_time(now)
        put(doc, "voting", {"start": format_time(now), "end": format_time(end)})
        put(doc, "rules", frozen)

    return Change(ballot, "discussion", "voting", f"{ballot.id}: discussion -> voting", edit)


def cast_vote(
    index: Index, ballot: Ballot, org_name: str, value: str, by: str | None, now: datetime
) -> Change:
    if value not in ("yes", "no", "abstain"):
        raise ProcedureError(f'"{value}" is not a vote; vote yes, no or abstain.')
    if ballot.status != "voting":
        raise ProcedureError(f"{ballot.label} is {ballot.status}, not in voting; no vote is taken.")
    start, end = ballot.period("voting")
    if start is None or end is None:
        raise ProcedureError(f"{ballot.label} records no voting period.")
    if now < start:
        raise ProcedureError(f"voting on {ballot.label} opens at {format_time(start)}.")
    if now >= end:
        raise ProcedureError(
            f"voting on {ballot.label} closed at {format_time(end)}; a vote at or after the end "
            "is late."
        )
    org = index.roster.org(org_name)
    if org is None:
        raise ProcedureError(
            f'"{org_name}" is not an organization in members.yaml'
            f"{suggest(org_name, index.roster.org_names())}."
        )
    classes = org_classes(ballot, index.rules, index.roster)
    if org.name not in classes:
        raise ProcedureError(
            f"{org.name} is not a Voting Member (when voting opened); only Voting Members vote."
        )
    person_name = None
    if by:
        person, person_org = voting_person(index, by, "vote")
        if person_org != org.name:
            raise ProcedureError(
                f"{person.name} represents {person_org}, not {org.name}; a vote for {org.name} "
                f"is cast by one of its Voting Representatives."
            )
        person_name = person.name
    previous = next(
        (v for v in ballot.votes if (index.roster.org(v.org) or org).name == org.name), None
    )
    if previous and previous.vote == value and previous.by == person_name:
        return unchanged(ballot, f"{org.name} has already voted {value} on {ballot.label}")
    entry: dict[str, Any] = {"org": org.name, "vote": value}
    if person_name:
        entry["by"] = person_name
    entry["at"] = format_time(now)

    def edit(doc: Doc) -> None:
        if previous is not None:
            doc["votes"][previous.index] = entry
        else:
            append(doc, "votes", entry)

    verb = "changes its vote to" if previous else "votes"
    summary = f"{ballot.label}: {org.name} {verb} {value}"
    return Change(ballot, "voting", "voting", summary, edit)


def withdraw(index: Index, ballot: Ballot, now: datetime, by: str | None = None) -> Change:
    if ballot.status == "withdrawn":
        return unchanged(ballot, f"{ballot.label} is already withdrawn")
    if ballot.status not in ("draft", "discussion", "voting"):
        raise ProcedureError(f"{ballot.label} is {ballot.status}; it can no longer be withdrawn.")
    who = None
    if by:
        person = index.roster.person(by)
        proposer = index.roster.person(ballot.proposer.get("name"))
        if person is None or (proposer is not None and person != proposer):
            raise ProcedureError(
                f"only the proposer ({ballot.proposer.get('name', 'unknown')}) may withdraw "
                f"{ballot.label}."
            )
        who = person.name

    def edit(doc: Doc) -> None:
        put(doc, "status", "withdrawn")
        record: dict[str, Any] = {"at": format_time(now)}
        if who:
            record["by"] = who
        put(doc, "withdrawn", record)

    old = ballot.status
    return Change(ballot, old, "withdrawn", f"{ballot.label}: {old} -> withdrawn", edit)


def exclusion_notice(
    index: Index, ballot: Ballot, org_name: str, now: datetime, by: str | None = None
) -> Change:
    if ballot.status != "passed":
        raise ProcedureError(
            f"{ballot.label} is {ballot.status}; Exclusion Notices are filed during the IPR "
            "Review Period of an adopted ballot."
        )
    start, end = ballot.period("review")
    if start is None or end is None:
        raise ProcedureError(f"{ballot.label} records no review period.")
    if not start <= now < end:
        raise ProcedureError(
            f"the review period of {ballot.label} runs from {format_time(start)} to "
            f"{format_time(end)}."
        )
    org = index.roster.org(org_name)
    if org is None:
        raise ProcedureError(f'"{org_name}" is not an organization in members.yaml.')
    notice: dict[str, Any] = {"org": org.name}
    if by:
        notice["by"] = by
    notice["at"] = format_time(now)

    def edit(doc: Doc) -> None:
        put(doc, "status", "rescinded")
        append(doc, "exclusion_notices", notice)

    summary = f"{ballot.label}: passed -> rescinded (Exclusion Notice from {org.name})"
    return Change(ballot, "passed", "rescinded", summary, edit)


# --- timed transitions -----------------------------------------------------------------------


def due_change(index: Index, ballot: Ballot, now: datetime) -> Change | None:
    """The next timed transition of a ballot that is due at `now`, if any."""
    rules = index.rules
    if ballot.status == "voting":
        _, end = ballot.period("voting")
        if end is None or now < end:
            return None
        tally = count_votes(ballot, rules, index.roster, index.meeting_log)
        result = tally.result_data()
        result["decided"] = format_time(end)
        if tally.passed:
            review = rules.review_length(ballot.guideline)

            def passed(doc: Doc) -> None:
                put(doc, "status", "passed")
                put(doc, "result", result)
                if review is not None:
                    put(
                        doc, "review", {"start": format_time(end), "end": format_time(end + review)}
                    )

            return Change(ballot, "voting", "passed", f"{ballot.id}: voting -> passed", passed)

        def failed(doc: Doc) -> None:
            put(doc, "status", "failed")
            put(doc, "result", result)

        return Change(ballot, "voting", "failed", f"{ballot.id}: voting -> failed", failed)
    if ballot.status == "passed":
        _, end = ballot.period("review")
        if end is None or now < end or ballot.data.get("exclusion_notices"):
            return None

        def final(doc: Doc) -> None:
            put(doc, "status", "final")
            put(doc, "effective", end.date().isoformat())

        return Change(ballot, "passed", "final", f"{ballot.id}: passed -> final", final)
    if ballot.status == "discussion":
        lapse = _lapse_time(index, ballot)
        if lapse is None or now < lapse:
            return None

        def lapsed(doc: Doc) -> None:
            put(doc, "status", "failed")
            discussion = doc.get("discussion")
            if discussion is not None:
                discussion["end"] = format_time(lapse)
            note = (
                f"Failed on {lapse.date().isoformat()}: {rules.discussion_lapse_days} days "
                "passed since the last version without voting."
            )
            existing = doc.get("notes")
            put(doc, "notes", f"{existing}\n{note}" if existing else note)

        label = ballot.id or ballot.label
        return Change(ballot, "discussion", "failed", f"{label}: discussion -> failed", lapsed)
    return None


def due_changes(index: Index, ballot: Ballot, now: datetime) -> list[Change]:
    """Every timed transition due at `now`, in order (a ballot may owe more than one)."""
    changes: list[Change] = []
    current = ballot
    while (change := due_change(index, current, now)) is not None:
        changes.append(change)
        current = change.applied()
        if len(changes) > 5:  # no ballot has more timed moves than this
            break
    return changes
