"""Releases: every export keeps values exact, the build is byte-reproducible, the version rules hold,
and the README's loading examples run against a freshly built release."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from conftest import ROOT, copy_package, find_line, set_cell
from xinfang.cli import main
from xinfang.package import load_package
from xinfang.release import exports
from xinfang.release.build import DOCUMENTS, SUMS, ReleaseRefused, build_release, changelog_section

NAME = "xinfang-performance"


def release_tree(dest: Path) -> Path:
    """A copy of the package with the documents a release carries (not a git repository)."""
    copy_package(dest)
    for doc in DOCUMENTS:
        shutil.copy2(ROOT / doc, dest / doc)
    return dest


def version_of(root: Path) -> str:
    return str(json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"])


def bump(root: Path, version: str, note: str = "- A fix.") -> None:
    """Set the version everywhere the rules look and add its CHANGELOG section."""
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    desc["version"] = version
    (root / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    cff = root / "CITATION.cff"
    cff.write_text(re.sub(r"^version: .*$", f"version: {version}", cff.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    log = root / "CHANGELOG.md"
    log.write_text(log.read_text(encoding="utf-8").replace("## [Unreleased]\n", f"## [Unreleased]\n\n## [{version}] - 2026-12-01\n\n{note}\n", 1),
                   encoding="utf-8")


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A release of a copy with a literal "NA", a missing cell and a printed "97.80" injected."""
    root = release_tree(tmp_path_factory.mktemp("injected") / "pkg")
    budgets = root / "data/budgets.csv"
    na_line = find_line(budgets, report_id="430412-2022-de", item="basic", stage="executed")
    set_cell(budgets, na_line, "note", "NA")
    set_cell(budgets, na_line, "amount", "97.80")
    gap_line = na_line + 1
    set_cell(budgets, gap_line, "amount", "")
    out = root.parent / "dist"
    build_release(root, version_of(root), out, gate=False)  # invalid on purpose (97.80 is not what the report prints)
    return {"root": root, "out": out, "na_line": na_line, "gap_line": gap_line}


def _budget_row(rows: list[dict[str, Any]], line: int) -> dict[str, Any]:
    return next(r for r in rows if r["report_id"] == "430412-2022-de" and r["line"] == line)


def test_parquet_keeps_decimals_na_and_nulls(injected: dict[str, Any]) -> None:
    table = pq.read_table(injected["out"] / "budgets.parquet")
    assert str(table.schema.field("amount").type).startswith("decimal128(")
    rows = table.to_pylist()
    na_line = int(_line_value(injected, "na_line"))
    row = _budget_row(rows, na_line)
    assert row["amount"] == Decimal("97.80") and str(row["amount"]) == "97.80"
    assert row["note"] == "NA"
    assert _budget_row(rows, _line_value(injected, "gap_line"))["amount"] is None
    assert isinstance(row["approx"], bool)


def _line_value(injected: dict[str, Any], key: str) -> int:
    # budgets.line of a CSV line: the table is read as text, so look it up
    frame = load_package(injected["root"]).table("budgets")
    return int(frame.loc[frame["__line__"] == injected[key], "line"].iloc[0])


def test_duckdb_keeps_decimals_na_nulls_and_keys(injected: dict[str, Any]) -> None:
    con = duckdb.connect(str(injected["out"] / f"{NAME}.duckdb"), read_only=True)
    try:
        line = _line_value(injected, "na_line")
        amount, note = con.execute("SELECT amount, note FROM budgets WHERE report_id = '430412-2022-de' AND line = ?", [line]).fetchone()  # type: ignore[misc]
        assert amount == Decimal("97.80") and note == "NA"
        gap = con.execute("SELECT amount FROM budgets WHERE report_id = '430412-2022-de' AND line = ?", [_line_value(injected, "gap_line")]).fetchone()
        assert gap == (None,)
        kinds = dict(con.execute("SELECT constraint_type, count(*) FROM duckdb_constraints() WHERE table_name = 'budgets' GROUP BY ALL").fetchall())
        assert kinds["PRIMARY KEY"] == 1 and kinds["FOREIGN KEY"] == len(load_package(injected["root"]).resources["budgets"].schema["foreignKeys"])
        with pytest.raises(duckdb.Error):
            con.execute("INSERT INTO funds SELECT * FROM funds LIMIT 1")
    finally:
        con.close()


