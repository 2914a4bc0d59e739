"""Analysis of political violence in Mali before and after the junta's turn to Russia.

Reads the conflict tables of ``data/`` (see :mod:`minusma.data.derive.conflict`):
``acled_mali_cercle_month``, ``acled_bfa_province_month``,
``acled_mali_events_month``, ``ucdp_country_year``,
``ucdp_onesided_actor_year``, ``ucdp_ged_events``. Periods come from
:mod:`minusma.analysis.periods` only.

**Method of the period comparison** (:func:`rate_ratios`). For a monthly
count series (events, or reported fatalities) the mean per month of each
period is compared with a reference period by a *rate ratio*: the ratio of
the two monthly means, estimated by a Poisson regression of the monthly
count on period indicators (the estimate equals the ratio of the means). Its
95% confidence interval uses heteroskedasticity- and autocorrelation-robust
(Newey-West, HAC) standard errors with :data:`HAC_LAGS` monthly lags, so it
allows for counts far more dispersed than Poisson (one massacre makes a
month) and for months that resemble their neighbours. A month belongs to the
period that holds its middle day (:func:`month_periods`). The partial last
month of an ACLED file is always left out. The interval measures how much the
monthly rate varies within periods; it does not measure the reporting biases
of the data, and a before/after comparison cannot show what caused a change.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma.analysis import periods as _periods

#: Newey-West lags (months) of the HAC standard errors in :func:`rate_ratios`.
HAC_LAGS = 6


# --------------------------------------------------------------------------- monthly series


def month_periods(months: pd.Series) -> pd.Series:
    """The period (:mod:`minusma.analysis.periods` key) of each month: the one that holds its middle day (the 15th).

    Parameters
    ----------
    months : pandas.Series of datetime64
        First days of months.

    Returns
    -------
    pandas.Series of str (categorical, the order of :data:`minusma.analysis.periods.PERIODS`)
        NaN for months before July 2013.
    """
    return _periods.assign(months + pd.Timedelta(days=14))


def national_monthly(cercle_month: pd.DataFrame, start: str | None = None) -> pd.DataFrame:
    """National monthly totals from a cercle- or province-month table.

    Parameters
    ----------
    cercle_month : pandas.DataFrame
        ``acled_mali_cercle_month`` (columns ``events, fatalities``) or
        ``acled_bfa_province_month`` (``pv_*``, ``ct_*``); needs ``month``
        and ``partial``.
    start : str, optional
        First month kept (``"2012-01"``).

    Returns
    -------
    pandas.DataFrame
        One row per month: ``month`` (datetime64), the summed count columns
        (int), ``partial`` (bool), ``period`` (period key or NaN).
    """
    counts = [c for c in cercle_month.columns if c in ("events", "fatalities") or c[:3] in ("pv_", "ct_")]
    out = cercle_month.groupby("month")[counts].sum().astype(int)
    out["partial"] = cercle_month.groupby("month")["partial"].any().astype(bool)
    out = out.reset_index()
    if start is not None:
        out = out[out["month"] >= pd.Timestamp(start)].reset_index(drop=True)
    out["period"] = month_periods(out["month"])
    return out


def complete_months(monthly: pd.DataFrame) -> pd.DataFrame:
    """Drop the partial months (``partial`` true): they must never be read as a fall."""
    return monthly[~monthly["partial"].astype(bool)].reset_index(drop=True)


def rolling_mean(series: pd.Series, months: int = 6) -> pd.Series:
    """Trailing mean over ``months`` months (NaN until ``months`` values exist)."""
    return series.rolling(months, min_periods=months).mean()


# --------------------------------------------------------------------------- periods compared


def period_summary(monthly: pd.DataFrame, columns=("events", "fatalities")) -> pd.DataFrame:
    """Months, totals and monthly means of each period.

    Parameters
    ----------
    monthly : pandas.DataFrame
        From :func:`national_monthly` (partial months are dropped here).
    columns : iterable of str
        Count columns.

    Returns
    -------
    pandas.DataFrame
        Index: period keys in order (only periods with data); columns
        ``label, first, last`` (datetime64 months), ``months`` (int), and for
        each count column ``<col>`` (total, int) and ``<col>_per_month`` (float).
    """
    m = complete_months(monthly).dropna(subset=["period"])
    rows = []
    for p in _periods.PERIODS:
        sel = m[m["period"] == p.key]
        if sel.empty:
            continue
        row = {
            "period": p.key,
            "label": p.label,
            "first": sel["month"].min(),
            "last": sel["month"].max(),
            "months": len(sel),
        }
        for c in columns:
            row[c] = int(sel[c].sum())
            row[f"{c}_per_month"] = sel[c].mean()
        rows.append(row)
    return pd.DataFrame(rows).set_index("period")


def rate_ratios(
    monthly: pd.DataFrame,
    column: str,
    *,
    reference: str = "before_coups",
    method: str = "hac",
    lags: int = HAC_LAGS,
    extra: dict[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """Monthly rate of each period against a reference period, with 95% confidence intervals.

    Parameters
    ----------
    monthly : pandas.DataFrame
        Columns ``month``, ``period`` (from :func:`national_monthly`), the
        count ``column``, and ``partial`` (partial months are dropped).
    column : str
        The count (``"events"``, ``"fatalities"``).
    reference : str
        Key of the reference group (a period key, or a key of ``extra``).
    method : {"hac", "poisson"}
        ``"hac"``: Newey-West standard errors with ``lags`` lags (the
        book's method); ``"poisson"``: plain Poisson standard errors (too
        narrow for overdispersed counts; for comparison and tests).
    lags : int
        HAC lags in months.
    extra : dict, optional
        Additional groups: name -> boolean Series over ``monthly``'s index
        (e.g. the last 24 months before the coups); they are compared with the
        reference too. A month may be in a period and in an extra group.

    Returns
    -------
    pandas.DataFrame
        Index: group keys (periods in order, then ``extra``); columns
        ``months`` (int), ``per_month`` (float), ``ratio``, ``low``, ``high``
        (the rate ratio against ``reference`` and its 95% interval; 1, 1, 1 for
        the reference), and ``ratio_prev``, ``low_prev``, ``high_prev`` (each
        period against the period before it; NaN for the first period and
        the extra groups).

    Raises
    ------
    KeyError
        ``reference`` is neither a period with data nor an extra group.
    """
    import statsmodels.api as sm

    m = complete_months(monthly)
    groups: dict[str, pd.Series] = {
        p.key: (m["period"] == p.key).to_numpy() for p in _periods.PERIODS if (m["period"] == p.key).any()
    }
    for name, mask in (extra or {}).items():
        groups[name] = mask.reindex(monthly.index, fill_value=False)[~monthly["partial"].astype(bool)].to_numpy()
    if reference not in groups:
        raise KeyError(f"reference {reference!r} has no months; groups: {list(groups)}")
    rows = {}
    period_keys = [k for k in groups if k in _periods.BY_KEY]

    def fit(a: str, b: str) -> tuple[float, float, float]:
        """Rate ratio of group a over group b, and its 95% interval (months of b, then of a, in time order)."""
        ya, yb = m.loc[groups[a], column].to_numpy(dtype=float), m.loc[groups[b], column].to_numpy(dtype=float)
        y = np.concatenate([yb, ya])
        x = sm.add_constant(np.r_[np.zeros(len(yb)), np.ones(len(ya))], has_constant="add")
        model = sm.GLM(y, x, family=sm.families.Poisson())
        res = model.fit(cov_type="HAC", cov_kwds={"maxlags": lags}) if method == "hac" else model.fit()
        beta, se = res.params[1], res.bse[1]
        return float(np.exp(beta)), float(np.exp(beta - 1.96 * se)), float(np.exp(beta + 1.96 * se))

    for _i, key in enumerate(groups):
        sel = groups[key]
        row = {"months": int(sel.sum()), "per_month": float(m.loc[sel, column].mean())}
        row["ratio"], row["low"], row["high"] = (1.0, 1.0, 1.0) if key == reference else fit(key, reference)
        prev = period_keys[period_keys.index(key) - 1] if key in period_keys and period_keys.index(key) > 0 else None
        row["ratio_prev"], row["low_prev"], row["high_prev"] = fit(key, prev) if prev else (np.nan,) * 3
        rows[key] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def last_months_before(monthly: pd.DataFrame, period: str, n: int) -> pd.Series:
    """Boolean mask over ``monthly``: the ``n`` complete months that end the given period."""
    m = monthly[(monthly["period"] == period) & ~monthly["partial"].astype(bool)]
    keep = m.sort_values("month").tail(n).index
    return pd.Series(monthly.index.isin(keep), index=monthly.index)


# --------------------------------------------------------------------------- neighbours


def yearly(monthly: pd.DataFrame, columns, complete_years: bool = True) -> pd.DataFrame:
    """Yearly totals of a monthly table; with ``complete_years`` only years with 12 complete months."""
    m = complete_months(monthly)
    g = m.groupby(m["month"].dt.year)
    out = g[list(columns)].sum()
    if complete_years:
        out = out[g.size() == 12]
    out.index.name = "year"
    return out.astype(int)


def ucdp_by_country(country_year: pd.DataFrame, first: int = 2012, column: str = "total") -> pd.DataFrame:
    """UCDP deaths per year and country (best estimates).

    Returns
    -------
    pandas.DataFrame
        Index year (int, from ``first``); one int column per country
        (Mali, Burkina Faso, Niger).
    """
    sel = country_year[country_year["year"] >= first]
    out = sel.pivot(index="year", columns="country", values=column).astype(int)
    out.columns.name = None
    return out[[c for c in ("Mali", "Burkina Faso", "Niger") if c in out.columns]]


def ged_counts(ged: pd.DataFrame, iso3: str | None = None) -> pd.DataFrame:
    """GED events and deaths (low, best, high) per year and type of violence.

    ``low`` and ``high`` are bounded by ``best`` row by row (the copy has
    rows with low > best or high < best; the band uses min(low, best) and
    max(high, best)).

    Returns
    -------
    pandas.DataFrame
        Columns ``year, violence, events, best, low, high`` (int).
    """
    g = ged if iso3 is None else ged[ged["iso3"] == iso3]
    g = g.assign(low=np.minimum(g["low"], g["best"]), high=np.maximum(g["high"], g["best"]))
    out = (
        g.groupby(["year", "violence"])
        .agg(events=("event", "size"), best=("best", "sum"), low=("low", "sum"), high=("high", "sum"))
        .reset_index()
    )
    return out.astype({"events": int, "best": int, "low": int, "high": int})


# --------------------------------------------------------------------------- civilians


def onesided_mali(onesided: pd.DataFrame, country_year: pd.DataFrame, first: int = 2012) -> pd.DataFrame:
    """Deaths in one-sided violence in Mali by perpetrator, as far as UCDP's actor file allows.

    Actors whose one-sided violence UCDP locates in Mali alone are counted
    by kind: ``state`` (Government of Mali), ``state_russia`` (the joint
    actor of the governments of Mali and Russia, from 2024) and ``militia``.
    ``other`` is Mali's country total minus those: actors that UCDP reports
    across several countries in one total (JNIM, IS, in some years Niger's
    forces), which cannot be split by country.

    Returns
    -------
    pandas.DataFrame
        Index year (int); int columns ``state, state_russia, militia,
        other, total`` (``total`` = UCDP's one-sided deaths in Mali).

    Raises
    ------
    ValueError
        The Mali-only actors add up to more than the country total in some
        year (the two UCDP files would disagree).
    """
    mali = onesided[onesided["mali_only"].astype(bool) & (onesided["year"] >= first)]
    by = mali.pivot_table(index="year", columns="actor_kind", values="deaths_best", aggfunc="sum", fill_value=0)
    total = country_year[(country_year["iso3"] == "MLI") & (country_year["year"] >= first)].set_index("year")[
        "one_sided"
    ]
    out = pd.DataFrame(index=total.index)
    for k in ("state", "state_russia", "militia"):
        out[k] = by[k].reindex(out.index, fill_value=0) if k in by else 0
    attributed = out.sum(axis=1)
    if (attributed > total).any():
        years = list(out.index[attributed > total])
        raise ValueError(f"Mali-only actors exceed UCDP's one-sided total for Mali in {years}")
    out["other"] = total - attributed
    out["total"] = total
    out.columns.name = None
    return out.astype(int)


def multi_country_actors(onesided: pd.DataFrame, first: int = 2017) -> pd.DataFrame:
    """One-sided deaths of actors active in Mali and elsewhere (one total for all their countries).

    Returns
    -------
    pandas.DataFrame
        Columns ``year, actor, deaths_best, n_countries, locations``, for
        actors with Mali among several locations, sorted by year and actor.
    """
    sel = onesided[onesided["in_mali"].astype(bool) & ~onesided["mali_only"].astype(bool) & (onesided["year"] >= first)]
    return (
        sel[["year", "actor", "deaths_best", "n_countries", "locations"]]
        .sort_values(["year", "actor"])
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------- the chapter's comparisons, in one call


def period_comparison(monthly: pd.DataFrame, recent: int = 24) -> dict:
    """Every period comparison of the Wagner chapter: summary and rate ratios, against the periods and a recent window.

    Parameters
    ----------
    monthly : pandas.DataFrame
        From :func:`national_monthly` (Mali, from January 2012).
    recent : int
        Months that end the period before the coups, the second reference.

    Returns
    -------
    dict
        ``summary`` (:func:`period_summary`), ``fatalities`` and ``events``
        (:func:`rate_ratios` against the period before the coups),
        ``fatalities_recent`` and ``events_recent`` (against the last
        ``recent`` months before the first coup, group ``"recent"``),
        ``recent`` (int, the window in months).
    """
    window = {"recent": last_months_before(monthly, "before_coups", recent)}
    out = {"summary": period_summary(monthly), "recent": recent}
    for col in ("fatalities", "events"):
        out[col] = rate_ratios(monthly, col)
        out[f"{col}_recent"] = rate_ratios(monthly, col, reference="recent", extra=window)
    return out


def neighbours(country_year: pd.DataFrame, bfa_month: pd.DataFrame, mali: pd.DataFrame) -> dict:
    """Mali against its neighbours, by year, in UCDP and ACLED.

    Parameters
    ----------
    country_year : pandas.DataFrame
        ``ucdp_country_year``.
    bfa_month : pandas.DataFrame
        ``acled_bfa_province_month``.
    mali : pandas.DataFrame
        From :func:`national_monthly` (Mali).

    Returns
    -------
    dict
        ``ucdp`` (:func:`ucdp_by_country`), ``bfa`` (ACLED Burkina Faso by
        year: ``pv_events, pv_fatalities, ct_events, ct_fatalities``),
        ``mali`` (ACLED Mali by year: ``events, fatalities``), ``since``
        (int: the first year of the final run of years in which both
        datasets count more deaths in Burkina Faso than in Mali).
    """
    u = ucdp_by_country(country_year)
    bf = yearly(
        national_monthly(bfa_month, start="2012-01"), ["pv_events", "pv_fatalities", "ct_events", "ct_fatalities"]
    )
    ml = yearly(mali, ["events", "fatalities"])
    both = pd.DataFrame(
        {
            "ucdp": u["Burkina Faso"] > u["Mali"],
            "acled": bf["pv_fatalities"].reindex(u.index) > ml["fatalities"].reindex(u.index),
        }
    )
    ahead = both.all(axis=1)
    run = ahead[::-1].astype(int).cumprod()[::-1]  # 1 for the years of the final run of "ahead"
    return {"ucdp": u, "bfa": bf, "mali": ml, "since": int(run[run == 1].index.min())}
