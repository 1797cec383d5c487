"""Indicator tables (the self-evaluations' 绩效指标 tables): weights and scores.

- indicator_scores: no indicator scores more than its weight (score_within_weight).
- indicator_subtotals: a subtotal row's weight and score are the sums of its rows (weight_sum, score_sum).
- indicator_totals: a table's top-level rows sum to its total: the project's total_weight and
  total_score (projects), the department table's to the report's self_score (reports).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..keys import DEPARTMENT
from .columns import Decoded, group_sum, num, txt
from .core import ABS_EPS, CheckColumns, Rows, check_columns, fmt, round6
from .registry import Context, IdentityFamily, family

_READS: dict[str, tuple[str, ...]] = {
    "indicators": ("report_id", "project_id", "row", "row_kind", "parent_row", "level1", "weight", "score"),
    "projects": ("report_id", "project_id", "total_weight", "total_score"),
    "reports": ("report_id", "self_score"),
}
SEP = "\x1f"


def indicator_row_value(row: dict[str, Any], children: dict[str, list[dict[str, Any]]], col: str) -> float | None:
    """A row's weight or score; a subtotal printed without it counts as the sum of its rows."""
    v = num(row[col])
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
        children[txt(r["parent_row"])].append(r)
    return children



@family("indicator_scores", {"score_within_weight": "score_within_weight:{report_id}:indicators:{row}"},
        {"indicators": ("report_id", "row", "weight", "score")})
