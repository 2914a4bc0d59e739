"""How dangerous the mission was per person deployed: its fatality rates, and every other operation's.

The rates are computed by :mod:`minusma.analysis.rates` (shared with the Casualties chapter); this module
turns them into the numbers the chapter states and the tables it shows. Inputs are ``fatalities_minusma``,
``fatalities_by_mission_year``, ``uniformed_strength``, ``ipi_mission_monthly`` and ``dpo_year_means``
(:mod:`minusma.data.derive.fatalities`, :mod:`minusma.data.derive.deployments`). Rates are uniformed
fatalities per 1,000 uniformed personnel per year.
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis import rates
from minusma.analysis.keys import key, key_frame
from minusma.analysis.mission import sources
from minusma.analysis.prose import ordinal, ratio_text


def _labels() -> dict:
    s = sources()
    return {
        **s,
        "RT": f"{s['UN']}; strength: {s['IPI']}, {s['DPO']}, {s['RAD']}, {s['ST']}",
        "CMP": f"{s['UN']}; {s['IPI']}",
        "YR": f"{s['UN']}; strength: {s['IPI']} (1991-2016), {s['DPO']} (2018-2020)",
    }


def others_rate(cmp: pd.DataFrame, mission: str = "MINUSMA") -> float:
    """The malicious-act rate of all operations of ``cmp`` (:func:`minusma.analysis.rates.mission_rates`) but
    ``mission``, together: their deaths over their person-years, per 1,000.
    """
    o = cmp.drop(index=mission)
    return float(rates.per_1000(o["malicious"].sum(), o["person_years"].sum()))


def key_figures(rt: pd.DataFrame, cmp: pd.DataFrame, min_strength: int) -> pd.DataFrame:
    """MINUSMA's rates over its life and by year, and against the other operations of 2013-2016.

    Parameters
    ----------
    rt : pandas.DataFrame
        From :func:`minusma.analysis.rates.fatality_rates` (by year; ``attrs["total"]`` over the mission's life).
    cmp : pandas.DataFrame
        From :func:`minusma.analysis.rates.mission_rates` over 2013-2016, MINUSMA first.
    min_strength : int
        The smallest mean uniformed strength of the operations compared (persons).

    Returns
    -------
    pandas.DataFrame
        A key-figure frame: rates (shown to one or two decimals), years (shown as written), person-years,
        an operation's name, the ratio (shown rounded), counts.
    """
    src, tot = _labels(), rt.attrs["total"]
    others, oth = cmp.drop(index="MINUSMA"), others_rate(cmp)
    peak, low, m = int(rt["rate_malicious"].idxmax()), int(rt["rate_malicious"].idxmin()), cmp.loc["MINUSMA"]
    per = "malicious-act fatalities per 1,000 uniformed personnel in that year"
    return key_frame(
        [
            key(
                "mis_rate_mal_total",
                tot["rate_malicious"],
                "uniformed fatalities in malicious acts per 1,000 uniformed "
                "personnel per year, July 2013-December 2023",
                src["RT"],
                text=f"{tot['rate_malicious']:.1f}",
            ),
            key(
                "mis_rate_all_total",
                tot["rate_all"],
                "uniformed fatalities from all causes per 1,000 uniformed personnel per year, July 2013-December 2023",
                src["RT"],
                text=f"{tot['rate_all']:.1f}",
            ),
            key(
                "mis_person_years",
                tot["person_years"],
                "uniformed person-years, July 2013-December 2023",
                f"{src['IPI']}, {src['DPO']}, {src['RAD']}, {src['ST']}",
                text=f"{tot['person_years']:,.0f}",
            ),
            key("mis_rate_peak_year", peak, "year with the highest malicious-act fatality rate", src["RT"], fmt="{}"),
            key(
                "mis_rate_peak",
                float(rt.loc[peak, "rate_malicious"]),
                per,
                src["RT"],
                text=f"{rt.loc[peak, 'rate_malicious']:.1f}",
            ),
            key("mis_rate_low_year", low, "year with the lowest malicious-act fatality rate", src["RT"], fmt="{}"),
            key(
                "mis_rate_low",
                float(rt.loc[low, "rate_malicious"]),
                per,
                src["RT"],
                text=f"{rt.loc[low, 'rate_malicious']:.1f}",
            ),
            key(
                "mis_cmp_minusma",
                float(m["rate_malicious"]),
                "MINUSMA malicious-act fatalities per 1,000 uniformed personnel per year, 2013-2016 (IPI strength)",
                src["CMP"],
                text=f"{m['rate_malicious']:.1f}",
            ),
            key(
                "mis_cmp_next", others.index[0], "operation with the next highest rate, 2013-2016", src["CMP"], fmt="{}"
            ),
            key(
                "mis_cmp_next_rate",
                float(others["rate_malicious"].iloc[0]),
                "its malicious-act fatalities per 1,000 uniformed personnel per year, 2013-2016",
                src["CMP"],
                text=f"{others['rate_malicious'].iloc[0]:.1f}",
            ),
            key(
                "mis_cmp_others",
                oth,
                "malicious-act fatalities per 1,000 uniformed personnel per year, other "
                "operations above 1,000 personnel together, 2013-2016",
                src["CMP"],
                text=f"{oth:.2f}",
            ),
            key(
                "mis_cmp_ratio",
                float(m["rate_malicious"] / oth),
                "ratio of MINUSMA's rate to that of the other operations together, 2013-2016",
                src["CMP"],
                text=f"{m['rate_malicious'] / oth:.0f}",
            ),
            key(
                "mis_cmp_min_strength",
                min_strength,
                "smallest mean uniformed strength of the operations compared",
                "this report's choice (small missions give unstable rates)",
            ),
            key(
                "mis_cmp_n",
                len(others),
                "other peacekeeping operations compared (mean strength of 1,000 or more)",
                src["IPI"],
            ),
        ]
    )


def strength_years(yr: pd.DataFrame, source: str) -> list[int]:
    """The years of :func:`minusma.analysis.rates.mission_year_rates` whose strength comes from ``source``
    (``"IPI"`` or ``"DPO"``), in order.
    """
    return sorted(set(yr.loc[yr["strength_source"] == source, "year"]))


def every_mission_key_figures(yr: pd.DataFrame, ranks: pd.DataFrame) -> pd.DataFrame:
    """MINUSMA against every operation-year, 1991-2020: its rank each year, its worst year, when that was last exceeded.

    Parameters
    ----------
    yr : pandas.DataFrame
        From :func:`minusma.analysis.rates.mission_year_rates` (with the DPO years), highest rate first.
    ranks : pandas.DataFrame
        From :func:`minusma.analysis.rates.ranks_by_year` for MINUSMA.

    Returns
    -------
    pandas.DataFrame
        A key-figure frame: years (shown as written), counts, names, rates (shown to one decimal).
    """
    src = _labels()
    s = src["YR"]
    ipi, dpo = strength_years(yr, "IPI"), strength_years(yr, "DPO")
    hs = rates.highest_since(yr, "MINUSMA")
    not_first = ranks[ranks["rank"] > 1]
    later = yr[(yr["year"] > hs["year"]) & (yr["mission"] != "MINUSMA")].iloc[0]
    return key_frame(
        [
            key("mis_yr_first", ipi[0], "first year of the comparison (IPI strength)", s, fmt="{}"),
            key("mis_yr_ipi_last", ipi[-1], "last full year of the IPI strength", s, fmt="{}"),
            key("mis_yr_dpo", f"{dpo[0]}–{dpo[-1]}", "whole years of the UN DPO yearly means", src["DPO"]),
            key(
                "mis_yr_n",
                len(yr),
                "operation-years compared (peacekeeping operations of 1,000 or more uniformed personnel)",
                s,
            ),
            key("mis_yr_minusma_years", len(ranks), "years in which MINUSMA can be compared", s),
            key(
                "mis_yr_minusma_first",
                int((ranks["rank"] == 1).sum()),
                "of them, years in which MINUSMA had the highest malicious-act fatality rate of any operation",
                s,
            ),
            key(
                "mis_yr_not_first",
                ", ".join(
                    f"{y} ({ordinal(int(r['rank']))}, behind {r['next_mission']})" for y, r in not_first.iterrows()
                )
                or "none",
                "years in which another operation had a higher rate",
                s,
            ),
            key("mis_hs_year", hs["year"], "MINUSMA's worst year (malicious-act fatality rate)", s, fmt="{}"),
            key(
                "mis_hs_rate",
                hs["rate"],
                "its uniformed fatalities in malicious acts per 1,000 uniformed personnel",
                s,
                text=f"{hs['rate']:.1f}",
            ),
            key(
                "mis_hs_since_year",
                hs["since_year"],
                "latest earlier year with a higher operation-year rate",
                s,
                fmt="{}",
            ),
            key("mis_hs_since_mission", hs["since_mission"], "that operation", s),
            key("mis_hs_since_rate", hs["since_rate"], "its rate that year", s, text=f"{hs['since_rate']:.1f}"),
            key(
                "mis_hs_gap_years",
                hs["year"] - hs["since_year"],
                "years between that operation-year and MINUSMA's worst",
                s,
            ),
            key(
                "mis_hs_n_higher",
                hs["n_higher"],
                "operation-years, 1991-2020, with a higher rate than MINUSMA's worst",
                s,
            ),
            key(
                "mis_later_max",
                float(later["rate_malicious"]),
                "highest rate of any other operation in a later year, to 2020",
                s,
                text=f"{later['rate_malicious']:.1f}",
            ),
            key("mis_later_max_where", f"{later['mission']} in {later['year']}", "that operation and year", s),
        ]
    )


def recent_key_figures(
    yr: pd.DataFrame, fbm: pd.DataFrame, dpo_all: pd.DataFrame, ipi_all: pd.DataFrame, min_strength: int
) -> pd.DataFrame:
    """MINUSMA against the other operations over the whole years of the UN's yearly means (2018-2020), and the
    rate of all operations together, 1991-2016 (SIPRI's benchmark).

    Parameters
    ----------
    yr : pandas.DataFrame
        As for :func:`every_mission_key_figures` (its DPO years are the span).
    fbm, dpo_all, ipi_all : pandas.DataFrame
        ``fatalities_by_mission_year``, ``dpo_year_means``, ``ipi_mission_monthly``.
    min_strength : int
        The smallest mean uniformed strength of the operations compared (persons).

    Returns
    -------
    pandas.DataFrame
        A key-figure frame: rates (shown to one or two decimals), the rate ratio (two decimals), a year.
    """
    src = _labels()
    dpo = strength_years(yr, "DPO")
    span = rates.mission_rates(fbm, dpo_all, years=(dpo[0], dpo[-1]), min_strength=min_strength)
    mr, oth = float(span.loc["MINUSMA", "rate_malicious"]), others_rate(span)
    rr = mr / oth
    allops = rates.all_operations_rate(rates.mission_year_rates(fbm, ipi_all, min_strength=0))
    mean = float(allops.loc[2008:2016, "rate_all"].mean())
    return key_frame(
        [
            key(
                "mis_dpo_minusma_rate",
                mr,
                "MINUSMA's malicious-act fatalities per 1,000 uniformed personnel per year, "
                "2018-2020 (UN yearly means)",
                src["YR"],
                text=f"{mr:.2f}",
            ),
            key(
                "mis_dpo_others_rate",
                oth,
                "the other operations of 1,000 or more together, 2018-2020",
                src["YR"],
                text=f"{oth:.2f}",
            ),
            key(
                "mis_dpo_rr",
                rr,
                "rate ratio of malicious-act fatalities, MINUSMA vs the other peacekeeping operations "
                "together, 2018-2020",
                src["YR"],
                text=ratio_text(rr),
            ),
            key(
                "mis_allops_peak_year",
                int(allops["rate_all"].idxmax()),
                "year in which the uniformed fatality rate of "
                "all peacekeeping operations together was highest, 1991-2016",
                src["YR"],
                fmt="{}",
            ),
            key(
                "mis_allops_peak",
                float(allops["rate_all"].max()),
                "uniformed fatalities from all causes per 1,000 uniformed personnel, all operations, that year",
                src["YR"],
                text=f"{allops['rate_all'].max():.1f}",
            ),
            key(
                "mis_allops_2008_16",
                mean,
                "mean yearly rate of all operations together, 2008-2016, all causes",
                src["YR"],
                text=f"{mean:.1f}",
            ),
        ]
    )


def late_starters(ipi_all: pd.DataFrame, missions, after: str = "2013-01-31") -> pd.Series:
    """The first month of IPI's count of each of ``missions`` that began after ``after`` (Timestamp by mission)."""
    first = ipi_all[ipi_all["un_mission"].isin(missions)].groupby("un_mission")["date"].min()
    return first[first > pd.Timestamp(after)]


def rates_table(rt: pd.DataFrame) -> pd.DataFrame:
    """MINUSMA's uniformed dead, strength and rates by year (:func:`minusma.analysis.rates.fatality_rates`), as the
    chapter shows them: numbers formatted, columns named, ``Strength from`` last.
    """
    return (
        rt.reset_index()
        .assign(
            mean_strength=lambda d: d["mean_strength"].map("{:,.0f}".format),
            person_years=lambda d: d["person_years"].map("{:,.0f}".format),
            rate_malicious=lambda d: d["rate_malicious"].map("{:.2f}".format),
            rate_all=lambda d: d["rate_all"].map("{:.2f}".format),
        )[["year", "mean_strength", "person_years", "malicious", "all_causes", "rate_malicious", "rate_all", "method"]]
        .rename(
            columns={
                "year": "Year",
                "mean_strength": "Mean strength",
                "person_years": "Person-years",
                "malicious": "Killed, malicious acts",
                "all_causes": "Killed, all causes",
                "rate_malicious": "Rate, malicious",
                "rate_all": "Rate, all causes",
                "method": "Strength from",
            }
        )
    )


def ranks_table(ranks: pd.DataFrame) -> pd.DataFrame:
    """MINUSMA's rank each year (:func:`minusma.analysis.rates.ranks_by_year`), as the chapter shows it: the rank as
    ``"first of 14"``, rates to two decimals, the strength's source in words.
    """
    return (
        ranks.reset_index()
        .assign(
            rate_malicious=lambda d: d["rate_malicious"].map("{:.2f}".format),
            next_rate=lambda d: d["next_rate"].map("{:.2f}".format),
            others_rate=lambda d: d["others_rate"].map("{:.2f}".format),
            rank=lambda d: [f"{ordinal(r)} of {n}" for r, n in zip(d["rank"], d["operations"])],
            strength_source=lambda d: d["strength_source"].map(rates.STRENGTH_SOURCES),
        )[["year", "rate_malicious", "rank", "next_mission", "next_rate", "others_rate", "strength_source"]]
        .rename(
            columns={
                "year": "Year",
                "rate_malicious": "MINUSMA, per 1,000",
                "rank": "Rank",
                "next_mission": "Highest other",
                "next_rate": "Its rate",
                "others_rate": "All others together",
                "strength_source": "Strength from",
            }
        )
    )
