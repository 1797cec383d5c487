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


def test_a_projects_rate_is_of_its_initial_budget_and_the_addition_the_budgets_table_states(pkg: Path) -> None:
    """项目年初预算35.00万元，年中追加12.25万元，实际支出47.25万元，执行率100%: with no adjusted budget printed, the
    rate is of initial + supplementary, as a budget row's is; with no addition stated it contradicts its amounts."""
    path = pkg / "data/projects.csv"
    line = find_line(path, report_id="430406-2024-dse", project_id="p2")
    for column, value in (("initial_budget", "35.00"), ("executed", "47.25"), ("execution_rate_pct", "100.00")):
        set_cell(path, line, column, value)
    assert ("data/projects.csv", line, "execution_rate_pct") in errors(gate(pkg), "identity.rate_consistent")
    table = read_rows(pkg / B)
    head = table[0]
    added = dict(zip(head, table[1], strict=True)) | {
        "report_id": "430406-2024-dse", "line": str(len(table)), "project_id": "p2", "fund": "all", "item": "project",
        "stage": "supplementary", "amount": "12.25", "rate_pct": "", "share_pct": "", "share_of": "", "share_of_fund": "",
        "change_pct": "", "statement": "1", "source_quote": "年中追加12.25万元", "note": ""}
    write_rows(pkg / B, [*table, [added[c] for c in head]])
    report = gate(pkg)
    assert ("data/projects.csv", line, "execution_rate_pct") not in errors(report, "identity.rate_consistent")
    set_cell(path, line, "execution_rate_pct", "90.00")  # (and a wrong rate is still wrong against the sum)
    found = [p for p in gate(pkg).errors if p.rule == "identity.rate_consistent" and p.file == "data/projects.csv" and p.line == line]
    assert found and "initial_budget 35.00 + supplementary (project 12.25)" in found[0].message, [p.message for p in found]


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


def test_points_stated_for_some_rows_only_are_a_part_of_the_subtotal(pkg: Path) -> None:
    """A prose report points some of a level's items only: their sum is a part of the subtotal, never
    the whole of it (it may not exceed it); the table total likewise."""
    path = pkg / "data/indicators.csv"
    sub = find_line(path, report_id="510411-2022-fae", project_id="51041121Y000000068012", row="2")
    items = [find_line(path, report_id="510411-2022-fae", project_id="51041121Y000000068012", row=str(r)) for r in (3, 4, 5, 6)]
    for line in items[1:]:
        set_cell(path, line, "weight", "")
        set_cell(path, line, "score", "")
    report = gate(pkg)
    found = errors(report, "identity.weight_sum") + errors(report, "identity.score_sum")
    assert ("data/indicators.csv", sub, "weight") not in found and ("data/indicators.csv", sub, "score") not in found
    set_cell(path, items[0], "weight", "95")  # one item alone weighs more than its level: a contradiction however many state none
    set_cell(path, items[0], "score", "")
    assert ("data/indicators.csv", sub, "weight") in errors(gate(pkg), "identity.weight_sum")


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


def _add_budget_rows(pkg: Path, report_id: str, rows: list[dict[str, str]]) -> list[int]:
    """Append budget rows of a report (new line numbers); their CSV lines."""
    table = read_rows(pkg / B)
    header = table[0]
    last = max(int(r[header.index("line")]) for r in table[1:] if r[header.index("report_id")] == report_id)
    lines = []
    for k, cells in enumerate(rows, start=1):
        row = dict.fromkeys(header, "")
        row.update({"report_id": report_id, "line": str(last + k), "project_id": "department", "approx": "false", "statement": "1",
                    "source_quote": "收入", "unit": "万元", **cells})
        table.append([row[h] for h in header])
        lines.append(len(table))
    write_rows(pkg / B, table)
    return lines


SOURCES_ONLY = [  # income by source with the parent fund `fiscal` never stated (a 部门预算's usual layout)
    {"fund": "all", "item": "income_total", "stage": "applied", "amount": "44.4572"},
    {"fund": "gpb", "item": "income_total", "stage": "applied", "amount": "44.4572"},
    {"fund": "gov_fund", "item": "income_total", "stage": "applied", "amount": "0"},
    {"fund": "fiscal_special_account", "item": "income_total", "stage": "applied", "amount": "0"},
    {"fund": "other", "item": "income_total", "stage": "applied", "amount": "0"},
]


def test_fund_sources_stated_without_their_parent_fund_are_summed_through_it(pkg: Path) -> None:
    lines = _add_budget_rows(pkg, "430412-2022-de", SOURCES_ONLY)
    found = [p for p in gate(pkg).errors if p.file == B and p.line in lines]
    assert not found, [p.message for p in found]


