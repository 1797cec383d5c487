"""restatement_consistent: the same fact stated again in the same table agrees with its first
statement (a fact is identified by the table's fact key, x-roles ``fact-key``; restatements are
numbered 1, 2, 3 … in ``statement``).

- budget_restatements: a budget fact stated again agrees with its reference; a project's total
  restated in the budgets against the projects table is cross_table_consistent.
- petition_metric_restatements, staffing_restatements: a count stated again agrees exactly.
"""

from __future__ import annotations

import numpy as np

from .budget_facts import BUDGET_READS, budget_facts
from .columns import lookup
from .core import ABS_EPS, CheckColumns, Rows, agree_v, check_columns, fmt
from .count_facts import PETITION_METRICS, STAFFING, CountTable, count_facts
from .registry import Context, IdentityFamily, family


@family("budget_restatements",
        {"restatement_consistent": "restatement_consistent:{report_id}:budgets:{project_id}:{fund}:{item}:{stage}:{statement}",
         "cross_table_consistent": "cross_table_consistent:{report_id}:budgets:{project_id}:{fund}:{item}:{stage}:{statement}"},
        BUDGET_READS)
def budget_restatements(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """Every later statement of a budget fact against its reference (the projects table's: cross-table)."""
    bf = budget_facts(ctx)
    later = np.flatnonzero(bf.later)
    ri = lookup(bf.ref_key, bf.fkey[later])
    k, ri = later[ri >= 0], ri[ri >= 0]
    if not len(k):
        return []
    rv, re_ = bf.ref.value[ri], bf.ref.err[ri]
    rule = np.where(bf.ref_is_project[ri], "cross_table_consistent", "restatement_consistent").astype(object)
    a, ha = bf.amount[k], bf.amount_h[k]

    def message(sel: Rows) -> list[str]:
        return [f"{i} ({f}, {s}) restated as {a} but first stated as {fmt(v)} ({bf.ref_text(int(r), i, v)})"
                for i, f, s, a, v, r in zip(sel["__item__"], sel["__fund__"], sel["__stage__"], sel["__amt__"], sel["expected"],
                                            sel["__ri__"], strict=True)]

    ids = fam.ids_by_rule(rule, report_id=bf.rep.take(k), project_id=bf.proj.take(k), fund=bf.fund.take(k), item=bf.item.take(k),
                          stage=bf.stage.take(k), statement=bf.st[k])
    return [check_columns(ids, rule, bf.rep.take(k), "budgets", bf.line[k], "amount", a, rv, re_ + ha, agree_v(a, rv, re_, ha), message,
                          __item__=bf.item.take(k), __fund__=bf.fund.take(k), __stage__=bf.stage.take(k), __amt__=bf.amount_text.take(k),
                          __ri__=ri)]


def count_restatements(ctx: Context, fam: IdentityFamily, spec: CountTable) -> list[CheckColumns]:
    cf = count_facts(ctx, spec)
    if not cf.usable:
        return []
    value, err = cf.value, cf.err
    later = np.flatnonzero(cf.has & ~cf.is_ref & ~cf.approx)
    r = cf.ref_of(cf.fkey[later])
    usable = r >= 0
    usable[usable] = ~np.isinf(err[r[usable]])
    k, r = later[usable], r[usable]
    if not len(k):
        return []

    def restated_message(sel: Rows) -> list[str]:
        return [f"{c} restated as {v} but first stated as {cf.ref_text(int(ri))}"
                for c, v, ri in zip(sel["__code__"], sel["__text__"], sel["__ref__"], strict=True)]

    ids = fam.ids("restatement_consistent", len(k), **cf.values(k), statement=cf.st[k])
    return [check_columns(ids, "restatement_consistent", cf.rep.take(k), cf.table, cf.line[k], "value", value[k], value[r], ABS_EPS,
                          np.abs(value[k] - value[r]) <= ABS_EPS, restated_message, __code__=cf.keys[0].take(k), __text__=cf.value_text.take(k), __ref__=r)]


@family("petition_metric_restatements",
        {"restatement_consistent": "restatement_consistent:{report_id}:{metric}:{scope}:{period}:{statement}"}, PETITION_METRICS.reads())
def petition_metric_restatements(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A petition metric stated again agrees exactly with its first statement."""
    return count_restatements(ctx, fam, PETITION_METRICS)


@family("staffing_restatements", {"restatement_consistent": "restatement_consistent:{report_id}:{category}:{scope}:{statement}"},
        STAFFING.reads())
def staffing_restatements(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A staffing count stated again agrees exactly with its first statement."""
    return count_restatements(ctx, fam, STAFFING)
