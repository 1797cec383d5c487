"""A new fact table is its schema, its descriptor entry and its CSV: no code changes.

An existing fact table is copied under a new name in a scratch package (schema, descriptor entry,
data); the gate must check the copy's keys, personal data, quotes and figures exactly as it checks
the original, and the exports, the data dictionary and the diff must carry it. Which table is
copied is chosen from the package's own roles (the first table with a quote and figures), so the
test follows the data rather than naming a table's size or content.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from conftest import ROOT, copy_package, errors, gate, needs_sources, read_rows, set_cell, write_rows
from xinfang.package import load_package
from xinfang.release import dictionary
from xinfang.release.diff import diff_paths
from xinfang.release.exports import build_tables, write_duckdb, write_parquet, write_sqlite
from xinfang.roles import figure_columns, quote_column, report_column

NEW = "new_facts"


def _template() -> str:
    """A fact table of the real package with a report, a quote and figures (by its declared roles)."""
    pkg = load_package(ROOT)
    for name in sorted(pkg.resources):
        res = pkg.resources[name]
        if report_column(res) and quote_column(res) and figure_columns(res) and len(pkg.table(name)) > 0:
            return name
    raise AssertionError("no fact table with report, quote and figure roles")


TEMPLATE = _template()


def add_table(root: Path, template: str = TEMPLATE, name: str = NEW) -> Path:
    """Copy `template` under `name`: a schema file, a descriptor entry, a CSV. Nothing else."""
    desc_path = root / "datapackage.json"
    desc = json.loads(desc_path.read_text(encoding="utf-8"))
    entry = next(r for r in desc["resources"] if r["name"] == template)
    schema_src = root / entry["schema"]
    schema_dst = schema_src.with_name(f"{name}.schema.json")
    schema_dst.write_text(schema_src.read_text(encoding="utf-8"), encoding="utf-8")
    data_dst = root / "data" / f"{name}.csv"
    data_dst.write_bytes((root / entry["path"]).read_bytes())
    new = dict(entry, name=name, path=f"data/{name}.csv", schema=f"schemas/{name}.schema.json", title=f"{entry.get('title', name)} (copy)")
    desc["resources"].append(new)
    desc_path.write_text(json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return data_dst


@pytest.fixture
def scratch(tmp_path: Path) -> tuple[Path, Path]:
    root = copy_package(tmp_path / "pkg")
    return root, add_table(root)


def _first_figure_line(path: Path, template: str = TEMPLATE) -> tuple[int, str, str]:
    """Line, figure column and quote column of the first row with a figure."""
    res = load_package(ROOT).resources[template]
    rows = read_rows(path)
    header = rows[0]
    for col in figure_columns(res):
        for i, row in enumerate(rows[1:], start=2):
            if row[header.index(col)]:
                return i, col, quote_column(res) or ""
    raise AssertionError("no figure")


def test_the_copy_passes_like_the_original(scratch: tuple[Path, Path]) -> None:
    root, _ = scratch
    report = gate(root)
    assert report.valid, [p for p in report.errors][:5]
    assert report.layers, "the gate ran no layer"


def test_keys_of_the_new_table_are_checked(scratch: tuple[Path, Path]) -> None:
    root, data = scratch
    rows = read_rows(data)
    write_rows(data, [*rows, rows[1]])  # a duplicate primary key
    found = [p for p in gate(root).errors if p.file == f"data/{NEW}.csv"]
    assert any(p.line == len(rows) + 1 for p in found), found


def test_foreign_keys_of_the_new_table_are_checked(scratch: tuple[Path, Path]) -> None:
    root, data = scratch
    res = load_package(root).resources[NEW]
    col = report_column(res)
    assert col
    set_cell(data, 2, col, "999999-2099-dse")
    found = [p for p in gate(root).errors if p.file == f"data/{NEW}.csv"]
    assert any(p.line == 2 for p in found), found


def test_personal_data_in_the_new_table_is_refused(scratch: tuple[Path, Path]) -> None:
    root, data = scratch
    res = load_package(root).resources[NEW]
    note = "note" if "note" in res.field_names else (quote_column(res) or "")
    set_cell(data, 2, note, "联系电话 138 1234 5678")
    assert (f"data/{NEW}.csv", 2, note) in errors(gate(root), "safety.phone")


@needs_sources
def test_quotes_and_figures_of_the_new_table_are_proven(scratch: tuple[Path, Path]) -> None:
    root, data = scratch
    line, figure, quote = _first_figure_line(data)
    original = read_rows(data)[line - 1][read_rows(data)[0].index(figure)]
    set_cell(data, line, figure, str(int(float(original)) + 7) if original.replace(".", "", 1).lstrip("-").isdigit() else "1234567")
    quote_line = line + 1 if line + 1 <= len(read_rows(data)) else 2
    set_cell(data, quote_line, quote, "这句话不在任何报告之中，也不含其数字")
    report = gate(root, sources=True)
    at = [(p.line, p.column, p.rule) for p in report.errors if p.file == f"data/{NEW}.csv"]
    assert (line, figure, "provenance.figure_not_in_quote") in at, at
    assert any(r == "provenance.quote_not_found" and ln == quote_line for ln, _, r in at), at


def test_exports_dictionary_and_diff_carry_the_new_table(scratch: tuple[Path, Path], tmp_path: Path) -> None:
    root, data = scratch
    pkg = load_package(root)
    n_rows = len(read_rows(data)) - 1
    tables = build_tables(pkg)
    assert NEW in tables
    write_parquet(tables[NEW], tmp_path / f"{NEW}.parquet")
    assert pq.read_table(tmp_path / f"{NEW}.parquet").num_rows == n_rows
    write_duckdb(pkg, tables, tmp_path / "x.duckdb")
    with duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True) as con:
        got = con.execute(f"SELECT count(*) FROM {NEW}").fetchone()
    assert got is not None and got[0] == n_rows
    write_sqlite(pkg, tables, tmp_path / "x.sqlite")
    with sqlite3.connect(tmp_path / "x.sqlite") as con:
        assert con.execute(f"SELECT count(*) FROM {NEW}").fetchone()[0] == n_rows
    assert f"`{NEW}`" in dictionary.render(pkg) or NEW in dictionary.render(pkg)
    diff = diff_paths(ROOT, root)
    assert diff.tables_added == [NEW]



def test_quote_form_of_the_new_table_is_checked(scratch: tuple[Path, Path]) -> None:
    root, data = scratch
    _, _, quote = _first_figure_line(data)
    set_cell(data, 2, quote, "两个  空格")
    assert (f"data/{NEW}.csv", 2, quote) in errors(gate(root), "rules.quote_whitespace")
