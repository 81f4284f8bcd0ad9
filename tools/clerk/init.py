"""`clerk init`: the files of a new governance repository, from a few answers.

Pure: `Setup` in, {relative path: text} out. The command writes them (and refuses a folder that
already holds records). The workflows and the README stub are templates shipped with Clerk under
`templates/init/`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources

from clerk import __version__

PREFIX = re.compile(r"^[A-Za-z]+$")
CLASS_ID = re.compile(r"[^a-z0-9]+")
KIND_ID = re.compile(r"^[a-z][a-z0-9-]*$")
THRESHOLD_RULES = ("at-least", "more-than", "half-plus-one")
WORKFLOWS = ("validate.yml", "advance.yml", "stale.yml")


@dataclass
class MemberClassSetup:
    name: str
    threshold: str = "more-than 1/2"  # rule, then fraction: "at-least 2/3", "half-plus-one"

    @property
    def id(self) -> str:
        return CLASS_ID.sub("-", self.name.lower()).strip("-") or "member"

    @classmethod
    def parse(cls, spec: str) -> MemberClassSetup:
        """'Member:at-least 2/3' (the threshold defaults to more than half)."""
        name, _, threshold = spec.partition(":")
        return cls(name.strip(), threshold.strip() or "more-than 1/2")


def parse_reviews(specs: list[str]) -> dict[str, int]:
    """'none' -> {}; '30' -> {'decision': 30}; 'final-guideline=60' -> {'final-guideline': 60}."""
    out: dict[str, int] = {}
    for spec in specs:
        text = spec.strip()
        if text.lower() in ("none", "no", ""):
            continue
        kind, _, days = text.rpartition("=")
        try:
            out[kind.strip() or "decision"] = int(days)
        except ValueError:
            raise ValueError(
                f"--review {spec!r}: none, a number of days, or KIND=DAYS (final-guideline=60)."
            ) from None
    return out


@dataclass
class Setup:
    """The answers `clerk init` needs; every one has a default but the body and prefix."""

    body: str
    prefix: str
    voting: str = "organizations"  # or individuals
    classes: list[MemberClassSetup] = field(default_factory=lambda: [MemberClassSetup("Member")])
    discussion_days: int = 7
    voting_days: int = 7
    lapse_days: int = 90
    endorsements: int = 1
    # Review length per kind of ballot; empty: no review, a ballot that passes is final.
    review_days: dict[str, int] = field(default_factory=dict)
    quorum_meetings: int = 0
    chair: str | None = None
    chair_github: str | None = None
    requirement: str = f"clerk-governance=={__version__}"

    def problems(self) -> list[str]:
        """What is wrong with the answers, in words (empty when they are usable)."""
        out = []
        if not self.body.strip():
            out.append("--body: give the body's name, e.g. 'Example Foundation TSC'.")
        if not PREFIX.match(self.prefix):
            out.append(f"--prefix {self.prefix!r}: an id prefix is letters only, e.g. TSC.")
        if self.voting not in ("organizations", "individuals"):
            out.append("--voting: organizations or individuals.")
        ids = [c.id for c in self.classes]
        if len(set(ids)) != len(ids):
            out.append("--class: two classes have the same id; give them distinct names.")
        for cls in self.classes:
            try:
                threshold_data(cls.threshold)
            except ValueError as exc:
                out.append(f"--class {cls.name}: {exc}")
        for name, value in (
            ("--discussion-days", self.discussion_days),
            ("--voting-days", self.voting_days),
            ("--lapse-days", self.lapse_days),
        ):
            if value < 1:
                out.append(f"{name} {value}: a period is at least 1 day.")
        if self.endorsements < 0 or self.quorum_meetings < 0:
            out.append("--endorsements and --quorum-meetings are 0 or more.")
        for kind, days in self.review_days.items():
            if not KIND_ID.match(kind):
                out.append(f"--review {kind}=...: a kind is lower-case letters and dashes.")
            if days < 1:
                out.append(f"--review {kind}={days}: a review lasts 1 day or more.")
        return out


def threshold_data(text: str) -> dict[str, str]:
    """'at-least 2/3' -> {'rule': 'at-least', 'fraction': '2/3'}; 'half-plus-one' alone."""
    parts = text.split()
    if not parts or parts[0] not in THRESHOLD_RULES:
        raise ValueError(
            f"threshold {text!r}: write a rule ({', '.join(THRESHOLD_RULES)}) and a fraction, "
            "e.g. 'at-least 2/3' or 'more-than 1/2'."
        )
    if parts[0] == "half-plus-one":
        return {"rule": "half-plus-one"}
    if len(parts) != 2 or not re.match(r"^[0-9]+/[1-9][0-9]*$", parts[1]):
        raise ValueError(f"threshold {text!r}: give the fraction as n/d, e.g. 'at-least 2/3'.")
    return {"rule": parts[0], "fraction": parts[1]}


def _q(text: str) -> str:
    """A YAML scalar: JSON's double-quoted form is valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def governance_yaml(setup: Setup) -> str:
    lines = [
        f"# The rules Clerk applies for {setup.body}. Every number is a setting; each key is",
        "# described in Clerk's schemas (an editor with YAML support shows the descriptions).",
        f"body: {_q(setup.body)}",
        "ballot_id:",
        f"  prefix: {setup.prefix}",
        "  digits: 3",
    ]
    if setup.chair:
        lines += ["chairs:", f"  - name: {_q(setup.chair)}", "    role: Chair"]
    lines += [
        "bot:",
        "  login: github-actions[bot]",
        "  name: Clerk",
        "  email: 41898282+github-actions[bot]@users.noreply.github.com",
        "# Who casts a vote: organizations (through their Voting Representatives) or individuals.",
        f"voting_unit: {setup.voting}",
        "classes:",
    ]
    for cls in setup.classes:
        threshold = threshold_data(cls.threshold)
        lines += [f"  {cls.id}:", f"    name: {_q(cls.name)}", "    votes: true", "    threshold:"]
        lines += [f"      {key}: {value}" for key, value in threshold.items()]
    lines += [
        "endorsements:",
        f"  required: {setup.endorsements}",
        "periods:",
        f"  discussion_min_days: {setup.discussion_days}",
        f"  discussion_lapse_days: {setup.lapse_days}",
        f"  voting_days: {setup.voting_days}",
    ]
    if not setup.review_days:
        lines += [
            "  # No review after adoption: a ballot that passes is final.",
            "  review_days: {}",
        ]
    else:
        lines += ["  review_days:"]
        lines += [f"    {kind}: {days}" for kind, days in setup.review_days.items()]
    lines += [
        "yes_in_each_class: true",
        "# Quorum: more than `fraction` of the average attendance of voting members at the last",
        "# `meetings` meetings before voting opens; meetings: 0 means no quorum.",
        "quorum:",
        f"  meetings: {setup.quorum_meetings}",
        "  fraction: 1/2",
        "# The body's own words in Clerk's output; plain defaults apply to what is not set.",
        "words:",
        "  review: Review",
    ]
    if setup.review_days:
        lines += ["  kinds:"]
        lines += [f"    {kind}: {_q('a ' + kind.replace('-', ' '))}" for kind in setup.review_days]
    return "\n".join(lines) + "\n"


