"""Rules: pandera schemas generated from schemas/, rules only code can express, and identities.

1. Field constraints (required, minimum/maximum, length, pattern, enum) come from the Table
   Schemas through pandera's frictionless reader; nothing is declared here a second time.
   Types, keys and uniqueness belong to the structure layer.
2. Rules that a Table Schema cannot express, one function each, named by their rule id.
3. Every identity of the data (see identities/, docs/identities.md): a failing identity is an error unless
   anomalies.csv registers it (then it is reported as a known source inconsistency); a
   registered identity that passes, or that no longer exists, is a stale register entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import fieldtypes
from ..identities import Check, failing_checks
from ..package import DESCRIPTOR, Package, Resource, records
from ..problems import KNOWN, Problem
from ..quotes import collapse
from ..roles import fact_keys, quote_column
from . import constraints
from .catalogue import emit, library_rule
from .code_support import rule_code_unsupported
from .columns import arrow_text, codes, codes_as, encoded, first_bytes, flagged, is_in, maybe_not_collapsed, rows_at, true
from .conventions import CONVENTION_RULES
from .register import check_reading_register, identity_entries

PANDAS_DTYPES = {name: t.pandas for name, t in fieldtypes.TYPES.items() if t.pandas != "str"}


def typed(frame: pd.DataFrame, resource: Resource, columns: list[str] | None = None, pkg: Package | None = None) -> pd.DataFrame:
    """The table (or these columns of it) in its schema types (fieldtypes.typed_column); cells that
    do not parse become missing (the structure layer reports them as type errors). pkg: the package
    whose table frame is, its number columns' floats read from its cache (Package.numbers, which
    the structure layer's type checks fill)."""
    def numbers(f: dict[str, Any]) -> pd.Series | None:
        if pkg is None or fieldtypes.kind(f) not in ("number", "integer", "year"):
            return None
        return pkg.numbers(resource.name, f["name"])

    out = {f["name"]: fieldtypes.typed_column(frame[f["name"]], f, numbers(f)) for f in resource.fields
           if f["name"] in frame.columns and (columns is None or f["name"] in columns)}
    return pd.DataFrame(out, index=frame.index)


def constrained(resource: Resource) -> list[str]:
    """The fields with a constraint the rules layer checks (unique belongs to the structure layer).
    The others can fail no check of the generated schema: their cells are typed to the very dtype
    it declares, and they may be missing."""
    return [f["name"] for f in resource.fields if any(k != "unique" for k in f.get("constraints", {}))]


def pandera_schema(resource: Resource, columns: list[str] | None = None) -> Any:
    """A pandera DataFrameSchema generated from the resource's Table Schema (of these fields only, when given)."""
    from pandera.io.pandas_io import from_frictionless_schema

    chosen = [f for f in resource.fields if columns is None or f["name"] in columns]
    fields = []
    for f in chosen:
        g = {k: v for k, v in f.items() if not k.startswith("x-") and k not in ("unit",)}
        # patterns are matched by RE2 (linear time: see check_patterns), not by pandera's re
        g["constraints"] = {k: v for k, v in f.get("constraints", {}).items() if k not in ("unique", "pattern")}
        fields.append(g)
    generated = from_frictionless_schema({"fields": fields, "primaryKey": []})
    for f in chosen:  # the columns in the dtypes typed() gives, set in place (update_columns would copy the schema for each)
        column = generated.columns[f["name"]]
        column.dtype = PANDAS_DTYPES.get(f.get("type", "string"), "str")
        column.coerce = False
        column.unique = False
    return generated


