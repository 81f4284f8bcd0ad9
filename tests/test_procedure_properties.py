"""For any sequence of moves, by anyone, at any times (backwards included), no move the
procedure accepts leaves a record that `clerk validate` rejects, and none raises anything but
a refusal. The moves are the functions the commands call; validation is the schema plus every
cross-record check, as `clerk validate` runs them."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from clerk import procedure
from clerk.checks import run_checks
from clerk.findings import Severity
from clerk.records import Ballot
from clerk.repository import Index, load_index
from clerk.schema import load_schemas, schema_dir
from conftest import FIXTURE_REPO

PEOPLE = [
    "Alice Chair",
    "Bob Builder",
    "Carol Gamma",
    "Dan Delta",
    "Erin Epsilon",
    "Zoe Zeta",
    "Adam Acme",
    "Nobody Known",
]
ORGS = ["Acme CA", "Beta Trust", "Gamma PKI", "Delta Browser", "Epsilon Web", "Zeta Audit"]
# Weighted by repetition: votes and the clock come often, a withdrawal seldom.
MOVES = [
    *["endorse"] * 2,
    "start-discussion",
    "revise",
    *["start-voting"] * 2,
    *["vote"] * 4,
    "withdraw",
    *["advance"] * 3,
    *["review-notice"] * 2,
    *["exclusion-notice"] * 2,
    "pag-conclusion",
    "second-vote",
    *["next"] * 12,  # the move the ballot's status calls for, so that sequences get far
]
REPRESENTATIVE = {
    "Acme CA": "Alice Chair",
    "Beta Trust": "Bob Builder",
    "Gamma PKI": "Carol Gamma",
    "Delta Browser": "Dan Delta",
    "Epsilon Web": "Erin Epsilon",
    "Zeta Audit": "Zoe Zeta",
}
T0 = datetime(2025, 10, 15, 12, tzinfo=UTC)  # when the fixture's SC001 closed its vote

move = st.tuples(
    st.sampled_from(MOVES),
    st.sampled_from(PEOPLE),
    st.sampled_from(ORGS),
    st.sampled_from(["yes", "no", "abstain"]),
    # hours to move the clock: steps that matter to the periods (a day, a week, a month),
    # any step up to six weeks, and steps backwards
    st.one_of(
        st.sampled_from([1, 24, 24 * 7 + 1, 6, 24 * 3, 24 * 31, 24 * 91, 0]),
        st.integers(-72, 24 * 42),
    ),
    st.sampled_from([True, True, True, False]),  # the new ballot, or the fixture's SC001
    st.integers(0, 24 * 40),  # extra hours for a review's start and end, a stated quorum
    st.sampled_from([True, True, True, False]),  # the person the rules expect, or anyone
)


ENDORSERS = ["Bob Builder", "Dan Delta", "Carol Gamma", "Erin Epsilon"]


def _actor(kind: str, org: str, anyone: str, expected: bool, extra: int) -> str:
    """Mostly the person who may make the move (so that sequences get far), else anyone."""
    if not expected:
        return anyone
    if kind == "endorse":
        return ENDORSERS[extra % len(ENDORSERS)]
    if kind in ("vote", "exclusion-notice"):
        return REPRESENTATIVE[org]
    return "Alice Chair"  # the proposer of both ballots, and the chair


# How long after the last move the natural next one usually comes (hours), before jitter.
NATURAL_DELAY = {"start-voting": 24 * 7, "advance": 24 * 7, "review-notice": 24}


def _natural(ballot: Ballot, extra: int) -> str:
    """The move a ballot in this status usually sees next."""
    status = ballot.status
    if status == "draft":
        return "endorse" if len(ballot.endorsers) < 2 else "start-discussion"
    if status == "discussion":
        return "start-voting"
    if status == "voting":
        return "vote" if extra % 4 else "advance"
    if status == "passed":
        if not ballot.data.get("review"):
            return "review-notice"
        return "exclusion-notice" if extra % 3 == 0 else "advance"
    if status == "rescinded":
        return "second-vote" if ballot.data.get("pag") else "pag-conclusion"
    return "advance"


def _step(index: Index, ballot: Ballot, kind: str, who: str, org: str, value: str, now: datetime,
          extra: int) -> list[procedure.Change]:  # fmt: skip
    if kind == "endorse":
        return [procedure.endorse(index, ballot, who, now)]
    if kind == "start-discussion":
        return [procedure.start_discussion(index, ballot, now, who)]
    if kind == "revise":
        return [procedure.revise(index, ballot, now, notes="edit", by=who)]
    if kind == "start-voting":
        if extra % 3 == 0:
            return [procedure.start_voting(index, ballot, now, who, 1 + extra % 7, who, "stated")]
        return [procedure.start_voting(index, ballot, now, who)]
    if kind == "vote":
        return [procedure.cast_vote(index, ballot, org, value, who, now)]
    if kind == "withdraw":
        return [procedure.withdraw(index, ballot, now, who)]
    if kind == "advance":
        return procedure.due_changes(index, ballot, now)
    if kind == "review-notice":
        start = now + timedelta(hours=extra % 48) if extra % 2 else None
        end = start + timedelta(days=26 + extra % 8) if start else None
        return [procedure.review_notice(index, ballot, who, now, start, end)]
    if kind == "exclusion-notice":
        return [procedure.exclusion_notice(index, ballot, org, now, who)]
    if kind == "pag-conclusion":
        return [procedure.pag_conclusion(index, ballot, who, now, "concluded")]
    return [procedure.second_vote(index, ballot, who, now)]


def _errors(index: Index, schemas, ballot: Ballot) -> list[str]:
    found = schemas.validate("ballot", ballot.file, ballot.data)
    found += [f for f in run_checks(index) if f.file == ballot.file]
    return [f"{f.check}: {f.message}" for f in found if f.severity is Severity.ERROR]


@settings(
    max_examples=100,
    deadline=None,
    # No shrinking: a failure's message already names the move, the time and the record, and
    # shrinking these long sequences can take minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moves=st.lists(move, min_size=8, max_size=60), attendance_known=st.booleans())
def test_no_accepted_move_leaves_an_invalid_record(
    tmp_path_factory, moves, attendance_known: bool
) -> None:
    root = tmp_path_factory.mktemp("records") / "repo"
    shutil.copytree(FIXTURE_REPO, root)
    index = load_index(root)
    schemas = load_schemas(schema_dir(root))
    assert [f for f in run_checks(index) if f.severity is Severity.ERROR] == []
    if not attendance_known:  # the quorum cannot be computed: only a chair's statement opens a vote
        latest = max(index.meetings, key=lambda m: m.date)
        latest.data.pop("attendees")
    # The fixture's SC001 as the vote leaves it: passed, waiting for its Review Notice.
    sc001 = next(b for b in index.ballots if b.key == "SC001")
    waiting = {k: v for k, v in sc001.data.items() if k != "review"}
    index.ballots[index.ballots.index(sc001)] = Ballot(sc001.file, waiting)
    path, data = procedure.propose(index, "Example", "Alice Chair", T0)
    index.ballots.append(Ballot(path, data))
    now = T0
    for kind, anyone, org, value, hours, on_new, extra, expected in moves:
        key = index.ballots[-1].key if on_new else "SC001"
        ballot = next(b for b in index.ballots if b.key == key)
        if kind == "next":
            kind = _natural(ballot, extra)
            hours = NATURAL_DELAY.get(kind, 0) + abs(hours) % 24
            value = "yes" if extra % 5 else value
        now += timedelta(hours=hours)
        who = _actor(kind, org, anyone, expected, extra)
        try:
            changes = _step(index, ballot, kind, who, org, value, now, extra)
        except procedure.ProcedureError:
            continue
        for change in changes:
            if not change.changed:
                continue
            current = next(b for b in index.ballots if b.key == change.ballot.key)
            after = change.applied()
            index.ballots[index.ballots.index(current)] = after
            errors = _errors(index, schemas, after)
            assert errors == [], (kind, who, now, after.data, errors)
