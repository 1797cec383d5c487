"""The derived tables: current, deterministic, built from the schemas, values as documented."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, find_line, read_rows, set_cell
from xinfang.cli import main
from xinfang.derived import build as derive_module
from xinfang.derived.build import DeriveError, derive_all
from xinfang.derived.panel import CHANNELS
from xinfang.package import load_package, read_table

DERIVED = ("data/derived/unit_year_panel.csv", "data/derived/reconciliation.csv", "data/derived/indicator_summary.csv")
FIGURES = ("docs/figures/budget_execution.svg", "docs/figures/personnel_share.svg", "docs/figures/petition_channels.svg")


def rows_by(path: Path, key: str) -> dict[str, dict[str, str]]:
    rows = read_rows(path)
    return {r[rows[0].index(key)]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}


def panel_rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """The panel's rows by its key (unit_id, fiscal_year): another year of a bureau is another row."""
    rows = read_rows(path)
    h = rows[0]
    return {(r[h.index("unit_id")], r[h.index("fiscal_year")]): dict(zip(h, r, strict=True)) for r in rows[1:]}


def test_committed_derived_files_are_current() -> None:
    assert derive_all(load_package(ROOT), check_only=True) == [], "run `xinfang derive` and commit data/derived/"


def test_a_second_run_changes_no_byte(pkg: Path) -> None:
    before = {p: (pkg / p).read_bytes() for p in DERIVED}
    for p in DERIVED:
        (pkg / p).unlink()
    # the copy has no docs/: the figures, the data dictionary and the rules are written afresh
    assert sorted(derive_all(load_package(pkg))) == sorted((*DERIVED, *FIGURES, "docs/data-dictionary.md", "docs/rules.md"))
    assert {p: (pkg / p).read_bytes() for p in DERIVED} == before
    assert {p: (pkg / p).read_bytes() for p in FIGURES} == {p: (ROOT / p).read_bytes() for p in FIGURES}
    assert derive_all(load_package(pkg)) == []


