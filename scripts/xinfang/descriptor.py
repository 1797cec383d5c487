"""The parts of datapackage.json generated from the data: `sources` (one per report).

reports.csv is the one definition of each source; the descriptor's `sources` list is written
from it by `xinfang derive`, and the gate fails when the two disagree.
"""

from __future__ import annotations

import json
from typing import Any

from .package import Package, records


def sources_from_reports(pkg: Package) -> list[dict[str, Any]]:
    units = {u["unit_id"]: u for u in records(pkg.table("units"))}
    out = []
    for r in records(pkg.table("reports").sort_values("report_id")):
        unit = units.get(r["unit_id"], {})
        out.append({
            "title": f"{r['title_zh']} ({r['title_en']})",
            "x-report-id": r["report_id"],
            "x-unit": unit.get("name_zh", r["unit_id"]),
            "x-unit-en": unit.get("name_en", ""),
            "x-fiscal-year": int(r["fiscal_year"]),
            "x-file": r["source_file"],
            "x-sha256": r["source_sha256"],
        })
        for key, column in (("path", "source_url"), ("x-archive-url", "archive_url"), ("x-retrieved-on", "retrieved_on")):
            if isinstance(r.get(column), str) and r[column]:
                out[-1][key] = r[column]
    return out


def dump(descriptor: dict[str, Any]) -> str:
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


