"""Vote pull requests never collide: one entry per Voting Member, proved with real git merges.

Thirty branches, one per organization, each made from the same base with ``clerk ballot vote``
(most fill an empty entry; five change a vote already cast). Every ordered pair merges
with zero conflicts (``git merge-tree``), and so does a sequential merge of all thirty in several
random orders, ending in a record that validates and holds every vote. The last test shows why
the layout is needed: two votes appended to a list of votes cast do conflict.
"""

from __future__ import annotations

import random
import subprocess
from itertools import permutations
from pathlib import Path

import yaml_rs

from conftest import GIT_ENV, ClerkRunner, git
from thirty import OPENED, ORGS, rep, thirty_in_voting

DAY_ONE = "2026-03-10T10:00:00Z"
DAY_TWO = "2026-03-11T10:00:00Z"


def load(path: Path) -> dict:
    return yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)


def value_for(number: int) -> str:
    return ("yes", "no", "abstain")[number % 3]


def vote(clerk: ClerkRunner, org: str, value: str, now: str) -> None:
    args = ["--now", now, "ballot", "vote", "SC007", "--org", org, "--vote", value]
    result = clerk(*args, "--by", rep(org), "--commit")
    assert result.exit_code == 0, result.stdout + result.stderr


def vote_branches(records: Path, clerk: ClerkRunner) -> tuple[str, dict[str, str]]:
    """The base commit and, per organization, a branch head voting for it from that base."""
    for org in ORGS[::6]:  # these have voted already: their branches change the vote
        vote(clerk, org, "yes", DAY_ONE)
    base = git(records, "rev-parse", "HEAD").strip()
    heads = {}
    for number, org in enumerate(ORGS):
        git(records, "checkout", "-q", "-B", f"vote-{number}", base)
        vote(clerk, org, value_for(number), DAY_TWO)
        heads[org] = git(records, "rev-parse", "HEAD").strip()
    git(records, "checkout", "-q", "main")
    return base, heads


def merges_cleanly(records: Path, ours: str, theirs: str) -> bool:
    """Whether git's three-way merge of two commits has no conflict (exit 0; 1 is a conflict)."""
    done = subprocess.run(
        ["git", "-C", str(records), "merge-tree", "--write-tree", "--no-messages", ours, theirs],
        capture_output=True,
        text=True,
        env={**GIT_ENV, "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode == 0


def test_voting_opens_with_one_entry_per_voting_member(records: Path, clerk: ClerkRunner) -> None:
    ballot = thirty_in_voting(records, clerk)
    entries = load(ballot)["votes"]
    assert [entry["org"] for entry in entries] == sorted(ORGS)
    assert all(set(entry) == {"org"} for entry in entries)
    assert "Watchers" not in ballot.read_text()  # an Interested Party gets no entry
    assert clerk("--now", OPENED, "validate").exit_code == 0


def test_thirty_vote_pull_requests_merge_in_every_order(records: Path, clerk: ClerkRunner) -> None:
    ballot = thirty_in_voting(records, clerk)
    base, heads = vote_branches(records, clerk)
    conflicts = [
        (a, b) for a, b in permutations(ORGS, 2) if not merges_cleanly(records, heads[a], heads[b])
    ]
    assert conflicts == []
    assert len(list(permutations(ORGS, 2))) == 870

    expected = {org: value_for(number) for number, org in enumerate(ORGS)}
    for seed in (1, 2, 3):
        order = list(ORGS)
        random.Random(seed).shuffle(order)
        git(records, "checkout", "-q", "-B", f"all-{seed}", base)
        for org in order:
            git(records, "merge", "-q", "--no-edit", heads[org])  # raises on a conflict
        entries = load(ballot)["votes"]
        assert {e["org"]: e["vote"] for e in entries} == expected
        assert len(entries) == 30
        assert clerk("--now", DAY_TWO, "validate").exit_code == 0
    tally = clerk("--now", DAY_TWO, "ballot", "tally", "SC007")
    assert "Certificate Issuers: 7 yes, 7 no, 6 abstain" in tally.stdout


def test_appending_to_a_list_of_votes_cast_conflicts(records: Path, clerk: ClerkRunner) -> None:
    """Why the layout: without the empty entries, two votes append at the same place."""
    ballot = thirty_in_voting(records, clerk)
    text = ballot.read_text()
    ballot.write_text(text[: text.index("votes:\n")])  # votes is the record's last key
    git(records, "commit", "-q", "-am", "a ballot opened before the layout")
    vote(clerk, ORGS[0], "yes", DAY_ONE)
    base = git(records, "rev-parse", "HEAD").strip()
    heads = []
    for number, org in enumerate(ORGS[1:3], start=1):
        git(records, "checkout", "-q", "-B", f"legacy-{number}", base)
        vote(clerk, org, "yes", DAY_TWO)
        heads.append(git(records, "rev-parse", "HEAD").strip())
    assert not merges_cleanly(records, heads[0], heads[1])


def test_empty_entries_are_checked(records: Path, clerk: ClerkRunner) -> None:
    ballot = thirty_in_voting(records, clerk)
    text = ballot.read_text()
    ballot.write_text(text + "  - org: Issuer 01\n  - org: Nowhere Inc\n")
    result = clerk("--now", DAY_ONE, "validate")
    assert result.exit_code == 1
    assert "Issuer 01 has two entries (entry 11)" in result.stdout
    assert '"Nowhere Inc" is not an organization in members.yaml' in result.stdout
