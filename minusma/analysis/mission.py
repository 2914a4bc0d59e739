"""Analysis for the Mission chapter: mandate, strength, contributors and cost.

Inputs are derived tables of ``data/`` (see :mod:`minusma.data.derive.deployments`,
:mod:`minusma.data.derive.mission_facts` and :mod:`minusma.data.derive.record`):
``resolutions``, ``uniformed_strength``, ``strength_statements``,
``contributors``, ``budget``, ``peacekeeping_budget_totals``, ``activities``,
``attacks_on_mission``, ``timeline``. Fatality rates are in
:mod:`minusma.analysis.rates`, shared with the Casualties chapter; the chapter's larger
charts are drawn by :mod:`minusma.charts.mission`.

Counts are persons; money is US dollars; fiscal years are the UN's (1 July
to 30 June).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma.analysis import rates
from minusma.data import reference as ref
from minusma.markup import Markup, link, md_escape

#: The mission's fiscal years (UN peacekeeping budgets run 1 July - 30 June).
FISCAL_YEARS = tuple(f"{y}/{(y + 1) % 100:02d}" for y in range(2013, 2024))

# --------------------------------------------------------------------------
# Mandate
# --------------------------------------------------------------------------


def ceiling_steps(resolutions: pd.DataFrame) -> pd.DataFrame:
    """Authorised ceilings as steps: one row per period in which the ceilings stayed the same.

    A resolution that sets ceilings starts a step on its adoption date; the
    last step ends when a resolution ends the mandate without setting new
    ones (2690, 30 June 2023).

    Parameters
    ----------
    resolutions : pandas.DataFrame
        The ``resolutions`` table.

    Returns
    -------
    pandas.DataFrame
        Columns ``start``, ``end`` (datetime64), ``troops``, ``police``,
        ``uniformed`` (int, persons), ``resolution`` (int, the resolution
        that set the ceiling), ``renewed_by`` (str, later resolutions that
        kept it, e.g. ``"2364, 2423"``).
    """
    r = resolutions.sort_values("adopted_on")
    sets = r.dropna(subset=["authorised_troops", "authorised_police"])
    end_row = r[r["mandate_until"].notna() & ~r["renews_mandate"].astype(bool)]
    end = end_row["adopted_on"].max() if len(end_row) else r["mandate_until"].max()
    rows = []
    for x in sets.itertuples():
        troops, police = int(x.authorised_troops), int(x.authorised_police)
        if rows and (rows[-1]["troops"], rows[-1]["police"]) == (troops, police):
            rows[-1]["renewed_by"].append(str(x.resolution))
            continue
        rows.append({"start": x.adopted_on, "troops": troops, "police": police, "resolution": int(x.resolution),
                     "renewed_by": []})
    out = pd.DataFrame(rows)
    out["end"] = list(out["start"].iloc[1:] - pd.Timedelta(days=1)) + [end]
    out["uniformed"] = out["troops"] + out["police"]
    out["renewed_by"] = out["renewed_by"].map(", ".join)
    return out[["start", "end", "troops", "police", "uniformed", "resolution", "renewed_by"]]


#: What each resolution changed, in this report's words (the fact base's summaries are notes,
#: not text to reprint). Every resolution of the ``resolutions`` table needs an entry.
CHANGES: dict[int, str] = {
    2100: "Creates the mission under Chapter VII for an initial year; it takes over from AFISMA and the UN office "
          "in Mali on 1 July 2013",
    2164: "Renews; security, protection of civilians, political dialogue and state authority come first; the "
          "mission is to reach beyond the northern towns",
    2227: "Renews; adds military observers to watch the ceasefire and support the new peace agreement",
    2295: "Renews; raises the ceilings; asks for a more proactive and robust posture; French forces may intervene "
          "in support",
    2364: "Renews at the same ceilings; the peace agreement, redeployment of Malian forces and protection of "
          "civilians first",
    2391: "Not a renewal: adds support to the G5 Sahel Joint Force, paid through an EU-coordinated mechanism",
    2423: "Renews; political tasks first; asks for a 'Pact for Peace' with the government",
    2480: "Renews; central Mali becomes the second strategic priority",
    2531: "Renews (vote by videoconference); sets priority measures for the Malian parties",
    2584: "Renews at the same ceilings; adds support to the political transition",
    2640: "Renews, China and Russia abstaining; asks the Secretary-General for an internal review",
    2690: "Ends the mandate at Mali's request; withdrawal by 31 December 2023, then liquidation",
}


def resolution_table(resolutions: pd.DataFrame) -> pd.DataFrame:
    """The resolutions as the chapter shows them: one row each, linked to its source.

    Returns
    -------
    pandas.DataFrame
        Columns ``Resolution`` (number linked to its source, and the date of
        adoption), ``What changed`` (from :data:`CHANGES`; second, so that it
        shows on a phone without scrolling), ``Vote``, ``Mandate to``,
        ``Ceilings, troops / police`` (empty where the resolution set none);
        in order of adoption.

    Raises
    ------
    KeyError
        A resolution has no entry in :data:`CHANGES`.
    """
    r = resolutions.sort_values("adopted_on")
    missing = sorted(set(r["resolution"]) - set(CHANGES))
    if missing:
        raise KeyError(f"resolutions {missing} have no summary in minusma.analysis.mission.CHANGES")

    def number(row):
        u = row["source_url"]
        n = link(row["resolution"], u) if isinstance(u, str) and u else md_escape(row["resolution"])
        return Markup(f"{n}, {row['adopted_on']:%-d %b %Y}")

    def ceilings(row):
        if pd.isna(row["authorised_troops"]):
            return None
        return f"{int(row['authorised_troops']):,} / {int(row['authorised_police']):,}"

    return pd.DataFrame({
        "Resolution": r.apply(number, axis=1),
        "What changed": r["resolution"].map(CHANGES),
        "Vote": r["vote"],
        "Mandate to": r["mandate_until"].dt.strftime("%b %Y").where(r["mandate_until"].notna(), None),
        "Ceilings, troops / police": r.apply(ceilings, axis=1),
    }).reset_index(drop=True)


def url_of(resolutions: pd.DataFrame, number: int):
    """The source address of resolution ``number`` (or None)."""
    u = resolutions.loc[resolutions["resolution"] == number, "source_url"]
    return u.iloc[0] if len(u) and isinstance(u.iloc[0], str) and u.iloc[0] else None


# --------------------------------------------------------------------------
# Strength
# --------------------------------------------------------------------------


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
    for source, series, col in (("IPI", "IPI monthly", "uniformed"), ("RADPKO", "RADPKO yearly mean", "uniformed"),
                                ("DPO", "DPO yearly mean", "uniformed"), ("statement", "statement", "uniformed"),
                                ("Geo-PKO", "Geo-PKO estimate", "military")):
        sel = s[(s["source"] == source) & s[col].notna()]
        parts.append(pd.DataFrame({"series": series, "basis": sel["basis"], "start": sel["period_start"],
                                   "end": sel["period_end"], "value": sel[col], "statistic": sel["statistic"]}))
    mil = s[(s["source"] == "statement") & s["uniformed"].isna() & s["military"].notna()]
    parts.append(pd.DataFrame({"series": "statement, military only", "basis": mil["basis"],
                               "start": mil["period_start"], "end": mil["period_end"], "value": mil["military"],
                               "statistic": mil["statistic"]}))
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
            rows.append({"date": r.period_start, "source": r.source, "basis": r.basis, "uniformed": r.uniformed,
                         "ceiling": c, "share": r.uniformed / c})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------
# Contributors
# --------------------------------------------------------------------------

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
        same_date = same_date[same_date["source"].isin([source, "IPI", "statement"] if source == "statement"
                                                       else [source])]
        if same_date.empty or g["uniformed"].isna().any():
            continue
        total = float(same_date["uniformed"].iloc[0])
        s = float(g["uniformed"].sum())
        if abs(s - total) <= tolerance * total:
            label = (f"{start:%-d %b %Y}" if source == "statement" else f"{start:%b %Y}" if source == "IPI"
                     else f"{start:%Y}")
            rows.append({"source": source, "period_start": start, "period_end": g["period_end"].iloc[0],
                         "label": label, "countries": len(g), "sum_countries": s, "mission_total": total})
    return pd.DataFrame(rows).sort_values("period_start").reset_index(drop=True)


def _top(g: pd.DataFrame, col: str, n: int) -> str:
    g = g.dropna(subset=[col])
    g = g[g[col] > 0].sort_values([col, "contributor"], ascending=[False, True]).head(n)
    return ", ".join(f"{ref.short_name(c)} {v:,.0f}" for c, v in zip(g["contributor"], g[col]))


def top_contributors(contributors: pd.DataFrame, strength: pd.DataFrame, n_troops: int = 4,
                     n_police: int = 3) -> pd.DataFrame:
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
    names = {"statement": "UN (statement)", "IPI": "IPI, UN count", "RADPKO": "RADPKO, yearly mean",
             "DPO": "UN DPO, yearly mean"}
    rows = []
    for s in snaps.itertuples():
        g = contributors[(contributors["source"] == s.source) & (contributors["period_start"] == s.period_start)]
        has_mil = g["military"].notna().all()
        rows.append({"date": s.period_end, "When": s.label, "Source": names[s.source],
                     "Largest troop contributors": _top(g, "military" if has_mil else "uniformed", n_troops)
                     + ("" if has_mil else " (all uniformed)"),
                     "Largest police contributors": _top(g, "police", n_police) if has_mil else None,
                     "Countries listed": s.countries})
    for d in RANKED_STATEMENTS:
        g = contributors[(contributors["source"] == "statement") & (contributors["period_start"] == pd.Timestamp(d))]
        if g.empty:
            continue
        has_mil = g["military"].notna().all()
        rows.append({"date": pd.Timestamp(d), "When": f"{pd.Timestamp(d):%b %Y}", "Source": "press, UN figures",
                     "Largest troop contributors": _top(g, "military" if has_mil else "uniformed", n_troops)
                     + ("" if has_mil else " (personnel type not stated)"),
                     "Largest police contributors": None, "Countries listed": len(g)})
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
        rows.append({"label": s.label, "source": s.source, "period_start": s.period_start,
                     "african": af["uniformed"].sum(), "all": g["uniformed"].sum(),
                     "share": af["uniformed"].sum() / g["uniformed"].sum(),
                     "african_countries": len(af), "countries": len(g)})
    return pd.DataFrame(rows)


def contingent_rates(contributors: pd.DataFrame, deaths: pd.DataFrame, years: tuple[int, int] = (2014, 2019),
                     top: int = 12, source: str = "RADPKO") -> pd.DataFrame:
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
        countries, for comparison.
    """
    rad = contributors[(contributors["source"] == source)
                       & contributors["period_start"].dt.year.between(*years)]
    lacking = sorted(set(range(years[0], years[1] + 1)) - set(rad["period_start"].dt.year))
    if lacking:
        raise ValueError(f"contributors has no {source} yearly mean for {lacking}"
                         + (" (only whole years of the UN DPO means are levels)" if source == "DPO" else ""))
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
    out.index.name = "contributor"
    return out.sort_values("person_years", ascending=False).head(top)


