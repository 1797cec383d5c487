"""parts_sum: the parts of a whole sum to it.

- budget_item_parts: the children of a budget item in one breakdown (stated or implied by their own
  parts) sum to the item; a lone stated part does not exceed its whole; the changes of some parts
  only (the largest classes' 增加/减少) are no breakdown of the whole's change: parts' changes are
  summed only when they cover every part stated at the report's own-year or prior stage.
- budget_fund_parts: the fund sources of an item and stage (stated, or implied by their own sources)
  sum to the stated parent fund.
- petition_metric_parts, staffing_parts: a code's parts in one breakdown sum to it (the whole:
  scope all, period report_year).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .budget_facts import BUDGET_READS, SRC_IMPLIED, BudgetFacts, budget_facts
from .columns import Decoded, seqsum
from .core import ABS_EPS, CheckColumns, Rows, check_columns, fmt, round6
from .count_facts import PETITION_METRICS, STAFFING, CountTable, count_facts
from .registry import Context, IdentityFamily, family


@family("budget_item_parts", {"parts_sum": "parts_sum:{report_id}:budgets:{project_id}:{fund}:{item}:{stage}:{breakdown}"}, BUDGET_READS)
def budget_item_parts(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """parts_sum over items: the parts of one breakdown (stated or implied) against the stated item."""
    bf = budget_facts(ctx)
    out = []
    ref = bf.ref
    rep_all, proj_all, fund_all, stage_all, _ = bf.ref_codes(np.arange(len(ref)))
    yoy_change = bf.v_stage.index.get("yoy_change", -1)
    for parent, pcol in bf.cols.items():
        of_parent = None
        for bd in bf.items.breakdowns(parent):
            kids = [c for c in bf.items.children[(parent, bd)] if c in bf.cols]
            if not kids:
                continue
            rows = of_parent = np.flatnonzero(bf.ref_col == pcol) if of_parent is None else of_parent
            g = bf.ref_g[rows]
            kid_cols = [bf.cols[c] for c in kids]
            kv = [bf.V[g, k] for k in kid_cols]
            ke = [bf.E[g, k] for k in kid_cols]
            implied = np.zeros(len(g), dtype=bool)
            for k in kid_cols:
                implied |= bf.S[g, k] == SRC_IMPLIED
            total, count = seqsum(kv, len(g))
            errs, _ = seqsum(ke, len(g))
            pv = ref.value[rows]
            tol = ref.err[rows] + errs + ABS_EPS
            change = stage_all[rows] == yoy_change
            lone = (count == 1) & ~change & (pv >= 0)
            keep = (count >= 2) | lone
            if change.any():  # a change stated for some of the parts only (the largest ones) is no breakdown of the whole's change
                keep[change] &= level_parts(bf, g[change], kids) <= count[change]
            rows, g, total, count, pv, tol, lone, implied, change = (rows[keep], g[keep], total[keep], count[keep], pv[keep], tol[keep],
                                                                     lone[keep], implied[keep], change[keep])
            if not len(rows):
                continue
            # a breakdown stated at this stage for fewer parts than the report states at another (the adjusted budget of
            # two 项 of three) is part of the whole only: its sum may not exceed it
            partial = (count >= 2) & ~change
            if partial.any():
                partial[partial] = bf.parts_seen(g[partial], kid_cols).sum(axis=1) > count[partial]
            ok = np.where((count >= 2) & ~partial, np.abs(total - pv) <= tol, total <= pv + tol)
            fam_kids = kids

            def message(sel: Rows, kids: list[str] = fam_kids, parent: str = parent, bd: str = bd) -> list[str]:
                msgs = []
                for gi, fund, stage, pv, total, part in zip(sel["__g__"], bf.v_fund.names[sel["__fund__"]], bf.v_stage.names[sel["__stage__"]],
                                                            sel["stated"], sel["__total__"], sel["__partial__"], strict=True):
                    parts = [(c, bf.V[gi, bf.cols[c]]) for c in kids if not np.isnan(bf.V[gi, bf.cols[c]])]
                    names = " + ".join(f"{c} {fmt(float(x))}" for c, x in parts)
                    if len(parts) >= 2 and part:
                        msgs.append(f"{parent} ({fund}, {stage}) is {fmt(pv)} but the {bd} parts stated at that stage already sum to {fmt(total)}: "
                                    f"{names}")
                    elif len(parts) >= 2:
                        msgs.append(f"{parent} ({fund}, {stage}) is {fmt(pv)} but its {bd} parts sum to {fmt(total)}: {names}")
                    else:
                        msgs.append(f"{parts[0][0]} ({fund}, {stage}) {fmt(total)} exceeds the whole it is part of, {parent} {fmt(pv)}")
                return msgs

            rep, proj, fund, stage = rep_all[rows], proj_all[rows], fund_all[rows], stage_all[rows]
            ids = fam.ids("parts_sum", len(rows), report_id=Decoded(rep, bf.v_rep.names), project_id=Decoded(proj, bf.v_proj.names),
                          fund=Decoded(fund, bf.v_fund.names), item=parent, stage=Decoded(stage, bf.v_stage.names), breakdown=bd)
            out.append(check_columns(ids, "parts_sum", Decoded(rep, bf.v_rep.names), "budgets", ref.line[rows], "amount", pv, round6(total), round6(tol),
                                     ok, message, __g__=g, __fund__=fund, __stage__=stage, __total__=total, __implied__=implied,
                                     __partial__=partial))
    return out


def level_parts(bf: BudgetFacts, g: np.ndarray, kids: list[str]) -> np.ndarray:
    """For groups of yoy_change rows: how many of these parts the report states (or its rows imply) at
    the stage its own-year figures have, or at the stage its changes are measured against (the more)."""
    rep, proj, fund, _ = bf.key_codes(bf.group_keys[g] << 10)
    best = np.zeros(len(g), dtype=np.int64)
    for stage in bf.change_stage_codes(rep):  # -1: a stage no row has, no group
        gi = bf.groups(rep, proj, fund, stage)
        n = np.zeros(len(g), dtype=np.int64)
        for c in kids:
            n += ~np.isnan(bf.at_groups(gi, np.full(len(g), bf.cols[c], dtype=np.int64))[0])
        best = np.maximum(best, n)
    return best


@family("budget_fund_parts", {"parts_sum": "parts_sum:{report_id}:budgets:{project_id}:{fund}:{item}:{stage}:fund"}, BUDGET_READS)
def budget_fund_parts(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """parts_sum over funds: the fund sources of one item and stage (stated or implied) against the stated fund."""
    bf = budget_facts(ctx)
    out = []
    ref = bf.ref
    rep_all, proj_all, fund_all, stage_all, item_all = bf.ref_codes(np.arange(len(ref)))
    for parent in sorted({p for (p, _b) in bf.funds.children}):
        kids = bf.funds.children[(parent, "")]
        if len(kids) < 2 or parent not in bf.v_fund.index:
            continue
        rows = np.flatnonzero(fund_all == bf.v_fund.index[parent])
        if not len(rows):
            continue
        groups = bf.groups_of_funds(rep_all[rows], proj_all[rows], stage_all[rows])
        item_cols = bf.ref_col[rows]
        kv, ke, ki = [], [], []

        def fund_value(fund: str, groups: Callable[[int], np.ndarray] = groups, item_cols: np.ndarray = item_cols
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            """(value, err, implied) of an item from a fund: as stated (or implied by its item parts), else the sum of the
            fund's own sources (gpb + gov_fund for fiscal when fiscal itself is not stated)."""
            code = bf.v_fund.index.get(fund)  # None: no row names the fund, no group has it
            if code is None:
                v, e, src = np.full(len(item_cols), np.nan), np.full(len(item_cols), np.nan), np.full(len(item_cols), -9, dtype=np.int64)
            else:
                v, e, src = bf.at_groups(groups(code), item_cols)
            implied = src == SRC_IMPLIED
            sub = bf.funds.children.get((fund, ""), [])
            if sub:
                parts = [fund_value(k) for k in sub]
                total, count = seqsum((x[0] for x in parts), len(item_cols))
                err, _ = seqsum((x[1] for x in parts), len(item_cols))
                fill = np.isnan(v) & (count > 0)
                v, e, implied = v.copy(), e.copy(), implied.copy()
                v[fill], e[fill], implied[fill] = total[fill], err[fill], True
            return v, e, implied

        for c in kids:
            v, e, imp = fund_value(c)
            kv.append(v)
            ke.append(e)
            ki.append(imp)
        total, count = seqsum(kv, len(rows))
        errs, _ = seqsum(ke, len(rows))
        keep = count >= 2
        if not keep.any():
            continue
        rows, total, errs = rows[keep], total[keep], errs[keep]
        kv = [v[keep] for v in kv]
        implied = np.logical_or.reduce([x[keep] for x in ki])
        pv = ref.value[rows]
        tol = ref.err[rows] + errs + ABS_EPS
        ok = np.abs(total - pv) <= tol
        kv_stack = np.vstack(kv).T

        def message(sel: Rows, kids: list[str] = kids, parent: str = parent, kv_stack: np.ndarray = kv_stack) -> list[str]:
            msgs = []
            for i, item, stage, pv, total in zip(sel["__i__"], bf.v_item.names[sel["__item__"]], bf.v_stage.names[sel["__stage__"]],
                                                 sel["stated"], sel["__total__"], strict=True):
                names = " + ".join(f"{c} {fmt(float(x))}" for c, x in zip(kids, kv_stack[i], strict=True) if not np.isnan(x))
                msgs.append(f"{item} ({stage}) from {parent} funds is {fmt(pv)} but its sources sum to {fmt(total)}: {names}")
            return msgs

        rep, proj, stage, item = rep_all[rows], proj_all[rows], stage_all[rows], item_all[rows]
        ids = fam.ids("parts_sum", len(rows), report_id=Decoded(rep, bf.v_rep.names), project_id=Decoded(proj, bf.v_proj.names), fund=parent,
                      item=Decoded(item, bf.v_item.names), stage=Decoded(stage, bf.v_stage.names))
        out.append(check_columns(ids, "parts_sum", Decoded(rep, bf.v_rep.names), "budgets", ref.line[rows], "amount", pv, round6(total), round6(tol), ok,
                                 message, __i__=np.arange(len(rows)), __item__=item, __stage__=stage, __total__=total, __implied__=implied))
    return out



