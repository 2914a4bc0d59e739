"""Who killed civilians in Mali before and after December 2021: the Wagner chapter's analysis.

Reads the derived tables (never the raw files):

- ``ucdp_civilian_deaths_quarter`` (UCDP GED 24.1, CC BY 4.0): civilian
  deaths by quarter, type of violence and actor class, Mali and Burkina
  Faso, 2017-2023;
- ``acled_vac_perpetrator_quarter`` and ``acled_mali_forces_month`` (ACLED,
  aggregates only): violence against civilians by perpetrator class, and the
  events of Malian forces with and without Wagner, 2015 - 1 March 2023;
- ``civilian_harm``, ``wagner_strength`` (the fact base): the UN human-rights
  division's counts by perpetrator, and published estimates of Wagner's
  strength.

Periods: "before" is January 2017 (UCDP) or January 2015 (ACLED) to the end
of November or December 2021; Wagner's first event in ACLED is 25 December
2021, so quarter-level comparisons put 2021-Q4 before and start "after" in
2022-Q1, and month-level comparisons start "after" in December 2021.

The difference in differences against Burkina Faso is in :mod:`minusma.analysis.wagner_did`, the UN's
figures beside the datasets in :mod:`minusma.analysis.wagner_un`, the restrictions on the mission in
:mod:`minusma.analysis.wagner_restrictions`. The ``*_keys`` functions return the chapter's key figures
as frames for :meth:`minusma.book.chapter.Chapter.keys` (see :mod:`minusma.analysis.conflict_keys`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma.analysis.conflict_keys import pct
from minusma.analysis.keys import Keys

#: The first quarter counted as "after" (Wagner's first event in ACLED: 25 December 2021).
AFTER_QUARTER = "2022-Q1"
#: The first month counted as "after" in month-level tables.
AFTER_MONTH = pd.Timestamp("2021-12-01")
#: Quarters of the Burkina Faso comparison (both files of UCDP GED 24.1 cover them whole).
DID_QUARTERS = ("2017-Q1", "2023-Q4")
JIHADIST = ("jnim", "is_sahel", "jihadist_other")
STATE = {"MLI": "mali_state", "BFA": "bfa_state"}
COUNTRY = {"MLI": "Mali", "BFA": "Burkina Faso"}


def quarters(first: str, last: str) -> list[str]:
    """Every quarter label from ``first`` to ``last`` ('2017-Q1'), in order."""
    p = pd.period_range(pd.Period(first.replace("-", ""), "Q"), pd.Period(last.replace("-", ""), "Q"), freq="Q")
    return [f"{q.year}-Q{q.quarter}" for q in p]


# --------------------------------------------------------------------------
# UCDP: civilian deaths by actor class per quarter
# --------------------------------------------------------------------------


def ucdp_outcomes(ucdp: pd.DataFrame, iso3: str = "MLI") -> pd.DataFrame:
    """Civilian deaths by actor class per quarter in one country, zeros filled, 2017-Q1 to 2023-Q4.

    Parameters
    ----------
    ucdp : pandas.DataFrame
        The table ``ucdp_civilian_deaths_quarter``.
    iso3 : {'MLI', 'BFA'}

    Returns
    -------
    pandas.DataFrame
        Index ``quarter`` (str); columns (int, deaths): ``state_os``,
        ``state_os_low``, ``state_os_high`` (one-sided violence by the
        country's state forces, best/low/high), ``jihadist_os`` (+ ``_low``,
        ``_high``: JNIM, Islamic State Sahel and other jihadist groups),
        ``militia_os`` (+ ``_low``, ``_high``), ``state_battle_civ``
        (civilians killed in state-based fighting with the country's state
        forces on one side), ``state_any_civ`` = ``state_os`` +
        ``state_battle_civ``, ``all_civ`` (civilian deaths in every type of
        violence).
    """
    u = ucdp[ucdp["iso3"] == iso3]
    idx = quarters(*DID_QUARTERS)
    os_ = u[u["violence"] == "one-sided"]
    out = pd.DataFrame(index=pd.Index(idx, name="quarter"))

    def add(name, rows):
        for col, src in (("", "best"), ("_low", "low"), ("_high", "high")):
            out[name + col] = rows.groupby("quarter")[src].sum().reindex(idx, fill_value=0)

    add("state_os", os_[os_["side_a_class"] == STATE[iso3]])
    add("jihadist_os", os_[os_["side_a_class"].isin(JIHADIST)])
    add("militia_os", os_[os_["side_a_class"] == "militia"])
    sb = u[(u["violence"] == "state-based") & ((u["side_a_class"] == STATE[iso3]) | (u["side_b_class"] == STATE[iso3]))]
    out["state_battle_civ"] = sb.groupby("quarter")["deaths_civilians"].sum().reindex(idx, fill_value=0)
    out["state_any_civ"] = out["state_os"] + out["state_battle_civ"]
    out["all_civ"] = u.groupby("quarter")["deaths_civilians"].sum().reindex(idx, fill_value=0)
    return out.astype(int)


def before_after(series: pd.Series, after: str = AFTER_QUARTER) -> dict:
    """Quarterly mean before and after ``after`` (labels compare as strings), and their ratio.

    Returns
    -------
    dict
        ``before``, ``after`` (float, per quarter), ``ratio`` (float or nan
        when ``before`` is 0), ``n_before``, ``n_after`` (int, quarters).
    """
    pre, post = series[series.index < after], series[series.index >= after]
    b, a = float(pre.mean()), float(post.mean())
    return {"before": b, "after": a, "ratio": a / b if b else float("nan"), "n_before": len(pre), "n_after": len(post)}


# --------------------------------------------------------------------------
# ACLED: perpetrators, and what the army's operations with Wagner did
# --------------------------------------------------------------------------


def acled_perpetrators(vac: pd.DataFrame, measure: str = "fatalities") -> pd.DataFrame:
    """ACLED violence against civilians per quarter by perpetrator class, zeros filled (wide).

    Returns
    -------
    pandas.DataFrame
        Index ``quarter`` 2015-Q1 to 2023-Q1; one column per perpetrator
        label (:data:`minusma.data.derive.actors_aliases.PERPETRATOR_CLASSES` values that
        occur), int.
    """
    idx = quarters(vac["quarter"].min(), vac["quarter"].max())
    return (
        vac.pivot_table(index="quarter", columns="perpetrator_label", values=measure, aggfunc="sum")
        .reindex(idx)
        .fillna(0)
        .astype(int)
    )


def state_operations(forces: pd.DataFrame) -> pd.DataFrame:
    """Events naming Malian forces, with and without Wagner, before and after December 2021.

    Parameters
    ----------
    forces : pandas.DataFrame
        The table ``acled_mali_forces_month``.

    Returns
    -------
    pandas.DataFrame
        One row per (``period`` 'before'/'after', ``wagner`` bool):
        ``events``, ``vac_events`` (violence against civilians committed by
        them), ``fatalities``, ``vac_fatalities`` (int), ``vac_share``
        (float: ``vac_events / events``), ``months`` (int).
    """
    f = forces.assign(period=np.where(forces["month"] >= AFTER_MONTH, "after", "before"))
    f["vac_fat"] = f["fatalities"].where(f["event_type"] == "Violence against civilians", 0)
    g = (
        f.groupby(["period", "wagner"])
        .agg(
            events=("events", "sum"),
            vac_events=("as_perpetrator_vac_events", "sum"),
            fatalities=("fatalities", "sum"),
            vac_fatalities=("vac_fat", "sum"),
            months=("month", "nunique"),
        )
        .reset_index()
    )
    g["vac_share"] = g["vac_events"] / g["events"]
    order = {("before", False): 0, ("after", False): 1, ("after", True): 2, ("before", True): 3}
    return (
        g.assign(o=[order[(p, w)] for p, w in zip(g["period"], g["wagner"])])
        .sort_values("o")
        .drop(columns="o")
        .reset_index(drop=True)
    )


def share_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson 95% interval of a share ``k / n``."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (float(c - h), float(c + h))


# --------------------------------------------------------------------------
# Wagner's strength
# --------------------------------------------------------------------------


def strength_claim(strength: pd.DataFrame, claim: int = 1000, year: int = 2023) -> dict:
    """Test a claim such as the seed's "about 1,000 Wagner fighters in Mali" (in ``year``) against the estimates.

    Returns
    -------
    dict
        ``supported`` (bool: an estimate of about ``claim``, not a ceiling
        or a plan, dated in ``year``), ``same_figure`` (rows with the
        figure: date, qualifier, estimator), ``in_year`` (the estimates
        dated in ``year``: date, estimate, qualifier, estimator).
    """
    s = strength.assign(
        date_start=pd.to_datetime(strength["date_start"]), estimate=pd.to_numeric(strength["estimate"], errors="coerce")
    )
    same = s[s["estimate"] == claim]
    in_year = s[s["date_start"].dt.year == year]
    ok = same[
        (same["date_start"].dt.year == year) & ~same["qualifier"].fillna("").str.contains("up to|planned", regex=True)
    ]
    return {
        "supported": not ok.empty,
        "same_figure": same[["date", "qualifier", "estimator"]].to_dict("records"),
        "in_year": in_year[["date", "estimate", "qualifier", "estimator"]].to_dict("records"),
    }


# --------------------------------------------------------------------------
# The chapter's key figures
# --------------------------------------------------------------------------

#: ACLED's perpetrator labels of Malian forces with and without Wagner.
W_LAB, NW_LAB = "Malian forces with Wagner", "Malian forces without Wagner"


def _year(frame: pd.DataFrame, year: str) -> pd.DataFrame:
    return frame.loc[[q for q in frame.index if q.startswith(year)]]


def ucdp_keys(mq: pd.DataFrame, civq: pd.DataFrame, S: dict) -> pd.DataFrame:
    """UCDP GED 24.1: civilians killed a quarter by Mali's state forces and jihadist groups, before and after.

    Parameters
    ----------
    mq : pandas.DataFrame
        :func:`ucdp_outcomes` for Mali.
    civq : pandas.DataFrame
        ``ucdp_civilian_deaths_quarter`` (for Moura's quarter, 2022-Q1).
    S : dict
        :func:`minusma.analysis.conflict_keys.source_labels`.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame (``name, value, unit, source, text, fmt``); means are floats.
    """
    k, G = Keys(), S["ged24"]
    ba = {c: before_after(mq[c]) for c in ("state_os", "jihadist_os", "state_any_civ")}
    s, j, a = ba["state_os"], ba["jihadist_os"], ba["state_any_civ"]
    k.add(
        "wag_u_state_before",
        s["before"],
        "civilians killed a quarter in one-sided violence by Malian state forces, 2017-Q1 to 2021-Q4 (mean)",
        G,
        text=f"{s['before']:.0f}",
    )
    k.add("wag_u_state_after", s["after"], "the same, 2022-Q1 to 2023-Q4 (mean)", G, text=f"{s['after']:.0f}")
    k.add(
        "wag_u_state_ratio",
        s["ratio"],
        "ratio of the two quarterly means (after / before)",
        G,
        text=f"{s['ratio']:.1f}",
    )
    k.add(
        "wag_u_jih_before",
        j["before"],
        "civilians killed a quarter in one-sided violence by JNIM, Islamic State "
        "Sahel and other jihadist groups, 2017-2021 (mean)",
        G,
        text=f"{j['before']:.0f}",
    )
    k.add("wag_u_jih_after", j["after"], "the same, 2022-2023 (mean)", G, text=f"{j['after']:.0f}")
    k.add("wag_u_jih_ratio", j["ratio"], "ratio after / before", G, text=f"{j['ratio']:.1f}")
    k.add(
        "wag_u_any_before",
        a["before"],
        "civilians killed a quarter by Malian state forces or in their fighting "
        "(one-sided plus civilians killed in state-based events of the state), 2017-2021 (mean)",
        G,
        text=f"{a['before']:.0f}",
    )
    k.add("wag_u_any_after", a["after"], "the same, 2022-2023 (mean)", G, text=f"{a['after']:.0f}")
    y22 = _year(mq, "2022").sum()
    k.add(
        "wag_u_state_2022",
        int(y22["state_os"]),
        "civilians killed in one-sided violence by Malian state forces, 2022 (best estimate)",
        G,
    )
    k.add("wag_u_state_2022_low", int(y22["state_os_low"]), "low estimate", G)
    k.add("wag_u_state_2022_high", int(y22["state_os_high"]), "high estimate", G)
    q1 = civq[
        (civq["iso3"] == "MLI")
        & (civq["quarter"] == "2022-Q1")
        & (civq["violence"] == "state-based")
        & (civq["side_a_class"] == "mali_state")
        & (civq["side_b_class"] == "jnim")
    ]
    k.add(
        "wag_moura_ucdp_q1_civ",
        int(q1["deaths_civilians"].sum()),
        "civilians killed in state-based events "
        "between the Malian state and JNIM, 2022-Q1 (UCDP best; Moura's event among them)",
        G,
    )
    k.add("wag_moura_ucdp_q1_events", int(q1["events"].sum()), "such events in 2022-Q1", G)
    return k.frame()


def acled_keys(aq: pd.DataFrame, forces: pd.DataFrame, mq: pd.DataFrame, S: dict) -> pd.DataFrame:
    """ACLED: who killed civilians in 2022 and before, with and without Wagner, and Moura's month.

    Parameters
    ----------
    aq : pandas.DataFrame
        :func:`acled_perpetrators` of ``acled_vac_perpetrator_quarter``.
    forces : pandas.DataFrame
        ``acled_mali_forces_month``.
    mq : pandas.DataFrame
        :func:`ucdp_outcomes` for Mali (for UCDP's civilians killed in the state's fighting in 2022).
    S : dict
        :func:`minusma.analysis.conflict_keys.source_labels`.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame; shares are floats (0-1).
    """
    k, A, y22 = Keys(), S["acled_a"], _year(mq, "2022").sum()
    m3 = forces[
        (forces["month"] == "2022-03-01") & forces["wagner"] & (forces["event_type"] == "Violence against civilians")
    ]
    k.add(
        "wag_moura_acled_w_vac",
        int(m3["fatalities"].sum()),
        "ACLED fatalities in violence against civilians by Malian forces with Wagner, March 2022 (Moura among them)",
        A,
    )
    k.add("wag_moura_acled_w_vac_events", int(m3["events"].sum()), "such events in March 2022", A)
    k.add(
        "wag_u_battle_civ_2022",
        int(y22["state_battle_civ"]),
        "civilians killed in state-based events with "
        "Malian state forces on one side, 2022 (UCDP best; Moura among them)",
        S["ged24"],
    )
    pre_q, post_q = aq.loc[aq.index < AFTER_QUARTER], aq.loc[aq.index >= AFTER_QUARTER]
    post = post_q.loc[post_q.index < "2023-Q1"]  # 2022, whole quarters
    st = post[[W_LAB, NW_LAB]].sum().sum() / post.values.sum()
    k.add(
        "wag_a_state_share_2022",
        st,
        "share of ACLED fatalities in violence against civilians with Malian forces "
        "(with or without Wagner) as perpetrator, 2022",
        A,
        text=pct(st),
    )
    w = post[W_LAB].sum() / post[[W_LAB, NW_LAB]].sum().sum()
    k.add(
        "wag_a_wagner_share_of_state", w, "share of those fatalities in events that name Wagner, 2022", A, text=pct(w)
    )
    pre17 = pre_q.loc[pre_q.index >= "2017-Q1"]
    pre = pre17[[NW_LAB]].sum().sum() / pre17.values.sum()
    k.add(
        "wag_a_state_share_pre",
        pre,
        "share of ACLED fatalities in violence against civilians with Malian forces as perpetrator, 2017-2021",
        A,
        text=pct(pre),
    )
    k.add(
        "wag_a_wagner_fat_2022",
        int(post[W_LAB].sum()),
        "ACLED fatalities in violence against civilians by Malian forces with Wagner, 2022",
        A,
    )
    k.add("wag_a_nowagner_fat_2022", int(post[NW_LAB].sum()), "the same by Malian forces without Wagner, 2022", A)
    k.add(
        "wag_a_state_fat_2021",
        int(_year(aq, "2021")[NW_LAB].sum()),
        "ACLED fatalities in violence against civilians by Malian forces, 2021",
        A,
    )
    return k.frame()


def wagner_type_keys(by_type: pd.DataFrame, S: dict) -> pd.DataFrame:
    """The events that name Wagner coded violence against civilians, and those targeting civilians.

    ``by_type``: ``acled_mali_wagner_month`` summed by ``event_type`` (``events``, ``fatalities``,
    ``civilian_targeting_events``).
    """
    k, W, vac = Keys(), S["acled_w"], by_type.loc["Violence against civilians"]
    k.add(
        "wag_acled_wagner_vac_events",
        int(vac["events"]),
        "ACLED events naming Wagner coded violence against civilians",
        W,
    )
    k.add("wag_acled_wagner_vac_fatalities", int(vac["fatalities"]), "reported fatalities in those events", W)
    k.add(
        "wag_acled_wagner_civ_events",
        int(by_type["civilian_targeting_events"].sum()),
        "events naming Wagner in which ACLED codes civilians as the primary target",
        W,
    )
    return k.frame()


def operations_keys(ops: pd.DataFrame, S: dict) -> pd.DataFrame:
    """Events naming Malian forces with and without Wagner: counts, shares of violence against civilians, intervals.

    ``ops``: :func:`state_operations`. Each ``*_ci`` value is a (low, high) tuple (Wilson 95%).
    """
    k, A, o = Keys(), S["acled_a"], ops.set_index(["period", "wagner"])
    ops_keys = (
        ("wag_ops_w", ("after", True), "events naming Malian forces and Wagner, December 2021 - 1 March 2023"),
        (
            "wag_ops_nw_after",
            ("after", False),
            "events naming Malian forces without Wagner, December 2021 - 1 March 2023",
        ),
        ("wag_ops_nw_before", ("before", False), "events naming Malian forces, January 2015 - November 2021"),
    )
    for name, key, what in ops_keys:
        r = o.loc[key]
        lo, hi = share_interval(int(r["vac_events"]), int(r["events"]))
        k.add(f"{name}_events", int(r["events"]), what, A)
        k.add(
            f"{name}_share",
            r["vac_share"],
            "share of them that were violence against civilians committed by these forces",
            A,
            text=pct(r["vac_share"]),
        )
        k.add(f"{name}_ci", (lo, hi), "Wilson 95% interval of that share", A, text=f"{lo:.0%}–{hi:.0%}")
    return k.frame()


def strength_keys(strength: pd.DataFrame) -> pd.DataFrame:
    """The published estimates of Wagner's strength: how many, the first, the one of 2023, the "about 1,000".

    ``strength``: ``wagner_strength``; see :func:`strength_claim`.
    """
    k, src = Keys(), "data/wagner_strength.csv"
    claim = strength_claim(strength)
    est = claim["in_year"][0] if claim["in_year"] else None
    k.add("wag_str_n", len(strength), "published estimates of Wagner's strength in Mali in the fact base", src)
    k.add("wag_str_2023", int(est["estimate"]) if est else 0, "the 2023 estimate", src)
    k.add("wag_str_2023_by", est["estimator"] if est else "none", "who made it", src, fmt="{}")
    first = strength.sort_values("date_start").iloc[0]
    k.add("wag_str_first", int(first["estimate"]), "the first published figure", src)
    k.add(
        "wag_str_first_date",
        pd.Timestamp(first["date_start"]).strftime("%B %Y"),
        "date of the first published figure",
        src,
        fmt="{}",
    )
    k.add("wag_str_first_q", first["qualifier"], "its qualifier", src, fmt="{}")
    k.add(
        "wag_str_about1000",
        "is not supported" if not claim["supported"] else "is supported",
        "whether an estimate of about 1,000 dated 2023 exists in the fact base",
        src,
        fmt="{}",
    )
    return k.frame()
