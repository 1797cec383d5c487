"""Run every extractor on a report's text and write the draft: one CSV per table with exactly the
package's columns (from `schemas/`) plus `confidence`, `unplaced.csv`, and a summary.

`confidence` (high / medium / low, see model.py) says how the row was read: `high` when figure,
code and stage or period were all read from explicit terms next to the figure; `medium` when one of
them was inherited from the sentence, section or table position; `low` when a default was used.
It is a review aid only: drop the column when moving rows into `data/`.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..gate.provenance import figure_in_quote
from ..keys import DEPARTMENT
from ..package import repository_root
from . import budgets, indicators, issues, petitions, staffing
from .document import FALLBACK_TYPE, title_of, type_from_report_id, type_from_title
from .model import MAX_QUOTE, Draft, ReportText, project_row, verbatim
from .text import collapse, read_text, without_margin
from .unplaced import unplaced
from .vocabulary import Vocabulary

TABLES = ("budgets", "petition_metrics", "staffing", "indicators", "projects", "issues")
ORDER_COLUMN = {"budgets": "line", "petition_metrics": "line", "staffing": "line", "issues": "line", "indicators": "row"}
STATEMENT_KEYS = {"budgets": ("project_id", "fund", "item", "stage"), "petition_metrics": ("metric", "scope", "period"), "staffing": ("category", "scope")}


def package_root(start: Path | None = None) -> Path:
    """The data package whose codelists and schemas define the draft (the repository by default)."""
    return start if start is not None else repository_root()


def columns(root: Path, table: str) -> list[str]:
    schema = json.loads((root / "schemas" / f"{table}.schema.json").read_text(encoding="utf-8"))
    return [f["name"] for f in schema["fields"]]


def extract_text(text: str, voc: Vocabulary, report_id: str = "", report_type: str | None = None) -> ReportText:
    """Draft every table of a report. The report type (for the stage of figures whose sentence names
    none) is `report_type`, else the one whose abbreviation ends `report_id`, else the one its title names."""
    # a text whose every line is set in by the same margin (an export's left margin): the margin is no indent of a
    # paragraph, so wrapped lines are joined as in any text (quotes are unchanged: white space is collapsed in them)
    rep = ReportText.parse(without_margin(text), voc)
    rtype = report_type or type_from_report_id(report_id, voc.report_types) or type_from_title(title_of(text)) or FALLBACK_TYPE
    rep.report_type = rtype
    ym = re.search(r"-((?:19|20)\d{2})-", report_id)
    rep.year = int(ym.group(1)) if ym else 0
    if rtype in voc.report_types and voc.report_types[rtype].default_stage:
        rep.default_stage = voc.report_types[rtype].default_stage
    indicators.extract_tables(rep)
    indicators.extract_prose(rep)
    budgets.extract(rep)
    staffing.extract(rep)
    petitions.metric_tables(rep)
    petitions.extract(rep)
    petitions.extract_none(rep)
    issues.extract(rep)
    _projects_from_prose(rep)
    indicators.targets_tables(rep, {budgets.same_project(d.values["name_zh"]): d.values["project_id"] for d in rep.drafts
                                    if d.table == "projects" and d.values.get("name_zh")})
    indicators.prose_restated_by_table(rep)
    issues.extract_inline(rep, {d.pos[0]: d.values["project_id"] for d in rep.drafts if d.table == "budgets" and d.values.get("_project_name")})
    if rtype == "project_self_evaluation":
        _issues_of_their_project(rep)
    _project_totals(rep, own_line=rtype != "project_self_evaluation")
    _number(rep, report_id)
    if rep.joined:
        body = collapse(text)
        for d in rep.drafts:
            if d.values.get("source_quote"):
                d.values["source_quote"] = verbatim(d.values["source_quote"], body)
    return rep


def _projects_from_prose(rep: ReportText) -> None:
    """Projects named in prose (区内接访经费支出 0.14万元, X项目预算 72 万元): one row each, amounts by stage."""
    seen: dict[str, dict[str, Any]] = {}
    # a project a table names is the project of the prose that names it: its figures are the table's 总额 row, or,
    # when the table printed none the assistant could read, the text's (on the table's row, quoted from the text)
    tabled = {d.values["project_id"]: d.values for d in rep.drafts if d.table == "projects"}
    for d in [d for d in rep.drafts if d.table == "budgets" and d.values.get("_project_name") and not d.values.get("_part")]:
        name = d.values["_project_name"]
        table_row = tabled.get(d.values["project_id"])
        if table_row is not None and name not in seen:
            if any(table_row.get(c) for c in PROJECT_FIGURES):
                continue
            table_row["source_quote"] = d.values["source_quote"]
            seen[name] = table_row
        if name not in seen:
            seen[name] = rep.add("projects", project_row(d.values["project_id"], name, d.values["source_quote"], "no project table: amounts from the text"),
                                 "medium", d.pos).values
        p = seen[name]
        stage = d.values["stage"]
        # (a project's amounts are of one unit, projects.unit: the first amount's, as printed, 万元 or 元; one printed in
        # another stays in budgets, nothing converted; the amount spent stated with its execution rate is the project's
        # execution, before one stated without it)
        with_rate = stage == "executed" and bool(d.values["rate_pct"]) and not p["execution_rate_pct"]
        unit = d.values.get("unit") or "万元"
        one_unit = not any(p[s] for s in PROJECT_AMOUNTS) or p.get("unit", "万元") == unit
        if stage in PROJECT_AMOUNTS and (not p[stage] or with_rate) and one_unit:
            p[stage], p["unit"] = d.values["amount"], unit
        if d.values["rate_pct"] and not p["execution_rate_pct"] and stage == "executed":  # (到位率 is the received row's)
            p["execution_rate_pct"] = d.values["rate_pct"]
        p.setdefault("_quotes", []).append((d.pos[0], d.values["source_quote"], d.pos[1]))
    for p in seen.values():
        _project_quote(rep, p)


def _project_starts(rep: ReportText) -> dict[str, int]:
    """The line each project's rows (its table, its amounts) begin on."""
    starts: dict[str, int] = {}
    for d in rep.drafts:
        pid = d.values.get("project_id", "")
        if d.table in ("projects", "budgets", "indicators") and pid and pid != DEPARTMENT:
            starts[pid] = min(starts.get(pid, d.pos[0]), d.pos[0])
    return starts


