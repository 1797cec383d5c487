"""Safe file access: the one way every command opens a file named by a package (or its sources).

A pull request is untrusted input, so a path written in a descriptor, a schema or a table is
resolved and refused unless it stays inside its base folder (the package, or the sources folder)
after following symbolic links; nothing is ever fetched (see ``no_network``); every read has a size
limit; JSON has a bounded nesting depth; zip archives are read with limits on entry count, size and
compression ratio. Each refusal is a ``PackageError`` (or a subclass) whose message names the
place and says what to do.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

# ---------------------------------------------------------------- limits (README: "What the gate reads")

MiB = 1 << 20
MAX_DESCRIPTOR_BYTES = 64 * MiB  # a national package's descriptor (30,000 sources) is about 14 MB
MAX_SCHEMA_BYTES = 1 * MiB
MAX_POLICY_BYTES = 1 * MiB  # policy/denylist.sha256
MAX_TABLE_BYTES = 512 * MiB  # one CSV; a national package's largest is under 100 MB
MAX_SOURCE_BYTES = 32 * MiB  # one source report (plain text); the real ones are under 100 KB
MAX_JSON_DEPTH = 32  # nesting of objects and lists; the descriptor and schemas need 6
MAX_ZIP_ENTRIES = 5_000
MAX_ZIP_TOTAL_BYTES = 1024 * MiB  # everything a zip unpacks to
MAX_ZIP_RATIO = 200  # uncompressed / compressed, per entry (CSV deflates about 5 to 10 times)


class PackageError(Exception):
    """The package cannot be read at all (missing or unparsable descriptor, unsafe path)."""


class UnsafePath(PackageError):
    """A path that leads outside its base folder, or that is not a plain relative path."""


class TooLarge(PackageError):
    """A file (or a zip entry) above its size limit."""


_CONTROL = re.compile(r"[\x00-\x1f]")  # a control character (below U+0020)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # a URL's scheme, or a drive letter


def unsafe_path_reason(path: Any) -> str | None:
    """Why a path may not be used, or None when it is a plain relative path (no URL, no
    absolute path, no '..'). Symbolic links are checked by ``refusal``, which needs the folder."""
    if not isinstance(path, str) or not path:
        return "the path must be a non-empty string (one file per resource)"
    if _CONTROL.search(path):
        return "the path holds control characters"
    if "://" in path or path.startswith("//") or _SCHEME.match(path):
        return "URLs are not allowed: nothing is ever fetched"
    if path.startswith("/") or path.startswith("\\") or (len(path) > 1 and path[1] == ":"):
        return "absolute paths are not allowed"
    parts = path.replace("\\", "/").split("/")
    if ".." in parts:
        return "'..' is not allowed: the file must be inside the package"
    return None


def refusal(base: Path, rel: Any, what: str = "the package") -> str | None:
    """Why ``base/rel`` may not be opened, or None: a plain relative path whose target, after
    following every symbolic link, is inside ``base`` (itself resolved)."""
    reason = unsafe_path_reason(rel)
    if reason:
        return reason
    try:
        top = Path(base).resolve()
        target = (top / rel).resolve()
    except (OSError, RuntimeError, ValueError):
        return "the path cannot be resolved (a loop of symbolic links?)"
    if target != top and not target.is_relative_to(top):
        return f"it leads outside {what} through a symbolic link (to {excerpt(str(target), 60)})"
    return None


def inside(base: Path, rel: Any, what: str = "the package") -> Path:
    """The resolved path of ``base/rel``; UnsafePath when it is not inside ``base`` (see refusal)."""
    reason = refusal(base, rel, what)
    if reason:
        raise UnsafePath(f"{excerpt(str(rel), 80)}: refused: {reason}")
    return (Path(base).resolve() / rel).resolve()


def check_size(path: str | Path, limit: int, label: str | None = None) -> int:
    """The size of a regular file; TooLarge above ``limit``, PackageError for anything but a file."""
    label = label or str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise PackageError(f"{label}: cannot be read ({exc.strerror})") from exc
    if not stat.S_ISREG(st.st_mode):
        raise PackageError(f"{label}: not a regular file")
    if st.st_size > limit:
        raise TooLarge(f"{label}: {st.st_size:,} bytes, above the limit of {limit:,} bytes")
    return st.st_size


def read_bytes(path: str | Path, limit: int, label: str | None = None) -> bytes:
    """At most ``limit`` bytes of a regular file (TooLarge past it: a file may grow while read)."""
    label = label or str(path)
    size = check_size(path, limit, label)
    try:
        # by its file descriptor, without Python's file objects (a national package's 30,000 source
        # texts are read in two thirds of the time); the size read first, so that no buffer of the
        # limit's size is allocated for a small file; a file that grew meanwhile is read on, up to
        # one byte past the limit
        fd = os.open(path, _READ_FLAGS)
        try:
            data = _read_up_to(fd, size + 1)
            if len(data) > size:
                data += _read_up_to(fd, limit + 1 - len(data))
        finally:
            os.close(fd)
    except OSError as exc:
        raise PackageError(f"{label}: cannot be read ({exc.strerror})") from exc
    if len(data) > limit:
        raise TooLarge(f"{label}: above the limit of {limit:,} bytes")
    return data


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)  # O_BINARY: Windows


def _read_up_to(fd: int, n: int) -> bytes:
    """n bytes of the file, or fewer at its end (a read may return less than asked: read on)."""
    data = os.read(fd, n)
    if not data or len(data) == n:
        return data
    chunks = [data]
    got = len(data)
    while got < n:
        chunk = os.read(fd, n - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def json_depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (iterative: no recursion on hostile input; only the
    containers are visited, a descriptor's hundreds of thousands of texts are not)."""
    depth = 0
    level = [value] if isinstance(value, (dict, list)) else []
    while level:  # one level of containers at a time (a descriptor's 30,000 sources are one list of them)
        depth += 1
        below: list[Any] = []
        for v in level:
            below += [x for x in (v.values() if isinstance(v, dict) else v) if isinstance(x, (dict, list))]
        level = below
    return depth


