"""Fields shared by several tables, defined once in ``schemas/fields.json``.

A Table Schema field that carries ``"x-field": "<id>"`` is that shared field: `xinfang derive`
writes the shared definition into it (the schema files stay complete Table Schemas that any
frictionless tool reads), and `xinfang derive --check` fails when a schema's copy differs, so a
shared field is changed in one place: ``schemas/fields.json``. A field's ``name`` stays the
schema's own (a table may call a shared field by another name), and the properties it lists in
``"x-field-own"`` (e.g. ``["description"]``: what the field means in this table) stay its own, as
PUDL lets a resource override a field's description.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .descriptor import dump
from .safe_io import MAX_SCHEMA_BYTES, PackageError, inside, parse_json, read_bytes

FIELDS = "schemas/fields.json"
MARK = "x-field"
OWN = "x-field-own"


def shared_fields(root: Path) -> dict[str, dict[str, Any]]:
    """The shared definitions by id (empty when the package declares none)."""
    path = root / FIELDS
    if not path.is_file():
        return {}
    value = parse_json(read_bytes(inside(root, FIELDS), MAX_SCHEMA_BYTES, FIELDS), FIELDS)
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise PackageError(f"{FIELDS}: expected an object of field definitions by id")
    return value


def quote_max_length(root: Path) -> int:
    """The most characters a source quote may have: the shared ``source_quote``'s maxLength."""
    return int(shared_fields(root)["source_quote"]["constraints"]["maxLength"])


def apply(schema: dict[str, Any], shared: dict[str, dict[str, Any]], where: str = "") -> dict[str, Any]:
    """The schema with every field marked ``x-field`` replaced by its shared definition."""
    fields = []
    for f in schema.get("fields", []):
        ref = f.get(MARK) if isinstance(f, dict) else None
        if ref is None:
            fields.append(f)
            continue
        if ref not in shared:
            raise PackageError(f"{where}: field {f.get('name')!r} refers to shared field {ref!r}, which {FIELDS} does not define")
        own = f.get(OWN) if isinstance(f.get(OWN), list) else []
        merged = {"name": f["name"], **{k: v for k, v in shared[ref].items() if k != "name"}}
        merged.update({k: f[k] for k in own if k in f})
        fields.append({**merged, MARK: ref, **({OWN: own} if own else {})})
    return {**schema, "fields": fields}


def sync(root: str | Path, check_only: bool = False) -> list[str]:
    """Write the shared definitions into the schemas; the paths that changed (or would)."""
    root = Path(root)
    shared = shared_fields(root)
    changed = []
    for path in sorted((root / "schemas").glob("*.schema.json")):
        rel = path.relative_to(root).as_posix()
        data = read_bytes(inside(root, rel), MAX_SCHEMA_BYTES, rel)
        text, schema = data.decode("utf-8"), parse_json(data, rel)
        if not isinstance(schema, dict):
            continue
        new = dump(apply(schema, shared, rel))
        if new != text:
            changed.append(rel)
            if not check_only:
                inside(root, rel).write_text(new, encoding="utf-8")
    return changed
