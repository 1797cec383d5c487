"""Typed exports of every resource: Parquet, DuckDB and SQLite, converted by the Table Schemas.

The tables are read as text exactly as written (``Package.table``) and each column is converted by
its Table Schema type (the one definition of types and keys) as ``TYPE_MAP`` says: integer -> int64,
number -> decimal (DECIMAL in DuckDB, TEXT as printed in SQLite), boolean, date, year; any other
type is kept as the text written.

``s`` is the column's largest printed scale and ``p = max(18, integer digits + s)``, so every value
is exact; a shorter printed value ("97.8" in a scale-2 column) keeps its value (97.80), while its
printed precision stays in the CSV and in SQLite. SQLite has no decimal type: a column declared
DECIMAL gets NUMERIC affinity and is stored as a binary float, so numbers are kept as TEXT as
printed (``CAST(col AS REAL)`` or Python's ``Decimal`` for arithmetic). Missing ("") is NULL in
every export; a literal "NA" is text.

Primary keys, unique fields, required fields (NOT NULL) and foreign keys become constraints in
SQLite and DuckDB. A foreign key whose referenced fields are not the referenced table's primary key
or a unique field cannot be a constraint in either engine; it is listed by
``unenforceable_foreign_keys`` and in the data dictionary, and stays checked by ``xinfang validate``.

Every output is byte-reproducible for the same input and the same pinned libraries: Parquet is
written from Arrow without pandas metadata; DuckDB is written single-threaded, uncompressed, in
storage version v1.2.0 (later storage versions write a random file identifier, and compressed string
segments carry uninitialised bytes: duckdb/duckdb#23382); SQLite is written by one deterministic
sequence of statements and vacuumed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .. import fieldtypes
from ..package import Package, Resource

DUCKDB_STORAGE_VERSION = "v1.2.0"
DUCKDB_BLOCK_SIZE = 16384  # the smallest DuckDB allows: 19 small tables take 1 MB, not 16
MAX_PRECISION = 38
MIN_PRECISION = 18

# schema type -> (Parquet/Arrow, DuckDB, SQLite) for the data dictionary (fieldtypes.TYPES); number is filled per column
TYPE_MAP: dict[str, tuple[str, str, str]] = {name: (t.parquet, t.duckdb, t.sqlite) for name, t in fieldtypes.TYPES.items()}
OTHER_TYPES = (fieldtypes.OTHER.parquet, fieldtypes.OTHER.duckdb, fieldtypes.OTHER.sqlite)


class ExportError(Exception):
    """A value cannot be converted to its schema type, or keys do not hold in an engine."""


@dataclass(frozen=True)
class Column:
    name: str
    schema_type: str
    arrow: pa.DataType
    duckdb: str
    sqlite: str


def _decimal(text: str) -> Decimal | None:
    return fieldtypes.to_decimal(text)


def _digits(value: Decimal) -> tuple[int, int]:
    """(integer digits, scale) of a decimal as printed: "97.80" -> (2, 2), "1E+3" -> (4, 0)."""
    _, digits, exp = value.as_tuple()
    assert isinstance(exp, int)
    return max(1, len(digits) + exp), max(0, -exp)


def _where(resource: Resource, line: Any, column: str) -> str:
    return f"{resource.path}:{line} [{column}]"


def columns(pkg: Package, name: str) -> list[Column]:
    """The export type of every field of a resource (number columns sized by their printed values)."""
    resource = pkg.resources[name]
    frame = pkg.table(name)
    out = []
    for f in resource.fields:
        kind = f.get("type", "string")
        if kind == "number":
            int_digits, scale = 1, 0
            if f["name"] in frame.columns:
                for text in frame[f["name"]].dropna():
                    value = _decimal(str(text))
                    if value is not None:
                        i, s = _digits(value)
                        int_digits, scale = max(int_digits, i), max(scale, s)
            precision = max(MIN_PRECISION, int_digits + scale)
            if precision > MAX_PRECISION:
                raise ExportError(f"{resource.path} [{f['name']}]: numbers need {precision} digits, more than the {MAX_PRECISION} a decimal can hold "
                                  "(rule export.decimal_precision); check the column for a mistyped value")
            out.append(Column(f["name"], kind, fieldtypes.arrow_type(kind, precision, scale), f"DECIMAL({precision}, {scale})", "TEXT"))
        elif kind in TYPE_MAP:
            _, duck, lite = TYPE_MAP[kind]
            out.append(Column(f["name"], kind, fieldtypes.arrow_type(kind), duck, lite.split(" ")[0]))
        else:
            out.append(Column(f["name"], kind, pa.string(), "VARCHAR", "TEXT"))
    return out


def _convert(resource: Resource, field: dict[str, Any], column: Column, texts: list[Any], lines: list[int]) -> tuple[list[Any], list[Any]]:
    """(Arrow values, SQLite values) of one column; None for missing. Raises ExportError naming the cell."""
    arrow_values: list[Any] = []
    sqlite_values: list[Any] = []
    kind = column.schema_type

    def fail(line: int, text: str, what: str) -> ExportError:
        return ExportError(f"{_where(resource, line, column.name)}: '{text}' is not {what} (rule export.type); "
                           "run `xinfang validate` and correct the cell")

    for text, line in zip(texts, lines, strict=True):
        if text is None or (not isinstance(text, str)):
            arrow_values.append(None)
            sqlite_values.append(None)
            continue
        arrow_value, sqlite_value, what = fieldtypes.export_value(kind, field, text)
        if what is not None:
            raise fail(line, text, what)
        arrow_values.append(arrow_value)
        sqlite_values.append(sqlite_value)
    return arrow_values, sqlite_values


@dataclass
class TypedTable:
    name: str
    columns: list[Column]
    arrow: pa.Table
    sqlite_rows: list[tuple[Any, ...]]


def typed_table(pkg: Package, name: str, version: str = "") -> TypedTable:
    """One resource converted by its schema: an Arrow table (with field labels as metadata) and SQLite rows."""
    resource = pkg.resources[name]
    frame = pkg.table(name)
    cols = columns(pkg, name)
    lines = [int(x) for x in frame["__line__"]]
    arrays, fields, sqlite_columns = [], [], []
    for field, column in zip(resource.fields, cols, strict=True):
        texts = [v if isinstance(v, str) else None for v in frame[column.name].tolist()] if column.name in frame.columns else [None] * len(frame)
        arrow_values, sqlite_values = _convert(resource, field, column, texts, lines)
        arrays.append(pa.array(arrow_values, type=column.arrow))
        meta = {"tableschema.type": column.schema_type}
        for key in ("title", "x-title-zh", "description", "unit"):
            if field.get(key):
                meta[key] = str(field[key])
        fields.append(pa.field(column.name, column.arrow, nullable=True, metadata=meta))
        sqlite_columns.append(sqlite_values)
    table_meta = {"resource": name, "package": str(pkg.descriptor.get("name", "")), "version": version}
    arrow = pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=table_meta))
    rows = list(zip(*sqlite_columns, strict=True)) if sqlite_columns else []
    return TypedTable(name, cols, arrow, rows)


def resource_descriptor(pkg: Package, name: str) -> dict[str, Any]:
    """The resource's entry in datapackage.json (title, description, path ...)."""
    for res in pkg.descriptor.get("resources", []):
        if isinstance(res, dict) and res.get("name") == name:
            return res
    return {}


