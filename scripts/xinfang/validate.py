"""`xinfang validate`: every layer of the gate in one run."""

from __future__ import annotations

import time
from pathlib import Path

from .gate.provenance import check_provenance
from .gate.rules import check_rules
from .gate.safety import check_safety
from .gate.structure import check_structure
from .package import Package, load_package, unsafe_path_reason
from .problems import ERROR, NOTICE, Problem, Report

LAYERS = ("safety", "structure", "rules", "plausibility", "provenance")
SKIPPABLE = LAYERS[1:]  # safety always runs: it decides what the other layers may open


def default_sources(root: Path) -> Path | None:
    candidate = (root / ".." / "shared" / "sources").resolve()
    return candidate if candidate.is_dir() else None


# Above this much CSV, Great Expectations runs in a second process while the other layers run
# (its start-up and row checks overlap theirs; 2 cores at most). The real package stays in-process.
PARALLEL_MIN_BYTES = 5_000_000


def _warm_up() -> None:
    """Import Great Expectations in the worker while the main process reads and checks."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations  # noqa: F401


def _plausibility_in_worker(root: str, docs_dir: Path | None) -> list[Problem]:
    from .gate.plausibility import check_plausibility

    return list(check_plausibility(load_package(root), docs_dir))


def _data_bytes(pkg: Package) -> int:
    total = 0
    for res in pkg.resources.values():
        path = pkg.root / res.path
        if unsafe_path_reason(res.path) is None and path.is_file():
            total += path.stat().st_size
    return total


def run_gate(root: str | Path, sources: Path | None = None, docs_dir: Path | None = None,
             skip: tuple[str, ...] = (), parallel: bool | None = None) -> Report:
    """Run every layer; never stop at the first problem. Raises PackageError when the package
    cannot be read at all. parallel: run the plausibility layer in a second process (default: for
    packages above PARALLEL_MIN_BYTES of CSV)."""
    root = Path(root)
    pkg = load_package(root)
    pool = None
    if "plausibility" not in skip and (parallel if parallel is not None else _data_bytes(pkg) > PARALLEL_MIN_BYTES):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        pool.submit(_warm_up)
    report = Report(package=str(root))
    timings: dict[str, float] = {}

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

    if "safety" in skip:
        raise ValueError("the safety layer cannot be skipped: it decides which files the other layers may open")
    safety_problems, readable = check_safety(pkg)
    for p in safety_problems:
        report.add(p)
    report.layers["safety"] = "ran"
    layer("structure", lambda: check_structure(pkg, readable))
    layer("rules", lambda: check_rules(pkg, readable))
    needed = {"budgets", "projects", "petition_metrics", "reports", "staffing", "indicators"}
    future = None
    if needed <= set(readable):
        if pool is not None and "plausibility" not in skip:
            future = pool.submit(_plausibility_in_worker, str(root), docs_dir)
            report.layers["plausibility"] = "running"
        else:
            from .gate.plausibility import check_plausibility
            layer("plausibility", lambda: check_plausibility(pkg, docs_dir))
    else:
        report.layers["plausibility"] = "skipped: a core table could not be read"
    if sources is None:
        report.layers["provenance"] = "skipped: no sources folder (pass --sources DIR; default ../shared/sources beside the package)"
        report.add(Problem("datapackage.json", None, None, "provenance.skipped",
                           "provenance layer skipped: no sources folder found", "pass --sources DIR to check quotes and checksums", NOTICE, "provenance"))
    elif "reports" in readable:
        layer("provenance", lambda: check_provenance(pkg, sources))
    if future is not None:
        parallel_future = future
        layer("plausibility", lambda: parallel_future.result())  # the wait, not the work, is timed here
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
    report.stats["seconds_by_layer"] = timings
    report.stats["rows"] = {name: len(pkg.table(name)) for name in readable if name in pkg.resources}
    return report
