"""The result post of a ballot, computed from its recorded votes under the rules."""

from __future__ import annotations

from datetime import datetime

from clerk.procedure import earlier_rounds
from clerk.records import Ballot, parse_time
from clerk.render.common import front_matter, join_names, person_text, post, time_text
from clerk.repository import Index
from clerk.tally import Tally, count_votes, org_classes
from clerk.views import threshold_text
from clerk.words import Words, voter_noun, voting_members


def render_ballot(ballot: Ballot, index: Index) -> str:
    """The result post of a ballot, computed from its recorded votes under the rules."""
    rules = index.rules
    roster = index.roster
    tally = count_votes(ballot, rules, roster, index.meeting_log)
    classes_of = org_classes(ballot, rules, roster)
    label = ballot.label
    start, end = ballot.period("voting")
    author = rules.chairs[0] if rules.chairs else rules.bot_name
    day = (end or start or ballot.period("discussion")[0] or datetime.now()).date().isoformat()
    title = f"Ballot {label}: {ballot.title}"
    settings = rules.words.front_matter
    head = front_matter(
        settings, author, day if (end or start) else None, [*settings.ballot_tags], title
    )
    out = ["## Voting Results", "", _outcome_sentence(ballot, tally, end, rules.words), ""]
    latest = _latest_votes(ballot, index)
    for class_id, cls in tally.classes.items():
        listed = {
            value: [
                org
                for org, vote in latest.items()
                if vote == value and classes_of.get(org) == class_id
            ]
            for value in ("yes", "no", "abstain")
        }
        cast = cls.yes + cls.no + cls.abstain
        out += [f"### {cls.name}s", "", f"{cast} vote{'' if cast == 1 else 's'} in total:", ""]
        out.append(_vote_line(cls.yes, "voting YES", listed["yes"]))
        out.append(_vote_line(cls.no, "voting NO", listed["no"]))
        out.append(_vote_line(cls.abstain, "ABSTAIN", listed["abstain"]))
        out.append("")
    if tally.unclassified:
        out += [
            "### Not counted",
            "",
            f"Votes from {voter_noun(rules.voting_unit)} with no voting class in members.yaml: "
            f"{', '.join(tally.unclassified)}.",
            "",
        ]
    out += _requirements(ballot, tally, rules.words)
    out += _proposal(ballot, index)
    out += _review(ballot, rules.words)
    out += _earlier_rounds(ballot, index)
    return post(index, "ballot-post.md", head, out, {"title": title, "date": day, "author": author})


def _earlier_rounds(ballot: Ballot, index: Index) -> list[str]:
    """Each earlier round (the Initial Vote before a Second Vote), counted under its own rules."""
    out: list[str] = []
    for number, earlier in earlier_rounds(ballot):
        data = earlier.data
        tally = count_votes(earlier, index.rules, index.roster, index.meeting_log)
        name = "Initial Vote" if number == 1 else f"Round {number}"
        start, end = earlier.period("voting")
        out += [f"## {name}", ""]
        if start or end:
            out += [f"Voting: {time_text(start)} to {time_text(end)}.", ""]
        counts = "; ".join(
            f"{c.name}s {c.yes} yes, {c.no} no, {c.abstain} abstain" for c in tally.classes.values()
        )
        outcome = (earlier.result or {}).get("outcome", "not recorded")
        out += [f"Result: {outcome} ({counts}; {tally.participants} participated).", ""]
        words = index.rules.words
        out += _review(earlier, words)[2:]
        notices = data.get("exclusion_notices") or []
        if notices:
            out += [f"The {words.exclusion_notice}s rescinded the result of this vote.", ""]
        pag = data.get("pag") or {}
        if pag:
            link = f" ({pag['url']})" if pag.get("url") else ""
            out += [
                f"Patent Advisory Group conclusion, {time_text(parse_time(pag.get('at')))}, "
                f"recorded by {pag.get('by')}: {pag.get('conclusion')}{link}",
                "",
            ]
    return out


