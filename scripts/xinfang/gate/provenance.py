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
from typing import Any

import numpy as np
import pandas as pd

from ..package import Package, records
from ..problems import ERROR, Problem
from ..safe_io import MAX_SOURCE_BYTES, PackageError, excerpt, read_bytes, refusal

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
    """Every run of white space as one space, ends trimmed (str.split's white space is the \\s of re)."""
    return " ".join(text.split())


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


def check_provenance(pkg: Package, sources: Path, readable: list[str] | None = None) -> Iterator[Problem]:
    """readable: the tables the safety layer let through (default: all); the others are not opened."""
    def has(table: str) -> bool:
        return pkg.has(table) and (readable is None or table in readable)

    reports = pkg.table("reports")
    texts: dict[str, str] = {}
    for r in records(reports):
        reason = refusal(sources, str(r["source_file"]), "the sources folder")
        if reason:  # never opened: a path out of the sources folder (safe_io)
            yield _problem(pkg, "reports", r["__line__"], "source_file", "safety.source_path", f"source_file {excerpt(str(r['source_file']), 80)} "
                           f"refused: {reason}", "give the file name as it is in the sources folder (no '/', '..' or links out of it)")
            continue
        path = sources / str(r["source_file"])
        if not path.is_file():
            yield _problem(pkg, "reports", r["__line__"], "source_file", "provenance.source_missing",
                          f"source file {r['source_file']} is not in {sources}",
                          "add the report's text to the sources folder under exactly this name, or correct source_file")
            continue
        try:
            data = read_bytes(path, MAX_SOURCE_BYTES, str(r["source_file"]))
        except PackageError as exc:
            yield _problem(pkg, "reports", r["__line__"], "source_file", "safety.file_too_large", str(exc), "a source report is a plain text file")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != r["source_sha256"]:
            yield _problem(pkg, "reports", r["__line__"], "source_sha256", "provenance.sha256",
                          f"SHA-256 of {r['source_file']} is {digest}, the row says {r['source_sha256']}",
                          "recompute with `sha256sum FILE`; if the file changed, re-check every quote of this report")
        texts[r["report_id"]] = collapse(data.decode("utf-8", errors="replace"))
    for table, cols in FIGURE_COLUMNS.items():
        if not has(table):
            continue
        yield from _check_quotes(pkg, pkg.table(table), table, cols, texts)
    if has("issues"):
        issues = pkg.table("issues")
        for row, _ in _quoted_rows(issues, "text_zh", texts, found=False):
            yield _problem(pkg, "issues", row["__line__"], "text_zh", "provenance.quote_not_found",
                          f"text_zh does not occur in report {row['report_id']}",
                          "copy the problem or measure verbatim (white space may differ; leading numbering left out)")
    for row, found in _quoted_rows(reports, "score_quote", texts):
        if not found:
            yield _problem(pkg, "reports", row["__line__"], "score_quote", "provenance.quote_not_found",
                          f"score_quote does not occur in report {row['report_id']}", "copy the sentence that states the score verbatim")
        elif not pd.isna(row["self_score"]) and not figure_in_quote(str(row["self_score"]), str(row["score_quote"])):
            yield _problem(pkg, "reports", row["__line__"], "self_score", "provenance.figure_not_in_quote",
                          f"self_score {row['self_score']} does not occur in its score_quote", "quote the passage that states the score")


def _found(sub: pd.DataFrame, column: str, texts: dict[str, str]) -> np.ndarray:
    """For each row of sub (all with a quote and a readable report): does its quote occur in its report?"""
    pairs = zip(sub[column].tolist(), sub["report_id"].tolist(), strict=True)
    # texts are collapsed, so a quote found as it is would be found collapsed too: collapse only on a miss
    return np.fromiter(((q in texts[r]) or (collapse(q) in texts[r]) for q, r in pairs), dtype=bool, count=len(sub))


def _quoted(frame: pd.DataFrame, column: str, texts: dict[str, str]) -> pd.DataFrame:
    """The rows with a quote in column whose report text could be read."""
    keep = frame[column].notna()
    ids = frame["report_id"]
    unread = set(ids.dropna().unique().tolist()) - texts.keys()  # usually none: no per-row lookup then
    keep &= ids.notna() & ~ids.isin(sorted(unread)) if unread else ids.notna()
    return frame[keep]


def _quoted_rows(frame: pd.DataFrame, column: str, texts: dict[str, str], found: bool | None = None) -> Iterator[tuple[dict[str, Any], bool]]:
    """(row, whether its quote occurs in its report) for every row with a quote and a readable
    report; with found=True/False only the rows where it does / does not. Column-wise: a national
    package has 1.8 million quotes and only the rows asked for become dicts."""
    sub = _quoted(frame, column, texts)
    hit = _found(sub, column, texts)
    if found is None:
        yield from zip(records(sub), hit.tolist(), strict=True)
    else:
        for row in records(sub[hit == found]):
            yield row, found


def _check_quotes(pkg: Package, frame: pd.DataFrame, table: str, cols: tuple[str, ...], texts: dict[str, str]) -> Iterator[Problem]:
    sub = _quoted(frame, "source_quote", texts)
    hit = _found(sub, "source_quote", texts)
    for row in records(sub[~hit]):
        quote = str(row["source_quote"])
        yield _problem(pkg, table, row["__line__"], "source_quote", "provenance.quote_not_found",
                      f"the quote does not occur in report {row['report_id']}: «{quote[:40]}…»",
                      "copy the passage verbatim from the source (white space may differ, nothing else)")
    sub = sub[hit]  # a quote that is not in the report is not searched for figures
    quotes = sub["source_quote"].tolist()
    for c in cols:
        # the plain case (the figure as printed is in the quote) first; the rest by figure_in_quote
        miss = [i for i, (v, q) in enumerate(zip(sub[c].tolist(), quotes, strict=True))
                if isinstance(v, str) and v.lstrip("-+") not in q and not figure_in_quote(v, q)]
        for row in records(sub.iloc[miss]):
            v, quote = row[c], str(row["source_quote"])
            yield _problem(pkg, table, row["__line__"], c, "provenance.figure_not_in_quote",
                          f"{c} {v} does not occur in its source_quote «{quote[:40]}…»",
                          "write the figure exactly as printed (trailing zeros included) or quote the passage that states it")
