"""cross_table_consistent: the same fact stated in two tables agrees (within both printings' rounding).

- project_rate_restatements: a project's execution rate restated on its budgets rows (fund all, item
  project, stage executed) against the projects table.
- indicator_metrics: an indicator row that names a petition metric (indicators.metric) states the
  same actual value as petition_metrics (scope all, period report_year, first statement).

(A project's amounts restated in the budgets against the projects table: restatements.budget_restatements.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .columns import parse, shared_codes, texts
from .core import CheckColumns, Rows, agree_v, check_columns
from .registry import Context, IdentityFamily, family

SEP = "\x1f"


@family("project_rate_restatements", {"cross_table_consistent": "cross_table_consistent:{report_id}:budgets:{project_id}:rate_pct:{line}"},
        {"projects": ("report_id", "project_id", "execution_rate_pct"),
         "budgets": ("report_id", "project_id", "fund", "item", "stage", "rate_pct", "line")})
def project_rate_restatements(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A project's execution rate restated in the budgets agrees with the projects table ({line}: budgets.line)."""
    pkg = ctx.pkg
    if not pkg.has("projects"):
        return []
    p = pkg.table("projects")
    rep, proj = texts(p["report_id"]), texts(p["project_id"])
    rate_text = texts(p["execution_rate_pct"])
    rate, rate_h = parse(p["execution_rate_pct"])
    b = pkg.table("budgets")
    restated = b[(b["item"] == "project") & (b["fund"] == "all") & (b["stage"] == "executed") & b["rate_pct"].notna() & b["project_id"].notna()]
    left = pd.DataFrame({"rep": rep, "proj": proj, "p_pos": np.arange(len(p)), "s": rate, "hs": rate_h, "s_text": rate_text})
    a, ha = parse(restated["rate_pct"])
    right = pd.DataFrame({"rep": texts(restated["report_id"]), "proj": texts(restated["project_id"]), "b_pos": np.arange(len(restated)),
                          "a": a, "ha": ha, "a_text": texts(restated["rate_pct"]), "bline": texts(restated["line"]),
                          "line": restated["__line__"].to_numpy(dtype=float)})
    m = left.merge(right, on=["rep", "proj"]).sort_values(["p_pos", "b_pos"], kind="stable")
    m = m[m["a"].notna() & m["s"].notna()]
    if not len(m):
        return []
    a, s, ha, hs = (m[c].to_numpy(dtype=float) for c in ("a", "s", "ha", "hs"))

    def cross_message(sel: Rows) -> list[str]:
        return [f"execution rate of project {x} stated {at}% in the text but {st}% in its table"
                for x, at, st in zip(sel["__proj__"], sel["__a__"], sel["__s__"], strict=True)]

    mrep, mproj = m["rep"].to_numpy(dtype=object), m["proj"].to_numpy(dtype=object)
    ids = fam.ids("cross_table_consistent", len(m), report_id=mrep, project_id=mproj, line=m["bline"].to_numpy(dtype=object))
    return [check_columns(ids, "cross_table_consistent", mrep, "budgets", m["line"].to_numpy(dtype=float), "rate_pct", a, s, ha + hs,
                          agree_v(a, s, ha, hs), cross_message, __proj__=mproj, __a__=m["a_text"].to_numpy(dtype=object),
                          __s__=m["s_text"].to_numpy(dtype=object))]


@family("indicator_metrics", {"cross_table_consistent": "cross_table_consistent:{report_id}:indicators:{row}:{metric}"},
        {"indicators": ("report_id", "row", "metric", "actual_value"),
         "petition_metrics": ("report_id", "metric", "scope", "period", "statement", "value", "unit", "line")})
def indicator_metrics(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """An indicator row that states a petition metric agrees with petition_metrics (a percent within both roundings, a count exactly)."""
    pkg = ctx.pkg
    ind = pkg.table("indicators")
    rep, row = texts(ind["report_id"]), texts(ind["row"])
    line = ind["__line__"].to_numpy(dtype=float)
    pm = pkg.table("petition_metrics")
    at = np.flatnonzero(((pm["scope"] == "all") & (pm["period"] == "report_year") & (pm["statement"] == "1")).fillna(False).to_numpy(dtype=bool))
    whole = pm[["report_id", "metric", "value", "unit", "line"]].iloc[at]
    # (report, metric) as integer codes, one code space for both tables (missing as "", as texts() gives it)
    (w_rep, i_rep), _ = shared_codes(whole["report_id"], ind["report_id"])
    (w_metric, i_metric), n_metric = shared_codes(whole["metric"], ind["metric"])
    wkey = pd.Series(w_rep * max(n_metric, 1) + w_metric)
    last = ~wkey.duplicated(keep="last").to_numpy()
    other_index = pd.Index(wkey[last])
    o_val, o_h = parse(whole["value"])
    o_val, o_h = o_val[last], o_h[last]
    o_unit, o_text, o_line = texts(whole["unit"])[last], texts(whole["value"])[last], texts(whole["line"])[last]
    metric = texts(ind["metric"])
    rows = np.flatnonzero(metric != "")
    oi = other_index.get_indexer(i_rep[rows] * max(n_metric, 1) + i_metric[rows])
    a, ha = parse(ind["actual_value"])
    found = oi >= 0
    rows, oi = rows[found], oi[found]
    use = ~np.isnan(a[rows]) & ~np.isnan(o_val[oi])
    k, oi = rows[use], oi[use]
    if not len(k):
        return []
    pct = o_unit[oi] == "%"
    ak, hak = a[k], np.where(pct, ha[k], 0.0)
    vk, hvk = o_val[oi], np.where(pct, o_h[oi], 0.0)
    a_text = texts(ind["actual_value"])

    def cross_message(sel: Rows) -> list[str]:
        return [f"row {r} states {m} {at} but petition_metrics line {ol} states {ot}"
                for r, m, at, ol, ot in zip(sel["__row__"], sel["__metric__"], sel["__a__"], sel["__oline__"], sel["__otext__"], strict=True)]

    ids = fam.ids("cross_table_consistent", len(k), report_id=rep[k], row=row[k], metric=metric[k])
    return [check_columns(ids, "cross_table_consistent", rep[k], "indicators", line[k], "actual_value", ak, vk, hak + hvk,
                          agree_v(ak, vk, hak, hvk), cross_message, __row__=row[k], __metric__=metric[k], __a__=a_text[k],
                          __oline__=o_line[oi], __otext__=o_text[oi])]
