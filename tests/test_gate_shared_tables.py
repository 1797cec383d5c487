"""Tables parsed once in a run with workers and handed over between its processes (gate/shared_tables.py):
the same frames as read from the CSV, a table that cannot be handed over read by each process, its
files in memory closed on every path and nothing left anywhere when a process is killed."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from conftest import ROOT, copy_package
from xinfang.gate import shared_tables
from xinfang.gate.runner import Context, Job, Pool, start_method
from xinfang.gate.shared_tables import HANDED, READING, SharedTables
from xinfang.package import Package, load_package

pytestmark = pytest.mark.skipif(start_method() != "forkserver", reason="tables are handed over with forkserver only")


def _tables_seen(pkg: Package, ctx: Context, *names: str) -> list[Any]:
    return [(pkg.table(name), pkg.read_cleanly(name)) for name in names]


def _fresh(root: Path, name: str) -> tuple[pd.DataFrame, bool]:
    pkg = load_package(root, strict=False)
    return pkg.table(name), pkg.read_cleanly(name)


def _same(got: tuple[pd.DataFrame, bool], want: tuple[pd.DataFrame, bool]) -> None:
    pd.testing.assert_frame_equal(got[0], want[0])
    assert list(got[0].dtypes) == list(want[0].dtypes) and got[1] == want[1]


def _memfds() -> list[str]:
    """The handed-over tables' files this process holds open (memfd_create's names, as /proc shows them)."""
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # (the descriptor listdir itself used)
            continue
        if target.startswith("/memfd:xinfang-table"):
            out.append(target)
    return out


def _run(root: Path, mine: list[str], names: tuple[str, ...], handed: tuple[str, ...]) -> tuple[Package, list[Any]]:
    """The main process parses `mine` before its worker starts; the worker (reading every table of
    names, from the last on) parses the others and maps the main process's; handed: the tables in files."""
    ctx = Context(root=root, readable=names)
    pkg = load_package(root, strict=False)
    with Pool(ctx, 1, share=names) as pool:
        assert pool.tables is not None
        pkg.shared = pool.tables
        pool.tables.prefetch(pkg, mine)  # claimed before the worker exists
        pool.submit([Job("rules", _tables_seen, names)])
        [outcome] = pool.outcomes()
        here = [(pkg.table(name), pkg.read_cleanly(name)) for name in names]  # the worker's mapped here
        assert outcome.crash is None, outcome.crash
        assert [n for n in names if pool.tables._states[names.index(n)] == HANDED] == list(handed)
    assert _memfds() == [] and not multiprocessing.active_children()
    return pkg, [here, outcome.found]


def test_a_table_handed_over_is_the_frame_read_from_its_csv() -> None:
    names = ("budgets", "reports", "indicators")
    _, (here, there) = _run(ROOT, ["budgets"], names, names)
    for i, name in enumerate(names):
        want = _fresh(ROOT, name)
        _same(here[i], want)
        _same(there[i], want)


