"""`xinfang sources fetch` against a real HTTP server on 127.0.0.1 serving ../shared/sources, then the
gate's provenance from the cache it filled."""

from __future__ import annotations

import csv
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import SOURCES, needs_sources, read_rows, set_cell, write_rows
from xinfang.cli import main
from xinfang.gate.validate import run_gate
from xinfang.package import load_package
from xinfang.sources import allowed_prefixes, fetch, url_of

pytestmark = needs_sources


class _Handler(BaseHTTPRequestHandler):
    """/ok/NAME: the source text; /wrong/NAME: other bytes; /slow/NAME: an answer after 3 s;
    /away/NAME: a redirect to http://localhost:PORT/ok/NAME (another host than the mirror's); /hop/NAME:
    a redirect to /ok/NAME (the mirror's host); anything else 404."""

    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        _Handler.requests.append(self.path)
        kind, _, name = self.path.strip("/").partition("/")
        if kind in ("away", "hop"):
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_address[1]}/ok/{name}" if kind == "away" else f"/ok/{name}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path = SOURCES / name
        if kind not in ("ok", "wrong", "slow") or "/" in name or not path.is_file():
            self.send_error(404)
            return
        if kind == "slow":
            time.sleep(3)
        body = path.read_bytes() if kind != "wrong" else b"not the cited text\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("XINFANG_SOURCES_CACHE", str(path))
    return path


def _reports(pkg: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((pkg / "data" / "reports.csv").open(encoding="utf-8")))


def test_fetch_downloads_every_text_verified_then_the_gate_checks_quotes_from_the_cache(pkg: Path, cache: Path, server: str,
                                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "fetch", str(pkg), "--mirror", f"{server}/ok", "--quiet"]) == 0
    reports = _reports(pkg)
    assert sorted(p.name for p in cache.iterdir()) == sorted(r["source_file"] for r in reports)
    assert all((cache / r["source_file"]).read_bytes() == (SOURCES / r["source_file"]).read_bytes() for r in reports)
    out = capsys.readouterr().out
    assert f"{len(reports)} of {len(reports)} source texts in place ({len(reports)} fetched" in out
    # a second run resumes: nothing left to fetch, nothing requested
    _Handler.requests.clear()
    assert main(["sources", "fetch", str(pkg), "--mirror", f"{server}/ok", "--quiet"]) == 0
    assert _Handler.requests == []
    # the gate's default sources include the cache (no ../shared/sources beside this copy)
    report = run_gate(pkg, sources=[cache], skip=("plausibility",))
    assert report.layers["provenance"] == "ran" and report.valid, report.errors
    rows = read_rows(pkg / "data/budgets.csv")
    at = rows[0].index("amount")
    line = next(i for i, r in enumerate(rows[1:], start=2) if r[at])
    set_cell(pkg / "data/budgets.csv", line, "amount", rows[line - 1][at] + "1")
    assert any(p.rule == "provenance.figure_not_in_quote" for p in run_gate(pkg, sources=[cache], skip=("plausibility",)).errors)


def test_checksum_mismatch_keeps_nothing(pkg: Path, cache: Path, server: str) -> None:
    outcomes = fetch(load_package(pkg), mirror=f"{server}/wrong", folders=[])
    assert outcomes and all(o.status == "failed" and "checksum mismatch" in o.message for o in outcomes)
    assert not cache.exists() or list(cache.iterdir()) == []  # no partial or wrong file left behind


