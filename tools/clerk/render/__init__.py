"""Forum-style Markdown posts (Hugo front matter) rendered from meeting and ballot records.

Pure: a record and the index in, the post's text out. The ballot result post is computed from the
recorded votes under the rules, so it cannot disagree with the record.
"""

from __future__ import annotations

from clerk.render.ballot import render_ballot
from clerk.render.minutes import render_minutes

__all__ = ["render_ballot", "render_minutes"]