def _project_key_tables(root: Path) -> list[str]:
    """Every table with a project_id: each must reference projects by the composite key (report_id, project_id)."""
    pkg = load_package(root)
    return sorted(n for n, r in pkg.resources.items() if n != "projects" and "project_id" in [f["name"] for f in r.fields])


def test_the_project_key_is_composite_in_the_descriptor_duckdb_and_sqlite(injected: dict[str, Any]) -> None:
    pkg = load_package(injected["root"])
    tables = _project_key_tables(injected["root"])
    assert {"budgets", "indicators", "issues"} <= set(tables)
    composite = {"fields": ["report_id", "project_id"], "reference": {"resource": "projects", "fields": ["report_id", "project_id"]}}
    for name in tables:
        fks = pkg.resources[name].schema["foreignKeys"]
        assert composite in fks and not [fk for fk in fks if fk["fields"] == ["project_id"]], name
        assert next(f for f in pkg.resources[name].fields if f["name"] == "project_id")["constraints"]["required"], name
    con = duckdb.connect(str(injected["out"] / f"{NAME}.duckdb"), read_only=True)
    try:
        for name in tables:
            found = con.execute("SELECT constraint_column_names, referenced_table, referenced_column_names FROM duckdb_constraints() "
                                "WHERE table_name = ? AND constraint_type = 'FOREIGN KEY' AND referenced_table = 'projects'", [name]).fetchall()
            assert found == [(["report_id", "project_id"], "projects", ["report_id", "project_id"])], name
    finally:
        con.close()
    lite = sqlite3.connect(injected["out"] / f"{NAME}.sqlite")
    try:
        for name in tables:
            cols = [(r[3], r[4]) for r in lite.execute(f"PRAGMA foreign_key_list({name})") if r[2] == "projects"]
            assert cols == [("report_id", "report_id"), ("project_id", "project_id")], name
        assert lite.execute("PRAGMA foreign_key_check").fetchall() == []
        lite.execute("PRAGMA foreign_keys = ON")
        other = lite.execute("SELECT project_id FROM projects WHERE report_id <> '430412-2022-de' AND project_id NOT IN "
                             "(SELECT project_id FROM projects WHERE report_id = '430412-2022-de') LIMIT 1").fetchone()
        assert other is not None
        with pytest.raises(sqlite3.IntegrityError):  # a project of another report is refused
            lite.execute("INSERT INTO budgets (report_id, line, project_id, fund, item, stage, approx, statement, source_quote) "
                         "VALUES ('430412-2022-de', 99999, ?, 'all', 'basic', 'executed', 0, 1, 'x')", other)
    finally:
        lite.close()


def test_sqlite_keeps_printed_numbers_na_nulls_and_keys(injected: dict[str, Any]) -> None:
    con = sqlite3.connect(injected["out"] / f"{NAME}.sqlite")
    try:
        line = _line_value(injected, "na_line")
        assert con.execute("SELECT amount, note FROM budgets WHERE report_id = '430412-2022-de' AND line = ?", (line,)).fetchone() == ("97.80", "NA")
        assert con.execute("SELECT amount FROM budgets WHERE report_id = '430412-2022-de' AND line = ?",
                           (_line_value(injected, "gap_line"),)).fetchone() == (None,)
        assert {r[2] for r in con.execute("PRAGMA foreign_key_list(budgets)")} == {"reports", "funds", "budget_items", "budget_stages", "projects"}
        con.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("INSERT INTO budgets (report_id, line, fund, item, stage, approx, statement, source_quote) "
                        "VALUES ('999999-2022-de', 1, 'all', 'basic', 'executed', 0, 1, 'x')")
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("INSERT INTO funds SELECT * FROM funds LIMIT 1")
    finally:
        con.close()


