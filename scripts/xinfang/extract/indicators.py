"""Self-evaluation tables (both table layouts of the sources, and the prose layout
"X，年度指标值：…，实际完成值：…，分值10分，得分10分").

A table is read by its header row, not by position in one report:
- a *budget header* has stage columns (年初预算, 调整后预算数/全年预算数, 预算执行数/全年执行数,
  执行率, 权重/分值, 得分); its rows are the total (总额, 年度总预算) and the funds (其中：财政资金,
  财政专户管理资金, 单位资金, 事业收入 …). Fund rows become budget rows; the total row becomes the
  project's amounts (inside a project table) or budget rows (a department table), and, when it
  carries 分值/得分, the indicator item 预算执行率;
- an *indicator header* has 一级指标/二级指标/三级指标 and value columns (指标值, 完成值, 权重/分值,
  得分 …); each row under it is an indicator item, a level printed with points (产出指标（50分）)
  also gives a subtotal row; 合计 gives the project's total weight and score;
- 存在问题 / 改进措施 rows of a project table become issues of that project.
Cells are aligned on the header; a row with merged cells is aligned on its label cell, and
weight/score fall back to the last two numbers of the row.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .model import HIGH, LOW, MEDIUM, PAGE_LINE, Draft, ReportText, project_row, quote
from .numbers import Num, find_numbers
from .text import LINE_NUMBER_HEAD, TABLE_NUMBER, Block, Row, char_width, collapse

STAGE_COLS = {"年初预算": "initial_budget", "年初预算数": "initial_budget", "调整后预算数": "adjusted_budget", "调整后预算": "adjusted_budget",
              "全年预算数": "adjusted_budget", "预算执行数": "executed", "全年执行数": "executed", "执行数": "executed",
              "预算执行率": "rate", "执行率": "rate", "权重": "weight", "分值": "weight", "得分": "score"}
IND_COLS = {"一级指标": "level1", "二级指标": "level2", "三级指标": "level3", "指标性质": "operator", "指标值": "target", "年度指标值": "target",
            "年度目标": "target", "目标值": "target",
            "度量单位": "unit", "完成值": "actual", "实际完成值": "actual", "全年实际值": "actual", "权重": "weight", "分值": "weight", "得分": "score"}
# a column of the spending in per cent of a budget (完成率%, 决算数为年初预算数的%, 决算数占年初预算的%, 完成年初预算%)
RATE_HEAD = re.compile(r"(?:执行|完成)率[%％]?$|(?:为|占|完成)[^%％]{0,8}?预算数?的?(?:[%％]|百分比)$")
# a project's table named in its caption's brackets: 表1  项目支出绩效自评表(信访积案化解专项资金)
CAPTION_PROJECT = re.compile(r"绩效自评(?:价)?表\s*[（(](?![^（）()]*(?:\d|单位|元))([^（）()]{2,40})[）)]\s*$")  # (not （2025年度）, （单位：万元）)
NUM = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")  # 1,150.20: thousands separators as printed
POINTS = re.compile(r"^(.+?)[（(](\d+(?:\.\d+)?)分[）)]$")
MERGED_POINTS = re.compile(r"^(.{2,12}?指标)[（(](\d+(?:\.\d+)?)分[）)]\s*(\S.{0,20})$")  # 满意度指标（10分）满意度: two cells run together
TOTAL_LABELS = ("总额", "年度总预算", "合计")
SKIP = ("/", "--", "—", "-", "")
OPERATORS = ("≥", "≤", "＝", "＜", "＞", "=", "<", ">", "定性")


HEADER_UNIT = re.compile(r"[\s\u3000]|[（(](?:万元|元|%|％|分)[）)]")
# a table's amounts printed in 元 (单位：元, a cell or heading's （元）), or in 万元: the unit its caption, heading or a cell states
IN_YUAN = re.compile(r"单位[：:]\s*元|[（(]元[）)]")
IN_WAN = re.compile(r"单位[：:]\s*万元|[（(]万元[）)]")
# header words by containment, most specific first (实际完成值 before 完成值, 年度指标值 before 指标值)
IND_WORDS = (("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "level3"), ("偏差", "deviation"), ("原因", "deviation"),
             ("指标值", "target"), ("目标值", "target"), ("目标", "target"), ("完成值", "actual"), ("实际值", "actual"), ("实际完成", "actual"),
             ("计量单位", "unit"), ("度量单位", "unit"), ("指标性质", "operator"), ("得分", "score"), ("分值", "weight"), ("权重", "weight"))


def indicator_row(**values: str) -> dict[str, Any]:
    """An `indicators` row as the assistant drafts it: an item of no project and no level, every figure empty, but for the
    values given."""
    row: dict[str, Any] = {"project_id": "", "row_kind": "item", "parent_row": "", "level1": "", "level2": "", "level3": "", "operator": "",
                           "target_text": "", "target_value": "", "unit": "", "actual_text": "", "actual_value": "", "weight": "", "score": "",
                           "deviation_reason": "", "metric": "", "source_quote": "", "note": ""}
    row.update(values)
    return row


def header_cell(cell: str) -> str:
    """A header cell without white space and its unit in brackets: 年初预算数（万元） -> 年初预算数."""
    return HEADER_UNIT.sub("", cell)


def stage_role(rep: ReportText, cell: str) -> str | None:
    """The column a budget-table header cell names: a stage (by the codelist's stage terms and
    synonyms: 全年预算数, 决算数, 全年支出 …), `rate` (执行率, 完成率), `weight` (分值, 权重) or `score`
    (得分); None for a cell that names a budget item (基本支出) or anything else."""
    c = header_cell(cell)
    if not c or len(c) > 12 or _num(c):
        return None
    if c in STAGE_COLS:
        return STAGE_COLS[c]
    if RATE_HEAD.search(c):
        return "rate"  # 决算数为年初预算数的%, 完成年初预算%: the spending in per cent of the budget
    if c.endswith("率"):
        return "rate" if ("执行" in c or "完成" in c) else None
    if c.endswith("得分"):
        return "score"
    if c.endswith(("分值", "权重")):
        return "weight"
    if rep.voc.find_all("item", c) or rep.voc.find_all("fund", c):
        return None
    m = rep.voc.last("stage", c)
    if m and c[m.end:] in ("", "数", "额", "金额", "合计"):
        return m.code
    return None


def ind_role(cell: str) -> str | None:
    """The column an indicator-table header cell names (一级指标 … 年度指标值, 实际完成值, 分值, 得分)."""
    c = header_cell(cell)
    if c in IND_COLS:
        return IND_COLS[c]
    if len(c) > 10:
        return None
    for word, role in IND_WORDS:
        if word in c:
            return role
    return None


def _num(cell: str) -> str:
    """The number a cell holds, without its % and thousands separators (1,150.20 -> 1150.20); '' when it holds none."""
    c = cell.strip()
    return c.rstrip("%％").replace(",", "") if NUM.match(c.rstrip("％")) else ""


def row_quote(row: Row) -> str:
    """The row's cells as quoted, dropping cells from the left until it fits in 80 characters (the
    last cell alone cut to its last 80); only the cells that can fit are joined, so a row of any
    length costs its last few cells."""
    filled = [collapse(c) for c in row.printed_filled]
    size = sum(len(c) for c in filled) + len(filled) - 1
    last_figure = max((i for i, c in enumerate(filled) if _num(c)), default=len(filled) - 1)
    while len(filled) - 1 > last_figure and size > 80:
        size -= len(filled.pop()) + 1  # a note after the figures (偏差原因, 说明) goes first, so the quote keeps them
    cells: list[str] = []
    size = -1
    for c in reversed(filled):
        c = collapse(c)
        if cells and size + 1 + len(c) > 80:
            break
        cells.insert(0, c)
        size += 1 + len(c)
    q = collapse(" ".join(cells))
    return q[-80:] if len(q) > 80 else q


class _Table:
    def __init__(self, rep: ReportText) -> None:
        self.rep = rep
        self.project_id = ""
        self.project: dict[str, Any] | None = None
        self.mode = ""
        self.cols: dict[int, str] = {}
        self.label_col = 0
        self.width = 0  # the number of the budget header's cells
        self.header: list[str] = []  # the budget header's cells
        self.header_open = False  # whether no row of figures has followed the budget header yet (its cells may wrap below it)
        self.levels = ["", "", ""]
        self.parent = ""
        self.fund = ""
        self.title = ""
        self.level_items: list[tuple[int, dict[str, Any]]] = []  # (line, row) of the current 一级指标's items (its points may follow below its name)
        self.last_item: dict[str, Any] | None = None
        self.level_points = False  # whether the current 一级指标's subtotal is drafted
        self.next_row: Row | None = None  # the row after the one being read
        self.pending_level2 = ""  # a 二级指标 cell printed on the line above its row
        self.names_above: bool | None = None  # an indicator table whose names begin on the lines above their figures (None: not known yet)
        self.pending_level3 = ""  # in such a table, the start of the next item's name (and of its 偏差原因) printed above it
        self.pending_deviation = ""
        self.above = ""  # the prose lines above the table (its caption, its unit)
        self.subtotals: dict[tuple[str, str], dict[str, Any]] = {}  # the table's subtotals by (project, level): a 小计 row's to fill
        self.unit = "万元"  # the unit of the budget section's amounts (_amounts_unit)

    def emit_indicator(self, v: dict[str, Any], conf: str, row: Row) -> dict[str, Any]:
        base = indicator_row(project_id=self.project_id, source_quote=row_quote(row))
        base.update(v)
        values = self.rep.add("indicators", base, conf, (row.line, len(self.rep.drafts))).values
        if values["row_kind"] == "subtotal":
            self.subtotals[(values["project_id"], values["level1"])] = values
        return values


def _claim_cells(rep: ReportText, row: Row) -> None:
    for i, c in enumerate(row.cells):
        if _num(c):
            rep.claimed.add((row.line, -(i + 1)))


WRAPPED_INDENT = 40  # display columns of white space before a lone cell that is the wrap of a table's last column


def _lone_wrap(b: Block) -> bool:
    """A prose line that is no prose: one cell far to the right (the wrap of a table's last column, 偏差原因 over lines), or
    a short cell indented under a label column (响指标: the end of a level's name wrapped)."""
    text = b.text.rstrip()
    lead = len(text) - len(text.lstrip())
    if b.kind != "line" or not text.strip() or " " in text.strip() or PAGE_LINE.match(text) or lead == 0:
        return False
    indent = sum(char_width(c) for c in text[:lead])
    # (a name's fragment set in under its column, 信访事项及时受理率（按国, between rows of the table)
    return indent >= WRAPPED_INDENT or (len(text.strip()) <= 6 or indent >= 10 and len(text.strip()) <= 16) and not re.search(r"\d|[。：:]", text)


def _of_indicators(b: Block) -> bool:
    """Whether a table is an indicator table: a row of its names the levels' columns (一级指标 二级指标 三级指标)."""
    return any(sum(ind_role(c) in ("level1", "level2", "level3") for c in r.cells) >= 2 for r in b.rows)


def _far(text: str) -> bool:
    lead = len(text) - len(text.lstrip())
    return sum(char_width(c) for c in text[:lead]) >= WRAPPED_INDENT


def _rejoined(blocks: list[Block]) -> list[tuple[int, Block]]:
    """The blocks (with the index of the first of each in `blocks`) with a table that lone wrapped cells broke in two (a
    row, its reason's lines printed as prose, the next rows) joined again: the wrapped lines become rows of their one cell
    in the last column, as the export aligned them."""
    out: list[tuple[int, Block]] = []
    k = 0
    joinable = False  # whether the last block out is an indicator table (asked once per table: linear in the rows)
    while k < len(blocks):
        j = k
        while joinable and j < len(blocks) and (_lone_wrap(blocks[j]) or blocks[j].kind == "line" and PAGE_LINE.match(blocks[j].text)):
            j += 1  # (a page's footer inside the table, - 1 -, goes too: no row)
        if (j > k and j < len(blocks) and blocks[j].kind == "table" and blocks[j].rows
                and blocks[j].line - blocks[j - 1].line <= (4 if PAGE_LINE.match(blocks[j - 1].text) else 2)):
            at, prev = out[-1]
            width = max(len(r.cells) for r in prev.rows)
            wraps = [Row([""] * (width - 1) + [blocks[i].text.strip()] if _far(blocks[i].text) else [blocks[i].text.strip()], blocks[i].line)
                     for i in range(k, j) if not PAGE_LINE.match(blocks[i].text)]
            out[-1] = (at, Block("table", prev.line, prev.text, [*prev.rows, *wraps, *blocks[j].rows]))
            k = j + 1
            continue
        out.append((k, blocks[k]))
        joinable = blocks[k].kind == "table" and bool(blocks[k].rows) and _of_indicators(blocks[k])
        k += 1
    return out


def extract_tables(rep: ReportText) -> None:
    carry: tuple[int, str, dict[str, Any] | None] = (-9, "", None)  # (last line, project id, project row) of the table before
    for k, b in _rejoined(rep.blocks):
        if b.kind == "table":
            # a project table broken by a line of one cell (实际完成情况：… under 年度总体目标) goes on in the next run
            near = b.rows and b.rows[0].line - carry[0] <= 2
            tb = _table(rep, b, caption(rep, k), carry[1:] if near else ("", None), caption_above(rep, b, k))
            carry = (b.rows[-1].line if b.rows else -9, tb.project_id, tb.project)


def caption_above(rep: ReportText, block: Block, k: int) -> str:
    """The prose lines among the four lines above a table (its caption, its unit), and a caption the run of
    aligned lines above took as its last row (表4  一般公共预算基本支出表)."""
    out = []
    for b in rep.blocks[max(0, k - 4):k]:  # (表 / 公开06表 / 部门：… 金额单位 / 人员经费 公用经费 over the header)
        if b.kind == "line" and block.line - b.line <= 4:
            out.append(b.text)
        elif b.kind == "table" and b.rows and block.line - b.rows[-1].line <= 4 and TABLE_NUMBER.match(" ".join(b.rows[-1].filled)):
            out.append(" ".join(b.rows[-1].filled))
    return " ".join(out)


def caption(rep: ReportText, k: int) -> str:
    """The table's caption: a prose line with 表 among the four lines above it (表2 一般公共预算财政拨款支出决算表), or a
    numbered caption the run of aligned lines above took as its last row (表三   一般公共预算财政拨款“三公”经费支出决算表)."""
    for b in reversed(rep.blocks[max(0, k - 4):k]):
        if b.kind == "line" and rep.blocks[k].line - b.line <= 4 and "表" in b.text and len(b.text.strip()) <= 60 and not TABLE_NO_ALONE.match(b.text):
            return b.text.strip()
        if b.kind == "table" and b.rows and rep.blocks[k].line - b.rows[-1].line <= 4 and TABLE_NUMBER.match(" ".join(b.rows[-1].filled)):
            return " ".join(b.rows[-1].filled)
    return ""


TABLE_NO_ALONE = re.compile(r"^\s*(?:公开|附)?\s*(?:表\s*)?[\d一二三四五六七八九十]+\s*(?:号)?\s*表?\s*$")  # 公开02表, 表3: a number, no caption

ONE_CHAR = re.compile(r"[\u4e00-\u9fff]")


def spaced_words(rows: list[Row]) -> list[Row]:
    """The rows with each word spaced out over two columns joined again (项    目, 合    计 in a fixed-width export: two
    cells of one character): a column left of every figure is joined to the one before when in every row it is empty or both cells are one
    character, and some row holds such a word. The joined cell keeps the space (the row's quote is as printed); header
    words are read without white space. A two-sided table (收    入 over labels, 支    出 over the other half) keeps its
    columns: its rows have labels and figures under those words."""
    first_value = min((i for r in rows for i, c in enumerate(r.cells) if _num(c)), default=0)
    join = [j for j in range(1, first_value)
            if all(j >= len(r.cells) or not r.cells[j] or ONE_CHAR.fullmatch(r.cells[j - 1]) and ONE_CHAR.fullmatch(r.cells[j]) for r in rows)
            and any(j < len(r.cells) and r.cells[j] for r in rows)]
    if not join:
        return rows
    out = []
    for r in rows:
        cells = list(r.cells)
        for j in reversed(join):
            if j < len(cells):
                cells[j - 1:j + 1] = [f"{cells[j - 1]} {cells[j]}".strip()]
        out.append(Row(cells, r.line, r.printed))  # (the cells as printed stay the quote's)
    return out


def _table(rep: ReportText, block: Block, title: str = "", project: tuple[str, dict[str, Any] | None] = ("", None), above: str = "") -> _Table:
    tb = _Table(rep)
    tb.project_id, tb.project = project
    fm = rep.voc.last("fund", title)
    tb.fund = fm.code if fm else ""
    tb.title = title  # the caption's fund (一般公共预算财政拨款支出决算表): its department rows' fund
    tb.above = above
    of_project = CAPTION_PROJECT.search(title) if tb.project is None and block.rows else None
    if of_project:
        _start_project(tb, of_project.group(1).strip(), block.rows[0])  # 表1 项目支出绩效自评表(X): the table is the project X's
    pending_name = False
    rows = spaced_words(block.rows)
    for k, row in enumerate(rows):
        tb.next_row = rows[k + 1] if k + 1 < len(rows) else None
        filled = row.filled
        if not filled:
            continue
        first = filled[0]
        if pending_name:
            _start_project(tb, first, row)
            pending_name = False
            continue
        head = header_cell(first)
        if TABLE_NUMBER.match(head):
            # a caption printed inside the run of aligned lines (表2 一般公共预算财政拨款支出决算表): the next table's
            tb.title = " ".join(filled)
            fm = rep.voc.last("fund", tb.title)
            tb.fund, tb.mode = (fm.code if fm else ""), ""
            continue
        if head.startswith("项目名称"):
            named = re.sub(r"^项\s*目\s*名\s*称\s*[：:]?", "", first).strip()
            if named:
                _start_project(tb, named, row)
            elif len(filled) > 1 and not COLUMN_HEADS.search(header_cell(filled[1])):
                _start_project(tb, filled[1], row)
            elif len(filled) == 1:
                pending_name = True
            continue  # (项目名称 | 项目类型 | 资金来源 | 预算金额: the header of a table listing projects, budgets.project_list_tables')
        coded = re.match(r"^项\s*目\s*(?:编\s*码|代\s*码|编\s*号)[：:]?\s*([0-9A-Za-z]{8,})?$", first)
        if coded and tb.project is not None and tb.project_id.startswith("t"):
            if code := coded.group(1) or (filled[1] if len(filled) > 1 and re.fullmatch(r"[0-9A-Za-z]{8,}", filled[1]) else ""):
                tb.project_id = tb.project["project_id"] = code  # 项目名称  X / 项目编码  Y: the project's id is its code as printed
            continue
        lead_cell = next(i for i, c in enumerate(row.cells) if c)  # heads the label column (项目, 年度预算数（万元）)
        # (a header whose label column has no heading, 　年初预算数 全年预算数 …: its first cell names a stage)
        roles = {i: r for i, c in enumerate(row.cells) if (i > lead_cell or i == lead_cell > 0) and (r := stage_role(rep, c))}
        if {"initial_budget", "adjusted_budget"} & set(roles.values()):
            # 年度预算数（万元） over 年初预算 / 调整后预算数: a caption of the stage columns, not a column
            roles = {i: r for i, r in roles.items() if r != "budget_unspecified"}
        stage_roles = {r for r in roles.values() if r not in ("weight", "score")}
        by_code = any("科目" in header_cell(c) for c in row.cells)  # 科目编码 科目名称 决算数: one stage column, rows by functional code
        figures = any(_num(c) for c in row.cells)  # (a header holds no figure: 成本指标 信访救助资金支出 … 10 10 is an indicator row)
        # (科目编码 科目名称 决算数 科目编码 科目名称 决算数: a table by code printed in two halves side by side, budgets.coded_tables')
        halves = by_code and any("科目" in header_cell(c) for c in row.cells[min(roles, default=len(row.cells)):])
        # (项 目 | 决算数 | 项 目 | 年初预算 | 调整预算 | 决算数: a two-sided table's header, its halves read by budgets._two_sided)
        two_sided = sum(header_cell(c) in ("项目", "项目名称") for c in row.cells) >= 2
        if not figures and not halves and not two_sided and (len(stage_roles) >= 2 or by_code and len(stage_roles) == 1):
            tb.mode, tb.cols = "budget", roles
            stage_idx = min(i for i, r in roles.items() if r != "weight")
            # 科目编码 科目名称 (blank) 决算数; 项目 | 行次 | 预算数 | 决算数 (a column of line numbers is no label's)
            tb.label_col = max((i for i in range(stage_idx) if row.cells[i].strip() and header_cell(row.cells[i]) not in LINE_NUMBER_HEAD),
                               default=stage_idx - 1)
            tb.width, tb.header, tb.header_open = len(row.cells), list(row.cells), True
            tb.unit = _amounts_unit(rows, k, above)
            continue
        iroles = {i: r for i, c in enumerate(row.cells) if (r := ind_role(c))}
        if "level3" in iroles.values() or ("level1" in iroles.values() and "level2" in iroles.values()):
            tb.mode, tb.cols = "indicator", iroles
            tb.levels = ["", "", ""]
            tb.parent = ""
            tb.names_above, tb.pending_level3, tb.pending_deviation, tb.last_item = None, "", "", None
            pm = POINTS.match(row.cells[0]) if row.cells and row.cells[0] else None
            if pm:
                v = tb.emit_indicator({"row_kind": "subtotal", "level1": pm.group(1), "weight": pm.group(2), "source_quote": row.cells[0]}, HIGH, row)
                tb.parent = str(id(v))
                v["_id"] = tb.parent
            continue
        if first in ("存在问题", "改进措施") and len(filled) > 1:
            rep.add("issues", {"project_id": tb.project_id, "kind": "problem" if first == "存在问题" else "measure", "category": "",
                               "text_zh": collapse(filled[1]), "text_en": ""}, MEDIUM, (row.line, 0))
            continue
        if header_cell(first) in ("合计", "总分") and tb.project is not None:  # (总 分: the word spaced out)
            nums = [_num(c) for c in filled[1:] if _num(c)]
            if len(nums) >= 2:
                tb.project["total_weight"], tb.project["total_score"] = nums[0], nums[1]
                _claim_cells(rep, row)
            tb.mode = ""
            continue
        if header_cell(first) in ("合计", "总分", "总计") and tb.project is None and tb.mode == "indicator":
            tb.mode = ""  # the department table's total (合计 100 98): the report's self-score, no indicator row (left to unplaced.csv)
            continue
        if first in ("评价结论", "部门（单位）名称", "年度总体目标"):
            tb.mode = ""
            continue
        if tb.mode == "budget" and tb.header_open and not figures:
            # 决算数为年初 / 预算数的%: a header cell wrapped onto the line below names its column with the words there
            for i, c in enumerate(row.cells):
                if c.strip() and i < len(tb.header) and i not in tb.cols and (r := stage_role(rep, tb.header[i] + c)):
                    tb.cols[i] = r
            continue
        if tb.mode == "budget":
            tb.header_open = False
            _budget_row(tb, row)
        elif tb.mode == "indicator":
            _indicator_row(tb, row)
    return tb


def _amounts_unit(rows: list[Row], k: int, above: str) -> str:
    """The unit of the amounts of a budget section whose header is rows[k]: the first a row states, of its header
    (年初预算数（元）), the rows below it (项目资金 over （元）: the label wrapped) and those above it in the table
    (单位：元 under the project's name), else the lines above the table (单位：元 under its caption); 万元 where none does."""
    for text in [" ".join(r.cells) for r in (rows[k], *rows[k + 1:k + 4], *reversed(rows[max(0, k - 3):k]))] + [above]:
        if IN_YUAN.search(text):
            return "元"
        if IN_WAN.search(text):
            return "万元"
    return "万元"


def _in_yuan(tb: _Table, amount: str) -> bool:
    """Whether an amount of a project's table is printed in 元 (0 is 0 in any unit, as budgets' 0元)."""
    return tb.project is not None and tb.unit == "元" and bool(amount) and not ZERO_AMOUNT.fullmatch(amount)


ZERO_AMOUNT = re.compile(r"-?0(?:\.0+)?")


# a column's header as a whole (项目类型, 预算金额（万元）): no project's name (单位信息化建设项目 is one)
COLUMN_HEADS = re.compile(r"^(?:项目)?(?:类型|类别|金额|预算金额|预算数|资金来源|序号|编码|单位|(?:年初|全年|调整后?)预算(?:数)?|决算数|执行数|执行率)"
                          r"(?:[（(][^）)]*[）)])?$")


def _start_project(tb: _Table, cell: str, row: Row) -> None:
    m = re.match(r"^([0-9A-Za-z]{6,})\s*[-－—]\s*(.+)$", cell)
    pid, name = (m.group(1), m.group(2)) if m else (f"t{len(tb.rep.drafts)}", cell)
    if coded := re.match(r"^(.+?)\s*[（(]\s*([0-9A-Za-z]{8,})\s*[）)]$", cell):
        pid, name = coded.group(2), coded.group(1)  # 信访积案化解专项经费（62840225T000000417263）: the name, then its code
        m = coded
    tb.project_id = pid
    tb.project = tb.rep.add("projects", project_row(pid, name, collapse(cell)[:80]), HIGH if m else MEDIUM, (row.line, 0)).values
    tb.mode = ""


ALL_BY_ECON = re.compile(r"(?<!基本)支出(?:预算|决算)?(?:按|的)?(?:支出)?经济分类")  # 支出预算按经济分类汇总如下: all spending by class


def of_basic(above: str) -> bool:
    """Whether a table by economic class is of basic expenditure: the lines above it (its caption) name 基本支出, and not
    the whole spending by class after that (…基本支出298.36万元… / 支出预算按经济分类汇总如下：)."""
    last = [m.start() for m in ALL_BY_ECON.finditer(above)]
    return "基本支出" in above and not (last and last[-1] > above.rfind("基本支出"))


def _budget_row(tb: _Table, row: Row) -> None:
    rep = tb.rep
    cells = row.cells
    label_idx = max((i for i, c in enumerate(cells) if c and not _num(c) and c not in SKIP and i <= tb.label_col + 1), default=-1)
    if label_idx < 0:
        return
    label = cells[label_idx]
    # (a row of the header's columns, its label under a column the header left blank: 项目资金 (blank) 年初预算数 … over
    # (万元) 年度资金总额 50.00 …, aligned by the reader, is read as it is; a row of one cell more than the header is shifted)
    shift = 0 if len(cells) == tb.width and not tb.header[label_idx] else label_idx - tb.label_col
    vals: dict[str, str] = {}
    for i, role in tb.cols.items():
        j = i + shift
        if 0 <= j < len(cells) and _num(cells[j]):
            vals[role] = _num(cells[j])
    if not vals:
        return
    _claim_cells(rep, row)
    nxt = tb.next_row
    if nxt is not None and [i for i, c in enumerate(nxt.cells) if c.strip()] == [label_idx] and len(nxt.cells[label_idx].strip()) <= 6:
        # 其中:当年财政 / 拨款: the label wrapped onto a line of its own cell below, where the two make a fund's or item's name
        whole = header_cell(label + nxt.cells[label_idx].strip())
        if any((m := rep.voc.last(kind, whole)) and whole[m.end:] in ("", "资金", "收入") for kind in ("fund", "item")):
            label += nxt.cells[label_idx].strip()
    bare = header_cell(label).rstrip("：:")  # 年度资金总额： (the label's colon)
    is_total = any(bare.startswith(t) for t in TOTAL_LABELS) or bare.endswith(("总额", "合计", "总计")) or bare in ("预算执行", "预算执行情况", "预算执行率")
    # 项目资金（万元） 18.00 15.00 13.62 10 90.80% 9.08: in a project's table the row of its money with the points is its total row
    # (年度预算资金 318.46 352.90 341.27 10 96.70% 9.67 at the top of a department's table: the department's total row)
    is_total = is_total or ("其中" not in label and not rep.voc.last("fund", bare) and ("weight" in vals or "score" in vals)
                            and (bare.endswith(("资金", "经费")) and (tb.project is not None or "预算" in bare or "年度" in bare)
                                 or bare.endswith("总预算")))  # (年度总预算 1036.03 596.68 57.59% 10 6)
    # a department table's row is a budget item: by its functional code (2013101 行政运行) or its name
    # (基本支出, 人员经费, “三公”经费, 支出合计 …); a project table's rows are the project's funds
    code = cells[label_idx - 1].strip() if label_idx > 0 else ""
    item_m = rep.voc.last("item", bare) if tb.project is None and not rep.voc.last("fund", bare) else None
    dept_item = (f"func_{code}" if f"func_{code}" in rep.voc.codes["item"] else
                 item_m.code.split("|")[-1] if item_m and (item_m.end == len(bare) or bare.endswith(("合计", "小计")) and item_m.end == len(bare) - 2)
                 else None)  # (“三公”经费合计: the total of that item)
    if dept_item and dept_item.startswith("basic_econ_") and not of_basic(tb.title + " " + tb.above):
        # 301 工资福利支出 under 支出预算按经济分类汇总如下 (no 基本支出 named): the class of all spending (econ_301)
        dept_item = dept_item.removeprefix("basic_")
    if dept_item and is_total and dept_item == "expenditure_total":
        dept_item = None
    q = row_quote(row)
    # a project table's 上年结转资金 sub-row (a carry-over's term): money of no fund the codelist names, `other`
    # (funds.csv has no carry-over fund)
    carried = tb.project is not None and not is_total and (cm := rep.voc.last("item", bare)) is not None and cm.code == "carryover_opening"
    if is_total and tb.project is not None:
        tb.project["source_quote"] = q  # the row that holds the project's amounts
        for stage in ("initial_budget", "adjusted_budget", "executed"):
            tb.project[stage] = vals.get(stage, "")
        tb.project["execution_rate_pct"] = vals.get("rate", "")
        if any(_in_yuan(tb, vals.get(stage, "")) for stage in ("initial_budget", "adjusted_budget", "executed")):
            tb.project["unit"] = "元"  # (its amounts as printed, projects.unit)
    elif is_total or "其中" in label or rep.voc.last("fund", label) or dept_item or carried:
        fm = rep.voc.last("fund", label)
        fund = "other" if carried else (tb.fund or "all") if is_total or dept_item else (fm.code if fm else "all")
        # 一般公共预算财政拨款收入 (a fund and 收入): income; a fund's bare name (事业收入, 其他收入) only in a table of income (its caption says 收入)
        fund_m = rep.voc.last("fund", bare)
        income = bare.endswith("收入") and (fund_m is None or fund_m.end < len(bare) or "收入" in tb.title)
        item = "project" if tb.project is not None else dept_item or ("income_total" if income else "expenditure_total")
        conf = HIGH if (is_total or fm or dept_item) else LOW
        stages = [s for s in tb.cols.values() if s in rep.voc.codes["stage"] and s in vals]
        if not stages and "rate" in vals:
            stages = ["executed"]
        for stage in stages:
            v = {"project_id": tb.project_id, "fund": fund, "item": item, "stage": stage, "amount": vals.get(stage, ""), "approx": "false",
                 "approx_marker": "", "share_pct": "", "share_of": "", "rate_pct": vals.get("rate", "") if stage == "executed" else "",
                 "change_pct": "", "source_quote": q, "note": f"table row {label}"}
            if _in_yuan(tb, v["amount"]):
                v["unit"] = "元"
            if v["rate_pct"] and any(r == "rate" and "年初" in tb.header[i] for i, r in tb.cols.items() if i < len(tb.header)):
                v["_of_initial"] = "yes"  # (决算数为年初预算数的%: kept only where no other budget of the row's item is stated, budgets.py)
            rep.add("budgets", v, conf, (row.line, len(rep.drafts)))
    if is_total and ("weight" in vals or "score" in vals):
        rate = vals.get("rate", "")
        tb.emit_indicator({"level1": "预算执行率", "actual_text": f"{rate}%" if rate else "", "actual_value": rate,
                           "weight": vals.get("weight", ""), "score": vals.get("score", "")}, HIGH, row)


LEVELS = ("level1", "level2", "level3")
BUDGET_EXECUTION = "预算执行率"  # level1 of the budget-execution item (docs/transcription.md)
CHANGE_WORDS = ("减少", "下降", "降低", "增加", "增长", "上升", "提高")


# two values each with its unit (and the first its operator) in one cell: ≤26.80万元 22.75万元, ≥300件 326件
VALUE_UNIT = r"\d[\d,]*(?:\.\d+)?\s*(?:万元|元|%|％|件|批|人次|人|次|个|条|起|户)"
TWO_VALUES = re.compile(r"([≤≥<>＜＞=]?\s*" + VALUE_UNIT + r")\s+(" + VALUE_UNIT + r")")


def cell_value(cell: str) -> tuple[str, str]:
    """The number of a value cell and its unit: the cell itself when it is a number (`97%`), else
    the one number a short statement holds (`32件`, `群众满意率97%。`, `1036.03 不超过预算指标数`);
    none when it holds two (`127批 600人`) or states a change (`数量减少45%`)."""
    c = cell.strip()
    if c in SKIP:
        return "", ""
    v = _num(c.lstrip("".join(OPERATORS)))
    if v:
        return v, "%" if c.endswith(("%", "％")) else ""
    nums = [n for n in find_numbers(c) if n.kind == "value"]
    if len(nums) != 1:
        return "", ""
    unit = nums[0].unit if nums[0].unit not in ("", "分") else ""
    words = [w for w in CHANGE_WORDS if w in c[:nums[0].start]]
    if words:
        # 同比下降12.5%, 实际下降6.8%: a change, signed (a fall negative); with both directions named, no value
        down = {w in ("减少", "下降", "降低") for w in words}
        return (("-" if down == {True} else "") + nums[0].text, unit) if len(down) == 1 else ("", "")
    return nums[0].text, unit


def _read_cells(tb: _Table, cells: list[str], shift: int) -> dict[str, str]:
    got: dict[str, str] = {}
    for i, role in tb.cols.items():
        if 0 <= i + shift < len(cells):
            got[role] = cells[i + shift]
    return got


BARE_POINTS = re.compile(r"^[（(](\d+(?:\.\d+)?)分[）)]$")  # （50分） on the line below its level's name


def _continuation(tb: _Table, row: Row, got: dict[str, str]) -> bool:
    """A row without figures under an item is the rest of its cells, wrapped by the export (服务对象满 / 意度指标,
    a 偏差原因 over two lines): its texts go on the item above; a level cell holding only （50分） is the
    points of the level named above it (its `subtotal`, placed before that level's items)."""
    values = [got.get(r, "") for r in ("target", "actual", "weight", "score")]
    level3 = got.get("level3", "").strip()
    prefix = (all(v in SKIP for v in values) and level3 not in SKIP and "指标" not in level3
              and (got.get("level1", "").strip() in SKIP or BARE_POINTS.match(got.get("level1", "").strip())))
    if prefix and tb.names_above is None and tb.last_item is None:
        tb.names_above = True  # 受理群众来信、来访及网上 / 信访事项数量 ≥2000件 …: the first row a name's start, its figures below
    elif tb.names_above is None and any(v not in SKIP for v in values):
        tb.names_above = False
    if prefix and tb.names_above:
        # (its level2, level1 points and reason's start go on the next item too)
        tb.pending_level3 += level3
        tb.pending_deviation += got.get("deviation", "").strip() if got.get("deviation", "").strip() not in SKIP else ""
        if (lv2 := got.get("level2", "").strip()) not in SKIP:
            tb.pending_level2 = lv2
        if (bare_points := BARE_POINTS.match(got.get("level1", "").strip())) and tb.last_item is not None:
            _level_points(tb, row, bare_points.group(1))
        return True
    if tb.last_item is None:
        return False
    if any(v not in SKIP for v in values):
        return _wrapped_figures(tb, row, got)
    level1 = got.get("level1", "").strip()
    bare = BARE_POINTS.match(level1)
    named = POINTS.match(level1)
    if level1 and not bare and not (named and not tb.levels[0]):
        return False
    if named and not bare:
        # 产出指标(50分) on a row of its own below items with no 一级指标 yet: the level's merged cell printed in the
        # middle of its rows; its name goes on the items above it and its points are the subtotal placed before them
        tb.levels[0] = named.group(1)
        for _, item in tb.level_items:
            item["level1"] = named.group(1)
        _level_points(tb, row, named.group(2))
    if bare:
        _level_points(tb, row, bare.group(1))
    level2 = got.get("level2", "").strip()
    if level2 not in SKIP and not any(got.get(r, "").strip() not in SKIP for r in ("level1", "level3", "deviation")) and _opens_level(tb):
        tb.pending_level2 = level2  # 社会效益 above a row that opens a new 一级指标: the start of that row's 二级指标
        return True
    for role in ("level2", "level3", "deviation"):
        text = got.get(role, "").strip()
        key = "deviation_reason" if role == "deviation" else role
        if text and text not in SKIP:
            tb.last_item[key] = f"{tb.last_item[key]}{text}"
            if role != "deviation":
                tb.levels[LEVELS.index(role)] = tb.last_item[key]
    return True


def _wrapped_figures(tb: _Table, row: Row, got: dict[str, str]) -> bool:
    """A row under an item with points, of no points and no 一级指标, whose name cell is at most a short fragment (解, 项总量):
    the rest of the item's cells wrapped by the export, a figure among them (化解46件，化解 / 率92%): its texts go on the
    item above, whose target and result are read again from the whole cells (two figures in one cell: no value)."""
    item = tb.last_item
    assert item is not None
    points = BARE_POINTS.match(got.get("level1", "").strip())  # (（60分） beside the wrap: the level's points, as on a row of no figure)
    if (any(got.get(r, "") not in SKIP for r in ("weight", "score")) or got.get("level1", "") not in SKIP and not points
            or not (item.get("weight") or item.get("score")) or len(got.get("level3", "").strip()) > 3 or "指标" in got.get("level3", "")):
        return False
    if points:
        _level_points(tb, row, points.group(1))
    for role, key in (("level2", "level2"), ("level3", "level3"), ("target", "target_text"), ("actual", "actual_text"), ("deviation", "deviation_reason")):
        text = got.get(role, "").strip()
        if text and text not in SKIP:
            item[key] = f"{item.get(key, '')}{text}"
    item["target_value"], target_unit = cell_value(item["target_text"])
    item["actual_value"], actual_unit = cell_value(item["actual_text"])
    if "unit" not in tb.cols.values():
        item["unit"] = actual_unit or target_unit
    _claim_cells(tb.rep, row)
    return True


def _opens_level(tb: _Table) -> bool:
    """Whether the next row of the table is an indicator row of its own 一级指标 with no 二级指标 cell (a level2 cell
    printed above it belongs to it: a 二级指标 never spans two 一级指标)."""
    nxt = tb.next_row
    if nxt is None:
        return False
    got = _read_cells(tb, _unrun(tb, nxt.cells), 0)
    has_values = any(_num(c) for c in nxt.cells) or any(got.get(r, "").strip() not in SKIP for r in ("target", "actual"))
    level1 = got.get("level1", "").strip()
    return has_values and level1 not in SKIP and not BARE_POINTS.match(level1) and got.get("level2", "").strip() in SKIP


def _level_points(tb: _Table, row: Row, weight: str) -> None:
    """The `subtotal` of the 一级指标 named above, whose points (（50分）) the export printed on a later line: placed
    before the level's first item, the parent of its items. Under the budget-execution item (预算执行率 / （10分）) the
    points are that item's weight, no level's."""
    if tb.levels[0] == BUDGET_EXECUTION and tb.last_item is not None and tb.last_item.get("level1") == BUDGET_EXECUTION:
        tb.last_item["weight"] = tb.last_item.get("weight") or weight
        return
    if not tb.level_items or tb.level_points:
        return
    first_line, first = tb.level_items[0]
    v = {k: "" for k in first if not k.startswith("_")}
    v.update(project_id=tb.project_id, row_kind="subtotal", level1=tb.levels[0], weight=weight, source_quote=row_quote(row),
             note=f"{tb.levels[0]}（{weight}分）: the points printed below the level's name")
    d = tb.rep.add("indicators", v, HIGH, (first_line, -1))
    d.values["_id"] = str(id(d.values))
    tb.subtotals[(tb.project_id, tb.levels[0])] = d.values
    for _, item in tb.level_items:
        item["_parent"] = d.values["_id"]
    tb.parent, tb.level_points = d.values["_id"], True


SUBTOTAL_ROW = re.compile(r"^([\u4e00-\u9fff]{2,8}指标)?小计$")  # 产出指标小计 | 60 | 59: the level's subtotal printed after its items


def _level_subtotal(tb: _Table, row: Row, level: str, weight: str, score: str) -> None:
    """产出指标小计 60 59 after the level's items: the points and score of that level's subtotal (the one its heading's
    （60分） made, else a new one, the parent of the level's items)."""
    own = tb.subtotals.get((tb.project_id, level))
    if own is None:
        v = {"project_id": tb.project_id, "row_kind": "subtotal", "parent_row": "", "level1": level, "level2": "", "level3": "", "operator": "",
             "target_text": "", "target_value": "", "unit": "", "actual_text": "", "actual_value": "", "weight": weight, "score": score,
             "deviation_reason": "", "metric": "", "source_quote": row_quote(row), "note": f"{level}小计"}
        first = tb.level_items[0][0] if tb.level_items else row.line
        own = tb.rep.add("indicators", v, HIGH, (first, -1)).values
        own["_id"] = str(id(own))
        tb.subtotals[(tb.project_id, level)] = own
        for _, item in tb.level_items:
            item["_parent"] = item.get("_parent") or own["_id"]
    else:
        # (the 小计 row's figures and quote; its points, where it prints them, are the level's as the table states them last)
        own.update(weight=weight or own.get("weight", ""), score=score, source_quote=row_quote(row))
    _claim_cells(tb.rep, row)


def _unrun(tb: _Table, cells: list[str]) -> list[str]:
    """Two level cells run together by a single space (服务对象满意度 信访群众满意率) with the next level's column
    empty: a wide label filled its column, so the export kept one space only; they are the two cells."""
    out = list(cells)
    for i, role in sorted(tb.cols.items()):
        nxt = tb.cols.get(i + 1)
        if role in ("level2", "level3") and nxt in ("level3",) and i + 1 < len(out) and not out[i + 1].strip():
            parts = re.fullmatch(r"([\u4e00-\u9fff（）()]{2,}) ([\u4e00-\u9fff（）()]{2,})", out[i].strip())
            if parts:
                out[i], out[i + 1] = parts.group(1), parts.group(2)
    return out


def _indicator_row(tb: _Table, row: Row) -> None:
    """An indicator row, read on the header. A row whose cells are shifted (merged cells of the
    export: the weight and score do not stand under 分值/得分) is re-read with the shift that puts
    its last number under 得分; its labels are then read from the right (三级指标 first), a label
    cell holding a bare number being a displaced part of the 指标值 beside it."""
    cells = _unrun(tb, row.cells)
    got = _read_cells(tb, cells, 0)
    if _continuation(tb, row, got):
        return
    conf = HIGH
    shift = 0
    if not (_num(got.get("weight", "")) and _num(got.get("score", ""))):
        nums = [i for i, c in enumerate(cells) if _num(c) and c not in SKIP]
        score_col = next((i for i, r in tb.cols.items() if r == "score"), None)
        weight_col = next((i for i, r in tb.cols.items() if r == "weight"), None)
        if nums and score_col is not None and weight_col is not None and nums[-1] != score_col:
            s = nums[-1] - score_col
            if 0 <= weight_col + s < len(cells) and _num(cells[weight_col + s]):
                shift, got, conf = s, _read_cells(tb, cells, s), MEDIUM
        if not shift and len(nums) >= 2:
            got["weight"], got["score"] = cells[nums[-2]], cells[nums[-1]]
            conf = MEDIUM
    filled = [c for c in cells if c not in SKIP]
    if not filled:
        return
    target, actual = got.get("target", ""), got.get("actual", "")
    if not (target.strip() and actual.strip()) and (pair := TWO_VALUES.fullmatch((target or actual).strip())):
        # ≤26.80万元 22.75万元: the target and the result printed one space apart, read as one cell (the other left empty)
        target, actual = pair.group(1), pair.group(2)
    if shift:
        l3_col = next((i for i, r in tb.cols.items() if r == "level3"), None)
        labels: dict[str, str] = {}
        if l3_col is not None:
            at = l3_col + shift
            c3 = cells[at] if 0 <= at < len(cells) else ""
            if _num(c3):
                target = f"{c3} {target}".strip()
            elif c3 not in SKIP:
                labels["level3"] = c3
            left = [c for c in cells[:max(at, 0)] if c not in SKIP]
            for lv, text in zip(("level2", "level1"), reversed(left), strict=False):
                labels[lv] = text
            if "level2" in labels and "level1" not in labels and POINTS.match(labels["level2"]):
                labels["level1"] = labels.pop("level2")
        for lv in LEVELS:
            got[lv] = labels.get(lv, "")
    if tb.pending_level2:
        if got.get("level2", "") in SKIP:
            got["level2"] = tb.pending_level2
        tb.pending_level2 = ""
    if tb.pending_level3:
        # (the name begun on the lines above: the figures' row holds its end)
        got["level3"] = tb.pending_level3 + (got.get("level3", "") if got.get("level3", "") not in SKIP else "")
        got["deviation"] = tb.pending_deviation + (got.get("deviation", "") if got.get("deviation", "") not in SKIP else "")
        tb.pending_level3 = tb.pending_deviation = ""
    label_cell = next((re.sub(r"\s", "", got[lv]) for lv in LEVELS if got.get(lv, "").strip() not in SKIP), "")
    if (sub := SUBTOTAL_ROW.match(label_cell)) and (_num(got.get("weight", "")) or _num(got.get("score", ""))):
        _level_subtotal(tb, row, sub.group(1) or tb.levels[0], _num(got.get("weight", "")), _num(got.get("score", "")))
        return
    named_levels = [lv for lv in LEVELS if got.get(lv, "").strip() not in SKIP]
    if (len(named_levels) == 1 and re.fullmatch(r"[\u4e00-\u9fff]{2,8}指标", label_cell) and label_cell.endswith(("产出指标", "效益指标", "满意度指标", "成本指标"))
            and _num(got.get("weight", "")) and all(got.get(r, "").strip() in SKIP for r in ("target", "actual"))):
        # 产出指标 | … | 50 | … | 48: a level's row of its own, its points and score: the level's subtotal, no item
        tb.levels = [label_cell, "", ""]
        tb.level_items, tb.level_points = [], False
        _level_subtotal(tb, row, tb.levels[0], _num(got.get("weight", "")), _num(got.get("score", "")))
        own = tb.subtotals[(tb.project_id, tb.levels[0])]
        tb.parent, tb.level_points = own.setdefault("_id", str(id(own))), True
        return
    bare = BARE_POINTS.match(got.get("level1", "").strip())
    if bare:
        got["level1"] = ""  # （50分） beside the level's second item: the points of the level named above
        _level_points(tb, row, bare.group(1))
    for k, lv in enumerate(LEVELS):
        text = got.get(lv, "")
        if text and text not in SKIP:
            pm = POINTS.match(text) or (MERGED_POINTS.match(text) if k == 0 else None)
            if pm and k == 0 and pm.re is MERGED_POINTS and not got.get("level2", "").strip(" /-—"):
                got["level2"] = pm.group(3)  # 满意度指标（10分）满意度: the level's cell run into the next one by the export
            if pm and k == 0:
                v = tb.emit_indicator({"row_kind": "subtotal", "level1": pm.group(1), "weight": pm.group(2),
                                       "source_quote": row_quote(row)}, HIGH, row)
                tb.parent = str(id(v))
                v["_id"] = tb.parent
                text = pm.group(1)
                if (not any(got.get(lv, "") not in SKIP for lv in LEVELS[1:]) and target in SKIP and actual in SKIP
                        and _num(got.get("score", ""))):
                    # 产出指标（40分） | … | 40 | 40: the level's row, its points printed twice and its score beside them: the
                    # subtotal's score, no item
                    v["score"] = _num(got["score"])
                    tb.levels = [text, "", ""]
                    tb.level_items, tb.level_points = [], True
                    _claim_cells(tb.rep, row)
                    return
            if k == 0 and text != tb.levels[0]:
                if not pm and tb.level_points:
                    tb.parent = ""  # (the level before had points of its own: its items' parent is not this level's)
                tb.level_items, tb.level_points = [], bool(pm)  # a new 一级指标: its points may follow below its name
            tb.levels[k] = text
            for later in range(k + 1, 3):
                if got.get(LEVELS[later], "") in SKIP:
                    tb.levels[later] = ""
    op = got.get("operator", "")
    if not op and target[:1] in OPERATORS:
        op = target[:1]
    elif not op and "operator" not in tb.cols.values():
        # 不少于1200件次, 达到98%以上; 不超过5%: the operator the words state (no operator column)
        op = bound_of(target)
    target_value, target_unit = cell_value(target)
    actual_value, actual_unit = cell_value(actual)
    unit = got.get("unit", "") if got.get("unit", "") not in SKIP else ""
    if "unit" not in tb.cols.values():
        unit = actual_unit or target_unit
    v = {"_parent": tb.parent, "level1": tb.levels[0], "level2": tb.levels[1], "level3": tb.levels[2], "operator": op if op in OPERATORS else "",
         "target_text": "" if target in SKIP else target, "target_value": target_value,
         "unit": unit, "actual_text": "" if actual in SKIP else actual, "actual_value": actual_value, "weight": _num(got.get("weight", "")),
         "score": _num(got.get("score", "")), "deviation_reason": got.get("deviation", "")}
    if v["level1"] == BUDGET_EXECUTION:
        # 预算执行率 | 年初预算数 312.46 | 全年预算数 370.76 | 执行数 365.12 | 10 | 9.8: amounts named in the cells, no rate; the
        # item's target and result are rates (docs/transcription.md), so the amounts are none of them
        for side in ("target", "actual"):
            if AMOUNT_CELL.match(v[f"{side}_text"]):
                v[f"{side}_text"] = v[f"{side}_value"] = ""
        for lv in ("level2", "level3"):
            # (预算执行率 | 全年预算数 | 531.75 | …: a stage's name and an amount in the level cells are the row's amounts, no level)
            stage = tb.rep.voc.last("stage", v[lv]) if v[lv] else None
            if AMOUNT_CELL.match(v[lv]) or _num(v[lv]) or stage and stage.start == 0 and v[lv][stage.end:] in ("", "数", "额"):
                v[lv] = ""
        v["unit"] = v["unit"] if v["target_value"] or v["actual_value"] else "%"
    _claim_cells(tb.rep, row)
    item = tb.emit_indicator(v, conf, row)
    tb.last_item = item
    tb.level_items.append((row.line, item))


AMOUNT_CELL = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:预算数|预算|执行数|支出数|决算数|支出)\s*[:：]?\s*\d[\d,]*(?:\.\d+)?\s*(?:万元|元)?$")  # 全年预算数 370.76
WHOLE_SCORE = re.compile(r"项目|整体")  # the name of a project's or the department's whole score
DECREASE = re.compile(r"(?:减少|下降|降低)\s*$")  # the words of a fall right before a figure
PROSE_ITEM = re.compile(r"分值\s*(\d+(?:\.\d+)?)\s*分\s*[，,]\s*(?:自评)?得(?:分)?(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
PROSE_HEAD = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.]?\s*(.{2,12}?)[（(]分值"
                        r"|^[（(]?[一二三四五六七八九十\d]+[)）、.]?\s*([^，,。；;\d]{2,10}?(?:指标|执行率))\s*(?=分值|满分)")  # （二）产出指标分值50分
PROSE_FIELDS = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?(.{1,40}?)[，,]\s*年度指标值[：:](.{0,40}?)[，,]"
                          r"\s*实际完成值[：:](.{0,40}?)[，,]\s*分值")
