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
sources = [Path(s) for s in sys.argv[2:]] or None
report = run_gate(sys.argv[1], sources=sources)
print(render_json(report))
print("frictionless imported here:", "frictionless" in sys.modules, file=sys.stderr)
"""


def _comparable(text: str) -> dict[str, object]:
    doc = json.loads(text)
    doc.get("stats", {}).pop("seconds_by_layer", None)
    return doc


def _both(root: Path, sources: list[Path] | None) -> tuple[dict[str, object], dict[str, object], str]:
    helped = subprocess.run([sys.executable, "-c", WITH_HELPER, str(root), *map(str, sources or [])], capture_output=True, text=True, check=True)
    own = run_gate(root, sources=sources, parallel=False)
    return _comparable(helped.stdout), _comparable(render_json(own)), helped.stderr


def test_helper_gives_the_report_of_one_process(pkg: Path) -> None:
    sources = [SOURCES] if have_sources() else None
    helped, own, log = _both(pkg, sources)
    assert helped == own
    assert "frictionless imported here: False" in log  # the main process never imported it


@pytest.mark.parametrize("change", ["unknown type", "constraint of the wrong type"])
def test_helper_with_an_invalid_schema_runs_the_layers_again(pkg: Path, change: str) -> None:
    schema_path = pkg / "schemas" / "staffing.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "value")
    if change == "unknown type":
        field["type"] = "decimal-ish"
    else:
        field.setdefault("constraints", {})["required"] = "yes"
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    helped, own, _ = _both(pkg, None)
    assert helped == own
    assert any(p["rule"].startswith("structure.") and p["file"] == "schemas/staffing.schema.json" for p in helped["problems"])  # type: ignore[attr-defined, index]
