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

    monkeypatch.setattr(shared_tables, "_write", fail)
    pkg = load_package(ROOT, strict=False)
    with SharedTables(["budgets"]) as tables:
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
        _same((pkg.table("budgets"), pkg.read_cleanly("budgets")), _fresh(ROOT, "budgets"))  # claimed and read here, not handed
        assert pool.tables._states[0] == shared_tables.OWN
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

    monkeypatch.setattr(pa.ipc, "new_file", half)
    pkg = load_package(ROOT, strict=False)
    with SharedTables(["budgets"]) as tables:
        pkg.shared = tables
        _same((pkg.table("budgets"), pkg.read_cleanly("budgets")), _fresh(ROOT, "budgets"))
        assert tables._states[0] == shared_tables.OWN and _memfds() == []


def test_a_number_that_is_no_longer_the_table_written_there_is_not_read() -> None:
    table = shared_tables.read_arrow(ROOT, load_package(ROOT).resources["reports"])
    fd, inode = shared_tables._write(table, "xinfang-table-0")
    try:
        assert shared_tables._mapped(os.getpid(), fd, inode).equals(table)
        with pytest.raises(OSError, match="no longer the table"):
            shared_tables._mapped(os.getpid(), fd, inode + 1)  # the number reused by another file
    finally:
        os.close(fd)
    with pytest.raises(OSError):
        shared_tables._mapped(os.getpid(), fd, inode)  # closed: gone


KILLED = """
import os, signal, sys
from xinfang.gate.shared_tables import SharedTables
from xinfang.package import load_package
pkg = load_package(sys.argv[1], strict=False)
tables = SharedTables(["budgets"]).__enter__()
pkg.shared = tables
pkg.table("budgets")
print(*(tables._where[k] for k in range(3)), flush=True)  # pid, fd, inode
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_nothing_is_left_anywhere_when_the_process_that_wrote_a_table_is_killed() -> None:
    """What a SIGKILL or the OOM killer leaves: no folder was made, and the file goes with its process."""
    done = subprocess.run([sys.executable, "-c", KILLED, str(ROOT)], capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    pid, fd, inode = (int(x) for x in done.stdout.split())
    assert fd > 2 and inode > 0  # it had handed the table over, in a file that has no name in any folder ...
    with pytest.raises(OSError):
        shared_tables._mapped(pid, fd, inode)  # ... and the kernel freed it with the process: nothing to remove