def parse_json(data: bytes, label: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """JSON from UTF-8 bytes, with bounded nesting; every failure a PackageError naming the place."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackageError(f"{label}: not UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8") from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PackageError(f"{label}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError as exc:
        raise PackageError(f"{label}: JSON nested deeper than {max_depth} levels is refused") from exc
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise PackageError(f"{label}: not valid JSON: {excerpt(str(exc), 120)}") from exc
    if json_depth(value) > max_depth:
        raise PackageError(f"{label}: JSON nested deeper than {max_depth} levels is refused")
    return value


def load_json(base: Path, rel: str, limit: int, what: str = "the package") -> Any:
    """A JSON file inside ``base`` (see inside, read_bytes and parse_json)."""
    path = inside(base, rel, what)
    return parse_json(read_bytes(path, limit, rel), rel)


# ---------------------------------------------------------------- zip archives

def extract_zip(archive: Path, dest: Path) -> None:
    """Unpack a zip into ``dest`` with limits: entry count, bytes per entry and in all (counted
    as they are written, not as the archive claims), compression ratio; names must stay inside
    ``dest``; only plain files and folders (no links)."""
    label = str(archive)
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PackageError(f"{label}: not a readable zip ({exc})") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise TooLarge(f"{label}: {len(infos):,} entries, above the limit of {MAX_ZIP_ENTRIES:,}")
        total = 0
        top = dest.resolve()
        for info in infos:
            name = info.filename
            member = PurePosixPath(name)
            if unsafe_path_reason(name.rstrip("/") or ".") or member.is_absolute() or ".." in member.parts:
                raise UnsafePath(f"{label}: entry '{excerpt(name, 80)}' would be written outside the folder; refusing this zip")
            mode = (info.external_attr >> 16) & 0o170000
            if mode and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise UnsafePath(f"{label}: entry '{excerpt(name, 80)}' is not a plain file (a link?); refusing this zip")
            target = (top / name).resolve()
            if not target.is_relative_to(top):
                raise UnsafePath(f"{label}: entry '{excerpt(name, 80)}' would be written outside the folder; refusing this zip")
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            if info.file_size > MAX_TABLE_BYTES:
                raise TooLarge(f"{label}: entry '{excerpt(name, 80)}' claims {info.file_size:,} bytes, above the limit of {MAX_TABLE_BYTES:,}")
            target.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            try:
                with zf.open(info) as src, open(target, "wb") as out:
                    while chunk := src.read(1 << 16):
                        written += len(chunk)
                        total += len(chunk)
                        if written > MAX_TABLE_BYTES or total > MAX_ZIP_TOTAL_BYTES:
                            raise TooLarge(f"{label}: entry '{excerpt(name, 80)}' unpacks past the limit "
                                           f"({MAX_TABLE_BYTES:,} bytes per entry, {MAX_ZIP_TOTAL_BYTES:,} in all)")
                        if written > 1 * MiB and written > MAX_ZIP_RATIO * max(info.compress_size, 1):
                            raise TooLarge(f"{label}: entry '{excerpt(name, 80)}' unpacks more than {MAX_ZIP_RATIO} times its "
                                           "compressed size (a zip bomb?); refusing this zip")
                        out.write(chunk)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
                raise PackageError(f"{label}: entry '{excerpt(name, 80)}' cannot be read ({excerpt(str(exc), 120)})") from exc


# ---------------------------------------------------------------- nothing is fetched

_BLOCKED = {"depth": 0}
_BLOCKED_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                   "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect", "ftplib.connect",
                   "smtplib.connect", "webbrowser.open"}
_HOOK = threading.Lock()
_installed: list[bool] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _BLOCKED["depth"] and event in _BLOCKED_EVENTS:
        if event in ("socket.connect", "socket.sendto", "socket.sendmsg") and not isinstance(args[1] if len(args) > 1 else None, tuple):
            return  # a local (AF_UNIX) socket: how multiprocessing's forkserver talks to its workers, not the network
        raise PermissionError(f"xinfang fetches nothing: {event} refused")


@contextmanager
def no_network() -> Iterator[None]:
    """While inside, any attempt of this process (and of processes forked from it) to open a
    connection or resolve a name raises PermissionError: whatever a library makes of a
    descriptor, nothing is fetched. An audit hook (sys.addaudithook), installed once."""
    with _HOOK:
        if not _installed:
            sys.addaudithook(_audit)
            _installed.append(True)
        _BLOCKED["depth"] += 1
    try:
        yield
    finally:
        with _HOOK:
            _BLOCKED["depth"] -= 1


# ---------------------------------------------------------------- what is printed

# C0/C1 controls (but tab and line feed), DEL, bidirectional controls, and the soft hyphen, zero-width
# and other invisible format characters that make text read differently from what it holds: defined
# once here (the safety layer's cell check reads the same ranges, with tab and line feed in all but notes)
UNSAFE_RANGES = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F),
                 (0x202A, 0x202E), (0x2060, 0x2069), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB))
UNSAFE_RANGES_STRICT = ((0x09, 0x0A), *UNSAFE_RANGES)  # tab and line feed too (every cell but a note)


def char_class(ranges: tuple[tuple[int, int], ...], re2: bool = False) -> str:
    """A regular-expression character class of these code-point ranges, for Python's re or for RE2."""
    if re2:
        return "[" + "".join(f"\\x{{{lo:x}}}-\\x{{{hi:x}}}" for lo, hi in ranges) + "]"
    return "[" + "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in ranges) + "]"


_UNSAFE_CHARS = re.compile(char_class(UNSAFE_RANGES))


def escape(text: str, keep_newlines: bool = False) -> str:
    """Text safe to print on a terminal: control, bidi and invisible characters as \\x../\\u.... escapes."""
    def esc(m: re.Match[str]) -> str:
        c = ord(m.group(0))
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    out = _UNSAFE_CHARS.sub(esc, text)
    return out if keep_newlines else out.replace("\t", "\\t").replace("\n", "\\n")


def excerpt(text: str, limit: int = 60) -> str:
    """At most ``limit`` characters of a value, escaped, with how much was left out."""
    if len(text) > limit:
        return escape(text[:limit]) + f"… [{len(text) - limit:,} more characters]"
    return escape(text)


def json_safe(text: str) -> str:
    """JSON text with control, bidi and invisible characters as \\u escapes (still valid JSON:
    json.dumps writes such characters only inside strings)."""
    return _UNSAFE_CHARS.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
