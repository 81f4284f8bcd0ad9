"""A post's body as CommonMark blocks: headings, paragraphs and list items, with line numbers.

The importers find a post's sections by reading this token tree (markdown-it-py), not by matching
raw lines: `**Attendees**`, `*Attendees*`, `**Attendees:** Ann (X), ...` and `## Attendees` are
all a block whose label is "Attendees". An indented block that CommonMark reads as code (a
post's accidental four-space indent) is read again as Markdown, keeping its line numbers.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

_NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.)]|[A-Ha-h][.)])\s*")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


@dataclass
class Block:
    """One leaf block of the post.

    kind: heading, paragraph, code, fence, html or rule. depth: how many lists enclose it.
    item: the block opens a list item (its first paragraph). lines: (post line number, plain
    text) per source line, emphasis removed. label: the emphasised words a paragraph starts
    with ("Attendees:" of `**Attendees:** Ann (X)`), or a heading's text; rest: what follows
    the label on its line and the lines after it.
    """

    kind: str
    level: int
    depth: int
    item: bool
    lines: list[tuple[int, str]]
    label: str | None = None
    label_alone: bool = False
    links: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.lines[0][0] if self.lines else 0

    @property
    def end(self) -> int:
        return self.lines[-1][0] if self.lines else 0

    @property
    def text(self) -> str:
        return " ".join(" ".join(t for _, t in self.lines).split())

    def rest_lines(self) -> list[tuple[int, str]]:
        """The lines after the label (the label's own line keeps what follows the label)."""
        if self.label is None or self.kind == "heading":
            return list(self.lines)
        first_number, first = self.lines[0]
        remainder = first.split(self.label, 1)[1] if self.label in first else first
        remainder = remainder.lstrip(" :–—-").strip()
        out = [(first_number, remainder)] if remainder else []
        return out + list(self.lines[1:])


def topic_text(label: str) -> str:
    """A label or heading without numbering, emphasis marks and trailing colon."""
    text = _NUMBERING.sub("", label)
    return " ".join(text.replace("*", "").replace("_", " ").split()).rstrip(" :.").strip()


_MAX_NESTING = 4  # indented blocks read again as Markdown, at most this deep


def parse_blocks(body: str, first_line: int = 1, nesting: int = 0) -> list[Block]:
    """The leaf blocks of a Markdown body whose first line is post line `first_line`."""
    tokens = _parser().parse(body)
    return list(_blocks(tokens, body.split("\n"), first_line - 1, nesting))


def _blocks(tokens: list[Token], source: list[str], offset: int, nesting: int) -> Iterator[Block]:
    depth = 0
    item_open = False
    for position, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "list_item_open":
            item_open = True
        elif kind in ("paragraph_open", "heading_open"):
            inline = tokens[position + 1]
            yield _inline_block(
                token, inline, offset, depth, item_open and kind == "paragraph_open"
            )
            item_open = False
        elif kind == "code_block" and token.map:
            start = token.map[0]
            text = "\n".join(source[start : token.map[1]])
            dedented = textwrap.dedent(text.expandtabs(4))
            if dedented == text or nesting >= _MAX_NESTING:
                lines = [(offset + n + 1, source[n].strip()) for n in range(start, token.map[1])]
                yield Block("code", 0, depth, item_open, [ln for ln in lines if ln[1]] or lines)
            else:
                for block in parse_blocks(dedented, offset + start + 1, nesting + 1):
                    block.depth += depth
                    yield block
            item_open = False
        elif kind in ("fence", "html_block", "hr") and token.map:
            start, end = token.map
            lines = [(offset + n + 1, source[n].strip()) for n in range(start, end)]
            name = {"fence": "fence", "html_block": "html", "hr": "rule"}[kind]
            yield Block(name, 0, depth, item_open, [ln for ln in lines if ln[1]] or lines[:1])
            item_open = False


def _inline_block(opener: Token, inline: Token, offset: int, depth: int, item: bool) -> Block:
    start = (opener.map or [0, 1])[0]
    lines: list[tuple[int, str]] = []
    current: list[str] = []
    links: list[str] = []
    label: str | None = None
    label_parts: list[str] | None = None
    seen_text = False
    emphasis = 0
    for child in inline.children or []:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            lines.append((offset + start + len(lines) + 1, "".join(current)))
            current = []
            if label_parts is not None and emphasis == 0:
                label_parts = None
            continue
        if kind in ("strong_open", "em_open"):
            if not seen_text and label is None and label_parts is None:
                label_parts = []
            emphasis += 1
            continue
        if kind in ("strong_close", "em_close"):
            emphasis -= 1
            if emphasis == 0 and label_parts is not None:
                label = "".join(label_parts).strip() or None
                label_parts = None
            continue
        if kind == "link_open":
            href = str(child.attrs.get("href", ""))
            if href:
                links.append(href)
            continue
        value = child.content if kind in ("text", "code_inline", "html_inline") else ""
        if kind == "image":
            value = child.content
        if value.strip():
            seen_text = True
        if label_parts is not None:
            label_parts.append(value)
        current.append(value)
    lines.append((offset + start + len(lines) + 1, "".join(current)))
    lines = [(n, " ".join(t.split())) for n, t in lines]
    if opener.type == "heading_open":
        text = " ".join(t for _, t in lines)
        return Block("heading", int(opener.tag[1]), depth, False, lines, text, True, links)
    alone = label is not None and topic_text(" ".join(t for _, t in lines)) == topic_text(label)
    first = lines[0][1] if lines else ""
    if label is not None and not first.startswith(label):
        label = None
    return Block("paragraph", 0, depth, item, lines, label, alone, links)
