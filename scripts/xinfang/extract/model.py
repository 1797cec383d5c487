"""What the extractors share: the report as lines and tables, drafted rows, claimed numbers, quotes."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from ..fields import quote_max_length
from ..package import repository_root
from .numbers import Num, find_numbers
from .text import MAX_LINE, Block, blocks, char_width, clean_line, long_lines
from .vocabulary import Vocabulary

MAX_QUOTE = quote_max_length(repository_root())  # the schemas' limit (schemas/fields.json)
SENTENCE_END = "。；;！？!?"
CLAUSE_END = "。；;，,！？!?："
HALF_STOP_BEFORE = re.compile(r"[\u4e00-\u9fff%）)”\"]")  # what a half-width full stop ends a sentence after (a text in half-width punctuation)

# confidence: 'high' = figure, code and stage/period all read from explicit terms next to the figure;
# 'medium' = one of them inherited from the sentence or section, or a table cell read by position;
# 'low' = a default was used (no term found), review first.
HIGH, MEDIUM, LOW = "high", "medium", "low"


@dataclass
class Draft:
    table: str
    values: dict[str, Any]
    confidence: str
    pos: tuple[int, int]  # (source line, offset): reading order


@dataclass
class Line:
    no: int
    text: str  # cleaned (bookmarks dropped, white space collapsed)
    nums: list[Num]
    carry: str = ""  # the unfinished sentence of the line before, when this line continues it (a page or column break)

    def lead(self, sent_start: int, prev_end: int, pos: int) -> str:
        """The words before a figure since the previous figure; for the first figure of the line,
        with the unfinished sentence the line continues (实有在职在 / 编人员 13 人)."""
        head = self.carry if prev_end == 0 and sent_start == 0 else ""
        return head + self.text[prev_end:pos]

    def sentences(self) -> list[tuple[int, int]]:
        out, start = [], 0
        t = self.text
        for i, ch in enumerate(t):
            # a half-width full stop after a character ends a sentence (坐班接访.2025年…), after a per cent or a
            # bracket too when no digit follows (下降5.1%.支出…): a text in half-width punctuation
            if ch in SENTENCE_END or ch == "." and i > start and (
                    "\u4e00" <= t[i - 1] <= "\u9fff" or HALF_STOP_BEFORE.match(t[i - 1]) and not t[i + 1:i + 2].isdigit()):
                out.append((start, i + 1))
                start = i + 1
        if start < len(self.text):
            out.append((start, len(self.text)))
        return out


@dataclass
class ReportText:
    """A report's text as the assistant reads it: its blocks and lines, the vocabulary, what is claimed.
    (The gate's report of problems is problems.Report.)"""

    text: str
    voc: Vocabulary
    blocks: list[Block] = field(default_factory=list)
    lines: dict[int, Line] = field(default_factory=dict)
    claimed: set[tuple[int, int]] = field(default_factory=set)  # (line, number start); table cells use (line, -col-1)
    drafts: list[Draft] = field(default_factory=list)
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (line, start, end) of text an indicator holds, or a budget's figure of no code: no petition figure
    report_type: str = ""
    year: int = 0  # the report's year (from its id: 459821-2025-db), 0 when unknown
    default_stage: str = "executed"  # the stage of a figure whose sentence names none: the report type's default_stage
    notices: list[str] = field(default_factory=list)  # what the reader left out (lines cut at MAX_LINE): printed for the contributor
    joined: bool = False  # whether wrapped lines were joined (their quotes are then made verbatim again)
    _printed: list[str] | None = None  # the text's printed lines, split once (printed_lines)

    def printed_lines(self) -> list[str]:
        """The text's lines as printed (split once: table readers look up a row's printed line by its number)."""
        if self._printed is None:
            self._printed = self.text.splitlines()
        return self._printed

    @classmethod
    def parse(cls, text: str, voc: Vocabulary) -> ReportText:
        rep = cls(text, voc, blocks(text))
        rep.notices = [f"line {no} has {size:,} characters: only its first {MAX_LINE:,} were read (a report's paragraph is far "
                       "shorter; check the file is the report's text, or break the line at its sentences)" for no, size in long_lines(text)]
        prev: Line | None = None
        last_raw = ""  # the last printed line joined into prev
        indented = False
        opening = 0  # the indent of the printed line that opened the paragraph
        hang = 0  # the indent of the wrapped lines of a hanging layout, once one was joined (a numbered item set in as far is wrapped alike)
        width = wrap_width(rep.blocks)  # the width the report's flush paragraphs were wrapped at (0: none)
        last_no = 0  # the number of the printed line last_raw
        for b in rep.blocks:
            if b.kind == "line":
                t = clean_line(b.text)
                if prev is not None and (indented and wrapped(last_raw, b.text, t, opening, hang, width) or not indented and b.line == last_no + 1
                                         and runs_on(last_raw, b.text, t, width)) and len(prev.text) + len(t) <= MAX_LINE:
                    hang = indent(b.text) if b.text.startswith(("  ", "\u3000", "\t")) else hang
                    # a paragraph wrapped at a fixed width (收入预算586.30万元，比2024年预算…增加24.20万 / 元，增长4.3%):
                    # one line, joined without the break; quotes are made verbatim again at the end (verbatim_quotes)
                    prev.text += t
                    rep.joined = True
                    last_raw, last_no = b.text, b.line
                    continue
                # paragraphs marked by their indent: the lines after it may be wrapped; a point of the paragraph that opens
                # a printed line (…不扣分；/ 三是越级上访控制，…) is still the indented paragraph's, and so are the lines wrapped after it
                # a line after a full line that ended a sentence (…主要用于…等工作。/ 全年预算数…) goes on with the paragraph too
                indented = b.text.startswith(("  ", "\u3000", "\t")) or POINT_LINE.match(t) is not None and full_line(t, width) or indented and (
                    POINT_OPENS.match(t) is not None or full_line(last_raw, width) and BREAK_HEAD.match(t) is None)
                if not b.text.startswith(("  ", "\u3000", "\t")) or indent(b.text) >= opening or not full_line(last_raw, width):
                    opening = indent(b.text)  # (a line hanging under the paragraph after a full line that ended a sentence: the same paragraph)
                line = Line(b.line, t, [])
                if prev is not None and continues(prev.text, t):
                    cut = max(prev.text.rfind(ch) for ch in SENTENCE_END)
                    line.carry = prev.text[cut + 1:]
                rep.lines[b.line] = line
                prev, last_raw, last_no = line, b.text, b.line
            else:
                prev = None
        for line in rep.lines.values():
            line.nums = find_numbers(line.text)
        return rep

    def add(self, table: str, values: dict[str, Any], confidence: str, pos: tuple[int, int]) -> Draft:
        d = Draft(table, values, confidence, pos)
        self.drafts.append(d)
        return d

    def claim(self, line: int, num: Num) -> None:
        self.claimed.add((line, num.start))

    def is_claimed(self, line: int, num: Num) -> bool:
        return (line, num.start) in self.claimed


# a heading or numbered item opens a new line (1. 2、 （一）); a decimal (9.27%) does not
BREAK_HEAD = re.compile(r"^(?:#|\*\*|[（(]?[一二三四五六七八九十\d]+(?:[、)）]|[.．](?!\d))|第[一二三四五六七八九十]+|[一二三四五六七八九十]+是)")


POINT_OPENS = re.compile(r"^[一二三四五六七八九十]{1,3}是")
POINT_LINE = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|[①-⑳])")  # （二）具体情况：①… set flush, as long as a wrapped line


