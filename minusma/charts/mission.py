"""Chart recipes of the Mission chapter: the figure drawn, the table it plots, and the facts its alt text needs.

Each function draws on :func:`minusma.charts.style.new_figure` and returns the figure
with the table it plots and its alt text; the chapter gives it its title (the finding,
computed from the data), subtitle and source line through
:meth:`minusma.book.chapter.Chapter.chart`. Inputs are the chapter's tables and the
frames of the ``minusma.analysis.mission_*`` modules. Each also returns the alt text: what the chart
draws, number by number, for a reader who cannot see it. The fatality-rate charts are in
:mod:`minusma.charts.mission_risk`.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from minusma import markup
from minusma.analysis import mission_mandate as mm
from minusma.analysis import mission_strength as ms
from minusma.charts import style, timeline
from minusma.data import reference as ref

#: Lanes of the 2012-2013 timeline chart: the fact base's event categories, in this report's words.
LANES = {
    "security": "Armed groups",
    "politics": "Mali's politics",
    "france": "France",
    "mission": "UN and African Union",
}

#: Where no official monthly count of MINUSMA exists (IPI's series ends in March 2017).
NO_MONTHLY_FROM, NO_MONTHLY_TO = pd.Timestamp("2017-04-01"), pd.Timestamp("2023-12-31")


def _spread(ys: list[float], gap: float) -> list[float]:
    """Label positions at least ``gap`` apart, as close to ``ys`` (sorted) as that allows."""
    out = []
    for y in ys:
        out.append(y if not out or y - out[-1] >= gap else out[-1] + gap)
    return out


def why_chart(events: pd.DataFrame):
    """The road to the mission, January 2012 to August 2013, on one vertical time axis.

    Parameters
    ----------
    events : pandas.DataFrame
        The ``timeline`` table; the events are :data:`minusma.analysis.mission_mandate.WHY_MARKERS`.

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame, str)
        The figure, the plotted events (``date`` (YYYY-MM-DD), ``lane``,
        ``label``, ``event``, ``source_title``, ``source_url``) and the alt text.

    Raises
    ------
    KeyError
        A marker's event is not in ``events`` (:func:`minusma.charts.timeline.markers`).
    """
    m = timeline.markers(events, mm.WHY_MARKERS)
    m["lane"] = [
        LANES[events.loc[(events["date_start"] == d) & (events["event"] == e), "category"].iloc[0]]
        for d, e in zip(m["date_start"], m["event"])
    ]
    fig, ax = style.new_figure(height=6.0)
    colours = dict(
        zip(
            LANES.values(),
            (style.PALETTE["vermillion"], style.PALETTE["green"], style.PALETTE["purple"], style.PALETTE["blue"]),
        )
    )
    days = (m["date_start"] - m["date_start"].min()).dt.days.to_numpy(dtype=float)
    span = days.max()
    ys = _spread(list(days), gap=span * 0.075)
    north = timeline.markers(events, ["north_taken", "serval"])["date_start"]
    ax.axhspan(
        (north.iloc[0] - m["date_start"].min()).days,
        (north.iloc[1] - m["date_start"].min()).days,
        xmin=0,
        xmax=0.09,
        color=style.PALETTE["vermillion"],
        alpha=0.12,
        linewidth=0,
    )
    ax.text(
        0.01,
        (north.iloc[0] - m["date_start"].min()).days + 8,
        "The north's\ntowns held\nby Islamist\ngroups",
        fontsize=8,
        color=style.SUBTLE,
        va="top",
        transform=ax.get_yaxis_transform(),
    )
    ax.plot([0.12, 0.12], [0, span], color=style.SUBTLE, linewidth=1, transform=ax.get_yaxis_transform())
    for d, y, r in zip(days, ys, m.itertuples()):
        c = colours[r.lane]
        ax.plot([0.12], [d], marker="o", markersize=7, color=c, transform=ax.get_yaxis_transform(), zorder=3)
        ax.plot([0.12, 0.16, 0.19], [d, y, y], color=c, linewidth=0.8, transform=ax.get_yaxis_transform())
        ax.text(
            0.20,
            y,
            f"{timeline.short_date(r.key, r.date_start)}  ",
            fontsize=9,
            color=style.SUBTLE,
            va="center",
            ha="left",
            transform=ax.get_yaxis_transform(),
        )
        ax.text(
            0.40,
            y,
            r.label,
            fontsize=10,
            color=style.TEXT,
            va="center",
            ha="left",
            fontweight="bold",
            transform=ax.get_yaxis_transform(),
        )
        ax.text(0.99, y, r.lane, fontsize=8.5, color=c, va="center", ha="right", transform=ax.get_yaxis_transform())
    ax.set_ylim(max(ys) + span * 0.06, -span * 0.06)
    ax.set_xlim(0, 1)
    ax.axis("off")
    data = pd.DataFrame(
        {
            "date": m["date_start"].dt.strftime("%Y-%m-%d"),
            "lane": m["lane"],
            "label": m["label"],
            "event": m["event"],
            "source_title": m["source_title"],
            "source_url": m["source_url"],
        }
    )
    alt = (
        "Vertical timeline of Mali, 2012-2013: "
        + "; ".join(f"{r.date}: {r.label} ({r.lane})" for r in data.itertuples())
        + ". A shaded band marks the months in which Islamist groups held the north's towns."
    )
    return fig, data, alt


def why_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events of :func:`why_chart` as a table: ``Date`` (as precise as the fact base), ``Event`` (the marker's
    label), ``Source`` (linked), in date order.
    """
    why = timeline.markers(events, mm.WHY_MARKERS)
    return pd.DataFrame(
        {
            "Date": [timeline.short_date(k, d) for k, d in zip(why["key"], why["date_start"])],
            "Event": why["label"].to_numpy(),
            "Source": [markup.link(t.strip("[]"), u) for t, u in zip(why["source_title"], why["source_url"])],
        }
    )


