"""Provenance: each report's checksum, and each quote against its report.

A quote must occur in its report once every run of white space in both is collapsed to one
space, and contain each of its row's figures as printed: a figure matches only a whole number of
the quote (``4.4572`` is not in "44.4572万元", ``2.724`` is not in "2.7240"), with its trailing
zeros, and with thousands separators as printed (``1284`` matches "1,284"). Which column is a
table's quote and which are its figures is declared in its Table Schema (``x-roles``, see
roles.py), so a new table is checked without a change here. A zero may be stated in words (无,
零, 未, 没有), and a whole number in Chinese numerals (三个, 两名).

Source texts are looked up by file name in the sources folders, in order (the gate's default: the
cache ``xinfang sources fetch`` fills, then ``../shared/sources``).
"""

from __future__ import annotations

import hashlib
import operator
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..package import Package, records
from ..problems import Problem
from ..quotes import collapse, spaceless
from ..roles import figure_columns, quote_column, verbatim_column
from ..safe_io import MAX_SOURCE_BYTES, PackageError, excerpt, read_bytes, refusal, unsafe_path_reason
from .catalogue import emit

ZERO_WORDS = ("无", "零", "未", "没有")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# A number as printed: digits (an ASCII comma groups exactly three digits), an optional decimal
# part, never inside a longer run of digits or after a decimal point. A full-width comma (，) is
# punctuation too, so a number across it is read both ways ("13，506": 13506, or 13 and 506).
_NUMBER = re.compile(r"(?<![0-9.])(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?(?![0-9])")
_WIDE_GROUPED = re.compile(r"(?<![0-9.])[0-9]{1,3}(?:，[0-9]{3})+(?:\.[0-9]+)?(?![0-9])")
_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千]{1,12}")


def cjk_value(word: str) -> int | None:
    """A whole number written in Chinese numerals (三, 十二, 二十三, 一百零五), or None (一二 is no number)."""
    total, digit, last_unit = 0, None, 10_000
    for ch in word:
        if ch in _CJK_DIGITS:
            if digit is not None and _CJK_DIGITS[ch] != 0 and digit != 0:
                return None
            digit = _CJK_DIGITS[ch]
        else:
            unit = _CJK_UNITS[ch]
            if unit >= last_unit or digit == 0:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def printed_numbers(quote: str) -> set[str]:
    """Every number printed in a quote, written as the data write it (no thousands separators)."""
    out = {m.group().replace(",", "") for m in _NUMBER.finditer(quote)}
    out.update(m.group().replace("，", "") for m in _WIDE_GROUPED.finditer(quote))
    for m in _CJK_NUMBER.finditer(quote):
        v = cjk_value(m.group())
        if v is not None:
            out.add(str(v))
    return out


_PLAIN_FIGURE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NUMBER_CHARS = frozenset("0123456789.,")


def whole_number_at(figure: str, quote: str) -> bool:
    """A quick sufficient test of figure_in_quote for a figure of digits (and a decimal part): it
    occurs in the quote with neither a digit, point nor comma on either side, which is exactly
    where printed_numbers reads it as a whole number. False says nothing: ask figure_in_quote."""
    fig = figure.lstrip("-+")
    if not _PLAIN_FIGURE.fullmatch(fig):
        return False
    i = quote.find(fig)
    while i >= 0:
        end = i + len(fig)
        if (i == 0 or quote[i - 1] not in _NUMBER_CHARS) and (end == len(quote) or quote[end] not in _NUMBER_CHARS):
            return True
        i = quote.find(fig, i + 1)
    return False


def figure_in_quote(figure: str, quote: str, numbers: set[str] | None = None) -> bool:
    """Whether a figure written as printed is a whole number of the quote (signs of changes are
    not printed: 减少5 is -5). numbers: printed_numbers(quote), when the caller has it."""
    fig = figure.lstrip("-+")
    if fig in (printed_numbers(quote) if numbers is None else numbers):
        return True
    if re.fullmatch(r"0+(\.0+)?", fig):
        return any(w in quote for w in ZERO_WORDS)
    return False


def _problem(pkg: Package, table: str, line: int, column: str, rule: str, message: str, variant: str | None = None) -> Problem:
    return emit(rule, pkg.resources[table].path, int(line), column, message, variant=variant)


def find_source(folders: Sequence[Path], name: str, listed: Sequence[set[str]] | None = None) -> tuple[Path | None, str | None]:
    """(the first folder's file of that name, None), (None, None) when no folder has it, or (None,
    why) when the name is no plain file name or its file leads out of its folder (never opened).
    listed: per folder, the names of its regular files that are no links (plain_files), when the
    caller has them: such a name needs no resolving (it is a file inside its folder)."""
    for i, folder in enumerate(folders):
        if listed is not None and name in listed[i] and "/" not in name and "\\" not in name and unsafe_path_reason(name) is None:
            return folder / name, None
        reason = refusal(folder, name, "the sources folder")
        if reason:
            return None, reason
        path = folder / name
        if path.is_file():
            return path, None
    return None, None


