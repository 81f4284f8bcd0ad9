"""validate.yml's run steps, replayed on a pull request that carries code meant to run in the job.

The pull request adds `pip/`, `clerk/`, `sitecustomize.py` and `usercustomize.py`, each of which
leaves a mark if Python ever imports it. The steps run as the workflow writes them (bash -e, the
step's working directory and environment, GitHub's merge commit checked out in `records/`); the
only help the test gives is offline: the new environment sees this test run's installed
dependencies through a .pth file, and pip installs Clerk from the base revision without an
index (no network in tests).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURE_REPO, GIT_ENV, PROJECT, git

WORKFLOW = PROJECT / ".github" / "workflows" / "validate.yml"
PLANTED = ("pip/__init__.py", "pip/__main__.py", "clerk/__init__.py", "clerk/__main__.py")
PLANTED_TOP = ("sitecustomize.py", "usercustomize.py")


def _planted_code(marks: Path, name: str) -> str:
    return (
        "import pathlib\n"
        f"pathlib.Path({str(marks)!r}, {name.replace('/', '_')!r}).write_text('ran')\n"
    )


def _records_with_a_hostile_pull_request(workspace: Path, marks: Path) -> str:
    """records/: base = Clerk + records on main; the PR plants code; returns the merge commit."""
    records = workspace / "records"
    shutil.copytree(FIXTURE_REPO, records)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, records / name)
    shutil.copytree(
        PROJECT / "tools", records / "tools", ignore=shutil.ignore_patterns("__pycache__")
    )
    git(records, "init", "-q", "-b", "main")
    git(records, "add", "-A")
    git(records, "commit", "-q", "-m", "Clerk and records")
    git(records, "checkout", "-q", "-b", "hostile")
    for name in (*PLANTED, *PLANTED_TOP):
        path = records / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_planted_code(marks, name))
    git(records, "add", "-A")
    git(records, "commit", "-q", "-m", "Plant code")
    git(records, "checkout", "-q", "main")
    git(records, "merge", "-q", "--no-ff", "-m", "Merge hostile into main", "hostile")
    return git(records, "rev-parse", "HEAD").strip()


def _expand(text: str, context: dict[str, str]) -> str:
    """Replace ${{ expr }} with the value the test's event gives it ('' when it gives none)."""
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: context.get(m.group(1), ""), text)


def _offline_dependencies(venv: Path, base_source: Path) -> None:
    """Let the new environment see this test run's dependencies and the base revision's Clerk."""
    purelib = sysconfig.get_paths()["purelib"]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = venv / "lib" / version / "site-packages"
    (site / "offline-test-dependencies.pth").write_text(f"{base_source}\n{purelib}\n")


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is needed to replay the steps")
def test_no_file_of_the_pull_request_runs(tmp_path: Path) -> None:
    workspace, runner_temp, marks = tmp_path / "ws", tmp_path / "tmp", tmp_path / "marks"
    for folder in (workspace, runner_temp, marks):
        folder.mkdir()
    merge = _records_with_a_hostile_pull_request(workspace, marks)
    output = runner_temp / "github_output"
    output.touch()
    context = {
        "runner.temp": str(runner_temp),
        "github.event_name": "pull_request",
        "github.event.pull_request.user.login": "bob-b",
        "github.repository": "example/records",
    }
    steps = YAML(typ="safe").load(WORKFLOW.read_text())["jobs"]["check-pr"]["steps"]
    run_steps = [step for step in steps if "run" in step]
    assert len(run_steps) >= 3, "the workflow's steps changed: update this replay"
    base_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))},
        **GIT_ENV,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_SHA": merge,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_ACTIONS": "true",
        # Offline: Clerk's dependencies come from the .pth file, so pip needs no index.
        "PIP_NO_INDEX": "1",
        "PIP_NO_DEPS": "1",
    }
    last = None
    for step in run_steps:
        env = {**base_env, **{k: _expand(str(v), context) for k, v in step.get("env", {}).items()}}
        cwd = _expand(step.get("working-directory", str(workspace)), context)
        last = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        for line in output.read_text().splitlines():
            key, _, value = line.partition("=")
            context[f"steps.{step.get('id')}.outputs.{key}"] = value
        if "venv" in step["run"] and (runner_temp / "clerk-venv").is_dir():
            _offline_dependencies(runner_temp / "clerk-venv", runner_temp / "clerk-base" / "tools")
        if "pip install" in step["run"]:
            assert (runner_temp / "clerk-base" / "tools" / "clerk").is_dir(), last.stderr
            continue  # offline, pip may fail to build; what matters is what it imported
        if step is not run_steps[-1]:
            assert last.returncode == 0, (step["name"], last.stdout, last.stderr)
    assert last is not None
    assert sorted(p.name for p in marks.iterdir()) == [], "a file of the pull request ran"
    # Clerk ran, from the base, and refused the planted files: they are the chairs' alone.
    assert last.returncode == 1, (last.stdout, last.stderr)
    for name in (*PLANTED, *PLANTED_TOP):
        assert f"::error file={name},line=1,col=1,title=pr-permission::" in last.stdout


def _find_step(context: dict[str, str], workspace: Path, env: dict[str, str]):
    """Replay validate.yml's first run step (the revisions and the author) alone."""
    steps = YAML(typ="safe").load(WORKFLOW.read_text())["jobs"]["check-pr"]["steps"]
    step = next(s for s in steps if s.get("id") == "change")
    step_env = {k: _expand(str(v), context) for k, v in step.get("env", {}).items()}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=_expand(step["working-directory"], context),
        env={**os.environ, **GIT_ENV, **env, **step_env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_merge_queue_judges_the_group_as_its_pull_requests_author(tmp_path: Path) -> None:
    workspace, runner_temp, tools = tmp_path / "ws", tmp_path / "tmp", tmp_path / "bin"
    for folder in (workspace / "records", runner_temp, tools):
        folder.mkdir(parents=True)
    records = workspace / "records"
    git(records, "init", "-q", "-b", "main")
    git(records, "commit", "-q", "--allow-empty", "-m", "base")
    base = git(records, "rev-parse", "HEAD").strip()
    git(records, "commit", "-q", "--allow-empty", "-m", "queued")
    head = git(records, "rev-parse", "HEAD").strip()
    # A stand-in for the GitHub CLI: answers the pull request's author, and logs what it was asked.
    gh = tools / "gh"
    gh.write_text(f'#!/bin/sh\necho "$@" > {tools}/asked\necho carol-g\n')
    gh.chmod(0o755)
    output = runner_temp / "out"
    env = {
        "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_SHA": head,
        "GITHUB_OUTPUT": str(output),
    }
    context = {
        "runner.temp": str(runner_temp),
        "github.event_name": "merge_group",
        "github.event.merge_group.base_sha": base,
        "github.event.merge_group.head_ref": f"refs/heads/gh-readonly-queue/main/pr-42-{base}",
        "github.repository": "example/records",
    }
    done = _find_step(context, workspace, env)
    assert done.returncode == 0, done.stderr
    assert output.read_text().splitlines() == [f"base={base}", f"head={head}", "author=carol-g"]
    assert (tools / "asked").read_text().split()[:2] == ["api", "repos/example/records/pulls/42"]

    context["github.event.merge_group.head_ref"] = "refs/heads/not-a-queue-branch"
    refused = _find_step(context, workspace, env)
    assert refused.returncode == 1
    assert "::error::cannot tell the pull request" in refused.stdout
