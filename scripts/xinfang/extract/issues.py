"""Problems and improvement measures: the sections 存在的问题 and 改进措施/改进建议/下一步.

A section runs from its heading to the next heading of the same or a higher level (levels:
第…部分, 一、, （一）, 1、, （1）, ①). Its items are its numbered entries at the first numbering level
below the heading (（一） under 五、存在的问题; 1、 under （三）存在的问题), one row each, numbering
dropped; deeper entries and unnumbered lines belong to the item before; without numbering, one row
per sentence. An item (or the heading's own text) listing several points inline (一是…；二是…；三是…)
gives one row per point.
A section that says only 无 gives one `none_stated` row. The category is the issue category whose
term occurs first in the text (labels of `issue_categories` and the synonyms); none found: low
confidence and `budget_execution` as a placeholder to review. `text_en` is left for the
contributor to translate.
"""

from __future__ import annotations

import re

from .model import LOW, MEDIUM, ReportText

PROBLEM = re.compile(r"存在(?:的|以下|如下)?(?:主要)?问题(?:及(?:其)?原因(?:分析)?)?|存在问题")
MAIN_PROBLEM = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?主要问题(?=[：:])")  # 主要问题：… opening its line
FOUND = re.compile(r"发现的(?:主要)?问题")  # a heading only where it opens its line: （四）发现的主要问题：1.…
MEASURE = re.compile(r"(?:下一步)?(?:改进|整改)(?:措施|建议|意见|方向)|下一步(?:工作)?(?:措施|打算|计划|安排)")
BOTH_HEAD = re.compile(r"^\s*(?:及|和|与|、)\s*(?:其)?$")  # 存在的问题及改进措施: a heading of both, its parts headed below it
CN = "一二三四五六七八九十"
PAGE = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")
# numbering levels, outermost first; a heading of one level ends a section opened at the same or a deeper one
LEVELS = (re.compile(r"^(?:第[一二三四五六七八九十]+部分|#+ )"), re.compile(rf"^[{CN}]+[、.．]"), re.compile(rf"^[（(][{CN}]+[）)]"),
          re.compile(r"^\d+[、.．](?!\d)"), re.compile(r"^[（(]\d+[）)]"), re.compile(r"^[①-⑳]"), re.compile(rf"^[{CN}]+是"))
INLINE = re.compile(rf"(?:^|(?<=[；;。，,：:]))\s?[{CN}]{{1,3}}是[，,：:]?")
BRACKETED = re.compile(rf"(?:^|(?<=[；;。：:将]))\s?(?:[（(](?:[{CN}]{{1,3}}|\d{{1,2}})[）)]|[①-⑩])")  # （一）X；（二）Y, 将（1）X；（2）Y, ①X；②Y
# 。下一步，我局将（1）X；（2）Y: the measures after the problems of the same passage, named by their points (no colon)
NEXT_STEP_POINTS = re.compile(rf"下一步[，,]?[^：:。；;（(]{{0,20}}?(?=[（(](?:[{CN}]{{1,3}}|\d{{1,2}})[）)]|[①-⑩]|[{CN}]{{1,3}}是)")
# a passage that names its points after a colon (…看到存在的问题：一是…; 下一步，我局将抓好以下工作：（一）…): a section on its line
POINTS_AFTER = re.compile(rf"\s?(?:[{CN}]{{1,3}}是|[（(][{CN}]{{1,3}}[）)]|\d{{1,2}}[.、．](?!\d))")
NEXT_STEP = re.compile(r"^下一步[，,]?[^：:。；;]{0,30}[：:]")
# 。下一步将加强…: the measures after the problems of the same passage, in a sentence of their own (its words kept)
NEXT_STEP_WILL = r"(?=下一步[，,]?\s*(?:我局|本局|我们|局里)?\s*(?:将|要|拟|继续))"
# 1.X。2.Y。 numbered points inside one passage (a numeral after a sentence's end, never a decimal)
NUMBERED = re.compile(r"(?:^|(?<=[；;。：:]))\s?\d{1,2}[.、．](?!\d)")


# problems and measures stated inline, per project or per passage: 发现的主要问题：…。下一步改进措施：…
INLINE_PROBLEM = re.compile(r"(?:发现的|存在的)?主要问题(?:是|为|有)?[：:]\s*([^：:]{2,300}?)\s*(?=(?:下一步)?(?:改进|整改)(?:措施|建议|方向)(?:是|为)?[：:]|"
                            r"(?<=[。；;])" + NEXT_STEP_WILL + r"[^：:]{2,300}$|$)")