def _latest_votes(ballot: Ballot, index: Index) -> dict[str, str]:
    """Each organization's last vote, by roster name, in the order first cast."""
    latest: dict[str, str] = {}
    for vote in ballot.votes:
        org = index.roster.org(vote.org)
        latest[org.name if org else vote.org] = vote.vote
    return latest


def _vote_line(count: int, words: str, orgs: list[str]) -> str:
    return f"- {count} {words}" + (f": {', '.join(orgs)}" if orgs else "")


def _met(flag: bool) -> str:
    return "**MET**" if flag else "**NOT MET**"


def _quorum(ballot: Ballot, tally: Tally) -> tuple[int | None, bool | None]:
    required = tally.quorum.required
    if required is None:
        required = (ballot.result or {}).get("quorum")
    if required is None:
        return None, None
    return required, tally.participants >= required


def _passed(ballot: Ballot, tally: Tally) -> bool:
    thresholds = all(c.threshold_met for c in tally.classes.values())
    each = tally.each_class_has_yes or not tally.yes_in_each_class
    _, quorum_met = _quorum(ballot, tally)
    return thresholds and each and quorum_met is not False


def _outcome_sentence(ballot: Ballot, tally: Tally, end: datetime | None, words: Words) -> str:
    status = ballot.status
    verdict = "PASSED" if _passed(ballot, tally) else "FAILED"
    if status in ("draft", "discussion") or (status == "withdrawn" and not ballot.votes):
        return f"Ballot {ballot.label} has not been voted on (status: {status})."
    if status == "voting":
        until = f" until {time_text(end)}" if end else ""
        would = "pass" if verdict == "PASSED" else "fail"
        return (
            f"Voting on Ballot {ballot.label} is open{until}; "
            f"if it closed now, the ballot would {would}."
        )
    ended = f" ended {time_text(end)}" if end else " has completed"
    sentence = f"The voting period for Ballot {ballot.label}{ended}. The ballot has: **{verdict}**"
    if status == "withdrawn":
        sentence += "\n\nThe proposer withdrew the ballot."
    if status == "rescinded":
        sentence += (
            f"\n\n{words.exclusion_notice}s were filed during the {words.review_period}; "
            "the result is rescinded."
        )
    if ballot.is_second_vote and status not in ("voting", "rescinded"):
        sentence += "\n\nThis was the Second Vote; the Initial Vote is shown below."
    return sentence


def _requirements(ballot: Ballot, tally: Tally, words: Words) -> list[str]:
    heading = words.requirements_heading
    out = [f"## {heading}", "", words.requires(words.adoption_citation, "Adoption"), ""]
    members = voting_members(tally.voting_unit)
    member = "voter" if tally.voting_unit == "individuals" else "Voting Member"
    for key, cls in tally.classes.items():
        note = words.threshold_notes.get(key)
        out.append(
            f"- {cls.name}s: {threshold_text(cls.threshold, note)} must be in favour; "
            f"{cls.yes} of {cls.cast} votes cast were yes (abstentions do not count). "
            f"This requirement was {_met(cls.threshold_met)}."
        )
    if tally.yes_in_each_class:
        counts = ", ".join(f"{c.name}s {c.yes}" for c in tally.classes.values())
        out.append(
            f"- At least one {member} in each class must vote yes ({counts}). "
            f"This requirement was {_met(tally.each_class_has_yes)}."
        )
    if not tally.quorum.applies and not (ballot.result or {}).get("quorum"):
        return [*out, "", "The rules set no quorum.", ""]
    out += ["", words.requires(words.quorum_citation, "Quorum"), ""]
    required, met = _quorum(ballot, tally)
    basis = ""
    if tally.quorum.meetings and tally.quorum.required is not None:
        counts = ", ".join(f"{day}: {n}" for day, n in tally.quorum.meetings)
        basis = f" Active {members} at the previous meetings: {counts}."
    if required is None:
        out.append(
            f"- More than half of the currently active {members} must participate; "
            f"{tally.participants} participated. The quorum is not known "
            f"({tally.quorum.reason or 'no record of it'})."
        )
    else:
        stated = tally.quorum.stated
        if stated:
            basis = (
                f" The meetings that define it were not all recorded; {stated.get('by')} "
                f"stated the figure: {stated.get('reason')}."
            )
        out.append(
            f"- More than half of the currently active {members} must participate. "
            f"The quorum was {required} for this ballot; {tally.participants} {members} "
            f"participated.{basis} This requirement was {_met(bool(met))}."
        )
    return [*out, ""]


