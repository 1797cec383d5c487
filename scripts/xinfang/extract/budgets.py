"""Budgets stated in prose: amounts in 万元 with their item, fund and stage, and the shares (占…%),
execution rates (执行率, 完成预算的…%) and year-on-year changes (较上年/同比/与2021年相比 增加/减少,
增长/下降 …%) that go with them.

Rules (general, not per report):
- an amount is a number followed by 万元; its *item* is the budget-item term nearest before it
  (since the previous figure), else the item of the previous amount of the sentence, else the
  类/款/项 line it is on, else `expenditure_total` (low confidence);
- its *fund* is a fund term before it in the sentence, else the fund of the section heading
  (一般公共预算支出情况 -> gpb), else `all`; a fund term inside the item's own term does not count
  (国有资本经营预算支出 is a functional class, not a fund);
- an amount with no budget term at all in its sentence (no item, fund or stage term, no change
  word: 筹措资金23万元, 投入积案化解资金380余万元) is not a budget line: petitions drafts it;
- its *stage* is the stage term nearest before it (年初预算, 全年预算, 调整后预算, 执行数, 决算数,
  实际支出 …), `yoy_change` when a change word (增加, 减少 …) stands before it, else `executed`;
- a percentage after 占 is the share of the last amount (share_of from the words after 占, else
  the total of its kind); after a change word it is the change_pct of the last change; after a
  rate term (执行率, 完成预算, 完成率) it is the rate_pct of the last executed amount.
"""

from __future__ import annotations

import bisect
import os
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ..keys import DEPARTMENT
from .document import UNIT
from .indicators import IN_YUAN, header_cell, of_basic, row_quote
from .indicators import _num as cell_number
from .indicators import caption_above as _caption_above
from .model import BREAK_HEAD, HIGH, LOW, MAX_QUOTE, MEDIUM, Draft, Line, ReportText, project_row, quote
from .numbers import Num
from .text import CELL, TABLE_NUMBER, Row, char_width, display_spans, fixed_cells
from .vocabulary import Match, Vocabulary

# words that name a stage only in general (预算 a budget, 支出 spending): in a document whose default
# stage is a budget stage (a department budget) they are that stage
GENERIC_STAGE_TERMS = ("预算", "预算数", "预算额", "支出")
CONTEXT = 200  # characters of a sentence before a figure that are searched for its fund and change mark

YOY_MARK = re.compile(r"较上年|比上年|同比|较去年|比去年|与\s*(?:上年|\d{4}\s*年度?)[^，,。；;\d]{0,8}?相比|比\s*\d{4}\s*年|较\s*\d{4}\s*年|上年")
UP = ("增加", "增长", "上升", "提高", "增")
DOWN = ("减少", "下降", "降低", "减")
RATE = re.compile(r"执行率|完成率|完成(?:调整后?|全年)?预算(?:安排)?的?|到位率")
# a numbered point's mark: 一、 （一） (1) 1、 1. 1．
NUMBER_MARK = r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])"
HEADING = re.compile(r"^" + NUMBER_MARK + r"?[^，。；]{0,30}(?:情况|说明|分析)?$")
CODE_BEFORE = re.compile(r"[（(](\d{5}|\d{7})[）)]\s*(?:为|共)?\s*$")  # a functional 款 or 项 by its code in brackets, right before an amount
CODE_OPENS = re.compile(r"^[（(]\d{3}(?:\d{2}){1,2}[）)]")  # a functional code in brackets opening a line: （2010301）196.50万元
# a numbered heading run into the paragraph it opens, closed by a full stop or a colon: (二)收入情况。本年收入合计…
RUN_IN_HEADING = re.compile(r"^\s*(" + NUMBER_MARK + r"\s*[^，,。；;：:\d]{2,30}?(?:情况|说明|分析|概况))\s*[。.：:]")
TOP_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
# (the marks in full-width or ASCII brackets: 一般公共服务(类)…(款)行政运行(项))
FUNC_LINE = re.compile(r"([^（）():：\d.、]{1,30})[（(]类[）)]([^:：]{1,30}?)[（(]款[）)][：:]?([^:：]{1,30}?)[（(]项[）)]")  # bounded: linear on any line
PROJECT_NAME = re.compile(r"(?:其中[：:]?|[，,；;：:]|(?<![\d.])\.(?!\d)|^(?:\d+[、.．]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])?)\s*"
                          r"(?![（(])(?!(?:该|本|此)?项目(?:[（(]|支出|资金|共计|全年|年初|调整|年度|预算|决算|执行|为|\s*$))(?!(?:调整后?|年初|全年)项目)([^，,。；;：:\d]{2,40}?(?:项目|专项资金|专项经费|经费|资金))(?:[（(][^（）()]{1,12}[）)])?(?:支出|资金|共计)?"
                          # (X项目，调整预算86.00万元: a project's name, a comma, then the stage of its amount)
                          r"(?:(?<=项目)[，,]\s*(?=(?:全年|年初|调整后?|年度)\s*(?:预算|决算)))?"
                          r"(?:(?:全年|年初|调整后?|年度)?\s*(?:预算|决算|执行|安排|实际支出|实际使用)(?:数|额)?)?(?:为)?\s*$")
TOTALS = ("expenditure_total", "income_total", "income_total|expenditure_total")
PROJECT_HEAD = re.compile(r"^" + NUMBER_MARK + r"?\s*(?:项目名称[：:])?\s*"
                          r"([^，。；：:\d]{2,30}?(?:项目|专项经费|专项资金))[。：:]?$")
# an aside in brackets after a project's name, before its colon (（项目编码45820224T000001035）, （政府性基金预算，项目编码…）)
ASIDE = r"(?:\s*[（(][^（）()]{1,40}[）)])?"
PROJECT_CODE = re.compile(r"项目(?:编码|代码|编号)[：:为]?\s*([0-9A-Za-z]{8,})")  # the budget system's code of a project
# a line that opens with a project's name and a colon (1. 信访维稳经费项目：项目全年预算数2.03万元…): its amounts are that project's
LINE_PROJECT = re.compile(r"^" + NUMBER_MARK + r"?\s*(?:项目名称[：:])?\s*"
                          r"([^，。；：:\d]{2,30}?(?:项目|专项经费|专项资金))" + ASIDE + r"(?:支出)?(?:绩效)?(?:自评|评价)?(?:情况|结果)?"
                          r"(?:[：:]|。(?=\S)|[.．](?=[\u4e00-\u9fff]))")  # (a half-width stop before a word: (一)X专项资金.该项目…)
# a numbered point naming a project with its code in brackets: 2.困难信访群众救助资金(项目编码:36880225T000000421)。用于…
CODED_POINT = re.compile(r"^" + NUMBER_MARK + r"\s*([^，。；：:\d（）()]{2,30}?)\s*(?=[（(]\s*项目(?:编码|代码|编号)[：:]?\s*[0-9A-Za-z]{8,}\s*[）)])"
                         r"[（(][^（）()]{1,40}[）)]")
# a numbered point named by its funds, with no 项目 in the name, whose next words are a project's amounts
# (（一）信访维稳工作经费。项目全年预算数45.00万元…; 2.信访救助资金：年初预算…; （四）X专项资金，全年预算…): its amounts are that project's
LINE_FUNDS = re.compile(r"^" + NUMBER_MARK + r"\s*([^，。；：:\d]{2,30}?(?:费|资金|项目))" + ASIDE + r"[。：:，,]"
                        r"(?=\s*(?:(?:该|本)?项目|(?:全年|年初|调整后?)预算|预算(?:数|金额)?\s*\d))")
# a numbered point naming a project with its amount alone in brackets: （一）信访工作经费（35.00万元）
POINT_WITH_ITS_AMOUNT = re.compile(r"^" + NUMBER_MARK + r"\s*([^，。；：:\d（）()]{2,30}?(?:费|资金|项目))\s*"
                                   r"(?=[（(]\s*\d[\d,]*(?:\.\d+)?\s*万?元\s*[）)]\s*$)")
# a line opening with a heading of its own that names projects (（四）项目支出情况。…)
INLINE_PROJECTS_HEAD = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[、.．])[^，。；：:\d]{0,16}项目[^，。；：:\d]{0,8}[。：:]")
# a sentence saying of which fund the section's projects are: 对2024年度一般公共预算项目支出全面开展绩效自评，共涉及项目3个
PROJECTS_OF_A_FUND = re.compile(r"([^，,。；;：:\d]{2,16}?)项目(?:支出|资金)?[^。；;]{0,30}?(?:共涉及项目|涉及项目|共)\s*\d+\s*个")
SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]")
# last year's figure a change is measured against: 比2024年预算562.10万元, 比上年3.60万元, 与上年财政拨款预算537.60万元(相比)
PRIOR_AMOUNT = re.compile(r"(?:比|较|与|同)\s*(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)(?:度)?[^，,。；;\d]{0,12}?(?:预算|决算|执行)?数?(?:为|的)?\s*$")
# a sentence that introduces a list of projects (项目支出安排如下：, 主要项目包括：) and an item of that list (1.X经费62.00万元)
LIST_INTRO = re.compile(r"项目[^。；;]{0,40}(?:如下|包括|主要有|分别是|分别为|具体为|具体是)[：:]\s*$")
LIST_ITEM_MARK = re.compile(r"^\s*(?:\d{1,2}[、.．]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[、.．]|[（(]\d{1,2}[）)])\s*([^，,。；;：:\d（）()]{2,30}?)\s*(?:为|共)?\s*\d")
NAMED_LIST = re.compile(r"(?:^|[：:；;])\s*([^，,。；;：:\d（）()]{2,30}?)\s*(?:[（(][^（）()]{1,12}[）)])?\s*[，,]\s*"
                        r"(?:全年|年初)?预算(?:数|金额|资金)?(?:为)?\s*$")
CLASS_MARK = re.compile(r"[（(]类[）)]\s*(?:支出)?\s*(?:为|共)?\s*$")
INDICATOR_VALUE = re.compile(r"指标[^。；;]{0,30}?(?:目标值|指标值)")
TARGET_BOUND = re.compile(r"目标值?\s*(?:为)?\s*[≤≥<>＜＞]\s*$")  # 项目总成本:目标≤52万元: an indicator's target, no budget line
NOT_BUDGET = re.compile(r"合同金额|授予[^，,。；;]{0,12}企业")
# 单位价值50万元以上通用设备: a threshold of assets; 人均救助1.31万元: an average: no budget line
THRESHOLD = re.compile(r"单位价值\s*$|单价\s*$|(?:人均|平均)[^，,。；;\d]{0,6}$")
RATE_OF_ITEM = re.compile(r"([^，,。；;：:\d]{2,12}?)(?:执行率|到位率)(?:为|达到|达|仅为)?\s*(?=$|\d)")
WORK_RATE = re.compile(r"(?:覆盖|满意|受理|办结|化解|知晓|达标|合格|准确|及时)率")  # rates of the work (a budget rate is 执行率, 到位率 …)
OWN_COST = re.compile(r"[\u4e00-\u9fff]{1,8}费")  # a cost named by its own word (培训费, 印刷费)
BARE_TOTAL = re.compile(r"合计|总计|共计")  # a total's word naming no item: of whatever the sentence counts
PROJECTS_COUNTED = re.compile(r"\d+\s*个(?:重点|专项)?项目|项目\s*(?:共|合计)?\s*\d+\s*个")
OF_INITIAL = re.compile(r"完成年初预算的?\s*$")  # 完成年初预算的103.83%: a rate against the initial budget
DONE = re.compile(r"[，,]\s*完成\s*$")  # 支出决算均为4.80万元，完成100%: the executed row's rate
RATE_OF = re.compile(r"完成(?:年初|调整后?|全年)?预算\s*[\d.,]+\s*万元\s*的\s*$")  # 完成年初预算6.50万元的74.77%: the executed row's rate
INCLUDES = re.compile(r"[（(](?:含|包括|包含)[^（）()]{0,40}[）)]")
GRAND_WORD = re.compile(r"总计(?:为|是)?\s*$")  # 财政拨款收入总计404.66万元 (the item matched inside the fund's words)
EACH = re.compile(r"[，,]\s*均")  # …，均完成调整预算的100%; …，均与调整预算持平，完成率100%: a rate of each figure before it
SPENT_OF_EACH = re.compile(r"支出\s*(?:均|都)(?:为|是)?\s*$")  # 政府性基金预算及国有资本经营预算财政拨款支出均为0
ALL_STAGES = re.compile(r"(?:均|都)(?:为|是)?\s*$")  # one figure for the stages named before it
FUND_STATED = re.compile(r"\s*[，,]\s*(?:为|系)\s*([^，,。；;（）()\d]{2,20}?)\s*(?=[；;，,。]|$)")  # …40.00万元,为县本级一般公共预算资金;
STATED_CLAUSE = re.compile(r"[，,]\s*(?:为|系)\s*[^，,。；;（）()\d]{2,20}?(?=[；;，,。]|$)")
FUND_AFTER = re.compile(r"\s*[（(]([^（）()]{2,12})[）)]")  # 12.00万元（政府性基金）, 12.00万元（其他收入安排）
PSE_PART = re.compile(r"^[一二三四五六七八九十]+、\s*([^，。；：:\d（）()]{2,30}(?:经费|资金|项目))$")
CIRCLED_PROJECT = re.compile(r"[①-⑳]\s*([^，,。；;：:\d①-⑳]{2,30}?(?:项目|经费|资金))\s*[，,：:]")
# a paragraph of the projects the one before states in sum (分项目：…, 按项目分：…): of the fund that one names
BY_PROJECT = re.compile(r"^\s*(?:分项目|按项目分?)[：:]")
PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|[-—–]+\s*\d+\s*[-—–]+|\d{1,3})\s*$")
PSE_SUB = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*([^，,。；;：:\d（）()]{2,30})$")
# the words of a report's own sections (项目基本情况, 绩效目标完成情况, 存在问题及改进措施, 自评结论 …): no project's name
SECTION_WORD = re.compile(r"情况|说明|分析|结论|问题|措施|建议|指标|绩效|目标|评价|自评|概况|得分|结果|依据|方法|组织|过程|基本|总体|主要")
NAMED_PROJECT = re.compile(r"^\s*项目名称\s*[：:]\s*([^，,。；;：:\d]{2,40})(?=[；;，,。]|\s*$)")  # 项目名称:X;项目编码:…
PART_HEAD = re.compile(r"^第[一二三四五六七八九十]+部分\s*([^，。；：:\d]{2,30})$")
CARRIED_ON = re.compile(r"[^，,。；;\d]{0,10}?结转(?:至|到)?下(?:一)?年")  # (结余3.35万元)按规定结转下年使用
UNSPENT = re.compile(r"[^，,。；;\d]{0,4}?(?:未能|尚未|未)(?:支出|支付|使用|拨付)")
RETURNED = re.compile(r"[^，,。；;\d]{0,10}?(?:交回|退回|缴回|上缴)[^，,。；;\d]{0,4}?财政")
YEAR_END_LEFT = re.compile(r"(?:年末|年底)(?:仍有|尚有|还有|共有)?\s*$")  # 年末仍有 …万元结转
CARRIED_AFTER = re.compile(r"\s*(?:资金)?\s*(?:结转|结余)(?![\u4e00-\u9fff]*支出)")
BALANCE = re.compile(r"(?:结余|结转|尾款)(?:资金)?\s*(?:为|共)?\s*$")  # 结余2.16万元: a balance (no stage code for it): left to unplaced.csv
ZERO = re.compile(r"0(?:\.0+)?")
UNIT_STATED = re.compile(r"[（(]\s*(?:单位|金额单位)\s*[：:]\s*万元\s*[）)]")  # a heading's unit of the amounts below it
MONEY = ("万元", "元")  # amounts in prose: in 万元, or in 元 as printed (the row's unit says which)
PARTS_OF = re.compile(r"(?:其中|主要是|主要为|主要包括|主要用于|包括|具体为|具体是|具体包括|分别为|分别是)[：:]?")
PART_NAME = re.compile(r"(?:^|[，,；;：:、])\s*([^，,。；;：:、\d]{2,30}?(?:项目|资金|经费))\s*$")  # 、信访救助资金25.00万元
LISTED_PART = re.compile(r"(?:^|[，,；;：:、])\s*(?:\d{1,2}[、.．]|[（(]\d{1,2}[）)]|[①-⑳])?\s*([^，,。；;：:、\d]{2,30}?(?:项目|资金|费))\s*$")
# a name, a colon, then a project's budget, inside a line (…开展了绩效自评。X经费：全年预算数60.00万元，执行数58.20万元…；
# Y经费：全年预算数34.00万元…; 3.项目支出情况。（1）X经费：全年预算98.74万元，支出95.21万元): the amounts after it are that project's
NAME_COLON = re.compile(r"(?:^|[。；;])\s*(?:[（(]\d{1,2}[）)]|\d{1,2}[、.．]|[①-⑳])?\s*([^，,。；;：:\d（）()、]{2,30}?(?:项目|经费|资金))" + ASIDE +
                        r"\s*[：:]\s*(?=(?:该项目|项目)?(?:全年|年初|调整后?)?预算(?:数|金额)?(?:为)?\s*(?:\d|$))")
NOT_PROJECTS = ("人员经费", "公用经费", "日常公用经费", "机关运行经费", "三公经费", "“三公”经费", "人员类经费")


def same_project(name: str) -> str:
    """The name a project is known by, whether or not 项目 ends it (X专项资金项目 in prose, X专项资金 in its table)."""
    return name.removesuffix("项目") or name


def direction(lead: str) -> int:
    """+1 / -1 when a change word stands at the end of lead (before the figure), else 0."""
    tail = lead[-8:]
    best, sign = -1, 0
    for w in UP:
        i = tail.rfind(w)
        if i > best:
            best, sign = i, 1
    for w in DOWN:
        i = tail.rfind(w)
        if i >= best and i >= 0:
            best, sign = i, -1
    return sign


def _empty(report_id: str = "") -> dict[str, Any]:
    return {"project_id": "", "fund": "all", "item": "", "stage": "executed", "amount": "", "approx": "false", "approx_marker": "",
            "share_pct": "", "share_of": "", "rate_pct": "", "change_pct": "", "note": ""}


class _State:
    def __init__(self) -> None:
        self.section_fund: str | None = None
        self.heading_funds: list[str | None] = []  # the fund each level of the headings above names (None where it names none)
        self.section_project = False
        self.projects_fund = ""  # the fund a sentence gives the projects of its section (对一般公共预算项目支出…开展绩效自评，共涉及项目3个)
        self.projects: dict[str, str] = {}  # name -> p1, p2 …
        self.heading_project = ""  # the project a heading names (（一）X专项经费项目): its section's amounts are the project's
        self.heading = ""  # the last heading
        self.part_project = ""  # the project of the part (第一部分 X) of a project self-evaluation
        self.line_project = ""  # the project the line opens with (X项目：…)
        self.project_list = False  # in a numbered list of projects (项目支出安排如下：)
        self.projects_listed_at = -1  # the line whose sentence listed projects after 其中： (the list goes on after its ；)
        self.sentence_project = ""  # the project of the sentence's amount before (X项目预算72万元，支出72万元)
        self.list_fund = ""  # the fund of a total whose line ends introducing a list (一般公共预算拨款支出…万元，具体为：): its classes' below
        self.xiang_begun: tuple[str, str, str] | None = None  # (类, 款, the 项's first words) of a line ending inside a 项's name
        self.unit_stated = False  # under a heading stating the unit of its amounts (（三）具体情况（单位：万元）)
        self.func_heading: str | None = None  # a 类/款/项 line with no amount (…住房公积金（项）。): the item of the next line's amounts
        self.last_rows: list[Draft] = []  # the rows of the last amount of the line before (a comparison on the next line is theirs)
        self.project_fund = ""  # the fund of the last project expenditure of no project stated (项目支出年初预算…): a 分项目 paragraph's
        self._has_item: dict[tuple[str, int, int], bool] = {}
        self.in_turn: tuple[int, list[str]] | None = None  # (line, the items left) of amounts after 分别 taking the items named in turn

    def sentence_has_item(self, voc: Vocabulary, t: str, sent: tuple[int, int]) -> bool:
        """Whether the sentence names a budget item (looked up once per sentence)."""
        key = (t, *sent)
        if key not in self._has_item:
            self._has_item[key] = bool(voc.find_all("item", t[sent[0]:sent[1]]))
        return self._has_item[key]


# (…决算32.12万元，资金来源为公共财政预算拨款，预算执行率98.83%: the source of the project's money on its line)
SOURCE_STATED = re.compile(r"(?:资金|经费)来源(?:为|是|于)\s*([^，,。；;（）()\d]{2,20}?)\s*(?=[，,。；;]|$)")


def _source_of_the_project(rep: ReportText) -> None:
    """A line of one project stating where its money comes from (资金来源为上级补助收入) after or before its amounts: the
    project's rows on that line that name no fund are of that source."""
    by_line: dict[int, list[Draft]] = {}
    for d in rep.drafts:
        if d.table == "budgets" and d.values.get("project_id") and d.values["item"] == "project" and d.values["fund"] == "all":
            by_line.setdefault(d.pos[0], []).append(d)
    for no, rows in by_line.items():
        found = list(SOURCE_STATED.finditer(rep.lines[no].text)) if no in rep.lines else []
        if len(found) != 1 or len({r.values["project_id"] for r in rows}) != 1:
            continue
        f = rep.voc.last("fund", found[0].group(1))
        if f and f.start == 0 and found[0].group(1)[f.end:] in FUND_WORDS:
            for r in rows:
                r.values["fund"] = f.code


def extract(rep: ReportText) -> None:
    project_list_tables(rep)
    two_sided_tables(rep)
    stage_column_tables(rep)
    share_column_tables(rep)
    coded_tables(rep)
    item_column_tables(rep)
    st = _State()
    sections: list[tuple[int, str | None]] = []  # (line, fund) of each heading: the fund of the tables in its section
    for d in rep.drafts:  # a project a table names (项目名称 X): prose of the project X(项目) is the same project
        if d.table == "projects" and d.values.get("name_zh"):
            st.projects[same_project(d.values["name_zh"])] = d.values["project_id"]
    for no in sorted(rep.lines):
        line = rep.lines[no]
        t = line.text
        if PAGE_NUMBER.match(t):
            continue  # 第 1 页 共 2 页, — 1 —: a page's number, no heading (the section goes on over the page)
        named = NAMED_PROJECT.match(t) if rep.report_type == "project_self_evaluation" and not st.part_project else None
        if named and not SECTION_WORD.search(named.group(1)):
            # 项目名称:X;项目编码:…: the project the report evaluates, of every section below (as a part 第一部分 X would be)
            st.heading_project = st.part_project = named.group(1).strip()
            after = t[named.end():] + (rep.lines[no + 1].text if no + 1 in rep.lines else "")  # (the code wrapped to the next line)
            if (code := PROJECT_CODE.search(after)) is not None:
                st.projects.setdefault(same_project(st.part_project), code.group(1))
        if len(t) <= 40 and not any(n.unit in MONEY for n in line.nums) and HEADING.match(t):
            st.section_fund = _heading_fund(rep.voc, t, st)
            sections.append((no, st.section_fund))
            st.last_rows = []  # (a comparison opening the line after a heading is not of the figures before the heading)
            st.unit_stated = bool(UNIT_STATED.search(t))
            st.section_project = "项目" in t
            if TOP_HEADING.match(t):
                st.projects_fund = ""
            st.heading = t
            ph = PROJECT_HEAD.match(t)
            part = PART_HEAD.match(t) if rep.report_type == "project_self_evaluation" else None
            if not part and rep.report_type == "project_self_evaluation":
                part = PSE_PART.match(t)  # 二、网上信访信息系统运维经费: in a project self-evaluation a top heading naming funds is a project's part
            if part:
                # 第一部分 X in a project self-evaluation: each part is a project's, its headings (一、项目基本情况) within it
                st.heading_project = st.part_project = part.group(1).strip()
            elif ph and not ph.group(1).endswith(NOT_PROJECTS):
                st.heading_project = ph.group(1)
            elif rep.report_type == "project_self_evaluation" and (sub := PSE_SUB.match(t)) and not SECTION_WORD.search(sub.group(1)):
                st.heading_project = sub.group(1).strip()  # (二)网上信访信息系统运维: in a project self-evaluation a point named by no section word is a project's
            elif st.part_project:
                st.heading_project = st.part_project
            elif not (st.heading_project and SUB_HEADING.match(t)):
                st.heading_project = ""  # （一）项目概况 under 一、X项目 stays in X's section; another heading ends it
            func = FUNC_LINE.search(t)  # a short 类/款/项 line: the item of the next line's amounts
            st.func_heading = (_func_of(rep.voc, func) or "") if func else _kuan_xiang_of(rep.voc, t)
            if not func:
                st.list_fund = ""  # (a point of the list naming its 类/款/项, 2. 卫生健康支出（类）…（项）, goes on with the list)
            continue
        if (run_in := RUN_IN_HEADING.match(t)) is not None:
            # (四)财政拨款支出决算情况。按功能分类，主要用于：: a numbered heading run into its paragraph opens a section too
            st.section_fund = _heading_fund(rep.voc, run_in.group(1), st)
            sections.append((no, st.section_fund))
        _none_stated(rep, line)
        pf = PROJECTS_OF_A_FUND.search(t)
        if pf and (f := rep.voc.last("fund", pf.group(1))) and f.end == len(pf.group(1)):
            st.projects_fund = f.code
        lp = LINE_PROJECT.match(t) or _named_by_its_funds(rep.voc, t) or CODED_POINT.match(t)
        st.line_project = lp.group(1) if lp and not lp.group(1).endswith(NOT_PROJECTS) else ""
        code = PROJECT_CODE.search(t, lp.end(1), lp.end()) if lp and st.line_project else None
        if code:  # （一）X经费（项目编码45820224T000001035）：…: the project's id is its code as printed
            st.projects.setdefault(same_project(st.line_project), code.group(1))
        item = LIST_ITEM.match(t) if st.project_list else None
        if item and not item.group(1).endswith(NOT_PROJECTS):
            st.line_project = st.line_project or item.group(1)  # 项目支出安排如下： 1.X经费62.00万元: each item of the list is a project
        else:
            # (a line of an item's text after it, not numbered, goes on with the list: 1.X经费38.00万元。全年组织…，重点敏 / 感时段…)
            # (本部门2024年3个项目全部编制了绩效目标，涉及…。 / 1.X经费60.00万元。…: a sentence counting the projects opens their list too)
            st.project_list = bool(LIST_INTRO.search(line.carry + t)) or st.project_list and LIST_ITEM_MARK.match(t) is None and not re.search(r"\d\s*万?元", t)
        counted = LIST_ITEM_MARK.match(t) is None and PROJECTS_COUNTED.search(t) is not None and re.search(r"[。：:]\s*$", t) is not None
        first = len(rep.drafts)
        _line(rep, line, st)
        st.project_list = st.project_list or counted  # (the lines after it: the line counting them names none)
        _classes_of_the_list(rep, t, rep.drafts[first:], st)
    _tables_in_their_section(rep, sections)
    _items_down_tables(rep)
    _three_public_of_its_table(rep)
    _grand_totals(rep)
    _project_wholly_of_one_source(rep)
    _source_of_the_project(rep)
    _rates_of_the_initial_budget(rep)
    _classes_adding_up_to_basic(rep)
    _classes_of_the_whole(rep)
    _bare_budget_in_a_budget(rep)


