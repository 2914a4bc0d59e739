"""UN deployments, reading the compiled strength statements and the UN DPO yearly means.

``un-deployments/strength_statements.csv`` holds figures as published in UN statements and press reports
(flagged where they are not headcounts); the DPO file holds yearly means by mission and contributing
country, whole only for :data:`~minusma.data.derive.deployments_read.DPO_WHOLE_YEARS`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from minusma.data import reference as ref
from minusma.data.derive.deployments_read import DPO_ROUNDING, DPO_WHOLE_YEARS, MISSION, PARTS_TOLERANCE, _cached, _text
from minusma.data.fields import URL_PATTERN, field_, provenance
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

STATEMENT_COMPONENTS = (
    "military",
    "contingent_troops",
    "staff_officers",
    "military_experts",
    "police",
    "individual_police",
    "formed_police_units",
    "total_uniformed",
    "uniformed_unspecified",
    "civilians",
    "international_civilians",
    "un_volunteers",
    "total_personnel",
    "unclear",
)
#: Measures of ``strength_statements.csv``, by group.
MEASURE_GROUPS: dict[str, str] = {
    "deployed": "deployed",
    "deployed_approx": "deployed",
    "deployed_lower_bound": "deployed",
    "published_strength": "deployed",
    "authorised_ceiling": "authorised",
    "proposed_increase": "proposed",
    "to_repatriate": "departures",
    "to_separate": "departures",
    "repatriated_cumulative": "departures",
    "repatriated_in_month": "departures",
    "repatriated_in_event": "departures",
    "departed_cumulative": "departures",
    "departed_cumulative_approx": "departures",
    "remaining": "departures",
}
PRECISIONS = (
    "day",
    "month",
    "year",
    "approx",
    "article date",
    "unknown",
    "unknown (c. 2019-2020)",
    "approx (to date, after 20 Sep)",
)

RAW_STATEMENTS_SCHEMA = {
    "fields": [
        field_("as_of", "date", "Date the figure refers to (empty if unknown)"),
        field_("as_of_precision", "string", "How precise as_of is", required=True, enum=list(PRECISIONS)),
        field_("component", "string", "Personnel component", required=True, enum=list(STATEMENT_COMPONENTS)),
        field_("contributor", "string", "Contributing country; empty = whole mission"),
        field_("measure", "string", "What the value measures", required=True, enum=list(MEASURE_GROUPS)),
        field_("value", "integer", "The number as published", minimum=0),
        field_("authorised_value", "integer", "Ceiling for that component and date", minimum=0),
        *provenance(required=True, pattern=URL_PATTERN),
        field_("source_date", "string", "Publication date as far as known", required=True),
        field_("note", "string", "Note"),
    ],
}

#: Rows of the statements that are not headcounts or are ambiguous, as SOURCE.md says.
#: (test on the row, headcount, flag). Each rule must match at least one row, so that a
#: flag cannot silently go stale when the file is refreshed.
STATEMENT_FLAGS: tuple[tuple[str, object, bool, str], ...] = (
    (
        "published_strength",
        lambda r: r["measure"] == "published_strength",
        False,
        "not a headcount: the figures match authorised strength (ceilings of 13,289 + 1,920), per SOURCE.md",
    ),
    (
        "unclear scope",
        lambda r: r["component"] == "unclear",
        False,
        "not a headcount of military personnel: exceeds the military ceiling, probably all personnel (SOURCE.md)",
    ),
    (
        "ambiguous text",
        lambda r: "ambiguous" in _text(r["note"]),
        True,
        "the source text is ambiguous about which country this figure belongs to (SOURCE.md)",
    ),
)


@_cached
def read_statements(path: Path | str) -> pd.DataFrame:
    """Read ``strength_statements.csv``, validated.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`RAW_STATEMENTS_SCHEMA` (``as_of`` datetime64 or
        NaT; ``value``, ``authorised_value`` Int64), plus ``line`` (int, line
        of the file).

    Raises
    ------
    DataValidationError
        A row breaks the schema; a ceiling row has no ``authorised_value``;
        another row has no ``value``; a contributor is not a known country;
        or two rows give the same date, component, contributor, measure and
        source.
    """
    label = relative(Path(path))
    df = read_csv_checked(path, RAW_STATEMENTS_SCHEMA)
    df["line"] = df.index + 2
    problems = []
    for r in df.itertuples():
        if r.measure == "authorised_ceiling" and pd.isna(r.authorised_value):
            problems.append(Problem(label, r.line, "authorised_value", "a ceiling row needs authorised_value"))
        if r.measure != "authorised_ceiling" and pd.isna(r.value):
            problems.append(Problem(label, r.line, "value", "value is required except for ceilings"))
        if _text(r.contributor):
            try:
                ref.country_name(r.contributor)
            except KeyError as exc:
                problems.append(Problem(label, r.line, "contributor", str(exc.args[0]), r.contributor))
    key = ["as_of", "component", "contributor", "measure", "source_url"]
    for r in df[df.fillna({"contributor": ""}).duplicated(key, keep="first")].itertuples():
        problems.append(
            Problem(
                label,
                r.line,
                None,
                "same date, component, contributor, measure and source as an earlier row (rule 'unique')",
            )
        )
    # A statement that gives a uniformed total and both its parts must add up (within rounding).
    dep = df[df["measure"].eq("deployed") & df["component"].isin(["military", "police", "total_uniformed"])]
    for _, g in dep.fillna({"contributor": ""}).groupby(["as_of", "contributor", "source_url"]):
        v = dict(zip(g["component"], g["value"]))
        if {"military", "police", "total_uniformed"} <= set(v) and abs(
            v["military"] + v["police"] - v["total_uniformed"]
        ) > PARTS_TOLERANCE:
            line = int(g.loc[g["component"] == "total_uniformed", "line"].iloc[0])
            problems.append(
                Problem(
                    label,
                    line,
                    "value",
                    "total_uniformed differs from military + police of the same date and source",
                    f"{v['total_uniformed']} vs {v['military']} + {v['police']}",
                )
            )
    if problems:
        raise DataValidationError(problems)
    return df


DPO_SCHEMA = {
    "fields": [
        field_("Year", "integer", "Calendar year", required=True, minimum=2010, maximum=2030),
        field_("Country", "string", "Contributing country as the UN writes it", required=True),
        field_("Mission", "string", "Mission acronym", required=True),
        field_(
            "Female", "integer", "Women, yearly mean of monthly counts (missing months as 0)", required=True, minimum=0
        ),
        field_("Male", "integer", "Men, yearly mean of monthly counts (missing months as 0)", required=True, minimum=0),
        field_(
            "Total",
            "integer",
            "All uniformed personnel, yearly mean of monthly counts (missing months as 0)",
            required=True,
            minimum=0,
        ),
    ],
    "primaryKey": ["Year", "Country", "Mission"],
}


@_cached
def read_dpo_year_means(path: Path | str) -> pd.DataFrame:
    """Read the UN DPO yearly means by mission and contributing country, validated.

    Returns
    -------
    pandas.DataFrame
        One row per raw row with a non-zero count: ``year`` (int),
        ``country`` (as written), ``contributor`` (UN spelling, see
        :func:`minusma.data.reference.country_name`), ``mission``, ``mission_kind``,
        ``female``, ``male``, ``uniformed`` (int, persons: yearly means of
        monthly headcounts, missing months counted as zero), ``line`` (int,
        line of the file). All-zero rows (a country and a mission with no
        personnel that year; most of the file) are dropped.

    Raises
    ------
    DataValidationError
        A row breaks :data:`DPO_SCHEMA` (types, negatives, a duplicated year,
        country and mission); Female + Male differs from Total by more than
        :data:`DPO_ROUNDING`; a country or a mission is unknown to
        :mod:`minusma.data.reference`; or a year of :data:`DPO_WHOLE_YEARS` is
        missing from the file.
    """
    label = relative(Path(path))
    df = read_csv_checked(path, DPO_SCHEMA, allow_extra=True)
    df["line"] = df.index + 2
    problems = [
        Problem(
            label,
            int(r.line),
            "Total",
            f"Female + Male differs from Total by more than {DPO_ROUNDING} (rounding of the yearly means)",
            f"{r.Female} + {r.Male} vs {r.Total}",
        )
        for r in df.itertuples()
        if abs(r.Female + r.Male - r.Total) > DPO_ROUNDING
    ]
    names, kinds = {}, {}
    for col, values, lookup, out in (
        ("Country", df["Country"], ref.country_name, names),
        ("Mission", df["Mission"], ref.mission_kind, kinds),
    ):
        for v in dict.fromkeys(values):
            try:
                out[v] = lookup(v)
            except KeyError as exc:
                line = int(df.loc[values == v, "line"].iloc[0])
                problems.append(Problem(label, line, col, str(exc.args[0]), v))
    missing = sorted(set(DPO_WHOLE_YEARS) - set(df["Year"]))
    if missing:
        problems.append(
            Problem(
                label,
                None,
                "Year",
                f"whole years {missing} (DPO_WHOLE_YEARS) are missing from the "
                "file: check un-deployments/SOURCE.md before using another year",
            )
        )
    if problems:
        raise DataValidationError(problems)
    df = df[(df[["Female", "Male", "Total"]] > 0).any(axis=1)]
    return pd.DataFrame(
        {
            "year": df["Year"].astype(int),
            "country": df["Country"],
            "contributor": df["Country"].map(names),
            "mission": df["Mission"],
            "mission_kind": df["Mission"].map(kinds),
            "female": df["Female"].astype(int),
            "male": df["Male"].astype(int),
            "uniformed": df["Total"].astype(int),
            "line": df["line"].astype(int),
        }
    ).reset_index(drop=True)


def _dpo_minusma(paths) -> pd.DataFrame:
    """MINUSMA's rows of the DPO yearly means, whole years only (a year that is not whole is never a level)."""
    d = read_dpo_year_means(paths["dpo_uniformed_year_means"])
    return d[(d["mission"] == MISSION) & d["year"].isin(DPO_WHOLE_YEARS)]
