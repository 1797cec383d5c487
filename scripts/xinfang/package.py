"""Reading a package directory: the descriptor, its resources and their Table Schemas.

Tables are read as text, exactly as written: printed precision ("97.80"), codes with leading
zeros and a literal "NA" survive; only the schema's own ``missingValues`` become missing.
"""

from __future__ import annotations

import csv
import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import fieldtypes
from .gate.catalogue import emit
from .problems import Problem
from .safe_io import MAX_DESCRIPTOR_BYTES, MAX_SCHEMA_BYTES, MAX_TABLE_BYTES, PackageError, TooLarge, UnsafePath, check_size, excerpt, inside, parse_json, read_bytes
from .safe_io import unsafe_path_reason as unsafe_path_reason  # re-exported: one definition, in safe_io

DESCRIPTOR = "datapackage.json"
# what a working copy of the package needs: the descriptor, the tables, their schemas, the denylist
PACKAGE_PARTS = (DESCRIPTOR, "data", "schemas", "policy")


def repository_root() -> Path:
    """The repository this tooling runs from (an editable install: scripts/xinfang inside it), the
    package that synth, extract and the README counts take their schemas and codelists from."""
    for folder in Path(__file__).resolve().parents:
        if (folder / DESCRIPTOR).is_file() and (folder / "scripts" / "xinfang").is_dir():
            return folder
    raise PackageError(f"no repository with {DESCRIPTOR} above {Path(__file__).resolve().parent}: install the tooling editable (pip install -e .)")


def _name_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


@dataclass
class Resource:
    name: str
    path: str  # relative path as written in the descriptor
    schema: dict[str, Any]
    schema_path: str | None = None

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.schema.get("fields", []))

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def primary_key(self) -> list[str]:
        pk = self.schema.get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)

    @property
    def foreign_keys(self) -> list[tuple[list[str], str, list[str]]]:
        """Each foreign key as (its fields, the resource referred to (this one when unnamed), the fields
        referred to), names always as lists."""
        out = []
        fks = self.schema.get("foreignKeys", [])
        for fk in fks if isinstance(fks, list) else []:
            ref = fk.get("reference") if isinstance(fk, dict) else None
            if isinstance(ref, dict):
                out.append((_name_list(fk.get("fields")), str(ref.get("resource") or self.name), _name_list(ref.get("fields"))))
        return out

    @property
    def missing_values(self) -> list[str]:
        return list(self.schema.get("missingValues", [""]))

    def field(self, name: str) -> dict[str, Any]:
        for f in self.fields:
            if f["name"] == name:
                return f
        raise KeyError(name)


