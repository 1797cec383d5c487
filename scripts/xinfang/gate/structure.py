"""Structure, with frictionless: the descriptor against the Data Package v2 profile, and per
resource the header against its schema, types, primary and foreign keys, blank and ragged rows.

Field constraints (required, minimum, enum, pattern …) are declared in the same Table Schemas
but reported by the rules layer (pandera), so each violation is reported once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..package import Package
from ..problems import Problem
from ..safe_io import no_network
from .catalogue import emit, library_rule
from .profiles import package_profile_errors
from .references import frictionless_descriptor, made_descriptor
from .structure_fast import check_rows, type_errors, well_formed

OWNED_BY_RULES = {"constraint-error"}  # frictionless's constraint errors: the rules layer reports them (pandera)


def _frictionless(file: str, line: int | None, column: str | None, kind: str, message: str) -> Problem:
    """A frictionless error as the catalogue's rule that covers its type."""
    return emit(library_rule("frictionless", kind), file, line, column, message)


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
        yield _frictionless("datapackage.json", None, None, err_type, note)
    if profile_errors:
        return
    if engine == "auto":
        engine = "vectorised" if sum(_rows(pkg, n) for n in readable) > FRICTIONLESS_MAX_ROWS else "frictionless"
    if engine == "vectorised":
        if all(well_formed(pkg, n) for n in readable) and _read_as_plain_csv(pkg, readable) and _schemas_valid(pkg, readable) \
                and _references_resolve(pkg, readable):
            yield from check_rows(pkg, readable)
            return
        # a header that differs from its schema, a ragged row, a dialect, an invalid schema, a key into
        # a resource the package lacks: frictionless says exactly what is wrong
    from frictionless import FrictionlessException
    from frictionless import Package as FPackage

    try:
        with no_network():
            report = FPackage(made_descriptor(pkg, readable), basepath=str(pkg.root)).validate(limit_errors=limit_errors)
    except FrictionlessException as exc:
        err = exc.error
        yield _frictionless("datapackage.json", None, None, err.type, err.message)
        return
    for err in report.errors:
        yield _frictionless("datapackage.json", None, None, err.type, err.message)
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
            yield _frictionless(file, line, column, kind, err.message)
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


def _references_resolve(pkg: Package, readable: list[str]) -> bool:
    """Whether every foreign key of a readable resource refers to a resource of the package (itself
    when the reference names none): a key into a resource that does not exist is frictionless's finding."""
    for name in readable:
        for fk in pkg.resources[name].schema.get("foreignKeys", []):
            ref = fk.get("reference") if isinstance(fk, dict) else None
            if isinstance(ref, dict) and ref.get("resource") and ref.get("resource") not in pkg.resources:
                return False
    return True


def _rows(pkg: Package, name: str) -> int:
    try:
        return len(pkg.table(name))
    except Exception:  # noqa: BLE001 - unreadable: frictionless will say why
        return 0


def lexical_errors(pkg: Package, readable: list[str], reported: set[tuple[str, int | None, str | None]]) -> Iterator[Problem]:
    """Type errors of the vectorised engine's definition (structure_fast) that frictionless let
    through, on tables frictionless checked: one definition of a number, whatever the engine."""
    for name in readable:
        try:
            frame = pkg.table(name)
        except Exception:  # noqa: BLE001 - unreadable: frictionless said why
            continue
        for p in type_errors(pkg, name, frame):
            if (p.file, p.line, p.column) not in reported:
                yield p
