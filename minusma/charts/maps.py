"""Maps in the house style: Mali's regions with its neighbours, cercle choropleths, event points.

Every map of the book is drawn from the boundary tables of ``data/`` (see
:mod:`minusma.data.derive.boundaries`):

- ``mali_regions``: 10 regions (COD-AB 2021, pcodes ``ML01`` ... ``ML10``);
- ``mali_cercles``: 53 cercles (pcodes ``ML0101`` ... ``ML1004``, the keys of
  ACLED's HDX table ``acled_mali_cercle_month``);
- ``west_africa_countries``: the countries around Mali (Natural Earth).

A chapter loads them with ``ch.load(...)`` (declared inputs) and draws::

    from minusma.charts import maps
    regions, countries = ch.load("mali_regions"), ch.load("west_africa_countries")
    fig, ax = maps.new_map()                        # one panel sized to Mali
    maps.base_map(ax, regions, countries)           # regions, neighbours, labels
    maps.points(ax, events, category="violence",    # GED events coloured *and* shaped by type
                size="best")
    ch.chart(fig, name=..., title=..., ...)         # title, source line, alt text, CSV, as any chart

Conventions, so that maps read on a phone and in print:

- Plate carrée (longitude/latitude) with the aspect corrected for latitude
  (1 / cos of the map's central latitude), no graticule, no scale bar: the
  neighbours, drawn and named in grey, give the scale.
- Never colour alone: choropleth classes are ordered light to dark (they
  survive greyscale printing), units without data are hatched, the
  highest values are labelled with name and value; point categories differ
  in colour *and* marker shape, and point size has its own legend.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import geopandas as gpd
import matplotlib.patheffects as pe
import numpy as np
import pandas as pd
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from minusma.charts import style

#: Map extents (lon_min, lat_min, lon_max, lat_max), degrees.
EXTENTS: dict[str, tuple[float, float, float, float]] = {
    "mali": (-12.9, 9.8, 4.9, 25.3),  # Mali with a margin for the neighbours' names
    "central_sahel": (-12.9, 8.9, 16.3, 24.6),  # Mali, Burkina Faso and Niger
    "west_africa": (-18.0, 4.0, 17.0, 25.5),  # with the coastal states
}

#: Fill and line colours of the base map.
LAND = "#EEEEEE"  # other countries
MALI = "#FFFFFF"  # Mali's regions (under any choropleth)
BORDER = "#FFFFFF"  # between other countries
REGION_LINE = "#7A7A7A"
CERCLE_LINE = "#BDBDBD"
OUTLINE = "#333333"  # Mali's outline
NEIGHBOUR_TEXT = "#8A8A8A"

#: Sequential classes for choropleths, light to dark (orange-brown, legible in greyscale).
SEQUENTIAL = ("#FFF1D6", "#FDD49E", "#FDAE6B", "#E6550D", "#A63603", "#5A1A02")

#: Point categories: colour and marker for each UCDP type of violence (used by default for GED maps).
VIOLENCE_STYLES: dict[str, tuple[str, str]] = {
    "state-based": (style.PALETTE["blue"], "o"),
    "non-state": (style.PALETTE["orange"], "s"),
    "one-sided": (style.PALETTE["vermillion"], "^"),
}

_HALO = [pe.withStroke(linewidth=2.6, foreground="white")]


def geoframe(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Turn a boundary table of ``data/`` into a GeoDataFrame (EPSG:4326).

    Parameters
    ----------
    table : pandas.DataFrame or geopandas.GeoDataFrame
        A table with a ``geometry`` column of GeoJSON strings (as
        ``mali_regions``, ``mali_cercles``, ``west_africa_countries`` hold
        them); a GeoDataFrame is returned unchanged.

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows and columns, ``geometry`` as shapely geometries, CRS EPSG:4326.

    Raises
    ------
    KeyError
        The table has no ``geometry`` column.
    """
    if isinstance(table, gpd.GeoDataFrame):
        return table
    geoms = shapely.from_geojson(table["geometry"].to_numpy())
    return gpd.GeoDataFrame(table.drop(columns="geometry"), geometry=list(geoms), crs=4326)


