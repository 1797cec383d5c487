"""The cyclic garbage collector of a process of the gate (the xinfang command, each worker).

Importing the gate's libraries allocates hundreds of thousands of objects that live to the end
of the process and makes hardly any reference cycle: with CPython's default threshold (a young
collection every 700 allocations, the older generations traversing everything alive) the
collector takes about a tenth of a small package's CPU time walking them. So the imports run
with few collections (IMPORT_THRESHOLD), and what is alive after them is left out of the
collections of the run (gc.freeze). The run itself has the default threshold: its frames and
arrays do make cycles, which hold large buffers (a higher threshold raised the peak memory at
30,000 reports by a tenth). In a process that goes on after the run (a test calling the
command), everything is collected as before once the run is over (gc.unfreeze).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

IMPORT_THRESHOLD = 50_000


@contextmanager
def quiet_imports() -> Iterator[Callable[[], None]]:
    """Few collections until the function given is called (after the imports), which leaves what
    is alive then out of the later collections and puts the threshold back; on leaving, both
    undone (the threshold as it was, nothing frozen)."""
    before = gc.get_threshold()
    gc.set_threshold(IMPORT_THRESHOLD, *before[1:])

    def imported() -> None:
        gc.freeze()
        gc.set_threshold(*before)

    try:
        yield imported
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def freeze_imported() -> None:
    """In a worker (forked from a server that imported the gate's modules): those objects are
    left out of every collection of the worker's life."""
    gc.freeze()
