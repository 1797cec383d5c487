"""The identity engine against a golden list of checks (every field of every check).

The golden file was written by the row-by-row engine the columnar one replaced, on a small
synthetic package with injected faults and some cells changed at random (``golden_package``).
A change of engine must give the same checks; a change of the rules themselves changes the
golden list on purpose: review the difference, then regenerate it with

    python tests/test_identities_golden.py   (writes tests/golden/identities.json)
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path
from typing import Any

from xinfang.identities import Check, all_checks, failing_checks
from xinfang.package import load_package
from xinfang.synth.build import synth

GOLDEN = Path(__file__).parent / "golden" / "identities.json"
# cells changed at random: numbers, statements, references between rows
CHANGED = {
    "budgets": ["amount", "share_pct", "rate_pct", "change_pct", "statement", "share_of"],
    "petition_metrics": ["value", "change_pct", "statement", "approx"],
    "staffing": ["value", "statement"],
    "indicators": ["weight", "score", "actual_value", "parent_row"],
    "projects": ["executed", "execution_rate_pct", "adjusted_budget", "initial_budget", "total_score", "total_weight"],
    "reports": ["self_score"],
}


def _change(value: str, rng: random.Random, others: list[str]) -> str:
    r = rng.random()
    if r < 0.15:
        return ""
    if r < 0.35:
        return rng.choice(others)
    try:
        x = float(value)
    except ValueError:
        return rng.choice(others)
    d = len(value.split(".")[1]) if "." in value else 0
    x = x * rng.choice([1, 1, 0.5, 2, 1.01]) + rng.choice([0, 0.01, -0.01, 1, -1])
    return f"{x:.{rng.choice([d, d, 0, 1, 2])}f}"


def golden_package(tmp: Path) -> Path:
    synth(10, 3, tmp, faults=8)
    root = tmp / "package"
    rng = random.Random(5)
    for table, cols in CHANGED.items():
        path = root / "data" / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        for _ in range(12):
            i = rng.randrange(1, len(rows))
            j = rows[0].index(rng.choice(cols))
            rows[i][j] = _change(rows[i][j], rng, [r[j] for r in rows[1:]])
        i = rng.randrange(1, len(rows))
        rows.insert(rng.randrange(1, len(rows)), list(rows[i]))  # a fact stated twice
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
    return root


def as_row(c: Any) -> list[Any]:
    return [c.check_id, c.rule, c.report_id, c.table, c.line, c.column, c.stated, c.expected, c.tolerance, c.ok, c.message]


def test_every_check_as_the_golden_list(tmp_path: Path) -> None:
    pkg = load_package(golden_package(tmp_path))
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = [as_row(c) for c in all_checks(pkg)]
    assert len(golden) > 300 and any(not r[9] for r in golden)  # the golden list is not trivial
    assert [r[0] for r in got] == [r[0] for r in golden]
    for g, r in zip(golden, got, strict=True):
        assert r == g, f"{g[0]}: {[(k, a, b) for k, a, b in zip(Check.__dataclass_fields__, g, r, strict=True) if a != b]}"


def test_gate_path_builds_the_same_failing_and_registered_checks(tmp_path: Path) -> None:
    pkg = load_package(golden_package(tmp_path))
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    registered = {golden[0][0], golden[-1][0]}
    wanted = [r for r in golden if not r[9] or r[0] in registered]
    assert [as_row(c) for c in failing_checks(pkg, registered)] == wanted
    # a national package is checked a slice of reports at a time: the same checks, in the same order
    assert len({r[2] for r in wanted}) > 3
    for per_slice in (1, 3):
        assert [as_row(c) for c in failing_checks(pkg, registered, per_slice=per_slice)] == wanted
    # workers sharing the slices: their checks merged are the whole
    shares = [failing_checks(pkg, registered, per_slice=2, share=(k, 3)) for k in range(3)]
    assert all(shares)
    assert [as_row(c) for c in sorted((c for s in shares for c in s), key=lambda c: c.check_id)] == wanted


if __name__ == "__main__":  # regenerate the golden list with the engine installed
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        engine = all_checks
        if len(sys.argv) > 1:  # another engine module, e.g. a copy of an older identities.py
            import importlib.util

            spec = importlib.util.spec_from_file_location("engine", sys.argv[1])
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            sys.modules["engine"] = module
            spec.loader.exec_module(module)
            engine = module.all_checks
        rows = [as_row(c) for c in engine(load_package(golden_package(Path(tmp))))]
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n", encoding="utf-8")
    print(f"{GOLDEN}: {len(rows)} checks")