# 2.产出指标：分值50分，得分46分 / 预算执行率：分值10分，得10分: a level of the evaluation, stated with its points at the line's start
# 1.产出指标完成情况。… 该项指标分值40分，自评得分38分: a level opening its line, its points in a sentence of their own
OPENED_LEVEL = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?((?:产出|效益|满意度|成本)指标)(?:完成情况|实现情况)?\s*[：:]")
LEVEL_OPEN = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?([\u4e00-\u9fff]{2,8}指标)(?:完成情况|实现情况|情况)?\s*[。：:]")
LEVEL_POINTS = re.compile(r"(?<![\u4e00-\u9fff])(?:该|本|此)项?(?:一级)?指标\s*(?:满分|分值|权重)(?:为)?\s*(\d+(?:\.\d+)?)\s*分\s*[，,]\s*"
                          r"(?:自评)?得(?:分)?(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
PROSE_LEVEL = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?(?:[^，,。；;：:\d]{2,10}?指标\s*[。：:]\s*)?"
                         r"([^，,。；;：:（(“”\d]{2,10}?(?:指标|执行率))\s*(?:[：:，,]\s*(?:分值|权重)|共|满分|总分|[（(]\s*(?:分值|权重|满分)?)"
                         # (产出指标共40分，得38分; 1.产出指标（50分），得48分)
                         r"\s*(\d+(?:\.\d+)?)\s*分\s*[）)]?\s*[，,]\s*(?:自评)?得(?:分)?(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
# an evaluation's dimension with its points (（一）决策方面。该部分满分20分，得17.5分。), then its parts with theirs (其中项目立项5分，
# 得5分；绩效目标8分，得6.5分，…): the dimension a subtotal, each part an item of it
DIMENSION_POINTS = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?(决策|过程|产出|效益|满意度|投入|管理|绩效)(?:方面|部分|类)?\s*[。：:，,]\s*"
                              r"(?:该|本|此)(?:部分|方面|项)?\s*(?:满分|分值|权重)(?:为)?\s*(\d+(?:\.\d+)?)\s*分\s*[，,]\s*(?:实际|评价|自评)?得(?:分)?(?:为)?\s*"
                              r"(\d+(?:\.\d+)?)\s*分")
