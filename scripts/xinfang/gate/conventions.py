"""Code rules that hold the transcription conventions decided for 0.2.0 (docs/transcription.md,
"Conventions decided for 0.2.0"), so that the next contribution cannot apply one of them two ways.

Each rule is one function named by its rule id; each works column-wise and turns only flagged rows
into problems, like the rules of rules.py.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..package import Package
from ..problems import Problem
from ..quotes import collapse_all
from .catalogue import emit
from .columns import codes, codes_as, contains, holds_nul, is_in, maybe_not_collapsed, rows_at, true
from .provenance import figure_in_quote

# the four-grade scale 优/良/中/差 and the words the reports print for it
GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "一般": "中", "中": "中", "合格": "中", "较差": "差", "差": "差",
               "不合格": "差"}
CONCLUSION = re.compile(r"评价结论[:：]\s*(?:本项目[^，。]{0,80}?)?绩效评价(优秀|良好|一般|较差|不合格|合格|优|良|中|差)")
BUDGET_EXECUTION = "预算执行率"  # level1 of a table's budget-execution row
YEAR_WORDS = re.compile(r"[0-9]{4}\s*年|今年|全年|本年|当年|年内")
BACKLOG_CAMPAIGN = ("backlog_cases_assigned", "backlog_cases_resolved", "backlog_resolution_rate", "backlog_completion_rate")
DIGIT_ZERO = re.compile(r"(?<![0-9.])0(?:\.0+)?(?![0-9.])")
FREQUENCY = r"每(?:个)?(?:季度|月|周|工作日|天|日|年|半年)[^，。；,;]{{0,80}}?(?<![0-9.]){}(?![0-9.])"
NOTE_STATEMENT = re.compile(r"\bstatement ([0-9]+)\b")
NOTE_STATEMENT_ANY = r"\bstatement [0-9]+\b"  # the same, without a group (str.contains)


def _p(pkg: Package, table: str, row: dict[str, Any], column: str, rule: str, message: str, **hint: Any) -> Problem:
    return emit(rule, pkg.resources[table].path, int(row["__line__"]), column, message, **hint)


def _text(frame: pd.DataFrame, col: str) -> pd.Series:
    return frame[col].fillna("").astype(str)


def _has(frame: pd.DataFrame, col: str, literal: str) -> np.ndarray:
    """Whether each cell holds the literal text (a missing cell does not)."""
    return contains(frame[col], literal)


def _is(frame: pd.DataFrame, col: str, values: Any) -> np.ndarray:
    """Whether each cell is one of the values (a missing cell, as "", is one only if "" is)."""
    column = frame[col]
    return is_in(column, values) | (column.isna().to_numpy() & ("" in values))


def rule_grade_word(pkg: Package) -> Iterator[Problem]:
    """A project whose note records the printed conclusion (评价结论: 绩效评价一般) has its grade on the scale."""
    p = pkg.table("projects")
    for row in rows_at(p, np.flatnonzero(_has(p, "note", "评价结论"))):  # the literal first: the pattern on few notes
        word = CONCLUSION.search(str(row["note"]))
        want = GRADE_WORDS[word[1]] if word else None
        if want and row["grade"] != want:
            yield _p(pkg, "projects", row, "grade", "rules.grade_word",
                     f"the conclusion printed is {word[1] if word else ''} but grade is {row['grade'] if isinstance(row['grade'], str) else 'empty'}", grade=want)


def rule_budget_execution_row(pkg: Package) -> Iterator[Problem]:
    """The budget-execution row of a self-evaluation table holds the rate (unit %), not the amounts (those are budgets rows)."""
    ind = pkg.table("indicators")
    bad = _is(ind, "level1", [BUDGET_EXECUTION]) & (~_is(ind, "unit", ["%"]) | ind["target_value"].notna().to_numpy())
    for row in rows_at(ind, np.flatnonzero(bad)):
        yield _p(pkg, "indicators", row, "unit" if row["unit"] != "%" else "target_value", "rules.budget_execution_row",
                 "the budget-execution row holds amounts or has no unit %")


def backlog_cumulative(metric: str, period: str, quote: str) -> bool:
    """The convention for one row: backlog cases assigned by a campaign (交办) with no year stated
    are cumulative, not the report year's (what rule_backlog_period checks; the assistant drafts by it)."""
    return metric in BACKLOG_CAMPAIGN and period == "report_year" and "交办" in quote and not YEAR_WORDS.search(quote)