def count_parts(ctx: Context, fam: IdentityFamily, spec: CountTable) -> list[CheckColumns]:
    cf = count_facts(ctx, spec)
    if not cf.usable:
        return []
    out: list[CheckColumns] = []
    h, keys, ref_rows, value, err = cf.h, cf.keys, cf.ref_rows, cf.value, cf.err
    whole = np.ones(len(ref_rows), dtype=bool)
    for k in keys[1:]:
        whole &= k.isin(["all", "report_year"])[ref_rows]
    ref_code = keys[0].codes[ref_rows]
    for code in sorted({p for (p, _b) in h.children}):
        pr = ref_rows[whole & (ref_code == cf.v_keys[0].index.get(code, -1))]
        if not len(pr):
            continue
        for bd in h.breakdowns(code):
            kids = h.children[(code, bd)]
            kid_rows = [cf.ref_of(cf.enc(cf.c_rep[pr], [np.full(len(pr), cf.v_keys[0].code(c), dtype=np.int64), *(c[pr] for c in cf.c_keys[1:])]))
                        for c in kids]
            kv = [np.where(r >= 0, value[np.maximum(r, 0)], np.nan) for r in kid_rows]
            ke = [np.where(r >= 0, err[np.maximum(r, 0)], np.nan) for r in kid_rows]
            total, count = seqsum(kv, len(pr))
            errs, _ = seqsum(ke, len(pr))
            tol = err[pr] + errs + ABS_EPS
            keep = (count >= 2) & ~np.isinf(tol)
            if not keep.any():
                continue
            k = pr[keep]
            kv_stack = np.vstack([v[keep] for v in kv]).T

            def parts_message(sel: Rows, kids: list[str] = kids, kv_stack: np.ndarray = kv_stack) -> list[str]:
                msgs = []
                for i, code, pv, total in zip(sel["__i__"], sel["__code__"], sel["stated"], sel["__total__"], strict=True):
                    names = " + ".join(f"{c} {fmt(float(x))}" for c, x in zip(kids, kv_stack[i], strict=True) if not np.isnan(x))
                    msgs.append(f"{code} is {fmt(pv)} but its parts sum to {fmt(total)}: {names}")
                return msgs

            ids = fam.ids("parts_sum", len(k), **cf.values(k), breakdown=bd)
            out.append(check_columns(ids, "parts_sum", cf.rep.take(k), cf.table, cf.line[k], "value", value[k], round6(total[keep]), round6(tol[keep]),
                                     np.abs(total[keep] - value[k]) <= tol[keep], parts_message, __i__=np.arange(len(k)), __code__=keys[0].take(k),
                                     __total__=total[keep]))
    return out


@family("petition_metric_parts", {"parts_sum": "parts_sum:{report_id}:petition_metrics:{metric}:{scope}:{period}:{breakdown}"},
        PETITION_METRICS.reads())
def petition_metric_parts(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A metric's parts in one breakdown (petition_metric_codes) sum to it, for the whole report year."""
    return count_parts(ctx, fam, PETITION_METRICS)


@family("staffing_parts", {"parts_sum": "parts_sum:{report_id}:staffing:{category}:{scope}:{breakdown}"}, STAFFING.reads())
def staffing_parts(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A staffing category's parts (staffing_categories) sum to it, for the whole unit."""
    return count_parts(ctx, fam, STAFFING)
