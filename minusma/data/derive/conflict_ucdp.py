"""UCDP (CC BY 4.0): country-year deaths by type of violence, one-sided violence by actor, GED events.

The derivations and schemas of ``ucdp_country_year``, ``ucdp_onesided_actor_year`` and
``ucdp_ged_events``; UCDP's codes (:data:`VIOLENCE_TYPES`, :data:`GED_COUNTRIES`, the one-sided actors by
kind, :data:`ONESIDED_ACTORS`). Tables declared in :mod:`minusma.data.derive.conflict`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from minusma.data.fields import field_, use
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

#: UCDP type of violence codes.
VIOLENCE_TYPES = {1: "state-based", 2: "non-state", 3: "one-sided"}

#: UCDP GED country names (as UCDP spells them) -> ISO3.
GED_COUNTRIES = {
    "Mali": "MLI",
    "Burkina Faso": "BFA",
    "Niger": "NER",
    "Benin": "BEN",
    "Togo": "TGO",
    "Ghana": "GHA",
    "Ivory Coast": "CIV",
}

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
    "AQIM": "jihadist",
    "JNIM": "jihadist",
    "IS": "jihadist",
    "JAS": "jihadist",
    "Ansaroul Islam": "jihadist",
    "Dozos (Mali)": "militia",
    "Dan na Ambassagou": "militia",
    "Koglweogo": "militia",
    "GATIA, MSA": "militia",
    "FIAA": "rebel",
    "MPGK": "rebel",
}
ACTOR_KINDS = ("state", "state_russia", "jihadist", "militia", "rebel")

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
        problems.append(
            Problem(
                label,
                i + 2,
                "cumulative_organized_violence_deaths_best",
                "not the sum of state-based, non-state and one-sided deaths",
            )
        )
    sb = df["intrastate_deaths_best"] + df["interstate_deaths_best"]
    for i in df.index[sb != df["state_based_deaths_best"]]:
        problems.append(Problem(label, i + 2, "state_based_deaths_best", "not intrastate + interstate deaths"))
    if problems:
        raise DataValidationError(problems)
    out = pd.DataFrame(
        {
            "country": df["country"],
            "iso3": df["country"].map(GED_COUNTRIES),
            "ucdp_country_id": df["country_id"],
            "year": df["year"],
            "state_based": df["state_based_deaths_best"],
            "non_state": df["non_state_deaths_best"],
            "one_sided": df["one_sided_deaths_best"],
            "total": df["cumulative_organized_violence_deaths_best"],
        }
    )
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
    problems = [
        Problem(
            label,
            i + 2,
            "actor_name",
            "actor not classified in ONESIDED_ACTORS (minusma/data/derive/conflict_ucdp.py)",
            a,
        )
        for i, a in actor.items()
        if a not in ONESIDED_ACTORS
    ]
    dup = pd.DataFrame({"y": raw["year"], "a": actor}).duplicated()
    problems += [
        Problem(label, i + 2, "actor_name", "actor listed twice in the same year", actor[i]) for i in dup[dup].index
    ]
    if problems:
        raise DataValidationError(problems)
    locations = raw["location"].str.split(", ")
    out = pd.DataFrame(
        {
            "year": raw["year"].astype(int),
            "actor": actor,
            "actor_kind": actor.map(ONESIDED_ACTORS),
            "locations": raw["location"],
            "n_countries": locations.map(len),
            "in_mali": locations.map(lambda ls: "Mali" in ls),
            "mali_only": locations.map(lambda ls: ls == ["Mali"]),
            "deaths_best": raw["best_fatality_estimate"].astype(int),
        }
    )
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
        use("type_of_violence", required=True, enum=[1, 2, 3]),
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
    df = pd.DataFrame(
        {
            "date": raw["date_start"],
            "year": raw["year"].astype(int),
            "country": raw["country"],
            "iso3": raw["country"].map(GED_COUNTRIES),
            "latitude": raw["latitude"],
            "longitude": raw["longitude"],
            "type_of_violence": raw["type_of_violence"].astype(int),
            "best": raw["best"].astype(int),
            "low": raw["low"].astype(int),
            "high": raw["high"].astype(int),
        }
    )
    df["violence"] = df["type_of_violence"].map(VIOLENCE_TYPES)
    df["dataset"] = df["year"].map(lambda y: "GED 25.1" if y <= 2024 else "Candidate 26.0.4")
    df = df.sort_values(
        ["date", "country", "latitude", "longitude", "best", "type_of_violence"], kind="stable"
    ).reset_index(drop=True)
    df["event"] = df.index + 1
    cercles = gpd.read_file(paths["codab_mli_adm2"])[["ADM2_PCODE", "ADM1_PCODE", "geometry"]]
    mali = df[df["iso3"] == "MLI"]
    pts = gpd.GeoDataFrame(mali[["event"]], geometry=gpd.points_from_xy(mali["longitude"], mali["latitude"]), crs=4326)
    inside = gpd.sjoin(pts, cercles, predicate="within", how="left").drop_duplicates("event").set_index("event")
    codes = inside[["ADM1_PCODE", "ADM2_PCODE"]].copy()
    for event in codes.index[codes["ADM2_PCODE"].isna()]:
        point = pts.loc[pts["event"] == event, "geometry"].iloc[0]
        # In degrees: only to pick the nearest cercle, a few km away at most.
        dist = pd.Series(shapely.distance(cercles.geometry.to_numpy(), point), index=cercles.index)
        if dist.min() > 0.05:
            problems.append(
                Problem(
                    label,
                    None,
                    "latitude",
                    f"event {event} in Mali lies {dist.min():.2f} degree outside every COD-AB cercle",
                )
            )
            continue
        codes.loc[event] = cercles.loc[dist.idxmin(), ["ADM1_PCODE", "ADM2_PCODE"]].to_numpy()
    if problems:
        raise DataValidationError(problems)
    df["admin1_pcode"] = df["event"].map(codes["ADM1_PCODE"])
    df["admin2_pcode"] = df["event"].map(codes["ADM2_PCODE"])
    return df[[f["name"] for f in GED_EVENTS_SCHEMA["fields"]]]


UCDP_COUNTRY_YEAR_SCHEMA = {
    "fields": [
        use("country", required=True, enum=["Burkina Faso", "Mali", "Niger"]),
        use("iso3", required=True, enum=["BFA", "MLI", "NER"]),
        field_("ucdp_country_id", "integer", "UCDP (Gleditsch-Ward) country id", required=True),
        use("year", required=True, minimum=1989),
        field_("state_based", "integer", "Deaths in state-based conflict (best estimate)", required=True, minimum=0),
        field_("non_state", "integer", "Deaths in non-state conflict (best estimate)", required=True, minimum=0),
        field_(
            "one_sided",
            "integer",
            "Deaths in one-sided violence against civilians (best estimate)",
            required=True,
            minimum=0,
        ),
        field_("total", "integer", "All organised-violence deaths (best estimate)", required=True, minimum=0),
    ],
    "primaryKey": ["country", "year"],
}

UCDP_ONESIDED_SCHEMA = {
    "fields": [
        use("year", required=True, minimum=1989),
        field_("actor", "string", "UCDP actor name", required=True, enum=sorted(ONESIDED_ACTORS)),
        field_(
            "actor_kind",
            "string",
            "state, state_russia (joint Mali-Russia actor), jihadist, militia or rebel",
            required=True,
            enum=list(ACTOR_KINDS),
        ),
        field_(
            "locations",
            "string",
            "Countries of the actor's one-sided violence that year (UCDP spelling)",
            required=True,
        ),
        field_("n_countries", "integer", "Number of countries in locations", required=True, minimum=1),
        field_("in_mali", "boolean", "Mali is among the locations", required=True),
        field_("mali_only", "boolean", "Mali is the only location (the deaths are all in Mali)", required=True),
        field_(
            "deaths_best",
            "integer",
            "Best estimate of civilians killed, all locations together",
            required=True,
            minimum=25,
        ),
    ],
    "primaryKey": ["year", "actor"],
}

GED_EVENTS_SCHEMA = {
    "fields": [
        field_("event", "integer", "Sequence number (the copy has no UCDP ids)", required=True, minimum=1, unique=True),
        field_("date", "date", "Start date of the event", required=True, minimum="2020-01-01"),
        use("year", required=True, minimum=2020),
        use("country", "Country (UCDP spelling: 'Ivory Coast')", required=True, enum=list(GED_COUNTRIES)),
        use("iso3", required=True, enum=sorted(GED_COUNTRIES.values())),
        use("latitude", "Latitude of GED's coded location (degrees)", required=True, minimum=4, maximum=28),
        use("longitude", "Longitude (degrees)", required=True, minimum=-18, maximum=17),
        use("type_of_violence", "UCDP type: 1 state-based, 2 non-state, 3 one-sided", required=True, enum=[1, 2, 3]),
        field_("violence", "string", "Type of violence in words", required=True, enum=list(VIOLENCE_TYPES.values())),
        field_("best", "integer", "Best estimate of deaths", required=True, minimum=0),
        field_("low", "integer", "Low estimate (as found; 10 rows exceed best)", required=True, minimum=0),
        field_("high", "integer", "High estimate (as found; 29 rows fall below best)", required=True, minimum=0),
        field_(
            "dataset",
            "string",
            "GED 25.1 (to 2024) or Candidate 26.0.4 (April 2026, preliminary)",
            required=True,
            enum=["GED 25.1", "Candidate 26.0.4"],
        ),
        use("admin1_pcode", "Mali only: region pcode of the point (COD-AB 2021)", pattern=r"^ML\d{2}$"),
        field_("admin2_pcode", "string", "Mali only: cercle pcode of the point (COD-AB 2021)", pattern=r"^ML\d{4}$"),
    ],
    "primaryKey": ["event"],
}
