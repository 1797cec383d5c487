# Reconciliation decisions applied on top of the chosen readings.
# 1. Overall scores live in reports.self_score, not as indicator rows.
data["indicators"] = [r for r in data["indicators"] if r["level1"] not in ("部门整体支出绩效", "整体支出绩效自评")]
# 2. 004: the department's 92.1 is reports.self_score, not a project; projects with a table are
#    described by the table reading (their text scores 79 and 93.5 equal the tables' 合计).
data["projects"] = [r for r in data["projects"] if not (r["_scope"] == "r004_text")]
# 3. 004: the last table's 存在问题/改进措施 (无) were read by both the table and the text readers.
data["issues"] = [r for r in data["issues"] if not (r["_scope"] == "r004_text" and r.get("project_id") == "51041123T000007509601")]
# 4. 004 leadership posts: scope names the post (局长, 副局长, 副科级领导职数).
for r in data["staffing"]:
    if r["report_id"] == "510411-2022-fae" and r["category"] == "leadership_posts":
        q = r["source_quote"]
        r["scope"] = "副科级领导（事业编制）" if "副科级" in q else ("副局长" if r["value"] == "2" else "局长")
# 5. 002: reading B splits the problems paragraph into its three sentences (finer, each verbatim).
data["issues"] = [r for r in data["issues"] if r["report_id"] != "430406-2024-dse"] + \
    [r for r in load("B", "r000_002", "issues") if r["report_id"] == "430406-2024-dse"]
# 6. Backlog cases assigned in batches since 2021: reading B codes them `cumulative` with the batch as scope.
BACKLOG = {"backlog_cases_assigned", "backlog_cases_resolved", "backlog_resolution_rate", "repeat_petition_rate"}
def _is_batch(r):
    return r["metric"] in BACKLOG and r["report_id"] in ("430412-2022-de", "430406-2024-dse") and ("批" in r["scope"] or "批" in r["source_quote"]) \
        and "重点民生实事" not in r["scope"]
data["petition_metrics"] = [r for r in data["petition_metrics"] if not _is_batch(r)] + \
    [r for r in load("B", "r000_002", "petition_metrics") if _is_batch(r)]
data["petition_metrics"] = [r for r in data["petition_metrics"] if not (r["_scope"] == "r000_002" and r["report_id"] == "430412-2022-de"
                            and r["metric"] == "backlog_cases_assigned" and r["value"] == "13" and r["scope"].endswith("专项工作"))]
