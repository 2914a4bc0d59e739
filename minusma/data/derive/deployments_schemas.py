"""UN deployments, the schemas of the derived strength and contributor tables.

Frictionless Table Schemas (see :mod:`minusma.data.fields` for the fields shared with other tables).
"""

from __future__ import annotations

from minusma.data import reference as ref
from minusma.data.derive.deployments_read import BASES
from minusma.data.derive.deployments_statements import MEASURE_GROUPS, PRECISIONS, STATEMENT_COMPONENTS
from minusma.data.fields import field_, provenance, use

# --------------------------------------------------------------------------
# Schemas and table specs
# --------------------------------------------------------------------------

_COUNTRIES = sorted(set(ref.NATIONALITIES) | set(ref.EXTRA_COUNTRIES) | set(ref.NOT_COUNTRIES))
_SOURCES = ["IPI", "RADPKO", "DPO", "statement", "Geo-PKO"]

STATEMENTS_SCHEMA = {
    "fields": [
        field_(
            "statement_id", "integer", "Row number in strength_statements.csv (header = 0)", required=True, minimum=1
        ),
        field_("as_of", "date", "Date the figure refers to; empty where the source gives none"),
        field_(
            "as_of_precision",
            "string",
            "day, month, year, approx, article date (only the publication date is known) or unknown",
            required=True,
            enum=list(PRECISIONS),
        ),
        field_(
            "component",
            "string",
            "Personnel component (military = troops + staff officers + experts)",
            required=True,
            enum=list(STATEMENT_COMPONENTS),
        ),
        field_("contributor", "string", "Contributing country (UN spelling); empty = whole mission", enum=_COUNTRIES),
        use("iso3", "ISO3 of the contributor", pattern=r"^[A-Z]{3}$"),
        field_("measure", "string", "What the value measures", required=True, enum=list(MEASURE_GROUPS)),
        field_(
            "measure_group",
            "string",
            "deployed, authorised, proposed or departures",
            required=True,
            enum=["deployed", "authorised", "proposed", "departures"],
        ),
        field_("value", "integer", "The number as published (persons); empty for ceilings", minimum=0),
        field_(
            "authorised_value",
            "integer",
            "Security Council ceiling for the component at that date (or a national ceiling where the note says so)",
            minimum=0,
        ),
        field_(
            "basis",
            "string",
            "Always 'statement': a figure as published, not a dataset count",
            required=True,
            enum=["statement"],
        ),
        field_(
            "headcount",
            "boolean",
            "True when the value counts people deployed or moved; false for ceilings, "
            "proposals and rows SOURCE.md says are not headcounts",
            required=True,
        ),
        field_("flag", "string", "Why the row is not a headcount or is ambiguous"),
        *provenance(required=True),
        field_("source_date", "string", "Publication date as far as known", required=True),
        field_("note", "string", "Compiler's note"),
    ],
    "primaryKey": ["statement_id"],
}

IPI_MONTHLY_OUT_SCHEMA = {
    "fields": [
        field_("date", "date", "Month-end date of the UN count", required=True),
        use("mission", "Mission acronym as IPI writes it", required=True),
        field_(
            "un_mission",
            "string",
            "Acronym in the UN fatalities table (empty if the mission is not in it)",
            enum=sorted(ref.MISSIONS),
        ),
        use("mission_kind", enum=[ref.PKO, ref.SPM, ref.OTHER]),
        field_("contributors", "integer", "Contributing countries", required=True, minimum=0),
        field_("troops", "integer", "Troops (incl. staff officers); empty where IPI has NA", minimum=0),
        field_("police", "integer", "Police; empty where IPI has NA", minimum=0),
        field_("observers", "integer", "Military observers / experts on mission; empty where IPI has NA", minimum=0),
        field_("uniformed", "integer", "All uniformed personnel (NA counted as 0)", required=True, minimum=0),
        field_("basis", "string", "Always 'official' (UN monthly counts)", required=True, enum=["official"]),
    ],
    "primaryKey": ["mission", "date"],
}

