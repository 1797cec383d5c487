"""Known faults for a synthetic package (``xinfang synth --faults K``), one per report, with a manifest.

Each kind is a fault the gate's tests inject into the real package (tests/test_gate_*.py); here it
is applied to the in-memory rows before they are written, and the manifest records where the gate
must report it: file, CSV line, column and rule. ``frictionless`` says whether the official
frictionless validator can see that kind at all (it checks types, constraints and keys; not
identities, provenance, plausibility, personal data or the rules only code can express).
Kinds are taken in turn, so any K spreads over every table.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from ..rows import find_row, get_cell, set_cell
from .tables import FAKE_NAME, QUOTE_MAX, Tables


def _idx(t: Tables, table: str, rid: str, **match: str) -> int:
    """Row index (0 = header) of the first row of report rid matching the given cells."""
    try:
        return find_row(t.rows[table], report_id=rid, **match)
    except LookupError:
        raise LookupError(f"{table}: no row {match} in {rid}") from None


def _set(t: Tables, table: str, i: int, column: str, value: str) -> None:
    set_cell(t.rows[table], i, column, value)


def _get(t: Tables, table: str, i: int, column: str) -> str:
    return get_cell(t.rows[table], i, column)


Fault = tuple[str, int, str, str]  # table, row index (line = index + 1), column, rule


def f_type_error(t: Tables, rid: str) -> Fault:
    i = _idx(t, "budgets", rid, item="expenditure_total", stage="initial_budget")
    _set(t, "budgets", i, "amount", _get(t, "budgets", i, "amount").replace(".", ","))
    return "budgets", i, "amount", "structure.type"


def f_enum(t: Tables, rid: str) -> Fault:
    i = _idx(t, "reports", rid)
    _set(t, "reports", i, "self_grade", "A")
    return "reports", i, "self_grade", "rules.enum"


def f_minimum(t: Tables, rid: str) -> Fault:
    i = _idx(t, "staffing", rid, category="retired")
    _set(t, "staffing", i, "value", "-3")
    return "staffing", i, "value", "rules.minimum"


def f_pattern(t: Tables, rid: str) -> Fault:
    i = _idx(t, "reports", rid)
    _set(t, "reports", i, "source_sha256", "abc")
    return "reports", i, "source_sha256", "rules.pattern"


def f_max_length(t: Tables, rid: str) -> Fault:
    i = _idx(t, "indicators", rid, row="6")
    _set(t, "indicators", i, "source_quote", _get(t, "indicators", i, "source_quote").ljust(QUOTE_MAX + 1, "。"))
    return "indicators", i, "source_quote", "rules.length"


def f_required(t: Tables, rid: str) -> Fault:
    i = _idx(t, "petition_metrics", rid, metric="backlog_cases_resolved")
    _set(t, "petition_metrics", i, "scope", "")
    return "petition_metrics", i, "scope", "rules.required"


def f_primary_key(t: Tables, rid: str) -> Fault:
    i = _idx(t, "staffing", rid, category="in_post_admin")
    _set(t, "staffing", i, "line", _get(t, "staffing", i - 1, "line"))
    return "staffing", i, "line", "structure.primary_key"


def f_foreign_key_metric(t: Tables, rid: str) -> Fault:
    i = _idx(t, "petition_metrics", rid, metric="timely_acceptance_rate")
    _set(t, "petition_metrics", i, "metric", "timely_rate")
    return "petition_metrics", i, "metric", "structure.foreign_key"


def f_foreign_key_issue(t: Tables, rid: str) -> Fault:
    i = _idx(t, "issues", rid, kind="measure")
    _set(t, "issues", i, "category", "nonsense")
    return "issues", i, "category", "structure.foreign_key"


def f_parts_sum(t: Tables, rid: str) -> Fault:
    i = _idx(t, "staffing", rid, category="establishment_admin")
    _set(t, "staffing", i, "value", str(int(_get(t, "staffing", i, "value")) + 1))
    return "staffing", _idx(t, "staffing", rid, category="establishment_total"), "value", "identity.parts_sum"


def f_score_within_weight(t: Tables, rid: str) -> Fault:
    i = _idx(t, "indicators", rid, row="3")
    _set(t, "indicators", i, "score", "21")
    return "indicators", i, "score", "identity.score_within_weight"


def f_unregistered_anomaly(t: Tables, rid: str) -> Fault:
    rows = t.rows["anomalies"]
    for j in range(1, len(rows)):
        if rows[j][0].startswith("share_consistent:"):
            rep = rows[j][1]
            del rows[j]
            return "budgets", _idx(t, "budgets", rep, item="personnel", stage="executed"), "share_pct", "identity.share_consistent"
    raise LookupError("no registered anomaly left to remove")


def f_denylist(t: Tables, rid: str) -> Fault:
    i = _idx(t, "issues", rid, kind="problem")
    _set(t, "issues", i, "text_en", _get(t, "issues", i, "text_en") + f" Reported by {FAKE_NAME}.")
    return "issues", i, "text_en", "safety.denylist"


def f_quote_not_found(t: Tables, rid: str) -> Fault:
    i = _idx(t, "budgets", rid, item="public", stage="executed")
    _set(t, "budgets", i, "source_quote", "据称" + _get(t, "budgets", i, "source_quote"))
    return "budgets", i, "source_quote", "provenance.quote_not_found"


def f_formula(t: Tables, rid: str) -> Fault:
    unit = t.rows["reports"][_idx(t, "reports", rid)][1]
    i = next(j for j in range(1, len(t.rows["units"])) if t.rows["units"][j][0] == unit)
    _set(t, "units", i, "note", "=HYPERLINK(\"x\")")
    return "units", i, "note", "safety.formula"


def f_magnitude(t: Tables, rid: str) -> Fault:
    i = _idx(t, "projects", rid)
    _set(t, "projects", i, "executed", _get(t, "projects", i, "executed").replace(".", "") + "00")
    return "projects", i, "executed", "plausibility.amount_magnitude"


def f_phone(t: Tables, rid: str) -> Fault:
    i = _idx(t, "staffing", rid, category="in_post_total")
    _set(t, "staffing", i, "note", "联系电话：88553876")
    return "staffing", i, "note", "safety.phone"


def f_checksum(t: Tables, rid: str) -> Fault:
    i = _idx(t, "reports", rid)
    _set(t, "reports", i, "source_sha256", "0" * 64)
    return "reports", i, "source_sha256", "provenance.sha256"


def f_percent_range(t: Tables, rid: str) -> Fault:
    i = _idx(t, "petition_metrics", rid, metric="satisfaction_rate")
    _set(t, "petition_metrics", i, "value", _get(t, "petition_metrics", i, "value").replace(".", ""))
    return "petition_metrics", i, "value", "rules.percent_range"


def f_rate_on_executed(t: Tables, rid: str) -> Fault:
    i = _idx(t, "budgets", rid, item="expenditure_total", stage="adjusted_budget")
    _set(t, "budgets", i, "rate_pct", "100")
    return "budgets", i, "rate_pct", "rules.rate_on_executed"


# kind -> (function, can the official frictionless validator see it?)
KINDS: dict[str, tuple[Callable[[Tables, str], Fault], bool]] = {
    "type_error": (f_type_error, True),
    "enum": (f_enum, True),
    "minimum": (f_minimum, True),
    "pattern": (f_pattern, True),
    "max_length": (f_max_length, True),
    "required": (f_required, True),
    "primary_key": (f_primary_key, True),
    "foreign_key_metric": (f_foreign_key_metric, True),
    "foreign_key_issue": (f_foreign_key_issue, True),
    "parts_sum": (f_parts_sum, False),
    "score_within_weight": (f_score_within_weight, False),
    "unregistered_anomaly": (f_unregistered_anomaly, False),
    "denylist": (f_denylist, False),
    "quote_not_found": (f_quote_not_found, False),
    "formula": (f_formula, False),
    "magnitude": (f_magnitude, False),
    "phone": (f_phone, False),
    "checksum": (f_checksum, False),
    "percent_range": (f_percent_range, False),
    "rate_on_executed": (f_rate_on_executed, False),
}


def inject(t: Tables, k: int, seed: int) -> list[dict[str, Any]]:
    """Inject k faults, each in a report of its own (no two faults interfere); return the manifest."""
    rng = random.Random(f"faults-{seed}")
    registered = {row[1] for row in t.rows["anomalies"][1:]}
    candidates = [row[0] for row in t.rows["reports"][1:] if row[0] not in registered]
    if k > len(candidates):
        raise ValueError(f"{k} faults need at least {k} reports without a registered anomaly; there are {len(candidates)}")
    chosen = rng.sample(candidates, k)
    units_used: set[str] = set()
    manifest = []
    kinds = list(KINDS)
    n_anomalies = len(registered)
    for j, rid in enumerate(chosen):
        kind = kinds[j % len(kinds)]
        unit = rid.split("-")[0]
        if (kind == "unregistered_anomaly" and n_anomalies == 0) or (kind == "formula" and unit in units_used):
            kind = "type_error"
        if kind == "unregistered_anomaly":
            n_anomalies -= 1
        if kind == "formula":
            units_used.add(unit)
        fn, visible = KINDS[kind]
        table, i, column, rule = fn(t, rid)
        manifest.append({"kind": kind, "file": f"data/{table}.csv", "line": i + 1, "column": column, "rule": rule,
                         "frictionless": visible})
    return sorted(manifest, key=lambda m: (m["file"], m["line"], m["rule"]))
