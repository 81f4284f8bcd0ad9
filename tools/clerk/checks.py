"""Cross-record checks. Each is a small generator with a stable id, yielding findings; none prints.

Findings carry a document path; the caller resolves it to a line with a `yamlio.Locator`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta

from clerk.findings import DocPath, Finding, Severity, suggest
from clerk.records import (
    DRAFTS_DIR,
    GOVERNANCE_FILE,
    MEMBERS_FILE,
    Meeting,
    name_key,
    parse_date,
    parse_time,
)
from clerk.repository import Index

Check = Callable[[Index], Iterator[Finding]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(func: Check) -> Check:
        CHECKS[name] = func
        return func

    return register


def finding(
    check_id: str,
    file: str,
    path: DocPath,
    message: str,
    severity: Severity = Severity.ERROR,
    at_key: bool = False,
) -> Finding:
    return Finding(
        file=file,
        check=check_id,
        message=message,
        severity=severity,
        doc_path=path,
        at_key=at_key,
    )


def run_checks(index: Index) -> list[Finding]:
    out: list[Finding] = []
    for func in CHECKS.values():
        out.extend(func(index))
    return out


# --- helpers ----------------------------------------------------------------------------------


def _unknown_person(index: Index, check_id: str, file: str, path: DocPath, name: str) -> Finding:
    return finding(
        check_id,
        file,
        path,
        f'"{name}" is not in {MEMBERS_FILE}{suggest(name, index.roster.person_names())}; '
        f"fix the spelling or add the person to {MEMBERS_FILE}.",
    )


def _unknown_org(index: Index, check_id: str, file: str, path: DocPath, name: str) -> Finding:
    return finding(
        check_id,
        file,
        path,
        f'organization "{name}" is not in {MEMBERS_FILE}{suggest(name, index.roster.org_names())}; '
        f"fix the spelling, or add it (or an alias) to {MEMBERS_FILE}.",
    )


@check("repository-layout")
def repository_layout(index: Index) -> Iterator[Finding]:
    for name, hint in (
        (GOVERNANCE_FILE, "the body's rules: copy Clerk's governance.yaml and adapt it"),
        (MEMBERS_FILE, "the roster of organizations and people"),
    ):
        path = index.root / name
        if not path.exists() and not path.is_symlink():
            yield Finding(
                file=name,
                line=1,
                column=1,
                check="repository-layout",
                message=f"{name} is missing; add {hint}. Checks that need it were skipped.",
            )


# --- roster and rules -------------------------------------------------------------------------


@check("roster-duplicate")
def roster_duplicates(index: Index) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for org in index.roster.organizations:
        for alias_index, name in enumerate((org.name, *org.aliases)):
            key = name_key(name)
            path: DocPath = (
                ("organizations", org.index, "name")
                if alias_index == 0
                else ("organizations", org.index, "aliases", alias_index - 1)
            )
            if key in seen and seen[key] != org.name:
                yield finding(
                    "roster-duplicate",
                    MEMBERS_FILE,
                    path,
                    f'"{name}" already names organization "{seen[key]}"; '
                    "each name or alias may name one organization.",
                )
            seen.setdefault(key, org.name)
    people: dict[str, int] = {}
    logins: dict[str, str] = {}
    for person in index.roster.people:
        key = name_key(person.name)
        if key in people:
            yield finding(
                "roster-duplicate",
                MEMBERS_FILE,
                ("people", person.index, "name"),
                f'person "{person.name}" is listed twice; merge the entries.',
            )
        people.setdefault(key, person.index)
        if person.github:
            login = person.github.casefold()
            if login in logins:
                yield finding(
                    "roster-duplicate",
                    MEMBERS_FILE,
                    ("people", person.index, "github"),
                    f'GitHub login "{person.github}" is already {logins[login]}\'s.',
                )
            logins.setdefault(login, person.name)


@check("roster-reference")
def roster_references(index: Index) -> Iterator[Finding]:
    classes = index.rules.classes
    for org in index.roster.organizations:
        if org.member_class is not None and index.has_rules and org.member_class not in classes:
            yield finding(
                "roster-reference",
                MEMBERS_FILE,
                ("organizations", org.index, "class"),
                f'class "{org.member_class}" is not defined in {GOVERNANCE_FILE}'
                f"{suggest(org.member_class, classes)}; use one of: {', '.join(classes)}.",
            )
    for person in index.roster.people:
        if person.org and index.roster.org(person.org) is None:
            yield _unknown_org(
                index, "roster-reference", MEMBERS_FILE, ("people", person.index, "org"), person.org
            )
        if person.voting_representative and index.is_voting_member(person.org) is False:
            yield finding(
                "roster-reference",
                MEMBERS_FILE,
                ("people", person.index, "voting_representative"),
                f"{person.name} is marked a voting representative, but {person.org} "
                "is not in a voting class.",
            )


@check("governance-reference")
def governance_references(index: Index) -> Iterator[Finding]:
    if not index.has_rules:
        return
    for number, chair in enumerate(index.rules.chairs):
        if index.has_roster and index.roster.person(chair) is None:
            yield _unknown_person(
                index, "governance-reference", GOVERNANCE_FILE, ("chairs", number, "name"), chair
            )
    for cls in index.rules.classes.values():
        if cls.votes and cls.threshold is None:
            yield finding(
                "governance-reference",
                GOVERNANCE_FILE,
                ("classes", cls.id),
                f'voting class "{cls.id}" has no threshold; add threshold: {{rule: at-least, '
                'fraction: "2/3"}} or similar.',
            )
        if cls.threshold and cls.threshold.rule != "half-plus-one" and cls.threshold.share > 1:
            yield finding(
                "governance-reference",
                GOVERNANCE_FILE,
                ("classes", cls.id, "threshold", "fraction"),
                "a threshold fraction above 1 can never be met.",
            )


@check("codeowners")
def codeowners_current(index: Index) -> Iterator[Finding]:
    from clerk.codeowners import CODEOWNERS_FILE, render_codeowners

    path = index.root / CODEOWNERS_FILE
    if not index.has_rules or not path.is_file():
        return
    if path.read_text(encoding="utf-8", errors="replace") != render_codeowners(index):
        yield Finding(
            file=CODEOWNERS_FILE,
            line=1,
            column=1,
            check="codeowners",
            message="CODEOWNERS no longer matches the chairs in governance.yaml and their logins "
            "in members.yaml; run clerk codeowners --write.",
        )


# --- ballots ----------------------------------------------------------------------------------


@check("ballot-file-name")
def ballot_file_names(index: Index) -> Iterator[Finding]:
    ids = index.rules.ids
    for ballot in index.ballots:
        name = ballot.file.rsplit("/", 1)[-1][: -len(".yaml")]
        in_drafts = ballot.file.startswith(DRAFTS_DIR + "/")
        if ballot.id is None:
            if not in_drafts:
                yield finding(
                    "ballot-file-name",
                    ballot.file,
                    (),
                    f"a ballot without id is an unnumbered draft; move it to {DRAFTS_DIR}/ "
                    "or give it its id.",
                )
            elif ballot.slug and ballot.slug != name:
                yield finding(
                    "ballot-file-name",
                    ballot.file,
                    ("slug",),
                    f'slug "{ballot.slug}" does not match the file name "{name}.yaml".',
                )
            continue
        canonical = ids.canonical(ballot.id)
        if canonical is None:
            yield finding(
                "ballot-id",
                ballot.file,
                ("id",),
                f'"{ballot.id}" is not a ballot id of the form {ids.format(86)}.',
            )
            continue
        if canonical != ballot.id:
            yield finding(
                "ballot-id",
                ballot.file,
                ("id",),
                f'write the id in its canonical form "{canonical}", not "{ballot.id}".',
            )
        if in_drafts:
            yield finding(
                "ballot-file-name",
                ballot.file,
                ("id",),
                f"numbered ballot {canonical} belongs in ballots/{canonical}.yaml; "
                "move it out of drafts/.",
            )
        elif name != canonical:
            yield finding(
                "ballot-file-name",
                ballot.file,
                ("id",),
                f'id {canonical} does not match the file name "{name}.yaml"; '
                f"rename the file to {canonical}.yaml.",
            )


@check("ballot-id-unique")
def ballot_ids_unique(index: Index) -> Iterator[Finding]:
    counts = Counter(b.id for b in index.ballots if b.id)
    first: dict[str, str] = {}
    for ballot in index.ballots:
        if ballot.id and counts[ballot.id] > 1:
            if ballot.id in first:
                yield finding(
                    "ballot-id-unique",
                    ballot.file,
                    ("id",),
                    f"{ballot.id} is also the id of {first[ballot.id]}; ids must be unique.",
                )
            first.setdefault(ballot.id, ballot.file)


@check("ballot-person")
def ballot_people(index: Index) -> Iterator[Finding]:
    if not index.has_roster:
        return
    for ballot in index.ballots:
        refs: list[tuple[DocPath, dict[str, str]]] = []
        if ballot.proposer:
            refs.append((("proposer",), ballot.proposer))
        refs += [(("endorsers", i), e) for i, e in enumerate(ballot.endorsers)]
        for path, ref in refs:
            if index.roster.person(ref.get("name")) is None:
                yield _unknown_person(
                    index, "ballot-person", ballot.file, (*path, "name"), ref["name"]
                )
            if ref.get("org") and index.roster.org(ref["org"]) is None:
                yield _unknown_org(index, "ballot-person", ballot.file, (*path, "org"), ref["org"])
        for vote in ballot.votes:
            if index.roster.org(vote.org) is None:
                yield _unknown_org(
                    index, "ballot-person", ballot.file, ("votes", vote.index, "org"), vote.org
                )
            if vote.by and index.roster.person(vote.by) is None:
                yield _unknown_person(
                    index, "ballot-person", ballot.file, ("votes", vote.index, "by"), vote.by
                )


def _org_of(index: Index, ref: dict[str, str]) -> str | None:
    """Canonical organization of a person reference: its org field, else the roster's."""
    org = index.roster.org(ref.get("org"))
    if org is None:
        person = index.roster.person(ref.get("name"))
        org = index.roster.org(person.org) if person else None
    return org.name if org else None


