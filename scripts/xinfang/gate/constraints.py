"""Field constraints of the Table Schemas, evaluated column-wise without pandera.

The rules layer reports the cells that break the checks pandera's frictionless reader generates
from a field's constraints (``pandera.io.from_frictionless_schema``): required (not nullable),
minimum and maximum (greater_than_or_equal_to, less_than_or_equal_to, both: in_range), minLength
and maxLength (str_length) and enum (isin). Here the same checks, in the same order, with the same
names and the same failure cases, are computed on the typed columns by numpy and pyarrow, so that
a run does not pay pandera's import (about a second) and per-table machinery. A constraint of a
kind or on a type this module does not evaluate returns None: the caller then uses pandera itself.
tests/test_gate_rules.py shows this engine, pandera's checks and ``DataFrameSchema.validate`` report
the same cells on fault corpora.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .. import fieldtypes
from ..package import Resource
from .columns import arrow_text, cells_at, is_in, missing

NUMERIC = ("number", "integer", "year")
# what the rules layer leaves to others: unique (structure), pattern (RE2, rules.check_patterns)
NOT_HERE = ("unique", "pattern")


def pandera_checks(field: dict[str, Any]) -> list[tuple[str, str, Any]] | None:
    """The checks pandera generates from the field's constraints, in its order, as (name, error
    text, arguments); None when one of them is not evaluated here."""
    constraints = {k: v for k, v in field.get("constraints", {}).items() if k not in NOT_HERE}
    checks: list[tuple[str, str, Any]] = []
    for name, low, high in (("in_range", "minimum", "maximum"), ("str_length", "minLength", "maxLength")):
        if low in constraints and high in constraints:
            lo, hi = constraints.pop(low), constraints.pop(high)
            checks.append((name, f"{name}({lo}, {hi})", (lo, hi)))
    for key, value in constraints.items():
        if key == "maximum":
            checks.append(("less_than_or_equal_to", f"less_than_or_equal_to({value})", value))
        elif key == "minimum":
            checks.append(("greater_than_or_equal_to", f"greater_than_or_equal_to({value})", value))
        elif key == "maxLength":
            checks.append(("str_length", f"str_length(None, {value})", (None, value)))
        elif key == "minLength":
            checks.append(("str_length", f"str_length({value}, None)", (value, None)))
        elif key == "enum":
            checks.append(("isin", f"isin({value})", value))
    kind = fieldtypes.kind(field)
    for name, _, args in checks:
        if name in ("in_range", "less_than_or_equal_to", "greater_than_or_equal_to"):
            bounds = args if isinstance(args, tuple) else (args,)
            if kind not in NUMERIC or not all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds):
                return None
        elif name == "str_length":
            if kind != "string" or not all(b is None or (isinstance(b, int) and not isinstance(b, bool)) for b in args):
                return None
        elif name == "isin" and (kind != "string" or not isinstance(args, list) or not all(isinstance(v, str) for v in args)):
            return None
    return checks


def _passes(name: str, args: Any, values: pd.Series) -> np.ndarray:
    """Whether each present value passes the check (values: the present cells of a typed column)."""
    if name in ("in_range", "less_than_or_equal_to", "greater_than_or_equal_to"):
        x = values.to_numpy(dtype="float64")
        if name == "in_range":
            return (args[0] <= x) & (args[1] >= x)
        return x <= args if name == "less_than_or_equal_to" else x >= args
    if name == "str_length":
        import pyarrow as pa
        import pyarrow.compute as pc

        n = pc.utf8_length(pa.array(values.astype("str"), from_pandas=True)).to_numpy(zero_copy_only=False)
        lo, hi = args
        return (n >= (lo if lo is not None else 0)) & (n <= (hi if hi is not None else np.iinfo(np.int64).max))
    if name == "isin":
        return fieldtypes.in_set(values, args)
    raise ValueError(name)  # pragma: no cover - pandera_checks returns only the names above


def failure_cases(resource: Resource, data: pd.DataFrame) -> list[dict[str, Any]] | None:
    """The cells of data (typed: rules.typed) that break the checks of their fields' constraints,
    as pandera's column checks report them: (index, column, check, failure_case) in field order,
    a field's missing required cells first, then each check's failures in row order. None when a
    field has a constraint evaluated only by pandera."""
    out: list[dict[str, Any]] = []
    for f in resource.fields:
        name = f["name"]
        if name not in data.columns:
            continue
        checks = pandera_checks(f)
        if checks is None:
            return None
        values = data[name]
        missing = values.isna().to_numpy()
        if f.get("constraints", {}).get("required", False):
            out.extend({"index": idx, "column": name, "check": "not_nullable", "failure_case": None} for idx in values.index[missing].tolist())
        present = values[~missing]
        if present.empty:
            continue
        for check, error, args in checks:
            bad = present[~_passes(check, args, present)]
            out.extend({"index": idx, "column": name, "check": error, "failure_case": v}
                       for idx, v in zip(bad.index.tolist(), bad.tolist(), strict=True))
    return out


INT64_SAFE = 2.0 ** 62  # an integer column's numbers below this in magnitude are typed Int64 exactly (int(x))


def text_failure_cases(resource: Resource, frame: pd.DataFrame, columns: list[str],
                       numbers: Callable[[str], pd.Series]) -> list[dict[str, Any]] | None:
    """failure_cases of these columns computed from the table as read (its text, and the numbers
    of its number fields: numbers(column), the package's cache) without typing whole columns:
    the cases check_constraints reports, in the same order, with the same failure cases. A
    required field's missing cells are its not_nullable cases (a cell that is present but not of
    its type is typed missing too, but is the structure layer's type error, never reported here).
    None when failure_cases must be used: a constraint evaluated only by pandera, or an integer
    column whose typing (Int64) would fail, so that it fails the same way."""
    out: list[dict[str, Any]] = []
    for f in resource.fields:
        name = f["name"]
        if name not in columns or name not in frame.columns:
            continue
        checks = pandera_checks(f)
        if checks is None:
            return None
        raw = frame[name]
        index = raw.index
        if f.get("constraints", {}).get("required", False):
            out.extend({"index": idx, "column": name, "check": "not_nullable", "failure_case": None}
                       for idx in index[missing(raw)].tolist())
        if not checks:
            continue
        kind = fieldtypes.kind(f)
        if kind in NUMERIC:
            x = numbers(name).to_numpy(dtype="float64")
            present = ~np.isnan(x)
            if kind != "number" and not (np.abs(x[present]) < INT64_SAFE).all():
                return None
            value: Callable[[float], Any] = float if kind == "number" else int  # what the typed column (Float64, Int64) holds
            for check, error, args in checks:
                at = np.flatnonzero(present & ~_passes_all(check, args, x))
                out.extend({"index": idx, "column": name, "check": error, "failure_case": value(v)}
                           for idx, v in zip(index[at].tolist(), x[at].tolist(), strict=True))
            continue
        values = fieldtypes.typed_column(raw, f)  # text as read
        present = ~missing(values)
        for check, error, args in checks:
            at = np.flatnonzero(present & ~_passes_all(check, args, values))
            out.extend({"index": idx, "column": name, "check": error, "failure_case": v}
                       for idx, v in zip(index[at].tolist(), cells_at(values, at), strict=True))
    return out


def _passes_all(name: str, args: Any, values: Any) -> np.ndarray:
    """_passes on every cell of a column (numbers as floats, NaN where missing; or text): the
    result for a missing cell is not used."""
    if name in ("in_range", "less_than_or_equal_to", "greater_than_or_equal_to"):
        with np.errstate(invalid="ignore"):
            return _passes(name, args, pd.Series(values))
    if name == "str_length":
        import pyarrow.compute as pc

        n = np.asarray(pc.utf8_length(arrow_text(values)).fill_null(0).to_numpy(zero_copy_only=False))
        lo, hi = args
        return (n >= (lo if lo is not None else 0)) & (n <= (hi if hi is not None else np.iinfo(np.int64).max))
    if name == "isin":
        return is_in(values, args)  # on the column's encoding, when the rules have made it
    return _passes(name, args, values)
