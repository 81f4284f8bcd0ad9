"""The lazy index: commands that touch one ballot read that ballot, the rules, the roster and the
meetings its quorum counts; listings read only what they show; validate PATH reports what the
whole validation reports for that file."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clerk.brief import without_blocks
from clerk.records import Meeting
from clerk.repository import load_index, open_index
from clerk.tally import MeetingLog, count_votes
from clerk.validate import validate
from conftest import PROJECT, git, make_runner

NOW = "2026-01-15T12:00:00Z"


def _synth():  # bench/synth.py, the benchmarks' generator (standard library only)
    spec = importlib.util.spec_from_file_location("bench_synth", PROJECT / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_synth"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "repo"
    _synth().build(root, PROJECT, 40, 20, commit=False)
    return root


@pytest.fixture
def synthetic(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(built, root, ignore=shutil.ignore_patterns(".git"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Synthetic records")
    return root


def test_a_tally_reads_the_ballot_and_its_quorum_meetings_only(synthetic: Path) -> None:
    index = open_index(synthetic)
    ballot = index.ballot("SC-30")
    assert ballot is not None and ballot.file == "ballots/SC0030.yaml"
    lazy = count_votes(ballot, index.rules, index.roster, index.meeting_log)
    read = sorted(index.read_files)
    meetings = [path for path in read if path.startswith("meetings/")]
    assert [path for path in read if path.startswith("ballots/")] == ["ballots/SC0030.yaml"]
    assert len(meetings) == index.rules.quorum.meetings
    whole = load_index(synthetic)
    full = count_votes(whole.ballot("SC0030"), whole.rules, whole.roster, whole.meeting_log)
    assert lazy.quorum == full.quorum and lazy.result_data() == full.result_data()
    assert not index.complete


def test_a_meeting_file_named_for_another_day_falls_back_to_every_meeting(
    synthetic: Path,
) -> None:
    files = sorted((synthetic / "meetings").rglob("*.yaml"))
    # The meeting of the fourth file claims the date of the eighth: names no longer lead to it.
    text = files[3].read_text(encoding="utf-8")
    moved = files[7].stem
    files[3].write_text(text.replace(files[3].stem, moved), encoding="utf-8")
    files[7].unlink()
    index = open_index(synthetic)
    whole = load_index(synthetic)
    for ballot in whole.ballots:
        lazy = count_votes(index.ballot(ballot.id), index.rules, index.roster, index.meeting_log)
        full = count_votes(ballot, whole.rules, whole.roster, whole.meeting_log)
        assert lazy.quorum == full.quorum, ballot.id
    assert index.complete or index.meetings == whole.meetings


def test_validate_path_reports_what_the_whole_validation_reports(synthetic: Path) -> None:
    ballot = synthetic / "ballots" / "SC0031.yaml"
    data = _load(ballot)
    data["result"]["outcome"] = "failed" if data["result"]["outcome"] == "passed" else "passed"
    data["depends_on"] = ["SC-99", "SC-2"]
    _dump(ballot, data)
    copy = synthetic / "ballots" / "SC0032.yaml"
    misnamed = synthetic / "ballots" / "misnamed.yaml"
    misnamed.write_text(copy.read_text(encoding="utf-8"), encoding="utf-8")
    meeting = sorted((synthetic / "meetings").rglob("*.yaml"))[5]
    data = _load(meeting)
    data["minutes_approved"] = ["2005-01-01", "2006-01-06", *data.get("minutes_approved", [])]
    _dump(meeting, data)
    everything = validate(synthetic)
    checks = {f.check for f in everything.findings}
    assert {"ballot-result", "ballot-reference", "ballot-id-unique"} <= checks, checks
    assert "meeting-minutes-approved" in checks, checks
    for path in (ballot, copy, misnamed, meeting, synthetic / "members.yaml"):
        relpath = path.relative_to(synthetic).as_posix()
        alone = validate(synthetic, [str(path)])
        expected = [f for f in everything.findings if f.file == relpath]
        assert alone.findings == expected, relpath
        assert alone.summary()["records"] == 1


def test_validate_path_on_one_ballot_reads_no_other_ballot(synthetic: Path) -> None:
    result = validate(synthetic, ["ballots/SC0030.yaml"])
    assert result.findings == []
    read = result.index.read_files
    assert [p for p in read if p.startswith("ballots/")] == ["ballots/SC0030.yaml"]
    assert not result.index.complete


def test_commands_on_one_ballot_ignore_a_broken_unrelated_record(synthetic: Path) -> None:
    clerk = make_runner(synthetic)
    before = clerk("--now", NOW, "--format", "json", "ballot", "tally", "SC0030").json()
    (synthetic / "ballots" / "SC0005.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    after = clerk("--now", NOW, "--format", "json", "ballot", "tally", "SC0030")
    assert after.exit_code == 0, after.stderr
    assert after.json() == before
    rendered = clerk("render", "ballot", "SC0030")
    assert rendered.exit_code == 0 and "SC0030" in rendered.stdout
    broken = clerk("ballot", "tally", "SC0005")
    assert broken.exit_code == 1 and "does not validate" in broken.stderr


def test_board_and_stale_show_the_same_with_brief_records(synthetic: Path) -> None:
    from clerk.board import board_rows
    from clerk.stale import find_stalled

    clerk = make_runner(synthetic)
    ballot = synthetic / "ballots" / "SC0040.yaml"
    data = _load(ballot)  # still in voting, so that the board shows a tally from its votes
    data["status"] = "voting"
    data.pop("result")
    data.pop("review", None)
    _dump(ballot, data)
    now = datetime(2026, 1, 15, 12, tzinfo=UTC)
    index = load_index(synthetic)
    board = clerk("--now", NOW, "--format", "json", "board")
    whole = {name: [r.as_dict() for r in rows] for name, rows in board_rows(index, now)}
    assert board.exit_code == 0 and board.json() == whole
    assert [row["ballot"] for row in whole["In Voting"]] == ["SC0040"]
    assert "passing" in whole["In Voting"][0]["tally"]
    stale = clerk("--now", NOW, "--format", "json", "stale")
    expected = [item.as_dict() for item in find_stalled(index, now, synthetic)]
    assert stale.exit_code == 0 and stale.json() == {"stalled": expected}


def test_brief_text_leaves_out_only_top_level_blocks() -> None:
    text = "# note\nid: SC1\nvotes:\n- org: A\n  vote: yes\ntitle: T\nattendees:\n  - a\n"
    assert without_blocks(text, ("votes",)) == "# note\nid: SC1\ntitle: T\nattendees:\n  - a\n"
    assert without_blocks(text, ("attendees", "votes")) == "# note\nid: SC1\ntitle: T\n"
    assert without_blocks("votes: []\nid: 1\n", ("votes",)) == "id: 1\n"
    assert without_blocks("id: 1\r\nvotes:\r\n- a\r\ntitle: x\r\n", ("votes",)) == (
        "id: 1\r\ntitle: x\r\n"
    )
    assert without_blocks("id: 1\nvotes:\n  - a\n---\nid: 2\n", ("votes",)) == (
        "id: 1\n---\nid: 2\n"
    )
    for kept in (
        '"votes": []\nid: 1\n',
        "{id: 1, votes: []}\n",
        "votes_x: 1\n",
        "id: |\n votes: 1\n",
    ):
        assert without_blocks(kept, ("votes",)) == kept


def test_a_lazy_meeting_log_is_a_meeting_log(synthetic: Path) -> None:
    index = open_index(synthetic)
    whole = MeetingLog(load_index(synthetic).meetings)
    day = whole.meetings[10].date
    lazy = index.meeting_log.before(day, 3)
    assert [m.file for m in lazy] == [m.file for m in whole.before(day, 3)]
    assert all(isinstance(m, Meeting) for m in lazy)


def test_synth_builds_when_two_votes_fall_in_the_same_second(tmp_path: Path) -> None:
    built = _synth().build(tmp_path / "r", PROJECT, 500, 250, commit=False)
    assert built.ballots == 500
    for path in sorted((tmp_path / "r" / "ballots").glob("*.yaml"))[::50]:
        times = [vote["at"] for vote in _load(path)["votes"]]
        assert times == sorted(times), path.name


def _load(path: Path) -> dict:
    import yaml_rs

    return yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)


def _dump(path: Path, data: dict) -> None:
    path.write_text(_synth().dump(data), encoding="utf-8")


def test_history_follows_a_move_made_by_hand(records: Path) -> None:
    clerk = make_runner(records)
    old = "meetings/2025/2025-10-02.yaml"
    git(records, "mv", old, "meetings/2025/2025-10-02-call.yaml")
    git(records, "commit", "-q", "-m", "Rename the minutes")
    data = clerk("--format", "json", "history", "meetings/2025/2025-10-02-call.yaml").json()
    assert [(e["file"], e["changes"][0]) for e in data["history"]] == [
        ("meetings/2025/2025-10-02-call.yaml", "renamed"),
        (old, "created"),
    ]


def test_last_commit_times_dates_only_the_paths_asked_for(records: Path) -> None:
    from clerk.gitrepo import last_commit_times

    draft = "ballots/drafts/cleanup.yaml"
    stamp = "2025-01-02T03:04:05+00:00"
    (records / draft).write_text(
        (records / draft).read_text(encoding="utf-8") + "# touched\n", encoding="utf-8"
    )
    git(records, "commit", "-q", "-am", "Touch the draft", env={"GIT_COMMITTER_DATE": stamp})
    assert last_commit_times(records, []) == {}
    times = last_commit_times(records, [draft, "ballots/none.yaml"])
    assert times == {draft: datetime.fromisoformat(stamp)}