def test_a_miscoded_row_and_a_contradiction_get_different_hints(pkg: Path) -> None:
    rows = [dict(r) for r in SOURCES_ONLY]
    rows[0]["amount"] = "50"  # the all-funds total disagrees with gpb (through the implied fiscal)
    rows.append({"fund": "all", "item": "expenditure_total", "stage": "applied", "amount": "50"})
    rows.append({"fund": "all", "item": "basic", "stage": "applied", "amount": "30"})
    rows.append({"fund": "all", "item": "project", "stage": "applied", "amount": "10"})  # stated parts that disagree
    lines = _add_budget_rows(pkg, "430412-2022-de", rows)
    by_line = {p.line: p for p in gate(pkg).errors if p.rule == "identity.parts_sum" and p.file == B}
    assert "miscoded" in by_line[lines[0]].hint and "implied" in by_line[lines[0]].hint
    assert "contradict" in by_line[lines[5]].hint and "miscoded" not in by_line[lines[5]].hint


def test_amounts_printed_in_yuan_reconcile_with_those_in_wan(pkg: Path) -> None:
    rows = [{"fund": "all", "item": "expenditure_total", "stage": "applied", "amount": "1000000.00", "unit": "元"},
            {"fund": "all", "item": "basic", "stage": "applied", "amount": "60.00", "unit": "万元"},
            {"fund": "all", "item": "project", "stage": "applied", "amount": "400000.00", "unit": "元"}]
    lines = _add_budget_rows(pkg, "430412-2022-de", rows)
    assert not [p for p in gate(pkg).errors if p.file == B and p.line in lines]
    set_cell(pkg / B, lines[2], "amount", "500000.00")  # now 60 万元 + 50 万元 ≠ 100 万元
    found = [p for p in gate(pkg).errors if p.rule == "identity.parts_sum" and p.line == lines[0]]
    assert found and "is 100 " in found[0].message and "project 50" in found[0].message  # compared in 万元


def test_a_share_of_another_fund_names_its_base_fund(pkg: Path) -> None:
    rows = [{"fund": "all", "item": "income_total", "stage": "applied", "amount": "486.52"},
            {"fund": "fiscal", "item": "income_total", "stage": "applied", "amount": "468.32"},
            {"fund": "gpb", "item": "income_total", "stage": "applied", "amount": "468.32", "share_pct": "96.26",
             "share_of": "income_total", "share_of_fund": "all"},
            {"fund": "other", "item": "income_total", "stage": "applied", "amount": "18.20"}]
    lines = _add_budget_rows(pkg, "430412-2022-de", rows)
    assert not [p for p in gate(pkg).errors if p.file == B and p.line in lines]
    set_cell(pkg / B, lines[2], "share_of_fund", "")  # by default a share of the same item is of the parent fund (fiscal: 100%)
    assert (B, lines[2], "share_pct") in errors(gate(pkg), "identity.share_consistent")


def test_a_budgets_changes_are_measured_against_the_prior_years_budget(pkg: Path) -> None:
    path = pkg / "data/reports.csv"
    set_cell(path, find_line(path, report_id="430412-2022-de"), "report_type", "dept_budget")
    rows = [{"fund": "all", "item": "meeting_costs", "stage": "initial_budget", "amount": "3.50"},
            {"fund": "all", "item": "meeting_costs", "stage": "prior_year_budget", "amount": "4.00"},
            {"fund": "all", "item": "meeting_costs", "stage": "yoy_change", "amount": "-0.50", "change_pct": "-12.5"}]
    lines = _add_budget_rows(pkg, "430412-2022-de", rows)
    assert not [p for p in gate(pkg).errors if p.file == B and p.line in lines]
    set_cell(pkg / B, lines[2], "amount", "-0.40")
    assert (B, lines[2], "amount") in errors(gate(pkg), "identity.change_consistent")


def test_a_change_stated_for_some_parts_only_is_no_breakdown_of_the_whole(pkg: Path) -> None:
    """Reports state the changes of the largest parts only (工资福利支出增加14万元，商品和服务支出减少5万元):
    the parts' changes are summed against the whole's only when they cover every part the report states."""
    rows = [{"fund": "gov_fund", "item": "expenditure_total", "stage": "executed", "amount": "100"},
            {"fund": "gov_fund", "item": "econ_301", "stage": "executed", "amount": "60"},
            {"fund": "gov_fund", "item": "econ_302", "stage": "executed", "amount": "30"},
            {"fund": "gov_fund", "item": "econ_303", "stage": "executed", "amount": "10"},
            {"fund": "gov_fund", "item": "expenditure_total", "stage": "yoy_change", "amount": "20"},
            {"fund": "gov_fund", "item": "econ_301", "stage": "yoy_change", "amount": "14"},
            {"fund": "gov_fund", "item": "econ_302", "stage": "yoy_change", "amount": "-5"}]
    lines = _add_budget_rows(pkg, "430412-2022-de", rows)
    assert not [p for p in gate(pkg).errors if p.file == B and p.line in lines], "two of three parts' changes are no breakdown"
    more = _add_budget_rows(pkg, "430412-2022-de", [{"fund": "gov_fund", "item": "econ_303", "stage": "yoy_change", "amount": "2"}])
    found = [p for p in gate(pkg).errors if p.rule == "identity.parts_sum" and p.file == B and p.line == lines[4]]
    assert found and "sum to 11" in found[0].message, [p.message for p in gate(pkg).errors if p.file == B and p.line in lines + more]


