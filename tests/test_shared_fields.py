"""Fields shared by several tables are defined once (schemas/fields.json) and written into the schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, copy_package
from xinfang.derived.build import DeriveError, derive_all
from xinfang.fields import FIELDS, MARK, OWN, apply, shared_fields
from xinfang.package import load_package


def _marked(root: Path, unless_own: str = "") -> list[tuple[str, str, str]]:
    """(schema file, field name, shared id) of every marked field (not those owning `unless_own`)."""
    out = []
    for path in sorted((root / "schemas").glob("*.schema.json")):
        for f in json.loads(path.read_text(encoding="utf-8"))["fields"]:
            if MARK in f and unless_own not in f.get(OWN, []):
                out.append((path.name, f["name"], f[MARK]))
    return out


def test_every_marked_field_is_its_shared_definition() -> None:
    shared = shared_fields(ROOT)
    assert shared, f"{FIELDS} defines no field"
    for schema, name, ref in _marked(ROOT):
        field = next(f for f in json.loads((ROOT / "schemas" / schema).read_text(encoding="utf-8"))["fields"] if f["name"] == name)
        own = set(field.get(OWN, []))
        assert {k: v for k, v in field.items() if k not in ("name", MARK, OWN, *own)} == \
            {k: v for k, v in shared[ref].items() if k not in ("name", *own)}, (schema, name)


def test_each_shared_field_is_used() -> None:
    used = {ref for _, _, ref in _marked(ROOT)}
    assert set(shared_fields(ROOT)) <= used, set(shared_fields(ROOT)) - used


def test_an_edit_in_one_schema_is_stale_and_the_definition_restored(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    schema_name, field_name, ref = _marked(root, unless_own="description")[0]
    path = root / "schemas" / schema_name
    schema = json.loads(path.read_text(encoding="utf-8"))
    before = path.read_text(encoding="utf-8")
    for f in schema["fields"]:
        if f["name"] == field_name:
            f["description"] = "edited here instead of in fields.json"
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert f"schemas/{schema_name}" in derive_all(load_package(root), check_only=True)
    derive_all(load_package(root))
    assert path.read_text(encoding="utf-8") == before


def test_a_change_in_fields_json_reaches_every_schema(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    shared = shared_fields(root)
    ref = _marked(root)[0][2]
    shared[ref]["description"] = "one new description"
    (root / FIELDS).write_text(json.dumps(shared, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    changed = derive_all(load_package(root))
    users = {f"schemas/{s}" for s, _, r in _marked(root, unless_own="description") if r == ref}
    assert users and users <= set(changed)
    for s, name, r in _marked(root, unless_own="description"):
        if r == ref:
            field = next(f for f in json.loads((root / "schemas" / s).read_text(encoding="utf-8"))["fields"] if f["name"] == name)
            assert field["description"] == "one new description", s


def test_an_unknown_shared_field_is_refused() -> None:
    with pytest.raises(Exception, match="does not define"):
        apply({"fields": [{"name": "x", MARK: "no_such_field"}]}, {}, "schemas/x.schema.json")


def test_derive_names_the_unknown_shared_field(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    schema_name, field_name, _ = _marked(root)[0]
    path = root / "schemas" / schema_name
    schema = json.loads(path.read_text(encoding="utf-8"))
    for f in schema["fields"]:
        if f["name"] == field_name:
            f[MARK] = "no_such_field"
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with pytest.raises(DeriveError, match="no_such_field"):
        derive_all(load_package(root), check_only=True)


def test_a_tables_own_properties_stay_its_own() -> None:
    shared = {"f": {"type": "string", "title": "F", "description": "shared meaning", "constraints": {"required": True}}}
    schema = {"fields": [{"name": "g", "description": "what it means here", MARK: "f", OWN: ["description"]}, {"name": "h", MARK: "f"}]}
    g, h = apply(schema, shared)["fields"]
    assert g["description"] == "what it means here" and g["name"] == "g" and g["constraints"] == {"required": True}
    assert h["description"] == "shared meaning" and h["title"] == "F"