@check("ballot-endorsers")
def ballot_endorsers(index: Index) -> Iterator[Finding]:
    required = index.rules.endorsements_required
    for ballot in index.ballots:
        proposer_org = _org_of(index, ballot.proposer) if ballot.proposer else None
        if ballot.proposer and index.is_voting_member(proposer_org) is False:
            yield finding(
                "ballot-endorsers",
                ballot.file,
                ("proposer", "org"),
                f"{proposer_org} is not a Voting Member; only Voting Members may propose.",
            )
        orgs_seen: set[str] = set()
        for number, endorser in enumerate(ballot.endorsers):
            org = _org_of(index, endorser)
            path: DocPath = ("endorsers", number)
            if org and proposer_org and org == proposer_org:
                yield finding(
                    "ballot-endorsers",
                    ballot.file,
                    path,
                    f"{endorser['name']} endorses for {org}, the proposer's own organization; "
                    "endorsers must come from other Voting Member organizations.",
                )
            elif org and org in orgs_seen:
                yield finding(
                    "ballot-endorsers",
                    ballot.file,
                    path,
                    f"{org} already endorsed; endorsements must come from different organizations.",
                )
            elif org and index.is_voting_member(org) is False:
                yield finding(
                    "ballot-endorsers",
                    ballot.file,
                    path,
                    f"{org} is not a Voting Member; its representatives may not endorse.",
                )
            if org:
                orgs_seen.add(org)
        if ballot.status != "draft" and ballot.status != "withdrawn" and ballot.id:
            valid = {
                org
                for org in orgs_seen
                if org != proposer_org and index.is_voting_member(org) is not False
            }
            if len(ballot.endorsers) < required or len(valid) < required:
                yield finding(
                    "ballot-endorsers",
                    ballot.file,
                    ("endorsers",) if ballot.endorsers else ("status",),
                    f"status {ballot.status} needs {required} endorsements from other Voting "
                    f"Member organizations; the record has {len(valid)}.",
                )


