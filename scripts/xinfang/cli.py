"""The `xinfang` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from . import __version__

EXIT_VALID, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"xinfang: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def _validate(args: argparse.Namespace) -> int:
    from .gate import collector

    with collector.quiet_imports() as imported:  # few collections while the libraries are imported (gate/collector.py)
        return _run_validate(args, imported)


def _run_validate(args: argparse.Namespace, imported: Callable[[], None]) -> int:
    from .gate import profiles

    profiles.start()  # frictionless is imported by a helper process while this one imports the rest (gate/profiles.py)
    from .gate.validate import SKIPPABLE, default_sources, run_gate
    from .package import PackageError
    from .problems import render_github, render_json, render_markdown, render_text

    imported()  # the modules imported are not traversed again during the run

    root = Path(args.package)
    if not root.is_dir():
        print(f"xinfang validate: {root} is not a directory (pass the package folder, the one with datapackage.json)", file=sys.stderr)
        return EXIT_ERROR
    sources: list[Path] | None
    if args.sources:
        sources = [Path(s) for s in args.sources]
        for folder in sources:
            if not folder.is_dir():
                print(f"xinfang validate: --sources {folder} is not a directory", file=sys.stderr)
                return EXIT_ERROR
    else:
        sources = default_sources(root)
    bad = [s for s in args.skip if s not in SKIPPABLE]
    if bad:
        print(f"xinfang validate: cannot skip {', '.join(bad)}; layers that can be skipped are {', '.join(SKIPPABLE)} "
              "(safety always runs)", file=sys.stderr)
        return EXIT_ERROR
    docs = Path(args.data_docs) if args.data_docs else None
    try:
        report = run_gate(root, sources=sources, docs_dir=docs, skip=tuple(args.skip))
    except PackageError as exc:
        print(f"xinfang validate: cannot run: {exc}", file=sys.stderr)
        return EXIT_ERROR
    render = {"text": render_text, "json": render_json, "github": render_github}[args.format]
    args.exit_code = EXIT_VALID if report.valid else EXIT_INVALID  # what a broken pipe still exits with
    if args.json_report:
        Path(args.json_report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_report).write_text(render_json(report) + "\n", encoding="utf-8")
    if args.markdown_report:
        Path(args.markdown_report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown_report).write_text(render_markdown(report), encoding="utf-8")
    print(render(report))
    return args.exit_code


def _sources_fetch(args: argparse.Namespace) -> int:
    from .package import PackageError, load_package
    from .sources import cache_dir, fetch

    root = Path(args.package)
    try:
        pkg = load_package(root)
    except PackageError as exc:
        print(f"xinfang sources fetch: cannot run: {exc}", file=sys.stderr)
        return EXIT_ERROR
    cache = Path(args.cache) if args.cache else cache_dir(root)
    outcomes = fetch(pkg, cache=cache, mirror=args.mirror, timeout=args.timeout, progressbar=not args.quiet and sys.stderr.isatty())
    for o in outcomes:
        line = f"{o.status:8} {o.report_id}  {o.source_file}" + (f"  {o.message}" if o.status == "failed" else "")
        print(line, file=sys.stderr if o.status == "failed" else sys.stdout)
    failed = sum(o.status == "failed" for o in outcomes)
    fetched = sum(o.status == "fetched" for o in outcomes)
    print(f"{len(outcomes) - failed} of {len(outcomes)} source texts in place ({fetched} fetched into {cache}); {failed} failed")
    return EXIT_INVALID if failed else EXIT_VALID


def _denylist(args: argparse.Namespace) -> int:
    from .gate.safety import DENYLIST, name_hash, normalise_name
    from .safe_io import inside

    path = inside(Path(args.package), DENYLIST.as_posix())  # never written through a link out of the package
    path.parent.mkdir(parents=True, exist_ok=True)
    line = f"{name_hash(args.name)} {len(normalise_name(args.name))} # {args.why}\n"
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    if name_hash(args.name) in existing:
        print("already on the denylist")
        return 0
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line)
    print(f"added to {path} (only its hash is stored)")
    return 0


def _derive(args: argparse.Namespace) -> int:
    from .derived.build import DeriveError, derive_all
    from .package import PackageError, load_package

    try:
        pkg = load_package(Path(args.package))
    except PackageError as exc:
        print(f"xinfang derive: cannot run: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        changed = derive_all(pkg, check_only=args.check)
    except DeriveError as exc:
        print(f"xinfang derive: cannot run: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for name in changed:
        print(f"{'stale' if args.check else 'wrote'}: {name}")
    if any(name.startswith("schemas/") for name in changed):
        print("  → a field shared by several tables is defined once, in schemas/fields.json (its fields marked x-field in a "
              "schema): `xinfang derive` writes it into every schema, so change a shared field there, not in one schema")
    if not changed:
        print("derived files are up to date")
    return EXIT_INVALID if (args.check and changed) else EXIT_VALID


def _rules(args: argparse.Namespace) -> int:
    from .gate import rule_docs

    print(rule_docs.render_json() if args.format == "json" else rule_docs.render_text())
    return EXIT_VALID


def _report_and_out(command: str, report: str, out: str | None) -> str | None:
    """Why extract / new-report cannot run on these arguments, or None."""
    from .safe_io import MAX_SOURCE_BYTES, PackageError, check_size

    try:
        check_size(Path(report), MAX_SOURCE_BYTES, report)
    except PackageError as exc:
        return f"xinfang {command}: the report {exc} (a report's text, UTF-8 or GB18030)"
    if out is not None and Path(out).exists() and not Path(out).is_dir():
        return f"xinfang {command}: --out {out} is a file: pass a folder (it is created if missing)"
    return None


def _extract(args: argparse.Namespace) -> int:
    from .extract.command import run_extract

    refused = _report_and_out("extract", args.report, args.out)
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_ERROR
    return run_extract(args.report, args.out, args.package, args.report_id, args.into_data)


def _new_report(args: argparse.Namespace) -> int:
    from .extract.new_report import run_new_report

    refused = _report_and_out("new-report", args.report, args.out)
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_ERROR
    return run_new_report(args.report, args.out, args.package, args.admin_code, args.gate)


def _release(args: argparse.Namespace) -> int:
    from .release.build import ReleaseError, ReleaseRefused, build_release

    try:
        rel = build_release(Path(args.package), args.version, Path(args.out), args.previous)
    except ReleaseRefused as exc:
        for line in str(exc).splitlines():
            print(f"xinfang release: refused: {line}", file=sys.stderr)
        return EXIT_INVALID
    except ReleaseError as exc:
        print(f"xinfang release: cannot build: {exc}", file=sys.stderr)
        return EXIT_ERROR
    since = f"diff against {rel.previous}" if rel.previous else "first release (no earlier release found)"
    print(f"release {rel.version} in {rel.out}: {len(rel.files)} files, {since}")
    for name, digest in sorted(rel.files.items()):
        print(f"  {digest}  {name}")
    return EXIT_VALID


def _diff(args: argparse.Namespace) -> int:
    from .package import PackageError
    from .release.diff import diff_paths, render_json, render_markdown, render_text
    from .safe_io import escape, json_safe

    try:
        d = diff_paths(args.old, args.new)
    except PackageError as exc:
        print(f"xinfang diff: cannot run: {exc}", file=sys.stderr)
        return EXIT_ERROR
    args.exit_code = EXIT_VALID if d.empty else EXIT_INVALID
    # the cells are a pull request's text: control, bidi and invisible characters escaped
    if args.format == "json":
        print(json_safe(render_json(d)))
    elif args.format == "markdown":
        print(escape(render_markdown(d, args.max_rows), keep_newlines=True), end="")
    else:
        print(escape(render_text(d, args.max_rows), keep_newlines=True))
    return EXIT_VALID if d.empty else EXIT_INVALID


def _synth(args: argparse.Namespace) -> int:
    from .synth.build import synth

    counts = synth(args.reports, args.seed, Path(args.out), faults=args.faults)
    print(f"wrote {Path(args.out) / 'package'} ({', '.join(f'{k} {v}' for k, v in counts.items())}), sources in {Path(args.out) / 'sources'}"
          + (f", {args.faults} faults listed in {Path(args.out) / 'faults.json'}" if args.faults else ""))
    return EXIT_VALID


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="xinfang", description="Tooling of the xinfang-performance data package.")
    parser.add_argument("--version", action="version", version=f"xinfang {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    v = sub.add_parser("validate", help="check a package: structure, rules, plausibility, provenance, safety")
    v.add_argument("package", nargs="?", default=".", help="package directory (default: the current directory)")
    v.add_argument("--sources", action="append", default=[], help="folder of source texts, searched in order (repeatable; default: the cache "
                   "`xinfang sources fetch` fills, then ../shared/sources beside the package, those that exist)")
    v.add_argument("--format", choices=["text", "json", "github"], default="text")
    v.add_argument("--data-docs", default=None, metavar="DIR", help="also build the Great Expectations Data Docs (the reviewers' report) in "
                   "DIR, e.g. build/data_docs: Great Expectations then runs the plausibility suite (seconds of start-up); by default "
                   "the same suite is evaluated without it and no Data Docs are written")
    v.add_argument("--json-report", default=None, help="also write the json report to this file")
    v.add_argument("--markdown-report", default=None, help="also write a Markdown summary to this file (what the pull-request comment shows)")
    v.add_argument("--skip", action="append", default=[], help="skip a layer (repeatable): structure, rules, plausibility, provenance (safety always runs)")
    v.set_defaults(func=_validate)

    r = sub.add_parser("derive", help="regenerate what is generated from the data (descriptor sources, data/derived/)")
    r.add_argument("package", nargs="?", default=".")
    r.add_argument("--check", action="store_true", help="write nothing; exit 1 when a generated file is stale")
    r.set_defaults(func=_derive)

    ru = sub.add_parser("rules", help="list every rule the gate can report: id, layer, what it checks, what to do (docs/rules.md)")
    ru.add_argument("--format", choices=["text", "json"], default="text")
    ru.set_defaults(func=_rules)

    rel = sub.add_parser("release", help="build a versioned release in dist/: package zip, Parquet, DuckDB, SQLite, data dictionary, notes")
    rel.add_argument("package", nargs="?", default=".")
    rel.add_argument("--version", required=True, help="X.Y.Z: must equal the descriptor's version, have a CHANGELOG section and increase on the last release")
    rel.add_argument("--out", default="dist", help="output folder, replaced as a whole (default: dist)")
    rel.add_argument("--previous", default=None, help="the previous release (folder or zip) instead of the highest vX.Y.Z git tag")
    rel.set_defaults(func=_release)

    df = sub.add_parser("diff", help="rows added, removed and changed per table, and schema changes; exit 0 identical, 1 different")
    df.add_argument("old", help="package folder or release zip")
    df.add_argument("new", help="package folder or release zip")
    df.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    df.add_argument("--max-rows", type=int, default=None, help="rows shown per table and kind in text and markdown (json has all)")
    df.set_defaults(func=_diff)

    so = sub.add_parser("sources", help="the reports' source texts: fetch them into the local cache the gate reads")
    so_sub = so.add_subparsers(dest="action", required=True, parser_class=_Parser)
    sf = so_sub.add_parser("fetch", help="download every source text no sources folder holds yet (checked by SHA-256); exit 1 if any failed")
    sf.add_argument("package", nargs="?", default=".")
    sf.add_argument("--cache", default=None, help="the cache folder (default: $XINFANG_SOURCES_CACHE, else build/sources in the package)")
    sf.add_argument("--mirror", default=None, help="fetch every text as MIRROR/<source_file> instead of its archive_url")
    sf.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a server (default 30)")
    sf.add_argument("--quiet", action="store_true", help="no progress bars")
    sf.set_defaults(func=_sources_fetch)

    d = sub.add_parser("denylist", help="add a name that must never appear (only its hash is stored)")
    d_sub = d.add_subparsers(dest="action", required=True, parser_class=_Parser)
    da = d_sub.add_parser("add")
    da.add_argument("name")
    da.add_argument("--why", required=True, help="where the name comes from (report id, role)")
    da.add_argument("--package", default=".")
    da.set_defaults(func=_denylist)

    x = sub.add_parser("extract", help="draft a report's rows (with quotes and a confidence) from its text, for review")
    x.add_argument("report", help="the report as text (UTF-8 or GB18030)")
    x.add_argument("--out", default=None, help="folder for the draft CSVs (never a package's data/ unless --into-data)")
    x.add_argument("--package", default=None, help="the data package whose codelists and schemas to use (default: this repository)")
    x.add_argument("--report-id", default="", help="report_id to write in the rows")
    x.add_argument("--into-data", action="store_true", help="append the rows (without confidence) to the package's data/ instead")
    x.set_defaults(func=_extract)

    n = sub.add_parser("new-report", help="scaffold a contribution: units/reports rows, the extract draft and a checklist")
    n.add_argument("report", help="the report as text (UTF-8 or GB18030)")
    n.add_argument("--out", required=True, help="folder for the scaffold")
    n.add_argument("--package", default=None, help="the data package (default: this repository)")
    n.add_argument("--admin-code", default=None, help="GB/T 2260 code of the district, when it is not in data/units.csv")
    n.add_argument("--gate", action="store_true", help="also run the gate on a scratch copy of the package with the scaffold in it; writes GATE.md")
    n.set_defaults(func=_new_report)

    s = sub.add_parser("synth", help="write a synthetic package (real schemas and codelists) for tests and benchmarks")
    s.add_argument("--reports", type=int, required=True, help="number of reports (about 50 fact rows each)")
    s.add_argument("--seed", type=int, default=0, help="same seed, same bytes")
    s.add_argument("--out", required=True, help="folder for package/, sources/ and faults.json")
    s.add_argument("--faults", type=int, default=0, help="inject this many known faults and list them in faults.json")
    s.set_defaults(func=_synth)

    args = parser.parse_args(argv)
    from .package import PackageError
    from .safe_io import escape, excerpt, no_network

    try:
        # no command fetches anything, but `sources fetch`, whose addresses policy/source_hosts.txt lists
        with nullcontext() if args.command == "sources" else no_network():
            return int(args.func(args))
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(getattr(args, "exit_code", EXIT_ERROR))
    except PackageError as exc:
        print(f"xinfang {args.command}: cannot run: {escape(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - never a traceback
        where = _innermost(exc)
        print(f"xinfang {args.command}: internal error: {excerpt(repr(exc), 300)}{where}; this is a bug (or an input it cannot handle): "
              "report it with this message", file=sys.stderr)
        return EXIT_ERROR


def _innermost(exc: BaseException) -> str:
    """' (at xinfang/FILE.py:LINE)': the innermost place in this package's code an exception passed."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f"{os.sep}xinfang{os.sep}" in f.filename]
    if not frames:
        return ""
    f = frames[-1]
    return f" (at xinfang{f.filename.rsplit(os.sep + 'xinfang', 1)[1]}:{f.lineno})"


if __name__ == "__main__":
    raise SystemExit(main())
