"""`xinfang validate`: every layer of the gate in one run."""

from __future__ import annotations

import os
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
from . import columns, profiles
from .catalogue import emit
from .limits import bounded, summarised
from .provenance import check_provenance
from .references import frictionless_descriptor
from .rules import CROSS_TABLE_NEEDS, check_identities, check_rules, identity_checks_if_readable
from .runner import Context, Job, Outcome, Pool, run_serial, warm_up
from .safety import check_cells, check_files_first, check_schemas_of
from .structure import check_structure

LAYERS = ("safety", "structure", "rules", "plausibility", "provenance")
SKIPPABLE = LAYERS[1:]  # safety always runs: it decides what the other layers may open


def default_sources(root: Path) -> list[Path] | None:
    """The folders of source texts the gate reads by default (the cache `xinfang sources fetch`
    fills, then ../shared/sources beside the package): those that exist, or None."""
    return default_folders(root) or None


# Above this much CSV the jobs are spread over worker processes (see plan and gate/runner.py).
# Workers are started with forkserver or spawn, so they share nothing with the main process but
# the board of claims: each costs its start-up and its own reading. Measured on 2 cores: 1,000
# reports (6 MB) finish sooner in one process; 30,000 (185 MB) sooner with workers on an idle
# machine, not on a saturated one. The real package stays in one process.
PARALLEL_MIN_BYTES = 25_000_000
# the identities in this many claimable shares of their report slices: the finer, the closer the
# processes end together; each share costs its slicing of the report tables again (~0.1 s at 30,000)
IDENTITY_SHARES = 4
WORKER_PRELOAD = ("xinfang.gate.validate",)  # what the workers' server imports (gate/runner.py): every job's module


