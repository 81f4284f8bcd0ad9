"""After an adopted Initial Vote (Bylaws 2.4(5)-(9)): the Review Notice, Exclusion Notices, the
Patent Advisory Group's conclusion, and the Second Vote."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from clerk.procedure.core import (
    Change,
    Doc,
    ProcedureError,
    add_business_days,
    append,
    put,
    require_forward,
    unchanged,
)
from clerk.procedure.people import (
    chair_name,
    known_person,
    require_chair,
    require_proposer,
)
from clerk.procedure.rounds import ROUND_FIELDS
from clerk.records import Ballot, format_time
from clerk.repository import Index


def notice_deadlines(index: Index, ballot: Ballot) -> tuple[datetime, datetime] | None:
    """(the Chair's deadline for the Review Notice, when the Vice Chair may send it), counted in
    business days from the close of the vote, the earliest the results can be announced."""
    _, closed = ballot.period("voting")
    if closed is None:
        return None
    rules = index.rules
    return (
        add_business_days(closed, rules.review_notice_business_days),
        add_business_days(closed, rules.vice_chair_notice_business_days),
    )


def review_notice(
    index: Index,
    ballot: Ballot,
    by: str | None,
    now: datetime,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Change:
    """The Review Notice starts the Review Period (Bylaws 2.4(5)): sent by the Chair, or by the
    Vice Chair once the Chair's days have passed. The end defaults to the start plus the
    guideline's review days; a longer review is accepted, a shorter one is not."""
    if ballot.status != "passed":
        raise ProcedureError(
            f"{ballot.label} is {ballot.status}; a Review Notice follows an Initial Vote that "
            "passed."
        )
    length = index.rules.review_length(ballot.guideline)
    if length is None:
        raise ProcedureError(
            f"{ballot.label} produces no guideline ({ballot.guideline}); it has no Review Period."
        )
    person = require_chair(index, by, "send the Review Notice")
    name = chair_name(index, person)
    deadlines = notice_deadlines(index, ballot)
    if index.rules.is_vice_chair(name) and deadlines and now < deadlines[1]:
        chairs = [c for c in index.rules.chairs if not index.rules.is_vice_chair(c)]
        raise ProcedureError(
            f"until {format_time(deadlines[1])} ({index.rules.vice_chair_notice_business_days} "
            f"business days after the vote closed) the Review Notice of {ballot.label} is the "
            f"Chair's ({', '.join(chairs) or 'see governance.yaml'}); the Vice Chair sends it "
            "after that."
        )
    start = start or now
    end = end or start + length
    _, closed = ballot.period("voting")
    if closed and start < closed:
        raise ProcedureError(
            f"the Review Period cannot start ({format_time(start)}) before the vote closed "
            f"({format_time(closed)})."
        )
    if start < now:
        raise ProcedureError(
            f"the Review Period starts when its notice is sent or later; the notice is sent at "
            f"{format_time(now)}, the start given is {format_time(start)}."
        )
    if end - start < length:
        raise ProcedureError(
            f"a {ballot.guideline} needs a Review Period of at least {length.days} days; "
            f"{format_time(start)} to {format_time(end)} is shorter (end "
            f"{format_time(start + length)} or later)."
        )
    record = {
        "start": format_time(start),
        "end": format_time(end),
        "notice": format_time(now),
        "by": name,
    }
    existing = ballot.data.get("review")
    if existing:
        if {k: existing.get(k) for k in ("start", "end", "by")} == {
            k: record[k] for k in ("start", "end", "by")
        }:
            return unchanged(ballot, f"the Review Notice of {ballot.label} is already recorded")
        raise ProcedureError(
            f"the Review Notice of {ballot.label} is already recorded (review "
            f"{existing.get('start')} to {existing.get('end')}); a notice is sent once."
        )
    require_forward(ballot, now)

    def edit(doc: Doc) -> None:
        put(doc, "review", dict(record))

    summary = (
        f"{ballot.label}: Review Notice by {name}; review {record['start']} to {record['end']}"
    )
    return Change(ballot, "passed", "passed", summary, edit)


def exclusion_notice(
    index: Index, ballot: Ballot, org_name: str | None, now: datetime, by: str | None = None
) -> Change:
    """A member's Exclusion Notice during the Review Period (Bylaws 2.4(6)); the review runs to
    its end whatever the number of notices, and `advance` then rescinds the results."""
    if ballot.status != "passed":
        raise ProcedureError(
            f"{ballot.label} is {ballot.status}; an {index.rules.words.exclusion_notice} is "
            f"filed during the {index.rules.words.review_period} of an adopted ballot."
        )
    start, end = ballot.period("review")
    if start is None or end is None:
        raise ProcedureError(
            f"{ballot.label} has no Review Period yet; it starts with the chair's Review Notice."
        )
    if not start <= now < end:
        raise ProcedureError(
            f"the review period of {ballot.label} runs from {format_time(start)} to "
            f"{format_time(end)}."
        )
    person = known_person(index, by, "file an Exclusion Notice")
    own = index.roster.org(person.org)
    org = index.roster.org(org_name) if org_name else own
    if org is None:
        raise ProcedureError(f'"{org_name or person.org}" is not an organization in members.yaml.')
    if own is None or own.name != org.name:
        raise ProcedureError(
            f"{person.name} represents {person.org or 'no organization'}; an Exclusion Notice "
            f"for {org.name} is filed by one of its own people."
        )
    require_forward(ballot, now)
    for notice in ballot.data.get("exclusion_notices") or []:
        if notice.get("org") == org.name and notice.get("by") == person.name:
            return unchanged(
                ballot, f"{org.name} has already filed an Exclusion Notice on {ballot.label}"
            )
    notice: dict[str, Any] = {"org": org.name, "by": person.name, "at": format_time(now)}

    def edit(doc: Doc) -> None:
        append(doc, "exclusion_notices", notice)

    summary = f"{ballot.label}: Exclusion Notice from {org.name} ({person.name})"
    return Change(ballot, "passed", "passed", summary, edit)


def pag_conclusion(
    index: Index,
    ballot: Ballot,
    by: str | None,
    now: datetime,
    conclusion: str | None = None,
    url: str | None = None,
) -> Change:
    """A chair records the Patent Advisory Group's conclusion (Bylaws 2.4(9)(a))."""
    if ballot.status != "rescinded":
        raise ProcedureError(
            f"{ballot.label} is {ballot.status}; a Patent Advisory Group concludes on a "
            "rescinded ballot."
        )
    person = require_chair(index, by, "record the Patent Advisory Group's conclusion")
    text = (conclusion or "").strip()
    if not text:
        raise ProcedureError("say what the Patent Advisory Group concluded (--conclusion TEXT).")
    if ballot.data.get("pag"):
        raise ProcedureError(
            f"the Patent Advisory Group's conclusion on {ballot.label} is already recorded."
        )
    require_forward(ballot, now)
    record: dict[str, Any] = {"at": format_time(now), "by": chair_name(index, person)}
    record["conclusion"] = text
    if url:
        record["url"] = url

    def edit(doc: Doc) -> None:
        put(doc, "pag", record)

    summary = f"{ballot.label}: Patent Advisory Group conclusion recorded by {record['by']}"
    return Change(ballot, "rescinded", "rescinded", summary, edit)


def second_vote(index: Index, ballot: Ballot, by: str | None, now: datetime) -> Change:
    """After the PAG's conclusion, the proposer takes the unchanged ballot to a Second Vote
    (Bylaws 2.4(9)(b)(1)): discussion and vote again, as a second round of the same record."""
    if ballot.status != "rescinded":
        raise ProcedureError(
            f"{ballot.label} is {ballot.status}; a Second Vote follows a rescission."
        )
    if ballot.is_second_vote:
        raise ProcedureError(f"{ballot.label} has had its Second Vote already.")
    if not ballot.data.get("pag"):
        raise ProcedureError(
            f"the Second Vote of {ballot.label} waits for the Patent Advisory Group's "
            "conclusion; a chair records it with clerk ballot pag-conclusion."
        )
    require_proposer(index, ballot, by, "take to a Second Vote")
    require_forward(ballot, now)

    def edit(doc: Doc) -> None:
        rounds = doc.get("rounds")
        entry = {"round": len(rounds or []) + 1}
        entry.update({key: doc[key] for key in ROUND_FIELDS if key in doc})
        for key in ROUND_FIELDS:
            if key in doc:
                del doc[key]
        if rounds is None:
            put(doc, "rounds", [entry])
        else:
            rounds.append(entry)
        put(doc, "status", "discussion")
        put(doc, "discussion", {"start": format_time(now)})

    summary = f"{ballot.label}: rescinded -> discussion (Second Vote)"
    return Change(ballot, "rescinded", "discussion", summary, edit)
