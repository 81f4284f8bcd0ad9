"""Reading YAML records the fast way, for checking: yaml-rs, YAML 1.2, dates left as strings.

It refuses what records must not contain: aliases, anchors, tabs in indentation, byte-order
marks, other encodings than UTF-8, several documents, and files too large to be a record.
Round-trip reading, for a finding's line and for edits with minimal diffs, is clerk.yamledit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from io import StringIO
from typing import Any

from clerk.findings import Finding

MAX_BYTES = 1_000_000

_PARSE_ERROR = re.compile(r"at line (\d+), column (\d+)")
_DUPLICATE_KEY = re.compile(r"duplicate mapping key: (.*)$", re.M)


@dataclass
class Loaded:
    """A file read through the fast path: its text and data, or the findings that stopped it."""

    file: str
    text: str | None
    data: Any
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.findings


def _finding(file: str, check: str, message: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(file=file, line=line, column=column, check=check, message=message)


def _line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    newline = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    start = text.rfind(newline, 0, offset) + 1  # type: ignore[arg-type]
    return line, offset - start + 1


def too_large(file: str, size: int) -> Finding:
    return _finding(
        file,
        "yaml-too-large",
        f"file is {size:,} bytes; a record is at most {MAX_BYTES:,}. "
        "Split it, or move the bulk text to the ballot's pull request.",
    )


def decode(file: str, data: bytes) -> tuple[str | None, list[Finding]]:
    """Bytes -> text, refusing what no record should be (binary, BOM, non-UTF-8, too large)."""
    if len(data) > MAX_BYTES:
        return None, [too_large(file, len(data))]
    if b"\x00" in data:
        line, col = _line_col(data, data.index(b"\x00"))
        return None, [
            _finding(
                file,
                "file-binary",
                "binary content (a NUL byte): records are UTF-8 YAML text. "
                "Remove the file or replace it with a YAML record.",
                line,
                col,
            )
        ]
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None, [
            _finding(
                file,
                "yaml-bom",
                "the file starts with a byte-order mark; save it as UTF-8 without BOM.",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        return None, [
            _finding(
                file,
                "yaml-encoding",
                f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8.",
                line,
                col,
            )
        ]
    return text, []


def _tab_findings(file: str, text: str) -> list[Finding]:
    if "\t" not in text:
        return []
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            column = line.index("\t") + 1
            out.append(
                _finding(
                    file, "yaml-tab", "tab in indentation; indent with spaces.", number, column
                )
            )
    return out


def _event_findings(file: str, text: str) -> list[Finding]:
    """Anchors, aliases and tags, found by ruamel's event parser (run only when text may hold
    one)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import AliasEvent

    out: list[Finding] = []
    try:
        for event in YAML(typ="safe").parse(StringIO(text)):
            anchor = getattr(event, "anchor", None)
            tag = getattr(event, "tag", None)
            if tag:
                mark = event.start_mark
                out.append(
                    _finding(
                        file,
                        "yaml-tag",
                        f"tag {tag}: records hold plain values only (no !secret, !!binary or "
                        "other tags); remove the tag.",
                        mark.line + 1,
                        mark.column + 1,
                    )
                )
            if isinstance(event, AliasEvent):
                mark = event.start_mark
                out.append(
                    _finding(
                        file,
                        "yaml-alias",
                        f"alias *{anchor}: records may not use anchors or aliases; "
                        "write the value out in full.",
                        mark.line + 1,
                        mark.column + 1,
                    )
                )
                break
            if anchor:
                mark = event.start_mark
                out.append(
                    _finding(
                        file,
                        "yaml-anchor",
                        f"anchor &{anchor}: records may not use anchors or aliases; "
                        "write the value out in full.",
                        mark.line + 1,
                        mark.column + 1,
                    )
                )
    except YAMLError:
        pass  # the fast parser reports syntax errors with their position
    return out


