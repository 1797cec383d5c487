"""`xinfang new-report REPORT.txt --out DIR`: scaffold a contribution.

Writes the `units` row (when the unit is new) and the `reports` row, the draft of `extract`, and a
CHECKLIST.md of what the contributor must review; the gate then tells what is left.

Admin codes: the unit's GB/T 2260 code is looked up by district name in the package's own
`data/units.csv` (codes there were checked by a maintainer for the report's year). A new district
needs `--admin-code` (the code for the report's year, from the Ministry of Civil Affairs' list):
the PyPI packages carrying the national list are either years out of date (gb2260: 2015 data,
cpca: 2021) or unmaintained, and codes change every year as districts merge or are renamed,
so a stale lookup would be wrong silently. Without a code the rows are written with the code
left empty and the checklist says so.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from ..quotes import collapse
from .document import FALLBACK_TYPE, divisions, load_types, title_of, type_from_title, unit_name
from .draft import append_to_package, columns, extract_text, package_root, to_csv, write_draft
from .model import ReportText
from .text import DecodeError, read_text
from .vocabulary import Vocabulary

DISTRICT = re.compile(r"([\u4e00-\u9fff]{1,6}?[区县旗])信访(?:局|办)")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
SCORE = re.compile(r"(?:自评(?:综合)?得分为?|评分为|绩效得分|自评总分为?|综合得分为?|自评结果为[^，,。]{0,6}[，,]?\s*评分为)\s*(\d+(?:\.\d+)?)\s*分")
# the words before a score that name the department's own (部门整体支出绩效自评得分96.5分), or a project's (该项目自评得分95分)
OWN_SCORE = re.compile(r"(?:部门整体|整体支出|整体绩效)[^。；;]{0,12}$")
PROJECTS_SCORE = re.compile(r"(?:该项目|本项目|项目支出[\d.]+万元[，,])[^。；;]{0,6}$")
REPORT_GRADE = re.compile(r"^[^。；;]{0,12}?等级(?:均)?(?:为|是)?\s*[“\"]?\s*(优秀|良好|一般|较差|优|良|中|差)")
GRADE_WORDS = {"优秀": "优", "良好": "良", "一般": "中", "较差": "差"}
SELF_EVALUATIONS = ("dept_self_evaluation", "project_self_evaluation")


def report_score(text: str, report_type: str) -> tuple[str, str, str]:
    """(self_score, self_grade, score_quote) of the reports row: the score the text names for the department (部门整体…自评得分),
    else, in a self-evaluation, the first score not named for one project (该项目自评得分… is that project's); in other
    reports (a final account's list of projects) only the department's. The grade printed right after it (等级为“优秀” →
    优), quoted with it where the two fit in 80 characters."""
    found = [m for m in SCORE.finditer(text) if not PROJECTS_SCORE.search(text, max(0, m.start() - 20), m.start())]
    own = [m for m in found if OWN_SCORE.search(text, max(0, m.start() - 24), m.start())]
    m = own[0] if own else found[0] if found and report_type in SELF_EVALUATIONS else None
    if m is None:
        return "", "", ""
    g = REPORT_GRADE.search(text[m.end():m.end() + 40])
    end = m.end() + g.end() + (1 if text[m.end() + g.end():m.end() + g.end() + 1] in "”\"" else 0) if g else m.end()
    grade = GRADE_WORDS.get(g.group(1), g.group(1)) if g else ""
    if end - m.start() > 80:
        end, grade = m.end(), ""
    return m.group(1), grade, collapse(text[m.start():end]) if end - m.start() <= 80 else ""  # (a wrap inside it as the gate reads it)


def find_unit(root: Path, text: str) -> dict[str, str] | None:
    with (root / "data" / "units.csv").open(encoding="utf-8") as fh:
        units = list(csv.DictReader(fh))
    head = text[:3000]
    for m in DISTRICT.finditer(head):
        name = m.group(1)
        for u in units:
            if u["division_zh"] and u["division_zh"] in name:
                return u
    return None


def _append_rows(path: Path, cols: list[str], rows: list[dict[str, str]]) -> None:
    existing = path.read_text(encoding="utf-8")
    if existing and not existing.endswith("\n"):
        existing += "\n"
    path.write_text(existing + to_csv(cols, rows).split("\n", 1)[1], encoding="utf-8")


def preview_gate(root: Path, outdir: Path, rep: ReportText, reports_row: dict[str, str], unit_row: dict[str, str] | None,
                 source_name: str, source_bytes: bytes) -> tuple[int, int]:
    """Put the scaffold into a scratch copy of the package, run the whole gate there, and write what
    it reports to outdir/GATE.md. Returns (errors, known inconsistencies)."""
    from ..descriptor import dump, sources_from_reports
    from ..gate.validate import default_sources, run_gate
    from ..package import copy_package, load_package
    from ..problems import KNOWN, render_text

    with tempfile.TemporaryDirectory(prefix="xinfang-new-report-") as tmp:
        pkg = copy_package(root, Path(tmp) / "package")
        if unit_row is not None:
            _append_rows(pkg / "data" / "units.csv", columns(root, "units"), [unit_row])
        _append_rows(pkg / "data" / "reports.csv", columns(root, "reports"), [reports_row])
        append_to_package(rep, pkg)
        sources = Path(tmp) / "sources"
        sources.mkdir()
        for folder in reversed(default_sources(root) or []):  # the first folder's copy wins, as in the gate
            for f in sorted(folder.iterdir()):
                if f.is_file():
                    shutil.copy2(f, sources / f.name)
        (sources / source_name).write_bytes(source_bytes)
        # as `xinfang derive` would: the descriptor's sources follow reports.csv
        desc_path = pkg / "datapackage.json"
        desc = json.loads(desc_path.read_text(encoding="utf-8"))
        desc["sources"] = sources_from_reports(load_package(pkg))
        desc_path.write_text(dump(desc), encoding="utf-8")
        result = run_gate(pkg, sources=sources, docs_dir=None)
    n_err, n_known = len(result.errors), sum(p.severity == KNOWN for p in result.problems)
    head = ["# What the gate says about this scaffold", "",
            "`xinfang new-report --gate` appended the scaffold's rows (without `confidence`) after the existing rows of a scratch copy",
            "of the package and ran `xinfang validate` on it. Line numbers refer to that copy: your rows follow the existing ones.",
            "Fix each error in the draft (or register a real inconsistency of the report in anomalies.csv), then move the rows.", "",
            "```", render_text(result), "```", ""]
    (outdir / "GATE.md").write_text("\n".join(head), encoding="utf-8")
    return n_err, n_known


def run_new_report(report: str, out: str, package: str | None, admin_code: str | None, gate: bool = False) -> int:
    root = package_root(Path(package) if package else None)
    src = Path(report)
    try:
        text, encoding = read_text(src)
    except (OSError, DecodeError) as exc:
        print(f"xinfang new-report: cannot read {report}: {exc}", file=sys.stderr)
        return 2
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    source_file = src.name
    data = src.read_bytes()
    if encoding != "utf-8":
        data = text.encode("utf-8")
        (outdir / source_file).write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    title = title_of(text)
    year_m = YEAR.search(title) or YEAR.search(text[:2000])
    year = year_m.group(1) if year_m else ""
    types = load_types(root / "data" / "codelists")
    todo: list[str] = []
    rtype = type_from_title(title) or FALLBACK_TYPE
    if not title:
        todo.append("no title found in the first lines: fill title_zh as printed")
    if type_from_title(title) is None:
        todo.append(f"report_type: the title names no known type, {rtype} drafted; check it against data/codelists/report_types.csv")
    unit = find_unit(root, text)
    name = unit_name(text)
    if admin_code:
        code = admin_code
        if unit and unit["admin_code"] != admin_code:
            todo.append(f"--admin-code {admin_code} differs from data/units.csv ({unit['division_zh']} {unit['admin_code']}): check which is right")
        unit_row = unit if unit and unit["admin_code"] == admin_code else None
    elif unit:
        code, unit_row = unit["admin_code"], unit
    else:
        code, unit_row = "", None
        todo.append("admin code unknown: the district is not in data/units.csv; rerun with --admin-code CODE (GB/T 2260, valid in the report's year)")
    unit_id = f"xfj-{code}" if code else ""
    report_id = f"{code}-{year}-{types[rtype].abbreviation}" if code and year else ""
    if not year:
        todo.append("fiscal year not found in the title: fill fiscal_year and report_id")
    self_score, self_grade, score_quote = report_score(text, rtype)
    reports_row = {"report_id": report_id, "unit_id": unit_id, "fiscal_year": year, "report_type": rtype, "title_zh": title, "title_en": "",
                   "source_file": source_file, "source_sha256": sha, "self_score": self_score, "self_grade": self_grade,
                   "score_quote": score_quote, "note": ""}
    (outdir / "reports.csv").write_text(to_csv(columns(root, "reports"), [reports_row]), encoding="utf-8")
    new_unit_row: dict[str, str] | None = None
    if unit_row is None:
        province, prefecture, district = divisions(name)
        new_unit_row = {"unit_id": unit_id, "admin_code": code, "name_zh": name, "division_zh": district, "prefecture_zh": prefecture,
                        "province_zh": province, "prefecture_code": (code[:4] + "00") if code else "",
                        "province_code": (code[:2] + "0000") if code else "", "code_confidence": ""}
        if not name:
            todo.append("units.csv: the bureau's name was not found in the first lines: fill name_zh and division_zh")
        (outdir / "units.csv").write_text(to_csv(columns(root, "units"), [new_unit_row]), encoding="utf-8")
        todo.append("units.csv: a new unit; fill the English names, prefecture and province names and code_confidence")
    voc = Vocabulary.load(root / "data" / "codelists")
    rep = extract_text(text, voc, report_id, report_type=rtype)
    counts = write_draft(rep, root, outdir)
    todo += rep.notices
    (outdir / "CHECKLIST.md").write_text(checklist(report_id or "(report id)", source_file, counts, todo), encoding="utf-8")
    print(f"{report}: scaffold written to {outdir}/ (report {report_id or '?'}, {encoding}, sha256 {sha[:12]}…)")
    for t in todo:
        print(f"  TODO {t}")
    print("  drafts: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    if gate:
        if not report_id:
            print("  gate: not run (no report id yet: pass --admin-code and make sure the title states the year)")
        else:
            n_err, n_known = preview_gate(root, outdir, rep, reports_row, new_unit_row, source_file, data)
            print(f"  gate: {n_err} error(s), {n_known} known inconsistencies with the draft in place: what is left is in {outdir / 'GATE.md'}")
    print(f"  next: work through {outdir / 'CHECKLIST.md'}, move the rows into data/, then `xinfang validate . --sources DIR`")
    return 0


def checklist(report_id: str, source_file: str, counts: dict[str, int], todo: list[str]) -> str:
    items = [f"# Checklist: {report_id}", "",
             f"Drafted from `{source_file}` by `xinfang new-report`. Nothing here is curated yet: every row is a draft to check against the report.", ""]
    if todo:
        items += ["## First", ""] + [f"- [ ] {t}" for t in todo] + [""]
    items += ["## Every draft table", "",
              "- [ ] `reports.csv`: title as printed, title_en, self_score/self_grade and the quote that states them",
              f"- [ ] each figure against the report, as printed (trailing zeros kept); low-confidence rows first ({counts.get('budgets', 0)} budgets, "
              f"{counts.get('petition_metrics', 0)} petition metrics, {counts.get('staffing', 0)} staffing, {counts.get('indicators', 0)} indicators, "
              f"{counts.get('projects', 0)} projects, {counts.get('issues', 0)} issues)",
              "- [ ] codes (item, fund, stage, metric, period, scope, category) against docs/transcription.md",
              "- [ ] `scope` is `all` in every draft: restrict it where the report does",
              "- [ ] signs of decreases, approx markers, share_of bases, statement numbers of restated facts",
              "- [ ] `unplaced.csv`: every number no row uses; add rows for the facts among them",
              "- [ ] issues: category, and a faithful `text_en`; projects: `name_en`",
              "- [ ] no names of people, phone or ID numbers anywhere; add names the report contains with `xinfang denylist add`",
              "- [ ] drop the `confidence` column, move the rows into `data/`, renumber `line`/`row` if the report already has rows",
              "- [ ] `xinfang validate . --sources DIR`: fix or register (anomalies.csv) every problem; then `xinfang derive`",
              "- [ ] CHANGELOG.md line under `## [Unreleased]`, and open the pull request", ""]
    return "\n".join(items)
