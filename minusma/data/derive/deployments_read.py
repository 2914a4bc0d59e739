"""UN deployments, reading the raw files: IPI (monthly totals, contributors of March 2014), RADPKO (bases) and Geo-PKO (locations).

Each reader checks its file against a raw schema (:func:`minusma.data.validate.read_csv_checked`) and
returns MINUSMA's rows as a frame; the constants of the deployment tables live here too. The tables are
declared in :mod:`minusma.data.derive.deployments` (which describes the sources and the terms).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from minusma.data import reference as ref
from minusma.data.fields import field_, use
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

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
        problems.append(
            Problem(label, int(i) + 2, "Total", "Total is not Troops + Police + Observers", str(df.at[i, "Total"]))
        )
    # A few month-end dates are written one to three days early (2000-02-28, 2002-08-30, ...):
    # they are moved to the month's last day; anything earlier in a month is an error.
    month_end = df["Date"] + pd.offsets.MonthEnd(0)
    for i in df.index[(month_end - df["Date"]).dt.days > 3]:
        problems.append(
            Problem(
                label,
                int(i) + 2,
                "Date",
                "not within the last days of a month (IPI counts are month-end figures)",
                df.at[i, "Date"].strftime("%Y-%m-%d"),
            )
        )
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
    z = df[
        [
            "Experts_on_Mission",
            "Formed_Police_Units",
            "Inidividual_Police",
            "Civilian_Police",
            "Troops",
            "Observers",
            "Total",
        ]
    ].fillna(0)
    problems = []
    for i in z.index[
        (z["Formed_Police_Units"] + z["Inidividual_Police"] - z["Civilian_Police"]).abs() > PARTS_TOLERANCE
    ]:
        problems.append(
            Problem(
                label,
                int(i) + 2,
                "Civilian_Police",
                "police differ from formed police units + individual police (rule 'total equals parts')",
                f"{z.at[i, 'Civilian_Police']:g}",
            )
        )
    experts = z["Experts_on_Mission"].where(df["Experts_on_Mission"].notna(), z["Observers"])
    for i in z.index[(z["Troops"] + z["Civilian_Police"] + experts - z["Total"]).abs() > PARTS_TOLERANCE]:
        problems.append(
            Problem(
                label,
                int(i) + 2,
                "Total",
                "Total differs from Troops + Civilian_Police + Experts_on_Mission (rule 'total equals parts')",
                f"{z.at[i, 'Total']:g}",
            )
        )
    for i in z.index[z["Observers"] > experts]:
        problems.append(
            Problem(
                label,
                int(i) + 2,
                "Observers",
                "more observers than experts on mission (IPI counts observers among experts; rule 'parts nest')",
                f"{z.at[i, 'Observers']:g}",
            )
        )
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
    "albania",
    "bangladesh",
    "belgium",
    "benin",
    "bolivia",
    "burkina.faso",
    "burundi",
    "cambodia",
    "cameroon",
    "canada",
    "chad",
    "china",
    "congo",
    "cote.d.ivoire",
    "democratic.republic.of.the.congo",
    "djibouti",
    "egypt",
    "el.salvador",
    "ethiopia",
    "france",
    "gabon",
    "gambia",
    "germany",
    "ghana",
    "guatemala",
    "guinea",
    "india",
    "indonesia",
    "ireland",
    "japan",
    "jordan",
    "kenya",
    "korea",
    "liberia",
    "malawi",
    "mauritania",
    "mongolia",
    "montenegro",
    "morocco",
    "mozambique",
    "namibia",
    "nepal",
    "netherlands",
    "niger",
    "nigeria",
    "norway",
    "pakistan",
    "peru",
    "philippines",
    "portugal",
    "romania",
    "russia",
    "rwanda",
    "senegal",
    "sierra.leone",
    "south.africa",
    "south.korea",
    "sri.lanka",
    "sweden",
    "tanzania",
    "thailand",
    "togo",
    "tunisia",
    "uk",
    "ukraine",
    "uruguay",
    "vietnam",
    "yugoslavia",
    "zambia",
)
_RADPKO_KINDS = ("pko", "untrp", "unpol", "unmob")
RADPKO_SCHEMA = {
    "fields": _RADPKO_ID_FIELDS
    + [
        field_(f"{stem}_{kind}", "number", f"{kind} of {stem} (yearly mean)", required=True, minimum=0)
        for stem in RADPKO_STEMS
        for kind in _RADPKO_KINDS
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
    unknown = [
        h
        for h in header
        if h.endswith("_pko") and h[:-4] not in RADPKO_STEMS and h[:-4] not in regions and h not in ("pko_deployed",)
    ]
    if unknown:
        raise DataValidationError(
            [
                Problem(label, 1, h, "country column not in RADPKO_STEMS (minusma/data/derive/deployments.py)")
                for h in unknown
            ]
        )
    df = read_csv_checked(path, RADPKO_SCHEMA, allow_extra=True)
    df["line"] = df.index + 2
    m = df[df["mission"] == MISSION].copy()
    problems = [
        Problem(label, int(r.line), "base", "MINUSMA row without a base") for r in m.itertuples() if not _text(r.base)
    ]
    problems += [
        Problem(label, int(r.line), "latitude", "MINUSMA base without coordinates", r.base)
        for r in m.itertuples()
        if pd.isna(r.latitude) or pd.isna(r.longitude)
    ]
    dup = m[m.duplicated(["base", "year"], keep=False)]
    problems += [Problem(label, int(r.line), "base", "base and year appear twice", r.base) for r in dup.itertuples()]
    parts = m["untrp"] + m["unpol"] + m["unmob"]
    problems += [
        Problem(
            label,
            int(r.line),
            "pko_deployed",
            f"total differs from untrp + unpol + unmob (troops, police, observers) by more than {PARTS_TOLERANCE:g}",
            f"{r.pko_deployed:g} vs {p:g}",
        )
        for r, p in zip(m.itertuples(), parts)
        if abs(r.pko_deployed - p) > PARTS_TOLERANCE
    ]
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
        field_(
            "ave.no.troops",
            "number",
            "Yearly mean estimated troops at the location (repeats on each map row)",
            minimum=0,
        ),
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
        raise DataValidationError(
            [
                Problem(
                    relative(Path(path)), int(r.line), "location", "MINUSMA location listed twice in a year", r.location
                )
                for r in m[m.duplicated(["year", "location"])].itertuples()
            ]
        )
    coords = m.groupby("location")[["latitude", "longitude"]].nunique()
    bad = coords[(coords > 1).any(axis=1)].index
    if len(bad):
        raise DataValidationError(
            [
                Problem(
                    relative(Path(path)),
                    int(m.loc[m["location"] == b, "line"].iloc[0]),
                    "latitude",
                    "location has more than one set of coordinates",
                    b,
                )
                for b in bad
            ]
        )
    return m.drop(columns=["mission", "line"]).reset_index(drop=True)


def _text(value) -> str:
    """A cell as text: ``""`` for a missing value."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
