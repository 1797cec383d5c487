"""The data dictionary is generated from the schemas, covers every resource, and the committed copy is current."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import ROOT
from xinfang.derived.build import derive_all
from xinfang.package import load_package
from xinfang.release import dictionary


def test_committed_dictionary_is_current() -> None:
    assert dictionary.sync(ROOT, check_only=True) == [], "docs/data-dictionary.md is stale: run `xinfang derive`"


def test_every_field_with_type_unit_constraints_labels_and_references() -> None:
    pkg = load_package(ROOT)
    rows = list(csv.DictReader(io.StringIO(dictionary.render_csv(pkg))))
    assert len(rows) == sum(len(r.fields) for r in pkg.resources.values())
    amount = next(r for r in rows if r["table"] == "budgets" and r["field"] == "amount")
    assert (amount["type"], amount["unit"], amount["title_zh"], amount["sqlite"]) == ("number", "万元", "金额（万元）", "TEXT (as printed)")
    fund = next(r for r in rows if r["table"] == "budgets" and r["field"] == "fund")
    assert fund["references"] == "→ funds.fund_id" and fund["required"] == "true"
    project = next(r for r in rows if r["table"] == "budgets" and r["field"] == "project_id")
    assert project["references"] == "→ projects (report_id, project_id) together" and project["required"] == "true"
    md = dictionary.render(pkg)
    assert "| `approx_marker` | string |  | one of `余` / `多`" in md


def test_a_new_resource_is_picked_up_and_derive_check_fails_until_regenerated(pkg: Path) -> None:
    for doc in ("docs/data-dictionary.md",):
        (pkg / doc).parent.mkdir(parents=True, exist_ok=True)
        (pkg / doc).write_text((ROOT / doc).read_text(encoding="utf-8"), encoding="utf-8")
    (pkg / "data/derived").mkdir(parents=True, exist_ok=True)
    (pkg / "data/derived/panel.csv").write_text("unit_id,fiscal_year,total\nxfj-430412,2022,97.80\n", encoding="utf-8")
    schema = {"fields": [{"name": "unit_id", "type": "string", "title": "Unit", "x-title-zh": "单位"},
                         {"name": "fiscal_year", "type": "year", "title": "Year"},
                         {"name": "total", "type": "number", "unit": "万元", "title": "Total"}],
              "primaryKey": ["unit_id", "fiscal_year"],
              "foreignKeys": [{"fields": ["unit_id"], "reference": {"resource": "units", "fields": ["unit_id"]}}]}
    (pkg / "schemas/panel.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"].append({"name": "panel", "path": "data/derived/panel.csv", "schema": "schemas/panel.schema.json", "title": "Panel"})
    (pkg / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert "docs/data-dictionary.md" in derive_all(load_package(pkg), check_only=True)
    derive_all(load_package(pkg))
    text = (pkg / "docs/data-dictionary.md").read_text(encoding="utf-8")
    assert "## panel" in text and "| `total` | number | 万元 |" in text and "→ units.unit_id" in text
    assert derive_all(load_package(pkg), check_only=True) == []
