"""`xinfang synth`: a synthetic package at national scale, shaped like the real data.

The package uses the real Table Schemas and codelists (copied from this repository) and writes
reports whose figures reconcile the way real ones do: budget items' parts sum to their parent at
each stage, funds to the whole, shares, rates and changes agree with their amounts at the printed
precision, petition channels sum to the total, staffing kinds to the establishment, indicator
weights and scores to their subtotals and to the report's self-score. A few reports carry a
stated share that contradicts its amounts, registered in anomalies.csv with the gate's check_id.

Every report gets a small source text holding its quotes (sha256 in reports.csv), so the
provenance layer runs too. Nothing here is a real person's name; the denylist of the package is
the real one plus the hash of one invented name (used by ``--faults``).

Layout of ``--out DIR``::

    DIR/package/   the data package (datapackage.json, data/, schemas/, policy/)
    DIR/sources/   one text per report
    DIR/faults.json  the manifest of injected faults (only with --faults)

Same arguments, same bytes: everything derives from ``random.Random(seed)``, rows are written in
a fixed order with "\\n" line ends, JSON with sorted keys where order is ours to choose.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..keys import DEPARTMENT
from ..package import repository_root
from ..rows import csv_text
from .faults import inject
from .tables import FAKE_NAME, QUOTE_MAX, Tables

ROOT = repository_root()
FIRST_YEAR, LAST_YEAR = 2015, 2025
MAX_UNITS = 2800

PROVINCES = [
    ("11", "北京市", "Beijing"), ("12", "天津市", "Tianjin"), ("13", "河北省", "Hebei"), ("14", "山西省", "Shanxi"),
    ("15", "内蒙古自治区", "Inner Mongolia"), ("21", "辽宁省", "Liaoning"), ("22", "吉林省", "Jilin"),
    ("23", "黑龙江省", "Heilongjiang"), ("31", "上海市", "Shanghai"), ("32", "江苏省", "Jiangsu"), ("33", "浙江省", "Zhejiang"),
    ("34", "安徽省", "Anhui"), ("35", "福建省", "Fujian"), ("36", "江西省", "Jiangxi"), ("37", "山东省", "Shandong"),
    ("41", "河南省", "Henan"), ("42", "湖北省", "Hubei"), ("43", "湖南省", "Hunan"), ("44", "广东省", "Guangdong"),
    ("45", "广西壮族自治区", "Guangxi"), ("46", "海南省", "Hainan"), ("50", "重庆市", "Chongqing"), ("51", "四川省", "Sichuan"),
    ("52", "贵州省", "Guizhou"), ("53", "云南省", "Yunnan"), ("54", "西藏自治区", "Tibet"), ("61", "陕西省", "Shaanxi"),
    ("62", "甘肃省", "Gansu"), ("63", "青海省", "Qinghai"), ("64", "宁夏回族自治区", "Ningxia"), ("65", "新疆维吾尔自治区", "Xinjiang"),
]
REPORT_TYPES = [("dept_self_evaluation", "dse", "部门整体支出绩效自评报告", "overall departmental expenditure performance self-evaluation report"),
                ("dept_evaluation", "de", "部门整体支出绩效评价报告", "overall departmental expenditure performance evaluation report"),
                ("final_accounts_with_evaluation", "fae", "部门决算说明", "final-accounts disclosure with performance self-evaluation"),
                # a fourth type (from the codelist; its figures executed like the others'): distinct reports up to
                # MAX_UNITS × 11 years × 4 types = 123,200, so the bench runs 100,000; sizes up to 92,400 are as before
                ("final_accounts", "fa", "部门决算", "departmental final accounts")]

PROBLEMS = [
    ("budget_planning", "预算编制的科学性和精准性有待进一步提高。", "The budget needs to be prepared more scientifically and precisely."),
    ("budget_execution", "部分项目预算执行进度偏慢，资金支付不够均衡。", "Some projects were executed slowly and payments were uneven over the year."),
    ("performance_management", "绩效目标设置不够细化，部分指标难以量化考核。", "Performance targets were not detailed enough and some indicators are hard to measure."),
    ("financial_management", "财务管理制度执行不够严格，内部控制有待加强。", "Financial rules were not applied strictly enough; internal control needs strengthening."),
    ("fiscal_constraints", "受财政资金紧张影响，部分资金未能及时到位。", "Because funds were tight, some funds did not arrive on time."),
]
MEASURES = [
    ("training", "加强财务人员业务培训，提高预算管理水平。", "Train finance staff and raise the level of budget management."),
    ("cost_control", "严格控制“三公”经费和一般性支出。", "Strictly control the \"three public\" expenses and general spending."),
    ("performance_management", "进一步细化量化绩效指标，强化绩效结果运用。", "Make performance indicators more detailed and measurable and use the results."),
    ("coordination", "加强与财政部门的沟通协调，加快预算执行进度。", "Coordinate more closely with the finance bureau and speed up budget execution."),
]


def money(cents: int) -> str:
    """万元 printed with two decimals, as final accounts print them."""
    sign = "-" if cents < 0 else ""
    c = abs(cents)
    return f"{sign}{c // 100}.{c % 100:02d}"


def pct(num: float, den: float) -> str:
    """A percentage printed with two decimals, rounded half up from the exact ratio."""
    value = 100 * num / den
    return f"{math.floor(value * 100 + 0.5) / 100:.2f}"


def unsigned(text: str) -> str:
    return text.lstrip("-")


def _schema_fields(name: str) -> list[str]:
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    return [f["name"] for f in schema["fields"]]


FACT_TABLES = ("units", "reports", "budgets", "projects", "indicators", "petition_metrics", "staffing", "issues", "anomalies")


def _units(n_units: int) -> list[dict[str, str]]:
    out = []
    for i in range(n_units):
        pcode, pzh, pen = PROVINCES[i % len(PROVINCES)]
        pref = 1 + (i // len(PROVINCES)) % 15
        county = 1 + i // (len(PROVINCES) * 15)
        code = f"{pcode}{pref:02d}{county + 20:02d}"  # county codes 21… as GB/T 2260 gives counties
        out.append({
            "unit_id": f"xfj-{code}", "admin_code": code, "code_system": "GB/T 2260", "name_zh": f"样本{code}县信访局",
            "name_en": f"Letters and Visits Bureau of sample county {code} (synthetic)",
            "division_zh": f"样本{code}县", "division_en": f"Sample county {code}",
            "prefecture_zh": f"样本{pcode}{pref:02d}市", "prefecture_en": f"Sample prefecture {pcode}{pref:02d}",
            "prefecture_code": f"{pcode}{pref:02d}00", "province_zh": pzh, "province_en": pen, "province_code": f"{pcode}0000",
            "code_confidence": "M", "note": "synthetic unit",
        })
    return out


class _Report:
    """Builds one report's rows; every figure is also written into its source text."""

    def __init__(self, t: Tables, rng: random.Random, report_id: str, year: int) -> None:
        self.t, self.rng, self.rid, self.year = t, rng, report_id, year
        self.lines = {"budgets": 0, "petition_metrics": 0, "staffing": 0, "issues": 0}
        self.text = t.texts.setdefault(report_id, [])

    def _quote(self, q: str) -> str:
        assert len(q) <= QUOTE_MAX, q
        self.text.append(q)
        return q

    def _next(self, table: str) -> str:
        self.lines[table] += 1
        return str(self.lines[table])

    def budget(self, item: str, stage: str, amount: str, quote: str, fund: str = "all", project: str = DEPARTMENT, share: str = "",
               share_of: str = "", rate: str = "", change: str = "", statement: str = "1") -> None:
        self.t.add("budgets", {"report_id": self.rid, "line": self._next("budgets"), "project_id": project, "fund": fund, "item": item,
                               "stage": stage, "amount": amount, "approx": "false", "share_pct": share, "share_of": share_of,
                               "rate_pct": rate, "change_pct": change, "statement": statement, "source_quote": self._quote(quote),
                               "unit": "万元"})

    def metric(self, metric: str, value: str, unit: str, quote: str, period: str = "report_year", change: str = "",
               statement: str = "1", marker: str = "") -> None:
        self.t.add("petition_metrics", {"report_id": self.rid, "line": self._next("petition_metrics"), "metric": metric, "scope": "all",
                                        "period": period, "value": value, "unit": unit, "approx": "true" if marker else "false",
                                        "approx_marker": marker, "change_pct": change, "statement": statement,
                                        "source_quote": self._quote(quote)})

    def staff(self, category: str, value: int, quote: str) -> None:
        self.t.add("staffing", {"report_id": self.rid, "line": self._next("staffing"), "category": category, "scope": "all",
                                "value": str(value), "statement": "1", "source_quote": self._quote(quote)})


