"""A sync cut off at any request converges: same record, no duplicate comment or reaction.

For every position of the requests a sync makes, the stand-in fails that one request, either
answering 500 (and Clerk does not retry: the run ends there) or performing it and losing the
answer (Clerk retries, and must find what the lost request did). A clean run follows, and a
third run must write nothing. The end state must equal that of a run without faults.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clerk import github
from clerk.repository import load_index
from clerk.votes.sync import sync_votes
from conftest import git, make_runner, open_vote
from github_standin import TEST_TOKEN, FaultKind, GitHubStandIn, running_standin

NOW = datetime(2025, 11, 10, 12, tzinfo=UTC)
COMMENTS = [
    ("alice-chair", "/vote yes", "2025-11-09T10:00:00Z"),
    ("bob-b", "/vote no", "2025-11-09T11:00:00Z"),
    ("dan-d", "/vote yes", "2025-11-09T12:00:00Z"),
    ("zoe-z", "/vote yes", "2025-11-09T13:00:00Z"),  # not a Voting Representative
    ("erin-e", "/vote yes\n/vote no", "2025-11-09T14:00:00Z"),  # two commands
    ("bob-b", "/vote yes", "2025-11-09T15:00:00Z"),  # changes its vote
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Records with SC005 in voting since 2025-11-08T14:00Z and /vote turned on."""
    root = tmp_path_factory.mktemp("template") / "records"
    shutil.copytree(Path(__file__).parent / "fixtures" / "repo", root)
    governance = root / "governance.yaml"
    governance.write_text(governance.read_text() + "voting:\n  channels: [comment]\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "records")
    open_vote(make_runner(root))
    return root


def run(root: Path, standin: GitHubStandIn, attempts: int = 4) -> None:
    retry = github.RetryPolicy(attempts=attempts, backoff=0, secondary_wait=0)
    with github.connect(
        TEST_TOKEN, standin.repository, standin.base_url, fast=True, label="clerk-vote"
    ) as client:
        sync_votes(client, root, load_index(root), NOW, commit=True, retry=retry)


def prepared(template: Path, where: Path, standin: GitHubStandIn) -> Path:
    """A copy of the records, the vote issue opened by a first run, and the comments posted."""
    root = where / "records"
    shutil.copytree(template, root)
    run(root, standin)
    for user, body, when in COMMENTS:
        moment = datetime.fromisoformat(when.replace("Z", "+00:00"))
        standin.seed_comment(1, body, user=user, created_at=moment)
    standin.clear_log()
    return root


def state(root: Path, standin: GitHubStandIn) -> dict:
    """Everything a sync leaves behind, with the stand-in's port and ids made comparable."""
    [issue] = standin.issues()
    ids = {c.id: n for n, c in enumerate(issue.comments)}

    def plain(text: str) -> str:
        text = text.replace(standin.origin, "ORIGIN")
        return re.sub(r"(issuecomment-|reply:)(\d+)", lambda m: f"{m[1]}#{ids[int(m[2])]}", text)

    return {
        "record": plain((root / "ballots" / "SC005.yaml").read_text()),
        "comments": [(c.user, plain(c.body)) for c in issue.comments],
        "reactions": [[(r.user, r.content) for r in c.reactions] for c in issue.comments],
        "issue": (issue.state, issue.title, plain(issue.body or "")),
    }


@pytest.fixture(scope="module")
def reference(template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, int]:
    """The state after one clean run, and how many requests that run made."""
    with running_standin(login="clerk-bot") as standin:
        root = prepared(template, tmp_path_factory.mktemp("reference"), standin)
        run(root, standin)
        count = len(standin.requests)
        standin.assert_contract()
        return state(root, standin), count


def test_reference_run(reference: tuple[dict, int]) -> None:
    expected, count = reference
    # the issue list, its comments, 4 reactions (alice, bob twice, dan), 2 answers, the tally
    assert count == 9
    replies = [body for user, body in expected["comments"] if "clerk:SC005:reply:" in body]
    assert len(replies) == 2


@pytest.mark.parametrize("kind", [FaultKind.SERVER_ERROR, FaultKind.LOST_RESPONSE])
def test_fault_at_every_request_converges(
    template: Path,
    reference: tuple[dict, int],
    kind: FaultKind,
    tmp_path: Path,
) -> None:
    expected, count = reference
    for position in range(1, count + 1):
        with running_standin(login="clerk-bot") as standin:
            root = prepared(template, tmp_path / f"{kind.name}-{position}", standin)
            fault = standin.inject(kind, nth=position)
            try:
                run(root, standin, attempts=1 if kind is FaultKind.SERVER_ERROR else 2)
            except github.GitHubError:
                assert kind is FaultKind.SERVER_ERROR
            assert fault.hits == 1
            standin.clear_faults()
            run(root, standin)
            standin.clear_log()
            run(root, standin)
            assert standin.writes == [], position
            assert state(root, standin) == expected, f"{kind.name} at request {position}"
            standin.assert_contract()
