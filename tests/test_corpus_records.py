"""The repository's own SCWG records against the Forum's published posts (skips without corpus).

The posts are parsed here with deliberately simple code of the test's own, independent of
Clerk's importer, so that the two cannot share a mistake.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clerk.repository import load_index
from clerk.tally import count_votes
from conftest import PROJECT

SECTION = re.compile(r"^(?:###?\s+|\*\*)Certificate (Issuers|Consumers)(?:\*\*)?\s*$", re.M)
VOTE_LINE = re.compile(
    r"^[ \t]*(?:[-*•][ \t]+)?\**[ \t]*(\d+)[ \t]+(?:Issuers[ \t]+|Consumers[ \t]+)?"
    r"(voting YES|voting NO|ABSTAIN)\**[ \t]*:?[ \t]*(.*)$",
    re.M,
)
VALUE = {"voting YES": "yes", "voting NO": "no", "ABSTAIN": "abstain"}


def listed_votes(text: str) -> dict[str, dict[str, str]]:
    """Per class, organization -> vote, as the post lists them ('A, B and C')."""
    out: dict[str, dict[str, str]] = {}
    heads = list(SECTION.finditer(text))
    for number, head in enumerate(heads):
        end = (
            heads[number + 1].start() if number + 1 < len(heads) else text.find("\n## ", head.end())
        )
        block = text[head.end() : end if end != -1 else len(text)]
        votes: dict[str, str] = {}
        for match in VOTE_LINE.finditer(block):
            names = re.split(r",|\s+and\s+(?![^()]*\))", match.group(3))
            for name in (n.strip(" *") for n in names):
                if name:
                    votes[name] = VALUE[match.group(2)]
        out[head.group(1)] = votes
    return out


def resolve(index, name: str):
    """The roster's organization for a listed name: as written, without a final full stop, or
    by a part of 'A / B' or 'A (B)'."""
    for part in (name, name.rstrip("."), *name.split(" / "), *re.findall(r"[^()]+", name)):
        org = index.roster.org(part.strip())
        if org is not None:
            return org
    return None


@pytest.fixture(scope="module")
def index():
    return load_index(PROJECT)


def posts(corpus: Path) -> list[Path]:
    return sorted((corpus / "ballots").glob("*.md"))


def test_recorded_votes_match_every_listing_post(corpus: Path, index) -> None:
    compared = 0
    for post in posts(corpus):
        text = post.read_text(encoding="utf-8")
        title = re.search(r"^title:\s*(.*)$", text, re.M)
        ids = index.rules.ids.find_all(title.group(1) if title else post.name)
        ballot = index.ballot(ids[0]) if ids else None
        listed = listed_votes(text)
        if ballot is None or not any(listed.values()):
            continue
        expected = {}
        for votes in listed.values():
            for name, value in votes.items():
                org = resolve(index, name)
                assert org is not None, f"{post.name}: {name} is not in members.yaml"
                expected[org.name] = value
        recorded = {index.roster.org(v.org).name: v.vote for v in ballot.votes}
        assert recorded == expected, post.name
        compared += 1
    assert compared >= 10


def test_classes_of_voters_match_the_posts(corpus: Path, index) -> None:
    classes = {"Issuers": "certificate-issuer", "Consumers": "certificate-consumer"}
    for post in posts(corpus):
        for section, votes in listed_votes(post.read_text(encoding="utf-8")).items():
            for name in votes:
                org = resolve(index, name)
                if org is not None:
                    assert org.member_class == classes[section], (post.name, name)


def tally_of(index, ballot_id: str):
    ballot = index.ballot(ballot_id)
    assert ballot is not None, ballot_id
    return count_votes(ballot, index.rules, index.roster, index.meetings)


def test_sc082_fails(index) -> None:
    tally = tally_of(index, "SC-82")
    assert tally.classes["certificate-issuer"].as_data() == {"yes": 17, "no": 0, "abstain": 4}
    assert tally.classes["certificate-consumer"].as_data() == {"yes": 0, "no": 1, "abstain": 2}
    assert tally.classes["certificate-issuer"].threshold_met
    assert not tally.classes["certificate-consumer"].threshold_met
    assert not tally.each_class_has_yes
    assert not tally.passed
    assert index.ballot("SC082").result["outcome"] == "failed"


def test_sc081v3_passes(index) -> None:
    tally = tally_of(index, "SC081v3")
    assert tally.classes["certificate-issuer"].as_data() == {"yes": 25, "no": 0, "abstain": 5}
    assert tally.classes["certificate-consumer"].yes == 4
    assert tally.passed


def test_sc085v2_passes_with_the_votes_as_listed(index) -> None:
    tally = tally_of(index, "SC-085")
    assert tally.classes["certificate-issuer"].as_data() == {"yes": 24, "no": 0, "abstain": 1}
    assert tally.classes["certificate-consumer"].as_data() == {"yes": 2, "no": 0, "abstain": 0}
    assert tally.passed


@pytest.mark.parametrize("ballot_id", ["SC086", "SC090", "SC091"])
def test_published_quorum_reproduced_from_meeting_records(index, ballot_id: str) -> None:
    """Where the records hold the three meetings before a vote, the quorum is the published one."""
    ballot = index.ballot(ballot_id)
    published = (ballot.data.get("published") or {}).get("quorum")
    assert published is not None
    tally = tally_of(index, ballot_id)
    assert len(tally.quorum.meetings) == 3
    assert tally.quorum.required == published
    assert tally.quorum_met
