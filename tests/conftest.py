"""Shared fixtures: a fictional records repository in a real temporary Git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clerk.cli import main

pytest_plugins = ["github_standin.fixtures"]

FIXTURE_REPO = Path(__file__).parent / "fixtures" / "repo"
CORPUS = next(
    (
        shared / "corpus" / "cabforum"
        for shared in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared"))
        if (shared / "corpus" / "cabforum").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cabforum",
)
PROJECT = Path(__file__).resolve().parents[1]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full_env = {**os.environ, **GIT_ENV, **(env or {})}
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        text=True,
        env=full_env,
    )
    return done.stdout


def assert_schema_order(data: Any, schema: dict[str, Any], root: dict[str, Any]) -> None:
    """Every mapping's keys come in the order its schema lists the properties."""
    while "$ref" in schema:
        node: Any = root
        for part in schema["$ref"][2:].split("/"):
            node = node[part]
        schema = node
    if isinstance(data, dict) and "properties" in schema:
        order = list(schema["properties"])
        keys = list(data)
        assert keys == sorted(keys, key=order.index), f"{keys} not in schema order {order}"
        for key, value in data.items():
            assert_schema_order(value, schema["properties"][key], root)
    elif isinstance(data, dict) and isinstance(schema.get("additionalProperties"), dict):
        for value in data.values():
            assert_schema_order(value, schema["additionalProperties"], root)
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        for value in data:
            assert_schema_order(value, schema["items"], root)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout)


ClerkRunner = Callable[..., Result]


def make_runner(root: Path) -> ClerkRunner:
    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(
            main,
            ["--repo", str(root), *args],
            env={
                "GITHUB_ACTIONS": None,
                "CLERK_NOW": None,
                # no test talks to GitHub itself: a test passes the stand-in's settings
                "GITHUB_TOKEN": None,
                "GITHUB_REPOSITORY": None,
                "GITHUB_API_URL": None,
                **GIT_ENV,
                **(env or {}),
            },
            catch_exceptions=False,
            input=input,
        )
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


def open_vote(clerk: ClerkRunner, env: dict[str, str] | None = None) -> None:
    """Propose SC005 and open its vote at 2025-11-08T14:00Z, through the CLI (with ``env``)."""
    steps = [
        (
            "2025-11-01T12:00:00Z",
            "ballot",
            "propose",
            "Example",
            "--proposer",
            "Alice Chair",
            "--id",
            "SC005",
        ),
        ("2025-11-01T13:00:00Z", "ballot", "endorse", "SC005", "--by", "Bob Builder"),
        ("2025-11-01T13:00:00Z", "ballot", "endorse", "SC005", "--by", "Dan Delta"),
        ("2025-11-01T14:00:00Z", "ballot", "start-discussion", "SC005", "--by", "Alice Chair"),
        ("2025-11-08T14:00:00Z", "ballot", "start-voting", "SC005", "--by", "Alice Chair"),
    ]
    for now, *args in steps:
        result = clerk("--now", now, *args, "--commit", env=env)
        assert result.exit_code == 0, result.stderr


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A copy of the fictional records repository, committed in a fresh Git repository."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURE_REPO, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Initial records")
    return root


@pytest.fixture
def clerk(records: Path) -> ClerkRunner:
    return make_runner(records)


def load_record(path: Path) -> dict:
    """A record as plain data (times stay text)."""
    import yaml_rs

    return yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)


def drop_key(path: Path, key: str) -> None:
    """Remove a top-level key and its block from a record, as text."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "-", "\n")),
        len(lines),
    )
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def refused(clerk: ClerkRunner, *args: str) -> str:
    """Run a command that must be refused (exit 1, no traceback); its message."""
    result = clerk(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.fixture
def awaiting_notice(records: Path) -> Path:
    """The fixture's SC001 as `clerk advance` leaves a passed vote: no Review Period yet."""
    drop_key(records / "ballots/SC001.yaml", "review")
    git(records, "commit", "-q", "-am", "SC001 waits for its Review Notice")
    return records


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the Forum corpus (../shared/corpus/cabforum) is not present")
    return CORPUS
