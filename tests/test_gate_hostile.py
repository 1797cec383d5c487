"""The gate as a security boundary (issue 13): every attack of the issue, on copies of the package.

Attacks of one class share one copy and one gate run where they do not hide each other, so the
whole file costs a handful of gate runs. Each test asserts the place (file, line, column) and the
rule of the refusal, that no layer crashed, and where it matters that nothing outside the package
was read and nothing was fetched.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, copy_package, errors, find_line, gate, needs_sources, read_rows, set_cell, write_rows
from xinfang.cli import main
from xinfang.gate.safety import name_hash, normalise_name
from xinfang.problems import Report, render_json, render_text

XINFANG = [sys.executable, "-m", "xinfang.cli"]

VERSION = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["version"]  # the version a release of the package must name


def edit_descriptor(root: Path, change: Any) -> None:
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    change(desc)
    (root / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")


def resource(desc: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in desc["resources"] if r["name"] == name)


def no_crash(report: Report) -> None:
    crashed = [p for p in report.problems if p.rule.endswith(".crashed")]
    assert not crashed, crashed
    assert "crashed" not in report.layers.values()


def has(report: Report, rule: str, file: str, line: int | None, column: str | None) -> bool:
    return (file, line, column) in errors(report, rule)


# ---------------------------------------------------------------- reads outside the package


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the package with valid copies of its files and a secret."""
    out = tmp_path_factory.mktemp("outside")
    copy_package(out / "copy")
    (out / "secret.txt").write_text("SECRET-LINE-1\nSECRET-LINE-2\n", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, outside: Path) -> tuple[Path, Report]:
    """One copy whose files lead outside it in every way: a table linked to a secret, a table,
    a schema and a folder linked to valid copies outside, an absolute and a '..' path."""
    root = copy_package(tmp_path_factory.mktemp("linked") / "pkg")
    (root / "data/issues.csv").unlink()
    (root / "data/issues.csv").symlink_to(outside / "secret.txt")
    (root / "data/staffing.csv").unlink()
    (root / "data/staffing.csv").symlink_to(outside / "copy/data/staffing.csv")
    (root / "schemas/projects.schema.json").unlink()
    (root / "schemas/projects.schema.json").symlink_to(outside / "copy/schemas/projects.schema.json")
    shutil.rmtree(root / "data/codelists")
    (root / "data/codelists").symlink_to(outside / "copy/data/codelists", target_is_directory=True)

    def change(desc: dict[str, Any]) -> None:
        resource(desc, "reports")["path"] = str(outside / "copy/data/reports.csv")
        resource(desc, "units")["path"] = "../outside/secret.txt"
    edit_descriptor(root, change)
    return root, gate(root)


def test_links_absolute_and_dotdot_paths_are_refused_where_they_are_written(linked: tuple[Path, Report]) -> None:
    root, report = linked
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    index = {r["name"]: i for i, r in enumerate(desc["resources"])}
    for name, key in [("issues", "path"), ("staffing", "path"), ("projects", "schema"), ("budget_items", "path"), ("funds", "path"),
                      ("reports", "path"), ("units", "path")]:
        assert has(report, "safety.path", "datapackage.json", None, f"resources[{index[name]}].{key}"), (name, key)
    assert not report.valid
    no_crash(report)


def test_nothing_of_a_file_outside_is_printed(linked: tuple[Path, Report]) -> None:
    _, report = linked
    out = render_text(report) + render_json(report)
    assert "SECRET-LINE" not in out and "root:x:0" not in out


