"""Rules: pandera schemas generated from schemas/, rules only code can express, and identities.

1. Field constraints (required, minimum/maximum, length, pattern, enum) come from the Table
   Schemas through pandera's frictionless reader; nothing is declared here a second time.
   Types, keys and uniqueness belong to the structure layer.
2. Rules that a Table Schema cannot express, one function each, named by their rule id.
3. Every identity of the data (see identities.py): a failing identity is an error unless
   anomalies.csv registers it (then it is reported as a known source inconsistency); a
   registered identity that passes, or that no longer exists, is a stale register entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from .. import fieldtypes
from ..identities import FACT_KEYS, Check, failing_checks
from ..package import DESCRIPTOR, Package, Resource, isin, records
from ..problems import ERROR, KNOWN, Problem
from . import constraints
from .code_support import rule_code_unsupported
from .conventions import CONVENTION_RULES
from .register import READING, check_reading_register

WS = re.compile(r"\s+")
PANDAS_DTYPES = {name: t.pandas for name, t in fieldtypes.TYPES.items() if t.pandas != "str"}


def typed(frame: pd.DataFrame, resource: Resource, columns: list[str] | None = None) -> pd.DataFrame:
    """The table (or these columns of it) in its schema types (fieldtypes.typed_column); cells that
    do not parse become missing (the structure layer reports them as type errors)."""
    out = {f["name"]: fieldtypes.typed_column(frame[f["name"]], f) for f in resource.fields
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
    data = typed(frame, res, checked)
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
        rule = "rules.required" if check == "not_nullable" else f"rules.{check.split('(')[0]}"
        yield Problem(res.path, line, col, rule, _constraint_message(res, col, check, c.get("failure_case")),
                      _constraint_hint(res, col, check), ERROR, "rules")
    yield from check_patterns(pkg, name)


def check_patterns(pkg: Package, name: str) -> Iterator[Problem]:
    """Each text field's pattern constraint, matched whole by RE2 (pyarrow): linear in the cell,
    whatever the pattern (a schema's pattern RE2 cannot run is refused: gate/schemas.py)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    res = pkg.resources[name]
    frame = pkg.table(name)
    for f in res.fields:
        pattern = f.get("constraints", {}).get("pattern")
        if not isinstance(pattern, str) or f.get("type", "string") != "string" or f["name"] not in frame.columns:
            continue
        values = frame[f["name"]].dropna().astype("str")
        ok = pc.match_substring_regex(pa.array(values, from_pandas=True), f"^(?:{pattern})$").to_numpy(zero_copy_only=False).astype(bool)
        check = f"str_matches('{pattern}')"
        for idx in values.index[~ok]:
            yield Problem(res.path, int(frame["__line__"].loc[idx]), f["name"], "rules.str_matches",
                          _constraint_message(res, f["name"], check, values[idx]), _constraint_hint(res, f["name"], check), ERROR, "rules")


def _constraint_message(res: Resource, col: str, check: str, value: Any) -> str:
    if check == "not_nullable":
        return f"{col} is required and is empty"
    f = res.field(col)
    cons = f.get("constraints", {})
    if check.startswith("isin"):
        allowed = cons.get("enum", [])
        return f"{value!r} is not one of the allowed values ({', '.join(map(str, allowed[:12]))}{' …' if len(allowed) > 12 else ''})"
    return f"{value!r} breaks the constraint {check} declared in schemas/{res.name}.schema.json"


def _constraint_hint(res: Resource, col: str, check: str) -> str:
    f = res.field(col)
    return f"{col}: {f.get('description', '')} (schemas/{res.name}.schema.json)"


# ----------------------------------------------------------------------------------------------
# rules only code can express
# ----------------------------------------------------------------------------------------------

def _p(pkg: Package, table: str, row: dict[str, Any], column: str | None, rule: str, message: str, hint: str) -> Problem:
    return Problem(pkg.resources[table].path, int(row["__line__"]), column, rule, message, hint, ERROR, "rules")


# The rules below work column-wise: a boolean mask says which rows break the rule, and only those
# rows become Problems (a national package has 1.8 million rows and a handful of errors).

def _flagged(frame: pd.DataFrame, mask: pd.Series) -> list[dict[str, Any]]:
    """The rows of frame where mask is true, as dicts."""
    return records(frame[mask.fillna(False).astype(bool)])


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column with missing cells as "" (so comparisons never meet a missing value)."""
    return frame[column].fillna("").astype("str")


def _group_ids(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per row that is equal exactly when the rows agree on every column (a missing
    cell counts as "", as in _text): groupby on one integer column instead of several texts."""
    ids = np.zeros(len(frame), dtype=np.int64)
    for c in columns:
        codes, uniques = pd.factorize(_text(frame, c))
        ids = pd.factorize(ids * max(len(uniques), 1) + codes)[0].astype(np.int64)
    return ids


def _key(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Several text columns as one comparable key (missing cells as "")."""
    out = _text(frame, columns[0])
    for c in columns[1:]:
        out = out + "\x1f" + _text(frame, c)
    return out


def rule_statement_sequence(pkg: Package) -> Iterator[Problem]:
    """A restated fact is numbered 1, 2, 3 … in order: no gaps, no two first statements."""
    keys = FACT_KEYS
    multi = set(pkg.table("budget_items").query("multiple_rows == 'true'")["item_id"]) if pkg.has("budget_items") else set()
    for table, key in keys.items():
        if not pkg.has(table):
            continue
        t = pkg.table(table)
        if table == "budgets":
            t = t[~t["item"].isin(multi)]
        # vectorised: a group is in order when its numbered statements are exactly 1..n
        digits = t["statement"].astype("str").str.fullmatch(r"[0-9]+").fillna(False).astype(bool)
        num = fieldtypes.floats(t["statement"].where(digits), "integer")
        group_ids = pd.Series(_group_ids(t, key), index=t.index)
        frame = pd.DataFrame({"__gid__": group_ids, "__num__": num})
        stats = frame.groupby("__gid__", sort=False).agg(n=("__num__", "count"), lo=("__num__", "min"), hi=("__num__", "max"),
                                                          nu=("__num__", "nunique"))
        bad = stats[(stats["n"] > 0) & ~((stats["lo"] == 1) & (stats["hi"] == stats["n"]) & (stats["nu"] == stats["n"]))]
        if bad.empty:
            continue
        flagged = group_ids.isin(bad.index)  # the flagged groups' rows, selected once (not once per group)
        sub = t[flagged]
        numbered: dict[int, list[int]] = {}  # per flagged group, its numbered statements; and its last row
        last: dict[int, Any] = {}
        for gid, statement, idx in zip(group_ids[flagged].tolist(), sub["statement"].tolist(), sub.index.tolist(), strict=True):
            numbered.setdefault(gid, [])
            if str(statement).isdigit():
                numbered[gid].append(int(statement))
            last[gid] = idx
        order = sorted(last)  # the groups in order, their last rows made dicts at once (not a frame per group)
        for gid, row in zip(order, records(sub.loc[[last[g] for g in order]]), strict=True):
            seen = sorted(numbered[gid])
            yield _p(pkg, table, row, "statement", "rules.statement_sequence",
                     f"statements of this fact are {seen}; expected {list(range(1, len(seen) + 1))}",
                     "number the first statement of a fact 1 and each restatement in another passage 2, 3 …")


def rule_project_in_report(pkg: Package) -> Iterator[Problem]:
    """A project_id must name a project of the same report."""
    known = _key(pkg.table("projects"), ["report_id", "project_id"])
    for table in ("budgets", "indicators", "issues"):
        t = pkg.table(table)
        t = t[t["project_id"].notna()]
        for row in _flagged(t, ~isin(_key(t, ["report_id", "project_id"]), known)):
            yield _p(pkg, table, row, "project_id", "rules.project_in_report",
                     f"project {row['project_id']} is not a project of report {row['report_id']}",
                     "add the project to projects.csv for this report, or correct project_id")


def rule_budget_row_shape(pkg: Package) -> Iterator[Problem]:
    """A budget row has an amount unless it states only a rate or change; share_pct goes with
    share_of; rate_pct belongs on executed rows, change_pct on yoy_change rows."""
    b = pkg.table("budgets")
    has = {c: b[c].notna() for c in ("amount", "share_pct", "share_of", "rate_pct", "change_pct")}
    stage = _text(b, "stage")
    for row in _flagged(b, ~has["amount"] & ~(has["rate_pct"] | has["change_pct"])):
        yield _p(pkg, "budgets", row, "amount", "rules.amount_needed", "the row states no amount, rate or change",
                 "write the amount in 万元 as printed, or delete the row")
    for row in _flagged(b, has["share_pct"] != has["share_of"]):
        yield _p(pkg, "budgets", row, "share_of" if pd.notna(row["share_pct"]) else "share_pct", "rules.share_pair",
                 "share_pct and share_of go together", "give both the stated share and the item it is a share of, or neither")
    for row in _flagged(b, has["rate_pct"] & ~stage.isin(["executed", "received"])):
        yield _p(pkg, "budgets", row, "rate_pct", "rules.rate_on_executed", f"an execution rate on a {row['stage']} row",
                 "put the stated execution rate on the executed row of the same item (a 到位率 on the received row)")
    for row in _flagged(b, has["change_pct"] & (stage != "yoy_change")):
        yield _p(pkg, "budgets", row, "change_pct", "rules.change_on_change_row", f"a change percent on a {row['stage']} row",
                 "put the stated change on a yoy_change row")


def rule_petition_row_shape(pkg: Package) -> Iterator[Problem]:
    """A percentage is within 0–100; change_pct belongs on yoy_change rows; a row has a value or a change."""
    pm = pkg.table("petition_metrics")
    v = pkg.numbers("petition_metrics", "value")
    period = _text(pm, "period")
    for row in _flagged(pm, (_text(pm, "unit") == "%") & (period != "yoy_change") & v.notna() & ~v.between(0, 100)):
        yield _p(pkg, "petition_metrics", row, "value", "rules.percent_range", f"a percentage of {row['value']}",
                 "percentages are percent numbers within 0–100 (95.8 for 95.8%)")
    for row in _flagged(pm, pm["change_pct"].notna() & (period != "yoy_change")):
        yield _p(pkg, "petition_metrics", row, "change_pct", "rules.change_on_change_row", f"a change percent on a {row['period']} row",
                 "put the stated change on a yoy_change row")
    for row in _flagged(pm, pm["value"].isna() & pm["change_pct"].isna()):
        yield _p(pkg, "petition_metrics", row, "value", "rules.value_needed", "the row states neither a value nor a change",
                 "write the value as printed, or delete the row")


def rule_metric_kind(pkg: Package) -> Iterator[Problem]:
    """What the codelist's kind of a metric says of its value (a change row aside): a count is a
    whole number, never negative; a rate is within 0–100 (percent rows are rules.percent_range's)."""
    pm = pkg.table("petition_metrics")
    codes = pkg.table("petition_metric_codes")
    kind = pm["metric"].map(dict(zip(codes["metric_id"].tolist(), codes["kind"].tolist(), strict=True)))
    v = pkg.numbers("petition_metrics", "value")
    level = (_text(pm, "period") != "yoy_change") & v.notna()
    count = level & (kind == "count") & ((v < 0) | (v != v.round()))
    for row in _flagged(pm, count):
        yield _p(pkg, "petition_metrics", row, "value", "rules.count_value", f"a count of {row['value']}",
                 f"{row['metric']} is a count (data/codelists/petition_metric_codes.csv): a whole number, 0 or more, as printed")
    rate = level & (kind == "rate") & (_text(pm, "unit") != "%") & (_text(pm, "unit") != "百分点") & ~v.between(0, 100)
    for row in _flagged(pm, rate):
        yield _p(pkg, "petition_metrics", row, "value", "rules.rate_range", f"a rate of {row['value']}",
                 f"{row['metric']} is a rate (data/codelists/petition_metric_codes.csv): within 0–100")


def rule_approx_pair(pkg: Package) -> Iterator[Problem]:
    """approx is true exactly when an approximation marker is given."""
    for table in ("budgets", "petition_metrics"):
        t = pkg.table(table)
        for row in _flagged(t, (_text(t, "approx") == "true") != t["approx_marker"].notna()):
            yield _p(pkg, table, row, "approx_marker", "rules.approx_pair", "approx and approx_marker disagree",
                     "set approx true and give the marker (余, 多, 近, 以上 …) as printed, or neither")


def rule_parent_row(pkg: Package) -> Iterator[Problem]:
    """parent_row names a subtotal row of the same report and table (project)."""
    ind = pkg.table("indicators")
    subtotals = _key(ind[_text(ind, "row_kind") == "subtotal"], ["report_id", "project_id", "row"])
    children = ind[ind["parent_row"].notna()]
    for row in _flagged(children, ~isin(_key(children, ["report_id", "project_id", "parent_row"]), subtotals)):
        yield _p(pkg, "indicators", row, "parent_row", "rules.parent_row",
                 f"parent_row {row['parent_row']} is not a subtotal row of the same table",
                 "point parent_row at the row of the heading (row_kind subtotal) this item belongs to")


# every character Python counts as white space (str.isspace, the \s of WS): a quote without any of
# them, or with single spaces only inside, is already collapsed
_SPACE_CHARS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_MAYBE_NOT_COLLAPSED = "[" + _SPACE_CHARS.replace(" ", "") + "]|  |^ | $"  # literal characters: the same in re and RE2


def rule_quote_collapsed(pkg: Package) -> Iterator[Problem]:
    """Quotes are stored with white space collapsed (that is what the 80-character limit counts)."""
    for table in ("budgets", "projects", "indicators", "petition_metrics", "staffing"):
        if not pkg.has(table):
            continue
        t = pkg.table(table)
        q = t["source_quote"]
        maybe = t[q.notna() & q.astype("str").str.contains(_MAYBE_NOT_COLLAPSED, regex=True)]
        for row in records(maybe):
            quote = row["source_quote"]
            if WS.sub(" ", quote).strip() != quote:
                yield _p(pkg, table, row, "source_quote", "rules.quote_whitespace", "the quote has runs of white space, tabs or line breaks",
                         "collapse every run of white space to one space and trim the ends")


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
            yield Problem(file, c.line, c.column, f"identity.{c.rule}", f"{c.message} [registered: {c.check_id}]",
                          "known source inconsistency: the stated value is kept", KNOWN, "rules")
        else:
            yield Problem(file, c.line, c.column, f"identity.{c.rule}", c.message, identity_hint(c), ERROR, "rules")
    anomalies_path = pkg.resources["anomalies"].path
    for cid, row in register.items():
        found = by_id.get(cid)
        if found is None:
            yield Problem(anomalies_path, int(row["__line__"]), "check_id", "rules.unknown_anomaly",
                          f"no identity {cid} exists in the data", "remove the entry, or correct check_id to the id the gate prints", ERROR, "rules")
        elif found.ok:
            yield Problem(anomalies_path, int(row["__line__"]), "check_id", "rules.stale_anomaly",
                          f"registered inconsistency {cid} no longer fails ({found.message})",
                          "the data now reconcile: remove the entry from data/anomalies.csv (or restore the stated value)", ERROR, "rules")
        elif row["report_id"] != found.report_id or row["rule"] != found.rule:
            yield Problem(anomalies_path, int(row["__line__"]), "report_id", "rules.anomaly_mismatch",
                          f"entry says report {row['report_id']} rule {row['rule']}, the check is of {found.report_id} rule {found.rule}",
                          "copy report_id and rule from the gate's message", ERROR, "rules")


def identity_hint(c: Check) -> str:
    """What to do about a failing identity: a comparison with a value implied by parts (not stated
    as such) points at a miscoded row first; one between stated figures at the report itself."""
    if c.implied:
        return ("a row may be miscoded: a value here is implied by the parts the data state, not stated by the report, so check first "
                "that each row named has the right item, fund and stage (a part under the wrong parent, a fund the report does not "
                "distinguish written as a source, a breakdown only partly stated); register it in data/anomalies.csv "
                f"(check_id {c.check_id}) only if the report itself states figures that disagree")
    return ("the source may contradict itself: these are stated figures, so first re-read the report (a typo in the data is the "
            "likeliest cause); if the report really prints them, keep them and register the contradiction in data/anomalies.csv "
            f"with check_id {c.check_id}")


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
            found = [Problem(pkg.resources[name].path, None, None, "rules.crashed", f"the constraints of this table could not be checked: {exc!r}",
                             "this is a bug in the gate or a schema it cannot use: report it with this message", ERROR, "rules")]
        yield from found
    if not CROSS_TABLE_NEEDS <= set(readable):
        return  # cross-table rules need every table; the missing ones are reported elsewhere
    for rule in CODE_RULES:
        try:
            found = list(rule(pkg))
        except Exception as exc:  # noqa: BLE001 - a crash of one rule is a finding that names it; the others still run
            found = [Problem(DESCRIPTOR, None, None, "rules.crashed", f"the rule {rule.__name__} could not finish: {exc!r}",
                             "this is a bug in the gate or data it cannot use: report it with this message", ERROR, "rules")]
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
    return {r["check_id"]: r for r in records(pkg.table("anomalies")) if r.get("rule") != READING}


def rule_descriptor_sources(pkg: Package) -> Iterator[Problem]:
    """datapackage.json's sources are generated from reports.csv and must not drift from it."""
    from ..descriptor import sources_from_reports

    try:
        expected = sources_from_reports(pkg)
    except (ValueError, TypeError, KeyError):  # a report row without its year, id …: the structure and rules layers report the cells
        return
    if pkg.descriptor.get("sources") != expected:
        yield Problem("datapackage.json", None, "sources", "rules.descriptor_sources", "the descriptor's sources differ from data/reports.csv",
                      "run `xinfang derive` to regenerate them from reports.csv", ERROR, "rules")


CODE_RULES.append(rule_descriptor_sources)
CODE_RULES.append(rule_code_unsupported)  # gate/code_support.py: codes named by their quote (a notice for the reviewer)
CODE_RULES.append(check_reading_register)
CODE_RULES.extend(CONVENTION_RULES)
