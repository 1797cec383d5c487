"""Table Schema field types: one definition of each type the schemas use.

Per type: its lexical form (what a cell's text must be, checked column-wise by pyarrow), its value
as a float (vectorised, for the gate's comparisons), as an exact Decimal (for the exports and
exact arithmetic), its pandas dtype (the typed frames of the rules layer), and its type in each
export (Parquet/Arrow, DuckDB, SQLite). The structure layer's type errors, the rules layer's
typed columns, the identities' numbers and the release exports all read them from here.

The lexical forms are the Table Schema's own, as written in a cell: a number or integer has no
thousands separators, units, white space or other digits than 0-9 ("1,284", " 12", "１２", "NaN"
and "1_000" are not numbers, although Python's float() and Decimal() read some of them); a date
is YYYY-MM-DD and a real day; a boolean is one of its field's trueValues or falseValues.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas and pyarrow are imported by the functions that use them
    import numpy as np
    import pandas as pd

# the lexical forms (RE2 and re alike)
NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
INTEGER = r"[+-]?[0-9]+"
DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

# Table Schema's default spellings of a boolean (a field may set its own trueValues/falseValues)
DEFAULT_TRUE_VALUES = ("true", "True", "TRUE", "1")
DEFAULT_FALSE_VALUES = ("false", "False", "FALSE", "0")

_NUMBER_RE = re.compile(NUMBER)
_INTEGER_RE = re.compile(INTEGER)
_DATE_RE = re.compile(DATE)


@dataclass(frozen=True)
class FieldType:
    """One Table Schema type: its lexical form and its type in pandas and in each export."""

    name: str
    lexical: str | None  # the pattern a cell's whole text matches (None: any text, or the field's boolean values)
    numeric: bool  # read as a number (float, Decimal)
    pandas: str  # the dtype of its typed column (rules layer)
    parquet: str  # as the data dictionary names it
    duckdb: str
    sqlite: str


TYPES: dict[str, FieldType] = {
    "string": FieldType("string", None, False, "str", "string", "VARCHAR", "TEXT"),
    "integer": FieldType("integer", INTEGER, True, "Int64", "int64", "BIGINT", "INTEGER"),
    "number": FieldType("number", NUMBER, True, "Float64", "decimal128(p, s)", "DECIMAL(p, s)", "TEXT (as printed)"),
    "boolean": FieldType("boolean", None, False, "boolean", "bool", "BOOLEAN", "INTEGER 0/1"),
    "date": FieldType("date", DATE, False, "str", "date32", "DATE", "TEXT (YYYY-MM-DD)"),
    "year": FieldType("year", INTEGER, True, "Int64", "int32", "INTEGER", "INTEGER"),
}
# any other type (any, time, object …): kept as the text written
OTHER = FieldType("other", None, False, "str", "string (as written)", "VARCHAR", "TEXT")
CHECKED_TYPES = ("number", "integer", "year", "boolean", "date")  # the types whose lexical form the structure layer checks


def of(field: dict[str, Any]) -> FieldType:
    """The type of a Table Schema field (string when it names none)."""
    return TYPES.get(str(field.get("type", "string")), OTHER)


def kind(field: dict[str, Any]) -> str:
    return str(field.get("type", "string"))


def boolean_values(field: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The texts a boolean field reads as true and as false."""
    return set(field.get("trueValues", DEFAULT_TRUE_VALUES)), set(field.get("falseValues", DEFAULT_FALSE_VALUES))


# ------------------------------------------------------------------ one cell

def is_number(text: Any, type_name: str = "number") -> bool:
    """Whether a cell's text is a number (or an integer, for "integer"/"year") as the schemas write one."""
    return isinstance(text, str) and (_NUMBER_RE if type_name == "number" else _INTEGER_RE).fullmatch(text) is not None


def to_float(text: Any, type_name: str = "number") -> float | None:
    """One cell's number as float (None: missing, or not a number of this type as written)."""
    return float(text) if is_number(text, type_name) else None


def to_decimal(text: Any, type_name: str = "number") -> Decimal | None:
    """One cell's number exactly, as printed ("97.80" keeps its scale); None when it is not one."""
    if not is_number(text, type_name):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - every text of the lexical form is a Decimal
        return None


