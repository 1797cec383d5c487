"""Every case the fuzz session (`nox -s fuzz`) found is kept in tests/fuzz_corpus/ and replayed here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fuzzing import check, corpus, run_case


def test_the_corpus_is_not_empty() -> None:
    assert corpus(), "tests/fuzz_corpus/ holds the cases the fuzz session found"


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.stem)
def test_a_kept_fuzz_case_is_handled(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    outcome = run_case(case)
    assert check(outcome) == [], (case.get("found"), outcome.stderr[-2000:])