# --------------------------------------------------------------------------
# Cost
# --------------------------------------------------------------------------


def budget_series(budget: pd.DataFrame) -> pd.DataFrame:
    """One budget figure per fiscal year of the mission, 2013/14 to 2023/24, with gaps where unverified.

    The year's main row is used; a year whose main row is unverified keeps
    an empty ``amount_usd`` and, where the fact base has a sourced figure
    for part of the year, shows it as ``partial_usd``.

    Returns
    -------
    pandas.DataFrame
        Index ``fiscal_year`` (:data:`FISCAL_YEARS`); columns ``amount_usd``
        (float or NaN), ``status`` (``sourced``, ``unverified`` or
        ``missing``), ``basis`` (str), ``period_start``, ``period_end``,
        ``partial_usd`` (float or NaN), ``partial_label`` (str or None),
        ``alternatives`` (str: other sourced figures for the year, or None).
    """
    rows = []
    for fy in FISCAL_YEARS:
        g = budget[budget["fiscal_year"] == fy]
        main = g[g["variant"] == "main"]
        others = g[(g["variant"] != "main") & g["verified"].astype(bool) & g["amount_usd"].notna()]
        row = {"fiscal_year": fy, "amount_usd": np.nan, "status": "missing", "basis": None,
               "period_start": pd.Timestamp(f"20{fy[2:4]}-07-01"), "period_end": pd.Timestamp(f"20{fy[5:7]}-06-30"),
               "partial_usd": np.nan, "partial_label": None, "alternatives": None}
        if len(main):
            m = main.iloc[0]
            row.update(period_start=m["period_start"], period_end=m["period_end"], basis=m["basis"])
            if bool(m["verified"]) and pd.notna(m["amount_usd"]):
                row.update(amount_usd=float(m["amount_usd"]), status="sourced")
            elif not bool(m["verified"]):
                row["status"] = "unverified"
        part = others[others["variant"].isin(["first half"])]
        if row["status"] != "sourced" and len(part):
            p = part.iloc[0]
            row.update(partial_usd=float(p["amount_usd"]),
                       partial_label=f"{p['period_start']:%b %Y}–{p['period_end']:%b %Y} only")
        alts = others[others["variant"].isin(["alt.", "ACABQ rec."])]
        if len(alts):
            row["alternatives"] = "; ".join(f"{v} ${a / 1e6:,.1f}M" for v, a in zip(alts["variant"], alts["amount_usd"]))
        rows.append(row)
    return pd.DataFrame(rows).set_index("fiscal_year")


