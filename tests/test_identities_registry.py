"""The registry of identity families against its written contract (docs/identities.md): every
family's check_id templates are the ones documented, every check has its family's shape, the
numbering of repeated ids does not depend on the order of the families, and the fact keys come
from the schemas (x-roles fact-key)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, copy_package, read_rows, write_rows
from xinfang import roles
from xinfang.gate.catalogue import library_rule
from xinfang.identities import FAMILIES, all_checks
from xinfang.identities.engine import number_repeated_ids, run_families
from xinfang.identities.registry import Template
from xinfang.package import load_package

DOC = ROOT / "docs" / "identities.md"
_ROW = re.compile(r"^\| (\w+) \| (\w+) \| `([^`]+)` \| (.*) \|$")


def documented() -> list[tuple[str, str, str, str]]:
    return [m.groups() for line in DOC.read_text(encoding="utf-8").splitlines() if (m := _ROW.match(line))]  # type: ignore[misc]


def test_every_template_is_documented_as_declared() -> None:
    declared = {(f.name, rule, t.text) for f in FAMILIES.values() for rule, t in f.templates.items()}
    assert {(f, r, t) for f, r, t, _ in documented()} == declared


def test_every_rule_of_a_family_is_catalogued() -> None:
    for fam in FAMILIES.values():
        for rule in fam.rules:
            assert library_rule("identities", rule) == f"identity.{rule}"


def test_documented_examples_have_their_templates_shape() -> None:
    for family, _rule, template, example in documented():
        for cid in re.findall(r"`([^`]+)`", example):
            if ":" in cid:
                assert Template(template).matches(cid), (family, cid)


def test_every_check_has_its_familys_shape() -> None:
    pkg = load_package(ROOT)
    columns, names = run_families(pkg)
    assert columns
    for cols, name in zip(columns, names, strict=True):
        fam = FAMILIES[name]
        for cid, rule in zip(cols.ids.take(np.arange(len(cols))), cols.frame["rule"], strict=True):
            assert rule in fam.templates and fam.templates[rule].matches(cid), (name, cid)


def test_a_template_names_only_what_it_is_given() -> None:
    with pytest.raises(KeyError, match="item"):
        Template("parts_sum:{report_id}:{item}").ids(1, {"report_id": "r"})
    ids = Template("x:{report_id}:budgets:{item}").ids(2, {"report_id": "r", "item": np.array(["a", ""], dtype=object)})
    assert ids.tolist() == ["x:r:budgets:a", "x:r:budgets:-"]


def test_repeated_ids_are_numbered_by_the_data_not_the_family_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_package(tmp_path / "pkg")
    path = root / "data" / "indicators.csv"
    rows = read_rows(path)
    scored = [r for r in rows[1:] if r[rows[0].index("weight")] and r[rows[0].index("score")]]
    rows.insert(5, list(scored[0]))  # the same indicator row stated twice: its ids repeat
    write_rows(path, rows)
    before = [vars(c) for c in all_checks(load_package(root))]
    assert any("#2" in c["check_id"] for c in before)
    monkeypatch.setattr("xinfang.identities.engine.FAMILIES", dict(reversed(list(FAMILIES.items()))))
    assert [vars(c) for c in all_checks(load_package(root))] == before


def test_fact_keys_are_the_schemas_x_roles() -> None:
    pkg = load_package(ROOT)
    keys = roles.fact_keys(pkg)
    assert {"budgets", "petition_metrics", "staffing"} <= set(keys)
    for table, key in keys.items():
        assert key == pkg.resources[table].schema["x-roles"]["fact-key"]
        assert key[0] == roles.report_column(pkg.resources[table])


def test_a_table_without_a_fact_key_has_no_restatement_checks(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    schema_path = root / "schemas" / "staffing.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    del schema["x-roles"]["fact-key"]
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    checks = all_checks(load_package(root))
    assert checks and not [c for c in checks if c.table == "staffing"]


def test_the_number_of_a_repeated_id_follows_the_stated_line() -> None:
    ids = np.array(["a", "b", "a", "a"], dtype=object)
    got = number_repeated_ids(ids, np.array([9.0, 1.0, 3.0, 3.0]), np.array(["amount", "amount", "rate_pct", "amount"], dtype=object),
                              np.array([1, 1, 0, 0]), np.array([0, 1, 0, 1]))
    assert got.tolist() == ["a#3", "b", "a#2", "a"]
