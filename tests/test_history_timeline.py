"""clerk history ID as a ballot's timeline: its record's changes and the meetings that mention
it, by the date of each act, with the posts they came from; out-of-order commits kept apart."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from conftest import PROJECT, ClerkRunner, git, make_runner

POSTS = Path(__file__).parent / "fixtures" / "posts"
MINUTES = POSTS / "2025-11-14-minutes-of-the-example-working-group.md"  # the 2025-10-30 meeting
SCHEMA = PROJECT / "schemas" / "output" / "history.schema.json"
RESULT_URL = "https://example.org/2025/11/20/ballot-sc001-result"


def commit(root: Path, message: str, authored: str | None = None) -> str:
    """Commit everything, authored at `authored` (committed now, as Clerk's import does)."""
    git(root, "add", "-A")
    env = {"GIT_AUTHOR_DATE": authored} if authored else None
    git(root, "commit", "-q", "-m", message, env=env)
    return git(root, "rev-parse", "HEAD").strip()


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def archive(records: Path, clerk: ClerkRunner) -> dict[str, str]:
    """SC001's record made first (the fixture's initial commit, dated now), then: a chair's
    note in the 2025-10-16 minutes naming it as SC-01; the 2025-10-30 minutes imported from
    their post; its result post imported onto its record (dated 2025-11-20, Clerk-Source); a
    later edit of its record; and a meeting that names only SC010."""
    made = {"created": git(records, "rev-parse", "HEAD").strip()}
    append(records / "meetings/2025/2025-10-16.yaml", "mentions:\n  - SC-01\n")
    made["chair"] = commit(records, "Minutes of 2025-10-16: mentions", "2025-10-17T09:00:00Z")
    result = clerk("--now", "2026-01-15T00:00:00Z", "import", "--history", "minutes", str(MINUTES))
    assert result.exit_code == 0, result.stdout + result.stderr
    made["minutes"] = git(records, "rev-parse", "HEAD").strip()
    append(records / "ballots/SC001.yaml", f"sources:\n  - {RESULT_URL}\n")
    made["result"] = commit(
        records,
        f"SC001: imported from its result post\n\nClerk-Ballot: SC001\nClerk-Source: {RESULT_URL}",
        "2025-11-20T12:00:00Z",
    )
    append(records / "ballots/SC001.yaml", "notes: Checked against the post.\n")
    made["later"] = commit(records, "SC001: a note")
    append(records / "meetings/2025/2025-10-23.yaml", "mentions:\n  - SC010\n")
    commit(records, "Minutes of 2025-10-23: mentions SC010", "2025-10-24T09:00:00Z")
    return made


def test_the_timeline_reads_in_the_order_of_the_acts(
    archive: dict[str, str], clerk: ClerkRunner
) -> None:
    result = clerk("--format", "json", "history", "SC-1")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    timeline = [(e["kind"], e["commit"], e["meeting"], e["source"]) for e in data["timeline"]]
    assert timeline == [
        ("meeting", archive["chair"], "2025-10-16", None),
        ("meeting", archive["minutes"], "2025-10-30", MINUTES.name),
        ("record", archive["result"], None, RESULT_URL),
        # the fixture's 2025-10-02 minutes name SC-1 in their status list since the first commit
        ("meeting", archive["created"], "2025-10-02", None),
        ("record", archive["later"], None, None),
    ]
    dates = [e["date"][:10] for e in data["timeline"]]
    assert dates[:3] == ["2025-10-17", "2025-11-14", "2025-11-20"]
    said = {e["meeting"]: e["details"] for e in data["timeline"] if e["kind"] == "meeting"}
    assert said["2025-10-16"] == ["mentioned in the minutes"]
    assert said["2025-10-30"][0].startswith("in the ballot status list")
    # The record's creation was committed before the back-dated result post: placed by its
    # date it would follow the post it precedes, so it is kept apart, still shown.
    assert [(e["commit"], e["details"]) for e in data["record_keeping"]] == [
        (archive["created"], ["created (status passed)"])
    ]
    # `history` is still the record's own commits, newest first, each with its source.
    assert [(e["commit"], e["source"]) for e in data["history"]] == [
        (archive["later"], None),
        (archive["result"], RESULT_URL),
        (archive["created"], None),
    ]


def test_the_text_marks_meetings_apart_from_changes(
    archive: dict[str, str], clerk: ClerkRunner
) -> None:
    text = clerk("history", "SC001").stdout
    lines = text.splitlines()
    heads = [line for line in lines if line.startswith(("20", "  ~ "))]
    assert [line.split()[0 if line[0] == "2" else 1][:10] for line in heads[:3]] == [
        "2025-10-17",
        "2025-11-14",
        "2025-11-20",
    ]
    assert heads[0].startswith("  ~ 2025-10-17") and "[meeting 2025-10-16]" in heads[0]
    assert heads[2].startswith("2025-11-20T12:00:00+00:00  [record]")
    assert "[meeting 2025-10-02]" in heads[3] and "[record]" in heads[4]
    assert f"    source: {RESULT_URL}" in lines
    assert f"      source: {MINUTES.name}" in lines
    keeping = lines.index(next(line for line in lines if line.startswith("  record-keeping")))
    created = lines[keeping + 1]
    assert "[record-keeping]" in created and archive["created"][:12] in created
    assert lines[keeping + 3] == "    - created (status passed)"
    assert "SC010" not in text and "2025-10-23" not in text


def test_each_change_of_what_a_meeting_says_is_an_entry(
    records: Path, archive: dict[str, str], clerk: ClerkRunner
) -> None:
    """Another spelling of the same id is no entry; dropping the ballot and naming it again,
    with an owner, are two."""
    path = records / "meetings/2025/2025-10-16.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - SC-01\n", "  - SC001\n"), encoding="utf-8")
    respelled = commit(records, "Minutes of 2025-10-16: canonical ids")
    path.write_text(text.replace("mentions:\n  - SC-01\n", ""), encoding="utf-8")
    dropped = commit(records, "Minutes of 2025-10-16: SC001 was not discussed")
    append(path, "ballots:\n  - ballot: SC001\n    owner: Alice Chair\n")
    listed = commit(records, "Minutes of 2025-10-16: the status list")
    data = clerk("--format", "json", "history", "SC001").json()
    entries = [e for e in data["timeline"] if e["meeting"] == "2025-10-16"]
    assert [(e["commit"], e["details"]) for e in entries] == [
        (archive["chair"], ["mentioned in the minutes"]),
        (dropped, ["no longer mentions SC001"]),
        (listed, ["in the ballot status list, owner Alice Chair"]),
    ]
    assert respelled not in {e["commit"] for e in data["timeline"]}


