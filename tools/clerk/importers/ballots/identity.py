"""The ballot's id, version and title, and every other way the post names them."""

from __future__ import annotations

import re
from typing import Any

from clerk.findings import ClerkError, Severity
from clerk.importers.ballots.base import (
    BallotBase,
    Period,
    short_quote,
)
from clerk.importers.dates import (
    utc_text,
)
from clerk.importers.forum import (
    ballot_refs,
    content_of,
    finding,
    heading_text,
)


class IdentityPart(BallotBase):
    """Id, title and the post's own spellings of them."""

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
                        f'from this line: "{short_quote(text)}".',
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

    def _check_post_date(self, periods: tuple[Period | None, ...]) -> None:
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


def _alias_digits(text: str, ref: Any) -> bool:
    """A reference inside a link or address (the post's own URL spelled with other digits)."""
    before = text[: ref.start]
    return bool(re.search(r"(?:https?://|/)\S*$", before))


def _one_digit_off(a: int, b: int) -> bool:
    """Two ballot numbers that differ in one digit of their three-digit form (068 and 008)."""
    left, right = f"{a:03d}", f"{b:03d}"
    return len(left) == len(right) and sum(x != y for x, y in zip(left, right, strict=True)) == 1
