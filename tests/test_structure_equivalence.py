"""The vectorised row checks (gate/structure_fast.py) report what frictionless reports.

On a small synthetic package with a fault corpus (every structure fault kind of the gate's tests,
plus unique fields, integer keys written differently, a blank row and a missing code in a
self-referencing codelist), both engines must give the same (file, line, column, rule) set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import read_rows, write_rows
from xinfang.gate.safety import check_files
from xinfang.gate.structure import check_structure
from xinfang.package import load_package
from xinfang.synth.build import synth


def _structure(root: Path, engine: str) -> set[tuple[str, int | None, str | None, str]]:
    pkg = load_package(root)
    files, readable = check_files(pkg)  # a schema the Table Schema profile refuses is reported here, before either engine
    found = {(p.file, p.line, p.column, p.rule) for p in check_structure(pkg, readable, engine=engine)}
    return found | {(p.file, p.line, p.column, p.rule) for p in files if p.rule.startswith("structure.")}


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("equiv")
    synth(40, 3, out, faults=20)
    root = out / "package"
    # faults beyond the generator's: unique field, integer key "01" vs "1", blank row, date, boolean, self-reference
    rows = read_rows(root / "data/reports.csv")
    rows[3][rows[0].index("source_file")] = rows[2][rows[0].index("source_file")]
    write_rows(root / "data/reports.csv", rows)
    rows = read_rows(root / "data/staffing.csv")
    h = rows[0]
    rows[5][h.index("line")] = "0" + rows[4][h.index("line")]
    rows[7][h.index("as_of")] = "2020-13-01"
    rows[8][h.index("as_of")] = "2020-12-31"
    rows.append([""] * len(h))
    write_rows(root / "data/staffing.csv", rows)
    rows = read_rows(root / "data/budgets.csv")
    rows[9][rows[0].index("approx")] = "yes"
    rows[10][rows[0].index("statement")] = "1.5"
    rows[11][rows[0].index("share_of")] = "nothing"
    write_rows(root / "data/budgets.csv", rows)
    rows = read_rows(root / "data/codelists/funds.csv")
    rows[3][rows[0].index("parent_fund")] = "fiscall"
    write_rows(root / "data/codelists/funds.csv", rows)
    return root


def test_vectorised_rows_equal_frictionless_on_a_fault_corpus(faulty: Path) -> None:
    slow, fast = _structure(faulty, "frictionless"), _structure(faulty, "vectorised")
    assert slow, "the fault corpus must produce structure errors"
    assert {r for _, _, _, r in slow} >= {"structure.type", "structure.primary_key", "structure.foreign_key", "structure.unique",
                                          "structure.blank_row"}
    assert fast == slow, (sorted(slow - fast)[:10], sorted(fast - slow)[:10])


def test_malformed_table_falls_back_to_frictionless(faulty: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "pkg"
    shutil.copytree(faulty, root)
    path = root / "data/issues.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast = _structure(root, "vectorised")
    assert ("data/issues.csv", 3, None, "structure.extra_cell") in {(f, ln, None, r) for f, ln, _, r in fast}
    assert fast == _structure(root, "frictionless")


def test_on_the_real_package_with_faults_both_engines_agree(pkg: Path) -> None:
    """The real package (where the gate now uses the vectorised row checks too) with the structure
    faults of tests/test_gate_structure.py that keep every table well formed."""
    from conftest import find_line, set_cell

    b = pkg / "data/budgets.csv"
    set_cell(b, find_line(b, report_id="430412-2022-de", item="basic", stage="executed"), "amount", "132,39")
    rows = read_rows(pkg / "data/staffing.csv")
    rows.append(list(rows[1]))
    write_rows(pkg / "data/staffing.csv", rows)
    p = pkg / "data/petition_metrics.csv"
    set_cell(p, find_line(p, report_id="430412-2022-de", metric="letters"), "metric", "letter")
    units = pkg / "data/units.csv"
    units.write_text(units.read_text(encoding="utf-8") + ",,,,,,,,,,,,,\n", encoding="utf-8")
    slow, fast = _structure(pkg, "frictionless"), _structure(pkg, "vectorised")
    assert {r for _, _, _, r in slow} >= {"structure.type", "structure.primary_key", "structure.foreign_key", "structure.blank_row"}
    assert fast == slow == _structure(pkg, "auto")


def test_an_invalid_table_schema_falls_back_to_frictionless(pkg: Path) -> None:
    import json

    path = pkg / "schemas/staffing.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"][3]["type"] = "numbr"
    path.write_text(json.dumps(schema), encoding="utf-8")
    fast = _structure(pkg, "vectorised")
    assert fast == _structure(pkg, "frictionless")
    # the gate names the schema itself (safety refuses to hand an invalid Table Schema to any layer)
    from xinfang.gate.validate import run_gate

    found = {(p.file, p.rule) for p in run_gate(pkg, skip=("plausibility", "provenance")).errors}
    assert any(f == "schemas/staffing.schema.json" and r.startswith("structure.") for f, r in found), found


def test_a_dialect_falls_back_to_frictionless(pkg: Path) -> None:
    """A resource read with a dialect (here: comment lines) is checked by frictionless, which honours
    it: a comment line whose cells would break the types is no row."""
    import json

    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in desc["resources"] if r["name"] == "staffing")["dialect"] = {"commentChar": "#"}
    (pkg / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    rows = read_rows(pkg / "data/staffing.csv")
    comment = ["#a comment", *rows[1][1:]]
    comment[rows[0].index("value")] = "abc"
    write_rows(pkg / "data/staffing.csv", [*rows, comment])
    fast = _structure(pkg, "vectorised")
    assert fast == _structure(pkg, "frictionless")
    assert not [p for p in fast if p[0] == "data/staffing.csv"]


def test_keys_of_numbers_and_two_fields_compare_as_frictionless_does(tmp_path: Path) -> None:
    """A contributor's table keyed by a number (1.5 and 1.50 are one number, 0 and -0 too, a cell
    that is no number counts as missing), a unique integer field far from the others, and a
    foreign key of two fields into it: both engines report the same rows."""
    import json

    root = tmp_path / "pkg"
    (root / "data").mkdir(parents=True)
    measures = {"fields": [{"name": "amount", "type": "number"}, {"name": "code", "type": "integer", "constraints": {"unique": True}},
                           {"name": "unit", "type": "string"}, {"name": "label", "type": "string"}],
                "primaryKey": ["amount"]}
    uses = {"fields": [{"name": "unit", "type": "string"}, {"name": "label", "type": "string"}],
            "foreignKeys": [{"fields": ["unit", "label"], "reference": {"resource": "measures", "fields": ["unit", "label"]}}]}
    (root / "datapackage.json").write_text(json.dumps({"name": "keys", "resources": [
        {"name": "measures", "path": "data/measures.csv", "schema": measures},
        {"name": "uses", "path": "data/uses.csv", "schema": uses}]}), encoding="utf-8")
    write_rows(root / "data/measures.csv", [["amount", "code", "unit", "label"], ["1.5", "1", "a", "x"], ["1.50", "9007199254740993", "a", "y"],
                                            ["0", "-5", "b", "x"], ["-0", "1", "b", ""], ["2.25", "01", "", "z"], ["abc", "", "c", "z"],
                                            ["", "3", "c", "w"], ["1e3", "4", "d", "v"], ["1000", "9007199254740993", "d", "u"]])
    write_rows(root / "data/uses.csv", [["unit", "label"], ["a", "x"], ["a", "y"], ["b", "y"], ["b", ""], ["", "z"], ["c", "w"], ["d", "x"]])
    slow, fast = _structure(root, "frictionless"), _structure(root, "vectorised")
    assert {r for _, _, _, r in slow} >= {"structure.primary_key", "structure.unique", "structure.foreign_key"}
    assert fast == slow, (sorted(slow - fast), sorted(fast - slow))


def test_a_foreign_key_to_a_field_the_lookup_table_lacks_is_reported_as_frictionless_does(pkg: Path) -> None:
    """A foreign key whose reference names a field the referred table does not have: no row of it
    holds the values, so every row with its cells present violates the key (frictionless's verdict);
    the vectorised engine says the same instead of crashing the layer."""
    import json

    path = pkg / "schemas/staffing.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["foreignKeys"].append({"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["no_such_field"]}})
    path.write_text(json.dumps(schema), encoding="utf-8")
    slow, fast = _structure(pkg, "frictionless"), _structure(pkg, "vectorised")
    assert ("data/staffing.csv", 2, "report_id", "structure.foreign_key") in slow
    assert fast == slow, (sorted(slow - fast), sorted(fast - slow))
    from xinfang.gate.validate import run_gate

    layers = run_gate(pkg, skip=("plausibility", "provenance")).layers
    assert layers["structure"] == "ran", layers


def test_a_foreign_key_into_a_resource_the_package_lacks_is_reported_as_frictionless_does(pkg: Path) -> None:
    """A foreign key naming a resource that is not in the package: frictionless reports the resource
    (its rows are not checked against a lookup table that does not exist); the vectorised engine hands
    such a package to frictionless rather than skip the key in silence."""
    import json

    path = pkg / "schemas/staffing.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["foreignKeys"].append({"fields": ["report_id"], "reference": {"resource": "no_such_table", "fields": ["report_id"]}})
    path.write_text(json.dumps(schema), encoding="utf-8")
    slow, fast = _structure(pkg, "frictionless"), _structure(pkg, "vectorised")
    assert ("data/staffing.csv", None, None, "structure.resource") in slow
    assert fast == slow == _structure(pkg, "auto")
