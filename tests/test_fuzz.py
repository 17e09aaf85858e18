"""The hostile corpus (tests/hostile.py): a sample of every family on every run, the whole
corpus with GONGWEN_FUZZ=all (or `python scripts/fuzz.py`, which reports per family)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from . import hostile

CASES = hostile.all_cases()
CHOSEN = CASES if os.environ.get("GONGWEN_FUZZ") == "all" else hostile.sample(CASES, 2)


def test_the_corpus_is_large_and_covers_every_family() -> None:
    families = Counter(case.family for case in CASES)
    assert len(CASES) >= 300
    assert set(families) == {
        "zip-methods", "zip-sizes", "damaged", "huge", "file-types", "sandbox-bombs", "cell-types", "active-content",
        "notices",
    }  # fmt: skip
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    hostile.prepare_master(root)
    return root


@pytest.mark.parametrize("case", CHOSEN, ids=[case.id for case in CHOSEN])
def test_a_hostile_file_gets_a_clear_answer_within_bounds(case: hostile.Case, fuzz_root: Path) -> None:
    outcome = hostile.run_case(case, fuzz_root)
    assert outcome.problems == [], (outcome.problems, outcome.output[-1500:])
    assert outcome.exit_code in (0, 1, 2)
