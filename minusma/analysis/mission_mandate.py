"""Why the mission came and what the Security Council asked of it: the 2012-2013 timeline, resolutions, ceilings.

Inputs are derived tables of ``data/``: ``resolutions`` (:mod:`minusma.data.derive.mission_facts`),
``strength_statements`` (:mod:`minusma.data.derive.deployments`), ``mission_figures`` and the
``timeline`` markers the chapter dates (:func:`minusma.charts.timeline.markers`). Counts are persons.
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis.keys import key, key_frame
from minusma.analysis.mission import sources
from minusma.markup import Markup, link, md_escape

#: Timeline markers of 2012-2013, for the chart of why the mission came.
WHY_MARKERS = (
    "rebellion_2012",
    "coup_2012",
    "azawad",
    "north_taken",
    "afisma",
    "serval",
    "res_2100",
    "minusma_start",
    "election_2013",
)

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


def months_between(a: pd.Timestamp, b: pd.Timestamp) -> int:
    """Whole months from ``a`` to ``b``, rounded (a month = 30.4375 days)."""
    return round((pd.Timestamp(b) - pd.Timestamp(a)).days / 30.4375)


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
        rows.append(
            {
                "start": x.adopted_on,
                "troops": troops,
                "police": police,
                "resolution": int(x.resolution),
                "renewed_by": [],
            }
        )
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
        raise KeyError(f"resolutions {missing} have no summary in minusma.analysis.mission_mandate.CHANGES")

    def number(row):
        u = row["source_url"]
        n = link(row["resolution"], u) if isinstance(u, str) and u else md_escape(row["resolution"])
        return Markup(f"{n}, {row['adopted_on']:%-d %b %Y}")

    def ceilings(row):
        if pd.isna(row["authorised_troops"]):
            return None
        return f"{int(row['authorised_troops']):,} / {int(row['authorised_police']):,}"

    return pd.DataFrame(
        {
            "Resolution": r.apply(number, axis=1),
            "What changed": r["resolution"].map(CHANGES),
            "Vote": r["vote"],
            "Mandate to": r["mandate_until"].dt.strftime("%b %Y").where(r["mandate_until"].notna(), None),
            "Ceilings, troops / police": r.apply(ceilings, axis=1),
        }
    ).reset_index(drop=True)


def url_of(resolutions: pd.DataFrame, number: int):
    """The source address of resolution ``number`` (or None)."""
    u = resolutions.loc[resolutions["resolution"] == number, "source_url"]
    return u.iloc[0] if len(u) and isinstance(u.iloc[0], str) and u.iloc[0] else None


def why_key_figures(dated: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The numbers of the section "Why it came": the dates of 2012-2013, the months between them, the re-hatting.

    Parameters
    ----------
    dated : pandas.DataFrame
        The timeline markers of :data:`WHY_MARKERS` (at least), as :func:`minusma.charts.timeline.markers`
        returns them (``key``, ``date_start``, ``label``, ``source_title``), with ``text``: the date as the
        prose writes it (:func:`minusma.charts.timeline.date_text`).
    figures : pandas.DataFrame
        The ``mission_figures`` table (metric ``deployed_uniformed_at_transfer``).

    Returns
    -------
    pandas.DataFrame
        A key-figure frame (:func:`minusma.analysis.keys.key_frame`): ``mis_date_<marker>`` (str),
        ``mis_months_north_to_un``, ``mis_months_serval_to_un`` (int, months), ``mis_transfer`` (int, persons).

    Raises
    ------
    KeyError
        A marker of :data:`WHY_MARKERS` is not in ``dated``, or the transfer figure is missing.
    """
    src = sources()
    d = dated.set_index("key")
    rows = [
        key(f"mis_date_{k}", d.loc[k, "text"], f"date of the event: {d.loc[k, 'label']}", d.loc[k, "source_title"])
        for k in WHY_MARKERS
    ]
    start = d.loc["minusma_start", "date_start"]
    rows += [
        key(
            "mis_months_north_to_un",
            months_between(d.loc["north_taken", "date_start"], start),
            "months from the Islamists' control of the north's towns to MINUSMA's transfer of authority",
            src["TL"],
        ),
        key(
            "mis_months_serval_to_un",
            months_between(d.loc["serval", "date_start"], start),
            "months from France's intervention (Serval) to MINUSMA's transfer of authority",
            src["TL"],
        ),
    ]
    hit = figures[figures["metric"] == "deployed_uniformed_at_transfer"]
    if hit.empty:
        raise KeyError("mission_figures has no metric 'deployed_uniformed_at_transfer'")
    t = hit.iloc[0]
    rows.append(
        key(
            "mis_transfer",
            int(t["value_number"]),
            "AFISMA troops and police re-hatted on 1 July 2013",
            t["source_title"],
        )
    )
    return key_frame(rows)


