"""Attendance lists in every shape a minutes post writes them (fictional posts of our own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clerk.importers import import_minutes
from clerk.repository import load_index

HEAD = "---\ntitle: Minutes of the Example WG - 2025-10-30\ndate: 2025-10-30\n---\n\n"


def attendees(records: Path, body: str) -> tuple[list[tuple[str, str | None]], list]:
    result = import_minutes(HEAD + body, "post.md", load_index(records))
    people = [(a["name"], a.get("org")) for a in result.record.get("attendees", [])]
    return people, result.findings


FOUR = [
    ("Alice Chair", "Acme CA"),
    ("Bob Builder", "Beta Trust"),
    ("Carol Gamma", "Gamma PKI"),
    ("Dan Delta", "Delta Browser"),
]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "## Attendance\n\nAlice Chair (Acme CA), Bob Builder (Beta Trust), "
            "Carol Gamma (Gamma PKI), Dan Delta (Delta Browser)\n",
            id="heading",
        ),
        pytest.param(
            "1. **Adjourn**\n\n    **Attendees**\n\n    Alice Chair - (Acme CA)\n"
            "    Bob Builder - (Beta Trust)\n    Carol Gamma - (Gamma PKI)\n"
            "    Dan Delta - (Delta Browser)\n",
            id="indented-bold-one-per-line",
        ),
        pytest.param(
            "Closing words.\n\n    **Attendees**\n    Alice Chair - (Acme CA)\n"
            "    Bob Builder - (Beta Trust)\n    Carol Gamma - (Gamma PKI)\n"
            "    Dan Delta - (Delta Browser)\n",
            id="indented-code-block",
        ),
        pytest.param(
            "*Attendees*\n\nAlice Chair (Acme CA), Bob Builder (Beta Trust), "
            "Carol Gamma (Gamma PKI), Dan Delta (Delta Browser)\n",
            id="italic-label",
        ),
        pytest.param(
            "**Attendees**\n\n- Alice Chair (Acme CA)\n- Bob Builder (Beta Trust)\n"
            "- Carol Gamma (Gamma PKI)\n- Dan Delta (Delta Browser)\n",
            id="bold-label-alone-bullets",
        ),
        pytest.param(
            "**Attendees:** Alice Chair (Acme CA), Bob Builder (Beta Trust), "
            "Carol Gamma (Gamma PKI), Dan Delta (Delta Browser)\n",
            id="inline-bold-label",
        ),
        pytest.param(
            "**Members present:** Alice Chair (Acme CA), Bob Builder (Beta Trust), "
            "Carol Gamma (Gamma PKI), Dan Delta (Delta Browser)\n",
            id="members-present",
        ),
        pytest.param(
            "In attendance:\n\n- Alice Chair (Acme CA)\n- Bob Builder (Beta Trust)\n\n"
            "Guests:\n\n- Carol Gamma (Gamma PKI)\n- Dan Delta (Delta Browser)\n",
            id="in-attendance-and-guests",
        ),
        pytest.param(
            "Attendees: Alice Chair (Acme CA), Bob Builder (Beta Trust),\n"
            "Carol Gamma (Gamma PKI), Dan Delta (Delta Browser)\n",
            id="inline-plain-label",
        ),
        pytest.param(
            "## Attendees\n\nAlice Chair (Acme CA), Bob Builder (Beta Trust), Carol\n\n"
            "Gamma (Gamma PKI), Dan Delta\n\n(Delta Browser)\n",
            id="list-cut-by-blank-lines",
        ),
        pytest.param(
            "## Attendees\n\nAlice Chair (Acme CA), Bob Builder (Beta Trust).\n"
            "Carol Gamma (Gamma PKI), Dan Delta (Delta Browser).\n",
            id="two-lists-joined-by-full-stop",
        ),
        pytest.param(
            "## Attendees\n\n[Acme CA] Alice Chair, [Beta Trust] Bob Builder, "
            "[Gamma PKI] Carol Gamma, [Delta Browser] Dan Delta\n",
            id="organization-first",
        ),
        pytest.param(
            "## Attendees\n\n| Name | Organization |\n|---|---|\n| Alice Chair | Acme CA |\n"
            "| Bob Builder | Beta Trust |\n| Carol Gamma | Gamma PKI |\n"
            "| Dan Delta | Delta Browser |\n",
            id="table",
        ),
        pytest.param(
            "## Attendees\n\n- Alice Chair (Acme CA) (remote)\n- Bob Builder (Beta Trust) - chair\n"
            "- Carol Gamma (Gamma PKI)\n- Dan Delta (Delta Browser) (invited guest)\n",
            id="roles-after-the-organization",
        ),
        pytest.param(
            "## Attendees\n\n- Acme CA: Alice Chair\n- Beta Trust: Bob Builder\n"
            "- Gamma PKI: Carol Gamma\n- Delta Browser: Dan Delta\n",
            id="organization-first-with-colon",
        ),
        pytest.param(
            "## Attendees\n\nAlice Chair, Acme CA\nBob Builder, Beta Trust\n"
            "Carol Gamma, Gamma PKI\nDan Delta, Delta Browser\n",
            id="name-comma-organization-per-line",
        ),
    ],
)
def test_every_spelling_of_the_list_is_read(records: Path, body: str) -> None:
    people, findings = attendees(records, body)
    assert people == FOUR
    assert not [f for f in findings if f.check.startswith("import-attendee")]


def test_a_title_after_a_comma_stays_with_its_person(records: Path) -> None:
    people, _ = attendees(
        records,
        "## Attendees\n\nAlice Chair, dr. (Acme CA), Bob Builder, Jr. (Beta Trust), "
        "Carol Gamma (Gamma PKI)\n",
    )
    assert [org for _, org in people] == ["Acme CA", "Beta Trust", "Gamma PKI"]
    assert people[0][0] == "Alice Chair, dr."
    assert not any(name.strip(" .").lower() in ("dr", "jr") for name, _ in people)


def test_a_heading_that_only_starts_with_attendance_opens_no_list(records: Path) -> None:
    body = (
        "## Attendance\n\nAlice Chair (Acme CA), Bob Builder (Beta Trust), "
        "Carol Gamma (Gamma PKI)\n\n"
        "## Attendance by Members of Other Working Groups\n\n"
        "The group discussed how guests from other groups join the calls.\n\n"
        "Several members asked for a shorter agenda.\n\n"
        "Zoe Zeta (Zeta Audit) joined from another group.\n"
    )
    people, _ = attendees(records, body)
    assert people == FOUR[:3]


def test_discussion_under_an_attendance_heading_is_not_people(records: Path) -> None:
    body = (
        "## Attendees\n\nAlice Chair (Acme CA), Bob Builder (Beta Trust), "
        "Carol Gamma (Gamma PKI)\n\n"
        "The chair thanked everyone for joining and asked for volunteers.\n"
    )
    people, findings = attendees(records, body)
    assert people == FOUR[:3]
    assert not [f for f in findings if f.check == "import-attendee-unreadable"]


def test_an_entry_that_is_no_person_is_a_finding_not_an_attendee(records: Path) -> None:
    body = (
        "## Attendees\n\nAlice Chair (Acme CA), Bob Builder (Beta Trust), "
        "see the recording for the rest, Carol Gamma (Gamma PKI)\n"
    )
    people, findings = attendees(records, body)
    assert people == FOUR[:3]
    unreadable = [f for f in findings if f.check == "import-attendee-unreadable"]
    assert len(unreadable) == 1 and "see the recording for the rest" in unreadable[0].message
    assert unreadable[0].line == 8 and unreadable[0].file == "post.md"


def test_an_unknown_bare_name_is_a_finding_a_known_one_is_the_person(records: Path) -> None:
    body = "## Attendees\n\nAlice Chair, Bob Builder (Beta Trust), Quentin Nobody, Carol Gamma\n"
    people, findings = attendees(records, body)
    assert people == [("Alice Chair", None), ("Bob Builder", "Beta Trust"), ("Carol Gamma", None)]
    assert [f.check for f in findings if "Quentin Nobody" in f.message] == [
        "import-attendee-unreadable"
    ]


def test_roll_call_prose_is_not_a_list(records: Path) -> None:
    body = (
        "## Roll Call\n\nThe roll call was taken from the meeting tool.\n\n"
        "## Attendees\n\n- Alice Chair (Acme CA)\n- Bob Builder (Beta Trust)\n"
    )
    people, findings = attendees(records, body)
    assert people == FOUR[:2]
    assert not [f for f in findings if f.check == "import-attendee-unreadable"]


def test_a_person_listed_twice_is_recorded_once(records: Path) -> None:
    body = (
        "## Attendees\n\nIn the room:\n\n- Alice Chair (Acme CA)\n- Bob Builder (Beta Trust)\n\n"
        "Remote:\n\n- Alice Chair (Acme CA)\n- Carol Gamma (Gamma PKI)\n"
    )
    people, findings = attendees(records, body)
    assert people == FOUR[:3]
    assert [f.check for f in findings].count("import-duplicate-attendee") == 1


def test_several_people_under_one_organization_each_get_it(records: Path) -> None:
    body = (
        "## Attendees\n\n- Alice Chair (Acme CA)\n- Beta Trust: Bob Builder\n"
        "- Sigma Group: Carol Gamma, Dan Delta\n"
    )
    people, _ = attendees(records, body)
    assert people == [
        ("Alice Chair", "Acme CA"),
        ("Bob Builder", "Beta Trust"),
        ("Carol Gamma", "Sigma Group"),
        ("Dan Delta", "Sigma Group"),
    ]


def test_a_stated_number_of_attendees_against_the_names_is_a_finding(records: Path) -> None:
    names = "Alice Chair (Acme CA), Bob Builder (Beta Trust), Carol Gamma (Gamma PKI)\n"
    body = "## Attendees (4)\n\n" + names
    people, findings = attendees(records, body)
    assert people == FOUR[:3]
    [message] = [f.message for f in findings if f.check == "import-inconsistent"]
    assert '"Attendees (4)"' in message and "3 people" in message
    agreeing = "## 3 Attendees\n\n" + names
    people, findings = attendees(records, agreeing)
    assert people == FOUR[:3] and not [f for f in findings if f.check == "import-inconsistent"]
