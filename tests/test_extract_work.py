"""The contributor assistant on petition work, staffing, indicators and issues: sentences and tables
composed for these tests in the style of the reports (none is copied from a report or a fixture), so
the rules are shown to be general."""

from __future__ import annotations

import pytest

from conftest import ROOT
from xinfang.extract.draft import extract_text, rows_of
from xinfang.extract.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def voc() -> Vocabulary:
    return Vocabulary.load(ROOT / "data" / "codelists")


def draft(voc: Vocabulary, text: str, table: str, report_id: str = "999999-2023-fa") -> list[dict[str, str]]:
    rep = extract_text(text, voc, report_id)
    return [d.values for d in rows_of(rep, table)]


def test_organisations_by_the_kind_of_body_and_their_kinds_after_qizhong(voc: Vocabulary) -> None:
    text = ("本局为行政单位，内设综合股、接访股2个股室，下设县群众工作服务中心1个（公益一类事业单位），"
            "设独立编制机构2个，其中行政机构1个，其他事业机构1个。\n"
            "纳入本年度部门决算编报范围的独立核算单位2个（局本级和服务中心）。\n")
    got = [(r["category"], r["scope"], r["value"]) for r in draft(voc, text, "staffing")]
    assert got == [("internal_divisions", "all", "2"), ("affiliated_institutions", "all", "1"), ("affiliated_institutions", "all", "2"),
                   ("affiliated_institutions", "行政机构", "1"), ("affiliated_institutions", "其他事业机构", "1"),
                   ("accounting_units", "all", "2")]
    assert draft(voc, text, "petition_metrics") == []


def test_resolved_backlog_its_parts_and_counts_that_name_other_things(voc: Vocabulary) -> None:
    text = ("全年共化解省市交办的信访积案30件，其中省交办12件、市交办18件；化解后重复信访2件。\n"
            "对积案化解经费、网上信访平台维护经费2个项目开展了绩效自评。\n"
            "群众来访接待中心全年接待来访群众210批530人次，现场受理来访事项180件。\n"
            "全年受理信访事项960件，其中来信120件、网上信访600件。\n")
    got = [(r["metric"], r["scope"], r["value"]) for r in draft(voc, text, "petition_metrics")]
    assert got == [("backlog_cases_resolved", "all", "30"), ("backlog_cases_resolved", "省交办", "12"),
                   ("backlog_cases_resolved", "市交办", "18"), ("other_count", "化解后重复信访", "2"),
                   ("other_count", "网上信访平台维护经费", "2"),
                   ("visits_batches", "all", "210"), ("visits_persons", "all", "530"), ("cases_handled", "all", "180"),
                   ("volume_total", "all", "960"), ("letters", "all", "120"), ("online", "all", "600")]


def test_assets_counted_in_units_of_equipment_and_a_whole_stated_with_its_part(voc: Vocabulary) -> None:
    text = "截至2023年12月31日，本单位共有车辆2辆，其中一般公务用车2辆；单位价值50万元以上通用设备0台（套），单位价值100万元以上专用设备1台。\n"
    got = [(r["metric"], r["period"], r["value"], r["unit"]) for r in draft(voc, text, "petition_metrics")]
    assert got == [("official_vehicles", "report_year", "2", "辆"), ("other_count", "report_year", "0", "台（套）"),
                   ("other_count", "report_year", "1", "台")]
    assert [r["scope"] for r in draft(voc, text, "petition_metrics")][1:] == ["单位价值50万元以上通用设备", "单位价值100万元以上专用设备"]


def test_narrated_indicators_with_bare_points_results_before_targets_and_scores_only(voc: Vocabulary) -> None:
    """（一）X指标（40分） alone on its line is a subtotal; 2.Y指标（10分）：…，得10分 one item whose weight is in
    brackets; a level stated with 权重/自评得分 is a subtotal; a result stated before its target (达到92%，高于目标值
    （85%）) is still the result; 得满分10分 and （满分10分） give the weight; a level judged in words with its
    score only (…：制度健全，得10分) is an item; none of these figures is a petition figure."""
    text = ("某县信访局2023年度部门整体支出绩效自评报告\n"
            "（一）产出指标（40分）\n"
            "1.数量指标：年度计划调处矛盾纠纷不少于200起，实际调处246起，得20分。\n"
            "2.时效指标（10分）：来信按期回复率目标为95%以上，实际为97.5%，得10分。\n"
            "3.质量指标：信访录入规范率目标值100%，实际完成100%，得满分10分。\n"
            "（二）效益指标，权重30分，自评得分27分。\n"
            "1.社会效益指标：矛盾纠纷调处成功率达到93%，高于目标值（88%）5个百分点，得9分，扣1分。\n"
            "2.可持续影响指标：调解工作机制健全，得10分。\n"
            "3.服务对象满意度指标：调解当事人满意率98%，目标值≥90%，得分8分（满分10分）。\n")
    got = [(r["row_kind"], r["level1"], r["level2"], r["operator"], r["target_value"], r["actual_value"], r["weight"], r["score"],
            r["parent_row"]) for r in draft(voc, text, "indicators", "999999-2023-dse")]
    assert got == [("subtotal", "产出指标", "", "", "", "", "40", "", ""),
                   ("item", "产出指标", "数量指标", "≥", "200", "246", "", "20", "1"),
                   ("item", "产出指标", "时效指标", "≥", "95", "97.5", "10", "10", "1"),
                   ("item", "产出指标", "质量指标", "", "100", "100", "10", "10", "1"),
                   ("subtotal", "效益指标", "", "", "", "", "30", "27", ""),
                   ("item", "效益指标", "社会效益指标", "", "88", "93", "", "9", "5"),
                   ("item", "效益指标", "可持续影响指标", "", "", "", "", "10", "5"),
                   ("item", "效益指标", "服务对象满意度指标", "≥", "90", "98", "10", "8", "5")]
    rows = draft(voc, text, "indicators", "999999-2023-dse")
    assert [r["deviation_reason"] for r in rows][3] == ""  # (目标值100%，实际完成100%: the result's own text, not the target's)
    assert rows[6]["actual_text"] == "调解工作机制健全"
    assert draft(voc, text, "petition_metrics", "999999-2023-dse") == []
    assert all(r["source_quote"] in text for r in rows)


def test_department_indicator_table_total_and_a_level_run_into_the_next_cell(voc: Vocabulary) -> None:
    """A department table's 合计/总分 row is the report's score, no indicator row; a level cell run into the
    next one by the export (效益指标（20分）社会效益) is the level's subtotal and the next level's cell."""
    text = ("某县信访局2023年度部门整体支出绩效自评报告\n\n"
            "  一级指标          二级指标      三级指标              分值   年度目标值   实际完成值   得分\n"
            "  产出指标（30分）  数量指标      调处矛盾纠纷            20    ≥300起        342起         20\n"
            "                    质量指标      调处成功率              10     ≥95%          96.1%        10\n"
            "  效益指标（20分）社会效益        信访秩序                20     好转          明显好转     18\n"
            "  总分                                                  50                                48\n")
    got = [(r["row_kind"], r["level1"], r["level2"], r["weight"], r["score"]) for r in draft(voc, text, "indicators", "999999-2023-dse")]
    assert got == [("subtotal", "产出指标", "", "30", ""), ("item", "产出指标", "数量指标", "20", "20"), ("item", "产出指标", "质量指标", "10", "10"),
                   ("subtotal", "效益指标", "", "20", ""), ("item", "效益指标", "社会效益", "20", "18")]


def test_a_sentence_of_plans_the_year_before_and_staff_of_no_petition_work(voc: Vocabulary) -> None:
    """In a sentence that opens with a plan (力争, 确保, 计划…, 目标为) every figure is a `target`, a batch and
    person pair and a none in words too, until a result is stated; a sentence opening with a year before
    the report's (2023年，… in a 2024 budget) states that year's figures (`prior_year`); 公益性岗位 staff are
    no petition figures (they are `temporary`, docs/transcription.md 0.3.0); a part equal to its whole after 其中 is no second row."""
    text = ("本局在编在职人员9人，离退休人员4人，其中退休4人；另有公益性岗位人员3名。\n"
            "2024年，我局将力争全年受理信访事项900件以上，接待来访不少于300批次800人次，按期办结率保持在96%以上，确保进京非访“零登记”。\n"
            "按照年初计划，全年接待来访群众280批。\n"
            "2023年，全县共受理信访事项860件；接待来访群众276批701人次。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2024-db")]
    assert got == [("volume_total", "target", "900"), ("visits_batches", "target", "300"), ("visits_persons", "target", "800"),
                   ("on_time_completion_rate", "target", "96"), ("irregular_beijing", "target", "0"),
                   ("visits_batches", "report_year", "280"),
                   ("volume_total", "prior_year", "860"), ("visits_batches", "prior_year", "276"), ("visits_persons", "prior_year", "701")]
    assert [(r["category"], r["value"]) for r in draft(voc, text, "staffing", "999999-2024-db")] == [("in_post_total", "9"), ("retired", "4"), ("temporary", "3")]


def test_issues_under_a_heading_of_both_and_problems_with_their_measures_on_one_line(voc: Vocabulary) -> None:
    """五、存在的问题及改进措施 heads its parts (no item of its own); 存在问题：一是…；二是…。改进措施：一是… on one
    line gives the problems, then the measures, and the section ends with its line (二、 is the next
    project's heading, not an item); 主要问题：…。整改措施：… opening a line is a section too."""
    text = ("某县信访局2023年度项目支出绩效自评报告\n"
            "一、矛盾调处经费项目\n该项目年初预算20万元，实际支出19万元。\n"
            "存在问题：一是调处台账不够规范；二是经费报销周期较长。改进措施：一是规范台账管理；二是简化报销流程。\n"
            "二、法治宣传经费项目\n该项目年初预算6万元，实际支出6万元。\n"
            "主要问题：宣传覆盖面不广。整改措施：拓展线上宣传渠道。\n"
            "三、存在的问题及改进措施\n（一）存在的问题\n1.个别项目绩效目标偏笼统。\n（二）改进措施\n1.细化项目绩效目标。\n")
    got = [(r["project_id"], r["kind"], r["text_zh"]) for r in draft(voc, text, "issues", "999999-2023-pse")]
    assert got == [("p1", "problem", "调处台账不够规范"), ("p1", "problem", "经费报销周期较长。"),
                   ("p1", "measure", "规范台账管理"), ("p1", "measure", "简化报销流程。"),
                   ("p2", "problem", "宣传覆盖面不广。"), ("p2", "measure", "拓展线上宣传渠道。"),
                   ("p2", "problem", "个别项目绩效目标偏笼统。"), ("p2", "measure", "细化项目绩效目标。")]


def test_narrated_items_named_by_a_colon_with_targets_after_their_results(voc: Vocabulary) -> None:
    """（N）X：… items under a level: a figure before the result in the result's unit is the target (经费
    预算数…，实际支出…); a figure followed by 的年度目标 is the target (超过85%的年度目标); a numbered item judged
    in words with its score only is an item; a conclusion (自评结论：…得95分) is never one."""
    text = ("某县信访局2024年度部门整体支出绩效自评报告\n"
            "（一）产出指标（分值40分，得分39分）\n"
            "（1）调解经费控制：预算数12万元，实际支出11.6万元，未超预算，得10分。\n"
            "（2）调解成功率：调解成功率93.5%，超过85%的年度目标，得10分。\n"
            "（3）调解档案管理：档案齐全，归档及时，扣1分，得9分。\n"
            "（4）自评结论：综合各项指标，自评得分95分。\n")
    got = [(r["row_kind"], r["level3"], r["target_value"], r["actual_value"], r["unit"], r["score"]) for r in draft(voc, text, "indicators", "999999-2024-dse")]
    assert got == [("subtotal", "", "", "", "", "39"), ("item", "调解经费控制", "12", "11.6", "万元", "10"),
                   ("item", "调解成功率", "85", "93.5", "%", "10"), ("item", "调解档案管理", "", "", "", "9")]
    assert draft(voc, text, "petition_metrics", "999999-2024-dse") == []


