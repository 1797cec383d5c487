"""Assemble data/*.csv from the reconciled readings (curation tool; not part of the package)."""
import csv, re, collections, json
from pathlib import Path
HERE = Path(__file__).resolve().parent
R = HERE / "readings"; OUT = HERE.parent / "data"; SRC = HERE.parent.parent / "shared" / "sources"
FILES = {"430412-2022-de": "000_7d030fd8a22d08f1.txt", "430112-2020-dse": "001_afa3607d4bad7771.txt", "430406-2024-dse": "002_98209eac8879b050.txt",
         "440112-2022-dse": "003_7881a8a44f680be0.txt", "510411-2022-fae": "004_b21f63fdfc15bcde.txt"}
TEXT = {k: re.sub(r"\s+", " ", (SRC / v).read_text(encoding="utf-8")).strip() for k, v in FILES.items()}
def schema_fields(t): return [f["name"] for f in json.load(open(HERE.parent / "schemas" / f"{t}.schema.json"))["fields"]]
CHOICE = json.load(open(HERE / "choice.json"))  # scope -> reading letter
OVERRIDES = HERE / "overrides.py"
def load(letter, scope, t):
    p = R / letter / scope / f"{t}.csv"
    return [dict(r, _scope=scope) for r in csv.DictReader(open(p, encoding="utf-8"))] if p.exists() else []
def pos(r, t):
    text = TEXT[r["report_id"]]
    q = r.get("source_quote") or r.get("text_zh") or ""
    q = re.sub(r"\s+", " ", q).strip()
    i = text.find(q) if q else -1
    return i if i >= 0 else 10**9
tables = ["budgets", "projects", "indicators", "petition_metrics", "staffing", "issues"]
data = {t: [] for t in tables}
for scope, letter in CHOICE.items():
    for t in tables:
        data[t] += load(letter, scope, t)
ns = {"data": data, "load": load}
if OVERRIDES.exists():
    exec(OVERRIDES.read_text(), ns)
    data = ns["data"]
for t in tables:
    fields = schema_fields(t)
    rows = data[t]
    for r in rows:
        r.setdefault("scope", "all") if t == "staffing" else None
        if t == "staffing" and not r.get("scope"): r["scope"] = "all"
    if t == "projects":
        rows.sort(key=lambda r: (r["report_id"], pos(r, t), r["project_id"]))
    elif t == "indicators":
        rows.sort(key=lambda r: (r["report_id"], r["_scope"], int(r["row"])))
        newrow = {}
        for rep in sorted({r["report_id"] for r in rows}):
            n = 0
            for r in rows:
                if r["report_id"] == rep:
                    n += 1; newrow[(rep, r["_scope"], r["row"])] = str(n)
        for r in rows:
            old = r["row"]; r["row"] = newrow[(r["report_id"], r["_scope"], old)]
            if r.get("parent_row"): r["parent_row"] = newrow[(r["report_id"], r["_scope"], r["parent_row"])]
    else:
        rows.sort(key=lambda r: (r["report_id"], pos(r, t), r["_scope"], int(r["line"])))
        cnt = collections.Counter()
        for r in rows:
            cnt[r["report_id"]] += 1; r["line"] = str(cnt[r["report_id"]])
    # statements by order of appearance
    keyf = {"budgets": ["report_id", "project_id", "fund", "item", "stage"], "petition_metrics": ["report_id", "metric", "scope", "period"],
            "staffing": ["report_id", "category", "scope"]}.get(t)
    if keyf:
        multi = {r["item_id"] for r in csv.DictReader(open(OUT / "codelists/budget_items.csv")) if r["multiple_rows"] == "true"}
        seen = collections.Counter()
        for r in rows:
            if t == "budgets" and r["item"] in multi:
                r["statement"] = "1"; continue
            k = tuple(r.get(x, "") for x in keyf); seen[k] += 1; r["statement"] = str(seen[k])
    with open(OUT / f"{t}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(fields)
        for r in rows:
            w.writerow([r.get(f, "") or "" for f in fields])
    print(t, len(rows))
