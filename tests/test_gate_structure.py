"""Structure layer (frictionless): descriptor, header, types, keys, blank and ragged rows."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import errors, find_line, gate, read_rows, set_cell, write_rows


def test_type_error_names_file_line_and_column(pkg: Path) -> None:
    path = pkg / "data/budgets.csv"
    line = find_line(path, report_id="430412-2022-de", item="basic", stage="executed")
    set_cell(path, line, "amount", "132,39")
    assert ("data/budgets.csv", line, "amount") in errors(gate(pkg), "structure.type")


def test_duplicate_primary_key(pkg: Path) -> None:
    path = pkg / "data/staffing.csv"
    rows = read_rows(path)
    rows.append(list(rows[1]))
    write_rows(path, rows)
    assert any(e[0] == "data/staffing.csv" and e[1] == len(rows) for e in errors(gate(pkg), "structure.primary_key"))


def test_unknown_code_breaks_foreign_key(pkg: Path) -> None:
    path = pkg / "data/petition_metrics.csv"
    line = find_line(path, report_id="430412-2022-de", metric="letters")
    set_cell(path, line, "metric", "letter")
    found = errors(gate(pkg), "structure.foreign_key")
    assert any(f == "data/petition_metrics.csv" and ln == line for f, ln, _ in found)


def test_blank_row(pkg: Path) -> None:
    path = pkg / "data/units.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ",,,,,,,,,,,,,\n", encoding="utf-8")
    assert any(f == "data/units.csv" for f, _, _ in errors(gate(pkg), "structure.blank_row"))


def test_ragged_row(pkg: Path) -> None:
    path = pkg / "data/issues.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2] + ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ("data/issues.csv", 3) in {(f, ln) for f, ln, _ in errors(gate(pkg), "structure.extra_cell")}


def test_header_against_schema(pkg: Path) -> None:
    path = pkg / "data/staffing.csv"
    rows = read_rows(path)
    rows[0][rows[0].index("value")] = "count"
    write_rows(path, rows)
    found = [p for p in gate(pkg).errors if p.rule == "structure.incorrect_label"]
    assert found and found[0].file == "data/staffing.csv" and found[0].line == 1


def test_descriptor_against_the_profile(pkg: Path) -> None:
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    desc["licenses"] = "CC-BY-4.0"  # the profile wants a list of licence objects
    (pkg / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    report = gate(pkg)
    found = [p for p in report.errors if p.file == "datapackage.json" and p.rule == "structure.package"]
    assert found and "licenses" in found[0].message
