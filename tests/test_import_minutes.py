"""Importing Forum minutes posts: fictional fixtures, the seed and every post of the corpus."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from clerk.findings import ClerkError
from clerk.importers import import_minutes
from clerk.repository import Index, load_index
from clerk.schema import load_schemas
from conftest import PROJECT, assert_schema_order

POSTS = Path(__file__).parent / "fixtures" / "posts"
FIXTURE_MINUTES = POSTS / "2025-11-14-minutes-of-the-example-working-group.md"
SEED = PROJECT.parent / "shared" / "seeds" / "000_fa898cb4e7415015.txt"
SCHEMAS = load_schemas(PROJECT / "schemas")


def import_fixture(records: Path) -> tuple[Any, Index]:
    index = load_index(records)
    text = FIXTURE_MINUTES.read_text(encoding="utf-8")
    return import_minutes(text, "posts/" + FIXTURE_MINUTES.name, index), index


# --- fictional fixtures -----------------------------------------------------------------------


def test_fixture_minutes_become_a_meeting_record(records: Path) -> None:
    result, _ = import_fixture(records)
    record = result.record
    assert result.path == "meetings/2025/2025-10-30.yaml"
    assert record["date"] == "2025-10-30"  # the meeting, not the publication date
    assert record["kind"] == "teleconference"
    assert record["statement"] == {"kind": "note-well", "read_by": "Alice Chair"}
    assert record["minutes_approved"] == ["2025-10-16"]
    assert record["other_business"] == "None."
    assert record["next_meeting"] == "2025-11-13"
    assert record["ballots"] == [
        {
            "ballot": "SC001",
            "status": "voting",
            "owner": "Alice Chair",
            "note": "In Voting Period: Clarify an example requirement (Alice)",
        },
        {
            "draft": "cleanup",
            "status": "draft",
            "owner": "Carol Gamma",
            "note": "Draft / Under Consideration: Yearly clean-up (Carol) – collecting fixes.",
        },
        {
            "ballot": "SC002",
            "status": "draft",
            "owner": "Bob Builder",
            "note": "Draft / Under Consideration: Example redline clean-up (Bob).",
        },
    ]
    assert record["sections"] == [
        "1. Reading of Note-well",
        "2. Minutes approval",
        "3. Ballot Status",
        "4. Any other business",
        "5. Next call: November 13, 2025",
        "Attendees",
    ]


def test_attendees_use_roster_names_and_resolve_aliases(records: Path) -> None:
    result, _ = import_fixture(records)
    assert result.record["attendees"] == [
        {"name": "Alice Chair", "org": "Acme CA"},
        {"name": "Bob Builder", "org": "Beta Trust"},
        {"name": "Erin Epsilon", "org": "Epsilon Web"},  # "Epsilon Web (Browsers)"
        {"name": "Adam Acme", "org": "Acme CA"},  # alias "Acme Certificate Authority"
        {"name": "Yuri Unknown", "org": "Omega Corp"},
        {"name": "Zoe Zeta", "org": "Zeta Audit"},
    ]


def test_unknown_people_and_orgs_are_findings_at_their_line(records: Path) -> None:
    result, _ = import_fixture(records)
    lines = FIXTURE_MINUTES.read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if "Yuri Unknown" in text)
    found = {(f.check, f.line, f.file) for f in result.findings}
    source = "posts/" + FIXTURE_MINUTES.name
    assert found == {
        ("import-unknown-person", line, source),
        ("import-unknown-org", line, source),
        ("import-date", 1, source),  # published two weeks after the meeting: a notice
    }
    person = next(f for f in result.findings if f.check == "import-unknown-person")
    assert '"Yuri Unknown"' in person.message


def test_unstructured_text_is_kept_verbatim_in_notes(records: Path) -> None:
    result, _ = import_fixture(records)
    notes = result.record["notes"]
    assert "Carol asked everyone to review the clean-up draft before the next call." in notes
    assert "- The face-to-face minutes have not been distributed yet." in notes
    # the ballot item's note keeps only its first sentence, so the whole item stays in notes
    assert "- SC 002: Example redline clean-up (Bob). Endorsers found." in notes
    assert "## 3. Ballot Status" in notes


def test_record_validates_with_keys_in_schema_order(records: Path) -> None:
    result, _ = import_fixture(records)
    assert SCHEMAS.validate("meeting", result.path, result.record) == []
    schema = SCHEMAS.schemas["meeting"]
    assert_schema_order(result.record, schema, schema)


def test_post_without_front_matter_takes_the_date_from_its_file_name(records: Path) -> None:
    body = FIXTURE_MINUTES.read_text(encoding="utf-8").split("---\n", 2)[2]
    result = import_minutes(body, "posts/2025-10-30-minutes.md", load_index(records))
    assert result.record["date"] == "2025-10-30"
    assert "title" not in result.record
    checks = {f.check for f in result.findings}
    assert {"import-front-matter", "import-date"} <= checks


def test_post_without_any_date_is_an_error_not_a_traceback(records: Path) -> None:
    with pytest.raises(ClerkError) as raised:
        import_minutes("Just some text.\n", "notes.md", load_index(records))
    assert "notes.md" in raised.value.message


def test_missing_parenthesis_splits_two_attendees(records: Path) -> None:
    text = (
        "---\ntitle: 2025-10-30 Minutes\n---\n\n## Attendance\n\n"
        "Alice Chair (Acme CA, Bob Builder (Beta Trust), Carol Gamma - (Gamma PKIDan Delta - "
        "(Delta Browser)\n"
    )
    result = import_minutes(text, "x.md", load_index(records))
    assert result.record["attendees"] == [
        {"name": "Alice Chair", "org": "Acme CA"},
        {"name": "Bob Builder", "org": "Beta Trust"},
        {"name": "Carol Gamma", "org": "Gamma PKI"},
        {"name": "Dan Delta", "org": "Delta Browser"},
    ]
    assert [f.check for f in result.findings].count("import-attendee-repaired") == 4


# --- the seed and the corpus ------------------------------------------------------------------


@pytest.fixture(scope="module")
def project_index() -> Index:
    return load_index(PROJECT)


def corpus_posts(corpus: Path) -> list[Path]:
    return sorted((corpus / "minutes").glob("*.md"))


def test_seed_minutes(project_index: Index) -> None:
    if not SEED.is_file():
        pytest.skip("the seed minutes are not present")
    result = import_minutes(SEED.read_text(encoding="utf-8"), "seed.txt", project_index)
    record = result.record
    assert record["date"] == "2025-11-20"
    assert record["statement"]["kind"] == "note-well"
    assert record["minutes_approved"] == ["2025-11-06"]
    assert record["ballots"][0].get("ballot") == "SC087"
    assert len(record["ballots"]) == 6
    assert record["ballots"][0]["owner"] == "Corey Bonnell"
    assert len(record["attendees"]) == 54
    assert record["attendees"][-2]["org"] == "Asseco Data Systems SA (Certum)"
    assert "it is possible to have multiple ballots running at the same time" in record["notes"]


def test_every_corpus_post_imports_and_validates(corpus: Path, project_index: Index) -> None:
    counts = {"clean": 0, "with findings": 0}
    for post in corpus_posts(corpus):
        text = post.read_text(encoding="utf-8")
        source = f"minutes/{post.name}"
        result = import_minutes(text, source, project_index)
        assert SCHEMAS.validate("meeting", result.path, result.record) == [], post.name
        day = result.record["date"]
        assert result.path == f"meetings/{day[:4]}/{day}.yaml"
        total = len(text.replace("\r\n", "\n").split("\n"))
        for finding in result.findings:
            assert finding.file == source and 1 <= finding.line <= total, finding
        counts["clean" if not result.findings else "with findings"] += 1
    assert sum(counts.values()) == len(corpus_posts(corpus)) > 40
    print(f"\nminutes posts: {counts}")


def test_corpus_meeting_dates_and_kinds(corpus: Path, project_index: Index) -> None:
    def record(name: str) -> dict[str, Any]:
        text = (corpus / "minutes" / name).read_text(encoding="utf-8")
        return import_minutes(text, name, project_index).record

    late = record("2024-01-18-minutes-of-the-2023-12-07-server-certificate-working-group.md")
    assert late["date"] == "2023-12-07"
    bergamo = record("2024-05-29-Minutes of the F2F 62 meeting in Bergamo-SCWG.md")
    assert (bergamo["kind"], bergamo["number"], bergamo["place"]) == ("face-to-face", 62, "Bergamo")
    unheaded = record("2024-01-04-minutes-of-the-server-certificate-WG.md")
    assert unheaded["date"] == "2024-01-04" and len(unheaded["attendees"]) == 48
    assert unheaded["sections"][0] == "Roll Call"


def test_corpus_post_contradicting_itself_is_reported(corpus: Path, project_index: Index) -> None:
    name = "2025-06-f2f65-toronto-scwg.md"
    text = (corpus / "minutes" / name).read_text(encoding="utf-8")
    result = import_minutes(text, name, project_index)
    assert result.record["number"] == 65
    messages = [f.message for f in result.findings if f.check == "import-inconsistent"]
    assert any('"F2F 65"' in m and '"F2F 64"' in m for m in messages)
    name = "2025-10-f2f66-warsaw-scwg.md"
    text = (corpus / "minutes" / name).read_text(encoding="utf-8")
    result = import_minutes(text, name, project_index)
    assert result.record["date"] == "2025-10-16"
    found = [f for f in result.findings if f.check == "import-inconsistent"]
    assert [(f.line, "October 16, 2024" in f.message) for f in found] == [(14, True)]


def test_notes_hold_every_unstructured_line(corpus: Path, project_index: Index) -> None:
    """Nothing is dropped: each body line is in the notes, a heading, or in structured fields."""
    dropped: list[str] = []
    for post in corpus_posts(corpus):
        text = post.read_text(encoding="utf-8").replace("\r\n", "\n")
        record = import_minutes(text, post.name, project_index).record
        notes = record.get("notes", "")
        structured = _words(
            json.dumps({k: v for k, v in record.items() if k != "notes"}, ensure_ascii=False)
            + " ".join(_aliases(record, project_index))
        )
        body = text.split("\n---\n", 1)[1] if text.startswith("---") else text
        for line in body.split("\n"):
            if not line.strip() or line.strip() in ("---", "...") or line.rstrip() in notes:
                continue
            words = _words(line)
            if not words:
                continue
            found = sum(1 for w in words if w in structured) / len(words)
            if found < 0.5:
                dropped.append(f"{post.name}: {line!r}")
    assert dropped == []


def _aliases(record: dict[str, Any], index: Index) -> list[str]:
    """Every spelling the roster knows for the record's attendees and their organizations."""
    out: list[str] = []
    for attendee in record.get("attendees", []):
        person = index.roster.person(attendee["name"])
        org = index.roster.org(attendee.get("org"))
        out += [*(person.aliases if person else ()), *(org.aliases if org else ())]
    return out


