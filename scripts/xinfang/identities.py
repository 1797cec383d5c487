"""Every identity the data implies, computed from what the reports state.

Each identity becomes a :class:`Check` with a stable ``check_id``. A check that fails is a
contradiction inside a source report (or a transcription error): the gate reports it as an
error unless ``anomalies.csv`` registers its ``check_id``; a registered check that passes is a
stale register entry. The derived ``reconciliation`` table lists every check.

Tolerances come from printed precision: a number printed with d decimals may carry up to half a
unit of its last digit, so a sum may be off by the sum of its terms' half-units, and a share or
rate may be off by its own half-unit plus what its amounts' rounding propagates.

Rules (the ``rule`` of a check):
  parts_sum               children of an item (one breakdown) sum to the item; a lone part does not exceed it
  share_consistent        a stated share (占…%) matches amount / base
  rate_consistent         a stated execution rate matches executed / budget
  change_consistent       a stated change matches current minus prior, and its percent
  restatement_consistent  the same fact stated again in the same table agrees
  cross_table_consistent  the same fact stated in two tables agrees
  weight_sum, score_sum   a table's rows sum to their subtotal and to the table total
  score_within_weight     no indicator scores more than its weight

The engine is columnar (national packages hold millions of rows): every rule family computes its
checks for all rows at once with numpy over numbers parsed once per distinct printed text, and
returns a :class:`_Family` frame; messages are only written for the checks that need one
(:func:`checks_frame`, :func:`failing_checks`, :func:`all_checks`). Sums add their terms one by
one in the order the rules name them, so every figure is the same float a row-by-row loop gives.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .keys import DEPARTMENT
from .package import Package, half_unit, parse_number

ABS_EPS = 1e-9
YUAN, YUAN_PER_WAN = "元", 10_000  # budgets.unit: amounts printed in 元 are compared with the others in 万元
_Rows = dict[str, np.ndarray]  # selected rows of a rule family's columns

# What makes two rows statements of the same fact (restatements are numbered 1, 2, 3 … per key).
FACT_KEYS: dict[str, list[str]] = {
    "budgets": ["report_id", "project_id", "fund", "item", "stage"],
    "petition_metrics": ["report_id", "metric", "scope", "period"],
    "staffing": ["report_id", "category", "scope"],
}

COLUMNS = ["check_id", "rule", "report_id", "table", "line", "column", "stated", "expected", "tolerance", "ok"]


@dataclass(frozen=True)
class Check:
    check_id: str
    rule: str
    report_id: str
    table: str
    line: int | None  # CSV line of the stated value (header is line 1)
    column: str
    stated: float | None
    expected: float | None
    tolerance: float
    ok: bool
    message: str
    implied: bool = False  # a value compared is implied by parts (not stated as such): a miscoded row is as likely as a contradiction

    @property
    def difference(self) -> float | None:
        if self.stated is None or self.expected is None:
            return None
        return self.stated - self.expected


def _num(text: Any) -> float | None:
    """A printed number (package.parse_number: Table Schema numbers; anything else is no number)."""
    return parse_number(text)


def _txt(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _agree(a: float, b: float, ha: float, hb: float) -> bool:
    """Two printed figures can be roundings of one value: their rounding intervals overlap
    (strictly: 99.42 and 99.41 cannot both be two-decimal roundings of the same number)."""
    d = abs(a - b)
    return d <= ABS_EPS or d < ha + hb - ABS_EPS


def _fmt(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:.6f}".rstrip("0").rstrip(".")


# ----------------------------------------------------------------------------------------------
# columnar helpers
# ----------------------------------------------------------------------------------------------

def _texts(col: pd.Series) -> np.ndarray:
    """A text column as Python strings, missing as ""."""
    return np.asarray(col.fillna("").astype(object).to_numpy(), dtype=object)


def _factorize(values: Any) -> tuple[np.ndarray, list[Any]]:
    """Codes (-1 for missing) and distinct values of a text column (arrow's dictionary encoding)."""
    arr = pa.array(values, type=pa.string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    enc = pc.dictionary_encode(arr)
    codes = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, enc.dictionary.to_pylist()


def _parse(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Values (NaN where no number) and half-units of a column of printed numbers, parsed once per
    distinct text with the same functions a single value goes through (_num, half_unit)."""
    codes, uniques = _factorize(col)
    vals = np.array([np.nan if (v := _num(u)) is None else v for u in uniques] + [np.nan], dtype=float)
    # half_unit (package.py) of each text: half a unit of the last printed digit, none for a printed zero
    decimals = np.array([len(u.rsplit(".", 1)[1].rstrip("%").strip()) if "." in u else 0 for u in uniques] + [0], dtype=np.int64)
    table = np.array([half_unit("0." + "1".rjust(d, "0") if d else "1") for d in range(int(decimals.max()) + 1)], dtype=float)
    halves = np.where(vals == 0, 0.0, table[decimals])
    halves[-1] = np.nan
    return vals[codes], halves[codes]


def _objframe(columns: dict[str, Any]) -> pd.DataFrame:
    """A frame keeping text columns as Python objects (no conversion to arrow strings and back)."""
    n = max((len(v) for v in columns.values() if isinstance(v, np.ndarray)), default=0)
    out = {}
    for k, v in columns.items():
        if isinstance(v, str):
            out[k] = pd.Series(np.full(n, v, dtype=object), dtype=object)
        elif np.ndim(v) == 0:
            out[k] = pd.Series(np.full(n, v))
        else:
            out[k] = pd.Series(v, dtype=object if v.dtype == object else None)
    return pd.DataFrame(out)


def _agree_v(a: np.ndarray, b: np.ndarray, ha: np.ndarray, hb: np.ndarray) -> np.ndarray:
    d = np.abs(a - b)
    with np.errstate(invalid="ignore"):
        return (d <= ABS_EPS) | (d < ha + hb - ABS_EPS)


def _round6(x: np.ndarray) -> np.ndarray:
    """Python's round(x, 6) per element. numpy's rint(x * 1e6) / 1e6 is the same float unless x * 1e6
    lies near a half (where the product's own rounding may decide) or is huge or not finite: those
    few go through Python's round."""
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        s = x * 1e6
        out = np.rint(s) / 1e6
        doubtful = ~np.isfinite(s) | (np.abs(s) > 2.0 ** 40) | (np.abs(s - np.floor(s) - 0.5) < 1e-3)
    out[doubtful] = [round(v, 6) for v in x[doubtful].tolist()]
    return out


def _ids(n: int, *parts: Any) -> pa.Array:
    """check_ids: parts joined with ':', an empty part written '-' (parts are str constants or arrays)."""
    arrays: list[Any] = []
    for p in parts:
        if isinstance(p, str):
            arrays.append(pa.scalar(p or "-"))
        else:
            a = pa.array(np.asarray(p, dtype=object), type=pa.string())
            arrays.append(pc.if_else(pc.equal(a, ""), "-", a))
    if not any(isinstance(a, pa.Array) for a in arrays):
        return pa.array([":".join(str(a) for a in arrays)] * n, type=pa.string())
    return pc.binary_join_element_wise(*arrays, ":")


class _Vocab:
    """Integer codes of text values (shared by every table, so keys from different tables meet)."""

    def __init__(self, bits: int) -> None:
        self.index: dict[str, int] = {}
        self.bits = bits

    def codes(self, values: Any) -> np.ndarray:
        codes, uniques = _factorize(values)
        m = np.array([self.index.setdefault(str(u), len(self.index)) for u in uniques] + [-1], dtype=np.int64)
        if len(self.index) >= 1 << self.bits:
            raise ValueError("too many distinct key values for the identity engine's key encoding")
        return m[codes]

    def code(self, value: str) -> int:
        c = self.index.setdefault(value, len(self.index))
        if c >= 1 << self.bits:
            raise ValueError("too many distinct key values for the identity engine's key encoding")
        return c


def _lookup(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Position of each query key in the sorted unique ``keys`` (-1 when absent)."""
    if len(keys) == 0:
        return np.full(len(query), -1, dtype=np.int64)
    pos = np.searchsorted(keys, query)
    pos = np.minimum(pos, len(keys) - 1)
    return np.where(keys[pos] == query, pos, -1)


def _seqsum(columns: Iterable[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Sum of present values in the given order, as Python's sum() adds them; and their count."""
    total = np.zeros(n)
    count = np.zeros(n, dtype=np.int64)
    for c in columns:
        has = ~np.isnan(c)
        total = total + np.where(has, c, 0.0)
        count += has
    return total, count


@dataclass
class _Family:
    """Checks of one rule family: the check fields as columns, what messages need, and a writer
    of the messages of selected rows."""

    frame: dict[str, np.ndarray]
    message: Callable[[Any], list[str]]

    def rows(self, at: np.ndarray) -> dict[str, np.ndarray]:
        return {k: v[at] for k, v in self.frame.items()}


def _family(ids: pa.Array, rule: Any, report: Any, table: Any, line: Any, column: Any, stated: Any, expected: Any,
            tolerance: Any, ok: Any, message: Callable[[Any], list[str]], **extra: Any) -> _Family:
    n = len(ids)
    frame = {
        "check_id": ids.to_numpy(zero_copy_only=False),
        "rule": np.broadcast_to(np.asarray(rule, dtype=object), (n,)),
        "report_id": np.broadcast_to(np.asarray(report, dtype=object), (n,)),
        "table": np.broadcast_to(np.asarray(table, dtype=object), (n,)),
        "line": np.broadcast_to(np.asarray(line, dtype=float), (n,)),
        "column": np.broadcast_to(np.asarray(column, dtype=object), (n,)),
        "stated": np.broadcast_to(np.asarray(stated, dtype=float), (n,)),
        "expected": np.broadcast_to(np.asarray(expected, dtype=float), (n,)),
        "tolerance": np.broadcast_to(np.asarray(tolerance, dtype=float), (n,)),
        "ok": np.broadcast_to(np.asarray(ok, dtype=bool), (n,)),
        **{k: np.broadcast_to(np.asarray(v), (n,)) if np.ndim(v) == 0 else np.asarray(v) for k, v in extra.items()},
    }
    return _Family(frame, message)


def _pct_v(stated: np.ndarray, h: np.ndarray, a: np.ndarray, ea: np.ndarray, b: np.ndarray, eb: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A stated percent against 100*a/b when a and b carry their rounding: (checkable, expected, tol, ok)."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        lo_b, hi_b = b - eb, b + eb
        valid = ~np.isnan(stated) & ~np.isnan(a) & (lo_b > 0)
        lo_a, hi_a = a - ea, a + ea
        cands = [100 * x / y for x in (lo_a, hi_a) for y in (lo_b, hi_b)]
        lo = np.minimum(np.minimum(cands[0], cands[1]), np.minimum(cands[2], cands[3]))
        hi = np.maximum(np.maximum(cands[0], cands[1]), np.maximum(cands[2], cands[3]))
        expected = 100 * a / b
        ok = (lo - h - ABS_EPS <= stated) & (stated <= hi + h + ABS_EPS)
        tol = h + np.maximum(np.abs(lo - expected), np.abs(hi - expected))
    return valid, expected, tol, ok


def _pct_message(what: list[str], stated_text: list[str], part: list[str], base: list[str], expected: list[float],
                 tol: list[float]) -> list[str]:
    return [f"{w}: stated {s}%, but {p} / {b} = {_fmt(e)}% (allowed ±{_fmt(t)} for printed precision)"
            for w, s, p, b, e, t in zip(what, stated_text, part, base, expected, tol, strict=True)]


class _Hierarchy:
    def __init__(self, codes: pd.DataFrame, key: str, parent: str, breakdown: str | None):
        self.parent: dict[str, str] = {}
        self.children: dict[tuple[str, str], list[str]] = defaultdict(list)
        keys, parents = _texts(codes[key]), _texts(codes[parent])
        bds = _texts(codes[breakdown]) if breakdown else np.full(len(codes), "", dtype=object)
        for item, par, bd in zip(keys, parents, bds, strict=True):
            if par:
                self.parent[item] = par
                self.children[(par, bd)].append(item)
        self._breakdowns: dict[str, list[str]] = defaultdict(list)
        for (p, b) in sorted(self.children):
            self._breakdowns[p].append(b)

    def breakdowns(self, item: str) -> list[str]:
        return self._breakdowns.get(item, [])

    def depth(self, item: str) -> int:
        d, seen = 0, {item}
        while item in self.parent and self.parent[item] not in seen:
            item = self.parent[item]
            seen.add(item)
            d += 1
        return d


# ----------------------------------------------------------------------------------------------
# budgets (with the projects table's amounts as the reference for project totals)
# ----------------------------------------------------------------------------------------------

# how the text of a reference value is written
_TEXT_ROW, _TEXT_MULTI, _TEXT_PROJECT = 0, 1, 2
# base values that are not a reference row
_SRC_IMPLIED, _SRC_INI_SUP, _SRC_PRIOR_IMPLIED = -1, -2, -3


class _BudgetFacts:
    """Reference values of budget facts (first statements; the projects table for project totals) and
    the values each (report, project, fund, stage) group implies for every item, bottom-up."""

    def __init__(self, pkg: Package) -> None:
        b = pkg.table("budgets")
        self.items = _Hierarchy(pkg.table("budget_items"), "item_id", "parent_item", "breakdown")
        bi = pkg.table("budget_items")
        self.multi = set(_texts(bi.loc[bi["multiple_rows"] == "true", "item_id"]))
        self.funds = _Hierarchy(pkg.table("funds"), "fund_id", "parent_fund", None)
        self._cur_stage, self._prior_stage = _report_change_stages(pkg)
        self.v_rep, self.v_proj, self.v_fund, self.v_stage, self.v_item = (
            _Vocab(20), _Vocab(20), _Vocab(6), _Vocab(6), _Vocab(10))  # 62 bits in all

        # the budget rows, columnar
        self.n = len(b)
        self.rep, self.proj = _texts(b["report_id"]), _texts(b["project_id"])
        self.fund, self.item, self.stage = _texts(b["fund"]), _texts(b["item"]), _texts(b["stage"])
        self.st = _texts(b["statement"])
        self.amount_text = _texts(b["amount"])
        self.amount, self.amount_h = _parse(b["amount"])
        if "unit" in b.columns:  # amounts printed in 元 are compared in 万元 (the text keeps its printed form and unit)
            yuan = _texts(b["unit"]) == YUAN
            if yuan.any():
                self.amount = np.where(yuan, self.amount / YUAN_PER_WAN, self.amount)
                self.amount_h = np.where(yuan, self.amount_h / YUAN_PER_WAN, self.amount_h)
                self.amount_text = np.where(yuan & (self.amount_text != ""), self.amount_text + " 元", self.amount_text).astype(object)
        self.line = b["__line__"].to_numpy(dtype=float)
        self.c_rep, self.c_proj = self.v_rep.codes(self.rep), self.v_proj.codes(self.proj)
        self.c_fund, self.c_stage, self.c_item = self.v_fund.codes(self.fund), self.v_stage.codes(self.stage), self.v_item.codes(self.item)
        self.gkey = self.group_key(self.c_rep, self.c_proj, self.c_fund, self.c_stage)
        self.fkey = self.gkey * (1 << 10) + self.c_item
        self.is_multi = np.isin(self.item, list(self.multi)) if self.multi else np.zeros(self.n, dtype=bool)

        # reference values from the projects table: (report, project, all, project, stage)
        pieces = []
        if pkg.has("projects"):
            p = pkg.table("projects")
            prep, pproj = _texts(p["report_id"]), _texts(p["project_id"])
            for col in ("initial_budget", "adjusted_budget", "budget_unspecified", "executed"):
                v, h = _parse(p[col])
                has = ~np.isnan(v)
                pieces.append(_objframe({
                    "rep": prep[has], "proj": pproj[has], "fund": "all", "item": "project", "stage": col,
                    "value": v[has], "err": h[has], "line": np.nan, "kind": _TEXT_PROJECT, "amt": _texts(p[col])[has],
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
        bref = _objframe({
            "rep": self.rep[first], "proj": self.proj[first], "fund": self.fund[first], "item": self.item[first],
            "stage": self.stage[first], "value": self.amount[first], "err": self.amount_h[first], "line": self.line[first],
            "kind": _TEXT_ROW, "amt": self.amount_text[first], "col": "", "src": "budgets", "fkey": self.fkey[first]})
        # items stated in several rows (multiple_rows): their sum, in row order
        mref = self._multi_sums(np.flatnonzero(cand & self.is_multi))
        ref = pd.concat([x for x in (pref, bref, mref) if len(x)], ignore_index=True) if len(pref) + len(bref) + len(mref) else bref
        ref = ref.sort_values("fkey", kind="stable").reset_index(drop=True)
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
        self.S = np.full((G, ncol), -9, dtype=np.int64)  # ref row, or _SRC_IMPLIED
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
                total, count = _seqsum((self.V[:, k] for k in kids), G)
                err, _ = _seqsum((self.E[:, k] for k in kids), G)
                put = todo & (count > 0)
                self.V[put, i], self.E[put, i], self.S[put, i] = total[put], err[put], _SRC_IMPLIED
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
                out[k] = [prev[0] + self.amount[r], prev[1] + self.amount_h[r], prev[2], _TEXT_MULTI, prev[4]]
            else:
                out[k] = [self.amount[r], self.amount_h[r], self.line[r], _TEXT_ROW, r]
        firsts = np.array([v[4] for v in out.values()], dtype=np.int64)
        return _objframe({
            "rep": self.rep[firsts], "proj": self.proj[firsts], "fund": self.fund[firsts], "item": self.item[firsts],
            "stage": self.stage[firsts], "value": np.array([v[0] for v in out.values()], dtype=float),
            "err": np.array([v[1] for v in out.values()], dtype=float), "line": np.array([v[2] for v in out.values()], dtype=float),
            "kind": np.array([v[3] for v in out.values()], dtype=np.int64), "amt": self.amount_text[firsts], "col": "",
            "src": "budgets", "fkey": np.array(list(out.keys()), dtype=np.int64)})

    def implied(self, rep: np.ndarray, proj: np.ndarray, fund: np.ndarray, stage: np.ndarray, item: str | np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(value, err, src) an item has in the given groups; NaN where nothing is stated or implied."""
        gi = _lookup(self.group_keys, self.group_key(rep, proj, fund, stage))
        n = len(gi)
        if isinstance(item, str):
            ci = np.full(n, self.cols.get(item, -1), dtype=np.int64)
        else:  # item names -> their column of V (-1: nothing stated under the item anywhere)
            codes, uniques = _factorize(item)
            ci = np.array([self.cols.get(x, -1) for x in uniques] + [-1], dtype=np.int64)[codes]
        ok = (gi >= 0) & (ci >= 0)
        v, e, s = np.full(n, np.nan), np.full(n, np.nan), np.full(n, -9, dtype=np.int64)
        v[ok], e[ok], s[ok] = self.V[gi[ok], ci[ok]], self.E[gi[ok], ci[ok]], self.S[gi[ok], ci[ok]]
        return v, e, s

    def ref_text(self, src: int, item: str, value: float) -> str:
        """The text of a value: how its statement reads, or how it was implied."""
        if src == _SRC_IMPLIED:
            return f"{item} implied by its parts ({_fmt(value)})"
        if src == _SRC_INI_SUP:
            return f"initial + supplementary {_fmt(value)}"
        if src == _SRC_PRIOR_IMPLIED:
            return f"prior implied {_fmt(value)}"
        r = self.ref.iloc[src]
        if r["kind"] == _TEXT_PROJECT:
            return f"project table {r['col']} {r['amt']}"
        if r["kind"] == _TEXT_MULTI:
            return f"{r['item']} (sum)"
        return f"{r['item']} {r['amt']}"


class _Lookup:
    """A text -> text mapping applied to an array (unknown keys give the default)."""

    def __init__(self, mapping: dict[str, str], default: str) -> None:
        self.mapping, self.default = mapping, default

    def get_many(self, keys: np.ndarray) -> np.ndarray:
        codes, uniques = _factorize(keys)
        values = np.array([self.mapping.get(k, self.default) for k in uniques] + [self.default], dtype=object)
        return values[codes]


def _report_change_stages(pkg: Package) -> tuple[_Lookup, _Lookup]:
    """report_id -> its report type's default_stage (executed when not declared), and -> that stage's prior_stage."""
    reps = pkg.table("reports")
    types = pkg.table("report_types") if pkg.has("report_types") else pd.DataFrame(columns=["report_type_id"])
    stages = pkg.table("budget_stages") if pkg.has("budget_stages") else pd.DataFrame(columns=["stage_id"])
    default = dict(zip(_texts(types["report_type_id"]), _texts(types["default_stage"]), strict=True)) if "default_stage" in types else {}
    prior = dict(zip(_texts(stages["stage_id"]), _texts(stages["prior_stage"]), strict=True)) if "prior_stage" in stages else {}
    prior.setdefault("executed", "prior_year_executed")
    cur = {r: (default.get(t) or "executed") for r, t in zip(_texts(reps["report_id"]), _texts(reps["report_type"]), strict=True)}
    return _Lookup(cur, "executed"), _Lookup({r: prior.get(c) or "" for r, c in cur.items()}, "prior_year_executed")


def _budget_item_parts(bf: _BudgetFacts) -> list[_Family]:
    """parts_sum over items: the parts of one breakdown (stated or implied) against the stated item."""
    out = []
    ref = bf.ref
    for parent, pcol in bf.cols.items():
        for bd in bf.items.breakdowns(parent):
            kids = [c for c in bf.items.children[(parent, bd)] if c in bf.cols]
            if not kids:
                continue
            rows = np.flatnonzero(bf.ref_col == pcol)
            g = bf.ref_g[rows]
            kv = [bf.V[g, bf.cols[c]] for c in kids]
            ke = [bf.E[g, bf.cols[c]] for c in kids]
            implied = np.zeros(len(g), dtype=bool)
            for c in kids:
                implied |= bf.S[g, bf.cols[c]] == _SRC_IMPLIED
            total, count = _seqsum(kv, len(g))
            errs, _ = _seqsum(ke, len(g))
            pv = ref["value"].to_numpy(dtype=float)[rows]
            tol = bf.ref["err"].to_numpy(dtype=float)[rows] + errs + ABS_EPS
            stage = ref["stage"].to_numpy(dtype=object)[rows]
            lone = (count == 1) & (stage != "yoy_change") & (pv >= 0)
            keep = (count >= 2) | lone
            rows, g, total, count, pv, tol, lone, implied = (rows[keep], g[keep], total[keep], count[keep], pv[keep], tol[keep], lone[keep],
                                                             implied[keep])
            if not len(rows):
                continue
            ok = np.where(count >= 2, np.abs(total - pv) <= tol, total <= pv + tol)
            r = ref.iloc[rows]
            fam_kids = kids

            def message(sel: _Rows, kids: list[str] = fam_kids, parent: str = parent, bd: str = bd) -> list[str]:
                msgs = []
                for gi, fund, stage, pv, total in zip(sel["__g__"], sel["__fund__"], sel["__stage__"], sel["stated"], sel["__total__"],
                                                      strict=True):
                    parts = [(c, bf.V[gi, bf.cols[c]]) for c in kids if not np.isnan(bf.V[gi, bf.cols[c]])]
                    names = " + ".join(f"{c} {_fmt(float(x))}" for c, x in parts)
                    if len(parts) >= 2:
                        msgs.append(f"{parent} ({fund}, {stage}) is {_fmt(pv)} but its {bd} parts sum to {_fmt(total)}: {names}")
                    else:
                        msgs.append(f"{parts[0][0]} ({fund}, {stage}) {_fmt(total)} exceeds the whole it is part of, {parent} {_fmt(pv)}")
                return msgs

            rep = r["rep"].to_numpy(dtype=object)
            out.append(_family(_ids(len(r), "parts_sum", rep, "budgets", r["proj"].to_numpy(dtype=object), r["fund"].to_numpy(dtype=object),
                                    parent, r["stage"].to_numpy(dtype=object), bd),
                               "parts_sum", rep, "budgets", r["line"].to_numpy(dtype=float), "amount", pv, _round6(total), _round6(tol), ok,
                               message, __g__=g, __fund__=r["fund"].to_numpy(dtype=object), __stage__=r["stage"].to_numpy(dtype=object),
                               __total__=total, __implied__=implied))
    return out


def _budget_fund_parts(bf: _BudgetFacts) -> list[_Family]:
    """parts_sum over funds: the fund sources of one item and stage (stated or implied) against the stated fund."""
    out = []
    ref = bf.ref
    rfund = ref["fund"].to_numpy(dtype=object)
    for parent in sorted({p for (p, _b) in bf.funds.children}):
        kids = bf.funds.children[(parent, "")]
        rows = np.flatnonzero(rfund == parent)
        if not len(rows) or len(kids) < 2:
            continue
        r = ref.iloc[rows]
        rep_c, proj_c = bf.v_rep.codes(r["rep"]), bf.v_proj.codes(r["proj"])
        stage_c = bf.v_stage.codes(r["stage"])
        items = r["item"].to_numpy(dtype=object)
        kv, ke, ki = [], [], []

        def fund_value(fund: str, r: pd.DataFrame = r, rep_c: np.ndarray = rep_c, proj_c: np.ndarray = proj_c, stage_c: np.ndarray = stage_c,
                       items: np.ndarray = items) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            """(value, err, implied) of an item from a fund: as stated (or implied by its item parts), else the sum of the
            fund's own sources (gpb + gov_fund for fiscal when fiscal itself is not stated)."""
            fc = np.full(len(r), bf.v_fund.code(fund), dtype=np.int64)
            v, e, src = bf.implied(rep_c, proj_c, fc, stage_c, items)
            implied = src == _SRC_IMPLIED
            sub = bf.funds.children.get((fund, ""), [])
            if sub:
                parts = [fund_value(k) for k in sub]
                total, count = _seqsum((x[0] for x in parts), len(r))
                err, _ = _seqsum((x[1] for x in parts), len(r))
                fill = np.isnan(v) & (count > 0)
                v, e, implied = v.copy(), e.copy(), implied.copy()
                v[fill], e[fill], implied[fill] = total[fill], err[fill], True
            return v, e, implied

        for c in kids:
            v, e, imp = fund_value(c)
            kv.append(v)
            ke.append(e)
            ki.append(imp)
        total, count = _seqsum(kv, len(r))
        errs, _ = _seqsum(ke, len(r))
        keep = count >= 2
        if not keep.any():
            continue
        r, total, errs = r[keep], total[keep], errs[keep]
        kv = [v[keep] for v in kv]
        implied = np.logical_or.reduce([x[keep] for x in ki])
        pv = r["value"].to_numpy(dtype=float)
        tol = r["err"].to_numpy(dtype=float) + errs + ABS_EPS
        ok = np.abs(total - pv) <= tol
        kv_stack = np.vstack(kv).T

        def message(sel: _Rows, kids: list[str] = kids, parent: str = parent, kv_stack: np.ndarray = kv_stack) -> list[str]:
            msgs = []
            for i, item, stage, pv, total in zip(sel["__i__"], sel["__item__"], sel["__stage__"], sel["stated"], sel["__total__"],
                                                 strict=True):
                names = " + ".join(f"{c} {_fmt(float(x))}" for c, x in zip(kids, kv_stack[i], strict=True) if not np.isnan(x))
                msgs.append(f"{item} ({stage}) from {parent} funds is {_fmt(pv)} but its sources sum to {_fmt(total)}: {names}")
            return msgs

        rep = r["rep"].to_numpy(dtype=object)
        stage = r["stage"].to_numpy(dtype=object)
        out.append(_family(_ids(len(r), "parts_sum", rep, "budgets", r["proj"].to_numpy(dtype=object), parent, r["item"].to_numpy(dtype=object),
                                stage, "fund"),
                           "parts_sum", rep, "budgets", r["line"].to_numpy(dtype=float), "amount", pv, _round6(total), _round6(tol), ok, message,
                           __i__=np.arange(len(r)), __item__=r["item"].to_numpy(dtype=object), __stage__=stage, __total__=total,
                           __implied__=implied))
    return out


def _budget_row_checks(bf: _BudgetFacts, b: pd.DataFrame) -> list[_Family]:
    """Shares, rates and changes stated on budget rows (first statements and restatements alike)."""
    out = []
    has = ~np.isnan(bf.amount)
    st = bf.st

    def base_texts(sel: _Rows) -> list[str]:
        return [bf.ref_text(int(s), i, float(v)) for s, i, v in zip(sel["__bsrc__"], sel["__bitem__"], sel["__bval__"], strict=True)]

    def part_texts(sel: _Rows) -> list[str]:
        return [f"{i} {a}" for i, a in zip(sel["__item__"], sel["__amt__"], strict=True)]

    def pct_family(rows: np.ndarray, rule: str, column: str, text: np.ndarray, bval: np.ndarray, berr: np.ndarray, bsrc: np.ndarray,
                   bitem: np.ndarray, what: Callable[[str], str], id_tail: list[Any]) -> None:
        stated, h = _parse(pd.Series(text[rows], dtype=object).replace("", np.nan))
        valid, expected, tol, ok = _pct_v(stated, h, bf.amount[rows], bf.amount_h[rows], bval, berr)
        valid &= bval > 0
        if not valid.any():
            return
        k = rows[valid]

        def message(sel: _Rows) -> list[str]:
            return _pct_message([what(i) for i in sel["__what__"]], list(sel["__text__"]), part_texts(sel), base_texts(sel),
                                list(sel["__exp__"]), list(sel["__tol__"]))

        tail = [t[valid] if isinstance(t, np.ndarray) else t for t in id_tail]
        out.append(_family(_ids(len(k), rule, bf.rep[k], "budgets", bf.proj[k], bf.fund[k], bf.item[k], *tail, st[k]),
                           rule, bf.rep[k], "budgets", bf.line[k], column, stated[valid], _round6(expected[valid]), _round6(tol[valid]),
                           ok[valid], message, __what__=np.where(column == "share_pct", bitem[valid] + "\x1f" + bf.item[k], bf.item[k]),
                           __text__=text[k], __item__=bf.item[k], __amt__=bf.amount_text[k], __bsrc__=bsrc[valid], __bitem__=bitem[valid],
                           __bval__=bval[valid], __exp__=expected[valid], __tol__=tol[valid]))

    # shares: of the item's own fund's parent, or of another item (share_of) of the same fund; up the fund tree
    share_text = _texts(b["share_pct"])
    rows = np.flatnonzero((share_text != "") & has)
    share_of = _texts(b["share_of"])[rows]
    bitem = np.where(share_of != "", share_of, bf.item[rows]).astype(object)
    pairs = [(bf.v_fund.code(child), bf.v_fund.code(par)) for child, par in bf.funds.parent.items()]
    parent_code = np.full(len(bf.v_fund.index) + 1, -1, dtype=np.int64)  # the last one: no fund
    for child_c, par_c in pairs:
        parent_code[child_c] = par_c
    f = np.where(bitem != bf.item[rows], bf.c_fund[rows], parent_code[bf.c_fund[rows]])
    explicit = np.zeros(len(rows), dtype=bool)
    if "share_of_fund" in b.columns:  # the base's fund as the row states it: that fund only, never walked up
        base_fund = _texts(b["share_of_fund"])[rows]
        explicit = base_fund != ""
        f = np.where(explicit, bf.v_fund.codes(base_fund), f)
    bval, berr = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    bsrc = np.full(len(rows), -9, dtype=np.int64)
    todo = np.ones(len(rows), dtype=bool)
    bf_empty = bf.v_fund.index.get("", -2)
    for _ in range(len(bf.funds.parent) + 2):
        act = todo & (f >= 0) & (f != bf_empty)
        if not act.any():
            break
        ai = np.flatnonzero(act)
        v, e, s = bf.implied(bf.c_rep[rows[ai]], bf.c_proj[rows[ai]], f[ai], bf.c_stage[rows[ai]], bitem[ai])
        good = ~np.isnan(v) & (v > 0)
        gi = ai[good]
        bval[gi], berr[gi], bsrc[gi] = v[good], e[good], s[good]
        todo[gi] = False
        miss = ai[~good]
        f[miss] = np.where(explicit[miss], -1, parent_code[f[miss]])
    what_share: Callable[[str], str] = lambda w: "share of {1} in {0}".format(*w.split("\x1f"))  # noqa: E731
    pct_family(rows, "share_consistent", "share_pct", share_text, bval, berr, bsrc, bitem, what_share, [bf.stage[rows]])

    # execution rates: of the adjusted budget (or initial + supplementary), else the unspecified, else the initial budget
    rate_text = _texts(b["rate_pct"])
    rows = np.flatnonzero((rate_text != "") & has & (bf.stage == "executed"))
    r_args = (bf.c_rep[rows], bf.c_proj[rows], bf.c_fund[rows])

    def at(stage: str, item: np.ndarray = bf.item[rows]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return bf.implied(*r_args, np.full(len(rows), bf.v_stage.code(stage), dtype=np.int64), item)

    bval, berr, bsrc = at("adjusted_budget")
    ini, sup = at("initial_budget"), at("supplementary")
    both = np.isnan(bval) & ~np.isnan(ini[0]) & ~np.isnan(sup[0])
    bval, berr, bsrc = (np.where(both, ini[0] + sup[0], bval), np.where(both, ini[1] + sup[1], berr), np.where(both, _SRC_INI_SUP, bsrc))
    for alt in (at("budget_unspecified"), ini):
        use = ~(bval > 0)
        bval, berr, bsrc = np.where(use, alt[0], bval), np.where(use, alt[1], berr), np.where(use, alt[2], bsrc)
    pct_family(rows, "rate_consistent", "rate_pct", rate_text, bval, berr, bsrc, bf.item[rows], lambda i: f"execution rate of {i}",
               [bf.stage[rows]])

    # changes: the report's own-year figure (its report type's default_stage) minus the prior stage of that stage
    # (budget_stages.prior_stage: executed - prior_year_executed, initial_budget - prior_year_budget), and its percent
    rows = np.flatnonzero(has & (bf.stage == "yoy_change"))
    r_args = (bf.c_rep[rows], bf.c_proj[rows], bf.c_fund[rows])
    cur_stage, prior_stage = bf.change_stages(bf.rep[rows])

    def at_stages(stages: np.ndarray, item: np.ndarray = bf.item[rows]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return bf.implied(*r_args, bf.v_stage.codes(stages), item)

    cur, prior = at_stages(cur_stage), at_stages(prior_stage)
    both = ~np.isnan(cur[0]) & ~np.isnan(prior[0])
    k = rows[both]
    diff = cur[0][both] - prior[0][both]
    me, me_h = bf.amount[k], bf.amount_h[k]
    tol = cur[1][both] + prior[1][both] + me_h + ABS_EPS
    c_src, c_val, p_src, p_val = cur[2][both], cur[0][both], prior[2][both], prior[0][both]

    def change_message(sel: _Rows) -> list[str]:
        return [f"change of {i} stated {a} but {cst} {bf.ref_text(int(cs), i, float(cv))} minus prior"
                f"{'' if pst == 'prior_year_executed' else f' ({pst})'} "
                f"{bf.ref_text(int(ps), i, float(pv))} = {_fmt(d)}"
                for i, a, cs, cv, ps, pv, d, cst, pst in zip(sel["__item__"], sel["__amt__"], sel["__csrc__"], sel["__cval__"], sel["__psrc__"],
                                                             sel["__pval__"], sel["__diff__"], sel["__cst__"], sel["__pst__"], strict=True)]

    if len(k):
        out.append(_family(_ids(len(k), "change_consistent", bf.rep[k], "budgets", bf.proj[k], bf.fund[k], bf.item[k], "amount", st[k]),
                           "change_consistent", bf.rep[k], "budgets", bf.line[k], "amount", me, _round6(diff), _round6(tol),
                           np.abs(diff - me) <= tol, change_message, __item__=bf.item[k], __amt__=bf.amount_text[k], __csrc__=c_src,
                           __cval__=c_val, __psrc__=p_src, __pval__=p_val, __diff__=diff, __cst__=cur_stage[both], __pst__=prior_stage[both]))
    change_text = _texts(b["change_pct"])
    sel = (change_text[rows] != "") & ~np.isnan(cur[0])
    k = rows[sel]
    cv, ce = cur[0][sel], cur[1][sel]
    pv, pe, ps = prior[0][sel], prior[1][sel], prior[2][sel]
    no_prior = np.isnan(pv)
    bval = np.where(no_prior, cv - bf.amount[k], pv)
    berr = np.where(no_prior, ce + bf.amount_h[k], pe)
    bsrc = np.where(no_prior, _SRC_PRIOR_IMPLIED, ps)
    pct_family(k, "change_consistent", "change_pct", change_text, bval, berr, bsrc, bf.item[k],
               lambda i: f"relative change of {i}", ["pct"])
    return out


def _budget_restatements(bf: _BudgetFacts) -> list[_Family]:
    """Every later statement of a budget fact against its reference (the projects table's: cross-table)."""
    later = np.flatnonzero(bf.later)
    ri = _lookup(bf.ref_key, bf.fkey[later])
    k, ri = later[ri >= 0], ri[ri >= 0]
    if not len(k):
        return []
    rv, re_ = bf.ref["value"].to_numpy(dtype=float)[ri], bf.ref["err"].to_numpy(dtype=float)[ri]
    rule = np.where(bf.ref_is_project[ri], "cross_table_consistent", "restatement_consistent").astype(object)
    a, ha = bf.amount[k], bf.amount_h[k]

    def message(sel: _Rows) -> list[str]:
        return [f"{i} ({f}, {s}) restated as {a} but first stated as {_fmt(v)} ({bf.ref_text(int(r), i, v)})"
                for i, f, s, a, v, r in zip(sel["__item__"], sel["__fund__"], sel["__stage__"], sel["__amt__"], sel["expected"],
                                            sel["__ri__"], strict=True)]

    return [_family(_ids(len(k), rule, bf.rep[k], "budgets", bf.proj[k], bf.fund[k], bf.item[k], bf.stage[k], bf.st[k]),
                    rule, bf.rep[k], "budgets", bf.line[k], "amount", a, rv, re_ + ha, _agree_v(a, rv, re_, ha), message,
                    __item__=bf.item[k], __fund__=bf.fund[k], __stage__=bf.stage[k], __amt__=bf.amount_text[k], __ri__=ri)]


def _budget_checks(pkg: Package) -> list[_Family]:
    bf = _BudgetFacts(pkg)
    return [*_budget_item_parts(bf), *_budget_fund_parts(bf), *_budget_row_checks(bf, pkg.table("budgets")), *_budget_restatements(bf)]


def _project_checks(pkg: Package) -> list[_Family]:
    if not pkg.has("projects"):
        return []
    out = []
    p = pkg.table("projects")
    rep, proj = _texts(p["report_id"]), _texts(p["project_id"])
    rate_text = _texts(p["execution_rate_pct"])
    rate, rate_h = _parse(p["execution_rate_pct"])
    ex, ex_h = _parse(p["executed"])
    ex_text = _texts(p["executed"])
    bval, berr = np.full(len(p), np.nan), np.full(len(p), np.nan)
    bcol = np.full(len(p), "", dtype=object)
    btext = np.full(len(p), "", dtype=object)
    for col in ("initial_budget", "budget_unspecified", "adjusted_budget"):  # the first of these that states a non-zero budget
        v, h = _parse(p[col])
        use = ~np.isnan(v) & (v != 0)
        bval, berr = np.where(use, v, bval), np.where(use, h, berr)
        bcol, btext = np.where(use, col, bcol), np.where(use, _texts(p[col]), btext)
    wanted = (rate_text != "") & ~np.isnan(ex) & (bcol != "")
    valid, expected, tol, ok = _pct_v(rate, rate_h, ex, ex_h, bval, berr)
    k = np.flatnonzero(wanted & valid)
    line = p["__line__"].to_numpy(dtype=float)

    def rate_message(sel: _Rows) -> list[str]:
        return _pct_message([f"execution rate of project {x}" for x in sel["__proj__"]], list(sel["__text__"]),
                            [f"executed {x}" for x in sel["__ex__"]], [f"{c} {t}" for c, t in zip(sel["__bcol__"], sel["__btext__"], strict=True)],
                            list(sel["__exp__"]), list(sel["__tol__"]))

    if len(k):
        out.append(_family(_ids(len(k), "rate_consistent", rep[k], "projects", proj[k]), "rate_consistent", rep[k], "projects", line[k],
                           "execution_rate_pct", rate[k], _round6(expected[k]), _round6(tol[k]), ok[k], rate_message,
                           __proj__=proj[k], __text__=rate_text[k], __ex__=ex_text[k], __bcol__=bcol[k], __btext__=btext[k],
                           __exp__=expected[k], __tol__=tol[k]))

    # the same rate restated in budgets rows of the project (fund all, item project)
    b = pkg.table("budgets")
    restated = b[(b["item"] == "project") & (b["fund"] == "all") & (b["stage"] == "executed") & b["rate_pct"].notna() & b["project_id"].notna()]
    left = pd.DataFrame({"rep": rep, "proj": proj, "p_pos": np.arange(len(p)), "s": rate, "hs": rate_h, "s_text": rate_text})
    a, ha = _parse(restated["rate_pct"])
    right = pd.DataFrame({"rep": _texts(restated["report_id"]), "proj": _texts(restated["project_id"]), "b_pos": np.arange(len(restated)),
                          "a": a, "ha": ha, "a_text": _texts(restated["rate_pct"]), "bline": _texts(restated["line"]),
                          "line": restated["__line__"].to_numpy(dtype=float)})
    m = left.merge(right, on=["rep", "proj"]).sort_values(["p_pos", "b_pos"], kind="stable")
    m = m[m["a"].notna() & m["s"].notna()]
    if len(m):
        a, s, ha, hs = (m[c].to_numpy(dtype=float) for c in ("a", "s", "ha", "hs"))

        def cross_message(sel: _Rows) -> list[str]:
            return [f"execution rate of project {x} stated {at}% in the text but {st}% in its table"
                    for x, at, st in zip(sel["__proj__"], sel["__a__"], sel["__s__"], strict=True)]

        mrep, mproj = m["rep"].to_numpy(dtype=object), m["proj"].to_numpy(dtype=object)
        out.append(_family(_ids(len(m), "cross_table_consistent", mrep, "budgets", mproj, "rate_pct", m["bline"].to_numpy(dtype=object)),
                           "cross_table_consistent", mrep, "budgets", m["line"].to_numpy(dtype=float), "rate_pct", a, s, ha + hs,
                           _agree_v(a, s, ha, hs), cross_message, __proj__=mproj, __a__=m["a_text"].to_numpy(dtype=object),
                           __s__=m["s_text"].to_numpy(dtype=object)))
    return out


# ----------------------------------------------------------------------------------------------
# petition metrics and staffing: parts, restatements, changes
# ----------------------------------------------------------------------------------------------

def _counts_checks(pkg: Package, table: str, code_table: str, code_key: str, parent_col: str, breakdown_col: str | None,
                   key_cols: list[str]) -> list[_Family]:
    t = pkg.table(table)
    h = _Hierarchy(pkg.table(code_table), code_key, parent_col, breakdown_col)
    out: list[_Family] = []
    rep = _texts(t["report_id"])
    keys = [_texts(t[c]) for c in key_cols]
    v_rep, v_keys = _Vocab(22), [_Vocab(12) for _ in key_cols]
    c_rep, c_keys = v_rep.codes(rep), [v.codes(k) for v, k in zip(v_keys, keys, strict=True)]

    def enc(r: np.ndarray, ks: list[np.ndarray]) -> np.ndarray:
        key = r.astype(np.int64)
        for c in ks:
            key = key << 12 | c
        return key

    fkey = enc(c_rep, c_keys)
    value, value_h = _parse(t["value"])
    value_text, st = _texts(t["value"]), _texts(t["statement"])
    line = t["__line__"].to_numpy(dtype=float)
    approx = _texts(t["approx"]) == "true" if "approx" in t.columns else np.zeros(len(t), dtype=bool)
    unit = _texts(t["unit"]) if "unit" in t.columns else np.full(len(t), "", dtype=object)
    has = ~np.isnan(value)
    s1 = np.flatnonzero(has & (st == "1"))
    ref_rows = s1[~pd.Series(fkey[s1]).duplicated().to_numpy()]
    is_ref = np.zeros(len(t), dtype=bool)
    is_ref[ref_rows] = True
    # counts are exact; an approximate figure (1550余) makes every identity it enters uncheckable
    err = np.where(approx, np.inf, np.where(np.isin(unit, ["%", "百分点"]), value_h, 0.0))
    order = np.argsort(fkey[ref_rows], kind="stable")
    ref_rows = ref_rows[order]
    ref_keys = fkey[ref_rows]

    def ref_of(key: np.ndarray) -> np.ndarray:
        """Row of the reference statement of each key (-1 when none)."""
        pos = _lookup(ref_keys, key)
        return np.where(pos >= 0, ref_rows[np.maximum(pos, 0)], -1)

    def ref_text(r: int) -> str:
        return f"{keys[0][r]} {value_text[r]}"

    # parts: only for the whole (scope all, period report_year where periods exist)
    whole = np.ones(len(ref_rows), dtype=bool)
    for k in keys[1:]:
        whole &= np.isin(k[ref_rows], ["all", "report_year"])
    for code in sorted({p for (p, _b) in h.children}):
        pr = ref_rows[whole & (keys[0][ref_rows] == code)]
        if not len(pr):
            continue
        for bd in h.breakdowns(code):
            kids = h.children[(code, bd)]
            kid_rows = [ref_of(enc(c_rep[pr], [np.full(len(pr), v_keys[0].code(c), dtype=np.int64), *(c[pr] for c in c_keys[1:])]))
                        for c in kids]
            kv = [np.where(r >= 0, value[np.maximum(r, 0)], np.nan) for r in kid_rows]
            ke = [np.where(r >= 0, err[np.maximum(r, 0)], np.nan) for r in kid_rows]
            total, count = _seqsum(kv, len(pr))
            errs, _ = _seqsum(ke, len(pr))
            tol = err[pr] + errs + ABS_EPS
            keep = (count >= 2) & ~np.isinf(tol)
            if not keep.any():
                continue
            k = pr[keep]
            kv_stack = np.vstack([v[keep] for v in kv]).T

            def parts_message(sel: _Rows, kids: list[str] = kids, kv_stack: np.ndarray = kv_stack) -> list[str]:
                msgs = []
                for i, code, pv, total in zip(sel["__i__"], sel["__code__"], sel["stated"], sel["__total__"], strict=True):
                    names = " + ".join(f"{c} {_fmt(float(x))}" for c, x in zip(kids, kv_stack[i], strict=True) if not np.isnan(x))
                    msgs.append(f"{code} is {_fmt(pv)} but its parts sum to {_fmt(total)}: {names}")
                return msgs

            out.append(_family(_ids(len(k), "parts_sum", rep[k], table, *(x[k] for x in keys), bd), "parts_sum", rep[k], table, line[k],
                               "value", value[k], _round6(total[keep]), _round6(tol[keep]), np.abs(total[keep] - value[k]) <= tol[keep],
                               parts_message, __i__=np.arange(len(k)), __code__=keys[0][k], __total__=total[keep]))

    # restatements
    later = np.flatnonzero(has & ~is_ref & ~approx)
    r = ref_of(fkey[later])
    usable = r >= 0
    usable[usable] = ~np.isinf(err[r[usable]])
    k, r = later[usable], r[usable]
    if len(k):
        def restated_message(sel: _Rows) -> list[str]:
            return [f"{c} restated as {v} but first stated as {ref_text(int(ri))}"
                    for c, v, ri in zip(sel["__code__"], sel["__text__"], sel["__ref__"], strict=True)]

        out.append(_family(_ids(len(k), "restatement_consistent", rep[k], *(x[k] for x in keys), st[k]), "restatement_consistent", rep[k],
                           table, line[k], "value", value[k], value[r], ABS_EPS, np.abs(value[k] - value[r]) <= ABS_EPS, restated_message,
                           __code__=keys[0][k], __text__=value_text[k], __ref__=r))

    if "period" in key_cols:
        ip = key_cols.index("period")
        period = keys[ip]

        def at(rows: np.ndarray, p: str) -> np.ndarray:
            ks = [c[rows] if i != ip else np.full(len(rows), v_keys[ip].code(p), dtype=np.int64) for i, c in enumerate(c_keys)]
            return ref_of(enc(c_rep[rows], ks))

        yr = ref_rows[period[ref_rows] == "yoy_change"]
        cur, prior = at(yr, "report_year"), at(yr, "prior_year")
        both = (cur >= 0) & (prior >= 0)
        k, cur_k, prior_k = yr[both], cur[both], prior[both]
        if len(k):
            diff = value[cur_k] - value[prior_k]
            tol = err[cur_k] + err[prior_k] + err[k] + ABS_EPS

            def change_message(sel: _Rows) -> list[str]:
                return [f"change of {c} stated {_fmt(v)} but {ref_text(int(cr))} minus {ref_text(int(pr))} = {_fmt(d)}"
                        for c, v, cr, pr, d in zip(sel["__code__"], sel["stated"], sel["__cur__"], sel["__prior__"], sel["__diff__"],
                                                   strict=True)]

            with np.errstate(invalid="ignore"):
                ok = np.abs(diff - value[k]) <= tol
            out.append(_family(_ids(len(k), "change_consistent", rep[k], *(x[k] for x in keys), "value"), "change_consistent", rep[k], table,
                               line[k], "value", value[k], _round6(diff), _round6(tol), ok, change_message, __code__=keys[0][k],
                               __cur__=cur_k, __prior__=prior_k, __diff__=diff))
        change_text = _texts(t["change_pct"])
        rows = np.flatnonzero((period == "yoy_change") & (change_text != ""))
        cur, prior = at(rows, "report_year"), at(rows, "prior_year")
        both = (cur >= 0) & (prior >= 0)
        k, cur_k, prior_k = rows[both], cur[both], prior[both]
        if len(k):
            stated, sh = _parse(t["change_pct"].iloc[k])
            cv, pv = value[cur_k], value[prior_k]
            valid, expected, tol, ok = _pct_v(stated, sh, cv - pv, err[cur_k] + err[prior_k], pv, err[prior_k])
            kk = k[valid]

            def pct_message(sel: _Rows) -> list[str]:
                return _pct_message([f"relative change of {c}" for c in sel["__code__"]], list(sel["__text__"]),
                                    [f"{_fmt(c)} - {_fmt(p)}" for c, p in zip(sel["__cv__"], sel["__pv__"], strict=True)],
                                    [ref_text(int(p)) for p in sel["__prior__"]], list(sel["__exp__"]), list(sel["__tol__"]))

            scope = keys[key_cols.index("scope")] if "scope" in key_cols else np.full(len(t), "", dtype=object)
            out.append(_family(_ids(len(kk), "change_consistent", rep[kk], table, keys[0][kk], scope[kk], "pct", st[kk]), "change_consistent",
                               rep[kk], table, line[kk], "change_pct", stated[valid], _round6(expected[valid]), _round6(tol[valid]), ok[valid],
                               pct_message, __code__=keys[0][kk], __text__=change_text[kk], __cv__=cv[valid], __pv__=pv[valid],
                               __prior__=prior_k[valid], __exp__=expected[valid], __tol__=tol[valid]))
    return out


# ----------------------------------------------------------------------------------------------
# indicators: weights and scores of every self-evaluation table
# ----------------------------------------------------------------------------------------------

def indicator_row_value(row: dict[str, Any], children: dict[str, list[dict[str, Any]]], col: str) -> float | None:
    """A row's weight or score; a subtotal printed without it counts as the sum of its rows."""
    v = _num(row[col])
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
        children[_txt(r["parent_row"])].append(r)
    return children


def _group_sum(index: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group (index -1: none) the sum of present values, added one by one in row order, and their count."""
    use = (index >= 0) & ~np.isnan(values)
    return (np.bincount(index[use], weights=values[use], minlength=n)[:n] if n else np.zeros(0),
            np.bincount(index[use], minlength=n)[:n] if n else np.zeros(0, dtype=np.int64))


def _indicator_checks(pkg: Package) -> list[_Family]:
    out: list[_Family] = []
    ind = pkg.table("indicators")
    rep, row, kind = _texts(ind["report_id"]), _texts(ind["row"]), _texts(ind["row_kind"])
    line = ind["__line__"].to_numpy(dtype=float)
    texts = {c: _texts(ind[c]) for c in ("weight", "score")}
    nums = {c: _parse(ind[c])[0] for c in ("weight", "score")}
    w, s = nums["weight"], nums["score"]

    k = np.flatnonzero(~np.isnan(w) & ~np.isnan(s))
    if len(k):
        def within_message(sel: _Rows) -> list[str]:
            return [f"row {r} scores {sc} of a weight of {wt}" for r, sc, wt in zip(sel["__row__"], sel["__s__"], sel["__w__"], strict=True)]

        out.append(_family(_ids(len(k), "score_within_weight", rep[k], "indicators", row[k]), "score_within_weight", rep[k], "indicators",
                           line[k], "score", s[k], w[k], 0.0, s[k] <= w[k] + ABS_EPS, within_message, __row__=row[k], __s__=texts["score"][k],
                           __w__=texts["weight"][k]))

    # the rows of each table (report, project), a row number standing once (the last row of that number)
    proj = _texts(ind["project_id"])
    parent = _texts(ind["parent_row"])
    keyed = pd.DataFrame({"rep": rep, "proj": proj, "row": row})
    live = ind["report_id"].notna().to_numpy() & ~keyed.duplicated(keep="last").to_numpy()
    sep = "\x1f"
    table_key = rep + sep + proj
    own = np.where(live, table_key + sep + row, None)
    sub_rows = np.flatnonzero(live & (kind == "subtotal"))
    sub_index = pd.Index(own[sub_rows])
    parent_of = np.where(live & (parent != ""), sub_index.get_indexer(table_key + sep + parent), -1)  # subtotal each row is part of
    tables, tcodes = np.unique(table_key[live], return_inverse=True)
    table_of = np.full(len(ind), -1, dtype=np.int64)
    table_of[np.flatnonzero(live)] = tcodes
    top = live & (parent == "")

    totals: dict[tuple[str, str], tuple[str, str, float, str]] = {}
    if pkg.has("projects"):
        p = pkg.table("projects")
        for r, pr, tw, ts, ln in zip(_texts(p["report_id"]), _texts(p["project_id"]), _texts(p["total_weight"]), _texts(p["total_score"]),
                                     p["__line__"].tolist(), strict=True):
            totals[(r, pr)] = (tw, ts, float(ln), "projects")
    rp = pkg.table("reports")
    for r, ts, ln in zip(_texts(rp["report_id"]), _texts(rp["self_score"]), rp["__line__"].tolist(), strict=True):
        totals[(r, DEPARTMENT)] = ("", ts, float(ln), "reports")  # the department's table: its total is the report's score

    first_sub = [int(x) for x in sub_rows]
    sub_order = np.argsort(table_of[sub_rows], kind="stable")
    for col, rule in (("weight", "weight_sum"), ("score", "score_sum")):
        v = nums[col]
        total, count = _group_sum(parent_of, v, len(sub_rows))
        sv = v[sub_rows]
        keep = ~np.isnan(sv) & (count > 0)
        keep_sorted = sub_order[keep[sub_order]]
        k = sub_rows[keep_sorted]
        if len(k):
            t = total[keep_sorted]

            def sub_message(sel: _Rows, col: str = col) -> list[str]:
                return [f"subtotal row {r} ({lv}) states {col} {st} but its rows sum to {_fmt(t)}"
                        for r, lv, st, t in zip(sel["__row__"], sel["__level1__"], sel["__text__"], sel["__total__"], strict=True)]

            out.append(_family(_ids(len(k), rule, rep[k], "indicators", proj[k], "row", row[k]), rule, rep[k], "indicators", line[k], col,
                               v[k], _round6(t), _round6(np.array([ABS_EPS])), np.abs(t - v[k]) <= ABS_EPS, sub_message,
                               __row__=row[k], __level1__=ind["level1"].astype(object).to_numpy()[k], __text__=texts[col][k], __total__=t))

        # table totals: a subtotal printed without the column counts as the sum of its rows (nested: repeated to a fixed point)
        rv = v.copy()
        need = np.zeros(len(ind), dtype=bool)
        need[sub_rows] = np.isnan(v[sub_rows])
        need_subs = need[sub_rows]
        for _ in range(len(sub_rows) + 1):
            sums, cnt = _group_sum(parent_of, rv, len(sub_rows))
            new = np.where(cnt > 0, sums, np.nan)
            before = rv[sub_rows[need_subs]]
            rv[sub_rows[need_subs]] = new[need_subs]
            if np.array_equal(before, rv[sub_rows[need_subs]], equal_nan=True):
                break
        tsum, tcount = _group_sum(np.where(top, table_of, -1), rv, len(tables))
        t_rep, t_proj, stated_text, stated, t_line, t_table, t_total = [], [], [], [], [], [], []
        for ti in np.flatnonzero(tcount > 0).tolist():
            r, pr = tables[ti].split(sep)
            tw, ts, tline, ttable = totals.get((r, pr), ("", "", math.nan, ""))
            text = tw if col == "weight" else ts
            sval = _num(text)
            if sval is None:
                continue
            t_rep.append(r)
            t_proj.append(pr)
            stated_text.append(text)
            stated.append(sval)
            t_line.append(tline)
            t_table.append(ttable)
            t_total.append(tsum[ti])
        if t_rep:
            tt = np.array(t_table, dtype=object)
            tot = np.array(t_total, dtype=float)
            st = np.array(stated, dtype=float)
            pr_arr = np.array(t_proj, dtype=object)

            def total_message(sel: _Rows, col: str = col) -> list[str]:
                return [f"table total {col} {x} of {'the department table' if p in ('', DEPARTMENT) else p} but its top-level rows sum to {_fmt(t)}"
                        for x, p, t in zip(sel["__text__"], sel["__proj__"], sel["__total__"], strict=True)]

            out.append(_family(_ids(len(tt), rule, np.array(t_rep, dtype=object), tt, np.where(pr_arr == "", "department", pr_arr), "total"),
                               rule, np.array(t_rep, dtype=object), tt, np.array(t_line), np.where(tt == "projects", "total_" + col, "self_score"),
                               st, _round6(tot), _round6(np.array([ABS_EPS])), np.abs(tot - st) <= ABS_EPS, total_message,
                               __text__=np.array(stated_text, dtype=object), __proj__=pr_arr, __total__=tot))
    del first_sub

    # an indicator row that states a petition metric agrees with petition_metrics
    pm = pkg.table("petition_metrics")
    whole = pm[(pm["scope"] == "all") & (pm["period"] == "report_year") & (pm["statement"] == "1")]
    wkey = pd.Series(_texts(whole["report_id"]) + sep + _texts(whole["metric"]))
    last = ~wkey.duplicated(keep="last").to_numpy()
    other_index = pd.Index(wkey[last])
    o_val, o_h = _parse(whole["value"])
    o_val, o_h = o_val[last], o_h[last]
    o_unit, o_text, o_line = _texts(whole["unit"])[last], _texts(whole["value"])[last], _texts(whole["line"])[last]
    metric = _texts(ind["metric"])
    rows = np.flatnonzero(metric != "")
    oi = other_index.get_indexer(rep[rows] + sep + metric[rows])
    a, ha = _parse(ind["actual_value"])
    found = oi >= 0
    rows, oi = rows[found], oi[found]
    use = ~np.isnan(a[rows]) & ~np.isnan(o_val[oi])
    k, oi = rows[use], oi[use]
    if len(k):
        pct = o_unit[oi] == "%"
        ak, hak = a[k], np.where(pct, ha[k], 0.0)
        vk, hvk = o_val[oi], np.where(pct, o_h[oi], 0.0)
        a_text = _texts(ind["actual_value"])

        def cross_message(sel: _Rows) -> list[str]:
            return [f"row {r} states {m} {at} but petition_metrics line {ol} states {ot}"
                    for r, m, at, ol, ot in zip(sel["__row__"], sel["__metric__"], sel["__a__"], sel["__oline__"], sel["__otext__"], strict=True)]

        out.append(_family(_ids(len(k), "cross_table_consistent", rep[k], "indicators", row[k], metric[k]), "cross_table_consistent", rep[k],
                           "indicators", line[k], "actual_value", ak, vk, hak + hvk, _agree_v(ak, vk, hak, hvk), cross_message,
                           __row__=row[k], __metric__=metric[k], __a__=a_text[k], __oline__=o_line[oi], __otext__=o_text[oi]))
    return out


# ----------------------------------------------------------------------------------------------
# all checks: unique ids, messages where needed
# ----------------------------------------------------------------------------------------------

def _families(pkg: Package) -> list[_Family]:
    return [
        *_budget_checks(pkg),
        *_project_checks(pkg),
        *_counts_checks(pkg, "petition_metrics", "petition_metric_codes", "metric_id", "parent_metric", "breakdown",
                        FACT_KEYS["petition_metrics"][1:]),
        *_counts_checks(pkg, "staffing", "staffing_categories", "category_id", "parent_category", None, FACT_KEYS["staffing"][1:]),
        *_indicator_checks(pkg),
    ]


@dataclass
class CheckFrame:
    """Every check of a package as columns (COLUMNS; ids unique, unsorted); messages on request."""

    frame: pd.DataFrame
    families: list[_Family]  # the frame's __fam__ and __pos__ name the family and row of each check

    def checks(self, mask: np.ndarray | None = None) -> list[Check]:
        """The selected checks (all when mask is None) with their messages, sorted by check_id."""
        sel = self.frame if mask is None else self.frame[mask]
        messages = np.empty(len(sel), dtype=object)
        fam = sel["__fam__"].to_numpy()
        for i in np.unique(fam).tolist():
            at = np.flatnonzero(fam == i)
            f = self.families[i]
            messages[at] = f.message(f.rows(sel["__pos__"].to_numpy()[at]))
        order = np.argsort(sel["check_id"].to_numpy(dtype=object), kind="stable")
        cols = [sel[c].to_numpy(dtype=object if c in ("check_id", "rule", "report_id", "table", "column") else None)[order].tolist()
                for c in COLUMNS]
        implied = np.zeros(len(sel), dtype=bool)
        for i in np.unique(fam).tolist():
            flags = self.families[i].frame.get("__implied__")
            if flags is not None:
                at = np.flatnonzero(fam == i)
                implied[at] = flags[sel["__pos__"].to_numpy()[at]]
        out = []
        for cid, rule, rep, table, line, column, stated, expected, tol, ok, msg, imp in zip(*cols, messages[order].tolist(),
                                                                                          implied[order].tolist(), strict=True):
            out.append(Check(cid, rule, rep, table, None if line != line else int(line), column, None if stated != stated else stated,
                             None if expected != expected else expected, tol, bool(ok), msg, bool(imp)))
        return out


def checks_frame(pkg: Package) -> CheckFrame:
    """Every identity check of the package, columnar. A check_id met again is numbered #2, #3 … in
    the order the rule families produce them (the families in the order below, rows in table order)."""
    families = _families(pkg)
    sizes = [len(f.frame["check_id"]) for f in families]
    columns: dict[str, Any] = {c: np.concatenate([f.frame[c] for f in families]) if families else np.zeros(0) for c in COLUMNS}
    columns["__fam__"] = np.repeat(np.arange(len(families)), sizes)
    columns["__pos__"] = np.concatenate([np.arange(n) for n in sizes]) if families else np.zeros(0, dtype=np.int64)
    frame = _objframe(columns)
    ids = frame["check_id"]
    unique = len(pc.unique(pa.array(ids.to_numpy(), type=pa.string()))) == len(ids)
    dup = np.zeros(len(ids), dtype=bool) if unique else ids.duplicated(keep=False).to_numpy()
    if dup.any():
        sub = ids[dup]
        n = sub.groupby(sub, sort=False).cumcount().to_numpy()
        renamed = [c if k == 0 else f"{c}#{k + 1}" for c, k in zip(sub.tolist(), n.tolist(), strict=True)]
        frame.loc[dup, "check_id"] = renamed
    return CheckFrame(frame, families)


def all_checks(pkg: Package) -> list[Check]:
    """Every identity check of the package, sorted by check_id (deterministic)."""
    return checks_frame(pkg).checks()


# Every identity is a fact of one report (its check_id names the report), so a large package is
# checked a slice of reports at a time: memory stays bounded and the cost grows linearly.
REPORTS_PER_SLICE = 5_000
REPORT_TABLES = ("reports", "budgets", "projects", "indicators", "petition_metrics", "staffing")


def failing_checks(pkg: Package, registered: set[str], per_slice: int = REPORTS_PER_SLICE, share: tuple[int, int] = (0, 1)) -> list[Check]:
    """The checks the gate reports: those that fail and those whose id the anomalies register names.
    The same checks as all_checks (ids, order, messages), computed per slice of reports. share=(k, n):
    only slices k, k+n, k+2n … (n workers share the slices; their lists merged and sorted are the whole)."""
    out: list[Check] = []
    k, n = share
    for i, part in enumerate(report_slices(pkg, per_slice)):
        if i % n != k:
            continue
        cf = checks_frame(part)
        mask = ~cf.frame["ok"].to_numpy(dtype=bool) | cf.frame["check_id"].isin(registered).to_numpy()
        out.extend(cf.checks(mask))
    return sorted(out, key=lambda c: c.check_id) if len(out) > 1 else out


def report_slices(pkg: Package, per_slice: int) -> Iterator[Package]:
    """The package as packages of at most per_slice reports each: the rows of each report table
    whose report_id is in the slice (in their order, lines kept), every other table whole. A row
    without a report_id goes with the first slice. One slice: the package itself."""
    ids = pd.Index(pd.unique(pd.concat([pkg.table(t)["report_id"] for t in REPORT_TABLES if pkg.has(t)], ignore_index=True).dropna()))
    if len(ids) <= per_slice:
        yield pkg
        return
    slices = {t: ids.get_indexer(pd.Index(pkg.table(t)["report_id"])).clip(min=0) // per_slice for t in REPORT_TABLES if pkg.has(t)}
    for k in range((len(ids) + per_slice - 1) // per_slice):
        part = Package(pkg.root, pkg.descriptor, pkg.resources)
        for name in pkg.resources:
            if name in slices:
                part._frames[name] = pkg.table(name)[slices[name] == k]
            elif name in pkg._frames:
                part._frames[name] = pkg._frames[name]
        yield part