# ---------------------------------------------------------------- keys

def unique_keys(resource: Resource) -> list[list[str]]:
    """The field sets a constraint makes unique: the primary key and every unique field."""
    keys = [resource.primary_key] if resource.primary_key else []
    keys += [[f["name"]] for f in resource.fields if f.get("constraints", {}).get("unique") and [f["name"]] != resource.primary_key]
    return keys


ForeignKey = tuple[list[str], str, list[str]]  # (fields, resource referred to, fields referred to): Resource.foreign_keys


def enforceable_foreign_keys(pkg: Package, name: str) -> list[ForeignKey]:
    return [fk for fk, reason in _foreign_keys(pkg, name) if reason is None]


def unenforceable_foreign_keys(pkg: Package, name: str) -> list[tuple[ForeignKey, str]]:
    return [(fk, reason) for fk, reason in _foreign_keys(pkg, name) if reason is not None]


def _foreign_keys(pkg: Package, name: str) -> list[tuple[ForeignKey, str | None]]:
    out: list[tuple[ForeignKey, str | None]] = []
    for fk in pkg.resources[name].foreign_keys:
        _, target, ref_fields = fk
        if target not in pkg.resources:
            out.append((fk, f"the referenced resource '{target}' is not in the package"))
        elif ref_fields not in unique_keys(pkg.resources[target]):
            out.append((fk, f"{target}.{', '.join(ref_fields)} is not the primary key or a unique field of {target}, "
                            "so neither SQLite nor DuckDB can declare it; xinfang validate checks it"))
        else:
            out.append((fk, None))
    return out


