"""The vote lists per class, and the post's claims (totals, MET / NOT MET, quorum, outcome)
checked against them."""

from __future__ import annotations

import re
from typing import Any

from clerk.findings import Severity
from clerk.importers.ballots.base import (
    BOILERPLATE,
    CLAIM,
    OUTCOME,
    TOTAL,
    VOTE_LINE,
    VOTE_WORDS,
    BallotBase,
    ClassResult,
    Listed,
    Period,
    plural,
    short_quote,
)
from clerk.importers.dates import utc_text
from clerk.importers.forum import (
    bold_line,
    content_of,
    finding,
    ordered,
    unemphasize,
)
from clerk.importers.names import (
    resolve_org,
    unknown_org,
)
from clerk.records import Ballot, MemberClass
from clerk.tally import count_votes


class ResultsPart(BallotBase):
    """Votes and what the post says about them."""

    def _class_for(self, text: str) -> MemberClass | None:
        cleaned = re.sub(r"[^a-z ]", "", unemphasize(text).lower()).strip()
        for cls in self.index.rules.voting_classes:
            name = cls.name.lower()
            if cleaned in (name, name + "s", name + "es"):
                return cls
        return None

    def _results(self) -> list[ClassResult]:
        results: list[ClassResult] = []
        current: ClassResult | None = None
        for line in self.lines:
            if line.blank:
                continue
            head = self.headings.get(line.number) or bold_line(line.text)
            if head is not None:
                cls = self._class_for(head)
                if cls is not None:
                    current = ClassResult(cls.id, cls.name, line.number)
                    results.append(current)
                    self.kept.discard(line.number)
                elif line.number in self.headings:
                    current = None
                continue
            if current is None:
                continue
            text = content_of(line)
            total = TOTAL.match(text)
            if total:
                current.total = int(total.group("total"))
                current.total_quote = text.rstrip(":").strip()
                current.no_abstentions = bool(
                    re.search(r"no abstentions", total.group("rest"), re.I)
                )
                self.kept.discard(line.number)
                continue
            vote = VOTE_LINE.match(text)
            if vote:
                orgs = self._orgs(vote.group("list"), line.number)
                quote = text[: vote.end("kind")].strip()
                current.lists.append(
                    Listed(vote.group("kind"), int(vote.group("count")), orgs, line.number, quote)
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

    def _check_duplicates(self, classes: list[ClassResult]) -> None:
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

    def _check_lists(self, classes: list[ClassResult]) -> None:
        for result in classes:
            for listed in result.lists:
                if listed.stated != len(listed.orgs) and (listed.orgs or listed.stated):
                    named = plural(len(listed.orgs), "organization")
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
                    f"{plural(named, 'organization')}.",
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

    def _totals(self, classes: list[ClassResult]) -> dict[str, dict[str, int]]:
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
            if any(p.search(text) for p in BOILERPLATE):
                self.kept.discard(line.number)
                continue
            outcome = OUTCOME.search(text)
            if outcome:
                announced = (
                    outcome.group("outcome").lower(),
                    line.number,
                    outcome.group(0).replace("*", ""),
                )
                self.kept.discard(line.number)
                continue
            claim = CLAIM.search(text)
            if not claim:
                continue
            met = claim.group("claim").upper() == "MET"
            quote = text[: claim.end()].strip()
            figure = re.search(r"quorum was (\d+)", text, re.I)
            if figure:
                quorum = (int(figure.group(1)), line.number, quote)
                claims["quorum"] = (met, line.number, quote)
            elif re.search(r"each (?:category|class)", text, re.I):
                claims["each"] = (met, line.number, short_quote(quote))
            else:
                for cls in self.index.rules.voting_classes:
                    if cls.name.lower() in text.lower():
                        claims[cls.id] = (met, line.number, short_quote(quote))
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
        classes: list[ClassResult],
        votes: list[dict[str, str]],
        quorum: tuple[int, int, str] | None,
        voting: Period | None = None,
    ) -> dict[str, Any] | None:
        """The result the votes give under the rules. Quorum comes from the attendance of the
        meetings recorded before voting opened when all of them are; else from the post."""
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
        attended = self._quorum_from_attendance(voting, quorum)
        if attended is not None:
            frozen["quorum_required"] = attended
        elif quorum is not None:
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

    def _quorum_from_attendance(
        self,
        voting: Period | None,
        stated: tuple[int, int, str] | None,
    ) -> int | None:
        """Quorum from the meetings recorded before voting opened (None unless all of them
        are); a notice quoting both when the post states another figure."""
        if voting is None or voting.start is None:
            return None
        # the roster says who the Voting Members are: not only those who voted
        data = {"votes": [], "voting": {"start": utc_text(voting.start)}}
        facts = count_votes(
            Ballot("import", data), self.index.rules, self.index.roster, self.index.meeting_log
        ).quorum
        if facts.active is None or facts.required is None:
            return None
        if any(count == 0 for _, count in facts.meetings):
            return None  # a meeting recorded without its attendance says nothing of it
        if stated is not None and stated[0] != facts.required:
            rows = ", ".join(f"{day}: {count}" for day, count in facts.meetings)
            self.findings.append(
                finding(
                    self.source,
                    stated[1],
                    "import-quorum",
                    f"the post gives quorum {stated[0]} ('{short_quote(stated[2])}'); the "
                    f"meetings recorded before voting opened give {facts.required} (voting "
                    f"members present: {rows}). The result uses {facts.required}; "
                    f"published.quorum keeps {stated[0]}.",
                    Severity.NOTICE,
                )
            )
        return facts.required

    def _check_claims(
        self,
        classes: list[ClassResult],
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