def strength_chart(strength: pd.DataFrame, steps: pd.DataFrame, events: pd.DataFrame, facts: dict):
    """Authorised ceilings and deployed uniformed personnel, official counts, statements and estimates apart.

    Parameters
    ----------
    strength : pandas.DataFrame
        ``uniformed_strength``.
    steps : pandas.DataFrame
        From :func:`minusma.analysis.mission_mandate.ceiling_steps`.
    events : pandas.DataFrame
        ``timeline`` (for the markers).
    facts : dict
        From :func:`minusma.analysis.mission_strength.facts` (Chad's withdrawal, the first and last figure of
        each source, the withdrawal).

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame, str)
        The figure, the plotted table (``series``, ``basis``, ``start``,
        ``end`` (YYYY-MM-DD), ``value``, ``statistic``, ``component``, with
        the ceilings and the span without an official monthly count) and the alt text.
    """
    chad, oct21 = facts["chad"], facts["oct21"]
    pts = ms.strength_chart_data(strength)
    fig, ax = style.new_figure(height=6.6)
    c_off, c_st, c_est, c_ceil = style.PALETTE["blue"], style.PALETTE["vermillion"], style.PALETTE["grey"], style.TEXT
    ax.axvspan(
        NO_MONTHLY_FROM,
        NO_MONTHLY_TO,
        ymin=0,
        ymax=0.055,
        color=style.PALETTE["lightgrey"],
        alpha=0.8,
        linewidth=0,
        zorder=1,
    )
    ax.text(
        NO_MONTHLY_FROM + pd.Timedelta(days=60),
        21000 * 0.027,
        "No official monthly count from April 2017",
        fontsize=8.5,
        color=style.TEXT,
        va="center",
        zorder=6,
    )
    for col, ls, lab in (
        ("uniformed", "-", "Ceiling, uniformed (troops + police)"),
        ("troops", (0, (4, 2)), "Ceiling, troops"),
    ):
        xs = list(steps["start"]) + [steps["end"].iloc[-1]]
        ys = list(steps[col]) + [steps[col].iloc[-1]]
        ax.step(xs, ys, where="post", color=c_ceil, linestyle=ls, linewidth=1.3, label=lab, zorder=3)
    for s in steps.itertuples():
        ax.text(
            s.start + pd.Timedelta(days=30),
            s.uniformed + 300,
            f"Res. {s.resolution}",
            fontsize=8.5,
            color=c_ceil,
            zorder=6,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
        )
    p = pts[pts["series"] == "IPI monthly"]
    ax.plot(p["start"], p["value"], color=c_off, linewidth=2, label="Official: UN month-end count (IPI)", zorder=4)
    p = pts[pts["series"] == "RADPKO yearly mean"]
    ax.hlines(
        p["value"],
        p["start"],
        p["end"],
        color=c_off,
        linewidth=4,
        alpha=0.45,
        label="Official: UN yearly mean (RADPKO)",
        zorder=4,
    )
    p = pts[pts["series"] == "DPO yearly mean"]
    ax.hlines(
        p["value"],
        p["start"],
        p["end"],
        color=c_off,
        linewidth=2.2,
        linestyles=(0, (6, 1.5)),
        label="Official: UN yearly mean, whole years (DPO)",
        zorder=5,
    )
    p = pts[pts["series"] == "statement"]
    ax.plot(
        p["start"],
        p["value"],
        linestyle="none",
        marker="D",
        markersize=5.5,
        color=c_st,
        label="Statement: uniformed, as published or derived",
        zorder=5,
    )
    w = p[p["statistic"] != "as published"].sort_values("start")
    ax.plot(w["start"], w["value"], color=c_st, linewidth=0.9, linestyle=(0, (2, 2)), zorder=4)
    p = pts[pts["series"] == "statement, military only"]
    ax.plot(
        p["start"],
        p["value"],
        linestyle="none",
        marker="D",
        markersize=5.5,
        markerfacecolor="white",
        markeredgecolor=c_st,
        label="Statement: military only",
        zorder=5,
    )
    p = pts[(pts["series"] == "Geo-PKO estimate") & (pts["end"] <= steps["end"].iloc[-1] + pd.offsets.YearEnd(0))]
    ax.hlines(
        p["value"],
        p["start"],
        p["end"],
        color=c_est,
        linewidth=1.6,
        linestyles=(0, (1, 1.5)),
        label="Estimate: Geo-PKO troops from map symbols (not a count)",
        zorder=2,
    )
    marks = timeline.markers(events, ["algiers", "coup_2020", "coup_2021", "wagner", "withdrawal_start"])
    timeline.mark(ax, marks, fontsize=8, ypos=0.40)
    ax.annotate(
        f"Chad withdraws\n{int(chad['value']):,} troops",
        xy=(chad["as_of"], oct21["military"]),
        xytext=(chad["as_of"] - pd.Timedelta(days=1000), oct21["military"] - 3800),
        fontsize=8.5,
        color=c_st,
        arrowprops={"arrowstyle": "->", "color": c_st, "linewidth": 0.8},
    )
    ax.set_xlim(pd.Timestamp("2013-04-01"), pd.Timestamp("2024-01-31"))
    ax.set_ylim(0, 21000)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    style.thousands(ax)
    ax.set_ylabel("Personnel")
    ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.08), fontsize=8.5, ncols=2)
    data = pd.concat(
        [
            steps.assign(series="ceiling", basis="authorised")
            .melt(
                id_vars=["series", "basis", "start", "end", "resolution"],
                value_vars=["uniformed", "troops", "police"],
                var_name="component",
                value_name="value",
            )
            .drop(columns="resolution"),
            pts.assign(
                component=lambda d: d["series"].map(
                    lambda s: "military" if "military" in s or "Geo" in s else "uniformed"
                )
            ),
            pd.DataFrame(
                {
                    "series": ["no official monthly count"],
                    "basis": ["gap"],
                    "start": [NO_MONTHLY_FROM],
                    "end": [NO_MONTHLY_TO],
                }
            ),
        ],
        ignore_index=True,
    )
    data = data.assign(start=data["start"].dt.strftime("%Y-%m-%d"), end=data["end"].dt.strftime("%Y-%m-%d"))
    return fig, data, _strength_alt(steps, facts)