def budget_share(series: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """MINUSMA's share of the approved budgets of all peacekeeping operations, where both are sourced.

    The total's main row of the year is used. Where the total does not
    include MINUSMA (2023/24: its drawdown budget was approved on top), the
    denominator is the total plus MINUSMA's budget.

    Returns
    -------
    pandas.DataFrame
        Index ``fiscal_year``; columns ``minusma_usd``, ``total_usd``
        (float, the total as reported), ``denominator_usd``, ``share``
        (0-1), ``total_basis``, ``total_note`` (str: the scope caveat).
    """
    t = totals[(totals["variant"] == "main") & totals["amount_usd"].notna() & totals["verified"].astype(bool)]
    t = t.set_index("fiscal_year")
    rows = []
    for fy, r in series.dropna(subset=["amount_usd"]).iterrows():
        if fy not in t.index or pd.isna(t.at[fy, "includes_minusma"]):
            continue
        total = float(t.at[fy, "amount_usd"])
        denom = total if bool(t.at[fy, "includes_minusma"]) else total + r["amount_usd"]
        rows.append({"fiscal_year": fy, "minusma_usd": r["amount_usd"], "total_usd": total, "denominator_usd": denom,
                     "share": r["amount_usd"] / denom, "total_basis": t.at[fy, "basis"],
                     "total_note": t.at[fy, "notes"]})
    return pd.DataFrame(rows).set_index("fiscal_year")


def cost_per_person_year(series: pd.DataFrame, strength: pd.DataFrame) -> pd.DataFrame:
    """Budget divided by uniformed person-years in each fiscal year with a sourced budget.

    This is the whole mission's budget (civilian staff, aviation, camps and
    all) per uniformed person deployed for a year: a measure of the
    mission's cost relative to its size, not of what a soldier costs.

    Returns
    -------
    pandas.DataFrame
        Index ``fiscal_year``; columns ``amount_usd``, ``person_years``,
        ``mean_strength`` (float), ``usd_per_person_year`` (float),
        ``basis``, ``method`` (where the strength comes from).
    """
    monthly = rates.monthly_strength(strength)
    s = series.dropna(subset=["amount_usd"])
    periods = [(fy, r["period_start"], r["period_end"]) for fy, r in s.iterrows()]
    by = rates.strength_by_period(monthly, periods)
    out = by[["person_years", "mean_strength", "basis", "method"]].copy()
    out.insert(0, "amount_usd", s["amount_usd"])
    out["usd_per_person_year"] = out["amount_usd"] / out["person_years"]
    out.index.name = "fiscal_year"
    return out


def decade_total(budget: pd.DataFrame) -> dict:
    """MINUSMA's total cost over its fiscal years 2013/14-2023/24, as a range that says what is missing.

    The sourced part sums the main figure of each sourced fiscal year and
    the sourced half of 2013/14; its low and high ends take, for each year,
    the lowest and highest of its sourced figures (alternatives, the ACABQ's
    recommendation, a commitment authority on top of the appropriation). Each
    missing fiscal year (or half-year) is bracketed by the lowest and the
    highest sourced figure of any full fiscal year: an assumption stated in
    the result, not a source.

    Parameters
    ----------
    budget : pandas.DataFrame
        The ``budget`` table (every variant).

    Returns
    -------
    dict
        ``sourced_usd`` (float, main figures), ``sourced_low_usd``,
        ``sourced_high_usd``; ``missing_years`` (float, fiscal years without
        a figure: a half-year counts 0.5), ``missing`` (list of str,
        ``"2015/16"``, ``"2013/14 (Jan-Jun 2014)"``); ``year_low_usd``,
        ``year_high_usd`` (the bracket of a full year); ``low_usd``,
        ``high_usd`` (the decade's range); ``n_sourced`` (int).
    """
    series = budget_series(budget)
    full = series[(series["status"] == "sourced") & (series.index != "2023/24")]
    rows = budget[budget["fiscal_year"].isin(full.index) & budget["variant"].isin(["main", "alt.", "ACABQ rec."])]
    year_low, year_high = float(rows["amount_usd"].min()), float(rows["amount_usd"].max())
    sourced = series[series["status"] == "sourced"]
    low = high = main = 0.0
    for fy, r in sourced.iterrows():
        g = budget[(budget["fiscal_year"] == fy) & budget["variant"].isin(["main", "alt.", "ACABQ rec."])]
        extra = budget.loc[(budget["fiscal_year"] == fy) & (budget["variant"] == "supplement"), "amount_usd"].sum()
        main += r["amount_usd"]
        low += g["amount_usd"].min()
        high += g["amount_usd"].max() + extra
    missing, n_missing = [], 0.0
    for fy, r in series[series["status"] != "sourced"].iterrows():
        if pd.notna(r["partial_usd"]):
            main, low, high = main + r["partial_usd"], low + r["partial_usd"], high + r["partial_usd"]
            missing.append(f"{fy} (Jan–Jun {int(fy[:4]) + 1})")
            n_missing += 0.5
        else:
            missing.append(fy)
            n_missing += 1
    return {"sourced_usd": main, "sourced_low_usd": low, "sourced_high_usd": high, "missing_years": n_missing,
            "missing": missing, "year_low_usd": year_low, "year_high_usd": year_high,
            "low_usd": low + n_missing * year_low, "high_usd": high + n_missing * year_high,
            "n_sourced": int(len(sourced))}


# --------------------------------------------------------------------------
# What it did
# --------------------------------------------------------------------------

#: The mandate areas the chapter groups the mission's work by (EPON's and the Council's headings, in short).
AREAS = ("Security and protection of civilians", "The peace agreement", "Elections", "Human rights",
         "State authority and stabilisation")

#: Each activity of the fact base (``activities.measure``, matched by its start) -> (area, what it was, in this
#: report's words). A new activity without an entry stops :func:`activity_table`, so none is left unclassified.
ACTIVITIES: dict[str, tuple[str, str]] = {
    "support to 2013 presidential election": (
        "Elections", "Electoral material flown to Timbuktu, Gao, Kidal and Mopti for both rounds of the 2013 "
                     "presidential election (no quantity given)"),
    "support to 2018 presidential election": (
        "Elections", "Electoral material and documents to be carried for the 2018 presidential election, tonnes "
                     "(planned, not the outturn)"),
    "support to 2018 elections: electoral personnel": (
        "Elections", "Electoral staff transported during the 2018 elections"),
    "medical evacuation of Malian soldiers": (
        "Security and protection of civilians", "Malian soldiers, many of them wounded, flown out of Kidal after "
                                                "the fighting of May 2014"),
    "aeromedical evacuation capability": (
        "Security and protection of civilians", "Helicopters of the Canadian aeromedical evacuation unit, from "
                                                "August 2018"),
    "patrols": ("Security and protection of civilians", "Patrols in 2021"),
    "operations to protect civilians": ("Security and protection of civilians",
                                        "Operations to protect civilians in 2021"),
    "quick impact projects funded": ("State authority and stabilisation", "Quick impact projects funded in 2015-2016"),
    "quick impact projects completed": ("State authority and stabilisation",
                                        "Quick impact projects completed, July 2013 to April 2018"),
    "Trust Fund for Peace and Security in Mali": (
        "State authority and stabilisation", "Projects of the UN Trust Fund for Peace and Security in Mali, July "
                                             "2013 to April 2018"),
}

#: Each measure of ``attacks_on_mission`` -> what it counts, in this report's words.
ATTACKS: dict[str, str] = {
    "armed attacks on MINUSMA": "Armed attacks on the mission",
    "peacekeepers killed": "Peacekeepers killed in hostile incidents (Special Representative's count)",
    "attacks on MINUSMA (previous period)": "Attacks on the mission (Secretary-General's reporting period)",
    "attacks on MINUSMA": "Attacks on the mission (Secretary-General's reporting period)",
    "attacks (all targets)": "Attacks on all targets in the same period",
}


def _source_link(r) -> str:
    title = str(r["source_title"]).strip("[]")
    return link(title, r["source_url"]) if isinstance(r["source_url"], str) and r["source_url"] else title


def _period(r) -> str:
    a, b = r["start_date"], r["end_date"]
    if pd.isna(a):
        return f"to {b:%-d %b %Y}"
    if a == b:
        return f"{a:%-d %b %Y}"
    if a.day == 1 and b == b + pd.offsets.MonthEnd(0) and a.month == 1 and b.month == 12:
        return f"{a:%Y}" if a.year == b.year else f"{a:%Y}–{b:%Y}"
    if a.day == 1 and b == b + pd.offsets.MonthEnd(0):
        return f"{a:%b %Y}" if (a.year, a.month) == (b.year, b.month) else f"{a:%b %Y}–{b:%b %Y}"
    return f"{a:%-d %b %Y}–{b:%-d %b %Y}"


def _figure(r) -> str | None:
    if pd.isna(r["value"]):
        return None
    q = r["qualifier"] if isinstance(r["qualifier"], str) and r["qualifier"] else ""
    return (f"{q} " if q else "") + f"{r['value']:,.0f}"


def _flags(r) -> str | None:
    f = (["press report only"] if bool(r["press_only"]) else []) + (["not re-checked"] if bool(r["not_rechecked"])
                                                                      else [])
    return "; ".join(f) or None


def classify_activities(activities: pd.DataFrame) -> pd.DataFrame:
    """The fact base's activities with their mandate area and a description in this report's words.

    Returns
    -------
    pandas.DataFrame
        The rows of ``activities`` with ``area`` (one of :data:`AREAS`) and
        ``what`` (str) added, in the order of :data:`AREAS`, then by date.

    Raises
    ------
    KeyError
        An activity matches no key of :data:`ACTIVITIES` (add one).
    """
    def lookup(measure):
        hits = [v for k, v in ACTIVITIES.items() if measure.startswith(k)]
        if not hits:
            raise KeyError(f"activity {measure!r} has no entry in minusma.analysis.mission.ACTIVITIES")
        return hits[0]

    out = activities.copy()
    pairs = out["measure"].map(lookup)
    out["area"], out["what"] = pairs.str[0], pairs.str[1]
    out["_order"] = out["area"].map({a: i for i, a in enumerate(AREAS)})
    return out.sort_values(["_order", "start_date"]).drop(columns="_order").reset_index(drop=True)


def activity_table(activities: pd.DataFrame) -> pd.DataFrame:
    """What the mission did, by mandate area, as the chapter shows it: one row per sourced figure.

    Returns
    -------
    pandas.DataFrame
        Columns ``Area``, ``What``, ``Figure`` (as published, with its
        qualifier; empty where the source gives no number), ``When``,
        ``Source`` (linked), ``Caveat`` (``press report only`` where the
        only stored source is a press report quoting the UN; ``not
        re-checked``).
    """
    c = classify_activities(activities)
    return pd.DataFrame({"Area": c["area"], "What": c["what"], "Figure": c.apply(_figure, axis=1),
                         "When": c.apply(_period, axis=1), "Source": c.apply(_source_link, axis=1),
                         "Caveat": c.apply(_flags, axis=1)})


def attack_table(attacks: pd.DataFrame) -> pd.DataFrame:
    """The attacks on the mission that the fact base counts, as the chapter shows them.

    Returns
    -------
    pandas.DataFrame
        Columns ``What``, ``Figure``, ``When``, ``Source``, ``Caveat`` (as
        :func:`activity_table`), in date order.

    Raises
    ------
    KeyError
        A measure has no entry in :data:`ATTACKS`.
    """
    missing = sorted(set(attacks["measure"]) - set(ATTACKS))
    if missing:
        raise KeyError(f"attack measures {missing} have no entry in minusma.analysis.mission.ATTACKS")
    a = attacks.sort_values(["end_date", "measure"]).reset_index(drop=True)
    return pd.DataFrame({"What": a["measure"].map(ATTACKS), "Figure": a.apply(_figure, axis=1),
                         "When": a.apply(_period, axis=1), "Source": a.apply(_source_link, axis=1),
                         "Caveat": a.apply(_flags, axis=1)})


def area_coverage(activities: pd.DataFrame) -> pd.DataFrame:
    """How many sourced figures the fact base holds for each mandate area, and how many rest on a press report only.

    Returns
    -------
    pandas.DataFrame
        Index ``area`` (every one of :data:`AREAS`, including those with none);
        columns ``figures`` (int, rows), ``press_only`` (int).
    """
    c = classify_activities(activities)
    g = c.groupby("area")
    return pd.DataFrame({"figures": g.size(), "press_only": g["press_only"].sum().astype(int)}).reindex(
        list(AREAS), fill_value=0).rename_axis("area")


# --------------------------------------------------------------------------
# Why it came, and the explainer's claims
# --------------------------------------------------------------------------

#: Timeline markers of 2012-2013, for the chart of why the mission came.
WHY_MARKERS = ("rebellion_2012", "coup_2012", "azawad", "north_taken", "afisma", "serval", "res_2100",
               "minusma_start", "election_2013")

#: The claims of the news explainer this report started from (Reuters, June 2023), quoted, by key. The chapter
#: tests each in a sentence of its own (``tests/test_mission.py`` checks that every one is quoted there).
SEED_CLAIMS: dict[str, str] = {
    "strength": "13,000-strong",
    "deployed": "deployed by the Security Council in 2013",
    "takeover": "al Qaeda-linked insurgents and separatists took over parts of the desert north in 2012",
    "france": "French forces initially forced the militants to retreat, but they bounced back",
    "cities": "protected major cities",
    "mediation": "its conflict mediation has helped cool ethnic disputes in rural areas",
    "medevac": "medical evacuations for Mali's under-equipped army",
    "peace_talks": "coordinated peace talks between rival armed groups in the north",
    "elections": "helping arrange elections",
}


def activity(activities: pd.DataFrame, key: str) -> pd.Series:
    """The one row of ``activities`` whose measure starts with ``key`` (a key of :data:`ACTIVITIES`).

    Raises
    ------
    KeyError
        No row, or more than one, matches.
    """
    hit = activities[activities["measure"].str.startswith(key)]
    if len(hit) != 1:
        raise KeyError(f"{len(hit)} activities match {key!r}: expected one")
    return hit.iloc[0]


def months_between(a: pd.Timestamp, b: pd.Timestamp) -> int:
    """Whole months from ``a`` to ``b``, rounded (a month = 30.4375 days)."""
    return int(round((pd.Timestamp(b) - pd.Timestamp(a)).days / 30.4375))
