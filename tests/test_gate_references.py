"""The descriptor walk of gate/references.py: what it refuses, the same as walking every node."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from xinfang.gate import references
from xinfang.gate.references import _refusals

URLS = ["https://example.org/a", "http://x.y/b.csv", "file:///etc/passwd", "//host/share", "\\\\\\\\host\\\\share", "data:text/plain,hi"]
TEXTS = ["plain", "a: b", "see https://example.org", "", "tableschema.json", "https://datapackage.org/profiles/2.0/datapackage.json"]
KEYS = ["path", "title", "homepage", "x-archive-url", "profile", "$schema", "dialect", "schema", "package", "extrapaths",
        "email", "name", "a.profile", "constraints", "pattern", "reference", "sources", "licenses", "x.path"]


def _every_node(value: Any, where: str) -> Iterator[tuple[str, str, Any]]:
    """Every node of the document, depth-first, with the place and key _walk gives it."""
    def visit(w: str, key: str, v: Any) -> Iterator[tuple[str, str, Any]]:
        yield w, key, v
        if isinstance(v, dict):
            for k, x in v.items():
                yield from visit(f"{w}.{k}" if w else k, k.rsplit(".", 1)[-1], x)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                yield from visit(f"{w}[{i}]", f"{key}[{i}]", x)
    yield from visit(where, where.rsplit(".", 1)[-1], value)


def _scalar(rng: random.Random) -> Any:
    return rng.choice([rng.choice(URLS), rng.choice(TEXTS), 3, None, True])


def _flat(rng: random.Random) -> dict[str, Any]:
    return {rng.choice(KEYS): _scalar(rng) for _ in range(rng.randint(0, 5))}


def _document(rng: random.Random, depth: int) -> Any:
    kind = rng.random()
    if depth == 0 or kind < 0.3:
        return _scalar(rng)
    if kind < 0.55:  # a list: often of flat objects, as a descriptor's sources are, sometimes mixed
        items: list[Any] = [_flat(rng) for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.5:
            items.insert(rng.randint(0, len(items)), _document(rng, depth - 1))
        return items
    return {rng.choice(KEYS): _document(rng, depth - 1) for _ in range(rng.randint(0, 5))}


def _described(problems: Any) -> list[tuple[str, str | None, str]]:
    return [(p.rule, p.column, p.message) for p in problems]


@pytest.mark.parametrize("seed", range(300))
def test_the_walk_refuses_what_walking_every_node_refuses(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    doc = {rng.choice(KEYS): _document(rng, 4) for _ in range(rng.randint(1, 6))}
    doc["sources"] = [_flat(rng) for _ in range(rng.randint(0, 8))] + ([_document(rng, 2)] if rng.random() < 0.5 else [])
    got = _described(_refusals(doc, "datapackage.json"))
    monkeypatch.setattr(references, "_walk", _every_node)
    assert got == _described(_refusals(doc, "datapackage.json"))


def test_a_url_in_a_flat_list_is_refused_with_its_place_unless_it_is_documentation() -> None:
    doc = {"sources": [{"title": "a", "path": "https://example.org/a.pdf"}, {"title": "b", "x-archive-url": "https://web.archive.org/x"},
                       {"title": "c", "homepage2": "https://example.org/c"}, {"profile": "https://evil.example/p.json"}],
           "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
           "contributors": [{"title": "x", "email": "mailto:x@example.org", "photo": "https://example.org/x.png"}]}
    got = {(p.rule, p.column) for p in _refusals(doc, "datapackage.json")}
    assert got == {("safety.url", "sources[2].homepage2"), ("safety.reference", "sources[3].profile"),
                   ("safety.url", "contributors[0].photo")}


def test_documentation_is_the_same_for_every_index_of_a_list() -> None:
    items = [{"path": f"https://example.org/{i}"} for i in range(12)]
    assert not list(_refusals({"sources": items}, "datapackage.json"))
    assert [p.column for p in _refusals({"resources2": items}, "datapackage.json")] == [f"resources2[{i}].path" for i in range(12)]
