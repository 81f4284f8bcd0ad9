"""Forum posts in: minutes posts -> meeting records, ballot result posts -> ballot records."""

from clerk.importers.ballots import import_ballot
from clerk.importers.forum import ImportResult
from clerk.importers.minutes import import_minutes

__all__ = ["ImportResult", "import_ballot", "import_minutes"]