def plain_files(folder: Path) -> set[str]:
    """The names of the regular files directly in folder that are not symbolic links."""
    try:
        with os.scandir(folder) as entries:
            return {e.name for e in entries if e.is_file(follow_symlinks=False)}
    except OSError:
        return set()


def check_provenance(pkg: Package, sources: Path | Sequence[Path], readable: list[str] | None = None) -> Iterator[Problem]:
    """sources: the folders holding source texts, searched in order. readable: the tables the
    safety layer let through (default: all); the others are not opened."""
    folders = [sources] if isinstance(sources, Path) else list(sources)

    def has(table: str) -> bool:
        return pkg.has(table) and (readable is None or table in readable)

    reports = pkg.table("reports")
    texts: dict[str, str] = {}
    where = " or ".join(str(f) for f in folders) or "no sources folder"
    listed = [plain_files(f) for f in folders]
    for r in records(reports):
        path, reason = find_source(folders, str(r["source_file"]), listed)
        if reason:  # never opened: a path out of the sources folders (safe_io)
            yield _problem(pkg, "reports", r["__line__"], "source_file", "safety.source_path", f"source_file {excerpt(str(r['source_file']), 80)} "
                           f"refused: {reason}")
            continue
        if path is None:
            yield _problem(pkg, "reports", r["__line__"], "source_file", "provenance.source_missing",
                          f"source file {r['source_file']} is not in {where}")
            continue
        try:
            data = read_bytes(path, MAX_SOURCE_BYTES, str(r["source_file"]))
        except PackageError as exc:
            yield _problem(pkg, "reports", r["__line__"], "source_file", "safety.file_too_large", str(exc), variant="source")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != r["source_sha256"]:
            yield _problem(pkg, "reports", r["__line__"], "source_sha256", "provenance.sha256",
                          f"SHA-256 of {r['source_file']} is {digest}, the row says {r['source_sha256']}")
        texts[r["report_id"]] = collapse(data.decode("utf-8", errors="replace"))
    for table, res in pkg.resources.items():
        if not has(table):
            continue
        quote = quote_column(res)
        if quote is not None:
            yield from _check_quotes(pkg, pkg.table(table), table, quote, figure_columns(res), texts)
        verbatim = verbatim_column(res)
        if verbatim is not None:
            for row, _ in _quoted_rows(pkg.table(table), verbatim, texts, found=False):
                yield _problem(pkg, table, row["__line__"], verbatim, "provenance.quote_not_found",
                              f"{verbatim} does not occur in report {row['report_id']}, even with white space aside", variant="verbatim")