@dataclass
class Package:
    root: Path
    descriptor: dict[str, Any]
    resources: dict[str, Resource] = field(default_factory=dict)
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _clean: set[str] = field(default_factory=set, repr=False)
    _numbers: dict[tuple[str, str], pd.Series] = field(default_factory=dict, repr=False)
    # values made from the tables and kept as long as the package (identities/engine.py: how its reports are sliced)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    # what load_package(strict=False) refused: a resource or schema that is not what the Table
    # Schema says (reported by the gate), and the resources it made unreadable
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    # where another process of the same run hands over the tables it read (gate/shared_tables.py):
    # shared.read(pkg, name) gives read_table_checked's answer, or None (read the file here)
    shared: Any = field(default=None, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        """The resource as text: every cell a string, missing values as ``pd.NA``.

        A ``__line__`` column gives each row's physical CSV line number (header = line 1).
        """
        if name not in self._frames:
            given = self.shared.read(self, name) if self.shared is not None else None
            self._frames[name], clean = given if given is not None else read_table_checked(self.root, self.resources[name])
            if clean:
                self._clean.add(name)
        return self._frames[name]

    def numbers(self, name: str, column: str) -> pd.Series:
        """A column of the table parsed as numbers by its field's type (see parse_numbers); cached."""
        key = (name, column)
        if key not in self._numbers:
            kind = self.resources[name].field(column).get("type", "number")
            self._numbers[key] = parse_numbers(self.table(name)[column], kind)
        return self._numbers[key]

    def read_columns(self, name: str, columns: list[str]) -> pd.DataFrame:
        """Read only these columns of the table (and __line__); later table(name) calls return this
        partial frame. For a worker that needs a few columns of a large table."""
        if name not in self._frames:
            self._frames[name] = read_table_checked(self.root, self.resources[name], columns)[0]
        return self._frames[name]

    def read_cleanly(self, name: str) -> bool:
        """Whether the table was read as a clean CSV: UTF-8, distinct non-blank column names, and
        every row exactly as many cells as the header."""
        self.table(name)
        return name in self._clean

    def has(self, name: str) -> bool:
        return name in self.resources

    def has_read(self, name: str) -> bool:
        """Whether the table (or some of its columns) is read already."""
        return name in self._frames


def copy_package(root: Path, dest: Path) -> Path:
    """Copy the package's parts (PACKAGE_PARTS) into dest, e.g. a scratch copy to change and validate."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PACKAGE_PARTS:
        src = root / part
        # links are copied as links: a copy must not turn a link out of the package into its target's bytes
        if src.is_dir() and not src.is_symlink():
            shutil.copytree(src, dest / part, symlinks=True)
        elif src.is_file() or src.is_symlink():
            shutil.copy2(src, dest / part, follow_symlinks=False)
    return dest


def load_descriptor(root: Path) -> dict[str, Any]:
    path = root / DESCRIPTOR
    if not path.is_file():
        raise PackageError(f"{path}: no {DESCRIPTOR} here; pass the package directory (the folder that holds it)")
    data = parse_json(read_bytes(inside(root, DESCRIPTOR), MAX_DESCRIPTOR_BYTES, str(path)), str(path))
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise PackageError(f"{path}: a data package descriptor is a JSON object with a 'resources' list")
    return data


def schema_shape_problem(schema: Any) -> str | None:
    """What makes a Table Schema unusable by the gate's own code, or None (the rest of the Table
    Schema profile is checked by frictionless in the structure layer)."""
    if not isinstance(schema, dict):
        return f"a Table Schema is a JSON object, not {type(schema).__name__}"
    fields = schema.get("fields", [])
    if not isinstance(fields, list):
        return "'fields' must be a list of field objects"
    for j, f in enumerate(fields):
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not f["name"]:
            return f"fields[{j}] must be an object with a non-empty string 'name'"
        for key, kind in (("type", str), ("format", str), ("constraints", dict), ("trueValues", list), ("falseValues", list)):
            if key in f and not isinstance(f[key], kind):
                return f"fields[{j}].{key} must be a {kind.__name__}"
    names = [f["name"] for f in fields]
    if len(set(names)) != len(names):
        return "two fields have the same name"
    pk = schema.get("primaryKey", [])
    if not (isinstance(pk, str) or (isinstance(pk, list) and all(isinstance(k, str) for k in pk))):
        return "'primaryKey' must be a field name or a list of them"
    mv = schema.get("missingValues", [""])
    if not isinstance(mv, list) or not all(isinstance(v, str) for v in mv):
        return "'missingValues' must be a list of strings"
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        return "'foreignKeys' must be a list"
    for j, fk in enumerate(fks):
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(ref, dict) or not _names(fk.get("fields")) or not _names(ref.get("fields")) \
                or not isinstance(ref.get("resource", ""), str):
            return f"foreignKeys[{j}] must have 'fields' and a 'reference' with 'resource' and 'fields'"
    return None


def _names(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value))


def load_package(root: str | Path, strict: bool = True) -> Package:
    """Read the descriptor and every resource's schema (schemas may be inline or a relative path
    inside the package). A resource or schema that cannot be used raises PackageError, or with
    strict=False (the gate) becomes a problem in ``pkg.problems`` and the resource is unreadable."""
    use_table_memory_pool()
    root = Path(root)
    descriptor = load_descriptor(root)
    pkg = Package(root=root, descriptor=descriptor)

    def refuse(where: str | None, rule: str, message: str, variant: str | None, name: str | None = None, file: str = DESCRIPTOR) -> None:
        """Raise (strict) or record the problem of a declared rule (gate/catalogue.py: its hint and layer, this variant of the hint)."""
        if strict:
            raise PackageError(f"{root / file}: {where + ': ' if where else ''}{message}")
        pkg.problems.append(emit(rule, file, None, where, message, variant=variant))
        if name is not None:
            pkg.unreadable.add(name)

    for i, res in enumerate(descriptor["resources"]):
        where = f"resources[{i}]"
        name = res.get("name") if isinstance(res, dict) else None
        if not isinstance(name, str) or not name:
            refuse(where, "structure.resource", "a resource is a JSON object with a non-empty string 'name'", "name")
            continue
        if name in pkg.resources:
            refuse(where, "structure.resource", f"a second resource named {excerpt(name)!r}", "unique")
            continue
        schema: Any = res.get("schema", {})
        schema_path = None
        if isinstance(schema, str):
            schema_path = schema
            if unsafe_path_reason(schema):
                schema = {"fields": []}  # the safety layer reports it; here we only refuse to follow it
            else:
                try:
                    schema = parse_json(read_bytes(inside(root, schema_path), MAX_SCHEMA_BYTES, schema_path), schema_path)
                except UnsafePath:  # a link out of the package: reported by the safety layer (safety.path)
                    if strict:
                        raise
                    pkg.unreadable.add(name)
                    schema = {"fields": []}
                except TooLarge as exc:
                    refuse(f"{where}.schema", "safety.file_too_large", str(exc), "schema", name, schema_path)
                    schema = {"fields": []}
                except PackageError as exc:
                    if strict:
                        raise PackageError(f"{root / schema_path}: cannot read the Table Schema of resource '{name}': {exc}") from exc
                    refuse(f"{where}.schema", "structure.schema", str(exc), "json", name, schema_path)
                    schema = {"fields": []}
        shape = schema_shape_problem(schema)
        if shape:
            refuse(f"{where}.schema" if schema_path is None else None, "structure.schema", shape, None, name, schema_path or DESCRIPTOR)
            schema = {"fields": []}
        path = res.get("path", "")
        pkg.resources[name] = Resource(name, path if isinstance(path, str) else "", schema, schema_path)
    return pkg


_POOL: list[str] = []  # the backend chosen, once per process


def use_table_memory_pool() -> str:
    """Allocate the tables' memory from jemalloc where this pyarrow has it (its name is returned).

    pyarrow's default pool on Linux is mimalloc, which maps fresh huge pages for every large
    table and gives them back as soon as they are freed: reading a national package's 185 MB
    cost twice the CPU time, most of it in the kernel, of the same read from jemalloc, which
    keeps freed memory for the next table. The choice is made once per process (the gate's
    workers call it too, through load_package); a pyarrow built without jemalloc keeps its own.
    """
    if not _POOL:
        import pyarrow as pa

        try:
            pa.set_memory_pool(pa.jemalloc_memory_pool())
        except (NotImplementedError, AttributeError):
            pass  # this build has no jemalloc: its default pool stays
        _POOL.append(pa.default_memory_pool().backend_name)
    return _POOL[0]


def read_table(root: Path, resource: Resource) -> pd.DataFrame:
    """Read one resource's CSV as strings with the schema's missing values only.

    pyarrow's CSV reader does the work, on one thread (a national package's 185 MB in about a
    second of CPU time); a file it cannot read as a clean table (a ragged row, a duplicated or blank column
    name, bytes that are not UTF-8) is read by pandas instead, which keeps what it can so that the
    other layers can still say what is wrong. Both give the same frame for a well-formed file.
    """
    return read_table_checked(root, resource)[0]


_UNREAD: Any = object()


def read_table_checked(root: Path, resource: Resource, columns: list[str] | None = None, arrow: Any = _UNREAD) -> tuple[pd.DataFrame, bool]:
    """The table (only the given columns, when given), and whether it was read cleanly (by
    pyarrow: see Package.read_cleanly). arrow: the whole table as read_arrow read it (in another
    process of the run: gate/shared_tables.py), so the file is not parsed again (None: not clean)."""
    path = inside(root, resource.path)  # a path that leads outside the package is never opened
    check_size(path, MAX_TABLE_BYTES, resource.path)
    if arrow is _UNREAD:
        frame = _read_with_arrow(path, resource, columns)
    else:
        frame = None if arrow is None else _arrow_frame(arrow)
    clean = frame is not None
    if frame is None:
        frame = _read_with_pandas(path, resource)
        if columns is not None:
            frame = frame[[c for c in frame.columns if c in columns]]
    # a field the header lacks is a column of missing cells (the structure layer reports the
    # header): every layer may rely on the schema's columns
    missing = [c for c in resource.field_names if c not in frame.columns and (columns is None or c in columns)]
    if missing:
        frame = frame.assign(**{c: pd.Series([None] * len(frame), index=frame.index, dtype=TEXT_DTYPE) for c in missing})
        clean = False
    frame.insert(0, "__line__", range(2, len(frame) + 2))
    return frame, clean


# pandas' text dtype (arrow-backed; missing is NaN): what pandas.read_csv(dtype=str) gives
TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=float("nan"))


def read_arrow(root: Path, resource: Resource) -> Any:
    """The whole table as pyarrow read it for read_table_checked (a pyarrow Table of large strings),
    or None when it is not a clean CSV (read_table_checked then reads it with pandas)."""
    path = inside(root, resource.path)
    check_size(path, MAX_TABLE_BYTES, resource.path)
    return _arrow_table(path, resource)


def _read_with_arrow(path: Path, resource: Resource, columns: list[str] | None = None) -> pd.DataFrame | None:
    table = _arrow_table(path, resource, columns)
    return None if table is None else _arrow_frame(table)


def _arrow_frame(table: Any) -> pd.DataFrame:
    import pyarrow as pa

    return table.to_pandas(types_mapper={pa.large_string(): TEXT_DTYPE}.get)


def _arrow_table(path: Path, resource: Resource, columns: list[str] | None = None) -> Any:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not header or len(set(header)) != len(header) or "" in header:
        return None
    try:
        # large_string: the type pandas keeps its text in (read as string, every column was cast);
        # one thread: the gate's processes keep both cores busy, and a CSV read spread over threads
        # costs a third more CPU time for the same table (the same chunks either way)
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=False),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.large_string() for c in header}, null_values=resource.missing_values,
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True,
                                                 include_columns=[c for c in header if c in columns] if columns is not None else None),
        )
    except (pa.ArrowInvalid, OSError):
        return None
    if columns is None and table.column_names != header:
        return None
    return table


def _read_with_pandas(path: Path, resource: Resource) -> pd.DataFrame:
    # index_col=False: a header shorter than its rows must not turn the first column into the index
    options: dict[str, Any] = {"dtype": str, "keep_default_na": False, "na_values": {}, "encoding": "utf-8-sig", "skip_blank_lines": False,
                               "index_col": False}
    try:
        with warnings.catch_warnings():  # a header shorter than its rows: the structure layer reports it
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            frame = pd.read_csv(path, **options)
    except pd.errors.EmptyDataError:  # an empty file: no columns (the structure layer says so)
        return pd.DataFrame(columns=[f["name"] for f in resource.fields], dtype=TEXT_DTYPE)
    except pd.errors.ParserError:
        # a ragged row (reported by the structure layer): read on, cutting extra cells
        try:
            width = len(pd.read_csv(path, nrows=0, **options).columns)
            frame = pd.read_csv(path, engine="python", on_bad_lines=lambda cells: cells[:width], **options)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
            # not CSV at all (an unterminated quote …): the gate reports it (safety.check_files)
            raise PackageError(f"{resource.path}: not readable as CSV: {excerpt(str(exc), 160)}") from exc
    missing = set(resource.missing_values)
    if missing:
        frame = frame.mask(frame.isin(list(missing)))
    return frame


# one definition of each type (fieldtypes.py); these names are kept for the modules that read them here
NUMBER, INTEGER = fieldtypes.NUMBER, fieldtypes.INTEGER
boolean_values = fieldtypes.boolean_values
decimals = fieldtypes.decimals
half_unit = fieldtypes.half_unit


def parse_number(text: Any) -> float | None:
    """One cell's number as parse_numbers reads it (None: missing, or not a Table Schema number)."""
    return fieldtypes.to_float(text)


def parse_numbers(series: pd.Series, kind: str = "number") -> pd.Series:
    """The numbers of a text column as float64 (fieldtypes.floats): NaN where the cell is missing
    or is not a Table Schema number (or integer, for kind "integer"/"year") as written."""
    return fieldtypes.floats(series, kind)


def isin(values: pd.Series, allowed: Any) -> pd.Series:
    """values.isin(allowed) for text columns, computed by pyarrow: pandas turns every allowed value
    into a Python object first, which takes seconds for a national package's hundreds of
    thousands. A missing value is never in."""
    return pd.Series(fieldtypes.in_set(values, allowed), index=values.index, name=values.name)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column name (all our columns are strings).

    The same dicts as ``frame.to_dict("records")``, built from one list per column: several
    times faster on the arrow-backed string columns pandas 3 reads (the columns taken by position,
    DataFrame.items, not looked up by name: a third less on small tables).
    """
    cols = [str(c) for c in frame.columns]
    data = [column.tolist() for _, column in frame.items()]
    return [dict(zip(cols, vals, strict=True)) for vals in zip(*data, strict=True)] if cols else [{} for _ in range(len(frame))]
