"""Adopting Clerk: `clerk init`, the documented JSON output shapes, messages for a person,
global options after the subcommand, the body's kinds, and the composite action."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import GIT_ENV, PROJECT, git, make_runner

OUTPUT_SCHEMAS = PROJECT / "tools" / "clerk" / "schemas" / "output"


def output_schema(name: str) -> dict:
    return json.loads((OUTPUT_SCHEMAS / f"{name}.schema.json").read_text())


def check_shape(name: str, text: str) -> dict:
    data = json.loads(text)
    jsonschema.validate(data, output_schema(name))
    return data


# --- JSON output shapes -----------------------------------------------------------------------


def test_every_json_output_has_its_documented_shape(records: Path, clerk) -> None:
    now = ("--now", "2025-11-20T00:00:00Z")
    check_shape("findings", clerk("--format", "json", "validate").stdout)
    gate = clerk(*now, "--format", "json", "check-pr", "--base", "HEAD", "--author", "alice-chair")
    check_shape("findings", gate.stdout)
    tally = check_shape("tally", clerk(*now, "--format", "json", "ballot", "tally", "SC001").stdout)
    assert tally["ballot"] == "SC001"
    board = check_shape("board", clerk(*now, "--format", "json", "board").stdout)
    assert "IPR Review" in board  # this repository's fixture speaks the Forum's words
    check_shape("history", clerk("--format", "json", "history", "SC001").stdout)
    check_shape("stale", clerk(*now, "--format", "json", "stale").stdout)
    proposed = clerk(
        *now, "--format", "json", "ballot", "propose", "A new idea", "--proposer", "Alice Chair"
    )
    assert check_shape("edit", proposed.stdout)["ballot"] == "drafts/a-new-idea"
    edit = clerk(
        *now, "--format", "json", "ballot", "endorse", "drafts/a-new-idea", "--by", "Bob Builder"
    )
    assert edit.exit_code == 0, edit.stdout + edit.stderr
    check_shape("edit", edit.stdout)
    later = ("--now", "2026-06-01T00:00:00Z")
    data = check_shape("advance", clerk(*later, "--format", "json", "advance").stdout)
    assert [t["transition"] for t in data["transitions"]] == ["passed -> final"]


def test_the_writing_commands_json_has_its_documented_shape(
    records: Path, clerk, tmp_path: Path
) -> None:
    now = ("--now", "2025-11-20T00:00:00Z")
    meeting = clerk(*now, "--format", "json", "meeting", "new", "2025-12-04")
    assert meeting.exit_code == 0, meeting.stderr
    written = check_shape("meeting-new", meeting.stdout)["file"]
    assert (records / written).is_file()
    shown = check_shape("codeowners", clerk("--format", "json", "codeowners").stdout)
    assert shown["written"] is False and shown["file"] == ".github/CODEOWNERS"
    wrote = check_shape("codeowners", clerk("--format", "json", "codeowners", "--write").stdout)
    assert wrote["written"] is True
    assert (records / ".github/CODEOWNERS").read_text() == wrote["text"] == shown["text"]
    target = tmp_path / "body"
    init = make_runner(tmp_path)(
        "--format", "json", "init", str(target), "--yes", "--body", "Example TSC", "--prefix", "TSC"
    )
    assert init.exit_code == 0, init.stderr
    files = check_shape("init", init.stdout)["files"]
    assert "governance.yaml" in files and all((target / f).is_file() for f in files)


def test_import_json_has_its_documented_shape(records: Path, clerk) -> None:
    posts = Path(__file__).parent / "fixtures" / "posts"
    minutes = str(posts / "2025-11-14-minutes-of-the-example-working-group.md")
    ballot = str(posts / "2025-12-01-ballot-sc003.md")
    now = ("--now", "2026-01-15T00:00:00Z")
    shown = clerk(*now, "--format", "json", "import", "posts", "--dry-run", minutes, ballot)
    data = check_shape("import", shown.stdout)
    assert {e["file"] for e in data["imported"]} == {
        "meetings/2025/2025-10-30.yaml",
        "ballots/SC003.yaml",
    }
    assert not any(e["written"] for e in data["imported"])
    dated = clerk(*now, "--format", "json", "import", "--history", "posts", minutes, ballot)
    assert dated.exit_code == 0, dated.stdout + dated.stderr
    data = check_shape("import", dated.stdout)
    assert data["summary"]["commits"] == 2
    head = git(records, "rev-parse", "HEAD").strip()
    assert data["imported"][-1]["commit"] == head


def test_a_shape_that_breaks_its_schema_is_caught() -> None:
    with pytest.raises(jsonschema.ValidationError):
        check_shape("edit", json.dumps({"ballot": "SC001", "file": "x", "changed": "yes"}))


def test_output_schemas_are_versioned_and_shipped() -> None:
    names = sorted(p.name for p in OUTPUT_SCHEMAS.glob("*.schema.json"))
    documented = {"findings", "tally", "board", "history", "advance", "edit", "stale"}
    documented |= {"votes-sync", "meeting-new", "codeowners", "init", "import"}
    assert documented == {n.split(".")[0] for n in names}
    for name in names:
        schema = json.loads((OUTPUT_SCHEMAS / name).read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"].endswith(":1")
    # the top-level schemas/ folder editors use is the package's own, not a copy
    assert (PROJECT / "schemas").resolve() == (PROJECT / "tools" / "clerk" / "schemas").resolve()


# --- errors for a person ----------------------------------------------------------------------


def edit_yaml(path: Path, change) -> None:
    yaml = YAML()
    data = yaml.load(path.read_text())
    change(data)
    with path.open("w") as handle:
        yaml.dump(data, handle)


def test_a_pattern_error_says_what_is_wanted(records: Path, clerk) -> None:
    edit_yaml(records / "governance.yaml", lambda d: d["ballot_id"].update(prefix="TSC-"))
    result = clerk("--format", "json", "validate")
    (finding,) = result.json()["findings"]
    assert "an id prefix is letters only, e.g. TSC" in finding["message"]
    assert "^[A-Za-z]" not in finding["message"]
    assert (finding["file"], finding["line"]) == ("governance.yaml", 4)


def test_a_broken_governance_file_is_reported_alone(records: Path, clerk) -> None:
    def break_it(data) -> None:
        data["classes"]["Issuers"] = data["classes"].pop("certificate-issuer")

    edit_yaml(records / "governance.yaml", break_it)
    findings = clerk("--format", "json", "validate").json()["findings"]
    assert {f["file"] for f in findings} == {"governance.yaml"}
    assert len(findings) == 1
    assert "a class id is lower-case letters" in findings[0]["message"]


def test_a_broken_roster_is_reported_alone(records: Path, clerk) -> None:
    edit_yaml(records / "members.yaml", lambda d: d["organizations"][0].update(klass="x"))
    findings = clerk("--format", "json", "validate").json()["findings"]
    assert {f["file"] for f in findings} == {"members.yaml"}


def test_a_honest_repository_still_reports_every_record(records: Path, clerk) -> None:
    ballot = records / "ballots" / "SC001.yaml"
    ballot.write_text(ballot.read_text().replace("status: passed", "status: passd"))
    files = {f["file"] for f in clerk("--format", "json", "validate").json()["findings"]}
    assert files == {"ballots/SC001.yaml"}


def test_global_options_after_the_subcommand(records: Path, tmp_path: Path) -> None:
    run = make_runner(tmp_path / "nowhere")  # the --repo after the command wins
    result = run(
        "ballot",
        "tally",
        "SC001",
        "--repo",
        str(records),
        "--now",
        "2025-11-20T00:00:00Z",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert result.json()["ballot"] == "SC001"
    bad = make_runner(records)("ballot", "tally", "SC001", "--now", "yesterday")
    assert bad.exit_code == 2 and "not an ISO 8601 time" in bad.stderr


# --- the body's kinds -------------------------------------------------------------------------


def test_ballot_and_statement_kinds_come_from_the_rules(records: Path, clerk) -> None:
    edit_yaml(records / "ballots/SC001.yaml", lambda d: d.update(guideline="final-guidelin"))
    meeting = records / "meetings/2025/2025-10-02.yaml"
    edit_yaml(meeting, lambda d: d["statement"].update(kind="code-of-conduct"))
    findings = clerk("--format", "json", "validate").json()["findings"]
    by_check = {f["check"]: f["message"] for f in findings}
    assert 'did you mean "final-guideline"' in by_check["ballot-kind"]
    assert "code-of-conduct" in by_check["meeting-statement"]

    def own_words(data) -> None:
        data["words"]["statements"]["code-of-conduct"] = {"name": "Code of Conduct"}
        data["words"]["kinds"]["final-guidelin"] = "a typo kind"

    edit_yaml(records / "governance.yaml", own_words)
    assert clerk("validate").exit_code == 0


def test_a_person_with_a_class_needs_individuals_voting(records: Path, clerk) -> None:
    edit_yaml(records / "members.yaml", lambda d: d["people"][0].update({"class": "member"}))
    (finding,) = clerk("--format", "json", "validate").json()["findings"]
    assert finding["check"] == "roster-voting-unit"
    assert "voting_unit: individuals" in finding["message"]


# --- clerk init -------------------------------------------------------------------------------


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = make_runner(tmp_path)("init", str(tmp_path), "--yes", "--body", "X", "--prefix", "X")
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert not (tmp_path / "governance.yaml").exists()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--prefix", "TSC-1"), "letters only"),
        (("--prefix", "TSC", "--review", "soon"), "none, a number of days, or KIND=DAYS"),
        (("--prefix", "TSC", "--review", "Final=30"), "a kind is lower-case"),
        (("--prefix", "TSC", "--review", "0"), "a review lasts 1 day or more"),
        (("--prefix", "TSC", "--class", "Member:most 2/3"), "write a rule"),
    ],
)
def test_init_says_what_is_wrong(tmp_path: Path, flags: tuple[str, ...], message: str) -> None:
    target = tmp_path / "body"
    result = make_runner(tmp_path)("init", str(target), "--yes", "--body", "B", *flags)
    assert result.exit_code == 2 and message in result.stderr
    assert not target.exists()


def test_init_for_organizations_with_review_validates_and_passes_zizmor(tmp_path: Path) -> None:
    target = tmp_path / "body"
    result = make_runner(tmp_path)(
        "init",
        str(target),
        "--yes",
        "--body",
        "Example Standards Group",
        "--prefix",
        "ESG",
        "--class",
        "Producer:at-least 2/3",
        "--class",
        "Consumer:half-plus-one",
        "--review",
        "final-maintenance-guideline=30",
        "--review",
        "final-guideline=60",
        "--quorum-meetings",
        "3",
    )
    assert result.exit_code == 0, result.stderr
    git(target, "init", "-q")
    assert make_runner(target)("validate").exit_code == 0
    rules = YAML(typ="safe").load((target / "governance.yaml").read_text())
    assert rules["periods"]["review_days"] == {
        "final-maintenance-guideline": 30,
        "final-guideline": 60,
    }
    assert rules["words"]["kinds"]["final-guideline"] == "a final guideline"
    assert set(rules["classes"]) == {"producer", "consumer"}
    zizmor = shutil.which("zizmor", path=str(Path(os.sys.executable).parent))
    assert zizmor, "zizmor is a test dependency"
    done = subprocess.run(
        [zizmor, "--offline", str(target / ".github/workflows")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- the composite action ---------------------------------------------------------------------


def action_script() -> str:
    action = YAML(typ="safe").load((PROJECT / "action.yml").read_text())
    (step,) = [s for s in action["runs"]["steps"] if s.get("name") == "Run clerk"]
    return step["run"]


def fake_clerk(bin_dir: Path, log: Path, commit_in: Path | None = None) -> None:
    """A `clerk` that records its arguments, one per line (and may commit a change)."""
    bin_dir.mkdir()
    commit = ""
    if commit_in is not None:
        commit = (
            f'echo "$(date +%s%N)" >> "{commit_in}/ballots/TSC001.yaml"\n'
            f'git -C "{commit_in}" commit -qam "TSC001: voting -> final"\n'
        )
    script = bin_dir / "clerk"
    script.write_text(f'#!/bin/bash\nprintf "%s\\n" "$@" >> "{log}"\n{commit}')
    script.chmod(0o755)


def run_action(env: dict[str, str], bin_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    full = {**os.environ, **GIT_ENV, "PATH": f"{bin_dir}:{os.environ['PATH']}", **env}
    return subprocess.run(
        ["bash", "-c", action_script()], cwd=cwd, env=full, capture_output=True, text=True
    )


def test_action_keeps_quoted_arguments_whole(tmp_path: Path) -> None:
    log = tmp_path / "args.txt"
    fake_clerk(tmp_path / "bin", log)
    args = "advance --commit --author \"Clerk Bot <b@x>\" --now '2026-01-01T00:00:00Z'"
    done = run_action({"CLERK_ARGS": args, "CLERK_PUSH": "false"}, tmp_path / "bin", tmp_path)
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == [
        "advance",
        "--commit",
        "--author",
        "Clerk Bot <b@x>",
        "--now",
        "2026-01-01T00:00:00Z",
    ]


def test_action_does_not_run_shell_in_arguments(tmp_path: Path) -> None:
    log = tmp_path / "args.txt"
    fake_clerk(tmp_path / "bin", log)
    args = "validate $(touch pwned) `touch pwned2`; touch pwned3"
    done = run_action({"CLERK_ARGS": args, "CLERK_PUSH": "false"}, tmp_path / "bin", tmp_path)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob("pwned*"))
    assert log.read_text().splitlines()[1] == "$(touch"


PUSH_ENV = {
    "CLERK_ARGS": "advance --commit",
    "CLERK_PUSH": "true",
    "GITHUB_TOKEN": "unused",
    "REPOSITORY": "owner/body",
    "BRANCH": "main",
}


def pushed_repository(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A bare remote at SERVER/owner/body.git, a clone with one ballot, and the action's env;
    `clerk` is a fake that commits a move, `sleep` one that returns at once."""
    server = tmp_path / "server"
    remote = server / "owner" / "body.git"
    remote.parent.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    work = tmp_path / "work"
    (work / "ballots").mkdir(parents=True)
    (work / "ballots/TSC001.yaml").write_text("status: voting\n")
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "start")
    git(work, "push", "-q", str(remote), "main")
    fake_clerk(tmp_path / "bin", tmp_path / "args.txt", commit_in=work)
    fake_sleep = tmp_path / "bin" / "sleep"  # the retry waits; the test does not
    fake_sleep.write_text(f'#!/bin/bash\necho "$1" >> "{tmp_path / "sleeps.txt"}"\n')
    fake_sleep.chmod(0o755)
    return remote, work, {**PUSH_ENV, "SERVER": f"file://{server}"}


