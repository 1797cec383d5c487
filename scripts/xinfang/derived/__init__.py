"""The derived tables of data/derived/, one module each, all built from the curated tables.

Every derived table has a Table Schema in schemas/ and a resource in datapackage.json, like the
curated ones. Values a report states and values computed here sit side by side, named
``*_stated`` and ``*_computed``; computed values use exact decimal arithmetic, so a rebuild
from the same data writes the same bytes.
"""

from __future__ import annotations

from .csvout import render_csv
from .indicator_summary import indicator_summary
from .panel import unit_year_panel
from .reconciliation import reconciliation

# resource name -> builder(pkg, checks) -> rows (dicts keyed by the fields of the resource's schema)
BUILDERS = {
    "unit_year_panel": unit_year_panel,
    "reconciliation": reconciliation,
    "indicator_summary": indicator_summary,
}

__all__ = ["BUILDERS", "render_csv"]
