"""The gate on the real package and on harmless variants of it."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, gate, needs_sources
from xinfang.gate.validate import run_gate
from xinfang.package import load_package
from xinfang.problems import KNOWN


@needs_sources
def test_unchanged_copy_passes_every_layer(pkg: Path, tmp_path: Path) -> None:
    from conftest import SOURCES

    report = run_gate(pkg, sources=SOURCES, docs_dir=tmp_path / "docs")
    assert report.valid, [p for p in report.errors]
    assert all(state == "ran" for state in report.layers.values()), report.layers
    registered = len(load_package(pkg).table("anomalies"))  # every entry of the register is reported once, as known
    assert sum(p.severity == KNOWN for p in report.problems) == registered
    assert (tmp_path / "docs" / "index.html").is_file()


def test_copy_saved_with_crlf_line_endings_passes(pkg: Path) -> None:
    for csv_path in (pkg / "data").rglob("*.csv"):
        text = csv_path.read_text(encoding="utf-8")
        csv_path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    report = gate(pkg)
    assert report.valid, report.errors[:5]


def test_provenance_layer_is_skipped_with_a_notice_without_sources(pkg: Path) -> None:
    report = run_gate(pkg, sources=None, docs_dir=None, skip=("plausibility",))
    assert report.layers["provenance"].startswith("skipped")
    assert any(p.rule == "provenance.skipped" for p in report.problems)


def test_all_problems_are_collected_in_one_run(pkg: Path) -> None:
    """Faults in three layers are all reported: the gate never stops at the first."""
    from conftest import find_line, set_cell

    b = pkg / "data/budgets.csv"
    l1 = find_line(b, report_id="430412-2022-de", item="basic", stage="executed")
    set_cell(b, l1, "amount", "abc")  # structure: type error
    l2 = find_line(b, report_id="430406-2024-dse", item="public", stage="executed")
    set_cell(b, l2, "fund", "nonsense")  # structure: foreign key
    s = pkg / "data/staffing.csv"
    l3 = find_line(s, report_id="430412-2022-de", category="retired")
    set_cell(s, l3, "note", "=HYPERLINK()")  # safety: formula
    rules = {p.rule for p in gate(pkg).errors}
    assert {"structure.type", "structure.foreign_key", "safety.formula"} <= rules


def test_real_package_root_is_valid_without_provenance() -> None:
    assert gate(ROOT).valid


@needs_sources
def test_in_workers_the_gate_reports_what_it_reports_in_one_process(pkg: Path) -> None:
    """The national-scale schedule (workers, forks) on the real package with faults in every layer,
    and with a core table unreadable: the same problems as one process, and no anomaly called unknown
    because the identities could not run."""
    from conftest import SOURCES, find_line, set_cell

    b = pkg / "data/budgets.csv"
    set_cell(b, find_line(b, report_id="430412-2022-de", item="basic", stage="executed"), "amount", "abc")
    s = pkg / "data/staffing.csv"
    set_cell(s, find_line(s, report_id="430412-2022-de", category="retired"), "note", "=HYPERLINK()")
    set_cell(b, 17, "amount", "164.09")  # 430406's basic expenditure against its parts (an identity) and its quote
    key = lambda r: sorted((p.severity, p.file, p.line or 0, p.column or "", p.rule, p.message) for p in r.problems)  # noqa: E731
    one = run_gate(pkg, sources=SOURCES, skip=("plausibility",), parallel=False)
    many = run_gate(pkg, sources=SOURCES, skip=("plausibility",), parallel=True)
    assert {p.layer for p in one.errors} >= {"safety", "structure", "rules", "provenance"}
    assert key(many) == key(one)
    assert many.layers == one.layers
    i = pkg / "data/indicators.csv"
    i.write_bytes(i.read_text(encoding="utf-8").encode("gb18030"))
    broken = run_gate(pkg, sources=SOURCES, skip=("plausibility",), parallel=True)
    assert key(broken) == key(run_gate(pkg, sources=SOURCES, skip=("plausibility",), parallel=False))
    assert any(p.rule == "safety.encoding" for p in broken.errors)
    assert not [p for p in broken.errors if p.rule == "rules.unknown_anomaly"]
    assert broken.layers["provenance"] == "ran"  # it checks the other tables' quotes; it does not open the unreadable one
