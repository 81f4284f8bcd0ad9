"""`clerk import --history`: one dated commit per post, in the posts' order, safe to repeat."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from clerk.yamledit import load_roundtrip
from conftest import ClerkRunner, git

POSTS = Path(__file__).parent / "fixtures" / "posts"
MINUTES = POSTS / "2025-11-14-minutes-of-the-example-working-group.md"
BALLOT = POSTS / "2025-12-01-ballot-sc003.md"
NOW = ["--now", "2026-01-15T00:00:00Z"]


def later_minutes(tmp_path: Path) -> Path:
    """A second minutes post of our own: the 2025-11-13 meeting, published the same day."""
    text = MINUTES.read_text(encoding="utf-8")
    text = text.replace("date: 2025-11-14 00:00:00", "date: 2025-11-13 00:00:00")
    text = text.replace("title: 2025-10-30 Minutes", "title: 2025-11-13 Minutes")
    path = tmp_path / "2025-11-13-minutes.md"
    path.write_text(text, encoding="utf-8")
    return path


def log(records: Path, *args: str) -> list[str]:
    out = git(records, "log", "--format=%aI|%cI|%s", *args)
    return [line for line in out.splitlines() if line]


def test_each_post_is_one_commit_dated_at_the_post(
    clerk: ClerkRunner, records: Path, tmp_path: Path
) -> None:
    second = later_minutes(tmp_path)
    before = datetime.now(UTC).replace(microsecond=0)
    result = clerk(*NOW, "import", "--history", "posts", str(BALLOT), str(second), str(MINUTES))
    assert result.exit_code == 0, result.stdout + result.stderr
    after = datetime.now(UTC)
    entries = [line.split("|") for line in log(records, "-3")]
    # Author dates: the posts' (newest first: the ballot's vote ended 2025-11-24 12:00, its post
    # is dated 2025-12-01).
    assert [(authored, subject) for authored, _, subject in entries] == [
        ("2025-12-01T12:00:00+00:00", "SC003: imported from its result post (passed)"),
        ("2025-11-14T12:00:00+00:00", "Meeting 2025-10-30: imported from its minutes post"),
        ("2025-11-13T12:00:00+00:00", "Meeting 2025-11-13: imported from its minutes post"),
    ]
    # Committer dates: the real time of the import (not --now, not the post's), so they follow
    # the graph as git's date-ordered walks and commit-graph generations assume.
    committed = [datetime.fromisoformat(c) for _, c, _ in entries]
    assert all(before <= when <= after for when in committed), (before, committed, after)
    assert committed == sorted(committed, reverse=True)
    parent = git(records, "log", "-1", "--format=%cI", "HEAD~3").strip()
    assert datetime.fromisoformat(parent) <= committed[-1]
    message = git(records, "log", "-1", "--format=%B")
    assert "Clerk-Ballot: SC003" in message
    assert "Clerk-Source: https://cabforum.org/2025/12/01/ballot-sc-003-example-definitions" in (
        message
    )
    assert "Clerk-Action: import" in message
    assert git(records, "status", "--porcelain") == ""


def test_records_keep_facts_not_the_posts_prose(
    clerk: ClerkRunner, records: Path, tmp_path: Path
) -> None:
    assert clerk(*NOW, "import", "--history", "minutes", str(MINUTES)).exit_code == 0
    record = load_roundtrip((records / "meetings/2025/2025-10-30.yaml").read_text())
    assert "notes" not in record and "other_business" not in record
    assert all("note" not in update for update in record["ballots"])
    assert [a["name"] for a in record["attendees"]][:2] == ["Alice Chair", "Bob Builder"]
    assert record["sources"] == [MINUTES.name]


def test_a_second_run_commits_nothing(clerk: ClerkRunner, records: Path) -> None:
    assert clerk(*NOW, "import", "--history", "posts", str(MINUTES), str(BALLOT)).exit_code == 0
    head = git(records, "rev-parse", "HEAD")
    again = clerk(*NOW, "import", "--history", "posts", str(MINUTES), str(BALLOT))
    assert again.exit_code == 0
    assert git(records, "rev-parse", "HEAD") == head
    assert "0 commits, 2 unchanged" in again.stderr


def test_a_post_dated_after_the_clock_is_refused(
    clerk: ClerkRunner, records: Path, tmp_path: Path
) -> None:
    head = git(records, "rev-parse", "HEAD")
    result = clerk("--now", "2025-11-01T00:00:00Z", "import", "--history", "ballot", str(BALLOT))
    assert result.exit_code == 1
    assert "import-future-date" in result.stdout and "2025-12-01T12:00:00Z" in result.stdout
    assert git(records, "rev-parse", "HEAD") == head
    assert not (records / "ballots/SC003.yaml").exists()


def test_an_existing_record_keeps_its_fields(clerk: ClerkRunner, records: Path) -> None:
    target = records / "ballots/SC003.yaml"
    assert clerk(*NOW, "import", "--history", "ballot", str(BALLOT)).exit_code == 0
    text = target.read_text(encoding="utf-8").replace("title: Example definitions", "title: Ours")
    target.write_text(text, encoding="utf-8")
    git(records, "commit", "-qam", "A hand edit")
    result = clerk(*NOW, "import", "--history", "ballot", str(BALLOT))
    assert result.exit_code == 0
    assert "title: Ours" in target.read_text(encoding="utf-8")


def test_a_failed_post_is_reported_and_the_others_commit(
    clerk: ClerkRunner, records: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "not-a-post.md"
    bad.write_text("Nothing to read here.\n", encoding="utf-8")
    copy = tmp_path / BALLOT.name
    shutil.copy(BALLOT, copy)
    result = clerk(*NOW, "import", "--history", "posts", str(bad), str(copy))
    assert result.exit_code == 1
    assert "1 failed, 1 commits" in result.stderr
    assert (records / "ballots/SC003.yaml").exists()


def test_yes_and_no_are_written_quoted(clerk: ClerkRunner, records: Path) -> None:
    assert clerk(*NOW, "import", "--history", "ballot", str(BALLOT)).exit_code == 0
    text = (records / "ballots/SC003.yaml").read_text(encoding="utf-8")
    assert "vote: 'yes'" in text and "vote: yes" not in text


def test_minutes_on_the_public_site_are_published(
    clerk: ClerkRunner, records: Path, tmp_path: Path
) -> None:
    """A post with no address on the site (our fixture) says nothing of it; one with an alias
    is on the site, so its minutes are published."""
    assert clerk(*NOW, "import", "--history", "minutes", str(MINUTES)).exit_code == 0
    record = load_roundtrip((records / "meetings/2025/2025-10-30.yaml").read_text())
    assert "minutes_status" not in record
    online = tmp_path / "2025-11-13-minutes.md"
    text = later_minutes(tmp_path).read_text(encoding="utf-8")
    online.write_text(text.replace("---\n", "---\naliases:\n- /2025/11/13/minutes/\n", 1))
    assert clerk(*NOW, "import", "--history", "minutes", str(online)).exit_code == 0
    record = load_roundtrip((records / "meetings/2025/2025-11-13.yaml").read_text())
    assert record["minutes_status"] == "published"
    assert record["sources"] == ["https://cabforum.org/2025/11/13/minutes/"]


def test_a_status_read_later_is_added_to_each_update_by_a_dated_commit(
    clerk: ClerkRunner, records: Path
) -> None:
    """A record imported before the reader kept the status group (here: stripped by hand) gains
    each update's status from its post on a second run, in a commit dated at the post, while
    every field it has stays as it is."""
    assert clerk(*NOW, "import", "--history", "minutes", str(MINUTES)).exit_code == 0
    path = records / "meetings/2025/2025-10-30.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    status: voting\n" in text and "    status: draft\n" in text
    stripped = "".join(line for line in text.splitlines(keepends=True) if "status: " not in line)
    stripped = stripped.replace("owner: Alice Chair", "owner: Alice Chair (kept)")
    path.write_text(stripped, encoding="utf-8")
    git(records, "commit", "-q", "-am", "Meeting 2025-10-30: hand edit")
    again = clerk(*NOW, "import", "--history", "minutes", str(MINUTES))
    assert again.exit_code == 0, again.stderr
    record = load_roundtrip(path.read_text(encoding="utf-8"))
    updates = [dict(update) for update in record["ballots"]]
    assert [u.get("status") for u in updates] == ["voting", "draft"]
    assert updates[0]["owner"] == "Alice Chair (kept)"
    assert list(updates[0]) == ["ballot", "status", "owner"]
    authored, _, subject = log(records, "-1")[0].split("|")
    assert authored == "2025-11-14T12:00:00+00:00"
    assert subject == "Meeting 2025-10-30: imported from its minutes post"
    assert f"Clerk-Source: {MINUTES.name}" in git(records, "log", "-1", "--format=%B")


def test_status_words_from_the_groups_of_a_status_list() -> None:
    from clerk.importers.minutes.ballot_status import group_status

    assert [
        group_status(label)
        for label in (
            "In Voting Period",
            "Discussion Period",
            "Under IPR Review",
            "Cleared IPR review, new Guidelines",
            "Recently published guidelines",
            "Draft / Under Consideration",
            "Several draft ballots in progress",
            "Ballots passed",
            "Failed",
            "Other ballots",
            None,
        )
    ] == [
        "voting",
        "discussion",
        "passed",
        "final",
        "final",
        "draft",
        "draft",
        "passed",
        "failed",
        None,
        None,
    ]
