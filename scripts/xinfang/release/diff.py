"""`xinfang diff OLD NEW`: what changed between two versions of the package (folders or release zips).

Rows are matched by the primary key (of the new schema, when both versions have its fields) and
compared as text exactly as written, so "97.8" -> "97.80" is a change. Schema changes are tables
added or removed, fields added, removed or retyped, constraints, primary and foreign keys. The
suggested version bump follows the Data Package v2 recipe: MAJOR for a breaking schema change
(a table or field removed, a type or primary key changed), MINOR for new data or new tables/fields,
PATCH for fixes (rows changed or removed). It is a suggestion; the maintainer decides.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..package import DESCRIPTOR, Package, PackageError, load_package
from ..safe_io import extract_zip

ANNOTATIONS = ("title", "description", "x-title-zh", "unit", "format")


@contextlib.contextmanager
def open_package(path: str | Path) -> Iterator[Package]:
    """A package folder, or a release zip (extracted to a temporary folder that lives as long as the context)."""
    path = Path(path)
    if path.is_dir():
        yield load_package(path)
        return
    if not path.is_file() or not zipfile.is_zipfile(path):
        raise PackageError(f"{path}: neither a package folder nor a zip file; pass a folder with {DESCRIPTOR} or a release zip")
    with tempfile.TemporaryDirectory(prefix="xinfang-diff-") as tmp:
        extract_zip(path, Path(tmp))  # with limits on entries, sizes and compression ratio (safe_io)
        candidates = sorted(Path(tmp).glob(DESCRIPTOR)) or sorted(Path(tmp).glob(f"*/{DESCRIPTOR}"))
        if not candidates:
            raise PackageError(f"{path}: no {DESCRIPTOR} at the top of the zip or in its top folder")
        yield load_package(candidates[0].parent)


@dataclass
class TableDiff:
    name: str
    key: list[str]
    schema: list[str] = field(default_factory=list)  # human-readable schema changes
    breaking: bool = False
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)  # {"key": {...}, "cells": [{"field", "old", "new"}]}
    rows_old: int = 0
    rows_new: int = 0

    @property
    def empty(self) -> bool:
        return not (self.schema or self.added or self.removed or self.changed)


@dataclass
class PackageDiff:
    old: str
    new: str
    old_version: str
    new_version: str
    tables_added: list[str] = field(default_factory=list)
    tables_removed: list[str] = field(default_factory=list)
    tables: list[TableDiff] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.tables_added or self.tables_removed or any(not t.empty for t in self.tables))

    def suggested_bump(self) -> str:
        if self.tables_removed or any(t.breaking for t in self.tables):
            return "major"
        if self.tables_added or any(t.added or (t.schema and not t.breaking) for t in self.tables):
            return "minor"
        if any(t.changed or t.removed for t in self.tables):
            return "patch"
        return "none"


def _rows(pkg: Package, name: str) -> list[dict[str, str | None]]:
    frame = pkg.table(name).drop(columns="__line__")
    return [{str(k): (v if isinstance(v, str) else None) for k, v in row.items()} for row in frame.to_dict("records")]


def _sort_key(pkg: Package, name: str, key: list[str]):  # type: ignore[no-untyped-def]
    res = pkg.resources[name]
    kinds = {f["name"]: f.get("type") for f in res.fields}

    def sort(values: tuple[str | None, ...]) -> tuple[tuple[int, Any], ...]:
        out: list[tuple[int, Any]] = []
        for k, v in zip(key, values, strict=True):
            if v is None:
                out.append((0, ""))
            elif kinds.get(k) in ("integer", "year") and v.lstrip("+-").isdigit():
                out.append((1, int(v)))
            else:
                out.append((2, v))
        return tuple(out)
    return sort


def _schema_changes(old: Package, new: Package, name: str) -> tuple[list[str], bool]:
    o, n = old.resources[name], new.resources[name]
    changes: list[str] = []
    breaking = False
    of = {f["name"]: f for f in o.fields}
    nf = {f["name"]: f for f in n.fields}
    for f in sorted(set(of) - set(nf)):
        changes.append(f"field removed: {f}")
        breaking = True
    for f in sorted(set(nf) - set(of)):
        changes.append(f"field added: {f} ({nf[f].get('type', 'string')})")
    for f in [x["name"] for x in n.fields if x["name"] in of]:
        a, b = of[f], nf[f]
        if a.get("type", "string") != b.get("type", "string"):
            changes.append(f"field retyped: {f}: {a.get('type', 'string')} -> {b.get('type', 'string')}")
            breaking = True
        if a.get("constraints", {}) != b.get("constraints", {}):
            changes.append(f"constraints of {f}: {json.dumps(a.get('constraints', {}), ensure_ascii=False, sort_keys=True)} -> "
                           f"{json.dumps(b.get('constraints', {}), ensure_ascii=False, sort_keys=True)}")
        for attr in ANNOTATIONS:
            if a.get(attr) != b.get(attr):
                changes.append(f"{attr} of {f}: {a.get(attr)!r} -> {b.get(attr)!r}")
    if [x["name"] for x in o.fields if x["name"] in nf] != [x["name"] for x in n.fields if x["name"] in of]:
        changes.append("field order changed")
    if o.primary_key != n.primary_key:
        changes.append(f"primary key: {', '.join(o.primary_key) or 'none'} -> {', '.join(n.primary_key) or 'none'}")
        breaking = True
    ofk = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in o.schema.get("foreignKeys", [])]
    nfk = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in n.schema.get("foreignKeys", [])]
    changes += [f"foreign key removed: {x}" for x in sorted(set(ofk) - set(nfk))]
    changes += [f"foreign key added: {x}" for x in sorted(set(nfk) - set(ofk))]
    if o.path != n.path:
        changes.append(f"path: {o.path} -> {n.path}")
    return changes, breaking


def _table_diff(old: Package, new: Package, name: str) -> TableDiff:
    schema, breaking = _schema_changes(old, new, name)
    orows, nrows = _rows(old, name), _rows(new, name)
    key = new.resources[name].primary_key
    if not key or any(k not in old.resources[name].field_names for k in key):
        key = []  # no common key: rows are compared whole
    diff = TableDiff(name, key, schema, breaking, rows_old=len(orows), rows_new=len(nrows))
    if key:
        sort = _sort_key(new, name, key)

        def index(rows: list[dict[str, str | None]]) -> dict[tuple[str | None, ...], dict[str, str | None]]:
            out: dict[tuple[str | None, ...], dict[str, str | None]] = {}
            for r in rows:
                out.setdefault(tuple(r.get(k) for k in key), r)  # duplicate keys are the gate's business
            return out

        oi, ni = index(orows), index(nrows)
        common = [f for f in new.resources[name].field_names if f in old.resources[name].field_names]
        for k in sorted(set(ni) - set(oi), key=sort):
            diff.added.append(ni[k])
        for k in sorted(set(oi) - set(ni), key=sort):
            diff.removed.append(oi[k])
        for k in sorted(set(oi) & set(ni), key=sort):
            cells = [{"field": f, "old": oi[k].get(f), "new": ni[k].get(f)} for f in common if oi[k].get(f) != ni[k].get(f)]
            if cells:
                diff.changed.append({"key": dict(zip(key, k, strict=True)), "cells": cells})
    else:
        def canon(r: dict[str, str | None]) -> str:
            return json.dumps(r, sort_keys=True, ensure_ascii=False)
        oc, nc = sorted(canon(r) for r in orows), sorted(canon(r) for r in nrows)
        diff.added = [json.loads(x) for x in sorted(set(nc) - set(oc))]
        diff.removed = [json.loads(x) for x in sorted(set(oc) - set(nc))]
    return diff


def diff_packages(old: Package, new: Package, old_label: str = "old", new_label: str = "new") -> PackageDiff:
    result = PackageDiff(old_label, new_label, str(old.descriptor.get("version", "")), str(new.descriptor.get("version", "")))
    result.tables_added = sorted(set(new.resources) - set(old.resources))
    result.tables_removed = sorted(set(old.resources) - set(new.resources))
    for name in sorted(set(old.resources) & set(new.resources)):
        result.tables.append(_table_diff(old, new, name))
    return result


def diff_paths(old: str | Path, new: str | Path) -> PackageDiff:
    with open_package(old) as o, open_package(new) as n:
        return diff_packages(o, n, str(old), str(new))


# ---------------------------------------------------------------- rendering

def _key_text(key: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in key.items())


def _row_key(t: TableDiff, row: dict[str, Any]) -> str:
    return _key_text({k: row.get(k) for k in t.key}) if t.key else json.dumps(row, ensure_ascii=False, sort_keys=True)


def _value(v: Any) -> str:
    return "(missing)" if v is None else json.dumps(v, ensure_ascii=False)


def to_json(d: PackageDiff) -> dict[str, Any]:
    return {
        "old": d.old, "new": d.new, "old_version": d.old_version, "new_version": d.new_version,
        "identical": d.empty, "suggested_bump": d.suggested_bump(),
        "tables_added": d.tables_added, "tables_removed": d.tables_removed,
        "tables": [{"name": t.name, "key": t.key, "rows_old": t.rows_old, "rows_new": t.rows_new, "schema_changes": t.schema,
                    "breaking": t.breaking, "added": t.added, "removed": t.removed, "changed": t.changed}
                   for t in d.tables if not t.empty],
    }


def render_json(d: PackageDiff) -> str:
    return json.dumps(to_json(d), ensure_ascii=False, indent=2)


def render_text(d: PackageDiff, max_rows: int | None = None) -> str:
    out = [f"diff {d.old} ({d.old_version or '?'}) -> {d.new} ({d.new_version or '?'})"]
    out += [f"table added: {n}" for n in d.tables_added]
    out += [f"table removed: {n}" for n in d.tables_removed]
    for t in d.tables:
        if t.empty:
            continue
        out.append(f"\n{t.name}: {t.rows_old} -> {t.rows_new} rows; +{len(t.added)} added, -{len(t.removed)} removed, ~{len(t.changed)} changed")
        out += [f"  schema: {s}" for s in t.schema]
        for label, rows in (("+", t.added), ("-", t.removed)):
            for r in rows[:max_rows]:
                out.append(f"  {label} {_row_key(t, r)}")
        for c in t.changed[:max_rows]:
            cells = "; ".join(f"{x['field']}: {_value(x['old'])} -> {_value(x['new'])}" for x in c["cells"])
            out.append(f"  ~ {_key_text(c['key'])}: {cells}")
        shown = min(len(t.added), max_rows or 10**9) + min(len(t.removed), max_rows or 10**9) + min(len(t.changed), max_rows or 10**9)
        if shown < len(t.added) + len(t.removed) + len(t.changed):
            out.append(f"  … {len(t.added) + len(t.removed) + len(t.changed) - shown} more (see --format json)")
    out.append("")
    out.append("identical" if d.empty else f"suggested version bump: {d.suggested_bump().upper()}")
    return "\n".join(out)


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(d: PackageDiff, max_rows: int | None = 50) -> str:
    out = [f"Changes from {d.old_version or d.old} to {d.new_version or d.new}"
           + ("" if d.empty else f" (suggested bump: {d.suggested_bump().upper()})") + ".", ""]
    if d.empty:
        return "\n".join(out + ["No differences in data or schemas.", ""])
    out += [f"- table added: `{n}`" for n in d.tables_added]
    out += [f"- table removed: `{n}`" for n in d.tables_removed]
    rows = [t for t in d.tables if not t.empty]
    if rows:
        out += ([] if out[-1] == "" else [""])
        out += ["| table | rows before | rows after | added | removed | changed | schema changes |", "|---|---:|---:|---:|---:|---:|---:|"]
        out += [f"| `{t.name}` | {t.rows_old} | {t.rows_new} | {len(t.added)} | {len(t.removed)} | {len(t.changed)} | {len(t.schema)} |" for t in rows]
    for t in rows:
        out += ["", f"### {t.name}", ""]
        out += [f"- schema: {_md(s)}" for s in t.schema]
        out += [f"- added: {_md(_row_key(t, r))}" for r in t.added[:max_rows]]
        out += [f"- removed: {_md(_row_key(t, r))}" for r in t.removed[:max_rows]]
        for c in t.changed[:max_rows]:
            cells = "; ".join(f"`{x['field']}` {_md(_value(x['old']))} → {_md(_value(x['new']))}" for x in c["cells"])
            out.append(f"- changed {_md(_key_text(c['key']))}: {cells}")
        hidden = sum(max(0, len(x) - (max_rows or 10**9)) for x in (t.added, t.removed, t.changed))
        if hidden:
            out.append(f"- … {hidden} more rows (the full diff is in the json)")
    return "\n".join(out) + "\n"