def rule_backlog_period(pkg: Package) -> Iterator[Problem]:
    """Backlog cases assigned by a campaign (交办) without a stated year are counted since the campaign began: cumulative."""
    pm = pkg.table("petition_metrics")
    cand = _is(pm, "metric", BACKLOG_CAMPAIGN) & _is(pm, "period", ["report_year"]) & _has(pm, "source_quote", "交办")  # the codes and the literal first
    for row in rows_at(pm, np.flatnonzero(cand)):
        # the year may be stated before the quote begins (全年，…上级交办积案9件): the row's note says so
        if not YEAR_WORDS.search(row["source_quote"]) and not YEAR_WORDS.search(str(row.get("note") or "")):
            yield _p(pkg, "petition_metrics", row, "period", "rules.backlog_period",
                     "backlog cases assigned (交办) with no year stated in the quote or the note are coded report_year")


def rule_zero_word_unit(pkg: Package) -> Iterator[Problem]:
    """A zero stated in words (无进京访, 零登记) has a unit only when the words print one (无一批 → 批)."""
    pm = pkg.table("petition_metrics")
    v = pkg.numbers("petition_metrics", "value")
    zeros = (v == 0).to_numpy(dtype=bool) & ~_is(pm, "unit", [""])  # the zeros with a unit first: the pattern on few quotes
    for row in rows_at(pm, np.flatnonzero(zeros)):
        quote = row["source_quote"] if isinstance(row["source_quote"], str) else ""
        if not DIGIT_ZERO.search(quote) and f"一{row['unit']}" not in str(row["source_quote"]):
            yield _p(pkg, "petition_metrics", row, "unit", "rules.zero_word_unit",
                     f"a zero in words with unit {row['unit']}, which the words do not print")


def rule_frequency_unit(pkg: Package) -> Iterator[Problem]:
    """A frequency (每季度至少1次, 每个工作日1名) is not a count of the year: its unit says per what (次/季度)."""
    pm = pkg.table("petition_metrics")
    cand = _has(pm, "source_quote", "每") & ~_is(pm, "value", [""]) & ~_has(pm, "unit", "/")
    for row in rows_at(pm, np.flatnonzero(cand)):
        if re.search(FREQUENCY.format(re.escape(str(row["value"]))), str(row["source_quote"])):
            yield _p(pkg, "petition_metrics", row, "unit", "rules.frequency_unit",
                     f"{row['value']} is stated per period (每…) but unit {row['unit'] or 'empty'} reads as a count of the year")


def rule_note_statement(pkg: Package) -> Iterator[Problem]:
    """A note that names the row's statement number agrees with the row's statement."""
    for table in ("budgets", "petition_metrics", "staffing"):
        t = pkg.table(table)
        for row in rows_at(t, np.flatnonzero(_has(t, "note", "statement "))):  # the literal first: the pattern on few notes
            said = NOTE_STATEMENT.search(str(row["note"]))
            if said and said[1] != str(row["statement"]):
                yield _p(pkg, table, row, "note", "rules.note_statement",
                         f"the note says statement {said[1]}, the row's statement is {row['statement']}")


