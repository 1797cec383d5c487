"""What the extractors share: the report as lines and tables, drafted rows, claimed numbers, quotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .numbers import Num, find_numbers
from .text import Block, blocks, clean_line
from .vocabulary import Vocabulary

MAX_QUOTE = 80
SENTENCE_END = "。；;！？!?"
CLAUSE_END = "。；;，,！？!?："

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

    def sentences(self) -> list[tuple[int, int]]:
        out, start = [], 0
        for i, ch in enumerate(self.text):
            if ch in SENTENCE_END:
                out.append((start, i + 1))
                start = i + 1
        if start < len(self.text):
            out.append((start, len(self.text)))
        return out


@dataclass
class Report:
    text: str
    voc: Vocabulary
    blocks: list[Block] = field(default_factory=list)
    lines: dict[int, Line] = field(default_factory=dict)
    claimed: set[tuple[int, int]] = field(default_factory=set)  # (line, number start); table cells use (line, -col-1)
    drafts: list[Draft] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, voc: Vocabulary) -> Report:
        rep = cls(text, voc, blocks(text))
        for b in rep.blocks:
            if b.kind == "line":
                t = clean_line(b.text)
                rep.lines[b.line] = Line(b.line, t, find_numbers(t))
        return rep

    def add(self, table: str, values: dict[str, Any], confidence: str, pos: tuple[int, int]) -> Draft:
        d = Draft(table, values, confidence, pos)
        self.drafts.append(d)
        return d

    def claim(self, line: int, num: Num) -> None:
        self.claimed.add((line, num.start))

    def is_claimed(self, line: int, num: Num) -> bool:
        return (line, num.start) in self.claimed


def quote(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> str:
    """A verbatim quote of at most 80 characters holding text[start:end]: the figure's clause,
    with the clause before it when its own is short (占91.2% needs what it is a share of)."""
    hi = len(text) if hi is None else hi
    left, right = start, end
    while left > lo and text[left - 1] not in CLAUSE_END:
        left -= 1
    while right < hi and text[right] not in CLAUSE_END:
        right += 1
    if right < hi and text[right] in "。；;":
        right += 1
    if right - left < 16 and left > lo:
        p = left - 1
        while p > lo and text[p - 1] not in CLAUSE_END:
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
