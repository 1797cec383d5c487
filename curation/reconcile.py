import csv, sys, collections
from pathlib import Path
R = Path(__file__).resolve().parent / "readings"
KEYS = {
 "budgets": (["report_id","project_id","fund","item","stage","statement"], ["amount","share_pct","share_of","rate_pct","change_pct","approx"]),
 "projects": (["report_id","project_id"], ["initial_budget","adjusted_budget","budget_unspecified","executed","execution_rate_pct","total_weight","total_score","grade"]),
 "indicators": (["report_id","project_id","level3","level1","row_kind"], ["operator","target_text","target_value","unit","actual_text","actual_value","weight","score","deviation_reason","level2"]),
 "petition_metrics": (["report_id","metric","period","value"], ["unit","approx","change_pct","scope"]),
 "staffing": (["report_id","category","value"], ["as_of"]),
 "issues": (["report_id","project_id","kind","text_zh"], ["category"]),
}
def load(p):
    if not p.exists(): return []
    return list(csv.DictReader(open(p, encoding="utf-8")))
def norm(v): 
    v=(v or "").strip()
    try:
        return str(float(v)) if v and v.replace('.','',1).replace('-','',1).isdigit() else v
    except: return v
scope = sys.argv[1]
for t,(k,cols) in KEYS.items():
    a = load(R/"A"/scope/f"{t}.csv"); b = load(R/"B"/scope/f"{t}.csv")
    ka = collections.defaultdict(list); kb = collections.defaultdict(list)
    for r in a: ka[tuple(norm(r.get(x)) for x in k)].append(r)
    for r in b: kb[tuple(norm(r.get(x)) for x in k)].append(r)
    print(f"== {t}: A {len(a)} rows, B {len(b)} rows")
    for key in sorted(set(ka)|set(kb)):
        ra, rb = ka.get(key, []), kb.get(key, [])
        if len(ra) != len(rb):
            print("  COUNT", key, "A", len(ra), "B", len(rb), "| A:", [r.get('source_quote','')[:50] for r in ra], "| B:", [r.get('source_quote','')[:50] for r in rb])
            continue
        for x, y in zip(ra, rb):
            d = [(c, x.get(c), y.get(c)) for c in cols if norm(x.get(c)) != norm(y.get(c))]
            if d: print("  DIFF", key, d)
