"""Loading the JSON Schemas under schemas/ and turning validation errors into findings.

Validators are compiled once per schema (jsonschema-rs) and reused for every document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from clerk.findings import ClerkError, DocPath, Finding, suggest

KINDS = ("ballot", "meeting", "members", "governance")
PACKAGED_SCHEMAS = Path(__file__).resolve().parent / "schemas"

# What a refused title or slug must look like (they reach issue titles, posts and logs).
_TEXT_HINTS = {
    "title": "a title is one line of at most 200 characters, without line breaks or other "
    "control characters; shorten it and put the rest in notes",
    "slug": "a slug is lowercase letters and digits in words joined by single hyphens, at most "
    "60 characters (like tidy-the-definitions)",
}
_TYPE_WORDS = {
    "integer": "a whole number, e.g. 7",
    "number": "a number",
    "boolean": "true or false",
    "string": "text",
    "array": "a list (lines starting with '- ')",
    "object": "a mapping (key: value lines)",
    "null": "empty",
}

_FORMAT_HINTS = {
    "date": "a date YYYY-MM-DD that exists",
    "date-time": "a UTC time like 2025-11-06T17:30:00Z",
    "uri": "a full URL (https://...)",
}


def schema_dir(repo: Path) -> Path:
    """The repository's own schemas/ if it has them, else the ones shipped with Clerk."""
    own = repo / "schemas"
    return own if (own / "ballot.schema.json").is_file() else PACKAGED_SCHEMAS


@dataclass
class SchemaSet:
    schemas: dict[str, dict[str, Any]]
    validators: dict[str, Any]

    def validate(self, kind: str, file: str, data: Any) -> list[Finding]:
        """All schema findings of one document, each with its document path (lines come later)."""
        try:
            errors = list(self.validators[kind].iter_errors(data))
        except ValueError:  # jsonschema-rs refuses non-text keys, which YAML allows
            path, key = _non_string_key(data) or ((), None)
            return [
                Finding(
                    file=file,
                    check="schema",
                    message=f"key {key!r} is not text; quote it or rename it.",
                    doc_path=path,
                    at_key=True,
                )
            ]
        return [self._finding(kind, file, data, error) for error in errors]

    def _finding(self, kind: str, file: str, data: Any, error: Any) -> Finding:
        path: DocPath = tuple(error.instance_path)
        name = type(error.kind).__name__
        message = error.message
        at_key = False
        where = "/".join(str(p) for p in path)
        if name == "AdditionalProperties":
            unexpected = list(error.kind.unexpected)
            known = self._known_keys(kind, tuple(error.schema_path))
            key = unexpected[0]
            message = f'unknown key "{key}"{suggest(key, known)}'
            if known:
                message += f"; known keys here: {', '.join(sorted(known))}"
            path = (*path, key)
            at_key = True
        elif name == "Required":
            message = f'missing required key "{error.kind.property}"' + (
                f" in {where}" if where else ""
            )
        elif name == "Enum":
            options = ", ".join(str(o) for o in error.kind.options)
            message = f"{json.dumps(_value_at(data, path))} is not allowed; use one of: {options}"
        elif name == "Format":
            fmt = error.kind.format
            hint = _FORMAT_HINTS.get(fmt, fmt)
            message = f"{json.dumps(_value_at(data, path))} is not {hint}"
        elif name == "Pattern" and path and path[-1] in ("start", "end", "at", "posted", "notice"):
            message = f"{json.dumps(_value_at(data, path))} is not a UTC time ending in Z"
        elif name in ("Pattern", "MaxLength") and path and path[-1] in _TEXT_HINTS:
            message = _TEXT_HINTS[str(path[-1])]
        elif name == "Type":
            wanted = [str(t).rsplit(".", 1)[-1].lower() for t in _types(error.kind)]
            words = " or ".join(_TYPE_WORDS.get(t, t) for t in wanted if t != "null")
            if words:
                message = f"{json.dumps(_value_at(data, path))} is not {words}"
        elif name == "OneOfNotValid":
            expected = self._expected(kind, tuple(error.schema_path))
            if expected:
                message = f"{json.dumps(_value_at(data, path))} is not allowed here: {expected}"
        elif name in ("Pattern", "PropertyNames"):
            expected = self._expected(kind, tuple(error.schema_path))
            shown = json.dumps(error.instance)
            if name == "PropertyNames" and isinstance(error.instance, dict):
                bad = _bad_key(error.instance, self._node(kind, tuple(error.schema_path)))
                shown = json.dumps(bad)
                if bad is not None:
                    path = (*path, bad)
                    at_key = True
            if expected:
                message = f"{shown} is not allowed here: {expected}"
        if where and name != "Required":
            message = f"{where}: {message}"
        return Finding(file=file, check="schema", message=message, doc_path=path, at_key=at_key)

    def _node(self, kind: str, schema_path: tuple[Any, ...]) -> Any:
        """The schema object that holds the keyword at the end of `schema_path`."""
        node: Any = self.schemas[kind]
        try:
            for part in schema_path[:-1]:
                node = _resolve(self.schemas[kind], node)
                node = node[part] if isinstance(node, dict) else node[int(part)]
        except (KeyError, IndexError, ValueError):
            return None
        return node

    def _expected(self, kind: str, schema_path: tuple[Any, ...]) -> str | None:
        """What a pattern stands for, in words: the x-expected beside it in the schema."""
        node = self._node(kind, schema_path)
        return node.get("x-expected") if isinstance(node, dict) else None

    def _known_keys(self, kind: str, schema_path: tuple[Any, ...]) -> list[str]:
        """Property names of the schema object that owns an additionalProperties error."""
        node: Any = self.schemas[kind]
        for part in schema_path[:-1]:
            node = node[part] if isinstance(node, dict) else node[int(part)]
        node = _resolve(self.schemas[kind], node)
        return list(node.get("properties", {}))


