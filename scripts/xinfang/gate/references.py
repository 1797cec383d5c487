"""What a descriptor or schema may point at: nothing the gate would fetch or read from elsewhere.

The Data Package and Table Schema specifications let a descriptor name other files and URLs
that a library then loads: a ``profile`` or ``$schema``, a ``dialect`` or ``schema`` given as a
path or URL, ``extrapaths``, a foreign key into another ``package``. The gate follows none of
them: each is refused with its place (``safety.reference``), and so is a URL anywhere that is not
documentation (``safety.url``: a licence's or source's ``path``, ``homepage`` … are only printed).
frictionless is handed a copy of the descriptor without any of them, its schemas inline, and runs
inside safe_io.no_network(), so even a reference missed here cannot be fetched.
"""

from __future__ import annotations

import copy
import re
import weakref
from collections.abc import Iterator
from typing import Any

from ..package import DESCRIPTOR, Package
from ..problems import Problem
from ..safe_io import excerpt
from .catalogue import emit

# the specifications' own profiles: frictionless knows them without fetching anything
OFFICIAL_PROFILES = {
    "https://datapackage.org/profiles/2.0/datapackage.json", "https://datapackage.org/profiles/2.0/dataresource.json",
    "https://datapackage.org/profiles/2.0/tableschema.json", "https://datapackage.org/profiles/2.0/tabledialect.json",
    "https://datapackage.org/profiles/1.0/datapackage.json", "https://datapackage.org/profiles/1.0/dataresource.json",
    "https://datapackage.org/profiles/1.0/tableschema.json", "https://datapackage.org/profiles/1.0/tabledialect.json",
    "data-package", "tabular-data-package", "data-resource", "tabular-data-resource", "table-schema",
}
# keys whose value is read or fetched by a library
FOLLOWED = ("profile", "$schema", "extrapaths", "dialect", "package")
_FOLLOWED = frozenset(FOLLOWED)
# a URL as a whole value (prose that mentions one is not a reference)
URL = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9+.-]*://|//|\\\\|(?:file|data|ftp|mailto|javascript):(?=\S))", re.IGNORECASE)
# where a URL is documentation: printed, never followed
# (a source's archived copy is what `xinfang sources fetch` may download, never the gate; a field's
# constraints.pattern is a regular expression, even when it describes a URL)
DOCUMENTATION = re.compile(r"(?:^|\.)(?:homepage|image|email|rdfType)$|^(?:licenses|sources|contributors)\[\d+\]\.path$"
                           r"|^sources\[\d+\]\.x-archive-url$|\.constraints\.pattern$")


def _official(value: Any) -> bool:
    """Whether a profile or $schema names one of the specifications' own profiles (a list or object never does)."""
    return isinstance(value, str) and value in OFFICIAL_PROFILES


def _url(text: str) -> bool:
    """Whether a text starts as a URL (URL): only one with a colon, // or \\\\ in it can."""
    return (":" in text or "//" in text or "\\\\" in text) and URL.match(text) is not None


def _walk(value: Any, where: str) -> Iterator[tuple[str, str, Any]]:
    """(place, key, value) of every value that _refusals may refuse: one under a FOLLOWED key (a
    container too), or a text that starts as a URL; key is the place's last part after its last
    dot (a list item's key is its list's with [i] added), computed as the walk descends through
    every container. The order is the depth-first order of every node: leaving out the values
    that cannot be refused (most of a descriptor with thousands of sources, and the containers
    under other keys) changes nothing else."""
    stack = [(where, where.rsplit(".", 1)[-1], value)]
    while stack:
        w, key, v = stack.pop()
        if key in _FOLLOWED or isinstance(v, str):  # a text is on the stack only when it starts as a URL or is FOLLOWED
            yield w, key, v
        if isinstance(v, dict):
            children = []
            for k, x in v.items():
                if type(k) is not str:
                    k = str(k)
                last = k.rsplit(".", 1)[-1] if "." in k else k
                # _url(x), written out: the walk meets every text of a descriptor with thousands of sources
                if (isinstance(x, str) and (":" in x or "//" in x or "\\\\" in x) and URL.match(x) is not None) \
                        or isinstance(x, (dict, list)) or last in _FOLLOWED:
                    children.append((f"{w}.{k}" if w else k, last, x))
            stack.extend(reversed(children))
        elif isinstance(v, list):  # an item's key ends with "]": never a FOLLOWED one
            start, found = _flat_items(v, w)
            yield from found
            stack.extend(reversed([(f"{w}[{i}]", f"{key}[{i}]", x) for i, x in enumerate(v[start:], start)
                                   if isinstance(x, (dict, list)) or (isinstance(x, str) and _url(x))]))


