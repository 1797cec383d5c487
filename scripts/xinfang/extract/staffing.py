"""Staffing stated in prose: establishment (编制) by kind, staff in post, retired, temporary,
leadership posts, internal divisions. A count (人, 名, 个) is a staffing figure when a staffing
term (from `staffing_categories.label_zh` and the synonyms) stands before it since the previous
figure, or right after its unit (下设3个股室); 2022年末 / 12月31日 in the sentence gives `as_of`.
"""

from __future__ import annotations

import re

from .model import HIGH, MEDIUM, ReportText, quote
from .vocabulary import Match, Vocabulary

UNITS = ("人", "名", "个", "家")  # (下属接待中心1家: bodies counted in 家 as in 个)
VERB_AFTER = ("了", "绩效", "预算", "计划", "方案")
GENERIC_IN_POST = ("实有", "实有人数", "实有在职在编人数")  # staff in post of no kind named: the kind of the posts just named, if any
IN_SCOPE = re.compile(r"(?:决算|预算)\s*(?:编制|编报)\s*范围的?(?:(?:独立核算)?单位(?:共计|共|有)?|仅(?:局)?本级)\s*$")  # (…范围的仅本级1家)
GENERIC_OF_IN_POST = re.compile(r"其中[：:，,]?\s*在职")  # 实有人数19人，其中在职人员14人: in post a part of the whole
BRACKETS = re.compile(r"[（(][^（）()]{0,80}[）)]")
AS_OF = re.compile(r"((?:19|20)\d{2})\s*年(?:末|底|12月31日|\s*12\s*月\s*31\s*日)")


# the kind of body a count of organisations names (下设X中心1个（事业单位）, 下设2个股室): by the words of the body
INSTITUTION = re.compile(r"事业单位|中心|服务站|工作站|所$|院$|队$")
DIVISION = re.compile(r"股|科室|处室|[办科室]$")
VERB_TERMS = ("下设", "下辖", "下属", "内设", "设有")  # verbs that name the body counted after them by its own words


def organisation(m: Match, words: str, after: str) -> Match:
    """A count after 下设/下辖/设有 is of the kind of body its words name, those right after the unit first
    (3个股室) and else those before the count (县群众来访接待中心1个（事业单位）): an institution (…中心,
    事业单位) is `affiliated_institutions`, a division (…股, 科室) `internal_divisions`; otherwise the verb's code."""
    if m.term not in VERB_TERMS:
        return m
    for w in (after, words):
        if DIVISION.search(w):
            return Match("internal_divisions", m.term, m.start, m.end)
        if INSTITUTION.search(w):
            return Match("affiliated_institutions", m.term, m.start, m.end)
    return m


NONE_OF = re.compile(r"(?:无|没有|未设)([^，,；;。、\d]{2,10})(?=[，,；;。]|$)")  # 无下属二级单位
ORGANISATIONS = ("internal_divisions", "affiliated_institutions")


