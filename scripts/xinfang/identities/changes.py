"""change_consistent: a stated change matches current minus prior, and its percent.

- budget_changes, budget_change_pcts: a budget row of stage yoy_change states the change of its item
  (and its percent): the report's own-year figure (its report type's default_stage) minus the prior
  stage of that stage (budget_stages.prior_stage: executed - prior_year_executed, initial_budget -
  prior_year_budget).
- petition_metric_changes, petition_metric_change_pcts: a metric of period yoy_change (and its
  change_pct) against the report year minus the prior year.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .budget_facts import BUDGET_READS, SRC_PRIOR_IMPLIED, BudgetFacts, budget_facts, pct_checks
from .core import ABS_EPS, CheckColumns, Rows, check_columns, fmt, pct_message, pct_v, round6
from .count_facts import PETITION_METRICS, CountFacts, count_facts
from .registry import Context, IdentityFamily, family

_CHANGE_READS = {**BUDGET_READS, "budgets": (*BUDGET_READS["budgets"], "change_pct")}


def _budget_change_bases(ctx: Context) -> tuple[BudgetFacts, np.ndarray, tuple[Any, ...], tuple[Any, ...]]:
    """The yoy_change rows of the budgets, and (value, err, src) of their current and prior figures."""

    def build() -> tuple[BudgetFacts, np.ndarray, tuple[Any, ...], tuple[Any, ...]]:
        bf = budget_facts(ctx)
        has = ~np.isnan(bf.amount)
        rows = np.flatnonzero(has & (bf.c_stage == bf.v_stage.index.get("yoy_change", -1)))
        r_args = (bf.c_rep[rows], bf.c_proj[rows], bf.c_fund[rows])
        item_cols = bf.code_to_col[bf.c_item[rows]]
        cur, prior = (bf.at_groups(bf.groups(*r_args, stage), item_cols) for stage in bf.change_stage_codes(bf.c_rep[rows]))
        return bf, rows, cur, prior

    return ctx.shared("budget_change_bases", build)  # type: ignore[no-any-return]


@family("budget_changes", {"change_consistent": "change_consistent:{report_id}:budgets:{project_id}:{fund}:{item}:amount:{statement}"},
        _CHANGE_READS)
def budget_changes(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A change stated on a budget row (stage yoy_change) against current minus prior."""
    bf, rows, cur, prior = _budget_change_bases(ctx)
    out: list[CheckColumns] = []
    both = ~np.isnan(cur[0]) & ~np.isnan(prior[0])
    k = rows[both]
    diff = cur[0][both] - prior[0][both]
    me, me_h = bf.amount[k], bf.amount_h[k]
    tol = cur[1][both] + prior[1][both] + me_h + ABS_EPS
    c_src, c_val, p_src, p_val = cur[2][both], cur[0][both], prior[2][both], prior[0][both]

    def change_message(sel: Rows) -> list[str]:
        cur_stage, prior_stage = bf.change_stages(sel["__rep__"])
        return [f"change of {i} stated {a} but {cst} {bf.ref_text(int(cs), i, float(cv))} minus prior"
                f"{'' if pst == 'prior_year_executed' else f' ({pst})'} "
                f"{bf.ref_text(int(ps), i, float(pv))} = {fmt(d)}"
                for i, a, cs, cv, ps, pv, d, cst, pst in zip(sel["__item__"], sel["__amt__"], sel["__csrc__"], sel["__cval__"], sel["__psrc__"],
                                                             sel["__pval__"], sel["__diff__"], cur_stage, prior_stage, strict=True)]

    if len(k):
        ids = fam.ids("change_consistent", len(k), report_id=bf.rep.take(k), project_id=bf.proj.take(k), fund=bf.fund.take(k),
                      item=bf.item.take(k), statement=bf.st[k])
        out.append(check_columns(ids, "change_consistent", bf.rep.take(k), "budgets", bf.line[k], "amount", me, round6(diff), round6(tol),
                                 np.abs(diff - me) <= tol, change_message, __item__=bf.item.take(k), __amt__=bf.amount_text.take(k),
                                 __csrc__=c_src, __cval__=c_val, __psrc__=p_src, __pval__=p_val, __diff__=diff, __rep__=bf.rep.take(k)))
    return out


@family("budget_change_pcts", {"change_consistent": "change_consistent:{report_id}:budgets:{project_id}:{fund}:{item}:pct:{statement}"},
        _CHANGE_READS)