def _extent(extent) -> tuple[float, float, float, float]:
    if isinstance(extent, str):
        try:
            return EXTENTS[extent]
        except KeyError:
            raise KeyError(f"unknown map extent {extent!r}; known: {list(EXTENTS)}") from None
    return tuple(extent)


def aspect(extent="mali") -> float:
    """The y/x scale that makes a degree of latitude and of longitude equally long at the extent's centre."""
    _x0, y0, _x1, y1 = _extent(extent)
    return 1 / math.cos(math.radians((y0 + y1) / 2))


def new_map(
    nrows: int = 1, ncols: int = 1, extent="mali", width: float = style.WIDTH_IN, title_space: float = 0.15, **kwargs
):
    """A figure for maps: panels sized to the extent's shape, in the house style.

    Parameters
    ----------
    nrows, ncols : int
        Grid of map panels.
    extent : str or tuple
        Key of :data:`EXTENTS` or ``(lon_min, lat_min, lon_max, lat_max)``.
    width : float
        Width of the drawing area, inches (default the house width).
    title_space : float
        Height added per row for panel titles, inches (0.5 fits a two-line title).
    **kwargs
        Passed to :func:`minusma.charts.style.new_figure`.

    Returns
    -------
    tuple
        ``(fig, axes)`` as :func:`minusma.charts.style.new_figure` returns them.
    """
    x0, y0, x1, y1 = _extent(extent)
    panel_w = width / ncols
    panel_h = panel_w * (y1 - y0) * aspect(extent) / (x1 - x0)
    return style.new_figure(nrows, ncols, height=(panel_h + title_space) * nrows, width=width, **kwargs)


def _frame(ax, extent) -> None:
    x0, y0, x1, y1 = _extent(extent)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect(extent))
    ax.set_axis_off()


def base_map(
    ax,
    regions: pd.DataFrame,
    countries: pd.DataFrame | None = None,
    *,
    extent="mali",
    cercles: pd.DataFrame | None = None,
    label_regions: bool = True,
    label_countries: bool = True,
    fill: bool = True,
    fontsize: float = 9.0,
) -> None:
    """Draw Mali's regions with the neighbouring countries for context.

    Draw order: countries (light grey, white borders, grey names in capitals),
    then Mali's regions (white fill if ``fill``), cercle lines (if
    ``cercles``), region lines, Mali's outline, and the region names with a
    white halo. Call it *after* a choropleth with ``fill=False`` to draw the
    lines and labels over the colours (:func:`choropleth` does this for you).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        From :func:`new_map`.
    regions : pandas.DataFrame
        ``mali_regions`` (or its :func:`geoframe`).
    countries : pandas.DataFrame, optional
        ``west_africa_countries``; omitted, no context is drawn.
    extent : str or tuple
        What the panel shows (:data:`EXTENTS`).
    cercles : pandas.DataFrame, optional
        ``mali_cercles``: draw the cercle lines too.
    label_regions, label_countries : bool
        Write the names (regions in dark type; countries in grey capitals,
        only those with a sizeable part inside the extent).
    fill : bool
        Fill Mali's regions in white (turn off over a choropleth).
    fontsize : float
        Size of region names (countries use 0.95 of it).

    Returns
    -------
    None
    """
    regions = geoframe(regions)
    box = shapely.box(*_extent(extent))
    if countries is not None:
        countries = geoframe(countries)
        countries.plot(ax=ax, color=LAND, edgecolor=BORDER, linewidth=0.8, zorder=0)
        if label_countries:
            _label_countries(ax, countries, box, fontsize * 0.95)
    if fill:
        regions.plot(ax=ax, color=MALI, edgecolor="none", zorder=1)
    if cercles is not None:
        geoframe(cercles).boundary.plot(ax=ax, color=CERCLE_LINE, linewidth=0.35, zorder=3)
    regions.boundary.plot(ax=ax, color=REGION_LINE, linewidth=0.7, zorder=4)
    gpd.GeoSeries([regions.union_all()], crs=4326).boundary.plot(ax=ax, color=OUTLINE, linewidth=1.1, zorder=5)
    if label_regions:
        for r in regions.itertuples():
            if r.admin1_pcode == "ML09":  # Bamako district: too small to hold its name
                ax.plot(r.label_lon, r.label_lat, "s", ms=3.5, color=OUTLINE, zorder=11)
                ax.text(
                    r.label_lon - 0.25,
                    r.label_lat - 0.15,
                    r.admin1,
                    ha="right",
                    va="top",
                    fontsize=fontsize * 0.9,
                    color=style.TEXT,
                    zorder=11,
                    path_effects=_HALO,
                )
                continue
            ax.text(
                r.label_lon,
                r.label_lat,
                r.admin1,
                ha="center",
                va="center",
                fontsize=fontsize,
                color=style.TEXT,
                fontweight="bold",
                zorder=11,
                path_effects=_HALO,
            )
    _frame(ax, extent)