def test_a_table_that_is_not_a_clean_csv_is_read_by_each_process(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    with (root / "data" / "units.csv").open("a", encoding="utf-8") as fh:
        fh.write("a,ragged,row,with,far,too,many,cells,for,its,header,x,y,z\n")
    names = ("units", "reports")
    _, (here, there) = _run(root, ["units"], names, ("reports",))
    want = _fresh(root, "units")
    assert want[1] is False  # read by pandas, what it could
    _same(here[0], want)
    _same(there[0], want)
    _same(there[1], _fresh(root, "reports"))


def test_a_table_whose_reader_died_is_read_here() -> None:
    with SharedTables(["budgets"]) as tables:
        tables._states[0] = READING  # another process began it ...
        tables.alive = lambda: False  # ... and is gone
        assert tables.read(load_package(ROOT), "budgets") is None  # Package.table then reads the CSV itself


def test_the_main_processs_files_are_closed_when_it_fails() -> None:
    with pytest.raises(KeyError), Pool(Context(root=ROOT, readable=("budgets",)), 1, share=("budgets", "reports")) as pool:
        assert pool.tables is not None
        pkg = load_package(ROOT, strict=False)
        pkg.shared = pool.tables
        pkg.table("budgets")  # written to a file in memory for the worker
        assert _memfds() == ["/memfd:xinfang-table-0 (deleted)"]
        pool.submit([Job("rules", _tables_seen, ("budgets",))])
        raise KeyError("the main process's own work failed")
    assert _memfds() == [] and not multiprocessing.active_children()


def test_a_table_that_cannot_be_written_is_read_by_each_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise OSError("no memory left")

    pkg = load_package(ROOT, strict=False)
    with SharedTables(["budgets"]) as tables:
        assert tables.enabled
        monkeypatch.setattr(shared_tables, "_write", fail)  # (after entering: its trial file is written)
        pkg.shared = tables
        _same((pkg.table("budgets"), pkg.read_cleanly("budgets")), _fresh(ROOT, "budgets"))
        assert tables._states[0] == shared_tables.OWN
        assert tables.read(load_package(ROOT), "budgets") is None


def test_the_handler_is_put_back_when_no_pool_can_be_made(monkeypatch: pytest.MonkeyPatch) -> None:
    from xinfang.gate import runner

    def no_pool(*_: object, **__: object) -> None:
        raise OSError("no more processes")

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(runner, "ProcessPoolExecutor", no_pool)
    with pytest.raises(OSError), Pool(Context(root=ROOT, readable=("budgets",)), 1, share=("budgets",)):
        pass
    assert signal.getsignal(signal.SIGTERM) == before  # (the handler a SIGTERM leaves by is put back)


def test_without_memfd_create_each_process_reads_the_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "memfd_create")  # not Linux: no file in memory to hand a table over in
    pkg = load_package(ROOT, strict=False)
    with Pool(Context(root=ROOT, readable=("budgets",)), 1, share=("budgets",)) as pool:
        assert pool.tables is not None
        pkg.shared = pool.tables
        assert not pool.tables.enabled  # found on entering: nothing is written, each process reads the CSV
        _same((pkg.table("budgets"), pkg.read_cleanly("budgets")), _fresh(ROOT, "budgets"))
        assert pool.tables._states[0] == shared_tables.FREE
        pool.submit([Job("rules", _tables_seen, ("budgets",))])
        [outcome] = pool.outcomes()
    assert outcome.crash is None, outcome.crash
    [(frame, clean)] = outcome.found
    _same((frame, clean), _fresh(ROOT, "budgets"))


def test_a_table_written_in_part_leaves_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    def half(sink: Any, schema: Any) -> Any:
        sink.write(b"ARROW1")  # the first bytes, then no memory left
        raise OSError("no memory left")

    pkg = load_package(ROOT, strict=False)
    with SharedTables(["budgets"]) as tables:
        assert tables.enabled
        monkeypatch.setattr(pa.ipc, "new_file", half)  # (after entering: its trial file is written)
        pkg.shared = tables
        _same((pkg.table("budgets"), pkg.read_cleanly("budgets")), _fresh(ROOT, "budgets"))
        assert tables._states[0] == shared_tables.OWN and _memfds() == []


def test_a_number_that_is_no_longer_the_table_written_there_is_not_read(tmp_path: Path) -> None:
    table = shared_tables.read_arrow(ROOT, load_package(ROOT).resources["reports"])
    name = shared_tables._name(0)
    fd, device, inode = shared_tables._write(table, name)
    try:
        assert shared_tables._mapped(name, os.getpid(), fd, device, inode).equals(table)
        for wrong in ((name, os.getpid(), fd, device, inode + 1), (name, os.getpid(), fd, device + 1, inode),
                      (shared_tables._name(1), os.getpid(), fd, device, inode)):
            with pytest.raises(OSError):
                shared_tables._mapped(*wrong)  # the number taken by another file, or another table's
    finally:
        os.close(fd)
    with pytest.raises(OSError):
        shared_tables._mapped(name, os.getpid(), fd, device, inode)  # closed: gone