def half_stop(before: str) -> bool:
    """Whether a line ends with a half-width full stop that ends a sentence (…与上年持平. in half-width punctuation)."""
    return before[-1:] == "." and HALF_STOP_BEFORE.match(before[-2:-1]) is not None


def open_end(before: str) -> bool:
    """Whether a printed line (stripped) stops inside a sentence: no closing punctuation and no heading's
    end, or an aside closed mid-sentence (…较上年（1478件次） / 下降6.2%); not a line of markup (#)."""
    aside = before[-1:] in "）)" and re.search(r"[，,；;]", before) is not None
    return bool(before) and (before[-1] not in SENTENCE_END + "：:）)" or aside) and not before.startswith("#")


def continues(before: str, line: str) -> bool:
    """A prose line continues the line before when that one stops mid-sentence (no closing
    punctuation, not a heading) and this one does not open a heading or a numbered item: the
    export broke a sentence over a page or column."""
    return (bool(before) and before[-1] not in SENTENCE_END + "：:）)" and not half_stop(before) and not before.startswith("#")
            and BREAK_HEAD.match(line) is None and len(before) > 40)


def project_row(project_id: str, name: str, source_quote: str, note: str = "", **figures: str) -> dict[str, Any]:
    """A `projects` row as the assistant drafts it: its id, name and quote, the figures given, every other figure empty."""
    row = {"project_id": project_id, "name_zh": name, "name_en": "", "initial_budget": "", "adjusted_budget": "", "budget_unspecified": "",
           "executed": "", "execution_rate_pct": "", "total_weight": "", "total_score": "", "grade": "", "source_quote": source_quote, "note": note}
    row.update(figures)
    return row


