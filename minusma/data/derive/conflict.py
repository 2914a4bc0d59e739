"""Political violence in Mali and its neighbours: ACLED aggregates and UCDP tables.

Sources (see ``conflict-events/SOURCE.md`` of the raw snapshot):

- **ACLED via HDX** (aggregated by ACLED): political violence events and
  fatalities by month and cercle for Mali (January 1997 - April 2026), and
  political violence and civilian targeting by month and province for
  Burkina Faso (January 1997 - March 2025). Published here as they are, with
  a ``partial`` flag on the month during which the file was downloaded.
- **ACLED event-level extracts** for Mali (an API pull to October 2020 and a
  *monadic* export for 2017-2020). ACLED's terms forbid republishing raw rows,
  so ``data/`` receives only **monthly aggregates** by region, event type and
  ACLED interaction code: no event rows, ids, actors, places or notes. The
  monadic export holds one row per actor; it is de-duplicated on
  ``event_id_cnty`` (:func:`dedupe_monadic`) before anything is counted.
- **UCDP** (CC BY 4.0): country-year deaths by type of violence (v25.1) for
  Mali, Burkina Faso and Niger; one-sided violence by actor and year (v25.1);
  and GED events with coordinates and low/best/high deaths (GED 25.1 plus
  candidate 26.0.4; a precision-filtered second-hand copy without actors).
- **The fact base** (``facts/figures.csv``): the published death tolls of Moura.

Every table states its licence in ``data/datapackage.json``; the tables from
ACLED carry ``ACLED-TOU`` (aggregates only, credit ACLED and the download date).
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import geopandas as gpd
import pandas as pd
import shapely

from minusma.paths import relative
from minusma.data.sources import shapefile_ids
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.data.derive import TableSpec
from minusma.data.derive.mission_facts import read_figures
from minusma.data.fields import field_, provenance, use

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

#: For each ACLED HDX file, the month during which it was downloaded: that month and any later one are
#: incomplete and flagged ``partial``. The file's last month must be this one; a refreshed file with a
#: later last month stops the build until this is updated (with the new download date in snapshots/conflict-events.yaml).
PARTIAL_FROM: dict[str, str] = {
    "acled_mli_pv_admin2": "2026-04",  # downloaded April 2026; April holds 60 events (SOURCE.md)
    "acled_bfa_pv_admin2": "2025-03",  # file as of 3 April 2025: March may lack its last days
    "acled_bfa_ct_admin2": "2025-03",
}

#: ACLED's event types (the six of its 2019 codebook, used by both extracts).
EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments",
               "Protests", "Riots")
#: The event types that ACLED's "political violence" aggregates count.
POLITICAL_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")

#: Which extract gives which years in ``acled_mali_events_month``: the newer monadic export wherever it
#: covers (2017-2020, complete years), the older API pull before.
EXTRACT_YEARS = {"acled_mli_events_1997_2020": (1997, 2016), "acled_mli_events_2017_2020": (2017, 2020)}
EXTRACT_LABELS = {"acled_mli_events_1997_2020": "API pull, Nov 2020",
                  "acled_mli_events_2017_2020": "monadic export, Mar 2022"}

#: UCDP type of violence codes.
VIOLENCE_TYPES = {1: "state-based", 2: "non-state", 3: "one-sided"}

#: UCDP GED country names (as UCDP spells them) -> ISO3.
GED_COUNTRIES = {"Mali": "MLI", "Burkina Faso": "BFA", "Niger": "NER", "Benin": "BEN", "Togo": "TGO",
                 "Ghana": "GHA", "Ivory Coast": "CIV"}

#: UCDP one-sided actors located in Mali, Burkina Faso or Niger, by kind. A new actor stops the build
#: until it is classified here. Kinds: ``state`` (a government's forces), ``state_russia`` (UCDP's joint
#: actor of the governments of Mali and Russia, from 2024), ``jihadist`` (armed groups claiming jihad),
#: ``militia`` (community or self-defence militias), ``rebel`` (other armed groups).
ONESIDED_ACTORS: dict[str, str] = {
    "Government of Mali": "state",
    "Government of Niger": "state",
    "Government of Burkina Faso": "state",
    "Government of Libya": "state",
    "Government of Russia (Soviet Union)": "state",
    "Government of Mali, Government of Russia (Soviet Union)": "state_russia",
    "AQIM": "jihadist", "JNIM": "jihadist", "IS": "jihadist", "JAS": "jihadist", "Ansaroul Islam": "jihadist",
    "Dozos (Mali)": "militia", "Dan na Ambassagou": "militia", "Koglweogo": "militia", "GATIA, MSA": "militia",
    "FIAA": "rebel", "MPGK": "rebel",
}
ACTOR_KINDS = ("state", "state_russia", "jihadist", "militia", "rebel")

#: Published death tolls of the Moura killings (27-31 March 2022) in the fact base, by metric.
MOURA_METRICS = {
    "moura_fama_claim": "Malian army",
    "moura_killed_hrw": "Human Rights Watch",
    "moura_killed_ohchr": "UN human rights office (OHCHR)",
}


# --------------------------------------------------------------------------
# ACLED via HDX (aggregates)
# --------------------------------------------------------------------------

def _hdx_schema(country: str, prefix: str) -> dict:
    return {
        "fields": [
            field_("Country", "string", "Country", required=True, enum=[country]),
            field_("Admin1", "string", "Admin 1 name (ACLED, ASCII)", required=True),
            field_("Admin2", "string", "Admin 2 name (ACLED, ASCII)", required=True),
            field_("ISO3", "string", "ISO3", required=True, pattern=r"^[A-Z]{3}$"),
            field_("Admin2 Pcode", "string", "Admin 2 pcode", required=True, pattern=rf"^{prefix}\d{{4}}$"),
            field_("Admin1 Pcode", "string", "Admin 1 pcode", required=True, pattern=rf"^{prefix}\d{{2}}$"),
            field_("Month", "string", "English month name", required=True, enum=list(MONTHS)),
            field_("Year", "integer", "Year", required=True, minimum=1997),
            field_("Events", "integer", "Events", required=True, minimum=0),
            field_("Fatalities", "integer", "Reported fatalities", required=True, minimum=0),
        ],
        "primaryKey": ["Admin2 Pcode", "Year", "Month"],
    }


def read_hdx(path: Path, source_id: str, country: str, prefix: str) -> pd.DataFrame:
    """Read one ACLED HDX "events and fatalities by month-year" table (admin 2), checked.

    Parameters
    ----------
    path : path-like
        The CSV export of the workbook's ``Data`` sheet.
    source_id : str
        Key of :data:`PARTIAL_FROM` (which month is incomplete).
    country, prefix : str
        Expected ``Country`` value and pcode prefix (``"Mali"``, ``"ML"``).

    Returns
    -------
    pandas.DataFrame
        One row per admin 2 unit and month, sorted by pcode and month:
        ``month`` (datetime64, first day), ``year`` (int), ``admin1_pcode,
        admin1, admin2_pcode, admin2`` (str), ``events, fatalities`` (int),
        ``partial`` (bool).

    Raises
    ------
    DataValidationError
        A row breaks the schema (unknown month name, negative count, duplicate
        unit-month, malformed pcode...); the grid of units x months has a hole;
        a pcode has two names or a cercle's pcode does not start with its
        region's; or the last month is not :data:`PARTIAL_FROM` ``[source_id]``.
    """
    label = relative(path)
    raw = read_csv_checked(path, _hdx_schema(country, prefix))
    df = pd.DataFrame({
        "month": pd.to_datetime(raw["Year"].astype(int).astype(str) + "-"
                                + raw["Month"].map({m: f"{i:02d}" for i, m in enumerate(MONTHS, 1)}) + "-01"),
        "year": raw["Year"].astype(int),
        "admin1_pcode": raw["Admin1 Pcode"], "admin1": raw["Admin1"],
        "admin2_pcode": raw["Admin2 Pcode"], "admin2": raw["Admin2"],
        "events": raw["Events"].astype(int), "fatalities": raw["Fatalities"].astype(int),
    })
    problems = []
    bad_prefix = ~df.apply(lambda r: r["admin2_pcode"].startswith(r["admin1_pcode"]), axis=1)
    for i in df.index[bad_prefix][:20]:
        problems.append(Problem(label, i + 2, "Admin2 Pcode", "does not start with the row's Admin1 Pcode",
                                df.at[i, "admin2_pcode"]))
    for col, code in (("admin1", "admin1_pcode"), ("admin2", "admin2_pcode")):
        names = df.groupby(code)[col].nunique()
        for pc in names[names > 1].index:
            problems.append(Problem(label, None, col, f"pcode {pc} has more than one name"))
    units, months = df["admin2_pcode"].nunique(), df["month"].nunique()
    span = pd.period_range(df["month"].min(), df["month"].max(), freq="M")
    if len(df) != units * len(span) or months != len(span):
        counts = df.groupby("admin2_pcode").size()
        for pc, n in counts[counts < len(span)].items():
            for i in df.index[df["admin2_pcode"] == pc][:3]:
                problems.append(Problem(label, int(i) + 2, "Admin2 Pcode",
                                        f"unit appears in {n} of {len(span)} months: unknown or misspelt pcode, "
                                        "or months missing", pc))
        problems.append(Problem(label, None, None, f"{len(df)} rows, but {units} units x {len(span)} months "
                                                   f"({span[0]} to {span[-1]}) make {units * len(span)}: the "
                                                   "grid of units and months has holes"))
    last = df["month"].max().strftime("%Y-%m")
    if last != PARTIAL_FROM[source_id]:
        problems.append(Problem(label, None, "Month", f"the last month is {last} but PARTIAL_FROM in "
                                                      f"minusma/data/derive/conflict.py says {PARTIAL_FROM[source_id]}: "
                                                      "a new download? update PARTIAL_FROM and the source's "
                                                      "version in snapshots/conflict-events.yaml"))
    if problems:
        raise DataValidationError(problems)
    df["partial"] = df["month"] >= pd.Timestamp(PARTIAL_FROM[source_id] + "-01")
    return df.sort_values(["admin2_pcode", "month"]).reset_index(drop=True)


def derive_mali_cercle_month(paths: Mapping[str, Path]) -> pd.DataFrame:
    """ACLED political violence in Mali by cercle and month, 1997 to the download month.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`MALI_CERCLE_MONTH_SCHEMA`; one row per cercle
        (53) and month, zeros included, sorted by pcode and month.
    """
    df = read_hdx(paths["acled_mli_pv_admin2"], "acled_mli_pv_admin2", "Mali", "ML")
    return df[[f["name"] for f in MALI_CERCLE_MONTH_SCHEMA["fields"]]]


def derive_bfa_province_month(paths: Mapping[str, Path]) -> pd.DataFrame:
    """ACLED political violence and civilian targeting in Burkina Faso by province and month.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`BFA_PROVINCE_MONTH_SCHEMA`; one row per province
        (45) and month, zeros included.

    Raises
    ------
    DataValidationError
        The two files do not cover the same province-months, or civilian
        targeting exceeds political violence in some province-month (it is a
        subset of it).
    """
    pv = read_hdx(paths["acled_bfa_pv_admin2"], "acled_bfa_pv_admin2", "Burkina Faso", "BF")
    ct = read_hdx(paths["acled_bfa_ct_admin2"], "acled_bfa_ct_admin2", "Burkina Faso", "BF")
    key = ["admin2_pcode", "month"]
    both = pv.merge(ct[key + ["events", "fatalities"]], on=key, how="outer", suffixes=("_pv", "_ct"),
                    indicator=True)
    label = relative(paths["acled_bfa_ct_admin2"])
    problems = [Problem(label, None, None, f"province-month {r.admin2_pcode} {r.month:%Y-%m} is in only one "
                                           "of the two files") for r in both[both["_merge"] != "both"].itertuples()]
    over = both[(both["events_ct"] > both["events_pv"]) | (both["fatalities_ct"] > both["fatalities_pv"])]
    problems += [Problem(label, None, "Events", f"{r.admin2_pcode} {r.month:%Y-%m}: civilian targeting exceeds "
                                                "political violence") for r in over.itertuples()]
    if problems:
        raise DataValidationError(problems)
    out = both.rename(columns={"events_pv": "pv_events", "fatalities_pv": "pv_fatalities",
                               "events_ct": "ct_events", "fatalities_ct": "ct_fatalities"})
    out = out.sort_values(key).reset_index(drop=True)
    return out[[f["name"] for f in BFA_PROVINCE_MONTH_SCHEMA["fields"]]]


# --------------------------------------------------------------------------
# ACLED event-level extracts (read internally, published as aggregates only)
# --------------------------------------------------------------------------

#: Columns of the event-level extracts that the aggregation reads (the others, notes included, are ignored).
EVENTS_SCHEMA = {
    "fields": [
        field_("event_id_cnty", "string", "ACLED event id", required=True, pattern=r"^[A-Z]{3}\d+$"),
        field_("event_date", "string", "Date: YYYY-MM-DD (API pull) or '31 December 2020' (export)", required=True),
        use("year", required=True, minimum=1997),
        use("event_type", required=True, enum=list(EVENT_TYPES)),
        field_("interaction", "integer", "ACLED interaction code (two actor-type digits, lower first)",
               required=True, minimum=10, maximum=88),
        use("country", required=True, enum=["Mali"]),
        use("admin1", "Region (ACLED spelling)", required=True),
        use("fatalities", required=True, minimum=0),
    ]
}

#: What must agree between the rows of one event in a monadic export.
MONADIC_SAME = ("event_date", "year", "event_type", "interaction", "admin1", "fatalities")


def dedupe_monadic(rows: pd.DataFrame, label: str = "monadic ACLED export") -> pd.DataFrame:
    """Keep one row per event of a *monadic* ACLED export (one row per actor of each event).

    Parameters
    ----------
    rows : pandas.DataFrame
        Event rows with at least ``event_id_cnty`` and the columns of
        :data:`MONADIC_SAME`; row ``i`` is line ``i + 2`` of the file.
    label : str
        File name used in error messages.

    Returns
    -------
    pandas.DataFrame
        The first row of each ``event_id_cnty``, in file order.

    Raises
    ------
    DataValidationError
        Two rows of one event disagree on a column of :data:`MONADIC_SAME`
        (then they are not copies of one event, and counting one would lose
        data).
    """
    rows = rows.reset_index(drop=True)
    dup = rows[rows.duplicated("event_id_cnty", keep=False)]
    cols = [c for c in MONADIC_SAME if c in rows.columns]
    differ = dup.groupby("event_id_cnty", sort=False)[cols].nunique(dropna=False)
    problems = []
    for eid, r in differ[(differ > 1).any(axis=1)].iterrows():
        col = next(c for c in cols if r[c] > 1)
        line = int(dup.index[dup["event_id_cnty"] == eid][1]) + 2
        problems.append(Problem(label, line, col, "rows of the same event_id_cnty disagree (monadic copies of "
                                                  "one event must be identical)", eid))
    if problems:
        raise DataValidationError(problems)
    return rows.drop_duplicates("event_id_cnty", keep="first")


def parse_event_dates(dates: pd.Series, label: str) -> pd.Series:
    """Parse ACLED ``event_date`` strings, in either of ACLED's forms: ``2020-12-31`` or ``31 December 2020``.

    Parameters
    ----------
    dates : pandas.Series of str
        One form throughout (as each ACLED file has); row ``i`` is line ``i + 2``.
    label : str
        File name for the error message.

    Returns
    -------
    pandas.Series of datetime64

    Raises
    ------
    DataValidationError
        Some value parses in neither form; the first such row is named.
    """
    for fmt in ("%Y-%m-%d", "%d %B %Y"):
        parsed = pd.to_datetime(dates, format=fmt, errors="coerce")
        if parsed.notna().all():
            return parsed
    bad = parsed.isna().idxmax()
    raise DataValidationError([Problem(label, int(bad) + 2, "event_date",
                                       "not a date in the form YYYY-MM-DD or '31 December 2020'", dates[bad])])


def _read_events(path: Path) -> pd.DataFrame:
    """Read an event-level extract (only the columns of :data:`EVENTS_SCHEMA`), dates parsed."""
    df = read_csv_checked(path, EVENTS_SCHEMA, allow_extra=True, typed=False)
    dates = parse_event_dates(df["event_date"], relative(path))
    mismatch = dates.dt.year != df["year"].astype(int)
    if mismatch.any():
        i = int(mismatch.idxmax())
        raise DataValidationError([Problem(relative(path), i + 2, "year", "year differs from event_date's year",
                                           df.at[i, "year"])])
    df["date"] = dates
    for c in ("interaction", "fatalities", "year"):
        df[c] = df[c].astype(int)
    return df


def region_pcodes(hdx_path: Path) -> dict[str, str]:
    """ACLED's region names -> COD-AB 2021 pcodes, as ACLED's own HDX table for Mali pairs them."""
    raw = pd.read_csv(hdx_path, usecols=["Admin1", "Admin1 Pcode"], dtype=str).drop_duplicates()
    return dict(zip(raw["Admin1"], raw["Admin1 Pcode"]))


def derive_mali_events_month(paths: Mapping[str, Path]) -> pd.DataFrame:
    """ACLED events and fatalities in Mali by month, region, event type and interaction, 1997-2020.

    1997-2016 come from the API pull (dyadic, one row per event), 2017-2020
    from the newer monadic export after :func:`dedupe_monadic`
    (:data:`EXTRACT_YEARS`). Only the aggregate leaves this function.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`MALI_EVENTS_MONTH_SCHEMA`; only cells with at least
        one event; sorted by month, region, event type, interaction.

    Raises
    ------
    DataValidationError
        A raw row breaks :data:`EVENTS_SCHEMA`, a date does not parse, the
        monadic copies of an event disagree, or a region name has no pcode in
        ACLED's HDX table.
    """
    pcodes = region_pcodes(paths["acled_mli_pv_admin2"])
    parts = []
    for sid, (y0, y1) in EXTRACT_YEARS.items():
        ev = _read_events(paths[sid])
        if sid == "acled_mli_events_2017_2020":
            ev = dedupe_monadic(ev, relative(paths[sid]))
        elif ev["event_id_cnty"].duplicated().any():
            eid = ev.loc[ev["event_id_cnty"].duplicated(), "event_id_cnty"].iloc[0]
            raise DataValidationError([Problem(relative(paths[sid]), None, "event_id_cnty",
                                               "event id repeats in a dyadic extract", eid)])
        ev = ev[ev["year"].between(y0, y1)].copy()
        unknown = sorted(set(ev["admin1"]) - set(pcodes))
        if unknown:
            raise DataValidationError([Problem(relative(paths[sid]), None, "admin1",
                                               "region name not in ACLED's HDX table for Mali", ", ".join(unknown))])
        ev["extract"] = EXTRACT_LABELS[sid]
        parts.append(ev)
    ev = pd.concat(parts, ignore_index=True)
    ev["month"] = ev["date"].dt.to_period("M").dt.to_timestamp()
    ev["admin1_pcode"] = ev["admin1"].map(pcodes)
    keys = ["month", "admin1_pcode", "admin1", "event_type", "interaction", "extract"]
    out = ev.groupby(keys).agg(events=("event_id_cnty", "size"), fatalities=("fatalities", "sum")).reset_index()
    out["year"] = out["month"].dt.year
    out = out.sort_values(["month", "admin1_pcode", "event_type", "interaction"]).reset_index(drop=True)
    return out[[f["name"] for f in MALI_EVENTS_MONTH_SCHEMA["fields"]]]


#: The actor columns of a dyadic ACLED export (main and associated actors of both sides).
ACTOR_COLUMNS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
#: How ACLED names the Wagner Group in its actor columns (one actor among several, separated by ';').
WAGNER = "Wagner Group"

ACTOR_EVENTS_SCHEMA = {
    "fields": [
        field_("event_id_cnty", "string", "ACLED event id", required=True, unique=True, pattern=r"^[A-Z]{3}\d+$"),
        field_("event_date", "string", "Date, '31 December 2020' or YYYY-MM-DD", required=True),
        use("year", required=True, minimum=2015),
        use("event_type", required=True, enum=list(EVENT_TYPES)),
        field_("actor1", "string", "Actor 1", required=True),
        *(field_(c, "string", "ACLED actor name(s), ';'-separated") for c in ACTOR_COLUMNS[1:]),
        field_("civilian_targeting", "string", "'Civilian targeting' when civilians were the primary target",
               enum=["Civilian targeting"]),
        use("country", required=True, enum=["Mali"]),
        use("fatalities", required=True, minimum=0),
    ]
}


def read_acled_actor_events(path: Path) -> tuple[pd.DataFrame, pd.Series, str]:
    """Read and check ACLED's actor-coded export for Mali (January 2015 - 1 March 2023).

    The one reader of that file, for :func:`derive_acled_mali_wagner_month` and
    :mod:`minusma.data.derive.actors`. Its rows stay in the derivation (ACLED's terms:
    aggregates only leave it).

    Returns
    -------
    (pandas.DataFrame, pandas.Series, str)
        The raw rows as text (columns of :data:`ACTOR_EVENTS_SCHEMA`, extra
        columns kept), their dates (datetime64, same index) and the file's
        label for messages.

    Raises
    ------
    DataValidationError
        A row breaks :data:`ACTOR_EVENTS_SCHEMA` (a repeated event id
        included), a date does not parse or disagrees with ``year``.
    """
    label = relative(path)
    df = read_csv_checked(path, ACTOR_EVENTS_SCHEMA, allow_extra=True, typed=False)
    dates = parse_event_dates(df["event_date"], label)
    bad = dates.dt.year != df["year"].astype(int)
    if bad.any():
        i = int(bad.idxmax())
        raise DataValidationError([Problem(label, i + 2, "year", "year differs from event_date's year",
                                           df.at[i, "year"])])
    return df, dates, label


def names_actor(frame: pd.DataFrame, actor: str) -> pd.Series:
    """Boolean Series: events that name ``actor`` in any of :data:`ACTOR_COLUMNS` (exactly, as one of the names)."""
    def has(cell) -> bool:
        return actor in (part.strip() for part in str(cell or "").split(";"))

    return frame[list(ACTOR_COLUMNS)].apply(lambda col: col.map(has)).any(axis=1)


def derive_acled_wagner_month(paths: Mapping[str, Path]) -> pd.DataFrame:
    """ACLED events in Mali that name the Wagner Group, by month and event type (aggregates only).

    Read from ACLED's dyadic export for Mali, January 2015 - 1 March 2023
    (the Wagner Group can stand in any of the four actor columns). Only the
    aggregate leaves this function.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`WAGNER_MONTH_SCHEMA`: ``month`` (datetime64, first
        day), ``event_type`` (str), ``events``, ``fatalities``,
        ``civilian_targeting_events`` (int); one row per month and event type
        with at least one event, sorted.

    Raises
    ------
    DataValidationError
        A raw row breaks :data:`ACTOR_EVENTS_SCHEMA` (a repeated event id
        included), a date does not parse or disagrees with ``year``.
    """
    df, dates, label = read_acled_actor_events(paths["acled_mli_events_2015_2023"])
    w = df[names_actor(df, WAGNER)].assign(month=dates.dt.to_period("M").dt.to_timestamp(),
                                           fatalities=lambda d: d["fatalities"].astype(int),
                                           civ=lambda d: d["civilian_targeting"].eq("Civilian targeting"))
    out = (w.groupby(["month", "event_type"])
           .agg(events=("event_id_cnty", "size"), fatalities=("fatalities", "sum"),
                civilian_targeting_events=("civ", "sum"))
           .reset_index().sort_values(["month", "event_type"]).reset_index(drop=True))
    return out[[f["name"] for f in WAGNER_MONTH_SCHEMA["fields"]]]


# --------------------------------------------------------------------------
# UCDP
# --------------------------------------------------------------------------

UCDP_CY_RAW = {
    "fields": [
        field_("country_id", "integer", "UCDP/Gleditsch-Ward country id", required=True),
        use("country", required=True, enum=["Mali", "Burkina Faso", "Niger"]),
        use("year", required=True, minimum=1989),
        field_("state_based_deaths_best", "integer", "", required=True, minimum=0),
        field_("intrastate_deaths_best", "integer", "", required=True, minimum=0),
        field_("interstate_deaths_best", "integer", "", required=True, minimum=0),
        field_("non_state_deaths_best", "integer", "", required=True, minimum=0),
        field_("one_sided_deaths_best", "integer", "", required=True, minimum=0),
        field_("cumulative_organized_violence_deaths_best", "integer", "", required=True, minimum=0),
        field_("ucdp_version", "string", "", required=True, enum=["25.1"]),
    ],
    "primaryKey": ["country", "year"],
}


def derive_ucdp_country_year(paths: Mapping[str, Path]) -> pd.DataFrame:
    """UCDP deaths in organised violence by country, year and type (best estimates, v25.1).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`UCDP_COUNTRY_YEAR_SCHEMA`; sorted by country, year.

    Raises
    ------
    DataValidationError
        In some row the three types do not add up to the total, or intrastate
        plus interstate do not make state-based (a transcription error).
    """
    path = paths["ucdp_country_year"]
    raw = read_csv_checked(path, UCDP_CY_RAW, allow_extra=True)
    label = relative(path)
    df = raw.astype({c: int for c in raw.columns if c not in ("country", "ucdp_version")})
    problems = []
    parts = df["state_based_deaths_best"] + df["non_state_deaths_best"] + df["one_sided_deaths_best"]
    for i in df.index[parts != df["cumulative_organized_violence_deaths_best"]]:
        problems.append(Problem(label, i + 2, "cumulative_organized_violence_deaths_best",
                                "not the sum of state-based, non-state and one-sided deaths"))
    sb = df["intrastate_deaths_best"] + df["interstate_deaths_best"]
    for i in df.index[sb != df["state_based_deaths_best"]]:
        problems.append(Problem(label, i + 2, "state_based_deaths_best", "not intrastate + interstate deaths"))
    if problems:
        raise DataValidationError(problems)
    out = pd.DataFrame({
        "country": df["country"], "iso3": df["country"].map(GED_COUNTRIES), "ucdp_country_id": df["country_id"],
        "year": df["year"], "state_based": df["state_based_deaths_best"], "non_state": df["non_state_deaths_best"],
        "one_sided": df["one_sided_deaths_best"], "total": df["cumulative_organized_violence_deaths_best"],
    })
    return out.sort_values(["country", "year"]).reset_index(drop=True)


UCDP_OS_RAW = {
    "fields": [
        use("year", required=True, minimum=1989),
        field_("actor_name", "string", "UCDP actor name", required=True),
        field_("location", "string", "Countries where the actor's one-sided violence took place", required=True),
        field_("best_fatality_estimate", "integer", "Best estimate of deaths", required=True, minimum=25),
    ]
}


def derive_ucdp_onesided(paths: Mapping[str, Path]) -> pd.DataFrame:
    """UCDP one-sided violence by actor and year, for actors active in Mali, Burkina Faso or Niger.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`UCDP_ONESIDED_SCHEMA`; sorted by year, actor. The
        actor name is whitespace-stripped (``"MPGK "``).

    Raises
    ------
    DataValidationError
        An actor is not classified in :data:`ONESIDED_ACTORS`, or an actor
        appears twice in one year.
    """
    path = paths["ucdp_onesided"]
    label = relative(path)
    raw = read_csv_checked(path, UCDP_OS_RAW)
    actor = raw["actor_name"].str.strip()
    problems = [Problem(label, i + 2, "actor_name", "actor not classified in ONESIDED_ACTORS "
                        "(minusma/data/derive/conflict.py)", a) for i, a in actor.items() if a not in ONESIDED_ACTORS]
    dup = pd.DataFrame({"y": raw["year"], "a": actor}).duplicated()
    problems += [Problem(label, i + 2, "actor_name", "actor listed twice in the same year", actor[i])
                 for i in dup[dup].index]
    if problems:
        raise DataValidationError(problems)
    locations = raw["location"].str.split(", ")
    out = pd.DataFrame({
        "year": raw["year"].astype(int),
        "actor": actor,
        "actor_kind": actor.map(ONESIDED_ACTORS),
        "locations": raw["location"],
        "n_countries": locations.map(len),
        "in_mali": locations.map(lambda ls: "Mali" in ls),
        "mali_only": locations.map(lambda ls: ls == ["Mali"]),
        "deaths_best": raw["best_fatality_estimate"].astype(int),
    })
    return out.sort_values(["year", "actor"]).reset_index(drop=True)


GED_RAW = {
    "fields": [
        field_("date_start", "date", "Start date", required=True),
        use("year", required=True, minimum=2020),
        field_("month", "string", "YYYY-MM", required=True, pattern=r"^\d{4}-\d{2}$"),
        use("country", "Country (UCDP spelling)", required=True, enum=list(GED_COUNTRIES)),
        use("latitude", required=True, minimum=-90, maximum=90),
        use("longitude", required=True, minimum=-180, maximum=180),
        field_("best", "integer", "Best estimate of deaths", required=True, minimum=0),
        field_("high", "integer", "High estimate", required=True, minimum=0),
        field_("low", "integer", "Low estimate", required=True, minimum=0),
        use("type_of_violence", required=True,
               enum=[1, 2, 3]),
    ]
}


def derive_ged_events(paths: Mapping[str, Path]) -> pd.DataFrame:
    """UCDP GED events (2020-2024, GED 25.1; April 2026, candidate 26.0.4) with Mali's cercle of each point.

    The copy has no event ids; ``event`` is a sequence number after sorting
    by date, country, coordinates, best estimate and type (stable for a given
    file). ``admin1_pcode``/``admin2_pcode`` give the COD-AB cercle that
    holds the point, for events in Mali; a point on Mali's border that falls
    just outside every cercle polygon takes the nearest cercle within 0.05
    degree (about 5 km).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`GED_EVENTS_SCHEMA`.

    Raises
    ------
    DataValidationError
        ``year`` or ``month`` disagree with ``date_start``, or a Mali event
        lies more than 0.05 degree outside every cercle.
    """
    path = paths["ucdp_ged_events"]
    label = relative(path)
    raw = read_csv_checked(path, GED_RAW, allow_extra=True)
    problems = []
    bad = raw["date_start"].dt.year != raw["year"]
    bad |= raw["date_start"].dt.strftime("%Y-%m") != raw["month"]
    problems += [Problem(label, i + 2, "date_start", "year or month disagree with date_start") for i in raw.index[bad]]
    if problems:
        raise DataValidationError(problems)
    df = pd.DataFrame({
        "date": raw["date_start"], "year": raw["year"].astype(int), "country": raw["country"],
        "iso3": raw["country"].map(GED_COUNTRIES),
        "latitude": raw["latitude"], "longitude": raw["longitude"],
        "type_of_violence": raw["type_of_violence"].astype(int),
        "best": raw["best"].astype(int), "low": raw["low"].astype(int), "high": raw["high"].astype(int),
    })
    df["violence"] = df["type_of_violence"].map(VIOLENCE_TYPES)
    df["dataset"] = df["year"].map(lambda y: "GED 25.1" if y <= 2024 else "Candidate 26.0.4")
    df = df.sort_values(["date", "country", "latitude", "longitude", "best", "type_of_violence"],
                        kind="stable").reset_index(drop=True)
    df["event"] = df.index + 1
    cercles = gpd.read_file(paths["codab_mli_adm2"])[["ADM2_PCODE", "ADM1_PCODE", "geometry"]]
    mali = df[df["iso3"] == "MLI"]
    pts = gpd.GeoDataFrame(mali[["event"]], geometry=gpd.points_from_xy(mali["longitude"], mali["latitude"]),
                           crs=4326)
    inside = gpd.sjoin(pts, cercles, predicate="within", how="left").drop_duplicates("event").set_index("event")
    codes = inside[["ADM1_PCODE", "ADM2_PCODE"]].copy()
    for event in codes.index[codes["ADM2_PCODE"].isna()]:
        point = pts.loc[pts["event"] == event, "geometry"].iloc[0]
        # In degrees: only to pick the nearest cercle, a few km away at most.
        dist = pd.Series(shapely.distance(cercles.geometry.to_numpy(), point), index=cercles.index)
        if dist.min() > 0.05:
            problems.append(Problem(label, None, "latitude", f"event {event} in Mali lies {dist.min():.2f} degree "
                                                             "outside every COD-AB cercle"))
            continue
        codes.loc[event] = cercles.loc[dist.idxmin(), ["ADM1_PCODE", "ADM2_PCODE"]].to_numpy()
    if problems:
        raise DataValidationError(problems)
    df["admin1_pcode"] = df["event"].map(codes["ADM1_PCODE"])
    df["admin2_pcode"] = df["event"].map(codes["ADM2_PCODE"])
    return df[[f["name"] for f in GED_EVENTS_SCHEMA["fields"]]]


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
            problems.append(Problem(label, None, "metric", f"expected one citable row of {metric}, found {len(hit)} "
                                    "(a row cited only to an outlet the report does not cite is left out)"))
            continue
        i, r = hit.index[0], hit.iloc[0]
        if not r["value"].isdigit():
            problems.append(Problem(label, i + 2, "value", "not a whole number", r["value"]))
        if r["source_title"].strip().lower() == "unverified" or not r["source_url"]:
            problems.append(Problem(label, i + 2, "source_title", "unverified figure (no source)", r["source_title"]))
        rows.append({"metric": metric, "reported_by": who, "deaths": r["value"], "unit": r["unit"],
                     "as_of": r["as_of"], "notes": r["notes"], "source_title": r["source_title"],
                     "source_url": r["source_url"]})
    if problems:
        raise DataValidationError(problems)
    out = pd.DataFrame(rows)
    out["deaths"] = out["deaths"].astype(int)
    return out.sort_values("deaths").reset_index(drop=True)


# --------------------------------------------------------------------------
# Schemas and specs
# --------------------------------------------------------------------------

_PARTIAL = field_("partial", "boolean", "True for the month during which ACLED's file was downloaded (and any "
                  "later): incomplete, never to be read as a fall", required=True)

MALI_CERCLE_MONTH_SCHEMA = {
    "fields": [
        use("month", required=True, minimum="1997-01-01"),
        use("year", required=True, minimum=1997),
        use("admin1_pcode", "Region pcode (COD-AB 2021)", required=True, pattern=r"^ML\d{2}$"),
        use("admin1", "Region name (ACLED's ASCII spelling)", required=True),
        field_("admin2_pcode", "string", "Cercle pcode (COD-AB 2021; joins minusma table mali_cercles)",
               required=True, pattern=r"^ML\d{4}$"),
        field_("admin2", "string", "Cercle name (ACLED's ASCII spelling)", required=True),
        field_("events", "integer", "ACLED political violence events (battles, explosions/remote violence, "
               "violence against civilians)", required=True, minimum=0),
        use("fatalities", "Reported fatalities in those events", required=True, minimum=0),
        _PARTIAL,
    ],
    "primaryKey": ["admin2_pcode", "month"],
}

BFA_PROVINCE_MONTH_SCHEMA = {
    "fields": [
        use("month", required=True, minimum="1997-01-01"),
        use("year", required=True, minimum=1997),
        use("admin1_pcode", required=True, pattern=r"^BF\d{2}$"),
        use("admin1", "Region name (ACLED)", required=True),
        field_("admin2_pcode", "string", "Province pcode", required=True, pattern=r"^BF\d{4}$"),
        field_("admin2", "string", "Province name (ACLED)", required=True),
        field_("pv_events", "integer", "Political violence events", required=True, minimum=0),
        field_("pv_fatalities", "integer", "Fatalities in political violence events", required=True, minimum=0),
        field_("ct_events", "integer", "Civilian targeting events (a subset of political violence)", required=True,
               minimum=0),
        field_("ct_fatalities", "integer", "Fatalities in civilian targeting events", required=True, minimum=0),
        _PARTIAL,
    ],
    "primaryKey": ["admin2_pcode", "month"],
}

MALI_EVENTS_MONTH_SCHEMA = {
    "fields": [
        use("month", required=True, minimum="1997-01-01",
               maximum="2020-12-01"),
        use("year", required=True, minimum=1997, maximum=2020),
        use("admin1_pcode", "Region pcode (COD-AB 2021, via ACLED's HDX table)", required=True,
               pattern=r"^ML\d{2}$"),
        use("admin1", "Region name (ACLED)", required=True),
        use("event_type", required=True, enum=list(EVENT_TYPES)),
        field_("interaction", "integer", "ACLED interaction code: the actor types of the two sides, lower digit "
               "first (1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters, "
               "6 protesters, 7 civilians, 8 external/other forces; 0 = no second actor); e.g. 27 = rebel group "
               "against civilians", required=True, minimum=10, maximum=88),
        field_("extract", "string", "Which ACLED extract the month comes from", required=True,
               enum=list(EXTRACT_LABELS.values())),
        field_("events", "integer", "Number of events", required=True, minimum=1),
        use("fatalities", required=True, minimum=0),
    ],
    "primaryKey": ["month", "admin1_pcode", "event_type", "interaction"],
}

WAGNER_MONTH_SCHEMA = {
    "fields": [
        use("month", required=True, minimum="2015-01-01",
               maximum="2023-03-01"),
        use("event_type", required=True, enum=list(EVENT_TYPES)),
        field_("events", "integer", "Events naming the Wagner Group in an actor or associated-actor column",
               required=True, minimum=1),
        use("fatalities", "Reported fatalities in those events", required=True, minimum=0),
        field_("civilian_targeting_events", "integer", "Of those events, the ones ACLED codes as civilian "
               "targeting (civilians the primary target)", required=True, minimum=0),
    ],
    "primaryKey": ["month", "event_type"],
}

UCDP_COUNTRY_YEAR_SCHEMA = {
    "fields": [
        use("country", required=True, enum=["Burkina Faso", "Mali", "Niger"]),
        use("iso3", required=True, enum=["BFA", "MLI", "NER"]),
        field_("ucdp_country_id", "integer", "UCDP (Gleditsch-Ward) country id", required=True),
        use("year", required=True, minimum=1989),
        field_("state_based", "integer", "Deaths in state-based conflict (best estimate)", required=True, minimum=0),
        field_("non_state", "integer", "Deaths in non-state conflict (best estimate)", required=True, minimum=0),
        field_("one_sided", "integer", "Deaths in one-sided violence against civilians (best estimate)",
               required=True, minimum=0),
        field_("total", "integer", "All organised-violence deaths (best estimate)", required=True, minimum=0),
    ],
    "primaryKey": ["country", "year"],
}

UCDP_ONESIDED_SCHEMA = {
    "fields": [
        use("year", required=True, minimum=1989),
        field_("actor", "string", "UCDP actor name", required=True, enum=sorted(ONESIDED_ACTORS)),
        field_("actor_kind", "string", "state, state_russia (joint Mali-Russia actor), jihadist, militia or rebel",
               required=True, enum=list(ACTOR_KINDS)),
        field_("locations", "string", "Countries of the actor's one-sided violence that year (UCDP spelling)",
               required=True),
        field_("n_countries", "integer", "Number of countries in locations", required=True, minimum=1),
        field_("in_mali", "boolean", "Mali is among the locations", required=True),
        field_("mali_only", "boolean", "Mali is the only location (the deaths are all in Mali)", required=True),
        field_("deaths_best", "integer", "Best estimate of civilians killed, all locations together",
               required=True, minimum=25),
    ],
    "primaryKey": ["year", "actor"],
}

GED_EVENTS_SCHEMA = {
    "fields": [
        field_("event", "integer", "Sequence number (the copy has no UCDP ids)", required=True, minimum=1,
               unique=True),
        field_("date", "date", "Start date of the event", required=True, minimum="2020-01-01"),
        use("year", required=True, minimum=2020),
        use("country", "Country (UCDP spelling: 'Ivory Coast')", required=True,
               enum=list(GED_COUNTRIES)),
        use("iso3", required=True, enum=sorted(GED_COUNTRIES.values())),
        use("latitude", "Latitude of GED's coded location (degrees)", required=True, minimum=4,
               maximum=28),
        use("longitude", "Longitude (degrees)", required=True, minimum=-18, maximum=17),
        use("type_of_violence", "UCDP type: 1 state-based, 2 non-state, 3 one-sided", required=True,
               enum=[1, 2, 3]),
        field_("violence", "string", "Type of violence in words", required=True, enum=list(VIOLENCE_TYPES.values())),
        field_("best", "integer", "Best estimate of deaths", required=True, minimum=0),
        field_("low", "integer", "Low estimate (as found; 10 rows exceed best)", required=True, minimum=0),
        field_("high", "integer", "High estimate (as found; 29 rows fall below best)", required=True, minimum=0),
        field_("dataset", "string", "GED 25.1 (to 2024) or Candidate 26.0.4 (April 2026, preliminary)",
               required=True, enum=["GED 25.1", "Candidate 26.0.4"]),
        use("admin1_pcode", "Mali only: region pcode of the point (COD-AB 2021)", pattern=r"^ML\d{2}$"),
        field_("admin2_pcode", "string", "Mali only: cercle pcode of the point (COD-AB 2021)",
               pattern=r"^ML\d{4}$"),
    ],
    "primaryKey": ["event"],
}

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

_ACLED_NOTE = ("ACLED data: aggregates only (no event rows, ids or notes); credit 'Armed Conflict Location & Event "
               "Data (ACLED), acleddata.com' with the download date.")

TABLES = [
    TableSpec(
        name="acled_mali_cercle_month",
        title="Political violence in Mali by cercle and month (ACLED via HDX), January 1997 - April 2026",
        description=("ACLED's aggregated political-violence events and fatalities for each of Mali's 53 cercles "
                     "(COD-AB 2021 pcodes) and each month, zeros included. April 2026 is partial (flag "
                     "`partial`). " + _ACLED_NOTE),
        sources=("acled_mli_pv_admin2",),
        schema=MALI_CERCLE_MONTH_SCHEMA,
        derive=derive_mali_cercle_month,
        licence="ACLED-TOU",
        unit="events; reported fatalities",
    ),
    TableSpec(
        name="acled_bfa_province_month",
        title="Political violence and civilian targeting in Burkina Faso by province and month (ACLED via HDX)",
        description=("ACLED's aggregated political-violence and civilian-targeting events and fatalities for each "
                     "of Burkina Faso's 45 provinces and each month, January 1997 - March 2025 (March 2025 "
                     "partial). " + _ACLED_NOTE),
        sources=("acled_bfa_pv_admin2", "acled_bfa_ct_admin2"),
        schema=BFA_PROVINCE_MONTH_SCHEMA,
        derive=derive_bfa_province_month,
        licence="ACLED-TOU",
        unit="events; reported fatalities",
    ),
    TableSpec(
        name="acled_mali_events_month",
        title="ACLED events in Mali by month, region, event type and interaction, 1997-2020 (aggregated)",
        description=("Counts of events and reported fatalities from ACLED's event-level data for Mali, by month, "
                     "region, event type and interaction code (the actor types involved): 1997-2016 from an API "
                     "pull of November 2020, 2017-2020 from a monadic export of March 2022 de-duplicated on "
                     "event_id_cnty. Cells with no event are left out. " + _ACLED_NOTE),
        sources=("acled_mli_events_1997_2020", "acled_mli_events_2017_2020", "acled_mli_pv_admin2"),
        schema=MALI_EVENTS_MONTH_SCHEMA,
        derive=derive_mali_events_month,
        licence="ACLED-TOU",
        unit="events; reported fatalities",
    ),
    TableSpec(
        name="acled_mali_wagner_month",
        title="ACLED events in Mali naming the Wagner Group, by month and event type, December 2021 - March 2023",
        description=("Events of ACLED's dyadic export for Mali (January 2015 - 1 March 2023) that name the Wagner "
                     "Group in any actor or associated-actor column, with their reported fatalities and how many "
                     "targeted civilians. " + _ACLED_NOTE),
        sources=("acled_mli_events_2015_2023",),
        schema=WAGNER_MONTH_SCHEMA,
        derive=derive_acled_wagner_month,
        licence="ACLED-TOU",
        unit="events; reported fatalities",
    ),
    TableSpec(
        name="ucdp_country_year",
        title="Deaths in organised violence by type: Mali, Burkina Faso, Niger, 1989-2024 (UCDP v25.1)",
        description=("UCDP best estimates of deaths in state-based conflict, non-state conflict and one-sided "
                     "violence inside each country's borders."),
        sources=("ucdp_country_year",),
        schema=UCDP_COUNTRY_YEAR_SCHEMA,
        derive=derive_ucdp_country_year,
        licence="CC-BY-4.0",
        unit="deaths (best estimate)",
    ),
    TableSpec(
        name="ucdp_onesided_actor_year",
        title="One-sided violence by actor and year, actors active in Mali, Burkina Faso or Niger (UCDP v25.1)",
        description=("UCDP best estimates of civilians killed by each actor that reached 25 deaths in a year, "
                     "with the countries where it killed them. Totals of actors active in several countries "
                     "cannot be split by country."),
        sources=("ucdp_onesided",),
        schema=UCDP_ONESIDED_SCHEMA,
        derive=derive_ucdp_onesided,
        licence="CC-BY-4.0",
        unit="deaths (best estimate)",
    ),
    TableSpec(
        name="ucdp_ged_events",
        title="UCDP georeferenced events in the central Sahel and coastal states, 2020-2024 and April 2026",
        description=("UCDP GED 25.1 (2020-2024) and candidate 26.0.4 (April 2026) events with coordinates, type of "
                     "violence and low/best/high deaths, for Mali, Burkina Faso, Niger, Benin, Togo, Ghana and "
                     "Côte d'Ivoire, from a precision-filtered second-hand copy without actor columns (no 2025); "
                     "events in Mali carry the COD-AB region and cercle of their point."),
        sources=("ucdp_ged_events", *shapefile_ids("codab_mli_adm2")),
        schema=GED_EVENTS_SCHEMA,
        derive=derive_ged_events,
        licence="CC-BY-4.0",
        unit="deaths (low, best, high estimates)",
    ),
    TableSpec(
        name="moura_tolls",
        title="Published death tolls of the Moura killings, March 2022",
        description=("The Malian army's, Human Rights Watch's and the UN human rights office's figures for the "
                     "people killed at Moura (27-31 March 2022), from the project's fact base, each with its source."),
        sources=("facts_figures", "curated_figures"),
        checked_against=("curated_uncitable",),
        schema=MOURA_SCHEMA,
        derive=derive_moura_tolls,
        licence="FACTS",
        unit="people killed (as published)",
    ),
]
