"""Every identity the data implies, computed from what the reports state.

Each identity becomes a :class:`Check` with a stable ``check_id``. A check that fails is a
contradiction inside a source report (or a transcription error): the gate reports it as an
error unless ``anomalies.csv`` registers its ``check_id``; a registered check that passes is a
stale register entry. The derived ``reconciliation`` table lists every check.

Tolerances come from printed precision: a number printed with d decimals may carry up to half a
unit of its last digit, so a sum may be off by the sum of its terms' half-units, and a share or
rate may be off by its own half-unit plus what its amounts' rounding propagates.

Rules (the ``rule`` of a check):
  parts_sum               children of an item (one breakdown) sum to the item; a lone part does not exceed it
  share_consistent        a stated share (占…%) matches amount / base
  rate_consistent         a stated execution rate matches executed / budget
  change_consistent       a stated change matches current minus prior, and its percent
  restatement_consistent  the same fact stated again in the same table agrees
  cross_table_consistent  the same fact stated in two tables agrees
  weight_sum, score_sum   a table's rows sum to their subtotal and to the table total
  score_within_weight     no indicator scores more than its weight
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .package import Package, half_unit, records

ABS_EPS = 1e-9

# What makes two rows statements of the same fact (restatements are numbered 1, 2, 3 … per key).
FACT_KEYS: dict[str, list[str]] = {
    "budgets": ["report_id", "project_id", "fund", "item", "stage"],
    "petition_metrics": ["report_id", "metric", "scope", "period"],
    "staffing": ["report_id", "category", "scope"],
}


@dataclass(frozen=True)
class Check:
    check_id: str
    rule: str
    report_id: str
    table: str
    line: int | None  # CSV line of the stated value (header is line 1)
    column: str
    stated: float | None
    expected: float | None
    tolerance: float
    ok: bool
    message: str

    @property
    def difference(self) -> float | None:
        if self.stated is None or self.expected is None:
            return None
        return self.stated - self.expected


def _num(text: Any) -> float | None:
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return None
    try:
        return float(str(text))
    except ValueError:
        return None


def _txt(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _agree(a: float, b: float, ha: float, hb: float) -> bool:
    """Two printed figures can be roundings of one value: their rounding intervals overlap
    (strictly: 99.42 and 99.41 cannot both be two-decimal roundings of the same number)."""
    d = abs(a - b)
    return d <= ABS_EPS or d < ha + hb - ABS_EPS


def _cid(*parts: Any) -> str:
    return ":".join(_txt(p) or "-" for p in parts)


def _fmt(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:.6f}".rstrip("0").rstrip(".")


@dataclass
class _Val:
    value: float
    err: float  # rounding the value may carry
    line: int | None
    text: str


def _present(pairs: Iterable[tuple[str, _Val | None]]) -> list[tuple[str, _Val]]:
    return [(c, x) for c, x in pairs if x is not None]


def _ratio_bounds(a: _Val, b: _Val) -> tuple[float, float] | None:
    """Range of 100*a/b when a and b each carry their rounding."""
    lo_b, hi_b = b.value - b.err, b.value + b.err
    if lo_b <= 0:
        return None
    lo_a, hi_a = a.value - a.err, a.value + a.err
    candidates = [100 * x / y for x in (lo_a, hi_a) for y in (lo_b, hi_b)]
    return min(candidates), max(candidates)


def _pct_check(check_id: str, rule: str, report: str, table: str, line: int | None, column: str,
               stated_text: str, part: _Val, base: _Val, what: str) -> Check | None:
    stated = _num(stated_text)
    bounds = _ratio_bounds(part, base)
    if stated is None or bounds is None:
        return None
    h = half_unit(stated_text)
    expected = 100 * part.value / base.value
    ok = bounds[0] - h - ABS_EPS <= stated <= bounds[1] + h + ABS_EPS
    tol = h + max(abs(bounds[0] - expected), abs(bounds[1] - expected))
    msg = (f"{what}: stated {stated_text}%, but {part.text} / {base.text} = {_fmt(expected)}%"
           f" (allowed ±{_fmt(tol)} for printed precision)")
    return Check(check_id, rule, report, table, line, column, stated, round(expected, 6), round(tol, 6), ok, msg)


# ----------------------------------------------------------------------------------------------
# budgets (with the projects table's amounts as the reference for project totals)
# ----------------------------------------------------------------------------------------------

class _Hierarchy:
    def __init__(self, codes: pd.DataFrame, key: str, parent: str, breakdown: str | None):
        self.parent: dict[str, str] = {}
        self.children: dict[tuple[str, str], list[str]] = defaultdict(list)
        for d in records(codes):
            item, par = _txt(d[key]), _txt(d[parent])
            if par:
                self.parent[item] = par
                self.children[(par, _txt(d[breakdown]) if breakdown else "")].append(item)

        self._breakdowns: dict[str, list[str]] = defaultdict(list)
        for (p, b) in sorted(self.children):
            self._breakdowns[p].append(b)

    def breakdowns(self, item: str) -> list[str]:
        return self._breakdowns.get(item, [])


def _budget_checks(pkg: Package) -> Iterator[Check]:
    b = pkg.table("budgets")
    items = _Hierarchy(pkg.table("budget_items"), "item_id", "parent_item", "breakdown")
    multi = set(pkg.table("budget_items").query("multiple_rows == 'true'")["item_id"])
    funds = _Hierarchy(pkg.table("funds"), "fund_id", "parent_fund", None)

    # reference values: (report, project, fund, item, stage) -> _Val ; first statements only
    ref: dict[tuple[str, str, str, str, str], _Val] = {}
    ref_src: dict[tuple[str, str, str, str, str], str] = {}
    multi_sum: dict[tuple[str, str, str, str, str], _Val] = {}
    if pkg.has("projects"):
        p = pkg.table("projects")
        for d in records(p):
            for col, stage in (("initial_budget", "initial_budget"), ("adjusted_budget", "adjusted_budget"),
                               ("budget_unspecified", "budget_unspecified"), ("executed", "executed")):
                v = _num(d[col])
                if v is not None:
                    k = (d["report_id"], d["project_id"], "all", "project", stage)
                    ref[k] = _Val(v, half_unit(d[col]), None, f"project table {col} {d[col]}")
                    ref_src[k] = "projects"

    rows = records(b)
    later: list[dict[str, Any]] = []
    for d in rows:
        amount = _num(d["amount"])
        k = (d["report_id"], _txt(d["project_id"]), d["fund"], d["item"], d["stage"])
        if _txt(d["statement"]) != "1" or k in ref_src:
            later.append(d)
            continue
        if amount is None:
            continue
        val = _Val(amount, half_unit(d["amount"]), d["__line__"], f"{d['item']} {d['amount']}")
        if d["item"] in multi:
            prev = multi_sum.get(k)
            multi_sum[k] = val if prev is None else _Val(prev.value + amount, prev.err + val.err, prev.line, f"{d['item']} (sum)")
            continue
        if k in ref:
            later.append(d)  # a second first-statement: compared like a restatement
            continue
        ref[k] = val
        ref_src[k] = "budgets"
    ref.update(multi_sum)
    for k in multi_sum:
        ref_src[k] = "budgets"

    groups: dict[tuple[str, str, str, str], dict[str, _Val]] = defaultdict(dict)
    for (rep, proj, fund, item, stage), rv in ref.items():
        groups[(rep, proj, fund, stage)][item] = rv

    memo: dict[tuple[tuple[str, str, str, str], str], _Val | None] = {}

    def implied(g: tuple[str, str, str, str], item: str) -> _Val | None:
        key = (g, item)
        if key in memo:
            return memo[key]
        memo[key] = None
        group = groups.get(g)
        if not group:  # nothing stated in this group: nothing can be implied
            return None
        stated = group.get(item)
        if stated is not None:
            memo[key] = stated
            return stated
        for bd in items.breakdowns(item):
            found = [x for _, x in _present((c, implied(g, c)) for c in items.children[(item, bd)])]
            if found:
                total = _Val(sum(x.value for x in found), sum(x.err for x in found), None,
                             f"{item} implied by its parts ({_fmt(sum(x.value for x in found))})")
                memo[key] = total
                return total
        return None

    # parts_sum over items
    for g, stated_items in sorted(groups.items()):
        rep, proj, fund, stage = g
        for parent in sorted(stated_items):
            pv = stated_items[parent]
            for bd in items.breakdowns(parent):
                parts = _present((c, implied(g, c)) for c in items.children[(parent, bd)])
                if not parts:
                    continue
                total = sum(x.value for _, x in parts)
                tol = pv.err + sum(x.err for _, x in parts) + ABS_EPS
                cid = _cid("parts_sum", rep, "budgets", proj, fund, parent, stage, bd)
                names = " + ".join(f"{c} {_fmt(x.value)}" for c, x in parts)
                if len(parts) >= 2:
                    ok = abs(total - pv.value) <= tol
                    msg = f"{parent} ({fund}, {stage}) is {_fmt(pv.value)} but its {bd} parts sum to {_fmt(total)}: {names}"
                elif stage != "yoy_change" and pv.value >= 0:
                    ok = total <= pv.value + tol
                    msg = f"{parts[0][0]} ({fund}, {stage}) {_fmt(total)} exceeds the whole it is part of, {parent} {_fmt(pv.value)}"
                else:
                    continue
                yield Check(cid, "parts_sum", rep, "budgets", pv.line, "amount", pv.value, round(total, 6), round(tol, 6), ok, msg)

    # parts_sum over funds (fund breakdowns of one item and stage), parts stated or implied by their items
    by_item: dict[tuple[str, str, str, str], dict[str, _Val]] = defaultdict(dict)
    for (rep, proj, fund, item, stage), rv in ref.items():
        by_item[(rep, proj, item, stage)][fund] = rv
    for (rep, proj, item, stage), fvals in sorted(by_item.items()):
        for parent in sorted(fvals):
            kids = _present((c, implied((rep, proj, c, stage), item)) for c in funds.children.get((parent, ""), []))
            if len(kids) < 2:
                continue
            pv = fvals[parent]
            total = sum(x.value for _, x in kids)
            tol = pv.err + sum(x.err for _, x in kids) + ABS_EPS
            ok = abs(total - pv.value) <= tol
            names = " + ".join(f"{c} {_fmt(x.value)}" for c, x in kids)
            yield Check(_cid("parts_sum", rep, "budgets", proj, parent, item, stage, "fund"), "parts_sum", rep, "budgets",
                        pv.line, "amount", pv.value, round(total, 6), round(tol, 6), ok,
                        f"{item} ({stage}) from {parent} funds is {_fmt(pv.value)} but its sources sum to {_fmt(total)}: {names}")

    # shares, rates, changes on every row (first statements and restatements alike)
    for d in rows:
        rep, proj, fund, item, stage = d["report_id"], _txt(d["project_id"]), d["fund"], d["item"], d["stage"]
        g = (rep, proj, fund, stage)
        amount = _num(d["amount"])
        me = _Val(amount, half_unit(d["amount"]), d["__line__"], f"{item} {d['amount']}") if amount is not None else None
        st = _txt(d["statement"])
        if _txt(d["share_pct"]) and me is not None:
            base_item = _txt(d["share_of"]) or item
            f: str | None = fund if base_item != item else funds.parent.get(fund)
            base = None
            while f:
                base = implied((rep, proj, f, stage), base_item)
                if base is not None and base.value > 0:
                    break
                f = funds.parent.get(f)
            if base is not None and base.value > 0:
                c = _pct_check(_cid("share_consistent", rep, "budgets", proj, fund, item, stage, st), "share_consistent", rep, "budgets",
                               d["__line__"], "share_pct", d["share_pct"], me, base, f"share of {item} in {base_item}")
                if c:
                    yield c
        if _txt(d["rate_pct"]) and me is not None and stage == "executed":
            base = implied((rep, proj, fund, "adjusted_budget"), item)
            if base is None:
                ini, sup = implied((rep, proj, fund, "initial_budget"), item), implied((rep, proj, fund, "supplementary"), item)
                if ini is not None and sup is not None:  # adjusted budget = initial + supplementary
                    base = _Val(ini.value + sup.value, ini.err + sup.err, None, f"initial + supplementary {_fmt(ini.value + sup.value)}")
            for bstage in ("budget_unspecified", "initial_budget"):
                if base is not None and base.value > 0:
                    break
                base = implied((rep, proj, fund, bstage), item)
            if base is not None and base.value > 0:
                c = _pct_check(_cid("rate_consistent", rep, "budgets", proj, fund, item, stage, st), "rate_consistent", rep, "budgets",
                               d["__line__"], "rate_pct", d["rate_pct"], me, base, f"execution rate of {item}")
                if c:
                    yield c
        if stage == "yoy_change" and me is not None:
            cur = implied((rep, proj, fund, "executed"), item)
            prior = implied((rep, proj, fund, "prior_year_executed"), item)
            if cur is not None and prior is not None:
                diff = cur.value - prior.value
                tol = cur.err + prior.err + me.err + ABS_EPS
                yield Check(_cid("change_consistent", rep, "budgets", proj, fund, item, "amount", st), "change_consistent", rep, "budgets",
                            d["__line__"], "amount", me.value, round(diff, 6), round(tol, 6), abs(diff - me.value) <= tol,
                            f"change of {item} stated {d['amount']} but executed {cur.text} minus prior {prior.text} = {_fmt(diff)}")
            if _txt(d["change_pct"]) and cur is not None:
                base = prior if prior is not None else _Val(cur.value - me.value, cur.err + me.err, None, f"prior implied {_fmt(cur.value - me.value)}")
                c = _pct_check(_cid("change_consistent", rep, "budgets", proj, fund, item, "pct", st), "change_consistent", rep, "budgets",
                               d["__line__"], "change_pct", d["change_pct"], me, base, f"relative change of {item}")
                if c:
                    yield c

    # restatements: every later statement against the reference
    for d in later:
        k = (d["report_id"], _txt(d["project_id"]), d["fund"], d["item"], d["stage"])
        refv = ref.get(k)
        amount = _num(d["amount"])
        if refv is None or amount is None or d["item"] in multi:
            continue
        src = ref_src.get(k, "budgets")
        rule = "cross_table_consistent" if src == "projects" else "restatement_consistent"
        ha = half_unit(d["amount"])
        yield Check(_cid(rule, d["report_id"], "budgets", *k[1:], _txt(d["statement"])), rule, d["report_id"], "budgets", d["__line__"], "amount",
                    amount, refv.value, refv.err + ha, _agree(amount, refv.value, refv.err, ha),
                    f"{k[3]} ({k[2]}, {k[4]}) restated as {d['amount']} but first stated as {_fmt(refv.value)} ({refv.text})")


def _project_checks(pkg: Package) -> Iterator[Check]:
    if not pkg.has("projects"):
        return
    p = pkg.table("projects")
    b = pkg.table("budgets")
    restated = b[(b["item"] == "project") & (b["fund"] == "all") & (b["stage"] == "executed") & b["rate_pct"].notna() & b["project_id"].notna()]
    by_project: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for rd in records(restated):
        by_project[(rd["report_id"], rd["project_id"])].append(rd)
    for d in records(p):
        rep, proj = d["report_id"], d["project_id"]
        ex = _num(d["executed"])
        if _txt(d["execution_rate_pct"]) and ex is not None:
            for col in ("adjusted_budget", "budget_unspecified", "initial_budget"):
                base = _num(d[col])
                if base:
                    c = _pct_check(_cid("rate_consistent", rep, "projects", proj), "rate_consistent", rep, "projects", d["__line__"],
                                   "execution_rate_pct", d["execution_rate_pct"],
                                   _Val(ex, half_unit(d["executed"]), None, f"executed {d['executed']}"),
                                   _Val(base, half_unit(d[col]), None, f"{col} {d[col]}"), f"execution rate of project {proj}")
                    if c:
                        yield c
                    break
        # the same rate restated in budgets rows of the project (fund all, item project)
        for rd in by_project.get((rep, proj), []):
            a, s = _num(rd["rate_pct"]), _num(d["execution_rate_pct"])
            if a is None or s is None:
                continue
            ha, hb = half_unit(rd["rate_pct"]), half_unit(d["execution_rate_pct"])
            yield Check(_cid("cross_table_consistent", rep, "budgets", proj, "rate_pct", rd["line"]), "cross_table_consistent", rep, "budgets",
                        rd["__line__"], "rate_pct", a, s, ha + hb, _agree(a, s, ha, hb),
                        f"execution rate of project {proj} stated {rd['rate_pct']}% in the text but {d['execution_rate_pct']}% in its table")


# ----------------------------------------------------------------------------------------------
# petition metrics and staffing: parts, restatements, changes
# ----------------------------------------------------------------------------------------------

def _counts_checks(pkg: Package, table: str, code_table: str, code_key: str, parent_col: str, breakdown_col: str | None,
                   key_cols: list[str]) -> Iterator[Check]:
    t = pkg.table(table)
    h = _Hierarchy(pkg.table(code_table), code_key, parent_col, breakdown_col)
    value_col = "value"
    cat_col = key_cols[0]
    ref: dict[tuple[str, ...], _Val] = {}
    later = []
    for d in records(t):
        v = _num(d[value_col])
        k = (d["report_id"], *(_txt(d[c]) for c in key_cols))
        if v is None:
            continue
        if _txt(d["statement"]) != "1" or k in ref:
            later.append((k, d, v))
            continue
        # counts are exact; an approximate figure (1550余) makes every identity it enters uncheckable
        err = math.inf if _txt(d.get("approx")) == "true" else (half_unit(d[value_col]) if _txt(d.get("unit")) in ("%", "百分点") else 0.0)
        ref[k] = _Val(v, err, d["__line__"], f"{d[cat_col]} {d[value_col]}")
    # parts: only for the whole (scope all, period report_year where periods exist)
    for k, pv in sorted(ref.items()):
        rep, code, rest = k[0], k[1], k[2:]
        if any(x not in ("all", "report_year") for x in rest):
            continue
        for bd in h.breakdowns(code):
            parts = _present((c, ref.get((rep, c, *rest))) for c in h.children[(code, bd)])
            if len(parts) < 2:
                continue
            total = sum(x.value for _, x in parts)
            tol = pv.err + sum(x.err for _, x in parts) + ABS_EPS
            if math.isinf(tol):
                continue
            names = " + ".join(f"{c} {_fmt(x.value)}" for c, x in parts)
            yield Check(_cid("parts_sum", rep, table, code, *rest, bd), "parts_sum", rep, table, pv.line, value_col, pv.value,
                        round(total, 6), round(tol, 6), abs(total - pv.value) <= tol,
                        f"{code} is {_fmt(pv.value)} but its parts sum to {_fmt(total)}: {names}")
    for k, d, v in later:
        refv = ref.get(k)
        if refv is None or math.isinf(refv.err) or _txt(d.get("approx")) == "true":
            continue
        yield Check(_cid("restatement_consistent", *k, _txt(d["statement"])), "restatement_consistent", k[0], table, d["__line__"], value_col,
                    v, refv.value, ABS_EPS, abs(v - refv.value) <= ABS_EPS,
                    f"{k[1]} restated as {d[value_col]} but first stated as {refv.text}")
    if "period" in key_cols:
        ip = key_cols.index("period") + 1
        for k, refv in sorted(ref.items()):
            if k[ip] != "yoy_change":
                continue
            cur = ref.get(tuple(x if i != ip else "report_year" for i, x in enumerate(k)))
            prior = ref.get(tuple(x if i != ip else "prior_year" for i, x in enumerate(k)))
            if cur is not None and prior is not None:
                diff = cur.value - prior.value
                tol = cur.err + prior.err + refv.err + ABS_EPS
                yield Check(_cid("change_consistent", *k, "value"), "change_consistent", k[0], table, refv.line, value_col, refv.value,
                            round(diff, 6), round(tol, 6), abs(diff - refv.value) <= tol,
                            f"change of {k[1]} stated {_fmt(refv.value)} but {cur.text} minus {prior.text} = {_fmt(diff)}")
        for d in records(t):
            if d["period"] != "yoy_change" or not _txt(d["change_pct"]):
                continue
            k = (d["report_id"], *(_txt(d[c]) if c != "period" else "report_year" for c in key_cols))
            cur = ref.get(k)
            prior = ref.get(tuple(x if i != ip else "prior_year" for i, x in enumerate(k)))
            if cur is None or prior is None:
                continue
            delta = _Val(cur.value - prior.value, cur.err + prior.err, None, f"{_fmt(cur.value)} - {_fmt(prior.value)}")
            c = _pct_check(_cid("change_consistent", d["report_id"], table, d[cat_col], d.get("scope", ""), "pct", d["statement"]), "change_consistent",
                           d["report_id"], table, d["__line__"], "change_pct", d["change_pct"], delta, prior, f"relative change of {d[cat_col]}")
            if c:
                yield c


# ----------------------------------------------------------------------------------------------
# indicators: weights and scores of every self-evaluation table
# ----------------------------------------------------------------------------------------------

def indicator_row_value(row: dict[str, Any], children: dict[str, list[dict[str, Any]]], col: str) -> float | None:
    """A row's weight or score; a subtotal printed without it counts as the sum of its rows."""
    v = _num(row[col])
    if v is not None or row["row_kind"] != "subtotal":
        return v
    got = [x for x in (indicator_row_value(k, children, col) for k in children.get(row["row"], [])) if x is not None]
    return sum(got) if got else None


