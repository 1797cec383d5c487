"""`xinfang validate`: every layer of the gate in one run."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..identities import Check
from ..identities.engine import columns_to_read
from ..package import DESCRIPTOR, Package, PackageError, load_package, unsafe_path_reason
from ..problems import Problem, Report
from ..safe_io import no_network
from ..sources import default_folders
from . import profiles
from .catalogue import emit
from .limits import bounded, summarised
from .provenance import check_provenance
from .references import frictionless_descriptor
from .rules import CROSS_TABLE_NEEDS, check_identities, check_rules, identity_checks_if_readable
from .runner import Context, Job, Outcome, Pool, run_serial
from .safety import check_cells, check_files_first, check_schemas_of
from .structure import check_structure

LAYERS = ("safety", "structure", "rules", "plausibility", "provenance")
SKIPPABLE = LAYERS[1:]  # safety always runs: it decides what the other layers may open


def default_sources(root: Path) -> list[Path] | None:
    """The folders of source texts the gate reads by default (the cache `xinfang sources fetch`
    fills, then ../shared/sources beside the package): those that exist, or None."""
    return default_folders(root) or None


# Above this much CSV the jobs are spread over worker processes (see gate/runner.py): the main
# process checks structure, constraints, code rules and plausibility while one worker computes the
# identities (the largest job; shared by IDENTITY_WORKERS workers, each a share of the report
# slices; the register of anomalies is then checked against all their checks in the main process)
# and another checks the cells (safety) and the quotes (provenance). Each worker reads what its jobs
# touch (workers are started with forkserver or spawn, so they share nothing with the main process:
# each costs its start-up and its own reading). Measured on 2 cores: 1,000 reports (6 MB) finish
# sooner in one process; 30,000 (185 MB) sooner with workers on an idle machine (the identities
# alone take half the CPU time), not on a saturated one. The real package stays in one process.
PARALLEL_MIN_BYTES = 25_000_000
IDENTITY_WORKERS = 1  # workers sharing the identities' report slices (2 cores: one)


# the jobs: module-level functions of (package, context, *params), so a worker can run them

def _cells(pkg: Package, ctx: Context) -> Iterator[Problem]:
    return check_cells(pkg, list(ctx.readable))


def _structure(pkg: Package, ctx: Context) -> Iterator[Problem]:
    return check_structure(pkg, list(ctx.readable))


def _rules(pkg: Package, ctx: Context) -> Iterator[Problem]:
    return check_rules(pkg, list(ctx.readable), identities=False)


def _identities(pkg: Package, ctx: Context, share: tuple[int, int]) -> list[Check]:
    return identity_checks_if_readable(pkg, list(ctx.readable), share)


def _plausibility(pkg: Package, ctx: Context) -> Iterator[Problem]:
    from .plausibility import check_plausibility

    return check_plausibility(pkg, ctx.docs_dir)


def _provenance(pkg: Package, ctx: Context) -> Iterator[Problem]:
    assert ctx.sources is not None
    return check_provenance(pkg, ctx.sources, list(ctx.readable))


@dataclass
class Plan:
    """Which jobs run where: in the main process, and in each worker (none: all in the main one)."""

    main: list[Job] = field(default_factory=list)
    workers: list[list[Job]] = field(default_factory=list)

    @property
    def jobs(self) -> list[Job]:
        return self.main + [job for batch in self.workers for job in batch]


def plan(ctx: Context, run: set[str], parallel: bool, identity_columns: dict[str, tuple[str, ...]] | None = None) -> Plan:
    """The jobs of the layers in run (besides the safety layer's file checks, done before).
    identity_columns: what the identities read of the report tables (identities.columns_to_read),
    all that their workers read of those tables."""
    identities = [Job("rules", _identities, ((k, IDENTITY_WORKERS if parallel else 1),), name=f"identities {k + 1}/{IDENTITY_WORKERS}",
                      columns=identity_columns if parallel else None)
                  for k in range(IDENTITY_WORKERS if parallel else 1)] if "rules" in run else []
    main = [Job("structure", _structure)] if "structure" in run else []
    main += [Job("rules", _rules)] if "rules" in run else []
    plausibility = []
    if "plausibility" in run:
        from .plausibility import columns_read

        plausibility = [Job("plausibility", _plausibility, columns={t: tuple(c) for t, c in columns_read().items()})]
    cells = [Job("safety", _cells, name="safety: cells"), *([Job("provenance", _provenance)] if "provenance" in run else [])]
    if not parallel:  # structure last: by then frictionless's verdicts are in (gate/profiles.py; the report is in layer order)
        structure = [job for job in main if job.layer == "structure"]
        return Plan(main=[cells[0], *[job for job in main if job.layer != "structure"], *identities, *plausibility, *cells[1:], *structure])
    if ctx.docs_dir is not None:  # Great Expectations builds the Data Docs: seconds of start-up, in a worker of its own
        return Plan(main=main, workers=[plausibility] + [[job] for job in identities] + [cells])
    return Plan(main=main + plausibility, workers=[[job] for job in identities] + [cells])


def _plausibility_tables() -> set[str]:
    """The tables the plausibility layer reads (its own declaration: plausibility.columns_read)."""
    from .plausibility import columns_read

    return set(columns_read())


def _data_bytes(pkg: Package) -> int:
    total = 0
    for res in pkg.resources.values():
        path = pkg.root / res.path
        if unsafe_path_reason(res.path) is None and path.is_file():
            total += path.stat().st_size
    return total


def run_gate(root: str | Path, sources: Path | list[Path] | None = None, docs_dir: Path | None = None,
             skip: tuple[str, ...] = (), parallel: bool | None = None) -> Report:
    """Run every layer; never stop at the first problem. Raises PackageError when the package
    cannot be read at all. parallel: spread the jobs over worker processes (see plan; default: for
    packages above PARALLEL_MIN_BYTES of CSV). The same problems either way. A script that runs the
    gate with workers must guard its entry point with `if __name__ == "__main__":`, as
    multiprocessing requires of forkserver and spawn (the xinfang command does).
    Nothing is fetched meanwhile (safe_io.no_network); messages are bounded and escaped, and past
    a threshold the errors of one rule in one file are summarised (gate/limits.py)."""
    if "safety" in skip:
        raise ValueError("the safety layer cannot be skipped: it decides which files the other layers may open")
    with no_network():
        try:
            report = _run_gate(root, sources, docs_dir, skip, parallel)
        except PackageError:
            raise
        except Exception as exc:  # noqa: BLE001 - never a traceback: a crash outside a layer is a finding too
            report = Report(package=str(root))
            report.add(emit("safety.crashed", DESCRIPTOR, None, None, f"the gate could not finish: {exc!r}"))
            report.layers["safety"] = "crashed"
        finally:
            profiles.discard()
            profiles.save()  # the verdicts computed, for the next run (gate/profiles.py)
    report.problems = [bounded(p) for p in summarised(report.problems)]
    return report


def _run_gate(root: str | Path, sources: Path | list[Path] | None, docs_dir: Path | None, skip: tuple[str, ...],
              parallel: bool | None) -> Report:
    root = Path(root)
    if isinstance(sources, list) and not sources:
        sources = None  # no folder of source texts: provenance is skipped with a notice
    pkg = load_package(root, strict=False)
    if "safety" in skip:
        raise ValueError("the safety layer cannot be skipped: it decides which files the other layers may open")
    # frictionless's profile verdicts, computed by a helper process meanwhile (gate/profiles.py): the
    # schemas, and the descriptor as the structure layer hands it over when every resource is readable
    try:
        likely = [name for name in pkg.resources if name not in pkg.unreadable]
        profiles.prefetch([pkg.resources[n].schema for n in likely], frictionless_descriptor(pkg, likely) if "structure" not in skip else None)
    except Exception:  # noqa: BLE001 - only a head start: the layers compute whatever it did not
        pass
    if parallel is None:
        parallel = _data_bytes(pkg) > PARALLEL_MIN_BYTES
    t = time.perf_counter()
    first = check_files_first(pkg)
    seconds = time.perf_counter() - t
    # While frictionless judges the Table Schemas in the helper, the layers run on the resources
    # that are readable if every schema is valid (the usual case); if one is not, they run again on
    # those that are readable: the same report either way.
    guess = first.readable_if_schemas_valid()
    ahead = _run_layers(pkg, root, guess, sources, docs_dir, skip, parallel) if not parallel and profiles.pending() else None
    t = time.perf_counter()
    file_problems, readable = check_schemas_of(pkg, first)
    seconds += time.perf_counter() - t
    part, layer_timings = ahead if ahead is not None and readable == guess else _run_layers(pkg, root, readable, sources, docs_dir, skip, parallel)
    report = Report(package=str(root))
    for p in file_problems + part.problems:
        report.add(p)
    report.layers = {name: part.layers[name] for name in LAYERS if name in part.layers}
    report.stats["seconds_by_layer"] = {"safety: files": round(seconds, 3), **layer_timings}
    report.stats["rows"] = {name: len(pkg.table(name)) for name in readable if name in pkg.resources}
    return report


def _run_layers(pkg: Package, root: Path, readable: list[str], sources: Path | list[Path] | None, docs_dir: Path | None,
                skip: tuple[str, ...], parallel: bool) -> tuple[Report, dict[str, float]]:
    """Every layer after the safety layer's file checks, on the readable resources: their problems
    and statuses (in a Report of their own), and their timings."""
    report = Report(package=str(root))
    timings: dict[str, float] = {}
    report.layers["safety"] = "ran"
    run: set[str] = set()
    for name in SKIPPABLE:
        if name in skip and not (name == "provenance" and sources is None):
            report.layers[name] = "skipped (--skip)"
        else:
            run.add(name)
    if "plausibility" in run and not _plausibility_tables() <= set(readable):
        report.layers["plausibility"] = "skipped: a core table could not be read"
        run.discard("plausibility")
    if sources is None:
        report.layers["provenance"] = "skipped: no sources folder (pass --sources DIR; default ../shared/sources beside the package)"
        report.add(emit("provenance.skipped", "datapackage.json", None, None, "provenance layer skipped: no sources folder found"))
        run.discard("provenance")
    elif "reports" not in readable:
        run.discard("provenance")
    ctx = Context(root=root, readable=tuple(readable), sources=tuple(sources) if isinstance(sources, list) else sources, docs_dir=docs_dir)
    jobs = plan(ctx, run, parallel, columns_to_read(pkg) if parallel else None)
    if jobs.workers:
        with Pool(ctx, len(jobs.workers), preload=("xinfang.gate.validate",)) as pool:
            for batch in jobs.workers:
                pool.submit(batch)
            outcomes = run_serial(pkg, ctx, jobs.main) + pool.outcomes()
    else:
        outcomes = run_serial(pkg, ctx, jobs.main)
    _collect(report, pkg, readable, outcomes, timings)
    return report, timings


def _collect(report: Report, pkg: Package, readable: list[str], outcomes: list[Outcome], timings: dict[str, float]) -> None:
    """The outcomes into the report, in the order of LAYERS (the same in one process as in workers);
    then the anomalies register against the identity checks of every share."""
    order = {name: i for i, name in enumerate(LAYERS)}
    identity_checks: list[Check] = []
    for o in sorted(outcomes, key=lambda o: order[o.job.layer]):  # stable: a layer's jobs in their planned order
        timings[o.job.label + (" (worker)" if o.in_worker else "")] = o.seconds
        if o.job.run is _identities:
            identity_checks.extend(o.found)
        else:
            for p in o.found:
                report.add(p)
        if o.crash is not None:
            report.add(emit(f"{o.job.layer}.crashed", "datapackage.json", None, None, f"the {o.job.layer} layer could not finish: {o.crash}"))
            report.layers[o.job.layer] = "crashed"
        elif o.job.layer not in report.layers:
            report.layers[o.job.layer] = "ran"
    shares = [o for o in outcomes if o.job.run is _identities]
    if shares and all(o.crash is None for o in shares) and CROSS_TABLE_NEEDS <= set(readable):
        given = sorted(identity_checks, key=lambda c: c.check_id)
        for p in check_identities(pkg, given):  # the register (known, stale, unknown entries) against all shares
            report.add(p)