INLINE_MEASURE = re.compile(r"(?:(?:下一步)?(?:改进|整改)(?:措施|建议|方向)(?:是|为)?[：:]\s*|(?<=[。；;])" + NEXT_STEP_WILL + r")([^：:]{2,300})$")


# 存在的主要问题是X，下一步将Y。: a problem and its measure in one sentence (no colon, the measure after a comma)
INLINE_PAIR = re.compile(r"(?:发现|存在)的(?:主要)?问题(?:是|为|有)\s*([^：:。；;]{2,200}?)\s*[，,；;]\s*" + NEXT_STEP_WILL + r"([^：:]{2,300})$")


def extract_inline(rep: ReportText, project_of_line: dict[int, str]) -> None:
    """发现的主要问题：X。下一步改进措施：Y。 on one line (a project's self-evaluation stated in prose):
    a problem and a measure row, of the project whose amounts the line states (project_of_line)."""
    done = {(d.pos[0], d.values["kind"]) for d in rep.drafts if d.table == "issues"}
    for no in sorted(rep.lines):
        t = rep.lines[no].text
        pair = INLINE_PAIR.search(t)
        if pair and (no, "problem") not in done and (no, "measure") not in done and not INLINE_PROBLEM.search(t):
            for kind, text in (("problem", pair.group(1)), ("measure", pair.group(2))):
                cat, conf = category(rep, text.strip(" 。；;，,"))
                rep.add("issues", {"project_id": project_of_line.get(no, ""), "kind": kind, "category": cat, "text_zh": text.strip(" ；;，,"),
                                   "text_en": ""}, conf, (no, pair.start()))
            continue
        for rx, kind in ((INLINE_PROBLEM, "problem"), (INLINE_MEASURE, "measure")):
            m = rx.search(t)
            if not m or m.start() < 8 and kind == "problem" and not project_of_line.get(no) or (no, kind) in done:
                continue  # a line that opens with 主要问题： is a section heading, read by extract(); so is one it read
            text = m.group(1).strip(" 。；;，,")
            if not text:
                continue
            cat, conf = ("none_stated", MEDIUM) if text == "无" else category(rep, text)
            rep.add("issues", {"project_id": project_of_line.get(no, ""), "kind": kind, "category": cat, "text_zh": text, "text_en": ""},
                    conf, (no, m.start()))


def level(t: str) -> tuple[int, int]:
    """(numbering level, length of the numbering) of a line; (-1, 0) when it has none."""
    for k, rx in enumerate(LEVELS):
        m = rx.match(t)
        if m:
            return k, m.end()
    return -1, 0


def split_inline(text: str) -> list[str]:
    """一是…；二是…；三是… in one passage: one text per point (the words before the first point, when
    they are only a lead-in, are dropped)."""
    marks = list(INLINE.finditer(text))
    if len(marks) == 1 and marks[0].start() == 0:
        return [text[marks[0].end():].strip()]
    if len(marks) < 2:
        marks = list(BRACKETED.finditer(text))
    if len(marks) < 2:
        marks = list(NUMBERED.finditer(text))
        if len(marks) < 2 or marks[0].start() > 0:
            return [text]
    out = [text[a.end():b.start()].strip().rstrip("；;，,") for a, b in zip(marks, marks[1:], strict=False)]  # (X；二是Y: the point without its stop)
    out.append(text[marks[-1].end():].strip())
    return [x for x in out if x]


def category(rep: ReportText, text: str) -> tuple[str, str]:
    found = rep.voc.find_all("issue", text)
    found = [m for m in found if m.code != "none_stated"]
    if not found:
        return "budget_execution", LOW
    return min(found, key=lambda m: m.start).code, MEDIUM


