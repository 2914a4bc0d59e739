"""UN deployments: how large MINUSMA was, who sent its personnel, and where they were.

Sources (folder ``un-deployments`` of the raw snapshot; its ``SOURCE.md`` gives
publisher, licence, coverage and caveats):

- IPI Peacekeeping Database, monthly uniformed totals of every mission, 1990-11
  to 2017-03, and contributor x mission for March 2014 (official UN counts).
- RADPKO (Hunnicutt & Nomikos), base-level deployments by contributing country
  as yearly means of monthly UN counts, 2014-2019 for MINUSMA (official).
- Geo-PKO v2.3 (Cil, Fjelde, Hultman & Nilsson), deployment locations by year,
  with troop sizes *estimated* from unit symbols on UN maps (not headcounts).
- ``strength_statements.csv``: strength, ceilings and withdrawal figures as
  published in UN statements and press reports of UN figures.
- UN DPO uniformed contributions as yearly means by mission and contributing
  country, 2010-2021 (computed by a third party from the UN's monthly table;
  official). Missing months count as zero, so only 2018, 2019 and 2020 are
  whole years (:data:`DPO_WHOLE_YEARS`); no other year is ever used as a level.

Every derived table keeps the three kinds of number apart in a ``basis``
column: ``official`` (UN counts, via IPI or RADPKO), ``statement`` (a figure
as published in a statement or article) and ``estimate`` (Geo-PKO). Rows that
``SOURCE.md`` says are not headcounts carry ``headcount = false`` and a
``flag`` saying why.

Terms: *military* is troops, staff officers and military experts
(observers); *police* is individual police officers and formed police units;
*uniformed* is military plus police, as the UN counts them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Mapping

import pandas as pd

from minusma.data import reference as ref
from minusma.data import sources as src
from minusma.paths import relative
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.data.derive import TableSpec
from minusma.data.derive.citations import POLICY, reader_titles, without_uncitable
from minusma.data.fields import URL_PATTERN, field_, provenance, use

MISSION = "MINUSMA"
BASES = ("official", "statement", "estimate")

#: Last month in the RADPKO file (SOURCE.md: "1999-10 to 2019-09"); the yearly mean of
#: 2019 covers January to September.
RADPKO_LAST_MONTH = "2019-09"

#: Years of the UN DPO yearly means in which all twelve monthly reports are present for every
#: mission (un-deployments/SOURCE.md, "Which years are whole"). The file's method takes the mean
#: over 12 months with missing months counted as zero, so any other year understates the level
#: (2017: about 5 months present; 2021: about 1; 2013-2016: 6-8% below the UN's monthly counts).
DPO_WHOLE_YEARS = (2018, 2019, 2020)
#: Largest |Female + Male - Total| the yearly means allow (each is rounded on its own).
DPO_ROUNDING = 1
#: Largest relative gap between the totals of a strength source and the sum of its personnel types
#: (rounding of yearly means: at most one person).
PARTS_TOLERANCE = 1.0

# --------------------------------------------------------------------------
# Reading the raw files
# --------------------------------------------------------------------------


def _cached(reader):
    """Cache a reader per file (path, size, modification time) and hand out copies.

    Several tables read the same raw file; each read validates it, which for
    RADPKO's 300 columns takes seconds.
    """
    @functools.lru_cache(maxsize=16)
    def cached(path: str, size: int, mtime_ns: int, *args):
        return reader(path, *args)

    @functools.wraps(reader)
    def wrapper(path, *args):
        st = Path(path).stat()
        return cached(str(Path(path).resolve()), st.st_size, st.st_mtime_ns, *args).copy()

    return wrapper

IPI_MONTHLY_SCHEMA = {
    "fields": [
        field_("Date", "date", "Month-end date", required=True),
        field_("Mission", "string", "Mission acronym as IPI writes it", required=True),
        field_("Number of Contributors", "integer", "Contributing countries", required=True, minimum=0),
        field_("Troops", "integer", "Troops (incl. staff officers)", minimum=0),
        field_("Police", "integer", "Police", minimum=0),
        field_("Observers", "integer", "Military observers / experts on mission", minimum=0),
        field_("Total", "integer", "Troops + Police + Observers (NA as 0)", required=True, minimum=0),
    ],
    "primaryKey": ["Date", "Mission"],
    "missingValues": ["", "NA"],
}


@_cached
def read_ipi_monthly(path: Path | str) -> pd.DataFrame:
    """Read the IPI mission-month file, validated.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`IPI_MONTHLY_SCHEMA` (``Date`` datetime64, moved to
        the month's last day where IPI writes it a few days early; counts
        ``Int64`` with ``<NA>`` where IPI writes ``NA``).

    Raises
    ------
    DataValidationError
        A row breaks the schema, a date is not a month end, or ``Total`` is
        not ``Troops + Police + Observers``.
    """
    df = read_csv_checked(path, IPI_MONTHLY_SCHEMA, allow_extra=True)
    label = relative(Path(path))
    problems = []
    parts = df[["Troops", "Police", "Observers"]].fillna(0).sum(axis=1)
    for i in df.index[parts != df["Total"]]:
        problems.append(Problem(label, int(i) + 2, "Total", "Total is not Troops + Police + Observers",
                                str(df.at[i, "Total"])))
    # A few month-end dates are written one to three days early (2000-02-28, 2002-08-30, ...):
    # they are moved to the month's last day; anything earlier in a month is an error.
    month_end = df["Date"] + pd.offsets.MonthEnd(0)
    for i in df.index[(month_end - df["Date"]).dt.days > 3]:
        problems.append(Problem(label, int(i) + 2, "Date", "not within the last days of a month (IPI counts are "
                                "month-end figures)", df.at[i, "Date"].strftime("%Y-%m-%d")))
    if problems:
        raise DataValidationError(problems)
    df["Date"] = month_end
    return df


IPI_CONTRIB_SCHEMA = {
    "fields": [
        field_("Date", "date", "Month-end date", required=True),
        field_("Contributor", "string", "Contributing country as IPI writes it", required=True),
        field_("Contributor_ISO-3", "string", "ISO3 of the contributor", pattern=r"^[A-Z]{3}$"),
        field_("Mission", "string", "Mission", required=True),
        field_("Experts_on_Mission", "number", "Experts on mission", minimum=0),
        field_("Formed_Police_Units", "number", "Formed police units", minimum=0),
        field_("Inidividual_Police", "number", "Individual police [sic]", minimum=0),
        field_("Civilian_Police", "number", "All police", minimum=0),
        field_("Troops", "number", "Troops", minimum=0),
        field_("Observers", "number", "Military observers", minimum=0),
        field_("Total", "number", "All uniformed", required=True, minimum=0),
    ],
    "primaryKey": ["Date", "Contributor", "Mission"],
    "missingValues": ["", "NA"],
}

def read_ipi_contributions(path: Path | str) -> pd.DataFrame:
    """Read IPI's contributor x mission month file, validated, with its totals checked against their parts.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`IPI_CONTRIB_SCHEMA` (counts ``float64``, ``NaN`` where IPI writes ``NA``).

    Raises
    ------
    DataValidationError
        A row breaks the schema; ``Civilian_Police`` is not ``Formed_Police_Units + Inidividual_Police``;
        ``Total`` is not ``Troops + Civilian_Police + Experts_on_Mission`` (observers are counted among
        the experts, so not added again; :data:`PARTS_TOLERANCE`); or ``Observers`` exceeds
        ``Experts_on_Mission``.
    """
    df = read_csv_checked(path, IPI_CONTRIB_SCHEMA, allow_extra=True)
    label = relative(Path(path))
    z = df[["Experts_on_Mission", "Formed_Police_Units", "Inidividual_Police", "Civilian_Police", "Troops",
            "Observers", "Total"]].fillna(0)
    problems = []
    for i in z.index[(z["Formed_Police_Units"] + z["Inidividual_Police"] - z["Civilian_Police"]).abs() > PARTS_TOLERANCE]:
        problems.append(Problem(label, int(i) + 2, "Civilian_Police", "police differ from formed police units + "
                                "individual police (rule 'total equals parts')", f"{z.at[i, 'Civilian_Police']:g}"))
    experts = z["Experts_on_Mission"].where(df["Experts_on_Mission"].notna(), z["Observers"])
    for i in z.index[(z["Troops"] + z["Civilian_Police"] + experts - z["Total"]).abs() > PARTS_TOLERANCE]:
        problems.append(Problem(label, int(i) + 2, "Total", "Total differs from Troops + Civilian_Police + "
                                "Experts_on_Mission (rule 'total equals parts')", f"{z.at[i, 'Total']:g}"))
    for i in z.index[z["Observers"] > experts]:
        problems.append(Problem(label, int(i) + 2, "Observers", "more observers than experts on mission (IPI "
                                "counts observers among experts; rule 'parts nest')", f"{z.at[i, 'Observers']:g}"))
    if problems:
        raise DataValidationError(problems)
    return df


_RADPKO_ID_FIELDS = [
    use("mission", required=True),
    field_("base", "string", "Base (lower case); empty in a few rows of other missions"),
    field_("date", "date", "First month the base appears in the year", required=True),
    use("year", required=True, minimum=1999),
    use("latitude", minimum=-90, maximum=90),
    use("longitude", minimum=-180, maximum=180),
    field_("pko_deployed", "number", "All uniformed (yearly mean)", required=True, minimum=0),
    field_("untrp", "number", "Troops", required=True, minimum=0),
    field_("unpol", "number", "Police", required=True, minimum=0),
    field_("unmob", "number", "Military observers", required=True, minimum=0),
]

#: RADPKO's country column stems -> UN spelling (the 69 countries that have columns).
#: Stems are lower case with dots for spaces; most map by title case, the rest here.
RADPKO_NAMES: dict[str, str] = {
    "cote.d.ivoire": "Côte d'Ivoire",
    "democratic.republic.of.the.congo": "Democratic Republic of the Congo",
    "uk": "United Kingdom of Great Britain and Northern Ireland",
    "korea": "Republic of Korea",
    "south.korea": "Republic of Korea",
}
RADPKO_STEMS = (
    "albania", "bangladesh", "belgium", "benin", "bolivia", "burkina.faso", "burundi", "cambodia", "cameroon",
    "canada", "chad", "china", "congo", "cote.d.ivoire", "democratic.republic.of.the.congo", "djibouti", "egypt",
    "el.salvador", "ethiopia", "france", "gabon", "gambia", "germany", "ghana", "guatemala", "guinea", "india",
    "indonesia", "ireland", "japan", "jordan", "kenya", "korea", "liberia", "malawi", "mauritania", "mongolia",
    "montenegro", "morocco", "mozambique", "namibia", "nepal", "netherlands", "niger", "nigeria", "norway",
    "pakistan", "peru", "philippines", "portugal", "romania", "russia", "rwanda", "senegal", "sierra.leone",
    "south.africa", "south.korea", "sri.lanka", "sweden", "tanzania", "thailand", "togo", "tunisia", "uk",
    "ukraine", "uruguay", "vietnam", "yugoslavia", "zambia",
)
_RADPKO_KINDS = ("pko", "untrp", "unpol", "unmob")
RADPKO_SCHEMA = {
    "fields": _RADPKO_ID_FIELDS + [
        field_(f"{stem}_{kind}", "number", f"{kind} of {stem} (yearly mean)", required=True, minimum=0)
        for stem in RADPKO_STEMS for kind in _RADPKO_KINDS
    ],
    "missingValues": ["", "NA", "NaN"],  # a few bases of other missions have 'NaN' coordinates
}


def radpko_country(stem: str) -> str:
    """UN spelling of a RADPKO country stem (``burkina.faso`` -> ``Burkina Faso``)."""
    name = RADPKO_NAMES.get(stem) or " ".join(w.capitalize() for w in stem.split("."))
    return ref.country_name(name)


@_cached
def read_radpko_minusma(path: Path | str) -> pd.DataFrame:
    """Read RADPKO's base-year file, validated, and return MINUSMA's rows.

    Returns
    -------
    pandas.DataFrame
        One row per base and year: ``base, year, date, latitude, longitude,
        pko_deployed, untrp, unpol, unmob`` and ``<stem>_<kind>`` for each
        country stem of :data:`RADPKO_STEMS` (yearly means, float).

    Raises
    ------
    DataValidationError
        The file breaks :data:`RADPKO_SCHEMA`; it has a ``*_pko`` column for a
        country not in :data:`RADPKO_STEMS` (a refresh added a country: add
        it, else its personnel would be lost); a MINUSMA row has no base; or
        a base and year appear twice.
    """
    label = relative(Path(path))
    with open(path, encoding="utf-8-sig") as fh:
        header = [h.strip().strip('"') for h in fh.readline().split(",")]
    regions = {"afr", "asian", "west"}
    unknown = [h for h in header if h.endswith("_pko") and h[:-4] not in RADPKO_STEMS and h[:-4] not in regions
               and h not in ("pko_deployed",)]
    if unknown:
        raise DataValidationError(
            [Problem(label, 1, h, "country column not in RADPKO_STEMS (minusma/data/derive/deployments.py)") for h in unknown])
    df = read_csv_checked(path, RADPKO_SCHEMA, allow_extra=True)
    df["line"] = df.index + 2
    m = df[df["mission"] == MISSION].copy()
    problems = [Problem(label, int(r.line), "base", "MINUSMA row without a base") for r in m.itertuples()
                if not _text(r.base)]
    problems += [Problem(label, int(r.line), "latitude", "MINUSMA base without coordinates", r.base)
                 for r in m.itertuples() if pd.isna(r.latitude) or pd.isna(r.longitude)]
    dup = m[m.duplicated(["base", "year"], keep=False)]
    problems += [Problem(label, int(r.line), "base", "base and year appear twice", r.base) for r in dup.itertuples()]
    parts = m["untrp"] + m["unpol"] + m["unmob"]
    problems += [Problem(label, int(r.line), "pko_deployed", "total differs from untrp + unpol + unmob (troops, "
                         f"police, observers) by more than {PARTS_TOLERANCE:g}", f"{r.pko_deployed:g} vs {p:g}")
                 for r, p in zip(m.itertuples(), parts) if abs(r.pko_deployed - p) > PARTS_TOLERANCE]
    if problems:
        raise DataValidationError(problems)
    return m.drop(columns=["mission", "line"]).reset_index(drop=True)


GEOPKO_FRONT_SCHEMA = {
    "fields": [
        use("mission", required=True),
        use("year", required=True, minimum=1994),
        field_("location", "string", "Deployment location", required=True),
        use("latitude", required=True, minimum=-90, maximum=90),
        use("longitude", required=True, minimum=-180, maximum=180),
        field_("Infantry", "number", "Mean estimated infantry troops", minimum=0),
        field_("NoTroops", "number", "Estimated troops on one map", minimum=0),
        field_("hq", "integer", "Headquarters level (0 none, 3 mission HQ)", minimum=0, maximum=3),
        field_("UNPOL", "integer", "Police present (0/1)", enum=[0, 1]),
        field_("Med", "integer", "Medical unit present (0/1)", enum=[0, 1]),
        field_("Av", "integer", "Aviation units", minimum=0),
        field_("UNMO", "integer", "Military observers present (0/1)", enum=[0, 1]),
        field_("ave.no.troops", "number", "Yearly mean estimated troops at the location (repeats on each map row)",
               minimum=0),
    ],
    "missingValues": ["", "NA"],
}

GEOPKO_TCC_SCHEMA = {
    "fields": [
        use("mission", required=True),
        use("year", required=True, minimum=1994),
        field_("location", "string", "Deployment location", required=True),
        use("latitude", required=True, minimum=-90, maximum=90),
        use("longitude", required=True, minimum=-180, maximum=180),
        field_("No.TCC", "integer", "Number of contributing countries", required=True, minimum=0),
        field_("year.overview", "string", "'Country (size), ...'", required=True),
    ],
    "missingValues": ["", "NA"],
}


@_cached
def read_geopko_minusma(path: Path | str, table: str) -> pd.DataFrame:
    """Read a Geo-PKO dashboard table, validated; return MINUSMA's rows.

    Parameters
    ----------
    path : path-like
        ``FrontMap_v.2.3.csv`` or ``TCCMap_v.2.3.csv``.
    table : {"front", "tcc"}
        Which of the two it is (:data:`GEOPKO_FRONT_SCHEMA` or :data:`GEOPKO_TCC_SCHEMA`).

    Returns
    -------
    pandas.DataFrame
        The schema's columns without ``mission``, one row per raw MINUSMA row.

    Raises
    ------
    DataValidationError
        A row breaks ``schema``, a MINUSMA location has two sets of
        coordinates, or (TCCMap) a MINUSMA location appears twice in a year.
    """
    schema = {"front": GEOPKO_FRONT_SCHEMA, "tcc": GEOPKO_TCC_SCHEMA}[table]
    df = read_csv_checked(path, schema, allow_extra=True)
    df["line"] = df.index + 2
    m = df[df["mission"] == MISSION]
    if table == "tcc" and m.duplicated(["year", "location"]).any():
        raise DataValidationError([Problem(relative(Path(path)), int(r.line), "location",
                                           "MINUSMA location listed twice in a year", r.location)
                                   for r in m[m.duplicated(["year", "location"])].itertuples()])
    coords = m.groupby("location")[["latitude", "longitude"]].nunique()
    bad = coords[(coords > 1).any(axis=1)].index
    if len(bad):
        raise DataValidationError([Problem(relative(Path(path)), int(m.loc[m["location"] == b, "line"].iloc[0]),
                                           "latitude", "location has more than one set of coordinates", b)
                                   for b in bad])
    return m.drop(columns=["mission", "line"]).reset_index(drop=True)


def _text(value) -> str:
    """A cell as text: ``""`` for a missing value."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