UNIFORMED_STRENGTH_SCHEMA = {
    "fields": [
        field_(
            "source", "string", "IPI, RADPKO, DPO (UN yearly means), statement or Geo-PKO", required=True, enum=_SOURCES
        ),
        field_(
            "basis",
            "string",
            "official (UN count), statement (as published) or estimate (Geo-PKO, not a headcount)",
            required=True,
            enum=list(BASES),
        ),
        field_(
            "statistic",
            "string",
            "month-end count, yearly mean of monthly counts, as published, withdrawal "
            "baseline, remaining (baseline − repatriated), sum of location estimates (troops)",
            required=True,
            enum=[
                "month-end count",
                "yearly mean of monthly counts",
                "as published",
                "withdrawal baseline",
                "remaining (baseline − repatriated)",
                "sum of location estimates (troops)",
            ],
        ),
        field_(
            "period_start",
            "date",
            "Date of the figure, or first day of the period a mean covers",
            required=True,
            minimum="2013-04-25",
        ),
        field_("period_end", "date", "Date of the figure, or last day of the period a mean covers", required=True),
        field_("military", "number", "Military personnel (troops, staff officers, military experts)", minimum=0),
        field_("police", "number", "Police (individual officers and formed units)", minimum=0),
        field_(
            "uniformed",
            "number",
            "Uniformed personnel (military + police, checked within one person where the source gives both)",
            minimum=0,
        ),
        field_(
            "uniformed_how",
            "string",
            "How 'uniformed' was obtained",
            enum=["published", "military + police", "baseline − repatriated"],
        ),
        field_("headcount", "boolean", "False for Geo-PKO estimates", required=True),
        field_("note", "string", "Caveat"),
        *provenance(required=True),
    ],
    "primaryKey": ["source", "statistic", "period_start", "source_url"],
}

CONTRIBUTORS_SCHEMA = {
    "fields": [
        field_(
            "source",
            "string",
            "statement, IPI, RADPKO or DPO (UN yearly means)",
            required=True,
            enum=["statement", "IPI", "RADPKO", "DPO"],
        ),
        field_("basis", "string", "official (UN count) or statement", required=True, enum=["official", "statement"]),
        field_(
            "statistic",
            "string",
            "month-end count, yearly mean of monthly counts, or as published",
            required=True,
            enum=["month-end count", "yearly mean of monthly counts", "as published"],
        ),
        field_("period_start", "date", "Date of the figure, or first month a yearly mean covers", required=True),
        field_("period_end", "date", "Date of the figure, or last month a yearly mean covers", required=True),
        field_("contributor", "string", "Contributing country (UN spelling)", required=True, enum=_COUNTRIES),
        use("iso3", required=True, pattern=r"^[A-Z]{3}$"),
        field_("african", "boolean", "Country of the UN M49 region Africa", required=True),
        field_(
            "military",
            "number",
            "Military personnel: troops and military observers/experts, each person "
            "once (IPI counts observers also among experts on mission, so they are not added twice); "
            "military + police = uniformed within one person (checked)",
            minimum=0,
        ),
        field_("police", "number", "Police (formed units and individual officers)", minimum=0),
        field_(
            "uniformed", "number", "Uniformed personnel (empty where the statement gives one component only)", minimum=0
        ),
        field_("n_bases", "integer", "RADPKO: bases where the country had personnel", minimum=0),
        field_("headcount", "boolean", "False where SOURCE.md flags the figure", required=True),
        field_("note", "string", "Note"),
        use("source_url", required=True),
    ],
    "primaryKey": ["source", "period_start", "contributor", "source_url"],
}

DPO_YEAR_MEANS_SCHEMA = {
    "fields": [
        use("year", "Calendar year", required=True, minimum=2010, maximum=2030),
        use(
            "mission",
            "Mission acronym (as in the UN fatalities table where it is there)",
            required=True,
            enum=sorted(set(ref.MISSIONS) | set(ref.EXTRA_MISSIONS)),
        ),
        use("mission_kind", required=True, enum=[ref.PKO, ref.SPM, ref.OTHER]),
        field_("contributor", "string", "Contributing country (UN spelling)", required=True, enum=_COUNTRIES),
        use("iso3", "ISO3 of the contributor", required=True, pattern=r"^[A-Z]{3}$"),
        field_(
            "female",
            "integer",
            "Women: yearly mean of monthly counts, missing months counted as 0",
            required=True,
            minimum=0,
        ),
        field_(
            "male",
            "integer",
            "Men: yearly mean of monthly counts, missing months counted as 0",
            required=True,
            minimum=0,
        ),
        field_(
            "uniformed",
            "integer",
            "All uniformed personnel: yearly mean of monthly counts, missing months "
            "counted as 0 (female + male within one person)",
            required=True,
            minimum=0,
        ),
        field_(
            "whole_year",
            "boolean",
            "True where every month of the year is in the UN's table (2018, 2019, 2020): only then is the mean a level",
            required=True,
        ),
        field_("basis", "string", "Always 'official' (UN monthly counts)", required=True, enum=["official"]),
    ],
    "primaryKey": ["year", "mission", "contributor"],
}
