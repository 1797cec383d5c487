"""The cyclic garbage collector of a process of the gate (the xinfang command, each worker).

Importing the gate's libraries allocates hundreds of thousands of objects that live to the end
of the process and makes hardly any reference cycle: with CPython's default threshold (a young
collection every 700 allocations, the older generations traversing everything alive) the
collector takes about a tenth of a small package's CPU time walking them. So the imports run
with few collections (IMPORT_THRESHOLD), and what is alive after them is left out of every later
collection (gc.freeze). The run itself has the default threshold: its frames and arrays do
make cycles, which hold large buffers (a higher threshold raised the peak memory at 30,000
reports by a tenth).
"""

from __future__ import annotations

import gc

IMPORT_THRESHOLD = 50_000
_DEFAULT = gc.get_threshold()


def before_imports() -> None:
    """Few collections while the modules are imported."""
    gc.set_threshold(IMPORT_THRESHOLD, *_DEFAULT[1:])


def after_imports() -> None:
    """The objects alive now (the modules imported) never traversed again; the default threshold back."""
    gc.freeze()
    gc.set_threshold(*_DEFAULT)
