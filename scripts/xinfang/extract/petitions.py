"""Petition work in numbers: counts (批, 人次, 件, 宗, 次 …) and rates (…率 X%).

Rules:
- a count or a percentage not taken by a budget or staffing row is a petition figure;
- its *metric* is the metric term nearest before it (terms from `petition_metric_codes.label_zh`
  and the synonyms), else the metric of the previous figure of the sentence, else `other_count`
  (low confidence); a 批/批次 figure takes the `_batches` code, a 人次/人 figure the `_persons`
  one, and a batch and person pair (318批702人次) shares its metric;
- *period*: 同比（6577 宗）/较去年的 49.36% is `prior_year`; a change word before a percentage
  (上升105.35%, 下降8.1%) gives a `yoy_change` row whose change_pct is the figure (negative for a
  decrease), or fills the change_pct of the count change just before it (较上年减少9批，下降9.5%);
  a change word before a count, with 较上年/同比/比上年 … in the sentence before it (较上年减少9批),
  a `yoy_change` row whose value is the signed count; 提高了47个百分点 a `yoy_change` value in
  百分点; a figure after 目标/指标值/力争 in its clause is a `target`; otherwise `report_year`;
- a figure after 均 (及时受理率、按期办结率均为100%) gives one row for each metric named before it;
- a figure joined to the one before by 和/及/、 only (分别下降50%和8.1%) reads like that one;
- money (万元) that budgets left (no budget term in its sentence) is a figure of the work: a metric
  of kind `amount` named before it (积案化解资金 -> backlog_funding), else `other_count`;
- *scope*: the batch named in the sentence (第五批, 前四批), or for `other_count` the words of the
  clause before the figure (what is counted), else `all`;
- 余, 多, 近, 以上 set `approx`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..gate.conventions import YEAR_WORDS, backlog_cumulative
from ..quotes import collapse
from .budgets import BALANCE, YOY_MARK, direction
from .model import HIGH, LOW, MEDIUM, Line, ReportText, quote, sentence_of
from .numbers import COUNT_UNITS, Num, find_numbers
from .vocabulary import Match, Vocabulary

# a figure of none stated in words: 无进京访, 零出区, 未发生一起集体访, 进京集访无一批, 进京非访“零登记”, 同比无变化
NONE_BEFORE = re.compile(r"(?:无|零|未发生一起|未发生|(?<=确保)不发生|(?<=全年)不发生)([^，,。；;、“”（）()]{1,14})")  # (确保不发生…: a target)
NONE_AFTER = re.compile(r"([^，,。；;、“”（）()]{2,10}?)无一([批人起条件次])")
# 未发生信息安全事件, 未发生因信访问题引发的重大群体性事件: an event that did not happen (a none of its own, whatever its words)
EVENT_NONE = re.compile(r"未发生(?:一起|过)?\s?([^，,。；;、“”（）()\s]{2,24}?(?:事件|事故))(?=[，,。；;、]|$)")
ZERO_IS = re.compile(r"([^，,。；;、“”（）()\d]{2,10}?)(?:均)?为零(?=[，,。；;]|$)")
ZERO_AFTER = re.compile(r"([^，,。；;、“”（）()]{2,10}?)[“\"]?零(?:登记|发生)")  # 进京非访“零登记”: none of what stands before
# a quoted name and its definition in brackets (“三无”（无进京非访、无群体性事件）): the goal, not a fact
DEFINITION = re.compile(r"[”’\"]\s?[（(][^）)]{0,80}[）)]")
UNCHANGED = re.compile(r"同比无变化|与上年持平|同比持平")
PETITION_WORDS = ("访", "舆情", "滞留", "滋事", "出区", "群体性事件", "极端")
# 年度目标为按期办结率达到95%, 计划年底审核化解率达到100%, 不少于200批次: the target, not the result
TARGET = re.compile(r"(?:目标值?(?!管理)|指标值|力争|计划|预计|确保)[^，,。；;]{0,60}$|(?:不少于|不低于|不超过)\s*$")  # (目标管理: the noun)
TARGET_LIST = re.compile(r"(?:目标|绩效指标)(?:为|是)?[：:]")  # a list of targets (部门整体绩效目标：A；B；C; 主要绩效指标为：A，B), to the sentence's end
AT_DATE = re.compile(r"截至\s*((?:19|20)\d{2})\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底|末)?|底|末)")  # (截至2025年8月31日: any day)
# 2025年1-10月，受理…: months of an earlier year opening the sentence (a part of that year: the span is the scope)
MONTHS_HEAD = re.compile(r"\s*((?:19|20)\d{2})\s*年\s*(\d{1,2}\s*[-—~至到]\s*\d{1,2}\s*月(?:份)?)")
PLAN = re.compile(r"计划|目标|要求|力争|确保|预计")  # a sentence of plans: its …以上 figures are targets
# a sentence that opens with a plan (本局将力争…，…，确保…): every figure after it is a target, until a result is stated
PLAN_HEAD = re.compile(r"(?<![按照据])(?:计划(?=[\u4e00-\u9fff])(?!的|内|外|任务|完成)|力争|确保(?!了)|预计|争取|目标值?(?:为|是|[：:]))")
RESULT_WORDS = re.compile(r"实际|已经?|完成了|实现了|达到了|全年共|完成值|完成情况")
# 四、2025年工作目标 / （四）年度绩效目标。…: a heading of targets (not 目标完成情况): the figures of its passage are planned
# 十、项目支出预算及绩效目标 (a budget's section of its projects' targets) too, and 十、预算绩效目标设置情况 (never 绩效目标完成情况: results)
GOAL_HEADING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)(?:(?:19|20)\d{2}年度?|年度)?(?:部门)?(?:整体)?(?:支出)?"
                          r"(?:(?:项目支出|部门)?预算及|项目|预算)?(?:绩效|工作)目标(?:(?:设置|设定|编制)(?:情况)?)?\s*(?:[。：:]|$)")
NUMBERED = re.compile(r"^\s*[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]")
# the level of a numbered heading: 第一部分 0, 一、 1, （一） 2, 1. / 1、 3, （1） 4
LEVELS = ((re.compile(r"^\s*第[一二三四五六七八九十]+部分"), 0), (re.compile(r"^\s*[一二三四五六七八九十]{1,3}、"), 1),
          (re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[)）]"), 2), (re.compile(r"^\s*\d{1,2}[、.．](?!\d)"), 3),
          (re.compile(r"^\s*[（(]\d{1,2}[)）]"), 4))


def level_of(t: str) -> int | None:
    """The level of a numbered heading (see LEVELS), None for a line that opens with no number."""
    return next((lv for rx, lv in LEVELS if rx.match(t)), None)
# 2024年，全县共受理…; 2025年全县信访系统共登记…: a sentence of that year (not 2024年以来, 2024年底, 2024年12月)
YEAR_HEAD = re.compile(r"\s*((?:19|20)\d{2})\s*年度?(?!以来|起|初|底|末|\s*\d)")
WHOLE_YEAR = re.compile(r"\s*全年")  # 全年共受理…: the whole of the year the text has just named


def aside_skipped(t: str, s: int, lead: str, pos: int) -> str:
    """The words before the figure at `pos`, past a bracketed aside with a figure of its own that closes just before it
    (网上信访（含12345热线转办）711件: the channel's words before the bracket name the figure; the lead since the aside's
    figure holds only its end)."""
    if not re.search(r"[）)]\s*$", lead) or re.search(r"[（(]", lead):
        return lead
    close = t.rfind("）", s, pos) if t.rfind("）", s, pos) > t.rfind(")", s, pos) else t.rfind(")", s, pos)
    opened = max(t.rfind("（", s, close), t.rfind("(", s, close))
    if opened < 0:
        return lead
    start = max(t.rfind(ch, s, opened) for ch in "，,；;：:、") + 1 or s
    return t[max(start, s):opened] if not re.search(r"\d", t[max(start, s):opened]) else lead


def earlier_year(rep: ReportText, t: str, pos: int, carried: bool = True) -> bool:
    """Whether the sentence of the figure at `pos` opens with a year before the report's (2024年，全县共受理…;
    2025年全县信访系统共登记… in a 2026 budget) and names no span of years before the figure (2021年以来); with `carried`,
    also, in a 部门预算, a sentence opening with 全年 after one that opens with such a year (2025年全县信访形势平稳。全年共受理…)."""
    full = t.rfind("。", max(0, pos - 300), pos) + 1 or max(0, pos - 300)
    yh = YEAR_HEAD.match(t, full)
    if carried and rep.report_type == "dept_budget" and not yh and WHOLE_YEAR.match(t, full) and full and t[full - 1] == "。":
        # 2025年全县信访形势总体平稳。全年共受理… in a 2026 budget (which tells the year before's work): the year the sentence
        # before names, when it opens with it
        yh = YEAR_HEAD.match(t, t.rfind("。", max(0, full - 300), full - 1) + 1 or max(0, full - 300))
    return bool(rep.year and yh and int(yh.group(1)) < rep.year and not SINCE.search(t, full, pos))


# 2025年全县共受理…, 全年共接待…: a sentence (to its 。) that opens with the year, or with 全年/今年/本年
YEAR_OPENING = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]\s*[^。，,；;]{0,12}。\s*)?((?:19|20)\d{2}\s*年度?(?!以来|起|初|底|末|\s*\d)|全年|今年|本年)")


def year_opening(rep: ReportText, t: str, pos: int) -> str:
    """The year words a figure's sentence (to the 。 before it) opens with, when they are the report's year and the sentence
    names no span of years before the figure (2021年以来, 累计); else ''."""
    full = t.rfind("。", max(0, pos - 300), pos) + 1 or max(0, pos - 300)
    m = YEAR_OPENING.match(t, full)
    if not m or SINCE.search(t, full, pos) or CLAUSE_YEARS.search(t, full, pos):
        return ""
    digits = re.match(r"(?:19|20)\d{2}", m.group(1))
    return m.group(1) if not digits or rep.year and int(digits.group(0)) == rep.year else ""


YEAR_BATCH = re.compile(r"((?:19|20)\d{2})\s*年度?的?(?:第|前)[一二三四五六七八九十\d]+批")  # 2025年第一批: a batch of that year


def of_the_year(rep: ReportText, t: str, s: int, pos: int) -> bool:
    """Whether the batches a sentence names are the report year's: the year printed right before a batch (2025年第一批、第二批
    信访积案共23件) or opening the sentence (2025年，上级交办…，其中第五批交办积案12件): not a campaign's running total."""
    if not rep.year:
        return False
    yb = [int(m.group(1)) for m in YEAR_BATCH.finditer(t, s, pos)]
    full = t.rfind("。", max(0, pos - 300), pos) + 1 or max(0, pos - 300)
    yh = YEAR_HEAD.match(t, full)
    return rep.year in yb or bool(yh and int(yh.group(1)) == rep.year and not SINCE.search(t, full, pos) and not CLAUSE_YEARS.search(t, full, pos))