def failure_cases(schema: Any, data: pd.DataFrame, engine: str = "checks") -> list[dict[str, Any]]:
    """The cells that break the schema's column checks, as pandera reports them (index, column,
    check, failure_case): with engine "validate" from DataFrameSchema.validate(lazy=True); with
    "checks" from the same pandera checks called column by column (its Check objects, their own
    handling of missing values), without validate's per-table machinery — several times faster,
    most on small tables. Only cases of a cell are returned (the layer reads no others). A check
    that raises sends the table to validate, which says what went wrong in its own way."""
    import pandera.pandas as pa

    if engine == "checks":
        try:
            return _column_failure_cases(schema, data)
        except Exception:  # noqa: BLE001 - validate reports it
            pass
    try:
        schema.validate(data, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return [c for c in records(exc.failure_cases)
                if c.get("index") is not None and not pd.isna(c.get("index")) and c.get("column") is not None]
    return []


def _column_failure_cases(schema: Any, data: pd.DataFrame) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name, column in schema.columns.items():
        if name not in data.columns:
            continue  # a column missing from the header: the structure layer reports it
        values = data[name]
        if not column.nullable:
            out.extend({"index": idx, "column": name, "check": "not_nullable", "failure_case": None} for idx in values.index[values.isna()])
        for check in column.checks:
            result = check(values)
            if bool(result.check_passed):
                continue
            bad = result.failure_cases
            out.extend({"index": idx, "column": name, "check": check.error, "failure_case": v}
                       for idx, v in zip(bad.index.tolist(), bad.tolist(), strict=True))
    return out


def check_constraints(pkg: Package, name: str, engine: str = "vectorised") -> Iterator[Problem]:
    """The field constraints of the table's schema. engine: "vectorised" (gate/constraints.py: the
    checks pandera generates, evaluated column-wise without pandera; pandera's checks for a
    constraint it does not evaluate), or pandera's "checks" or "validate" (see failure_cases)."""
    res = pkg.resources[name]
    frame = pkg.table(name)
    checked = constrained(res)
    if not checked:
        return
    cases = constraints.text_failure_cases(res, frame, checked, lambda column: pkg.numbers(name, column)) if engine == "vectorised" else None
    if cases is None:
        data = typed(frame, res, checked, pkg)
        cases = constraints.failure_cases(res, data) if engine == "vectorised" else None
    if cases is None:
        schema = pandera_schema(res, checked)
        schema.strict = False
        schema.unique = None
        cases = failure_cases(schema, data, "checks" if engine == "vectorised" else engine)
    for c in cases:
        idx: Any = c["index"]
        col: Any = c["column"]
        check = str(c.get("check"))
        cell: Any = frame[col].loc[idx] if col in frame.columns else None
        if check == "not_nullable" and cell is not None and pd.notna(cell):
            continue  # a value that did not parse: a type error, reported by the structure layer
        line_no: Any = frame["__line__"].loc[idx]
        line = int(line_no)
        yield emit(library_rule("pandera", check.split("(")[0]), res.path, line, col, _constraint_message(res, col, check, c.get("failure_case")),
                   **_constraint_hint(res, col))
    yield from check_patterns(pkg, name)


def check_patterns(pkg: Package, name: str) -> Iterator[Problem]:
    """Each text field's pattern constraint, matched whole by RE2 (pyarrow): linear in the cell,
    whatever the pattern (a schema's pattern RE2 cannot run is refused: gate/schemas.py); each
    distinct text matched once (gate/columns.py's encoding, shared with the other rules)."""
    res = pkg.resources[name]
    frame = pkg.table(name)
    for f in res.fields:
        pattern = f.get("constraints", {}).get("pattern")
        if not isinstance(pattern, str) or f.get("type", "string") != "string" or f["name"] not in frame.columns:
            continue
        enc = encoded(frame[f["name"]])
        ok = np.append(np.asarray(pc.match_substring_regex(enc.dictionary, f"^(?:{pattern})$").to_numpy(zero_copy_only=False), dtype=bool), True)
        bad = np.flatnonzero(~ok[np.asarray(pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64)])  # missing: no match needed
        check = f"str_matches('{pattern}')"
        lines = frame["__line__"].to_numpy()
        for pos, text in zip(bad.tolist(), enc.take(pa.array(bad, type=pa.int64())).dictionary_decode().to_pylist(), strict=True):
            yield emit("rules.pattern", res.path, int(lines[pos]), f["name"],
                       _constraint_message(res, f["name"], check, str(text)), **_constraint_hint(res, f["name"]))


def _constraint_message(res: Resource, col: str, check: str, value: Any) -> str:
    if check == "not_nullable":
        return f"{col} is required and is empty"
    f = res.field(col)
    cons = f.get("constraints", {})
    if check.startswith("isin"):
        allowed = cons.get("enum", [])
        return f"{value!r} is not one of the allowed values ({', '.join(map(str, allowed[:12]))}{' …' if len(allowed) > 12 else ''})"
    return f"{value!r} breaks the constraint {check} declared in schemas/{res.name}.schema.json"


def _constraint_hint(res: Resource, col: str) -> dict[str, str]:
    """What the hint of a field constraint names: the field, its description, its schema."""
    return {"field": col, "description": res.field(col).get("description", ""), "table": res.name}


# ----------------------------------------------------------------------------------------------
# rules only code can express
# ----------------------------------------------------------------------------------------------

def _p(pkg: Package, table: str, row: dict[str, Any], column: str | None, rule: str, message: str, **hint: Any) -> Problem:
    """The problem of a row of table (the hint is the rule's, filled in with these values)."""
    return emit(rule, pkg.resources[table].path, int(row["__line__"]), column, message, **hint)


# The rules below work column-wise: a boolean mask says which rows break the rule, and only those
# rows become Problems (a national package has 1.8 million rows and a handful of errors), taken
# from their columns without copying the table (gate/columns.py).

def _flagged(frame: pd.DataFrame, mask: pd.Series) -> list[dict[str, Any]]:
    """The rows of frame where mask is true, as dicts."""
    return flagged(frame, mask)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column with missing cells as "" (so comparisons never meet a missing value)."""
    return frame[column].fillna("").astype("str")


def _combined(codes_of: list[tuple[np.ndarray, int]], length: int) -> np.ndarray:
    """One integer per row from the codes of several columns, equal exactly when every code is."""
    ids, size = np.zeros(length, dtype=np.int64), 1  # ids < size
    for c, n in codes_of:
        if size * max(n, 1) >= 1 << 62:  # renumbered before the product could overflow
            ids, size = pd.factorize(ids)[0].astype(np.int64), length
        ids, size = ids * max(n, 1) + c, size * max(n, 1)
    return ids


def _group_ids(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per row that is equal exactly when the rows agree on every column (a missing
    cell counts as "", as in _text): groupby on one integer column instead of several texts."""
    return _combined([codes(frame[c]) for c in columns], len(frame))


def _has_key(frame: pd.DataFrame, columns: list[str], known: pd.DataFrame, known_columns: list[str],
             rows: np.ndarray | None = None, known_rows: np.ndarray | None = None) -> np.ndarray:
    """Whether each row's values of columns (missing as "") are those of some row of known in
    known_columns: of the rows at these positions of frame (default: all), against the rows at
    known_rows of known (default: all). The known cells are coded by the frame's codes of their
    column (gate/columns.py: the frame's encoding is shared with the other rules)."""
    mine, theirs = np.zeros(len(frame), dtype=np.int64), np.zeros(len(known), dtype=np.int64)
    valid, size = np.ones(len(known), dtype=bool), 1
    for a, b in zip(columns, known_columns, strict=True):
        c, n = codes(frame[a])
        t = codes_as(known[b], frame[a])  # -1: a text the frame's column never holds, so no row matches it
        valid &= t >= 0
        radix = n + 1  # room for the code of "" (codes_as gives it even where the frame has none)
        if size * radix >= 1 << 62:  # renumbered before the product could overflow
            both = pd.factorize(np.concatenate([mine, theirs]))[0].astype(np.int64)
            mine, theirs, size = both[:len(frame)], both[len(frame):], len(both)
        mine, theirs, size = mine * radix + c, theirs * radix + np.maximum(t, 0), size * radix
    if rows is not None:
        mine = mine[rows]
    if known_rows is not None:
        theirs, valid = theirs[known_rows], valid[known_rows]
    return np.asarray(pd.Series(mine).isin(theirs[valid]).to_numpy(), dtype=bool)  # hashed: no sort of either side


def _columns_referring_to(resource: Resource, target: str) -> list[str]:
    """The single fields of the resource whose foreign key points at the target resource."""
    return [fields[0] for fields, ref, _ in resource.foreign_keys if ref == target and len(fields) == 1 and fields[0] in resource.field_names]


def _digits(pkg: Package, table: str, column: str) -> np.ndarray:
    """Each cell's number when it is written in digits only (0-9), else NaN (missing too). Of an
    integer field, its numbers (the package's cache) where the text does not open with a sign (an
    integer is [+-]?[0-9]+); of any other field, parsed once per distinct text."""
    values = pkg.table(table)[column]
    if fieldtypes.kind(pkg.resources[table].field(column)) in ("integer", "year") and fieldtypes.INTEGER == r"[+-]?[0-9]+":
        out = pkg.numbers(table, column).to_numpy(dtype=float, copy=True)
        out[np.isin(first_bytes(values), list(b"+-"))] = np.nan
        return out
    enc = encoded(values)
    distinct = pd.Series(enc.dictionary.to_pylist(), dtype="str")
    digits = distinct.str.fullmatch(r"[0-9]+").fillna(False).astype(bool)
    table_of = np.append(fieldtypes.floats(distinct.where(digits), "integer").to_numpy(dtype=float), np.nan)  # the last: a missing cell
    return table_of[np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)]


