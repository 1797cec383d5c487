"""Safety: what must never be read, fetched or published.

- every resource path (and schema path) is relative and inside the package after following
  symbolic links: no '..', no absolute path, no URL (see safe_io); nothing a descriptor or schema
  names elsewhere is followed or fetched (see references);
- every file is UTF-8 (an Excel export in GBK/GB18030 gets a message naming the encoding), at
  most safe_io.MAX_TABLE_BYTES, not empty, with bounded lines and header width (see limits);
- no text cell starts with = + - @ , even after white space (spreadsheet formula injection);
- no control, bidi or invisible character in a text cell (a note may hold tabs and line breaks);
  no cell longer than limits.MAX_CELL_CHARS;
- no phone number, ID number or e-mail address in any text cell, however written (see personal_data);
- no name on the denylist (policy/denylist.sha256 holds SHA-256 hashes of the names, folded as
  personal_data.fold says, so the repository never republishes them).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..package import Package, Resource
from ..problems import Problem
from ..safe_io import MAX_POLICY_BYTES, MAX_TABLE_BYTES, PackageError, TooLarge, excerpt, inside, read_bytes, refusal
from . import personal_data
from .catalogue import emit
from .limits import MAX_CELL_CHARS, check_table_bytes
from .references import check_references, check_required_resources
from .schemas import check_schemas

DENYLIST = Path("policy") / "denylist.sha256"

FORMULA_START = ("=", "+", "-", "@")
# a formula prefix, also after leading white space (a spreadsheet skips tab, CR and LF too)
FORMULA_PATTERN = r"^[\s\x{3000}]*[" + re.escape("".join(FORMULA_START)) + "]"
# characters no text cell holds: C0/C1 controls and DEL, bidi controls, zero-width and other
# invisible format characters; a note may hold tab and line feed (RE2 syntax: run by pyarrow)
UNSAFE_CHARS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\x{061c}\x{200b}-\x{200f}\x{202a}-\x{202e}\x{2060}-\x{2069}\x{feff}\x{fff9}-\x{fffb}]"
UNSAFE_CHARS_STRICT = r"[\x00-\x1f\x7f-\x9f\x{061c}\x{200b}-\x{200f}\x{202a}-\x{202e}\x{2060}-\x{2069}\x{feff}\x{fff9}-\x{fffb}]"
NOTE_FIELDS = {"note"}
_UNSAFE_PY = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"  # the same, for re
_UNSAFE_PY_STRICT = "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"

# the patterns, as they were named before personal_data held them (for tools that search a text)
PHONE = re.compile("|".join(f"(?:{rx.pattern})" for rx in (personal_data.MOBILE, personal_data.LANDLINE, personal_data.PHONE_WORD)))
ID18 = re.compile(r"(?<![0-9A-Za-z])" + personal_data.ID18.pattern + r"(?![0-9A-Za-z])")
EMAIL = personal_data.EMAIL
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def id_checksum_ok(s: str) -> bool:
    total = sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == s[17].upper()


def normalise_name(name: str) -> str:
    """A name as its hash is taken (see personal_data.fold)."""
    return personal_data.fold(name)


def name_hash(name: str) -> str:
    return hashlib.sha256(normalise_name(name).encode("utf-8")).hexdigest()


def load_denylist(root: Path) -> dict[int, set[str]]:
    """Hashes by name length in characters. Lines: '<sha256> <length> <comment…>' (a malformed
    line is left out here and reported by check_denylist_file)."""
    return _read_denylist(root)[0]


def check_denylist_file(root: Path) -> list[Problem]:
    return _read_denylist(root)[1]


def _read_denylist(root: Path) -> tuple[dict[int, set[str]], list[Problem]]:
    by_len: dict[int, set[str]] = {}
    problems: list[Problem] = []
    rel = DENYLIST.as_posix()
    if not (root / DENYLIST).exists() and not (root / DENYLIST).is_symlink():
        return by_len, problems
    try:
        text = read_bytes(inside(root, rel), MAX_POLICY_BYTES, rel).decode("utf-8")
    except (PackageError, UnicodeDecodeError) as exc:
        return by_len, [emit("safety.denylist_file", rel, None, None, f"the denylist cannot be read: {excerpt(str(exc), 160)}")]
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) < 2 or not re.fullmatch(r"[0-9a-f]{64}", parts[0]) or not re.fullmatch(r"[1-9][0-9]{0,2}", parts[1]):
            problems.append(emit("safety.denylist_file", rel, n, None, f"line {n} is not '<sha256> <length>': {excerpt(raw, 40)}"))
            continue
        by_len.setdefault(int(parts[1]), set()).add(parts[0])
    return by_len, problems


def denylisted(text: str, by_len: dict[int, set[str]]) -> bool:
    t = personal_data.fold(text)
    for n, hashes in by_len.items():
        for i in range(0, len(t) - n + 1):
            if hashlib.sha256(t[i:i + n].encode("utf-8")).hexdigest() in hashes:
                return True
    return False


def denylisted_values(values: list[str], by_len: dict[int, set[str]], chunk: int = 100_000) -> set[int]:
    """Indexes of the values that contain a denylisted name: the same answer as ``denylisted``
    for each value, computed once per distinct character n-gram (vectorised with numpy: a
    national corpus has millions of cells but few distinct n-grams). Values are taken ``chunk``
    at a time so that memory stays bounded; each distinct n-gram is hashed once in all."""
    hits: set[int] = set()
    if not values or not by_len:
        return hits
    verdicts: dict[tuple[int, int], bool] = {}  # (n, n-gram key) -> denylisted
    for begin in range(0, len(values), chunk):
        part = values[begin:begin + chunk]
        hits.update(begin + i for i in _denylisted_chunk(part, by_len, verdicts))
    return hits


def _denylisted_chunk(values: list[str], by_len: dict[int, set[str]], verdicts: dict[tuple[int, int], bool]) -> set[int]:
    import numpy as np

    normal = personal_data.fold_all(values)
    sep = "\x00"
    joined = sep.join(normal)  # one code point per character: a position in codes is one in joined
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    starts = np.cumsum([0] + [len(t) + 1 for t in normal[:-1]])
    hits: set[int] = set()
    for n, hashes in by_len.items():
        if n > 3 or n < 1:  # n-grams of up to 3 characters fit in 63 bits; longer names the slow way
            hits.update(i for i, t in enumerate(normal) if denylisted(t, {n: hashes}))
            continue
        if len(codes) < n:
            continue
        m = len(codes) - n + 1
        keys = np.zeros(m, dtype=np.uint64)
        valid = np.ones(m, dtype=bool)
        for j in range(n):
            gram = codes[j:j + m]
            keys = (keys << np.uint64(21)) | gram.astype(np.uint64)
            valid &= gram != 0
        bad = []
        # each distinct n-gram (hashed, not sorted: a national package has tens of millions) and one place it occurs
        where = np.flatnonzero(valid)
        which, distinct = pd.factorize(keys[where])
        at = np.empty(len(distinct), dtype=np.int64)
        at[which] = where
        for key, i in zip(distinct.tolist(), at.tolist(), strict=True):
            verdict = verdicts.get((n, key))
            if verdict is None:
                chars = joined[i:i + n]  # the n-gram itself
                verdict = verdicts[(n, key)] = hashlib.sha256(chars.encode("utf-8")).hexdigest() in hashes
            if verdict:
                bad.append(key)
        if bad:
            positions = np.nonzero(valid & np.isin(keys, np.array(bad, dtype=np.uint64)))[0]
            hits.update(int(i) for i in np.searchsorted(starts, positions, side="right") - 1)
    return hits


def check_paths(pkg: Package) -> Iterator[Problem]:
    for i, res in enumerate(pkg.descriptor.get("resources", [])):
        name = res.get("name", f"resources[{i}]") if isinstance(res, dict) else f"resources[{i}]"
        for key in ("path", "schema"):
            value = res.get(key) if isinstance(res, dict) else None
            if key == "schema" and not isinstance(value, str):
                continue
            reason = refusal(pkg.root, value)
            if reason:
                yield emit("safety.path", "datapackage.json", None, f"resources[{i}].{key}",
                           f"resource {excerpt(str(name), 60)!r}: {key} {excerpt(repr(value), 80)} refused: {reason}")


def safe_resources(pkg: Package) -> list[str]:
    """Resources whose path and schema path are safe to open (inside the package after following
    links) and whose schema could be read."""
    out = []
    for name, res in pkg.resources.items():
        if name in pkg.unreadable or refusal(pkg.root, res.path) is not None:
            continue
        if res.schema_path is not None and refusal(pkg.root, res.schema_path) is not None:
            continue
        out.append(name)
    return out


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes are valid UTF-8 (pyarrow's validation: several times faster than a decode)."""
    import pyarrow as pa

    try:
        pa.array([data], type=pa.large_binary()).cast(pa.large_string())
        return True
    except pa.ArrowInvalid:
        return False


