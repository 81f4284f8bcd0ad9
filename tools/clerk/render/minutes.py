"""The minutes post of a meeting record, in the record's own order of sections."""

from __future__ import annotations

import re

from clerk.importers.minutes import topic_of
from clerk.records import Meeting
from clerk.render.common import front_matter, join_names, person_text, post
from clerk.repository import Index

# The usual order of a meeting's minutes, with the heading used when the record has none
# ({statement}: the body's name of the statement read, from governance.yaml's words).
MINUTES_ORDER = (
    ("statement", "{statement}"),
    ("minutes", "Approval of Minutes"),
    ("membership", "Membership"),
    ("ballots", "Ballot Status"),
    ("action", "Action Items"),
    ("aob", "Any Other Business"),
    ("next", "Next Call"),
    ("adjourn", "Adjourn"),
    ("attendance", "Attendees"),
)


def render_minutes(meeting: Meeting, index: Index) -> str:
    """The minutes post of a meeting: its sections in order, structured parts and notes."""
    data = meeting.data
    rules = index.rules
    day = data["date"]
    face = data.get("kind") == "face-to-face"
    title = data.get("title") or _minutes_title(meeting, rules.body)
    author = (
        data.get("minutes_by") or data.get("chair") or (rules.chairs[0] if rules.chairs else "")
    )
    words = rules.words
    settings = words.front_matter
    tags = [*settings.minutes_tags, *([settings.face_to_face_tag] if face else [])]
    blocks = _minutes_blocks(meeting, index)
    preamble, chunks = _note_chunks(data.get("notes", ""))
    sections = list(data.get("sections") or [])
    if not sections:
        statement = words.statement((data.get("statement") or {}).get("kind"))
        sections = [
            heading.format(statement=statement) for key, heading in MINUTES_ORDER if key in blocks
        ]
    placed = _place(sections, blocks)
    head = front_matter(settings, author or rules.bot_name, day, tags, title)
    out: list[str] = []
    intro = []
    if data.get("chair"):
        intro.append(f"Chair: {data['chair']}.")
    if data.get("minutes_by"):
        intro.append(f"Minutes: {data['minutes_by']}.")
    if intro:
        out += [" ".join(intro), ""]
    for key in placed.get(None, []):
        out += [blocks[key], ""]
    if preamble:
        out += [preamble, ""]
    for position, heading in enumerate(sections):
        out += [f"## {heading}", ""]
        for key in placed.get(position, []):
            out += [blocks[key], ""]
        note = _take_chunk(chunks, heading)
        if note:
            out += [note, ""]
    for heading, note in chunks:
        out += [f"## {heading}", "", note, ""]
    fields = {"title": title, "date": day, "author": author or rules.bot_name}
    return post(index, "minutes-post.md", head, out, fields)


def _minutes_title(meeting: Meeting, body: str) -> str:
    data = meeting.data
    if data.get("kind") == "face-to-face":
        number = f" {data['number']}" if data.get("number") else ""
        place = f" in {data['place']}" if data.get("place") else ""
        return f"Minutes of the F2F{number} Meeting{place}, {data['date']}"
    return f"{data['date']} Minutes of the {body or 'Working Group'}"


def _minutes_blocks(meeting: Meeting, index: Index) -> dict[str, str]:
    """Each structured part of the record as Markdown, by topic."""
    data = meeting.data
    blocks: dict[str, str] = {}
    statement = data.get("statement")
    if statement:
        what = f"the {index.rules.words.statement_in_text(statement['kind'])}"
        reader = statement.get("read_by")
        blocks["statement"] = (
            f"{reader} read {what}." if reader else f"{what[0].upper()}{what[1:]} was read."
        )
    approved = data.get("minutes_approved") or []
    if approved:
        plural = "meetings" if len(approved) > 1 else "meeting"
        blocks["minutes"] = f"The minutes of the {plural} of {join_names(approved)} were approved."
    membership = data.get("membership") or []
    if membership:
        blocks["membership"] = "\n".join(
            f"- {item['org']}" + (f": {item['decision']}" if item.get("decision") else "")
            for item in membership
        )
    updates = data.get("ballots") or []
    if updates:
        blocks["ballots"] = "\n".join(_ballot_update(update, index) for update in updates)
    actions = meeting.action_items
    if actions:
        blocks["action"] = "\n".join(
            f"- {item['owner']}: {item['text']}"
            + (f" (due {item['due']})" if item.get("due") else "")
            + (" (done)" if item.get("done") else "")
            for item in actions
        )
    if data.get("other_business"):
        blocks["aob"] = data["other_business"]
    if data.get("next_meeting"):
        blocks["next"] = f"Next call: {data['next_meeting']}."
    blocks["adjourn"] = "Meeting adjourned."
    attendees = meeting.attendees
    if attendees:
        blocks["attendance"] = ", ".join(
            person_text(index, a["name"], a.get("org")) for a in attendees
        )
    return blocks


def _ballot_update(update: dict[str, str], index: Index) -> str:
    if update.get("ballot"):
        ref = index.rules.ids.canonical(update["ballot"]) or update["ballot"]
    else:
        ref = f"Draft “{update.get('draft', '')}”"
    owner = f" ({update['owner']})" if update.get("owner") else ""
    note = f": {update['note']}" if update.get("note") else ""
    return f"- {ref}{owner}{note}"


def _place(sections: list[str], blocks: dict[str, str]) -> dict[int | None, list[str]]:
    """Which heading each structured part goes under: its own, else the nearest one before."""
    topics = [_heading_topic(heading) for heading in sections]
    placed: dict[int | None, list[str]] = {}
    where: int | None = None
    for key, _ in MINUTES_ORDER:
        own = topics.index(key) if key in topics else None
        if own is not None:
            where = own
        if key not in blocks or (key == "adjourn" and own is None):
            continue
        placed.setdefault(own if own is not None else where, []).append(key)
    return placed


def _heading_topic(heading: str) -> str | None:
    topic = topic_of(heading)
    if topic == "rollcall":
        return None
    if topic is None and re.search(r"\baction items?\b", heading, re.I):
        return "action"
    return topic


def _note_chunks(notes: str) -> tuple[str, list[tuple[str, str]]]:
    """Notes split at their '## heading' lines: text before the first, then (heading, text)."""
    preamble: list[str] = []
    chunks: list[tuple[str, list[str]]] = []
    for line in notes.split("\n") if notes else []:
        if line.startswith("## "):
            chunks.append((line[3:].strip(), []))
        elif chunks:
            chunks[-1][1].append(line)
        else:
            preamble.append(line)
    return "\n".join(preamble).strip(), [(h, "\n".join(body).strip()) for h, body in chunks]


def _take_chunk(chunks: list[tuple[str, str]], heading: str) -> str | None:
    for position, (name, text) in enumerate(chunks):
        if name == heading.strip():
            del chunks[position]
            return text
    return None
