"""Row-level structure checks, vectorised and generated from the Table Schemas.

What frictionless checks row by row — cell types, primary keys, unique fields, foreign keys,
blank rows — computed column-wise with pandas over the tables the gate has already read, so a
national package (1.5 million rows) is checked in seconds instead of minutes. Nothing is declared
here: types, keys and references come from each resource's Table Schema. Errors carry the same
file, line, column, rule id and message wording as frictionless's.

Only for well-formed tables: when a table's header differs from its schema or a row has the wrong
number of cells, the structure layer hands the package to frictionless instead (see
structure.check_structure). tests/test_structure_equivalence.py shows both report the same
(file, line, column, rule) on a corpus of faults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from .. import fieldtypes
from ..package import Package, Resource, isin
from ..problems import Problem
from .catalogue import emit, library_rule


def well_formed(pkg: Package, name: str) -> bool:
    """Header equals the schema's field names and every row has as many cells as the header
    (the table was read cleanly: see Package.read_cleanly)."""
    return pkg.read_cleanly(name) and [c for c in pkg.table(name).columns if c != "__line__"] == pkg.resources[name].field_names


def _typed_key(frame: pd.DataFrame, res: Resource, fields: list[str]) -> pd.DataFrame:
    """Key columns as frictionless compares them: integers and numbers by value, text as is."""
    out = pd.DataFrame(index=frame.index)
    for name in fields:
        kind = fieldtypes.kind(res.field(name))
        col = frame[name]
        if kind in ("integer", "year", "number"):
            out[name] = fieldtypes.floats(col, kind)  # a cell that does not parse counts as missing
        else:
            out[name] = col
    return out


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


def _blank(frame: pd.DataFrame) -> pd.Series:
    cols = [frame[c].isna().to_numpy() for c in frame.columns if c != "__line__"]
    return pd.Series(np.logical_and.reduce(cols) if cols else np.ones(len(frame), dtype=bool), index=frame.index)


def type_errors(pkg: Package, name: str, frame: pd.DataFrame) -> Iterator[Problem]:
    """Cells of the table that are not in their field's type as written (a blank row has none: a
    missing cell is of every type)."""
    res = pkg.resources[name]
    lines = frame["__line__"]
    numbers = (lambda column: pkg.numbers(name, column)) if frame is pkg.table(name) else None
    for idx, col, kind, value, pos in _type_errors(frame, res, numbers):
        yield emit(library_rule("frictionless", "type-error"), res.path, int(lines[idx]), col,
                   f'Type error in the cell "{value}" in row "{int(lines[idx])}" and field "{col}" at position "{pos}": type is "{kind}"')


def _rows_in(values: pd.DataFrame, fields: list[str], target: pd.DataFrame, ref_fields: list[str]) -> np.ndarray:
    """Whether each row's cells (none missing) are, as texts, those of some row of target in ref_fields
    (the rows as tuples, each field's texts coded in one code space for both sides by arrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = np.zeros(len(values) + len(target), dtype=np.int64)
    for a, b in zip(fields, ref_fields, strict=True):
        sides = [pa.array(values[a].astype("str"), type=pa.string(), from_pandas=True), pa.array(target[b].astype("str"), type=pa.string(), from_pandas=True)]
        both = pa.chunked_array([chunk for side in sides for chunk in (side.chunks if isinstance(side, pa.ChunkedArray) else [side])], type=pa.string())
        enc = pc.dictionary_encode(both).combine_chunks()
        ids = pd.factorize(ids * max(len(enc.dictionary), 1) + np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64))[0]
    return np.isin(ids[:len(values)], ids[len(values):])


def check_table(pkg: Package, name: str, readable: list[str]) -> Iterator[Problem]:
    res = pkg.resources[name]
    frame = pkg.table(name)
    lines = frame["__line__"]
    file = res.path

    def problem(idx: Any, kind: str, column: str | None, message: str) -> Problem:
        """The problem of a frictionless error type (the same rule as frictionless's own report)."""
        return emit(library_rule("frictionless", kind), file, int(lines[idx]), column, message)

    blank = _blank(frame)
    for idx in frame.index[blank]:
        yield problem(idx, "blank-row", None, f'Row at position "{int(lines[idx])}" is completely blank')
    rows = frame  # a blank row's cells are all missing: no unique or foreign-key check meets them
    yield from type_errors(pkg, name, frame)
    pk = res.primary_key
    if pk:
        key = _typed_key(frame, res, pk)
        empty = key.isna().all(axis=1)
        for idx in key.index[empty]:
            yield problem(idx, "primary-key", None, f'Row at position "{int(lines[idx])}" violates the primary key: cells composing the primary keys '
                          'are all "None"')
        k = key[~empty]
        dup = k.duplicated(keep="first")
        if dup.any():
            gid = k.groupby(pk, dropna=False, sort=False).ngroup()
            first = pd.Series(lines.loc[k.index].to_numpy(), index=k.index).groupby(gid).transform("first")
            for idx in k.index[dup]:
                first_line = first.loc[idx]
                yield problem(idx, "primary-key", None, f'Row at position "{int(lines[idx])}" violates the primary key: the same as in the row at position '
                              f'{int(first_line)}')
    for f in res.fields:
        if not f.get("constraints", {}).get("unique") or f["name"] in pk or [f["name"]] == pk:
            continue
        col = _typed_key(rows, res, [f["name"]])[f["name"]].dropna()
        for idx in col.index[col.duplicated(keep="first")]:
            yield problem(idx, "unique-error", f["name"], f'Row at position "{int(lines[idx])}" has unique constraint violation in field "{f["name"]}"')
    for fk in res.schema.get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else list(fk["fields"])
        ref = fk["reference"]
        ref_name = ref.get("resource") or name
        ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else list(ref["fields"])
        if ref_name not in readable:
            continue
        target = pkg.table(ref_name)
        local = rows[fields]
        present = local.notna().all(axis=1)
        if not present.any():
            continue
        values = local[present]
        if len(fields) == 1:
            missing = ~isin(values[fields[0]], target[ref_fields[0]])
        else:
            missing = pd.Series(~_rows_in(values, fields, target[ref_fields].dropna(), ref_fields), index=values.index)
        for idx in values.index[missing]:
            shown = ", ".join(str(values.loc[idx, c]) for c in fields)
            yield problem(idx, "foreign-key", ", ".join(fields),
                          f'Row at position "{int(lines[idx])}" violates the foreign key: for "{", ".join(fields)}": values "{shown}" not found in the '
                          f'lookup table "{ref.get("resource", "")}" as "{", ".join(ref_fields)}"')


def check_rows(pkg: Package, readable: list[str]) -> Iterator[Problem]:
    for name in readable:
        yield from check_table(pkg, name, readable)
