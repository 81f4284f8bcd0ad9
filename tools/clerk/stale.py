"""Stalled items: idle drafts, discussions near their lapse, review notices not sent, overdue
action items, minutes not approved. Pure but for the one `git log` that dates the drafts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from clerk.procedure import notice_deadlines
from clerk.records import Ballot, Meeting, format_time, parse_time
from clerk.repository import Index

DEFAULTS = {
    "draft_days": 60,
    "lapse_warning_days": 14,
    "minutes_approval_meetings": 2,
}


@dataclass(frozen=True)
class StalledItem:
    """One stalled item; `key` names its GitHub issue (hidden marker) across runs."""

    key: str
    kind: str
    file: str
    title: str
    detail: str
    since: str
    extra: tuple[tuple[str, str], ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "file": self.file,
            "title": self.title,
            "detail": self.detail,
            "since": self.since,
        }

    def body(self) -> str:
        lines = [self.detail, "", f"Record: `{self.file}`", f"Stalled since: {self.since}"]
        lines += [f"{name}: {value}" for name, value in self.extra]
        lines += [
            "",
            "Clerk opened this issue and keeps it current; it closes the issue when the item "
            "moves. Edit the record, not this issue.",
        ]
        return "\n".join(lines)


def last_activity(ballot: Ballot, commits: dict[str, datetime]) -> datetime | None:
    """The later of the record's last commit and the latest time written inside it."""
    times: list[datetime] = []
    if ballot.file in commits:
        times.append(commits[ballot.file])
    for version in ballot.versions:
        moment = parse_time(version.get("posted"))
        if moment:
            times.append(moment)
    for endorser in ballot.endorsers:
        moment = parse_time(endorser.get("at"))
        if moment:
            times.append(moment)
    for name in ("discussion", "voting", "review"):
        times += [t for t in ballot.period(name) if t]
    return max(times) if times else None


def _ballot_key(ballot: Ballot) -> str:
    return ballot.id or ballot.key


def stalled_ballots(index: Index, now: datetime, commits: dict[str, datetime]) -> list[StalledItem]:
    limits = {**DEFAULTS, **index.rules.stale}
    out: list[StalledItem] = []
    for ballot in index.ballots:
        key = _ballot_key(ballot)
        if ballot.status == "draft":
            active = last_activity(ballot, commits)
            if active and now - active >= timedelta(days=limits["draft_days"]):
                # Dates, not day counts: the issue text must not change from one run to the next.
                out.append(
                    StalledItem(
                        f"{key}:idle",
                        "idle-draft",
                        ballot.file,
                        f"{ballot.label}: draft idle since {active:%Y-%m-%d}",
                        f'The draft "{ballot.title}" has had no activity since '
                        f"{active:%Y-%m-%d} (the limit is {limits['draft_days']} days). "
                        "Move it forward (endorsements, discussion) or withdraw it.",
                        f"{active:%Y-%m-%d}",
                    )
                )
        elif ballot.status == "discussion":
            last = ballot.last_version_time()
            if last is None:
                continue
            lapse = last + timedelta(days=index.rules.discussion_lapse_days)
            warn = lapse - timedelta(days=limits["lapse_warning_days"])
            if warn <= now < lapse:
                out.append(
                    StalledItem(
                        f"{key}:lapse",
                        "discussion-lapse",
                        ballot.file,
                        f"{ballot.label}: discussion lapses on {lapse:%Y-%m-%d}",
                        f'"{ballot.title}" has been in discussion since its last version on '
                        f"{last:%Y-%m-%d}. Unless voting starts before {format_time(lapse)}, "
                        f"it fails ({index.rules.discussion_lapse_days} days after the last "
                        "version).",
                        f"{warn:%Y-%m-%d}",
                    )
                )
        elif ballot.status == "voting":
            from clerk.list_votes import announce_reminder

            reminder = announce_reminder(index, ballot, now)
            if reminder is not None:
                out.append(reminder)
        elif ballot.status == "passed":
            _, vote_end = ballot.period("voting")
            review_start, _ = ballot.period("review")
            if vote_end is None or review_start is not None:
                continue
            due, vice = notice_deadlines(index, ballot) or (vote_end, vote_end)
            if now >= due:
                vice_text = (
                    f" Since {vice:%Y-%m-%d} the Vice Chair must send it."
                    if now >= vice
                    else ""
                )
                out.append(
                    StalledItem(
                        f"{key}:review-period",
                        "review-period",
                        ballot.file,
                        f"{ballot.label}: {index.rules.words.review_period} not recorded",
                        f'"{ballot.title}" passed when voting ended on {vote_end:%Y-%m-%d}. '
                        "The Chair sends the Review Notice that starts the "
                        f"{index.rules.words.review_period} "
                        f"within {index.rules.review_notice_business_days} business days (by "
                        f"{due:%Y-%m-%d}); record it with clerk ballot review-notice "
                        f"{ballot.id} --by CHAIR.{vice_text}",
                        f"{due:%Y-%m-%d}",
                    )
                )
    return out


