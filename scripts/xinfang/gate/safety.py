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
from typing import Any

import numpy as np

from ..package import Package, Resource
from ..problems import Problem
from ..safe_io import (
    MAX_POLICY_BYTES,
    MAX_TABLE_BYTES,
    UNSAFE_RANGES,
    UNSAFE_RANGES_STRICT,
    PackageError,
    TooLarge,
    char_class,
    excerpt,
    inside,
    read_bytes,
    refusal,
)
from . import personal_data
from .catalogue import emit
from .columns import encoded
from .limits import MAX_CELL_CHARS, check_table_bytes
from .references import check_references, check_required_resources
from .schemas import check_schemas

DENYLIST = Path("policy") / "denylist.sha256"

FORMULA_START = ("=", "+", "-", "@")
# a formula prefix, also after leading white space (a spreadsheet skips tab, CR and LF too)
FORMULA_PATTERN = r"^[\s\x{3000}]*[" + re.escape("".join(FORMULA_START)) + "]"
# characters no text cell holds: C0/C1 controls and DEL, bidi controls, zero-width and other
# invisible format characters; a note may hold tab and line feed (RE2 syntax: run by pyarrow)
UNSAFE_CHARS = char_class(UNSAFE_RANGES, re2=True)  # a note's (tab and line feed allowed)
UNSAFE_CHARS_STRICT = char_class(UNSAFE_RANGES_STRICT, re2=True)
NOTE_FIELDS = {"note"}
_UNSAFE_PY = char_class(UNSAFE_RANGES)  # the same, for re
_UNSAFE_PY_STRICT = char_class(UNSAFE_RANGES_STRICT)

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


# a chunk of denylisted_values holds at most this many characters (memory bounded, whatever the cells' length)
CHUNK_CHARS = 4_000_000


