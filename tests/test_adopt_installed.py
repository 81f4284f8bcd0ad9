"""A body that is not the Forum adopts Clerk from a built wheel: `clerk init`, members, a whole
ballot life to final, and every output free of the Forum's words.

The wheel is built from this checkout and installed (not editable) into a fresh venv whose only
other packages are the test venv's dependencies; every command runs from another directory with
--repo, on a repository that has no schemas/ of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import GIT_ENV, PROJECT

FORUM_WORDS = ("Bylaw", "Forum", "SCWG", "Note Well", "IPR")
MEMBERS = """\
  - name: Ben Builder
    class: member
    github: ben-builder
  - name: Cleo Coder
    class: member
    github: cleo-coder
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with Clerk installed from its wheel; returns its bin/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    # Build from a copy of what the wheel is made of, so the checkout gets no build output.
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    shutil.copytree(
        PROJECT / "tools",
        source / "tools",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(dist),
            str(source),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = dist.glob("clerk_governance-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    # The dependencies come from the test venv; Clerk itself only from the wheel.
    (site / "test-venv-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert (site / "clerk" / "schemas" / "ballot.schema.json").is_file()
    assert not (site / "clerk" / "schemas").is_symlink()
    assert (site / "clerk" / "schemas" / "output" / "tally.schema.json").is_file()
    assert (site / "clerk" / "templates" / "init" / "workflows" / "advance.yml").is_file()
    return venv / "bin"


def run(bin_dir: Path, cwd: Path, *args: str, now: str | None = None, code: int = 0) -> str:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CLERK_", "VIRTUAL_ENV", "PYTHON"))
    }
    env.update(GIT_ENV)
    env["PATH"] = f"{bin_dir}:/usr/bin:/bin"
    if now:
        env["CLERK_NOW"] = now
    done = subprocess.run(
        [str(bin_dir / "clerk"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    output = done.stdout + done.stderr
    assert done.returncode == code, f"clerk {' '.join(args)} -> {done.returncode}\n{output}"
    return output


def test_a_new_body_lives_a_ballot_from_an_installed_wheel(installed: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    body = tmp_path / "tsc"
    outputs = [
        run(
            installed,
            elsewhere,
            "init",
            str(body),
            "--yes",
            "--body",
            "Example Foundation TSC",
            "--prefix",
            "TSC",
            "--voting",
            "individuals",
            "--review",
            "none",
            "--discussion-days",
            "5",
            "--voting-days",
            "5",
            "--endorsements",
            "1",
            "--chair",
            "Ada Example",
            "--chair-github",
            "ada-example",
        )
    ]
    assert not (body / "schemas").exists()
    workflows = (body / ".github/workflows/validate.yml").read_text()
    assert "clerk-governance==" in workflows and "install --quiet ." not in workflows
    subprocess.run(["git", "init", "-q", str(body)], check=True)
    repo = ("--repo", str(body))
    outputs.append(run(installed, elsewhere, *repo, "validate"))

    # The one hand edit: the members.
    members = body / "members.yaml"
    members.write_text(members.read_text() + MEMBERS)
    outputs.append(run(installed, elsewhere, *repo, "validate"))
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "-C", str(body), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(body), "commit", "-qm", "Start"], check=True, env=env)

    day = "2026-03-0{}T10:00:00Z".format
    steps = [
        (
            day(2),
            "ballot",
            "propose",
            "Adopt the release policy",
            "--proposer",
            "Ada Example",
            "--commit",
        ),
        (
            day(2),
            "ballot",
            "endorse",
            "drafts/adopt-the-release-policy",
            "--by",
            "Ben Builder",
            "--commit",
        ),
        (day(2), "ballot", "start-discussion", "TSC-1", "--by", "Ada Example", "--commit"),
        # 5 days of discussion, not the Forum's 7; --now after the subcommand is accepted
        (
            None,
            "ballot",
            "start-voting",
            "TSC1",
            "--by",
            "Ada Example",
            "--commit",
            "--now",
            day(7),
        ),
        (day(8), "ballot", "vote", "TSC001", "--by", "Ada Example", "--vote", "yes", "--commit"),
        (day(8), "ballot", "vote", "TSC001", "--by", "Ben Builder", "--vote", "yes", "--commit"),
        (day(8), "ballot", "vote", "TSC001", "--by", "Cleo Coder", "--vote", "no", "--commit"),
        (day(8), "ballot", "tally", "TSC001"),
        (day(8), "board"),
        ("2026-03-12T10:00:00Z", "advance", "--commit"),
    ]
    for now, *args in steps:
        outputs.append(run(installed, elsewhere, *repo, *args, now=now))
    record = (body / "ballots/TSC001.yaml").read_text()
    assert "status: final" in record
    assert "effective: 2026-03-12" in record
    later = "2026-03-13T00:00:00Z"
    for args in (
        ("validate",),
        ("board",),
        ("render", "ballot", "TSC001"),
        ("history", "TSC001"),
        ("ballot", "tally", "TSC001"),
        ("meeting", "new", "2026-03-20"),
        ("render", "minutes", "2026-03-20"),
    ):
        outputs.append(run(installed, elsewhere, *repo, *args, now=later))
    tally = json.loads(
        run(installed, elsewhere, *repo, "ballot", "tally", "TSC001", "--format", "json", now=later)
    )
    assert (tally["status"], tally["classes"]["member"]["yes"]) == ("final", 2)
    board = run(installed, elsewhere, *repo, "board", now=later)
    assert "TSC001" in board.split("Recently Adopted:")[1]
    text = "\n".join(outputs)
    assert "Requirements" in text and "voting -> final" in text
    for word in FORUM_WORDS:
        assert word not in text, f"{word!r} in the output of a body that never says it"
    for path in body.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            for word in FORUM_WORDS:
                assert word not in path.read_text(), f"{word!r} in {path}"