def test_a_post_imported_again_shows_once_as_its_later_reading(
    records: Path, archive: dict[str, str], clerk: ClerkRunner
) -> None:
    """The 2025-10-30 record loses its statuses by hand (a commit without a source, made after
    the import that git puts before it); imported again, the post gives them back. The meeting
    shows once, as the second import reads it; the hand edit is record-keeping."""
    path = records / "meetings/2025/2025-10-30.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    status: voting\n", ""), encoding="utf-8")
    edit = commit(records, "Meeting 2025-10-30: no status")
    again = clerk("--now", "2026-01-15T00:00:00Z", "import", "--history", "minutes", str(MINUTES))
    assert again.exit_code == 0, again.stderr
    reread = git(records, "rev-parse", "HEAD").strip()
    data = clerk("--format", "json", "history", "SC001").json()
    entries = [e for e in data["timeline"] if e["meeting"] == "2025-10-30"]
    assert [(e["commit"], e["details"]) for e in entries] == [
        (reread, ["in the ballot status list (voting), owner Alice Chair"])
    ]
    assert entries[0]["date"] == "2025-11-14T12:00:00+00:00"
    assert [e["commit"] for e in data["record_keeping"]] == [archive["created"], edit]


def test_a_meeting_history_and_a_draft_have_no_meeting_entries(
    records: Path, clerk: ClerkRunner
) -> None:
    data = clerk("--format", "json", "history", "2025-10-16").json()
    assert [e["kind"] for e in data["timeline"]] == ["record"]
    assert data["record_keeping"] == []


