"""What a record holds over time: the latest event it records (the clock never goes back past
it), and its earlier rounds (the Initial Vote kept when a Second Vote starts)."""

from __future__ import annotations

from datetime import datetime

from clerk.records import Ballot, parse_time

# The fields of one round of voting; a Second Vote moves the Initial Vote's into `rounds`.
ROUND_FIELDS = (
    "discussion",
    "voting",
    "review",
    "rules",
    "votes",
    "result",
    "exclusion_notices",
    "pag",
)


def latest_event(ballot: Ballot) -> tuple[datetime, str] | None:
    """The latest moment something happened to the ballot, and what. Scheduled ends (of voting,
    of the review) are not events: they lie in the future while the period runs."""
    data = ballot.data
    events: list[tuple[datetime | None, str]] = []
    events += [
        (parse_time(v.get("posted")), f"version {v.get('version')}") for v in ballot.versions
    ]
    events += [
        (parse_time(e.get("at")), f"endorsement by {e.get('name')}") for e in ballot.endorsers
    ]
    start, end = ballot.period("discussion")
    events += [(start, "discussion start"), (end, "discussion end")]
    events.append((ballot.period("voting")[0], "voting start"))
    events += [(v.at, f"vote of {v.org}") for v in ballot.votes]
    events.append((parse_time((ballot.result or {}).get("decided")), "result"))
    events.append((parse_time((data.get("review") or {}).get("notice")), "Review Notice"))
    events += [
        (parse_time(n.get("at")), f"Exclusion Notice of {n.get('org')}")
        for n in data.get("exclusion_notices") or []
    ]
    events.append((parse_time((data.get("withdrawn") or {}).get("at")), "withdrawal"))
    events.append((parse_time((data.get("pag") or {}).get("at")), "PAG conclusion"))
    known = [(t, what) for t, what in events if t is not None]
    return max(known, key=lambda e: e[0]) if known else None


def earlier_rounds(ballot: Ballot) -> list[tuple[int, Ballot]]:
    """Each earlier round as a ballot of its own (round number, ballot), oldest first."""
    base = {k: v for k, v in ballot.data.items() if k not in ROUND_FIELDS and k != "rounds"}
    out: list[tuple[int, Ballot]] = []
    for position, data in enumerate(ballot.rounds, start=1):
        fields = {k: v for k, v in data.items() if k != "round"}
        status = "rescinded" if data.get("exclusion_notices") else ballot.status
        out.append(
            (data.get("round", position), Ballot(ballot.file, {**base, **fields, "status": status}))
        )
    return out