def _arrow(values: pd.Series) -> pa.Array:
    """A text column as one pyarrow array (missing cells null)."""
    arr = pa.array(values, from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _rows(values: pd.Series, at: np.ndarray) -> pd.Series:
    """The values at these positions (increasing): the column itself when they are all its rows (usually)."""
    return values if len(at) == len(values) else values.iloc[at]


def _found(frame: pd.DataFrame, at: np.ndarray, column: str, texts: dict[str, str]) -> np.ndarray:
    """For each row of frame at the positions at (all with a quote and a readable report): does its
    quote occur in its report?"""
    quotes = _rows(frame[column], at).tolist()
    reports = list(map(texts.__getitem__, _rows(frame["report_id"], at).tolist()))
    hit = np.fromiter(map(operator.contains, reports, quotes), dtype=bool, count=len(quotes))
    # texts are collapsed, so a quote found as it is would be found collapsed too: collapse only on a
    # miss; then white space aside (a quote across a wrapped line with or without the space it leaves)
    bare: dict[int, str] = {}
    for i in np.flatnonzero(~hit).tolist():
        hit[i] = collapse(quotes[i]) in reports[i]
        if not hit[i]:
            key = id(reports[i])
            if key not in bare:
                bare[key] = spaceless(reports[i])
            hit[i] = spaceless(quotes[i]) in bare[key]
    return hit


def _quoted(frame: pd.DataFrame, column: str, texts: dict[str, str]) -> np.ndarray:
    """The positions of the rows with a quote in column whose report text could be read."""
    keep = frame[column].notna().to_numpy(dtype=bool, copy=True)
    ids = frame["report_id"]
    keep &= ids.notna().to_numpy(dtype=bool)
    unread = set(ids.dropna().unique().tolist()) - texts.keys()  # usually none: no per-row lookup then
    if unread:
        keep &= ~ids.isin(sorted(unread)).to_numpy(dtype=bool)
    return np.flatnonzero(keep)


def _quoted_rows(frame: pd.DataFrame, column: str, texts: dict[str, str], found: bool) -> Iterator[tuple[dict[str, Any], bool]]:
    """(row, found) for the rows with a quote and a readable report whose quote does (found=True)
    or does not occur in its report. Column-wise: a national package has 1.8 million quotes and
    only the rows asked for become dicts."""
    at = _quoted(frame, column, texts)
    hit = _found(frame, at, column, texts)
    for row in records(frame.iloc[at[hit == found]]):
        yield row, found


def whole_numbers_at(quotes: pa.Array, figures: Sequence[pa.Array]) -> list[np.ndarray]:
    """whole_number_at(figure, quote) for each row, for each array of figures (a missing figure or
    quote: False), column-wise. A figure of digits (and a decimal part), its signs stripped, occurs
    with neither a digit, point nor comma on either side exactly when it is a whole run of those
    characters in the quote: the runs of every quote are split out once (pyarrow), and each (row,
    figure) is looked up among the (row, run) pairs by integer keys."""
    n = len(quotes)
    runs = pc.split_pattern_regex(quotes, r"[^0-9.,]+")
    offsets = runs.offsets.to_numpy(zero_copy_only=False)  # the runs of quote i: values[offsets[i]:offsets[i + 1]]
    flat = runs.values.slice(int(offsets[0]), int(offsets[-1] - offsets[0])).cast(pa.large_string())
    parent = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    figs = [pc.fill_null(pc.utf8_ltrim(f.cast(pa.large_string()), characters="-+"), "") for f in figures]
    plain = [np.asarray(pc.match_substring_regex(f, r"^[0-9]+(?:\.[0-9]+)?$").to_numpy(zero_copy_only=False), dtype=bool) for f in figs]
    codes = pc.dictionary_encode(pa.concat_arrays([flat, *figs])).indices.to_numpy(zero_copy_only=False).astype(np.int64)
    width = np.int64(max(1, len(codes)))
    nonempty = np.asarray(pc.binary_length(flat).to_numpy(zero_copy_only=False) > 0, dtype=bool)
    pairs = np.sort((parent.astype(np.int64) * width + codes[:len(flat)])[nonempty])  # once for every column
    out, at = [], len(flat)
    rows = np.arange(n, dtype=np.int64) * width
    for ok in plain:
        keys = rows + codes[at:at + n]
        where = np.minimum(np.searchsorted(pairs, keys), max(0, len(pairs) - 1))
        out.append(ok & (pairs[where] == keys) if len(pairs) else np.zeros(n, dtype=bool))
        at += n
    return out


def _check_quotes(pkg: Package, frame: pd.DataFrame, table: str, quote_col: str, cols: tuple[str, ...],
                  texts: dict[str, str]) -> Iterator[Problem]:
    at = _quoted(frame, quote_col, texts)
    hit = _found(frame, at, quote_col, texts)
    for row in records(frame.iloc[at[~hit]]):
        quote = str(row[quote_col])
        yield _problem(pkg, table, row["__line__"], quote_col, "provenance.quote_not_found",
                      f"the {quote_col} does not occur in report {row['report_id']}: «{quote[:40]}…»")
    at = at[hit]  # a quote that is not in the report is not searched for figures
    cols = tuple(c for c in cols if c in frame.columns)
    if not cols or not len(at):
        return
    quotes = _arrow(_rows(frame[quote_col], at))
    values = {c: _arrow(_rows(frame[c], at)) for c in cols}
    quick = dict(zip(cols, whole_numbers_at(quotes, list(values.values())), strict=True))
    numbers: dict[int, set[str]] = {}  # a quote's printed numbers, read once for all its figures when the quick test cannot tell
    miss: dict[str, list[int]] = {c: [] for c in cols}
    for c in cols:
        present = np.asarray(values[c].is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        todo = np.flatnonzero(present & ~quick[c]).tolist()
        if not todo:
            continue
        figures = values[c].take(pa.array(todo)).to_pylist()
        texts_of = quotes.take(pa.array(todo)).to_pylist()
        for i, v, q in zip(todo, figures, texts_of, strict=True):
            found = numbers.get(i)
            if found is None:
                found = numbers[i] = printed_numbers(q)
            if not figure_in_quote(v, q, found):
                miss[c].append(i)
    for c in cols:
        for row in records(frame.iloc[at[miss[c]]]):
            v, quote = row[c], str(row[quote_col])
            yield _problem(pkg, table, row["__line__"], c, "provenance.figure_not_in_quote",
                          f"{c} {v} is not a number printed in its {quote_col} «{quote[:40]}…»")
