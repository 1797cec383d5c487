"""The engine: runs every registered family over a package (or a slice of its reports) and makes
their check_ids unique.

A check_id met more than once in a package is numbered ``#2``, ``#3`` … in an order that depends only
on the data: the CSV line of the stated value, then its column, then the declared name of the
family and the checked row's place in it (never on the order families are registered).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import roles
from ..package import Package
from .columns import Decoded, objframe
from .core import COLUMNS, Check, CheckColumns
from .registry import FAMILIES, Context, columns_read, tables_read


@dataclass
class CheckFrame:
    """Checks of a package as columns (COLUMNS; ids unique, unsorted); messages on request."""

    frame: pd.DataFrame
    families: list[CheckColumns]  # the frame's __fam__ and __pos__ name the columns and row of each check

    def checks(self, mask: np.ndarray | None = None) -> list[Check]:
        """The selected checks (all when mask is None) with their messages, sorted by check_id."""
        sel = self.frame if mask is None else self.frame[mask]
        messages = np.empty(len(sel), dtype=object)
        fam = sel["__fam__"].to_numpy()
        for i in np.unique(fam).tolist():
            at = np.flatnonzero(fam == i)
            f = self.families[i]
            messages[at] = f.message(f.rows(sel["__pos__"].to_numpy()[at]))
        order = np.argsort(sel["check_id"].to_numpy(dtype=object), kind="stable")
        cols = [sel[c].to_numpy(dtype=object if c in ("check_id", "rule", "report_id", "table", "column") else None)[order].tolist()
                for c in COLUMNS]
        implied = np.zeros(len(sel), dtype=bool)
        for i in np.unique(fam).tolist():
            flags = self.families[i].frame.get("__implied__")
            if flags is not None:
                at = np.flatnonzero(fam == i)
                implied[at] = flags[sel["__pos__"].to_numpy()[at]]
        out = []
        for cid, rule, rep, table, line, column, stated, expected, tol, ok, msg, imp in zip(*cols, messages[order].tolist(),
                                                                                          implied[order].tolist(), strict=True):
            out.append(Check(cid, rule, rep, table, None if line != line else int(line), column, None if stated != stated else stated,
                             None if expected != expected else expected, tol, bool(ok), msg, bool(imp)))
        return out



def run_families(pkg: Package) -> tuple[list[CheckColumns], list[str]]:
    """Every family's checks (columns), and the name of the family of each."""
    ctx = Context(pkg)
    out: list[CheckColumns] = []
    names: list[str] = []
    for fam in FAMILIES.values():
        for cols in fam.run(ctx, fam):
            out.append(cols)
            names.append(fam.name)
    return out, names


