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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

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
    return {"before": b, "after": a, "ratio": a / b if b else float("nan"), "n_before": len(pre),
            "n_after": len(post)}


# --------------------------------------------------------------------------
# Difference in differences: Mali against Burkina Faso
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class DiD:
    """A difference-in-differences estimate of quarterly means.

    ``estimate`` = (Mali after - Mali before) - (Burkina after - Burkina
    before), deaths per quarter; ``low``/``high`` its 95% interval (OLS with
    heteroskedasticity- and autocorrelation-robust standard errors,
    Newey-West, 4 lags); ``means`` the four cell means.
    """

    outcome: str
    estimate: float
    se: float
    low: float
    high: float
    means: dict
    n: int


def did_panel(mali: pd.DataFrame, bfa: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Long panel for :func:`diff_in_diff`: one row per country and quarter.

    Returns
    -------
    pandas.DataFrame
        Columns ``quarter`` (str), ``mali`` (0/1), ``post`` (0/1: from
        :data:`AFTER_QUARTER`), ``y`` (float, deaths in the quarter).
    """
    rows = []
    for treated, frame in ((1, mali), (0, bfa)):
        for q, y in frame[outcome].items():
            rows.append({"quarter": q, "mali": treated, "post": int(q >= AFTER_QUARTER), "y": float(y)})
    return pd.DataFrame(rows)


def diff_in_diff(panel: pd.DataFrame, outcome: str = "y", maxlags: int = 4) -> DiD:
    """Difference in differences of quarterly means, with a HAC-robust 95% interval.

    Fits ``y ~ mali + post + mali:post`` by OLS (statsmodels); the
    coefficient of ``mali:post`` is the estimate. Rows are sorted by
    quarter within country so that the Newey-West correction sees each
    country's quarters in order.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`did_panel`: ``quarter``, ``mali``, ``post``, ``y``.

    Raises
    ------
    ValueError
        A cell (country x period) has no quarter.
    """
    import statsmodels.formula.api as smf

    p = panel.sort_values(["mali", "quarter"]).reset_index(drop=True)
    cells = p.groupby(["mali", "post"])["y"].mean()
    if len(cells) != 4:
        raise ValueError("difference in differences needs quarters before and after in both countries")
    fit = smf.ols("y ~ mali * post", data=p).fit(cov_type="HAC", cov_kwds={"maxlags": maxlags})
    est, se = float(fit.params["mali:post"]), float(fit.bse["mali:post"])
    lo, hi = (float(v) for v in fit.conf_int().loc["mali:post"])
    means = {"mali_before": cells[1, 0], "mali_after": cells[1, 1], "bfa_before": cells[0, 0],
             "bfa_after": cells[0, 1]}
    return DiD(outcome, est, se, lo, hi, {k: float(v) for k, v in means.items()}, len(p))


def event_study(mali: pd.Series, bfa: pd.Series) -> pd.DataFrame:
    """Mali minus Burkina Faso by quarter, centred on the mean gap before :data:`AFTER_QUARTER`.

    With one value per country and quarter, the event-study coefficient of a
    quarter is exactly this centred gap. The band is the mean gap +- 1.96
    standard deviations of the gaps before: where the later quarters leave
    it, the change is larger than the quarter-to-quarter spread seen before.

    Returns
    -------
    pandas.DataFrame
        Columns ``quarter`` (str), ``mali``, ``bfa``, ``gap`` (float,
        deaths), ``centred`` (gap minus the mean gap before), ``band``
        (1.96 x the standard deviation of the gaps before), ``post`` (bool).
    """
    gap = mali - bfa
    pre = gap[gap.index < AFTER_QUARTER]
    out = pd.DataFrame({"quarter": gap.index, "mali": mali.values, "bfa": bfa.values, "gap": gap.values})
    out["centred"] = out["gap"] - pre.mean()
    out["band"] = 1.96 * pre.std(ddof=1)
    out["post"] = out["quarter"] >= AFTER_QUARTER
    return out


def pre_trend(mali: pd.Series, bfa: pd.Series) -> dict:
    """Slope of the Mali - Burkina gap over the quarters before, with its 95% interval (OLS, HAC 4 lags).

    Returns
    -------
    dict
        ``slope``, ``low``, ``high`` (deaths per quarter per quarter).
    """
    import statsmodels.api as sm

    gap = (mali - bfa)
    pre = gap[gap.index < AFTER_QUARTER].to_numpy(dtype=float)
    x = sm.add_constant(np.arange(len(pre), dtype=float))
    fit = sm.OLS(pre, x).fit(cov_type="HAC", cov_kwds={"maxlags": 4})
    lo, hi = fit.conf_int()[1]
    return {"slope": float(fit.params[1]), "low": float(lo), "high": float(hi)}


# --------------------------------------------------------------------------
# ACLED: perpetrators, and what the army's operations with Wagner did
# --------------------------------------------------------------------------

def acled_perpetrators(vac: pd.DataFrame, measure: str = "fatalities") -> pd.DataFrame:
    """ACLED violence against civilians per quarter by perpetrator class, zeros filled (wide).

    Returns
    -------
    pandas.DataFrame
        Index ``quarter`` 2015-Q1 to 2023-Q1; one column per perpetrator
        label (:data:`minusma.data.derive.actors.PERPETRATOR_CLASSES` values that
        occur), int.
    """
    idx = quarters(vac["quarter"].min(), vac["quarter"].max())
    return (vac.pivot_table(index="quarter", columns="perpetrator_label", values=measure, aggfunc="sum")
            .reindex(idx).fillna(0).astype(int))


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
    g = f.groupby(["period", "wagner"]).agg(events=("events", "sum"), vac_events=("as_perpetrator_vac_events", "sum"),
                                            fatalities=("fatalities", "sum"), vac_fatalities=("vac_fat", "sum"),
                                            months=("month", "nunique")).reset_index()
    g["vac_share"] = g["vac_events"] / g["events"]
    order = {("before", False): 0, ("after", False): 1, ("after", True): 2, ("before", True): 3}
    return g.assign(o=[order[(p, w)] for p, w in zip(g["period"], g["wagner"])]).sort_values("o").drop(columns="o") \
        .reset_index(drop=True)


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
# The UN's figures: percentage changes recomputed, and the datasets beside them
# --------------------------------------------------------------------------

#: Percentage changes the UN's notes state (as the fact base records them in ``civilian_harm.notes``): the
#: row that states it and the row it compares with, each as (period_start, period_end, measure, value), and
#: the words of the note that state the change. A test checks that every row and every phrase exists.
STATED_CHANGES = (
    (("2021-01-01", "2021-06-30", "abuses", 617), ("2020-08-01", "2020-12-31", "abuses", 449), "+37 %"),
    (("2021-04-01", "2021-06-30", "killed, injured or abducted/disappeared", 527),
     ("2021-01-01", "2021-03-31", "killed, injured or abducted/disappeared", 421), "+25 %"),
    (("2021-07-01", "2021-12-31", "killed", 318), ("2021-01-01", "2021-06-30", "killed", 266), "+16 %"),
    (("2021-07-01", "2021-12-31", "killed, injured, abducted or missing", 886),
     ("2021-01-01", "2021-06-30", "killed, injured or abducted", 948), "-7 %"),
    (("2022-01-01", "2022-03-31", "killed", 543), ("2021-10-01", "2021-12-31", "killed", 128), "+324 %"),
    (("2022-04-01", "2022-06-30", "violations and abuses", 467),
     ("2022-01-01", "2022-03-31", "violations and abuses (civilians affected)", 812), "-42 %"),
    (("2022-04-01", "2022-06-30", "violations", 122), ("2022-01-01", "2022-03-31", "violations", 320), "-62 %"),
    (("2022-07-01", "2022-09-30", "violations and abuses", 375), ("2022-04-01", "2022-06-30", "violations and abuses",
                                                                  467), "-20 %"),
    (("2022-07-01", "2022-09-30", "abuses", 163), ("2022-04-01", "2022-06-30", "abuses", 297), "-45 %"),
    (("2022-07-01", "2022-09-30", "violations", 162), ("2022-04-01", "2022-06-30", "violations", 122), "+33 %"),
    (("2022-10-01", "2022-12-31", "killed", 174), ("2022-07-01", "2022-09-30", "killed", 243), "-28 %"),
    (("2022-10-01", "2022-12-31", "abducted/disappeared", 82), ("2022-07-01", "2022-09-30", "abducted/disappeared", 55),
     "+49 %"),
    (("2022-10-01", "2022-12-31", "injured", 91), ("2022-07-01", "2022-09-30", "injured", 77), "+18 %"),
    (("2022-01-01", "2022-12-31", "killed", 1277), ("2021-01-01", "2021-12-31", "killed", 584), "+54 %"),
    (("2022-01-01", "2022-12-31", "abducted/disappeared", 372), ("2021-01-01", "2021-12-31", "abducted/disappeared",
                                                                 744), "-58 %"),
    (("2022-01-01", "2022-12-31", "injured", 352), ("2021-01-01", "2021-12-31", "injured", 466), "-25 %"),
)


def pct_change(before: float, after: float) -> float:
    """Percentage change from ``before`` to ``after`` (584 -> 1,277: +118.7). Raises ZeroDivisionError at 0."""
    return (after - before) / before * 100


def _find(harm: pd.DataFrame, key) -> pd.Series:
    start, end, measure, value = key
    hit = harm[(harm["period_start"] == pd.Timestamp(start)) & (harm["period_end"] == pd.Timestamp(end))
               & (harm["measure"] == measure) & (harm["value"] == value)]
    if len(hit) != 1:
        raise KeyError(f"civilian_harm has {len(hit)} rows {start}..{end} {measure!r} = {value}, expected one")
    return hit.iloc[0]


def stated_changes(harm: pd.DataFrame) -> pd.DataFrame:
    """Every percentage change of :data:`STATED_CHANGES`, recomputed from the two counts.

    Parameters
    ----------
    harm : pandas.DataFrame
        The table ``civilian_harm`` (``period_start``/``period_end`` as
        datetime64, ``value`` numeric, ``press_only`` bool, ``notes``).

    Returns
    -------
    pandas.DataFrame
        One row per change: ``period``, ``compared_with`` (str, 'Jan-Dec
        2022'), ``perpetrator``, ``measure`` (str), ``before``, ``after``
        (int), ``stated`` (int, per cent, from the note), ``computed``
        (float, per cent), ``misstated`` (bool: the stated figure differs
        from the computed one by more than 1.5 points, beyond rounding),
        ``press_only`` (bool: either row rests on a press report only).

    Raises
    ------
    KeyError
        A row of :data:`STATED_CHANGES` is not (or not once) in the table.
    ValueError
        The note of the later row does not state the change as listed.
    """
    rows = []
    for to_key, from_key, phrase in STATED_CHANGES:
        to, fr = _find(harm, to_key), _find(harm, from_key)
        if phrase not in str(to["notes"]):
            raise ValueError(f"the note of {to_key} does not state {phrase!r}: {to['notes']!r}")
        stated = int(re.sub(r"[^\d+-]", "", phrase))
        computed = pct_change(float(fr["value"]), float(to["value"]))
        rows.append({"period": period_label(to["period_start"], to["period_end"]),
                     "compared_with": period_label(fr["period_start"], fr["period_end"]),
                     "perpetrator": to["perpetrator"], "measure": to["measure"], "before": int(fr["value"]),
                     "after": int(to["value"]), "stated": stated, "computed": computed,
                     "misstated": abs(computed - stated) > 1.5,
                     "press_only": bool(to["press_only"]) or bool(fr["press_only"])})
    return pd.DataFrame(rows)


def period_label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'Jan-Mar 2022', 'Aug-Dec 2020', '27-31 Mar 2022'."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start.month == end.month and start.year == end.year and start.day != 1:
        return f"{start.day}-{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start:%b}-{end:%b %Y}"
    return f"{start:%b %Y}-{end:%b %Y}"


#: How the UN's perpetrator wording maps to the report's classes (first match wins; lower case).
UN_PERPETRATORS = (
    ("all", "all"),
    ("foreign military elements", "state"), ("foreign military personnel", "state"),
    ("defence and security", "state"), ("defense and security", "state"), ("malian armed forces", "state"),
    ("malian military", "state"), ("state actors", "state"), ("malian defence", "state"), ("fds", "state"),
    ("jihadist", "jihadist"), ("jnim", "jihadist"), ("eigs", "jihadist"), ("terrorist", "jihadist"),
    ("violent extremist", "jihadist"),
    ("militia", "militia"), ("self-defence", "militia"),
    ("signatory", "armed_movement"), ("armed groups", "armed_groups"),
    ("barkhane", "foreign"), ("foreign forces", "foreign"), ("international", "foreign"),
)


def un_perpetrator(text: str) -> str:
    """The class of a UN perpetrator wording: all, state, jihadist, militia, armed_movement, armed_groups,
    foreign or other."""
    t = str(text).lower()
    if t.startswith("all"):
        return "all"
    for needle, cls in UN_PERPETRATORS[1:]:
        if needle in t:
            return cls
    return "other"


def _quarters_of(start, end) -> list[str] | None:
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if s.day != 1 or s.month not in (1, 4, 7, 10) or (e + pd.Timedelta(days=1)).month not in (1, 4, 7, 10) \
            or (e + pd.Timedelta(days=1)).day != 1:
        return None
    return quarters(f"{s.year}-Q{s.quarter}", f"{e.year}-Q{e.quarter}")


def un_beside_datasets(harm: pd.DataFrame, ucdp: pd.DataFrame, vac: pd.DataFrame) -> pd.DataFrame:
    """The UN's counts of civilians killed, by perpetrator, beside UCDP and ACLED for the same quarters.

    Only UN rows of people *killed* (``measure == 'killed'``) whose period
    is made of whole calendar quarters are compared; the others stay
    apart. For each: UCDP one-sided violence (best, low-high) by the same
    class, UCDP civilian deaths in all types of violence (for 'all'), and
    ACLED's fatalities in violence against civilians by the same class
    (Malian forces with and without Wagner together for 'state').

    Returns
    -------
    pandas.DataFrame
        Columns ``period``, ``perpetrator`` (the UN's words), ``class``
        (str), ``un`` (int), ``press_only`` (bool), ``ucdp_os``,
        ``ucdp_os_low``, ``ucdp_os_high``, ``ucdp_all_civ`` (float; NaN
        where it does not apply), ``acled_vac`` (float; NaN after 1 March
        2023 or where it does not apply), ``acled_partial`` (bool), in
        period order.
    """
    mli = ucdp[ucdp["iso3"] == "MLI"]
    os_ = mli[mli["violence"] == "one-sided"]
    os_classes = {"all": None, "state": ["mali_state"], "jihadist": list(JIHADIST), "militia": ["militia"],
                  "armed_movement": ["armed_movement"], "armed_groups": [*JIHADIST, "militia", "armed_movement"],
                  "foreign": ["other_state"]}
    acled_classes = {"all": None, "state": ["mali_state_wagner", "mali_state_no_wagner"], "jihadist": list(JIHADIST),
                     "militia": ["militia"], "armed_movement": ["armed_movement"],
                     "armed_groups": [*JIHADIST, "militia", "armed_movement"], "foreign": ["other_state"]}
    last_acled = vac["quarter"].max()
    rows = []
    for _, r in harm[harm["measure"] == "killed"].sort_values(["period_start", "period_end"]).iterrows():
        qs = _quarters_of(r["period_start"], r["period_end"])
        if qs is None:
            continue
        cls = un_perpetrator(r["perpetrator"])
        if cls == "other":
            continue
        row = {"period": period_label(r["period_start"], r["period_end"]), "perpetrator": r["perpetrator"],
               "class": cls, "un": int(r["value"]), "press_only": bool(r["press_only"])}
        o = os_[os_["quarter"].isin(qs)]
        if os_classes[cls] is not None:
            o = o[o["side_a_class"].isin(os_classes[cls])]
        row.update(ucdp_os=float(o["best"].sum()), ucdp_os_low=float(o["low"].sum()),
                   ucdp_os_high=float(o["high"].sum()))
        row["ucdp_all_civ"] = float(mli.loc[mli["quarter"].isin(qs), "deaths_civilians"].sum()) if cls == "all" \
            else float("nan")
        if max(qs) <= last_acled:
            v = vac[vac["quarter"].isin(qs)]
            if acled_classes[cls] is not None:
                v = v[v["perpetrator"].isin(acled_classes[cls])]
            row["acled_vac"] = float(v["fatalities"].sum())
            row["acled_partial"] = bool(max(qs) == last_acled)
        else:
            row["acled_vac"], row["acled_partial"] = float("nan"), False
        rows.append(row)
    return pd.DataFrame(rows)


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
    s = strength.assign(date_start=pd.to_datetime(strength["date_start"]),
                        estimate=pd.to_numeric(strength["estimate"], errors="coerce"))
    same = s[s["estimate"] == claim]
    in_year = s[s["date_start"].dt.year == year]
    ok = same[(same["date_start"].dt.year == year)
              & ~same["qualifier"].fillna("").str.contains("up to|planned", regex=True)]
    return {"supported": not ok.empty,
            "same_figure": same[["date", "qualifier", "estimator"]].to_dict("records"),
            "in_year": in_year[["date", "estimate", "qualifier", "estimator"]].to_dict("records")}


# --------------------------------------------------------------------------
# Restrictions on the mission, counted, on one timeline
# --------------------------------------------------------------------------

#: Dated events of ``timeline`` that belong on the restrictions timeline: words that pick each one out.
RESTRICTION_EVENTS = ("detain 49 Ivorian soldiers", "expels MINUSMA spokesperson", "deny the UN human rights team access")


def restrictions_timeline(restrictions: pd.DataFrame, attacks: pd.DataFrame, tl: pd.DataFrame,
                          monthly: pd.DataFrame) -> pd.DataFrame:
    """The restrictions on MINUSMA, the attacks on it and Mali's monthly deaths, on one timeline.

    Parameters
    ----------
    restrictions, attacks : pandas.DataFrame
        The tables ``restrictions`` and ``attacks_on_mission`` (``start_date``,
        ``end_date`` datetime64, ``measure``, ``value`` float, ``press_only``,
        ``source_title``, ``source_url``).
    tl : pandas.DataFrame
        The table ``timeline`` (``date_start``, ``event``, ``source_title``,
        ``source_url``); the rows named by :data:`RESTRICTION_EVENTS` are taken.
    monthly : pandas.DataFrame
        ACLED's national monthly series (``month`` datetime64, ``fatalities``).

    Returns
    -------
    pandas.DataFrame
        One row per fact, by date: ``start``, ``end`` (datetime64), ``kind``
        ('restriction', 'attack', 'event'), ``precision`` ('day', 'month',
        'year'), ``when`` (the dates in words), ``what`` (str), ``value``
        (float or NaN), ``press_only`` (bool), ``source_title``,
        ``source_url``, ``fatalities_in_months`` (int: ACLED's reported
        fatalities in Mali in the whole months the fact spans; NaN before
        ACLED's coverage or where the start is unknown).

    Raises
    ------
    KeyError
        A row of :data:`RESTRICTION_EVENTS` is not (or not once) in the timeline.
    """
    parts = []
    for frame, kind in ((restrictions, "restriction"), (attacks[attacks["start_date"] >= "2022-01-01"], "attack")):
        month_only = frame["period_start"].fillna("").str.fullmatch(r"\d{4}-\d{2}") & frame["period_end"].isna()
        parts.append(pd.DataFrame({"start": frame["start_date"], "end": frame["end_date"], "kind": kind,
                                   "precision": month_only.map({True: "month", False: "day"}),
                                   "what": frame["measure"], "value": frame["value"],
                                   "press_only": frame["press_only"].fillna(False).astype(bool),
                                   "source_title": frame["source_title"], "source_url": frame["source_url"]}))
    for words in RESTRICTION_EVENTS:
        hit = tl[tl["event"].str.contains(words, regex=False)]
        if len(hit) != 1:
            raise KeyError(f"timeline has {len(hit)} events with {words!r}, expected one")
        r = hit.iloc[0]
        end = r["date_start"] + pd.offsets.YearEnd(0) if r["precision"] == "year" else r["date_start"]
        parts.append(pd.DataFrame([{"start": r["date_start"], "end": end, "kind": "event",
                                    "precision": r["precision"],
                                    "what": r["event"], "value": float("nan"), "press_only": False,
                                    "source_title": r["source_title"], "source_url": r["source_url"]}]))
    out = pd.concat(parts, ignore_index=True).sort_values(["start", "kind"], na_position="first").reset_index(drop=True)
    fat = monthly.set_index("month")["fatalities"]

    def months_sum(s, e):
        if pd.isna(s):
            return float("nan")
        ms = pd.period_range(s, e if pd.notna(e) else s, freq="M").to_timestamp()
        if not set(ms) <= set(fat.index):
            return float("nan")
        return float(fat.loc[ms].sum())

    out["fatalities_in_months"] = [months_sum(s, e) for s, e in zip(out["start"], out["end"])]
    out["when"] = [when_label(s, e, p) for s, e, p in zip(out["start"], out["end"], out["precision"])]
    return out


def when_label(start, end, precision: str = "day") -> str:
    """'14 Jul 2022 – 15 Aug 2022', '20 Jul 2022', 'Jan 2022' (month precision), '2022' (year precision)."""
    if pd.isna(start):
        return f"to {end:%-d %b %Y}"
    if precision == "year":
        return f"{start:%Y}"
    if precision == "month":
        return f"{start:%b %Y}"
    return f"{start:%-d %b %Y}" if pd.isna(end) or end == start else f"{start:%-d %b %Y} – {end:%-d %b %Y}"