@lru_cache(maxsize=1)
def _fast_limits() -> Any:
    import yaml_rs

    return yaml_rs.AliasLimits(max_total_replayed_events=0, max_alias_expansions_per_anchor=0)


def parse_fast(file: str, text: str) -> tuple[Any, list[Finding]]:
    """Text -> plain data (dicts, lists, str, int, float, bool, None), or findings."""
    import yaml_rs

    findings = _tab_findings(file, text)
    if findings:
        return None, findings
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=_fast_limits())
    except yaml_rs.YAMLDecodeError as exc:
        message = str(exc)
        if "alias" in message and "line" not in message.partition("\n")[0]:
            found = _event_findings(file, text)
            if found:
                return None, found
        return None, [_decode_error_finding(file, text, message)]
    except RecursionError:
        return None, [_too_deep(file)]
    if ("&" in text or "!" in text) and isinstance(data, dict | list):
        findings = _event_findings(file, text)
        if findings:
            return None, findings
    if data is None:
        return None, [
            _finding(
                file,
                "yaml-empty",
                "the file holds no record; fill it in or delete it.",
            )
        ]
    if isinstance(data, list) and _many_documents(text):
        return None, [
            _finding(
                file,
                "yaml-multiple-documents",
                "the file holds several YAML documents; keep one record per file.",
            )
        ]
    # Depth needs no walk here: yaml-rs bounds flow nesting, and the schemas bound the shape of
    # every record, so a deep block structure fails schema validation at its top.
    return data, []


def _too_deep(file: str) -> Finding:
    return _finding(
        file, "yaml-too-deep", "nesting too deep for a record; records are a few levels deep."
    )


def _many_documents(text: str) -> bool:
    """True when a document marker follows content (a second document), not just opens the file."""
    body = re.sub(r"\A(?:\s*(?:#[^\n]*)?\n)*---[ \t]*\n?", "", text)
    return re.search(r"^---(?:[ \t]|$)", body, flags=re.M) is not None


def _decode_error_finding(file: str, text: str, message: str) -> Finding:
    first, _, rest = message.partition("\n")
    position = _PARSE_ERROR.search(first)
    detail = rest.strip().splitlines()[-1].strip() if rest.strip() else first
    if position:
        line, column = int(position.group(1)), int(position.group(2))
        if "recursion" in detail or "depth" in detail:
            return _too_deep(file)
        return _finding(file, "yaml-syntax", f"YAML syntax error: {detail}", line, column)
    duplicate = _DUPLICATE_KEY.search(message)
    if duplicate:
        key = duplicate.group(1).strip("'\"")
        line, column = _locate_duplicate(text, key)
        return _finding(
            file,
            "yaml-duplicate-key",
            f'duplicate key "{key}": each key may appear once in a mapping; merge the two entries.',
            line,
            column,
        )
    if "alias" in message:
        found = _event_findings(file, text)
        if found:
            return found[0]
        return _finding(file, "yaml-alias", "records may not use anchors or aliases.")
    if "depth" in message or "recursion" in message:
        return _too_deep(file)
    return _finding(file, "yaml-syntax", f"YAML error: {first}")


def _locate_duplicate(text: str, key: str) -> tuple[int, int]:
    """Line and column of the second occurrence of a mapping key (1-based)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import YAMLError

    try:
        YAML().load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        if mark is not None:
            return mark.line + 1, mark.column + 1
    except YAMLError:
        pass
    pattern = re.compile(rf"^(\s*(?:-\s+)?){re.escape(key)}\s*:", re.M)
    hits = list(pattern.finditer(text))
    if len(hits) > 1:
        return _line_col(text, hits[1].start() + len(hits[1].group(1)))
    return 1, 1


def load_fast(file: str, data: bytes) -> Loaded:
    text, findings = decode(file, data)
    if text is None:
        return Loaded(file, None, None, findings)
    value, findings = parse_fast(file, text)
    return Loaded(file, text, value, findings)