def number_repeated_ids(ids: np.ndarray, line: np.ndarray, column: np.ndarray, family: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """The ids with each one met again numbered #2, #3 …, in the order of the stated value's line, its
    column, the family (its declared name) and the row's place in the family: an order of the data alone."""
    if len(pc.unique(pa.array(ids, type=pa.string()))) == len(ids):
        return ids
    dup = np.flatnonzero(pd.Series(ids).duplicated(keep=False).to_numpy())
    d_line = np.asarray(line, dtype=float)[dup]
    order = np.lexsort((np.asarray(pos)[dup], np.asarray(family)[dup], np.asarray(column)[dup].astype(str),
                        np.where(np.isnan(d_line), np.inf, d_line), ids[dup].astype(str)))
    ordered = pd.Series(ids[dup][order])
    n = ordered.groupby(ordered, sort=False).cumcount().to_numpy()
    out = ids.copy()
    out[dup[order]] = [c if k == 0 else f"{c}#{k + 1}" for c, k in zip(ordered.tolist(), n.tolist(), strict=True)]
    return out


def checks_frame(pkg: Package, registered: set[str] | None = None) -> CheckFrame:
    """Every identity check of the package, columnar, each check_id unique (number_repeated_ids).

    With registered (the gate's path) the frame holds only the checks of the reports that have a
    failing check or a registered id (every id names its report, so a repeated id is always within
    one report): their ids are formed, the other checks are never made into rows."""
    families, names = run_families(pkg)
    if registered is None:
        taken = [np.arange(len(f)) for f in families]
    else:
        reports = {cid.split(":", 2)[1] for cid in registered if cid.count(":") >= 2}
        for f in families:
            reports.update(_reports(f.frame["report_id"], np.flatnonzero(~f.frame["ok"])))
        known: dict[int, np.ndarray] = {}  # per vocabulary of Decoded report ids (most families share one): which are these reports
        taken = [_of_reports(f.frame["report_id"], reports, known) for f in families]
    sizes = [len(t) for t in taken]
    columns: dict[str, Any] = {c: np.concatenate([_reports(f.frame[c], t) if c == "report_id" else f.frame[c][t] for f, t in zip(families, taken, strict=True)])
                               if families else np.zeros(0) for c in COLUMNS if c != "check_id"}
    fam = np.repeat(np.arange(len(families)), sizes)
    pos = np.concatenate(taken) if families else np.zeros(0, dtype=np.int64)
    ids = np.concatenate([f.ids.take(t) if len(t) else np.zeros(0, dtype=object) for f, t in zip(families, taken, strict=True)]
                         ) if families else np.zeros(0, dtype=object)
    rank = {n: r for r, n in enumerate(sorted(set(names)))}
    family_rank = np.array([rank[n] for n in names], dtype=np.int64)[fam] if len(fam) else np.zeros(0, dtype=np.int64)
    ids = number_repeated_ids(np.asarray(ids, dtype=object), columns["line"], columns["column"], family_rank, pos)
    frame = objframe({"check_id": ids, **columns, "__fam__": fam, "__pos__": pos})
    return CheckFrame(frame, families)


def _reports(column: Any, at: np.ndarray) -> np.ndarray:
    """The report ids of a family's checks at these positions (its column: texts, or Decoded)."""
    return column[at] if isinstance(column, Decoded) else np.asarray(column, dtype=object)[at]


def _of_reports(column: Any, reports: set[str], known: dict[int, np.ndarray]) -> np.ndarray:
    """The positions of a family's checks whose report is one of these (known: of the Decoded vocabularies met, which names are)."""
    if not reports or not len(column):
        return np.zeros(0, dtype=np.int64)
    if isinstance(column, Decoded):  # once per distinct report
        names = column.names
        if id(names) not in known:
            known[id(names)] = np.fromiter((x in reports for x in names.tolist()), dtype=bool, count=len(names))
        return np.flatnonzero(known[id(names)][column.codes])
    value_set = pa.array(sorted(reports), type=pa.string())
    return np.flatnonzero(pc.is_in(pa.array(np.asarray(column, dtype=object), type=pa.string()), value_set=value_set
                                   ).to_numpy(zero_copy_only=False).astype(bool))


def all_checks(pkg: Package) -> list[Check]:
    """Every identity check of the package, sorted by check_id (deterministic)."""
    return checks_frame(pkg).checks()


# Every identity is a fact of one report (its check_id names the report), so a large package is
# checked a slice of reports at a time: memory stays bounded and the cost grows linearly.
REPORTS_PER_SLICE = 5_000


def report_tables(pkg: Package) -> list[str]:
    """The tables a family reads that name a report per row (x-roles report), in the package's order."""
    read = tables_read()
    return [t for t, res in pkg.resources.items() if t in read and roles.report_column(res)]


def failing_checks(pkg: Package, registered: set[str], per_slice: int = REPORTS_PER_SLICE, share: tuple[int, int] = (0, 1)) -> list[Check]:
    """The checks the gate reports: those that fail and those whose id the anomalies register names.
    The same checks as all_checks (ids, order, messages), computed per slice of reports. share=(k, n):
    only slices k, k+n, k+2n … (n workers share the slices; their lists merged and sorted are the whole)."""
    out: list[Check] = []
    k, n = share
    for i, part in enumerate(report_slices(pkg, per_slice)):
        if i % n != k:
            continue
        cf = checks_frame(part, registered)
        mask = ~cf.frame["ok"].to_numpy(dtype=bool) | cf.frame["check_id"].isin(registered).to_numpy()
        out.extend(cf.checks(mask))
    return sorted(out, key=lambda c: c.check_id) if len(out) > 1 else out


def report_slices(pkg: Package, per_slice: int) -> Iterator[Package]:
    """The package as packages of at most per_slice reports each: the rows of each report table
    whose report is in the slice (in their order, lines kept), every other table whole. A row
    without a report goes with the first slice. One slice: the package itself."""
    slicing = _slicing(pkg, per_slice)
    if slicing is None:
        yield pkg
        return
    count, slices, frames = slicing
    for k in range(count):
        part = Package(pkg.root, pkg.descriptor, pkg.resources)
        for name in pkg.resources:
            if name in slices:
                part._frames[name] = _rows(frames[name], slices[name] == k)
            elif name in pkg._frames:
                part._frames[name] = pkg._frames[name]
        yield part


Slicing = tuple[int, dict[str, np.ndarray], dict[str, pd.DataFrame]]


def _slicing(pkg: Package, per_slice: int) -> Slicing | None:
    """How report_slices cuts the package: the number of slices, each report table row's slice, and
    the report tables as the families read them (None: one slice). Made once per package and its
    tables (each share of the identities in a process slices the same tables: gate/validate.py),
    kept in the package's memo."""
    key = f"report_slices:{per_slice}"
    if key in pkg._memo:
        held, made = pkg._memo[key]
        if all(pkg._frames.get(t) is f for t, f in held.items()):
            return made
    made = _make_slicing(pkg, per_slice)
    pkg._memo[key] = ({t: pkg._frames[t] for t in report_tables(pkg) if t in pkg._frames}, made)
    return made


def _make_slicing(pkg: Package, per_slice: int) -> Slicing | None:
    tables = {t: roles.report_column(pkg.resources[t]) or "" for t in report_tables(pkg)}
    if not tables:
        return None
    columns = {t: pa.array(pkg.table(t)[c], type=pa.string(), from_pandas=True) for t, c in tables.items()}
    chunks = [chunk for col in columns.values() for chunk in (col.chunks if isinstance(col, pa.ChunkedArray) else [col])]
    ids = pc.drop_null(pc.unique(pa.chunked_array(chunks, type=pa.string())))  # in the order first met
    if len(ids) <= per_slice:
        return None
    slices = {t: pc.fill_null(pc.index_in(col, value_set=ids), 0).to_numpy(zero_copy_only=False) // per_slice for t, col in columns.items()}
    for name in sorted(tables_read() - set(tables)):  # the codelists the families read: read once, shared by every slice
        if pkg.has(name):
            pkg.table(name)
    # a slice holds only the columns the families read (the quotes and notes are most of a table's bytes)
    frames = {t: pkg.table(t)[[c for c in pkg.table(t).columns if c == "__line__" or c in _columns_of(pkg, t)]] for t in tables}
    return (len(ids) + per_slice - 1) // per_slice, slices, frames


def _rows(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of a frame the mask selects; a run of consecutive rows (a table in report order) as a
    slice of the columns, without copying them."""
    at = np.flatnonzero(mask)
    if len(at) and at[-1] - at[0] + 1 == len(at):
        return frame.iloc[at[0]:at[-1] + 1]
    return frame[mask]


def columns_to_read(pkg: Package) -> dict[str, tuple[str, ...]]:
    """The columns of each report table the families read (what a worker computing only the
    identities needs to read of them; every other table is read whole when first touched)."""
    return {t: tuple(sorted(_columns_of(pkg, t) - {""})) for t in report_tables(pkg)}


def _columns_of(pkg: Package, table: str) -> set[str]:
    """The columns of a table the families read: those declared, its report and its fact key."""
    res = pkg.resources[table]
    return columns_read(table) | set(roles.fact_key(res)) | {roles.report_column(res) or ""}