def _project_wholly_of_one_source(rep: ReportText) -> None:
    """该项目资金全部为一般公共预算财政拨款 in a project's self-evaluation (of one source named once): the project's figures
    that name no fund, wherever the report states them, are of that source (docs/transcription.md: a figure wholly of one
    source goes under it)."""
    if rep.report_type != "project_self_evaluation":
        return
    funds = set()
    for line in rep.lines.values():
        for piece in re.split(r"(?<=[。；;])", line.text):
            if (m := PROJECT_WHOLLY.match(piece)) and (f := rep.voc.last("fund", m.group(1))) is not None and f.code != "all":
                funds.add(f.code)
    if len(funds) != 1:
        return
    (fund,) = funds
    for d in rep.drafts:
        if d.table == "budgets" and d.values["fund"] == "all" and d.values["item"] in ("project", "carryover_closing", "carryover_opening"):
            d.values["fund"] = fund


def _rates_of_the_initial_budget(rep: ReportText) -> None:
    """A table's column of the spending in per cent of the initial budget (决算数为年初预算数的%) is `rate_pct` on the executed
    row only where the initial budget is the only budget the report states of that item, fund and project (docs/transcription.md,
    0.3.0): beside an adjusted budget or an amount added (年中追加…，调整后预算…) it is left to unplaced.csv."""
    own = [d for d in rep.drafts if d.table == "budgets"]
    later = {(d.values["project_id"], d.values["fund"], d.values["item"]) for d in own if d.values["stage"] in ("adjusted_budget", "supplementary")}
    for d in own:
        if d.values.get("_of_initial") and (d.values["project_id"], d.values["fund"], d.values["item"]) in later:
            d.values["rate_pct"] = ""


def _bare_budget_in_a_budget(rep: ReportText) -> None:
    """A bare 预算数 (a table's 预算数 column, budget_unspecified) in a department budget is the report's own budget: its
    default stage, initial_budget (docs/transcription.md, 0.3.0: bare 预算数 is budget_unspecified only outside a 部门预算).
    Run last, after the two-sided tables' reader dropped the rows another reader drafted from its columns."""
    if rep.report_type != "dept_budget":
        return
    for d in rep.drafts:
        if d.table == "budgets" and d.values.get("stage") == "budget_unspecified":
            d.values["stage"] = rep.default_stage


# the level of a numbered heading: 第一部分 0, 一、 1, （一） 2, 1、 / （1） 3 (a heading with no number has none)
HEADING_LEVELS = (re.compile(r"^第[一二三四五六七八九十]+部分"), re.compile(r"^[一二三四五六七八九十]+、"),
                  re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), re.compile(r"^(?:\d+[、.．]|[（(]\d+[）)])"))


def _heading_fund(voc: Vocabulary, t: str, st: _State) -> str | None:
    """The fund of the section a heading opens: the fund it names, else the fund of the heading it is under (the nearest of
    a higher level that named one: （九）机关运行经费支出情况 after （八）政府性基金预算…财政拨款支出情况 is no longer of that
    fund, but （一）基本支出 under 三、一般公共预算财政拨款支出情况 is); a heading with no number that names no fund goes on
    with the section's, one that names a fund (一般公共预算支出情况 between （三）… and （一）基本支出情况) is taken as the parent
    of the numbered headings after it, one level above the last numbered heading (but never above 一、)."""
    f = voc.last("fund", t)
    level = next((k for k, mark in enumerate(HEADING_LEVELS) if mark.match(t.lstrip())), None)
    if level is None and f is None:
        return st.section_fund
    if level is None:
        level = max(1, len(st.heading_funds) - 2)
    st.heading_funds = [*st.heading_funds[:level], *([None] * (level - len(st.heading_funds))), f.code if f else None]
    return next((x for x in reversed(st.heading_funds) if x), None)


GRAND = {"income_total": "income_grand_total", "expenditure_total": "expenditure_grand_total"}


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _classes_adding_up_to_basic(rep: ReportText) -> None:
    """基本支出352.61万元…。按经济分类:工资福利支出296.30万元，商品和服务支出34.14万元，对个人和家庭的补助22.17万元: economic
    classes stated in prose whose amounts add up exactly to the basic expenditure stated on their line (same fund, stage,
    unit) are that basic expenditure's classes (`basic_econ_30x`), whatever words stand between."""
    prose = [d for d in rep.drafts if d.table == "budgets" and not str(d.values.get("note", "")).startswith("table row")]
    for i, d in enumerate(prose):
        v = d.values
        if v["item"] != "basic" or v["stage"] == "yoy_change":
            continue
        # the classes on its line, or the run of classes after it on the lines below (a paragraph printed over several lines)
        classes: list[Draft] = []
        for c in prose[i + 1:]:
            if c.pos[0] > d.pos[0] + 3 or not c.values["item"].startswith(("econ_", "basic_econ_")) and (c.pos[0] > d.pos[0] or classes):
                break
            if c.values["item"].startswith(("econ_", "basic_econ_")) and (
                    c.values["fund"], c.values["stage"], c.values.get("unit")) == (v["fund"], v["stage"], v.get("unit")):
                classes.append(c)
        amounts = [_decimal(str(c.values["amount"])) for c in classes]
        total = _decimal(str(v["amount"]))
        if len({c.values["item"] for c in classes}) < 2 or len(classes) != len({c.values["item"] for c in classes}) or total is None or (
                None in amounts or not _adds_up([a for a in amounts if a is not None], total)):
            continue
        named = {c.values["item"] for c in classes if c.values["item"].startswith("econ_")}
        lines = {c.pos[0] for c in classes} | {d.pos[0]}
        for c in prose:  # (the classes' changes on the line too: 工资福利支出较上年增加…)
            if c.pos[0] in lines and c.pos > d.pos and c.values["item"] in named and c.values["fund"] == v["fund"]:
                c.values["item"] = "basic_" + c.values["item"]


def _adds_up(parts: list[Decimal], total: Decimal) -> bool:
    """Whether parts add up to total as printed, each rounded to the places printed (367.56 for 367.57 from three parts in
    元 rounded to 万元: within half a unit of the last place for each figure)."""
    places = max([-int(x.as_tuple().exponent) for x in (*parts, total)] + [0])
    return abs(sum(parts) - total) < Decimal(len(parts) + 1) / 2 * Decimal(10) ** -places


def _classes_of_the_whole(rep: ReportText) -> None:
    """Economic classes stated in prose (按支出经济分类，本部门支出预算中工资福利支出…，商品和服务支出…) whose amounts add up to
    no basic expenditure but exactly to the spending total of another fund the report states (all spending, 418.06 of
    本年支出预算): the classes of that fund's spending (the fund of the section they stand in is not theirs)."""
    prose = [d for d in rep.drafts if d.table == "budgets" and not str(d.values.get("note", "")).startswith("table row")]
    by_line: dict[int, list[Draft]] = {}
    for d in prose:
        if d.values["item"].startswith("econ_") and d.values["stage"] != "yoy_change":
            by_line.setdefault(d.pos[0], []).append(d)
    for classes in by_line.values():
        v = classes[0].values
        amounts = [_decimal(str(c.values["amount"])) for c in classes]
        if len({c.values["item"] for c in classes}) != len(classes) or len(classes) < 2 or None in amounts or any(
                (c.values["fund"], c.values["stage"], c.values.get("unit")) != (v["fund"], v["stage"], v.get("unit")) for c in classes):
            continue
        total = sum(a for a in amounts if a is not None)
        # (a total said to be wholly of one fund is that fund's alone: the classes, naming none, are of the fund it was read in)
        funds = {_fund_read(d) for d in prose if d.values["item"] == "expenditure_total" and d.values["stage"] == v["stage"]
                 and d.values.get("unit") == v.get("unit") and _decimal(str(d.values["amount"])) == total}
        if len(funds) == 1 and (fund := funds.pop()) != v["fund"]:
            for c in classes:
                c.values["fund"] = fund


LIST_OPENS = re.compile(r"(?:具体为|具体是|具体如下|如下|分别为|分别是|包括|按(?:支出)?功能分类(?:看|来看)?)[：:]\s*$")


def _classes_of_the_list(rep: ReportText, t: str, new: list[Draft], st: _State) -> None:
    """Functional classes listed on the lines after a total of one fund whose line ends opening the list (一般公共预算拨款支出
    468.12万元，具体为： / 1.…（类）…（款）行政运行（项）260.46万元 …), naming no fund themselves, are that fund's (until the next heading)."""
    rows = [d for d in new if d.table == "budgets"]
    if st.list_fund:
        # (the fund of the section's heading, 财政拨款, gives way to the list's total's, a part of it: 一般公共预算拨款支出…，按功能分类：)
        wider = {"all"} | _funds_above(rep.voc, st.list_fund)
        for d in rows:
            if d.values["item"].startswith("func_") and d.values["fund"] in wider and not rep.voc.last("fund", t[:d.pos[1]][-30:]):
                d.values["fund"] = st.list_fund
    if LIST_OPENS.search(t):
        totals = [d for d in rows if d.values["item"] == "expenditure_total" and d.values["fund"] != "all"]
        st.list_fund = totals[-1].values["fund"] if totals else ""


def _funds_above(voc: Vocabulary, fund: str) -> set[str]:
    """The funds a fund is part of (gpb: fiscal, all)."""
    out: set[str] = set()
    while (fund := voc.fund_parents.get(fund, "")) and fund not in out:
        out.add(fund)
    return out


def _three_public_of_its_table(rep: ReportText) -> None:
    """“三公” figures stated in prose naming no fund (`all`) in a report whose “三公” table is of one fund (一般公共预算“三公”经费
    支出表: `gpb`): the prose restates the table, so they are that fund's (a restatement is the same fund, docs/transcription.md)."""
    def of_three_public(item: str) -> bool:
        for _ in range(4):
            if item == "three_public":
                return True
            item = rep.voc.parents.get(item, "")
        return False

    own = [d for d in rep.drafts if d.table == "budgets" and not d.values.get("project_id") and of_three_public(d.values["item"])]
    tabled = {d.values["fund"] for d in own if str(d.values.get("note", "")).startswith("table row")}
    if len(tabled) == 1 and "all" not in tabled:
        fund = tabled.pop()
        for d in own:
            if d.values["fund"] == "all" and not str(d.values.get("note", "")).startswith("table row"):
                d.values["fund"] = fund
        return
    # the whole's fund (“三公”经费财政拨款预算6.80万元。其中：因公出国（境）费0万元 …; a table of the parts naming none): the parts
    # and the table restate the whole, so they are of its fund (one fund named for the whole; `all` where it names none)
    whole = {d.values["fund"] for d in own if d.values["item"] == "three_public" and not str(d.values.get("note", "")).startswith("table row")}
    if len(whole) != 1 or "all" in whole or tabled - {"all"} - whole:
        return
    fund = whole.pop()
    for d in own:
        if d.values["fund"] == "all":
            d.values["fund"] = fund


YEAR_TOTAL_NAMED = re.compile(r"本\s*年(?:度)?\s*(?:收入|支出)\s*(?:合计|总额)")  # the year's total by its own name (not 总计)


def _names_a_grand_total(item_m: Match | None, lead: str) -> bool:
    """Whether the words before a figure name a 总计 (收入总计, 收、支总计; 总计 right before the amount), or both totals at
    once (收支总预算, 收支预算总额, 收支总额: the income and the spending as a whole, carry-overs included), not the
    year's (本年收支总额; 本年度 is a date, as 2026年度 is): _grand_totals makes them the grand totals where the report states a carry-over."""
    if GRAND_WORD.search(lead):
        return True
    if item_m is None:
        return False
    both = set(item_m.code.split("|")) == set(GRAND)
    return item_m.term.endswith("总计") or both and not re.search(r"本\s*年\s*$", lead[:item_m.start])


def _grand_totals(rep: ReportText) -> None:
    """总计 (收入总计, 支出总计, 收、支总计, a table's 总计 row) of a fund where the report states a carry-over other than
    zero of that fund (上年结转, 年末结转和结余 …): the totals with the carry-overs (income_grand_total, expenditure_grand_total), apart from
    本年收入合计/本年支出合计; where it states none, or states it as zero, 总计 is the year's total (docs/transcription.md,
    0.3.0)."""
    own = [d for d in rep.drafts if d.table == "budgets"]
    carried = {d.values["fund"] for d in own if d.values["item"] in ("carryover_opening", "carryover_closing")
               and not ZERO.fullmatch(str(d.values["amount"]).lstrip("-"))}
    carried |= {f for fund in carried for f in _funds_above(rep.voc, fund)}  # (…为财政拨款结转: a carry-over of the funds it is part of too)
    # 财政拨款收、支总计405.06万元 beside 财政拨款收入401.86万元: a fund's 总计 other than its year's total of the same stage holds
    # a carry-over, stated or not (each total one figure states is then of both: 收、支总计)
    year: dict[tuple[str, str, str], set[Decimal | None]] = {}
    for d in own:
        if not d.values.get("_grand"):
            year.setdefault((d.values["fund"], d.values["item"], d.values["stage"]), set()).add(_decimal(str(d.values["amount"])))
    at = {d.pos for d in own if d.values.get("_grand") and d.values["item"] in GRAND and d.values["stage"] != "yoy_change"
          and (d.values["fund"], d.values["item"], d.values["stage"]) in year
          and _decimal(str(d.values["amount"])) not in year[(d.values["fund"], d.values["item"], d.values["stage"])]}
    # 财政拨款收、支总计580.26万元 where the report states a carry-over other than zero (of any fund) and the fund's own
    # year's total is not stated, but its parts' are (一般公共预算财政拨款收入571.90万元): a total above what its parts
    # add up to holds the carry-over
    if carried:
        parts: dict[tuple[str, str, str], Decimal] = {}
        for (fund, item, stage), amounts in year.items():
            parent = rep.voc.fund_parents.get(fund)
            if parent and len(amounts) == 1 and (a := next(iter(amounts))) is not None:
                parts[(parent, item, stage)] = parts.get((parent, item, stage), Decimal(0)) + a
        at |= {d.pos for d in own if d.values.get("_grand") and d.values["item"] in GRAND and d.values["stage"] != "yoy_change"
               and (key := (d.values["fund"], d.values["item"], d.values["stage"])) not in year and key in parts
               and (a := _decimal(str(d.values["amount"]))) is not None and a > parts[key]}
    # 合计 beside a carry-over column (单位名称 合计 上年结转 一般公共预算拨款收入 …) printing 0.00 on its row: the year's total
    zero_beside = {(d.pos[0], d.values["fund"]) for d in own if d.values["item"] == "carryover_opening" and ZERO.fullmatch(str(d.values["amount"]))}
    for d in own:
        if d.values["item"] in GRAND.values() and (d.pos[0], d.values["fund"]) in zero_beside and d.values["fund"] not in carried:
            d.values["item"] = next(k for k, g in GRAND.items() if g == d.values["item"])
    grand: list[Draft] = []
    compared = {"yoy_change", *rep.voc.prior_stages.values()}  # a change, or the year before's figure at a stage
    for d in own:  # (财政拨款收支预算总计 where only the department's carry-over is stated: the fiscal year's total)
        if d.values.get("_grand") and d.values["item"] in GRAND and (d.values["fund"] in carried or d.pos in at):
            d.values["item"] = GRAND[d.values["item"]]
            grand.append(d)
        elif d.values["stage"] in compared and d.values["item"] in GRAND and not d.values.get("_year_total") and any(
                g.pos[0] == d.pos[0] and g.pos < d.pos and g.values["fund"] == d.values["fund"] and g.values["item"] == GRAND[d.values["item"]]
                and not [o for o in own if g.pos < o.pos < d.pos and o.values["item"] == d.values["item"] and o.values["stage"] not in compared]
                for g in grand):
            # 收、支总计412.56万元，较上年增加21.35万元; 收支总预算468.90万元（2025年预算445.20万元），比2025年预算增加23.70万元: the
            # change, and the last year's figure it is taken from, of the grand total stated just before them on their line
            d.values["item"] = GRAND[d.values["item"]]


def _items_down_tables(rep: ReportText) -> None:
    """A department table of items down and stages across (“三公”经费支出决算表: 项 目 | 预算数 | 决算数, rows 合 计,
    1.因公出国（境）费 …): its 合计 row is the total of the items listed (their common parent, `three_public`), not of
    all spending; its amounts are in 元 when the caption or the lines above say 单位：元."""
    for k, block in enumerate(rep.blocks):
        if block.kind != "table":
            continue
        lines = {row.line for row in block.rows}
        own = [d for d in rep.drafts if d.table == "budgets" and d.pos[0] in lines and str(d.values.get("note", "")).startswith("table row")
               and not str(d.values["note"]).endswith("side)") and not d.values.get("project_id")]
        if not own:
            continue
        if IN_YUAN.search(_caption_above(rep, block, k)):
            for d in own:
                if not ZERO.fullmatch(str(d.values["amount"])):
                    d.values["unit"] = "元"
        totals = [d for d in own if d.values["item"] == "expenditure_total" and TOTAL_ROW.match(re.sub(r"\s", "", str(d.values["note"])[9:]))]
        items = {d.values["item"] for d in own if d not in totals}
        roots = {rep.voc.parents.get(i, "") for i in items if rep.voc.parents.get(i, "") not in items}
        if totals and items and len(roots) == 1 and (parent := roots.pop()):
            for d in totals:
                d.values["item"] = parent


def _named_by_its_funds(voc: Vocabulary, t: str) -> re.Match[str] | None:
    """A numbered point named by its funds (（一）信访维稳工作经费。项目全年预算数…): the project it names, unless the
    name is a fund's or an item's own (财政拨款资金, 人员经费)."""
    m = LINE_FUNDS.match(t) or POINT_WITH_ITS_AMOUNT.match(t)
    if m is None or m.group(1).endswith(NOT_PROJECTS):
        return None
    name = m.group(1)
    for kind in ("fund", "item"):
        named = voc.last(kind, name)
        if named and named.start <= 1 and named.end >= len(name) - 2:
            return None
    return m


def _tables_in_their_section(rep: ReportText, sections: list[tuple[int, str | None]]) -> None:
    """A department table whose caption names no fund, under a heading that names one (四、一般公共预算财政拨款支出决算情况
    + 科目编码 科目名称 年初预算 支出决算): its class rows are of that fund, and so is its 合计 row where every row the
    section's tables give names no fund and the heading is a section's (一般公共预算财政拨款支出决算情况, not a row 八、其他收入 of
    a table read as a heading): the table is wholly of the heading's fund, its total too."""
    tabled = [d for d in rep.drafts if d.table == "budgets" and str(d.values.get("note", "")).startswith("table row")]
    starts = [no for no, _ in sections]
    section_of = {id(d): bisect.bisect_left(starts, d.pos[0]) - 1 for d in tabled}
    of_a_fund = {section_of[id(d)] for d in tabled if d.values["fund"] != "all"}
    for d in tabled:
        k = section_of[id(d)]
        if d.values["fund"] != "all" or k < 0 or not sections[k][1]:
            continue
        if d.values["item"].startswith(("func_", "econ_", "basic_econ_")) or d.values["item"] in TOTALS[:2] and k not in of_a_fund and (
                SECTION_WORD.search(rep.lines[sections[k][0]].text)):
            d.values["fund"] = sections[k][1]


# 本部门2022年度无政府性基金预算财政拨款支出, 无使用国有资本经营预算拨款安排的支出: that fund's amount is 0
# (…收入、支出及结转结余: none at either end of the year too, each carry-over 0)
NONE_BUDGET = re.compile(r"(?:无|没有)(?:使用)?([^，,。；;无]{2,30}?)(?:财政拨款|拨款)?(?:安排的)?(收支|收入[、和及与]支出|收入|支出)([、和及与]结转(?:和|及)?结余)?")


NONE_ITEMS = re.compile(r"(?:无|没有|未安排)([^，,。；;无\d]{2,30}?[和、及与][^，,。；;无\d]{2,16}?)(?:支出|费用|(?<!费)费)(?=[，,。；;]|$)")
# (无政府采购预算: procurement_total 0; 无工程采购 alone states no budget)
NONE_ITEM = re.compile(r"(?:无|没有|未安排|未发生)([^，,。；;无\d]{2,16}?(?:费|经费|结转资金|结转结余|结转(?=[，,。；;]|$)|采购(?=预算|支出)))"
                       r"(?:资金)?(?:支出|预算)?(?=[，,。；;]|$)")
# 无事业收入、经营收入和上级补助收入: none of each source of income listed (each part a source's income by its name)
NONE_SOURCES = re.compile(r"(?:无|没有)((?:[^，,。；;无\d、和及与]{2,12}?收入\s*[、和及与]\s*)+[^，,。；;无\d、和及与]{2,12}?收入)(?=[，,。；;]|$)")


NONE_AT_BOTH_ENDS = re.compile(r"(年初)\s*[、和及与]?\s*(年末)\s*(?:均|都)?\s*(?:无|没有)\s*([^，,。；;、\d]{2,8}?)(?=[，,。；;]|$)")


