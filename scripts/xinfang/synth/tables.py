"""The rows of a synthetic package in memory, and the invented name its faults use."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..fields import quote_max_length
from ..package import repository_root

QUOTE_MAX = quote_max_length(repository_root())  # the schemas' limit (schemas/fields.json), defined once
FAKE_NAME = "佚名甲"  # invented ("anonymous A"): its hash joins the synthetic denylist; never in clean data


@dataclass
class Tables:
    """Rows of every curated table (header first), and the source text of every report."""

    rows: dict[str, list[list[str]]] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)  # report_id -> lines of its source text
    anomalies: list[dict[str, str]] = field(default_factory=list)

    def add(self, table: str, row: dict[str, str]) -> None:
        """A row by field name (a field added to the schema cannot shift it), the other fields empty."""
        header = self.rows[table][0]
        unknown = set(row) - set(header)
        if unknown:
            raise KeyError(f"{table} has no field {sorted(unknown)}")
        self.rows[table].append([row.get(name, "") for name in header])
