"""The UN human rights division's figures: the changes its notes state, recomputed, and UCDP and ACLED beside them.

Reads ``civilian_harm`` (the fact base: the division's counts by period and perpetrator, as published),
``ucdp_civilian_deaths_quarter`` (UCDP GED 24.1) and ``acled_vac_perpetrator_quarter`` (ACLED,
aggregates only). Split from :mod:`minusma.analysis.wagner`.
"""

from __future__ import annotations

import re

import pandas as pd

from minusma.analysis.keys import Keys
from minusma.analysis.wagner import JIHADIST, quarters

# --------------------------------------------------------------------------
# The UN's figures: percentage changes recomputed, and the datasets beside them
# --------------------------------------------------------------------------

#: Percentage changes the UN's notes state (as the fact base records them in ``civilian_harm.notes``): the
#: row that states it and the row it compares with, each as (period_start, period_end, measure, value), and
#: the words of the note that state the change. A test checks that every row and every phrase exists.
STATED_CHANGES = (
    (("2021-01-01", "2021-06-30", "abuses", 617), ("2020-08-01", "2020-12-31", "abuses", 449), "+37 %"),
    (
        ("2021-04-01", "2021-06-30", "killed, injured or abducted/disappeared", 527),
        ("2021-01-01", "2021-03-31", "killed, injured or abducted/disappeared", 421),
        "+25 %",
    ),
    (("2021-07-01", "2021-12-31", "killed", 318), ("2021-01-01", "2021-06-30", "killed", 266), "+16 %"),
    (
        ("2021-07-01", "2021-12-31", "killed, injured, abducted or missing", 886),
        ("2021-01-01", "2021-06-30", "killed, injured or abducted", 948),
        "-7 %",
    ),
    (("2022-01-01", "2022-03-31", "killed", 543), ("2021-10-01", "2021-12-31", "killed", 128), "+324 %"),
    (
        ("2022-04-01", "2022-06-30", "violations and abuses", 467),
        ("2022-01-01", "2022-03-31", "violations and abuses (civilians affected)", 812),
        "-42 %",
    ),
    (("2022-04-01", "2022-06-30", "violations", 122), ("2022-01-01", "2022-03-31", "violations", 320), "-62 %"),
    (
        ("2022-07-01", "2022-09-30", "violations and abuses", 375),
        ("2022-04-01", "2022-06-30", "violations and abuses", 467),
        "-20 %",
    ),
    (("2022-07-01", "2022-09-30", "abuses", 163), ("2022-04-01", "2022-06-30", "abuses", 297), "-45 %"),
    (("2022-07-01", "2022-09-30", "violations", 162), ("2022-04-01", "2022-06-30", "violations", 122), "+33 %"),
    (("2022-10-01", "2022-12-31", "killed", 174), ("2022-07-01", "2022-09-30", "killed", 243), "-28 %"),
    (
        ("2022-10-01", "2022-12-31", "abducted/disappeared", 82),
        ("2022-07-01", "2022-09-30", "abducted/disappeared", 55),
        "+49 %",
    ),
    (("2022-10-01", "2022-12-31", "injured", 91), ("2022-07-01", "2022-09-30", "injured", 77), "+18 %"),
    (("2022-01-01", "2022-12-31", "killed", 1277), ("2021-01-01", "2021-12-31", "killed", 584), "+54 %"),
    (
        ("2022-01-01", "2022-12-31", "abducted/disappeared", 372),
        ("2021-01-01", "2021-12-31", "abducted/disappeared", 744),
        "-58 %",
    ),
    (("2022-01-01", "2022-12-31", "injured", 352), ("2021-01-01", "2021-12-31", "injured", 466), "-25 %"),
)


def pct_change(before: float, after: float) -> float:
    """Percentage change from ``before`` to ``after`` (584 -> 1,277: +118.7). Raises ZeroDivisionError at 0."""
    return (after - before) / before * 100


