"""Chart recipes of the Mission chapter: the figure drawn, the table it plots, and the facts its alt text needs.

Each function draws on :func:`minusma.charts.style.new_figure` and returns the figure
with the table it plots; the chapter gives it its title (the finding,
computed from the data), subtitle, source line and alt text through
:meth:`minusma.book.chapter.Chapter.chart`. Inputs are the chapter's tables and the
frames of :mod:`minusma.analysis.mission` and :mod:`minusma.analysis.rates`.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from minusma.analysis import mission as mi
from minusma.charts import style, timeline

#: Lanes of the 2012-2013 timeline chart: the fact base's event categories, in this report's words.
LANES = {"security": "Armed groups", "politics": "Mali's politics", "france": "France",
         "mission": "UN and African Union"}

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
        The ``timeline`` table; the events are :data:`minusma.analysis.mission.WHY_MARKERS`.

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame)
        The figure and the plotted events: ``date`` (YYYY-MM-DD), ``lane``,
        ``label``, ``event``, ``source_title``, ``source_url``.
    """
    m = timeline.markers(events, mi.WHY_MARKERS)
    m["lane"] = [LANES[events.loc[(events["date_start"] == d) & (events["event"] == e), "category"].iloc[0]]
                 for d, e in zip(m["date_start"], m["event"])]
    fig, ax = style.new_figure(height=6.0)
    colours = dict(zip(LANES.values(), (style.PALETTE["vermillion"], style.PALETTE["green"], style.PALETTE["purple"],
                                        style.PALETTE["blue"])))
    days = (m["date_start"] - m["date_start"].min()).dt.days.to_numpy(dtype=float)
    span = days.max()
    ys = _spread(list(days), gap=span * 0.075)
    north = timeline.markers(events, ["north_taken", "serval"])["date_start"]
    ax.axhspan((north.iloc[0] - m["date_start"].min()).days, (north.iloc[1] - m["date_start"].min()).days,
               xmin=0, xmax=0.09, color=style.PALETTE["vermillion"], alpha=0.12, linewidth=0)
    ax.text(0.01, (north.iloc[0] - m["date_start"].min()).days + 8, "The north's\ntowns held\nby Islamist\ngroups",
            fontsize=8, color=style.SUBTLE, va="top", transform=ax.get_yaxis_transform())
    ax.plot([0.12, 0.12], [0, span], color=style.SUBTLE, linewidth=1, transform=ax.get_yaxis_transform())
    for d, y, r in zip(days, ys, m.itertuples()):
        c = colours[r.lane]
        ax.plot([0.12], [d], marker="o", markersize=7, color=c, transform=ax.get_yaxis_transform(), zorder=3)
        ax.plot([0.12, 0.16, 0.19], [d, y, y], color=c, linewidth=0.8, transform=ax.get_yaxis_transform())
        ax.text(0.20, y, f"{timeline.short_date(r.key, r.date_start)}  ", fontsize=9, color=style.SUBTLE,
                va="center", ha="left", transform=ax.get_yaxis_transform())
        ax.text(0.40, y, r.label, fontsize=10, color=style.TEXT, va="center", ha="left", fontweight="bold",
                transform=ax.get_yaxis_transform())
        ax.text(0.99, y, r.lane, fontsize=8.5, color=c, va="center", ha="right", transform=ax.get_yaxis_transform())
    ax.set_ylim(max(ys) + span * 0.06, -span * 0.06)
    ax.set_xlim(0, 1)
    ax.axis("off")
    data = pd.DataFrame({"date": m["date_start"].dt.strftime("%Y-%m-%d"), "lane": m["lane"], "label": m["label"],
                         "event": m["event"], "source_title": m["source_title"], "source_url": m["source_url"]})
    return fig, data


