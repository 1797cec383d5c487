"""Structure, with frictionless: the descriptor against the Data Package v2 profile, and per
resource the header against its schema, types, primary and foreign keys, blank and ragged rows.

Field constraints (required, minimum, enum, pattern …) are declared in the same Table Schemas
but reported by the rules layer (pandera), so each violation is reported once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..package import Package
from ..problems import ERROR, Problem
from ..safe_io import no_network
from .profiles import package_profile_errors
from .references import frictionless_descriptor

# frictionless error type -> what to do about it
HINTS = {
    "type-error": "write the value in the field's type (numbers without separators or units; dates as YYYY-MM-DD; booleans true/false)",
    "missing-cell": "the row has fewer cells than the header: add the missing commas (empty cell = missing value)",
    "extra-cell": "the row has more cells than the header: quote text that contains commas",
    "blank-row": "delete the empty row",
    "primary-key": "two rows share the primary key: renumber line/row, or remove the duplicate",
    "foreign-key": "the value does not exist in the referenced table: add it there first (a codelist entry, a report, a project) or correct it",
    "duplicate-label": "two columns have the same name: the header must match the schema's fields",
    "blank-label": "a column has no name: the header must match the schema's fields",
    "incorrect-label": "the header must list the schema's fields in order (see schemas/)",
    "missing-label": "a column of the schema is missing from the header",
    "extra-label": "the header has a column the schema does not define: add the field to schemas/ or remove the column",
    "package-error": "fix datapackage.json against the Data Package v2 profile",
    "resource-error": "fix this resource's entry in datapackage.json",
    "schema-error": "fix the Table Schema in schemas/",
    "scheme-error": "paths must be relative files inside the package",
    "encoding-error": "save the file as UTF-8",
    "source-error": "the file could not be read as CSV",
}
OWNED_BY_RULES = {"constraint-error"}


def _hint(kind: str) -> str:
    return HINTS.get(kind, "see the message; the Table Schema in schemas/ is the definition")


# Up to this many rows in all, frictionless checks every row itself; above it the row checks are
# the vectorised ones of structure_fast (at every size: they report what frictionless reports,
# tests/test_structure_equivalence.py; frictionless still checks the descriptor, and the whole
# package whenever a table is malformed or a Table Schema invalid).
FRICTIONLESS_MAX_ROWS = 0


def check_structure(pkg: Package, readable: list[str], limit_errors: int = 2_000, engine: str = "auto") -> Iterator[Problem]:
    """engine: "frictionless" (every row by frictionless), "vectorised" (rows by structure_fast,
    frictionless for the descriptor), or "auto" (by size)."""
    # a copy of the descriptor's top level with the readable resources (copies of their entries,
    # schemas inline, nothing that frictionless would load from elsewhere: see references.py)
    descriptor: dict[str, Any] = frictionless_descriptor(pkg, readable)
    paths = {r["name"]: r.get("path", "") for r in descriptor["resources"]}
    # the descriptor against the Data Package v2 profile first, with the profile's own words
    profile_errors = package_profile_errors(descriptor)
    for err_type, note in profile_errors:
        yield Problem("datapackage.json", None, None, f"structure.{err_type}", note, _hint(err_type), ERROR, "structure")
    if profile_errors:
        return
    if engine == "auto":
        engine = "vectorised" if sum(_rows(pkg, n) for n in readable) > FRICTIONLESS_MAX_ROWS else "frictionless"
    if engine == "vectorised":
        from .structure_fast import check_rows, well_formed

        if all(well_formed(pkg, n) for n in readable) and _read_as_plain_csv(pkg, readable) and _schemas_valid(pkg, readable):
            yield from check_rows(pkg, readable)
            return
        # a header that differs from its schema, a ragged row, a dialect, an invalid schema: frictionless says exactly what is wrong
    from frictionless import FrictionlessException
    from frictionless import Package as FPackage

    try:
        with no_network():
            report = FPackage(descriptor, basepath=str(pkg.root)).validate(limit_errors=limit_errors)
    except FrictionlessException as exc:
        err = exc.error
        yield Problem("datapackage.json", None, None, f"structure.{err.type}", err.message, _hint(err.type), ERROR, "structure")
        return
    for err in report.errors:
        yield Problem("datapackage.json", None, None, f"structure.{err.type}", err.message, _hint(err.type), ERROR, "structure")
    reported: set[tuple[str, int | None, str | None]] = set()
    for task in report.tasks:
        file = paths.get(task.name, task.name)
        for err in task.errors:
            kind = err.type
            if kind in OWNED_BY_RULES:
                continue
            line = getattr(err, "row_number", None)
            column = getattr(err, "field_name", None)
            if kind in {"incorrect-label", "missing-label", "extra-label", "duplicate-label", "blank-label"}:
                line = 1
                column = getattr(err, "label", None) or column
            if kind == "foreign-key":
                column = ", ".join(getattr(err, "field_names", []) or []) or column
            reported.add((file, line, column))
            yield Problem(file, line, column, f"structure.{kind}", err.message, _hint(kind), ERROR, "structure")
    # frictionless reads numbers as Python does ("１２３", "NaN", " 12 ", "1_000" pass): the cells
    # that are not in the Table Schema's own lexical form (package.NUMBER, as the vectorised engine)
    # (only for the tables the gate reads as frictionless does: a dialect's comment lines are no rows)
    yield from lexical_errors(pkg, [n for n in readable if _read_as_plain_csv(pkg, [n])], reported)


# resource properties that change how frictionless reads the file (the vectorised checks read plain UTF-8 CSV)
READING_PROPERTIES = ("dialect", "compression", "innerpath", "layout", "control", "scheme", "data", "extrapaths")


def _read_as_plain_csv(pkg: Package, readable: list[str]) -> bool:
    """Whether frictionless reads every readable resource as the gate does: a UTF-8 CSV file, no dialect."""
    for res in pkg.descriptor.get("resources", []):
        if not isinstance(res, dict) or res.get("name") not in readable:
            continue
        if any(k in res for k in READING_PROPERTIES) or str(res.get("format", "csv")).lower() != "csv" \
                or str(res.get("encoding", "utf-8")).lower().replace("_", "-") not in ("utf-8", "utf8"):
            return False
    return True


def _schemas_valid(pkg: Package, readable: list[str]) -> bool:
    """Whether frictionless finds every readable resource's Table Schema valid (the safety layer
    asked it already: its verdicts are cached)."""
    from .schemas import profile_errors

    return not any(profile_errors(pkg.resources[n].schema) for n in readable)


def _rows(pkg: Package, name: str) -> int:
    try:
        return len(pkg.table(name))
    except Exception:  # noqa: BLE001 - unreadable: frictionless will say why
        return 0


def lexical_errors(pkg: Package, readable: list[str], reported: set[tuple[str, int | None, str | None]]) -> Iterator[Problem]:
    """Type errors of the vectorised engine's definition (structure_fast) that frictionless let
    through, on tables frictionless checked: one definition of a number, whatever the engine."""
    from .structure_fast import type_errors

    for name in readable:
        try:
            frame = pkg.table(name)
        except Exception:  # noqa: BLE001 - unreadable: frictionless said why
            continue
        for p in type_errors(pkg, name, frame):
            if (p.file, p.line, p.column) not in reported:
                yield p
