"""Checks of meetings and of references to ballots and meetings."""

from __future__ import annotations

from collections.abc import Iterator

from clerk.checks.common import unknown_org, unknown_person
from clerk.checks.registry import check, finding
from clerk.findings import DocPath, Finding, Severity, suggest
from clerk.records import (
    GOVERNANCE_FILE,
    Meeting,
    name_key,
    parse_date,
)
from clerk.repository import Index


@check("ballot-reference")
def ballot_references(index: Index) -> Iterator[Finding]:
    ids = index.rules.ids
    for ballot in index.checked_ballots:
        for number, other in enumerate(ballot.data.get("depends_on") or []):
            canonical = ids.canonical(other)
            if canonical is None or not index.has_ballot(canonical):
                known = index.known_ballot_ids()
                yield finding(
                    "ballot-reference",
                    ballot.file,
                    ("depends_on", number),
                    f'"{other}" is not a ballot in ballots/{suggest(other, known)}.',
                )
            elif canonical != other:
                yield finding(
                    "ballot-id",
                    ballot.file,
                    ("depends_on", number),
                    f'write "{canonical}", the canonical form of "{other}".',
                    Severity.WARNING,
                )
        documents = index.rules.documents
        for number, document in enumerate(ballot.data.get("documents") or []):
            if documents and document not in documents:
                yield finding(
                    "ballot-reference",
                    ballot.file,
                    ("documents", number),
                    f'"{document}" is not a document named in {GOVERNANCE_FILE}'
                    f"{suggest(document, documents)}.",
                )


@check("meeting-file-name")
def meeting_file_names(index: Index) -> Iterator[Finding]:
    for meeting in index.checked_meetings:
        parts = meeting.file.split("/")
        name = parts[-1][: -len(".yaml")]
        day = meeting.data.get("date", "")
        expected = f"meetings/{day[:4]}/{day}.yaml"
        if meeting.file != expected and not (name.startswith(day) and parts[1] == day[:4]):
            yield finding(
                "meeting-file-name",
                meeting.file,
                ("date",),
                f"a meeting on {day} belongs in {expected}.",
            )


@check("meeting-reference")
def meeting_references(index: Index) -> Iterator[Finding]:
    ids = index.rules.ids
    for meeting in index.checked_meetings:
        file = meeting.file
        if index.has_roster:
            yield from _meeting_people(index, meeting)
        day = meeting.data.get("date", "")
        for number, approved in enumerate(meeting.data.get("minutes_approved") or []):
            path: DocPath = ("minutes_approved", number)
            if approved >= day:
                yield finding(
                    "meeting-minutes-approved",
                    file,
                    path,
                    f"minutes of {approved} cannot be approved at a meeting on {day}; "
                    "approved minutes are of earlier meetings.",
                )
            elif not index.has_meeting_on(approved) and approved >= _earliest(index):
                yield finding(
                    "meeting-minutes-approved",
                    file,
                    path,
                    f"no meeting record for {approved}; add "
                    f"meetings/{approved[:4]}/{approved}.yaml or correct the date.",
                )
        for number, update in enumerate(meeting.data.get("ballots") or []):
            ref = update.get("ballot")
            if ref is None:
                if not update.get("draft"):
                    yield finding(
                        "meeting-ballot-unknown",
                        file,
                        ("ballots", number),
                        "a ballot update names a ballot (ballot: SC086) or a draft (draft: name).",
                    )
                continue
            canonical = ids.canonical(ref)
            if canonical is None or not index.has_ballot(canonical):
                yield finding(
                    "meeting-ballot-unknown",
                    file,
                    ("ballots", number, "ballot"),
                    f'"{ref}" is not a ballot in ballots/'
                    f"{suggest(canonical or ref, index.known_ballot_ids())}.",
                )
        next_meeting = meeting.data.get("next_meeting")
        if next_meeting and next_meeting <= day:
            yield finding(
                "meeting-reference",
                file,
                ("next_meeting",),
                f"the next meeting ({next_meeting}) must come after this one ({day}).",
            )


def _earliest(index: Index) -> str:
    """The first meeting's date; with no meeting, a text after every date."""
    return min(index.meeting_dates(), default=None) or "\uffff"


def _meeting_people(index: Index, meeting: Meeting) -> Iterator[Finding]:
    roster = index.roster
    file = meeting.file
    seen: set[str] = set()
    for number, attendee in enumerate(meeting.attendees):
        name = attendee["name"]
        if roster.person(name) is None:
            yield unknown_person(
                index, "meeting-attendee-unknown", file, ("attendees", number, "name"), name
            )
        if attendee.get("org") and roster.org(attendee["org"]) is None:
            yield unknown_org(
                index,
                "meeting-attendee-unknown",
                file,
                ("attendees", number, "org"),
                attendee["org"],
            )
        key = name_key(name)
        if key in seen:
            yield finding(
                "meeting-attendee-duplicate",
                file,
                ("attendees", number),
                f"{name} is listed twice among the attendees.",
            )
        seen.add(key)
    for field_name in ("chair", "minutes_by"):
        name = meeting.data.get(field_name)
        if name and roster.person(name) is None:
            yield unknown_person(index, "meeting-person-unknown", file, (field_name,), name)
    reader = (meeting.data.get("statement") or {}).get("read_by")
    if reader and roster.person(reader) is None:
        yield unknown_person(
            index, "meeting-person-unknown", file, ("statement", "read_by"), reader
        )
    for number, item in enumerate(meeting.action_items):
        if roster.person(item["owner"]) is None:
            yield unknown_person(
                index,
                "meeting-person-unknown",
                file,
                ("action_items", number, "owner"),
                item["owner"],
            )
        if (
            item.get("due")
            and parse_date(item["due"])
            and item["due"] < meeting.data.get("date", "")
        ):
            yield finding(
                "meeting-reference",
                file,
                ("action_items", number, "due"),
                "an action item cannot be due before the meeting that set it.",
            )