def test_every_cell_of_every_table_round_trips(injected: dict[str, Any]) -> None:
    """All resources (codelists and any new resource included): each export holds exactly the CSV's values."""
    pkg = load_package(injected["root"])
    lite = sqlite3.connect(injected["out"] / f"{NAME}.sqlite")
    duck = duckdb.connect(str(injected["out"] / f"{NAME}.duckdb"), read_only=True)
    with zipfile.ZipFile(injected["out"] / f"{NAME}.zip") as zf:
        for name, res in pkg.resources.items():
            assert zf.read(res.path) == (injected["root"] / res.path).read_bytes(), f"{res.path} changed in the zip"
            frame = pkg.table(name)
            texts = [{f: (row[f] if isinstance(row[f], str) else None) for f in res.field_names} for row in frame.to_dict("records")]
            parquet = pq.read_table(injected["out"] / f"{name}.parquet").to_pylist()
            cols = ", ".join(f'"{f}"' for f in res.field_names)
            in_duck = [dict(zip(res.field_names, r, strict=True)) for r in duck.execute(f'SELECT {cols} FROM "{name}" ORDER BY rowid').fetchall()]
            in_lite = [dict(zip(res.field_names, r, strict=True)) for r in lite.execute(f'SELECT {cols} FROM "{name}" ORDER BY rowid').fetchall()]
            assert len(parquet) == len(in_lite) == len(texts), name
            key = res.primary_key
            by_key = {tuple(str(r[k]) for k in key): r for r in in_duck}
            for text, pq_row, lite_row in zip(texts, parquet, in_lite, strict=True):
                duck_row = by_key[tuple(str(text[k]) for k in key)]
                for f in res.fields:
                    n, t = f["name"], text[f["name"]]
                    if t is None:
                        assert pq_row[n] is None and duck_row[n] is None and lite_row[n] is None, (name, n)
                    elif f["type"] == "number":
                        assert pq_row[n] == Decimal(t) and duck_row[n] == Decimal(t) and lite_row[n] == t, (name, n, t)
                    elif f["type"] == "string":
                        assert pq_row[n] == duck_row[n] == lite_row[n] == t, (name, n, t)
    lite.close()
    duck.close()


def test_release_is_byte_reproducible(tmp_path: Path) -> None:
    root = release_tree(tmp_path / "pkg")
    first = build_release(root, version_of(root), tmp_path / "a")
    second = build_release(root, version_of(root), tmp_path / "b", gate=False)  # the same package: the gate passed on it above
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), f"{name} differs between two builds"
    assert first.files == second.files
    assert {f"{NAME}.zip", f"{NAME}.duckdb", f"{NAME}.sqlite", "budgets.parquet", "funds.parquet", "data-dictionary.md",
            "data-dictionary.csv", "RELEASE_NOTES.md", SUMS} <= set(names)
    sums = dict(line.split("  ")[::-1] for line in (tmp_path / "a" / SUMS).read_text(encoding="utf-8").splitlines())
    assert set(sums) == set(names) - {SUMS}
    with zipfile.ZipFile(tmp_path / "a" / f"{NAME}.zip") as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(2000, 1, 1, 0, 0, 0)}  # no git here, no SOURCE_DATE_EPOCH: the fixed date
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert json.loads(zf.read("datapackage.json"))["version"] == version_of(root)


