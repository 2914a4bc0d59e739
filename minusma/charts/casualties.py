"""Chart and table recipes of the Casualties chapter: the figure drawn, the table it plots, its alt text.

Each ``*_chart`` function draws on :func:`minusma.charts.style.new_figure` and
returns ``(fig, data)``: the figure and the table it plots (the chart's CSV
download). The chapter gives the chart its title (the finding, computed from
the data), subtitle, source line and alt text through
:meth:`minusma.book.chapter.Chapter.chart`; the ``*_alt`` functions write the
alt text from the same frames, so it states the plotted numbers. Inputs are
the frames of :mod:`minusma.analysis.casualties` and
:mod:`minusma.analysis.rates` (UN fatalities table, ``DPPADPOSS-FATALITIES``).
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis.casualties import MALICIOUS
from minusma.charts import style, timeline

#: Incident types in the order the yearly bars stack them (bottom first).
STACK = ["Malicious Act", "Illness", "Accident", "Self-Inflicted", "To Be Determined", "Unknown"]


def by_year_chart(by_year: pd.DataFrame):
    """Stacked bars of fatalities per year by incident type, with each year's total above its bar.

    Parameters
    ----------
    by_year : pandas.DataFrame
        From :func:`minusma.analysis.casualties.by_year_and_type` (index ``year``, a column per incident type
        of :data:`STACK`, ``Total``).

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame)
        The figure and the plotted table: ``year`` and the columns of ``by_year``.
    """
    fig, ax = style.new_figure()
    bottom = None
    for kind in STACK:
        ax.bar(by_year.index, by_year[kind], bottom=bottom, color=style.INCIDENT_COLOURS[kind], label=kind, width=0.75)
        bottom = by_year[kind] if bottom is None else bottom + by_year[kind]
    for x, t in by_year["Total"].items():
        ax.text(x, t + 0.8, f"{t}", ha="center", va="bottom", fontsize=9, color=style.TEXT)
    ax.set_xticks(by_year.index)
    ax.set_ylabel("Fatalities (people)")
    ax.legend(ncols=3, loc="upper left", bbox_to_anchor=(0, 1.02))
    ax.set_ylim(0, by_year["Total"].max() * 1.35)
    return fig, by_year.reset_index()


def by_year_alt(by_year: pd.DataFrame) -> str:
    """Alt text of :func:`by_year_chart`: each year's total and malicious-act fatalities."""
    first, last = by_year.index.min(), by_year.index.max()
    return (
        f"Stacked bar chart of MINUSMA fatalities per year from {first} to {last} by incident type. "
        + "; ".join(
            f"{y}: {t} in total, {m} in malicious acts"
            for y, t, m in zip(by_year.index, by_year["Total"], by_year[MALICIOUS])
        )
        + "."
    )


def cumulative_chart(cum: pd.DataFrame, marks: pd.DataFrame):
    """Step lines of cumulative fatalities by month, all causes and malicious acts, with dated event markers.

    Parameters
    ----------
    cum : pandas.DataFrame
        From :func:`minusma.analysis.casualties.monthly_cumulative` (``month``, ``all_causes``, ``malicious``).
    marks : pandas.DataFrame
        From :func:`minusma.charts.timeline.markers`.

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame)
        The figure and the plotted table, ``month`` as ``YYYY-MM``.
    """
    fig, ax = style.new_figure(height=4.4)
    ax.step(cum["month"], cum["all_causes"], where="post", color=style.PALETTE["grey"], label="All causes")
    ax.step(
        cum["month"],
        cum["malicious"],
        where="post",
        color=style.INCIDENT_COLOURS[MALICIOUS],
        label="Malicious acts",
        linewidth=2,
    )
    timeline.mark(ax, marks)
    ax.set_ylabel("Cumulative fatalities (people)")
    ax.set_ylim(0, cum["all_causes"].max() * 1.12)
    ax.legend(loc="upper left")
    return fig, cum.assign(month=cum["month"].dt.strftime("%Y-%m"))


def cumulative_alt(cum: pd.DataFrame, marked: str) -> str:
    """Alt text of :func:`cumulative_chart`: the span, the final counts and ``marked`` (what the lines mark)."""
    span = f"from {cum['month'].min():%B %Y} to {cum['month'].max():%B %Y}"
    return (
        f"Step chart of cumulative MINUSMA fatalities by month {span}. "
        f"All causes reach {cum['all_causes'].iloc[-1]} and malicious acts {cum['malicious'].iloc[-1]}. "
        f"Vertical lines mark {marked}."
    )


def missions_chart(mal: pd.Series, allc: pd.Series, top: int = 12, mission: str = "MINUSMA"):
    """Two panels of horizontal bars: the ``top`` operations by malicious-act fatalities, and the same by all causes.

    Parameters
    ----------
    mal, allc : pandas.Series
        From :func:`minusma.analysis.casualties.by_mission` (malicious acts; all causes), largest first.
    top : int
        Number of operations.
    mission : str
        The operation drawn in the highlight colour.

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame)
        The figure and the plotted table: ``mission``, ``malicious_acts``, ``all_causes`` (int).
    """
    shown = mal.head(top)[::-1]
    fig, axes = style.new_figure(1, 2, height=4.8, sharey=True)
    for ax, series, label in [(axes[0], shown, "Malicious acts"), (axes[1], allc.reindex(shown.index), "All causes")]:
        bars = ax.barh(
            series.index, series.values, color=[style.HIGHLIGHT if m == mission else style.MUTED for m in series.index]
        )
        style.label_bars(ax, bars)
        ax.set_title(label)
        ax.set_xlabel("Fatalities since 1948 (people)")
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.set_xlim(0, series.max() * 1.18)
    table = mal.head(top).rename("malicious_acts").to_frame().join(allc.rename("all_causes"))
    return fig, table.reset_index()