def _find(harm: pd.DataFrame, key) -> pd.Series:
    start, end, measure, value = key
    hit = harm[
        (harm["period_start"] == pd.Timestamp(start))
        & (harm["period_end"] == pd.Timestamp(end))
        & (harm["measure"] == measure)
        & (harm["value"] == value)
    ]
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
        rows.append(
            {
                "period": period_label(to["period_start"], to["period_end"]),
                "compared_with": period_label(fr["period_start"], fr["period_end"]),
                "perpetrator": to["perpetrator"],
                "measure": to["measure"],
                "before": int(fr["value"]),
                "after": int(to["value"]),
                "stated": stated,
                "computed": computed,
                "misstated": abs(computed - stated) > 1.5,
                "press_only": bool(to["press_only"]) or bool(fr["press_only"]),
            }
        )
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
    ("foreign military elements", "state"),
    ("foreign military personnel", "state"),
    ("defence and security", "state"),
    ("defense and security", "state"),
    ("malian armed forces", "state"),
    ("malian military", "state"),
    ("state actors", "state"),
    ("malian defence", "state"),
    ("fds", "state"),
    ("jihadist", "jihadist"),
    ("jnim", "jihadist"),
    ("eigs", "jihadist"),
    ("terrorist", "jihadist"),
    ("violent extremist", "jihadist"),
    ("militia", "militia"),
    ("self-defence", "militia"),
    ("signatory", "armed_movement"),
    ("armed groups", "armed_groups"),
    ("barkhane", "foreign"),
    ("foreign forces", "foreign"),
    ("international", "foreign"),
)


def un_perpetrator(text: str) -> str:
    """The class of a UN perpetrator wording: all, state, jihadist, militia, armed_movement, armed_groups,
    foreign or other.
    """
    t = str(text).lower()
    if t.startswith("all"):
        return "all"
    for needle, cls in UN_PERPETRATORS[1:]:
        if needle in t:
            return cls
    return "other"


def _quarters_of(start, end) -> list[str] | None:
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if (
        s.day != 1
        or s.month not in (1, 4, 7, 10)
        or (e + pd.Timedelta(days=1)).month not in (1, 4, 7, 10)
        or (e + pd.Timedelta(days=1)).day != 1
    ):
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
    os_classes = {
        "all": None,
        "state": ["mali_state"],
        "jihadist": list(JIHADIST),
        "militia": ["militia"],
        "armed_movement": ["armed_movement"],
        "armed_groups": [*JIHADIST, "militia", "armed_movement"],
        "foreign": ["other_state"],
    }
    acled_classes = {
        "all": None,
        "state": ["mali_state_wagner", "mali_state_no_wagner"],
        "jihadist": list(JIHADIST),
        "militia": ["militia"],
        "armed_movement": ["armed_movement"],
        "armed_groups": [*JIHADIST, "militia", "armed_movement"],
        "foreign": ["other_state"],
    }
    last_acled = vac["quarter"].max()
    rows = []
    for _, r in harm[harm["measure"] == "killed"].sort_values(["period_start", "period_end"]).iterrows():
        qs = _quarters_of(r["period_start"], r["period_end"])
        if qs is None:
            continue
        cls = un_perpetrator(r["perpetrator"])
        if cls == "other":
            continue
        row = {
            "period": period_label(r["period_start"], r["period_end"]),
            "perpetrator": r["perpetrator"],
            "class": cls,
            "un": int(r["value"]),
            "press_only": bool(r["press_only"]),
        }
        o = os_[os_["quarter"].isin(qs)]
        if os_classes[cls] is not None:
            o = o[o["side_a_class"].isin(os_classes[cls])]
        row.update(
            ucdp_os=float(o["best"].sum()), ucdp_os_low=float(o["low"].sum()), ucdp_os_high=float(o["high"].sum())
        )
        row["ucdp_all_civ"] = (
            float(mli.loc[mli["quarter"].isin(qs), "deaths_civilians"].sum()) if cls == "all" else float("nan")
        )
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


HARM = "data/civilian_harm.csv"


