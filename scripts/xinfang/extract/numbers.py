"""Numbers as reports print them.

`find_numbers` returns every number of a text with what surrounds it: the unit that follows
(万元, 元, %, 批, 人次 …), an approximation marker (余, 多, 近, 以上, 左右), whether it is a year, a
date, a list number, an ordinal (第14次) or a document number (those are never figures). The printed form is kept
except for thousands separators (1,284 -> 1284), as the transcription guide says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# 1,284 | 1，284 (full-width comma as separator only when followed by exactly 3 digits) | 97.80 | 0
NUMBER = re.compile(r"(?<![0-9A-Za-z])(?<![0-9A-Za-z]\.)(\d{1,3}(?:[,，]\d{3})+(?![0-9])|\d+)(\.\d+)?")  # (元.2个: a full stop after a word)
COUNT_UNITS = ("批（件）次", "件（批）次", "人次", "件次", "批次", "个百分点", "百分点", "场次",
               "个", "批", "件", "宗", "次", "人", "名", "条", "场", "起", "户", "项", "份", "辆", "天", "期", "家")
MONEY = re.compile(r"\s*万元")
PERCENT = re.compile(r"\s*[%％]")
DURATION = re.compile(r"\s*日((?:以)?内)")  # 60日内, 15日以内: days within which (the marker after the unit)
APPROX_BEFORE = ("近", "约", "超过", "逾")
APPROX_AFTER = ("余", "多", "以上", "左右")


@dataclass
class Num:
    text: str  # as printed, separators dropped
    start: int  # span in the text searched (the number itself)
    end: int
    unit: str  # '万元', '%', a count unit, '分', or ''
    unit_end: int  # end of the number with its unit and marker
    approx: str = ""  # approximation marker as printed
    kind: str = "value"  # 'value', 'year', 'date', 'numbering', 'ordinal', 'docno', 'code'

    @property
    def value(self) -> Decimal:
        return Decimal(self.text)


def normalise(text: str) -> str:
    """A number's value in canonical form for comparison ('20.00' -> '20', '-0.0' -> '0')."""
    try:
        d = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return text
    if d == 0:
        return "0"
    s = format(d.normalize(), "f")
    return s


def _unit_after(text: str, pos: int) -> tuple[str, str, int]:
    """(approx marker, unit, end) of what follows a number at pos."""
    rest = text[pos:pos + 12]
    approx = ""
    stripped = rest.lstrip()
    skip = len(rest) - len(stripped)
    for a in ("余", "多"):
        if stripped.startswith(a):
            approx, stripped, skip = a, stripped[1:], skip + 1
            break
    m2 = re.match(r"\s*", stripped)
    if m2:
        skip += m2.end()
        stripped = stripped[m2.end():]
    unit = ""
    if stripped.startswith("万元"):
        unit = "万元"
    elif stripped.startswith("元"):
        unit = "元"  # 公务接待费支出3,650.00元: an amount in 元, as printed
    elif stripped[:1] in ("%", "％"):
        unit = "%"
    elif stripped.startswith("分"):
        unit = "分"
    else:
        for u in COUNT_UNITS:
            if stripped.startswith(u):
                unit = u
                break
    end = pos + skip + len(unit)
    tail = text[end:end + 2]
    if not approx:
        for a in ("以上", "左右"):
            if tail.startswith(a):
                approx, end = a, end + len(a)
                break
    return approx, unit, end


def find_numbers(text: str) -> list[Num]:
    out: list[Num] = []
    for m in NUMBER.finditer(text):
        printed = (m.group(1).replace(",", "").replace("，", "")) + (m.group(2) or "")
        approx, unit, end = _unit_after(text, m.end())
        before = text[max(0, m.start() - 2):m.start()]
        if not approx:
            for a in APPROX_BEFORE:
                if before.endswith(a):
                    approx = a
        after = text[m.end():m.end() + 2]
        kind = "value"
        if re.match(r"\s*年", after) and len(printed) == 4 and printed.startswith(("19", "20")):
            kind = "year"
        elif (dm := DURATION.match(text, m.end())) and not re.search(r"月\s*$", text[max(0, m.start() - 2):m.start()]):
            unit, end = "日", dm.start(1)  # 办结时限60日内: a span of days (not 8月31日, a date): the value in 日
        elif (re.match(r"\s*日\s*$", text[m.end():]) and not re.search(r"月\s*$", text[:m.start()])
              and re.fullmatch(r"\s*(?:[≤≥<>＜＞]|不超过|不多于|不少于)?\s*", text[:m.start()])):
            unit, end = "日", m.end() + text[m.end():].index("日") + 1  # a cell ≤60日 / 60日 alone: a span of days, no date
        elif re.match(r"\s*(月|日|时)", after):
            kind = "date"
        elif before.endswith("第"):
            kind = "ordinal"  # 第14次常务会议, 第2批: which one, not how many
        elif re.match(r"[、.．](?!\d)", after) and (m.start() == 0 or text[m.start() - 1] in " （(：:，,。；"):
            kind = "numbering"
        elif after[:1] in ("）", ")") and text[max(0, m.start() - 1):m.start()] in ("（", "("):
            kind = "numbering"
        elif re.match(r"\s*号", after) or before.endswith(("〔", "[")) or text[m.end():m.end() + 1] in ("〕", "]"):
            kind = "docno"
        elif len(printed) >= 8 and "." not in printed:
            kind = "code"
        elif re.match(r"[A-Za-z]", text[m.end():m.end() + 1]) or re.search(r"[A-Za-z]$", text[max(0, m.start() - 1):m.start()]):
            kind = "code"
        out.append(Num(printed, m.start(), m.end(), unit, end, approx, kind))
    return out


def pairs(nums: list[Num], text: str) -> list[tuple[Num, Num]]:
    """Batch and person pairs printed together: 318批702人次, 127批 600人, 5批次13人次."""
    out = []
    for a, b in zip(nums, nums[1:], strict=False):
        if a.unit in ("批", "批次") and b.unit in ("人次", "人") and text[a.unit_end:b.start].strip(" ，,、") == "":
            out.append((a, b))
    return out
