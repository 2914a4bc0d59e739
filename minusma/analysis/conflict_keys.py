"""The Wagner chapter's key figures from the conflict datasets (ACLED, UCDP), one frame per section.

Each ``*_keys`` function returns the frame that :meth:`minusma.book.chapter.Chapter.keys`
registers in one call: one row per key figure, columns ``name, value, unit, source,
text, fmt`` (``text``/``fmt`` None where the default format applies). The frames are
built from the derived tables of ``data/`` and the frames of
:mod:`minusma.analysis.conflict` and :mod:`minusma.analysis.conflict_where`; the
``source`` of each row is one of the labels of :func:`source_labels`, read from the
data package so that it follows a refresh.
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis import geography as geo
from minusma.analysis import periods
from minusma.analysis.conflict import HAC_LAGS
from minusma.analysis.keys import Keys
from minusma.analysis.prose import ratio_ci_text


def pct(v: float) -> str:
    """A share as the chapter writes it: ``0.42`` -> ``"42%"``."""
    return f"{v:.0%}"


def _version(ch, table: str, i: int = 0) -> str:
    """The version of the ``i``-th raw source of ``table`` without its parenthesis ("downloaded April 2026")."""
    return ch.sources(table)[i]["version"].split(" (")[0]


def source_labels(ch) -> dict:
    """The source labels of the chapter's key figures, with versions and download dates from the data package.

    Parameters
    ----------
    ch : minusma.book.chapter.Chapter
        The chapter (its ``sources(table)`` and ``dataset(table)`` read ``data/datapackage.json``).

    Returns
    -------
    dict of str
        ``acled`` ("ACLED via HDX, political violence by cercle and month (downloaded April 2026)"),
        ``acled_bfa``, ``acled_ev``, ``acled_w``, ``acled_a`` (ACLED's dyadic export), ``ucdp``
        ("UCDP Organized Violence country-year v25.1"), ``ucdp_os``, ``ged`` ("UCDP GED 25.1
        (precision-filtered copy)"), ``ged24`` (UCDP GED 24.1, Mali), ``rst`` (the fact base's
        restrictions and attacks), ``acled_month`` and ``acled_bfa_month`` (the month of each
        ACLED file's download, "April 2026").
    """
    a_when = _version(ch, "acled_mali_forces_month")
    return {
        "acled": f"ACLED via HDX, political violence by cercle and month ({_version(ch, 'acled_mali_cercle_month')})",
        "acled_bfa": (
            "ACLED via HDX, Burkina Faso, political violence and civilian targeting (as of "
            f"{_version(ch, 'acled_bfa_province_month').removeprefix('downloaded ')})"
        ),
        "acled_ev": "ACLED event-level data for Mali, 1997-2020, aggregated by month, region, event type and interaction",
        "acled_w": ch.dataset("acled_mali_wagner_month"),
        "acled_a": f"ACLED dyadic export for Mali, 1 January 2015 - 1 March 2023 ({a_when})",
        "ucdp": f"UCDP Organized Violence country-year v{_version(ch, 'ucdp_country_year')}",
        "ucdp_os": f"UCDP One-sided Violence v{_version(ch, 'ucdp_onesided_actor_year')}",
        "ged": f"UCDP {_version(ch, 'ucdp_ged_events')} (precision-filtered copy)",
        "ged24": ch.dataset("ucdp_civilian_deaths_quarter").split(";")[0],
        "rst": (
            "data/restrictions.csv and data/attacks_on_mission.csv (fact base: UN reports and statements as published)"
        ),
        "acled_month": " ".join(_version(ch, "acled_mali_cercle_month").split()[-2:]),
        "acled_bfa_month": " ".join(_version(ch, "acled_bfa_province_month").split()[-2:]),
    }


def overview_keys(mali: pd.DataFrame, wagner: pd.DataFrame, S: dict) -> pd.DataFrame:
    """The chapter's opening figures: the months covered, yearly and peak deaths, the events that name Wagner.

    ``mali``: :func:`minusma.analysis.conflict.national_monthly` from January 2012 (with its partial
    month); ``wagner``: ``acled_mali_wagner_month``; ``S``: :func:`source_labels`.
    """
    k, A, W = Keys(), S["acled"], S["acled_w"]
    full = mali[~mali["partial"].astype(bool)].reset_index(drop=True)
    partial, last = mali.loc[mali["partial"], "month"].iloc[0], full["month"].iloc[-1]
    k.add("wag_partial_month", partial.strftime("%B %Y"), "month of the ACLED file's download (partial, left out)", A)
    k.add("wag_last_month", last.strftime("%B %Y"), "latest complete month of ACLED data", A)
    y = full.groupby(full["month"].dt.year)[["events", "fatalities"]].sum()
    for yr in (2021, 2022):
        k.add(
            f"wag_fatalities_{yr}",
            int(y.loc[yr, "fatalities"]),
            f"reported fatalities in political violence, Mali, {yr}",
            A,
        )
    peak = full.loc[full["fatalities"].idxmax()]
    k.add("wag_peak_month", peak["month"].strftime("%B %Y"), "month with most reported fatalities since 2012", A)
    k.add("wag_peak_fatalities", int(peak["fatalities"]), "reported fatalities in the peak month", A)
    k.add(
        "wag_total_since_2012",
        int(full["fatalities"].sum()),
        "reported fatalities in political violence, Mali, January 2012 to the latest complete month",
        A,
    )
    k.add(
        "wag_years_since_2012",
        round(len(full) / 12, 1),
        "years of ACLED data from January 2012 to the latest complete month",
        A,
        text=f"{len(full) / 12:.0f}",
    )
    n = int(wagner["events"].sum())
    k.add(
        "wag_acled_wagner_events",
        n,
        "ACLED events naming the Wagner Group as an actor, December 2021 - 1 March 2023",
        W,
    )
    k.add("wag_acled_wagner_fatalities", int(wagner["fatalities"].sum()), "reported fatalities in those events", W)
    k.add(
        "wag_acled_wagner_first",
        wagner["month"].min().strftime("%B %Y"),
        "month of the first ACLED event naming the Wagner Group",
        W,
    )
    k.add(
        "wag_acled_wagner_last",
        wagner["month"].max().strftime("%B %Y"),
        "month of the last such event in this report's ACLED export (it ends on 1 March 2023)",
        W,
    )
    vac = wagner.loc[wagner["event_type"] == "Violence against civilians", "events"].sum()
    k.add(
        "wag_acled_wagner_vac_share",
        vac / n,
        "share of the events naming Wagner that ACLED codes as violence against civilians",
        W,
        text=pct(vac / n),
    )
    return k.frame()


def _ci(r, sfx=""):
    return ratio_ci_text(r["ratio" + sfx], r["low" + sfx], r["high" + sfx])


def period_keys(pc: dict, S: dict) -> pd.DataFrame:
    """Deaths a month in each period and the rate ratios the prose states.

    ``pc``: :func:`minusma.analysis.conflict.period_comparison`; ``S``: :func:`source_labels`.
    Ratios are floats; their ``text`` is the ratio with its 95% interval ("2.37 (95% CI 1.90–2.96)").
    """
    k, A = Keys(), S["acled"]
    rr = A + f"; rate ratios by Poisson regression with Newey-West (HAC) standard errors, {HAC_LAGS} lags"
    s, f, e, fr = pc["summary"], pc["fatalities"], pc["events"], pc["fatalities_recent"]
    for key in ("before_coups", "coups", "wagner_minusma", "after_minusma"):
        k.add(
            f"wag_{key}_fat_pm",
            round(s.loc[key, "fatalities_per_month"]),
            f"reported fatalities per month, {s.loc[key, 'label']}",
            A,
        )
    w, c, a = f.loc["wagner_minusma"], f.loc["coups"], f.loc["after_minusma"]
    k.add(
        "wag_rr_fat_wagner_vs_coups",
        w["ratio_prev"],
        "rate ratio of monthly fatalities, Wagner and MINUSMA vs coups period (95% CI)",
        rr,
        text=_ci(w, "_prev"),
    )
    k.add(
        "wag_rr_ev_wagner_vs_coups",
        e.loc["wagner_minusma", "ratio_prev"],
        "rate ratio of monthly events, Wagner and MINUSMA vs coups period (95% CI)",
        rr,
        text=_ci(e.loc["wagner_minusma"], "_prev"),
    )
    k.add(
        "wag_rr_fat_coups_vs_before",
        c["ratio"],
        "rate ratio of monthly fatalities, coups period vs before the coups (95% CI)",
        rr,
        text=_ci(c),
    )
    k.add(
        "wag_rr_fat_after_vs_wagner",
        a["ratio_prev"],
        "rate ratio of monthly fatalities, after MINUSMA vs Wagner and MINUSMA (95% CI)",
        rr,
        text=_ci(a, "_prev"),
    )
    k.add(
        "wag_rr_fat_wagner_vs_recent",
        fr.loc["wagner_minusma", "ratio"],
        "rate ratio of monthly fatalities, "
        f"Wagner and MINUSMA vs the last {pc['recent']} months before the coups (95% CI)",
        rr,
        text=_ci(fr.loc["wagner_minusma"]),
    )
    k.add(
        "wag_recent_fat_pm",
        round(fr.loc["recent", "per_month"]),
        f"reported fatalities per month, the {pc['recent']} months before the first coup",
        A,
    )
    k.add("wag_hac_lags", HAC_LAGS, "Newey-West lags (months)", "minusma.analysis.conflict.HAC_LAGS")
    return k.frame()


def where_keys(wh: dict, S: dict) -> pd.DataFrame:
    """Zone shares, the south's monthly deaths, the deadliest cercles and the zones' regions.

    ``wh``: :func:`minusma.analysis.conflict_where.where`; ``S``: :func:`source_labels`.
    """
    k, A, shares, tops = Keys(), S["acled"], wh["shares"], wh["tops"]
    for key in ("before_coups", "wagner_minusma"):
        k.add(
            f"wag_centre_share_{key}",
            shares.loc[key, "centre"],
            f"share of Mali's reported fatalities in the {geo.zone_label('centre')}, {periods.get(key).label}",
            A,
            text=pct(shares.loc[key, "centre"]),
        )
    k.add(
        "wag_north_share_wagner_minusma",
        shares.loc["wagner_minusma", "north"],
        f"share in the {geo.zone_label('north')}, {periods.get('wagner_minusma').label}",
        A,
        text=pct(shares.loc["wagner_minusma", "north"]),
    )
    for key in ("before_coups", "after_minusma"):
        k.add(
            f"wag_south_pm_{key}",
            round(shares.loc[key, "south_per_month"]),
            f"reported fatalities per month in the {geo.zone_label('south')}, {periods.get(key).label}",
            A,
        )
    for key in ("before_coups", "wagner_minusma", "after_minusma"):
        k.add(
            f"wag_top_cercle_{key}",
            tops[key].iloc[0]["admin2"],
            f"cercle with most fatalities per month, {periods.get(key).label}",
            A,
            fmt="{}",
        )
    k.add(
        "wag_top_cercle_pm_wagner_minusma",
        round(tops["wagner_minusma"].iloc[0]["rate"]),
        f"fatalities per month in that cercle, {periods.get('wagner_minusma').label}",
        A,
    )
    for z in ("centre", "south"):
        k.add(
            f"wag_zone_{z}_regions",
            " and ".join(", ".join(geo.regions_in(z)).rsplit(", ", 1)),
            f"regions of {geo.ZONE_NAMES[z]} (minusma.analysis.geography)",
            "minusma.analysis.geography.ZONES",
            fmt="{}",
        )
    return k.frame()


def neighbour_keys(nb: dict, ged: pd.DataFrame, S: dict) -> pd.DataFrame:
    """Mali, Burkina Faso and Niger by year (UCDP, ACLED), and the GED events of 2020-2021 and 2023-2024.

    ``nb``: :func:`minusma.analysis.conflict.neighbours`; ``ged``: ``ucdp_ged_events``; ``S``: :func:`source_labels`.
    """
    k, u, bf, ml = Keys(), nb["ucdp"], nb["bfa"], nb["mali"]
    U, A, G = S["ucdp"], S["acled"], S["ged"]
    over = u[u["Burkina Faso"] > u["Mali"]].index
    k.add(
        "wag_bfa_first_above",
        int(over.min()),
        "first year UCDP counted more deaths in Burkina Faso than in Mali",
        U,
        fmt="{}",
    )
    k.add(
        "wag_ucdp_bfa_2023", int(u.loc[2023, "Burkina Faso"]), "UCDP organised-violence deaths, Burkina Faso, 2023", U
    )
    k.add("wag_ucdp_mli_2023", int(u.loc[2023, "Mali"]), "UCDP organised-violence deaths, Mali, 2023", U)
    for yr in (2024, 2022):
        k.add(f"wag_ucdp_ner_{yr}", int(u.loc[yr, "Niger"]), f"UCDP organised-violence deaths, Niger, {yr}", U)
    k.add(
        "wag_acled_bfa_2023",
        int(bf.loc[2023, "pv_fatalities"]),
        "ACLED reported fatalities, Burkina Faso, 2023",
        S["acled_bfa"],
    )
    k.add("wag_acled_mli_2023", int(ml.loc[2023, "fatalities"]), "ACLED reported fatalities, Mali, 2023", A)
    k.add("wag_ucdp_mli_2022", int(u.loc[2022, "Mali"]), "UCDP organised-violence deaths, Mali, 2022", U)
    k.add("wag_acled_mli_2022", int(ml.loc[2022, "fatalities"]), "ACLED reported fatalities, Mali, 2022", A)
    k.add(
        "wag_bfa_ahead_since",
        nb["since"],
        "first year from which both ACLED and UCDP count more deaths in Burkina Faso than in Mali every year",
        U + "; " + S["acled_bfa"] + "; " + A,
        fmt="{}",
    )
    early, late = ged[ged["year"].between(2020, 2021)], ged[ged["year"].between(2023, 2024)]
    for when, frame, yrs in (("early", early, "2020-2021"), ("late", late, "2023-2024")):
        k.add(
            f"wag_ged_events_{when}",
            int(frame["iso3"].isin(SAHEL).sum()),
            f"UCDP GED events in Mali, Burkina Faso and Niger, {yrs} (precision-filtered)",
            G,
        )
    for when, frame, yrs in (("early", early, "2020-2021"), ("late", late, "2023-2024")):
        k.add(
            f"wag_ged_coastal_{when}",
            int(frame["iso3"].isin(COASTAL).sum()),
            f"GED events in the coastal states, {yrs}",
            G,
        )
    return k.frame()


#: The central Sahel and the coastal states of the GED counts (ISO3).
SAHEL, COASTAL = ["MLI", "BFA", "NER"], ["BEN", "TGO", "GHA", "CIV"]


def onesided_keys(osm: pd.DataFrame, onesided: pd.DataFrame, S: dict) -> pd.DataFrame:
    """UCDP's one-sided deaths in Mali by perpetrator, and JNIM's total across its countries.

    ``osm``: :func:`minusma.analysis.conflict.onesided_mali`; ``onesided``: ``ucdp_onesided_actor_year``.
    """
    k, OS = Keys(), S["ucdp_os"]
    for yr in (2022, 2023, 2020):
        k.add(
            f"wag_os_state_{yr}",
            int(osm.loc[yr, "state"]),
            f"UCDP one-sided deaths by the Government of Mali, {yr}",
            OS,
        )
    k.add(
        "wag_os_russia_2024",
        int(osm.loc[2024, "state_russia"]),
        "UCDP one-sided deaths by the joint actor Government of Mali, Government of Russia, 2024",
        OS,
    )
    k.add(
        "wag_os_state_2024",
        int(osm.loc[2024, "state"]),
        "UCDP one-sided deaths by the Government of Mali alone, 2024",
        OS,
    )
    k.add("wag_os_total_2022", int(osm.loc[2022, "total"]), "UCDP one-sided deaths in Mali, 2022", S["ucdp"])
    k.add(
        "wag_os_other_2022",
        int(osm.loc[2022, "other"]),
        "UCDP one-sided deaths in Mali, 2022, by actors not split by country (JNIM, IS...)",
        S["ucdp"],
    )
    j = onesided[(onesided["year"] == 2022) & (onesided["actor"] == "JNIM")].iloc[0]
    k.add("wag_jnim_2022", int(j["deaths_best"]), "UCDP one-sided deaths by JNIM, 2022, all its countries", OS)
    k.add("wag_jnim_2022_n", int(j["n_countries"]), "countries in JNIM's 2022 one-sided total", OS)
    return k.frame()


def baseline_keys(bt: pd.DataFrame, S: dict) -> pd.DataFrame:
    """ACLED's violence against civilians by perpetrator type, 2012-2020.

    ``bt``: :func:`minusma.analysis.conflict_civilians.civilians_by_perpetrator`.
    """
    k, E = Keys(), S["acled_ev"]
    tot = int(bt.loc[2012:2020].values.sum())
    state = int(bt.loc[2012:2020, "State forces"].sum())
    k.add("wag_vac_fat_2012_2020", tot, "reported fatalities in violence against civilians, Mali, 2012-2020", E)
    k.add(
        "wag_vac_state_share",
        state / tot,
        "share of those fatalities in events by state forces",
        E,
        text=pct(state / tot),
    )
    k.add(
        "wag_vac_state_2020",
        int(bt.loc[2020, "State forces"]),
        "fatalities in violence against civilians by state forces, 2020",
        E,
    )
    for yr in (2020, 2017):
        k.add(f"wag_vac_{yr}", int(bt.loc[yr].sum()), f"fatalities in violence against civilians, {yr}", E)
    top = bt.loc[2012:2020].sum().sort_values(ascending=False)
    k.add(
        "wag_vac_top_perp",
        top.index[0].lower(),
        "perpetrator type with most fatalities in violence against civilians, 2012-2020",
        E,
        fmt="{}",
    )
    k.add(
        "wag_vac_top_perp_share",
        top.iloc[0] / tot,
        "its share of fatalities in violence against civilians, 2012-2020",
        E,
        text=pct(top.iloc[0] / tot),
    )
    return k.frame()


def moura_keys(mo: dict, osm: pd.DataFrame, S: dict) -> pd.DataFrame:
    """The published Moura tolls and what ACLED and UCDP record for its cercle and month.

    ``mo``: :func:`minusma.analysis.conflict_where.moura`; ``osm``: :func:`minusma.analysis.conflict.onesided_mali`.
    """
    k, t, agg, name, big, A, G = Keys(), mo["tolls"], mo["agg"], mo["cercle"], mo["ged"], S["acled"], S["ged"]
    k.add(
        "wag_moura_low",
        int(t["deaths"].min()),
        "lowest published Moura toll (Malian army, 'terrorists')",
        t.loc[t["deaths"].idxmin(), "source_title"],
    )
    k.add(
        "wag_moura_hrw",
        int(t.loc["moura_killed_hrw", "deaths"]),
        "Human Rights Watch estimate (approx.)",
        t.loc["moura_killed_hrw", "source_title"],
    )
    k.add(
        "wag_moura_ohchr",
        int(t.loc["moura_killed_ohchr", "deaths"]),
        "OHCHR: at least this many killed",
        t.loc["moura_killed_ohchr", "source_title"],
    )
    k.add("wag_moura_cercle", name, "cercle of Moura", "COD-AB 2021 (mali_cercles)", fmt="{}")
    k.add("wag_moura_acled", agg["acled_fatalities"], f"ACLED reported fatalities, {name} cercle, March 2022", A)
    k.add("wag_moura_acled_events", agg["acled_events"], f"ACLED political violence events, {name}, March 2022", A)
    k.add(
        "wag_moura_acled_median",
        round(agg["acled_cercle_median"]),
        f"median monthly ACLED fatalities in {name} over the 24 months before",
        A,
    )
    k.add("wag_moura_ged", int(big["best"]), "best estimate of the largest UCDP GED event in the cercle, March 2022", G)
    k.add("wag_moura_ged_date", big["date"].strftime("%-d %B %Y"), "date of that GED event", G)
    k.add("wag_moura_ged_type", big["violence"], "UCDP type of violence of that event", G, fmt="{}")
    k.add(
        "wag_moura_os_2022",
        int(osm.loc[2022, "state"]),
        "UCDP one-sided deaths by the Government of Mali, all of 2022",
        S["ucdp_os"],
    )
    return k.frame()


def france_keys(window: pd.DataFrame, S: dict) -> pd.DataFrame:
    """Deaths a month from Wagner's arrival to France's exit, and from then to the end of 2023.

    ``window``: complete months of :func:`minusma.analysis.conflict.national_monthly` (``month``, ``fatalities``).
    """
    k, m = Keys(), window["month"]
    during = window[(m >= "2022-08-01") & (m <= "2023-12-01")]
    k.add(
        "wag_fat_pm_after_france",
        round(during["fatalities"].mean()),
        "reported fatalities per month, August 2022 - December 2023",
        S["acled"],
    )
    before = window[(m >= "2021-12-01") & (m <= "2022-07-01")]
    k.add(
        "wag_fat_pm_before_france",
        round(before["fatalities"].mean()),
        "reported fatalities per month, December 2021 - July 2022",
        S["acled"],
    )
    return k.frame()


def ged_kept_keys(ged: pd.DataFrame, country_year: pd.DataFrame, S: dict) -> pd.DataFrame:
    """The lowest and highest yearly share of UCDP's Mali deaths that the precision-filtered GED copy keeps."""
    k, src = Keys(), S["ged"] + "; " + S["ucdp"]
    kept = (
        ged[ged["iso3"] == "MLI"].groupby("year")["best"].sum()
        / country_year[country_year["iso3"] == "MLI"].set_index("year")["total"]
    ).dropna()
    k.add(
        "wag_ged_kept_min",
        kept.min(),
        "lowest yearly share of UCDP's Mali deaths kept in the precision-filtered GED copy, 2020-2024",
        src,
        text=pct(kept.min()),
    )
    k.add("wag_ged_kept_max", kept.max(), "highest yearly share kept", src, text=pct(kept.max()))
    return k.frame()
