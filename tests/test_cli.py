"""The command line: exit codes, formats, messages without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, find_line, set_cell
from xinfang.cli import main
from xinfang.package import load_package


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xinfang.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=600)


def test_valid_package_exits_0_json(tmp_path: Path) -> None:
    out = run("validate", str(ROOT), "--format", "json", "--skip", "plausibility", "--data-docs", "")
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    doc = json.loads(out.stdout)
    assert doc["valid"] is True and doc["errors"] == 0
    assert doc["known_inconsistencies"] == len(load_package(ROOT).table("anomalies"))  # each register entry, once


def test_invalid_package_exits_1_with_github_annotations(pkg: Path, tmp_path: Path) -> None:
    path = pkg / "data/budgets.csv"
    line = find_line(path, report_id="430412-2022-de", item="basic", stage="executed")
    set_cell(path, line, "amount", "1,32.39")
    summary = tmp_path / "summary.md"
    out = run("validate", str(pkg), "--format", "github", "--skip", "plausibility", "--data-docs", "",
              env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert out.returncode == 1
    assert f"::error file=data/budgets.csv,line={line},title=structure.type::" in out.stdout
    assert "xinfang validate" in summary.read_text(encoding="utf-8")
    assert "Traceback" not in out.stderr


def test_missing_descriptor_exits_2_without_traceback(tmp_path: Path) -> None:
    out = run("validate", str(tmp_path))
    assert out.returncode == 2 and "datapackage.json" in out.stderr and "Traceback" not in out.stderr


def test_unparsable_descriptor_exits_2(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_text("{not json", encoding="utf-8")
    out = run("validate", str(tmp_path))
    assert out.returncode == 2 and "not valid JSON" in out.stderr and "Traceback" not in out.stderr


def test_bad_arguments_exit_2() -> None:
    assert run("validate", "--format", "xml").returncode == 2
    assert run("validate", "--sources", "/nonexistent/dir").returncode == 2
    assert run("nonsense").returncode == 2


def test_text_format_names_rule_and_hint(pkg: Path) -> None:
    path = pkg / "data/staffing.csv"
    line = find_line(path, report_id="430412-2022-de", category="retired")
    set_cell(path, line, "value", "-1")
    out = run("validate", str(pkg), "--skip", "plausibility", "--data-docs", "")
    assert out.returncode == 1
    assert f"ERROR data/staffing.csv:{line} [value]: rules.minimum" in out.stdout
    assert "→" in out.stdout and "Summary per file and rule" in out.stdout


def test_derive_check_detects_stale_descriptor(pkg: Path) -> None:
    path = pkg / "data/reports.csv"
    set_cell(path, find_line(path, report_id="430406-2024-dse"), "fiscal_year", "2023")
    assert main(["derive", str(pkg), "--check"]) == 1
    assert main(["derive", str(pkg)]) == 0
    assert main(["derive", str(pkg), "--check"]) == 0


def test_safety_layer_cannot_be_skipped() -> None:
    out = run("validate", str(ROOT), "--skip", "safety")
    assert out.returncode == 2 and "safety always runs" in out.stderr
