"""One-time migration: `proposer: {name, org}` becomes `proposers: [{name, org}]` in ballot
records (ballots now hold co-proposers). Run once on a records repository:

    python tools/migrations/proposers_list.py [ROOT]

Edits each file in place through the round-trip YAML writer, so only those lines change; a
record already migrated is left alone, so running it twice changes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from clerk import yamledit
from clerk.procedure import put


def migrate(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    doc = yamledit.load_roundtrip(text)
    if not isinstance(doc, dict) or "proposer" not in doc or "proposers" in doc:
        return False
    proposer = doc.pop("proposer")
    put(doc, "proposers", [proposer])
    yamledit.atomic_write(path, yamledit.dump_minimal(text, doc))
    return True


def main(root: Path) -> int:
    changed = [p for p in sorted((root / "ballots").rglob("*.yaml")) if migrate(p)]
    for path in changed:
        print(path.relative_to(root))
    print(f"{len(changed)} records migrated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
