"""Attendance entries: a list's text split into entries, each read as a person with an
organization ("Name (Org)", "Name - Org", "Name, Org", "[Org] Name", table rows, "Org: Ann, Bob")
or refused."""

from __future__ import annotations

import re

from clerk.importers.names import resolve_org, resolve_person
from clerk.repository import Index

_SUFFIX = re.compile(
    r"^(?:Inc|Ltd|LLC|GmbH|S\.?A|AG|AS|Co|Corp|Limited|Jr|Sr|dr|Dr|PhD|Ph\.D|MD|Esq)\.?$"
)
_ON_OWN_BEHALF = re.compile(
    r"\(?\b(?:private person|individual|personal capacity|self|independent)\)?$", re.I
)
_PERSON_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
_LOWER_PARTICLES = {"van", "de", "der", "von", "da", "del", "di", "du", "la", "le", "dos", "bin"}


def entries_of(lines: list[tuple[int, str]], index: Index) -> list[tuple[str, int]]:
    """A block's entries with their line: one per line when each line reads as a whole entry,
    else split at commas (outside parentheses) and at a full stop that ends a line. Table rows
    give 'Name (Organization)'; 'Organization: Ann, Bob' gives each person that organization."""
    texts = [(n, _row(t.strip())) for n, t in lines if t.strip()]
    texts = [(n, t) for n, t in texts if t]
    if not texts:
        return []
    grouped = [_org_first(t, index) for _, t in texts]
    if any(g is not None for g in grouped):
        out: list[tuple[str, int]] = []
        for (number, text), group in zip(texts, grouped, strict=True):
            if group is None:
                out += [(p.strip(), number) for _, p in split_entries(text)]
            else:
                out += [(f"{name} ({group[0]})", number) for name in group[1]]
        return out
    if len(texts) >= 2 and all(_whole_entry(t) for _, t in texts):
        return [(t.rstrip(" ,;."), n) for n, t in texts]
    joined = ""
    starts: list[tuple[int, int]] = []
    for number, text in texts:
        if joined:
            joined += ", " if joined.rstrip().endswith((".", ";")) else " "
        starts.append((len(joined), number))
        joined += text
    out: list[tuple[str, int]] = []
    for offset, piece in split_entries(joined):
        lead = offset + len(piece) - len(piece.lstrip())
        number = max((n for pos, n in starts if pos <= lead), default=texts[0][0])
        out.append((piece.strip(), number))
    return out


_ROLE_WORDS = (
    r"remote(?:ly)?|in[\s-]person|on[\s-]?site|online|virtual|(?:invited\s+)?guest|observer"
    r"|(?:vice[\s-])?chair|minutes?|minute[\s-]taker|note[\s-]taker|scribe|presenter|speaker"
)
_ROLE = re.compile(rf"(?:\s*\((?:{_ROLE_WORDS})\)|\s+[-–—]\s*(?:{_ROLE_WORDS}))$", re.I)
_HEADER_CELLS = {
    "name",
    "names",
    "attendee",
    "attendees",
    "organization",
    "organisation",
    "company",
    "member",
    "affiliation",
    "org",
}