def table_order(pkg: Package) -> list[str]:
    """Resources ordered so that every referenced table comes before the tables referring to it."""
    names = sorted(pkg.resources)
    deps = {n: sorted({target for _, target, _ in enforceable_foreign_keys(pkg, n)} - {n}) for n in names}
    order: list[str] = []
    visiting: set[str] = set()

    def visit(n: str) -> None:
        if n in order:
            return
        if n in visiting:
            raise ExportError(f"datapackage.json: foreign keys form a cycle through '{n}' (rule export.fk_cycle); "
                              "a table cannot be loaded before the one it refers to")
        visiting.add(n)
        for d in deps[n]:
            visit(d)
        visiting.discard(n)
        order.append(n)

    for n in names:
        visit(n)
    return order


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table_sql(pkg: Package, name: str, cols: list[Column], dialect: str) -> str:
    resource = pkg.resources[name]
    lines = []
    pk = resource.primary_key
    for field, column in zip(resource.fields, cols, strict=True):
        kind = column.duckdb if dialect == "duckdb" else column.sqlite
        parts = [_q(column.name), kind]
        if field.get("constraints", {}).get("required") or column.name in pk:
            parts.append("NOT NULL")
        if dialect == "sqlite" and column.schema_type == "boolean":
            parts.append(f"CHECK ({_q(column.name)} IN (0, 1))")
        lines.append(" ".join(parts))
    for key in unique_keys(resource):
        kind = "PRIMARY KEY" if key == pk else "UNIQUE"
        lines.append(f"{kind} ({', '.join(_q(k) for k in key)})")
    for fields, target, ref_fields in enforceable_foreign_keys(pkg, name):
        lines.append(f"FOREIGN KEY ({', '.join(_q(k) for k in fields)}) "
                     f"REFERENCES {_q(target)} ({', '.join(_q(k) for k in ref_fields)})")
    return f"CREATE TABLE {_q(name)} (\n  " + ",\n  ".join(lines) + "\n)"


# ---------------------------------------------------------------- writers

def write_parquet(table: TypedTable, path: Path) -> None:
    pq.write_table(table.arrow, path, compression="zstd", compression_level=9, use_dictionary=True,
                   write_statistics=True, store_schema=True)


def _self_reference_levels(pkg: Package, table: TypedTable) -> list[list[int]]:
    """Row indices in batches such that a row referring to its own table comes after the row it refers to."""
    resource = pkg.resources[table.name]
    self_fks = [fk for fk in enforceable_foreign_keys(pkg, table.name) if fk[1] == table.name]
    n = table.arrow.num_rows
    if not self_fks:
        return [list(range(n))]
    data = table.arrow.to_pylist()
    pending = list(range(n))
    seen: list[set[tuple[Any, ...]]] = [set() for _ in self_fks]
    levels: list[list[int]] = []
    while pending:
        ready = []
        for i in pending:
            ok = True
            for k, fk in enumerate(self_fks):
                value = tuple(data[i][f] for f in fk[0])
                if any(v is None for v in value):
                    continue
                if value not in seen[k]:
                    ok = False
            if ok:
                ready.append(i)
        if not ready:
            line = int(pkg.table(table.name)["__line__"].iloc[pending[0]])
            raise ExportError(f"{resource.path}:{line}: a row refers to a {table.name} row that does not exist or to itself in a cycle "
                              "(rule export.self_reference); run `xinfang validate`")
        for i in ready:
            for k, fk in enumerate(self_fks):
                seen[k].add(tuple(data[i][f] for f in fk[2]))
        levels.append(ready)
        pending = [i for i in pending if i not in set(ready)]
    return levels


