"""Identities: a contradiction is an error unless registered; a stale register entry is an error."""

from __future__ import annotations

from pathlib import Path

from conftest import errors, find_line, gate, read_rows, set_cell, write_rows

B = "data/budgets.csv"


def test_parts_must_sum_to_their_total(pkg: Path) -> None:
    path = pkg / B
    basic = find_line(path, report_id="430412-2022-de", item="basic", stage="executed")
    personnel = find_line(path, report_id="430412-2022-de", item="personnel", stage="executed")
    set_cell(path, personnel, "amount", "110.85")
    assert (B, basic, "amount") in errors(gate(pkg), "identity.parts_sum")


def test_share_must_match_its_amounts(pkg: Path) -> None:
    path = pkg / B
    line = find_line(path, report_id="430406-2024-dse", item="personnel", stage="executed")
    set_cell(path, line, "share_pct", "90.53")
    assert (B, line, "share_pct") in errors(gate(pkg), "identity.share_consistent")


def test_share_within_printed_rounding_passes(pkg: Path) -> None:
    # 110.58 / 132.39 = 83.53%: printed as 84 (no decimals) it is consistent
    line = find_line(pkg / B, report_id="430412-2022-de", item="personnel", stage="executed")
    assert (B, line, "share_pct") not in errors(gate(pkg), "identity.share_consistent")


def test_rate_must_match_its_amounts(pkg: Path) -> None:
    path = pkg / B
    line = find_line(path, report_id="430112-2020-dse", fund="all", item="expenditure_total", stage="executed")
    set_cell(path, line, "rate_pct", "75.59")
    assert (B, line, "rate_pct") in errors(gate(pkg), "identity.rate_consistent")


def test_change_must_match_its_percent(pkg: Path) -> None:
    path = pkg / B
    line = find_line(path, report_id="510411-2022-fae", fund="all", item="expenditure_total", stage="yoy_change")
    set_cell(path, line, "change_pct", "-23.8")
    assert (B, line, "change_pct") in errors(gate(pkg), "identity.change_consistent")


def test_restated_fact_must_agree(pkg: Path) -> None:
    path = pkg / "data/petition_metrics.csv"
    line = find_line(path, report_id="440112-2022-dse", metric="backlog_cases_assigned", scope="国家交办重复访专项件", statement="2")
    set_cell(path, line, "value", "489")
    assert ("data/petition_metrics.csv", line, "value") in errors(gate(pkg), "identity.restatement_consistent")


def test_subtotal_weights_and_scores(pkg: Path) -> None:
    path = pkg / "data/indicators.csv"
    line = find_line(path, report_id="430406-2024-dse", level1="满意度指标", row_kind="subtotal")
    set_cell(path, line, "weight", "15")
    assert ("data/indicators.csv", line, "weight") in errors(gate(pkg), "identity.weight_sum")


def test_table_total_against_project_table(pkg: Path) -> None:
    path = pkg / "data/projects.csv"
    line = find_line(path, project_id="51041121Y000000068012")
    set_cell(path, line, "total_score", "85")
    assert ("data/projects.csv", line, "total_score") in errors(gate(pkg), "identity.score_sum")


def test_score_never_above_weight(pkg: Path) -> None:
    path = pkg / "data/indicators.csv"
    line = find_line(path, report_id="430406-2024-dse", level3="信访工作法治化")
    set_cell(path, line, "score", "11")
    assert ("data/indicators.csv", line, "score") in errors(gate(pkg), "identity.score_within_weight")


def test_figure_stated_in_two_tables_must_agree(pkg: Path) -> None:
    path = pkg / "data/petition_metrics.csv"
    line = find_line(path, report_id="430406-2024-dse", metric="satisfaction_rate", statement="1")
    set_cell(path, line, "value", "99.42")
    ind = find_line(pkg / "data/indicators.csv", report_id="430406-2024-dse", metric="satisfaction_rate")
    assert ("data/indicators.csv", ind, "actual_value") in errors(gate(pkg), "identity.cross_table_consistent")


def test_unregistered_contradiction_is_an_error_registered_one_is_known(pkg: Path) -> None:
    report = gate(pkg)
    assert report.valid
    path = pkg / "data/anomalies.csv"
    rows = read_rows(path)
    removed = rows.pop(1)
    write_rows(path, rows)
    report = gate(pkg)
    assert any(removed[0] in p.hint for p in report.errors if p.rule.startswith("identity."))


def test_stale_register_entry_is_an_error(pkg: Path) -> None:
    path = pkg / B
    line = find_line(path, report_id="430406-2024-dse", item="public", stage="executed")
    set_cell(path, line, "share_pct", "8.47")  # now consistent: the registered anomaly is stale
    # keep the quote check out of it: provenance is not run here
    anomalies = pkg / "data/anomalies.csv"
    aline = find_line(anomalies, check_id="share_consistent:430406-2024-dse:budgets:department:gpb:public:executed:1")
    assert ("data/anomalies.csv", aline, "check_id") in errors(gate(pkg), "rules.stale_anomaly")


def test_unknown_register_entry_is_an_error(pkg: Path) -> None:
    path = pkg / "data/anomalies.csv"
    rows = read_rows(path)
    rows.append(["parts_sum:430412-2022-de:budgets:department:all:nothing:executed:purpose", "430412-2022-de", "parts_sum", "budgets", "1", "2", "x", "x"])
    write_rows(path, rows)
    assert ("data/anomalies.csv", len(rows), "check_id") in errors(gate(pkg), "rules.unknown_anomaly")


def test_register_entry_of_the_wrong_report_is_an_error(pkg: Path) -> None:
    path = pkg / "data/anomalies.csv"
    line = find_line(path, check_id="share_consistent:430406-2024-dse:budgets:department:gpb:public:executed:1")
    set_cell(path, line, "report_id", "430412-2022-de")
    assert ("data/anomalies.csv", line, "report_id") in errors(gate(pkg), "rules.anomaly_mismatch")
