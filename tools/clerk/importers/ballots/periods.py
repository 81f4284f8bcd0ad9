"""Discussion, voting and review periods, bounded ends, and their checks."""

from __future__ import annotations

import re
from datetime import time, timedelta

from clerk.findings import Severity
from clerk.importers.ballots.base import (
    BallotBase,
    Period,
    duration_text,
)
from clerk.importers.dates import (
    find_dates,
    moment,
    parse_clock,
    parse_moment,
    utc_text,
    zone_of,
)
from clerk.importers.forum import (
    content_of,
    finding,
)


class PeriodsPart(BallotBase):
    """The periods the post gives."""

    def _periods(self) -> tuple[Period | None, Period | None, Period | None]:
        periods: dict[str, Period] = {}
        current: str | None = None
        clocks: tuple[time | None, time | None] = (None, None)
        zone: str | None = None
        table_lines: list[int] = []
        for line in self.lines:
            if line.blank:
                continue
            text = content_of(line).strip("| ").strip()
            cells = [c.strip() for c in re.split(r"\||\t", content_of(line)) if c.strip()]
            header = re.search(
                r"Start time\s*\((?P<start>[^)]*)\).*End time\s*\((?P<end>[^)]*)\)", text, re.I
            )
            if header:
                clocks = (parse_clock(header.group("start")), parse_clock(header.group("end")))
                zone = zone_of(header.group("start")) or "UTC"
                table_lines.append(line.number)
                continue
            if re.fullmatch(r"[\s|:-]+", line.text):
                table_lines.append(line.number)
                continue
            review = re.match(
                r"^(?P<which>Start|End) of Review Period\s*:?\s*(?P<rest>.*)$", text, re.I
            )
            if review:
                value = parse_moment(review.group("rest"))
                if value is not None:
                    period = periods.setdefault(
                        "review", Period(line=line.number, label="Review Period")
                    )
                    setattr(period, review.group("which").lower(), value)
                    self.kept.discard(line.number)
                continue
            label = re.match(
                r"^(?:Expected\s+)?(?P<which>Discussion|Vote for approval)\b(?P<rest>.*)$",
                text,
                re.I,
            )
            if label and len(text.split()) <= 12 + 4 * len(find_dates(text)):
                current = (
                    "voting" if label.group("which").lower().startswith("vote") else "discussion"
                )
                period = periods.setdefault(
                    current, Period(line=line.number, label=cells[0] if cells else text)
                )
                days = re.search(r"\((?:at least |no less than )?(\d+)\+?\s*days?\)", text, re.I)
                if days:
                    period.days = int(days.group(1))
                    period.at_least = bool(re.search(r"at least|no less than|\+", days.group(0)))
                dates = [d for d in find_dates(text) if d.year is not None]
                if len(dates) >= 2:
                    start_day, end_day = dates[0].resolve(), dates[1].resolve()
                    if start_day and end_day:
                        period.start = moment(start_day, clocks[0], zone)
                        period.end = moment(end_day, clocks[1], zone)
                        self.kept.difference_update(table_lines)
                self.kept.discard(line.number)
                continue
            if current is None:
                continue
            bound = re.match(r"^(?P<which>S?tart|End)\b(?:\s+time)?(?P<rest>.*)$", text, re.I)
            if not bound:
                continue
            rest = bound.group("rest")
            value = parse_moment(rest, default_zone="UTC")
            if value is None:
                continue
            period = periods[current]
            if bound.group("which").lower().endswith("tart"):
                period.start = value
                self.kept.discard(line.number)
            else:
                period.end = value
                bounded = re.search(
                    r"no earlier than|on or after|not before|at the earliest", rest, re.I
                )
                if bounded:
                    period.end_definite = False
                    period.bound_words = bounded.group(0).lower()
                    self._bounded(current, period, line.number)
                self.kept.discard(line.number)
        discussion, voting, review = (
            periods.get("discussion"),
            periods.get("voting"),
            periods.get("review"),
        )
        self._check_periods(discussion, voting, review)
        return discussion, voting, review

    def _bounded(self, name: str, period: Period, line: int) -> None:
        assert period.end is not None
        self.findings.append(
            finding(
                self.source,
                line,
                "import-bounded-end",
                f"the post gives the end of the {name} period only as a bound "
                f"('{period.bound_words} {utc_text(period.end)}'); the record keeps it under "
                f"published.bounds, not as the period's end.",
                Severity.NOTICE,
            )
        )

    def _check_periods(
        self, discussion: Period | None, voting: Period | None, review: Period | None
    ) -> None:
        for period in (discussion, voting):
            if period is None or period.start is None or period.end is None or period.days is None:
                continue
            if not period.end_definite:
                continue
            length = period.end - period.start
            wanted = timedelta(days=period.days)
            if (period.at_least and length < wanted) or (not period.at_least and length != wanted):
                self.inconsistent(
                    period.line,
                    f"says '{period.label}' but gives {utc_text(period.start)} to "
                    f"{utc_text(period.end)} ({duration_text(length)}).",
                )
        if (
            discussion
            and voting
            and voting.start
            and discussion.start
            and voting.start < discussion.start
        ):
            self.inconsistent(
                voting.line,
                f"voting starts {utc_text(voting.start)}, before the discussion period starts "
                f"({utc_text(discussion.start)}).",
            )
        elif (
            discussion
            and voting
            and voting.start
            and discussion.end
            and discussion.end_definite
            and voting.start < discussion.end
        ):
            self.inconsistent(
                voting.line,
                f"voting starts {utc_text(voting.start)}, before the discussion period ends "
                f"({utc_text(discussion.end)}).",
            )
        if review and voting and review.start and voting.end and review.start < voting.end:
            self.inconsistent(
                review.line,
                f"the review period starts {utc_text(review.start)}, before voting ends "
                f"({utc_text(voting.end)}).",
            )
        stated = None
        for line in self.lines:
            match = re.search(r"Review Period of (\d+) days", line.text)
            if match:
                stated = (int(match.group(1)), line.number)
                break
        if review and review.start and review.end and stated:
            length = review.end - review.start
            if abs(length - timedelta(days=stated[0])) > timedelta(days=2):
                self.inconsistent(
                    stated[1],
                    f"says 'Review Period of {stated[0]} days' but gives "
                    f"{utc_text(review.start)} to "
                    f"{utc_text(review.end)} ({duration_text(length)}).",
                )
