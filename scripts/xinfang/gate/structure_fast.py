"""Row-level structure checks, vectorised and generated from the Table Schemas.

What frictionless checks row by row — cell types, primary keys, unique fields, foreign keys,
blank rows — computed column-wise over the tables the gate has already read (each text column
dictionary-encoded once, its codes shared by the keys that read it; numbers by value), so a
national package (1.8 million rows) is checked in about a second instead of minutes. Nothing is declared
here: types, keys and references come from each resource's Table Schema. Errors carry the same
file, line, column, rule id and message wording as frictionless's.

Only for well-formed tables: when a table's header differs from its schema or a row has the wrong
number of cells, the structure layer hands the package to frictionless instead (see
structure.check_structure). tests/test_structure_equivalence.py shows both report the same
(file, line, column, rule) on a corpus of faults.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from .. import fieldtypes
from ..package import Package, Resource
from ..problems import Problem
from .catalogue import emit, library_rule


def well_formed(pkg: Package, name: str) -> bool:
    """Header equals the schema's field names and every row has as many cells as the header
    (the table was read cleanly: see Package.read_cleanly)."""
    return pkg.read_cleanly(name) and [c for c in pkg.table(name).columns if c != "__line__"] == pkg.resources[name].field_names


def _type_errors(frame: pd.DataFrame, res: Resource, numbers: Callable[[str], pd.Series] | None = None) -> Iterator[tuple[int, str, str, str, int]]:
    """The cells not of their field's type; numbers(column): a number column's floats (the package's
    cache of them, which the rules layer's typed columns read too)."""
    for pos, f in enumerate(res.fields, start=1):
        kind = fieldtypes.kind(f)
        name = f["name"]
        if kind not in fieldtypes.CHECKED_TYPES or name not in frame.columns:
            continue
        col = frame[name]
        ok = fieldtypes.valid(col, f, numbers(name) if numbers is not None and kind in ("number", "integer", "year") else None)
        if ok.all():
            continue
        bad = col[~ok].astype("str")
        for idx, value in bad.items():
            yield idx, name, f"{kind}/{f.get('format', 'default')}", value, pos


def _blank(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row's cells are all missing (column by column, until no row is left)."""
    blank = np.ones(len(frame), dtype=bool)
    for c in frame.columns:
        if c != "__line__":
            blank &= frame[c].isna().to_numpy(dtype=bool)
            if not blank.any():
                break
    return blank


def type_errors(pkg: Package, name: str, frame: pd.DataFrame) -> Iterator[Problem]:
    """Cells of the table that are not in their field's type as written (a blank row has none: a
    missing cell is of every type)."""
    res = pkg.resources[name]
    lines = frame["__line__"]
    numbers = (lambda column: pkg.numbers(name, column)) if frame is pkg.table(name) else None
    for idx, col, kind, value, pos in _type_errors(frame, res, numbers):
        yield emit(library_rule("frictionless", "type-error"), res.path, int(lines[idx]), col,
                   f'Type error in the cell "{value}" in row "{int(lines[idx])}" and field "{col}" at position "{pos}": type is "{kind}"')


class _Codes:
    """Each text column of the tables as dictionary codes, computed once: its distinct texts, and
    each row's code among them (-1: missing). A column is read by several keys (a report's id by
    the primary key and by each foreign key into reports and projects)."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self._codes: dict[tuple[str, str], tuple[Any, np.ndarray]] = {}

    def __call__(self, table: str, column: str) -> tuple[Any, np.ndarray]:
        key = (table, column)
        if key not in self._codes:
            self._codes[key] = fieldtypes.text_codes(self.pkg.table(table)[column])
        return self._codes[key]

    def known(self, table: str, column: str) -> bool:
        return (table, column) in self._codes

    def forget(self, table: str) -> None:
        """Drop the codes of a table's columns (computed again should another table refer to them)."""
        for key in [k for k in self._codes if k[0] == table]:
            del self._codes[key]


def _first_seen(codes: np.ndarray) -> np.ndarray:
    """For codes numbered in the order they first occur (pd.factorize), whether each row's code
    occurred in an earlier row (DataFrame.duplicated(keep="first"))."""
    seen = np.maximum.accumulate(codes) if len(codes) else codes
    return codes <= np.concatenate(([-1], seen[:-1]))


def _radix(columns: list[np.ndarray], widths: list[int]) -> np.ndarray:
    """The columns' codes (each -1 or more, below its width - 1) as one integer per row, in mixed radix."""
    ids = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    for codes, width in zip(columns, widths, strict=True):
        ids *= width
        ids += codes
        ids += 1
    return ids


def _tuples(columns: list[np.ndarray]) -> tuple[np.ndarray, int]:
    """One integer per distinct tuple of the columns' codes (a missing cell, -1, a value of its own),
    and a bound of them: the codes in mixed radix (renumbered should the product overflow)."""
    ids = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    size = 1  # ids are below it
    for codes in columns:
        width = int(codes.max(initial=-1)) + 2
        if size * width >= 1 << 62:
            ids = pd.factorize(ids)[0]
            size = int(ids.max(initial=0)) + 1
        ids *= width
        ids += codes
        ids += 1
        size *= width
    return ids, size


def _repeated(ids: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(whether each row's tuple occurred in an earlier row, each row's tuple numbered in the order
    they first occur), or None when no tuple occurs twice (counted at once when the ids are few)."""
    if size <= 4 * len(ids) + 1024 and (not len(ids) or np.bincount(ids, minlength=1).max() <= 1):
        return None
    groups = pd.factorize(ids)[0]
    dup = _first_seen(groups)
    return (dup, groups) if dup.any() else None


def _number_codes(values: np.ndarray) -> np.ndarray:
    """Codes of numbers (float64; NaN: missing, -1) equal exactly when the numbers are: the whole
    numbers themselves when every one is whole and near the others (line numbers, years), else
    numbered by pandas (0.0 and -0.0 are one number either way)."""
    present = ~np.isnan(values)
    numbers = values if present.all() else values[present]
    if not len(numbers):
        return np.full(len(values), -1, dtype=np.int64)
    low, high = float(numbers.min()), float(numbers.max())
    if high - low < 1 << 31 and max(abs(low), abs(high)) < 1 << 52 and bool((numbers == np.floor(numbers)).all()):
        out = np.full(len(values), -1, dtype=np.int64)
        out[present] = (numbers - low).astype(np.int64)
        return out
    return pd.factorize(values)[0]


def _key_codes(pkg: Package, name: str, res: Resource, fields: list[str], texts: _Codes) -> list[np.ndarray]:
    """The key columns' codes as frictionless compares them: integers and numbers by value (a cell
    that does not parse counts as missing, -1), text as is."""
    out = []
    for f in fields:
        kind = fieldtypes.kind(res.field(f))
        if kind in ("integer", "year", "number"):
            out.append(_number_codes(pkg.numbers(name, f).to_numpy()))
        else:
            out.append(texts(name, f)[1])
    return out


def _matched(pkg: Package, name: str, fields: list[str], ref_name: str, ref_fields: list[str], texts: _Codes) -> tuple[np.ndarray, np.ndarray]:
    """(present, found): whether each row's cells of fields are all present, and whether they are, as
    texts, those of some row of ref_name in ref_fields (each of its cells present): each cell's
    text looked up among the referred column's distinct texts, the rows then as tuples of those codes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not set(ref_fields) <= set(pkg.table(ref_name).columns):  # the lookup table lacks a referred field:
        present = np.logical_and.reduce([texts(name, a)[1] >= 0 for a in fields])  # no row of it holds the values (frictionless's verdict)
        return present, np.zeros(len(present), dtype=bool)
    if len(fields) == 1 and not texts.known(name, fields[0]):  # a column no other key reads: looked up as it is
        column = pa.array(pkg.table(name)[fields[0]], from_pandas=True)
        present = np.asarray(column.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        if not present.any():
            return present, present
        found = pc.is_in(column.cast(pa.large_string()), value_set=texts(ref_name, ref_fields[0])[0].cast(pa.large_string()))
        return present, np.asarray(pc.fill_null(found, False).to_numpy(zero_copy_only=False), dtype=bool)
    own = [texts(name, a) for a in fields]
    present = np.logical_and.reduce([codes >= 0 for _, codes in own])
    if not present.any():
        return present, present
    mapped, target = [], []
    for (distinct, codes), b in zip(own, ref_fields[:1] if len(fields) == 1 else ref_fields, strict=True):
        ref_distinct, ref_codes = texts(ref_name, b)
        where = pc.index_in(distinct.cast(pa.large_string()), value_set=ref_distinct.cast(pa.large_string()))
        mapped.append(np.append(np.asarray(pc.fill_null(where, -1).to_numpy(zero_copy_only=False), dtype=np.int64), -1)[codes])
        target.append(ref_codes)
    known = present & np.logical_and.reduce([m >= 0 for m in mapped])
    if len(fields) == 1:
        return present, known
    ref_rows = np.flatnonzero(np.logical_and.reduce([t >= 0 for t in target]))
    widths = [len(texts(ref_name, b)[0]) + 1 for b in ref_fields]
    if math.prod(widths) < 1 << 62:  # the rows as tuples of the referred columns' codes (a row with a text not referred to: a code of none)
        return present, known & np.isin(_radix(mapped, widths), _radix([t[ref_rows] for t in target], widths))
    rows = np.flatnonzero(known)
    ids, _ = _tuples([np.concatenate((m[rows], t[ref_rows])) for m, t in zip(mapped, target, strict=True)])
    found = np.zeros(len(present), dtype=bool)
    found[rows] = np.isin(ids[:len(rows)], ids[len(rows):])
    return present, found


def check_table(pkg: Package, name: str, readable: list[str], texts: _Codes | None = None) -> Iterator[Problem]:
    res = pkg.resources[name]
    frame = pkg.table(name)
    lines = frame["__line__"].to_numpy()
    file = res.path
    texts = texts or _Codes(pkg)

    def problem(at: int, kind: str, column: str | None, message: str) -> Problem:
        """The problem of a frictionless error type (the same rule as frictionless's own report)."""
        return emit(library_rule("frictionless", kind), file, int(lines[at]), column, message)

    for at in np.flatnonzero(_blank(frame)).tolist():
        yield problem(at, "blank-row", None, f'Row at position "{int(lines[at])}" is completely blank')
    # a blank row's cells are all missing: no unique or foreign-key check meets them
    yield from type_errors(pkg, name, frame)
    pk = res.primary_key
    if pk:
        key = _key_codes(pkg, name, res, pk, texts)
        empty = np.logical_and.reduce([k < 0 for k in key])
        for at in np.flatnonzero(empty).tolist():
            yield problem(at, "primary-key", None, f'Row at position "{int(lines[at])}" violates the primary key: cells composing the primary keys '
                          'are all "None"')
        rows = np.flatnonzero(~empty)
        repeated = _repeated(*_tuples([k[rows] for k in key] if empty.any() else key))
        if repeated is not None:
            dup, groups = repeated
            first = rows[np.flatnonzero(~dup)]  # the first row of each group, by group
            for at, group in zip(rows[dup].tolist(), groups[dup].tolist(), strict=True):
                yield problem(at, "primary-key", None, f'Row at position "{int(lines[at])}" violates the primary key: the same as in the row at position '
                              f'{int(lines[first[group]])}')
    for f in res.fields:
        if not f.get("constraints", {}).get("unique") or f["name"] in pk or [f["name"]] == pk:
            continue
        codes = _key_codes(pkg, name, res, [f["name"]], texts)[0]
        rows = np.flatnonzero(codes >= 0)
        repeated = _repeated(*_tuples([codes[rows]]))
        for at in rows[repeated[0]].tolist() if repeated is not None else []:
            yield problem(at, "unique-error", f["name"], f'Row at position "{int(lines[at])}" has unique constraint violation in field "{f["name"]}"')
    for fk in res.schema.get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else list(fk["fields"])
        ref = fk["reference"]
        ref_name = ref.get("resource") or name
        ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else list(ref["fields"])
        if ref_name not in readable or not set(fields) <= set(frame.columns):
            continue  # a key on a field the table lacks: the schema's own finding (safety), no rows to check
        present, found = _matched(pkg, name, fields, ref_name, ref_fields, texts)
        missing = np.flatnonzero(present & ~found)
        if not len(missing):
            continue
        cells = [frame[c].iloc[missing].tolist() for c in fields]
        for i, at in enumerate(missing.tolist()):
            shown = ", ".join(str(cell[i]) for cell in cells)
            yield problem(at, "foreign-key", ", ".join(fields),
                          f'Row at position "{int(lines[at])}" violates the foreign key: for "{", ".join(fields)}": values "{shown}" not found in the '
                          f'lookup table "{ref.get("resource", "")}" as "{", ".join(ref_fields)}"')


def check_rows(pkg: Package, readable: list[str]) -> Iterator[Problem]:
    texts = _Codes(pkg)
    for name in readable:
        yield from check_table(pkg, name, readable, texts)
        texts.forget(name)  # a table's codes are let go once it is checked (those of a table referred to later are computed then)
