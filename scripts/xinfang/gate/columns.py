"""Column-wise helpers of the rules layer: a table's text column as Arrow, its dictionary codes, and
the few rows a rule flags, taken without copying the table.

The tables are read by pyarrow into pandas columns backed by chunked Arrow arrays. Taking a few
rows from such a column the pandas way (``frame.iloc[rows]``) concatenates all its chunks first:
milliseconds per column of a national package, paid again by every rule that flags a row. Here a
few rows are read one cell at a time from their chunk; many rows go the pandas way.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..package import records
from ..quotes import SPACE_CHARS

# rows_at reads one cell at a time up to one row in this many of the table (a cell costs about as
# much as copying this many cells, which the pandas way does for every row)
CELL_BY_CELL = 256


def arrow_text(column: pd.Series) -> pa.ChunkedArray | pa.Array:
    """A text column as Arrow (its own array when it is Arrow-backed: no copy), missing as null."""
    if _arrow_backed(column):
        return column.array.__arrow_array__()
    return pa.array(column, type=pa.large_string(), from_pandas=True)


def encoded(column: pd.Series) -> pa.DictionaryArray:
    """The column's Arrow dictionary encoding (one array; a missing cell as null), computed once
    per column of a table (several rules group, match or look up the same ids and codes): each
    text is hashed once, and the work on the distinct texts is done on the dictionary."""
    return _remembered("encoded", column, _encode)


def maybe_not_collapsed(column: pd.Series) -> np.ndarray:
    """Per cell, whether its text may not be stored collapsed (what quotes.MAYBE_NOT_COLLAPSED
    matches: a white space character other than the space, two spaces, a space at an end; a missing
    cell: no), computed once per column (the quotes rules read it). Found in the UTF-8 bytes of the
    column's Arrow buffers by numpy: the bytes that may begin a white space character (from
    quotes.SPACE_CHARS), then the characters they begin, then the cells they are in."""
    return _remembered("maybe_not_collapsed", column, _maybe_not_collapsed)  # type: ignore[no-any-return]


# the white space characters but the space as UTF-8, by length: a byte, or a lead byte and the rest
_SPACES = sorted({c.encode("utf-8") for c in SPACE_CHARS if c != " "})
_SINGLE = np.array([s[0] for s in _SPACES if len(s) == 1], dtype=np.uint8)
_LONGER = {n: (np.array(sorted({s[0] for s in _SPACES if len(s) == n}), dtype=np.uint8),
               np.array(sorted(int.from_bytes(s, "big") for s in _SPACES if len(s) == n), dtype=np.int64))
           for n in sorted({len(s) for s in _SPACES if len(s) > 1})}
_SPACE = ord(" ")
_ASCII_BELOW = max([_SPACE, *_SINGLE.tolist()])  # every one-byte candidate is at most this byte
_LEAD_LOW = min([int(leads.min()) for leads, _ in _LONGER.values()], default=255)
_LEAD_HIGH = max([int(leads.max()) for leads, _ in _LONGER.values()], default=0)


def _maybe_not_collapsed(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    parts = [_chunk_maybe_not_collapsed(c if c.type == pa.large_string() else c.cast(pa.large_string())) for c in chunks]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _chunk_maybe_not_collapsed(arr: pa.Array) -> np.ndarray:
    n = len(arr)
    out = np.zeros(n, dtype=bool)
    if not n or arr.buffers()[2] is None:
        return out
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + n + 1]
    start, end = int(offsets[0]), int(offsets[-1])
    d = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[start:end]
    at = np.flatnonzero((d <= _ASCII_BELOW) | ((d >= _LEAD_LOW) & (d <= _LEAD_HIGH)))  # the bytes that may begin one
    b = d[at]
    hit = np.isin(b, _SINGLE)
    double = (b == _SPACE) & (at + 1 < len(d))
    hit[double] = d[at[double] + 1] == _SPACE  # two spaces (across two cells: the first ends with a space, a hit anyway)
    for length, (leads, keys) in _LONGER.items():
        lead = np.isin(b, leads) & (at + length <= len(d))
        pos = at[lead]
        key = np.zeros(len(pos), dtype=np.int64)
        for i in range(length):
            key = (key << 8) | d[pos + i]
        hit[lead] |= np.isin(key, keys)
    out[np.searchsorted(offsets, at[hit] + start, side="right") - 1] = True  # the cell each is in
    held = np.flatnonzero(offsets[1:] > offsets[:-1])
    out[held] |= (d[offsets[held] - start] == _SPACE) | (d[offsets[held + 1] - start - 1] == _SPACE)  # a space at an end
    return out


def is_in(column: pd.Series, values: Any) -> np.ndarray:
    """Whether each cell is one of the texts (a missing cell: no). On the column's encoding when
    the rules have made it (a lookup per distinct text), else on the cells."""
    value_set = pa.array(sorted({v for v in values if isinstance(v, str)}), type=pa.large_string())
    enc = _recalled("encoded", column)
    if enc is None:
        return true(pc.is_in(arrow_text(column), value_set=value_set))
    found = np.append(true(pc.is_in(enc.dictionary, value_set=value_set)), False)  # the last: a missing cell
    return found[np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)]


def first_bytes(column: pd.Series) -> np.ndarray:
    """Each cell's first byte (UTF-8), -1 for a missing or empty cell: read from the Arrow buffers."""
    arr = arrow_text(column)
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    out = np.full(len(arr), -1, dtype=np.int16)
    if not len(arr) or arr.buffers()[2] is None:
        return out
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    held = offsets[1:] > offsets[:-1]  # a missing cell holds nothing
    out[held] = data[offsets[:-1][held]]
    return out


