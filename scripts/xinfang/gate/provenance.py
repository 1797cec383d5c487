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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..package import Package
from ..problems import Problem
from ..quotes import collapse, spaceless
from ..roles import figure_columns, quote_column, verbatim_column
from ..safe_io import MAX_SOURCE_BYTES, PackageError, excerpt, read_bytes, refusal, unsafe_path_reason
from .catalogue import emit
from .columns import encoded, rows_at

ZERO_WORDS = ("无", "零", "未", "没有", "不发生")  # 不发生: a none planned (全年不发生进京非正常上访: target 0)


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


def find_source(folders: Sequence[Path], name: str, listed: Sequence[set[str]] | None = None) -> tuple[str | None, str | None]:
    """(the path of the first folder's file of that name, None), (None, None) when no folder has it,
    or (None, why) when the name is no plain file name or its file leads out of its folder (never
    opened). listed: per folder, the names of its regular files that are no links (plain_files),
    when the caller has them: such a name needs no resolving (it is a file inside its folder)."""
    for i, folder in enumerate(folders):
        if listed is not None and name in listed[i] and "/" not in name and "\\" not in name and unsafe_path_reason(name) is None:
            return os.path.join(folder, name), None
        reason = refusal(folder, name, "the sources folder")
        if reason:
            return None, reason
        path = folder / name
        if path.is_file():
            return str(path), None
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
    texts = _Texts()
    where = " or ".join(str(f) for f in folders) or "no sources folder"
    listed = [plain_files(f) for f in folders]
    columns = [reports[c].tolist() for c in ("__line__", "report_id", "source_file", "source_sha256")]
    for line, report_id, source_file, sha in zip(*columns, strict=True):
        name = str(source_file)
        path, reason = find_source(folders, name, listed)
        if reason:  # never opened: a path out of the sources folders (safe_io)
            yield _problem(pkg, "reports", line, "source_file", "safety.source_path", f"source_file {excerpt(name, 80)} refused: {reason}")
            continue
        if path is None:
            yield _problem(pkg, "reports", line, "source_file", "provenance.source_missing", f"source file {source_file} is not in {where}")
            continue
        try:
            data = read_bytes(path, MAX_SOURCE_BYTES, name)
        except PackageError as exc:
            yield _problem(pkg, "reports", line, "source_file", "safety.file_too_large", str(exc), variant="source")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha:
            yield _problem(pkg, "reports", line, "source_sha256", "provenance.sha256",
                          f"SHA-256 of {source_file} is {digest}, the row says {sha}")
        texts.read[report_id] = data.decode("utf-8", errors="replace")
    for table, res in pkg.resources.items():
        if not has(table):
            continue
        quote = quote_column(res)
        if quote is not None:
            yield from _check_quotes(pkg, pkg.table(table), table, quote, figure_columns(res), texts)
        verbatim = verbatim_column(res)
        if verbatim is not None:
            frame = pkg.table(table)
            quoted = _Quoted(frame, verbatim, texts)
            for row in rows_at(frame[["__line__", "report_id"]], np.flatnonzero(quoted.checked & ~quoted.found)):
                yield _problem(pkg, table, row["__line__"], verbatim, "provenance.quote_not_found",
                              f"{verbatim} does not occur in report {row['report_id']}, even with white space aside", variant="verbatim")


