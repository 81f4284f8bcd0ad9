"""Judging a change from base to head: legal transitions, frozen fields, who may change what.

Permissions come from the BASE revision's roster and rules, so a pull request cannot grant itself
the right to do what it does (adding yourself to members.yaml and voting in one change fails).
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from clerk import gitrepo
from clerk.findings import DocPath, Finding, Severity, sort_findings
from clerk.procedure import Replay, due_changes, replay_move
from clerk.records import GOVERNANCE_FILE, MEMBERS_FILE, Ballot, Person, Vote
from clerk.repository import Index, kind_of, load_index
from clerk.validate import Validation, locate_all, validate

LEGAL = {
    ("draft", "discussion"),
    ("discussion", "voting"),
    ("voting", "passed"),
    ("voting", "failed"),
    ("passed", "final"),
    ("passed", "rescinded"),
    ("voting", "final"),
    ("rescinded", "discussion"),
    ("draft", "withdrawn"),
    ("discussion", "withdrawn"),
    ("voting", "withdrawn"),
    ("discussion", "failed"),
}
TIMED = {
    ("voting", "passed"),
    ("voting", "failed"),
    ("voting", "final"),
    ("passed", "final"),
    ("passed", "rescinded"),
    ("discussion", "failed"),
}
CLOSED = {"final", "failed", "withdrawn", "rescinded"}
PROPOSAL_FIELDS = (
    "slug",
    "title",
    "proposers",
    "guideline",
    "documents",
    "depends_on",
    "versions",
)
# What may still change in each status, besides status itself (checked per field).
OPEN_DURING_VOTING = {"votes", "withdrawn", "notes"}
OPEN_DURING_REVIEW = {"exclusion_notices", "effective", "review"}
# The rules, the roster, the schemas and the workflows that enforce them.
CHAIR_ONLY_PREFIXES = (MEMBERS_FILE, GOVERNANCE_FILE, "schemas/", ".github/", "action.yml")


@dataclass
class Actor:
    """The pull request's author as the base roster knows them."""

    login: str | None
    person: Person | None
    is_chair: bool
    is_bot: bool

    @property
    def known(self) -> bool:
        return self.login is not None

    @property
    def name(self) -> str:
        return self.person.name if self.person else (self.login or "unknown")


@dataclass
class Review:
    validation: Validation
    findings: list[Finding] = field(default_factory=list)
    touched: list[tuple[Ballot | None, Ballot | None]] = field(default_factory=list)
    head_index: Index | None = None
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def actor_for(index: Index, login: str | None) -> Actor:
    if not login:
        return Actor(None, None, False, False)
    person = index.roster.by_login(login)
    chairs = {index.roster.person(name) for name in index.rules.chairs} - {None}
    is_bot = bool(index.rules.bot_login) and login.casefold() == index.rules.bot_login.casefold()
    return Actor(login, person, person in chairs, is_bot)


def may_act_for(index: Index, actor: Actor, org_name: str | None) -> bool:
    """Whether the actor is a Voting Representative of that organization, per the roster."""
    if actor.person is None or actor.person.voting_representative is not True:
        return False
    wanted = index.roster.org(org_name)
    return wanted is not None and wanted in index.roster.represented(actor.person)


def _f(
    check: str, file: str, path: DocPath, message: str, severity: Severity = Severity.ERROR
) -> Finding:
    return Finding(file=file, check=check, message=message, severity=severity, doc_path=path)


def _file_finding(check: str, file: str, message: str) -> Finding:
    """A finding about a whole file (its first line)."""
    return Finding(file=file, line=1, column=1, check=check, message=message)


def _org_key(index: Index, name: str | None) -> str:
    org = index.roster.org(name)
    return org.name if org else (name or "")