def check_encoding(root: Path, relpath: str, fields: int | None = None) -> Problem | None:
    """The file's first problem: missing, too large, not UTF-8, or (given its schema's number of
    fields) a file-level limit of limits.check_table_bytes."""
    path = root / relpath
    if not path.is_file():
        return emit("safety.missing_file", relpath, None, None, f"{excerpt(relpath, 80)} does not exist")
    try:
        data = read_bytes(inside(root, relpath), MAX_TABLE_BYTES, relpath)
    except TooLarge as exc:
        return emit("safety.file_too_large", relpath, None, None, str(exc))
    except PackageError as exc:
        return emit("safety.missing_file", relpath, None, None, str(exc), variant="unreadable")
    if _is_utf8(data):
        return check_table_bytes(relpath, data, fields) if fields is not None else None
    try:
        data.decode("utf-8")
        return check_table_bytes(relpath, data, fields) if fields is not None else None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        found = "an unknown encoding"
        for enc in ("gb18030", "big5", "utf-16"):
            try:
                data.decode(enc)
                found = {"gb18030": "GB18030/GBK (Excel's default for Chinese text)", "big5": "Big5", "utf-16": "UTF-16"}[enc]
                break
            except UnicodeDecodeError:
                continue
        return emit("safety.encoding", relpath, line, None, f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); it reads as {found}",
                    encoding="GB18030" if "GB" in found else "ENCODING", path=relpath)


