"""UN peacekeeping fatalities: read the UN table, clean it, derive MINUSMA's records and an all-missions aggregate.

Source: United Nations Peace and Security Data Hub, "Mission Fatalities -
Fatalities in PKOs and SPMs since 1948" (``DPPADPOSS-FATALITIES``), CC BY-IGO.
One row of the raw table is one fatality notified through a NOTICAS.

Cleaning (each case has a test in ``tests/test_fatalities_cleaning.py``):

1. A byte-order mark (2021 version) is accepted; mixed-case column names
   (``Casualty_ID``) are lower-cased.
2. ``casualty_personnel_type`` is whitespace-stripped (``"Local "``).
3. ``"Côte dIvoire"`` becomes ``"Côte d'Ivoire"``; blank ISO3/M49 codes are
   filled by nationality from :data:`minusma.data.reference.NATIONALITIES`.
4. ``m49_code`` written as ``148.0`` becomes the integer 148.
5. A ``casualty_id`` listed twice under two nationalities is counted once,
   under the nationality that :data:`DUPLICATE_NATIONALITY` names.
6. ``To Be Determined`` and ``Unknown`` incident types are kept as they are
   (neither is folded into another category).
7. The ``YYYY-MM`` inside ``casualty_id`` is kept as ``notification_month``;
   every date and year comes from ``incident_date``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data import reference as ref
from minusma.data.derive import TableSpec
from minusma.data.fields import field_, use
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

#: When one casualty id is listed under both nationalities of a pair, the one to keep.
#: Montenegro / Serbia and Montenegro (UNMIK, 2003-2005): the incidents predate
#: Montenegro's independence (June 2006), so the state at the time is kept.
DUPLICATE_NATIONALITY: dict[frozenset, str] = {
    frozenset({"Montenegro", "Serbia and Montenegro"}): "Serbia and Montenegro",
}

#: Column names of the 2021 version (mixed case) -> names of the current version.
_RENAME_2021 = {
    "Casualty_ID": "casualty_id",
    "Incident_Date": "incident_date",
    "Mission_Acronym": "mission_acronym",
    "Type_of_Casualty": "type_of_casualty",
    "Casualty_Nationality": "casualty_nationality",
    "M49_Code": "m49_code",
    "ISOCode3": "isocode3",
    "Casualty_Personnel_Type": "casualty_personnel_type",
    "Type_Of_Incident": "type_of_incident",
}

_RAW_NATIONALITIES = sorted(
    (set(ref.NATIONALITIES) | set(ref.NATIONALITY_REPAIRS)) - set(ref.NATIONALITY_REPAIRS.values()) - {""}
)

#: Schema of the raw UN table (the columns the report uses; others are ignored).
RAW_SCHEMA: dict = {
    "fields": [
        field_(
            "casualty_id",
            "string",
            "NOTICAS id: <MISSION>-<YYYY-MM of notification>-<number>",
            required=True,
            pattern=r"^[A-Za-z0-9 .\-]+-\d{4}-\d{2}-?\d+$",
        ),
        field_("incident_date", "date", "Date of the incident", required=True),
        field_(
            "mission_acronym",
            "string",
            "Mission",
            required=True,
            enum=sorted(set(ref.MISSIONS) | set(ref.MISSION_ALIASES)),
        ),
        field_("type_of_casualty", "string", "Always 'Fatality'", enum=["Fatality"]),
        field_("casualty_nationality", "string", "Nationality as the UN writes it", enum=_RAW_NATIONALITIES),
        field_(
            "casualty_personnel_type",
            "string",
            "Personnel type (may carry a trailing space)",
            required=True,
            enum=sorted(set(ref.PERSONNEL_TYPES) | {p + " " for p in ref.PERSONNEL_TYPES}),
        ),
        field_("type_of_incident", "string", "Incident type", required=True, enum=list(ref.INCIDENT_TYPES)),
        field_("m49_code", "number", "UN M49 country code, sometimes written 148.0", minimum=0),
        field_("isocode3", "string", "ISO 3166-1 alpha-3", pattern=r"^[A-Z]{3}$"),
        field_("gender", "string", "M or F (absent in the 2021 version)", enum=["M", "F"]),
    ],
}


def read_un_fatalities(path: Path | str) -> pd.DataFrame:
    """Read one version of the UN fatalities table, validated, as strings.

    Parameters
    ----------
    path : path-like
        A ``DPPADPOSS-FATALITIES`` CSV (2023, 2025 versions) or the older
        ``odp_noticas.csv`` (2021; byte-order mark, mixed-case names).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`RAW_SCHEMA` plus ``gender`` (empty where the
        version has no such column), all ``str``; one row per raw row, in
        file order.

    Raises
    ------
    DataValidationError
        A required column is missing, a date does not parse, a mission,
        nationality, personnel or incident type is unknown, ... The message
        names file, row, column and rule.
    """
    return read_csv_checked(path, RAW_SCHEMA, rename=_RENAME_2021, allow_extra=True, optional=("gender",), typed=False)


def clean_fatalities(raw: pd.DataFrame, label: str = "UN fatalities table") -> pd.DataFrame:
    """Clean raw UN fatality rows (as from :func:`read_un_fatalities`).

    Parameters
    ----------
    raw : pandas.DataFrame
        String columns ``casualty_id, incident_date, mission_acronym,
        casualty_nationality, casualty_personnel_type, type_of_incident,
        m49_code, isocode3, gender``; row ``i`` is line ``i + 2`` of the file.
    label : str
        File name used in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per fatality (unique ``casualty_id``), sorted by
        ``incident_date, casualty_id``. Columns: ``casualty_id`` (str),
        ``incident_date`` (datetime64), ``year`` (int), ``notification_month``
        (str ``YYYY-MM``), ``mission`` (str), ``mission_kind`` (str),
        ``incident_type`` (str), ``personnel_type`` (str), ``uniformed``
        (bool), ``nationality`` (str), ``iso3`` (str or None), ``m49``
        (Int64), ``gender`` (str or None).

    Raises
    ------
    DataValidationError
        A nationality has no known codes, or a casualty id is listed twice in
        a way no rule resolves (different dates, missions or types, or a
        nationality pair not in :data:`DUPLICATE_NATIONALITY`).
    """
    df = raw.reset_index(drop=True).copy()
    df["line"] = df.index + 2
    nat = df["casualty_nationality"].fillna("").str.strip()
    nat = nat.map(lambda n: ref.NATIONALITY_REPAIRS.get(n, n))
    unknown = ~nat.isin(list(ref.NATIONALITIES))
    if unknown.any():
        raise DataValidationError(
            Problem(label, int(r.line), "casualty_nationality", "nationality not in minusma/data/reference.py", n)
            for r, n in zip(df[unknown].itertuples(), nat[unknown])
        )
    codes = nat.map(ref.NATIONALITIES)
    iso_raw = df["isocode3"].fillna("").str.strip()
    m49_raw = pd.to_numeric(df["m49_code"].replace("", None)).astype("Float64")
    out = pd.DataFrame(
        {
            "casualty_id": df["casualty_id"].str.strip(),
            "incident_date": pd.to_datetime(df["incident_date"], format="%Y-%m-%d"),
            "notification_month": df["casualty_id"].str.extract(r"-(\d{4}-\d{2})-?\d+$")[0],
            "mission": df["mission_acronym"].map(lambda m: ref.MISSION_ALIASES.get(m, m)),
            "incident_type": df["type_of_incident"].str.strip(),
            "personnel_type": df["casualty_personnel_type"].str.strip(),
            "nationality": nat,
            "iso3": iso_raw.where(iso_raw != "", codes.map(lambda c: c[0])),
            "m49": m49_raw.round().astype("Int64").fillna(codes.map(lambda c: c[1]).astype("Int64")),
            "gender": df["gender"].fillna("").replace("", None),
            "line": df["line"],
        }
    )
    out["iso3"] = out["iso3"].where(out["iso3"].notna(), None)
    out["year"] = out["incident_date"].dt.year.astype(int)
    out["mission_kind"] = out["mission"].map(ref.MISSIONS)
    out["uniformed"] = out["personnel_type"].isin(ref.UNIFORMED)
    out = _drop_duplicate_ids(out, label)
    cols = [
        "casualty_id",
        "incident_date",
        "year",
        "notification_month",
        "mission",
        "mission_kind",
        "incident_type",
        "personnel_type",
        "uniformed",
        "nationality",
        "iso3",
        "m49",
        "gender",
    ]
    return out.sort_values(["incident_date", "casualty_id"], kind="stable")[cols].reset_index(drop=True)


def _drop_duplicate_ids(df: pd.DataFrame, label: str) -> pd.DataFrame:
    """Keep one row per casualty id; see :data:`DUPLICATE_NATIONALITY`."""
    dup = df[df.duplicated("casualty_id", keep=False)]
    if dup.empty:
        return df.drop(columns="line")
    same = ["incident_date", "mission", "incident_type", "personnel_type"]
    drop_lines = []
    problems = []
    for cid, group in dup.groupby("casualty_id", sort=False):
        if group.drop(columns="line").duplicated().any():
            problems.append(
                Problem(
                    label,
                    int(group["line"].iloc[1]),
                    "casualty_id",
                    "the same record is listed twice (duplicate row; rule 'unique')",
                    cid,
                )
            )
            continue
        if (group[same].nunique() > 1).any() or group["nationality"].nunique() != len(group):
            problems.append(
                Problem(
                    label,
                    int(group["line"].iloc[1]),
                    "casualty_id",
                    "casualty id listed twice with different facts (rule 'unique')",
                    cid,
                )
            )
            continue
        keep = DUPLICATE_NATIONALITY.get(frozenset(group["nationality"]))
        if keep is None:
            problems.append(
                Problem(
                    label,
                    int(group["line"].iloc[1]),
                    "casualty_nationality",
                    "casualty id listed under two nationalities with no rule in DUPLICATE_NATIONALITY (rule 'unique')",
                    cid,
                )
            )
            continue
        drop_lines += group.loc[group["nationality"] != keep, "line"].tolist()
    if problems:
        raise DataValidationError(problems)
    return df[~df["line"].isin(drop_lines)].drop(columns="line")


def load_clean(path: Path | str) -> pd.DataFrame:
    """Read and clean one version of the UN table: :func:`read_un_fatalities` then :func:`clean_fatalities`.

    Returns a fresh copy of a result cached per file (path, size, modification
    time), so that two tables derived from one file read it once.
    """
    st = Path(path).stat()
    return _load_clean_cached(str(Path(path).resolve()), st.st_size, st.st_mtime_ns).copy()


@functools.lru_cache(maxsize=8)
def _load_clean_cached(path: str, size: int, mtime_ns: int) -> pd.DataFrame:
    return clean_fatalities(read_un_fatalities(path), relative(Path(path)))


# --------------------------------------------------------------------------
# Derived tables
# --------------------------------------------------------------------------

PERSONNEL_GROUPS = ("uniformed", "civilian", "other")


def personnel_group(personnel_type: pd.Series) -> pd.Series:
    """Map personnel types to ``uniformed`` (military, police, military observers),
    ``civilian`` (international and local civilian staff) or ``other``.
    """
    return personnel_type.map(
        lambda p: (
            "uniformed" if p in ref.UNIFORMED else "civilian" if p in ("International Civilian", "Local") else "other"
        )
    )


def check_no_deletions(current: pd.DataFrame, previous: pd.DataFrame, label: str, previous_label: str) -> None:
    """Stop when a casualty id of an earlier version is missing from the current one.

    The UN adds and reclassifies records between versions but has not removed
    any (``un-fatalities/SOURCE.md``: every id of 2021 is in 2023, every id of
    2023 in 2025). A missing id therefore means a damaged or truncated file,
    even one cut exactly at a line end, which no row-level rule can see.

    Raises
    ------
    DataValidationError
        One problem per missing id (the first 15 listed), naming the current
        file and the id.
    """
    missing = sorted(set(previous["casualty_id"]) - set(current["casualty_id"]))
    if missing:
        raise DataValidationError(
            [
                Problem(
                    label,
                    None,
                    "casualty_id",
                    f"record of the earlier version ({previous_label}) is missing: the UN does not delete "
                    f"records, so the file is probably truncated or damaged ({len(missing)} missing)",
                    cid,
                )
                for cid in missing
            ]
        )


def _current_checked(paths: Mapping[str, Path]) -> pd.DataFrame:
    """The current UN table, cleaned, after :func:`check_no_deletions` against the archived earlier version."""
    current = load_clean(paths["un_fatalities"])
    if "un_fatalities_2023" in paths and Path(paths["un_fatalities_2023"]) != Path(paths["un_fatalities"]):
        check_no_deletions(
            current,
            load_clean(paths["un_fatalities_2023"]),
            relative(Path(paths["un_fatalities"])),
            relative(Path(paths["un_fatalities_2023"])),
        )
    return current


def derive_minusma(paths: Mapping[str, Path]) -> pd.DataFrame:
    """MINUSMA's fatalities, one row per person, from the current UN table.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`MINUSMA_SCHEMA`; sorted by date and casualty id.
    """
    clean = _current_checked(paths)
    m = clean[clean["mission"] == "MINUSMA"].drop(columns=["mission", "mission_kind"])
    return m.reset_index(drop=True)


def derive_by_mission_year(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Fatalities in every UN mission by year, incident type and personnel group.

    Returns
    -------
    pandas.DataFrame
        Columns ``mission, mission_kind, year, incident_type,
        personnel_group, fatalities`` (count of people, int); only
        non-zero cells; sorted by the key.
    """
    clean = _current_checked(paths)
    clean["personnel_group"] = personnel_group(clean["personnel_type"])
    keys = ["mission", "mission_kind", "year", "incident_type", "personnel_group"]
    agg = clean.groupby(keys).size().rename("fatalities").reset_index()
    return agg.sort_values(keys).reset_index(drop=True)


