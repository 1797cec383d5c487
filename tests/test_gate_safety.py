"""Safety layer: paths, encodings, formula injection, personal data, denylist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import errors, find_line, gate, set_cell
from xinfang.gate.safety import id_checksum_ok, name_hash, normalise_name


def _edit_descriptor(pkg: Path, name: str, path: str) -> None:
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        if res["name"] == name:
            res["path"] = path
    (pkg / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.mark.parametrize("bad", ["https://example.org/budgets.csv", "../outside.csv", "/etc/passwd", "data/../../x.csv"])
def test_unsafe_resource_path_is_refused(pkg: Path, bad: str) -> None:
    _edit_descriptor(pkg, "staffing", bad)
    report = gate(pkg)
    found = [p for p in report.errors if p.rule == "safety.path"]
    assert found and found[0].file == "datapackage.json" and "resources[" in (found[0].column or "")


def test_gbk_file_is_named_with_its_encoding(pkg: Path) -> None:
    path = pkg / "data/issues.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gb18030"))
    report = gate(pkg)
    found = [p for p in report.errors if p.rule == "safety.encoding"]
    assert found and found[0].file == "data/issues.csv"
    assert "GB18030" in found[0].message and "iconv" in found[0].hint
    assert found[0].line == 2  # the first non-ASCII byte is on the first data row


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_formula_injection_is_rejected(pkg: Path, start: str) -> None:
    path = pkg / "data/issues.csv"
    line = find_line(path, report_id="430412-2022-de", kind="problem")
    set_cell(path, line, "text_en", f"{start}cmd|' /C calc'!A0")
    assert ("data/issues.csv", line, "text_en") in errors(gate(pkg), "safety.formula")


def test_negative_numbers_are_not_formulas(pkg: Path) -> None:
    report = gate(pkg)
    assert errors(report, "safety.formula") == []  # budgets hold -49.46 etc. in number columns


@pytest.mark.parametrize("text,rule", [
    ("联系电话：88553876", "safety.phone"),
    ("call 13912345678 today", "safety.phone"),
    ("电话13912345678转办", "safety.phone"),
    ("0731-88553876", "safety.phone"),
    ("write to someone@example.com", "safety.email"),
    ("身份证 11010519491231002X", "safety.id_number"),
    ("①③⑨①②③④⑤⑥⑦⑧", "safety.phone"),  # circled digits: NFKC makes them 13912345678
    (("\u00ad" * 5).join("13912345678"), "safety.phone"),  # more soft hyphens between the digits than the raw pre-filter allows
])
def test_personal_data_is_rejected(pkg: Path, text: str, rule: str) -> None:
    path = pkg / "data/staffing.csv"
    line = find_line(path, report_id="430412-2022-de", category="retired")
    set_cell(path, line, "note", text)
    assert ("data/staffing.csv", line, "note") in errors(gate(pkg), rule)


def test_project_codes_and_amounts_are_not_mistaken_for_personal_data(pkg: Path) -> None:
    report = gate(pkg)
    assert not [p for p in report.errors if p.rule.startswith("safety.")]


def test_id_checksum() -> None:
    assert id_checksum_ok("11010519491231002X")
    assert not id_checksum_ok("110105194912310021")


def test_denylisted_name_is_rejected_and_never_stored_in_clear(pkg: Path) -> None:
    from conftest import ROOT

    denylist = (ROOT / "policy/denylist.sha256").read_text(encoding="utf-8")
    name = "".join(chr(c) for c in (0x5F90, 0x6D77, 0x71D5))  # the form filler of 001, built so no file holds it in clear
    assert name not in denylist
    path = pkg / "data/issues.csv"
    line = find_line(path, report_id="430112-2020-dse", kind="problem")
    set_cell(path, line, "text_en", f"Reported by {name}.")
    assert ("data/issues.csv", line, "text_en") in errors(gate(pkg), "safety.denylist")


def test_missing_resource_file_is_named(pkg: Path) -> None:
    (pkg / "data/issues.csv").unlink()
    report = gate(pkg)
    assert ("data/issues.csv", None, None) in errors(report, "safety.missing_file")
    assert not [p for p in report.errors if p.rule.endswith(".crashed")]


@pytest.mark.parametrize("digest", ["15608274601a9ce948364b6c3ec802723be7fe9b26c3c24b19c703bbafd65fef",
                                    "a9ce9483646c3ec802723be7fe9b26c3c24b1915608274601c703bbafd65fef0"])
def test_a_digest_that_starts_or_ends_with_eleven_digits_is_not_a_phone_number(digest: str) -> None:
    from xinfang.gate.safety import PHONE

    assert PHONE.search(digest) is None
    assert PHONE.search("电话 15608274601") is not None  # the same digits on their own are


def test_denylist_scan_by_ngrams_matches_the_plain_scan_across_chunks() -> None:
    import random

    from xinfang.gate.safety import denylisted, denylisted_values

    names = ["甲乙丙", "丁戊", "ＡＢ"]  # the last one NFKC-normalises to AB
    by_len: dict[int, set[str]] = {}
    for n in names:
        key = normalise_name(n)
        by_len.setdefault(len(key), set()).add(name_hash(n))
    rng = random.Random(5)
    alphabet = "甲乙丙丁戊己庚辛AB 12"
    values = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    expected = {i for i, v in enumerate(values) if denylisted(v, by_len)}
    assert expected and len(expected) < len(values)  # the sample has both kinds
    assert denylisted_values(values, by_len, chunk=7) == expected
    assert denylisted_values(values, by_len) == expected


@pytest.mark.parametrize("bitmap", [0, 1 << 24])
def test_denylist_scan_by_ngrams_matches_the_plain_scan_on_a_large_alphabet(monkeypatch: pytest.MonkeyPatch, bitmap: int) -> None:
    """An alphabet of thousands of characters: trigrams as 64-bit numbers, bigrams told apart by a
    bitmap or (none allowed) by hashing; the same answers as denylisted, across chunks."""
    import random

    from xinfang.gate import safety

    monkeypatch.setattr(safety, "_BITMAP_KEYS", bitmap)
    rng = random.Random(8)
    alphabet = [chr(0x4E00 + i) for i in range(3000)] + list(" \u3000\u200bＡＢ!！國")
    names = ["".join(rng.choice(alphabet[:3000]) for _ in range(rng.choice([2, 3]))) for _ in range(40)]
    by_len: dict[int, set[str]] = {}
    for n in names:
        by_len.setdefault(len(normalise_name(n)), set()).add(name_hash(n))
    values = []
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        if rng.random() < 0.05:  # a name, spaced out
            at = rng.randint(0, len(text))
            text = text[:at] + " ".join(rng.choice(names)) + text[at:]
        values.append(text)
    expected = {i for i, v in enumerate(values) if safety.denylisted(v, by_len)}
    assert len(expected) > 50
    assert safety.denylisted_values(values, by_len, chunk=7) == expected
    assert safety.denylisted_values(values, by_len) == expected


def test_the_light_t2s_converts_as_opencc_with_every_dictionary() -> None:
    """personal_data._opencc reads only the dictionaries t2s uses: the same conversion as
    OpenCC("t2s"), on every character its tables map and every CJK unified ideograph."""
    from opencc_purepy import OpenCC
    from opencc_purepy.dictionary_lib import DictionaryMaxlength

    from xinfang.gate import personal_data

    light, full = personal_data._opencc(), OpenCC("t2s")
    assert light.dictionary is not full.dictionary  # the light one (its dictionary files were found)
    for slot in personal_data.T2S_DICTIONARIES:
        assert getattr(light.dictionary, slot) == getattr(DictionaryMaxlength.new(), slot)
    chars = sorted(light.dictionary.ts_characters[0]) + [chr(c) for c in range(0x4E00, 0xA000)] + [chr(c) for c in range(0x3400, 0x4DC0)]
    text = "\n".join(chars)
    assert light.convert(text) == full.convert(text)
    assert personal_data.fold("國語 說話") == "国语说话"
def test_every_plain_character_is_its_own_plain_form_or_one_inert_ascii_character() -> None:
    """personal_data.PLAIN_RANGES: plain() leaves each character as it is (and keeps it a character
    no pattern reads as a digit, unless an ASCII one), or turns it into one ASCII character that is no
    digit, letter or at sign; none is a format character; and NEEDED reads the three that plain()
    turns into a separator or bracket as what they become."""
    import unicodedata

    from xinfang.gate.personal_data import NEEDED, PLAIN_RANGES, plain

    for lo, hi in PLAIN_RANGES:
        for c in map(chr, range(lo, hi + 1)):
            assert plain(c) == unicodedata.normalize("NFKC", c) and len(plain(c)) == 1, repr(c)
            p = plain(c)
            if p != c:
                assert p.isascii() and not p.isalnum() and p != "@", repr(c)
            else:
                assert c.isascii() or not c.isdecimal(), repr(c)
            assert unicodedata.category(c) != "Cf"
            assert unicodedata.combining(c) == 0
    assert {c for lo, hi in PLAIN_RANGES for c in map(chr, range(lo, hi + 1)) if plain(c) in " -)" and c not in " -)"} == \
        {"\u3000", "\uff0d", "\uff09"}
    assert all(f"\\x{{{ord(c):x}}}" in NEEDED for c in "\u3000\uff0d\uff09")


def test_the_plain_text_shortcut_never_leaves_out_a_finding() -> None:
    """A text check_cells leaves out (made of PLAIN_RANGES, without what NEEDED asks) has no
    finding; texts with findings in every form the tests know are kept."""
    import random

    import pyarrow as pa
    import pyarrow.compute as pc

    from xinfang.gate.personal_data import NEEDED, PLAIN_ONLY, findings

    rng = random.Random(11)
    alphabet = "0123456789" * 6 + " -()）（－\u3000，。：@Tt电话手机el元年.万%"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20_000)]
    texts += ["2015年度支出合计552.17万元，预算执行率97.86%", "电话：0731-8855 3876", "138 1234 5678", "(0731) 8855 3876",
              "（0731）8855－3876", "0731\u30008855\u30003876", "110105 19491231 002X", "a@b.cn", "Tel 12345678", "138１２３４５６７８",
              "+86 138 1234 5678", "0086-138-1234-5678", "1381234567", "13812345678"]
    arr = pa.array(texts, type=pa.large_string())
    left_out = (pc.match_substring_regex(arr, PLAIN_ONLY).to_numpy(zero_copy_only=False)
                & ~pc.match_substring_regex(arr, NEEDED).to_numpy(zero_copy_only=False))
    with_findings = [bool(findings(t)) for t in texts]
    assert not any(f and out for f, out in zip(with_findings, left_out, strict=True))
    assert sum(with_findings) > 100 and left_out.sum() > 1000  # the sample has both kinds


def test_the_long_line_scan_agrees_with_every_line_length(monkeypatch: pytest.MonkeyPatch) -> None:
    """limits._has_long_line (jumps of MAX_LINE_BYTES) says what the length of every line says."""
    import random

    from xinfang.gate import limits

    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 16)
    rng = random.Random(3)
    for _ in range(3000):
        lines = [b"x" * rng.choice([0, 1, 15, 16, 17, rng.randint(0, 40)]) for _ in range(rng.randint(1, 8))]
        data = b"\n".join(lines) + (b"\n" if rng.random() < 0.5 else b"")
        assert limits._has_long_line(data) == (max(len(line) for line in data.split(b"\n")) > 16), lines


def test_the_utf8_check_reads_the_bytes_as_a_decode_does() -> None:
    from xinfang.gate.safety import _is_utf8

    for data in (b"", b"abc", "信访".encode(), "信访".encode()[:-1], b"\xff", "信访".encode("gb18030"), b"a\x00b", "𠀀".encode()):
        try:
            data.decode("utf-8")
            expected = True
        except UnicodeDecodeError:
            expected = False
        assert _is_utf8(data) == expected, data


def test_folding_code_points_at_once_is_fold_of_each_text() -> None:
    import numpy as np

    from xinfang.gate.personal_data import fold, fold_codes

    values = ["張 偉\u200b國", "ＡＢ\u3000c", "", "甲\u00ad乙\t丙\n", "no change", "\ufeff\u2060", "國國 國", "x\x00y"]
    codes, owner = fold_codes(values)
    assert "".join(map(chr, codes.tolist())) == "".join(fold(v) for v in values)
    assert owner.tolist() == [i for i, v in enumerate(values) for _ in fold(v)]
    assert isinstance(codes, np.ndarray)


def test_no_plain_character_is_an_unsafe_one() -> None:
    """check_cells looks for unsafe characters only in texts that are not made of
    personal_data.PLAIN_RANGES: none of those characters is unsafe."""
    from xinfang.gate.personal_data import PLAIN_RANGES
    from xinfang.safe_io import UNSAFE_RANGES_STRICT

    plain = {c for lo, hi in PLAIN_RANGES for c in range(lo, hi + 1)}
    assert not plain & {c for lo, hi in UNSAFE_RANGES_STRICT for c in range(lo, hi + 1)}


def test_a_plain_text_is_its_own_nfkc_character_by_character() -> None:
    """check_cells folds a text made of personal_data.PLAIN_RANGES only without NFKC (fold_normal_codes
    maps the plain characters NFKC changes): each such character's NFKC and fold are one character at
    most, and none of them (nor what NFKC makes of one) is the second of a canonical composition,
    so that NFKC never joins two of them."""
    import sys
    import unicodedata

    from xinfang.gate.personal_data import PLAIN_RANGES, fold

    plain = {chr(c) for lo, hi in PLAIN_RANGES for c in range(lo, hi + 1)}
    images = {unicodedata.normalize("NFKC", c) for c in plain}
    assert all(len(i) == 1 for i in images) and all(len(fold(c)) <= 1 for c in plain)
    seconds = set()
    for c in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(c)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    assert not seconds & (plain | images)
    assert all(unicodedata.combining(c) == 0 for c in plain | images)


def test_each_cell_is_reported_as_the_checks_of_its_own_text_say(tmp_path: Path) -> None:
    """check_cells works on the package's distinct texts; what it reports is, cell by cell and in
    its order (each column's formula, unsafe and over-long cells, then each column's cells with
    personal data), what the checks of one text say of that cell's text."""
    import random

    import pandas as pd
    import pyarrow as pa

    from xinfang.gate import safety
    from xinfang.gate.limits import MAX_CELL_CHARS
    from xinfang.gate.personal_data import findings
    from xinfang.package import TEXT_DTYPE, Package, Resource

    (tmp_path / "policy").mkdir()
    (tmp_path / "policy/denylist.sha256").write_text("".join(f"{name_hash(name)} {len(normalise_name(name))}\n" for name in ("張偉國", "甲！乙")),
                                                       encoding="utf-8")
    by_len = safety.load_denylist(tmp_path)
    rng = random.Random(2)
    pieces = ["收入", "支出", "97.80", " ", "\t", "\n", "=SUM(A1)", "+1", "-2", "@x", "\u3000", "\x00", "\u202e", "\u00ad", "138 1234 5678",
              "0731-8855 3876", "a@b.cn", "110105 19491231 002X", "張偉", "国", "张 伟国", "１３８１２３４５６７８", "甲", "！", "!", "乙",
              "x" * (MAX_CELL_CHARS // 2 + 1), ""]
    vocabulary = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(300)]
    vocabulary += ["x甲！乙y", "甲 ! 乙", "甲\u3000！乙", "甲！\u00ad乙", "張偉國", "張 偉\u200b國"]  # plain texts and others, each with a name
    pkg = Package(root=tmp_path, descriptor={"resources": []})
    for table, columns in (("a", ["text", "note", "amount"]), ("b", ["note", "code"])):
        fields = [{"name": c, "type": "number" if c == "amount" else "string"} for c in columns]
        pkg.resources[table] = Resource(table, f"data/{table}.csv", {"fields": fields})
        rows = rng.randint(50, 400)
        frame = pd.DataFrame({c: pd.Series([rng.choice(vocabulary) if rng.random() < 0.8 else None for _ in range(rows)], dtype=TEXT_DTYPE)
                              for c in columns})
        frame.insert(0, "__line__", range(2, rows + 2))
        pkg._frames[table] = frame

    def matches(text: str, pattern: str) -> bool:  # the check's own pattern (RE2), on this one text
        return bool(safety._matches(pa.array([text], type=pa.large_string()), pattern)[0])

    expected = []
    later = []
    for table, res in pkg.resources.items():
        frame = pkg.table(table)
        for col in [f["name"] for f in res.fields if f["type"] == "string"]:
            cells = [(int(line), text) for line, text in zip(frame["__line__"], frame[col], strict=True) if not pd.isna(text)]
            unsafe = safety.UNSAFE_CHARS if col in safety.NOTE_FIELDS else safety.UNSAFE_CHARS_STRICT
            expected += [("safety.formula", res.path, line, col) for line, t in cells if matches(t, safety.FORMULA_PATTERN)]
            expected += [("safety.control_char", res.path, line, col) for line, t in cells if matches(t, unsafe)]
            expected += [("safety.cell_too_long", res.path, line, col) for line, t in cells if len(t) > MAX_CELL_CHARS]
            for line, t in cells:
                later += [(rule, res.path, line, col) for rule, _ in findings(t[:MAX_CELL_CHARS])]
                later += [("safety.denylist", res.path, line, col)] if safety.denylisted(t, by_len) else []
    got = [(p.rule, p.file, p.line, p.column) for p in safety.check_cells(pkg, list(pkg.resources))]
    assert got == expected + later
    assert all(any(frame[c].eq(t).any() for frame in pkg._frames.values() for c in frame.columns[1:]) for t in vocabulary[-6:])
    assert {r for r, *_ in got} >= {"safety.formula", "safety.control_char", "safety.cell_too_long", "safety.phone", "safety.email",
                                    "safety.id_number", "safety.denylist"}  # the sample has every kind
