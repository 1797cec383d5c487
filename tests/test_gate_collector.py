"""gate/collector.py: the collector tuned while the gate's modules are imported, and left as it was found."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from xinfang.cli import main
from xinfang.gate import collector


def test_quiet_imports_tunes_the_collector_then_leaves_it_as_found() -> None:
    before = gc.get_threshold()
    with collector.quiet_imports() as imported:
        assert gc.get_threshold()[0] == collector.IMPORT_THRESHOLD
        imported()
        assert gc.get_threshold() == before and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_quiet_imports_leaves_the_collector_as_found_when_the_run_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), collector.quiet_imports():
        raise RuntimeError("an import failed")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_the_command_leaves_the_collector_of_its_process_as_found(pkg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = gc.get_threshold()
    main(["validate", str(pkg), "--format", "json", "--data-docs", ""])
    assert json.loads(capsys.readouterr().out)["layers"]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