def to_int(text: Any) -> int | None:
    """An integer (or year) cell as int; None when it is not one as written."""
    return int(text) if is_number(text, "integer") else None


def to_date(text: Any) -> dt.date | None:
    """A date cell (YYYY-MM-DD, a real day) as a date; None otherwise."""
    if not isinstance(text, str) or _DATE_RE.fullmatch(text) is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def to_bool(text: Any, field: dict[str, Any]) -> bool | None:
    """A boolean cell by its field's values (a text in both reads as true); None otherwise."""
    true, false = boolean_values(field)
    if text in true:
        return True
    if text in false:
        return False
    return None


def decimals(text: Any) -> int:
    """Number of printed decimals of a number written as text ("97.80" -> 2, "84" -> 0)."""
    if not isinstance(text, str) or "." not in text:
        return 0
    return len(text.rsplit(".", 1)[1].rstrip("%").strip())


def printed_decimals(dictionary: Any) -> np.ndarray:
    """decimals() of each text of an Arrow string array at once: the digits after its last ".", without a
    trailing % and blanks (the columnar form the identities use; the same results, one definition here)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = pc.cast(dictionary, pa.string())
    has_point = pc.fill_null(pc.match_substring(texts, "."), False)
    plain = pc.fill_null(pc.match_substring_regex(texts, r"^[+-]?[0-9]*\.[0-9]*(?:[eE][+-]?[0-9]+)?$"), False)  # ASCII, one point
    length = pc.utf8_length(texts).to_numpy(zero_copy_only=False)
    point = pc.find_substring(texts, ".").to_numpy(zero_copy_only=False)
    out = np.where(np.asarray(plain), length - point - 1, 0).astype(np.int64)
    other = np.flatnonzero(np.asarray(has_point) & ~np.asarray(plain))
    if len(other):
        names = texts.take(pa.array(other)).to_pylist()
        out[other] = [len(u.rsplit(".", 1)[1].rstrip("%").strip()) for u in names]
    return out


def half_unit(text: Any) -> float:
    """Half a unit of the last printed digit: the rounding a printed number may carry.

    A printed zero (0, 0.00, or 无 recorded as 0) means none, and carries no rounding.
    """
    try:
        if float(str(text)) == 0:
            return 0.0
    except ValueError:
        pass
    return 0.5 * 10 ** (-decimals(text))


def export_value(type_name: str, field: dict[str, Any], text: str) -> tuple[Any, Any, str | None]:
    """(Arrow value, SQLite value, None) of a present cell in the exports, or (None, None, what the
    cell is not) when it is not of its type. A number is exact (Decimal) in Arrow and DuckDB and
    the text as printed in SQLite; a date is text in SQLite; a boolean 1/0."""
    if type_name == "number":
        value = to_decimal(text)
        return (value, text, None) if value is not None else (None, None, "a finite number")
    if type_name in ("integer", "year"):
        whole = to_int(text)
        return (whole, whole, None) if whole is not None else (None, None, "an integer")
    if type_name == "boolean":
        flag = to_bool(text, field)
        if flag is None:
            true, false = boolean_values(field)
            return None, None, f"a boolean ({'/'.join(sorted(true | false))})"
        return flag, int(flag), None
    if type_name == "date":
        day = to_date(text)
        return (day, day.isoformat(), None) if day is not None else (None, None, "a date YYYY-MM-DD")
    return text, text, None


def arrow_type(type_name: str, precision: int = 18, scale: int = 0) -> Any:
    """The Arrow (Parquet) type of a column in the exports: a number is decimal128(precision, scale),
    sized by the exports from its printed values; any other type is text."""
    import pyarrow as pa

    if type_name == "number":
        return pa.decimal128(precision, scale)
    return {"integer": pa.int64(), "boolean": pa.bool_(), "date": pa.date32(), "year": pa.int32()}.get(type_name, pa.string())


# ------------------------------------------------------------------ columns (vectorised)

def _arrow_text(series: pd.Series) -> Any:
    import pyarrow as pa

    return pa.array(series.astype("str"), from_pandas=True)


def matches(series: pd.Series, pattern: str) -> np.ndarray:
    """Whether each text matches the pattern whole (RE2, linear time); missing: False."""
    import numpy as np
    import pyarrow.compute as pc

    ok = pc.match_substring_regex(_arrow_text(series), f"^(?:{pattern})$")
    return np.asarray(ok.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def text_codes(series: pd.Series) -> tuple[Any, np.ndarray]:
    """A text column's distinct texts (an Arrow array) and each cell's position among them (-1:
    missing), by pyarrow's dictionary encoding: the column-wise form of equality of texts."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    text = _arrow_text(series)
    enc = pc.dictionary_encode(text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text)
    return enc.dictionary, np.asarray(pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def floats(series: pd.Series, type_name: str = "number") -> pd.Series:
    """The numbers of a text column as float64: NaN where the cell is missing or is not a number
    of this type ("number"; "integer"/"year": integers) as written. Computed by pyarrow (regex,
    then cast) column-wise, once per distinct text (a column of codes, line numbers or counts
    repeats few texts)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    pattern = NUMBER if type_name == "number" else INTEGER
    distinct, codes = text_codes(series)
    ok = pc.match_substring_regex(distinct, f"^(?:{pattern})$")
    values = pc.cast(pc.if_else(ok, distinct, pa.scalar(None, distinct.type)), pa.float64())
    table = np.append(np.asarray(values.to_numpy(zero_copy_only=False), dtype="float64"), np.nan)  # the last: a missing cell
    return pd.Series(table[codes], index=series.index, dtype="float64", name=series.name, copy=False)


def valid(series: pd.Series, field: dict[str, Any], numbers: pd.Series | None = None) -> np.ndarray:
    """Per cell, whether its text is in its field's type as written; a missing cell is valid
    (required is a constraint), and so is every text of a string field or a type not checked.
    numbers: floats(series, its type), when already computed (a number field's)."""
    import numpy as np

    name = kind(field)
    present = series.notna().to_numpy()
    if name not in CHECKED_TYPES or not present.any():
        return np.ones(len(series), dtype=bool)
    if name in ("number", "integer", "year"):
        ok = ~np.isnan((floats(series, name) if numbers is None else numbers).to_numpy())
    elif name == "boolean":
        ok = in_set(series, sorted(set.union(*boolean_values(field))))
    else:  # date: the form, and a real day
        import pandas as pd

        ok = matches(series, DATE)
        if ok.any():
            days = pd.to_datetime(series[ok].astype("str"), format="%Y-%m-%d", errors="coerce")
            ok[ok] = days.notna().to_numpy()
    return ok | ~present


def booleans(series: pd.Series, field: dict[str, Any]) -> pd.Series:
    """A boolean column as pandas' boolean dtype: missing where the cell is missing or is none of
    the field's values (a text in both reads as true)."""
    import pandas as pd

    true, false = boolean_values(field)
    is_true, is_false = in_set(series, sorted(true)), in_set(series, sorted(false))
    return pd.Series(is_true, index=series.index, dtype="boolean", name=series.name).mask(~(is_true | is_false))


def in_set(series: pd.Series, allowed: Any) -> np.ndarray:
    """Whether each text is one of the allowed texts (pyarrow's is_in; missing: False)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pd.Series(allowed, dtype="str").dropna().unique()
    found = pc.is_in(_arrow_text(series), value_set=pa.array(values, type=pa.large_string(), from_pandas=True))
    return np.asarray(found.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def typed_column(series: pd.Series, field: dict[str, Any], numbers: pd.Series | None = None) -> pd.Series:
    """A text column in its field's pandas dtype (TYPES[...].pandas); a cell that is not of its type
    becomes missing (the structure layer reports it as a type error). numbers: floats(series, its
    type), when already computed (a number field's)."""
    name = kind(field)
    if name in ("number", "integer", "year"):
        return (floats(series, name) if numbers is None else numbers).astype(TYPES[name].pandas)  # type: ignore[call-overload]
    if name == "boolean":
        return booleans(series, field)
    if series.dtype == "str":
        return series  # read as text already (missing as missing)
    return series.astype("str").where(series.notna())
