"""Reading only the facts a listing shows: a record's text without its bulkiest top-level blocks.

`clerk board` and `clerk stale` show a ballot's status, dates and people, and a meeting's date,
minutes and action items; they never look at a ballot's votes (but for the few ballots in voting,
read whole) or a meeting's attendance, which are most of the text. Leaving those blocks out
before parsing halves the work. The cut is made only on plain block-style text, where every line
at column 0 is a `key:`, a list item of the key above it, or a comment; any other text is parsed
whole. What is left is checked against the record's schema without the left-out keys, so a
listing never meets a shape it does not expect; `clerk validate` still judges the whole record.
"""

from __future__ import annotations

import copy
import re
from typing import Any

# What each kind of record leaves out in a listing.
LEAVE_OUT: dict[str, tuple[str, ...]] = {"ballot": ("votes",), "meeting": ("attendees",)}

_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t\r]|$)")
# Lines at column 0 that are neither blank, a comment, nor a list item ("- " or a lone "-").
_TOP_LINE = re.compile(r"^(?:[^ #\n\r-]|-[^ \n\r])[^\n]*", re.M)


def without_blocks(text: str, keys: tuple[str, ...]) -> str | None:
    """`text` without the top-level blocks of `keys`; None when the text is not plain block
    style (the caller then parses it whole)."""
    starts: list[tuple[int, bool]] = []
    for line in _TOP_LINE.finditer(text):
        key = _TOP_KEY.match(line.group())
        if key is None:
            return None  # a document marker, a flow mapping, a quoted key: parse it whole
        starts.append((line.start(), key.group(1) in keys))
    if not any(skip for _, skip in starts):
        return text
    out = [text[: starts[0][0]]] if starts else [text]
    for number, (start, skip) in enumerate(starts):
        if not skip:
            end = starts[number + 1][0] if number + 1 < len(starts) else len(text)
            out.append(text[start:end])
    return "".join(out)


_VALIDATORS: dict[tuple[int, tuple[str, ...]], tuple[dict[str, Any], Any]] = {}


def fits(schema: dict[str, Any], keys: tuple[str, ...], data: Any) -> bool:
    """Whether the data, without `keys`, is what the schema allows (the schema less `keys`
    compiled once)."""
    known = _VALIDATORS.get((id(schema), keys))
    if known is None or known[0] is not schema:
        import jsonschema_rs

        reduced = copy.deepcopy(schema)
        for key in keys:
            reduced.get("properties", {}).pop(key, None)
            if key in reduced.get("required", ()):
                reduced["required"] = [k for k in reduced["required"] if k != key]
        known = (schema, jsonschema_rs.validator_for(reduced, validate_formats=True))
        _VALIDATORS[(id(schema), keys)] = known
    try:
        return bool(known[1].is_valid(data))
    except ValueError:  # a key that is not text
        return False