DIMENSION_PART = re.compile(r"(?:^|[。；;，,])\s*(?:其中[，,：:]?)?\s*([\u4e00-\u9fff]{2,10}?)\s*(\d+(?:\.\d+)?)\s*分\s*[，,]\s*得(?:分)?\s*(\d+(?:\.\d+)?)\s*分")


def _dimension(rep: ReportText, no: int, t: str, dm: re.Match[str]) -> None:
    """A dimension of an evaluation with its points and its parts' points in sentences (DIMENSION_POINTS, DIMENSION_PART)."""
    level1 = dm.group(1)
    d = rep.add("indicators", indicator_row(row_kind="subtotal", level1=level1, weight=dm.group(2), score=dm.group(3),
                                            source_quote=t[dm.start(1):dm.end()]), HIGH, (no, 0))
    parent = str(id(d.values))
    d.values["_id"] = parent
    for pm in DIMENSION_PART.finditer(t, dm.end()):
        rep.add("indicators", indicator_row(_parent=parent, level1=level1, level2=pm.group(1), weight=pm.group(2), score=pm.group(3),
                                            source_quote=t[pm.start(1):pm.end()]), HIGH, (no, pm.start(1)))
    for n in rep.lines[no].nums:
        if n.unit == "分":
            rep.claim(no, n)


