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
