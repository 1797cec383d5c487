"""`xinfang release --version X.Y.Z`: a versioned, byte-reproducible release in `dist/`.

Files (flat, so they can be attached to a GitHub Release as they are and `sha256sum -c SHA256SUMS`
works in the download folder):

- ``<name>.zip``: the package: datapackage.json (its version is the release's), every resource's
  file and Table Schema, README.md, CHANGELOG.md, LICENSE, LICENSE-DATA, CITATION.cff and the data
  dictionary, at the top of the zip (a zipped Data Package);
- ``<table>.parquet``: one per resource; ``<name>.duckdb`` and ``<name>.sqlite``: every table with
  its keys (see ``exports``);
- ``data-dictionary.md`` / ``.csv``; ``RELEASE_NOTES.md`` (the CHANGELOG section and the diff against
  the previous release); ``CHANGES.json`` (the full diff, when there is a previous release); ``SHA256SUMS``.

Version rules (Data Package v2 recipe): the version must be X.Y.Z, equal the descriptor's `version`
(and CITATION.cff's), have a ``## [X.Y.Z] - YYYY-MM-DD`` section in CHANGELOG.md, and be greater than
the last release. The last release is the highest ``vX.Y.Z`` git tag that does not point at the
commit being built; its files come from ``git archive``, offline. Without git (or to compare with
something else) pass ``--previous`` a folder or release zip; with neither, this is the first release.

Reproducibility: zip entries are sorted, with fixed permissions (0644) and one timestamp:
SOURCE_DATE_EPOCH when set, else the time of the commit being built, else 2000-01-01. Parquet,
DuckDB and SQLite files are written deterministically (see ``exports``). Same commit and same
pinned libraries (constraints.txt) give the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import re
import subprocess
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..derived.figures import FIGURES_DIR
from ..descriptor import dump
from ..package import DESCRIPTOR, PACKAGE_PARTS, Package, PackageError, load_package
from ..safe_io import MAX_TABLE_BYTES, inside, read_bytes, refusal
from . import dictionary, exports
from .diff import PackageDiff, diff_packages, open_package, render_json, render_markdown

VERSION_RE = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
DOCUMENTS = ("README.md", "CHANGELOG.md", "LICENSE", "LICENSE-DATA", "CITATION.cff")
FALLBACK_EPOCH = 946684800  # 2000-01-01T00:00:00Z
ZIP_MIN_EPOCH = 315532800  # 1980-01-01: the earliest time a zip entry can carry
SUMS = "SHA256SUMS"


class ReleaseRefused(Exception):
    """The release is refused (version rules): exit 1."""


class ReleaseError(Exception):
    """The release cannot be built (bad arguments, unreadable package, conversion failure): exit 2."""


def parse_version(text: str) -> tuple[int, int, int] | None:
    m = VERSION_RE.fullmatch(text.strip())
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def _git(root: Path, *args: str) -> str | None:
    """Output of a git command in the package's repository; None when git or the repository is absent."""
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.decode("utf-8")


def uncommitted_changes(root: Path) -> list[str]:
    """Why the tree may not be released: files of the package changed, added or deleted since the last commit
    (the notes promise the commit being built). Empty outside a git repository (nothing to compare with)."""
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", ".")
    if not status or not status.strip():
        return []
    paths = [line[3:] for line in status.splitlines() if line.strip()]
    shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    return [f"the tree has uncommitted changes ({shown}): commit them (or stash them), then release; "
            "a release is built from the commit it names"]


def last_release_tag(root: Path) -> str | None:
    """The highest vX.Y.Z tag not pointing at HEAD (the commit being built), or None."""
    tags = _git(root, "tag", "--list", "v*.*.*")
    if not tags:
        return None
    at_head = set((_git(root, "tag", "--points-at", "HEAD") or "").split())
    versions = [(v, t) for t in tags.split() if t not in at_head and (v := parse_version(t[1:])) is not None]
    return max(versions)[1] if versions else None


def source_date_epoch(root: Path) -> int:
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        if not env.isdigit():
            raise ReleaseError(f"SOURCE_DATE_EPOCH={env!r} is not a number of seconds since 1970; unset it or set it to e.g. $(git log -1 --format=%ct)")
        return max(ZIP_MIN_EPOCH, int(env))
    commit = (_git(root, "log", "-1", "--format=%ct", "HEAD") or "").strip()
    return max(ZIP_MIN_EPOCH, int(commit)) if commit.isdigit() else FALLBACK_EPOCH