def denylisted_values(values: Any, by_len: dict[int, set[str]], chunk: int = 100_000, normal: Any = None) -> set[int]:
    """Indexes of the values that contain a denylisted name: the same answer as ``denylisted``
    for each value, computed once per distinct character n-gram (vectorised with numpy: a
    national corpus has millions of cells but few distinct n-grams). Values are taken at most
    ``chunk`` (and CHUNK_CHARS characters) at a time so that memory stays bounded; each distinct
    n-gram is hashed once in all. values: a list of texts or a pyarrow array of them (no nulls);
    normal: their NFKC forms when the caller has them (a pyarrow large_string array; as
    personal_data.fold_normal_codes reads them, a text of PLAIN_RANGES only may be given as it is)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    hits: set[int] = set()
    if not len(values) or not by_len:
        return hits
    values = values if isinstance(values, pa.Array) else pa.array(values, type=pa.large_string())
    if normal is None:
        normal = pc.utf8_normalize(values.cast(pa.large_string()), "NFKC")
    judged: dict[int, np.ndarray] = {}  # n -> the n-gram keys hashed so far (sorted)
    bad: dict[int, np.ndarray] = {}  # n -> those that are denylisted (sorted)
    ends = np.cumsum(pc.fill_null(pc.utf8_length(values), 0).to_numpy(zero_copy_only=False).astype(np.int64))
    begin = 0
    while begin < len(values):
        done = int(ends[begin - 1]) if begin else 0
        end = min(begin + chunk, max(begin + 1, int(np.searchsorted(ends, done + CHUNK_CHARS, side="right"))))
        found = _denylisted_chunk(values.slice(begin, end - begin), normal.slice(begin, end - begin), by_len, judged, bad)
        hits.update(begin + i for i in found)
        begin = end
    return hits


# n-grams of at most this many characters are judged at once (3 of 21 bits each are one integer of 63)
NGRAM_MAX = 3
_BITMAP_KEYS = 1 << 24  # n-grams of an alphabet with at most this many are told apart by a bitmap, not by hashing


def _denylisted_chunk(values: Any, normal: Any, by_len: dict[int, set[str]], judged: dict[int, np.ndarray],
                      bad: dict[int, np.ndarray]) -> list[int]:
    """The texts of one chunk that contain a denylisted name. Each n-gram is first a number in the
    chunk's own alphabet (its characters' ids, base the alphabet's size: 32 bits where they fit), then
    each distinct one its code points (21 bits each), the key judged and bad keep across chunks."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ids, lengths, alphabet = personal_data.fold_normal_ids(normal)
    size = max(len(alphabet), 1)
    ends = np.cumsum(lengths)  # where each folded text ends among the ids
    hits: set[int] = set()
    keys = ids
    for n in range(1, min(NGRAM_MAX, max(by_len)) + 1):
        m = len(ids) - n + 1
        if m <= 0:
            break
        kind = np.uint32 if size ** n < 1 << 32 else np.uint64
        if n > 1:  # each (n-1)-gram followed by the next character (the ids themselves are kept)
            keys = keys[:m].astype(kind, copy=n == 2)
            keys *= kind(size)
            keys += ids[n - 1:]
        if n not in by_len:
            continue
        valid = np.ones(m, dtype=bool)  # the n-gram lies within one text: it starts n - 1 or fewer before no text's end
        for j in range(1, n):
            across = ends - j
            valid[across[(across >= 0) & (across < m)]] = False
        if size ** n <= _BITMAP_KEYS:
            present = np.zeros(size ** n, dtype=bool)
            present[keys[valid]] = True
            distinct = np.flatnonzero(present)
        else:  # each distinct n-gram (hashed, not sorted: a national package has tens of millions)
            distinct = pc.unique(pa.array(keys[valid])).to_numpy()
        grams = _code_points(distinct, n, size, alphabet)
        seen = judged.get(n, np.zeros(0, dtype=np.uint64))
        if len(seen):  # those not judged before
            at = np.minimum(np.searchsorted(seen, grams), len(seen) - 1)
            grams = grams[seen[at] != grams]
        new = np.sort(grams)
        if len(new):
            mask = np.uint64((1 << 21) - 1)
            points = np.stack([(new >> np.uint64(21 * (n - 1 - j))) & mask for j in range(n)], axis=1).astype(np.uint32)
            chars = points.tobytes().decode("utf-32-le")  # the n-grams themselves, one after another
            hashes = by_len[n]
            found = [key for key, at_ in zip(new.tolist(), range(0, len(chars), n), strict=True)
                     if hashlib.sha256(chars[at_:at_ + n].encode("utf-8")).hexdigest() in hashes]
            judged[n] = np.insert(seen, np.searchsorted(seen, new), new)
            if found:
                bad[n] = np.union1d(bad.get(n, np.zeros(0, dtype=np.uint64)), np.array(found, dtype=np.uint64))
        if n in bad:
            here = _in_alphabet(bad[n], n, size, alphabet)
            if len(here):
                positions = np.flatnonzero(valid & np.isin(keys, here))
                hits.update(np.searchsorted(ends, positions, side="right").tolist())
    longer = {n: hashes for n, hashes in by_len.items() if n > NGRAM_MAX}
    if longer:  # longer names the slow way
        hits.update(i for i, t in enumerate(values.to_pylist()) if denylisted(t, longer))
    return sorted(hits)


def _code_points(keys: np.ndarray, n: int, size: int, alphabet: np.ndarray) -> np.ndarray:
    """n-grams numbered in an alphabet (base its size) as their code points, 21 bits each."""
    rest = keys.astype(np.uint64)
    out = np.zeros(len(keys), dtype=np.uint64)
    for j in range(n):  # the last character first
        out |= alphabet[rest % np.uint64(size)].astype(np.uint64) << np.uint64(21 * j)
        rest //= np.uint64(size)
    return out


def _in_alphabet(grams: np.ndarray, n: int, size: int, alphabet: np.ndarray) -> np.ndarray:
    """The n-grams (code points, 21 bits each) whose characters are all in the alphabet, numbered in it."""
    out = np.zeros(len(grams), dtype=np.uint64)
    ok = np.ones(len(grams), dtype=bool)
    for j in range(n):  # the first character first
        point = (grams >> np.uint64(21 * (n - 1 - j))) & np.uint64((1 << 21) - 1)
        at = np.minimum(np.searchsorted(alphabet, point), max(len(alphabet) - 1, 0))
        ok &= (alphabet[at] == point) if len(alphabet) else False
        out = out * np.uint64(size) + at.astype(np.uint64)
    return out[ok]


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
    """Whether the bytes are valid UTF-8 (pyarrow's validation of one value over the bytes as they are,
    not copied: several times faster than a decode)."""
    import pyarrow as pa

    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
    try:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)]).cast(pa.large_string())
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


