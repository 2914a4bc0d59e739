"""What the mission did, by mandate area, and the attacks on it, as the fact base records them.

Inputs are the fact base's tables of ``data/`` (:mod:`minusma.data.derive.record`): ``activities`` and
``attacks_on_mission`` (each figure with its source, and the flags ``press_only`` and ``not_rechecked``);
``fatalities_minusma`` for the UN's count of the same year. Figures are as published (counts; tonnes where
the activity says so).
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis import rates
from minusma.analysis.keys import key, key_frame
from minusma.analysis.mission import sources
from minusma.markup import link

#: The mandate areas the chapter groups the mission's work by (EPON's and the Council's headings, in short).
AREAS = (
    "Security and protection of civilians",
    "The peace agreement",
    "Elections",
    "Human rights",
    "State authority and stabilisation",
)

#: Each activity of the fact base (``activities.measure``, matched by its start) -> (area, what it was, in this
#: report's words). A new activity without an entry stops :func:`activity_table`, so none is left unclassified.
ACTIVITIES: dict[str, tuple[str, str]] = {
    "support to 2013 presidential election": (
        "Elections",
        "Electoral material flown to Timbuktu, Gao, Kidal and Mopti for both rounds of the 2013 "
        "presidential election (no quantity given)",
    ),
    "support to 2018 presidential election": (
        "Elections",
        "Electoral material and documents to be carried for the 2018 presidential election, tonnes "
        "(planned, not the outturn)",
    ),
    "support to 2018 elections: electoral personnel": (
        "Elections",
        "Electoral staff transported during the 2018 elections",
    ),
    "medical evacuation of Malian soldiers": (
        "Security and protection of civilians",
        "Malian soldiers, many of them wounded, flown out of Kidal after the fighting of May 2014",
    ),
    "aeromedical evacuation capability": (
        "Security and protection of civilians",
        "Helicopters of the Canadian aeromedical evacuation unit, from August 2018",
    ),
    "patrols": ("Security and protection of civilians", "Patrols in 2021"),
    "operations to protect civilians": (
        "Security and protection of civilians",
        "Operations to protect civilians in 2021",
    ),
    "quick impact projects funded": ("State authority and stabilisation", "Quick impact projects funded in 2015-2016"),
    "quick impact projects completed": (
        "State authority and stabilisation",
        "Quick impact projects completed, July 2013 to April 2018",
    ),
    "Trust Fund for Peace and Security in Mali": (
        "State authority and stabilisation",
        "Projects of the UN Trust Fund for Peace and Security in Mali, July 2013 to April 2018",
    ),
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
    f = (["press report only"] if bool(r["press_only"]) else []) + (
        ["not re-checked"] if bool(r["not_rechecked"]) else []
    )
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
            raise KeyError(f"activity {measure!r} has no entry in minusma.analysis.mission_activities.ACTIVITIES")
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
    return pd.DataFrame(
        {
            "Area": c["area"],
            "What": c["what"],
            "Figure": c.apply(_figure, axis=1),
            "When": c.apply(_period, axis=1),
            "Source": c.apply(_source_link, axis=1),
            "Caveat": c.apply(_flags, axis=1),
        }
    )


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
        raise KeyError(f"attack measures {missing} have no entry in minusma.analysis.mission_activities.ATTACKS")
    a = attacks.sort_values(["end_date", "measure"]).reset_index(drop=True)
    return pd.DataFrame(
        {
            "What": a["measure"].map(ATTACKS),
            "Figure": a.apply(_figure, axis=1),
            "When": a.apply(_period, axis=1),
            "Source": a.apply(_source_link, axis=1),
            "Caveat": a.apply(_flags, axis=1),
        }
    )


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
    return (
        pd.DataFrame({"figures": g.size(), "press_only": g["press_only"].sum().astype(int)})
        .reindex(list(AREAS), fill_value=0)
        .rename_axis("area")
    )


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


#: The activities the prose states, by key of :data:`ACTIVITIES` -> glue name.
STATED: dict[str, str] = {
    "patrols": "mis_act_patrols",
    "operations to protect civilians": "mis_act_poc_ops",
    "medical evacuation of Malian soldiers": "mis_act_medevac",
    "aeromedical evacuation capability": "mis_act_helicopters",
    "support to 2018 presidential election": "mis_act_2018_tonnes",
    "support to 2018 elections: electoral personnel": "mis_act_2018_staff",
    "quick impact projects completed": "mis_act_qips",
    "quick impact projects funded": "mis_act_qips_1516",
    "Trust Fund for Peace and Security in Mali": "mis_act_trust_fund",
}

#: Timeline markers the section dates (the peace agreement, the 2018 election, the obstruction of human rights work).
DATED = ("algiers", "algiers_end", "election_2018", "hrd_director_expelled", "moura_access_denied")


def key_figures(activities: pd.DataFrame, dated: pd.DataFrame) -> pd.DataFrame:
    """The numbers of the section "What it did": how much the fact base holds, the figures and dates stated.

    Parameters
    ----------
    activities : pandas.DataFrame
        The ``activities`` table.
    dated : pandas.DataFrame
        The timeline markers of :data:`DATED` with the prose's ``text`` of each date (as for
        :func:`minusma.analysis.mission_mandate.why_key_figures`).

    Returns
    -------
    pandas.DataFrame
        A key-figure frame: ``mis_act_n``, ``mis_act_press`` (int, figures), ``mis_act_empty`` (str, the areas
        without a figure), one int per :data:`STATED` activity (as published), ``mis_date_<marker>`` (str).

    Raises
    ------
    KeyError
        A stated activity matches no row, or more than one (:func:`activity`); a marker is not in ``dated``.
    """
    src = sources()
    cover = area_coverage(activities)
    rows = [
        key(
            "mis_act_n", int(cover["figures"].sum()), "sourced figures on what the mission did (fact base)", src["ACT"]
        ),
        key(
            "mis_act_press",
            int(cover["press_only"].sum()),
            "of them resting on a press report quoting the UN only",
            src["ACT"],
        ),
        key(
            "mis_act_empty",
            " and ".join(a.lower() for a in cover.index[cover["figures"] == 0]),
            "mandate areas without a single sourced figure in the fact base",
            src["ACT"],
        ),
    ]
    for k, name in STATED.items():
        r = activity(activities, k)
        rows.append(key(name, int(r["value"]), f"{ACTIVITIES[k][1]} (as published)", r["source_title"]))
    d = dated.set_index("key")
    rows += [
        key(f"mis_date_{k}", d.loc[k, "text"], f"date of the event: {d.loc[k, 'label']}", d.loc[k, "source_title"])
        for k in DATED
    ]
    return key_frame(rows)


def attack_key_figures(attacks: pd.DataFrame, deaths: pd.DataFrame) -> pd.DataFrame:
    """The counts of attacks on the mission the prose states, beside the UN's count of deaths in malicious acts, 2021.

    Parameters
    ----------
    attacks : pandas.DataFrame
        The ``attacks_on_mission`` table (measures ``armed attacks on MINUSMA``, ``peacekeepers killed``).
    deaths : pandas.DataFrame
        The ``fatalities_minusma`` table.

    Returns
    -------
    pandas.DataFrame
        A key-figure frame: ``mis_att_2018``, ``mis_att_killed_2021``, ``mis_un_malicious_2021`` (int).

    Raises
    ------
    KeyError
        A measure is missing (or, if it appears twice, ``int`` of a Series fails with TypeError).
    """
    att = attacks.set_index("measure")
    armed, killed = att.loc["armed attacks on MINUSMA"], att.loc["peacekeepers killed"]
    un21 = int(((deaths["year"] == 2021) & (deaths["incident_type"] == rates.MALICIOUS)).sum())
    return key_frame(
        [
            key(
                "mis_att_2018",
                int(armed["value"]),
                "armed attacks on MINUSMA, June-September 2018 (Secretary-General's "
                "report, as reported; not re-checked)",
                armed["source_title"],
            ),
            key(
                "mis_att_killed_2021",
                int(killed["value"]),
                "peacekeepers killed in 2021, count of the Special Representative (all hostile incidents)",
                killed["source_title"],
            ),
            key(
                "mis_un_malicious_2021",
                un21,
                "MINUSMA personnel killed in malicious acts in 2021 (UN fatalities table)",
                sources()["UN"],
            ),
        ]
    )
