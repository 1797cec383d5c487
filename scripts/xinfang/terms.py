"""The words that name each code: one definition for the contributor assistant (extract) and the
gate's code-support check.

A code's terms are the terms of its codelist `label_zh` (split at brackets, so 公用经费（日常公用经费）
gives 公用经费 and 日常公用经费; the part after a colon, so 基本支出：工资福利支出 gives 工资福利支出)
plus the documented synonyms in `policy/synonyms.csv` (ways reports say the same thing, which do not
belong in the published codelists). A synonym may name several codes (`income_total|expenditure_total`
for 收、支总计) or a metric stem whose `_batches`/`_persons` variant the unit decides.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .safe_io import MAX_POLICY_BYTES, inside, read_bytes

SYNONYMS = Path("policy") / "synonyms.csv"  # relative to the package root
# a synonym's dimension (policy/synonyms.csv) -> the codelist resource it names codes of and its id column
CODELISTS = {
    "item": ("budget_items", "item_id"),
    "fund": ("funds", "fund_id"),
    "stage": ("budget_stages", "stage_id"),
    "metric": ("petition_metric_codes", "metric_id"),
    "staffing": ("staffing_categories", "category_id"),
    "issue": ("issue_categories", "category_id"),
}
# labels that are descriptions, not terms a report uses
SKIP_LABELS = {"全部资金", "或未区分来源", "未说明阶段", "其他计数", "无", "本年度", "单项"}


def label_terms(label: str) -> list[str]:
    """Terms a label gives: 公用经费（日常公用经费） -> [公用经费, 日常公用经费]; 基本支出：工资福利支出 -> [工资福利支出]."""
    label = label.split("：")[-1]
    parts = re.split(r"[（）()、]", label)
    return [p.strip() for p in parts if len(p.strip()) >= 2 and p.strip() not in SKIP_LABELS and p.strip() not in ("批次", "人次")]


def read_synonyms(root: Path) -> list[dict[str, str]]:
    """The rows of policy/synonyms.csv (dimension, term, code, unit, note); none when the package has no such file."""
    if not (root / SYNONYMS).is_file():
        return []
    data = read_bytes(inside(root, SYNONYMS.as_posix()), MAX_POLICY_BYTES, SYNONYMS.as_posix())  # inside the package, bounded: the gate reads it
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
