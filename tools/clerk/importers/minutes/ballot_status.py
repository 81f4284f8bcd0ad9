"""The ballot status list: one update per item naming a ballot or a draft."""

from __future__ import annotations

import re
from typing import Any

from clerk.findings import Severity
from clerk.importers.forum import (
    Line,
    ballot_refs,
    finding,
    first_sentence,
    fold,
    heading_text,
    ordered,
    sentences,
    strip_marker,
    unemphasize,
)
from clerk.importers.minutes.base import (
    SPEAKER,
    STATUS_GROUP,
    MinutesBase,
    StatusUpdate,
    topic_of,
)
from clerk.importers.names import (
    NAME,
)


class BallotStatusPart(MinutesBase):
    """Ballot status items."""

    def _ballots(self) -> list[StatusUpdate]:
        """Ballot status updates: one per item naming a ballot or a draft."""
        lines = [
            line
            for line in self.lines
            if not line.blank and self.structure.topic.get(line.number) == "ballots"
        ]
        if not lines:
            return []
        sub_headings = {
            ln.number: heading_text(ln.text) or ""
            for ln in lines
            if ln.number in self.structure.headings
            and topic_of(heading_text(ln.text) or "") != "ballots"
        }
        lines = [
            ln
            for ln in lines
            if ln.number not in self.structure.headings or ln.number in sub_headings
        ]
        listed = [ln for ln in lines if strip_marker(ln.text)[1]]
        top = min((ln.indent for ln in listed), default=0)
        updates: list[StatusUpdate] = []
        group: tuple[str, int | None] | None = None
        current: StatusUpdate | None = None
        current_listed = False
        group_line: int | None = None
        flat = False  # the group came from a list item naming it, not a label or heading
        continued = 0
        for line in lines:
            text = unemphasize(strip_marker(line.text)[0])
            is_list = strip_marker(line.text)[1]
            if group and group[1] is not None and line.indent <= group[1]:
                group = None
            refs = ballot_refs(text, self.index)
            starts = bool(refs) and refs[0].start <= 1
            if is_list and not refs and _LISTED_GROUP.match(text.strip()):
                # "- Discussion Period" as an item of a flat list: the items after it are its,
                # but only those naming a ballot id (SC067, SCXX): in a flat list a plain item
                # may as well be a note of the one before
                group, group_line, current = (text.strip().rstrip(":"), None), None, None
                flat = True
                continue
            if (line.number in self.structure.labels or line.number in sub_headings) and not starts:
                label = (
                    (self.structure.labels.get(line.number) or sub_headings[line.number])
                    .rstrip(":")
                    .strip()
                )
                flat = False
                if STATUS_GROUP.match(label) and not re.search(r"\bnone\b|^no\b", label, re.I):
                    group = (label, line.indent if is_list else None)
                    group_line = None if line.number in sub_headings else line.number
                elif re.search(r"ballot", label, re.I):
                    group = (label, line.indent if is_list else None)
                    group_line = None
                current = None
                continue
            name = group[0] if group else None
            update = None
            owns_list = current is not None and not current_listed
            if starts or (
                is_list
                and line.indent <= top
                and not owns_list
                and (refs or (not flat and self._draft_name(text, name, line.number)))
            ):
                update = self._update(text, refs, name, line)
            if update is not None:
                if group and group_line is not None and "note" in update.data:
                    self.kept.discard(group_line)
                updates.append(update)
                current, continued, current_listed = update, 0, is_list
                continue
            if is_list and line.indent <= top and not owns_list:
                current = None
                continue
            if current is None:
                continue
            continued += 1
            if continued == 1:
                self._continue(current, text, line, name)
        return updates

    def _continue(self, update: StatusUpdate, text: str, line: Line, group: str | None) -> None:
        """The first line below an item: its speaker owns the update; it is the note if none."""
        data = dict(update.data)
        speaker = SPEAKER.match(text)
        if "owner" not in data and speaker:
            owner = self.who(speaker.group("name"), line.number, report=False, unknown=False)
            if owner:
                data["owner"] = owner
        if data.get("note", "") in ("", group):
            note = first_sentence(text)
            data["note"] = f"{group}: {note}" if group else note
            if note == text.strip():
                self.kept.discard(line.number)
        update.data = _ordered_update(data)

    def _update(
        self, text: str, refs: list[Any], group: str | None, line: Line
    ) -> StatusUpdate | None:
        data: dict[str, str] = {}
        ref = refs[0] if refs else None
        drafty = bool(group and re.search(r"draft|consideration|progress", group, re.I))
        if ref is not None and ref.canonical and ref.start > 1 and drafty:
            ref = None
        if ref is not None and ref.canonical:
            data["ballot"] = ref.canonical
            rest = text[ref.end :] if ref.start <= 1 else text
        else:
            name = self._draft_name(text, group, line.number)
            if not name:
                return None
            data["draft"] = self._draft_slug(name)
            rest = text[ref.end :] if ref is not None and ref.start <= 1 else text
        rest = re.sub(r"^[\s:–—.-]+", "", rest).strip()
        status = group_status(group)
        if status:
            data["status"] = status
        owner = self._owner(text, line.number)
        if owner:
            data["owner"] = owner
        note = first_sentence(rest) if rest else ""
        if group:
            note = f"{group}: {note}" if note else group
        if note:
            data["note"] = note
        if not rest or rest == first_sentence(rest):
            self.kept.discard(line.number)
        return StatusUpdate(_ordered_update(data), line.number)

    def _owner(self, text: str, line: int) -> str | None:
        """Who the item names as its owner: the one person in its parentheses, else the one
        who speaks first; several people in parentheses name no single owner."""
        named: list[str] = []
        for match in re.finditer(r"\(([^()]+)\)", text):
            inner = match.group(1).strip()
            if re.fullmatch(rf"{NAME}", inner) and not re.search(
                r"\d|\b(?:ended|ends|now|under|IPR|PR)\b", inner
            ):
                who = self.who(inner, line, report=False, unknown=False)
                if who and who not in named:
                    named.append(who)
        if len(named) > 1:
            return None
        if named:
            return named[0]
        pending = _PENDING_FROM.match(text)
        if pending:
            return self.who(pending.group("who"), line, report=False, unknown=False)
        speaker = SPEAKER.match(text)
        if speaker:
            return self.who(speaker.group("name"), line, report=False, unknown=False)
        refs = ballot_refs(text, self.index)
        if refs and refs[0].start <= 1:
            after = re.sub(r"^[\s:–—.-]+", "", text[refs[0].end :])
            for sentence in sentences(after)[:2]:
                speaker = SPEAKER.match(sentence)
                if speaker and not re.match(r"(?:The|This|It|Ballot)\b", speaker.group("name")):
                    found = self.who(speaker.group("name"), line, report=False, unknown=False)
                    if found:
                        return found
        return None

    def _draft_name(self, text: str, group: str | None, line: int | None = None) -> str | None:
        """The draft an item names; a name that is a section word, a link or a pull request is
        no draft: a finding (once per line), and the line stays in the notes."""
        name = self._draft_candidate(text, group)
        if name is not None and not re.search(r"\w", name):
            name = ""  # list markers left over ("* - - text"): no name at all
        if name is None or (name and not _NOT_A_DRAFT.search(name.strip(" .:*"))):
            return name
        if line is not None and line not in self._refused_drafts:
            self._refused_drafts.add(line)
            self.findings.append(
                finding(
                    self.source,
                    line,
                    "import-status-unreadable",
                    f'"{_short(text)}" in the ballot status list names no ballot or draft; '
                    "it is kept in the notes, not recorded as a draft ballot.",
                    Severity.NOTICE,
                )
            )
        return None

    def _draft_candidate(self, text: str, group: str | None) -> str | None:
        pending = _PENDING_FROM.match(text)
        if pending:
            return first_sentence(pending.group("draft")).strip(" .")
        refs = ballot_refs(text, self.index)
        drafty = bool(group and re.search(r"draft|consideration|progress", group, re.I))
        if refs and refs[0].canonical and refs[0].start > 1 and drafty:
            refs = []
        if refs and refs[0].canonical is None and refs[0].start <= 1:
            rest = re.sub(r"^[\s:–—.-]+", "", text[refs[0].end :])
            inner = re.match(r"^\(([^()]+)\)", rest)
            if inner:
                return inner.group(1).strip()
            name = re.split(r"\s+\(|:\s|\s[-–—]\s|\.\s", rest)[0].strip(" .:")
            return name or None
        if refs and refs[0].canonical:
            return None
        text = first_sentence(text, 1000)
        quoted = re.search(
            r"[\"“]([^\"”]{3,80})[\"”]\s+ballot\b|\bballot\s+[\"“]([^\"”]{3,80})[\"”]", text
        )
        if quoted:
            return (quoted.group(1) or quoted.group(2)).strip()
        named = re.search(
            r"\b(?:the|an?)\s+((?:(?!(?:the|a|an|of)\b)[\w/.-]+\s+){0,4}?(?!(?:the|a|an|of)\b)[\w/.-]+)"
            r"\s+ballot\b(?!s)",
            text,
            re.I,
        )
        if named and named.group(1).lower() not in (
            "new",
            "next",
            "this",
            "that",
            "same",
            "current",
            "draft",
        ):
            return named.group(1)
        purpose = re.search(
            r"\ba ballot\b[^.]*?\bto\s+((?:[\w-]+\s+){1,8}?[\w-]+)(?=,|\.|\s+as\b|\s+and\b|$)", text
        )
        if purpose:
            return purpose.group(1)
        if group and re.search(r"draft|consideration|progress", group, re.I):
            name = re.split(r"\s+\(|:\s|\s[-–—]\s|\s:\s", text)[0].strip(" .:")
            if 0 < len(name.split()) <= 12:
                return name
        titled = re.match(r"^([^:]{3,60}):\s+\S", text)
        if titled and not SPEAKER.match(text):
            words = titled.group(1).split()
            capitalized = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
            if len(words) <= 6 and capitalized >= 0.6 * len(words):
                return titled.group(1).strip()
        return None

    def _draft_slug(self, name: str) -> str:
        """The slug of the draft record the name points to, else the name itself."""
        wanted = _stems(name)
        if not wanted:
            return name
        scored: list[tuple[float, str]] = []
        for ballot in self.index.ballots:
            if ballot.id or not ballot.slug:
                continue
            have = _stems(f"{ballot.slug.replace('-', ' ')} {ballot.title}")
            scored.append((len(wanted & have) / len(wanted), ballot.slug))
        scored.sort(reverse=True)
        if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1]
        return name


