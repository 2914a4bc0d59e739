"""Analysis for the Withdrawal chapter: the drawdown, the bases, and violence before and after each handover.

Inputs are derived tables of ``data/``: ``camps`` (bases and closure dates, fact
base), ``strength_statements`` (UN and press statements of strength and
departures), the ACLED cercle-month table of political violence (aggregates,
ACLED via HDX), UCDP GED events (CC BY 4.0) and the COD-AB cercle boundaries.

Conventions: a *month* is the first day of a calendar month (datetime64); a
window of ``w`` months *before* a closure is the ``w`` complete calendar months
before the month of closure, and *after* is the ``w`` months after it; the
closure month itself belongs to neither (part of it precedes the handover).
Counts are ACLED events and reported fatalities, or UCDP best-estimate deaths.

The chapter's key figures are built, section by section, by the ``*_key_figures``
functions of :mod:`minusma.analysis.withdrawal_bases` (drawdown, bases, footprint),
:mod:`minusma.analysis.withdrawal_design` (the before-and-after comparison),
:mod:`minusma.analysis.withdrawal_after` (what followed) and
:mod:`minusma.analysis.withdrawal_fears` (the scorecard); each returns a frame
that :meth:`minusma.book.chapter.Chapter.keys` registers in one call.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

from minusma.analysis import geography as geo

_GEOD = Geod(ellps="WGS84")


def month_start(dates: pd.Series) -> pd.Series:
    """First day of each date's month (datetime64)."""
    return pd.to_datetime(dates).dt.to_period("M").dt.to_timestamp()


def windows(closed_on: pd.Timestamp, w: int) -> tuple[pd.DatetimeIndex, pd.DatetimeIndex]:
    """The ``w`` months before and the ``w`` months after the month of ``closed_on``.

    Returns
    -------
    (before, after) : two DatetimeIndex of month starts, each of length ``w``.
    """
    m = pd.Timestamp(closed_on).to_period("M")
    before = pd.period_range(m - w, m - 1, freq="M").to_timestamp()
    after = pd.period_range(m + 1, m + w, freq="M").to_timestamp()
    return before, after


