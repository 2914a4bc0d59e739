"""Maps in the house style: Mali's regions with its neighbours (the layers on top: :mod:`minusma.charts.map_layers`).

Every map of the book is drawn from the boundary tables of ``data/`` (see
:mod:`minusma.data.derive.boundaries`):

- ``mali_regions``: 10 regions (COD-AB 2021, pcodes ``ML01`` ... ``ML10``);
- ``mali_cercles``: 53 cercles (pcodes ``ML0101`` ... ``ML1004``, the keys of
  ACLED's HDX table ``acled_mali_cercle_month``);
- ``west_africa_countries``: the countries around Mali (Natural Earth).

A chapter loads them with ``ch.load(...)`` (declared inputs) and draws::

    from minusma.charts import map_layers, maps
    regions, countries = ch.load("mali_regions"), ch.load("west_africa_countries")
    fig, ax = maps.new_map()                        # one panel sized to Mali
    maps.base_map(ax, regions, countries)           # regions, neighbours, labels
    map_layers.points(ax, events, category="violence",  # GED events coloured *and* shaped by type
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
from collections.abc import Sequence

import geopandas as gpd
import matplotlib.patheffects as pe
import pandas as pd
import shapely

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