def test_a_breakdown_stated_for_some_parts_only_at_a_stage_is_part_of_the_whole(pkg: Path) -> None:
    """A final account gives the adjusted budget of two of its three classes only (the ones adjusted):
    at that stage their sum is a part of the whole's, never the whole of it; it may not exceed it."""
    rows = [{"fund": "gov_fund", "item": "expenditure_total", "stage": "executed", "amount": "100"},
            {"fund": "gov_fund", "item": "econ_301", "stage": "executed", "amount": "60"},
            {"fund": "gov_fund", "item": "econ_302", "stage": "executed", "amount": "30"},
            {"fund": "gov_fund", "item": "econ_303", "stage": "executed", "amount": "10"},
            {"fund": "gov_fund", "item": "expenditure_total", "stage": "adjusted_budget", "amount": "110"},
            {"fund": "gov_fund", "item": "econ_301", "stage": "adjusted_budget", "amount": "62"},
            {"fund": "gov_fund", "item": "econ_302", "stage": "adjusted_budget", "amount": "35"}]
    lines = _add_budget_rows(pkg, "430412-2022-de", rows)
    assert not [p for p in gate(pkg).errors if p.file == B and p.line in lines], "two of three classes' budgets are no breakdown"
    set_cell(pkg / B, lines[4], "amount", "90")  # the two stated already exceed it: a contradiction
    found = [p for p in gate(pkg).errors if p.rule == "identity.parts_sum" and p.file == B and p.line == lines[4]]
    assert found and "already sum to 97" in found[0].message


def test_a_whole_is_implied_by_its_parts_only_where_they_are_all_there(pkg: Path) -> None:
    """A final account prints the adjusted budget of one of its classes only (the one adjusted): that part is
    no adjusted budget of the whole, so a rate on the whole is checked against the initial budget it states."""
    rows = [{"fund": "gov_fund", "item": "expenditure_total", "stage": "initial_budget", "amount": "200"},
            {"fund": "gov_fund", "item": "expenditure_total", "stage": "executed", "amount": "210", "rate_pct": "105"},
            {"fund": "gov_fund", "item": "econ_301", "stage": "executed", "amount": "150"},
            {"fund": "gov_fund", "item": "econ_302", "stage": "executed", "amount": "60"},
            {"fund": "gov_fund", "item": "econ_302", "stage": "adjusted_budget", "amount": "70"}]
    lines = _add_budget_rows(pkg, "430412-2022-de", rows)
    assert not [p for p in gate(pkg).errors if p.file == B and p.line in lines], "one class's adjusted budget implies no adjusted total"
    more = _add_budget_rows(pkg, "430412-2022-de", [{"fund": "gov_fund", "item": "econ_301", "stage": "adjusted_budget", "amount": "140"}])
    found = [p for p in gate(pkg).errors if p.rule == "identity.rate_consistent" and p.file == B and p.line == lines[1]]
    assert found and "implied by its parts (210)" in found[0].message, [p.message for p in gate(pkg).errors if p.file == B and p.line in lines + more]


def test_a_funds_whole_is_implied_only_by_all_the_parts_the_report_states_for_it(pkg: Path) -> None:
    """A budget states the unit's own funds only as project spending (单位资金安排项目支出11万元) while its
    all-funds spending has basic and project parts: the unit's own funds' total is not implied by the project
    part alone, so the fund sources are a partial breakdown (no false parts_sum); with both parts stated
    under that fund the sources must add up again."""
    rows = [{"fund": "all", "item": "expenditure_total", "stage": "initial_budget", "amount": "300"},
            {"fund": "all", "item": "basic", "stage": "initial_budget", "amount": "200"},
            {"fund": "all", "item": "project", "stage": "initial_budget", "amount": "100"},
            {"fund": "gpb", "item": "expenditure_total", "stage": "initial_budget", "amount": "280"},
            {"fund": "unit_funds", "item": "project", "stage": "initial_budget", "amount": "11"}]
    lines = _add_budget_rows(pkg, "430412-2022-de", rows)
    assert not [p for p in gate(pkg).errors if p.rule == "identity.parts_sum" and p.file == B and p.line in lines]
    more = _add_budget_rows(pkg, "430412-2022-de", [{"fund": "unit_funds", "item": "basic", "stage": "initial_budget", "amount": "5"}])
    found = [p for p in gate(pkg).errors if p.rule == "identity.parts_sum" and p.file == B and p.line in lines + more]
    assert [p.line for p in found] == [lines[0]], [p.message for p in found]