def earlier_months(rep: ReportText, t: str, s: int) -> str:
    """The months of an earlier year the sentence at `s` opens with (2025年1-10月，受理… in a 2026 budget), as printed
    (its scope: the figure is of part of that year only); else ''."""
    mh = MONTHS_HEAD.match(t, s)
    if not (rep.year and mh and int(mh.group(1)) < rep.year):
        return ""
    return mh.group(1) + "年" + re.sub(r"\s+", "", mh.group(2))


def plan_heading(rep: ReportText, t: str) -> bool:
    """Whether a numbered heading names the report's year and its work planned (第三部分 2026年信访工作打算, 三、2026年重点工作):
    in a 部门预算, the figures of its passage are targets."""
    wp = WORK_PLAN.search(t)
    return bool(wp and rep.year and int(wp.group(1)) == rep.year and len(t.strip()) <= 30 and not re.search(r"[。；;]", t))


def at_an_earlier_date(rep: ReportText, t: str, pos: int) -> bool:
    """Whether the sentence before pos (to its 。, at most 300 characters back) dates it 截至 a year before the report's
    (截至2024年12月31日，共有公务用车1辆 in a 2025 report: a count of the year before)."""
    at = AT_DATE.search(t, t.rfind("。", max(0, pos - 300), pos) + 1 or max(0, pos - 300), pos)
    return bool(rep.year and at and int(at.group(1)) < rep.year)


def planned(line: Line, s: int, pos: int) -> bool:
    """Whether the figure at `pos` is planned: its sentence opens with a plan word before its first figure
    (本局将力争全年受理…1200件以上，…及时受理率达到100%) and states no result between the two."""
    first = next((n.start for n in line.nums if s <= n.start < pos and n.kind == "value"), pos)
    m = PLAN_HEAD.search(line.text, s, first)
    return m is not None and not RESULT_WORDS.search(line.text, m.end(), pos)


SINCE = re.compile(r"连续[\d一二三四五六七八九十]+年|近[\d一二三四五六七八九十]+年来|(?:19|20)\d{2}年以来|(?<=自)(?:19|20)\d{2}年[^，,。；;\d]{1,12}以来")
COMPARED_YEAR = re.compile(r"(?:较|比|与)\s*((?:19|20)\d{2})\s*年度?\s*(?:的|同期)?\s*[（(]?\s*$")
BRACKET_YEAR = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年度?(?:同期)?(?:为|是)\s*$")  # （2022年为1,387件）: the year before's figure
PRIOR = re.compile(r"(?:同比|较去年|较上年|上年)\s*(?:的)?\s*[（(]?\s*$")


WORK_PLAN = re.compile(r"((?:19|20)\d{2})\s*年度?的?(?:信访)?(?:重点工作|工作安排|工作计划|工作任务|主要任务|工作思路|工作打算|工作重点)")
AT_ANY = re.compile(r"截至|截止")  # 截至2026年1月，共有车辆2辆: a stock at a date, never a plan
BRACKET_TARGET = re.compile(r"^\s*[（(][^（()）]{0,8}?目标值?(?:为|是)?\s*(?:不低于|不少于|达到|≥|>=)?\s*$")  # （年初目标为不低于98%）
CHANGE_SUBJECT = re.compile(r"(批次|人次)\s*(?:数)?\s*(?:同比|较上年|比上年|较去年|与上年相比)?\s*(?:下降|上升|增长|减少|增加|降低|提高)了?\s*$")
PURCHASED = re.compile(r"购置|购买|采购|新购")  # (a verb of buying before the vehicles counted)
UNITS_NAMED = re.compile(r"批次?\s*[、和及与]\s*人次")  # 批次、人次同比分别…: the batches and the persons just stated, in turn
ALL_OF = re.compile(r"均(?:为|是|达到|达|已达到|实现)?\s*$")  # 及时受理率、按期办结率均为100%: the figure of each
SHARE_LEAD = re.compile(r"^[，,、\s]*(?:分别|各)\s*占[^，,。；;\d]{0,12}$")  # ，分别占信访总量的
AND_ONLY = re.compile(r"\s*(?:和|及|与|、|，|,)\s*")  # 分别下降50%和8.1%: the second figure reads as the first


BOTH = re.compile(r"(?:为|是|达到|达|实现)\s*$")  # 及时受理率和按期办结率达100%: the figure of both, when they are joined by 和/、/及 only
RECEIVED = ("visits", "persons_received", "leader_received")
RATE_HEADS = ("化解率", "办结率", "结案率", "按期化解率")
LEADERS = re.compile(r"领导|书记|区长|县长|市长|负责同志|负责人")
# 县矛调中心, 两级调处中心: a centre named before a count of people received (its name: the characters before 中心/服务站/工作站)
MEDIATION_CENTRE = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:中心|服务站|工作站)")
SERVICE = re.compile(r"中心|超市|热线|平台|窗口|服务站|工作站|信息系统")  # a body or service whose handled matters are `cases_handled`
STAFF = re.compile(r"借调|抽调|挂职|派驻|编外|工作人员|干部职工|公益性岗位|劳务派遣|协管员|辅助人员|(?:新增|减少|调入|调出|增加)人员")  # staff with no code of their own
AFTER_UNITS = ("个", "名", "次", "场", "场次", "辆")
CHANGE_WORDS = re.compile(r"同比|较上年|比上年|较去年|上年|增加|减少|下降|上升|增长|降低|提高|批次|人次|分别|其中|了")
OWN_WORDS = re.compile(r"[\u4e00-\u9fff]{4,}")  # 结对共建工作 3 次 after 主题党日 12 次: words of its own, not the metric before


