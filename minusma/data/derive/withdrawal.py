"""The withdrawal and the humanitarian picture: MINUSMA's bases, displacement, needs and appeal funding.

Sources
-------
- ``facts/camps.csv``: MINUSMA's bases with closure dates and recipients, compiled by the
  project from UN statements and news reports (each row names its source). Coordinates are
  the Geo-PKO deployment-map points of each base's town, not camp perimeters. How each base
  was left is the report's reading of those sources, in ``curated/camp_handovers.csv``.
- ``facts/humanitarian.csv``: dated humanitarian figures (internally displaced people,
  refugees, people in need, school closures) with their sources.
- OCHA Financial Tracking Service (FTS): requirements and funding per appeal plan (via HDX).
- IDMC Global Internal Displacement Database: year-end conflict displacement stock, 2008-2017.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data.derive import TableSpec
from minusma.data.derive.citations import POLICY, reader_titles, without_uncitable
from minusma.data.fields import URL_PATTERN, field_, provenance, use
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

# --------------------------------------------------------------------------
# Bases
# --------------------------------------------------------------------------

#: Source id of the curated table saying how each base was left (``curated/camp_handovers.csv``): the
#: report's reading, in its own words, of the source that ``facts/camps.csv`` gives for each base.
HANDOVERS = "curated_camp_handovers"
HANDOVER_KINDS = (
    "formal handover",
    "early exit under fire",
    "no formal handover",
    "occupied by armed group",
    "handed over in liquidation",
    "closure date not found",
)

RAW_CAMPS_SCHEMA = {
    "fields": [
        field_("name", "string", "Base", required=True, unique=True),
        field_("region", "string", "Region as the source names it", required=True),
        use("latitude", "Approximate latitude (WGS84)", required=True, minimum=10, maximum=25.1),
        use("longitude", "Approximate longitude (WGS84)", required=True, minimum=-12.3, maximum=4.3),
        field_("closed_on", "date", "Date of handover or closure"),
        field_("handed_to", "string", "Recipient named in the source"),
        use("notes", "Compiler's notes"),
        use("source_url", "Source", required=True),
    ]
}

HANDOVERS_SCHEMA = {
    "fields": [
        field_("base", "string", "Base, as facts/camps.csv names it", required=True, unique=True),
        field_(
            "handover",
            "string",
            "How the base was left (the report's category)",
            required=True,
            enum=list(HANDOVER_KINDS),
        ),
        field_("circumstances", "string", "How the base was left, in the report's words", required=True),
        use("source_url", "The source it reads (that of facts/camps.csv)", required=True, pattern=URL_PATTERN),
    ],
    "primaryKey": ["base"],
}

CAMPS_SCHEMA = {
    "fields": [
        field_("base", "string", "MINUSMA base (TOB = temporary operating base)", required=True, unique=True),
        field_("region", "string", "Region as the source names it", required=True),
        use(
            "latitude",
            "Latitude, WGS84: the Geo-PKO deployment-map point of the base's town, not the camp",
            required=True,
        ),
        use(
            "longitude",
            "Longitude, WGS84: the Geo-PKO deployment-map point of the base's town, not the camp",
            required=True,
        ),
        field_("closed_on", "date", "Date of handover or closure (empty when not found)"),
        field_("closure_order", "integer", "Order of closure during the 2023 withdrawal (1 = first)", minimum=1),
        field_(
            "handover",
            "string",
            "How the base was left (the report's category)",
            required=True,
            enum=list(HANDOVER_KINDS),
        ),
        field_("circumstances", "string", "How the base was left, in the report's words", required=True),
        field_("handed_to", "string", "Recipient as the source names it"),
        field_("source_notes", "string", "Notes of the fact base (contingents, caveats)"),
        use("source_url", "Source of the closure or handover", required=True),
    ],
    "primaryKey": ["base"],
}


def derive_camps(paths: Mapping[str, Path]) -> pd.DataFrame:
    """MINUSMA's bases, with closure dates, order of closure and how each was left.

    Returns
    -------
    pandas.DataFrame
        One row per base, columns of :data:`CAMPS_SCHEMA`, sorted by ``closed_on``
        (bases without a date last). ``closure_order`` numbers the closures of
        July-December 2023 (ties share the earlier number's successor order by
        name); liquidation-era handovers and undated bases have none.

    Raises
    ------
    DataValidationError
        A base has no row in ``curated/camp_handovers.csv`` (or that table
        names a base the fact base does not have), or bad coordinates or
        dates.
    """
    path = paths["facts_camps"]
    raw = without_uncitable(read_csv_checked(path, RAW_CAMPS_SCHEMA), paths[POLICY])
    hpath = paths[HANDOVERS]
    ho = read_csv_checked(hpath, HANDOVERS_SCHEMA).set_index("base")
    problems = [
        Problem(
            relative(path), int(i) + 2, "name", f"base has no row in {relative(hpath)}: say there how it was left", n
        )
        for i, n in raw["name"].items()
        if n not in ho.index
    ]
    problems += [
        Problem(relative(hpath), None, "base", f"no such base in {relative(path)}", n)
        for n in ho.index
        if n not in set(raw["name"])
    ]
    if problems:
        raise DataValidationError(problems)
    out = pd.DataFrame(
        {
            "base": raw["name"],
            "region": raw["region"],
            "latitude": raw["latitude"],
            "longitude": raw["longitude"],
            "closed_on": raw["closed_on"],
            "handover": raw["name"].map(ho["handover"]),
            "circumstances": raw["name"].map(ho["circumstances"]),
            "handed_to": raw["handed_to"],
            "source_notes": raw["notes"],
            "source_url": raw["source_url"],
        }
    )
    out = out.sort_values(["closed_on", "base"], na_position="last", kind="stable").reset_index(drop=True)
    in_2023 = out["closed_on"].between(pd.Timestamp("2023-07-01"), pd.Timestamp("2023-12-31"))
    order = pd.Series(pd.NA, index=out.index, dtype="Int64")
    order[in_2023] = range(1, int(in_2023.sum()) + 1)
    out.insert(5, "closure_order", order)
    return out


# --------------------------------------------------------------------------
# Humanitarian figures (fact base)
# --------------------------------------------------------------------------

RAW_HUM_SCHEMA = {
    "fields": [
        field_("indicator", "string", "Indicator", required=True, pattern=r"^[a-z0-9_]+$"),
        field_(
            "geography",
            "string",
            "Country or region",
            required=True,
            enum=["Mali", "Burkina Faso", "Niger", "central Sahel"],
        ),
        field_(
            "as_of", "string", "Date: YYYY-MM-DD, YYYY-MM or YYYY", required=True, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"
        ),
        field_("value", "number", "Value", required=True, minimum=0),
        field_("unit", "string", "Unit and qualifiers", required=True),
        *provenance(url="Source address"),
    ]
}

HUM_SCHEMA = {
    "fields": [
        field_("indicator", "string", "Indicator (see facts README)", required=True),
        field_(
            "geography",
            "string",
            "Mali, Burkina Faso, Niger or central Sahel",
            required=True,
            enum=["Mali", "Burkina Faso", "Niger", "central Sahel"],
        ),
        field_("as_of", "string", "Date as precise as the source: YYYY-MM-DD, YYYY-MM or YYYY", required=True),
        field_(
            "date", "date", "Date for plotting: the day, the 15th of the month, or 1 July of the year", required=True
        ),
        field_("value", "number", "Value", required=True, minimum=0),
        field_("unit", "string", "Unit, scope and qualifiers as the source gives them", required=True),
        field_(
            "confidence",
            "string",
            "normal, or 'low' where the fact base says the figure must be checked",
            required=True,
            enum=["normal", "low"],
        ),
        field_(
            "bound",
            "string",
            "'lower bound', 'approximate' or 'exact' (as the unit says)",
            required=True,
            enum=["exact", "approximate", "lower bound"],
        ),
        *provenance(url="Source address"),
    ],
    "primaryKey": ["indicator", "geography", "as_of", "unit"],
}

#: Wording in ``unit`` that marks a figure the fact base says must be checked before use.
LOW_CONFIDENCE = re.compile(r"AI-generated|low confidence|must be checked", re.I)


def _plot_date(as_of: str) -> pd.Timestamp:
    return pd.Timestamp({10: as_of, 7: as_of + "-15", 4: as_of + "-07-01"}[len(as_of)])


def derive_humanitarian(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Dated humanitarian figures, with a plotting date, a bound and a confidence flag.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`HUM_SCHEMA`, sorted by indicator, geography, date.
        ``confidence`` is ``low`` for figures the fact base flags as not
        checked (its only source could not be verified); chapters must not
        state those as fact. Rows cited only to outlets the report does not
        cite are left out.
    """
    path = paths["facts_humanitarian"]
    raw = reader_titles(without_uncitable(read_csv_checked(path, RAW_HUM_SCHEMA), paths[POLICY]))
    bad = [
        (i + 2, a)
        for i, a in raw["as_of"].items()
        if pd.isna(pd.to_datetime({10: a, 7: a + "-01", 4: a + "-01-01"}[len(a)], format="%Y-%m-%d", errors="coerce"))
    ]
    if bad:
        raise DataValidationError(Problem(relative(path), r, "as_of", "not a real date", a) for r, a in bad)
    unit = raw["unit"]
    out = raw.assign(
        date=raw["as_of"].map(_plot_date),
        confidence=unit.map(lambda u: "low" if LOW_CONFIDENCE.search(u) else "normal"),
        bound=unit.map(
            lambda u: "lower bound" if "lower bound" in u else "approximate" if re.search(r"approx", u) else "exact"
        ),
    )
    cols = [f["name"] for f in HUM_SCHEMA["fields"]]
    return out[cols].sort_values(["indicator", "geography", "date", "unit"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------
# FTS appeals and IDMC displacement
# --------------------------------------------------------------------------

RAW_FTS_SCHEMA = {
    "fields": [
        field_("countryCode", "string", "ISO3", required=True, enum=["BFA", "MLI", "NER"]),
        field_("id", "number", "FTS plan id"),
        field_("name", "string", "Plan name", required=True),
        field_("code", "string", "Plan code"),
        field_("typeName", "string", "Plan type"),
        use("year", required=True, minimum=2000, maximum=2035),
        field_("requirements", "number", "Requirements, current USD", minimum=0),
        field_("funding", "number", "Funding reported against the plan, current USD", minimum=0),
        field_("percentFunded", "number", "Percent funded", minimum=0),
    ]
}

FTS_SCHEMA = {
    "fields": [
        use("iso3", "Country", required=True, enum=["BFA", "MLI", "NER"]),
        use("year", "Year of the plan", required=True, minimum=2000),
        field_("plan_code", "string", "FTS plan code", required=True),
        field_("plan_name", "string", "Plan name", required=True),
        field_("plan_type", "string", "Plan type", required=True),
        field_(
            "country_plan", "boolean", "True for the country's own plan (not a regional plan's share)", required=True
        ),
        field_("requirements_usd", "number", "Final (revised) requirements, current US dollars", minimum=0),
        field_(
            "funding_usd", "number", "Funding reported against the plan, current US dollars", required=True, minimum=0
        ),
        field_("funded_share", "number", "funding / requirements (0-1; may exceed 1)", minimum=0),
    ],
    "primaryKey": ["iso3", "year", "plan_code"],
}


def derive_fts(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Appeal plans for Burkina Faso, Mali and Niger: requirements, funding and funded share.

    "Not specified" funding rows (money not linked to a plan) are left out: they
    are a different quantity and must not be added to plan funding.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`FTS_SCHEMA`, sorted by country, year, plan code.
    """
    raw = read_csv_checked(paths["fts_appeals"], RAW_FTS_SCHEMA, allow_extra=True)
    plans = raw[raw["name"] != "Not specified"].copy()
    req = plans["requirements"]
    out = pd.DataFrame(
        {
            "iso3": plans["countryCode"],
            "year": plans["year"].astype(int),
            "plan_code": plans["code"],
            "plan_name": plans["name"],
            "plan_type": plans["typeName"],
            "country_plan": ~plans["typeName"].fillna("").str.contains("Regional", case=False),
            "requirements_usd": req,
            "funding_usd": plans["funding"],
            "funded_share": (plans["funding"] / req.where(req > 0)).round(4),
        }
    )
    return out.sort_values(["iso3", "year", "plan_code"]).reset_index(drop=True)


RAW_IDMC_SCHEMA = {
    "fields": [
        field_("ISO3", "string", "ISO3", required=True, enum=["BFA", "MLI", "NER"]),
        field_("Name", "string", "Country name", required=True),
        field_("Year", "integer", "Year", required=True, minimum=2008, maximum=2017),
        field_("Conflict Stock Displacement", "number", "IDPs at year end (conflict)", minimum=0),
        field_("Conflict New Displacements", "number", "New displacements in the year (conflict)", minimum=0),
        field_("Disaster New Displacements", "number", "New displacements in the year (disasters)", minimum=0),
    ],
    "primaryKey": ["ISO3", "Year"],
}

IDMC_SCHEMA = {
    "fields": [
        use("iso3", "Country", required=True, enum=["BFA", "MLI", "NER"]),
        use("year", required=True),
        field_("conflict_stock", "integer", "People displaced by conflict at year end (IDMC, rounded)", minimum=0),
        field_("conflict_new", "integer", "New conflict displacements during the year (flows)", minimum=0),
        field_("disaster_new", "integer", "New disaster displacements during the year (flows)", minimum=0),
    ],
    "primaryKey": ["iso3", "year"],
}


def derive_idmc(paths: Mapping[str, Path]) -> pd.DataFrame:
    """IDMC conflict and disaster displacement by country and year, 2008-2017 (empty = no figure)."""
    raw = read_csv_checked(paths["idmc_displacement"], RAW_IDMC_SCHEMA)
    out = pd.DataFrame(
        {
            "iso3": raw["ISO3"],
            "year": raw["Year"],
            "conflict_stock": raw["Conflict Stock Displacement"].round().astype("Int64"),
            "conflict_new": raw["Conflict New Displacements"].round().astype("Int64"),
            "disaster_new": raw["Disaster New Displacements"].round().astype("Int64"),
        }
    )
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


TABLES = [
    TableSpec(
        name="camps",
        title="MINUSMA's bases and how they were closed",
        description=(
            "Bases of MINUSMA at its withdrawal with closure date, order of closure, recipient and how "
            "each was left. Coordinates are approximate town coordinates, not camp perimeters."
        ),
        sources=("facts_camps", HANDOVERS),
        checked_against=(POLICY,),
        schema=CAMPS_SCHEMA,
        derive=derive_camps,
        licence="FACTS",
        unit="bases",
    ),
    TableSpec(
        name="humanitarian_figures",
        title="Humanitarian figures for Mali and its neighbours, 2012-2025",
        description=(
            "Dated figures on displacement, refugees, people in need, appeals and school closures, "
            "each with its source, a plotting date, a bound and a confidence flag."
        ),
        sources=("facts_humanitarian",),
        checked_against=(POLICY,),
        schema=HUM_SCHEMA,
        derive=derive_humanitarian,
        licence="FACTS",
        unit="as given per row",
    ),
    TableSpec(
        name="fts_appeals",
        title="Humanitarian appeals: requirements and funding, Burkina Faso, Mali, Niger",
        description="OCHA FTS requirements and funding per appeal plan and year (plans only, no 'Not specified' rows).",
        sources=("fts_appeals",),
        schema=FTS_SCHEMA,
        derive=derive_fts,
        licence="CC-BY-4.0",
        unit="current US dollars",
    ),
    TableSpec(
        name="idmc_displacement",
        title="Internal displacement by conflict and disaster, 2008-2017 (IDMC)",
        description="IDMC year-end stock of conflict IDPs and new displacements, Burkina Faso, Mali, Niger.",
        sources=("idmc_displacement",),
        schema=IDMC_SCHEMA,
        derive=derive_idmc,
        licence="IDMC",
        unit="people",
    ),
]
