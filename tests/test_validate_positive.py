"""Valid repositories validate clean, and the summary line says what was checked."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import PROJECT, make_runner


def test_fixture_repository_is_clean(clerk) -> None:
    result = clerk("validate")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert re.match(r"clerk validate: 7 records checked, 0 findings, \d+\.\d\d s", result.stderr)


def test_json_output_has_summary(clerk) -> None:
    result = clerk("--format", "json", "validate")
    assert result.exit_code == 0
    data = result.json()
    assert data["findings"] == []
    assert data["summary"]["records"] == 7


def test_project_records_are_clean() -> None:
    """This repository's own governance records pass validation."""
    result = make_runner(PROJECT)("validate")
    assert result.exit_code == 0, result.stdout
    assert "0 findings" in result.stderr


def test_validate_only_named_paths(records: Path, clerk) -> None:
    (records / "ballots" / "SC001.yaml").write_text("id: SC001\n", encoding="utf-8")
    everything = clerk("validate")
    assert everything.exit_code == 1
    only_meeting = clerk("validate", str(records / "meetings" / "2025" / "2025-10-02.yaml"))
    assert only_meeting.exit_code == 0, only_meeting.stdout
    assert "1 records checked" in only_meeting.stderr


def test_path_outside_the_repository_is_a_usage_error(records: Path, tmp_path: Path, clerk) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("id: SC001\n")
    result = clerk("validate", str(outside))
    assert result.exit_code == 2
    assert "not inside the records repository" in result.stderr
    missing = clerk("validate", "ballots/SC404.yaml")
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr


def test_malformed_now_is_a_usage_error(clerk) -> None:
    result = clerk("--now", "next tuesday", "validate")
    assert result.exit_code == 2
    assert "not an ISO 8601 time" in result.stderr