# 单位价值50万元以上通用设备0台（套）: equipment counted in 台/套 (a unit of the assets' sentence)
EQUIPMENT = re.compile(r"\s*(台[（(]套[）)]|台套|台|套)")
# 化解中央及省交办信访积案22件, 化解市交办积案不少于15件: the label 化解信访积案 with words inside
# (化解省、市交办信访积案: the levels that assigned them, listed with 、, are one noun)
RESOLVED_OF = re.compile(r"化解(?:[^，,。；;、\d]|(?<=[省市县区央])、(?=[省市县区])){1,12}?积案\s*(?:不少于|不低于|达到|共计|共)?\s*$")
# 登记受理各类信访事项920件, 共登记群众信访事项1126件, 受理各类矛盾纠纷717件 (at a centre): the matters accepted
ACCEPTED_OF = re.compile(r"(?:受理|登记)(?:[、和及与]办理)?[^，,。；;、\d]{0,16}?(?:事项|矛盾纠纷)(?:共计|共|总计|合计|达)?\s*$")
VOLUMES = ("volume_total", "cases_handled")  # the matters of every kind: its parts after 其中 named by a channel are that channel
ALL_WITH_TARGETS = re.compile(r"(?:项目)?[^。；;]{0,40}?(?:全部|均|都)(?:已)?(?:编制|设定|设置|制定|编报)(?:了)?(?:绩效)?目标")  # …，全部编制了绩效目标
PARTS = re.compile(r"其中")
BODY_BEFORE = re.compile(r"(?:中心|事业单位)\s*[）)]?\s*(?:共计|共|各)?\s*$")  # 下属县人民来访接待中心 1个: a body counted
BODY_AFTER = re.compile(r"\s*(?:预算单位|事业单位|二级单位)")  # 共2个预算单位组成
SCOPE_UNITS = re.compile(r"编\s*[制报]\s*范围的?(?:独立核算)?单位(?:共计|共|有)?\s*$")
NOT_WORK = re.compile(r"合同|采购|资产|价值|房屋")  # money of contracts, procurement or assets: the budget's (unplaced.csv), never the work's
DONE_OF_STAGE = re.compile(r"完成(?:了)?(?:预算|年初预算|调整预算)?(?:的)?\s*$")  # 预算、决算均为24.49，完成100%: the budget's rate (with a stage named)
EXEC_RATE_WORD = re.compile(r"执行率\s*(?:仅|只|约|尚?未|没有)?(?:为|达到?|是)?\s*$")  # 2024年度部门预算执行率98.38%: the budget's rate, never a petition figure
# 全县信访事项办理1372件, 办理群众信访事项…件: the matters handled (not accepted: 受理 is the volume)
HANDLED_OF = re.compile(r"(?:(?<!受理)(?<!受理、)办理(?:各类)?(?:群众)?(?:信访)?事项|信访事项办理|^[，,、]\s*办理)(?:共计|共|达|完成)?\s*$")
FOREIGN = re.compile(r"外事接待|外宾接待|涉外接待|外事来访|外宾来访")  # foreign-affairs receptions: no domestic official reception
RECEPTIONS = re.compile(r"公务接待|国内公务")  # 公务接待费0.84万元，共接待12批次、86人次: the official visitors received
# 年度总体目标  预期目标：… / 实际完成情况：… : the overall target and result of a self-evaluation table (the table's, never petition figures)
TABLE_GOAL = re.compile(r"^\s*(?:年度总体目标\s*)?(?:预期目标|实际完成情况)\s*[：:]")


GOAL_CELL = re.compile(r"^\s*(?:年度总体目标|总体目标|年度目标|年度总体?)(?:\s{2,}|\t)\S")  # a table's row of its overall goal: label, then the cell
GOAL_LABEL_REST = re.compile(r"^\s*(?:体目标|目标)(?:\s{2,}|\t)\S")  # 年度总 / 体目标: the label set over two lines of its column
WRAPPED_CELL = re.compile(r"^\s{8,}\S")  # a line that goes on in a column after the first (the first column empty)


def goal_cell_lines(text: str) -> set[int]:
    """The lines (numbered from 1) a self-evaluation table's 年度总体目标 cell wraps onto: after the row that opens with the label,
    the lines indented past the first column, to the next row with a label of its own. The goal's figures are the table's
    (its targets), never petition figures."""
    out: set[int] = set()
    cell = False
    for no, raw in enumerate(text.splitlines(), 1):
        if GOAL_CELL.match(raw):
            cell = True
        elif cell and (WRAPPED_CELL.match(raw) or GOAL_LABEL_REST.match(raw)):
            out.add(no)
        else:
            cell = False
    return out


def with_units(t: str, nums: list[Num]) -> list[Num]:
    """The figures of a line, a bare number followed by 台（套） read as a count in that unit."""
    out = []
    for n in nums:
        m = EQUIPMENT.match(t, n.unit_end) if n.kind == "value" and not n.unit else None
        out.append(replace(n, unit=m.group(1), unit_end=m.end()) if m else n)
    return out


def metric_in(voc: Vocabulary, lead: str) -> Match | None:
    """The metric term nearest before a figure; a term followed by 后 names a time (化解后重复信访1件: after
    the resolution), not what is counted."""
    found = [x for x in voc.find_all("metric", lead) if not lead.startswith("后", x.end) and not EXCLUDED.search(lead, 0, x.start)]
    best = max(found, key=lambda m: (m.end, m.end - m.start)) if found else None
    if best and best.code in voc.channels:
        # 赴自治区走访9批, 进京走访: the destination named right before the channel's word is what is counted
        dest = [x for x in found if x.code in DESTINATIONS and 0 <= best.start - x.end <= 2]
        return dest[-1] if dest else best
    return best


EXCLUDED = re.compile(r"(?:不含|不包括|除)\s*$")  # 设备（不含车辆）0台: a thing excluded names nothing counted


DESTINATIONS = ("to_beijing", "to_province", "to_city")
CHANNEL_JOIN = re.compile(r"\s*[、和及与]?\s*")  # 来信、来访及网上信访, 来信来访: channels listed together


def listed_channels(voc: Vocabulary, lead: str, m: Match) -> bool:
    """Whether the metric term `m` ends a list of two or more channels joined by 、/和/及/与 or nothing (受理群众来信、来访及
    网上信访事项1,026件, 来信来访): the figure counts all of them, the volume, not the last channel."""
    if m.code not in voc.channels:
        return False
    before = [x for x in voc.find_all("metric", lead[:m.start]) if x.end <= m.start]
    return bool(before) and before[-1].code in voc.channels and before[-1].code != m.code and CHANNEL_JOIN.fullmatch(lead[before[-1].end:m.start]) is not None


def _destination(voc: Vocabulary, lead: str, group: Match) -> Match | None:
    """The higher level a group visit went to, named right before its term (赴省集体访, 到市重复集访; at most two
    characters between): the destination's metric."""
    found = [x for x in voc.find_all("metric", lead[:group.start]) if x.code in DESTINATIONS and group.start - x.end <= 2]
    return max(found, key=lambda x: x.end) if found else None


def joined_destinations(voc: Vocabulary, before: str) -> list[str]:
    """The destinations that end `before`, joined with nothing or 、/和/及/与 between them (进京赴省, 赴省、到市):
    the last one and those joined to it, in reading order."""
    found = [x for x in voc.find_all("metric", before) if x.code in DESTINATIONS]
    out = [found[-1]]
    for x in reversed(found[:-1]):
        if x.end <= out[0].start and re.fullmatch(r"[、和及与]?", before[x.end:out[0].start]):
            out.insert(0, x)
        elif x.end > out[0].start:
            continue
        else:
            break
    return list(dict.fromkeys(x.code for x in out))


# units that count the same kind of thing: a figure with no words of its own reads as the one before only in one of them
UNIT_KINDS = (("批", "批次"), ("人次", "人", "名"), ("件", "宗", "件次", "起", "条", "批（件）次", "件（批）次"), ("%",), ("个百分点", "百分点"))


def same_kind(before: str, unit: str) -> bool:
    """Whether a count in 个/场 can read as the count before it: only when that one counts the same kind of thing
    (not 批 and 个: 来访120批，12个节点…); a percentage or a count in other units always can."""
    if EQUIPMENT.fullmatch(unit):
        return before == unit  # 公务用车1辆，单价20万元以上的设备0台（套）: equipment, never the vehicles before it
    if unit not in ("个", "场", "场次") or before in ("", "%", "万元"):
        return True
    return before == unit or any(before in k and unit in k for k in UNIT_KINDS)


