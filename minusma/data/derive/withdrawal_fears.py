"""The fears of June 2023 about MINUSMA's departure, and the UN bodies that reported on abuses in Mali.

Sources: ``curated/withdrawal_fears.csv`` (each fear with the indicator that scores it, the rule and the
threshold, written down before the values were computed) and ``curated/oversight_bodies.csv`` (the UN
bodies mandated to report publicly on abuses, with their dates). Both are compiled by the project and
committed (see ``curated/README.md``); the tables follow those of :mod:`minusma.data.derive.withdrawal`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data.derive import TableSpec
from minusma.data.fields import URL_PATTERN, field_, provenance
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

# --------------------------------------------------------------------------
# The fears of June 2023 (curated): indicators and thresholds, and the UN bodies that reported on abuses
# --------------------------------------------------------------------------

FEARS = "curated_withdrawal_fears"
OVERSIGHT = "curated_oversight_bodies"

#: The measures a fear can be scored on (computed by :mod:`minusma.analysis.withdrawal_fears`).
FEAR_MEASURES = ("capital_cercles", "base_cercles", "kidal_region", "oversight_bodies", "refugees")

FEARS_SCHEMA = {
    "fields": [
        field_("fear", "string", "Key of the fear", required=True, unique=True, pattern=r"^[a-z_]+$"),
        field_("order", "integer", "Order in the scorecard", required=True, unique=True, minimum=1),
        field_("fear_text", "string", "The fear, in the report's words", required=True),
        field_("indicator", "string", "What is measured, in words", required=True),
        field_(
            "measure",
            "string",
            "Key of the measure (minusma.analysis.withdrawal_fears.MEASURES)",
            required=True,
            enum=list(FEAR_MEASURES),
        ),
        field_(
            "rule",
            "string",
            "ratio_at_least: value / 2022-2023 value >= threshold; at_most: value <= threshold",
            required=True,
            enum=["ratio_at_least", "at_most"],
        ),
        field_("threshold", "number", "Threshold of the rule", required=True, minimum=0),
        field_("threshold_text", "string", "The threshold, in words", required=True),
        field_(
            "fixed_on", "date", "Date the indicator and threshold were written down (before the values)", required=True
        ),
        field_("fear_source_title", "string", "Where the fear was voiced", required=True),
        field_("fear_source_url", "string", "Address of that source", required=True, pattern=URL_PATTERN),
    ],
    "primaryKey": ["fear"],
}

OVERSIGHT_SCHEMA = {
    "fields": [
        field_("body", "string", "UN body", required=True, unique=True),
        field_("active_from", "date", "Start of its mandate to report on Mali", required=True),
        field_("active_to", "date", "End of the mandate (empty: still renewed at the last renewal found)"),
        field_("last_confirmed", "date", "Latest date the sources confirm the mandate", required=True),
        field_("note", "string", "What it did and how it ended", required=True),
        *provenance(url="Source address", required=True, pattern=URL_PATTERN),
    ],
    "primaryKey": ["body"],
}


def derive_fears(paths: Mapping[str, Path]) -> pd.DataFrame:
    """The fears of June 2023 with their indicator, measure, rule and threshold (``curated/withdrawal_fears.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`FEARS_SCHEMA`, sorted by ``order``.

    Raises
    ------
    DataValidationError
        A row breaks the schema (unknown measure or rule, missing threshold, bad date or address).
    """
    out = read_csv_checked(paths[FEARS], FEARS_SCHEMA)
    return out.sort_values("order").reset_index(drop=True)


def derive_oversight(paths: Mapping[str, Path]) -> pd.DataFrame:
    """UN bodies mandated to report on abuses in Mali, with their dates (``curated/oversight_bodies.csv``).

    Raises
    ------
    DataValidationError
        A row breaks the schema, or ends before it starts.
    """
    path = paths[OVERSIGHT]
    out = read_csv_checked(path, OVERSIGHT_SCHEMA)
    bad = out[out["active_to"].notna() & (out["active_to"] < out["active_from"])]
    if not bad.empty:
        raise DataValidationError(
            Problem(relative(path), int(i) + 2, "active_to", "ends before it starts", str(r["active_to"]))
            for i, r in bad.iterrows()
        )
    return out.sort_values("active_from").reset_index(drop=True)


TABLES = [
    TableSpec(
        name="withdrawal_fears",
        title="The fears of June 2023 about MINUSMA's departure, with their indicators and thresholds",
        description=(
            "One row per fear voiced in June 2023: the indicator that scores it, the rule and threshold "
            "written down before the values were computed, and where the fear was voiced."
        ),
        sources=(FEARS,),
        schema=FEARS_SCHEMA,
        derive=derive_fears,
        licence="FACTS",
        unit="fears",
    ),
    TableSpec(
        name="oversight_bodies",
        title="UN bodies mandated to report on abuses in Mali",
        description=(
            "The mission's human-rights division, the Security Council's Panel of Experts and the Human "
            "Rights Council's Independent Expert, with the dates of their mandates and sources."
        ),
        sources=(OVERSIGHT,),
        schema=OVERSIGHT_SCHEMA,
        derive=derive_oversight,
        licence="FACTS",
        unit="bodies",
    ),
]