MAYBE_PERSONAL = personal_data.MAYBE_PERSONAL


def _personal_data(value: str) -> list[tuple[str, str]]:
    """(rule, message) for each kind of personal data in one text."""
    return [(rule, f"contains {what}") for rule, what in personal_data.findings(value)]


def _matching(values: pd.Series, pattern: str) -> pd.Index:
    """The index of the text values that match an RE2 pattern (pyarrow: linear time)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    hit = pc.match_substring_regex(pa.array(values.astype("str"), from_pandas=True), pattern).to_numpy(zero_copy_only=False)
    return values.index[hit.astype(bool)]


def _cell_hits(values: pd.Series, notes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For text values (of several columns: notes says which are notes'): which start with a formula
    prefix, which hold an unsafe character, which are longer than MAX_CELL_CHARS. One pass of each
    pattern over all of them (pyarrow, RE2)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values.astype("str"), from_pandas=True)

    def hits(a: pa.Array, pattern: str) -> np.ndarray:
        return np.asarray(pc.match_substring_regex(a, pattern).to_numpy(zero_copy_only=False), dtype=bool)

    formula = hits(arr, FORMULA_PATTERN)
    unsafe = hits(arr, UNSAFE_CHARS_STRICT)  # a note may hold a tab or line break: the note pattern is the strict one without them
    recheck = np.flatnonzero(unsafe & notes)
    if len(recheck):
        unsafe[recheck] = hits(arr.take(pa.array(recheck)), UNSAFE_CHARS)
    long = pc.utf8_length(arr).to_numpy(zero_copy_only=False) > MAX_CELL_CHARS
    return formula, unsafe, long


def _cell_problems(res: Resource, col: str, values: pd.Series, lines: pd.Series,
                   hits: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> Iterator[Problem]:
    """Formula prefixes, unsafe characters and over-long cells of one text column (hits: its
    _cell_hits, when the caller has them)."""
    formula, unsafe, long = hits if hits is not None else _cell_hits(values, np.full(len(values), col in NOTE_FIELDS))
    for idx in values.index[formula]:
        first = values[idx].lstrip()[:1]
        yield emit("safety.formula", res.path, int(lines[idx]), col, f"text starts with {excerpt(first)!r}: a spreadsheet would run it as a formula")
    for idx in values.index[unsafe]:
        found = re.search(_UNSAFE_PY if col in NOTE_FIELDS else _UNSAFE_PY_STRICT, values[idx])
        what = f"U+{ord(found.group(0)):04X}" if found else "a control character"
        yield emit("safety.control_char", res.path, int(lines[idx]), col,
                   f"the text holds {what}, a control, bidi or invisible character: {excerpt(values[idx], 40)}")
    for idx in values.index[long]:
        yield emit("safety.cell_too_long", res.path, int(lines[idx]), col, f"the cell has {len(values[idx]):,} characters, above the limit of {MAX_CELL_CHARS:,}")


def check_cells(pkg: Package, names: list[str]) -> Iterator[Problem]:
    """Every text cell. Each distinct text of the whole package is checked once (codes, ids and
    many quotes repeat), then the findings are mapped back to their cells."""
    import pandas as pd

    by_len, denylist_problems = _read_denylist(pkg.root)
    yield from denylist_problems
    columns: list[tuple[str, str, pd.Series]] = []  # (resource, column, present values)
    for name in names:
        res = pkg.resources[name]
        try:
            frame = pkg.table(name)
        except Exception:  # noqa: BLE001 - unreadable tables are reported by the structure layer
            continue
        for f in res.fields:
            col = f["name"]
            if f.get("type", "string") != "string" or col not in frame.columns:
                continue
            values = frame[col].dropna().astype("str")
            if values.empty:
                continue
            columns.append((name, col, values))
    if not columns:
        return
    every = pd.concat([v for _, _, v in columns], ignore_index=True)
    sizes = [len(v) for _, _, v in columns]
    formula, unsafe, long = _cell_hits(every, np.repeat([col in NOTE_FIELDS for _, col, _ in columns], sizes))
    at = 0
    for (name, col, values), n in zip(columns, sizes, strict=True):
        hits = (formula[at:at + n], unsafe[at:at + n], long[at:at + n])
        at += n
        if any(h.any() for h in hits):
            yield from _cell_problems(pkg.resources[name], col, values, pkg.table(name)["__line__"], hits)
    distinct = pd.Series(pd.unique(every), dtype="str")
    found: dict[str, list[tuple[str, str]]] = {}
    for v in distinct[_matching(distinct, MAYBE_PERSONAL)].tolist():
        kinds = _personal_data(v[:MAX_CELL_CHARS])
        if kinds:
            found[v] = kinds
    if by_len:
        dv = distinct.tolist()
        for i in sorted(denylisted_values(dv, by_len)):
            found.setdefault(dv[i], []).append(("safety.denylist", "contains a name on the denylist (policy/denylist.sha256)"))
    if not found:
        return
    for name, col, values in columns:
        res = pkg.resources[name]
        lines = pkg.table(name)["__line__"]
        for idx in values.index[values.isin(list(found))]:
            for rule, message in found[values[idx]]:
                yield emit(rule, res.path, int(lines[idx]), col, message)


# tables up to this size are read by check_files (the layers share the read): one that is not CSV at
# all is reported here and not handed on; larger ones are read by the layers, in parallel with the
# workers' start-up (a national package's fact tables), and such a file is a crash of the layers
EAGER_READ_BYTES = 5_000_000


def _file_problem(pkg: Package, name: str) -> Problem | None:
    """The resource's file problem (check_encoding), reading a small table once (the layers share
    the read): a file that is not CSV at all is not handed on."""
    res = pkg.resources[name]
    p = check_encoding(pkg.root, res.path, len(res.fields))
    if p is None and (pkg.root / res.path).stat().st_size <= EAGER_READ_BYTES:
        try:
            pkg.table(name)
        except PackageError as exc:
            p = emit("structure.source", res.path, None, None, str(exc))
    return p


@dataclass
class FileChecks:
    """What check_files finds before the Table Schemas' verdicts: the problems of paths, references
    and required resources, the resources safe to open, and each one's file problem (or None)."""

    problems: list[Problem]
    safe: list[str]
    file_problems: dict[str, Problem | None]

    def readable_if_schemas_valid(self) -> list[str]:
        """The resources check_files hands on when every schema is valid (the usual case)."""
        return [name for name in self.safe if self.file_problems[name] is None]


