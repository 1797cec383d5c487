"""Source texts: where each report's text is kept, and the local cache that `xinfang sources fetch` fills.

Every report records, in reports.csv, where its document was published (``source_url``, when
known), when it was retrieved (``retrieved_on``), and where a stable copy of its text is kept
(``archive_url``) — the provenance record OWID keeps per snapshot. The copy is identified by its
SHA-256 (``source_sha256``), so a text is only ever accepted when its bytes are the ones cited.

``fetch`` downloads every text that no sources folder holds yet into the cache, with pooch (which
writes to a temporary file beside the target and moves it into place only once the checksum
matches, so a failed or interrupted download never leaves a partial file where a good one is
expected; a second run resumes with what is still missing). Only ``https`` addresses under the
prefixes of ``policy/source_hosts.txt`` are fetched (a pull request cannot make CI fetch from
anywhere else), at most MAX_BYTES each, with a timeout. ``--mirror URL`` fetches every text as
``URL/<source_file>`` instead (an operator's choice: a local server, another archive).

The gate's default sources are the cache, then ``../shared/sources`` beside the package.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from .package import Package, records
from .safe_io import MAX_POLICY_BYTES, inside, read_bytes

CACHE_ENV = "XINFANG_SOURCES_CACHE"
HOSTS = Path("policy") / "source_hosts.txt"
MAX_BYTES = 50 * 1024 * 1024  # a report's text is tens to hundreds of kilobytes
TIMEOUT = 30.0


def cache_dir(root: Path) -> Path:
    """The cache of fetched source texts: $XINFANG_SOURCES_CACHE, else build/sources in the package."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path(root) / "build" / "sources"


def shared_sources(root: Path) -> Path:
    return (Path(root) / ".." / "shared" / "sources").resolve()


def default_folders(root: Path) -> list[Path]:
    """The folders the gate looks for source texts in, in order: those that exist of the cache and ../shared/sources."""
    return [p for p in (cache_dir(root), shared_sources(root)) if p.is_dir()]


def _policy_lines(root: Path) -> list[str]:
    """The lines of policy/source_hosts.txt, comments removed: read inside the package and bounded; an
    address without a path after its host (https://host, which would also admit https://host.evil/)
    is left out."""
    if not (Path(root) / HOSTS).is_file():
        return []
    text = read_bytes(inside(Path(root), HOSTS.as_posix()), MAX_POLICY_BYTES, HOSTS.as_posix()).decode("utf-8")
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return [line for line in lines if not line.split()[-1:] or _has_path(line.split()[-1])]


def _has_path(address: str) -> bool:
    return not address.startswith("https://") or urlsplit(address).path.startswith("/")


def allowed_prefixes(root: Path) -> list[str]:
    """The addresses an archive_url may start with."""
    return [line for line in _policy_lines(root) if line.startswith("https://")]


def redirect_prefixes(root: Path) -> list[str]:
    """The addresses an allowed archive may redirect to (``redirect https://…`` lines: the storage
    GitHub serves attachments from), besides the allowed addresses themselves."""
    out = []
    for line in _policy_lines(root):
        word, _, rest = line.partition(" ")
        if word == "redirect" and rest.strip().startswith("https://"):
            out.append(rest.strip())
    return out


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


class _Redirected(Exception):
    pass


def redirect_guard(prefixes: list[str]) -> Callable[..., Any]:
    """A requests response hook that refuses a redirect to an address outside ``prefixes`` before
    it is followed (an allowed host cannot pass the download on to any other)."""

    def hook(response: Any, *args: Any, **kwargs: Any) -> Any:
        if response.is_redirect:
            target = urljoin(response.url, response.headers.get("location", ""))
            if not any(target.startswith(p) for p in prefixes):
                response.close()
                raise _Redirected(f"redirected to {target[:120]}, which is not an allowed address ({HOSTS}); nothing was fetched from it")
        return response

    return hook


@dataclass
class Outcome:
    report_id: str
    source_file: str
    status: str  # present | fetched | failed
    message: str = ""


class _TooLarge(Exception):
    pass


class _Capped:
    """A file that refuses to grow past a limit (a hostile server cannot fill the disk)."""

    def __init__(self, path: str, limit: int) -> None:
        self._fh = open(path, "w+b")  # noqa: SIM115 - closed by the downloader below
        self._limit, self._size = limit, 0

    def write(self, data: bytes) -> int:
        self._size += len(data)
        if self._size > self._limit:
            raise _TooLarge(f"larger than {self._limit:,} bytes")
        return self._fh.write(data)

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


