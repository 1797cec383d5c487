"""The contributor assistant reads any text in bounded time: a line of a megabyte (tabs, 万元, an
unclosed “[bookmark: ” again and again) is cut at text.MAX_LINE with a notice, and every pattern is
linear on what is left. Each run is a subprocess with a generous timeout: the timeout bounds a hang
(the quadratic patterns took minutes), it is not a speed test; the assertions are on what was read."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from xinfang.extract.indicators import row_quote
from xinfang.extract.model import quote
from xinfang.extract.text import MAX_LINE, Row, blocks, long_lines

MEGABYTE = 1_000_000
FIGURE = "项目支出1万元，"
LINES = {
    "tabs": "\t" * MEGABYTE,
    "wanyuan": "万元" * (MEGABYTE // 2),
    "bookmark": "[bookmark: " * (MEGABYTE // 11),
    "class_line": "一般公共服务支出（类）" * (MEGABYTE // 11),
    "figures": FIGURE * (MEGABYTE // len(FIGURE)),
}


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "import sys; from xinfang.cli import main; sys.exit(main(sys.argv[1:]))", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=20)


@pytest.mark.parametrize("kind", sorted(LINES))
def test_a_megabyte_line_is_cut_with_a_notice_and_read(kind: str, tmp_path: Path) -> None:
    report = tmp_path / f"{kind}.txt"
    report.write_text("某某区信访局2023年度部门预算\n" + LINES[kind] + "\n", encoding="utf-8")
    done = run(["extract", str(report), "--out", str(tmp_path / "draft")], tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"line 2 has {len(LINES[kind]):,} characters: only its first {MAX_LINE:,} were read" in done.stdout
    with (tmp_path / "draft" / "budgets.csv").open(encoding="utf-8") as fh:
        budgets = list(csv.DictReader(fh))
    if kind == "figures":
        assert len(budgets) == MAX_LINE // len(FIGURE)  # every figure of the part read, and none past it
        assert {b["item"] for b in budgets} == {"project"}
    else:
        assert budgets == []


def test_new_report_on_a_megabyte_line(tmp_path: Path) -> None:
    report = tmp_path / "big.txt"
    report.write_text("某某区信访局2023年度部门决算\n" + LINES["wanyuan"] + "\n", encoding="utf-8")
    done = run(["new-report", str(report), "--out", str(tmp_path / "s"), "--admin-code", "999999"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "only its first" in (tmp_path / "s" / "CHECKLIST.md").read_text(encoding="utf-8")


def test_long_lines_listed_and_wide_rows_are_not_tables() -> None:
    text = "短行\n" + "x" * (MAX_LINE + 5) + "\n" + "1\t" * 500 + "\n" + "a  " * 500 + "\n"
    assert long_lines(text) == [(2, MAX_LINE + 5)]
    assert [b.kind for b in blocks(text)] == ["line", "line", "line", "line"]  # 500 cells: not a table


def test_row_quote_and_quote_cost_their_neighbourhood_only() -> None:
    row = Row([f"单元格{i}" for i in range(50_000)], 1)
    q = row_quote(row)
    assert q.endswith("单元格49999") and len(q) <= 80 and q.startswith("单元格")
    noted = row_quote(Row(["总额", "6.87", "5.18", *[f"说明{i}" for i in range(50_000)]], 1))
    assert noted.startswith("总额 6.87 5.18 说明0") and len(noted) <= 80  # notes after the figures go first, in one pass
    text = "甲" * 50_000 + "12万元" + "乙" * 50_000
    got = quote(text, 50_000, 50_004)
    assert "12万元" in got and len(got) <= 80
