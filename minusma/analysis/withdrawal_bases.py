"""The Withdrawal chapter's first sections: the drawdown, the bases base by base, and the decade's footprint.

Inputs are derived tables of ``data/``: ``strength_statements`` (UN and press
statements of strength and departures), ``camps`` (bases, closure dates and how
each was left, fact base; with its cercle from
:func:`minusma.analysis.withdrawal.bases_in_cercles`) and ``geopko_locations``
(Geo-PKO v2.3: MINUSMA's deployment locations each year, troops estimated from
the symbols of UN deployment maps). Each ``*_key_figures`` function returns the
numbers its section's prose states as a key-figure frame
(:func:`minusma.analysis.withdrawal.key_frame`).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from minusma.analysis import geography
from minusma.analysis.keys import key, key_frame
from minusma.analysis.withdrawal import bases_in_cercles

DEPARTURE_MEASURES = ("repatriated_cumulative", "departed_cumulative", "departed_cumulative_approx")


def drawdown(statements: pd.DataFrame, since: str = "2023-07-01") -> pd.DataFrame:
    """Mission-wide cumulative departures since 1 July 2023, as stated, one row per statement.

    Parameters
    ----------
    statements : pandas.DataFrame
        The ``strength_statements`` table (``as_of`` datetime64, ``component``,
        ``contributor``, ``measure``, ``value``, ``source_title``, ``source_url``).
    since : str
        First date kept (the drawdown began on 1 July 2023).

    Returns
    -------
    pandas.DataFrame
        ``as_of``, ``component`` (``total_uniformed`` or ``total_personnel``),
        ``measure``, ``value`` (int, people who had left), ``source_title``,
        ``source_url``; whole-mission rows only (no contributor), sorted by
        component then date.
    """
    sel = statements[
        statements["measure"].isin(DEPARTURE_MEASURES)
        & statements["contributor"].isna()
        & statements["component"].isin(["total_uniformed", "total_personnel"])
        & (statements["as_of"] >= pd.Timestamp(since))
    ]
    cols = ["as_of", "component", "measure", "value", "source_title", "source_url"]
    return sel[cols].sort_values(["component", "as_of"]).reset_index(drop=True)


def to_repatriate(statements: pd.DataFrame) -> pd.Series:
    """The stated number of uniformed personnel to repatriate (a row of ``strength_statements``).

    Raises
    ------
    ValueError
        The table holds no such statement, or several that disagree.
    """
    sel = statements[
        (statements["measure"] == "to_repatriate")
        & statements["contributor"].isna()
        & (statements["component"] == "total_uniformed")
    ]
    if sel["value"].nunique() != 1:
        raise ValueError(f"expected one stated number of uniformed personnel to repatriate, found {list(sel['value'])}")
    return sel.iloc[0]


def closed_in_2023(bases: pd.DataFrame) -> pd.DataFrame:
    """The bases closed during the withdrawal of 2023 (those with a ``closure_order``), in that order."""
    return bases[bases["closure_order"].notna()].sort_values("closure_order")


def short_names(base: pd.Series) -> pd.Series:
    """Base names without their parenthesis: ``"Tessalit (Amachach)"`` gives ``"Tessalit"``."""
    return base.str.replace(r" \(.*\)", "", regex=True)


def drawdown_key_figures(statements: pd.DataFrame, closed: pd.DataFrame, src: dict[str, str]) -> pd.DataFrame:
    """Key figures of "The drawdown": people to repatriate, repatriated by the last statement, bases closed.

    Parameters
    ----------
    statements : pandas.DataFrame
        ``strength_statements``.
    closed : pandas.DataFrame
        :func:`closed_in_2023` (``closed_on`` datetime64).
    src : dict
        :func:`minusma.analysis.withdrawal.source_labels`.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``wd_to_repatriate``, ``wd_repatriated_last`` (int, uniformed personnel),
        ``wd_repatriated_last_date``, ``wd_repatriated_share`` (float, 0-1), ``wd_bases_closed_2023``,
        ``wd_first_closure``.

    Raises
    ------
    ValueError
        As :func:`to_repatriate`.
    """
    target = to_repatriate(statements)
    dd = drawdown(statements)
    last = dd[dd["component"] == "total_uniformed"].iloc[-1]
    share = last["value"] / target["value"]
    return key_frame(
        [
            key(
                "wd_to_repatriate",
                int(target["value"]),
                "uniformed personnel to repatriate (stated, mid-2023)",
                target["source_title"],
            ),
            key(
                "wd_repatriated_last",
                int(last["value"]),
                "uniformed personnel repatriated by the last statement",
                last["source_title"],
            ),
            key(
                "wd_repatriated_last_date",
                last["as_of"].strftime("%-d %B %Y"),
                "date of the last statement",
                last["source_title"],
            ),
            key(
                "wd_repatriated_share",
                share,
                "share of uniformed personnel repatriated by the last statement",
                src["statements"],
                text=f"{share:.0%}",
            ),
            key("wd_bases_closed_2023", len(closed), "bases closed between July and December 2023", src["camps"]),
            key(
                "wd_first_closure",
                closed.iloc[0]["closed_on"].strftime("%-d %B %Y"),
                "date of the first base closure",
                src["camps"],
            ),
        ]
    )


def bases_key_figures(bases: pd.DataFrame, closed: pd.DataFrame, src: dict[str, str]) -> pd.DataFrame:
    """Key figures of "Base by base": formal handovers among the bases closed in 2023, and the day Kidal was left.

    ``bases`` is :func:`minusma.analysis.withdrawal.bases_in_cercles` of ``camps`` (``handover``,
    ``closed_on``, ``source_url``); ``closed`` its rows of :func:`closed_in_2023`.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``wd_formal_handovers``, ``wd_not_formal`` (int, bases), ``wd_kidal_closed`` (date text).
    """
    formal = int(closed["handover"].value_counts().get("formal handover", 0))
    kidal = bases.set_index("base").loc["Kidal"]
    return key_frame(
        [
            key("wd_formal_handovers", formal, "bases closed in 2023 with a formal handover", src["camps"]),
            key(
                "wd_not_formal",
                int(len(closed) - formal),
                "bases closed in 2023 without an orderly handover",
                src["camps"],
            ),
            key(
                "wd_kidal_closed",
                kidal["closed_on"].strftime("%-d %B %Y"),
                "date MINUSMA left Kidal",
                kidal["source_url"],
            ),
        ]
    )


@dataclass(frozen=True)
class Footprint:
    """MINUSMA's deployment locations each year (Geo-PKO) and the shares of its estimated troops.

    Attributes
    ----------
    locations : pandas.DataFrame
        ``geopko_locations`` to ``last_year``, with ``admin1`` (the region of each location).
    per_year : pandas.Series
        Year -> number of distinct locations (int).
    north, mopti : pandas.Series
        Year -> share (0-1) of the estimated troops in the northern regions, and in Mopti region.
    """

    locations: pd.DataFrame
    per_year: pd.Series
    north: pd.Series
    mopti: pd.Series

    @property
    def first(self) -> int:
        """First year of the data."""
        return int(self.per_year.index.min())

    @property
    def last(self) -> int:
        """Last year kept."""
        return int(self.per_year.index.max())


def footprint(geo: pd.DataFrame, cercles: gpd.GeoDataFrame, last_year: int = 2023) -> Footprint:
    """Where the mission was, year by year: Geo-PKO's locations, placed in their regions.

    Parameters
    ----------
    geo : pandas.DataFrame
        ``geopko_locations`` (``year``, ``location``, ``latitude``, ``longitude``, ``troops_est``, ...).
    cercles : geopandas.GeoDataFrame
        ``mali_cercles`` as a GeoDataFrame (:func:`minusma.charts.maps.geoframe`).
    last_year : int
        Last year kept (2024: a residual presence during the liquidation, left out).

    Raises
    ------
    ValueError
        A location lies outside every cercle.
    """
    geo = geo[geo["year"] <= last_year].copy()
    geo["admin1"] = bases_in_cercles(geo.rename(columns={"location": "base"}), cercles)["admin1"].values
    per_year = geo.groupby("year")["location"].nunique()
    troops = geo.pivot_table(index="year", columns="admin1", values="troops_est", aggfunc="sum").fillna(0)
    north = troops[geography.regions_in("north")].sum(axis=1) / troops.sum(axis=1)
    return Footprint(geo, per_year, north, troops["Mopti"] / troops.sum(axis=1))


def footprint_key_figures(fp: Footprint, src: dict[str, str]) -> pd.DataFrame:
    """Key figures of the footprint paragraph: locations a year, the north's and Mopti's shares of troops.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``wd_geopko_min_locations``, ``wd_geopko_max_locations`` (int),
        ``wd_geopko_north_share_last``, ``wd_geopko_mopti_share_first``, ``wd_geopko_mopti_share_last``
        (float, 0-1), ``wd_geopko_first_year``, ``wd_geopko_last_year``.
    """
    s, first, last = src["geopko"], fp.first, fp.last
    return key_frame(
        [
            key("wd_geopko_min_locations", int(fp.per_year.min()), "fewest deployment locations in a year", s),
            key("wd_geopko_max_locations", int(fp.per_year.max()), "most deployment locations in a year", s),
            key(
                "wd_geopko_north_share_last",
                fp.north[last],
                f"share of estimated troops in the northern regions, {last}",
                s,
                text=f"{fp.north[last]:.0%}",
            ),
            key(
                "wd_geopko_mopti_share_first",
                fp.mopti[first],
                f"share of estimated troops in Mopti region, {first}",
                s,
                text=f"{fp.mopti[first]:.0%}",
            ),
            key(
                "wd_geopko_mopti_share_last",
                fp.mopti[last],
                f"share of estimated troops in Mopti region, {last}",
                s,
                text=f"{fp.mopti[last]:.0%}",
            ),
            key("wd_geopko_first_year", first, "first year of Geo-PKO data for MINUSMA", s, fmt="{}"),
            key("wd_geopko_last_year", last, "last full year of Geo-PKO data for MINUSMA", s, fmt="{}"),
        ]
    )
