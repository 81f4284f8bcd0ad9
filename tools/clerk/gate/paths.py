"""Which paths a change may touch at all, before any record is read: default deny.

Outside the chairs, a change touches only record files, as regular files (mode 100644):
`ballots/<ID>.yaml`, `ballots/drafts/<slug>.yaml` and `meetings/<YYYY>/<YYYY-MM-DD>.yaml`.
Every other path (code, packaging, `.gitattributes`, `.gitmodules`, `.github/`, hooks, docs, dot
files, anything new) is the chairs' alone. A symbolic link, gitlink or executable under
`ballots/` or `meetings/` is refused for everybody, and so is a name with a control character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from clerk.gate.actors import Actor
from clerk.gitrepo import REGULAR_FILE, RawChange
from clerk.ids import IdFormat
from clerk.records import BALLOTS_DIR, GOVERNANCE_FILE, MEETINGS_DIR

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MEETING_PATH = re.compile(r"meetings/(\d{4})/(\d{4})-\d{2}-\d{2}\.yaml")
MODE_NAMES = {
    "120000": "a symbolic link",
    "160000": "a gitlink (submodule)",
    "100755": "executable",
}


class PathKind(Enum):
    BALLOT = "ballot"
    MEETING = "meeting"
    CHAIRS = "chairs"  # any other path: the chairs' alone
    REFUSED = "refused"  # nobody may make this change


@dataclass(frozen=True)
class PathVerdict:
    kind: PathKind
    reason: str = ""


def record_kind(path: str, ids: IdFormat) -> PathKind | None:
    """BALLOT or MEETING when the path is a record file's canonical place, else None."""
    parts = path.split("/")
    if parts[0] == BALLOTS_DIR and path.endswith(".yaml"):
        if len(parts) == 2 and ids.canonical(parts[1][:-5]) == parts[1][:-5]:
            return PathKind.BALLOT
        if len(parts) == 3 and parts[1] == "drafts" and SLUG.fullmatch(parts[2][:-5]):
            return PathKind.BALLOT
    match = MEETING_PATH.fullmatch(path)
    if match and match.group(1) == match.group(2):
        return PathKind.MEETING
    return None


def classify(change: RawChange, ids: IdFormat) -> PathVerdict:
    """What kind of path a change touches, or why nobody may make it."""
    path = change.path
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        shown = path.encode("unicode_escape").decode("ascii")
        return PathVerdict(
            PathKind.REFUSED,
            f'the file name "{shown}" holds a control character (a line break or the like); '
            "such a name is refused for every path. Rename the file.",
        )
    if any("\udc80" <= c <= "\udcff" for c in path):
        return PathVerdict(PathKind.REFUSED, "the file name is not UTF-8; rename the file.")
    top = path.split("/", 1)[0]
    in_records = top in (BALLOTS_DIR, MEETINGS_DIR)
    if in_records and change.new_mode not in ("000000", REGULAR_FILE):
        what = MODE_NAMES.get(change.new_mode, f"mode {change.new_mode}")
        return PathVerdict(
            PathKind.REFUSED,
            f"{path} is {what}; under {BALLOTS_DIR}/ and {MEETINGS_DIR}/ only regular files "
            "(mode 100644) are kept, for everybody. Commit the record itself.",
        )
    kind = record_kind(path, ids)
    if kind is not None:
        return PathVerdict(kind)
    return PathVerdict(PathKind.CHAIRS)


def chairs_only_message(path: str, actor: Actor) -> str:
    where = (
        "is not a record file's place"
        if path.startswith((f"{BALLOTS_DIR}/", f"{MEETINGS_DIR}/"))
        else "is not a record"
    )
    return (
        f"{path} {where}; only the chairs named in {GOVERNANCE_FILE} may change it, and "
        f"{actor.name} is not one. Records live at ballots/<ID>.yaml, "
        "ballots/drafts/<slug>.yaml and meetings/<YYYY>/<YYYY-MM-DD>.yaml."
    )
