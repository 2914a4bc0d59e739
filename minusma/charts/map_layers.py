"""Layers of the house maps: cercle choropleths, event points and place labels on a base map.

Draw a base map first (:func:`minusma.charts.maps.new_map`, :func:`minusma.charts.maps.base_map`),
then a layer::

    from minusma.charts import map_layers, maps

    fig, ax = maps.new_map()
    maps.base_map(ax, regions, countries)
    map_layers.choropleth(ax, cercles, values, bins=[0, 1, 10, 100])  # classes light to dark, no data hatched
    map_layers.points(ax, events, category="violence", size="best")  # colour *and* marker by category

Never colour alone: choropleth classes are ordered light to dark (they survive greyscale
printing), units without data are hatched, the highest values are labelled with name and value;
point categories differ in colour *and* marker shape, and point size has its own legend.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from minusma.charts import style
from minusma.charts.maps import (
    _HALO,
    BORDER,
    CERCLE_LINE,
    LAND,
    OUTLINE,
    SEQUENTIAL,
    VIOLENCE_STYLES,
    base_map,
    geoframe,
    place_labels,
)


def classify(values: pd.Series, bins: Sequence[float]) -> pd.Series:
    """Class of each value: ``i`` when ``bins[i] <= value < bins[i+1]``; NaN stays NaN.

    Parameters
    ----------
    values : pandas.Series of float
    bins : sequence of float
        Increasing class edges; the last class is open (``>= bins[-1]``).

    Returns
    -------
    pandas.Series of Int64 (same index)

    Raises
    ------
    ValueError
        ``bins`` is not strictly increasing, or a value lies below ``bins[0]``.
    """
    bins = list(bins)
    if any(b >= a for a, b in zip(bins[1:], bins)):
        raise ValueError(f"bins must increase strictly: {bins}")
    v = pd.to_numeric(values, errors="coerce")
    if (v < bins[0]).any():
        raise ValueError(f"values below the first class edge {bins[0]}: {v[v < bins[0]].head(3).tolist()}")
    out = pd.Series(np.searchsorted(bins, v.to_numpy(), side="right") - 1, index=values.index).astype("Int64")
    return out.where(v.notna())


def class_labels(bins: Sequence[float], fmt: str = "{:,.0f}") -> list[str]:
    """Legend text of each class of :func:`classify`: ``"0"``, ``"1–5"`` ... ``"200 or more"``.

    A class ``[a, b)`` reads "a–b" (the upper edge excluded), except the
    first class from zero, ``[0, b)``, which reads "under b" (for counts,
    ``[0, 1)`` is "under 1", that is none).
    """
    out = []
    for i, a in enumerate(bins):
        if i == len(bins) - 1:
            out.append(f"{fmt.format(a)} or more")
        elif a == 0:
            out.append(f"under {fmt.format(bins[i + 1])}")
        else:
            out.append(f"{fmt.format(a)}–{fmt.format(bins[i + 1])}")
    return out


def choropleth(
    ax,
    cercles: pd.DataFrame,
    values: pd.Series,
    *,
    bins: Sequence[float],
    regions: pd.DataFrame,
    countries: pd.DataFrame | None = None,
    extent="mali",
    colors: Sequence[str] | None = None,
    legend_title: str = "",
    legend: bool = True,
    label_top: int = 3,
    label_fmt: str = "{:,.0f}",
    label_regions: bool = False,
    fontsize: float = 8.5,
) -> pd.DataFrame:
    """Shade Mali's cercles by a value, in classes, on the base map.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        From :func:`new_map`.
    cercles : pandas.DataFrame
        ``mali_cercles``.
    values : pandas.Series
        Index ``admin2_pcode``, one number per cercle (any unit). A cercle
        absent from the index, or NaN, is drawn hatched ("no data").
    bins : sequence of float
        Class edges (see :func:`classify`), at most ``len(colors)`` classes.
    regions, countries : pandas.DataFrame
        ``mali_regions`` and (optional) ``west_africa_countries`` for the base map.
    extent : str or tuple
        :data:`EXTENTS` key or box.
    colors : sequence of str, optional
        One colour per class, light to dark; default :data:`SEQUENTIAL`.
    legend_title : str
        Title of the class legend (the unit).
    legend : bool
        Draw the legend (turn off on all but one panel of small multiples).
    label_top : int
        Label the ``label_top`` cercles with the highest values with name and
        value (``label_fmt``); 0 for none.
    label_regions : bool
        Also write region names.
    fontsize : float
        Size of the cercle labels.

    Returns
    -------
    pandas.DataFrame
        The drawn table: ``admin2_pcode, admin2, admin1, value, class``
        (class label), sorted by value, descending; for the chart's CSV.

    Raises
    ------
    ValueError
        More classes than colours, or a value below the first edge.
    """
    colors = list(colors or SEQUENTIAL)
    if len(bins) > len(colors):
        raise ValueError(f"{len(bins)} classes but only {len(colors)} colours")
    colors = colors[: len(bins)] if len(bins) == len(colors) else _spread(colors, len(bins))
    gdf = geoframe(cercles)
    if countries is not None:
        geoframe(countries).plot(ax=ax, color=LAND, edgecolor=BORDER, linewidth=0.8, zorder=0)
    v = values.reindex(gdf["admin2_pcode"]).to_numpy()
    gdf = gdf.assign(value=v)
    gdf["cls"] = classify(gdf["value"], bins)
    labels = class_labels(bins)
    for i, col in enumerate(colors):
        sel = gdf[gdf["cls"] == i]
        if len(sel):
            sel.plot(ax=ax, color=col, edgecolor="none", zorder=1)
    missing = gdf[gdf["cls"].isna()]
    if len(missing):
        missing.plot(ax=ax, facecolor="white", edgecolor=CERCLE_LINE, hatch="////", linewidth=0, zorder=1)
    base_map(
        ax,
        regions,
        countries,
        extent=extent,
        cercles=gdf,
        fill=False,
        label_regions=label_regions,
        label_countries=countries is not None,
    )
    if label_top:
        top = gdf.dropna(subset=["value"]).sort_values(["value", "admin2_pcode"], ascending=[False, True])
        top = top[top["value"] > 0].head(label_top)
        texts = [f"{r.admin2}\n{label_fmt.format(r.value)}" for r in top.itertuples()]
        place_labels(
            ax, top["label_lon"].to_numpy(), top["label_lat"].to_numpy(), texts, extent=extent, fontsize=fontsize
        )
    if legend:
        handles = [Patch(facecolor=c, edgecolor="#999999", linewidth=0.5, label=lab) for c, lab in zip(colors, labels)]
        if len(missing):
            handles.append(Patch(facecolor="white", edgecolor="#999999", hatch="////", label="no data"))
        ax.legend(
            handles=handles,
            title=legend_title,
            loc="upper left",
            fontsize=8.5,
            title_fontsize=8.5,
            frameon=True,
            facecolor="white",
            edgecolor="none",
            framealpha=0.9,
            alignment="left",
        ).set_zorder(12)
    out = pd.DataFrame(
        {
            "admin2_pcode": gdf["admin2_pcode"],
            "admin2": gdf["admin2"],
            "admin1": gdf["admin1"],
            "value": gdf["value"],
            "class": gdf["cls"].map(lambda c: labels[c] if pd.notna(c) else "no data"),
        }
    )
    return out.sort_values(["value", "admin2_pcode"], ascending=[False, True]).reset_index(drop=True)


def _spread(colors: list[str], n: int) -> list[str]:
    """Pick ``n`` colours spread evenly over a light-to-dark ramp."""
    idx = np.round(np.linspace(0, len(colors) - 1, n)).astype(int)
    return [colors[i] for i in idx]


def point_sizes(values: pd.Series, *, scale: float = 1.0) -> np.ndarray:
    """Marker areas (points^2) proportional to ``values`` (e.g. deaths): area = 4 + 2.2 * scale * value."""
    v = pd.to_numeric(values, errors="coerce").fillna(0).clip(lower=0).to_numpy(dtype=float)
    return 4 + 2.2 * scale * v


def points(
    ax,
    frame: pd.DataFrame,
    *,
    category: str,
    styles: Mapping[str, tuple[str, str]] | None = None,
    size: str | None = None,
    size_scale: float = 1.0,
    size_legend: Iterable[float] = (10, 50, 200),
    size_unit: str = "deaths",
    lon: str = "longitude",
    lat: str = "latitude",
    legend: bool = True,
    legend_loc: str = "upper left",
    alpha: float = 0.55,
    order: Sequence[str] | None = None,
) -> None:
    """Draw points coloured *and* shaped by a category, optionally sized by a value.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        A map drawn with :func:`base_map`.
    frame : pandas.DataFrame
        One row per point, with ``lon``/``lat`` columns (degrees), the
        ``category`` column and, if given, the ``size`` column (e.g.
        ``ucdp_ged_events`` with ``category="violence"``, ``size="best"``).
    category : str
        Column whose values pick colour and marker.
    styles : mapping, optional
        Category value -> ``(colour, marker)``; default
        :data:`VIOLENCE_STYLES`. A category value missing from it raises.
    size : str, optional
        Column of a non-negative value; marker *area* is proportional to it
        (:func:`point_sizes`). Omitted, all markers are small and equal.
    size_scale : float
        Multiplies the areas (smaller than 1 for dense maps).
    size_legend : iterable of float
        Values shown in the size legend.
    size_unit : str
        Unit of the size legend ("deaths").
    legend : bool
        Draw the category (and size) legends.
    legend_loc : str
        Where the legends go (matplotlib location).
    alpha : float
        Marker opacity (overlapping points stay visible).
    order : sequence of str, optional
        Drawing and legend order of categories (default: ``styles`` order).

    Returns
    -------
    None

    Raises
    ------
    KeyError
        A category value has no style.
    """
    styles = dict(styles or VIOLENCE_STYLES)
    unknown = sorted(set(frame[category].dropna()) - set(styles))
    if unknown:
        raise KeyError(f"no colour/marker for {category} value(s) {unknown}; pass styles=")
    order = list(order or styles)
    handles = []
    for cat in order:
        sel = frame[frame[category] == cat]
        colour, marker = styles[cat]
        s = point_sizes(sel[size], scale=size_scale) if size else np.full(len(sel), 9.0)
        sel_sorted = np.argsort(-s, kind="stable")  # big markers first, small ones on top
        ax.scatter(
            sel[lon].to_numpy()[sel_sorted],
            sel[lat].to_numpy()[sel_sorted],
            s=s[sel_sorted],
            c=colour,
            marker=marker,
            alpha=alpha,
            linewidths=0.4,
            edgecolors="white",
            zorder=9,
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=7,
                markerfacecolor=colour,
                markeredgecolor="white",
                alpha=min(1, alpha + 0.3),
                label=cat,
            )
        )
    if not legend:
        return
    if size:
        handles.append(Line2D([], [], linestyle="none", label=""))
        for v in size_legend:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markerfacecolor="none",
                    markeredgecolor=style.SUBTLE,
                    markersize=math.sqrt(point_sizes(pd.Series([v]), scale=size_scale)[0]),
                    label=f"{v:,.0f} {size_unit}",
                )
            )
    ax.legend(
        handles=handles,
        loc=legend_loc,
        fontsize=8.5,
        frameon=True,
        facecolor="white",
        edgecolor="none",
        framealpha=0.9,
        labelspacing=0.9,
        borderpad=0.6,
    ).set_zorder(12)


def label_places(
    ax,
    places: pd.DataFrame,
    *,
    name: str = "name",
    lon: str = "longitude",
    lat: str = "latitude",
    marker: str = "o",
    color: str = OUTLINE,
    fontsize: float = 8.5,
    dx: float = 0.2,
    dy: float = 0.0,
) -> None:
    """Mark and name places (towns, camps): a small marker and the name to its right, with a white halo.

    Parameters
    ----------
    places : pandas.DataFrame
        One row per place with ``name``, ``lon``, ``lat`` columns.
    dx, dy : float
        Offset of the name from the marker, degrees.
    """
    for r in places.itertuples():
        x, y = getattr(r, lon), getattr(r, lat)
        ax.plot(x, y, marker, ms=3.5, color=color, zorder=10)
        ax.text(
            x + dx,
            y + dy,
            getattr(r, name),
            ha="left",
            va="center",
            fontsize=fontsize,
            color=style.TEXT,
            zorder=10,
            path_effects=_HALO,
        )
