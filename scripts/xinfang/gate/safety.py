"""Safety: what must never be read, fetched or published.

- every resource path (and schema path) is relative and inside the package: no '..', no
  absolute path, no URL (nothing is ever fetched);
- every file is UTF-8 (an Excel export in GBK/GB18030 gets a message naming the encoding);
- no text cell starts with = + - @ (spreadsheet formula injection);
- no phone number, 18-digit ID number or e-mail address in any text cell;
- no name on the denylist (policy/denylist.sha256 holds SHA-256 hashes of the names, so the
  repository never republishes them).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ..package import Package, unsafe_path_reason
from ..problems import ERROR, Problem

DENYLIST = Path("policy") / "denylist.sha256"

FORMULA_START = ("=", "+", "-", "@")
FORMULA_PATTERN = "[" + re.escape("".join(FORMULA_START)) + "]"
# A run of digits glued to Latin letters or digits on either side is part of a code (a SHA-256
# digest such as 15608274601a9c…), not a phone number; Chinese text around a number is not.
PHONE = re.compile(
    r"(?<![0-9A-Za-z])(?:1[3-9][0-9]{9}"  # mobile
    r"|0[0-9]{2,3}-[0-9]{7,8}"  # landline with area code
    r"|(?:\+86[ -]?)1[3-9][0-9]{9})(?![0-9A-Za-z])"
    r"|(?:电话|联系电话|手机|Tel|TEL|tel)[:：]?\s*[0-9][0-9 -]{6,12}[0-9]"
)
ID18 = re.compile(r"(?<![0-9A-Za-z])[1-8][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def id_checksum_ok(s: str) -> bool:
    total = sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == s[17].upper()


def normalise_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()


def name_hash(name: str) -> str:
    return hashlib.sha256(normalise_name(name).encode("utf-8")).hexdigest()


def load_denylist(root: Path) -> dict[int, set[str]]:
    """Hashes by name length in characters. Lines: '<sha256> <length> <comment…>'."""
    path = root / DENYLIST
    by_len: dict[int, set[str]] = {}
    if not path.is_file():
        return by_len
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        digest, length = line.split()[:2]
        by_len.setdefault(int(length), set()).add(digest)
    return by_len


def denylisted(text: str, by_len: dict[int, set[str]]) -> bool:
    t = normalise_name(text)
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
    import pyarrow as pa
    import pyarrow.compute as pc

    normal = [t.strip() for t in pc.utf8_normalize(pa.array(values, type=pa.large_string()), "NFKC").to_pylist()]
    sep = "\x00"
    codes = np.frombuffer(sep.join(normal).encode("utf-32-le"), dtype=np.uint32)
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
        for key in np.unique(keys[valid]).tolist():
            verdict = verdicts.get((n, key))
            if verdict is None:
                chars = "".join(chr((key >> (21 * (n - 1 - j))) & 0x1FFFFF) for j in range(n))
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
            reason = unsafe_path_reason(value)
            if reason:
                yield Problem("datapackage.json", None, f"resources[{i}].{key}", "safety.path",
                              f"resource '{name}': {key} {value!r} refused: {reason}",
                              "give a relative path to a file inside the package folder, e.g. data/NAME.csv", ERROR, "safety")


def safe_resources(pkg: Package) -> list[str]:
    """Resources whose path and schema path are safe to open."""
    out = []
    for res in pkg.descriptor.get("resources", []):
        if not isinstance(res, dict):
            continue
        if unsafe_path_reason(res.get("path")) is None and (not isinstance(res.get("schema"), str) or unsafe_path_reason(res["schema"]) is None):
            out.append(res["name"])
    return out


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes are valid UTF-8 (pyarrow's validation: several times faster than a decode)."""
    import pyarrow as pa

    try:
        pa.array([data], type=pa.large_binary()).cast(pa.large_string())
        return True
    except pa.ArrowInvalid:
        return False


