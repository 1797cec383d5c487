"""Plausibility layer (Great Expectations): magnitudes, years, coverage; Data Docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_package, errors, find_line, gate, read_rows, set_cell, write_rows
from xinfang.gate.plausibility import check_plausibility
from xinfang.package import load_package


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, int]]]:
    """One copy with one fault per plausibility rule, in different reports (one GE run for all)."""
    pkg = copy_package(tmp_path_factory.mktemp("plaus") / "pkg")
    where: dict[str, tuple[str, int]] = {}
    b, r = pkg / "data/budgets.csv", pkg / "data/reports.csv"
    s, p = pkg / "data/staffing.csv", pkg / "data/petition_metrics.csv"
    # coverage first (it deletes rows): 000 loses every petition figure, 001 its budget totals
    rows = read_rows(p)
    write_rows(p, [rows[0]] + [x for x in rows[1:] if x[0] != "430412-2022-de"])
    where["plausibility.coverage_petition"] = ("data/reports.csv", find_line(r, report_id="430412-2022-de"))
    rows = read_rows(b)
    keep = [x for x in rows[1:] if not (x[0] == "430112-2020-dse" and x[4] in ("expenditure_total", "basic", "income_total"))]
    write_rows(b, [rows[0]] + keep)
    where["plausibility.coverage_budget"] = ("data/reports.csv", find_line(r, report_id="430112-2020-dse"))
    line = find_line(b, report_id="430406-2024-dse", item="basic", stage="initial_budget")
    set_cell(b, line, "amount", "1406000")  # 140.6 万元 x 10,000
    where["plausibility.amount_magnitude"] = ("data/budgets.csv", line)
    line = find_line(r, report_id="430112-2020-dse")
    set_cell(r, line, "fiscal_year", "1920")
    where["plausibility.year_range"] = ("data/reports.csv", line)
    line = find_line(s, report_id="430412-2022-de", category="retired")
    set_cell(s, line, "value", "3000")
    where["plausibility.staff_magnitude"] = ("data/staffing.csv", line)
    line = find_line(p, report_id="440112-2022-dse", metric="volume_total", period="report_year")
    set_cell(p, line, "value", "135060000")
    where["plausibility.count_magnitude"] = ("data/petition_metrics.csv", line)
    # edges, for the two engines' agreement: bounds are inclusive, a missing or unparsable number is not checked
    set_cell(b, find_line(b, report_id="430412-2022-de", item="basic", stage="executed"), "amount", "20000")
    set_cell(b, find_line(b, report_id="430406-2024-dse", item="public", stage="executed"), "amount", "-20000.01")
    set_cell(s, find_line(s, report_id="430412-2022-de", category="retired") + 1, "value", "")
    set_cell(p, find_line(p, report_id="440112-2022-dse", metric="volume_total", period="report_year") + 1, "value", "1,284")
    return pkg, where


@pytest.mark.parametrize("rule", ["plausibility.amount_magnitude", "plausibility.year_range", "plausibility.staff_magnitude",
                                  "plausibility.count_magnitude", "plausibility.coverage_petition", "plausibility.coverage_budget"])
def test_plausibility_rule(faulty: tuple[Path, dict[str, tuple[str, int]]], rule: str, report_cache: dict) -> None:
    pkg, where = faulty
    if "r" not in report_cache:
        report_cache["r"] = gate(pkg, plausibility=True)
    file, line = where[rule]
    assert (file, line) in {(f, ln) for f, ln, _ in errors(report_cache["r"], rule)}


@pytest.fixture(scope="module")
def report_cache() -> dict:
    return {}


def test_pandas_engine_finds_what_great_expectations_finds(faulty: tuple[Path, dict[str, tuple[str, int]]], tmp_path: Path) -> None:
    """The fast path (no Data Docs asked for) and Great Expectations run the same declarations:
    the same problems, messages included, on the fault corpus."""
    pkg, where = faulty
    fast = sorted(check_plausibility(load_package(pkg), None, engine="pandas"))
    slow = sorted(check_plausibility(load_package(pkg), None, engine="great_expectations"))
    assert {p.rule for p in fast} >= set(where)
    assert fast == slow
    with_docs = sorted(check_plausibility(load_package(pkg), tmp_path / "docs"))  # Data Docs asked for: Great Expectations
    assert with_docs == slow
    assert (tmp_path / "docs" / "index.html").is_file()


def test_without_data_docs_great_expectations_is_not_imported(pkg: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from xinfang.gate.validate import run_gate; run_gate(sys.argv[1], docs_dir=None); "
            "print('great_expectations' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(pkg)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_xinfang_validate_builds_data_docs_only_when_asked(pkg: Path, tmp_path: Path) -> None:
    """A plain `xinfang validate` pays no Great Expectations start-up and writes no Data Docs; with
    --data-docs DIR (as `nox -s validate` and CI ask) Great Expectations runs and writes them."""
    import subprocess
    import sys

    code = ("import sys; from xinfang.cli import main; code = main(sys.argv[1:]); "
            "print(code, 'great_expectations' in sys.modules)")
    plain = subprocess.run([sys.executable, "-c", code, "validate", str(pkg), "--skip", "provenance", "--format", "json"],
                           capture_output=True, text=True, cwd=tmp_path)
    assert plain.stdout.strip().splitlines()[-1] == "0 False"
    assert not (tmp_path / "build").exists()
    docs = subprocess.run([sys.executable, "-c", code, "validate", str(pkg), "--skip", "provenance", "--format", "json", "--data-docs", "docs"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert docs.stdout.strip().splitlines()[-1] == "0 True"
    assert (tmp_path / "docs" / "index.html").is_file()


def test_a_projects_amounts_printed_in_yuan_are_judged_in_wan(pkg: Path) -> None:
    """projects.unit 元: 1,406,000 元 is 140.6 万元, plausible; the same figure in 万元 is 10,000 times too large."""
    path = pkg / "data/projects.csv"
    line = find_line(path, report_id="440112-2022-dse", project_id="p1")
    set_cell(path, line, "executed", "1406000")
    set_cell(path, line, "unit", "元")
    assert ("data/projects.csv", line, "executed") not in errors(gate(pkg, plausibility=True), "plausibility.amount_magnitude")
    set_cell(path, line, "unit", "万元")
    assert ("data/projects.csv", line, "executed") in errors(gate(pkg, plausibility=True), "plausibility.amount_magnitude")


def test_petition_figures_stated_only_in_a_table_count(pkg: Path) -> None:
    """A self-evaluation that is only a table states its petition figures as indicators with a metric
    (docs/transcription.md: never copied into petition_metrics): that meets coverage_petition; the same
    report with neither petition_metrics rows nor a metric on its indicators does not."""
    p, ind, r = pkg / "data/petition_metrics.csv", pkg / "data/indicators.csv", pkg / "data/reports.csv"
    rows = read_rows(p)
    write_rows(p, [rows[0]] + [x for x in rows[1:] if x[0] != "430406-2024-dse"])
    line = find_line(r, report_id="430406-2024-dse")

    def coverage_lines() -> set[int | None]:
        found = check_plausibility(load_package(pkg), None, engine="pandas")
        return {x.line for x in found if x.rule == "plausibility.coverage_petition"}

    assert line not in coverage_lines()
    rows = read_rows(ind)
    col = rows[0].index("metric")
    write_rows(ind, [rows[0]] + [x[:col] + [""] + x[col + 1:] if x[0] == "430406-2024-dse" else x for x in rows[1:]])
    assert line in coverage_lines()