def test_http_error_names_the_status(pkg: Path, cache: Path, server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "fetch", str(pkg), "--mirror", f"{server}/missing", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "HTTP 404" in err and "archive_url" in err
    assert not cache.exists() or list(cache.iterdir()) == []


def test_timeout_is_reported_and_leaves_no_file(pkg: Path, cache: Path, server: str) -> None:
    pk = load_package(pkg)
    only_one = pk.table("reports").iloc[:1]
    pk._frames["reports"] = only_one
    outcomes = fetch(pk, mirror=f"{server}/slow", timeout=0.5, folders=[])
    assert [o.status for o in outcomes] == ["failed"] and "timeout" in outcomes[0].message
    assert not cache.exists() or list(cache.iterdir()) == []


def test_no_network_is_reported(pkg: Path, cache: Path) -> None:
    import socket

    with socket.socket() as s:  # a port on 127.0.0.1 that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    outcomes = fetch(load_package(pkg), mirror=f"http://127.0.0.1:{port}", timeout=2, folders=[])
    assert outcomes and all(o.status == "failed" and "could not connect" in o.message for o in outcomes)


def test_a_text_larger_than_the_limit_is_refused(pkg: Path, cache: Path, server: str) -> None:
    outcomes = fetch(load_package(pkg), mirror=f"{server}/ok", folders=[], limit=100)
    assert outcomes and all(o.status == "failed" and "larger than" in o.message for o in outcomes)
    assert not cache.exists() or list(cache.iterdir()) == []


def test_only_archives_on_the_allowed_list_are_fetched(pkg: Path) -> None:
    prefixes = allowed_prefixes(pkg)
    assert prefixes and all(p.startswith("https://") for p in prefixes)
    row = {"source_file": "x.txt", "archive_url": prefixes[0] + "x.txt"}
    assert url_of(row, None, prefixes)[0] == row["archive_url"]
    for hostile in ("http://127.0.0.1:9/x.txt", "https://169.254.169.254/latest/meta-data", "file:///etc/passwd",
                    "https://github.com.evil.example/x.txt", ""):
        url, why = url_of({"source_file": "x.txt", "archive_url": hostile}, None, prefixes)
        assert url is None and why


def test_every_report_says_where_its_text_is_archived(pkg: Path) -> None:
    prefixes = allowed_prefixes(pkg)
    for r in _reports(pkg):
        assert url_of(r, None, prefixes)[0], f"{r['report_id']}: archive_url {r['archive_url']!r} is not fetchable"


def test_a_report_without_archive_url_is_refused_by_the_gate(pkg: Path) -> None:
    rows = read_rows(pkg / "data/reports.csv")
    rows[1][rows[0].index("archive_url")] = ""
    write_rows(pkg / "data/reports.csv", rows)
    report = run_gate(pkg, skip=("plausibility", "provenance"))
    assert any(p.file == "data/reports.csv" and p.line == 2 and p.column == "archive_url" for p in report.errors)


def test_a_redirect_outside_the_allowed_addresses_is_refused_before_it_is_followed(pkg: Path, cache: Path, server: str) -> None:
    _Handler.requests.clear()
    outcomes = fetch(load_package(pkg), cache=cache, mirror=f"{server}/away", folders=[])
    assert outcomes and all(o.status == "failed" and "not an allowed address" in o.message for o in outcomes), outcomes
    assert _Handler.requests and all(r.startswith("/away/") for r in _Handler.requests), _Handler.requests  # never followed
    assert not list(cache.glob("*"))


def test_a_redirect_on_the_mirrors_host_is_followed(pkg: Path, cache: Path, server: str) -> None:
    outcomes = fetch(load_package(pkg), cache=cache, mirror=f"{server}/hop", folders=[])
    assert outcomes and all(o.status == "fetched" for o in outcomes), outcomes


def test_redirect_targets_come_from_the_policy_file() -> None:
    from xinfang.sources import redirect_prefixes

    root = Path(__file__).resolve().parents[1]
    targets = redirect_prefixes(root)
    assert targets and all(t.startswith("https://") for t in targets)
    assert not set(targets) & set(allowed_prefixes(root))


def test_an_allowed_address_without_a_path_is_left_out(pkg: Path) -> None:
    """https://host would also admit https://host.evil.example/: only addresses with a path count."""
    hosts = pkg / "policy" / "source_hosts.txt"
    hosts.write_text(hosts.read_text(encoding="utf-8") + "https://example.org\nredirect https://cdn.example.org\n", encoding="utf-8")
    assert "https://example.org" not in allowed_prefixes(pkg)
    from xinfang.sources import redirect_prefixes

    assert "https://cdn.example.org" not in redirect_prefixes(pkg)
    assert allowed_prefixes(pkg)  # the listed archives, with their paths, still count
