"""Provenance layer: checksums, quotes, figures in quotes (needs ../shared/sources)."""

from __future__ import annotations

from pathlib import Path

from conftest import errors, find_line, gate, get_cell, needs_sources, set_cell

pytestmark = needs_sources


def test_checksum_mismatch(pkg: Path) -> None:
    path = pkg / "data/reports.csv"
    line = find_line(path, report_id="430412-2022-de")
    set_cell(path, line, "source_sha256", "0" * 64)
    assert ("data/reports.csv", line, "source_sha256") in errors(gate(pkg, sources=True), "provenance.sha256")


def test_quote_not_in_report(pkg: Path) -> None:
    path = pkg / "data/staffing.csv"
    line = find_line(path, report_id="430412-2022-de", category="retired")
    set_cell(path, line, "source_quote", "退休人员4人")
    assert ("data/staffing.csv", line, "source_quote") in errors(gate(pkg, sources=True), "provenance.quote_not_found")


def test_figure_not_in_quote(pkg: Path) -> None:
    path = pkg / "data/budgets.csv"
    line = find_line(path, report_id="430406-2024-dse", item="basic", stage="initial_budget")
    assert get_cell(path, line, "amount") == "140.6"
    set_cell(path, line, "amount", "140.60")  # trailing zero not printed in the source
    assert ("data/budgets.csv", line, "amount") in errors(gate(pkg, sources=True), "provenance.figure_not_in_quote")


def test_issue_text_not_in_report(pkg: Path) -> None:
    path = pkg / "data/issues.csv"
    line = find_line(path, report_id="430406-2024-dse", kind="measure")
    set_cell(path, line, "text_zh", "一是进一步降低预算执行率。")
    assert ("data/issues.csv", line, "text_zh") in errors(gate(pkg, sources=True), "provenance.quote_not_found")


def test_source_file_missing(pkg: Path) -> None:
    path = pkg / "data/reports.csv"
    line = find_line(path, report_id="430412-2022-de")
    set_cell(path, line, "source_file", "999_missing.txt")
    assert ("data/reports.csv", line, "source_file") in errors(gate(pkg, sources=True), "provenance.source_missing")


def test_a_figure_printed_with_thousands_separators_is_found() -> None:
    from xinfang.gate.provenance import figure_in_quote

    assert figure_in_quote("1284", "全年共受理信访事项1,284件")
    assert figure_in_quote("13506", "共13，506宗")
    assert not figure_in_quote("1284", "1,2845件")  # a separator groups exactly three digits


def test_score_quote_not_in_report_and_score_not_in_its_quote(pkg: Path) -> None:
    path = pkg / "data/reports.csv"
    moved = find_line(path, report_id="430406-2024-dse")
    set_cell(path, moved, "score_quote", "部门整体支出绩效得分98分")
    wrong = find_line(path, report_id="510411-2022-fae")
    set_cell(path, wrong, "self_score", "92.0")  # the quote says 92.1
    report = gate(pkg, sources=True)
    assert ("data/reports.csv", moved, "score_quote") in errors(report, "provenance.quote_not_found")
    assert ("data/reports.csv", wrong, "self_score") in errors(report, "provenance.figure_not_in_quote")
    # the quote of 440112 is printed with spaces around the score and still found
    assert not [p for p in report.errors if p.rule.startswith("provenance.") and p.line not in (moved, wrong)]
