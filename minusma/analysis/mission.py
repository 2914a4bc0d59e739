"""What the Mission chapter's analysis modules share: the sources its key figures name, and the key-figure frame.

The chapter's analysis is split by the chapter's sections, in the order the chapter reads them:

- :mod:`minusma.analysis.mission_mandate`: why the mission came (2012-2013), the resolutions and their ceilings;
- :mod:`minusma.analysis.mission_activities`: what it did by mandate area, and the attacks on it;
- :mod:`minusma.analysis.mission_strength`: deployed uniformed personnel against the ceilings;
- :mod:`minusma.analysis.mission_contributors`: contributing countries and the contingents' fatality rates;
- :mod:`minusma.analysis.mission_budget`: budgets by UN fiscal year, cost per person-year, the decade's range;
- :mod:`minusma.analysis.mission_risk`: fatality rates per 1,000 against every other operation.

Each of them has ``*key_figures`` functions returning the numbers its section's prose states: a frame with
one row per figure and the columns :meth:`minusma.book.chapter.Chapter.keys` takes (``name``, ``value``,
``unit``, ``source``, ``text``, ``fmt``). The chart recipes are in :mod:`minusma.charts.mission`; fatality
rates are computed by :mod:`minusma.analysis.rates`, shared with the Casualties chapter.

Counts are persons; money is US dollars; fiscal years are the UN's (1 July to 30 June).
"""

from __future__ import annotations

from minusma.data import load


def dataset_name(*tables: str) -> str:
    """The dataset(s) behind ``tables`` with their versions, as :meth:`minusma.book.chapter.Chapter.dataset` names
    them (``"Mission Fatalities ... (DPPADPOSS-FATALITIES), version 2025-04-04"``), from ``data/datapackage.json``.
    """
    names = [
        s["title"] if s["version"] == s["retrieved"] else f"{s['title']}, version {s['version']}"
        for t in tables
        for s in load.sources_of(t)
    ]
    return "; ".join(dict.fromkeys(names))


def geopko_version() -> str:
    """Geo-PKO's version as the data package gives it for ``uniformed_strength`` (``"v2.3"``).

    Raises
    ------
    LookupError
        ``uniformed_strength`` has no Geo-PKO source.
    """
    for s in load.sources_of("uniformed_strength"):
        if s["title"].startswith("Geo-PKO"):
            return s["version"].split()[0]
    raise LookupError("uniformed_strength has no Geo-PKO source in data/datapackage.json")


def sources() -> dict[str, str]:
    """The source labels of the chapter's key figures, by short name.

    ``RES`` (resolutions), ``IPI`` (UN monthly counts), ``RAD`` (RADPKO), ``DPO`` (UN DPO yearly means, named
    with its version from the data package), ``ST`` (statements), ``GEO`` (Geo-PKO, with its version), ``UN``
    (the UN's fatalities table, with its version), ``TL`` (timeline), ``ACT`` (activities), ``B`` (budgets).
    """
    return {
        "RES": "MINUSMA report fact base: Security Council resolutions (UN press releases)",
        "IPI": "IPI Peacekeeping Database (UN monthly counts)",
        "RAD": "RADPKO (Hunnicutt & Nomikos), yearly means of UN counts",
        "DPO": dataset_name("dpo_year_means"),
        "ST": "UN statements as reported (strength_statements)",
        "GEO": f"Geo-PKO {geopko_version()} (estimates from UN deployment maps)",
        "UN": dataset_name("fatalities_minusma"),
        "TL": "MINUSMA report fact base: timeline (each event with its source)",
        "ACT": "MINUSMA report fact base: activities (each figure with its source)",
        "B": "MINUSMA report fact base: budgets (UN Fifth Committee releases and press reports)",
    }
