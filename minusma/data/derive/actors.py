"""Who killed civilians: actor-coded events of UCDP GED 24.1 and ACLED, grouped by actor class.

Sources (see ``conflict-events/SOURCE.md`` of the raw snapshot, files 9-11):

- **UCDP GED 24.1** (CC BY 4.0): every event in Mali (1990-2023) and Burkina
  Faso (2016-2023) with ``side_a``/``side_b``, best/low/high deaths and
  civilian deaths. Files exported from UCDP's site end every row with a
  trailing comma; :func:`read_ged_v24` reads them.
- **ACLED's dyadic export for Mali**, January 2015 - 1 March 2023, with all
  four actor columns. ACLED's terms: only aggregates leave this module.
- **The alias table** ``curated/actor_aliases.csv`` (committed): one row per
  actor name as each dataset spells it, with its actor class
  (:data:`BASE_CLASSES`). Datasets name actors by period ("Military Forces
  of Mali (2013-2020)", "(2021-)") and rename them (the Wagner Group became
  Russia's Africa Corps in 2025): the report groups actors by this table,
  never by exact string. A name the table does not hold stops the
  derivation, naming file, row and column.

Tables: ``ucdp_civilian_deaths_quarter`` (civilian deaths by type of
violence and the two sides' classes, per quarter, 2017-2023, Mali and Burkina
Faso), ``acled_vac_perpetrator_quarter`` (violence against civilians by
perpetrator class per quarter, 2015 - Q1 2023, Malian forces with and without
Wagner apart) and ``acled_mali_forces_month`` (events naming Malian state
forces, with or without Wagner, by month and event type).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data.derive import TableSpec
from minusma.data.derive.actors_aliases import BASE_CLASSES, PERPETRATOR_CLASSES, classify, read_aliases
from minusma.data.derive.conflict_acled import EVENT_TYPES
from minusma.data.derive.conflict_acled_events import ACTOR_COLUMNS, read_acled_actor_events
from minusma.data.fields import field_, use
from minusma.data.validate import DataValidationError, Problem, _decode, _parse, _typed, validate_rows
from minusma.paths import relative

#: UCDP GED 24.1 rows whose best estimate lies outside low-high, as UCDP publishes them (SOURCE.md: 23 in
#: the Mali file, 32 in the Burkina Faso file). Any other row with best outside low-high stops the build.
GED_RANGE_AS_PUBLISHED: dict[str, frozenset[int]] = {
    "ucdp_ged_mli_v24": frozenset(
        {
            507622,
            445264,
            456399,
            462521,
            465971,
            338246,
            13123,
            312886,
            430590,
            430591,
            272764,
            427943,
            230349,
            427987,
            262430,
            342834,
            428484,
            428485,
            428486,
            326074,
            401408,
            385385,
            339312,
        }
    ),
    "ucdp_ged_bfa_v24": frozenset(
        {
            339557,
            339558,
            493716,
            493720,
            244171,
            409690,
            311347,
            290591,
            462856,
            462861,
            451367,
            321574,
            321604,
            285444,
            476472,
            476474,
            369564,
            501481,
            501482,
            501529,
            385282,
            252925,
            469516,
            487852,
            385433,
            385434,
            487879,
            487880,
            487881,
            487882,
            487888,
            487889,
        }
    ),
}
GED_COUNTRY = {"ucdp_ged_mli_v24": ("Mali", "MLI"), "ucdp_ged_bfa_v24": ("Burkina Faso", "BFA")}
#: Years of ``ucdp_civilian_deaths_quarter``.
GED_YEARS = (2017, 2023)
VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided"}
ALIASES = "curated_actor_aliases"
ACLED = "acled_mli_events_2015_2023"

GED_V24_RAW = {
    "fields": [
        field_("id", "integer", "UCDP event id", required=True, unique=True, minimum=1),
        use("year", required=True, minimum=1989),
        use("type_of_violence", required=True, enum=[1, 2, 3]),
        field_("side_a", "string", "Side A", required=True),
        field_("side_b", "string", "Side B", required=True),
        use("country", required=True),
        {
            **field_("date_start", "date", "Start date, 'MM/DD/YYYY 00:00:00'", required=True),
            "format": "%m/%d/%Y %H:%M:%S",
        },
        field_("deaths_civilians", "integer", "Civilian deaths (best)", required=True, minimum=0),
        field_("best_est", "integer", "Best estimate of deaths", required=True, minimum=0),
        field_("high_est", "integer", "High estimate", required=True, minimum=0),
        field_("low_est", "integer", "Low estimate", required=True, minimum=0),
    ]
}

# --------------------------------------------------------------------------
# UCDP GED 24.1
# --------------------------------------------------------------------------


def read_ged_v24(path: Path, source_id: str) -> pd.DataFrame:
    """Read a UCDP GED 24.1 country export (one trailing comma per row), validated and typed.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`GED_V24_RAW` (ints as ``Int64``, ``date_start`` as
        datetime64), index = line number - 2.

    Raises
    ------
    DataValidationError
        The file is cut off or a row has the wrong number of cells; a row
        breaks the schema (a repeated ``id`` included); ``year`` differs
        from ``date_start``; ``best_est`` lies outside ``low_est``-``high_est``
        in a row where UCDP does not publish it so
        (:data:`GED_RANGE_AS_PUBLISHED`).
    """
    label = relative(path)
    rows = _parse(_decode(path.read_bytes(), label), label)
    header = rows[0]
    width = len(header)
    body, problems = [], []
    for i, r in enumerate(rows[1:]):
        if len(r) == width + 1 and r[-1] == "":
            r = r[:-1]  # UCDP's export: every row ends with a comma
        if len(r) != width:
            problems.append(
                Problem(
                    label,
                    i + 2,
                    header[len(r)] if len(r) < width else None,
                    f"row has {len(r)} cells but the header has {width} (truncated row?)",
                )
            )
        body.append(r)
    wanted = [f["name"] for f in GED_V24_RAW["fields"]]
    missing = [w for w in wanted if w not in header]
    if missing:
        raise DataValidationError([Problem(label, 1, m, "required column is missing from the header") for m in missing])
    if problems:
        raise DataValidationError(problems)
    if not body:
        raise DataValidationError([Problem(label, 1, None, "header without rows: the table has no data")])
    idx = [header.index(w) for w in wanted]
    body = [[r[j] for j in idx] for r in body]
    problems = validate_rows(wanted, body, GED_V24_RAW, label)
    if problems:
        raise DataValidationError(problems)
    df = _typed(pd.DataFrame(body, columns=wanted, dtype="str"), GED_V24_RAW)
    bad = df["date_start"].dt.year != df["year"]
    problems += [
        Problem(label, int(i) + 2, "year", "year differs from date_start's year", str(df.at[i, "year"]))
        for i in df.index[bad]
    ]
    known = GED_RANGE_AS_PUBLISHED.get(source_id, frozenset())
    out = ((df["best_est"] < df["low_est"]) | (df["best_est"] > df["high_est"])) & ~df["id"].isin(known)
    problems += [
        Problem(
            label,
            int(i) + 2,
            "best_est",
            "best estimate outside low_est-high_est (not one of the rows UCDP publishes so)",
            f"{df.at[i, 'best_est']} ({df.at[i, 'low_est']}-{df.at[i, 'high_est']})",
        )
        for i in df.index[out]
    ]
    if problems:
        raise DataValidationError(problems)
    return df


def quarter_label(dates: pd.Series) -> pd.Series:
    """'YYYY-Qn' for each date."""
    return dates.dt.year.astype(str) + "-Q" + dates.dt.quarter.astype(str)


def derive_ucdp_civilian_deaths(paths: Mapping[str, Path]) -> pd.DataFrame:
    """UCDP GED 24.1 civilian deaths by quarter, type of violence and the two sides' classes, 2017-2023.

    For one-sided violence ``side_b`` is always civilians and ``best``,
    ``low``, ``high`` are the civilians killed (UCDP's three estimates). For
    state-based and non-state events ``deaths_civilians`` counts the
    civilians killed in the fighting, which UCDP does not attribute to either
    side; ``best``/``low``/``high`` there are all deaths. ``low`` and
    ``high`` are summed per event as min(low, best) and max(high, best), so
    that the band always holds the best estimate (UCDP publishes 55 rows of
    these files with best outside low-high).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`UCDP_CIV_SCHEMA`: ``iso3`` (MLI, BFA), ``quarter``
        ('2017-Q1'), ``violence``, ``side_a_class``, ``side_b_class`` (str),
        ``events``, ``deaths_civilians``, ``best``, ``low``, ``high`` (int);
        one row per combination with at least one event.

    Raises
    ------
    DataValidationError
        From :func:`read_ged_v24` and :func:`classify` (an actor name the
        alias table lacks), or a row of the wrong country.
    """
    aliases = read_aliases(paths[ALIASES])["UCDP GED"]
    parts = []
    for sid, (country, iso3) in GED_COUNTRY.items():
        path = paths[sid]
        label = relative(path)
        df = read_ged_v24(path, sid)
        wrong = df["country"] != country
        if wrong.any():
            i = df.index[wrong][0]
            raise DataValidationError(
                [Problem(label, int(i) + 2, "country", f"expected {country}", df.at[i, "country"])]
            )
        cls = classify(df, ("side_a", "side_b"), aliases, label)
        df = df.assign(
            side_a_class=cls["side_a"].str[0],
            side_b_class=cls["side_b"].str[0],
            iso3=iso3,
            quarter=quarter_label(df["date_start"]),
            violence=df["type_of_violence"].map(VIOLENCE),
            low=df[["low_est", "best_est"]].min(axis=1),
            high=df[["high_est", "best_est"]].max(axis=1),
        )
        df = df[df["year"].between(*GED_YEARS)]
        parts.append(df)
    df = pd.concat(parts, ignore_index=True)
    out = (
        df.groupby(["iso3", "quarter", "violence", "side_a_class", "side_b_class"])
        .agg(
            events=("id", "size"),
            deaths_civilians=("deaths_civilians", "sum"),
            best=("best_est", "sum"),
            low=("low", "sum"),
            high=("high", "sum"),
        )
        .reset_index()
    )
    out[["events", "deaths_civilians", "best", "low", "high"]] = out[
        ["events", "deaths_civilians", "best", "low", "high"]
    ].astype(int)
    return out.sort_values(["iso3", "quarter", "violence", "side_a_class", "side_b_class"]).reset_index(drop=True)


# --------------------------------------------------------------------------
# ACLED's dyadic export, 2015 - 1 March 2023 (aggregates only)
# --------------------------------------------------------------------------


def read_acled_classified(paths: Mapping[str, Path]) -> pd.DataFrame:
    """ACLED's Mali events of 2015 - 1 March 2023 with each event's classes (internal: never published).

    Returns
    -------
    pandas.DataFrame
        One row per event: ``date`` (datetime64), ``event_type``,
        ``civilian_targeting`` (bool), ``fatalities`` (int),
        ``actor1_class`` (the class of actor1), ``mali_forces`` (bool:
        Malian state forces named in any actor column), ``wagner`` (bool:
        Wagner or Russian forces named in any actor column), ``perpetrator``
        (:data:`PERPETRATOR_CLASSES` key, from actor1: Malian forces and
        Wagner become ``mali_state_wagner`` when the event names Wagner or
        Russian forces anywhere, otherwise ``mali_state_no_wagner``).

    Raises
    ------
    DataValidationError
        A raw row breaks :data:`minusma.data.derive.conflict_acled_events.ACTOR_EVENTS_SCHEMA` (a repeated event id included),
        a date does not parse or disagrees with ``year``, or an actor name is
        not in the alias table (file, row, column and name).
    """
    aliases = read_aliases(paths[ALIASES])["ACLED"]
    df, dates, label = read_acled_actor_events(paths[ACLED])
    cls = classify(df, ACTOR_COLUMNS, aliases, label)
    every = pd.Series(
        [functools.reduce(operator.iadd, (cls[c].iat[k] for c in ACTOR_COLUMNS), []) for k in range(len(df))],
        index=df.index,
    )
    wagner = every.map(lambda cs: "wagner" in cs)
    a1 = cls["actor1"].str[0]
    perp = a1.where(
        ~a1.isin(["mali_state", "wagner"]), wagner.map({True: "mali_state_wagner", False: "mali_state_no_wagner"})
    )
    return pd.DataFrame(
        {
            "date": dates,
            "event_type": df["event_type"],
            "civilian_targeting": df["civilian_targeting"].eq("Civilian targeting"),
            "fatalities": df["fatalities"].astype(int),
            "actor1_class": a1,
            "mali_forces": every.map(lambda cs: "mali_state" in cs),
            "wagner": wagner,
            "perpetrator": perp,
        }
    )


def derive_acled_vac_quarter(paths: Mapping[str, Path]) -> pd.DataFrame:
    """ACLED violence against civilians in Mali by perpetrator class and quarter, 2015-Q1 to 2023-Q1.

    Perpetrator = ACLED's actor1 (the side that attacked civilians), by the
    alias table; Malian state forces split by whether the event names Wagner
    or Russian forces in any actor column. Only these aggregates leave the
    function. 2023-Q1 holds January and 1 March only (``partial``).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`ACLED_VAC_SCHEMA`: ``quarter`` (str), ``perpetrator``
        (class key), ``perpetrator_label`` (words), ``events``,
        ``fatalities`` (int), ``partial`` (bool); one row per quarter and
        perpetrator with at least one event.

    Raises
    ------
    DataValidationError
        From :func:`read_acled_classified`.
    """
    ev = read_acled_classified(paths)
    vac = ev[ev["event_type"] == "Violence against civilians"].assign(quarter=lambda d: quarter_label(d["date"]))
    out = (
        vac.groupby(["quarter", "perpetrator"])
        .agg(events=("fatalities", "size"), fatalities=("fatalities", "sum"))
        .reset_index()
    )
    out["perpetrator_label"] = out["perpetrator"].map(PERPETRATOR_CLASSES)
    out["partial"] = out["quarter"].eq("2023-Q1")
    return (
        out[[f["name"] for f in ACLED_VAC_SCHEMA["fields"]]]
        .sort_values(["quarter", "perpetrator"])
        .reset_index(drop=True)
    )


def derive_acled_mali_forces_month(paths: Mapping[str, Path]) -> pd.DataFrame:
    """ACLED events naming Malian state forces or Wagner, by month, Wagner or not, and event type (aggregates).

    ``wagner`` is true when Wagner or Russian forces are named in any actor
    column. ``civilian_targeting_events`` counts the events ACLED flags as
    targeting civilians; ``as_perpetrator_vac_events`` the violence against
    civilians where Malian forces or Wagner are actor1 (the perpetrators).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`MALI_FORCES_SCHEMA`: ``month`` (datetime64, first
        day), ``wagner`` (bool), ``event_type`` (str), ``events``,
        ``fatalities``, ``civilian_targeting_events``,
        ``as_perpetrator_vac_events`` (int).

    Raises
    ------
    DataValidationError
        From :func:`read_acled_classified`.
    """
    ev = read_acled_classified(paths)
    ev = ev[ev["mali_forces"] | ev["wagner"]].assign(
        month=lambda d: d["date"].dt.to_period("M").dt.to_timestamp(),
        perp_vac=lambda d: (
            d["event_type"].eq("Violence against civilians")
            & d["perpetrator"].isin(["mali_state_wagner", "mali_state_no_wagner"])
        ),
    )
    out = (
        ev.groupby(["month", "wagner", "event_type"])
        .agg(
            events=("fatalities", "size"),
            fatalities=("fatalities", "sum"),
            civilian_targeting_events=("civilian_targeting", "sum"),
            as_perpetrator_vac_events=("perp_vac", "sum"),
        )
        .reset_index()
    )
    for c in ("events", "fatalities", "civilian_targeting_events", "as_perpetrator_vac_events"):
        out[c] = out[c].astype(int)
    return out.sort_values(["month", "wagner", "event_type"]).reset_index(drop=True)


# --------------------------------------------------------------------------
# Schemas and specs
# --------------------------------------------------------------------------

_QUARTER = field_("quarter", "string", "Calendar quarter, 'YYYY-Qn'", required=True, pattern=r"^\d{4}-Q[1-4]$")

UCDP_CIV_SCHEMA = {
    "fields": [
        use("iso3", "Country (ISO3)", required=True, enum=["MLI", "BFA"]),
        _QUARTER,
        field_("violence", "string", "UCDP type of violence", required=True, enum=list(VIOLENCE.values())),
        field_(
            "side_a_class",
            "string",
            "Actor class of side A (curated/actor_aliases.csv)",
            required=True,
            enum=list(BASE_CLASSES),
        ),
        field_(
            "side_b_class",
            "string",
            "Actor class of side B (civilians for one-sided violence)",
            required=True,
            enum=list(BASE_CLASSES),
        ),
        field_("events", "integer", "Events", required=True, minimum=1),
        field_("deaths_civilians", "integer", "Civilian deaths (UCDP best estimate)", required=True, minimum=0),
        field_(
            "best",
            "integer",
            "All deaths, best estimate (for one-sided violence: civilians killed)",
            required=True,
            minimum=0,
        ),
        field_("low", "integer", "All deaths, low estimate (per event min(low, best))", required=True, minimum=0),
        field_("high", "integer", "All deaths, high estimate (per event max(high, best))", required=True, minimum=0),
    ],
    "primaryKey": ["iso3", "quarter", "violence", "side_a_class", "side_b_class"],
}

ACLED_VAC_SCHEMA = {
    "fields": [
        _QUARTER,
        field_(
            "perpetrator",
            "string",
            "Perpetrator class (actor1, by curated/actor_aliases.csv; Malian forces "
            "split by Wagner named in any actor column)",
            required=True,
            enum=list(PERPETRATOR_CLASSES),
        ),
        field_(
            "perpetrator_label",
            "string",
            "Perpetrator class in words",
            required=True,
            enum=list(PERPETRATOR_CLASSES.values()),
        ),
        field_("events", "integer", "Violence against civilians events", required=True, minimum=1),
        use("fatalities", required=True, minimum=0),
        field_("partial", "boolean", "True for 2023-Q1 (January and 1 March only)", required=True),
    ],
    "primaryKey": ["quarter", "perpetrator"],
}

MALI_FORCES_SCHEMA = {
    "fields": [
        use("month", "Month (first day)", required=True),
        field_("wagner", "boolean", "Wagner or Russian forces named in any actor column", required=True),
        use("event_type", required=True, enum=list(EVENT_TYPES)),
        field_("events", "integer", "Events naming Malian state forces or Wagner", required=True, minimum=1),
        use("fatalities", required=True, minimum=0),
        field_(
            "civilian_targeting_events", "integer", "Events ACLED flags as civilian targeting", required=True, minimum=0
        ),
        field_(
            "as_perpetrator_vac_events",
            "integer",
            "Violence against civilians with Malian forces or Wagner as actor1",
            required=True,
            minimum=0,
        ),
    ],
    "primaryKey": ["month", "wagner", "event_type"],
}

_ACLED_NOTE = (
    "ACLED data: aggregates only (no event rows, ids or notes); credit 'Armed Conflict Location & Event "
    "Data (ACLED), acleddata.com' with the download date."
)

TABLES = [
    TableSpec(
        name="ucdp_civilian_deaths_quarter",
        title="Civilian deaths by type of violence and actor class, Mali and Burkina Faso, by quarter, 2017-2023 "
        "(UCDP GED 24.1)",
        description=(
            "UCDP GED 24.1 events in Mali and Burkina Faso grouped by quarter, type of violence and the "
            "classes of side A and side B (curated/actor_aliases.csv), with civilian deaths and the best, "
            "low and high estimates of all deaths. For one-sided violence all deaths are civilians."
        ),
        sources=("ucdp_ged_mli_v24", "ucdp_ged_bfa_v24", ALIASES),
        schema=UCDP_CIV_SCHEMA,
        derive=derive_ucdp_civilian_deaths,
        licence="CC-BY-4.0",
        unit="deaths (best, low, high estimates)",
    ),
    TableSpec(
        name="acled_vac_perpetrator_quarter",
        title="Violence against civilians in Mali by perpetrator class and quarter, 2015 - Q1 2023 (ACLED)",
        description=(
            "ACLED's violence-against-civilians events in Mali and their reported fatalities by quarter "
            "and perpetrator class (actor1, by curated/actor_aliases.csv), with Malian forces with "
            "Wagner (Wagner or Russian forces named in any actor column) apart from Malian forces "
            "without. 2023-Q1 is partial. " + _ACLED_NOTE
        ),
        sources=(ACLED, ALIASES),
        schema=ACLED_VAC_SCHEMA,
        derive=derive_acled_vac_quarter,
        licence="ACLED-TOU",
        unit="events; reported fatalities",
    ),
    TableSpec(
        name="acled_mali_forces_month",
        title="ACLED events naming Malian state forces or Wagner, by month, Wagner or not, and event type, "
        "2015 - March 2023",
        description=(
            "Events of ACLED's dyadic export for Mali that name Malian state forces or Wagner (or Russian "
            "forces) in any actor column, by month, whether Wagner is named, and event type, with "
            "fatalities, civilian-targeting events and violence against civilians committed by them "
            "(actor1). " + _ACLED_NOTE
        ),
        sources=(ACLED, ALIASES),
        schema=MALI_FORCES_SCHEMA,
        derive=derive_acled_mali_forces_month,
        licence="ACLED-TOU",
        unit="events; reported fatalities",
    ),
]