def _none_stated(rep: ReportText, line: Line) -> None:
    """A fund's income or expenditure stated as none in words: one row with amount 0 (the fund named)."""
    t = line.text
    for m in NONE_ITEM.finditer(t):
        # 无因公出国（境）费支出: none of a specific item (a “三公” part, a class): its amount is 0
        named = rep.voc.last("item", m.group(1))
        if named and named.start == 0 and named.end >= len(m.group(1)) - 2 and named.code not in TOTALS and not rep.voc.last("fund", m.group(1)):
            v = _empty()
            v.update(fund="all", item=named.code.split("|")[0], stage=rep.default_stage, amount="0", source_quote=m.group(0), note="none stated in words")
            rep.add("budgets", v, MEDIUM, (line.no, m.start()))
    for m in NONE_ITEMS.finditer(t):
        # 无因公出国（境）和公务用车支出: none of each item listed (each part named by an item's term or the beginning of its label)
        parts = [p.strip() for p in re.split(r"[和、及与]", m.group(1))]
        codes = [_item_begun(rep.voc, p) for p in parts]
        if len(parts) < 2 or not all(codes) or any(rep.voc.last("fund", p) for p in parts):
            continue
        for code in codes:
            v = _empty()
            v.update(fund="all", item=code, stage=rep.default_stage, amount="0", source_quote=m.group(0), note="none stated in words")
            rep.add("budgets", v, MEDIUM, (line.no, m.start()))
    listed: list[tuple[int, int]] = []  # the spans of sources listed as none (no second reading of them below)
    for m in NONE_SOURCES.finditer(t):
        parts = [p.strip() for p in re.split(r"[、和及与]", m.group(1))]
        sources = [rep.voc.last("fund", p) for p in parts]
        # (each part wholly a source's name, 收入 after it: 事业收入, 上级补助收入; a part naming no source stops the reading)
        if not all(f is not None and f.start == 0 and p[f.end:] in ("", "收入") and f.code not in ("all", "fiscal") for f, p in zip(sources, parts, strict=True)):
            continue
        listed.append(m.span())
        for code in dict.fromkeys(f.code for f in sources if f is not None):
            v = _empty()
            v.update(fund=code, item="income_total", stage=rep.default_stage, amount="0", source_quote=m.group(0), note="none stated in words")
            rep.add("budgets", v, MEDIUM, (line.no, m.start()))
    for m in NONE_AT_BOTH_ENDS.finditer(t):
        # 年初、年末均无结转和结余: none at either end of the year, each the carry-over its end names (年初结转和结余, 年末…)
        for end in (m.group(1), m.group(2)):
            term = end + m.group(3)
            named = rep.voc.last("item", term)
            if named and named.start == 0 and named.end >= len(term) - 2 and named.code in ("carryover_opening", "carryover_closing"):
                v = _empty()
                v.update(fund="all", item=named.code, stage=rep.default_stage, amount="0", source_quote=m.group(0), note="none stated in words")
                rep.add("budgets", v, MEDIUM, (line.no, m.start()))
    for m in NONE_BUDGET.finditer(t):
        if any(a <= m.start() < b for a, b in listed):
            continue
        funds = rep.voc.find_all("fund", m.group(1))
        if not funds or any(f.code in ("all", "fiscal") for f in funds) or funds[-1].end != len(m.group(1)):
            continue
        if any(not re.fullmatch(r"\s*(?:(?:财政)?拨款)?\s*[、和及与]\s*", m.group(1)[a.end:b.start]) for a, b in zip(funds, funds[1:], strict=False)):
            funds = funds[-1:]  # (the words before the last fund are no list of funds: its own name's)
        # 无国有资本经营预算财政拨款收支 (收入和支出): none of either; 无政府性基金预算、国有资本经营预算财政拨款收支: none of either, of each fund
        for fund in dict.fromkeys(f.code for f in funds):
            carried = ["carryover_opening", "carryover_closing"] if m.group(3) else []
            for item in {"收入": ["income_total"], "支出": ["expenditure_total"]}.get(m.group(2), ["income_total", "expenditure_total"]) + carried:
                v = _empty()
                v.update(fund=fund, item=item, stage=rep.default_stage, amount="0", source_quote=quote(t, m.start(), m.end()), note="none stated in words")
                rep.add("budgets", v, MEDIUM, (line.no, m.start()))


def _item_begun(voc: Vocabulary, part: str) -> str:
    """The item a listed part names: by its own term (因公出国（境）费, with 费 left off), else the one item whose label begins
    with it and is the parent of every other that does (公务用车 → 公务用车购置及运行维护费); '' for none."""
    for cand in (part, part + "费"):
        m = voc.last("item", cand)
        if m and m.start == 0 and m.end >= len(cand) - 1 and m.code not in TOTALS:
            return m.code.split("|")[0]
    begun = [c for c, label in voc.labels["item"].items() if label.startswith(part)] if len(part) >= 2 else []
    roots = [c for c in begun if all(o == c or voc.parents.get(o) == c for o in begun)]
    return roots[0] if len(roots) == 1 else ""


def _func_of(voc: Vocabulary, m: re.Match[str]) -> str | None:
    return voc.func_item(m.group(1).strip(), m.group(2).strip(), m.group(3).strip())


# a 款/项 line with no 类 (its 类 a point above), ending its line with no amount: （1）行政事业单位养老支出（款）…缴费支出（项）：
KUAN_XIANG_LINE = re.compile(r"^\s*" + NUMBER_MARK + r"?\s*([^（）():：\d、；;，,。.]{2,30}?)[（(]款[）)]"
                             r"\s*([^（）():：\d、；;，,。.]{2,30}?)[（(]项[）)]\s*[：:。]?\s*$")


def _kuan_xiang_of(voc: Vocabulary, t: str) -> str | None:
    """The 项 of a 款/项 line with no 类 and no amount ('' when the codelist has none of that name); None for any other line."""
    m = KUAN_XIANG_LINE.match(t)
    if m is None:
        return None
    return voc.func_item("", m.group(1).strip(), m.group(2).strip()) or ""


KUAN_TAIL = re.compile(r"([^（）():：\d.、；;，,。]{1,30})[（(]类[）)]([^:：（）()]{1,30}?)[（(]款[）)]([^（）()\d，,。；;：:]{1,30})$")
XIANG_HEAD = re.compile(r"^\s*([^（）():：\d、；;，,。.]{1,30})[（(]项[）)]")
XIANG = re.compile(r"([^（）():：\d、；;，,。.]{1,30})[（(]项[）)]")


CLASS_ALONE = re.compile(r"([^（）():：\d、；;，,。.]{1,30})[（(]类[）)]\s*(?:支出)?\s*(?:为|共)?\s*$")


def _class_alone(voc: Vocabulary, t: str, since: int, pos: int) -> str | None:
    """The class (类) named alone right before an amount, since the amount before (…；社会保障和就业支出（类）41.26万元, no 款
    or 项 after it): its func_<code> when the codelist holds the class, else None."""
    m = CLASS_ALONE.search(t, since, pos)
    if m is None:
        return None
    im = voc.last("item", m.group(1).strip())
    return im.code if im is not None and len(voc.gfs.get(im.code, "")) == 3 and im.end == len(m.group(1).strip()) else None


def _func_at(voc: Vocabulary, t: str, funcs: list[re.Match[str]], since: int, pos: int) -> str:
    """The 项 of an amount on a 类/款/项 line: the 类/款/项 named since the amount before, else the 项 named there under the
    line's last 类 and 款 (…行政单位离退休（项）4.80万元；机关事业单位基本养老保险缴费支出（项）18.08万元), else the line's last
    类/款/项 before it; '' when that 项 is not in the codelist."""
    full = [m for m in funcs if m.end() <= pos]
    own = [m for m in full if m.start() >= since]
    if own:
        return _func_of(voc, own[-1]) or ""
    # (…：行政单位医疗（项）决算12.86；公务员医疗补助（项）年初预算6.20，调整预算6.78: the 项 named last before the amount, since
    # the amount before or earlier, after the line's last 类/款/项)
    xiang = [m for m in XIANG.finditer(t, full[-1].end() if full else since, pos)]
    if xiang and full:
        return voc.func_item(full[-1].group(1).strip(), full[-1].group(2).strip(), xiang[-1].group(1).strip()) or ""
    return (_func_of(voc, full[-1]) or "") if full else ""


def _line(rep: ReportText, line: Line, st: _State) -> None:
    t, voc = line.text, rep.voc
    func = FUNC_LINE.search(t)
    func_item = _func_of(voc, func) if func else None
    carried, st.func_heading = st.func_heading, None
    if func and not any(n.unit in MONEY for n in line.nums if n.start >= func.end()):
        # 5.社会保障和就业支出（类）…缴费支出（项）。 on its line, 年初预算…均为30.20万元 on the next: the amounts are the 项's
        st.func_heading = func_item or ""
    elif not func and not any(n.unit in MONEY for n in line.nums) and (kx := _kuan_xiang_of(voc, t)) is not None:
        st.func_heading = kx  # （1）…养老支出（款）…缴费支出（项）： under its 类 stated above, the amounts on the next line
    elif not func and carried is not None and (not BREAK_HEAD.match(t) or CODE_OPENS.match(t)):
        # (（2010301）196.50万元 on the line after …行政运行（项）: the 项's code in brackets opens no point)
        if not carried:
            return  # an uncoded 项 on the line before: its amounts are left too
        func_item = carried
    begun, st.xiang_begun = st.xiang_begun, None
    if (tail := KUAN_TAIL.search(t)) is not None:
        st.xiang_begun = (tail.group(1).strip(), tail.group(2).strip(), tail.group(3).strip())
    if not func and begun and (head := XIANG_HEAD.match(t)) is not None:
        # …（类）…（款）机关事业单位基本养老保 / 险缴费支出（项）38.16万元: the 项's name broken at the line's end
        func_item = voc.func_item(begun[0], begun[1], begun[2] + head.group(1).strip()) or func_item
    funcs = list(FUNC_LINE.finditer(t)) if func else []
    in_turn = _listed_xiang(voc, line, funcs)
    line_rows: list[Draft] = []
    line_items: list[str] = []
    rows: list[Draft] = []
    for s, e in line.sentences():
        _sentence_of_wholly(rep, t[s:e], rows, st)
        nums = [n for n in line.nums if s <= n.start < e and n.kind == "value"]
        if not any(n.unit in MONEY or ZERO.fullmatch(n.text) and (ALL_STAGES.search(t[s:n.start]) or n.unit == "" and line_rows and _zero_of_an_item(
                voc, t[s:n.start])) or n.unit == "" and _unit_left_out(voc, n, t[s:n.start], line_rows, st.last_rows, st.unit_stated) for n in nums) and not (
                RATE.search(t[s:e]) and (line_rows or _rate_of_an_item(voc, t[s:e]))):
            continue
        prev_end = s
        st.sentence_project = ""
        rows = []
        last_items: list[str] = []
        # 其中：公务用车运行维护费1.80万元 after “三公”经费财政拨款支出2.36万元。: a sentence of 其中 details the one before, in its fund
        # …主要用于：一般公共服务（类）支出70.00万元，占79.55%；住房保障（类）支出18.00万元: an item of a list after ；, too
        # (a total's row of the fund it is wholly of, 收入合计…，全部为一般公共预算财政拨款, is no fund of the list)
        listed = [r for r in line_rows if not r.values.get("_wholly") and not r.values.get("_own_fund")]
        last_fund: str | None = _fund_read(listed[-1]) if listed and (t[s:e].lstrip().startswith("其中") or t[s - 1:s] in "；;") else None
        if last_fund and listed[-1].values["item"] == "income_total" and re.match(r"\s*(?:本年)?支\s*出", t[s:e]):
            last_fund = None  # …其中…其他收入6.20；支出合计409.67万元: the sources of the income are no fund of the expenditure after them
        if not line_rows and s == 0 and t.lstrip().startswith("其中") and st.last_rows:
            last_fund = st.last_rows[0].values["fund"]  # 其中：基本支出… opening the line after the whole's line
        if not line_rows and s == 0 and BY_PROJECT.match(t) and st.project_fund:
            last_fund = st.project_fund  # 分项目：①…: the projects of the project expenditure stated before, in its fund
        for n in nums:
            lead = line.lead(s, prev_end, n.start)
            # (the part a whole is said to be wholly, 全部为公务用车运行维护费, names no item of the figures after it)
            lead = WHOLLY_ITEM.sub(lambda m: m.group(0).replace(m.group(1), "\u3000" * len(m.group(1))), lead) if re.search(r"全部|全额|均", lead) else lead
            func_n = _func_at(voc, t, funcs, prev_end, n.start) if func else func_item
            if n.start in in_turn:
                func_n = in_turn[n.start]
            elif func and not any(m.end() <= n.start for m in funcs):
                # ①…行政运行（项） on its line, 196.30万元…；②…（项）72.22万元 on the next: the first amount is the line before's 项;
                # with none there, an amount before the line's first 类/款/项 is read from its own words (政府性基金预算拨款支出15.00万元，
                # 全部为城乡社区支出（类）…)
                func_n = carried or None
            alone = _class_alone(voc, t, prev_end, n.start) if func else None
            if alone is not None and n.start not in in_turn:
                func_n = alone  # …；社会保障和就业支出（类）41.26万元 after a 类/款/项 line: a class named alone is the class's
            elif func_n is not None and len(voc.gfs.get(func_n, "")) < 7:
                prev_end = n.unit_end
                continue  # a 项 the codelist lacks (its 款's code would be a plausible wrong code): its amounts are left to unplaced.csv
            # 因公出国（境）费0元; 上级补助收入、事业收入…均为0: none, in any unit
            if n.unit in MONEY or n.unit == "" and (ZERO.fullmatch(n.text) and bool(ALL_STAGES.search(lead) or _zero_of_an_item(voc, lead, bool(line_rows)))
                                                   or _unit_left_out(voc, n, lead, line_rows, st.last_rows, st.unit_stated)):
                inherited = last_items or line_items
                if not last_items and line_rows and line_rows[-1].values.get("_part") and not voc.last("item", lead):
                    # 年初预算安排312.46万元，其中基本支出…，项目支出64.36万元。年度中追加预算47.20万元: the sentence after the parts
                    # goes on with their whole
                    wholes = [r for r in line_rows if not r.values.get("_part")]
                    inherited = [wholes[-1].values["item"]] if wholes else inherited
                comparison = bool(PRIOR_AMOUNT.search(lead) or YOY_MARK.search(lead) and direction(lead) or _last_years(rep, lead))
                if not inherited and comparison and st.last_rows and not voc.last("item", lead) and not _a_list_of_classes(rep, st.last_rows):
                    # 与上年财政拨款预算537.60万元相比 opening a line: the comparison of the figures the line before ended with
                    # (not of the last class of a line listing classes: 按支出功能分类：…（201）380.00万元，住房保障支出…40.00万元)
                    inherited = list(dict.fromkeys(r.values["item"] for r in st.last_rows))
                year_stage = voc.last("stage", lead)
                if not last_items and line_rows and not voc.last("item", lead) and year_stage and year_stage.code in (
                        "adjusted_budget", "executed") and line_rows[-1].values["stage"] in ("supplementary", "yoy_change"):
                    # 年初预算支出386.52万元，其中…。…追加项目支出48.30万元；调减基本支出6.20万元。调整后全年预算数为428.62万元: the
                    # year's figure of the whole whose initial budget was stated last (not of a part listed after 其中)
                    wholes = [d for d in rep.drafts[-30:] if d.table == "budgets" and d.values["stage"] == "initial_budget"
                              and not d.values.get("_part") and d.pos < (line.no, n.start)]
                    inherited = [max(wholes, key=lambda d: d.pos).values["item"]] if wholes else inherited
                if not last_items and comparison and line_rows and not voc.last("item", lead) and "其中" in t[:s]:
                    # 总预算386.52万元，其中本年收入…，上年结转8.00万元。与2024年预算相比…: the comparison of the whole, not of its last part
                    heads = [r for r in line_rows if r.pos[1] < t.rfind("其中", 0, s)]
                    inherited = [heads[-1].values["item"]] if heads else inherited
                rows_n = _amount(rep, line, n, lead, (s, e), inherited, last_fund, func_n, st)
                # (本年收入合计较2022年增加5.72万元: a change whose own clause names its total is that total's alone, the year's)
                named_total = YEAR_TOTAL_NAMED.search(re.split(r"[，,；;。]", lead)[-1])
                if rows_n and comparison and not named_total and all(m.code in TOTALS for m in voc.find_all("item", lead.replace("、", ""))):
                    rows_n += _both_totals(rep, rows or line_rows, rows_n)
                if named_total:
                    for r in rows_n:
                        r.values["_year_total"] = True
                moved = [r for r in rows if r.values.get("_fund_read")]
                for r in rows_n if moved and comparison else []:
                    # 本年收入合计301.25万元，全部为一般公共预算财政拨款收入，比上年增加18.47万元: the change of the total is of the
                    # fund the total was said to be wholly of (the parts after it still inherit the fund it was read in)
                    same = [m for m in moved if m.values["item"] == r.values["item"] and m.values["fund"] != r.values["fund"]
                            and r.values["fund"] == m.values["_fund_read"]]
                    if same and r.values["stage"] in ("yoy_change", *voc.prior_stages.values()):
                        r.values["fund"] = same[-1].values["fund"]
                if rows_n:
                    if len({r.values["item"] for r in rows_n}) < 2:  # (a figure already read for several items is theirs)
                        _of_several(rep, rows, rows_n, t.rfind("分别", s, n.start), lead)
                    _wholly_of_a_fund(rep, line, n, rows_n, (s, e))
                    if (read := rows_n[0].values.get("_fund_read")) and read == st.section_fund and rows_n[0].values["item"] in GRAND:
                        # 四、财政拨款支出决算情况 … 财政拨款支出470.16万元，全部为一般公共预算财政拨款支出: the section's total wholly of
                        # one source, so is every figure of the section (its parts) that names no fund
                        _section_of_a_fund(st, read, rows_n[0].values["fund"])
                    _wholly_of_a_class(rep, line, n, rows_n, (s, e))
                    rows = rows_n if not rows else rows + rows_n
                    line_rows.extend(rows_n)
                    last_items = list(dict.fromkeys(r.values["item"] for r in rows_n))  # (a total and its wholly-of-a-fund row: one item)
                    line_items = last_items
                    last_fund = last_fund if rows_n[0].values.get("_own_fund") else _fund_read(rows_n[0])
                    st.sentence_project = rows_n[0].values.get("_project_name", "")
                    st.last_rows = rows_n
                    if rows_n[0].values["item"] == "project" and not rows_n[0].values.get("project_id"):
                        st.project_fund = rows_n[0].values["fund"]
                    rep.claim(line.no, n)
            elif n.unit == "%" and not rep.is_claimed(line.no, n):  # (an indicator's rate, 预算调整率10.33%, is the indicator's)
                changes = [r for r in rows if r.values["stage"] == "yoy_change" and r.pos[1] > t.find("分别", s, n.start) >= 0]
                open_changes = [r for r in changes if not r.values["change_pct"]]
                if len(changes) >= 2 and open_changes and "分别" in t[s:n.start] and (direction(lead) or AND_ONLY.fullmatch(lead)):
                    # 比上年分别增加20.00万元和15.00万元，分别增长5.0%和3.8%: the percentages take the changes in turn
                    sign = direction(lead) or (-1 if changes[0].values["amount"].startswith("-") else 1)
                    r = open_changes[0]
                    r.values["change_pct"] = n.text if sign > 0 else f"-{n.text}"
                    r.values["source_quote"] = quote(t, r.pos[1], n.unit_end, s, e)
                    rep.claim(line.no, n)
                elif _percent(rep, line, n, lead, (s, e), rows, line_rows, st.projects.get(same_project(st.heading_project), "")):
                    rep.claim(line.no, n)
            prev_end = n.unit_end
        line_rows.extend(_wholly_of_an_item(rep, line, rows, (s, e)))


def _wholly_of_an_item(rep: ReportText, line: Line, rows: list[Draft], sent: tuple[int, int]) -> list[Draft]:
    """“三公”经费…实际支出1.86万元，完成预算的74.4%，较上年减少0.41万元，全部为公务接待费: the sentence's figure of the report's
    stage is also that of the part it says the whole is (a row of the part, quoted to the words)."""
    t = line.text
    m = WHOLLY_ITEM.search(t, sent[0], sent[1])
    if m is None or not rows or rep.voc.last("fund", m.group(1)):
        return []
    code = _item_begun(rep.voc, m.group(1).strip())
    base = [r for r in rows if r.values["stage"] == rep.default_stage and r.values["amount"] and rep.voc.parents.get(code) == r.values["item"]
            and r.pos[1] < m.start()]
    if not code or not base or any(r.values["item"] == code for r in rows):
        return []
    v = dict(base[0].values)
    v.update(item=code, rate_pct="", share_pct="", share_of="", change_pct="", source_quote=quote(t, base[0].pos[1], m.end(), *sent), _wholly=True)
    return [rep.add("budgets", v, MEDIUM, base[0].pos)]


# (…1.48万元，全部为公务用车运行维护费，比上年减少0.41万元: the words end at a comma too, and what follows is the whole's again)
WHOLLY_ITEM = re.compile(r"(?:[，,]|[（(](?=[^（）()]*[）)]))\s*(?:全部|全额|均)(?:为|是|用于)\s*([^，,。；;（）()\d]{2,20}?)\s*(?=[；;。，,）)]|$)")
ZERO_OF = re.compile(r"(?:为|是)\s*$")
# a class of the government economic classification named by its code (50101工资奖金津补贴, 50501 工资福利支出（事业单位）)
GOV_ECON = re.compile(r"(?:^|[：:，,；;、])\s*5\d{4}\s*[^，,。；;：:\d]{1,24}$")


MORE_XIANG = re.compile(r"\s*[、和及]\s*([^（）()：:\d、；;，,。.]{1,30})[（(]项[）)]")


def _listed_xiang(voc: Vocabulary, line: Line, funcs: list[re.Match[str]]) -> dict[int, str]:
    """…（类）…（款）A（项）、B（项）、C（项）支出决算分别为2.32万元、28.74万元、11.12万元: several 项 of one 类 and 款 listed, and
    their amounts after 分别 in turn (where on the line each amount starts -> its 项's code, '' for a 项 the codelist lacks)."""
    t, out = line.text, {}
    for m in funcs:
        names, end = [m.group(3)], m.end()
        while (x := MORE_XIANG.match(t, end)) is not None:
            names.append(x.group(1))
            end = x.end()
        fb = t.find("分别", end, end + 20)
        stop = min((k for k in (t.find(c, end) for c in "。；;") if k >= 0), default=len(t))
        amounts = [n for n in line.nums if fb >= 0 and fb < n.start < stop and n.unit in MONEY and n.kind == "value"]
        if len(names) < 2 or fb < 0 or any(end <= n.start < fb for n in line.nums) or len(amounts) < len(names):
            continue
        for n, name in zip(amounts[:len(names)], names, strict=True):
            out[n.start] = voc.func_item(m.group(1).strip(), m.group(2).strip(), name.strip()) or ""
    return out


def _a_list_of_classes(rep: ReportText, last_rows: list[Draft]) -> bool:
    """Whether the line of last_rows listed amounts of two or more functional or economic classes, ending with them."""
    line_no = last_rows[0].pos[0]
    classes = {d.values["item"] for d in rep.drafts[-40:] if d.table == "budgets" and d.pos[0] == line_no
               and d.values["item"].startswith(("func_", "econ_", "basic_econ_"))}
    return len(classes) >= 2 and all(r.values["item"] in classes for r in last_rows)


def _unit_left_out(voc: Vocabulary, n: Num, lead: str, line_rows: list[Draft], before: list[Draft] | None = None, stated: bool = False) -> bool:
    """…基本支出398.50万元，占81.87%；项目支出88.26，占18.13%: an amount printed without its unit (a decimal right after an
    item's name, on a line of amounts in 万元) is in the unit of the line's amounts; `stated`, under a heading stating the unit
    (（三）具体情况（单位：万元）: 年初预算286.10，支出决算298.46), any number right after a stage's or an item's term."""
    if stated:
        tail = len(lead.rstrip())
        named = voc.last("stage", lead) or voc.last("item", lead)
        if named is not None and named.end == tail:
            return True
    if "." not in n.text:
        return False
    stage = voc.last("stage", lead)  # 截至年底资金实际到位52.00,到位率100% after a line of amounts in 万元: right after a stage's own term
    if stage is not None and stage.end == len(lead.rstrip()) and stage.term not in GENERIC_STAGE_TERMS and (line_rows or before) and not any(
            r.values.get("unit") == "元" for r in line_rows or before or []):
        return True
    if _stages_of_one_figure(voc, lead) and line_rows and not any(r.values.get("unit") == "元" for r in line_rows):
        return True  # 年初预算、调整预算、决算均为24.49 on a line of amounts in 万元
    if not line_rows or any(r.values.get("unit") == "元" for r in line_rows):
        return False
    item = voc.last("item", lead)
    if item is not None and item.end == len(lead.rstrip()) and item.code not in TOTALS:
        return True
    if _source_income_named(voc, lead):
        return True
    # 主要用于：X专项经费62.00万元，Y维护经费28.50，Z服务经费18.24: a project named right after the line's project amounts
    return bool(line_rows[-1].values.get("_project_name")) and bool(PART_NAME.search(lead)) and not lead.rstrip().endswith(NOT_PROJECTS)


