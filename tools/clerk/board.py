"""The ballot board: ballots grouped as the agenda lists them, with deadlines and open tallies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from clerk.procedure import notice_deadlines
from clerk.records import Ballot, format_time, parse_date
from clerk.repository import Index
from clerk.tally import count_votes

GROUPS = (
    ("In Discussion", ("discussion",)),
    ("In Voting", ("voting",)),
    ("{review}", ("passed",)),  # the body's name of the review, e.g. IPR Review
    ("Draft / Under Consideration", ("draft",)),
    ("Recently Adopted", ("final",)),
)


@dataclass
class Row:
    ballot: str
    title: str
    owner: str
    status: str
    deadline: str
    tally: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def next_deadline(index: Index, ballot: Ballot, now: datetime) -> str:
    rules = index.rules
    if ballot.status == "discussion":
        last = ballot.last_version_time()
        if last is None:
            return ""
        earliest = last + timedelta(days=rules.discussion_min_days)
        lapse = last + timedelta(days=rules.discussion_lapse_days)
        if now < earliest:
            return f"voting may start {format_time(earliest)}; lapses {lapse:%Y-%m-%d}"
        return f"voting may start now; lapses {format_time(lapse)}"
    if ballot.status == "voting":
        _, end = ballot.period("voting")
        return f"voting ends {format_time(end)}" if end else ""
    if ballot.status == "passed":
        _, end = ballot.period("review")
        if end:
            return f"review ends {format_time(end)}"
        due = notice_deadlines(index, ballot)
        return f"Review Notice due {format_time(due[0])}" if due else "Review Notice not recorded"
    if ballot.status == "final" and ballot.data.get("effective"):
        return f"effective {ballot.data['effective']}"
    return ""


def short_tally(index: Index, ballot: Ballot) -> str:
    whole = index.whole(ballot)  # a brief index leaves the votes out
    assert isinstance(whole, Ballot)
    tally = count_votes(whole, index.rules, index.roster, index.meeting_log)
    parts = [f"{c.name}s {c.yes}/{c.no}/{c.abstain}" for c in tally.classes.values()]
    verdict = "passing" if tally.passed else "not passing"
    return f"{'; '.join(parts)} (yes/no/abstain), {verdict} now"


def _recent(ballot: Ballot, now: datetime, days: int) -> bool:
    effective = parse_date(ballot.data.get("effective"))
    if effective is None:
        _, end = ballot.period("review")
        effective = end.date() if end else None
    return effective is not None and (now.date() - effective).days <= days


def board_rows(index: Index, now: datetime, recent_days: int = 90) -> list[tuple[str, list[Row]]]:
    groups: list[tuple[str, list[Row]]] = []
    for template, statuses in GROUPS:
        name = template.format(review=index.rules.words.review)
        rows = []
        for ballot in sorted(index.ballots, key=lambda b: (b.id is None, b.id or b.key)):
            if ballot.status not in statuses:
                continue
            if ballot.status == "final" and not _recent(ballot, now, recent_days):
                continue
            rows.append(
                Row(
                    ballot.label,
                    ballot.title,
                    ballot.proposer.get("name", ""),
                    ballot.status,
                    next_deadline(index, ballot, now),
                    short_tally(index, ballot) if ballot.status == "voting" else "",
                )
            )
        groups.append((name, rows))
    return groups


def board_text(groups: list[tuple[str, list[Row]]], *, markdown: bool = False) -> str:
    lines: list[str] = []
    for name, rows in groups:
        if markdown:
            lines += [f"### {name}", ""]
            if not rows:
                lines += ["None.", ""]
                continue
            lines += ["| Ballot | Title | Owner | Next deadline | Tally |", "|---|---|---|---|---|"]
            for row in rows:
                cells = [row.ballot, row.title, row.owner, row.deadline, row.tally]
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
            lines.append("")
        else:
            lines.append(f"{name}:")
            if not rows:
                lines.append("  (none)")
            for row in rows:
                owner = f" — {row.owner}" if row.owner else ""
                lines.append(f"  {row.ballot}: {row.title}{owner}")
                for extra in (row.deadline, row.tally):
                    if extra:
                        lines.append(f"      {extra}")
    return "\n".join(lines).rstrip("\n")
