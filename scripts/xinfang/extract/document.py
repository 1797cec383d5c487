"""What kind of document a report is, read from its title: the report type (data/codelists/report_types.csv),
its abbreviation (the last part of a report_id) and its default stage (the stage of a figure whose
sentence names none: initial_budget in a department budget, executed in final accounts and
self-evaluations), the title line itself and the unit's name.

Title words, in order: 决算 with 绩效/自评 -> final_accounts_with_evaluation, 决算 alone -> final_accounts;
预算 without 绩效 (部门预算, 预算公开说明, 预算情况说明) -> dept_budget; 项目支出…自评 -> project_self_evaluation;
自评 -> dept_self_evaluation; 评价 -> dept_evaluation. A title with none of them is taken as a
self-evaluation, and new-report says so.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

TITLE_WORDS = ("报告", "决算", "预算", "说明", "自评", "绩效评价")
UNIT = re.compile(r"[\u4e00-\u9fff]{2,16}?(?:信访局|信访办公室|信访办|信访事务服务中心|信访接待中心|群众来访接待中心)")
NOT_NAME = re.compile(r"^.*?(?:年度|年|关于|本|我)")  # 2022年度广州市黄埔区信访局 -> 广州市黄埔区信访局
FALLBACK_TYPE = "dept_self_evaluation"


@dataclass(frozen=True)
class ReportType:
    type_id: str
    abbreviation: str
    default_stage: str


def load_types(codelists: Path) -> dict[str, ReportType]:
    with (codelists / "report_types.csv").open(encoding="utf-8") as fh:
        return {r["report_type_id"]: ReportType(r["report_type_id"], r["abbreviation"], r["default_stage"]) for r in csv.DictReader(fh)}


def type_from_title(title: str) -> str | None:
    """The report type the title names (see the module docstring), None when it names none."""
    if "决算" in title:
        return "final_accounts_with_evaluation" if ("绩效" in title or "自评" in title) else "final_accounts"
    if "预算" in title and "绩效" not in title:
        return "dept_budget"
    if "项目" in title and "自评" in title:
        return "project_self_evaluation"
    if "自评" in title:
        return "dept_self_evaluation"
    if "评价" in title:
        return "dept_evaluation"
    return None


def type_from_report_id(report_id: str, types: dict[str, ReportType]) -> str | None:
    """The type whose abbreviation ends the report_id (430412-2022-db -> dept_budget)."""
    abbr = report_id.rsplit("-", 1)[-1] if "-" in report_id else ""
    return next((t.type_id for t in types.values() if t.abbreviation == abbr), None)


def title_of(text: str) -> str:
    """The title: the first of the first eight lines with a title word (报告, 决算, 预算, 说明 …),
    joined to the line before it when the title was broken over two lines (南岳区信访局2022年度部门整体支出 /
    绩效评价报告); without one, the first short line that is not a sentence."""
    lines = [x.strip(" #\t\u3000") for x in text.splitlines()[:40] if x.strip(" #\t\u3000")][:8]
    for i, line in enumerate(lines):
        if len(line) <= 80 and any(w in line for w in TITLE_WORDS) and "。" not in line:
            before = lines[i - 1] if i else ""
            broken = not re.search(r"(?:19|20)\d{2}", line) or (UNIT.search(before) and not UNIT.search(line))
            # (X工作经费 / 2024年度项目支出绩效自评报告: a project's name on the line above a project self-evaluation's title)
            named = bool(re.search(r"(?:经费|资金|项目)$", before)) and bool(re.match(r"(?:19|20)\d{2}年度?项目", line))
            if before and len(before) <= 40 and not re.search(r"[。，,；;：:]", before) and (
                    re.search(r"(?:19|20)\d{2}|信访", before) and broken or named):
                line = before + line
            return re.sub(r"\s+", "", line)
    for line in lines:
        if len(line) <= 60 and not re.search(r"[。，,；;]", line):
            return re.sub(r"\s+", "", line)
    return ""


def unit_name(text: str) -> str:
    """The bureau's name as printed in the title or the first lines (广州市黄埔区信访局), '' when none is found."""
    for part in (title_of(text), text[:3000]):
        m = UNIT.search(part)
        if m:
            return NOT_NAME.sub("", m.group(0)) if NOT_NAME.match(m.group(0)) and len(NOT_NAME.sub("", m.group(0))) >= 4 else m.group(0)
    return ""


def divisions(name: str) -> tuple[str, str, str]:
    """(province, prefecture, district) named in a bureau's name: 四川省攀枝花市仁和区信访局 -> (四川省, 攀枝花市, 仁和区);
    the parts the name leaves out are ''."""
    place = re.sub(r"(?:信访局|信访办公室|信访办|信访事务服务中心|信访接待中心|群众来访接待中心)$", "", name)
    m = re.match(r"^(.{2,8}?(?:省|自治区))?(.{2,10}?(?:市|州|盟|地区))?(.{2,10}?[区县旗市])?$", place)
    if not m:
        return "", "", place
    province, prefecture, district = (g or "" for g in m.groups())
    if not district and prefecture:
        district, prefecture = prefecture, ""
    return province, prefecture, district
