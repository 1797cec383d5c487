"""The register of contradictions found by reading: each entry points at existing rows of its report
whose values it states; a fault in the data or the entry is reported at the entry (file, line, column, rule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, errors, find_line, gate, get_cell, read_rows, set_cell
from xinfang.gate.catalogue import CATALOGUE
from xinfang.gate.register import READING, parse_rows, row_keys
from xinfang.package import load_package
from xinfang.problems import KNOWN

A = "data/anomalies.csv"


def _reading_entries() -> list[dict[str, str]]:
    rows = read_rows(ROOT / A)
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if dict(zip(rows[0], r, strict=True))["rule"] == READING]


def _stating_entry() -> dict[str, str]:
    """A reading entry with a stated number and a row of its table (read from the package, not hard-coded)."""
    for e in _reading_entries():
        refs = parse_rows(e["rows"]) or []
        if e["stated"] and any(t == e["table"] for t, _ in refs):
            return e
    pytest.skip("the register holds no reading entry with a stated value")


def test_every_reading_entry_is_known_and_none_is_an_unknown_identity() -> None:
    report = gate(ROOT)
    entries = _reading_entries()
    assert entries, "the register holds contradictions found by reading"
    known = [p for p in report.problems if p.rule == "anomaly.reading" and p.severity == KNOWN]
    assert {p.message.rsplit("[registered: ", 1)[1].rstrip("]") for p in known} == {e["check_id"] for e in entries}
    assert not errors(report, "rules.unknown_anomaly")


def test_every_reading_entry_names_rows_of_known_tables() -> None:
    for e in _reading_entries():
        refs = parse_rows(e["rows"])
        assert refs, e["check_id"]
        assert {t for t, _ in refs} <= set(row_keys(load_package(ROOT))), e["check_id"]


def test_a_changed_value_is_a_stale_reading_entry(pkg: Path) -> None:
    e = _stating_entry()
    table, key = next((t, k) for t, k in parse_rows(e["rows"]) or [] if t == e["table"])
    path = pkg / f"data/{table}.csv"
    line = find_line(path, report_id=e["report_id"], **{row_keys(load_package(ROOT))[table]: key})
    numeric = [f["name"] for f in load_package(pkg).resources[table].fields if f.get("type") in ("number", "integer")]
    for col in numeric:  # the stated figure no longer in the row
        if get_cell(path, line, col) and float(get_cell(path, line, col)) == float(e["stated"]):
            set_cell(path, line, col, str(float(e["stated"]) + 1000))
    aline = find_line(pkg / A, check_id=e["check_id"])
    assert (A, aline, "stated") in errors(gate(pkg), "register.reading_stated")


def test_a_row_that_is_gone_is_reported(pkg: Path) -> None:
    e = _stating_entry()
    aline = find_line(pkg / A, check_id=e["check_id"])
    set_cell(pkg / A, aline, "rows", e["rows"] + f" {e['table']}:99999")
    assert (A, aline, "rows") in errors(gate(pkg), "register.reading_row_missing")


def test_an_entry_of_another_report_does_not_find_its_rows(pkg: Path) -> None:
    e = _stating_entry()
    others = sorted(r for r in {x["report_id"] for x in _reading_entries()} | {"430412-2022-de", "510411-2022-fae"} if r != e["report_id"])
    aline = find_line(pkg / A, check_id=e["check_id"])
    set_cell(pkg / A, aline, "report_id", others[0])
    found = errors(gate(pkg), "register.reading_row_missing") + errors(gate(pkg), "register.reading_stated")
    assert any(f == A and ln == aline for f, ln, _ in found)


@pytest.mark.parametrize("value", ["", "budgets"])
def test_an_entry_without_rows_is_reported(pkg: Path, value: str) -> None:
    e = _stating_entry()
    aline = find_line(pkg / A, check_id=e["check_id"])
    set_cell(pkg / A, aline, "rows", value)
    report = gate(pkg)
    assert (A, aline, "rows") in errors(report, "register.reading_rows") + errors(report, "rules.pattern")


def test_every_register_rule_has_a_hint() -> None:
    register = [r for r in CATALOGUE.values() if r.id.startswith("register.")]
    assert register and all(r.hint.strip() and r.layer == "rules" for r in register)
