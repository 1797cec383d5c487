"""The Data Package and Table Schema profiles, checked by frictionless, and checked early.

``schema_profile_errors`` (a Table Schema against the Table Schema profile) and
``package_profile_errors`` (the descriptor frictionless is handed against the Data Package v2
profile) give frictionless's verdicts as (error type, note), cached by the descriptor's text.

Importing frictionless and running these checks is a third of the gate's work on a small package.
So a run that has not imported frictionless yet (the ``xinfang`` command), on a machine with a core
to spare, starts a helper process at its beginning (``start``, ``prefetch``): the helper imports
only frictionless, computes the verdicts the run is likely to ask for, and hands them back, while
the main process reads the tables and checks them (gate/validate.py runs the layers meanwhile on
the resources readable if every schema is valid, and again should one not be). A
verdict the helper did not compute, or a helper that failed, is computed in the main process: the
same function either way, so the same result. The helper fetches nothing (safe_io.no_network) and
reads nothing but its standard input; it is stopped at the end of the run (``discard``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from typing import Any

from ..safe_io import no_network

Verdict = list[tuple[str, str]]
_VERDICTS: dict[tuple[str, str], Verdict] = {}  # (kind, the document's text) -> frictionless's verdict
_MAX_CACHED = 1_000
HELPER_TIMEOUT_S = 300


def key(document: Any) -> str:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)


def _compute(kind: str, document: Any) -> Verdict:
    """frictionless's verdict on a document (kind "schema" or "package")."""
    from frictionless import FrictionlessException, Package, Schema

    if kind == "package":  # errors of the validator itself are the caller's (the structure layer reports a crash)
        return [(e.type, e.note or e.message) for e in Package.metadata_validate(document)]
    try:
        return [(e.type, e.note or e.message) for e in Schema.metadata_validate(document)]
    except FrictionlessException as exc:
        return [(exc.error.type, exc.error.note or exc.error.message)]
    except Exception as exc:  # noqa: BLE001 - whatever the validator cannot take is not a schema
        return [("schema-error", f"the schema cannot be validated: {exc!r}")]


def _verdict(kind: str, document: Any) -> Verdict:
    k = (kind, key(document))
    if k not in _VERDICTS:
        _collect()
    if k not in _VERDICTS:
        found = _compute(kind, document)
        if len(_VERDICTS) > _MAX_CACHED:
            _VERDICTS.clear()
        _VERDICTS[k] = found
    return list(_VERDICTS[k])


def schema_profile_errors(schema: dict[str, Any]) -> Verdict:
    """What frictionless finds wrong with a Table Schema against its profile (empty: valid)."""
    return _verdict("schema", schema)


def package_profile_errors(descriptor: dict[str, Any]) -> Verdict:
    """What frictionless finds wrong with a package descriptor against the Data Package v2 profile."""
    return _verdict("package", descriptor)


# ---------------------------------------------------------------- the helper process

class _Helper:
    """The helper process: it imports frictionless as soon as it starts, then computes the verdicts
    of the items it is sent (send), which a thread hands over and waits for."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []
        self.result: list[Verdict | None] | None = None
        self.thread: threading.Thread | None = None
        self.proc = subprocess.Popen([sys.executable, "-m", "xinfang.gate.profiles"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)

    def send(self, items: list[tuple[str, str]]) -> None:
        self.items = items
        self.thread = threading.Thread(target=self._talk, daemon=True)
        self.thread.start()

    def _talk(self) -> None:
        try:
            out, _ = self.proc.communicate(json.dumps(self.items, ensure_ascii=False).encode("utf-8"), timeout=HELPER_TIMEOUT_S)
            answer = json.loads(out.decode("utf-8")) if self.proc.returncode == 0 else None
            if isinstance(answer, list) and len(answer) == len(self.items):
                self.result = [None if v is None else [(str(t), str(n)) for t, n in v] for v in answer]
        except Exception:  # noqa: BLE001 - a helper that fails leaves the verdicts to the main process
            self.stop()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join(HELPER_TIMEOUT_S + 10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass


_HELPER: list[_Helper] = []  # at most one: the helper of the current run


def a_core_is_free() -> bool:
    """Whether the machine has a core to spare for the helper (the load average, this process
    included, leaves one): on a busy machine a second process only competes with the first."""
    try:
        return os.getloadavg()[0] <= (os.cpu_count() or 1) - 1
    except (AttributeError, OSError):  # no load average (Windows): no helper
        return False


def start() -> None:
    """Start the helper now, so that it imports frictionless while this process imports the rest
    (the xinfang command calls it first); nothing when frictionless is imported here already, or
    when no core is free."""
    if "frictionless" in sys.modules or _HELPER or not a_core_is_free():
        return
    try:
        _HELPER.append(_Helper())
    except OSError:  # no helper process here: the main process computes the verdicts
        pass


def prefetch(schemas: list[dict[str, Any]], descriptor: dict[str, Any] | None) -> None:
    """Have the helper compute these verdicts (starting it unless frictionless is imported here)."""
    start()
    if not _HELPER or _HELPER[0].thread is not None:
        return
    items = [("schema", key(s)) for s in schemas] + ([("package", key(descriptor))] if descriptor is not None else [])
    _HELPER[0].send(list(dict.fromkeys(i for i in items if i not in _VERDICTS)))


def pending() -> bool:
    """Whether a helper is computing verdicts that have not been collected yet."""
    return bool(_HELPER) and _HELPER[0].thread is not None


def _collect() -> None:
    """The helper's verdicts into the cache (waiting for it), then no helper."""
    if not _HELPER:
        return
    helper = _HELPER.pop()
    helper.wait()
    if helper.result is not None:
        for item, verdict in zip(helper.items, helper.result, strict=True):
            if verdict is not None:
                _VERDICTS[item] = verdict
    helper.stop()


def discard() -> None:
    """Stop the helper of this run, if any is left (a run that asked for none of its verdicts)."""
    while _HELPER:
        helper = _HELPER.pop()
        helper.stop()
        if helper.thread is not None:
            helper.thread.join(10)


def _serve() -> None:
    """The helper: frictionless imported first; then (kind, text) items on standard input, their
    verdicts (or None where frictionless raised) on standard output, as JSON."""
    with no_network():
        import frictionless  # noqa: F401 - imported while the main process starts

    items = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    out: list[Verdict | None] = []
    with no_network():
        for kind, text in items:
            try:
                out.append(_compute(kind, json.loads(text)))
            except Exception:  # noqa: BLE001 - the main process computes it again and reports as it does
                out.append(None)
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False).encode("utf-8"))


if __name__ == "__main__":
    _serve()
