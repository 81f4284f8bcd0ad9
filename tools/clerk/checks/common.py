"""Helpers shared by the cross-record checks: unknown names, organizations, wording."""

from __future__ import annotations

from datetime import timedelta

from clerk.checks.registry import finding
from clerk.findings import DocPath, Finding, suggest
from clerk.records import (
    MEMBERS_FILE,
)
from clerk.repository import Index


def unknown_person(index: Index, check_id: str, file: str, path: DocPath, name: str) -> Finding:
    return finding(
        check_id,
        file,
        path,
        f'"{name}" is not in {MEMBERS_FILE}{suggest(name, index.roster.person_names())}; '
        f"fix the spelling or add the person to {MEMBERS_FILE}.",
    )


def unknown_org(index: Index, check_id: str, file: str, path: DocPath, name: str) -> Finding:
    return finding(
        check_id,
        file,
        path,
        f'organization "{name}" is not in {MEMBERS_FILE}{suggest(name, index.roster.org_names())}; '
        f"fix the spelling, or add it (or an alias) to {MEMBERS_FILE}.",
    )


def org_of(index: Index, ref: dict[str, str]) -> str | None:
    """Canonical organization of a person reference: its org field, else the roster's."""
    org = index.roster.org(ref.get("org"))
    if org is None:
        person = index.roster.person(ref.get("name"))
        org = index.roster.org(person.org) if person else None
    return org.name if org else None


def days_text(delta: timedelta) -> str:
    days = delta.total_seconds() / 86400
    return f"{days:g} days" if days != int(days) else f"{int(days)} days"


def counts_text(data: dict[str, int]) -> str:
    return f"{data.get('yes', 0)} yes / {data.get('no', 0)} no / {data.get('abstain', 0)} abstain"
