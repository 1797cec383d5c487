"""Each resource's Table Schema against the Table Schema profile, before any layer relies on it.

The gate's layers read a schema's fields, types and constraints (pandera builds its checks from
them): a schema the profile refuses (a constraint of the wrong type, an unknown field type …) is
reported here, with frictionless's words, and its resource is not handed to the other layers.
Results are cached by the schema's text, so the same schemas are validated once per process
(gate/profiles.py, which may have computed them in a helper process while the tables were read).
"""

from __future__ import annotations

from typing import Any

from ..package import DESCRIPTOR, Package
from ..problems import Problem
from ..safe_io import excerpt
from . import profiles
from .catalogue import emit, library_rule


def schema_errors(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """The Table Schema profile's complaints about one schema, as (frictionless error type, note),
    and the patterns RE2 cannot run; empty: valid."""
    return profile_errors(schema) + [("schema-error", note) for note in _pattern_errors(schema)]


def profile_errors(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """What frictionless finds wrong with a schema against the Table Schema profile (empty: valid);
    cached by the schema's text (gate/profiles.py), so the structure layer asks again for nothing."""
    return profiles.schema_profile_errors(schema)


def check_schemas(pkg: Package, names: list[str]) -> tuple[list[Problem], list[str]]:
    """Problems, and the names whose schema is valid."""
    problems: list[Problem] = []
    valid = []
    index = {r.get("name"): i for i, r in enumerate(pkg.descriptor.get("resources", [])) if isinstance(r, dict) and isinstance(r.get("name"), str)}
    for name in names:
        res = pkg.resources[name]
        found = schema_errors(res.schema)
        if not found:
            valid.append(name)
            continue
        file, column = (res.schema_path, None) if res.schema_path else (DESCRIPTOR, f"resources[{index.get(name)}].schema")
        for kind, note in found[:5]:
            problems.append(emit(library_rule("frictionless", kind), file, None, column, f"not a valid Table Schema: {excerpt(note, 200)}"))
    return problems, valid


def _pattern_errors(schema: dict[str, Any]) -> list[str]:
    """Patterns RE2 cannot run (look-around, back-references …): the gate matches patterns in
    linear time only (rules.check_patterns)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out = []
    for j, f in enumerate(schema.get("fields", [])):
        pattern = f.get("constraints", {}).get("pattern") if isinstance(f, dict) and isinstance(f.get("constraints"), dict) else None
        if pattern is None:
            continue
        try:
            pc.match_substring_regex(pa.array([""]), f"^(?:{pattern})$")
        except (pa.ArrowInvalid, TypeError, ValueError):
            out.append(f"fields[{j}].constraints.pattern {excerpt(repr(pattern), 60)} is not a regular expression RE2 runs "
                       "(no look-around or back-references, balanced brackets)")
    return out
