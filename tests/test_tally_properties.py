"""The tally against a plain restatement of Bylaws 2.3(6) and 2.3(7), for any votes and meetings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from clerk.records import Ballot, Meeting, Roster, Rules
from clerk.tally import count_votes

ISSUERS = [f"Issuer {n}" for n in range(12)]
CONSUMERS = [f"Consumer {n}" for n in range(6)]


def rules(consumer_rule: str) -> Rules:
    consumer = {"rule": consumer_rule}
    if consumer_rule != "half-plus-one":
        consumer["fraction"] = "1/2"
    return Rules.from_data(
        {
            "body": "Example",
            "ballot_id": {"prefix": "SC", "digits": 3},
            "classes": {
                "certificate-issuer": {
                    "name": "Certificate Issuer",
                    "votes": True,
                    "threshold": {"rule": "at-least", "fraction": "2/3"},
                },
                "certificate-consumer": {
                    "name": "Certificate Consumer",
                    "votes": True,
                    "threshold": consumer,
                },
            },
            "endorsements": {"required": 2},
            "periods": {},
            "quorum": {"meetings": 3, "fraction": "1/2"},
        }
    )


ROSTER = Roster.from_data(
    {
        "organizations": [{"name": n, "class": "certificate-issuer"} for n in ISSUERS]
        + [{"name": n, "class": "certificate-consumer"} for n in CONSUMERS],
        "people": [],
    }
)

choice = st.sampled_from(["yes", "no", "abstain", None])


def voting_ballot(votes: list[dict[str, str]]) -> Ballot:
    """A ballot in voting from 2025-06-01, with these votes."""
    return Ballot(
        "ballots/SC001.yaml",
        {
            "id": "SC001",
            "title": "t",
            "status": "voting",
            "voting": {"start": "2025-06-01T00:00:00Z", "end": "2025-06-08T00:00:00Z"},
            "votes": votes,
        },
    )


@settings(max_examples=400, deadline=None)
@given(
    issuer_votes=st.lists(choice, min_size=len(ISSUERS), max_size=len(ISSUERS)),
    consumer_votes=st.lists(choice, min_size=len(CONSUMERS), max_size=len(CONSUMERS)),
    attendance=st.lists(st.sets(st.sampled_from(ISSUERS + CONSUMERS)), min_size=3, max_size=5),
    consumer_rule=st.sampled_from(["more-than", "half-plus-one"]),
)
def test_tally_matches_bylaws(issuer_votes, consumer_votes, attendance, consumer_rule) -> None:
    votes = [
        {"org": org, "vote": v}
        for org, v in zip(ISSUERS + CONSUMERS, issuer_votes + consumer_votes, strict=True)
        if v is not None
    ]
    ballot = voting_ballot(votes)
    meetings = [
        Meeting(
            f"meetings/2025/2025-05-{day:02d}.yaml",
            {
                "date": f"2025-05-{day:02d}",
                "kind": "teleconference",
                "attendees": [{"name": f"P{n}", "org": org} for n, org in enumerate(sorted(orgs))],
            },
        )
        for day, orgs in zip(range(1, 30, 6), attendance, strict=False)
    ]
    tally = count_votes(ballot, rules(consumer_rule), ROSTER, meetings)

    # Plain restatement. Bylaws 2.3(6): two-thirds or more of the Issuer votes cast in favour;
    # the Consumers' majority as configured; at least one yes in each class; abstentions are not
    # votes cast. 2.3(7): more than half of the active members participated (abstentions count),
    # active being the average number present at the previous three meetings. A meeting whose
    # attendance was not recorded (here: an empty set) leaves the quorum unknown, never zero,
    # and an unknown quorum passes nothing.
    iy, in_ = issuer_votes.count("yes"), issuer_votes.count("no")
    cy, cn = consumer_votes.count("yes"), consumer_votes.count("no")
    issuers_ok = iy + in_ > 0 and 3 * iy >= 2 * (iy + in_)
    if consumer_rule == "more-than":
        consumers_ok = cy + cn > 0 and 2 * cy > cy + cn
    else:
        consumers_ok = cy + cn > 0 and 2 * cy >= cy + cn + 2
    each_class_yes = iy >= 1 and cy >= 1
    participants = sum(v is not None for v in issuer_votes + consumer_votes)
    last_three = [len(orgs) for orgs in attendance][-3:]
    quorum_ok = None if 0 in last_three else 6 * participants > sum(last_three)

    assert tally.classes["certificate-issuer"].threshold_met == issuers_ok
    assert tally.classes["certificate-consumer"].threshold_met == consumers_ok
    assert tally.participants == participants
    assert tally.quorum_met == quorum_ok
    assert tally.passed == bool(issuers_ok and consumers_ok and each_class_yes and quorum_ok)
    if not tally.passed and quorum_ok:
        assert tally.still_needed()


def _meeting(day: str, orgs: list[str]) -> Meeting:
    return Meeting(
        f"meetings/2025/{day}.yaml",
        {
            "date": day,
            "kind": "teleconference",
            "attendees": [{"name": f"P{n}", "org": org} for n, org in enumerate(orgs)],
        },
    )


def test_quorum_counts_an_organization_only_at_meetings_after_it_became_a_voting_member() -> None:
    """Bylaws 2.3(7) counts Voting Member organizations, and a Probationary Member is not one
    (3.3): an organization accepted at the 2025-05-15 meeting took part in it, and in the earlier
    one, as what it was before; it counts from the next meeting on."""
    roster = Roster.from_data(
        {
            "organizations": [
                *({"name": n, "class": "certificate-issuer"} for n in ISSUERS[:3]),
                *(
                    {"name": n, "class": "certificate-issuer", "voting_since": "2025-05-15"}
                    for n in ("Newcomer A", "Newcomer B")
                ),
            ],
            "people": [],
        }
    )
    everyone = [*ISSUERS[:3], "Newcomer A", "Newcomer B"]
    meetings = [
        _meeting("2025-05-01", everyone),
        _meeting("2025-05-15", everyone),
        _meeting("2025-05-29", everyone),
    ]
    ballot = voting_ballot([])
    tally = count_votes(ballot, rules("more-than"), roster, meetings)
    assert tally.quorum.meetings == [("2025-05-01", 3), ("2025-05-15", 3), ("2025-05-29", 5)]
    assert tally.quorum.required == 2  # more than half of 11/3

    without_date = Roster.from_data(
        {"organizations": [{"name": n, "class": "certificate-issuer"} for n in everyone]}
    )
    tally = count_votes(ballot, rules("more-than"), without_date, meetings)
    assert tally.quorum.meetings == [("2025-05-01", 5), ("2025-05-15", 5), ("2025-05-29", 5)]
    assert tally.quorum.required == 3  # more than half of 5
