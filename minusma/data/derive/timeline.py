"""The fact base: dated events of the decade (``timeline``).

Source: ``facts/timeline.csv``, compiled by the project from cited public
sources (UN press releases, news agencies, encyclopedias); every row names
its source. The events' wording is the compiler's note; the chapters say
things in their own words and draw these events on charts through
:mod:`minusma.charts.timeline`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data.derive import TableSpec
from minusma.data.derive.citations import POLICY, reader_titles, without_uncitable
from minusma.data.fields import field_, provenance
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

CATEGORIES = (
    "mission",
    "politics",
    "security",
    "wagner",
    "france",
    "withdrawal",
    "humanitarian",
    "human-rights",
)
PRECISIONS = ("day", "month", "year")

RAW_TIMELINE_SCHEMA = {
    "fields": [
        field_("date", "string", "YYYY-MM-DD, YYYY-MM or YYYY", required=True, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
        field_("precision", "string", "day, month or year", required=True, enum=list(PRECISIONS)),
        field_("category", "string", "Theme of the event", required=True, enum=list(CATEGORIES)),
        field_("event", "string", "One-line paraphrase", required=True),
        *provenance(title="Title of the source"),
    ]
}

TIMELINE_SCHEMA = {
    "fields": [
        field_(
            "date",
            "string",
            "Date as precise as the source allows: YYYY-MM-DD, YYYY-MM or YYYY",
            required=True,
            pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        ),
        field_("precision", "string", "day, month or year", required=True, enum=list(PRECISIONS)),
        field_("date_start", "date", "First day of the date (for plotting)", required=True),
        field_("category", "string", "Theme of the event", required=True, enum=list(CATEGORIES)),
        field_("event", "string", "What happened (compiler's paraphrase)", required=True),
        *provenance(title="Title of the source"),
    ],
    "primaryKey": ["date", "event"],
}


def derive_timeline(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Dated events, checked: precision agrees with the date's form, dates are real.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`TIMELINE_SCHEMA`, in source order (sorted by date).

    Events whose only source is an outlet the report does not cite are left
    out (:mod:`minusma.data.derive.citations`); source titles are given in a
    reader's words.

    Raises
    ------
    DataValidationError
        A date is not a real date, or its form does not match ``precision``.
    """
    path = paths["facts_timeline"]
    raw = read_csv_checked(path, RAW_TIMELINE_SCHEMA, typed=False)
    raw = reader_titles(without_uncitable(raw, paths[POLICY]))
    problems = []
    starts = []
    form = {"day": 10, "month": 7, "year": 4}
    for i, row in zip(raw.index + 2, raw.itertuples()):
        if len(row.date) != form[row.precision]:
            problems.append(
                Problem(
                    relative(path), i, "date", f"precision is {row.precision!r} but the date has another form", row.date
                )
            )
        start = pd.to_datetime(
            row.date + {4: "-01-01", 7: "-01", 10: ""}[len(row.date)], format="%Y-%m-%d", errors="coerce"
        )
        if pd.isna(start):
            problems.append(Problem(relative(path), i, "date", "not a real date", row.date))
        starts.append(start)
    if problems:
        raise DataValidationError(problems)
    raw["date_start"] = starts
    return raw[[f["name"] for f in TIMELINE_SCHEMA["fields"]]].reset_index(drop=True)


TABLES = [
    TableSpec(
        name="timeline",
        title="Dated events, 2012 to 2025",
        checked_against=(POLICY,),
        description=(
            "Events of MINUSMA's decade (mission, politics, security, Wagner, France, withdrawal, "
            "humanitarian, human rights), each with its source. Drawn on time-series charts by "
            "minusma.charts.timeline."
        ),
        sources=("facts_timeline",),
        schema=TIMELINE_SCHEMA,
        derive=derive_timeline,
        licence="FACTS",
        unit="events",
    ),
]
