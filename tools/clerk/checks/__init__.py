"""Cross-record checks. Each is a small generator with a stable id, yielding findings; none prints.

Findings carry a document path; the caller resolves it to a line with a `yamledit.Locator`.
The checks register themselves in `registry.CHECKS` when their module is imported.
"""

from __future__ import annotations

from clerk.checks import (  # noqa: F401  (registration)
    ballot_actors,
    ballot_state,
    ballots,
    meetings,
    roster,
    wording,
)
from clerk.checks.registry import CHECKS, check, finding, run_checks

__all__ = ["CHECKS", "check", "finding", "run_checks"]
