"""Provenance layer: checksums, quotes, figures in quotes (needs ../shared/sources)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import errors, find_line, gate, get_cell, needs_sources, read_rows, set_cell, write_rows
from xinfang.gate.provenance import figure_in_quote, printed_numbers

pytestmark = needs_sources


def test_checksum_mismatch(pkg: Path) -> None:
    path = pkg / "data/reports.csv"
    line = find_line(path, report_id="430412-2022-de")
    set_cell(path, line, "source_sha256", "0" * 64)
    assert ("data/reports.csv", line, "source_sha256") in errors(gate(pkg, sources=True), "provenance.sha256")


def test_quote_not_in_report(pkg: Path) -> None:
    path = pkg / "data/staffing.csv"
    line = find_line(path, report_id="430412-2022-de", category="retired")
    set_cell(path, line, "source_quote", "退休人员4人")
    assert ("data/staffing.csv", line, "source_quote") in errors(gate(pkg, sources=True), "provenance.quote_not_found")


def test_figure_not_in_quote(pkg: Path) -> None:
    path = pkg / "data/budgets.csv"
    line = find_line(path, report_id="430406-2024-dse", item="basic", stage="initial_budget")
    assert get_cell(path, line, "amount") == "140.6"
    set_cell(path, line, "amount", "140.60")  # trailing zero not printed in the source
    assert ("data/budgets.csv", line, "amount") in errors(gate(pkg, sources=True), "provenance.figure_not_in_quote")


def test_issue_text_not_in_report(pkg: Path) -> None:
    path = pkg / "data/issues.csv"
    line = find_line(path, report_id="430406-2024-dse", kind="measure")
    set_cell(path, line, "text_zh", "一是进一步降低预算执行率。")
    assert ("data/issues.csv", line, "text_zh") in errors(gate(pkg, sources=True), "provenance.quote_not_found")


def test_a_quote_is_verbatim_white_space_aside(pkg: Path) -> None:
    path = pkg / "data/staffing.csv"
    line = find_line(path, report_id="430412-2022-de", category="retired")
    quote = get_cell(path, line, "source_quote")
    set_cell(path, line, "source_quote", quote[:2] + " " + quote[2:])  # the space a wrapped line leaves inside a word
    assert ("data/staffing.csv", line, "source_quote") not in errors(gate(pkg, sources=True), "provenance.quote_not_found")


def test_issue_text_is_verbatim_white_space_aside(pkg: Path) -> None:
    """A wrapped line leaves a space inside a word (项目支出执 行进度); an item is the same item with or without it."""
    path = pkg / "data/issues.csv"
    line = find_line(path, report_id="430406-2024-dse", kind="measure")
    text = get_cell(path, line, "text_zh")
    set_cell(path, line, "text_zh", text[:5] + " " + text[5:9] + "\n" + text[9:])
    assert ("data/issues.csv", line, "text_zh") not in errors(gate(pkg, sources=True), "provenance.quote_not_found")
    set_cell(path, line, "text_zh", text[:5] + " " + text[6:])  # a character dropped is no longer verbatim
    assert ("data/issues.csv", line, "text_zh") in errors(gate(pkg, sources=True), "provenance.quote_not_found")
def test_a_quote_across_a_line_break_is_found_with_white_space_collapsed(pkg: Path) -> None:
    """The report prints 办理和督办。 at a line's end and （五）负责… after two ideographic spaces on the
    next: a quote is found with that white space collapsed to one space, and without it (white space
    aside, docs/transcription.md)."""
    issues, staffing = pkg / "data/issues.csv", pkg / "data/staffing.csv"
    found_line = find_line(issues, report_id="430406-2024-dse", kind="measure")
    set_cell(issues, found_line, "text_zh", "办理和督办。 （五）负责区人民来访接待中心")
    quote_line = find_line(staffing, report_id="430406-2024-dse")
    set_cell(staffing, quote_line, "source_quote", "和督办。 （五）负责区人民来访")
    rows = read_rows(issues)
    rows.append(list(rows[found_line - 1]))
    rows[-1][rows[0].index("line")] = str(max(int(r[rows[0].index("line")]) for r in rows[1:]) + 1)
    rows[-1][rows[0].index("text_zh")] = "办理和督办。（五）负责区人民来访接待中心"  # without the space: the same text, white space aside
    write_rows(issues, rows)
    not_found = errors(gate(pkg, sources=True), "provenance.quote_not_found")
    assert ("data/issues.csv", found_line, "text_zh") not in not_found
    assert ("data/staffing.csv", quote_line, "source_quote") not in not_found
    assert ("data/issues.csv", len(rows), "text_zh") not in not_found


def test_source_file_missing(pkg: Path) -> None:
    path = pkg / "data/reports.csv"
    line = find_line(path, report_id="430412-2022-de")
    set_cell(path, line, "source_file", "999_missing.txt")
    assert ("data/reports.csv", line, "source_file") in errors(gate(pkg, sources=True), "provenance.source_missing")


def test_a_figure_printed_with_thousands_separators_is_found() -> None:
    assert figure_in_quote("1284", "全年共受理信访事项1,284件")
    assert figure_in_quote("13506", "共13，506宗")
    assert not figure_in_quote("1284", "1,2845件")  # a separator groups exactly three digits


def test_a_zero_stated_in_words_is_found_planned_nones_too() -> None:
    assert figure_in_quote("0", "全年未发生赴省集体访")
    assert figure_in_quote("0", "确保全年不发生进京到省非正常上访")  # a target of none
    assert not figure_in_quote("0", "全年发生赴省集体访1批")


def test_score_quote_not_in_report_and_score_not_in_its_quote(pkg: Path) -> None:
    path = pkg / "data/reports.csv"
    moved = find_line(path, report_id="430406-2024-dse")
    set_cell(path, moved, "score_quote", "部门整体支出绩效得分98分")
    wrong = find_line(path, report_id="510411-2022-fae")
    set_cell(path, wrong, "self_score", "92.0")  # the quote says 92.1
    report = gate(pkg, sources=True)
    assert ("data/reports.csv", moved, "score_quote") in errors(report, "provenance.quote_not_found")
    assert ("data/reports.csv", wrong, "self_score") in errors(report, "provenance.figure_not_in_quote")
    # the quote of 440112 is printed with spaces around the score and still found
    assert not [p for p in report.errors if p.rule.startswith("provenance.") and p.line not in (moved, wrong)]


NEAR_MISSES = [  # (figure, quote): the figure is a part of a printed number, or not printed as it is
    ("4.4572", "一般公共预算拨款收入44.4572万元"),
    ("44.457", "一般公共预算拨款收入44.4572万元"),
    ("5", "一般公共预算拨款收入44.4572万元"),
    ("4572", "一般公共预算拨款收入44.4572万元"),
    ("2.724", "机关运行经费2.7240万元"),
    ("97.8", "群众满意度达97.80%"),
    ("284", "全年共受理信访事项1,284件"),
    ("128", "全年共受理信访事项1,284件"),
    ("12", "2012年以来"),
    ("0", "2020年度"),
    ("3", "一二三"),
]
PRINTED_FORMS = [  # (figure, quote): the figure as the data hold what the quote prints
    ("44.4572", "一般公共预算拨款收入44.4572万元"),
    ("2.7240", "机关运行经费2.7240万元"),
    ("1284", "全年共受理信访事项1,284件"),
    ("1284.56", "本年收入合计1,284.56万元"),
    ("13506", "共13，506宗"),
    ("13", "来访13，其中"),
    ("-5.2", "较上年减少5.2%"),
    ("+3", "增加3人"),
    ("0", "无因公出国（境）费"),
    ("0.00", "公务用车购置费0.00万元"),
    ("3", "设三个内设机构"),
    ("12", "共十二批次"),
    ("105", "一百零五件"),
    ("2", "两名"),
    ("100", "完成预算的100%"),
]


@pytest.mark.parametrize(("figure", "quote"), NEAR_MISSES)
def test_a_figure_that_is_only_part_of_a_printed_number_is_not_found(figure: str, quote: str) -> None:
    assert not figure_in_quote(figure, quote)


@pytest.mark.parametrize(("figure", "quote"), PRINTED_FORMS)
def test_a_figure_printed_in_any_of_its_forms_is_found(figure: str, quote: str) -> None:
    assert figure_in_quote(figure, quote)


def _figure_cells(pkg: Path) -> list[tuple[str, str, int, str]]:
    """(table, file, line, column) of one filled figure cell per figure column any schema declares."""
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    out = []
    for res in descriptor["resources"]:
        schema = json.loads((pkg / res["schema"]).read_text(encoding="utf-8"))
        for column in schema.get("x-roles", {}).get("figures", []):
            rows = read_rows(pkg / res["path"])
            i, q = rows[0].index(column), rows[0].index(schema["x-roles"]["quote"])
            # a figure whose last digit dropped is a part of a printed number and no other number of its quote
            line = next((n for n, row in enumerate(rows[1:], start=2) if re.fullmatch(r"[0-9]+\.[0-9]*[1-9]|[1-9][0-9]+", row[i])
                         and row[i][:-1] not in printed_numbers(row[q])), None)
            if line is not None:
                out.append((res["name"], res["path"], line, column))
    return out


def test_every_declared_figure_column_is_checked_on_number_boundaries(pkg: Path) -> None:
    cells = _figure_cells(pkg)
    assert {"amount", "target_value", "actual_value", "weight", "score", "value"} <= {c for *_, c in cells}
    for _table, file, line, column in cells:  # drop the last digit: a part of the printed number
        set_cell(pkg / file, line, column, get_cell(pkg / file, line, column)[:-1])
    found = set(errors(gate(pkg, sources=True), "provenance.figure_not_in_quote"))
    assert {(file, line, column) for _t, file, line, column in cells} <= found


@pytest.mark.parametrize("chunk", [None, 1, 7])
def test_the_column_wise_quick_test_agrees_with_whole_number_at_on_every_pair(chunk: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """whole_numbers_at (column-wise) is whole_number_at (one pair at a time) for every pair: near
    misses, printed forms, signs, missing cells, hostile and non-ASCII text; also when the quotes'
    bytes are read a few at a time (chunk: RUN_CHUNK_BYTES)."""
    import pyarrow as pa

    from xinfang.gate import provenance
    from xinfang.gate.provenance import whole_number_at, whole_numbers_at

    if chunk is not None:
        monkeypatch.setattr(provenance, "RUN_CHUNK_BYTES", chunk)

    pairs = NEAR_MISSES + PRINTED_FORMS + [
        ("-5", "减少5万元"), ("+5", "增加5"), ("--+5", "5"), ("5-", "5-"), ("5", "5,"), ("5", ",5"), ("5", "5.5"), ("5.5", "5.5."),
        ("1,284", "1,284"), ("1284", "1,284"), ("", ""), ("0", ""), (" 5", " 5"), ("5", "a5b"), ("5", "５"), ("٣", "٣"),
        ("12", "12\n12"), ("12", "x" * 5000 + "12"), ("7.0", "7.00"), ("7.00", "7.00"), ("3", "3，4"), ("4", "3，4"),
        ("1e3", "1e3"), ("12", "1２12"), ("99", "99%99"), ("1", "\u200b1\u200b"),
    ]
    quotes = pa.array([q for _, q in pairs] + [None, "5"], type=pa.large_string())
    figures = pa.array([f for f, _ in pairs] + ["5", None], type=pa.large_string())
    swapped = pa.array([q for _, q in pairs] + [None, None], type=pa.large_string())  # a second column: the quotes as figures
    quick, quick_swapped = whole_numbers_at(quotes, [figures, swapped])
    expected = [whole_number_at(f, q) for f, q in pairs] + [False, False]
    assert quick.tolist() == expected
    assert quick_swapped.tolist() == [whole_number_at(q, q) for _, q in pairs] + [False, False]
    assert any(expected) and not all(expected)


def test_problems_in_a_table_read_in_many_chunks_name_their_rows(pkg: Path) -> None:
    """A national table is read as many Arrow chunks; provenance takes the rows it flags from their
    chunks (columns.rows_at): the same problems, with the same lines, reports and cells, as when each
    column is one chunk."""
    import pandas as pd
    import pyarrow as pa

    from conftest import SOURCES
    from xinfang.gate import columns
    from xinfang.gate.provenance import check_provenance
    from xinfang.package import load_package

    staffing, budgets = pkg / "data/staffing.csv", pkg / "data/budgets.csv"
    quote_line = find_line(staffing, report_id="430412-2022-de", category="retired")
    set_cell(staffing, quote_line, "source_quote", "退休人员4人")
    figure_line = find_line(budgets, report_id="430406-2024-dse", item="basic", stage="initial_budget")
    set_cell(budgets, figure_line, "amount", "140.60")

    def problems(chunk: int | None) -> list[tuple[str, int | None, str | None, str, str]]:
        columns.forget()
        package = load_package(pkg, strict=False)
        if chunk is not None:
            for name in package.resources:
                frame = package.table(name)
                for c in frame.columns:
                    column = frame[c]
                    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
                        whole = column.array.__arrow_array__().combine_chunks()
                        parts = pa.chunked_array([whole.slice(i, chunk) for i in range(0, len(whole), chunk)] or [whole], type=whole.type)
                        frame[c] = pd.Series(pd.arrays.ArrowStringArray(parts), index=frame.index, dtype=column.dtype)
            assert package.table("budgets")["source_quote"].array.__arrow_array__().num_chunks > 1
        return [(p.file, p.line, p.column, p.rule, p.message) for p in check_provenance(package, [SOURCES])]

    whole, chunked = problems(None), problems(7)
    assert chunked == whole
    assert ("data/staffing.csv", quote_line, "source_quote", "provenance.quote_not_found") in {p[:4] for p in chunked}
    assert ("data/budgets.csv", figure_line, "amount", "provenance.figure_not_in_quote") in {p[:4] for p in chunked}
    assert any("430406-2024-dse" in p[4] or "140.60" in p[4] for p in chunked if p[1] == figure_line)