def full_line(raw: str, width: int = 0) -> bool:
    """Whether a printed line is as long as a wrapped line: 36 characters or more after its indent, or 64 display
    columns with its indent (a line of full-width characters wrapped at 70 columns holds 34 of them; a paragraph's
    first line set in by four, in half-width punctuation, is as wide as the lines wrapped under it with fewer
    characters: a half-width comma or bracket takes one column, a full-width space of the indent two)."""
    text = raw.strip()
    # (a report wrapped narrower, at `width` columns (wrap_width): a line that runs to that width, its indent included)
    return len(text) >= 36 or indent(raw) + columns(text) >= 64 or width > 0 and indent(raw) + columns(text) >= width - WRAP_SLACK


def indent(raw: str) -> int:
    """The width of a printed line's indent (a full-width space or a TAB counts as two)."""
    head = raw[:len(raw) - len(raw.lstrip(" \u3000\t"))]
    return len(head) + head.count("\u3000") + head.count("\t")


def wrapped(before_raw: str, raw: str, line: str, opening: int = 0, hang: int = 0, width: int = 0) -> bool:
    """A line continues the paragraph of the line before when that one was wrapped at a fixed width: it
    is long (36 characters after its indent or 64 display columns with it: full_line), ends inside a sentence (no closing punctuation,
    not a heading's end) and this one is no heading, numbered item or indented new paragraph (a line set in
    less than the paragraph's first line, `opening`, is no new paragraph: a hanging layout whose first lines are
    set in by eight and whose wrapped lines by four, `hang`, and a line set in by `hang` after it; the
    reader joins lines only in paragraphs that open with an indent, so a report whose lines are its
    paragraphs, cut where the export cut them, keeps them apart). `opening` is kept over a line hanging under
    the paragraph after a full line that ended a sentence (the same paragraph)."""
    before = before_raw.strip()
    return (full_line(before_raw, width) and open_end(before)
            and (not raw.startswith(("  ", "\u3000", "\t")) or 2 <= indent(raw) < opening or indent(raw) == hang > 0)
            and BREAK_HEAD.match(line) is None and not line.startswith("—"))


CELL_GAP = re.compile(r"\S(?: {2,}|\t|\u3000{2,})\S")  # two cells of a row on one printed line (aligned columns)
# -2-, 第 3 页, 4/12 (possessive: linear on any run of white space)
PAGE_LINE = re.compile(r"^[-—–_\s]*+(?:第\s*+)?\d{1,4}+\s*+页?(?:\s*+[/共]\s*+\d{1,4}+\s*+页?)?[-—–_\s]*+$")
WRAP_SLACK = 10  # display columns a wrapped line may fall short of the wrap width by (a figure or word that did not fit goes whole to the next line)


def columns(text: str) -> int:
    """Display columns of a printed text (text.char_width of each character)."""
    return sum(map(char_width, text))