# "Pending from Ann Example: Use of X for Y": a draft and who it waits for
_PENDING_FROM = re.compile(
    rf"^(?:pending|proposed|waiting|submitted|coming)\s+(?:from|by)\s+(?P<who>{NAME})\s*:\s*"
    r"(?P<draft>\S.*)$",
    re.I,
)
_NOT_A_DRAFT = re.compile(
    r"^(?:https?://\S+|www\.\S+|(?:PR|pull request)\s*#?\s*\d+|#\d+"
    r"|face[\s-]to[\s-]face(?:\s+meeting)?|f2f(?:\s+meeting)?|none|n/?a|tbd|other|updates?"
    r"|ballots?(?:\s+(?:in|under|for)\s+[\w\s/]+)?|(?:in\s+)?(?:voting|discussion|review)"
    r"(?:\s+period)?|pending(?:\s+from\s+.*)?|recently\s+\w+|status)$"
    r"|https?://|github\.com/",
    re.I,
)


# A list item that is only a group's name ("- Voting Period", "- Draft / Under Consideration").
_LISTED_GROUP = re.compile(
    r"^(?:passed|failed|(?:in\s+)?(?:voting|discussion|review)\s+period|(?:under\s+)?ipr\s+review"
    r"|draft\s*/\s*under\s+considerations?):?$",
    re.I,
)

# The group a status list puts an item under, in Clerk's status words (first match wins): a
# ballot in its IPR review has passed its vote; one that cleared it is final.
_GROUP_STATUS = (
    (re.compile(r"cleared|published|new\s+guidelines?|adopted|effective", re.I), "final"),
    (re.compile(r"\bipr\b|review", re.I), "passed"),
    (re.compile(r"voting", re.I), "voting"),
    (re.compile(r"discussion", re.I), "discussion"),
    (re.compile(r"draft|consideration|progress", re.I), "draft"),
    (re.compile(r"\bpassed\b", re.I), "passed"),
    (re.compile(r"\bfailed\b", re.I), "failed"),
)


def group_status(group: str | None) -> str | None:
    """The ballot status a status-list group names ("In Voting Period": voting), if any."""
    for pattern, status in _GROUP_STATUS:
        if group and pattern.search(group):
            return status
    return None


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_STOP = {"the", "a", "an", "of", "for", "in", "on", "to", "and", "or", "ballot", "use", "with"}


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return {w[:5] for w in words if w not in _STOP}


def _ordered_update(data: dict[str, str]) -> dict[str, str]:
    return ordered(data, ("ballot", "draft", "status", "owner", "note"))
