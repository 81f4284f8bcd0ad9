"""Round-trip YAML: the line and column of a document path, edits that change only the lines
they must (ruamel.yaml's round-trip mode), and writing a record atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any

from clerk.findings import ClerkError, DocPath


def _roundtrip_yaml() -> Any:
    """A ruamel round-trip YAML that keeps dates and times as plain strings, as yaml-rs does."""
    from ruamel.yaml import YAML
    from ruamel.yaml.resolver import VersionedResolver

    class Resolver(VersionedResolver):
        def add_version_implicit_resolver(
            self, version: Any, tag: Any, regexp: Any, first: Any
        ) -> None:
            if tag != "tag:yaml.org,2002:timestamp":
                super().add_version_implicit_resolver(version, tag, regexp, first)

    yaml = YAML()
    yaml.Resolver = Resolver
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_roundtrip(text: str) -> Any:
    return _roundtrip_yaml().load(text)


def dump_roundtrip(data: Any) -> str:
    stream = StringIO()
    _roundtrip_yaml().dump(data, stream)
    return stream.getvalue()


def _plain(value: Any) -> Any:
    """Round-trip containers as plain dicts and lists, for order-insensitive comparison."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _segments(text: str, doc: Any) -> tuple[list[str], dict[Any, list[str]]]:
    """The text's lines before the first top-level key, and each top-level key's lines."""
    lines = text.splitlines(keepends=True)
    keys = list(doc)
    starts = [doc.lc.key(k)[0] for k in keys]
    segments = {}
    for number, key in enumerate(keys):
        end = starts[number + 1] if number + 1 < len(keys) else len(lines)
        segments[key] = lines[starts[number] : end]
    return lines[: starts[0] if starts else len(lines)], segments


def dump_minimal(old_text: str, new_doc: Any) -> str:
    """Dump an edited round-trip document, keeping the original text of every top-level key
    whose value did not change, so a diff shows only the change whatever the file's line
    folding or quoting was."""
    fresh = dump_roundtrip(new_doc)
    try:
        old_doc = load_roundtrip(old_text)
        reparsed = load_roundtrip(fresh)
    except Exception:
        return fresh
    if not isinstance(old_doc, dict) or not isinstance(reparsed, dict) or not old_doc:
        return fresh
    header, old_segments = _segments(old_text, old_doc)
    _, new_segments = _segments(fresh, reparsed)
    out = list(header)
    for key in reparsed:
        same = key in old_doc and _plain(old_doc[key]) == _plain(reparsed[key])
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
        out += old_segments[key] if same else new_segments[key]
    text = "".join(out)
    if not text.endswith("\n"):
        text += "\n"
    return text


def walk_path(root: Any, path: DocPath) -> Iterator[tuple[Any, str | int]]:
    """Yield (container, key) down a document path for as far as it exists."""
    node = root
    for part in path:
        try:
            in_list = isinstance(part, int) and isinstance(node, list) and part < len(node)
            if in_list or (isinstance(node, dict) and part in node):
                yield node, part
                node = node[part]
            else:
                return
        except (KeyError, IndexError, TypeError):
            return


class Locator:
    """Maps document paths to (line, column), parsing each file once in round-trip mode."""

    def __init__(self, read_text: Callable[[str], str | None]) -> None:
        self._read_text = read_text
        self._docs: dict[str, Any] = {}

    def _doc(self, file: str) -> Any:
        if file not in self._docs:
            text = self._read_text(file)
            try:
                self._docs[file] = load_roundtrip(text) if text is not None else None
            except Exception:
                self._docs[file] = None
        return self._docs[file]

    def locate(self, file: str, path: DocPath, at_key: bool = False) -> tuple[int, int]:
        doc = self._doc(file)
        line, column = 1, 1
        if doc is None:
            return line, column
        if not path and hasattr(doc, "lc"):
            return doc.lc.line + 1, doc.lc.col + 1
        for container, key in walk_path(doc, path):
            lc = getattr(container, "lc", None)
            if lc is None:
                break
            try:
                if isinstance(container, list):
                    position = lc.item(key)
                elif at_key or isinstance(container[key], dict | list):
                    position = lc.key(key)
                else:
                    position = lc.value(key)
            except (KeyError, IndexError, TypeError, AttributeError):
                break
            if position is not None:
                line, column = position[0] + 1, position[1] + 1
        return line, column


def atomic_write(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ClerkError(
                f"{path}: could not write ({exc.strerror or exc}); the file is unchanged."
            ) from exc
        raise
