"""Measure the assistant against the curated rows: `nox -s extract-eval`.

For each source report listed in `data/reports.csv`, extract a draft and compare it with the
curated rows of that report.

- **Figure measure** (the headline): a multiset of (table, figure) pairs, where the figures of a
  row are the non-empty values of its figure columns (FIGURES below) in normalised form
  (`numbers.normalise`: thousands separators dropped, trailing zeros dropped, sign kept: `20.00`
  and `20` are the same figure, `-8.38` and `8.38` are not). Recall = matched / curated pairs,
  precision = matched / drafted pairs, matching as multisets (a figure stated twice must be
  drafted twice).
- **Strict measure**: the same with the row's key columns and the figure's column in the pair
  (budgets: fund, item, stage; petition_metrics: metric, period; staffing: category;
  indicators: row_kind, the column; projects: the column), so a figure under the wrong code counts
  as a miss and a false hit.
- **Issues** have no figures: the count of rows drafted against curated per kind, and text
  overlap = the mean over curated items of the best character-bigram Dice coefficient with a
  drafted item of the same kind.

`--heldout DIR` scores held-out reports the same way: each `DIR/NAME.txt` against the expected
rows in `DIR/NAME/<table>.csv` (tests/fixtures/extract_heldout: reports written blind to the
rules), printed as separate "held-out" lines and kept under the JSON key `heldout`.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from .draft import extract_text, rows_of
from .numbers import normalise
from .text import read_text
from .vocabulary import Vocabulary

FIGURES: dict[str, tuple[str, ...]] = {
    "budgets": ("amount", "share_pct", "rate_pct", "change_pct"),
    "petition_metrics": ("value", "change_pct"),
    "staffing": ("value",),
    "indicators": ("weight", "score", "target_value", "actual_value"),
    "projects": ("initial_budget", "adjusted_budget", "budget_unspecified", "executed", "execution_rate_pct", "total_weight", "total_score"),
}
KEYS: dict[str, tuple[str, ...]] = {
    "budgets": ("fund", "item", "stage"),
    "petition_metrics": ("metric", "period"),
    "staffing": ("category",),
    "indicators": ("row_kind",),
    "projects": (),
}


def pairs(table: str, rows: list[dict[str, Any]], strict: bool) -> Counter[tuple[str, ...]]:
    out: Counter[tuple[str, ...]] = Counter()
    for r in rows:
        for col in FIGURES[table]:
            v = str(r.get(col, "") or "")
            if v:
                key = (table, *(str(r.get(k, "")) for k in KEYS[table]), col) if strict else (table,)
                out[(*key, normalise(v))] += 1
    return out


def _bigrams(s: str) -> Counter[str]:
    return Counter(s[i:i + 2] for i in range(len(s) - 1))


def dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    total = sum(x.values()) + sum(y.values())
    return 2 * sum((x & y).values()) / total if total else 1.0


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def score(cur: Counter[tuple[str, ...]], got: Counter[tuple[str, ...]]) -> dict[str, Any]:
    hit = sum((cur & got).values())
    n_cur, n_got = sum(cur.values()), sum(got.values())
    return {"curated": n_cur, "drafted": n_got, "matched": hit, "recall": hit / n_cur if n_cur else 1.0, "precision": hit / n_got if n_got else 1.0}


def _evaluate_report(rid: str, path: Path, voc: Vocabulary, curated: dict[str, list[dict[str, str]]],
                     totals: dict[str, list[Counter[tuple[str, ...]]]]) -> dict[str, Any]:
    """Draft one report and score it against the curated rows of `rid` (adds to `totals`)."""
    t0 = time.perf_counter()
    text, _ = read_text(path)
    rep = extract_text(text, voc, rid)
    secs = time.perf_counter() - t0
    entry: dict[str, Any] = {"seconds": round(secs, 3), "tables": {}}
    for measure, strict in (("figure", False), ("strict", True)):
        cur_all: Counter[tuple[str, ...]] = Counter()
        got_all: Counter[tuple[str, ...]] = Counter()
        for table in FIGURES:
            cur = pairs(table, [r for r in curated[table] if r["report_id"] == rid], strict)
            got = pairs(table, [d.values for d in rows_of(rep, table)], strict)
            cur_all += cur
            got_all += got
            if not strict:
                entry["tables"][table] = score(cur, got)
        entry[measure] = score(cur_all, got_all)
        totals[measure][0] += cur_all
        totals[measure][1] += got_all
    ci = [r for r in curated["issues"] if r["report_id"] == rid]
    di = [d.values for d in rows_of(rep, "issues")]
    overlap = [max((dice(c["text_zh"], d["text_zh"]) for d in di if d["kind"] == c["kind"]), default=0.0) for c in ci]
    entry["issues"] = {"curated": len(ci), "drafted": len(di), "text_overlap": sum(overlap) / len(overlap) if overlap else 1.0}
    return entry


def evaluate(root: Path, sources: Path) -> dict[str, Any]:
    voc = Vocabulary.load(root / "data" / "codelists")
    curated = {t: _read(root / "data" / f"{t}.csv") for t in (*FIGURES, "issues")}
    result: dict[str, Any] = {"reports": {}, "overall": {}}
    totals: dict[str, list[Counter[tuple[str, ...]]]] = {"figure": [Counter(), Counter()], "strict": [Counter(), Counter()]}
    for rep_row in _read(root / "data" / "reports.csv"):
        rid = rep_row["report_id"]
        path = sources / rep_row["source_file"]
        if not path.is_file():
            result["reports"][rid] = {"error": f"{path} not found"}
            continue
        result["reports"][rid] = _evaluate_report(rid, path, voc, curated, totals)
    for measure, (cur, got) in totals.items():
        result["overall"][measure] = score(cur, got)
    return result


def evaluate_heldout(root: Path, folder: Path) -> dict[str, Any]:
    """The same measures on held-out reports: each `NAME.txt` in `folder` against the expected rows in
    `NAME/<table>.csv` (the package's columns; one report_id). Keyed by NAME; `overall` also sums
    each table's figure counts over the held-out reports."""
    voc = Vocabulary.load(root / "data" / "codelists")
    result: dict[str, Any] = {"reports": {}, "overall": {}}
    totals: dict[str, list[Counter[tuple[str, ...]]]] = {"figure": [Counter(), Counter()], "strict": [Counter(), Counter()]}
    for path in sorted(folder.glob("*.txt")):
        expected = folder / path.stem
        curated = {t: _read(expected / f"{t}.csv") if (expected / f"{t}.csv").is_file() else [] for t in (*FIGURES, "issues")}
        ids = {r["report_id"] for rows in curated.values() for r in rows}
        if len(ids) != 1:
            result["reports"][path.stem] = {"error": f"{expected}: expected rows of one report_id, found {sorted(ids) or 'none'}"}
            continue
        (rid,) = ids
        result["reports"][path.stem] = {"report_id": rid, **_evaluate_report(rid, path, voc, curated, totals)}
    for measure, (cur, got) in totals.items():
        result["overall"][measure] = score(cur, got)
    tables: dict[str, dict[str, Any]] = {}
    for e in result["reports"].values():
        for table, sc in e.get("tables", {}).items():
            t = tables.setdefault(table, {"curated": 0, "drafted": 0, "matched": 0})
            for k in t:
                t[k] += sc[k]
    result["overall"]["tables"] = {table: {**t, "recall": t["matched"] / t["curated"] if t["curated"] else 1.0,
                                           "precision": t["matched"] / t["drafted"] if t["drafted"] else 1.0}
                                   for table, t in tables.items()}
    return result


def render(result: dict[str, Any], label: str = "", header: bool = True) -> str:
    """The table of figures; `label` prefixes each report and the overall line (held-out reports)."""
    head = f"{'report':<18} {'figure recall':>13} {'precision':>9} {'strict recall':>13} {'precision':>9}  issues (drafted/curated, text overlap)  seconds"
    lines = [head] if header else []
    for rid, e in result["reports"].items():
        rid = f"{label}{rid}"
        if "error" in e:
            lines.append(f"{rid:<18} {e['error']}")
            continue
        f, s, i = e["figure"], e["strict"], e["issues"]
        lines.append(f"{rid:<18} {f['recall']:>12.1%} {f['precision']:>9.1%} {s['recall']:>13.1%} {s['precision']:>9.1%}  "
                     f"{i['drafted']:>3}/{i['curated']:<3} {i['text_overlap']:>6.1%}                        {e['seconds']:.2f}")
        for table, sc in e["tables"].items():
            if sc["curated"] or sc["drafted"]:
                lines.append(f"  {table:<16} {sc['recall']:>12.1%} {sc['precision']:>9.1%}   ({sc['matched']} of {sc['curated']} curated, {sc['drafted']} drafted)")
    o = result["overall"]
    if label and o.get("tables"):
        lines.append(f"{label}by table")
        for table, sc in o["tables"].items():
            if sc["curated"] or sc["drafted"]:
                lines.append(f"  {table:<16} {sc['recall']:>12.1%} {sc['precision']:>9.1%}   ({sc['matched']} of {sc['curated']} curated, {sc['drafted']} drafted)")
    overall = f"{label}overall"
    lines.append(f"{overall:<18} {o['figure']['recall']:>12.1%} {o['figure']['precision']:>9.1%} {o['strict']['recall']:>13.1%} {o['strict']['precision']:>9.1%}"
                 f"  ({o['figure']['matched']} of {o['figure']['curated']} curated figures, {o['figure']['drafted']} drafted)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Compare the extract assistant's drafts with the curated rows.")
    p.add_argument("--package", default=".")
    p.add_argument("--sources", default=str(Path("..") / "shared" / "sources"))
    p.add_argument("--json", default=str(Path("build") / "extract-eval.json"))
    p.add_argument("--heldout", metavar="DIR", help="also score held-out reports: DIR/NAME.txt against DIR/NAME/<table>.csv "
                   "(printed as separate held-out lines; JSON key 'heldout')")
    a = p.parse_args(argv)
    result = evaluate(Path(a.package), Path(a.sources))
    print(render(result))
    if a.heldout:
        result["heldout"] = evaluate_heldout(Path(a.package), Path(a.heldout))
        print(render(result["heldout"], label="held-out ", header=False))
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    Path(a.json).write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {a.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