def check_encoding(root: Path, relpath: str) -> Problem | None:
    path = root / relpath
    if not path.is_file():
        return Problem(relpath, None, None, "safety.missing_file", f"{relpath} does not exist",
                       "add the file or correct the resource's path in datapackage.json", ERROR, "safety")
    data = path.read_bytes()
    if _is_utf8(data):
        return None
    try:
        data.decode("utf-8")
        return None
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
        return Problem(relpath, line, None, "safety.encoding",
                       f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); it reads as {found}",
                       f"convert: iconv -f {'GB18030' if 'GB' in found else 'ENCODING'} -t UTF-8 {relpath} > fixed.csv, "
                       "or in Excel save as 'CSV UTF-8 (Comma delimited)'", ERROR, "safety")


# personal-data patterns need digits, '@' or a phone keyword: a cheap vectorised pre-filter
MAYBE_PERSONAL = r"[0-9]{7}|电话|手机|[Tt][Ee][Ll]|@"


def _personal_data(value: str) -> list[tuple[str, str, str]]:
    """(rule, message, hint) for each kind of personal data in one text."""
    out = []
    for rx, rule, what in ((PHONE, "safety.phone", "a phone number"), (EMAIL, "safety.email", "an e-mail address")):
        if rx.search(value):
            out.append((rule, f"contains {what}", "remove it: no personal data enters the package"))
    if any(id_checksum_ok(m.group(0)) for m in ID18.finditer(value)):
        out.append(("safety.id_number", "contains an 18-digit ID number", "remove it: no personal data enters the package"))
    return out


def check_cells(pkg: Package, names: list[str]) -> Iterator[Problem]:
    """Every text cell. Each distinct text of the whole package is checked once (codes, ids and
    many quotes repeat), then the findings are mapped back to their cells."""
    import pandas as pd

    by_len = load_denylist(pkg.root)
    columns: list[tuple[str, str, pd.Series]] = []  # (resource, column, present values)
    for name in names:
        res = pkg.resources[name]
        try:
            frame = pkg.table(name)
        except Exception:  # unreadable tables are reported by the structure layer
            continue
        for f in res.fields:
            col = f["name"]
            if f.get("type", "string") != "string" or col not in frame.columns:
                continue
            values = frame[col].dropna().astype("str")
            if values.empty:
                continue
            columns.append((name, col, values))
            lines = frame["__line__"]
            for idx in values.index[values.str.match(FORMULA_PATTERN)]:
                yield Problem(res.path, int(lines[idx]), col, "safety.formula",
                              f"text starts with {values[idx][:1]!r}: a spreadsheet would run it as a formula",
                              "rephrase so the cell does not start with = + - @ (numbers belong in number columns)", ERROR, "safety")
    if not columns:
        return
    distinct = pd.Series(pd.unique(pd.concat([v for _, _, v in columns], ignore_index=True)), dtype="str")
    found: dict[str, list[tuple[str, str, str]]] = {}
    for v in distinct[distinct.str.contains(MAYBE_PERSONAL, regex=True)].tolist():
        kinds = _personal_data(v)
        if kinds:
            found[v] = kinds
    if by_len:
        dv = distinct.tolist()
        for i in sorted(denylisted_values(dv, by_len)):
            found.setdefault(dv[i], []).append(("safety.denylist", "contains a name on the denylist (policy/denylist.sha256)",
                                                "remove the name: quote a shorter passage or paraphrase in the note"))
    if not found:
        return
    for name, col, values in columns:
        res = pkg.resources[name]
        lines = pkg.table(name)["__line__"]
        for idx in values.index[values.isin(list(found))]:
            for rule, message, hint in found[values[idx]]:
                yield Problem(res.path, int(lines[idx]), col, rule, message, hint, ERROR, "safety")


def check_files(pkg: Package) -> tuple[list[Problem], list[str]]:
    """Paths and encodings: problems, and the resources the other layers may read."""
    problems = list(check_paths(pkg))
    readable = []
    for name in safe_resources(pkg):
        p = check_encoding(pkg.root, pkg.resources[name].path)
        if p:
            problems.append(p)
        else:
            readable.append(name)
    return problems, readable
