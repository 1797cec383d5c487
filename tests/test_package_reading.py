"""Reading tables: pyarrow and pandas give the same frame; numbers and lookups column-wise."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xinfang.package import Resource, _read_with_pandas, isin, load_package, parse_numbers, read_table_checked

ROOT = Path(__file__).resolve().parents[1]


def _resource(path: str, names: list[str]) -> Resource:
    return Resource("t", path, {"fields": [{"name": n, "type": "string"} for n in names], "missingValues": [""]})


def test_every_table_of_the_package_reads_the_same_with_pyarrow_and_pandas() -> None:
    pkg = load_package(ROOT)
    for name, res in pkg.resources.items():
        frame, clean = read_table_checked(ROOT, res)
        assert clean, name
        expected = _read_with_pandas(ROOT / res.path, res)
        pd.testing.assert_frame_equal(frame.drop(columns="__line__"), expected, check_dtype=True, obj=name)


def test_na_text_bom_quotes_and_blank_rows_survive(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes('\ufeffa,b\nNA,""\n"x, y",1\n\n3,\n'.encode())
    res = _resource("t.csv", ["a", "b"])
    frame, clean = read_table_checked(tmp_path, res)
    assert clean and list(frame.columns) == ["__line__", "a", "b"]
    assert frame["a"].tolist()[:2] == ["NA", "x, y"]  # a literal NA is text; missing is only ""
    assert frame["b"].isna().tolist() == [True, False, True, True]
    assert frame["a"].isna().tolist() == [False, False, True, False]  # the blank line is a row of missing cells
    assert frame["__line__"].tolist() == [2, 3, 4, 5]


def test_a_ragged_row_is_read_by_pandas_and_the_table_is_not_clean(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n3,4,5\n", encoding="utf-8")
    frame, clean = read_table_checked(tmp_path, _resource("t.csv", ["a", "b"]))
    assert not clean
    assert frame["a"].tolist() == ["1", "3"]


def test_only_some_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    frame, _ = read_table_checked(tmp_path, _resource("t.csv", ["a", "b", "c"]), columns=["c", "a"])
    assert list(frame.columns) == ["__line__", "a", "c"]


@pytest.mark.parametrize("kind,text,value", [
    ("number", "97.80", 97.8), ("number", "-49.46", -49.46), ("number", "1e3", 1000.0), ("number", ".5", 0.5),
    ("number", "1,284", None), ("number", "12万", None), ("number", " 1", None), ("number", "NA", None),
    ("integer", "007", 7.0), ("integer", "7.0", None), ("year", "2022", 2022.0),
])
def test_parse_numbers_reads_table_schema_numbers_only(kind: str, text: str, value: float | None) -> None:
    got = parse_numbers(pd.Series([text, None], dtype="str"), kind)
    assert got.isna().tolist()[1]
    assert (pd.isna(got[0]) if value is None else got[0] == value)


def test_isin_keeps_the_index_and_never_finds_a_missing_value() -> None:
    values = pd.Series(["a", None, "c", "b"], dtype="str", index=[10, 11, 12, 13])
    got = isin(values, pd.Series(["c", "a", None], dtype="str"))
    assert got.index.tolist() == [10, 11, 12, 13]
    assert got.tolist() == [True, False, True, False]
    assert isin(values, []).tolist() == [False] * 4


def test_records_are_the_rows_to_dict_gives() -> None:
    import math

    from xinfang.package import records

    pkg = load_package(ROOT, strict=False)
    for name in pkg.resources:
        frame = pkg.table(name)
        got, want = records(frame), frame.to_dict("records")
        assert len(got) == len(want)
        for a, b in zip(got, want, strict=True):
            assert list(a) == list(b)
            assert all(a[k] == b[k] or (isinstance(a[k], float) and isinstance(b[k], float) and math.isnan(a[k]) and math.isnan(b[k])) for k in a)


def test_tables_are_allocated_from_jemalloc_where_pyarrow_has_it() -> None:
    import pyarrow as pa

    from xinfang.package import use_table_memory_pool

    load_package(ROOT, strict=False)
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        want = pa.default_memory_pool().backend_name  # a build without it keeps its own
    else:
        want = "jemalloc"
    assert pa.default_memory_pool().backend_name == want
    assert use_table_memory_pool() == want
