"""`xinfang derive`: everything generated from the curated data, written deterministically.

- the descriptor's `sources` (from reports.csv);
- the derived tables of data/derived/ (see xinfang.derived): their columns are the fields of their
  Table Schemas, in order; rows in a fixed order; one text form per value;
- the README's figures in docs/figures/ (see xinfang.derived.figures), drawn from unit_year_panel;
- the shared fields of schemas/fields.json in every Table Schema that marks them (see xinfang.fields);
- the data dictionary docs/data-dictionary.md (see xinfang.release.dictionary), from the schemas;
- the README's counts of reports and rows (see xinfang.derived.readme_counts);
- the gate's rules docs/rules.md, from the rule catalogue (see xinfang.gate.rule_docs).

`--check` writes nothing and lists what is stale: CI fails when a committed generated file differs
from what the committed data generate.
"""

from __future__ import annotations

from pathlib import Path

from ..descriptor import dump, sources_from_reports
from ..fields import sync as sync_fields
from ..gate import rule_docs
from ..identities import all_checks
from ..package import DESCRIPTOR, Package, load_descriptor, load_package
from ..release.dictionary import sync as sync_dictionary
from ..safe_io import PackageError, inside
from . import BUILDERS, render_csv
from .figures import render_figures
from .readme_counts import sync as sync_readme


class DeriveError(Exception):
    """A derived table cannot be written (its resource or schema is missing or out of step)."""


def derived_tables(pkg: Package) -> dict[str, str]:
    """Resource path -> the CSV text it must hold."""
    checks = all_checks(pkg)
    out = {}
    for name, build in BUILDERS.items():
        if name not in pkg.resources:
            raise DeriveError(f"datapackage.json has no resource '{name}': add it (path data/derived/{name}.csv, schema schemas/{name}.schema.json)")
        res = pkg.resources[name]
        rows = build(pkg, checks)
        unknown = sorted({k for r in rows for k in r} - set(res.field_names))
        if unknown:
            raise DeriveError(f"{res.schema_path or name}: the builder of '{name}' writes fields the schema does not declare: "
                              f"{', '.join(unknown)}; add them to the schema (or fix the builder)")
        out[res.path] = render_csv(res.field_names, rows)
    return out


def _sync(path: Path, text: str, check_only: bool) -> bool:
    before = path.read_bytes().decode("utf-8") if path.is_file() else None
    if before == text:
        return False
    if not check_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return True


def derive_all(pkg: Package, check_only: bool = False) -> list[str]:
    """Regenerate every generated file; return the ones that changed (or would change)."""
    root = Path(pkg.root)
    try:
        changed = sync_fields(root, check_only)  # the shared fields (schemas/fields.json) into the schemas, first: the rest reads them
    except PackageError as exc:
        raise DeriveError(str(exc)) from exc
    if changed and not check_only:
        pkg = load_package(root)
    desc = load_descriptor(root)  # read as load_package reads it (safe_io: inside the package, size and depth bounded)
    desc["sources"] = sources_from_reports(pkg)
    if _sync(root / DESCRIPTOR, dump(desc), check_only):
        changed.append(DESCRIPTOR)
    tables = derived_tables(pkg)
    figures = render_figures(tables[pkg.resources["unit_year_panel"].path])
    for path, text in {**tables, **figures}.items():
        try:
            target = inside(root, path)  # never written through a link, nor outside the package
        except PackageError as exc:
            raise DeriveError(str(exc)) from exc
        if _sync(target, text, check_only):
            changed.append(path)
    changed += sync_dictionary(pkg.root, check_only)  # docs/data-dictionary.md, from the schemas
    changed += sync_readme(pkg, check_only)  # the README's counts
    if _sync(inside(root, rule_docs.DOC), rule_docs.render_markdown(), check_only):  # docs/rules.md, from the rule catalogue
        changed.append(rule_docs.DOC)
    return changed
