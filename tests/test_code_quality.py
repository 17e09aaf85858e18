"""ruff and mypy stay clean: the project's own rule, checked where CI runs.

Both are test dependencies (`pip install ".[test]"`), so neither is ever skipped.
"""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO


def test_ruff() -> None:
    paths = ["generator", "tests", "benchmarks", "scripts"]
    for args in (["check", *paths], ["format", "--check", *paths]):
        result = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
