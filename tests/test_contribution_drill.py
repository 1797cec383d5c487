"""The contribution loop: reports of new types added as data alone pass the gate and the tests.

A copy of this repository (as a clone has it, with the source texts beside it as CI lays them)
gets the two fictional reports of tests/fixtures/contribution (a 部门预算 and a development zone's
部门决算 with a table in 元) and one more report copied under a new report_id; `xinfang derive`
regenerates what is derived; then only data files and generated files differ from this
repository, the whole gate passes with provenance, and the tests that read the data pass in the
copy. `nox -s contribution-drill` runs the whole suite there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from drill import DATA_PATHS, build, changed_files

from conftest import needs_sources
from xinfang.derived.build import derive_all
from xinfang.gate.validate import run_gate
from xinfang.package import load_package

pytestmark = [needs_sources, pytest.mark.skipif(bool(os.environ.get("XINFANG_IN_DRILL")), reason="already inside a drill copy")]

# the tests that read the package's data (the others test code on fixtures of their own)
DATA_TESTS = ["tests/test_curated_package.py", "tests/test_gate_whole.py", "tests/test_derived.py", "tests/test_cli.py",
              "tests/test_dictionary.py", "tests/test_gate_provenance.py", "tests/test_sources.py"]


def test_new_reports_go_in_as_data_alone(tmp_path: Path) -> None:
    repo, shared, added = build(tmp_path / "drill", copy=True)
    assert len(added) >= 3
    derive_all(load_package(repo))
    code_or_tests = [f for f in changed_files(repo) if not DATA_PATHS.match(f)]
    assert code_or_tests == [], "a contribution had to change more than data"
    report = run_gate(repo, sources=[shared], docs_dir=None)
    assert all(state == "ran" for state in report.layers.values()), report.layers
    assert report.valid, [f"{p.location()} {p.rule}: {p.message}" for p in report.errors][:20]
    reports = load_package(repo).table("reports")
    assert set(added) <= set(reports["report_id"])
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *DATA_TESTS], cwd=repo,
                            capture_output=True, text=True, timeout=1200, env={**os.environ, "XINFANG_IN_DRILL": "1"})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