def _source_income_named(voc: Vocabulary, lead: str) -> bool:
    """收入合计412.05万元，其中一般公共预算财政拨款收入405.85、其他收入6.20: a source's income named right before the figure."""
    source, item = voc.last("fund", lead), voc.last("item", lead)
    tail = lead.rstrip()
    return source is not None and tail.endswith("收入") and (source.end >= len(tail) - 2 or tail[source.end:] == "拨款收入") and (
        item is None or item.code in TOTALS and item.end == len(lead.rstrip()))


def _zero_of_an_item(voc: Vocabulary, lead: str, listed: bool = False) -> bool:
    """其中：因公出国（境）费为0；…: a 0 printed without its unit right after an item named for it (in a sentence of amounts);
    `listed`, after amounts on its line: the item's name right before it will do (货物类5.13万元，服务类10.00，工程类0)."""
    m = ZERO_OF.search(lead)
    if m is None and not listed:
        return False
    head = lead[:m.start()] if m else lead
    item = voc.last("item", head)
    # (…拨款收入294.63，政府性基金预算拨款收入0，事业收入0: a source's income named right before a 0 after amounts on its line)
    return item is not None and item.end == len(head.rstrip()) and item.code not in TOTALS or listed and _source_income_named(voc, head)


FUND_WORDS = ("", "收入", "资金", "拨款", "拨款收入")  # what a fund's name may be followed by and still name that fund alone
WHOLLY = re.compile(r"\s*(?:[，,]\s*|[（(])(?:全部|全额|均)(?:为|是|来自|来源于)\s*([^，,。；;（）()]{2,20})[）)]?")
# a sentence of its own saying the figures before it are wholly of one source: 全部为一般公共预算财政拨款，占…
PROJECT_WHOLLY = re.compile(r"^\s*(?:该|本)?项目(?:的)?(?:资金|经费)(?:来源)?\s*(?:全部|全额|均)(?:为|是|来自|来源于)\s*([^，,。；;（）()\d]{2,20}?)\s*(?=[，,。；;]|$)")
WHOLLY_SENTENCE = re.compile(r"^\s*(?:其中\s*)?(?:全部|全额|均)(?:为|是|来自|来源于)\s*([^，,。；;（）()\d]{2,20}?)\s*(?=[，,。；;]|$)")


def _sentence_of_wholly(rep: ReportText, sentence: str, before: list[Draft], st: _State) -> None:
    """财政拨款收、支总计均为286.74万元，比上年…。全部为一般公共预算财政拨款，…: a sentence opening with 全部为 and a fund, after a
    sentence of figures of that fund's parent (here `fiscal`), says those figures are of the fund it names: they go under it
    (docs/transcription.md: a figure wholly of one source goes under that source, once), and so do the figures of the section
    after it that name no fund (the section's fund is that one from here on)."""
    m = WHOLLY_SENTENCE.match(sentence)
    f = rep.voc.last("fund", m.group(1)) if m else None
    own = PROJECT_WHOLLY.match(sentence)
    if own and (fo := rep.voc.last("fund", own.group(1))) is not None and fo.end >= len(own.group(1)) - 2 and fo.code != "all":
        # 该项目资金全部为一般公共预算财政拨款。2023年年初预算安排40.00万元…: the money of the project (or of the section) is of
        # that source: so are the figures after it that name none
        st.section_fund = fo.code
        return
    if m is None or f is None or f.end < len(m.group(1)) - 2 or not before:
        return
    parents = set()
    up = rep.voc.fund_parents.get(f.code)
    while up and up != "all":
        parents.add(up)
        up = rep.voc.fund_parents.get(up)
    of_parent = [d for d in before if d.values["fund"] in parents]
    if not of_parent:
        return
    for d in of_parent:
        d.values["fund"] = f.code
    st.section_fund = f.code


def _next_source_of_the_income(rep: ReportText, line: Line, lead: str) -> bool:
    """A source named alone right before its amount (单位资金8.00万元) where the budget row read last, on this line or the
    one before, is another source's income: the list of the income's sources goes on."""
    clause = re.split(r"[，,；;：:、。]", lead)[-1].strip()
    f = rep.voc.last("fund", clause)
    if f is None or f.code == "all" or not _fund_alone(rep.voc, clause) or rep.voc.last("item", clause):
        return False
    last = next((d for d in reversed(rep.drafts[-20:]) if d.table == "budgets"), None)
    return (last is not None and last.values["item"] == "income_total" and last.values["fund"] not in ("all", f.code)
            and line.no - 1 <= last.pos[0] <= line.no)


def _section_of_a_fund(st: _State, was: str, fund: str) -> None:
    """The section's fund is `fund` from here on, and so is that of the headings under it (the heading that named `was`)."""
    st.section_fund = fund
    for i in reversed(range(len(st.heading_funds))):
        if st.heading_funds[i]:
            if st.heading_funds[i] == was:
                st.heading_funds[i] = fund
            break


def _fund_read(d: Draft) -> str:
    """The fund a row was read in, before a figure said to be wholly of one source moved it there (`_wholly_of_a_fund`)."""
    return str(d.values.get("_fund_read") or d.values["fund"])


def _wholly_of_a_fund(rep: ReportText, line: Line, n: Num, rows_n: list[Draft], sent: tuple[int, int]) -> None:
    """收入合计365.12万元，全部为一般公共预算财政拨款: the total is that fund's, once (docs/transcription.md: a figure said to be
    wholly of one source goes under that source, no second row under `all`): its row moves to the fund, quoted with the words;
    the fund it was read in stays the one the figures after it inherit (`_fund_read`)."""
    m = WHOLLY.match(line.text, n.unit_end)
    fund = rep.voc.last("fund", m.group(1)) if m else None
    # (全部为一般公共预算财政拨款收入: the fund's name with the word of what it is, 收入, 资金 or 支出, after it)
    if not m or fund is None or m.group(1).rstrip()[fund.end:] not in (*FUND_WORDS, "支出", "拨款支出", "结转", "拨款结转") or fund.code == rows_n[0].values["fund"]:
        return
    read = rows_n[0].values["fund"]
    for r in rows_n:  # (收、支总计505.36万元，全部为…: each total the figure is of)
        if r.values["fund"] == read:
            r.values.update(_fund_read=read, fund=fund.code, source_quote=quote(line.text, n.start, m.end(), *sent))


def _wholly_of_a_class(rep: ReportText, line: Line, n: Num, rows_n: list[Draft], sent: tuple[int, int]) -> None:
    """卫生健康支出15.62万元，全部为行政单位医疗（2101101）: a functional class (or 款) said to be wholly one class under it
    is that class's amount too: a row of its own for the class named (the whole's row stays), quoted with the words."""
    m = WHOLLY.match(line.text, n.unit_end)
    if not m or len(rows_n) != 1 or not rows_n[0].values["item"].startswith("func_"):
        return
    whole = rows_n[0]
    top = rep.voc.gfs.get(whole.values["item"], "")
    name = m.group(1).strip()
    part = rep.voc.last("item", name) or rep.voc.last("item", name + "支出")
    if part is None or part.start != 0 or part.end < len(name) - 2:
        return
    code = rep.voc.gfs.get(part.code, "")
    if not part.code.startswith("func_") or not top or len(code) <= len(top) or not code.startswith(top):
        return
    v = dict(whole.values)
    v.update(item=part.code, source_quote=quote(line.text, n.start, m.end(), *sent), note=f"wholly {name}")
    rep.add("budgets", v, MEDIUM, (line.no, m.start(1)))


AND_ONLY = re.compile(r"\s*(?:和|、|及|与|，|,)\s*")
ALL_OF = re.compile(r"均(?:比|较|与|同比)")  # 收入…，支出…，均比上年增加20.00万元: the change of each


def _of_several(rep: ReportText, rows: list[Draft], rows_n: list[Draft], resp_at: int, lead: str) -> None:
    """A figure stated for several figures before it in the sentence: after 分别 the k-th amount is the
    k-th item's (收入合计…，支出合计…，比上年分别增加20.00万元和15.00万元: both changes, the second one's sign
    from the first); after 均比上年 it is each item's (a row each)."""
    bases: list[Draft] = []
    for r in rows:
        if r.values["stage"] != "yoy_change" and r.values["item"] not in [b.values["item"] for b in bases] and (resp_at < 0 or r.pos[1] < resp_at):
            bases.append(r)
    if len(bases) < 2:
        return
    if resp_at >= 0:
        after = [r for r in rows if r.pos[1] > resp_at]
        k = len({r.pos for r in after})
        if k >= len(bases):
            return
        for r in rows_n:
            r.values.update(item=bases[k].values["item"], fund=bases[k].values["fund"])
            if after and after[0].values["stage"] == "yoy_change" and r.values["stage"] != "yoy_change" and AND_ONLY.fullmatch(lead):
                negative = after[0].values["amount"].startswith("-")
                r.values.update(stage="yoy_change", amount=f"-{r.values['amount']}" if negative else r.values["amount"])
    elif ALL_OF.search(lead) and rows_n[0].values["stage"] == "yoy_change":
        first = rows_n[0]
        first.values.update(item=bases[0].values["item"], fund=bases[0].values["fund"])
        for b in bases[1:]:
            v = dict(first.values)
            v.update(item=b.values["item"], fund=b.values["fund"])
            rows_n.append(rep.add("budgets", v, MEDIUM, first.pos))


BUDGET_COMPARED = re.compile(r"(?:比|较|与)(?:本年|当年)?(?:年初|全年|调整后?)?预算(?:数)?(?:相比)?")


def _against_the_budget(t: str, start: int, pos: int) -> bool:
    """Whether the change before pos is measured against this year's budget (比年初预算减少…, 决算数比预算数减少…),
    not against last year: the nearest comparison word of its clause (bounded: the last 40 characters)."""
    clause = re.split(r"[。；;]", t[max(start, pos - 40):pos])[-1]
    found = list(BUDGET_COMPARED.finditer(clause))
    return bool(found) and not YOY_MARK.search(clause, found[-1].start())


def _last_years(rep: ReportText, lead: str) -> bool:
    """Whether the figure's clause is dated the year before the report's (2022年度决算数为, in a report of 2023)."""
    clause = re.split(r"[，,；;。：:（(]", lead)[-1]  # (与2024年预算相比（2024年预算数为: the bracket's own clause)
    m = re.match(r"\s*(?:其中)?\s*((?:19|20)\d{2})\s*年度?", clause)
    return bool(m and rep.year and int(m.group(1)) == rep.year - 1 and not re.search(r"以来|年底|年末|截至|截止", clause))


def _both_totals(rep: ReportText, rows: list[Draft], rows_n: list[Draft]) -> list[Draft]:
    """收入预算586.30万元，支出预算586.30万元，比2024年预算562.10万元增加24.20万元: a comparison naming no item after
    an income total and an expenditure total of one amount (and fund) is the comparison of both: a row for the other."""
    bases = [r for r in rows if r.values["item"] in TOTALS[:2] and r.values["stage"] != "yoy_change" and not r.values["stage"].startswith("prior_year")]
    if len(bases) < 2 or {b.values["item"] for b in bases[-2:]} != set(TOTALS[:2]) or len(rows_n) != 1:
        return []
    a, b = bases[-2].values, bases[-1].values
    r = rows_n[0].values
    if a["amount"] != b["amount"] or a["fund"] != b["fund"] or r["item"] not in TOTALS[:2] or r["fund"] != a["fund"]:
        return []
    v = dict(r)
    v["item"] = TOTALS[1] if r["item"] == TOTALS[0] else TOTALS[0]
    return [rep.add("budgets", v, MEDIUM, rows_n[0].pos)]


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for k in range(a, b):
            chars[k] = "\u3000"
    return "".join(chars)


def _amount(rep: ReportText, line: Line, n: Num, lead: str, sent: tuple[int, int], last_items: list[str], last_fund: str | None,
            func_item: str | None, st: _State) -> list[Draft]:
    voc, t = rep.voc, line.text
    conf = HIGH
    funds_part = _funds_part_of_a_project(rep, line, n, sent)
    if funds_part is not None:
        return [funds_part]
    item_m = voc.last("item", lead)
    if item_m and item_m.code in TOTALS:
        # “三公”经费支出合计, 人员经费合计: a total term right after a specific item is that item's total
        before = [m for m in voc.find_all("item", lead[:item_m.start]) if m.code not in TOTALS]
        if before and (re.fullmatch(r"(?:支出|的|总)?", lead[before[-1].end:item_m.start]) or _fund_and_total(voc, lead[before[-1].end:item_m.end])):
            item_m = before[-1]
    item_m = _item_around_a_fund(voc, lead, item_m)
    if not item_m and (coded := CODE_BEFORE.search(lead)) is not None:
        # …其中行政运行 / （2010301）295.65万元: the name on the line before, its code in brackets right before the amount
        by_code = [c for c, g in voc.gfs.items() if g == coded.group(1) and c.startswith("func_")]
        if len(by_code) == 1:
            item_m = Match(by_code[0], coded.group(0), coded.start(), coded.end())
    if not item_m and len(last_items) == 1:
        # 公务用车购置及运行维护费1.80万元（购置费0万元，运行维护费1.80万元）: a part named short, by the words that set it
        # apart from its sibling parts
        item_m = _part_named_short(voc, last_items[0], lead)
    if (in_turn := _named_in_turn(voc, lead)) is not None:
        # 人员经费和公用经费分别为281.06万元、29.22万元: the amounts after 分别 take the items named before it in turn
        item_m, st.in_turn = in_turn[0], (line.no, [m.code for m in in_turn[1:]])
    elif st.in_turn and st.in_turn[0] == line.no and st.in_turn[1] and AND_ONLY.fullmatch(lead):
        item_m = Match(st.in_turn[1].pop(0), "", 0, 0)
    else:
        st.in_turn = None
    if not item_m and (whole_of := _whole_before_the_bracket(rep, line, lead, sent, n)) is not None:
        last_items = [whole_of]  # …运行维护费1.80万元），比上年减少0.40万元: after the parts in brackets, the whole's figure again
    if (RETURNED.match(t, n.unit_end) or UNSPENT.match(t, n.unit_end)) and not item_m:
        # 剩余0.80万元已交回县财政, 年底仍有4.14万元未能支出: funds returned or left unspent, neither a carry-over nor a stage
        # (left to unplaced.csv)
        return []
    if (bal := BALANCE.search(lead)) and not item_m and CARRIED_ON.match(t, n.unit_end):
        item_m = Match("carryover_closing", bal.group(0), bal.start(), bal.end())  # 结余3.35万元按规定结转下年使用: the year-end carry-over
    elif not item_m and (end := YEAR_END_LEFT.search(lead)) and CARRIED_AFTER.match(t, n.unit_end):
        item_m = Match("carryover_closing", end.group(0), end.start(), end.end())  # 年末仍有13.16万元结转: the year-end carry-over
    if item_m and re.match(r"\s*[（(]类[）)]", lead[item_m.end:]) and (func := functional(voc, item_m.term)):
        item_m = Match(func, item_m.term, item_m.start, item_m.end)  # 为其他支出（类）8.00万元: the functional class
    marked = CLASS_MARK.search(lead)
    if marked and (not item_m or item_m.code in TOTALS):
        # 一般公共服务（类）支出280.10万元: the class named before its mark
        head = re.split(r"[，,；;：:、]", lead[:marked.start()])[-1].strip()
        named = voc.last("item", head if head.endswith("支出") else head + "支出")
        if named and (func := functional(voc, named.term)):
            item_m = Match(func, named.term, marked.start() - len(head) + named.start, marked.start())
    if GOV_ECON.search(t, max(sent[0], n.start - 40), n.start):
        rep.spans.append((line.no, n.start, n.unit_end))  # (a budget's figure all the same: never a petition figure)
        return []  # 50101工资奖金津补贴218.40万元: a class of the government economic classification, no code (unplaced.csv)
    if THRESHOLD.search(lead):
        rep.spans.append((line.no, n.start, n.unit_end))  # (a figure of money all the same: never a petition figure)
        return []
    if NOT_BUDGET.search(lead) and not (item_m and NOT_BUDGET.search(item_m.term)):
        return []  # 合同金额 of no item (授予…企业 is the item procurement_sme, docs/transcription.md): no budget line (unplaced.csv)
    if INDICATOR_VALUE.search(t, max(sent[0], n.start - CONTEXT), n.start) or TARGET_BOUND.search(lead):
        rep.spans.append((line.no, n.start, n.unit_end))  # (money all the same: never a petition figure)
        return []  # 成本指标“单台终端年运维成本”目标值≤0.28万元，实际0.25万元: an indicator's target and result, no budget line
    project_name = None
    pm = PROJECT_NAME.search(lead)
    # 项目支出90.66万元，主要为X经费52.30万元、Y资金25.00万元: the named parts of the sentence's project expenditure are projects
    # (…其中：X经费支出46.20万元，自评得分95分；Y经费支出18.26万元…: the list of projects goes on after each ；)
    parts_of_projects = last_items == ["project"] and bool(PARTS_OF.search(t, sent[0], n.start)
                                                           or st.projects_listed_at == line.no and t[sent[0] - 1:sent[0]] in ("；", ";"))
    if parts_of_projects:
        pm = PART_NAME.search(lead) or LISTED_PART.search(lead) or pm
    elif (not item_m or item_m.code == "project") and _projects_listed(t, n.start) and (listed_part := LISTED_PART.search(lead) or pm):
        pm, parts_of_projects = listed_part, True  # (a numbered part: its name may end in 费, 3.X系统运行维护费8.05万元)
        part_fund = voc.last("fund", pm.group(1)) if pm else None
        if pm and part_fund and len(pm.group(1)) - part_fund.end <= 2:
            pm = None  # 其中县级财政资金40.00万元: a part named by a fund is the fund's, not a project
    # 项目名称：X，预算45.00万元；Y，预算20.26万元；Z（政府性基金），预算20.00万元: the projects a line lists by name
    named_list = not pm and "项目名称" in t[max(0, n.start - CONTEXT):n.start] and bool(pm := NAMED_LIST.search(lead))
    in_projects = st.section_project or bool(INLINE_PROJECTS_HEAD.match(t))  # (（四）项目支出情况。X资金全年预算…: a section of projects)
    if pm and pm.group(1).endswith("资金") and not pm.group(1).endswith("专项资金") and not (in_projects or parts_of_projects or named_list) or (
            pm and (fund_named := voc.last("fund", pm.group(1))) and fund_named.end >= len(pm.group(1).rstrip()) - 2):
        pm = None  # (X资金 is a project's name only in a section or list of projects; 财政拨款资金 is a fund's)
    if pm and pm.group(1) not in NOT_PROJECTS and not pm.group(1).endswith(NOT_PROJECTS) and not NOT_A_NAME.match(pm.group(1).strip()) and (
            pm.group(1).endswith("项目") or in_projects or parts_of_projects or named_list):
        # (X项目支出21.28万元: the item 项目支出 around the name's 项目 is the project's spending)
        if not item_m or item_m.code == "project" or item_m.end <= pm.end(1) and len(item_m.term) < len(pm.group(1)) - 2:
            # (信访救 助资金: a name broken at a wrapped line is one name)
            project_name = re.sub(r"\s", "", re.sub(r"^(?:其中|主要是|主要为|主要包括|包括|分别为|主要用于|用于)", "", pm.group(1)))
            if parts_of_projects:
                st.projects_listed_at = line.no
    # (a name nearer the figure, X项目支出50.00万元, or a total it names, 本年支出合计19.50万元, is the figure's own)
    if (not item_m or item_m.code == "project") and not project_name and (
            colon_named := _named_before_colon(voc, t[sent[0]:n.start])):
        project_name = colon_named  # (the last such name before the figure: the sentence may list several projects, ；-separated)
    item_of_list = CIRCLED_PROJECT.search(t, sent[0], n.start) if not project_name else None
    if item_of_list and not item_of_list.group(1).endswith(NOT_PROJECTS) and not (
            (f_named := voc.last("fund", item_of_list.group(1))) and f_named.end >= len(item_of_list.group(1)) - 2):
        project_name = item_of_list.group(1).strip()  # 分项目：①信访工作经费，年初预算47.25万元…；②…: each circled item a project
    if not project_name and (not item_m or item_m.code == "project") and (named_q := _quoted_project(t, sent[0], n.start)):
        project_name = named_q  # 对“X经费”项目开展了绩效自评，该项目全年预算60.50万元: the project the sentence names in quotes
    for context in (st.sentence_project, st.line_project, st.heading_project):
        if not project_name and context and (not item_m or item_m.code == "project"):
            project_name = context
    if item_m and item_m.code.split("|")[0].startswith(("basic_econ_", "econ_")):
        # an economic class is of basic expenditure only when the text places it there (基本支出 before it on the line
        # and after the last 按经济分类 there, which lists the classes of all spending; or, with neither on the line, in
        # the section heading); else of the whole expenditure (econ_301 …)
        code = item_m.code.split("|")[0].removeprefix("basic_")
        jb, ja = t.rfind("基本支出", 0, n.start), t.rfind("经济分类", 0, n.start)
        ja = ja if ja > 0 and (t[ja - 1] == "按" or t[max(0, ja - 3):ja] == "按支出") else -1  # 按经济分类：…, 按支出经济分类
        within = jb > ja if max(jb, ja) >= 0 else "基本支出" in st.heading
        item_m = Match(("basic_" + code) if within else code, item_m.term, item_m.start, item_m.end)
    # the figure stated before 其中 in the sentence (项目年初预算60.00万元，其中县级财政资金40.00万元…): its parts keep its stage,
    # and what follows the parts (…、上级补助资金20.00万元，全年资金到位60.00万元; …，比上年减少0.46万元) is of the whole again
    qz = t.rfind("其中", sent[0], n.start)
    whole = next((d for d in reversed(rep.drafts[-12:]) if d.table == "budgets" and d.pos[0] == line.no and sent[0] <= d.pos[1] < qz), None) \
        if qz >= 0 else None
    if whole is not None and item_m is not None and (parent := voc.parents.get(item_m.code.split("|")[0])) and (of_parent := [
            d for d in rep.drafts[-12:] if d.table == "budgets" and d.pos[0] == line.no and sent[0] <= d.pos[1] < qz and d.values["item"] == parent
            and d.values["stage"] == rep.default_stage]):
        # 公务用车购置及运行维护费3.02万元，年初预算3.50万元、调整预算3.50万元，…，其中公务用车购置费0万元…: the parts are of the
        # whole's figure of the report's own stage, not of its budgets stated after it for comparison
        whole = of_parent[-1]
    ob = max(t.rfind("(", sent[0], n.start), t.rfind("（", sent[0], n.start))
    if whole is None and ob > qz and max(t.rfind(")", ob, n.start), t.rfind("）", ob, n.start)) < 0 and t[:ob].rstrip().endswith(MONEY):
        # 资金到位65.00万元(上级补助资金30.00万元全部到位，县级资金到位35.00万元): the parts in brackets after an amount keep its stage
        whole = next((d for d in reversed(rep.drafts[-12:]) if d.table == "budgets" and d.pos[0] == line.no and sent[0] <= d.pos[1] < ob), None)
    # (基本支出301.26万元，占77.94%，较上年预算增加18.34万元: a change after a part's share is the part's)
    # (…费3.92万元（其中：A费0万元，B费3.92万元，较上年减少0.41万元…）: a change inside the bracket of the parts is the last part's)
    in_parts = qz > 0 and t[qz - 1] in "（(" and not re.search(r"[）)]", t[qz:n.start])
    before_n = next((d for d in reversed(rep.drafts[-6:]) if d.table == "budgets" and d.pos[0] == line.no and d.pos[1] < n.start), None)
    after_parts = whole is not None and "其中" not in lead and bool(re.search(r"[，,；;]", t[qz:n.start])) and (
        "占" not in t[max(qz, n.start - 60):n.start].rsplit("万元", 1)[-1]) and not in_parts and not (
        # (基本支出298.66万元，占77.29%，比2022年的280.15万元增加18.51万元: the change of the part its last year's figure is of)
        before_n is not None and before_n.values["stage"] in voc.prior_stages.values() and before_n.values["item"] != whole.values["item"])
    shut = _parts_shut(rep, line, n, sent) if not item_m else None
    if shut is not None:
        last_items, last_fund, after_parts = [shut.values["item"]], shut.values["fund"], False
    listed = _listed(voc, lead)
    if func_item:
        items = [func_item]
    elif listed and listed[0] == "item":
        items = listed[1]  # 上缴上级支出、经营支出、对附属单位补助支出均为0: one figure for each item listed
    elif project_name:
        items = ["project"]
    elif (item_m and item_m.code in TOTALS and (last_items == ["project"] or not last_items and BARE_TOTAL.fullmatch(item_m.term))
          and PROJECTS_COUNTED.search(t, sent[0], n.start)):
        items = ["project"]  # 3个项目年初预算合计143.60万元，全年支出合计128.34万元: the total of the projects counted
    elif item_m:
        items = item_m.code.split("|")
    elif shut is not None:
        items = list(last_items)
    elif after_parts and whole is not None and direction(lead):
        # the change after the parts is the whole's (each item of a whole of both totals: 收支预算总计…，其中…，较上年…)
        items = list(dict.fromkeys(d.values["item"] for d in rep.drafts[-12:] if d.table == "budgets" and d.pos == whole.pos))
        conf = MEDIUM
    elif (last_items and last_items != ["project"] and (own_cost := OWN_COST.search(re.split(r"[，,；;。：:]", lead)[-1])) is not None
          and not voc.find_all("item", own_cost.group(0))):
        return []  # 会议费预算1.50万元…；培训费预算2.00万元: a cost of its own the codelists have no item for, not the one before (unplaced.csv)
    elif last_items:
        items, conf = list(last_items), MEDIUM
        other = {"income_total": ("支出", "expenditure_total"), "expenditure_total": ("收入", "income_total")}
        clause = re.split(r"[，,；;：:、]", lead)[-1].strip()
        if items in (["income_total"], ["expenditure_total"]) and clause.startswith(other[items[0]][0]):
            items = [other[items[0]][1]]  # 收入决算350.18万元，支出决算348.90万元: the clause names the other total
    elif PROJECTS_COUNTED.search(t, max(sent[0], n.start - CONTEXT), n.start):
        items, conf = ["project"], MEDIUM  # 纳入绩效目标管理的项目5个，涉及资金144.50万元: the money of the projects counted
    elif _next_source_of_the_income(rep, line, lead):
        items, conf = ["income_total"], MEDIUM  # …其中：一般公共预算拨款收入512.38万元，占98.46%； / 单位资金8.00万元: the next source's income
    elif rep.report_type == "project_self_evaluation":
        items, conf = ["project"], LOW  # 其中财政拨款支出68.40万元 in a project's self-evaluation: money of the project it evaluates
    else:
        items, conf = ["expenditure_total"], LOW
    if rep.report_type == "project_self_evaluation" and whole is not None and whole.values["item"] == "project" and items == ["expenditure_total"]:
        items = ["project"]  # 全年实际支出80.00万元，其中财政拨款支出60.00万元 in a project's self-evaluation: the parts of the project's money
    # an item's span is no fund of the figure (国有资本经营预算支出), but for a total or a carry-over whose name holds its fund
    # (财政拨款收入, 年初财政拨款结转和结余)
    spans = [(item_m.start, item_m.end)] if item_m else []
    fund_spans = spans if item_m and item_m.code not in (*TOTALS, "carryover_opening") else []
    sentence_prefix = t[max(sent[0], n.start - CONTEXT):n.start]  # bounded: linear however long the sentence
    # 全部支出（含政府性基金和其他收入安排的支出）: what a total includes names no fund of the figure
    # (…，全部为公共财政预算拨款，比上年预算464.80万元: the fund the figure before is wholly of is no fund of this one)
    asides = [b.span() for b in INCLUDES.finditer(lead)] + [b.span() for b in WHOLLY.finditer(lead)]
    fund_m = voc.last("fund", _mask(lead, fund_spans + asides))
    if fund_m and item_m and item_m.start <= fund_m.start and fund_m.end <= item_m.end and len(item_m.term) > len(fund_m.term) and (
            item_m.code not in TOTALS and item_m.code != "carryover_opening"):
        fund_m = None  # (国有资本经营预算支出 is a class; 财政拨款收入 is the income of the fund 财政拨款)
    if fund_m:
        fund = _funds_joined(voc, _mask(lead, fund_spans + asides), fund_m)
        spans.append((fund_m.start, fund_m.end))
    elif item_m and item_m.code == "carryover_opening":
        fund = st.section_fund or "all"  # (上年结余结转30.22万元 after the sources listed: the balance brought forward is of no source named before)
    elif last_fund:
        fund = last_fund
    elif not item_m and st.last_rows and st.last_rows[-1].pos[0] == line.no and items == [st.last_rows[-1].values["item"]] and (
            items[0] in TOTALS and not voc.last("fund", t[sent[0]:n.start])):
        # 一般公共预算财政拨款支出决算473.22万元…。年初预算为435.11万元，调整预算481.38万元: a sentence naming neither item nor
        # fund goes on with the total the sentence before on its line stated, in its fund (not the section's)
        fund = st.last_rows[-1].values["fund"]
    else:
        sf = voc.last("fund", _mask(sentence_prefix, [b.span() for b in INCLUDES.finditer(sentence_prefix)]
                                    + [b.span() for b in STATED_CLAUSE.finditer(sentence_prefix)]))
        fund = sf.code if sf and sf.code != "all" else (st.section_fund or "all")
    if after_parts and whole is not None and not fund_m and (voc.last("stage", lead) or direction(lead)):
        fund = whole.values["fund"]
    after = FUND_AFTER.match(t, n.unit_end)
    # (397.66万元（均为一般公共预算财政拨款）: a total wholly of one fund, its own fund kept: the fund's row is added after)
    after_fund = voc.last("fund", after.group(1)) if after and not WHOLLY.match(t, n.unit_end) else None
    own_fund = False  # (a fund stated for this amount alone is no fund of the amounts after it)
    stated = FUND_STATED.match(t, n.unit_end)
    if not after_fund and stated and (f_is := voc.last("fund", stated.group(1))) and f_is.end >= len(stated.group(1)) - 2:
        after_fund = f_is  # 年初预算安排40.00万元,为县本级一般公共预算资金: the fund the clause after the amount says it is of
        own_fund = True
    if after_fund:
        fund = after_fund.code  # 困难信访群众救助资金12.00万元（政府性基金）: the fund in brackets after the amount
    sign = direction(lead)
    if sign and _against_the_budget(t, sent[0], n.start):
        return []  # 比年初预算减少1.44万元: a difference from this year's budget, no stage code (left to unplaced.csv)
    # (a stage word inside a fund's name is no stage: 一般公共预算)
    masked = _mask(lead, spans + [(f.start, f.end) for f in voc.find_all("fund", lead)])
    stage_m = voc.last("stage", masked)
    if (stage_m is None or stage_m.term in GENERIC_STAGE_TERMS) and item_m is not None:
        # 年初预算支出386.52万元 (the item term 预算支出 overlaps the stage's), 调整后项目预算52.00万元 (the item 项目 inside the
        # stage's term): a stage's own term that begins before the item
        outside = [m for m in voc.find_all("stage", lead) if m.start < item_m.start < m.end and m.term not in GENERIC_STAGE_TERMS]
        stage_m = outside[-1] if outside else stage_m
    if stage_m and stage_m.term in GENERIC_STAGE_TERMS:
        # 年初预算支出386.52万元: a general word right after a stage's own term is that stage's
        # (年中追加（调剂）预算33.72万元: an aside in brackets between them)
        before_it = [m for m in voc.find_all("stage", masked) if m.term not in GENERIC_STAGE_TERMS and (
            m.end == stage_m.start or re.fullmatch(r"\s*[（(][^（）()]{1,6}[）)]\s*", masked[m.end:stage_m.start]))]
        stage_m = before_it[-1] if before_it else stage_m
    if BALANCE.search(lead) and not stage_m and not (item_m and item_m.end >= len(lead.rstrip()) - 2):
        return []  # (年初结转和结余5.20万元 is an item's figure)
    stages = _stages_of_one_figure(voc, _mask(lead, spans))
    if conf == LOW and fund == "all" and not stage_m and not sign and not st.sentence_has_item(voc, t, sent):
        return []  # no budget term in the sentence: money of the work (funds raised, spent on cases), left to petitions
    if sign and stage_m and stage_m.code == "supplementary" and (lead.rstrip().endswith(stage_m.term) or item_m is not None and (
            stage_m.end <= item_m.start and not lead[stage_m.end:item_m.start].strip() and item_m.end >= len(lead.rstrip()))):
        # (调减基本支出6.20万元: the item named between the word and the amount)
        stage = "supplementary"  # 调减1.50万元: a signed amount taken off the budget during the year, not a change on the year before
    elif sign:
        stage = "yoy_change"
        if not YOY_MARK.search(sentence_prefix):
            conf = MEDIUM if conf == HIGH else conf
    elif PRIOR_AMOUNT.search(lead):
        # 比2024年预算562.10万元, 比上年3.60万元, 与上年财政拨款预算537.60万元相比: last year's figure, the stage the
        # report's own figures are compared with (budget_stages.prior_stage: prior_year_budget in a budget)
        # a stage the comparison names is compared in kind (比2023年决算数318.00万元 in a budget: prior_year_executed)
        stage = stage_m.code if stage_m and stage_m.code.startswith("prior_year") else voc.prior_stages.get(
            stage_m.code if stage_m and stage_m.term not in GENERIC_STAGE_TERMS and stage_m.code in voc.prior_stages else rep.default_stage,
            "prior_year_executed")
    elif _last_years(rep, lead) and (stage_m is None or stage_m.code in voc.prior_stages or stage_m.term in GENERIC_STAGE_TERMS):
        # 2022年度决算数为290.00万元 in the final accounts of 2023: last year's figure of that stage
        named_stage = stage_m.code if stage_m and stage_m.term not in GENERIC_STAGE_TERMS else rep.default_stage
        stage = voc.prior_stages.get(named_stage, voc.prior_stages.get(rep.default_stage, "prior_year_executed"))
    else:
        stage = stage_m.code if stage_m else rep.default_stage
        if not stage_m and whole is not None and whole.values["stage"] not in ("yoy_change",):
            stage = whole.values["stage"]  # a part listed after 其中 is of the stage of its whole
        elif not stage_m and lead.lstrip().startswith("、") and item_m is not None and (listed_before := next((
                d for d in reversed(rep.drafts[-6:]) if d.table == "budgets" and d.pos[0] == line.no and sent[0] <= d.pos[1] < n.start), None)):
            # 追加A经费20.00万元、B经费4.34万元: an item listed after the figure of another takes that figure's stage
            stage = listed_before.values["stage"] if listed_before.values["stage"] != "yoy_change" else stage
        if stage_m and stage_m.term in GENERIC_STAGE_TERMS and rep.default_stage != "executed":
            stage = rep.default_stage  # 支出预算 in a department budget: its initial budget
    spent_after = None
    if project_name and not stage_m and not sign and (spent_after := SPENT_AFTER.match(t, n.unit_end)) is not None:
        # 信访救助资金30.00万元,执行28.00万元 / ,已全部执行完毕: a project's amount named by no stage, the amount spent stated after
        # it, is its budget, of the stage its list's project before named (调整后预算42.50万元), else a bare budget
        siblings = [d for d in rep.drafts[-12:] if d.table == "budgets" and d.pos[0] == line.no and d.values.get("_project_name")
                    and d.values["_project_name"] != project_name and d.values["stage"] in BUDGET_STAGES]
        stage = siblings[-1].values["stage"] if siblings else "budget_unspecified"
    amount = n.text if sign >= 0 else f"-{n.text}"
    if amount in ("-0", "-0.00", "-0.0"):
        amount = n.text
    q = quote(t, n.start, n.unit_end, *sent)
    out = []
    pid = ""
    if project_name:
        pid = st.projects.setdefault(same_project(project_name), f"p{len(st.projects) + 1}")
    if project_name and fund == "all" and st.projects_fund:
        fund = st.projects_fund  # (the projects of a section its sentence says are of one fund: 一般公共预算项目)
    of_funds = "expenditure_total" if SPENT_OF_EACH.search(lead) else "income_total"  # (…财政拨款支出均为0: each fund's spending)
    pairs = [(f, of_funds) for f in listed[1]] if listed and listed[0] == "fund" else [(fund, item) for item in items]
    for fund, item in pairs:  # (上级补助收入、事业收入…均为0: the income of each fund listed)
        for one in (stages if stage not in ("yoy_change",) and len(stages) > 1 else [stage]):
            v = _empty()
            # (a part after 其中, also one named after a comma: 其中基本支出…，项目支出…)
            part = whole is not None and (not after_parts or item_m is not None and item != whole.values["item"])
            v.update(project_id=pid, fund=fund, item=item, stage=one, amount=amount, source_quote=q,
                     approx="true" if n.approx else "false", approx_marker=n.approx, _part=part,
                     _grand=_names_a_grand_total(item_m, lead), _own_fund=own_fund)
            if n.unit == "元" and not ZERO.fullmatch(n.text):
                v["unit"] = "元"  # (0元 is 0 in any unit)
            if project_name:
                v["_project_name"] = project_name
            out.append(rep.add("budgets", v, conf, (line.no, n.start)))
            if spent_after is not None and spent_after.group("all") and one in BUDGET_STAGES:
                # (…30.00万元,已全部执行完毕: the whole amount spent, the executed row of the same figure)
                spent = {**v, "stage": "executed", "source_quote": quote(t, n.start, spent_after.end(), *sent)}
                out.append(rep.add("budgets", spent, MEDIUM, (line.no, n.start)))
    return out