def _label_countries(ax, countries: gpd.GeoDataFrame, box, fontsize: float) -> None:
    """Name each country with enough area in view, at a point well inside its visible part."""
    from shapely.ops import polylabel

    x0, y0, x1, y1 = box.bounds
    view = (x1 - x0) * (y1 - y0)
    for c in countries.itertuples():
        part = c.geometry.intersection(box)
        if part.is_empty or part.area < view * 0.012:
            continue
        if part.geom_type == "MultiPolygon":
            part = max(part.geoms, key=lambda g: g.area)
        p = polylabel(part, tolerance=0.05)
        ax.text(
            p.x,
            p.y,
            c.name.upper(),
            ha="center",
            va="center",
            fontsize=fontsize,
            color=NEIGHBOUR_TEXT,
            style="italic",
            zorder=10,
            path_effects=[pe.withStroke(linewidth=2, foreground=LAND)],
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


def place_labels(ax, xs, ys, texts: Sequence[str], *, extent="mali", fontsize: float = 8.5) -> None:
    """Write labels at points, moving a label that would overlap an earlier one (with a leader line).

    Labels are placed in the order given (put the most important first).
    Each label is tried at its point, then below, above, right and left of
    it; the first place that does not overlap an earlier label is taken.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    xs, ys : array-like of float
        Anchor points (degrees).
    texts : sequence of str
        Label text (may hold a line break).
    extent : str or tuple
        The map's extent (sets the size of a label in degrees).
    fontsize : float
    """
    x0, _y0, x1, _y1 = _extent(extent)
    unit = (x1 - x0) / 18 * fontsize / 8.5  # degrees per ~character width, scaled to the map
    placed: list[tuple[float, float, float, float]] = []
    for x, y, text in zip(xs, ys, texts):
        lines = text.split("\n")
        w = max(len(t) for t in lines) * 0.30 * unit
        h = len(lines) * 0.62 * unit * aspect(extent)
        for dx, dy in (
            (0, 0),
            (0, -1.25 * h),
            (0, 1.25 * h),
            (0.75 * w + 0.3 * unit, 0),
            (-0.75 * w - 0.3 * unit, 0),
            (0, -2.4 * h),
            (0, 2.4 * h),
        ):
            box = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                break
        placed.append(box)
        if (dx, dy) != (0, 0):
            ax.plot([x, x + dx], [y, y + dy * 0.6], color=style.TEXT, linewidth=0.6, zorder=8)
            ax.plot(x, y, "o", ms=2.2, color=style.TEXT, zorder=8)
        ax.text(
            x + dx,
            y + dy,
            text,
            ha="center",
            va="center",
            fontsize=fontsize,
            color=style.TEXT,
            zorder=11,
            path_effects=_HALO,
            linespacing=1.0,
        )


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
