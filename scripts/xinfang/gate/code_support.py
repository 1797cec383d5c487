"""Code support: a row's specific code should be named by the words it is quoted with.

A quote that holds its figure passes provenance even when the code beside it is wrong (the
contributor assistant, or a tired curator, put 工资性支出 under `expenditure_total`, or 借调6人 under
a petition metric). This check asks whether the code is *supported*: one of its terms (the terms of
`xinfang.terms`: its codelist label and the documented synonyms of policy/synonyms.csv) occurs in
the row's quote or its context (the row's `note`, and for petition and staffing rows its `scope`,
the report's own words for what is counted). A term ending in 费/费用/经费/支出 also counts without
that ending (国内公务接待 for 国内公务接待费), a functional class also by its code (2013101), and a
metric stem covers its `_batches`/`_persons` codes. Spaces are ignored: a quote across a wrapped line
holds the space the wrap leaves, inside a term too (公 务接待费).

Only codes that claim something specific are checked: budget items other than the totals
(`expenditure_total`, `income_total`) and other than `project` on a project's own rows (the project
is the context), petition metrics other than `other_count`, and staffing categories. Funds and stages
are not: a table states them once in its header or a section heading, which the quote of a row
does not repeat.

Severity: a finding is a NOTICE (shown to the reviewer, never failing the gate): a code can be
right and still not be named in its own clause (a restated fact: 较上年减少0.43万元 after the
sentence naming the item). Measured on the curated package before it was added: see
docs/extract-rules.md for the count and why each remaining finding is right to show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..package import Package, records
from ..problems import Problem
from ..roles import quote_column
from ..terms import CODELISTS, label_terms, read_synonyms
from .catalogue import emit
from .columns import codes, encoded, rows_at, true

RULE = "rules.code_unsupported"
# table -> [(code column, synonyms dimension)]; the dimension's codelist is terms.CODELISTS's
CHECKED = {
    "budgets": [("item", "item")],
    "petition_metrics": [("metric", "metric")],
    "staffing": [("category", "staffing")],
}
CONTEXT = {"budgets": ("note",), "petition_metrics": ("note", "scope"), "staffing": ("note", "scope")}
EXEMPT = {"item": {"expenditure_total", "income_total"}, "metric": {"other_count"}, "staffing": set()}
ENDINGS = re.compile(r"(?:费用|经费|费|支出)$")
OPEN, CLOSE = "[“‘\"「『]", "[”’\"」』]"  # a report's quotation marks, any pair


def code_terms(pkg: Package, resource: str, id_col: str, dimension: str) -> dict[str, set[str]]:
    """Each code's terms: label terms, synonyms (a synonym of several codes names each), the terms
    without a 费/支出 ending, a functional class's code; a metric stem's terms for its variants."""
    out: dict[str, set[str]] = {}
    codes = records(pkg.table(resource))
    for r in codes:
        terms = set(label_terms(str(r.get("label_zh") or "")))
        gfs = str(r.get("gfs_code") or "")
        if r.get("classification") == "functional" and gfs.isdigit():
            terms.add(gfs)
        out[str(r[id_col])] = terms
    for s in read_synonyms(pkg.root):
        if s["dimension"] == dimension:
            for code in s["code"].split("|"):
                out.setdefault(code, set()).add(s["term"])
    if dimension == "metric":
        for code in list(out):
            stem = re.sub(r"_(batches|persons)$", "", code)
            if stem != code:
                out[code] |= out.get(stem, set())
    for code, terms in out.items():
        out[code] = terms | {ENDINGS.sub("", t) for t in terms if len(ENDINGS.sub("", t)) >= 4}
    return out


def _pattern(terms: set[str]) -> str:
    """One pattern for any of the terms, quotation marks matching any pair (RE2 and re alike)."""
    def one(t: str) -> str:
        return "".join(OPEN if ch in "“‘" else CLOSE if ch in "”’" else re.escape(ch) for ch in t)
    return "|".join(one(t) for t in sorted(terms, key=lambda t: (-len(t), t)))


class _Part:
    """One part of the rows' contexts (the quote, the note, the scope), the rows in the order of
    their codes: its texts taken in that order, or, for a part of few distinct texts (a scope, the
    few notes), the codes of its texts (gate/columns.py), so that each code's pattern is matched
    once per distinct text."""

    def __init__(self, column: pd.Series, in_order: np.ndarray, n_codes: int, distinct: bool) -> None:
        taken = pa.array(in_order, type=pa.int64())
        enc = encoded(column) if not distinct else None  # a quote is not encoded: most of them are distinct
        self.dictionary: pa.Array | None = None
        # spaces taken out: a term a wrapped line splits (公 务接待费) is named all the same (quotes are collapsed)
        if enc is not None and len(enc.dictionary) * n_codes <= len(in_order):
            self.dictionary = pc.replace_substring(enc.dictionary, " ", "")
            self.codes = np.asarray(enc.indices.take(taken).fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
        else:
            self.texts = pc.replace_substring(_arrow_text(column).take(taken), " ", "")

    def run(self, a: int, b: int) -> pa.Array:
        """The texts of the rows a..b (missing as null)."""
        if self.dictionary is None:
            return self.texts.slice(a, b - a)
        codes = pa.array(self.codes[a:b], mask=self.codes[a:b] < 0)
        return self.dictionary.take(codes)

    def hits(self, a: int, b: int, pattern: str) -> np.ndarray:
        """Whether the text of each of the rows a..b holds the pattern (RE2; a missing text: no)."""
        if self.dictionary is None:
            return true(pc.match_substring_regex(self.texts.slice(a, b - a), pattern))
        found = np.append(true(pc.match_substring_regex(self.dictionary, pattern)), False)  # the last: a missing text
        return found[self.codes[a:b]]


def _named(parts: list[_Part], a: int, b: int, pattern: str, whole: bool) -> np.ndarray:
    """Whether each row's context (its quote and context parts, missing as "", joined by a space)
    holds the pattern: RE2 on each part, or on the joined texts when whole (a pattern of terms
    none of which holds a space, nor is empty, cannot match across the joins or in an empty
    part); Python's re where RE2 refuses the pattern."""
    def joined() -> pa.Array:
        filled = [pc.fill_null(part.run(a, b), "") for part in parts]
        return pc.binary_join_element_wise(*filled, pa.scalar(" ", pa.large_string())) if len(filled) > 1 else filled[0]

    try:
        if whole:
            return true(pc.match_substring_regex(joined(), pattern))
        out = np.zeros(b - a, dtype=bool)
        for part in parts:
            out |= part.hits(a, b, pattern)
        return out
    except pa.ArrowInvalid:
        rx = re.compile(pattern)
        return np.fromiter((rx.search(t) is not None for t in joined().to_pylist()), dtype=bool, count=b - a)