MINUSMA_SCHEMA = {
    "fields": [
        field_("casualty_id", "string", "UN NOTICAS casualty id (stable between versions)", required=True, unique=True),
        field_(
            "incident_date", "date", "Date of the incident (not the notification)", required=True, minimum="2013-04-25"
        ),
        use("year", "Calendar year of incident_date", required=True, minimum=2013, maximum=2024),
        field_(
            "notification_month",
            "string",
            "YYYY-MM inside casualty_id: month the death was notified",
            required=True,
            pattern=r"^\d{4}-\d{2}$",
        ),
        field_("incident_type", "string", "UN incident type", required=True, enum=list(ref.INCIDENT_TYPES)),
        field_(
            "personnel_type",
            "string",
            "UN personnel type, whitespace stripped",
            required=True,
            enum=list(ref.PERSONNEL_TYPES),
        ),
        field_("uniformed", "boolean", "True for military, police and military observers", required=True),
        field_(
            "nationality",
            "string",
            "Nationality (UN spelling, apostrophe of Côte d'Ivoire restored)",
            required=True,
            enum=sorted(ref.NATIONALITIES),
        ),
        use("iso3", "ISO 3166-1 alpha-3 code of nationality (empty if undetermined)", pattern=r"^[A-Z]{3}$"),
        field_("m49", "integer", "UN M49 code of nationality (empty if undetermined)", minimum=1, maximum=999),
        field_("gender", "string", "M or F as recorded; empty if not recorded", enum=["M", "F"]),
    ],
    "primaryKey": ["casualty_id"],
}