def before_after(
    monthly: pd.DataFrame,
    closures: pd.DataFrame,
    *,
    w: int = 6,
    unit: str = "admin2_pcode",
    value: str = "fatalities",
    last_complete: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Totals of ``value`` in each closed base's unit, ``w`` months before and after its closure.

    Parameters
    ----------
    monthly : pandas.DataFrame
        One row per unit and month: ``month`` (datetime64, month start), the
        ``unit`` column, and the ``value`` column (int counts). Missing unit-months
        count as zero only if the table is complete (the ACLED-HDX table fills
        every cercle-month with zeros).
    closures : pandas.DataFrame
        One row per base: ``base``, ``closed_on`` (datetime64) and the ``unit`` column.
    w : int
        Window length in months on each side (the closure month is excluded).
    last_complete : pandas.Timestamp, optional
        Last complete month of the data; an "after" window that runs past it is
        cut there and its months are counted in ``after_months``.

    Returns
    -------
    pandas.DataFrame
        One row per base, in the order of ``closures``: ``base``, the unit,
        ``closed_on``, ``before`` and ``after`` (sums), ``before_months`` and
        ``after_months`` (int, months counted), ``before_rate`` and
        ``after_rate`` (per month, float), ``change`` (after_rate - before_rate).

    Raises
    ------
    ValueError
        ``w`` < 1, or a base has no closure date.
    """
    if w < 1:
        raise ValueError("window must be at least one month")
    if closures["closed_on"].isna().any():
        raise ValueError("every base in `closures` needs a closure date")
    series = monthly.set_index([unit, "month"])[value]
    rows = []
    for _, c in closures.iterrows():
        before, after = windows(c["closed_on"], w)
        if last_complete is not None:
            after = after[after <= last_complete]
        b = [series.get((c[unit], m), 0) for m in before]
        a = [series.get((c[unit], m), 0) for m in after]
        rows.append(
            {
                "base": c["base"],
                unit: c[unit],
                "closed_on": c["closed_on"],
                "before": int(np.sum(b)),
                "after": int(np.sum(a)),
                "before_months": len(b),
                "after_months": len(a),
            }
        )
    out = pd.DataFrame(rows)
    out["before_rate"] = out["before"] / out["before_months"]
    out["after_rate"] = (out["after"] / out["after_months"].where(out["after_months"] > 0)).astype(float)
    out["change"] = out["after_rate"] - out["before_rate"]
    return out


def control_change(
    monthly: pd.DataFrame,
    closures: pd.DataFrame,
    controls: list[str],
    *,
    w: int = 6,
    unit: str = "admin2_pcode",
    value: str = "fatalities",
    last_complete: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """For each base's windows, the mean per-month change over comparison units that never had a base.

    Same windows as :func:`before_after`, applied to each unit of ``controls``
    and averaged: the change one would have seen without a closure if the
    comparison cercles were a fair counterfactual (they are not exactly: see
    the chapter's caveats).

    Returns
    -------
    pandas.DataFrame
        One row per base: ``base``, ``control_before_rate``, ``control_after_rate``,
        ``control_change`` (float, per cercle and month), ``controls`` (int, number
        of comparison units).
    """
    rows = []
    for _, c in closures.iterrows():
        fake = pd.DataFrame({"base": c["base"], "closed_on": c["closed_on"], unit: controls})
        ba = before_after(monthly, fake, w=w, unit=unit, value=value, last_complete=last_complete)
        rows.append(
            {
                "base": c["base"],
                "control_before_rate": ba["before_rate"].mean(),
                "control_after_rate": ba["after_rate"].mean(),
                "control_change": ba["change"].mean(),
                "controls": len(controls),
            }
        )
    return pd.DataFrame(rows)


def assign_units(
    points: pd.DataFrame,
    polygons: gpd.GeoDataFrame,
    *,
    unit: str = "admin2_pcode",
    lon: str = "longitude",
    lat: str = "latitude",
) -> pd.Series:
    """The polygon (e.g. cercle) that contains each point: a point-in-polygon join with geopandas.

    Parameters
    ----------
    points : pandas.DataFrame
        With ``lon``/``lat`` columns in WGS84 degrees.
    polygons : geopandas.GeoDataFrame
        Polygons in EPSG:4326 with a ``unit`` column.

    Returns
    -------
    pandas.Series of str
        Same index as ``points``: the unit of the polygon containing each point.

    Raises
    ------
    ValueError
        A point falls in no polygon (or in two).
    """
    gpts = gpd.GeoDataFrame(
        points[[lon, lat]].copy(), geometry=gpd.points_from_xy(points[lon], points[lat]), crs="EPSG:4326"
    )
    joined = gpd.sjoin(gpts, polygons[[unit, "geometry"]].to_crs("EPSG:4326"), how="left", predicate="within")
    if joined.index.duplicated().any():
        raise ValueError(f"a point lies in two polygons: {sorted(set(joined.index[joined.index.duplicated()]))}")
    missing = joined[joined[unit].isna()]
    if not missing.empty:
        raise ValueError(f"points outside every polygon: rows {list(missing.index)}")
    return joined[unit].reindex(points.index)


def distances_km(lat: pd.Series, lon: pd.Series, at_lat: float, at_lon: float) -> np.ndarray:
    """Geodesic distances (km, WGS84 ellipsoid) from one point to many (pyproj)."""
    n = len(lat)
    _, _, metres = _GEOD.inv(np.full(n, at_lon), np.full(n, at_lat), lon.to_numpy(float), lat.to_numpy(float))
    return metres / 1000.0


def within_radius(
    events: pd.DataFrame,
    bases: pd.DataFrame,
    *,
    radius_km: float,
    w: int = 6,
    value: str = "best",
    last_complete: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Events and deaths within ``radius_km`` of each base, ``w`` months before and after its closure.

    Parameters
    ----------
    events : pandas.DataFrame
        Point events: ``date`` (datetime64), ``latitude``, ``longitude`` and
        ``value`` (deaths, e.g. UCDP's best estimate).
    bases : pandas.DataFrame
        ``base``, ``closed_on``, ``latitude``, ``longitude``.

    Returns
    -------
    pandas.DataFrame
        One row per base: ``base``, ``closed_on``, ``events_before``,
        ``events_after``, ``deaths_before``, ``deaths_after`` (int),
        ``after_months`` (int; fewer than ``w`` when the data end earlier).
    """
    month = month_start(events["date"])
    rows = []
    for _, b in bases.iterrows():
        near = distances_km(events["latitude"], events["longitude"], b["latitude"], b["longitude"]) <= radius_km
        before, after = windows(b["closed_on"], w)
        if last_complete is not None:
            after = after[after <= last_complete]
        in_b = near & month.isin(before).to_numpy()
        in_a = near & month.isin(after).to_numpy()
        rows.append(
            {
                "base": b["base"],
                "closed_on": b["closed_on"],
                "events_before": int(in_b.sum()),
                "events_after": int(in_a.sum()),
                "deaths_before": int(events.loc[in_b, value].sum()),
                "deaths_after": int(events.loc[in_a, value].sum()),
                "after_months": len(after),
            }
        )
    return pd.DataFrame(rows)


#: Regions of the bases closed in 2023 (COD-AB pcodes): Mopti, Tombouctou, Gao, Kidal, Ménaka.
BASE_REGIONS = ("ML05", "ML06", "ML07", "ML08", "ML10")


def bases_in_cercles(camps: pd.DataFrame, cercles: gpd.GeoDataFrame) -> pd.DataFrame:
    """Add to each base the cercle (and region) that contains it: a point-in-polygon join.

    Parameters
    ----------
    camps : pandas.DataFrame
        The ``camps`` table (``base``, ``latitude``, ``longitude``, ...).
    cercles : geopandas.GeoDataFrame
        ``mali_cercles`` as a GeoDataFrame (see :func:`minusma.charts.maps.geoframe`),
        with ``admin2_pcode, admin2, admin1_pcode, admin1``.

    Returns
    -------
    pandas.DataFrame
        ``camps`` with ``admin2_pcode, admin2, admin1_pcode, admin1`` added, same order.

    Raises
    ------
    ValueError
        A base lies outside every cercle (its coordinates are wrong).
    """
    out = camps.copy()
    out["admin2_pcode"] = assign_units(out, cercles)
    names = pd.DataFrame(cercles[["admin2_pcode", "admin2", "admin1_pcode", "admin1"]])
    return out.merge(names, on="admin2_pcode", how="left", validate="many_to_one")


def comparison_cercles(cercles: pd.DataFrame, base_cercles, regions=BASE_REGIONS) -> list[str]:
    """Cercles of the bases' regions that had no base at the withdrawal (pcodes, sorted)."""
    sel = cercles[cercles["admin1_pcode"].isin(regions) & ~cercles["admin2_pcode"].isin(list(base_cercles))]
    return sorted(sel["admin2_pcode"])


def shifted(closures: pd.DataFrame, months: int) -> pd.DataFrame:
    """The same closures moved by ``months`` (e.g. -12: the same calendar windows a year earlier)."""
    out = closures.copy()
    out["closed_on"] = out["closed_on"] + pd.DateOffset(months=months)
    return out


def changes_by_zone(result: pd.DataFrame, change: str = "change") -> pd.DataFrame:
    """Count the closures whose cercle saw a rise, and a fall, of deaths after closure, by zone.

    Parameters
    ----------
    result : pandas.DataFrame
        One row per closure, with ``admin2_pcode`` (str) and ``change`` (float:
        deaths per month after minus before).

    Returns
    -------
    pandas.DataFrame
        Index ``rose``, ``fell``, ``same``; columns the zones of
        :mod:`minusma.analysis.geography` (in its order) and ``all``; int counts.
    """
    zone = geo.zone_of(result["admin2_pcode"])
    kind = np.sign(result[change]).map({1.0: "rose", -1.0: "fell", 0.0: "same"})
    out = pd.crosstab(kind, zone).reindex(index=["rose", "fell", "same"], columns=list(geo.ZONE_NAMES), fill_value=0)
    out["all"] = out.sum(axis=1)
    return out.astype(int)


# -- key figures: the frame every section returns ------------------------------------------------


def source_labels(sources: Callable[[str], list[dict]]) -> dict[str, str]:
    """The short source names of the chapter's key figures, with versions read from the data package.

    Parameters
    ----------
    sources : callable
        Table name -> its raw sources (dicts with ``version``), as
        :meth:`minusma.book.chapter.Chapter.sources` or :func:`minusma.data.load.sources_of` return them.

    Returns
    -------
    dict of str
        ``acled``, ``ged`` (UCDP's located events), ``ged_release`` (``"GED 25.1"``: the stable
        release of ``ucdp_ged_events``), ``ucdp`` (UCDP's yearly datasets), ``geopko``, ``fts``,
        ``camps``, ``timeline``, ``statements``, ``humanitarian``, ``fears``, ``bodies``, ``design``.

    Raises
    ------
    ValueError
        The version of ``ucdp_ged_events`` names no stable GED release.
    """
    ged = re.search(r"GED \d+(?:\.\d+)*", sources("ucdp_ged_events")[0]["version"])
    if ged is None:
        version = sources("ucdp_ged_events")[0]["version"]
        raise ValueError(f"no GED release in the version of ucdp_ged_events: {version!r}")
    geopko = sources("geopko_locations")[0]["version"].split(" ")[0]
    return {
        "acled": "ACLED via HDX, political violence by cercle and month (aggregates)",
        "ged": f"UCDP {ged.group(0)} (located events, CC BY 4.0)",
        "ged_release": ged.group(0),
        "ucdp": f"UCDP v{sources('ucdp_country_year')[0]['version']}",
        "geopko": f"Geo-PKO {geopko} (estimates from UN deployment maps)",
        "fts": "OCHA FTS via HDX",
        "camps": "camps (MINUSMA report fact base)",
        "timeline": "timeline (MINUSMA report fact base)",
        "statements": "strength_statements (UN and press statements of UN figures)",
        "humanitarian": "humanitarian_figures (IOM DTM, CMP, UNHCR via the fact base)",
        "fears": "withdrawal_fears (curated: indicators and thresholds); minusma.analysis.withdrawal_fears",
        "bodies": "oversight_bodies (curated)",
        "design": "minusma.analysis.withdrawal_did (stacked difference-in-differences, SEs clustered by cercle)",
    }


def and_list(items) -> str:
    """``"a, b and c"`` (``"a"`` for one item)."""
    items = [str(i) for i in items]
    return " and ".join(", ".join(items).rsplit(", ", 1))
