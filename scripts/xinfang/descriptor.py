"""The parts of datapackage.json generated from the data: `sources` (one per report).

reports.csv is the one definition of each source; the descriptor's `sources` list is written
from it by `xinfang derive`, and the gate fails when the two disagree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .package import Package, records

# the columns of reports.csv each source is written from, and the optional ones (written when not empty)
SOURCE_COLUMNS = ("report_id", "unit_id", "title_zh", "title_en", "fiscal_year", "source_file", "source_sha256")
OPTIONAL_KEYS = (("path", "source_url"), ("x-archive-url", "archive_url"), ("x-retrieved-on", "retrieved_on"))


def sources_from_reports(pkg: Package) -> list[dict[str, Any]]:
    """One source per report, in the order of report_id."""
    return list(iter_sources(pkg))


def iter_sources(pkg: Package) -> Iterator[dict[str, Any]]:
    """sources_from_reports one source at a time (read column-wise: a national package has tens
    of thousands of reports; a check that compares them need not hold them all)."""
    units = {u["unit_id"]: u for u in records(pkg.table("units"))}
    reports = pkg.table("reports")
    wanted = [c for c in (*SOURCE_COLUMNS, *(c for _, c in OPTIONAL_KEYS)) if c in reports.columns]
    reps = reports[wanted].sort_values("report_id")
    if not len(reps):
        return
    column = {c: reps[c].tolist() for c in wanted}
    absent = [None] * len(reps)
    required = [column[c] for c in SOURCE_COLUMNS]  # a column the table lacks: KeyError, as for a row without it
    optional = [column.get(c, absent) for _, c in OPTIONAL_KEYS]
    for (report_id, unit_id, title_zh, title_en, year, file, sha256), extra in zip(zip(*required, strict=True), zip(*optional, strict=True), strict=True):
        unit = units.get(unit_id, {})
        source = {
            "title": f"{title_zh} ({title_en})",
            "x-report-id": report_id,
            "x-unit": unit.get("name_zh", unit_id),
            "x-unit-en": unit.get("name_en", ""),
            "x-fiscal-year": int(year),
            "x-file": file,
            "x-sha256": sha256,
        }
        for (key, _), value in zip(OPTIONAL_KEYS, extra, strict=True):
            if isinstance(value, str) and value:
                source[key] = value
        yield source


def dump(descriptor: dict[str, Any]) -> str:
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


