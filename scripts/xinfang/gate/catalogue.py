"""The rule catalogue: every rule the gate can report, declared once.

Each rule has the project's own id (stable across library upgrades), the layer that reports it,
the severities it may have, what it checks (one sentence, for docs/rules.md and `xinfang rules`)
and its hint (what the contributor should do; a template filled in by the check, and, where one
rule covers several cases, named variants). Where a library's error or check is reported as one of
our rules, the rule lists the library's names (``covers``): the mapping from frictionless error
types, pandera check names and the identity families' rules to our ids is this data, nowhere else.

Checks emit through ``emit`` (or ``library_rule`` for a library's name), so the layer and the hint
come from the declaration. An id the catalogue lacks is never emitted silently: where the
environment sets XINFANG_STRICT_RULES (the tests do) ``emit`` raises UndeclaredRule; in a
production run — the gate never crashes on untrusted input — the problem is reported, at its
place and with its message, as the internal rule ``gate.undeclared_rule`` (an error naming the
undeclared id), so the gate fails rather than let a finding through unnamed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..problems import ERROR, KNOWN, NOTICE, Problem
from .bounds import MAX_AMOUNT_WAN, MAX_CELL_CHARS, MAX_COUNT, MAX_EXTRA_COLUMNS, MAX_LINE_BYTES, MAX_STAFF

STRICT_ENV = "XINFANG_STRICT_RULES"
LAYERS = ("safety", "structure", "rules", "plausibility", "provenance", "gate")


class UndeclaredRule(LookupError):
    """A check emitted a rule id the catalogue lacks, a severity or hint variant its rule does not
    declare, or a hint without the values its template needs (raised in strict mode only)."""


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


@dataclass(frozen=True)
class Rule:
    id: str
    layer: str
    what: str  # what it checks: one sentence
    hint: str  # what to do: a str.format template of the values the check passes
    severities: tuple[str, ...] = (ERROR,)  # the first is the default
    covers: tuple[str, ...] = ()  # "library:name" of the library errors/checks reported as this rule
    variants: Mapping[str, str] = field(default_factory=dict)  # other hints, by name, for the cases the rule covers
    internal: bool = False  # a failure of the gate itself, not of the data (tests trigger it by monkeypatching)

    def hint_for(self, variant: str | None = None, **values: Any) -> str:
        if variant is not None and variant not in self.variants:
            _refuse(f"rule {self.id} has no hint variant {variant!r}")
        template = self.variants.get(variant, self.hint) if variant is not None else self.hint
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError) as exc:
            _refuse(f"the hint of {self.id} needs {exc}")
            return template

    def problem(self, file: str, line: int | None, column: str | None, message: str, *, severity: str | None = None,
                variant: str | None = None, **values: Any) -> Problem:
        if severity is not None and severity not in self.severities:
            _refuse(f"rule {self.id} is declared {'/'.join(self.severities)}, not {severity}")
        return Problem(file, line, column, self.id, message, self.hint_for(variant, **values), severity or self.severities[0], self.layer)


def _refuse(why: str) -> None:
    if strict():
        raise UndeclaredRule(why)


def _r(id: str, layer: str, what: str, hint: str, **kw: Any) -> Rule:
    return Rule(id, layer, what, hint, **kw)


_BUG = "this is a bug in the gate or a file it cannot parse: report it with this message"
_SCHEMA_HINT = "fix the Table Schema (see the Table Schema specification and the other schemas in schemas/)"
_CONSTRAINT_HINT = "{field}: {description} (schemas/{table}.schema.json)"
_LABEL_HINT = "the header must list the schema's fields in order (see schemas/)"
_IDENTITY_VARIANTS = MappingProxyType({
    "implied": "a row may be miscoded: a value here is implied by the parts the data state, not stated by the report, so check first "
               "that each row named has the right item, fund and stage (a part under the wrong parent, a fund the report does not "
               "distinguish written as a source, a breakdown only partly stated); register it in data/anomalies.csv "
               "(check_id {check_id}) only if the report itself states figures that disagree",
    "known": "known source inconsistency: the stated value is kept",
})
_IDENTITY_HINT = ("the source may contradict itself: these are stated figures, so first re-read the report (a typo in the data is the "
                  "likeliest cause); if the report really prints them, keep them and register the contradiction in data/anomalies.csv "
                  "with check_id {check_id}")


def _identity(name: str, what: str) -> Rule:
    return Rule(f"identity.{name}", "rules", what, _IDENTITY_HINT, severities=(ERROR, KNOWN), covers=(f"identities:{name}",),
                variants=_IDENTITY_VARIANTS)


RULES: tuple[Rule, ...] = (
    # ------------------------------------------------------------------ safety
    _r("safety.path", "safety", "Every resource path and schema path is relative and inside the package, after following links.",
       "give a relative path to a file inside the package folder, e.g. data/NAME.csv (no links out of it)"),
    _r("safety.reference", "safety", "The descriptor and the schemas name nothing the gate would fetch or read from elsewhere "
       "(profile, $schema, dialect or schema paths, extrapaths, another package).",
       "remove '{key}' (a dialect goes inline as an object; a profile may be the Data Package v2 one; foreign keys point at resources "
       "of this package)"),
    _r("safety.url", "safety", "No value of the descriptor or a schema is a URL, except documentation (homepage, a licence's or source's path).",
       "give a relative path to a file inside the package, or inline the value"),
    _r("safety.missing_file", "safety", "Every resource's file exists and can be read.",
       "add the file or correct the resource's path in datapackage.json",
       variants={"unreadable": "the resource's path must name a readable file"}),
    _r("safety.file_too_large", "safety", "A table, Table Schema or source text is within the gate's size limit.",
       "a table of this package is far smaller: split it, or check it is the right file",
       variants={"schema": "a Table Schema is a small JSON file", "source": "a source report is a plain text file"}),
    _r("safety.encoding", "safety", "Every table is UTF-8.",
       "convert: iconv -f {encoding} -t UTF-8 {path} > fixed.csv, or in Excel save as 'CSV UTF-8 (Comma delimited)'"),
    _r("safety.line_too_long", "safety", f"No physical line of a table is longer than the gate's limit ({MAX_LINE_BYTES // 1024} KiB).",
       "a row holds facts and short quotes; split or shorten it"),
    _r("safety.formula", "safety", "No text cell starts with = + - @, even after white space (spreadsheet formula injection).",
       "rephrase so the cell does not start with = + - @ (numbers belong in number columns)"),
    _r("safety.control_char", "safety", "No text cell holds a control, bidi or invisible character (a note may hold tabs and line breaks).",
       "remove it (tabs and line breaks only in notes): such characters make text read differently from what it holds"),
    _r("safety.cell_too_long", "safety", f"No cell is longer than the gate's limit ({MAX_CELL_CHARS:,} characters).",
       "a cell holds a fact, a short quote or a note: shorten it"),
    _r("safety.phone", "safety", "No text cell holds a phone number, however written.", "remove it: no personal data enters the package"),
    _r("safety.email", "safety", "No text cell holds an e-mail address.", "remove it: no personal data enters the package"),
    _r("safety.id_number", "safety", "No text cell holds an ID number (18 or 15 digits with a plausible birth date).",
       "remove it: no personal data enters the package"),
    _r("safety.denylist", "safety", "No text cell holds a name on the denylist (policy/denylist.sha256), in any form.",
       "remove the name: quote a shorter passage or paraphrase in the note"),
    _r("safety.denylist_file", "safety", "The denylist can be read and each line is '<sha256> <length>'.",
       "each line is '<sha256> <length> # why'; add names with `xinfang denylist add NAME --why …`"),
    _r("safety.source_path", "safety", "A report's source_file is a plain file name inside the sources folders.",
       "give the file name as it is in the sources folder (no '/', '..' or links out of it)"),
    _r("safety.crashed", "safety", "The gate finished (a crash outside a layer, or of the safety layer, is reported, never a traceback).",
       _BUG, internal=True),
    # ------------------------------------------------------------------ structure
    _r("structure.package", "structure", "datapackage.json is valid against the Data Package v2 profile.",
       "fix datapackage.json against the Data Package v2 profile", covers=("frictionless:package-error",)),
    _r("structure.resource", "structure", "Each resource of datapackage.json is valid: an object with a unique name, a path and a schema.",
       "fix this resource's entry in datapackage.json", covers=("frictionless:resource-error",),
       variants={"name": "give every resource of datapackage.json a name, a path and a schema", "unique": "resource names are unique"}),
    _r("structure.missing_resource", "structure", "The package has every resource the project's rules need.",
       "declare it in datapackage.json (path data/…/{name}.csv, schema schemas/{name}.schema.json)"),
    _r("structure.schema", "structure", "Each Table Schema is valid against the Table Schema profile, and its patterns run in RE2.",
       _SCHEMA_HINT, covers=("frictionless:schema-error", "frictionless:field-error"),
       variants={"json": "fix the Table Schema in schemas/ (a JSON object with 'fields')"}),
    _r("structure.source", "structure", "Each table can be read as CSV.",
       "the file could not be read as CSV: check its quotes (a cell with a comma or a line break is quoted)", covers=("frictionless:source-error",)),
    _r("structure.empty_file", "structure", "A table file has at least its header line.",
       "write the header (the schema's field names, comma-separated) on the first line"),
    _r("structure.too_many_columns", "structure", f"A table's header has at most {MAX_EXTRA_COLUMNS} columns more than its schema has fields.", _LABEL_HINT),
    _r("structure.incorrect_label", "structure", "The header lists the schema's fields, in order.", _LABEL_HINT,
       covers=("frictionless:incorrect-label",)),
    _r("structure.missing_label", "structure", "The header has every field of the schema.", "a column of the schema is missing from the header",
       covers=("frictionless:missing-label",)),
    _r("structure.extra_label", "structure", "The header has no column the schema does not define.",
       "the header has a column the schema does not define: add the field to schemas/ or remove the column", covers=("frictionless:extra-label",)),
    _r("structure.duplicate_label", "structure", "No two columns of the header have the same name.",
       "two columns have the same name: the header must match the schema's fields", covers=("frictionless:duplicate-label",)),
    _r("structure.blank_label", "structure", "Every column of the header has a name.", "a column has no name: the header must match the schema's fields",
       covers=("frictionless:blank-label",)),
    _r("structure.missing_cell", "structure", "Every row has as many cells as the header.",
       "the row has fewer cells than the header: add the missing commas (empty cell = missing value)", covers=("frictionless:missing-cell",)),
    _r("structure.extra_cell", "structure", "No row has more cells than the header.",
       "the row has more cells than the header: quote text that contains commas", covers=("frictionless:extra-cell",)),
    _r("structure.blank_row", "structure", "No row is completely blank.", "delete the empty row", covers=("frictionless:blank-row",)),
    _r("structure.type", "structure", "Every cell is in its field's type as the Table Schema writes it (numbers, integers, years, booleans, dates).",
       "write the value in the field's type (numbers without separators or units; dates as YYYY-MM-DD; booleans true/false)",
       covers=("frictionless:type-error",)),
    _r("structure.primary_key", "structure", "The primary key of each row is given and unique.",
       "two rows share the primary key: renumber line/row, or remove the duplicate", covers=("frictionless:primary-key",)),
    _r("structure.unique", "structure", "A field declared unique has no value twice.",
       "the value is already in another row of this field, which the schema declares unique: correct it or remove the duplicate row",
       covers=("frictionless:unique-error",)),
    _r("structure.foreign_key", "structure", "Every foreign key names a row of the referenced table (a codelist entry, a report, a project).",
       "the value does not exist in the referenced table: add it there first (a codelist entry, a report, a project) or correct it",
       covers=("frictionless:foreign-key",)),
    _r("structure.crashed", "structure", "The structure layer finished.", _BUG, internal=True),
    # ------------------------------------------------------------------ rules: field constraints (pandera, from the Table Schemas)
    _r("rules.required", "rules", "A field with constraints.required has a value in every row.", _CONSTRAINT_HINT, covers=("pandera:not_nullable",)),
    _r("rules.minimum", "rules", "A value is at least its field's constraints.minimum.", _CONSTRAINT_HINT, covers=("pandera:greater_than_or_equal_to",)),
    _r("rules.maximum", "rules", "A value is at most its field's constraints.maximum.", _CONSTRAINT_HINT, covers=("pandera:less_than_or_equal_to",)),
    _r("rules.range", "rules", "A value is within its field's constraints.minimum and constraints.maximum.", _CONSTRAINT_HINT,
       covers=("pandera:in_range",)),
    _r("rules.length", "rules", "A text is within its field's constraints.minLength and constraints.maxLength.", _CONSTRAINT_HINT,
       covers=("pandera:str_length",)),
    _r("rules.enum", "rules", "A value is one of its field's constraints.enum.", _CONSTRAINT_HINT, covers=("pandera:isin",)),
    _r("rules.pattern", "rules", "A text matches its field's constraints.pattern as a whole (matched by RE2).", _CONSTRAINT_HINT,
       covers=("pandera:str_matches",)),
    # ------------------------------------------------------------------ rules only code can express
    _r("rules.statement_sequence", "rules", "The statements of a fact are numbered 1, 2, 3 … with no gap and one first statement.",
       "number the first statement of a fact 1 and each restatement in another passage 2, 3 …"),
    _r("rules.project_in_report", "rules", "A project_id names a project of the same report.",
       "add the project to projects.csv for this report, or correct project_id"),
    _r("rules.amount_needed", "rules", "A budget row states an amount, unless it states only a rate or a change.",
       "write the amount in 万元 as printed, or delete the row"),
    _r("rules.share_pair", "rules", "share_pct and share_of are given together.",
       "give both the stated share and the item it is a share of, or neither"),
    _r("rules.rate_on_executed", "rules", "An execution rate is on an executed row (a 到位率 on a received row).",
       "put the stated execution rate on the executed row of the same item (a 到位率 on the received row)"),
    _r("rules.change_on_change_row", "rules", "A change percent is on a yoy_change row (budgets and petition metrics).",
       "put the stated change on a yoy_change row"),
    _r("rules.percent_range", "rules", "A petition metric in % is within 0–100 (a change aside).",
       "percentages are percent numbers within 0–100 (95.8 for 95.8%)"),
    _r("rules.value_needed", "rules", "A petition metric row states a value or a change.", "write the value as printed, or delete the row"),
    _r("rules.count_value", "rules", "A metric whose codelist kind is count has a whole value, 0 or more (a count printed in 万 aside).",
       "{metric} is a count (data/codelists/petition_metric_codes.csv): a whole number, 0 or more, as printed; a count printed "
       "in ten-thousands (1.2万份) keeps its decimals with the unit as printed (万份)"),
    _r("rules.rate_range", "rules", "A metric whose codelist kind is rate has a value within 0–100.",
       "{metric} is a rate (data/codelists/petition_metric_codes.csv): within 0–100"),
    _r("rules.approx_pair", "rules", "approx is true exactly when an approximation marker is given.",
       "set approx true and give the marker (余, 多, 近, 以上 …) as printed, or neither"),
    _r("rules.parent_row", "rules", "An indicator's parent_row names a subtotal row of the same report and table.",
       "point parent_row at the row of the heading (row_kind subtotal) this item belongs to"),
    _r("rules.quote_whitespace", "rules", "A quote is stored with its white space collapsed (what its length limit counts).",
       "collapse every run of white space to one space and trim the ends"),
    _r("rules.descriptor_sources", "rules", "The descriptor's sources are those generated from data/reports.csv.",
       "run `xinfang derive` to regenerate them from reports.csv"),
    _r("rules.code_unsupported", "rules", "A row's specific code is named by a term of its codelist or synonyms in its quote or context "
       "(a notice for the reviewer).",
       "check the code against the report: if it is right, quote the words that name it (the quote may be longer, up to {longest} characters) or, "
       "when the report names it in a way of its own, add the term to policy/synonyms.csv; if it is wrong, correct it", severities=(NOTICE,)),
    _r("rules.grade_word", "rules", "A project whose note records the printed conclusion has the grade that conclusion names.",
       "write grade {grade}: 优秀/优 → 优, 良好/良 → 良, 一般/中/合格 → 中, 较差/差/不合格 → 差"),
    _r("rules.budget_execution_row", "rules", "The budget-execution row of a self-evaluation table holds the rate in %, not the amounts.",
       "write the printed rate in actual_text/actual_value with unit %, leave the target empty, and put the budget and executed amounts on "
       "budgets rows"),
    _r("rules.backlog_period", "rules", "Backlog cases assigned by a campaign (交办) with no year stated are coded cumulative.",
       "write period cumulative (cases since the campaign began); report_year only when the report ties the figure to the year "
       "in words (2022年, 全年, 今年): in the quote, or, when the quote cannot reach them, say where in note (the sentence opens with 全年)"),
    _r("rules.zero_word_unit", "rules", "A zero stated in words has a unit only when the words print one.",
       "leave unit empty when the zero is stated in words without a measure word (无进京访情, 零登记)"),
    _r("rules.frequency_unit", "rules", "A figure stated per period (每季度, 每个工作日) has its period in its unit.",
       "write the unit with its period as printed: 次/季度, 名/工作日, 小时/天"),
    _r("rules.note_statement", "rules", "A note that names the row's statement number agrees with the row's statement.",
       "correct the note or the statement (statement counts the rows of one fact in this table)"),
    _r("rules.table_figure_repeated", "rules", "A figure of a self-evaluation table is in indicators only, not again in petition_metrics.",
       "keep the figure in its indicators row (with metric) and delete this row; petition_metrics holds what the text states"),
    _r("rules.unknown_anomaly", "rules", "Every entry of the anomalies register names an identity that exists in the data.",
       "remove the entry, or correct check_id to the id the gate prints"),
    _r("rules.stale_anomaly", "rules", "Every registered identity still fails (a contradiction that reconciles is removed from the register).",
       "the data now reconcile: remove the entry from data/anomalies.csv (or restore the stated value)"),
    _r("rules.anomaly_mismatch", "rules", "A register entry's report_id and rule are those of its identity.",
       "copy report_id and rule from the gate's message"),
    _r("rules.crashed", "rules", "The rules layer finished (a table's constraints, or one code rule, that crash are reported by name).",
       _BUG, internal=True, variants={"table": "this is a bug in the gate or a schema it cannot use: report it with this message",
                                      "rule": "this is a bug in the gate or data it cannot use: report it with this message"}),
    # ------------------------------------------------------------------ rules: the identities and the anomalies register
    _identity("parts_sum", "The parts of a stated total (items, funds, categories, rows of a breakdown) sum to it."),
    _identity("share_consistent", "A stated share (share_pct) equals the amount over the amount it is a share of."),
    _identity("rate_consistent", "A stated execution rate equals the executed amount over the budgeted one."),
    _identity("change_consistent", "A stated change (an amount or a percent) equals the difference from the figure it changes from."),
    _identity("cross_table_consistent", "A fact stated in two tables (budgets and projects, indicators and petition_metrics) is the same in both."),
    _identity("restatement_consistent", "A fact restated in another passage of the report has the value of its first statement."),
    _identity("score_within_weight", "An indicator's score is not above its weight."),
    _identity("weight_sum", "A subtotal's weight, and a table's total weight, are the sums of its rows'."),
    _identity("score_sum", "A subtotal's score, and a table's total score, are the sums of its rows'."),
    _r("anomaly.reading", "rules", "A contradiction found by reading, registered in data/anomalies.csv, is reported as known at its row.",
       "known source inconsistency found by reading: the stated value is kept", severities=(KNOWN,)),
    _r("register.reading_rows", "rules", "A reading entry of the register names its rows as table:key references.",
       "list the rows the contradiction concerns in `rows`, as table:key separated by spaces "
       "(budgets:12 petition_metrics:3; indicators:row; projects:project_id; reports:report_id)"),
    _r("register.reading_row_missing", "rules", "Every row a reading entry names is a row of its report.",
       "a row was renumbered or removed: point `rows` at the rows that now hold the figures, or remove the entry if the contradiction is gone"),
    _r("register.reading_stated", "rules", "The value a reading entry says is stated is a number of one of its rows.",
       "the rows no longer state this value: re-read the report, then correct `stated`, `rows` or the row's value (the register explains "
       "the data; it must not drift from it)"),
    # ------------------------------------------------------------------ plausibility
    _r("plausibility.amount_magnitude", "plausibility", f"An amount is within what a county bureau can have (±{MAX_AMOUNT_WAN:,} 万元).",
       "amounts are in 万元 (10,000 yuan), not 元",
       variants={"budgets": "a county bureau's budget is hundreds to thousands of 万元 (10,000 yuan): an amount printed in 元 needs unit 元 "
                            "(never convert it by hand)"}),
    _r("plausibility.year_range", "plausibility", "A report's fiscal year is within the years the package covers.",
       "the package covers fiscal years {first}–{last}: check the year"),
    _r("plausibility.count_magnitude", "plausibility", f"A petition figure is within what a county can have (±{MAX_COUNT:,}).",
       "a county's petition figures are below a few hundred thousand: check for a slip or a merged number"),
    _r("plausibility.staff_magnitude", "plausibility", f"A staffing figure is within what a county bureau can have (0–{MAX_STAFF}).",
       "a county bureau has tens of staff, not thousands"),
    _r("plausibility.coverage_budget", "plausibility", "A report whose type requires budget totals states one.",
       "its report type requires budget totals (report_types.requires_budget_totals): transcribe the expenditure total, basic expenditure "
       "or income total into budgets, or check report_type"),
    _r("plausibility.coverage_petition", "plausibility", "A report whose type requires petition-work figures states some.",
       "its report type requires petition-work figures (report_types.requires_petition_figures): transcribe them into petition_metrics "
       "(prose) or give the self-evaluation table's indicators their metric, or check report_type"),
    _r("plausibility.crashed", "plausibility", "The plausibility layer finished.", _BUG, internal=True),
    # ------------------------------------------------------------------ provenance
    _r("provenance.skipped", "provenance", "The provenance layer ran (a notice when no sources folder is found).",
       "pass --sources DIR to check quotes and checksums", severities=(NOTICE,)),
    _r("provenance.source_missing", "provenance", "Every report's source text is in a sources folder.",
       "run `xinfang sources fetch` (it downloads the texts reports.csv points at), add the text to a sources folder under exactly this "
       "name, or correct source_file"),
    _r("provenance.sha256", "provenance", "A source text's SHA-256 is the one its report row records.",
       "recompute with `sha256sum FILE`; if the file changed, re-check every quote of this report"),
    _r("provenance.quote_not_found", "provenance", "A quote occurs in its report (white space collapsed).",
       "copy the passage verbatim from the source (white space may differ, nothing else)",
       variants={"verbatim": "copy the text verbatim (white space may differ; leading numbering left out)"}),
    _r("provenance.figure_not_in_quote", "provenance", "Each figure of a row is a whole number printed in its quote.",
       "write the figure exactly as printed (trailing zeros included; a whole number of the quote, not a part of one) or quote the passage "
       "that states it"),
    _r("provenance.crashed", "provenance", "The provenance layer finished.", _BUG, internal=True),
    # ------------------------------------------------------------------ the gate itself
    _r("gate.undeclared_rule", "gate", "A check emitted a rule id this catalogue does not declare (reported instead of that id).",
       "this is a bug in the gate (or a library reports an error it did not before): report it with this message", internal=True),
)

CATALOGUE: Mapping[str, Rule] = MappingProxyType({r.id: r for r in RULES})
assert len(CATALOGUE) == len(RULES), "a rule id is declared twice"
# library:name -> our rule id
LIBRARY_NAMES: Mapping[str, str] = MappingProxyType({name: r.id for r in RULES for name in r.covers})
assert len(LIBRARY_NAMES) == sum(len(r.covers) for r in RULES), "a library name is covered by two rules"
UNDECLARED = CATALOGUE["gate.undeclared_rule"]


def library_rule(library: str, name: str) -> str:
    """Our rule id for a library's error type or check name (``library.name`` when none covers it:
    emit then reports it as undeclared)."""
    return LIBRARY_NAMES.get(f"{library}:{name}", f"{library}.{name}")


def emit(rule_id: str, file: str, line: int | None, column: str | None, message: str, *, severity: str | None = None,
         variant: str | None = None, **values: Any) -> Problem:
    """The problem of a declared rule, its hint and layer from the catalogue (see the module's docstring
    for an id the catalogue lacks)."""
    rule = CATALOGUE.get(rule_id)
    if rule is None:
        _refuse(f"rule id {rule_id!r} is not in the catalogue (scripts/xinfang/gate/catalogue.py)")
        return UNDECLARED.problem(file, line, column, f"{message} [undeclared rule {rule_id!r}]")
    return rule.problem(file, line, column, message, severity=severity, variant=variant, **values)
