"""Restrictions on MINUSMA, the attacks on it and Mali's monthly deaths, on one timeline.

Reads ``restrictions`` and ``attacks_on_mission`` (the fact base: UN reports and statements as
published), ``timeline`` (the fact base's dated events) and ACLED's national monthly series
(:func:`minusma.analysis.conflict.national_monthly`). Split from :mod:`minusma.analysis.wagner`.
"""

from __future__ import annotations

import re

import pandas as pd

from minusma.analysis.conflict_keys import pct
from minusma.analysis.keys import Keys

# --------------------------------------------------------------------------
# Restrictions on the mission, counted, on one timeline
# --------------------------------------------------------------------------

#: Dated events of ``timeline`` that belong on the restrictions timeline: words that pick each one out.
RESTRICTION_EVENTS = (
    "detain 49 Ivorian soldiers",
    "expels MINUSMA spokesperson",
    "deny the UN human rights team access",
)


def restrictions_timeline(
    restrictions: pd.DataFrame, attacks: pd.DataFrame, tl: pd.DataFrame, monthly: pd.DataFrame
) -> pd.DataFrame:
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
        parts.append(
            pd.DataFrame(
                {
                    "start": frame["start_date"],
                    "end": frame["end_date"],
                    "kind": kind,
                    "precision": month_only.map({True: "month", False: "day"}),
                    "what": frame["measure"],
                    "value": frame["value"],
                    "press_only": frame["press_only"].fillna(False).astype(bool),
                    "source_title": frame["source_title"],
                    "source_url": frame["source_url"],
                }
            )
        )
    for words in RESTRICTION_EVENTS:
        hit = tl[tl["event"].str.contains(words, regex=False)]
        if len(hit) != 1:
            raise KeyError(f"timeline has {len(hit)} events with {words!r}, expected one")
        r = hit.iloc[0]
        end = r["date_start"] + pd.offsets.YearEnd(0) if r["precision"] == "year" else r["date_start"]
        parts.append(
            pd.DataFrame(
                [
                    {
                        "start": r["date_start"],
                        "end": end,
                        "kind": "event",
                        "precision": r["precision"],
                        "what": r["event"],
                        "value": float("nan"),
                        "press_only": False,
                        "source_title": r["source_title"],
                        "source_url": r["source_url"],
                    }
                ]
            )
        )
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


def restriction_keys(rst: pd.DataFrame, S: dict) -> pd.DataFrame:
    """The counted restrictions: Ivorian soldiers detained, rotations suspended, flights refused, attacks.

    ``rst``: :func:`restrictions_timeline`; ``S``: :func:`minusma.analysis.conflict_keys.source_labels`.
    Returns a key-figure frame.
    """
    k, R, rq = Keys(), S["rst"], rst.set_index("what")
    req, den = rq.loc["flight authorisation requests", "value"], rq.loc["flight authorisations denied", "value"]
    ivo = rst.loc[rst["what"].str.contains("Ivorian soldiers at Bamako"), "what"].iloc[0]
    k.add(
        "wag_r_ivorians",
        int(re.search(r"detain (\d+) Ivorian", ivo).group(1)),
        "Ivorian soldiers detained at Bamako airport, 10 July 2022",
        "data/timeline.csv",
    )
    k.add(
        "wag_r_period",
        rq.loc["flight authorisations denied", "when"].replace(" – ", " to "),
        "period of the Secretary-General's report with flight counts",
        R,
        fmt="{}",
    )
    rotation = next(w for w in rq.index if w.startswith("rotation suspension:"))
    k.add(
        "wag_r_rotation_days",
        int(rq.loc[rotation, "value"]),
        "days all rotations of MINUSMA's military and police contingents were suspended (July-August 2022)",
        R,
    )
    k.add("wag_r_flights_requested", int(req), "flight authorisation requests, 6 January - 1 March 2023", R)
    k.add("wag_r_flights_denied", int(den), "flight authorisations denied, same period", R)
    k.add(
        "wag_r_flights_denied_share", den / req, "share denied (computed from the two counts)", R, text=pct(den / req)
    )
    k.add(
        "wag_r_drones_denied",
        int(rq.loc["flight authorisations denied: ISR drones", "value"]),
        "of which flights of surveillance drones",
        R,
    )
    k.add("wag_r_attacks", int(rq.loc["attacks on MINUSMA", "value"]), "attacks on MINUSMA, same period", R)
    jf = rst.loc[rst["what"] == "flight authorisations denied", "fatalities_in_months"].iloc[0]
    k.add(
        "wag_r_fat_janmar",
        int(jf),
        "ACLED reported fatalities in political violence in Mali, January-March 2023 (the months of that period)",
        S["acled"],
    )
    return k.frame()
