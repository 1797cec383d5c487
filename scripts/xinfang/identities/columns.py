"""Columnar helpers the families share: text columns as arrays, printed numbers parsed once per
distinct text (with their half-units), integer codes of key values, sums added in a fixed order,
and the hierarchies of the codelists (items, funds, metrics, categories).

National packages hold millions of rows: every family computes its checks for all rows at once
with numpy. Sums add their terms one by one in the order the rules name them, so every figure is
the same float a row-by-row loop gives.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..fieldtypes import printed_decimals
from ..package import NUMBER, half_unit, parse_number


def num(text: Any) -> float | None:
    """A printed number (package.parse_number: Table Schema numbers; anything else is no number)."""
    return parse_number(text)


def txt(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def texts(col: pd.Series) -> np.ndarray:
    """A text column as Python strings, missing as ""."""
    try:  # through arrow: the table's own arrow strings, or a column of Python strings
        arr = pc.fill_null(pa.array(col, type=pa.string(), from_pandas=True), "")
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return np.asarray(col.fillna("").astype(object).to_numpy(), dtype=object)
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=object)


def texts_at(col: pd.Series, rows: np.ndarray) -> np.ndarray:
    """texts(col)[rows], only those rows made into Python strings."""
    picked = pa.array(col, type=pa.string(), from_pandas=True).take(pa.array(rows, type=pa.int64()))
    return np.asarray(pc.fill_null(picked, "").to_numpy(zero_copy_only=False), dtype=object)


def _dictionary(values: Any) -> tuple[np.ndarray, pa.Array]:
    """Codes (-1 for missing) and the distinct values of a text column, as arrow's dictionary encoding gives them."""
    arr = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(values, type=pa.string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    enc = pc.dictionary_encode(arr)
    codes = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, enc.dictionary


def factorize(values: Any) -> tuple[np.ndarray, list[Any]]:
    """Codes (-1 for missing) and distinct values of a text column (arrow's dictionary encoding)."""
    codes, dictionary = _dictionary(values)
    return codes, dictionary.to_pylist()


def decoded(*columns: Any) -> list[Decoded]:
    """Text columns as codes in one code space (a missing value coded as "", as texts() gives it:
    equal codes exactly where texts() gives equal texts), each with the texts of the codes."""
    arrays = [pc.fill_null(c if isinstance(c, pa.Array | pa.ChunkedArray) else pa.array(c, type=pa.string(), from_pandas=True), "")
              for c in columns]
    arrays = [a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a for a in arrays]
    if not arrays:
        return []
    enc = pc.dictionary_encode(pa.concat_arrays(arrays))
    codes = np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    names = np.array(enc.dictionary.to_pylist(), dtype=object)
    bounds = np.cumsum([0, *(len(a) for a in arrays)])
    return [Decoded(codes[a:b], names) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def recode(column: Decoded, into: Decoded) -> np.ndarray:
    """The codes of a Decoded column's texts in another's code space (-1: a text the other has not)."""
    index = {x: i for i, x in enumerate(into.names.tolist())}
    return np.array([index.get(x, -1) for x in column.names.tolist()] + [-1], dtype=np.int64)[column.codes]


_NUMBER_TEXT = f"^(?:{NUMBER})$"


def _numbers(dictionary: pa.Array) -> np.ndarray:
    """The number each distinct text prints (NaN: none), as package.parse_number reads one: a Table
    Schema number as written, converted by arrow (correctly rounded, as float() is); a text arrow
    will not convert goes through parse_number itself."""
    dictionary = pc.cast(dictionary, pa.string())
    is_number = pc.fill_null(pc.match_substring_regex(dictionary, _NUMBER_TEXT), False)
    try:
        vals = pc.cast(pc.if_else(is_number, dictionary, pa.scalar(None, pa.string())), pa.float64())
        return np.asarray(vals.to_numpy(zero_copy_only=False), dtype=float)
    except pa.ArrowInvalid:
        return np.array([np.nan if (v := num(u)) is None else v for u in dictionary.to_pylist()], dtype=float)


def parse(col: Any) -> tuple[np.ndarray, np.ndarray]:
    """Values (NaN where no number) and half-units of a column of printed numbers, computed once per
    distinct text as the functions of one value give them (package.parse_number, package.half_unit)."""
    values, halves, _ = parse_texts(col)
    return values, halves


def parse_texts(col: Any) -> tuple[np.ndarray, np.ndarray, Decoded]:
    """parse(col), and the column's texts (missing as "", as texts() gives them) from the same encoding."""
    codes, dictionary = _dictionary(col)
    vals = np.append(_numbers(dictionary), np.nan)
    decimals = np.append(printed_decimals(dictionary), 0)
    # half_unit (package.py) of each text: half a unit of the last printed digit, none for a printed zero
    table = np.array([half_unit("0." + "1".rjust(d, "0") if d else "1") for d in range(int(decimals.max()) + 1)], dtype=float)
    halves = np.where(vals == 0, 0.0, table[decimals])
    halves[-1] = np.nan
    return vals[codes], halves[codes], Decoded(codes, dictionary)


def objframe(columns: dict[str, Any]) -> pd.DataFrame:
    """A frame keeping text columns as Python objects (no conversion to arrow strings and back), each
    column its own block, not copied (the arrays are the caller's: a copy into consolidated blocks
    costs more than every use of the frame)."""
    n = max((len(v) for v in columns.values() if isinstance(v, np.ndarray)), default=0)
    out = {}
    for k, v in columns.items():
        if isinstance(v, str):
            out[k] = pd.Series(np.full(n, v, dtype=object), dtype=object, copy=False)
        elif np.ndim(v) == 0:
            out[k] = pd.Series(np.full(n, v), copy=False)
        else:
            out[k] = pd.Series(v, dtype=object if v.dtype == object else None, copy=False)
    return pd.DataFrame(out, copy=False)


class Decoded:
    """A text column as codes into the texts of the codes: the texts of selected rows are formed on
    request (a check_id template's values and the messages' words, which only a few checks need).
    The texts are Vocab.names (every code >= 0), or an arrow dictionary (code -1: missing, as "")."""

    def __init__(self, codes: np.ndarray, names: np.ndarray | pa.Array) -> None:
        self.codes = codes
        self._names = names

    @property
    def names(self) -> np.ndarray:
        """The text of each code (an arrow dictionary's, and "" after them for code -1)."""
        if isinstance(self._names, pa.Array):
            return np.array([*self._names.to_pylist(), ""], dtype=object)
        return self._names

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, at: Any) -> Any:
        """The texts of the rows at these positions (one text for one position)."""
        codes = self.codes[at]
        if not isinstance(self._names, pa.Array):
            return self._names[codes]
        if np.ndim(codes) == 0:
            return "" if codes < 0 else self._names[int(codes)].as_py()
        picked = pc.fill_null(self._names.take(pa.array(codes, mask=codes < 0)), "")
        return np.asarray(picked.to_numpy(zero_copy_only=False), dtype=object)

    def take(self, at: np.ndarray) -> Decoded:
        """The rows at these positions, still as codes."""
        return Decoded(self.codes[at], self._names)

    def _per_code(self, test: Any, missing: bool) -> np.ndarray:
        """Per row: whether its text passes the test (an arrow expression of the dictionary, or of Vocab.names)."""
        if not len(self.codes):
            return np.zeros(0, dtype=bool)
        if isinstance(self._names, pa.Array):
            per_code = np.append(pc.fill_null(test(self._names), False).to_numpy(zero_copy_only=False), missing)
        else:
            per_code = np.asarray(test(self._names), dtype=bool)
        return per_code[self.codes]

    def equals(self, text: str) -> np.ndarray:
        """Per row: its text is this one."""
        return self._per_code(lambda names: names == text if isinstance(names, np.ndarray) else pc.equal(names, text), text == "")

    def isin(self, texts: list[str]) -> np.ndarray:
        """Per row: its text is one of these."""
        return self._per_code(lambda names: np.isin(names, texts) if isinstance(names, np.ndarray) else pc.is_in(names, pa.array(texts)),
                              "" in texts)

    def nonempty(self) -> np.ndarray:
        """Per row: its text is not empty."""
        return self._per_code(lambda names: names != "" if isinstance(names, np.ndarray) else pc.not_equal(names, ""), False)


class Vocab:
    """Integer codes of text values (shared by every table, so keys from different tables meet)."""

    def __init__(self, bits: int) -> None:
        self.index: dict[str, int] = {}
        self.bits = bits
        self._names = np.zeros(0, dtype=object)

    @property
    def names(self) -> np.ndarray:
        """The text of each code (names[codes]: the texts of codes)."""
        if len(self._names) != len(self.index):
            self._names = np.array(list(self.index), dtype=object)
        return self._names

    def codes(self, values: Any) -> np.ndarray:
        """Codes of a text column (a missing value is coded as "", as texts() gives it), or of a Decoded
        column (of columns.decoded: its texts coded in the order they are met, as the column's would be)."""
        if isinstance(values, Decoded):
            codes, uniques = values.codes, values.names.tolist()
        else:
            if isinstance(values, pd.Series):  # straight from arrow, without Python strings in between
                values = pc.fill_null(pa.array(values, type=pa.string(), from_pandas=True), "")
            codes, uniques = factorize(values)
        if self.index:
            index = self.index
            m = np.array([index.setdefault(u, len(index)) for u in uniques] + [-1], dtype=np.int64)
        else:  # a new vocabulary: the codes of the texts in the order met
            self.index = dict(zip(uniques, range(len(uniques)), strict=True))
            m = np.append(np.arange(len(uniques), dtype=np.int64), -1)  # (-1: a missing value)
        if len(self.index) >= 1 << self.bits:
            raise ValueError("too many distinct key values for the identity engine's key encoding")
        return m[codes]

    def code(self, value: str) -> int:
        c = self.index.setdefault(value, len(self.index))
        if c >= 1 << self.bits:
            raise ValueError("too many distinct key values for the identity engine's key encoding")
        return c


def lookup(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Position of each query key in the sorted unique ``keys`` (-1 when absent)."""
    if len(keys) == 0:
        return np.full(len(query), -1, dtype=np.int64)
    pos = np.searchsorted(keys, query)
    pos = np.minimum(pos, len(keys) - 1)
    return np.where(keys[pos] == query, pos, -1)


def seqsum(columns: Iterable[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Sum of present values in the given order, as Python's sum() adds them; and their count."""
    total = np.zeros(n)
    count = np.zeros(n, dtype=np.int64)
    for c in columns:
        has = ~np.isnan(c)
        np.add(total, c, out=total, where=has)
        count += has
    return total, count


def group_sum(index: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group (index -1: none) the sum of present values, added one by one in row order, and their count."""
    use = (index >= 0) & ~np.isnan(values)
    return (np.bincount(index[use], weights=values[use], minlength=n)[:n] if n else np.zeros(0),
            np.bincount(index[use], minlength=n)[:n] if n else np.zeros(0, dtype=np.int64))


class Hierarchy:
    """A codelist's tree: each code's parent, and the children of each (parent, breakdown)."""

    def __init__(self, codes: pd.DataFrame, key: str, parent: str, breakdown: str | None):
        self.parent: dict[str, str] = {}
        self.children: dict[tuple[str, str], list[str]] = defaultdict(list)
        keys, parents = texts(codes[key]), texts(codes[parent])
        bds = texts(codes[breakdown]) if breakdown else np.full(len(codes), "", dtype=object)
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
