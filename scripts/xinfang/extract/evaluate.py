"""Measure the assistant against the curated rows: `nox -s extract-eval`.

For each source report listed in `data/reports.csv`, extract a draft and compare it with the
curated rows of that report.

- **Strict measure** (the headline): a multiset of (table, codes, column, figure) pairs: the
  row's key columns (budgets: fund, item, stage; petition_metrics: metric, period; staffing:
  category; indicators: row_kind; projects: none) and the figure's column go with the figure, so
  a figure under the wrong code counts as a miss and a false hit. A plausible wrong code is what a
  reviewer sees least, so this is the measure the goals are stated on.
- **Figure measure** (beside it): the same pairs without codes and column: (table, figure), the
  figures of a row being the non-empty values of its figure columns (FIGURES below) in normalised
  form (`numbers.normalise`: thousands separators dropped, trailing zeros dropped, sign kept:
  `20.00` and `20` are the same figure, `-8.38` and `8.38` are not). It says how much was found.
  Recall = matched / curated pairs, precision = matched / drafted pairs, matching as multisets (a
  figure stated twice must be drafted twice). Both are printed per report and per table.
- **Issues** have no figures: the count of rows drafted against curated per kind, and text
  overlap = the mean over curated items of the best character-bigram Dice coefficient with a
  drafted item of the same kind.
- **Quotes**: every drafted `source_quote` must occur in the report (white space collapsed) and
  hold each figure of its row as printed (the gate's provenance rules).

`--heldout DIR` (repeatable) scores held-out reports the same way: each `DIR/NAME.txt` against
the expected rows in `DIR/NAME/<table>.csv`; a DIR without reports of its own but with folders
that have them is a parent of held-out sets, each scored. Each set is printed apart and all of
them together ("held-out overall"), under the JSON key `heldout`. `--dev DIR` scores development
sets (the same layout, but rules were written with their rows in view) the same way, printed
apart with the label "development", under the JSON key `dev`, and outside the held-out goal.

For each set the line "codes wrong where the figure is right" counts, per table and code column, the
codes of figures the assistant found under other codes (`code_errors`): where a round of rules should
look first, told without printing a held-out row.

The goals (printed at the end): strict recall and precision at least 90% on each source report;
on the held-out reports as a whole strict recall at least 85% and precision at least 90%; every
quote verbatim and holding its figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ..gate.provenance import figure_in_quote
from ..package import load_package
from ..quotes import collapse
from ..roles import figure_columns, quote_column
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
GOALS = {"report": (0.90, 0.90), "heldout": (0.85, 0.90)}  # strict (recall, precision)
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


def code_errors(table: str, curated: list[dict[str, Any]], drafted: list[dict[str, Any]]) -> Counter[str]:
    """Where a figure is found but its codes are not (the figure measure's hit, the strict measure's
    miss): which code was wrong, counted per code column (`stage`, `fund` …). Each figure's curated
    code tuples left after the exact matches are paired with its drafted ones nearest first (fewest
    codes apart); a pair counts once for each code that differs. Counts only: a held-out set's rows
    are never printed."""
    keys = KEYS[table]

    def by_figure(rows: list[dict[str, Any]]) -> dict[tuple[str, str], Counter[tuple[str, ...]]]:
        """The strict measure's pairs (table, codes…, column, figure) regrouped by (column, figure)."""
        out: dict[tuple[str, str], Counter[tuple[str, ...]]] = {}
        for key, n in pairs(table, rows, strict=True).items():
            out.setdefault((key[-2], key[-1]), Counter())[key[1:-2]] += n
        return out

    wrong: Counter[str] = Counter()
    got = by_figure(drafted)
    for fig, cur in by_figure(curated).items():
        left_cur, left_got = cur - got.get(fig, Counter()), got.get(fig, Counter()) - cur
        pool = list(left_got.elements())
        for codes in sorted(left_cur.elements()):
            if not pool:
                break
            near = min(pool, key=lambda g: (sum(a != b for a, b in zip(codes, g, strict=True)), g))
            pool.remove(near)
            wrong.update(k for k, a, b in zip(keys, codes, near, strict=True) if a != b)
    return wrong


