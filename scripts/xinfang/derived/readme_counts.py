"""The README's statements of the data's size, generated from the package (never typed by hand).

Each generated passage stands between two HTML comments that Markdown does not show:

    <!-- generated:NAME -->…<!-- /generated:NAME -->

``xinfang derive`` rewrites what is between them; ``xinfang derive --check`` fails when the
committed README differs, so a contribution that adds a report updates its counts by running
``xinfang derive`` and never by editing the README. The passages:

- ``summary``: the version, how many reports, their fiscal years and provinces;
- ``tables``: each curated table (not codelists, not derived tables) with its rows and what a row is
  (the resource's description in datapackage.json);
- ``rows-per-report``: every report with its unit, year and rows in each fact table;
- ``register``, ``register-identities``, ``register-reading``: how many entries the register of
  source inconsistencies holds, in all, of failing identities, and found by reading.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..package import Package
from ..roles import report_column

README = Path("README.md")


def _words(n: int) -> str:
    return ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"][n] if n <= 10 else f"{n:,}"


def _curated(pkg: Package) -> list[str]:
    return [name for name, res in pkg.resources.items()
            if res.path.startswith("data/") and "/" not in res.path[len("data/"):]]


def _fact_tables(pkg: Package) -> list[str]:
    """Tables whose rows belong to one report (declared by their schema's report role), but not reports itself."""
    return [name for name in _curated(pkg) if name != "reports" and report_column(pkg.resources[name]) is not None]


def summary(pkg: Package) -> str:
    reps = pkg.table("reports")
    units = pkg.table("units")
    years = pd.to_numeric(reps["fiscal_year"], errors="coerce").dropna().astype(int)
    provinces = units.loc[units["unit_id"].isin(reps["unit_id"]), "province_code"].nunique()
    span = f"fiscal years {years.min()}–{years.max()}" if len(years) and years.min() != years.max() else (
        f"fiscal year {years.min()}" if len(years) else "no fiscal year")
    n = len(reps)
    return (f"Version {pkg.descriptor.get('version', '?')} holds {_words(n)} report{'s' if n != 1 else ''} ({span}, "
            f"{_words(int(provinces))} province{'s' if provinces != 1 else ''}).")


def tables(pkg: Package) -> str:
    lines = ["| table | rows | one row is |", "|---|---:|---|"]
    by_name = {r.get("name"): r for r in pkg.descriptor.get("resources", []) if isinstance(r, dict)}
    for name in _curated(pkg):
        what = str(by_name.get(name, {}).get("description", "")).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{name}` | {len(pkg.table(name)):,} | {what} |")
    return "\n".join(lines)


def rows_per_report(pkg: Package) -> str:
    facts = _fact_tables(pkg)
    facts = [t for t in facts if t != "anomalies"]
    reps = pkg.table("reports")
    units = pkg.table("units").set_index("unit_id")
    counts = {t: pkg.table(t)[report_column(pkg.resources[t]) or "report_id"].value_counts() for t in facts}
    lines = ["| report | unit | year | " + " | ".join(facts) + " |", "|---|---|---|" + "---:|" * len(facts)]
    for _, r in reps.iterrows():
        u = units.loc[r["unit_id"]] if r["unit_id"] in units.index else None
        unit = f"{u['name_zh']} ({u['prefecture_en']}, {u['province_en']})" if u is not None else str(r["unit_id"])
        cells = [str(int(counts[t].get(r["report_id"], 0))) for t in facts]
        lines.append(f"| {r['report_id']} | {unit} | {r['fiscal_year']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def register(pkg: Package) -> str:
    return f"{len(pkg.table('anomalies')):,}"


def _reading(pkg: Package) -> pd.Series:
    from ..gate.register import is_reading

    return is_reading(pkg.table("anomalies"))


def register_identities(pkg: Package) -> str:
    return f"{int((~_reading(pkg)).sum()):,}"


def register_reading(pkg: Package) -> str:
    return f"{int(_reading(pkg).sum()):,}"


PASSAGES = {"summary": summary, "tables": tables, "rows-per-report": rows_per_report, "register": register,
            "register-identities": register_identities, "register-reading": register_reading}


def render(pkg: Package, text: str) -> str:
    """The README text with every generated passage rewritten."""
    for name, build in PASSAGES.items():
        pattern = re.compile(rf"(<!-- generated:{re.escape(name)} -->)(.*?)(<!-- /generated:{re.escape(name)} -->)", re.S)
        body = build(pkg)
        sep = "\n" if "\n" in body else ""

        def put(m: re.Match[str], body: str = body, sep: str = sep) -> str:
            return f"{m.group(1)}{sep}{body}{sep}{m.group(3)}"

        text = pattern.sub(put, text)
    return text


def sync(pkg: Package, check_only: bool = False) -> list[str]:
    """Rewrite the README's generated passages (or, with check_only, say whether they are stale)."""
    from ..safe_io import PackageError, inside

    try:
        path = inside(Path(pkg.root), README.as_posix())  # never read or written through a link out of the package
    except PackageError:
        return []
    if not path.is_file():
        return []
    before = path.read_bytes().decode("utf-8")
    after = render(pkg, before)
    if after == before:
        return []
    if not check_only:
        path.write_bytes(after.encode("utf-8"))
    return [README.as_posix()]