def budget_change_pcts(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A relative change stated on a budget row (change_pct) against the change / prior."""
    bf, rows, cur, prior = _budget_change_bases(ctx)
    change = ctx.numbers("budgets", "change_pct")
    sel = change[2].nonempty()[rows] & ~np.isnan(cur[0])
    k = rows[sel]
    cv, ce = cur[0][sel], cur[1][sel]
    pv, pe, ps = prior[0][sel], prior[1][sel], prior[2][sel]
    no_prior = np.isnan(pv)
    bval = np.where(no_prior, cv - bf.amount[k], pv)
    berr = np.where(no_prior, ce + bf.amount_h[k], pe)
    bsrc = np.where(no_prior, SRC_PRIOR_IMPLIED, ps)
    return pct_checks(bf, fam, "change_consistent", k, "change_pct", change, bval, berr, bsrc, None, lambda i: f"relative change of {i}")


def _at(cf: CountFacts, ip: int, rows: np.ndarray, p: str) -> np.ndarray:
    """Reference row of the same fact as each row's, in period p."""
    ks = [c[rows] if i != ip else np.full(len(rows), cf.v_keys[ip].code(p), dtype=np.int64) for i, c in enumerate(cf.c_keys)]
    return cf.ref_of(cf.enc(cf.c_rep[rows], ks))


def _current_and_prior(cf: CountFacts, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of the given yoy_change rows, those whose fact is stated for the report year and the prior year,
    with the reference rows of both."""
    ip = cf.key_cols.index("period")
    cur, prior = _at(cf, ip, rows, "report_year"), _at(cf, ip, rows, "prior_year")
    both = (cur >= 0) & (prior >= 0)
    return rows[both], cur[both], prior[both]


def _period_facts(ctx: Context) -> CountFacts | None:
    """The petition metrics' facts, when their fact key has a period (else no change is identified)."""
    cf = count_facts(ctx, PETITION_METRICS)
    return cf if "period" in cf.key_cols else None


@family("petition_metric_changes", {"change_consistent": "change_consistent:{report_id}:{metric}:{scope}:{period}:value"},
        PETITION_METRICS.reads())
def petition_metric_changes(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A metric's stated change (period yoy_change) against the report year minus the prior year."""
    cf = _period_facts(ctx)
    if cf is None:
        return []
    value, err, ref_text = cf.value, cf.err, cf.ref_text
    period = cf.keys[cf.key_cols.index("period")]
    k, cur_k, prior_k = _current_and_prior(cf, cf.ref_rows[period.equals("yoy_change")[cf.ref_rows]])
    if not len(k):
        return []
    diff = value[cur_k] - value[prior_k]
    tol = err[cur_k] + err[prior_k] + err[k] + ABS_EPS

    def change_message(sel: Rows) -> list[str]:
        return [f"change of {c} stated {fmt(v)} but {ref_text(int(cr))} minus {ref_text(int(pr))} = {fmt(d)}"
                for c, v, cr, pr, d in zip(sel["__code__"], sel["stated"], sel["__cur__"], sel["__prior__"], sel["__diff__"], strict=True)]

    with np.errstate(invalid="ignore"):
        ok = np.abs(diff - value[k]) <= tol
    ids = fam.ids("change_consistent", len(k), **cf.values(k))
    return [check_columns(ids, "change_consistent", cf.rep.take(k), cf.table, cf.line[k], "value", value[k], round6(diff), round6(tol), ok,
                          change_message, __code__=cf.keys[0].take(k), __cur__=cur_k, __prior__=prior_k, __diff__=diff)]


@family("petition_metric_change_pcts", {"change_consistent": "change_consistent:{report_id}:petition_metrics:{metric}:{scope}:pct:{statement}"},
        PETITION_METRICS.reads())
def petition_metric_change_pcts(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A metric's stated relative change (change_pct) against the change / the prior year."""
    cf = _period_facts(ctx)
    if cf is None:
        return []
    value, err, ref_text = cf.value, cf.err, cf.ref_text
    period = cf.keys[cf.key_cols.index("period")]
    change, change_h, change_text = ctx.numbers(cf.table, "change_pct")
    k, cur_k, prior_k = _current_and_prior(cf, np.flatnonzero(period.equals("yoy_change") & change_text.nonempty()))
    if not len(k):
        return []
    stated, sh = change[k], change_h[k]
    cv, pv = value[cur_k], value[prior_k]
    valid, expected, tol, ok = pct_v(stated, sh, cv - pv, err[cur_k] + err[prior_k], pv, err[prior_k])
    kk = k[valid]

    def change_pct_message(sel: Rows) -> list[str]:
        return pct_message([f"relative change of {c}" for c in sel["__code__"]], list(sel["__text__"]),
                           [f"{fmt(c)} - {fmt(p)}" for c, p in zip(sel["__cv__"], sel["__pv__"], strict=True)],
                           [ref_text(int(p)) for p in sel["__prior__"]], list(sel["__exp__"]), list(sel["__tol__"]))

    values = cf.values(kk)
    values.setdefault("scope", np.full(len(kk), "", dtype=object))
    ids = fam.ids("change_consistent", len(kk), **values, statement=cf.st[kk])
    return [check_columns(ids, "change_consistent", cf.rep.take(kk), cf.table, cf.line[kk], "change_pct", stated[valid], round6(expected[valid]),
                          round6(tol[valid]), ok[valid], change_pct_message, __code__=cf.keys[0].take(kk), __text__=change_text.take(kk), __cv__=cv[valid],
                          __pv__=pv[valid], __prior__=prior_k[valid], __exp__=expected[valid], __tol__=tol[valid])]