def _evaluate_report(rid: str, path: Path, voc: Vocabulary, curated: dict[str, list[dict[str, str]]], roles: dict[str, tuple[str, tuple[str, ...]]],
                     totals: dict[str, list[Counter[tuple[str, ...]]]]) -> dict[str, Any]:
    """Draft one report and score it against the curated rows of `rid` (adds to `totals`)."""
    t0 = time.perf_counter()
    text, _ = read_text(path)
    rep = extract_text(text, voc, rid)
    secs = time.perf_counter() - t0
    entry: dict[str, Any] = {"seconds": round(secs, 3), "tables": {}, "strict_tables": {}, "bad_quotes": bad_quotes(rep, text, roles)}
    for measure, strict in (("figure", False), ("strict", True)):
        cur_all: Counter[tuple[str, ...]] = Counter()
        got_all: Counter[tuple[str, ...]] = Counter()
        for table in FIGURES:
            cur = pairs(table, [r for r in curated[table] if r["report_id"] == rid], strict)
            got = pairs(table, [d.values for d in rows_of(rep, table)], strict)
            cur_all += cur
            got_all += got
            entry["strict_tables" if strict else "tables"][table] = score(cur, got)
            if strict:
                wrong = code_errors(table, [r for r in curated[table] if r["report_id"] == rid], [d.values for d in rows_of(rep, table)])
                entry.setdefault("code_errors", {}).update({f"{table}.{k}": n for k, n in sorted(wrong.items())})
        entry[measure] = score(cur_all, got_all)
        totals[measure][0] += cur_all
        totals[measure][1] += got_all
    ci = [r for r in curated["issues"] if r["report_id"] == rid]
    di = [d.values for d in rows_of(rep, "issues")]
    overlap = [max((dice(c["text_zh"], d["text_zh"]) for d in di if d["kind"] == c["kind"]), default=0.0) for c in ci]
    entry["issues"] = {"curated": len(ci), "drafted": len(di), "text_overlap": sum(overlap) / len(overlap) if overlap else 1.0}
    return entry


