"""Bounded work and bounded output: the gate's limits on files, lines, cells and messages.

- a table file is at most safe_io.MAX_TABLE_BYTES; it is not empty (a header at least); no
  physical line is longer than MAX_LINE_BYTES; its header has at most MAX_EXTRA_COLUMNS more
  columns than its schema has fields (a wider file is not read at all);
- a text cell is at most MAX_CELL_CHARS characters;
- every message quotes at most a short excerpt of a value, with control, bidi and invisible
  characters escaped (nothing a pull request writes reaches a terminal raw), and is at most
  MAX_MESSAGE_CHARS long;
- past SUMMARY_THRESHOLD errors of one rule in one file, the rest are one summary line.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import replace
from typing import Any

from ..problems import Problem
from ..safe_io import escape, excerpt
from .bounds import MAX_CELL_CHARS, MAX_EXTRA_COLUMNS, MAX_HINT_CHARS, MAX_LINE_BYTES, MAX_MESSAGE_CHARS, SUMMARY_THRESHOLD
from .catalogue import emit

__all__ = ["MAX_CELL_CHARS", "MAX_EXTRA_COLUMNS", "MAX_HINT_CHARS", "MAX_LINE_BYTES", "MAX_MESSAGE_CHARS", "SUMMARY_THRESHOLD",
           "check_table_bytes"]


def check_table_bytes(relpath: str, data: bytes, fields: int) -> Problem | None:
    """File-level limits of one CSV (already read, bounded): empty, over-long lines, too wide a header."""
    import numpy as np

    if not data or data.isspace():  # as `not data.strip()`, without copying the file
        return emit("structure.empty_file", relpath, None, None, "the file is empty: a table has at least its header line")
    if _has_long_line(data):
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
        bounds = np.concatenate(([-1], ends, [len(data)]))
        lengths = np.diff(bounds) - 1
        longest = int(lengths.argmax())
        return emit("safety.line_too_long", relpath, longest + 1, None,
                    f"line {longest + 1} is {int(lengths[longest]):,} bytes long, above the limit of {MAX_LINE_BYTES:,}: the file is not read")
    end = data.find(b"\n")
    first = data[: end if end >= 0 else len(data)].decode("utf-8-sig", errors="replace")
    try:
        header = next(csv.reader(io.StringIO(first)), [])
    except csv.Error:
        header = first.split(",")
    if len(header) > fields + MAX_EXTRA_COLUMNS:
        return emit("structure.too_many_columns", relpath, 1, None,
                    f"the header has {len(header):,} columns and the schema {fields} fields: the file is not read")
    return None


def _has_long_line(data: bytes) -> bool:
    """Whether a line (without its line feed) is longer than MAX_LINE_BYTES: from each line's start, the
    last line feed within the next MAX_LINE_BYTES + 1 bytes ends every line that starts before it, so
    the scan jumps about MAX_LINE_BYTES at a time (a few hundred steps for a national table)."""
    at = 0
    while len(data) - at > MAX_LINE_BYTES:
        last = data.rfind(b"\n", at, at + MAX_LINE_BYTES + 1)
        if last < 0:
            return True
        at = last + 1
    return False


def bounded(p: Problem) -> Problem:
    """The problem with its message and hint shortened and escaped, its place escaped."""
    message = p.message if len(p.message) <= MAX_MESSAGE_CHARS else _cut(p.message, MAX_MESSAGE_CHARS)
    hint = p.hint if len(p.hint) <= MAX_HINT_CHARS else _cut(p.hint, MAX_HINT_CHARS)
    return replace(p, file=excerpt(p.file, 200), column=excerpt(p.column, 120) if p.column else p.column,
                   rule=excerpt(p.rule, 80), message=escape(message), hint=escape(hint))


def _cut(text: str, limit: int) -> str:
    return text[:limit] + f"… [{len(text) - limit:,} more characters]"


def summarised(problems: list[Problem], threshold: int = SUMMARY_THRESHOLD) -> list[Problem]:
    """The problems, with those past ``threshold`` of one (severity, file, rule) replaced by one
    summary problem that counts them (placed at the first one left out)."""
    counts: Counter[tuple[str, str, str]] = Counter()
    left_out: dict[tuple[str, str, str], list[Problem]] = {}
    out: list[Problem] = []
    for p in sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or "", p.rule, p.message)):
        key = (p.severity, p.file, p.rule)
        counts[key] += 1
        if counts[key] <= threshold:
            out.append(p)
        else:
            left_out.setdefault(key, []).append(p)
    for (_, file, rule), rest in left_out.items():
        first = rest[0]  # the summary is a problem of the same rule (its hint, severity, layer), at the first left out
        out.append(replace(first, column=None,
                           message=f"… and {len(rest):,} more of {rule} in {file} (the first {threshold} are listed; from line {first.line} on)"))
    return out


def long_cells(values: Any) -> Any:
    """The index of the values (a text Series) longer than MAX_CELL_CHARS."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lengths = pc.utf8_length(pa.array(values.astype("str"), from_pandas=True)).to_numpy(zero_copy_only=False)
    return values.index[lengths > MAX_CELL_CHARS]
