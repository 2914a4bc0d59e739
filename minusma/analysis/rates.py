"""Fatality rates per 1,000 uniformed personnel per year: one definition for every chapter.

A rate divides the uniformed personnel who died (military, police and
military observers, from the UN fatalities table) by the *person-years* of
uniformed personnel deployed, and multiplies by 1,000: "so many deaths per
1,000 peacekeepers serving for a year". Civilian staff are left out of both
sides, because the strength series count uniformed personnel only.

Strength comes from ``uniformed_strength`` (see
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
the official counts by a third or more. Every rate says which source its
strength came from.

For other missions (:func:`mission_rates`, :func:`mission_year_rates`) the
strength is the IPI month-end count (every mission, 1990-11 to 2017-03) or,
for 2018-2020, the UN DPO yearly means (``dpo_year_means``). Those means count
a month missing from the UN's table as zero, so only whole years are levels:
:func:`dpo_strength` refuses any other year, saying why. 2017 is covered by
neither for every mission (IPI stops in March, the DPO year is incomplete).

Used by the Mission chapter (rates by year, by contingent and for other
missions) and by the Casualties chapter (rates by year, and the worst year
against every operation-year).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma.data import reference as ref

MALICIOUS = "Malicious Act"
#: MINUSMA's life: from the transfer of authority to the end of the withdrawal.
MISSION_START, MISSION_END = pd.Timestamp("2013-07-01"), pd.Timestamp("2023-12-31")

#: How each month's strength was obtained, in order of preference, with its basis.
METHODS: dict[str, tuple[str, str]] = {
    "ipi": ("UN month-end counts (IPI)", "official"),
    "dpo": ("UN yearly mean (DPO)", "official"),
    "radpko": ("UN yearly mean (RADPKO)", "official"),
    "statements": ("UN statements, interpolated", "statement"),
}

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
        filled = mil_only["military"].to_numpy() + np.interp(days(mil_only["period_start"]), days(police.index),
                                                             police.to_numpy())
        pts.append(pd.Series(filled, index=pd.DatetimeIndex(mil_only["period_start"])))
    pts = pd.concat(pts)
    out = pts.groupby(level=0).mean().sort_index()
    out.index.name = "date"
    return out


def monthly_strength(strength: pd.DataFrame, start: pd.Timestamp = MISSION_START,
                     end: pd.Timestamp = MISSION_END) -> pd.DataFrame:
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
    ipi = strength[strength["source"] == "IPI"].set_index(strength.loc[strength["source"] == "IPI", "period_start"]
                                                          .dt.to_period("M"))["uniformed"]
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
        mid = (out.loc[todo, "month"] + pd.Timedelta(days=14))
        x = (mid - MISSION_START).dt.days.to_numpy()
        xp = (pts.index - MISSION_START).days.to_numpy()
        if len(pts) == 0 or x.min() < xp.min():
            raise ValueError("uniformed_strength has no statement before "
                             f"{out.loc[todo, 'month'].min():%B %Y}: cannot interpolate")
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
        methods = "; ".join(f"{METHODS[k][0]}, {_month_ranges(g['month'])}"
                            for k, g in sel.groupby("method", sort=False)) if sel["method"].nunique() > 1 \
            else (METHODS[sel["method"].iloc[0]][0] if len(sel) else "")
        rows.append({"period": label, "days": int(d.sum()), "person_years": py,
                     "mean_strength": py * 365.25 / d.sum() if d.sum() else np.nan,
                     "basis": " and ".join(bases), "method": methods})
    return pd.DataFrame(rows).set_index("period")


def calendar_years(first: int, last: int, start: pd.Timestamp = MISSION_START,
                   end: pd.Timestamp = MISSION_END) -> list[tuple[int, pd.Timestamp, pd.Timestamp]]:
    """Calendar years ``first``-``last`` as (year, first day, last day), clipped to ``start``-``end``."""
    return [(y, max(pd.Timestamp(f"{y}-01-01"), start), min(pd.Timestamp(f"{y}-12-31"), end))
            for y in range(first, last + 1)]


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
        strength comes from, see :func:`strength_by_period`),
        ``malicious``, ``all_causes`` (int, uniformed fatalities),
        ``rate_malicious``, ``rate_all`` (float, per 1,000 person-years).
        The attribute ``attrs["total"]`` holds the same columns for the whole
        mission (July 2013 to December 2023).

    Raises
    ------
    ValueError
        See :func:`monthly_strength`.
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
    total = {"days": int(out["days"].sum()), "person_years": float(out["person_years"].sum()),
             "malicious": int(out["malicious"].sum()), "all_causes": int(out["all_causes"].sum())}
    total["rate_malicious"] = float(per_1000(total["malicious"], total["person_years"]))
    total["rate_all"] = float(per_1000(total["all_causes"], total["person_years"]))
    out.attrs["total"] = total
    return out


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
        raise ValueError(f"dpo_year_means: {', '.join(map(str, bad))} {'is' if len(bad) == 1 else 'are'} not a whole "
                         "year: its yearly means count the months missing from the UN's table as zero, so they "
                         "understate the level and cannot be used as one (un-deployments/SOURCE.md); the whole "
                         f"years are {', '.join(map(str, whole))}")
    sel = dpo[dpo["mission_kind"].eq(ref.PKO) & dpo["year"].between(*years)]
    n = years[1] - years[0] + 1
    py = sel.groupby("mission")["uniformed"].sum().astype(float)
    out = pd.DataFrame({"months": 12 * n, "mean_strength": py / n, "person_years": py})
    out.index.name = "mission"
    return out


def mission_rates(fatalities: pd.DataFrame, strength: pd.DataFrame, years: tuple[int, int] = (2013, 2016),
                  min_strength: float = 1000) -> pd.DataFrame:
    """Uniformed fatalities per 1,000 uniformed personnel per year, for every UN peacekeeping operation.

    Strength is either the IPI month-end count (official, every mission
    1990-11 to 2017-03; see :func:`ipi_strength`) or the UN DPO yearly means
    of whole years (official, 2018-2020; see :func:`dpo_strength`), depending
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
    out["malicious"] = f[f["incident_type"] == MALICIOUS].groupby("mission")["fatalities"].sum() \
        .reindex(out.index, fill_value=0).astype(int)
    out["all_causes"] = f.groupby("mission")["fatalities"].sum().reindex(out.index, fill_value=0).astype(int)
    out = out[out["mean_strength"] >= min_strength].copy()
    out["rate_malicious"] = per_1000(out["malicious"], out["person_years"])
    out["rate_all"] = per_1000(out["all_causes"], out["person_years"])
    return out.sort_values(["rate_malicious", "rate_all"], ascending=False)