def test_a_part_stated_as_zero_under_one_fund_is_no_part_another_fund_must_state(pkg: Path) -> None:
    """All funds' spending has basic, project and 经营支出0; the finance funds state basic and project: their
    breakdown is whole (the zero is no part they lack), so their total is implied by it and the sources
    (finance funds, the unit's own funds) must add up to all funds' total."""
    rows = [{"fund": "all", "item": "expenditure_total", "stage": "initial_budget", "amount": "300"},
            {"fund": "all", "item": "basic", "stage": "initial_budget", "amount": "200"},
            {"fund": "all", "item": "project", "stage": "initial_budget", "amount": "100"},
            {"fund": "all", "item": "operating_expenditure", "stage": "initial_budget", "amount": "0"},
            {"fund": "fiscal", "item": "basic", "stage": "initial_budget", "amount": "190"},
            {"fund": "fiscal", "item": "project", "stage": "initial_budget", "amount": "100"},
            {"fund": "unit_funds", "item": "expenditure_total", "stage": "initial_budget", "amount": "5"}]
    lines = _add_budget_rows(pkg, "430412-2022-de", rows)
    found = [p for p in gate(pkg).errors if p.rule == "identity.parts_sum" and p.file == B and p.line in lines]
    assert [p.line for p in found] == [lines[0]] and "fiscal" in found[0].message, [p.message for p in found]  # 290 + 5 is not 300


P = "data/projects.csv"


def _project_verdicts(pkg: Path, cells: dict[str, str]) -> list[tuple[str, str, int | None, str | None]]:
    """The gate's errors after setting these cells of 440112-2022-dse's project p1 (budget_unspecified 72, executed 72,
    rate 100 in 万元, its amounts restated in the budgets table in 万元)."""
    line = find_line(pkg / P, report_id="440112-2022-dse", project_id="p1")
    for column, value in cells.items():
        set_cell(pkg / P, line, column, value)
    return sorted((p.rule, p.file, p.line, p.column) for p in gate(pkg).errors)


def test_a_project_printed_in_yuan_gets_the_verdicts_of_its_twin_in_wan(pkg: Path) -> None:
    """projects.unit 元: the identities reading a project's amounts (its rate, the budgets rows restating them) compare
    them in 万元, as budgets.unit's; a project in 元 passes or fails exactly as the same project in 万元."""
    line = find_line(pkg / P, report_id="440112-2022-dse", project_id="p1")
    assert _project_verdicts(pkg, {}) == []
    assert _project_verdicts(pkg, {"budget_unspecified": "720000.00", "executed": "720000.00", "unit": "元"}) == []
    wrong_in_yuan = _project_verdicts(pkg, {"executed": "360000.00"})  # the budgets restate 72: half of it contradicts them and the rate
    wrong_in_wan = _project_verdicts(pkg, {"budget_unspecified": "72", "executed": "36", "unit": "万元"})
    assert wrong_in_yuan == wrong_in_wan
    assert ("identity.rate_consistent", P, line, "execution_rate_pct") in wrong_in_wan
    assert {rule for rule, file, *_ in wrong_in_wan if file == B} & {"identity.cross_table_consistent", "identity.restatement_consistent"}


def test_a_projects_rate_in_yuan_adds_the_budgets_addition_in_wan(pkg: Path) -> None:
    """项目年初预算350,000.00元，年中追加12.25万元，实际支出472,500.00元，执行率100%: the addition is added in 万元."""
    path = pkg / P
    line = find_line(path, report_id="430406-2024-dse", project_id="p2")
    for column, value in (("initial_budget", "350000.00"), ("executed", "472500.00"), ("execution_rate_pct", "100.00"), ("unit", "元")):
        set_cell(path, line, column, value)
    _add_budget_rows(pkg, "430406-2024-dse", [{"project_id": "p2", "fund": "all", "item": "project", "stage": "supplementary",
                                               "amount": "12.25", "source_quote": "年中追加12.25万元"}])
    assert (P, line, "execution_rate_pct") not in errors(gate(pkg), "identity.rate_consistent")
    set_cell(path, line, "execution_rate_pct", "90.00")
    found = [p for p in gate(pkg).errors if p.rule == "identity.rate_consistent" and p.file == P and p.line == line]
    assert found and "initial_budget 350000.00 元 + supplementary (project 12.25)" in found[0].message, [p.message for p in found]
