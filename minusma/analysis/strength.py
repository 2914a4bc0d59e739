"""MINUSMA's uniformed strength and the person-years of other operations: the denominators of every rate.

A rate (:mod:`minusma.analysis.rates`) divides uniformed fatalities by the
*person-years* of uniformed personnel deployed. This module computes those
person-years; civilian staff are left out, because the strength series count
uniformed personnel only.

MINUSMA's strength comes from ``uniformed_strength`` (see
:mod:`minusma.data.derive.deployments`), month by month, from the best source
available for each month (:func:`monthly_strength`):

1. **UN month-end counts** (IPI), July 2013 to March 2017 (official);
2. else the **UN yearly mean** of a whole calendar year from the UN DPO
   table (2018-2020; official);
3. else the **UN yearly mean** of that calendar year as RADPKO computed it
   (April-December 2017; official);
4. else **UN statements**, interpolated in time between the dates they
   give (2021-2023; the 2023 withdrawal from the baseline minus the
   published counts of repatriated personnel).

Geo-PKO's estimates are never used: they come from map symbols and exceed
the official counts by a third or more. Every period's strength says which
source it came from (:func:`strength_by_period`).

For other missions the strength is the IPI month-end count (every mission,
1990-11 to 2017-03; :func:`ipi_strength`) or, for 2018-2020, the UN DPO yearly
means (``dpo_year_means``; :func:`dpo_strength`). Those means count a month
missing from the UN's table as zero, so only whole years are levels:
:func:`dpo_strength` refuses any other year, saying why. 2017 is covered by
neither for every mission (IPI stops in March, the DPO year is incomplete).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma.data import reference as ref

#: MINUSMA's life: from the transfer of authority to the end of the withdrawal.
MISSION_START, MISSION_END = pd.Timestamp("2013-07-01"), pd.Timestamp("2023-12-31")

#: How each month's strength was obtained, in order of preference, with its basis.
METHODS: dict[str, tuple[str, str]] = {
    "ipi": ("UN month-end counts (IPI)", "official"),
    "dpo": ("UN yearly mean (DPO)", "official"),
    "radpko": ("UN yearly mean (RADPKO)", "official"),
    "statements": ("UN statements, interpolated", "statement"),
}


def statement_points(strength: pd.DataFrame) -> pd.Series:
    """Uniformed strength at the dates UN statements give, one value per date.

    Mission-wide statements (``source == "statement"``, headcounts only)
    that give a uniformed total are used as they are. Where a statement
    gives military personnel only (31 October 2021, after Chad's
    withdrawal), police are added from a linear interpolation of the police
    figures of the other statements (or left out if no statement gives
    police). Two statements for one date are averaged.

    Parameters
    ----------
    strength : pandas.DataFrame
        The ``uniformed_strength`` table.

    Returns
    -------
    pandas.Series
        Index ``date`` (datetime64, sorted, unique); values float, persons.
    """
    st = strength[(strength["source"] == "statement") & strength["headcount"].astype(bool)]
    police = st.dropna(subset=["police"]).groupby("period_start")["police"].mean()
    mil_only = st[st["uniformed"].isna() & st["military"].notna()]
    days = lambda idx: (pd.DatetimeIndex(idx) - MISSION_START).days.to_numpy()  # noqa: E731
    pts = [st.dropna(subset=["uniformed"]).set_index("period_start")["uniformed"]]
    if len(mil_only) and len(police):
        filled = mil_only["military"].to_numpy() + np.interp(
            days(mil_only["period_start"]), days(police.index), police.to_numpy()
        )
        pts.append(pd.Series(filled, index=pd.DatetimeIndex(mil_only["period_start"])))
    pts = pd.concat(pts)
    out = pts.groupby(level=0).mean().sort_index()
    out.index.name = "date"
    return out


def monthly_strength(
    strength: pd.DataFrame, start: pd.Timestamp = MISSION_START, end: pd.Timestamp = MISSION_END
) -> pd.DataFrame:
    """MINUSMA's uniformed strength month by month, from the best source for each month.

    Parameters
    ----------
    strength : pandas.DataFrame
        The ``uniformed_strength`` table.
    start, end : pandas.Timestamp
        First and last day to cover (default: the mission's life, July 2013
        to December 2023).

    Returns
    -------
    pandas.DataFrame
        One row per month: ``month`` (datetime64, first day), ``uniformed``
        (float, persons), ``method`` (key of :data:`METHODS`), ``basis``
        (``official`` or ``statement``), ``days`` (int, days of the month
        inside ``start``-``end``).

    Raises
    ------
    ValueError
        A month has no source (the statements do not reach it).
    """
    months = pd.period_range(start, end, freq="M")
    out = pd.DataFrame({"month": months.to_timestamp(), "uniformed": np.nan, "method": None})
    # 1. IPI month-end counts, a missing month inside the series interpolated (November 2016)
    ipi = strength[strength["source"] == "IPI"].set_index(
        strength.loc[strength["source"] == "IPI", "period_start"].dt.to_period("M")
    )["uniformed"]
    if len(ipi):
        ipi = ipi.reindex(pd.period_range(ipi.index.min(), ipi.index.max(), freq="M")).interpolate()
        hit = months.isin(ipi.index)
        out.loc[hit, "uniformed"] = ipi.reindex(months[hit]).to_numpy()
        out.loc[hit, "method"] = "ipi"
    # 2. UN yearly means of whole years (DPO), then RADPKO's, each standing for its calendar year
    for source, method in (("DPO", "dpo"), ("RADPKO", "radpko")):
        ym = strength[strength["source"] == source]
        ym = pd.Series(ym["uniformed"].to_numpy(), index=ym["period_start"].dt.year)
        todo = out["method"].isna() & out["month"].dt.year.isin(ym.index)
        out.loc[todo, "uniformed"] = out.loc[todo, "month"].dt.year.map(ym).to_numpy()
        out.loc[todo, "method"] = method
    # 3. Statements, interpolated at mid-month; the last one carried to the end
    todo = out["method"].isna()
    if todo.any():
        pts = statement_points(strength)
        mid = out.loc[todo, "month"] + pd.Timedelta(days=14)
        x = (mid - MISSION_START).dt.days.to_numpy()
        xp = (pts.index - MISSION_START).days.to_numpy()
        if len(pts) == 0 or x.min() < xp.min():
            raise ValueError(
                f"uniformed_strength has no statement before {out.loc[todo, 'month'].min():%B %Y}: cannot interpolate"
            )
        out.loc[todo, "uniformed"] = np.interp(x, xp, pts.to_numpy())
        out.loc[todo, "method"] = "statements"
    out["basis"] = out["method"].map(lambda m: METHODS[m][1])
    first = out["month"].clip(lower=start)
    last = (out["month"] + pd.offsets.MonthEnd(0)).clip(upper=end)
    out["days"] = (last - first).dt.days + 1
    return out


def _month_ranges(months: pd.Series) -> str:
    """'Jan–Mar 2017' style text for a run of months (consecutive or not)."""
    m = pd.DatetimeIndex(months).sort_values()
    if len(m) == 0:
        return ""
    a, b = m[0], m[-1]
    if a.year == b.year:
        return f"{a:%b}–{b:%b %Y}" if a != b else f"{a:%b %Y}"
    return f"{a:%b %Y}–{b:%b %Y}"


def strength_by_period(monthly: pd.DataFrame, periods: list[tuple[str, pd.Timestamp, pd.Timestamp]]) -> pd.DataFrame:
    """Person-years and mean strength of uniformed personnel over periods, saying where the strength came from.

    Parameters
    ----------
    monthly : pandas.DataFrame
        From :func:`monthly_strength`.
    periods : list of (label, start, end)
        Inclusive day ranges (calendar years, UN fiscal years...).

    Returns
    -------
    pandas.DataFrame
        Index ``period`` (the labels); columns ``days`` (int, days with a
        strength), ``person_years`` (float: the sum of strength x days / 365.25),
        ``mean_strength`` (float, persons), ``basis`` (``official``,
        ``statement`` or ``official and statement``), ``method`` (str,
        e.g. "UN month-end counts (IPI), Jan–Mar 2017; UN yearly mean
        (RADPKO), Apr–Dec 2017").
    """
    rows = []
    m_end = monthly["month"] + pd.offsets.MonthEnd(0)
    for label, start, end in periods:
        start, end = pd.Timestamp(start), pd.Timestamp(end)
        first = monthly["month"].clip(lower=start)
        last = m_end.clip(upper=end)
        days = ((last - first).dt.days + 1).clip(lower=0) * (monthly["days"] > 0)
        sel = monthly[days > 0]
        d = days[days > 0]
        py = float((sel["uniformed"] * d).sum() / 365.25)
        bases = list(dict.fromkeys(sel["basis"]))
        methods = (
            "; ".join(f"{METHODS[k][0]}, {_month_ranges(g['month'])}" for k, g in sel.groupby("method", sort=False))
            if sel["method"].nunique() > 1
            else (METHODS[sel["method"].iloc[0]][0] if len(sel) else "")
        )
        rows.append(
            {
                "period": label,
                "days": int(d.sum()),
                "person_years": py,
                "mean_strength": py * 365.25 / d.sum() if d.sum() else np.nan,
                "basis": " and ".join(bases),
                "method": methods,
            }
        )
    return pd.DataFrame(rows).set_index("period")


def calendar_years(
    first: int, last: int, start: pd.Timestamp = MISSION_START, end: pd.Timestamp = MISSION_END
) -> list[tuple[int, pd.Timestamp, pd.Timestamp]]:
    """Calendar years ``first``-``last`` as (year, first day, last day), clipped to ``start``-``end``."""
    return [
        (y, max(pd.Timestamp(f"{y}-01-01"), start), min(pd.Timestamp(f"{y}-12-31"), end))
        for y in range(first, last + 1)
    ]


def ipi_strength(ipi: pd.DataFrame, years: tuple[int, int]) -> pd.DataFrame:
    """Uniformed strength of every UN peacekeeping operation over calendar years, from the IPI month-end counts.

    A month missing inside a mission's series (November 2016) is
    interpolated; each month-end count stands for its month.

    Parameters
    ----------
    ipi : pandas.DataFrame
        ``ipi_mission_monthly``.
    years : (int, int)
        Inclusive range of calendar years; they must be years the IPI series
        covers in full (to 2016).

    Returns
    -------
    pandas.DataFrame
        Index ``mission`` (UN acronym); columns ``months`` (int, months with
        a count), ``mean_strength`` (float, persons, mean over those months),
        ``person_years`` (float: the sum of the counts / 12).

    Raises
    ------
    ValueError
        ``years`` reach beyond the last full year of the IPI series.
    """
    last_full = ipi.loc[ipi["date"].dt.month == 12, "date"].dt.year.max()
    if years[1] > last_full:
        raise ValueError(f"the IPI series covers full years to {last_full} only, not {years[1]}")
    sel = ipi[ipi["mission_kind"].eq(ref.PKO) & ipi["date"].dt.year.between(*years)]
    rows = []
    for mission, g in sel.groupby("un_mission"):
        s = g.set_index(g["date"].dt.to_period("M"))["uniformed"].astype(float)
        s = s.reindex(pd.period_range(s.index.min(), s.index.max(), freq="M")).interpolate()
        rows.append({"mission": mission, "months": len(s), "mean_strength": s.mean(), "person_years": s.sum() / 12})
    return pd.DataFrame(rows, columns=["mission", "months", "mean_strength", "person_years"]).set_index("mission")


def dpo_strength(dpo: pd.DataFrame, years: tuple[int, int]) -> pd.DataFrame:
    """Uniformed strength of every UN peacekeeping operation over whole calendar years, from the UN DPO yearly means.

    Each yearly mean (all contributors together) counts a month missing from
    the UN's table as zero, so it is a level only in a *whole* year
    (``whole_year``: 2018, 2019, 2020). A mission that was deployed for part
    of a whole year contributes its months and zeros for the rest, so its
    mean times one year is its person-years of that calendar year.

    Parameters
    ----------
    dpo : pandas.DataFrame
        ``dpo_year_means``.
    years : (int, int)
        Inclusive range of calendar years, all of them whole.

    Returns
    -------
    pandas.DataFrame
        Index ``mission``; columns ``months`` (int, 12 per year), ``mean_strength``
        (float, persons: the calendar-year mean), ``person_years`` (float).

    Raises
    ------
    ValueError
        A year of ``years`` is not a whole year of the table: its mean counts
        missing months as zero and would understate the level (the message
        names the year and the whole years).
    """
    whole = sorted(set(dpo.loc[dpo["whole_year"].astype(bool), "year"]))
    bad = [y for y in range(years[0], years[1] + 1) if y not in whole]
    if bad:
        raise ValueError(
            f"dpo_year_means: {', '.join(map(str, bad))} {'is' if len(bad) == 1 else 'are'} not a whole "
            "year: its yearly means count the months missing from the UN's table as zero, so they "
            "understate the level and cannot be used as one (un-deployments/SOURCE.md); the whole "
            f"years are {', '.join(map(str, whole))}"
        )
    sel = dpo[dpo["mission_kind"].eq(ref.PKO) & dpo["year"].between(*years)]
    n = years[1] - years[0] + 1
    py = sel.groupby("mission")["uniformed"].sum().astype(float)
    out = pd.DataFrame({"months": 12 * n, "mean_strength": py / n, "person_years": py})
    out.index.name = "mission"
    return out