def remote_log(remote: Path) -> list[str]:
    done = subprocess.run(
        ["git", "-C", str(remote), "log", "--format=%s", "main"], capture_output=True, text=True
    )
    return done.stdout.splitlines()


def test_action_pushes_after_advance(tmp_path: Path) -> None:
    remote, work, env = pushed_repository(tmp_path)
    done = run_action(env, tmp_path / "bin", work)
    assert done.returncode == 0, done.stdout + done.stderr
    assert remote_log(remote) == ["TSC001: voting -> final", "start"]


def test_action_push_retries_after_a_rejected_push(tmp_path: Path) -> None:
    remote, work, env = pushed_repository(tmp_path)
    # Someone else lands a change first: the action's first push is rejected.
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "meetings").mkdir()
    (other / "meetings" / "note.yaml").write_text("date: 2026-01-01\n")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "a meeting")
    git(other, "push", "-q", "origin", "main")
    done = run_action(env, tmp_path / "bin", work)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "push rejected (attempt 1)" in done.stdout
    assert (tmp_path / "sleeps.txt").read_text().split() == ["5"]
    pushed = remote_log(remote)
    assert pushed[-2:] == ["a meeting", "start"]  # the other change is kept
    assert pushed[0] == "TSC001: voting -> final"


# --- post templates ---------------------------------------------------------------------------