def test_check_names_stale_files_and_writes_nothing(pkg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    budgets = pkg / "data" / "budgets.csv"
    line = find_line(budgets, report_id="430406-2024-dse", item="expenditure_total", fund="fiscal", stage="executed")
    set_cell(budgets, line, "amount", "303.05")
    panel = (pkg / DERIVED[0]).read_bytes()
    assert main(["derive", str(pkg), "--check"]) == 1
    out = capsys.readouterr().out
    assert "stale: data/derived/unit_year_panel.csv" in out and "stale: data/derived/reconciliation.csv" in out
    assert (pkg / DERIVED[0]).read_bytes() == panel


def test_columns_are_the_schema_fields_in_order() -> None:
    pkg = load_package(ROOT)
    for name in ("unit_year_panel", "reconciliation", "indicator_summary"):
        res = pkg.resources[name]
        assert read_rows(ROOT / res.path)[0] == res.field_names


def test_a_field_missing_from_the_schema_is_named(pkg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def build(p, checks):  # type: ignore[no-untyped-def]
        return [{"check_id": "x", "not_in_schema": 1}]

    monkeypatch.setitem(derive_module.BUILDERS, "reconciliation", build)
    with pytest.raises(DeriveError, match="not_in_schema"):
        derive_all(load_package(pkg))


def test_reconciliation_statuses_follow_the_register(pkg: Path) -> None:
    rec = rows_by(ROOT / DERIVED[1], "check_id")
    rows = read_rows(ROOT / "data" / "anomalies.csv")
    rule = rows[0].index("rule")
    register = {r[0] for r in rows[1:] if r[rule] != "reading"}  # contradictions found by reading are no identity
    assert {k for k, r in rec.items() if r["status"] == "known_anomaly"} == register
    assert all(r["status"] == "ok" for k, r in rec.items() if k not in register)
    # an unregistered contradiction becomes an error row, with stated, computed and difference
    budgets = pkg / "data" / "budgets.csv"
    line = find_line(budgets, report_id="510411-2022-fae", item="expenditure_total", fund="gpb", stage="yoy_change", statement="1")
    set_cell(budgets, line, "amount", "-75")
    derive_all(load_package(pkg))
    errors = [r for r in rows_by(pkg / DERIVED[1], "check_id").values() if r["status"] == "error"]
    found = [(e["rule"], e["line"], e["stated"], e["computed"], e["difference"]) for e in errors]
    assert ("change_consistent", str(line), "-75", "-74", "-1") in found  # 281.96 - 355.96
    assert {e["report_id"] for e in errors} == {"510411-2022-fae"}


def test_panel_stated_and_computed_side_by_side() -> None:
    panel = panel_rows(ROOT / DERIVED[0])
    yf = panel["xfj-430406", "2024"]
    assert (yf["total_fund"], yf["budget_adjusted"], yf["expenditure_executed"]) == ("fiscal", "303.55", "303.06")
    assert (yf["execution_rate_stated_pct"], yf["execution_rate_computed_pct"], yf["execution_rate_base"]) == ("99.83", "99.8386", "adjusted_budget")
    # basic expenditure is stated for the general public budget only: no share across funds
    assert (yf["basic_fund"], yf["basic_executed"], yf["basic_share_computed_pct"]) == ("gpb", "163.09", "")
    rh = panel["xfj-510411", "2022"]
    assert (rh["basic_share_stated_pct"], rh["basic_share_computed_pct"]) == ("78.3", "78.2692")
    hp = panel["xfj-440112", "2022"]
    assert (hp["self_score_stated"], hp["self_score_computed"]) == ("99.36", "97.36")
    assert (hp["petitions_total_stated"], hp["petitions_total_computed"], hp["petitions_channels_stated"]) == ("13506", "13506", "3")
    assert panel["xfj-430412", "2022"]["total_fund"] == ""  # no expenditure total stated: missing, not guessed


def test_every_report_stating_budget_and_execution_gets_a_computed_rate() -> None:
    """The panel's total_fund is a fund in which the report states both; read from the package, not hard-coded."""
    pkg = load_package(ROOT)
    units = {r["report_id"]: (r["unit_id"], r["fiscal_year"]) for _, r in pkg.table("reports").iterrows()}
    b = pkg.table("budgets")
    b = b[(b["item"] == "expenditure_total") & (b["project_id"] == "department") & (b["statement"] == "1") & b["amount"].notna()]
    both: dict[str, set[str]] = {}
    for (rep, fund), g in b.groupby(["report_id", "fund"]):
        stages = set(g["stage"])
        if "executed" in stages and stages & {"initial_budget", "adjusted_budget", "budget_unspecified"}:
            both.setdefault(str(rep), set()).add(str(fund))
    assert both, "some report states budget and execution in one fund"
    panel = panel_rows(ROOT / DERIVED[0])
    for rep, funds in both.items():
        row = panel[units[rep]]
        assert row["total_fund"] in funds and row["execution_rate_computed_pct"], (rep, row["total_fund"])
    rh = panel["xfj-510411", "2022"]  # 年初预算数336.49万元, 实际完成数309.33万元 of fiscal funds (no budget under all)
    assert (rh["total_fund"], rh["budget_initial"], rh["execution_rate_computed_pct"], rh["execution_rate_base"]) == (
        "fiscal", "336.49", "91.9284", "initial_budget")


def test_panel_channels_are_the_codelists_channels() -> None:
    codes = read_rows(ROOT / "data" / "codelists" / "petition_metric_codes.csv")
    h = codes[0]
    channels = [r[0] for r in codes[1:] if r[h.index("parent_metric")] == "volume_total" and r[h.index("breakdown")] == "channel"]
    assert sorted(channels) == sorted(CHANNELS), "a channel was added to the codelist: add its column to unit_year_panel"


def test_indicator_summary_totals() -> None:
    summary = rows_by(ROOT / DERIVED[2], "table_key")
    p = summary["51041122T000000395114"]
    assert (p["weight_sum_computed"], p["weight_total_stated"], p["score_sum_computed"], p["score_total_stated"], p["status"]) == (
        "100", "100", "93.5", "93.5", "ok")


def test_literal_na_survives_and_missing_stays_empty(pkg: Path) -> None:
    units = pkg / "data" / "units.csv"
    set_cell(units, find_line(units, unit_id="xfj-430412"), "name_en", "NA")
    derive_all(load_package(pkg))
    fresh = load_package(pkg)
    panel = read_table(pkg, fresh.resources["unit_year_panel"]).set_index(["unit_id", "fiscal_year"])
    assert panel.loc[("xfj-430412", "2022"), "name_en"] == "NA"
    assert pd.isna(panel.loc[("xfj-430412", "2022"), "total_fund"])  # it states no expenditure total: missing, not "NA"
    assert panel["total_fund"].notna().any() and not (panel["total_fund"] == "NA").any()


def test_amounts_printed_in_yuan_are_comparable_in_the_panel(pkg: Path) -> None:
    path = pkg / "data/budgets.csv"
    line = find_line(path, report_id="430412-2022-de", item="basic", stage="executed", statement="1")
    wan = read_rows(path)[line - 1][read_rows(path)[0].index("amount")]
    before = {r["report_ids"]: r for r in _panel(pkg)}["430412-2022-de"]["basic_executed"]
    set_cell(path, line, "amount", f"{float(wan) * 10000:.2f}")
    set_cell(path, line, "unit", "元")
    after = {r["report_ids"]: r for r in _panel(pkg)}["430412-2022-de"]["basic_executed"]
    assert float(after) == float(before) == float(wan)


def _panel(pkg: Path) -> list[dict[str, str]]:
    derive_all(load_package(pkg))
    with (pkg / "data/derived/unit_year_panel.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_computed_rate_divides_by_the_base_the_gate_checks_a_stated_rate_against(pkg: Path) -> None:
    """A bare 预算数 beside the initial budget (no adjusted one): the panel's computed rate divides by
    it, as the gate's rate identity measures a stated rate (identities.rates.RATE_BASES, one order)."""
    from conftest import write_rows
    from xinfang.identities.rates import RATE_BASES

    path = pkg / "data/budgets.csv"
    rows = read_rows(path)
    h = rows[0]
    line = find_line(path, report_id="510411-2022-fae", item="expenditure_total", fund="fiscal", stage="initial_budget", statement="1")
    bare = list(rows[line - 1])
    bare[h.index("stage")], bare[h.index("amount")] = "budget_unspecified", "320"
    bare[h.index("line")] = str(max(int(r[h.index("line")]) for r in rows[1:] if r[h.index("report_id")] == "510411-2022-fae") + 1)
    write_rows(path, [*rows, bare])
    row = {r["report_ids"]: r for r in _panel(pkg)}["510411-2022-fae"]
    assert RATE_BASES.index("budget_unspecified") < RATE_BASES.index("initial_budget")
    assert (row["execution_rate_base"], row["budget_initial"], row["execution_rate_computed_pct"]) == ("budget_unspecified", "336.49", "96.6656")


def test_a_projects_amounts_printed_in_yuan_reconcile_in_wan(pkg: Path) -> None:
    """projects.unit 元: the reconciliation's checks of a project (its rate, the budgets rows restating its amounts) state
    and compute in 万元, as for the same project printed in 万元 (only the tolerance, of a finer print, and the message differ)."""
    path = pkg / "data/projects.csv"
    line = find_line(path, report_id="440112-2022-dse", project_id="p1")

    def checks() -> dict[str, tuple[str, str, str, str]]:
        derive_all(load_package(pkg))
        rows = rows_by(pkg / "data/derived/reconciliation.csv", "check_id")
        return {k: (r["stated"], r["computed"], r["difference"], r["status"]) for k, r in rows.items() if ":440112-2022-dse:" in k and ":p1" in k}

    in_wan = checks()
    assert len(in_wan) >= 3 and all(v[3] == "ok" for v in in_wan.values()), in_wan
    set_cell(path, line, "budget_unspecified", "720000.00")
    set_cell(path, line, "executed", "720000.00")
    set_cell(path, line, "unit", "元")
    assert checks() == in_wan
