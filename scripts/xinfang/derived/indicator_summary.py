"""`indicator_summary`: one row per self-evaluation table (a report's department table or a
project's table): rows, sums of weights and scores, the stated totals, and their status."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..identities import Check, indicator_children, indicator_table_sum
from ..keys import DEPARTMENT  # also the table_key of a report's department-wide table
from ..package import Package, records
from .csvout import cell, dec
from .reconciliation import ERROR, KNOWN_ANOMALY, OK, registered_ids, status

NOT_STATED, NOT_CHECKED = "not_stated", "not_checked"
TABLE_RULES = ("weight_sum", "score_sum", "score_within_weight")


def _worst(statuses: list[str]) -> str:
    for s in (ERROR, KNOWN_ANOMALY, OK):
        if s in statuses:
            return s
    return NOT_CHECKED


def _table_of_check(pkg: Package, checks: list[Check]) -> dict[str, tuple[str, str]]:
    """check_id -> (report_id, table_key) for the checks about self-evaluation tables."""
    by_line: dict[tuple[str, int], tuple[str, str]] = {}
    for r in records(pkg.table("indicators")):
        by_line[("indicators", r["__line__"])] = (r["report_id"], r["project_id"] if isinstance(r["project_id"], str) else DEPARTMENT)
    for r in records(pkg.table("projects")):
        by_line[("projects", r["__line__"])] = (r["report_id"], r["project_id"])
    for r in records(pkg.table("reports")):
        by_line[("reports", r["__line__"])] = (r["report_id"], DEPARTMENT)
    out = {}
    for c in checks:
        if c.rule in TABLE_RULES and c.line is not None and (c.table, c.line) in by_line:
            out[c.check_id] = by_line[(c.table, c.line)]
    return out


def indicator_summary(pkg: Package, checks: list[Check]) -> list[dict[str, Any]]:
    ind = records(pkg.table("indicators"))
    tables: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in ind:
        key = r["project_id"] if isinstance(r["project_id"], str) else DEPARTMENT
        tables[(r["report_id"], key)].append(r)
    projects = {(r["report_id"], r["project_id"]): r for r in records(pkg.table("projects"))}
    reports = {r["report_id"]: r for r in records(pkg.table("reports"))}

    registered = registered_ids(pkg)
    where = _table_of_check(pkg, checks)
    per_table: dict[tuple[str, str], list[Check]] = defaultdict(list)
    for c in checks:
        if c.check_id in where:
            per_table[where[c.check_id]].append(c)

    rows = []
    for (rep, key), trs in sorted(tables.items()):
        children = indicator_children(trs)
        if key == DEPARTMENT:
            weight_stated, score_stated = None, reports.get(rep, {}).get("self_score")
        else:
            p = projects.get((rep, key), {})
            weight_stated, score_stated = p.get("total_weight"), p.get("total_score")
        mine = per_table.get((rep, key), [])
        totals = {c.rule: c for c in mine if c.check_id.endswith(":total")}
        row: dict[str, Any] = {
            "report_id": rep,
            "table_key": key,
            "project_id": key,
            "n_rows": len(trs),
            "n_scored_rows": sum(1 for r in trs if dec(r["score"]) is not None),
            "n_checks": len(mine),
            "status": _worst([status(c, registered) for c in mine]),
        }
        for col, stated in (("weight", weight_stated), ("score", score_stated)):
            total = indicator_table_sum(children.get("", []), children, col)
            row[f"{col}_sum_computed"] = dec(cell(total)) if total is not None else None
            row[f"{col}_total_stated"] = dec(stated)
            check = totals.get(f"{col}_sum")
            row[f"{col}_status"] = status(check, registered) if check else (NOT_STATED if dec(stated) is None else NOT_CHECKED)
        rows.append(row)
    return rows
