"""Checks of each ballot's periods, status and stored result."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from clerk.checks.common import counts_text, days_text
from clerk.checks.registry import check, finding
from clerk.findings import Finding, Severity
from clerk.records import (
    parse_time,
)
from clerk.repository import Index


@check("ballot-periods")
def ballot_periods(index: Index) -> Iterator[Finding]:
    rules = index.rules
    for ballot in index.checked_ballots:
        d_start, d_end = ballot.period("discussion")
        v_start, v_end = ballot.period("voting")
        r_start, r_end = ballot.period("review")
        for name, (start, end) in (
            ("discussion", (d_start, d_end)),
            ("voting", (v_start, v_end)),
            ("review", (r_start, r_end)),
        ):
            if start and end and end < start:
                yield finding(
                    "ballot-periods", ballot.file, (name, "end"), f"{name} ends before it starts."
                )
        if d_start and v_start and v_start < d_start:
            yield finding(
                "ballot-periods",
                ballot.file,
                ("voting", "start"),
                "voting starts before discussion does.",
            )
        elif d_start and v_start and v_start - d_start < timedelta(days=rules.discussion_min_days):
            yield finding(
                "ballot-periods",
                ballot.file,
                ("voting", "start"),
                f"voting starts {days_text(v_start - d_start)} after the discussion opened; the "
                f"rules require at least {rules.discussion_min_days} days of discussion.",
            )
        if v_start and v_end:
            length = v_end - v_start
            if length != timedelta(days=rules.voting_days):
                yield finding(
                    "ballot-periods",
                    ballot.file,
                    ("voting", "end"),
                    f"voting lasts {days_text(length)}; the rules require exactly "
                    f"{rules.voting_days} days "
                    f"(end {v_start + timedelta(days=rules.voting_days):%Y-%m-%dT%H:%M:%SZ}).",
                )
        last_version = ballot.last_version_time()
        if (
            v_start
            and last_version
            and v_start - last_version < timedelta(days=rules.discussion_min_days)
        ):
            yield finding(
                "ballot-periods",
                ballot.file,
                ("voting", "start"),
                f"voting starts {days_text(v_start - last_version)} after the last version; "
                f"the rules require at least {rules.discussion_min_days} days of discussion.",
            )
        if r_start and v_end and r_start < v_end:
            yield finding(
                "ballot-periods",
                ballot.file,
                ("review", "start"),
                "the review period starts before voting ends.",
            )
        review = rules.review_length(ballot.guideline)
        if r_start and r_end and review is not None and r_end - r_start < review:
            # Longer is allowed: chairs publish a 30-day review as a calendar month (31 days).
            yield finding(
                "ballot-periods",
                ballot.file,
                ("review", "end"),
                f"review lasts {days_text(r_end - r_start)}; a {ballot.guideline} needs at "
                f"least {review.days} days.",
            )
        times = [parse_time(v.get("posted")) for v in ballot.versions]
        numbers = [v.get("version") for v in ballot.versions]
        if numbers != list(range(1, len(numbers) + 1)):
            yield finding(
                "ballot-periods",
                ballot.file,
                ("versions",),
                "versions must be numbered 1, 2, 3, ... in order.",
            )
        known = [t for t in times if t]
        if known != sorted(known):
            yield finding(
                "ballot-periods", ballot.file, ("versions",), "versions are not in time order."
            )
        if v_start and known and max(known) > v_start:
            yield finding(
                "ballot-periods",
                ballot.file,
                ("versions", len(times) - 1, "posted"),
                "a version posted after voting started; a ballot cannot be revised during "
                "voting: withdraw it and propose it again.",
            )


_STATUS_NEEDS: dict[str, tuple[str, ...]] = {
    "discussion": ("discussion",),
    "voting": ("discussion", "voting"),
    "passed": ("voting", "result"),  # the review is recorded when the chair's notice comes
    "final": ("voting", "result"),
    "failed": (),
    "withdrawn": ("withdrawn",),
    "rescinded": ("result", "exclusion_notices"),
}


@check("ballot-status")
def ballot_status(index: Index) -> Iterator[Finding]:
    for ballot in index.checked_ballots:
        status = ballot.status
        data = ballot.data
        if status != "draft" and not ballot.id and status not in ("withdrawn", "failed"):
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                f"a ballot in {status} has a number; give it its id.",
            )
        missing = [key for key in _STATUS_NEEDS.get(status, ()) if not data.get(key)]
        if missing:
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                f"status {status} needs {', '.join(missing)} recorded.",
            )
        if status == "draft" and (data.get("voting") or data.get("result")):
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                "a draft has no voting period or result; set the status that matches them.",
            )
        if status == "discussion" and data.get("voting", {}).get("start"):
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                "voting has started; the status should be voting or later.",
            )
        outcome = (ballot.result or {}).get("outcome")
        if status in ("passed", "final", "rescinded") and outcome == "failed":
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                f"status {status} contradicts the stored result (failed).",
            )
        if status == "failed" and outcome == "passed":
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                "status failed contradicts the stored result (passed).",
            )
        if status in ("discussion", "voting") and ballot.result:
            yield finding(
                "ballot-status",
                ballot.file,
                ("result",),
                f"a ballot in {status} has no result yet.",
            )
        if status == "final" and data.get("exclusion_notices"):
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                "an Exclusion Notice was filed; the ballot is rescinded, not final.",
            )


@check("ballot-result")
def ballot_results(index: Index) -> Iterator[Finding]:
    """A stored result must be what the recorded votes give under the rules."""
    from clerk.tally import count_votes

    if not index.has_rules or not index.has_roster:
        return
    for ballot in index.checked_ballots:
        result = ballot.result
        if not result or next(ballot.cast_entries(), None) is None:
            continue
        tally = count_votes(ballot, index.rules, index.roster, index.meeting_log)
        for class_id, stored in (result.get("tally") or {}).items():
            counted = tally.classes.get(class_id)
            if counted is None:
                continue
            if counted.as_data() != stored:
                yield finding(
                    "ballot-result",
                    ballot.file,
                    ("result", "tally", class_id),
                    f"the stored {class_id} tally {counts_text(stored)} disagrees with the votes "
                    f"recorded: {counts_text(counted.as_data())}.",
                )
        if tally.unclassified:
            yield finding(
                "ballot-result",
                ballot.file,
                ("votes",),
                f"votes from organizations with no voting class in members.yaml: "
                f"{', '.join(tally.unclassified)}; they cannot be counted.",
                Severity.WARNING,
            )
        quorum = result.get("quorum")
        quorum_ok = tally.participants >= quorum if quorum else tally.quorum_met is not False
        thresholds_ok = all(c.threshold_met for c in tally.classes.values())
        each_ok = tally.each_class_has_yes or not tally.yes_in_each_class
        computed = "passed" if thresholds_ok and each_ok and quorum_ok else "failed"
        if result.get("outcome") != computed:
            yield finding(
                "ballot-result",
                ballot.file,
                ("result", "outcome"),
                f"the stored outcome is {result.get('outcome')}, but the recorded votes give "
                f"{computed} under the rules.",
            )