@check("ballot-votes")
def ballot_votes(index: Index) -> Iterator[Finding]:
    for ballot in index.ballots:
        start, end = ballot.period("voting")
        seen: dict[str, int] = {}
        votes = ballot.votes
        if votes and ballot.status in ("draft", "discussion", "withdrawn") and start is None:
            yield finding(
                "ballot-votes",
                ballot.file,
                ("votes",),
                f"a ballot in {ballot.status} has no voting period, so it can have no votes.",
            )
        for vote in votes:
            path: DocPath = ("votes", vote.index)
            org = index.roster.org(vote.org)
            canonical = org.name if org else vote.org
            if canonical in seen:
                yield finding(
                    "ballot-votes",
                    ballot.file,
                    (*path, "org"),
                    f"{canonical} already voted (entry {seen[canonical] + 1}); one vote per "
                    "organization: change that entry instead of adding another.",
                )
            seen.setdefault(canonical, vote.index)
            if org is not None and index.is_voting_member(org.name) is False:
                yield finding(
                    "ballot-votes",
                    ballot.file,
                    (*path, "org"),
                    f"{org.name} is not a Voting Member; only Voting Members vote.",
                )
            if vote.by and org is not None:
                person = index.roster.person(vote.by)
                if person and index.roster.org(person.org) not in (None, org):
                    yield finding(
                        "ballot-votes",
                        ballot.file,
                        (*path, "by"),
                        f"{person.name} represents {person.org}, not {org.name}.",
                    )
                elif person and person.voting_representative is False:
                    yield finding(
                        "ballot-votes",
                        ballot.file,
                        (*path, "by"),
                        f"{person.name} is not a voting representative of {org.name}.",
                    )
            if vote.at and start and end and not (start <= vote.at < end):
                yield finding(
                    "ballot-votes",
                    ballot.file,
                    (*path, "at"),
                    f"vote cast at {vote.at:%Y-%m-%d %H:%M}Z, outside the voting period "
                    f"{start:%Y-%m-%d %H:%M}Z to {end:%Y-%m-%d %H:%M}Z (end excluded).",
                )


