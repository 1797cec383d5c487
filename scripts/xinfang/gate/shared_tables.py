"""The tables read once in a run with workers, and handed over between its processes.

Both processes of a two-core run read every table (the main one for the structure, rules and
identities, its worker for the cells and provenance): parsing a national package's CSV costs a
second and more of CPU in each. Here each table is parsed by the first process that claims it
(a place on a shared ``multiprocessing.Array``); that process writes pyarrow's table to an Arrow
IPC file in the run's own temporary folder, and the other maps that file (no copy, no parse)
instead of reading the CSV. The frame is the same either way: the same pyarrow table turned into
the same pandas frame (package.read_table_checked).

The processes read in opposite orders (the main one from the first table, the worker from the
last), so that each parses about half and they meet once; a process that needs a table the other
is still parsing waits for it, and reads the file itself when that process died, or when the
table could not be handed over (not a clean CSV: read with pandas; a write that failed).

The folder is made by the main process with ``tempfile.mkdtemp`` (on /dev/shm where there is
one: memory, not disk), its files are named by the table's position only (never by a name the
descriptor gives), nothing is read from it but those files, and it is removed on leaving
``SharedTables`` whatever happened (principle 8).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..package import Package, read_arrow, read_table_checked

FREE, READING, HANDED, OWN = 0, 1, 2, 3  # a table's state: nobody read it yet; one process parses it; in its file; read it yourself
WAIT_STEP = 0.002  # seconds between two looks at a table another process is parsing
SHM = Path("/dev/shm")


class SharedTables:
    """The run's tables handed over between its processes (see the module's docstring): made by
    the main process, a context manager (the folder removed on leaving it), passed to its workers
    (its state travels with them, as a Pool's initializer arguments do)."""

    def __init__(self, names: Iterable[str], mp: Any = None) -> None:
        self.names = tuple(names)
        self.folder: Path | None = None
        self._states = (mp or multiprocessing).Array("i", max(len(self.names), 1))
        self.alive: Callable[[], bool] = lambda: True  # whether the other processes still run (the main process sets it)

    def __enter__(self) -> SharedTables:
        self.folder = Path(tempfile.mkdtemp(prefix="xinfang-gate-", dir=SHM if SHM.is_dir() and os.access(SHM, os.W_OK) else None))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __getstate__(self) -> dict[str, Any]:
        return {"names": self.names, "folder": self.folder, "_states": self._states}

    def __setstate__(self, state: dict[str, Any]) -> None:  # in a worker: the main process runs while its server does
        self.__dict__.update(state)
        parent = os.getppid()
        self.alive = lambda: os.getppid() == parent

    def _path(self, i: int) -> Path:
        assert self.folder is not None
        return self.folder / f"{i}.arrow"

    def _claim(self, i: int) -> bool:
        with self._states.get_lock():
            if self._states[i] != FREE:
                return False
            self._states[i] = READING
            return True

    def _set(self, i: int, state: int) -> None:
        with self._states.get_lock():
            self._states[i] = state

    def free(self, name: str) -> bool:
        """Whether no process has begun reading the table."""
        return name in self.names and self._states[self.names.index(name)] == FREE

    def prefetch(self, pkg: Package, order: Iterable[str]) -> None:
        """Read, in this order, the tables no process has begun (the others are read when first needed).
        A table that cannot be read is left to the layer that reads it first (its crash, as without)."""
        for name in order:
            if self.free(name):
                try:
                    pkg.table(name)
                except Exception:  # noqa: BLE001 - reported by the job that needs it
                    continue

    def read(self, pkg: Package, name: str) -> tuple[Any, bool] | None:
        """read_table_checked's answer for the whole table: parsed here and handed over when this
        process claims it first, else taken from the other process's file. None: read the file
        here (not a table of the run's, not handed over, or its reader died)."""
        if self.folder is None or name not in self.names:
            return None
        i = self.names.index(name)
        res = pkg.resources[name]
        if self._claim(i):
            state = OWN
            try:
                table = read_arrow(pkg.root, res)
                if table is not None:
                    try:
                        _write(table, self._path(i))
                        state = HANDED
                    except Exception:  # noqa: BLE001 - not handed over (the folder's space …): the other process reads the file
                        pass
            except Exception:  # noqa: BLE001 - not readable: each process reads the file (and reports what is wrong)
                return None
            finally:
                self._set(i, state)
            return read_table_checked(pkg.root, res, arrow=table)
        while self._states[i] == READING:
            if not self.alive():
                return None
            time.sleep(WAIT_STEP)
        if self._states[i] != HANDED:
            return None
        try:
            table = _mapped(self._path(i))
        except Exception:  # noqa: BLE001 - a file that cannot be mapped: the CSV is read here
            return None
        return read_table_checked(pkg.root, res, arrow=table)


def _write(table: Any, path: Path) -> None:
    """The table as an Arrow IPC file, written under another name then renamed (never seen half-written)."""
    import pyarrow as pa

    part = path.with_suffix(".part")
    try:
        with pa.OSFile(str(part), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        part.replace(path)
    except BaseException:  # (no space left: the half-written file holds no memory the next tables need)
        part.unlink(missing_ok=True)
        raise


def _mapped(path: Path) -> Any:
    import pyarrow as pa

    with pa.ipc.open_file(pa.memory_map(str(path))) as reader:
        return reader.read_all()