def missions_alt(data: pd.DataFrame) -> str:
    """Alt text of :func:`missions_chart`, from its table."""
    return (
        "Two horizontal bar charts of UN peacekeeping operations. Malicious-act fatalities: "
        + ", ".join(f"{m} {v}" for m, v in zip(data["mission"], data["malicious_acts"]))
        + ". All causes for the same operations: "
        + ", ".join(f"{m} {int(v)}" for m, v in zip(data["mission"], data["all_causes"]))
        + "."
    )


def share_chart(share: pd.DataFrame):
    """Bars of malicious-act fatalities per year, all UN missions behind the mission's, its share above each bar.

    Parameters
    ----------
    share : pandas.DataFrame
        From :func:`minusma.analysis.casualties.share_of_all_missions` (index ``year``; ``mission``,
        ``all_missions``, ``share``).

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame)
        The figure and the plotted table (``share`` rounded to 4 decimals).
    """
    fig, ax = style.new_figure(height=4.2)
    ax.bar(share.index, share["all_missions"], color=style.MUTED, label="All UN missions", width=0.75)
    ax.bar(share.index, share["mission"], color=style.INCIDENT_COLOURS[MALICIOUS], label="MINUSMA", width=0.75)
    for x, r in share.iterrows():
        ax.text(x, r["all_missions"] + 0.6, f"{r['share']:.0%}", ha="center", va="bottom", fontsize=9, color=style.TEXT)
    ax.set_xticks(share.index)
    ax.set_ylabel("Fatalities in malicious acts (people)")
    ax.set_ylim(0, share["all_missions"].max() * 1.2)
    ax.legend(loc="upper right")
    return fig, share.reset_index().assign(share=lambda d: d["share"].round(4))


def share_alt(share: pd.DataFrame) -> str:
    """Alt text of :func:`share_chart`."""
    first, last = share.index.min(), share.index.max()
    return (
        f"Bar chart of malicious-act fatalities per year, {first} to {last}, MINUSMA against all UN missions. "
        + "; ".join(f"{y}: {r['mission']} of {r['all_missions']} ({r['share']:.0%})" for y, r in share.iterrows())
        + "."
    )


def nationality_chart(nat: pd.DataFrame, top: int = 15):
    """Horizontal stacked bars of fatalities by nationality (malicious acts, other causes), the ``top`` countries.

    Parameters
    ----------
    nat : pandas.DataFrame
        From :func:`minusma.analysis.casualties.by_nationality`.
    top : int
        Number of countries.

    Returns
    -------
    (matplotlib.figure.Figure, pandas.DataFrame)
        The figure and the plotted table: ``nationality``, ``malicious``, ``other_causes``, ``total``.
    """
    shown = nat.head(top)[::-1]
    fig, ax = style.new_figure(height=5.0)
    ax.barh(shown.index, shown["malicious"], color=style.INCIDENT_COLOURS[MALICIOUS], label="Malicious acts")
    ax.barh(shown.index, shown["other_causes"], left=shown["malicious"], color=style.MUTED, label="Other causes")
    for y, t in enumerate(shown["total"]):
        ax.text(t + 0.8, y, f"{t}", va="center", fontsize=9, color=style.TEXT)
    ax.set_xlabel("Fatalities (people)")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.legend(loc="lower right")
    return fig, nat.head(top).reset_index()


def nationality_alt(data: pd.DataFrame) -> str:
    """Alt text of :func:`nationality_chart`, from its table."""
    return (
        "Horizontal stacked bar chart of MINUSMA fatalities by nationality. "
        + "; ".join(
            f"{n}: {t} ({m} in malicious acts)"
            for n, t, m in zip(data["nationality"], data["total"], data["malicious"])
        )
        + "."
    )


def rates_table(rt: pd.DataFrame) -> pd.DataFrame:
    """The table of uniformed fatalities and rates by year, as the chapter shows it (rates to 2 decimals).

    Parameters
    ----------
    rt : pandas.DataFrame
        From :func:`minusma.analysis.rates.fatality_rates`.

    Returns
    -------
    pandas.DataFrame
        Columns ``Year``, the two counts, the two rates (str) and ``Strength from``.
    """
    out = rt.reset_index()[["year", "malicious", "all_causes", "rate_malicious", "rate_all", "method"]]
    out = out.assign(
        rate_malicious=out["rate_malicious"].map("{:.2f}".format), rate_all=out["rate_all"].map("{:.2f}".format)
    )
    return out.rename(
        columns={
            "year": "Year",
            "malicious": "Uniformed killed, malicious acts",
            "all_causes": "Uniformed killed, all causes",
            "rate_malicious": "Per 1,000 per year, malicious",
            "rate_all": "Per 1,000 per year, all causes",
            "method": "Strength from",
        }
    )


def days_table(days: pd.DataFrame) -> pd.DataFrame:
    """The deadliest days (:func:`minusma.analysis.casualties.deadliest_days`) as the chapter shows them."""
    return days.assign(date=days["date"].dt.strftime("%-d %b %Y")).rename(
        columns={
            "date": "Date",
            "fatalities": "Killed in malicious acts",
            "nationalities": "Nationality",
            "personnel": "Personnel type",
        }
    )


def tolls_table(tolls: pd.DataFrame) -> pd.DataFrame:
    """Published tolls (:func:`minusma.analysis.casualties_keys.published_tolls`) as the chapter shows them."""
    return tolls[["cut_off", "scope", "count", "published"]].rename(
        columns={
            "cut_off": "Incident date on or before",
            "scope": "Scope",
            "count": "Count in the UN table",
            "published": "Published figure it matches",
        }
    )