def flush_prose(raw: str) -> bool:
    """A printed line set flush left holding one run of text (no aligned cells)."""
    return raw[:1] not in (" ", "\u3000", "\t") and CELL_GAP.search(raw.strip()) is None


def wrap_width(blocks: list[Block]) -> int:
    """The width (display columns) the report's flush paragraphs were wrapped at, read from its own lines: the widest
    band of WRAP_SLACK columns holding most of its flush prose lines of 40 columns or more, when at least three and a
    third of them are in it (a report wrapped at a fixed width prints most of its long lines at one width; a report whose
    printed lines are its paragraphs prints them at any width: 0, and its lines are not joined as wrapped)."""
    widths = sorted(columns(b.text.strip()) for b in blocks if b.kind == "line" and flush_prose(b.text) and columns(b.text.strip()) >= 40)
    best, most = 0, 0
    for w in sorted(set(widths)):
        n = bisect.bisect_right(widths, w) - bisect.bisect_left(widths, w - WRAP_SLACK)
        if n >= most:
            best, most = w, n
    return best if most >= 3 and 3 * most >= len(widths) else 0


def runs_on(before_raw: str, raw: str, line: str, width: int) -> bool:
    """A flush line continues the flush paragraph of the line right before it (a report that sets its paragraphs with no
    indent, wrapped at a fixed width: `width`, wrap_width) when that one runs to the wrap width (within WRAP_SLACK
    columns), ends inside a sentence (no closing punctuation, not a heading's end) and is no row of aligned cells, and
    this one is set flush too and is no heading, numbered item, row of cells or page number."""
    before = before_raw.strip()
    return (width > 0 and columns(before) >= width - WRAP_SLACK and flush_prose(before_raw) and flush_prose(raw)
            and open_end(before) and not half_stop(before)
            and BREAK_HEAD.match(line) is None and not line.startswith("—") and PAGE_LINE.match(line) is None)


def verbatim(quote: str, body: str) -> str:
    """The quote as the report prints it (white space collapsed) when the reader joined a wrapped line
    inside it: the passage of body equal to it but for the white space at the breaks; quote itself when
    it occurs as it is (or nowhere)."""
    if not quote or quote in body:
        return quote
    rx = re.compile(r"\s?".join(re.escape(ch) for ch in quote if not ch.isspace()))
    m = rx.search(body)
    return m.group(0) if m else quote


THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # 1,036人次: a thousands separator, no end of a clause


def _ends_clause(text: str, i: int) -> bool:
    """Whether text[i] ends a clause: a clause mark, but not the comma of a number's thousands (412批1,036人次)."""
    return text[i] in CLAUSE_END and not (text[i] == "," and THOUSANDS.match(text, i) is not None)


def quote(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> str:
    """A verbatim quote of at most 80 characters holding text[start:end]: the figure's clause,
    with the clause before it when its own is short (占91.2% needs what it is a share of)."""
    hi = len(text) if hi is None else hi
    left, right = start, end
    # scanning further than 2 × MAX_QUOTE cannot change the quote (it is cut to MAX_QUOTE below): linear on any line
    lo, hi = max(lo, start - 2 * MAX_QUOTE), min(hi, end + 2 * MAX_QUOTE)
    while left > lo and not _ends_clause(text, left - 1):
        left -= 1
    while right < hi and not _ends_clause(text, right):
        right += 1
    if right < hi and text[right] in "。；;":
        right += 1
    if right - left < 16 and left > lo:
        p = left - 1
        while p > lo and not _ends_clause(text, p - 1):
            p -= 1
        if right - p <= MAX_QUOTE:
            left = p
    if right - left > MAX_QUOTE:
        left = max(left, end - MAX_QUOTE // 2) if end - left > MAX_QUOTE else left
        right = min(right, left + MAX_QUOTE)
    return text[left:right].strip(" ，,：:")


def sentence_of(line: Line, pos: int) -> tuple[int, int]:
    for s, e in line.sentences():
        if s <= pos < e:
            return s, e
    return 0, len(line.text)