def strength_chart(strength: pd.DataFrame, steps: pd.DataFrame, events: pd.DataFrame, chad: pd.Series,
                   oct21: pd.Series):
    """Authorised ceilings and deployed uniformed personnel, official counts, statements and estimates apart.

    Parameters
    ----------
    strength : pandas.DataFrame
        ``uniformed_strength``.
    steps : pandas.DataFrame
        From :func:`minusma.analysis.mission.ceiling_steps`.
    events : pandas.DataFrame
        ``timeline`` (for the markers).
    chad, oct21 : pandas.Series
        The statement of Chad's withdrawal (``as_of``, ``value``) and the strength row of that month (``military``).

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame)
        The figure and the plotted table: ``series``, ``basis``, ``start``,
        ``end`` (YYYY-MM-DD), ``value``, ``statistic``, ``component``, with
        the ceilings and the span without an official monthly count.
    """
    pts = mi.strength_chart_data(strength)
    fig, ax = style.new_figure(height=6.6)
    c_off, c_st, c_est, c_ceil = style.PALETTE["blue"], style.PALETTE["vermillion"], style.PALETTE["grey"], style.TEXT
    ax.axvspan(NO_MONTHLY_FROM, NO_MONTHLY_TO, ymin=0, ymax=0.055, color=style.PALETTE["lightgrey"], alpha=0.8,
               linewidth=0, zorder=1)
    ax.text(NO_MONTHLY_FROM + pd.Timedelta(days=60), 21000 * 0.027, "No official monthly count from April 2017",
            fontsize=8.5, color=style.TEXT, va="center", zorder=6)
    for col, ls, lab in (("uniformed", "-", "Ceiling, uniformed (troops + police)"),
                         ("troops", (0, (4, 2)), "Ceiling, troops")):
        xs = list(steps["start"]) + [steps["end"].iloc[-1]]
        ys = list(steps[col]) + [steps[col].iloc[-1]]
        ax.step(xs, ys, where="post", color=c_ceil, linestyle=ls, linewidth=1.3, label=lab, zorder=3)
    for s in steps.itertuples():
        ax.text(s.start + pd.Timedelta(days=30), s.uniformed + 300, f"Res. {s.resolution}", fontsize=8.5,
                color=c_ceil, zorder=6, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
    p = pts[pts["series"] == "IPI monthly"]
    ax.plot(p["start"], p["value"], color=c_off, linewidth=2, label="Official: UN month-end count (IPI)", zorder=4)
    p = pts[pts["series"] == "RADPKO yearly mean"]
    ax.hlines(p["value"], p["start"], p["end"], color=c_off, linewidth=4, alpha=0.45,
              label="Official: UN yearly mean (RADPKO)", zorder=4)
    p = pts[pts["series"] == "DPO yearly mean"]
    ax.hlines(p["value"], p["start"], p["end"], color=c_off, linewidth=2.2, linestyles=(0, (6, 1.5)),
              label="Official: UN yearly mean, whole years (DPO)", zorder=5)
    p = pts[pts["series"] == "statement"]
    ax.plot(p["start"], p["value"], linestyle="none", marker="D", markersize=5.5, color=c_st,
            label="Statement: uniformed, as published or derived", zorder=5)
    w = p[p["statistic"] != "as published"].sort_values("start")
    ax.plot(w["start"], w["value"], color=c_st, linewidth=0.9, linestyle=(0, (2, 2)), zorder=4)
    p = pts[pts["series"] == "statement, military only"]
    ax.plot(p["start"], p["value"], linestyle="none", marker="D", markersize=5.5, markerfacecolor="white",
            markeredgecolor=c_st, label="Statement: military only", zorder=5)
    p = pts[(pts["series"] == "Geo-PKO estimate") & (pts["end"] <= steps["end"].iloc[-1] + pd.offsets.YearEnd(0))]
    ax.hlines(p["value"], p["start"], p["end"], color=c_est, linewidth=1.6, linestyles=(0, (1, 1.5)),
              label="Estimate: Geo-PKO troops from map symbols (not a count)", zorder=2)
    marks = timeline.markers(events, ["algiers", "coup_2020", "coup_2021", "wagner", "withdrawal_start"])
    timeline.mark(ax, marks, fontsize=8, ypos=0.40)
    ax.annotate(f"Chad withdraws\n{int(chad['value']):,} troops", xy=(chad["as_of"], oct21["military"]),
                xytext=(chad["as_of"] - pd.Timedelta(days=1000), oct21["military"] - 3800), fontsize=8.5,
                color=c_st, arrowprops={"arrowstyle": "->", "color": c_st, "linewidth": 0.8})
    ax.set_xlim(pd.Timestamp("2013-04-01"), pd.Timestamp("2024-01-31"))
    ax.set_ylim(0, 21000)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    style.thousands(ax)
    ax.set_ylabel("Personnel")
    ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.08), fontsize=8.5, ncols=2)
    data = pd.concat([
        steps.assign(series="ceiling", basis="authorised").melt(
            id_vars=["series", "basis", "start", "end", "resolution"], value_vars=["uniformed", "troops", "police"],
            var_name="component", value_name="value").drop(columns="resolution"),
        pts.assign(component=lambda d: d["series"].map(lambda s: "military" if "military" in s or "Geo" in s
                                                                 else "uniformed")),
        pd.DataFrame({"series": ["no official monthly count"], "basis": ["gap"], "start": [NO_MONTHLY_FROM],
                      "end": [NO_MONTHLY_TO]}),
    ], ignore_index=True)
    data = data.assign(start=data["start"].dt.strftime("%Y-%m-%d"), end=data["end"].dt.strftime("%Y-%m-%d"))
    return fig, data


