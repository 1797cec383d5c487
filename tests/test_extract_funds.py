"""The assistant's reading of the `fund` and `stage` codes of budget rows, on texts composed for these tests
(none copied from a report or a fixture): the fund of a section's heading and of the heading it is under, a
sentence saying the figures before it are wholly of one source, one zero stated for two funds, older names of
income sources."""

from __future__ import annotations

import pytest

from conftest import ROOT
from xinfang.extract.draft import extract_text, rows_of
from xinfang.extract.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def voc() -> Vocabulary:
    return Vocabulary.load(ROOT / "data" / "codelists")


def budgets(voc: Vocabulary, text: str, report_id: str) -> list[dict[str, str]]:
    return [d.values for d in rows_of(extract_text(text, voc, report_id), "budgets")]


def coded(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    return [(r["fund"], r["item"], r["stage"], r["amount"]) for r in rows]


def test_a_sibling_heading_naming_no_fund_ends_the_fund_of_the_one_before(voc: Vocabulary) -> None:
    text = ("某县信访局2024年度部门决算说明\n"
            "二、决算情况说明\n"
            "    （七）国有资本经营预算财政拨款支出决算情况\n"
            "    本局2024年度无国有资本经营预算财政拨款支出。\n"
            "    （八）机关运行经费情况\n"
            "    2024年机关运行经费支出41.20万元，比上年减少2.10万元。\n"
            "    （九）政府采购情况\n"
            "    2024年政府采购支出总额12.30万元。\n")
    rows = coded(budgets(voc, text, "999999-2024-fa"))
    assert ("soe_capital", "expenditure_total", "executed", "0") in rows
    assert ("all", "operating_costs", "executed", "41.20") in rows
    assert ("all", "operating_costs", "yoy_change", "-2.10") in rows
    assert ("all", "procurement_total", "executed", "12.30") in rows


def test_a_sub_heading_naming_no_fund_keeps_the_fund_of_the_heading_it_is_under(voc: Vocabulary) -> None:
    text = ("某县信访局2024年度部门决算说明\n"
            "三、一般公共预算财政拨款支出决算情况\n"
            "    （一）基本支出情况\n"
            "    本年基本支出250.40万元，比上年增加8.00万元。\n"
            "四、其他重要事项\n"
            "    （一）机关运行经费\n"
            "    本年机关运行经费30.10万元。\n")
    rows = coded(budgets(voc, text, "999999-2024-fa"))
    assert ("gpb", "basic", "executed", "250.40") in rows
    assert ("all", "operating_costs", "executed", "30.10") in rows


def test_a_heading_with_no_number_naming_a_fund_is_the_parent_of_the_numbered_ones_after_it(voc: Vocabulary) -> None:
    text = ("某区信访局2023年度部门整体支出绩效评价报告\n"
            "一、单位基本情况\n"
            "（二）人员情况\n"
            "本单位编制8人。\n"
            "一般公共预算支出情况\n"
            "（一）基本支出情况\n"
            "2023年基本支出140.25万元，较上年增加6.00万元。\n"
            "二、绩效情况\n"
            "（一）机关运行经费\n"
            "机关运行经费支出18.40万元。\n")
    rows = coded(budgets(voc, text, "999999-2023-de"))
    assert ("gpb", "basic", "executed", "140.25") in rows
    assert ("all", "operating_costs", "executed", "18.40") in rows


@pytest.mark.parametrize(("words", "fund"), [("一般预算拨款", "gpb"), ("一般预算财政拨款", "gpb")])
def test_older_names_of_the_general_budget(voc: Vocabulary, words: str, fund: str) -> None:
    text = ("某县信访局2019年部门预算说明\n"
            "二、收入预算情况\n"
            f"    2019年收入预算300.00万元。按来源分：{words}288.00万元，占96.00%；其他收入12.00万元，占4.00%。\n")
    rows = coded(budgets(voc, text, "999999-2019-db"))
    assert (fund, "income_total", "initial_budget", "288.00") in rows
    assert ("other", "income_total", "initial_budget", "12.00") in rows


def test_the_bureaus_own_level_of_government_is_its_fiscal_appropriations(voc: Vocabulary) -> None:
    text = ("某县信访局2024年度项目支出绩效自评报告\n"
            "一、项目概况\n"
            "    该项目资金由县级财政安排，年初预算36.00万元，全年支出35.10万元。\n")
    rows = coded(budgets(voc, text, "999999-2024-pse"))
    assert rows and all(r[0] == "fiscal" for r in rows)


def test_a_sentence_saying_the_figures_before_are_wholly_of_one_source(voc: Vocabulary) -> None:
    text = ("某区信访局2024年度部门决算说明\n"
            "二、财政拨款收入支出决算总体情况说明\n"
            "    2024年度财政拨款收入、支出总计均为310.50万元，比上年增加4.20万元。全部为一般公共预算财政拨款。"
            "从功能分类看，一般公共服务支出280.30万元，住房保障支出30.20万元。\n"
            "三、“三公”经费财政拨款支出决算情况说明\n"
            "    2024年度“三公”经费财政拨款支出2.10万元。\n")
    rows = coded(budgets(voc, text, "999999-2024-fa"))
    assert ("gpb", "income_total", "executed", "310.50") in rows
    assert ("gpb", "expenditure_total", "executed", "310.50") in rows
    assert ("gpb", "income_total", "yoy_change", "4.20") in rows
    assert ("gpb", "func_201", "executed", "280.30") in rows
    assert ("gpb", "func_221", "executed", "30.20") in rows
    assert not [r for r in rows if r[0] == "fiscal" and r[1] in ("income_total", "expenditure_total", "func_201")]
    assert ("fiscal", "three_public", "executed", "2.10") in rows  # (the next section is of its own heading's fund)


def test_a_sentence_wholly_of_a_source_that_is_no_part_of_the_figures_fund_changes_nothing(voc: Vocabulary) -> None:
    text = ("某区信访局2024年度部门决算说明\n"
            "一、收入支出决算总体情况说明\n"
            "    2024年度本年收入合计320.00万元。全部为一般公共预算财政拨款。\n")
    rows = coded(budgets(voc, text, "999999-2024-fa"))
    assert ("all", "income_total", "executed", "320.00") in rows


@pytest.mark.parametrize(("words", "item"), [("财政拨款支出", "expenditure_total"), ("拨款收入", "income_total")])
def test_one_zero_stated_for_two_funds_is_a_row_of_each(voc: Vocabulary, words: str, item: str) -> None:
    text = ("某县信访局2024年度部门决算说明\n"
            "五、其他财政拨款决算情况说明\n"
            f"    本局2024年度政府性基金预算和国有资本经营预算{words}均为0。\n")
    rows = coded(budgets(voc, text, "999999-2024-fa"))
    assert ("gov_fund", item, "executed", "0") in rows
    assert ("soe_capital", item, "executed", "0") in rows
    assert not [r for r in rows if r[0] == "fiscal"]


def test_the_total_row_of_a_class_table_under_a_fund_heading_is_of_that_fund(voc: Vocabulary) -> None:
    text = ("某县信访局2024年度部门决算说明\n"
            "    （四）一般公共预算财政拨款支出决算情况\n"
            "    按功能分类科目，具体支出情况如下（单位：万元）：\n"
            "\n"
            "  科目编码    科目名称                    年初预算     支出决算\n"
            "  201         一般公共服务支出              250.00       262.50\n"
            "  2010308       信访事务                     80.00        92.50\n"
            "  221         住房保障支出                   20.00        20.00\n"
            "              合  计                        270.00       282.50\n")
    rows = coded(budgets(voc, text, "999999-2024-fa"))
    assert ("gpb", "func_201", "executed", "262.50") in rows
    assert ("gpb", "expenditure_total", "initial_budget", "270.00") in rows
    assert ("gpb", "expenditure_total", "executed", "282.50") in rows
    assert not [r for r in rows if r[0] == "all"]


def test_the_parts_of_three_public_and_their_table_are_of_the_wholes_fund(voc: Vocabulary) -> None:
    text = ("某县信访局2024年度部门决算说明\n"
            "    五、“三公”经费支出情况\n"
            "    2024年度“三公”经费财政拨款支出5.20万元。其中：因公出国（境）费0万元；公务用车购置及运行维护费3.40万元；\n"
            "公务接待费1.80万元。\n"
            "        项    目                  预算数       决算数\n"
            "        合    计                    6.00         5.20\n"
            "        因公出国（境）费            0.00         0.00\n"
            "        公务接待费                  2.00         1.80\n")
    rows = coded(budgets(voc, text, "999999-2024-fa"))
    assert ("fiscal", "three_public", "executed", "5.20") in rows
    assert ("fiscal", "three_public_vehicles", "executed", "3.40") in rows
    assert ("fiscal", "three_public_reception", "executed", "1.80") in rows
    assert [r for r in rows if r[1] == "three_public_reception" and r[3] == "2.00"] and not [r for r in rows if r[1].startswith("three_public") and r[0] == "all"]


def test_the_parts_of_three_public_keep_all_funds_where_the_whole_names_none(voc: Vocabulary) -> None:
    text = ("某县信访局2024年度部门决算说明\n"
            "    五、“三公”经费支出情况\n"
            "    2024年度“三公”经费支出5.20万元。其中：公务用车购置及运行维护费3.40万元；公务接待费1.80万元。\n")
    rows = coded(budgets(voc, text, "999999-2024-fa"))
    assert ("all", "three_public_vehicles", "executed", "3.40") in rows
    assert ("all", "three_public_reception", "executed", "1.80") in rows


def test_a_bare_budget_column_in_a_department_budget_is_its_initial_budget(voc: Vocabulary) -> None:
    table = ("   科目编码      科目名称                          预算数\n"
             "   201           一般公共服务支出                  210.40\n"
             "   2010308         信访事务                         64.20\n"
             "                 合    计                          210.40\n")
    budget = coded(budgets(voc, "某县信访局2025年部门预算公开说明\n    一般公共预算拨款支出按功能分类如下：\n" + table, "999999-2025-db"))
    assert ("gpb", "func_201", "initial_budget", "210.40") in budget
    assert ("gpb", "func_2010308", "initial_budget", "64.20") in budget
    assert not [r for r in budget if r[2] == "budget_unspecified"]
    accounts = coded(budgets(voc, "某县信访局2024年度部门决算说明\n    一般公共预算拨款支出按功能分类如下：\n" + table, "999999-2024-fa"))
    assert [r for r in accounts if r[1] == "func_201" and r[2] == "budget_unspecified"]


def test_a_table_of_two_years_budgets_and_their_change(voc: Vocabulary) -> None:
    text = ("某县信访局2025年部门预算公开说明\n"
            "    五、“三公”经费预算情况\n"
            "    2025年“三公”经费财政拨款预算5.10万元，比上年减少0.40万元。\n"
            "                                                         单位：万元\n"
            "      项    目                  2024年预算     2025年预算     增减额\n"
            "      合    计                        5.50           5.10      -0.40\n"
            "      因公出国（境）费                0.00           0.00       0.00\n"
            "      公务用车购置及运行维护费        3.30           3.10      -0.20\n"
            "      公务接待费                      2.20           2.00      -0.20\n")
    rows = coded(budgets(voc, text, "999999-2025-db"))
    assert ("fiscal", "three_public_reception", "prior_year_budget", "2.20") in rows
    assert ("fiscal", "three_public_reception", "initial_budget", "2.00") in rows
    assert ("fiscal", "three_public_reception", "yoy_change", "-0.20") in rows
    assert ("fiscal", "three_public", "prior_year_budget", "5.50") in rows


def test_a_half_width_full_stop_ends_the_sentence_and_its_comparison(voc: Vocabulary) -> None:
    text = ("某县信访局2025年部门预算公开说明\n"
            "二、收支预算\n"
            "    2025年收入预算2,150,000.00元,比上年增加60,000.00元,增长2.9%,主要是人员经费增加.支出预算2,150,000.00元.\n"
            "三、其他\n"
            "    公务接待费10,000.00元,公务用车运行维护费20,000.00元,与上年持平.\n"
            "    机关运行经费301,500.00元,比上年减少8,500.00元,下降2.7%.\n")
    rows = coded(budgets(voc, text, "999999-2025-db"))
    assert ("all", "expenditure_total", "initial_budget", "2150000.00") in rows
    assert ("all", "operating_costs", "initial_budget", "301500.00") in rows
    assert not [r for r in rows if r[2] in ("yoy_change", "prior_year_budget") and r[3] in ("2150000.00", "301500.00")]


def test_a_figure_said_to_be_wholly_of_one_source_is_one_row_under_that_source(voc: Vocabulary) -> None:
    # docs/transcription.md: a figure said to be wholly of one source goes under that source, once (no second row under
    # `all`, nor under the fund the figure is named by); the figures after it that name no source stay where they are.
    text = ("某乡镇信访办公室2025年度部门决算\n"
            "一、收支总体情况\n"
            "    本年度收入总额412.80万元，全额来自一般公共预算拨款；支出总额410.20万元，其中基本支出350.00万元。\n"
            "二、财政拨款情况\n"
            "    本年度财政拨款支出298.40万元（均为一般公共预算资金），较上年增加6.10万元。\n")
    rows = budgets(voc, text, "999999-2025-fa")
    got = coded(rows)
    assert [r for r in got if r[3] == "412.80"] == [("gpb", "income_total", "executed", "412.80")]
    assert [r for r in got if r[3] == "298.40"] == [("gpb", "expenditure_total", "executed", "298.40")]
    assert ("all", "expenditure_total", "executed", "410.20") in got
    assert ("all", "basic", "executed", "350.00") in got
    wholly = next(r for r in rows if r["amount"] == "412.80")
    assert "全额来自一般公共预算拨款" in wholly["source_quote"]  # (quoted to the words that name the source)
