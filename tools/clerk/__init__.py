"""Clerk: a standards body's governance records as validated YAML in Git."""

__version__ = "0.1.0"
