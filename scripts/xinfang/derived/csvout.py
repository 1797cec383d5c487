"""Writing derived tables: one fixed text form for every value, so rebuilds are byte-identical."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import pandas as pd

from ..fieldtypes import to_decimal

# computed shares, rates and differences carry this many decimals (stated values keep their own)
COMPUTED_PLACES = Decimal("0.0001")


def missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def dec(text: Any) -> Decimal | None:
    """A stated number as an exact decimal (None when missing or not a number)."""
    if missing(text) or text == "":
        return None
    return to_decimal(str(text))  # the schemas' lexical form: never NaN or infinite


def quantize(d: Decimal | None) -> Decimal | None:
    return None if d is None else d.quantize(COMPUTED_PLACES, rounding=ROUND_HALF_EVEN)


def ratio_pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """100 * part / whole, rounded to COMPUTED_PLACES; None when either is missing or whole is 0."""
    if part is None or whole is None or whole == 0:
        return None
    return quantize(Decimal(100) * part / whole)


def cell(value: Any) -> str:
    """The one text form of a value: '' for missing, plain notation for decimals, 'true'/'false'."""
    if missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return "0" if text in ("-0", "-0.0", "-0.00", "-0.000", "-0.0000") else text
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return str(value)


def render_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([cell(r.get(c)) for c in columns])
    return buf.getvalue()
