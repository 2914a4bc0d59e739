"""Tables of the Wagner chapter, as the chapter shows them through :meth:`minusma.book.chapter.Chapter.table`.

Each function takes the chapter's tables or the frames of :mod:`minusma.analysis.conflict`,
:mod:`minusma.analysis.conflict_where`, :mod:`minusma.analysis.wagner` and
:mod:`minusma.analysis.wagner_restrictions` and returns a frame of display columns (str or
int), with sources as links (:func:`minusma.markup.link`).
"""

from __future__ import annotations

import pandas as pd

from minusma import markup
from minusma.analysis import geography as geo
from minusma.analysis import periods
from minusma.analysis.prose import ratio_ci_text
from minusma.analysis.wagner import share_interval
from minusma.analysis.wagner_un import press
from minusma.charts import timeline

#: The dated events of the chapter's table, in the report's own words; the dates and sources are the fact
#: base's (``data/timeline.csv``, keys of the ``timeline`` table).
DATED_EVENTS = {
    "wagner": "Wagner Group fighters start to arrive; the government speaks only of Russian instructors",
    "france_announces": "France and its European and Canadian partners announce that Barkhane and Takuba will leave",
    "moura": "Malian soldiers and foreign military personnel hold Moura for five days; mass killings of civilians",
    "rotations_suspended": "The government halts the rotation of MINUSMA's troops and police",
    "france_exit": "The last French convoy leaves Gao for Niger",
    "hrd_director_expelled": "The government expels the director of MINUSMA's human rights division",
    "ohchr_moura": "The UN human rights office publishes its findings on Moura",
    "exit_demand": "Mali asks the Security Council to withdraw MINUSMA without delay",
    "mandate_end": "Resolution 2690 ends the mandate; the withdrawal is due by 31 December 2023",
    "convoys_held": "About 200 UN trucks are held in Gao for weeks by movement restrictions",
    "kidal_taken": "The army, with Wagner, takes Kidal from the rebels",
    "withdrawal_end": "Deadline of the withdrawal: the mission ends",
}


def _links(frame: pd.DataFrame) -> list[str]:
    return [markup.link(t, u) for t, u in zip(frame["source_title"], frame["source_url"])]


def _n(v) -> str:
    return "" if pd.isna(v) else f"{int(v):,}"


def period_table(pc: dict) -> pd.DataFrame:
    """The four periods: months, events and deaths a month, deaths against the period before (95% CI).

    ``pc``: :func:`minusma.analysis.conflict.period_comparison`.
    """
    s, rr = pc["summary"], pc["fatalities"]
    ci = [
        ratio_ci_text(rr.loc[k, "ratio_prev"], rr.loc[k, "low_prev"], rr.loc[k, "high_prev"], label=False)
        for k in s.index[1:]
    ]
    return pd.DataFrame(
        {
            "Period": s["label"],
            "Months": [f"{r['first']:%b %Y} – {r['last']:%b %Y} ({r['months']})" for _, r in s.iterrows()],
            "Events a month": s["events_per_month"].round(0).astype(int),
            "Deaths a month": s["fatalities_per_month"].round(0).astype(int),
            "Deaths vs period before (95% CI)": ["–"] + ci,
        }
    )


def zone_table(shares: pd.DataFrame) -> pd.DataFrame:
    """Each zone's share of the fatalities and its deaths a month, per period (``shares``: ``zone_shares``)."""
    zt = pd.DataFrame({"Period": [periods.get(k).label for k in shares.index]})
    for z in geo.ZONE_NAMES:
        zt[geo.zone_label(z)] = [f"{s:.0%} ({pm:,.0f} a month)" for s, pm in zip(shares[z], shares[f"{z}_per_month"])]
    return zt


def moura_tolls(moura: pd.DataFrame) -> pd.DataFrame:
    """The published Moura tolls with their sources (``moura``: the ``moura_tolls`` table)."""
    return moura.assign(source=_links(moura))[["reported_by", "deaths", "unit", "as_of", "source"]].rename(
        columns={
            "reported_by": "Reported by",
            "deaths": "Killed",
            "unit": "What is counted",
            "as_of": "Published",
            "source": "Source",
        }
    )


def dated_events(tl: pd.DataFrame, said: dict) -> pd.DataFrame:
    """The dated events ``said`` (timeline key -> the report's words), with their dates and sources from ``tl``."""
    facts = timeline.markers(tl, list(said))
    return pd.DataFrame(
        {
            "Date": [timeline.short_date(k, d) for k, d in zip(facts["key"], facts["date_start"])],
            "What happened": facts["key"].map(said),
            "Source": _links(facts),
        }
    )


def restrictions(rst: pd.DataFrame) -> pd.DataFrame:
    """Every counted restriction and attack with the months' fatalities
    (``rst``: :func:`minusma.analysis.wagner_restrictions.restrictions_timeline`).
    """
    return pd.DataFrame(
        {
            "When": rst["when"],
            "What": rst["what"] + press(rst["press_only"]),
            "Number": rst["value"].map(_n),
            "ACLED deaths in those months": rst["fatalities_in_months"].map(_n),
            "Source": _links(rst),
        }
    )


def wagner_by_type(by_type: pd.DataFrame) -> pd.DataFrame:
    """The events naming Wagner by ACLED event type (``by_type``: summed by ``event_type``)."""
    return by_type.reset_index().rename(
        columns={
            "event_type": "ACLED event type",
            "events": "Events naming Wagner",
            "fatalities": "Reported fatalities",
            "civilian_targeting_events": "Of which civilians the primary target",
        }
    )


def operations(ops: pd.DataFrame) -> pd.DataFrame:
    """Events naming Malian forces with and without Wagner, with the share targeting civilians and its Wilson
    interval (``ops``: :func:`minusma.analysis.wagner.state_operations`).
    """
    ci = [share_interval(int(k), int(n)) for k, n in zip(ops["vac_events"], ops["events"])]
    return pd.DataFrame(
        {
            "Period": ops["period"].map({"before": "Jan 2015 – Nov 2021", "after": "Dec 2021 – 1 Mar 2023"}),
            "Events naming": ops["wagner"].map(
                {True: "Malian forces with Wagner", False: "Malian forces without Wagner"}
            ),
            "Events": ops["events"].map(lambda v: f"{v:,}"),
            "Violence against civilians by them": ops["vac_events"].map(lambda v: f"{v:,}"),
            "Share (95% interval)": [f"{s:.0%} ({lo:.0%}–{hi:.0%})" for s, (lo, hi) in zip(ops["vac_share"], ci)],
            "Reported fatalities, all events": ops["fatalities"].map(lambda v: f"{v:,}"),
            "Of which in violence against civilians": ops["vac_fatalities"].map(lambda v: f"{v:,}"),
        }
    )


def strength(strength: pd.DataFrame) -> pd.DataFrame:
    """The published estimates of Wagner's strength, by date, with their sources (``wagner_strength``)."""
    s = strength.sort_values("date_start")
    return s.assign(source=_links(s))[["date", "estimate", "qualifier", "estimator", "notes", "source"]].rename(
        columns={
            "date": "Date",
            "estimate": "Estimate",
            "qualifier": "Qualifier",
            "estimator": "Estimated by",
            "notes": "Notes",
            "source": "Source",
        }
    )
