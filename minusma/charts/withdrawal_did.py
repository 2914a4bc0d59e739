"""Chart recipes of the Withdrawal chapter's before-and-after comparison (house style: :mod:`minusma.charts.style`).

Inputs are the :class:`minusma.analysis.withdrawal_design.Design` of the chapter
and its parts. The ``*_chart`` functions return ``(fig, facts)``: the figure and a
dict with its ``alt`` text, the ``data`` table it plots, and, where the site has
one, the ``phone_fig`` layout; the ``*_figure`` functions draw only.
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis.withdrawal_design import Design
from minusma.charts import style

#: Marker and colour of each source (colour and shape both carry it).
SOURCE_STYLE = {"ACLED": (style.PALETTE["vermillion"], "o"), "UCDP": (style.PALETTE["blue"], "s")}

GROUP_LABELS = {"all": "All cercles that lost a base", "north": "North", "centre": "Centre (Mopti)"}
DESIGN_LABELS = {"closures": "at the closures", "placebo": "placebo, a year earlier"}


def estimates_figure(table: pd.DataFrame, phone: bool = False):
    """Dot-and-interval chart of :func:`minusma.analysis.withdrawal_did.estimate_table` (one row per estimate).

    Rows: group × design, each with one dot and interval per source; a vertical
    line at zero. Filled dots: the real closure dates; open dots: the placebo.
    ``phone=True`` draws the phone image's layout (:func:`minusma.charts.render.render`'s
    ``phone_fig``): each group's name and each row's design written above the
    row, inside the plot, instead of tick labels beside it.
    """
    groups = [g for g in GROUP_LABELS if g in set(table["group"])]
    designs = list(DESIGN_LABELS)
    if phone:
        fig, ax = style.new_figure(
            height=0.62 * len(groups) * len(designs) + 0.5 * len(groups) + 0.6, width=style.PHONE_WIDTH_IN
        )
    else:
        fig, ax = style.new_figure(height=0.62 * len(groups) * len(designs) + 1.2)
    ticks, labels = [], []
    y = 0.0
    for g in groups:
        if phone:
            y -= 0.15
            ax.text(
                0.0,
                y + 0.75,
                GROUP_LABELS[g],
                transform=ax.get_yaxis_transform(),
                ha="left",
                va="bottom",
                fontsize=style.PHONE_MIN_PT,
                fontweight="bold",
                color=style.TEXT,
            )
        for d in designs:
            for j, (src, (colour, marker)) in enumerate(SOURCE_STYLE.items()):
                r = table[(table["group"] == g) & (table["design"] == d) & (table["source"] == src)]
                if r.empty:
                    continue
                r = r.iloc[0]
                yy = y + (j - 0.5) * 0.28
                ax.hlines(yy, r["low"], r["high"], color=colour, linewidth=2, alpha=0.9 if d == "closures" else 0.55)
                ax.plot(
                    r["estimate"],
                    yy,
                    marker=marker,
                    ms=7,
                    color=colour,
                    mfc=colour if d == "closures" else "white",
                    mew=1.5,
                    label=f"{src}, {DESIGN_LABELS[d]}" if g == groups[0] else None,
                )
            if phone:
                ax.text(
                    0.0,
                    y + 0.3,
                    DESIGN_LABELS[d].capitalize(),
                    transform=ax.get_yaxis_transform(),
                    ha="left",
                    va="bottom",
                    fontsize=style.PHONE_MIN_PT,
                    color=style.SUBTLE,
                )
            ticks.append(y)
            labels.append(f"{GROUP_LABELS[g]}\n{DESIGN_LABELS[d]}")
            y -= 1
        y -= 0.4
    ax.axvline(0, color=style.TEXT, linewidth=0.9)
    if phone:
        ax.set_yticks([])
        ax.set_ylim(y + 0.8, 1.25)
        ax.spines["left"].set_visible(False)
    else:
        ax.set_yticks(ticks, labels, fontsize=8.5)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Deaths per cercle-month after closure, net of the comparison cercles")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8, ncol=2, frameon=False)
    return fig


def event_study_figure(studies: dict[str, pd.DataFrame]):
    """Event-study chart: treated-minus-comparison deaths by month around closure, one line per source.

    ``studies`` maps a source name (a key of :data:`SOURCE_STYLE`) to
    :func:`minusma.analysis.withdrawal_did.event_study` output.
    """
    fig, ax = style.new_figure(height=4.4)
    for j, (src, es) in enumerate(studies.items()):
        colour, marker = SOURCE_STYLE[src]
        x = es["k"] + (j - 0.5) * 0.25
        ax.fill_between(x, es["low"], es["high"], color=colour, alpha=0.13, linewidth=0, step=None)
        ax.plot(x, es["estimate"], "-", marker=marker, ms=3.5, color=colour, linewidth=1.2, label=src)
    ax.axhline(0, color=style.TEXT, linewidth=0.9)
    ax.axvline(0, color=style.SUBTLE, linestyle=(0, (3, 2)), linewidth=0.9)
    ax.text(
        0.3,
        0.97,
        "Month of closure (left out)",
        transform=ax.get_xaxis_transform(),
        fontsize=8.5,
        color=style.SUBTLE,
        va="top",
    )
    ax.set_xlabel("Months from the cercle's first closure")
    ax.set_ylabel("Deaths per cercle-month against\nthe pre-closure average")
    ax.set_xticks(range(-12, 25, 3))
    ax.legend(loc="lower left", fontsize=8.5)
    return fig


def estimates_chart(d: Design):
    """The pooled estimates (:func:`estimates_figure`) with the phone layout, alt text and data.

    Returns ``(fig, facts)``: ``alt``, ``data`` (the estimate table, rounded to 3 decimals), ``phone_fig``.
    """
    est = d.estimates
    alt = (
        "Dot-and-interval chart of pooled difference-in-differences estimates. "
        + "; ".join(
            f"{GROUP_LABELS[r.group]}, {DESIGN_LABELS[r.design]}, {r.source}: {r.estimate:+.1f} "
            f"({r.low:+.1f} to {r.high:+.1f})"
            for r in est.itertuples()
        )
        + "."
    )
    data = est[["source", "group", "design", "estimate", "low", "high", "p", "treated", "clusters", "obs"]].round(3)
    return estimates_figure(est), {"alt": alt, "data": data, "phone_fig": estimates_figure(est, phone=True)}


def event_study_chart(d: Design):
    """The event studies (:func:`event_study_figure`), with alt text (ACLED's months) and data (both sources)."""
    es_a = d.studies["ACLED"]
    alt = (
        f"Line chart of event-study estimates from {-d.lo} months before to {d.hi_es} months after closure. ACLED: "
        + ", ".join(f"{r.k:+d}: {r.estimate:+.0f}" for r in es_a.itertuples())
        + "."
    )
    data = pd.concat([s.assign(source=n) for n, s in d.studies.items()], ignore_index=True)
    return event_study_figure(d.studies), {
        "alt": alt,
        "data": data[["source", "k", "estimate", "low", "high", "stacks"]].round(3),
    }


def cercle_table(d: Design) -> pd.DataFrame:
    """The per-cercle table as the chapter prints it: bases, ACLED before/after, net changes, UCDP near the bases."""
    ct = d.cercles
    return pd.DataFrame(
        {
            "Cercle": ct["admin2"],
            "Bases (closed in 2023)": [
                ", ".join(f"{b} {c.rsplit(' ', 1)[0]}" for b, c in zip(bs.split("; "), ds.split("; ")))
                for bs, ds in zip(ct["bases"], ct["closures"])
            ],
            "Before": ct["before"].round(1),
            "After": ct["after"].round(1),
            "Comparison change": ct["control_change"].round(1),
            "Net (ACLED)": ct["did"].round(1),
            "ACLED": ct["direction"],
            "Net (UCDP)": ct["ucdp_did"].round(1),
            "UCDP": ct["ucdp_direction"],
            f"UCDP ≤{d.radius_km} km": [f"{a:.1f} → {b:.1f}" for a, b in zip(ct["near_before"], ct["near_after"])],
        }
    )


def cercles_chart(d: Design, acled: pd.DataFrame, closed: pd.DataFrame, *, ncols: int = 4, after: int = 24):
    """Small multiples: each unit's monthly ACLED fatalities from ``-lo`` months before to ``after`` months after
    its first closure (cut at the last complete month), red lines at its bases' closures.

    Parameters
    ----------
    d : Design
        The comparison (its ``units``, ``lo``, ``last_complete`` and per-cercle means).
    acled : pandas.DataFrame
        ``acled_mali_cercle_month``.
    closed : pandas.DataFrame
        The bases closed in 2023 (``admin2_pcode``, ``closed_on``).

    Returns
    -------
    (matplotlib.figure.Figure, dict)
        ``alt`` and ``data`` (``cercle``, ``month`` as YYYY-MM, ``fatalities``).
    """
    nrows = -(-len(d.units) // ncols)
    fig, axes = style.new_figure(nrows, ncols, height=1.9 * nrows, sharex=False)
    series = []
    for ax, c in zip(axes.flat, d.units.itertuples()):
        m0 = c.first_closure.to_period("M")
        months = pd.period_range(m0 + d.lo, min(m0 + after, d.last_complete.to_period("M")), freq="M").to_timestamp()
        sel = (
            acled[acled["admin2_pcode"] == c.admin2_pcode]
            .set_index("month")["fatalities"]
            .reindex(months, fill_value=0)
        )
        series.append(pd.DataFrame({"cercle": c.admin2, "month": months.strftime("%Y-%m"), "fatalities": sel.values}))
        ax.bar(months, sel.values, width=25, color=style.PALETTE["grey"])
        for day in closed.loc[closed["admin2_pcode"] == c.admin2_pcode, "closed_on"]:
            ax.axvline(day, color=style.PALETTE["vermillion"], linewidth=1.3)
        ax.set_title(c.admin2, fontsize=9, loc="left")
        ax.tick_params(labelsize=7.5)
        style.month_axis(ax, interval=12, fmt="%Y")
    for ax in list(axes.flat)[len(d.units) :]:
        ax.set_axis_off()
    alt = (
        "Small-multiple bar charts of monthly political-violence fatalities in each cercle around its closure: "
        + "; ".join(f"{r.admin2}: {r.before:.1f} per month before, {r.after:.1f} after" for r in d.cercles.itertuples())
        + "."
    )
    return fig, {"alt": alt, "data": pd.concat(series, ignore_index=True)}
