"""Whole-process wall time and peak RSS of `xinfang validate` on the real package (median of N runs):
with Data Docs (`--data-docs DIR`, as `nox -s validate` and CI ask: Great Expectations runs the
plausibility suite and writes them), without (the CLI's default: the same suite evaluated with
pandas), and without the plausibility layer.

Prints a table and writes build/bench_gate.json. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def one_run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall time, peak RSS (MB) of this run's process (and the children it waited for), exit code."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    exe = [sys.executable, "-m", "xinfang.cli", "validate", ".", "--format", "json"]
    docs = str(ROOT / "build" / "bench" / "data_docs")
    cases = {"xinfang validate (all layers, Data Docs)": [*exe, "--data-docs", docs], "xinfang validate (all layers, no Data Docs)": exe,
             "xinfang validate (no plausibility)": [*exe, "--skip", "plausibility"]}
    results = {}
    for name, cmd in cases.items():
        runs = [one_run(cmd) for _ in range(RUNS)]
        results[name] = {"median_wall_s": round(statistics.median(r[0] for r in runs), 2),
                         "peak_rss_mb": round(max(r[1] for r in runs), 1), "exit_codes": sorted({r[2] for r in runs})}
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    print(f"machine: {machine}")
    print(f"{'case':<45} {'median wall (s)':>16} {'peak RSS (MB)':>14}")
    for name, r in results.items():
        print(f"{name:<45} {r['median_wall_s']:>16} {r['peak_rss_mb']:>14}")
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench_gate.json").write_text(json.dumps({"machine": machine, "runs": RUNS, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
