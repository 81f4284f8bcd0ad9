"""Forum-style Markdown posts (Hugo front matter) rendered from meeting and ballot records.

Pure: a record and the index in, the post's text out. The ballot result post is computed from the
recorded votes under the rules, so it cannot disagree with the record.
"""

from __future__ import annotations

from typing import Any

__all__ = ["render_ballot", "render_minutes"]


def __getattr__(name: str) -> Any:
    # Each post's module on first use: the minutes post reads topics with the importers'
    # Markdown stack, which a ballot post does not need (a tenth of a second of imports).
    if name == "render_ballot":
        from clerk.render.ballot import render_ballot

        return render_ballot
    if name == "render_minutes":
        from clerk.render.minutes import render_minutes

        return render_minutes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