def mission_year_rates(fatalities: pd.DataFrame, ipi: pd.DataFrame, first: int = 1991, last: int | None = None,
                       min_strength: float = 1000, dpo: pd.DataFrame | None = None,
                       dpo_years: tuple[int, ...] | None = None) -> pd.DataFrame:
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
        A DPO year is not whole (see :func:`dpo_strength`), or overlaps the IPI years.
    """
    if last is None:
        last = int(ipi.loc[ipi["date"].dt.month == 12, "date"].dt.year.max())
    parts = [mission_rates(fatalities, ipi, years=(y, y), min_strength=min_strength).assign(year=y,
                                                                                            strength_source="IPI")
             for y in range(first, last + 1)]
    if dpo is not None:
        if dpo_years is None:
            dpo_years = tuple(sorted(set(dpo.loc[dpo["whole_year"].astype(bool), "year"])))
        overlap = sorted(set(dpo_years) & set(range(first, last + 1)))
        if overlap:
            raise ValueError(f"years {overlap} would be counted from both IPI and DPO strength")
        parts += [mission_rates(fatalities, dpo, years=(y, y), min_strength=min_strength).assign(
            year=y, strength_source="DPO") for y in dpo_years]
    out = pd.concat(parts).reset_index()
    cols = ["year", "mission", "strength_source", "mean_strength", "person_years", "malicious", "all_causes",
            "rate_malicious", "rate_all"]
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
        rows.append({"year": int(year), "strength_source": me["strength_source"], "rate_malicious": me["rate_malicious"],
                     "rate_all": me["rate_all"], "rank": int((others["rate_malicious"] > me["rate_malicious"]).sum()) + 1,
                     "operations": len(g),
                     "next_mission": others["mission"].iloc[0] if len(others) else None,
                     "next_rate": float(others["rate_malicious"].iloc[0]) if len(others) else np.nan,
                     "others_rate": float(per_1000(others["malicious"].sum(), others["person_years"].sum()))})
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
    return {"year": int(worst["year"]), "rate": float(worst["rate_malicious"]),
            "since_year": None if last is None else int(last["year"]),
            "since_mission": None if last is None else str(last["mission"]),
            "since_rate": None if last is None else float(last["rate_malicious"]),
            "n_higher": int(len(higher))}