def review_ballot(
    base_index: Index,
    actor: Actor,
    old: Ballot | None,
    new: Ballot,
    now: datetime,
) -> Iterator[Finding]:
    file = new.file
    if old is None:
        yield from _new_ballot(base_index, actor, new)
        return
    old_status, new_status = old.status, new.status
    moved = old_status != new_status
    if moved and (old_status, new_status) not in LEGAL:
        yield _f(
            "pr-transition",
            file,
            ("status",),
            f"{old_status} -> {new_status} is not a legal move; from {old_status} a ballot may go "
            f"to {', '.join(sorted(t for f, t in LEGAL if f == old_status)) or 'nowhere'}.",
        )
        return
    if moved and (old_status, new_status) in TIMED:
        yield from _timed(base_index, old, new, now, announcing=actor.is_chair)
        return
    replayed = replay_move(base_index, old, new, actor.person.name if actor.person else None, now)
    if replayed is not None:
        yield from _replayed(actor, base_index, new, replayed)
        return
    if actor.is_bot and actor.known:
        yield _f(
            "pr-bot-scope",
            file,
            ("status",) if moved else (),
            f"the bot ({actor.login}) may only make the timed transitions clerk advance computes.",
        )
        return
    yield from _frozen(old, new)
    yield from _votes(base_index, actor, old, new, now)
    yield from _endorsements(base_index, actor, old, new)
    if moved:
        yield from _status_permission(base_index, actor, old, new)
    elif _proposal_changed(old, new) and actor.known:
        proposer = base_index.roster.person(old.proposer.get("name"))
        if not actor.is_chair and (actor.person is None or actor.person != proposer):
            yield _f(
                "pr-permission",
                file,
                (),
                f"only the proposer ({old.proposer.get('name', 'unknown')}) or a chair may "
                f"change the proposal; {actor.name} is neither.",
            )


def _replayed(actor: Actor, index: Index, new: Ballot, replayed: Replay) -> Iterator[Finding]:
    """A move after the vote, judged by making it again through clerk.procedure."""
    by = index.roster.person(replayed.by) if replayed.by else None
    if actor.known and (actor.person is None or by != actor.person):
        yield _f(
            "pr-permission",
            new.file,
            replayed.path,
            f"the {replayed.move} is recorded as made by {replayed.by or 'nobody'}, but "
            f"{actor.name} made the change.",
        )
    if replayed.refusal:
        yield _f("pr-procedure", new.file, replayed.path, f"{replayed.move}: {replayed.refusal}")
    elif replayed.differing:
        yield _f(
            "pr-procedure",
            new.file,
            (replayed.differing[0],),
            f"the {replayed.move} differs from what clerk ballot {replayed.move} writes; "
            f"differing fields: {', '.join(replayed.differing)}.",
        )


def _proposal_changed(old: Ballot, new: Ballot) -> bool:
    return any(old.data.get(k) != new.data.get(k) for k in PROPOSAL_FIELDS)


def _new_ballot(index: Index, actor: Actor, new: Ballot) -> Iterator[Finding]:
    if new.status != "draft":
        yield _f(
            "pr-new-ballot",
            new.file,
            ("status",),
            f"a new ballot starts as a draft, not {new.status}; propose it, then move it.",
        )
    if not actor.known:
        return
    proposer = index.roster.person(new.proposer.get("name"))
    if not may_act_for(index, actor, actor.person.org if actor.person else None):
        yield _f(
            "pr-permission",
            new.file,
            ("proposer",),
            f"{actor.login} is not a Voting Representative in members.yaml; only Voting "
            "Representatives propose ballots.",
        )
    elif proposer != actor.person:
        yield _f(
            "pr-permission",
            new.file,
            ("proposer", "name"),
            f"the proposer must be the author of the change ({actor.name}), "
            f"not {new.proposer.get('name')}.",
        )


def _timed(
    index: Index, old: Ballot, new: Ballot, now: datetime, *, announcing: bool = False
) -> Iterator[Finding]:
    """A timed move equals what clerk advance computes (or, for a vote from the mailing list,
    what a chair's clerk ballot announce computes)."""
    expected = copy.deepcopy(old.data)
    changes = due_changes(index, old, now, announcing=announcing)
    for change in changes:
        change.edit(expected)
    transition = f"{old.status} -> {new.status}"
    if not changes:
        yield _f(
            "pr-timed-transition",
            new.file,
            ("status",),
            f"{transition} is not due at {now:%Y-%m-%dT%H:%M:%SZ}; clerk advance makes no move.",
        )
        return
    if expected != new.data:
        differing = sorted(
            k for k in set(expected) | set(new.data) if expected.get(k) != new.data.get(k)
        )
        outcome = (expected.get("result") or {}).get("outcome")
        detail = f" (the votes give: {outcome})" if outcome else ""
        yield _f(
            "pr-timed-transition",
            new.file,
            (differing[0],) if differing else ("status",),
            f"{transition} disagrees with what clerk advance computes{detail}; differing "
            f"fields: {', '.join(differing)}. Let clerk advance make this move.",
        )