def rule_table_figure_repeated(pkg: Package) -> Iterator[Problem]:
    """A figure of a self-evaluation table lives in indicators (its metric names the petition metric), not again in petition_metrics."""
    ind, pm = pkg.table("indicators"), pkg.table("petition_metrics")
    # the indicator quotes (white space collapsed) grouped by report, in row order: one text per
    # report, apart by a character no quote holds, so that one search per row finds a copy
    group, reports = codes(ind["report_id"])  # a report per code, a missing id as "" (the rules' shared encoding)
    order = np.argsort(group.astype(np.int16 if reports < 1 << 15 else np.int64), kind="stable")  # small integers: radix sort
    offsets = np.concatenate([[0], np.cumsum(np.bincount(group, minlength=reports))]).astype(np.int32)
    quotes = collapse_all(ind["source_quote"], maybe_not_collapsed(ind["source_quote"])).take(pa.array(order))
    by_report = pa.ListArray.from_arrays(pa.array(offsets), quotes)
    joined = np.array(pc.binary_join(by_report, pa.scalar("\x00", quotes.type)).to_pylist(), dtype=object)
    # the rows are tested on columns; only those that copy a figure become dicts
    report_of = codes_as(pm["report_id"], ind["report_id"])  # -1 (or past the last code): a report without indicators
    pm_quotes = collapse_all(pm["source_quote"], maybe_not_collapsed(pm["source_quote"]))
    candidates = np.flatnonzero((report_of >= 0) & (report_of < reports) & (pc.binary_length(pm_quotes).to_numpy() > 0))
    copied = np.zeros(len(pm), dtype=bool)
    texts = pm_quotes.take(pa.array(candidates))
    # each row's search (str.__contains__ mapped over the rows: no Python loop)
    copied[candidates] = list(map(operator.contains, joined[report_of[candidates]], texts.to_pylist()))
    if holds_nul(texts):  # a quote holding the separator: searched in each quote of its report
        for pos in candidates[true(pc.match_substring(texts, "\x00"))].tolist():
            q = pm_quotes[pos].as_py()
            copied[pos] = any(q in iq for iq in by_report[int(report_of[pos])].as_py())
    held = _held_by_an_indicator(ind, quotes, order, offsets, pm, pm_quotes, report_of, np.flatnonzero(copied))
    for row in rows_at(pm, held):
        yield _p(pkg, "petition_metrics", row, "source_quote", "rules.table_figure_repeated",
                 "the row copies a figure of the report's self-evaluation table")


INDICATOR_FIGURES = ("target_text", "actual_text", "target_value", "actual_value", "weight", "score")


def _held_by_an_indicator(ind: pd.DataFrame, quotes: pa.Array, order: np.ndarray, offsets: np.ndarray, pm: pd.DataFrame,
                          pm_quotes: pa.Array, report_of: np.ndarray, copied: np.ndarray) -> list[int]:
    """Of the petition rows quoting an indicator's passage (few), those whose figure that indicator
    holds (its target, result, weight or score): a count the passage states beside the indicator's
    own figures (实际化解20件 in a sentence judging 化解率) has no place in indicators and is no copy."""
    if not len(copied):
        return []
    cols = [c for c in INDICATOR_FIGURES if c in ind.columns]
    texts = quotes.to_pylist()  # once, not one conversion per row searched: the search is the one the caller made, per quote
    figures_of: dict[int, str] = {}  # an indicator row's figures as one text, made when first needed

    def figures(i: int) -> str:
        if i not in figures_of:
            figures_of[i] = " ".join(v for v in ind.iloc[i][cols].tolist() if isinstance(v, str) and v)
        return figures_of[i]

    out = []
    for row, pos in zip(rows_at(pm, copied), copied.tolist(), strict=True):
        g = int(report_of[pos])
        q = pm_quotes[pos].as_py()
        stated = [str(row[c]) for c in ("value", "change_pct") if isinstance(row.get(c), str) and row[c]]
        holders = (int(order[i]) for i in range(int(offsets[g]), int(offsets[g + 1])) if q in texts[i])
        if not stated or any(figure_in_quote(v, figures(i)) for i in holders for v in stated):
            out.append(pos)
    return out


CONVENTION_RULES = [rule_grade_word, rule_budget_execution_row, rule_backlog_period, rule_zero_word_unit, rule_frequency_unit,
                    rule_note_statement, rule_table_figure_repeated]
