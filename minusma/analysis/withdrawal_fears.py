"""The fears of June 2023, scored: one row per fear, its indicator each year, and a verdict by a fixed rule.

The fears, their indicators, rules and thresholds are data (``withdrawal_fears``,
from ``curated/withdrawal_fears.csv``), written down before the values were
computed; this module only computes the values and applies the rules, so that
the next edition, with new data, re-scores the card by itself.

Periods: the baseline "2022–2023" (the mission's last two years), then each
calendar year since; the current year is partial (to the last complete month)
and is shown but not used for the verdict. Sources: ACLED's cercle-month
aggregates of political violence (fatalities), the fact base's humanitarian
figures (UNHCR counts of refugees, via the sources it names), the timeline, and
``oversight_bodies`` (curated).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from minusma.analysis import conflict
from minusma.analysis.keys import key, key_frame

BASELINE = "2022–2023"


@dataclass(frozen=True)
class Period:
    """A column of the scorecard: ``label``, first and last month (month starts), ``partial`` (bool)."""

    label: str
    first: pd.Timestamp
    last: pd.Timestamp
    partial: bool = False


def periods(last_complete: pd.Timestamp, first_year: int = 2024) -> list[Period]:
    """The baseline 2022–2023, then each calendar year from ``first_year`` to the year of ``last_complete``.

    The last year is ``partial`` when it ends before December; its label names
    the last month (``2026 (to March)``).
    """
    last_complete = pd.Timestamp(last_complete)
    out = [Period(BASELINE, pd.Timestamp("2022-01-01"), pd.Timestamp("2023-12-01"))]
    for y in range(first_year, last_complete.year + 1):
        end = min(pd.Timestamp(f"{y}-12-01"), last_complete)
        partial = end.month < 12
        out.append(Period(f"{y} (to {end:%B})" if partial else str(y), pd.Timestamp(f"{y}-01-01"), end, partial))
    return out


def acled_rate(acled: pd.DataFrame, pcodes, period: Period) -> float:
    """Mean reported fatalities per month in the cercles ``pcodes`` over the complete months of ``period``.

    ``acled`` is ``acled_mali_cercle_month`` (``month``, ``admin2_pcode``, ``fatalities``, ``partial``).
    """
    m = acled[
        ~acled["partial"].astype(bool)
        & acled["month"].between(period.first, period.last)
        & acled["admin2_pcode"].isin(list(pcodes))
    ]
    n = m["month"].nunique()
    return float(m["fatalities"].sum() / n) if n else float("nan")


def capital_cercles(cercles: pd.DataFrame) -> list[str]:
    """Pcodes of the cercles of the regional capitals: those named as their region (Bamako district included)."""
    return sorted(cercles.loc[cercles["admin2"] == cercles["admin1"], "admin2_pcode"])


def bodies_active(bodies: pd.DataFrame, on: pd.Timestamp) -> list[str]:
    """The UN bodies of ``oversight_bodies`` mandated on date ``on`` (empty end date: still mandated)."""
    on = pd.Timestamp(on)
    sel = bodies[(bodies["active_from"] <= on) & (bodies["active_to"].isna() | (bodies["active_to"] >= on))]
    return list(sel["body"])


def last_figure(figures: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.Series | None:
    """The last row of ``figures`` (``date`` datetime64) dated between ``first`` and ``last``, or None."""
    sel = figures[figures["date"].between(first, last)].sort_values("date")
    return None if sel.empty else sel.iloc[-1]


def values(measure: str, period: Period, data: dict) -> tuple[float, str]:
    """The value of ``measure`` in ``period`` and a short text for the scorecard.

    Parameters
    ----------
    measure : str
        A key of :data:`minusma.data.derive.withdrawal_fears.FEAR_MEASURES`.
    data : dict
        ``acled`` (cercle-month table), ``cercles`` (``mali_cercles``),
        ``base_cercles`` (list of pcodes), ``bodies`` (``oversight_bodies``),
        ``humanitarian`` (``humanitarian_figures``).

    Returns
    -------
    (value, text) : float (NaN where there is no figure) and str.

    Raises
    ------
    KeyError
        Unknown measure.
    """
    if measure in ("capital_cercles", "base_cercles", "kidal_region"):
        pcodes = {
            "capital_cercles": lambda: capital_cercles(data["cercles"]),
            "base_cercles": lambda: data["base_cercles"],
            "kidal_region": lambda: data["cercles"].loc[data["cercles"]["admin1_pcode"] == "ML08", "admin2_pcode"],
        }[measure]()
        v = acled_rate(data["acled"], pcodes, period)
        return v, f"{v:,.0f} a month"
    if measure == "oversight_bodies":
        on = min(pd.Timestamp(f"{period.last.year}-07-01"), period.last + pd.offsets.MonthEnd(0))
        n = len(bodies_active(data["bodies"], on))
        return float(n), f"{n} on {on:%-d %B %Y}"
    if measure == "refugees":
        h = data["humanitarian"]
        h = h[
            (h["indicator"] == "malian_refugees_in_neighbours")
            & (h["geography"] == "Mali")
            & (h["confidence"] == "normal")
        ]
        last = pd.Timestamp("2023-06-30") if period.label == BASELINE else period.last + pd.offsets.MonthEnd(0)
        r = last_figure(h, period.first, last)
        if r is None:
            return float("nan"), "no figure"
        return float(r["value"]), f"{r['value']:,.0f} ({r['date']:%b %Y})"
    raise KeyError(f"unknown measure {measure!r}")


def _condition(fear: str, period: Period, agreement_end: pd.Timestamp | None) -> bool:
    """Extra conditions a fear's rule states in words: the northern fear needs the Algiers agreement ended.

    ``agreement_end`` is the date the junta ended the agreement (the timeline's ``algiers_end``
    event; see :func:`minusma.charts.timeline.markers`); None: not ended.
    """
    if fear == "north":
        return agreement_end is not None and bool(pd.Timestamp(agreement_end) <= period.last + pd.offsets.MonthEnd(0))
    return True


def verdict(rule: str, threshold: float, value: float, baseline: float, condition: bool = True) -> str:
    """``borne out``, ``not borne out`` or ``no data`` by the rule of a fear.

    ``ratio_at_least``: value / baseline >= threshold; ``at_most``: value <= threshold.

    Raises
    ------
    ValueError
        Unknown rule.
    """
    if np.isnan(value) or (rule == "ratio_at_least" and (np.isnan(baseline) or baseline == 0)):
        return "no data"
    if rule == "ratio_at_least":
        met = value / baseline >= threshold
    elif rule == "at_most":
        met = value <= threshold
    else:
        raise ValueError(f"unknown rule {rule!r}")
    return "borne out" if (met and condition) else "not borne out"


def scorecard(
    fears: pd.DataFrame, data: dict, last_complete: pd.Timestamp, agreement_end: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Score every fear in every period.

    Parameters
    ----------
    fears : pandas.DataFrame
        ``withdrawal_fears`` (``fear``, ``fear_text``, ``indicator``, ``measure``, ``rule``, ``threshold``,
        ``threshold_text``, ``fear_source_title``, ``fear_source_url``).
    data : dict
        As :func:`values`.
    last_complete : pandas.Timestamp
        Last complete month of the ACLED data (sets the periods).
    agreement_end : pandas.Timestamp, optional
        The date the Algiers agreement was ended (the condition of the northern fear, see
        :func:`_condition`); None: not ended, so that fear cannot be borne out.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per fear × period: ``fear``, ``order``, ``period``
        (label), ``partial`` (bool), ``value`` (float), ``text`` (str),
        ``ratio`` (value / baseline, float; NaN for the baseline), ``verdict``
        (str; empty for the baseline).
    """
    rows = []
    for f in fears.itertuples():
        base = None
        for p in periods(last_complete):
            v, text = values(f.measure, p, data)
            if p.label == BASELINE:
                base = v
                rows.append(
                    {
                        "fear": f.fear,
                        "order": f.order,
                        "period": p.label,
                        "partial": p.partial,
                        "value": v,
                        "text": text,
                        "ratio": float("nan"),
                        "verdict": "",
                    }
                )
                continue
            ratio = v / base if (base and f.rule == "ratio_at_least") else float("nan")
            rows.append(
                {
                    "fear": f.fear,
                    "order": f.order,
                    "period": p.label,
                    "partial": p.partial,
                    "value": v,
                    "text": text,
                    "ratio": ratio,
                    "verdict": verdict(f.rule, f.threshold, v, base, _condition(f.fear, p, agreement_end)),
                }
            )
    return pd.DataFrame(rows)


