"""Terms of the reports mapped to the package's codes.

One definition: the terms are those of `xinfang.terms` (the codelists' `label_zh` and the
documented synonyms of `policy/synonyms.csv`), which the gate's code-support check reads too.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..terms import CODELISTS, label_terms, read_synonyms
from .document import ReportType, load_types

BATCH_UNITS = ("批", "批次")
PERSON_UNITS = ("人次", "人")

@dataclass(frozen=True)
class Match:
    code: str
    term: str
    start: int
    end: int


QUOTES = str.maketrans({"‘": "“", "’": "”", "「": "“", "」": "”", "『": "“", "』": "”"})


def same_quotes(text: str) -> str:
    """Quotes as “…”: single, corner and ASCII double quotes (alternately opening and closing)."""
    text = text.translate(QUOTES)
    if '"' in text:
        parts = text.split('"')
        text = "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]
    return text


@dataclass
class Vocabulary:
    terms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # dimension -> [(term, code)] longest first
    codes: dict[str, set[str]] = field(default_factory=dict)
    gfs: dict[str, str] = field(default_factory=dict)  # item_id -> gfs_code
    parents: dict[str, str] = field(default_factory=dict)  # item_id -> parent_item (three_public_abroad -> three_public)
    fund_parents: dict[str, str] = field(default_factory=dict)  # fund_id -> parent_fund (gpb -> fiscal)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # dimension -> code -> label_zh
    amount_metrics: set[str] = field(default_factory=set)  # metric codes of kind `amount` (money, 万元)
    rate_metrics: set[str] = field(default_factory=set)  # metric codes of kind `rate` (percentages)
    metric_units: dict[str, str] = field(default_factory=dict)  # metric code -> the unit it is counted in (个, 名, 件 …)
    channels: set[str] = field(default_factory=set)  # metric stems of breakdown `channel` (来信, 来访, 网上信访 …: parts of the volume)
    prior_stages: dict[str, str] = field(default_factory=dict)  # budget_stages.prior_stage: initial_budget -> prior_year_budget …
    report_types: dict[str, ReportType] = field(default_factory=dict)  # report_types.csv: abbreviation, default stage
    _found: dict[tuple[str, str], list[Match]] = field(default_factory=dict, repr=False, compare=False)  # find_all's answers (table cells repeat)

    @classmethod
    def load(cls, codelists: Path) -> Vocabulary:
        """The terms of the package whose codelists are in `codelists` (ROOT/data/codelists; synonyms from ROOT/policy)."""
        voc = cls()
        if (codelists / "report_types.csv").is_file():
            voc.report_types = load_types(codelists)
        for dim, (resource, idcol) in CODELISTS.items():
            pairs: list[tuple[str, str]] = []
            parts: list[tuple[str, str]] = []  # a label's bracketed parts: after every whole label (资本性支出 is econ_310's label, a part of econ_309's)
            voc.codes[dim] = set()
            voc.labels[dim] = {}
            with (codelists / f"{resource}.csv").open(encoding="utf-8") as fh:
                rows = list(csv.DictReader(fh))
            ids = {r[idcol] for r in rows}
            for row in rows:
                code = row[idcol]
                voc.codes[dim].add(code)
                voc.labels[dim][code] = row["label_zh"]
                if dim == "metric":
                    voc.metric_units[code] = row.get("unit", "")
                if dim == "metric" and row.get("kind") == "amount":
                    voc.amount_metrics.add(code)
                if dim == "metric" and row.get("kind") == "rate":
                    voc.rate_metrics.add(code)
                if dim == "stage" and row.get("prior_stage"):
                    voc.prior_stages[code] = row["prior_stage"]
                if dim == "item" and row.get("parent_item"):
                    voc.parents[code] = row["parent_item"]
                if dim == "fund" and row.get("parent_fund"):
                    voc.fund_parents[code] = row["parent_fund"]
                if dim == "item" and row.get("gfs_code", "").isdigit():
                    voc.gfs[code] = row["gfs_code"]
                stem = re.sub(r"_(batches|persons)$", "", code) if dim == "metric" else code
                if not {f"{stem}_batches", f"{stem}_persons"} & (ids - {code}) and stem not in ids:
                    stem = code  # key_persons has no key_batches: it is no batch/person pair
                if dim == "metric" and row.get("breakdown") == "channel":
                    voc.channels.add(stem)
                whole = row["label_zh"].split("：")[-1].strip()
                for t in label_terms(row["label_zh"]):
                    (pairs if t == whole else parts).append((t, stem))
            voc.terms[dim] = pairs + parts
        for row in read_synonyms(codelists.parent.parent):
            voc.terms[row["dimension"]].append((row["term"], row["code"]))
        for dim, pairs in voc.terms.items():
            seen: dict[str, str] = {}
            for t, c in pairs:
                seen.setdefault(t, c)  # the first definition wins: codelist labels before synonyms
            voc.terms[dim] = sorted(seen.items(), key=lambda tc: (-len(tc[0]), tc[0]))
        return voc

    def find_all(self, dim: str, text: str) -> list[Match]:
        """Every occurrence of a term, longest terms first; a match inside a longer one is dropped.
        Quotation marks match whatever pair the report prints (‘三公’经费, "三公"经费, 「三公」经费
        are “三公”经费): the text is compared with its quotes made “…” (one character for one, so
        offsets hold)."""
        key = (dim, text)
        if key in self._found:
            return self._found[key]
        if len(self._found) > 4096:
            self._found.clear()
        self._found[key] = self._find_all(dim, text)
        return self._found[key]

    def _find_all(self, dim: str, text: str) -> list[Match]:
        text = same_quotes(text)
        found: list[Match] = []
        taken = [False] * len(text)
        for term, code in self.terms[dim]:
            i = text.find(term)
            while i >= 0:
                if not any(taken[i:i + len(term)]):
                    found.append(Match(code, term, i, i + len(term)))
                    for k in range(i, i + len(term)):
                        taken[k] = True
                i = text.find(term, i + 1)
        return sorted(found, key=lambda m: m.start)

    def last(self, dim: str, text: str) -> Match | None:
        """The term that ends last in text (the one nearest a figure that follows)."""
        found = self.find_all(dim, text)
        return max(found, key=lambda m: (m.end, m.end - m.start)) if found else None

    def metric_code(self, stem: str, unit: str) -> str:
        if unit in PERSON_UNITS and f"{stem}_persons" in self.codes["metric"]:
            return f"{stem}_persons"
        if unit in BATCH_UNITS and f"{stem}_batches" in self.codes["metric"]:
            return f"{stem}_batches"
        if stem in self.codes["metric"]:
            return stem
        if f"{stem}_batches" in self.codes["metric"]:
            return f"{stem}_batches"
        return "other_count"

    def func_item(self, klass: str, kuan: str, xiang: str) -> str | None:
        """The func_<code> of a 类/款/项 line: the 项 whose code lies under the 类 (and 款) named."""
        def codes_for(name: str, level_len: int) -> list[str]:
            out = []
            for code, label in self.labels["item"].items():
                g = self.gfs.get(code, "")
                bare = re.sub(r"（[类款项]）$", "", label)
                if len(g) == level_len and (bare == name or bare.startswith(name) or name.startswith(bare.replace("支出", ""))):
                    out.append(g)
            return out
        classes = codes_for(klass, 3)
        kuans = [k for k in codes_for(kuan, 5) if not classes or k[:3] in classes]
        for code, label in self.labels["item"].items():
            g = self.gfs.get(code, "")
            # (a 项 printed without its closing 支出: 机关事业单位基本养老保险缴费(项))
            if len(g) == 7 and re.sub(r"（项）$", "", label) in (xiang, xiang + "支出") and (not kuans or g[:5] in kuans) and (not classes or g[:3] in classes):
                return code
        # (a 项 printed without the words its label opens with, under its 款: 职业年金缴费支出(项) for 机关事业单位职业年金缴费支出)
        ends = [code for code, label in self.labels["item"].items() if len(g := self.gfs.get(code, "")) == 7 and len(xiang) >= 4
                and re.sub(r"（项）$", "", label).endswith(xiang) and kuans and g[:5] in kuans]
        if len(ends) == 1:
            return ends[0]
        for code in self.labels["item"]:
            if self.gfs.get(code, "") in kuans[:1]:
                return code
        return None