def test_a_table_linked_to_etc_passwd_is_never_read(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    (root / "data/issues.csv").unlink()
    (root / "data/issues.csv").symlink_to("/etc/passwd")
    report = gate(root)
    assert [p for p in report.errors if p.rule == "safety.path" and "issues" in p.message]
    assert "root:" not in render_text(report)
    no_crash(report)


def test_a_synonyms_file_linked_outside_is_never_read(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    outside = tmp_path / "outside.csv"
    outside.write_text("dimension,term,code,unit,note\nitem,OUTSIDE-SECRET,basic,,\n", encoding="utf-8")
    (root / "policy/synonyms.csv").unlink()
    (root / "policy/synonyms.csv").symlink_to(outside)
    report = gate(root)
    assert [p for p in report.errors if "policy/synonyms.csv" in p.message], render_text(report)
    assert "OUTSIDE-SECRET" not in render_text(report)


@needs_sources
def test_a_source_file_outside_the_sources_folder_is_never_opened(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    path = root / "data/reports.csv"
    lines = {}
    for report_id, bad in zip(("430412-2022-de", "430112-2020-dse", "430406-2024-dse"), ("/etc/passwd", "../../../../etc/hostname", "sub/../../x.txt"),
                              strict=True):
        lines[bad] = find_line(path, report_id=report_id)
        set_cell(path, lines[bad], "source_file", bad)
    report = gate(root, sources=True)
    for line in lines.values():
        assert has(report, "safety.source_path", "data/reports.csv", line, "source_file")
        assert not [p for p in report.problems if p.rule == "provenance.sha256" and p.line == line]  # no digest of it printed
    no_crash(report)


def test_diff_refuses_a_folder_or_zip_that_points_outside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i, bad in enumerate(["/etc/passwd", "../../../../etc/passwd"]):
        root = copy_package(tmp_path / f"pkg{i}")
        edit_descriptor(root, lambda d, bad=bad: resource(d, "issues").update(path=bad))
        assert main(["diff", str(ROOT), str(root), "--format", "json"]) == 2
        archive = tmp_path / f"p{i}.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            for f in sorted(root.rglob("*")):
                if f.is_file():
                    zf.write(f, f.relative_to(root).as_posix())
        assert main(["diff", str(ROOT), str(archive), "--format", "json"]) == 2
        out = capsys.readouterr()
        assert "root:x" not in out.out + out.err and "refused" in out.err


def test_diff_prints_no_hostile_character_raw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_package(tmp_path / "pkg")
    path = root / "data/issues.csv"
    set_cell(path, 2, "text_en", "\x1b]0;owned\x07\x1b[2J\u202ecod.exe\x9b31m")
    for fmt in ("text", "markdown", "json"):
        assert main(["diff", str(ROOT), str(root), "--format", fmt]) == 1
        out = capsys.readouterr().out
        assert not any(c in out for c in "\x1b\x07\u202e\x9b"), fmt
        if fmt == "json":
            changed = json.loads(out)["tables"][0]["changed"][0]["cells"][0]["new"]
            assert changed.startswith("\x1b]0;owned")  # escaped in the output, intact in the data


def test_release_never_packs_a_file_a_link_leads_to(tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_package(tmp_path / "pkg")
    for doc in ("README.md", "CHANGELOG.md", "LICENSE", "LICENSE-DATA", "CITATION.cff"):
        shutil.copy2(ROOT / doc, root / doc)
    (root / "LICENSE").unlink()
    (root / "LICENSE").symlink_to(outside / "secret.txt")
    assert main(["release", str(root), "--version", VERSION, "--out", str(tmp_path / "dist")]) == 2
    assert "outside" in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()


# ---------------------------------------------------------------- strace-style evidence


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


def test_nothing_is_fetched_wherever_a_url_hides(tmp_path: Path) -> None:
    listener = Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}"
        root = copy_package(tmp_path / "pkg")

        def change(desc: dict[str, Any]) -> None:
            desc["profile"] = f"{url}/profile.json"
            desc["$schema"] = f"{url}/datapackage.json"
            desc["extrapaths"] = [f"{url}/extra"]
            desc["licenses"][0]["path"] = f"{url}/licence"  # documentation: allowed, and still not fetched
            resource(desc, "issues")["dialect"] = f"{url}/dialect.json"
            resource(desc, "staffing")["dialect"] = {"$schema": f"{url}/tabledialect.json", "delimiter": ","}
            resource(desc, "projects")["profile"] = f"{url}/resource.json"
            resource(desc, "units")["schema"] = f"{url}/units.schema.json"
            resource(desc, "budget_items")["path"] = f"{url}/budget_items.csv"
            resource(desc, "funds")["x-somewhere"] = f"{url}/x"
            resource(desc, "budgets")["schema"] = {**json.loads((root / "schemas/budgets.schema.json").read_text(encoding="utf-8")),
                                                   "$schema": f"{url}/tableschema.json"}
        edit_descriptor(root, change)
        schema = json.loads((root / "schemas/petition_metrics.schema.json").read_text(encoding="utf-8"))
        schema["foreignKeys"].append({"fields": "metric", "reference": {"package": f"{url}/datapackage.json", "resource": "x", "fields": "y"}})
        (root / "schemas/petition_metrics.schema.json").write_text(json.dumps(schema), encoding="utf-8")
        report = gate(root)
    finally:
        listener.close()
    assert listener.connections == 0
    refused = {p.column for p in report.errors if p.rule in ("safety.reference", "safety.url", "safety.path")}
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    index = {r["name"]: i for i, r in enumerate(desc["resources"])}
    assert {"profile", "$schema", "extrapaths", f"resources[{index['issues']}].dialect", f"resources[{index['staffing']}].dialect.$schema",
            f"resources[{index['projects']}].profile", f"resources[{index['units']}].schema", f"resources[{index['budget_items']}].path",
            f"resources[{index['funds']}].x-somewhere", f"resources[{index['budgets']}].schema.$schema"} <= refused
    assert ("schemas/petition_metrics.schema.json", None, f"foreignKeys[{len(schema['foreignKeys']) - 1}].reference.package") \
        in errors(report, "safety.reference")
    assert not [p for p in report.errors if p.column == "licenses[0].path"]
    no_crash(report)


def test_a_profile_that_is_no_text_is_refused_where_it_is(tmp_path: Path) -> None:
    """A profile or $schema given as a list or an object (unhashable: once a crash of the whole gate)
    is a reference the gate does not follow, reported at its place."""
    root = copy_package(tmp_path / "pkg")

    def change(desc: dict[str, Any]) -> None:
        desc["profile"] = ["data-package"]
        desc["$schema"] = {"url": "data-package"}
        resource(desc, "issues")["profile"] = {"a": 1}

    edit_descriptor(root, change)
    report = gate(root)
    index = {r["name"]: i for i, r in enumerate(json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["resources"])}
    refused = {p.column for p in report.errors if p.rule == "safety.reference"}
    assert {"profile", "$schema", f"resources[{index['issues']}].profile"} <= refused
    no_crash(report)


def test_a_file_outside_referenced_every_way_is_never_opened(tmp_path: Path) -> None:
    """Audit hooks see every open() of this process; a FIFO as the target also catches an open by
    native code or a forked worker (opening it for reading lets our non-blocking writer in)."""
    secret = tmp_path / "outside"
    secret.mkdir()
    copy_package(secret / "copy")
    fifo = secret / "probe.csv"
    os.mkfifo(fifo)
    root = copy_package(tmp_path / "pkg")
    for rel, target in [("data/issues.csv", fifo), ("data/staffing.csv", secret / "copy/data/staffing.csv"),
                        ("schemas/projects.schema.json", secret / "copy/schemas/projects.schema.json"),
                        ("policy/denylist.sha256", secret / "copy/policy/denylist.sha256")]:
        (root / rel).unlink()
        (root / rel).symlink_to(target)
    shutil.rmtree(root / "data/codelists")
    (root / "data/codelists").symlink_to(secret / "copy/data/codelists", target_is_directory=True)
    edit_descriptor(root, lambda d: (resource(d, "reports").update(path=str(secret / "copy/data/reports.csv")),
                                     resource(d, "units").update(path="../outside/copy/data/units.csv")))
    opened: list[str] = []
    watching = threading.Event()

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if watching.is_set() and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)) and threading.get_ident() != prober[0]:
            try:
                p = os.path.realpath(os.fsdecode(args[0]))
            except (TypeError, ValueError):
                return
            if p.startswith(str(secret.resolve())):
                opened.append(p)
    sys.addaudithook(hook)
    fifo_opened = threading.Event()
    stop = threading.Event()
    prober = [0]

    def probe() -> None:  # its own opens of the FIFO are not the gate's
        prober[0] = threading.get_ident()
        while not stop.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                stop.wait(0.01)
                continue
            fifo_opened.set()
            os.close(fd)
    t = threading.Thread(target=probe, daemon=True)
    t.start()
    watching.set()
    try:
        report = gate(root)
    finally:
        watching.clear()
        stop.set()
        t.join(timeout=5)
    assert opened == []
    assert not fifo_opened.is_set()
    assert len([p for p in report.errors if p.rule == "safety.path"]) >= 6
    no_crash(report)


# ---------------------------------------------------------------- crashes


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    """One copy broken in every way that used to crash a layer."""
    root = copy_package(tmp_path_factory.mktemp("broken") / "pkg")
    (root / "data/issues.csv").write_bytes(b"")  # an empty table
    rows = read_rows(root / "data/staffing.csv")
    rows[0] = rows[0][:-1]  # a header one column shorter than its rows
    write_rows(root / "data/staffing.csv", rows)
    (root / "schemas/projects.schema.json").write_text("[1]", encoding="utf-8")
    (root / "schemas/indicators.schema.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    schema = json.loads((root / "schemas/units.schema.json").read_text(encoding="utf-8"))
    schema["fields"][2] = "name_zh"  # a field that is a string
    (root / "schemas/units.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    with (root / "policy/denylist.sha256").open("a", encoding="utf-8") as fh:
        fh.write("not-a-digest\n")
    (root / "data/petition_metrics.csv").write_text("report_id\n", encoding="utf-8")  # a header without the columns the layers read
    schema = json.loads((root / "schemas/anomalies.schema.json").read_text(encoding="utf-8"))
    schema["fields"][0].setdefault("constraints", {})["pattern"] = "(?=x)y"  # look-ahead: not a pattern RE2 runs
    (root / "schemas/anomalies.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    schema = json.loads((root / "schemas/reports.schema.json").read_text(encoding="utf-8"))
    title = next(f for f in schema["fields"] if f["name"] == "title_en")
    title.setdefault("constraints", {})["pattern"] = "(a+)+"  # exponential for a backtracking matcher
    (root / "schemas/reports.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    set_cell(root / "data/reports.csv", 2, "title_en", "a" * 60 + "!")

    def change(desc: dict[str, Any]) -> None:
        desc["resources"].append({"name": {"an": "object"}, "path": "data/x.csv"})
    edit_descriptor(root, change)
    return root, gate(root)


def test_what_used_to_crash_is_a_located_finding(broken: tuple[Path, Report]) -> None:
    root, report = broken
    no_crash(report)
    assert has(report, "structure.empty_file", "data/issues.csv", None, None)
    assert has(report, "structure.schema", "schemas/projects.schema.json", None, None)
    assert [p for p in report.errors if p.rule == "structure.schema" and p.file == "schemas/indicators.schema.json" and "deeper" in p.message]
    assert [p for p in report.errors if p.rule == "structure.schema" and p.file == "schemas/units.schema.json" and "fields[2]" in p.message]
    n = len(json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    assert has(report, "structure.resource", "datapackage.json", None, f"resources[{n - 1}]")
    lines = (root / "policy/denylist.sha256").read_text(encoding="utf-8").splitlines()
    assert has(report, "safety.denylist_file", "policy/denylist.sha256", len(lines), None)
    assert [p for p in report.errors if p.file == "data/staffing.csv" and p.rule.startswith("structure.")]
    assert [p for p in report.errors if p.file == "data/petition_metrics.csv" and p.rule == "structure.missing_label"]
    assert [p for p in report.errors if p.file == "schemas/anomalies.schema.json" and "RE2" in p.message]
    assert has(report, "rules.pattern", "data/reports.csv", 2, "title_en")  # matched in linear time


def test_a_descriptor_nested_100000_levels_is_an_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_package(tmp_path / "pkg")
    (root / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert main(["validate", str(root), "--data-docs", ""]) == 2
    err = capsys.readouterr().err
    assert "nested deeper" in err and "Traceback" not in err


def test_a_zip_nested_100000_levels_or_a_bomb_is_refused_by_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.zip"
    with zipfile.ZipFile(deep, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("datapackage.json", "[" * 100_000 + "]" * 100_000)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("datapackage.json", json.dumps({"resources": []}))
        zf.writestr("data/big.csv", b"\0" * (64 << 20))
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(6_000):
            zf.writestr(f"f{i}", b"")
    for archive, words in ((deep, "nested deeper"), (bomb, "zip bomb"), (many, "entries")):
        assert main(["diff", str(ROOT), str(archive)]) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err, err


def test_a_200_mb_descriptor_is_refused_before_it_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_package(tmp_path / "pkg")
    with (root / "datapackage.json").open("r+b") as fh:
        fh.truncate(200 << 20)  # sparse: nothing is written
    assert main(["validate", str(root), "--data-docs", ""]) == 2
    assert "above the limit" in capsys.readouterr().err


def test_output_piped_into_head_is_quiet(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    rows = read_rows(root / "data/budgets.csv")
    amount = rows[0].index("note")
    for r in rows[1:]:
        r[amount] = "changed"
    write_rows(root / "data/budgets.csv", rows)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    run = subprocess.run(f"{' '.join(XINFANG)} diff {ROOT} {root} | head -1", shell=True, capture_output=True, text=True, env=env, timeout=300)
    assert run.stdout.startswith("diff ")
    assert run.stderr == "", run.stderr


def test_extract_out_pointing_at_a_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.txt"
    report.write_text("2022年度部门整体支出绩效自评报告\n", encoding="utf-8")
    out = tmp_path / "file"
    out.write_text("x", encoding="utf-8")
    for cmd in (["extract", str(report), "--out", str(out)], ["new-report", str(report), "--out", str(out)]):
        assert main(cmd) == 2
        assert "is a file" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "x"


# ---------------------------------------------------------------- time, memory and output


def test_ten_thousand_columns_are_refused_unread(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    rows = read_rows(root / "data/issues.csv")
    rows[0] = rows[0] + [f"c{i}" for i in range(10_000)]
    write_rows(root / "data/issues.csv", rows)
    report = gate(root)
    assert has(report, "structure.too_many_columns", "data/issues.csv", 1, None)
    assert len(report.problems) < 50
    no_crash(report)


def test_many_errors_of_one_kind_are_summarised_and_messages_bounded(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    path = root / "data/staffing.csv"
    rows = read_rows(path)
    extra = [list(rows[1]) for _ in range(3_000)]
    quote = rows[0].index("source_quote")
    for r in extra:
        r[quote] = "长" * 5_000  # over-long, each row a duplicate key
    write_rows(path, rows + extra)
    report = gate(root)
    by_rule: dict[str, int] = {}
    for p in report.problems:
        by_rule[(p.file, p.rule)] = by_rule.get((p.file, p.rule), 0) + 1  # type: ignore[index]
        assert len(p.message) < 400, p
    assert max(by_rule.values()) <= 101
    assert [p for p in report.problems if "more of" in p.message]
    assert len(render_text(report)) < 200_000
    no_crash(report)


# ---------------------------------------------------------------- cells accepted silently before

TRADITIONAL = "張偉國"  # an invented name, simplified 张伟国: added to the copy's denylist only
DENIED = "".join(chr(c) for c in (0x5F90, 0x6D77, 0x71D5))  # on the real denylist: built so no file holds it in clear
INJECT: list[tuple[str, dict[str, str], str, str, str]] = [
    # (table, row to find (none: the next row with a value in the column), column, value, rule)
    ("budgets", {}, "amount", "１２３", "structure.type"),
    ("budgets", {}, "amount", "٣٤", "structure.type"),
    ("budgets", {}, "amount", "NaN", "structure.type"),
    ("budgets", {}, "amount", "Infinity", "structure.type"),
    ("budgets", {}, "amount", "INF", "structure.type"),
    ("budgets", {}, "amount", " 12 ", "structure.type"),
    ("budgets", {}, "amount", "1_000", "structure.type"),
    ("staffing", {"report_id": "430112-2020-dse", "category": "establishment_total"}, "value", "１３", "structure.type"),
    ("staffing", {"report_id": "430112-2020-dse", "category": "establishment_admin"}, "value", "1_3", "structure.type"),
    ("reports", {"report_id": "430406-2024-dse"}, "fiscal_year", "２０２４", "structure.type"),
    ("issues", {"report_id": "430412-2022-de", "kind": "problem"}, "text_en", "\t=cmd|' /C calc'!A0", "safety.formula"),
    ("issues", {"report_id": "430112-2020-dse", "kind": "problem"}, "text_en", "\r\n+1+1", "safety.formula"),
    ("issues", {"report_id": "430406-2024-dse", "kind": "problem"}, "text_en", " \u3000@SUM(A1)", "safety.formula"),
    ("issues", {"report_id": "440112-2022-dse", "kind": "problem"}, "text_en", "ok\x00nul", "safety.control_char"),
    ("issues", {"report_id": "430412-2022-de", "kind": "measure"}, "text_en", "\x1b[31mred\x1b[0m", "safety.control_char"),
    ("issues", {"report_id": "430112-2020-dse", "kind": "measure"}, "text_en", "abc\u202eexe.txt", "safety.control_char"),
    ("issues", {"report_id": "430406-2024-dse", "kind": "measure"}, "text_en", "x" * 20_000, "safety.cell_too_long"),
]
NOTES = [  # personal data as people write it, each in a staffing note
    ("138 1234 5678", "safety.phone"), ("138-1234-5678", "safety.phone"), ("+86 138 1234 5678", "safety.phone"),
    ("１３８１２３４５６７８", "safety.phone"), ("(0731) 8855 3876", "safety.phone"), ("138\u200b1234\u200b5678", "safety.phone"),
    ("test＠example.com", "safety.email"), ("110105 19491231 002X", "safety.id_number"),
    ("110105194912310021", "safety.id_number"),  # a wrong check digit is still a person's number
    ("110105491231002", "safety.id_number"),  # the 15-digit form
    (f"{DENIED[0]} {DENIED[1:]}", "safety.denylist"), (f"{DENIED[0]}\u200b{DENIED[1:]}", "safety.denylist"),
    (f"{DENIED[:2]}\u00ad{DENIED[2]}", "safety.denylist"), (f"{DENIED[0]}\u3000{DENIED[1:]}", "safety.denylist"),
    (TRADITIONAL, "safety.denylist"), ("張 偉\u200b國", "safety.denylist"),
]


@pytest.fixture(scope="module")
def cells(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report, list[tuple[str, int, str, str]]]:
    root = copy_package(tmp_path_factory.mktemp("cells") / "pkg")
    expected: list[tuple[str, int, str, str]] = []
    used: set[tuple[str, int]] = set()
    for table, match, column, value, rule in INJECT:
        path = root / f"data/{table}.csv"
        if match:
            line = find_line(path, **match)
        else:
            rows = read_rows(path)
            line = next(i for i, r in enumerate(rows[1:], start=2) if r[rows[0].index(column)] and (table, i) not in used)
        used.add((table, line))
        set_cell(path, line, column, value)
        expected.append((f"data/{table}.csv", line, column, rule))
    path = root / "data/staffing.csv"
    rows = read_rows(path)
    note = rows[0].index("note")
    for i, (text, rule) in enumerate(NOTES, start=2):
        rows[i - 1][note] = text
        expected.append(("data/staffing.csv", i, "note", rule))
    write_rows(path, rows)
    with (root / "policy/denylist.sha256").open("a", encoding="utf-8") as fh:
        simplified = normalise_name(TRADITIONAL)
        fh.write(f"{name_hash(simplified)} {len(simplified)} # invented, for this test\n")
    pm = root / "data/petition_metrics.csv"
    count = find_line(pm, metric="study_sessions", scope="主题党日")
    set_cell(pm, count, "value", "-12")
    expected.append(("data/petition_metrics.csv", count, "value", "rules.count_value"))
    return root, gate(root), expected


def test_every_injected_cell_is_refused_where_it_is(cells: tuple[Path, Report, list[tuple[str, int, str, str]]]) -> None:
    _, report, expected = cells
    missing = [e for e in expected if not has(report, e[3], e[0], e[1], e[2])]
    assert not missing
    no_crash(report)


def test_hostile_text_reaches_no_terminal_raw(cells: tuple[Path, Report, list[tuple[str, int, str, str]]]) -> None:
    _, report, _ = cells
    for out in (render_text(report), render_json(report)):
        assert "\x1b" not in out and "\u202e" not in out and "\x00" not in out
    assert TRADITIONAL not in render_text(report)


def test_a_denylisted_name_is_found_in_any_written_form() -> None:
    from xinfang.gate.safety import denylisted

    by_len = {len(normalise_name("張偉國")): {name_hash("张伟国")}}
    for text in ("张伟国", "張偉國", "张 伟国", "张\u200b伟\u00ad国", "ＸＸ張偉國ＸＸ"):
        assert denylisted(text, by_len), text
    assert not denylisted("张伟", by_len)


@pytest.mark.parametrize("drop", ["all", "anomalies"])
def test_a_package_without_its_resources_is_invalid(tmp_path: Path, drop: str) -> None:
    root = copy_package(tmp_path / "pkg")
    edit_descriptor(root, lambda d: d.update(resources=[] if drop == "all" else [r for r in d["resources"] if r["name"] != drop]))
    report = gate(root)
    assert has(report, "structure.missing_resource", "datapackage.json", None, "resources")
    assert "anomalies" in " ".join(p.message for p in report.errors if p.rule == "structure.missing_resource")
    no_crash(report)


# ---------------------------------------------------------------- release


@pytest.fixture
def release_copy(tmp_path: Path) -> Path:
    root = copy_package(tmp_path / "pkg")
    for doc in ("README.md", "CHANGELOG.md", "LICENSE", "LICENSE-DATA", "CITATION.cff"):
        shutil.copy2(ROOT / doc, root / doc)
    return root


def test_release_runs_the_gate_and_refuses_an_invalid_package(release_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = release_copy / "data/staffing.csv"
    set_cell(path, 2, "note", f"电话 138 1234 5678, 身份证 110105194912310021, {DENIED}")
    assert main(["release", str(release_copy), "--version", VERSION, "--out", str(tmp_path / "dist")]) == 1
    err = capsys.readouterr().err
    assert "the gate finds the package invalid" in err and "safety.phone" in err and "safety.id_number" in err and "safety.denylist" in err
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("where", ["data", "data/derived", "schemas", ".", ".."])
def test_release_refuses_an_out_inside_the_package_or_holding_it(release_copy: Path, where: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.relative_to(release_copy.parent) for p in release_copy.parent.rglob("*"))
    assert main(["release", str(release_copy), "--version", VERSION, "--out", str(release_copy / where)]) == 2
    assert "--out" in capsys.readouterr().err
    assert sorted(p.relative_to(release_copy.parent) for p in release_copy.parent.rglob("*")) == before


def test_release_never_deletes_a_folder_it_did_not_write(release_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "SHA256SUMS").write_text("", encoding="utf-8")
    (target / "thesis.tex").write_text("years of work", encoding="utf-8")
    assert main(["release", str(release_copy), "--version", VERSION, "--out", str(target)]) == 2
    assert "not a release this command wrote" in capsys.readouterr().err
    assert (target / "thesis.tex").read_text(encoding="utf-8") == "years of work"
    # the package itself as --out, with an empty SHA256SUMS in it: refused, nothing deleted
    (release_copy / "SHA256SUMS").write_text("", encoding="utf-8")
    assert main(["release", str(release_copy), "--version", VERSION, "--out", str(release_copy)]) == 2
    assert (release_copy / "datapackage.json").is_file()

