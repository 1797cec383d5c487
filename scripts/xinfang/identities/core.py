"""The core every identity family shares: the :class:`Check` a family produces, tolerance by printed
precision, and the columnar frame of one family's checks (:class:`CheckColumns`).

Tolerances come from printed precision (``package.half_unit``): a number printed with d decimals
may carry up to half a unit of its last digit, so a sum may be off by the sum of its terms'
half-units, and a share or rate may be off by its own half-unit plus what its amounts' rounding
propagates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from .columns import Decoded

ABS_EPS = 1e-9
YUAN, YUAN_PER_WAN = "元", 10_000  # budgets.unit, projects.unit: amounts printed in 元 are compared with the others in 万元
UNIT = "unit"  # the column of a table of amounts that says their unit (schemas/fields.json amount_unit: 万元 or 元)

# the fields of a check, as columns (the derived reconciliation table's order)
COLUMNS = ["check_id", "rule", "report_id", "table", "line", "column", "stated", "expected", "tolerance", "ok"]

Rows = dict[str, np.ndarray]  # selected rows of a family's columns (a Decoded column's texts)


@dataclass(frozen=True)
class Check:
    check_id: str
    rule: str
    report_id: str
    table: str
    line: int | None  # CSV line of the stated value (header is line 1)
    column: str
    stated: float | None
    expected: float | None
    tolerance: float
    ok: bool
    message: str
    implied: bool = False  # a value compared is implied by parts (not stated as such): a miscoded row is as likely as a contradiction

    @property
    def difference(self) -> float | None:
        if self.stated is None or self.expected is None:
            return None
        return self.stated - self.expected


def fmt(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:.6f}".rstrip("0").rstrip(".")


def agree(a: float, b: float, ha: float, hb: float) -> bool:
    """Two printed figures can be roundings of one value: their rounding intervals overlap
    (strictly: 99.42 and 99.41 cannot both be two-decimal roundings of the same number)."""
    d = abs(a - b)
    return d <= ABS_EPS or d < ha + hb - ABS_EPS


def agree_v(a: np.ndarray, b: np.ndarray, ha: np.ndarray, hb: np.ndarray) -> np.ndarray:
    """:func:`agree` for arrays."""
    d = np.abs(a - b)
    with np.errstate(invalid="ignore"):
        return (d <= ABS_EPS) | (d < ha + hb - ABS_EPS)


def round6(x: np.ndarray) -> np.ndarray:
    """Python's round(x, 6) per element. numpy's rint(x * 1e6) / 1e6 is the same float unless x * 1e6
    lies near a half (where the product's own rounding may decide) or is huge or not finite: those
    few go through Python's round."""
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        s = x * 1e6
        out = np.rint(s) / 1e6
        doubtful = ~np.isfinite(s) | (np.abs(s) > 2.0 ** 40) | (np.abs(s - np.floor(s) - 0.5) < 1e-3)
    out[doubtful] = [round(v, 6) for v in x[doubtful].tolist()]
    return out


def pct_v(stated: np.ndarray, h: np.ndarray, a: np.ndarray, ea: np.ndarray, b: np.ndarray, eb: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A stated percent against 100*a/b when a and b carry their rounding: (checkable, expected, tol, ok)."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        lo_b, hi_b = b - eb, b + eb
        valid = ~np.isnan(stated) & ~np.isnan(a) & (lo_b > 0)
        lo_a, hi_a = a - ea, a + ea
        cands = [100 * x / y for x in (lo_a, hi_a) for y in (lo_b, hi_b)]
        lo = np.minimum(np.minimum(cands[0], cands[1]), np.minimum(cands[2], cands[3]))
        hi = np.maximum(np.maximum(cands[0], cands[1]), np.maximum(cands[2], cands[3]))
        expected = 100 * a / b
        ok = (lo - h - ABS_EPS <= stated) & (stated <= hi + h + ABS_EPS)
        tol = h + np.maximum(np.abs(lo - expected), np.abs(hi - expected))
    return valid, expected, tol, ok


def pct_message(what: list[str], stated_text: list[str], part: list[str], base: list[str], expected: list[float],
                tol: list[float]) -> list[str]:
    return [f"{w}: stated {s}%, but {p} / {b} = {fmt(e)}% (allowed ±{fmt(t)} for printed precision)"
            for w, s, p, b, e, t in zip(what, stated_text, part, base, expected, tol, strict=True)]


class Ids(Protocol):
    """The check_ids of a family's checks, formed on request (the gate needs only a few of them)."""

    def __len__(self) -> int: ...

    def take(self, at: np.ndarray) -> np.ndarray:
        """The ids of the checks at these positions."""
        ...


@dataclass
class CheckColumns:
    """Checks of one family: their ids (formed on request), the other check fields as columns
    (COLUMNS), what messages need (columns named __x__), and a writer of the messages of selected rows."""

    ids: Ids
    frame: dict[str, Any]  # arrays, or Decoded texts
    message: Callable[[Rows], list[str]]

    def rows(self, at: np.ndarray) -> Rows:
        return {k: v[at] for k, v in self.frame.items()}

    def __len__(self) -> int:
        return len(self.ids)


def check_columns(ids: Ids, rule: Any, report: Any, table: Any, line: Any, column: Any, stated: Any, expected: Any,
                  tolerance: Any, ok: Any, message: Callable[[Rows], list[str]], **extra: Any) -> CheckColumns:
    """The checks of a family from its columns (a constant is broadcast to every check)."""
    n = len(ids)
    frame = {
        "rule": np.broadcast_to(np.asarray(rule, dtype=object), (n,)),
        "report_id": report if isinstance(report, Decoded) else np.broadcast_to(np.asarray(report, dtype=object), (n,)),
        "table": np.broadcast_to(np.asarray(table, dtype=object), (n,)),
        "line": np.broadcast_to(np.asarray(line, dtype=float), (n,)),
        "column": np.broadcast_to(np.asarray(column, dtype=object), (n,)),
        "stated": np.broadcast_to(np.asarray(stated, dtype=float), (n,)),
        "expected": np.broadcast_to(np.asarray(expected, dtype=float), (n,)),
        "tolerance": np.broadcast_to(np.asarray(tolerance, dtype=float), (n,)),
        "ok": np.broadcast_to(np.asarray(ok, dtype=bool), (n,)),
        **{k: v if isinstance(v, Decoded) else np.broadcast_to(np.asarray(v), (n,)) if np.ndim(v) == 0 else np.asarray(v)
           for k, v in extra.items()},
    }
    return CheckColumns(ids, frame, message)
