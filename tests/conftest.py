"""Fixtures: copies of the real package to inject faults into, and the gate to run on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from xinfang import rows
from xinfang.gate.validate import run_gate
from xinfang.package import copy_package as package_copy
from xinfang.problems import Report
from xinfang.rows import read_rows, write_rows

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
