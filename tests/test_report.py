"""Output formats: GitHub workflow-command escaping and the text form."""

from __future__ import annotations

from clerk.findings import Finding, Severity
from clerk.report import escape_data, escape_property, github_line, text_line


def test_escape_data() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_data("a: b, c") == "a: b, c"


def test_escape_property() -> None:
    assert escape_property("dir:a,b%\n") == "dir%3Aa%2Cb%25%0A"


def test_github_annotation() -> None:
    finding = Finding(
        file="ballots/odd:name,x.yaml",
        line=3,
        column=5,
        check="schema",
        message='50% of "x"\nsecond line',
    )
    assert github_line(finding) == (
        "::error file=ballots/odd%3Aname%2Cx.yaml,line=3,col=5,title=schema::"
        '50%25 of "x"%0Asecond line'
    )


def test_warning_annotation_and_text() -> None:
    finding = Finding("a.yaml", 1, 2, "ballot-id", "write SC086", Severity.WARNING)
    assert github_line(finding).startswith("::warning file=a.yaml,line=1,col=2,")
    assert text_line(finding) == "a.yaml:1:2: warning: write SC086 [ballot-id]"
