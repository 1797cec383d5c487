"""Every identity the data imply, computed from what the reports state (see docs/identities.md).

Each identity becomes a :class:`Check` with a stable ``check_id``. A check that fails is a
contradiction inside a source report (or a transcription error): the gate reports it as an error
unless ``anomalies.csv`` registers its ``check_id``; a registered check that passes is a stale
register entry. The derived ``reconciliation`` table lists every check.

Rules (the ``rule`` of a check):
  parts_sum               children of an item (one breakdown) sum to the item; a lone part does not exceed it
  share_consistent        a stated share (占…%) matches amount / base
  rate_consistent         a stated execution rate matches executed / budget
  change_consistent       a stated change matches current minus prior, and its percent
  restatement_consistent  the same fact stated again in the same table agrees
  cross_table_consistent  the same fact stated in two tables agrees
  weight_sum, score_sum   a table's rows sum to their subtotal and to the table total
  score_within_weight     no indicator scores more than its weight

Layout: ``core`` (Check, tolerance by printed precision), ``columns`` (the columnar helpers),
``registry`` (each family's name, rules, check_id templates, tables read), ``engine`` (runs the
families, numbers repeated ids, slices a national package by report), the facts shared by several
families (``budget_facts``, ``count_facts``), and one module per kind of identity: ``parts_sum``,
``shares``, ``rates``, ``changes``, ``restatements``, ``cross_table``, ``indicators``. Adding an
identity is a function in one of these (or a new module imported below) with its ``@family``
declaration, and a line in docs/identities.md.
"""

from __future__ import annotations

# the family modules register their families on import (their order is of no consequence: see engine)
from . import changes, cross_table, indicators, parts_sum, rates, restatements, shares  # noqa: F401
from .core import COLUMNS, UNIT, YUAN, YUAN_PER_WAN, Check
from .engine import REPORTS_PER_SLICE, CheckFrame, all_checks, checks_frame, failing_checks, report_slices, report_tables
from .indicators import indicator_children, indicator_row_value, indicator_table_sum
from .registry import FAMILIES, IdentityFamily, Template

__all__ = ["COLUMNS", "FAMILIES", "REPORTS_PER_SLICE", "UNIT", "YUAN", "YUAN_PER_WAN", "Check", "CheckFrame", "IdentityFamily", "Template",
           "all_checks", "checks_frame", "failing_checks", "indicator_children", "indicator_row_value", "indicator_table_sum", "report_slices",
           "report_tables"]
