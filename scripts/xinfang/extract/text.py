"""A report's text: decoding (UTF-8 or GB18030), lines, white space, and the two table layouts.

Quotes are taken from the text with every run of white space collapsed to one space, the same
rule the gate's provenance layer applies, so a drafted quote always occurs in the report.

Table layouts found in the sources (both are what `pdftotext`/`pandoc`/Word exports produce):

- *one cell per line*: each cell on its own line starting with a TAB, a blank line between rows;
- *one row per line*: cells separated by TABs on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

WS = re.compile(r"\s+")
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


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


def collapse(text: str) -> str:
    return WS.sub(" ", text).strip()


def read_text(path: str | Path) -> tuple[str, str]:
    return decode(Path(path).read_bytes())


@dataclass
class Row:
    """A table row: its cells (stripped) and its text as quoted (cells joined by one space)."""

    cells: list[str]
    line: int  # 1-based line of the row's first cell

    @property
    def quote(self) -> str:
        return collapse(" ".join(self.cells))

    @property
    def filled(self) -> list[str]:
        return [c for c in self.cells if c]


@dataclass
class Block:
    """A prose line (kind 'line') or a table (kind 'table', with rows)."""

    kind: str
    line: int
    text: str = ""
    rows: list[Row] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """Split a report into prose lines and tables, in reading order."""
    lines = text.splitlines()
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
            table.rows.append(Row(cells, start + 1))
            continue
        if raw.count("\t") >= 2:
            if table is None:
                table = Block("table", i + 1)
                out.append(table)
            table.rows.append(Row([c.strip() for c in raw.split("\t")], i + 1))
            i += 1
            continue
        if raw.strip() == "" and table is not None and i + 1 < len(lines) and lines[i + 1].startswith("\t"):
            i += 1  # the blank line between two rows of a one-cell-per-line table
            continue
        table = None
        if raw.strip():
            out.append(Block("line", i + 1, text=raw))
        i += 1
    return out


def clean_line(text: str) -> str:
    """A prose line as quoted: bookmarks of the export removed, white space collapsed."""
    return collapse(BOOKMARK.sub(" ", text))
