"""`unit_year_panel`: one row per unit and fiscal year, ready for panel analysis.

Budget figures are the department's own (project ``department``), first statements only. Reports
state their totals for different sources of funds (all funds, fiscal appropriations, the general
public budget): the panel takes, for the expenditure total, the broadest fund in which the report
states both the executed total and a budget (so every report that states both gets a computed
execution rate), else the broadest fund it states the total for; ``total_fund`` says which. For each
component the broadest fund the total is stated for where the component is stated there, else the
broadest narrower fund stated, else the broadest fund stated (``<component>_fund``). A computed share is the component against the total of its own
fund (and personnel against basic expenditure of the same fund), given only where that total is
stated: shares across funds would compare different things.

When several reports cover one unit and year, each value comes from the first report that states
it, in the order of ``report_ids`` (report type as listed in report_types.csv, then report id).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from ..identities import YUAN, YUAN_PER_WAN, Check
from ..identities.rates import RATE_BASES
from ..package import Package, records
from .csvout import dec, ratio_pct
from .indicator_summary import DEPARTMENT, indicator_summary

# budget stages of the expenditure total, in the panel's column names
TOTAL_STAGES = {"initial_budget": "budget_initial", "adjusted_budget": "budget_adjusted",
                "budget_unspecified": "budget_unspecified", "executed": "expenditure_executed",
                "prior_year_executed": "prior_year_executed"}
COMPONENTS = ("basic", "personnel", "public", "project")
# the channels of volume_total in petition_metric_codes.csv (a test keeps this list equal to the codelist)
CHANNELS = ("letters", "visits", "visits_batches", "phone", "online", "online_complaints", "leader_mailbox", "online_suggestions")


class _Funds:
    def __init__(self, pkg: Package):
        rows = records(pkg.table("funds"))
        self.parent = {r["fund_id"]: r["parent_fund"] for r in rows if isinstance(r["parent_fund"], str)}
        self.order = {r["fund_id"]: i for i, r in enumerate(rows)}

    def depth(self, fund: str) -> int:
        d = 0
        while fund in self.parent:
            fund, d = self.parent[fund], d + 1
        return d

    def within(self, fund: str, basis: str) -> bool:
        while True:
            if fund == basis:
                return True
            if fund not in self.parent:
                return False
            fund = self.parent[fund]

    def broadest(self, funds: set[str]) -> str | None:
        return min(funds, key=lambda f: (self.depth(f), self.order.get(f, 999), f)) if funds else None


def _report_order(pkg: Package) -> dict[str, tuple[int, str]]:
    types = {r["report_type_id"]: i for i, r in enumerate(records(pkg.table("report_types")))}
    return {r["report_id"]: (types.get(r["report_type"], 999), r["report_id"]) for r in records(pkg.table("reports"))}


def _budget_values(rows: list[dict[str, Any]], funds: _Funds) -> dict[str, Any]:
    """Panel budget values of one report from its department-level first statements."""
    first: dict[tuple[str, str, str], dict[str, Any]] = {}
    for b in rows:
        if b["statement"] == "1" and b["project_id"] == DEPARTMENT:
            yuan = dec(b["amount"]) if b.get("unit") == YUAN else None
            if yuan is not None:  # comparable: 元 as 万元, exactly
                b = {**b, "amount": str(yuan / Decimal(YUAN_PER_WAN))}
            first.setdefault((b["item"], b["fund"], b["stage"]), b)
    out: dict[str, Any] = {}
    total_funds = {f for (item, f, stage) in first if item == "expenditure_total" and stage in TOTAL_STAGES}

    def budget_and_execution(fund: str) -> bool:
        """The report states both the executed total and a budget it can be measured against in this fund."""
        return ("expenditure_total", fund, "executed") in first and any(
            dec(first[("expenditure_total", fund, s)]["amount"]) for s in RATE_BASES if ("expenditure_total", fund, s) in first)

    # the broadest fund in which budget and execution are both stated, so that a stated pair always gives a
    # computed rate; else the broadest fund the total is stated for
    basis = funds.broadest({f for f in total_funds if budget_and_execution(f)}) or funds.broadest(total_funds)
    out["total_fund"] = basis
    if basis is not None:
        for stage, col in TOTAL_STAGES.items():
            stage_row = first.get(("expenditure_total", basis, stage))
            out[col] = dec(stage_row["amount"]) if stage_row else None
        executed_row = first.get(("expenditure_total", basis, "executed"))
        out["execution_rate_stated_pct"] = dec(executed_row["rate_pct"]) if executed_row else None
        for stage in RATE_BASES:
            base = first.get(("expenditure_total", basis, stage))
            if base is not None and dec(base["amount"]):
                out["execution_rate_computed_pct"] = ratio_pct(out["expenditure_executed"], dec(base["amount"]))
                out["execution_rate_base"] = stage if out["execution_rate_computed_pct"] is not None else None
                break
    broadest = funds.broadest(total_funds)  # components: the broadest fund of the total (a rate needs no budget there)
    for comp in COMPONENTS:
        stated = {f for (item, f, stage) in first if item == comp and stage == "executed"}
        fund = broadest if broadest in stated else (funds.broadest({f for f in stated if broadest is None or funds.within(f, broadest)})
                                                    or funds.broadest(stated))
        r: dict[str, Any] | None = first.get((comp, fund, "executed")) if fund else None
        out[f"{comp}_fund"] = fund if r else None
        out[f"{comp}_executed"] = dec(r["amount"]) if r else None
        share_of = r["share_of"] if r is not None and isinstance(r["share_of"], str) else None
        out[f"{comp}_share_stated_pct"] = dec(r["share_pct"]) if r is not None and share_of in (None, "expenditure_total") else None
        # the share of the total of the component's own fund, where that total is stated: never across funds
        total = first.get(("expenditure_total", fund, "executed")) if fund else None
        out[f"{comp}_share_computed_pct"] = ratio_pct(out[f"{comp}_executed"], dec(total["amount"])) if r and total else None
    basic_same = first.get(("basic", out["personnel_fund"], "executed")) if out["personnel_fund"] else None
    if basic_same is not None:  # personnel against basic expenditure of the same fund
        out["personnel_share_of_basic_computed_pct"] = ratio_pct(out["personnel_executed"], dec(basic_same["amount"]))
    return out


def _petition_values(rows: list[dict[str, Any]]) -> dict[str, Any]:
    whole = {r["metric"]: r for r in rows if r["scope"] == "all" and r["period"] == "report_year" and r["statement"] == "1"}
    out: dict[str, Any] = {}
    total = whole.get("volume_total")
    out["petitions_total_stated"] = dec(total["value"]) if total else None
    out["petitions_total_approx"] = (total["approx"] == "true") if total else None
    stated: list[Decimal] = []
    for ch in CHANNELS:
        row = whole.get(ch)
        value = dec(row["value"]) if row else None
        out[f"petitions_{ch}"] = value
        if value is not None:
            stated.append(value)
    out["petitions_channels_stated"] = len(stated)
    out["petitions_total_computed"] = sum(stated, Decimal(0)) if stated else None
    sat = whole.get("satisfaction_rate")
    out["satisfaction_rate_pct"] = dec(sat["value"]) if sat else None
    out["satisfaction_rate_approx"] = (sat["approx"] == "true") if sat else None
    return out


def unit_year_panel(pkg: Package, checks: list[Check]) -> list[dict[str, Any]]:
    units = {u["unit_id"]: u for u in records(pkg.table("units"))}
    order = _report_order(pkg)
    reports = sorted(records(pkg.table("reports")), key=lambda r: order[r["report_id"]])
    funds = _Funds(pkg)

    def by_report(table: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in records(pkg.table(table)):
            out[r["report_id"]].append(r)
        return out

    budgets, petitions = by_report("budgets"), by_report("petition_metrics")
    indicators, issues = by_report("indicators"), by_report("issues")
    anomalies = by_report("anomalies")
    failing: dict[str, int] = defaultdict(int)
    for c in checks:
        if not c.ok:
            failing[c.report_id] += 1
    summary = indicator_summary(pkg, checks)
    dept_score = {s["report_id"]: s for s in summary if s["table_key"] == DEPARTMENT}

    per_report: dict[str, dict[str, Any]] = {}
    for r in reports:
        rep = r["report_id"]
        v: dict[str, Any] = {}
        v.update(_budget_values(budgets.get(rep, []), funds))
        v.update(_petition_values(petitions.get(rep, [])))
        v["self_score_stated"] = dec(r["self_score"])
        v["self_score_computed"] = dept_score[rep]["score_sum_computed"] if rep in dept_score else None
        v["self_grade"] = r["self_grade"] if isinstance(r["self_grade"], str) else None
        v["n_indicator_rows"] = len(indicators.get(rep, []))
        v["n_budget_rows"] = len(budgets.get(rep, []))
        v["n_petition_metric_rows"] = len(petitions.get(rep, []))
        v["n_issues"] = len(issues.get(rep, []))
        v["n_registered_anomalies"] = len(anomalies.get(rep, []))
        v["n_failing_checks"] = failing.get(rep, 0)
        per_report[rep] = v

    groups: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for r in reports:
        groups[(r["unit_id"], int(r["fiscal_year"]))].append(r)
    rows = []
    for (unit_id, year), reps in sorted(groups.items()):
        u = units.get(unit_id, {})
        row: dict[str, Any] = {
            "unit_id": unit_id, "fiscal_year": year, "report_ids": ";".join(r["report_id"] for r in reps),
            "admin_code": u.get("admin_code"), "name_zh": u.get("name_zh"), "name_en": u.get("name_en"), "division_en": u.get("division_en"),
            "prefecture_code": u.get("prefecture_code"), "province_code": u.get("province_code"), "province_en": u.get("province_en"),
        }
        for col in sorted({k for v in per_report.values() for k in v}):
            values = [per_report[r["report_id"]].get(col) for r in reps]
            if col.startswith("n_"):
                row[col] = sum(x for x in values if x is not None)
            else:
                row[col] = next((x for x in values if x is not None), None)
        rows.append(row)
    return rows