def _words(text: str) -> set[str]:
    """Significant words and dates (as ISO dates) of a text, accents and case folded."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    out = {w for w in re.findall(r"[a-z][a-z'-]{3,}", folded)}
    months = "january february march april may june july august september october november december"
    for number, month in enumerate(months.split(), 1):
        if month in out:
            out.discard(month)
            out |= {f"-{number:02d}-"}
    out -= {"with", "that", "this", "were", "have", "from", "meeting", "minutes", "approved"}
    out -= {"minute", "teleconference"}
    iso = re.findall(r"\d{4}-(\d{2})-\d{2}", folded)
    out |= {f"-{m}-" for m in iso}
    return out


# --- an independent count of the attendance lists -----------------------------------------------

_ATTENDANCE = re.compile(
    r"^\s*(?:#{1,6}\s*|\*\*)?\s*(?:\d+\.\s*)?(attendance|attendees|roll call)\b", re.I
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+\.)\s+")
_SUFFIXES = {"inc", "inc.", "ltd", "ltd.", "llc", "gmbh", "ag", "as"}


def recount(text: str, index: Index) -> list[str]:
    """Attendee names by a different method: paragraphs, placeholder-substituted groups, commas."""
    lines = text.replace("\r\n", "\n").split("\n")
    names: list[str] = []
    for number, line in enumerate(lines):
        match = _ATTENDANCE.match(line)
        if not match:
            continue
        block: list[str] = []
        for following in lines[number + 1 :]:
            stripped = following.strip()
            if stripped.startswith("#") or re.fullmatch(r"(?:\d+\.\s*)?\*\*[^*]+\*\*", stripped):
                break
            block.append(following)
        found = _block_names(block)
        if match.group(1).lower() == "roll call" and sum("(" in n[1] for n in found) < 3:
            continue
        names += [_canonical(name, org, index) for name, org in found]
    return names


def _block_names(block: list[str]) -> list[tuple[str, str]]:
    paragraphs: list[list[str]] = [[]]
    for line in block:
        if re.fullmatch(r"[^,]{1,40}:", line.strip()):
            continue
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    text_runs: list[str] = []
    bullets: list[str] = []
    started = False
    for paragraph in [p for p in paragraphs if p]:
        joined = " ".join(p.strip() for p in paragraph)
        if re.fullmatch(r"[^,]{1,40}:", joined):
            continue
        listy = (
            bool(_BULLET.match(paragraph[0])) or joined.count("(") >= 2 or joined.count(",") >= 2
        )
        continues = started and (
            (text_runs and not text_runs[-1].rstrip().endswith((".", ")", "]")))
            or joined.startswith("(")
        )
        if not (listy or continues):
            if started:
                break
            continue
        started = True
        if _BULLET.match(paragraph[0]):
            bullets += [_BULLET.sub("", p).strip() for p in paragraph if _BULLET.match(p)]
        elif continues and text_runs:
            text_runs[-1] += " " + joined
        else:
            text_runs.append(joined)
    pairs: list[tuple[str, str]] = []
    for bullet in bullets:
        pairs += _pieces([bullet.replace("**", "")])
    for run in text_runs:
        hidden, groups = _hide_groups(run)
        restored = [
            re.sub(r"\x00(\d+)\x00", lambda m, g=groups: _unhide(m, g), p)
            for p in hidden.split(",")
        ]
        pairs += _pieces(restored)
    return pairs


def _hide_groups(text: str) -> tuple[str, list[str]]:
    """Balanced (...) and [...] groups, innermost first, replaced by numbered placeholders."""
    groups: list[str] = []

    def hide(found: re.Match[str]) -> str:
        groups.append(found.group(0))
        return f"\x00{len(groups) - 1}\x00"

    while True:
        replaced = re.sub(r"[(\[][^()\[\]]*[)\]]", hide, text)
        if replaced == text:
            return text, groups
        text = replaced


def _unhide(found: re.Match[str], groups: list[str]) -> str:
    text = groups[int(found.group(1))]
    while re.search(r"\x00(\d+)\x00", text):
        text = re.sub(r"\x00(\d+)\x00", lambda m: groups[int(m.group(1))], text)
    return text


def _pieces(pieces: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for raw in pieces:
        piece = raw.strip().rstrip(".").strip()
        if not piece or (piece.lower() in _SUFFIXES and out):
            continue
        opened = piece.count("(") + piece.count("[")
        closed = piece.count(")") + piece.count("]")
        if opened > closed:  # a closing parenthesis is missing: two people run together
            head, _, tail = piece.partition("(")
            glued = re.match(r"^([A-Za-z ]+?)([A-Z][a-z]+\s.*)$", tail.strip())
            out.append((head.strip(" -–"), glued.group(1) if glued else tail))
            if glued:
                rest = glued.group(2)
                cut = _outer_open(rest)
                out.append((rest[:cut].strip(" -–"), rest[cut:]))
            continue
        if piece.endswith((")", "]")):
            cut = _outer_open(piece)
            out.append((piece[:cut].strip(" -–:"), piece[cut:]))
            continue
        out.append(_split_plain(piece))
    return out


def _outer_open(text: str) -> int:
    depth = 0
    for position in range(len(text) - 1, -1, -1):
        depth += {")": 1, "]": 1, "(": -1, "[": -1}.get(text[position], 0)
        if depth == 0:
            return position
    return 0


def _split_plain(piece: str) -> tuple[str, str]:
    parts = re.split(r"\s+[-–—]\s+|:\s+|\s+\|\s+|/\s+", piece, maxsplit=1)
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (piece, "")


def _canonical(name: str, org: str, index: Index) -> str:
    roster = index.roster
    person = (
        roster.person(name)
        or roster.person(name.replace(".", " "))
        or roster.person(name.replace("-", " "))
    )
    if person is None and not org:
        words = name.split()
        for cut in range(1, len(words)):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            if roster.org(tail) and (cut > 1 or roster.person(head)):
                person = roster.person(head)
                name = head
                break
        if "-" in name and person is None:
            head, _, tail = name.rpartition("-")
            if roster.org(tail):
                person, name = roster.person(head), head
    return _norm(person.name if person else name)


def _norm(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(folded.replace(".", " ").replace("-", " ").casefold().split())


def test_attendees_match_an_independent_count(corpus: Path, project_index: Index) -> None:
    checked = 0
    for post in corpus_posts(corpus) + ([SEED] if SEED.is_file() else []):
        text = post.read_text(encoding="utf-8")
        imported = [
            _norm(a["name"])
            for a in import_minutes(text, post.name, project_index).record.get("attendees", [])
        ]
        expected: list[str] = []
        for name in recount(text, project_index):
            if name not in expected:
                expected.append(name)
        assert imported == expected, post.name
        checked += len(imported)
    assert checked > 2000
