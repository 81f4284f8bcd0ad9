"""Forum ballot result posts -> ballot records (see reader.py)."""

from clerk.importers.ballots.base import DOCUMENT_HINTS, VOTE_WORDS
from clerk.importers.ballots.reader import import_ballot

__all__ = ["DOCUMENT_HINTS", "VOTE_WORDS", "import_ballot"]
