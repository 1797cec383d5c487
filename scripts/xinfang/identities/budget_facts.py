"""The facts of the budgets table the budget families share (computed once per package): the
reference value of every budget fact (its first statement; the projects table for a project's
totals; the sum of its rows for an item stated in several rows), and the value every item has or
its parts imply in each (report, project, fund, stage) group, bottom-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .columns import Decoded, Hierarchy, Vocab, factorize, seqsum, texts
from .core import UNIT, CheckColumns, Rows, check_columns, fmt, pct_message, pct_v, round6
from .registry import Context, IdentityFamily

# how the text of a reference value is written
TEXT_ROW, TEXT_MULTI, TEXT_PROJECT = 0, 1, 2
# base values that are not a reference row
SRC_IMPLIED, SRC_INI_SUP, SRC_PRIOR_IMPLIED = -1, -2, -3
# the projects table's totals, each a budget fact (fund all, item project, stage the column)
PROJECT_COLUMNS = ("initial_budget", "adjusted_budget", "budget_unspecified", "executed")


@dataclass
class References:
    """The reference value of every budget fact, in the order of their fact keys (columns): a first
    statement (a budgets row), the sum of an item's rows (multiple_rows) or a projects table total."""

    key: np.ndarray  # the fact key (BudgetFacts.fkey's packing)
    value: np.ndarray
    err: np.ndarray
    line: np.ndarray  # CSV line of the statement (NaN: the projects table)
    kind: np.ndarray  # TEXT_ROW, TEXT_MULTI, TEXT_PROJECT: how its text is written
    origin: np.ndarray  # the budgets row (its first row for a sum), or the projects row and column (column * rows + row)

    def __len__(self) -> int:
        return len(self.key)

    @staticmethod
    def empty() -> References:
        return References(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64),
                          np.zeros(0, dtype=np.int64))


