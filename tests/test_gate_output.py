"""Text that leaves Clerk is inert: job summaries, log lines, issues; validate refuses the record
text that would not be (titles with line breaks, odd slugs, YAML tags)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clerk.findings import Finding
from clerk.gate import Review
from clerk.inert import issue_body, issue_title
from clerk.report import render_findings
from clerk.summary import job_summary
from test_stale import NOW, open_issues, run_stale
from test_stale import repo as repo  # the fixture

HOSTILE = "<img src=x onerror=alert(1)> [win](https://evil.example) www.evil.example @octocat\r"
DRAFT = "status: draft\nproposers:\n  - name: Carol Gamma\n    org: Gamma PKI\n"


@pytest.mark.parametrize(
    ("name", "text", "check", "words"),
    [
        ("nl", 'slug: nl\ntitle: "One\\n::error::two"\n', "schema", "one line"),
        ("ctl", 'slug: ctl\ntitle: "Bell\\u0007"\n', "schema", "control characters"),
        ("long", f"slug: long\ntitle: {'a' * 201}\n", "schema", "at most 200"),
        ("a--b", "slug: a--b\ntitle: Fine\n", "schema", "single hyphens"),
        ("tag", "slug: tag\ntitle: !secret token\n", "yaml-tag", "!secret"),
        ("bin", "slug: bin\ntitle: !!binary aGk=\n", "yaml-tag", "binary"),
    ],
)
def test_validate_refuses_text_that_would_not_be_inert(
    records: Path, clerk, name: str, text: str, check: str, words: str
) -> None:
    (records / f"ballots/drafts/{name}.yaml").write_text(text + DRAFT)
    result = clerk("--format", "json", "validate")
    assert result.exit_code == 1
    (finding,) = result.json()["findings"]
    assert (finding["file"], finding["check"]) == (f"ballots/drafts/{name}.yaml", check)
    assert words in finding["message"]


def test_a_plain_title_with_an_exclamation_mark_passes(records: Path, clerk) -> None:
    (records / "ballots/drafts/fine.yaml").write_text("slug: fine\ntitle: Fine!\n" + DRAFT)
    assert clerk("validate").exit_code == 0


def test_job_summary_is_inert() -> None:
    finding = Finding(file="ballots/SC005.yaml", line=3, column=1, check="x", message=HOSTILE)
    text = job_summary(Review(findings=[finding]))
    for raw in ("<img", "](https://", "www.evil", "@octocat", "\r"):
        assert raw not in text
    assert "&lt;img src=x onerror=alert(1)&gt; \\[win\\](https:&#47;&#47;evil.example)" in text
    assert "@\u200boctocat" in text


def test_log_lines_cannot_start_a_workflow_command() -> None:
    findings = [
        Finding(file="::error::x", line=0, check="pr-path", message="a"),
        Finding(file="a.yaml", line=1, column=1, check="x", message="one\n::set-env name=X::1"),
    ]
    for fmt in ("text", "github"):
        out = render_findings(findings, fmt)
        lines = out.splitlines()
        assert len(lines) == 2
        assert not any(line.startswith("::") and "::error file=" not in line for line in lines)
        assert not any(line.startswith("::set-env") for line in lines)


def test_issue_titles_and_bodies() -> None:
    assert len(issue_title("x" * 400)) == 256
    assert issue_title("ping @octocat\nnow") == "ping @\u200boctocat now"
    assert (
        issue_body("ask @org/team, mail a@b.example")
        == "ask @\u200borg/team, mail a@\u200bb.example"
    )


def test_stale_issues_mention_nobody_and_survive_a_bad_record(repo: Path, github_standin) -> None:
    path = repo / "meetings/2025/2025-10-02.yaml"
    path.write_text(path.read_text().replace("text: ", "text: Ask @octocat to ", 1))
    (repo / "ballots/drafts/a--b.yaml").write_text("slug: a--b\ntitle: Bad\n" + DRAFT)
    result = run_stale(repo, github_standin, NOW)
    assert "Traceback" not in result.stderr
    issues = open_issues(github_standin)
    assert set(issues) == {"meeting-2025-10-02:action-1", "drafts/cleanup:idle"}
    body = issues["meeting-2025-10-02:action-1"].body
    assert "@\u200boctocat" in body and "@octocat" not in body
