"""The complexity ceiling: no function of the package above a cyclomatic complexity of 15 (radon).

Run by `.ci/lint` (so by CI's `.ci/run`) before the tests; exits 1 and names each function over it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from radon.complexity import cc_visit

REPO = Path(__file__).resolve().parent.parent
CEILING = 15


def too_complex(root: Path = REPO / "generator") -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > CEILING:
                found.append(f"{path.relative_to(REPO)}:{block.lineno} {block.name} ({block.complexity})")
    return found


def main() -> int:
    found = too_complex()
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} functions above a cyclomatic complexity of {CEILING}: split them", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
