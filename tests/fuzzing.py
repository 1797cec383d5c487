"""The fuzz harness: one hostile case (a JSON-able dict) run against a copy of the package.

A case names what to change and how; ``run_case`` applies it to a fresh copy, runs the command a
pull request would meet (validate, diff, extract, new-report) in a forked process with a time
bound, and returns what came out. ``check`` says what is wrong with an outcome: an exit code
other than 0, 1 or 2, a traceback or internal error, a crashed layer, or time or memory past the
bounds. ``nox -s fuzz`` (fuzz/fuzz_gate.py) generates cases with hypothesis; the cases it found
are kept in tests/fuzz_corpus/ and replayed by tests/test_fuzz_corpus.py.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / ".." / "shared" / "sources").resolve()
CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
SECONDS = 60.0  # per case (the gate on the real package takes a few)
MAX_RSS_BYTES = 3 << 30


@dataclass
class Outcome:
    code: int | None  # None: killed at the time bound
    stdout: str
    stderr: str
    seconds: float
    max_rss: int


def _copy(dest: Path) -> Path:
    from xinfang.package import copy_package

    return copy_package(ROOT, dest)


def _set(doc: Any, path: list[Any], value: Any, delete: bool = False) -> Any:
    """doc with the value at path (a list of keys and indexes) replaced, or deleted; a path that
    does not exist is created where it can be, else the change is dropped."""
    if not path:
        return value
    target = doc
    for key in path[:-1]:
        if isinstance(target, dict) and key in target:
            target = target[key]
        elif isinstance(target, list) and isinstance(key, int) and -len(target) <= key < len(target):
            target = target[key]
        else:
            return doc
    last = path[-1]
    if isinstance(target, dict):
        if delete:
            target.pop(last, None)
        else:
            target[str(last)] = value
    elif isinstance(target, list) and isinstance(last, int) and -len(target) <= last < len(target):
        if delete:
            del target[last]
        else:
            target[last] = value
    return doc


def apply(case: dict[str, Any], root: Path) -> list[str]:
    """Change the copy at root as the case says; the command line to run (without `xinfang`)."""
    kind = case["kind"]
    if kind in ("descriptor", "schema"):
        rel = "datapackage.json" if kind == "descriptor" else case["file"]
        target = root / rel
        if "raw" in case:
            target.write_bytes(case["raw"].encode("utf-8", errors="surrogatepass"))
        else:
            doc = json.loads(target.read_text(encoding="utf-8"))
            for change in case["changes"]:
                doc = _set(doc, change["path"], change.get("value"), change.get("delete", False))
            target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        return ["validate", str(root), "--data-docs", "", "--skip", "plausibility", *(["--sources", str(SOURCES)] if SOURCES.is_dir() else [])]
    if kind == "table":
        target = root / case["file"]
        if "raw" in case:
            target.write_bytes(bytes.fromhex(case["raw"]))
        else:
            import csv
            import io

            rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
            for change in case["changes"]:
                r, c = change["row"] % len(rows), change["col"]
                if c >= len(rows[r]):
                    rows[r].append(change["value"])
                else:
                    rows[r][c] = change["value"]
            rows.extend(case.get("extra_rows", []))
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(rows)
            target.write_text(buf.getvalue(), encoding="utf-8", errors="surrogatepass")
        return ["validate", str(root), "--data-docs", "", "--skip", "plausibility", *(["--sources", str(SOURCES)] if SOURCES.is_dir() else [])]
    if kind == "zip":
        archive = root.parent / "case.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(root.rglob("*")):
                if f.is_file() and f.relative_to(root).as_posix() not in case.get("drop", []):
                    zf.write(f, f.relative_to(root).as_posix())
            for entry in case.get("entries", []):
                zf.writestr(entry["name"], entry["data"].encode("utf-8", errors="surrogatepass"))
        return ["diff", str(ROOT), str(archive), "--format", case.get("format", "json")]
    if kind == "report":
        report = root.parent / "report.txt"
        report.write_bytes(case["text"].encode(case.get("encoding", "utf-8"), errors="replace"))
        out = root.parent / "out"
        if case.get("command") == "new-report":
            return ["new-report", str(report), "--out", str(out), "--package", str(root)]
        return ["extract", str(report), "--out", str(out), "--package", str(root)]
    raise ValueError(f"unknown case kind {kind!r}")


def run_case(case: dict[str, Any], seconds: float = SECONDS) -> Outcome:
    """Apply the case to a fresh copy and run its command in a forked child with a time bound."""
    with tempfile.TemporaryDirectory(prefix="xinfang-fuzz-") as tmp:
        work = Path(tmp)
        root = _copy(work / "pkg")
        argv = apply(case, root)
        out_path, err_path, rss_path = work / "stdout", work / "stderr", work / "rss"
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: run the command, as the CLI would
            code = 2
            try:
                fd_out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                fd_err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(fd_out, 1)
                os.dup2(fd_err, 2)
                import sys

                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                from xinfang.cli import main

                try:
                    code = main(argv)
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 2
                except BaseException:  # noqa: BLE001 - what main let through: a traceback
                    import traceback

                    traceback.print_exc()
                    code = 99
                sys.stdout.flush()
                sys.stderr.flush()
                rss_path.write_text(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))
            finally:
                os._exit(code if isinstance(code, int) else 2)
        code: int | None = None
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - start > seconds:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                break
            time.sleep(0.02)
        elapsed = time.monotonic() - start
        read = lambda p: p.read_text(encoding="utf-8", errors="replace") if p.exists() else ""  # noqa: E731
        rss = int(read(rss_path) or 0)
        return Outcome(code, read(out_path), read(err_path), elapsed, rss)


def check(outcome: Outcome, seconds: float = SECONDS) -> list[str]:
    """What is wrong with an outcome (empty: nothing)."""
    wrong = []
    if outcome.code is None:
        wrong.append(f"still running after {seconds:.0f} s")
    elif outcome.code not in (0, 1, 2):
        wrong.append(f"exit code {outcome.code}")
    text = outcome.stdout + outcome.stderr
    if "Traceback (most recent call last)" in text:
        wrong.append("a traceback")
    if "internal error" in outcome.stderr:
        wrong.append("an internal error: " + outcome.stderr.strip().splitlines()[-1][:300])
    if ".crashed" in text:
        wrong.append("a layer crashed: " + next(line for line in text.splitlines() if ".crashed" in line)[:300])
    if outcome.max_rss > MAX_RSS_BYTES:
        wrong.append(f"{outcome.max_rss / 2**30:.1f} GiB of memory")
    if len(text) > 5_000_000:
        wrong.append(f"{len(text):,} characters of output")
    return wrong


def save(case: dict[str, Any], why: list[str]) -> Path:
    """Keep a case that found something in the corpus (named by its content)."""
    import hashlib

    CORPUS.mkdir(exist_ok=True)
    text = json.dumps({**case, "found": why}, ensure_ascii=False, indent=1, sort_keys=True)
    path = CORPUS / f"{case['kind']}-{hashlib.sha256(text.encode('utf-8', errors='surrogatepass')).hexdigest()[:12]}.json"
    path.write_text(text + "\n", encoding="utf-8", errors="surrogatepass")
    return path


def corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []

