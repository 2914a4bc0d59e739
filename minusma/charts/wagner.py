"""Chart recipes of the Wagner chapter: each returns the figure and the facts of what it draws.

Every function returns ``(fig, facts)``: a figure drawn with :func:`minusma.charts.style.new_figure`
(or :func:`minusma.charts.maps.new_map`) and a dict with ``data`` (the table it plots, for the
chart's CSV), ``alt`` (the alt text, from the plotted numbers), ``phone_fig`` where the chart
has a phone layout, and the numbers a title may state. The chapter gives the title (the
finding), subtitle and source line through :meth:`minusma.book.chapter.Chapter.chart`.
Inputs are the chapter's tables and the frames of :mod:`minusma.analysis.conflict`,
:mod:`minusma.analysis.conflict_where`, :mod:`minusma.analysis.wagner` and
:mod:`minusma.analysis.wagner_did`.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from minusma.analysis import periods
from minusma.analysis.prose import ratio_ci_text
from minusma.analysis.wagner import AFTER_QUARTER, NW_LAB, W_LAB, before_after
from minusma.charts import map_layers, maps, style, timeline
from minusma.charts.recipes import (
    dated_dots,
    dot_whisker,
    monthly_bars,
    quarter_axis,
    stacked_bars,
)

P = style.PALETTE
#: The events marked on the monthly chart (keys of the ``timeline`` table).
MONTHLY_MARKS = [
    "minusma_start",
    "coup_2020",
    "coup_2021",
    "wagner",
    "france_exit",
    "mandate_end",
    "algiers_end",
    "africa_corps",
]


def monthly_violence(full: pd.DataFrame, tl: pd.DataFrame, window: int = 6):
    """Events (top) and reported fatalities (bottom) per month with their ``window``-month averages, with the
    dated events of :data:`MONTHLY_MARKS` and the Wagner-and-MINUSMA period shaded.

    ``full``: complete months of :func:`minusma.analysis.conflict.national_monthly` (``month``, ``events``,
    ``fatalities``); ``tl``: the ``timeline`` table. Facts: ``peak`` (the row of the deadliest month).
    """
    marks = timeline.markers(tl, MONTHLY_MARKS)
    fig, axes = style.new_figure(2, 1, height=7.0, sharex=True, gridspec_kw={"height_ratios": [1.3, 1]})
    avg = {}
    for ax, col, colour, label in [
        (axes[0], "events", P["blue"], "Events per month"),
        (axes[1], "fatalities", P["vermillion"], "Fatalities per month"),
    ]:
        avg[col] = monthly_bars(ax, full["month"], full[col], colour, window=window)
        timeline.shade(ax, ["wagner_minusma"], label=(col == "fatalities"))
        timeline.mark(ax, marks if col == "events" else marks.assign(label=""))
        ax.set_ylabel(label)
        ax.set_ylim(0, full[col].max() * (2.0 if col == "events" else 1.1))
        style.thousands(ax)
    axes[1].legend(
        handles=[
            Patch(color=style.SUBTLE, alpha=0.35, label="Month"),
            Line2D([], [], color=style.SUBTLE, linewidth=2, label=f"{window}-month average"),
        ],
        loc="upper left",
        bbox_to_anchor=(0.1, 1.0),
    )
    peak, last = full.loc[full["fatalities"].idxmax()], full["month"].iloc[-1]
    yr = full["month"].dt.year
    alt = (
        f"Two bar charts of political violence in Mali per month, January 2012 to {last:%B %Y}, with {window}-month "
        f"averages. Events rise from about {int(full.loc[yr == 2012, 'events'].mean())} per month "
        f"in 2012 to {int(full.loc[yr == 2025, 'events'].mean())} in 2025; fatalities peak at "
        f"{int(peak['fatalities'])} in {peak['month']:%B %Y}. Vertical lines mark MINUSMA's start, the coups of "
        "August 2020 and May 2021, Wagner's arrival, France's exit, the end of the mandate, the end of the Algiers "
        "agreement and Wagner's replacement by Africa Corps."
    )
    data = full[["month", "events", "fatalities"]].assign(
        month=full["month"].dt.strftime("%Y-%m"),
        **{f"events_{window}m_avg": avg["events"].round(1), f"fatalities_{window}m_avg": avg["fatalities"].round(1)},
    )
    return fig, {"data": data, "alt": alt, "peak": peak, "last": last}


#: The comparisons of the rate-ratio chart: label, period key, column suffix (``_prev``: against the period before).
COMPARISONS = [
    ("Coups vs before the coups", "coups", ""),
    ("Wagner and MINUSMA vs coups", "wagner_minusma", "_prev"),
    ("After MINUSMA vs Wagner and MINUSMA", "after_minusma", "_prev"),
]


def rate_ratios(pc: dict):
    """Dot-and-whisker chart of the rate ratios of :func:`minusma.analysis.conflict.period_comparison` (log scale).

    Facts: ``data`` (``comparison, measure, ratio, low, high``, rounded), ``alt``.
    """
    rows = []
    for label, key, sfx in COMPARISONS:
        for what in ("events", "fatalities"):
            r = pc[what].loc[key]
            rows.append(
                {
                    "comparison": label,
                    "measure": what,
                    "ratio": r["ratio" + sfx],
                    "low": r["low" + sfx],
                    "high": r["high" + sfx],
                }
            )
    for what in ("events", "fatalities"):
        r = pc[f"{what}_recent"].loc["wagner_minusma"]
        rows.append(
            {
                "comparison": f"Wagner and MINUSMA vs last {pc['recent'] // 12} years before the coups",
                "measure": what,
                "ratio": r["ratio"],
                "low": r["low"],
                "high": r["high"],
            }
        )
    forest = pd.DataFrame(rows)
    fig, ax = style.new_figure(height=3.9)
    dot_whisker(
        ax,
        forest,
        group="comparison",
        series={"events": ("Events", P["blue"], "s", -0.13), "fatalities": ("Fatalities", P["vermillion"], "o", 0.13)},
        xlabel="Rate ratio of monthly counts (log scale; 1 = no change)",
    )
    alt = (
        "Dot-and-whisker chart of rate ratios on a log scale. "
        + "; ".join(
            f"{r.comparison}, {r.measure}: {ratio_ci_text(r.ratio, r.low, r.high)}" for r in forest.itertuples()
        )
        + "."
    )
    return fig, {"data": forest.round(3), "alt": alt}


def period_maps(wh: dict, summary: pd.DataFrame, cercles, regions, countries, bins=(0, 1, 3, 10, 20, 40)):
    """Four maps of the cercles' reported fatalities per month, one per period, the two highest named.

    ``wh``: :func:`minusma.analysis.conflict_where.where`; ``summary``: the ``summary`` of
    :func:`minusma.analysis.conflict.period_comparison` (each period's first and last month).
    """
    fig, axes = maps.new_map(2, 2, title_space=0.5)
    drawn = []
    for ax, p in zip(axes.flat, periods.PERIODS):
        t = map_layers.choropleth(
            ax,
            cercles,
            wh["rates"][p.key],
            bins=list(bins),
            regions=regions,
            countries=countries,
            legend=(p.key == "before_coups"),
            legend_title="Deaths per month",
            label_top=2,
            label_fmt="{:.0f}",
            fontsize=8,
        )
        first, last = summary.loc[p.key, "first"], summary.loc[p.key, "last"]
        ax.set_title(f"{p.label}\n{first:%b %Y} – {last:%b %Y}", fontsize=10, loc="left")
        drawn.append(t.assign(period=p.key))
    drawn = pd.concat(drawn)
    tops = wh["tops"]
    alt = "Four maps of Mali's cercles shaded by reported fatalities per month. " + " ".join(
        f"{periods.get(k).label}: highest {', '.join(f'{r.admin2} {r.rate:.0f}' for r in tops[k].itertuples())}."
        for k in tops
    )
    data = (
        drawn[["period", "admin2_pcode", "admin2", "admin1", "value", "class"]]
        .rename(columns={"value": "fatalities_per_month"})
        .round(2)
    )
    return fig, {"data": data, "alt": alt}


def spread(nb: dict, years=range(2012, 2025)):
    """Deaths per year in Mali and its neighbours: ACLED (left panel) and UCDP (right), countries named at the end.

    ``nb``: :func:`minusma.analysis.conflict.neighbours`.
    """
    yrs, u = list(years), nb["ucdp"]
    colours = {"Mali": P["blue"], "Burkina Faso": P["vermillion"], "Niger": P["green"]}
    marker = {"Mali": "o", "Burkina Faso": "s", "Niger": "^"}
    acled_y = pd.DataFrame({"Mali": nb["mali"]["fatalities"], "Burkina Faso": nb["bfa"]["pv_fatalities"]}).reindex(yrs)
    fig, axes = style.new_figure(1, 2, height=4.0, sharey=False)
    for ax, frame, title in [
        (axes[0], acled_y, "ACLED: reported fatalities"),
        (axes[1], u.reindex(yrs), "UCDP: deaths"),
    ]:
        for country in frame.columns:
            ax.plot(
                frame.index,
                frame[country],
                marker=marker[country],
                color=colours[country],
                label=country,
                markersize=4.5,
            )
            ax.text(
                frame.index[-1] + 0.3, frame[country].iloc[-1], country, va="center", fontsize=9, color=colours[country]
            )
        ax.set_title(title)
        ax.set_xticks([2012, 2016, 2020, 2024])
        ax.set_xlim(2011.5, 2027.8)
        style.thousands(ax)
    axes[0].set_ylabel("Deaths per year")
    data = pd.concat([acled_y.add_prefix("acled_"), u.reindex(yrs).add_prefix("ucdp_")], axis=1).reset_index()
    alt = (
        "Two line charts of deaths per year, 2012 to 2024. ACLED: "
        + "; ".join(
            f"{c} {int(acled_y.loc[2019, c]):,} in 2019 and {int(acled_y.loc[2023, c]):,} in 2023"
            for c in acled_y.columns
        )
        + ". UCDP: "
        + "; ".join(f"{c} {int(u.loc[2019, c]):,} in 2019 and {int(u.loc[2023, c]):,} in 2023" for c in u.columns)
        + "."
    )
    return fig, {"data": data.rename(columns={"index": "year"}), "alt": alt}


def _ged_figure(early, late, regions, countries, sahel, phone: bool):
    fig, axes = maps.new_map(
        2,
        1,
        extent="central_sahel",
        title_space=0.55 if phone else 0.35,
        **({"width": style.PHONE_WIDTH_IN} if phone else {}),
    )
    for ax, frame, label in [(axes[0], early, "2020–2021"), (axes[1], late, "2023–2024")]:
        maps.base_map(ax, regions, countries, extent="central_sahel", fontsize=8, label_regions=not phone)
        map_layers.points(
            ax,
            frame,
            category="violence",
            size="best",
            size_scale=0.45,
            legend=(label == ("2023–2024" if phone else "2020–2021")),
            legend_loc="upper right",
        )  # phone: the legend goes under its panel, so under the last
        ax.set_title(
            f"{label}: {len(frame[frame['iso3'].isin(sahel)]):,} events in Mali, Burkina Faso and Niger",
            fontsize=10,
            loc="left",
        )
    return fig


def ged_maps(ged: pd.DataFrame, regions, countries, sahel=("MLI", "BFA", "NER")):
    """Two maps of UCDP's georeferenced events, 2020-2021 and 2023-2024, by type of violence and sized by deaths;
    ``phone_fig``: the phone layout (narrower, countries named, not regions).
    """
    early, late = ged[ged["year"].between(2020, 2021)], ged[ged["year"].between(2023, 2024)]
    pts = pd.concat([early.assign(panel="2020-2021"), late.assign(panel="2023-2024")])
    alt = (
        f"Two maps of the central Sahel with UCDP events as points coloured and shaped by type of violence "
        f"(circles state-based, squares non-state, triangles one-sided). 2020–2021: "
        f"{len(early):,} events; 2023–2024: {len(late):,} events, denser in Burkina Faso and reaching its south "
        "and the borders of Benin and Togo."
    )
    data = pts[["panel", "date", "country", "latitude", "longitude", "violence", "best", "low", "high"]].assign(
        date=lambda d: d["date"].dt.strftime("%Y-%m-%d")
    )
    return _ged_figure(early, late, regions, countries, list(sahel), False), {
        "data": data,
        "alt": alt,
        "phone_fig": _ged_figure(early, late, regions, countries, list(sahel), True),
    }


#: The perpetrators of the one-sided chart: column of :func:`minusma.analysis.conflict.onesided_mali`, label,
#: colour, hatch.
ONESIDED_KINDS = [
    ("state", "Government of Mali", P["blue"], None),
    ("state_russia", "Governments of Mali and Russia (joint actor, 2024)", P["purple"], None),
    ("militia", "Militias active only in Mali (Dozos, Dan na Ambassagou)", P["orange"], None),
    ("other", "Other actors, not split by country (JNIM, IS, ...)", style.MUTED, "///"),
]


def onesided(osm: pd.DataFrame):
    """Stacked bars of UCDP's one-sided deaths in Mali per year by perpetrator, totals above
    (``osm``: :func:`minusma.analysis.conflict.onesided_mali`).
    """
    fig, ax = style.new_figure(height=4.4)
    bars = osm[[k for k, *_ in ONESIDED_KINDS]].set_axis([lab for _, lab, *_ in ONESIDED_KINDS], axis=1)
    stacked_bars(
        ax, osm.index, bars, [c for *_, c, _ in ONESIDED_KINDS], hatches=[h for *_, h in ONESIDED_KINDS], totals=15
    )
    ax.set_xticks(osm.index)
    ax.set_xticklabels([str(y) if y % 2 == 0 else "" for y in osm.index])
    ax.set_ylabel("Civilians killed (best estimate)")
    ax.set_ylim(0, osm["total"].max() * 1.45)
    ax.legend(loc="upper left", fontsize=9)
    style.thousands(ax)
    alt = (
        "Stacked bar chart of one-sided violence deaths in Mali per year, 2012 to 2024. "
        + "; ".join(
            f"{y}: {r['total']} in total, Government of Mali {r['state']}"
            + (f", Mali and Russia jointly {r['state_russia']}" if r["state_russia"] else "")
            for y, r in osm.loc[2017:].iterrows()
        )
        + "."
    )
    return fig, {"data": osm.reset_index(), "alt": alt}


def baseline(bt: pd.DataFrame):
    """Stacked bars of ACLED's fatalities in violence against civilians per year by perpetrator type, largest
    type first (``bt``: :func:`minusma.analysis.conflict_civilians.civilians_by_perpetrator`). Facts: ``top`` (the types'
    totals, 2012-2020, largest first).
    """
    top = bt.loc[2012:2020].sum().sort_values(ascending=False)
    order = list(top.index)
    colours = [P[c] for c in ("orange", "vermillion", "blue", "sky", "green", "purple", "grey", "black")]
    fig, ax = style.new_figure(height=4.2)
    stacked_bars(ax, bt.index, bt[order], colours[: len(order)], totals=10)
    ax.set_xticks(bt.index)
    ax.set_ylabel("Reported fatalities")
    ax.set_ylim(0, bt.sum(axis=1).max() * 1.3)
    ax.legend(loc="upper left", fontsize=9)
    alt = (
        "Stacked bar chart of fatalities in violence against civilians in Mali per year, 2012 to 2020, by "
        "perpetrator type. "
        + "; ".join(
            f"{y}: {int(r.sum())} ({', '.join(f'{k} {int(v)}' for k, v in r.items() if v)})" for y, r in bt.iterrows()
        )
        + "."
    )
    return fig, {"data": bt.reset_index(), "alt": alt, "top": top}


def moura(rng: pd.DataFrame):
    """Dots of the published Moura tolls (circles, their range shaded) and of what the data record (diamonds)
    (``rng``: the ``range`` of :func:`minusma.analysis.conflict_where.moura`).
    """
    fig, ax = style.new_figure(height=4.4)
    ypos = range(len(rng))[::-1]
    for y_, r in zip(ypos, rng.itertuples()):
        published = r.kind == "published toll"
        ax.plot([0, r.deaths], [y_, y_], color=style.MUTED, linewidth=1.2, zorder=1)
        ax.plot(
            r.deaths,
            y_,
            "o" if published else "D",
            markersize=8,
            zorder=2,
            color=P["vermillion"] if published else P["blue"],
        )
        ax.text(r.deaths + 14, y_, f"{r.deaths:,}", va="center", fontsize=9.5, color=style.TEXT, fontweight="bold")
    tolls = rng.loc[rng["kind"] == "published toll", "deaths"]
    ax.axvspan(tolls.min(), tolls.max(), color=P["vermillion"], alpha=0.08)
    ax.set_yticks(list(ypos))
    ax.set_yticklabels([f"{f}\n{s}" for f, s in zip(rng["figure"], rng["scope"])], fontsize=8.5)
    ax.set_xlim(0, rng["deaths"].max() * 1.15)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("People killed")
    alt = (
        "Dot chart of death tolls for Moura. "
        + "; ".join(f"{r.figure}: {r.deaths} ({r.scope})" for r in rng.itertuples())
        + "."
    )
    return fig, {"data": rng, "alt": alt}


#: The dated steps of the restrictions chart (keys of the ``timeline`` table).
RESTRICTION_MARKS = [
    "wagner",
    "france_announces",
    "moura",
    "rotations_suspended",
    "france_exit",
    "hrd_director_expelled",
    "ohchr_moura",
    "mandate_end",
    "convoys_held",
    "kidal_taken",
    "withdrawal_end",
]


def _restrictions_figure(window, rmarks, phone: bool, first, last, flip):
    fig, (ax, ax_t) = style.new_figure(
        2,
        1,
        height=8.2 if phone else 6.4,
        sharex=True,
        width=style.PHONE_WIDTH_IN if phone else style.WIDTH_IN,
        gridspec_kw={"height_ratios": [1, 2.6 if phone else 1.25]},
    )
    ax.bar(
        window["month"] + pd.Timedelta(days=14),
        window["fatalities"],
        width=25,
        color=P["vermillion"],
        alpha=0.6,
        linewidth=0,
    )
    timeline.mark(ax, rmarks.assign(label=""))
    ax.set_ylabel("Fatalities per month")
    style.thousands(ax)
    dated_dots(ax_t, rmarks, phone=phone, flip_after=flip)
    ax_t.set_xlim(first, last)
    return fig


def restrictions(window: pd.DataFrame, tl: pd.DataFrame, first="2021-07-01", last="2024-07-01", flip="2023-07-01"):
    """Monthly fatalities (bars) above the dated steps of :data:`RESTRICTION_MARKS` (dots, one per row), from
    ``first`` to ``last``; labels of steps from ``flip`` go left of their dot. ``phone_fig``: labels above rows.

    ``window``: complete months (``month``, ``fatalities``) from ``first`` to the month before ``last``.
    """
    rmarks = timeline.markers(tl, RESTRICTION_MARKS)
    first, last, flip = pd.Timestamp(first), pd.Timestamp(last), pd.Timestamp(flip)
    alt = (
        "Bar chart of monthly reported fatalities in Mali from July 2021 to June 2024, between "
        f"{int(window['fatalities'].min())} and {int(window['fatalities'].max())} a month, above a timeline of: "
        + "; ".join(f"{r.label} ({r.date_start:%-d %b %Y})" for r in rmarks.itertuples())
        + "."
    )
    data = window[["month", "fatalities"]].assign(month=window["month"].dt.strftime("%Y-%m"))
    return _restrictions_figure(window, rmarks, False, first, last, flip), {
        "data": data,
        "alt": alt,
        "phone_fig": _restrictions_figure(window, rmarks, True, first, last, flip),
    }


#: The lines of the UCDP chart: column of :func:`minusma.analysis.wagner.ucdp_outcomes`, label, colour.
UCDP_LINES = (
    ("state_os", "Malian state forces", "vermillion"),
    ("jihadist_os", "JNIM, Islamic State Sahel and other jihadist groups", "blue"),
    ("militia_os", "Communal and self-defence militias", "orange"),
)


def ucdp_perpetrators(mq: pd.DataFrame):
    """Lines (best) and bands (low-high) of civilians killed per quarter in one-sided violence in Mali by actor class.

    ``mq``: :func:`minusma.analysis.wagner.ucdp_outcomes` (Mali). The alt text gives the quarterly means
    before and after :data:`minusma.analysis.wagner.AFTER_QUARTER` (:func:`minusma.analysis.wagner.before_after`).
    """
    qx = list(range(len(mq)))
    fig, ax = style.new_figure(height=4.4)
    for col, lab, colour in UCDP_LINES:
        ax.fill_between(qx, mq[f"{col}_low"], mq[f"{col}_high"], color=P[colour], alpha=0.18, linewidth=0)
        ax.plot(qx, mq[col], color=P[colour], linewidth=2, label=lab)
    quarter_axis(ax, mq.index, cut=AFTER_QUARTER)
    cut = mq.index.get_loc(AFTER_QUARTER) - 0.5
    ax.text(
        cut + 0.2,
        ax.get_ylim()[1] * 0.95,
        "Wagner's first event\n(25 Dec 2021)",
        fontsize=8.5,
        va="top",
        color=style.TEXT,
    )
    ax.set_ylabel("Civilians killed per quarter")
    ax.legend(loc="upper left", fontsize=8.5)
    style.thousands(ax)
    cols = [f"{c}{s}" for c, *_ in UCDP_LINES for s in ("", "_low", "_high")] + ["state_battle_civ"]
    s, j = before_after(mq["state_os"]), before_after(mq["jihadist_os"])
    alt = (
        "Line chart of civilians killed per quarter in Mali in UCDP one-sided violence, 2017 to 2023, by Malian "
        f"state forces (mean {s['before']:.0f} a quarter before 2022, {s['after']:.0f} after), jihadist groups "
        f"({j['before']:.0f} and {j['after']:.0f}) and militias, with low-high bands."
    )
    return fig, {"data": mq[cols].reset_index(), "alt": alt}


#: The perpetrator classes of the ACLED chart, in stacking order (the rest are summed as "all others"), and colours.
ACLED_ORDER = [
    W_LAB,
    NW_LAB,
    "JNIM and al-Qaeda affiliates",
    "Islamic State Sahel",
    "other or unattributed jihadist groups",
    "communal and self-defence militias",
    "unidentified armed groups",
]
ACLED_COLOURS = ["vermillion", "orange", "blue", "sky", "purple", "green", "grey", "lightgrey"]


def acled_perpetrators(aq: pd.DataFrame):
    """Stacked bars of ACLED's fatalities in violence against civilians per quarter by perpetrator class
    (``aq``: :func:`minusma.analysis.wagner.acled_perpetrators`), a dashed line before 2022.
    """
    plot = aq.reindex(columns=ACLED_ORDER, fill_value=0)
    plot["all others"] = aq.drop(columns=[c for c in ACLED_ORDER if c in aq.columns]).sum(axis=1)
    fig, ax = style.new_figure(height=4.6)
    stacked_bars(ax, list(range(len(plot))), plot, [P[c] for c in ACLED_COLOURS], width=0.85)
    quarter_axis(ax, plot.index, cut=AFTER_QUARTER)
    ax.set_ylabel("Reported fatalities per quarter")
    ax.legend(loc="upper left", fontsize=8, ncol=2)
    style.thousands(ax)
    post = aq.loc[(aq.index >= AFTER_QUARTER) & (aq.index < "2023-Q1")]
    alt = (
        "Stacked bar chart of fatalities in violence against civilians per quarter in Mali, 2015 to early 2023, by "
        f"perpetrator class. In 2022 Malian forces with Wagner {int(post[W_LAB].sum())}, without Wagner "
        f"{int(post[NW_LAB].sum())}; "
        + "; ".join(f"{c} {int(post[c].sum())}" for c in ACLED_ORDER[2:] if c in post)
        + "."
    )
    return fig, {"data": plot.reset_index(), "alt": alt}


def event_study(cmp: dict):
    """The quarterly Mali minus Burkina Faso gap, centred on its mean before 2022, with the band of its earlier
    spread (``cmp``: :func:`minusma.analysis.wagner_did.compare`).
    """
    es, above, below = cmp["es"], cmp["above"], cmp["below"]
    band = es["band"].iloc[0]
    fig, ax = style.new_figure(height=4.2)
    ax.axhspan(-band, band, color=style.MUTED, alpha=0.6, linewidth=0, label="spread of the gap before 2022 (±1.96 SD)")
    ax.axhline(0, color=P["grey"], linewidth=0.8)
    ax.plot(
        list(range(len(es))),
        es["centred"],
        color=P["vermillion"],
        marker="o",
        markersize=3.5,
        linewidth=1.5,
        label="Mali minus Burkina Faso, centred on the mean gap of 2017–2021",
    )
    quarter_axis(ax, es["quarter"], cut=AFTER_QUARTER)
    ax.set_ylabel("Civilians killed per quarter")
    ax.set_ylim(es["centred"].min() * 1.15, es["centred"].max() * 1.6)
    ax.legend(loc="upper left", fontsize=8.5)
    alt = (
        "Line chart of the quarterly gap between Mali and Burkina Faso in civilians killed by state forces, "
        f"centred on its 2017-2021 mean, with a grey band of plus or minus {band:.0f}; "
        f"above the band in {', '.join(above) or 'no quarter'}, below it in {', '.join(below) or 'no quarter'}."
    )
    return fig, {"data": es, "alt": alt}


def wagner_monthly(wagner: pd.DataFrame, by_type: pd.DataFrame):
    """Stacked bars of the ACLED events naming Wagner per month by event type, and their fatalities (a line,
    right scale). ``by_type``: the events by type, largest first (the stacking order).
    Facts: ``peak`` (month), ``deaths`` (int, that month), ``vac`` (int, of them in violence against civilians).
    """
    wm = (
        wagner.pivot_table(index="month", columns="event_type", values="events", aggfunc="sum")
        .reindex(pd.date_range(wagner["month"].min(), wagner["month"].max(), freq="MS"))
        .fillna(0)
        .astype(int)
    )
    wm = wm[[c for c in by_type.index if c in wm.columns]]
    wf = wagner.groupby("month")["fatalities"].sum().reindex(wm.index, fill_value=0)
    mid = wm.index + pd.Timedelta(days=14)
    fig, ax = style.new_figure(height=4.2)
    stacked_bars(
        ax, mid, wm, [P[c] for c in ("vermillion", "blue", "grey", "orange", "sky", "purple")][: wm.shape[1]], width=25
    )
    ax2 = ax.twinx()
    ax2.plot(
        mid, wf, color=style.TEXT, marker="o", markersize=3, linewidth=1.2, label="reported fatalities (right scale)"
    )
    ax2.set_ylabel("Reported fatalities")
    ax2.set_ylim(0, wf.max() * 1.1)
    ax2.grid(False)
    ax.set_ylabel("Events naming Wagner")
    style.month_axis(ax, interval=3)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left", bbox_to_anchor=(0.24, 1.0), fontsize=8.5)
    peak = wf.idxmax()
    pk = wagner[wagner["month"] == peak]
    alt = (
        "Stacked bar chart of ACLED events naming the Wagner Group per month from December 2021 to March 2023 by "
        "event type, with a line of reported fatalities: "
        + "; ".join(f"{m:%b %Y} {int(wm.loc[m].sum())} events, {int(wf[m])} deaths" for m in wm.index)
        + "."
    )
    data = wm.assign(fatalities=wf).reset_index(names="month").assign(month=lambda d: d["month"].dt.strftime("%Y-%m"))
    return fig, {
        "data": data,
        "alt": alt,
        "peak": peak,
        "deaths": int(wf.max()),
        "vac": int(pk.loc[pk["event_type"] == "Violence against civilians", "fatalities"].sum()),
    }
