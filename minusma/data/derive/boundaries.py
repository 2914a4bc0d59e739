"""Boundaries for the book's maps: Mali's regions and cercles, and the countries around Mali.

Sources (see ``boundaries/SOURCE.md`` of the raw snapshot):

- OCHA COD-AB Mali, release of 2021-12-20 (admin 1: 10 regions; admin 2: 53
  cercles with the 2021 pcodes ``ML0101`` ... ``ML1004``), 1:1M, EPSG:4326.
- Natural Earth 4.1.0 Admin 0 countries at 1:10m, as TopoJSON in the npm
  package ``world-atlas@2.0.2`` (public domain). The file declares no CRS; it
  is WGS84 longitude/latitude and is read with ``set_crs(4326)``.

What the derivation does, and checks:

1. Cercles: the 53 COD-AB polygons are simplified *as a coverage*
   (:func:`shapely.coverage_simplify`, tolerance :data:`TOLERANCE` degrees,
   about 1 km, invisible at print size), so neighbouring cercles keep exactly
   the same shared edges, then snapped to a :data:`GRID` grid (about 110 m).
2. Regions are the union of their simplified cercles, so region and cercle
   lines coincide on a map. The check: each region's area is within 1% of the
   COD-AB admin 1 polygon of the same pcode, and the two files list the same
   10 pcodes.
3. Countries: every Natural Earth country that meets :data:`BOX` (West
   Africa) except Mali, clipped to the box and simplified the same way.
   ``borders_mali`` is computed (the country touches Natural Earth's Mali);
   the check: it is true for exactly Mali's seven neighbours
   (:data:`NEIGHBOURS`).

Geometry is stored in a ``geometry`` column as a GeoJSON geometry object
(RFC 7946, WGS84 longitude/latitude), one row per unit, so the tables are
ordinary CSV resources of the data package. :mod:`minusma.charts.maps` turns them
into GeoDataFrames (:func:`minusma.charts.maps.geoframe`) and draws them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.ops import polylabel

from minusma.data.derive import TableSpec
from minusma.data.fields import field_, use
from minusma.data.sources import shapefile_ids
from minusma.data.validate import DataValidationError, Problem
from minusma.paths import relative

#: Simplification tolerance, degrees (0.01 degree is about 1.1 km).
TOLERANCE = 0.01
#: Coordinate grid after simplification, degrees (about 110 m).
GRID = 0.001
#: West Africa box (lon_min, lat_min, lon_max, lat_max) to which countries are clipped.
BOX = (-18.0, 4.0, 17.0, 28.0)
#: Equal-area projection for areas: Africa Albers Equal Area Conic.
EQUAL_AREA = "ESRI:102022"

#: Natural Earth / ISO 3166-1 numeric id -> (ISO3, English name used in the book).
COUNTRIES: dict[str, tuple[str, str]] = {
    "012": ("DZA", "Algeria"),
    "024": ("AGO", "Angola"),
    "120": ("CMR", "Cameroon"),
    "132": ("CPV", "Cabo Verde"),
    "148": ("TCD", "Chad"),
    "204": ("BEN", "Benin"),
    "226": ("GNQ", "Equatorial Guinea"),
    "270": ("GMB", "Gambia"),
    "288": ("GHA", "Ghana"),
    "324": ("GIN", "Guinea"),
    "384": ("CIV", "Côte d'Ivoire"),
    "430": ("LBR", "Liberia"),
    "434": ("LBY", "Libya"),
    "466": ("MLI", "Mali"),
    "478": ("MRT", "Mauritania"),
    "504": ("MAR", "Morocco"),
    "562": ("NER", "Niger"),
    "566": ("NGA", "Nigeria"),
    "624": ("GNB", "Guinea-Bissau"),
    "678": ("STP", "São Tomé and Príncipe"),
    "686": ("SEN", "Senegal"),
    "694": ("SLE", "Sierra Leone"),
    "732": ("ESH", "Western Sahara"),
    "768": ("TGO", "Togo"),
    "788": ("TUN", "Tunisia"),
    "854": ("BFA", "Burkina Faso"),
    "724": ("ESP", "Spain (Canary Islands)"),
    "266": ("GAB", "Gabon"),
    "178": ("COG", "Congo"),
    "140": ("CAF", "Central African Republic"),
}
#: Mali's seven neighbours (ISO numeric).
NEIGHBOURS = frozenset({"012", "478", "686", "324", "384", "854", "562"})

#: Region names as the book prints them (COD-AB's ADM1_FR writes "Menaka" without its accent).
REGION_NAMES = {"Menaka": "Ménaka"}

_EXPECTED = {"adm1": 10, "adm2": 53}


def _shapefile(path: Path, kind: str) -> gpd.GeoDataFrame:
    """Read a COD-AB shapefile, checking CRS, feature count, pcodes and validity."""
    label = relative(path)
    gdf = gpd.read_file(path)
    problems = []
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        problems.append(Problem(label, None, None, f"CRS is {gdf.crs}, expected EPSG:4326"))
    level = kind[-1]
    code, name = f"ADM{level}_PCODE", f"ADM{level}_FR"
    for col in (code, name, "ADM1_PCODE", "ADM1_FR"):
        if col not in gdf.columns:
            problems.append(Problem(label, 1, col, "required attribute is missing"))
    if problems:
        raise DataValidationError(problems)
    if len(gdf) != _EXPECTED[kind]:
        problems.append(
            Problem(
                label,
                None,
                None,
                f"{len(gdf)} features, expected {_EXPECTED[kind]} "
                "(a new boundary release? update minusma/data/derive/boundaries.py)",
            )
        )
    pattern = r"^ML\d{2}$" if level == "1" else r"^ML\d{4}$"
    for i, row in gdf.iterrows():
        if not pd.Series([row[code]]).str.fullmatch(pattern).iloc[0]:
            problems.append(Problem(label, i + 2, code, f"pcode does not match {pattern}", row[code]))
        if level == "2" and not str(row[code]).startswith(str(row["ADM1_PCODE"])):
            problems.append(
                Problem(label, i + 2, code, "cercle pcode does not start with its region's pcode", row[code])
            )
        if row.geometry is None or not row.geometry.is_valid:
            problems.append(Problem(label, i + 2, "geometry", "geometry missing or invalid"))
    if gdf[code].duplicated().any():
        for v in gdf.loc[gdf[code].duplicated(), code]:
            problems.append(Problem(label, None, code, "pcode appears twice", v))
    if problems:
        raise DataValidationError(problems)
    return gdf


def _clean(geoms) -> shapely.geometry.base.BaseGeometry:
    """Simplify a set of polygons as a coverage and snap them to the grid."""
    out = shapely.coverage_simplify(geoms, TOLERANCE)
    out = shapely.set_precision(out, GRID)
    return out


def _area_km2(geoms: gpd.GeoSeries) -> pd.Series:
    return (geoms.to_crs(EQUAL_AREA).area / 1e6).round(0)


def _label_points(geoms) -> tuple[list[float], list[float]]:
    """Pole of inaccessibility of each polygon (a label point well inside it), rounded to 0.01 degree.

    For a multipolygon, the point is that of its largest part.
    """
    pts = []
    for g in geoms:
        if g.geom_type == "MultiPolygon":
            g = max(g.geoms, key=lambda part: part.area)
        pts.append(polylabel(g, tolerance=0.01))
    return [round(p.x, 2) for p in pts], [round(p.y, 2) for p in pts]


def _geojson(geoms) -> list[str]:
    return [shapely.to_geojson(g) for g in geoms]


def _as_table(gdf: gpd.GeoDataFrame, schema: dict) -> pd.DataFrame:
    """Add label points, write the geometry as GeoJSON strings, keep the schema's columns in order."""
    out = pd.DataFrame(gdf.drop(columns="geometry"))
    out["label_lon"], out["label_lat"] = _label_points(gdf.geometry)
    out["geometry"] = _geojson(gdf.geometry)
    return out[[f["name"] for f in schema["fields"]]]


