"""Tables parsed once in a run with workers and handed over between its processes (gate/shared_tables.py):
the same frames as read from the CSV, a table that cannot be handed over read by each process, the
temporary folder removed on every path."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from conftest import ROOT, copy_package
from xinfang.gate import shared_tables
from xinfang.gate.runner import Context, Job, Pool, start_method
from xinfang.gate.shared_tables import READING, SharedTables
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


def _run(root: Path, mine: list[str], names: tuple[str, ...], handed: tuple[str, ...]) -> tuple[Package, list[Any], Path]:
    """The main process parses `mine` before its worker starts; the worker (reading every table of
    names, from the last on) parses the others and maps the main process's; handed: the tables in files."""
    ctx = Context(root=root, readable=names)
    pkg = load_package(root, strict=False)
    with Pool(ctx, 1, share=names) as pool:
        assert pool.tables is not None and pool.tables.folder is not None
        folder = pool.tables.folder
        pkg.shared = pool.tables
        pool.tables.prefetch(pkg, mine)  # claimed before the worker exists
        pool.submit([Job("rules", _tables_seen, names)])
        [outcome] = pool.outcomes()
        here = [(pkg.table(name), pkg.read_cleanly(name)) for name in names]  # the worker's mapped here
        assert outcome.crash is None, outcome.crash
        assert sorted(p.name for p in folder.iterdir()) == [f"{names.index(n)}.arrow" for n in handed]
    assert not folder.exists() and not multiprocessing.active_children()
    return pkg, [here, outcome.found], folder


def test_a_table_handed_over_is_the_frame_read_from_its_csv() -> None:
    names = ("budgets", "reports", "indicators")
    _, (here, there), _ = _run(ROOT, ["budgets"], names, names)
    for i, name in enumerate(names):
        want = _fresh(ROOT, name)
        _same(here[i], want)
        _same(there[i], want)


def test_a_table_that_is_not_a_clean_csv_is_read_by_each_process(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    with (root / "data" / "units.csv").open("a", encoding="utf-8") as fh:
        fh.write("a,ragged,row,with,far,too,many,cells,for,its,header,x,y,z\n")
    names = ("units", "reports")
    _, (here, there), _ = _run(root, ["units"], names, ("reports",))
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
        folder = tables.folder
        assert folder is not None and folder.is_dir()
    assert not folder.exists()


@pytest.fixture
def folders(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders SharedTables makes, as they are made."""
    seen: list[Path] = []
    made = SharedTables.__enter__

    def enter(self: SharedTables) -> SharedTables:
        made(self)
        assert self.folder is not None
        seen.append(self.folder)
        return self

    monkeypatch.setattr(SharedTables, "__enter__", enter)
    return seen


def test_the_folder_is_removed_when_the_main_process_fails(folders: list[Path]) -> None:
    with pytest.raises(KeyError), Pool(Context(root=ROOT, readable=("budgets",)), 1, share=("budgets",)) as pool:
        pool.submit([Job("rules", _tables_seen, ("budgets",))])
        raise KeyError("the main process's own work failed")
    assert folders and not folders[0].exists() and not multiprocessing.active_children()


def test_a_table_that_cannot_be_written_is_read_by_each_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise OSError("no space left")

    monkeypatch.setattr(shared_tables, "_write", fail)
    pkg = load_package(ROOT, strict=False)
    with SharedTables(["budgets"]) as tables:
        pkg.shared = tables
        _same((pkg.table("budgets"), pkg.read_cleanly("budgets")), _fresh(ROOT, "budgets"))
        assert tables._states[0] == shared_tables.OWN
        assert tables.read(load_package(ROOT), "budgets") is None


def test_the_folder_is_removed_when_no_pool_can_be_made(monkeypatch: pytest.MonkeyPatch, folders: list[Path]) -> None:
    from xinfang.gate import runner

    def no_pool(*_: object, **__: object) -> None:
        raise OSError("no more processes")

    import signal

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(runner, "ProcessPoolExecutor", no_pool)
    with pytest.raises(OSError), Pool(Context(root=ROOT, readable=("budgets",)), 1, share=("budgets",)):
        pass
    assert folders and not folders[0].exists()
    assert signal.getsignal(signal.SIGTERM) == before  # (the handler a SIGTERM leaves by, set before the folder, is put back)


def test_with_no_folder_for_the_tables_each_process_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def no_folder(*_: object, **__: object) -> str:
        raise OSError("no space left on /dev/shm")

    monkeypatch.setattr(tempfile, "mkdtemp", no_folder)
    with Pool(Context(root=ROOT, readable=("budgets",)), 1, share=("budgets",)) as pool:
        assert pool.tables is None
        pool.submit([Job("rules", _tables_seen, ("budgets",))])
        [outcome] = pool.outcomes()
    assert outcome.crash is None, outcome.crash
    [(frame, clean)] = outcome.found
    _same((frame, clean), _fresh(ROOT, "budgets"))


def test_a_table_written_in_part_leaves_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    def half(sink: Any, schema: Any) -> Any:
        sink.write(b"ARROW1")  # the first bytes, then no space left
        raise OSError("no space left")

    monkeypatch.setattr(pa.ipc, "new_file", half)
    pkg = load_package(ROOT, strict=False)
    with SharedTables(["budgets"]) as tables:
        pkg.shared = tables
        _same((pkg.table("budgets"), pkg.read_cleanly("budgets")), _fresh(ROOT, "budgets"))
        assert tables.folder is not None and list(tables.folder.iterdir()) == []