SCORE_PARTS = re.compile(r"([^，,。其中的]{2,8}?)(?:自评分|评分为|自评得分|得分为?|(?<=指标)得)\s*(\d+(?:\.\d+)?)\s*分"
                         r"(?:\s*[（(]\s*(?:满分|分值|权重)\s*(\d+(?:\.\d+)?)\s*分\s*[）)])?")  # 产出指标得37.5分（满分40分）


# “接待群众来访”指标值≥200批次，完成值236批次[，分值10分，得分10分]; 群众满意度指标值≥90%，实际完成95%
NAMED = re.compile(r"(?:[“\"]([^”\"]{2,30})[”\"]|(?:^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?|(?<=[，,；;。：:]))([^，,；;。：:“”\s\d]{2,20}?))"
                   r"\s*(?:指标)?[，,：:]?\s*(?:(?:年度)?(?:指标值|目标值|计划值|目标)|(?=控制在))"
                   r"(?:为|是|：|:)?\s*((?:[^，,；;。]|(?<=\d)[,，](?=\d{3})){1,40}?)\s*[，,；;]\s*(?:实际(?:完成值|完成情况|完成|达到|值|为)?|完成值|完成情况|完成(?![率任目]))"
                   r"(?:为|是|：|:)?\s*((?:[^，,；;。（(]|(?<=\d)[,，](?=\d{3})){1,40}?)"  # (1,386件: a thousands separator is no clause's end)
                   r"(?:[，,]\s*(?:分值|权重)\s*(\d+(?:\.\d+)?)\s*分)?(?:\s*[，,]\s*得(?:分)?\s*(\d+(?:\.\d+)?)\s*分)?"
                   r"(?:\s*[（(]\s*(?:分值|满分|权重)\s*(\d+(?:\.\d+)?)\s*分\s*[）)])?(?=(?![,，]\d{3})[，,；;。（(]|$)")  # 得15分（分值15分）
