"""A fictional working group of 30 Voting Member organizations, for vote tests.

Twenty Certificate Issuers (``Issuer 01`` ...) and ten Certificate Consumers (``Consumer 01``
...), each with one Voting Representative whose login is the organization's lower-case name
with a dash (``issuer-01``). ``Shared Rep`` (login ``shared-rep``) represents both
``Issuer 19`` and ``Issuer 20``; ``Observer`` (``observer``) and the chair, ``Alice Chair``
(``alice-chair``), belong to an Interested Party.
"""

from __future__ import annotations

from pathlib import Path

from conftest import ClerkRunner, git

ISSUERS = [f"Issuer {n:02d}" for n in range(1, 21)]
CONSUMERS = [f"Consumer {n:02d}" for n in range(1, 11)]
ORGS = ISSUERS + CONSUMERS
SHARED = ("Issuer 19", "Issuer 20")
OPENED = "2026-03-09T14:00:00Z"
# no meetings are recorded in this body, so the chair states the quorum when voting opens
STATED_QUORUM = ("--quorum", "16", "--quorum-by", "Alice Chair", "--quorum-reason", "fictional")
ENDS = "2026-03-16T14:00:00Z"


def login(org: str) -> str:
    """The login of an organization's own representative."""
    return org.lower().replace(" ", "-")


def rep(org: str) -> str:
    """The name of an organization's representative."""
    return "Shared Rep" if org in SHARED else f"Rep {org}"


def members_yaml() -> str:
    lines = ["# A fictional roster of 30 Voting Members.", "organizations:"]
    for org in ORGS:
        member_class = "certificate-issuer" if org in ISSUERS else "certificate-consumer"
        lines += [f"  - name: {org}", f"    class: {member_class}"]
    lines += ["  - name: Watchers", "    class: interested-party", "people:"]
    for org in ORGS:
        if org in SHARED:
            continue
        lines += [
            f"  - name: {rep(org)}",
            f"    org: {org}",
            f"    github: {login(org)}",
            "    voting_representative: true",
        ]
    lines += [
        "  - name: Shared Rep",
        f"    org: {SHARED[0]}",
        "    also_represents:",
        f"      - {SHARED[1]}",
        "    github: shared-rep",
        "    voting_representative: true",
        "  - name: Alice Chair",
        "    org: Watchers",
        "    github: alice-chair",
        "  - name: Observer",
        "    org: Watchers",
        "    github: observer",
        "    voting_representative: false",
    ]
    return "\n".join(lines) + "\n"


def thirty_in_voting(records: Path, clerk: ClerkRunner, *, channels: str | None = None) -> Path:
    """Replace the fixture roster with the 30 organizations and open SC007's vote at OPENED.

    ``channels``: a ``voting:`` block to append to governance.yaml (e.g. turning /vote on).
    """
    (records / "members.yaml").write_text(members_yaml())
    for old in [*records.glob("ballots/**/*.yaml"), *records.glob("meetings/**/*.yaml")]:
        old.unlink()  # their people are not in this roster
    (records / "meetings" / ".keep").write_text("")
    if channels:
        governance = records / "governance.yaml"
        governance.write_text(governance.read_text() + channels)
    git(records, "add", "-A")
    git(records, "commit", "-q", "-m", "Thirty members")
    steps = [
        (
            "2026-03-01T12:00:00Z",
            "ballot",
            "propose",
            "Thirty",
            "--proposer",
            rep(ORGS[0]),
            "--id",
            "SC007",
        ),
        ("2026-03-01T13:00:00Z", "ballot", "endorse", "SC007", "--by", rep(ORGS[1])),
        ("2026-03-01T13:00:00Z", "ballot", "endorse", "SC007", "--by", rep(CONSUMERS[0])),
        ("2026-03-02T14:00:00Z", "ballot", "start-discussion", "SC007", "--by", rep(ORGS[0])),
        (OPENED, "ballot", "start-voting", "SC007", "--by", rep(ORGS[0]), *STATED_QUORUM),
    ]
    for now, *args in steps:
        result = clerk("--now", now, *args, "--commit")
        assert result.exit_code == 0, result.stdout + result.stderr
    return records / "ballots" / "SC007.yaml"
