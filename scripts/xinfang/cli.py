"""The `xinfang` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__

EXIT_VALID, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"xinfang: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def _validate(args: argparse.Namespace) -> int:
    from .package import PackageError
    from .problems import render_github, render_json, render_text
    from .validate import SKIPPABLE, default_sources, run_gate

    root = Path(args.package)
    if not root.is_dir():
        print(f"xinfang validate: {root} is not a directory (pass the package folder, the one with datapackage.json)", file=sys.stderr)
        return EXIT_ERROR
    sources: Path | None
    if args.sources is not None:
        sources = Path(args.sources)
        if not sources.is_dir():
            print(f"xinfang validate: --sources {sources} is not a directory", file=sys.stderr)
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
    print(render(report))
    if args.json_report:
        Path(args.json_report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_report).write_text(render_json(report) + "\n", encoding="utf-8")
    return EXIT_VALID if report.valid else EXIT_INVALID


def _denylist(args: argparse.Namespace) -> int:
    from .gate.safety import DENYLIST, name_hash, normalise_name

    path = Path(args.package) / DENYLIST
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
    from .derive import derive_all
    from .package import PackageError, load_package

    try:
        pkg = load_package(Path(args.package))
    except PackageError as exc:
        print(f"xinfang derive: cannot run: {exc}", file=sys.stderr)
        return EXIT_ERROR
    changed = derive_all(pkg, check_only=args.check)
    for name in changed:
        print(f"{'stale' if args.check else 'wrote'}: {name}")
    if not changed:
        print("derived files are up to date")
    return EXIT_INVALID if (args.check and changed) else EXIT_VALID


def _synth(args: argparse.Namespace) -> int:
    from .synth import synth

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
    v.add_argument("--sources", default=None, help="folder of source texts (default: ../shared/sources beside the package, when present)")
    v.add_argument("--format", choices=["text", "json", "github"], default="text")
    v.add_argument("--data-docs", default="build/data_docs", help="folder for Great Expectations Data Docs ('' to skip)")
    v.add_argument("--json-report", default=None, help="also write the json report to this file")
    v.add_argument("--skip", action="append", default=[], help="skip a layer (repeatable): structure, rules, plausibility, provenance (safety always runs)")
    v.set_defaults(func=_validate)

    r = sub.add_parser("derive", help="regenerate what is generated from the data (descriptor sources, data/derived/)")
    r.add_argument("package", nargs="?", default=".")
    r.add_argument("--check", action="store_true", help="write nothing; exit 1 when a generated file is stale")
    r.set_defaults(func=_derive)

    d = sub.add_parser("denylist", help="add a name that must never appear (only its hash is stored)")
    d_sub = d.add_subparsers(dest="action", required=True, parser_class=_Parser)
    da = d_sub.add_parser("add")
    da.add_argument("name")
    da.add_argument("--why", required=True, help="where the name comes from (report id, role)")
    da.add_argument("--package", default=".")
    da.set_defaults(func=_denylist)

    s = sub.add_parser("synth", help="write a synthetic package (real schemas and codelists) for tests and benchmarks")
    s.add_argument("--reports", type=int, required=True, help="number of reports (about 50 fact rows each)")
    s.add_argument("--seed", type=int, default=0, help="same seed, same bytes")
    s.add_argument("--out", required=True, help="folder for package/, sources/ and faults.json")
    s.add_argument("--faults", type=int, default=0, help="inject this many known faults and list them in faults.json")
    s.set_defaults(func=_synth)

    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
