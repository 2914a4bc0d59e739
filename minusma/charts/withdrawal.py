"""Chart recipes of the Withdrawal chapter's before-and-after design (house style: :mod:`minusma.charts.style`).

Each function draws a figure and returns it; the chapter passes it to
``ch.chart(...)`` with title, subtitle, source line, alt text and data.
"""

from __future__ import annotations

import pandas as pd

from minusma.charts import style

#: Marker and colour of each source (colour and shape both carry it).
SOURCE_STYLE = {"ACLED": (style.PALETTE["vermillion"], "o"), "UCDP": (style.PALETTE["blue"], "s")}

GROUP_LABELS = {"all": "All cercles that lost a base", "north": "North", "centre": "Centre (Mopti)"}
DESIGN_LABELS = {"closures": "at the closures", "placebo": "placebo, a year earlier"}


def estimates_figure(table: pd.DataFrame, phone: bool = False):
    """Dot-and-interval chart of :func:`minusma.analysis.withdrawal_did.estimate_table` (one row per estimate).

    Rows: group × design, each with one dot and interval per source; a vertical
    line at zero. Filled dots: the real closure dates; open dots: the placebo.
    ``phone=True`` draws the phone image's layout (:func:`minusma.charts.style.render`'s
    ``phone_fig``): each group's name and each row's design written above the
    row, inside the plot, instead of tick labels beside it.
    """
    groups = [g for g in GROUP_LABELS if g in set(table["group"])]
    designs = list(DESIGN_LABELS)
    if phone:
        fig, ax = style.new_figure(height=0.62 * len(groups) * len(designs) + 0.5 * len(groups) + 0.6,
                                   width=style.PHONE_WIDTH_IN)
    else:
        fig, ax = style.new_figure(height=0.62 * len(groups) * len(designs) + 1.2)
    ticks, labels = [], []
    y = 0.0
    for g in groups:
        if phone:
            y -= 0.15
            ax.text(0.0, y + 0.75, GROUP_LABELS[g], transform=ax.get_yaxis_transform(), ha="left", va="bottom",
                    fontsize=style.PHONE_MIN_PT, fontweight="bold", color=style.TEXT)
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
            if phone:
                ax.text(0.0, y + 0.3, DESIGN_LABELS[d].capitalize(), transform=ax.get_yaxis_transform(), ha="left",
                        va="bottom", fontsize=style.PHONE_MIN_PT, color=style.SUBTLE)
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
    ax.text(0.3, 0.97, "Month of closure (left out)", transform=ax.get_xaxis_transform(), fontsize=8.5,
            color=style.SUBTLE, va="top")
    ax.set_xlabel("Months from the cercle's first closure")
    ax.set_ylabel("Deaths per cercle-month against\nthe pre-closure average")
    ax.set_xticks(range(-12, 25, 3))
    ax.legend(loc="lower left", fontsize=8.5)
    return fig


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
    from adjustText import adjust_text
    from matplotlib import patheffects

    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    renderer = ax.figure._get_renderer()
    boxes = [a.get_window_extent(renderer) for a in avoid]
    texts = [ax.text(x + 0.25, y + 0.12, n, fontsize=fontsize, color=style.TEXT, zorder=14, path_effects=halo,
                     ha="left", va="bottom") for x, y, n in zip(xs, ys, names)]
    adjust_text(texts, x=list(xs), y=list(ys), objects=boxes or None, ax=ax, expand=(1.25, 1.4),
                force_text=(0.5, 0.8), force_static=(1.2, 1.6), max_move=(30, 30), iter_lim=2000, ensure_inside_axes=True,
                arrowprops=dict(arrowstyle="-", color=style.SUBTLE, linewidth=0.6, shrinkA=2, shrinkB=4))
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
    import numpy as np
    from matplotlib import patheffects

    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    renderer = ax.figure._get_renderer()
    inv = ax.transData.inverted()
    out = []
    for r in regions.itertuples():
        if r.admin1_pcode == "ML09":
            continue
        t = ax.text(r.label_lon, r.label_lat, r.admin1, ha="center", va="center", fontsize=fontsize,
                    color=style.SUBTLE, fontweight="bold", zorder=11, path_effects=halo)
        for dx, dy in ((0, 0), (0, -0.7), (0, 0.7), (-1.2, 0), (1.2, 0), (0, -1.4), (0, 1.4)):
            t.set_position((r.label_lon + dx, r.label_lat + dy))
            (x0, y0), (x1, y1) = inv.transform(t.get_window_extent(renderer).get_points())
            hit = ((np.asarray(xs) > x0 - clearance) & (np.asarray(xs) < x1 + clearance)
                   & (np.asarray(ys) > y0 - clearance) & (np.asarray(ys) < y1 + clearance))
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
    from minusma.charts import maps

    fig, ax = maps.new_map(title_space=0.6)   # room below the map for the legend
    maps.base_map(ax, regions, countries, fontsize=8, label_regions=False)
    region_labels = region_names(ax, regions, bases["longitude"].to_numpy(), bases["latitude"].to_numpy())
    for when, (colour, marker) in when_style.items():
        sel = bases[bases["when"] == when].drop_duplicates(["latitude", "longitude"])
        ax.scatter(sel["longitude"], sel["latitude"], s=70, color=colour, marker=marker, edgecolors="white",
                   linewidths=0.8, zorder=12, label=when)
    short = bases["base"].str.replace(r" \(.*\)", "", regex=True).str.replace(r"^Bamako$", "Bamako HQ", regex=True)
    places = (bases.assign(short=short).groupby(["latitude", "longitude"], sort=False)["short"]
              .agg(lambda b: "\n".join(dict.fromkeys(b))).reset_index())
    label_points(ax, places["longitude"], places["latitude"], list(places["short"]), avoid=region_labels)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=len(when_style), title="Closed", fontsize=8.5,
              title_fontsize=8.5, frameon=False)
    return fig


