"""Rules layer: constraints generated from the Table Schemas, and rules only code expresses."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import errors, find_line, gate, get_cell, set_cell
from xinfang.gate.rules import pandera_schema
from xinfang.package import load_package

B = "data/budgets.csv"


def test_pandera_schema_is_generated_from_the_table_schema() -> None:
    from conftest import ROOT

    pkg = load_package(ROOT)
    schema = pandera_schema(pkg.resources["budgets"])
    assert set(schema.columns) == set(pkg.resources["budgets"].field_names)
    share = schema.columns["share_pct"]
    assert any("100" in str(c) for c in share.checks)  # maximum 100 comes from budgets.schema.json


@pytest.mark.parametrize("table,match,column,value,rule", [
    ("budgets", {"report_id": "430412-2022-de", "item": "basic", "stage": "executed"}, "fund", "", "rules.required"),
    ("budgets", {"report_id": "430406-2024-dse", "item": "public", "stage": "executed"}, "share_pct", "109.47", "rules.range"),
    ("staffing", {"report_id": "430412-2022-de", "category": "retired"}, "value", "-3", "rules.minimum"),
    ("reports", {"report_id": "430406-2024-dse"}, "self_grade", "A", "rules.enum"),
    ("reports", {"report_id": "430406-2024-dse"}, "source_sha256", "abc", "rules.pattern"),
    ("indicators", {"report_id": "430406-2024-dse", "row": "2"}, "row_kind", "heading", "rules.enum"),
    ("budgets", {"report_id": "430412-2022-de", "item": "basic", "stage": "executed"}, "source_quote", "x" * 81, "rules.length"),
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


@pytest.mark.parametrize("table,match", [
    ("budgets", {"report_id": "430412-2022-de", "item": "basic", "stage": "executed"}),
    ("indicators", {"report_id": "430406-2024-dse", "row": "2"}),
    ("issues", {"report_id": "430406-2024-dse", "line": "1"}),
])
def test_project_key_has_no_missing_part(pkg: Path, table: str, match: dict[str, str]) -> None:
    """The department's own rows name the project `department`: (report_id, project_id) is a key of projects."""
    path = pkg / f"data/{table}.csv"
    line = find_line(path, **match)
    assert get_cell(path, line, "project_id") == "department"
    set_cell(path, line, "project_id", "")
    assert (f"data/{table}.csv", line, "project_id") in errors(gate(pkg), "rules.required")


def test_project_key_is_composite(pkg: Path) -> None:
    """p1 is a project of 430412-2022-de, not of 510411-2022-fae: the composite foreign key fails."""
    path = pkg / B
    line = find_line(path, report_id="510411-2022-fae", project_id="department", item="basic", stage="executed")
    set_cell(path, line, "project_id", "p1")
    found = errors(gate(pkg), "structure.foreign_key")
    assert any(f == B and ln == line for f, ln, _ in found), found


# single-cell faults of the rules only code can express: (file, row match, column, new value, rule)
CODE_RULE_FAULTS = [
    ("budgets", {"report_id": "430412-2022-de", "item": "basic", "stage": "yoy_change"}, "amount", "", "rules.amount_needed"),
    ("budgets", {"report_id": "430406-2024-dse", "item": "personnel", "stage": "executed"}, "share_of", "", "rules.share_pair"),
    ("budgets", {"report_id": "430406-2024-dse", "item": "basic", "stage": "initial_budget"}, "rate_pct", "100", "rules.rate_on_executed"),
    ("budgets", {"report_id": "430406-2024-dse", "item": "basic", "stage": "initial_budget"}, "change_pct", "5", "rules.change_on_change_row"),
    ("petition_metrics", {"report_id": "430412-2022-de", "metric": "satisfaction_rate"}, "value", "978", "rules.percent_range"),
    ("petition_metrics", {"report_id": "430412-2022-de", "metric": "letters"}, "value", "", "rules.value_needed"),
    ("petition_metrics", {"report_id": "430412-2022-de", "metric": "letters"}, "approx", "true", "rules.approx_pair"),
]


@pytest.mark.parametrize("table,match,column,value,rule", CODE_RULE_FAULTS, ids=[f[4] for f in CODE_RULE_FAULTS])
def test_code_rule_violations(pkg: Path, table: str, match: dict[str, str], column: str, value: str, rule: str) -> None:
    path = pkg / f"data/{table}.csv"
    line = find_line(path, **match)
    set_cell(path, line, column, value)
    reported_column = "approx_marker" if rule == "rules.approx_pair" else column
    assert (f"data/{table}.csv", line, reported_column) in errors(gate(pkg), rule)