def _frozen(old: Ballot, new: Ballot) -> Iterator[Finding]:
    status = old.status
    if status in ("draft", "discussion"):
        return
    if status in CLOSED:
        allowed: set[str] = set()
    elif status == "passed":
        allowed = OPEN_DURING_REVIEW | {"status"}
    else:  # voting
        allowed = OPEN_DURING_VOTING | {"status"}
    for key in sorted(set(old.data) | set(new.data)):
        if key in allowed or old.data.get(key) == new.data.get(key):
            continue
        if status == "voting" and key in ("result",) and new.status != "voting":
            continue
        yield _f(
            "pr-frozen",
            new.file,
            (key,) if key in new.data else (),
            f'"{key}" is frozen while the ballot is {status}'
            + ("; a closed ballot never changes." if status in CLOSED else "."),
        )


def _votes(
    index: Index, actor: Actor, old: Ballot, new: Ballot, now: datetime
) -> Iterator[Finding]:
    before = {_org_key(index, v.org): v for v in old.votes}
    after = {_org_key(index, v.org): v for v in new.votes}
    for org in before:
        if org not in after:
            yield _f(
                "pr-frozen",
                new.file,
                ("votes",),
                f"the vote of {org} was removed; a vote is changed, never removed.",
            )
    for org, vote in after.items():
        previous = before.get(org)
        if previous and (previous.vote, previous.by, previous.at) == (vote.vote, vote.by, vote.at):
            continue
        path: DocPath = ("votes", vote.index)
        if old.status != "voting":
            continue  # the frozen-field check reports votes outside voting
        if _chair_records_list_vote(index, actor, vote):
            continue  # the one exception to the refusal of late votes
        _, end = old.period("voting")
        if end is not None and now >= end:
            yield _f(
                "pr-late-vote",
                new.file,
                path,
                f"voting closed at {end:%Y-%m-%dT%H:%M:%SZ}; a vote changed at "
                f"{now:%Y-%m-%dT%H:%M:%SZ} is late, whatever time it states.",
            )
            continue
        if not actor.known:
            continue
        if "pull-request" not in index.rules.voting_channels:
            ways = " and ".join(index.rules.voting_channels)
            yield _f(
                "pr-permission",
                new.file,
                path,
                f"this body does not take votes by pull request (governance.yaml voting "
                f"channels: {ways}); only a chair records a list vote, with its source.",
            )
            continue
        if not may_act_for(index, actor, org):
            yield _f(
                "pr-permission",
                new.file,
                path,
                f"{actor.login} may not vote for {org}: only its Voting Representatives "
                f"(per members.yaml) may; {actor.name} "
                + (
                    f"represents {actor.person.org}"
                    if actor.person and actor.person.org
                    else "is not in members.yaml"
                )
                + ".",
            )
        elif vote.by and index.roster.person(vote.by) != actor.person:
            yield _f(
                "pr-permission",
                new.file,
                (*path, "by"),
                f'the vote says it was cast by "{vote.by}", but {actor.name} made the change.',
            )


def _chair_records_list_vote(index: Index, actor: Actor, vote: Vote) -> bool:
    """A chair records votes from the mailing list for every organization, with the message's
    URL as evidence (its time must lie inside the period: clerk validate checks that)."""
    return actor.is_chair and index.rules.list_votes and bool(vote.source) and vote.at is not None


def _endorsements(index: Index, actor: Actor, old: Ballot, new: Ballot) -> Iterator[Finding]:
    before = [index.roster.person(e.get("name")) or e.get("name") for e in old.endorsers]
    after = [index.roster.person(e.get("name")) or e.get("name") for e in new.endorsers]
    for gone in before:
        if gone not in after:
            name = gone.name if isinstance(gone, Person) else gone
            yield _f(
                "pr-frozen", new.file, ("endorsers",), f"the endorsement of {name} was removed."
            )
    if not actor.known:
        return
    for number, person in enumerate(after):
        if person in before:
            continue
        if person != actor.person:
            name = person.name if isinstance(person, Person) else person
            yield _f(
                "pr-permission",
                new.file,
                ("endorsers", number),
                f"only {name} may add their own endorsement; the change is by {actor.name}.",
            )


