"""The Markdown job summary of a pull-request check: ballots touched, status, open tallies."""

from __future__ import annotations

from clerk.gate import Review
from clerk.inert import markdown_cell
from clerk.tally import count_votes
from clerk.views import tally_data


def _cell(text: object) -> str:
    return markdown_cell(str(text))


def job_summary(review: Review) -> str:
    errors = review.errors
    lines = ["## Clerk: pull request check", ""]
    if errors:
        lines.append(f"**{len(errors)} problem{'s' if len(errors) != 1 else ''} to fix.**")
        lines += ["", "| File | Line | Check | Message |", "|---|---|---|---|"]
        lines += [
            f"| {_cell(f.file)} | {f.line} | `{f.check}` | {_cell(f.message)} |" for f in errors
        ]
    else:
        lines.append("No problems found.")
    index = review.head_index
    if review.touched and index is not None:
        lines += ["", "### Ballots touched", "", "| Ballot | Title | Status |", "|---|---|---|"]
        for old, new in review.touched:
            if new is None:
                continue
            status = (
                new.status
                if old is None or old.status == new.status
                else (f"{old.status} → {new.status}")
            )
            lines.append(f"| {_cell(new.label)} | {_cell(new.title)} | {status} |")
        for _, new in review.touched:
            if new is None or new.status != "voting":
                continue
            tally = count_votes(new, index.rules, index.roster, index.meeting_log)
            data = tally_data(new, tally, index.rules, index.roster, review.now)
            lines += [
                "",
                f"### {_cell(new.label)} tally (voting until {data['voting']['end']})",
                "",
            ]
            lines += ["| Class | Yes | No | Abstain | Needs | Met |", "|---|---|---|---|---|---|"]
            for cls in data["classes"].values():
                met = "yes" if cls["met"] else "no"
                lines.append(
                    f"| {_cell(cls['name'])}s | {cls['yes']} | {cls['no']} | {cls['abstain']} | "
                    f"{cls['threshold_short']} | {met} |"
                )
            quorum = data["quorum"]
            required = quorum["required"] if quorum["required"] is not None else "unknown"
            lines.append("")
            lines.append(f"Quorum: {quorum['participants']} took part, {required} required.")
            lines += [f"- {_cell(need)}" for need in data["still_needed"]]
            if data["not_voted"]:
                lines.append(f"- not yet voted: {_cell(', '.join(data['not_voted']))}")
    return "\n".join(lines) + "\n"
