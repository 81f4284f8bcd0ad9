"""Forum ballot result posts -> ballot records.

The post's lists of voting organizations become votes, counted again under the rules; what the
post states (totals, MET / NOT MET, quorum, outcome) goes to `published`, and every place where the
post disagrees with itself becomes an `import-inconsistent` finding quoting both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from clerk.findings import ClerkError, Finding, Severity
from clerk.importers.forum import (
    ImportResult,
    Post,
    PostReader,
    ballot_refs,
    bold_line,
    content_of,
    find_dates,
    finding,
    heading_text,
    moment,
    notes_text,
    ordered,
    parse_clock,
    parse_moment,
    posted_at,
    read_post,
    resolve_org,
    resolve_person,
    unemphasize,
    unknown_org,
    unknown_person,
    utc_text,
    zone_of,
)
from clerk.records import Ballot, MemberClass
from clerk.repository import Index
from clerk.schema import property_order
from clerk.tally import count_votes

VOTE_WORDS = {"YES": "yes", "NO": "no", "ABSTAIN": "abstain"}
# Short names of well-known Forum documents, for motions that do not spell out the full title.
DOCUMENT_HINTS = {
    "BR": (r"Baseline Requirements", r"\bBRs?\b", r"\bTBRs?\b"),
    "EVG": (r"Extended Validation", r"\bEV Guidelines\b", r"\bEVGs?\b"),
    "NCSSR": (
        r"Network and Certificate System Security",
        r"\bNCSSRs?\b",
        r"Network Security Requirements",
    ),
}

_VOTE_LINE = re.compile(
    r"^(?P<count>\d+)\s+(?:(?:Issuers?|Consumers?|Members?|Voting Members?)\s+)?(?:voting\s+)?"
    r"(?P<kind>YES|NO|ABSTAIN)\b\s*:?\s*(?P<list>.*)$"
)
_TOTAL = re.compile(r"^(?P<total>\d+)\s+votes?\s+(?:in\s+)?total\b(?P<rest>.*)$", re.I)
_CLAIM = re.compile(r"This requirement was\s+\**\s*(?P<claim>NOT MET|MET)\b", re.I)
_OUTCOME = re.compile(r"(?:\bThe\s+)?\bballot has:?\s*\**\s*(?P<outcome>PASSED|FAILED)\b", re.I)
_PERSON_LIST = re.compile(
    r"\b(?:proposed|written|authored|submitted|introduced) by\s+(?P<proposers>.+?)\s*,?\s+and\s+"
    r"(?:is\s+|was\s+)?endorsed by\s+(?P<endorsers>.+?)"
    r"\s*(?:\.\s|\.$|$)"
)
_PR = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+/pull/\d+(?:/files)?")
_COMPARE = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+/compare/[^\s)\]>\"'<]+")
_BOILERPLATE = (
    re.compile(r"^(?:\d+\.\s*)?Bylaws?\s+2\.3\(\d\)\s+requires:?$", re.I),
    re.compile(r"^A ballot result will be considered valid only when more than half", re.I),
)


@dataclass
class _Listed:
    """A vote list in the post: the stated count, the organizations named, where."""

    kind: str
    stated: int
    orgs: list[str]
    line: int
    quote: str


@dataclass
class _ClassResult:
    class_id: str
    name: str
    line: int
    total: int | None = None
    total_quote: str = ""
    no_abstentions: bool = False
    lists: list[_Listed] = field(default_factory=list)


@dataclass
class _Period:
    start: datetime | None = None
    end: datetime | None = None
    end_definite: bool = True
    bound_words: str = ""
    days: int | None = None
    at_least: bool = False
    line: int = 0
    label: str = ""


def import_ballot(text: str, source: str, index: Index) -> ImportResult:
    """A Forum ballot result post -> the ballot record, its path and the post's problems."""
    post, findings = read_post(text, source)
    return _Reader(post, index, findings).run()


