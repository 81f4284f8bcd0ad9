"""Forum minutes posts -> meeting records (see reader.py)."""

from clerk.importers.minutes.base import topic_of
from clerk.importers.minutes.reader import import_minutes

__all__ = ["import_minutes", "topic_of"]