@check("ballot-periods")
def ballot_periods(index: Index) -> Iterator[Finding]:
    rules = index.rules
    for ballot in index.ballots:
        d_start, d_end = ballot.period("discussion")
        v_start, v_end = ballot.period("voting")
        r_start, r_end = ballot.period("review")
        for name, (start, end) in (
            ("discussion", (d_start, d_end)),
            ("voting", (v_start, v_end)),
            ("review", (r_start, r_end)),
        ):
            if start and end and end < start:
                yield finding(
                    "ballot-periods", ballot.file, (name, "end"), f"{name} ends before it starts."
                )
        if d_start and v_start and v_start < d_start:
            yield finding(
                "ballot-periods",
                ballot.file,
                ("voting", "start"),
                "voting starts before discussion does.",
            )
        if v_start and v_end:
            length = v_end - v_start
            if length != timedelta(days=rules.voting_days):
                yield finding(
                    "ballot-periods",
                    ballot.file,
                    ("voting", "end"),
                    f"voting lasts {_days(length)}; the rules require exactly "
                    f"{rules.voting_days} days "
                    f"(end {v_start + timedelta(days=rules.voting_days):%Y-%m-%dT%H:%M:%SZ}).",
                )
        last_version = ballot.last_version_time()
        if (
            v_start
            and last_version
            and v_start - last_version < timedelta(days=rules.discussion_min_days)
        ):
            yield finding(
                "ballot-periods",
                ballot.file,
                ("voting", "start"),
                f"voting starts {_days(v_start - last_version)} after the last version; "
                f"the rules require at least {rules.discussion_min_days} days of discussion.",
            )
        if r_start and v_end and r_start < v_end:
            yield finding(
                "ballot-periods",
                ballot.file,
                ("review", "start"),
                "the review period starts before voting ends.",
            )
        review = rules.review_length(ballot.guideline)
        if r_start and r_end and review is not None and r_end - r_start != review:
            yield finding(
                "ballot-periods",
                ballot.file,
                ("review", "end"),
                f"review lasts {_days(r_end - r_start)}; a {ballot.guideline} needs "
                f"{review.days} days.",
            )
        times = [parse_time(v.get("posted")) for v in ballot.versions]
        numbers = [v.get("version") for v in ballot.versions]
        if numbers != list(range(1, len(numbers) + 1)):
            yield finding(
                "ballot-periods",
                ballot.file,
                ("versions",),
                "versions must be numbered 1, 2, 3, ... in order.",
            )
        known = [t for t in times if t]
        if known != sorted(known):
            yield finding(
                "ballot-periods", ballot.file, ("versions",), "versions are not in time order."
            )
        if v_start and known and max(known) > v_start:
            yield finding(
                "ballot-periods",
                ballot.file,
                ("versions", len(times) - 1, "posted"),
                "a version posted after voting started; a ballot cannot be revised during "
                "voting: withdraw it and propose it again.",
            )


def _days(delta: timedelta) -> str:
    days = delta.total_seconds() / 86400
    return f"{days:g} days" if days != int(days) else f"{int(days)} days"


_STATUS_NEEDS: dict[str, tuple[str, ...]] = {
    "discussion": ("discussion",),
    "voting": ("discussion", "voting"),
    "passed": ("voting", "result", "review"),
    "final": ("voting", "result"),
    "failed": (),
    "withdrawn": ("withdrawn",),
    "rescinded": ("result", "exclusion_notices"),
}


