"""Withdrawal analysis on small fixtures written here, and the derived tables against their sources."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from minusma.analysis import withdrawal as wd
from minusma.analysis import withdrawal_after as wda
from minusma.analysis import withdrawal_bases as wb
from minusma.data.load import load_table


def monthly_fixture():
    """Two cercles, Jan 2023 - Dec 2023; A has 1 death per month before June and 5 after, B always 2."""
    months = pd.date_range("2023-01-01", "2023-12-01", freq="MS")
    rows = []
    for m in months:
        rows.append({"month": m, "admin2_pcode": "A", "fatalities": 1 if m < pd.Timestamp("2023-06-01") else 5})
        rows.append({"month": m, "admin2_pcode": "B", "fatalities": 2})
    return pd.DataFrame(rows)


def test_windows_exclude_the_closure_month():
    before, after = wd.windows(pd.Timestamp("2023-08-13"), 3)
    assert [str(d.date()) for d in before] == ["2023-05-01", "2023-06-01", "2023-07-01"]
    assert [str(d.date()) for d in after] == ["2023-09-01", "2023-10-01", "2023-11-01"]


def test_before_after_sums_and_rates():
    closures = pd.DataFrame({"base": ["X"], "closed_on": [pd.Timestamp("2023-06-20")], "admin2_pcode": ["A"]})
    out = wd.before_after(monthly_fixture(), closures, w=3)
    row = out.iloc[0]
    # before: Mar, Apr, May = 1+1+1; after: Jul, Aug, Sep = 5+5+5 (June, the closure month, excluded)
    assert (row["before"], row["after"], row["before_months"], row["after_months"]) == (3, 15, 3, 3)
    assert row["change"] == pytest.approx(4.0)


def test_after_window_is_cut_at_the_last_complete_month():
    closures = pd.DataFrame({"base": ["X"], "closed_on": [pd.Timestamp("2023-10-05")], "admin2_pcode": ["A"]})
    out = wd.before_after(monthly_fixture(), closures, w=6, last_complete=pd.Timestamp("2023-12-01"))
    assert out.loc[0, "after_months"] == 2 and out.loc[0, "after"] == 10
    assert out.loc[0, "after_rate"] == pytest.approx(5.0)


def test_before_after_refuses_undated_bases():
    closures = pd.DataFrame({"base": ["X"], "closed_on": [pd.NaT], "admin2_pcode": ["A"]})
    with pytest.raises(ValueError, match="closure date"):
        wd.before_after(monthly_fixture(), closures)


def test_control_change_averages_comparison_units():
    closures = pd.DataFrame({"base": ["X"], "closed_on": [pd.Timestamp("2023-06-20")], "admin2_pcode": ["A"]})
    out = wd.control_change(monthly_fixture(), closures, ["B"], w=3)
    assert out.loc[0, "control_change"] == 0.0 and out.loc[0, "controls"] == 1


def test_assign_units_is_a_point_in_polygon_join():
    polys = gpd.GeoDataFrame({"admin2_pcode": ["W", "E"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326")
    pts = pd.DataFrame({"longitude": [0.5, 1.5], "latitude": [0.5, 0.2]}, index=["p", "q"])
    assert list(wd.assign_units(pts, polys)) == ["W", "E"]
    with pytest.raises(ValueError, match="outside every polygon"):
        wd.assign_units(pd.DataFrame({"longitude": [5.0], "latitude": [5.0]}), polys)


def test_within_radius_counts_by_geodesic_distance():
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-05-10", "2023-09-10", "2023-09-11", "2023-09-12"]),
            # ~0 km, ~0 km, ~111 km (one degree of latitude), ~0 km but outside the window
            "latitude": [16.0, 16.0, 17.0, 16.0],
            "longitude": [0.0, 0.0, 0.0, 0.0],
            "best": [3, 4, 50, 1],
        }
    ).iloc[:3]
    bases = pd.DataFrame(
        {"base": ["X"], "closed_on": [pd.Timestamp("2023-07-15")], "latitude": [16.0], "longitude": [0.0]}
    )
    out = wd.within_radius(events, bases, radius_km=50, w=3)
    assert (out.loc[0, "deaths_before"], out.loc[0, "deaths_after"]) == (3, 4)
    wide = wd.within_radius(events, bases, radius_km=120, w=3)
    assert wide.loc[0, "deaths_after"] == 54
    assert wd.distances_km(pd.Series([17.0]), pd.Series([0.0]), 16.0, 0.0)[0] == pytest.approx(110.6, abs=0.5)


# --- derived tables -----------------------------------------------------------------------------


def test_camps_order_of_closure_and_approximate_coordinates():
    camps = load_table("camps")
    first = camps.sort_values("closure_order").iloc[0]
    # facts/camps.csv (MINUSMA via allAfrica, 5 Aug 2023): Ogossagou was the first base closed, 3 Aug 2023.
    assert first["base"].startswith("Ogossagou") and str(first["closed_on"].date()) == "2023-08-03"
    # Kidal: eighth closure, 31 Oct 2023 (MINUSMA via allAfrica, 1 Nov 2023).
    kidal = camps.set_index("base").loc["Kidal"]
    assert kidal["closure_order"] == 8 and kidal["handover"] == "occupied by armed group"
    assert camps["closed_on"].isna().sum() == 2  # Bamako and Kerena: dates not found


def test_humanitarian_low_confidence_rows_are_flagged():
    hum = load_table("humanitarian_figures")
    low = hum[hum["confidence"] == "low"]
    # facts README: the Niger 2024 IDP figure (507,000) comes from an AI-generated summary.
    assert list(low["value"]) == [507000.0] and list(low["geography"]) == ["Niger"]


def test_fts_leaves_out_not_specified_rows():
    fts = load_table("fts_appeals")
    assert not fts["plan_name"].eq("Not specified").any()
    mali13 = fts[(fts["iso3"] == "MLI") & (fts["plan_code"] == "CMLI13")].iloc[0]
    # FTS via HDX: Mali 2013 CAP, requirements $476,926,521, funding $264,726,309 (56 %).
    assert (mali13["requirements_usd"], mali13["funding_usd"]) == (476926521, 264726309)
    assert mali13["funded_share"] == pytest.approx(0.555, abs=0.001)


def test_drawdown_statements_and_target():
    s = load_table("strength_statements")
    # JURIST (1 Dec 2023): "9,680 of 12,944 uniformed" (curated/strength_statements.csv) ...
    assert wb.to_repatriate(s)["value"] == 12944
    dd = wb.drawdown(s)
    uni = dd[dd["component"] == "total_uniformed"].set_index("as_of")["value"]
    # ... and 9,680 of 12,944 uniformed had left by 1 Dec 2023 (JURIST).
    assert uni[pd.Timestamp("2023-12-01")] == 9680
    assert uni.is_monotonic_increasing


def test_every_base_lies_in_its_cercle():
    from minusma.charts import maps

    bases = wd.bases_in_cercles(load_table("camps"), maps.geoframe(load_table("mali_cercles")))
    where = bases.set_index("base")[["admin2", "admin1"]]
    # camps.csv: Ogossagou's coordinates are those of Bankass town; Aguelhok lies in Tessalit cercle (Kidal).
    assert tuple(where.loc["Ogossagou (temporary operating base)"]) == ("Bankass", "Mopti")
    assert tuple(where.loc["Aguelhok"]) == ("Tessalit", "Kidal")
    assert where["admin2"].notna().all()


def test_comparison_cercles_exclude_base_cercles():
    cercles = load_table("mali_cercles")
    ctrl = wd.comparison_cercles(cercles, ["ML0502"], regions=("ML05",))
    assert "ML0502" not in ctrl and len(ctrl) == (cercles["admin1_pcode"] == "ML05").sum() - 1


def test_region_rates_average_complete_months_only():
    m = pd.DataFrame(
        {
            "month": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"] * 2),
            "admin1_pcode": ["ML10"] * 3 + ["ML04"] * 3,
            "admin1": ["Menaka"] * 3 + ["Segou"] * 3,
            "fatalities": [10, 20, 999, 1, 1, 999],
            "partial": [False, False, True] * 2,
        }
    )
    r = wda.region_rates(m, {"all": ("2024-01", None)})
    # named as COD-AB writes them, with accents; the partial month left out
    assert r.loc["Ménaka", "all"] == 15 and r.loc["Ségou", "all"] == 1 and r.loc["Ménaka", "months_all"] == 2
    z = wda.region_rates(m, {"all": ("2024-01", None)}, by="zone")
    assert z.loc["north", "all"] == 15 and z.loc["centre", "all"] == 1


def test_shifted_moves_windows_by_a_year():
    c = pd.DataFrame({"base": ["X"], "closed_on": [pd.Timestamp("2023-10-21")]})
    assert wd.shifted(c, -12).loc[0, "closed_on"] == pd.Timestamp("2022-10-21")


def test_the_chapter_leaves_out_the_partial_last_month():
    """The Withdrawal chapter's series ends with the last complete month of ACLED's file, never the partial one."""
    import csv

    from .conftest import ROOT

    site = ROOT / "_build" / "html" / "key-figures.csv"
    if not site.exists():
        pytest.skip("book not built: run `make book`")
    with open(site, encoding="utf-8", newline="") as fh:
        kf = {r["name"]: r["value"] for r in csv.DictReader(fh)}
    acled = load_table("acled_mali_cercle_month")
    partial = acled.loc[acled["partial"].astype(bool), "month"].unique()
    last_complete = acled.loc[~acled["partial"].astype(bool), "month"].max()
    assert len(partial) == 1 and partial[0] > last_complete
    assert kf["wd_last_month"] == last_complete.strftime("%Y-%m")  # key-figures.csv: months in ISO form
