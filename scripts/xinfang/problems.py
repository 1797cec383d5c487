"""What the gate found, and how it is printed (text for people, json for tools, github for Actions)."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

ERROR = "error"
KNOWN = "known"  # a registered source inconsistency: reported, not failing
NOTICE = "notice"  # a layer skipped, or information


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    rule: str
    message: str
    hint: str = ""
    severity: str = ERROR
    layer: str = ""

    def location(self) -> str:
        loc = self.file
        if self.line is not None:
            loc += f":{self.line}"
        if self.column:
            loc += f" [{self.column}]"
        return loc


@dataclass
class Report:
    package: str
    problems: list[Problem] = field(default_factory=list)
    layers: dict[str, str] = field(default_factory=dict)  # layer -> ran | skipped: reason
    stats: dict[str, Any] = field(default_factory=dict)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def valid(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        order = {ERROR: 0, KNOWN: 1, NOTICE: 2}
        return sorted(self.problems, key=lambda p: (order.get(p.severity, 3), p.file, p.line or 0, p.column or "", p.rule, p.message))

    def summary(self) -> list[tuple[str, str, str, int]]:
        counts = Counter((p.severity, p.file, p.rule) for p in self.problems)
        return sorted(((s, f, r, n) for (s, f, r), n in counts.items()), key=lambda x: (x[0] != ERROR, x[1], x[2]))


def render_text(report: Report) -> str:
    out: list[str] = []
    for p in report.sorted():
        tag = {ERROR: "ERROR", KNOWN: "KNOWN", NOTICE: "NOTE "}.get(p.severity, p.severity)
        out.append(f"{tag} {p.location()}: {p.rule}: {p.message}")
        if p.hint:
            out.append(f"      → {p.hint}")
    if report.problems:
        out.append("")
        out.append("Summary per file and rule:")
        for sev, f, rule, n in report.summary():
            out.append(f"  {sev:<6} {f:<40} {rule:<40} {n}")
    out.append("")
    for layer, state in report.layers.items():
        out.append(f"  layer {layer:<13} {state}")
    n_err, n_known = len(report.errors), sum(p.severity == KNOWN for p in report.problems)
    verdict = "VALID" if report.valid else "INVALID"
    out.append(f"{verdict}: {n_err} error(s), {n_known} known source inconsistenc{'y' if n_known == 1 else 'ies'} in {report.package}")
    return "\n".join(out)


def render_json(report: Report) -> str:
    doc = {
        "package": report.package,
        "valid": report.valid,
        "errors": len(report.errors),
        "known_inconsistencies": sum(p.severity == KNOWN for p in report.problems),
        "layers": report.layers,
        "stats": report.stats,
        "problems": [asdict(p) for p in report.sorted()],
        "summary": [{"severity": s, "file": f, "rule": r, "count": n} for s, f, r, n in report.summary()],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False)


def _esc(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(report: Report) -> str:
    """Workflow commands (annotations); also writes a Markdown summary to $GITHUB_STEP_SUMMARY."""
    lines = []
    for p in report.sorted():
        kind = {ERROR: "error", KNOWN: "warning", NOTICE: "notice"}.get(p.severity, "notice")
        props = f"file={_esc(p.file, True)}"
        if p.line is not None:
            props += f",line={p.line}"
        props += f",title={_esc(p.rule, True)}"
        msg = p.message + (f" — {p.hint}" if p.hint else "")
        if p.column:
            msg = f"[{p.column}] {msg}"
        lines.append(f"::{kind} {props}::{_esc(msg)}")
    lines.append(render_text(report).splitlines()[-1])
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as fh:
            fh.write(render_markdown(report))
    return "\n".join(lines)


def render_markdown(report: Report) -> str:
    md = [f"## xinfang validate: {'✅ valid' if report.valid else '❌ invalid'}", ""]
    md.append(f"{len(report.errors)} error(s), {sum(p.severity == KNOWN for p in report.problems)} known source inconsistencies.")
    md.append("")
    md.append("| layer | state |\n|---|---|")
    md.extend(f"| {k} | {v} |" for k, v in report.layers.items())
    if report.problems:
        md.append("\n| severity | file | rule | count |\n|---|---|---|---|")
        md.extend(f"| {s} | {f} | {r} | {n} |" for s, f, r, n in report.summary())
    errs = report.errors[:200]
    if errs:
        md.append("\n### Errors\n\n| where | rule | message | what to do |\n|---|---|---|---|")
        md.extend(f"| `{p.location()}` | {p.rule} | {p.message.replace('|', '/')} | {p.hint.replace('|', '/')} |" for p in errs)
    return "\n".join(md) + "\n"
