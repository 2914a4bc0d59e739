"""Chart recipes of the Withdrawal chapter's before-and-after design (house style: :mod:`minusma.style`).

Each function draws a figure and returns it; the chapter passes it to
``ch.chart(...)`` with title, subtitle, source line, alt text and data.
"""

from __future__ import annotations

import pandas as pd

from . import style

#: Marker and colour of each source (colour and shape both carry it).
SOURCE_STYLE = {"ACLED": (style.PALETTE["vermillion"], "o"), "UCDP": (style.PALETTE["blue"], "s")}

GROUP_LABELS = {"all": "All cercles that lost a base", "north": "North", "centre": "Centre (Mopti)"}
DESIGN_LABELS = {"closures": "at the closures", "placebo": "placebo, a year earlier"}


def estimates_figure(table: pd.DataFrame):
    """Dot-and-interval chart of :func:`minusma.withdrawal_did.estimate_table` (one row per estimate).

    Rows: group × design, each with one dot and interval per source; a vertical
    line at zero. Filled dots: the real closure dates; open dots: the placebo.
    """
    groups = [g for g in GROUP_LABELS if g in set(table["group"])]
    designs = list(DESIGN_LABELS)
    fig, ax = style.new_figure(height=0.62 * len(groups) * len(designs) + 1.2)
    ticks, labels = [], []
    y = 0.0
    for g in groups:
        for d in designs:
            for j, (src, (colour, marker)) in enumerate(SOURCE_STYLE.items()):
                r = table[(table["group"] == g) & (table["design"] == d) & (table["source"] == src)]
                if r.empty:
                    continue
                r = r.iloc[0]
                yy = y + (j - 0.5) * 0.28
                ax.hlines(yy, r["low"], r["high"], color=colour, linewidth=2, alpha=0.9 if d == "closures" else 0.55)
                ax.plot(r["estimate"], yy, marker=marker, ms=7, color=colour,
                        mfc=colour if d == "closures" else "white", mew=1.5,
                        label=f"{src}, {DESIGN_LABELS[d]}" if g == groups[0] else None)
            ticks.append(y)
            labels.append(f"{GROUP_LABELS[g]}\n{DESIGN_LABELS[d]}")
            y -= 1
        y -= 0.4
    ax.axvline(0, color=style.TEXT, linewidth=0.9)
    ax.set_yticks(ticks, labels, fontsize=8.5)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Change in deaths per cercle and month after closure, against comparison cercles (95% interval)")
    ax.legend(loc="lower right", fontsize=8, ncol=2)
    return fig


def event_study_figure(studies: dict[str, pd.DataFrame]):
    """Event-study chart: treated-minus-comparison deaths by month around closure, one line per source.

    ``studies`` maps a source name (a key of :data:`SOURCE_STYLE`) to
    :func:`minusma.withdrawal_did.event_study` output.
    """
    fig, ax = style.new_figure(height=4.4)
    for j, (src, es) in enumerate(studies.items()):
        colour, marker = SOURCE_STYLE[src]
        x = es["k"] + (j - 0.5) * 0.25
        ax.fill_between(x, es["low"], es["high"], color=colour, alpha=0.13, linewidth=0, step=None)
        ax.plot(x, es["estimate"], "-", marker=marker, ms=3.5, color=colour, linewidth=1.2, label=src)
    ax.axhline(0, color=style.TEXT, linewidth=0.9)
    ax.axvline(0, color=style.SUBTLE, linestyle=(0, (3, 2)), linewidth=0.9)
    ax.text(0.3, 0.97, "Month of closure (left out)", transform=ax.get_xaxis_transform(), fontsize=8.5,
            color=style.SUBTLE, va="top")
    ax.set_xlabel("Months from the cercle's first closure")
    ax.set_ylabel("Deaths per cercle-month against\nthe pre-closure average")
    ax.set_xticks(range(-12, 25, 3))
    ax.legend(loc="lower left", fontsize=8.5)
    return fig