class _Reader(PostReader):
    def __init__(self, post: Post, index: Index, findings: list[Finding]) -> None:
        super().__init__(post, index, findings)
        self.headings: dict[int, str] = {}
        self.section_of: dict[int, tuple[int, str] | None] = {}
        current: tuple[int, str] | None = None
        for line in self.lines:
            head = heading_text(line.text)
            if head is not None:
                current = (line.number, head)
                self.headings[line.number] = head
                self.kept.discard(line.number)
            self.section_of[line.number] = current if head is None else None

    def inconsistent(self, line: int, message: str) -> None:
        self.findings.append(finding(self.source, line, "import-inconsistent", message))

    # --- driver -------------------------------------------------------------------------------

    def run(self) -> ImportResult:
        ballot_id, version, title = self._identity()
        classes = self._results()
        claims, quorum, announced = self._claims()
        proposers, endorsers = self._people()
        periods = self._periods()
        self._check_spellings(ballot_id, version, title)
        self._check_post_date(periods)
        votes = [
            {"org": org, "vote": VOTE_WORDS[listed.kind]}
            for result in classes
            for listed in result.lists
            for org in listed.orgs
        ]
        self._check_duplicates(classes)
        computed = self._computed(classes, votes, quorum)
        published_outcome = announced[0] if announced else self._claimed_outcome(claims)
        self._check_lists(classes)
        if computed is not None:
            self._check_claims(classes, claims, computed, quorum, announced)
        status = published_outcome or (computed["outcome"] if computed else None)
        if status is None:
            raise ClerkError(
                f"{self.source}: no voting result in the post (no vote lists, no MET / NOT MET, "
                "no announced outcome); is this a ballot result post?",
                findings=[
                    finding(
                        self.source, 1, "import-no-result", "no voting result found", Severity.ERROR
                    )
                ],
            )
        discussion, voting, review = periods
        record: dict[str, Any] = {
            "id": ballot_id,
            "title": title,
            "status": status,
            "proposers": proposers,
            "endorsers": endorsers,
            "guideline": self._guideline(),
            "documents": self._documents(),
            "versions": self._versions(version),
            "discussion": _period_data(discussion),
            "voting": _period_data(voting),
            "review": _period_data(review),
            "votes": votes,
            "result": computed,
            "published": ordered(
                {
                    "url": self.post.url,
                    "outcome": published_outcome,
                    "quorum": quorum[0] if quorum else None,
                    "bounds": _bounds(periods),
                    "totals": self._totals(classes),
                },
                ("url", "outcome", "quorum", "bounds", "totals"),
            ),
            "sources": [self.source, *([self.post.url] if self.post.url else [])],
        }
        record["notes"] = notes_text(self.lines, self.kept, self.section_of)
        return ImportResult(
            f"ballots/{ballot_id}.yaml",
            ordered(record, property_order("ballot")),
            self.findings,
            posted_at(self.post.published, voting.end if voting else None),
            self.post.title,
            self.post.url,
        )

    # --- id and title -------------------------------------------------------------------------

    def _identity(self) -> tuple[str, int | None, str]:
        title = self.post.title
        refs = [r for r in ballot_refs(title, self.index) if r.canonical]
        where = 1
        if not refs:
            for line in self.lines:
                head = heading_text(line.text)
                found = [r for r in ballot_refs(head or "", self.index) if r.canonical]
                if found:
                    refs, title, where = found, head or "", line.number
                    break
        if not refs:
            refs, title, where = self._identity_from_body()
        if not refs:
            raise ClerkError(
                f"{self.source}: no ballot id (such as SC-086) in the title, headings, body or "
                "aliases; "
                "is this a ballot result post?",
                findings=[
                    finding(self.source, 1, "import-no-id", "no ballot id found", Severity.ERROR)
                ],
            )
        ref = refs[0]
        name = re.sub(r"^[\s:–—-]+", "", title[ref.end :]).strip() or title
        for alias in self.post.aliases:
            match = re.search(r"ballot-sc-?0*(\d{1,4})", alias, re.I)
            if match and self.index.rules.ids.format(int(match.group(1))) != ref.canonical:
                self.inconsistent(
                    1,
                    f'the front matter alias "{alias}" names '
                    f"{self.index.rules.ids.format(int(match.group(1)))} but the title says "
                    f'"{ref.text}" ({ref.canonical}).',
                )
        for line in self.lines:
            if line.number in self.headings:
                head = self.headings[line.number]
                found = [r for r in ballot_refs(head, self.index) if r.canonical]
                if found and line.number != where and found[0].canonical != ref.canonical:
                    self.inconsistent(
                        line.number,
                        f'this heading names {found[0].canonical} ("{head}") but the post is '
                        f"{ref.canonical}.",
                    )
                continue
            text = content_of(line)
            if re.match(r"^Ballot for Review\b", text, re.I) or re.match(
                r"^The voting period for Ballot\b", text, re.I
            ):
                found = [r for r in ballot_refs(text, self.index) if r.canonical]
                if found and found[0].canonical != ref.canonical:
                    self.inconsistent(
                        line.number,
                        f'the post is {ref.canonical} ("{title}") but this line names '
                        f'{found[0].canonical}: "{text}".',
                    )
        return ref.canonical or "", ref.version, name

    def _identity_from_body(self) -> tuple[list[Any], str, int]:
        """A post without an id in its title (broken front matter): the first body line that
        names a ballot with the prefix, else the aliases."""
        prefix = self.index.rules.ids.prefix.upper()
        for line in self.lines:
            text = content_of(line)
            found = [
                r for r in ballot_refs(text, self.index) if r.canonical and prefix in r.text.upper()
            ]
            if found:
                self.findings.append(
                    finding(
                        self.source,
                        line.number,
                        "import-id",
                        f"no ballot id in the title; the record takes {found[0].canonical} "
                        f'from this line: "{_short(text)}".',
                        Severity.NOTICE,
                    )
                )
                return found, text, line.number
        for alias in self.post.aliases:
            found = [r for r in ballot_refs(alias.replace("-", " "), self.index) if r.canonical]
            if found:
                return found, self.post.title or alias, 1
        return [], "", 1

    def _check_spellings(self, ballot_id: str, version: int | None, name: str) -> None:
        """The post's id and version against every other place the body names them: a version
        the title does not give, or the id written with a digit off (SC-008 for SC-068)."""
        ids = self.index.rules.ids
        own = ids.number(ballot_id)
        reported: set[str] = set()
        for line in self.lines:
            for ref in ballot_refs(line.text, self.index):
                if not ref.canonical or ref.text in reported:
                    continue
                if ref.canonical == ballot_id:
                    if ref.version is not None and (version is None or ref.version > version):
                        reported.add(ref.text)
                        title_says = f"v{version}" if version else "no version"
                        self.inconsistent(
                            line.number,
                            f'this line names "{ref.text}" but the title gives {title_says} '
                            f'("{self.post.title}"); the record keeps the title\'s version.',
                        )
                    continue
                other = ids.number(ref.canonical)
                after = re.sub(r"^[\s:–—.-]+", "", line.text[ref.end :]).lower()
                named = bool(name) and after.startswith(name[:24].lower())
                if own is None or other is None or not (named or _alias_digits(line.text, ref)):
                    continue
                if not named and not _one_digit_off(own, other):
                    continue
                reported.add(ref.text)
                self.inconsistent(
                    line.number,
                    f'this line writes "{ref.text}" ({ref.canonical}) where the post is '
                    f"{ballot_id}: the id is spelled two ways; the record keeps {ballot_id}.",
                )

    def _check_post_date(self, periods: tuple[_Period | None, ...]) -> None:
        """A result post dated before the vote it reports has ended."""
        published = self.post.published
        voting = periods[1]
        if published is None or voting is None or voting.end is None:
            return
        if published < voting.end.date():
            self.inconsistent(
                1,
                f"the front matter dates the post {published.isoformat()}, before the voting "
                f"period it reports ends ({utc_text(voting.end)}).",
            )

    # --- vote lists ---------------------------------------------------------------------------

    def _class_for(self, text: str) -> MemberClass | None:
        cleaned = re.sub(r"[^a-z ]", "", unemphasize(text).lower()).strip()
        for cls in self.index.rules.voting_classes:
            name = cls.name.lower()
            if cleaned in (name, name + "s", name + "es"):
                return cls
        return None

    def _results(self) -> list[_ClassResult]:
        results: list[_ClassResult] = []
        current: _ClassResult | None = None
        for line in self.lines:
            if line.blank:
                continue
            head = self.headings.get(line.number) or bold_line(line.text)
            if head is not None:
                cls = self._class_for(head)
                if cls is not None:
                    current = _ClassResult(cls.id, cls.name, line.number)
                    results.append(current)
                    self.kept.discard(line.number)
                elif line.number in self.headings:
                    current = None
                continue
            if current is None:
                continue
            text = content_of(line)
            total = _TOTAL.match(text)
            if total:
                current.total = int(total.group("total"))
                current.total_quote = text.rstrip(":").strip()
                current.no_abstentions = bool(
                    re.search(r"no abstentions", total.group("rest"), re.I)
                )
                self.kept.discard(line.number)
                continue
            vote = _VOTE_LINE.match(text)
            if vote:
                orgs = self._orgs(vote.group("list"), line.number)
                quote = text[: vote.end("kind")].strip()
                current.lists.append(
                    _Listed(vote.group("kind"), int(vote.group("count")), orgs, line.number, quote)
                )
                self.kept.discard(line.number)
        return results

    def _orgs(self, text: str, line: int) -> list[str]:
        text = text.strip().rstrip(".").strip()
        if not text:
            return []
        pieces: list[str] = []
        depth = 0
        start = 0
        for position, char in enumerate(text):
            if char == "(":
                depth += 1
            elif char == ")":
                depth = max(0, depth - 1)
            elif char == "," and depth == 0:
                pieces.append(text[start:position])
                start = position + 1
        pieces.append(text[start:])
        pieces = [p.strip() for p in pieces if p.strip()]
        if pieces and " and " in pieces[-1] and resolve_org(self.index, pieces[-1]) is None:
            last = pieces.pop()
            pieces += [p.strip() for p in last.split(" and ") if p.strip()]
        out = []
        for piece in pieces:
            org = resolve_org(self.index, piece)
            if org is None and self.index.has_roster:
                self.findings.append(unknown_org(self.index, self.source, line, piece))
            out.append(org.name if org else piece)
        return out

    def _check_duplicates(self, classes: list[_ClassResult]) -> None:
        seen: dict[str, int] = {}
        for result in classes:
            for listed in result.lists:
                for org in listed.orgs:
                    if org in seen:
                        self.inconsistent(
                            listed.line,
                            f"{org} is listed twice (line {seen[org]} and here); "
                            "a vote counts once.",
                        )
                    seen.setdefault(org, listed.line)

    def _check_lists(self, classes: list[_ClassResult]) -> None:
        for result in classes:
            for listed in result.lists:
                if listed.stated != len(listed.orgs) and (listed.orgs or listed.stated):
                    named = _count(len(listed.orgs), "organization")
                    self.inconsistent(
                        listed.line,
                        f"{result.name}s: says '{listed.quote}' but lists {named}"
                        f"{': ' + ', '.join(listed.orgs) if 0 < len(listed.orgs) <= 4 else ''}.",
                    )
            if result.total is None:
                continue
            stated = sum(listed.stated for listed in result.lists)
            named = sum(len(listed.orgs) for listed in result.lists)
            figures = ", ".join(f"'{listed.quote}'" for listed in result.lists)
            if stated != result.total:
                self.inconsistent(
                    result.lists[0].line if result.lists else result.line,
                    f"{result.name}s: says '{result.total_quote}' but its figures add up to "
                    f"{stated} ({figures}).",
                )
            if named != result.total:
                self.inconsistent(
                    result.lists[0].line if result.lists else result.line,
                    f"{result.name}s: says '{result.total_quote}' but lists "
                    f"{_count(named, 'organization')}.",
                )
            abstained = [
                org for listed in result.lists if listed.kind == "ABSTAIN" for org in listed.orgs
            ]
            stated_abstain = sum(
                listed.stated for listed in result.lists if listed.kind == "ABSTAIN"
            )
            if result.no_abstentions and (abstained or stated_abstain):
                abstain_quote = next(
                    (lst.quote for lst in result.lists if lst.kind == "ABSTAIN"), ""
                )
                self.inconsistent(
                    result.line,
                    f"{result.name}s: says '{result.total_quote}' but also '{abstain_quote}'"
                    f"{': ' + ', '.join(abstained) if abstained else ''}.",
                )

    def _totals(self, classes: list[_ClassResult]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for result in classes:
            data: dict[str, int] = {}
            if result.total is not None:
                data["total"] = result.total
            for listed in result.lists:
                data[VOTE_WORDS[listed.kind]] = data.get(VOTE_WORDS[listed.kind], 0) + listed.stated
            out[result.class_id] = ordered(data, ("total", "yes", "no", "abstain"))
        return {k: v for k, v in out.items() if v}

    # --- what the post claims -----------------------------------------------------------------

    def _claims(
        self,
    ) -> tuple[
        dict[str, tuple[bool, int, str]], tuple[int, int, str] | None, tuple[str, int, str] | None
    ]:
        claims: dict[str, tuple[bool, int, str]] = {}
        quorum: tuple[int, int, str] | None = None
        announced: tuple[str, int, str] | None = None
        for line in self.lines:
            if line.blank or line.number in self.headings:
                continue
            text = content_of(line)
            if any(p.search(text) for p in _BOILERPLATE):
                self.kept.discard(line.number)
                continue
            outcome = _OUTCOME.search(text)
            if outcome:
                announced = (
                    outcome.group("outcome").lower(),
                    line.number,
                    outcome.group(0).replace("*", ""),
                )
                self.kept.discard(line.number)
                continue
            claim = _CLAIM.search(text)
            if not claim:
                continue
            met = claim.group("claim").upper() == "MET"
            quote = text[: claim.end()].strip()
            figure = re.search(r"quorum was (\d+)", text, re.I)
            if figure:
                quorum = (int(figure.group(1)), line.number, quote)
                claims["quorum"] = (met, line.number, quote)
            elif re.search(r"each (?:category|class)", text, re.I):
                claims["each"] = (met, line.number, _short(quote))
            else:
                for cls in self.index.rules.voting_classes:
                    if cls.name.lower() in text.lower():
                        claims[cls.id] = (met, line.number, _short(quote))
                        break
                else:
                    continue
            self.kept.discard(line.number)
        return claims, quorum, announced

    def _claimed_outcome(self, claims: dict[str, tuple[bool, int, str]]) -> str | None:
        if not claims:
            return None
        return "passed" if all(met for met, _, _ in claims.values()) else "failed"

    def _computed(
        self,
        classes: list[_ClassResult],
        votes: list[dict[str, str]],
        quorum: tuple[int, int, str] | None,
    ) -> dict[str, Any] | None:
        if not votes:
            return None
        members = {
            org: result.class_id
            for result in classes
            for listed in result.lists
            for org in listed.orgs
        }
        for org, class_id in members.items():
            known = self.index.roster.org(org)
            if known is not None and known.member_class and known.member_class != class_id:
                line = next(lst.line for r in classes for lst in r.lists if org in lst.orgs)
                self.findings.append(
                    finding(
                        self.source,
                        line,
                        "import-roster-class",
                        f"the post counts {org} as a {class_id} but members.yaml says "
                        f"{known.member_class}; the stored tally follows the post, so correct "
                        "members.yaml or the record.",
                    )
                )
        frozen: dict[str, Any] = {"voting_members": members}
        if quorum is not None:
            frozen["quorum_required"] = quorum[0]
        ballot = Ballot("import", {"votes": votes, "rules": frozen})
        tally = count_votes(ballot, self.index.rules, self.index.roster)
        self.tally = tally
        data = tally.result_data()
        data["tally"] = {
            key: value
            for key, value in data["tally"].items()
            if any(r.class_id == key for r in classes)
        }
        return ordered(data, ("outcome", "tally", "quorum", "participants", "decided"))

    def _check_claims(
        self,
        classes: list[_ClassResult],
        claims: dict[str, tuple[bool, int, str]],
        computed: dict[str, Any],
        quorum: tuple[int, int, str] | None,
        announced: tuple[str, int, str] | None,
    ) -> None:
        tally = self.tally
        for class_id, cls in tally.classes.items():
            if class_id not in claims:
                continue
            met, line, quote = claims[class_id]
            if met != cls.threshold_met:
                self.inconsistent(
                    line,
                    f"says '{quote}' but its {cls.name} lists give {cls.yes} yes, {cls.no} no: "
                    f"{cls.threshold.describe()} is {'met' if cls.threshold_met else 'not met'}.",
                )
        if "each" in claims:
            met, line, quote = claims["each"]
            if met != tally.each_class_has_yes:
                counts = ", ".join(f"{c.name} {c.yes} yes" for c in tally.classes.values())
                self.inconsistent(line, f"says '{quote}' but its lists give {counts}.")
        if "quorum" in claims and quorum is not None:
            met, line, quote = claims["quorum"]
            if met != (tally.participants >= quorum[0]):
                self.inconsistent(
                    line,
                    f"says '{quote}' but its lists name {tally.participants} participating "
                    "organizations.",
                )
        if announced is not None and announced[0] != computed["outcome"]:
            self.inconsistent(
                announced[1],
                f"announces '{announced[2]}' but its lists give {computed['outcome']} under "
                "the rules.",
            )
        claimed = self._claimed_outcome(claims)
        if announced is not None and claimed is not None and claimed != announced[0]:
            self.inconsistent(
                announced[1],
                f"announces '{announced[2]}' but its own requirement lines say "
                f"{'all MET' if claimed == 'passed' else 'NOT MET'}.",
            )

    # --- people -------------------------------------------------------------------------------

    def _people(self) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        for line in self.lines:
            text = content_of(line)
            match = _PERSON_LIST.search(text)
            if not match:
                continue
            proposers = self._person_list(match.group("proposers"), line.number, share_org=True)
            endorsers = self._person_list(match.group("endorsers"), line.number, share_org=False)
            for other in self.lines:
                if _PERSON_LIST.search(content_of(other)) and re.fullmatch(
                    r"(?:This ballot (?:is|was) |Ballot \S+ is "
                    r"|The following motion has been )?"
                    r"(?:proposed|written|authored|submitted|introduced) by .*",
                    content_of(other),
                ):
                    self.kept.discard(other.number)
            return proposers, endorsers
        return [], []

    def _person_list(self, text: str, line: int, share_org: bool) -> list[dict[str, str]]:
        text = text.strip().rstrip(".")
        parts = [
            p.strip() for p in re.split(r",\s*and\s+|,\s*|\s+and\s+(?![^()]*\))", text) if p.strip()
        ]
        people: list[tuple[str, str | None]] = []
        for part in parts:
            match = re.match(r"^(?P<name>[^()]+?)\s+of\s+(?P<org>.+)$", part) or re.match(
                r"^(?P<name>[^()]+?)\s*\((?P<org>.+)\)$", part
            )
            if match:
                people.append((match.group("name").strip(), match.group("org").strip()))
            elif people and not re.search(r"\s", part) and not share_org:
                continue
            else:
                people.append((part, None))
        if share_org:
            for position in range(len(people) - 2, -1, -1):
                name, org = people[position]
                if org is None:
                    people[position] = (name, people[position + 1][1])
        out = []
        for name, org_text in people:
            person = resolve_person(self.index, name)
            if person is None and self.index.has_roster:
                self.findings.append(unknown_person(self.index, self.source, line, name))
            org = resolve_org(self.index, org_text) if org_text else None
            if org_text and org is None and self.index.has_roster:
                self.findings.append(unknown_org(self.index, self.source, line, org_text))
            out.append(
                ordered(
                    {"name": person.name if person else name, "org": org.name if org else org_text},
                    ("name", "org"),
                )
            )
        return out

    # --- periods ------------------------------------------------------------------------------

    def _periods(self) -> tuple[_Period | None, _Period | None, _Period | None]:
        periods: dict[str, _Period] = {}
        current: str | None = None
        clocks: tuple[time | None, time | None] = (None, None)
        zone: str | None = None
        table_lines: list[int] = []
        for line in self.lines:
            if line.blank:
                continue
            text = content_of(line).strip("| ").strip()
            cells = [c.strip() for c in re.split(r"\||\t", content_of(line)) if c.strip()]
            header = re.search(
                r"Start time\s*\((?P<start>[^)]*)\).*End time\s*\((?P<end>[^)]*)\)", text, re.I
            )
            if header:
                clocks = (parse_clock(header.group("start")), parse_clock(header.group("end")))
                zone = zone_of(header.group("start")) or "UTC"
                table_lines.append(line.number)
                continue
            if re.fullmatch(r"[\s|:-]+", line.text):
                table_lines.append(line.number)
                continue
            review = re.match(
                r"^(?P<which>Start|End) of Review Period\s*:?\s*(?P<rest>.*)$", text, re.I
            )
            if review:
                value = parse_moment(review.group("rest"))
                if value is not None:
                    period = periods.setdefault(
                        "review", _Period(line=line.number, label="Review Period")
                    )
                    setattr(period, review.group("which").lower(), value)
                    self.kept.discard(line.number)
                continue
            label = re.match(
                r"^(?:Expected\s+)?(?P<which>Discussion|Vote for approval)\b(?P<rest>.*)$",
                text,
                re.I,
            )
            if label and len(text.split()) <= 12 + 4 * len(find_dates(text)):
                current = (
                    "voting" if label.group("which").lower().startswith("vote") else "discussion"
                )
                period = periods.setdefault(
                    current, _Period(line=line.number, label=cells[0] if cells else text)
                )
                days = re.search(r"\((?:at least |no less than )?(\d+)\+?\s*days?\)", text, re.I)
                if days:
                    period.days = int(days.group(1))
                    period.at_least = bool(re.search(r"at least|no less than|\+", days.group(0)))
                dates = [d for d in find_dates(text) if d.year is not None]
                if len(dates) >= 2:
                    start_day, end_day = dates[0].resolve(), dates[1].resolve()
                    if start_day and end_day:
                        period.start = moment(start_day, clocks[0], zone)
                        period.end = moment(end_day, clocks[1], zone)
                        self.kept.difference_update(table_lines)
                self.kept.discard(line.number)
                continue
            if current is None:
                continue
            bound = re.match(r"^(?P<which>S?tart|End)\b(?:\s+time)?(?P<rest>.*)$", text, re.I)
            if not bound:
                continue
            rest = bound.group("rest")
            value = parse_moment(rest, default_zone="UTC")
            if value is None:
                continue
            period = periods[current]
            if bound.group("which").lower().endswith("tart"):
                period.start = value
                self.kept.discard(line.number)
            else:
                period.end = value
                bounded = re.search(
                    r"no earlier than|on or after|not before|at the earliest", rest, re.I
                )
                if bounded:
                    period.end_definite = False
                    period.bound_words = bounded.group(0).lower()
                    self._bounded(current, period, line.number)
                self.kept.discard(line.number)
        discussion, voting, review = (
            periods.get("discussion"),
            periods.get("voting"),
            periods.get("review"),
        )
        self._check_periods(discussion, voting, review)
        return discussion, voting, review

    def _bounded(self, name: str, period: _Period, line: int) -> None:
        assert period.end is not None
        self.findings.append(
            finding(
                self.source,
                line,
                "import-bounded-end",
                f"the post gives the end of the {name} period only as a bound "
                f"('{period.bound_words} {utc_text(period.end)}'); the record keeps it under "
                f"published.bounds, not as the period's end.",
                Severity.NOTICE,
            )
        )

    def _check_periods(
        self, discussion: _Period | None, voting: _Period | None, review: _Period | None
    ) -> None:
        for period in (discussion, voting):
            if period is None or period.start is None or period.end is None or period.days is None:
                continue
            if not period.end_definite:
                continue
            length = period.end - period.start
            wanted = timedelta(days=period.days)
            if (period.at_least and length < wanted) or (not period.at_least and length != wanted):
                self.inconsistent(
                    period.line,
                    f"says '{period.label}' but gives {utc_text(period.start)} to "
                    f"{utc_text(period.end)} ({_duration(length)}).",
                )
        if (
            discussion
            and voting
            and voting.start
            and discussion.start
            and voting.start < discussion.start
        ):
            self.inconsistent(
                voting.line,
                f"voting starts {utc_text(voting.start)}, before the discussion period starts "
                f"({utc_text(discussion.start)}).",
            )
        elif (
            discussion
            and voting
            and voting.start
            and discussion.end
            and discussion.end_definite
            and voting.start < discussion.end
        ):
            self.inconsistent(
                voting.line,
                f"voting starts {utc_text(voting.start)}, before the discussion period ends "
                f"({utc_text(discussion.end)}).",
            )
        if review and voting and review.start and voting.end and review.start < voting.end:
            self.inconsistent(
                review.line,
                f"the review period starts {utc_text(review.start)}, before voting ends "
                f"({utc_text(voting.end)}).",
            )
        stated = None
        for line in self.lines:
            match = re.search(r"Review Period of (\d+) days", line.text)
            if match:
                stated = (int(match.group(1)), line.number)
                break
        if review and review.start and review.end and stated:
            length = review.end - review.start
            if abs(length - timedelta(days=stated[0])) > timedelta(days=2):
                self.inconsistent(
                    stated[1],
                    f"says 'Review Period of {stated[0]} days' but gives "
                    f"{utc_text(review.start)} to "
                    f"{utc_text(review.end)} ({_duration(length)}).",
                )

    # --- guideline, documents, versions -------------------------------------------------------

    def _guideline(self) -> str | None:
        for line in self.lines:
            text = content_of(line)
            match = re.search(r"proposes an? Final (Maintenance )?Guidelines?\b", text, re.I)
            if match:
                if re.fullmatch(
                    r"This ballot proposes an? Final (?:Maintenance )?Guidelines?(?: for [^.]*)?\. "
                    r"The procedure for (?:approval of )?this ballot is as follows:",
                    text,
                ):
                    self.kept.discard(line.number)
                return "final-maintenance-guideline" if match.group(1) else "final-guideline"
        for line in self.lines:
            match = re.search(r"is for one Final (Maintenance )?Guideline", line.text, re.I)
            if match:
                return "final-maintenance-guideline" if match.group(1) else "final-guideline"
        return None

    def _motion(self) -> str:
        text = "\n".join(line.text for line in self.lines)
        match = re.search(r"motion begins(?P<body>.*?)motion ends", text, re.I | re.S)
        return match.group("body") if match else text

    def _documents(self) -> list[str]:
        motion = self._motion()
        found: list[tuple[int, str]] = []
        for key, title in self.index.rules.documents.items():
            patterns = [re.escape(title), *DOCUMENT_HINTS.get(key, ()), rf"\b{re.escape(key)}s?\b"]
            positions = [m.start() for p in patterns for m in re.finditer(p, motion)]
            if positions:
                found.append((min(positions), key))
        return [key for _, key in sorted(found)]

    def _versions(self, version: int | None) -> list[dict[str, Any]]:
        last = version or 1
        text = "\n".join(line.text for line in self.lines)
        pulls = list(dict.fromkeys(_PR.findall(text)))
        pull = None
        for line in self.lines:
            found = _PR.findall(line.text)
            if found and re.search(r"pull request|\bPR\b", line.text, re.I):
                pull = found[0]
                break
        if pull is None and len(pulls) == 1:
            pull = pulls[0]
        compares = _COMPARE.findall(self._motion()) or _COMPARE.findall(text)
        compare = self._clean_url(compares[-1]) if compares else None
        versions: list[dict[str, Any]] = [{"version": n} for n in range(1, last)]
        versions.append(
            ordered(
                {"version": last, "pull_request": pull, "compare": compare},
                ("version", "pull_request", "compare"),
            )
        )
        return versions

    def _clean_url(self, url: str) -> str:
        cleaned = url.replace("%E2%80%A6", "...").replace("…", "...").rstrip(".,;")
        if cleaned != url.rstrip(".,;"):
            line = next((ln.number for ln in self.lines if url in ln.text), 1)
            self.findings.append(
                finding(
                    self.source,
                    line,
                    "import-url-repaired",
                    f"the redline link has an ellipsis character ('…') where a compare view needs "
                    f"'...'; the record has {cleaned}.",
                    Severity.NOTICE,
                )
            )
        return cleaned


def _period_data(period: _Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    data = {"start": utc_text(period.start) if period.start else None}
    if period.end and period.end_definite:
        data["end"] = utc_text(period.end)
    return ordered(data, ("start", "end")) or None


def _bounds(periods: tuple[_Period | None, ...]) -> dict[str, dict[str, str]] | None:
    out = {}
    for name, period in zip(("discussion", "voting", "review"), periods, strict=True):
        if period is not None and period.end is not None and not period.end_definite:
            out[name] = {"not_before": utc_text(period.end), "words": period.bound_words}
    return out or None


def _alias_digits(text: str, ref: Any) -> bool:
    """A reference inside a link or address (the post's own URL spelled with other digits)."""
    before = text[: ref.start]
    return bool(re.search(r"(?:https?://|/)\S*$", before))


def _one_digit_off(a: int, b: int) -> bool:
    """Two ballot numbers that differ in one digit of their three-digit form (068 and 008)."""
    left, right = f"{a:03d}", f"{b:03d}"
    return len(left) == len(right) and sum(x != y for x, y in zip(left, right, strict=True)) == 1


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _short(quote: str) -> str:
    """A requirement sentence shortened to its opening words and its claim."""
    if len(quote) <= 160:
        return quote
    claim = _CLAIM.search(quote)
    tail = quote[claim.start() :] if claim else quote[-40:]
    head = quote[: claim.start() if claim else 60]
    words = head.split()
    opening = " ".join(words[:10])
    return f"{opening} … {tail}" if len(words) > 10 else f"{head.strip()} {tail}"


def _duration(delta: timedelta) -> str:
    days = delta.total_seconds() / 86400
    return f"{days:g} days" if days != int(days) else f"{int(days)} days"
