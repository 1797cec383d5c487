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

The verdicts can also be kept between runs, in a cache outside the package, when the user asks
for it (``cache_path``: the folder $XINFANG_CACHE_DIR; unset or empty, none is kept — the default,
so that by default the gate reads nothing but the package and its sources): frictionless's verdict is a function of the document's text and of
the libraries that judged it, so a run whose descriptor and schemas were judged before by the same
frictionless, jsonschema and Python (the key of the file) takes the verdicts from there and does
not import frictionless at all. Entries are keyed by the SHA-256 of the document's text; only this
module writes the file (``save``, at the end of a run, replacing it whole), it is read bounded
(safe_io) and a file that is not exactly what ``save`` writes is ignored: the verdicts are
computed again. A contributor who adds a report changes the descriptor (its sources), so the
descriptor's verdict is computed once more; the schemas' stay in the cache.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..safe_io import PackageError, no_network, parse_json, read_bytes

Verdict = list[tuple[str, str]]
_VERDICTS: dict[tuple[str, str], Verdict] = {}  # (kind, the document's text) -> frictionless's verdict
_MAX_CACHED = 1_000
HELPER_TIMEOUT_S = 300
CACHE_ENV = "XINFANG_CACHE_DIR"
CACHE_FILE = "profile-verdicts.json"
CACHE_FORMAT = 1  # what _compute returns and how the file is laid out: a change makes every entry stale
MAX_CACHE_BYTES = 16 * 1024 * 1024
MAX_CACHE_ENTRIES = 2_000


_LARGE_KEY = 1 << 16  # a document's text this long is remembered (below it, serialising again costs little)
_LAST_KEY: list[tuple[Any, str]] = []  # the large document last serialised and its text (at most one; none after save)


def key(document: Any) -> str:
    """The document's text, the key of its verdict. The large one last asked about is remembered
    by identity: the descriptor handed to frictionless (references.frictionless_descriptor gives
    the prefetch and the structure layer the same object, never changed) is 16 MB of text at
    national scale, serialised once a run."""
    if _LAST_KEY and _LAST_KEY[0][0] is document:
        return _LAST_KEY[0][1]
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    if len(text) >= _LARGE_KEY:
        _LAST_KEY[:] = [(document, text)]
    return text


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
    if k not in _VERDICTS and not _from_disk(k):
        _collect()
    if k not in _VERDICTS:
        found = _compute(kind, document)
        if len(_VERDICTS) > _MAX_CACHED:
            _VERDICTS.clear()
        _VERDICTS[k] = found
        _remember(k, found)
    if cache_path() is not None:
        _STORED.used.add(_digest(k))
    return list(_VERDICTS[k])


def _remember(k: tuple[str, str], verdict: Verdict) -> None:
    """A verdict this run computed, for save (nothing to keep, no digest: no cache, the default)."""
    if cache_path() is not None:
        _STORED.new[_digest(k)] = verdict


def schema_profile_errors(schema: dict[str, Any]) -> Verdict:
    """What frictionless finds wrong with a Table Schema against its profile (empty: valid)."""
    return _verdict("schema", schema)


def package_profile_errors(descriptor: dict[str, Any]) -> Verdict:
    """What frictionless finds wrong with a package descriptor against the Data Package v2 profile."""
    return _verdict("package", descriptor)


# ---------------------------------------------------------------- the verdicts of earlier runs

class _Stored:
    """The cache file's verdicts (read when first needed), those this run computed, those it used."""

    def __init__(self) -> None:
        self.loaded: dict[str, Verdict] | None = None
        self.path: Path | None = None  # the file loaded was read from
        self.new: dict[str, Verdict] = {}
        self.used: set[str] = set()


_STORED = _Stored()


def cache_path() -> Path | None:
    """The cache file, in $XINFANG_CACHE_DIR; None (no cache: the default) when it is unset or empty."""
    folder = os.environ.get(CACHE_ENV, "")
    return Path(folder) / CACHE_FILE if folder.strip() else None


def _libraries() -> str:
    """What a verdict depends on besides the document: the judging libraries (their installed
    versions and files) and Python; found without importing them."""
    parts = [f"format {CACHE_FORMAT}", f"python {sys.version.split()[0]}"]
    for name in ("frictionless", "jsonschema", "referencing", "jsonschema_specifications", "rpds"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        if not origin or not os.path.isfile(origin):
            parts.append(f"{name} not found")
            continue
        site = Path(origin).parent.parent
        dists = sorted(p.name for p in site.glob(f"{name}-*.dist-info"))
        parts.append(f"{name} {origin} {os.stat(origin).st_mtime_ns} {dists}")
    return "; ".join(parts)


@functools.lru_cache(maxsize=64)  # a run asks for a document's digest several times (a national descriptor's text is 16 MB)
def _digest(k: tuple[str, str]) -> str:
    return hashlib.sha256(f"{k[0]}\n{k[1]}".encode()).hexdigest()


def _is_verdict(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e) for e in value)


