"""The rule catalogue (gate/catalogue.py): declared once, emitted only through it, printed and documented.

That every catalogued rule fires in some fault test, and that no gate report holds an id the
catalogue lacks, is checked over the whole session by tests/conftest.py (pytest_sessionfinish);
here: the declarations, the emission path, the internal rules (triggered by monkeypatching) and
the mapping of library names.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import conftest
from conftest import ROOT
from xinfang.cli import main
from xinfang.gate import catalogue, rule_docs
from xinfang.gate.catalogue import CATALOGUE, LAYERS, LIBRARY_NAMES, STRICT_ENV, UndeclaredRule, emit, library_rule
from xinfang.gate.validate import run_gate
from xinfang.package import Resource
from xinfang.problems import ERROR, KNOWN, NOTICE, Problem

CODE = ROOT / "scripts" / "xinfang"
RULE_ID = re.compile(r"(?:safety|structure|rules|identity|register|anomaly|plausibility|provenance|gate)\.[a-z0-9_]+")


def test_every_rule_is_declared_soundly() -> None:
    for r in CATALOGUE.values():
        assert RULE_ID.fullmatch(r.id), r.id
        assert r.layer in LAYERS, r.id
        assert r.what.strip().endswith("."), r.id
        assert r.hint.strip() and all(v.strip() for v in r.variants.values()), r.id
        assert r.severities and set(r.severities) <= {ERROR, KNOWN, NOTICE}, r.id
    assert all(rule in CATALOGUE for rule in LIBRARY_NAMES.values())


def _sources() -> Iterator[tuple[Path, ast.AST]]:
    for path in sorted(CODE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_problems_are_made_only_by_the_catalogue() -> None:
    """No check constructs a Problem itself: its hint and layer would not be the declaration's."""
    allowed = {CODE / "problems.py", CODE / "gate" / "catalogue.py"}
    makers = [f"{path.relative_to(ROOT)}:{node.lineno}" for path, tree in _sources() if path not in allowed for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Problem"]
    assert not makers, makers


def test_every_rule_id_the_code_names_is_catalogued() -> None:
    """Every literal that looks like a rule id in the code (what a check passes to emit) is declared."""
    named = {(str(path.relative_to(ROOT)), node.value) for path, tree in _sources() for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and RULE_ID.fullmatch(node.value)
             and node.value.rsplit(".", 1)[1] not in ("py", "md", "csv", "json")}
    assert named, "no rule id found in the code: the scan is broken"
    assert not [(f, v) for f, v in named if v not in CATALOGUE]


def test_an_undeclared_id_raises_in_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(UndeclaredRule):
        emit("rules.no_such_rule", "data/budgets.csv", 2, "amount", "a message")
    with pytest.raises(UndeclaredRule):
        emit("rules.parent_row", "data/indicators.csv", 2, None, "a message", severity=KNOWN)  # declared error only
    with pytest.raises(UndeclaredRule):
        emit("rules.parent_row", "data/indicators.csv", 2, None, "a message", variant="no_such_variant")
    with pytest.raises(UndeclaredRule):
        emit("rules.count_value", "data/petition_metrics.csv", 2, "value", "a message")  # the hint needs {metric}


def test_an_undeclared_id_is_an_error_of_the_internal_rule_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STRICT_ENV, raising=False)
    p = emit("rules.no_such_rule", "data/budgets.csv", 2, "amount", "a message", severity=NOTICE)
    assert (p.file, p.line, p.column, p.rule, p.severity) == ("data/budgets.csv", 2, "amount", "gate.undeclared_rule", ERROR)
    assert "a message" in p.message and "rules.no_such_rule" in p.message and p.hint == CATALOGUE["gate.undeclared_rule"].hint
    assert library_rule("frictionless", "no-such-error") not in CATALOGUE


def test_library_names_map_to_our_ids() -> None:
    assert library_rule("frictionless", "type-error") == "structure.type"
    assert library_rule("frictionless", "foreign-key") == "structure.foreign_key"
    assert library_rule("pandera", "greater_than_or_equal_to") == "rules.minimum"
    assert library_rule("identities", "parts_sum") == "identity.parts_sum"


