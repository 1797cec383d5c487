"""gate/columns.py: the rules layer's column helpers give what the pandas way gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from xinfang.gate.columns import CELL_BY_CELL, codes, codes_as, encoded, flagged, maybe_not_collapsed, rows_at
from xinfang.package import TEXT_DTYPE, records


def _chunked(values: list[str | None], dtype: object = TEXT_DTYPE, chunk: int = 3) -> pd.Series:
    """A text column in several Arrow chunks, as pyarrow's CSV reader gives a large table."""
    arr = pa.chunked_array([pa.array(values[i:i + chunk], type=pa.large_string()) for i in range(0, len(values), chunk)])
    return pd.Series(pd.array(arr, dtype=dtype))


@pytest.mark.parametrize("dtype", [TEXT_DTYPE, pd.StringDtype("pyarrow"), pd.StringDtype("python"), object])
def test_rows_at_gives_the_rows_records_gives(dtype: object) -> None:
    n = 3 * CELL_BY_CELL
    texts = [None if i % 7 == 0 else f"t{i}" for i in range(n)]
    frame = pd.DataFrame({"__line__": range(2, n + 2), "a": _chunked(texts, chunk=50) if dtype is TEXT_DTYPE else pd.Series(texts, dtype=dtype),
                          "b": np.arange(n, dtype=float)})
    for positions in ([], [0], [7, 3, 700], list(range(0, n, 2))):  # none, a few (cell by cell), unordered, many (the pandas way)
        got, want = rows_at(frame, positions), records(frame.iloc[positions])
        assert repr(got) == repr(want)
        assert [[type(v) for v in r.values()] for r in got] == [[type(v) for v in r.values()] for r in want]
    mask = pd.Series([i % 5 == 1 for i in range(n)])
    assert repr(flagged(frame, mask)) == repr(records(frame[mask]))


def test_codes_count_a_missing_cell_as_empty_text() -> None:
    column = _chunked(["a", None, "b", "a", None])
    ids, n = codes(column)
    assert ids[0] == ids[3] and ids[1] == ids[4] and len({ids[0], ids[1], ids[2]}) == 3 and ids.max() < n
    with_empty = pd.Series(["", None, "x"], dtype="str")
    ids, n = codes(with_empty)
    assert ids[0] == ids[1] != ids[2] and n == 2


def test_codes_as_codes_one_column_by_another() -> None:
    frame_col = _chunked(["r1", "r2", None, "r1"])
    known = _chunked(["r2", "r9", None, "r1"])
    mine, _ = codes(frame_col)
    theirs = codes_as(known, frame_col)
    assert theirs[0] == mine[1] and theirs[1] == -1 and theirs[2] == mine[2] and theirs[3] == mine[0]
    no_missing = _chunked(["r1", "r2"])  # a missing known cell matches no row of a column without missing cells
    assert codes_as(_chunked([None]), no_missing)[0] not in set(codes(no_missing)[0])


def test_an_encoding_is_remembered_only_for_its_own_column() -> None:
    a, b = _chunked(["x", "y", "x"]), _chunked(["y", "y", "z"])
    assert encoded(a) is encoded(a)
    assert encoded(b).dictionary.to_pylist() == ["y", "z"]
    assert encoded(a).dictionary.to_pylist() == ["x", "y"]
    assert maybe_not_collapsed(_chunked(["a  b", "a b", None, " a", "a\tb"])).tolist() == [True, False, False, True, True]


def test_the_texts_that_may_not_be_collapsed_are_found_in_their_bytes_as_by_the_pattern() -> None:
    """maybe_not_collapsed reads the UTF-8 bytes: the same cells as the pattern on each text,
    whatever the text's place in its chunk (first, inside, last), its white space and the
    characters whose bytes resemble white space (“ ” 、 。 …)."""
    import random

    import pyarrow.compute as pc

    from xinfang.quotes import MAYBE_NOT_COLLAPSED, SPACE_CHARS

    BLOCK = 64
    rng = random.Random(7)
    pieces = ["a", "数", " ", "  ", "\x00", "“", "”", "、", "。", "\u2030", "\u205e", "\u1681", "\u3001", "\xa1", "é", *SPACE_CHARS]
    texts = [None if rng.random() < 0.05 else "".join(rng.choice(pieces) if rng.random() < 0.1 else "x" for _ in range(rng.randrange(0, 6)))
             for _ in range(5 * BLOCK + 3)]
    column = _chunked(texts, chunk=BLOCK - 5)
    want = np.asarray(pc.match_substring_regex(pa.array(texts, pa.large_string()), MAYBE_NOT_COLLAPSED).fill_null(False), dtype=bool)
    assert want.any() and (~want).any()
    assert maybe_not_collapsed(column).tolist() == want.tolist()


def test_is_in_and_contains_give_what_pandas_gives_encoded_or_not() -> None:
    from xinfang.gate.columns import contains, is_in

    texts = ["a/b", "每日一次", None, "statement 3", "x\x00y", "", "a.b", "(a)"]
    for column in (_chunked(texts), pd.Series(texts, dtype=object)):
        for literal in ("/", "每", "statement ", "\x00", ".", "(a)", "a"):
            assert contains(column, literal).tolist() == [isinstance(t, str) and literal in t for t in texts]
        want = [t in ("a/b", "", "(a)") for t in texts]
        assert is_in(column, ["a/b", "", "(a)"]).tolist() == want
        encoded(column)  # the rules have encoded it: the same answer from its dictionary
        assert is_in(column, ["a/b", "", "(a)"]).tolist() == want


def test_first_bytes_are_read_from_the_buffers() -> None:
    from xinfang.gate.columns import first_bytes

    texts = ["+1", None, "", "2", "数", "-3"]
    for column in (_chunked(texts, chunk=2), pd.Series(texts, dtype=object)):
        assert first_bytes(column).tolist() == [ord("+"), -1, -1, ord("2"), "数".encode()[0], ord("-")]