def members_yaml(setup: Setup) -> str:
    cls = setup.classes[0].id
    if setup.voting == "individuals":
        lines = [
            f"# The roster of {setup.body}. Individuals vote: each person with a class",
            "# proposes, endorses and votes for themself. Add one entry per member:",
            "#",
            "#   - name: Ada Example",
            f"#     class: {cls}                # a class id from governance.yaml",
            "#     github: ada-example          # GitHub login: votes and pull requests",
            "#     affiliation: Example Corp    # optional, for information",
            "organizations: []",
        ]
        person_class = f"    class: {cls}"
    else:
        lines = [
            f"# The roster of {setup.body}: organizations with their class, and the people who",
            "# act for them. Add entries like these:",
            "#",
            "# organizations:",
            "#   - name: Example Corp",
            f"#     class: {cls}                # a class id from governance.yaml",
            "# people:",
            "#   - name: Ada Example",
            "#     org: Example Corp",
            "#     github: ada-example          # GitHub login: votes and pull requests",
            "#     voting_representative: true  # may propose, endorse and vote for the org",
            "organizations: []",
        ]
        person_class = ""
    if setup.chair:
        lines += ["people:", f"  - name: {_q(setup.chair)}"]
        if person_class:
            lines.append(person_class)
        if setup.chair_github:
            lines.append(f"    github: {setup.chair_github}")
    else:
        lines.append("people: []")
    return "\n".join(lines) + "\n"


def _template(name: str) -> str:
    return resources.files("clerk").joinpath("templates", "init", name).read_text("utf-8")


def _fill(text: str, setup: Setup) -> str:
    values = {
        "body": setup.body,
        "prefix": setup.prefix.upper(),
        "requirement": setup.requirement,
        "bot_name": "Clerk",
        "bot_email": "41898282+github-actions[bot]@users.noreply.github.com",
    }
    for key, value in values.items():
        text = text.replace(f"<<{key}>>", value)
    return text


def repository_files(setup: Setup) -> dict[str, str]:
    """Every file of the new repository but CODEOWNERS (made from the written roster)."""
    files = {
        "governance.yaml": governance_yaml(setup),
        "members.yaml": members_yaml(setup),
        "ballots/drafts/.gitkeep": "",
        "meetings/.gitkeep": "",
        "README.md": _fill(_template("README.md"), setup),
    }
    for name in WORKFLOWS:
        files[f".github/workflows/{name}"] = _fill(_template(f"workflows/{name}"), setup)
    return files
