"""`xinfang diff`: rows by primary key with old and new values, schema changes, formats, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT, find_line, read_rows, set_cell, write_rows
from xinfang.cli import main
from xinfang.release.diff import diff_paths, render_markdown, render_text


def test_identical_packages_exit_0(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["diff", str(ROOT), str(ROOT)]) == 0
    assert capsys.readouterr().out.strip().endswith("identical")


def test_rows_added_removed_changed_by_primary_key(pkg: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = pkg / "data/budgets.csv"
    line = find_line(path, report_id="430412-2022-de", item="basic", stage="executed")
    old_amount = read_rows(path)[line - 1][read_rows(path)[0].index("amount")]
    set_cell(path, line, "amount", "97.80")
    set_cell(path, line, "note", "NA")
    rows = read_rows(path)
    header = rows[0]
    removed = rows.pop(2)
    added = list(rows[3])
    added[header.index("line")] = "999"
    rows.append(added)
    write_rows(path, rows)
    assert main(["diff", str(ROOT), str(pkg), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    budgets = next(t for t in doc["tables"] if t["name"] == "budgets")
    assert budgets["key"] == ["report_id", "line"]
    assert [(r["report_id"], r["line"]) for r in budgets["added"]] == [(added[0], "999")]
    assert [(r["report_id"], r["line"]) for r in budgets["removed"]] == [(removed[0], removed[header.index("line")])]
    changed = next(c for c in budgets["changed"] if c["key"]["report_id"] == "430412-2022-de")
    cells = {c["field"]: (c["old"], c["new"]) for c in changed["cells"]}
    assert cells["amount"] == (old_amount, "97.80")
    assert cells["note"][1] == "NA"  # a literal NA is a value, not missing
    assert doc["suggested_bump"] == "minor" and [t["name"] for t in doc["tables"]] == ["budgets"]


def test_missing_and_na_are_different(pkg: Path) -> None:
    path = pkg / "data/budgets.csv"
    line = find_line(path, report_id="430412-2022-de", item="basic", stage="executed")
    set_cell(path, line, "approx_marker", "NA")
    text = render_text(diff_paths(ROOT, pkg))
    assert 'approx_marker: (missing) -> "NA"' in text


def test_schema_changes_and_breaking_bump(pkg: Path) -> None:
    schema_path = pkg / "schemas/funds.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "definition_en"]
    schema["fields"][1]["constraints"]["maxLength"] = 40
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    rows = read_rows(pkg / "data/codelists/funds.csv")
    idx = rows[0].index("definition_en")
    write_rows(pkg / "data/codelists/funds.csv", [r[:idx] + r[idx + 1:] for r in rows])
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"] = [r for r in desc["resources"] if r["name"] != "issue_kinds"]
    (pkg / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")
    d = diff_paths(ROOT, pkg)
    assert d.tables_removed == ["issue_kinds"]
    funds = next(t for t in d.tables if t.name == "funds")
    assert "field removed: definition_en" in funds.schema and funds.breaking
    assert any(s.startswith("constraints of label_zh:") for s in funds.schema)
    assert d.suggested_bump() == "major"
    md = render_markdown(d)
    assert "- table removed: `issue_kinds`" in md and "field removed: definition_en" in md


def test_release_zip_against_folder_and_deterministic_output(tmp_path: Path, pkg: Path) -> None:
    from xinfang.release.build import build_release

    for doc in ("README.md", "CHANGELOG.md", "CITATION.cff"):
        shutil.copy2(ROOT / doc, pkg / doc)
    build_release(pkg, json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))["version"], tmp_path / "dist")
    zipped = tmp_path / "dist" / "xinfang-performance.zip"
    assert diff_paths(zipped, ROOT).empty
    set_cell(pkg / "data/units.csv", 2, "name_en", "Changed")
    first = render_text(diff_paths(zipped, pkg))
    assert first == render_text(diff_paths(zipped, pkg))
    assert 'name_en: "' in first and '-> "Changed"' in first


def test_not_a_package_exits_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "x.txt").write_text("no", encoding="utf-8")
    assert main(["diff", str(tmp_path / "x.txt"), str(ROOT)]) == 2
    assert "neither a package folder nor a zip" in capsys.readouterr().err
