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


def _who_ran(pkg: Package, ctx: Context, tag: str) -> Iterator[str]:
    yield tag


def test_a_claimable_job_runs_once_in_whichever_process_claims_it_first() -> None:
    """Jobs on the board run exactly once: the worker runs its own and claims those left; the main
    process claims one as it begins it (here before the worker could)."""
    ctx = Context(root=ROOT, readable=())
    shared = [Job("rules", _who_ran, (f"share {k}",), claim=k) for k in range(3)]
    with Pool(ctx, 1, claims=len(shared)) as pool:
        assert pool.claim(shared[2])  # the main process begins the last share before the worker starts
        pool.submit([Job("rules", _who_ran, ("own",)), *shared])
        here = run_serial(load_package(ROOT), ctx, [shared[2]])
        there = pool.outcomes()
        assert not [job for job in shared if pool.claim(job)]  # every one claimed: none left for the main process
    assert [o.found for o in there] == [["own"], ["share 0"], ["share 1"]] and all(o.in_worker for o in there)
    assert [o.found for o in here] == [["share 2"]]


def test_a_worker_that_dies_leaves_its_unclaimed_jobs_to_the_main_process() -> None:
    ctx = Context(root=ROOT, readable=())
    later = Job("rules", _who_ran, ("later",), claim=0)
    with Pool(ctx, 1, claims=1) as pool:
        pool.submit([Job("provenance", _exit), later])
        [crashed] = pool.outcomes()
        assert crashed.crash is not None and crashed.job.layer == "provenance"
        assert pool.claim(later)  # the worker died before claiming it: the main process runs it


def test_the_plan_on_two_cores_is_one_worker_and_claimable_shares() -> None:
    from xinfang.gate.validate import IDENTITY_SHARES, plan

    ctx = Context(root=ROOT, readable=())
    layers = {"structure", "rules", "plausibility", "provenance"}
    columns = {"budgets": ("amount",)}
    two = plan(ctx, layers, parallel=True, identity_columns=columns, cores=2)
    assert len(two.workers) == 1 and [j.label for j in two.main] == ["rules", "structure", "plausibility"]  # structure after the rules
    claimable = [j for j in two.jobs if j.claim is not None]
    assert len(claimable) == IDENTITY_SHARES + 1 and sorted(j.claim for j in claimable) == list(range(two.claims))
    assert sorted(j.claim for j in two.steal) == sorted(j.claim for j in claimable)  # each the worker's or the main process's
    assert all(j in two.workers[0] for j in claimable)
    four = plan(ctx, layers, parallel=True, identity_columns=columns, cores=4)
    assert len(four.workers) == 2 and all(j.columns == columns for j in four.workers[0])  # the identities' worker reads their columns only
    assert four.workers[0][0] == four.steal[-1]  # it claims the shares from the first, the others from the last
    serial = plan(ctx, layers, parallel=False)
    for p in (two, four):  # the same layers' jobs either way, the identities in shares
        assert sorted(j.label for j in p.jobs if j.layer != "rules" or j.label == "rules") == sorted(j.label for j in serial.jobs if j.label != "identities 1/1")
        assert sorted(j.params for j in p.jobs if j.label.startswith("identities")) == [((k, IDENTITY_SHARES),) for k in range(IDENTITY_SHARES)]