def test_a_fifo_or_an_unsealed_file_at_the_number_is_neither_waited_on_nor_read(tmp_path: Path) -> None:
    """A writer's pid and descriptor reused for a FIFO (whose open would wait for a writer for ever) or for a
    file in memory of the same name that could still change (a mapping of it could fault): refused at once."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    held = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    st = os.fstat(held)
    done = subprocess.run([sys.executable, "-c", "import sys; from xinfang.gate.shared_tables import _mapped\n"
                           f"try: _mapped('xinfang-table-0', {os.getpid()}, {held}, {st.st_dev}, {st.st_ino})\n"
                           "except OSError: sys.exit(3)"], timeout=60)
    os.close(held)
    assert done.returncode == 3
    loose = os.memfd_create(shared_tables._name(0), os.MFD_CLOEXEC)
    try:
        os.write(loose, b"ARROW1")
        st = os.fstat(loose)
        with pytest.raises(OSError, match="not sealed"):
            shared_tables._mapped(shared_tables._name(0), os.getpid(), loose, st.st_dev, st.st_ino)
    finally:
        os.close(loose)


def _map_handed(pkg: Package, ctx: Context, name: str) -> Any:
    """In a worker: the main process's file of the table mapped here (not the CSV read again)."""
    tables = pkg.shared
    i = tables.names.index(name)
    return [shared_tables._mapped(shared_tables._name(i), *(int(x) for x in tables._where[4 * i:4 * i + 4])).num_rows]


def test_the_worker_maps_the_file_the_main_process_wrote() -> None:
    pkg = load_package(ROOT, strict=False)
    with Pool(Context(root=ROOT, readable=("budgets",)), 1, share=("budgets",)) as pool:
        assert pool.tables is not None and pool.tables.enabled
        pkg.shared = pool.tables
        rows = len(pkg.table("budgets"))
        assert pool.tables._states[0] == HANDED
        pool.submit([Job("rules", _map_handed, ("budgets",))])
        [outcome] = pool.outcomes()
    assert outcome.crash is None, outcome.crash
    assert outcome.found == [rows]


def test_where_files_in_memory_cannot_be_opened_again_nothing_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """No /proc (or no memfd_create, no sealing): the main process finds it once on entering, and no table is
    written or claimed; each process reads its CSV."""
    monkeypatch.setattr(shared_tables, "_works", lambda: False)
    pkg = load_package(ROOT, strict=False)
    with SharedTables(["budgets"]) as tables:
        assert not tables.enabled
        pkg.shared = tables
        _same((pkg.table("budgets"), pkg.read_cleanly("budgets")), _fresh(ROOT, "budgets"))
        assert tables._states[0] == shared_tables.FREE and _memfds() == []


def test_with_no_shared_memory_for_the_board_each_process_reads_the_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    from xinfang.gate import runner

    def no_memory(*_: object, **__: object) -> None:
        raise OSError("no space left on /dev/shm")

    monkeypatch.setattr(runner, "SharedTables", no_memory)
    with Pool(Context(root=ROOT, readable=("budgets",)), 1, share=("budgets",)) as pool:
        assert pool.tables is None
        pool.submit([Job("rules", _tables_seen, ("budgets",))])
        [outcome] = pool.outcomes()
    assert outcome.crash is None, outcome.crash
    _same(outcome.found[0], _fresh(ROOT, "budgets"))


KILLED = """
import os, signal, sys
from xinfang.gate.shared_tables import SharedTables
from xinfang.package import load_package
pkg = load_package(sys.argv[1], strict=False)
tables = SharedTables(["budgets"]).__enter__()
pkg.shared = tables
pkg.table("budgets")
print(*tables._where[0:4], flush=True)  # pid, fd, device, inode
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_nothing_is_left_anywhere_when_the_process_that_wrote_a_table_is_killed(tmp_path: Path) -> None:
    """What a SIGKILL or the OOM killer leaves: no file in its temporary folder or /dev/shm, and its file in
    memory goes with it."""
    shm = Path("/dev/shm")
    before = set(os.listdir(shm)) if shm.is_dir() else set()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    done = subprocess.run([sys.executable, "-c", KILLED, str(ROOT)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == -signal.SIGKILL, done.stderr
    pid, fd, device, inode = (int(x) for x in done.stdout.split())
    assert fd > 2 and inode > 0  # it had handed the table over ...
    with pytest.raises(OSError):
        shared_tables._mapped(shared_tables._name(0), pid, fd, device, inode)  # ... and the kernel freed it with the process
    assert list(scratch.iterdir()) == []
    left = {n for n in (set(os.listdir(shm)) if shm.is_dir() else set()) - before if n.startswith(("xinfang", "memfd"))}
    assert left == set()
