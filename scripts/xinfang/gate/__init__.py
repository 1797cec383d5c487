"""The validation gate: one run, every layer, every problem with file, line, column, rule and hint.

Layers, in order:
  safety       paths, encodings, formula injection, personal data, the denylist (runs first:
               nothing unsafe is handed to the other layers)
  structure    frictionless: descriptor against the Data Package v2 profile; per resource
               header, types, primary and foreign keys, blank and ragged rows
  rules        the checks pandera generates from schemas/ (field constraints, gate/constraints.py),
               rules only code can express, and every identity of the data against the anomalies register
  plausibility Great Expectations: magnitudes, years, coverage; Data Docs for reviewers
  provenance   checksums of the sources, quotes against their reports, figures against quotes
"""
