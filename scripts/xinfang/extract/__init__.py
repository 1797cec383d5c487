"""Contributor assistant: draft a report's rows from its text (`xinfang extract`, `xinfang new-report`).

Modules: text (decoding, lines, table layouts), numbers (printed numbers, units, approximations,
pairs), vocabulary (terms -> codes from the codelists + synonyms.csv), budgets, staffing,
petitions, indicators (self-evaluation tables), issues, unplaced, draft (runs them and writes the
CSVs), evaluate (the extract-eval measure).
"""
