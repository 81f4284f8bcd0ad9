"""Forum posts as dated history: one commit per post, in the order the posts were published.

Each commit carries the record its post gives, is authored at the post's time (its committer
date is the real time of the import, as git's date-ordered walks assume), and names the post in
a `Clerk-Source:` trailer, so `git log` and `clerk history ID` read as the body's own timeline.
A post dated after the trusted clock is refused: a post cannot date a commit in the future.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from clerk import gitrepo
from clerk.findings import Finding, Severity
from clerk.importers.forum import ImportResult, finding, read_post
from clerk.records import Rules, format_time, parse_time


@dataclass
class DatedPost:
    """A post read for history: its file, what kind of post it is, and the record it gives."""

    name: str
    kind: str
    result: ImportResult
    text: str = ""

    @property
    def posted(self) -> datetime:
        assert self.result.posted is not None
        return self.result.posted


def post_kind(text: str, source: str) -> str:
    """'ballot' for a ballot result post (tagged Ballot, or titled 'Ballot ...'), else 'minutes'."""
    post, _ = read_post(text, source)
    tags = post.field("tags") or []
    tags = [str(t) for t in tags] if isinstance(tags, list) else [str(tags)]
    if any(t.strip().lower() == "ballot" for t in tags) or re.match(r"^Ballot\b", post.title):
        return "ballot"
    return "minutes"


def in_order(posts: list[DatedPost]) -> list[DatedPost]:
    """Oldest first; posts of the same moment by file name, so a run is reproducible."""
    return sorted(posts, key=lambda p: (p.posted, p.name))


def refuse_undated(post: DatedPost, now: datetime) -> Finding | None:
    """A post with no date, or dated after the trusted clock, cannot date a commit."""
    if post.result.posted is None:
        return finding(
            post.name,
            1,
            "import-undated",
            "the post has no date in its front matter, title or body; it cannot be a dated "
            "commit. Add a date: line to its front matter.",
            Severity.ERROR,
        )
    if post.posted > now:
        return finding(
            post.name,
            1,
            "import-future-date",
            f"the post is dated {format_time(post.posted)}, after the current time "
            f"{format_time(now)}; a post cannot date a commit in the future. Correct its date.",
            Severity.ERROR,
        )
    return None


def commit_message(post: DatedPost) -> str:
    result = post.result
    record = result.record
    if post.kind == "ballot":
        subject = f"{record.get('id')}: imported from its result post ({record.get('status')})"
        trailers = [("Clerk-Ballot", str(record.get("id")))]
    else:
        subject = f"Meeting {record.get('date')}: imported from its minutes post"
        trailers = [("Clerk-Meeting", str(record.get("date")))]
    source = result.url or Path(post.name).name
    trailers += [("Clerk-Action", "import"), ("Clerk-Source", source)]
    body = f"From the post '{result.title}'." if result.title else ""
    return gitrepo.trailers_message(subject, trailers, body)


def commit_post(root: Path, post: DatedPost, author: tuple[str, str] | None = None) -> str:
    """Commit the post's record alone, authored at the post's time (committed now)."""
    return gitrepo.commit(
        root, [post.result.path], commit_message(post), author=author, date=post.posted
    )


# Fields that hold the post's own prose: an archive keeps facts, and notes in its own words.
_PROSE = {
    "minutes": ("notes", "other_business", "action_items", "sections"),
    "ballot": ("notes",),
}
_DECISION = re.compile(
    r"^(approved|accepted|rejected|declined|deferred|postponed|withdrawn|tabled)\b", re.I
)


def facts_only(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """The record without the post's prose: no notes, no status-update wording, a membership
    decision only as its verb ('approved'); minutes on the public site are published."""
    out = {k: v for k, v in record.items() if k not in _PROSE[kind]}
    if kind == "minutes" and "minutes_status" not in out and any(
        str(source).startswith("https://") for source in out.get("sources") or []
    ):
        out["minutes_status"] = "published"  # the post is on the body's public site
    if out.get("ballots"):
        out["ballots"] = [{k: v for k, v in u.items() if k != "note"} for u in out["ballots"]]
    if out.get("membership"):
        kept = []
        for item in out["membership"]:
            verb = _DECISION.match(str(item.get("decision", "")))
            kept.append(
                {"org": item["org"], **({"decision": verb.group(1).lower()} if verb else {})}
            )
        out["membership"] = kept
    return out


# Fields Clerk computes from the record's facts: always the import's, never kept from before.
_DERIVED = ("result",)


def merged(existing: dict[str, Any] | None, imported: dict[str, Any], order: list[str]) -> dict:
    """An existing record keeps every field it has; the post adds only the fields it lacks,
    and the fields Clerk computes (the result) are the import's."""
    if not existing:
        return imported
    combined = dict(existing)
    for key, value in imported.items():
        if key in _DERIVED or key not in combined:
            combined[key] = value
        elif isinstance(combined[key], dict) and isinstance(value, dict):
            inner = dict(combined[key])
            inner.update({k: v for k, v in value.items() if k not in inner})
            combined[key] = inner
        elif key == "ballots" and isinstance(combined[key], list) and isinstance(value, list):
            combined[key] = _merged_updates(combined[key], value)
    rank = {key: n for n, key in enumerate(order)}
    return dict(sorted(combined.items(), key=lambda item: rank.get(item[0], len(rank))))


