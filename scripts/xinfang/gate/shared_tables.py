"""The tables read once in a run with workers, and handed over between its processes.

Both processes of a two-core run read every table (the main one for the structure, rules and
identities, its worker for the cells and provenance): parsing a national package's CSV costs a
second and more of CPU in each. Here each table is parsed by the first process that claims it
(a place on a shared ``multiprocessing.Array``); that process writes pyarrow's table to an Arrow
IPC file in memory (below), and the other maps that file (no copy, no parse)
instead of reading the CSV. The frame is the same either way: the same pyarrow table turned into
the same pandas frame (package.read_table_checked).

The processes read in opposite orders (the main one from the first table, the worker from the
last), so that each parses about half and they meet once; a process that needs a table the other
is still parsing waits for it, and reads the file itself when that process died, or when the
table could not be handed over (not a clean CSV: read with pandas; a write that failed).

Each handed-over table is an anonymous file in memory (``os.memfd_create``, Linux): no name in
any folder, so nothing is left behind on any path, a SIGKILL or the OOM killer included: the kernel
frees it when the last process holding it open or mapped is gone. The process that wrote it keeps it
open (the main process until it leaves ``SharedTables``, a worker until it ends), seals it against any
change of size or content (``F_ADD_SEALS``: a mapping of it can never fault), and records its process
id, descriptor number, device and inode in shared memory. The other process looks at
``/proc/<pid>/fd/<n>`` without opening what it points to (``readlink``: it must be that table's memfd),
takes a path-only handle to it (``O_PATH``: a FIFO or device there would be neither opened nor waited
on), and maps it only when that handle is a sealed regular file of the recorded device and inode (a
number its writer's death let another file take is not read). The path is built from those integers
only, never from a name the descriptor gives (principle 8). The main process tries all this once on
a file of its own when it enters ``SharedTables``; where it fails (no ``memfd_create``, not Linux, no
/proc) no table is handed over and each process reads the CSV itself, as without workers, and so it
does for any one table that cannot be written or mapped.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import stat
import time
from collections.abc import Callable, Iterable
from typing import Any

from ..package import Package, read_arrow, read_table_checked

FREE, READING, HANDED, OWN = 0, 1, 2, 3  # a table's state: nobody read it yet; one process parses it; in its file; read it yourself
WAIT_STEP = 0.002  # seconds between two looks at a table another process is parsing
WHERE = 4  # where a handed-over table is: (pid, fd, device, inode), its entry's places in SharedTables._where
SEALS = ("F_SEAL_SHRINK", "F_SEAL_GROW", "F_SEAL_WRITE", "F_SEAL_SEAL")  # (fcntl's names: Linux)


class SharedTables:
    """The run's tables handed over between its processes (see the module's docstring): made by
    the main process, a context manager (its own files closed on leaving it), passed to its workers
    (its state travels with them, as a Pool's initializer arguments do)."""

    def __init__(self, names: Iterable[str], mp: Any = None) -> None:
        self.names = tuple(names)
        mp = mp or multiprocessing
        self._states = mp.Array("i", max(len(self.names), 1))
        self._where = mp.Array("q", WHERE * max(len(self.names), 1))  # per table: (pid, fd, device, inode) of its file
        self._own: list[int] = []  # the descriptors of the files this process wrote (kept open: the other maps them)
        self.enabled = False  # whether files in memory can be written and opened again here (tried on entering)
        self.alive: Callable[[], bool] = lambda: True  # whether the other processes still run (the main process sets it)

    def __enter__(self) -> SharedTables:
        self.enabled = _works()
        return self

    def __exit__(self, *exc: object) -> None:
        while self._own:
            try:
                os.close(self._own.pop())
            except OSError:
                pass

    def __getstate__(self) -> dict[str, Any]:
        return {"names": self.names, "_states": self._states, "_where": self._where, "enabled": self.enabled}

    def __setstate__(self, state: dict[str, Any]) -> None:  # in a worker: the main process runs while its server does
        self.__dict__.update(state)
        self._own = []  # a worker's files live as long as it does (closed when it ends)
        parent = os.getppid()
        self.alive = lambda: os.getppid() == parent

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
        if not self.enabled or name not in self.names:
            return None
        i = self.names.index(name)
        res = pkg.resources[name]
        if self._claim(i):
            state = OWN
            try:
                table = read_arrow(pkg.root, res)
                if table is not None:
                    try:
                        fd, device, inode = _write(table, _name(i))
                        self._own.append(fd)
                        self._where[WHERE * i:WHERE * i + WHERE] = [os.getpid(), fd, device, inode]
                        state = HANDED
                    except Exception:  # noqa: BLE001 - not handed over (no memfd_create, no memory …): the other process reads the CSV
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
            table = _mapped(_name(i), *(int(x) for x in self._where[WHERE * i:WHERE * i + WHERE]))
        except Exception:  # noqa: BLE001 - a file that cannot be mapped (its writer ended …): the CSV is read here
            return None
        return read_table_checked(pkg.root, res, arrow=table)


def _name(i: int) -> str:
    return f"xinfang-table-{i}"


def _write(table: Any, name: str) -> tuple[int, int, int]:
    """The table as an Arrow IPC file in memory (memfd_create: no path anywhere), sealed; its
    descriptor, device and inode. A file that cannot be written whole is closed (it holds no memory
    the next tables need)."""
    import pyarrow as pa

    fd = os.memfd_create(name, os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    try:
        with pa.OSFile(f"/proc/self/fd/{fd}", "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS, _seals())
        st = os.fstat(fd)
        return fd, st.st_dev, st.st_ino
    except BaseException:
        os.close(fd)
        raise


def _seals() -> int:
    out = 0
    for seal in SEALS:
        out |= getattr(fcntl, seal)
    return out


def _opened(name: str, pid: int, fd: int, device: int, inode: int) -> int:
    """A descriptor, for reading, of the sealed file in memory named `name` that process `pid` holds
    as `fd`, of that device and inode; OSError where it is not (any more) that file. What the number
    points to is neither opened nor waited on before it is known to be that file: readlink, then a
    path-only handle (O_PATH) checked with fstat, then the file opened through that handle."""
    link = f"/proc/{int(pid)}/fd/{int(fd)}"
    if os.readlink(link) != f"/memfd:{name} (deleted)":
        raise OSError(f"{link} is not the table written there")
    handle = os.open(link, os.O_PATH | os.O_CLOEXEC)
    try:
        st = os.fstat(handle)
        if (st.st_dev, st.st_ino) != (device, inode) or not stat.S_ISREG(st.st_mode):
            raise OSError(f"{link} is no longer the table written there")
        mine = os.open(f"/proc/self/fd/{handle}", os.O_RDONLY | os.O_CLOEXEC)
    finally:
        os.close(handle)
    try:
        if fcntl.fcntl(mine, fcntl.F_GET_SEALS) & _seals() != _seals():
            raise OSError(f"{link} is not sealed")
        return mine
    except BaseException:
        os.close(mine)
        raise


def _mapped(name: str, pid: int, fd: int, device: int, inode: int) -> Any:
    """The table another process of the run wrote (see _opened), mapped: no copy."""
    import pyarrow as pa

    mine = _opened(name, pid, fd, device, inode)
    try:
        with pa.ipc.open_file(pa.memory_map(f"/proc/self/fd/{mine}")) as reader:
            return reader.read_all()
    finally:
        os.close(mine)


def _works() -> bool:
    """Whether this process can write a sealed file in memory and open it again through /proc (Linux
    with /proc mounted and readable): tried once on a small file of its own."""
    try:
        import pyarrow as pa

        fd, device, inode = _write(pa.table({"x": [1]}), _name(-1))
    except Exception:  # noqa: BLE001 - no memfd_create, no sealing, no /proc: nothing is handed over
        return False
    try:
        os.close(_opened(_name(-1), os.getpid(), fd, device, inode))
        return True
    except Exception:  # noqa: BLE001 - (as above)
        return False
    finally:
        os.close(fd)