def final_verdicts(card: pd.DataFrame) -> pd.DataFrame:
    """The verdict of each fear: that of the latest complete year with data.

    Returns
    -------
    pandas.DataFrame
        One row per fear (in ``order``): ``fear``, ``verdict``, ``period`` (the
        year it rests on), ``years_borne_out`` and ``years_scored`` (int,
        complete years since 2024).
    """
    full = card[(card["verdict"] != "") & ~card["partial"] & (card["verdict"] != "no data")]
    rows = []
    for fear, _g in card.groupby("fear", sort=False):
        f = full[full["fear"] == fear]
        last = f.iloc[-1] if len(f) else None
        rows.append(
            {
                "fear": fear,
                "verdict": last["verdict"] if last is not None else "no data",
                "period": last["period"] if last is not None else "",
                "years_borne_out": int((f["verdict"] == "borne out").sum()),
                "years_scored": len(f),
            }
        )
    return pd.DataFrame(rows)


def ucdp_key_figures(country_year: pd.DataFrame, onesided: pd.DataFrame, src: dict[str, str]) -> pd.DataFrame:
    """UCDP's yearly counts for Mali that the scorecard's prose states: all organised violence, the state's one-sided.

    Parameters
    ----------
    country_year : pandas.DataFrame
        ``ucdp_country_year`` (``iso3``, ``year``, ``total``: best-estimate deaths).
    onesided : pandas.DataFrame
        ``ucdp_onesided_actor_year`` (see :func:`minusma.analysis.conflict.onesided_mali`).
    src : dict
        :func:`minusma.analysis.withdrawal.source_labels`.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``wd_ucdp_2023``, ``wd_ucdp_2024``, ``wd_state_os_2023``, ``wd_state_os_2024``,
        ``wd_state_russia_2024`` (int, deaths), ``wd_ucdp_last_year``.
    """
    mali = country_year[country_year["iso3"] == "MLI"].set_index("year")
    by = conflict.onesided_mali(onesided, country_year)
    state = by["state"] + by["state_russia"]
    u, rows = src["ucdp"], []
    for y in (2023, 2024):
        rows.append(
            key(
                f"wd_ucdp_{y}",
                int(mali.loc[y, "total"]),
                f"UCDP best-estimate deaths in organised violence, Mali, {y}",
                u,
            )
        )
    for y in (2023, 2024):
        rows.append(
            key(
                f"wd_state_os_{y}",
                int(state.get(y, 0)),
                f"UCDP one-sided deaths by the Malian state (alone or with Russia), {y}",
                u,
            )
        )
    return key_frame(
        rows
        + [
            key(
                "wd_state_russia_2024",
                int(by.loc[2024, "state_russia"]),
                "UCDP one-sided deaths by 'Government of Mali, Government of Russia', 2024",
                u,
            ),
            key("wd_ucdp_last_year", int(mali.index.max()), "last year of UCDP's yearly data", u, fmt="{}"),
        ]
    )


