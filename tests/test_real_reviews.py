"""The Forum's real reviews: this repository's passed ballots and the calendar-month reviews of
2024, replayed with their real Review Notices."""

from __future__ import annotations

import calendar
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import PROJECT, drop_key, git, make_runner
from conftest import load_record as load

SC001 = "ballots/SC001.yaml"


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("governance.yaml", "members.yaml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "meetings", root / "meetings")
    shutil.copytree(PROJECT / "ballots", root / "ballots")
    git(root, "init", "-q", "-b", "main")
    return root


def test_sc086_replayed_with_its_real_review_notice(tmp_path: Path) -> None:
    """SC086v3 passed when voting closed 2025-11-10T17:00Z; the Review Notice gave the period
    2025-11-14T12:00Z to 2025-12-14T12:00Z, so it took effect on 2025-12-14 (Bylaws 2.4(8))."""
    root = project_copy(tmp_path)
    record = root / "ballots/SC086.yaml"
    drop_key(record, "review")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "SC086 as the vote left it")
    clerk = make_runner(root)
    chair = load(root / "governance.yaml")["chairs"][0]["name"]

    assert "SC086" not in clerk("--now", "2025-12-31T00:00:00Z", "advance").stdout
    result = clerk(
        "--now", "2025-11-14T12:00:00Z", "ballot", "review-notice", "SC086", "--by", chair,
        "--start", "2025-11-14T12:00:00Z", "--end", "2025-12-14T12:00:00Z", "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "SC086" not in clerk("--now", "2025-12-14T11:59:59Z", "advance").stdout
    result = clerk("--now", "2025-12-14T12:00:00Z", "advance", "--commit")
    assert "SC086: passed -> final" in result.stdout
    data = load(record)
    assert data["status"] == "final"
    assert data["effective"] == "2025-12-14"
    assert clerk("validate").exit_code == 0


def test_every_passed_ballot_of_this_repository_replayed_with_its_review(tmp_path: Path) -> None:
    """The passed ballots of 2024-2025 recorded here with a whole review period, as the vote
    left them, take their real Review Notices (the periods their result posts state) and
    become final on the last day of those periods."""
    root = project_copy(tmp_path)
    periods: dict[str, dict[str, str]] = {}
    for record in sorted((root / "ballots").glob("SC*.yaml")):
        data = load(record)
        if data["status"] == "passed" and "end" in data.get("review", {}):
            periods[data["id"]] = data["review"]
            drop_key(record, "review")
    assert len(periods) >= 11
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Passed ballots as their votes left them")
    clerk = make_runner(root)
    chair = load(root / "governance.yaml")["chairs"][0]["name"]
    for ballot_id, review in periods.items():
        result = clerk(
            "--now", review["start"], "ballot", "review-notice", ballot_id, "--by", chair,
            "--start", review["start"], "--end", review["end"],
        )  # fmt: skip
        assert result.exit_code == 0, (ballot_id, result.stderr)
    moved = clerk("--now", "2026-01-01T00:00:00Z", "advance").stdout
    for ballot_id, review in periods.items():
        assert f"{ballot_id}: passed -> final" in moved
        data = load(root / f"ballots/{ballot_id}.yaml")
        assert data["effective"] == review["end"][:10]
    assert clerk("validate").exit_code == 0


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
CALENDAR_MONTH_REVIEWS = ("sc65", "sc67", "sc69", "sc73", "sc76", "sc78", "sc79")


def review_period(post: Path) -> tuple[datetime, datetime]:
    """The start and end of the Review Period a result post states (UTC)."""
    found: dict[str, datetime] = {}
    for line in post.read_text(encoding="utf-8").splitlines():
        match = re.search(
            r"(Start|End) of Review Period\**:\s*(\d+) (\w+) (\d{4}) at (\d+):(\d+) UTC", line
        )
        if match:
            kind, day, month, year, hour, minute = match.groups()
            found[kind] = datetime(
                int(year), MONTHS[month.lower()], int(day), int(hour), int(minute), tzinfo=UTC
            )
    return found["Start"], found["End"]


@pytest.mark.parametrize("name", CALENDAR_MONTH_REVIEWS)
def test_calendar_month_reviews_are_accepted(corpus: Path, records: Path, name: str) -> None:
    """Seven 30-day reviews the Chair published as a calendar month (31 days): recorded with
    their real times, they validate clean and end on their real last day."""
    posts = sorted((corpus / "ballots").glob("*.md"))
    post = next(p for p in posts if re.search(rf"-ballot-{name}(-|$)", p.stem))
    start, end = review_period(post)
    assert (end - start).days == 31
    path = records / SC001
    drop_key(path, "review")
    shift = start - datetime(2025, 10, 15, 12, tzinfo=UTC)  # SC001's vote closes at 12:00Z
    text = path.read_text()
    for stamp in sorted(set(re.findall(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", text))):
        moved = datetime.fromisoformat(stamp.replace("Z", "+00:00")) + shift
        text = text.replace(stamp, moved.strftime("%Y-%m-%dT%H:%M:%SZ"))
    path.write_text(text)
    clerk = make_runner(records)
    stamp = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    result = clerk(
        "--now", stamp, "ballot", "review-notice", "SC001", "--by", "Alice Chair",
        "--start", stamp, "--end", end.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    validation = clerk("--format", "json", "validate").json()
    assert [f for f in validation["findings"] if f["file"] == SC001] == []
    assert "passed -> final" in clerk("--now", end.isoformat(), "advance").stdout
    assert load(path)["effective"] == end.date().isoformat()


def test_calendar_month_reviews_import_and_validate_clean(corpus: Path, tmp_path: Path) -> None:
    """The seven result posts, imported as they are, give records that validate clean."""
    root = project_copy(tmp_path)
    for name in CALENDAR_MONTH_REVIEWS:  # the archive holds them: import them afresh
        (root / f"ballots/SC0{name[2:]}.yaml").unlink(missing_ok=True)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The project's records")
    posts = sorted(
        str(p)
        for p in (corpus / "ballots").glob("*.md")
        for name in CALENDAR_MONTH_REVIEWS
        if re.search(rf"-ballot-{name}(-|$)", p.stem)
    )
    assert len(posts) == 7
    clerk = make_runner(root)
    assert clerk("import", "ballot", *posts).exit_code == 0  # with warnings about the posts
    for name in CALENDAR_MONTH_REVIEWS:
        review = load(root / f"ballots/SC0{name[2:]}.yaml")["review"]
        start, end = (datetime.fromisoformat(review[k].replace("Z", "+00:00")) for k in review)
        assert (end - start).days == 31
    result = clerk("--format", "json", "validate")
    assert result.json()["findings"] == [], result.json()["findings"]
