"""Problems and improvement measures: the sections 存在的问题 and 改进措施/改进建议/下一步.

A section runs from its heading to the next heading. Its items are its numbered entries
(1、 1. （1） 一是 二是 …), one row each, numbering dropped; without numbering, one row per sentence.
A section that says only 无 gives one `none_stated` row. The category is the issue category whose
term occurs first in the text (labels of `issue_categories` and the synonyms); none found: low
confidence and `budget_execution` as a placeholder to review. `text_en` is left for the
contributor to translate.
"""

from __future__ import annotations

import re

from .model import LOW, MEDIUM, Report

PROBLEM = re.compile(r"存在的?(?:主要)?问题(?:及原因分析)?|存在问题")
MEASURE = re.compile(r"(?:下一步)?改进(?:措施|建议|意见)|下一步(?:工作)?(?:措施|打算|计划)")
HEAD = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|#+ )")
ITEM = re.compile(r"^(?:\d+[、.．]|[（(]\d+[）)]|[一二三四五六七八九十]+是)\s*")


def category(rep: Report, text: str) -> tuple[str, str]:
    found = rep.voc.find_all("issue", text)
    found = [m for m in found if m.code != "none_stated"]
    if not found:
        return "budget_execution", LOW
    return min(found, key=lambda m: m.start).code, MEDIUM


def extract(rep: Report) -> None:
    kind = ""
    items: list[tuple[int, str]] = []
    numbered = False

    def flush() -> None:
        if not kind:
            return
        texts = [(no, x.strip()) for no, x in items if x.strip()]
        if len(texts) == 1 and texts[0][1].strip("。 ") == "无":
            rep.add("issues", {"project_id": "", "kind": kind, "category": "none_stated", "text_zh": "无", "text_en": ""}, MEDIUM, (texts[0][0], 0))
            return
        for no, x in texts:
            cat, conf = category(rep, x)
            rep.add("issues", {"project_id": "", "kind": kind, "category": cat, "text_zh": x, "text_en": ""}, conf, (no, 0))

    for no in sorted(rep.lines):
        t = re.sub(r"\*+", "", rep.lines[no].text).strip()
        pm, mm = PROBLEM.search(t), MEASURE.search(t)
        hit = None
        if pm and (len(t) - pm.end() < 8 or t[pm.end():pm.end() + 1] in "。") and len(t) < 60 + (pm.start() if pm else 0):
            hit = ("problem", pm)
        elif mm and len(t) - mm.end() < 8 and len(t) < 40:
            hit = ("measure", mm)
        if hit:
            flush()
            kind, items, numbered = hit[0], [], False
            rest = t[hit[1].end():].strip(" 。：:")
            if rest:
                items.append((no, rest))
            continue
        if kind and (HEAD.match(t) and not ITEM.match(t) or len(t) < 20 and not ITEM.match(t) and t.strip("。") != "无"):
            flush()
            kind, items = "", []
            continue
        if kind:
            if ITEM.match(t):
                items.append((no, ITEM.sub("", t, count=1)))
                numbered = True
            elif numbered and items:
                items[-1] = (items[-1][0], items[-1][1] + t)
            else:
                for sent in re.findall(r"[^。]+。?", t):
                    items.append((no, sent))
    flush()