# 目标值为不低于, 年初确定的目标为, 达到目标值≥, 高于年度目标: words of a target only (what is targeted is the figure before)
TARGET_ONLY = re.compile(r"^(?:达到|高于|超过|低于|完成)?(?:年初|全年|年度)?(?:确定|设定|制定|下达)?的?(?:年度|全年)?目标值?(?:为|是)?"
                         r"(?:不低于|不少于|不超过|不高于|达到)?[≥≤>＞<＜]?$")


def own_words(lead: str) -> str:
    """The words of a figure's lead that name what it counts: those after the last separator (the words
    before it name the figure before: 279宗重点案件和19宗 -> ''), without change words and filler; the words
    of a target only (按期办结率99.2%，年初确定的目标为不低于95%) name nothing of their own."""
    tail = re.split(r"[，,、；;：:和及与]", lead.strip(" ，,、；;：:"))[-1]
    words = CHANGE_WORDS.sub("", FILLER_HEAD.sub("", re.sub(r"\s+", "", tail)))
    return "" if TARGET_ONLY.match(words) else words


def joined_terms(voc: Vocabulary, lead: str) -> bool:
    """Whether the lead ends with two or more metric terms joined by 和/、/及 only (及时受理率和按期办结率达)."""
    found = voc.find_all("metric", lead)
    if len(found) < 2:
        return False
    gaps = [lead[a.end:b.start] for a, b in zip(found, found[1:], strict=False)]
    return all(re.fullmatch(r"\s*(?:和|及|与|、)\s*", g) for g in gaps[-1:]) and BOTH.search(lead[found[-1].end:]) is not None


def counted_after(voc: Vocabulary, t: str, n: Num) -> str | None:
    """The metric named right after a count's unit (30 名区领导, 7 个品牌调解室, 2 次专题学习): a term of three
    or more characters starting within two characters of the unit, for units that count things (个, 名, 次, 场)."""
    if n.unit not in AFTER_UNITS:
        return None
    window = t[n.unit_end:n.unit_end + 12]
    found = [x for x in voc.find_all("metric", window) if len(x.term) >= 3 and not re.search(r"[，,。；;、]", window[:x.start])
             and (x.start <= 2 or voc.metric_units.get(x.code) == n.unit)]  # 8 个街镇实现“三无”, 2个项目编制了绩效目标
    if found:
        return found[0].code
    return "grassroots_units" if TOWNS.match(window) else None  # 全县11个乡镇均建成…: towns counted are grassroots units


UNDONE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:尚未|未能|未)(?:化解|办结|解决|息诉|结案)")  # 4件积案未化解: the count of those not done
TOWNS = re.compile(r"\s*(?:乡镇|街道|街镇|镇街)")  # the towns of 乡镇（街道）, the synonym of grassroots_units (a count of 社区 has words of its own)


CHANGE_ONLY = re.compile(r"[\s，,、]*(?:同比|较上年|比上年|较去年)?(?:增加|减少|下降|上升|增长|降低|提高)了?\s*")  # ，下降9.5%: only the change word
BATCH = re.compile(r"(?:第|前)[一二三四五六七八九十\d]+批")  # 第五批交办27件, 前四批共125件: the batch the figure is of
CLAUSE_CUT = "，,、；;：:。（(）)"
FILLER_HEAD = re.compile(r"^(?:其中|全年|今年|年内|本年|全区|全县|全市|累计|共计|共|另)+")
FILLER_TAIL = re.compile(r"(?:共计|共|达到|达|为|了|计|约|近|超过){1,4}$")


def scope_of(t: str, sent_start: int, pos: int, unit_end: int, metric: str) -> str:
    """`scope`: the batch a figure is of when its sentence names one before it (第五批交办27件); for a
    count with no code of its own (`other_count`) what is counted, in the report's words: the clause
    before the figure (结对共建工作 3 次), or the words after its unit when the clause before says
    nothing of it (全区 8 个街镇, 重点领域的 30 个重点群体); else `all`."""
    batches = list(BATCH.finditer(t, sent_start, pos))
    if batches:
        return batches[-1].group(0)
    if metric != "other_count":
        return "all"
    left = pos
    while left > max(sent_start, pos - 40) and t[left - 1] not in CLAUSE_CUT:
        left -= 1
    words = FILLER_TAIL.sub("", FILLER_HEAD.sub("", t[left:pos].strip())).strip()
    if len(words) < 3 or words.endswith("的") or re.search(r"\d", re.sub(r"\d+(?:\.\d+)?万元以[上下]", "", words)):  # (价值50万元以上设备: its words)
        right = unit_end
        while right < len(t) and t[right] not in CLAUSE_CUT and not t[right].isdigit() and right - unit_end < 12:
            right += 1
        words = t[unit_end:right].strip()
    return words if 2 <= len(words) <= 30 else "all"


def _money_sentence(line: Line, s: int, e: int) -> bool:
    """Whether the sentence states amounts of money (万元): its percentages without a metric named are the budget's."""
    return any(n.unit == "万元" and s <= n.start < e for n in line.nums)


def spans_by_line(rep: ReportText) -> dict[int, list[tuple[int, int]]]:
    """The spans of text an indicator holds (or a budget's figure of no code), by line: looked up per figure in linear time
    (this module adds none)."""
    out: dict[int, list[tuple[int, int]]] = {}
    for line_no, start, end in rep.spans:
        out.setdefault(line_no, []).append((start, end))
    return out