def test_a_hostile_meeting_file_is_not_read_as_a_mention(
    records: Path, archive: dict[str, str], clerk: ClerkRunner
) -> None:
    """A meeting file whose YAML is broken, or that names the id only inside another word or
    number, is not a meeting that mentions the ballot; the history still reads."""
    bad = records / "meetings/2025/2025-10-09.yaml"
    bad.write_text("date: 2025-10-09\nmentions: [SC001\n", encoding="utf-8")
    other = records / "meetings/2025/2025-10-10.yaml"
    other.write_text("date: 2025-10-10\nkind: teleconference\nnotes: XSC0011 SC0010\n")
    commit(records, "Two odd meeting files", "2025-10-11T00:00:00Z")
    data = clerk("--format", "json", "history", "SC001").json()
    files = {e["file"] for e in data["timeline"]}
    assert "meetings/2025/2025-10-09.yaml" not in files
    assert "meetings/2025/2025-10-10.yaml" not in files
    assert len([e for e in data["timeline"] if e["kind"] == "meeting"]) == 3


def _project_has_the_archive() -> bool:
    done = subprocess.run(
        ["git", "-C", str(PROJECT), "log", "-1", "--format=%H", "--", "meetings/2025"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0 and bool(done.stdout.strip())


def test_sc085_reads_as_the_working_groups_timeline(corpus: Path) -> None:
    """On this repository: the meetings that discussed SC085 and its result post, in date order,
    each with the post it came from."""
    if not _project_has_the_archive():
        pytest.skip("this checkout has no Git history of the archive")
    done = make_runner(PROJECT)("--format", "json", "history", "SC085")
    assert done.exit_code == 0, done.stderr
    timeline = done.json()["timeline"]
    sourced = [e for e in timeline if e["source"]]
    assert [(e["kind"], e["meeting"] or e["date"][:10]) for e in sourced] == [
        ("meeting", "2025-04-24"),
        ("meeting", "2025-05-08"),
        ("record", "2025-06-18"),
        ("meeting", "2025-07-17"),
        ("meeting", "2025-07-31"),
        ("meeting", "2025-08-28"),
    ]
    assert sourced[2]["source"].startswith("https://cabforum.org/2025/06/18/ballot-sc-85")
    assert all((corpus / "minutes" / e["source"]).is_file() for e in sourced if e["meeting"])
    dates = [e["date"] for e in timeline]
    assert dates == sorted(dates)


def test_record_and_commit_text_is_printed_inert(
    records: Path, archive: dict[str, str], clerk: ClerkRunner
) -> None:
    """An owner or a trailer holding control characters (a terminal escape, a line break that
    would start a workflow command) is printed escaped, on its own line."""
    path = records / "meetings/2025/2025-10-16.yaml"
    append(path, 'ballots:\n  - ballot: SC001\n    owner: "Eve\\e[2J\\n::error::forged"\n')
    commit(records, "Minutes of 2025-10-16: an owner\n\nClerk-Source: x\u001b]0;t\u0007")
    text = clerk("history", "SC001").stdout
    assert "\x1b" not in text and "\x07" not in text
    assert not any(line.startswith("::") for line in text.splitlines())
    assert "owner Eve\\x1b[2J\\n::error::forged" in text


def test_meetings_are_found_alike_where_git_has_no_perl_regexes(
    records: Path, archive: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """git grep -P finds the mentioning meetings fast; a git built without PCRE refuses -P, and
    the extended regex finds the same files."""
    from clerk import gitrepo, timeline
    from clerk.ids import IdFormat
    from clerk.recordfiles import load_rules

    ids: IdFormat = load_rules(records).ids
    with_perl = timeline.mentioning_meetings(records, "SC001", ids)
    real_git = gitrepo.git
    refused: list[str] = []

    def without_perl(root: Path, *args: str, **kwargs: object) -> str:
        if "-P" in args:
            refused.append(args[-1])
            raise gitrepo.GitError("git grep -l failed: fatal: cannot use Perl-compatible regexes")
        return real_git(root, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gitrepo, "git", without_perl)
    assert timeline.mentioning_meetings(records, "SC001", ids) == with_perl
    assert refused == ["meetings"]
    assert with_perl == [
        "meetings/2025/2025-10-02.yaml",
        "meetings/2025/2025-10-16.yaml",
        "meetings/2025/2025-10-30.yaml",
    ]
