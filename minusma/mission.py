"""Analysis for the Mission chapter: mandate, strength, contributors and cost.

Inputs are derived tables of ``data/`` (see :mod:`minusma.derive.deployments`
and :mod:`minusma.derive.mission_facts`): ``resolutions``,
``uniformed_strength``, ``strength_statements``, ``contributors``,
``budget``, ``peacekeeping_budget_totals``. Fatality rates are in
:mod:`minusma.rates`, shared with the Casualties chapter.

Counts are persons; money is US dollars; fiscal years are the UN's (1 July
to 30 June).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import rates
from . import reference as ref

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
        raise KeyError(f"resolutions {missing} have no summary in minusma.mission.CHANGES")

    def number(row):
        u = row["source_url"]
        n = f"[{row['resolution']}]({u})" if isinstance(u, str) and u else str(row["resolution"])
        return f"{n}, {row['adopted_on']:%-d %b %Y}"

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
        Columns ``series`` (``IPI monthly``, ``RADPKO yearly mean``,
        ``statement``, ``statement, military only``, ``Geo-PKO estimate``),
        ``basis``, ``start``, ``end`` (datetime64; equal for points),
        ``value`` (float, persons: uniformed, or military where the series
        says so), ``statistic``.
    """
    s = strength
    parts = []
    for source, series, col in (("IPI", "IPI monthly", "uniformed"), ("RADPKO", "RADPKO yearly mean", "uniformed"),
                                ("statement", "statement", "uniformed"), ("Geo-PKO", "Geo-PKO estimate", "military")):
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
    names = {"statement": "UN (statement)", "IPI": "IPI, UN count", "RADPKO": "RADPKO, yearly mean"}
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
                     top: int = 12) -> pd.DataFrame:
    """Uniformed fatalities per 1,000 personnel per year, by contributing country, over the RADPKO years.

    Person-years of a country: the sum of its RADPKO yearly means over
    ``years`` (each yearly mean standing for the whole year). Fatalities:
    the country's uniformed personnel killed in those calendar years
    (``fatalities_minusma``, by nationality).

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
    rad = contributors[(contributors["source"] == "RADPKO")
                       & contributors["period_start"].dt.year.between(*years)]
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