def extract(rep: ReportText) -> None:
    voc = rep.voc
    held = spans_by_line(rep)
    goal_section = False  # under a heading of targets (四、2025年工作目标) until the next numbered heading of its level or higher
    goal_level = 1
    goal_cells = goal_cell_lines(rep.text)
    for no in sorted(rep.lines):
        line = rep.lines[no]
        t = line.text
        if TABLE_GOAL.match(t) or no in goal_cells:
            continue
        level = level_of(t)
        heading = GOAL_HEADING.match(t) or rep.report_type == "dept_budget" and level is not None and plan_heading(rep, t)
        if heading:
            goal_section, goal_level = True, level if level is not None else 1
        elif level is not None and level <= goal_level or level is None and NUMBERED.match(t):
            # the next heading of the same or a higher level ends the passage of targets; the points numbered within it
            # (十、项目支出预算及绩效目标 / 1.X经费…: the targets of each project) are still its
            goal_section = False
        goals = goal_section
        for s, e in line.sentences():
            prev_end = s
            last_stem: str | None = None
            stem_unit = ""  # the unit of the figure last_stem was read for
            prev_unit = ""
            prev_end_unit = -1
            last_dir = 0
            respective: list[str] = []  # 赴省、到市走访批次同比分别上升5.2%和32%: the metrics the figures after 分别 take in turn
            whole: tuple[str, str, str] | None = None  # (metric, lead, value) of the last figure drafted, the whole of parts after 其中
            parts: tuple[str, str, str] | None = None  # the whole the figures after this sentence's 其中 are parts of
            whole_period = ""  # the period drafted for the last figure that is no part (the whole's)
            last_period = ""
            share_run = False  # the figures after 分别占… are shares, in turn
            for n in [n for n in with_units(t, line.nums) if s <= n.start < e]:
                lead = aside_skipped(t, s, line.lead(s, prev_end, n.start), n.start)
                prev_end = n.unit_end
                money = n.unit == "万元"
                if (n.kind != "value" or rep.is_claimed(no, n) or not (n.unit in COUNT_UNITS or n.unit == "%" or money or EQUIPMENT.fullmatch(n.unit))
                        or any(y <= n.start < z for y, z in held.get(no, ()))  # a figure an indicator's sentence holds
                        or t[max(0, n.start - 1):n.start] == "表" and re.match(r"\s+项目", t[n.start + len(n.text):])):
                    # (表1  项目支出绩效自评表: a table's number in its caption, not 1 项)
                    prev_unit = n.unit
                    last_dir = 0
                    continue
                if n.unit in ("人", "名") and (STAFF.search(lead) or voc.last("staffing", lead) or any(
                        d.table == "staffing" and d.pos[0] == no and s <= d.pos[1] < n.start for d in rep.drafts[-12:])):
                    prev_unit, last_dir = n.unit, 0
                    continue  # 借调6人, 在职26人, 遗属1人 after staff: the bureau's staff, not petition work (staffing drafts what it can code)
                if UNDONE_AFTER.match(t, n.unit_end):
                    prev_unit, last_dir = n.unit, 0
                    continue  # 年底仍有4件积案未化解: matters not yet done, which no metric counts (the resolved are the metric's)
                if n.unit == "个" and (SCOPE_UNITS.search(lead) or BODY_BEFORE.search(lead) or BODY_AFTER.match(t, n.unit_end)):
                    prev_unit, last_dir = n.unit, 0
                    # 纳入2025年部门预算编制范围的单位共2个: the units a budget or account covers; 下属县人民来访接待中心1个, 共2个预算单位:
                    # bodies counted (a metric's word inside a body's name names no petition figure)
                    continue
                threshold = money and (t[n.unit_end:n.unit_end + 1] == "的" or re.match(r"[（(]含[）)]\s*以[上下]", t[n.unit_end:n.unit_end + 6])
                                       or n.approx in ("以上", "以下") and re.match(r"[\u4e00-\u9fff]", t[n.unit_end:n.unit_end + 1]))
                if threshold or n.unit == "%" and ((_money_sentence(line, s, e) or DONE_OF_STAGE.search(lead) and voc.last("stage", t[s:n.start]))
                                                   and not voc.last("metric", lead) or EXEC_RATE_WORD.search(lead)):
                    prev_unit, last_dir = n.unit, 0
                    # 单价20万元以上的设备, 单位价值50万元以上通用设备: a threshold; 占9.27%, 完成年初预算的64% in a sentence of amounts: budgets', never petition figures
                    continue
                if n.unit == "%" and whole is not None and (SHARE_LEAD.match(lead) or share_run and AND_ONLY.fullmatch(lead)):
                    share_run = True  # 来信198件，来访412批次，…，分别占信访总量的16%、33.3%和50.6%: the shares of the counts just stated
                    prev_unit, last_dir = n.unit, 0
                    continue
                share_run = False
                if n.unit == "%" and "占" in lead[-12:] and not voc.last("metric", t[s:n.start]) and (
                        voc.last("item", t[s:n.start]) or voc.last("fund", t[s:n.start])):
                    prev_unit, last_dir = n.unit, 0
                    continue  # 项目支出88.26，占18.13% (an item's share, its amount printed without 万元): no petition figure
                m = metric_in(voc, lead)
                group_scope = ""
                if m and listed_channels(voc, lead, m):
                    m = Match("volume_total", lead[m.start:m.end], m.start, m.end)  # 来信、来访及网上信访事项N件: the volume of the channels listed
                if m and m.code == "group_petitions" and (dest := _destination(voc, lead, m)):
                    m, group_scope = dest, "集体访"  # 赴省集体访3批: the destination's metric, scope 集体访 (docs/transcription.md, 0.3.0)
                if PARTS.search(lead) and whole:
                    parts = whole  # the figures after 其中, to the sentence's end, are parts of the one before
                part_scope = ""
                handled = False
                if m and parts and m.term in parts[1] and m.code != parts[0] and parts[0] not in VOLUMES:
                    m = Match(parts[0], m.term, m.start, m.end)  # 化解交办积案22件，其中中央交办7件: parts named by the whole's words keep its metric
                    part_scope = re.sub(r"^.*其中[：:，,]?", "", lead).strip(" ，,、；;：:")
                elif m and m.code == "backlog_cases_assigned" and RESOLVED_OF.search(lead):
                    m = Match("backlog_cases_resolved", m.term, m.start, m.end)
                elif (hm := HANDLED_OF.search(lead)) and (m is None or m.end <= hm.start()):
                    m = Match("cases_handled", hm.group(0), hm.start(), hm.end())
                    handled = True
                elif m is None and "接待" in lead and n.unit in ("批", "批次", "人次") and RECEPTIONS.search(t, max(s, n.start - 80), n.start):
                    m = Match("official_receptions", "公务接待", 0, 0)
                elif (acc := ACCEPTED_OF.search(lead)) and (m is None or m.end <= acc.start() or SERVICE.search(t, max(s, n.start - 60), n.start)
                                                            or len(voc.find_all("metric", acc.group(0))) >= 2):
                    # the matters a service accepted (当场受理来访事项471件) are the ones it handled; with no kind named in between, the volume
                    m = Match("cases_handled", acc.group(0), acc.start(), acc.end())
                if money and m and m.code not in voc.amount_metrics:
                    m = None
                if money and m is None and (voc.last("stage", t[s:n.start]) or voc.last("item", lead) or BALANCE.search(lead) or NOT_WORK.search(lead)
                                            or rep.report_type == "dept_budget"):  # (a 部门预算's money is its budget: docs/transcription.md)
                    prev_unit, last_dir = n.unit, 0
                    continue  # 支出决算8.00万元 the budget rules left (an item without a code), 授予中小企业合同金额: never a petition count
                pair = prev_unit in ("批", "批次") and n.unit in ("人次", "人") and t[prev_end_unit:n.start].strip(" ，,、") == ""
                conf = HIGH
                after = counted_after(voc, t, n) if not pair else None
                if "分别" in lead:
                    cut = s + t[s:n.start].rfind("分别")
                    respective = list(dict.fromkeys(x.code for x in voc.find_all("metric", t[max(s, cut - 200):cut])))
                    respective = respective if len(respective) >= 2 else []
                    pair_rows = [d.values["metric"] for d in rep.drafts[-2:] if d.table == "petition_metrics" and d.pos[0] == no and s <= d.pos[1] < n.start]
                    if ((not respective or UNITS_NAMED.search(lead)) and len(pair_rows) == 2 and pair_rows[0].endswith("_batches")
                            and pair_rows[1] == pair_rows[0][:-8] + "_persons"):
                        # 集体访21批次、365人次，同比分别下降16%和21.5%; 来访286批1034人次，批次、人次同比分别下降…: the changes of the
                        # batches and of the persons (the units named as the subjects outweigh the terms before the pair)
                        respective = pair_rows
                elif not (respective and AND_ONLY.fullmatch(lead)):
                    respective = []
                if respective:
                    stem = respective.pop(0)
                elif pair and last_stem:
                    stem = last_stem
                elif after:
                    stem = after  # 30 名区领导, 16 次研究部署信访工作: the counted thing named right after the count
                elif n.unit == "个" and (lead.rstrip().endswith("项目") or t.startswith("项目", n.unit_end)) and ALL_WITH_TARGETS.match(t, n.unit_end):
                    stem = "projects_with_targets"  # 安排项目3个，资金…，全部编制了绩效目标: the projects counted all have targets
                elif n.unit == "个" and re.match(r"项目\s*[：:]", t[n.unit_end:n.unit_end + 4]):
                    prev_unit, last_dir = n.unit, 0
                    continue  # 共2个项目：A经费…；B经费…: the projects listed (the projects rows), never a petition figure
                elif n.unit == "个" and rep.report_type in EVALUATES_ITS_PROJECTS and (
                        t.startswith("项目", n.unit_end) or re.search(r"项目\s*(?:共计|共|有)?\s*$", lead)) and re.search(
                        r"自评|评价|纳入|实施", t[max(s, n.start - 30):n.unit_end + 30]):
                    prev_unit, last_dir = n.unit, 0
                    continue  # 我局对…2个项目开展了绩效自评 in a self-evaluation: the projects it evaluates are its projects rows, no count of them
                elif n.unit == "个" and t.startswith("项目", n.unit_end):
                    stem, conf = "other_count", LOW  # X、Y经费2个项目开展了绩效自评 (a final account): projects counted, whatever the names before say
                elif m is None and last_stem and BRACKET_TARGET.match(lead) and same_kind(stem_unit, n.unit):
                    stem, conf = last_stem, MEDIUM  # 按期办结率99.2%（年初目标为不低于98%）: the target of the figure before
                elif m is None and PRIOR.search(lead) and (named := metric_in(voc, t[s:n.start])):
                    stem, conf = named.code, MEDIUM  # …满意度…完成值94.2%，较上年的92.5%: the prior year's figure of the metric named
                elif m:
                    stem = m.code
                    if stem == "leaders_involved" and n.unit in ("次", "场", "场次"):
                        stem = "leader_receptions"  # 县级领导接访72次: leaders counted in sessions are their reception sessions
                    if stem == "key_issues_resolved" and BACKLOG.search(t, s, n.start):
                        stem = "backlog_cases_resolved"  # 交办我县信访积案34件，已化解32件: resolved of the backlog the sentence names
                    elif stem == "backlog_cases_resolved" and last_stem == "key_issues_listed" and not BACKLOG.search(lead):
                        stem = "key_issues_resolved"  # 排查矛盾纠纷318起，化解301起: resolved of the issues just screened
                    if stem in ("backlog_cases_resolved", "backlog_resolution_rate") and ONE_GO.search(lead) and not BACKLOG.search(lead):
                        stem, conf = "other_count", LOW  # 初信初访一次性化解率85%, 一次性化解954件: first petitions settled at once, no backlog
                elif last_stem and not money and same_kind(stem_unit, n.unit) and (not OWN_WORDS.search(own_words(lead))
                                                                                  or last_period == "target" and own_words(lead).startswith("实际")):
                    stem, conf = last_stem, MEDIUM  # 来信120件、来访…: a figure with no words of its own reads as the one before (实际接待562批: the plan's result)
                    handled = stem == "cases_handled"  # (办理…完成1042件，达到目标值1000件: the target of the matters handled)
                else:
                    stem, conf = "other_count", LOW
                stem = received_by_leaders(stem, n.unit)
                if stem in RECEIVED and n.unit in ("批", "批次", "人次", "人"):
                    # people received: by leaders when the sentence names them before (区领导…接待来访群众42批);
                    # otherwise a batch count of visitors is the visits (来访群众318批702人次)
                    centre = None if pair else MEDIATION_CENTRE.search(t, max(s, n.start - 60), n.start)
                    if LEADERS.search(t, max(s, n.start - 120), n.start):
                        stem = "leader_received"
                    elif centre and n.unit in ("人次", "人") and not re.search(r"来访|接访|信访", centre.group(0)):
                        stem = "persons_received"  # 县矛调中心共接待群众来访1,032人次: people received at a centre named in scope (not the visits office)
                    elif stem == "leader_received" or n.unit in ("批", "批次"):
                        stem = "visits"
                if stem in voc.rate_metrics and n.unit not in ("%", "个百分点", "百分点"):
                    # 办结1150件: a count, not the rate the word also names; 交办我县积案40件: the count term before it names the count
                    counts = [x for x in voc.find_all("metric", lead) if x.code not in voc.rate_metrics] if m and stem == m.code else []
                    stem, conf = (counts[-1].code, MEDIUM) if counts else ("other_count", LOW)
                if n.unit == "%" and stem != "other_count" and stem not in voc.rate_metrics and re.search(r"率\s*(?:为|达到?|是)?\s*$", lead) and (
                        not m or stem == m.code and m.code not in voc.amount_metrics and not re.search(r"率", lead[m.start:m.end])):
                    # 实际受理1088件，完成率108.8%: a rate of its own, not the count's metric; 来访群众登记率100%: a rate of the
                    # visitors (a count's term before it), which no rate code names
                    stem, conf = "other_count", LOW
                if n.unit == "%" and "占" in lead[-12:] and whole is not None and AND_ONLY.sub("", lead).startswith("占"):
                    # 网上信访1,284件，占信访总量的62.8%: the share of the count just stated, which petition_metrics has no column
                    # for (the curated rows note it on the count's row): no row, left to unplaced.csv
                    prev_unit, last_dir = n.unit, 0
                    continue
                if n.unit == "%" and "占" in lead[-12:]:
                    stem, conf = "other_count", MEDIUM  # …，占信访总量的62.8% with no count before it: a share, not the metric's rate
                if stem == "cases_handled" and not handled and not SERVICE.search(t, max(s, n.start - 60), n.start):
                    stem = "volume_total"  # matters handled by a service named in scope; the bureau's or the area's own total is the volume
                if stem in ("official_receptions", "visits") or pair and stem == "other_count":
                    # 外事接待0批次(、)0人次, 接待外事来访2批次: receptions of foreign affairs, which official_receptions_* (domestic)
                    # do not count, nor visits: other_count, scope 外事接待 (docs/transcription.md, round 15)
                    own = re.split(r"[，,；;。]", t[s:n.start])[-1]
                    if (fm := FOREIGN.search(own)) and not (stem == "other_count" and re.search(r"国内", own[fm.end():])):
                        stem, conf, part_scope = "other_count", MEDIUM, "外事接待"
                if stem == "official_vehicles" and PURCHASED.search(lead):
                    stem, conf = "other_count", MEDIUM  # 更新购置公务用车0辆, 预算安排购置车辆0辆: vehicles bought, not the vehicles held
                stems = [stem]
                if (ALL_OF.search(lead) or BOTH.search(lead)) and not respective:  # (分别为100%、98.5%: one metric each, in turn)
                    each = [x.code for x in voc.find_all("metric", lead) if (x.code in voc.rate_metrics) == (n.unit == "%")]
                    if len(each) >= 2 and (ALL_OF.search(lead) or joined_terms(voc, lead)):
                        stems = list(dict.fromkeys(each))
                if parts and stems == [parts[0]] and n.text == parts[2] and PARTS.search(lead):
                    rep.claim(no, n)  # 共有车辆2辆，其中一般公务用车2辆: the whole is all of the part (one figure, stated with its part)
                    continue
                whole = (stems[-1], lead, n.text)
                last_stem, stem_unit = stems[-1], n.unit
                prev_unit, prev_end_unit = n.unit, n.unit_end
                unit = n.unit
                period, value, change = "report_year", n.text, ""
                span_scope = ""
                sign = direction(lead) or (last_dir if AND_ONLY.fullmatch(lead) else 0)
                clause = t[max(s, n.start - 200):n.start]  # bounded: linear however long the sentence
                # 6.绩效目标：实行绩效目标管理的项目1个: the projects that have targets are a fact of the year, never a target (whatever
                # the words of targets before them)
                with_targets = stems[-1] == "projects_with_targets"
                if PRIOR.search(lead) or (cy := COMPARED_YEAR.search(t, max(s, n.start - 20), n.start)) and (not rep.year or int(cy.group(1)) < rep.year) or (
                        (by := BRACKET_YEAR.search(t, max(s, n.start - 12), n.start)) and rep.year and int(by.group(1)) < rep.year):
                    period = "prior_year"  # 同比（1,020件）; 较2023年的1410件; …下降7.3%（2022年为1,387件）: the figure of the year compared with
                elif n.unit == "%" and sign and not with_targets and (PLANNED_CHANGE.search(re.split(r"[，,；;。]", t[s:n.start])[-1]) or planned(line, s, n.start)):
                    # 力争全区信访总量较上年下降5%以上: a planned change, which no period of a change expresses (change_pct is on
                    # yoy_change rows only): a target of no code, its words as scope (docs/transcription.md, round 15)
                    stems, period, value = ["other_count"], "target", n.text
                    words = re.split(r"[，,；;：:]", lead)[-1].strip()
                    span_scope = PLAN_OPENING.sub("", words) or words or "planned change"
                elif n.unit == "%" and sign:
                    period, value, change = "yoy_change", "", n.text if sign > 0 else f"-{n.text}"
                    joined = [d for d in rep.drafts[-2:] if d.table == "petition_metrics" and d.pos[0] == no and s <= d.pos[1] < n.start
                              and d.values["period"] == "yoy_change" and d.values["value"] and not d.values["change_pct"]
                              and d.values["unit"] != "百分点"]
                    if joined and not m and CHANGE_ONLY.fullmatch(lead):
                        joined[-1].values["change_pct"] = change  # 较上年减少9批，下降9.5%: the same change, relative
                        joined[-1].values["source_quote"] = quote(t, joined[-1].pos[1], n.unit_end, s, e)
                        rep.claim(no, n)
                        last_dir = sign
                        continue
                elif n.unit in ("个百分点", "百分点"):
                    unit = "百分点"
                    period = "yoy_change"
                    value = n.text if sign >= 0 else f"-{n.text}"
                elif sign and n.unit != "%" and not money and YOY_MARK.search(clause):
                    period, value = "yoy_change", n.text if sign > 0 else f"-{n.text}"
                elif (TARGET.search(clause) or n.approx == "以上" and PLAN.search(clause)
                      or TARGET_LIST.search(t, max(t.rfind("。", 0, n.start) + 1, n.start - 200), n.start)) and not with_targets:
                    # 计划…不少于200批次; 要求…按期办结率达到95%以上; 部门整体绩效目标：…；及时受理率100%: what was planned, not the year's result
                    period = "target"
                elif planned(line, s, n.start) and not with_targets or pair and last_period == "target":
                    period = "target"  # 本局将力争…受理信访事项1200件以上，…及时受理率达到100%: a sentence of plans; 不少于400批次1000人次
                elif at_an_earlier_date(rep, t, n.start):
                    period = "prior_year"  # 截至2024年12月31日，共有公务用车1辆 in a 2025 report: a count of the year before
                elif earlier_year(rep, t, n.start, carried=not goals):
                    period = "prior_year"  # 2024年，全县共受理信访事项1086件 in a 2025 budget: the year before the report's
                elif span := earlier_months(rep, t, s):
                    period, span_scope = "prior_year", span  # 2025年1-10月，受理…1086件 in a 2026 budget: part of the year before
                elif n.unit == "%" and last_period == "cumulative" and stems[-1] in voc.rate_metrics and AND_ONLY.sub("", lead).startswith(tuple(RATE_HEADS)):
                    period = "cumulative"  # 累计化解29件，化解率93.55%: the rate of the campaign's running totals
                elif SINCE.search(own := re.split(r"[，,；;：:]", clause)[-1]) or re.match(r"\s*累计", own) and SINCE.search(t, s, n.start):
                    # (自2021年开展积案化解攻坚以来，累计化解…86件: the running total since the span the sentence opens with)
                    period = "cumulative"  # 连续4年10个特护期, 2018年以来共化解…: a count over the years its clause names
                elif (BATCH.search(t, s, n.start) or BATCH.match(t, n.unit_end + 1) and t[n.unit_end:n.unit_end + 1] in "（(") and not of_the_year(rep, t, s, n.start):
                    period = "cumulative"  # 前四批共125件, 第五批交办27件: batches of assigned cases are running totals over years
                if period == "report_year" and goals and not RESULT_WORDS.search(t, s, n.start) and not with_targets:
                    period = "target"  # 四、2025年工作目标 + 计划…；信访事项及时受理率达到98%以上: a passage of targets
                if (period == "report_year" and rep.report_type == "dept_budget" and not with_targets and not AT_ANY.search(t, s, n.start)
                        and any(rep.year and int(y.group(1)) == rep.year for y in WORK_PLAN.finditer(t, 0, n.start))):
                    # a 部门预算's passage of its year's work (（三）2026年重点工作。…; 2026年工作安排:…): written before the year, its figures are planned
                    period = "target"
                if period == "yoy_change" and (earlier_year(rep, t, n.start) or earlier_months(rep, t, s)):
                    rep.claim(no, n)  # 2025年1-10月受理…，同比下降6.2% in a 2026 budget: a change of the prior year, which no period expresses
                    continue
                last_dir = sign if period == "yoy_change" else 0
                last_period = period
                for st in stems:
                    # 来访批次同比下降12.3%: the change of the batches (or the persons) its words name as the subject
                    subject = CHANGE_SUBJECT.search(lead) if period == "yoy_change" and unit == "%" else None
                    metric = voc.metric_code(st, subject.group(1) if subject else unit)
                    q = quote(t, n.start, n.unit_end, s, e)
                    cumulative = backlog_cumulative(metric, period, q)
                    year = [y for y in YEAR_WORDS.finditer(t, s, n.start) if n.unit_end - y.start() <= 80]
                    note = "" if len(stems) == 1 else "one figure stated for several metrics (均)"
                    if cumulative and year and not CLAUSE_YEARS.search(t, s, n.start):
                        # 2024年，市信访联席办交办我县信访积案20件: the sentence ties the campaign's figure to the year (quoted with it)
                        q, cumulative = quote(t, year[-1].start(), n.unit_end, s, e), False
                    elif cumulative and (head := year_opening(rep, t, n.start)):
                        # 2025年全县共受理…；交办的信访积案17件已全部化解: the whole sentence (to its 。) is of the year it opens with
                        cumulative, note = False, f"The sentence opens with {head} (the year)."
                    elif cumulative and part_scope and parts and metric.startswith(parts[0]) and whole_period == "report_year":
                        # 化解信访积案17件，其中市级交办积案12件: a part of the year's figure before it is of that year too
                        cumulative, note = False, "A part (其中) of the figure before it, which is of the report year (本年)."
                    v = {"metric": metric, "scope": part_scope or group_scope or span_scope or scope_of(t, s, n.start, n.unit_end, metric),
                         "period": "cumulative" if cumulative else period, "value": value, "unit": unit,
                         "approx": "true" if n.approx else "false", "approx_marker": n.approx, "change_pct": change,
                         "source_quote": q, "note": note}
                    rep.add("petition_metrics", v, conf, (no, n.start))
                    last_period = v["period"]  # (a campaign's running total: the rate after it is the campaign's too)
                    if not part_scope:
                        whole_period = v["period"]
                    if metric == "backlog_cases_assigned" and (done := ALL_RESOLVED.match(t, n.unit_end)):
                        # 交办积案12件已全部化解到位: the cases assigned, and as many resolved (one figure, two facts)
                        rep.add("petition_metrics", dict(v, metric="backlog_cases_resolved", source_quote=quote(t, n.start, done.end(), s, e),
                                                         note="all the cases assigned resolved (全部化解)"), MEDIUM, (no, n.start))
                rep.claim(no, n)


