"""Forum-style Markdown posts (Hugo front matter) rendered from meeting and ballot records.

Pure: a record and the index in, the post's text out. The ballot result post is computed from the
recorded votes under the rules, so it cannot disagree with the record.
"""

from __future__ import annotations

import re
from datetime import datetime

from clerk.importers.minutes import topic_of
from clerk.post_templates import fill
from clerk.procedure import earlier_rounds
from clerk.records import Ballot, Meeting, parse_time
from clerk.repository import Index
from clerk.tally import Tally, count_votes, org_classes
from clerk.views import threshold_text
from clerk.words import FrontMatter, Words, voter_noun, voting_members

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


# --- shared -----------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """A YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"


def front_matter(
    settings: FrontMatter, author: str, date: str | None, tags: list[str], title: str
) -> list[str]:
    """Hugo front matter as governance.yaml's words.front_matter sets it (none when disabled)."""
    if not settings.enabled:
        return [f"# {title}", ""]
    lines = ["---", f"author: {_quote(author)}"]
    if date:
        lines.append(f"date: {date} 00:00:00")
    lines.append("tags:")
    lines += [f"  - {_quote(tag)}" for tag in tags]
    lines += [f"title: {_quote(title)}", f"type: {settings.type}", "---"]
    return ["\n".join(lines), ""]


def _person(index: Index, name: str, org: str | None = None) -> str:
    """'Name (Organization)' with the roster's organization name, or just the name."""
    roster = index.roster
    organization = roster.org(org) if org else None
    if organization is None and not org:
        person = roster.person(name)
        organization = roster.org(person.org) if person and person.org else None
    shown = organization.name if organization else org
    # Where individuals vote, a person is their own voting unit: no "(Name)" after the name.
    return f"{name} ({shown})" if shown and shown != name else name


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- minutes ----------------------------------------------------------------------------------


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
    return _post(index, "minutes-post.md", head, out, fields)


def _post(
    index: Index, template: str, head: list[str], body: list[str], fields: dict[str, str]
) -> str:
    """The post through its template (the repository's templates/ may override Clerk's)."""
    front = "\n".join(head) + "\n" if head else ""
    text = "\n".join(body).rstrip() + "\n"
    return fill(index.root, template, {**fields, "front_matter": front, "body": text})


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
        blocks["minutes"] = f"The minutes of the {plural} of {_join(approved)} were approved."
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
        blocks["attendance"] = ", ".join(_person(index, a["name"], a.get("org")) for a in attendees)
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


# --- ballot result ----------------------------------------------------------------------------


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
    return _post(
        index, "ballot-post.md", head, out, {"title": title, "date": day, "author": author}
    )


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
            out += [f"Voting: {_time(start)} to {_time(end)}.", ""]
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
                f"Patent Advisory Group conclusion, {_time(parse_time(pag.get('at')))}, "
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
        until = f" until {_time(end)}" if end else ""
        would = "pass" if verdict == "PASSED" else "fail"
        return (
            f"Voting on Ballot {ballot.label} is open{until}; "
            f"if it closed now, the ballot would {would}."
        )
    ended = f" ended {_time(end)}" if end else " has completed"
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
    proposers = [_person(index, p["name"], p.get("org")) for p in ballot.proposers]
    endorsers = [_person(index, e["name"], e.get("org")) for e in ballot.endorsers]
    if proposers:
        who = _join(proposers)
        sentence = f"Ballot {ballot.label} is proposed by {who}"
        sentence += f" and endorsed by {_join(endorsers)}." if endorsers else "."
        out += [sentence, ""]
    elif endorsers:
        out += [f"Ballot {ballot.label} is endorsed by {_join(endorsers)}.", ""]
    guideline = index.rules.words.kinds.get(ballot.guideline or "")
    documents = ballot.data.get("documents") or []
    if guideline or documents:
        names = [index.rules.documents.get(d, d) for d in documents]
        what = f"This ballot proposes {guideline}" if guideline else "This ballot"
        changes = f" and modifies: {_join(names)}" if names else ""
        out += [f"{what}{changes}.", ""]
    for version in ballot.versions:
        links = [
            f"[{kind}]({version[key]})"
            for key, kind in (("pull_request", "pull request"), ("compare", "redline"))
            if version.get(key)
        ]
        posted = f" posted {_time(parse_time(version['posted']))}" if version.get("posted") else ""
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
                f"- Start: {_time(start) if start else 'not recorded'}",
                f"- End: {_time(end) if end else 'not recorded'}",
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
        f"**Start of Review Period**: {_time(start) if start else 'not recorded'}",
        "",
        f"**End of Review Period**: {_time(end) if end else 'not recorded'}",
        "",
    ]
    review = ballot.data.get("review") or {}
    if review.get("notice"):
        sender = f" by {review['by']}" if review.get("by") else ""
        out += [f"The Review Notice was sent {_time(parse_time(review['notice']))}{sender}.", ""]
    notices = ballot.data.get("exclusion_notices") or []
    for notice in notices:
        when = f" on {_time(parse_time(notice['at']))}" if notice.get("at") else ""
        out.append(
            f"- {words.exclusion_notice} from {notice['org']}{when}"
            + (f": {notice['notes']}" if notice.get("notes") else "")
        )
    if notices:
        out.append("")
    return out


def _time(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else ""