def _part_named_short(voc: Vocabulary, parent: str, lead: str) -> Match | None:
    """The part of `parent` (or of `parent`'s own parent, for a sibling) the clause before a figure names by the words that
    set it apart from its siblings: the labels of a parent's parts (`budget_items.parent_item`) without the words they all
    open with (公务用车购置费, 公务用车运行维护费: 购置费, 运行维护费)."""
    clause = re.split(r"[，,；;：:、（(]", lead)[-1]
    bare = re.sub(r"\s", "", clause)
    for whole in dict.fromkeys((parent, voc.parents.get(parent, ""))):
        parts = [c for c, p in voc.parents.items() if p == whole and whole]
        if len(parts) < 2:
            continue
        labels = {c: voc.labels["item"][c] for c in parts}
        common = os.path.commonprefix(list(labels.values()))
        # (the words they all end with may be left off too: 政府采购货物支出, 政府采购服务支出 → 货物, 服务)
        ending = os.path.commonprefix([x[len(common):][::-1] for x in labels.values()])[::-1]
        for code, label in labels.items():
            short = label[len(common):]
            core = short[:len(short) - len(ending)]
            if common and len(core) >= 2 and re.fullmatch(r"(?:其中)?" + re.escape(core) + "(?:" + re.escape(ending) + r")?(?:支出)?(?:为|是)?", bare):
                start = len(lead) - len(clause)
                return Match(code, short, start, len(lead.rstrip()))
    return None


IN_TURN = re.compile(r"分别(?:为|是)?\s*$")
JOINED = re.compile(r"\s*(?:支出)?\s*(?:和|、|及|与)\s*")


PROJECTS_LISTED = re.compile(r"项目(?:支出)?(?:\s*[\d.,]+\s*万?元)?[，,]?\s*(?:主要包括|包括|具体为|具体是|具体包括|主要有|分别是|分别为)[：:]"
                             r"|(?:实施|安排|开展|涉及)了?(?:项目\s*\d+\s*个|\d+\s*个项目)[：:]")  # (共实施项目4个:X…;Y…)
# after a project's amount, the amount spent (,执行28.00万元) or all of it spent (,已全部执行完毕): that amount was its budget
SPENT_AFTER = re.compile(r"\s*[，,]\s*(?:(?:全年|实际)?(?:执行|支出)\s*(?=\d)|(?P<all>(?:已|均已)?全(?:部|额)(?:执行|支出|使用)(?:完毕)?(?=[，,。；;]|$)))")
BUDGET_STAGES = ("initial_budget", "adjusted_budget", "budget_unspecified")
# 涉及资金84.05万元, 涉及项目支出预算158.27万元: no project's name
NOT_A_NAME = re.compile(r"^共?(?:(?:涉及|安排|下达|使用|拨付|投入|共计|合计|总计|累计|其中)(?:项目)?(?:资金|经费)|涉及项目)$")


def _named_before_colon(voc: Vocabulary, before: str) -> str | None:
    """The project a sentence names before a colon and its budget (NAME_COLON), the last before the figure; a cost
    of the department (人员经费, 机关运行经费) or a fund (财政拨款资金) is no project's name."""
    found = list(NAME_COLON.finditer(before))
    if not found:
        return None
    name = re.sub(r"\s", "", found[-1].group(1))
    f = voc.last("fund", name)
    if name.endswith(NOT_PROJECTS) or NOT_A_NAME.match(name) or f and f.end >= len(name) - 2 or SECTION_WORD.fullmatch(name):
        return None
    return name


def _projects_listed(t: str, pos: int) -> bool:
    """Whether the figure at `pos` is in a list of the project expenditure's parts its line opened (项目支出84.05万元，具体为：
    1.X经费46.00万元…；2.Y资金30.00万元；3.Z运行维护费8.05万元。; 项目支出主要包括：X…；Y…), no sentence ended with 。 since."""
    opened = list(PROJECTS_LISTED.finditer(t, 0, pos))
    return bool(opened) and "。" not in t[opened[-1].end():pos]


QUOTED_PROJECT = re.compile(r"“([^“”，,。；;\d]{2,30})”\s*项目(?!支出)")


def _quoted_project(t: str, start: int, pos: int) -> str:
    """The project a sentence names in quotes before a figure (对“X”项目开展了绩效自评，该项目全年预算…), '' for none."""
    found = list(QUOTED_PROJECT.finditer(t, start, pos))
    return found[-1].group(1).strip() if found else ""


def _named_in_turn(voc: Vocabulary, lead: str) -> list[Match] | None:
    """The items a clause names joined (A和B, A、B及C) right before 分别为, each in its place in `lead`."""
    m = IN_TURN.search(lead)
    if m is None:
        return None
    head = re.split(r"[，,；;：:。]", lead[:m.start()])[-1]
    start = m.start() - len(head)
    found = [Match(f.code, f.term, f.start + start, f.end + start) for f in voc.find_all("item", head)]
    if len(found) < 2 or lead[found[-1].end:m.start()].strip() not in ("", "支出") or any(
            not JOINED.fullmatch(lead[a.end:b.start]) for a, b in zip(found, found[1:], strict=False)) or any("|" in f.code for f in found):
        return None
    return found


def _whole_before_the_bracket(rep: ReportText, line: Line, lead: str, sent: tuple[int, int], n: Num) -> str | None:
    """The item of the figure before a bracket of parts, for a figure whose words open with the bracket's close."""
    if not re.match(r"\s*[）)]", lead):
        return None
    t = line.text
    ob = max(t.rfind("(", sent[0], n.start), t.rfind("（", sent[0], n.start))
    before = [d for d in rep.drafts[-12:] if d.table == "budgets" and d.pos[0] == line.no and sent[0] <= d.pos[1] < ob]
    return str(before[-1].values["item"]) if ob >= 0 and before else None


FUND_PART = re.compile(r"[（(]\s*其中[：:]?\s*([^（）()\d，,。；;]{2,16}?)\s*$")


def _funds_part_of_a_project(rep: ReportText, line: Line, n: Num, sent: tuple[int, int]) -> Draft | None:
    """X经费13.19万元（其中其他收入安排6.20万元）: a figure in brackets after a project's amount, opening with 其中 and a fund, is
    the part of that amount of that fund (the project's row of the fund, at the amount's stage); None for any other figure."""
    t = line.text
    fp = FUND_PART.search(t, max(sent[0], n.start - 30), n.start)
    if fp is None or n.unit not in MONEY:
        return None
    words = re.sub(r"(?:安排|资金|拨款)$", "", fp.group(1))
    f = rep.voc.last("fund", words)
    if f is None or f.end < len(words) - 2 or rep.voc.last("item", words[f.end:]):
        return None
    before = [d for d in rep.drafts[-16:] if d.table == "budgets" and d.pos[0] == line.no and sent[0] <= d.pos[1] < fp.start()]
    whole = max(before, key=lambda d: d.pos) if before else None
    if whole is None or whole.values["item"] != "project" or whole.values.get("project_id") in ("", "department"):
        return None
    v = _empty()
    v.update(project_id=whole.values["project_id"], fund=f.code, item="project", stage=whole.values["stage"], amount=n.text,
             source_quote=quote(t, n.start, n.unit_end, *sent), _part=True)
    return rep.add("budgets", v, HIGH, (line.no, n.start))


def _parts_shut(rep: ReportText, line: Line, n: Num, sent: tuple[int, int]) -> Draft | None:
    """X费24,000元（X1费0元，X2费24,000元），比上年减少2,000元; 追加预算43.20万元（基本支出…，项目支出…），调整后全年预算
    329.65万元: a figure after the parts in brackets that follow an amount, naming no item of its own, is of the amount
    before the brackets (the row drafted for it)."""
    t = line.text
    cb = max(t.rfind("）", sent[0], n.start), t.rfind(")", sent[0], n.start))
    if cb < 0 or re.search(r"[（(]", t[cb:n.start]) or rep.voc.last("item", t[cb:n.start]):
        return None
    ob = max(t.rfind("（", sent[0], cb), t.rfind("(", sent[0], cb))
    if ob < 0 or not t[:ob].rstrip().endswith(MONEY):
        return None
    before = [d for d in rep.drafts[-16:] if d.table == "budgets" and d.pos[0] == line.no and sent[0] <= d.pos[1] < ob]
    return max(before, key=lambda d: d.pos) if before else None


def _funds_joined(voc: Vocabulary, lead: str, fund_m: Match) -> str:
    """涉及一般公共预算及政府性基金预算拨款85.26万元: two funds joined (及, 和, 、) before one amount are their common parent's
    (`funds.parent_fund`: fiscal); else the fund named."""
    before = [m for m in voc.find_all("fund", lead[:fund_m.start]) if m.end <= fund_m.start]
    if before and AND_ONLY.fullmatch(lead[before[-1].end:fund_m.start]) and lead[before[-1].end:fund_m.start].strip() not in ("，", ","):
        parent = voc.fund_parents.get(fund_m.code)
        if parent and parent == voc.fund_parents.get(before[-1].code) and before[-1].code != fund_m.code:
            return parent
    return fund_m.code


def _fund_and_total(voc: Vocabulary, words: str) -> bool:
    """Whether words are a fund and a total term only (财政拨款支出 after “三公”经费: the fund's spending on that item)."""
    f = voc.last("fund", words)
    rest = words[:f.start] + words[f.end:] if f else words
    return f is not None and re.fullmatch(r"(?:的)?(?:支出|拨款支出)(?:合计|总额|总计)?", rest) is not None


def _item_around_a_fund(voc: Vocabulary, lead: str, item_m: Match | None) -> Match | None:
    """An item whose name has a fund inside it (年初财政拨款结转和结余 is 年初结转和结余 of the fund 财政拨款): the item
    read with the fund's term taken out, when it ends the lead and no item ends later."""
    fund_m = voc.last("fund", lead)
    if fund_m is None or item_m is not None and (item_m.end >= fund_m.end or item_m.code not in TOTALS):
        return item_m
    rest = lead[:fund_m.start] + lead[fund_m.end:]
    m = voc.last("item", rest)
    if m is None or not m.start <= fund_m.start < m.end or rest[m.end:].strip() not in ("", "为", "共"):
        return item_m
    return Match(m.code, lead[m.start:m.end + len(fund_m.term)], m.start, m.end + len(fund_m.term))


def _listed(voc: Vocabulary, lead: str) -> tuple[str, list[str]] | None:
    """One figure for several funds' income or several items (A、B和C均为0): ("fund", [codes]) when the clause
    before 均为 lists two or more fund income terms (…收入), ("item", [codes]) for two or more items, joined by
    、/和/及 only; else None."""
    m = ALL_STAGES.search(lead)
    if not m:
        return None
    clause = re.sub(r"^(?:(?:19|20)\d{2}年度?|本年度?|全年|本部门|本单位|本局|我局|本机关)*", "", re.split(r"[，,；;：:]", lead[:m.start()])[-1].strip())
    for dim in ("fund", "item"):
        found = voc.find_all(dim, clause)
        # (政府性基金预算、国有资本经营预算拨款收入均为0: the income word printed once, after the last fund; 政府性基金预算及
        # 国有资本经营预算财政拨款支出均为0: the spending of each, see _amount)
        shared = dim == "fund" and bool(found) and re.fullmatch(r"(?:财政)?(?:拨款)?(?:收入|支出)", clause[found[-1].end:]) is not None
        if len(found) < 2 or found[0].start != 0 or found[-1].end != len(clause) and not shared:
            continue
        # (政府性基金预算拨款、事业收入均为0: a fund's income word after its name, before the joiner; the list is of income when
        # its last term is)
        gap = r"\s*(?:(?:财政)?(?:拨款)?(?:收入)?\s*(?:和|、|及|与))?\s*(?:本年)?" if dim == "fund" else r"\s*(?:和|、|及|与)?\s*(?:本年)?"
        if all(re.fullmatch(gap, clause[a.end:b.start]) for a, b in zip(found, found[1:], strict=False)):
            if dim == "fund" and not shared and not found[-1].term.endswith("收入"):
                continue
            return dim, list(dict.fromkeys(x.code.split("|")[0] for x in found))
    return None