def rule_statement_sequence(pkg: Package) -> Iterator[Problem]:
    """A restated fact is numbered 1, 2, 3 … in order: no gaps, no two first statements."""
    keys = fact_keys(pkg)  # the checked package's own schemas (x-roles fact-key)
    multi = set(pkg.table("budget_items").query("multiple_rows == 'true'")["item_id"]) if pkg.has("budget_items") else set()
    for table, key in keys.items():
        if not pkg.has(table):
            continue
        t = pkg.table(table)
        keep = np.ones(len(t), dtype=bool)
        for column in _columns_referring_to(pkg.resources[table], "budget_items"):  # an item stated in several rows is no restatement
            keep &= ~t[column].isin(multi).to_numpy(dtype=bool)
        rows = np.flatnonzero(keep)
        # vectorised: a group is in order when its numbered statements are exactly 1..n
        num = _digits(pkg, table, "statement")
        all_gids = _group_ids(t, key)
        gids, values = all_gids[rows], num[rows]
        # a group is in order when its numbered statements, sorted, are 1, 2, … n (n the count of numbered ones)
        numbered = ~np.isnan(values)
        g, x = gids[numbered], values[numbered]
        order = np.lexsort((x, g))
        g, x = g[order], x[order]
        start = np.flatnonzero(np.r_[True, g[1:] != g[:-1]]) if len(g) else np.zeros(0, dtype=np.int64)
        rank = np.arange(len(g)) - np.repeat(start, np.diff(np.r_[start, len(g)])) + 1
        bad = np.unique(g[x != rank])
        if not len(bad):
            continue
        at = rows[np.isin(gids, bad)]  # the flagged groups' rows, in row order (not once per group)
        stated: dict[int, list[int]] = {}  # per flagged group (in the order the groups first appear), its numbered statements; and its last row
        last: dict[int, int] = {}
        for gid, value, pos in zip(all_gids[at].tolist(), num[at].tolist(), at.tolist(), strict=True):
            stated.setdefault(gid, [])
            if pd.notna(value):  # the statements as parsed above (the strict integer form), not parsed again
                stated[gid].append(int(value))
            last[gid] = pos
        lines = t["__line__"].to_numpy()
        for gid, seen in stated.items():
            yield _p(pkg, table, {"__line__": lines[last[gid]]}, "statement", "rules.statement_sequence",
                     f"statements of this fact are {sorted(seen)}; expected {list(range(1, len(seen) + 1))}")


