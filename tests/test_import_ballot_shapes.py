"""Ballot result posts that say one thing twice, differently (variations of our clean fixture)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clerk.findings import ClerkError
from clerk.importers import import_ballot
from clerk.repository import load_index
from clerk.schema import load_schemas
from conftest import PROJECT

CLEAN = Path(__file__).parent / "fixtures" / "posts" / "2025-12-01-ballot-sc003.md"
SCHEMAS = load_schemas(PROJECT / "schemas")


def variant(records: Path, *edits: tuple[str, str]) -> Any:
    text = CLEAN.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    result = import_ballot(text, "post.md", load_index(records))
    assert SCHEMAS.validate("ballot", result.path, result.record) == []
    return result


def messages(result: Any, check: str = "import-inconsistent") -> list[str]:
    return [f.message for f in result.findings if f.check == check]


def test_the_clean_post_has_no_finding(records: Path) -> None:
    assert variant(records).findings == []


def test_a_bounded_end_is_kept_with_its_bound(records: Path) -> None:
    result = variant(
        records, ("- End: 2025-11-17 12:00:00 UTC\n", "- End: on or after 2025-11-17 12:00 UTC\n")
    )
    assert "end" not in result.record["discussion"]
    assert result.record["published"]["bounds"] == {
        "discussion": {"not_before": "2025-11-17T12:00:00Z", "words": "on or after"}
    }
    [message] = messages(result, "import-bounded-end")
    assert "discussion" in message and "on or after" in message


def test_no_earlier_than_is_a_bound_too(records: Path) -> None:
    result = variant(
        records,
        ("- End: 2025-11-17 12:00:00 UTC\n", "- End: no earlier than 2025-11-17 12:00 UTC\n"),
    )
    assert result.record["published"]["bounds"]["discussion"]["words"] == "no earlier than"


def test_written_by_and_endorsed_by_name_the_proposer_and_endorsers(records: Path) -> None:
    result = variant(
        records, ("This ballot is proposed by Carol", "This ballot is written by Carol")
    )
    assert result.record["proposers"] == [{"name": "Carol Gamma", "org": "Gamma PKI"}]
    assert [e["name"] for e in result.record["endorsers"]] == ["Alice Chair", "Erin Epsilon"]


def test_broken_front_matter_still_gives_the_id_title_and_date(records: Path) -> None:
    result = variant(
        records, ("title: 'Ballot SC003: Example definitions'", "title: 'Ballot SC003: [x")
    )
    assert result.path == "ballots/SC003.yaml"
    assert "import-front-matter" in {f.check for f in result.findings}


def test_without_any_title_the_id_comes_from_the_body(records: Path) -> None:
    result = variant(
        records,
        ("title: 'Ballot SC003: Example definitions'\n", "title: [unclosed\n"),
        ("## Voting Results\n", "## Voting Results\n\nResults of Ballot SC-003: Example.\n"),
    )
    assert result.record["id"] == "SC003"
    assert messages(result, "import-id")


def test_a_post_with_no_id_anywhere_is_refused_with_a_clear_error(records: Path) -> None:
    text = "---\ntitle: [unclosed\n---\n\nNo ballot here.\n"
    with pytest.raises(ClerkError) as raised:
        import_ballot(text, "post.md", load_index(records))
    assert "post.md" in raised.value.message


def test_a_front_matter_date_before_the_vote_ends_is_a_finding(records: Path) -> None:
    result = variant(records, ("date: 2025-12-01", "date: 2025-11-20"))
    [message] = messages(result)
    assert "2025-11-20" in message and "2025-11-24T12:00:00Z" in message


def test_a_version_in_the_body_but_not_in_the_title_is_a_finding(records: Path) -> None:
    result = variant(
        records,
        ("## Ballot Contents\n", "## Ballot Contents\n\nThis is Ballot SC-003v2.\n"),
    )
    [message] = messages(result)
    assert '"Ballot SC-003v2"' in message and "no version" in message


def test_an_id_spelled_two_ways_is_a_finding(records: Path) -> None:
    result = variant(
        records,
        ("## Ballot Contents\n", "## Ballot Contents\n\nBallot SC-013: Example definitions\n"),
    )
    [message] = messages(result)
    assert '"Ballot SC-013"' in message and "spelled two ways" in message


def test_other_ballots_named_in_the_body_are_no_contradiction(records: Path) -> None:
    result = variant(
        records,
        ("## Ballot Contents\n", "## Ballot Contents\n\nThis follows SC-002 and SC-004.\n"),
    )
    assert messages(result) == []


def test_a_review_period_before_the_vote_ends_is_a_finding(records: Path) -> None:
    result = variant(
        records,
        (
            "**Start of Review Period**: 2025-11-25 12:00:00 UTC",
            "**Start of Review Period**: 2025-11-20 12:00:00 UTC",
        ),
    )
    assert any("before voting ends" in m for m in messages(result))


def test_stated_totals_against_listed_names_is_a_finding(records: Path) -> None:
    result = variant(
        records, ("- 2 voting YES: Acme CA, Gamma PKI", "- 3 voting YES: Acme CA, Gamma PKI")
    )
    assert any("3 voting YES" in m and "2 organizations" in m for m in messages(result))


def test_quorum_comes_from_the_attendance_of_the_three_meetings_before_the_vote(
    records: Path,
) -> None:
    """The fictional records hold three meetings before the vote: voting members present 3
    (2025-10-02), 3 (10-16) and 4 (10-23), active 10/3, quorum floor(10/6) + 1 = 2, which the
    fixture post states. A fourth meeting with 5 present moves the window and the figure."""
    before = variant(records)
    assert before.record["result"]["quorum"] == before.record["published"]["quorum"] == 2
    (records / "meetings/2025/2025-10-30.yaml").write_text(
        "date: 2025-10-30\nkind: teleconference\nattendees:\n"
        "  - name: Alice Chair\n    org: Acme CA\n  - name: Bob Builder\n    org: Beta Trust\n"
        "  - name: Carol Gamma\n    org: Gamma PKI\n  - name: Dan Delta\n    org: Delta Browser\n"
        "  - name: Erin Epsilon\n    org: Epsilon Web\n",
        encoding="utf-8",
    )
    result = variant(records)
    # 3, 4 and 5 present: active 4, quorum 3
    assert result.record["result"]["quorum"] == 3
    assert result.record["published"]["quorum"] == 2
    [message] = messages(result, "import-quorum")
    assert "2025-10-16: 3, 2025-10-23: 4, 2025-10-30: 5" in message
    assert "published.quorum keeps 2" in message


def test_a_meeting_recorded_without_attendees_leaves_the_posts_quorum(records: Path) -> None:
    third = records / "meetings/2025/2025-10-30.yaml"
    third.write_text("date: 2025-10-30\nkind: teleconference\n", encoding="utf-8")
    edit = ("- The quorum was 2 for", "- The quorum was 5 for")
    result = variant(records, edit)
    assert result.record["result"]["quorum"] == result.record["published"]["quorum"] == 5
    assert messages(result, "import-quorum") == []
