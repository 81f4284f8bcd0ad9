"""Derivable changes only: a ballot change passes only if Clerk's own command, run by the author,
would write it. Each forged move next to the honest one."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git
from test_check_pr import T0, check, commit_all, only

OPENED = "2025-11-01T14:00:00Z"  # SC005's discussion starts
VOTING_OPENS = "2025-11-08T14:00:00Z"


@pytest.fixture
def discussion(records: Path, clerk) -> Path:
    """main holds SC005 in discussion, proposed by Carol Gamma; a branch `change` is out."""
    steps = [
        (T0, "ballot", "propose", "Example", "--proposer", "Carol Gamma", "--id", "SC005"),
        ("2025-11-01T13:00:00Z", "ballot", "endorse", "SC005", "--by", "Bob Builder"),
        ("2025-11-01T13:00:00Z", "ballot", "endorse", "SC005", "--by", "Dan Delta"),
        (OPENED, "ballot", "start-discussion", "SC005", "--by", "Carol Gamma"),
    ]
    for now, *args in steps:
        assert clerk("--now", now, *args, "--commit").exit_code == 0
    git(records, "checkout", "-q", "-b", "change")
    return records


def _edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text()
    assert old in text, text
    path.write_text(text.replace(old, new))


def _open_voting(clerk) -> None:
    """The proposer opens voting on SC005 with clerk's own command."""
    assert (
        clerk(
            "--now", VOTING_OPENS, "ballot", "start-voting", "SC005", "--by", "Carol Gamma"
        ).exit_code
        == 0
    )


def test_start_voting_by_the_proposer_passes(discussion: Path, clerk) -> None:
    _open_voting(clerk)
    commit_all(discussion)
    code, findings = check(clerk, "carol-g", now="2025-11-08T15:00:00Z")
    assert code == 0, findings


def test_start_voting_with_hand_written_rules(discussion: Path, clerk) -> None:
    _open_voting(clerk)
    path = discussion / "ballots/SC005.yaml"
    text = path.read_text()
    assert "\nrules:" in text and "\nvotes:" in text, text  # the empty votes follow the rules
    forged = (
        "rules:\n  thresholds:\n    certificate-issuer:\n      rule: at-least\n"
        "      fraction: 1/100\n  yes_in_each_class: false\n  quorum_required: 1\n"
        "  voting_members:\n    Beta Trust: certificate-issuer\n"
        "    Gamma PKI: certificate-issuer\n"
    )
    path.write_text(text[: text.index("rules:")] + forged + text[text.index("\nvotes:") + 1 :])
    commit_all(discussion)
    code, findings = check(clerk, "carol-g", now="2025-11-08T15:00:00Z")
    assert code == 1
    messages = " ".join(f["message"] for f in findings if f["file"] == "ballots/SC005.yaml")
    assert "clerk ballot start-voting writes" in messages and "rules" in messages


def test_start_voting_backdated_a_week(discussion: Path, clerk) -> None:
    _open_voting(clerk)
    commit_all(discussion)
    code, findings = check(clerk, "carol-g", now="2025-11-12T00:00:00Z")
    assert code == 1
    assert "Run clerk ballot start-voting again" in only(findings, "pr-clock")["message"]


def test_start_voting_by_someone_else(discussion: Path, clerk) -> None:
    _open_voting(clerk)
    commit_all(discussion)
    code, findings = check(clerk, "bob-b", now="2025-11-08T15:00:00Z")
    assert code == 1
    assert "only the proposer" in only(findings, "pr-permission")["message"]


def test_proposers_revision_during_discussion_passes(discussion: Path, clerk) -> None:
    now = "2025-11-03T10:00:00Z"
    assert clerk("--now", now, "ballot", "revise", "SC005").exit_code == 0
    _edit(discussion, "ballots/SC005.yaml", "title: Example", "title: Example, revised")
    commit_all(discussion)
    code, findings = check(clerk, "carol-g", now="2025-11-03T11:00:00Z")
    assert code == 0, findings
    code, findings = check(clerk, "dan-d", now="2025-11-03T11:00:00Z")
    assert code == 1
    assert (
        "only the proposer (Carol Gamma) or a chair" in only(findings, "pr-permission")["message"]
    )


