"""The gate's numeric bounds, defined once: what `gate/limits.py` and the plausibility layer enforce
and what the rule catalogue says they are (a leaf module, so the catalogue can state them without
importing the checks)."""

from __future__ import annotations

# bounded work and output (gate/limits.py, gate/safety.py)
MAX_LINE_BYTES = 256 * 1024
MAX_EXTRA_COLUMNS = 50
MAX_CELL_CHARS = 10_000
MAX_MESSAGE_CHARS = 300
MAX_HINT_CHARS = 400
SUMMARY_THRESHOLD = 100  # errors of one rule in one file shown in full; the rest are counted

# what a county-level petition bureau can have (gate/plausibility.py); the largest amount in the
# sources is about 1,036 万元
MAX_AMOUNT_WAN = 20_000  # 2亿元: far above any county bureau, far below a 10,000× slip
MAX_COUNT = 2_000_000
MAX_STAFF = 500