STATEMENT_COMPONENTS = (
    "military", "contingent_troops", "staff_officers", "military_experts", "police", "individual_police",
    "formed_police_units", "total_uniformed", "uniformed_unspecified", "civilians", "international_civilians",
    "un_volunteers", "total_personnel", "unclear",
)
#: Measures of ``strength_statements.csv``, by group.
MEASURE_GROUPS: dict[str, str] = {
    "deployed": "deployed", "deployed_approx": "deployed", "deployed_lower_bound": "deployed",
    "published_strength": "deployed",
    "authorised_ceiling": "authorised",
    "proposed_increase": "proposed",
    "to_repatriate": "departures", "to_separate": "departures", "repatriated_cumulative": "departures",
    "repatriated_in_month": "departures", "repatriated_in_event": "departures",
    "departed_cumulative": "departures", "departed_cumulative_approx": "departures", "remaining": "departures",
}
PRECISIONS = ("day", "month", "year", "approx", "article date", "unknown", "unknown (c. 2019-2020)",
              "approx (to date, after 20 Sep)")

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
    ("published_strength", lambda r: r["measure"] == "published_strength", False,
     "not a headcount: the figures match authorised strength (ceilings of 13,289 + 1,920), per SOURCE.md"),
    ("unclear scope", lambda r: r["component"] == "unclear", False,
     "not a headcount of military personnel: exceeds the military ceiling, probably all personnel (SOURCE.md)"),
    ("ambiguous text", lambda r: "ambiguous" in _text(r["note"]), True,
     "the source text is ambiguous about which country this figure belongs to (SOURCE.md)"),
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
        problems.append(Problem(label, r.line, None, "same date, component, contributor, measure and source as an "
                                                     "earlier row (rule 'unique')"))
    # A statement that gives a uniformed total and both its parts must add up (within rounding).
    dep = df[df["measure"].eq("deployed") & df["component"].isin(["military", "police", "total_uniformed"])]
    for _, g in dep.fillna({"contributor": ""}).groupby(["as_of", "contributor", "source_url"]):
        v = dict(zip(g["component"], g["value"]))
        if {"military", "police", "total_uniformed"} <= set(v) and \
                abs(v["military"] + v["police"] - v["total_uniformed"]) > PARTS_TOLERANCE:
            line = int(g.loc[g["component"] == "total_uniformed", "line"].iloc[0])
            problems.append(Problem(label, line, "value", "total_uniformed differs from military + police of the "
                                    "same date and source", f"{v['total_uniformed']} vs {v['military']} + {v['police']}"))
    if problems:
        raise DataValidationError(problems)
    return df