@check("ballot-status")
def ballot_status(index: Index) -> Iterator[Finding]:
    for ballot in index.ballots:
        status = ballot.status
        data = ballot.data
        if status != "draft" and not ballot.id and status not in ("withdrawn", "failed"):
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                f"a ballot in {status} has a number; give it its id.",
            )
        missing = [key for key in _STATUS_NEEDS.get(status, ()) if not data.get(key)]
        if missing:
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                f"status {status} needs {', '.join(missing)} recorded.",
            )
        if status == "draft" and (data.get("voting") or data.get("result")):
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                "a draft has no voting period or result; set the status that matches them.",
            )
        if status == "discussion" and data.get("voting", {}).get("start"):
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                "voting has started; the status should be voting or later.",
            )
        outcome = (ballot.result or {}).get("outcome")
        if status in ("passed", "final", "rescinded") and outcome == "failed":
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                f"status {status} contradicts the stored result (failed).",
            )
        if status == "failed" and outcome == "passed":
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                "status failed contradicts the stored result (passed).",
            )
        if status in ("discussion", "voting") and ballot.result:
            yield finding(
                "ballot-status",
                ballot.file,
                ("result",),
                f"a ballot in {status} has no result yet.",
            )
        if status == "final" and data.get("exclusion_notices"):
            yield finding(
                "ballot-status",
                ballot.file,
                ("status",),
                "an Exclusion Notice was filed; the ballot is rescinded, not final.",
            )


@check("ballot-result")
def ballot_results(index: Index) -> Iterator[Finding]:
    """A stored result must be what the recorded votes give under the rules."""
    from clerk.tally import count_votes

    if not index.has_rules or not index.has_roster:
        return
    for ballot in index.ballots:
        result = ballot.result
        if not result or not ballot.votes:
            continue
        tally = count_votes(ballot, index.rules, index.roster, index.meeting_log)
        for class_id, stored in (result.get("tally") or {}).items():
            counted = tally.classes.get(class_id)
            if counted is None:
                continue
            if counted.as_data() != stored:
                yield finding(
                    "ballot-result",
                    ballot.file,
                    ("result", "tally", class_id),
                    f"the stored {class_id} tally {_counts(stored)} disagrees with the votes "
                    f"recorded: {_counts(counted.as_data())}.",
                )
        if tally.unclassified:
            yield finding(
                "ballot-result",
                ballot.file,
                ("votes",),
                f"votes from organizations with no voting class in members.yaml: "
                f"{', '.join(tally.unclassified)}; they cannot be counted.",
                Severity.WARNING,
            )
        quorum = result.get("quorum")
        quorum_ok = tally.participants >= quorum if quorum else tally.quorum_met is not False
        thresholds_ok = all(c.threshold_met for c in tally.classes.values())
        each_ok = tally.each_class_has_yes or not tally.yes_in_each_class
        computed = "passed" if thresholds_ok and each_ok and quorum_ok else "failed"
        if result.get("outcome") != computed:
            yield finding(
                "ballot-result",
                ballot.file,
                ("result", "outcome"),
                f"the stored outcome is {result.get('outcome')}, but the recorded votes give "
                f"{computed} under the rules.",
            )


def _counts(data: dict[str, int]) -> str:
    return f"{data.get('yes', 0)} yes / {data.get('no', 0)} no / {data.get('abstain', 0)} abstain"


@check("ballot-reference")
def ballot_references(index: Index) -> Iterator[Finding]:
    ids = index.rules.ids
    known = {b.id for b in index.ballots if b.id} | index.unloaded_ballots
    for ballot in index.ballots:
        for number, other in enumerate(ballot.data.get("depends_on") or []):
            canonical = ids.canonical(other)
            if canonical is None or canonical not in known:
                yield finding(
                    "ballot-reference",
                    ballot.file,
                    ("depends_on", number),
                    f'"{other}" is not a ballot in ballots/{suggest(other, known)}.',
                )
            elif canonical != other:
                yield finding(
                    "ballot-id",
                    ballot.file,
                    ("depends_on", number),
                    f'write "{canonical}", the canonical form of "{other}".',
                    Severity.WARNING,
                )
        documents = index.rules.documents
        for number, document in enumerate(ballot.data.get("documents") or []):
            if documents and document not in documents:
                yield finding(
                    "ballot-reference",
                    ballot.file,
                    ("documents", number),
                    f'"{document}" is not a document named in {GOVERNANCE_FILE}'
                    f"{suggest(document, documents)}.",
                )


