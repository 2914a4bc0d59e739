"""Chart recipes of the Withdrawal chapter's first sections: the drawdown, the bases, the decade's footprint.

Each ``*_chart`` function draws on :func:`minusma.charts.style.new_figure` (or
:func:`minusma.charts.maps.new_map`) and returns ``(fig, facts)``: the figure, and a
dict with the chart's ``alt`` text, the ``data`` table it plots (the chart's CSV),
and the numbers its title needs. The chapter gives the title (the finding),
subtitle, source line and note through :meth:`minusma.book.chapter.Chapter.chart`.
The charts of the before-and-after comparison are in
:mod:`minusma.charts.withdrawal_did`, those of what followed in
:mod:`minusma.charts.withdrawal_after`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from adjustText import adjust_text
from matplotlib import patheffects

from minusma.analysis.keys import key, key_frame
from minusma.analysis.withdrawal_bases import Footprint, short_names
from minusma.charts import maps, style, timeline


def label_points(ax, xs, ys, names, *, avoid=(), fontsize: float = 7.5) -> list:
    """Write a label beside each point so that no label lies on a marker or another label (adjustText).

    Labels start just to the right of their point and are moved by
    :func:`adjustText.adjust_text`, away from the points, from each other and
    from the artists in ``avoid`` (markers, region names); a thin leader line
    joins a label moved far from its point.

    Returns
    -------
    list of matplotlib.text.Text
    """
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    renderer = ax.figure._get_renderer()
    boxes = [a.get_window_extent(renderer) for a in avoid]
    texts = [
        ax.text(
            x + 0.25,
            y + 0.12,
            n,
            fontsize=fontsize,
            color=style.TEXT,
            zorder=14,
            path_effects=halo,
            ha="left",
            va="bottom",
        )
        for x, y, n in zip(xs, ys, names)
    ]
    adjust_text(
        texts,
        x=list(xs),
        y=list(ys),
        objects=boxes or None,
        ax=ax,
        expand=(1.25, 1.4),
        force_text=(0.5, 0.8),
        force_static=(1.2, 1.6),
        max_move=(30, 30),
        iter_lim=2000,
        ensure_inside_axes=True,
        arrowprops=dict(arrowstyle="-", color=style.SUBTLE, linewidth=0.6, shrinkA=2, shrinkB=4),
    )
    return texts


def region_names(ax, regions: pd.DataFrame, xs, ys, *, fontsize: float = 8.0, clearance: float = 0.45) -> list:
    """Write the region names (bold grey) at their label points, moved off any marker at ``xs, ys``.

    Bamako district is not named (the base there is labelled "Bamako HQ"). A
    name whose box comes within ``clearance`` degrees of a point is tried below,
    above, left and right of its place until it is clear.

    Returns
    -------
    list of matplotlib.text.Text
    """
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    renderer = ax.figure._get_renderer()
    inv = ax.transData.inverted()
    out = []
    for r in regions.itertuples():
        if r.admin1_pcode == "ML09":
            continue
        t = ax.text(
            r.label_lon,
            r.label_lat,
            r.admin1,
            ha="center",
            va="center",
            fontsize=fontsize,
            color=style.SUBTLE,
            fontweight="bold",
            zorder=11,
            path_effects=halo,
        )
        for dx, dy in ((0, 0), (0, -0.7), (0, 0.7), (-1.2, 0), (1.2, 0), (0, -1.4), (0, 1.4)):
            t.set_position((r.label_lon + dx, r.label_lat + dy))
            (x0, y0), (x1, y1) = inv.transform(t.get_window_extent(renderer).get_points())
            hit = (
                (np.asarray(xs) > x0 - clearance)
                & (np.asarray(xs) < x1 + clearance)
                & (np.asarray(ys) > y0 - clearance)
                & (np.asarray(ys) < y1 + clearance)
            )
            if not hit.any():
                break
        out.append(t)
    return out


def bases_map_figure(bases: pd.DataFrame, regions: pd.DataFrame, countries: pd.DataFrame, when_style: dict):
    """Map of the bases by month of closure, each place named once, legend below the map (hides no country).

    Parameters
    ----------
    bases : pandas.DataFrame
        ``base``, ``latitude``, ``longitude``, ``when`` (a key of ``when_style``).
    when_style : dict
        ``when`` -> (colour, marker).
    """
    fig, ax = maps.new_map(title_space=0.6)  # room below the map for the legend
    maps.base_map(ax, regions, countries, fontsize=8, label_regions=False)
    region_labels = region_names(ax, regions, bases["longitude"].to_numpy(), bases["latitude"].to_numpy())
    for when, (colour, marker) in when_style.items():
        sel = bases[bases["when"] == when].drop_duplicates(["latitude", "longitude"])
        ax.scatter(
            sel["longitude"],
            sel["latitude"],
            s=70,
            color=colour,
            marker=marker,
            edgecolors="white",
            linewidths=0.8,
            zorder=12,
            label=when,
        )
    short = bases["base"].str.replace(r" \(.*\)", "", regex=True).str.replace(r"^Bamako$", "Bamako HQ", regex=True)
    places = (
        bases.assign(short=short)
        .groupby(["latitude", "longitude"], sort=False)["short"]
        .agg(lambda b: "\n".join(dict.fromkeys(b)))
        .reset_index()
    )
    label_points(ax, places["longitude"], places["latitude"], list(places["short"]), avoid=region_labels)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncol=len(when_style),
        title="Closed",
        fontsize=8.5,
        title_fontsize=8.5,
        frameon=False,
    )
    return fig


#: The towns named on the key panel of the footprint maps (the largest bases, and the ends of the map).
KEY_TOWNS = ("Bamako", "Sévaré", "Douentza", "Timbuktu", "Gao", "Ménaka", "Kidal", "Tessalit")

#: Troop numbers shown in the dot-size key of the footprint maps.
SIZE_KEY = (100, 500, 1000, 2000)


def troop_size(troops) -> pd.Series:
    """Marker area (points²) for an estimated number of troops: area grows with troops (50 at least)."""
    return pd.Series(troops, dtype=float).fillna(50).clip(lower=50) / 12


def footprint_figure(geo: pd.DataFrame, regions: pd.DataFrame, places: pd.DataFrame, *, ncols: int = 4):
    """Small multiples of MINUSMA's deployment locations each year, with a place-name key and a dot-size key.

    Parameters
    ----------
    geo : pandas.DataFrame
        Geo-PKO locations: ``year``, ``location``, ``latitude``, ``longitude``, ``troops_est`` (float, estimate).
    places : pandas.DataFrame
        Towns to name on the key panel: ``name``, ``latitude``, ``longitude``.

    The panels are followed by a key map naming ``places`` and a panel
    giving the dot area of :data:`SIZE_KEY` troops; a panel's title gives its
    year and number of locations.
    """
    years = sorted(geo["year"].unique())
    n = len(years) + 2
    nrows = -(-n // ncols)
    fig, axes = maps.new_map(nrows, ncols)
    flat = list(axes.flat)
    for ax, year in zip(flat, years):
        maps.base_map(ax, regions, None, label_regions=False)
        sel = geo[geo["year"] == year]
        ax.scatter(
            sel["longitude"],
            sel["latitude"],
            s=troop_size(sel["troops_est"]),
            color=style.HIGHLIGHT,
            alpha=0.7,
            edgecolors="white",
            linewidths=0.4,
            zorder=9,
        )
        ax.set_title(f"{year}: {sel['location'].nunique()} locations", fontsize=9.5, loc="left")
    key = flat[len(years)]
    maps.base_map(key, regions, None, label_regions=False)
    key.scatter(places["longitude"], places["latitude"], s=8, color=style.TEXT, zorder=9)
    label_points(key, places["longitude"], places["latitude"], list(places["name"]), fontsize=7)
    key.set_title("Key: places", fontsize=9.5, loc="left")
    size = flat[len(years) + 1]
    size.set_axis_off()
    for i, t in enumerate(SIZE_KEY):
        size.scatter(
            [0.25],
            [0.8 - i * 0.2],
            s=troop_size([t]),
            color=style.HIGHLIGHT,
            alpha=0.7,
            edgecolors="white",
            linewidths=0.4,
            transform=size.transAxes,
            clip_on=False,
        )
        size.text(
            0.45,
            0.8 - i * 0.2,
            f"{t:,} troops (estimate)",
            fontsize=8.5,
            va="center",
            transform=size.transAxes,
            color=style.TEXT,
        )
    size.set_title("Key: dot area", fontsize=9.5, loc="left")
    for ax in flat[n:]:
        ax.set_axis_off()
    return fig


# -- the chapter's recipes ---------------------------------------------------------------------------


def date_key_figures(events: pd.DataFrame, keys, source: str) -> pd.DataFrame:
    """The dates of timeline markers as key figures ``wd_date_<key>`` (text as prose writes dates).

    The markers are :data:`minusma.charts.timeline.MARKERS` (they live with the charts); ``events`` is
    the ``timeline`` table. Returns a key-figure frame (:func:`minusma.analysis.withdrawal.key_frame`).

    Raises
    ------
    KeyError
        As :func:`minusma.charts.timeline.markers`.
    """
    return key_frame(
        [key(f"wd_date_{k}", timeline.date_text(events, k), f"date: {timeline.MARKERS[k].label}", source) for k in keys]
    )


def drawdown_chart(dd: pd.DataFrame, target: pd.Series, closed: pd.DataFrame, phone: bool = False):
    """The drawdown: cumulative departures as stated, against the number to repatriate, and base closures.

    Parameters
    ----------
    dd : pandas.DataFrame
        :func:`minusma.analysis.withdrawal_bases.drawdown`.
    target : pandas.Series
        :func:`minusma.analysis.withdrawal_bases.to_repatriate` (``value``: uniformed personnel).
    closed : pandas.DataFrame
        :func:`minusma.analysis.withdrawal_bases.closed_in_2023` (``closed_on``, ``base``).
    phone : bool
        Draw the phone image's layout (series named inside the plot instead of a legend).

    Returns
    -------
    (matplotlib.figure.Figure, dict)
        ``alt``, ``data`` (the statements and the closures), ``phone_fig`` (the phone layout; None when
        ``phone``), ``share`` (float, 0-1: repatriated by the last statement), ``last`` (its date),
        ``closed`` (int, bases).
    """
    uni, tot = dd[dd["component"] == "total_uniformed"], dd[dd["component"] == "total_personnel"]
    fig, ax = style.new_figure(height=4.2 if phone else 4.4, width=style.PHONE_WIDTH_IN if phone else style.WIDTH_IN)
    ax.axhline(target["value"], color=style.PALETTE["grey"], linestyle=(0, (4, 2)), linewidth=1)
    ax.text(
        pd.Timestamp("2023-07-03") if phone else pd.Timestamp("2024-01-03"),
        target["value"] * 1.02,
        f"{target['value']:,} " + ("to repatriate" if phone else "uniformed personnel to repatriate"),
        fontsize=9,
        color=style.SUBTLE,
        va="bottom",
        ha="left" if phone else "right",
    )
    ax.plot(uni["as_of"], uni["value"], "-o", color=style.HIGHLIGHT, label="Uniformed personnel repatriated")
    ax.plot(
        tot["as_of"],
        tot["value"],
        "s",
        color=style.PALETTE["orange"],
        mfc="white",
        label="All personnel who had left (uniformed and civilian)",
    )
    for _, b in closed.iterrows():
        ax.plot([b["closed_on"]] * 2, [0, 600], color=style.TEXT, linewidth=1)
    ax.text(pd.Timestamp("2023-07-03"), 900, "Ticks: a base closed", fontsize=8.5, color=style.SUBTLE)
    ax.set_xlim(pd.Timestamp("2023-07-01"), pd.Timestamp("2024-01-05"))
    ax.set_ylim(0, target["value"] * 1.15)
    style.thousands(ax)
    ax.set_ylabel("People (cumulative since 1 July 2023)")
    style.month_axis(ax, fmt="%b\n%Y")
    if not phone:
        ax.legend(loc="upper left", bbox_to_anchor=(0, 0.84))
    else:  # each series named inside the plot, in the empty upper left, instead of a legend
        for y, marker, colour, mfc, text in (
            (11000, "o", style.HIGHLIGHT, style.HIGHLIGHT, "Uniformed personnel\nrepatriated"),
            (8300, "s", style.PALETTE["orange"], "white", "All who had left\n(with civilians)"),
        ):
            ax.plot([pd.Timestamp("2023-07-10")], [y], marker, color=colour, mfc=mfc)
            ax.text(pd.Timestamp("2023-07-20"), y, text, color=colour, va="center", fontsize=style.PHONE_MIN_PT)
    last = uni.iloc[-1]
    data = pd.concat(
        [
            dd[["as_of", "component", "measure", "value", "source_title"]],
            closed[["closed_on", "base"]].rename(columns={"closed_on": "as_of"}).assign(component="base closed"),
        ],
        ignore_index=True,
    )
    alt = (
        "Line chart of cumulative departures in the second half of 2023: uniformed personnel repatriated "
        + ", ".join(f"{r.value:,} by {r.as_of:%-d %B}" for r in uni.itertuples())
        + f", against {target['value']:,} to repatriate; ticks along the bottom mark {len(closed)} "
        "base closures from August to December."
    )
    return fig, {
        "alt": alt,
        "data": data,
        "phone_fig": None if phone else drawdown_chart(dd, target, closed, True)[0],
        "share": last["value"] / target["value"],
        "last": last["as_of"],
        "closed": len(closed),
    }


#: Colour and marker of each way a base was left (the two never carry the information alone).
KIND_STYLE = {
    "formal handover": (style.PALETTE["blue"], "o"),
    "early exit under fire": (style.PALETTE["vermillion"], "X"),
    "no formal handover": (style.PALETTE["orange"], "D"),
    "occupied by armed group": (style.PALETTE["black"], "s"),
    "handed over in liquidation": (style.PALETTE["sky"], "P"),
}


def closures_chart(bases: pd.DataFrame):
    """Dot chart of the bases by date of closure, marked by how each was left (:data:`KIND_STYLE`).

    ``bases`` is :func:`minusma.analysis.withdrawal.bases_in_cercles` of ``camps``; undated bases are
    not drawn. Returns ``(fig, facts)`` with ``alt`` and ``data`` (one row per dated base).
    """
    dated = bases[bases["closed_on"].notna()].sort_values("closed_on", ascending=False).reset_index(drop=True)
    short = short_names(dated["base"])
    fig, ax = style.new_figure(height=5.2)
    for kind, (colour, marker) in KIND_STYLE.items():
        sel = dated[dated["handover"] == kind]
        ax.scatter(sel["closed_on"], sel.index, color=colour, marker=marker, s=60, label=kind, zorder=3)
    for i, r in dated.iterrows():
        ax.text(r["closed_on"] + pd.Timedelta(days=5), i, r["admin1"], va="center", fontsize=8.5, color=style.SUBTLE)
    ax.set_yticks(dated.index, short)
    ax.grid(axis="x", visible=True)
    ax.grid(axis="y", visible=False)
    ax.set_xlim(pd.Timestamp("2023-07-15"), pd.Timestamp("2024-09-15"))
    ax.legend(loc="upper right", fontsize=8.5)
    style.month_axis(ax, interval=2, fmt="%b\n%Y")
    ax.set_xlabel("Date of closure or handover (region in grey)")
    alt = (
        "Dot chart of MINUSMA bases by closure date: "
        + "; ".join(
            f"{s} ({r['admin1']}) {r['closed_on']:%-d %b %Y}, {r['handover']}"
            for s, (_, r) in zip(short, dated.iterrows())
        )
        + "."
    )
    return fig, {
        "alt": alt,
        "data": dated[["base", "admin1", "admin2", "closed_on", "closure_order", "handover", "handed_to"]],
    }


def bases_table(bases: pd.DataFrame) -> pd.DataFrame:
    """The bases as the chapter's table prints them: base, cercle (region), date closed, how it was left."""
    t = bases.sort_values(["closed_on", "base"], na_position="last")
    return pd.DataFrame(
        {
            "Base": t["base"],
            "Cercle (region)": t["admin2"] + " (" + t["admin1"] + ")",
            "Closed": t["closed_on"].dt.strftime("%-d %b %Y").fillna("not found"),
            "How it was left": t["circumstances"],
        }
    )