def _stages_of_one_figure(voc: Vocabulary, lead: str) -> list[str]:
    """The stages one figure is stated for (年初预算和全年预算均为18.00万元; 年初预算、调整预算和支出决算均为4.80万元):
    stage terms joined by 和/、/及 only, before 均为/都是; else none."""
    m = ALL_STAGES.search(lead)
    if not m:
        return []
    found = voc.find_all("stage", lead[:m.start()])
    out: list[str] = []
    for a, b in zip(found, found[1:], strict=False):
        if not re.fullmatch(r"\s*(?:和|、|及|与)?\s*", lead[a.end:b.start]):  # 支出决算: two terms of one stage
            out = []
            continue
        out = out or [a.code]
        out.append(b.code)
    return list(dict.fromkeys(out)) if out and found and lead[found[-1].end:m.start()].strip() == "" else []


def _percent(rep: ReportText, line: Line, n: Num, lead: str, sent: tuple[int, int], rows: list[Draft], line_rows: list[Draft],
             project: str = "") -> bool:
    t, voc = line.text, rep.voc
    q = quote(t, n.start, n.unit_end, *sent)
    if "占" in lead and rows:
        base = lead[lead.rfind("占") + 1:]
        base_m = voc.last("item", base)
        if base_m is None and (base_stage := voc.last("stage", base)) is not None and base_stage.term not in GENERIC_STAGE_TERMS:
            return False  # 追加预算43.20万元，占年初预算的15.08%: a share of another stage, which share_of cannot say (unplaced.csv)
        for r in rows[-2:] if len(rows) > 1 and rows[-1].pos == rows[-2].pos else rows[-1:]:
            item = r.values["item"]
            share_of = base_m.code.split("|")[-1] if base_m else (
                "income_total" if item == "income_total" else "three_public" if item.startswith("three_public_")
                else "procurement_total" if item.startswith("procurement_") and item != "procurement_total" else "expenditure_total")
            if r.confidence == LOW and item == "expenditure_total" and share_of == "income_total" and r.values["fund"] != "all":
                # 公共财政预算拨款548.36万元，占收入总预算的93.51%: a source named alone, its share one of the income: that
                # source's income (the default item, spending, was a guess the share corrects)
                r.values["item"] = "income_total"
            r.values["share_pct"] = n.text
            r.values["share_of"] = share_of
            r.values["source_quote"] = _join_quote(t, r, n, sent)
        return True
    sign = direction(lead)
    if sign and _against_the_budget(t, sent[0], n.start):
        return False  # (下降4.8% after 比年初预算减少1.44万元)
    if sign:
        value = n.text if sign > 0 else f"-{n.text}"
        targets = [r for r in rows if r.values["stage"] == "yoy_change" and not r.values["change_pct"]]
        if targets:
            for r in targets[-2:] if len(targets) > 1 and targets[-1].pos == targets[-2].pos else targets[-1:]:
                r.values["change_pct"] = value
                r.values["source_quote"] = _join_quote(t, r, n, sent)
            return True
        if rows:
            v = dict(rows[-1].values)
            v.update(stage="yoy_change", amount="", change_pct=value, share_pct="", share_of="", rate_pct="", source_quote=q)
            rep.add("budgets", v, MEDIUM, (line.no, n.start))
            return True
        return False
    initial = OF_INITIAL.search(lead)
    if WORK_RATE.search(re.split(r"[，,；;：:]", lead)[-1]) and not RATE.search(re.split(r"[，,；;：:]", lead)[-1]):
        return False  # 项目支出绩效目标覆盖率100%: a rate of the work, not of the money
    if RATE.search(lead) or "率" in lead or RATE_OF.search(t, max(sent[0], n.start - 40), n.start) or DONE.search(lead) or initial:
        item_m = voc.last("item", lead)
        rate_stage = "received" if "到位率" in lead else "executed"  # 资金到位45.00万元，到位率100%: the rate of the received row
        cands = [r for r in (rows or line_rows) if r.values["stage"] == rate_stage and not r.values["rate_pct"]]
        if initial and not RATE.search(lead):
            # 年初预算为352.00万元，支出决算为365.48万元，完成年初预算的103.83%: the executed row's rate where the initial budget is
            # the only budget of that item stated; beside a full-year budget or an amount added (the rate of rate_pct is
            # against those) it is left to unplaced.csv
            later = {(d.values["fund"], d.values["item"]) for d in rep.drafts if d.table == "budgets"
                     and d.values["stage"] in ("adjusted_budget", "supplementary")}
            cands = [r for r in cands if (r.values["fund"], r.values["item"]) not in later]
            if not cands:
                return False
        if item_m:
            named = [r for r in line_rows if r.values["item"] == item_m.code.split("|")[-1] and r.values["stage"] == "executed" and not r.values["rate_pct"]]
            cands = named or cands
        if re.search(r"[)）]", lead):
            cands = [r for r in cands if not r.values.get("_part")] or cands  # …35.00万元)，到位率81.25%: the rate of the whole before the brackets
        if not cands and not rows:
            cands = [r for r in line_rows if r.values["stage"] == "executed" and not r.values["rate_pct"]]
        if cands:
            each = [r for r in cands if r in rows] if EACH.search(lead) else []
            # 行政单位医疗（项）支出决算13.95万元，公务员医疗补助（项）3.10万元，均完成调整预算的100%: the rate of each item before 均
            for r in each if len({r.values["item"] for r in each}) == len(each) > 1 else cands[-1:]:
                r.values["rate_pct"] = n.text
                r.values["source_quote"] = _join_quote(t, r, n, sent)
            return True
        if rows:
            v = dict(rows[-1].values)
            v.update(stage="executed", amount="", rate_pct=n.text, share_pct="", share_of="", change_pct="", source_quote=q)
            rep.add("budgets", v, LOW, (line.no, n.start))
            return True
        item_named = _rate_of_an_item(voc, lead, end=True)
        if item_named:
            # (（一）存在问题。项目支出执行率为87.42%: a rate restated with its item named and no amount)
            v = _empty()
            v.update(project_id=project if item_named.code == "project" else "", item=item_named.code.split("|")[-1], stage=rate_stage,
                     rate_pct=n.text, source_quote=q)  # (in the section of a project whose amounts were read: that project's)
            rep.add("budgets", v, MEDIUM, (line.no, n.start))
            return True
    return False


def _rate_of_an_item(voc: Vocabulary, text: str, end: bool = False) -> Match | None:
    """The item whose 执行率/到位率 the text states (项目支出执行率为87.42%; at the text's end with `end`), not a total."""
    for m in RATE_OF_ITEM.finditer(text) if not end else filter(None, [RATE_OF_ITEM.search(text)]):
        named = voc.last("item", m.group(1))
        if named and named.end == len(m.group(1)) and named.code not in TOTALS:
            return named
    return None


def _join_quote(t: str, r: Draft, n: Num, sent: tuple[int, int]) -> str:
    """A quote holding both the amount and the percentage: from the amount's quote (which may lie in
    an earlier sentence of the line: 支出974.42万元，…；整体预算完成率93.58%) to the percentage's
    clause; when that is longer than 80 characters it starts later, inside the amount's clause, so it
    still holds both figures as printed."""
    old = r.values["source_quote"]
    at = r.pos[1]  # where the amount is printed on the line
    a = t.rfind(old, 0, at + len(old) + 1)
    if a < 0 or a > at:
        return old
    end = n.unit_end
    while end < sent[1] and t[end] not in "，,；;。":
        end += 1
    if end - a > MAX_QUOTE:
        a = end - MAX_QUOTE
        if a > at:
            return old
    return t[a:end].strip(" ，,：:")


# a two-sided table of totals (收支预算总表, 财政拨款收入支出决算总表): income on the left, expenditure on the right
NUMBERING = re.compile(r"^" + NUMBER_MARK + r"\s*")


def _side_starts(cells: list[str]) -> tuple[int, int] | None:
    """Where the income and the expenditure halves of a two-sided header begin (收 入 预算数 支 出 预算数;
    收入 金额 支出 金额; 收入项目 决算数 支出项目 决算数): the columns whose text (with the next cell's, when the
    export split the word) opens with 收入 and then 支出; None for any other row."""
    compact = [re.sub(r"\s", "", c) for c in cells]
    if any(cell_number(c) for c in compact):
        return None
    def opens(k: int, word: str) -> bool:
        return compact[k][:1] == word[0] and (compact[k] + (compact[k + 1] if k + 1 < len(compact) else "")).startswith(word)
    income = next((k for k in range(len(compact)) if opens(k, "收入")), None)
    if income is None:
        return None
    spend = next((k for k in range(income + 1, len(compact)) if opens(k, "支出")), None)
    return (income, spend) if spend is not None else None


def _side_stage(rep: ReportText, header: list[str]) -> str:
    """The stage of a half's value column: its header's stage term (决算数 -> executed), the report's
    default stage for 金额 or a general 预算数 in a budget."""
    for c in header:
        m = rep.voc.last("stage", header_cell(c))
        if m and not (m.term in GENERIC_STAGE_TERMS and rep.default_stage != "executed"):
            return m.code
    return rep.default_stage


def functional(voc: Vocabulary, name: str) -> str | None:
    """The functional class (func_<code>) whose label is name (其他支出 is func_229 where it is a class)."""
    return next((c for c, label in voc.labels["item"].items() if c.startswith("func_") and re.sub(r"（[类款项]）$", "", label) == name), None)


def table_line(voc: Vocabulary, label: str, side: str, caption_fund: str) -> tuple[str, str] | None:
    """(fund, item) of a row label in one half of a two-sided table. A fund named in the label is the
    row's, and the rest of the label is the item (年初财政拨款结转和结余: fiscal, 年初结转和结余; 一般公共预算拨款收入
    or 公共财政预算拨款 on the income side: gpb, income_total); else the caption's fund. An expenditure line
    whose name is a functional class is that class (其他支出 -> func_229). None when the label names no item
    (总计, 结转下年: left to unplaced.csv)."""
    name = NUMBERING.sub("", PARTS_OF.sub("", re.sub(r"\s", "", label), count=1) if label.lstrip().startswith("其中") else re.sub(r"\s", "", label))
    fund_m = voc.last("fund", name)
    bare = name[:fund_m.start] + name[fund_m.end:] if fund_m else name
    fund = fund_m.code if fund_m else (caption_fund or "all")
    item_m = voc.last("item", bare)
    item = None
    if item_m and item_m.start <= 2 and item_m.end >= len(bare) - 2:
        item = item_m.code.split("|")[0 if side == "income" else -1]
    if side == "expenditure" and (func := functional(voc, bare)):
        item = func
    if item is None and (fund_m and len(bare) <= 2 or bare == "总计"):
        # (总计 alone: the half's total, with the carry-overs where the report states any: _grand_totals)
        item = "income_total" if side == "income" else "expenditure_total"
    return (fund, item) if item else None


def two_sided_tables(rep: ReportText) -> None:
    """Tables of totals printed in two halves (收入 | 预算数 | 支出 | 预算数): each row's income line and
    expenditure line, of the caption's fund (财政拨款收入支出决算总表: fiscal) or the fund the label names,
    at the stage of the half's value column; amounts as printed (separators dropped), in 元 when the
    caption or the rows above the header say 单位：元. A row is read as (label, figure) pairs in reading order;
    a row of one pair is placed in its half by its label's column (the headers, centred over their
    half, need not stand above the labels)."""
    last: tuple[list[Row], str, int] | None = None  # the header, caption and last line of the two-sided table above
    for k, block in enumerate(rep.blocks):
        if block.kind != "table":
            if last and (cell_number(block.text) or not NUMBERING.match(block.text.strip()) or block.line - last[2] > 6):
                last = None
            continue
        above = _caption_above(rep, block, k)
        header: list[Row] = []
        body: list[Row] = []
        first_cells = [header_cell(c) for c in block.rows[0].cells] if block.rows else []
        own_head = not any(cell_number(c) for c in first_cells) and any(c in LABEL_HEADERS or "科目" in c for c in first_cells)
        if last and block.rows[0].line - last[2] <= 6 and _side_starts(block.rows[0].cells) is None and not own_head and not (
                TABLE_NUMBER.search(above) or "表" in above.replace("总表", "")):
            # (…, not a table of its own: 表二 一般公共预算支出表 / 科目编码 科目名称 … after it is another table)
            # the table goes on after rows of a label alone (五、事业收入 with no figure, printed as prose lines)
            header, above = last[0], last[1]
        lead: list[Row] = []  # rows of the run above the header with cells of their own (行 | 行 | 一般公共预算 | 政府性基金预)
        for row in block.rows:
            if not header:
                if _side_starts(row.cells) is None and not ((SIDES_ABOVE.search(above) or BOTH_SIDES.search(above)) and _label_headers(row.cells)):
                    above += " " + " ".join(row.filled)
                    lead = [*lead[-3:], row] if len(row.filled) >= 2 and not any(cell_number(c) or re.search(r"[：:]", c) for c in row.cells) else []
                else:
                    header.append(row)
            elif not body and not any(cell_number(c) for c in row.cells):
                header.append(row)  # 项 目 | 预算数 | 项 目 | 预算数 under 收 入 | 支 出
            elif body and TABLE_NUMBER.match(" ".join(row.filled)):
                break  # 表二  一般公共预算支出表: the next table's caption inside the run of aligned lines ends this one
            else:
                body.append(row)
        if header and body:
            # the two halves are read here: a reading of the rows as a department table's (预算数 | 预算数 taken for two
            # stage columns) is not theirs
            lines = {row.line for row in body}
            rep.drafts = [d for d in rep.drafts if not (d.table == "budgets" and d.pos[0] in lines and d.values.get("stage") == "budget_unspecified"
                                                        and str(d.values.get("note", "")).startswith("table row"))]
            _two_sided(rep, header, body, above, lead)
        last = (header, above, block.rows[-1].line) if header and body else None


SIDES_ABOVE = re.compile(r"收\s*入\s{2,}支\s*出\s*$")  # 收入 … 支出 printed on a line of its own above 项目 金额 项目 金额
# a caption naming a table of both halves (收入支出决算总表, 部门收支预算总表, 财政拨款收支总表): 项目 金额 项目 金额 is its header
BOTH_SIDES = re.compile(r"(?:收入支出|收支)(?:预算|决算)?总表")


def _label_headers(cells: list[str]) -> bool:
    """Whether a row is the two halves' column headers (项目 | 金额 | 项目 | 金额): two label headers, no figure."""
    return not any(cell_number(c) for c in cells) and sum(header_cell(c) in LABEL_HEADERS for c in cells) >= 2


SIDE_LINE = re.compile(r"^\s*(收\s*入|支\s*出)\s*$")  # the line naming the part of a table below it (收入 … 总计, then 支出 …)


def _stage_columns(rep: ReportText, cells: list[str]) -> list[str]:
    """The stages of a header's value columns, right to left (项 目 | 行次 | 年初预算数 | 调整预算数 | 决算数 ->
    executed, adjusted_budget, initial_budget): the cells at its right end each wholly a stage's own term (not a general
    word: 预算数, 支出); [] for any other row."""
    if any(cell_number(c) for c in cells) or any("科目" in c for c in cells):
        return []
    out: list[str] = []
    for c in reversed([c for c in cells if c.strip()]):
        h = header_cell(c)
        ym = YEAR_HEAD.match(h)
        if not out and re.fullmatch(r"增减(?:额|数)?", h):
            out.append("yoy_change")  # 2025年预算 | 2026年预算 | 增减额 (the last column): the change of the years before it
            continue
        if (this_or_last := THIS_OR_LAST_YEAR.match(h)) is not None and (stage := _stage_of_the_year(rep, h[this_or_last.end():], this_or_last.group(1))):
            out.append(stage)  # 上年预算 | 本年预算 | 增减 in a budget: prior_year_budget, initial_budget, yoy_change
            continue
        m = rep.voc.last("stage", h[ym.end():] if ym else h)
        if ym and m and m.start == 0 and (stage := _row_stage(rep, h)):
            out.append(stage)  # 2025年预算数 | 2026年预算数 in a 2026 budget: prior_year_budget, initial_budget
            continue
        if not m or m.start != 0 or h[m.end:] not in ("", "数", "额") or m.term in GENERIC_STAGE_TERMS:
            break  # (基本 / 支出 under 合计: a word of the classes, no stage)
        out.append(m.code)
    return out


YEAR_HEAD = re.compile(r"(?:19|20)\d{2}年度?")
THIS_OR_LAST_YEAR = re.compile(r"(本|上)年度?")


def _stage_of_the_year(rep: ReportText, rest: str, which: str) -> str | None:
    """The stage of a column headed 本年预算 / 上年决算数 …: the stage its word names (a general 预算 the report's own stage),
    the year before's stage of it for 上年."""
    m = rep.voc.last("stage", rest)
    if m is None or m.start != 0 or rest[m.end:] not in ("", "数", "额"):
        return None
    code = rep.default_stage if m.term in GENERIC_STAGE_TERMS else m.code
    return rep.voc.prior_stages.get(code, code) if which == "上" else code

# a column of shares in per cent (占本年收入比重（%）, 占比, 比重, 构成（%）): each row's share of the table's total
SHARE_HEAD = re.compile(r"^(?:占[^%％]{0,12}?)?(?:比重|占比|构成|结构)(?:[（(]?[%％][）)]?)?$")


def _share_header(rep: ReportText, cells: list[str], caption: str) -> tuple[str, str] | None:
    """(stage, share_of) of a header of one stage column and a share column after it (项目 | 决算数 | 占本年收入比重（%）):
    the stage its term names, the share of the income or the spending (the header's word, else the caption's: 收入决算表
    | 占比（%）); None for any other row."""
    filled = [header_cell(c) for c in cells if c.strip()]
    if len(filled) != 3 or any(cell_number(c) for c in filled) or filled[0] not in LABEL_HEADERS or not SHARE_HEAD.match(filled[2]):
        return None
    m = rep.voc.last("stage", filled[1])
    if not m or m.start != 0 or filled[1][m.end:] not in ("", "数", "额"):
        if filled[1] not in ("金额", "合计"):
            return None
    stage = m.code if m and not (m.term in GENERIC_STAGE_TERMS and rep.default_stage != "executed") else rep.default_stage
    words = filled[2] if "收入" in filled[2] or "支出" in filled[2] else re.sub(r"\s", "", caption)
    side = "income_total" if "收入" in words and "支出" not in words else "expenditure_total" if "支出" in words and "收入" not in words else ""
    return (stage, side) if side else None


def share_column_tables(rep: ReportText) -> None:
    """A table of one stage column and the shares beside it (收入决算表: 项目 | 决算数 | 占本年收入比重（%）; rows 本年收入合计,
    一、财政拨款收入, 其中：一般公共预算财政拨款 …): each row's line (its fund and item as the label names them, table_line) at
    that stage, with its share of the total the header names (share_of) where the row prints one. Rows another reader
    drafted are left to it."""
    for k, block in enumerate(rep.blocks):
        if block.kind != "table":
            continue
        head: tuple[str, str] | None = None
        above = _caption_above(rep, block, k)
        for row in block.rows:
            found = _share_header(rep, row.cells, above)
            if found:
                head = found
                fm = rep.voc.last("fund", above)
                caption_fund, unit = (fm.code if fm else ""), ("元" if IN_YUAN.search(above) else "万元")
                continue
            if head is None:
                above += " " + " ".join(row.filled)
                continue
            filled = row.filled
            label = next((c for c in filled if not cell_number(c)), "")
            figures = [cell_number(c) for c in filled if cell_number(c)]
            if not label or not figures or len(figures) > 2 or filled.index(label) != 0:
                continue
            if any(d.table == "budgets" and d.pos[0] == row.line for d in rep.drafts[-40:]):
                continue
            side = "income" if head[1] == "income_total" else "expenditure"
            coded = table_line(rep.voc, label, side, caption_fund)
            name = re.sub(r"\s", "", label)
            if coded is None and TOTAL_ROW.match(name.replace("收入", "").replace("支出", "")):
                coded = (caption_fund or "all", head[1])  # 本年收入合计: the table's total
            if coded is None:
                continue
            v = _empty()
            v.update(fund=coded[0], item=coded[1], stage=head[0], amount=figures[0], source_quote=row_quote(row), unit=unit,
                     note=f"table row {label} ({side} side)")
            if len(figures) == 2:
                v.update(share_pct=figures[1], share_of=head[1])
            rep.add("budgets", v, MEDIUM, (row.line, row.cells.index(label)))
            for i, c in enumerate(row.cells):
                if cell_number(c):
                    rep.claimed.add((row.line, -(i + 1)))



def stage_column_tables(rep: ReportText) -> None:
    """A table of totals with the stages across and income over expenditure (收入支出决算总表: 项 目 | 行次 | 年初预算数 |
    调整预算数 | 决算数; rows 一、一般公共预算财政拨款收入 … 本年收入合计 … 总计, then 支出 …), the export printing the
    header and each part as tables of their own, a line 收入 / 支出 between them: each row's line (its fund and item as
    the label names them, table_line) at each stage column, the cells read from the right (a blank cell is no figure;
    行次 is no figure). 总计 is the total of its part (income_total / expenditure_total; a grand total where the report
    states a carry-over, see _grand_totals)."""
    stages: list[str] = []
    side, caption_fund, unit = "income", "", "万元"
    for k, block in enumerate(rep.blocks):
        if block.kind == "line":
            sm = SIDE_LINE.match(block.text)
            if stages and sm:
                side = "income" if sm.group(1).startswith("收") else "expenditure"
            elif block.text.strip():
                stages = []
            continue
        for row in block.rows:
            found = _stage_columns(rep, row.cells)
            # (项 目 | 决算数 | 项 目 | 年初预算 | 调整预算 | 决算数: the header of a two-sided table, its halves read by _two_sided)
            if len(found) >= 2 and _side_starts(row.cells) is None and not _label_headers(row.cells):
                above = _caption_above(rep, block, k) + " " + " ".join(" ".join(r.filled) for r in block.rows if r.line < row.line)
                fm = rep.voc.last("fund", above)
                stages, side, caption_fund, unit = found, "income", fm.code if fm else "", "元" if IN_YUAN.search(above) else "万元"
                continue
            if not stages:
                continue
            filled = row.filled
            if len(filled) == 1 and SIDE_LINE.match(filled[0]):
                side = "income" if filled[0].strip().startswith("收") else "expenditure"
                continue
            label = next((c for c in row.cells if c.strip() and not cell_number(c)), "")
            if not label:
                continue
            if "支出" in label and side == "income" and re.sub(r"\s", "", label).endswith("支出"):
                side = "expenditure"  # (支出 printed with no line of its own: the first line of spending)
            name = re.sub(r"\s", "", label)
            coded = table_line(rep.voc, label, side, caption_fund)
            grand = TOTAL_ROW.match(name) is not None and name.endswith("总计") or name in ("收入总计", "支出总计")
            if grand:
                coded = (caption_fund or "all", "income_total" if side == "income" else "expenditure_total")
            elif coded is None and TOTAL_ROW.match(name):
                coded = _total_of_the_items(rep, block.rows, side, caption_fund)
            if coded is None or any(d.table == "budgets" and d.pos[0] == row.line for d in rep.drafts[-40:]):
                continue
            for i, stage in enumerate(stages):
                at = len(row.cells) - 1 - i
                amount = cell_number(row.cells[at]) if at > row.cells.index(label) else ""
                if not amount:
                    continue
                v = _empty()
                v.update(fund=coded[0], item=coded[1], stage=stage, amount=amount, source_quote=row_quote(row), unit=unit,
                         note=f"table row {label} ({side} side)", _grand=grand)
                rep.add("budgets", v, MEDIUM, (row.line, at))
                rep.claimed.add((row.line, -(at + 1)))


def _total_of_the_items(rep: ReportText, rows: list[Row], side: str, caption_fund: str) -> tuple[str, str] | None:
    """The 合计 of a table whose rows are parts of one item (因公出国（境）费, 公务用车购置及运行维护费, 其中：公务用车购置费 …,
    公务接待费): (fund, that item, three_public); None when the rows' items have no one parent."""
    items = set()
    for row in (r for r in rows if any(cell_number(c) for c in r.cells)):
        label = next((c for c in row.cells if c.strip() and not cell_number(c)), "")
        coded = table_line(rep.voc, label, side, caption_fund) if label else None
        if coded:
            items.add(coded[1])
    parents = {rep.voc.parents.get(i, "") for i in items if rep.voc.parents.get(i, "") not in items}
    parent = parents.pop() if len(parents) == 1 and len(items) >= 2 else ""
    return (caption_fund or "all", parent) if parent else None


