"""How large the mission was, against what the Security Council authorised: official counts, statements, estimates.

Inputs are derived tables of ``data/`` (:mod:`minusma.data.derive.deployments`): ``uniformed_strength``
(every figure labelled ``official``, ``statement`` or ``estimate``), ``strength_statements``,
``dpo_year_means``; the ceilings come from :func:`minusma.analysis.mission_mandate.ceiling_steps`.
Counts are persons; shares are 0-1.
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis.keys import key, key_frame
from minusma.analysis.mission import sources


def strength_chart_data(strength: pd.DataFrame) -> pd.DataFrame:
    """The points and segments the strength chart draws, one row each, with their basis.

    Returns
    -------
    pandas.DataFrame
        Columns ``series`` (``IPI monthly``, ``RADPKO yearly mean``, ``DPO
        yearly mean`` (whole years only), ``statement``, ``statement,
        military only``, ``Geo-PKO estimate``),
        ``basis``, ``start``, ``end`` (datetime64; equal for points),
        ``value`` (float, persons: uniformed, or military where the series
        says so), ``statistic``.
    """
    s = strength
    parts = []
    for source, series, col in (
        ("IPI", "IPI monthly", "uniformed"),
        ("RADPKO", "RADPKO yearly mean", "uniformed"),
        ("DPO", "DPO yearly mean", "uniformed"),
        ("statement", "statement", "uniformed"),
        ("Geo-PKO", "Geo-PKO estimate", "military"),
    ):
        sel = s[(s["source"] == source) & s[col].notna()]
        parts.append(
            pd.DataFrame(
                {
                    "series": series,
                    "basis": sel["basis"],
                    "start": sel["period_start"],
                    "end": sel["period_end"],
                    "value": sel[col],
                    "statistic": sel["statistic"],
                }
            )
        )
    mil = s[(s["source"] == "statement") & s["uniformed"].isna() & s["military"].notna()]
    parts.append(
        pd.DataFrame(
            {
                "series": "statement, military only",
                "basis": mil["basis"],
                "start": mil["period_start"],
                "end": mil["period_end"],
                "value": mil["military"],
                "statistic": mil["statistic"],
            }
        )
    )
    return pd.concat(parts, ignore_index=True)


def ceiling_share(strength: pd.DataFrame, steps: pd.DataFrame) -> pd.DataFrame:
    """Deployed uniformed personnel as a share of the uniformed ceiling in force, at each official or statement point.

    Returns
    -------
    pandas.DataFrame
        Columns ``date``, ``source``, ``basis``, ``uniformed``, ``ceiling``
        (persons), ``share`` (0-1); points while a ceiling was in force only.
    """
    s = strength[strength["basis"].isin(["official", "statement"]) & strength["uniformed"].notna()]
    s = s[s["statistic"].isin(["month-end count", "as published"])]
    rows = []
    for r in s.itertuples():
        hit = steps[(steps["start"] <= r.period_start) & (steps["end"] >= r.period_start)]
        if len(hit):
            c = int(hit["uniformed"].iloc[0])
            rows.append(
                {
                    "date": r.period_start,
                    "source": r.source,
                    "basis": r.basis,
                    "uniformed": r.uniformed,
                    "ceiling": c,
                    "share": r.uniformed / c,
                }
            )
    return pd.DataFrame(rows)


def facts(strength: pd.DataFrame, statements: pd.DataFrame, steps: pd.DataFrame) -> dict:
    """The figures the strength section and its chart state, each from its own source.

    Parameters
    ----------
    strength : pandas.DataFrame
        ``uniformed_strength``.
    statements : pandas.DataFrame
        ``strength_statements`` (Chad's withdrawal of October 2021, the published counts of those repatriated).
    steps : pandas.DataFrame
        From :func:`minusma.analysis.mission_mandate.ceiling_steps`.

    Returns
    -------
    dict
        ``ipi`` (IPI monthly rows, indexed by ``period_start``), ``rad``, ``geo``, ``dpo`` (RADPKO and Geo-PKO
        rows, and the DPO uniformed means, indexed by year), ``shares`` (:func:`ceiling_share`), ``st_pts``
        (its statement points, by date), ``peak`` (Timestamp: the statement with the highest share),
        ``chad`` (the statement of Chad's withdrawal: ``as_of``, ``value``), ``oct21`` (the strength row of that
        month: ``military``), ``base`` (the withdrawal baseline row), ``last`` (the last ``remaining`` row),
        ``rep_last`` (the last statement of those repatriated).

    Raises
    ------
    IndexError
        A figure the section states is missing from the tables.
    """

    def by_year(source):
        rows = strength[strength["source"] == source]
        return rows.set_index(rows["period_start"].dt.year)

    shares = ceiling_share(strength, steps)
    st_pts = shares[shares["source"] == "statement"].set_index("date")
    chad = statements[(statements["measure"] == "repatriated_in_month") & (statements["contributor"] == "Chad")].iloc[0]
    rep = statements[
        (statements["measure"] == "repatriated_cumulative")
        & (statements["component"] == "total_uniformed")
        & statements["contributor"].isna()
    ]
    return {
        "ipi": strength[strength["source"] == "IPI"].set_index("period_start"),
        "rad": by_year("RADPKO"),
        "geo": by_year("Geo-PKO"),
        "dpo": by_year("DPO")["uniformed"],
        "shares": shares,
        "st_pts": st_pts,
        "peak": st_pts["share"].idxmax(),
        "chad": chad,
        "oct21": strength[(strength["source"] == "statement") & (strength["period_start"] == chad["as_of"])].iloc[0],
        "base": strength[strength["statistic"] == "withdrawal baseline"].iloc[0],
        "last": strength[strength["statistic"].str.startswith("remaining")].sort_values("period_start").iloc[-1],
        "rep_last": rep.sort_values("as_of").iloc[-1],
    }


def key_figures(f: dict, steps: pd.DataFrame, dpo_all: pd.DataFrame) -> pd.DataFrame:
    """The numbers of the section "How large it was": strength at each source's first and last figure, shares of
    the ceiling, the withdrawal, Geo-PKO's estimate against the official mean.

    Parameters
    ----------
    f : dict
        From :func:`facts`.
    steps : pandas.DataFrame
        From :func:`minusma.analysis.mission_mandate.ceiling_steps`.
    dpo_all : pandas.DataFrame
        ``dpo_year_means`` (MINUSMA's partial "mean" of 2017, shown as what it is not).

    Returns
    -------
    pandas.DataFrame
        A key-figure frame (persons, shares 0-1 shown as percentages, a month as text).
    """
    src = sources()
    ipi, rad, geo, shares, st_pts, peak = f["ipi"], f["rad"], f["geo"], f["shares"], f["st_pts"], f["peak"]
    chad, oct21, base, last, rep_last = f["chad"], f["oct21"], f["base"], f["last"], f["rep_last"]
    ipi_last_share = shares[shares["source"] == "IPI"].iloc[-1]["share"]
    excess = geo.loc[2019, "military"] / rad.loc[2019, "military"] - 1
    m17 = dpo_all[(dpo_all["mission"] == "MINUSMA") & (dpo_all["year"] == 2017)]
    rows = [
        key(
            "mis_ipi_first",
            int(ipi["uniformed"].iloc[0]),
            "uniformed personnel, end of July 2013 (UN count)",
            src["IPI"],
        ),
        key(
            "mis_ipi_first_share",
            shares.iloc[0]["share"],
            "share of the uniformed ceiling deployed, end of July 2013",
            src["IPI"],
            text=f"{shares.iloc[0]['share']:.0%}",
        ),
        key(
            "mis_first_uniformed_ceiling",
            int(steps.iloc[0]["uniformed"]),
            "uniformed ceiling set by resolution 2100",
            src["RES"],
        ),
        key(
            "mis_ipi_last",
            int(ipi["uniformed"].iloc[-1]),
            "uniformed personnel, end of March 2017 (UN count)",
            src["IPI"],
        ),
        key(
            "mis_ipi_last_share",
            ipi_last_share,
            "share of the uniformed ceiling deployed, end of March 2017",
            src["IPI"],
            text=f"{ipi_last_share:.0%}",
        ),
        key(
            "mis_rad_2019",
            round(rad.loc[2019, "uniformed"]),
            "uniformed personnel, mean of Jan-Sep 2019",
            src["RAD"],
        ),
        key(
            "mis_peak_statement_date",
            f"{peak:%B %Y}",
            "date of the highest stated strength relative to the ceiling",
            src["ST"],
        ),
        key(
            "mis_peak_statement",
            int(st_pts.loc[peak, "uniformed"]),
            "uniformed personnel at that date (military + police)",
            src["ST"],
        ),
        key(
            "mis_peak_statement_share",
            st_pts.loc[peak, "share"],
            "share of the uniformed ceiling at that date",
            src["ST"],
            text=f"{st_pts.loc[peak, 'share']:.0%}",
        ),
        key("mis_chad_withdrawn", int(chad["value"]), "Chadian troops withdrawn in October 2021", chad["source_title"]),
        key(
            "mis_oct2021_military",
            int(oct21["military"]),
            "military personnel on 31 October 2021",
            chad["source_title"],
        ),
        key(
            "mis_withdrawal_baseline",
            int(base["uniformed"]),
            "uniformed personnel to repatriate at the start of the withdrawal (UN, 28 Aug 2023)",
            base["source_title"],
        ),
        key(
            "mis_repatriated_last",
            int(rep_last["value"]),
            "uniformed personnel repatriated by 1 December 2023",
            rep_last["source_title"],
        ),
        key(
            "mis_remaining_last",
            int(last["uniformed"]),
            "uniformed personnel left on 1 December 2023 (baseline minus repatriated)",
            src["ST"],
        ),
        key(
            "mis_geo_2019",
            int(geo.loc[2019, "military"]),
            "troops, sum of Geo-PKO location estimates, 2019",
            src["GEO"],
        ),
        key(
            "mis_geo_2019_excess",
            excess,
            "excess of the Geo-PKO estimate over RADPKO's official troop mean, 2019",
            src["GEO"],
            text=f"{excess:.0%}",
        ),
        key(
            "mis_rad_2019_military",
            round(rad.loc[2019, "military"]),
            "military personnel, mean of Jan-Sep 2019",
            src["RAD"],
        ),
    ]
    rows += [
        key(f"mis_dpo_{y}", int(v), f"uniformed personnel, UN yearly mean of {y} (whole year)", src["DPO"])
        for y, v in f["dpo"].items()
    ]
    rows += [
        key(
            "mis_dpo_2017_partial",
            int(m17["uniformed"].sum()),
            "MINUSMA's 'yearly mean' of 2017 in the UN DPO "
            "table, months missing from the table counted as zero (not a level)",
            src["DPO"],
        ),
        key(
            "mis_ceiling_last",
            int(steps["uniformed"].iloc[-1]),
            "uniformed ceiling from resolution 2295 to the end",
            src["RES"],
        ),
    ]
    return key_frame(rows)