#: The towns named on the key panel of the footprint maps (the largest bases, and the ends of the map).
KEY_TOWNS = ("Bamako", "Sévaré", "Douentza", "Timbuktu", "Gao", "Ménaka", "Kidal", "Tessalit")

#: Troop numbers shown in the dot-size key of the footprint maps.
SIZE_KEY = (100, 500, 1000, 2000)


def troop_size(troops) -> "pd.Series":
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
    from minusma.charts import maps

    years = sorted(geo["year"].unique())
    n = len(years) + 2
    nrows = -(-n // ncols)
    fig, axes = maps.new_map(nrows, ncols)
    flat = list(axes.flat)
    for ax, year in zip(flat, years):
        maps.base_map(ax, regions, None, label_regions=False)
        sel = geo[geo["year"] == year]
        ax.scatter(sel["longitude"], sel["latitude"], s=troop_size(sel["troops_est"]), color=style.HIGHLIGHT,
                   alpha=0.7, edgecolors="white", linewidths=0.4, zorder=9)
        ax.set_title(f"{year}: {sel['location'].nunique()} locations", fontsize=9.5, loc="left")
    key = flat[len(years)]
    maps.base_map(key, regions, None, label_regions=False)
    key.scatter(places["longitude"], places["latitude"], s=8, color=style.TEXT, zorder=9)
    label_points(key, places["longitude"], places["latitude"], list(places["name"]), fontsize=7)
    key.set_title("Key: places", fontsize=9.5, loc="left")
    size = flat[len(years) + 1]
    size.set_axis_off()
    for i, t in enumerate(SIZE_KEY):
        size.scatter([0.25], [0.8 - i * 0.2], s=troop_size([t]), color=style.HIGHLIGHT, alpha=0.7,
                     edgecolors="white", linewidths=0.4, transform=size.transAxes, clip_on=False)
        size.text(0.45, 0.8 - i * 0.2, f"{t:,} troops (estimate)", fontsize=8.5, va="center",
                  transform=size.transAxes, color=style.TEXT)
    size.set_title("Key: dot area", fontsize=9.5, loc="left")
    for ax in flat[n:]:
        ax.set_axis_off()
    return fig
