"""The registry of identity families: each family declares its name, the rule(s) it checks, the
``check_id`` template of each rule, the tables (and columns) it reads, and the function that
computes its checks. Adding an identity is one module with one :func:`family` declaration.

A ``check_id`` is the anomalies register's key (docs/identities.md, "the register's contract"):
the template is the one definition of how a family's ids are formed. It is ``:``-separated parts,
each a literal or a ``{name}`` the family fills per check (a column of the checked row, or a value
the family names); an empty value is written ``-``. The same id met twice in a package is numbered
``#2``, ``#3`` … in an order of the data alone (engine.number_repeated_ids).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..package import Package
from .columns import Decoded, decoded, parse_texts, texts
from .core import UNIT, YUAN, YUAN_PER_WAN, CheckColumns

_PART = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Template:
    """A check_id template: parts joined by ':'; a part is a literal or one {name}."""

    text: str

    @property
    def parts(self) -> list[str]:
        return self.text.split(":")

    @property
    def names(self) -> list[str]:
        return [m.group(1) for p in self.parts if (m := _PART.fullmatch(p))]

    def ids(self, n: int, values: dict[str, Any]) -> np.ndarray:
        """The ids of n checks: each {name} from values (a str, or an array of n texts), empty as '-'."""
        missing = set(self.names) - set(values)
        if missing:
            raise KeyError(f"check_id template {self.text!r}: no value for {sorted(missing)}")
        arrays: list[Any] = []
        for p in self.parts:
            m = _PART.fullmatch(p)
            v: Any = values[m.group(1)] if m else p
            if isinstance(v, str):
                arrays.append(pa.scalar(v or "-"))
            else:
                a = pa.array(np.asarray(v, dtype=object), type=pa.string())
                arrays.append(pc.if_else(pc.equal(a, ""), "-", a))
        if not any(isinstance(a, pa.Array) for a in arrays):
            return np.array([":".join(str(a) for a in arrays)] * n, dtype=object)
        return np.asarray(pc.binary_join_element_wise(*arrays, ":").to_numpy(zero_copy_only=False), dtype=object)

    def matches(self, check_id: str) -> bool:
        """Whether an id (without its #n) has this template's shape: its literals where they stand."""
        got = check_id.split("#", 1)[0].split(":")
        return len(got) == len(self.parts) and all(_PART.fullmatch(p) or p == g for p, g in zip(self.parts, got, strict=True))


class Context:
    """What the families of one package (or slice of one) share: the package, and facts computed
    once for several families (budget facts, count facts, a column's texts or numbers), cached by name."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self._cache: dict[Any, Any] = {}

    def shared(self, key: Any, build: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def numbers(self, table: str, column: str) -> tuple[np.ndarray, np.ndarray, Decoded]:
        """A column of printed numbers: values, half-units and texts (columns.parse_texts), computed once."""
        return self.shared(("numbers", table, column), lambda: parse_texts(self.pkg.table(table)[column]))  # type: ignore[no-any-return]

    def amounts(self, table: str, column: str) -> tuple[np.ndarray, np.ndarray, Decoded]:
        """A column of amounts (numbers) in 万元, computed once: a row whose unit (the table's ``unit`` column,
        schemas/fields.json amount_unit) is 元 has its value and half-unit divided by YUAN_PER_WAN, and its text
        as printed with its unit, "<text> 元" (a missing one stays ""); a table without the column, as printed."""
        return self.shared(("amounts", table, column), lambda: _in_wan(self.pkg.table(table), self.numbers(table, column)))  # type: ignore[no-any-return]

    def decoded(self, table: str, *columns: str) -> list[Decoded]:
        """Text columns of a table as codes in one code space, with their texts (columns.decoded), computed once."""
        t = self.pkg.table(table)
        return self.shared(("decoded", table, columns), lambda: decoded(*(t[c] for c in columns)))  # type: ignore[no-any-return]

    def texts(self, table: str, column: str) -> np.ndarray:
        """A text column as Python strings, missing as "" (columns.texts), computed once."""
        return self.shared(("texts", table, column), lambda: texts(self.pkg.table(table)[column]))  # type: ignore[no-any-return]


def _in_wan(t: Any, numbers: tuple[np.ndarray, np.ndarray, Decoded]) -> tuple[np.ndarray, np.ndarray, Decoded]:
    """Context.amounts of a table's numbers (values, half-units, texts)."""
    value, half, text = numbers
    if UNIT not in t.columns:
        return numbers
    yuan = (t[UNIT] == YUAN).fillna(False).to_numpy(dtype=bool)  # (a missing unit: not 元)
    if not yuan.any():
        return numbers
    names = text.names  # the texts printed in 元 as "<text> 元" (codes after the others'); a missing one stays ""
    codes = np.where(text.codes < 0, len(names) - 1, text.codes)
    return (np.where(yuan, value / YUAN_PER_WAN, value), np.where(yuan, half / YUAN_PER_WAN, half),
            Decoded(np.where(yuan, codes + len(names), codes), np.concatenate([names, np.array([f"{x} 元" if x else "" for x in names.tolist()], dtype=object)])))


@dataclass(frozen=True)
class IdentityFamily:
    """One family of identities, as the registry declares it."""

    name: str
    templates: dict[str, Template]  # rule -> how its check_ids are formed
    reads: dict[str, tuple[str, ...]]  # table -> the columns read (besides its x-roles report and fact key)
    run: Callable[[Context, IdentityFamily], list[CheckColumns]]
    doc: str = ""

    @property
    def rules(self) -> list[str]:
        return list(self.templates)

    def ids(self, rule: str, n: int, **values: Any) -> TemplateIds:
        """check_ids of n checks of one of this family's rules, from its template (formed on request)."""
        return TemplateIds(self.templates[rule], n, values)

    def ids_by_rule(self, rules: np.ndarray, **values: Any) -> RuleIds:
        """check_ids of checks whose rule varies (one of this family's rules per check)."""
        return RuleIds(self, np.asarray(rules, dtype=object), values)


def _at(values: dict[str, Any], at: np.ndarray) -> dict[str, Any]:
    """The values of the checks at these (ascending) positions (a Decoded column's texts formed now)."""
    n = max((len(v) for v in values.values() if not isinstance(v, str)), default=0)
    every = len(at) == n and (n == 0 or (at[0] == 0 and at[-1] == n - 1))
    return {k: v if isinstance(v, str) else v[at] if isinstance(v, Decoded) else v if every else np.asarray(v)[at]
            for k, v in values.items()}


@dataclass(frozen=True)
class TemplateIds:
    """The ids of n checks, a template filled with their values (formed only for the checks asked for)."""

    template: Template
    n: int
    values: dict[str, Any]

    def __len__(self) -> int:
        return self.n

    def take(self, at: np.ndarray) -> np.ndarray:
        return self.template.ids(len(at), _at(self.values, at))


@dataclass(frozen=True)
class RuleIds:
    """The ids of checks of several rules of one family, each by its rule's template."""

    family: IdentityFamily
    rules: np.ndarray
    values: dict[str, Any]

    def __len__(self) -> int:
        return len(self.rules)

    def take(self, at: np.ndarray) -> np.ndarray:
        out = np.empty(len(at), dtype=object)
        rules = self.rules[at]
        for rule, template in self.family.templates.items():
            sel = np.flatnonzero(rules == rule)
            if len(sel):
                out[sel] = template.ids(len(sel), _at(self.values, at[sel]))
        return out


FAMILIES: dict[str, IdentityFamily] = {}  # in the order declared


def family(name: str, templates: dict[str, str], reads: dict[str, tuple[str, ...]]
           ) -> Callable[[Callable[[Context, IdentityFamily], list[CheckColumns]]], Callable[[Context, IdentityFamily], list[CheckColumns]]]:
    """Register a family: ``@family("name", {rule: template}, {table: columns})`` on its function
    ``(ctx, fam) -> list[CheckColumns]`` (the function forms its ids with ``fam.ids(rule, n, ...)``)."""

    def register(run: Callable[[Context, IdentityFamily], list[CheckColumns]]) -> Callable[[Context, IdentityFamily], list[CheckColumns]]:
        if name in FAMILIES:
            raise ValueError(f"identity family {name} declared twice")
        FAMILIES[name] = IdentityFamily(name, {r: Template(t) for r, t in templates.items()}, reads, run,
                                        (run.__doc__ or "").strip())
        return run

    return register


def tables_read() -> set[str]:
    """Every table some family reads."""
    return {t for f in FAMILIES.values() for t in f.reads}


def columns_read(table: str) -> set[str]:
    """The columns of a table the families declare they read (besides its x-roles report and fact key)."""
    return {c for f in FAMILIES.values() for c in f.reads.get(table, ())}