def _strength_alt(steps: pd.DataFrame, f: dict) -> str:
    first, robust = steps.iloc[0], steps[steps["resolution"] == 2295].iloc[0]
    ipi, rad, geo, st_pts, peak = f["ipi"], f["rad"], f["geo"], f["st_pts"], f["peak"]
    return (
        f"Line and step chart, 2013 to 2023. The uniformed ceiling rises from {int(first['uniformed']):,} "
        f"(resolution 2100) to {int(robust['uniformed']):,} (resolution 2295, June 2016) and ends with the mandate "
        f"in June 2023. Official UN counts rise from {int(ipi['uniformed'].iloc[0]):,} in July 2013 to "
        f"{int(ipi['uniformed'].iloc[-1]):,} in March 2017; no official monthly count exists after that. RADPKO's "
        f"yearly means reach {round(rad.loc[2019, 'uniformed']):,} in 2019; the UN's yearly means are "
        + ", ".join(f"{int(v):,} in {y}" for y, v in f["dpo"].items())
        + f". Statements give {int(st_pts.loc[peak, 'uniformed']):,} in {peak:%B %Y}, "
        f"{int(f['oct21']['military']):,} military after Chad withdrew {int(f['chad']['value']):,} troops in "
        "October 2021, "
        f"{int(f['base']['uniformed']):,} at the start of the withdrawal and about {int(f['last']['uniformed']):,} "
        f"on 1 December 2023. Geo-PKO's estimates, drawn as dotted grey bars, lie between "
        f"{int(geo['military'][geo.index < 2024].min()):,} and {int(geo['military'].max()):,} troops, above the "
        "ceiling from 2016. Dashed lines mark the Algiers agreement (2015), the coups of 2020 and 2021, Wagner's "
        "arrival (December 2021) and the start of the withdrawal (July 2023)."
    )