def test_bad_commit_reverted_in_the_same_change_passes(discussion: Path, clerk) -> None:
    _edit(discussion, "ballots/SC005.yaml", "status: discussion", "status: passed")
    commit_all(discussion, "forge")
    git(discussion, "revert", "--no-edit", "HEAD")
    assert clerk("--now", "2025-11-03T10:00:00Z", "ballot", "revise", "SC005").exit_code == 0
    commit_all(discussion, "revise")
    code, findings = check(clerk, "carol-g", now="2025-11-03T11:00:00Z")
    assert code == 0, findings


@pytest.mark.parametrize(
    ("entry", "author", "expected"),
    [
        # Erin writes down another organization than the roster's.
        ("  - name: Erin Epsilon\n    org: Acme CA\n", "erin-e", "pr-not-derivable"),
        # Bob endorses a second time.
        ("  - name: Bob Builder\n    org: Beta Trust\n", "bob-b", "pr-not-derivable"),
        # Zoe is not a Voting Representative.
        ("  - name: Zoe Zeta\n    org: Zeta Audit\n", "zoe-z", "pr-procedure"),
        # Erin adds an endorsement in someone else's name.
        ("  - name: Erin Epsilon\n    org: Epsilon Web\n", "bob-b", "pr-permission"),
    ],
)
def test_forged_endorsements(
    discussion: Path, clerk, entry: str, author: str, expected: str
) -> None:
    stamp = "    at: 2025-11-02T10:00:00Z\n"
    _edit(discussion, "ballots/SC005.yaml", "guideline:", entry + stamp + "guideline:")
    commit_all(discussion)
    code, findings = check(clerk, author, now="2025-11-02T11:00:00Z")
    assert code == 1
    assert only(findings, expected)["file"] == "ballots/SC005.yaml"


def test_own_endorsement_passes(discussion: Path, clerk) -> None:
    now = "2025-11-02T10:00:00Z"
    assert clerk("--now", now, "ballot", "endorse", "SC005", "--by", "Erin Epsilon").exit_code == 0
    commit_all(discussion)
    code, findings = check(clerk, "erin-e", now="2025-11-02T11:00:00Z")
    assert code == 0, findings