def extract(rep: ReportText) -> None:
    kind = ""
    items: list[tuple[int, str]] = []
    numbered = False
    head_level = -1
    item_level = -1
    inline_head = False

    def flush() -> None:
        if not kind:
            return
        texts = [(no, x.strip()) for no, x in items if x.strip()]
        if len(texts) == 1 and texts[0][1].strip("。 ") == "无":
            rep.add("issues", {"project_id": "", "kind": kind, "category": "none_stated", "text_zh": "无", "text_en": ""}, MEDIUM, (texts[0][0], 0))
            return
        k = len(rep.drafts)  # (reading order: the measures after the problems of the same line come after them)
        for no, x in texts:
            for part in split_inline(x):
                cat, conf = category(rep, part)
                rep.add("issues", {"project_id": "", "kind": kind, "category": cat, "text_zh": part, "text_en": ""}, conf, (no, k))
                k += 1

    for no in sorted(rep.lines):
        t = re.sub(r"\*+", "", rep.lines[no].text).strip()
        pm, mm = PROBLEM.search(t) or FOUND.search(t[:12]) or MAIN_PROBLEM.match(t), MEASURE.search(t)
        hit = None
        ns = NEXT_STEP.match(t)
        if pm and ((len(t) - pm.end() < 8 or t[pm.end():pm.end() + 1] in "。：:") and len(t) < 60 + pm.start()
                   or t[pm.end():pm.end() + 1] in "：:" and (pm.start() < 12 or POINTS_AFTER.match(t, pm.end() + 1))):
            hit = ("problem", pm)
        elif mm and (len(t) - mm.end() < 8 and len(t) < 40 or t[mm.end():mm.end() + 1] in "。：:" and mm.start() < 12):
            hit = ("measure", mm)  # （二）改进措施。一是…；二是…: the heading's stop, then its points
        elif ns and (POINTS_AFTER.match(t, ns.end()) or kind == "problem"):
            # 下一步，我局将重点抓好以下几方面工作：（一）…；（二）…: the measures, inline; 下一步：… opening a line after problems: their measures
            hit = ("measure", ns)
        if hit:
            flush()
            kind, items, numbered = hit[0], [], False
            head_level, item_level = level(t)[0], -1
            rest = t[hit[1].end():].lstrip(" 。：:").rstrip()
            both = MEASURE.match(rest.lstrip("及和与、其 ")) if kind == "problem" else None
            if both and BOTH_HEAD.match(rest[:rest.find(both.group(0))]) and len(rest) - len(both.group(0)) < 4:
                rest = ""  # 五、存在的问题及改进措施: the parts are headed below it
            inline_head = head_level < 0 and bool(rest)  # 存在问题：一是…。改进措施：…: the section is its line
            later = (re.search(r"(?<=[。；;])\s*(?:(?:" + MEASURE.pattern + r")(?:是|为)?[：:]|下一步[：:]|" + NEXT_STEP_POINTS.pattern + "|"
                               + NEXT_STEP_WILL + ")", rest)
                     if kind == "problem" else None)
            if later:
                # 存在问题：一是X；二是Y。改进措施：一是…: the problems, then the measures, on one line
                items.append((no, rest[:later.start()].strip()))
                flush()
                kind, items = "measure", []
                rest = rest[later.end():].strip()
            if rest:
                items.append((no, rest))
            continue
        if not kind:
            continue
        if PAGE.match(t):
            continue  # - 2 -, 第2页: a page's number printed between a heading and its text, no line of the section
        lv, cut = level(t)
        if lv < 0 and not items and t[-1:] in "：:" and len(t) < 40:
            continue  # 下一步，我局将重点做好以下工作： right under the heading: the points below are its items (no item, no end)
        if lv >= 0 and item_level < 0 and lv > head_level and lv != len(LEVELS) - 1:
            item_level = lv  # the first numbering below the heading numbers the items
        ends = lv >= 0 and (lv <= head_level or (item_level >= 0 and lv < item_level) or inline_head and lv <= 2)
        open_item = bool(items) and items[-1][1][-1:] not in "。；;！？!?"
        if ends or (lv < 0 and len(t) < 20 and t.strip("。") != "无" and not open_item):
            flush()
            kind, items = "", []
            continue
        if lv >= 0 and (lv == item_level or lv == len(LEVELS) - 1 and item_level < 0):
            # 一是X。二是Y。 on one line: kept whole, so its points are split (split_inline drops the marks)
            items.append((no, (t if lv == len(LEVELS) - 1 else t[cut:]).strip()))
            numbered = True
        elif (numbered or open_item and lv < 0) and items:
            items[-1] = (items[-1][0], items[-1][1] + t)
        else:
            for sent in re.findall(r"[^。]+。?", t):
                items.append((no, sent))
    flush()