def budget_chart(budget: pd.DataFrame, cost: pd.DataFrame, share: pd.DataFrame):
    """MINUSMA's budget by fiscal year (bars; gaps where no sourced figure) and per uniformed person-year (dots).

    Parameters
    ----------
    budget : pandas.DataFrame
        From :func:`minusma.analysis.mission_budget.budget_series`.
    cost : pandas.DataFrame
        From :func:`minusma.analysis.mission_budget.cost_per_person_year`.
    share : pandas.DataFrame
        From :func:`minusma.analysis.mission_budget.budget_share` (for the table only).

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame, str)
        The figure, the table behind it (one row per fiscal year: ``fiscal_year``, ``amount_usd``, ``status``,
        ``basis``, ``partial_usd``, ``alternatives``, ``person_years``, ``usd_per_person_year``, ``method``,
        ``total_usd``, ``share``) and the alt text.
    """
    fig, (ax, ax2) = style.new_figure(2, 1, height=6.0, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    x = np.arange(len(budget))
    ax.bar(x, (budget["amount_usd"] / 1e9).fillna(0), color=style.HIGHLIGHT, width=0.7, label="Budget (sourced)")
    ax.bar(
        x,
        (budget["partial_usd"] / 1e9).fillna(0),
        color="white",
        edgecolor=style.HIGHLIGHT,
        hatch="///",
        width=0.7,
        label="Sourced for part of the year only",
    )
    for i, (_fy, r) in enumerate(budget.iterrows()):
        if r["status"] == "sourced":
            ax.text(
                i, r["amount_usd"] / 1e9 + 0.02, f"{r['amount_usd'] / 1e9:.2f}", ha="center", va="bottom", fontsize=8.5
            )
        elif pd.notna(r["partial_usd"]):
            ax.text(
                i,
                r["partial_usd"] / 1e9 + 0.02,
                f"{r['partial_usd'] / 1e9:.2f}\n(Jul–Dec)",
                ha="center",
                va="bottom",
                fontsize=8,
            )
        if r["status"] != "sourced":
            ax.text(
                i,
                0.62 if pd.notna(r["partial_usd"]) else 0.05,
                "no sourced\nfigure",
                ha="center",
                va="bottom",
                fontsize=8,
                color=style.SUBTLE,
                style="italic",
                rotation=90,
            )
    ax.set_ylabel("US$ billion")
    ax.set_ylim(0, 1.45)
    ax.legend(loc="upper left", fontsize=8.5, ncols=2)
    cpy = cost["usd_per_person_year"].reindex(budget.index) / 1e3
    ax2.plot(x, cpy, linestyle="none", marker="o", color=style.PALETTE["vermillion"])
    for i, v in enumerate(cpy):
        if pd.notna(v):
            ax2.text(i, v + 6, f"{v:,.0f}", ha="center", va="bottom", fontsize=8.5)
    ax2.set_ylim(0, cpy.max() * 1.3)
    ax2.set_ylabel("US$ thousand per\nuniformed person-year", fontsize=9.5)
    ax2.set_xticks(x, [f"{fy[2:]}" for fy in budget.index], rotation=0)
    ax2.set_xlabel("UN fiscal year (July–June); 23/24 covers July–December 2023 only")
    table = (
        budget[["amount_usd", "status", "basis", "partial_usd", "alternatives"]]
        .join(cost[["person_years", "usd_per_person_year", "method"]])
        .join(share[["total_usd", "share"]])
    )
    alt = (
        "Bar chart of MINUSMA's budget by fiscal year: "
        + "; ".join(
            f"{fy}: "
            + (
                f"${r['amount_usd'] / 1e9:.2f} billion"
                if r["status"] == "sourced"
                else "no sourced figure, shown as a gap"
                + (
                    f" (${r['partial_usd'] / 1e9:.2f} billion sourced for July–December 2013)"
                    if pd.notna(r["partial_usd"])
                    else ""
                )
            )
            for fy, r in budget.iterrows()
        )
        + ". Below, dots give the budget per uniformed person-year: "
        + "; ".join(f"{fy} ${v:,.0f} thousand" for fy, v in cpy.dropna().items())
        + "."
    )
    return fig, table.reset_index(), alt


def contingent_chart(cr: pd.DataFrame, highlight: str):
    """Malicious-act fatality rates of the largest contingents, one highlighted, with the rate of all contingents.

    Parameters
    ----------
    cr : pandas.DataFrame
        From :func:`minusma.analysis.mission_contributors.contingent_rates`.
    highlight : str
        The contributor (UN spelling) drawn in colour.

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame, str)
        The figure, the plotted table (``cr`` with the countries' short names, rounded) and the alt text.
    """
    short_name = ref.short_name
    plot = cr.sort_values("rate_malicious")
    allc = cr.attrs["mission_rate_malicious"]
    fig, ax = style.new_figure(height=5.0)
    colours = [style.INCIDENT_COLOURS["Malicious Act"] if n == highlight else style.MUTED for n in plot.index]
    ax.barh([short_name(n) for n in plot.index], plot["rate_malicious"], color=colours)
    for y, (_n, r) in enumerate(plot.iterrows()):
        ax.text(
            r["rate_malicious"] + 0.08,
            y,
            f"{r['rate_malicious']:.1f}  ({r['malicious']} killed)",
            va="center",
            fontsize=9,
            color=style.TEXT,
        )
    ax.axvline(allc, color=style.TEXT, linewidth=1, linestyle=(0, (3, 2)))
    ax.text(allc + 0.08, -0.9, f"all contingents: {allc:.1f}", fontsize=9, color=style.TEXT, va="center")
    ax.set_xlim(0, plot["rate_malicious"].max() * 1.35)
    ax.set_ylim(-1.4, len(plot) - 0.4)
    ax.set_xlabel("Uniformed fatalities in malicious acts per 1,000 personnel per year")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    alt = (
        "Horizontal bar chart of fatality rates in malicious acts per 1,000 personnel per year, 2014–2019, for "
        "the 12 largest contributors: "
        + "; ".join(
            f"{short_name(n)} {r['rate_malicious']:.1f} ({r['malicious']} killed, "
            f"{r['person_years']:,.0f} person-years)"
            for n, r in cr.iterrows()
        )
        + f". All contingents together: {allc:.1f}."
    )
    return fig, cr.reset_index().assign(contributor=lambda d: d["contributor"].map(short_name)).round(3), alt