def rule_project_in_report(pkg: Package) -> Iterator[Problem]:
    """A project_id must name a project of the same report."""
    projects = pkg.table("projects")
    for table in ("budgets", "indicators", "issues"):
        t = pkg.table(table)
        rows = np.flatnonzero(t["project_id"].notna().to_numpy())
        known = _has_key(t, ["report_id", "project_id"], projects, ["report_id", "project_id"], rows=rows)
        for row in rows_at(t, rows[~known]):
            yield _p(pkg, table, row, "project_id", "rules.project_in_report",
                     f"project {row['project_id']} is not a project of report {row['report_id']}")


def rule_budget_row_shape(pkg: Package) -> Iterator[Problem]:
    """A budget row has an amount unless it states only a rate or change; share_pct goes with
    share_of; rate_pct belongs on executed rows, change_pct on yoy_change rows."""
    b = pkg.table("budgets")
    has = {c: b[c].notna() for c in ("amount", "share_pct", "share_of", "rate_pct", "change_pct")}
    stage = _text(b, "stage")
    for row in _flagged(b, ~has["amount"] & ~(has["rate_pct"] | has["change_pct"])):
        yield _p(pkg, "budgets", row, "amount", "rules.amount_needed", "the row states no amount, rate or change")
    for row in _flagged(b, has["share_pct"] != has["share_of"]):
        yield _p(pkg, "budgets", row, "share_of" if pd.notna(row["share_pct"]) else "share_pct", "rules.share_pair",
                 "share_pct and share_of go together")
    for row in _flagged(b, has["rate_pct"] & ~stage.isin(["executed", "received"])):
        yield _p(pkg, "budgets", row, "rate_pct", "rules.rate_on_executed", f"an execution rate on a {row['stage']} row")
    for row in _flagged(b, has["change_pct"] & (stage != "yoy_change")):
        yield _p(pkg, "budgets", row, "change_pct", "rules.change_on_change_row", f"a change percent on a {row['stage']} row")


