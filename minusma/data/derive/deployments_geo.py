"""UN deployments, where MINUSMA's personnel were: Geo-PKO locations and contributors, RADPKO bases.

The derivations and schemas of ``geopko_locations``, ``geopko_location_contributors`` and
``radpko_bases``, joined by :func:`location_id`. Geo-PKO's troop numbers are estimates from UN map symbols,
not headcounts. Declared in :mod:`minusma.data.derive.deployments`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data import reference as ref
from minusma.data import sources as src
from minusma.data.derive.deployments_read import RADPKO_STEMS, radpko_country, read_geopko_minusma, read_radpko_minusma
from minusma.data.derive.deployments_schemas import _COUNTRIES
from minusma.data.fields import field_, use
from minusma.data.validate import DataValidationError, Problem
from minusma.paths import relative


def location_id(name: str) -> str:
    """A plain key for a deployment location, shared by Geo-PKO and RADPKO.

    Accents dropped, lower case, and only the first name of a double name:
    ``Ménaka`` -> ``menaka``, ``Mopti/Sevare`` -> ``mopti``,
    ``Tombouctou (Timbuktu)`` -> ``tombouctou``.
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.split(r"[/(]", plain)[0].strip().lower().replace(" ", "-")


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
    out = g.agg(
        latitude=("latitude", "first"),
        longitude=("longitude", "first"),
        troops_est=("ave.no.troops", "first"),
        maps=("NoTroops", "size"),
        troops_min_map=("NoTroops", "min"),
        troops_max_map=("NoTroops", "max"),
        infantry_est=("Infantry", "first"),
        hq=("hq", "max"),
        police=("UNPOL", "max"),
        medical=("Med", "max"),
        aviation=("Av", "max"),
        observers=("UNMO", "max"),
    ).reset_index()
    tcc = t.set_index(["year", "location"])["No.TCC"]
    a, b = set(tcc.index), set(zip(out["year"], out["location"]))
    if a != b:
        raise DataValidationError(
            [
                Problem(
                    "sources/" + src.get("geopko_tccmap").path,
                    None,
                    "location",
                    "location-years differ from FrontMap",
                    str(sorted(a ^ b)[:5]),
                )
            ]
        )
    out["contributors"] = [int(tcc[(y, loc)]) for y, loc in zip(out["year"], out["location"])]
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
            rows.append(
                {
                    "year": r.year,
                    "location": r.location,
                    "latitude": r.latitude,
                    "longitude": r.longitude,
                    "contributor": name,
                    "troops_est": size,
                    "size_unknown": size is None,
                }
            )
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
    out = pd.DataFrame(
        {
            "year": r["year"],
            "base": r["base"],
            "location_id": r["base"].map(location_id),
            "latitude": r["latitude"],
            "longitude": r["longitude"],
            "first_month": r["date"],
            "uniformed": r["pko_deployed"].round(1),
            "military": (r["untrp"] + r["unmob"]).round(1),
            "police": r["unpol"].round(1),
            "african": countries[african].sum(axis=1).round(1),
            "contributors": (countries > 0).sum(axis=1),
            "basis": "official",
        }
    )
    return out.sort_values(["year", "base"]).reset_index(drop=True)


GEOPKO_LOCATIONS_SCHEMA = {
    "fields": [
        use("year", required=True, minimum=2013, maximum=2030),
        field_("location", "string", "Location as Geo-PKO writes it", required=True),
        field_(
            "location_id",
            "string",
            "Plain key shared with radpko_bases (menaka, mopti, tombouctou...)",
            required=True,
            pattern=r"^[a-z\-]+$",
        ),
        use("latitude", "Latitude (WGS84)", required=True, minimum=10, maximum=25),
        use("longitude", "Longitude (WGS84)", required=True, minimum=-13, maximum=5),
        field_(
            "troops_est",
            "number",
            "Yearly mean of troops estimated from map symbols (not a headcount)",
            required=True,
            minimum=0,
        ),
        field_("maps", "integer", "UN deployment maps of the year that show the location", required=True, minimum=1),
        field_("troops_min_map", "number", "Smallest estimate on one map", minimum=0),
        field_("troops_max_map", "number", "Largest estimate on one map", minimum=0),
        field_("infantry_est", "number", "Estimated infantry troops", minimum=0),
        field_(
            "hq",
            "integer",
            "Headquarters level: 0 none, 1 sector or battalion, 2 sector, 3 mission HQ",
            required=True,
            minimum=0,
            maximum=3,
        ),
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
        field_(
            "contributor",
            "string",
            "Contributing country (UN spelling), or Multinational / TCC name unknown",
            required=True,
            enum=_COUNTRIES,
        ),
        use("iso3", "ISO3 (empty for labels that are not countries)", pattern=r"^[A-Z]{3}$"),
        field_("troops_est", "number", "Largest estimate of the year from map symbols (not a headcount)", minimum=0),
        field_("size_unknown", "boolean", "The maps show the country without a size", required=True),
        field_("basis", "string", "Always 'estimate'", required=True, enum=["estimate"]),
    ],
    "primaryKey": ["year", "location", "contributor"],
}

RADPKO_BASES_SCHEMA = {
    "fields": [
        use("year", required=True, minimum=2014, maximum=2019),
        field_("base", "string", "Base as RADPKO writes it (lower case, no accents)", required=True),
        field_("location_id", "string", "Plain key shared with geopko_locations", required=True, pattern=r"^[a-z\-]+$"),
        use("latitude", "Latitude (WGS84)", required=True, minimum=10, maximum=25),
        use("longitude", "Longitude (WGS84)", required=True, minimum=-13, maximum=5),
        field_("first_month", "date", "First month of the year in which the base appears", required=True),
        field_("uniformed", "number", "Uniformed personnel, yearly mean", required=True, minimum=0),
        field_("military", "number", "Military (troops and observers), yearly mean", required=True, minimum=0),
        field_("police", "number", "Police, yearly mean", required=True, minimum=0),
        field_(
            "african",
            "number",
            "Uniformed personnel from African countries (UN M49), yearly mean",
            required=True,
            minimum=0,
        ),
        field_("contributors", "integer", "Countries with personnel at the base", required=True, minimum=0),
        field_("basis", "string", "Always 'official' (UN counts placed at bases)", required=True, enum=["official"]),
    ],
    "primaryKey": ["year", "base"],
}