def test_a_body_overrides_the_post_template(records: Path, clerk) -> None:
    templates = records / "templates"
    templates.mkdir()
    (templates / "ballot-post.md").write_text("# {title}\n\nBy {author}, {date}.\n\n{body}")
    post = clerk("render", "ballot", "SC001").stdout
    assert post.startswith("# Ballot SC001: ")
    assert "---\nauthor:" not in post  # no front matter: the template leaves it out
    assert "## Voting Results" in post


@pytest.mark.parametrize(
    "template",
    ["{body.__class__}", "{body!r}", "{secret}", "{body", "{0}"],
)
def test_a_template_reaches_nothing_but_its_fields(records: Path, clerk, template: str) -> None:
    templates = records / "templates"
    templates.mkdir()
    (templates / "minutes-post.md").write_text(template)
    result = clerk("render", "minutes", "2025-10-02")
    assert result.exit_code == 1
    assert "templates/minutes-post.md" in result.stderr
    assert "{front_matter}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_template_linked_outside_is_refused(records: Path, clerk, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("{body}")
    (records / "templates").mkdir()
    (records / "templates" / "ballot-post.md").symlink_to(outside)
    result = clerk("render", "ballot", "SC001")
    assert result.exit_code == 1 and "outside the repository" in result.stderr