#: Colour and marker of each month of closure on the map (both carry the month).
MONTH_STYLE = {
    "Aug 2023": (style.PALETTE["sky"], "o"),
    "Oct 2023": (style.PALETTE["vermillion"], "X"),
    "Nov 2023": (style.PALETTE["orange"], "D"),
    "Dec 2023": (style.PALETTE["blue"], "s"),
    "2024": (style.PALETTE["black"], "P"),
}


def bases_map_chart(bases: pd.DataFrame, closed: pd.DataFrame, regions: pd.DataFrame, countries: pd.DataFrame):
    """Map of the bases by month of closure (:data:`MONTH_STYLE`; undated bases and 2024: ``"2024"``).

    Returns
    -------
    (matplotlib.figure.Figure, dict)
        ``alt``, ``data``, and for the title: ``kidal`` (int, bases of Kidal region closed in 2023),
        ``kidal_days`` (int, days between the first and last of them), ``kidal_first`` and ``last``
        (the first Kidal closure, the last closure of 2023).
    """
    onmap = bases.assign(
        when=bases["closed_on"].map(lambda d: "2024" if pd.isna(d) or d.year == 2024 else d.strftime("%b %Y"))
    )
    fig = bases_map_figure(onmap, regions, countries, MONTH_STYLE)
    kidal = closed[closed["admin1"] == "Kidal"]
    alt = (
        "Map of Mali's regions with its neighbours, marking MINUSMA's bases by month of closure: "
        + "; ".join(f"{r['base']} {r['when']}" for _, r in onmap.iterrows())
        + "."
    )
    return fig, {
        "alt": alt,
        "data": onmap[["base", "admin1", "admin2", "latitude", "longitude", "closed_on", "when"]],
        "kidal": len(kidal),
        "kidal_days": (kidal["closed_on"].max() - kidal["closed_on"].min()).days,
        "kidal_first": kidal["closed_on"].min(),
        "last": closed["closed_on"].max(),
    }


