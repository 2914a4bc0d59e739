"""Fatality rates per 1,000 uniformed personnel per year: one definition for every chapter.

A rate divides the uniformed personnel who died (military, police and
military observers, from the UN fatalities table) by the *person-years* of
uniformed personnel deployed, and multiplies by 1,000: "so many deaths per
1,000 peacekeepers serving for a year". Civilian staff are left out of both
sides, because the strength series count uniformed personnel only.

The person-years come from :mod:`minusma.analysis.strength`: MINUSMA's from
``uniformed_strength``, month by month from the best source for each month
(UN month-end counts, UN yearly means, UN statements; never Geo-PKO's
estimates), and every rate says which source its strength came from; other
operations' from the IPI month-end counts (1990-11 to 2017-03) or the UN DPO
yearly means of whole years (2018-2020).

Used by the Mission chapter (rates by year, by contingent and for other
missions) and by the Casualties chapter (rates by year, and the worst year
against every operation-year).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma.analysis.strength import (
    MISSION_END,
    MISSION_START,
    calendar_years,
    dpo_strength,
    ipi_strength,
    monthly_strength,
    strength_by_period,
)

MALICIOUS = "Malicious Act"

#: Where the strength of an operation-year comes from in :func:`mission_year_rates`.
STRENGTH_SOURCES = {"IPI": "UN month-end counts (IPI)", "DPO": "UN yearly means, whole years (DPO)"}


def per_1000(fatalities, person_years):
    """Fatalities per 1,000 person-years (array-like in, same shape out; NaN where person-years is 0).

    Examples
    --------
    >>> float(per_1000(12, 6000))
    2.0
    """
    f = np.asarray(fatalities, dtype=float)
    p = np.asarray(person_years, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(p > 0, f / p * 1000, np.nan)
    return out if out.ndim else out[()]


def fatality_rates(deaths: pd.DataFrame, strength: pd.DataFrame) -> pd.DataFrame:
    """MINUSMA's uniformed fatalities per 1,000 uniformed personnel per year, by calendar year.

    The one function for these rates: the Mission and Casualties chapters both call it.

    Parameters
    ----------
    deaths : pandas.DataFrame
        ``fatalities_minusma`` (columns ``year``, ``incident_type``,
        ``uniformed``).
    strength : pandas.DataFrame
        ``uniformed_strength``.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (int, 2013-2023). Columns: ``days`` (int, days of
        the mission in the year), ``mean_strength`` (float, persons),
        ``person_years`` (float), ``basis`` and ``method`` (where the
        strength comes from, see :func:`minusma.analysis.strength.strength_by_period`),
        ``malicious``, ``all_causes`` (int, uniformed fatalities),
        ``rate_malicious``, ``rate_all`` (float, per 1,000 person-years).
        The attribute ``attrs["total"]`` holds the same columns for the whole
        mission (July 2013 to December 2023).

    Raises
    ------
    ValueError
        See :func:`minusma.analysis.strength.monthly_strength`.
    """
    monthly = monthly_strength(strength)
    years = calendar_years(MISSION_START.year, MISSION_END.year)
    out = strength_by_period(monthly, years)
    out.index = out.index.astype(int)
    out.index.name = "year"
    u = deaths[deaths["uniformed"].astype(bool)]
    idx = out.index
    out["malicious"] = u[u["incident_type"] == MALICIOUS].groupby("year").size().reindex(idx, fill_value=0)
    out["all_causes"] = u.groupby("year").size().reindex(idx, fill_value=0)
    out["rate_malicious"] = per_1000(out["malicious"], out["person_years"])
    out["rate_all"] = per_1000(out["all_causes"], out["person_years"])
    total = {
        "days": int(out["days"].sum()),
        "person_years": float(out["person_years"].sum()),
        "malicious": int(out["malicious"].sum()),
        "all_causes": int(out["all_causes"].sum()),
    }
    total["rate_malicious"] = float(per_1000(total["malicious"], total["person_years"]))
    total["rate_all"] = float(per_1000(total["all_causes"], total["person_years"]))
    out.attrs["total"] = total
    return out


def mission_rates(
    fatalities: pd.DataFrame, strength: pd.DataFrame, years: tuple[int, int] = (2013, 2016), min_strength: float = 1000
) -> pd.DataFrame:
    """Uniformed fatalities per 1,000 uniformed personnel per year, for every UN peacekeeping operation.

    Strength is either the IPI month-end count (official, every mission
    1990-11 to 2017-03; see :func:`minusma.analysis.strength.ipi_strength`) or the UN DPO yearly means
    of whole years (official, 2018-2020; see :func:`minusma.analysis.strength.dpo_strength`), depending
    on the table passed.

    Parameters
    ----------
    fatalities : pandas.DataFrame
        ``fatalities_by_mission_year`` (uniformed personnel group used).
    strength : pandas.DataFrame
        ``ipi_mission_monthly`` or ``dpo_year_means``.
    years : (int, int)
        Inclusive range of calendar years.
    min_strength : float
        Leave out operations whose mean uniformed strength is below this
        (small missions give unstable rates): over the months they were
        deployed (IPI) or over the calendar year (DPO).

    Returns
    -------
    pandas.DataFrame
        Index ``mission`` (UN acronym); columns ``months`` (int),
        ``mean_strength``, ``person_years`` (float), ``malicious``,
        ``all_causes`` (int), ``rate_malicious``, ``rate_all`` (float);
        sorted by ``rate_malicious`` (descending).

    Raises
    ------
    ValueError
        ``years`` reach beyond the last full year of the IPI series, or are
        not whole years of the DPO table; or ``strength`` is neither table.
    """
    if "whole_year" in strength.columns:
        out = dpo_strength(strength, years)
    elif "date" in strength.columns:
        out = ipi_strength(strength, years)
    else:
        raise ValueError("strength must be the ipi_mission_monthly or the dpo_year_means table")
    f = fatalities[(fatalities["personnel_group"] == "uniformed") & fatalities["year"].between(*years)]
    out["malicious"] = (
        f[f["incident_type"] == MALICIOUS]
        .groupby("mission")["fatalities"]
        .sum()
        .reindex(out.index, fill_value=0)
        .astype(int)
    )
    out["all_causes"] = f.groupby("mission")["fatalities"].sum().reindex(out.index, fill_value=0).astype(int)
    out = out[out["mean_strength"] >= min_strength].copy()
    out["rate_malicious"] = per_1000(out["malicious"], out["person_years"])
    out["rate_all"] = per_1000(out["all_causes"], out["person_years"])
    return out.sort_values(["rate_malicious", "rate_all"], ascending=False)


def mission_year_rates(
    fatalities: pd.DataFrame,
    ipi: pd.DataFrame,
    first: int = 1991,
    last: int | None = None,
    min_strength: float = 1000,
    dpo: pd.DataFrame | None = None,
    dpo_years: tuple[int, ...] | None = None,
) -> pd.DataFrame:
    """Fatality rates of every UN peacekeeping operation in every calendar year with a usable strength.

    The one table of operation-year rates, for the Mission and Casualties
    chapters: each year computed as :func:`mission_rates` computes a span,
    from the IPI month-end counts for the years they cover in full
    (``first``-``last``), and, when ``dpo`` is given, from the UN DPO yearly
    means for its whole years (2018-2020). Operations below
    ``min_strength`` that year are left out.

    Parameters
    ----------
    fatalities, ipi : pandas.DataFrame
        ``fatalities_by_mission_year`` and ``ipi_mission_monthly``.
    first, last : int
        Calendar years of the IPI part (inclusive); ``last`` defaults to the
        last full year of the IPI series (2016).
    dpo : pandas.DataFrame, optional
        ``dpo_year_means``.
    dpo_years : tuple of int, optional
        Years of the DPO part; default: every whole year of the table.

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int), ``mission`` (str), ``strength_source``
        (``IPI`` or ``DPO``, see :data:`STRENGTH_SOURCES`), ``mean_strength``,
        ``person_years`` (float), ``malicious``, ``all_causes`` (int),
        ``rate_malicious``, ``rate_all`` (float, per 1,000 per year); sorted
        by ``rate_malicious`` (descending), then year.

    Raises
    ------
    ValueError
        A DPO year is not whole (see :func:`minusma.analysis.strength.dpo_strength`), or overlaps the IPI years.
    """
    if last is None:
        last = int(ipi.loc[ipi["date"].dt.month == 12, "date"].dt.year.max())
    parts = [
        mission_rates(fatalities, ipi, years=(y, y), min_strength=min_strength).assign(year=y, strength_source="IPI")
        for y in range(first, last + 1)
    ]
    if dpo is not None:
        if dpo_years is None:
            dpo_years = tuple(sorted(set(dpo.loc[dpo["whole_year"].astype(bool), "year"])))
        overlap = sorted(set(dpo_years) & set(range(first, last + 1)))
        if overlap:
            raise ValueError(f"years {overlap} would be counted from both IPI and DPO strength")
        parts += [
            mission_rates(fatalities, dpo, years=(y, y), min_strength=min_strength).assign(
                year=y, strength_source="DPO"
            )
            for y in dpo_years
        ]
    out = pd.concat(parts).reset_index()
    cols = [
        "year",
        "mission",
        "strength_source",
        "mean_strength",
        "person_years",
        "malicious",
        "all_causes",
        "rate_malicious",
        "rate_all",
    ]
    return out[cols].sort_values(["rate_malicious", "year"], ascending=[False, True]).reset_index(drop=True)


def ranks_by_year(year_rates: pd.DataFrame, mission: str = "MINUSMA") -> pd.DataFrame:
    """``mission``'s rank among the operations of each year, by malicious-act fatality rate.

    Parameters
    ----------
    year_rates : pandas.DataFrame
        From :func:`mission_year_rates`.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (the years in which ``mission`` is in the table);
        columns ``strength_source``, ``rate_malicious`` and ``rate_all``
        (the mission's), ``rank`` (int, 1 = highest malicious-act rate; ties
        share the better rank), ``operations`` (int, operations compared that
        year), ``next_mission`` and ``next_rate`` (the highest *other*
        operation that year and its rate), ``others_rate`` (float: the other
        operations' malicious-act deaths per 1,000 of their person-years,
        together).

    Raises
    ------
    KeyError
        ``mission`` is not in the table.
    """
    own = year_rates[year_rates["mission"] == mission]
    if own.empty:
        raise KeyError(f"{mission!r} not in the table of mission-year rates")
    rows = []
    for year, g in year_rates[year_rates["year"].isin(own["year"])].groupby("year"):
        me = g[g["mission"] == mission].iloc[0]
        others = g[g["mission"] != mission].sort_values(["rate_malicious", "rate_all"], ascending=False)
        rows.append(
            {
                "year": int(year),
                "strength_source": me["strength_source"],
                "rate_malicious": me["rate_malicious"],
                "rate_all": me["rate_all"],
                "rank": int((others["rate_malicious"] > me["rate_malicious"]).sum()) + 1,
                "operations": len(g),
                "next_mission": others["mission"].iloc[0] if len(others) else None,
                "next_rate": float(others["rate_malicious"].iloc[0]) if len(others) else np.nan,
                "others_rate": float(per_1000(others["malicious"].sum(), others["person_years"].sum())),
            }
        )
    return pd.DataFrame(rows).set_index("year")


def all_operations_rate(year_rates_all: pd.DataFrame) -> pd.DataFrame:
    """Uniformed fatalities per 1,000 uniformed personnel of all peacekeeping operations together, by year.

    Parameters
    ----------
    year_rates_all : pandas.DataFrame
        From :func:`mission_year_rates` with ``min_strength=0`` (every operation).

    Returns
    -------
    pandas.DataFrame
        Index ``year``; columns ``person_years`` (float), ``malicious``,
        ``all_causes`` (int), ``rate_malicious``, ``rate_all`` (float, per
        1,000 per year), ``strength_source``.
    """
    g = year_rates_all.groupby("year")
    out = g[["person_years", "malicious", "all_causes"]].sum()
    out["rate_malicious"] = per_1000(out["malicious"], out["person_years"])
    out["rate_all"] = per_1000(out["all_causes"], out["person_years"])
    out["strength_source"] = g["strength_source"].first()
    return out


def highest_since(year_rates: pd.DataFrame, mission: str = "MINUSMA") -> dict:
    """How long before ``mission``'s worst year another operation had a higher malicious-act fatality rate.

    Parameters
    ----------
    year_rates : pandas.DataFrame
        From :func:`mission_year_rates`.

    Returns
    -------
    dict
        ``year``, ``rate`` (the mission's worst year and its rate per 1,000);
        ``since_year``, ``since_mission``, ``since_rate`` (the latest earlier
        year in which another operation's rate was higher, and which), or
        ``None`` values when none was; ``n_higher`` (int: mission-years above
        it in the whole table).

    Raises
    ------
    KeyError
        ``mission`` is not in the table.
    """
    own = year_rates[year_rates["mission"] == mission]
    if own.empty:
        raise KeyError(f"{mission!r} not in the table of mission-year rates")
    worst = own.sort_values("rate_malicious", ascending=False).iloc[0]
    higher = year_rates[(year_rates["rate_malicious"] > worst["rate_malicious"]) & (year_rates["mission"] != mission)]
    before = higher[higher["year"] < worst["year"]].sort_values("year")
    last = before.iloc[-1] if len(before) else None
    return {
        "year": int(worst["year"]),
        "rate": float(worst["rate_malicious"]),
        "since_year": None if last is None else int(last["year"]),
        "since_mission": None if last is None else str(last["mission"]),
        "since_rate": None if last is None else float(last["rate_malicious"]),
        "n_higher": len(higher),
    }