def test_new_ballot_arriving_with_endorsements(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    clerk("--now", T0, "ballot", "propose", "Idea", "--proposer", "Carol Gamma")
    path = records / "ballots/drafts/idea.yaml"
    path.write_text(
        path.read_text()
        + "endorsers:\n  - name: Bob Builder\n    org: Beta Trust\n    at: 2025-11-01T12:00:00Z\n"
    )
    commit_all(records)
    code, findings = check(clerk, "carol-g", now=T0)
    assert code == 1
    assert "endorsers" in only(findings, "pr-not-derivable")["message"]


@pytest.mark.parametrize(
    ("old", "new", "check_id", "words"),
    [
        # Shortening the review is no Review Notice: the record says no notice was sent.
        ("  end: 2025-11-14T12:00:00Z", "  end: 2025-11-02T12:00:00Z", "pr-clock", "review.notice"),
        ("review:\n", "effective: 2025-11-02\nreview:\n", "pr-frozen", '"effective" is frozen'),
    ],
)
def test_review_dates_and_effective_are_not_edited_by_hand(
    records: Path, clerk, old: str, new: str, check_id: str, words: str
) -> None:
    git(records, "checkout", "-q", "-b", "change")
    _edit(records, "ballots/SC001.yaml", old, new)
    commit_all(records)
    code, findings = check(clerk, "alice-chair", now="2025-11-01T12:00:00Z")
    assert code == 1
    assert words in only(findings, check_id)["message"]


def _notice(root: Path, org: str, by: str) -> None:
    path = root / "ballots/SC001.yaml"
    path.write_text(
        path.read_text()
        + f"exclusion_notices:\n  - org: {org}\n    by: {by}\n    at: 2025-11-01T10:00:00Z\n"
    )


def test_exclusion_notice_by_its_representative_passes(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    assert (
        clerk(
            "--now",
            "2025-11-01T10:00:00Z",
            "ballot",
            "exclusion-notice",
            "SC001",
            "--org",
            "Gamma PKI",
            "--by",
            "Carol Gamma",
        ).exit_code
        == 0
    )
    commit_all(records)
    code, findings = check(clerk, "carol-g", now="2025-11-01T11:00:00Z")
    assert code == 0, findings


def test_exclusion_notice_for_another_organization(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    _notice(records, "Gamma PKI", "Carol Gamma")
    commit_all(records)
    code, findings = check(clerk, "bob-b", now="2025-11-01T11:00:00Z")
    assert code == 1
    assert "Exclusion Notice is filed by" in only(findings, "pr-permission")["message"]


def test_exclusion_notice_after_the_review_ended(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "change")
    _notice(records, "Gamma PKI", "Carol Gamma")
    commit_all(records)
    code, findings = check(clerk, "carol-g", now="2025-11-20T00:00:00Z")
    assert code == 1
    assert "review period" in only(findings, "pr-clock")["message"]


def test_withdrawal_by_the_proposer_only(discussion: Path, clerk) -> None:
    now = "2025-11-03T10:00:00Z"
    assert clerk("--now", now, "ballot", "withdraw", "SC005", "--by", "Carol Gamma").exit_code == 0
    commit_all(discussion)
    assert check(clerk, "carol-g", now="2025-11-03T11:00:00Z")[0] == 0
    code, findings = check(clerk, "bob-b", now="2025-11-03T11:00:00Z")
    assert code == 1
    assert only(findings, "pr-permission")


def _number_by_hand(root: Path, number: str, endorsers: str) -> None:
    """The draft `cleanup` moved to ballots/<number>.yaml with an id and the given endorsers."""
    git(root, "checkout", "-q", "-b", "change")
    old = root / "ballots/drafts/cleanup.yaml"
    text = old.read_text().replace("status: draft", "status: draft\nendorsers:\n" + endorsers)
    (root / f"ballots/{number}.yaml").write_text(f"id: {number}\n" + text)
    old.unlink()
    commit_all(root)


BOB = "  - name: Bob Builder\n    org: Beta Trust\n    at: 2025-11-01T12:00:00Z\n"
DAN = "  - name: Dan Delta\n    org: Delta Browser\n    at: 2025-11-01T12:30:00Z\n"


def test_numbered_by_hand_without_the_endorsements(records: Path, clerk) -> None:
    _number_by_hand(records, "SC002", DAN)
    code, findings = check(clerk, "dan-d", now="2025-11-01T13:00:00Z")
    assert code == 1
    finding = only(findings, "pr-not-derivable")
    assert finding["file"] == "ballots/SC002.yaml"
    assert "the file (ballots/drafts/cleanup.yaml)" in finding["message"]


def test_numbered_past_the_next_free_number(records: Path, clerk) -> None:
    git(records, "checkout", "-q", "-b", "base")
    clerk(
        "--now",
        "2025-11-01T12:00:00Z",
        "ballot",
        "endorse",
        "drafts/cleanup",
        "--by",
        "Bob Builder",
    )
    commit_all(records)
    git(records, "branch", "-f", "main")
    git(records, "checkout", "-q", "-b", "change")
    clerk(
        "--now", "2025-11-01T12:30:00Z", "ballot", "endorse", "drafts/cleanup", "--by", "Dan Delta"
    )
    (records / "ballots/SC002.yaml").rename(records / "ballots/SC050.yaml")
    _edit(records, "ballots/SC050.yaml", "id: SC002", "id: SC050")
    commit_all(records)
    code, findings = check(clerk, "dan-d", now="2025-11-01T13:00:00Z")
    assert code == 1
    assert "the file (ballots/SC002.yaml)" in only(findings, "pr-not-derivable")["message"]