def test_init_prompts_for_what_the_flags_leave_out(tmp_path: Path, monkeypatch) -> None:
    from clerk.commands import init as cli_init

    monkeypatch.setattr(cli_init, "_interactive", lambda: True)
    answers = "\n".join(
        [
            "Example Council",
            "EC",
            "individuals",
            "Member:at-least 2/3",
            "none",
            "5",
            "5",
            "1",
            "0",
            "Ada Example",
            "",
        ]
    )
    target = tmp_path / "council"
    result = make_runner(tmp_path)("init", str(target), input=answers)
    assert result.exit_code == 0, result.stdout + result.stderr
    rules = YAML(typ="safe").load((target / "governance.yaml").read_text())
    assert (rules["body"], rules["ballot_id"]["prefix"], rules["voting_unit"]) == (
        "Example Council",
        "EC",
        "individuals",
    )
    assert rules["classes"]["member"]["threshold"] == {"rule": "at-least", "fraction": "2/3"}
    assert rules["periods"]["discussion_min_days"] == 5
    assert rules["chairs"] == [{"name": "Ada Example", "role": "Chair"}]
    git(target, "init", "-q")
    assert make_runner(target)("validate").exit_code == 0


def test_a_body_without_review_is_final_and_the_gate_accepts_it(tmp_path: Path) -> None:
    target = tmp_path / "tsc"
    init = make_runner(tmp_path)(
        "init",
        str(target),
        "--yes",
        "--body",
        "Example Foundation TSC",
        "--prefix",
        "TSC",
        "--voting",
        "individuals",
        "--discussion-days",
        "5",
        "--voting-days",
        "5",
        "--chair",
        "Ada Example",
        "--chair-github",
        "ada-example",
    )
    assert init.exit_code == 0, init.stderr
    members = target / "members.yaml"
    members.write_text(
        members.read_text() + "  - name: Ben Builder\n    class: member\n    github: ben-b\n"
    )
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "start")
    run = make_runner(target)
    steps = [
        ("2026-03-02T10:00:00Z", "ballot", "propose", "Adopt it", "--proposer", "Ada Example"),
        ("2026-03-02T10:00:00Z", "ballot", "endorse", "drafts/adopt-it", "--by", "Ben Builder"),
        ("2026-03-02T10:00:00Z", "ballot", "start-discussion", "TSC1", "--by", "Ada Example"),
        ("2026-03-07T10:00:00Z", "ballot", "start-voting", "TSC1", "--by", "Ada Example"),
        ("2026-03-08T10:00:00Z", "ballot", "vote", "TSC1", "--by", "Ben Builder", "--vote", "yes"),
    ]
    for now, *args in steps:
        result = run("--now", now, *args, "--commit")
        assert result.exit_code == 0, result.stdout + result.stderr
    done = run("--now", "2026-03-12T10:00:00Z", "advance", "--commit")
    assert "TSC001: voting -> final" in done.stdout
    record = YAML(typ="safe").load((target / "ballots/TSC001.yaml").read_text())
    assert (record["status"], str(record["effective"])) == ("final", "2026-03-12")
    assert "review" not in record
    post = run("render", "ballot", "TSC001").stdout
    assert "proposed by Ada Example and endorsed by Ben Builder." in post
    assert "The rules set no quorum." in post
    assert "Quorum: the rules set none." in run("ballot", "tally", "TSC001").stdout
    gate = run(
        "--now",
        "2026-03-12T10:05:00Z",
        "check-pr",
        "--base",
        "HEAD~1",
        "--head",
        "HEAD",
        "--author",
        "github-actions[bot]",
    )
    assert gate.exit_code == 0, gate.stdout + gate.stderr
    # a hand-made voting -> final before the end of voting is refused
    git(target, "reset", "-q", "--hard", "HEAD~1")
    ballot = target / "ballots/TSC001.yaml"
    ballot.write_text(ballot.read_text().replace("status: voting", "status: final"))
    git(target, "commit", "-qam", "early")
    early = run(
        "--now",
        "2026-03-09T10:00:00Z",
        "check-pr",
        "--base",
        "HEAD~1",
        "--head",
        "HEAD",
        "--author",
        "ben-b",
    )
    assert early.exit_code == 1
    assert "voting -> final is not due" in early.stdout


