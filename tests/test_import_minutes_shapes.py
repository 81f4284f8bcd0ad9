"""Minutes posts whose dates, status lists and membership items mislead a reader (our own posts)."""

from __future__ import annotations

from pathlib import Path

from clerk.importers import import_minutes
from clerk.repository import load_index

LIST = "## Attendees\n\nAlice Chair (Acme CA), Bob Builder (Beta Trust), Carol Gamma (Gamma PKI)\n"


def post(front: dict[str, str], body: str) -> str:
    lines = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\n{lines}---\n\n{body}"


def read(records: Path, text: str, name: str = "post.md"):
    return import_minutes(text, name, load_index(records))


def checks(result, check: str) -> list[str]:
    return [f.message for f in result.findings if f.check == check]


# --- dates --------------------------------------------------------------------------------------


def test_a_title_a_year_off_the_front_matter_yields_to_it_with_a_finding(records: Path) -> None:
    text = post(
        {"title": "F2F 70 Meeting in Sometown - March 4, 2025", "date": "2026-03-04"},
        LIST,
    )
    result = read(records, text)
    assert result.record["date"] == "2026-03-04"
    assert result.path == "meetings/2026/2026-03-04.yaml"
    [message] = checks(result, "import-inconsistent")
    assert '"March 4, 2025"' in message and "2026-03-04" in message


def test_a_body_date_after_the_front_matter_date_is_the_meeting_with_a_finding(
    records: Path,
) -> None:
    text = post(
        {"title": "Minutes of the Example Working Group", "date": "2025-07-14"},
        "Date: July 16, 2025\n\n" + LIST,
    )
    result = read(records, text)
    assert result.record["date"] == "2025-07-16"
    [message] = checks(result, "import-inconsistent")
    assert "2025-07-14" in message and "July 16, 2025" in message and "before" in message


def test_minutes_published_weeks_later_keep_the_meeting_date_and_say_so(records: Path) -> None:
    text = post({"title": "2025-09-04 Minutes of the Example WG", "date": "2025-10-02"}, LIST)
    result = read(records, text)
    assert result.record["date"] == "2025-09-04"
    assert not checks(result, "import-inconsistent")
    [message] = checks(result, "import-date")
    assert "2025-10-02" in message and "2025-09-04" in message and "28 days" in message


def test_a_body_date_line_contradicting_the_title_is_quoted(records: Path) -> None:
    text = post(
        {"title": "2025-05-08 Minutes of the Example WG", "date": "2025-05-08"},
        "Date: May 9, 2025\n\n" + LIST,
    )
    result = read(records, text)
    assert result.record["date"] == "2025-05-08"
    [message] = checks(result, "import-inconsistent")
    assert '"Date: May 9, 2025"' in message and '"2025-05-08"' in message


def test_agreeing_dates_give_no_finding(records: Path) -> None:
    text = post({"title": "2025-05-08 Minutes of the Example WG", "date": "2025-05-08"}, LIST)
    result = read(records, text)
    assert not checks(result, "import-inconsistent") and not checks(result, "import-date")


# --- ballot status ------------------------------------------------------------------------------

STATUS = (
    "## Ballot Status\n\n"
    "- SC-001: Clarify an example requirement (Alice) – in voting.\n\n"
    "Draft / Under Consideration:\n\n"
    "- Face to Face\n"
    "- Ballots in Voting\n"
    "- https://github.com/example/guidelines/pull/12\n"
    "- Yearly clean-up (Carol)\n"
    "- Shared fixes (Alice) (Bob)\n\n"
)


def test_status_words_and_links_are_findings_not_drafts(records: Path) -> None:
    text = post({"title": "2025-10-30 Minutes", "date": "2025-10-30"}, STATUS + LIST)
    result = read(records, text)
    updates = result.record["ballots"]
    assert [u.get("ballot") or u.get("draft") for u in updates] == [
        "SC001",
        "cleanup",
        "Shared fixes",
    ]
    refused = checks(result, "import-status-unreadable")
    assert len(refused) == 3
    assert any("Face to Face" in m for m in refused)
    assert any("Ballots in Voting" in m for m in refused)
    assert any("github.com" in m for m in refused)
    assert "- Face to Face" in result.record["notes"]


def test_an_item_naming_several_people_has_no_single_owner(records: Path) -> None:
    text = post({"title": "2025-10-30 Minutes", "date": "2025-10-30"}, STATUS + LIST)
    updates = read(records, text).record["ballots"]
    assert updates[0]["owner"] == "Alice Chair"
    assert updates[1]["owner"] == "Carol Gamma"
    assert "owner" not in updates[2]


def test_ballots_mentioned_outside_the_status_list_are_mentions(records: Path) -> None:
    body = (
        STATUS + "## Other business\n\nBob recalled that SC-7 and Ballot SC 003v2 changed the same "
        "section; Ballot 187 of the old numbering did too. SC001 was discussed again.\n\n" + LIST
    )
    record = read(records, post({"title": "2025-10-30 Minutes", "date": "2025-10-30"}, body)).record
    assert record["mentions"] == ["SC007", "SC003"]


# --- membership ---------------------------------------------------------------------------------


