"""The votes workflow: serialized with advance, least permissions, the comment not interpolated."""

from __future__ import annotations

from pathlib import Path

import yaml_rs

WORKFLOWS = Path(__file__).resolve().parents[1] / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml_rs.loads((WORKFLOWS / name).read_text(encoding="utf-8"), parse_datetime=False)


def test_votes_workflow_shape() -> None:
    votes, advance = load("votes.yml"), load("advance.yml")
    assert votes["concurrency"]["group"] == advance["concurrency"]["group"]
    assert votes["on"]["issue_comment"]["types"] == ["created", "edited"]
    assert "schedule" in votes["on"]
    assert votes["permissions"] == {}
    job = votes["jobs"]["sync"]
    assert job["permissions"] == {"contents": "write", "issues": "write"}
    assert "clerk-vote" in job["if"] and ":vote -->" in job["if"]
    checkout = job["steps"][0]
    assert checkout["with"]["persist-credentials"] is False
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"
    scripts = [step.get("run", "") for step in job["steps"]]
    assert "clerk votes sync --commit" in scripts[-1]
    assert all("${{" not in script for script in scripts)  # values reach the shell through env
    text = (WORKFLOWS / "votes.yml").read_text(encoding="utf-8")
    assert "github.event.comment" not in text  # the body is read by Clerk, through the API
    # the same fetch, rebase and retry as advance
    push = [s for s in advance["jobs"]["advance"]["steps"] if "run" in s][-1]["run"]
    assert push.replace("clerk advance --commit", "clerk votes sync --commit") == scripts[-1]
