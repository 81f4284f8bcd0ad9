"""Attendance lists of a minutes post, read from its Markdown blocks.

A list starts at a heading or a label that is exactly an attendance label ("Attendance",
"Attendees:", `**Attendees**`, `*Attendees*`, `**Attendees:** Ann (X), ...`, "Roll Call",
"In the room:"), in any of its spellings. A heading that only starts with such a word
("Attendance by Members of Other Working Groups") opens no list. Under the label, each block is a
list when most of its entries read as a person with an organization; other blocks are text. In a
list, an entry that cannot be read as a person with an organization is a finding, never a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clerk.findings import Finding, Severity
from clerk.importers.attendance_entries import entries_of, parse_entry
from clerk.importers.forum import (
    finding,
    fold,
)
from clerk.importers.markdown import Block, topic_text
from clerk.importers.names import (
    resolve_person,
)
from clerk.repository import Index

_LABEL = re.compile(
    r"^(?:\d{1,3}\s+)?(?:(?:attendance|attendees|participants|present|roll[\s-]?call|guests"
    r"|observers|invited guests|in attendance|list of (?:attendees|participants)"
    r"|(?:members|people|participants|representatives) (?:present|attending|in attendance))"
    r"(?:\s+list)?"
    r"(?:\s*\((?:in[\s-]person|remote|online|virtual|on[\s-]?site|[\w\s-]{0,20})\))?"
    r"|(?:attendees|participants)?\s*(?:in the room|in[\s-]person|on[\s-]?site|remote(?:ly)?"
    r"|online|virtual|via (?:webex|zoom|phone))"
    r"|(?:attendance|attendees) (?:in the room|in[\s-]person|remote(?:ly)?|online))$",
    re.I,
)
_ROLL_CALL = re.compile(r"^roll[\s-]?call", re.I)


@dataclass
class Attendee:
    name: str
    org: str | None
    line: int


@dataclass
class Attendance:
    """What the lists hold: people, the lines they used, and entries that are not people."""

    attendees: list[Attendee] = field(default_factory=list)
    used_lines: set[int] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    lists: int = 0


def is_attendance_label(text: str) -> bool:
    return bool(_LABEL.match(topic_text(text)))


def read_attendance(blocks: list[Block], index: Index, source: str) -> Attendance:
    """Every attendance list of the post, in order, each person once."""
    out = Attendance()
    seen: dict[str, int] = {}
    position = 0
    while position < len(blocks):
        block = blocks[position]
        opener = _opener(block)
        if opener is None:
            position += 1
            continue
        strict = bool(_ROLL_CALL.match(topic_text(opener)))
        position += 1
        candidates: list[tuple[Block, list[tuple[int, str]]]] = []
        rest = _after_label(block, opener) if block.kind != "heading" else []
        if rest:
            candidates.append((block, rest))
        got_list = bool(rest)
        while position < len(blocks):
            following = blocks[position]
            if _ends_section(block, following):
                break
            if following.kind == "paragraph" and _opener(following) is not None:
                break
            if following.kind == "paragraph":
                lines = following.rest_lines()
                if candidates and _continues(candidates[-1], following):
                    owner, before = candidates[-1]
                    candidates[-1] = (owner, before + lines)
                else:
                    candidates.append((following, lines))
            position += 1
        listed = 0
        for owner, lines in candidates:
            entries = entries_of(lines, index)
            parsed = [(parse_entry(text, index), text, number) for text, number in entries]
            people = [p for p, _, _ in parsed if p is not None]
            if not _is_list(people, parsed, strict, index):
                if got_list and owner is not block and not owner.item:
                    break
                continue
            got_list = True
            out.lists += 1
            rejected_lines: set[int] = set()
            for result, text, number in parsed:
                if result is None:
                    rejected_lines.add(number)
                    out.findings.append(
                        finding(
                            source,
                            number,
                            "import-attendee-unreadable",
                            f'"{_short(text)}" in the attendance list does not read as a person '
                            "with an organization (Name (Organization)); it is not recorded as "
                            "an attendee: correct the record by hand if it is one.",
                        )
                    )
                    continue
                listed += len(result)
                for name, org, repaired in result:
                    if repaired:
                        out.findings.append(
                            finding(
                                source,
                                number,
                                "import-attendee-repaired",
                                f'a parenthesis is missing around here; read as "{name}"'
                                f"{f' ({org})' if org else ''}: check the record.",
                                Severity.NOTICE,
                            )
                        )
                    key = _key(name, index)
                    if key in seen:
                        out.findings.append(
                            finding(
                                source,
                                number,
                                "import-duplicate-attendee",
                                f"{name} is listed twice among the attendees (line {seen[key]} "
                                "and here); the record lists them once.",
                            )
                        )
                        continue
                    seen[key] = number
                    out.attendees.append(Attendee(name, org, number))
            out.used_lines |= {n for n, _ in lines} - rejected_lines
        stated = re.search(r"\((\d{1,3})\)|^(\d{1,3})\s", topic_text(opener))
        if stated and int(stated.group(1) or stated.group(2)) != listed:
            out.findings.append(
                finding(
                    source,
                    block.start,
                    "import-inconsistent",
                    f'the label says "{topic_text(opener)}" but the list names {listed} '
                    f"{'person' if listed == 1 else 'people'}; the record has the people named.",
                )
            )
    return out


def _opener(block: Block) -> str | None:
    """The attendance label a block opens a list with, if it does."""
    if block.kind == "heading":
        return block.label if block.label and is_attendance_label(block.label) else None
    if block.kind != "paragraph":
        return None
    if block.label is not None and is_attendance_label(block.label):
        return block.label
    first = block.lines[0][1] if block.lines else ""
    head, colon, _ = first.partition(":")
    if colon and is_attendance_label(head) and len(head.split()) <= 5:
        return head
    if len(block.lines) >= 1 and is_attendance_label(first) and len(first.split()) <= 5:
        return first
    return None


def _after_label(block: Block, label: str) -> list[tuple[int, str]]:
    """The block's lines after its attendance label."""
    number, first = block.lines[0]
    remainder = first.split(label, 1)[1] if label in first else ""
    remainder = remainder.lstrip(" :–—-").strip()
    return ([(number, remainder)] if remainder else []) + list(block.lines[1:])


