"""CODEOWNERS generated from the chairs, and validate noticing when it no longer matches."""

from __future__ import annotations

from pathlib import Path


def test_codeowners_write_and_drift(records: Path, clerk) -> None:
    assert clerk("codeowners", "--write").exit_code == 0
    text = (records / ".github/CODEOWNERS").read_text()
    # The chairs own everything, then the record folders have no owner (check-pr judges them).
    assert text.endswith("\n* @alice-chair\n/ballots/\n/meetings/\n")
    assert clerk("validate").exit_code == 0

    members = records / "members.yaml"
    members.write_text(members.read_text().replace("github: alice-chair", "github: alice-c"))
    result = clerk("--format", "json", "validate")
    assert result.exit_code == 1
    (finding,) = result.json()["findings"]
    assert (finding["check"], finding["file"]) == ("codeowners", ".github/CODEOWNERS")
    assert "clerk codeowners --write" in finding["message"]


def test_chair_without_login_is_named_in_a_comment(records: Path, clerk) -> None:
    members = records / "members.yaml"
    members.write_text(members.read_text().replace("    github: alice-chair\n", ""))
    text = clerk("codeowners").stdout
    assert "# Alice Chair (chair) has no GitHub login in members.yaml yet." in text
    assert "\n*\n" in text
