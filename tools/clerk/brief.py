"""Reading only the facts a listing shows: a record's text without its bulkiest top-level blocks.

`clerk board` and `clerk stale` show a ballot's status, dates and people, and a meeting's date,
minutes and action items. They never look at a ballot's votes and frozen rules (but for the few
ballots in voting, which they read whole) or a meeting's attendance and prose, which are most of
the text. Those blocks are left out before parsing: a block runs from its `key:` at column 0 to
the next line at column 0 that is not a comment or a list item; text written otherwise keeps it.
What is left is checked against the record's schema less the left-out keys, so a listing never
meets a shape it does not expect; `clerk validate` still judges the whole record.
"""

from __future__ import annotations

import copy
import re
from typing import Any

# What each kind of record leaves out in a listing: the long lists and the prose.
LEAVE_OUT: dict[str, tuple[str, ...]] = {
    "ballot": ("rules", "votes", "sources", "notes"),
    "meeting": ("attendees", "ballots", "sections", "sources", "notes"),
}

# The start of the next line at column 0 that is neither blank, a comment nor a list item of
# the block above (written without indentation): the next top-level key, or a document marker.
_NEXT_TOP = re.compile(r"\n(?=[^ \t#\n\r-]|-[^ \t\n\r])")


def without_blocks(text: str, keys: tuple[str, ...]) -> str:
    """`text` without the top-level blocks `key:` of `keys` that it writes in block style (the
    key at column 0); anything else, such as a flow mapping or a quoted key, stays."""
    for key in keys:
        text = _without(text, key)
    return text


def _without(text: str, key: str) -> str:
    head = f"{key}:"
    if text.startswith(head):
        start = 0
    else:
        found = text.find(f"\n{head}")
        if found < 0:
            return text
        start = found + 1
    after = start + len(head)
    if text[after : after + 1] not in ("", " ", "\t", "\r", "\n"):
        return text  # "votes:x" is another key
    following = _NEXT_TOP.search(text, after)
    end = following.start() + 1 if following else len(text)
    return text[:start] + text[end:]


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
