"""`reconciliation`: every identity the data imply (identities.all_checks), one row each."""

from __future__ import annotations

from typing import Any

from ..gate.register import identity_entries
from ..identities import Check
from ..package import Package
from .csvout import cell, dec

# status of a check: it holds; it fails and anomalies.csv registers it; it fails unregistered
OK, KNOWN_ANOMALY, ERROR = "ok", "known_anomaly", "error"


def status(check: Check, registered: set[str]) -> str:
    if check.ok:
        return OK
    return KNOWN_ANOMALY if check.check_id in registered else ERROR


def registered_ids(pkg: Package) -> set[str]:
    return set(identity_entries(pkg))


def reconciliation(pkg: Package, checks: list[Check]) -> list[dict[str, Any]]:
    registered = registered_ids(pkg)
    rows = []
    for c in sorted(checks, key=lambda c: c.check_id):
        stated, computed = dec(cell(c.stated)), dec(cell(c.expected))
        rows.append({
            "check_id": c.check_id,
            "report_id": c.report_id,
            "rule": c.rule,
            "table": c.table,
            "line": c.line,
            "column": c.column,
            "stated": stated,
            "computed": computed,
            # from the printed forms, so the difference carries no binary-float noise
            "difference": None if stated is None or computed is None else stated - computed,
            "tolerance": dec(cell(c.tolerance)),
            "status": status(c, registered),
            "message": c.message,
        })
    return rows
