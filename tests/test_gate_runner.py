"""The gate runner: jobs as data, run in one process or in workers, pools closed on every path."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from xinfang.gate.runner import Context, Job, Pool, run_serial, start_method
from xinfang.package import Package, load_package


def _count_rows(pkg: Package, ctx: Context, table: str) -> Iterator[int]:
    yield len(pkg.table(table))


def _half_then_crash(pkg: Package, ctx: Context) -> Iterator[str]:
    yield "found before the crash"
    raise RuntimeError("a bug")


def _columns_seen(pkg: Package, ctx: Context, table: str) -> list[Any]:
    return [[c for c in pkg.table(table).columns]]


def _connect(pkg: Package, ctx: Context) -> Iterator[str]:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        s.connect(("127.0.0.1", 9))  # refused by the guard before any packet leaves
    yield "connected"


def test_a_worker_cannot_open_a_connection() -> None:
    """A worker is a fresh interpreter: the gate's no-network guard is installed there too."""
    with Pool(Context(root=ROOT, readable=()), 1) as pool:
        pool.submit([Job("rules", _connect)])
        [outcome] = pool.outcomes()
    assert outcome.found == [] and outcome.crash is not None and "PermissionError" in outcome.crash, outcome.crash


def test_workers_are_never_forked() -> None:
    assert start_method() in {"forkserver", "spawn"}


def test_a_job_gives_the_same_outcome_in_a_worker_as_in_one_process() -> None:
    ctx = Context(root=ROOT, readable=("budgets", "reports"))
    jobs = [Job("rules", _count_rows, ("budgets",)), Job("rules", _half_then_crash)]
    here = run_serial(load_package(ROOT), ctx, jobs)
    with Pool(ctx, 1) as pool:
        pool.submit(jobs)
        there = pool.outcomes()
    assert [(o.job, o.found, o.crash) for o in there] == [(o.job, o.found, o.crash) for o in here]
    assert here[1].found == ["found before the crash"] and here[1].crash == "RuntimeError('a bug')"
    assert all(o.in_worker for o in there) and not any(o.in_worker for o in here)
    assert not multiprocessing.active_children()


def test_a_worker_reads_only_the_columns_its_jobs_declare() -> None:
    ctx = Context(root=ROOT, readable=("budgets",))
    with Pool(ctx, 1) as pool:
        pool.submit([Job("plausibility", _columns_seen, ("budgets",), columns={"budgets": ("amount",)})])
        (outcome,) = pool.outcomes()
    assert outcome.found == [["__line__", "amount"]]


def test_the_pool_is_closed_when_the_main_process_fails(tmp_path: Path) -> None:
    ctx = Context(root=ROOT, readable=("budgets",))
    with pytest.raises(KeyError), Pool(ctx, 2) as pool:
        pool.submit([Job("rules", _count_rows, ("budgets",))])
        raise KeyError("the main process's own work failed")
    assert not multiprocessing.active_children()


def test_a_worker_that_dies_crashes_its_jobs() -> None:
    ctx = Context(root=ROOT, readable=("budgets",))
    with Pool(ctx, 1) as pool:
        pool.submit([Job("provenance", _exit)])
        (outcome,) = pool.outcomes()
    assert outcome.crash is not None and outcome.found == []
    assert not multiprocessing.active_children()


def _exit(pkg: Package, ctx: Context) -> Iterator[str]:
    import os

    os._exit(3)
    yield "never"


def _sleep(pkg: Package, ctx: Context) -> Iterator[str]:
    import time

    time.sleep(60)
    yield "never"


SIGTERMED = """
import os, sys, time
from pathlib import Path
from xinfang.gate.runner import Context, Job, Pool
sys.path.insert(0, sys.argv[2])
from test_gate_runner import _sleep
if __name__ == "__main__":
    with Pool(Context(root=Path(sys.argv[1]), readable=()), 1) as pool:
        pool.submit([Job("rules", _sleep)])
        time.sleep(3)  # the worker has started its job
        print(" ".join(str(p) for p in pool._pool._processes), flush=True)
        time.sleep(60)
"""


def test_a_terminated_gate_leaves_no_worker_behind() -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-c", SIGTERMED, str(ROOT), str(Path(__file__).parent)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    workers = [int(p) for p in proc.stdout.readline().split()]
    assert workers
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    time.sleep(1)
    for pid in workers:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        raise AssertionError(f"worker {pid} outlived the gate")
