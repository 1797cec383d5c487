"""Plausibility and coverage, with a Great Expectations suite; Data Docs HTML for reviewers.

What neither a Table Schema nor a row rule can say: magnitudes a county-level bureau can have
(a budget in 万元 that is 10,000 times too large fails), years in range, and coverage — each
report carries the core facts of its type.

Each expectation is declared once (EXPECTATIONS) and run by one of two engines on the same frames:
Great Expectations, when Data Docs are asked for (the reviewers' report), or a column-wise pandas
evaluation of the same declarations otherwise (what Great Expectations computes for these kinds,
without its seconds of start-up). tests/test_gate_plausibility.py shows both give the same problems
on a fault corpus.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..identities import UNIT, YUAN, YUAN_PER_WAN
from ..keys import DEPARTMENT
from ..package import Package, boolean_values, isin
from ..problems import Problem
from .bounds import MAX_AMOUNT_WAN, MAX_COUNT, MAX_STAFF
from .catalogue import CATALOGUE, emit

FIRST_YEAR, LAST_YEAR = 2010, 2026


@dataclass(frozen=True)
class Expectation:
    table: str
    column: str
    kind: str  # a key of KINDS
    args: dict[str, Any]
    rule: str  # a rule of the catalogue (gate/catalogue.py), which holds its hint
    variant: str | None = None  # the rule's hint variant for this expectation
    values: tuple[tuple[str, Any], ...] = ()  # what the hint names

    @property
    def hint(self) -> str:
        return CATALOGUE[self.rule].hint_for(self.variant, **dict(self.values))


# each kind of expectation: the Great Expectations class that runs it, and its expectation type
# (named in the problem's message by both engines)
KINDS = {
    "between": ("ExpectColumnValuesToBeBetween", "expect_column_values_to_be_between"),
    "in_set": ("ExpectColumnValuesToBeInSet", "expect_column_values_to_be_in_set"),
}


# the columns _coverage reads (the expectations' own columns are added by columns_read)
COVERAGE_COLUMNS = {"reports": ["report_id", "report_type"], "budgets": ["report_id", "item", "project_id"], "petition_metrics": ["report_id"],
                    "indicators": ["report_id", "metric"], "report_types": ["report_type_id", "requires_budget_totals", "requires_petition_figures"]}


def columns_read() -> dict[str, list[str]]:
    """Per table, the columns this layer reads: a worker running it alone reads only these (and the unit of amounts)."""
    out = {table: list(cols) for table, cols in COVERAGE_COLUMNS.items()}
    for e in EXPECTATIONS:
        if e.table != "coverage":
            for col in (e.column, UNIT) if e.rule == AMOUNT_RULE else (e.column,):
                if col not in out.setdefault(e.table, []):
                    out[e.table].append(col)
    return out


def _required(pkg: Package, reps: pd.DataFrame, fact: str) -> pd.Series:
    """Per report, whether its type declares the core fact required (report_types.requires_<fact>);
    a type the codelist lacks requires everything (the foreign key reports it)."""
    types = pkg.table("report_types")
    false = set(boolean_values(pkg.resources["report_types"].field(f"requires_{fact}"))[1])
    exempt = types.loc[types[f"requires_{fact}"].isin(sorted(false)), "report_type_id"]
    return ~isin(reps["report_type"], exempt)


def _coverage(pkg: Package) -> pd.DataFrame:
    """One row per report: whether it carries each core fact its report type requires."""
    reps = pkg.table("reports")
    b, pm, ind = pkg.table("budgets"), pkg.table("petition_metrics"), pkg.table("indicators")
    is_total = (b["item"].isin(["expenditure_total", "basic", "income_total"]) & (b["project_id"] == DEPARTMENT)).to_numpy(dtype=bool)
    totals = b["report_id"][is_total]  # the column, not the table, filtered
    # petition figures are stated in prose (petition_metrics) or in a self-evaluation table (indicators with a metric:
    # docs/transcription.md keeps a table's figures there and never copies them into petition_metrics)
    stated = pd.concat([pm["report_id"], ind["report_id"][ind["metric"].notna()]])
    frame = pd.DataFrame({
        "__line__": reps["__line__"],
        "report_id": reps["report_id"],
        "report_type": reps["report_type"],
        "has_budget_totals": isin(reps["report_id"], totals) | ~_required(pkg, reps, "budget_totals"),
        "has_petition_figures": isin(reps["report_id"], stated) | ~_required(pkg, reps, "petition_figures"),
    })
    return frame


AMOUNT_RULE = "plausibility.amount_magnitude"  # its columns are amounts, judged in 万元 (the row's unit: budgets.unit, projects.unit)
EXPECTATIONS = [
    Expectation("budgets", "amount", "between", {"min_value": -MAX_AMOUNT_WAN, "max_value": MAX_AMOUNT_WAN}, AMOUNT_RULE, "budgets"),
    Expectation("projects", "executed", "between", {"min_value": 0, "max_value": MAX_AMOUNT_WAN}, AMOUNT_RULE),
    Expectation("projects", "adjusted_budget", "between", {"min_value": 0, "max_value": MAX_AMOUNT_WAN}, AMOUNT_RULE),
    Expectation("reports", "fiscal_year", "between", {"min_value": FIRST_YEAR, "max_value": LAST_YEAR}, "plausibility.year_range",
                values=(("first", FIRST_YEAR), ("last", LAST_YEAR))),
    Expectation("petition_metrics", "value", "between", {"min_value": -MAX_COUNT, "max_value": MAX_COUNT}, "plausibility.count_magnitude"),
    Expectation("staffing", "value", "between", {"min_value": 0, "max_value": MAX_STAFF}, "plausibility.staff_magnitude"),
    Expectation("coverage", "has_budget_totals", "in_set", {"value_set": [True]}, "plausibility.coverage_budget"),
    Expectation("coverage", "has_petition_figures", "in_set", {"value_set": [True]}, "plausibility.coverage_petition"),
]


def in_wan(pkg: Package, table: str, column: str) -> pd.Series:
    """A column's numbers, amounts printed in 元 (the row's unit) as 万元: what the magnitudes are judged on."""
    values = pkg.numbers(table, column)
    t = pkg.table(table)
    amount = any(e.table == table and e.column == column and e.rule == AMOUNT_RULE for e in EXPECTATIONS)
    if amount and UNIT in t.columns:
        in_yuan = (t[UNIT] == YUAN).fillna(False).to_numpy(dtype=bool)  # compared as Arrow text (a missing unit: not 元)
        values = values.where(~in_yuan, values / YUAN_PER_WAN)
    return values


def _frames(pkg: Package) -> dict[str, tuple[pd.DataFrame, str]]:
    out: dict[str, tuple[pd.DataFrame, str]] = {}
    for e in EXPECTATIONS:
        if e.table in out:
            continue
        if e.table == "coverage":
            out[e.table] = (_coverage(pkg), pkg.resources["reports"].path)
            continue
        t = pkg.table(e.table)
        # only what the expectations read: the line (for messages) and the numbers of their columns
        frame = pd.DataFrame({"__line__": t["__line__"]})
        for col in sorted({x.column for x in EXPECTATIONS if x.table == e.table}):
            frame[col] = in_wan(pkg, e.table, col)
        out[e.table] = (frame.reset_index(drop=True), pkg.resources[e.table].path)
    return out


ENGINES = ("great_expectations", "pandas")


def check_plausibility(pkg: Package, docs_dir: Path | None, engine: str | None = None) -> Iterator[Problem]:
    """engine: "great_expectations" (builds the Data Docs when docs_dir is given), "pandas" (the
    same expectations evaluated column-wise; no Data Docs), or None: Great Expectations exactly
    when Data Docs are asked for."""
    if engine is None:
        engine = "great_expectations" if docs_dir is not None else "pandas"
    if engine not in ENGINES:
        raise ValueError(f"unknown plausibility engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == "pandas":
        if docs_dir is not None:
            raise ValueError("Data Docs are built by Great Expectations: use engine 'great_expectations'")
        yield from _check_with_pandas(pkg)
    else:
        yield from _check_with_great_expectations(pkg, docs_dir)


def _unexpected(e: Expectation, frame: pd.DataFrame) -> list[int]:
    """Positions of the rows that fail e, as Great Expectations finds them for a column map
    expectation: missing values are not checked; bounds are inclusive."""
    values = frame[e.column]
    if e.kind == "between":
        ok = pd.Series(True, index=values.index)
        if e.args.get("min_value") is not None:
            ok &= values >= e.args["min_value"]
        if e.args.get("max_value") is not None:
            ok &= values <= e.args["max_value"]
    elif e.kind == "in_set":
        ok = values.isin(list(e.args["value_set"]))
    else:
        raise ValueError(f"expectation kind {e.kind!r} has no pandas evaluation")
    return np.flatnonzero((values.notna() & ~ok.fillna(False).astype(bool)).to_numpy()).tolist()


def _check_with_pandas(pkg: Package) -> Iterator[Problem]:
    for table, (frame, file) in _frames(pkg).items():
        for e in (x for x in EXPECTATIONS if x.table == table):
            try:
                unexpected = _unexpected(e, frame)
            except Exception as exc:  # noqa: BLE001 - reported like an expectation Great Expectations could not run
                yield _not_run(file, e.column, e, str(exc))
                continue
            for i in unexpected:
                yield _unexpected_problem(table, frame, file, i, e.column, e, KINDS[e.kind][1])


def _not_run(file: str, column: str, e: Expectation, why: str) -> Problem:
    return emit(e.rule, file, None, column, f"expectation could not run: {why}", variant=e.variant, **dict(e.values))


def _unexpected_problem(table: str, frame: pd.DataFrame, file: str, i: int, col: str, e: Expectation, expectation_type: str) -> Problem:
    """The problem for row position i of frame failing an expectation on col (both engines)."""
    value: Any = frame[col].iloc[i]
    line: Any = frame["__line__"].iloc[i]
    return emit(e.rule, file, int(line), col if table != "coverage" else "report_id",
                f"{col} = {value!r} is outside what is plausible ({expectation_type})"
                if table != "coverage" else f"report {frame['report_id'].iloc[i]!s} lacks a core fact: {col}",
                variant=e.variant, **dict(e.values))


def _check_with_great_expectations(pkg: Package, docs_dir: Path | None) -> Iterator[Problem]:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
        import great_expectations.expectations as gxe

        ctx = gx.get_context(mode="ephemeral")
        try:
            ctx.variables.progress_bars = {"globally": False, "metric_calculations": False}  # type: ignore[assignment]
        except Exception:  # noqa: BLE001 - progress bars are cosmetic
            pass
        if docs_dir is not None:
            ctx.add_data_docs_site("gate", {
                "class_name": "SiteBuilder", "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
            })
        source = ctx.data_sources.add_pandas("xinfang")
        frames = _frames(pkg)
        for table, (frame, file) in frames.items():
            mine = [e for e in EXPECTATIONS if e.table == table]
            suite = ctx.suites.add(gx.ExpectationSuite(name=f"xinfang.{table}"))
            for e in mine:
                cls = getattr(gxe, KINDS[e.kind][0])
                suite.add_expectation(cls(column=e.column, meta={"rule": e.rule, "hint": e.hint, "expectation": EXPECTATIONS.index(e)}, **e.args))
            asset = source.add_dataframe_asset(table)
            batch = asset.add_batch_definition_whole_dataframe("whole")
            vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=table, data=batch, suite=suite))
            actions: list[Any] = [gx.checkpoint.UpdateDataDocsAction(name="data_docs")] if docs_dir is not None else []
            cp = ctx.checkpoints.add(gx.Checkpoint(name=table, validation_definitions=[vd], actions=actions,
                                                   result_format={"result_format": "COMPLETE"}))
            result = cp.run(batch_parameters={"dataframe": frame})
            for run in result.run_results.values():
                for r in run.results:
                    if r.success:
                        continue
                    config = r.expectation_config
                    if config is None:
                        continue
                    meta = config.meta or {}
                    col = str(config.kwargs.get("column"))
                    if r.exception_info and r.exception_info.get("raised_exception"):
                        yield _not_run(file, col, EXPECTATIONS[int(meta["expectation"])], str(r.exception_info.get("exception_message")))
                        continue
                    for idx in r.result.get("unexpected_index_list") or []:
                        i = int(idx) if not isinstance(idx, dict) else int(idx.get("index", 0))
                        yield _unexpected_problem(table, frame, file, i, col, EXPECTATIONS[int(meta["expectation"])], str(config.type))
