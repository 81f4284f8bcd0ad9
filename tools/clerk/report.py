"""Findings out: plain text, JSON, or GitHub Actions workflow commands (annotations)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from clerk.findings import Finding, Severity
from clerk.inert import log_line

FORMATS = ("text", "json", "github")


def escape_data(value: str) -> str:
    """Escape a workflow command's message (GitHub's toolkit escapeData)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command property value (GitHub's toolkit escapeProperty)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def text_line(finding: Finding) -> str:
    """One line per finding, whatever the file name or message holds (see clerk.inert)."""
    where = f"{finding.file}:{finding.line}:{finding.column}" if finding.line else finding.file
    level = "" if finding.severity is Severity.ERROR else f"{finding.severity.value}: "
    return log_line(f"{where}: {level}{finding.message} [{finding.check}]")


def github_line(finding: Finding) -> str:
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}[
        finding.severity
    ]
    props = [f"file={escape_property(finding.file)}"]
    if finding.line:
        props += [f"line={finding.line}", f"col={finding.column}"]
    props.append(f"title={escape_property(finding.check)}")
    return f"::{command} {','.join(props)}::{escape_data(finding.message)}"


def render_findings(
    findings: Iterable[Finding], fmt: str, summary: dict[str, Any] | None = None
) -> str:
    items = list(findings)
    if fmt == "json":
        return json.dumps(
            {"findings": [f.as_dict() for f in items], "summary": summary or {}}, indent=2
        )
    line: Callable[[Finding], str] = github_line if fmt == "github" else text_line
    return "\n".join(line(f) for f in items)


def summary_line(command: str, summary: dict[str, Any]) -> str:
    findings = summary.get("findings", 0)
    noun = "finding" if findings == 1 else "findings"
    return (
        f"clerk {command}: {summary.get('records', 0)} records checked, {findings} {noun}, "
        f"{summary.get('seconds', 0):.2f} s"
    )
