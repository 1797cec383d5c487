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