DPO_SCHEMA = {
    "fields": [
        field_("Year", "integer", "Calendar year", required=True, minimum=2010, maximum=2030),
        field_("Country", "string", "Contributing country as the UN writes it", required=True),
        field_("Mission", "string", "Mission acronym", required=True),
        field_("Female", "integer", "Women, yearly mean of monthly counts (missing months as 0)", required=True,
               minimum=0),
        field_("Male", "integer", "Men, yearly mean of monthly counts (missing months as 0)", required=True,
               minimum=0),
        field_("Total", "integer", "All uniformed personnel, yearly mean of monthly counts (missing months as 0)",
               required=True, minimum=0),
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
    problems = [Problem(label, int(r.line), "Total", f"Female + Male differs from Total by more than {DPO_ROUNDING} "
                        "(rounding of the yearly means)", f"{r.Female} + {r.Male} vs {r.Total}")
                for r in df.itertuples() if abs(r.Female + r.Male - r.Total) > DPO_ROUNDING]
    names, kinds = {}, {}
    for col, values, lookup, out in (("Country", df["Country"], ref.country_name, names),
                                     ("Mission", df["Mission"], ref.mission_kind, kinds)):
        for v in dict.fromkeys(values):
            try:
                out[v] = lookup(v)
            except KeyError as exc:
                line = int(df.loc[values == v, "line"].iloc[0])
                problems.append(Problem(label, line, col, str(exc.args[0]), v))
    missing = sorted(set(DPO_WHOLE_YEARS) - set(df["Year"]))
    if missing:
        problems.append(Problem(label, None, "Year", f"whole years {missing} (DPO_WHOLE_YEARS) are missing from the "
                                "file: check un-deployments/SOURCE.md before using another year"))
    if problems:
        raise DataValidationError(problems)
    df = df[(df[["Female", "Male", "Total"]] > 0).any(axis=1)]
    return pd.DataFrame({
        "year": df["Year"].astype(int), "country": df["Country"], "contributor": df["Country"].map(names),
        "mission": df["Mission"], "mission_kind": df["Mission"].map(kinds), "female": df["Female"].astype(int),
        "male": df["Male"].astype(int), "uniformed": df["Total"].astype(int), "line": df["line"].astype(int),
    }).reset_index(drop=True)


def _dpo_minusma(paths) -> pd.DataFrame:
    """MINUSMA's rows of the DPO yearly means, whole years only (a year that is not whole is never a level)."""
    d = read_dpo_year_means(paths["dpo_uniformed_year_means"])
    return d[(d["mission"] == MISSION) & d["year"].isin(DPO_WHOLE_YEARS)]


# --------------------------------------------------------------------------
# Derived tables
# --------------------------------------------------------------------------


def location_id(name: str) -> str:
    """A plain key for a deployment location, shared by Geo-PKO and RADPKO.

    Accents dropped, lower case, and only the first name of a double name:
    ``Ménaka`` -> ``menaka``, ``Mopti/Sevare`` -> ``mopti``,
    ``Tombouctou (Timbuktu)`` -> ``tombouctou``.
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.split(r"[/(]", plain)[0].strip().lower().replace(" ", "-")


def derive_strength_statements(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Every row of ``strength_statements.csv``, with its group, headcount flag and UN country name.

    Rows cited only to an outlet the report does not cite are left out; the
    project's re-sourced rows (``curated/strength_statements.csv``) follow,
    numbered after the compiled file's rows.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`STATEMENTS_SCHEMA`, one row per kept raw row, in file order.

    Raises
    ------
    DataValidationError
        See :func:`read_statements`; or a rule of :data:`STATEMENT_FLAGS` matches no row.
    """
    path = paths["strength_statements"]
    raw = read_statements(path)
    kept = without_uncitable(raw, paths[POLICY])
    extra = read_statements(paths["curated_strength_statements"])
    extra["line"] = extra["line"] + int(raw["line"].max())  # numbered after the compiled file's rows
    df = reader_titles(pd.concat([kept, extra], ignore_index=True))
    out = df.copy()
    out["statement_id"] = df["line"] - 1
    out["contributor"] = df["contributor"].map(lambda c: ref.country_name(c) if _text(c) else None)
    out["iso3"] = out["contributor"].map(lambda c: ref.iso3(c) if _text(c) else None)
    out["measure_group"] = df["measure"].map(MEASURE_GROUPS)
    out["basis"] = "statement"
    out["headcount"] = out["measure_group"].isin(["deployed", "departures"])
    out["flag"] = None
    problems = []
    for name, test, headcount, text in STATEMENT_FLAGS:
        hit = df.apply(test, axis=1)
        if not hit.any():
            problems.append(Problem(relative(Path(path)), None, None, f"flag rule {name!r} matches no row: "
                                    "update STATEMENT_FLAGS in minusma/data/derive/deployments.py"))
        out.loc[hit, "headcount"] = out.loc[hit, "headcount"] & headcount
        out.loc[hit, "flag"] = text
    if problems:
        raise DataValidationError(problems)
    return out[[f["name"] for f in STATEMENTS_SCHEMA["fields"]]]


def derive_ipi_mission_monthly(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Uniformed personnel of every UN mission by month, 1990-11 to 2017-03 (IPI, official UN counts).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`IPI_MONTHLY_OUT_SCHEMA`, sorted by mission and date.
        ``military`` is troops plus observers; ``uniformed`` is IPI's total.
        ``un_mission`` is the acronym of the UN fatalities table where the
        mission is in it (empty otherwise).
    """
    raw = read_ipi_monthly(paths["ipi_mission_monthly"])
    out = pd.DataFrame({
        "date": raw["Date"],
        "mission": raw["Mission"],
        "un_mission": raw["Mission"].map(lambda m: IPI_MISSION_ALIASES.get(m, m) if
                                         IPI_MISSION_ALIASES.get(m, m) in ref.MISSIONS else None),
        "contributors": raw["Number of Contributors"],
        "troops": raw["Troops"],
        "police": raw["Police"],
        "observers": raw["Observers"],
        "uniformed": raw["Total"],
        "basis": "official",
    })
    out["mission_kind"] = out["un_mission"].map(lambda m: ref.MISSIONS.get(m) if m else None)
    out = out.sort_values(["mission", "date"]).reset_index(drop=True)
    return out[[f["name"] for f in IPI_MONTHLY_OUT_SCHEMA["fields"]]]


#: IPI acronyms that the UN fatalities table writes otherwise.
IPI_MISSION_ALIASES = {"UNAVEM II": "UNAVEM", "UNOSOM II": "UNOSOM"}


def _ipi_minusma(paths) -> pd.DataFrame:
    raw = read_ipi_monthly(paths["ipi_mission_monthly"])
    m = raw[raw["Mission"] == MISSION].sort_values("Date")
    return pd.DataFrame({
        "source": "IPI", "basis": "official", "statistic": "month-end count",
        "period_start": m["Date"], "period_end": m["Date"],
        "military": (m["Troops"].fillna(0) + m["Observers"].fillna(0)).astype(float),
        "police": m["Police"].astype(float), "uniformed": m["Total"].astype(float),
        "uniformed_how": "published", "headcount": True,
        "note": m["Observers"].isna().map({True: "observers not reported (counted as 0)", False: None}),
        "source_title": src.get("ipi_mission_monthly").title, "source_url": src.get("ipi_mission_monthly").url,
    })


def _radpko_years(paths) -> pd.DataFrame:
    r = read_radpko_minusma(paths["radpko_bases"])
    r["military"] = r["untrp"] + r["unmob"]
    g = r.groupby("year")
    last = pd.Period(RADPKO_LAST_MONTH, "M")
    years = g["date"].min().index
    end = [min(pd.Timestamp(f"{y}-12-31"), last.to_timestamp(how="end").normalize()) for y in years]
    s = src.get("radpko_bases")
    return pd.DataFrame({
        "source": "RADPKO", "basis": "official", "statistic": "yearly mean of monthly counts",
        "period_start": g["date"].min().values, "period_end": end,
        "military": g["military"].sum().round(1).values, "police": g["unpol"].sum().round(1).values,
        "uniformed": g["pko_deployed"].sum().round(1).values, "uniformed_how": "published", "headcount": True,
        "note": [f"sum over {n} bases of yearly means" for n in g.size().values],
        "source_title": s.title, "source_url": s.url,
    })


def _components(g: pd.DataFrame) -> tuple:
    """Military, police and uniformed figures of one statement (rows of one date and source).

    Returns ``(military, police, uniformed, how)``: floats or None, and how the
    uniformed figure was obtained (``published`` when the statement gives a
    total, or a total whose personnel type it does not state; ``military +
    police`` when it gives both parts; None when it gives neither).
    """
    vals = dict(zip(g["component"], g["value"].astype(float)))
    mil, pol = vals.get("military"), vals.get("police")
    tot = vals.get("total_uniformed", vals.get("uniformed_unspecified"))
    if tot is not None:
        return mil, pol, tot, "published"
    if mil is not None and pol is not None:
        return mil, pol, mil + pol, "military + police"
    return mil, pol, None, None


def _statement_points(paths) -> pd.DataFrame:
    st = derive_strength_statements(paths)
    mission_wide = st["contributor"].isna() & st["as_of"].notna() & st["headcount"]
    dep = st[mission_wide & (st["measure"] == "deployed")
             & st["component"].isin(["military", "police", "total_uniformed"])]
    rows = []
    for (as_of, url), g in dep.groupby(["as_of", "source_url"], sort=True):
        mil, pol, tot, how = _components(g)
        rows.append({"statistic": "as published", "period_start": as_of, "military": mil, "police": pol,
                     "uniformed": tot, "uniformed_how": how,
                     "note": "; ".join(n for n in g["note"].fillna("") if n) or None,
                     "source_title": g["source_title"].iloc[0], "source_url": url})
    # The 2023 withdrawal: a baseline to repatriate, then cumulative repatriations.
    base = st[mission_wide & (st["measure"] == "to_repatriate") & (st["component"] == "total_uniformed")]
    if len(base) != 1:
        raise DataValidationError([Problem("sources/" + src.get("strength_statements").path, None, "measure",
                                           f"expected one mission-wide 'to_repatriate' uniformed baseline, found {len(base)}")])
    b = base.iloc[0]
    rows.append({"statistic": "withdrawal baseline", "period_start": b["as_of"], "military": None, "police": None,
                 "uniformed": float(b["value"]), "uniformed_how": "published", "note": b["note"],
                 "source_title": b["source_title"], "source_url": b["source_url"]})
    rep = st[mission_wide & (st["measure"] == "repatriated_cumulative") & (st["component"] == "total_uniformed")
             & (st["as_of"] > b["as_of"])]
    for r in rep.itertuples():
        rows.append({"statistic": "remaining (baseline − repatriated)", "period_start": r.as_of, "military": None,
                     "police": None, "uniformed": float(b["value"] - r.value),
                     "uniformed_how": "baseline − repatriated",
                     "note": f"{int(b['value']):,} at the start of the withdrawal minus {int(r.value):,} repatriated",
                     "source_title": r.source_title, "source_url": r.source_url})
    out = pd.DataFrame(rows)
    out["period_end"] = out["period_start"]
    out["source"], out["basis"], out["headcount"] = "statement", "statement", True
    return out


def _geopko_years(paths) -> pd.DataFrame:
    f = read_geopko_minusma(paths["geopko_frontmap"], "front")
    loc = f.drop_duplicates(["year", "location"])
    g = loc.groupby("year")
    s = src.get("geopko_frontmap")
    years = g.size().index
    return pd.DataFrame({
        "source": "Geo-PKO", "basis": "estimate", "statistic": "sum of location estimates (troops)",
        "period_start": [pd.Timestamp(f"{y}-01-01") for y in years],
        "period_end": [pd.Timestamp(f"{y}-12-31") for y in years],
        "military": g["ave.no.troops"].sum().values, "police": None, "uniformed": None, "uniformed_how": None,
        "headcount": False, "note": [f"{n} locations; troop sizes estimated from map symbols, not counted"
                                     for n in g.size().values],
        "source_title": s.title, "source_url": s.url,
    })


def derive_dpo_year_means(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Uniformed personnel of every UN mission by contributing country and year, 2010-2021 (UN DPO yearly means).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`DPO_YEAR_MEANS_SCHEMA`, one row per year, mission
        and contributor with personnel, sorted. ``whole_year`` is true for the
        years of :data:`DPO_WHOLE_YEARS` only: the other years' means count
        missing months as zero and are not levels; :func:`minusma.analysis.rates.dpo_strength`
        refuses them.
    """
    d = read_dpo_year_means(paths["dpo_uniformed_year_means"])
    out = d.drop(columns=["country", "line"]).assign(
        iso3=d["contributor"].map(ref.iso3), whole_year=d["year"].isin(DPO_WHOLE_YEARS), basis="official")
    out = out.sort_values(["year", "mission", "contributor"]).reset_index(drop=True)
    return out[[f["name"] for f in DPO_YEAR_MEANS_SCHEMA["fields"]]]


def _dpo_years(paths) -> pd.DataFrame:
    m = _dpo_minusma(paths)
    g = m.groupby("year")
    s = src.get("dpo_uniformed_year_means")
    years = g.size().index
    return pd.DataFrame({
        "source": "DPO", "basis": "official", "statistic": "yearly mean of monthly counts",
        "period_start": [pd.Timestamp(f"{y}-01-01") for y in years],
        "period_end": [pd.Timestamp(f"{y}-12-31") for y in years],
        "military": None, "police": None, "uniformed": g["uniformed"].sum().astype(float).values,
        "uniformed_how": "published", "headcount": True,
        "note": [f"{n} contributing countries; all personnel types together (the file has no types); "
                 f"{f:,} women" for n, f in zip(g.size().values, g["female"].sum().values)],
        "source_title": s.title, "source_url": s.url,
    })


def derive_uniformed_strength(paths: Mapping[str, Path]) -> pd.DataFrame:
    """MINUSMA's deployed strength from every source, each row labelled official, statement or estimate.

    Rows: IPI month-end counts (2013-07 to 2017-03; official); RADPKO
    yearly means (2014-2019; official); UN DPO yearly means of the whole
    years 2018-2020 (official; all personnel types together); mission-wide figures of UN
    statements (as published, plus the 2023 withdrawal baseline and the
    strength remaining after each published count of repatriations);
    Geo-PKO's yearly sums of location estimates (troops only; estimate, not
    a headcount).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`UNIFORMED_STRENGTH_SCHEMA`, sorted by source order
        (IPI, RADPKO, DPO, statement, Geo-PKO) then date. Values in persons
        (yearly means keep one decimal).

    Raises
    ------
    DataValidationError
        A raw file breaks its rules (see the readers), or a row's uniformed
        total differs from military + police by more than
        :data:`PARTS_TOLERANCE`.
    """
    parts = [_ipi_minusma(paths), _radpko_years(paths), _dpo_years(paths), _statement_points(paths),
             _geopko_years(paths)]
    out = pd.concat(parts, ignore_index=True)
    cols = [f["name"] for f in UNIFORMED_STRENGTH_SCHEMA["fields"]]
    for c in ("military", "police", "uniformed"):
        out[c] = pd.to_numeric(out[c])
    bad = out[((out["military"] + out["police"] - out["uniformed"]).abs() > PARTS_TOLERANCE)
              & out["uniformed_how"].eq("published")]
    if len(bad):
        raise DataValidationError([Problem("sources/" + src.get(SOURCE_OF[r.source]).path, None, "uniformed",
                                           f"{r.statistic} of {r.period_start:%Y-%m-%d}: total differs from military "
                                           f"+ police by more than {PARTS_TOLERANCE:g}",
                                           f"{r.uniformed:g} vs {r.military:g} + {r.police:g}")
                                   for r in bad.itertuples()])
    return out[cols].reset_index(drop=True)


#: The raw source of each ``source`` of ``uniformed_strength`` (for messages).
SOURCE_OF = {"IPI": "ipi_mission_monthly", "RADPKO": "radpko_bases", "DPO": "dpo_uniformed_year_means",
             "statement": "strength_statements", "Geo-PKO": "geopko_frontmap"}


def derive_contributors(paths: Mapping[str, Path]) -> pd.DataFrame:
    """MINUSMA's uniformed personnel by contributing country, from every source with country detail.

    Rows: UN statements of country strength (dated ones; 2013-08-31 lists
    all 30 contributors; later ones a few countries), IPI's March 2014
    month (all 43 contributors; official), RADPKO yearly means by country
    2014-2019 (official; summed over bases), UN DPO yearly means by country
    for the whole years 2018-2020 (official; no personnel types).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`CONTRIBUTORS_SCHEMA`. ``african`` is true for
        countries of the UN M49 region Africa (:data:`minusma.data.reference.AFRICA_ISO3`).
    """
    st = derive_strength_statements(paths)
    dep = st[st["contributor"].notna() & st["as_of"].notna() & (st["measure"] == "deployed")]
    rows = []
    for (as_of, url, who), g in dep.groupby(["as_of", "source_url", "contributor"], sort=True):
        mil, pol, tot, _ = _components(g)
        notes = [n for n in g["note"].fillna("") if n]
        if "uniformed_unspecified" in set(g["component"]):
            notes.insert(0, "personnel type not stated")
        rows.append({"source": "statement", "basis": "statement", "statistic": "as published",
                     "period_start": as_of, "period_end": as_of, "contributor": who, "military": mil, "police": pol,
                     "uniformed": tot, "n_bases": None, "headcount": bool(g["headcount"].all()),
                     "note": "; ".join(dict.fromkeys(notes)) or None, "source_url": url})
    ipi = read_ipi_contributions(paths["ipi_contributions_2014_03"])
    ipi = ipi[ipi["Mission"] == MISSION]
    s = src.get("ipi_contributions_2014_03")
    for r in ipi.itertuples():
        # Each person once: IPI counts military observers also among its experts on mission (Observers <=
        # Experts_on_Mission in every row), so military = troops + experts on mission (observers if no experts).
        experts = r.Observers if pd.isna(r.Experts_on_Mission) else r.Experts_on_Mission
        mil = sum(0 if pd.isna(v) else v for v in (r.Troops, experts))
        pol = 0 if pd.isna(r.Civilian_Police) else r.Civilian_Police
        rows.append({"source": "IPI", "basis": "official", "statistic": "month-end count", "period_start": r.Date,
                     "period_end": r.Date, "contributor": ref.country_name(r.Contributor), "military": mil,
                     "police": pol, "uniformed": r.Total, "n_bases": None, "headcount": True, "note": None,
                     "source_url": s.url})
    rad = read_radpko_minusma(paths["radpko_bases"])
    s = src.get("radpko_bases")
    last = pd.Period(RADPKO_LAST_MONTH, "M").to_timestamp(how="end").normalize()
    for stem in RADPKO_STEMS:
        c = {k: f"{stem}_{k}" for k in _RADPKO_KINDS}
        g = rad.groupby("year").agg(
            start=("date", "min"), pko=(c["pko"], "sum"), untrp=(c["untrp"], "sum"), unpol=(c["unpol"], "sum"),
            unmob=(c["unmob"], "sum"), n_bases=(c["pko"], lambda v: int((v > 0).sum())))
        for year, r in g[g["pko"] > 0].iterrows():
            rows.append({"source": "RADPKO", "basis": "official", "statistic": "yearly mean of monthly counts",
                         "period_start": r["start"], "period_end": min(pd.Timestamp(f"{year}-12-31"), last),
                         "contributor": radpko_country(stem), "military": round(r["untrp"] + r["unmob"], 1),
                         "police": round(r["unpol"], 1), "uniformed": round(r["pko"], 1), "n_bases": r["n_bases"],
                         "headcount": True, "note": None, "source_url": s.url})
    s = src.get("dpo_uniformed_year_means")
    for r in _dpo_minusma(paths).itertuples():
        rows.append({"source": "DPO", "basis": "official", "statistic": "yearly mean of monthly counts",
                     "period_start": pd.Timestamp(f"{r.year}-01-01"), "period_end": pd.Timestamp(f"{r.year}-12-31"),
                     "contributor": r.contributor, "military": None, "police": None, "uniformed": float(r.uniformed),
                     "n_bases": None, "headcount": True, "note": "all personnel types together", "source_url": s.url})
    out = pd.DataFrame(rows)
    out["iso3"] = out["contributor"].map(ref.iso3)
    out["african"] = out["iso3"].isin(ref.AFRICA_ISO3)
    order = {"statement": 0, "IPI": 1, "RADPKO": 2, "DPO": 3}
    out = out.sort_values(["period_start", "source", "uniformed", "contributor"], ascending=[True, True, False, True],
                          key=lambda s: s.map(order) if s.name == "source" else s)
    # A total is never published beside parts that do not add up to it (within the sources' rounding).
    full = out.dropna(subset=["military", "police", "uniformed"])
    full = full[(full["military"] + full["police"] > 0)]
    bad = full[(full["military"] + full["police"] - full["uniformed"]).abs() > PARTS_TOLERANCE]
    if len(bad):
        raise DataValidationError([Problem(
            "data/contributors.csv (derived)", None, "uniformed", f"{r.source} {r.contributor} "
            f"{r.period_start:%Y-%m-%d}: uniformed differs from military + police by more than {PARTS_TOLERANCE:g} "
            "(rule 'total equals parts')", f"{r.uniformed:g} vs {r.military:g} + {r.police:g}") for r in bad.itertuples()])
    return out[[f["name"] for f in CONTRIBUTORS_SCHEMA["fields"]]].reset_index(drop=True)


def derive_geopko_locations(paths: Mapping[str, Path]) -> pd.DataFrame:
    """MINUSMA's deployment locations by year, with coordinates and estimated troops (Geo-PKO, 2014-2024).

    Returns
    -------
    pandas.DataFrame
        One row per year and location: columns of :data:`GEOPKO_LOCATIONS_SCHEMA`.
        ``troops_est`` is Geo-PKO's yearly mean estimate (not a headcount);
        ``maps`` the number of UN maps of the year that show the location.

    Raises
    ------
    DataValidationError
        The TCC table lists a location-year that the location table lacks, or
        the reverse.
    """
    f = read_geopko_minusma(paths["geopko_frontmap"], "front")
    t = read_geopko_minusma(paths["geopko_tccmap"], "tcc")
    g = f.groupby(["year", "location"], sort=True)
    out = g.agg(latitude=("latitude", "first"), longitude=("longitude", "first"), troops_est=("ave.no.troops", "first"),
                maps=("NoTroops", "size"), troops_min_map=("NoTroops", "min"), troops_max_map=("NoTroops", "max"),
                infantry_est=("Infantry", "first"), hq=("hq", "max"), police=("UNPOL", "max"),
                medical=("Med", "max"), aviation=("Av", "max"), observers=("UNMO", "max")).reset_index()
    tcc = t.set_index(["year", "location"])["No.TCC"]
    a, b = set(tcc.index), set(zip(out["year"], out["location"]))
    if a != b:
        raise DataValidationError([Problem("sources/" + src.get("geopko_tccmap").path, None, "location",
                                           "location-years differ from FrontMap", str(sorted(a ^ b)[:5]))])
    out["contributors"] = [int(tcc[(y, l)]) for y, l in zip(out["year"], out["location"])]
    out["location_id"] = out["location"].map(location_id)
    for c in ("police", "medical", "observers"):
        out[c] = out[c].astype(bool)
    out["basis"] = "estimate"
    return out[[f["name"] for f in GEOPKO_LOCATIONS_SCHEMA["fields"]]]


_TCC_ITEM = re.compile(r"\s*([^(),]+?) \((\d+|size unknown)\)\s*(?:,|$)")


def parse_tcc_overview(text: str) -> list[tuple[str, float | None]]:
    """Split Geo-PKO's ``year.overview`` into (country as written, size or None).

    >>> parse_tcc_overview("Bangladesh (1400), Togo (size unknown)")
    [('Bangladesh', 1400.0), ('Togo', None)]

    Raises
    ------
    ValueError
        The text is not a list of ``Name (size)`` items.
    """
    items, pos = [], 0
    for m in _TCC_ITEM.finditer(text):
        if m.start() != pos:
            break
        items.append((m.group(1), None if m.group(2) == "size unknown" else float(m.group(2))))
        pos = m.end()
    if pos != len(text) or not items:
        raise ValueError(f"not a list of 'Country (size)' items: {text!r}")
    return items


def derive_geopko_location_contributors(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Contributing countries at each MINUSMA location and year, with Geo-PKO's size estimates.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`GEOPKO_CONTRIB_SCHEMA`; one row per year, location
        and contributor. ``troops_est`` is the year's maximum estimate from
        map symbols (empty when the map gives no size).

    Raises
    ------
    DataValidationError
        An overview cannot be parsed, names an unknown country, or lists a
        different number of countries than ``No.TCC``.
    """
    path = paths["geopko_tccmap"]
    t = read_geopko_minusma(path, "tcc").rename(columns={"No.TCC": "n_tcc", "year.overview": "overview"})
    label = relative(Path(path))
    rows, problems = [], []
    for r in t.itertuples():
        try:
            items = parse_tcc_overview(r.overview)
            names = [ref.country_name(n) for n, _ in items]
        except (ValueError, KeyError) as exc:
            problems.append(Problem(label, None, "year.overview", str(exc.args[0]), r.overview))
            continue
        if len(items) != r.n_tcc:
            problems.append(Problem(label, None, "No.TCC", f"lists {len(items)} countries, not {r.n_tcc}", r.overview))
        for name, (_, size) in zip(names, items):
            rows.append({"year": r.year, "location": r.location, "latitude": r.latitude, "longitude": r.longitude,
                         "contributor": name, "troops_est": size, "size_unknown": size is None})
    if problems:
        raise DataValidationError(problems)
    out = pd.DataFrame(rows)
    out["location_id"] = out["location"].map(location_id)
    out["iso3"] = out["contributor"].map(ref.iso3)
    out["basis"] = "estimate"
    out = out.sort_values(["year", "location", "contributor"]).reset_index(drop=True)
    return out[[f["name"] for f in GEOPKO_CONTRIB_SCHEMA["fields"]]]


def derive_radpko_bases(paths: Mapping[str, Path]) -> pd.DataFrame:
    """MINUSMA's uniformed personnel by base and year (RADPKO yearly means of UN counts, 2014-2019).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`RADPKO_BASES_SCHEMA`; one row per base and year.
        ``african`` is the part from countries of the UN M49 region Africa.
    """
    r = read_radpko_minusma(paths["radpko_bases"])
    african = [s for s in RADPKO_STEMS if ref.iso3(radpko_country(s)) in ref.AFRICA_ISO3]
    countries = pd.DataFrame({s: r[f"{s}_pko"] for s in RADPKO_STEMS})
    out = pd.DataFrame({
        "year": r["year"], "base": r["base"], "location_id": r["base"].map(location_id),
        "latitude": r["latitude"], "longitude": r["longitude"], "first_month": r["date"],
        "uniformed": r["pko_deployed"].round(1), "military": (r["untrp"] + r["unmob"]).round(1),
        "police": r["unpol"].round(1), "african": countries[african].sum(axis=1).round(1),
        "contributors": (countries > 0).sum(axis=1), "basis": "official",
    })
    return out.sort_values(["year", "base"]).reset_index(drop=True)


# --------------------------------------------------------------------------
# Schemas and table specs
# --------------------------------------------------------------------------

_COUNTRIES = sorted(set(ref.NATIONALITIES) | set(ref.EXTRA_COUNTRIES) | set(ref.NOT_COUNTRIES))
_SOURCES = ["IPI", "RADPKO", "DPO", "statement", "Geo-PKO"]

STATEMENTS_SCHEMA = {
    "fields": [
        field_("statement_id", "integer", "Row number in strength_statements.csv (header = 0)", required=True,
               minimum=1),
        field_("as_of", "date", "Date the figure refers to; empty where the source gives none"),
        field_("as_of_precision", "string", "day, month, year, approx, article date (only the publication date "
               "is known) or unknown", required=True, enum=list(PRECISIONS)),
        field_("component", "string", "Personnel component (military = troops + staff officers + experts)",
               required=True, enum=list(STATEMENT_COMPONENTS)),
        field_("contributor", "string", "Contributing country (UN spelling); empty = whole mission",
               enum=_COUNTRIES),
        use("iso3", "ISO3 of the contributor", pattern=r"^[A-Z]{3}$"),
        field_("measure", "string", "What the value measures", required=True, enum=list(MEASURE_GROUPS)),
        field_("measure_group", "string", "deployed, authorised, proposed or departures", required=True,
               enum=["deployed", "authorised", "proposed", "departures"]),
        field_("value", "integer", "The number as published (persons); empty for ceilings", minimum=0),
        field_("authorised_value", "integer", "Security Council ceiling for the component at that date (or a "
               "national ceiling where the note says so)", minimum=0),
        field_("basis", "string", "Always 'statement': a figure as published, not a dataset count",
               required=True, enum=["statement"]),
        field_("headcount", "boolean", "True when the value counts people deployed or moved; false for ceilings, "
               "proposals and rows SOURCE.md says are not headcounts", required=True),
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
        field_("un_mission", "string", "Acronym in the UN fatalities table (empty if the mission is not in it)",
               enum=sorted(ref.MISSIONS)),
        use("mission_kind",
               enum=[ref.PKO, ref.SPM, ref.OTHER]),
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
        field_("source", "string", "IPI, RADPKO, DPO (UN yearly means), statement or Geo-PKO", required=True,
               enum=_SOURCES),
        field_("basis", "string", "official (UN count), statement (as published) or estimate (Geo-PKO, not a "
               "headcount)", required=True, enum=list(BASES)),
        field_("statistic", "string", "month-end count, yearly mean of monthly counts, as published, withdrawal "
               "baseline, remaining (baseline − repatriated), sum of location estimates (troops)", required=True,
               enum=["month-end count", "yearly mean of monthly counts", "as published", "withdrawal baseline",
                     "remaining (baseline − repatriated)", "sum of location estimates (troops)"]),
        field_("period_start", "date", "Date of the figure, or first day of the period a mean covers",
               required=True, minimum="2013-04-25"),
        field_("period_end", "date", "Date of the figure, or last day of the period a mean covers", required=True),
        field_("military", "number", "Military personnel (troops, staff officers, military experts)", minimum=0),
        field_("police", "number", "Police (individual officers and formed units)", minimum=0),
        field_("uniformed", "number", "Uniformed personnel (military + police, checked within one person where "
               "the source gives both)", minimum=0),
        field_("uniformed_how", "string", "How 'uniformed' was obtained",
               enum=["published", "military + police", "baseline − repatriated"]),
        field_("headcount", "boolean", "False for Geo-PKO estimates", required=True),
        field_("note", "string", "Caveat"),
        *provenance(required=True),
    ],
    "primaryKey": ["source", "statistic", "period_start", "source_url"],
}

CONTRIBUTORS_SCHEMA = {
    "fields": [
        field_("source", "string", "statement, IPI, RADPKO or DPO (UN yearly means)", required=True,
               enum=["statement", "IPI", "RADPKO", "DPO"]),
        field_("basis", "string", "official (UN count) or statement", required=True, enum=["official", "statement"]),
        field_("statistic", "string", "month-end count, yearly mean of monthly counts, or as published",
               required=True, enum=["month-end count", "yearly mean of monthly counts", "as published"]),
        field_("period_start", "date", "Date of the figure, or first month a yearly mean covers", required=True),
        field_("period_end", "date", "Date of the figure, or last month a yearly mean covers", required=True),
        field_("contributor", "string", "Contributing country (UN spelling)", required=True, enum=_COUNTRIES),
        use("iso3", required=True, pattern=r"^[A-Z]{3}$"),
        field_("african", "boolean", "Country of the UN M49 region Africa", required=True),
        field_("military", "number", "Military personnel: troops and military observers/experts, each person "
               "once (IPI counts observers also among experts on mission, so they are not added twice); "
               "military + police = uniformed within one person (checked)", minimum=0),
        field_("police", "number", "Police (formed units and individual officers)", minimum=0),
        field_("uniformed", "number", "Uniformed personnel (empty where the statement gives one component only)",
               minimum=0),
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
        use("mission", "Mission acronym (as in the UN fatalities table where it is there)",
               required=True, enum=sorted(set(ref.MISSIONS) | set(ref.EXTRA_MISSIONS))),
        use("mission_kind",
               required=True, enum=[ref.PKO, ref.SPM, ref.OTHER]),
        field_("contributor", "string", "Contributing country (UN spelling)", required=True, enum=_COUNTRIES),
        use("iso3", "ISO3 of the contributor", required=True, pattern=r"^[A-Z]{3}$"),
        field_("female", "integer", "Women: yearly mean of monthly counts, missing months counted as 0",
               required=True, minimum=0),
        field_("male", "integer", "Men: yearly mean of monthly counts, missing months counted as 0",
               required=True, minimum=0),
        field_("uniformed", "integer", "All uniformed personnel: yearly mean of monthly counts, missing months "
               "counted as 0 (female + male within one person)", required=True, minimum=0),
        field_("whole_year", "boolean", "True where every month of the year is in the UN's table (2018, 2019, "
               "2020): only then is the mean a level", required=True),
        field_("basis", "string", "Always 'official' (UN monthly counts)", required=True, enum=["official"]),
    ],
    "primaryKey": ["year", "mission", "contributor"],
}

GEOPKO_LOCATIONS_SCHEMA = {
    "fields": [
        use("year", required=True, minimum=2013, maximum=2030),
        field_("location", "string", "Location as Geo-PKO writes it", required=True),
        field_("location_id", "string", "Plain key shared with radpko_bases (menaka, mopti, tombouctou...)",
               required=True, pattern=r"^[a-z\-]+$"),
        use("latitude", "Latitude (WGS84)", required=True, minimum=10, maximum=25),
        use("longitude", "Longitude (WGS84)", required=True, minimum=-13, maximum=5),
        field_("troops_est", "number", "Yearly mean of troops estimated from map symbols (not a headcount)",
               required=True, minimum=0),
        field_("maps", "integer", "UN deployment maps of the year that show the location", required=True,
               minimum=1),
        field_("troops_min_map", "number", "Smallest estimate on one map", minimum=0),
        field_("troops_max_map", "number", "Largest estimate on one map", minimum=0),
        field_("infantry_est", "number", "Estimated infantry troops", minimum=0),
        field_("hq", "integer", "Headquarters level: 0 none, 1 sector or battalion, 2 sector, 3 mission HQ",
               required=True, minimum=0, maximum=3),
        field_("police", "boolean", "UN police present", required=True),
        field_("medical", "boolean", "Medical unit present", required=True),
        field_("aviation", "integer", "Aviation and helicopter units", required=True, minimum=0),
        field_("observers", "boolean", "Military observers present", required=True),
        field_("contributors", "integer", "Contributing countries at the location", required=True, minimum=0),
        field_("basis", "string", "Always 'estimate'", required=True, enum=["estimate"]),
    ],
    "primaryKey": ["year", "location"],
}

GEOPKO_CONTRIB_SCHEMA = {
    "fields": [
        use("year", required=True, minimum=2013, maximum=2030),
        field_("location", "string", "Location as Geo-PKO writes it", required=True),
        field_("location_id", "string", "Plain key shared with radpko_bases", required=True, pattern=r"^[a-z\-]+$"),
        use("latitude", "Latitude (WGS84)", required=True),
        use("longitude", "Longitude (WGS84)", required=True),
        field_("contributor", "string", "Contributing country (UN spelling), or Multinational / TCC name unknown",
               required=True, enum=_COUNTRIES),
        use("iso3", "ISO3 (empty for labels that are not countries)", pattern=r"^[A-Z]{3}$"),
        field_("troops_est", "number", "Largest estimate of the year from map symbols (not a headcount)",
               minimum=0),
        field_("size_unknown", "boolean", "The maps show the country without a size", required=True),
        field_("basis", "string", "Always 'estimate'", required=True, enum=["estimate"]),
    ],
    "primaryKey": ["year", "location", "contributor"],
}

RADPKO_BASES_SCHEMA = {
    "fields": [
        use("year", required=True, minimum=2014, maximum=2019),
        field_("base", "string", "Base as RADPKO writes it (lower case, no accents)", required=True),
        field_("location_id", "string", "Plain key shared with geopko_locations", required=True,
               pattern=r"^[a-z\-]+$"),
        use("latitude", "Latitude (WGS84)", required=True, minimum=10, maximum=25),
        use("longitude", "Longitude (WGS84)", required=True, minimum=-13, maximum=5),
        field_("first_month", "date", "First month of the year in which the base appears", required=True),
        field_("uniformed", "number", "Uniformed personnel, yearly mean", required=True, minimum=0),
        field_("military", "number", "Military (troops and observers), yearly mean", required=True, minimum=0),
        field_("police", "number", "Police, yearly mean", required=True, minimum=0),
        field_("african", "number", "Uniformed personnel from African countries (UN M49), yearly mean",
               required=True, minimum=0),
        field_("contributors", "integer", "Countries with personnel at the base", required=True, minimum=0),
        field_("basis", "string", "Always 'official' (UN counts placed at bases)", required=True, enum=["official"]),
    ],
    "primaryKey": ["year", "base"],
}

TABLES = [
    TableSpec(
        name="strength_statements",
        title="MINUSMA strength, ceilings and withdrawal figures as published, 2013-2023",
        description=(
            "Every figure of strength_statements.csv: deployed strength (mission-wide and by country), "
            "Security Council ceilings, proposed increases, and the 2023 withdrawal measures (to repatriate, "
            "repatriated, departed, remaining). Countries in UN spelling; rows that SOURCE.md says are not "
            "headcounts are flagged (headcount = false)."
        ),
        sources=("strength_statements", "curated_strength_statements"),
        checked_against=(POLICY,),
        schema=STATEMENTS_SCHEMA,
        derive=derive_strength_statements,
        licence="FACTS",
        unit="persons",
    ),
    TableSpec(
        name="uniformed_strength",
        title="MINUSMA deployed uniformed personnel from every source, labelled official, statement or estimate",
        description=(
            "IPI month-end counts (2013-07 to 2017-03), RADPKO yearly means (2014-2019), the UN's yearly means "
            "of the whole years 2018-2020 (DPO), UN statements (as "
            "published, and the strength remaining during the 2023 withdrawal) and Geo-PKO's estimates from "
            "map symbols (troops only; not headcounts). Never summed across sources."
        ),
        sources=("ipi_mission_monthly", "radpko_bases", "dpo_uniformed_year_means", "strength_statements",
                 "curated_strength_statements", "geopko_frontmap"),
        checked_against=(POLICY,),
        schema=UNIFORMED_STRENGTH_SCHEMA,
        derive=derive_uniformed_strength,
        licence="CITE-EACH-SOURCE",
        unit="persons",
    ),
    TableSpec(
        name="ipi_mission_monthly",
        title="Uniformed personnel of every UN mission by month, 1990-2017 (IPI)",
        description=(
            "Troops, police and observers of every UN mission at each month end, from the UN's monthly "
            "contribution reports as compiled by the IPI Peacekeeping Database; November 2016 is missing."
        ),
        sources=("ipi_mission_monthly",),
        schema=IPI_MONTHLY_OUT_SCHEMA,
        derive=derive_ipi_mission_monthly,
        licence="IPI-CITE",
        unit="persons",
    ),
    TableSpec(
        name="contributors",
        title="MINUSMA uniformed personnel by contributing country (statements, IPI March 2014, RADPKO 2014-2019, "
              "UN yearly means 2018-2020)",
        description=(
            "Country-level strength of MINUSMA: the UN's list of 31 August 2013 and later statements, IPI's "
            "count for March 2014, RADPKO's yearly means by country for 2014-2019 and the UN's yearly means "
            "(DPO) of the whole years 2018-2020, with the UN M49 African flag."
        ),
        sources=("strength_statements", "curated_strength_statements", "ipi_contributions_2014_03", "radpko_bases",
                 "dpo_uniformed_year_means"),
        checked_against=(POLICY,),
        schema=CONTRIBUTORS_SCHEMA,
        derive=derive_contributors,
        licence="CITE-EACH-SOURCE",
        unit="persons",
    ),
    TableSpec(
        name="dpo_year_means",
        title="Uniformed personnel of every UN mission by contributing country and year, 2010-2021 (UN DPO yearly "
              "means)",
        description=(
            "Yearly means of the UN's monthly counts of uniformed personnel by mission and contributing country, "
            "with women and men, as computed by corinnee/UN_Peacekeeping_Analytics from the UN DPO table. Months "
            "missing from the UN table count as zero, so only the whole years 2018, 2019 and 2020 "
            "(whole_year = true) are levels; rows without personnel are left out."
        ),
        sources=("dpo_uniformed_year_means",),
        schema=DPO_YEAR_MEANS_SCHEMA,
        derive=derive_dpo_year_means,
        licence="CITE-AUTHORS",
        unit="persons (yearly means)",
    ),
    TableSpec(
        name="radpko_bases",
        title="MINUSMA uniformed personnel by base and year, 2014-2019 (RADPKO)",
        description="Yearly means of UN counts placed at MINUSMA's bases by RADPKO, with coordinates.",
        sources=("radpko_bases",),
        schema=RADPKO_BASES_SCHEMA,
        derive=derive_radpko_bases,
        licence="CITE-AUTHORS",
        unit="persons",
    ),
    TableSpec(
        name="geopko_locations",
        title="MINUSMA deployment locations by year, with coordinates, 2014-2024 (Geo-PKO estimates)",
        description=(
            "Where MINUSMA was deployed each year, from UN deployment maps coded by Geo-PKO: coordinates, "
            "estimated troops (from unit symbols; not headcounts), headquarters level, police, medical, aviation "
            "and observer presence, number of contributing countries."
        ),
        sources=("geopko_frontmap", "geopko_tccmap"),
        schema=GEOPKO_LOCATIONS_SCHEMA,
        derive=derive_geopko_locations,
        licence="GEOPKO-CITE",
        unit="persons (estimated)",
    ),
    TableSpec(
        name="geopko_location_contributors",
        title="Contributing countries at each MINUSMA location and year, 2014-2024 (Geo-PKO estimates)",
        description="Geo-PKO's list of contributing countries per location and year, with estimated sizes.",
        sources=("geopko_tccmap",),
        schema=GEOPKO_CONTRIB_SCHEMA,
        derive=derive_geopko_location_contributors,
        licence="GEOPKO-CITE",
        unit="persons (estimated)",
    ),
]
