"""Meeting records: kept by the chairs and the person who took the minutes, and by the chairs
alone once a later meeting has approved them (their attendance sets later votes' quorum)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git
from test_check_pr import check, commit_all, only

OCT_02 = "meetings/2025/2025-10-02.yaml"  # approved at the meeting of 2025-10-16
OCT_23 = "meetings/2025/2025-10-23.yaml"  # not approved yet
ATTENDEE = "  - name: Carol Gamma\n    org: Gamma PKI\n"  # not at the meeting of 2025-10-23


@pytest.fixture
def minutes(records: Path) -> Path:
    """Carol Gamma took the minutes of both meetings (on main); a branch `change` is out."""
    for relpath in (OCT_02, OCT_23):
        path = records / relpath
        path.write_text(
            path.read_text().replace(
                "chair: Alice Chair\n", "chair: Alice Chair\nminutes_by: Carol Gamma\n"
            )
        )
    commit_all(records, "minute takers")
    git(records, "checkout", "-q", "-b", "change")
    return records


def _add_attendee(root: Path, relpath: str) -> None:
    path = root / relpath
    path.write_text(path.read_text().replace("attendees:\n", "attendees:\n" + ATTENDEE, 1))
    commit_all(root)


def test_minute_taker_edits_unapproved_minutes(minutes: Path, clerk) -> None:
    _add_attendee(minutes, OCT_23)
    code, findings = check(clerk, "carol-g")
    assert code == 0, findings


def test_someone_else_edits_the_minutes(minutes: Path, clerk) -> None:
    _add_attendee(minutes, OCT_23)
    code, findings = check(clerk, "bob-b")
    assert code == 1
    finding = only(findings, "pr-permission")
    assert finding["file"] == OCT_23
    assert "taking the minutes (Carol Gamma)" in finding["message"]


def test_approved_minutes_are_the_chairs(minutes: Path, clerk) -> None:
    path = minutes / OCT_02  # the attendance sets the quorum of the next votes
    path.write_text(path.read_text().replace("  - name: Zoe Zeta\n    org: Zeta Audit\n", ""))
    commit_all(minutes)
    code, findings = check(clerk, "carol-g")
    assert code == 1
    assert "approved at the meeting of 2025-10-16" in only(findings, "pr-permission")["message"]
    assert check(clerk, "alice-chair")[0] == 0


def test_new_meeting_by_its_minute_taker_or_a_chair(minutes: Path, clerk) -> None:
    path = minutes / "meetings/2025/2025-10-30.yaml"
    path.write_text(
        "date: 2025-10-30\nkind: teleconference\nchair: Alice Chair\nminutes_by: Dan Delta\n"
        "attendees:\n  - name: Dan Delta\n    org: Delta Browser\n"
    )
    commit_all(minutes)
    assert check(clerk, "dan-d")[0] == 0
    assert check(clerk, "alice-chair")[0] == 0
    code, findings = check(clerk, "bob-b")
    assert code == 1
    assert only(findings, "pr-permission")["file"] == "meetings/2025/2025-10-30.yaml"


def test_bot_edits_no_meeting(minutes: Path, clerk) -> None:
    _add_attendee(minutes, OCT_23)
    code, findings = check(clerk, "clerk-bot")
    assert code == 1
    assert only(findings, "pr-bot-scope")["file"] == OCT_23