def check_files(pkg: Package) -> tuple[list[Problem], list[str]]:
    """Paths, references, file limits and encodings: problems, and the resources the other layers may read."""
    return check_schemas_of(pkg, check_files_first(pkg))


def check_files_first(pkg: Package) -> FileChecks:
    """check_files up to the schemas' verdicts: paths, references, required resources, and the files
    (read while frictionless judges the schemas, see gate/profiles.py)."""
    from .rules import CROSS_TABLE_NEEDS  # the tables every package of this project has

    problems = list(check_paths(pkg)) + list(pkg.problems) + list(check_references(pkg)) + list(check_required_resources(pkg, CROSS_TABLE_NEEDS))
    safe = safe_resources(pkg)
    return FileChecks(problems, safe, {name: _file_problem(pkg, name) for name in safe})


def check_schemas_of(pkg: Package, first: FileChecks) -> tuple[list[Problem], list[str]]:
    """The rest of check_files: the schemas; a resource is handed on when its schema and its file
    are fine (a file problem is reported for a valid schema only)."""
    schema_problems, usable = check_schemas(pkg, first.safe)
    problems = first.problems + schema_problems
    readable = []
    for name in usable:
        p = first.file_problems[name]
        if p:
            problems.append(p)
        else:
            readable.append(name)
    return problems, readable