def test_every_check_pandera_generates_from_a_table_schema_is_covered() -> None:
    """The constraints a Table Schema can declare, as the installed pandera names its checks: a
    pandera that renames one fails here, not in a contributor's report."""
    from xinfang.gate.rules import pandera_schema

    fields = [{"name": "a", "type": "number", "constraints": {"minimum": 0}},
              {"name": "b", "type": "number", "constraints": {"maximum": 9}},
              {"name": "c", "type": "integer", "constraints": {"minimum": 0, "maximum": 9}},
              {"name": "d", "type": "string", "constraints": {"minLength": 1, "maxLength": 9}},
              {"name": "e", "type": "string", "constraints": {"maxLength": 9}},
              {"name": "f", "type": "string", "constraints": {"enum": ["x", "y"]}},
              {"name": "g", "type": "string", "constraints": {"required": True}}]
    schema = pandera_schema(Resource("t", "data/t.csv", {"fields": fields}, None))
    names = {str(check.error).split("(")[0] for column in schema.columns.values() for check in column.checks} | {"not_nullable"}
    assert len(names) >= 6, names
    assert {n: library_rule("pandera", n) for n in names} == {n: LIBRARY_NAMES[f"pandera:{n}"] for n in names}


def _raise(*_: object, **__: object) -> Iterator[Problem]:
    raise RuntimeError("a deliberate crash")


def test_internal_rules_are_reported_when_a_layer_crashes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every layer's crash, a table's constraints and one code rule that crash, and a check that emits an
    undeclared id (production mode): each is reported by its internal rule, the other layers still run."""
    from xinfang.gate import plausibility, rules, validate

    def undeclared(pkg: object) -> Iterator[Problem]:
        yield emit("rules.no_such_rule", "data/budgets.csv", 2, "amount", "a check that names a rule the catalogue lacks")

    monkeypatch.delenv(STRICT_ENV, raising=False)
    monkeypatch.setattr(validate, "check_structure", _raise)
    monkeypatch.setattr(validate, "check_provenance", _raise)
    monkeypatch.setattr(plausibility, "check_plausibility", _raise)
    monkeypatch.setattr(validate, "check_cells", _raise)
    monkeypatch.setattr(rules, "check_constraints", _raise)
    monkeypatch.setattr(rules, "CODE_RULES", [*rules.CODE_RULES, _raise, undeclared])
    report = run_gate(ROOT, sources=[tmp_path], docs_dir=None, parallel=False)
    found = {p.rule for p in report.errors}
    assert {"structure.crashed", "provenance.crashed", "plausibility.crashed", "safety.crashed", "rules.crashed",
            "gate.undeclared_rule"} <= found, found
    crashed = [p for p in report.errors if p.rule == "rules.crashed"]
    assert {p.hint for p in crashed} == {CATALOGUE["rules.crashed"].variants["table"], CATALOGUE["rules.crashed"].variants["rule"]}
    assert report.layers["structure"] == "crashed" and not report.valid


def test_a_crash_outside_the_layers_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from xinfang.gate import validate

    monkeypatch.setattr(validate, "_run_gate", _raise)
    report = run_gate(ROOT, sources=None, docs_dir=None)
    assert [(p.rule, p.severity) for p in report.problems] == [("safety.crashed", ERROR)]


def test_the_coverage_check_cannot_pass_vacuously() -> None:
    """What pytest_sessionfinish reports: nothing fired is every rule never triggered; an unknown id is named."""
    assert len(conftest.coverage_failures(set(), sources=True)) == len(CATALOGUE)
    assert conftest.coverage_failures(set(CATALOGUE), sources=True) == []
    assert conftest.coverage_failures(set(CATALOGUE) - {"rules.parent_row"}, sources=True) == [
        "catalogued rule rules.parent_row was triggered by no test: add a fault test that makes the gate report it"]
    assert any("rules.no_such_rule" in f for f in conftest.coverage_failures(set(CATALOGUE) | {"rules.no_such_rule"}, sources=True))
    assert "provenance.sha256" in conftest.needs_sources_only() and "provenance.skipped" not in conftest.needs_sources_only()


def test_xinfang_rules_prints_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in doc["rules"]] and {r["id"] for r in doc["rules"]} == set(CATALOGUE)
    assert all(r["hint"] == CATALOGUE[r["id"]].hint and r["layer"] == CATALOGUE[r["id"]].layer for r in doc["rules"])
    assert main(["rules"]) == 0
    text = capsys.readouterr().out
    assert all(rule_id in text for rule_id in CATALOGUE) and "what: " in text and "hint: " in text


def test_docs_rules_md_is_generated_from_the_catalogue() -> None:
    text = (ROOT / rule_docs.DOC).read_text(encoding="utf-8")
    assert text == rule_docs.render_markdown(), "docs/rules.md is stale: run `xinfang derive`"
    assert all(f"`{rule_id}`" in text for rule_id in CATALOGUE)


def test_strict_mode_is_on_in_the_tests() -> None:
    assert catalogue.strict()
