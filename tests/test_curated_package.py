"""Issue 2: the curated package is valid, cited, and its register of inconsistencies complete."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SOURCES, needs_sources
from xinfang.gate.provenance import check_provenance, sha256_file
from xinfang.gate.register import READING
from xinfang.gate.rules import check_identities
from xinfang.identities import all_checks
from xinfang.package import load_package, read_table
from xinfang.problems import ERROR, KNOWN
from xinfang.quotes import collapse

FACT_TABLES = ("budgets", "projects", "indicators", "petition_metrics", "staffing", "issues")


def test_official_frictionless_cli_accepts_the_package() -> None:
    exe = Path(sys.executable).with_name("frictionless")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "frictionless"]
    result = subprocess.run([*cmd, "validate", "datapackage.json"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_every_source_file_is_cited_once_with_its_checksum_shape() -> None:
    reports = list(csv.DictReader((ROOT / "data/reports.csv").open(encoding="utf-8")))
    assert reports
    assert len({r["source_file"] for r in reports}) == len(reports)
    assert all(len(r["source_sha256"]) == 64 for r in reports)


@needs_sources
def test_each_sha256_matches_its_source_file() -> None:
    for r in csv.DictReader((ROOT / "data/reports.csv").open(encoding="utf-8")):
        assert sha256_file(SOURCES / r["source_file"]) == r["source_sha256"], r["source_file"]


@needs_sources
def test_each_quote_occurs_in_its_report_and_contains_its_figure() -> None:
    findings = list(check_provenance(load_package(ROOT), SOURCES))
    assert findings == []


@needs_sources
def test_provenance_check_can_fail(tmp_path: Path) -> None:
    """The quote test above is not vacuous: a changed figure is caught."""
    from conftest import copy_package, find_line, set_cell

    pkg = copy_package(tmp_path / "pkg")
    line = find_line(pkg / "data/budgets.csv", report_id="430412-2022-de", item="basic", stage="executed")
    set_cell(pkg / "data/budgets.csv", line, "amount", "132.93")
    rules = {(f.rule, f.line) for f in check_provenance(load_package(pkg), SOURCES)}
    assert ("provenance.figure_not_in_quote", line) in rules


def test_every_fact_row_has_a_short_collapsed_quote() -> None:
    pkg = load_package(ROOT)
    for table in ("budgets", "projects", "indicators", "petition_metrics", "staffing"):
        quotes = pkg.table(table)["source_quote"]
        assert quotes.notna().all(), table
        assert all(len(q) <= 80 and collapse(q) == q for q in quotes), table


def test_anomaly_register_is_complete_and_not_stale() -> None:
    pkg = load_package(ROOT)
    problems = list(check_identities(pkg))
    assert [p for p in problems if p.severity == ERROR] == []
    failing = {c.check_id for c in all_checks(pkg) if not c.ok}
    anomalies = pkg.table("anomalies")
    registered = set(anomalies[anomalies["rule"] != READING]["check_id"])  # identities; reading entries: test_gate_register.py
    assert failing == registered
    assert len([p for p in problems if p.severity == KNOWN]) == len(registered)


def test_register_holds_the_contradictions_the_issue_names() -> None:
    registered = set(load_package(ROOT).table("anomalies")["check_id"])
    # 004: basic 242.11 = personnel 233.32 + public 7.89 (= 241.21); 002: a 9.47% share the amounts put at 8.47%
    assert "parts_sum:510411-2022-fae:budgets:department:gpb:basic:executed:cost_kind" in registered
    assert "share_consistent:430406-2024-dse:budgets:department:gpb:public:executed:1" in registered
    # found by reading (issue 16): each names its rows, which the gate checks (test_gate_register.py)
    assert {
        "reading:510411-2022-fae:three_public_rate",  # 三公经费 完成预算100% against 公务接待费 63.01%
        "reading:510411-2022-fae:centre_cases_handled",  # 7000余 against 8000余 cases
        "reading:510411-2022-fae:initial_budget_parts",  # 年初预算 336.49 against its parts
        "reading:430412-2022-de:visit_batches_by_level",  # 来访113批 against 5 + 8 + 124 = 137
        "reading:440112-2022-dse:supermarket_cases",  # 信访超市 25638宗 against the district's 13506
        "reading:440112-2022-dse:prior_satisfaction_is_score",  # last year's satisfaction = the 履职效能 score
        "reading:430112-2020-dse:internal_divisions",  # two and three internal divisions
        "reading:430406-2024-dse:resolution_rate_of_125",  # 88.9% of 125 cases is no whole number
    } <= registered


def test_values_are_kept_as_printed() -> None:
    pkg = load_package(ROOT)
    b = pkg.table("budgets")
    row = b[(b["report_id"] == "430412-2022-de") & (b["item"] == "basic") & (b["stage"] == "yoy_change")].iloc[0]
    assert row["amount"] == "20.00"  # trailing zeros are the printed precision
    public = b[(b["report_id"] == "510411-2022-fae") & (b["item"] == "public") & (b["fund"] == "gpb") & (b["stage"] == "executed")].iloc[0]
    assert public["amount"] == "7.89"  # stated value kept, the contradiction registered


def test_a_literal_NA_survives_and_missing_is_empty(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "t.csv"
    path.write_text("a,b\nNA,\nN/A,null\n", encoding="utf-8")
    from xinfang.package import Resource

    frame = read_table(tmp_path, Resource("t", "data/t.csv", {"fields": [{"name": "a"}, {"name": "b"}], "missingValues": [""]}))
    assert frame["a"].tolist() == ["NA", "N/A"]
    assert frame["b"].isna().tolist() == [True, False]


def test_descriptor_declares_keys_on_every_table_and_v2_profile() -> None:
    desc = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["$schema"].endswith("/2.0/datapackage.json")
    assert desc["name"] == "xinfang-performance"
    for res in desc["resources"]:
        schema = json.loads((ROOT / res["schema"]).read_text(encoding="utf-8"))
        assert schema.get("primaryKey"), res["name"]
        assert schema.get("missingValues") == [""], res["name"]
        if res["name"] in FACT_TABLES + ("reports", "anomalies"):
            assert schema.get("foreignKeys"), res["name"]


def test_descriptor_sources_match_reports_table() -> None:
    desc = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    reports = list(csv.DictReader((ROOT / "data/reports.csv").open(encoding="utf-8")))
    assert sorted(s["x-file"] for s in desc["sources"]) == sorted(r["source_file"] for r in reports)
    by_file = {s["x-file"]: s for s in desc["sources"]}
    for r in reports:
        assert by_file[r["source_file"]]["x-sha256"] == r["source_sha256"]


@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_report_is_known(table: str) -> None:
    pkg = load_package(ROOT)
    assert set(pkg.table(table)["report_id"]) <= set(pkg.table("reports")["report_id"])