def holds_nul(texts: pa.Array) -> bool:
    """Whether any of the texts holds a NUL (one scan of their bytes)."""
    if not len(texts):
        return False
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64 if pa.types.is_large_string(texts.type) else np.int32)[texts.offset:texts.offset + len(texts) + 1]
    data = np.frombuffer(texts.buffers()[2], dtype=np.uint8) if texts.buffers()[2] is not None else np.zeros(0, dtype=np.uint8)
    return bool((data[int(offsets[0]):int(offsets[-1])] == 0).any())


def missing(column: pd.Series) -> np.ndarray:
    """column.isna() as a numpy array (an Arrow column without a null: no cell looked at)."""
    if _arrow_backed(column) and arrow_text(column).null_count == 0:
        return np.zeros(len(column), dtype=bool)
    return np.asarray(column.isna().to_numpy(), dtype=bool)


def contains(column: pd.Series, literal: str) -> np.ndarray:
    """Whether each cell holds the literal text (a missing cell: no)."""
    return true(pc.match_substring(arrow_text(column), literal))


def true(result: Any) -> np.ndarray:
    """An Arrow boolean result as a numpy mask (null: false)."""
    return np.asarray(result.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _recalled(kind: str, column: pd.Series) -> Any:
    """What _remembered holds of the column, without computing it (None: nothing)."""
    if not _arrow_backed(column):
        return None
    values = arrow_text(column)
    hit = _REMEMBERED.get((kind, id(values)))
    return hit[1] if hit is not None and hit[0]() is values else None


def _remembered(kind: str, column: pd.Series, compute: Callable[[Any], Any]) -> Any:
    """compute(the column as Arrow), remembered for as long as the column's Arrow array lives."""
    values = arrow_text(column)
    if not _arrow_backed(column):  # a column converted afresh: nothing to remember it by
        return compute(values)
    key = (kind, id(values))
    hit = _REMEMBERED.get(key)
    if hit is not None and hit[0]() is values:
        return hit[1]
    result = compute(values)
    _REMEMBERED[key] = (weakref.ref(values), result)
    weakref.finalize(values, _REMEMBERED.pop, key, None)  # forgotten with the column
    return result


# what is computed of the columns of the tables read (Arrow arrays are immutable: a result is the
# same for as long as the array lives), by what and the array's id, with a reference that says it
# is still that array
_REMEMBERED: dict[tuple[str, int], tuple[weakref.ref[Any], Any]] = {}


def forget() -> None:
    """Drop what is remembered (the rules layer is done with its columns)."""
    _REMEMBERED.clear()


def _encode(values: pa.ChunkedArray | pa.Array) -> pa.DictionaryArray:
    enc = pc.dictionary_encode(values)
    if isinstance(enc, pa.ChunkedArray):
        enc = enc.combine_chunks() if enc.num_chunks else pa.DictionaryArray.from_arrays(pa.array([], pa.int32()), pa.array([], pa.large_string()))
    return enc


def codes(column: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of a text column, equal exactly when the texts are (a missing cell as ""),
    and how many distinct values there are."""
    enc = encoded(column)
    n = len(enc.dictionary)
    ids = np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    if enc.null_count:  # missing counts as "": the code of "" if some cell holds it, else a code of its own
        empty = _empty_code(enc)
        ids[ids < 0] = empty
        n = max(n, empty + 1)
    return ids, n


def _empty_code(enc: pa.DictionaryArray) -> int:
    """The code of "" (a missing cell's, in codes()): its index in the dictionary, else one past it."""
    at = pc.index(enc.dictionary, "").as_py()
    return at if at >= 0 else len(enc.dictionary)


def codes_as(column: pd.Series, other: pd.Series) -> np.ndarray:
    """Each cell's code in codes(other) (a missing cell as ""), or -1 for a text other never holds."""
    mine, theirs = encoded(column), encoded(other)
    empty = _empty_code(theirs)
    if mine is theirs:
        table = np.arange(len(mine.dictionary), dtype=np.int64)
    else:
        table = np.asarray(pc.index_in(mine.dictionary, value_set=theirs.dictionary).fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
        table[np.asarray(pc.equal(mine.dictionary, "").to_numpy(zero_copy_only=False), dtype=bool)] = empty
    table = np.append(table, empty)  # the last: a missing cell
    return table[np.asarray(mine.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)]


def rows_at(frame: pd.DataFrame, positions: Any) -> list[dict[str, Any]]:
    """The rows at these positions as dicts: the same as ``records(frame.iloc[positions])``."""
    at = np.asarray(positions, dtype=np.int64)
    if not len(at):
        return []
    if len(at) * CELL_BY_CELL > len(frame):
        return records(frame.iloc[at])
    names = [str(c) for c in frame.columns]
    data = [cells_at(column, at) for _, column in frame.items()]
    return [dict(zip(names, values, strict=True)) for values in zip(*data, strict=True)]


def flagged(frame: pd.DataFrame, mask: Any) -> list[dict[str, Any]]:
    """The rows of frame where mask (a boolean Series or array; missing as false) is true, as dicts."""
    values = mask.fillna(False).to_numpy(dtype=bool) if isinstance(mask, pd.Series) else np.asarray(mask, dtype=bool)
    return rows_at(frame, np.flatnonzero(values))


def _arrow_backed(column: pd.Series) -> bool:
    dtype = column.dtype
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def cells_at(column: pd.Series, at: np.ndarray) -> list[Any]:
    """column.iloc[at].tolist(): for a few positions of an Arrow-backed column, a cell at a time
    from its chunk (a missing cell as the column's missing value, as tolist gives it)."""
    if not _arrow_backed(column) or len(at) * CELL_BY_CELL > len(column):
        return column.iloc[at].tolist()
    arr = column.array.__arrow_array__()
    missing = getattr(column.dtype, "na_value", None)  # a text dtype's missing value (tolist gives it)
    values = [arr[i].as_py() for i in at.tolist()]
    return [missing if v is None else v for v in values]