def quoted(root: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each table's quote column and the figures its quote must hold, as its Table Schema declares them
    (x-roles: the gate's provenance rule, one definition)."""
    out = {}
    for name, res in load_package(root).resources.items():
        q = quote_column(res)
        if q is not None:
            out[name] = (q, figure_columns(res))
    return out


def bad_quotes(rep: Any, text: str, roles: dict[str, tuple[str, tuple[str, ...]]]) -> list[str]:
    """Drafted rows whose quote is not in the report or does not hold one of its figures."""
    body = collapse(text)
    out = []
    for table, (qcol, cols) in roles.items():
        for d in rows_of(rep, table):
            q = str(d.values.get(qcol, ""))
            if collapse(q) not in body:
                out.append(f"{table}: quote not in the report: {q}")
            out += [f"{table}: {c} {d.values[c]} not in its quote: {q}" for c in cols if d.values.get(c) and not figure_in_quote(str(d.values[c]), q)]
    return out


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
        result["reports"][rid] = _evaluate_report(rid, path, voc, curated, quoted(root), totals)
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
        result["reports"][path.stem] = {"report_id": rid, **_evaluate_report(rid, path, voc, curated, quoted(root), totals)}
    for measure, (cur, got) in totals.items():
        result["overall"][measure] = score(cur, got)
    result["overall"].update(by_table(result["reports"].values()))
    return result


def _ratio(t: dict[str, Any]) -> dict[str, Any]:
    return {**t, "recall": t["matched"] / t["curated"] if t["curated"] else 1.0, "precision": t["matched"] / t["drafted"] if t["drafted"] else 1.0}


def by_table(entries: Any) -> dict[str, dict[str, Any]]:
    """Each table's counts summed over reports, for both measures (keys `tables`, `strict_tables`)."""
    out: dict[str, dict[str, Any]] = {}
    for key in ("tables", "strict_tables"):
        tables: dict[str, dict[str, Any]] = {}
        for e in entries:
            for table, sc in e.get(key, {}).items():
                t = tables.setdefault(table, {"curated": 0, "drafted": 0, "matched": 0})
                for k in t:
                    t[k] += sc[k]
        out[key] = {table: _ratio(t) for table, t in tables.items()}
    errors: Counter[str] = Counter()
    for e in entries:
        errors.update(e.get("code_errors", {}))
    out["code_errors"] = dict(sorted(errors.items()))
    return out


def heldout_folders(dirs: list[Path]) -> list[Path]:
    """The held-out sets named: a folder with NAME.txt reports, or a parent of such folders (each one a set)."""
    out: list[Path] = []
    for d in dirs:
        if any(d.glob("*.txt")):
            out.append(d)
        else:
            out += sorted(c for c in d.iterdir() if c.is_dir() and any(c.glob("*.txt"))) if d.is_dir() else []
    return list(dict.fromkeys(out))


def evaluate_heldout_sets(root: Path, dirs: list[Path]) -> dict[str, Any]:
    """Every held-out set (`sets`, keyed by folder name) and all of them together (`overall`)."""
    sets = {f.name: evaluate_heldout(root, f) for f in heldout_folders(dirs)}
    entries = [e for r in sets.values() for e in r["reports"].values() if "error" not in e]
    overall: dict[str, Any] = {}
    for measure in ("figure", "strict"):
        overall[measure] = _ratio({k: sum(r["overall"][measure][k] for r in sets.values()) for k in ("curated", "drafted", "matched")})
    overall.update(by_table(entries))
    return {"sets": sets, "overall": overall}


HEAD = (f"{'report':<26} {'strict recall':>13} {'precision':>9} {'figure recall':>13} {'precision':>9}  "
        "issues (drafted/curated, text overlap)  quotes  seconds")


def _table_lines(strict: dict[str, Any], figure: dict[str, Any]) -> list[str]:
    lines = []
    for table, sc in strict.items():
        f = figure.get(table, sc)
        if sc["curated"] or sc["drafted"]:
            lines.append(f"  {table:<24} {sc['recall']:>13.1%} {sc['precision']:>9.1%} {f['recall']:>13.1%} {f['precision']:>9.1%}"
                         f"   (strict {sc['matched']} of {sc['curated']} curated, {sc['drafted']} drafted)")
    return lines


def _overall_line(name: str, o: dict[str, Any]) -> str:
    s, f = o["strict"], o["figure"]
    return (f"{name:<26} {s['recall']:>13.1%} {s['precision']:>9.1%} {f['recall']:>13.1%} {f['precision']:>9.1%}"
            f"  (strict {s['matched']} of {s['curated']} curated, {s['drafted']} drafted)")


def _code_errors_line(errors: dict[str, int]) -> str:
    """budgets stage 9, item 4; petition_metrics period 2 (per table, the codes most often wrong first)."""
    tables: dict[str, list[tuple[str, int]]] = {}
    for key, n in errors.items():
        table, code = key.split(".", 1)
        tables.setdefault(table, []).append((code, n))
    return "; ".join(f"{t} " + ", ".join(f"{c} {n}" for c, n in sorted(v, key=lambda x: (-x[1], x[0]))) for t, v in tables.items())


def render(result: dict[str, Any], label: str = "", header: bool = True) -> str:
    """The table of figures, strict measure first; `label` prefixes each report and the overall line (held-out sets)."""
    lines = [HEAD] if header else []
    for rid, e in result["reports"].items():
        rid = f"{label}{rid}"
        if "error" in e:
            lines.append(f"{rid:<26} {e['error']}")
            continue
        f, s, i = e["figure"], e["strict"], e["issues"]
        bad = len(e.get("bad_quotes", []))
        lines.append(f"{rid:<26} {s['recall']:>13.1%} {s['precision']:>9.1%} {f['recall']:>13.1%} {f['precision']:>9.1%}  "
                     f"{i['drafted']:>3}/{i['curated']:<3} {i['text_overlap']:>6.1%}                        {'ok' if not bad else f'{bad} bad':>6}  {e['seconds']:.2f}")
        lines += _table_lines(e.get("strict_tables", {}), e["tables"])
    o = result["overall"]
    if label and o.get("strict_tables"):
        lines.append(f"{label}by table")
        lines += _table_lines(o["strict_tables"], o["tables"])
    if label and o.get("code_errors"):
        lines.append(f"{label}codes wrong where the figure is right: " + _code_errors_line(o["code_errors"]))
    lines.append(_overall_line(f"{label}overall", o))
    return "\n".join(lines)


def goals(result: dict[str, Any]) -> tuple[list[str], bool]:
    """The issue's goals, each stated met or not; and whether all are met."""
    lines, ok = ["goals"], True
    r_goal, p_goal = GOALS["report"]
    for rid, e in result["reports"].items():
        if "error" in e:
            continue
        met = e["strict"]["recall"] >= r_goal and e["strict"]["precision"] >= p_goal
        ok &= met
        lines.append(f"  {'met    ' if met else 'NOT MET'} {rid}: strict recall {e['strict']['recall']:.1%} (≥ {r_goal:.0%}), "
                     f"precision {e['strict']['precision']:.1%} (≥ {p_goal:.0%})")
    held = result.get("heldout")
    if held and held["sets"]:
        r_goal, p_goal = GOALS["heldout"]
        s = held["overall"]["strict"]
        met = s["recall"] >= r_goal and s["precision"] >= p_goal
        ok &= met
        lines.append(f"  {'met    ' if met else 'NOT MET'} held-out as a whole ({', '.join(held['sets'])}): strict recall {s['recall']:.1%} "
                     f"(≥ {r_goal:.0%}), precision {s['precision']:.1%} (≥ {p_goal:.0%})")
    entries = list(result["reports"].values()) + [e for key in ("heldout", "dev") for h in (result.get(key) or {}).get("sets", {}).values()
                                                  for e in h["reports"].values()]
    bad = [q for e in entries for q in e.get("bad_quotes", [])]
    ok &= not bad
    lines.append(f"  {'met    ' if not bad else 'NOT MET'} every drafted quote occurs in its report and holds its figures"
                 + (f" ({len(bad)} do not: {bad[0]})" if bad else ""))
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Compare the extract assistant's drafts with the curated rows.")
    p.add_argument("--package", default=".")
    p.add_argument("--sources", default=str(Path("..") / "shared" / "sources"))
    p.add_argument("--json", default=str(Path("build") / "extract-eval.json"))
    p.add_argument("--heldout", metavar="DIR", action="append", default=[],
                   help="also score held-out reports: DIR/NAME.txt against DIR/NAME/<table>.csv, or every such folder inside DIR; "
                        "repeatable (each set printed apart, then all together; JSON key 'heldout')")
    p.add_argument("--dev", metavar="DIR", action="append", default=[],
                   help="also score development sets (laid out as held-out sets, but their rows were read while rules were written): "
                        "printed apart, labelled 'development', JSON key 'dev', outside the held-out goal")
    a = p.parse_args(argv)
    result = evaluate(Path(a.package), Path(a.sources))
    print(render(result))
    if a.dev:
        result["dev"] = evaluate_heldout_sets(Path(a.package), [Path(d) for d in a.dev])
        for name, r in result["dev"]["sets"].items():
            print(render(r, label=f"{name} (development) ", header=False))
        print(_overall_line("development overall", result["dev"]["overall"]))
    if a.heldout:
        result["heldout"] = evaluate_heldout_sets(Path(a.package), [Path(d) for d in a.heldout])
        for name, r in result["heldout"]["sets"].items():
            print(render(r, label=f"{name} ", header=False))
        if len(result["heldout"]["sets"]) > 1:
            lines = ["held-out all sets by table", *_table_lines(result["heldout"]["overall"]["strict_tables"], result["heldout"]["overall"]["tables"])]
            print("\n".join(lines))
        print(_overall_line("held-out overall", result["heldout"]["overall"]))
    lines, ok = goals(result)
    result["goals_met"] = ok
    print("\n".join(lines))
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    Path(a.json).write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {a.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