def _arrow_text(column: pd.Series) -> pa.Array:
    """A text column as one Arrow string array (missing as null)."""
    arr = pa.array(column, type=pa.large_string(), from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def rule_code_unsupported(pkg: Package) -> Iterator[Problem]:
    """Rows whose specific code none of its terms names in the quote or the row's context."""
    for table, checks in CHECKED.items():
        if not pkg.has(table):
            continue
        frame = pkg.table(table)
        qcol = quote_column(pkg.resources[table])
        if qcol is None or qcol not in frame.columns:
            continue
        context = [c for c in (qcol, *CONTEXT[table]) if c in frame.columns]  # the quote and the row's context
        longest = pkg.resources[table].field(qcol).get("constraints", {}).get("maxLength", "its schema's maxLength")
        for col, dimension in checks:
            resource, id_col = CODELISTS[dimension]
            if col not in frame.columns or not pkg.has(resource):
                continue
            terms = code_terms(pkg, resource, id_col, dimension)
            code_of, n_codes = codes(frame[col])  # a missing code as "" (gate/columns.py: the encoding is shared with the other rules)
            names = encoded(frame[col]).dictionary.to_pylist()
            names += [""] * (n_codes - len(names))
            skip = np.array([n in EXEMPT[dimension] or n == "" for n in names], dtype=bool)
            checked = ~skip[code_of]
            if table == "budgets" and "project_id" in frame.columns and "project" in names:
                checked &= ~((code_of == names.index("project")) & frame["project_id"].notna().to_numpy())
            # the rows of each code, found once (not one pass over the table per code): the
            # contexts taken once in the order of their codes, each code's run of them matched by
            # RE2 (pyarrow), the rows it does not name turned into problems
            positions = np.flatnonzero(checked)
            narrow = np.int16 if len(names) < 1 << 15 else np.int64  # small integers: numpy's radix sort
            order = np.argsort(code_of[positions].astype(narrow), kind="stable")
            sorted_codes = code_of[positions][order]
            bounds = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1], True]) if len(positions) else np.zeros(1, dtype=np.int64)
            by_code = {names[int(sorted_codes[a])]: (a, b) for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)}
            in_order = positions[order]
            parts = [_Part(frame[c], in_order, len(by_code), distinct=c == qcol) for c in context]
            for code, (a, b) in sorted(by_code.items()):
                ts = terms.get(str(code), set())
                named = _named(parts, a, b, _pattern(ts), any(" " in t or not t for t in ts)) if ts else np.zeros(b - a, dtype=bool)
                if named.all():
                    continue
                for row in rows_at(frame, in_order[a:b][~named]):
                    shown = "、".join(sorted(ts, key=lambda t: (-len(t), t))[:4]) or "(none: the code has no terms)"
                    yield emit(RULE, pkg.resources[table].path, int(row["__line__"]), col,
                               f"{col} {code} is not named in the quote or the row's context (its terms: {shown})", longest=longest)
