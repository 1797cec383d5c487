"""Provenance: each report's checksum, and each quote against its report.

A quote must occur in its report once every run of white space in both is collapsed to one
space, be at most 80 characters, and contain the row's figure as printed. A zero may be stated in
words (无, 零, 未): a value of 0 whose quote says so is accepted.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..package import Package, records
from ..problems import ERROR, Problem

WS = re.compile(r"\s+")
ZERO_WORDS = ("无", "零", "未", "没有", "0")

# table -> columns whose figure must appear in source_quote
FIGURE_COLUMNS: dict[str, tuple[str, ...]] = {
    "budgets": ("amount", "share_pct", "rate_pct", "change_pct"),
    "petition_metrics": ("value", "change_pct"),
    "staffing": ("value",),
    "indicators": ("weight", "score"),
    "projects": (),
}


def collapse(text: str) -> str:
    return WS.sub(" ", text).strip()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")


def figure_in_quote(figure: str, quote: str) -> bool:
    """Whether a figure written as printed occurs in the quote (signs of changes are not printed)."""
    fig = figure.lstrip("-+")
    if fig in quote or fig in THOUSANDS.sub("", quote):  # data hold 1284 where a report prints 1,284
        return True
    if re.fullmatch(r"0+(\.0+)?", fig):
        return any(w in quote for w in ZERO_WORDS)
    return False


def _problem(pkg: Package, table: str, line: int, column: str, rule: str, message: str, hint: str) -> Problem:
    return Problem(pkg.resources[table].path, int(line), column, rule, message, hint, ERROR, "provenance")


def check_provenance(pkg: Package, sources: Path) -> Iterator[Problem]:
    reports = pkg.table("reports")
    texts: dict[str, str] = {}
    for r in records(reports):
        path = sources / str(r["source_file"])
        if not path.is_file():
            yield _problem(pkg, "reports", r["__line__"], "source_file", "provenance.source_missing",
                          f"source file {r['source_file']} is not in {sources}",
                          "add the report's text to the sources folder under exactly this name, or correct source_file")
            continue
        digest = sha256_file(path)
        if digest != r["source_sha256"]:
            yield _problem(pkg, "reports", r["__line__"], "source_sha256", "provenance.sha256",
                          f"SHA-256 of {r['source_file']} is {digest}, the row says {r['source_sha256']}",
                          "recompute with `sha256sum FILE`; if the file changed, re-check every quote of this report")
        texts[r["report_id"]] = collapse(path.read_text(encoding="utf-8", errors="replace"))
    for table, cols in FIGURE_COLUMNS.items():
        if not pkg.has(table):
            continue
        yield from _check_quotes(pkg, pkg.table(table), table, cols, texts)
    if pkg.has("issues"):
        for r in records(pkg.table("issues")):
            text = texts.get(r["report_id"])
            if text is None or pd.isna(r["text_zh"]):
                continue
            if collapse(str(r["text_zh"])) not in text:
                yield _problem(pkg, "issues", r["__line__"], "text_zh", "provenance.quote_not_found",
                              f"text_zh does not occur in report {r['report_id']}",
                              "copy the problem or measure verbatim (white space may differ; leading numbering left out)")
    for r in records(reports):
        q, text = r.get("score_quote"), texts.get(r["report_id"])
        if text is None or pd.isna(q):
            continue
        if collapse(str(q)) not in text:
            yield _problem(pkg, "reports", r["__line__"], "score_quote", "provenance.quote_not_found",
                          f"score_quote does not occur in report {r['report_id']}", "copy the sentence that states the score verbatim")
        elif not pd.isna(r["self_score"]) and not figure_in_quote(str(r["self_score"]), str(q)):
            yield _problem(pkg, "reports", r["__line__"], "self_score", "provenance.figure_not_in_quote",
                          f"self_score {r['self_score']} does not occur in its score_quote", "quote the passage that states the score")


def _check_quotes(pkg: Package, frame: pd.DataFrame, table: str, cols: tuple[str, ...], texts: dict[str, str]) -> Iterator[Problem]:
    for r in records(frame):
        text = texts.get(r["report_id"])
        q = r.get("source_quote")
        if text is None or q is None or pd.isna(q):
            continue
        quote = str(q)
        if collapse(quote) not in text:
            yield _problem(pkg, table, r["__line__"], "source_quote", "provenance.quote_not_found",
                          f"the quote does not occur in report {r['report_id']}: «{quote[:40]}…»",
                          "copy the passage verbatim from the source (white space may differ, nothing else)")
            continue
        for c in cols:
            v = r.get(c)
            if v is None or pd.isna(v):
                continue
            if not figure_in_quote(str(v), quote):
                yield _problem(pkg, table, r["__line__"], c, "provenance.figure_not_in_quote",
                              f"{c} {v} does not occur in its source_quote «{quote[:40]}…»",
                              "write the figure exactly as printed (trailing zeros included) or quote the passage that states it")
