"""The subject of a fact row: the key (report_id, project_id) into projects.

A row that belongs to no project (the department's own budget lines, its self-evaluation table, its
problems and measures) names the project ``department``: every report has that row in projects, so
the composite foreign key (report_id, project_id) → projects holds without nulls (frictionless, and
every export, reject or skip a composite key with a missing part).
"""

DEPARTMENT = "department"