BACKLOG = re.compile(r"积案")
ALL_RESOLVED = re.compile(r"\s*(?:已|均已|均)?全部化解")  # 积案12件已全部化解: as many resolved
ONE_GO = re.compile(r"一次性化解")  # first petitions resolved at the first contact (初信初访一次性化解): no metric of their own
CLAUSE_YEARS = re.compile(r"以来|累计|连续|近\d+年")  # a campaign's count since it began, whatever year the sentence names


# 无单价50万元以上的通用设备和单价100万元以上的专用设备: none of each kind of equipment above a value (other_count 0, the
# words as scope, as 单位价值50万元以上通用设备0台（套） is: docs/transcription.md, round 15)
EQUIPMENT_KIND = r"(?:单价|单位价值|价值)\s*\d+(?:\.\d+)?\s*万元(?:（含）|\(含\))?以上的?(?:通用|专用)?设备(?:（不含车辆）|\(不含车辆\))?"
NONE_OF_EQUIPMENT = re.compile(rf"无\s*({EQUIPMENT_KIND})((?:\s*[和及、]\s*{EQUIPMENT_KIND})*)")
# the documents that evaluate their projects (their projects rows): a count of those projects is no petition figure
# there (docs/transcription.md, round 15); a final account or budget counting the projects evaluated gives other_count
EVALUATES_ITS_PROJECTS = ("project_self_evaluation", "dept_self_evaluation", "dept_evaluation", "final_accounts_with_evaluation")
# 力争…较上年下降5%以上: a plan word governing the change in its own clause (not 目标 anywhere before: 围绕年度目标…下降8% is a result)
PLAN_WORDS = "力争|争取|确保|计划|预计|要求"
PLANNED_CHANGE = re.compile(rf"(?:{PLAN_WORDS}|目标(?:为|是))[^，,。；;]{{0,40}}$")
# what opens a planned change's words before the thing changed: years, plan words, 为/是, the area (2026年力争全区…)
PLAN_OPENING = re.compile(rf"^(?:(?:(?:19|20)\d{{2}}\s*)?年度?|{PLAN_WORDS}|目标|全年|全区|全县|全市|为|是|[\s，,])+")
NONE_REST = re.compile(r"(?:越级)?(?:上访|访|情况?|事件|行为|现象|登记)*(?:继续|持续|始终)?(?:实现|保持)?")  # what may follow the metric in a none


