"""Human-readable text for tallies and procedure results (the CLI prints what these return)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from clerk.records import Ballot, Roster, Rules, Threshold, format_time
from clerk.tally import NO_QUORUM_RULE, Tally, missing_voters
from clerk.words import voting_members


def _met(flag: bool | None) -> str:
    return "unknown" if flag is None else ("MET" if flag else "NOT MET")


def threshold_text(threshold: Threshold, note: str | None = None) -> str:
    """The threshold in words, with the body's note on its reading (governance.yaml's
    words.threshold_notes) when it has one."""
    text = threshold.describe()
    return f"{text} ({note})" if note else text


def _remaining(now: datetime, end: datetime) -> str:
    seconds = int((end - now).total_seconds())
    if seconds <= 0:
        return "closed"
    days, rest = divmod(seconds, 86400)
    hours = rest // 3600
    return f"{days} days {hours} hours left" if days else f"{hours} hours left"


def tally_data(
    ballot: Ballot, tally: Tally, rules: Rules, roster: Roster, now: datetime
) -> dict[str, Any]:
    start, end = ballot.period("voting")
    is_open = ballot.status == "voting" and end is not None and now < end
    return {
        "ballot": ballot.id,
        "label": ballot.label,
        "title": ballot.title,
        "status": ballot.status,
        "voting": {
            "start": format_time(start) if start else None,
            "end": format_time(end) if end else None,
            "open": is_open,
        },
        "classes": {
            key: {
                "name": c.name,
                "yes": c.yes,
                "no": c.no,
                "abstain": c.abstain,
                "threshold": c.threshold.as_data(),
                "threshold_text": threshold_text(c.threshold, rules.words.threshold_notes.get(key)),
                "threshold_short": c.threshold.short(),
                "met": c.threshold_met,
            }
            for key, c in tally.classes.items()
        },
        "yes_in_each_class": {
            "required": tally.yes_in_each_class,
            "met": tally.each_class_has_yes,
        },
        "quorum": {
            "required": tally.quorum.required,
            "participants": tally.participants,
            "met": tally.quorum_met,
            "active": float(tally.quorum.active) if tally.quorum.active is not None else None,
            "meetings": [{"date": d, "voting_members": n} for d, n in tally.quorum.meetings],
            "note": tally.quorum.reason,
            "stated": tally.quorum.stated,
        },
        "outcome": "passed" if tally.passed else "failed",
        "still_needed": tally.still_needed() if is_open else [],
        "not_voted": missing_voters(ballot, rules, roster) if is_open else [],
        "unclassified": tally.unclassified,
        "voting_unit": tally.voting_unit,
    }


def tally_text(data: dict[str, Any], now: datetime, *, countdown: bool = True) -> str:
    """The tally in words; ``countdown=False`` leaves out the time left, for text kept on
    GitHub that should change only when the tally does."""
    lines = [f"{data['label']}: {data['title']}"]
    voting = data["voting"]
    if voting["open"]:
        end = datetime.fromisoformat(voting["end"].replace("Z", "+00:00"))
        left = f" ({_remaining(now, end)})" if countdown else ""
        lines.append(f"Voting open until {voting['end']}{left}.")
    elif voting["end"]:
        lines.append(f"Voting ran {voting['start']} to {voting['end']}; status {data['status']}.")
    else:
        lines.append(f"Status {data['status']}; voting has not started.")
    for cls in data["classes"].values():
        lines.append(
            f"{cls['name']}s: {cls['yes']} yes, {cls['no']} no, {cls['abstain']} abstain; "
            f"needs {cls['threshold_text']}: {_met(cls['met'])}"
        )
    each = data["yes_in_each_class"]
    if each["required"]:
        lines.append(f"At least one yes in each class: {_met(each['met'])}")
    quorum = data["quorum"]
    members = voting_members(data.get("voting_unit", "organizations"))
    if quorum["note"] == NO_QUORUM_RULE:
        lines.append("Quorum: the rules set none.")
    elif quorum["required"] is None:
        lines.append(
            f"Quorum: {quorum['participants']} {members} took part; required number "
            f"unknown ({quorum['note']})."
        )
    else:
        basis = ""
        if quorum["meetings"] and quorum["active"] is not None:
            counts = ", ".join(f"{m['date']}: {m['voting_members']}" for m in quorum["meetings"])
            basis = f"; active {members} averaged {quorum['active']:.2f} ({counts})"
        elif quorum["note"]:
            basis = f"; {quorum['note']}"
        lines.append(
            f"Quorum: {quorum['participants']} took part, {quorum['required']} required "
            f"(more than half of the active {members}{basis}): {_met(quorum['met'])}"
        )
    verdict = "PASSES" if data["outcome"] == "passed" else "FAILS"
    if voting["open"]:
        lines.append(f"If voting closed now, the ballot {verdict}.")
    else:
        lines.append(f"Outcome: {data['outcome'].upper()}.")
    lines += [f"Still needed: {need}." for need in data["still_needed"]]
    if data["not_voted"]:
        lines.append(f"Not yet voted ({len(data['not_voted'])}): {', '.join(data['not_voted'])}")
    if data["unclassified"]:
        lines.append(
            f"Not counted (no voting class): {', '.join(data['unclassified'])}; "
            "fix their class in members.yaml."
        )
    return "\n".join(lines)