PROJECT_SCORE = re.compile(r"(?<!平均)(?:项目)?自评(?:总)?得分(?:为)?\s*(\d+(?:\.\d+)?)\s*分")  # (3个项目平均自评得分: no project's)
SUM_SCORE = re.compile(r"[，,]\s*合计\s*(\d+(?:\.\d+)?)\s*分")  # …满意度指标10分得6分，合计86.5分: the project's total
FULL_MARKS = re.compile(r"满分\s*(\d+(?:\.\d+)?)\s*分")
GRADE = re.compile(r"(?:评价|自评)等级(?:为|是)?[“\"]?(优秀|良好|一般|较差|优|良|中|差)")
GRADES = {"优秀": "优", "良好": "良", "一般": "中", "较差": "差"}
# on a project's own stretch of its line (a final account's list of projects evaluated: X项目，调整预算…、支出…，评价得分94分，
# 等级“优”；Y项目…，得分88分，等级为良) a bare 得分 and 等级 are the project's
OWN_SCORE = re.compile(r"(?<!平均)(?<!指标)(?:项目)?(?:自评|评价)?(?:总)?得分(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
OWN_GRADE = re.compile(r"(?:评价|自评)?等级(?:为|是)?[“\"]?(优秀|良好|一般|较差|优|良|中|差)")


def _project_totals(rep: ReportText, own_line: bool = False) -> None:
    """A project self-evaluation's prose totals (满分100分，自评得分94.64分，评价等级为“优”): the total weight, score
    and grade of the project whose section states them (a table's 合计 comes first; a level's points in
    brackets, （分值50分，自评得分48分）, are the level's). In other reports (a final account's list of projects:
    1.X经费：年初预算…，执行率97.71%，自评得分95分) only the line a project's rows begin on is its own."""
    first_line = _project_starts(rep)
    starts = sorted((line, pid) for pid, line in first_line.items())
    rows = {d.values["project_id"]: d.values for d in rep.drafts if d.table == "projects"}
    # where on its line each project's amounts begin (several projects on one line: 其中X项目支出38.5万元，自评得分95分；Y项目…)
    offsets: dict[str, int] = {}
    for d in rep.drafts:
        pid = d.values.get("project_id", "")
        if d.table == "budgets" and pid in rows and d.pos[0] == first_line.get(pid):
            offsets[pid] = min(offsets.get(pid, d.pos[1]), d.pos[1])
    on_line: dict[int, list[str]] = {}
    for line, pid in starts:
        on_line.setdefault(line, []).append(pid)
    numbers = sorted(rep.lines)
    for k, (line, pid) in enumerate(starts):
        p = rows.get(pid)
        if p is None or p["total_score"]:
            continue
        end = line + 1 if own_line else starts[k + 1][0] if k + 1 < len(starts) else max(rep.lines, default=0) + 1
        after = [offsets[q] for q in on_line[line] if offsets.get(q, -1) > offsets.get(pid, 0)] if own_line else []
        for no in numbers[bisect.bisect_left(numbers, line):bisect.bisect_left(numbers, end)]:
            text = rep.lines[no].text
            lo, hi = (offsets.get(pid, 0), min(after, default=len(text))) if own_line else (0, len(text))
            scores = (OWN_SCORE if own_line else PROJECT_SCORE).finditer(text, lo, hi)
            sm = next((m for m in scores if text.rfind("（", 0, m.start()) <= text.rfind("）", 0, m.start())), None)
            sm = sm or (SUM_SCORE.search(text) if not own_line else None)
            fm, gm = FULL_MARKS.search(text), (OWN_GRADE.search(text, lo, hi) if own_line else GRADE.search(text))
            if sm and not p["total_score"] and own_line and not _quote_holds(p, text, sm.start(), sm.end()):
                sm = None  # (a score its row's quote cannot hold with the amounts is named apart: docs/transcription.md, 0.3.0)
            if sm and not p["total_score"]:
                p["total_score"] = sm.group(1)
                if fm and fm.end() <= sm.start():
                    p["total_weight"] = fm.group(1)
            if gm and not p["grade"]:
                p["grade"] = GRADES.get(gm.group(1), gm.group(1))


def _quote_holds(p: dict[str, Any], text: str, start: int, end: int) -> bool:
    """Whether the project row's quote, widened on its line to the words at start:end, stays within the quote's
    length (…执行率84.42%，自评得分91.5分); if so the quote is widened."""
    at = text.find(p["source_quote"]) if p["source_quote"] else -1
    if at < 0:
        return True  # (a quote of another line or a table: the score is the text's as before)
    a, b = min(at, start), max(at + len(p["source_quote"]), end)
    if b - a > MAX_QUOTE:
        return False
    p["source_quote"] = text[a:b]
    return True


def _issues_of_their_project(rep: ReportText) -> None:
    """In a project self-evaluation every section is a project's: an issue of no project belongs to the
    project whose rows (its table, its amounts) begin last before it."""
    starts = _project_starts(rep)
    for d in rep.drafts:
        if d.table == "issues" and not d.values.get("project_id"):
            before = [(line, pid) for pid, line in starts.items() if line < d.pos[0]]
            if before:
                d.values["project_id"] = max(before)[1]


PROJECT_AMOUNTS = ("initial_budget", "adjusted_budget", "budget_unspecified", "executed")  # in projects.unit
PROJECT_FIGURES = (*PROJECT_AMOUNTS, "execution_rate_pct")


def _project_quote(rep: ReportText, p: dict[str, Any]) -> None:
    """A project from prose is quoted with the passage of its line that holds all its figures (from the
    first amount's quote to the last's); when that passage is longer than 80 characters, or the amounts
    stand on several lines, the first quote is kept and the figures it does not hold are left to the
    budget rows (each quoted there), so the project row passes the gate's provenance check."""
    quotes = p.pop("_quotes")
    line_no = quotes[0][0]
    text = rep.lines[line_no].text if line_no in rep.lines else ""
    spans = [(text.find(q), text.find(q) + len(q)) for no, q, _ in quotes if no == line_no and q and text.find(q) >= 0]
    fitted = False
    if spans and len(spans) == len(quotes):
        a, b = min(s for s, _ in spans), max(e for _, e in spans)
        if b - a > MAX_QUOTE:
            # （一）X经费（项目编码…）：年初预算30.00万元，…: the passage from the clause of the first amount, the name left out
            first = min(pos for _, _, pos in quotes)
            a = max(a, max(text.rfind(c, a, first) for c in "：:，,；;") + 1)
        if b - a <= MAX_QUOTE:
            p["source_quote"], fitted = text[a:b].strip(), True
    if not fitted:
        # the quote that holds most of the project's figures (the executed amount and its rate before its budget)
        held = [(sum(1 for c in PROJECT_FIGURES if p[c] and figure_in_quote(p[c], q)), k, q) for k, (_, q, _) in enumerate(quotes)]
        p["source_quote"] = max(held)[2] if held else p["source_quote"]
    for col in PROJECT_FIGURES:
        if p[col] and not figure_in_quote(p[col], p["source_quote"]):
            p[col] = ""


def _department(rep: ReportText) -> None:
    """Rows of no project belong to the project ``department`` (the key (report_id, project_id) has no
    missing part): set it, and draft the report's ``department`` row of projects, quoting its first line."""
    own = [d for d in rep.drafts if d.table in ("budgets", "indicators", "issues") and not d.values.get("project_id")]
    for d in own:
        d.values["project_id"] = DEPARTMENT
    if own and not any(d.table == "projects" and d.values.get("project_id") == DEPARTMENT for d in rep.drafts):
        first = min(rep.lines) if rep.lines else 0
        quote = collapse(rep.lines[first].text)[:MAX_QUOTE] if rep.lines else ""
        rep.add("projects", project_row(DEPARTMENT, "部门整体", quote, "Not a project: the subject of the department's own facts",
                                        name_en="The department as a whole (not a project)", report_id=own[0].values.get("report_id", "")),
                "low", (first, -1))


def _number(rep: ReportText, report_id: str) -> None:
    """Sequence numbers in reading order, statement numbers per fact, parent rows of indicators."""
    for table in TABLES:
        rows = sorted((d for d in rep.drafts if d.table == table), key=lambda d: d.pos)
        seen: Counter[tuple[str, ...]] = Counter()
        ids: dict[str, int] = {}
        for i, d in enumerate(rows, 1):
            d.values["report_id"] = report_id
            if table in ("budgets", "projects"):
                d.values.setdefault("unit", "万元")  # the assistant reads amounts in 万元 (a table or text in 元: check and set 元)
            if table in ORDER_COLUMN:
                d.values[ORDER_COLUMN[table]] = str(i)
            if table in STATEMENT_KEYS:
                key = tuple(str(d.values.get(k, "")) for k in STATEMENT_KEYS[table])
                seen[key] += 1
                d.values["statement"] = str(seen[key])
            if "_id" in d.values and d.values["_id"]:
                ids[d.values["_id"]] = i
        for d in rows:
            if d.values.get("_parent"):
                d.values["parent_row"] = str(ids.get(d.values["_parent"], ""))


def rows_of(rep: ReportText, table: str) -> list[Draft]:
    return sorted((d for d in rep.drafts if d.table == table), key=lambda d: d.pos)


def to_csv(cols: list[str], rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in cols})
    return buf.getvalue()


