"""A report's text: decoding (UTF-8 or GB18030), lines, white space, and the two table layouts.

Quotes are taken from the text with every run of white space collapsed to one space, the same
rule the gate's provenance layer applies, so a drafted quote always occurs in the report.

Table layouts found in the sources (both are what `pdftotext`/`pandoc`/Word exports produce):

- *one cell per line*: each cell on its own line starting with a TAB, a blank line between rows;
- *one row per line*: cells separated by TABs on one line;
- *fixed width* (`pdftotext -layout`, plain-text exports): cells separated by runs of two or more
  spaces (or an ideographic space), columns aligned. A run of such lines with three or more cells
  each (rows of two cells may follow) is a table; a row with fewer cells than the widest row of its
  table has its cells placed under the columns they overlap, the others left empty.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..quotes import collapse

WS = re.compile(r"\s+")
BOOKMARK = re.compile(r"\[bookmark: [^\]\n]{0,200}\]")  # bounded: an unclosed “[bookmark: ” never rescans the line
# Bounds on the input, so the time is linear whatever the file holds (the gate's rule: bounded time):
# a line is read up to MAX_LINE characters (a real report's paragraphs are under 2,000; the rest of a
# longer line is reported, see long_lines), and a line with more than MAX_COLUMNS cells is not a table.
MAX_LINE = 10_000
MAX_COLUMNS = 40


class DecodeError(ValueError):
    """The bytes are neither UTF-8 nor GB18030."""


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: UTF-8 (with or without BOM) first, else GB18030.

    A GB18030 (GBK) file is almost never valid UTF-8, and UTF-8 Chinese text is rarely valid
    GB18030 *and* invalid UTF-8, so trying the strict decoders in this order is decisive.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise DecodeError(f"neither UTF-8 nor GB18030 (byte {exc.start}): convert the file to UTF-8 text first") from exc


def read_text(path: str | Path) -> tuple[str, str]:
    return decode(Path(path).read_bytes())


@dataclass
class Row:
    """A table row: its cells (stripped) and its text as quoted (cells joined by one space)."""

    cells: list[str]
    line: int  # 1-based line of the row's first cell
    printed: list[str] | None = None  # the cells as printed, where `cells` leaves some out (a 行次 column's line numbers)

    @property
    def quote(self) -> str:
        return collapse(" ".join(self.printed if self.printed is not None else self.cells))

    @property
    def filled(self) -> list[str]:
        return [c for c in self.cells if c]

    @property
    def printed_filled(self) -> list[str]:
        """The non-empty cells as printed (what a quote of the row holds)."""
        return [c for c in (self.printed if self.printed is not None else self.cells) if c]


@dataclass
class Block:
    """A prose line (kind 'line') or a table (kind 'table', with rows)."""

    kind: str
    line: int
    text: str = ""
    rows: list[Row] = field(default_factory=list)


CELL = re.compile(r"[^ \u3000\t]+(?: [^ \u3000\t]+)*")


def char_width(ch: str) -> int:
    """Display columns of a printed character: a full-width one (汉字, full-width punctuation) takes two."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


ONE_CJK = re.compile(r"[\u4e00-\u9fff]")  # a cell of one CJK character: a letter of a word spaced out (项    目, 合    计)
SPACED_GAP = 10  # at most this many spaces between the letters of a spaced-out word (columns are further apart)
RULE_LINE = re.compile(r"^\s*[─━═―—\-=＝_＿┄┈╌]{6,}\s*$")  # a ruled line of a table drawn in text (under its header, between its rows)


def fixed_cells(raw: str) -> list[tuple[int, int, str]]:
    """The cells of a fixed-width line with their character spans: text separated by runs of two or
    more spaces (a single space stays inside a cell: `≤ 10 次`). A word spaced out letter by letter
    (项    目, 科  目  名  称: consecutive cells of one CJK character each) is one cell, its letters joined
    by one space as the report's text reads once white space is collapsed (a header cell drops it)."""
    out: list[tuple[int, int, str]] = []
    run = False  # whether the last cell is a spaced-out word so far
    for m in CELL.finditer(raw):
        c = m.group(0)
        if ONE_CJK.fullmatch(c) and out and (run or ONE_CJK.fullmatch(out[-1][2])) and m.start() - out[-1][1] <= SPACED_GAP:
            out[-1] = (out[-1][0], m.end(), f"{out[-1][2]} {c}")
            run = True
            continue
        run = False
        out.append((m.start(), m.end(), c))
    return out


