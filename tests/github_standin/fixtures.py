"""The ``github_standin`` pytest fixture: a running stand-in whose contract is checked at teardown.

Load it with ``pytest_plugins = ["github_standin.fixtures"]``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import GitHubStandIn, running_standin


@pytest.fixture
def github_standin() -> Iterator[GitHubStandIn]:
    """A fresh stand-in with one repository, ``octo-org/governance``.

    Teardown fails the test if any response broke GitHub's published schemas.
    """
    with running_standin() as standin:
        yield standin
        standin.assert_contract()