def _status_permission(index: Index, actor: Actor, old: Ballot, new: Ballot) -> Iterator[Finding]:
    if not actor.known:
        return
    proposer = index.roster.person(old.proposer.get("name"))
    if actor.is_chair or (actor.person is not None and actor.person == proposer):
        return
    yield _f(
        "pr-permission",
        new.file,
        ("status",),
        f"{old.status} -> {new.status} is made by the proposer "
        f"({old.proposer.get('name', 'unknown')}) or a chair; {actor.name} is neither.",
    )


def review_change(
    root: Path,
    base: str,
    head: str | None = None,
    author: str | None = None,
    now: datetime | None = None,
) -> Review:
    base_sha = gitrepo.resolve(root, base)
    head_sha = gitrepo.resolve(root, head) if head else None
    with tempfile.TemporaryDirectory(prefix="clerk-pr-") as tmp:
        base_dir = Path(tmp, "base")
        gitrepo.export_tree(root, base_sha, base_dir)
        head_dir = root
        if head_sha:
            head_dir = Path(tmp, "head")
            gitrepo.export_tree(root, head_sha, head_dir)
        when = now or (gitrepo.commit_time(root, head_sha) if head_sha else datetime.now(UTC))
        validation = validate(head_dir)
        base_index = load_index(base_dir)
        head_index = validation.index
        review = Review(validation, list(validation.findings), head_index=head_index, now=when)
        actor = actor_for(base_index, author)
        extra: list[Finding] = []
        if not author:
            extra.append(
                Finding(
                    file=".",
                    check="pr-permission",
                    message="no --author given: who may change what was not checked.",
                    severity=Severity.NOTICE,
                )
            )
        for change in gitrepo.changed_files(root, base_sha, head_sha):
            extra.extend(_review_file(base_index, head_index, actor, change, when, review))
        review.findings += sort_findings(locate_all(head_index, extra))
        review.findings = sort_findings(review.findings)
    return review


def _ballot_at(index: Index, path: str) -> Ballot | None:
    return next((b for b in index.ballots if b.file == path), None)


def _review_file(
    base_index: Index,
    head_index: Index,
    actor: Actor,
    change: gitrepo.FileChange,
    now: datetime,
    review: Review,
) -> list[Finding]:
    path, old_path = change.path, change.old_path or change.path
    kind = kind_of(old_path) or kind_of(path)
    out: list[Finding] = []
    chair_only = path.startswith(CHAIR_ONLY_PREFIXES) or old_path.startswith(CHAIR_ONLY_PREFIXES)
    if kind is None and not chair_only:
        return out
    if chair_only:
        if actor.known and not actor.is_chair:
            out.append(
                _file_finding(
                    "pr-permission",
                    path,
                    f"only the chairs named in {GOVERNANCE_FILE} may change {path}; "
                    f"{actor.name} is not one.",
                )
            )
        return out
    if change.status == "D" or (
        change.status == "R" and not _is_numbering(base_index, old_path, path)
    ):
        what = "deleted" if change.status == "D" else f"renamed to {path}"
        out.append(
            _file_finding(
                "pr-deleted",
                old_path,
                f"{old_path} was {what}; records are never deleted or renamed away. "
                "Restore it and change its status instead.",
            )
        )
        return out
    if kind == "ballot":
        old = _ballot_at(base_index, old_path) if change.status != "A" else None
        new = _ballot_at(head_index, path)
        if new is None:
            return out  # it does not validate: validation reported it
        review.touched.append((old, new))
        out.extend(review_ballot(base_index, actor, old, new, now))
    elif kind == "meeting" and actor.known and actor.person is None and not actor.is_bot:
        out.append(
            _file_finding(
                "pr-permission",
                path,
                f"{actor.login} is not in members.yaml; meeting records are kept by members.",
            )
        )
    elif kind == "meeting" and actor.is_bot:
        out.append(
            _file_finding(
                "pr-bot-scope", path, f"the bot ({actor.login}) does not edit meeting records."
            )
        )
    return out


def _is_numbering(index: Index, old_path: str, new_path: str) -> bool:
    """A draft moving to its number (ballots/drafts/x.yaml -> ballots/SC086.yaml) is allowed."""
    return (
        old_path.startswith("ballots/drafts/")
        and index.rules.ids.canonical(Path(new_path).stem) == Path(new_path).stem
    )