def _cercles(paths: Mapping[str, Path]) -> gpd.GeoDataFrame:
    raw = _shapefile(paths["codab_mli_adm2"], "adm2")
    gdf = gpd.GeoDataFrame(
        {
            "admin2_pcode": raw["ADM2_PCODE"],
            "admin2": raw["ADM2_FR"].str.strip(),
            "admin1_pcode": raw["ADM1_PCODE"],
            "admin1": raw["ADM1_FR"].str.strip().map(lambda n: REGION_NAMES.get(n, n)),
            "area_km2": _area_km2(raw.geometry),
        },
        geometry=list(_clean(raw.geometry.values)),
        crs=4326,
    )
    return gdf.sort_values("admin2_pcode").reset_index(drop=True)


def derive_cercles(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Mali's 53 cercles (COD-AB admin 2, 2021 pcodes), lightly simplified.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`CERCLES_SCHEMA`: ``admin2_pcode, admin2, admin1_pcode,
        admin1, area_km2`` (from the unsimplified polygon, equal-area),
        ``label_lon, label_lat`` (a point well inside the cercle), ``geometry``
        (GeoJSON string, WGS84); sorted by pcode.

    Raises
    ------
    DataValidationError
        CRS is not EPSG:4326, a feature count, pcode or geometry is wrong.
    """
    return _as_table(_cercles(paths), CERCLES_SCHEMA)


def derive_regions(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Mali's 10 regions: the union of their simplified cercles, checked against COD-AB admin 1.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`REGIONS_SCHEMA`: ``admin1_pcode, admin1, area_km2,
        label_lon, label_lat, geometry``; sorted by pcode.

    Raises
    ------
    DataValidationError
        The admin 1 file lists other pcodes than the cercles, or a region's
        area differs by more than 1% from the admin 1 polygon's.
    """
    cercles = _cercles(paths)
    adm1 = _shapefile(paths["codab_mli_adm1"], "adm1").set_index("ADM1_PCODE")
    label = relative(paths["codab_mli_adm1"])
    regions = cercles.dissolve("admin1_pcode", aggfunc={"admin1": "first", "area_km2": "sum"}).sort_index()
    regions["geometry"] = shapely.set_precision(regions.geometry.values, GRID)
    problems = []
    if sorted(regions.index) != sorted(adm1.index):
        problems.append(
            Problem(
                label,
                None,
                "ADM1_PCODE",
                "admin 1 pcodes differ from the cercles' regions",
                f"{sorted(adm1.index)} vs {sorted(regions.index)}",
            )
        )
        raise DataValidationError(problems)
    official = _area_km2(adm1.geometry)
    for code, area in regions["area_km2"].items():
        if abs(area / official[code] - 1) > 0.01:
            problems.append(
                Problem(
                    label,
                    None,
                    "geometry",
                    f"region {code}: cercles cover {area:,.0f} km2, "
                    f"admin 1 polygon {official[code]:,.0f} km2 (over 1%)",
                )
            )
    if problems:
        raise DataValidationError(problems)
    regions = regions.reset_index()
    regions["area_km2"] = official.reindex(regions["admin1_pcode"]).to_numpy()
    return _as_table(regions, REGIONS_SCHEMA)


def derive_countries(paths: Mapping[str, Path]) -> pd.DataFrame:
    """The countries of West Africa around Mali (Natural Earth 1:10m), clipped to :data:`BOX`.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`COUNTRIES_SCHEMA`: ``iso_n3, iso3, name,
        borders_mali`` (bool), ``geometry`` (GeoJSON string, WGS84); sorted by
        name. Mali itself is left out (maps draw COD-AB's Mali).

    Raises
    ------
    DataValidationError
        A country id is not in :data:`COUNTRIES`, or the countries that touch
        Mali are not exactly :data:`NEIGHBOURS`.
    """
    path = paths["naturalearth_countries"]
    label = relative(path)
    world = gpd.read_file(path, layer="countries").set_crs(4326)
    box = shapely.box(*BOX)
    near = world[world.intersects(box)].copy()
    unknown = sorted(set(near["id"].astype(str)) - set(COUNTRIES))
    if unknown:
        raise DataValidationError(
            [
                Problem(
                    label,
                    None,
                    "id",
                    "country id near Mali not in minusma/data/derive/boundaries.py COUNTRIES",
                    ", ".join(unknown),
                )
            ]
        )
    mali = near.loc[near["id"] == "466", "geometry"].union_all()
    near["borders_mali"] = near.geometry.intersects(mali.buffer(0.01)) & (near["id"] != "466")
    touching = set(near.loc[near["borders_mali"], "id"])
    if touching != NEIGHBOURS:
        raise DataValidationError(
            [
                Problem(
                    label,
                    None,
                    "geometry",
                    "countries touching Mali are not its seven neighbours",
                    f"{sorted(touching)}",
                )
            ]
        )
    near = near[near["id"] != "466"].copy()
    clipped = shapely.make_valid(shapely.intersection(near.geometry.values, box))
    near["geometry"] = list(_clean(clipped))
    near = near[~near.geometry.is_empty]
    out = pd.DataFrame(
        {
            "iso_n3": near["id"].astype(str),
            "iso3": near["id"].map(lambda i: COUNTRIES[i][0]),
            "name": near["id"].map(lambda i: COUNTRIES[i][1]),
            "borders_mali": near["borders_mali"].astype(bool),
            "geometry": _geojson(near.geometry),
        }
    )
    return out.sort_values("name").reset_index(drop=True)


_GEOMETRY = field_(
    "geometry",
    "geojson",
    "Boundary as a GeoJSON geometry (RFC 7946; WGS84 longitude/latitude), simplified to about 1 km",
    required=True,
)
_LABEL = [
    field_(
        "label_lon",
        "number",
        "Longitude of a label point well inside the unit (degrees)",
        required=True,
        minimum=-13,
        maximum=5,
    ),
    field_("label_lat", "number", "Latitude of that label point (degrees)", required=True, minimum=10, maximum=25),
]

REGIONS_SCHEMA = {
    "fields": [
        use("admin1_pcode", "COD-AB 2021 region pcode", required=True, unique=True, pattern=r"^ML\d{2}$"),
        use("admin1", "Region name (COD-AB, accent of Ménaka restored)", required=True),
        field_(
            "area_km2",
            "number",
            "Area in km2 of the unsimplified COD-AB polygon (Africa Albers equal-area)",
            required=True,
            minimum=0,
        ),
        *_LABEL,
        _GEOMETRY,
    ],
    "primaryKey": ["admin1_pcode"],
}

CERCLES_SCHEMA = {
    "fields": [
        field_(
            "admin2_pcode",
            "string",
            "COD-AB 2021 cercle pcode (ACLED's HDX tables use the same)",
            required=True,
            unique=True,
            pattern=r"^ML\d{4}$",
        ),
        field_("admin2", "string", "Cercle name as COD-AB writes it (ADM2_FR)", required=True),
        use("admin1_pcode", required=True, pattern=r"^ML\d{2}$"),
        use("admin1", required=True),
        field_("area_km2", "number", "Area in km2 of the unsimplified polygon (equal-area)", required=True, minimum=0),
        *_LABEL,
        _GEOMETRY,
    ],
    "primaryKey": ["admin2_pcode"],
}

COUNTRIES_SCHEMA = {
    "fields": [
        field_(
            "iso_n3",
            "string",
            "ISO 3166-1 numeric code (Natural Earth id)",
            required=True,
            unique=True,
            pattern=r"^\d{3}$",
        ),
        use("iso3", "ISO 3166-1 alpha-3 code", required=True, pattern=r"^[A-Z]{3}$"),
        field_("name", "string", "English short name", required=True),
        field_("borders_mali", "boolean", "True for Mali's seven neighbours", required=True),
        field_(
            "geometry",
            "geojson",
            "The country's part inside the West Africa box (lon -18 to 17, lat 4 to "
            "28), GeoJSON geometry, WGS84, simplified to about 1 km",
            required=True,
        ),
    ],
    "primaryKey": ["iso_n3"],
}

_CODAB_NOTE = (
    "COD-AB 2021: the 8 regions of 2012, Bamako district and Ménaka; Taoudénit is still inside "
    "Tombouctou and the 2023 reform (19 regions) is not reflected."
)

TABLES = [
    TableSpec(
        name="mali_regions",
        title="Mali's regions (COD-AB 2021), simplified boundaries for maps",
        description=(
            "The 10 regions of OCHA's COD-AB for Mali (2021-12-20) with pcodes, names, areas, a label "
            "point and a GeoJSON geometry: the union of the simplified cercles, so region and cercle "
            "lines coincide. " + _CODAB_NOTE
        ),
        sources=(*shapefile_ids("codab_mli_adm2"), *shapefile_ids("codab_mli_adm1")),
        schema=REGIONS_SCHEMA,
        derive=derive_regions,
        licence="COD-AB",
        unit="regions",
    ),
    TableSpec(
        name="mali_cercles",
        title="Mali's cercles (COD-AB 2021), simplified boundaries for maps",
        description=(
            "The 53 cercles (admin 2) of OCHA's COD-AB for Mali (2021-12-20) with pcodes (the keys of "
            "ACLED's HDX tables), names, areas, a label point and a GeoJSON geometry simplified as a "
            "coverage (shared edges kept). " + _CODAB_NOTE
        ),
        sources=shapefile_ids("codab_mli_adm2"),
        schema=CERCLES_SCHEMA,
        derive=derive_cercles,
        licence="COD-AB",
        unit="cercles",
    ),
    TableSpec(
        name="west_africa_countries",
        title="Countries around Mali (Natural Earth 1:10m), clipped to West Africa, for map context",
        description=(
            "Every Natural Earth 4.1.0 country (except Mali) that meets the box lon -18 to 17, lat 4 to "
            "28, clipped to it, with ISO codes, English name and whether it borders Mali. Natural Earth "
            "shows de facto boundaries."
        ),
        sources=("naturalearth_countries",),
        schema=COUNTRIES_SCHEMA,
        derive=derive_countries,
        licence="PUBLIC-DOMAIN",
        unit="countries",
    ),
]