def write_duckdb(pkg: Package, tables: dict[str, TypedTable], path: Path) -> None:
    import duckdb

    if path.exists():
        path.unlink()
    con = duckdb.connect(config={"threads": 1})
    try:
        con.execute("SET force_compression = 'uncompressed'")
        con.execute(f"ATTACH {_sql_string(str(path))} AS xinfang (STORAGE_VERSION {_sql_string(DUCKDB_STORAGE_VERSION)}, BLOCK_SIZE {DUCKDB_BLOCK_SIZE})")
        con.execute("USE xinfang")
        for name in table_order(pkg):
            table = tables[name]
            con.execute(create_table_sql(pkg, name, table.columns, "duckdb"))
            resource = pkg.resources[name]
            title = str(resource_descriptor(pkg, name).get("title", ""))
            if title:
                con.execute(f"COMMENT ON TABLE {_q(name)} IS {_sql_string(title)}")
            for field in resource.fields:
                label = " · ".join(str(field[k]) for k in ("title", "x-title-zh") if field.get(k))
                if field.get("description"):
                    label += f": {field['description']}"
                if label:
                    con.execute(f"COMMENT ON COLUMN {_q(name)}.{_q(field['name'])} IS {_sql_string(label)}")
            for batch in _self_reference_levels(pkg, table):
                part = table.arrow.take(pa.array(batch, type=pa.int64()))
                con.register("incoming", part)
                try:
                    con.execute(f"INSERT INTO {_q(name)} SELECT * FROM incoming")
                except duckdb.ConstraintException as exc:
                    raise ExportError(f"{resource.path}: {exc} (rule export.duckdb_constraint); run `xinfang validate` for the row") from exc
                finally:
                    con.unregister("incoming")
        con.execute("CHECKPOINT xinfang")
        con.execute("USE memory")
        con.execute("DETACH xinfang")
    finally:
        con.close()


def write_sqlite(pkg: Package, tables: dict[str, TypedTable], path: Path, user_version: int = 0) -> None:
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA foreign_keys = OFF")  # checked below, once every table is loaded
        con.execute(f"PRAGMA user_version = {int(user_version)}")
        for name in table_order(pkg):
            table = tables[name]
            con.execute(create_table_sql(pkg, name, table.columns, "sqlite"))
            marks = ", ".join("?" for _ in table.columns)
            try:
                con.executemany(f"INSERT INTO {_q(name)} VALUES ({marks})", table.sqlite_rows)
            except sqlite3.IntegrityError as exc:
                raise ExportError(f"{pkg.resources[name].path}: {exc} (rule export.sqlite_constraint); run `xinfang validate`") from exc
        con.commit()
        violations = con.execute("PRAGMA foreign_key_check").fetchall()
        if violations:
            t, rowid, parent, _ = violations[0]
            raise ExportError(f"{pkg.resources[t].path}:{int(rowid) + 1}: refers to a {parent} row that does not exist "
                              f"(rule export.foreign_key, {len(violations)} violation(s)); run `xinfang validate`")
        con.execute("VACUUM")
    finally:
        con.close()


def build_tables(pkg: Package, version: str = "", names: Iterable[str] | None = None) -> dict[str, TypedTable]:
    return {name: typed_table(pkg, name, version) for name in (names if names is not None else sorted(pkg.resources))}