def every_mission_chart(year_rates: pd.DataFrame, ranks: pd.DataFrame, label_top: int = 3):
    """Malicious-act fatality rate of every peacekeeping operation in every year with a usable strength, 1991-2020.

    Parameters
    ----------
    year_rates : pandas.DataFrame
        From :func:`minusma.analysis.rates.mission_year_rates` (with the DPO years).
    ranks : pandas.DataFrame
        From :func:`minusma.analysis.rates.ranks_by_year` for MINUSMA.
    label_top : int
        How many of the highest operation-years to name.

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame)
        The figure and the plotted table (``year_rates`` with ``minusma``,
        a bool, and MINUSMA's ``rank`` that year).
    """
    fig, ax = style.new_figure(height=4.8)
    own = year_rates["mission"] == "MINUSMA"
    gap = sorted(set(range(year_rates["year"].min(), year_rates["year"].max() + 1)) - set(year_rates["year"]))
    for y in gap:
        ax.axvspan(y - 0.5, y + 0.5, color=style.PALETTE["lightgrey"], alpha=0.6, linewidth=0)
        ax.text(y, 0.5, f"{y}: no strength for every mission", transform=ax.get_xaxis_transform(), ha="center",
                va="center", rotation=90, fontsize=7.5, color=style.SUBTLE)
    dpo = year_rates.loc[year_rates["strength_source"] == "DPO", "year"]
    if len(dpo):
        ax.axvspan(dpo.min() - 0.5, dpo.max() + 0.5, color=style.PALETTE["sky"], alpha=0.10, linewidth=0)
        ax.text((dpo.min() + dpo.max()) / 2, 0.80, "UN yearly\nmeans (DPO)", transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=7.5, color=style.SUBTLE)
    jitter = (year_rates["mission"].map(lambda m: (sum(map(ord, m)) % 7 - 3) * 0.06)).to_numpy()
    others = year_rates[~own]
    ax.scatter(others["year"] + jitter[~own.to_numpy()], others["rate_malicious"], s=16, color=style.PALETTE["grey"],
               alpha=0.55, linewidths=0, label="Another operation (1,000 or more personnel)")
    m = year_rates[own].sort_values("year")
    ax.plot(m["year"], m["rate_malicious"], color=style.INCIDENT_COLOURS["Malicious Act"], linewidth=0,
            marker="o", markersize=7, label="MINUSMA", zorder=4)
    for y, r in ranks.iterrows():
        ax.text(y, r["rate_malicious"] + 0.12, f"{r['rank']}{'st' if r['rank'] == 1 else 'nd' if r['rank'] == 2 else 'th'}",
                ha="center", va="bottom", fontsize=8, color=style.INCIDENT_COLOURS["Malicious Act"])
    top = year_rates[~own].nlargest(label_top, "rate_malicious")
    for r in top.itertuples():
        ax.annotate(f"{r.mission} {r.year}", xy=(r.year, r.rate_malicious), xytext=(6, 0), textcoords="offset points",
                    fontsize=8.5, color=style.TEXT, va="center")
    ax.set_xlim(year_rates["year"].min() - 0.8, year_rates["year"].max() + 0.8)
    ax.set_ylim(0, year_rates["rate_malicious"].max() * 1.12)
    ax.set_xticks(np.arange(1992, year_rates["year"].max() + 1, 4))
    ax.set_ylabel("Killed in malicious acts per\n1,000 uniformed personnel per year")
    ax.legend(loc="upper center", fontsize=8.5, bbox_to_anchor=(0.55, 1.0), markerscale=1.3)
    data = year_rates.assign(minusma=own, minusma_rank=year_rates["year"].map(ranks["rank"]).where(own))
    return fig, data.round({"mean_strength": 0, "person_years": 0, "rate_malicious": 3, "rate_all": 3})


