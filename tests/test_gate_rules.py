"""Rules layer: constraints generated from the Table Schemas, and rules only code expresses."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import errors, find_line, gate, get_cell, set_cell
from xinfang.gate.rules import pandera_schema
from xinfang.package import load_package

B = "data/budgets.csv"
PM = "data/petition_metrics.csv"


def test_pandera_schema_is_generated_from_the_table_schema() -> None:
    from conftest import ROOT

    pkg = load_package(ROOT)
    schema = pandera_schema(pkg.resources["budgets"])
    assert set(schema.columns) == set(pkg.resources["budgets"].field_names)
    share = schema.columns["share_pct"]
    assert any("100" in str(c) for c in share.checks)  # maximum 100 comes from budgets.schema.json


@pytest.mark.parametrize("table,match,column,value,rule", [
    ("budgets", {"report_id": "430412-2022-de", "item": "basic", "stage": "executed"}, "fund", "", "rules.required"),
    ("budgets", {"report_id": "430406-2024-dse", "item": "public", "stage": "executed"}, "share_pct", "109.47", "rules.in_range"),
    ("staffing", {"report_id": "430412-2022-de", "category": "retired"}, "value", "-3", "rules.greater_than_or_equal_to"),
    ("reports", {"report_id": "430406-2024-dse"}, "self_grade", "A", "rules.isin"),
    ("reports", {"report_id": "430406-2024-dse"}, "source_sha256", "abc", "rules.str_matches"),
    ("indicators", {"report_id": "430406-2024-dse", "row": "2"}, "row_kind", "heading", "rules.isin"),
    ("budgets", {"report_id": "430412-2022-de", "item": "basic", "stage": "executed"}, "source_quote", "x" * 81, "rules.str_length"),
])
def test_schema_constraint_violations(pkg: Path, table: str, match: dict[str, str], column: str, value: str, rule: str) -> None:
    path = pkg / f"data/{table}.csv"
    line = find_line(path, **match)
    set_cell(path, line, column, value)
    assert (f"data/{table}.csv", line, column) in errors(gate(pkg), rule)


def test_statement_sequence(pkg: Path) -> None:
    path = pkg / B
    line = find_line(path, report_id="430412-2022-de", item="basic", stage="executed")
    set_cell(path, line, "statement", "2")
    assert any(f == B and c == "statement" for f, _, c in errors(gate(pkg), "rules.statement_sequence"))


def test_project_in_report(pkg: Path) -> None:
    path = pkg / "data/issues.csv"
    line = find_line(path, report_id="510411-2022-fae", project_id="51041121Y000000068012")
    set_cell(path, line, "report_id", "430412-2022-de")
    assert ("data/issues.csv", line, "project_id") in errors(gate(pkg), "rules.project_in_report")


def test_amount_needed(pkg: Path) -> None:
    path = pkg / B
    line = find_line(path, report_id="430412-2022-de", item="basic", stage="yoy_change")
    set_cell(path, line, "amount", "")
    assert (B, line, "amount") in errors(gate(pkg), "rules.amount_needed")


def test_share_pair(pkg: Path) -> None:
    path = pkg / B
    line = find_line(path, report_id="430406-2024-dse", item="personnel", stage="executed")
    set_cell(path, line, "share_of", "")
    assert (B, line, "share_of") in errors(gate(pkg), "rules.share_pair")


def test_rate_only_on_executed(pkg: Path) -> None:
    path = pkg / B
    line = find_line(path, report_id="430406-2024-dse", item="basic", stage="initial_budget")
    set_cell(path, line, "rate_pct", "100")
    assert (B, line, "rate_pct") in errors(gate(pkg), "rules.rate_on_executed")


def test_change_only_on_change_rows(pkg: Path) -> None:
    path = pkg / B
    line = find_line(path, report_id="430406-2024-dse", item="basic", stage="initial_budget")
    set_cell(path, line, "change_pct", "5")
    assert (B, line, "change_pct") in errors(gate(pkg), "rules.change_on_change_row")


def test_percent_range(pkg: Path) -> None:
    path = pkg / PM
    line = find_line(path, report_id="430412-2022-de", metric="satisfaction_rate")
    set_cell(path, line, "value", "978")
    assert (PM, line, "value") in errors(gate(pkg), "rules.percent_range")


def test_value_needed(pkg: Path) -> None:
    path = pkg / PM
    line = find_line(path, report_id="430412-2022-de", metric="letters")
    set_cell(path, line, "value", "")
    assert (PM, line, "value") in errors(gate(pkg), "rules.value_needed")


def test_approx_pair(pkg: Path) -> None:
    path = pkg / PM
    line = find_line(path, report_id="430412-2022-de", metric="letters")
    set_cell(path, line, "approx", "true")
    assert (PM, line, "approx_marker") in errors(gate(pkg), "rules.approx_pair")


def test_parent_row(pkg: Path) -> None:
    path = pkg / "data/indicators.csv"
    line = find_line(path, report_id="430406-2024-dse", row="3")
    assert get_cell(path, line, "parent_row") == "2"
    set_cell(path, line, "parent_row", "3")
    assert ("data/indicators.csv", line, "parent_row") in errors(gate(pkg), "rules.parent_row")


def test_quote_whitespace(pkg: Path) -> None:
    path = pkg / "data/staffing.csv"
    line = find_line(path, report_id="430412-2022-de", category="retired")
    set_cell(path, line, "source_quote", get_cell(path, line, "source_quote") + "  ")
    assert ("data/staffing.csv", line, "source_quote") in errors(gate(pkg), "rules.quote_whitespace")


def test_descriptor_sources_drift(pkg: Path) -> None:
    path = pkg / "data/reports.csv"
    line = find_line(path, report_id="430406-2024-dse")
    set_cell(path, line, "fiscal_year", "2023")
    assert ("datapackage.json", None, "sources") in errors(gate(pkg), "rules.descriptor_sources")
