"""Making record text inert before it leaves Clerk: job summaries, issues, log lines.

Record text is written by members, so it may hold HTML, Markdown links, @mentions or line breaks
that would start a workflow command in a log. Each function makes text safe for one destination.
"""

from __future__ import annotations

import re

ISSUE_TITLE_MAX = 256
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINK = re.compile(r"(?i)(://|www\.)")


def no_mentions(text: str) -> str:
    """@name with a zero-width space after the @, so GitHub notifies nobody."""
    return _MENTION.sub("@\u200b", text)


def one_line(text: str) -> str:
    """Control characters (CR, LF, ...) shown as escapes, so text stays on its line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def markdown_cell(text: str) -> str:
    """Text for a Markdown table cell of a job summary: no HTML, link, mention or line break."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _CONTROL.sub(" ", text).replace("|", "\\|")
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = _LINK.sub(lambda m: m.group().replace("/", "&#47;").replace(".", "&#46;"), text)
    return no_mentions(text)


def issue_title(text: str) -> str:
    """An issue title: one line, no mention, at most 256 characters."""
    title = no_mentions(_CONTROL.sub(" ", text)).strip()
    if len(title) > ISSUE_TITLE_MAX:
        title = title[: ISSUE_TITLE_MAX - 1].rstrip() + "…"
    return title


def issue_body(text: str) -> str:
    """An issue body: no mention (line breaks are the body's own)."""
    return no_mentions(text)


def log_line(text: str) -> str:
    """One line of a workflow log that cannot start a workflow command (`::`)."""
    line = one_line(text)
    return f" {line}" if line.startswith("::") else line