def un_keys(sc: pd.DataFrame, side: pd.DataFrame, S: dict) -> pd.DataFrame:
    """The UN's 2021 and 2022 counts, its stated and computed change, and UCDP and ACLED for 2022.

    ``sc``: :func:`stated_changes`; ``side``: :func:`un_beside_datasets`; ``S``: the source labels of
    :func:`minusma.analysis.conflict_keys.source_labels`. Returns a key-figure frame.
    """
    k, note = Keys(), HARM + " (UN human rights division, March 2023)"
    k22 = sc[(sc["period"] == "Jan-Dec 2022") & (sc["measure"] == "killed")].iloc[0]
    k.add(
        "wag_un_killed_2021",
        int(k22["before"]),
        "civilians killed in 2021, as the UN human rights division's note of March 2023 states",
        note,
    )
    k.add("wag_un_killed_2022", int(k22["after"]), "civilians killed in 2022 (at least), same note", note)
    k.add(
        "wag_un_stated_pct",
        int(k22["stated"]),
        "the change the note states",
        HARM + " (notes)",
        text=f"+{int(k22['stated'])}%",
    )
    k.add(
        "wag_un_computed_pct",
        k22["computed"],
        "the change computed from the two counts",
        HARM,
        text=f"+{k22['computed']:.0f}%",
    )
    k.add(
        "wag_un_n_changes", len(sc), "percentage changes stated in the UN figures of the fact base and recomputed", HARM
    )
    k.add("wag_un_n_misstated", int(sc["misstated"].sum()), "of which misstated by more than rounding", HARM)
    y22 = side[(side["period"] == "Jan-Dec 2022") & (side["class"] == "all")].iloc[0]
    k.add(
        "wag_un_ucdp_all_2022",
        int(y22["ucdp_all_civ"]),
        "UCDP GED 24.1 civilian deaths in Mali, all types of violence, 2022",
        S["ged24"],
    )
    k.add(
        "wag_un_acled_2022",
        int(y22["acled_vac"]),
        "ACLED fatalities in violence against civilians, Mali, 2022",
        S["acled_a"],
    )
    return k.frame()


def _n(v) -> str:
    return "–" if pd.isna(v) else f"{int(v):,}"


def press(flags: pd.Series) -> pd.Series:
    """' [press only]' where a row rests on a press report only, else ''."""
    return flags.map({True: " [press only]", False: ""})


def beside_table(side: pd.DataFrame) -> pd.DataFrame:
    """:func:`un_beside_datasets` as the chapter shows it: text columns, with the ``class`` column kept for
    splitting into the all-perpetrators and by-perpetrator tables.
    """
    return pd.DataFrame(
        {
            "class": side["class"],
            "Period": side["period"],
            "Perpetrator (UN wording)": side["perpetrator"] + press(side["press_only"]),
            "UN: killed": side["un"].map(lambda v: f"{v:,}"),
            "UCDP one-sided, best (low–high)": [
                f"{_n(b)} ({_n(lo)}–{_n(hi)})"
                for b, lo, hi in zip(side["ucdp_os"], side["ucdp_os_low"], side["ucdp_os_high"])
            ],
            "UCDP civilians, all types": side["ucdp_all_civ"].map(_n),
            "ACLED, violence against civilians": [
                _n(v) + (" (partial)" if p else "") for v, p in zip(side["acled_vac"], side["acled_partial"])
            ],
        }
    )


def changes_table(sc: pd.DataFrame) -> pd.DataFrame:
    """:func:`stated_changes` as the chapter shows it (text columns)."""
    return pd.DataFrame(
        {
            "Period": sc["period"],
            "Compared with": sc["compared_with"],
            "Measure": sc["measure"] + press(sc["press_only"]),
            "Before": sc["before"].map(lambda v: f"{v:,}"),
            "After": sc["after"].map(lambda v: f"{v:,}"),
            "Stated change": sc["stated"].map(lambda v: f"{v:+d}%"),
            "Computed from the counts": sc["computed"].map(lambda v: f"{v:+.0f}%"),
            "Misstated": sc["misstated"].map({True: "yes", False: ""}),
        }
    )
