"""Forum posts in: minutes posts -> meeting records, ballot result posts -> ballot records."""

from __future__ import annotations

from clerk.importers.ballots import import_ballot
from clerk.importers.forum import ImportResult
from clerk.importers.minutes import import_minutes
from clerk.repository import Index


def import_post(text: str, source: str, index: Index, kind: str | None = None) -> ImportResult:
    """A post of the given kind ('ballot' or 'minutes'), or of the kind it shows itself to be."""
    from clerk.importers.history import post_kind

    if (kind or post_kind(text, source)) == "ballot":
        return import_ballot(text, source, index)
    return import_minutes(text, source, index)


__all__ = ["ImportResult", "import_ballot", "import_minutes", "import_post"]