def test_type_errors_say_what_is_wanted(records: Path, clerk) -> None:
    def slip(data) -> None:
        data["periods"]["voting_days"] = "seven"
        data["words"]["front_matter"] = "none"

    edit_yaml(records / "governance.yaml", slip)
    messages = [f["message"] for f in clerk("--format", "json", "validate").json()["findings"]]
    assert 'periods/voting_days: "seven" is not a whole number, e.g. 7' in messages
    assert any("false (no front matter), or a mapping" in m for m in messages)
    assert not any("oneOf" in m or "of type" in m for m in messages)


def test_an_individual_voter_names_an_affiliation_not_an_org(records: Path, clerk) -> None:
    edit_yaml(records / "governance.yaml", lambda d: d.update(voting_unit="individuals"))
    edit_yaml(
        records / "members.yaml",
        lambda d: d["people"][0].update({"class": "certificate-issuer"}),
    )
    findings = clerk("--format", "json", "validate").json()["findings"]
    unit = [f for f in findings if f["check"] == "roster-voting-unit"]
    assert len(unit) == 1 and "affiliation" in unit[0]["message"]


def test_the_readme_adoption_section_is_what_init_does(tmp_path: Path) -> None:
    import shlex

    readme = (PROJECT / "README.md").read_text()
    section = readme.split("## Adopting Clerk", 1)[1].split("\n## ", 1)[0]
    command = section.split("```sh\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    words = shlex.split(command)
    assert words[:2] == ["clerk", "init"]
    words[2] = str(tmp_path / words[2])
    result = make_runner(tmp_path)(*words[1:])
    assert result.exit_code == 0, result.stderr
    target = Path(words[2])
    written = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    for path in written:
        shown = path.replace("/.gitkeep", "/")
        assert shown in section, f"{path} written by clerk init but not in the README"
    git(target, "init", "-q")
    assert make_runner(target)("validate").exit_code == 0


@pytest.mark.parametrize(
    "command",
    [
        ("ballot", "tally", "SC001"),
        ("board",),
        ("render", "ballot", "SC001"),
        ("advance",),
        ("stale",),
        ("meeting", "new", "2025-12-04"),
        ("ballot", "propose", "Another", "--proposer", "Alice Chair"),
    ],
)
def test_commands_refuse_to_act_on_broken_rules(records: Path, clerk, command) -> None:
    edit_yaml(records / "governance.yaml", lambda d: d["ballot_id"].update(prefix="SC-"))
    before = {p: p.read_bytes() for p in records.rglob("*.yaml")}
    result = clerk("--now", "2026-06-01T00:00:00Z", *command)
    assert result.exit_code == 1
    assert "governance.yaml does not validate" in result.stderr
    assert "governance.yaml:4:" in result.stderr  # the finding itself, with its line
    assert "internal error" not in result.stderr
    assert {p: p.read_bytes() for p in records.rglob("*.yaml")} == before


def test_validate_paths_still_reports_broken_rules(records: Path, clerk) -> None:
    """pre-commit passes only the staged files; a broken rules file must not let them pass."""
    edit_yaml(records / "governance.yaml", lambda d: d["ballot_id"].update(prefix="SC-"))
    result = clerk("--format", "json", "validate", str(records / "ballots" / "SC001.yaml"))
    assert result.exit_code == 1
    assert {f["file"] for f in result.json()["findings"]} == {"governance.yaml"}


def test_every_pattern_in_the_schemas_is_explained_in_words() -> None:
    """A pattern error quotes the schema's x-expected, so each pattern needs one."""
    unexplained = []

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            if "pattern" in node and not node.get("x-expected"):
                unexplained.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for number, value in enumerate(node):
                walk(value, f"{where}/{number}")

    for path in sorted((PROJECT / "tools" / "clerk" / "schemas").glob("*.schema.json")):
        walk(json.loads(path.read_text()), path.name)
    assert unexplained == []


def test_where_individuals_vote_no_output_speaks_of_organizations(records: Path, clerk) -> None:
    now = ("--now", "2025-11-20T00:00:00Z")
    before = (
        clerk(*now, "ballot", "tally", "SC001").stdout + clerk("render", "ballot", "SC001").stdout
    )
    assert "Voting Members" in before  # organizations vote in this repository's fixture
    edit_yaml(records / "governance.yaml", lambda d: d.update(voting_unit="individuals"))
    outputs = [
        clerk(*now, "ballot", "tally", "SC001"),
        clerk(*now, "board"),
        clerk("render", "ballot", "SC001"),
    ]
    tally = check_shape("tally", clerk(*now, "--format", "json", "ballot", "tally", "SC001").stdout)
    assert tally["voting_unit"] == "individuals"
    text = "\n".join(r.stdout for r in outputs)
    assert "voters" in text
    for word in ("organization", "Organization", "Voting Member"):
        assert word not in text, f"{word!r} where individuals vote"


def test_quorum_still_needed_names_the_voting_unit() -> None:
    from clerk.tally import QuorumFacts, Tally

    def needs(unit: str) -> list[str]:
        quorum = QuorumFacts(required=3)
        return Tally({}, 1, quorum, False, voting_unit=unit).still_needed()

    assert needs("individuals") == ["needs 2 more voters to take part for quorum"]
    assert needs("organizations") == ["needs 2 more voting organizations to take part for quorum"]


def test_init_validate_workflow_keeps_this_repositorys_trust_model() -> None:
    """The validate.yml that clerk init writes judges the merge commit and the merge queue, and
    runs no file of the pull request: every run step works outside the checkout, Python runs
    isolated, and only the install step differs from this repository's own (a pinned package
    instead of the base revision's source)."""
    yaml = YAML(typ="safe")
    template = PROJECT / "tools/clerk/templates/init/workflows/validate.yml"
    theirs = yaml.load(template.read_text())
    ours = yaml.load((PROJECT / ".github/workflows/validate.yml").read_text())
    assert theirs["on"] == ours["on"] == {"pull_request": None, "merge_group": None}
    job, own_job = theirs["jobs"]["check-pr"], ours["jobs"]["check-pr"]
    assert job["permissions"] == own_job["permissions"]
    assert job["steps"][0]["with"]["path"] == "records"
    for step in job["steps"]:
        if "run" in step:
            assert step["working-directory"] == "${{ runner.temp }}", step["name"]
            for line in step["run"].splitlines():
                assert "python -m" not in line and "pip install ." not in line, line
    installs = [s for s in job["steps"] if "pip install" in s.get("run", "")]
    assert len(installs) == 1 and '"<<requirement>>"' in installs[0]["run"]
    assert "-I -m pip" in installs[0]["run"]
    same = [s for s in job["steps"] if s not in installs]
    own_same = [s for s in own_job["steps"] if "install" not in s.get("name", "").lower()]
    own_same = [s for s in own_same if "Create an environment" not in s.get("name", "")]
    assert same == own_same