def _proposal(ballot: Ballot, index: Index) -> list[str]:
    out = ["## Ballot Contents", ""]
    proposers = [person_text(index, p["name"], p.get("org")) for p in ballot.proposers]
    endorsers = [person_text(index, e["name"], e.get("org")) for e in ballot.endorsers]
    if proposers:
        who = join_names(proposers)
        sentence = f"Ballot {ballot.label} is proposed by {who}"
        sentence += f" and endorsed by {join_names(endorsers)}." if endorsers else "."
        out += [sentence, ""]
    elif endorsers:
        out += [f"Ballot {ballot.label} is endorsed by {join_names(endorsers)}.", ""]
    guideline = index.rules.words.kinds.get(ballot.guideline or "")
    documents = ballot.data.get("documents") or []
    if guideline or documents:
        names = [index.rules.documents.get(d, d) for d in documents]
        what = f"This ballot proposes {guideline}" if guideline else "This ballot"
        changes = f" and modifies: {join_names(names)}" if names else ""
        out += [f"{what}{changes}.", ""]
    for version in ballot.versions:
        links = [
            f"[{kind}]({version[key]})"
            for key, kind in (("pull_request", "pull request"), ("compare", "redline"))
            if version.get(key)
        ]
        posted = (
            f" posted {time_text(parse_time(version['posted']))}" if version.get("posted") else ""
        )
        if links or posted:
            out.append(
                f"- Version {version.get('version', 1)}{posted}: {', '.join(links)}".rstrip(": ")
            )
    if ballot.versions and any(
        v.get("pull_request") or v.get("compare") or v.get("posted") for v in ballot.versions
    ):
        out.append("")
    for name, heading in (("discussion", "Discussion"), ("voting", "Vote for approval")):
        start, end = ballot.period(name)
        if start or end:
            out += [
                f"**{heading}**",
                "",
                f"- Start: {time_text(start) if start else 'not recorded'}",
                f"- End: {time_text(end) if end else 'not recorded'}",
                "",
            ]
    return out


def _review(ballot: Ballot, words: Words) -> list[str]:
    start, end = ballot.period("review")
    if not (start or end):
        return []
    out = ["## Notice of Review Period", ""]
    guideline = words.kinds.get(ballot.guideline or "")
    if start and end:
        days = round((end - start).total_seconds() / 86400)
        out += [f"The Review Period of {days} days is for {guideline or 'the ballot'}.", ""]
    out += [
        f"**Start of Review Period**: {time_text(start) if start else 'not recorded'}",
        "",
        f"**End of Review Period**: {time_text(end) if end else 'not recorded'}",
        "",
    ]
    review = ballot.data.get("review") or {}
    if review.get("notice"):
        sender = f" by {review['by']}" if review.get("by") else ""
        out += [
            f"The Review Notice was sent {time_text(parse_time(review['notice']))}{sender}.",
            "",
        ]
    notices = ballot.data.get("exclusion_notices") or []
    for notice in notices:
        when = f" on {time_text(parse_time(notice['at']))}" if notice.get("at") else ""
        out.append(
            f"- {words.exclusion_notice} from {notice['org']}{when}"
            + (f": {notice['notes']}" if notice.get("notes") else "")
        )
    if notices:
        out.append("")
    return out