def display_spans(raw: str, cells: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The same cells with spans in display columns (a CJK character is two columns wide), as a
    monospace screen shows them."""
    col = [0]
    for ch in raw:
        col.append(col[-1] + char_width(ch))
    return [(col[a], col[b], c) for a, b, c in cells]


def _place(cells: list[tuple[int, int, str]], widest: list[tuple[int, int, str]]) -> tuple[list[str], int]:
    """Each cell under the widest row's column it overlaps most, in reading order; with the total overlap."""
    placed = [""] * len(widest)
    col, total = 0, 0
    for a, b, c in cells:
        best, score = col, float("-inf")
        for k in range(col, len(widest)):
            wa, wb = widest[k][0], widest[k][1]
            overlap = min(b, wb) - max(a, wa)
            near = float(overlap) if overlap > 0 else -min(abs(a - wa), abs(b - wb)) / 100
            if near > score and not placed[k]:
                best, score = k, near
        if score == float("-inf"):  # no free column left at or after this one: the cell has no place
            continue
        total += max(int(score), 0)
        placed[best] = c
        col = min(best + 1, len(widest) - 1)
    return placed, total


def _heading(cells: list[tuple[int, int, str]]) -> bool:
    """A row of column headings: three or more cells, none holding a digit."""
    return len(cells) >= 3 and not any(re.search(r"\d", c) for _, _, c in cells)


def _parts(rows: list[tuple[int, str, list[tuple[int, int, str]]]]) -> list[list[tuple[int, str, list[tuple[int, int, str]]]]]:
    """A run of aligned lines cut before each row of headings at its left margin that is followed by a row of figures, so
    that each block of a form (the budget block under 年初预算数 …, the indicator grid under 一级指标 …) is aligned
    on its own columns."""
    margin = min(r[2][0][0] for r in rows) + 2  # (a row of headings starts at the run's left margin; a wrapped row of labels further in)
    cuts = [k for k in range(1, len(rows) - 1) if _heading(rows[k][2]) and any(re.search(r"\d", c) for _, _, c in rows[k + 1][2])
            and rows[k][2][0][0] <= margin]
    bounds = [0, *cuts, len(rows)]
    return [rows[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _align(rows: list[tuple[int, str, list[tuple[int, int, str]]]]) -> list[Row]:
    """Fixed-width rows as table rows: a row with fewer cells than the widest row has each cell put in
    the widest row's column it overlaps most (in reading order), so empty cells keep their place.
    Positions are compared both in characters and in display columns; the reading with more overlap wins."""
    _, wraw, widest = max(rows, key=lambda r: len(r[2]))
    out = []
    for line, raw, cells in rows:
        if len(cells) >= len(widest):
            out.append(Row([c for _, _, c in cells], line))
            continue
        by_char = _place(cells, widest)
        by_col = _place(display_spans(raw, cells), display_spans(wraw, widest))
        out.append(Row(max(by_col, by_char, key=lambda p: p[1])[0], line))
    return out


LINE_NUMBER_HEAD = ("次", "行次", "栏次")  # the header of a column of line numbers (行 / 次 printed over two lines, 行次)
LINE_NUMBER = re.compile(r"\d{1,3}")
LABEL_NUMBERED = re.compile(r"^(.*[\u4e00-\u9fff）)])\s+(\d{1,3})$")  # 二、政府性基金预算财政拨款 2: a label and its line number in one cell


def _without_line_numbers(rows: list[Row]) -> list[Row]:
    """The rows of a form with a column of line numbers (项目 | 行次 | 金额, the final accounts' templates: 本年收入合计 11
    301.25): those cells are read as empty, a line number printed in its label's cell (…财政拨款 2) taken off the label; the
    row keeps its cells as printed for its quote. A column is one of line numbers only when its header says so and every
    cell below it is empty or a whole number of up to three digits, the numbers rising down the column."""
    head = next((k for k, r in enumerate(rows[:3]) if any(re.sub(r"\s", "", c) in LINE_NUMBER_HEAD for c in r.cells)), None)
    if head is None:
        return rows
    body = rows[head + 1:]
    def numbering(i: int) -> bool:
        """Whole numbers of up to three digits or blanks, rising down the column (line numbers; 来信 125 / 来访 86 under 次
        is a count)."""
        seen = [int(r.cells[i]) for r in body if i < len(r.cells) and r.cells[i]]
        return all(i >= len(r.cells) or not r.cells[i] or LINE_NUMBER.fullmatch(r.cells[i]) for r in body) and all(
            a < b for a, b in zip(seen, seen[1:], strict=False))
    cols = [i for i, c in enumerate(rows[head].cells) if re.sub(r"\s", "", c) in LINE_NUMBER_HEAD and numbering(i)]
    if not cols:
        return rows
    out = rows[:head + 1]
    for r in body:
        cells = list(r.cells)
        for i in cols:
            if i < len(cells) and cells[i]:
                cells[i] = ""
            elif (left := max((j for j in range(min(i, len(cells))) if cells[j]), default=-1)) >= 0 and (m := LABEL_NUMBERED.match(cells[left])):
                cells[left] = m.group(1)  # (the label's cell nearest to the left of the column, not only the one beside it)
        out.append(Row(cells, r.line, list(r.cells)) if cells != r.cells else r)
    return out


# a two-cell line naming the project (项目名称  X) just above a run of aligned lines is the table's first row;
# a line holding only a bracketed unit (（万元）) inside the run is the unit of a header cell above it
NAME_ROW = re.compile(r"^\s*项\s*目\s*名\s*称\s{2,}")
UNIT_LINE = re.compile(r"^\s*[（(](?:单位[：:])?(?:万元|元|千元)[）)]\s*$")


SPACED_WORD = re.compile(r"[\u4e00-\u9fff](?: [\u4e00-\u9fff])+")


def _spaced_header(lines: list[str], i: int) -> bool:
    """A line of two spaced-out words (收      入  …  支      出) over a run of aligned lines (a ruled line between):
    the heading of a table's two halves, its first row."""
    got = fixed_cells(lines[i])
    if len(got) != 2 or not all(SPACED_WORD.fullmatch(c) for _, _, c in got):
        return False
    j = i + 1
    while j < len(lines) and j <= i + 2 and RULE_LINE.match(lines[j]):
        j += 1
    return j < len(lines) and len(fixed_cells(lines[j])) >= 3


MARGIN = re.compile(r"^(\f*)( *)", re.M)


def without_margin(text: str) -> str:
    """The text with the left margin every line shares taken off (an export setting every line in by three spaces, a page's
    form feed before it): the margin is no paragraph's indent. Lines of white space only do not count; no margin, the text
    as it is."""
    widths = [len(m.group(2)) for m in MARGIN.finditer(text) if text[m.end():m.end() + 1] not in ("\n", "\r", "")]
    margin = min(widths, default=0)
    return MARGIN.sub(lambda m: m.group(1) + m.group(2)[margin:], text) if margin else text
# a table's number opening its caption (表3, 表二, 附表1), also where the caption is printed inside the run of aligned lines above
TABLE_NUMBER = re.compile(r"^\s*附?表\s*[\d一二三四五六七八九十]")
# a table's caption printed in the run of aligned lines of the table above it: its name (收入决算表, 财政拨款收入支出决算总表)
# or its number in the published set (公开02表, 附表3)
CAPTION_ROW = re.compile(r"^(?:[\u4e00-\u9fff“”\"（）()]{2,40}?(?:预算|决算|收支|收入|支出|经费|总)表(?:[（(][^（）()]{1,20}[）)])?"
                         r"|(?:公开|附)\s*\d{1,2}\s*表|附?表\s*[\d一二三四五六七八九十]{1,2})$")
MERGED_PART = re.compile(r"^\s+[^\s。；;：:]{1,10}$")  # 社会效益, (30分), 情况（万元）: part of a merged cell, indented, no sentence
NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|表\s*\d)")


def _merged_cell(lines: list[str], i: int) -> bool:
    """A short indented line of one cell inside a run of aligned lines, the next lines of one such cell leading to a row
    of three or more cells: part of a merged cell the export printed on lines of its own (社会效益 / [row] / 指标, a
    level's name and （30分） around its rows, a 偏差原因 wrapped below a row of two cells), a row of the table."""
    j = i
    while j < len(lines) and j <= i + 4 and MERGED_PART.match(lines[j]) and not NUMBERED.match(lines[j]):
        j += 1
    return j > i and j < len(lines) and j <= i + 4 and len(fixed_cells(lines[j])) >= 3 and "\t" not in lines[j]


def _wraps_on(before: list[tuple[int, int, str]], start: int) -> bool:
    """Whether a one-cell line goes on the wrapped cell of the line above, a line of two cells whose last is a cell of a
    column right of the first (a 偏差原因 wrapped over three lines): it starts where that cell starts."""
    return len(before) == 2 and before[1][0] > before[0][1] + 2 and abs(start - before[1][0]) <= 1


def _scored(rows: list[tuple[int, str, list[tuple[int, int, str]]]]) -> bool:
    """Whether a run of aligned lines so far is a self-evaluation form: a row of it heads columns of points (分值, 得分)."""
    return any(re.sub(r"\s", "", c) in ("分值", "得分", "权重") for _, _, cells in rows for _, _, c in cells)


def long_lines(text: str) -> list[tuple[int, int]]:
    """(line number, length) of each line longer than MAX_LINE: only its first MAX_LINE characters are read."""
    return [(i, len(x)) for i, x in enumerate(text.splitlines(), 1) if len(x) > MAX_LINE]


def split_run(cells: list[str], line: int) -> list[Row]:
    """A run of one-cell-per-line cells as rows. Rows are usually separated by blank lines (then the run
    is one row, and an empty cell is a cell); some exports separate them by a line holding only a TAB
    instead: a long run with empty cells inside it (two or more, not at its start) is split there."""
    inner = [k for k, c in enumerate(cells) if not c and k > 0]
    if len(cells) <= 15 or len(inner) < 2:
        return [Row(cells, line)]
    rows, start = [], 0
    for k in [*inner, len(cells)]:
        if k > start:
            rows.append(Row(cells[start:k], line + start))
        start = k + 1
    return rows


def blocks(text: str) -> list[Block]:
    """Split a report into prose lines and tables, in reading order (each line cut at MAX_LINE characters)."""
    lines = [x[:MAX_LINE] for x in text.splitlines()]
    out: list[Block] = []
    i = 0
    table: Block | None = None
    while i < len(lines):
        raw = lines[i]
        if raw.startswith("\t") and "\t" not in raw[1:]:
            # one cell per line: gather consecutive cell lines into a row
            cells: list[str] = []
            start = i
            while i < len(lines) and lines[i].startswith("\t") and "\t" not in lines[i][1:]:
                cells.append(lines[i][1:].strip())
                i += 1
            if table is None:
                table = Block("table", start + 1)
                out.append(table)
            table.rows.extend(split_run(cells, start + 1))
            continue
        if 2 <= raw.count("\t") <= MAX_COLUMNS:
            if table is None:
                table = Block("table", i + 1)
                out.append(table)
            table.rows.append(Row([c.strip() for c in raw.split("\t")], i + 1))
            i += 1
            continue
        if raw.strip() == "" and table is not None and i + 1 < len(lines) and lines[i + 1].startswith("\t"):
            i += 1  # the blank line between two rows of a one-cell-per-line table
            continue
        if (3 <= len(fixed_cells(raw)) <= MAX_COLUMNS or _spaced_header(lines, i)) and "\t" not in raw:
            # fixed width: gather the run of aligned lines (rows of two cells continue it; blank lines skipped)
            rows: list[tuple[int, str, list[tuple[int, int, str]]]] = []
            # 项目名称  X above the run (and the rows of two cells between it and the run, 项目编码  Y): the table's first rows
            above = 1
            while above < 3 and len(out) > above and out[-above].kind == "line" and out[-above].line == i - above + 1 and (
                    not NAME_ROW.match(lines[i - above]) and len(fixed_cells(lines[i - above])) == 2):
                above += 1
            if len(out) >= above and all(o.kind == "line" for o in out[-above:]) and out[-above].line == i - above + 1 and (
                    NAME_ROW.match(lines[i - above]) and all(len(fixed_cells(lines[i - k])) == 2 for k in range(1, above + 1))):
                for k in range(above, 0, -1):
                    rows.append((i - k + 1, lines[i - k], fixed_cells(lines[i - k])))
                del out[-above:]
            while i < len(lines) and "\t" not in lines[i]:
                got = fixed_cells(lines[i])
                if len(got) > MAX_COLUMNS:
                    break
                if not lines[i].strip():
                    if i + 1 < len(lines) and len(fixed_cells(lines[i + 1])) >= 2:
                        i += 1
                        continue
                    break
                if rows and RULE_LINE.match(lines[i]):
                    i += 1  # a ruled line between a table's header and its rows (or between its rows)
                    continue
                if rows and UNIT_LINE.match(lines[i]):
                    i += 1  # （万元） under a header cell: the unit of a column, not a row
                    continue
                if rows and len(got) <= 2 and CAPTION_ROW.match(got[0][2].strip()) and not re.search(r"\d[\d,]*\.\d", lines[i]):
                    break  # 收入决算表 / 公开02表  单位：万元 printed under the last row of a table: the next table's caption, a line
                if len(got) == 1 and rows and (len(rows[-1][2]) >= 3 and got[0][0] >= rows[-1][2][1][0] or _merged_cell(lines, i) and _scored(rows)
                                               or _wraps_on(rows[-1][2], got[0][0])):
                    rows.append((i + 1, lines[i], got))  # a cell wrapped onto a line of its own, under a column right of the first
                    i += 1
                    continue
                if len(got) < 2 or (len(got) == 2 and not rows and not _spaced_header(lines, i)):
                    break
                rows.append((i + 1, lines[i], got))
                i += 1
            out.append(Block("table", rows[0][0], rows=[r for part in _parts(rows) for r in _without_line_numbers(_align(part))]))
            table = None
            continue
        table = None
        if raw.strip():
            out.append(Block("line", i + 1, text=raw))
        i += 1
    return out


def clean_line(text: str) -> str:
    """A prose line as quoted: bookmarks of the export removed, white space collapsed."""
    return collapse(BOOKMARK.sub(" ", text))