BY_MISSION_SCHEMA = {
    "fields": [
        use("mission", "Mission acronym (UN)", required=True, enum=sorted(ref.MISSIONS)),
        use("mission_kind", required=True, enum=[ref.PKO, ref.SPM, ref.OTHER]),
        use("year", "Calendar year of the incident", required=True, minimum=1948),
        field_("incident_type", "string", "UN incident type", required=True, enum=list(ref.INCIDENT_TYPES)),
        field_(
            "personnel_group",
            "string",
            "uniformed (military, police, observers), civilian (international, local) or other",
            required=True,
            enum=list(PERSONNEL_GROUPS),
        ),
        use("fatalities", "Number of fatalities", required=True, minimum=1),
    ],
    "primaryKey": ["mission", "year", "incident_type", "personnel_group"],
}

TABLES = [
    TableSpec(
        name="fatalities_minusma",
        title="MINUSMA fatalities, one row per person",
        description=(
            "Every fatality of MINUSMA personnel in the UN fatalities table, cleaned: personnel type "
            "stripped, nationality repaired and coded, notification month separated from the incident date."
        ),
        sources=("un_fatalities",),
        checked_against=("un_fatalities_2023",),
        schema=MINUSMA_SCHEMA,
        derive=derive_minusma,
        licence="CC-BY-3.0-IGO",
        unit="persons",
    ),
    TableSpec(
        name="fatalities_by_mission_year",
        title="UN mission fatalities by mission, year, incident type and personnel group",
        description=(
            "Count of fatalities in every UN peacekeeping operation and special political mission since "
            "1948, from the cleaned UN table (duplicate casualty ids counted once)."
        ),
        sources=("un_fatalities",),
        checked_against=("un_fatalities_2023",),
        schema=BY_MISSION_SCHEMA,
        derive=derive_by_mission_year,
        licence="CC-BY-3.0-IGO",
        unit="persons",
    ),
]
