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

from .columns import recode, texts_at
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
    rate, rate_h, rate_text = ctx.numbers("projects", "execution_rate_pct")
    b = pkg.table("budgets")
    (item,), (fund,), (stage,) = (ctx.decoded("budgets", c) for c in ("item", "fund", "stage"))
    at = np.flatnonzero(item.equals("project") & fund.equals("all") & stage.equals("executed") & b["rate_pct"].notna().to_numpy()
                        & b["project_id"].notna().to_numpy())
    a_all, ha_all, a_text = ctx.numbers("budgets", "rate_pct")
    # (report, project) as integer codes, the projects table's (missing as "", as texts() gives it; -1: no project has it)
    (p_rep,), (p_proj,) = ctx.decoded("projects", "report_id"), ctx.decoded("projects", "project_id")
    (b_rep,), (b_proj,) = ctx.decoded("budgets", "report_id"), ctx.decoded("budgets", "project_id")
    rep_c, proj_c = recode(b_rep.take(at), p_rep), recode(b_proj.take(at), p_proj)
    n_proj = max(len(p_proj.names), 1)
    left = pd.DataFrame({"key": p_rep.codes * n_proj + p_proj.codes, "p_pos": np.arange(len(p))})
    right = pd.DataFrame({"key": np.where((rep_c >= 0) & (proj_c >= 0), rep_c * n_proj + proj_c, -1), "b_pos": np.arange(len(at))})
    m = left.merge(right, on="key").sort_values(["p_pos", "b_pos"], kind="stable")
    pp, bp = m["p_pos"].to_numpy(dtype=np.int64), m["b_pos"].to_numpy(dtype=np.int64)
    use = ~np.isnan(a_all[at[bp]]) & ~np.isnan(rate[pp])
    pp, bp = pp[use], bp[use]
    if not len(pp):
        return []
    rows = at[bp]  # the budgets rows
    a, s, ha, hs = a_all[rows], rate[pp], ha_all[rows], rate_h[pp]

    def cross_message(sel: Rows) -> list[str]:
        return [f"execution rate of project {x} stated {at}% in the text but {st}% in its table"
                for x, at, st in zip(sel["__proj__"], sel["__a__"], sel["__s__"], strict=True)]

    mrep, mproj = p_rep.take(pp), p_proj.take(pp)
    ids = fam.ids("cross_table_consistent", len(pp), report_id=mrep, project_id=mproj, line=texts_at(b["line"], rows))
    return [check_columns(ids, "cross_table_consistent", mrep, "budgets", b["__line__"].to_numpy(dtype=float)[rows], "rate_pct", a, s, ha + hs,
                          agree_v(a, s, ha, hs), cross_message, __proj__=mproj, __a__=a_text.take(rows), __s__=rate_text.take(pp))]


@family("indicator_metrics", {"cross_table_consistent": "cross_table_consistent:{report_id}:indicators:{row}:{metric}"},
        {"indicators": ("report_id", "row", "metric", "actual_value"),
         "petition_metrics": ("report_id", "metric", "scope", "period", "statement", "value", "unit", "line")})
def indicator_metrics(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """An indicator row that states a petition metric agrees with petition_metrics (a percent within both roundings, a count exactly)."""
    pkg = ctx.pkg
    ind = pkg.table("indicators")
    (rep,), (row,) = ctx.decoded("indicators", "report_id"), ctx.decoded("indicators", "row")
    line = ind["__line__"].to_numpy(dtype=float)
    (scope,), (period,), (statement,) = (ctx.decoded("petition_metrics", c) for c in ("scope", "period", "statement"))
    at = np.flatnonzero(scope.equals("all") & period.equals("report_year") & statement.equals("1"))
    # (report, metric) as integer codes, petition_metrics' (missing as "", as texts() gives it; -1: no metric row has it)
    (w_rep,), (w_metric,) = ctx.decoded("petition_metrics", "report_id"), ctx.decoded("petition_metrics", "metric")
    (i_metric,) = ctx.decoded("indicators", "metric")
    n_metric = max(len(w_metric.names), 1)
    wkey = pd.Series(w_rep.codes[at] * n_metric + w_metric.codes[at])
    last = ~wkey.duplicated(keep="last").to_numpy()
    other_index = pd.Index(wkey[last].to_numpy())
    o_at = at[last]  # the petition_metrics row of each (report, metric)
    o_val, o_h, o_text = ctx.numbers("petition_metrics", "value")
    (o_unit,) = ctx.decoded("petition_metrics", "unit")
    rows = np.flatnonzero(i_metric.nonempty())
    i_rep, i_met = recode(rep.take(rows), w_rep), recode(i_metric.take(rows), w_metric)
    query = np.where((i_rep >= 0) & (i_met >= 0), i_rep * n_metric + i_met, -1)
    oi = other_index.get_indexer(query)
    a, ha, a_text = ctx.numbers("indicators", "actual_value")
    found = oi >= 0
    rows, oi = rows[found], oi[found]
    use = ~np.isnan(a[rows]) & ~np.isnan(o_val[o_at[oi]])
    k, o = rows[use], o_at[oi[use]]
    if not len(k):
        return []
    pct = o_unit.equals("%")[o]
    ak, hak = a[k], np.where(pct, ha[k], 0.0)
    vk, hvk = o_val[o], np.where(pct, o_h[o], 0.0)

    def cross_message(sel: Rows) -> list[str]:
        return [f"row {r} states {m} {at} but petition_metrics line {ol} states {ot}"
                for r, m, at, ol, ot in zip(sel["__row__"], sel["__metric__"], sel["__a__"], sel["__oline__"], sel["__otext__"], strict=True)]

    metric = i_metric.take(k)
    ids = fam.ids("cross_table_consistent", len(k), report_id=rep.take(k), row=row.take(k), metric=metric)
    return [check_columns(ids, "cross_table_consistent", rep.take(k), "indicators", line[k], "actual_value", ak, vk, hak + hvk,
                          agree_v(ak, vk, hak, hvk), cross_message, __row__=row.take(k), __metric__=metric, __a__=a_text.take(k),
                          __oline__=ctx.decoded("petition_metrics", "line")[0].take(o), __otext__=o_text.take(o))]
