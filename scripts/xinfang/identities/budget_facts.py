"""The facts of the budgets table the budget families share (computed once per package): the
reference value of every budget fact (its first statement; the projects table for a project's
totals; the sum of its rows for an item stated in several rows), and the value every item has or
its parts imply in each (report, project, fund, stage) group, bottom-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..package import Package
from .columns import Hierarchy, Lookup, Vocab, factorize, lookup, objframe, parse, seqsum, texts
from .core import YUAN, YUAN_PER_WAN, CheckColumns, Rows, check_columns, fmt, pct_message, pct_v, round6
from .registry import Context, IdentityFamily

# how the text of a reference value is written

# how the text of a reference value is written
TEXT_ROW, TEXT_MULTI, TEXT_PROJECT = 0, 1, 2
# base values that are not a reference row
SRC_IMPLIED, SRC_INI_SUP, SRC_PRIOR_IMPLIED = -1, -2, -3


class BudgetFacts:
    """Reference values of budget facts (first statements; the projects table for project totals) and
    the values each (report, project, fund, stage) group implies for every item, bottom-up."""

    def __init__(self, pkg: Package) -> None:
        b = pkg.table("budgets")
        self.items = Hierarchy(pkg.table("budget_items"), "item_id", "parent_item", "breakdown")
        bi = pkg.table("budget_items")
        self.multi = set(texts(bi.loc[bi["multiple_rows"] == "true", "item_id"]))
        self.funds = Hierarchy(pkg.table("funds"), "fund_id", "parent_fund", None)
        self._cur_stage, self._prior_stage = report_change_stages(pkg)
        self.v_rep, self.v_proj, self.v_fund, self.v_stage, self.v_item = (
            Vocab(20), Vocab(20), Vocab(6), Vocab(6), Vocab(10))  # 62 bits in all

        # the budget rows, columnar
        self.n = len(b)
        (self.rep, self.c_rep), (self.proj, self.c_proj) = self.v_rep.texts_codes(b["report_id"]), self.v_proj.texts_codes(b["project_id"])
        (self.fund, self.c_fund), (self.stage, self.c_stage) = self.v_fund.texts_codes(b["fund"]), self.v_stage.texts_codes(b["stage"])
        self.item, self.c_item = self.v_item.texts_codes(b["item"])
        self.st = texts(b["statement"])
        self.amount_text = texts(b["amount"])
        self.amount, self.amount_h = parse(b["amount"])
        if "unit" in b.columns:  # amounts printed in 元 are compared in 万元 (the text keeps its printed form and unit)
            yuan = (b["unit"] == YUAN).fillna(False).to_numpy(dtype=bool)
            if yuan.any():
                self.amount = np.where(yuan, self.amount / YUAN_PER_WAN, self.amount)
                self.amount_h = np.where(yuan, self.amount_h / YUAN_PER_WAN, self.amount_h)
                self.amount_text = np.where(yuan & (self.amount_text != ""), self.amount_text + " 元", self.amount_text).astype(object)
        self.line = b["__line__"].to_numpy(dtype=float)
        self.gkey = self.group_key(self.c_rep, self.c_proj, self.c_fund, self.c_stage)
        self.fkey = self.gkey * (1 << 10) + self.c_item
        multi_codes = [self.v_item.index[m] for m in sorted(self.multi) if m in self.v_item.index]
        self.is_multi = np.isin(self.c_item, multi_codes) if multi_codes else np.zeros(self.n, dtype=bool)

        # reference values from the projects table: (report, project, all, project, stage)
        pieces = []
        if pkg.has("projects"):
            p = pkg.table("projects")
            prep, pproj = texts(p["report_id"]), texts(p["project_id"])
            for col in ("initial_budget", "adjusted_budget", "budget_unspecified", "executed"):
                v, h = parse(p[col])
                has = ~np.isnan(v)
                pieces.append(objframe({
                    "rep": prep[has], "proj": pproj[has], "fund": "all", "item": "project", "stage": col,
                    "value": v[has], "err": h[has], "line": np.nan, "kind": TEXT_PROJECT, "amt": texts(p[col])[has],
                    "col": col, "src": "projects"}))
        pref = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(
            columns=["rep", "proj", "fund", "item", "stage", "value", "err", "line", "kind", "amt", "col", "src"])
        pref["fkey"] = self.group_key(self.v_rep.codes(pref["rep"]), self.v_proj.codes(pref["proj"]),
                                      self.v_fund.codes(pref["fund"]), self.v_stage.codes(pref["stage"])) * (1 << 10) \
            + self.v_item.codes(pref["item"])
        pref = pref.drop_duplicates("fkey", keep="last")  # a later project row overwrites

        # first statements of the budgets
        in_proj = np.isin(self.fkey, pref["fkey"].to_numpy())
        s1 = (self.st == "1") & ~in_proj
        has_amount = ~np.isnan(self.amount)
        cand = s1 & has_amount
        single = cand & ~self.is_multi
        first = np.zeros(self.n, dtype=bool)
        idx_single = np.flatnonzero(single)
        first[idx_single[~pd.Series(self.fkey[idx_single]).duplicated().to_numpy()]] = True
        self.later = has_amount & ~self.is_multi & ~first & (~s1 | in_proj | single)
        bref = objframe({
            "rep": self.rep[first], "proj": self.proj[first], "fund": self.fund[first], "item": self.item[first],
            "stage": self.stage[first], "value": self.amount[first], "err": self.amount_h[first], "line": self.line[first],
            "kind": TEXT_ROW, "amt": self.amount_text[first], "col": "", "src": "budgets", "fkey": self.fkey[first]})
        # items stated in several rows (multiple_rows): their sum, in row order
        mref = self._multi_sums(np.flatnonzero(cand & self.is_multi))
        parts = [x for x in (pref, bref, mref) if len(x)]
        if parts:  # the reference rows in the order of their fact keys (stable): stacked and sorted as arrays, one frame
            stacked = {c: np.concatenate([x[c].to_numpy() for x in parts]) for c in parts[0].columns}
            order = np.argsort(stacked["fkey"], kind="stable")
            ref = objframe({c: v[order] for c, v in stacked.items()})
        else:
            ref = bref.reset_index(drop=True)
        self.ref = ref
        self.ref_key = ref["fkey"].to_numpy(dtype=np.int64)
        self.ref_is_project = (ref["src"] == "projects").to_numpy()

        # groups and the implied values of every item in them
        gk = self.ref_key >> 10
        self.group_keys = np.unique(gk)
        g = np.searchsorted(self.group_keys, gk)
        ref_item = (self.ref_key & 0x3FF).astype(np.int64)
        stated_items = set(ref["item"].unique().tolist())
        needed = set(stated_items)
        for it in stated_items:
            while it in self.items.parent:
                it = self.items.parent[it]
                needed.add(it)
        self.cols = {it: i for i, it in enumerate(sorted(needed, key=lambda x: (-self.items.depth(x), x)))}
        col_codes = [(self.v_item.code(it), i) for it, i in self.cols.items()]
        code_to_col = np.full(len(self.v_item.index) + 1, -1, dtype=np.int64)
        for c, i in col_codes:
            code_to_col[c] = i
        G, ncol = len(self.group_keys), len(self.cols)
        self.V = np.full((G, ncol), np.nan)
        self.E = np.full((G, ncol), np.nan)
        self.S = np.full((G, ncol), -9, dtype=np.int64)  # ref row, or SRC_IMPLIED
        cols_of_ref = code_to_col[ref_item]
        self.V[g, cols_of_ref] = ref["value"].to_numpy(dtype=float)
        self.E[g, cols_of_ref] = ref["err"].to_numpy(dtype=float)
        self.S[g, cols_of_ref] = np.arange(len(ref))
        self.ref_g, self.ref_col = g, cols_of_ref
        self.stated = ~np.isnan(self.V)
        for it, i in self.cols.items():  # deepest items first: their parts are implied before them
            todo = ~self.stated[:, i]
            for bd in self.items.breakdowns(it):
                kids = [self.cols[c] for c in self.items.children[(it, bd)] if c in self.cols]
                if not kids or not todo.any():
                    continue
                total, count = seqsum((self.V[:, k] for k in kids), G)
                err, _ = seqsum((self.E[:, k] for k in kids), G)
                put = todo & (count > 0)
                self.V[put, i], self.E[put, i], self.S[put, i] = total[put], err[put], SRC_IMPLIED
                todo &= ~put

    def change_stages(self, reps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per report id: (the stage of its own-year figures, the stage its changes are measured against)."""
        return self._cur_stage.get_many(reps), self._prior_stage.get_many(reps)

    @staticmethod
    def group_key(rep: np.ndarray, proj: np.ndarray, fund: np.ndarray, stage: np.ndarray) -> np.ndarray:
        return ((rep.astype(np.int64) << 20 | proj) << 6 | fund) << 6 | stage

    def _multi_sums(self, rows: np.ndarray) -> pd.DataFrame:
        out: dict[int, list[Any]] = {}
        for r in rows.tolist():  # few rows: summed one by one, in row order
            k = int(self.fkey[r])
            if k in out:
                prev = out[k]
                out[k] = [prev[0] + self.amount[r], prev[1] + self.amount_h[r], prev[2], TEXT_MULTI, prev[4]]
            else:
                out[k] = [self.amount[r], self.amount_h[r], self.line[r], TEXT_ROW, r]
        firsts = np.array([v[4] for v in out.values()], dtype=np.int64)
        return objframe({
            "rep": self.rep[firsts], "proj": self.proj[firsts], "fund": self.fund[firsts], "item": self.item[firsts],
            "stage": self.stage[firsts], "value": np.array([v[0] for v in out.values()], dtype=float),
            "err": np.array([v[1] for v in out.values()], dtype=float), "line": np.array([v[2] for v in out.values()], dtype=float),
            "kind": np.array([v[3] for v in out.values()], dtype=np.int64), "amt": self.amount_text[firsts], "col": "",
            "src": "budgets", "fkey": np.array(list(out.keys()), dtype=np.int64)})

    def item_columns(self, item: str | np.ndarray, n: int) -> np.ndarray:
        """Item names -> their column of V (-1: nothing stated under the item anywhere)."""
        if isinstance(item, str):
            return np.full(n, self.cols.get(item, -1), dtype=np.int64)
        codes, uniques = factorize(item)
        return np.array([self.cols.get(x, -1) for x in uniques] + [-1], dtype=np.int64)[codes]

    def implied(self, rep: np.ndarray, proj: np.ndarray, fund: np.ndarray, stage: np.ndarray, item: str | np.ndarray,
                ci: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(value, err, src) an item has in the given groups; NaN where nothing is stated or implied
        (ci: the item's columns, item_columns(item), when already known)."""
        gi = lookup(self.group_keys, self.group_key(rep, proj, fund, stage))
        n = len(gi)
        if ci is None:
            ci = self.item_columns(item, n)
        ok = (gi >= 0) & (ci >= 0)
        v, e, s = np.full(n, np.nan), np.full(n, np.nan), np.full(n, -9, dtype=np.int64)
        v[ok], e[ok], s[ok] = self.V[gi[ok], ci[ok]], self.E[gi[ok], ci[ok]], self.S[gi[ok], ci[ok]]
        return v, e, s

    @staticmethod
    def key_codes(fkey: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The (report, project, fund, stage) codes a fact key packs (group_key, then 10 bits of item)."""
        return fkey >> 42, (fkey >> 22) & 0xFFFFF, (fkey >> 16) & 0x3F, (fkey >> 10) & 0x3F

    def ref_text(self, src: int, item: str, value: float) -> str:
        """The text of a value: how its statement reads, or how it was implied."""
        if src == SRC_IMPLIED:
            return f"{item} implied by its parts ({fmt(value)})"
        if src == SRC_INI_SUP:
            return f"initial + supplementary {fmt(value)}"
        if src == SRC_PRIOR_IMPLIED:
            return f"prior implied {fmt(value)}"
        r = self.ref.iloc[src]
        if r["kind"] == TEXT_PROJECT:
            return f"project table {r['col']} {r['amt']}"
        if r["kind"] == TEXT_MULTI:
            return f"{r['item']} (sum)"
        return f"{r['item']} {r['amt']}"


def report_change_stages(pkg: Package) -> tuple[Lookup, Lookup]:
    """report_id -> its report type's default_stage (executed when not declared), and -> that stage's prior_stage."""
    reps = pkg.table("reports")
    types = pkg.table("report_types") if pkg.has("report_types") else pd.DataFrame(columns=["report_type_id"])
    stages = pkg.table("budget_stages") if pkg.has("budget_stages") else pd.DataFrame(columns=["stage_id"])
    default = dict(zip(texts(types["report_type_id"]), texts(types["default_stage"]), strict=True)) if "default_stage" in types else {}
    prior = dict(zip(texts(stages["stage_id"]), texts(stages["prior_stage"]), strict=True)) if "prior_stage" in stages else {}
    prior.setdefault("executed", "prior_year_executed")
    cur = {r: (default.get(t) or "executed") for r, t in zip(texts(reps["report_id"]), texts(reps["report_type"]), strict=True)}
    return Lookup(cur, "executed"), Lookup({r: prior.get(c) or "" for r, c in cur.items()}, "prior_year_executed")


def budget_facts(ctx: Context) -> BudgetFacts:
    """The package's budget facts, built once for all the budget families."""
    return ctx.shared("budget_facts", lambda: BudgetFacts(ctx.pkg))


def base_texts(bf: BudgetFacts, sel: Rows) -> list[str]:
    return [bf.ref_text(int(s), i, float(v)) for s, i, v in zip(sel["__bsrc__"], sel["__bitem__"], sel["__bval__"], strict=True)]


def part_texts(sel: Rows) -> list[str]:
    return [f"{i} {a}" for i, a in zip(sel["__item__"], sel["__amt__"], strict=True)]


def pct_checks(bf: BudgetFacts, fam: IdentityFamily, rule: str, rows: np.ndarray, column: str, text: np.ndarray, bval: np.ndarray,
               berr: np.ndarray, bsrc: np.ndarray, bitem: np.ndarray, what: Callable[[str], str]) -> list[CheckColumns]:
    """A percent stated on budget rows (share, rate, relative change) against amount / base."""
    stated, h = parse(pd.Series(text[rows], dtype=object).replace("", np.nan))
    valid, expected, tol, ok = pct_v(stated, h, bf.amount[rows], bf.amount_h[rows], bval, berr)
    valid &= bval > 0
    if not valid.any():
        return []
    k = rows[valid]

    def message(sel: Rows) -> list[str]:
        return pct_message([what(i) for i in sel["__what__"]], list(sel["__text__"]), part_texts(sel), base_texts(bf, sel),
                           list(sel["__exp__"]), list(sel["__tol__"]))

    ids = fam.ids(rule, len(k), report_id=bf.rep[k], project_id=bf.proj[k], fund=bf.fund[k], item=bf.item[k], stage=bf.stage[k],
                  statement=bf.st[k])
    return [check_columns(ids, rule, bf.rep[k], "budgets", bf.line[k], column, stated[valid], round6(expected[valid]), round6(tol[valid]),
                          ok[valid], message, __what__=np.where(column == "share_pct", bitem[valid] + "\x1f" + bf.item[k], bf.item[k]),
                          __text__=text[k], __item__=bf.item[k], __amt__=bf.amount_text[k], __bsrc__=bsrc[valid], __bitem__=bitem[valid],
                          __bval__=bval[valid], __exp__=expected[valid], __tol__=tol[valid])]


# what the budget families read
BUDGET_READS: dict[str, tuple[str, ...]] = {
    "budgets": ("report_id", "project_id", "fund", "item", "stage", "statement", "amount", "unit"),
    "budget_items": ("item_id", "parent_item", "breakdown", "multiple_rows"),
    "funds": ("fund_id", "parent_fund"),
    "projects": ("report_id", "project_id", "initial_budget", "adjusted_budget", "budget_unspecified", "executed"),
    "reports": ("report_id", "report_type"),
    "report_types": ("report_type_id", "default_stage"),
    "budget_stages": ("stage_id", "prior_stage"),
}