def available_cores() -> int:
    """The cores this process may run on (its affinity, where the platform says; else the count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# the jobs: module-level functions of (package, context, *params), so a worker can run them

def _cells(pkg: Package, ctx: Context) -> Iterator[Problem]:
    return check_cells(pkg, list(ctx.readable))


def _structure(pkg: Package, ctx: Context) -> Iterator[Problem]:
    return check_structure(pkg, list(ctx.readable))


def _rules(pkg: Package, ctx: Context) -> Iterator[Problem]:
    try:
        yield from check_rules(pkg, list(ctx.readable), identities=False)
    finally:
        columns.forget()  # the encodings the rules shared: not needed by the jobs after them


def _identities(pkg: Package, ctx: Context, share: tuple[int, int]) -> list[Check]:
    return identity_checks_if_readable(pkg, list(ctx.readable), share)


def _plausibility(pkg: Package, ctx: Context) -> Iterator[Problem]:
    from .plausibility import check_plausibility

    return check_plausibility(pkg, ctx.docs_dir)


def _provenance(pkg: Package, ctx: Context) -> Iterator[Problem]:
    assert ctx.sources is not None
    try:
        yield from check_provenance(pkg, ctx.sources, list(ctx.readable))
    finally:
        columns.forget()  # the encodings it shared with the cells: not needed by the jobs after it


@dataclass
class Plan:
    """Which jobs run where: in the main process, and in each worker (none: all in the main one);
    steal: the claimable jobs the main process claims, in this order, once its own are done."""

    main: list[Job] = field(default_factory=list)
    workers: list[list[Job]] = field(default_factory=list)
    steal: list[Job] = field(default_factory=list)
    claims: int = 0  # how many jobs are claimable (their places on the board)

    @property
    def jobs(self) -> list[Job]:
        """Every job once, in the order planned (the order of their findings within a layer)."""
        out: list[Job] = []
        for job in self.main + [job for batch in self.workers for job in batch] + self.steal:
            if job not in out:
                out.append(job)
        return out


def plan(ctx: Context, run: set[str], parallel: bool, identity_columns: dict[str, tuple[str, ...]] | None = None,
         cores: int | None = None) -> Plan:
    """The jobs of the layers in run (besides the safety layer's file checks, done before).
    identity_columns: what the identities read of the report tables (identities.columns_to_read),
    all that a worker of the identities alone reads of those tables. cores: how many the run may
    use (default: available_cores()).

    In workers the plan is made of what each process reads, not of what each job costs (that
    changes with the data and the code). The main process reads every table (structure, rules,
    plausibility); one worker reads every table too (the cells, then provenance); the identities
    are in shares, claimable: each process runs its own jobs, then claims the shares left (and the
    main process provenance, if that worker has not begun it), so that the processes end about
    together whatever each layer costs (within about a share; later than the others only a
    process whose own jobs outweigh everything left to claim). On two cores that is all: a second
    worker would only take turns with the other two (and read the identities' columns again).
    With more cores a worker of the identities alone (reading only their columns) claims shares
    from the first while the others claim from the last."""
    if not parallel:  # structure last: by then frictionless's verdicts are in (gate/profiles.py; the report is in layer order)
        identities = [Job("rules", _identities, ((0, 1),), name="identities 1/1")] if "rules" in run else []
        main = [Job("rules", _rules)] if "rules" in run else []
        structure = [Job("structure", _structure)] if "structure" in run else []
        provenance = [Job("provenance", _provenance)] if "provenance" in run else []
        return Plan(main=[Job("safety", _cells, name="safety: cells"), *main, *identities, *_plausibility_jobs(run), *provenance, *structure])
    places = iter(range(IDENTITY_SHARES + 1))
    shares = [Job("rules", _identities, ((k, IDENTITY_SHARES),), name=f"identities {k + 1}/{IDENTITY_SHARES}", columns=identity_columns,
                  claim=next(places)) for k in range(IDENTITY_SHARES)] if "rules" in run else []
    provenance = [Job("provenance", _provenance, claim=next(places))] if "provenance" in run else []
    main = [Job("rules", _rules)] if "rules" in run else []
    main += [Job("structure", _structure)] if "structure" in run else []  # after the rules: by then frictionless's verdicts are in
    plausibility = _plausibility_jobs(run)
    workers = [] if ctx.docs_dir is None else [plausibility]  # Great Expectations builds the Data Docs: seconds of start-up, in a worker of its own
    if ctx.docs_dir is None:
        main += plausibility
    if (cores or available_cores()) > 2:
        workers.append(shares)  # reads only the identities' columns
        shares = shares[::-1]
    workers.append([Job("safety", _cells, name="safety: cells"), *provenance, *shares])  # reads every table
    return Plan(main=main, workers=workers, steal=[*provenance, *shares], claims=IDENTITY_SHARES * ("rules" in run) + len(provenance))


def _plausibility_jobs(run: set[str]) -> list[Job]:
    if "plausibility" not in run:
        return []
    from .plausibility import columns_read

    return [Job("plausibility", _plausibility, columns={t: tuple(c) for t, c in columns_read().items()})]


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
    if parallel:  # the workers' server imports the gate while this process checks the files
        warm_up(WORKER_PRELOAD)
    t = time.perf_counter()
    first = check_files_first(pkg)
    seconds = time.perf_counter() - t
    # While frictionless judges the Table Schemas in the helper, the layers run on the resources
    # that are readable if every schema is valid (the usual case); if one is not, they run again on
    # those that are readable: the same report either way.
    guess = first.readable_if_schemas_valid()
    ahead = _run_layers(pkg, root, guess, sources, docs_dir, skip, parallel) if profiles.pending() else None
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
    batches = [batch for batch in jobs.workers if batch]
    if batches:
        # the tables not read yet, parsed once for both processes (gate/shared_tables.py): here from the first on
        unread = [name for name in readable if not pkg.has_read(name)]
        with Pool(ctx, len(batches), preload=WORKER_PRELOAD, claims=jobs.claims, share=unread) as pool:
            for batch in batches:
                pool.submit(batch)
            try:
                if pool.tables is not None:
                    pkg.shared = pool.tables
                    pool.tables.prefetch(pkg, readable)
                outcomes = run_serial(pkg, ctx, jobs.main)
            finally:
                pkg.shared = None
            outcomes += run_serial(pkg, ctx, (job for job in jobs.steal if pool.claim(job)))  # claimed one at a time, as each is begun
            outcomes += pool.outcomes()
            outcomes += run_serial(pkg, ctx, (job for job in jobs.steal if pool.claim(job)))  # none: unless a worker died before claiming it
    else:
        outcomes = run_serial(pkg, ctx, jobs.main)
    _collect(report, pkg, readable, outcomes, timings, jobs.jobs)
    return report, timings


def _collect(report: Report, pkg: Package, readable: list[str], outcomes: list[Outcome], timings: dict[str, float], planned: list[Job]) -> None:
    """The outcomes into the report, in the order of LAYERS and a layer's jobs in their planned
    order (the same in one process as in workers, whichever process ran a claimable job); then
    the anomalies register against the identity checks of every share."""
    order = {name: i for i, name in enumerate(LAYERS)}
    identity_checks: list[Check] = []
    for o in sorted(outcomes, key=lambda o: (order[o.job.layer], planned.index(o.job))):
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