def footprint_chart(fp: Footprint, bases: pd.DataFrame, regions: pd.DataFrame):
    """Small multiples of the deployment locations each year (:func:`footprint_figure`), keyed by the base towns.

    ``fp`` is :func:`minusma.analysis.withdrawal_bases.footprint`; ``bases`` names the towns of the key
    panel (:data:`KEY_TOWNS`). Returns ``(fig, facts)`` with ``alt`` and ``data``.
    """
    towns = (
        bases.assign(name=short_names(bases["base"]))
        .groupby(["latitude", "longitude"], sort=False)["name"]
        .first()
        .reset_index()
    )
    towns["name"] = towns["name"].replace({"Camp Castor": "Gao", "Mopti-Sévaré": "Sévaré"})
    fig = footprint_figure(fp.locations, regions, towns[towns["name"].isin(KEY_TOWNS)])
    alt = (
        f"Small-multiple maps of Mali, one per year {fp.first} to {fp.last}, with dots at MINUSMA deployment "
        "locations: " + "; ".join(f"{y}: {fp.per_year[y]} locations" for y in fp.per_year.index) + "."
    )
    return fig, {
        "alt": alt,
        "data": fp.locations[["year", "location", "admin1", "latitude", "longitude", "troops_est", "basis"]],
    }
