"""What Clerk writes on a ballot's vote issue: title, body, running tally, result, replies.

Pure. Every text ends with a hidden marker (``<!-- clerk:SC086:vote -->``) by which Clerk finds
it again, and trusts it only on issues and comments by the bot's own login. Nothing a member
typed is echoed except inside code spans, so a reply cannot mention or format anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from clerk.github.issues import marker
from clerk.records import Ballot
from clerk.repository import Index
from clerk.tally import count_votes, org_classes
from clerk.views import tally_data, tally_text
from clerk.votes.command import USAGE
from clerk.votes.judge import Refusal

CHANNEL_TEXT = {
    "comment": (
        "**By comment, here.** Comment `/vote yes`, `/vote no` or `/vote abstain` on this "
        "issue, one command per comment. If you represent more than one organization, name it: "
        "`/vote yes ORGANIZATION`. Your organization's latest vote counts; you may change it "
        "(or edit your comment) until the end. Clerk records each vote in `{file}` with a "
        "link to the comment, reacts with :+1:, and answers once any `/vote` it cannot count."
    ),
    "pull-request": (
        "**By pull request.** Fill in your organization's entry under `votes:` in `{file}` "
        "(`vote`, `by`, `at`); `clerk ballot vote {id} --org ORG --vote yes --by NAME` does it."
    ),
    "mailing-list": (
        "**On the public mailing list.** Reply to the ballot's voting message; a chair records "
        "each list vote with a link to the message, and announces the result after the end."
    ),
}


def vote_key(ballot_id: str) -> str:
    """The marker key of a ballot's vote issue."""
    return f"{ballot_id}:vote"


def tally_key(ballot_id: str) -> str:
    return f"{ballot_id}:tally"


def result_key(ballot_id: str) -> str:
    return f"{ballot_id}:result"


def reply_key(ballot_id: str, comment_id: int) -> str:
    return f"{ballot_id}:reply:{comment_id}"


def issue_title(ballot: Ballot) -> str:
    _, end = ballot.period("voting")
    until = f" (until {end:%Y-%m-%d %H:%M} UTC)" if end else ""
    return f"Vote on {ballot.label}: {ballot.title}{until}"


def issue_body(ballot: Ballot, index: Index, channels: Sequence[str]) -> str:
    """The vote issue's text (without its marker, which the issue reconciliation adds)."""
    start, end = ballot.period("voting")
    lines = [f"Voting is open on **{ballot.label}: {ballot.title}**.", ""]
    if start and end:
        lines.append(
            f"- **Voting period:** {start:%Y-%m-%d %H:%M} UTC to {end:%Y-%m-%d %H:%M} UTC "
            "(a vote at the end time is late)."
        )
    for version in ballot.versions:
        links = [
            f"[{name}]({version[key]})"
            for key, name in (("pull_request", "text"), ("compare", "redline"))
            if version.get(key)
        ]
        posted = f", posted {version['posted']}" if version.get("posted") else ""
        joined = f": {', '.join(links)}" if links else ""
        lines.append(f"- **Version {version.get('version', 1)}**{posted}{joined}")
    lines += ["", "**Who may vote:** the Voting Representatives (in `members.yaml`) of:", ""]
    lines += _voters(ballot, index)
    lines += ["", "**How to vote:**", ""]
    for channel in channels:
        text = CHANNEL_TEXT[channel].format(file=ballot.file, id=ballot.id)
        lines.append(f"- {text}")
    lines += [
        "",
        "Clerk keeps the running tally in a comment below and closes this issue with the result.",
    ]
    return "\n".join(lines)


def _voters(ballot: Ballot, index: Index) -> list[str]:
    classes = org_classes(ballot, index.rules, index.roster)
    logins: dict[str, int] = dict.fromkeys(classes, 0)
    for person in index.roster.people:
        if person.github and person.voting_representative is True:
            for org in index.roster.represented(person):
                if org.name in logins:
                    logins[org.name] += 1
    lines = []
    for member_class in index.rules.voting_classes:
        names = sorted(org for org, cls in classes.items() if cls == member_class.id)
        if not names:
            continue
        listed = ", ".join(
            f"{name} ({logins[name]} login{'s' if logins[name] != 1 else ''})" for name in names
        )
        lines.append(f"- {member_class.name}s ({len(names)}): {listed}")
    return lines


def _tally_block(ballot: Ballot, index: Index, now: datetime) -> str:
    counted = count_votes(ballot, index.rules, index.roster, index.meeting_log)
    data = tally_data(ballot, counted, index.rules, index.roster, now)
    return "```text\n" + tally_text(data, now, countdown=False) + "\n```"


def tally_comment(ballot: Ballot, index: Index, now: datetime) -> str:
    """The running tally, as ``clerk ballot tally`` prints it (without the time left)."""
    text = (
        f"**Running tally of {ballot.label}** (Clerk edits this comment as votes are "
        f"recorded; `clerk ballot tally {ballot.id}` prints the same)\n\n"
        + _tally_block(ballot, index, now)
    )
    return f"{text}\n\n{marker(tally_key(str(ballot.id)))}"


def result_comment(ballot: Ballot, index: Index, now: datetime) -> str:
    """The comment posted when the vote is closed, before the issue is closed."""
    outcome = ballot.status
    text = f"**Voting on {ballot.label} is closed: {outcome}.**\n\n" + _tally_block(
        ballot, index, now
    )
    return f"{text}\n\n{marker(result_key(str(ballot.id)))}"


def reply(ballot: Ballot, refusal: Refusal) -> str:
    """The one answer to a ``/vote`` comment that does not count."""
    text = (
        f"Clerk did not count [this `/vote`]({refusal.comment.url}): {refusal.reason}\n\n"
        f"Usage: `{USAGE}`, one command per comment, by a Voting Representative, during the "
        "voting period."
    )
    return f"{text}\n\n{marker(reply_key(str(ballot.id), refusal.comment.id))}"