def stalled_meetings(index: Index, today: date) -> list[StalledItem]:
    limits = {**DEFAULTS, **index.rules.stale}
    meetings = index.meetings_sorted()
    out: list[StalledItem] = []
    approved_at: dict[str, str] = {}
    for meeting in meetings:
        for day in meeting.data.get("minutes_approved") or []:
            approved_at.setdefault(day, meeting.data["date"])
    for position, meeting in enumerate(meetings):
        day = meeting.data["date"]
        out += _overdue_actions(meeting, today)
        needed = limits["minutes_approval_meetings"]
        if (
            len(meetings) - position - 1 >= needed
            and day not in approved_at
            and meeting.data.get("minutes_status") not in ("approved", "published")
        ):
            # The needed-th meeting after it (no list slicing: 5,000 meetings stay linear).
            deadline = meetings[position + needed if needed > 0 else -1].data["date"]
            out.append(
                StalledItem(
                    f"minutes-{day}:approval",
                    "minutes-approval",
                    meeting.file,
                    f"Minutes of {day} not approved",
                    f"The minutes of the meeting of {day} were not approved by the meeting of "
                    f"{deadline}, the {_ordinal(needed)} meeting after it. Put their approval on "
                    "the next agenda and record it in minutes_approved.",
                    deadline,
                )
            )
    return out


def _overdue_actions(meeting: Meeting, today: date) -> list[StalledItem]:
    out = []
    for number, item in enumerate(meeting.action_items, 1):
        due = item.get("due")
        if not due or item.get("done") or date.fromisoformat(due) >= today:
            continue
        day = meeting.data["date"]
        out.append(
            StalledItem(
                f"meeting-{day}:action-{number}",
                "action-item",
                meeting.file,
                f"Action item overdue: {item['owner']} — {_short(item['text'])}",
                f"At the meeting of {day}, {item['owner']} took the action: {item['text']} "
                f"It was due on {due}. When it is done, set done: true in the record.",
                due,
                (("Owner", item["owner"]),),
            )
        )
    return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ordinal(number: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(number, f"{number}th")


def find_stalled(index: Index, now: datetime, root: Path | None = None) -> list[StalledItem]:
    from clerk import gitrepo

    # Only drafts are dated by their last commit; git is asked about them alone.
    drafts = [ballot.file for ballot in index.ballots if ballot.status == "draft"]
    commits: dict[str, datetime] = {}
    if drafts and root is not None and gitrepo.is_repository(root):
        commits = gitrepo.last_commit_times(root, drafts)
    items = stalled_ballots(index, now, commits) + stalled_meetings(
        index, now.astimezone(UTC).date()
    )
    return sorted(items, key=lambda item: (item.file, item.key))