def write_draft(rep: ReportText, root: Path, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    _department(rep)
    counts: dict[str, int] = {}
    for table in TABLES:
        cols = columns(root, table) + ["confidence"]
        rows = []
        for d in rows_of(rep, table):
            rows.append({**d.values, "confidence": d.confidence})
        (out / f"{table}.csv").write_text(to_csv(cols, rows), encoding="utf-8")
        counts[table] = len(rows)
    left = unplaced(rep)
    (out / "unplaced.csv").write_text(to_csv(["line", "number", "unit", "kind", "context"], left), encoding="utf-8")
    counts["unplaced"] = len(left)
    return counts


def extract_file(path: Path, root: Path, report_id: str = "") -> tuple[ReportText, str]:
    text, encoding = read_text(path)
    voc = Vocabulary.load(root / "data" / "codelists")
    return extract_text(text, voc, report_id), encoding


def append_to_package(rep: ReportText, root: Path) -> dict[str, int]:
    """Append the draft rows (without `confidence`) to the package's data/<table>.csv (asked for with --into-data)."""
    counts: dict[str, int] = {}
    for table in TABLES:
        rows = [d.values for d in rows_of(rep, table)]
        if not rows:
            continue
        cols = columns(root, table)
        body = to_csv(cols, rows).split("\n", 1)[1]
        path = root / "data" / f"{table}.csv"
        existing = path.read_text(encoding="utf-8") if path.exists() else to_csv(cols, [])
        if existing and not existing.endswith("\n"):
            existing += "\n"
        path.write_text(existing + body, encoding="utf-8")
        counts[table] = len(rows)
    return counts