def mandate_key_figures(resolutions: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """The numbers of the section "The mandate, written and rewritten": resolutions, votes, ceilings, proposals.

    Parameters
    ----------
    resolutions : pandas.DataFrame
        The ``resolutions`` table.
    statements : pandas.DataFrame
        The ``strength_statements`` table (measure ``proposed_increase``: the Secretary-General's proposals
        of May 2016, July 2021 and S/2023/36).

    Returns
    -------
    pandas.DataFrame
        A key-figure frame: counts of resolutions, the ceilings of 2100, 2227 and 2295 (persons), the renewals
        that kept 2295's, the vote on 2640 (str), the proposed increases (persons).

    Raises
    ------
    KeyError
        A resolution or proposal the prose states is missing.
    """
    src = sources()
    res = resolutions.set_index("resolution")
    steps = ceiling_steps(resolutions)
    first, robust = steps.iloc[0], steps[steps["resolution"] == 2295].iloc[0]
    prop = statements[(statements["measure"] == "proposed_increase") & statements["contributor"].isna()]
    p2016 = prop[(prop["as_of"] == "2016-05-31")].set_index("component")["value"]
    p2021 = prop[(prop["as_of"].dt.year == 2021)].set_index("component")["value"]
    p2023 = prop[(prop["as_of"].dt.year == 2022)]["value"]
    r = src["RES"]
    return key_frame(
        [
            key("mis_n_resolutions", len(res), "Security Council resolutions on MINUSMA's mandate, 2013-2023", r),
            key("mis_n_unanimous", int((res["votes_for"] == 15).sum()), "resolutions adopted unanimously", r),
            key("mis_first_troops", int(first["troops"]), "military ceiling set by resolution 2100 (2013)", r),
            key("mis_first_police", int(first["police"]), "police ceiling set by resolution 2100 (2013)", r),
            key(
                "mis_2227_troops",
                int(res.loc[2227, "authorised_troops"]),
                "military ceiling set by resolution 2227 (2015)",
                r,
            ),
            key("mis_2295_troops", int(robust["troops"]), "military ceiling set by resolution 2295 (2016)", r),
            key("mis_2295_police", int(robust["police"]), "police ceiling set by resolution 2295 (2016)", r),
            key(
                "mis_n_kept_2295",
                len(robust["renewed_by"].split(", ")),
                "later renewals that kept the ceilings of resolution 2295",
                r,
            ),
            key("mis_2640_vote", res.loc[2640, "vote"], "vote on resolution 2640 (for-against-abstaining)", r),
            key(
                "mis_2016_proposed",
                int(p2016["total_uniformed"]),
                "uniformed personnel the SG proposed to add, May 2016",
                "ASIL blog on the SG report of 31 May 2016 (strength_statements)",
            ),
            key(
                "mis_2021_proposed",
                int(p2021.sum()),
                "uniformed personnel the SG proposed to add, July 2021 (not adopted)",
                "DW, July 2021 (strength_statements)",
            ),
            key(
                "mis_2023_proposed",
                int(p2023.iloc[0]),
                "uniformed personnel proposed in option 1 of the SG's internal review S/2023/36 (not adopted)",
                "AFP on S/2023/36 (strength_statements)",
            ),
        ]
    )