_UPDATE_ORDER = ("ballot", "draft", "status", "owner", "note")


def _merged_updates(kept: list[Any], imported: list[Any]) -> list[Any]:
    """A meeting's status updates: each keeps its fields and gains those the post gives it that
    it lacks (a status read later), when both lists name the same items in the same order."""
    same = len(kept) == len(imported) and all(
        isinstance(a, dict)
        and isinstance(b, dict)
        and (a.get("ballot"), a.get("draft")) == (b.get("ballot"), b.get("draft"))
        for a, b in zip(kept, imported, strict=True)
    )
    if not same:
        return kept
    out = []
    for old, new in zip(kept, imported, strict=True):
        entry = {**old, **{k: v for k, v in new.items() if k not in old}}
        rank = {key: n for n, key in enumerate(_UPDATE_ORDER)}
        out.append(dict(sorted(entry.items(), key=lambda item: rank.get(item[0], len(rank)))))
    return out


def fit_ballot(
    post: DatedPost, record: dict[str, Any], rules: Rules
) -> tuple[dict[str, Any], list[Finding]]:
    """A ballot record holding only periods the rules accept: a period the post gives in
    contradiction (voting before discussion, a review shorter than the rules') is left out, and the
    notes say what the post gave; each is a notice."""
    out = dict(record)
    said: list[str] = []
    discussion = out.get("discussion") or {}
    voting = out.get("voting") or {}
    review = out.get("review") or {}
    v_start = parse_time(voting.get("start"))
    d_start = parse_time(discussion.get("start"))
    d_end = parse_time(discussion.get("end"))
    if v_start and ((d_start and v_start < d_start) or (d_end and v_start < d_end)):
        said.append(
            f"The post gives the discussion period as {discussion.get('start')} to "
            f"{discussion.get('end', 'an unstated end')}, after its voting period starts "
            f"({voting.get('start')}); the record keeps the voting period and leaves the "
            "discussion period and the version times out."
        )
        out.pop("discussion")
        out["versions"] = [
            {k: v for k, v in version.items() if k != "posted"}
            for version in out.get("versions") or []
        ]
    r_start, r_end = parse_time(review.get("start")), parse_time(review.get("end"))
    length = rules.review_length(out.get("guideline"))
    if r_start and r_end and length is not None and r_end - r_start < length:
        days = (r_end - r_start).total_seconds() / 86400
        said.append(
            f"The post gives the review period as ending {review.get('end')}, {days:g} days "
            f"after its start; the rules give at least {length.days} days, so the record leaves "
            "the end out."
        )
        out["review"] = {k: v for k, v in review.items() if k != "end"}
    if not said:
        return record, []
    out["notes"] = " ".join(said)
    return out, [
        finding(post.name, 1, "import-period-left-out", sentence, Severity.NOTICE)
        for sentence in said
    ]


def fit_to_archive(
    post: DatedPost, record: dict[str, Any], ballots: set[str], meetings: set[str], rules: Rules
) -> tuple[dict[str, Any], list[Finding]]:
    """A record that points only at records the archive holds and that the rules accept: a
    status update of a ballot with no record becomes a mention, approved minutes of a meeting
    with no record are said in the notes instead, contradictory periods are left out (see
    fit_ballot); each is a notice."""
    if post.kind == "ballot":
        return fit_ballot(post, record, rules)
    out = dict(record)
    findings: list[Finding] = []
    updates, mentions = [], list(out.get("mentions") or [])
    for update in out.get("ballots") or []:
        ballot = update.get("ballot")
        if ballot is None or ballot in ballots:
            updates.append(update)
            continue
        if ballot not in mentions:
            mentions.append(ballot)
        findings.append(
            finding(
                post.name,
                1,
                "import-ballot-unrecorded",
                f"the status list names {ballot}, which has no record here; it is kept as a "
                "mention, not a status update.",
                Severity.NOTICE,
            )
        )
    out["ballots"], out["mentions"] = updates, mentions
    approved = [d for d in out.get("minutes_approved") or [] if d in meetings]
    missing = [d for d in out.get("minutes_approved") or [] if d not in meetings]
    out["minutes_approved"] = approved
    if missing:
        out["notes"] = (
            "The minutes also approve those of "
            + ", ".join(missing)
            + (", a meeting" if len(missing) == 1 else ", meetings")
            + " with no record here."
        )
        findings.append(
            finding(
                post.name,
                1,
                "import-meeting-unrecorded",
                f"approved minutes of {', '.join(missing)}: no meeting record has that date; "
                "the record says so in its notes.",
                Severity.NOTICE,
            )
        )
    return {k: v for k, v in out.items() if v not in ([], None, "")}, findings


_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}


def quote_ambiguous(value: Any) -> Any:
    """Strings a YAML 1.1 reader would take for booleans ('yes', 'no', 'on'), single-quoted, as
    the records write them: Clerk reads YAML 1.2, but editors and other tools may not."""
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    if isinstance(value, dict):
        return {k: quote_ambiguous(v) for k, v in value.items()}
    if isinstance(value, list):
        return [quote_ambiguous(v) for v in value]
    if isinstance(value, str) and value.lower() in _YAML11_WORDS:
        return SingleQuotedScalarString(value)
    return value


def unchanged(target: Path, new_text: str, load: Callable[[str], Any]) -> bool:
    return target.exists() and load(target.read_text(encoding="utf-8")) == load(new_text)
