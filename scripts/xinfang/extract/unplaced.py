"""Numbers of the report that no draft row uses, with their context, so the contributor knows
what to look at. Years, dates, list numbers, document numbers and codes are listed too, marked by
`kind`, so nothing is hidden; sort or filter on it."""

from __future__ import annotations

from .indicators import _num
from .model import ReportText


def unplaced(rep: ReportText) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for b in rep.blocks:
        if b.kind == "line":
            if b.line not in rep.lines:
                continue  # a wrapped line joined into the line before: its numbers are that line's
            line = rep.lines[b.line]
            for n in line.nums:
                if rep.is_claimed(b.line, n):
                    continue
                ctx = line.text[max(0, n.start - 20):n.unit_end + 12]
                out.append({"line": str(b.line), "number": n.text, "unit": n.unit, "kind": n.kind, "context": ctx})
        else:
            for row in b.rows:
                for i, c in enumerate(row.cells):
                    if _num(c) and (row.line, -(i + 1)) not in rep.claimed:
                        out.append({"line": str(row.line), "number": _num(c), "unit": "%" if c.endswith("%") else "", "kind": "table cell",
                                    "context": row.quote[:60]})
    return out