# the conventions decided for 0.2.0 (docs/transcription.md): one fault each, undoing the convention on a row that follows it
CONVENTION_FAULTS = [
    ("projects", {"report_id": "510411-2022-fae", "project_id": "51041121Y000000068013"}, "grade", "", "rules.grade_word"),
    ("indicators", {"report_id": "430406-2024-dse", "level1": "预算执行率"}, "unit", "", "rules.budget_execution_row"),
    ("indicators", {"report_id": "430112-2020-dse", "level1": "预算执行率"}, "target_value", "1036.03", "rules.budget_execution_row"),
    ("petition_metrics", {"report_id": "440112-2022-dse", "metric": "backlog_cases_assigned"}, "period", "report_year", "rules.backlog_period"),
    ("petition_metrics", {"report_id": "430412-2022-de", "metric": "to_beijing_batches", "period": "report_year"}, "unit", "批",
     "rules.zero_word_unit"),
    ("petition_metrics", {"report_id": "430112-2020-dse", "unit": "次/季度"}, "unit", "次", "rules.frequency_unit"),
    ("budgets", {"report_id": "510411-2022-fae", "line": "219"}, "note", "statement 2 because the project table states it first",
     "rules.note_statement"),
]


@pytest.mark.parametrize("table,match,column,value,rule", CONVENTION_FAULTS, ids=[f"{f[4]}-{f[2]}" for f in CONVENTION_FAULTS])
def test_convention_violations(pkg: Path, table: str, match: dict[str, str], column: str, value: str, rule: str) -> None:
    path = pkg / f"data/{table}.csv"
    line = find_line(path, **match)
    assert get_cell(path, line, column) != value  # the package follows the convention
    set_cell(path, line, column, value)
    assert (f"data/{table}.csv", line, column) in errors(gate(pkg), rule)


def test_a_backlog_year_stated_before_the_quote_is_said_in_the_note(pkg: Path) -> None:
    path = pkg / "data/petition_metrics.csv"
    line = find_line(path, report_id="440112-2022-dse", metric="backlog_cases_assigned", line="1")
    set_cell(path, line, "period", "report_year")
    assert ("data/petition_metrics.csv", line, "period") in errors(gate(pkg), "rules.backlog_period")
    set_cell(path, line, "note", "The sentence opens with 全年, before the quote.")
    assert ("data/petition_metrics.csv", line, "period") not in errors(gate(pkg), "rules.backlog_period")


def test_a_count_is_whole_unless_printed_in_ten_thousands(pkg: Path) -> None:
    path = pkg / "data/petition_metrics.csv"
    line = find_line(path, metric="study_sessions", scope="主题党日")
    set_cell(path, line, "value", "1.2")
    assert ("data/petition_metrics.csv", line, "value") in errors(gate(pkg), "rules.count_value")
    set_cell(path, line, "unit", "万次")  # 1.2万次: as printed, the unit says it is in ten-thousands
    assert ("data/petition_metrics.csv", line, "value") not in errors(gate(pkg), "rules.count_value")


def test_a_table_figure_copied_into_petition_metrics(pkg: Path) -> None:
    ind, path = pkg / "data/indicators.csv", pkg / "data/petition_metrics.csv"
    quote = get_cell(ind, find_line(ind, report_id="430406-2024-dse", metric="satisfaction_rate"), "source_quote")
    line = find_line(path, report_id="430406-2024-dse", metric="satisfaction_rate")
    set_cell(path, line, "source_quote", quote.split("，分值")[0])
    assert ("data/petition_metrics.csv", line, "source_quote") in errors(gate(pkg), "rules.table_figure_repeated")


def test_a_count_beside_an_indicator_in_its_passage_is_no_copy(pkg: Path) -> None:
    """A prose indicator's passage states a count the indicator does not hold (857 evaluations beside
    the satisfaction rate): that count is a petition figure; the rate is the indicator's and is a copy."""
    ind, path = pkg / "data/indicators.csv", pkg / "data/petition_metrics.csv"
    set_cell(ind, find_line(ind, report_id="430406-2024-dse", metric="satisfaction_rate"), "source_quote",
             "全区纳入满意度评价857件，群众满意度年度指标值：≥90%，实际完成值：99.41%")
    count, rate = find_line(path, report_id="430406-2024-dse", metric="satisfaction_evaluations"), find_line(path, report_id="430406-2024-dse",
                                                                                                          metric="satisfaction_rate")
    set_cell(path, count, "value", "857")
    set_cell(path, count, "source_quote", "全区纳入满意度评价857件")
    set_cell(path, rate, "source_quote", "实际完成值：99.41%")
    found = errors(gate(pkg), "rules.table_figure_repeated")
    assert ("data/petition_metrics.csv", count, "source_quote") not in found
    assert ("data/petition_metrics.csv", rate, "source_quote") in found


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