def changelog_section(root: Path, version: str) -> str | None:
    """The body of the ``## [X.Y.Z] - YYYY-MM-DD`` section of CHANGELOG.md, or None."""
    path = root / "CHANGELOG.md"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    m = re.search(rf"^## \[{re.escape(version)}\] - [0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[ \t]*$", text, flags=re.M)
    if not m:
        return None
    rest = text[m.end():]
    end = re.search(r"^## \[", rest, flags=re.M)
    return rest[: end.start() if end else len(rest)].strip()


def check_version(root: Path, pkg: Package, version: str, previous: str | None) -> list[str]:
    """Every reason the release is refused (what is wrong and what to do); empty when it may go ahead."""
    problems = []
    new = parse_version(version)
    assert new is not None
    stated = str(pkg.descriptor.get("version", ""))
    if stated != version:
        problems.append(f"{DESCRIPTOR}: version is '{stated}', not {version}: set \"version\": \"{version}\" there (and in CITATION.cff), "
                        "commit, then release")
    cff = root / "CITATION.cff"
    if cff.is_file():
        m = re.search(r"^version:\s*['\"]?([^'\"\s]+)", cff.read_text(encoding="utf-8"), flags=re.M)
        if not m or m[1] != version:
            problems.append(f"CITATION.cff: version is '{m[1] if m else 'missing'}', not {version}: set `version: {version}` "
                            "(and `date-released`)")
    section = changelog_section(root, version)
    if section is None:
        problems.append(f"CHANGELOG.md: no section `## [{version}] - YYYY-MM-DD`: move the bullets under `## [Unreleased]` "
                        "into a new section with that heading and today's date")
    elif not section:
        problems.append(f"CHANGELOG.md: the section for {version} is empty: say what changed in this release")
    if previous is not None:
        old = parse_version(previous)
        if old is None:
            problems.append(f"the previous release's version '{previous}' is not X.Y.Z; pass --previous a release folder or zip")
        elif new <= old:
            problems.append(f"version {version} does not increase on the last release {previous}: use a higher version "
                            "(MAJOR for a breaking schema change, MINOR for new data, PATCH for fixes; `xinfang diff` suggests one)")
    return problems


