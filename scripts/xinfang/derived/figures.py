"""Figures for the README, drawn from the derived unit_year_panel only (docs/figures/*.svg).

`xinfang derive` writes them with the derived tables, so they are never stale; SVG output is
made byte-stable by fixing the ids' hash salt and dropping the date from the metadata.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from ..fieldtypes import to_float

FIGURES_DIR = "docs/figures"
SVG_METADATA = {"Date": None, "Creator": "xinfang derive (matplotlib)"}
CHANNEL_LABELS = {
    "letters": "letters", "visits": "visits (cases)", "visits_batches": "visits (batches)", "phone": "phone", "online": "online",
    "online_complaints": "online complaints", "leader_mailbox": "leaders' mailbox", "online_suggestions": "online suggestions",
}

SOURCE_CAPTION = "source: xinfang-performance, data/derived/unit_year_panel.csv"

Row = dict[str, str]


def _label(r: Row) -> str:
    return f"{r['division_en'] or r['unit_id']}\n{r['fiscal_year']}"


def _num(text: str) -> float | None:
    return to_float(text) if text else None


def _execution(ax, rows: list[Row]) -> None:  # type: ignore[no-untyped-def]
    labels, computed, stated = [], [], []
    for r in rows:
        labels.append(_label(r))
        computed.append(_num(r["execution_rate_computed_pct"]))
        stated.append(_num(r["execution_rate_stated_pct"]))
    xs = range(len(rows))
    ax.bar(xs, [c or 0 for c in computed], color="#4c72b0", label="computed: executed / budget")
    ax.scatter([x for x, s in zip(xs, stated, strict=True) if s is not None], [s for s in stated if s is not None],
               color="#dd8452", zorder=3, label="stated by the report")
    for x, c, s, r in zip(xs, computed, stated, rows, strict=True):
        if c is None:
            ax.text(x, 2, "no budget\nstated" + ("\n(rate only\nas stated)" if s is not None else ""), ha="center", va="bottom", fontsize=7,
                    color="#555555")
        if r["total_fund"]:  # the fund the rate is of: the panel's choice, where budget and execution are both stated
            ax.text(x, (c or s or 0) + 2, f"fund: {r['total_fund']}", ha="center", va="bottom", fontsize=7, color="#333333")
    ax.set_xticks(list(xs), labels, fontsize=8)
    ax.set_ylabel("% of the budget executed")
    ax.set_ylim(0, 118)
    ax.set_title("Budget execution of the expenditure total, by unit and year")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)


def _personnel(ax, rows: list[Row]) -> None:  # type: ignore[no-untyped-def]
    xs = range(len(rows))
    of_basic = [_num(r["personnel_share_of_basic_computed_pct"]) for r in rows]
    of_total = [_num(r["personnel_share_computed_pct"]) for r in rows]
    w = 0.38
    ax.bar([x - w / 2 for x in xs], [v or 0 for v in of_basic], w, color="#55a868", label="of basic expenditure")
    ax.bar([x + w / 2 for x in xs], [v or 0 for v in of_total], w, color="#8172b2", label="of total expenditure")
    for x, a, b in zip(xs, of_basic, of_total, strict=True):
        if a is None and b is None:
            ax.text(x, 2, "not\nstated", ha="center", va="bottom", fontsize=7, color="#555555")
    ax.set_xticks(list(xs), [_label(r) for r in rows], fontsize=8)
    ax.set_ylabel("personnel costs, %\n(computed, same fund only)")
    ax.set_ylim(0, 100)
    ax.set_title("Personnel costs as a share of expenditure")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)


def _channels(ax, rows: list[Row]) -> None:  # type: ignore[no-untyped-def]
    stated = [r for r in rows if r["petitions_channels_stated"] not in ("", "0")]
    left = [0.0] * len(stated)
    colors = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b2", "#937860", "#da8bc3", "#8c8c8c"]
    for (ch, label), color in zip(CHANNEL_LABELS.items(), colors, strict=True):
        values = [_num(r[f"petitions_{ch}"]) or 0.0 for r in stated]
        totals = [_num(r["petitions_total_computed"]) or 1.0 for r in stated]
        shares = [100 * v / t for v, t in zip(values, totals, strict=True)]
        if any(shares):
            ax.barh(range(len(stated)), shares, left=left, color=color, label=label)
            left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.set_yticks(range(len(stated)), [f"{_label(r)} (n={r['petitions_total_computed']})".replace("\n", " ") for r in stated], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the petitions of the stated channels")
    ax.set_title("Petition volume by channel")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=4)


FIGURES: dict[str, tuple[Callable[..., None], tuple[float, float]]] = {
    "budget_execution.svg": (_execution, (7.5, 4.0)),
    "personnel_share.svg": (_personnel, (7.5, 4.0)),
    "petition_channels.svg": (_channels, (7.5, 3.0)),
}


def render_figures(panel_csv: str) -> dict[str, str]:
    """File path -> SVG text, from the text of unit_year_panel.csv."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = list(csv.DictReader(io.StringIO(panel_csv)))
    out = {}
    with matplotlib.rc_context({"svg.hashsalt": "xinfang-performance", "svg.fonttype": "path", "font.family": "DejaVu Sans"}):
        for name, (draw, size) in FIGURES.items():
            fig, ax = plt.subplots(figsize=size, layout="constrained")
            draw(ax, rows)
            # a figure-level label the constrained layout makes room for, below the legend (never on it)
            fig.supxlabel(SOURCE_CAPTION, x=0.995, ha="right", fontsize=6, color="#777777")
            buf = io.StringIO()
            fig.savefig(buf, format="svg", metadata=SVG_METADATA)
            plt.close(fig)
            out[f"{FIGURES_DIR}/{name}"] = buf.getvalue()
    return out
