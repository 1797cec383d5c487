"""`xinfang derive`: everything generated from the curated data, written deterministically.

Today: the descriptor's `sources`. The derived tables of data/derived/ (unit_year_panel,
reconciliation, indicator_summary) are planned in the issue tracker.
"""

from __future__ import annotations

import json
from pathlib import Path

from .descriptor import dump, sources_from_reports
from .package import DESCRIPTOR, Package


def derive_all(pkg: Package, check_only: bool = False) -> list[str]:
    """Regenerate every generated file; return the ones that changed (or would change)."""
    changed = []
    path = Path(pkg.root) / DESCRIPTOR
    before = path.read_text(encoding="utf-8")
    desc = json.loads(before)
    desc["sources"] = sources_from_reports(pkg)
    after = dump(desc)
    if after != before:
        changed.append(DESCRIPTOR)
        if not check_only:
            path.write_text(after, encoding="utf-8")
    from .dictionary import sync as sync_dictionary  # docs/data-dictionary.md, from the schemas

    changed += sync_dictionary(pkg.root, check_only)
    return changed
