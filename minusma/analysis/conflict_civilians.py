"""ACLED's baseline of violence against civilians in Mali before Wagner, by perpetrator type (to 2020).

Reads ``acled_mali_events_month`` (ACLED event-level data for Mali to 2020, aggregated by month,
region, event type and interaction; aggregates only). The perpetrator's actor type comes from
ACLED's interaction code. Split from :mod:`minusma.analysis.conflict`.
"""

from __future__ import annotations

import pandas as pd

#: ACLED actor types (the first or second digit of an interaction code), as its codebook names them.
ACTOR_TYPES = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/other forces",
}


def perpetrator_type(interaction: pd.Series) -> pd.Series:
    """The perpetrator's actor type of violence-against-civilians events, from ACLED's interaction code.

    The code holds the actor types of both sides (lower digit first); in
    violence against civilians one side is civilians (7), so the
    perpetrator is the other digit (e.g. 17 -> state forces, 27 -> rebel
    groups, 78 -> external/other forces). A code without a 7, or 70,
    gives ``"Unknown"``.

    Returns
    -------
    pandas.Series of str (labels of :data:`ACTOR_TYPES`)
    """

    def one(code: int) -> str:
        a, b = divmod(int(code), 10)
        if 7 not in (a, b):
            return "Unknown"
        other = b if a == 7 else a
        return ACTOR_TYPES.get(other, "Unknown")

    return interaction.map(one)


def civilians_baseline(events_month: pd.DataFrame, first: int = 2012) -> pd.DataFrame:
    """Violence against civilians in Mali by year and perpetrator type (ACLED event-level data, to 2020).

    Returns
    -------
    pandas.DataFrame
        Columns ``year, perpetrator, events, fatalities`` (int), one row per
        year and perpetrator type present, sorted.
    """
    v = events_month[(events_month["event_type"] == "Violence against civilians") & (events_month["year"] >= first)]
    v = v.assign(perpetrator=perpetrator_type(v["interaction"]))
    out = v.groupby(["year", "perpetrator"])[["events", "fatalities"]].sum().reset_index()
    return out.astype({"events": int, "fatalities": int})


def civilians_by_perpetrator(events_month: pd.DataFrame) -> pd.DataFrame:
    """:func:`civilians_baseline` as a wide table: fatalities per year (rows) and perpetrator type (columns), int."""
    base = civilians_baseline(events_month)
    return base.pivot_table(index="year", columns="perpetrator", values="fatalities", fill_value=0, aggfunc="sum")
