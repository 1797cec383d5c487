"""share_consistent: a share stated on a budget row (占…%) matches amount / base. The base is the same
item of the row's fund's parent fund (walking up the fund tree until a fund states or implies it), or
another item of the same fund (share_of), or the item of the fund the row names (share_of_fund)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .budget_facts import BUDGET_READS, budget_facts, pct_checks
from .columns import texts_at
from .core import CheckColumns
from .registry import Context, IdentityFamily, family


@family("budget_shares", {"share_consistent": "share_consistent:{report_id}:budgets:{project_id}:{fund}:{item}:{stage}:{statement}"},
        {**BUDGET_READS, "budgets": (*BUDGET_READS["budgets"], "share_pct", "share_of", "share_of_fund")})
def budget_shares(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A share stated on a budget row (first statements and restatements alike) against its base."""
    bf = budget_facts(ctx)
    b = ctx.pkg.table("budgets")
    has = ~np.isnan(bf.amount)
    share = ctx.numbers("budgets", "share_pct")
    rows = np.flatnonzero(share[2].nonempty() & has)
    share_of = texts_at(b["share_of"], rows)
    bitem = np.where(share_of != "", share_of, bf.item[rows]).astype(object)
    pairs = [(bf.v_fund.code(child), bf.v_fund.code(par)) for child, par in bf.funds.parent.items()]
    parent_code = np.full(len(bf.v_fund.index) + 1, -1, dtype=np.int64)  # the last one: no fund
    for child_c, par_c in pairs:
        parent_code[child_c] = par_c
    f = np.where(bitem != bf.item[rows], bf.c_fund[rows], parent_code[bf.c_fund[rows]])
    explicit = np.zeros(len(rows), dtype=bool)
    if "share_of_fund" in b.columns:  # the base's fund as the row states it: that fund only, never walked up
        base_fund = texts_at(b["share_of_fund"], rows)
        explicit = base_fund != ""
        f = np.where(explicit, bf.v_fund.codes(base_fund), f)
    bval, berr = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    bsrc = np.full(len(rows), -9, dtype=np.int64)
    item_cols = bf.item_columns(bitem, len(rows))
    todo = np.ones(len(rows), dtype=bool)
    bf_empty = bf.v_fund.index.get("", -2)
    for _ in range(len(bf.funds.parent) + 2):
        act = todo & (f >= 0) & (f != bf_empty)
        if not act.any():
            break
        ai = np.flatnonzero(act)
        v, e, s = bf.implied(bf.c_rep[rows[ai]], bf.c_proj[rows[ai]], f[ai], bf.c_stage[rows[ai]], bitem[ai], item_cols[ai])
        good = ~np.isnan(v) & (v > 0)
        gi = ai[good]
        bval[gi], berr[gi], bsrc[gi] = v[good], e[good], s[good]
        todo[gi] = False
        miss = ai[~good]
        f[miss] = np.where(explicit[miss], -1, parent_code[f[miss]])
    what_share: Callable[[str], str] = lambda w: "share of {1} in {0}".format(*w.split("\x1f"))  # noqa: E731
    return pct_checks(bf, fam, "share_consistent", rows, "share_pct", share, bval, berr, bsrc, bitem, what_share)