def _continues(previous: tuple[Block, list[tuple[int, str]]], block: Block) -> bool:
    """A paragraph that goes on with the previous one's last entry (a list cut by blank
    lines): the previous one ends inside an entry, or this one starts with its organization."""
    owner, lines = previous
    if block.item or owner.item or not lines or not block.lines:
        return False
    last = lines[-1][1].rstrip()
    first = block.lines[0][1].lstrip()
    unclosed = last.count("(") > last.count(")")
    return (
        unclosed
        or last.endswith(",")
        or first.startswith("(")
        or (bool(last) and not last.endswith((".", ")", "]", ":")) and "(" in last)
    )


def _ends_section(opener: Block, block: Block) -> bool:
    """A heading closes an attendance section; so does a bold label alone that is no
    sub-label of attendance ("**Adjourn**")."""
    if block.kind == "heading":
        return True
    if block.kind == "paragraph" and block.label_alone and block.label is not None:
        return not is_attendance_label(block.label)
    return block.kind in ("rule",)


def _is_list(
    people: list[list[tuple[str, str | None, bool]]],
    parsed: list[tuple[object, str, int]],
    strict: bool,
    index: Index,
) -> bool:
    if not parsed or not people:
        return False
    with_org = sum(1 for found in people for _, org, _ in found if org)
    if strict:
        return len(parsed) >= 3 and with_org >= 0.6 * len(parsed)
    return len(people) >= 0.5 * len(parsed) and (with_org > 0 or len(people) == len(parsed))


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _key(name: str, index: Index) -> str:
    person = resolve_person(index, name)
    return fold(" ".join((person.name if person else name).replace(".", " ").split()))