def indicator_table_sum(top: list[dict[str, Any]], children: dict[str, list[dict[str, Any]]], col: str) -> float | None:
    """Sum of a self-evaluation table's top-level rows (None when no row states the column)."""
    got = [x for x in (indicator_row_value(r, children, col) for r in top) if x is not None]
    return sum(got) if got else None


def indicator_children(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of one table by parent_row ("" for top-level rows)."""
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        children[_txt(r["parent_row"])].append(r)
    return children


def _indicator_checks(pkg: Package) -> Iterator[Check]:
    ind = pkg.table("indicators")
    totals: dict[tuple[str, str], tuple[str, str, int | None, str]] = {}
    if pkg.has("projects"):
        for d in records(pkg.table("projects")):
            totals[(d["report_id"], d["project_id"])] = (_txt(d["total_weight"]), _txt(d["total_score"]), d["__line__"], "projects")
    for d in records(pkg.table("reports")):
        totals[(d["report_id"], "")] = ("", _txt(d["self_score"]), d["__line__"], "reports")

    for d in records(ind):
        w, s = _num(d["weight"]), _num(d["score"])
        if w is not None and s is not None:
            yield Check(_cid("score_within_weight", d["report_id"], "indicators", d["row"]), "score_within_weight", d["report_id"], "indicators",
                        d["__line__"], "score", s, w, 0.0, s <= w + ABS_EPS, f"row {d['row']} scores {d['score']} of a weight of {d['weight']}")

    tables: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in records(ind.assign(project_id=ind["project_id"].fillna(""))):
        if pd.isna(r["report_id"]):
            continue  # as groupby drops a missing key
        tables[(str(r["report_id"]), str(r["project_id"]))].append(r)
    for (rep, proj) in sorted(tables):
        rows = {r["row"]: r for r in tables[(rep, proj)]}
        children = indicator_children(rows.values())
        groups = [(r, children.get(r["row"], [])) for r in rows.values() if r["row_kind"] == "subtotal"]
        tw, ts, tline, ttable = totals.get((rep, proj), ("", "", None, ""))
        top = children.get("", [])
        for col, rule in (("weight", "weight_sum"), ("score", "score_sum")):
            for sub, kids in groups:
                sv = _num(sub[col])
                vals = [x for x in (_num(k[col]) for k in kids) if x is not None]
                if sv is None or not vals:
                    continue
                total = sum(vals)
                tol = ABS_EPS  # weights and scores are exact points
                yield Check(_cid(rule, rep, "indicators", proj, "row", sub["row"]), rule, rep, "indicators", sub["__line__"], col, sv,
                            round(total, 6), round(tol, 6), abs(total - sv) <= tol,
                            f"subtotal row {sub['row']} ({sub['level1']}) states {col} {sub[col]} but its rows sum to {_fmt(total)}")
            stated_text = tw if col == "weight" else ts
            stated = _num(stated_text)
            total_or_none = indicator_table_sum(top, children, col)
            if stated is None or total_or_none is None:
                continue
            total = total_or_none
            tol = ABS_EPS
            yield Check(_cid(rule, rep, ttable, proj or "department", "total"), rule, rep, ttable, tline,
                        "total_" + col if ttable == "projects" else "self_score", stated, round(total, 6), round(tol, 6), abs(total - stated) <= tol,
                        f"table total {col} {stated_text} of {proj or 'the department table'} but its top-level rows sum to {_fmt(total)}")

    # an indicator row that states a petition metric agrees with petition_metrics
    pm = pkg.table("petition_metrics")
    whole = pm[(pm["scope"] == "all") & (pm["period"] == "report_year") & (pm["statement"] == "1")]
    first = {(r["report_id"], r["metric"]): r for r in records(whole)}
    for d in records(ind[ind["metric"].notna()]):
        other = first.get((d["report_id"], d["metric"]))
        a = _num(d["actual_value"])
        if other is None or a is None:
            continue
        v = _num(other["value"])
        if v is None:
            continue
        ha, hb = half_unit(d["actual_value"]), half_unit(other["value"])
        if _txt(other.get("unit")) != "%":
            ha = hb = 0.0  # counts are exact
        yield Check(_cid("cross_table_consistent", d["report_id"], "indicators", d["row"], d["metric"]), "cross_table_consistent", d["report_id"],
                    "indicators", d["__line__"], "actual_value", a, v, ha + hb, _agree(a, v, ha, hb),
                    f"row {d['row']} states {d['metric']} {d['actual_value']} but petition_metrics line {other['line']} states {other['value']}")


def all_checks(pkg: Package) -> list[Check]:
    """Every identity check of the package, sorted by check_id (deterministic)."""
    checks: list[Check] = []
    parts: Iterable[Iterator[Check]] = (
        _budget_checks(pkg),
        _project_checks(pkg),
        _counts_checks(pkg, "petition_metrics", "petition_metric_codes", "metric_id", "parent_metric", "breakdown",
                       FACT_KEYS["petition_metrics"][1:]),
        _counts_checks(pkg, "staffing", "staffing_categories", "category_id", "parent_category", None, FACT_KEYS["staffing"][1:]),
        _indicator_checks(pkg),
    )
    for it in parts:
        checks.extend(it)
    seen: dict[str, Check] = {}
    for c in checks:
        cid = c.check_id
        n = 2
        while cid in seen:  # keep ids unique and stable in order of appearance
            cid = f"{c.check_id}#{n}"
            n += 1
        seen[cid] = c if cid == c.check_id else Check(cid, *list(c.__dict__.values())[1:])
    return sorted(seen.values(), key=lambda c: c.check_id)