def _row(text: str) -> str:
    """A Markdown table row as an entry ('| Ann | X |' -> 'Ann (X)'); '' for rules and headers."""
    if not (text.startswith("|") and text.endswith("|")):
        return text
    cells = [c.strip() for c in text.strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
        return ""
    if all(c.lower() in _HEADER_CELLS or not c for c in cells):
        return ""
    filled = [c for c in cells if c]
    return f"{filled[0]} ({filled[1]})" if len(filled) >= 2 else (filled[0] if filled else "")


def _org_first(text: str, index: Index) -> tuple[str, list[str]] | None:
    """'Acme CA: Ann Example, Bob Example' -> ('Acme CA', [names]) when the head is a known
    organization, or several plain names follow it."""
    match = re.match(r"^([^:,()\[\]]{2,60}):\s+(.+)$", text)
    if not match:
        return None
    head, tail = match.group(1).strip(), match.group(2).strip().rstrip(".")
    names = [p.strip() for _, p in split_entries(tail)]
    plain = len(names) >= 2 and all(looks_like_name(n) and "(" not in n for n in names)
    if resolve_org(index, head) is None and not plain:
        return None
    return head, names


def _whole_entry(text: str) -> bool:
    """A line that is one person: 'Name (Org)', 'Name - Org', 'Name, Org', '[Org] Name'."""
    text = text.rstrip(" .;")
    if text.endswith(","):
        return False
    outside = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", "", text)
    if outside.count(",") > 1 or ("," in outside and text.endswith((")", "]"))):
        return False
    return bool(
        re.search(r"[)\]]$", text)
        or re.match(r"^\[[^\]]+\]\s*\S", text)
        or re.search(r"\s[-–—|]\s|,\s", outside)
    )


def split_entries(text: str) -> list[tuple[int, str]]:
    """Comma- and semicolon-separated entries outside parentheses; a comma right after ')'
    always separates; a title or company suffix after a comma stays with its entry."""
    pieces: list[tuple[int, str]] = []
    depth = 0
    start = 0
    for position, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in ",;" and (depth == 0 or text[:position].rstrip().endswith((")", "]"))):
            pieces.append((start, text[start:position]))
            start = position + 1
            depth = 0
    pieces.append((start, text[start:]))
    merged: list[tuple[int, str]] = []
    for offset, piece in pieces:
        if not piece.strip(" .\u00a0"):
            continue
        head = piece.strip().split(" ", 1)
        tail = head[1] if len(head) > 1 else ""
        if merged and _SUFFIX.match(head[0]) and (not tail or tail.startswith(("(", "["))):
            prev_offset, prev = merged[-1]
            merged[-1] = (prev_offset, f"{prev},{piece}")
            continue
        merged.append((offset, piece))
    return merged


_LONGEST_ENTRY = 240


def parse_entry(entry: str, index: Index) -> list[tuple[str, str | None, bool]] | None:
    """(name, organization, repaired) for each person of an entry; None when it is no person."""
    if len(entry) > _LONGEST_ENTRY:
        return None  # a paragraph, not a person: and no quadratic search through it
    text = " ".join(entry.split()).strip().rstrip(" ;")
    if text.endswith(".") and not _SUFFIX.match(text.rsplit(" ", 1)[-1].rsplit(",", 1)[-1]):
        text = text[:-1].rstrip()
    while True:
        stripped = _ROLE.sub("", text)
        if stripped == text:
            break
        text = stripped.strip()
    if not text:
        return None
    bracketed = re.match(r"^\[([^\[\]]+)\]\s*[-–:]?\s*(.+)$", text)
    if bracketed:
        return _person(bracketed.group(2), bracketed.group(1), index)
    if text.endswith((")", "]")):
        opening = _matching_open(text)
        if opening is not None and opening > 0:
            org = text[opening + 1 : -1].strip()
            name = text[:opening].strip().rstrip(" -–—:|/").strip()
            if name.count("(") > name.count(")"):
                return _repair(name, org)
            return _person(name, org, index)
    for separator in (" – ", " — ", " - ", ": ", " | ", " / ", "/ "):
        if separator in text:
            name, org = text.split(separator, 1)
            return _person(name, org.strip(" ()"), index)
    if "," in text:
        name, org = text.split(",", 1)
        org = org.strip()
        if _SUFFIX.match(org.split(" ")[0]) and " " in org:
            title, org = org.split(" ", 1)
            name = f"{name}, {title}"
        return _person(name, org, index)
    for match in re.finditer(r"(?<=\w)-(?=\w)", text):
        right = text[match.end() :]
        if resolve_org(index, right) is not None and resolve_person(index, text) is None:
            return _person(text[: match.start()], right, index)
    words = text.split()
    if resolve_person(index, text) is None:
        for cut in range(1, len(words)):
            name, org = " ".join(words[:cut]), " ".join(words[cut:])
            if resolve_org(index, org) is not None and (cut >= 2 or resolve_person(index, name)):
                return _person(name, org, index)
    return _person(text, None, index)


def _person(name: str, org: str | None, index: Index) -> list[tuple[str, str | None, bool]] | None:
    name = " ".join(name.split()).strip(" -–—:,")
    org = " ".join((org or "").split()).strip(" -–—:,") or None
    if (
        org
        and _ON_OWN_BEHALF.search(org)
        and (org.startswith(name) or _ON_OWN_BEHALF.fullmatch(org))
    ):
        org = None  # "Ann Example (Ann Example (private person))": attends for no organization
    known = resolve_person(index, name) is not None
    core = re.sub(r",\s*\S+\.?$", "", name) if "," in name else name
    core = re.sub(r"\s*\([^()]*\)\s*", " ", core)
    if not known and not looks_like_name(core):
        return None
    if org is None and not known:
        return None
    if org is not None and (len(org) > 100 or not re.search(r"\w", org)):
        return None
    return [(name, org, False)]


def looks_like_name(text: str) -> bool:
    """One to six words, each a capitalised word, an initial or a name particle; no digits."""
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 60:
        return False
    for word in words:
        if word.lower() in _LOWER_PARTICLES:
            continue
        if not _PERSON_WORD.match(word) or not (word[0].isupper() or word[0] in "'’"):
            return False
    return True


def _matching_open(text: str) -> int | None:
    depth = 0
    for position in range(len(text) - 1, -1, -1):
        char = text[position]
        if char in ")]":
            depth += 1
        elif char in "([":
            depth -= 1
            if depth == 0:
                return position
    return None


def _repair(name: str, org: str) -> list[tuple[str, str | None, bool]] | None:
    """'Ben Wilson (Mozilla, Brianca Martin' + 'Amazon' -> two attendees."""
    cut = name.index("(")
    first = name[:cut].strip().rstrip(" -–—").strip()
    inner = name[cut + 1 :].strip().rstrip(" -–—").strip()
    if ", " in inner:
        first_org, second = inner.rsplit(", ", 1)
    else:
        words = inner.split()
        glued = [
            (w, i)
            for w, word in enumerate(words)
            for i in range(1, len(word) - 1)
            if word[i].isupper() and word[i + 1].islower()
        ]
        if not glued:
            return [(first, f"{inner} ({org})", True)] if looks_like_name(first) else None
        w, i = glued[-1]
        first_org = " ".join([*words[:w], words[w][:i]])
        second = " ".join([words[w][i:], *words[w + 1 :]])
    if not (looks_like_name(first) and looks_like_name(second.strip())):
        return None
    return [(first, first_org.strip() or None, True), (second.strip(), org or None, True)]
