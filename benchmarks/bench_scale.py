"""The gate against `frictionless validate` and against the cost of reading, from the real package to national scale.

Sizes: "real" (this package, with ../shared/sources) and numbers of synthetic reports (default
real 1000 10000 30000; a larger one when asked for: synth writes distinct reports up to its 2,800
units × 11 years × 4 report types = 123,200, so 100000 runs). A synthetic package with known faults is generated
once per size (cached in build/bench/<seed>-<size>/). Per size, as whole processes and interleaved
(gate, frictionless, floor, gate, … so that a change in the machine's load hits all three alike):
  read floor              a plain pyarrow read of every table (a fresh process: Python, imports, read)
  xinfang validate        all five layers, provenance included, no Data Docs, as it runs by default: no
                          verdicts kept between runs (what CI and a contributor's run meet)
  gate, verdicts kept     beside it, the same with the opt-in cache of frictionless's profile verdicts
                          (XINFANG_CACHE_DIR, gate/profiles.py; an untimed run fills it first); up to
                          BENCH_COLD_MAX reports, default 10,000
  frictionless validate   the official CLI on the same datapackage.json
Every tool runs from bytecode (xinfang's modules are compiled first, as an installed wheel's are:
with PYTHONDONTWRITEBYTECODE set, an editable install would compile them on every run).
Prints the median wall time of each and its CPU time (user + system, the process and the children
it waited for: less sensitive to the machine's load than the wall time), the peak memory of the largest process of the gate's process
tree (its workers included), each layer's time (first run), the ratios, the cost per report,
which injected faults each tool reports against the manifest, and whether each goal of issue 14
is met. Every ratio is taken between medians of the same run of this script. Writes
build/bench/bench_scale.json. A benchmark, not a test: it asserts nothing.

Usage: python benchmarks/bench_scale.py [SIZE ...]
  env BENCH_RUNS (runs per case up to 10,000 reports, default 3), BENCH_RUNS_LARGE (above, default 1),
  BENCH_FRICTIONLESS_MAX (largest size frictionless is run at, default 30000: it takes minutes beyond),
  BENCH_COLD_MAX (largest size the gate is also run with its verdicts kept, default 10000),
  BENCH_SEED, BENCH_FAULTS.
"""

from __future__ import annotations

import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench"
SOURCES = (ROOT / ".." / "shared" / "sources").resolve()
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
RUNS_LARGE = int(os.environ.get("BENCH_RUNS_LARGE", "1"))
FRICTIONLESS_MAX = int(os.environ.get("BENCH_FRICTIONLESS_MAX", "30000"))
COLD_MAX = int(os.environ.get("BENCH_COLD_MAX", "10000"))
SEED = int(os.environ.get("BENCH_SEED", "0"))
FRICTIONLESS_RULES = {"structure.type": {"type-error"}, "structure.primary_key": {"primary-key"},
                      "structure.foreign_key": {"foreign-key"}, "structure.unique": {"unique-error"}}
MEMORY_LIMIT_MB = 1536
CACHE_ENV = "XINFANG_CACHE_DIR"  # where the gate keeps frictionless's verdicts between runs (xinfang.gate.profiles)
FLOOR = """
import json, sys
from pathlib import Path
import pyarrow.csv as pacsv
root = Path(sys.argv[1])
rows = 0
for res in json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
    rows += pacsv.read_csv(root / res["path"]).num_rows
print(rows)
"""


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


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def one_run(cmd: list[str], cwd: Path, stdout_path: Path, env: dict[str, str] | None = None) -> tuple[float, float, int, float]:
    """Wall time, the peak RSS (MB) of the largest process of the child's tree (sampled from
    /proc every 50 ms: the gate's worker processes are not all waited for by the main one), the
    exit code, and the CPU time (user + system of the child and the children it waited for)."""
    peaks: dict[int, int] = {}
    with stdout_path.open("w", encoding="utf-8") as out:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, env=env)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                for p in _tree(proc.pid):
                    peaks[p] = max(peaks.get(p, 0), _peak_kb(p))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        if Path("/proc").is_dir():
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        done.set()
        if sampler.is_alive():
            sampler.join()
    largest = max([usage.ru_maxrss, *peaks.values()])  # ru_maxrss: the child and the children it waited for
    return wall, largest / 1024, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def summary(runs: list[tuple[float, float, int, float]]) -> dict[str, Any]:
    return {"median_wall_s": round(statistics.median(r[0] for r in runs), 2), "walls_s": [round(r[0], 2) for r in runs],
            "median_cpu_s": round(statistics.median(r[3] for r in runs), 2),
            "peak_rss_mb": round(max(r[1] for r in runs), 1), "exit_codes": sorted({r[2] for r in runs})}