def extract_none(rep: ReportText) -> None:
    """Figures of none stated in words about petition work: one row with value 0 each (medium confidence)."""
    voc = rep.voc
    held = spans_by_line(rep)
    goal_cells = goal_cell_lines(rep.text)
    for no in sorted(rep.lines):
        t = rep.lines[no].text
        if TABLE_GOAL.match(t) or no in goal_cells:
            continue
        hits: list[tuple[int, int, str, str]] = []  # (start, end, phrase, unit)
        for m in NONE_AFTER.finditer(t):
            hits.append((m.start(), m.end(), m.group(1), m.group(2)))
        for m in ZERO_AFTER.finditer(t):
            hits.append((m.start(), m.end(), m.group(1), ""))
        for m in ZERO_IS.finditer(t):
            hits.append((m.start(), m.end(), m.group(1), ""))  # 进京访为零: none of what stands before
        events = set()
        for m in EVENT_NONE.finditer(t):
            hits.append((m.start(), m.end(), m.group(1), ""))
            events.add(m.start())
        equipment = _none_of_equipment(rep, no, t)
        for m in NONE_BEFORE.finditer(t):
            if any(a <= m.start() < b for a, b, _, _ in hits) or m.start() in equipment:
                continue
            hits.append((m.start(), m.end(), m.group(1), ""))
        last = ""
        defined = [(m.start(), m.end()) for m in DEFINITION.finditer(t)]
        for a, b, phrase, unit in sorted(hits):
            if any(x <= a < y for x, y in held.get(no, ())):
                continue  # an indicator's target or result (目标为“零登记”): the indicator's only
            head = re.split(r"[，,；;。：:]", t[max(0, a - 40):a])[-1]
            if any(n.kind == "value" and n.unit in COUNT_UNITS for n in find_numbers(head)):
                continue  # 10个特护期实现进京非访“零登记”: the zero says what the counted things achieved, it is no figure of its own
            named = voc.last("metric", phrase)
            exact = named is not None and named.end == len(phrase.rstrip()) and len(named.term) >= 4  # 无公务用车: the metric itself
            foreign = FOREIGN.fullmatch(re.sub(r"\s", "", phrase)) is not None  # 未发生外事接待, 无外事接待: none of them (other_count)
            if a not in events and not foreign and (not (exact or any(w in phrase for w in PETITION_WORDS)) or any(x <= a < y for x, y in defined) or "的" in phrase):
                # 的 makes the phrase a kind of thing (无责任主体的信访事项), not a statement that there was none
                continue
            mm = voc.last("metric", phrase)
            if mm and not NONE_REST.fullmatch(re.sub(r"\s", "", re.split(r"[和及与、]", phrase[mm.end:])[0])):
                mm = None  # 无到省访滞留: a kind of its own (滞留 at the province), not the visits (进京越级访: the visits, skipping levels)
            group = ""
            window = t[max(0, a - 4):a] + phrase  # 赴省零集访: the destination before 零
            stems = ["other_count" if foreign else mm.code if mm else "other_count"]
            if (mm and mm.code == "group_petitions" and (dest := _destination(voc, window, Match(mm.code, mm.term, mm.start + len(window) - len(phrase),
                                                                                               mm.end + len(window) - len(phrase))))
                    and re.sub(r"^(?:及)?以上", "", window[dest.end:].strip()).lstrip("零") in ("集体访", "集访")):
                # 未发生进京集体访, 未发生到市以上集体访: the destination's metric, scope 集体访 (docs/transcription.md, 0.3.0); a kind of its own
                # (赴省重复集访, 规模集访) stays group visits; destinations joined before it (进京赴省集体访, 赴省、到市集体访): each its row
                stems, group = joined_destinations(voc, window[:dest.end]), "集体访"
            ss, _ = sentence_of(rep.lines[no], a)
            # 确保进京非访“零登记” in a sentence of plans; 2025年…，全年未发生进京集体访 in a 2026 budget: the year before
            period = "target" if planned(rep.lines[no], ss, b) else "prior_year" if earlier_year(rep, t, a) else "report_year"
            period = "target" if t.startswith("不发生", a) else period  # 全年不发生进京到省非正常上访: what is to be, not what was
            for stem in stems:
                metric = voc.metric_code(stem, unit or "批")
                v = {"metric": metric, "scope": "外事接待" if foreign else group or ("all" if mm else phrase.strip()), "period": period, "value": "0", "unit": unit,
                     "approx": "false", "approx_marker": "", "change_pct": "", "source_quote": quote(t, a, b), "note": "none stated in words"}
                rep.add("petition_metrics", v, MEDIUM, (no, a))
            last = metric
            gap = len(t[b:]) - len(t[b:].lstrip("，, "))
            u = UNCHANGED.match(t, b + gap)
            if u and last:
                v2 = dict(v, period="yoy_change", source_quote=quote(t, a, u.end()), note="unchanged on the prior year, stated in words")
                rep.add("petition_metrics", v2, MEDIUM, (no, u.start()))