def indicator_scores(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """No indicator row scores more than its weight."""
    ind = ctx.pkg.table("indicators")
    (rep,), (row,) = ctx.decoded("indicators", "report_id"), ctx.decoded("indicators", "row")
    line = ind["__line__"].to_numpy(dtype=float)
    (w, _, w_text), (s, _, s_text) = ctx.numbers("indicators", "weight"), ctx.numbers("indicators", "score")
    k = np.flatnonzero(~np.isnan(w) & ~np.isnan(s))
    if not len(k):
        return []

    def within_message(sel: Rows) -> list[str]:
        return [f"row {r} scores {sc} of a weight of {wt}" for r, sc, wt in zip(sel["__row__"], sel["__s__"], sel["__w__"], strict=True)]

    return [check_columns(fam.ids("score_within_weight", len(k), report_id=rep.take(k), row=row.take(k)), "score_within_weight", rep.take(k),
                          "indicators", line[k], "score", s[k], w[k], 0.0, s[k] <= w[k] + ABS_EPS, within_message, __row__=row.take(k),
                          __s__=s_text.take(k), __w__=w_text.take(k))]


@dataclass
class IndicatorTables:
    """The rows of each indicator table (report, project), a row number standing once (the last row of that number)."""

    rep: Decoded
    proj: Decoded
    row: Decoded
    line: np.ndarray
    printed: dict[str, Decoded]  # weight, score as printed
    nums: dict[str, np.ndarray]  # weight, score as numbers
    sub_rows: np.ndarray  # the subtotal rows
    parent_of: np.ndarray  # per row: the subtotal (index into sub_rows) it is part of, -1 none
    tables: np.ndarray  # the distinct table keys (report SEP project), sorted
    table_rep: np.ndarray  # the report and project of each table
    table_proj: np.ndarray
    table_of: np.ndarray  # per row: its table (index into tables), -1 not a live row
    top: np.ndarray  # per row: a live top-level row


def indicator_tables(ctx: Context) -> IndicatorTables:
    def build() -> IndicatorTables:
        ind = ctx.pkg.table("indicators")
        # integer keys: a table is (report, project), a row (table, row), the subtotal a row is part of (table, parent_row)
        (rep,), (proj,), (row, parent), (kind,) = (ctx.decoded("indicators", *c) for c in (("report_id",), ("project_id",), ("row", "parent_row"),
                                                                                            ("row_kind",)))
        n_proj, n_row = max(len(proj.names), 1), max(len(row.names), 1)
        tkey = rep.codes * n_proj + proj.codes
        own = tkey * n_row + row.codes
        live = ind["report_id"].notna().to_numpy() & ~pd.Series(own).duplicated(keep="last").to_numpy()
        has_parent = parent.nonempty()
        sub_rows = np.flatnonzero(live & kind.equals("subtotal"))
        sub_index = pd.Index(own[sub_rows])
        parent_of = np.where(live & has_parent, sub_index.get_indexer(tkey * n_row + parent.codes), -1)  # subtotal each row is part of
        # the tables in the order of their text keys (report SEP project), as np.unique of those texts gives them
        _, first, inverse = np.unique(tkey[live], return_index=True, return_inverse=True)
        at = np.flatnonzero(live)[first]
        t_rep, t_proj = rep[at], proj[at]
        tables, one, tcodes = np.unique(t_rep + SEP + t_proj, return_index=True, return_inverse=True)
        table_of = np.full(len(ind), -1, dtype=np.int64)
        table_of[np.flatnonzero(live)] = tcodes[inverse]
        numbers = {c: ctx.numbers("indicators", c) for c in ("weight", "score")}
        return IndicatorTables(rep, proj, row, ind["__line__"].to_numpy(dtype=float), {c: n[2] for c, n in numbers.items()},
                               {c: n[0] for c, n in numbers.items()}, sub_rows, parent_of, tables, t_rep[one], t_proj[one], table_of,
                               live & ~has_parent)

    return ctx.shared("indicator_tables", build)  # type: ignore[no-any-return]


_COLUMN_RULES = (("weight", "weight_sum"), ("score", "score_sum"))


def rows_under(it: IndicatorTables) -> np.ndarray:
    """For each subtotal row of the tables, how many rows it heads (stating the column or not)."""
    n = len(it.sub_rows)
    heads = it.parent_of[it.parent_of >= 0]
    return np.bincount(heads, minlength=n)[:n] if n else np.zeros(0, dtype=np.int64)


@family("indicator_subtotals", {"weight_sum": "weight_sum:{report_id}:indicators:{project_id}:row:{row}",
                                "score_sum": "score_sum:{report_id}:indicators:{project_id}:row:{row}"},
        _READS)
def indicator_subtotals(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A subtotal row's weight and score are the sums of the rows under it."""
    it = indicator_tables(ctx)
    level1 = ctx.pkg.table("indicators")["level1"]
    out = []
    sub_rows = it.sub_rows
    sub_order = np.argsort(it.table_of[sub_rows], kind="stable")
    for col, rule in _COLUMN_RULES:
        v = it.nums[col]
        total, count = group_sum(it.parent_of, v, len(sub_rows))
        sv = v[sub_rows]
        keep = ~np.isnan(sv) & (count > 0)
        keep_sorted = sub_order[keep[sub_order]]
        k = sub_rows[keep_sorted]
        if not len(k):
            continue
        t = total[keep_sorted]
        # rows under the subtotal that state no points (a prose report pointing some items only): the
        # sum of those that do is no sum of the whole, only a part of it: it may not exceed the subtotal
        partial = (count < rows_under(it))[keep_sorted]

        def sub_message(sel: Rows, col: str = col) -> list[str]:
            return [f"subtotal row {r} ({lv}) states {col} {st} but " + (f"the rows under it that state one already sum to {fmt(t)}" if part
                                                                        else f"its rows sum to {fmt(t)}")
                    for r, lv, st, t, part in zip(sel["__row__"], level1.iloc[sel["__k__"]].astype(object).to_numpy(), sel["__text__"],
                                                  sel["__total__"], sel["__partial__"], strict=True)]

        ids = fam.ids(rule, len(k), report_id=it.rep.take(k), project_id=it.proj.take(k), row=it.row.take(k))
        ok = np.where(partial, t <= v[k] + ABS_EPS, np.abs(t - v[k]) <= ABS_EPS)
        out.append(check_columns(ids, rule, it.rep.take(k), "indicators", it.line[k], col, v[k], round6(t), round6(np.array([ABS_EPS])),
                                 ok, sub_message, __row__=it.row.take(k), __k__=k, __text__=it.printed[col].take(k),
                                 __total__=t, __partial__=partial))
    return out


@family("indicator_totals", {"weight_sum": "weight_sum:{report_id}:{table}:{project_id}:total",
                             "score_sum": "score_sum:{report_id}:{table}:{project_id}:total"},
        _READS)
def indicator_totals(ctx: Context, fam: IdentityFamily) -> list[CheckColumns]:
    """A table's top-level rows (a subtotal printed without the column counting as the sum of its rows)
    sum to the table's total: projects.total_weight and total_score, or reports.self_score for the
    department's table ({project_id} is then "department")."""
    pkg = ctx.pkg
    it = indicator_tables(ctx)
    # the stated totals of each table (report SEP project): a project's in projects, the department's the report's self_score
    # (a later statement of the same table overrides)
    sources = []
    if pkg.has("projects"):
        p = pkg.table("projects")
        sources.append(("projects", ctx.texts("projects", "report_id"), ctx.texts("projects", "project_id"), p["__line__"].to_numpy(dtype=float),
                        {"weight": ctx.numbers("projects", "total_weight"), "score": ctx.numbers("projects", "total_score")}))
    rp = pkg.table("reports")
    sources.append(("reports", ctx.texts("reports", "report_id"), np.full(len(rp), DEPARTMENT, dtype=object), rp["__line__"].to_numpy(dtype=float),
                    {"score": ctx.numbers("reports", "self_score")}))
    keys = np.concatenate([r + SEP + pr for _, r, pr, _, _ in sources])
    last = ~pd.Series(keys).duplicated(keep="last").to_numpy()
    source_of = np.concatenate([np.full(len(r), i) for i, (_, r, _, _, _) in enumerate(sources)])[last]
    row_of = np.concatenate([np.arange(len(r)) for _, r, _, _, _ in sources])[last]
    stated_at = pd.Index(keys[last]).get_indexer(it.tables)  # each table's stated totals (-1: none)
    out = []
    sub_rows = it.sub_rows
    for col, rule in _COLUMN_RULES:
        v = it.nums[col]
        # a subtotal printed without the column counts as the sum of its rows (nested: repeated to a fixed point)
        rv = v.copy()
        need = np.zeros(len(v), dtype=bool)
        need[sub_rows] = np.isnan(v[sub_rows])
        need_subs = need[sub_rows]
        under = rows_under(it)
        part = np.zeros(len(v))  # 1: a value summed from rows some of which state none (a part of the row's value only)
        for _ in range(len(sub_rows) + 1):
            sums, cnt = group_sum(it.parent_of, rv, len(sub_rows))
            parts, _ = group_sum(it.parent_of, part, len(sub_rows))
            new = np.where(cnt > 0, sums, np.nan)
            before = rv[sub_rows[need_subs]]
            rv[sub_rows[need_subs]] = new[need_subs]
            part[sub_rows[need_subs]] = ((cnt < under) | (parts > 0))[need_subs]
            if np.array_equal(before, rv[sub_rows[need_subs]], equal_nan=True):
                break
        top_of = np.where(it.top, it.table_of, -1)
        tsum, tcount = group_sum(top_of, rv, len(it.tables))
        tparts, _ = group_sum(top_of, part, len(it.tables))
        ntop = np.bincount(top_of[top_of >= 0], minlength=len(it.tables))[:len(it.tables)]
        tpartial = (tcount < ntop) | (tparts > 0)  # a top-level row states no points, or only some of its rows do
        ti = np.flatnonzero(tcount > 0)
        at = stated_at[ti]
        stated = np.full(len(ti), np.nan)
        line = np.full(len(ti), np.nan)
        text = np.full(len(ti), "", dtype=object)
        table = np.full(len(ti), "", dtype=object)
        for i, (name, _, _, lines, numbers) in enumerate(sources):
            here = np.flatnonzero(at >= 0)
            here = here[source_of[at[here]] == i]
            rows = row_of[at[here]]
            line[here], table[here] = lines[rows], name
            if col in numbers:
                values, _, texts_ = numbers[col]
                stated[here], text[here] = values[rows], texts_[rows]
        keep = ~np.isnan(stated)
        if not keep.any():
            continue
        ti, tt, st, t_line, stated_text = ti[keep], table[keep], stated[keep], line[keep], text[keep]
        tot = tsum[ti]
        tpart = tpartial[ti]
        reps, pr_arr = it.table_rep[ti], it.table_proj[ti]

        def total_message(sel: Rows, col: str = col) -> list[str]:
            return [f"table total {col} {x} of {'the department table' if p in ('', DEPARTMENT) else p} but its top-level rows "
                    + ("that state one already sum to " if part else "sum to ") + fmt(t)
                    for x, p, t, part in zip(sel["__text__"], sel["__proj__"], sel["__total__"], sel["__partial__"], strict=True)]

        ids = fam.ids(rule, len(tt), report_id=reps, table=tt, project_id=np.where(pr_arr == "", "department", pr_arr))
        out.append(check_columns(ids, rule, reps, tt, t_line, np.where(tt == "projects", "total_" + col, "self_score"),
                                 st, round6(tot), round6(np.array([ABS_EPS])), np.where(tpart, tot <= st + ABS_EPS, np.abs(tot - st) <= ABS_EPS),
                                 total_message, __text__=stated_text, __proj__=pr_arr, __total__=tot, __partial__=tpart))
    return out
