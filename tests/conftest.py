"""Fixtures: copies of the real package to inject faults into, and the gate to run on them.

Also the rule catalogue's coverage (gate/catalogue.py): the tests run in strict mode (a check that
emits an undeclared id, severity or hint variant raises), every rule id of every gate Report made
during the session is recorded, and when the whole of tests/ ran and passed, the session fails if
a catalogued rule never fired or a report held an id the catalogue lacks (pytest_sessionfinish).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from xinfang.gate.catalogue import CATALOGUE, STRICT_ENV
from xinfang.gate.profiles import CACHE_ENV

os.environ[STRICT_ENV] = "1"  # before any gate runs (worker processes inherit it)
os.environ[CACHE_ENV] = ""  # no verdicts kept between runs: each test judges its own documents (tests/test_gate_profiles.py tests the cache)

from xinfang import rows  # noqa: E402
from xinfang.gate.validate import run_gate  # noqa: E402
from xinfang.package import copy_package as package_copy  # noqa: E402
from xinfang.problems import Problem, Report  # noqa: E402
from xinfang.rows import read_rows, write_rows  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / ".." / "shared" / "sources").resolve()


def have_sources() -> bool:
    return SOURCES.is_dir()


needs_sources = pytest.mark.skipif(not SOURCES.is_dir(), reason=f"source reports not found at {SOURCES} (provenance needs ../shared/sources)")


def copy_package(dest: Path) -> Path:
    return package_copy(ROOT, dest)


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    return copy_package(tmp_path / "pkg")


def find_line(path: Path, **match: str) -> int:
    """CSV line number (header = 1) of the first row whose cells equal the given values."""
    try:
        return rows.find_row(read_rows(path), **match) + 1
    except LookupError:
        raise AssertionError(f"no row {match} in {path}") from None


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    table = read_rows(path)
    rows.set_cell(table, line - 1, column, value)
    write_rows(path, table)


def get_cell(path: Path, line: int, column: str) -> str:
    return rows.get_cell(read_rows(path), line - 1, column)


def gate(path: Path, sources: bool = False, plausibility: bool = False) -> Report:
    skip = () if plausibility else ("plausibility",)
    return run_gate(path, sources=SOURCES if sources and SOURCES.is_dir() else None, docs_dir=None, skip=skip)


def errors(report: Report, rule: str) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.line, p.column) for p in report.errors if p.rule == rule]


# ---------------------------------------------------------------------------------------------- the catalogue's coverage

FIRED: set[str] = set()  # every rule id added to a gate Report during the session
_DESELECTED: list[Any] = []
_report_add = Report.add


def _recording_add(self: Report, problem: Problem) -> None:
    FIRED.add(problem.rule)
    _report_add(self, problem)


Report.add = _recording_add  # type: ignore[method-assign]


def pytest_deselected(items: list[Any]) -> None:
    _DESELECTED.extend(items)


def whole_suite(session: pytest.Session) -> bool:
    """Whether this session ran every test of tests/ (no file, node, -k, -m or --deselect selection)."""
    tests = Path(__file__).resolve().parent
    args = session.config.args
    return bool(args) and not _DESELECTED and all("::" not in a and Path(a).resolve() in (tests, tests.parent) for a in args)


def needs_sources_only() -> set[str]:
    """The rules only the provenance layer reports (from the source texts): not provable without them."""
    return {r.id for r in CATALOGUE.values() if r.layer == "provenance" and r.id != "provenance.skipped"} | {"safety.source_path"}


def coverage_failures(fired: set[str], sources: bool) -> list[str]:
    exempt = set() if sources else needs_sources_only()
    never = sorted(set(CATALOGUE) - fired - exempt)
    undeclared = sorted(fired - set(CATALOGUE))
    out = [f"catalogued rule {r} was triggered by no test: add a fault test that makes the gate report it" for r in never]
    out += [f"a gate report held the rule id {r}, which the catalogue (scripts/xinfang/gate/catalogue.py) lacks" for r in undeclared]
    return out


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    cache = getattr(session.config, "cache", None)
    if cache is not None:  # what this session triggered, for a look at a partial run (pytest --cache-show 'xinfang/*')
        cache.set("xinfang/rules_fired", sorted(FIRED))
    if exitstatus != 0 or not whole_suite(session):
        return
    failures = coverage_failures(FIRED, have_sources())
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for line in failures:
        if reporter is not None:
            reporter.write_line(f"RULE CATALOGUE: {line}", red=True)
    if failures:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter is not None:
        untested = "" if have_sources() else f" ({len(needs_sources_only())} provenance rules not proven: no ../shared/sources)"
        reporter.write_line(f"rule catalogue: each of its {len(CATALOGUE)} rules was triggered by a test{untested}; no report held another id")
