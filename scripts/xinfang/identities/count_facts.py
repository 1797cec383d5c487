"""The facts of a table of counts (petition_metrics, staffing) its families share (computed once per
table): every row's fact key (the schema's ``x-roles`` ``fact-key``, report first), its value and
rounding, and the reference (first) statement of each fact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import roles
from .columns import Decoded, Hierarchy, Vocab, parse_texts, texts
from .registry import Context


@dataclass(frozen=True)
class CountTable:
    """A table of counts and the codelist its first key column is a code of."""

    table: str
    code_table: str
    code_key: str
    parent_col: str
    breakdown_col: str | None

    def reads(self) -> dict[str, tuple[str, ...]]:
        """What a family of this table reads: its fact key (x-roles) and these columns, and the codelist."""
        return {self.table: ("statement", "value", "approx", "unit", "change_pct"),
                self.code_table: tuple(c for c in (self.code_key, self.parent_col, self.breakdown_col) if c)}


PETITION_METRICS = CountTable("petition_metrics", "petition_metric_codes", "metric_id", "parent_metric", "breakdown")
STAFFING = CountTable("staffing", "staffing_categories", "category_id", "parent_category", None)


class CountFacts:
    def __init__(self, ctx: Context, spec: CountTable) -> None:
        pkg = ctx.pkg
        self.spec = spec
        self.table = spec.table
        t = self.t = pkg.table(spec.table)
        self.h = Hierarchy(pkg.table(spec.code_table), spec.code_key, spec.parent_col, spec.breakdown_col)
        key = roles.fact_key(pkg.resources[spec.table])
        report = roles.report_column(pkg.resources[spec.table])
        self.key_cols = [c for c in key if c != report]  # the code column first
        self.v_rep, self.v_keys = Vocab(22), [Vocab(12) for _ in self.key_cols]
        # each key column as codes (its texts formed on request: Decoded)
        self.c_rep = self.v_rep.codes(ctx.decoded(spec.table, report)[0] if report else np.full(len(t), "", dtype=object))
        self.rep = Decoded(self.c_rep, self.v_rep.names)
        self.c_keys = [v.codes(ctx.decoded(spec.table, c)[0]) for v, c in zip(self.v_keys, self.key_cols, strict=True)]
        self.keys = [Decoded(c, v.names) for c, v in zip(self.c_keys, self.v_keys, strict=True)]
        self.fkey = self.enc(self.c_rep, self.c_keys)
        self.value, self.value_h, self.value_text = parse_texts(t["value"])
        self.st = texts(t["statement"])
        self.line = t["__line__"].to_numpy(dtype=float)
        self.approx = (t["approx"] == "true").fillna(False).to_numpy(dtype=bool) if "approx" in t.columns else np.zeros(len(t), dtype=bool)
        percent = t["unit"].isin(["%", "百分点"]).fillna(False).to_numpy(dtype=bool) if "unit" in t.columns else np.zeros(len(t), dtype=bool)
        self.has = ~np.isnan(self.value)
        s1 = np.flatnonzero(self.has & (self.st == "1"))
        ref_rows = s1[~pd.Series(self.fkey[s1]).duplicated().to_numpy()]
        self.is_ref = np.zeros(len(t), dtype=bool)
        self.is_ref[ref_rows] = True
        # counts are exact; an approximate figure (1550余) makes every identity it enters uncheckable
        self.err = np.where(self.approx, np.inf, np.where(percent, self.value_h, 0.0))
        order = np.argsort(self.fkey[ref_rows], kind="stable")
        self.ref_rows = ref_rows[order]
        self.ref_keys = self.fkey[self.ref_rows]  # each fact's key once (its first statement), sorted
        self._ref_index = pd.Index(self.ref_keys)

    @property
    def usable(self) -> bool:
        """Whether the schema declares the table's fact key (without one no fact is identified)."""
        return bool(self.key_cols)

    def values(self, at: np.ndarray) -> dict[str, Any]:
        """The key columns of the given rows by name (and report_id), for a check_id template."""
        return {"report_id": self.rep.take(at), **{c: k.take(at) for c, k in zip(self.key_cols, self.keys, strict=True)}}

    @staticmethod
    def enc(r: np.ndarray, ks: list[np.ndarray]) -> np.ndarray:
        key = r.astype(np.int64)
        for c in ks:
            key = key << 12 | c
        return key

    def ref_of(self, key: np.ndarray) -> np.ndarray:
        """Row of the reference statement of each key (-1 when none)."""
        pos = self._ref_index.get_indexer(key)
        return np.where(pos >= 0, self.ref_rows[np.maximum(pos, 0)], -1)

    def ref_text(self, r: int) -> str:
        return f"{self.keys[0][r]} {self.value_text[r]}"


def count_facts(ctx: Context, spec: CountTable) -> CountFacts:
    return ctx.shared(("count_facts", spec.table), lambda: CountFacts(ctx, spec))