def _flat_items(items: list[Any], w: str) -> tuple[int, list[tuple[str, str, Any]]]:
    """What _walk yields for the leading items of a list that are flat objects (no container in
    them: a descriptor's thousands of sources), read in place and in order, and how many items
    that is. A URL where it is documentation (DOCUMENTATION: the same answer for every index of
    the list, so asked once per key) is left out, as _refusals would leave it."""
    found: list[tuple[str, str, Any]] = []
    documentation: dict[str, bool] = {}
    for i, item in enumerate(items):
        if type(item) is not dict:
            return i, found
        mine = []
        for k, x in item.items():
            if isinstance(x, (dict, list)):
                return i, found  # not flat: this item and the rest are walked as nodes
            if type(k) is not str:
                k = str(k)
            last = k.rsplit(".", 1)[-1] if "." in k else k
            if last in _FOLLOWED:
                mine.append((f"{w}[{i}].{k}", last, x))
            elif isinstance(x, str) and (":" in x or "//" in x or "\\\\" in x) and URL.match(x) is not None:
                if k not in documentation:
                    documentation[k] = DOCUMENTATION.search(f"{w}[0].{k}") is not None
                if not documentation[k]:
                    mine.append((f"{w}[{i}].{k}", last, x))
        found.extend(mine)
    return len(items), found


_ITEM = re.compile(r"\[\d+\]$")


def _refusals(value: Any, file: str, top: str = "") -> Iterator[Problem]:
    for where, key, v in _walk(value, top):
        if key.endswith("]") and key.rpartition("[")[0] in _FOLLOWED and _ITEM.search(key):  # _ITEM.sub("", key) in FOLLOWED
            continue  # an item of a list already refused as a whole (extrapaths)
        if key in FOLLOWED and not (key in ("profile", "$schema") and _official(v)) and not (key == "dialect" and isinstance(v, dict)) \
                and not (key == "package" and ".reference." not in f".{where}"):
            yield emit("safety.reference", file, None, where,
                       f"{key} {excerpt(repr(v), 80)} is not followed: the gate reads only the package's own tables and schemas", key=key)
        elif isinstance(v, str) and _url(v) and not DOCUMENTATION.search(where) and key not in FOLLOWED \
                and not (key in ("path", "schema") and where.startswith("resources[")):  # resource paths: safety.path
            yield emit("safety.url", file, None, where, f"{excerpt(v, 80)} is a URL: nothing is ever fetched")


def check_references(pkg: Package) -> Iterator[Problem]:
    """Every reference of the descriptor and of each inline or file schema the gate would not follow."""
    yield from _refusals(pkg.descriptor, DESCRIPTOR)
    for res in pkg.resources.values():
        if res.schema_path:
            yield from _refusals(res.schema, res.schema_path)


_MADE: list[tuple[weakref.ref[Package], tuple[str, ...], dict[str, Any]]] = []  # the last one made (at most one)


def frictionless_descriptor(pkg: Package, readable: list[str]) -> dict[str, Any]:
    """The descriptor as frictionless sees it: the readable resources only, each with its schema
    inline (as the gate read it) and without anything frictionless would load from elsewhere.
    The same object again for the same package and resources (the prefetch of its verdict and
    the structure layer: profiles.key serialises it once); callers do not change it."""
    if _MADE and _MADE[0][0]() is pkg and _MADE[0][1] == tuple(readable):
        return _MADE[0][2]
    descriptor = made_descriptor(pkg, readable)
    _MADE[:] = [(weakref.ref(pkg), tuple(readable), descriptor)]
    weakref.finalize(pkg, _MADE.clear)  # kept no longer than its package
    return descriptor


def made_descriptor(pkg: Package, readable: list[str]) -> dict[str, Any]:
    """frictionless_descriptor, made anew (a copy the caller may hand to a library that changes it)."""
    descriptor: dict[str, Any] = {k: v for k, v in pkg.descriptor.items() if k not in FOLLOWED and k != "resources"}
    if _official(pkg.descriptor.get("$schema")):
        descriptor["$schema"] = pkg.descriptor["$schema"]
    resources = []
    for r in pkg.descriptor.get("resources", []):
        if not isinstance(r, dict) or r.get("name") not in readable:
            continue
        entry = {k: copy.deepcopy(v) for k, v in r.items() if k not in FOLLOWED and k != "schema"}
        if isinstance(r.get("dialect"), dict):
            entry["dialect"] = {k: v for k, v in r["dialect"].items() if k not in FOLLOWED}
        schema = copy.deepcopy(pkg.resources[r["name"]].schema)
        for k in FOLLOWED:
            schema.pop(k, None)
        schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", []) if "package" not in fk.get("reference", {})]
        if not schema["foreignKeys"]:
            del schema["foreignKeys"]
        entry["schema"] = schema
        resources.append(entry)
    descriptor["resources"] = resources
    return descriptor


# the resources every package of this project has: what the cross-table rules and the
# plausibility layer need (a package without its anomalies register would report "0 known")
def check_required_resources(pkg: Package, required: set[str]) -> Iterator[Problem]:
    for name in sorted(required - set(pkg.resources)):
        yield emit("structure.missing_resource", DESCRIPTOR, None, "resources", f"the package has no resource '{name}'", name=name)