LABEL_AND_FIGURE = re.compile(r"^([\u4e00-\u9fff、“”（）()]{2,40})\s+(\d[\d,]*(?:\.\d+)?)$")


def _pairs(cells: list[str]) -> list[tuple[int, str, str]]:
    """(column, label, figure) of a row in reading order: each label with the figure that follows it before the next
    label ('' when none does: 四、其他收入 with an empty cell)."""
    out: list[tuple[int, str, str]] = []
    for i, c in enumerate(cells):
        if not c:
            continue
        nxt = next((d for d in cells[i + 1:] if d), "")
        if (joined := LABEL_AND_FIGURE.match(c)) and not cell_number(c) and not cell_number(nxt):
            # 年末财政拨款结转和结余 0.00: a label and its figure one space apart (二、…财政拨款 2 | 0.00: a line number, its figure after)
            out.append((i, joined.group(1), joined.group(2)))
            continue
        if cell_number(c):
            if out and not out[-1][2]:
                out[-1] = (out[-1][0], out[-1][1], cell_number(c))
        else:
            out.append((i, c, ""))
    return out


def _two_sided(rep: ReportText, header: list[Row], body: list[Row], above: str, lead: list[Row] | None = None) -> None:
    # (the caption's fund: not a fund a column's header names on a line above the header: 一般公共预算 | 政府性基金预)
    fm = rep.voc.last("fund", _without_rows(above, lead or []))
    caption_fund = fm.code if fm else ""
    unit = "元" if IN_YUAN.search(above) else "万元"
    starts = _side_starts(header[0].cells)
    rows = [(row, _pairs(row.cells)) for row in body]
    # where the expenditure half begins: the column of the second label of rows with two, else the header's 支出
    seconds = [p[1][0] for _, p in rows if len(p) >= 2]
    split = min(seconds) if seconds else starts[1] if starts else 0
    stages = {side: _side_stage(rep, [c for h in header for i, c in enumerate(h.cells) if (i < split) == (side == "income")])
              for side in ("income", "expenditure")}
    # a half with a column per stage (支出: 年初预算 | 调整预算 | 决算数, the income half 决算数 alone): each its column's stage
    multi: dict[str, list[tuple[int, str]]] = {}
    for h in header:
        cols = [(i, m.code) for i, c in enumerate(h.cells) if (m := rep.voc.last("stage", header_cell(c))) is not None and m.start == 0
                and header_cell(c)[m.end:] in ("", "数", "额") and not (m.term in GENERIC_STAGE_TERMS and rep.default_stage != "executed")]
        for side in ("income", "expenditure"):
            mine = [(i, st) for i, st in cols if (i < split) == (side == "income")]
            if len(mine) >= 2:
                multi[side] = mine
    funds_across = _fund_columns(rep, [*(lead or []), *header], split, caption_fund)
    carried: dict[str, str] = {}  # per half, the carry-over item of the row above (its funds' rows below it are its parts)
    for row, pairs in rows:
        for col, label, figure in pairs:
            side = "income" if col < split else "expenditure"
            coded = table_line(rep.voc, label, side, caption_fund) if figure or side in multi else None
            if coded is None:
                carried.pop(side, None)
                continue
            fund, item = coded
            if item in ("income_total", "expenditure_total") and side in carried and fund != (caption_fund or "all") and _fund_alone(rep.voc, label):
                item = carried[side]  # 年初财政拨款结转和结余 6.20 / 一般公共预算财政拨款 6.20: that fund's part of the carry-over
            else:
                carried.pop(side, None)
            if item in ("carryover_opening", "carryover_closing"):
                carried[side] = item
            # (the half's columns each at its stage; else the figure after the label at the half's one stage)
            cells = [(at, stage, cell_number(row.cells[at])) for at, stage in multi[side] if col < at < len(row.cells)] if side in multi else [
                (next((i for i in range(col + 1, len(row.cells)) if cell_number(row.cells[i])), col), stages[side], figure)]
            own = {}
            if LABEL_AND_FIGURE.match(row.cells[col]):
                cells = [(col, stages[side], figure)]  # (the figure printed in the label's own cell: the row's one figure)
            elif side in funds_across and fund == (caption_fund or "all"):
                # 支出 | 合计 | 一般公共预算财政拨款 | 政府性基金预算财政拨款: a row naming no fund is each column's fund's
                own = {at: f for at, f in funds_across[side] if col < at < len(row.cells)}
                cells = [(at, stages[side], cell_number(row.cells[at])) for at in own]
            for at, stage, amount in cells:
                if not amount:
                    continue
                v = _empty()
                v.update(fund=own.get(at, fund), item=item, stage=stage, amount=amount, source_quote=row_quote(row), unit=unit,
                         note=f"table row {label} ({side} side)", _grand=re.sub(r"\s", "", label).endswith("总计"))
                rep.add("budgets", v, MEDIUM, (row.line, at if side in multi else col))
                rep.claimed.add((row.line, -(at + 1)))


def _without_rows(caption: str, rows: list[Row]) -> str:
    """A table's caption without the header lines that were gathered into it (their words name columns, not the table)."""
    for row in rows:
        caption = caption.replace(" ".join(row.filled), "")
    return caption


def _fund_columns(rep: ReportText, header: list[Row], split: int, caption_fund: str) -> dict[str, list[tuple[int, str]]]:
    """Per half of a two-sided table, its value columns by fund (支出 | 合计 | 一般公共预算 / 财政拨款 | 政府性基金预算 / 财政拨款,
    a header over two lines): column -> fund, 合计 the caption's fund; only a half with a fund's column beside its 合计."""
    out: dict[str, list[tuple[int, str]]] = {}
    raw = rep.printed_lines()
    base = max(header, key=lambda h: len(h.filled))  # (the header's line with most cells: its columns)
    spans = _display_cells(raw[base.line - 1]) if 0 < base.line <= len(raw) else []
    at = [i for i, c in enumerate(base.cells) if c]
    lines = [(h is base, _display_cells(raw[h.line - 1])) for h in header if 0 < h.line <= len(raw)]
    for i in range(len(base.cells)):
        if len(spans) == len(at) and i in at:
            # (the words over the column, line by line by where they are printed: 一般公共预算 / 财政拨款; 政府性基金预 / 算财政拨款)
            a, b, word = spans[at.index(i)]
            over = [word if own else _most_over(cells, a, b) for own, cells in lines]
        else:  # (a header whose words the reader split otherwise: the cells of its lines in the same place)
            over = [h.cells[i] if i < len(h.cells) else "" for h in header]
        # (without the name of the half a line above prints there: 支 出 / 合计)
        words = "".join(w for w in map(header_cell, over) if w not in ("收入", "支出"))
        f = rep.voc.last("fund", words)
        fund = (caption_fund or "all") if words == "合计" else f.code if f and f.start == 0 and words[f.end:] in FUND_WORDS else ""
        if fund:
            out.setdefault("income" if i < split else "expenditure", []).append((i, fund))
    return {side: cols for side, cols in out.items() if len(cols) >= 2 and len({f for _, f in cols}) >= 2}


def _most_over(cells: list[tuple[int, int, str]], a: int, b: int) -> str:
    """The cell of a header line printed most over the columns a..b ('' when none is over them)."""
    best = max(cells, key=lambda c: min(c[1], b) - max(c[0], a), default=None)
    return best[2] if best is not None and min(best[1], b) - max(best[0], a) > 0 else ""


PROJECT_AMOUNT_HEAD = re.compile(r"^(?:(?:年初|全年|调整后?)?预算(?:金额|数|额)?|金额|合计|(?:决算|执行)数?|实际支出(?:数)?)$")
PROJECT_STAGES = {"年初": "initial_budget", "全年": "adjusted_budget", "调整": "adjusted_budget", "决算": "executed", "执行": "executed",
                  "实际": "executed"}


def project_list_tables(rep: ReportText) -> None:
    """A table listing projects with their amounts (项目支出表: 序号 | 项目名称 | 项目类别 | 预算金额, a 合计 row): a `projects`
    row per project, its amount the first amount column's, at the column's stage (年初预算, 全年预算, 执行数; a bare 预算金额 the
    initial budget in a budget, else a budget of no stated stage); the table's figures stay in projects only
    (docs/transcription.md), and the prose that names a project is the same project."""
    named = {same_project(str(d.values.get("name_zh", ""))): d.values for d in rep.drafts if d.table == "projects"}
    count = sum(1 for v in named.values() if v.get("project_id") != DEPARTMENT)
    for block in rep.blocks:
        if block.kind != "table":
            continue
        name_col = amount_col = -1
        stage = ""
        fund_cols: dict[int, str] = {}
        more: dict[int, str] = {}
        rate_col = -1
        heads_of: list[str] = []
        for row in block.rows:
            heads = [header_cell(c) for c in row.cells]
            if name_col < 0:
                if "项目名称" in heads and not any(cell_number(c) for c in row.cells) and not any(
                        h in ("分值", "得分", "权重", "一级指标", "指标值") for h in heads):
                    name_col, heads_of = heads.index("项目名称"), heads
                    amount_col = next((i for i in range(name_col + 1, len(heads)) if PROJECT_AMOUNT_HEAD.match(heads[i])), -1)
                    word = heads[amount_col] if amount_col >= 0 else ""
                    stage = next((st for w, st in PROJECT_STAGES.items() if word.startswith(w)), "") or (
                        "initial_budget" if rep.default_stage == "initial_budget" else "budget_unspecified" if "预算" in word else rep.default_stage)
                    # 预算金额 | 其中：财政拨款: the part of each project's money of a fund, a budgets row of the project (as a
                    # project table's 其中 sub-rows are)
                    fund_cols = {i: f.code for i in range(amount_col + 1, len(heads)) if heads[i].startswith("其中")
                                 and (f := rep.voc.last("fund", heads[i])) and heads[i][f.end:] in FUND_WORDS} if amount_col >= 0 else {}
                    # 年初预算 | 调整预算 | 决算数 | 执行率: each further amount column at its own stage, the rate the execution's
                    more = {i: st for i in range(amount_col + 1, len(heads)) if i not in fund_cols and PROJECT_AMOUNT_HEAD.match(heads[i])
                            and (st := next((v for w, v in PROJECT_STAGES.items() if heads[i].startswith(w)), "")) and st != stage}
                    rate_col = next((i for i in range(amount_col + 1, len(heads)) if heads[i] in ("执行率", "预算执行率")), -1)
                    if amount_col < 0:
                        name_col = -1
                continue
            name = re.sub(r"\s", "", row.cells[name_col]) if name_col < len(row.cells) else ""
            amount = cell_number(row.cells[amount_col]) if amount_col < len(row.cells) else ""
            label = re.sub(r"\s", "", " ".join(row.cells[:name_col + 1]))
            unit = "元" if IN_YUAN.search(" ".join(row.cells)) else "万元"
            if amount and (TOTAL_ROW.match(label) or TOTAL_ROW.match(name)):
                # the 合计 row: the projects' money as a whole (the department's item project) and its parts of each fund
                for i, fund, at in [(amount_col, "all", stage), *((i, f, stage) for i, f in fund_cols.items()), *((i, "all", st) for i, st in more.items())]:
                    rate = cell_number(row.cells[rate_col]) if at == "executed" and 0 <= rate_col < len(row.cells) else ""
                    _cell_row(rep, row, i, fund=fund, item="project", stage=at, rate_pct=rate, unit=unit, note="the total row of the table of projects")
                continue
            if not name or not amount or cell_number(name):
                continue
            same = named.get(same_project(name))
            if same is not None:  # (the project a table of its targets named before: one project, its amount from this table)
                if not any(same.get(c) for c in ("initial_budget", "adjusted_budget", "budget_unspecified", "executed")):
                    same.update({stage: amount, "source_quote": row_quote(row)})
                pid = same["project_id"]
                rep.claimed.add((row.line, -(amount_col + 1)))
                _fund_parts_of_a_listed_project(rep, row, fund_cols, heads_of, pid, name, stage, unit)
                continue
            count += 1
            pid = f"p{count}"
            v = project_row(pid, name, row_quote(row), "a row of the table of projects", unit=unit)
            v[stage] = amount
            for i, st in more.items():
                v[st] = cell_number(row.cells[i]) if i < len(row.cells) else ""
            if 0 <= rate_col < len(row.cells) and v["executed"]:
                v["execution_rate_pct"] = cell_number(row.cells[rate_col])
            named[same_project(name)] = rep.add("projects", v, MEDIUM, (row.line, amount_col)).values
            rep.claimed.add((row.line, -(amount_col + 1)))
            _fund_parts_of_a_listed_project(rep, row, fund_cols, heads_of, pid, name, stage, unit)


def _cell_row(rep: ReportText, row: Row, col: int, **values: Any) -> None:
    """A budgets row of a table's cell (its figure the cell's, when there is one), quoted with the row; the cell claimed."""
    amount = cell_number(row.cells[col]) if 0 <= col < len(row.cells) else ""
    if amount:
        v = _empty()
        v.update(amount=amount, source_quote=row_quote(row), **values)
        rep.add("budgets", v, MEDIUM, (row.line, col))
        rep.claimed.add((row.line, -(col + 1)))


def _fund_parts_of_a_listed_project(rep: ReportText, row: Row, fund_cols: dict[int, str], heads: list[str], pid: str, name: str,
                                    stage: str, unit: str) -> None:
    """A listed project's money of a fund (其中：财政拨款 column): a budgets row of the project, as a project table's 其中 sub-rows."""
    for i, fund in fund_cols.items():
        _cell_row(rep, row, i, project_id=pid, fund=fund, item="project", stage=stage, unit=unit,
                  note=f"the table of projects, its column {heads[i]}", _project_name=name, _part=True)


def _fund_alone(voc: Vocabulary, label: str) -> bool:
    """Whether a row's label is a fund's name alone (一般公共预算财政拨款; no item named beside it)."""
    name = NUMBERING.sub("", re.sub(r"\s", "", label))
    f = voc.last("fund", name)
    return f is not None and f.start == 0 and name[f.end:] in FUND_WORDS


LABEL_HEADERS = ("项目", "项目名称", "名称", "科目", "科目名称", "年度", "类别")  # the header of a label column
TOTAL_ROW = re.compile(r"^(?:本年)?(?:支出)?(?:合计|总计)$")


def _column_item(voc: Vocabulary, header: str) -> str:
    """What a value column of a table by classification code holds: `total` (合计, 金额, a stage: 预算数, 决算数) or the
    item its header names (基本支出, 项目支出, 人员经费, 公用经费); '' for anything else."""
    h = header_cell(header)
    if not h or h in LABEL_HEADERS:
        return ""
    item = voc.last("item", h)
    if item and item.start == 0 and item.end == len(h) and item.code not in TOTALS:
        return item.code.split("|")[0]
    sub = voc.last("item", h[:-2]) if h.endswith(("小计", "合计")) and len(h) > 2 else None
    if sub and sub.start == 0 and sub.end == len(h) - 2 and sub.code not in TOTALS:
        return sub.code.split("|")[0]  # 公务用车购置及运行维护费小计: the item the subtotal is of
    m = voc.last("stage", h)
    return "total" if TOTAL_ROW.match(h) or h in ("金额", "小计") or m and h[m.end:] in ("", "数", "额") else ""


def _items_by_line(rep: ReportText) -> dict[int, set[str]]:
    """The items of the budget rows other readers drafted, by the line they were read on (a table reader leaves a line
    another took, however many rows were drafted since)."""
    out: dict[int, set[str]] = {}
    for d in rep.drafts:
        if d.table == "budgets":
            out.setdefault(d.pos[0], set()).add(d.values["item"])
    return out


def coded_tables(rep: ReportText) -> None:
    """Tables by classification code (科目编码 科目名称 合计 基本支出 项目支出; 一般公共预算支出表, 基本支出表): a row of a
    functional code (201, 20103, 2010301) or an economic class (301 …; of basic expenditure in a table of 基本支出) is that
    item's amount in the first value column (合计); the 合计 row is the table's total in that column (expenditure_total,
    or 基本支出 in a table of basic expenditure) and, in a column that names an item (基本支出, 人员经费 …), that item's.
    The fund is the caption's (一般公共预算支出表: gpb), the stage the report's default or the column's stage term. Rows
    the department-table reader took are left to it; a code the codelist lacks is left to unplaced.csv."""
    cols: dict[int, str] = {}
    label_col, ctx = 0, ("all", rep.default_stage, "万元", "")  # (set by each table's header line before its rows are read)
    carried = -1  # the line of a header printed as a table of its own (科目编码 科目名称 合计 …, then a line 类 款 项): its body follows
    raw_lines = rep.printed_lines()
    path: list[tuple[int, str]] = []  # (indent, code) of the 类 and 款 above a row: a 款 or 项 printed by its last two digits
    before = _items_by_line(rep)
    for k, block in enumerate(rep.blocks):
        if block.kind != "table":
            if block.text.strip() and (len(re.sub(r"\s", "", block.text)) > 6 or block.line - carried > 3):
                carried = -1
            continue
        if carried < 0 or block.line - carried > 4:
            cols, above, path = {}, _caption_above(rep, block, k), []
            heads: dict[int, str] = {}
            income_of: dict[int, str] = {}
            pending: list[Row] = []  # header lines above the 科目 line (本年支出 | 基本支出 … / 合计 … over 功能分类科目编码 科目名称)
            by_pos: dict[Any, list[list[tuple[int, int, str]]]] = {}  # the header lines naming the value columns, by where printed
            stage_of: dict[int, str] = {}
            pct_of: dict[int, int] = {}
        carried = -1
        for row in block.rows:
            cells = row.cells
            if TABLE_NUMBER.match(" ".join(row.filled)):
                # 表三  一般公共预算基本支出表 inside the run of aligned lines: the next table's caption, its header below
                cols, heads, above, path, stage_of, pct_of, income_of = {}, {}, " ".join(row.filled), [], {}, {}, {}
                pending, by_pos = [], {}
                continue
            if by_pos:
                _positioned_row(rep, raw_lines, by_pos, row, ctx)
                continue
            if income_of:
                _income_row(rep, row, label_col, income_of, ctx)
                continue
            if not cols and not heads:
                if any("科目" in header_cell(c) for c in cells) and not any(cell_number(c) for c in cells):
                    names = [i for i, c in enumerate(cells) if "名称" in header_cell(c)]  # (科  目  名  称 spaced out)
                    label_col = names[0] if names else max(i for i, c in enumerate(cells) if "科目" in c)
                    # 科目编码 科目名称 决算数 科目编码 科目名称 决算数 (人员经费 | 公用经费): two halves side by side, the second
                    # `shift` cells to the right of the first
                    opens = [i for i, c in enumerate(cells) if "科目" in header_cell(c)]
                    again = [i for i in opens if i > label_col and header_cell(cells[i]) == header_cell(cells[opens[0]])]
                    shift = again[0] - opens[0] if again else 0
                    cols = {i: what for i in range(label_col + 1, label_col + shift if shift else len(cells)) if (what := _column_item(rep.voc, cells[i]))}
                    stages = [m.code for i in cols if (m := rep.voc.last("stage", header_cell(cells[i]))) and m.term not in GENERIC_STAGE_TERMS]
                    fm = rep.voc.last("fund", above)
                    ctx = (fm.code if fm else "all", stages[0] if stages else rep.default_stage, "元" if IN_YUAN.search(above) else "万元",
                           "basic" if of_basic(above) else "")
                    income_of = _income_columns(rep.voc, cells, label_col, ctx[0])
                    cols = {} if income_of else cols  # (合计 | 一般公共预算拨款 | 事业收入 …: the total of income by source, not of spending)
                    heads = {} if cols or income_of else {i: header_cell(cells[i]) for i in range(label_col + 1, len(cells))}
                    if not cols and not income_of and pending and not any(header_cell(c) for c in cells[label_col + 1:]):
                        # the Ministry of Finance's templates: the value columns named on the lines above the 科目 line, over two
                        # or three lines, a 栏次 line below; the rows' figures are placed under them by where they are printed
                        by_pos, heads = _header_spans(raw_lines, [*pending, row]), {}
                        caption = _without_rows(above, pending)  # (the caption's fund, not a column's: 其他收入)
                        cm = rep.voc.last("fund", caption)
                        ctx = (cm.code if cm else "all", ctx[1], ctx[2], "basic" if of_basic(caption) else "")
                else:
                    above += " " + " ".join(row.filled)
                    # (the last few such lines: a header is two or three lines over its 科目 line)
                    pending = [*pending[-3:], row] if not any(cell_number(c) or re.search(r"[：:]", c) for c in cells) else []
                continue
            sub = {i: what for i in range(label_col + 1, len(cells)) if (what := _column_item(rep.voc, cells[i]))}
            if not any(cell_number(c) for c in cells) and any(what != "total" for what in sub.values()):
                cols = {**cols, **sub}  # 本年支出 over a line 合计 | 基本支出 | 项目支出: the columns the lower line names
                continue
            if heads and not any(cell_number(c) for c in cells):
                heads = {i: h + (header_cell(cells[i]) if i < len(cells) else "") for i, h in heads.items()}  # 2025年 over 预算数
                continue
            if heads:
                staged = _stage_across(rep, heads)
                heads = {}
                if staged:
                    cols, stage_of, pct_of = {i: "total" for i in staged[0]}, staged[0], staged[1]
            raw = raw_lines[row.line - 1] if 0 < row.line <= len(raw_lines) else ""
            if shift and not stage_of:
                _halves_of_a_coded_row(rep, row, len(cols), {i: w for i, w in cols.items()}, ctx)
                continue
            code = _code_in_its_place(cells[:label_col], len(raw) - len(raw.lstrip()), path)
            taken = before.get(row.line, set()) | {d.values["item"] for d in rep.drafts[-40:] if d.table == "budgets" and d.pos[0] == row.line}
            if taken and not TOTAL_ROW.match(re.sub(r"\s", "", cells[label_col]) if label_col < len(cells) else ""):
                continue
            if stage_of:
                # a table by code with the years across (2025年预算数 | 2026年预算数 | 增减额 | 增减%): each row's item at each stage
                if not taken:
                    _staged_row(rep, row, label_col, ctx, stage_of, pct_of, code)
                continue
            # (the 合计 row the department-table reader took for the table's total: its item columns are still this reader's)
            _coded_row(rep, row, label_col, {i: w for i, w in cols.items() if not taken or w not in ("total", *taken)}, ctx, code)
        if cols and all(not any(cell_number(c) for c in row.cells) for row in block.rows):
            carried = block.rows[-1].line


def _header_spans(raw_lines: list[str], header: list[Row]) -> dict[Any, list[list[tuple[int, int, str]]]]:
    """A header's lines as cells, in both measures (display columns, characters), made once per table."""
    return {f: [f(raw_lines[h.line - 1]) for h in header if 0 < h.line <= len(raw_lines)] for f in (_display_cells, fixed_cells)}


def _names_by_position(raw_lines: list[str], header: dict[Any, list[list[tuple[int, int, str]]]], row: Row) -> dict[int, str]:
    """Each figure cell of a row (by its index in row.cells) with the header words printed over it, line by line (header:
    _header_spans)."""
    raw = raw_lines[row.line - 1] if 0 < row.line <= len(raw_lines) else ""
    # (the figures right of the row's label: a class's code, 201, is no figure)
    label = next((i for i, c in enumerate(row.cells) if c.strip() and not cell_number(c)), -1)
    at = [i for i, c in enumerate(row.cells) if i > label and cell_number(c)]
    best: tuple[int, dict[int, str]] = (-1, {})
    # (positions in characters or in display columns, whichever places the figures under the header's words better: an
    # export aligns by one or the other)
    for columns_of in (_display_cells, fixed_cells):
        cells = columns_of(raw)
        first = next((k for k, c in enumerate(cells) if not cell_number(c[2])), -1)
        spans = [c for k, c in enumerate(cells) if k > first and cell_number(c[2])]
        if len(spans) != len(at):
            continue
        heads = header[columns_of]
        fit = sum(max((min(e, b) - max(s, a) for s, e, _ in heads[0]), default=0) for a, b, _ in spans) if heads else 0
        if fit > best[0]:
            best = (fit, {i: "".join(header_cell(_most_over(h, a, b)) for h in heads) for i, (a, b, _) in zip(at, spans, strict=True)})
    return best[1]


