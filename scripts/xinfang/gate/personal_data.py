"""Personal data as people write it, and names folded so that a denylisted one cannot hide.

A number is looked for in the text's *plain* form: NFKC (full-width digits, ＋, ＠ and spaces
become ASCII), invisible format characters removed (zero-width space, soft hyphen, bidi marks),
every decimal digit of any script as its ASCII digit. Patterns allow the separators people put
inside numbers (spaces, dashes, an area code in brackets, a +86 or 0086 prefix); every
quantifier is bounded, so each search is linear in the text.

- mobile: 1[3-9]X XXXX XXXX, with or without +86;
- landline: an area code 0XX or 0XXX (in brackets or not) and a 7- or 8-digit number;
- ID number: 18 digits (the last may be X) or the older 15, with a plausible birth date; a wrong
  check digit is still a person's number;
- e-mail address.

Names are folded (``fold``) before hashing: NFKC, white space and format characters removed,
traditional characters as simplified (OpenCC's character table, from opencc-purepy).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..safe_io import char_class

_SEP = r"[ \-\u2010-\u2015\u2212]{0,2}"  # no dot: "141.86 44.70 97.16" is a row of amounts
_ISEP = r"[ \-]{0,2}"
_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"

# 1XX XXXX XXXX as people group it (138 1234 5678, 138-1234-5678, 13812345678): groups of four,
# so that a row of small numbers with spaces between them is not a phone number
MOBILE = re.compile(_NOT_ALNUM_BEFORE + r"(?:(?:\+|00)?86" + _SEP + r")?1[3-9][0-9]" + _SEP + r"[0-9]{4}" + _SEP + r"[0-9]{4}" + _NOT_ALNUM_AFTER)
LANDLINE = re.compile(_NOT_ALNUM_BEFORE + r"(?:\(0[1-9][0-9]{1,2}\)|0[1-9][0-9]{1,2})" + _SEP + r"[2-9][0-9]{2,3}" + _SEP + r"[0-9]{4}" + _NOT_ALNUM_AFTER)
PHONE_WORD = re.compile(r"(?:电话|联系电话|手机|Tel|TEL|tel)[:：]?\s{0,3}[0-9][0-9 \-]{6,12}[0-9]")
ID_LIKE = re.compile(_NOT_ALNUM_BEFORE + r"[1-8](?:" + _ISEP + r"[0-9]){13,16}(?:" + _ISEP + r"[0-9Xx])?" + _NOT_ALNUM_AFTER)
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
ID18 = re.compile(r"[1-8][0-9]{5}(?:18|19|20)[0-9]{2}" + _DATE + r"[0-9]{3}[0-9Xx]")
ID15 = re.compile(r"[1-8][0-9]{5}[0-9]{2}" + _DATE + r"[0-9]{3}")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}")

# a cheap vectorised pre-filter (RE2, run by pyarrow on every distinct text): what the patterns
# above need: seven digits with at most a few separators between them, an at sign of any width, or a
# phone keyword. It is matched on the text as plain() reads it, NFKC with the format characters
# removed (``plain_arrow``: ①, ¹, ⒈ and full-width digits are digits there, ℡ is TEL, any number of
# soft hyphens between digits are gone), and on the raw text (numbers of any script, for a
# character two Unicode versions normalise apart): a text that matches neither cannot hold a finding.
MAYBE_PERSONAL = (r"\p{N}(?:[ \-.()\x{2010}-\x{2015}\x{2212}\x{3000}\x{ff08}\x{ff09}\x{ff0d}\x{ff0e}\p{Cf}]{0,4}\p{N}){6}"
                  r"|[@\x{ff20}\x{fe6b}]|电话|手机|[Tt][Ee][Ll]")

# A faster path with the same answers: characters that plain() leaves as they are, or turns into the one
# ASCII character that is no digit, letter or at sign (fullwidth punctuation; the ideographic space becomes a
# space, ）a bracket, －a dash). A text made only of them is, character for character, its own plain form, so
# it can hold a finding only where it holds what the patterns above need, read in such a text (a separator is
# a space or dash of either width): a mobile's 1[3-9]X and eight more digits, a landline's 0[1-9]X and seven
# more (a closing bracket and separators between), an ID number's first fourteen digits, an at sign, or a
# phone keyword. findings() stays the definition; check_cells leaves out the texts of these characters that
# lack all of that (tests/test_gate_safety.py checks every character and the shortcut).
PLAIN_RANGES = ((0x20, 0x7E), (0x2018, 0x2019), (0x201C, 0x201D), (0x3000, 0x3003), (0x3008, 0x3011), (0x4E00, 0x9FFF),
                (0xFF01, 0xFF0F), (0xFF1A, 0xFF1F))
PLAIN_ONLY = "^[" + "".join(f"\\x{{{lo:x}}}-\\x{{{hi:x}}}" for lo, hi in PLAIN_RANGES) + "]*$"
_PLAIN_SEP = r"[ \-\x{3000}\x{ff0d}]{0,2}"
NEEDED = (r"1[3-9][0-9](?:" + _PLAIN_SEP + r"[0-9]){8}"
          r"|0[1-9][0-9](?:[)\x{ff09}]?" + _PLAIN_SEP + r"[0-9]){7}"
          r"|[1-8](?:" + _PLAIN_SEP + r"[0-9]){13}"
          r"|@|电话|手机|Tel|TEL|tel")

_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script (Arabic-Indic, Devanagari …)
# the invisible format characters plain() removes (soft hyphen, zero-width and bidi marks …), once
FORMAT_RANGES = ((0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064),
                 (0x2066, 0x206F), (0xFEFF, 0xFEFF))
_FORMAT_CHARS = re.compile(char_class(FORMAT_RANGES))
FORMAT_CHARS_RE2 = char_class(FORMAT_RANGES, re2=True)


def plain(text: str) -> str:
    """The text as its numbers are searched: NFKC, format characters removed, digits ASCII."""
    t = _FORMAT_CHARS.sub("", unicodedata.normalize("NFKC", text))
    if not t.isascii():
        t = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(0))), t)
    return t


def plain_arrow(texts: Any) -> Any:
    """plain() of a pyarrow array of texts as far as RE2 needs it: NFKC, format characters removed
    (digits of other scripts stay digits, \\p{N})."""
    import pyarrow.compute as pc

    return plain_normal(pc.utf8_normalize(texts, form="NFKC"))


def plain_normal(normal: Any) -> Any:
    """plain_arrow of texts already NFKC."""
    import pyarrow.compute as pc

    return pc.replace_substring_regex(normal, FORMAT_CHARS_RE2, "")


def findings(text: str) -> list[tuple[str, str]]:
    """(rule, what) for each kind of personal data in one text."""
    t = plain(text)
    out = []
    if MOBILE.search(t) or LANDLINE.search(t) or PHONE_WORD.search(t):
        out.append(("safety.phone", "a phone number"))
    if EMAIL.search(t):
        out.append(("safety.email", "an e-mail address"))
    for m in ID_LIKE.finditer(t):
        digits = re.sub(r"[ \-]", "", m.group(0))
        if (len(digits) == 18 and ID18.fullmatch(digits)) or (len(digits) == 15 and ID15.fullmatch(digits)):
            out.append(("safety.id_number", "an ID number (18 or 15 digits)"))
            break
    return out


# ---------------------------------------------------------------- names


# the characters OpenCC's t2s may convert (CJK ideographs: the unified blocks and compatibility forms)
CJK_RANGES = ((0x3400, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))
_SIMPLIFIED: dict[int, str] = {}  # each CJK character converted so far -> its simplified form ("" when t2s keeps it)


def _simplified(codes: list[int]) -> dict[int, str]:
    """The traditional characters among these code points, mapped to their simplified form by
    OpenCC's t2s, one character at a time (so positions are kept). Each character is converted
    once per process, and only the characters a run meets are converted (not the table's 110,000)."""
    todo = [c for c in codes if c not in _SIMPLIFIED and any(lo <= c < hi for lo, hi in CJK_RANGES)]
    if todo:
        chars = [chr(c) for c in todo]
        converted = _opencc().convert("\n".join(chars)).split("\n")
        if len(converted) != len(chars):  # the table must map one character to one character: convert them one by one
            converted = [_opencc().convert(ch) for ch in chars]
        for a, b in zip(chars, converted, strict=True):
            _SIMPLIFIED[ord(a)] = b if b != a and len(b) == 1 else ""
    return {c: _SIMPLIFIED[c] for c in codes if _SIMPLIFIED.get(c)}


T2S_DICTIONARIES = {"ts_phrases": "TSPhrases.txt", "ts_characters": "TSCharacters.txt"}  # what OpenCC's t2s reads (its UnionKey.T2S)


@lru_cache(maxsize=1)
def _opencc() -> Any:
    """OpenCC's t2s with only the two dictionaries t2s uses, read from the package's own text files
    (a twentieth of loading every dictionary, which is what OpenCC("t2s") does; the same
    conversion: tests/test_gate_safety.py); all of them should those files not be there."""
    import opencc_purepy
    from opencc_purepy import OpenCC
    from opencc_purepy.dictionary_lib import DictionaryMaxlength

    folder = Path(opencc_purepy.__file__).parent / "dicts"
    if not all((folder / name).is_file() for name in T2S_DICTIONARIES.values()):
        return OpenCC("t2s")
    dictionary = DictionaryMaxlength()
    for slot, name in T2S_DICTIONARIES.items():
        setattr(dictionary, slot, DictionaryMaxlength.load_dictionary_maxlength((folder / name).read_text(encoding="utf-8")))
    return OpenCC("t2s", dictionary=dictionary)


@lru_cache(maxsize=1)
def _deleted() -> dict[int, str | None]:
    """What fold deletes: white space and format characters."""
    table: dict[int, str | None] = {c: None for c in range(0x3001) if chr(c).isspace()}
    for lo, hi in FORMAT_RANGES:
        for c in range(lo, hi + 1):
            table[c] = None
    return table


def fold_table(codes: list[int]) -> dict[int, str | None]:
    """str.translate table of fold after NFKC for texts made of these code points: white space and
    format characters deleted, traditional characters simplified."""
    table: dict[int, str | None] = dict(_simplified(codes))
    deleted = _deleted()
    table.update((c, None) for c in codes if c in deleted)
    return table


def fold(text: str) -> str:
    """A name or a text as denylisted names are compared: NFKC, without white space or format
    characters, simplified."""
    normal = unicodedata.normalize("NFKC", text)
    return normal.translate(fold_table(sorted({ord(ch) for ch in normal})))


def fold_codes(values: Any) -> tuple[Any, Any]:
    """fold for many texts at once, as code points: (codes, owner) where codes are the folded
    texts' code points one text after another (numpy uint32) and owner[i] the number of the text
    codes[i] belongs to. NFKC by pyarrow; then fold_normal_codes."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = values if isinstance(values, pa.Array) else pa.array(values, type=pa.large_string())
    codes, lengths = fold_normal_codes(pc.utf8_normalize(arr.cast(pa.large_string()), "NFKC"))
    return codes, np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)  # a chunk has < 2**31 texts


@lru_cache(maxsize=1)
def _plain_folds() -> dict[int, str | None]:
    """fold of each character of PLAIN_RANGES that NFKC changes (a space deleted, a fullwidth sign its ASCII one)."""
    chars = "".join(chr(c) for lo, hi in PLAIN_RANGES for c in range(lo, hi + 1))
    normal = unicodedata.normalize("NFKC", chars)  # one character each (tests/test_gate_safety.py)
    return {ord(c): fold(c) or None for c, n in zip(chars, normal, strict=True) if n != c}


def fold_normal_codes(normal: Any) -> tuple[Any, Any]:
    """fold_codes of texts already NFKC, or made of PLAIN_RANGES characters only (whose NFKC is
    theirs, character by character: tests/test_gate_safety.py), as a pyarrow large_string array
    without nulls: (codes, lengths), lengths[i] the number of code points of the i-th folded text."""
    ids, lengths, alphabet = fold_normal_ids(normal)
    return alphabet[ids], lengths


_GONE = 0xFFFFFFFF  # the id of a character fold deletes (no id: an alphabet has fewer than 2**21 characters)


def fold_normal_ids(normal: Any) -> tuple[Any, Any, Any]:
    """fold_normal_codes with each folded character as its number in the alphabet of those present:
    (ids, lengths, alphabet), the folded code points being alphabet[ids] (alphabet sorted, numpy
    uint32). fold_table of the characters present (and the folds of plain characters NFKC changes)
    is applied to every code point at once (numpy): the same translation fold makes, one character
    at a time."""
    import numpy as np
    import pyarrow.compute as pc

    lengths = np.asarray(pc.fill_null(pc.utf8_length(normal), 0).to_numpy(zero_copy_only=False), dtype=np.int64)
    if not len(normal) or not lengths.sum():
        return np.zeros(0, dtype=np.uint32), np.zeros(len(normal), dtype=np.int64), np.zeros(0, dtype=np.uint32)
    offsets = np.frombuffer(normal.buffers()[1], dtype=np.int64)[normal.offset:normal.offset + len(normal) + 1]
    data = memoryview(normal.buffers()[2])[int(offsets[0]):int(offsets[-1])]  # every text's UTF-8, back to back
    codes = np.frombuffer(bytes(data).decode("utf-8").encode("utf-32-le"), dtype=np.uint32)
    seen = np.zeros(int(codes.max()) + 1, dtype=bool)
    seen[codes] = True
    present = np.flatnonzero(seen)
    table = fold_table(present.tolist())
    plain_folds = _plain_folds()
    table.update((c, plain_folds[c]) for c in present.tolist() if c in plain_folds)
    folded = present.astype(np.int64)  # each present character folded (-1: deleted)
    if table:
        folded[np.searchsorted(present, list(table))] = [-1 if v is None else ord(v) for v in table.values()]
    alphabet = np.unique(folded[folded >= 0]).astype(np.uint32)
    lut = np.full(len(seen), _GONE, dtype=np.uint32)
    lut[present] = np.where(folded >= 0, np.searchsorted(alphabet, folded), _GONE)
    ids = lut[codes]
    gone = np.flatnonzero(ids == _GONE)
    if len(gone):  # each text loses its deleted code points
        lengths = lengths - np.bincount(np.searchsorted(np.cumsum(lengths), gone, side="right"), minlength=len(lengths))
        ids = np.delete(ids, gone)
    return ids, lengths, alphabet