def _matches(arr: Any, pattern: str) -> np.ndarray:
    """Which texts of a pyarrow array match an RE2 pattern (a missing one does not)."""
    import pyarrow.compute as pc

    return np.asarray(pc.fill_null(pc.match_substring_regex(arr, pattern), False).to_numpy(zero_copy_only=False), dtype=bool)


def _matches_where(arr: Any, pattern: str, where: np.ndarray) -> np.ndarray:
    """_matches of the texts where says (a boolean mask), False elsewhere: the pattern runs on those only."""
    import pyarrow as pa

    out = np.zeros(len(arr), dtype=bool)
    at = np.flatnonzero(where)
    if 2 * len(at) > len(arr):  # most of them: a pass over all costs less than a copy of those
        return _matches(arr, pattern) & where
    if len(at):
        out[at] = _matches(arr.take(pa.array(at)), pattern)
    return out


def _cell_hits(values: Any, notes: np.ndarray, plain_only: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For text values (a pyarrow array or a Series; of several columns: notes says which are
    notes'): which start with a formula prefix, which hold an unsafe character, which are longer
    than MAX_CELL_CHARS. One pass of each pattern over all of them (pyarrow, RE2); plain_only, when
    known, says which texts are made of personal_data.PLAIN_RANGES only (none of them is unsafe)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values.astype("str"), from_pandas=True)
    formula = _matches(arr, FORMULA_PATTERN)
    # a note may hold a tab or line break: the note pattern is the strict one without them
    unsafe = _matches(arr, UNSAFE_CHARS_STRICT) if plain_only is None else _matches_where(arr, UNSAFE_CHARS_STRICT, ~plain_only)
    recheck = np.flatnonzero(unsafe & notes)
    if len(recheck):
        unsafe[recheck] = _matches(arr.take(pa.array(recheck)), UNSAFE_CHARS)
    long = np.asarray(pc.fill_null(pc.utf8_length(arr), 0).to_numpy(zero_copy_only=False) > MAX_CELL_CHARS, dtype=bool)
    return formula, unsafe, long


@dataclass
class _TextColumn:
    """One text column: its cells (a pyarrow array, missing ones null), its distinct present texts,
    and for each of those its number among the package's distinct texts."""

    table: str
    column: str
    cells: Any
    texts: Any
    distinct: np.ndarray

    def where(self, among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The cells that hold one of its texts numbered among (positions in texts): their rows
        (positions in the table, in order) and for each the position in among of its text."""
        import pyarrow as pa
        import pyarrow.compute as pc

        at = pc.index_in(self.cells, value_set=self.texts.take(pa.array(among)))
        which = np.asarray(pc.fill_null(at, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
        rows = np.flatnonzero(which >= 0)
        return rows, which[rows]


def _text_columns(pkg: Package, names: list[str]) -> tuple[list[_TextColumn], Any]:
    """Every text column with a present cell, and the package's distinct texts (a pyarrow array):
    each column's distinct texts (pyarrow's hash of each cell, once), then theirs merged."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns: list[_TextColumn] = []
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
            cells = pa.array(frame[col], from_pandas=True)  # an arrow-backed column as it is (no copy)
            if cells.type != pa.large_string():
                cells = cells.cast(pa.large_string())
            texts = encoded(frame[col]).dictionary  # its distinct texts as they first occur (the encoding provenance reads too)
            if texts.type != pa.large_string():
                texts = texts.cast(pa.large_string())
            if len(texts):
                columns.append(_TextColumn(name, col, cells, texts, np.array([], dtype=np.int32)))
    if not columns:
        return columns, pa.array([], type=pa.large_string())
    merged = pc.dictionary_encode(pa.concat_arrays([c.texts for c in columns]))
    where = merged.indices.to_numpy(zero_copy_only=False)
    at = 0
    for c in columns:
        c.distinct = where[at:at + len(c.texts)]
        at += len(c.texts)
    return columns, merged.dictionary


def _cell_problems(res: Resource, col: str, texts: list[str], lines: list[int],
                   hits: tuple[np.ndarray, np.ndarray, np.ndarray]) -> Iterator[Problem]:
    """Formula prefixes, unsafe characters and over-long cells of one text column: texts and lines
    are its flagged cells' (in row order), hits say which cell has which problem."""
    formula, unsafe, long = hits
    for i in np.flatnonzero(formula).tolist():
        first = texts[i].lstrip()[:1]
        yield emit("safety.formula", res.path, lines[i], col, f"text starts with {excerpt(first)!r}: a spreadsheet would run it as a formula")
    for i in np.flatnonzero(unsafe).tolist():
        found = re.search(_UNSAFE_PY if col in NOTE_FIELDS else _UNSAFE_PY_STRICT, texts[i])
        what = f"U+{ord(found.group(0)):04X}" if found else "a control character"
        yield emit("safety.control_char", res.path, lines[i], col,
                   f"the text holds {what}, a control, bidi or invisible character: {excerpt(texts[i], 40)}")
    for i in np.flatnonzero(long).tolist():
        yield emit("safety.cell_too_long", res.path, lines[i], col, f"the cell has {len(texts[i]):,} characters, above the limit of {MAX_CELL_CHARS:,}")


def _lines(pkg: Package, table: str, rows: np.ndarray) -> list[int]:
    return [int(line) for line in pkg.table(table)["__line__"].to_numpy()[rows].tolist()]


def check_cells(pkg: Package, names: list[str]) -> Iterator[Problem]:
    """Every text cell. Each distinct text of the whole package is checked once (codes, ids and
    many quotes repeat), then the findings are mapped back to their cells."""
    import pyarrow as pa
    import pyarrow.compute as pc

    by_len, denylist_problems = _read_denylist(pkg.root)
    yield from denylist_problems
    columns, distinct = _text_columns(pkg, names)
    if not columns:
        return
    plain_only = _matches(distinct, personal_data.PLAIN_ONLY)
    formula, strict, long = _cell_hits(distinct, np.zeros(len(distinct), dtype=bool), plain_only)
    for c in columns:
        hits = (formula[c.distinct], strict[c.distinct], long[c.distinct])
        if not any(h.any() for h in hits):
            continue
        if c.column in NOTE_FIELDS and hits[1].any():  # a note may hold a tab or line break: its flagged texts again, with the note pattern
            hits[1][hits[1]] = _matches(distinct.take(pa.array(c.distinct[hits[1]])), UNSAFE_CHARS)
        flagged = np.flatnonzero(hits[0] | hits[1] | hits[2])
        if not len(flagged):
            continue
        rows, which = c.where(flagged)
        texts = c.texts.take(pa.array(flagged)).to_pylist()
        at = flagged[which]
        yield from _cell_problems(pkg.resources[c.table], c.column, [texts[w] for w in which.tolist()], _lines(pkg, c.table, rows),
                                  (hits[0][at], hits[1][at], hits[2][at]))
    # which texts may hold personal data: a text of personal_data.PLAIN_RANGES only is its own plain form,
    # and without what a finding needs it has none (see there); any other matches the pre-filter, raw or plain
    maybe = np.zeros(len(distinct), dtype=bool)
    maybe[plain_only] = _matches_where(distinct, personal_data.NEEDED, plain_only)[plain_only]
    others = np.flatnonzero(~plain_only)
    rest = distinct.take(pa.array(others))
    normal = pc.utf8_normalize(rest, form="NFKC")  # NFKC of the others (a plain text's is itself, character by character)
    if len(others):
        maybe[others] = _matches(rest, MAYBE_PERSONAL) | _matches(personal_data.plain_normal(normal), MAYBE_PERSONAL)
    found: dict[int, list[tuple[str, str]]] = {}
    candidates = np.flatnonzero(maybe)
    for i, v in zip(candidates.tolist(), distinct.take(pa.array(candidates)).to_pylist(), strict=True):
        kinds = _personal_data(v[:MAX_CELL_CHARS])
        if kinds:
            found[i] = kinds
    if by_len:
        folded = pc.replace_with_mask(distinct, pa.array(~plain_only), normal) if len(others) else distinct  # as fold_normal_codes reads them
        for i in sorted(denylisted_values(distinct, by_len, normal=folded)):
            found.setdefault(i, []).append(("safety.denylist", "contains a name on the denylist (policy/denylist.sha256)"))
    if not found:
        return
    bad = np.zeros(len(distinct), dtype=bool)
    bad[list(found)] = True
    for c in columns:
        flagged = np.flatnonzero(bad[c.distinct])
        if not len(flagged):
            continue
        res = pkg.resources[c.table]
        rows, which = c.where(flagged)
        for line, d in zip(_lines(pkg, c.table, rows), c.distinct[flagged[which]].tolist(), strict=True):
            for rule, message in found[d]:
                yield emit(rule, res.path, line, c.column, message)


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