def _arrow(values: pd.Series) -> pa.Array:
    """A text column as one pyarrow array (missing cells null)."""
    arr = pa.array(values, from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _codes(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The distinct texts of a column, and each row's position among them (-1: missing)."""
    return _split(pc.dictionary_encode(values))


def _column_codes(column: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """_codes of a table's text column, from its encoding the run shares (gate/columns.py: the
    safety layer's cells encoded it before, in the same process)."""
    return _split(encoded(column))


def _split(enc: pa.DictionaryArray) -> tuple[pa.Array, np.ndarray]:
    return enc.dictionary, np.asarray(pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


class _Texts:
    """The source texts by report id, as read (decoded), each collapsed when first needed: a quote
    that occurs in a text as read occurs in it collapsed too (collapsed, a part of a text is a part
    of the collapsed text), so only a quote not found as read is looked up in the collapsed text."""

    def __init__(self) -> None:
        self.read: dict[str, str] = {}
        self._collapsed: dict[str, str] = {}
        self._bare: dict[str, str] = {}
        self._index: tuple[int, pa.Array, np.ndarray] | None = None

    def of(self, ids: pa.Array) -> tuple[np.ndarray, np.ndarray]:
        """For distinct report ids (an Arrow text array without nulls): each one's text as read ("" when
        it was not read) and whether it was, looked up column-wise (pyarrow's hash of each id, not a
        Python dict per id: every table with quotes asks, for each of its tens of thousands of reports)."""
        if self._index is None or self._index[0] != len(self.read):
            names = [r for r in self.read if isinstance(r, str)]  # a report row without its id reads nothing any table names
            texts = np.empty(len(names) + 1, dtype=object)
            texts[:-1] = [self.read[r] for r in names]
            texts[-1] = ""  # the text of an id not read
            self._index = (len(self.read), pa.array(names, type=pa.large_string()), texts)
        _, names, texts = self._index
        at = pc.index_in(ids.cast(pa.large_string()), value_set=names)
        at = np.asarray(pc.fill_null(at, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
        return texts[at], at >= 0

    def collapsed(self, report_id: str) -> str:
        if report_id not in self._collapsed:
            self._collapsed[report_id] = collapse(self.read[report_id])
        return self._collapsed[report_id]

    def bare(self, report_id: str) -> str:
        """The text with no white space (quotes.spaceless), made when a quote is not found collapsed either."""
        if report_id not in self._bare:
            self._bare[report_id] = spaceless(self.read[report_id])
        return self._bare[report_id]


class _Quoted:
    """A table's quotes against their reports, column-wise: each distinct quote read once as a
    text (a national package has 1.8 million quotes; a table's rows often share one).

    checked: the rows with a quote and a report whose text was read; found: those whose quote
    occurs in it, white space collapsed (in both: the quote collapsed only when it is not found
    as it is); distinct, codes: the distinct quotes and each row's code among them (-1: missing)."""

    def __init__(self, frame: pd.DataFrame, column: str, texts: _Texts) -> None:
        self.distinct, self.codes = _column_codes(frame[column])
        ids, id_codes = _column_codes(frame["report_id"])
        text_of, read = texts.of(ids)  # object arrays: a row's text taken by reference, in C
        self.checked = (self.codes >= 0) & (id_codes >= 0)
        self.checked[self.checked] = read[id_codes[self.checked]]
        rows = np.flatnonzero(self.checked)
        self.quotes: list[str] = self.distinct.to_pylist()
        quotes = np.empty(len(self.quotes), dtype=object)
        quotes[:] = self.quotes
        needles, haystacks = quotes[self.codes[rows]], text_of[id_codes[rows]]
        hit = np.fromiter(map(operator.contains, haystacks, needles), dtype=bool, count=len(rows))
        for i in np.flatnonzero(~hit).tolist():
            report = ids[int(id_codes[rows[i]])].as_py()
            text = texts.collapsed(report)
            # then white space aside: a quote across a wrapped line with or without the space it leaves
            hit[i] = needles[i] in text or collapse(needles[i]) in text or spaceless(needles[i]) in texts.bare(report)
        self.found = np.zeros(len(frame), dtype=bool)
        self.found[rows] = hit


RUN_CHUNK_BYTES = 8 << 20  # the texts' bytes read at a time for their numbers (bounded memory, whatever the table)


def _plain_runs(texts: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Every whole run of digits, points and commas in the texts (none missing) that is a plain
    number (digits, and a point and digits): the index of its text, and the run. Read from the
    texts' UTF-8 bytes (no byte of another character is an ASCII digit, point or comma): a run
    is a maximal span of such bytes within one text."""
    texts = texts.cast(pa.large_string())
    if not len(texts):
        return np.zeros(0, dtype=np.int64), pa.array([], type=pa.large_string())
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64)[texts.offset:texts.offset + len(texts) + 1]
    data = texts.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    parents, runs = [], []
    cuts = np.unique(np.concatenate(([0], np.searchsorted(offsets, np.arange(offsets[0], offsets[-1], RUN_CHUNK_BYTES), side="right") - 1)))
    for a, b in zip(cuts.tolist(), [*cuts[1:].tolist(), len(texts)], strict=True):
        parent, run = _plain_runs_of(raw[offsets[a]:offsets[b]], offsets[a:b + 1] - offsets[a])
        parents.append(parent + a)
        runs.append(run)
    return np.concatenate(parents), pa.concat_arrays(runs)


def _plain_runs_of(raw: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """_plain_runs of the texts whose UTF-8 bytes are raw, text i at raw[offsets[i]:offsets[i + 1]]."""
    digit = (raw >= ord("0")) & (raw <= ord("9"))
    commas, points = np.flatnonzero(raw == ord(",")), np.flatnonzero(raw == ord("."))
    number = digit.copy()
    number[commas] = True
    number[points] = True
    bound = np.zeros(len(raw) + 1, dtype=bool)  # where a text starts (or ends)
    bound[offsets] = True
    edge = bound[:-1].copy()  # a number's byte with none of the same text before it: a run's first
    edge[1:] |= ~number[:-1]
    starts = np.flatnonzero(number & edge)
    edge = bound[1:].copy()  # a run's last byte
    edge[:-1] |= ~number[1:]
    ends = np.flatnonzero(number & edge) + 1
    del number, bound, edge
    plain = digit[starts] & digit[ends - 1]
    plain[np.searchsorted(starts, commas, side="right") - 1] = False  # the run of each comma (the bytes between runs are of no number)
    of_points = np.searchsorted(starts, points, side="right") - 1
    plain[of_points[1:][of_points[1:] == of_points[:-1]]] = False  # a run with a second point
    starts, ends = starts[plain], ends[plain]
    lengths = ends - starts
    bounds = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    picked = raw[np.repeat(starts - bounds[:-1], lengths) + np.arange(int(bounds[-1]), dtype=np.int64)]
    runs = pa.LargeStringArray.from_buffers(len(lengths), pa.py_buffer(bounds), pa.py_buffer(picked))
    return np.searchsorted(offsets, starts, side="right") - 1, runs


def _runs(distinct: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The distinct plain numbers (digits and a decimal part) that are a whole run of digits, points and
    commas in some text, and the sorted keys (text * their count + number) of every (text, such run) pair
    (a pair as often as the text prints the number)."""
    parent, runs = _plain_runs(distinct)
    numbers, codes = _codes(runs)
    return numbers, np.sort(parent * max(1, len(numbers)) + codes, kind="stable")  # nearly sorted already


def _whole_numbers(distinct: pa.Array, codes: np.ndarray, figures: Sequence[pa.Array]) -> list[np.ndarray]:
    """whole_numbers_at, given the quotes as their distinct texts and each row's code among them (-1: missing)."""
    numbers, pairs = _runs(distinct)
    width = max(1, len(numbers))
    lookup = pd.Index(pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs)  # a hash table, built once for every column
    out = []
    numbers = numbers.cast(pa.large_string())
    for f in figures:
        signless = pc.utf8_ltrim(f.cast(pa.large_string()), characters="-+")
        number = pc.fill_null(pc.index_in(signless, value_set=numbers), -1)  # each row's figure among the numbers (-1: none, or missing)
        number = np.asarray(number.to_numpy(zero_copy_only=False), dtype=np.int64)
        ok = (number >= 0) & (codes >= 0)
        hit = np.zeros(len(codes), dtype=bool)
        hit[ok] = lookup.get_indexer(codes[ok] * width + number[ok]) >= 0
        out.append(hit)
    return out


def whole_numbers_at(quotes: pa.Array, figures: Sequence[pa.Array]) -> list[np.ndarray]:
    """whole_number_at(figure, quote) for each row, for each array of figures (a missing figure or
    quote: False), column-wise. A figure of digits (and a decimal part), its signs stripped, occurs
    with neither a digit, point nor comma on either side exactly when it is a whole run of those
    characters in the quote: the runs of every distinct quote are read out once (from their bytes),
    and each (row, figure) is looked up among the (quote, run) pairs by integer keys."""
    distinct, codes = _codes(quotes)
    return _whole_numbers(distinct, codes, figures)


def _check_quotes(pkg: Package, frame: pd.DataFrame, table: str, quote_col: str, cols: tuple[str, ...],
                  texts: _Texts) -> Iterator[Problem]:
    quoted = _Quoted(frame, quote_col, texts)
    for row in rows_at(frame[["__line__", "report_id", quote_col]], np.flatnonzero(quoted.checked & ~quoted.found)):
        quote = str(row[quote_col])
        yield _problem(pkg, table, row["__line__"], quote_col, "provenance.quote_not_found",
                      f"the {quote_col} does not occur in report {row['report_id']}: «{quote[:40]}…»")
    cols = tuple(c for c in cols if c in frame.columns)
    if not cols or not quoted.found.any():  # a quote that is not in the report is not searched for figures
        return
    values = {c: _arrow(frame[c]) for c in cols}
    quick = dict(zip(cols, _whole_numbers(quoted.distinct, quoted.codes, list(values.values())), strict=True))
    numbers: dict[int, set[str]] = {}  # a quote's printed numbers, read once for all its figures when the quick test cannot tell
    miss: dict[str, list[int]] = {c: [] for c in cols}
    for c in cols:
        present = np.asarray(values[c].is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        todo = np.flatnonzero(quoted.found & present & ~quick[c])
        if not len(todo):
            continue
        figures = values[c].take(pa.array(todo)).to_pylist()
        for i, v, q in zip(todo.tolist(), figures, quoted.codes[todo].tolist(), strict=True):
            found = numbers.get(q)
            if found is None:
                found = numbers[q] = printed_numbers(quoted.quotes[q])
            if not figure_in_quote(v, quoted.quotes[q], found):
                miss[c].append(i)
    for c in cols:
        for row in rows_at(frame[["__line__", "report_id", quote_col, c]], miss[c]):
            v, quote = row[c], str(row[quote_col])
            yield _problem(pkg, table, row["__line__"], c, "provenance.figure_not_in_quote",
                          f"{c} {v} is not a number printed in its {quote_col} «{quote[:40]}…»")