# --- meetings ---------------------------------------------------------------------------------


@check("meeting-file-name")
def meeting_file_names(index: Index) -> Iterator[Finding]:
    for meeting in index.meetings:
        parts = meeting.file.split("/")
        name = parts[-1][: -len(".yaml")]
        day = meeting.data.get("date", "")
        expected = f"meetings/{day[:4]}/{day}.yaml"
        if meeting.file != expected and not (name.startswith(day) and parts[1] == day[:4]):
            yield finding(
                "meeting-file-name",
                meeting.file,
                ("date",),
                f"a meeting on {day} belongs in {expected}.",
            )


@check("meeting-reference")
def meeting_references(index: Index) -> Iterator[Finding]:
    ids = index.rules.ids
    known_ballots = {b.id for b in index.ballots if b.id} | index.unloaded_ballots
    meeting_dates = {m.data.get("date") for m in index.meetings}
    earliest = min(meeting_dates, default=None)
    for meeting in index.meetings:
        file = meeting.file
        if index.has_roster:
            yield from _meeting_people(index, meeting)
        day = meeting.data.get("date", "")
        for number, approved in enumerate(meeting.data.get("minutes_approved") or []):
            path: DocPath = ("minutes_approved", number)
            if approved >= day:
                yield finding(
                    "meeting-minutes-approved",
                    file,
                    path,
                    f"minutes of {approved} cannot be approved at a meeting on {day}; "
                    "approved minutes are of earlier meetings.",
                )
            elif approved not in meeting_dates and earliest and approved >= earliest:
                yield finding(
                    "meeting-minutes-approved",
                    file,
                    path,
                    f"no meeting record for {approved}; add "
                    f"meetings/{approved[:4]}/{approved}.yaml or correct the date.",
                )
        for number, update in enumerate(meeting.data.get("ballots") or []):
            ref = update.get("ballot")
            if ref is None:
                if not update.get("draft"):
                    yield finding(
                        "meeting-ballot-unknown",
                        file,
                        ("ballots", number),
                        "a ballot update names a ballot (ballot: SC086) or a draft (draft: name).",
                    )
                continue
            canonical = ids.canonical(ref)
            if canonical is None or canonical not in known_ballots:
                yield finding(
                    "meeting-ballot-unknown",
                    file,
                    ("ballots", number, "ballot"),
                    f'"{ref}" is not a ballot in ballots/'
                    f"{suggest(canonical or ref, known_ballots)}.",
                )
        next_meeting = meeting.data.get("next_meeting")
        if next_meeting and next_meeting <= day:
            yield finding(
                "meeting-reference",
                file,
                ("next_meeting",),
                f"the next meeting ({next_meeting}) must come after this one ({day}).",
            )


def _meeting_people(index: Index, meeting: Meeting) -> Iterator[Finding]:
    roster = index.roster
    file = meeting.file
    seen: set[str] = set()
    for number, attendee in enumerate(meeting.attendees):
        name = attendee["name"]
        if roster.person(name) is None:
            yield _unknown_person(
                index, "meeting-attendee-unknown", file, ("attendees", number, "name"), name
            )
        if attendee.get("org") and roster.org(attendee["org"]) is None:
            yield _unknown_org(
                index,
                "meeting-attendee-unknown",
                file,
                ("attendees", number, "org"),
                attendee["org"],
            )
        key = name_key(name)
        if key in seen:
            yield finding(
                "meeting-attendee-duplicate",
                file,
                ("attendees", number),
                f"{name} is listed twice among the attendees.",
            )
        seen.add(key)
    for field_name in ("chair", "minutes_by"):
        name = meeting.data.get(field_name)
        if name and roster.person(name) is None:
            yield _unknown_person(index, "meeting-person-unknown", file, (field_name,), name)
    reader = (meeting.data.get("statement") or {}).get("read_by")
    if reader and roster.person(reader) is None:
        yield _unknown_person(
            index, "meeting-person-unknown", file, ("statement", "read_by"), reader
        )
    for number, item in enumerate(meeting.action_items):
        if roster.person(item["owner"]) is None:
            yield _unknown_person(
                index,
                "meeting-person-unknown",
                file,
                ("action_items", number, "owner"),
                item["owner"],
            )
        if (
            item.get("due")
            and parse_date(item["due"])
            and item["due"] < meeting.data.get("date", "")
        ):
            yield finding(
                "meeting-reference",
                file,
                ("action_items", number, "due"),
                "an action item cannot be due before the meeting that set it.",
            )