def rule_petition_row_shape(pkg: Package) -> Iterator[Problem]:
    """A percentage is within 0–100; change_pct belongs on yoy_change rows; a row has a value or a change."""
    pm = pkg.table("petition_metrics")
    v = pkg.numbers("petition_metrics", "value")
    period = _text(pm, "period")
    for row in _flagged(pm, (_text(pm, "unit") == "%") & (period != "yoy_change") & v.notna() & ~v.between(0, 100)):
        yield _p(pkg, "petition_metrics", row, "value", "rules.percent_range", f"a percentage of {row['value']}")
    for row in _flagged(pm, pm["change_pct"].notna() & (period != "yoy_change")):
        yield _p(pkg, "petition_metrics", row, "change_pct", "rules.change_on_change_row", f"a change percent on a {row['period']} row")
    for row in _flagged(pm, pm["value"].isna() & pm["change_pct"].isna()):
        yield _p(pkg, "petition_metrics", row, "value", "rules.value_needed", "the row states neither a value nor a change")


def _maps_to(column: pd.Series, mapping: dict[Any, Any], value: Any) -> np.ndarray:
    """column.map(mapping) == value, looked up once per distinct text (a missing cell as pandas
    maps it: to the value of a missing key, if the mapping has one)."""
    enc = encoded(column)
    missing = [v for k, v in mapping.items() if isinstance(k, float) and k != k]
    per_text = (pd.Series(enc.dictionary.to_pylist(), dtype="str").map(mapping) == value).to_numpy(dtype=bool)
    table = np.append(per_text, bool(missing and missing[0] == value))  # the last: a missing cell
    return table[np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)]


