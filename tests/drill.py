"""The contribution drill: a copy of this repository with reports added as data alone.

    python tests/drill.py OUT [--fixture DIR] [--copy-report]

writes ``OUT/repo`` (this repository's files, as a fresh clone has them) and ``OUT/shared/sources``
(the source texts beside it, as CI lays them), then adds to the copy's CSVs — and nothing else:

- every contribution in ``--fixture`` (default ``tests/fixtures/contribution``): a folder per
  report holding ``<table>.csv`` (rows to append to ``data/<table>.csv``, by column name) and
  ``codelists/<name>.csv`` (rows for ``data/codelists/<name>.csv``; a row identical to one already
  there is skipped), and its text in ``sources/``;
- with ``--copy-report``: one more report, the rows of the package's first report copied under a
  new report_id (its fiscal year one later) citing a new source file (a copy of its text).

``nox -s contribution-drill`` then runs ``xinfang derive``, the whole gate and the whole test suite
in the copy; ``tests/test_contribution_drill.py`` does the same with the tests that read the data.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_SOURCES = (REPO / ".." / "shared" / "sources").resolve()
FIXTURE = REPO / "tests" / "fixtures" / "contribution"
# what a data-only contribution may change: the curated tables and codelists, and what `xinfang derive` writes from them
DATA_PATHS = re.compile(r"^(data/.*\.csv|datapackage\.json|README\.md|docs/data-dictionary\.md|docs/figures/.*\.svg)$")
SKIP = {".git", ".nox", "build", "dist", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def repo_files(src: Path = REPO) -> list[str]:
    """The files a clone of the working tree has (tracked and untracked, not ignored)."""
    try:
        out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=src, capture_output=True, check=True, timeout=60)
        names = [n for n in out.stdout.decode("utf-8").split("\0") if n]
    except (OSError, subprocess.SubprocessError):
        names = [p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file() and not SKIP & set(p.relative_to(src).parts)]
    return sorted(n for n in names if (src / n).is_file())


def copy_repo(dest: Path, src: Path = REPO) -> Path:
    for name in repo_files(src):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / name, target)
    return dest


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def append_rows(target: Path, rows: list[dict[str, str]], skip_identical: bool = False) -> int:
    """Append rows (by column name; a column the table lacks is an error, one the rows lack is empty)."""
    header, existing = _read(target)
    unknown = sorted({k for r in rows for k in r} - set(header))
    if unknown:
        raise ValueError(f"{target}: the rows have columns the table does not: {', '.join(unknown)}")
    seen = {tuple(r.get(h, "") for h in header) for r in existing} if skip_identical else set()
    new = [r for r in rows if tuple(r.get(h, "") for h in header) not in seen]
    _write(target, header, existing + [{h: r.get(h, "") for h in header} for r in new])
    return len(new)


def apply_fixture(repo: Path, shared: Path, fixture: Path = FIXTURE) -> list[str]:
    """Add every contribution of the fixture folder to the copy; the report ids added."""
    added = []
    for folder in sorted(p for p in fixture.iterdir() if p.is_dir() and p.name != "sources"):
        for table in sorted(folder.glob("*.csv")):
            append_rows(repo / "data" / table.name, _read(table)[1])
        for codes in sorted((folder / "codelists").glob("*.csv")):
            append_rows(repo / "data" / "codelists" / codes.name, _read(codes)[1], skip_identical=True)
        added.append(folder.name)
    for text in sorted((fixture / "sources").glob("*.txt")):
        shutil.copy2(text, shared / text.name)
    return added


def copy_report(repo: Path, shared: Path) -> str:
    """One more report: the first report's rows under a new report_id and source file; the new id."""
    header, reports = _read(repo / "data" / "reports.csv")
    first = reports[0]
    code, year, abbr = first["report_id"].split("-")
    new_id = f"{code}-{int(year) + 1}-{abbr}"
    while any(r["report_id"] == new_id for r in reports):
        new_id = f"{code}-{int(new_id.split('-')[1]) + 1}-{abbr}"
    new_file = f"copy-of-{first['source_file']}"
    shutil.copy2(shared / first["source_file"], shared / new_file)
    for table in sorted((repo / "data").glob("*.csv")):
        cols, rows = _read(table)
        if "report_id" not in cols:
            continue
        copies = [dict(r) for r in rows if r["report_id"] == first["report_id"]]
        for r in copies:
            for k, v in r.items():  # ids that name the report (check_id of the register) follow it
                r[k] = v.replace(first["report_id"], new_id) if isinstance(v, str) and k in ("report_id", "check_id") else v
            if table.name == "reports.csv":
                r.update(fiscal_year=str(int(year) + 1), source_file=new_file, title_en=f"{r['title_en']} (copy for the drill)")
        if copies:
            _write(table, cols, rows + copies)
    return new_id


def changed_files(repo: Path, src: Path = REPO) -> list[str]:
    """The files of the copy that differ from (or are not in) the original."""
    out = []
    for p in sorted(repo.rglob("*")):
        rel = p.relative_to(repo)
        if not p.is_file() or SKIP & set(rel.parts):
            continue
        other = src / rel
        if not other.is_file() or other.read_bytes() != p.read_bytes():
            out.append(rel.as_posix())
    return out


def build(out: Path, fixture: Path | None = FIXTURE, copy: bool = False) -> tuple[Path, Path, list[str]]:
    """OUT/repo and OUT/shared/sources with the contributions in; (repo, sources, report ids added)."""
    if out.exists():
        shutil.rmtree(out)
    repo = copy_repo(out / "repo")
    shared = out / "shared" / "sources"
    shared.mkdir(parents=True)
    for text in sorted(SHARED_SOURCES.glob("*.txt")):
        shutil.copy2(text, shared / text.name)
    added = apply_fixture(repo, shared, fixture) if fixture is not None else []
    if copy:
        added.append(copy_report(repo, shared))
    return repo, shared, added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--fixture", type=Path, default=FIXTURE)
    parser.add_argument("--copy-report", action="store_true")
    args = parser.parse_args()
    repo, shared, added = build(args.out, args.fixture, args.copy_report)
    print(f"{repo}: added {', '.join(added)}; sources in {shared}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