def test_a_level_named_item_without_points_and_the_result_of_a_plan(voc: Vocabulary) -> None:
    """1.数量指标：计划…不少于…，实际… under a level heading is an item though it prints no points; in petition
    prose the figure after 实际 that follows a planned one is that plan's result (same metric, the year's)."""
    text = ("某县信访局2024年度部门整体支出绩效自评报告\n（一）产出指标\n"
            "1.数量指标：全年计划调处矛盾纠纷不少于400起，实际调处455起。\n"
            "（二）主要工作成效\n全年计划开展法治宣传20场次，实际开展26场次。\n")
    ind = [(r["level2"], r["target_value"], r["actual_value"], r["weight"], r["score"]) for r in draft(voc, text, "indicators", "999999-2024-dse")]
    assert ind == [("数量指标", "400", "455", "", "")]
    got = [(r["metric"], r["scope"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2024-dse")]
    assert [(p, v) for _, _, p, v in got] == [("target", "20"), ("report_year", "26")] and got[0][0] == got[1][0]


def test_matters_accepted_in_other_words_respective_rates_and_disputes_resolved(voc: Vocabulary) -> None:
    """受理 with words before 事项 (登记受理各类信访事项, 受理、办理信访事项) is the volume (a kind named in between keeps
    its metric); 分别为X、Y gives one metric each, in turn; 化解矛盾纠纷 is mediation, not the petitions' backlog."""
    text = ("全年登记受理各类信访事项640件，受理、办理信访事项共652件，受理网上信访事项410件。\n"
            "全年信访事项及时受理率、按期答复率分别为99%、97.5%。\n"
            "全年排查化解矛盾纠纷188起。\n")
    got = [(r["metric"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2023-dse")]
    assert got == [("volume_total", "640"), ("volume_total", "652"), ("online", "410"),
                   ("timely_acceptance_rate", "99"), ("on_time_reply_rate", "97.5"), ("mediation_cases", "188")]


def test_a_summary_of_scores_restating_the_levels_is_drafted_once(voc: Vocabulary) -> None:
    """其中预算执行率得分9分，产出指标得分37分… restates the levels the report also states with their points: the
    levels' rows are kept, the summary adds only what is stated nowhere else (预算执行率 is the item, never a subtotal)."""
    text = ("某县信访局2023年度部门整体支出绩效自评报告\n"
            "经自评，部门整体支出绩效得分94分，其中预算执行率得分9分，产出指标得分37分，效益指标得分28分。\n"
            "（二）产出指标（分值40分，得分37分）。\n"
            "1.数量指标：计划调处纠纷不少于100起，实际调处120起，分值40分，得37分。\n")
    got = [(r["row_kind"], r["level1"], r["weight"], r["score"]) for r in draft(voc, text, "indicators", "999999-2023-dse")]
    assert got == [("item", "预算执行率", "", "9"), ("subtotal", "效益指标", "", "28"), ("subtotal", "产出指标", "40", "37"),
                   ("item", "产出指标", "40", "37")]


def test_events_that_did_not_happen_and_a_tables_overall_target(voc: Vocabulary) -> None:
    """未发生X事件 is a none of that event (other_count 0, its words as scope) even when its words are a kind
    of thing (因…引发的…事件); the overall target and result of a self-evaluation table (预期目标：…,
    实际完成情况：…) are the table's, no petition figures."""
    text = ("全年网上信访平台运行平稳，未发生数据泄露事件，未发生因信访问题引发的极端事件。\n"
            "  年度总体目标      预期目标：调处矛盾纠纷300起以上。\n"
            "                    实际完成情况：调处矛盾纠纷342起。\n")
    got = [(r["metric"], r["scope"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2023-pse")]
    assert got == [("other_count", "数据泄露事件", "0"), ("other_count", "因信访问题引发的极端事件", "0")]


def test_indicator_table_with_points_below_the_level_wrapped_cells_and_a_budget_row_of_its_own(voc: Vocabulary) -> None:
    """A ruled self-evaluation table as pdftotext prints it: a budget-execution row under its own column heads
    (no heading over the label column) is the 预算执行率 item and the budget rows; 年度目标 is the target column;
    the 一级指标's （40分） on the line below its name is its subtotal (before its items, their parent); a row
    without figures is the rest of the cells above (a wrapped 二级指标 or 偏差原因); 不少于/达到…以上 give ≥."""
    text = ("某县信访局2023年度部门整体支出绩效自评表\n\n"
            "              年初预算数     全年预算数     全年执行数      分值      执行率       得分\n"
            "  预算执行     200.00         220.00         215.60          10        98.00%       9.8\n\n"
            "  一级指标     二级指标       三级指标                年度目标         实际完成值    分值   得分   偏差原因\n"
            "  产出指标     数量指标       调处矛盾纠纷            不少于300起      342起         20     20\n"
            "  （40分）                    法治宣传场次            ≥12场            15场          10     10\n"
            "               时效指标       调处及时率              达到95%以上      93%           10     8      少数纠纷涉及多个\n"
            "                                                                                                 部门，协调周期长\n"
            "  满意度指标   服务对象满     当事人满意率            ≥90%             96%           10     10\n"
            "  （10分）     意度指标\n"
            "  合计                                                                               60     57.8\n")
    rep = extract_text(text, voc, "999999-2023-dse")
    got = [(d.values["row_kind"], d.values["level1"], d.values["level2"], d.values["operator"], d.values["target_value"], d.values["actual_value"],
            d.values["weight"], d.values["score"], d.values["parent_row"]) for d in rows_of(rep, "indicators")]
    assert got == [("item", "预算执行率", "", "", "", "98.00", "10", "9.8", ""), ("subtotal", "产出指标", "", "", "", "", "40", "", ""),
                   ("item", "产出指标", "数量指标", "≥", "300", "342", "20", "20", "2"), ("item", "产出指标", "数量指标", "≥", "12", "15", "10", "10", "2"),
                   ("item", "产出指标", "时效指标", "≥", "95", "93", "10", "8", "2"), ("subtotal", "满意度指标", "", "", "", "", "10", "", ""),
                   ("item", "满意度指标", "服务对象满意度指标", "≥", "90", "96", "10", "10", "6")]
    assert rows_of(rep, "indicators")[4].values["deviation_reason"] == "少数纠纷涉及多个部门，协调周期长"
    budgets = [(d.values["item"], d.values["stage"], d.values["amount"], d.values["rate_pct"]) for d in rows_of(rep, "budgets")]
    assert budgets == [("expenditure_total", "initial_budget", "200.00", ""), ("expenditure_total", "adjusted_budget", "220.00", ""),
                       ("expenditure_total", "executed", "215.60", "98.00")]


def test_goals_narrated_without_points_their_total_and_the_budget_execution_in_passing(voc: Vocabulary) -> None:
    """绩效目标完成情况：一是…计划…不少于…，实际…；二是…率X%，高于Y%的年度目标；三是…达到X%（目标Y%）: items without
    points (only their target and result are the indicator's: the other figures of the work stay petition figures);
    以上绩效指标共得N分（分值M分） is their subtotal; …执行率X%，预算执行得分N分（分值M分） the budget-execution item; 排查
    矛盾纠纷N起，化解M起 are the issues screened and resolved; matters a 信息系统 accepted are the ones it handled."""
    text = ("某县信访局2023年度项目支出绩效自评报告\n"
            "一、矛盾纠纷调处工作经费\n"
            "该项目全年预算数10.00万元，全年实际支出9.20万元，预算执行率92%，预算执行得分9.2分（分值10分）。\n"
            "项目绩效目标完成情况：一是开展法治宣传，计划开展不少于20场，实际开展24场，发放宣传资料3000份；二是矛盾纠纷排查，"
            "全年排查矛盾纠纷260起，化解247起，调处成功率95%，高于90%的年度目标；三是当事人满意度达到96%（目标90%）。"
            "以上绩效指标共得85分（分值90分）。\n"
            "全年通过信访信息系统受理信访事项530件。\n")
    rep = extract_text(text, voc, "999999-2023-pse")
    ind = [(d.values["row_kind"], d.values["level1"], d.values["target_value"], d.values["actual_value"], d.values["weight"], d.values["score"],
            d.values["parent_row"]) for d in rows_of(rep, "indicators")]
    assert ind == [("item", "预算执行率", "", "92", "10", "9.2", ""), ("item", "", "20", "24", "", "", "5"), ("item", "", "90", "95", "", "", "5"),
                   ("item", "", "90", "96", "", "", "5"), ("subtotal", "绩效指标", "", "", "90", "85", "")]
    got = [(r["metric"], r["value"]) for r in (d.values for d in rows_of(rep, "petition_metrics"))]
    assert got == [("outreach_materials", "3000"), ("key_issues_listed", "260"), ("key_issues_resolved", "247"), ("cases_handled", "530")]
    assert ("executed", "9.20", "92") in {(b.values["stage"], b.values["amount"], b.values["rate_pct"])  # (the rate stays the budget row's)
                                          for b in rows_of(rep, "budgets")}


def test_matters_handled_official_visitors_after_their_cost_and_an_aside_closed_at_a_wrap(voc: Vocabulary) -> None:
    """信访事项办理N件 (or ，办理N件 after the matters accepted) is `cases_handled`, 受理 the volume; 公务接待费…，共接待N批次、
    M人次 are the official visitors; a wrapped line ending in an aside (较上年（N件次）) goes on with its paragraph."""
    text = ("    （一）总体情况。2023年，全县共受理信访事项1120件次，较上年（1205件次）\n"
            "下降7.1%；全县信访事项办理1108件，办结1090件。\n"
            "    公务接待费0.65万元，共接待9批次、54人次。\n")
    got = [(r["metric"], r["period"], r["value"] or r["change_pct"]) for r in draft(voc, text, "petition_metrics", "999999-2023-dse")]
    assert got == [("volume_total", "report_year", "1120"), ("volume_total", "prior_year", "1205"), ("volume_total", "yoy_change", "-7.1"),
                   ("cases_handled", "report_year", "1108"), ("other_count", "report_year", "1090"),
                   ("official_receptions_batches", "report_year", "9"), ("official_receptions_persons", "report_year", "54")]


def test_assets_at_a_date_plans_across_clauses_campaign_rates_and_figures_of_no_petition_work(voc: Vocabulary) -> None:
    """In a budget for 2025: 截至2024年12月31日 earlier in the sentence makes its counts the year before's; a none after
    确保 is a target; 业务培训 counts training sessions. 化解率 after a campaign's running total is the campaign's; 部门
    预算执行率X% is the budget's; 新增人员N名 and 预算编制范围 are no staffing or petition figures; an amount before
    （含）以上 is a threshold; 无下属单位 is none of the affiliated institutions."""
    budget = ("截至2024年12月31日，本单位共有车辆2辆；单价50万元以上通用设备0台（套）。\n"
              "部门整体绩效目标：计划全年受理信访事项不少于900件；确保进京非访“零登记”，组织信访干部业务培训不少于3次。\n"
              "人员经费增加，主要原因是人员调资及新增人员2名。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, budget, "petition_metrics", "999999-2025-db")]
    assert got == [("official_vehicles", "prior_year", "2"), ("other_count", "prior_year", "0"), ("volume_total", "target", "900"),
                   ("irregular_beijing", "target", "0"), ("training_sessions", "target", "3")]
    accounts = ("本局内设3个股室，无下属单位。\n"
                "专项行动中，省市交办的信访积案40件，累计化解36件，化解率90%。2023年度部门预算执行率97.6%。"
                "单价100万元（含）以上设备0台（套）。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, accounts, "petition_metrics", "999999-2023-fa")]
    assert got == [("backlog_cases_assigned", "cumulative", "40"), ("backlog_cases_resolved", "cumulative", "36"),
                   ("backlog_resolution_rate", "cumulative", "90"), ("other_count", "report_year", "0")]
    assert sorted((r["category"], r["value"]) for r in draft(voc, accounts, "staffing", "999999-2023-fa")) == [
        ("affiliated_institutions", "0"), ("internal_divisions", "3")]


def test_points_in_brackets_aspects_judged_in_words_and_no_reason_from_filler(voc: Vocabulary) -> None:
    """（分值10分，得分8分） after the result, 得满分（10分）, and aspects judged in words (社会效益方面，…，得15分（满分15分）)
    are items; the words between the result and the points are a reason only when they give one."""
    text = ("某县信访局2024年度部门整体支出绩效自评报告\n"
            "（二）产出指标完成情况（满分30分，得分28分）\n"
            "（1）调处矛盾纠纷数量：目标值≥300起，完成值326起（分值10分，得分10分）。\n"
            "（2）领导包案：年度目标为领导包案不少于20件，全年实际包案24件，该项指标得满分（10分）。\n"
            "（3）调处成功率：目标值≥95%，完成值92%，部分纠纷当事人诉求过高，得8分（满分10分）。\n"
            "（三）效益指标完成情况（满分30分，得分29分）\n"
            "社会效益方面，群众矛盾就地化解率提升，得15分（满分15分）；可持续影响方面，调解机制持续完善，得14分（满分15分）。\n")
    got = [(r["row_kind"], r["target_value"], r["actual_value"], r["weight"], r["score"], r["deviation_reason"])
           for r in draft(voc, text, "indicators", "999999-2024-dse")]
    assert got == [("subtotal", "", "", "30", "28", ""), ("item", "300", "326", "10", "10", ""), ("item", "20", "24", "10", "10", ""),
                   ("item", "95", "92", "10", "8", "部分纠纷当事人诉求过高"), ("subtotal", "", "", "30", "29", ""),
                   ("item", "", "", "15", "15", ""), ("item", "", "", "15", "14", "")]


def test_people_counted_in_a_sentence_of_staff_are_no_petition_figures(voc: Vocabulary) -> None:
    """遗属1人, 现有科级干部5名 in a sentence that states the bureau's staff are no petition figures (no staffing code:
    left to unplaced.csv)."""
    text = "本局核定编制9名，实有人数8人；退休人员5人，遗属1人。核定领导职数3名，现有科级干部5名。\n"
    assert draft(voc, text, "petition_metrics", "999999-2025-db") == []
    assert [(r["category"], r["value"]) for r in draft(voc, text, "staffing", "999999-2025-db")] == [
        ("establishment_total", "9"), ("in_post_total", "8"), ("retired", "5"), ("leadership_posts", "3")]


def test_a_project_form_whose_budget_block_and_indicator_grid_are_one_run_of_aligned_lines(voc: Vocabulary) -> None:
    """项目支出绩效自评表 printed by pdftotext as one run: the budget block under its own headings (年初预算数 …, to the
    right of 项目资金) and the indicator grid under 一级指标 … are each aligned on their own columns (the run is cut before
    a row of headings followed by a row of figures)."""
    text = ("某县信访局2023年度项目支出绩效自评报告\n\n"
            "  项目名称         矛盾纠纷调处专项经费\n"
            "  主管部门         某县信访局                    实施单位      某县信访局\n"
            "                                   年初预算数   全年预算数   全年执行数   分值   执行率    得分\n"
            "  项目资金         年度资金总额       30.00        32.00        30.40       10     95.00%    9.5\n"
            "  绩效指标  一级指标   二级指标        三级指标           年度指标值     实际完成值   分值   得分   偏差原因及改进措施\n"
            "            产出指标   数量指标        调处纠纷件数       ≥200件         236件        20     20\n"
            "                       质量指标        调处成功率         ≥95%           96.2%        20     20\n"
            "  总分                                                                              50     49.5\n")
    rep = extract_text(text, voc, "999999-2023-pse")
    p = [(d.values["name_zh"], d.values["initial_budget"], d.values["adjusted_budget"], d.values["executed"], d.values["execution_rate_pct"],
          d.values["total_weight"], d.values["total_score"]) for d in rows_of(rep, "projects")]
    assert p == [("矛盾纠纷调处专项经费", "30.00", "32.00", "30.40", "95.00", "50", "49.5")]
    ind = [(d.values["level1"], d.values["target_value"], d.values["actual_value"], d.values["weight"], d.values["score"]) for d in rows_of(rep, "indicators")]
    assert ind == [("预算执行率", "", "95.00", "10", "9.5"), ("产出指标", "200", "236", "20", "20"), ("产出指标", "95", "96.2", "20", "20")]


def test_targets_stated_after_their_results_matters_handled_and_trips_to_the_city(voc: Vocabulary) -> None:
    """A target whose words name nothing of their own (目标值为不低于…, 年初确定的目标为…, 达到目标值…) is the target of
    the metric just stated; 办理…事项完成N件 is the matters handled (and its target too); 赴市 names the visits to the
    city; 重复信访率 is the repeat-petition rate; towns counted (12个乡镇…) are grassroots units."""
    text = ("全年按期办结率98.6%，年初确定 的目标为不低于90%；群众满意率95%，目标值不低于85%。\n"
            "全年办理信访事项完成860件，达到目标值800件；网上信访及时受理率100%，达到目标值≥97%。\n"
            "全年发生赴市越级访12批30人次；重复信访率4.2%。\n"
            "全县12个乡镇均设立信访代理室。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2024-dse")]
    assert got == [("on_time_completion_rate", "report_year", "98.6"), ("on_time_completion_rate", "target", "90"),
                   ("satisfaction_rate", "report_year", "95"), ("satisfaction_rate", "target", "85"),
                   ("cases_handled", "report_year", "860"), ("cases_handled", "target", "800"),
                   ("timely_acceptance_rate", "report_year", "100"), ("timely_acceptance_rate", "target", "97"),
                   ("to_city_batches", "report_year", "12"), ("to_city_persons", "report_year", "30"),
                   ("repeat_petition_rate", "report_year", "4.2"), ("grassroots_units", "report_year", "12")]


def test_staff_in_post_by_kind_in_ascii_brackets_and_a_whole_holding_the_retired(voc: Vocabulary) -> None:
    """在职人员9人(行政7人, 事业2人) in ASCII brackets, wrapped: the kinds; 年末实有人数13人，其中在职人员9人: the whole holds
    more than the staff in post (no staffing code; no row), and 基本支出…，占…% with its amount printed without 万元 is no
    petition figure."""
    text = ("    截至2024年12月31日，年末实有人数13人，其中在职人员9人(行政7人,\n"
            "事业2人)，退休人员4人。\n"
            "    基本支出120.50，占80.10%。\n")
    got = [(r["category"], r["value"]) for r in draft(voc, text, "staffing")]
    assert got == [("in_post_total", "9"), ("in_post_admin", "7"), ("in_post_institution", "2"), ("retired", "4")]
    assert draft(voc, text, "petition_metrics") == []


def test_a_table_of_targets_drawn_with_ruled_lines(voc: Vocabulary) -> None:
    """A table drawn in text (──── under its header and around its rows) is one run of aligned lines: the ruled lines are no
    rows and do not cut it; a budget's table of targets (指标值 only) gives an item per row with its target and operator."""
    rule = "  " + "─" * 60
    text = "\n".join(["  二、项目绩效目标表", rule,
                      "   一级指标     二级指标       三级指标                  指标值", rule,
                      "   产出指标     数量指标       调处矛盾纠纷              ≥400起",
                      "                质量指标       调解协议履行率            不低于95%",
                      "   满意度指标   服务对象满意度 当事人满意率              力争90%以上", rule, ""])
    got = [(r["level1"], r["level2"], r["level3"], r["target_value"], r["operator"]) for r in draft(voc, text, "indicators", "999999-2025-db")]
    assert [g[:4] for g in got] == [("产出指标", "数量指标", "调处矛盾纠纷", "400"), ("产出指标", "质量指标", "调解协议履行率", "95"),
                                    ("满意度指标", "服务对象满意度", "当事人满意率", "90")]
    assert [g[4] for g in got][:2] == ["≥", "≥"]


def test_units_the_accounts_cover_money_of_contracts_and_a_page_number_inside_a_section(voc: Vocabulary) -> None:
    """纳入本部门2024年度部门决算编制范围的单位共2个 counts the accounting units (the year before it does not cut it), and so
    does a budget's 纳入…部门预算编制范围的单位共N个; an
    amount of contracts or assets is no petition figure; a page's number (- 3 -) between a heading and its text does not
    end the section."""
    text = ("    纳入本部门2024年度部门决算编制范围的单位共2个。授予中小企业合同金额12.40万元；资产总额56.00万元。\n"
            "    五、存在的问题\n"
            "    一是宣传不够深入。二是人员兼职较多。\n"
            "    六、改进措施\n"
            "\n"
            "                                      - 3 -\n"
            "\n"
            "    一是加强宣传。二是充实专职人员。\n")
    assert [(r["category"], r["value"]) for r in draft(voc, text, "staffing", "999999-2024-fa")] == [("accounting_units", "2")]
    assert draft(voc, text, "petition_metrics", "999999-2024-fa") == []
    budget = "    纳入2025年部门预算编制范围的单位共2个。\n"  # a budget's units: the same fact (docs/transcription.md, round 15)
    assert [(r["category"], r["value"]) for r in draft(voc, budget, "staffing", "999999-2025-db")] == [("accounting_units", "2")]
    assert draft(voc, budget, "petition_metrics", "999999-2025-db") == []
    assert [(r["kind"], r["text_zh"]) for r in draft(voc, text, "issues", "999999-2024-fa")] == [
        ("problem", "宣传不够深入。"), ("problem", "人员兼职较多。"), ("measure", "加强宣传。"), ("measure", "充实专职人员。")]


def test_a_department_table_whose_header_words_are_spaced_out(voc: Vocabulary) -> None:
    """项    目 and 合    计 (a word spaced out in a fixed-width export, two cells of one character) are one column: the
    stage columns keep their figures and the quote is the row as printed."""
    text = ("  表3 部门支出执行情况表\n"
            "  项    目          年初预算数    全年预算数    全年执行数    执行率\n"
            "  基本支出          210.00        226.00        224.30        99.25%\n"
            "  项目支出           60.00         66.00         61.20        92.73%\n"
            "  合    计          270.00        292.00        285.50        97.77%\n")
    got = [(r["item"], r["stage"], r["amount"], r["rate_pct"]) for r in draft(voc, text, "budgets")]
    assert got == [("basic", "initial_budget", "210.00", ""), ("basic", "adjusted_budget", "226.00", ""), ("basic", "executed", "224.30", "99.25"),
                   ("project", "initial_budget", "60.00", ""), ("project", "adjusted_budget", "66.00", ""), ("project", "executed", "61.20", "92.73"),
                   ("expenditure_total", "initial_budget", "270.00", ""), ("expenditure_total", "adjusted_budget", "292.00", ""),
                   ("expenditure_total", "executed", "285.50", "97.77")]
    assert draft(voc, text, "budgets")[-1]["source_quote"] == "合 计 270.00 292.00 285.50 97.77%"


def test_a_level_stated_as_a_sentence_of_its_own_and_names_without_their_target_words(voc: Vocabulary) -> None:
    """1.数量指标。 as a sentence of its own names the level2 of the items after it on its line; an item's name drops the
    words of its target (年度指标值为, 指标值为) and a lead-in of plan (年初计划)."""
    text = ("    （一）产出指标（分值20分，得分19分）\n"
            "    1.数量指标。年初计划调处矛盾纠纷不少于300起，实际调处342起，得10分。\n"
            "    2.质量指标。调解协议履行率年度指标值为≥95%，实际完成97.1%，得9分。\n")
    got = [(r["row_kind"], r["level2"], r["level3"], r["target_value"], r["actual_value"], r["score"])
           for r in draft(voc, text, "indicators", "999999-2024-dse")]
    assert got == [("subtotal", "", "", "", "", "19"), ("item", "数量指标", "调处矛盾纠纷", "300", "342", "10"),
                   ("item", "质量指标", "调解协议履行率", "95", "97.1", "9")]


def test_shares_listed_after_fenbie_zhan_changes_of_a_pair_a_year_compared_and_none_as_wei_ling(voc: Vocabulary) -> None:
    """…，分别占信访总量的16%、33.3%和50.6% are the shares of the counts just stated (no rows); 21批次、365人次，同比分别下降
    16%和21.5% are the changes of the batches and of the persons; 较2023年的1410件 is the year compared with (`prior_year`);
    进京访为零 is a none of its metric."""
    text = ("    2024年，全县信访总量1236件，较2023年的1410件下降12.3%。其中：来信198件，来访412批次，网上信访626件，"
            "分别占信访总量的16%、33.3%和50.6%。\n"
            "    全年集体访21批次、365人次，同比分别下降16%和21.5%；进京访为零。\n")
    got = [(r["metric"], r["period"], r["value"] or r["change_pct"]) for r in draft(voc, text, "petition_metrics", "999999-2024-dse")]
    assert got == [("volume_total", "report_year", "1236"), ("volume_total", "prior_year", "1410"), ("volume_total", "yoy_change", "-12.3"),
                   ("letters", "report_year", "198"), ("visits_batches", "report_year", "412"), ("online", "report_year", "626"),
                   ("group_petitions_batches", "report_year", "21"), ("group_petitions_persons", "report_year", "365"),
                   ("group_petitions_batches", "yoy_change", "-16"), ("group_petitions_persons", "yoy_change", "-21.5"),
                   ("to_beijing_batches", "report_year", "0")]


def test_a_levels_points_in_a_sentence_after_its_narrative_and_a_rate_word_after_a_count(voc: Vocabulary) -> None:
    """1.产出指标完成情况。…。该项指标分值40分，自评得分38分。: the level's subtotal (its items on the line under it); a
    percentage after a rate word of its own (完成率108.8%) following a count is no figure of the count's metric."""
    text = ("    1.产出指标完成情况。全年计划调处矛盾纠纷400起，实际调处436起，完成率109%；调解成功率目标为90%，实际为95.2%。"
            "该项指标分值40分，自评得分38分。\n"
            "    2.满意度指标完成情况。当事人满意率目标为90%，实际为96%。本项指标满分10分，得10分。\n")
    got = [(r["row_kind"], r["level1"], r["target_value"], r["actual_value"], r["weight"], r["score"])
           for r in draft(voc, text, "indicators", "999999-2024-dse")]
    assert ("subtotal", "产出指标", "", "", "40", "38") in got and ("subtotal", "满意度指标", "", "", "10", "10") in got
    assert ("item", "满意度指标", "90", "96", "", "") in got
    rates = [(r["metric"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2024-dse") if r["unit"] == "%"]
    assert ("other_count", "109") in rates


def test_levels_stated_with_their_points_in_a_summary_and_a_result_after_bare_wancheng(voc: Vocabulary) -> None:
    """其中：预算执行率（权重10分）得9.6分；产出指标（40分）得37分；效益指标30分得28分；满意度指 标满分10分，得9分: each level
    stated with its points and score in a passage is its `subtotal` (预算执行率 the budget-execution item, a rate
    between its points and score its actual); “名称”指标值…，完成… (bare 完成) is an indicator's result; a project's or the
    department's own score (X项目支出…，自评得分95分) is no level."""
    text = ("某县信访局2023年度项目支出绩效自评报告\n"
            "经自评，该项目得分93.6分。其中：预算执行率（权重10分）得9.6分；产出指标（40分）得37分；效益指标30分得28分；满意度指 标满分10分，得9分。\n"
            "质量指标“来信按期答复率”指标值≥96%，完成97.4%。\n"
            "其中矛盾调处专项经费项目支出20.5万元，自评得分95分。\n")
    got = [(r["row_kind"], r["level1"], r["level3"], r["weight"], r["score"], r["target_value"], r["actual_value"])
           for r in draft(voc, text, "indicators", "999999-2023-pse")]
    assert got == [("item", "预算执行率", "", "10", "9.6", "", ""), ("subtotal", "产出指标", "", "40", "37", "", ""),
                   ("subtotal", "效益指标", "", "30", "28", "", ""), ("subtotal", "满意度指标", "", "10", "9", "", ""),
                   ("item", "", "来信按期答复率", "", "", "96", "97.4")]
    assert [r["value"] for r in draft(voc, text, "petition_metrics", "999999-2023-pse")] == []


def test_figures_under_a_heading_of_targets_are_targets(voc: Vocabulary) -> None:
    """四、2024年工作目标 (or （三）年度绩效目标。…) heads a passage of targets: its figures are `target` until the next
    numbered heading (a year before the report's stays `prior_year`); a heading of results (目标完成情况) is not one."""
    text = ("某县信访局2024年部门预算编制说明\n"
            "四、2024年工作目标\n"
            "    2023年，全县共受理信访事项920件。全年接待群众来访不少于600人次；信访事项按期办结率达到96%以上；进京访控制在3批次以内。\n"
            "五、其他情况\n"
            "    全年受理网上信访事项410件。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2024-db")]
    assert got == [("volume_total", "prior_year", "920"), ("visits_persons", "target", "600"), ("on_time_completion_rate", "target", "96"),
                   ("to_beijing_batches", "target", "3"), ("online", "report_year", "410")]


def test_a_form_whose_merged_cells_are_printed_on_lines_of_their_own(voc: Vocabulary) -> None:
    """A fixed-width self-evaluation form whose merged cells the export printed on short lines of their own, in the
    middle of their rows: the first cell of the budget block above and below its row, a 一级指标 with its points on a
    row with no figures below its first items (their level, its subtotal before them), a 二级指标 split around the
    row that opens a new 一级指标, a 三级指标 and a 偏差原因 wrapped below their row; the run stays one table (a row
    of indicator figures is no budget header, though 成本指标 and …支出 name stages)."""
    text = ("某县信访局2023年度部门整体支出绩效自评表\n\n"
            "  项目                  年初预算数   全年预算数   全年执行数   分值   执行率    得分\n"
            "  预算执行\n"
            "                 资金总额      150.00       160.00       158.40       10     99.00%    9.9\n"
            "  情况（万元）\n"
            "  一级指标    二级指标     三级指标            年度指标值    实际完成值   分值   得分   偏差原因\n"
            "              数量指标     矛盾纠纷排查        ≥40次         44次         20     20\n"
            "                           联合接访            ≥24次         20次         20     16     部分乡镇\n"
            "  产出指标(60分)                                                                       人手不足，\n"
            "                                                                                       未能按月\n"
            "              成本指标     接访场所维护支出    ≤8万元        7.60万元     20     20\n"
            "              经济效益\n"
            "  效益指标                 节约行政成本        较上年下降    下降3%       20     18\n"
            "              指标\n"
            "  (20分)\n"
            "              长效机制     信访积案化解台账    持续完善      基本完善     10     9      台账更新\n"
            "              指标         管理                                                         不及时\n"
            "                                        合计                              90     83.9\n")
    rep = extract_text(text, voc, "999999-2023-dse")
    got = [(d.values["row_kind"], d.values["level1"], d.values["level2"], d.values["level3"], d.values["target_value"], d.values["actual_value"],
            d.values["weight"], d.values["score"], d.values["parent_row"]) for d in rows_of(rep, "indicators")]
    assert got == [("item", "预算执行率", "", "", "", "99.00", "10", "9.9", ""), ("subtotal", "产出指标", "", "", "", "", "60", "", ""),
                   ("item", "产出指标", "数量指标", "矛盾纠纷排查", "40", "44", "20", "20", "2"),
                   ("item", "产出指标", "数量指标", "联合接访", "24", "20", "20", "16", "2"),
                   ("item", "产出指标", "成本指标", "接访场所维护支出", "8", "7.60", "20", "20", "2"),
                   ("subtotal", "效益指标", "", "", "", "", "20", "", ""),
                   ("item", "效益指标", "经济效益指标", "节约行政成本", "", "-3", "20", "18", "6"),  # 下降3%: a change, signed
                   ("item", "效益指标", "长效机制指标", "信访积案化解台账管理", "", "", "10", "9", "6")]
    items = rows_of(rep, "indicators")
    assert items[3].values["deviation_reason"] == "部分乡镇人手不足，未能按月"
    assert items[7].values["deviation_reason"] == "台账更新不及时"
    budgets = [(d.values["item"], d.values["stage"], d.values["amount"]) for d in rows_of(rep, "budgets")]
    assert budgets == [("expenditure_total", "initial_budget", "150.00"), ("expenditure_total", "adjusted_budget", "160.00"),
                       ("expenditure_total", "executed", "158.40")]


def test_group_visits_to_a_level_first_petitions_settled_at_once_and_a_budgets_money(voc: Vocabulary) -> None:
    """A group visit to a higher level takes the destination's metric with scope 集体访 (0.3.0; 赴自治区 and 赴邕 name the
    region's capital); a visit to Beijing skipping levels, none stated in words, is the Beijing visits'; 一次性化解 of
    first petitions is no backlog; money in a 部门预算's prose that the budget rules leave is no petition figure."""
    text = ("某县信访局2023年度部门整体支出绩效自评报告\n"
            "全年赴自治区走访6批19人次，到市集体访2批；赴邕集体访0批次。全年未发生进京 越级访。\n"
            "全年受理初信初访620件，一次性化解540件，初信初访一次性化解率87.1%。\n")
    got = [(r["metric"], r["scope"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2023-dse")]
    assert ("to_province_batches", "all", "6") in got and ("to_province_persons", "all", "19") in got
    assert ("to_city_batches", "集体访", "2") in got and ("to_province_batches", "集体访", "0") in got
    assert ("to_beijing_batches", "all", "0") in got
    assert [m for m, _, v in got if v in ("540", "87.1")] == ["other_count", "other_count"]
    budget = ("某县信访局2025年部门预算编制说明\n"
              "一般公共服务支出(类)信访事务(款)行政运行(项)120.40万元;困难群众帮扶资金15.00万元。\n")
    assert not [r for r in draft(voc, budget, "petition_metrics", "999999-2025-db") if r["unit"] == "万元"]


def test_posts_by_kind_in_brackets_staff_in_post_by_kind_of_post_and_a_paragraph_wrapped_at_70_columns(voc: Vocabulary) -> None:
    """Bare kinds in brackets after a count of posts are the posts by kind (核定编制10名（行政7名、事业3名）); parts after 其中
    of a count of staff in post named by their kind of post (行政编制6人) are the staff in post by kind; a paragraph of
    full-width characters wrapped at 70 columns (34 of them to a line) is joined, so a none split by the wrap is read."""
    text = ("某县信访局2023年度部门整体支出绩效自评报告\n"
            "    （一）机构。县信访局为县政府工作部门，负责全县群众来信来访的登记、受理\n"
            "和交办，内设办公室、接访股、复查复核股、网上信访股4个股室，无下属\n"
            "事业单位。\n"
            "    （二）人员。核定编制10名（行政7名、事业3名）。年末实有在编人员9人，其中行政编制6人、事业编制3人。\n")
    got = [(r["category"], r["value"]) for r in draft(voc, text, "staffing", "999999-2023-dse")]
    assert sorted(got) == sorted([("affiliated_institutions", "0"), ("internal_divisions", "4"), ("establishment_total", "10"), ("establishment_admin", "7"),
                                  ("establishment_institution", "3"), ("in_post_total", "9"), ("in_post_admin", "6"), ("in_post_institution", "3")])


def test_targets_listed_after_the_performance_indicators_of_a_budget(voc: Vocabulary) -> None:
    """主要绩效指标为：A≥95%，B≥90%: a list of targets, to the sentence's end (a budget states no results)."""
    text = ("某县信访局2026年部门预算公开说明\n"
            "    信访接待专项经费的主要绩效指标为：信访事项按期办结率≥92%，群众满意率≥88%，化解信访积案不少于12件。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2026-db")]
    assert got == [("on_time_completion_rate", "target", "92"), ("satisfaction_rate", "target", "88"), ("backlog_cases_resolved", "target", "12")]


def test_budget_execution_rate_then_its_points_and_a_level_scored_before_its_item(voc: Vocabulary) -> None:
    """预算执行率X%，该项（10分）得S分 / 得S分（满分10分） / 扣0.5分，该项得S分（权重10分）: the budget-execution item with
    its rate, weight and score; 其中，产出指标（40分）得36分，数量指标“X”年度指标值≥N件，实际完成M件: the level's subtotal,
    then the item it names (no points of its own)."""
    text = ("某县信访局2023年度部门整体支出绩效自评报告\n"
            "    具体来看，全年预算执行率97.12%，该项（10分）得9.71分。\n")
    got = [(r["row_kind"], r["level1"], r["actual_value"], r["weight"], r["score"]) for r in draft(voc, text, "indicators", "999999-2023-dse")]
    assert got == [("item", "预算执行率", "97.12", "10", "9.71")]
    text = ("某县信访局2023年度部门整体支出绩效自评报告\n"
            "    预算执行率93.40%，未达到100%，扣0.5分，该项得9.5分（权重10分）。\n")
    got = [(r["row_kind"], r["level1"], r["actual_value"], r["weight"], r["score"]) for r in draft(voc, text, "indicators", "999999-2023-dse")]
    assert got == [("item", "预算执行率", "93.40", "10", "9.5")]
    text = ("某县信访局2023年度部门决算公开说明\n"
            "    （一）调解工作专项经费：全年预算20.00万元，执行18.60万元，执行率93%。其中，产出指标（40分）得36分，"
            "数量指标“调处矛盾纠纷”年度指标值≥300件，实际完成342件；预算执行率93%，得9.3分（满分10分）。\n")
    rows = draft(voc, text, "indicators", "999999-2023-fa")
    got = [(r["row_kind"], r["level1"], r["target_value"], r["actual_value"], r["weight"], r["score"]) for r in rows]
    assert sorted(got) == sorted([("subtotal", "产出指标", "", "", "40", "36"), ("item", "", "300", "342", "", ""),
                                  ("item", "预算执行率", "", "93", "10", "9.3")])
    assert all(r["source_quote"].replace(" ", "") in text.replace("\n", "") for r in rows)
    assert [r["metric"] for r in draft(voc, text, "petition_metrics", "999999-2023-fa")] == []


def test_hanging_layout_whose_wrapped_lines_are_set_in_less_than_the_first(voc: Vocabulary) -> None:
    """A fixed-width export whose paragraphs open set in by eight and wrap at four (numbered points at four too):
    the wrapped lines go on with their paragraph, so a count broken from its words (来 / 访) reads as one."""
    text = ("某县信访局2024年部门决算情况说明\n"
            "  一、基本情况\n"
            "          本局负责全县信访工作的受理、交办、转送和督查督办，全年全县共受理群众来信145件、来\n"
            "      访260批713人次，网上信访事项302件，全部按规定程序办理完毕。\n"
            "      1.本局负责全县信访事项的登记受理和转送交办工作，按期办结率97.5%，群众\n"
            "      满意率达到93%。\n")
    rows = draft(voc, text, "petition_metrics", "999999-2024-fa")
    assert [(r["metric"], r["value"]) for r in rows] == [("letters", "145"), ("visits_batches", "260"), ("visits_persons", "713"),
                                                        ("online", "302"), ("on_time_completion_rate", "97.5"), ("satisfaction_rate", "93")]
    assert "来 访260批713人次" in rows[1]["source_quote"] and "群众 满意率达到93%" in rows[-1]["source_quote"]


def test_a_sentence_of_the_year_before_in_a_budget_its_registered_matters_and_no_group_visit_to_a_level(voc: Vocabulary) -> None:
    """In a 2026 budget a sentence opening with 2025年 (no comma after it) states the year before: every figure of it is
    `prior_year`, the none stated in words (未发生赴省集体访) too, on the destination's metric with scope 集体访;
    共登记信访事项N件 is the volume; 2023年以来 names a span of years, not the year before."""
    text = ("某县信访局2026年部门预算公开说明\n"
            "    本局负责信访事项的受理和交办。2025年全县共登记群众信访事项860件，其中来信95件，按期办结率97.2%，全年未发生赴省集体访。"
            "2023年以来累计化解信访积案41件。\n")
    got = [(r["metric"], r["scope"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2026-db")]
    assert got == [("volume_total", "all", "prior_year", "860"), ("letters", "all", "prior_year", "95"),
                   ("on_time_completion_rate", "all", "prior_year", "97.2"), ("to_province_batches", "集体访", "prior_year", "0"),
                   ("backlog_cases_resolved", "all", "cumulative", "41")]


def test_temporary_staff_sent_by_an_agency_and_staff_in_post_in_either_order(voc: Vocabulary) -> None:
    """劳务派遣人员 are temporary staff (docs/transcription.md); 在编在岗 is 在岗在编 in the other order (synonyms.csv)."""
    text = "本局核定行政编制7名，全局在编在岗6人，另有劳务派遣人员3名，主要从事来访登记工作。\n"
    got = [(r["category"], r["value"]) for r in draft(voc, text, "staffing")]
    assert got == [("establishment_admin", "7"), ("in_post_total", "6"), ("temporary", "3")]
    assert draft(voc, text, "petition_metrics") == []


def test_changes_of_the_batches_and_persons_named_as_such_and_nones_kept_or_at_a_level(voc: Vocabulary) -> None:
    """接待来访N批M人次，批次、人次同比分别下降a%和b%: the changes of the pair just stated, in turn (not of the terms before it);
    进京非访继续保持“零登记”: none of the irregular visits; 赴省零集访: none of the group visits to the province (scope 集体访)."""
    text = ("某县信访局2023年度部门整体支出绩效自评报告\n"
            "    全年县群众来访接待中心接待群众来访152批487人次，批次、人次同比分别下降4.4%和6.1%。\n"
            "    全年全县进京非访继续保持“零登记”，重要节点实现赴省零集访。\n")
    got = [(r["metric"], r["scope"], r["period"], r["value"], r["change_pct"]) for r in draft(voc, text, "petition_metrics", "999999-2023-dse")]
    assert got == [("visits_batches", "all", "report_year", "152", ""), ("visits_persons", "all", "report_year", "487", ""),
                   ("visits_batches", "all", "yoy_change", "", "-4.4"), ("visits_persons", "all", "yoy_change", "", "-6.1"),
                   ("irregular_beijing", "all", "report_year", "0", ""), ("to_province_batches", "集体访", "report_year", "0", "")]


def test_a_budgets_section_of_project_targets_numbered_within_and_a_rate_of_a_count(voc: Vocabulary) -> None:
    """八、项目支出预算及绩效目标: the figures of its passage are targets, the projects numbered 1. 2. within it too, until the
    next heading of its level (九、); 来访群众登记率100%: a rate of what a count names, no rate code (`other_count`)."""
    text = ("某县信访局2026年部门预算公开说明\n"
            "八、项目支出预算及绩效目标\n"
            "1.信访接待专项经费12.00万元。来访群众登记率100%，按期办结率达到95%以上。\n"
            "2.矛盾纠纷调处经费8.00万元。调处矛盾纠纷不少于150件。\n"
            "九、其他重要事项的情况说明\n"
            "2025年12月全县受理信访事项88件。\n")
    got = [(r["metric"], r["scope"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2026-db")]
    assert got[:3] == [("other_count", "来访群众登记率", "target", "100"), ("on_time_completion_rate", "all", "target", "95"),
                       ("mediation_cases", "all", "target", "150")]
    assert got[3][2:] == ("report_year", "88")


def test_a_project_tables_total_spaced_out_is_no_indicator(voc: Vocabulary) -> None:
    """总 分  100  93 (the word spaced out in its cell) under a project's indicator rows: the project's total weight and score,
    never an indicator item."""
    text = ("  项目名称          矛盾纠纷调处经费\n"
            "  项目资金          年初预算数   全年预算数   全年执行数   分值   执行率    得分\n"
            "    年度资金总额        20.00        20.00        19.00      10    95.00%    9.5\n"
            "  一级指标    二级指标    三级指标          指标值    实际完成值   分值   得分\n"
            "  产出指标    数量指标    调处矛盾纠纷件数  ≥200件    236件        20     20\n"
            "  总 分                                                          100    93\n")
    rep = extract_text(text, voc, "999999-2024-pse")
    rows = [(r.values["row_kind"], r.values["level3"], r.values["weight"], r.values["score"]) for r in rows_of(rep, "indicators")]
    assert ("item", "调处矛盾纠纷件数", "20", "20") in rows and not any(w == "100" or sc == "93" for _, _, w, sc in rows)
    assert [(p.values["total_weight"], p.values["total_score"]) for p in rows_of(rep, "projects")] == [("100", "93")]


def test_a_narrated_indicator_of_a_decrease_is_negative(voc: Vocabulary) -> None:
    """目标下降5%以上，实际下降6.2%: target and result are falls, negative as docs/transcription.md has them; 以上 bounds the
    fall, no operator."""
    text = ("某县信访局2024年度部门整体支出绩效自评报告\n"
            "（二）效益指标（分值30分，得分28分）\n"
            "    1.社会效益指标。重复信访批次同比下降：目标下降5%以上，实际下降6.2%，分值15分，得15分。\n")
    rows = [r for r in draft(voc, text, "indicators", "999999-2024-dse") if r["row_kind"] == "item"]
    got = [(r["operator"], r["target_text"], r["target_value"], r["actual_text"], r["actual_value"], r["weight"], r["score"]) for r in rows]
    assert got == [("", "下降5%以上", "-5", "下降6.2%", "-6.2", "15", "15")]
    assert all(r["source_quote"] in text for r in rows)


def test_a_rate_done_of_a_stage_without_money_units_is_no_petition_figure(voc: Vocabulary) -> None:
    """年初预算、决算均为12.30，完成100% (amounts printed without 万元 after the first): the budget's rate, never a petition figure."""
    text = ("某县信访局2024年度部门决算情况说明\n"
            "    信访事务支出决算35.20万元。其中：行政运行年初预算、决算均为12.30，完成100%；信访业务决算22.90。\n")
    assert draft(voc, text, "petition_metrics", "999999-2024-fa") == []


def test_batches_of_the_report_year_and_a_running_total_since_a_campaign_began(voc: Vocabulary) -> None:
    """市交办我县的2024年第三批信访积案共15件，年内已化解14件: batches of the report's year are its figures (`report_year`), a
    sentence opening with the report's year too; a batch with no year stays a campaign's running total; 自2020年开展…以来，累计
    化解…N件 is `cumulative`."""
    text = ("某县信访局2024年度部门整体支出绩效自评报告\n"
            "    市交办我县的2024年第三批信访积案共15件，年内已化解14件，化解率93.3%。"
            "2024年，省交办我县信访积案20件，其中第六批交办积案8件。前五批交办积案共60件。"
            "自2020年开展积案清零行动以来，累计化解历史积案57件。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2024-dse")]
    assert got == [("backlog_cases_assigned", "report_year", "15"), ("backlog_cases_resolved", "report_year", "14"),
                   ("backlog_resolution_rate", "report_year", "93.3"), ("backlog_cases_assigned", "report_year", "20"),
                   ("backlog_cases_assigned", "report_year", "8"), ("backlog_cases_assigned", "cumulative", "60"),
                   ("backlog_cases_resolved", "cumulative", "57")]


def test_bodies_counted_are_no_petition_figures_and_a_subordinate_centre_is_an_institution(voc: Vocabulary) -> None:
    """下属县群众来访接待中心1个 is an affiliated institution (下属 names the body by its words, 下属2个股室 a division); a count
    of bodies whose name holds a metric's word (来访接待中心, 2个预算单位) is no petition figure."""
    text = ("本局内设股室4个，下属县群众来访接待中心1个，由局机关和所属来访接待中心共2个预算单位组成。\n"
            "本中心下属2个股室。\n")
    got = [(r["category"], r["value"]) for r in draft(voc, text, "staffing")]
    assert got == [("internal_divisions", "4"), ("affiliated_institutions", "1"), ("internal_divisions", "2")]
    assert draft(voc, text, "petition_metrics") == []


def test_backlog_cases_assigned_all_resolved_give_both_counts(voc: Vocabulary) -> None:
    """市交办我县信访积案9件已全部化解: the cases assigned, and as many resolved (one figure, two rows); 全部息访息诉 (the
    petitioners settled) is no resolution count."""
    text = ("某县信访局2023年度部门整体支出绩效自评报告\n"
            "    2023年，市交办我县信访积案9件已全部化解。\n"
            "    2023年，市交办我县信访积案7件，均已全部息访息诉。\n")
    got = [(r["metric"], r["value"], r["source_quote"]) for r in draft(voc, text, "petition_metrics", "999999-2023-dse")]
    assert [(m, v) for m, v, _ in got] == [("backlog_cases_assigned", "9"), ("backlog_cases_resolved", "9"), ("backlog_cases_assigned", "7")]
    assert "9件已全部化解" in got[1][2]


def test_problems_and_measures_named_after_a_colon_inside_a_paragraph(voc: Vocabulary) -> None:
    """…，我们也看到存在的问题：一是X；二是Y。 and 下一步，我局将着力做好以下工作：（一）A；（二）B。: the problems and the
    measures, one row per point, though neither opens its line as a heading."""
    text = ("某县信访局2024年度部门整体支出绩效自评报告\n"
            "    总体看目标基本完成，但我们也看到存在的问题：一是项目资金拨付进度偏慢；二是绩效自评的佐证材料不够完整。\n"
            "    下一步，我局将着力做好以下工作：（一）加快资金拨付进度；（二）规范绩效资料归档。\n"
            "                                  某县信访局\n")
    got = [(r["kind"], r["text_zh"]) for r in draft(voc, text, "issues", "999999-2024-dse")]
    assert got == [("problem", "项目资金拨付进度偏慢"), ("problem", "绩效自评的佐证材料不够完整。"),
                   ("measure", "加快资金拨付进度"), ("measure", "规范绩效资料归档。")]


def test_problems_after_yixia_and_measures_named_by_their_points_in_the_same_passage(voc: Vocabulary) -> None:
    """还存在以下问题：一是X；二是Y。下一步，我局将（1）A；（2）B。: the problems, then the measures (下一步 with bracketed points,
    no colon), one row per point."""
    text = ("某县信访局2024年度部门决算情况说明\n"
            "    经自评，还存在以下问题：一是信访救助资金发放不够及时；二是档案管理有待规范。下一步，我局将（1）简化救助审批流程；"
            "（2）完善档案管理制度。\n")
    got = [(r["kind"], r["text_zh"]) for r in draft(voc, text, "issues", "999999-2024-fa")]
    assert got == [("problem", "信访救助资金发放不够及时"), ("problem", "档案管理有待规范。"),
                   ("measure", "简化救助审批流程"), ("measure", "完善档案管理制度。")]


def test_measures_numbered_by_circled_figures_after_the_problems(voc: Vocabulary) -> None:
    """存在问题：X。下一步，将①A；②B。: the measures numbered ①②, one row each."""
    text = ("某县信访局2024年度项目支出绩效自评报告\n"
            "（四）存在问题及整改措施\n"
            "    存在问题：视频接访终端使用率不高。下一步，将①开展终端操作培训；②按月通报终端使用情况。\n")
    got = [(r["kind"], r["text_zh"]) for r in draft(voc, text, "issues", "999999-2024-pse")]
    assert got == [("problem", "视频接访终端使用率不高。"), ("measure", "开展终端操作培训"), ("measure", "按月通报终端使用情况。")]


def test_disputes_accepted_at_a_centre_and_staff_stationed_in_it(voc: Vocabulary) -> None:
    """县矛调中心…受理各类矛盾纠纷N件: the matters the centre handled (`cases_handled`); 入驻县直部门工作人员N名: staff of other
    bodies stationed in (`seconded_in`), 入驻单位N个 no staff."""
    text = ("某县信访局2024年度项目支出绩效自评报告\n"
            "    县矛调中心全年受理各类矛盾纠纷540件，入驻县直部门工作人员9名，入驻单位6个。\n")
    assert [(r["metric"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2024-pse")][:1] == [("cases_handled", "540")]
    assert [(r["category"], r["value"]) for r in draft(voc, text, "staffing", "999999-2024-pse")] == [("seconded_in", "9")]


def test_matters_of_several_kinds_registered_and_their_channels_after_qizhong(voc: Vocabulary) -> None:
    text = ("2024年，全区共登记群众来信来访和网上信访事项2,040件，其中来信210件、来访480批1,130人次、网上信访1,350件。\n"
            "全年登记信访事项800件，其中上级交办120件。\n")
    got = [(r["metric"], r["scope"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2025-db")]
    assert got[:5] == [("volume_total", "all", "2040"), ("letters", "all", "210"), ("visits_batches", "all", "480"),
                       ("visits_persons", "all", "1130"), ("online", "all", "1350")]
    assert ("volume_total", "all", "800") in got  # (one kind after 其中 that no channel names: a part of the whole, as before)


def test_group_visits_none_to_two_destinations_joined(voc: Vocabulary) -> None:
    text = ("全年信访形势平稳，未发生进京赴省集体访。\n"
            "今年以来未发生到市赴省集体访。\n"
            "全年未发生赴省重复集访。\n")
    got = [(r["metric"], r["scope"], r["value"]) for r in draft(voc, text, "petition_metrics")]
    assert got == [("to_beijing_batches", "集体访", "0"), ("to_province_batches", "集体访", "0"),
                   ("to_city_batches", "集体访", "0"), ("to_province_batches", "集体访", "0"),
                   ("group_petitions_batches", "all", "0")]  # (a kind of its own, 重复集访, stays group visits)


def test_targets_stated_under_the_headings_of_their_levels(voc: Vocabulary) -> None:
    text = ("一、部门整体绩效目标\n"
            "    本年度绩效目标：（一）产出指标：来信来访事项按期办结率不低于97%；排查化解矛盾纠纷200件以上。（二）效益指标：\n"
            "群众来访登记录入率≥98%；赴省非访0起。（三）满意度指标：信访群众满意率≥88%。\n")
    rows = draft(voc, text, "indicators", "999999-2026-db")
    got = [(r["level1"], r["level3"], r["operator"], r["target_text"], r["target_value"], r["unit"]) for r in rows]
    assert got == [("产出指标", "来信来访事项按期办结率", "≥", "97%", "97", "%"), ("产出指标", "排查化解矛盾纠纷", "≥", "200件", "200", "件"),
                   ("效益指标", "群众来访登记录入率", "≥", "98%", "98", "%"), ("效益指标", "赴省非访", "", "0起", "0", "起"),
                   ("满意度指标", "信访群众满意率", "≥", "88%", "88", "%")]
    assert [r["metric"] for r in rows][0] == "on_time_completion_rate" and rows[-1]["metric"] == "satisfaction_rate"
    assert all(r["actual_value"] == "" and r["weight"] == "" for r in rows)
    assert draft(voc, text, "petition_metrics", "999999-2026-db") == []  # (the targets are the indicators' only)


def test_posts_and_staff_of_an_institution_counted_just_before(voc: Vocabulary) -> None:
    text = ("本局机关行政编制5名，实有4名；下属参公事业单位1个（县群众信访接待中心），编制3名，实有2名。\n"
            "下设县矛盾调处中心1个（事业单位），核定编制9名（行政7名、事业2名），年末实有在编8人。\n")
    got = [(r["category"], r["value"]) for r in draft(voc, text, "staffing")]
    assert ("establishment_institution", "3") in got and ("in_post_institution", "2") in got
    assert ("establishment_admin", "5") in got and ("in_post_admin", "4") in got
    assert ("establishment_total", "9") in got and ("in_post_total", "8") in got  # (the bureau's posts, by kind in brackets)


def test_a_problem_then_the_next_step_in_a_sentence_of_its_own(voc: Vocabulary) -> None:
    text = ("“矛盾纠纷化解专项经费”项目全年预算数40.00万元，执行数36.00万元，执行率90.00%。发现的主要问题：项目绩效目标细化不够。"
            "下一步我局将完善绩效指标体系，强化过程监控。\n")
    got = [(r["kind"], r["text_zh"]) for r in draft(voc, text, "issues")]
    assert got == [("problem", "项目绩效目标细化不够"), ("measure", "下一步我局将完善绩效指标体系，强化过程监控")]


def test_projects_that_have_targets_are_a_fact_of_the_year(voc: Vocabulary) -> None:
    text = ("三、绩效目标\n"
            "    7.绩效目标：2026年纳入绩效目标管理的项目2个（矛盾纠纷化解经费、信访接待中心运行经费）。\n"
            "    本年度本部门共安排项目4个，资金88.40万元，均已编制绩效目标。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2026-db")]
    assert got == [("projects_with_targets", "report_year", "2"), ("projects_with_targets", "report_year", "4")]


def test_equipment_after_vehicles_is_never_the_vehicles(voc: Vocabulary) -> None:
    text = "截至2025年12月31日，本局共有公务用车2辆，单价50万元以上的\n设备0台（套）。\n"
    got = [(r["metric"], r["value"], r["unit"]) for r in draft(voc, text, "petition_metrics", "999999-2026-db")]
    assert ("official_vehicles", "2", "辆") in got
    assert [m for m, v, u in got if u.startswith("台")] == ["other_count"]


def test_channels_listed_together_count_the_volume(voc: Vocabulary) -> None:
    text = ("全年共登记群众来信、来访和网上信访事项2,340件，较上年下降5.1%，其中来信210件、走访96批248人次。\n"
            "县接待中心受理来信来访事项530件。\n")
    got = [(r["metric"], r["period"], r["value"] or r["change_pct"]) for r in draft(voc, text, "petition_metrics")]
    assert ("volume_total", "report_year", "2340") in got and ("volume_total", "yoy_change", "-5.1") in got
    assert ("letters", "report_year", "210") in got
    assert ("visits_batches", "report_year", "96") in got and ("visits_persons", "report_year", "248") in got  # 走访: the visits
    assert not [m for m, _, _ in got if m == "online"]


def test_a_destination_before_zoufang_and_vehicles_counted(voc: Vocabulary) -> None:
    text = ("全年赴省走访5批11人次，无进京上访。\n"
            "截至2025年底，本局共有车辆2辆；单价100万元以上设备（不含车辆）0台（套）。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2026-db")]
    assert ("to_province_batches", "report_year", "5") in got and ("to_province_persons", "report_year", "11") in got
    assert ("to_beijing_batches", "report_year", "0") in got  # 无进京上访: none stated in words
    assert ("official_vehicles", "prior_year", "2") in got
    assert ("other_count", "prior_year", "0") in got and ("official_vehicles", "prior_year", "0") not in got


def test_backlog_assigned_in_a_sentence_that_opens_with_the_year(voc: Vocabulary) -> None:
    text = ("2025年全县共登记信访事项860件，按期办结率99.1%；市交办的信访积案9件已全部化解。\n"
            "全年及时受理率100%；化解信访积案11件，其中省交办积案4件。\n"
            "自2021年开展攻坚以来，累计化解交办积案40件。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2025-de")]
    assert ("backlog_cases_assigned", "report_year", "9") in got and ("backlog_cases_resolved", "report_year", "9") in got
    assert ("backlog_cases_resolved", "report_year", "4") in got
    assert [p for m, p, v in got if v == "40"] == ["cumulative"]  # (a span of years: the campaign's running total)


def test_the_overall_goal_of_a_table_wrapped_onto_lines_below(voc: Vocabulary) -> None:
    text = ("  年度总体目标          依法及时就地解决群众合理诉求，信访事项及时受理\n"
            "                        率不低于96%、按期办结率不低于97%，群众满意率\n"
            "                        不低于92%。\n"
            "  年度目标完成情况      基本完成年度目标。\n"
            "全年信访事项及时受理率99.2%，按期办结率98.1%。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2025-dse")]
    assert got == [("timely_acceptance_rate", "report_year", "99.2"), ("on_time_completion_rate", "report_year", "98.1")]


def test_a_budgets_passage_of_its_years_work_stocks_at_a_date_and_months_of_the_year_before(voc: Vocabulary) -> None:
    """In a 部门预算 the passage of its year's work (（二）2027年工作计划。一是…；二是…) is planned: its figures are
    `target`s; a stock at any date of an earlier year (截至2026年9月30日) is `prior_year` (never a plan); months of an
    earlier year opening a sentence (2026年1-9月) are `prior_year` with the months as scope, and their 同比 change (of
    the year before) gives no row; a half-width full stop after a word ends a sentence and does not hide the figure
    after it (元.2个项目); a count of projects before a colon (共2个项目：…) is the list of projects, no petition figure."""
    text = ("（二）2027年工作计划。一是开展积案攻坚，全年计划化解信访积案20件；二是信访事项及时受理率保持在98%以上；三是开展信访业务培训不少于6次。\n"
            "截至2026年9月30日，本局共有车辆3辆。\n"
            "本局坚持领导接访制度.2026年1-9月,全县受理信访事项640件,同比下降3.5%.\n"
            "项目支出90,000.00元,共2个项目:信访专项经费50,000.00元;救助资金40,000.00元.2个项目均已编制绩效目标.\n")
    got = [(r["metric"], r["scope"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2027-db")]
    assert got == [("backlog_cases_resolved", "all", "target", "20"), ("timely_acceptance_rate", "all", "target", "98"),
                   ("training_sessions", "all", "target", "6"), ("official_vehicles", "all", "prior_year", "3"),
                   ("volume_total", "2026年1-9月", "prior_year", "640"), ("projects_with_targets", "all", "report_year", "2")]
    # the same words in a final account are of the year that was (no passage of plans in a report after its year)
    text = "（二）2027年重点工作。信访事项及时受理率达到98%。\n"
    assert [r["period"] for r in draft(voc, text, "petition_metrics", "999999-2027-fa")] == ["report_year"]


def test_a_target_in_brackets_a_prior_figure_after_an_indicator_and_rates_of_execution(voc: Vocabulary) -> None:
    """A target in brackets after a figure (97.5%（年初目标为不低于95%）) is the target of that figure's metric; 化解…积案不少于N件
    is the backlog resolved; the prior year's figure after an indicator's result (完成值93.1%，较上年的91.0%) is of the metric
    the sentence names; a figure after 完成值 is a result, not the plan 目标值为 opened; a project's 执行率 is no petition figure."""
    text = ("（一）年度绩效目标完成情况\n  全年信访事项按期办结率97.5%（年初目标为不低于95%）。年度目标为：化解市交办信访积案不少于12件。\n"
            "  满意度指标方面,群众满意度目标值≥90%,完成值93.1%,较上年的91.0%有所提升。\n"
            "  可持续影响方面,矛盾纠纷化解机制目标值为“健全”,完成值为“建成”,全县9个乡镇均建成群众诉求服务中心。\n"
            "  二是部分项目执行进度偏慢,信访信息系统运维经费执行率仅为70.5%。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2026-dse")]
    assert got == [("on_time_completion_rate", "report_year", "97.5"), ("on_time_completion_rate", "target", "95"),
                   ("backlog_cases_resolved", "target", "12"), ("satisfaction_rate", "prior_year", "91.0"),
                   ("grassroots_units", "report_year", "9")]


def test_indicator_clauses_with_thousands_separators_brackets_and_days_within(voc: Vocabulary) -> None:
    """目标值…,完成值1,250件(其中…): a half-width thousands separator is no clause's end and the parts in brackets after
    the result are not the result (they stay petition figures); 30日内 is a span of days (target and actual 30, unit 日,
    no operator printed), never a date."""
    text = ("二、绩效指标完成情况\n  ①数量指标。办理群众来信,目标值≥1000件,完成值1,250件(其中网上转来300件);接待群众来访,目标值≥200批次,完成值236批次。\n"
            "  ②时效指标。信访事项办理时限目标值为30日内,完成值为30日内。\n")
    got = [(r["level3"], r["operator"], r["target_value"], r["unit"], r["actual_text"], r["actual_value"]) for r in draft(voc, text, "indicators", "999999-2026-dse")]
    assert got == [("办理群众来信", "≥", "1000", "件", "1,250件", "1250"), ("接待群众来访", "≥", "200", "批次", "236批次", "236"),
                   ("信访事项办理时限", "", "30", "日", "30日内", "30")]
    assert [r["value"] for r in draft(voc, text, "petition_metrics", "999999-2026-dse")] == ["300"]


def test_a_budgets_heading_of_its_years_work_plans_its_passage(voc: Vocabulary) -> None:
    """A numbered heading of a 部门预算 naming its year's work (第二部分 2027年信访工作打算) makes its passage's figures
    `target`s, to the next heading of its level; a sentence of an earlier year after it is that year's."""
    text = ("第二部分 2027年信访工作打算\n  2027年，我局一是每季度至少开展1次矛盾纠纷排查；二是信访事项按期办结率保持在97%。\n"
            "第三部分 名词解释\n  2026年，全县受理信访事项700件。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2027-db")]
    assert got == [("other_count", "target", "1"), ("on_time_completion_rate", "target", "97"), ("volume_total", "prior_year", "700")]


def test_measures_after_an_introduction_and_a_problem_with_its_measure_in_one_sentence(voc: Vocabulary) -> None:
    """A short line ending with a colon right under a heading of measures (下一步，我局将重点做好以下工作：) introduces the
    points below it: it neither ends the section nor is an item; 存在的主要问题是X，下一步将Y。 (no colon, the measure after
    a comma) gives a problem and a measure."""
    text = ("三、存在问题\n  一是预算编制不够精细；二是绩效目标设置不够科学。\n\n四、改进措施\n  下一步，我局将重点做好以下工作：\n"
            "  （一）强化预算编制管理。提前谋划年度工作，提高预算准确性。\n  （二）完善绩效指标体系。细化量化绩效指标。\n")
    got = [(r["kind"], r["text_zh"]) for r in draft(voc, text, "issues", "999999-2025-dse")]
    assert [k for k, _ in got] == ["problem", "problem", "measure", "measure"]
    assert got[2][1].startswith("强化预算编制管理。") and got[3][1].startswith("完善绩效指标体系。")
    text = "    十、预算绩效情况说明\n    本部门开展了整体支出绩效自评，自评得分92分。存在的主要问题是项目绩效目标不够细化，下一步将加强绩效目标审核。\n"
    got = [(r["kind"], r["text_zh"]) for r in draft(voc, text, "issues", "999999-2025-fa")]
    assert got == [("problem", "项目绩效目标不够细化"), ("measure", "下一步将加强绩效目标审核。")]


def test_bodies_counted_in_jia(voc: Vocabulary) -> None:
    """Bodies counted in 家 read as in 个: 下属县群众来访接待中心1家 is an affiliated institution; 纳入…决算编制范围的仅本级1家 the
    units the final account covers."""
    text = "本局内设综合股、接访股2个股室，下属县群众来访接待中心1家（公益一类事业单位），纳入2025年度部门决算编制范围的仅本级1家。\n"
    got = [(r["category"], r["value"]) for r in draft(voc, text, "staffing", "999999-2025-fa")]
    assert got == [("internal_divisions", "2"), ("affiliated_institutions", "1"), ("accounting_units", "1")]
    assert draft(voc, text, "petition_metrics", "999999-2025-fa") == []


def test_a_goal_label_set_over_two_lines_and_money_of_a_sentence_of_stages(voc: Vocabulary) -> None:
    """A table's 年度总体目标 label set over two lines of its column (年度总 / 体目标) opens the goal cell as the whole label
    does: a none stated on a line the cell wraps onto is the table's target, no petition figure; money after a stage named
    earlier in its sentence (与年初预算280.00万元相比，增加20.00万元) is the budget's (a difference), never a work figure."""
    text = (" 年度总  预期目标                                      实际完成情况\n"
            " 体目标  保障接待中心正常运转，受理群众来信来访事    接待中心正常运转，受理群众来信来访事项\n"
            "         项不少于900件，实现年度工作目标，实          1020件，全年进京非访“零发生”。\n"
            "         现进京非访“零发生”。\n"
            " 绩   一级指标   二级指标    三级指标                年度指标值    实际完成值   分值   得分\n")
    assert draft(voc, text, "petition_metrics", "999999-2025-pse") == []
    text = "2025年度财政拨款支出300.00万元。与年初预算280.00万元相比，增加20.00万元，主要是追加信访救助资金。\n"
    assert draft(voc, text, "petition_metrics", "999999-2025-fa") == []


def test_people_received_at_a_centre_named_before_them(voc: Vocabulary) -> None:
    """接待群众来访N人次 at a centre the sentence names (县综治中心, 两级调解中心) are `persons_received`; at the
    bureau's visitors' office (…来访接待中心) or with their batches (N批M人次) they stay the visits."""
    text = ("一、工作开展情况\n"
            "全年县综治中心共接待群众来访860人次，受理各类矛盾纠纷402件。\n"
            "县群众来访接待中心全年接待群众来访205批611人次。\n"
            "全年镇村两级调解中心接待群众来访1,215人次。\n")
    got = [(r["metric"], r["value"]) for r in draft(voc, text, "petition_metrics")]
    assert got == [("persons_received", "860"), ("cases_handled", "402"), ("visits_batches", "205"), ("visits_persons", "611"),
                   ("persons_received", "1215")]


def test_a_rate_under_its_level_heading_without_points_and_a_result_named_by_no_word(voc: Vocabulary) -> None:
    """Under a level heading with its points (2.效益指标（分值20分，得分19分）。), a rate's target and result with
    no points of their own (群众满意度目标≥92%，实际94.5%) are an item of that level; a sentence with a target
    (年度指标值≥85%) and its points but no 实际 holds its result as the last figure in the target's unit (the
    counts between stay petition figures), and a clause after the points opening with 偏差原因为 is its reason;
    the budget-execution item's score alone (另预算执行率得分9.8分) is that item's row."""
    text = ("某县信访局2024年度部门整体支出绩效自评报告\n"
            "（二）效益指标（分值20分，得分19分）。群众满意度目标≥92%，实际94.5%。\n"
            "（三）质量指标（分值10分，得9分）。积案化解率年度指标值≥85%，全年交办信访积案25件，化解21件，化解率84%，分值10分，"
            "得9分，偏差原因为4件积案涉及历史遗留问题。\n"
            "另预算执行率得分9.8分，部门整体自评得分95.3分。\n")
    got = [(r["row_kind"], r["level1"], r["level3"], r["operator"], r["target_value"], r["actual_value"], r["weight"], r["score"],
            r["metric"], r["deviation_reason"]) for r in draft(voc, text, "indicators")]
    assert got == [("subtotal", "效益指标", "", "", "", "", "20", "19", "", ""),
                   ("item", "效益指标", "群众满意度", "≥", "92", "94.5", "", "", "satisfaction_rate", ""),
                   ("subtotal", "质量指标", "", "", "", "", "10", "9", "", ""),
                   ("item", "质量指标", "积案化解率", "≥", "85", "84", "10", "9", "backlog_resolution_rate", "4件积案涉及历史遗留问题"),
                   ("item", "预算执行率", "", "", "", "", "", "9.8", "", "")]
    pm = [(r["metric"], r["value"]) for r in draft(voc, text, "petition_metrics")]
    assert ("backlog_cases_assigned", "25") in pm and ("backlog_cases_resolved", "21") in pm
    assert all(r["value"] not in ("92", "94.5", "85", "84", "4") for r in draft(voc, text, "petition_metrics"))
    assert all(r["source_quote"].replace(" ", "") in text.replace("\n", "") for r in draft(voc, text, "indicators"))


def test_measures_after_next_step_with_a_colon_and_a_measures_heading_closed_by_a_stop(voc: Vocabulary) -> None:
    """存在问题：X。下一步：Y。 in a project's passage is a problem and a measure; 下一步：… opening the next line
    after a problem is its measure; （二）改进措施。一是…；二是… (the heading closed by 。) opens the measures."""
    text = ("四、项目支出情况\n"
            "    1.矛盾调处经费。年初预算20.00万元，实际支出18.50万元。存在问题：调处台账不够规范。下一步：统一台账格式。\n"
            "    2.信访宣传经费。年初预算5.00万元，实际支出5.00万元。存在问题：宣传形式较为单一。\n"
            "下一步：拓展新媒体宣传渠道。\n"
            "五、存在的问题及改进措施\n"
            "    （一）存在问题。一是资金拨付进度偏慢；二是绩效监控不够及时。\n"
            "    （二）改进措施。一是按月通报支出进度；二是开展绩效运行监控。\n")
    got = [(r["kind"], r["text_zh"]) for r in draft(voc, text, "issues", "999999-2023-dse")]
    assert got == [("problem", "调处台账不够规范。"), ("measure", "统一台账格式。"), ("problem", "宣传形式较为单一。"), ("measure", "拓展新媒体宣传渠道。"),
                   ("problem", "资金拨付进度偏慢"), ("problem", "绩效监控不够及时。"), ("measure", "按月通报支出进度"), ("measure", "开展绩效运行监控。")]


def test_a_part_of_the_years_resolved_backlog_is_of_that_year(voc: Vocabulary) -> None:
    """化解信访积案21件，其中省交办积案9件: the whole names no campaign (交办) and is the report year's, so its part
    after 其中 is too (not a campaign's running total); cases assigned with no year stay cumulative."""
    text = ("一、工作情况\n化解信访积案21件，其中省交办积案9件。\n市交办我县信访积案14件，其中省交办5件。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics")]
    assert got == [("backlog_cases_resolved", "report_year", "21"), ("backlog_cases_resolved", "report_year", "9"),
                   ("backlog_cases_assigned", "cumulative", "14"), ("backlog_cases_assigned", "cumulative", "5")]


def test_budget_targets_under_numbered_levels_with_level2_headings(voc: Vocabulary) -> None:
    text = ("五、项目绩效目标\n"
            "    一、产出指标。时效指标：来访事项受理时限≤15日；数量指标：接待群众来访不少于500批次，处理网上投诉800件以上。\n"
            "    二、满意度指标：来访群众满意度≥92%。\n")
    rows = draft(voc, text, "indicators", "999999-2027-db")
    got = [(r["level1"], r["level2"], r["level3"], r["operator"], r["target_value"], r["unit"]) for r in rows]
    assert got == [("产出指标", "时效指标", "来访事项受理时限", "≤", "15", "日"), ("产出指标", "数量指标", "接待群众来访", "≥", "500", "批次"),
                   ("产出指标", "数量指标", "处理网上投诉", "≥", "800", "件"), ("满意度指标", "", "来访群众满意度", "≥", "92", "%")]
    assert draft(voc, text, "petition_metrics", "999999-2027-db") == []  # (the targets are the indicators' only)
    # a self-evaluation's numbered level states results: never read as targets
    result = "    1.产出指标：全年接待群众来访512批次，处理网上投诉836件。\n"
    assert draft(voc, result, "indicators", "999999-2026-dse") == []


def test_the_whole_year_of_the_year_the_sentence_before_names(voc: Vocabulary) -> None:
    text = ("    （二）上年工作回顾\n"
            "    2026年本区信访工作平稳有序。全年共登记群众信访事项964件，按期办结率97.2%。2027年，我局将力争按期办结率达到98%以上。\n")
    got = {(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2027-db")}
    assert ("volume_total", "prior_year", "964") in got and ("on_time_completion_rate", "prior_year", "97.2") in got
    assert ("on_time_completion_rate", "target", "98") in got
    same = "    2027年本区信访工作平稳有序。全年共登记群众信访事项964件。\n"  # the report's own year: the report's
    assert {(r["period"], r["value"]) for r in draft(voc, same, "petition_metrics", "999999-2027-fa")} == {("report_year", "964")}
    account = "    2026年本区信访工作平稳有序。全年共登记群众信访事项964件。\n"  # (a final account tells its own year: not carried)
    assert {(r["period"], r["value"]) for r in draft(voc, account, "petition_metrics", "999999-2027-fa")} == {("report_year", "964")}


def test_backlog_resolved_of_levels_listed_and_targets_under_a_projects_targets_heading(voc: Vocabulary) -> None:
    text = ("三、项目绩效目标\n"
            "    （一）矛盾化解经费：年内化解中央、省交办重复信访积案不少于12件，重复信访率控制在3%以内，群众满意度达到92%以上。\n"
            "四、项目完成情况\n"
            "    全年化解中央、省交办重复信访积案14件，其中中央交办5件、省交办9件。领导包案化解积案6件。\n")
    got = [(r["metric"], r["period"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2024-pse")]
    assert ("backlog_cases_resolved", "target", "12") in got and ("satisfaction_rate", "target", "92") in got
    assert ("repeat_petition_rate", "target", "3") in got
    assert ("backlog_cases_resolved", "report_year", "14") in got and ("backlog_cases_resolved", "report_year", "9") in got
    assert ("leader_cases", "report_year", "6") in got
    assert not any(m == "backlog_cases_assigned" for m, _, _ in got)


def test_a_rate_of_execution_not_reached_and_an_aside_with_a_figure_before_a_count(voc: Vocabulary) -> None:
    text = ("    1.资金执行偏慢。受项目进度影响，执行率尚未达到100%。\n"
            "    全年受理来信56件，网上投诉（含“12345”平台转交）388件。\n")
    got = [(r["metric"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2024-pse")]
    assert got == [("letters", "56"), ("online_complaints", "388")]


def test_staff_in_post_by_kind_after_a_colon_and_a_bracket_the_line_before_opened(voc: Vocabulary) -> None:
    text = "本中心下设股室3个，核定编制数9名，截至年末在编人员8名:行政5名、事业2名、工勤1名;退休3名。\n"
    got = [(r["category"], r["value"]) for r in draft(voc, text, "staffing")]
    assert ("in_post_total", "8") in got and ("in_post_admin", "5") in got and ("in_post_institution", "2") in got
    assert ("in_post_worker", "1") in got
    flush = ("截至2026年末，本局编制人数12人（行政编制8人、事业编制3人、工勤编制1人，\n"
             "另有遗属1人），实有人数11人：行政8人，事业2人，工勤1人；离休人员1人。\n")
    got = [(r["category"], r["value"]) for r in draft(voc, flush, "staffing")]
    assert ("in_post_total", "11") in got and ("in_post_admin", "8") in got and ("in_post_institution", "2") in got
    assert ("in_post_worker", "1") in got and ("in_post_worker", "11") not in got


def test_the_change_of_batches_named_as_its_subject_and_nones_of_higher_levels_and_targets(voc: Vocabulary) -> None:
    text = "    全年接待到访群众412批966人次，其中来访人次较上年减少6.4%；全年未发生到省以上集体访。\n"
    got = {(r["metric"], r["period"], r["value"] or r["change_pct"], r["scope"]) for r in draft(voc, text, "petition_metrics")}
    assert ("visits_persons", "yoy_change", "-6.4", "all") in got and ("to_province_batches", "report_year", "0", "集体访") in got
    plan = "    下一年度，我局确保不发生赴省和进京集体访。\n"
    got = {(r["metric"], r["period"], r["value"]) for r in draft(voc, plan, "petition_metrics")}
    assert got == {("to_province_batches", "target", "0"), ("to_beijing_batches", "target", "0")}
    caption = "                    附表2  项目支出绩效自评表（矛盾调处经费）\n"
    assert draft(voc, caption, "petition_metrics", "999999-2024-pse") == []  # (a table's number in its caption)


def test_a_budget_execution_row_of_a_table_that_names_its_amounts_but_no_rate(voc: Vocabulary) -> None:
    text = ("                    附表  部门整体支出绩效自评表\n"
            "  一级指标      二级指标      三级指标              指标值        完成值        分值    得分\n"
            "  预算执行率                  年初预算 88.50      调整预算 96.20    支出数 93.10     10     9.6\n"
            "  产出指标      数量指标      受理群众来信来访      ≥500件        563件         20      20\n")
    rows = draft(voc, text, "indicators", "999999-2024-dse")
    exe = [r for r in rows if r["level1"] == "预算执行率"]
    assert [(r["target_value"], r["actual_value"], r["weight"], r["score"], r["unit"]) for r in exe] == [("", "", "10", "9.6", "%")]
    assert ("500", "563") in [(r["target_value"], r["actual_value"]) for r in rows]


def test_problems_numbered_with_circled_numbers_each_with_its_explanation(voc: Vocabulary) -> None:
    text = ("三、发现的问题\n"
            "    ①资金拨付进度偏慢。部分专项资金到年末才下达，影响了\n"
            "项目实施。\n"
            "    ②台账管理不够规范。\n"
            "四、整改措施\n"
            "    下一步将加快资金拨付进度，按季度通报执行情况。\n")
    got = [(r["kind"], r["text_zh"]) for r in draft(voc, text, "issues", "999999-2024-dse")]
    assert got == [("problem", "资金拨付进度偏慢。部分专项资金到年末才下达，影响了项目实施。"), ("problem", "台账管理不够规范。"),
                   ("measure", "下一步将加快资金拨付进度，按季度通报执行情况。")]


def test_vehicles_bought_are_not_the_vehicles_held(voc: Vocabulary) -> None:
    text = "    本年度新购公务用车0辆；截至2026年末，本单位实有公务用车3辆。\n"
    got = [(r["metric"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2026-fa")]
    assert got == [("other_count", "0"), ("official_vehicles", "3")]


def test_budget_targets_under_unnumbered_levels_and_a_level_heading_on_its_own_line(voc: Vocabulary) -> None:
    inline = "    矛盾调处经费绩效目标：产出指标：调处矛盾纠纷不少于300件，调处成功率≥92%；效益指标：群众满意率≥88%。\n"
    rows = draft(voc, inline, "indicators", "999999-2027-db")
    assert [(r["level1"], r["level3"], r["target_value"]) for r in rows] == [("产出指标", "调处矛盾纠纷", "300"), ("产出指标", "调处成功率", "92"),
                                                                           ("效益指标", "群众满意率", "88")]
    own_line = "    （1）产出指标\n    时效指标：网上信访受理时限≤3日。\n    （2）满意度指标\n    来访群众满意率≥91%。\n"
    rows = draft(voc, own_line, "indicators", "999999-2027-db")
    assert [(r["level1"], r["level2"], r["target_value"]) for r in rows] == [("产出指标", "时效指标", "3"), ("满意度指标", "", "91")]
    assert draft(voc, own_line, "petition_metrics", "999999-2027-db") == []


def test_targets_and_results_after_a_level_heading_the_line_opens_with(voc: Vocabulary) -> None:
    text = ("    1.产出指标完成情况：全年计划排查矛盾纠纷150件，实际排查171件；来信按期答复率目标值≥96%，实际完成99.1%。\n"
            "    （三）满意度指标实现情况\n"
            "    服务对象满意度指标：目标值不低于90%，实际达到94.8%。\n")
    rows = draft(voc, text, "indicators", "999999-2025-dse")
    got = [(r["level1"], r["target_value"], r["actual_value"]) for r in rows]
    assert got == [("产出指标", "150", "171"), ("产出指标", "96", "99.1"), ("满意度指标", "90", "94.8")]
    assert draft(voc, text, "petition_metrics", "999999-2025-dse") == []  # (the indicators' figures only)


def test_none_of_equipment_above_a_value_is_a_zero_of_each_kind(voc: Vocabulary) -> None:
    """无单价50万元以上的通用设备和单价100万元以上的专用设备: other_count 0 for each kind named, its words as scope, dated by the
    sentence (截至2025年12月31日 in a 2026 budget: the year before), as the kinds counted in 台（套） are; a none of
    petition work in the same sentence is still read."""
    text = ("    截至2025年12月31日，本部门共有车辆1辆；无单价50万元以上的通用设备和单价100万元以上的专用设备。\n"
            "    全年无进京非访登记；无单位价值50万元以上通用设备。\n")
    got = [(r["metric"], r["period"], r["scope"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2026-db")]
    assert got == [("official_vehicles", "prior_year", "all", "1"),
                   ("other_count", "prior_year", "单价50万元以上的通用设备", "0"), ("other_count", "prior_year", "单价100万元以上的专用设备", "0"),
                   ("irregular_beijing", "report_year", "all", "0"), ("other_count", "report_year", "单位价值50万元以上通用设备", "0")]


def test_the_projects_a_self_evaluation_evaluates_are_no_count_of_its_own(voc: Vocabulary) -> None:
    """我局对…2个项目开展了绩效自评, 纳入本次绩效自评的项目共2个, 共实施项目4个: in a report that evaluates its projects (a
    self-evaluation, an evaluation, a final account with one attached) the projects are its projects rows, so no
    petition row; a final account counting the projects it self-evaluated gives other_count (docs/transcription.md)."""
    text = ("我局对2025年度实施的信访积案化解专项资金、网上信访平台运维经费2个项目开展了绩效自评。\n"
            "我局纳入本次绩效自评的项目共2个。共实施项目4个：信访维稳工作经费调整后预算42.50万元。\n")
    for rid in ("999999-2025-pse", "999999-2025-dse", "999999-2025-de", "999999-2025-fae"):
        assert draft(voc, text, "petition_metrics", rid) == [], rid
    got = [(r["metric"], r["value"]) for r in draft(voc, "本年度对4个项目开展了绩效自评。\n", "petition_metrics", "999999-2025-fa")]
    assert got == [("other_count", "4")]
    got = [(r["metric"], r["value"]) for r in draft(voc, "全年化解信访积案项目12个。\n", "petition_metrics", "999999-2025-dse")]
    assert got == [("backlog_cases_resolved", "12")]  # (no evaluation's words: a figure of the work, whatever the report)


def test_a_planned_relative_change_is_a_target_of_no_code(voc: Vocabulary) -> None:
    """力争全区信访总量较上年下降5%以上: a change planned, which no change period expresses (change_pct is on yoy_change rows
    only): other_count, period target, the figure as printed, its words as scope; a change stated as the year's
    result stays the metric's yoy_change."""
    text = "力争全区信访总量较上年下降5%以上，初信初访一次性化解率达到90%以上。\n全年信访总量较上年下降6.2%。\n"
    got = [(r["metric"], r["period"], r["scope"], r["value"], r["change_pct"]) for r in draft(voc, text, "petition_metrics", "999999-2025-fa")]
    assert got[0] == ("other_count", "target", "信访总量较上年下降", "5", "")
    assert ("volume_total", "yoy_change", "all", "", "-6.2") in got
    text = "2026年力争全区信访总量较上年下降5%以上。计划2026年全县信访总量下降3%。围绕年度目标，全县信访总量较上年下降8%。\n"
    got = [(r["metric"], r["period"], r["scope"], r["value"], r["change_pct"]) for r in draft(voc, text, "petition_metrics", "999999-2025-fa")]
    assert got == [("other_count", "target", "信访总量较上年下降", "5", ""), ("other_count", "target", "信访总量下降", "3", ""),
                   ("volume_total", "yoy_change", "all", "", "-8")]  # (a goal named in another clause: the year's result)


def test_foreign_affairs_receptions_are_no_domestic_official_receptions(voc: Vocabulary) -> None:
    """外事接待0批次0人次 after the domestic receptions: other_count with scope 外事接待, the pair too (official_receptions_*
    count domestic receptions, their labels say); the domestic ones keep their codes."""
    text = "公务接待费1.20万元，全年接待国内公务来访19批次、143人次，外事接待0批次0人次。\n"
    got = [(r["metric"], r["scope"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2025-fa")]
    assert got == [("official_receptions_batches", "all", "19"), ("official_receptions_persons", "all", "143"),
                   ("other_count", "外事接待", "0"), ("other_count", "外事接待", "0")]
    text = "外事接待0批次、0人次；接待外事来访2批次。全年未发生外事接待。\n"
    got = [(r["metric"], r["scope"], r["value"]) for r in draft(voc, text, "petition_metrics", "999999-2025-fa")]
    assert got == [("other_count", "外事接待", "0"), ("other_count", "外事接待", "0"), ("other_count", "外事接待", "2"),
                   ("other_count", "外事接待", "0")]  # (the pair after 、, a foreign visit, a none in words)


def test_indicators_stated_in_prose_and_again_in_a_scored_table(voc: Vocabulary) -> None:
    """The table's rows are the indicators; a prose indicator whose figures a table row holds is dropped; a heading's
    points the table does not print (1.产出指标（50分），得48分) stay, as the table's project's."""
    text = ("某县信访局2024年度项目支出绩效自评报告\n"
            "    1.产出指标（20分），得18分。\n"
            "    （1）数量指标。排查化解矛盾纠纷数量：年度指标值≥300件，实际完成值326件，分值10分，得10分。\n"
            "    （2）质量指标。信访积案化解率：年度指标值≥90%，实际完成值88%，分值10分，得8分。\n"
            "\n"
            "                              项目支出绩效自评表\n"
            "  项目名称        信访积案化解经费\n"
            "  一级指标    二级指标    三级指标                  年度指标值    实际完成值    分值    得分\n"
            "  产出指标    数量指标    排查化解矛盾纠纷数量      ≥300件        326件         10      10\n"
            "              质量指标    信访积案化解率            ≥90%          88%           10      8\n")
    rep = extract_text(text, voc, "999999-2024-pse")
    got = [(d.values["row_kind"], d.values["level1"], d.values["target_value"], d.values["actual_value"], d.values["weight"], d.values["score"])
           for d in rows_of(rep, "indicators")]
    assert got.count(("item", "产出指标", "300", "326", "10", "10")) == 1 and sum(1 for g in got if g[0] == "item") == 2
    assert ("subtotal", "产出指标", "", "", "20", "18") in got
    assert len({d.values["project_id"] for d in rows_of(rep, "indicators")}) == 1


def test_review_of_round_21_a_prose_indicator_is_dropped_only_for_a_table_row_of_its_name(voc: Vocabulary) -> None:
    text = ("某县信访局2024年度项目支出绩效自评报告\n"
            "    （1）进京非正常上访：年度指标值0起，实际完成值0起，分值10分，得10分。\n"
            "    （2）重大群体性事件：年度指标值0起，实际完成值0起，分值10分，得10分。\n"
            "\n"
            "                              项目支出绩效自评表\n"
            "  项目名称        单位信息化建设项目\n"
            "  一级指标    二级指标    三级指标                  年度指标值    实际完成值    分值    得分\n"
            "  效益指标    社会效益    进京非正常上访            0起           0起           10      10\n")
    rep = extract_text(text, voc, "999999-2024-pse")
    names = [d.values["level3"] or d.values["level2"] for d in rows_of(rep, "indicators") if d.values["row_kind"] == "item"]
    assert names.count("进京非正常上访") == 1 and "重大群体性事件" in names
    assert [p.values["name_zh"] for p in rows_of(rep, "projects")] == ["单位信息化建设项目"]


def test_an_evaluations_dimensions_and_their_parts_points_in_sentences(voc: Vocabulary) -> None:
    text = ("某县信访局2022年度部门整体支出绩效评价报告\n"
            "    （一）决策方面。该部分满分20分，得17.5分。其中项目立项5分，得5分；绩效目标8分，得6.5分，部分绩效指标未细化量化；资金投入7分，得6分。\n"
            "    （二）产出方面。该部分满分40分，得36.3分。其中产出数量8分，得8分；产出质量12分，得11.3分。\n")
    got = [(d.values["row_kind"], d.values["level1"], d.values["level2"], d.values["weight"], d.values["score"], d.values["parent_row"])
           for d in rows_of(extract_text(text, voc, "999999-2022-de"), "indicators")]
    assert got == [("subtotal", "决策", "", "20", "17.5", ""), ("item", "决策", "项目立项", "5", "5", "1"), ("item", "决策", "绩效目标", "8", "6.5", "1"),
                   ("item", "决策", "资金投入", "7", "6", "1"), ("subtotal", "产出", "", "40", "36.3", ""),
                   ("item", "产出", "产出数量", "8", "8", "5"), ("item", "产出", "产出质量", "12", "11.3", "5")]


def test_a_target_and_a_result_one_space_apart_in_a_table_cell(voc: Vocabulary) -> None:
    text = ("某县信访局2023年度部门整体支出绩效自评报告\n"
            "  一级指标   二级指标     三级指标              指标值     实际值     分值   得分   偏差原因\n"
            "  产出指标   数量指标     接待群众来访批次      ≥350批     412批       15     15\n"
            "             成本指标     运行经费支出          ≤26.80万元 22.75万元   10     10\n")
    got = [(d.values["level3"], d.values["operator"], d.values["target_value"], d.values["actual_value"], d.values["unit"])
           for d in rows_of(extract_text(text, voc, "999999-2023-dse"), "indicators") if d.values["row_kind"] == "item"]
    assert ("运行经费支出", "≤", "26.80", "22.75", "万元") in got