def detection(manifest: list[dict[str, Any]], gate_json: Path, fl_json: Path | None) -> dict[str, Any]:
    gate = json.loads(gate_json.read_text(encoding="utf-8"))
    found = {(p["file"], p["line"], p["rule"]) for p in gate["problems"] if p["severity"] == "error"}
    fl_found = set()
    if fl_json is not None:
        for t in json.loads(fl_json.read_text(encoding="utf-8")).get("tasks", []):
            for e in t.get("errors", []):
                fl_found.add((t.get("name"), e.get("rowNumber"), e.get("type")))
    out: dict[str, Any] = {"faults": len(manifest), "gate_found": 0, "gate_missed": [], "frictionless_visible": 0, "frictionless_found": 0,
                           "frictionless_missed": []}
    for m in manifest:
        hit = (m["file"], m["line"], m["rule"]) in found
        out["gate_found"] += hit
        if not hit:
            out["gate_missed"].append(m)
        if m["frictionless"]:
            out["frictionless_visible"] += 1
            kinds = FRICTIONLESS_RULES.get(m["rule"], {"constraint-error"})
            fl_hit = any((Path(m["file"]).stem, m["line"], k) in fl_found for k in kinds)
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


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure(size: str) -> dict[str, Any]:
    if size == "real":
        pkg, src, manifest = ROOT, SOURCES, []
        reports = max(1, sum(1 for _ in (ROOT / "data" / "reports.csv").open(encoding="utf-8")) - 1)
    else:
        out = corpus(int(size))
        pkg, src, reports = out / "package", out / "sources", int(size)
        manifest = json.loads((out / "faults.json").read_text(encoding="utf-8"))
    runs = RUNS if reports <= 10_000 else RUNS_LARGE
    with_frictionless = reports <= FRICTIONLESS_MAX
    tmp = Path(tempfile.mkdtemp(prefix="bench-", dir=OUT))
    exe = os.path.abspath(shutil.which("xinfang") or "xinfang")  # absolute: frictionless runs in the package's folder
    fl = os.path.abspath(shutil.which("frictionless") or "frictionless")
    gate_cmd = [exe, "validate", str(pkg), "--sources", str(src), "--format", "json", "--data-docs", ""]
    warm = tmp / "verdicts-kept"
    cases = {"gate": (gate_cmd, ROOT, {**os.environ, CACHE_ENV: ""})}  # the default: no verdicts kept between runs
    if reports <= COLD_MAX:
        cases["gate_kept"] = (gate_cmd, ROOT, {**os.environ, CACHE_ENV: str(warm)})  # opt-in: frictionless's verdicts kept
    cases["floor"] = ([sys.executable, "-c", FLOOR, str(pkg)], ROOT, None)
    if with_frictionless:
        cases["frictionless"] = ([fl, "validate", "datapackage.json", "--json"], pkg, None)
    if "gate_kept" in cases:  # fills the kept verdicts
        subprocess.run(gate_cmd, cwd=ROOT, env=cases["gate_kept"][2], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    load_before = _load()
    measured: dict[str, list[tuple[float, float, int, float]]] = {name: [] for name in cases}
    for i in range(runs):
        for name, (cmd, cwd, env) in cases.items():
            measured[name].append(one_run(cmd, cwd, tmp / (f"{name}.json" if i == 0 else f"{name}.last"), env))
            wall, mb, _, cpu = measured[name][-1]
            print(f"{size:>6}  run {i + 1}/{runs}  {name:<13} {wall:>8.2f} s  {cpu:>6.2f} s CPU  {mb:>7.0f} MB  load {_load()[0]}", flush=True)
    r: dict[str, Any] = {name: summary(m) for name, m in measured.items()}
    gate_doc = json.loads((tmp / "gate.json").read_text(encoding="utf-8"))
    r.update(reports=reports, rows=sum(gate_doc["stats"].get("rows", {}).values()), load_average=[load_before, _load()],
             layers_first_run=gate_doc["stats"].get("seconds_by_layer"), gate_errors=gate_doc["errors"],
             ms_per_report=round(1000 * r["gate"]["median_wall_s"] / reports, 3),
             gate_over_floor=round(r["gate"]["median_wall_s"] / r["floor"]["median_wall_s"], 2))
    if with_frictionless:
        r["frictionless_over_gate"] = round(r["frictionless"]["median_wall_s"] / r["gate"]["median_wall_s"], 2)
        r["frictionless_over_gate_cpu"] = round(r["frictionless"]["median_cpu_s"] / max(r["gate"]["median_cpu_s"], 1e-9), 2)
        if "gate_kept" in r:
            r["frictionless_over_gate_kept"] = round(r["frictionless"]["median_wall_s"] / r["gate_kept"]["median_wall_s"], 2)
            r["frictionless_over_gate_kept_cpu"] = round(r["frictionless"]["median_cpu_s"] / max(r["gate_kept"]["median_cpu_s"], 1e-9), 2)
    if manifest:
        r["detection"] = detection(manifest, tmp / "gate.json", tmp / "frictionless.json" if with_frictionless else None)
    shutil.rmtree(tmp)
    return r


def goals(results: dict[str, dict[str, Any]]) -> dict[str, bool | None]:
    """Issue 14's goals, each met (True), not (False), or not measured in this run (None)."""
    def ratio(size: str, key: str) -> float | None:
        return results[size].get(key) if size in results else None

    out: dict[str, bool | None] = {}
    for size in ("real", "1000"):
        fg, kept = ratio(size, "frictionless_over_gate"), ratio(size, "frictionless_over_gate_kept")
        out[f"{size}: gate no slower than frictionless"] = None if fg is None else fg >= 1
        out[f"{size}: (beside the goal) gate with the opt-in verdict cache no slower than frictionless"] = None if kept is None else kept >= 1
    fg, gf = ratio("30000", "frictionless_over_gate"), ratio("30000", "gate_over_floor")
    out["30000: at least 10x faster than frictionless"] = None if fg is None else fg >= 10
    out["30000: within 5x of the read floor"] = None if gf is None else gf <= 5
    out["30000: largest process within 1.5 GB"] = None if "30000" not in results else results["30000"]["gate"]["peak_rss_mb"] <= MEMORY_LIMIT_MB
    big = [s for s in results if s.isdigit() and int(s) > 30000]
    if "30000" in results and big:
        # linear: the cost per report does not grow from 30,000 reports to the largest size (10% for noise)
        out[f"linear to {max(big, key=int)}"] = results[max(big, key=int)]["ms_per_report"] <= 1.1 * results["30000"]["ms_per_report"]
    else:
        out["linear to 100000"] = None
    for size, r in results.items():
        d = r.get("detection")
        if d is not None:
            out[f"{size}: every injected fault found"] = not d["gate_missed"]
    return out


def report(machine: dict[str, Any], results: dict[str, dict[str, Any]]) -> None:
    print()
    print(f"machine: {machine}")
    head = (f"{'size':>6} {'reports':>8} {'rows':>10} {'floor s':>8} {'gate s':>8} {'gate MB':>8} {'fl s':>8} {'fl MB':>7} "
            f"{'fl/gate':>8} {'gate/floor':>10} {'ms/report':>10} {'faults gate':>12} {'fl (visible)':>13} {'load start→end':>22}")
    print(head)
    for size, r in results.items():
        fl = r.get("frictionless")
        d = r.get("detection")
        print(f"{size:>6} {r['reports']:>8} {r['rows']:>10} {r['floor']['median_wall_s']:>8} {r['gate']['median_wall_s']:>8} "
              f"{r['gate']['peak_rss_mb']:>8} {fl['median_wall_s'] if fl else '-':>8} {fl['peak_rss_mb'] if fl else '-':>7} "
              f"{r.get('frictionless_over_gate', '-'):>8} {r['gate_over_floor']:>10} {r['ms_per_report']:>10} "
              f"{(str(d['gate_found']) + '/' + str(d['faults'])) if d else '-':>12} "
              f"{(str(d['frictionless_found']) + '/' + str(d['frictionless_visible'])) if d and fl else '-':>13} "
              f"{str(r['load_average'][0][0]) + '→' + str(r['load_average'][1][0]):>22}")
    for size, r in results.items():
        if "frictionless_over_gate" in r:
            kept = r.get("gate_kept", {})
            print(f"  {size}: wall s (median) gate {r['gate']['median_wall_s']}, gate with verdicts kept {kept.get('median_wall_s', '-')}, "
                  f"frictionless {r['frictionless']['median_wall_s']}; CPU s (median) gate {r['gate']['median_cpu_s']}, gate with verdicts kept "
                  f"{kept.get('median_cpu_s', '-')}, frictionless {r['frictionless']['median_cpu_s']}, floor {r['floor']['median_cpu_s']}; "
                  f"frictionless / gate: wall {r['frictionless_over_gate']} (verdicts kept {r.get('frictionless_over_gate_kept', '-')}), "
                  f"CPU {r['frictionless_over_gate_cpu']} (verdicts kept {r.get('frictionless_over_gate_kept_cpu', '-')})")
    for size, r in results.items():
        print(f"  {size}: layers (s, first run; '(worker)' ran beside the main process) {r['layers_first_run']}")
    print()
    for goal, met in goals(results).items():
        print(f"  goal {goal}: {'met' if met else 'NOT met' if met is False else 'not measured in this run'}")


def save(machine: dict[str, Any], results: dict[str, Any]) -> None:
    doc = {"machine": machine, "runs": RUNS, "runs_large": RUNS_LARGE, "seed": SEED, "results": results, "goals": goals(results)}
    (OUT / "bench_scale.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'bench_scale.json'}", flush=True)


def main(sizes: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    compileall.compile_dir(str(ROOT / "scripts" / "xinfang"), quiet=1)  # bytecode, as an installed package has
    machine = {"cpus": os.cpu_count(), "cpu_model": _cpu_model(), "memory_gib": _memory_gib(), "python": platform.python_version(),
               "platform": platform.platform(), "load_average_at_start": _load()}
    results: dict[str, Any] = {}
    for size in sizes:
        if size == "real" and not SOURCES.is_dir():
            print(f"real: skipped, no sources at {SOURCES}")
            continue
        results[size] = measure(size)
        save(machine, results)  # after every size: an interrupted run keeps what it measured
    report(machine, results)
    save(machine, results)


if __name__ == "__main__":
    main(sys.argv[1:] or ["real", "1000", "10000", "30000"])
