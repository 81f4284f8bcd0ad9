"""Posts through small templates a body may override: `templates/<name>` in its repository.

A template is Markdown with placeholders in braces; only the names in FIELDS are allowed (no
attribute or index look-ups), so a template can place text but never reach into Clerk.
"""

from __future__ import annotations

import string
from pathlib import Path

from clerk.findings import ClerkError

TEMPLATE_DIR = "templates"
FIELDS = ("front_matter", "title", "date", "author", "body")
DEFAULTS = {
    "ballot-post.md": "{front_matter}{body}",
    "minutes-post.md": "{front_matter}{body}",
}
MAX_BYTES = 64 * 1024


def template_text(root: Path, name: str) -> tuple[str, str]:
    """The template and where it came from: the repository's own, else Clerk's default."""
    path = root / TEMPLATE_DIR / name
    where = f"{TEMPLATE_DIR}/{name}"
    if not path.is_file():
        return DEFAULTS[name], f"Clerk's default {name}"
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        raise ClerkError(
            f"{where}: a link to outside the repository; replace it with the template itself."
        ) from None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClerkError(f"{where}: cannot be read ({exc.strerror}).") from exc
    if len(data) > MAX_BYTES:
        raise ClerkError(f"{where}: larger than {MAX_BYTES} bytes; a template is a short frame.")
    try:
        return data.decode("utf-8"), where
    except UnicodeDecodeError as exc:
        raise ClerkError(f"{where}: not UTF-8 text; save it as UTF-8.") from exc


def fill(root: Path, name: str, fields: dict[str, str]) -> str:
    """The post: the template with its placeholders filled."""
    text, where = template_text(root, name)
    allowed = ", ".join(f"{{{f}}}" for f in FIELDS)
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ClerkError(
            f"{where}: {exc}; write {{{{ and }}}} for a literal brace. Placeholders: {allowed}."
        ) from exc
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in FIELDS or spec or conversion:
            raise ClerkError(
                f"{where}: unknown placeholder {{{field}}}; use {allowed} "
                "(write {{ and }} for a literal brace)."
            )
    return text.format_map(fields).rstrip() + "\n"