@contextlib.contextmanager
def tagged_package(root: Path, tag: str) -> Iterator[Package]:
    """The package as it was at a git tag, from `git archive` (offline), in a temporary folder."""
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    top = (_git(root, "rev-parse", "--show-toplevel") or "").strip() or str(root)
    try:  # from the top of the repository: run in a subfolder, git archive would archive only that folder
        data = subprocess.run(["git", "-C", top, "archive", "--format=tar", tag], capture_output=True, check=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise ReleaseError(f"cannot read the previous release {tag} with git archive: {exc}") from exc
    with tempfile.TemporaryDirectory(prefix="xinfang-prev-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        yield load_package(Path(tmp) / prefix)


@dataclass
class Release:
    version: str
    out: Path
    previous: str | None
    files: dict[str, str] = field(default_factory=dict)  # name -> sha256
    diff: PackageDiff | None = None


def _zip_bytes(entries: dict[str, bytes], epoch: int) -> bytes:
    stamp = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permissions below are read the same everywhere
            info.external_attr = (0o100644 & 0xFFFF) << 16
            zf.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buf.getvalue()


def package_files(root: Path, pkg: Package) -> list[str]:
    """Every file of the package: each resource's path and schema path (relative, posix)."""
    names = set()
    for res in pkg.resources.values():
        for rel in (res.path, res.schema_path):
            if rel:
                if refusal(root, rel) is not None:
                    raise ReleaseError(f"{DESCRIPTOR}: resource '{res.name}' names '{rel}', which is not a path inside the package; "
                                       "run `xinfang validate`")
                names.add(Path(rel).as_posix())
    return sorted(names)


def _read_inside(root: Path, rel: str) -> bytes:
    """A file of the package for the release zip: never one that a link leads to outside it."""
    try:
        return read_bytes(inside(root, rel), MAX_TABLE_BYTES, rel)
    except PackageError as exc:
        raise ReleaseError(f"{exc}; run `xinfang validate`") from exc


def check_out(root: Path, pkg: Package, out: Path) -> None:
    """Refuse an output folder that is the package, holds it, lies in one of its folders (data/,
    schemas/ …), or exists with anything in it that this command did not write (the files its
    SHA256SUMS lists, and SHA256SUMS itself): a release replaces only a release."""
    top, target = root.resolve(), out.resolve()
    if target == top or top.is_relative_to(target):
        raise ReleaseError(f"--out {out} is the package folder or holds it: pass a separate folder (default: dist)")
    if target.is_relative_to(top):
        first = target.relative_to(top).parts[0]
        parts = {Path(r).parts[0] for res in pkg.resources.values() for r in (res.path, res.schema_path) if r}
        if first in parts | set(PACKAGE_PARTS) | set(DOCUMENTS) | {Path(FIGURES_DIR).parts[0]}:
            raise ReleaseError(f"--out {out} is inside the package's own files ({first}/): pass a folder outside them (default: dist)")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ReleaseError(f"--out {out} exists and is not a folder; pass an empty or new folder")
    if out.exists() and any(out.iterdir()) and _release_files(out) is None:
        raise ReleaseError(f"{out} exists and is not a release this command wrote (its {SUMS} must list exactly the other files); "
                           "pass --out an empty or new folder")


def _release_files(out: Path) -> list[Path] | None:
    """The files of a release folder, when it holds exactly what its SHA256SUMS lists (plain
    files, each with its digest), and nothing else; None otherwise."""
    sums = out / SUMS
    if sums.is_symlink() or not sums.is_file():
        return None
    try:
        lines = read_bytes(sums, 1 << 20).decode("utf-8").splitlines()
    except (PackageError, UnicodeDecodeError):
        return None
    listed = {}
    for line in lines:
        m = re.fullmatch(r"([0-9a-f]{64})  ([^/\\]+)", line)
        if not m or m[2] in (SUMS, ".", ".."):
            return None
        listed[m[2]] = m[1]
    present = {p.name: p for p in out.iterdir()}
    if not listed or set(present) != set(listed) | {SUMS}:
        return None
    for name, digest in listed.items():
        p = present[name]
        if p.is_symlink() or not p.is_file() or hashlib.sha256(p.read_bytes()).hexdigest() != digest:
            return None
    return [present[n] for n in sorted(present)]


def check_gate(root: Path) -> None:
    """Run the gate (as `xinfang validate` does, with the sources beside the package when they
    are there): an invalid package is never released."""
    from ..gate.validate import default_sources, run_gate
    from ..problems import render_text

    try:
        report = run_gate(root, sources=default_sources(root), docs_dir=None)
    except PackageError as exc:
        raise ReleaseError(f"the gate cannot read the package: {exc}") from exc
    if not report.valid:
        errors = [line for line in render_text(report).splitlines() if line.startswith("ERROR ")]
        shown = errors[:20] + ([f"… and {len(errors) - 20} more"] if len(errors) > 20 else [])
        raise ReleaseRefused("\n".join([f"the gate finds the package invalid ({len(report.errors)} error(s)): run `xinfang validate {root}`", *shown]))


def release_notes(pkg: Package, version: str, section: str, previous: str | None, diff: PackageDiff | None,
                  files: dict[str, str], sizes: dict[str, int]) -> str:
    name = pkg.descriptor.get("name", "package")
    out = [f"# {name} {version}", "", section.strip(), ""]
    if diff is not None:
        out += [f"## Changes since {previous}", "", render_markdown(diff, max_rows=50).strip(), ""]
    else:
        out += ["## Changes since the last release", "", "This is the first release: there is no earlier release to compare with.", ""]
    out += ["## Files", "", "| file | bytes | sha256 |", "|---|---:|---|"]
    out += [f"| `{f}` | {sizes[f]} | `{h}` |" for f, h in sorted(files.items())]
    out += ["", f"Check a download with `sha256sum -c {SUMS}`. Types and keys of every export: `data-dictionary.md`.", ""]
    return "\n".join(out)


def build_release(root: str | Path, version: str, out: str | Path = "dist", previous: str | Path | None = None, gate: bool = True) -> Release:
    """Check the output folder, the version rules and (unless gate=False: tests of the exports
    on packages they made invalid on purpose) the gate, then write every release file into
    ``out`` (a release this command wrote before is replaced)."""
    root = Path(root)
    out = Path(out)
    if parse_version(version) is None:
        raise ReleaseError(f"--version {version!r} is not MAJOR.MINOR.PATCH (e.g. 0.2.0, without a leading v)")
    try:
        pkg = load_package(root)
    except PackageError as exc:
        raise ReleaseError(str(exc)) from exc
    check_out(root, pkg, out)

    with contextlib.ExitStack() as stack:
        prev_pkg: Package | None = None
        prev_label: str | None = None
        if previous is not None:
            try:
                prev_pkg = stack.enter_context(open_package(previous))
            except PackageError as exc:
                raise ReleaseError(f"--previous: {exc}") from exc
            prev_label = str(prev_pkg.descriptor.get("version", ""))
        else:
            tag = last_release_tag(root)
            if tag is not None:
                try:
                    prev_pkg = stack.enter_context(tagged_package(root, tag))
                except PackageError as exc:
                    raise ReleaseError(f"the previous release {tag} cannot be read: {exc}") from exc
                prev_label = tag[1:]
        problems = check_version(root, pkg, version, prev_label) + uncommitted_changes(root)
        if problems:
            raise ReleaseRefused("\n".join(problems))
        for rel in [*package_files(root, pkg), *(d for d in DOCUMENTS if (root / d).exists() or (root / d).is_symlink())]:
            if refusal(root, rel) is not None:  # before the gate's minutes: a link out of the package is never packed
                raise ReleaseError(f"{rel}: refused: {refusal(root, rel)}; run `xinfang validate`")
        if gate:
            check_gate(root)
        section = changelog_section(root, version) or ""
        diff = diff_packages(prev_pkg, pkg, prev_label or "", version) if prev_pkg is not None else None

        name = str(pkg.descriptor.get("name", "package"))
        try:
            tables = exports.build_tables(pkg, version)
        except exports.ExportError as exc:
            raise ReleaseError(str(exc)) from exc
        types = {n: t.columns for n, t in tables.items()}
        dict_md = dictionary.render(pkg, types, title=f"{name} {version}").encode("utf-8")
        dict_csv = dictionary.render_csv(pkg, types).encode("utf-8")

        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".release-", dir=out.parent)))
        build = tmp / "out"
        build.mkdir()
        # the package zip
        descriptor = dict(pkg.descriptor)
        descriptor["version"] = version
        entries = {DESCRIPTOR: dump(descriptor).encode("utf-8"), "data-dictionary.md": dict_md, "data-dictionary.csv": dict_csv}
        for rel in package_files(root, pkg):
            entries[rel] = _read_inside(root, rel)
        for doc in DOCUMENTS:
            if (root / doc).is_file():
                entries[doc] = _read_inside(root, doc)
        for fig in sorted((root / FIGURES_DIR).glob("*.svg")):  # the README shows them
            entries[f"{FIGURES_DIR}/{fig.name}"] = _read_inside(root, f"{FIGURES_DIR}/{fig.name}")
        (build / f"{name}.zip").write_bytes(_zip_bytes(entries, source_date_epoch(root)))
        # typed exports
        try:
            for tname, table in tables.items():
                exports.write_parquet(table, build / f"{tname}.parquet")
            exports.write_duckdb(pkg, tables, build / f"{name}.duckdb")
            major, minor, patch = parse_version(version) or (0, 0, 0)
            exports.write_sqlite(pkg, tables, build / f"{name}.sqlite", user_version=major * 1_000_000 + minor * 1_000 + patch)
        except exports.ExportError as exc:
            raise ReleaseError(str(exc)) from exc
        (build / "data-dictionary.md").write_bytes(dict_md)
        (build / "data-dictionary.csv").write_bytes(dict_csv)
        if diff is not None:
            (build / "CHANGES.json").write_text(render_json(diff) + "\n", encoding="utf-8")
        files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(build.iterdir())}
        sizes = {p.name: p.stat().st_size for p in build.iterdir()}
        (build / "RELEASE_NOTES.md").write_text(release_notes(pkg, version, section, prev_label, diff, files, sizes), encoding="utf-8")
        files["RELEASE_NOTES.md"] = hashlib.sha256((build / "RELEASE_NOTES.md").read_bytes()).hexdigest()
        (build / SUMS).write_text("".join(f"{h}  {f}\n" for f, h in sorted(files.items())), encoding="utf-8")
        if out.exists():  # only what an earlier release wrote (checked again: nothing else is ever deleted)
            written = _release_files(out) if any(out.iterdir()) else []
            if written is None:
                raise ReleaseError(f"{out} changed while the release was built; pass --out an empty or new folder")
            for f in written:
                f.unlink()
            out.rmdir()
        build.rename(out)
    return Release(version, out, prev_label, files, diff)
