"""`xinfang extract REPORT.txt --out DIR`: write the draft of one report."""

from __future__ import annotations

import sys
from pathlib import Path

from .draft import TABLES, append_to_package, extract_file, package_root, write_draft
from .text import DecodeError


def inside_data(out: Path, root: Path) -> bool:
    """Whether out is a package's data/ folder (or inside one): the published tables."""
    out = out.resolve()
    for cand in (out, *out.parents):
        if cand.name == "data" and (cand.parent / "datapackage.json").is_file():
            return True
    return out == (root / "data").resolve() or (root / "data").resolve() in out.parents


def run_extract(report: str, out: str | None, package: str | None, report_id: str, into_data: bool) -> int:
    root = package_root(Path(package) if package else None)
    if not (root / "data" / "codelists").is_dir():
        print(f"xinfang extract: {root} has no data/codelists: pass --package (the folder with datapackage.json)", file=sys.stderr)
        return 2
    if out is None and not into_data:
        print("xinfang extract: give --out DIR (a folder for the draft), or --into-data to append the rows to the package's data/", file=sys.stderr)
        return 2
    if out is not None and inside_data(Path(out), root) and not into_data:
        print(f"xinfang extract: refusing to write the draft into {out}: that is a package's data/ folder (the published tables). "
              "Write it elsewhere with --out, review it, then move the rows (or pass --into-data to append them deliberately).", file=sys.stderr)
        return 2
    try:
        rep, encoding = extract_file(Path(report), root, report_id)
    except (OSError, DecodeError) as exc:
        print(f"xinfang extract: cannot read {report}: {exc}", file=sys.stderr)
        return 2
    if into_data:
        counts = append_to_package(rep, root)
        print(f"appended to {root / 'data'}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
        print(f"next: review the new rows (git diff), then run `xinfang validate {root}` and fix what it reports")
        return 0
    assert out is not None
    counts = write_draft(rep, root, Path(out))
    print(summary(report, encoding, counts, Path(out)))
    for notice in rep.notices:
        print(f"  NOTE {notice}")
    return 0


def summary(report: str, encoding: str, counts: dict[str, int], out: Path) -> str:
    lines = [f"{report} (read as {encoding}): draft written to {out}/"]
    for t in TABLES:
        lines.append(f"  {t + '.csv':<22} {counts[t]:>4} rows")
    lines.append(f"  {'unplaced.csv':<22} {counts['unplaced']:>4} numbers no row uses (years, dates and list numbers included, see column kind)")
    lines.append("Each row has the package's columns plus `confidence` (high/medium/low: how directly the row was read; review low first).")
    lines.append("Drop the `confidence` column when moving rows into data/; fill text_en/name_en, check every code, figure and quote against the report.")
    return "\n".join(lines)