def extract(rep: ReportText) -> None:
    voc = rep.voc
    for no in sorted(rep.lines):
        line = rep.lines[no]
        t = line.text
        for z in NONE_OF.finditer(t):
            # none of a kind of organisation (无下属二级单位, 未设内设机构): a count of 0 (other staff stated as none are not counted)
            m = voc.last("staffing", z.group(1))
            if m and m.end == len(z.group(1)) and m.code in ORGANISATIONS:
                rep.add("staffing", {"category": m.code, "scope": "all", "value": "0", "as_of": "", "source_quote": z.group(0),
                                     "note": "none stated in words"}, MEDIUM, (no, z.start()))
        dates = list(AS_OF.finditer(t))
        for s, e in line.sentences():
            prev_end = s
            total_end = e  # where the count of all staff in post just stated ends (none yet)
            last: str | None = None
            prev_value = ""
            org_end = -1  # where the last count of organisations of the sentence ends (its kinds may follow after 其中)
            inst_posts = False  # the posts just counted are those of the institution counted before them
            colon_end = -1  # where a count followed by a colon ends (实有人数10人：行政7人，事业2人: its parts follow, to the clause's end)
            for n in [n for n in line.nums if s <= n.start < e]:
                lead = line.lead(s, prev_end, n.start)
                prev_end = n.unit_end
                if n.kind != "value" or n.unit not in UNITS or rep.is_claimed(no, n):
                    continue
                m = voc.last("staffing", lead)
                if m and (lead[m.end:].lstrip().startswith(VERB_AFTER) or m.term == "编制" and lead[:m.start].rstrip().endswith(("预算", "决算"))):
                    m = None  # 编制了绩效目标, 编制预算, 部门预算编制范围: 编制 the verb (to draw up), not posts
                if m and re.search(r"[，,；;。]", lead[m.end:]):
                    m = None  # 在年初预算编制阶段，…对2个项目: a term of an earlier clause does not name this count
                if (m and m.code == "establishment_total" and m.term == "编制" and last == "affiliated_institutions"
                        and re.fullmatch(r"[\s，,]*(?:[（(][^（）()]*[）)])?[\s，,]*", lead[:m.start])):
                    # 下属参公事业单位1个（区人民来访接待中心），编制4名: the posts of the institution just counted
                    m, inst_posts = Match("establishment_institution", m.term, m.start, m.end), True
                if m and m.code == "in_post_total" and m.term in GENERIC_IN_POST and inst_posts and last == "establishment_institution":
                    m, inst_posts = Match("in_post_institution", m.term, m.start, m.end), False  # (…，编制4名，实有4名: its staff in post)
                elif m and m.code == "in_post_total" and m.term in GENERIC_IN_POST:
                    # 行政编制3名（…），实有人数3名: staff in post of the kind of posts the sentence has just named
                    # (posts in brackets detail the figure before them: 编制11人（行政编制8人，事业编制3人），在职实有10人 is the total)
                    # (with the unfinished sentence the line continues, so that a bracket it opened is closed: 编制11人（行政编 / 制7人…）)
                    head = line.carry if s == 0 else ""
                    before = BRACKETS.sub(lambda b: "\u3000" * len(b.group(0)), head + t[s:n.start - len(lead) + m.start])
                    kinds = [x for x in voc.find_all("staffing", before) if x.code.startswith("establishment_")]
                    kind = kinds[-1].code.replace("establishment_", "in_post_") if kinds else ""
                    if kind in voc.codes["staffing"]:
                        m = Match(kind, m.term, m.start, m.end)
                if m is None and n.unit in ("个", "家") and IN_SCOPE.search(lead) and re.search(r"纳\s*入", t[max(s, n.start - 40):n.start]):
                    # 纳入本部门决算编制范围的单位共1个, 纳入部门预算编制范围的单位共2个: the units the accounts or the budget cover (docs/transcription.md)
                    m = Match("accounting_units", "单位", 0, len(lead))
                if m is None:
                    # the counted thing named right after the count: 下设3个股室, 内设2个机构
                    after = [x for x in voc.find_all("staffing", t[n.unit_end:n.unit_end + 8]) if x.start == 0]
                    m = after[0] if after else None
                if m is not None and n.unit in ("个", "家"):
                    # 下设县群众来访接待中心1个（事业单位）: the body its words name, between the verb and the count or right after it
                    after_unit = re.match(r"\s*[（(]?([^，,。；;、：:（()）]{0,10})", t[n.unit_end:n.unit_end + 14])
                    m = organisation(m, lead[m.end:].strip(), after_unit.group(1) if after_unit else "")
                scope = "all"
                if (m is None and last in ORGANISATIONS and n.unit in ("个", "家") and t.rfind("其中", org_end, n.start) >= 0
                        and (part := re.sub(r"^.*其中[：:，,]?", "", lead).strip(" ，,、；;：:")) and 2 <= len(part) <= 30):
                    # 设独立编制机构1个，其中行政机构0个，其他事业机构1个: the kinds of the organisations just counted
                    m, scope = Match(last, part, 0, len(lead)), part
                bracket_open = max(t.rfind("（", s, n.start), t.rfind("(", s, n.start)) > max(t.rfind("）", s, n.start), t.rfind(")", s, n.start))
                bracket_open = bracket_open or colon_end >= 0 and not re.search(r"[；;。]", t[colon_end:n.start])  # (a colon's list: as in brackets)
                if m is None and last and last.startswith("in_post_") and (bracket_open or t.rfind("其中", total_end, n.start) >= 0):
                    # 在职在编人员13人（行政10人，事业2人，工勤1人）; 实有在职人员14人，其中行政9人、事业4人: staff in post by kind
                    m = _kind_in_brackets(voc, re.sub(r"^.*其中[：:，,]?", "", lead))
                elif m is None and last and last.startswith("establishment_") and bracket_open:
                    m = _kind_in_brackets(voc, lead, "establishment_")  # 核定编制8名（行政6名、事业2名）: the posts by kind
                elif (m is not None and m.code.startswith("establishment_") and last and last.startswith("in_post_")
                      and t.rfind("其中", total_end, n.start) >= 0):
                    # 实有在编人员12人，其中行政编制8人、事业编制3人: the staff in post by the kind of post they hold
                    kind = m.code.replace("establishment_", "in_post_")
                    m = Match(kind, m.term, m.start, m.end) if kind in voc.codes["staffing"] else m
                if m is None and last and re.fullmatch(r"[，,、（(）)\s]*(?:其中)?[：:]?", lead) is None:
                    continue
                if m is None:
                    continue
                cat, conf = m.code, HIGH if m else MEDIUM
                if cat == "seconded_in" and n.unit in ("个", "家"):
                    continue  # 入驻单位12个: bodies stationed in, not staff
                if "其中" in lead and cat == last and prev_value == n.text:
                    rep.claim(no, n)  # 离退休人员5人，其中退休5人: the whole is all of the part (one figure, stated with its part)
                    continue
                if "其中" in lead and cat == last == "in_post_total" and GENERIC_OF_IN_POST.search(lead):
                    # 年末实有人数19人，其中在职人员14人: the whole holds more than the staff in post (the retired too): no code
                    rep.drafts = [d for d in rep.drafts if not (d.table == "staffing" and d.pos[0] == no and s <= d.pos[1] < n.start
                                                                and d.values["category"] == "in_post_total")]
                last, prev_value = cat, n.text
                asof = next((d for d in dates if d.end() <= e), None)
                if cat in ORGANISATIONS and scope == "all":
                    org_end = n.unit_end
                v = {"category": cat, "scope": scope, "value": n.text, "as_of": f"{asof.group(1)}-12-31" if asof else "",
                     "source_quote": quote(t, n.start, n.unit_end, s, e), "note": ""}
                rep.add("staffing", v, conf, (no, n.start))
                rep.claim(no, n)
                if re.match(r"\s*[：:]", t[n.unit_end:]):
                    colon_end = n.unit_end
                if cat == "in_post_total":
                    total_end = n.unit_end


def _kind_in_brackets(voc: Vocabulary, lead: str, family: str = "in_post_") -> Match | None:
    """The staff-in-post category a bare kind names inside the brackets after a count of staff in post
    (行政10人 -> 行政人员 -> in_post_admin; terms from the codelist and synonyms), or with `family`
    establishment_ the kind of posts after a count of posts (行政6名 -> 行政编制 -> establishment_admin);
    None when it names none."""
    word = re.search(r"([\u4e00-\u9fff]{2,4})\s*$", lead)
    if not word:
        return None
    suffix = "人员" if family == "in_post_" else "编制"
    term = word.group(1).removesuffix(suffix) + suffix
    found = [x for x in voc.find_all("staffing", term) if x.code.startswith(family) and x.term == term]
    return Match(found[0].code, word.group(1), lead.rfind(word.group(1)), len(lead)) if found else None
