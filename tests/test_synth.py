"""The synthetic package: deterministic, valid through every layer, and every injected fault found."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from xinfang.gate.validate import run_gate
from xinfang.synth.build import synth


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    synth(12, 7, tmp_path / "a", faults=5)
    synth(12, 7, tmp_path / "b", faults=5)
    synth(12, 8, tmp_path / "c", faults=5)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_clean_synthetic_package_passes_every_layer(tmp_path: Path) -> None:
    counts = synth(30, 1, tmp_path)
    assert counts["anomalies"] >= 2 and counts["budgets"] > 20 * 30
    report = run_gate(tmp_path / "package", sources=tmp_path / "sources", docs_dir=None, parallel=False)
    assert report.valid, report.errors[:5]
    assert all(state == "ran" for state in report.layers.values()), report.layers
    assert sum(p.severity == "known" for p in report.problems) == counts["anomalies"]


@pytest.mark.parametrize("parallel", [False, True], ids=["in-process", "plausibility-in-worker"])
def test_every_injected_fault_is_found(tmp_path: Path, parallel: bool) -> None:
    from xinfang.synth.faults import KINDS

    synth(40, 2, tmp_path, faults=len(KINDS))
    manifest = json.loads((tmp_path / "faults.json").read_text(encoding="utf-8"))
    assert {m["kind"] for m in manifest} == set(KINDS)
    assert {m["file"] for m in manifest} >= {f"data/{t}.csv" for t in ("units", "reports", "budgets", "projects", "indicators",
                                                                       "petition_metrics", "staffing", "issues")}
    report = run_gate(tmp_path / "package", sources=tmp_path / "sources", docs_dir=None, parallel=parallel)
    found = {(p.file, p.line, p.rule) for p in report.errors}
    missed = [m for m in manifest if (m["file"], m["line"], m["rule"]) not in found]
    assert not missed


def test_report_ids_are_distinct_up_to_units_years_and_types(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_UNITS units each (unit, year) takes the next report type: units × years × types distinct reports."""
    from xinfang.synth import build

    monkeypatch.setattr(build, "MAX_UNITS", 7)  # 7 × 11 (unit, year) pairs a round, a multiple of 7 as 2,800 × 11 is
    years = build.LAST_YEAR - build.FIRST_YEAR + 1
    n = 7 * years * len(build.REPORT_TYPES)
    t = build.build(n, 3)
    header = t.rows["reports"][0]
    ids = [row[header.index("report_id")] for row in t.rows["reports"][1:]]
    assert len(ids) == n == len(set(ids))
    assert {row[header.index("report_type")] for row in t.rows["reports"][1:]} == {rt[0] for rt in build.REPORT_TYPES}
