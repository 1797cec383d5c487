"""The code-support check (gate/code_support.py): a row's specific code must be named by its quote or
its context (note, scope), else the reviewer sees a notice. Never an error: a restated fact's code
can be right though its clause does not name it."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, find_line, gate, get_cell, set_cell
from xinfang.fields import quote_max_length
from xinfang.gate.code_support import RULE, code_terms, rule_code_unsupported
from xinfang.package import load_package
from xinfang.problems import NOTICE

B, S = "data/budgets.csv", "data/staffing.csv"


def findings(pkg: Path) -> set[tuple[str, int | None, str | None]]:
    return {(p.file, p.line, p.column) for p in rule_code_unsupported(load_package(pkg))}


def test_a_plausible_wrong_code_is_shown_to_the_reviewer(pkg: Path) -> None:
    line = find_line(pkg / B, report_id="430412-2022-de", item="basic", stage="executed")
    assert (B, line, "item") not in findings(pkg)
    set_cell(pkg / B, line, "item", "procurement_total")  # the quote names 基本支出, not 政府采购
    problems = [p for p in gate(pkg).problems if p.rule == RULE and p.line == line and p.file == B]
    assert len(problems) == 1 and problems[0].severity == NOTICE and problems[0].file == B
    assert "procurement_total" in problems[0].message and "policy/synonyms.csv" in problems[0].hint
    assert f"up to {quote_max_length(pkg)} characters" in problems[0].hint  # the schema's limit, not a copy of it
    assert not [p for p in gate(pkg).errors if p.rule == RULE]


def test_context_and_documented_synonyms_support_a_code(pkg: Path) -> None:
    line = find_line(pkg / S, report_id="430412-2022-de", category="in_post_total")
    set_cell(pkg / S, line, "source_quote", "共13人")
    set_cell(pkg / S, line, "note", "")
    assert (S, line, "category") in findings(pkg)
    set_cell(pkg / S, line, "scope", "在职在编人员")  # a documented synonym of in_post_total, in the row's context
    assert (S, line, "category") not in findings(pkg)


def test_a_term_split_by_a_wrapped_line_still_names_its_code(pkg: Path) -> None:
    line = find_line(pkg / B, report_id="430412-2022-de", item="basic", stage="executed")
    quote = get_cell(pkg / B, line, "source_quote")
    at = quote.index("基本支出")
    set_cell(pkg / B, line, "source_quote", quote[:at] + "基本支 出" + quote[at + 4:])  # the space a wrap leaves in a quote
    set_cell(pkg / B, line, "note", "")
    assert (B, line, "item") not in findings(pkg)
    set_cell(pkg / B, line, "source_quote", quote[:at] + "基本 经费" + quote[at + 4:])  # another term is still no support
    assert (B, line, "item") in findings(pkg)


def test_terms_come_from_labels_synonyms_and_functional_codes() -> None:
    pkg = load_package(ROOT)
    items = code_terms(pkg, "budget_items", "item_id", "item")
    assert {"行政运行", "2013101"} <= items["func_2013101"]
    assert "国内公务接待" in items["reception_domestic"]  # 国内公务接待费 without its ending
    metrics = code_terms(pkg, "petition_metric_codes", "metric_id", "metric")
    assert "进京访" in metrics["to_beijing_batches"] and "进京访" in metrics["to_beijing_persons"]


def test_the_curated_package_gives_notices_that_name_their_cell() -> None:
    """On the curated package the check only informs: each finding is a notice naming the file, the row
    and the column, the code the cell holds, and what to do."""
    pkg = load_package(ROOT)
    by_path = {r.path: name for name, r in pkg.resources.items()}
    for p in rule_code_unsupported(pkg):
        assert p.severity == NOTICE and p.rule == RULE and p.layer == "rules"
        assert p.file in by_path and p.line and p.column and "policy/synonyms.csv" in p.hint
        table = pkg.table(by_path[p.file])
        value = table.loc[table["__line__"] == p.line, p.column].item()
        assert p.message.startswith(f"{p.column} {value} is not named")
