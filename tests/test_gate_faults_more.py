"""Faults of rules no other test triggers (the rule catalogue's coverage, tests/conftest.py): each at
its place, faults that do not hide each other sharing one scratch copy and one gate run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_package, errors, find_line, gate, read_rows, set_cell, write_rows
from xinfang.problems import Report

B, ISSUES, S, PM = "data/budgets.csv", "data/issues.csv", "data/staffing.csv", "data/petition_metrics.csv"


@pytest.fixture(scope="module")
def headers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report, int]:
    """Headers that differ from their schemas (frictionless checks these tables), one table each, and a short row."""
    root = copy_package(tmp_path_factory.mktemp("headers") / "pkg")
    rows = read_rows(root / B)
    write_rows(root / B, [rows[0] + ["extra"]] + [r + [""] for r in rows[1:]])
    rows = read_rows(root / ISSUES)
    rows[0][1] = rows[0][0]
    write_rows(root / ISSUES, rows)
    rows = read_rows(root / S)
    rows[0][-1] = ""
    write_rows(root / S, rows)
    rows = read_rows(root / PM)
    rows[2] = rows[2][:-1]
    write_rows(root / PM, rows)
    return root, gate(root), 3


def test_an_extra_column_is_refused_at_its_label(headers: tuple[Path, Report, int]) -> None:
    assert (B, 1, "extra") in errors(headers[1], "structure.extra_label")


def test_a_column_named_twice_is_refused(headers: tuple[Path, Report, int]) -> None:
    assert [ln for f, ln, _ in errors(headers[1], "structure.duplicate_label") if f == ISSUES] == [1]


def test_a_column_without_a_name_is_refused(headers: tuple[Path, Report, int]) -> None:
    assert [ln for f, ln, _ in errors(headers[1], "structure.blank_label") if f == S] == [1]


def test_a_row_with_a_cell_too_few_is_refused_at_its_line(headers: tuple[Path, Report, int]) -> None:
    _, report, line = headers
    assert [ln for f, ln, _ in errors(report, "structure.missing_cell") if f == PM] == [line]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    """Files the gate does not read: a line too long, a Table Schema too large."""
    root = copy_package(tmp_path_factory.mktemp("files") / "pkg")
    rows = read_rows(root / "data/indicators.csv")
    rows[3][rows[0].index("note")] = "长" * 100_000  # 300,000 bytes in UTF-8
    write_rows(root / "data/indicators.csv", rows)
    schema = root / "schemas/issue_kinds.schema.json"
    schema.write_text(json.dumps(json.loads(schema.read_text(encoding="utf-8")), indent=2) + " " * (1 << 20), encoding="utf-8")
    return root, gate(root)


def test_a_line_above_the_limit_is_refused_unread(files: tuple[Path, Report]) -> None:
    assert ("data/indicators.csv", 4, None) in errors(files[1], "safety.line_too_long")


def test_a_table_schema_above_the_limit_is_refused_unread(files: tuple[Path, Report]) -> None:
    assert [f for f, _, _ in errors(files[1], "safety.file_too_large")] == ["schemas/issue_kinds.schema.json"]


def test_a_table_that_is_not_csv_is_refused(pkg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the CSV readers refuse (they read on past ragged rows and stray quotes, so the refusal is
    made by the reader here): the table is reported and not handed to the other layers."""
    from xinfang import package

    read = package._read_with_pandas

    def refuse(path: Path, resource: package.Resource) -> object:
        if resource.name == "issues":
            raise package.PackageError(f"{resource.path}: not readable as CSV: a deliberate refusal")
        return read(path, resource)

    monkeypatch.setattr(package, "_read_with_arrow", lambda *_, **__: None)
    monkeypatch.setattr(package, "_read_with_pandas", refuse)
    report = gate(pkg)
    assert [(f, ln) for f, ln, _ in errors(report, "structure.source")] == [(ISSUES, None)]


def test_a_value_above_a_maximum_alone(pkg: Path) -> None:
    """A field with only a maximum (pandera's less_than_or_equal_to), and a rate of the codelist above 100 written without %."""
    path = pkg / "schemas/budgets.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    share = next(f for f in schema["fields"] if f["name"] == "share_pct")
    del share["constraints"]["minimum"]
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    line = find_line(pkg / B, report_id="430406-2024-dse", item="public", stage="executed")
    set_cell(pkg / B, line, "share_pct", "109.47")
    rows = read_rows(pkg / PM)
    head = rows[0]
    rate = next(i for i, r in enumerate(rows[1:], start=2) if r[head.index("metric")] == "on_time_completion_rate" and r[head.index("value")])
    set_cell(pkg / PM, rate, "unit", "")
    set_cell(pkg / PM, rate, "value", "150")
    report = gate(pkg)
    assert (B, line, "share_pct") in errors(report, "rules.maximum")
    assert (PM, rate, "value") in errors(report, "rules.rate_range")


def test_a_value_twice_in_a_unique_field(pkg: Path) -> None:
    path = pkg / "data/reports.csv"
    rows = read_rows(path)
    col = rows[0].index("source_file")
    set_cell(path, 3, "source_file", rows[1][col])
    assert ("data/reports.csv", 3, "source_file") in errors(gate(pkg), "structure.unique")