def _downloader(timeout: float, progressbar: bool, limit: int, redirects: list[str]) -> Callable[[str, Any, Any], None]:
    import pooch

    http = pooch.HTTPDownloader(progressbar=progressbar, timeout=timeout, allow_redirects=True,
                                hooks={"response": [redirect_guard(redirects)]})

    def download(url: str, output_file: Any, pup: Any) -> None:
        out = _Capped(str(output_file), limit)
        try:
            http(url, out, pup)
        finally:
            out.close()

    return download


def _reason(exc: BaseException, url: str, timeout: float) -> str:
    import requests

    if isinstance(exc, _Redirected):
        return f"{url}: {exc}"
    if isinstance(exc, _TooLarge):
        return f"{url}: the file is {exc}: a report's text is far smaller; check archive_url"
    if isinstance(exc, requests.exceptions.Timeout):
        return f"{url}: no answer within {timeout:g} s (timeout); try again later, or pass --timeout"
    if isinstance(exc, requests.exceptions.HTTPError):
        code = exc.response.status_code if exc.response is not None else "?"
        return f"{url}: HTTP {code}; check archive_url (the copy may have moved)"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return f"{url}: could not connect (no network, or the host is down)"
    if isinstance(exc, ValueError) and "hash" in str(exc).lower():
        return (f"{url}: checksum mismatch: the file served is not the text reports.csv cites (source_sha256); "
                "nothing was kept. If the source changed, re-check every quote of the report before updating the checksum")
    return f"{url}: {type(exc).__name__}: {str(exc)[:200]}"


def url_of(row: dict[str, Any], mirror: str | None, prefixes: list[str]) -> tuple[str | None, str]:
    """(the address to fetch a report's text from, or None; why not)."""
    name = str(row["source_file"])
    if mirror:
        return f"{mirror.rstrip('/')}/{name}", ""
    url = row.get("archive_url")
    if not isinstance(url, str) or not url:
        return None, "no archive_url: record in reports.csv where a stable copy of the text is kept"
    if not url.startswith("https://") or not any(url.startswith(p) for p in prefixes):
        return None, (f"archive_url {url[:120]} is not under an allowed address ({HOSTS}): "
                      "the gate's CI fetches only from the archives listed there")
    return url, ""


def fetch(pkg: Package, cache: Path | None = None, mirror: str | None = None, timeout: float = TIMEOUT,
          progressbar: bool = False, limit: int = MAX_BYTES, folders: list[Path] | None = None) -> list[Outcome]:
    """Download every report's text that is in none of the folders (default: the cache and
    ../shared/sources, verified by checksum) into the cache; one outcome per report."""
    import pooch

    root = Path(pkg.root)
    cache = cache or cache_dir(root)
    folders = default_folders(root) if folders is None else folders
    prefixes = allowed_prefixes(root)
    redirects = prefixes + redirect_prefixes(root) + ([_origin(mirror)] if mirror else [])  # a mirror is the operator's: its host is trusted
    download = _downloader(timeout, progressbar, limit, redirects)
    out = []
    for row in records(pkg.table("reports")):
        rid, name, digest = str(row["report_id"]), str(row["source_file"]), str(row["source_sha256"]).lower()
        if "/" in name or "\\" in name or name in ("", ".", ".."):
            out.append(Outcome(rid, name, "failed", "source_file must be a plain file name"))
            continue
        held = next((f / name for f in folders if (f / name).is_file() and pooch.file_hash(str(f / name)) == digest), None)
        if held is not None:
            out.append(Outcome(rid, name, "present", str(held)))
            continue
        url, why = url_of(row, mirror, prefixes)
        if url is None:
            out.append(Outcome(rid, name, "failed", why))
            continue
        try:
            pooch.retrieve(url, known_hash=f"sha256:{digest}", fname=name, path=cache, downloader=download, progressbar=progressbar)
        except Exception as exc:  # noqa: BLE001 - every failure is reported per report
            out.append(Outcome(rid, name, "failed", _reason(exc, url, timeout)))
            continue
        out.append(Outcome(rid, name, "fetched", str(cache / name)))
    return out
