"""Reading `/vote` commands out of comments."""

from __future__ import annotations

import pytest

from clerk.votes.command import BadCommand, VoteCommand, parse


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("/vote yes", VoteCommand("yes")),
        ("  /VOTE No.", VoteCommand("no")),
        ("I have read it.\n/vote abstain\nThanks", VoteCommand("abstain")),
        ("/vote yes Issuer 20", VoteCommand("yes", "Issuer 20")),
        ('/vote yes "Acme CA"', VoteCommand("yes", "Acme CA")),
        ("Looks good", None),
        ("/voted yes", None),
        ("> /vote no\nquoting someone", None),
        ("```\n/vote no\n```\nan example, not a vote", None),
        ("    /vote yes", None),  # indented four: a code block in Markdown
    ],
)
def test_commands(body: str, expected: VoteCommand | None) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("/vote yes\n/vote no", "2 /vote commands"),
        ("/vote", "names no vote"),
        ("/vote maybe", "`maybe` is not a vote"),
        ("/vote `rm -rf`", "`'rm` is not a vote"),
        ("/vote yes " + "x" * 300, "too long"),
    ],
)
def test_bad_commands(body: str, reason: str) -> None:
    result = parse(body)
    assert isinstance(result, BadCommand) and reason in result.reason
