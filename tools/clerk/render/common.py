"""What the minutes and ballot posts share: quoting, front matter, names, the template."""

from __future__ import annotations

from datetime import datetime

from clerk.post_templates import fill
from clerk.repository import Index
from clerk.words import FrontMatter


def quote(text: str) -> str:
    """A YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"


def front_matter(
    settings: FrontMatter, author: str, date: str | None, tags: list[str], title: str
) -> list[str]:
    """Hugo front matter as governance.yaml's words.front_matter sets it (none when disabled)."""
    if not settings.enabled:
        return [f"# {title}", ""]
    lines = ["---", f"author: {quote(author)}"]
    if date:
        lines.append(f"date: {date} 00:00:00")
    lines.append("tags:")
    lines += [f"  - {quote(tag)}" for tag in tags]
    lines += [f"title: {quote(title)}", f"type: {settings.type}", "---"]
    return ["\n".join(lines), ""]


def person_text(index: Index, name: str, org: str | None = None) -> str:
    """'Name (Organization)' with the roster's organization name, or just the name."""
    roster = index.roster
    organization = roster.org(org) if org else None
    if organization is None and not org:
        person = roster.person(name)
        organization = roster.org(person.org) if person and person.org else None
    shown = organization.name if organization else org
    # Where individuals vote, a person is their own voting unit: no "(Name)" after the name.
    return f"{name} ({shown})" if shown and shown != name else name


def join_names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def post(
    index: Index, template: str, head: list[str], body: list[str], fields: dict[str, str]
) -> str:
    """The post through its template (the repository's templates/ may override Clerk's)."""
    front = "\n".join(head) + "\n" if head else ""
    text = "\n".join(body).rstrip() + "\n"
    return fill(index.root, template, {**fields, "front_matter": front, "body": text})


def time_text(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else ""