def rule_metric_kind(pkg: Package) -> Iterator[Problem]:
    """What the codelist's kind of a metric says of its value (a change row aside): a count is a
    whole number (unless printed in ten-thousands, unit 万份), never negative; a rate is within 0–100 (percent rows are rules.percent_range's)."""
    pm = pkg.table("petition_metrics")
    metric_codes = pkg.table("petition_metric_codes")
    kinds = dict(zip(metric_codes["metric_id"].tolist(), metric_codes["kind"].tolist(), strict=True))
    v = pkg.numbers("petition_metrics", "value")
    level = ~is_in(pm["period"], ["yoy_change"]) & v.notna().to_numpy()
    in_wan = true(pc.starts_with(arrow_text(pm["unit"]), "万"))  # 1.2万份: a count printed in ten-thousands, as printed
    count = level & _maps_to(pm["metric"], kinds, "count") & ((v < 0).to_numpy() | ((v != v.round()).to_numpy() & ~in_wan))
    for row in _flagged(pm, count):
        yield _p(pkg, "petition_metrics", row, "value", "rules.count_value", f"a count of {row['value']}", metric=row['metric'])
    rate = level & _maps_to(pm["metric"], kinds, "rate") & ~is_in(pm["unit"], ["%", "百分点"]) & ~v.between(0, 100).to_numpy()
    for row in _flagged(pm, rate):
        yield _p(pkg, "petition_metrics", row, "value", "rules.rate_range", f"a rate of {row['value']}", metric=row['metric'])


def rule_approx_pair(pkg: Package) -> Iterator[Problem]:
    """approx is true exactly when an approximation marker is given."""
    for table in ("budgets", "petition_metrics"):
        t = pkg.table(table)
        for row in _flagged(t, (_text(t, "approx") == "true") != t["approx_marker"].notna()):
            yield _p(pkg, table, row, "approx_marker", "rules.approx_pair", "approx and approx_marker disagree")


def rule_parent_row(pkg: Package) -> Iterator[Problem]:
    """parent_row names a subtotal row of the same report and table (project)."""
    ind = pkg.table("indicators")
    subtotals = np.flatnonzero((_text(ind, "row_kind") == "subtotal").to_numpy(dtype=bool))
    children = np.flatnonzero(ind["parent_row"].notna().to_numpy())
    known = _has_key(ind, ["report_id", "project_id", "parent_row"], ind, ["report_id", "project_id", "row"], rows=children, known_rows=subtotals)
    for row in rows_at(ind, children[~known]):
        yield _p(pkg, "indicators", row, "parent_row", "rules.parent_row",
                 f"parent_row {row['parent_row']} is not a subtotal row of the same table")


def rule_quote_collapsed(pkg: Package) -> Iterator[Problem]:
    """Quotes are stored with white space collapsed (that is what the 80-character limit counts)."""
    for table, res in sorted(pkg.resources.items()):
        column = quote_column(res)
        if column is None or not pkg.has(table):
            continue
        t = pkg.table(table)
        for row in rows_at(t, np.flatnonzero(maybe_not_collapsed(t[column]))):  # RE2, linear (shared with the rules that collapse quotes)
            quote = row[column]
            if collapse(quote) != quote:
                yield _p(pkg, table, row, column, "rules.quote_whitespace", "the quote has runs of white space, tabs or line breaks")


CODE_RULES: list[Callable[[Package], Iterator[Problem]]] = [
    rule_statement_sequence, rule_project_in_report, rule_budget_row_shape, rule_petition_row_shape, rule_metric_kind,
    rule_approx_pair, rule_parent_row, rule_quote_collapsed,
]


# ----------------------------------------------------------------------------------------------
# identities against the anomalies register
# ----------------------------------------------------------------------------------------------