def _load_stored() -> dict[str, Verdict]:
    """The cache file's verdicts for these libraries; nothing when it is missing, unreadable, too
    large, for other libraries, or not in the form save writes."""
    path = cache_path()
    if _STORED.loaded is not None and _STORED.path == path:
        return _STORED.loaded
    _STORED.loaded, _STORED.path = {}, path
    if path is None or not path.is_file():
        return _STORED.loaded
    try:
        doc = parse_json(read_bytes(path, MAX_CACHE_BYTES), str(path))
    except (PackageError, OSError):
        return _STORED.loaded
    if not isinstance(doc, dict) or doc.get("libraries") != _libraries() or not isinstance(doc.get("verdicts"), dict):
        return _STORED.loaded
    verdicts = doc["verdicts"]
    if all(isinstance(k, str) and len(k) == 64 and _is_verdict(v) for k, v in verdicts.items()):
        _STORED.loaded = {k: [(t, n) for t, n in v] for k, v in verdicts.items()}
    return _STORED.loaded


def _from_disk(k: tuple[str, str]) -> bool:
    """Whether the cache of earlier runs holds this verdict (then it is in _VERDICTS)."""
    stored = _load_stored()
    found = stored.get(_digest(k)) if stored else None
    if found is None:
        return False
    _VERDICTS[k] = list(found)
    return True


def save() -> None:
    """Write the verdicts this run computed into the cache file, with those kept there (the ones
    this run used first, should there be too many); nothing when it computed none. A file that
    cannot be written is left as it is: the cache only saves time."""
    _LAST_KEY.clear()  # the run is over: its descriptor is not kept alive
    path = cache_path()
    new, used = dict(_STORED.new), set(_STORED.used)
    _STORED.new.clear()
    _STORED.used.clear()
    if path is None or not new:
        return
    kept = {k: v for k, v in _load_stored().items() if k not in new}
    if len(kept) + len(new) > MAX_CACHE_ENTRIES:
        kept = {k: v for k, v in kept.items() if k in used}
    merged = {**kept, **new}
    doc = {"libraries": _libraries(), "verdicts": merged}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".profile-verdicts-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(doc, fh, ensure_ascii=False)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return
    _STORED.loaded, _STORED.path = merged, path


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
    """Whether the machine has a core to spare for the helper: on a busy machine a second process
    only competes with the first (core_is_free)."""
    try:
        load: float | None = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average (Windows)
        load = None
    return core_is_free(runnable_now(), load, os.cpu_count() or 1)


def core_is_free(runnable: int | None, load: float | None, cores: int) -> bool:
    """Whether the processes running, this one included, leave a core: those runnable now where
    the system says (runnable), else the load average of the last minute (load); neither: no.
    The tasks runnable now, not the minute's average: a run that follows another one (a
    contributor's second run, a benchmark's next case) starts on a machine the average still
    counts busy for a minute."""
    if runnable is not None:
        return runnable <= cores - 1
    return load is not None and load <= cores - 1


def runnable_now(path: str = "/proc/loadavg") -> int | None:
    """The tasks runnable at this moment, this one included (Linux: the fourth field of
    /proc/loadavg, "runnable/all"); None where the system does not say."""
    try:
        with open(path, "rb") as fh:
            return int(fh.read(200).split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):
        return None


def start(eager: bool = True) -> None:
    """Start the helper now, so that it imports frictionless while this process imports the rest
    (the xinfang command calls it first); nothing when frictionless is imported here already, or
    when no core is free, or (eager: before the package is read) when verdicts of earlier runs are
    kept: prefetch starts it should one be missing there."""
    if "frictionless" in sys.modules or _HELPER or not a_core_is_free():
        return
    if eager and (path := cache_path()) is not None and path.is_file():
        return
    try:
        _HELPER.append(_Helper())
    except OSError:  # no helper process here: the main process computes the verdicts
        pass


def prefetch(schemas: list[dict[str, Any]], descriptor: dict[str, Any] | None) -> None:
    """Have the helper compute these verdicts (starting it unless frictionless is imported here),
    those the cache of earlier runs does not hold: none missing, no helper."""
    items = [("schema", key(s)) for s in schemas] + ([("package", key(descriptor))] if descriptor is not None else [])
    missing = list(dict.fromkeys(i for i in items if i not in _VERDICTS and not _from_disk(i)))
    if not missing:
        discard()
        return
    start(eager=False)
    if not _HELPER or _HELPER[0].thread is not None:
        return
    _HELPER[0].send(missing)


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
                _remember(item, verdict)
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
