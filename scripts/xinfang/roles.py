"""What a table means, as its Table Schema declares it (``x-roles``, a custom property that the
frictionless tools accept and ignore).

    "x-roles": {
      "report":   "report_id",        the field naming the report a row comes from
      "quote":    "source_quote",     the field holding a verbatim excerpt of that report
      "figures":  ["amount", ...],    the fields whose values must be printed in the quote
      "verbatim": "text_zh"           a field that is itself verbatim text of the report
      "fact-key": ["report_id", ...]  the fields that identify a fact: two rows with the same values
                                      state the same fact (numbered 1, 2 … in "statement"), which
                                      the restatement identities and the statement-sequence rule read
    }

A table's row key within its report (``row_key``) is read from its primary key: the fields after
the report's. Every layer reads a table's roles from here, so a new fact table is checked by declaring its
schema, not by editing lists in the code.
"""

from __future__ import annotations

from typing import Any

from .package import Package, Resource


def roles(resource: Resource) -> dict[str, Any]:
    value = resource.schema.get("x-roles") if isinstance(resource.schema, dict) else None
    return value if isinstance(value, dict) else {}


def _field(resource: Resource, role: str) -> str | None:
    name = roles(resource).get(role)
    return name if isinstance(name, str) and name in resource.field_names else None


def report_column(resource: Resource) -> str | None:
    return _field(resource, "report")


def quote_column(resource: Resource) -> str | None:
    return _field(resource, "quote")


def verbatim_column(resource: Resource) -> str | None:
    return _field(resource, "verbatim")


def figure_columns(resource: Resource) -> tuple[str, ...]:
    names = roles(resource).get("figures") or []
    fields = set(resource.field_names)
    return tuple(n for n in names if isinstance(n, str) and n in fields)


def row_key(resource: Resource) -> str | None:
    """The field that names a row within its report (the primary key after the report field: line,
    row, project_id …; the report field itself for a table of one row per report), or None."""
    pk = resource.primary_key
    rep = report_column(resource)
    if rep is None or rep not in pk:
        return None
    rest = [f for f in pk if f != rep]
    if len(rest) > 1 or not all(isinstance(f, str) and f in resource.field_names for f in rest):
        return None
    return rest[0] if rest else rep


def fact_key(resource: Resource) -> tuple[str, ...]:
    """The fields that make two rows statements of the same fact (restatements are numbered 1, 2, 3
    … per key); empty when the schema declares none or names a field it lacks."""
    names = roles(resource).get("fact-key") or []
    fields = set(resource.field_names)
    if not isinstance(names, list) or not all(isinstance(n, str) and n in fields for n in names):
        return ()
    return tuple(names)


def fact_keys(pkg: Package) -> dict[str, list[str]]:
    """Each table that declares a fact key, and its key (in the package's order)."""
    return {name: list(key) for name, res in pkg.resources.items() if (key := fact_key(res))}
