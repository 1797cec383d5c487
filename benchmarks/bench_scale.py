"""National scale: the whole gate against the official frictionless validator on synthetic packages.

For each size (reports; default 1000 10000 30000) a synthetic package with known faults is
generated once (cached in build/bench/<seed>-<size>/), then, as whole processes, RUNS times each:
  xinfang validate PACKAGE --sources SOURCES   (all layers)
  frictionless validate datapackage.json       (the official CLI, on the same files)
Prints median wall time and peak RSS (the largest process: the gate's main process or its
Great Expectations worker), ratios, the time per report across sizes (linearity), and which
injected faults each tool reports against the manifest; frictionless cannot see identity,
provenance, plausibility, personal-data or code-rule faults, so it is compared on the kinds it
can check. Writes build/bench/bench_scale.json. A benchmark, not a test: it asserts nothing.

Usage: python benchmarks/bench_scale.py [SIZE ...]   (env BENCH_RUNS, BENCH_SEED, BENCH_FAULTS)
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SEED = int(os.environ.get("BENCH_SEED", "0"))
FRICTIONLESS_RULES = {"structure.type-error": {"type-error"}, "structure.primary-key": {"primary-key"},
                      "structure.foreign-key": {"foreign-key"}, "structure.unique-error": {"unique-error"}}


def faults_for(size: int) -> int:
    return int(os.environ.get("BENCH_FAULTS", str(max(20, min(200, size // 100)))))


def corpus(size: int) -> Path:
    out = OUT / f"{SEED}-{size}"
    if not (out / "faults.json").is_file():
        if out.exists():
            shutil.rmtree(out)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "xinfang.cli", "synth", "--reports", str(size), "--seed", str(SEED), "--out", str(out),
                        "--faults", str(faults_for(size))], check=True, cwd=ROOT)
        print(f"generated {out} in {time.perf_counter() - t:.1f} s", flush=True)
    return out


def one_run(cmd: list[str], cwd: Path, stdout_path: Path) -> tuple[float, float, int]:
    """Wall time and peak RSS (MB) of one child process, from wait4's rusage of that child (Linux
    folds in the peak of its own waited-for children, i.e. the gate's worker: the largest single
    process, not the sum of both)."""
    with stdout_path.open("w", encoding="utf-8") as out:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def run_case(cmd: list[str], cwd: Path, keep: Path) -> dict[str, Any]:
    runs = []
    for i in range(RUNS):
        runs.append(one_run(cmd, cwd, keep if i == 0 else keep.with_suffix(".last")))
    return {"median_wall_s": round(statistics.median(r[0] for r in runs), 2), "walls_s": [round(r[0], 2) for r in runs],
            "peak_rss_mb": round(max(r[1] for r in runs), 1), "exit_codes": sorted({r[2] for r in runs})}


def detection(manifest: list[dict[str, Any]], gate_json: Path, fl_json: Path) -> dict[str, Any]:
    gate = json.loads(gate_json.read_text(encoding="utf-8"))
    found = {(p["file"], p["line"], p["rule"]) for p in gate["problems"] if p["severity"] == "error"}
    fl = json.loads(fl_json.read_text(encoding="utf-8"))
    paths = {}
    for t in fl.get("tasks", []):
        paths[t.get("name")] = t.get("place") or t.get("resource", {}).get("path", "")
    fl_found = set()
    for t in fl.get("tasks", []):
        name = t.get("name")
        for e in t.get("errors", []):
            fl_found.add((name, e.get("rowNumber"), e.get("type")))
    out: dict[str, Any] = {"faults": len(manifest), "gate_found": 0, "gate_missed": [], "frictionless_visible": 0, "frictionless_found": 0,
                           "frictionless_missed": [], "gate_found_of_frictionless_visible": 0}
    for m in manifest:
        hit = (m["file"], m["line"], m["rule"]) in found
        out["gate_found"] += hit
        if not hit:
            out["gate_missed"].append(m)
        if m["frictionless"]:
            out["frictionless_visible"] += 1
            out["gate_found_of_frictionless_visible"] += hit
            table = Path(m["file"]).stem
            kinds = FRICTIONLESS_RULES.get(m["rule"], {"constraint-error"})
            fl_hit = any((table, m["line"], k) in fl_found for k in kinds)
            out["frictionless_found"] += fl_hit
            if not fl_hit:
                out["frictionless_missed"].append(m)
    return out


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        kib = int(Path("/proc/meminfo").read_text(encoding="utf-8").split()[1])
        return round(kib / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None


def main(sizes: list[int]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    machine = {"cpus": os.cpu_count(), "cpu_model": _cpu_model(), "memory_gib": _memory_gib(), "python": platform.python_version(),
               "platform": platform.platform(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    results: dict[str, Any] = {}
    exe = shutil.which("xinfang") or "xinfang"
    fl = shutil.which("frictionless") or "frictionless"
    for size in sizes:
        out = corpus(size)
        pkg, src = out / "package", out / "sources"
        manifest = json.loads((out / "faults.json").read_text(encoding="utf-8"))
        rows = sum(max(0, sum(1 for _ in p.open(encoding="utf-8")) - 1) for p in (pkg / "data").glob("*.csv"))
        tmp = Path(tempfile.mkdtemp(prefix="bench-", dir=OUT))
        gate = run_case([exe, "validate", str(pkg), "--sources", str(src), "--format", "json", "--data-docs", ""], ROOT, tmp / "gate.json")
        print(f"{size:>6} reports  xinfang validate      {gate['median_wall_s']:>7} s  {gate['peak_rss_mb']:>7} MB  runs {gate['walls_s']}", flush=True)
        frl = run_case([fl, "validate", "datapackage.json", "--json"], pkg, tmp / "frictionless.json")
        print(f"{size:>6} reports  frictionless validate {frl['median_wall_s']:>7} s  {frl['peak_rss_mb']:>7} MB  runs {frl['walls_s']}", flush=True)
        gate_doc = json.loads((tmp / "gate.json").read_text(encoding="utf-8"))
        results[str(size)] = {"reports": size, "rows": rows, "faults": len(manifest), "xinfang": gate, "frictionless": frl,
                              "speedup": round(frl["median_wall_s"] / gate["median_wall_s"], 2),
                              "gate_seconds_by_layer_first_run": gate_doc["stats"].get("seconds_by_layer"),
                              "detection": detection(manifest, tmp / "gate.json", tmp / "frictionless.json")}
        shutil.rmtree(tmp)
        save(machine, results)  # after every size: an interrupted run keeps what it measured
    print()
    print(f"machine: {machine}; runs per case: {RUNS}")
    print(f"{'reports':>8} {'rows':>10} {'gate s':>8} {'gate MB':>8} {'fl s':>8} {'fl MB':>8} {'fl/gate':>8} {'gate ms/report':>15} "
          f"{'gate found':>11} {'fl found (visible)':>19}")
    for r in results.values():
        d = r["detection"]
        print(f"{r['reports']:>8} {r['rows']:>10} {r['xinfang']['median_wall_s']:>8} {r['xinfang']['peak_rss_mb']:>8} "
              f"{r['frictionless']['median_wall_s']:>8} {r['frictionless']['peak_rss_mb']:>8} {r['speedup']:>8} "
              f"{1000 * r['xinfang']['median_wall_s'] / r['reports']:>15.2f} {d['gate_found']:>5}/{d['faults']:<5} "
              f"{d['frictionless_found']:>9}/{d['frictionless_visible']:<9}")
    for size, r in results.items():
        print(f"  {size}: gate layers (s, first run) {r['gate_seconds_by_layer_first_run']}")
    if len(results) >= 2:
        xs = [r["reports"] for r in results.values()]
        ys = [r["xinfang"]["median_wall_s"] for r in results.values()]
        n = len(xs)
        mx, my = sum(xs) / n, sum(ys) / n
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
        fit = {"seconds_per_1000_reports": round(1000 * slope, 3), "intercept_s": round(my - slope * mx, 2)}
        print(f"linear fit of the gate's wall time: {fit['intercept_s']} s + {fit['seconds_per_1000_reports']} s per 1000 reports")
        results["linear_fit"] = fit
    national = results.get("30000")
    if isinstance(national, dict) and "xinfang" in national:
        goals = {
            "gate_within_15_s": national["xinfang"]["median_wall_s"] <= 15,
            "gate_within_1.5_GB": national["xinfang"]["peak_rss_mb"] <= 1536,
            "at_least_3x_faster_than_frictionless": national["speedup"] >= 3,
            "no_injected_fault_missed": not national["detection"]["gate_missed"],
        }
        print("goals at 30,000 reports: " + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in goals.items()))
        results["goals_at_30000"] = goals
    save(machine, results)


def save(machine: dict[str, Any], results: dict[str, Any]) -> None:
    (OUT / "bench_scale.json").write_text(json.dumps({"machine": machine, "runs": RUNS, "seed": SEED, "results": results}, indent=2) + "\n",
                                          encoding="utf-8")
    print(f"wrote {OUT / 'bench_scale.json'}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 30000])