def _display_cells(line: str) -> list[tuple[int, int, str]]:
    """A printed line's cells (text.fixed_cells: a word spaced out letter by letter one cell) in display columns."""
    return display_spans(line, fixed_cells(line))


def _positioned_row(rep: ReportText, raw_lines: list[str], header: dict[Any, list[list[tuple[int, int, str]]]], row: Row,
                    ctx: tuple[str, str, str, str]) -> None:
    """A row of a table by code whose value columns are named only by where their words are printed (_names_by_position):
    of income by source (本年收入合计 | 财政拨款收入 | 上级补助收入 …: the 合计 row each column's fund's income total) or of
    spending (本年支出合计 | 基本支出 | 项目支出 | 上缴上级支出 …: a class's row its total, the 合计 row each item's); a 栏次 line
    (the columns' numbers) is no row."""
    fund, stage, unit, within = ctx
    labels = [re.sub(r"\s", "", c) for c in row.cells if c.strip() and not cell_number(c)]
    names = _names_by_position(raw_lines, header, row)
    if not names or labels[:1] == ["栏次"]:
        return
    first = min(names)
    head = names[first].replace("项目", "")
    # (a bare 合计 first is of income only when another column is a source's income: _income_columns' guard)
    income = INCOME_TOTAL_HEAD.match(head) is not None and (head != "合计" or any(w.endswith("收入") for w in names.values()))
    total = bool(labels) and bool(TOTAL_ROW.match(labels[0]) or INCOME_TOTAL_HEAD.match(labels[0]))
    lead = [re.sub(r"\s", "", c) for c in row.cells[:min(names)] if c.strip()]
    code = next((c for c in lead if re.fullmatch(r"\d{3}(?:\d{2}){0,2}", c)), "")  # (201 一般公共服务支出: the class's code before its name)
    wanted: list[tuple[int, str, str]] = []  # (cell, fund, item)
    if income:
        if total:
            wanted = [(first, fund, "income_total")] + [(i, f, "income_total") for i, w in names.items() if i != first and (f := _column_fund(rep.voc, w))]
    elif total:
        for i, w in names.items():
            what = _column_item(rep.voc, w.replace("项目", "", 1) if i == first else w)
            if what:
                wanted.append((i, fund, (within or "expenditure_total") if what == "total" else what))
    elif code and f"func_{code}" in rep.voc.codes["item"] and _column_item(rep.voc, names[first].replace("项目", "", 1)) == "total":
        wanted = [(first, fund, f"func_{code}")]
    for i, f, item in wanted:
        _cell_row(rep, row, i, fund=f, item=item, stage=stage, unit=unit, note=f"table row {code or (labels[0] if labels else '')}, column {names[i]}")


INCOME_TOTAL_HEAD = re.compile(r"^(?:本年)?收入(?:合计|总计)$|^合计$")


def _income_columns(voc: Vocabulary, cells: list[str], label_col: int, caption_fund: str) -> dict[int, str]:
    """The columns of a table of income by source with classification codes down (科目编码 科目名称 本年收入合计 财政拨款收入
    事业收入 其他收入; 收入决算表, 收入总表): column -> fund, the first (the total) the caption's fund or all; {} unless every
    value column is that total or a fund's income."""
    heads = [(i, header_cell(cells[i])) for i in range(label_col + 1, len(cells)) if header_cell(cells[i])]
    if len(heads) < 2 or not INCOME_TOTAL_HEAD.match(heads[0][1]) or heads[0][1] == "合计" and not any(h.endswith("收入") for _, h in heads):
        return {}
    funds = {i: _column_fund(voc, h) for i, h in heads[1:]}
    if not all(funds.values()):
        return {}
    return {heads[0][0]: caption_fund, **funds}


def _income_row(rep: ReportText, row: Row, label_col: int, funds: dict[int, str], ctx: tuple[str, str, str, str]) -> None:
    """A row of a table of income by source (see _income_columns): the 合计 row is each column's fund's income total; a row
    of a functional class is income by function, which no item holds (left to unplaced.csv)."""
    cells = row.cells
    label = re.sub(r"\s", "", " ".join(cells[:label_col + 1]))
    if not (TOTAL_ROW.match(label) or INCOME_TOTAL_HEAD.match(label)):
        return
    for i, fund in funds.items():
        _cell_row(rep, row, i, fund=fund, item="income_total", stage=ctx[1], unit=ctx[2], note=f"table row {label}, column of {fund} income")


CHANGE_PCT_HEAD = re.compile(r"^(?:增减|增长|变动)(?:%|率|幅度?|百分比)")  # 增减%, 增长率: the change in per cent of the column beside


def _stage_across(rep: ReportText, heads: dict[int, str]) -> tuple[dict[int, str], dict[int, int]] | None:
    """The stage of each value column of a header with the years across (2025年预算数 | 2026年预算数 | 增减额 | 增减%;
    the year and its stage printed over two lines, joined in `heads`): column -> stage (a year's stage as for a row
    label, _row_stage; 增减额 yoy_change), and the per-cent column of the change (增减%) -> the change's column. None
    unless two columns name a year."""
    stage_of: dict[int, str] = {}
    pct_of: dict[int, int] = {}
    years = 0
    for i, h in heads.items():
        if CHANGE_PCT_HEAD.match(h):
            change = [j for j, st in stage_of.items() if st == "yoy_change"]
            if change:
                pct_of[i] = change[-1]
            continue
        stage = _row_stage(rep, h) if re.match(r"(?:19|20)\d{2}年|增减|增加|减少", h) else None
        if stage:
            stage_of[i] = stage
            years += h[:2] in ("19", "20")
    return (stage_of, pct_of) if years >= 2 else None


def _staged_row(rep: ReportText, row: Row, label_col: int, ctx: tuple[str, str, str, str], stage_of: dict[int, str],
                pct_of: dict[int, int], code: str) -> None:
    fund, _, unit, within = ctx
    cells = row.cells
    label = re.sub(r"\s", "", cells[label_col]) if label_col < len(cells) else ""
    econ = f"{within}_econ_{code}" if within else f"econ_{code}"
    if code:
        item = f"func_{code}" if f"func_{code}" in rep.voc.codes["item"] else econ if econ in rep.voc.codes["item"] else ""
    else:
        item = (within or "expenditure_total") if TOTAL_ROW.match(label) else ""
    if not item:
        return
    pct = {j: cell_number(cells[i]) for i, j in pct_of.items() if i < len(cells) and cell_number(cells[i])}
    for i, stage in stage_of.items():
        amount = cell_number(cells[i]) if i < len(cells) else ""
        if not amount:
            continue
        v = _empty()
        v.update(fund=fund, item=item, stage=stage, amount=amount, change_pct=pct.get(i, ""), source_quote=row_quote(row), unit=unit,
                 note=f"table row {code or label}")
        rep.add("budgets", v, MEDIUM, (row.line, i))
        rep.claimed.add((row.line, -(i + 1)))
    for i in pct_of:
        rep.claimed.add((row.line, -(i + 1)))


def _code_in_its_place(cells: list[str], indent: int, path: list[tuple[int, str]]) -> str:
    """The classification code of a row from the cells before its label: a code printed whole (201, 20103, 2010301), or
    a 款 or 项 printed by its last two digits in the column under its 类 or 款 (201 / 03 / 01 indented a step each:
    20103, 2010301). `path` holds the (indent, code) of the rows above, and is updated; '' when the row has no code."""
    cell = next((re.sub(r"\s", "", c) for c in cells if re.fullmatch(r"\d{2,7}", re.sub(r"\s", "", c))), "")
    if not cell:
        return ""
    while path and path[-1][0] >= indent:
        path.pop()
    if len(cell) == 2:
        if not path or len(path[-1][1]) not in (3, 5):
            return ""
        cell = path[-1][1] + cell
    path.append((indent, cell))
    return cell if len(cell) in (3, 5, 7) else ""


def _coded_row(rep: ReportText, row: Row, label_col: int, cols: dict[int, str], ctx: tuple[str, str, str, str], code: str = "") -> None:
    fund, stage, unit, within = ctx
    cells = row.cells
    label = re.sub(r"\s", "", cells[label_col]) if label_col < len(cells) else ""
    first = min(cols, default=-1)
    split = _split_code(cells)
    if split and split[1] != label_col:
        # the code printed in its 类 | 款 | 项 cells (201 | 03 | 01 | 行政运行 | 1,868,313.00 …): the label where the code ends, the
        # figures the cells after it in the order of the header's columns
        code, at = split
        label = re.sub(r"\s", "", cells[at])
        figures = [i for i in range(at + 1, len(cells)) if cell_number(cells[i])]
        order = sorted(cols)
        if figures and (code or len(figures) == len(order)):
            first = figures[0]
            cols = {i: cols[c] for i, c in zip(figures, order, strict=False)}
    wanted: list[tuple[int, str]] = []
    if code:
        econ = f"{within}_econ_{code}" if within else f"econ_{code}"
        item = f"func_{code}" if f"func_{code}" in rep.voc.codes["item"] else econ if econ in rep.voc.codes["item"] else ""
        wanted = [(first, item)] if item else []
        if item == f"econ_{code}":
            # an economic class's cell under 基本支出 (合计 | 基本支出 | 项目支出): the class within the basic expenditure
            wanted += [(i, f"basic_econ_{code}") for i, what in cols.items() if what == "basic" and i != first and f"basic_econ_{code}" in rep.voc.codes["item"]]
    elif TOTAL_ROW.match(label):
        total = within or "expenditure_total"
        wanted = [(i, total if what == "total" else what) for i, what in cols.items()]
    for i, item in wanted:
        amount = cell_number(cells[i]) if 0 <= i < len(cells) else ""
        if not amount:
            continue
        v = _empty()
        v.update(fund=fund, item=item, stage=stage, amount=amount, source_quote=row_quote(row), unit=unit, note=f"table row {code or label}")
        rep.add("budgets", v, MEDIUM, (row.line, i))
        rep.claimed.add((row.line, -(i + 1)))


def _halves_of_a_coded_row(rep: ReportText, row: Row, n_cols: int, cols: dict[int, str], ctx: tuple[str, str, str, str]) -> None:
    """A row of a table by code in two halves side by side (301 工资福利支出 196.36 | 302 商品和服务支出 22.30): the first half
    ends with its `n_cols`-th figure, the second holds the rest (in its own cells, the first half's left blank); each half
    is read as a row of its own, a 人员经费合计 / 公用经费合计 label the total of the item it names."""
    cells = row.cells
    figures = [i for i, c in enumerate(cells) if c.strip() and re.fullmatch(r"[\d,]+\.\d+", c.strip())]
    cut = figures[n_cols - 1] + 1 if len(figures) >= n_cols else len(cells)
    printed = row.printed if row.printed is not None else cells
    for half in (Row(cells[:cut], row.line, printed[:cut]), Row([""] * cut + cells[cut:], row.line, [""] * cut + printed[cut:])):
        words = next((i for i, c in enumerate(half.cells) if re.search(r"[\u4e00-\u9fff]", c)), None)
        if words is None:
            continue
        values = [i for i in range(words + 1, len(half.cells)) if cell_number(half.cells[i])][:n_cols]
        half_cols = dict(zip(values, cols.values(), strict=False))
        if half_cols and not _total_of_a_half(rep, half, words, half_cols, ctx):
            split = _split_code(half.cells)
            _coded_row(rep, half, words, half_cols, ctx, split[0] if split else "")


def _total_of_a_half(rep: ReportText, half: Row, at: int, cols: dict[int, str], ctx: tuple[str, str, str, str]) -> bool:
    """人员经费合计 204.77 in the half of a table by code the line above names 人员经费: the total of the item its label names
    before 合计 (`personnel`, `public`), in the half's value column."""
    label = next((c for c in half.cells[:at + 1] if c.strip() and not cell_number(c)), "")
    m = re.fullmatch(r"(.{2,12}?)(?:合计|小计)", re.sub(r"\s", "", label))
    what = _column_item(rep.voc, m.group(1)) if m else ""
    first = min(cols, default=-1)
    if not what or what == "total" or not (0 <= first < len(half.cells)) or not (amount := cell_number(half.cells[first])):
        return False
    fund, stage, unit, _ = ctx
    v = _empty()
    v.update(fund=fund, item=what, stage=stage, amount=amount, source_quote=row_quote(half), unit=unit, note=f"table row {m.group(0) if m else ''}")
    rep.add("budgets", v, MEDIUM, (half.line, first))
    rep.claimed.add((half.line, -(first + 1)))
    return True


def _split_code(cells: list[str]) -> tuple[str, int] | None:
    """A coded row's classification code and the column of its label: the code joined from the digit cells before the
    first cell of words (201 | 03 | 01 -> 2010301; 301 -> 301; none before 合计 -> ''); None when no cell holds words."""
    parts: list[str] = []
    for i, c in enumerate(cells):
        c = re.sub(r"\s", "", c)
        if not c:
            continue
        if re.fullmatch(r"\d{2,7}", c) and (not parts or len(c) == 2):
            parts.append(c)
            continue
        if re.search(r"[\u4e00-\u9fff]", c):
            code = "".join(parts)
            return (code if re.fullmatch(r"\d{3}(?:\d{2}){0,2}", code) else "", i) if code or TOTAL_ROW.match(c) else None
        return None
    return None


def _row_stage(rep: ReportText, label: str) -> str | None:
    """The stage a row label of a table with items across names: 2024年预算 (the report's year), 2023年决算 (the year
    before: prior_year_executed), 预算数, 决算数, 增减 (yoy_change); None for a label that names an item or nothing known."""
    lab = re.sub(r"\s", "", label)
    if TOTAL_ROW.match(lab) or lab == "本级" or UNIT.fullmatch(NUMBERING.sub("", lab)):
        return rep.default_stage  # the unit's own row (某县信访局, 本级, 合计): the report's figures
    if rep.voc.last("item", lab):
        return None
    if re.search(r"增减|增加|减少|变动", lab):
        return "yoy_change"
    m = rep.voc.last("stage", lab)
    # (预算数 alone in a report that is no budget names no stage: budget_unspecified, 0.3.0; in a budget it is the budget)
    own = m is not None and (m.term not in GENERIC_STAGE_TERMS or m.code == "budget_unspecified" and rep.default_stage == "executed")
    named = m.code if m and own else rep.default_stage if m or not lab or re.search(r"\d{4}年", lab) else None
    if named is None:
        return None
    ym = re.match(r"((?:19|20)\d{2})年", lab)
    if ym and rep.year and int(ym.group(1)) == rep.year - 1 or re.match(r"上年", lab):
        return rep.voc.prior_stages.get(named)
    return named if not ym or not rep.year or int(ym.group(1)) == rep.year else None


def _columns_at(line: str) -> list[tuple[int, int, str]]:
    """The cells of a printed line with where each begins and ends in display columns (a CJK character is two wide)."""
    at, out = 0, []
    width = [char_width(ch) for ch in line]
    starts = [0]
    for w in width:
        at += w
        starts.append(at)
    for m in CELL.finditer(line):
        out.append((starts[m.start()], starts[m.end()], m.group(0)))
    return out


def _stacked(rep: ReportText, header: list[Row], first: Row, above: str) -> dict[int, tuple[str, str]]:
    """A header printed over two lines (合计 | 因公出国 | 公务用车购置及运行维护费 | 公务接待费 over （境）费 | 小计 | 购置费 |
    运行维护费): each figure column of the first body row named by the header words above it, line by line (a word over
    several columns names each; 小计 under it is that item, 购置费 the item under it whose label ends so)."""
    raw = rep.printed_lines()
    if any(r.line > len(raw) for r in (*header, first)):
        return {}
    body = [c for c in _columns_at(raw[first.line - 1]) if cell_number(c[2])]
    heads = [_columns_at(raw[r.line - 1]) for r in header]
    fm = rep.voc.last("fund", above)
    fund = fm.code if fm else "all"
    cols: dict[int, tuple[str, str]] = {}
    numbered = [i for i, c in enumerate(first.cells) if cell_number(c)]
    if len(numbered) != len(body):
        return {}
    for i, (a, b, _) in zip(numbered, body, strict=True):
        words = [next((w for s, e, w in h if s < b + 2 and e > a - 2), "") for h in heads]
        top, rest = words[0], "".join(words[1:])
        item = _column_item(rep.voc, top + rest) if top else ""
        top_item = _column_item(rep.voc, top) if top else ""
        if rest and top_item and top_item != "total":
            if re.fullmatch(r"小计|合计", rest):
                item = top_item
            else:
                kids = [c for c, par in rep.voc.parents.items() if par == top_item and rep.voc.labels["item"].get(c, "").endswith(rest)]
                item = kids[0] if len(kids) == 1 else item  # (因公出国 over （境）费: one name printed over two lines)
        if item:
            cols[i] = (fund, item)
    if "total" in {w for _, w in cols.values()}:
        named = {w for _, w in cols.values() if w != "total"}
        parents = {rep.voc.parents.get(w, "") for w in named} - named
        parent = parents.pop() if len(parents) == 1 else "expenditure_total"
        cols = {i: (f, parent if w == "total" else w) for i, (f, w) in cols.items()}
    return cols if len(cols) >= 2 else {}


def _column_fund(voc: Vocabulary, header: str) -> str:
    """The fund a column header names as a whole (一般公共预算拨款, 政府性基金预算拨款收入, 其他收入), '' otherwise."""
    h = header_cell(header)
    f = voc.last("fund", h)
    return f.code if f and f.start == 0 and h[f.end:] in FUND_WORDS else ""


def _across(voc: Vocabulary, cells: list[str], above: str) -> dict[int, tuple[str, str]]:
    """The columns of a header with items or funds across: column -> (fund, item); {} for any other row. An item
    column is the caption's fund's item; a fund column that fund's total (income_total in a table of 收入, else
    expenditure_total); 合计 the items' common parent (three_public), else the total."""
    if any(cell_number(c) for c in cells) or any("科目" in c for c in cells):
        return {}
    # (一般公共预算 is a fund's column, not a stage's: its 预算 names no total)
    items = {i: what for i, c in enumerate(cells) if (what := _column_item(voc, c)) and not (what == "total" and _column_fund(voc, c))}
    for i in [i for i, w in items.items() if w == "total" and header_cell(cells[i]) == "小计"]:
        # 合计 | 因公出国（境）费 | 小计 | 公务用车购置费 | 公务用车运行维护费 | 公务接待费: a 小计 is of the parts after it (their parent)
        after = [items[j] for j in sorted(items) if j > i][:2]
        kin = {voc.parents.get(w, "") for w in after}
        if len(after) == 2 and len(kin) == 1 and (parent := kin.pop()):
            items[i] = parent
    funds = {i: f for i, c in enumerate(cells) if i not in items and (f := _column_fund(voc, c))}
    named = [w for w in items.values() if w != "total"]
    carried = [i for i, w in items.items() if w == "carryover_opening"]
    if len(named) + len(funds) < 2 or named and funds and (len(carried) != len(named) or not funds):
        return {}  # (a carry-over column beside fund columns: a 收入总表 of 合计 | 上年结转 | 一般公共预算拨款 …)
    fm = voc.last("fund", above)
    fund = fm.code if fm else "all"
    income = "收入" in above and "支出" not in above or bool(funds) and all(header_cell(cells[i]).endswith("收入") for i in funds)
    total = "income_total" if income else "expenditure_total"
    # (an item's parts beside it, 公务用车购置及运行维护费小计 | 公务用车购置费 | …: the common parent is of the items that are no part)
    parents = {voc.parents.get(w, "") for w in named if voc.parents.get(w, "") not in named}
    parent = parents.pop() if len(parents) == 1 and not funds else total
    cols = {i: (fund, (GRAND.get(parent, parent) if carried and funds else parent) if w == "total" else w) for i, w in items.items()}
    cols.update({i: (f, total) for i, f in funds.items()})
    return {i: fi for i, fi in cols.items() if fi[1]}


CLASS_LABEL = re.compile(r"^\s*(\d{3}(?:\d{2}){0,2})\s*[\u4e00-\u9fff]")  # 201一般公共服务支出, 2010308 信访事务: a functional code, its name


def _class_row(rep: ReportText, row: Row, label: str, cols: dict[int, tuple[str, str]], unit: str) -> None:
    """A row of a table with items across (本年支出合计 | 基本支出 | 项目支出) labelled by a functional code and its name
    (201一般公共服务支出 393.00 265.34 127.66): the class's spending is the figure under the column of all spending, in the
    report's own stage (`func_<code>`, docs/transcription.md: a code the codelist lacks is kept as printed); its basic and project
    parts cross purpose with function, no item holds them (left to unplaced.csv). Income by function has no item either."""
    m = CLASS_LABEL.match(label)
    total = next((i for i, (_, item) in cols.items() if item == "expenditure_total"), None)
    if m is None or total is None or total >= len(row.cells) or not (amount := cell_number(row.cells[total])):
        return
    fund = cols[total][0]
    v = _empty()
    v.update(fund=fund, item=f"func_{m.group(1)}", stage=rep.default_stage, amount=amount, source_quote=row_quote(row), unit=unit,
             note=f"table row {label}, column of all spending")
    rep.add("budgets", v, MEDIUM, (row.line, total))
    rep.claimed.add((row.line, -(total + 1)))


def item_column_tables(rep: ReportText) -> None:
    """Tables with items or funds across (合计 | 因公出国（境）费 | 公务用车购置及运行维护费 | 公务接待费; 合计 | 一般公共预算拨款 |
    政府性基金预算拨款 | 其他收入) and stages down (2024年预算, 2023年预算, 决算数; the unit's name, 合计; or one row of figures
    under the header): a row per column and stage (see _across), the fund the caption's or the column's."""
    before = _items_by_line(rep)
    for k, block in enumerate(rep.blocks):
        if block.kind != "table":
            continue
        above = _caption_above(rep, block, k)
        cols: dict[int, tuple[str, str]] = {}
        header: list[Row] = []
        total_row: list[str] = []
        unit_row: tuple[list[str], list[Draft]] | None = None
        for row in block.rows:
            cells = row.cells
            if TABLE_NUMBER.match(" ".join(row.filled)):
                cols, above = {}, " ".join(row.filled)  # the caption of the next table, inside the run of aligned lines
                continue
            if not cols or not any(cell_number(c) for c in cells) and _across(rep.voc, cells, above):
                cols = _across(rep.voc, cells, above)
                if cols:
                    label_col = min(cols) - 1
                    unit = "元" if IN_YUAN.search(above) else "万元"
                    header = [row]
                else:
                    above += " " + " ".join(row.filled)
                continue
            if cols and not any(cell_number(c) for c in cells):
                header.append(row)  # （境）费 小计 购置费 运行维护费: the header's second line
                continue
            if len(header) > 1:
                cols = _stacked(rep, header, row, above) or cols
                label_col = min(cols) - 1
                header = [header[0]]
            if row.line in before or any(d.table == "budgets" and d.pos[0] == row.line for d in rep.drafts[-40:]):
                continue
            if cells and re.fullmatch(r"\d{3}(?:\d{2}){0,2}", re.sub(r"\s", "", cells[0])):
                continue  # 30101 基本工资 62.40 | 30201 办公费 6.80: a row of a table by code (coded_tables'), its code no amount
            label = cells[label_col] if 0 <= label_col < len(cells) else ""
            stage = _row_stage(rep, label)
            if stage is None:
                _class_row(rep, row, label, cols, unit)
                continue
            figures = [cell_number(cells[i]) if i < len(cells) else "" for i in cols]
            if TOTAL_ROW.match(re.sub(r"\s", "", label)):
                total_row = figures
                if unit_row and unit_row[0] == figures:
                    # the one unit's row above the 合计 it repeats (378802 某区信访局, then 合计): the 合计's rows only
                    rep.drafts[:] = [d for d in rep.drafts if all(d is not u for u in unit_row[1])]
            elif figures == total_row and UNIT.fullmatch(NUMBERING.sub("", re.sub(r"\s", "", label))):
                continue  # the one unit's row under the 合计 it repeats (收入总表 by unit: 合计, then 某区信访局)
            first_new = len(rep.drafts)
            for i, (fund, item) in cols.items():
                amount = cell_number(cells[i]) if i < len(cells) else ""
                if not amount:
                    continue
                v = _empty()
                v.update(fund=fund, item=item, stage=stage, amount=amount, source_quote=row_quote(row), unit=unit,
                         note=f"table row {label or 'under the header'}")
                rep.add("budgets", v, MEDIUM, (row.line, i))
                rep.claimed.add((row.line, -(i + 1)))
            is_unit = not total_row and UNIT.fullmatch(NUMBERING.sub("", re.sub(r"\s", "", label))) is not None
            unit_row = (figures, rep.drafts[first_new:]) if is_unit else None
