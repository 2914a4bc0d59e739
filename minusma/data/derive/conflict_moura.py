"""The published death tolls of the Moura killings (27-31 March 2022), from the fact base and ``curated/``.

``moura_tolls``: one row per toll (:data:`MOURA_METRICS`), each with its source. Declared in
:mod:`minusma.data.derive.conflict`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data.derive.mission_facts import read_figures
from minusma.data.fields import field_, provenance, use
from minusma.data.validate import DataValidationError, Problem
from minusma.paths import relative

#: Published death tolls of the Moura killings (27-31 March 2022) in the fact base, by metric.
MOURA_METRICS = {
    "moura_fama_claim": "Malian army",
    "moura_killed_hrw": "Human Rights Watch",
    "moura_killed_ohchr": "UN human rights office (OHCHR)",
}


# --------------------------------------------------------------------------
# Fact base: Moura
# --------------------------------------------------------------------------


def derive_moura_tolls(paths: Mapping[str, Path]) -> pd.DataFrame:
    """The published death tolls of the Moura killings (March 2022), with their sources.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`MOURA_SCHEMA`, one row per metric of
        :data:`MOURA_METRICS`, in that order (lowest toll first).

    Raises
    ------
    DataValidationError
        A metric is missing, its value is not a whole number, or its source
        is ``unverified`` (never shown as fact).
    """
    label = f"{relative(paths['facts_figures'])} + {relative(paths['curated_figures'])}"
    raw = read_figures(paths)
    problems = []
    rows = []
    for metric, who in MOURA_METRICS.items():
        hit = raw[raw["metric"] == metric]
        if len(hit) != 1:
            problems.append(
                Problem(
                    label,
                    None,
                    "metric",
                    f"expected one citable row of {metric}, found {len(hit)} "
                    "(a row cited only to an outlet the report does not cite is left out)",
                )
            )
            continue
        i, r = hit.index[0], hit.iloc[0]
        if not r["value"].isdigit():
            problems.append(Problem(label, i + 2, "value", "not a whole number", r["value"]))
        if r["source_title"].strip().lower() == "unverified" or not r["source_url"]:
            problems.append(Problem(label, i + 2, "source_title", "unverified figure (no source)", r["source_title"]))
        rows.append(
            {
                "metric": metric,
                "reported_by": who,
                "deaths": r["value"],
                "unit": r["unit"],
                "as_of": r["as_of"],
                "notes": r["notes"],
                "source_title": r["source_title"],
                "source_url": r["source_url"],
            }
        )
    if problems:
        raise DataValidationError(problems)
    out = pd.DataFrame(rows)
    out["deaths"] = out["deaths"].astype(int)
    return out.sort_values("deaths").reset_index(drop=True)


MOURA_SCHEMA = {
    "fields": [
        field_("metric", "string", "Metric of the fact base", required=True, enum=list(MOURA_METRICS)),
        field_("reported_by", "string", "Who published the figure", required=True),
        field_("deaths", "integer", "People killed, as published", required=True, minimum=0),
        field_("unit", "string", "What the figure counts, as published", required=True),
        field_("as_of", "string", "Date of publication (YYYY-MM or YYYY-MM-DD)", required=True),
        use("notes"),
        *provenance(required=True),
    ],
    "primaryKey": ["metric"],
}
