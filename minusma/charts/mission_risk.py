"""Chart recipes of the Mission chapter's fatality rates: by year, against the operations of 2013-2016, and
against every operation-year since 1991.

As :mod:`minusma.charts.mission`: each function draws on :func:`minusma.charts.style.new_figure` and returns
the figure, the table it plots and its alt text; the chapter gives the title (the finding), subtitle and
source line. Inputs are the frames of :mod:`minusma.analysis.rates`. Rates are uniformed fatalities per
1,000 uniformed personnel per year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from minusma.analysis.prose import ordinal
from minusma.charts import style


def rates_by_year_chart(rt: pd.DataFrame):
    """MINUSMA's fatality rates by year, malicious acts beside all causes; years whose strength rests on statements
    hatched.

    Parameters
    ----------
    rt : pandas.DataFrame
        From :func:`minusma.analysis.rates.fatality_rates` (index ``year``; ``rate_malicious``, ``rate_all``,
        ``basis``).

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame, str)
        The figure, the plotted table (``rt`` by year, rounded) and the alt text.
    """
    fig, ax = style.new_figure(height=4.4)
    w = 0.38
    hatch = ["" if b == "official" else "///" for b in rt["basis"]]
    ax.bar(
        rt.index - w / 2,
        rt["rate_malicious"],
        w,
        color=style.INCIDENT_COLOURS["Malicious Act"],
        edgecolor="white",
        hatch=hatch,
        label="Malicious acts",
    )
    ax.bar(
        rt.index + w / 2,
        rt["rate_all"],
        w,
        color=style.PALETTE["grey"],
        edgecolor="white",
        hatch=hatch,
        label="All causes",
    )
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor="white", edgecolor=style.SUBTLE, hatch="///"))
    labels.append("Hatched: strength from UN statements")
    for y, r in rt.iterrows():
        ax.text(y - w / 2, r["rate_malicious"] + 0.06, f"{r['rate_malicious']:.1f}", ha="center", fontsize=8)
    ax.set_xticks(rt.index)
    ax.set_ylabel("Uniformed fatalities per 1,000\nuniformed personnel per year")
    ax.set_ylim(0, rt["rate_all"].max() * 1.25)
    ax.legend(handles, labels, loc="upper right", fontsize=9)
    alt = (
        "Grouped bar chart of fatality rates per 1,000 uniformed personnel per year. "
        + "; ".join(
            f"{y}: {r['rate_malicious']:.1f} in malicious acts, {r['rate_all']:.1f} from all causes"
            for y, r in rt.iterrows()
        )
        + f". Years from {stated_from(rt)} use strength from UN statements and are hatched."
    )
    return fig, rt.reset_index().round({"mean_strength": 0, "person_years": 0, "rate_malicious": 3, "rate_all": 3}), alt


def stated_from(rt: pd.DataFrame) -> int:
    """The first year of :func:`minusma.analysis.rates.fatality_rates` whose strength is not official."""
    return rt.index[rt["basis"] != "official"].min()


def mission_rates_chart(cmp: pd.DataFrame, highlight: str = "MINUSMA"):
    """Fatality rates of the operations compared, malicious acts and all causes side by side, one highlighted.

    Parameters
    ----------
    cmp : pandas.DataFrame
        From :func:`minusma.analysis.rates.mission_rates` (index the operation; ``rate_malicious``, ``rate_all``),
        highest first.
    highlight : str
        The operation drawn in colour.

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame, str)
        The figure, the plotted table (``cmp`` rounded) and the alt text.
    """
    plot = cmp[::-1]
    fig, axes = style.new_figure(1, 2, height=4.4, sharey=True)
    for ax, col, label in ((axes[0], "rate_malicious", "Malicious acts"), (axes[1], "rate_all", "All causes")):
        colours = [style.HIGHLIGHT if m == highlight else style.MUTED for m in plot.index]
        bars = ax.barh(plot.index, plot[col], color=colours)
        style.label_bars(ax, bars, fmt="{:.2f}")
        ax.set_title(label)
        ax.set_xlim(0, plot[col].max() * 1.3)
        ax.set_xlabel("Per 1,000 per year")
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
    alt = (
        "Two horizontal bar charts of fatality rates per 1,000 uniformed personnel per year, 2013–2016. "
        + "; ".join(
            f"{m}: {r['rate_malicious']:.2f} in malicious acts, {r['rate_all']:.2f} from all causes"
            for m, r in cmp.iterrows()
        )
        + "."
    )
    return fig, cmp.reset_index().round(3), alt


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
    (matplotlib.figure.Figure, pandas.DataFrame, str)
        The figure, the plotted table (``year_rates`` with ``minusma``,
        a bool, and MINUSMA's ``rank`` that year) and the alt text.
    """
    fig, ax = style.new_figure(height=4.8)
    own = year_rates["mission"] == "MINUSMA"
    gap = sorted(set(range(year_rates["year"].min(), year_rates["year"].max() + 1)) - set(year_rates["year"]))
    for y in gap:
        ax.axvspan(y - 0.5, y + 0.5, color=style.PALETTE["lightgrey"], alpha=0.6, linewidth=0)
        ax.text(
            y,
            0.5,
            f"{y}: no strength for every mission",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="center",
            rotation=90,
            fontsize=7.5,
            color=style.SUBTLE,
        )
    dpo = year_rates.loc[year_rates["strength_source"] == "DPO", "year"]
    if len(dpo):
        ax.axvspan(dpo.min() - 0.5, dpo.max() + 0.5, color=style.PALETTE["sky"], alpha=0.10, linewidth=0)
        ax.text(
            (dpo.min() + dpo.max()) / 2,
            0.80,
            "UN yearly\nmeans (DPO)",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=7.5,
            color=style.SUBTLE,
        )
    jitter = (year_rates["mission"].map(lambda m: (sum(map(ord, m)) % 7 - 3) * 0.06)).to_numpy()
    others = year_rates[~own]
    ax.scatter(
        others["year"] + jitter[~own.to_numpy()],
        others["rate_malicious"],
        s=16,
        color=style.PALETTE["grey"],
        alpha=0.55,
        linewidths=0,
        label="Another operation (1,000 or more personnel)",
    )
    m = year_rates[own].sort_values("year")
    ax.plot(
        m["year"],
        m["rate_malicious"],
        color=style.INCIDENT_COLOURS["Malicious Act"],
        linewidth=0,
        marker="o",
        markersize=7,
        label="MINUSMA",
        zorder=4,
    )
    for y, r in ranks.iterrows():
        suffix = "st" if r["rank"] == 1 else "nd" if r["rank"] == 2 else "th"
        ax.text(
            y,
            r["rate_malicious"] + 0.12,
            f"{r['rank']}{suffix}",
            ha="center",
            va="bottom",
            fontsize=8,
            color=style.INCIDENT_COLOURS["Malicious Act"],
        )
    top = year_rates[~own].nlargest(label_top, "rate_malicious")
    for r in top.itertuples():
        ax.annotate(
            f"{r.mission} {r.year}",
            xy=(r.year, r.rate_malicious),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=8.5,
            color=style.TEXT,
            va="center",
        )
    ax.set_xlim(year_rates["year"].min() - 0.8, year_rates["year"].max() + 0.8)
    ax.set_ylim(0, year_rates["rate_malicious"].max() * 1.12)
    ax.set_xticks(np.arange(1992, year_rates["year"].max() + 1, 4))
    ax.set_ylabel("Killed in malicious acts per\n1,000 uniformed personnel per year")
    ax.legend(loc="upper center", fontsize=8.5, bbox_to_anchor=(0.55, 1.0), markerscale=1.3)
    data = year_rates.assign(minusma=own, minusma_rank=year_rates["year"].map(ranks["rank"]).where(own))
    alt = (
        f"Scatter chart of {len(year_rates)} operation-years. MINUSMA: "
        + "; ".join(
            f"{y} {r['rate_malicious']:.2f} ({ordinal(int(r['rank']))} of {r['operations']})"
            for y, r in ranks.iterrows()
        )
        + ". Highest other operation-years: "
        + "; ".join(f"{r.mission} {r.year} {r.rate_malicious:.2f}" for r in year_rates[~own].head(3).itertuples())
        + "."
    )
    return fig, data.round({"mean_strength": 0, "person_years": 0, "rate_malicious": 3, "rate_all": 3}), alt
