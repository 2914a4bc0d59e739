"""The Casualties chapter's key figures: one frame per section, registered with one call.

Each ``*_figures`` function returns the figures one section of the chapter
states, as a frame that :meth:`minusma.book.chapter.Chapter.keys` registers:
one row per figure, columns ``name`` (glue key, str), ``value`` (int, float
or str), ``unit`` and ``source`` (str), ``text`` and ``fmt`` (str or None: how
the prose shows the value, see :func:`minusma.book.keyfigures.register`).
The ``source`` arguments name the datasets (from the data package, through
:meth:`minusma.book.chapter.Chapter.dataset`), so they follow a refresh.

Inputs are the derived tables ``fatalities_minusma`` and
``fatalities_by_mission_year`` (UN Peace and Security Data Hub,
``DPPADPOSS-FATALITIES``) and the frames of :mod:`minusma.analysis.casualties`
and :mod:`minusma.analysis.rates` computed from them.
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis.casualties import (
    MALICIOUS,
    by_mission,
    by_nationality,
    by_personnel,
    count_as_of,
    deadliest_days,
    share_of_all_missions,
)
from minusma.analysis.keys import key, key_frame
from minusma.analysis.prose import ordinal
from minusma.data import reference as ref

#: How MINUSMA's strength is obtained for its rates (minusma.analysis.strength.monthly_strength), for key figures.
RATE_STRENGTH = "IPI, RADPKO, UN DPO yearly means and UN statements (uniformed_strength)"


def _day(ts) -> str:
    """A date as the prose writes it: ``20 January 2019``."""
    return pd.Timestamp(ts).strftime("%-d %B %Y")


def _figures(rows: list[tuple], source: str) -> pd.DataFrame:
    """A key-figure frame from ``(name, value, unit[, text[, fmt[, source]]])`` tuples; ``source`` by default."""
    out = []
    for r in rows:
        name, value, unit, text, fmt, src = (tuple(r) + (None, None, None))[:6]
        out.append(key(name, value, unit, src or source, text, fmt))
    return key_frame(out)


def overview_figures(
    deaths: pd.DataFrame, highest: dict, *, version: str, source: str, strength_source: str
) -> pd.DataFrame:
    """The opening's figures: totals, first and last death, and the worst year against every operation-year.

    Parameters
    ----------
    deaths : pandas.DataFrame
        ``fatalities_minusma``.
    highest : dict
        From :func:`minusma.analysis.rates.highest_since` for MINUSMA.
    version : str
        Version of the UN fatalities table (its data-package source entry).
    source, strength_source : str
        Dataset names of the fatalities table and of the strength tables behind ``highest``.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame (see the section comment): ``cas_un_version``, ``cas_n_years``, ``cas_rate_worst_year``,
        ``cas_rate_worst``, ``cas_rate_since_year``, ``cas_rate_since_mission``, ``cas_total``, ``cas_malicious``,
        ``cas_malicious_share``, ``cas_first_death``, ``cas_last_death``.
    """
    yr = f"{source}; strength: {strength_source}"
    total, malicious = len(deaths), int((deaths["incident_type"] == MALICIOUS).sum())
    return _figures(
        [
            ("cas_un_version", version, "version date of the UN fatalities table"),
            ("cas_n_years", int(deaths["year"].nunique()), "calendar years with MINUSMA fatalities"),
            (
                "cas_rate_worst_year",
                highest["year"],
                "MINUSMA's year with the highest rate of uniformed fatalities in "
                "malicious acts, 2013-2016 and 2018-2020",
                None,
                "{}",
                yr,
            ),
            (
                "cas_rate_worst",
                highest["rate"],
                "uniformed fatalities in malicious acts per 1,000 uniformed personnel in that year",
                f"{highest['rate']:.1f}",
                None,
                yr,
            ),
            (
                "cas_rate_since_year",
                highest["since_year"],
                "latest earlier year in which another peacekeeping operation "
                "(mean strength 1,000 or more) had a higher rate, 1991-2016 and 2018-2020",
                None,
                "{}",
                yr,
            ),
            ("cas_rate_since_mission", highest["since_mission"], "that operation", None, "{}", yr),
            ("cas_total", total, "fatalities, all personnel, all causes"),
            ("cas_malicious", malicious, "fatalities in malicious acts, all personnel"),
            (
                "cas_malicious_share",
                malicious / total,
                "share of MINUSMA fatalities caused by malicious acts",
                f"{malicious / total:.0%}",
            ),
            ("cas_first_death", _day(deaths["incident_date"].min()), "date of the first recorded MINUSMA fatality"),
            ("cas_last_death", _day(deaths["incident_date"].max()), "date of the last recorded MINUSMA fatality"),
        ],
        source,
    )


def yearly_figures(by_year: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """The figures of "Year by year": the peak year, counts over periods, the years malicious acts led.

    Parameters
    ----------
    by_year : pandas.DataFrame
        From :func:`by_year_and_type`.
    source : str
        Dataset name of the fatalities table.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``cas_peak_malicious_year``, ``cas_peak_malicious_n``, ``cas_malicious_2013_2017``,
        ``cas_malicious_2018_2023``, ``cas_illness``, ``cas_years_malicious_leading``, ``cas_tbd_unknown``,
        ``cas_malicious_2022_2023``, ``cas_malicious_2020_2021``.
    """
    mal = by_year[MALICIOUS]
    peak = int(mal.idxmax())

    def span(first: int, last: int) -> int:
        return int(mal.loc[first:last].sum())

    return _figures(
        [
            ("cas_peak_malicious_year", peak, "year with most malicious-act fatalities", None, "{}"),
            ("cas_peak_malicious_n", int(mal.loc[peak]), "malicious-act fatalities in the peak year"),
            ("cas_malicious_2013_2017", span(2013, 2017), "malicious-act fatalities, 2013-2017"),
            ("cas_malicious_2018_2023", span(2018, 2023), "malicious-act fatalities, 2018-2023"),
            ("cas_illness", int(by_year["Illness"].sum()), "fatalities from illness"),
            (
                "cas_years_malicious_leading",
                years_malicious_leading(by_year),
                "years in which malicious acts caused more MINUSMA fatalities than any other incident type",
            ),
            (
                "cas_tbd_unknown",
                int(by_year[["To Be Determined", "Unknown"]].sum().sum()),
                "fatalities with cause 'To Be Determined' or 'Unknown'",
            ),
            ("cas_malicious_2022_2023", span(2022, 2023), "malicious-act fatalities, 2022-2023"),
            ("cas_malicious_2020_2021", span(2020, 2021), "malicious-act fatalities, 2020-2021"),
        ],
        source,
    )


def years_malicious_leading(by_year: pd.DataFrame) -> int:
    """Years (rows of :func:`by_year_and_type`) in which malicious acts killed more than any other incident type."""
    others = by_year.drop(columns=["Total", MALICIOUS])
    return int((by_year[MALICIOUS] > others.max(axis=1)).sum())


def mission_figures(agg: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """The figures of "The deadliest mission": MINUSMA's ranks since 1948 and its share of UN hostile deaths.

    Parameters
    ----------
    agg : pandas.DataFrame
        ``fatalities_by_mission_year``.
    source : str
        Dataset name of that table.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``cas_rank_malicious``, ``cas_n_operations``, ``cas_runner_up``, ``cas_runner_up_n``,
        ``cas_all_rank``, ``cas_all_leader``, ``cas_all_leader_n``, ``cas_all_leader_since``,
        ``cas_monuc_monusco``, ``cas_decade_all_missions_malicious``, ``cas_decade_share``,
        ``cas_share_peak_year``, ``cas_share_peak``, ``cas_share_years_over_half``.
    """
    mal, allc = by_mission(agg, MALICIOUS), by_mission(agg)
    rank_mal, rank_all = list(mal.index).index("MINUSMA") + 1, list(allc.index).index("MINUSMA") + 1
    leader = allc.index[0]
    share = share_of_all_missions(agg)
    decade = share["mission"].sum() / share["all_missions"].sum()
    peak = int(share["share"].idxmax())
    return _figures(
        [
            (
                "cas_rank_malicious",
                rank_mal,
                "rank of MINUSMA among UN peacekeeping operations by malicious-act fatalities since 1948",
                ordinal(rank_mal),
            ),
            (
                "cas_n_operations",
                int(agg.loc[agg["mission_kind"] == ref.PKO, "mission"].nunique()),
                "peacekeeping operations with at least one recorded fatality",
            ),
            ("cas_runner_up", mal.index[1], "operation with the second most malicious-act fatalities", None, "{}"),
            ("cas_runner_up_n", int(mal.iloc[1]), "malicious-act fatalities of the runner-up"),
            ("cas_all_rank", rank_all, "rank of MINUSMA by fatalities from all causes", ordinal(rank_all)),
            ("cas_all_leader", leader, "operation with most fatalities, all causes", None, "{}"),
            ("cas_all_leader_n", int(allc.iloc[0]), "fatalities from all causes, leading operation"),
            (
                "cas_all_leader_since",
                int(agg.loc[agg["mission"] == leader, "year"].min()),
                "first year with a recorded fatality, leading operation",
                None,
                "{}",
            ),
            (
                "cas_monuc_monusco",
                int(allc.get("MONUC", 0) + allc.get("MONUSCO", 0)),
                "fatalities, MONUC and MONUSCO together, all causes",
            ),
            (
                "cas_decade_all_missions_malicious",
                int(share["all_missions"].sum()),
                "malicious-act fatalities in all UN missions, 2013-2023",
            ),
            (
                "cas_decade_share",
                decade,
                "MINUSMA share of malicious-act fatalities in all UN missions, 2013-2023",
                f"{decade:.0%}",
            ),
            ("cas_share_peak_year", peak, "year of MINUSMA's highest share", None, "{}"),
            (
                "cas_share_peak",
                share.loc[peak, "share"],
                "MINUSMA share of malicious-act fatalities in all UN missions, peak year",
                f"{share.loc[peak, 'share']:.0%}",
            ),
            (
                "cas_share_years_over_half",
                int((share["share"] > 0.5).sum()),
                "years in which MINUSMA had more than half",
            ),
        ],
        source,
    )


def rate_figures(rt: pd.DataFrame, *, source: str, strength_source: str = RATE_STRENGTH) -> pd.DataFrame:
    """The figures of "Per peacekeeper deployed": MINUSMA's rates over its life and in its worst year.

    Parameters
    ----------
    rt : pandas.DataFrame
        From :func:`minusma.analysis.rates.fatality_rates` (with ``attrs["total"]``).
    source : str
        Dataset name of the fatalities table.
    strength_source : str
        Where the strength comes from (default :data:`RATE_STRENGTH`).

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``cas_rate_malicious``, ``cas_rate_all`` (per 1,000 uniformed personnel per year,
        July 2013 to December 2023), ``cas_rate_peak_year``, ``cas_rate_peak``.
    """
    total = rt.attrs["total"]
    peak = int(rt["rate_malicious"].idxmax())
    per_year = "per 1,000 uniformed personnel per year, Jul 2013-Dec 2023"
    return _figures(
        [
            (
                "cas_rate_malicious",
                total["rate_malicious"],
                f"uniformed fatalities in malicious acts {per_year}",
                f"{total['rate_malicious']:.1f}",
            ),
            (
                "cas_rate_all",
                total["rate_all"],
                f"uniformed fatalities from all causes {per_year}",
                f"{total['rate_all']:.1f}",
            ),
            ("cas_rate_peak_year", peak, "year with the highest malicious-act fatality rate", None, "{}"),
            (
                "cas_rate_peak",
                float(rt.loc[peak, "rate_malicious"]),
                "malicious-act fatalities per 1,000 uniformed personnel in that year",
                f"{rt.loc[peak, 'rate_malicious']:.1f}",
            ),
        ],
        f"{source}; strength: {strength_source}",
    )


def who_figures(deaths: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """The figures of "Who died": nationalities, the country that lost most, uniformed and civilian staff.

    Parameters
    ----------
    deaths : pandas.DataFrame
        ``fatalities_minusma``.
    source : str
        Dataset name of that table.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``cas_n_nationalities``, ``cas_top_nationality``, ``cas_top_nationality_n``,
        ``cas_top_nationality_mal``, ``cas_top_nationality_share_mal``, ``cas_uniformed``, ``cas_civilian_staff``,
        ``cas_local_staff``.
    """
    nat, pers = by_nationality(deaths), by_personnel(deaths)
    top_share = nat["malicious"].iloc[0] / int((deaths["incident_type"] == MALICIOUS).sum())
    civilian = [p for p in ["International Civilian", "Local"] if p in pers.index]
    return _figures(
        [
            ("cas_n_nationalities", len(nat), "nationalities among MINUSMA fatalities"),
            ("cas_top_nationality", nat.index[0], "nationality with most fatalities", None, "{}"),
            ("cas_top_nationality_n", int(nat["total"].iloc[0]), "fatalities of that nationality, all causes"),
            ("cas_top_nationality_mal", int(nat["malicious"].iloc[0]), "malicious-act fatalities of that nationality"),
            (
                "cas_top_nationality_share_mal",
                top_share,
                "its share of MINUSMA malicious-act fatalities",
                f"{top_share:.0%}",
            ),
            (
                "cas_uniformed",
                int(deaths["uniformed"].astype(bool).sum()),
                "uniformed personnel among MINUSMA fatalities",
            ),
            (
                "cas_civilian_staff",
                int(pers.loc[civilian, "Total"].sum()),
                "civilian staff (international and local) among MINUSMA fatalities",
            ),
            (
                "cas_local_staff",
                int(pers.loc["Local", "Total"]) if "Local" in pers.index else 0,
                "Malian (local) staff among MINUSMA fatalities",
            ),
        ],
        source,
    )


def day_figures(deaths: pd.DataFrame, many: int, *, source: str) -> pd.DataFrame:
    """The figures of "The deadliest days": the worst day, and the days with ``many`` or more hostile deaths.

    Parameters
    ----------
    deaths : pandas.DataFrame
        ``fatalities_minusma``.
    many : int
        Threshold: malicious-act fatalities in one day.
    source : str
        Dataset name of that table.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``cas_worst_day``, ``cas_worst_day_n``, ``cas_worst_day_who``, ``cas_many`` (source
        ``method``), ``cas_days_5plus`` (the name is historical: the count uses ``many``).
    """
    days = deadliest_days(deaths, n=len(deaths))
    worst = days.iloc[0]
    return _figures(
        [
            ("cas_worst_day", _day(worst["date"]), "date of the deadliest attack"),
            ("cas_worst_day_n", int(worst["fatalities"]), "fatalities on the deadliest day"),
            (
                "cas_worst_day_who",
                worst["nationalities"].split(" (")[0],
                "nationality of those killed on the deadliest day",
                None,
                "{}",
            ),
            ("cas_many", int(many), "threshold: fatalities in one day", None, None, "method"),
            (
                "cas_days_5plus",
                int((days["fatalities"] >= many).sum()),
                f"days with {many} or more malicious-act fatalities",
            ),
        ],
        source,
    )


#: Published tolls and the scopes that reproduce them: (incident date on or before, or ``None`` for the end of
#: the mandate; uniformed only; malicious acts only; scope; published figure it matches; key figure or None).
TOLLS = [
    (
        "2018-04-07",
        False,
        True,
        "all personnel, malicious acts",
        "UN via Ouest-France, 8 Apr 2018: 102 killed in attacks",
        "cas_apr2018_all_malicious",
    ),
    (
        "2023-02-21",
        True,
        True,
        "uniformed personnel, malicious acts",
        "UN via AP, 22 Feb 2023: 168 killed in hostile acts",
        "cas_feb2023_uniformed_malicious",
    ),
    (
        None,
        True,
        True,
        "uniformed personnel, malicious acts",
        "press at the end of the mandate: about 170 in hostile acts",
        "cas_jun2023_uniformed_malicious",
    ),
    (None, False, True, "all personnel, malicious acts", "", "cas_jun2023_all_malicious"),
    (None, True, False, "uniformed personnel, all causes", "", None),
    (None, False, False, "all personnel, all causes", "", "cas_jun2023_all"),
    (
        "2023-12-31",
        False,
        False,
        "all personnel, all causes",
        "UN Secretary-General's spokesperson, 31 Dec 2023: 311",
        "cas_dec2023_all",
    ),
]


def published_tolls(deaths: pd.DataFrame, end_of_mandate: pd.Timestamp, tolls: list[tuple] = TOLLS) -> pd.DataFrame:
    """Counts of the UN table in the scopes of published tolls (:data:`TOLLS`).

    Parameters
    ----------
    deaths : pandas.DataFrame
        ``fatalities_minusma``.
    end_of_mandate : pandas.Timestamp
        The cut-off of the scopes dated ``None`` (from the ``timeline`` table).
    tolls : list of tuple
        Scopes, as :data:`TOLLS`.

    Returns
    -------
    pandas.DataFrame
        One row per scope: ``cut_off`` (str, YYYY-MM-DD), ``scope`` (str), ``count`` (int, fatalities with an
        incident date on or before ``cut_off`` in that scope), ``published`` (str), ``key`` (str or None).
    """
    rows = []
    for date, uniformed, malicious, scope, published, name in tolls:
        cut = date or end_of_mandate.strftime("%Y-%m-%d")
        rows.append(
            {
                "cut_off": cut,
                "scope": scope,
                "published": published,
                "key": name,
                "count": count_as_of(deaths, cut, uniformed_only=uniformed, malicious_only=malicious),
            }
        )
    return pd.DataFrame(rows, columns=["cut_off", "scope", "count", "published", "key"])


def toll_figures(
    deaths: pd.DataFrame, tolls: pd.DataFrame, end_of_mandate: pd.Timestamp, *, source: str, timeline_source: str
) -> pd.DataFrame:
    """The figures of "About 170 or more than 300": counts in the scopes of published tolls, and late notifications.

    Parameters
    ----------
    deaths : pandas.DataFrame
        ``fatalities_minusma``.
    tolls : pandas.DataFrame
        From :func:`published_tolls`.
    end_of_mandate : pandas.Timestamp
        The end of the mandate (``timeline``).
    source, timeline_source : str
        Dataset names of the fatalities table and of the ``timeline`` table.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``cas_feb2023_uniformed_malicious``, ``cas_apr2018_all_malicious``, ``cas_dec2023_all``,
        ``cas_mandate_end``, ``cas_jun2023_uniformed_malicious``, ``cas_jun2023_all_malicious``,
        ``cas_jun2023_all``, ``cas_notified_other_month``.
    """
    n = tolls.dropna(subset=["key"]).set_index("key")["count"].astype(int)
    late = int((deaths["notification_month"] != deaths["incident_date"].dt.strftime("%Y-%m")).sum())
    on_or_before = "with incident date on or before"
    return _figures(
        [
            (
                "cas_feb2023_uniformed_malicious",
                n["cas_feb2023_uniformed_malicious"],
                f"uniformed fatalities in malicious acts {on_or_before} 21 Feb 2023",
            ),
            (
                "cas_apr2018_all_malicious",
                n["cas_apr2018_all_malicious"],
                f"fatalities in malicious acts (all personnel) {on_or_before} 7 Apr 2018",
            ),
            (
                "cas_dec2023_all",
                n["cas_dec2023_all"],
                f"fatalities from all causes, all personnel, {on_or_before} 31 Dec 2023",
            ),
            ("cas_mandate_end", _day(end_of_mandate), "date the mandate ended (cut-off)", None, None, timeline_source),
            (
                "cas_jun2023_uniformed_malicious",
                n["cas_jun2023_uniformed_malicious"],
                "uniformed fatalities in malicious acts on or before the end of the mandate",
            ),
            (
                "cas_jun2023_all_malicious",
                n["cas_jun2023_all_malicious"],
                "fatalities in malicious acts, all personnel, to the end of the mandate",
            ),
            (
                "cas_jun2023_all",
                n["cas_jun2023_all"],
                "fatalities from all causes, all personnel, to the end of the mandate",
            ),
            ("cas_notified_other_month", late, "MINUSMA fatalities notified in a later month than the incident"),
        ],
        source,
    )
