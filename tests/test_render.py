"""Rendering Forum-style posts from records, and reading them back."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from clerk.importers import import_ballot, import_minutes
from clerk.records import Ballot, Meeting
from clerk.render import render_ballot, render_minutes
from clerk.repository import Index, load_index
from conftest import PROJECT

POSTS = Path(__file__).parent / "fixtures" / "posts"
SEED = PROJECT.parent / "shared" / "seeds" / "000_fa898cb4e7415015.txt"


def headings(post: str) -> list[str]:
    return re.findall(r"^## (.+)$", post, re.M)


def front(post: str) -> dict[str, str]:
    block = post.split("---\n")[1]
    return dict(re.findall(r"^(\w+): (.*)$", block, re.M))


def round_trip(text: str, index: Index) -> None:
    """Importing, rendering and importing again keeps attendees, updates and headings."""
    first = import_minutes(text, "post.md", index).record
    post = render_minutes(Meeting("m.yaml", first), index)
    assert headings(post) == first["sections"]
    attendees = post.split(f"## {first['sections'][-1]}\n", 1)[1]
    for attendee in first["attendees"]:
        assert f"{attendee['name']} ({attendee['org']})" in attendees
    for update in first["ballots"]:
        ref = update.get("ballot") or f"Draft “{update['draft']}”"
        owner = f" ({update['owner']})" if update.get("owner") else ""
        assert f"- {ref}{owner}: {update['note']}" in post
    second = import_minutes(post, "rendered.md", index).record
    assert second["sections"] == first["sections"]
    assert second["attendees"] == first["attendees"]
    assert second["date"] == first["date"]
    assert second["minutes_approved"] == first["minutes_approved"]
    assert second["statement"] == first["statement"]


def test_fixture_minutes_round_trip(records: Path) -> None:
    text = (POSTS / "2025-11-14-minutes-of-the-example-working-group.md").read_text("utf-8")
    round_trip(text, load_index(records))


def test_seed_minutes_round_trip() -> None:
    if not SEED.is_file():
        pytest.skip("the seed minutes are not present")
    index = load_index(PROJECT)
    round_trip(SEED.read_text(encoding="utf-8"), index)
    record = import_minutes(SEED.read_text(encoding="utf-8"), "seed.txt", index).record
    post = render_minutes(Meeting("m.yaml", record), index)
    assert len(record["ballots"]) == 6
    assert "Wiktoria Więckowska (Asseco Data Systems SA (Certum))" in post
    assert "it is possible to have multiple ballots running at the same time" in post


def test_minutes_without_sections_use_the_usual_headings(records: Path) -> None:
    index = load_index(records)
    meeting = next(m for m in index.meetings if m.data["date"] == "2025-10-02")
    post = render_minutes(meeting, index)
    assert front(post) == {
        "author": "'Alice Chair'",
        "date": "2025-10-02 00:00:00",
        "title": "'2025-10-02 Minutes of the Example Working Group'",
        "type": "post",
    }
    assert headings(post) == [
        "Note Well",
        "Ballot Status",
        "Action Items",
        "Next Call",
        "Adjourn",
        "Attendees",
    ]
    assert "Alice Chair read the Note Well." in post
    assert "- SC001 (Alice Chair): In discussion." in post  # "SC-1" in the record
    assert "- Draft “cleanup” (Carol Gamma): Collecting fixes." in post
    assert "- Carol Gamma: Circulate the clean-up draft. (due 2025-10-16)" in post
    assert "Next call: 2025-10-16." in post
    assert post.rstrip().endswith(
        "Alice Chair (Acme CA), Bob Builder (Beta Trust), Dan Delta (Delta Browser), "
        "Zoe Zeta (Zeta Audit)"
    )


# --- ballot result posts ----------------------------------------------------------------------


def test_ballot_result_post_shows_counts_lists_and_marks(records: Path) -> None:
    index = load_index(records)
    post = render_ballot(index.ballot("SC001"), index)
    assert front(post)["title"] == "'Ballot SC001: Clarify an example requirement'"
    assert "The ballot has: **PASSED**" in post
    issuers = post.split("### Certificate Issuers")[1].split("###")[0]
    assert "3 votes in total" in issuers
    assert "- 2 voting YES: Acme CA, Beta Trust" in issuers
    assert "- 0 voting NO\n" in issuers
    assert "- 1 ABSTAIN: Gamma PKI" in issuers
    assert "- 1 voting YES: Delta Browser" in post
    assert re.search(r"Certificate Issuers: at least 2/3 .* 2 of 2 votes cast .*\*\*MET\*\*", post)
    assert re.search(r"each class must vote yes .*\*\*MET\*\*", post)
    assert "The quorum was 3 for this ballot; 4 Voting Members participated." in post
    assert (
        "proposed by Alice Chair (Acme CA) and endorsed by Bob Builder (Beta Trust) and "
        "Dan Delta (Delta Browser)" in post
    )
    assert "- Start: 2025-10-08 12:00:00 UTC\n- End: 2025-10-15 12:00:00 UTC" in post
    assert "**End of Review Period**: 2025-11-14 12:00:00 UTC" in post


def test_failing_votes_are_marked_not_met(records: Path) -> None:
    index = load_index(records)
    data = copy.deepcopy(index.ballot("SC001").data)
    data["status"] = "failed"
    data["votes"] += [{"org": "Epsilon Web", "vote": "no"}, {"org": "Delta Browser", "vote": "no"}]
    post = render_ballot(Ballot("ballots/SC001.yaml", data), index)
    assert "The ballot has: **FAILED**" in post
    # Delta Browser's later "no" replaces its "yes"; organizations keep the order they first voted
    assert "- 2 voting NO: Delta Browser, Epsilon Web" in post
    assert re.search(r"Certificate Consumers: .* 0 of 2 votes cast .*\*\*NOT MET\*\*", post)
    assert re.search(
        r"each class must vote yes \(Certificate Issuers 2, Certificate Consumers 0\)\. "
        r"This requirement was \*\*NOT MET\*\*",
        post,
    )


def test_rendered_result_post_imports_back_without_contradictions(records: Path) -> None:
    index = load_index(records)
    ballot = index.ballot("SC001")
    result = import_ballot(render_ballot(ballot, index), "rendered.md", index)
    assert result.findings == []
    record = result.record
    assert [(v["org"], v["vote"]) for v in record["votes"]] == [
        (v.org, v.vote) for v in ballot.votes
    ]
    assert record["result"]["tally"] == ballot.data["result"]["tally"]
    assert record["status"] == "passed"
    assert record["proposers"] == ballot.proposers
    assert record["endorsers"] == [{"name": e["name"], "org": e["org"]} for e in ballot.endorsers]
    for period in ("discussion", "voting", "review"):
        assert record[period] == ballot.data[period]


def test_project_sc085_renders_consistent_counts() -> None:
    if not (PROJECT / "ballots" / "SC085.yaml").is_file():
        pytest.skip("the project's ballots/SC085.yaml does not exist yet")
    index = load_index(PROJECT)
    ballot = index.ballot("SC085")
    post = render_ballot(ballot, index)
    assert "24 voting YES" in post and "1 ABSTAIN: Entrust" in post
    assert "- 2 voting YES: Apple, Mozilla" in post
    assert "NOT MET" not in post and "The ballot has: **PASSED**" in post
    # the post published 11; the record's result carries the quorum counted from attendance
    assert f"The quorum was {ballot.result['quorum']} for this ballot" in post
    assert ballot.data["published"]["quorum"] == 11
    reimported = import_ballot(post, "SC085.md", index)
    assert [f for f in reimported.findings if f.check == "import-inconsistent"] == []
