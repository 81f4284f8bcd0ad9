"""Votes from a public mailing list (Bylaws 2.3(4)): recorded after the fact, closed by a chair.

Where ``mailing-list`` is a voting channel, a vote's time is its list message's, and a chair
records it (``clerk ballot vote ... --source URL --at TIME``) even after the period ended, as
long as the message is dated inside it. ``clerk advance`` therefore never closes such a vote:
``clerk ballot announce ID --by CHAIR`` does, once the period has ended, to whatever the tally
says (Bylaws 2.4(4): the Chair announces the result within three business days), and
``clerk stale`` reminds the chairs until it is done.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from clerk.findings import ClerkError
from clerk.records import Ballot, format_time

if TYPE_CHECKING:
    from clerk.procedure import Change
    from clerk.repository import Index


def check_list_vote(index: Index, source: str | None, sent: datetime, now: datetime) -> None:
    """A vote recorded from the list: the body takes list votes, the message's URL is given,
    and its time is not in the future."""
    if not index.rules.list_votes:
        raise ClerkError(
            "this body takes no votes from a mailing list (governance.yaml voting.channels); "
            "record the vote without --at."
        )
    parts = urlsplit(source or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ClerkError("a list vote needs --source, the http(s) URL of its list message.")
    if sent > now:
        raise ClerkError(f"the list message's time {format_time(sent)} is in the future.")


def announce(index: Index, ballot: Ballot, by: str, now: datetime) -> Change:
    """The chair's closing of a list vote: the tally decides, the chair only says when."""
    from clerk import procedure

    person = index.roster.person(by)
    if person is None or person.name not in index.rules.chairs:
        chairs = ", ".join(index.rules.chairs) or "none named"
        raise procedure.ProcedureError(
            f'only a chair announces a result; "{by}" is not one in governance.yaml ({chairs}).'
        )
    if not index.rules.list_votes:
        raise procedure.ProcedureError(
            "this body's votes are not taken on a mailing list; clerk advance closes them at "
            "the end of the voting period."
        )
    if ballot.status != "voting":
        return procedure.unchanged(
            ballot, f"{ballot.label} is {ballot.status}; nothing to announce"
        )
    _, end = ballot.period("voting")
    if end is None or now < end:
        when = format_time(end) if end else "an end that is not recorded"
        raise procedure.ProcedureError(
            f"voting on {ballot.label} ends at {when}; the result is announced after the end."
        )
    change = procedure.due_change(index, ballot, now, announcing=True)
    assert change is not None  # a vote past its end always closes
    change.summary += f" (announced by {person.name})"
    return change


def announce_reminder(index: Index, ballot: Ballot, now: datetime) -> Any:
    """A stalled item reminding the chairs to announce a list vote whose period has ended."""
    from clerk.procedure import add_business_days
    from clerk.stale import StalledItem

    _, end = ballot.period("voting")
    if not index.rules.list_votes or ballot.status != "voting" or end is None or now < end:
        return None
    days = index.rules.announce_business_days
    due = add_business_days(end, days)
    return StalledItem(
        f"{ballot.id or ballot.key}:announce",
        "announce-result",
        ballot.file,
        f"{ballot.label}: announce the result by {due:%Y-%m-%d}",
        f'Voting on "{ballot.title}" ended at {format_time(end)}. Record any list vote sent '
        "before the end (clerk ballot vote --source URL --at TIME), then announce the result "
        f"with `clerk ballot announce {ballot.id} --by CHAIR` within {days} business days "
        f"(by {due:%Y-%m-%d}).",
        f"{end:%Y-%m-%d}",
    )