def budget_chart(budget: pd.DataFrame, cost: pd.DataFrame):
    """MINUSMA's budget by fiscal year (bars; gaps where no sourced figure) and per uniformed person-year (dots).

    Parameters
    ----------
    budget : pandas.DataFrame
        From :func:`minusma.analysis.mission.budget_series`.
    cost : pandas.DataFrame
        From :func:`minusma.analysis.mission.cost_per_person_year`.

    Returns
    -------
    (matplotlib.figure.Figure, pandas.Series)
        The figure and the plotted cost per person-year (US$ thousand, by fiscal year, NaN where none).
    """
    fig, (ax, ax2) = style.new_figure(2, 1, height=6.0, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    x = np.arange(len(budget))
    ax.bar(x, (budget["amount_usd"] / 1e9).fillna(0), color=style.HIGHLIGHT, width=0.7, label="Budget (sourced)")
    ax.bar(x, (budget["partial_usd"] / 1e9).fillna(0), color="white", edgecolor=style.HIGHLIGHT, hatch="///",
           width=0.7, label="Sourced for part of the year only")
    for i, (fy, r) in enumerate(budget.iterrows()):
        if r["status"] == "sourced":
            ax.text(i, r["amount_usd"] / 1e9 + 0.02, f"{r['amount_usd'] / 1e9:.2f}", ha="center", va="bottom",
                    fontsize=8.5)
        elif pd.notna(r["partial_usd"]):
            ax.text(i, r["partial_usd"] / 1e9 + 0.02, f"{r['partial_usd'] / 1e9:.2f}\n(Jul–Dec)", ha="center",
                    va="bottom", fontsize=8)
        if r["status"] != "sourced":
            ax.text(i, 0.62 if pd.notna(r["partial_usd"]) else 0.05, "no sourced\nfigure", ha="center", va="bottom",
                    fontsize=8, color=style.SUBTLE, style="italic", rotation=90)
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
    return fig, cpy


def contingent_chart(cr: pd.DataFrame, highlight: str, short_name):
    """Malicious-act fatality rates of the largest contingents, one highlighted, with the rate of all contingents.

    Parameters
    ----------
    cr : pandas.DataFrame
        From :func:`minusma.analysis.mission.contingent_rates`.
    highlight : str
        The contributor (UN spelling) drawn in colour.
    short_name : callable
        Country name for the chart (:func:`minusma.data.reference.short_name`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plot = cr.sort_values("rate_malicious")
    allc = cr.attrs["mission_rate_malicious"]
    fig, ax = style.new_figure(height=5.0)
    colours = [style.INCIDENT_COLOURS["Malicious Act"] if n == highlight else style.MUTED for n in plot.index]
    ax.barh([short_name(n) for n in plot.index], plot["rate_malicious"], color=colours)
    for y, (n, r) in enumerate(plot.iterrows()):
        ax.text(r["rate_malicious"] + 0.08, y, f"{r['rate_malicious']:.1f}  ({r['malicious']} killed)", va="center",
                fontsize=9, color=style.TEXT)
    ax.axvline(allc, color=style.TEXT, linewidth=1, linestyle=(0, (3, 2)))
    ax.text(allc + 0.08, -0.9, f"all contingents: {allc:.1f}", fontsize=9, color=style.TEXT, va="center")
    ax.set_xlim(0, plot["rate_malicious"].max() * 1.35)
    ax.set_ylim(-1.4, len(plot) - 0.4)
    ax.set_xlabel("Uniformed fatalities in malicious acts per 1,000 personnel per year")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    return fig
