"""Running the gate's jobs: in one process, or in a pool of worker processes.

A job is data: the layer whose findings it returns, a module-level function that computes them
from a Package and the run's Context, its parameters, and what it reads (the columns, when it
needs only a few; otherwise the tables it touches, read when first touched). What the processes
share is a board of claims and the tables handed over (gate/shared_tables.py: each table parsed
once, by the process that claims it first, and mapped by the other); a worker gets the Context and
its jobs, reads what it is not handed and sends back each job's Outcome (what it found, how long it took, and why it crashed, if it did:
what a job found before it crashed is kept, in a worker as in one process).

A job may also be claimable (``Job.claim``): one that several processes can run on what they have
read, run by whichever claims it first (a ``Board`` of claims the processes share). Each process
runs its own jobs, then claims those of the others it can take, so that the processes end about
together whatever each job costs; a claimable job runs exactly once, and its outcome is the same
wherever it ran.

Workers are started with forkserver where the platform has it and spawn elsewhere (Windows), never
fork: forking a process whose pyarrow has started threads can deadlock (Python 3.12 warns). The
pool is shut down on every path, an exception included.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..package import Package, load_package
from ..safe_io import no_network
from .collector import freeze_imported
from .shared_tables import SharedTables


@dataclass(frozen=True)
class Context:
    """What every job of one gate run may read: passed to workers as it is."""

    root: Path
    readable: tuple[str, ...]  # the tables the safety layer let through
    sources: Path | tuple[Path, ...] | None = None  # the folders of source texts, searched in order
    docs_dir: Path | None = None


@dataclass(frozen=True)
class Job:
    layer: str  # whose findings these are; a crash is reported as this layer's
    run: Callable[..., Iterable[Any]]  # run(pkg, ctx, *params): module-level, so a worker can import it
    params: tuple[Any, ...] = ()
    columns: Mapping[str, tuple[str, ...]] | None = None  # a job that reads only these columns of these tables
    name: str = ""  # how its timing is labelled (default: the layer)
    claim: int | None = None  # claimable: its place on the run's Board (run by the first process to claim it)

    @property
    def label(self) -> str:
        return self.name or self.layer


@dataclass
class Outcome:
    job: Job
    found: list[Any] = field(default_factory=list)
    seconds: float = 0.0
    crash: str | None = None
    in_worker: bool = False


def run_job(pkg: Package, ctx: Context, job: Job) -> Outcome:
    out = Outcome(job)
    t = time.perf_counter()
    try:
        for item in job.run(pkg, ctx, *job.params):
            out.found.append(item)
    except Exception as exc:  # noqa: BLE001 - a job that crashes is itself a finding of its layer
        out.crash = repr(exc)
    out.seconds = round(time.perf_counter() - t, 3)
    return out


def run_serial(pkg: Package, ctx: Context, jobs: Iterable[Job]) -> list[Outcome]:
    """The jobs one after another on the given package (its tables read once, shared by all)."""
    return [run_job(pkg, ctx, job) for job in jobs]


MAIN = 1  # who holds a claim on the Board: the main process, or the worker of batch k (WORKER + k)
WORKER = 2


class Board:
    """The claims on a run's claimable jobs, shared by its processes: place i holds who claimed
    job i (0: nobody yet). Claiming is atomic (the board's lock)."""

    def __init__(self, places: int, mp: Any = None) -> None:
        self._claims = (mp or multiprocessing).Array("i", max(places, 1))

    def claim(self, place: int, who: int) -> bool:
        """Claim the place for who: whether it was free (False: a process claimed it before)."""
        with self._claims.get_lock():
            if self._claims[place] != 0:
                return False
            self._claims[place] = who
            return True

    def holder(self, place: int) -> int:
        return int(self._claims[place])


_BOARD: list[Board] = []  # in a worker: the run's board (set when the worker starts)
_TABLES: list[SharedTables] = []  # in a worker: the tables the run's processes hand over (gate/shared_tables.py), if any


def _start_worker(board: Board, tables: SharedTables | None = None) -> None:
    freeze_imported()  # forked from the server, which imported the gate's modules: not traversed again
    _BOARD.append(board)
    if tables is not None:
        _TABLES.append(tables)


def run_batch(ctx: Context, jobs: tuple[Job, ...], who: int = WORKER) -> list[Outcome]:
    """In a worker: the package read afresh, then the jobs one after another on it (a claimable
    job only when this worker claims it first), under the same guard as the main process (a
    worker is a fresh interpreter: the audit hook is not inherited)."""
    with no_network():
        return _run_batch(ctx, jobs, who)


def _run_batch(ctx: Context, jobs: tuple[Job, ...], who: int) -> list[Outcome]:
    pkg = load_package(ctx.root, strict=False)
    columns: dict[str, list[str]] = {}
    for job in jobs:
        if job.columns is None:
            columns.clear()
            break
        for table, cols in job.columns.items():
            columns.setdefault(table, [])
            columns[table] += [c for c in cols if c not in columns[table]]
    for table, wanted in columns.items():  # every job of the batch reads only some columns: only those are read
        if table in ctx.readable:
            pkg.read_columns(table, wanted)
    if not columns and _TABLES:  # whole tables: those the main process has not parsed yet are parsed here from the last on
        pkg.shared = _TABLES[-1]
        pkg.shared.prefetch(pkg, reversed(ctx.readable))
    outcomes = []
    for job in jobs:
        if job.claim is not None and not (_BOARD and _BOARD[-1].claim(job.claim, who)):
            continue  # another process claimed it first
        outcomes.append(run_job(pkg, ctx, job))
    for o in outcomes:
        o.in_worker = True
    return outcomes


def start_method() -> str:
    """forkserver where the platform has it (Linux, macOS), spawn elsewhere (Windows)."""
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def _preloaded(preload: tuple[str, ...]) -> list[str]:
    """What the forkserver imports before it forks a worker: the runner, then these modules."""
    return ["xinfang.gate.runner", *preload]


def warm_up(preload: tuple[str, ...] = ()) -> None:
    """Start the forkserver now, where the platform has one: it imports its modules meanwhile (half
    a second), so that a Pool made later forks its workers at once. Nothing elsewhere (spawn)."""
    mp = multiprocessing.get_context(start_method())
    if mp.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    mp.set_forkserver_preload(_preloaded(preload))
    forkserver.ensure_running()


class Pool:
    """Batches of jobs in worker processes, one process per batch. A context manager: the
    processes are shut down on leaving it, whatever happened."""

    def __init__(self, ctx: Context, workers: int, preload: tuple[str, ...] = (), claims: int = 0, share: Iterable[str] = ()) -> None:
        """share: the tables the processes hand over (gate/shared_tables.py; with forkserver only):
        self.tables, for the main process's package."""
        self.ctx = ctx
        self._share = tuple(share)
        self.tables: SharedTables | None = None
        self._preload = _preloaded(preload)
        self._pool: ProcessPoolExecutor | None = None
        self._workers = max(1, workers)
        self._claims = claims
        self.board: Board | None = None
        self._batches: list[tuple[tuple[Job, ...], int, Future[list[Outcome]]]] = []
        self._previous_sigterm: Any = None

    def __enter__(self) -> Pool:
        mp = multiprocessing.get_context(start_method())
        if mp.get_start_method() == "forkserver":
            mp.set_forkserver_preload(self._preload)  # the server imports these once; each worker is forked from it
        self.board = Board(self._claims, mp)
        if threading.current_thread() is threading.main_thread():  # a SIGTERM from here on leaves through __exit__, which stops the workers
            self._previous_sigterm = signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            if self._share and mp.get_start_method() == "forkserver":
                try:
                    self.tables = SharedTables(self._share, mp).__enter__()
                    self.tables.alive = self._alive
                except OSError:  # no shared memory for its board (no space, no handles): each process reads the tables itself
                    self.tables = None
            self._pool = ProcessPoolExecutor(max_workers=self._workers, mp_context=mp, initializer=_start_worker, initargs=(self.board, self.tables))
        except BaseException as failed:  # no pool, or a signal while it starts: the tables' files closed, the handler put back
            self.__exit__(type(failed))
            raise
        return self

    def submit(self, jobs: Iterable[Job]) -> None:
        assert self._pool is not None, "use Pool as a context manager"
        batch = tuple(jobs)
        if batch:
            who = WORKER + len(self._batches)
            self._batches.append((batch, who, self._pool.submit(run_batch, self.ctx, batch, who)))

    def claim(self, job: Job) -> bool:
        """Whether the main process may run this job: it is not claimable, or the main process claims it first."""
        assert self.board is not None, "use Pool as a context manager"
        return job.claim is None or self.board.claim(job.claim, MAIN)

    def outcomes(self) -> list[Outcome]:
        """The outcomes of the jobs the workers ran, in the order submitted; a worker that died crashes
        its jobs (of its claimable ones, those it had claimed). A claimable job nobody claimed (its
        worker died first) the main process may still claim (claim)."""
        out: list[Outcome] = []
        for batch, who, future in self._batches:
            try:
                out.extend(future.result())
            except Exception as exc:  # noqa: BLE001 - the worker process died or its result could not be sent
                assert self.board is not None
                out.extend(Outcome(job, crash=repr(exc), in_worker=True) for job in batch if job.claim is None or self.board.holder(job.claim) == who)
        return out

    def _alive(self) -> bool:
        """Whether every worker process still runs (a table one of them parses will be handed over)."""
        try:
            processes = list((getattr(self._pool, "_processes", None) or {}).values())
            return len(processes) >= len(self._batches) and all(process.is_alive() for process in processes)
        except RuntimeError:  # the executor changed its processes meanwhile (one died): not waited for
            return False

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            if self._pool is not None:
                if exc_type is not None:  # a failure or a signal: the workers are stopped, not waited for
                    for process in list((getattr(self._pool, "_processes", None) or {}).values()):
                        process.terminate()
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
        finally:
            if self.tables is not None:
                self.tables.__exit__(None, None, None)
                self.tables = None
            if self._previous_sigterm is not None:
                signal.signal(signal.SIGTERM, self._previous_sigterm)
                self._previous_sigterm = None


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