def _one_report(t: Tables, rng: random.Random, unit: dict[str, str], year: int, rtype: tuple[str, str, str, str], anomaly: bool) -> None:
    rid = f"{unit['admin_code']}-{year}-{rtype[1]}"
    r = _Report(t, rng, rid, year)
    r.text.append(f"{unit['name_zh']}{year}年度{rtype[2]}")
    # ---- budgets (万元, in cents so every sum is exact) --------------------------------------
    personnel = rng.randint(8_000, 80_000)
    public = rng.randint(500, 8_000)
    basic = personnel + public
    to_303 = rng.randint(0, personnel // 10)
    project = rng.randint(1_000, 30_000)
    total = basic + project
    adjusted = total + rng.randint(0, total // 5)
    initial = adjusted - rng.randint(0, adjusted // 4)
    prior = total + rng.randint(-total // 5, total // 5)
    if float(pct(total - prior, prior)) == 0:  # a change too small to print in 0.01% would be stated as 0.00%,
        prior = total  # which the identities read as exactly none: make it none
    other_fund = rng.randint(0, total // 20)
    f208, f210, f221 = personnel // 10, personnel // 20, personnel // 16
    f201 = total - f208 - f210 - f221
    reception = rng.randint(0, 300)
    vehicles = rng.randint(0, 1_500)
    share = pct(personnel, basic)
    stated_share = share
    if anomaly:  # the report misprints the share: registered, the stated value kept
        stated_share = f"{float(share) + 1:.2f}" if float(share) < 99 else f"{float(share) - 1:.2f}"
        t.anomalies.append({
            "check_id": f"share_consistent:{rid}:budgets:{DEPARTMENT}:all:personnel:executed:1", "report_id": rid, "rule": "share_consistent",
            "table": "budgets", "stated": stated_share, "expected": f"{100 * personnel / basic:.6f}".rstrip("0").rstrip("."),
            "explanation_en": f"The report states personnel costs as {stated_share}% of basic expenditure; its amounts give {share}%.",
            "explanation_zh": f"报告称人员经费占基本支出{stated_share}%，按其金额计算为{share}%。",
        })
    T = money(total)
    r.budget("expenditure_total", "executed", T, f"{year}年度支出合计{T}万元，预算执行率{pct(total, adjusted)}%", rate=pct(total, adjusted))
    r.budget("basic", "executed", money(basic), f"基本支出{money(basic)}万元")
    r.budget("personnel", "executed", money(personnel), f"其中人员经费{money(personnel)}万元，占基本支出的{stated_share}%",
             share=stated_share, share_of="basic")
    r.budget("public", "executed", money(public), f"日常公用经费{money(public)}万元")
    r.budget("basic_econ_301", "executed", money(personnel - to_303), f"工资福利支出{money(personnel - to_303)}万元")
    r.budget("basic_econ_302", "executed", money(public), f"商品和服务支出{money(public)}万元")
    r.budget("basic_econ_303", "executed", money(to_303), f"对个人和家庭的补助{money(to_303)}万元")
    r.budget("project", "executed", money(project), f"项目支出{money(project)}万元")
    r.budget("func_201", "executed", money(f201), f"一般公共服务支出{money(f201)}万元")
    r.budget("func_20103", "executed", money(f201), f"政府办公厅（室）及相关机构事务{money(f201)}万元")
    r.budget("func_2010308", "executed", money(f201), f"信访事务{money(f201)}万元")
    r.budget("func_208", "executed", money(f208), f"社会保障和就业支出{money(f208)}万元")
    r.budget("func_210", "executed", money(f210), f"卫生健康支出{money(f210)}万元")
    r.budget("func_221", "executed", money(f221), f"住房保障支出{money(f221)}万元")
    r.budget("expenditure_total", "executed", money(total - other_fund), f"财政拨款支出{money(total - other_fund)}万元", fund="fiscal")
    r.budget("expenditure_total", "executed", money(other_fund), f"其他资金支出{money(other_fund)}万元", fund="other")
    r.budget("expenditure_total", "adjusted_budget", money(adjusted), f"全年预算数{money(adjusted)}万元")
    r.budget("expenditure_total", "initial_budget", money(initial), f"年初预算数{money(initial)}万元")
    r.budget("expenditure_total", "prior_year_executed", money(prior), f"上年支出{money(prior)}万元")
    change = total - prior
    word = "增加" if change >= 0 else "减少"
    r.budget("expenditure_total", "yoy_change", money(change), f"较上年{word}{unsigned(money(change))}万元，{'增长' if change >= 0 else '下降'}"
             f"{unsigned(pct(change, prior))}%", change=pct(change, prior))
    r.budget("three_public", "executed", money(vehicles + reception), f"“三公”经费支出{money(vehicles + reception)}万元")
    r.budget("three_public_abroad", "executed", "0.00", "因公出国（境）费0.00万元")
    r.budget("three_public_vehicles", "executed", money(vehicles), f"公务用车购置及运行维护费{money(vehicles)}万元")
    r.budget("vehicle_operation", "executed", money(vehicles), f"公务用车运行维护费{money(vehicles)}万元")
    r.budget("three_public_reception", "executed", money(reception), f"公务接待费{money(reception)}万元")
    # ---- one project, restated in budgets ------------------------------------------------------
    p_budget = rng.randint(500, 10_000)
    p_exec = p_budget - rng.randint(0, p_budget // 3)
    p_rate = pct(p_exec, p_budget)
    pq = r._quote(f"信访工作经费项目全年预算{money(p_budget)}万元，实际支出{money(p_exec)}万元，执行率{p_rate}%")
    t.add("projects", {"report_id": rid, "project_id": "p1", "name_zh": "信访工作经费", "name_en": "Petition work funds",
                       "adjusted_budget": money(p_budget), "executed": money(p_exec), "execution_rate_pct": p_rate, "source_quote": pq,
                       "unit": "万元"})
    r.budget("project", "executed", money(p_exec), f"信访工作经费实际支出{money(p_exec)}万元", project="p1")
    t.add("projects", {"report_id": rid, "project_id": DEPARTMENT, "name_zh": "部门整体", "name_en": "The department as a whole (not a project)",
                       "source_quote": r._quote("部门整体支出情况"), "note": "Not a project: the subject of the department's own facts", "unit": "万元"})
    # ---- petition metrics -----------------------------------------------------------------------
    letters, visits, phone, online = rng.randint(20, 900), rng.randint(20, 600), rng.randint(0, 400), rng.randint(50, 3000)
    volume = letters + visits + phone + online
    prior_volume = max(1, volume + rng.randint(-volume // 4, volume // 4))
    r.metric("volume_total", str(volume), "件", f"全年共受理信访事项{volume}件")
    r.metric("letters", str(letters), "件", f"其中来信{letters}件")
    r.metric("visits", str(visits), "件", f"来访{visits}件")
    r.metric("phone", str(phone), "件", f"来电{phone}件")
    r.metric("online", str(online), "件", f"网上信访{online}件")
    r.metric("volume_total", str(prior_volume), "件", f"上年信访总量{prior_volume}件", period="prior_year")
    d = volume - prior_volume
    r.metric("volume_total", str(d), "件", f"信访总量较上年{'增加' if d >= 0 else '减少'}{abs(d)}件，同比{'上升' if d >= 0 else '下降'}"
             f"{unsigned(pct(d, prior_volume))}%", period="yoy_change", change=pct(d, prior_volume))
    r.metric("visits", str(visits), "件", f"全年接待群众来访{visits}件", statement="2")
    persons = rng.randint(100, 5000)
    r.metric("persons_received", str(persons), "人次", f"接待群众{persons}余人次", marker="余")
    sat = f"{rng.randint(900, 1000) / 10:.1f}"
    r.metric("satisfaction_rate", sat, "%", f"群众满意率{sat}%")
    r.metric("timely_acceptance_rate", "100", "%", "及时受理率100%")
    backlog = rng.randint(0, 40)
    r.metric("backlog_cases_resolved", str(backlog), "件", f"化解信访积案{backlog}件")
    # ---- staffing -------------------------------------------------------------------------------
    admin, inst, worker = rng.randint(3, 30), rng.randint(0, 15), rng.randint(0, 3)
    p_admin, p_inst = admin - rng.randint(0, 2), inst - rng.randint(0, min(inst, 2))
    r.staff("establishment_total", admin + inst + worker, f"单位核定编制{admin + inst + worker}名")
    r.staff("establishment_admin", admin, f"其中行政编制{admin}名")
    r.staff("establishment_institution", inst, f"事业编制{inst}名")
    r.staff("establishment_worker", worker, f"工勤编制{worker}名")
    r.staff("in_post_total", p_admin + p_inst, f"实有在职人员{p_admin + p_inst}人")
    r.staff("in_post_admin", p_admin, f"其中行政人员{p_admin}人")
    r.staff("in_post_institution", p_inst, f"事业人员{p_inst}人")
    retired = rng.randint(0, 20)
    r.staff("retired", retired, f"退休人员{retired}人")
    # ---- the department's self-evaluation table -------------------------------------------------
    s_exec = 10 if float(pct(total, adjusted)) >= 95 else 8
    w = [(20, rng.choice([20, 19, 18])), (20, rng.choice([20, 19.5, 18]))]
    b = [(15, rng.choice([15, 14])), (15, rng.choice([15, 14.5]))]
    s_sat = 20 if float(sat) >= 95 else 18
    score = s_exec + sum(x for _, x in w) + sum(x for _, x in b) + s_sat

    def num(x: float) -> str:
        return f"{x:g}"

    ind: list[dict[str, str]] = []

    def row(n: int, kind: str, parent: str, l1: str, l2: str, l3: str, op: str, target_text: str, target: str, unit_: str,
            actual_text: str, actual: str, weight: float, sc: float, metric: str, quote: str) -> None:
        ind.append({"report_id": rid, "row": str(n), "project_id": DEPARTMENT, "row_kind": kind, "parent_row": parent, "level1": l1,
                    "level2": l2, "level3": l3, "operator": op, "target_text": target_text, "target_value": target, "unit": unit_,
                    "actual_text": actual_text, "actual_value": actual, "weight": num(weight), "score": num(sc), "metric": metric,
                    "source_quote": r._quote(quote)})

    row(1, "item", "", "预算执行率", "", "", "", "", "", "%", pct(total, adjusted) + "%", pct(total, adjusted), 10, s_exec, "",
        f"预算执行率 {pct(total, adjusted)}% 10 {num(s_exec)}")
    row(2, "subtotal", "", "产出指标", "", "", "", "", "", "", "", "", 40, sum(x for _, x in w), "", f"产出指标（40分） 得分{num(sum(x for _, x in w))}")
    row(3, "item", "2", "产出指标", "数量指标", "办理信访事项", "≥", "≥90%", "90", "%", "100%", "100", 20, w[0][1], "",
        f"办理信访事项 ≥90% 100% 20 {num(w[0][1])}")
    row(4, "item", "2", "产出指标", "时效指标", "按期办结", "≥", "≥95%", "95", "%", "98%", "98", 20, w[1][1], "",
        f"按期办结 ≥95% 98% 20 {num(w[1][1])}")
    row(5, "subtotal", "", "效益指标", "", "", "", "", "", "", "", "", 30, sum(x for _, x in b), "", f"效益指标（30分） 得分{num(sum(x for _, x in b))}")
    row(6, "item", "5", "效益指标", "社会效益指标", "社会大局稳定", "定性", "稳定", "", "", "稳定", "", 15, b[0][1], "",
        f"社会大局稳定 稳定 稳定 15 {num(b[0][1])}")
    row(7, "item", "5", "效益指标", "可持续影响指标", "信访秩序", "定性", "好转", "", "", "好转", "", 15, b[1][1], "",
        f"信访秩序 好转 好转 15 {num(b[1][1])}")
    row(8, "subtotal", "", "满意度指标", "", "", "", "", "", "", "", "", 20, s_sat, "", f"满意度指标（20分） 得分{num(s_sat)}")
    row(9, "item", "8", "满意度指标", "服务对象满意度指标", "群众满意率", "≥", "≥90%", "90", "%", f"{sat}%", sat, 20, s_sat,
        "satisfaction_rate", f"群众满意率 ≥90% {sat}% 20 {num(s_sat)}")
    for x in ind:
        t.add("indicators", x)
    # ---- issues ---------------------------------------------------------------------------------
    for kind, pool in (("problem", PROBLEMS), ("measure", MEASURES)):
        cat, zh, en = pool[rng.randrange(len(pool))]
        r.text.append(zh)
        t.add("issues", {"report_id": rid, "line": r._next("issues"), "project_id": DEPARTMENT, "kind": kind, "category": cat,
                         "text_zh": zh, "text_en": en})
    # ---- the report itself ----------------------------------------------------------------------
    sq = r._quote(f"部门整体支出绩效自评得分{num(score)}分，等级为“{'优' if score >= 90 else '良'}”")
    t.add("reports", {"report_id": rid, "unit_id": unit["unit_id"], "fiscal_year": str(year), "report_type": rtype[0],
                      "title_zh": f"{unit['name_zh']}{year}年度{rtype[2]}", "title_en": f"{unit['name_en']}: {rtype[3]}, {year}",
                      "source_file": f"{rid}.txt", "archive_url": f"https://example.org/synthetic/{rid}.txt", "self_score": num(score),
                      "self_grade": "优" if score >= 90 else "良", "score_quote": sq, "note": "synthetic"})


def build(n_reports: int, seed: int) -> Tables:
    rng = random.Random(seed)
    t = Tables(rows={name: [_schema_fields(name)] for name in FACT_TABLES})
    n_units = max(1, min(MAX_UNITS, math.ceil(n_reports / (LAST_YEAR - FIRST_YEAR + 1))))
    units = _units(n_units)
    years = LAST_YEAR - FIRST_YEAR + 1
    n_anomalies = max(2, n_reports // 1000)
    anomalous = set(rng.sample(range(n_reports), min(n_anomalies, n_reports)))
    used: set[str] = set()
    for k in range(n_reports):
        unit = units[k % n_units]
        year = FIRST_YEAR + (k // n_units) % years
        # the first round of units and years mixes the first two types; the next rounds take the type each
        # (unit, year) has not had yet, so report ids are distinct up to units × years × types reports
        first = 0 if k % 7 else 1
        rtype = REPORT_TYPES[(first, 1 - first, *range(2, len(REPORT_TYPES)))[(k // (n_units * years)) % len(REPORT_TYPES)]]
        _one_report(t, rng, unit, year, rtype, k in anomalous)
        used.add(unit["unit_id"])
    for u in units:
        if u["unit_id"] in used:
            t.add("units", u)
    for a in sorted(t.anomalies, key=lambda a: a["check_id"]):
        t.add("anomalies", a)
    return t


def source_text(lines: Iterable[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def csv_bytes(table: list[list[str]]) -> bytes:
    return csv_text(table).encode("utf-8")


def write(t: Tables, out: Path, manifest: list[dict[str, Any]] | None = None) -> None:
    """Write package, sources and (when given) the fault manifest. Checksums are of the texts as written."""
    from ..descriptor import dump, sources_from_reports
    from ..gate.safety import name_hash
    from ..package import load_package

    pkg_dir, src_dir = out / "package", out / "sources"
    for d in (pkg_dir, src_dir):
        if d.exists():
            shutil.rmtree(d)
    (pkg_dir / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "schemas", pkg_dir / "schemas")
    shutil.copytree(ROOT / "data" / "codelists", pkg_dir / "data" / "codelists")
    (pkg_dir / "policy").mkdir()
    denylist = (ROOT / "policy" / "denylist.sha256").read_text(encoding="utf-8")
    denylist += f"{name_hash(FAKE_NAME)} {len(FAKE_NAME)} # synthetic: an invented name used by xinfang synth --faults\n"
    (pkg_dir / "policy" / "denylist.sha256").write_text(denylist, encoding="utf-8")
    shutil.copy2(ROOT / "policy" / "synonyms.csv", pkg_dir / "policy" / "synonyms.csv")  # the terms the code-support check reads
    src_dir.mkdir()
    header = t.rows["reports"][0]
    i_file, i_sha = header.index("source_file"), header.index("source_sha256")
    for rep in t.rows["reports"][1:]:
        rid = rep[0]
        data = source_text(t.texts[rid])
        (src_dir / rep[i_file]).write_bytes(data)
        if not rep[i_sha]:
            rep[i_sha] = hashlib.sha256(data).hexdigest()
    for name, rows in t.rows.items():
        (pkg_dir / "data" / f"{name}.csv").write_bytes(csv_bytes(rows))
    desc = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    desc["name"] = desc["id"] = "xinfang-performance-synthetic"
    desc["title"] = "Synthetic xinfang-performance package (generated by xinfang synth; not real data)"
    desc["sources"] = []
    # derived tables are what `xinfang derive` makes of the curated ones, not input the gate checks:
    # the synthetic package holds the curated tables only
    desc["resources"] = [r for r in desc["resources"] if not str(r.get("path", "")).startswith("data/derived/")]
    (pkg_dir / "datapackage.json").write_text(dump(desc), encoding="utf-8")
    desc["sources"] = sources_from_reports(load_package(pkg_dir))
    (pkg_dir / "datapackage.json").write_text(dump(desc), encoding="utf-8")
    if manifest is not None:
        (out / "faults.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def synth(n_reports: int, seed: int, out: Path, faults: int = 0) -> dict[str, int]:
    t = build(n_reports, seed)
    manifest = None
    if faults:
        manifest = inject(t, faults, seed)
    write(t, out, manifest)
    return {name: len(rows) - 1 for name, rows in t.rows.items()}
