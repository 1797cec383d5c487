"""rate_consistent: a stated execution rate matches executed / budget.

- budget_rates: a rate stated on a budget row (stage executed) against the same item's adjusted
  budget (or initial + supplementary), else its unspecified budget, else its initial budget.
- project_rates: a project's execution_rate_pct against its executed amount and the first of its
  adjusted, unspecified and initial budgets that is stated and non-zero; a project measured against
  its initial budget whose in-year addition the budgets table states (supplementary, fund all,
  item project) is measured against initial + supplementary, as a budget row is.
"""

from __future__ import annotations

import numpy as np

from .budget_facts import BUDGET_READS, SRC_INI_SUP, budget_facts, pct_checks
from .columns import Decoded
from .core import UNIT, CheckColumns, Rows, check_columns, pct_message, pct_v, round6
from .registry import Context, IdentityFamily, family

# the budget a stated execution rate is measured against: the first of these the report states, not zero
# (for a budget row, initial + supplementary right after an adjusted budget, where both are stated);
# one order for the identities and the derived panel's computed rate
RATE_BASES = ("adjusted_budget", "budget_unspecified", "initial_budget")


@family("budget_rates", {"rate_consistent": "rate_consistent:{report_id}:budgets:{project_id}:{fund}:{item}:{stage}:{statement}"},
        {**BUDGET_READS, "budgets": (*BUDGET_READS["budgets"], "rate_pct")})
