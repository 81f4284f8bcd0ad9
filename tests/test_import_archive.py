"""The 2024-2025 SCWG archive in this repository against the Forum's posts (skips without corpus).

Every post imports; each minutes post's attendance, counted here by the test's own independent
reader (test_import_minutes.recount), equals the repository's record; each result post's votes
equal the record's; and each ballot's quorum, as Clerk computes it from the recorded meetings, is
set against the figure the post published, with the reason for every difference.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clerk.findings import ClerkError
from clerk.importers import import_post
from clerk.importers.forum import read_post
from clerk.repository import Index, load_index
from clerk.tally import count_votes
from conftest import PROJECT
from test_corpus_records import listed_votes, resolve
from test_import_minutes import _norm, recount

# Posts whose record's attendees differ from the independent count, and why. Empty: none do.
ATTENDANCE_EXCEPTIONS: dict[str, str] = {}

_MISSING_2024_08_15 = (
    "a missing meeting: the corpus has no minutes of the 2024-08-15 teleconference, so "
    "Clerk's three meetings (2024-08-01, 08-29, 09-12) are not the Forum's"
)
_F2F_63 = (
    "a meeting without attendance: the F2F 63 post (2024-10-09) gives its list as '...', so "
    "Clerk has no figure of its own and uses the one stored with the result (the post's)"
)
_ONE_ORG = (
    "one organization apart: an attendee the post lists under another organization (or under "
    "none) would explain it; the records cannot tell which"
)


def _below(low: int, counts: str) -> str:
    return (
        f"an error in the post: its figure means an active membership of about {low}, below the "
        f"voting members at each of the three recorded meetings ({counts})"
    )


# ballot: (Clerk's quorum, the published quorum, why they differ; None when they agree)
QUORUM: dict[str, tuple[int, int, str | None]] = {
    "SC065": (15, 16, _ONE_ORG),
    "SC067": (15, 14, _ONE_ORG),
    "SC068": (14, 11, _below(21, "26, 27, 30")),
    "SC069": (15, 16, _ONE_ORG),
    "SC070": (
        11,
        11,
        "an error in the post: its voting dates (2024-01-12 to 01-19) come before its discussion "
        "period, and only two meetings are recorded before them; Clerk uses the stored figure, "
        "it does not reproduce it",
    ),
    "SC072": (15, 15, None),
    "SC073": (15, 14, _ONE_ORG),
    "SC075": (16, 13, _below(25, "29, 32, 29")),
    "SC076": (15, 13, _MISSING_2024_08_15),
    "SC077": (14, 14, None),
    "SC078": (15, 13, _MISSING_2024_08_15),
    "SC079": (15, 14, _MISSING_2024_08_15),
    "SC080": (14, 14, _F2F_63),
    "SC081": (17, 16, _ONE_ORG),
    "SC082": (16, 16, _F2F_63),
    "SC083": (
        15,
        11,
        "missing meetings: the corpus has no minutes of the 2024-11-07 and 2024-11-21 "
        "teleconferences (the 2024-12-05 minutes approve those of 2024-11-21)",
    ),
    "SC084": (15, 11, _below(21, "32, 26, 30") + "; it repeats SC083's figure"),
    "SC085": (16, 11, _below(21, "34, 29, 32")),
    "SC086": (16, 16, None),
    "SC088": (16, 16, None),
    "SC089": (
        17,
        10,
        "missing meetings: no minutes between the F2F 65 (2025-06-11) and the vote "
        "(2025-07-15) are in the corpus; and the figure means an active membership of about "
        "19, below every recorded meeting of 2025",
    ),
    "SC090": (16, 16, None),
    "SC091": (16, 16, None),
    "SC092": (16, 16, None),
}


@pytest.fixture(scope="module")
def index() -> Index:
    return load_index(PROJECT)


def _posts(corpus: Path, kind: str) -> list[Path]:
    return sorted((corpus / kind).glob("*.md"))


def test_the_whole_corpus_imports_with_no_failed_post(corpus: Path, index: Index) -> None:
    failed: list[str] = []
    posts = _posts(corpus, "minutes") + _posts(corpus, "ballots")
    for post in posts:
        try:
            import_post(post.read_text(encoding="utf-8"), post.name, index)
        except ClerkError as exc:
            failed.append(f"{post.name}: {exc.message}")
    assert failed == []
    assert len(posts) == 72


def _record_for(post: Path, index: Index, kind: str):
    result = import_post(post.read_text(encoding="utf-8"), post.name, index, kind)
    path = PROJECT / result.path
    assert path.is_file(), f"{post.name}: the archive has no {result.path}"
    if kind == "ballot":
        return index.ballot(result.record["id"])
    return next(m for m in index.meetings if m.data.get("date") == result.record["date"])


def test_each_meeting_record_has_the_posts_attendees(corpus: Path, index: Index) -> None:
    exact = 0
    differ: dict[str, str] = {}
    posts = _posts(corpus, "minutes")
    for post in posts:
        meeting = _record_for(post, index, "minutes")
        counted = sorted(set(recount(post.read_text(encoding="utf-8"), index)))
        recorded = sorted({_norm(a["name"]) for a in meeting.attendees})
        if counted == recorded:
            exact += 1
        else:
            missing = sorted(set(counted) - set(recorded))[:3]
            extra = sorted(set(recorded) - set(counted))[:3]
            differ[post.name] = f"missing {missing}, extra {extra}"
    print(f"\nexact attendee lists {exact}/{len(posts)}")
    assert set(differ) == set(ATTENDANCE_EXCEPTIONS), differ
    assert len(posts) == 46


def test_each_ballot_record_has_the_posts_votes(corpus: Path, index: Index) -> None:
    matched = listing = 0
    for post in _posts(corpus, "ballots"):
        text = post.read_text(encoding="utf-8")
        ballot = _record_for(post, index, "ballot")
        expected = {
            resolve(index, name).name: vote
            for votes in listed_votes(text).values()
            for name, vote in votes.items()
        }
        if not expected:
            continue
        listing += 1
        recorded = {index.roster.org(v.org).name: v.vote for v in ballot.votes}
        matched += recorded == expected
    print(f"\nvotes {matched}/{listing}")
    assert matched == listing == 26


def test_quorum_from_attendance_against_the_published_figure(corpus: Path, index: Index) -> None:
    rows: list[str] = []
    reproduced = 0
    posts = _posts(corpus, "ballots")
    for post in posts:
        title = read_post(post.read_text(encoding="utf-8"), post.name)[0].title
        ballot = index.ballot(index.rules.ids.find_all(title)[0])
        tally = count_votes(ballot, index.rules, index.roster, index.meeting_log)
        published = (ballot.data.get("published") or {}).get("quorum")
        clerk_figure, post_figure, reason = QUORUM[ballot.id]
        assert (tally.quorum.required, published) == (clerk_figure, post_figure), ballot.id
        computed = len(tally.quorum.meetings) == 3 and not tally.quorum.reason
        if computed and clerk_figure == post_figure:
            assert reason is None, ballot.id
            reproduced += 1
        else:
            assert reason, f"{ballot.id}: a difference needs its reason"
        rows.append(f"{post.name}: {ballot.id} clerk {clerk_figure} published {post_figure}")
    print("\n" + "\n".join(rows) + f"\nquorum reproduced {reproduced}/{len(posts)}")
    assert reproduced == 7 and len(posts) == 26