def test_an_outcome_line_is_the_decision_of_its_applicant(records: Path) -> None:
    body = (
        "## Membership\n\n- Omega Corp\n  - Outcome: approved as a Certificate Issuer\n"
        "- Outcome: deferred\n- Sigma Labs: application withdrawn\n\n" + LIST
    )
    result = read(records, post({"title": "2025-10-30 Minutes", "date": "2025-10-30"}, body))
    assert result.record["membership"] == [
        {"org": "Omega Corp", "decision": "approved as a Certificate Issuer"},
        {"org": "Sigma Labs", "decision": "application withdrawn"},
    ]
    [message] = checks(result, "import-membership-unreadable")
    assert '"Outcome:"' in message


def test_a_body_naming_another_meeting_day_is_a_finding_not_a_second_meeting(
    records: Path,
) -> None:
    text = post(
        {"title": "2025-07-14 Minutes of the Example WG", "date": "2025-07-14"},
        "The teleconference was held on July 16, 2025.\n\n" + LIST,
    )
    result = read(records, text)
    assert result.record["date"] == "2025-07-14"
    [message] = checks(result, "import-inconsistent")
    assert "July 16, 2025" in message and "2025-07-14" in message


def test_setext_headings_open_their_sections(records: Path) -> None:
    body = (
        "Ballot Status\n=============\n\n- SC-001: Clarify an example requirement (Alice)\n\n"
        "Attendees\n---------\n\nAlice Chair (Acme CA), Bob Builder (Beta Trust)\n"
    )
    record = read(records, post({"title": "2025-10-30 Minutes", "date": "2025-10-30"}, body)).record
    assert record["ballots"] == [
        {
            "ballot": "SC001",
            "owner": "Alice Chair",
            "note": "Clarify an example requirement (Alice)",
        }
    ]
    assert record["sections"] == ["Ballot Status", "Attendees"]
    assert len(record["attendees"]) == 2


def test_pending_from_names_the_draft_and_whom_it_waits_for(records: Path) -> None:
    body = (
        "## Ballot Status\n\nDraft / Under Consideration:\n\n"
        "- Pending from Bob Builder: Shared glossary\n\n"
    )
    record = read(
        records, post({"title": "2025-10-30 Minutes", "date": "2025-10-30"}, body + LIST)
    ).record
    [update] = record["ballots"]
    assert (update["draft"], update["owner"]) == ("Shared glossary", "Bob Builder")


# --- a flat numbered agenda (older posts) --------------------------------------------------------

FLAT_AGENDA = """**Attendance**

Alice Chair – (Acme CA), Bob Builder – (Beta Trust), Carol Gamma – (Gamma PKI).

**Agenda:**

1. Read Note-well (\\* not needed)
1. Membership:
1. None
1. Issues/topics to discuss
1. Charter review – comments to the list.
1. Next call:  September 18, 2025

**CURRENT STATUS OF BALLOTS**

- Discussion Period
- SC1 – Clarify an example requirement
- Draft / Under Consideration
- SCXX – Yearly clean-up – Carol Gamma (Gamma PKI)
- Definitions of things
- SC2 – Example redline
"""


def test_a_flat_agenda_keeps_its_items_apart(records: Path) -> None:
    """One numbered list for the whole agenda: 'Membership: / None' has no applicant (the next
    items are other business), a statement 'not needed' was not read, and a status list whose
    groups are items of it gives each ballot its group's status; a plain item under a group is
    no draft."""
    text = post({"title": "2025-09-04 Minutes", "date": "2025-09-04"}, FLAT_AGENDA)
    record = read(records, text).record
    assert "membership" not in record
    assert "statement" not in record
    updates = [(u.get("ballot") or u.get("draft"), u.get("status")) for u in record["ballots"]]
    # the fixture repository has the draft: its slug
    assert updates == [("SC001", "discussion"), ("cleanup", "draft"), ("SC002", "draft")]


def test_a_statement_read_and_an_applicant_after_none_are_kept(records: Path) -> None:
    """The same agenda with the note-well read and an applicant under its own heading: both
    are recorded, so the flat-list rules stop only what they are meant to."""
    body = FLAT_AGENDA.replace("Read Note-well (\\* not needed)", "Alice Chair read the Note-well")
    body += "\n## Membership\n\n- Delta Labs: approved\n"
    record = read(records, post({"title": "2025-09-04 Minutes", "date": "2025-09-04"}, body)).record
    assert record["statement"]["kind"] == "note-well"
    assert record["statement"].get("read_by") == "Alice Chair"
    assert record["membership"] == [{"org": "Delta Labs", "decision": "approved"}]


def test_a_day_named_inside_a_titles_range_is_the_meeting(records: Path) -> None:
    """A title naming the whole meeting week, "3-5 March 2025", then the group's day, "(4 March)",
    or a body 'Date:' line naming that day: the record takes it, not the week's first day."""
    title = "Minutes of the F2F 70 Meeting in Sometown, 3-5 March 2025 – WG (4 March)"
    result = read(records, post({"title": title, "date": "2025-04-20"}, LIST))
    assert result.record["date"] == "2025-03-04"
    assert result.record["place"] == "Sometown"  # the week's dates are no part of the place
    plain = "Minutes of the F2F 70 Meeting in Sometown, 3-5 March 2025"
    body = "Date: March 4, 2025\n\n" + LIST
    result = read(records, post({"title": plain, "date": "2025-04-20"}, body))
    assert result.record["date"] == "2025-03-04"
    result = read(records, post({"title": plain, "date": "2025-04-20"}, LIST))
    assert result.record["date"] == "2025-03-03"  # nothing names a day: the first, said so
    assert any("several days" in m for m in checks(result, "import-date"))
