"""frictionless's profile verdicts from a helper process (gate/profiles.py): the same report as
computed in the gate's own process, with the layers run ahead on the resources readable if every
schema is valid, and again when one is not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SOURCES, have_sources
from xinfang.gate.validate import run_gate
from xinfang.problems import render_json

# a fresh process (frictionless not imported), told that a core is free: the helper runs
WITH_HELPER = """
import sys
from pathlib import Path
from xinfang.gate import profiles
profiles.a_core_is_free = lambda: True
profiles.start()
assert profiles._HELPER, "no helper started"
from xinfang.gate.validate import run_gate
from xinfang.problems import render_json
sources = [Path(s) for s in sys.argv[3:]] or None
report = run_gate(sys.argv[1], sources=sources, parallel={"workers": True, "default": None}[sys.argv[2]])
print(render_json(report))
print("frictionless imported here:", "frictionless" in sys.modules, file=sys.stderr)
"""


def _comparable(text: str) -> dict[str, object]:
    doc = json.loads(text)
    doc.get("stats", {}).pop("seconds_by_layer", None)
    return doc


def _both(root: Path, sources: list[Path] | None, workers: bool = False) -> tuple[dict[str, object], dict[str, object], str]:
    schedule = "workers" if workers else "default"
    helped = subprocess.run([sys.executable, "-c", WITH_HELPER, str(root), schedule, *map(str, sources or [])], capture_output=True, text=True, check=True)
    own = run_gate(root, sources=sources, parallel=False)
    return _comparable(helped.stdout), _comparable(render_json(own)), helped.stderr


def test_helper_gives_the_report_of_one_process(pkg: Path) -> None:
    sources = [SOURCES] if have_sources() else None
    helped, own, log = _both(pkg, sources)
    assert helped == own
    assert "frictionless imported here: False" in log  # the main process never imported it


@pytest.mark.parametrize("workers", [False, True], ids=["one process", "workers"])
@pytest.mark.parametrize("change", ["unknown type", "constraint of the wrong type"])
def test_helper_with_an_invalid_schema_runs_the_layers_again(pkg: Path, change: str, workers: bool) -> None:
    schema_path = pkg / "schemas" / "staffing.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "value")
    if change == "unknown type":
        field["type"] = "decimal-ish"
    else:
        field.setdefault("constraints", {})["required"] = "yes"
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    helped, own, _ = _both(pkg, None, workers)  # in workers too: they ran ahead on the resources readable if every schema were valid
    assert helped == own
    assert any(p["rule"].startswith("structure.") and p["file"] == "schemas/staffing.schema.json" for p in helped["problems"])  # type: ignore[attr-defined, index]


# the verdicts kept between runs (gate/profiles.py: cache_path, save); no helper, whatever the
# machine's load, so that a verdict judged again is judged (frictionless imported) in this process
ONE_RUN = """
import sys
from xinfang.gate import profiles
profiles.a_core_is_free = lambda: False
from xinfang.gate.validate import run_gate
from xinfang.problems import render_json
print(render_json(run_gate(sys.argv[1], sources=None, parallel=False)))
print("frictionless imported here:", "frictionless" in sys.modules, file=sys.stderr)
"""


def _run(root: Path, cache: Path | str) -> tuple[dict[str, object], str]:
    import os

    env = {**os.environ, "XINFANG_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", ONE_RUN, str(root)], capture_output=True, text=True, check=True, env=env)
    return _comparable(done.stdout), done.stderr


def _break_a_schema(pkg: Path) -> None:
    schema_path = pkg / "schemas" / "staffing.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    next(f for f in schema["fields"] if f["name"] == "value")["type"] = "decimal-ish"
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.mark.parametrize("broken", [False, True], ids=["valid package", "an invalid schema"])
def test_kept_verdicts_give_the_same_report_without_frictionless(pkg: Path, tmp_path: Path, broken: bool) -> None:
    if broken:
        _break_a_schema(pkg)
    cache = tmp_path / "cache"
    first, first_log = _run(pkg, cache)
    assert (cache / "profile-verdicts.json").is_file()
    second, second_log = _run(pkg, cache)
    own = _comparable(render_json(run_gate(pkg, sources=None, parallel=False)))
    assert first == second == own
    assert "frictionless imported here: False" in second_log  # every verdict came from the cache
    if broken:
        assert any(p["file"] == "schemas/staffing.schema.json" for p in second["problems"])  # type: ignore[attr-defined, index]


def test_a_changed_document_is_judged_again(pkg: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _run(pkg, cache)
    _break_a_schema(pkg)  # a new text: not in the cache, so frictionless judges it
    after, log = _run(pkg, cache)
    assert after == _comparable(render_json(run_gate(pkg, sources=None, parallel=False)))
    assert any(p["file"] == "schemas/staffing.schema.json" for p in after["problems"])  # type: ignore[attr-defined, index]
    assert "frictionless imported here: True" in log


@pytest.mark.parametrize("content", ["not json", "[]", '{"libraries": "other", "verdicts": {}}', "wrong shape"])
def test_a_damaged_cache_is_ignored(pkg: Path, tmp_path: Path, content: str) -> None:
    cache = tmp_path / "cache"
    _run(pkg, cache)
    path = cache / "profile-verdicts.json"
    if content == "wrong shape":  # the right libraries, a verdict that is not a list of (type, note)
        doc = json.loads(path.read_text(encoding="utf-8"))
        content = json.dumps({**doc, "verdicts": {k: "valid" for k in doc["verdicts"]}})
    path.write_text(content, encoding="utf-8")
    report, log = _run(pkg, cache)
    assert report == _comparable(render_json(run_gate(pkg, sources=None, parallel=False)))
    assert "frictionless imported here: True" in log  # judged again, and kept again
    assert json.loads(path.read_text(encoding="utf-8"))["verdicts"]


def test_no_cache_when_its_folder_is_empty(pkg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _, log = _run(pkg, "")
    assert "frictionless imported here: True" in log
    assert not list(tmp_path.rglob("profile-verdicts.json"))


CLI_RUN = """
import sys
from xinfang.cli import main
code = main(["validate", sys.argv[1], "--format", "json"])
print("imported:", sorted(m for m in ("frictionless", "great_expectations", "pandera") if m in sys.modules), file=sys.stderr)
"""


def test_a_plain_validate_with_kept_verdicts_imports_no_validation_library(pkg: Path, tmp_path: Path) -> None:
    import os

    env = {**os.environ, "XINFANG_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", CLI_RUN, str(pkg)], capture_output=True, text=True, env=env) for _ in range(2)]
    assert _comparable(runs[0].stdout) == _comparable(runs[1].stdout)
    assert "imported: []" in runs[1].stderr  # neither frictionless (its verdicts kept) nor Great Expectations nor pandera
    assert "great_expectations" not in runs[0].stderr and "pandera" not in runs[0].stderr


def test_where_the_verdicts_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xinfang.gate import profiles

    monkeypatch.delenv(profiles.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert profiles.cache_path() is None  # by default the gate reads and writes nothing outside the package
    monkeypatch.setenv(profiles.CACHE_ENV, str(tmp_path / "elsewhere"))
    assert profiles.cache_path() == tmp_path / "elsewhere" / "profile-verdicts.json"
    monkeypatch.setenv(profiles.CACHE_ENV, "")
    assert profiles.cache_path() is None


@pytest.mark.parametrize(("runnable", "load", "cores", "free"), [
    (1, 5.0, 2, True),  # only this process runs now, though the last minute's average still counts another run
    (2, 0.0, 2, False),  # another task runs now on a machine of two cores
    (3, 0.5, 4, True),
    (None, 0.9, 2, True),  # no count of the tasks runnable now: the average decides
    (None, 1.5, 2, False),
    (None, None, 2, False),  # neither: no helper
])
def test_a_core_is_free_when_the_tasks_runnable_now_leave_one(runnable: int | None, load: float | None, cores: int, free: bool) -> None:
    from xinfang.gate import profiles

    assert profiles.core_is_free(runnable, load, cores) is free


def test_the_tasks_runnable_now_are_read_from_the_load_file(tmp_path: Path) -> None:
    from xinfang.gate import profiles

    (tmp_path / "loadavg").write_text("2.51 2.12 1.54 3/107 20860\n", encoding="ascii")
    (tmp_path / "garbled").write_text("2.51 2.12\n", encoding="ascii")
    assert profiles.runnable_now(str(tmp_path / "loadavg")) == 3
    assert profiles.runnable_now(str(tmp_path / "garbled")) is None
    assert profiles.runnable_now(str(tmp_path / "missing")) is None
