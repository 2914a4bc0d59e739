"""Who sent the troops and police: contributing countries, the largest of them, and the contingents' losses.

Inputs are derived tables of ``data/`` (:mod:`minusma.data.derive.deployments`): ``contributors`` (by country:
the UN list of 31 August 2013, IPI March 2014, RADPKO 2014-2019, UN DPO 2018-2020), ``uniformed_strength``,
``geopko_location_contributors``, ``mission_figures``; ``fatalities_minusma`` for the contingents' dead.
Counts are persons; person-years are sums of yearly means; rates are per 1,000 person-years.
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis import rates
from minusma.analysis.keys import key, key_frame
from minusma.analysis.mission import sources
from minusma.analysis.prose import ordinal
from minusma.data import reference as ref

#: Statements that rank the largest contributors (lists of a few countries, not all).
#: 2017-07: the three largest troop contributors (Alwihda); 2020: four of the five largest
#: (allAfrica, "UN data published in 2020"); 2023-02: the largest troop and equipment
#: contributors, truncated after seven (defenceWeb).
RANKED_STATEMENTS = ("2017-07-15", "2020-12-31", "2023-02-28")


def complete_snapshots(contributors: pd.DataFrame, strength: pd.DataFrame, tolerance: float = 0.05) -> pd.DataFrame:
    """Snapshots of contributors that list (nearly) every contributing country.

    A snapshot (source and date) is complete when its countries add up to
    within ``tolerance`` of the mission's total from the same source and
    date (for statements, any official or statement total of that date).

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``period_start``, ``period_end``, ``label``
        (``"31 Aug 2013"``, ``"Mar 2014"``, ``"2016"``), ``countries`` (int),
        ``sum_countries``, ``mission_total`` (float), sorted by date.
    """
    rows = []
    for (source, start), g in contributors.groupby(["source", "period_start"]):
        same_date = strength[(strength["period_start"] == start) & strength["uniformed"].notna()]
        same_date = same_date[
            same_date["source"].isin([source, "IPI", "statement"] if source == "statement" else [source])
        ]
        if same_date.empty or g["uniformed"].isna().any():
            continue
        total = float(same_date["uniformed"].iloc[0])
        s = float(g["uniformed"].sum())
        if abs(s - total) <= tolerance * total:
            label = (
                f"{start:%-d %b %Y}"
                if source == "statement"
                else f"{start:%b %Y}"
                if source == "IPI"
                else f"{start:%Y}"
            )
            rows.append(
                {
                    "source": source,
                    "period_start": start,
                    "period_end": g["period_end"].iloc[0],
                    "label": label,
                    "countries": len(g),
                    "sum_countries": s,
                    "mission_total": total,
                }
            )
    return pd.DataFrame(rows).sort_values("period_start").reset_index(drop=True)


def _top(g: pd.DataFrame, col: str, n: int) -> str:
    g = g.dropna(subset=[col])
    g = g[g[col] > 0].sort_values([col, "contributor"], ascending=[False, True]).head(n)
    return ", ".join(f"{ref.short_name(c)} {v:,.0f}" for c, v in zip(g["contributor"], g[col]))


def top_contributors(
    contributors: pd.DataFrame, strength: pd.DataFrame, n_troops: int = 4, n_police: int = 3
) -> pd.DataFrame:
    """The largest troop and police contributors in each complete snapshot and each ranking statement.

    Returns
    -------
    pandas.DataFrame
        Columns ``When``, ``Source``, ``Largest troop contributors``,
        ``Largest police contributors`` (text such as ``"Chad 1,143,
        Togo 939"``), ``Countries listed`` (int); sorted by the end of the
        period each row covers. RADPKO lists only countries it has columns
        for, so it lists fewer than the UN counts.
        Where a source gives only a uniformed total per country (31 August
        2013; 2023), the troop column ranks that total and says so.
    """
    snaps = complete_snapshots(contributors, strength)
    names = {
        "statement": "UN (statement)",
        "IPI": "IPI, UN count",
        "RADPKO": "RADPKO, yearly mean",
        "DPO": "UN DPO, yearly mean",
    }
    rows = []
    for s in snaps.itertuples():
        g = contributors[(contributors["source"] == s.source) & (contributors["period_start"] == s.period_start)]
        has_mil = g["military"].notna().all()
        rows.append(
            {
                "date": s.period_end,
                "When": s.label,
                "Source": names[s.source],
                "Largest troop contributors": _top(g, "military" if has_mil else "uniformed", n_troops)
                + ("" if has_mil else " (all uniformed)"),
                "Largest police contributors": _top(g, "police", n_police) if has_mil else None,
                "Countries listed": s.countries,
            }
        )
    for d in RANKED_STATEMENTS:
        g = contributors[(contributors["source"] == "statement") & (contributors["period_start"] == pd.Timestamp(d))]
        if g.empty:
            continue
        has_mil = g["military"].notna().all()
        rows.append(
            {
                "date": pd.Timestamp(d),
                "When": f"{pd.Timestamp(d):%b %Y}",
                "Source": "press, UN figures",
                "Largest troop contributors": _top(g, "military" if has_mil else "uniformed", n_troops)
                + ("" if has_mil else " (personnel type not stated)"),
                "Largest police contributors": None,
                "Countries listed": len(g),
            }
        )
    return pd.DataFrame(rows).sort_values("date").drop(columns="date").reset_index(drop=True)


def african_share(contributors: pd.DataFrame, strength: pd.DataFrame) -> pd.DataFrame:
    """Share of MINUSMA's uniformed personnel from African countries (UN M49), in each complete snapshot.

    Returns
    -------
    pandas.DataFrame
        Columns ``label``, ``source``, ``period_start``, ``african``,
        ``all`` (persons, summed over the listed countries), ``share``
        (0-1), ``african_countries``, ``countries`` (int).
    """
    rows = []
    for s in complete_snapshots(contributors, strength).itertuples():
        g = contributors[(contributors["source"] == s.source) & (contributors["period_start"] == s.period_start)]
        af = g[g["african"].astype(bool)]
        rows.append(
            {
                "label": s.label,
                "source": s.source,
                "period_start": s.period_start,
                "african": af["uniformed"].sum(),
                "all": g["uniformed"].sum(),
                "share": af["uniformed"].sum() / g["uniformed"].sum(),
                "african_countries": len(af),
                "countries": len(g),
            }
        )
    return pd.DataFrame(rows)


def contingent_rates(
    contributors: pd.DataFrame,
    deaths: pd.DataFrame,
    years: tuple[int, int] = (2014, 2019),
    top: int = 12,
    source: str = "RADPKO",
) -> pd.DataFrame:
    """Uniformed fatalities per 1,000 personnel per year, by contributing country, over years of yearly means.

    Person-years of a country: the sum of its yearly means from ``source``
    over ``years`` (each yearly mean standing for the whole year): RADPKO
    (2014-2019; 2019 is January to September) or the UN DPO means of the
    whole years 2018-2020 (``source="DPO"``). Fatalities: the country's
    uniformed personnel killed in those calendar years
    (``fatalities_minusma``, by nationality).

    Raises
    ------
    ValueError
        ``source`` has no yearly mean for a year of ``years`` (for DPO: a
        year that is not whole never enters ``contributors``).

    Returns
    -------
    pandas.DataFrame
        Index ``contributor`` (UN spelling); columns ``person_years``
        (float), ``malicious``, ``all_causes`` (int), ``rate_malicious``,
        ``rate_all`` (float, per 1,000 person-years), ``african`` (bool);
        the ``top`` countries by person-years, largest first. ``attrs``
        holds ``mission_rate_malicious`` and ``mission_rate_all`` over all
        countries, for comparison, and the ``years`` and ``source`` used.
    """
    rad = contributors[(contributors["source"] == source) & contributors["period_start"].dt.year.between(*years)]
    lacking = sorted(set(range(years[0], years[1] + 1)) - set(rad["period_start"].dt.year))
    if lacking:
        raise ValueError(
            f"contributors has no {source} yearly mean for {lacking}"
            + (" (only whole years of the UN DPO means are levels)" if source == "DPO" else "")
        )
    py = rad.groupby("contributor")["uniformed"].sum()
    african = rad.groupby("contributor")["african"].first().astype(bool)
    u = deaths[deaths["uniformed"].astype(bool) & deaths["year"].between(*years)]
    mal = u[u["incident_type"] == rates.MALICIOUS].groupby("nationality").size()
    allc = u.groupby("nationality").size()
    out = pd.DataFrame({"person_years": py, "african": african})
    out["malicious"] = mal.reindex(out.index, fill_value=0).astype(int)
    out["all_causes"] = allc.reindex(out.index, fill_value=0).astype(int)
    out["rate_malicious"] = rates.per_1000(out["malicious"], out["person_years"])
    out["rate_all"] = rates.per_1000(out["all_causes"], out["person_years"])
    out.attrs["mission_rate_malicious"] = float(rates.per_1000(mal.sum(), py.sum()))
    out.attrs["mission_rate_all"] = float(rates.per_1000(allc.sum(), py.sum()))
    out.attrs["unmatched_deaths"] = int(len(u) - u["nationality"].isin(py.index).sum())
    out.attrs["years"], out.attrs["source"] = (int(years[0]), int(years[1])), source
    out.index.name = "contributor"
    return out.sort_values("person_years", ascending=False).head(top)


def key_figures(contributors: pd.DataFrame, strength: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The numbers of the section "Who sent the troops and police": the first list, the African share, the largest.

    Parameters
    ----------
    contributors, strength : pandas.DataFrame
        ``contributors`` and ``uniformed_strength``.
    figures : pandas.DataFrame
        ``mission_figures`` (metric ``contributing_countries_total``).

    Returns
    -------
    pandas.DataFrame
        A key-figure frame: counts of countries (int), names (str, short), shares (0-1, shown as percentages),
        person-years and personnel (persons).
    """
    src = sources()
    contrib = "UN list of 31 Aug 2013 (bamada.net), IPI March 2014, RADPKO 2014-2019"
    afr = african_share(contributors, strength)
    a13, rad_afr = afr.iloc[0], afr[afr["source"] == "RADPKO"]
    aug = contributors[(contributors["source"] == "statement") & (contributors["period_start"] == a13["period_start"])]
    top5 = [ref.short_name(c) for c in aug.sort_values("uniformed", ascending=False)["contributor"].head(5)]
    rad = contributors[contributors["source"] == "RADPKO"]
    py = rad.groupby(["contributor", "african"])["uniformed"].sum().reset_index()
    nafr = py[~py["african"].astype(bool)].sort_values("uniformed", ascending=False).iloc[0]
    c19 = rad[rad["period_start"].dt.year == 2019]
    top19 = c19.sort_values("military", ascending=False).iloc[0]
    pol19 = c19.sort_values("police", ascending=False).iloc[0]
    n53 = figures[figures["metric"] == "contributing_countries_total"].iloc[0]
    return key_frame(
        [
            key("mis_aug2013_countries", int(a13["countries"]), "contributing countries, 31 August 2013", contrib),
            key(
                "mis_aug2013_top5",
                ", ".join(top5[:-1]) + " and " + top5[-1],
                "five largest contributors, 31 August 2013, largest first",
                contrib,
            ),
            key(
                "mis_top_non_african",
                ref.short_name(nafr["contributor"]),
                "largest non-African contributor by person-years, 2014-2019",
                src["RAD"],
            ),
            key(
                "mis_top_non_african_n",
                nafr["uniformed"],
                "its uniformed person-years, 2014-2019 (sum of yearly means)",
                src["RAD"],
                text=f"{nafr['uniformed']:,.0f}",
            ),
            key(
                "mis_aug2013_african_share",
                a13["share"],
                "share of uniformed personnel from African countries, 31 August 2013",
                contrib,
                text=f"{a13['share']:.0%}",
            ),
            key(
                "mis_rad_african_min",
                rad_afr["share"].min(),
                "lowest yearly share of uniformed personnel from African countries, 2014-2019 (RADPKO)",
                src["RAD"],
                text=f"{rad_afr['share'].min():.0%}",
            ),
            key(
                "mis_rad_african_max",
                rad_afr["share"].max(),
                "highest yearly share of uniformed personnel from African countries, 2014-2019 (RADPKO)",
                src["RAD"],
                text=f"{rad_afr['share'].max():.0%}",
            ),
            key(
                "mis_top_troops_2019",
                ref.short_name(top19["contributor"]),
                "largest troop contributor, 2019 (RADPKO)",
                src["RAD"],
            ),
            key(
                "mis_top_troops_2019_n",
                round(top19["military"]),
                "its military personnel, mean of Jan-Sep 2019",
                src["RAD"],
            ),
            key(
                "mis_top_police_2019",
                ref.short_name(pol19["contributor"]),
                "largest police contributor, 2019 (RADPKO)",
                src["RAD"],
            ),
            key(
                "mis_countries_ever",
                int(n53["value_number"]),
                "countries that contributed troops over the mission's life",
                n53["source_title"],
            ),
        ]
    )


def _check_period(cr: pd.DataFrame, years: tuple[int, int], source: str) -> None:
    """The key figures' units name their period and source: refuse rates computed over another."""
    got = (cr.attrs.get("years"), cr.attrs.get("source"))
    if got != (years, source):
        raise ValueError(f"these key figures describe {source} {years[0]}-{years[1]}; the rates given are over {got}")


def worst_contingent(cr: pd.DataFrame) -> tuple[str, float]:
    """The contingent of :func:`contingent_rates` with the highest malicious-act rate, and the ratio of its rate to
    all contingents'.
    """
    worst = cr["rate_malicious"].idxmax()
    return worst, float(cr.loc[worst, "rate_malicious"] / cr.attrs["mission_rate_malicious"])


def contingent_key_figures(cr: pd.DataFrame, locations: pd.DataFrame) -> pd.DataFrame:
    """The contingents' losses over 2014-2019 (RADPKO's yearly means): the worst, its rank, where it served.

    Parameters
    ----------
    cr : pandas.DataFrame
        From :func:`contingent_rates` over 2014-2019.
    locations : pandas.DataFrame
        ``geopko_location_contributors`` (``contributor``, ``year``, ``location``, ``troops_est``).

    Returns
    -------
    pandas.DataFrame
        A key-figure frame: names (str), rates per 1,000 per year (shown to one decimal), the ratio, the killed
        and the rank (int; the rank shown as an ordinal word), the three locations (str).

    Raises
    ------
    ValueError
        ``cr`` is not over RADPKO's 2014-2019 (the period the units and the prose state).
    """
    _check_period(cr, (2014, 2019), "RADPKO")
    src = sources()
    both, un, geo = f"{src['RAD']}; {src['UN']}", src["UN"], src["GEO"]
    worst, ratio = worst_contingent(cr)
    rank = int(list(cr.index).index(worst) + 1)
    g = locations[(locations["contributor"] == worst) & locations["year"].between(*cr.attrs["years"])]
    where = list(g.groupby("location")["troops_est"].sum().sort_values(ascending=False).head(3).index)
    second = cr["rate_malicious"].drop(worst).idxmax()
    rate, allc = float(cr.loc[worst, "rate_malicious"]), cr.attrs["mission_rate_malicious"]
    return key_frame(
        [
            key(
                "mis_worst_contingent",
                ref.short_name(worst),
                "contingent with the highest rate of malicious-act fatalities among the 12 largest, 2014-2019",
                both,
            ),
            key(
                "mis_worst_contingent_rate",
                rate,
                "its uniformed fatalities in malicious acts per 1,000 personnel per year, 2014-2019",
                both,
                text=f"{rate:.1f}",
            ),
            key(
                "mis_contingent_mission_rate",
                allc,
                "all contingents' uniformed malicious-act fatalities per 1,000 personnel per year, 2014-2019",
                both,
                text=f"{allc:.1f}",
            ),
            key(
                "mis_worst_contingent_ratio",
                ratio,
                "ratio of that contingent's rate to the rate of all contingents",
                both,
                text=f"{ratio:.1f}",
            ),
            key(
                "mis_worst_contingent_killed",
                int(cr.loc[worst, "malicious"]),
                "its uniformed personnel killed in malicious acts, 2014-2019",
                un,
            ),
            key(
                "mis_worst_contingent_rank",
                rank,
                "its rank among contributors by person-years, 2014-2019",
                src["RAD"],
                text=ordinal(rank),
            ),
            key(
                "mis_worst_contingent_where",
                ", ".join(where[:-1]) + " and " + where[-1],
                "locations where Geo-PKO places most of that contingent, 2014-2019",
                geo,
            ),
            key("mis_second_contingent", ref.short_name(second), "contingent with the second highest rate", both),
            key(
                "mis_second_contingent_rate",
                float(cr.loc[second, "rate_malicious"]),
                "its malicious-act fatalities per 1,000 personnel per year, 2014-2019",
                both,
                text=f"{cr.loc[second, 'rate_malicious']:.1f}",
            ),
        ]
    )


def contingent_key_figures_2020(cr2: pd.DataFrame) -> pd.DataFrame:
    """The contingents' losses over the whole years 2018-2020 of the UN's yearly means (as
    :func:`contingent_key_figures`), and how many of the largest lost no one.

    Raises
    ------
    ValueError
        ``cr2`` is not over the UN DPO means of 2018-2020.
    """
    _check_period(cr2, (2018, 2020), "DPO")
    src = sources()
    both = f"{src['DPO']}; {src['UN']}"
    worst, ratio = worst_contingent(cr2)
    rate, allc = float(cr2.loc[worst, "rate_malicious"]), cr2.attrs["mission_rate_malicious"]
    return key_frame(
        [
            key(
                "mis_worst_contingent_2020",
                ref.short_name(worst),
                "contingent with the highest rate of malicious-act "
                "fatalities among the 12 largest, 2018-2020 (UN yearly means)",
                both,
            ),
            key(
                "mis_worst_contingent_2020_rate",
                rate,
                "its uniformed fatalities in malicious acts per 1,000 personnel per year, 2018-2020",
                both,
                text=f"{rate:.1f}",
            ),
            key(
                "mis_worst_contingent_2020_killed",
                int(cr2.loc[worst, "malicious"]),
                "its uniformed personnel killed in malicious acts, 2018-2020",
                src["UN"],
            ),
            key(
                "mis_contingent_mission_rate_2020",
                allc,
                "all contingents' uniformed malicious-act fatalities per 1,000 personnel per year, 2018-2020",
                both,
                text=f"{allc:.1f}",
            ),
            key(
                "mis_worst_contingent_2020_ratio",
                ratio,
                "ratio of that contingent's rate to the rate of all contingents, 2018-2020",
                both,
                text=f"{ratio:.1f}",
            ),
            key(
                "mis_contingents_2020_none",
                int((cr2["malicious"] == 0).sum()),
                "of the 12 largest contingents of 2018-2020, those that lost no one in malicious acts",
                both,
            ),
        ]
    )


def contingent_table(cr: pd.DataFrame, cr2: pd.DataFrame) -> pd.DataFrame:
    """The contingents' rates in the two sources side by side, as the chapter shows them.

    Returns
    -------
    pandas.DataFrame
        Columns ``Contingent`` (short name), ``2014–2019, RADPKO: rate (killed)``, ``2018–2020, UN DPO: rate
        (killed)`` (``"1.23 (4)"``, None where the contingent is not among that period's largest); by name.
    """
    both = (
        cr[["rate_malicious", "malicious"]]
        .add_suffix("_1419")
        .join(cr2[["rate_malicious", "malicious"]].add_suffix("_1820"), how="outer")
    )

    def fmt(r, k):
        return None if pd.isna(r) else f"{r:.2f} ({int(k)})"

    return pd.DataFrame(
        {
            "Contingent": [ref.short_name(c) for c in both.index],
            "2014–2019, RADPKO: rate (killed)": [
                fmt(r, k) for r, k in zip(both["rate_malicious_1419"], both["malicious_1419"])
            ],
            "2018–2020, UN DPO: rate (killed)": [
                fmt(r, k) for r, k in zip(both["rate_malicious_1820"], both["malicious_1820"])
            ],
        }
    ).sort_values("Contingent")
