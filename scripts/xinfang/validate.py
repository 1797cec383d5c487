"""`xinfang validate`: every layer of the gate in one run."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .gate.provenance import check_provenance
from .gate.rules import check_rules
from .gate.safety import check_cells, check_files
from .gate.structure import check_structure
from .package import Package, load_package, unsafe_path_reason
from .problems import ERROR, NOTICE, Problem, Report

LAYERS = ("safety", "structure", "rules", "plausibility", "provenance")
SKIPPABLE = LAYERS[1:]  # safety always runs: it decides what the other layers may open


def default_sources(root: Path) -> Path | None:
    candidate = (root / ".." / "shared" / "sources").resolve()
    return candidate if candidate.is_dir() else None


# Above this much CSV, two layers run in worker processes while the main process reads and checks
# the rest (2 cores at most are busy; the real package stays in one process):
# - plausibility (Great Expectations) in a process started first, before any table is read: its
#   start-up (importing GE) and its own reading of the five tables it checks overlap the main work;
# - provenance in a process forked once the tables are read, so it shares them (copy-on-write).
PARALLEL_MIN_BYTES = 5_000_000
PLAUSIBILITY_TABLES = {"budgets", "projects", "petition_metrics", "reports", "staffing", "indicators"}

_FORKED: dict[str, Any] = {}  # what a forked provenance worker inherits from the main process


def _plausibility_in_worker(root: str, docs_dir: Path | None) -> list[Problem]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from .gate.plausibility import check_plausibility, columns_read

        pkg = load_package(root)
        for table, columns in columns_read().items():
            pkg.read_columns(table, columns)
        return list(check_plausibility(pkg, docs_dir))


def _provenance_in_fork() -> list[Problem]:
    return list(check_provenance(_FORKED["pkg"], _FORKED["sources"]))


def _data_bytes(pkg: Package) -> int:
    total = 0
    for res in pkg.resources.values():
        path = pkg.root / res.path
        if unsafe_path_reason(res.path) is None and path.is_file():
            total += path.stat().st_size
    return total


def _worker() -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))


def run_gate(root: str | Path, sources: Path | None = None, docs_dir: Path | None = None,
             skip: tuple[str, ...] = (), parallel: bool | None = None) -> Report:
    """Run every layer; never stop at the first problem. Raises PackageError when the package
    cannot be read at all. parallel: run plausibility and provenance in worker processes
    (default: for packages above PARALLEL_MIN_BYTES of CSV)."""
    root = Path(root)
    pkg = load_package(root)
    if "safety" in skip:
        raise ValueError("the safety layer cannot be skipped: it decides which files the other layers may open")
    if parallel is None:
        parallel = _data_bytes(pkg) > PARALLEL_MIN_BYTES
    report = Report(package=str(root))
    timings: dict[str, float] = {}
    futures: dict[str, Any] = {}
    pools: list[Any] = []

    def layer(name: str, fn) -> None:  # type: ignore[no-untyped-def]
        if name in skip:
            report.layers[name] = "skipped (--skip)"
            return
        t = time.perf_counter()
        try:
            for p in fn():
                report.add(p)
            report.layers[name] = "ran"
        except Exception as exc:  # noqa: BLE001 - a layer that crashes is itself a finding
            report.add(Problem("datapackage.json", None, None, f"{name}.crashed", f"the {name} layer could not finish: {exc!r}",
                               "this is a bug in the gate or a file it cannot parse: report it with this message", ERROR, name))
            report.layers[name] = "crashed"
        timings[name] = round(time.perf_counter() - t, 3)

    def in_worker(name: str, fn: Any, *args: Any) -> None:
        pool = _worker()
        pools.append(pool)
        futures[name] = pool.submit(fn, *args)
        report.layers[name] = "running"

    t = time.perf_counter()
    file_problems, readable = check_files(pkg)
    for p in file_problems:
        report.add(p)
    plausible = PLAUSIBILITY_TABLES <= set(readable)
    if "plausibility" in skip:
        report.layers["plausibility"] = "skipped (--skip)"
    elif not plausible:
        report.layers["plausibility"] = "skipped: a core table could not be read"
    elif parallel:
        in_worker("plausibility", _plausibility_in_worker, str(root), docs_dir)
    for p in check_cells(pkg, readable):
        report.add(p)
    report.layers["safety"] = "ran"
    timings["safety"] = round(time.perf_counter() - t, 3)

    run_provenance = "provenance" not in skip and sources is not None and "reports" in readable
    if run_provenance and parallel:
        for name in readable:
            pkg.table(name)  # read before the fork, so the worker shares them
        _FORKED.update(pkg=pkg, sources=sources)
        in_worker("provenance", _provenance_in_fork)
    layer("structure", lambda: check_structure(pkg, readable))
    layer("rules", lambda: check_rules(pkg, readable))
    if plausible and "plausibility" not in futures and "plausibility" not in skip:
        from .gate.plausibility import check_plausibility
        layer("plausibility", lambda: check_plausibility(pkg, docs_dir))
    if sources is None:
        report.layers["provenance"] = "skipped: no sources folder (pass --sources DIR; default ../shared/sources beside the package)"
        report.add(Problem("datapackage.json", None, None, "provenance.skipped",
                           "provenance layer skipped: no sources folder found", "pass --sources DIR to check quotes and checksums", NOTICE, "provenance"))
    elif "provenance" in skip:
        report.layers["provenance"] = "skipped (--skip)"
    elif run_provenance and "provenance" not in futures:
        layer("provenance", lambda: check_provenance(pkg, sources))
    for name, future in futures.items():
        layer(name, lambda f=future: f.result())  # the wait, not the work, is timed here
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)
    _FORKED.clear()
    report.layers = {name: report.layers[name] for name in LAYERS if name in report.layers}
    report.stats["seconds_by_layer"] = timings
    report.stats["rows"] = {name: len(pkg.table(name)) for name in readable if name in pkg.resources}
    return report