def test_fields_without_constraints_are_left_out_and_nothing_is_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check_constraints validates only the constrained fields: on a fault corpus, the same
    problems as the schema of every field."""
    from xinfang.gate import rules
    from xinfang.gate.safety import check_files
    from xinfang.synth.build import synth

    synth(40, 3, tmp_path, faults=20)
    pkg = load_package(tmp_path / "package")
    _, readable = check_files(pkg)
    assert any(len(rules.constrained(pkg.resources[name])) < len(pkg.resources[name].fields) for name in readable)
    pruned = sorted(p for name in readable for p in rules.check_constraints(pkg, name))
    monkeypatch.setattr(rules, "constrained", lambda res: res.field_names)
    whole = sorted(p for name in readable for p in rules.check_constraints(pkg, name))
    assert pruned and pruned == whole


def test_pandera_checks_run_column_by_column_report_what_validate_reports(pkg: Path, tmp_path: Path) -> None:
    """check_constraints evaluates the checks pandera generates column-wise without pandera
    (gate/constraints.py), or calls the generated schema's checks column by column; both find the
    cells DataFrameSchema.validate finds, on the real package with every constraint fault of this
    file, and on a synthetic fault corpus."""
    from xinfang.gate.rules import check_constraints
    from xinfang.gate.safety import check_files
    from xinfang.synth.build import synth

    faults = [
        ("budgets", {"report_id": "430412-2022-de", "item": "basic", "stage": "executed"}, "fund", ""),
        ("budgets", {"report_id": "430406-2024-dse", "item": "public", "stage": "executed"}, "share_pct", "109.47"),
        ("staffing", {"report_id": "430412-2022-de", "category": "retired"}, "value", "-3"),
        ("reports", {"report_id": "430406-2024-dse"}, "self_grade", "A"),
        ("reports", {"report_id": "430412-2022-de"}, "source_sha256", "abc"),
        ("indicators", {"report_id": "430406-2024-dse", "row": "2"}, "row_kind", "heading"),
        ("budgets", {"report_id": "430412-2022-de", "item": "public", "stage": "executed"}, "source_quote", "x" * 81),
        ("budgets", {"report_id": "430406-2024-dse", "item": "basic", "stage": "executed"}, "line", "abc"),  # a type error, not a missing value
    ]
    for table, match, column, value in faults:
        path = pkg / f"data/{table}.csv"
        set_cell(path, find_line(path, **match), column, value)
    synth(40, 3, tmp_path, faults=20)
    for root in (pkg, tmp_path / "package"):
        package = load_package(root)
        _, readable = check_files(package)
        vectorised = sorted(p for name in readable for p in check_constraints(package, name, engine="vectorised"))
        fast = sorted(p for name in readable for p in check_constraints(package, name, engine="checks"))
        slow = sorted(p for name in readable for p in check_constraints(package, name, engine="validate"))
        assert len({p.rule for p in fast}) >= 4
        assert fast == slow
        assert vectorised == fast


@pytest.mark.parametrize("field,cells", [
    ({"type": "number", "constraints": {"maximum": 10, "minimum": -1.5}}, ["10", "10.5", "-1.5", "-2", "x", ""]),
    ({"type": "integer", "constraints": {"required": True, "maximum": 3}}, ["3", "4", "", "1.5", "-9"]),
    ({"type": "string", "constraints": {"minLength": 2, "maxLength": 3, "enum": ["ab", "abcd", "x"]}}, ["ab", "abcd", "x", "abc", ""]),
    ({"type": "string", "constraints": {"minLength": 2}}, ["a", "ab", "数据", "数", ""]),
    ({"type": "boolean", "constraints": {"required": True}}, ["true", "", "yes", "0"]),
    ({"type": "number", "constraints": {"enum": [1, 2.5]}}, ["1", "2.5", "3", ""]),  # evaluated by pandera itself
    ({"type": "date", "constraints": {"minimum": "2020-01-01"}}, ["2019-12-31", "2020-01-01", ""]),  # likewise
])
def test_constraints_without_pandera_report_what_pandera_reports(tmp_path: Path, field: dict[str, object], cells: list[str]) -> None:
    """gate/constraints.py evaluates the checks pandera generates (or hands a constraint it does not
    evaluate to pandera): the same cells, check names and failure cases as DataFrameSchema.validate."""
    from xinfang.gate.rules import check_constraints
    from xinfang.package import Package, Resource

    (tmp_path / "t.csv").write_text("v\n" + "".join(f"{c}\n" if c else '""\n' for c in cells), encoding="utf-8")
    res = Resource("t", "t.csv", {"fields": [{"name": "v", **field}], "missingValues": [""]})

    def found(engine: str) -> list[object]:
        return sorted(check_constraints(Package(tmp_path, {}, {"t": res}), "t", engine=engine))

    assert found("vectorised") == found("validate") == found("checks")
    assert found("vectorised") or field["type"] == "date"


def test_a_projects_unit_is_one_of_the_units_amounts_are_printed_in(pkg: Path) -> None:
    """projects.unit (the shared amount_unit, as budgets.unit): 万元 or 元, and required."""
    path = pkg / "data/projects.csv"
    line = find_line(path, report_id="430412-2022-de", project_id="department")
    set_cell(path, line, "unit", "千元")
    assert [(p.file, p.line, p.column, p.rule) for p in gate(pkg).errors] == [("data/projects.csv", line, "unit", "rules.enum")]
    set_cell(path, line, "unit", "")
    assert [(p.file, p.line, p.column, p.rule) for p in gate(pkg).errors] == [("data/projects.csv", line, "unit", "rules.required")]
