"""The fixtures of the contributor assistant (every tests/fixtures/extract_* set: held-out and
development sets alike) are well-formed.

These tests check the fixtures, never the assistant's score: each expected table has exactly the
package's columns and passes its Table Schema (types, constraints, enums; foreign keys checked
here against the codelists, since the fixtures are not in data/), quotes occur verbatim in the
report and hold their figures (the gate's own provenance rules), row numbering is a sequence, and
the texts carry no personal data (the gate's own safety patterns and denylist).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from frictionless import Resource, Schema

from xinfang.gate.provenance import figure_in_quote
from xinfang.gate.safety import EMAIL, ID18, PHONE, denylisted, load_denylist
from xinfang.quotes import collapse, spaceless

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# the held-out sets (extract_heldout2, extract_heldout3 …) are checked by their writers and opened by nobody
# developing (a failure here would print their rows); extract_heldout is a development set since issue 15
SETS = sorted(p for p in FIXTURES.glob("extract_*") if p.is_dir() and not re.fullmatch(r"extract_heldout\d+", p.name))
TABLES = ("budgets", "petition_metrics", "staffing", "indicators", "projects", "issues")
REPORTS = [f"{s.name}/{p.stem}" for s in SETS for p in sorted(s.glob("*.txt"))]  # set/report, each checked alike
# columns whose figure the quote must hold (the gate's provenance checks a subset of these);
# a project's table totals stand in its 合计 row, so projects' figures are checked against the text
QUOTED = {
    "budgets": ("amount", "share_pct", "rate_pct", "change_pct"),
    "petition_metrics": ("value", "change_pct"),
    "staffing": ("value",),
    "indicators": ("weight", "score", "target_value", "actual_value"),
    "projects": ("initial_budget", "adjusted_budget", "budget_unspecified", "executed", "execution_rate_pct"),
}
IN_TEXT = {"projects": ("total_weight", "total_score")}
SEQUENCE = {"budgets": "line", "petition_metrics": "line", "staffing": "line", "indicators": "row", "issues": "line"}


def schema(table: str) -> dict:
    return json.loads((ROOT / "schemas" / f"{table}.schema.json").read_text(encoding="utf-8"))


def rows(report: str, table: str) -> list[dict[str, str]]:
    with (FIXTURES / report / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def text(report: str) -> str:
    return (FIXTURES / f"{report}.txt").read_text(encoding="utf-8")


def as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def codelist_paths() -> dict[str, Path]:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: ROOT / r["path"] for r in descriptor["resources"] if str(r.get("path", "")).startswith("data/codelists/")}


@pytest.mark.parametrize("folder", SETS, ids=[s.name for s in SETS])
def test_each_set_has_reports_and_a_readme(folder: Path) -> None:
    assert list(folder.glob("*.txt")), f"{folder}: no report texts"
    assert (folder / "README.md").is_file(), f"{folder}: a set says in its README who wrote it, how, and what it saw"


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("table", TABLES)
def test_columns_and_schema(report: str, table: str) -> None:
    path = FIXTURES / report / f"{table}.csv"
    assert path.is_file(), f"{path} missing (write the header alone when the report has no such rows)"
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    descriptor = schema(table)
    assert header == [f["name"] for f in descriptor["fields"]], f"{path}: columns must be the schema's fields, in order"
    descriptor.pop("foreignKeys", None)  # checked below against the codelists
    report_ = Resource(path=path.name, basepath=str(path.parent), schema=Schema.from_descriptor(descriptor)).validate()
    assert report_.valid, f"{path}: " + "; ".join(f"{t}: {m}" for t, m in report_.flatten(["type", "message"]))


@pytest.mark.parametrize("report", REPORTS)
def test_codes_exist_in_codelists(report: str) -> None:
    paths = codelist_paths()
    projects = {r["project_id"] for r in rows(report, "projects")}
    bad = []
    for table in TABLES:
        for fk in schema(table).get("foreignKeys", []):
            fields, ref_fields = as_list(fk["fields"]), as_list(fk["reference"]["fields"])
            field, ref_field = fields[-1], ref_fields[-1]  # (report_id, project_id) → projects: one report per fixture
            resource = fk["reference"]["resource"]
            if resource == "projects":
                allowed = projects
            elif resource in paths:
                with paths[resource].open(encoding="utf-8", newline="") as fh:
                    allowed = {r[ref_field] for r in csv.DictReader(fh)}
            else:
                continue  # reports: the fixtures are not in data/reports.csv
            bad += [f"{table} {SEQUENCE.get(table, 'row')} {i}: {field}={r[field]!r} not in {resource}"
                    for i, r in enumerate(rows(report, table), 1) if r[field] and r[field] not in allowed]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("report", REPORTS)
def test_one_report_id_and_numbering(report: str) -> None:
    ids = {r["report_id"] for t in TABLES for r in rows(report, t)}
    assert len(ids) == 1, f"{report}: one report_id expected, got {ids}"
    with (ROOT / "data" / "reports.csv").open(encoding="utf-8", newline="") as fh:
        assert not ids & {r["report_id"] for r in csv.DictReader(fh)}, "held-out report ids must not collide with the package's reports"
    for table, col in SEQUENCE.items():
        assert [r[col] for r in rows(report, table)] == [str(i) for i in range(1, len(rows(report, table)) + 1)], f"{report}/{table}: {col} must run 1, 2, 3 …"
    kinds = {r["row"]: r["row_kind"] for r in rows(report, "indicators")}
    for r in rows(report, "indicators"):
        assert not r["parent_row"] or kinds.get(r["parent_row"]) == "subtotal", f"{report}/indicators row {r['row']}: parent_row must be a subtotal row"


@pytest.mark.parametrize("report", REPORTS)
def test_quotes_are_verbatim_and_hold_their_figures(report: str) -> None:
    body = collapse(text(report))
    bad = []
    for table, cols in QUOTED.items():
        for i, r in enumerate(rows(report, table), 1):
            quote = r["source_quote"]
            if len(collapse(quote)) > 80:
                bad.append(f"{table} {i}: quote longer than 80 characters")
            if collapse(quote) not in body and spaceless(quote) not in spaceless(body):  # white space aside, as the gate
                bad.append(f"{table} {i}: quote not in the text: {quote}")
            bad += [f"{table} {i}: {c} {r[c]} not in its quote {quote}" for c in cols if r[c] and not figure_in_quote(r[c], quote)]
            bad += [f"{table} {i}: {c} {r[c]} not in the text" for c in IN_TEXT.get(table, ()) if r[c] and not figure_in_quote(r[c], body)]
    for i, r in enumerate(rows(report, "issues"), 1):
        if r["text_zh"] != "无" and spaceless(r["text_zh"]) not in spaceless(body):
            bad.append(f"issues {i}: text_zh not in the text: {r['text_zh']}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("report", REPORTS)
def test_no_personal_data(report: str) -> None:
    body = text(report)
    cells = [v for t in TABLES for r in rows(report, t) for v in r.values()]
    for pattern in (PHONE, ID18, EMAIL):
        assert not pattern.search(body), f"{report}.txt: {pattern.pattern[:30]}… matches"
        assert not [c for c in cells if pattern.search(c)]
    by_len = load_denylist(ROOT)
    assert not denylisted(body, by_len), f"{report}.txt holds a name on the denylist"
