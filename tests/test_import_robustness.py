"""Hostile or malformed posts: a finding or a clear error, never a traceback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clerk.findings import ClerkError
from clerk.importers import import_ballot, import_minutes, import_post
from clerk.importers.attendance_entries import parse_entry
from clerk.repository import Index, load_index
from conftest import FIXTURE_REPO

_PIECES = [
    "---\n",
    "title: ",
    "date: 2025-10-30\n",
    "date: [\n",
    "aliases:\n- /x/ballot-sc-2\n",
    "## Attendees\n",
    "**Attendees:** ",
    "*Attendees*\n",
    "    ",
    "- ",
    "* ",
    "1. ",
    "| ",
    " |\n",
    "|---|---|\n",
    "Alice Chair (Acme CA)",
    ", ",
    "(",
    ")",
    "[",
    "]",
    " - ",
    ": ",
    "\n",
    "\n\n",
    "SC-001",
    "SC0XX",
    "Ballot SC-2v3",
    "2025-11-17 12:00:00 UTC",
    "on or after ",
    "### Certificate Issuers\n",
    "3 voting YES: Acme CA, Beta Trust\n",
    "This requirement was **MET**.",
    "The quorum was 3 for this ballot.",
    "**Vote for approval (7 days)**\n",
    "- Start: ",
    "- End: ",
    "Outcome: approved",
    "https://github.com/x/y/pull/1",
    "é",
    "\u202e",
    "\x00",
    "```\n",
    "<div>",
    "&amp;",
    "Date: July 16, 2025\n",
    "held on 31 February 2025",
]

_INDEX: dict[str, Index] = {}


def _index() -> Index:
    if "fixture" not in _INDEX:
        _INDEX["fixture"] = load_index(Path(FIXTURE_REPO))
    return _INDEX["fixture"]


posts = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posts)
def test_any_post_is_a_record_or_a_clear_error(text: str) -> None:
    for importer in (import_minutes, import_ballot, import_post):
        try:
            result = importer(text, "post.md", _index())
        except ClerkError as exc:
            assert "post.md" in exc.message or exc.findings
            continue
        assert result.path.endswith(".yaml") and ".." not in result.path
        assert not result.path.startswith("/")
        for finding in result.findings:
            assert finding.file == "post.md" and finding.line >= 1


def test_a_post_cannot_name_a_path_outside_the_records() -> None:
    text = "---\ntitle: '../../etc/passwd 2025-10-30 Minutes'\n---\n\n## Attendees\n\nA B (C)\n"
    result = import_minutes(text, "post.md", _index())
    assert result.path == "meetings/2025/2025-10-30.yaml"


def test_an_indented_block_that_stays_indented_is_read_once() -> None:
    """Mixed tabs and spaces leave no common indent to remove: no endless re-reading."""
    text = "---\ntitle: 2025-10-30 Minutes\n---\n\n    a\n\tb\n    \tc\n" * 3
    result = import_minutes(text, "post.md", _index())
    assert result.record["date"] == "2025-10-30"


def test_an_entry_longer_than_any_name_and_organization_is_no_person() -> None:
    """A paragraph in an attendance list is refused at once, not searched word by word for
    a place where an organization might start (that search is quadratic in its words)."""
    assert parse_entry("Alice Chair (Acme CA)", _index()) == [("Alice Chair", "Acme CA", False)]
    assert parse_entry("Alice " * 60, _index()) is None
    text = "---\ntitle: 2025-10-30 Minutes\n---\n\n## Attendees\n\n" + "Alice " * 400
    assert import_minutes(text, "post.md", _index()).record.get("attendees") is None
