"""The contradictions found by reading (anomalies of rule ``reading``) against the rows they concern.

An identity the gate computes finds its own rows; a contradiction found by reading does not, so its
entry names them: ``rows`` lists ``table:key`` references (the key after report_id: ``line`` of
budgets, petition_metrics, staffing and issues, ``row`` of indicators, ``project_id`` of projects,
the report_id for the report itself), the first of the table in ``table`` holding the stated value.
The gate checks that every reference still points at a row of the entry's report and that the
stated value is still a number of one of those rows (any number-typed field of its Table Schema),
so that the register cannot silently drift from the data it explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pandas as pd

from ..fieldtypes import to_decimal
from ..package import Package, records
from ..problems import Problem
from ..roles import report_column, row_key
from .catalogue import emit

READING = "reading"  # the anomalies rule of a contradiction found by reading
REF = re.compile(r"([a-z_]+):([0-9A-Za-z-]+)")

def _problem(pkg: Package, line: int, column: str, rule: str, message: str) -> Problem:
    return emit(rule, pkg.resources["anomalies"].path, line, column, message)


def _number(text: Any) -> Decimal | None:
    """A cell's number exactly, as printed (fieldtypes: the schemas' lexical form)."""
    return to_decimal(text.strip() if isinstance(text, str) else text)


def parse_rows(text: Any) -> list[tuple[str, str]] | None:
    """The (table, key) references of a ``rows`` cell; None when a part is not table:key."""
    parts = str(text or "").split()
    refs = [REF.fullmatch(p) for p in parts]
    if not parts or not all(refs):
        return None
    return [(m[1], m[2]) for m in refs if m]


def row_keys(pkg: Package) -> dict[str, str]:
    """The tables whose rows an entry can name, with the field that names a row within its report
    (from each table's primary key: roles.row_key)."""
    out = {}
    for name, res in sorted(pkg.resources.items()):
        key = row_key(res)
        if key is not None:
            out[name] = key
    return out


def _index(pkg: Package, tables: set[str]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(table, report_id, key) -> row, for the tables the entries refer to."""
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    keys = row_keys(pkg)
    for t in sorted(tables):
        if t not in keys or not pkg.has(t):
            continue
        rep, key = report_column(pkg.resources[t]) or "", keys[t]  # row_key is None without a report column
        for r in records(pkg.table(t)):
            out[(t, str(r[rep]), str(r[key]))] = r
    return out


def _numbers(pkg: Package, table: str, row: dict[str, Any]) -> set[Decimal]:
    fields = [f["name"] for f in pkg.resources[table].fields if f.get("type") in ("number", "integer")]
    return {n for n in (_number(row.get(f)) for f in fields) if n is not None}


def is_reading(frame: pd.DataFrame) -> pd.Series:
    """Which entries of the anomalies table were found by reading (the others are identities' check_ids)."""
    return frame["rule"] == READING


def identity_entries(pkg: Package) -> dict[str, dict[str, Any]]:
    """The register's entries of identities, by check_id (what the gate matches failing identities against)."""
    if not pkg.has("anomalies"):
        return {}
    frame = pkg.table("anomalies")
    return {r["check_id"]: r for r in records(frame[~is_reading(frame)])}


def reading_entries(pkg: Package) -> list[dict[str, Any]]:
    """The register's entries found by reading, in file order."""
    if not pkg.has("anomalies"):
        return []
    frame = pkg.table("anomalies")
    return records(frame[is_reading(frame)])


def check_reading_register(pkg: Package) -> Iterator[Problem]:
    """Each reading entry: rows given and well formed, each an existing row of its report, the stated
    value a number of one of its rows of `table`. A sound entry is reported as a known inconsistency."""
    entries = reading_entries(pkg)
    if not entries:
        return
    parsed = {int(e["__line__"]): parse_rows(e.get("rows")) for e in entries}
    index = _index(pkg, {t for refs in parsed.values() if refs for t, _ in refs})
    for e in entries:
        line, rep, cid = int(e["__line__"]), str(e["report_id"]), e["check_id"]
        refs = parsed[line]
        if refs is None:
            yield _problem(pkg, line, "rows", "register.reading_rows",
                           f"reading entry {cid} names no rows, or a part of `rows` is not table:key ({e.get('rows') or 'empty'})")
            continue
        found: list[tuple[str, dict[str, Any]]] = []
        missing = False
        for t, key in refs:
            row = index.get((t, rep, key))
            if row is None:
                missing = True
                yield _problem(pkg, line, "rows", "register.reading_row_missing",
                               f"reading entry {cid}: {t}:{key} is no row of report {rep}"
                               + ("" if t in row_keys(pkg) else f" ({t} is not a table rows can name)"))
            else:
                found.append((t, row))
        if missing:
            continue
        stated = _number(e.get("stated"))
        holders = [(t, r) for t, r in found if t == e.get("table")]
        if stated is not None and not any(stated in _numbers(pkg, t, r) for t, r in holders):
            yield _problem(pkg, line, "stated", "register.reading_stated",
                           f"reading entry {cid} says {e.get('table')} states {e.get('stated')}, but none of its rows of "
                           f"{e.get('table')} ({' '.join(f'{t}:{k}' for t, k in refs if t == e.get('table')) or 'none listed'}) holds it")
            continue
        t, r = holders[0] if holders else found[0]
        yield emit("anomaly.reading", pkg.resources[t].path, int(r["__line__"]), None,
                   f"{_short(str(e.get('explanation_en')))} [registered: {cid}]")  # the id survives the gate's message limit


def _short(text: str, limit: int = 200) -> str:
    """An explanation short enough that the message keeps the register id after it (gate/limits.py)."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
