"""Mali against Burkina Faso: difference in differences and event study of civilian deaths per quarter.

Reads the quarterly frames of :func:`minusma.analysis.wagner.ucdp_outcomes` (UCDP GED 24.1, CC BY 4.0,
Mali and Burkina Faso, 2017-Q1 to 2023-Q4); "after" starts in :data:`minusma.analysis.wagner.AFTER_QUARTER`.
Split from :mod:`minusma.analysis.wagner`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from minusma.analysis.keys import Keys
from minusma.analysis.wagner import AFTER_QUARTER

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
    means = {"mali_before": cells[1, 0], "mali_after": cells[1, 1], "bfa_before": cells[0, 0], "bfa_after": cells[0, 1]}
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

    gap = mali - bfa
    pre = gap[gap.index < AFTER_QUARTER].to_numpy(dtype=float)
    x = sm.add_constant(np.arange(len(pre), dtype=float))
    fit = sm.OLS(pre, x).fit(cov_type="HAC", cov_kwds={"maxlags": 4})
    lo, hi = fit.conf_int()[1]
    return {"slope": float(fit.params[1]), "low": float(lo), "high": float(hi)}


#: The outcomes compared with Burkina Faso (columns of :func:`minusma.analysis.wagner.ucdp_outcomes`), in words.
OUTCOMES = {
    "state_os": "Civilians killed one-sidedly by the state forces",
    "state_any_civ": "Civilians killed by the state forces or in their fighting",
    "jihadist_os": "Civilians killed one-sidedly by jihadist groups",
}


def compare(mq: pd.DataFrame, bq: pd.DataFrame, outcomes=tuple(OUTCOMES), event_outcome: str = "state_os") -> dict:
    """Every comparison of the chapter's Burkina Faso section.

    Parameters
    ----------
    mq, bq : pandas.DataFrame
        :func:`minusma.analysis.wagner.ucdp_outcomes` of Mali and of Burkina Faso.
    outcomes : iterable of str
        Columns compared.
    event_outcome : str
        The column of the event study.

    Returns
    -------
    dict
        ``dids`` (outcome -> :class:`DiD`), ``trends`` (outcome -> :func:`pre_trend`), ``es``
        (:func:`event_study` of ``event_outcome``), ``above``/``below`` (the quarters from
        :data:`AFTER_QUARTER` whose centred gap lies above / below the band, list of str).
    """
    es = event_study(mq[event_outcome], bq[event_outcome])
    band = es["band"].iloc[0]
    return {
        "dids": {o: diff_in_diff(did_panel(mq, bq, o)) for o in outcomes},
        "trends": {o: pre_trend(mq[o], bq[o]) for o in outcomes},
        "es": es,
        "above": es.loc[es["post"] & (es["centred"] > band), "quarter"].tolist(),
        "below": es.loc[es["post"] & (es["centred"] < -band), "quarter"].tolist(),
    }


def did_keys(cmp: dict, S: dict) -> pd.DataFrame:
    """The key figures of the Burkina Faso comparison (``cmp``: :func:`compare`; ``S``: the source labels).

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: estimates and interval bounds (float, deaths a quarter, signed text), the
        verdict and the event study's quarters (str), counts of quarters (int), the jihadist pre-trend.
    """
    k, G, d, dj, es = Keys(), S["ged24"], cmp["dids"]["state_os"], cmp["dids"]["jihadist_os"], cmp["es"]
    k.add(
        "wag_did_state",
        d.estimate,
        "difference in differences of civilians killed a quarter in one-sided "
        "violence by state forces, Mali minus Burkina Faso, 2022-2023 against 2017-2021",
        G,
        text=f"{d.estimate:+.0f}",
    )
    k.add("wag_did_state_low", d.low, "95% interval, low (HAC-robust)", G, text=f"{d.low:+.0f}")
    k.add("wag_did_state_high", d.high, "95% interval, high", G, text=f"{d.high:+.0f}")
    k.add(
        "wag_did_bfa_before",
        d.means["bfa_before"],
        "civilians killed a quarter by Burkinabe state forces, 2017-2021 (mean)",
        G,
        text=f"{d.means['bfa_before']:.0f}",
    )
    k.add("wag_did_bfa_after", d.means["bfa_after"], "the same, 2022-2023", G, text=f"{d.means['bfa_after']:.0f}")
    k.add("wag_did_jih", dj.estimate, "difference in differences, jihadist groups", G, text=f"{dj.estimate:+.0f}")
    k.add("wag_did_jih_low", dj.low, "95% interval, low", G, text=f"{dj.low:+.0f}")
    k.add("wag_did_jih_high", dj.high, "95% interval, high", G, text=f"{dj.high:+.0f}")
    verdict = "was not larger" if d.low < 0 < d.high else "was larger" if d.low > 0 else "was smaller"
    k.add(
        "wag_did_verdict",
        verdict,
        "whether the 95% interval of the state-forces difference in differences "
        "excludes zero (larger or smaller) or not",
        G,
        fmt="{}",
    )
    band, pre = es["band"].iloc[0], ~es["post"]
    k.add(
        "wag_es_above",
        ", ".join(cmp["above"]) or "none",
        "quarters from 2022 in which the Mali minus Burkina "
        "gap in killings by state forces lay above its earlier spread",
        G,
        fmt="{}",
    )
    k.add("wag_did_n_q", d.n // 2, "quarters per country in the difference in differences", G)
    k.add("wag_es_n_pre", int(pre.sum()), "quarters before 2022 in the comparison", G)
    k.add(
        "wag_es_pre_out",
        int((pre & (es["centred"].abs() > band)).sum()),
        "quarters of 2017-2021 outside that spread themselves (of 20)",
        G,
    )
    k.add("wag_es_below", ", ".join(cmp["below"]) or "none", "quarters in which it lay below", G, fmt="{}")
    tj = cmp["trends"]["jihadist_os"]
    k.add(
        "wag_pretrend_jih",
        tj["slope"],
        "slope of the Mali minus Burkina gap in jihadist killings per quarter, "
        "2017-2021 (deaths per quarter, per quarter)",
        G,
        text=f"{tj['slope']:+.1f}",
    )
    return k.frame()


def did_table(cmp: dict) -> pd.DataFrame:
    """The table of the comparison: each outcome's four means, its difference in differences and pre-trend (text)."""
    dids, trends = cmp["dids"], cmp["trends"]
    return pd.DataFrame(
        [
            {
                "Outcome (UCDP GED 24.1, per quarter)": OUTCOMES[o],
                "Mali 2017–2021": f"{dids[o].means['mali_before']:.0f}",
                "Mali 2022–2023": f"{dids[o].means['mali_after']:.0f}",
                "Burkina Faso 2017–2021": f"{dids[o].means['bfa_before']:.0f}",
                "Burkina Faso 2022–2023": f"{dids[o].means['bfa_after']:.0f}",
                "Difference in differences (95% interval)": f"{dids[o].estimate:+.0f} ({dids[o].low:+.0f} to "
                f"{dids[o].high:+.0f})",
                "Pre-2022 trend of the gap (95% interval)": f"{trends[o]['slope']:+.1f} ({trends[o]['low']:+.1f} to "
                f"{trends[o]['high']:+.1f})",
            }
            for o in dids
        ]
    )