@cache
def property_order(kind: str) -> tuple[str, ...]:
    """A record kind's top-level keys in the order its schema lists them: the order Clerk
    writes records in."""
    schema = json.loads((PACKAGED_SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return tuple(schema["properties"])


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/"):
        target: Any = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _types(kind: Any) -> list[Any]:
    """The type names a jsonschema-rs Type error wanted."""
    types = getattr(kind, "types", None)
    if types is None:
        return []
    return list(types) if isinstance(types, list | tuple) else [types]


def _bad_key(mapping: dict[str, Any], names: Any) -> str | None:
    """The first key of `mapping` that breaks the propertyNames pattern."""
    pattern = names.get("pattern") if isinstance(names, dict) else None
    if not pattern:
        return None
    return next((key for key in mapping if not re.search(pattern, str(key))), None)


def _value_at(data: Any, path: DocPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _non_string_key(data: Any) -> tuple[DocPath, Any] | None:
    """The path of the first mapping key that is not text (iterative: no recursion limit)."""
    stack: list[tuple[Any, DocPath]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    return (*path, key), key
                stack.append((value, (*path, key)))
        elif isinstance(node, list):
            stack.extend((value, (*path, i)) for i, value in enumerate(node))
    return None


_FILE_NAME = re.compile(r"^(?P<kind>[a-z]+)\.schema\.json$")


def load_schemas(directory: Path) -> SchemaSet:
    import jsonschema_rs

    schemas: dict[str, dict[str, Any]] = {}
    validators: dict[str, Any] = {}
    for kind in KINDS:
        path = directory / f"{kind}.schema.json"
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
            validators[kind] = jsonschema_rs.validator_for(schema, validate_formats=True)
        except FileNotFoundError as exc:
            raise ClerkError(f"{path}: schema missing; restore it from Clerk's schemas/.") from exc
        except (ValueError, jsonschema_rs.ValidationError) as exc:
            raise ClerkError(f"{path}: not a valid JSON Schema: {exc}") from exc
        schemas[kind] = schema
    return SchemaSet(schemas, validators)
