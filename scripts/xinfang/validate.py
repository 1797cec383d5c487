"""`xinfang validate`: every layer of the gate in one run."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .gate.limits import bounded, summarised
from .gate.provenance import check_provenance
from .gate.rules import CROSS_TABLE_NEEDS, check_identities, check_rules, identity_checks_if_readable
from .gate.safety import check_cells, check_files
from .gate.structure import check_structure
from .package import DESCRIPTOR, Package, PackageError, load_package, unsafe_path_reason
from .problems import ERROR, NOTICE, Problem, Report
from .safe_io import no_network

LAYERS = ("safety", "structure", "rules", "plausibility", "provenance")
SKIPPABLE = LAYERS[1:]  # safety always runs: it decides what the other layers may open


def default_sources(root: Path) -> Path | None:
    candidate = (root / ".." / "shared" / "sources").resolve()
    return candidate if candidate.is_dir() else None


# Above this much CSV, work runs in worker processes beside the main one (2 cores; the real
# package stays in one process):
# - plausibility (Great Expectations) in a process started first, before any table is read: its
#   start-up (importing GE) and its own reading of the columns it checks overlap the main work;
# - once the main process has read the tables, two processes forked from it (sharing the tables
#   copy-on-write): the safety layer's cell checks with provenance, and the identities of the
#   rules layer (their report slices shared by IDENTITY_WORKERS processes; the register of
#   anomalies is then checked against all their checks). The main process checks structure,
#   constraints and code rules meanwhile.
PARALLEL_MIN_BYTES = 5_000_000
IDENTITY_WORKERS = 1  # forked workers sharing the identities' report slices (2 cores: one; each fork costs copy-on-write faults)
PLAUSIBILITY_TABLES = {"budgets", "projects", "petition_metrics", "reports", "staffing", "indicators"}

_FORKED: dict[str, Any] = {}  # what a forked worker inherits from the main process


def _plausibility_in_worker(root: str, docs_dir: Path | None) -> list[Problem]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from .gate.plausibility import check_plausibility, columns_read

        pkg = load_package(root, strict=False)
        for table, columns in columns_read().items():
            pkg.read_columns(table, columns)
        return list(check_plausibility(pkg, docs_dir))


def _forked(layers: tuple[str, ...]) -> dict[str, tuple[list[Any], float, str | None]]:
    """Run layers on the package the main process had read: (problems, seconds, crash) per layer;
    for "identities k/n" the identity checks of that share instead of problems."""
    pkg, readable, sources = _FORKED["pkg"], _FORKED["readable"], _FORKED["sources"]
    jobs = {
        "safety": lambda: check_cells(pkg, readable),
        "provenance": lambda: check_provenance(pkg, sources, readable),
    }
    out: dict[str, tuple[list[Any], float, str | None]] = {}
    for name in layers:
        t = time.perf_counter()
        found: list[Any] = []  # what a layer found before it crashed is kept, as in one process
        crash = None
        try:
            if name.startswith("identities "):  # "identities k/n": the checks of a share of the report slices
                k, n = (int(x) for x in name.split()[1].split("/"))
                found.extend(identity_checks_if_readable(pkg, readable, (k, n)))
            else:
                for p in jobs[name]():
                    found.append(p)
        except Exception as exc:  # noqa: BLE001 - reported by the main process as the layer's crash
            crash = repr(exc)
        out[name] = (found, time.perf_counter() - t, crash)
    return out


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
    cannot be read at all. parallel: run plausibility, the cell checks of safety, provenance and
    the identities in worker processes (default: for packages above PARALLEL_MIN_BYTES of CSV).
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
            report.add(Problem(DESCRIPTOR, None, None, "safety.crashed", f"the gate could not finish: {exc!r}",
                               "this is a bug in the gate or a file it cannot parse: report it with this message", ERROR, "safety"))
            report.layers["safety"] = "crashed"
    report.problems = [bounded(p) for p in summarised(report.problems)]
    return report


def _run_gate(root: str | Path, sources: Path | None, docs_dir: Path | None, skip: tuple[str, ...], parallel: bool | None) -> Report:
    root = Path(root)
    pkg = load_package(root, strict=False)
    if "safety" in skip:
        raise ValueError("the safety layer cannot be skipped: it decides which files the other layers may open")
    if parallel is None:
        parallel = _data_bytes(pkg) > PARALLEL_MIN_BYTES
    report = Report(package=str(root))
    timings: dict[str, float] = {}
    futures: dict[str, Any] = {}
    pools: list[Any] = []

    def crashed(name: str, what: str) -> None:  # a layer that crashes is itself a finding
        report.add(Problem("datapackage.json", None, None, f"{name}.crashed", f"the {name} layer could not finish: {what}",
                           "this is a bug in the gate or a file it cannot parse: report it with this message", ERROR, name))
        report.layers[name] = "crashed"

    def layer(name: str, fn) -> None:  # type: ignore[no-untyped-def]
        if name in skip:
            report.layers[name] = "skipped (--skip)"
            return
        t = time.perf_counter()
        try:
            for p in fn():
                report.add(p)
            report.layers[name] = "ran"
        except Exception as exc:  # noqa: BLE001
            crashed(name, repr(exc))
        timings[name] = round(time.perf_counter() - t, 3)

    def in_worker(name: str, fn: Any, *args: Any) -> None:
        pool = _worker()
        pools.append(pool)
        futures[name] = pool.submit(fn, *args)

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
    run_provenance = "provenance" not in skip and sources is not None and "reports" in readable
    forked: list[tuple[str, ...]] = []
    if parallel:
        for name in readable:
            pkg.table(name)  # read before the forks, so the workers share the tables
        _FORKED.update(pkg=pkg, readable=readable, sources=sources)
        forked.append(("safety", "provenance") if run_provenance else ("safety",))
        if "rules" not in skip:
            forked.extend((f"identities {k}/{IDENTITY_WORKERS}",) for k in range(IDENTITY_WORKERS))
        for layers in forked:
            in_worker("+".join(layers), _forked, layers)
    else:
        for p in check_cells(pkg, readable):
            report.add(p)
    report.layers["safety"] = "ran"
    timings["safety"] = round(time.perf_counter() - t, 3)

    layer("structure", lambda: check_structure(pkg, readable))
    layer("rules", lambda: check_rules(pkg, readable, identities=not parallel))
    if plausible and "plausibility" not in futures and "plausibility" not in skip:
        from .gate.plausibility import check_plausibility
        layer("plausibility", lambda: check_plausibility(pkg, docs_dir))
    if sources is None:
        report.layers["provenance"] = "skipped: no sources folder (pass --sources DIR; default ../shared/sources beside the package)"
        report.add(Problem("datapackage.json", None, None, "provenance.skipped",
                           "provenance layer skipped: no sources folder found", "pass --sources DIR to check quotes and checksums", NOTICE, "provenance"))
    elif "provenance" in skip:
        report.layers["provenance"] = "skipped (--skip)"
    elif run_provenance and not parallel:
        layer("provenance", lambda: check_provenance(pkg, sources, readable))
    if "plausibility" in futures:
        plausibility = futures.pop("plausibility")
        layer("plausibility", lambda: plausibility.result())  # the wait, not the work, is timed here
    identity_checks: list[Any] = []
    identity_crash = None
    for layers in forked:
        try:
            results = futures["+".join(layers)].result()
        except Exception as exc:  # noqa: BLE001 - a worker that dies is a crash of its layers
            results = {name: ([], 0.0, repr(exc)) for name in layers}
        for name, (found, seconds, crash) in results.items():
            timings[f"{name} (worker)"] = round(seconds, 3)
            if name.startswith("identities "):
                identity_checks.extend(found)
                identity_crash = identity_crash or crash
                continue
            for p in found:
                report.add(p)
            if crash is not None:
                crashed(name, crash)
            elif name not in report.layers or report.layers[name] == "running":
                report.layers[name] = "ran"
    if identity_crash is not None:
        crashed("rules", identity_crash)
    elif CROSS_TABLE_NEEDS <= set(readable) and any(name.startswith("identities ") for layers in forked for name in layers):
        given = sorted(identity_checks, key=lambda c: c.check_id)
        for p in check_identities(pkg, given):  # the register (known, stale, unknown entries) against all shares
            report.add(p)
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)
    _FORKED.clear()
    report.layers = {name: report.layers[name] for name in LAYERS if name in report.layers}
    report.stats["seconds_by_layer"] = timings
    report.stats["rows"] = {name: len(pkg.table(name)) for name in readable if name in pkg.resources}
    return report
