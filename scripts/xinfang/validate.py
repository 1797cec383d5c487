"""`xinfang validate`: every layer of the gate in one run."""

from __future__ import annotations

import time
from pathlib import Path

from .gate.provenance import check_provenance
from .gate.rules import check_rules
from .gate.safety import check_safety
from .gate.structure import check_structure
from .package import load_package
from .problems import ERROR, NOTICE, Problem, Report

LAYERS = ("safety", "structure", "rules", "plausibility", "provenance")
SKIPPABLE = LAYERS[1:]  # safety always runs: it decides what the other layers may open


def default_sources(root: Path) -> Path | None:
    candidate = (root / ".." / "shared" / "sources").resolve()
    return candidate if candidate.is_dir() else None


def run_gate(root: str | Path, sources: Path | None = None, docs_dir: Path | None = None,
             skip: tuple[str, ...] = ()) -> Report:
    """Run every layer; never stop at the first problem. Raises PackageError when the package
    cannot be read at all."""
    root = Path(root)
    pkg = load_package(root)
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
    if needed <= set(readable):
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
    report.stats["seconds_by_layer"] = timings
    report.stats["rows"] = {name: len(pkg.table(name)) for name in readable if name in pkg.resources}
    return report
