"""Boundary tables and the map helpers of minusma.charts.maps."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from minusma.charts import map_layers, maps, render
from minusma.data.derive import boundaries as bd
from minusma.data.load import load_table
from minusma.data.validate import DataValidationError


@pytest.fixture(scope="module")
def tables():
    return {n: load_table(n) for n in ("mali_regions", "mali_cercles", "west_africa_countries")}


# --------------------------------------------------------------------------- the boundary tables


def test_boundary_tables_have_the_cod_ab_units(tables):
    regions, cercles = maps.geoframe(tables["mali_regions"]), maps.geoframe(tables["mali_cercles"])
    assert len(regions) == 10 and len(cercles) == 53  # boundaries/SOURCE.md
    assert regions.crs.to_epsg() == 4326 and regions.is_valid.all() and cercles.is_valid.all()
    area = regions.set_index("admin1")["area_km2"]
    assert area["Tombouctou"] == 499_274 and area["Bamako"] == 246  # SOURCE.md, equal-area km2
    assert regions.set_index("admin1_pcode").loc["ML10", "admin1"] == "Ménaka"
    assert cercles.set_index("admin2_pcode").loc["ML0503", "admin2"] == "Djenné"
    # every label point lies inside its unit
    for g in (regions, cercles):
        inside = [shapely.Point(x, y).within(geom) for x, y, geom in zip(g["label_lon"], g["label_lat"], g.geometry)]
        assert all(inside)


def test_regions_and_cercles_share_their_lines(tables):
    """Regions are unions of simplified cercles: no gap or overlap between the two layers."""
    regions, cercles = maps.geoframe(tables["mali_regions"]), maps.geoframe(tables["mali_cercles"])
    by_region = cercles.dissolve("admin1_pcode").sort_index()
    r = regions.set_index("admin1_pcode").sort_index()
    diff_km2 = by_region.geometry.symmetric_difference(r.geometry, align=True).to_crs(bd.EQUAL_AREA).area / 1e6
    assert (diff_km2 < 0.5).all(), diff_km2  # slivers from the 110 m grid only


def test_acled_cercles_are_the_cod_ab_cercles(tables):
    acled = load_table("acled_mali_cercle_month")
    assert set(acled["admin2_pcode"]) == set(tables["mali_cercles"]["admin2_pcode"])
    assert set(acled["admin1_pcode"]) == set(tables["mali_regions"]["admin1_pcode"])


def test_countries_mark_malis_seven_neighbours(tables):
    c = tables["west_africa_countries"]
    assert set(c.loc[c["borders_mali"], "name"]) == {
        "Algeria",
        "Mauritania",
        "Senegal",
        "Guinea",
        "Côte d'Ivoire",
        "Burkina Faso",
        "Niger",
    }
    assert "Mali" not in set(c["name"])
    xmin, ymin, xmax, ymax = maps.geoframe(c).total_bounds
    assert xmin >= bd.BOX[0] - 1e-9 and xmax <= bd.BOX[2] + 1e-9 and ymin >= bd.BOX[1] - 1e-9


def test_shapefile_with_the_wrong_number_of_units_stops(tmp_path):
    gdf = gpd.GeoDataFrame(
        {"ADM1_PCODE": ["ML01", "ML02"], "ADM1_FR": ["Kayes", "Koulikoro"]},
        geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)],
        crs=4326,
    )
    path = tmp_path / "adm1.shp"
    gdf.to_file(path)
    with pytest.raises(DataValidationError, match="2 features, expected 10"):
        bd._shapefile(path, "adm1")


# --------------------------------------------------------------------------- classes and labels


def test_classify_and_class_labels():
    v = pd.Series([0, 0.5, 3, 100, np.nan], index=list("abcde"))
    got = map_layers.classify(v, [0, 1, 10, 50])
    assert got.tolist()[:4] == [0, 0, 1, 3] and pd.isna(got["e"])
    assert map_layers.class_labels([0, 1, 10, 50]) == ["under 1", "1–10", "10–50", "50 or more"]
    with pytest.raises(ValueError, match="increase"):
        map_layers.classify(v, [0, 10, 10])
    with pytest.raises(ValueError, match="below the first class edge"):
        map_layers.classify(pd.Series([-1.0]), [0, 1])


def test_point_sizes_are_areas_proportional_to_values():
    s = map_layers.point_sizes(pd.Series([0, 10, 100, -5, np.nan]))
    assert s[2] - s[0] == pytest.approx(10 * (s[1] - s[0]))
    assert s[3] == s[0] == s[4]  # negatives and gaps draw as the smallest marker


def test_new_map_keeps_the_extent_shape():
    fig, ax = maps.new_map(extent="mali")
    w, h = fig.get_size_inches()
    x0, y0, x1, y1 = maps.EXTENTS["mali"]
    assert h / w == pytest.approx((y1 - y0) * maps.aspect("mali") / (x1 - x0) + 0.15 / w, rel=0.01)
    fig2, axes = maps.new_map(2, 2, extent="mali")
    assert axes.shape == (2, 2) and fig2.get_size_inches()[1] == pytest.approx(
        h + 0.15
    )  # two rows of half-width panels


# --------------------------------------------------------------------------- drawing


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_base_map_names_regions_and_neighbours(tables):
    fig, ax = maps.new_map()
    maps.base_map(ax, tables["mali_regions"], tables["west_africa_countries"])
    names = _texts(ax)
    assert set(tables["mali_regions"]["admin1"]) <= set(names)
    assert {"ALGERIA", "MAURITANIA", "BURKINA FASO", "NIGER", "GUINEA"} <= set(names)
    assert ax.get_xlim() == maps.EXTENTS["mali"][::2] and ax.get_ylim() == maps.EXTENTS["mali"][1::2]
    assert ax.get_aspect() == pytest.approx(maps.aspect("mali"))


def test_choropleth_returns_the_drawn_table_and_hatches_missing_units(tables):
    cercles = tables["mali_cercles"]
    values = pd.Series({"ML0503": 45.0, "ML0701": 12.0, "ML0101": 0.0})
    fig, ax = maps.new_map()
    out = map_layers.choropleth(
        ax,
        cercles,
        values,
        bins=[0, 1, 10, 40],
        regions=tables["mali_regions"],
        label_top=2,
        legend_title="fatalities per month",
    )
    assert len(out) == 53 and out.iloc[0][["admin2", "value", "class"]].tolist() == ["Djenné", 45.0, "40 or more"]
    assert out.set_index("admin2_pcode").loc["ML0701", "class"] == "10–40"
    assert (out["class"] == "no data").sum() == 50
    assert {"Djenné\n45", "Ansongo\n12"} <= set(_texts(ax))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["under 1", "1–10", "10–40", "40 or more", "no data"]


def test_place_labels_moves_a_label_that_would_overlap():
    fig, ax = maps.new_map()
    maps.place_labels(ax, [0, 0], [15, 15], ["First\n10", "Second\n5"])
    (x1, y1), (x2, y2) = [t.get_position() for t in ax.texts]
    assert (x1, y1) == (0, 15) and (x2, y2) != (0, 15)


def test_points_need_a_style_for_every_category(tables):
    events = pd.DataFrame(
        {"longitude": [-4.6, 0.4], "latitude": [14.3, 16.3], "violence": ["one-sided", "riots"], "best": [313, 2]}
    )
    fig, ax = maps.new_map()
    maps.base_map(ax, tables["mali_regions"])
    with pytest.raises(KeyError, match="riots"):
        map_layers.points(ax, events, category="violence", size="best")
    map_layers.points(ax, events.iloc[:1], category="violence", size="best")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:3] == ["state-based", "non-state", "one-sided"] and "200 deaths" in labels


def test_a_map_renders_to_identical_bytes(tables):
    def draw():
        fig, ax = maps.new_map()
        maps.base_map(ax, tables["mali_regions"], tables["west_africa_countries"], cercles=tables["mali_cercles"])
        return render.render(
            fig,
            name="m",
            chapter="c",
            docname="c",
            title="t",
            subtitle="s",
            source="Source: s.",
            alt="A map of Mali's regions.",
            data=pd.DataFrame({"a": [1]}),
        ).png

    assert draw() == draw()
