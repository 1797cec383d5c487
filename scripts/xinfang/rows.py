"""A table's rows in memory as CSV gives them (header first, cells as text), addressed by column
name: what synth's faults and the tests' fault helpers both edit."""

from __future__ import annotations

import csv
import io
from pathlib import Path

Rows = list[list[str]]


def read_rows(path: Path) -> Rows:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def csv_text(rows: Rows) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def write_rows(path: Path, rows: Rows) -> None:
    path.write_text(csv_text(rows), encoding="utf-8")


def find_row(rows: Rows, **match: str) -> int:
    """Index (0 = header; the CSV line is index + 1) of the first row whose cells equal the given values."""
    header = rows[0]
    cols = [(header.index(k), v) for k, v in match.items()]
    for i in range(1, len(rows)):
        if all(rows[i][c] == v for c, v in cols):
            return i
    raise LookupError(f"no row {match}")


def get_cell(rows: Rows, i: int, column: str) -> str:
    return rows[i][rows[0].index(column)]


def set_cell(rows: Rows, i: int, column: str, value: str) -> None:
    rows[i][rows[0].index(column)] = value