def _none_of_equipment(rep: ReportText, no: int, t: str) -> set[int]:
    """无单价50万元以上的通用设备和单价100万元以上的专用设备: a row of value 0 for each kind named (other_count, its words
    as scope, no unit printed), of the period its sentence gives (a plan's target, the year before in a budget's assets
    at the end of that year), as the counted kinds (…设备0台（套）) are. The positions of their 无 (no other none is read there)."""
    found = set()
    for m in NONE_OF_EQUIPMENT.finditer(t):
        found.add(m.start())
        ss, _ = sentence_of(rep.lines[no], m.start())
        for kind in re.finditer(EQUIPMENT_KIND, t[m.start():m.end()]):
            a, b = m.start() + kind.start(), m.start() + kind.end()
            # (截至2025年12月31日，…；无…设备 in a 2026 budget: the year before)
            period = "target" if planned(rep.lines[no], ss, b) else "prior_year" if at_an_earlier_date(rep, t, a) or earlier_year(rep, t, a) else "report_year"
            v = {"metric": "other_count", "scope": kind.group(0), "period": period, "value": "0", "unit": "", "approx": "false",
                 "approx_marker": "", "change_pct": "", "source_quote": quote(t, m.start(), b), "note": "none stated in words"}
            rep.add("petition_metrics", v, MEDIUM, (no, a))
    return found


# a table of petition figures by label, the unit in brackets (指标 | 数值: 信访总量（件） 612; 来访（批/人次） 158/421; 群众满意率（%） 96.3)
LABEL_UNIT = re.compile(r"^(?P<name>[^（）()\d]{2,30}?)\s*[（(](?P<unit>[^（）()\d]{1,6})[）)]\s*$")
TABLE_VALUE = re.compile(r"^(\d+(?:\.\d+)?)(?:\s*/\s*(\d+(?:\.\d+)?))?$")
MIN_METRIC_ROWS = 3  # rows of the form a table of figures by label has at least


def received_by_leaders(stem: str, unit: str) -> str:
    """领导接访36批102人次: leaders' receptions counted in batches or persons are the visitors they received
    (leader_received_*); in 次 they are the sessions (leader_receptions)."""
    return "leader_received" if stem == "leader_receptions" and unit in ("批", "批次", "人次", "人") else stem


def metric_tables(rep: ReportText) -> None:
    """Each row of a table of petition figures by label (a label with its unit in brackets, then after two spaces or more
    one figure or a pair 批/人次 as 158/421; an export may print it as a table or as lines of two cells): the metric its
    label names (metric_in, as in prose), in the unit the brackets print, report year, scope `all` (its 其中 dropped); a
    pair gives the batches and the persons. Read only in a run of three such lines or more (a blank line may break it);
    lines other readers drafted are theirs."""
    voc = rep.voc
    runs: list[list[tuple[int, str, list[str], list[str], str]]] = [[]]
    blank = False  # the line before was blank (one blank line goes on with the run; two, or a line of another form, end it)
    for no, raw in enumerate(rep.text.splitlines(), start=1):
        cells = re.split(r"\s{2,}", raw.strip())  # (a label, two spaces or more, a figure: a line of a table of two columns)
        lm = LABEL_UNIT.match(cells[0]) if len(cells) == 2 else None
        vm = TABLE_VALUE.match(cells[1]) if lm else None
        units = [u.strip() for u in lm.group("unit").split("/")] if lm else []
        values = [v for v in vm.groups() if v is not None] if vm else []
        if lm is None or vm is None or len(units) != len(values):
            if (blank or raw.strip()) and runs[-1]:
                runs.append([])
            blank = not raw.strip()
            continue
        blank = False
        runs[-1].append((no, re.sub(r"^其中\s*[：:]?", "", lm.group("name").strip()), units, values, collapse(raw)))
    drafted = {d.pos[0] for d in rep.drafts if d.table in ("petition_metrics", "budgets", "indicators", "staffing")}
    for run in runs:
        if len(run) < MIN_METRIC_ROWS:
            continue
        for no, name, units, values, q in run:
            if no in drafted:
                continue
            m = metric_in(voc, name)
            if m is None:
                continue
            stem = "backlog_cases_resolved" if m.code == "backlog_cases_assigned" and RESOLVED_OF.search(name) else m.code
            for unit, value in zip(units, values, strict=True):
                v = {"metric": voc.metric_code(received_by_leaders(stem, unit), unit), "scope": "all", "period": "report_year", "value": value, "unit": unit,
                     "approx": "false", "approx_marker": "", "change_pct": "", "source_quote": q, "note": "a table of figures by label"}
                rep.add("petition_metrics", v, MEDIUM, (no, 0))
            line = rep.lines.get(no)
            for n in line.nums if line is not None else []:
                rep.claim(no, n)