class BudgetFacts:
    """Reference values of budget facts (first statements; the projects table for project totals) and
    the values each (report, project, fund, stage) group implies for every item, bottom-up."""

    def __init__(self, ctx: Context) -> None:
        pkg = ctx.pkg
        b = pkg.table("budgets")
        self.items = Hierarchy(pkg.table("budget_items"), "item_id", "parent_item", "breakdown")
        bi = pkg.table("budget_items")
        self.multi = set(texts(bi.loc[bi["multiple_rows"] == "true", "item_id"]))
        self.funds = Hierarchy(pkg.table("funds"), "fund_id", "parent_fund", None)
        self._stages = ChangeStages(ctx)
        self._report_types = np.zeros(0, dtype=np.int64)  # the report type of each report code (ChangeStages.types)
        self.v_rep, self.v_proj, self.v_fund, self.v_stage, self.v_item = (
            Vocab(20), Vocab(20), Vocab(6), Vocab(6), Vocab(10))  # 62 bits in all

        # the budget rows, columnar
        self.n = len(b)
        # key columns as codes (their texts formed on request: Decoded)
        self.c_rep, self.c_proj, self.c_fund, self.c_stage, self.c_item = (
            v.codes(ctx.decoded("budgets", c)[0]) for v, c in ((self.v_rep, "report_id"), (self.v_proj, "project_id"), (self.v_fund, "fund"), (self.v_stage, "stage"),
                                       (self.v_item, "item")))
        self.rep, self.proj, self.fund, self.stage, self.item = (
            Decoded(c, v.names) for c, v in ((self.c_rep, self.v_rep), (self.c_proj, self.v_proj), (self.c_fund, self.v_fund),
                                             (self.c_stage, self.v_stage), (self.c_item, self.v_item)))
        self.st = ctx.texts("budgets", "statement")
        # amounts printed in 元 are compared in 万元 (the text keeps its printed form and unit)
        self.amount, self.amount_h, self.amount_text = ctx.amounts("budgets", "amount")
        self.line = b["__line__"].to_numpy(dtype=float)
        self.gkey = self.group_key(self.c_rep, self.c_proj, self.c_fund, self.c_stage)
        self.fkey = self.gkey * (1 << 10) + self.c_item
        multi_codes = [self.v_item.index[m] for m in sorted(self.multi) if m in self.v_item.index]
        self.is_multi = np.isin(self.c_item, multi_codes) if multi_codes else np.zeros(self.n, dtype=bool)

        # reference values from the projects table: (report, project, all, project, stage)
        self._project_amounts: list[Decoded] = []  # the printed amounts of each of PROJECT_COLUMNS
        pref = References.empty()
        if pkg.has("projects"):
            n_projects = len(pkg.table("projects"))
            prep, pproj = ctx.texts("projects", "report_id"), ctx.texts("projects", "project_id")
            stated, reps, projs = [], [], []
            for i, col in enumerate(PROJECT_COLUMNS):
                v, h, printed = ctx.amounts("projects", col)  # in 万元, as the budgets' (projects.unit)
                has = np.flatnonzero(~np.isnan(v))
                stage = self.v_stage.code(col) if len(has) else -1  # (a code for each stage met, in the order met)
                stated.append((v[has], h[has], has + i * n_projects, np.full(len(has), stage, dtype=np.int64)))
                reps.append(prep[has])
                projs.append(pproj[has])
                self._project_amounts.append(printed)
            value, err, origin, stage_c = (np.concatenate([x[i] for x in stated]) for i in range(4))
            if len(value):
                rep_c, proj_c = self.v_rep.codes(np.concatenate(reps)), self.v_proj.codes(np.concatenate(projs))
                fund_c = np.full(len(rep_c), self.v_fund.code("all"), dtype=np.int64)
                key = self.group_key(rep_c, proj_c, fund_c, stage_c) * (1 << 10) + self.v_item.code("project")
                last = ~pd.Series(key).duplicated(keep="last").to_numpy()  # a later project row overwrites
                pref = References(key[last], value[last], err[last], np.full(int(last.sum()), np.nan),
                                  np.full(int(last.sum()), TEXT_PROJECT, dtype=np.int64), origin[last])

        # first statements of the budgets
        in_proj = np.zeros(self.n, dtype=bool)  # a fact the projects table states (fund all, item project)
        if len(pref):
            maybe = np.flatnonzero((self.c_item == self.v_item.index["project"]) & (self.c_fund == self.v_fund.index["all"]))
            in_proj[maybe] = pd.Index(pref.key).get_indexer(self.fkey[maybe]) >= 0
        s1 = (self.st == "1") & ~in_proj
        has_amount = ~np.isnan(self.amount)
        cand = s1 & has_amount
        single = cand & ~self.is_multi
        first = np.zeros(self.n, dtype=bool)
        idx_single = np.flatnonzero(single)
        first[idx_single[~pd.Series(self.fkey[idx_single]).duplicated().to_numpy()]] = True
        self.later = has_amount & ~self.is_multi & ~first & (~s1 | in_proj | single)
        rows = np.flatnonzero(first)
        bref = References(self.fkey[rows], self.amount[rows], self.amount_h[rows], self.line[rows], np.full(len(rows), TEXT_ROW), rows)
        # items stated in several rows (multiple_rows): their sum, in row order
        mref = self._multi_sums(np.flatnonzero(cand & self.is_multi))
        # the reference rows in the order of their fact keys (stable)
        parts = [pref, bref, mref]
        stacked = {f: np.concatenate([getattr(x, f) for x in parts]) for f in ("key", "value", "err", "line", "kind", "origin")}
        order = np.argsort(stacked["key"], kind="stable")
        ref = self.ref = References(**{f: v[order] for f, v in stacked.items()})
        self.ref_key = ref.key
        self.ref_is_project = ref.kind == TEXT_PROJECT

        # groups (in the order of their keys: the reference rows' order) and the implied values of every item in them
        gk = self.ref_key >> 10
        new_group = np.ones(len(gk), dtype=bool)
        new_group[1:] = gk[1:] != gk[:-1]
        self.group_keys = gk[new_group]
        self._group_index = pd.Index(self.group_keys)
        g = np.cumsum(new_group) - 1
        ref_item = (self.ref_key & 0x3FF).astype(np.int64)
        stated_items = set(self.v_item.names[np.unique(ref_item)].tolist())
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
        # one row per group and a column per item, and a last row and column of nothing (group or item -1: none);
        # column-major, so that an item's values are contiguous
        G, ncol = len(self.group_keys) + 1, len(self.cols) + 1
        self.V = np.full((G, ncol), np.nan, order="F")
        self.E = np.full((G, ncol), np.nan, order="F")
        self.S = np.full((G, ncol), -9, dtype=np.int64, order="F")  # ref row, or SRC_IMPLIED
        self.code_to_col = code_to_col  # an item's code -> its column of V (-1: none)
        cols_of_ref = code_to_col[ref_item]
        self.V[g, cols_of_ref] = ref.value
        self.E[g, cols_of_ref] = ref.err
        self.S[g, cols_of_ref] = np.arange(len(ref))
        self.ref_g, self.ref_col = g, cols_of_ref
        self.stated = ~np.isnan(self.V)
        # a group's family: the same report, project and fund at every stage (the group key without its stage), and its kin: the
        # same report and project under any fund (without fund and stage); -1 the group of nothing
        self.family = np.append(pd.factorize(self.group_keys >> 6)[0], -1)
        self.kin = np.append(pd.factorize(self.group_keys >> 12)[0], -1)
        for it, i in self.cols.items():  # deepest items first: their parts are implied before them
            todo = ~self.stated[:, i]
            for bd in self.items.breakdowns(it):
                kids = [self.cols[c] for c in self.items.children[(it, bd)] if c in self.cols]
                if not kids or not todo.any():
                    continue
                total, count = seqsum((self.V[:, k] for k in kids), G)
                err, _ = seqsum((self.E[:, k] for k in kids), G)
                put = todo & (count > 0)
                if put.any():  # only where the parts are all there (parts_seen)
                    at = np.flatnonzero(put)
                    put[at] = ~(self.parts_seen(at, kids) & np.isnan(self.V[np.ix_(at, np.asarray(kids, dtype=np.int64))])).any(axis=1)
                self.V[put, i], self.E[put, i], self.S[put, i] = total[put], err[put], SRC_IMPLIED
                todo &= ~put

    def parts_seen(self, g: np.ndarray, kids: list[int]) -> np.ndarray:
        """For groups g: which of a breakdown's parts (columns kids) the report states, or its rows imply,
        at any stage other than a change (one bool column per part): under the group's own fund, or, other
        than zero, under any fund of the same report and project. The parts a breakdown is complete with:
        a total is implied by its parts only where it holds them all (a report printing the adjusted budget
        of one 项 among eight does not imply an adjusted total of that one 项; a budget stating the unit's
        own funds only as project spending, where its spending has basic and project parts, implies no
        total of the unit's own funds), and a breakdown holding fewer is part of its whole only (a part
        stated as zero under one fund, 经营支出0, is no part another fund must state)."""
        change = (self.group_keys & 0x3F) == self.v_stage.index.get("yoy_change", -1)
        values = self.V[:-1, kids]
        present = ~np.isnan(values) & ~change[:, None]
        seen = np.zeros((int(self.family.max(initial=-1)) + 2, len(kids)), dtype=bool)  # the last row: the group of nothing
        np.logical_or.at(seen, self.family[:-1], present)
        kin = np.zeros((int(self.kin.max(initial=-1)) + 2, len(kids)), dtype=bool)
        np.logical_or.at(kin, self.kin[:-1], present & (values != 0))
        return seen[self.family[g]] | kin[self.kin[g]]

    def ref_codes(self, at: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The (report, project, fund, stage, item) codes of these reference rows."""
        key = self.ref_key[at]
        return (*self.key_codes(key), key & 0x3FF)

    def change_stages(self, reps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per report id: (the stage of its own-year figures, the stage its changes are measured against)."""
        t = self._stages.types(reps)
        return self._stages.cur[t], self._stages.prior[t]

    def change_stage_codes(self, rep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """change_stages of reports given by their codes, as stage codes (-1: a stage no budget row has)."""
        if len(self._report_types) != len(self.v_rep.index):
            self._report_types = self._stages.types(self.v_rep.names)
        t = self._report_types[rep]
        index = self.v_stage.index
        return tuple(np.array([index.get(x, -1) for x in stages.tolist()], dtype=np.int64)[t]  # type: ignore[return-value]
                     for stages in (self._stages.cur, self._stages.prior))

    @staticmethod
    def group_key(rep: np.ndarray, proj: np.ndarray, fund: np.ndarray, stage: np.ndarray) -> np.ndarray:
        return ((rep.astype(np.int64) << 20 | proj) << 6 | fund) << 6 | stage

    def _multi_sums(self, rows: np.ndarray) -> References:
        out: dict[int, list[Any]] = {}
        for r in rows.tolist():  # few rows: summed one by one, in row order
            k = int(self.fkey[r])
            if k in out:
                prev = out[k]
                out[k] = [prev[0] + self.amount[r], prev[1] + self.amount_h[r], prev[2], TEXT_MULTI, prev[4]]
            else:
                out[k] = [self.amount[r], self.amount_h[r], self.line[r], TEXT_ROW, r]
        sums = list(out.values())
        return References(np.array(list(out), dtype=np.int64), np.array([v[0] for v in sums], dtype=float),
                          np.array([v[1] for v in sums], dtype=float), np.array([v[2] for v in sums], dtype=float),
                          np.array([v[3] for v in sums], dtype=np.int64), np.array([v[4] for v in sums], dtype=np.int64))

    def item_columns(self, item: str | np.ndarray, n: int) -> np.ndarray:
        """Item names -> their column of V (-1: nothing stated under the item anywhere)."""
        if isinstance(item, str):
            return np.full(n, self.cols.get(item, -1), dtype=np.int64)
        codes, uniques = factorize(item)
        return np.array([self.cols.get(x, -1) for x in uniques] + [-1], dtype=np.int64)[codes]

    def groups(self, rep: np.ndarray, proj: np.ndarray, fund: np.ndarray, stage: np.ndarray) -> np.ndarray:
        """The group (row of V) of each (report, project, fund, stage), -1 where none is stated."""
        return self._group_index.get_indexer(self.group_key(rep, proj, fund, stage))

    def groups_of_funds(self, rep: np.ndarray, proj: np.ndarray, stage: np.ndarray) -> Callable[[int], np.ndarray]:
        """groups() of these rows for one fund code after another (the rows' keys looked up once per
        distinct (report, project, stage))."""
        codes, uniques = pd.factorize(self.group_key(rep, proj, np.zeros(len(rep), dtype=np.int64), stage))
        uniques = np.asarray(uniques, dtype=np.int64)
        return lambda fund: self._group_index.get_indexer(uniques | (fund << 6))[codes]

    def at_groups(self, gi: np.ndarray, ci: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(value, err, src) of the items of columns ci in groups gi; NaN where nothing is stated or implied."""
        rows, cols = self.V.shape  # -1: the last row or column, of nothing
        at = np.where(gi < 0, rows - 1, gi) + np.where(ci < 0, cols - 1, ci) * rows  # the cells, column-major
        return (self.V.ravel(order="F").take(at), self.E.ravel(order="F").take(at), self.S.ravel(order="F").take(at))

    def implied(self, rep: np.ndarray, proj: np.ndarray, fund: np.ndarray, stage: np.ndarray, item: str | np.ndarray,
                ci: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(value, err, src) an item has in the given groups; NaN where nothing is stated or implied
        (ci: the item's columns, item_columns(item), when already known)."""
        gi = self.groups(rep, proj, fund, stage)
        return self.at_groups(gi, self.item_columns(item, len(gi)) if ci is None else ci)

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
        kind, origin = int(self.ref.kind[src]), int(self.ref.origin[src])
        if kind == TEXT_PROJECT:
            column, row = divmod(origin, len(self._project_amounts[0]))
            return f"project table {PROJECT_COLUMNS[column]} {self._project_amounts[column][row]}"
        if kind == TEXT_MULTI:
            return f"{self.item[origin]} (sum)"
        return f"{self.item[origin]} {self.amount_text[origin]}"


class ChangeStages:
    """Per report: the stage of its own-year figures (its report type's default_stage, executed when not
    declared) and the stage its changes are measured against (that stage's prior_stage); a report not
    in the reports table: executed and prior_year_executed."""

    def __init__(self, ctx: Context) -> None:
        pkg = ctx.pkg
        types = pkg.table("report_types") if pkg.has("report_types") else pd.DataFrame(columns=["report_type_id"])
        stages = pkg.table("budget_stages") if pkg.has("budget_stages") else pd.DataFrame(columns=["stage_id"])
        default = dict(zip(texts(types["report_type_id"]), texts(types["default_stage"]), strict=True)) if "default_stage" in types else {}
        prior = dict(zip(texts(stages["stage_id"]), texts(stages["prior_stage"]), strict=True)) if "prior_stage" in stages else {}
        prior.setdefault("executed", "prior_year_executed")
        reports = ctx.texts("reports", "report_id")
        (report_type,) = ctx.decoded("reports", "report_type")
        # per report type (and last, a report not in the table): its stages
        self.cur = np.array([*(default.get(t) or "executed" for t in report_type.names.tolist()), "executed"], dtype=object)
        self.prior = np.array([*(prior.get(c) or "" for c in self.cur[:-1].tolist()), "prior_year_executed"], dtype=object)
        last = ~pd.Series(reports).duplicated(keep="last").to_numpy()  # a report stated twice: its last row
        self._reports = pd.Index(reports[last])
        self._type = report_type.codes[last]

    def types(self, reps: np.ndarray) -> np.ndarray:
        """The report type (index into cur and prior) of each report id; -1: not in the reports table."""
        if not len(self._reports):
            return np.full(len(reps), -1, dtype=np.int64)
        pos = self._reports.get_indexer(reps)
        return np.where(pos >= 0, self._type[np.maximum(pos, 0)], -1)


def budget_facts(ctx: Context) -> BudgetFacts:
    """The package's budget facts, built once for all the budget families."""
    return ctx.shared("budget_facts", lambda: BudgetFacts(ctx))


def base_texts(bf: BudgetFacts, sel: Rows) -> list[str]:
    return [bf.ref_text(int(s), i, float(v)) for s, i, v in zip(sel["__bsrc__"], sel["__bitem__"], sel["__bval__"], strict=True)]


def part_texts(sel: Rows) -> list[str]:
    return [f"{i} {a}" for i, a in zip(sel["__item__"], sel["__amt__"], strict=True)]


def pct_checks(bf: BudgetFacts, fam: IdentityFamily, rule: str, rows: np.ndarray, column: str, numbers: tuple[np.ndarray, np.ndarray, Decoded],
               bval: np.ndarray, berr: np.ndarray, bsrc: np.ndarray, bitem: np.ndarray | None, what: Callable[[str], str]) -> list[CheckColumns]:
    """A percent stated on budget rows (share, rate, relative change; numbers: the column's, Context.numbers)
    against amount / base (bitem: the base's item, None: the row's own)."""
    values, halves, text = numbers
    stated, h = values[rows], halves[rows]
    valid, expected, tol, ok = pct_v(stated, h, bf.amount[rows], bf.amount_h[rows], bval, berr)
    valid &= bval > 0
    if not valid.any():
        return []
    k = rows[valid]

    def message(sel: Rows) -> list[str]:
        whats = [what(f"{b}\x1f{i}" if column == "share_pct" else i) for b, i in zip(sel["__bitem__"], sel["__item__"], strict=True)]
        return pct_message(whats, list(sel["__text__"]), part_texts(sel), base_texts(bf, sel), list(sel["__exp__"]), list(sel["__tol__"]))

    ids = fam.ids(rule, len(k), report_id=bf.rep.take(k), project_id=bf.proj.take(k), fund=bf.fund.take(k), item=bf.item.take(k),
                  stage=bf.stage.take(k), statement=bf.st[k])
    return [check_columns(ids, rule, bf.rep.take(k), "budgets", bf.line[k], column, stated[valid], round6(expected[valid]), round6(tol[valid]),
                          ok[valid], message, __text__=text.take(k), __item__=bf.item.take(k), __amt__=bf.amount_text.take(k),
                          __bsrc__=bsrc[valid], __bitem__=bf.item.take(k) if bitem is None else bitem[valid], __bval__=bval[valid],
                          __exp__=expected[valid], __tol__=tol[valid])]


# what the budget families read
BUDGET_READS: dict[str, tuple[str, ...]] = {
    "budgets": ("report_id", "project_id", "fund", "item", "stage", "statement", "amount", UNIT),
    "budget_items": ("item_id", "parent_item", "breakdown", "multiple_rows"),
    "funds": ("fund_id", "parent_fund"),
    "projects": ("report_id", "project_id", "initial_budget", "adjusted_budget", "budget_unspecified", "executed", UNIT),
    "reports": ("report_id", "report_type"),
    "report_types": ("report_type_id", "default_stage"),
    "budget_stages": ("stage_id", "prior_stage"),
}
