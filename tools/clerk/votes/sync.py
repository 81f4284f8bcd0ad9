"""One ``clerk votes sync`` run: vote issues reconciled, ``/vote`` comments recorded and answered.

Order of work, chosen so that a run cut off anywhere converges on the next one:

1. list the vote issues (one request per 100), plan them like the stalled-item issues (open one
   per ballot in voting, edit its text when it changed, close it with the result when the vote
   is closed), and apply the plan;
2. per open vote issue: list its comments (one request per 100), judge them, and write the
   votes the record lacks (one commit, a ``Clerk-Source`` trailer per vote);
3. then GitHub: a :+1: on each valid vote not yet reacted to, the running tally comment
   (created once, edited in place only when its text changed), and one answer per refused
   ``/vote`` (found again by its marker), under the write cap (``voting.max_writes``).

With nothing new, a run makes two requests for one open vote: the issue list and its comments.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from clerk.editor import apply
from clerk.github.client import CapReached, GitHubClient, GitHubError, RetryPolicy, SyncReport
from clerk.github.comments import CommentRunner
from clerk.github.issues import (
    CloseIssue,
    CreateLabel,
    DesiredIssue,
    ExistingIssue,
    ReopenIssue,
    plan,
)
from clerk.procedure import Change, append
from clerk.records import Ballot
from clerk.repository import Index
from clerk.vote_layout import empty_slot
from clerk.votes import texts
from clerk.votes.judge import Comment, ValidVote, canonical, judge


class VoteIssueRunner(CommentRunner):
    """The comment runner, speaking of votes when it reopens an issue closed by hand."""

    def reopen_comment(self, op: ReopenIssue) -> str:
        ballot_id = op.key.removesuffix(":vote")
        return (
            f"Reopening: voting on {ballot_id} is still open; Clerk closes this issue when it ends."
        )


@dataclass
class VotesReport:
    """What a run did: GitHub requests and writes, votes recorded, commits made."""

    github: SyncReport
    recorded: dict[str, list[ValidVote]] = field(default_factory=dict)
    commits: list[str] = field(default_factory=list)
    replies: int = 0
    reactions: int = 0
    tally_edits: int = 0
    closed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A human-readable account."""
        out = []
        for ballot_id, votes in sorted(self.recorded.items()):
            for vote in votes:
                out.append(f"{ballot_id}: {vote.org} votes {vote.vote} ({vote.comment.url})")
        out += [f"{ballot_id}: vote issue closed with the result" for ballot_id in self.closed]
        report = self.github
        out.append(
            f"GitHub {report.repository}: {report.requests} request(s), {report.writes} "
            f"write(s), {report.retries} retry(ies); {self.reactions} reaction(s), "
            f"{self.replies} answer(s), {self.tally_edits} tally update(s)"
        )
        out += [f"  note: {note}" for note in report.notes]
        return out


def vote_change(ballot: Ballot, index: Index, votes: Sequence[ValidVote]) -> Change:
    """The record edit that writes ``votes`` into their organizations' entries."""

    def edit(doc: Any) -> None:
        for vote in votes:
            entries = doc.get("votes") or []
            place = next(
                (
                    number
                    for number, entry in enumerate(entries)
                    if entry.get("vote") and canonical(index, entry.get("org", "")) == vote.org
                ),
                None,
            )
            if place is None:
                place = empty_slot(entries, vote.org, lambda name: canonical(index, name))
            if place is None:
                append(doc, "votes", vote.entry())
            else:
                doc["votes"][place] = vote.entry()

    words = ", ".join(f"{v.org} {v.vote}" for v in votes)
    summary = f"{ballot.id}: record {len(votes)} vote(s) from the vote issue: {words}"
    if len(summary) > 120:
        summary = f"{ballot.id}: record {len(votes)} votes from the vote issue"
    return Change(ballot, ballot.status, ballot.status, summary, edit)


def sync_votes(
    client: GitHubClient,
    root: Path,
    index: Index,
    now: datetime,
    *,
    ballot_id: str | None = None,
    commit: bool = False,
    max_writes: int | None = None,
    sleep: Callable[[float], object] = time.sleep,
    retry: RetryPolicy | None = None,
) -> VotesReport:
    """Reconcile the vote issues and record every valid ``/vote``; see the module's notes.

    Raises ``GitHubError`` (with ``.report`` set to the GitHub part) when GitHub refuses or
    stays down; what was recorded before that stays recorded.
    """
    report = VotesReport(SyncReport(client.repository, max_writes=max_writes))
    runner = VoteIssueRunner(
        client, report.github, sleep=sleep, policy=retry or RetryPolicy(), max_writes=max_writes
    )
    runner.bot_login = index.rules.bot_login or ""
    try:
        _run(runner, report, root, index, now, ballot_id, commit)
    except CapReached:
        report.github.notes.append(f"stopped at the write cap ({max_writes}); run again")
    except GitHubError as err:
        err.report = report.github
        raise
    return report


