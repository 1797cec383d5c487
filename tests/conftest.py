"""Fixtures: copies of the real package to inject faults into, and the gate to run on them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from xinfang.gate.validate import run_gate
from xinfang.package import copy_package as package_copy
from xinfang.problems import Report

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


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def find_line(path: Path, **match: str) -> int:
    """CSV line number (header = 1) of the first row whose cells equal the given values."""
    rows = read_rows(path)
    header = rows[0]
    for i, row in enumerate(rows[1:], start=2):
        if all(row[header.index(k)] == v for k, v in match.items()):
            return i
    raise AssertionError(f"no row {match} in {path}")


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    rows = read_rows(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def get_cell(path: Path, line: int, column: str) -> str:
    rows = read_rows(path)
    return rows[line - 1][rows[0].index(column)]


def gate(path: Path, sources: bool = False, plausibility: bool = False) -> Report:
    skip = () if plausibility else ("plausibility",)
    return run_gate(path, sources=SOURCES if sources and SOURCES.is_dir() else None, docs_dir=None, skip=skip)


def errors(report: Report, rule: str) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.line, p.column) for p in report.errors if p.rule == rule]