def test_source_date_epoch_sets_zip_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = release_tree(tmp_path / "pkg")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    build_release(root, version_of(root), tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "out" / f"{NAME}.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_version_rules_refuse_with_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = release_tree(tmp_path / "pkg")
    have = version_of(root)
    major, minor, _patch = (int(x) for x in have.split("."))
    wanted = f"{major}.{minor + 1}.0"  # a version the package does not declare
    assert main(["release", str(root), "--version", wanted, "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"datapackage.json: version is '{have}', not {wanted}" in err and "CITATION.cff" in err and f"## [{wanted}] - YYYY-MM-DD" in err
    assert not (tmp_path / "out").exists()
    assert main(["release", str(root), "--version", "v0.2", "--out", str(tmp_path / "out")]) == 2
    # a previous release given explicitly (no git): the version must increase on it
    build_release(root, have, tmp_path / "v010")
    with pytest.raises(ReleaseRefused, match=f"does not increase on the last release {re.escape(have)}"):
        build_release(root, have, tmp_path / "again", previous=tmp_path / "v010" / f"{NAME}.zip")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
                   cwd=root, check=True, capture_output=True)


def committed_tree(dest: Path, message: str) -> Path:
    """A release tree as the one commit of a new git repository (skips without git)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = release_tree(dest)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", message)
    return root


def test_previous_release_is_the_last_tag_and_notes_carry_the_diff(tmp_path: Path) -> None:
    root = committed_tree(tmp_path / "repo", "0.1.0")
    _git(root, "tag", "v0.1.0")
    budgets = root / "data/budgets.csv"
    line = find_line(budgets, report_id="430412-2022-de", item="basic", stage="executed")
    set_cell(budgets, line, "note", "NA")
    bump(root, "0.1.1", "- Note corrected.")
    _git(root, "commit", "-qam", "0.1.1")
    with pytest.raises(ReleaseRefused, match="0.1.0"):  # a version at or below the last tag is refused
        bump(root, "0.0.9")
        build_release(root, "0.0.9", tmp_path / "bad")
    _git(root, "checkout", "-q", "--", ".")
    rel = build_release(root, "0.1.1", tmp_path / "dist")
    assert rel.previous == "0.1.0"
    notes = (tmp_path / "dist" / "RELEASE_NOTES.md").read_text(encoding="utf-8")
    assert "- Note corrected." in notes and "## Changes since 0.1.0" in notes
    assert '`note` ' in notes and '→ "NA"' in notes
    changes = json.loads((tmp_path / "dist" / "CHANGES.json").read_text(encoding="utf-8"))
    assert changes["suggested_bump"] == "patch"
    # zip entries carry the commit's time
    with zipfile.ZipFile(tmp_path / "dist" / f"{NAME}.zip") as zf:
        assert len({i.date_time for i in zf.infolist()}) == 1 and zf.infolist()[0].date_time != (2000, 1, 1, 0, 0, 0)


def test_release_refuses_a_tree_with_uncommitted_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = committed_tree(tmp_path / "repo", "package")
    version = version_of(root)
    budgets = root / "data/budgets.csv"
    set_cell(budgets, find_line(budgets, report_id="430412-2022-de", item="basic", stage="executed"), "note", "changed")
    with pytest.raises(ReleaseRefused, match="uncommitted changes.*data/budgets.csv"):
        build_release(root, version, tmp_path / "dist")
    assert main(["release", str(root), "--version", version, "--out", str(tmp_path / "dist")]) == 1
    assert "uncommitted changes" in capsys.readouterr().err and not (tmp_path / "dist").exists()
    _git(root, "checkout", "-q", "--", ".")
    (root / "data" / "extra.csv").write_text("a\n1\n", encoding="utf-8")  # an untracked file is a change too
    with pytest.raises(ReleaseRefused, match="data/extra.csv"):
        build_release(root, version, tmp_path / "dist")
    (root / "data" / "extra.csv").unlink()
    assert build_release(root, version, tmp_path / "dist").version == version  # clean again: it builds


def test_changelog_section_needs_a_dated_heading(tmp_path: Path) -> None:
    (tmp_path / "CHANGELOG.md").write_text("# Changelog\n\n## [1.0.0]\n\n- x\n\n## [0.9.0] - 2026-01-02\n\n- y\n", encoding="utf-8")
    assert changelog_section(tmp_path, "1.0.0") is None
    assert changelog_section(tmp_path, "0.9.0") == "- y"


def test_conversion_error_names_file_line_and_column(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    path = root / "data/budgets.csv"
    line = find_line(path, report_id="430412-2022-de", item="basic", stage="executed")
    set_cell(path, line, "amount", "12,5")
    with pytest.raises(exports.ExportError, match=rf"data/budgets.csv:{line} \[amount\]: '12,5' is not a finite number"):
        exports.build_tables(load_package(root))


# ---------------------------------------------------------------- the README's examples

TESTED_BLOCK = re.compile(r"<!-- tested -->\n```python\n(.*?)```", re.S)


@pytest.fixture(scope="module")
def release_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = release_tree(tmp_path_factory.mktemp("readme") / "pkg")
    out = root.parent / "dist"
    build_release(root, version_of(root), out)
    return out


def test_readme_has_tested_examples_for_every_reader() -> None:
    blocks = TESTED_BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    text = "\n".join(blocks)
    assert len(blocks) >= 4
    for reader in ("from frictionless import Package", "pd.read_parquet", "duckdb.sql", "sqlite3.connect"):
        assert reader in text, f"no tested README example uses {reader}"


@pytest.mark.parametrize("index", range(len(TESTED_BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")))))
def test_readme_example_runs_against_a_fresh_release(index: int, release_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = TESTED_BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))[index]
    monkeypatch.chdir(release_dir)
    exec(compile(code, f"README.md tested block {index + 1}", "exec"), {"__name__": "__readme__"})  # noqa: S102
    assert capsys.readouterr().out.strip(), "a README example should print what it loaded"


def test_a_new_resource_is_exported_with_its_keys(tmp_path: Path) -> None:
    """A resource added to the descriptor (as the derived tables will be) needs no code change."""
    root = release_tree(tmp_path / "pkg")
    (root / "data/derived").mkdir(parents=True, exist_ok=True)
    (root / "data/derived/panel.csv").write_text("unit_id,fiscal_year,total,as_of\nxfj-430412,2022,97.80,2022-12-31\nxfj-430406,2024,NA,\n",
                                                 encoding="utf-8")
    schema = {"fields": [{"name": "unit_id", "type": "string"}, {"name": "fiscal_year", "type": "year"},
                         {"name": "total", "type": "string"}, {"name": "as_of", "type": "date"}],
              "primaryKey": ["unit_id", "fiscal_year"],
              "foreignKeys": [{"fields": ["unit_id"], "reference": {"resource": "units", "fields": ["unit_id"]}}]}
    (root / "schemas/panel.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"].append({"name": "panel", "path": "data/derived/panel.csv", "schema": "schemas/panel.schema.json"})
    (root / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    out = tmp_path / "dist"
    build_release(root, version_of(root), out, gate=False)  # a test of the exports (the panel is not a resource the gate knows)
    rows = pq.read_table(out / "panel.parquet").to_pylist()
    assert rows[0]["fiscal_year"] == 2022 and str(rows[0]["as_of"]) == "2022-12-31" and rows[1] == {**rows[1], "total": "NA", "as_of": None}
    con = sqlite3.connect(out / f"{NAME}.sqlite")
    assert [r[2] for r in con.execute("PRAGMA foreign_key_list(panel)")] == ["units"]
    con.close()
    duck = duckdb.connect(str(out / f"{NAME}.duckdb"), read_only=True)
    assert duck.execute("SELECT count(*) FROM panel").fetchone() == (2,)
    duck.close()
    with zipfile.ZipFile(out / f"{NAME}.zip") as zf:
        assert "data/derived/panel.csv" in zf.namelist() and "schemas/panel.schema.json" in zf.namelist()