def budget_rates(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """An execution rate stated on a budget row against the budget of the same item, fund and project."""
    bf = budget_facts(ctx)
    has = ~np.isnan(bf.amount)
    rate = ctx.numbers("budgets", "rate_pct")
    rows = np.flatnonzero(rate[2].nonempty() & has & (bf.c_stage == bf.v_stage.index.get("executed", -1)))
    r_args = (bf.c_rep[rows], bf.c_proj[rows], bf.c_fund[rows])
    item_cols = bf.code_to_col[bf.c_item[rows]]

    def at(stage: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return bf.at_groups(bf.groups(*r_args, np.full(len(rows), bf.v_stage.code(stage), dtype=np.int64)), item_cols)

    bval, berr, bsrc = at(RATE_BASES[0])
    ini, sup = at("initial_budget"), at("supplementary")
    both = np.isnan(bval) & ~np.isnan(ini[0]) & ~np.isnan(sup[0])
    bval, berr, bsrc = (np.where(both, ini[0] + sup[0], bval), np.where(both, ini[1] + sup[1], berr), np.where(both, SRC_INI_SUP, bsrc))
    for alt in (ini if stage == "initial_budget" else at(stage) for stage in RATE_BASES[1:]):
        use = ~(bval > 0)
        bval, berr, bsrc = np.where(use, alt[0], bval), np.where(use, alt[1], berr), np.where(use, alt[2], bsrc)
    return pct_checks(bf, fam, "rate_consistent", rows, "rate_pct", rate, bval, berr, bsrc, None, lambda i: f"execution rate of {i}")


@family("project_rates", {"rate_consistent": "rate_consistent:{report_id}:projects:{project_id}"},
        {**BUDGET_READS, "projects": ("report_id", "project_id", "execution_rate_pct", "executed", "initial_budget", "budget_unspecified",
                                      "adjusted_budget", UNIT)})
def project_rates(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A project's stated execution rate against its executed amount and budget (projects table)."""
    pkg = ctx.pkg
    if not pkg.has("projects"):
        return []
    out = []
    p = pkg.table("projects")
    (rep,), (proj,) = ctx.decoded("projects", "report_id"), ctx.decoded("projects", "project_id")
    rate, rate_h, rate_text = ctx.numbers("projects", "execution_rate_pct")
    ex, ex_h, ex_text = ctx.amounts("projects", "executed")  # in 万元 (projects.unit), as the budgets' addition below
    bval, berr = np.full(len(p), np.nan), np.full(len(p), np.nan)
    bcol = np.full(len(p), -1, dtype=np.int64)
    budgets = [ctx.amounts("projects", col) for col in _PROJECT_BUDGETS]
    for i, (v, h, _) in enumerate(budgets):  # the first of these that states a non-zero budget
        use = ~np.isnan(v) & (v != 0)
        bval, berr, bcol = np.where(use, v, bval), np.where(use, h, berr), np.where(use, i, bcol)
    added = _in_year_additions(ctx, rep, proj, bcol == _PROJECT_BUDGETS.index("initial_budget"))
    has_added = ~np.isnan(added[0])
    bval, berr = np.where(has_added, bval + added[0], bval), np.where(has_added, berr + added[1], berr)
    wanted = rate_text.nonempty() & ~np.isnan(ex) & (bcol >= 0)
    valid, expected, tol, ok = pct_v(rate, rate_h, ex, ex_h, bval, berr)
    k = np.flatnonzero(wanted & valid)
    line = p["__line__"].to_numpy(dtype=float)

    def rate_message(sel: Rows) -> list[str]:
        return pct_message([f"execution rate of project {x}" for x in sel["__proj__"]], list(sel["__text__"]),
                            [f"executed {x}" for x in sel["__ex__"]],
                            [f"{_PROJECT_BUDGETS[c]} {budgets[c][2][r]}" + (f" + supplementary ({added[2][r]})" if has_added[r] else "")
                             for c, r in zip(sel["__bcol__"], sel["__row__"], strict=True)],
                            list(sel["__exp__"]), list(sel["__tol__"]))

    if len(k):
        ids = fam.ids("rate_consistent", len(k), report_id=rep.take(k), project_id=proj.take(k))
        out.append(check_columns(ids, "rate_consistent", rep.take(k), "projects", line[k], "execution_rate_pct", rate[k], round6(expected[k]),
                                 round6(tol[k]), ok[k], rate_message, __proj__=proj.take(k), __text__=rate_text.take(k), __ex__=ex_text.take(k),
                                 __bcol__=bcol[k], __row__=k, __exp__=expected[k], __tol__=tol[k]))
    return out


_PROJECT_BUDGETS = tuple(reversed(RATE_BASES))  # a project's budget: the last of these stated and non-zero wins (RATE_BASES's first)


def _in_year_additions(ctx: Context, rep: Decoded, proj: Decoded, on_initial: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(value, err, text as printed) of the in-year addition the budgets table states for each projects row measured against its
    initial budget (stage supplementary, fund all, item project); NaN where none is stated (项目年初预算35.00万元，
    年中追加12.25万元，实际支出47.25万元，执行率100%: the rate is of initial + supplementary)."""
    n = len(on_initial)
    value, err, text = np.full(n, np.nan), np.full(n, np.nan), np.full(n, "", dtype=object)
    rows = np.flatnonzero(on_initial)
    if not len(rows) or not ctx.pkg.has("budgets"):
        return value, err, text
    bf = budget_facts(ctx)
    if "supplementary" not in bf.v_stage.index or "all" not in bf.v_fund.index or "project" not in bf.cols:
        return value, err, text
    rc, pc = bf.v_rep.codes(rep)[rows], bf.v_proj.codes(proj)[rows]
    fund = np.full(len(rows), bf.v_fund.index["all"], dtype=np.int64)
    stage = np.full(len(rows), bf.v_stage.index["supplementary"], dtype=np.int64)
    v, e, src = bf.at_groups(np.where((rc >= 0) & (pc >= 0), bf.groups(rc, pc, fund, stage), -1), bf.item_columns("project", len(rows)))
    value[rows], err[rows] = v, e
    for r, x, s in zip(rows, v, src, strict=True):
        if not np.isnan(x):
            text[r] = bf.ref_text(int(s), "project", float(x))  # as printed: the budgets row's amount (or how it is implied)
    return value, err, text