# (完成值1,386件（其中来信96件、…）: the parts in brackets after the result are not the result)
LEVEL1_HEAD = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?([^，,。；;\d]{2,8}指标)(?:完成情况|实现情况)?\s*(?:[（(][^）)]*[）)])?[。：:]?$")


def bound_of(target: str) -> str:
    """The operator a target's words state (不少于1200件, 达到98%以上: ≥; 控制在8%以内, 不超过5%: ≤), '' for none."""
    if re.match(r"^(?:不少于|不低于|.*以上$)", target):
        return "≥"
    return "≤" if re.match(r"^(?:不超过|不高于|控制在.*以内$|.*以内$|.*以下$)", target) else ""


def _named(rep: ReportText, no: int, level1: str, parent: str) -> bool:
    """Indicators written “名称”指标值…，完成值…: one item each; True when the line had any."""
    line = rep.lines[no]
    t = line.text
    found = False
    for m in NAMED.finditer(t):
        name = (m.group(1) or m.group(2) or "").strip()
        if len(name) < 2 or name.endswith("年度") or any(x == no and m.start() < z and y < m.end() for x, y, z in rep.spans):
            continue  # (a sentence read as a narrated indicator is that indicator's)
        target, actual = m.group(3).strip(), m.group(4).strip()
        if target.startswith("控制在") and not m.group(6):
            continue  # 信访总量控制在1400件以内，实际1326件: a plan and its result, an indicator only where points are given (得10分)
        op = target[:1] if target[:1] in OPERATORS else bound_of(target)
        tv, tu = cell_value(target)
        av, au = cell_value(actual)
        v = {"project_id": "", "row_kind": "item", "parent_row": "", "_parent": parent, "level1": level1, "level2": "", "level3": name,
             "operator": op, "target_text": target, "target_value": tv, "unit": tu or au, "actual_text": actual, "actual_value": av,
             "weight": m.group(5) or m.group(7) or "", "score": m.group(6) or "", "deviation_reason": "", "metric": "",
             "source_quote": quote(t, m.start(), m.end()) if m.end() - m.start() > 80 else t[m.start():m.end()].strip(" ，,"), "note": ""}
        metric = rep.voc.last("metric", name)
        if metric:
            v["metric"] = rep.voc.metric_code(metric.code, au or tu)
        rep.add("indicators", v, HIGH if (tv or av) else MEDIUM, (no, m.start()))
        # the result is the indicator's only: a figure of a self-evaluation table, in any layout, is never
        # copied to petition_metrics (docs/transcription.md, conventions of 0.2.0)
        for n in line.nums:
            if m.start() <= n.start < m.end():
                rep.claim(no, n)
        found = True
    return found


# an indicator narrated in a sentence, between 。/； : [1.][数量指标：]全年计划办理信访事项不少于800件，实际办理912件，[分值10分，]得10分
SENTENCE = re.compile(r"[^。；;]{6,200}")
SENT_NAME = re.compile(r"^\s*(?:其中[，,：:]?\s*)?(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*|[一二三四五六七八九十]{1,3}是[，,：:]?\s*)?"
                       r"(?:(?P<colon>[^，,：:。；;\d（(]{2,12}?)\s*(?:[（(]\s*(?:分值|权重)?\s*(?P<pts>\d+(?:\.\d+)?)\s*分\s*[）)])?[：:]"
                       r"|(?P<aspect>[^，,：:。；;\d]{2,10}?方面)[，,]"  # 社会效益方面，…，得15分（满分15分）: an aspect judged in words
                       r"|(?P<comma>[^，,：:。；;\d]{2,16}?)[，,](?=\s*(?:分值|权重|年度|目标|计划|[^，,。；;]{0,20}\d)))?")
LEVEL_SENTENCE = re.compile(r"\s*(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)])?\s*([\u4e00-\u9fff]{2,8}指标)\s*[。.．]?\s*")
SUB_NAME = re.compile(r"\s*([^，,：:。；;\d“”]{2,16})[，,]")
POINT_MARK = re.compile(r"(?<=[；;。，,：:])\s?[一二三四五六七八九十]{1,3}是")
POINTS_ITEM = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*|[一二三四五六七八九十]{1,3}是[，,：:]?\s*)?"
                         r"([^，,：:。；;\d]{2,16})[，,：:]\s*(?:分值|权重)")
DEDUCTION = re.compile(r"扣\s*(\d+(?:\.\d+)?)\s*分|不扣分")
TARGET_WORDS = ("不少于", "不低于", "不超过", "不高于", "不多于", "≥", "≤", "目标值", "指标值", "计划值", "目标", "计划", "预期", "达到")
AT_LEAST = ("不少于", "不低于", "≥")
AT_MOST = ("不超过", "不高于", "不多于", "≤")
ACTUAL_AT = re.compile(r"实际|完成值|实现值|(?<=[，,])\s*(?:全年|年度|本年)?(?:实现|完成(?!目标|任务|率|情况|年度|全年))")  # 实现, 完成 where they open a clause
SENT_POINTS = re.compile(r"(?:分值|权重)\s*(\d+(?:\.\d+)?)\s*分")
SENT_SCORE = re.compile(r"(?:自评)?得(?:满分|分)?(?:为)?\s*[（(]?\s*(\d+(?:\.\d+)?)\s*分")  # 得10分, 得分9分, 得满分10分, 得满分（10分）
GOALS_INTRO = re.compile(r"目标(?:完成|实现)情况[：:]")  # 项目绩效目标完成情况：一是…
TARGET_NAMED_AFTER = re.compile(r"\s*的?(?:年度|全年)?(?:目标值?|指标值|计划)(?![\u4e00-\u9fff]*\d)")  # 96.5%，超过90%的年度目标
ITEM_NUMBER = re.compile(r"^\s*(?:[（(]?\d{1,2}[)）、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}是)")  # an item's numbering
NOT_ITEM = re.compile(r"得分|自评|结论|总分|综合|评价|情况")  # 自评结论：…得92分: a total, never an item
NO_REASON = re.compile(r"(?:该项?指标|指标)?(?:已?(?:超额)?完成|达到|实现)?(?:年度)?(?:目标|任务|计划)?(?:完成率\s*\d+(?:\.\d+)?\s*[%％])?")
FULL_POINTS = re.compile(r"满分\s*[（(]?\s*(\d+(?:\.\d+)?)\s*分")  # 得分9分（满分10分）, 得满分10分: the item's weight
# 达到92%，高于目标值（85%）; 满意率98%，目标值≥90%: the target stated after the result
TARGET_LATER = re.compile(r"(?:目标值|指标值|计划值|目标)\s*(?:为|是|[：:])?\s*[（(]?\s*(?:≥|≤|不低于|不少于|不超过|不高于)?\s*(?=\d)")


LEVEL_HEAD_SCORE = re.compile(r"\s*(?:其中[，,：:]?\s*)?[\u4e00-\u9fff]{2,6}指标\s*[（(]\s*(?:权重|分值|满分)?\s*\d+(?:\.\d+)?\s*分\s*[）)]"
                              r"\s*(?:自评)?得(?:分)?\s*\d+(?:\.\d+)?\s*分\s*[，,]\s*(?=\S)")


def _clause(t: str, at: int) -> str:
    """The text from `at` to the end of its clause (the next ，；。), without a leading 为/是/：."""
    m = re.match(r"\s*(?:完成情况|完成值|完成|达到)?\s*(?:为|是|[：:])?\s*([^，,；;。]{1,40})", t[at:])
    return m.group(1).strip() if m else ""


def _zero(text: str) -> str:
    """0 for a value stated as none in words (“零登记”, 零发生), else ''."""
    return "0" if re.search(r"零(?:登记|发生|事故|投诉|差错)?”?$", text.strip("“” ")) else ""