#: The scorecard values the prose states, by fear: the period tags (``2022_2023``, ``2024``, ...) registered.
STATED = {
    "towns": ("2022_2023", "2024", "2025", "2026"),
    "wagner": ("2022_2023", "2024", "2025"),
    "north": ("2022_2023", "2024", "2025"),
    "humanitarian": ("2022_2023", "2024"),
}


def fears_key_figures(
    fears: pd.DataFrame, card: pd.DataFrame, bodies: pd.DataFrame, src: dict[str, str], stated: dict = STATED
) -> pd.DataFrame:
    """Key figures of "The fears of 2023, scored": each fear's verdict and stated values, the rule, the bodies.

    Parameters
    ----------
    fears : pandas.DataFrame
        ``withdrawal_fears``.
    card : pandas.DataFrame
        :func:`scorecard`.
    bodies : pandas.DataFrame
        ``oversight_bodies`` (``active_from``, ``active_to``, ``last_confirmed``, ``source_title``).
    stated : dict
        Fear -> period tags whose values the prose states.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: per fear ``wd_fear_<fear>_verdict``, ``_year`` and ``_<period tag>`` (the
        indicator's value, text as in the scorecard); then ``wd_fear_threshold`` (float),
        ``wd_fears_fixed_on``, ``wd_fears_borne_out``, ``wd_fears_n``, ``wd_bodies_2023`` (int) and
        ``wd_expert_confirmed`` (date text).
    """
    final = final_verdicts(card).set_index("fear")
    s, rows = src["fears"], []
    for f in fears.itertuples():
        v = final.loc[f.fear]
        rows += [
            key(f"wd_fear_{f.fear}_verdict", v["verdict"], f"verdict on the fear '{f.fear_text}'", s, fmt="{}"),
            key(f"wd_fear_{f.fear}_year", v["period"], f"year the verdict on '{f.fear}' rests on", s, fmt="{}"),
        ]
        for r in card[card["fear"] == f.fear].itertuples():
            tag = r.period.split(" ")[0].replace("–", "_")
            if tag in stated.get(f.fear, ()):
                rows.append(
                    key(
                        f"wd_fear_{f.fear}_{tag}",
                        r.value if pd.notna(r.value) else r.text,
                        f"{f.indicator}, {r.period}",
                        s,
                        text=r.text,
                    )
                )
    expert = bodies[bodies["active_to"].isna()].iloc[0]
    return key_frame(
        rows
        + [
            key(
                "wd_fear_threshold",
                fears["threshold"].iloc[0],
                "ratio to 2022-2023 at which a fear counts as borne out (count indicators)",
                s,
                text=f"{fears['threshold'].iloc[0]:.2f}",
            ),
            key(
                "wd_fears_fixed_on",
                fears["fixed_on"].max().strftime("%-d %B %Y"),
                "date the thresholds were written down",
                s,
            ),
            key(
                "wd_fears_borne_out",
                int((final["verdict"] == "borne out").sum()),
                "fears borne out by the latest year scored",
                s,
            ),
            key("wd_fears_n", len(fears), "fears scored", s),
            key(
                "wd_bodies_2023",
                len(bodies_active(bodies, pd.Timestamp("2023-07-01"))),
                "UN bodies mandated to report on abuses in Mali on 1 July 2023",
                src["bodies"],
            ),
            key(
                "wd_expert_confirmed",
                expert["last_confirmed"].strftime("%-d %B %Y"),
                "latest renewal found of the Independent Expert's mandate",
                expert["source_title"],
            ),
        ]
    )
