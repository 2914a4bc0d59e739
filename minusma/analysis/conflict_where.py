"""Where Mali's political violence was: zones, cercles, and the cercle and month of Moura.

Reads ``acled_mali_cercle_month`` (ACLED via HDX, aggregates), ``mali_cercles`` (COD-AB names) and
``ucdp_ged_events`` (UCDP GED, precision-filtered copy). Periods come from
:mod:`minusma.analysis.periods` only (a month belongs to the period that holds its middle day,
:func:`minusma.analysis.conflict.month_periods`). Split from :mod:`minusma.analysis.conflict`.
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis import periods as _periods
from minusma.analysis.conflict import month_periods
from minusma.analysis.geography import ZONE_NAMES, zone_of

#: The cercle of Moura: Djenné, in the Mopti region (OHCHR, "Rapport sur les événements de Moura du 27 au
#: 31 mars 2022", May 2023: "village de Moura, cercle de Djenné, région de Mopti").
MOURA_CERCLE = "ML0503"


# --------------------------------------------------------------------------- zones and cercles


def zone_shares(cercle_month: pd.DataFrame, column: str = "fatalities") -> pd.DataFrame:
    """Each zone's share of Mali's total, and its monthly mean, per period.

    Parameters
    ----------
    cercle_month : pandas.DataFrame
        ``acled_mali_cercle_month``.
    column : str
        ``"fatalities"`` or ``"events"``.

    Returns
    -------
    pandas.DataFrame
        Index period keys (in order); columns: for each zone of
        :mod:`minusma.analysis.geography` ``<zone>`` (share, 0-1),
        ``<zone>_per_month`` (float), then ``months`` (int).
    """
    df = cercle_month[~cercle_month["partial"].astype(bool)].copy()
    df["period"] = month_periods(df["month"])
    df = df.dropna(subset=["period"])
    df["zone"] = zone_of(df["admin1_pcode"])
    tot = df.groupby(["period", "zone"], observed=True)[column].sum().unstack(fill_value=0)
    months = df.groupby("period", observed=True)["month"].nunique()
    out = tot.div(tot.sum(axis=1), axis=0)
    for z in tot.columns:
        out[f"{z}_per_month"] = tot[z] / months
    out["months"] = months
    order = [p.key for p in _periods.PERIODS if p.key in out.index]
    cols = [z for z in ZONE_NAMES if z in tot.columns]
    return out.loc[order, cols + [f"{z}_per_month" for z in cols] + ["months"]]


def cercle_rates(cercle_month: pd.DataFrame, period: str, column: str = "fatalities") -> pd.Series:
    """Mean per month of ``column`` in each cercle during a period (complete months only).

    Returns
    -------
    pandas.Series
        Index ``admin2_pcode``; float, per month.
    """
    df = cercle_month[~cercle_month["partial"].astype(bool)]
    sel = df[month_periods(df["month"]) == period]
    return sel.groupby("admin2_pcode")[column].sum() / sel["month"].nunique()


def top_cercles(rates: pd.Series, cercles: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` cercles with the highest rate: ``admin2_pcode, admin2, admin1, rate``, highest first."""
    names = cercles.set_index("admin2_pcode")[["admin2", "admin1"]]
    out = rates.rename("rate").to_frame().join(names).reset_index()
    return out.sort_values(["rate", "admin2_pcode"], ascending=[False, True]).head(n).reset_index(drop=True)


# --------------------------------------------------------------------------- Moura