def _run(
    runner: VoteIssueRunner,
    report: VotesReport,
    root: Path,
    index: Index,
    now: datetime,
    ballot_id: str | None,
    commit: bool,
) -> None:
    rules = index.rules
    label = runner.client.label
    ballots = {b.id: b for b in index.ballots if b.id and ballot_id in (None, b.id)}
    voting = [b for b in ballots.values() if b.status == "voting"]
    wanted_keys = {texts.vote_key(str(ballot_id)) for ballot_id in ballots}
    listed = [ExistingIssue.from_json(d) for d in runner.list_issues() if runner.is_ours(d)]
    existing = [issue for issue in listed if issue.key in wanted_keys]
    desired = [
        DesiredIssue(
            texts.vote_key(str(b.id)),
            texts.issue_title(b),
            texts.issue_body(b, index, rules.voting_channels),
            (label,),
        )
        for b in voting
    ]
    ops = plan(desired, existing, label=label)
    closing = [op for op in ops if isinstance(op, CloseIssue) and op.duplicate_of is None]
    ops = [op for op in ops if op not in closing]
    if any(isinstance(op, CreateLabel) for op in ops):
        present = runner.label_names()
        ops = [
            op for op in ops if not (isinstance(op, CreateLabel) and op.name.casefold() in present)
        ]
    runner.execute(ops)
    numbers = {i.key: i.number for i in sorted(existing, key=lambda i: (not i.is_open, i.number))}
    numbers |= report.github.created
    created = set(report.github.created)
    for ballot in sorted(voting, key=lambda b: str(b.id)):
        key = texts.vote_key(str(ballot.id))
        if key in numbers:
            _sync_issue(
                runner, report, root, index, now, ballot, numbers[key], key in created, commit
            )
    for op in closing:
        closed = ballots.get(op.key.removesuffix(":vote"))
        if closed is not None:
            _close(runner, report, index, now, closed, op)


def _sync_issue(
    runner: CommentRunner,
    report: VotesReport,
    root: Path,
    index: Index,
    now: datetime,
    ballot: Ballot,
    number: int,
    new: bool,
    commit: bool,
) -> None:
    rules = index.rules
    listed = [] if new else runner.list_comments(number)
    ours = runner.ours_by_key(listed)
    comments = [Comment.from_json(c) for c in listed]
    judged = judge(
        ballot, index, comments, bot_login=rules.bot_login, channels=rules.voting_channels
    )
    votes = judged.changes(ballot, index)
    if votes:
        change = vote_change(ballot, index, votes)
        trailers = [("Clerk-Source", vote.comment.url) for vote in votes]
        body = "\n".join(
            f"{v.org}: {v.vote} by {v.by} at {v.entry()['at']} ({v.comment.url})" for v in votes
        )
        applied = apply(
            root,
            change,
            action="vote",
            commit=commit,
            author=(rules.bot_name, rules.bot_email),
            trailers=trailers,
            body=body,
        )
        if applied.commit:
            report.commits.append(applied.commit)
        report.recorded[str(ballot.id)] = votes
        ballot = change.applied()
    fresh = {vote.comment.id for vote in votes}
    for vote in judged.valid:
        if vote.comment.id in fresh or vote.comment.plus_ones == 0:
            runner.react(vote.comment.id)
            report.reactions += 1
    tally = texts.tally_comment(ballot, index, now)
    current = ours.get(texts.tally_key(str(ballot.id)))
    if current is None:
        runner.post_marked(number, texts.tally_key(str(ballot.id)), tally)
        report.tally_edits += 1
    elif _norm(current.get("body")) != _norm(tally):
        runner.edit_comment(int(current["id"]), tally)
        report.tally_edits += 1
    # answers last: a flood of bad /vote comments meets the write cap after the tally is right
    for refusal in judged.refused:
        key = texts.reply_key(str(ballot.id), refusal.comment.id)
        if key not in ours:
            runner.post_marked(number, key, texts.reply(ballot, refusal))
            report.replies += 1


def _close(
    runner: CommentRunner,
    report: VotesReport,
    index: Index,
    now: datetime,
    ballot: Ballot,
    op: CloseIssue,
) -> None:
    """Post the result (unless an interrupted run did) and close the vote issue."""
    key = texts.result_key(str(ballot.id))
    ours = runner.ours_by_key(runner.list_comments(op.number)) if op.has_comments else {}
    if key not in ours:
        runner.post_marked(op.number, key, texts.result_comment(ballot, index, now))
    runner.close_issue(op.number)
    report.closed.append(str(ballot.id))


def _norm(text: object) -> str:
    return str(text or "").replace("\r\n", "\n").strip()