def check_identities(pkg: Package, given: list[Check] | None = None) -> Iterator[Problem]:
    register = _register(pkg)
    # only the checks reported here (failing or registered) are built, with their messages
    checks = failing_checks(pkg, set(register)) if given is None else given
    by_id = {c.check_id: c for c in checks}
    for c in checks:
        file = pkg.resources[c.table].path
        if c.ok:
            continue
        if c.check_id in register:
            yield emit(library_rule("identities", c.rule), file, c.line, c.column, f"{c.message} [registered: {c.check_id}]", severity=KNOWN,
                       variant="known")
        else:
            yield emit(library_rule("identities", c.rule), file, c.line, c.column, c.message, variant="implied" if c.implied else None,
                       check_id=c.check_id)
    anomalies_path = pkg.resources["anomalies"].path
    for cid, row in register.items():
        found = by_id.get(cid)
        if found is None:
            yield emit("rules.unknown_anomaly", anomalies_path, int(row["__line__"]), "check_id", f"no identity {cid} exists in the data")
        elif found.ok:
            yield emit("rules.stale_anomaly", anomalies_path, int(row["__line__"]), "check_id",
                       f"registered inconsistency {cid} no longer fails ({found.message})")
        elif row["report_id"] != found.report_id or row["rule"] != found.rule:
            yield emit("rules.anomaly_mismatch", anomalies_path, int(row["__line__"]), "report_id",
                       f"entry says report {row['report_id']} rule {row['rule']}, the check is of {found.report_id} rule {found.rule}")


# cross-table rules and identities need every one of these tables
CROSS_TABLE_NEEDS = {"budgets", "projects", "indicators", "petition_metrics", "staffing", "issues", "reports", "anomalies",
                     "budget_items", "funds", "petition_metric_codes", "staffing_categories"}


def check_rules(pkg: Package, readable: list[str], identities: bool = True) -> Iterator[Problem]:
    """Constraints, code rules and (unless identities=False: the gate may run them in a worker,
    see identities_if_readable) the identities."""
    for name in readable:
        try:
            found = list(check_constraints(pkg, name))
        except Exception as exc:  # noqa: BLE001 - a crash on one table is a finding that names it
            found = [emit("rules.crashed", pkg.resources[name].path, None, None, f"the constraints of this table could not be checked: {exc!r}",
                          variant="table")]
        yield from found
    if not CROSS_TABLE_NEEDS <= set(readable):
        return  # cross-table rules need every table; the missing ones are reported elsewhere
    for rule in CODE_RULES:
        try:
            found = list(rule(pkg))
        except Exception as exc:  # noqa: BLE001 - a crash of one rule is a finding that names it; the others still run
            found = [emit("rules.crashed", DESCRIPTOR, None, None, f"the rule {rule.__name__} could not finish: {exc!r}", variant="rule")]
        yield from found
    if identities:
        yield from check_identities(pkg)


def identity_checks_if_readable(pkg: Package, readable: list[str], share: tuple[int, int] = (0, 1)) -> list[Check]:
    """The checks check_identities reports on (failing or registered), of one share of the report
    slices (see identities.failing_checks): workers compute the shares, check_identities(pkg, given)
    the problems from them all."""
    if not CROSS_TABLE_NEEDS <= set(readable):
        return []
    return failing_checks(pkg, set(_register(pkg)), share=share)


def _register(pkg: Package) -> dict[str, dict[str, Any]]:
    """The anomalies register of identities: its rows by check_id (contradictions found by reading: register.py)."""
    return identity_entries(pkg)


def rule_descriptor_sources(pkg: Package) -> Iterator[Problem]:
    """datapackage.json's sources are generated from reports.csv and must not drift from it."""
    from ..descriptor import iter_sources

    stated = pkg.descriptor.get("sources")
    listed: list[Any] = stated if isinstance(stated, list) else []
    same, count = isinstance(stated, list), 0
    try:  # each source compared as it is made (a national package's are not all held at once)
        for source in iter_sources(pkg):
            same = same and count < len(listed) and listed[count] == source
            count += 1
    except (ValueError, TypeError, KeyError):  # a report row without its year, id …: the structure and rules layers report the cells
        return
    if not (same and count == len(listed)):
        yield emit("rules.descriptor_sources", "datapackage.json", None, "sources", "the descriptor's sources differ from data/reports.csv")


CODE_RULES.append(rule_descriptor_sources)
CODE_RULES.append(rule_code_unsupported)  # gate/code_support.py: codes named by their quote (a notice for the reviewer)
CODE_RULES.append(check_reading_register)
CODE_RULES.extend(CONVENTION_RULES)