def moura_aggregates(
    cercle_month: pd.DataFrame, ged: pd.DataFrame, cercle: str = MOURA_CERCLE, month: str = "2022-03"
) -> dict:
    """What the aggregates show for the cercle and month of Moura.

    Returns
    -------
    dict
        ``acled_fatalities``, ``acled_events`` (ACLED political violence in
        the cercle that month); ``acled_fatalities_region`` (the whole
        region); ``acled_cercle_median`` (the cercle's median monthly
        fatalities over the 24 months before); ``ged`` (DataFrame of the GED
        events in the cercle that month: ``date, violence, best, low, high``).
    """
    mth = pd.Timestamp(month + "-01")
    cm = cercle_month
    here = cm[(cm["admin2_pcode"] == cercle) & (cm["month"] == mth)]
    region = cm[(cm["admin1_pcode"] == cercle[:4]) & (cm["month"] == mth)]
    before = cm[(cm["admin2_pcode"] == cercle) & (cm["month"] < mth) & (cm["month"] >= mth - pd.DateOffset(months=24))]
    g = ged[(ged["admin2_pcode"] == cercle) & (ged["date"].dt.strftime("%Y-%m") == month)]
    return {
        "acled_fatalities": int(here["fatalities"].sum()),
        "acled_events": int(here["events"].sum()),
        "acled_fatalities_region": int(region["fatalities"].sum()),
        "acled_cercle_median": float(before["fatalities"].median()),
        "ged": g[["date", "violence", "best", "low", "high"]].sort_values("date").reset_index(drop=True),
    }


# --------------------------------------------------------------------------- the chapter's frames, in one call


def where(cercle_month: pd.DataFrame, cercles: pd.DataFrame, top: int = 3) -> dict:
    """Zones and cercles of every period: what the Wagner chapter's map, table and prose read.

    Returns
    -------
    dict
        ``shares`` (:func:`zone_shares`), ``rates`` (period key ->
        :func:`cercle_rates`), ``tops`` (period key -> :func:`top_cercles`, ``top`` rows).
    """
    rates = {p.key: cercle_rates(cercle_month, p.key) for p in _periods.PERIODS}
    return {
        "shares": zone_shares(cercle_month),
        "rates": rates,
        "tops": {k: top_cercles(v, cercles, top) for k, v in rates.items()},
    }


def moura(
    cercle_month: pd.DataFrame,
    ged: pd.DataFrame,
    tolls: pd.DataFrame,
    cercles: pd.DataFrame,
    onesided_mali: pd.DataFrame,
) -> dict:
    """The published tolls for Moura beside what the aggregates record.

    Parameters
    ----------
    cercle_month, ged : pandas.DataFrame
        ``acled_mali_cercle_month``, ``ucdp_ged_events``.
    tolls : pandas.DataFrame
        ``moura_tolls`` (``metric``, ``deaths``, ``reported_by``, ``as_of``, ``unit``, ``source_title``).
    cercles : pandas.DataFrame
        ``mali_cercles``.
    onesided_mali : pandas.DataFrame
        :func:`minusma.analysis.conflict.onesided_mali` (index year, column ``state``).

    Returns
    -------
    dict
        ``agg`` (:func:`moura_aggregates`), ``tolls`` (``tolls`` indexed by
        ``metric``), ``cercle`` (str, the cercle's name), ``ged`` (the
        largest GED event of the cercle that month: ``date, violence, best,
        ...``), ``range`` (DataFrame ``figure, deaths, scope, kind``: each
        published toll, then the three data aggregates).
    """
    mo = moura_aggregates(cercle_month, ged)
    name = cercles.set_index("admin2_pcode").loc[MOURA_CERCLE, "admin2"]
    big = mo["ged"].sort_values("best").iloc[-1]
    rows = [
        (f"{r['reported_by']}, {pd.Timestamp(r['as_of']):%b %Y}", int(r["deaths"]), r["unit"], "published toll")
        for _, r in tolls.iterrows()
    ]
    rows += [
        (
            f"ACLED, {name} cercle, March 2022",
            mo["acled_fatalities"],
            f"all political violence, {mo['acled_events']} events",
            "data aggregate",
        ),
        (f"UCDP GED, event of {big['date']:%-d %B %Y}", int(big["best"]), f"coded {big['violence']}", "data aggregate"),
        (
            "UCDP, Government of Mali, 2022",
            int(onesided_mali.loc[2022, "state"]),
            "one-sided, whole year and country",
            "data aggregate",
        ),
    ]
    return {
        "agg": mo,
        "tolls": tolls.set_index("metric"),
        "cercle": name,
        "ged": big,
        "range": pd.DataFrame(rows, columns=["figure", "deaths", "scope", "kind"]),
    }