def _segments(t: str, start: int) -> list[tuple[int, int]]:
    """The sentences of t from `start` (split at 。；; and at 一是/二是 …; a half-width full stop opening one is the end of the
    one before): each may narrate one indicator."""
    cuts = [start] + [m.start() for m in POINT_MARK.finditer(t, start)] + [len(t)]
    out: list[tuple[int, int]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        # (a half-width full stop left at a sentence's start, after a bracket: 得分10分).当事人…, is the sentence before's end)
        out.extend((a + m.start() + len(m.group(0)) - len(m.group(0).lstrip(".．")), a + m.end()) for m in SENTENCE.finditer(t[a:b]))
    return out


def _sentences(rep: ReportText, no: int, level1: str, parent: str, start: int = 0, under_level: bool = False, opened: bool = False) -> bool:
    """Indicators narrated in sentences: a target (after 计划/目标/不少于/≥ …, or the figure of a clause
    under a level word: 质量指标，录入率100%), an actual (after 实际/完成值/实现) and the points (分值N分,
    得N分, 扣N分/不扣分: a deduction is no score, as printed): one item each; a target and an actual
    stated in words (目标为“零登记”，全年实现…“零登记”; 目标为机制健全，实际完成情况为基本健全) give an item
    with their texts (零 is 0). A sentence without points, or whose figures another rule placed, is left
    to the other rules (a plan and its result in petition prose)."""
    line = rep.lines[no]
    t = line.text
    found = False
    carried = ""  # 1.数量指标。计划…，实际…，得10分: the level named as a sentence of its own, the level2 of the items after it
    for a, b in _segments(t, start):
        seg = t[a:b]
        headed = LEVEL_HEAD_SCORE.match(seg)  # 其中，产出指标（50分）得45分，数量指标…: the level's points (a subtotal of its own), then an item
        if headed:
            a, seg = a + headed.end(), seg[headed.end():]
        own = LEVEL_SENTENCE.fullmatch(seg)
        if own:
            carried = own.group(1)
            continue
        scores = list(SENT_SCORE.finditer(seg))
        points = SENT_POINTS.search(seg)
        deduction = DEDUCTION.search(seg)
        name_m = SENT_NAME.match(seg)
        head_pts = name_m.group("pts") if name_m else None  # 2.质量指标（10分）：…: the item's weight on its name
        full = FULL_POINTS.search(seg)
        level_named = bool(name_m and (name_m.group("colon") or "").strip().endswith("指标") and level1
                           and ACTUAL_AT.search(seg) and any(w in seg for w in TARGET_WORDS))  # 1.数量指标：计划…，实际…。 (no points)
        # 绩效目标完成情况：一是…计划…不少于100条，实际…146条；二是…化解率94.7%，高于90%的年度目标: the goals' results, no points
        level_named = level_named or bool(headed and ACTUAL_AT.search(seg) and any(w in seg for w in TARGET_WORDS))
        # 3.满意度指标（分值10分，得分10分）。当事人满意度目标≥90%，实际93%。: a rate's target and result under the level heading of its
        # line, no points of its own (a plan of work in counts, 计划开展培训4期，实际开展5期, stays the work's)
        level_named = level_named or bool(under_level and ACTUAL_AT.search(seg) and any(w in seg for w in TARGET_WORDS)
                                          and [n.unit for n in line.nums if a <= n.start < b and n.kind == "value"] == ["%", "%"])
        # 产出指标完成情况：计划化解信访积案20件，实际化解23件: a target and its result after the level heading the line opens with
        level_named = level_named or bool(opened and ACTUAL_AT.search(seg) and any(w in seg for w in TARGET_WORDS))
        goals = not (scores or points or deduction or head_pts or level_named) and GOALS_INTRO.search(t, max(0, a - 300), a + 1) is not None
        if not (scores or points or deduction or head_pts or level_named or goals) or any(x == no and a < z and y < b for x, y, z in rep.spans):
            continue
        nums = [n for n in line.nums if a <= n.start < b and n.kind == "value"]
        if any(rep.is_claimed(no, n) for n in nums):
            continue
        weight = points.group(1) if points else head_pts or (full.group(1) if full and scores else "")
        act = ACTUAL_AT.search(seg)
        marks = [(m.start(), m.end()) for rx in (SENT_SCORE, SENT_POINTS, DEDUCTION, FULL_POINTS) for m in rx.finditer(seg)]
        figures = [n for n in nums if n.unit != "分" and not any(x <= n.start - a < y for x, y in marks)]
        name = ((name_m.group("colon") or name_m.group("aspect") or name_m.group("comma") or "").strip() if name_m else "")
        rest_at = name_m.end() if name_m else 0
        level2 = name if name.endswith("指标") else carried if not name else ""
        if not act:
            named_points = POINTS_ITEM.match(seg)
            later_t = TARGET_LATER.search(seg, rest_at)
            result = [n for n in figures if later_t and n.start < a + later_t.start()]
            planned = [n for n in figures if later_t and n.start >= a + later_t.end()]
            named_target = [n for n in figures if TARGET_NAMED_AFTER.match(t, n.unit_end)]  # 超过90%的年度目标: the figure the target is
            if not (result and planned) and len(named_target) == 1:
                later_t = TARGET_NAMED_AFTER.match(t, named_target[0].unit_end)
                planned = named_target
                result = [n for n in figures if n.start < named_target[0].start]
            if later_t and result and planned and (scores or weight or goals):
                # 1.社会效益指标：初信初访化解率达到92%，高于目标值（85%）7个百分点，得9分: the result, then the target
                tn = planned[0]
                an = next((n for n in reversed(result) if n.unit == tn.unit), result[-1])
                opm = re.search(r"≥|≤|不低于|不少于|不超过|不高于", seg[later_t.start():tn.start - a])
                op = "" if not opm else "≥" if opm.group(0) in AT_LEAST else "≤"
                t_text = t[a + later_t.start() + opm.start():tn.unit_end] if opm else t[tn.start:tn.unit_end]
                level3 = re.sub(r"(?:达到|达|为|是|实现|完成)$", "", seg[rest_at:an.start - a].strip(" ，,：:")).strip(" ，,：:")
                if level2 == "" and name:
                    level3 = name
                q = seg.strip(" ，,；;")
                if len(q) > 80:
                    q = quote(t, min(an.start, tn.start), max(an.unit_end, tn.unit_end))
                _sentence_item(rep, no, a, b, {"_parent": parent, "level1": level1, "level2": level2, "level3": level3, "operator": op,
                                               "_goal": goals, "target_text": t_text,
                                               "target_value": tn.text, "unit": an.unit or tn.unit, "actual_text": t[an.start:an.unit_end],
                                               "actual_value": an.text, "weight": weight, "score": scores[-1].group(1) if scores else "",
                                               "source_quote": q if not goals else quote(t, min(an.start, tn.start), max(an.unit_end, tn.unit_end))},
                               deduction, [an, tn] if goals else None)
                found = True
            elif goals:
                continue
            elif (later_t and planned and not result and weight and scores and planned[0].start == a + later_t.end()
                  and (same := [n for n in figures if n.start > planned[0].start and n.unit == planned[0].unit])):
                # 积案化解率年度指标值≥90%，交办积案18件，化解16件，化解率88.9%，分值15分，得14分: no 实际 word; the result is the last
                # figure in the target's unit (the counts between are the work's: petition figures, left to their rules)
                tn, an = planned[0], same[-1]
                op_text = t[a + later_t.start():tn.start]
                opw = next((w for w in AT_LEAST + AT_MOST if op_text.endswith(w)), "")
                op = "≥" if opw in AT_LEAST and opw else "≤" if opw else ""
                level3 = re.sub(r"(?:年度|全年)?$", "", seg[rest_at:later_t.start()].strip(" ，,：:")).strip(" ，,：:")
                lo, hi = a + rest_at, max(a + y for _, y in marks)
                why = REASON_AFTER.match(t, hi)  # …，得14分，偏差原因为2件积案…: the reason the target was missed (its figures are the reason's)
                if level3 and hi - lo <= 80:
                    _sentence_item(rep, no, a, b, {"_parent": parent, "level1": level1, "level2": level2, "level3": level3, "operator": op,
                                                   "target_text": t[tn.start - len(opw):tn.unit_end], "target_value": tn.text, "unit": tn.unit,
                                                   "actual_text": t[an.start:an.unit_end], "actual_value": an.text, "weight": weight,
                                                   "score": scores[-1].group(1), "deviation_reason": t[why.end():b].strip(" ，,；;。") if why else "",
                                                   "source_quote": quote(t, lo, hi)}, deduction,
                                   [tn, an, *(n for n in nums if n.unit == "分" and any(a + x <= n.start < a + y for x, y in marks))], apart=True)
                    if why:
                        rep.spans.append((no, why.start(), b))
                        for n in line.nums:
                            if why.start() <= n.start < b:
                                rep.claim(no, n)
                    found = True
            elif named_points and points:
                # 三是资金使用合规性，分值5分，全年资金使用符合…，不扣分: an item judged in words, its points only
                ends = [x for x, _ in marks if x > points.end()]
                text = seg[points.end():min(ends) if ends else len(seg)].strip(" ，,")
                q = seg.strip(" ，,；;")
                _sentence_item(rep, no, a, b, {"_parent": parent, "level1": level1, "level3": named_points.group(1).strip(), "actual_text": text,
                                               "weight": points.group(1), "score": scores[-1].group(1) if scores else "",
                                               "source_quote": q if len(q) <= 80 else quote(t, a + points.start(), a + points.end())}, deduction)
                found = True
            elif (scores and name_m and (name_m.group("colon") or name_m.group("aspect")) and not figures and level1
                  and (level2 or ITEM_NUMBER.match(seg) or name_m.group("aspect")) and not NOT_ITEM.search(name)):
                # 2.可持续影响指标：信访工作制度健全，长效机制建立，得10分: an item of a level judged in words, its score only
                ends = [x for x, _ in marks if x >= rest_at]
                text = seg[rest_at:min(ends) if ends else len(seg)].strip(" ，,")
                q = seg.strip(" ，,；;")
                if text and len(q) <= 80:
                    _sentence_item(rep, no, a, b, {"_parent": parent, "level1": level1, "level2": level2, "level3": "" if level2 else name,
                                                   "actual_text": text, "weight": weight,
                                                   "score": scores[-1].group(1), "source_quote": q}, deduction)
                    found = True
            continue
        before = [n for n in figures if n.start < a + act.start()]
        after = [n for n in figures if n.start >= a + act.end()]
        sub = SUB_NAME.match(seg, rest_at)  # 数量指标：化解信访积案数量，年度目标…: the indicator's own name after its level
        head = seg[:act.start()]
        word = max((w for w in TARGET_WORDS if w in head[rest_at:]), key=lambda w: head.rfind(w), default="")
        at = head.rfind(word) if word else -1
        if level2 and sub and not any(w in sub.group(1) for w in TARGET_WORDS):
            level3 = sub.group(1).strip()
        else:
            level3 = "" if level2 else name
            if not level3 or level2:
                cut = at if at > rest_at else (before[0].start - a if before else rest_at)
                level3 = re.sub(r"^(?:全年|年度|本年|年初)?(?:计划)?|(?:年度|全年)?(?:计划|目标)?$", "", seg[rest_at:cut]).strip(" ，,：:")
        if level3 != level2:
            level3 = re.sub(r"[“”\"]", "", re.sub(r"(?:年度|全年)?(?:指标值|目标值|计划值|目标|指标)(?:为|是)?$", "", level3)).strip(" ，,：:")
        if not before and not after:
            if not word or goals:
                continue
            target_text, actual_text = _clause(seg, at + len(word)), _clause(seg, act.end() if seg[act.start():act.end()] == "实际" else act.start())
            if not target_text or not actual_text or SENT_SCORE.search(actual_text) or SENT_POINTS.search(actual_text):
                continue
            tv, av, op, unit, t_text, a_text = _zero(target_text), _zero(actual_text), "", "", target_text, actual_text
            a_at = t.find(a_text, a + act.start())
        elif len(before) == 1 and after and (word or level2 or name_m and name_m.group("colon") and any(n.unit == before[0].unit for n in after)):
            # (（5）经费支出控制：预算数85万元，实际支出82.52万元，得10分: a named item's figure before its result, in the result's unit)
            tn = before[0]
            an = next((n for n in after if n.unit == tn.unit), after[0])  # 实际支出3.12万元，控制率89.14%: the figure in the target's unit
            lead = t[a:tn.start]
            at = lead.rfind(word) if word and word in lead else -1
            op_word = word if word in AT_LEAST + AT_MOST else ""
            if not op_word and tn.approx in ("以上", "以内"):
                op_word = tn.approx
            op = "≥" if op_word in AT_LEAST + ("以上",) else "≤" if op_word in AT_MOST + ("以内",) else ""
            t_from = a + at if op_word in AT_LEAST + AT_MOST and at >= 0 else tn.start
            tv, av, unit, t_text, a_text = tn.text, an.text, an.unit or tn.unit, t[t_from:tn.unit_end], t[an.start:an.unit_end]
            a_at = an.start  # (the result's own place: its text may be the target's too, 目标100%，实际100%)
            t_down, a_down = DECREASE.search(t, max(a, tn.start - 3), tn.start), DECREASE.search(t, max(a, an.start - 3), an.start)
            if t_down and a_down and tn.unit == an.unit == "%":
                # 目标减少10%以上，实际减少8.6%: a decrease, negative as docs/transcription.md has it (非访数量减少45% -> -45); 以上 on a
                # decrease bounds the fall, no operator of the value
                tv, av, op = f"-{tn.text}", f"-{an.text}", ""
                a_text, a_at = t[a_down.start():an.unit_end], a_down.start()
                t_text = t[t_down.start():tn.unit_end + (len(tn.approx) if tn.approx and t.startswith(tn.approx, tn.unit_end) else 0)]
        else:
            continue
        score = scores[-1].group(1) if scores else ""
        q = seg.strip(" ，,；;")
        if len(q) > 80:
            lo = min([n.start for n in figures] + [a + m[0] for m in marks])
            hi = max([n.unit_end for n in (before[:1] + after[:1])] + [a + m[1] for m in marks])
            if hi - lo > 80:
                continue
            q = quote(t, lo, hi)
        # the clause between the result and the points (有2件积案因…未能…化解) says why the target was missed
        a_end = a_at + len(a_text) if a_text and a_at >= 0 else a
        later = [a + x for x, _ in marks if a + x >= a_end]
        reason = t[a_end:min(later)].strip(" ，,；;。（(）)") if later and av else ""
        if NO_REASON.fullmatch(reason) or len(reason) < 4:
            reason = ""  # 完成目标, 该项指标, 指标完成率109.5%, a unit the reader left (小时): no reason for a deviation
        if goals:
            q, reason = quote(t, min(tn.start, an.start), max(tn.unit_end, an.unit_end)), ""
        _sentence_item(rep, no, a, b, {"_parent": parent, "level1": level1, "level2": level2, "level3": level3, "operator": op, "target_text": t_text,
                                       "target_value": tv, "unit": unit, "actual_text": a_text, "actual_value": av, "_goal": goals,
                                       "weight": weight, "score": score, "deviation_reason": reason,
                                       "source_quote": q}, deduction, [tn, an] if goals else None)
        found = True
    return found


def _sentence_item(rep: ReportText, no: int, a: int, b: int, values: dict[str, Any], deduction: re.Match[str] | None,
                   only: list[Num] | None = None, apart: bool = False) -> None:
    """Draft one indicator narrated in the sentence t[a:b] and claim its figures (`only` those, and only their
    stretch of the sentence, for a goal stated among other figures of the work)."""
    v = {"project_id": "", "row_kind": "item", "parent_row": "", "level1": "", "level2": "", "level3": "", "operator": "", "target_text": "",
         "target_value": "", "unit": "", "actual_text": "", "actual_value": "", "weight": "", "score": "", "deviation_reason": "", "metric": "",
         "note": "an indicator narrated in a sentence"}
    v.update(values)
    metric = rep.voc.last("metric", v["level3"]) if v["level3"] else None
    if metric:
        v["metric"] = rep.voc.metric_code(metric.code, v["unit"])  # the petition metric the indicator measures
    if deduction and not v["score"]:
        v["note"] += f"; {deduction.group(0)} (a deduction: no score printed)"
    rep.add("indicators", v, MEDIUM, (no, a))
    if only:
        # (`apart`: each figure's own stretch, the figures between them left to the other rules)
        rep.spans.extend([(no, n.start, n.unit_end) for n in only] if apart else [(no, min(n.start for n in only), max(n.unit_end for n in only))])
        for n in only:
            rep.claim(no, n)
        return
    rep.spans.append((no, a, b))
    for n in rep.lines[no].nums:
        if a <= n.start < b:
            rep.claim(no, n)


SENTENCE_END = re.compile(r"[。；;]")
REASON_AFTER = re.compile(r"\s*[，,]\s*(?:偏差)?(?:主\s*要)?原\s*因(?:是|为|在于|[：:])\s*")
EXEC_RATE = re.compile(r"执行率\s*(?:为|达到?|是)?\s*(\d+(?:\.\d+)?)\s*[%％]")
DEVIATION = re.compile(r"\s*(?:主\s*要)?原\s*因(?:是|为|在于|[：:])\s*")


def _deviation(rep: ReportText, no: int) -> None:
    """A sentence opening with (主要)原因是… right after an indicator on its line is that indicator's
    deviation_reason; its figures (2件积案) are the reason's, no petition figures."""
    line = rep.lines[no]
    t = line.text
    if not any(DEVIATION.match(t, m.start()) for m in SENTENCE.finditer(t)):
        return  # (no reason stated on the line: the drafts are not searched)
    items = [d for d in rep.drafts if d.table == "indicators" and d.pos[0] == no and d.values["row_kind"] == "item"]
    for m in SENTENCE.finditer(t):
        dm = DEVIATION.match(t, m.start())
        before = [d for d in items if d.pos[1] < m.start()]
        if not dm or not before:
            continue
        d = max(before, key=lambda d: d.pos[1])
        if not d.values["deviation_reason"]:
            d.values["deviation_reason"] = t[m.start():m.end() + 1].strip()
        rep.spans.append((no, m.start(), m.end()))
        for n in line.nums:
            if m.start() <= n.start < m.end():
                rep.claim(no, n)


# （一）产出指标（分值40分，自评得分38分）: a level's heading with its points in brackets, items may follow on the line
HEAD_POINTS = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?([^，,。；;：:（(“”\d]{2,10}?(?:指标|执行率|情况))\s*[（(]\s*"
                         r"(?:(?:分值|权重|满分)\s*)?(\d+(?:\.\d+)?)\s*分\s*(?:[，,、]\s*(?:(?:自评)?得(?:分)?(?:为)?\s*(\d+(?:\.\d+)?)\s*分|扣\s*\d+(?:\.\d+)?\s*分|不扣分))?[^）)]{0,20}[）)]")


def extract_prose(rep: ReportText) -> None:
    """The prose layout of a self-evaluation table, and score breakdowns (其中管理效能自评分 48 分 …)."""
    parent = ""
    level1 = ""
    for no in sorted(rep.lines):
        line = rep.lines[no]
        t = line.text
        if (dm := DIMENSION_POINTS.match(t)) is not None:
            _dimension(rep, no, t, dm)
            continue
        lo, lp = LEVEL_OPEN.match(t), LEVEL_POINTS.search(t)
        if lo and lp and not PROSE_LEVEL.match(t) and not HEAD_POINTS.match(t):
            # 1.产出指标完成情况。…。该项指标分值40分，自评得分38分。: the level's points in a sentence of its own, after its narrative
            level1 = lo.group(1)
            d = rep.add("indicators", {"project_id": "", "row_kind": "subtotal", "parent_row": "", "level1": level1, "level2": "", "level3": "",
                                       "operator": "", "target_text": "", "target_value": "", "unit": "", "actual_text": "", "actual_value": "",
                                       "weight": lp.group(1), "score": lp.group(2), "deviation_reason": "", "metric": "",
                                       "source_quote": quote(t, lp.start(), lp.end()), "note": ""}, HIGH, (no, 0))
            parent = str(id(d.values))
            d.values["_id"] = parent
            for n in line.nums:
                if n.unit == "分" and lp.start() <= n.start < lp.end():
                    rep.claim(no, n)
            _sentences(rep, no, level1, parent, lo.end())
            _named(rep, no, level1, parent)
            _deviation(rep, no)
            continue
        lh = LEVEL1_HEAD.match(t)
        sub = PROSE_LEVEL.match(t) or HEAD_POINTS.match(t)
        if sub and sub.re is HEAD_POINTS and not sub.group(3) and sub.group(1).endswith("指标") and t[sub.end():sub.end() + 1] in "：:":
            rest = t[sub.end():]
            if len(SENT_SCORE.findall(rest)) == 1 and not SENT_POINTS.search(rest) and not DEDUCTION.search(rest):
                sub = None  # 2.质量指标（10分）：…，得10分: one item, the points in brackets its weight (read by _sentences)
        if lh and not sub and not PROSE_ITEM.search(t):
            level1, parent = lh.group(1), ""
            continue
        if sub:
            # 2.产出指标：分值50分，得分46分。其中，“…”指标值…: the level's subtotal, then its items on the same line
            level1 = sub.group(1).strip()
            kind = "item" if re.search(r"执行(?:率|情况)$", level1) else "subtotal"
            level1 = BUDGET_EXECUTION if kind == "item" else level1  # 预算执行情况（分值10分）: the budget-execution item (docs/transcription.md)
            d = rep.add("indicators", {"project_id": "", "row_kind": kind, "parent_row": "", "level1": level1, "level2": "", "level3": "",
                                       "operator": "", "target_text": "", "target_value": "", "unit": "", "actual_text": "", "actual_value": "",
                                       "weight": sub.group(2), "score": sub.group(3) or "", "deviation_reason": "", "metric": "",
                                       "source_quote": t[sub.start(1):sub.end()], "note": ""}, HIGH, (no, 0))
            parent = "" if kind == "item" else str(id(d.values))
            d.values["_id"] = parent
            end = sub.end()
            rate = EXEC_RATE.search(t, sub.end()) if kind == "item" else None
            if rate and rate.end() - sub.start(1) <= 80:
                # （一）预算执行率（分值10分，得9分）。…，预算执行率98.62%: the rate its sentences state is the item's actual
                d.values.update(actual_text=f"{rate.group(1)}%", actual_value=rate.group(1), unit="%", source_quote=t[sub.start(1):rate.end()])
                end = rate.end()
                later = SENT_SCORE.search(t, rate.end())  # （分值10分）：预算执行率96.40%，按执行率计算得9.64分: the score after the rate
                if not d.values["score"] and later and later.end() - sub.start(1) <= 80 and not SENTENCE_END.search(t, rate.end(), later.start()):
                    d.values.update(score=later.group(1), source_quote=t[sub.start(1):later.end()])
                    end = later.end()
                for n in line.nums:
                    if sub.end() <= n.start < end and n.unit == "分":
                        rep.claim(no, n)
                rep.spans.append((no, sub.end(), end))  # the rate is also the budget row's (a restatement), never a petition figure
            for n in line.nums:
                if n.unit == "分" and sub.start(2) <= n.start < sub.end():
                    rep.claim(no, n)
            _sentences(rep, no, level1, parent, sub.end(), under_level=kind == "subtotal")
            _named(rep, no, level1, parent)
            _deviation(rep, no)
            continue
        opening = OPENED_LEVEL.match(t)
        if opening and rep.report_type != "dept_budget":
            # 1.产出指标完成情况：计划…，实际…；…: the level its line opens with, no points (its items in the sentences after it)
            sentences = _sentences(rep, no, opening.group(1), "", opening.end(), opened=True)
        else:
            sentences = _sentences(rep, no, level1, parent)
        if _named(rep, no, level1, parent) or sentences:
            _deviation(rep, no)
            continue
        m = PROSE_ITEM.search(t)
        if m:
            head = PROSE_HEAD.match(t)
            w, s = m.group(1), m.group(2)
            base = {"project_id": "", "row_kind": "item", "parent_row": "", "level1": "", "level2": "", "level3": "", "operator": "", "target_text": "",
                    "target_value": "", "unit": "", "actual_text": "", "actual_value": "", "weight": w, "score": s, "deviation_reason": "", "metric": "",
                    "source_quote": quote(t, m.start(), m.end()), "note": ""}
            if head:
                level1 = (head.group(1) or head.group(2)).strip()
                kind = "item" if "执行率" in level1 else "subtotal"
                base.update(row_kind=kind, level1=level1)
                d = rep.add("indicators", base, HIGH, (no, 0))
                parent = "" if kind == "item" else str(id(d.values))
                d.values["_id"] = parent
            else:
                f = PROSE_FIELDS.match(t)
                if f:
                    target, actual = f.group(2).strip(), f.group(3).strip()
                    op = target[:1] if target[:1] in OPERATORS else ""
                    base.update(level1=level1, level3=f.group(1).strip(), operator=op, target_text=target,
                                target_value=_num(target.lstrip("".join(OPERATORS))), actual_text=actual, actual_value=_num(actual),
                                source_quote=(t[f.start(1):m.end()] if m.end() - f.start(1) <= 80 else quote(t, m.start(), m.end())))
                    if actual.endswith("%") and _num(actual):
                        base["unit"] = "%"
                else:
                    base.update(level1=level1)
                base["_parent"] = parent
                rep.add("indicators", base, MEDIUM if not f else HIGH, (no, 0))
            for n in line.nums:
                if n.unit == "分" and m.start() <= n.start < m.end():
                    rep.claim(no, n)
            continue
        if "其中" in t:
            tail_at = t.index("其中")
            for sm in SCORE_PARTS.finditer(t, tail_at):
                name = sm.group(1).strip()
                if name == "自评" or WHOLE_SCORE.search(name):
                    continue  # X项目支出38.5万元，自评得分95分; 部门整体支出绩效自评得分96.5分: a project's or the report's score, no level
                execution = re.search(r"执行(?:率|情况)$", name) is not None  # 预算执行率得分9.5分: the budget-execution item (docs/transcription.md)
                v = {"project_id": "", "row_kind": "item" if execution else "subtotal", "parent_row": "", "level1": BUDGET_EXECUTION if execution else name,
                     "level2": "", "level3": "", "operator": "", "target_text": "", "target_value": "", "unit": "", "actual_text": "", "actual_value": "",
                     "weight": sm.group(3) or "", "score": sm.group(2),
                     "deviation_reason": "", "metric": "", "source_quote": quote(t, sm.start(1) if sm.group(3) else sm.start(2), sm.end()), "note": "",
                     "_score_part": True}
                rep.add("indicators", v, MEDIUM, (no, sm.start()))
                for n in line.nums:
                    if n.start == sm.start(2):
                        rep.claim(no, n)
    _stated_in_passing(rep)
    _drop_restated_score_parts(rep)
    _targets_under_levels(rep)
    _execution_rate_on_its_line(rep)


RATE_STATED = re.compile(r"执行率\s*(?:为|达到?|是)?\s*(\d+(?:\.\d+)?)\s*[%％]")


def _execution_rate_on_its_line(rep: ReportText) -> None:
    """（一）预算执行率满分10分，得9.8分。全年预算数…，执行率98.47%: the budget-execution item narrated with its points, its rate
    stated after them on its line: the item's result (docs/transcription.md: its target and result are rates)."""
    on_line: dict[int, list[int]] = {}  # the offsets of the indicator rows drafted on each line
    for d in rep.drafts:
        if d.table == "indicators":
            on_line.setdefault(d.pos[0], []).append(d.pos[1])
    for d in rep.drafts:
        v = d.values
        if d.table != "indicators" or v.get("level1") != BUDGET_EXECUTION or v.get("row_kind") != "item" or v.get("actual_value"):
            continue
        line = rep.lines.get(d.pos[0])
        if line is None:
            continue
        m = RATE_STATED.search(line.text, d.pos[1])
        if m is None or any(d.pos[1] < at < m.start() for at in on_line[d.pos[0]]):
            continue  # (another indicator stated between the points and the rate: the rate is not this item's)
        v.update(actual_text=f"{m.group(1)}%", actual_value=m.group(1), unit="%", source_quote=quote(line.text, d.pos[1], m.end()))
        for n in line.nums:
            if n.start == m.start(1):
                rep.claim(d.pos[0], n)


# 预算执行率81.5%，预算执行得分8.15分（分值10分）; 预算执行率分值10分，得9.3分: the budget-execution item stated within a passage
EXEC_INLINE = re.compile(r"(?:(?:预算)?执行率\s*(?P<rate>\d+(?:\.\d+)?)\s*[%％]\s*[，,]\s*)?预算执行(?:率)?(?:得分\s*(?P<s1>\d+(?:\.\d+)?)\s*分\s*[（(]\s*(?:分值|满分)"
                         r"\s*(?P<w1>\d+(?:\.\d+)?)\s*分\s*[）)]|\s*(?:分值|权重)\s*(?P<w2>\d+(?:\.\d+)?)\s*分\s*[，,]\s*得(?:分)?\s*(?P<s2>\d+(?:\.\d+)?)\s*分)")
# 预算执行率96.68%，该项（10分）得9.67分; 执行率84.42%，得9.5分（满分10分）; 执行率96.36%，未达到100%，扣0.5分，该项得9.5分（权重10分）:
# the rate, then its points (at most two clauses between them), the weight in brackets before 得 or after the score
EXEC_POINTS = re.compile(r"(?:预算)?执行率\s*(?P<rate>\d+(?:\.\d+)?)\s*[%％]\s*[，,]\s*(?:[^，,。；;（(分]{0,12}分?\s*[，,]\s*){0,2}?(?:该项|本项)?\s*"
                         r"(?:[（(]\s*(?:分值|权重|满分)?\s*(?P<w1>\d+(?:\.\d+)?)\s*分\s*[）)]\s*)?(?:自评)?得(?:分)?\s*(?P<s>\d+(?:\.\d+)?)\s*分"
                         r"(?:\s*[（(]\s*(?:分值|权重|满分)\s*(?P<w2>\d+(?:\.\d+)?)\s*分\s*[）)])?")
# 其中：预算执行率（权重10分）得9.5分；产出指标（50分）得48分；效益指标30分得25分；满意度指 标10分得6分: each level stated with its
# points and its score in a passage (a summary of the scores): the level's subtotal (预算执行率 the budget-execution item)
LEVEL_SCORE = re.compile(r"(?:(?<=其中)|(?<![\u4e00-\u9fff]))(?P<level>预算\s?执\s?行(?:率|指标)|(?:[\u4e00-\u9fff]\s?){1,5}指\s?标)"
                         r"\s*[（(]?\s*(?:权重|分值|满分)?\s*(?P<w>\d+(?:\.\d+)?)\s*分\s*[）)]?"
                         r"\s*[：:，,]?\s*(?:(?:预算)?执行率\s*(?P<rate>\d+(?:\.\d+)?)\s*[%％]\s*[，,]\s*)?(?:自评)?得(?:满分|分)?\s*(?P<s>\d+(?:\.\d+)?)\s*分")
# 加上预算执行率得分9.59分: the budget-execution item's score alone (no weight printed with it)
EXEC_SCORE = re.compile(r"预算执行率?(?:指标)?得分(?:为)?\s*(?P<s>\d+(?:\.\d+)?)\s*分(?!\s*[（(]\s*(?:分值|满分|权重))")
# 以上绩效指标共得78.5分（分值90分）: the points of the goals narrated before it
GOALS_TOTAL = re.compile(r"以上(?:各项)?(?P<level>(?:绩效)?指标)(?:共|合计|累计)?得(?:分)?\s*(?P<score>\d+(?:\.\d+)?)\s*分\s*"
                         r"[（(]\s*(?:分值|满分)\s*(?P<weight>\d+(?:\.\d+)?)\s*分\s*[）)]")


def _stated_in_passing(rep: ReportText) -> None:
    """The budget-execution item stated inside a passage (…执行率81.5%，预算执行得分8.15分（分值10分）) and the
    total of goals narrated without points (以上绩效指标共得78.5分（分值90分）: their `subtotal`, their parent)."""
    items = [d for d in rep.drafts if d.table == "indicators"]
    executed = {d.pos[0] for d in items if d.values["level1"] == BUDGET_EXECUTION}  # (the lines of the items drafted before)
    held: dict[int, list[tuple[int, int]]] = {}  # rep.spans by line, kept up with as the spans grow (linear in them)
    seen = 0

    def inside(no: int, at: int) -> bool:
        nonlocal seen
        for x, y, z in rep.spans[seen:]:
            held.setdefault(x, []).append((y, z))
        seen = len(rep.spans)
        return any(y <= at < z for y, z in held.get(no, ()))

    for no in sorted(rep.lines):
        line = rep.lines[no]
        t = line.text
        for m in [*EXEC_INLINE.finditer(t), *(x for x in EXEC_POINTS.finditer(t) if x.group("w1") or x.group("w2")), *EXEC_SCORE.finditer(t)]:
            if no in executed or inside(no, m.start()):
                continue
            if m.re is EXEC_SCORE and any(d.values["level1"] == BUDGET_EXECUTION and d.values["score"] == m.group("s") for d in rep.drafts
                                          if d.table == "indicators"):
                continue  # the score of the item a table or a heading states: one row per fact
            groups = m.groupdict()
            rate = groups.get("rate") or ""
            score = groups.get("s1") or groups.get("s2") or groups.get("s") or ""
            if m.re is EXEC_POINTS:
                # 其中：预算执行率（权重10分）得9.5分 … 预算执行率96.36%，…，该项得9.5分（权重10分）: one item, stated with its rate here
                same = [d for d in rep.drafts if d.table == "indicators" and d.values["level1"] == BUDGET_EXECUTION and not d.values["actual_value"]
                        and d.values["score"] == groups["s"] and d.values["weight"] == (groups["w1"] or groups["w2"])]
                rep.drafts = [d for d in rep.drafts if all(d is not x for x in same)]
            _sentence_item(rep, no, m.start(), m.end(), {"level1": BUDGET_EXECUTION, "actual_text": f"{rate}%" if rate else "", "actual_value": rate,
                                                         "unit": "%" if rate else "", "weight": groups.get("w1") or groups.get("w2") or "",
                                                         "score": score, "source_quote": quote(t, m.start(), m.end()),
                                                         "note": "the budget-execution item stated in the text"}, None,
                           [n for n in line.nums if m.start() <= n.start < m.end() and n.unit == "分"] or None)
            rep.spans.append((no, m.start(), m.end()))  # (the rate is the budget row's too, a restatement; never a petition figure)
        for m in LEVEL_SCORE.finditer(t):
            level = re.sub(r"\s", "", m.group("level"))
            execution = level.startswith("预算执行")
            level = BUDGET_EXECUTION if execution else level
            if (inside(no, m.start()) or any(rep.is_claimed(no, n) for n in line.nums if m.start() <= n.start < m.end())
                    or any(d.values["level1"] == level and d.values["score"] == m.group("s") and d.values["row_kind"] in ("item", "subtotal")
                           and (execution or not d.values["level2"] and not d.values["level3"]) for d in rep.drafts if d.table == "indicators")):
                continue  # a level stated with its points elsewhere (a heading, a table): one row per fact
            rate = m.group("rate") or ""
            d = rep.add("indicators", {"project_id": "", "row_kind": "item" if execution else "subtotal", "parent_row": "", "level1": level, "level2": "",
                                       "level3": "", "operator": "", "target_text": "", "target_value": "", "unit": "%" if rate else "",
                                       "actual_text": f"{rate}%" if rate else "", "actual_value": rate, "weight": m.group("w"), "score": m.group("s"),
                                       "deviation_reason": "", "metric": "", "source_quote": t[m.start():m.end()].strip(),
                                       "note": "a level stated with its points in a passage"}, MEDIUM, (no, m.start()))
            d.values["_id"] = "" if execution else str(id(d.values))
            rep.spans.append((no, m.start(), m.end()))  # (a rate in it is the budget row's too, a restatement; never a petition figure)
            for n in line.nums:
                if m.start() <= n.start < m.end() and n.unit == "分":
                    rep.claim(no, n)
        for m in GOALS_TOTAL.finditer(t):
            d = rep.add("indicators", {"project_id": "", "row_kind": "subtotal", "parent_row": "", "level1": m.group("level"), "level2": "", "level3": "",
                                       "operator": "", "target_text": "", "target_value": "", "unit": "", "actual_text": "", "actual_value": "",
                                       "weight": m.group("weight"), "score": m.group("score"), "deviation_reason": "", "metric": "",
                                       "source_quote": quote(t, m.start(), m.end()), "note": "the total of the goals narrated before it"}, MEDIUM, (no, m.start()))
            d.values["_id"] = str(id(d.values))
            for g in items:
                if g.values.get("_goal") and not g.values.get("_parent") and g.pos <= (no, m.start()):
                    g.values["_parent"] = d.values["_id"]
            for n in line.nums:
                if m.start() <= n.start < m.end():
                    rep.claim(no, n)


def _drop_restated_score_parts(rep: ReportText) -> None:
    """A summary of the scores (其中预算执行率得分9.5分，产出指标得分38分…) restates the levels when the report
    also states each level with its points (（二）产出指标（分值40分，得分38分）): the level's row is the one kept."""
    rows = [d for d in rep.drafts if d.table == "indicators"]
    stated = {(d.values["level1"], d.values["score"]) for d in rows if not d.values.get("_score_part")}
    rep.drafts = [d for d in rep.drafts if not (d.table == "indicators" and d.values.get("_score_part")
                                                 and (d.values["level1"], d.values["score"]) in stated)]


# （一）产出指标：A≥95%；B不低于95%；C30件以上。（二）效益指标：…: targets stated under the levels' headings, as a table
# would state them (docs/transcription.md, 0.3.0: indicators stated in prose), with no result and no points
TARGET_LEVEL = re.compile(r"[（(][一二三四五六七八九十]{1,3}[)）]\s*([\u4e00-\u9fff]{2,6}指标)\s*[：:]")
# in a 部门预算 (which states targets only): 1.产出指标。/ 2、效益指标： too, any numbering, the heading closed by 。 or ：
# (or unnumbered, a level1 of the evaluation's own after a colon or a stop: 绩效目标：产出指标：…；效益指标：…), or ending its line
BUDGET_TARGET_LEVEL = re.compile(r"(?:(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|(?<![\d.．])\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、)\s*"
                                 r"([\u4e00-\u9fff]{2,6}指标)|(?:^|(?<=[：:。；;]))\s*((?:产出|效益|满意度|成本)指标))\s*(?:[：:。]|$)")
SUB_LEVEL = re.compile(r"\s*([\u4e00-\u9fff]{2,10}指标)\s*[：:]\s*")  # 数量指标：A≥1300件: the level2 heading its clauses are under
TARGET_ITEM = re.compile(r"(?P<name>[^，,。；;：:\d≥≤＞＜<>]{2,40}?)\s*(?P<op>≥|≤|不低于|不少于|不超过|不高于|不多于)?\s*(?P<num>\d+(?:\.\d+)?)\s*"
                         r"(?P<unit>%|％|件|起|批次|批|人次|次|个|名|天|日)\s*(?P<bound>以上|以下)?")
NOT_TARGET = re.compile(r"实际|完成值|得分|分值|权重|得\s*\d")
ONE_GO_NAME = re.compile(r"一次性化解")  # (初信初访一次性化解率: no metric of its own, not the backlog's rate)


def _targets_under_levels(rep: ReportText) -> None:
    """Items of targets under （一）产出指标： / （二）效益指标： headings in a sentence: one `item` row each (its name in
    `level3`, the heading in `level1`, ≥ from ≥/不低于/不少于/以上, ≤ from ≤/不超过/不高于/以下); its figures are the
    indicator's only, never petition figures."""
    carry = ""  # a heading that ends its line (（二）效益指标：), its items on the next
    under = False  # the line before was the first after such a heading: a line opening with a level2 heading goes on under it
    level_rx = BUDGET_TARGET_LEVEL if rep.report_type == "dept_budget" else TARGET_LEVEL
    for no in sorted(rep.lines):
        line = rep.lines[no]
        t = line.text
        found = list(level_rx.finditer(t))
        if carry and under and not found and not SUB_LEVEL.match(t):
            carry = ""  # （一）产出指标 / 数量指标：…； / 质量指标：…；: each line of a level2 under the level, to a line of no level2
        if not (found or carry) or any(d.table == "indicators" and d.pos[0] == no for d in rep.drafts):
            carry, under = "", False
            continue
        heads = [(carry, 0)] if carry and (not found or found[0].start() > 0) else []
        heads += [(_level_name(h), h.end()) for h in found]
        went_on = carry if not found and SUB_LEVEL.match(t) else ""
        carry = _level_name(found[-1]) if found and not t[found[-1].end():].strip() else went_on
        under = bool(went_on)
        for k, (level, at) in enumerate(heads):
            end = found[k + 1 - len(heads) + len(found)].start() if k + 1 < len(heads) else len(t)
            level2 = ""
            for a, b, level2 in _target_clauses(t, at, end):
                m = TARGET_ITEM.fullmatch(t, a, b) if not NOT_TARGET.search(t, a, b) else None
                if m is None:
                    continue
                m = TARGET_ITEM.match(t, a + len(t[a:b]) - len(t[a:b].lstrip()))
                if m is None or m.end() != b - (len(t[a:b]) - len(t[a:b].rstrip())):
                    continue
                name = re.sub(r"\s", "", m.group("name"))
                op_word, bound = m.group("op") or "", m.group("bound") or ""
                op = "≥" if op_word in ("≥", "不低于", "不少于") or bound == "以上" else "≤" if op_word or bound == "以下" else ""
                unit = "%" if m.group("unit") in ("%", "％") else m.group("unit")
                v = {"project_id": "", "row_kind": "item", "parent_row": "", "level1": level, "level2": level2, "level3": name, "operator": op,
                     "target_text": f"{m.group('num')}{m.group('unit')}", "target_value": m.group("num"), "unit": unit, "actual_text": "",
                     "actual_value": "", "weight": "", "score": "", "deviation_reason": "", "metric": "",
                     "source_quote": quote(t, m.start("name") + len(m.group("name")) - len(m.group("name").lstrip()), m.end()),
                     "note": "a target stated under its level's heading (no result, no points)"}
                metric = rep.voc.last("metric", name) if not ONE_GO_NAME.search(name) else None
                if metric:
                    v["metric"] = rep.voc.metric_code(metric.code, unit)
                rep.add("indicators", v, MEDIUM, (no, m.start()))
                rep.spans.append((no, m.start(), m.end()))
                for n in line.nums:
                    if m.start() <= n.start < m.end():
                        rep.claim(no, n)


def _level_name(h: re.Match[str]) -> str:
    """The level a heading of targets names (the group of its form that matched)."""
    return next(g for g in h.groups() if g)


def _target_clauses(t: str, at: int, end: int) -> list[tuple[int, int, str]]:
    """The clauses of targets in t[at:end] under a level's heading, each with the level2 heading it is under: split at
    ；。 and, where every part is a target (质量指标：A100%，B≥95%), at ，; a clause opening with a level2 heading
    (数量指标：…) is under it, and so are the clauses after it to the next one."""
    out: list[tuple[int, int, str]] = []
    level2 = ""
    for seg in re.finditer(r"[^；;。]+", t[at:end]):
        a, b = at + seg.start(), at + seg.end()
        sub = SUB_LEVEL.match(t, a)
        if sub:
            level2, a = sub.group(1), sub.end()
        parts = [(a + p.start(), a + p.end()) for p in re.finditer(r"[^，,]+", t[a:b])]
        if len(parts) > 1 and all(TARGET_ITEM.fullmatch(t[x:y].strip()) and not NOT_TARGET.search(t, x, y) for x, y in parts):
            out.extend((x, y, level2) for x, y in parts)
        else:
            out.append((a, b, level2))
    return out


# a table of targets by project (项目名称 | 绩效指标 | 指标值: 2024年项目支出绩效目标表), a budget's: no results, no points
TARGET_TABLE_HEADS = (("项目名称", "项目"), ("绩效指标", "指标名称", "指标", "绩效目标"), ("指标值", "目标值", "年度指标值", "年度目标值"))


def targets_tables(rep: ReportText, projects: dict[str, str]) -> None:
    """Each row of a table of targets by project (项目名称 | 绩效指标 | 指标值): an `item` of the project its row (or a row
    above) names (`projects`: the ids of the projects drafted, by name; the department's where none matches), `level3` the
    indicator's name, its target as printed (operator ≥/≤ from the sign or the words, value and unit from the cell)."""
    from .budgets import same_project  # (budgets reads indicators' helpers: imported here, where it is used)
    drafted = {d.pos[0] for d in rep.drafts if d.table == "indicators"}
    for block in rep.blocks:
        if block.kind != "table":
            continue
        cols: dict[str, int] = {}
        project_id = ""
        for row in block.rows:
            heads = [header_cell(c) for c in row.cells]
            if not cols:
                found = {role: next((i for i, h in enumerate(heads) if h in words), -1)
                         for role, words in zip(("project", "name", "value"), TARGET_TABLE_HEADS, strict=True)}
                if all(i >= 0 for i in found.values()) and found["project"] < found["name"] < found["value"]:
                    cols = found
                continue
            cells = {role: (row.cells[i].strip() if i < len(row.cells) else "") for role, i in cols.items()}
            name, value = cells["name"], cells["value"]
            if cells["project"]:
                project_id = projects.get(same_project(cells["project"]), "")
            target_value, unit = cell_value(value)
            if not name or not target_value or row.line in drafted:
                continue
            op = value[:1] if value[:1] in OPERATORS else bound_of(value)
            v = {"project_id": project_id, "row_kind": "item", "parent_row": "", "level1": "", "level2": "", "level3": re.sub(r"\s", "", name),
                 "operator": op, "target_text": value, "target_value": target_value, "unit": unit, "actual_text": "", "actual_value": "",
                 "weight": "", "score": "", "deviation_reason": "", "metric": "", "source_quote": row_quote(row),
                 "note": "a table of targets by project (no result, no points)"}
            metric = rep.voc.last("metric", v["level3"])
            if metric:
                v["metric"] = rep.voc.metric_code(metric.code, unit)
            rep.add("indicators", v, MEDIUM, (row.line, 0))
            _claim_cells(rep, row)


RESTATED = ("target_value", "actual_value", "weight", "score")


def _indicator_name(v: dict[str, Any]) -> str:
    """An indicator's name as compared between prose and table: its lowest level, white space and quotes left out."""
    return re.sub(r"[\s“”\"]", "", str(v.get("level3") or v.get("level2") or v.get("level1") or ""))


def prose_restated_by_table(rep: ReportText) -> None:
    """A report that states its indicators in prose and again in a scored table (a 项目自评报告 with its 自评表 appended):
    the table's rows are the indicators (indicators has no statement number: a second reading would count each weight
    twice); a prose indicator whose figures a table row holds is dropped, and the prose headings' points (产出指标（50分），
    得48分) stay, as the table's project's, where the table prints no such subtotal."""
    on_table = {r.line for b in rep.blocks if b.kind == "table" for r in b.rows}
    own = [d for d in rep.drafts if d.table == "indicators"]
    table = [d for d in own if d.pos[0] in on_table and d.values.get("row_kind") == "item"]
    prose = [d for d in own if d.pos[0] not in on_table]
    if not table or not prose:
        return
    dropped: list[Draft] = []
    projects: set[str] = set()
    # the table's rows by their indicator's name and each set of figure columns (16 sets: a lookup per prose row, time linear
    # in the rows), each table row taken by one prose row at most (a multiset)
    held: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for t in table:
        name = _indicator_name(t.values)
        for k in range(1 << len(RESTATED)):
            cols = tuple(c for j, c in enumerate(RESTATED) if k >> j & 1)
            held.setdefault((name, cols, tuple(str(t.values.get(c)) for c in cols)), []).append(str(t.values.get("project_id", "")))
    taken: Counter[tuple[str, tuple[str, ...], tuple[str, ...]]] = Counter()
    for p in prose:
        if p.values.get("row_kind") != "item":
            continue
        figures = tuple(c for c in RESTATED if p.values.get(c))
        key = (_indicator_name(p.values), figures, tuple(str(p.values[c]) for c in figures))
        pids = held.get(key, []) if len(figures) >= 2 and key[0] else []
        if taken[key] < len(pids):
            dropped.append(p)
            projects.add(pids[taken[key]])
            taken[key] += 1
    if not dropped:
        return
    subtotals = {(t.values.get("level1"), str(t.values.get("weight"))) for t in own if t.pos[0] in on_table and t.values.get("row_kind") == "subtotal"}
    for p in prose:
        if p.values.get("row_kind") == "subtotal":
            if (p.values.get("level1"), str(p.values.get("weight"))) in subtotals:
                dropped.append(p)
            elif len(projects) == 1 and not p.values.get("project_id"):
                p.values["project_id"] = next(iter(projects))
    gone = {id(d) for d in dropped}
    rep.drafts = [d for d in rep.drafts if id(d) not in gone]
