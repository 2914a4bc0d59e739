"""Analysis of peacekeeper fatalities for the Casualties chapter.

Inputs are the derived tables ``fatalities_minusma`` (one row per MINUSMA
fatality) and ``fatalities_by_mission_year`` (counts for every UN mission),
both from the UN Peace and Security Data Hub table ``DPPADPOSS-FATALITIES``.
All counts are numbers of people killed (fatalities); years are calendar
years of the incident date.
"""

from __future__ import annotations

import pandas as pd

from minusma.data import reference as ref

MALICIOUS = "Malicious Act"
FIRST_YEAR, LAST_YEAR = 2013, 2023


def by_year_and_type(deaths: pd.DataFrame) -> pd.DataFrame:
    """Fatalities per calendar year and incident type.

    Parameters
    ----------
    deaths : pandas.DataFrame
        ``fatalities_minusma`` (columns ``year``, ``incident_type`` at least).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (int, every year from the first to the last in the
        data), one int column per incident type in
        :data:`minusma.data.reference.INCIDENT_TYPES` order (zeros kept), and
        ``Total``.
    """
    years = range(int(deaths["year"].min()), int(deaths["year"].max()) + 1)
    table = (
        deaths.groupby(["year", "incident_type"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=years, columns=list(ref.INCIDENT_TYPES), fill_value=0)
    )
    table.index = table.index.astype(int)
    table.index.name = "year"
    table.columns.name = None
    table["Total"] = table.sum(axis=1)
    return table.astype(int)


def by_mission(
    agg: pd.DataFrame, incident_type: str | None = None, kinds=(ref.PKO,), years: tuple[int, int] | None = None
) -> pd.Series:
    """Fatalities per mission, largest first.

    Parameters
    ----------
    agg : pandas.DataFrame
        ``fatalities_by_mission_year``.
    incident_type : str, optional
        Keep one incident type (e.g. ``"Malicious Act"``); default all causes.
    kinds : tuple of str
        Mission kinds to keep (default peacekeeping operations only).
    years : (int, int), optional
        Inclusive range of incident years.

    Returns
    -------
    pandas.Series
        Index ``mission`` (str), values int fatalities; ties broken by name.
    """
    sel = agg[agg["mission_kind"].isin(kinds)]
    if incident_type is not None:
        sel = sel[sel["incident_type"] == incident_type]
    if years is not None:
        sel = sel[sel["year"].between(*years)]
    out = sel.groupby("mission")["fatalities"].sum().astype(int)
    out = out.reset_index().sort_values(["fatalities", "mission"], ascending=[False, True])
    return out.set_index("mission")["fatalities"]


def share_of_all_missions(
    agg: pd.DataFrame,
    mission: str = "MINUSMA",
    incident_type: str = MALICIOUS,
    years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR),
) -> pd.DataFrame:
    """A mission's share of fatalities in all UN missions (operations and political missions), per year.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (int); columns ``mission`` (int, the mission's
        fatalities), ``all_missions`` (int), ``share`` (float, 0-1).
    """
    sel = agg[(agg["incident_type"] == incident_type) & agg["year"].between(*years)]
    total = sel.groupby("year")["fatalities"].sum()
    own = sel[sel["mission"] == mission].groupby("year")["fatalities"].sum()
    idx = pd.Index(range(years[0], years[1] + 1), name="year")
    out = pd.DataFrame({"mission": own.reindex(idx, fill_value=0), "all_missions": total.reindex(idx, fill_value=0)})
    out = out.astype(int)
    out["share"] = out["mission"] / out["all_missions"].where(out["all_missions"] > 0)
    return out


def by_nationality(deaths: pd.DataFrame) -> pd.DataFrame:
    """Fatalities per nationality, split into malicious acts and other causes.

    Returns
    -------
    pandas.DataFrame
        Index ``nationality``; int columns ``malicious``, ``other_causes``,
        ``total``; sorted by ``total`` then ``malicious`` (descending), then name.
    """
    mal = deaths["incident_type"].eq(MALICIOUS)
    out = (
        pd.DataFrame(
            {
                "malicious": deaths[mal].groupby("nationality").size(),
                "other_causes": deaths[~mal].groupby("nationality").size(),
            }
        )
        .fillna(0)
        .astype(int)
    )
    out["total"] = out.sum(axis=1)
    out = out.reset_index().sort_values(["total", "malicious", "nationality"], ascending=[False, False, True])
    return out.set_index("nationality")


