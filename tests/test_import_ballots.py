"""Importing Forum ballot result posts: fictional fixtures and every post of the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clerk.findings import ClerkError
from clerk.importers import import_ballot
from clerk.repository import Index, load_index
from clerk.schema import load_schemas
from conftest import PROJECT, assert_schema_order

POSTS = Path(__file__).parent / "fixtures" / "posts"
SCHEMAS = load_schemas(PROJECT / "schemas")


def import_post(path: Path, index: Index) -> Any:
    return import_ballot(path.read_text(encoding="utf-8"), path.name, index)


def inconsistencies(result: Any) -> list[str]:
    return [f.message for f in result.findings if f.check == "import-inconsistent"]


# --- fictional fixtures -----------------------------------------------------------------------


def test_consistent_post_imports_cleanly(records: Path) -> None:
    result = import_post(POSTS / "2025-12-01-ballot-sc003.md", load_index(records))
    record = result.record
    assert result.findings == []
    assert result.path == "ballots/SC003.yaml"
    assert record["id"] == "SC003" and record["title"] == "Example definitions"
    assert record["status"] == "passed"
    assert record["proposers"] == [{"name": "Carol Gamma", "org": "Gamma PKI"}]
    assert [e["name"] for e in record["endorsers"]] == ["Alice Chair", "Erin Epsilon"]
    assert record["votes"] == [
        {"org": "Acme CA", "vote": "yes"},
        {"org": "Gamma PKI", "vote": "yes"},
        {"org": "Epsilon Web", "vote": "yes"},
    ]
    assert record["result"] == {
        "outcome": "passed",
        "tally": {
            "certificate-issuer": {"yes": 2, "no": 0, "abstain": 0},
            "certificate-consumer": {"yes": 1, "no": 0, "abstain": 0},
        },
        "quorum": 2,
        "participants": 3,
    }
    assert record["voting"] == {"start": "2025-11-17T12:00:00Z", "end": "2025-11-24T12:00:00Z"}
    assert record["review"] == {"start": "2025-11-25T12:00:00Z", "end": "2025-12-25T12:00:00Z"}
    assert SCHEMAS.validate("ballot", result.path, record) == []
    schema = SCHEMAS.schemas["ballot"]
    assert_schema_order(record, schema, schema)


def test_contradictory_post_is_reported_quoting_both_sides(records: Path) -> None:
    result = import_post(POSTS / "2025-11-20-ballot-sc002.md", load_index(records))
    messages = inconsistencies(result)
    assert (
        "Certificate Issuers: says '3 voting YES' but lists 2 organizations: Acme CA, Beta Trust."
        in messages
    )
    assert any("'3 votes in total'" in m and "add up to 4" in m for m in messages)
    assert any("'2 votes total, with no abstentions'" in m and "'1 ABSTAIN'" in m for m in messages)
    assert any("NOT MET" in m and "1 yes, 0 no" in m for m in messages)
    assert any("'The ballot has: FAILED'" in m and "passed" in m for m in messages)
    assert len(messages) == 5
    lines = (POSTS / "2025-11-20-ballot-sc002.md").read_text(encoding="utf-8").split("\n")
    yes_line = next(n for n, text in enumerate(lines, 1) if "3 voting YES" in text)
    assert any(f.line == yes_line and "3 voting YES" in f.message for f in result.findings)


def test_contradictory_post_keeps_what_it_stated_and_counts_what_it_listed(records: Path) -> None:
    record = import_post(POSTS / "2025-11-20-ballot-sc002.md", load_index(records)).record
    assert record["id"] == "SC002"
    assert record["status"] == "failed"  # as the post announced
    assert record["result"]["outcome"] == "passed"  # what its lists give under the rules
    assert record["result"]["tally"]["certificate-issuer"] == {"yes": 2, "no": 0, "abstain": 1}
    assert record["published"]["outcome"] == "failed"
    assert record["published"]["totals"]["certificate-issuer"] == {
        "total": 3,
        "yes": 3,
        "no": 0,
        "abstain": 1,
    }
    assert [v["version"] for v in record["versions"]] == [1, 2]
    assert record["versions"][-1] == {
        "version": 2,
        "pull_request": "https://github.com/example/guidelines/pull/2",
        "compare": "https://github.com/example/guidelines/compare/1111111...2222222",
    }
    # 10:00 ET on 3 November 2025 (EST, after the switch from daylight time) is 15:00 UTC
    assert record["discussion"] == {"start": "2025-11-03T15:00:00Z", "end": "2025-11-10T15:00:00Z"}
    assert record["documents"] == ["BR"]
    assert record["guideline"] == "final-maintenance-guideline"
    assert "**Motion Begins**" in record["notes"]


def test_a_post_that_is_no_ballot_result_is_an_error(records: Path) -> None:
    with pytest.raises(ClerkError):
        import_ballot("---\ntitle: Hello\n---\n\nNothing here.\n", "x.md", load_index(records))
    with pytest.raises(ClerkError):
        import_ballot(
            "---\ntitle: Ballot SC-9: Thing\n---\n\nNo votes.\n", "y.md", load_index(records)
        )


# --- the corpus -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project_index() -> Index:
    return load_index(PROJECT)


def corpus_post(corpus: Path, name: str, index: Index) -> Any:
    return import_ballot((corpus / "ballots" / name).read_text(encoding="utf-8"), name, index)


def test_every_corpus_post_imports_and_validates(corpus: Path, project_index: Index) -> None:
    posts = sorted((corpus / "ballots").glob("*.md"))
    counts = {"clean": 0, "with findings": 0}
    for post in posts:
        source = f"ballots/{post.name}"
        result = import_ballot(post.read_text(encoding="utf-8"), source, project_index)
        assert SCHEMAS.validate("ballot", result.path, result.record) == [], post.name
        assert result.path == f"ballots/{result.record['id']}.yaml"
        for finding in result.findings:
            assert finding.file == source and finding.line >= 1
        counts["clean" if not result.findings else "with findings"] += 1
    assert sum(counts.values()) == len(posts) > 20
    print(f"\nballot posts: {counts}")


def test_sc082_failed_with_its_published_counts(corpus: Path, project_index: Index) -> None:
    result = corpus_post(corpus, "2024-11-29-ballot-sc82.md", project_index)
    record = result.record
    assert record["id"] == "SC082" and record["status"] == "failed"
    assert record["result"]["tally"] == {
        "certificate-issuer": {"yes": 17, "no": 0, "abstain": 4},
        "certificate-consumer": {"yes": 0, "no": 1, "abstain": 2},
    }
    assert record["result"]["outcome"] == "failed"
    assert record["result"]["quorum"] == record["published"]["quorum"] == 16
    assert [p["name"] for p in record["proposers"]] == ["Michael Slaughter"]
    assert record["voting"] == {"start": "2024-11-20T18:30:00Z", "end": "2024-11-27T18:30:00Z"}
    # "End no earlier than" is no end: it is kept with its bound, and said
    assert record["discussion"] == {"start": "2024-11-12T17:30:00Z"}
    assert record["published"]["bounds"]["discussion"] == {
        "not_before": "2024-11-19T17:30:00Z",
        "words": "no earlier than",
    }
    assert [f.line for f in result.findings if f.check == "import-bounded-end"] == [100]
    # the post says "with no abstentions" over a list of two abstentions
    assert any("'2 Consumers ABSTAIN'" in m for m in inconsistencies(result))


def test_sc085_contradictions_are_quoted(corpus: Path, project_index: Index) -> None:
    result = corpus_post(corpus, "2025-06-18-ballot-sc85.md", project_index)
    messages = inconsistencies(result)
    assert any("'25 voting YES'" in m and "lists 24 organizations" in m for m in messages)
    assert any("'2 votes total" in m and "'4 voting YES'" in m for m in messages)
    assert any("'4 voting YES'" in m and "lists 2 organizations" in m for m in messages)
    record = result.record
    assert record["status"] == "passed" and record["result"]["outcome"] == "passed"
    assert record["result"]["tally"]["certificate-issuer"] == {"yes": 24, "no": 0, "abstain": 1}
    assert record["published"]["totals"]["certificate-consumer"] == {
        "total": 2,
        "yes": 4,
        "no": 0,
        "abstain": 0,
    }
    assert [v["version"] for v in record["versions"]] == [1, 2]


def test_other_self_contradictions_in_the_corpus(corpus: Path, project_index: Index) -> None:
    sc79 = inconsistencies(corpus_post(corpus, "2024-10-14-ballot-sc79.md", project_index))
    assert any("SC076" in m and "SC079" in m for m in sc79)
    sc70 = inconsistencies(
        corpus_post(
            corpus,
            "2024-02-23-ballot-sc-70-Clarify-the-use-of-DTPs-for-Domain-Control-Validation.md",
            project_index,
        )
    )
    assert any("before the discussion period starts" in m for m in sc70)
    sc68 = corpus_post(
        corpus,
        "2024-02-01-ballot-sc-008-allow-vatel-and-vatxi-for-organizationidentifier.md",
        project_index,
    )
    assert sc68.record["id"] == "SC068"
    assert any("SC008" in m and "SC-68" in m for m in inconsistencies(sc68))


def test_eastern_times_become_utc(corpus: Path, project_index: Index) -> None:
    record = corpus_post(corpus, "2025-09-02-ballot-sc92.md", project_index).record
    assert record["discussion"]["start"] == "2025-09-18T17:30:00Z"  # 13:30 EDT
    assert record["voting"] == {"start": "2025-09-25T19:30:00Z", "end": "2025-10-02T19:30:00Z"}