def by_personnel(deaths: pd.DataFrame) -> pd.DataFrame:
    """Fatalities per personnel type and incident type.

    Returns
    -------
    pandas.DataFrame
        Index personnel type (order of :data:`minusma.data.reference.PERSONNEL_TYPES`,
        only types present); int columns per incident type present, and ``Total``.
    """
    t = deaths.groupby(["personnel_type", "incident_type"]).size().unstack(fill_value=0)
    t = t.reindex(
        index=[p for p in ref.PERSONNEL_TYPES if p in t.index],
        columns=[i for i in ref.INCIDENT_TYPES if i in t.columns],
    )
    t.columns.name = None
    t["Total"] = t.sum(axis=1)
    return t.astype(int)


def deadliest_days(deaths: pd.DataFrame, n: int = 8, incident_type: str | None = MALICIOUS) -> pd.DataFrame:
    """The days with the most fatalities, with the contingents that lost them.

    Parameters
    ----------
    deaths : pandas.DataFrame
        ``fatalities_minusma``.
    n : int
        Number of days; days tied with the n-th are kept too.
    incident_type : str or None
        Count one incident type (default malicious acts) or all (``None``).

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (datetime64), ``fatalities`` (int), ``nationalities``
        (str, e.g. ``"Chad (10)"``), ``personnel`` (str); sorted by
        fatalities (descending) then date.
    """
    sel = deaths if incident_type is None else deaths[deaths["incident_type"] == incident_type]

    def summary(col):
        def f(g):
            c = g[col].value_counts()
            c = c.reset_index().sort_values(["count", col], ascending=[False, True])
            return ", ".join(f"{k} ({v})" for k, v in zip(c[col], c["count"]))

        return f

    g = sel.groupby("incident_date")
    out = (
        pd.DataFrame(
            {
                "fatalities": g.size(),
                "nationalities": g.apply(summary("nationality"), include_groups=False),
                "personnel": g.apply(summary("personnel_type"), include_groups=False),
            }
        )
        .reset_index()
        .rename(columns={"incident_date": "date"})
    )
    out = out.sort_values(["fatalities", "date"], ascending=[False, True])
    cutoff = out["fatalities"].iloc[min(n, len(out)) - 1]
    return out[out["fatalities"] >= cutoff].reset_index(drop=True)


def count_as_of(deaths: pd.DataFrame, date: str, *, uniformed_only: bool, malicious_only: bool) -> int:
    """Count fatalities with an incident date on or before ``date`` in a given scope.

    Parameters
    ----------
    deaths : pandas.DataFrame
        ``fatalities_minusma``.
    date : str
        Cut-off, ``YYYY-MM-DD`` (inclusive).
    uniformed_only : bool
        Count military, police and military observers only.
    malicious_only : bool
        Count malicious acts only (the UN's category for hostile acts).

    Returns
    -------
    int
    """
    sel = deaths[deaths["incident_date"] <= pd.Timestamp(date)]
    if uniformed_only:
        sel = sel[sel["uniformed"].astype(bool)]
    if malicious_only:
        sel = sel[sel["incident_type"] == MALICIOUS]
    return len(sel)


def monthly_cumulative(deaths: pd.DataFrame, start: str = "2013-07", end: str = "2023-12") -> pd.DataFrame:
    """Cumulative fatalities at the end of each month, all causes and malicious acts.

    Returns
    -------
    pandas.DataFrame
        Columns ``month`` (datetime64, first day of month), ``all_causes``
        and ``malicious`` (int, cumulative counts at month end).
    """
    months = pd.period_range(start, end, freq="M")
    m = deaths["incident_date"].dt.to_period("M")
    allc = m.value_counts().reindex(months, fill_value=0).cumsum()
    mal = m[deaths["incident_type"] == MALICIOUS].value_counts().reindex(months, fill_value=0).cumsum()
    return pd.DataFrame(
        {"month": months.to_timestamp(), "all_causes": allc.values.astype(int), "malicious": mal.values.astype(int)}
    )
