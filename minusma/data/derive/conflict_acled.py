"""ACLED via HDX: political violence by month and cercle (Mali) or province (Burkina Faso), aggregated by ACLED.

Read as the publisher aggregates them (:func:`read_hdx`), with the grid of units and months checked and a
``partial`` flag on the month during which the file was downloaded (:data:`PARTIAL_FROM`); ACLED's event
types (:data:`EVENT_TYPES`) are declared here. Tables declared in :mod:`minusma.data.derive.conflict`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data.fields import field_, use
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: For each ACLED HDX file, the month during which it was downloaded: that month and any later one are
#: incomplete and flagged ``partial``. The file's last month must be this one; a refreshed file with a
#: later last month stops the build until this is updated (with the new download date in snapshots/conflict-events.yaml).
PARTIAL_FROM: dict[str, str] = {
    "acled_mli_pv_admin2": "2026-04",  # downloaded April 2026; April holds 60 events (SOURCE.md)
    "acled_bfa_pv_admin2": "2025-03",  # file as of 3 April 2025: March may lack its last days
    "acled_bfa_ct_admin2": "2025-03",
}

#: ACLED's event types (the six of its 2019 codebook, used by both extracts).
EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
    "Protests",
    "Riots",
)
#: The event types that ACLED's "political violence" aggregates count.
POLITICAL_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")

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
    df = pd.DataFrame(
        {
            "month": pd.to_datetime(
                raw["Year"].astype(int).astype(str)
                + "-"
                + raw["Month"].map({m: f"{i:02d}" for i, m in enumerate(MONTHS, 1)})
                + "-01"
            ),
            "year": raw["Year"].astype(int),
            "admin1_pcode": raw["Admin1 Pcode"],
            "admin1": raw["Admin1"],
            "admin2_pcode": raw["Admin2 Pcode"],
            "admin2": raw["Admin2"],
            "events": raw["Events"].astype(int),
            "fatalities": raw["Fatalities"].astype(int),
        }
    )
    problems = []
    bad_prefix = ~df.apply(lambda r: r["admin2_pcode"].startswith(r["admin1_pcode"]), axis=1)
    for i in df.index[bad_prefix][:20]:
        problems.append(
            Problem(
                label, i + 2, "Admin2 Pcode", "does not start with the row's Admin1 Pcode", df.at[i, "admin2_pcode"]
            )
        )
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
                problems.append(
                    Problem(
                        label,
                        int(i) + 2,
                        "Admin2 Pcode",
                        f"unit appears in {n} of {len(span)} months: unknown or misspelt pcode, or months missing",
                        pc,
                    )
                )
        problems.append(
            Problem(
                label,
                None,
                None,
                f"{len(df)} rows, but {units} units x {len(span)} months "
                f"({span[0]} to {span[-1]}) make {units * len(span)}: the "
                "grid of units and months has holes",
            )
        )
    last = df["month"].max().strftime("%Y-%m")
    if last != PARTIAL_FROM[source_id]:
        problems.append(
            Problem(
                label,
                None,
                "Month",
                f"the last month is {last} but PARTIAL_FROM in "
                f"minusma/data/derive/conflict_acled.py says {PARTIAL_FROM[source_id]}: "
                "a new download? update PARTIAL_FROM and the source's "
                "version in snapshots/conflict-events.yaml",
            )
        )
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
    both = pv.merge(ct[key + ["events", "fatalities"]], on=key, how="outer", suffixes=("_pv", "_ct"), indicator=True)
    label = relative(paths["acled_bfa_ct_admin2"])
    problems = [
        Problem(label, None, None, f"province-month {r.admin2_pcode} {r.month:%Y-%m} is in only one of the two files")
        for r in both[both["_merge"] != "both"].itertuples()
    ]
    over = both[(both["events_ct"] > both["events_pv"]) | (both["fatalities_ct"] > both["fatalities_pv"])]
    problems += [
        Problem(
            label, None, "Events", f"{r.admin2_pcode} {r.month:%Y-%m}: civilian targeting exceeds political violence"
        )
        for r in over.itertuples()
    ]
    if problems:
        raise DataValidationError(problems)
    out = both.rename(
        columns={
            "events_pv": "pv_events",
            "fatalities_pv": "pv_fatalities",
            "events_ct": "ct_events",
            "fatalities_ct": "ct_fatalities",
        }
    )
    out = out.sort_values(key).reset_index(drop=True)
    return out[[f["name"] for f in BFA_PROVINCE_MONTH_SCHEMA["fields"]]]


# --------------------------------------------------------------------------
# Schemas and specs
# --------------------------------------------------------------------------

_PARTIAL = field_(
    "partial",
    "boolean",
    "True for the month during which ACLED's file was downloaded (and any "
    "later): incomplete, never to be read as a fall",
    required=True,
)

MALI_CERCLE_MONTH_SCHEMA = {
    "fields": [
        use("month", required=True, minimum="1997-01-01"),
        use("year", required=True, minimum=1997),
        use("admin1_pcode", "Region pcode (COD-AB 2021)", required=True, pattern=r"^ML\d{2}$"),
        use("admin1", "Region name (ACLED's ASCII spelling)", required=True),
        field_(
            "admin2_pcode",
            "string",
            "Cercle pcode (COD-AB 2021; joins minusma table mali_cercles)",
            required=True,
            pattern=r"^ML\d{4}$",
        ),
        field_("admin2", "string", "Cercle name (ACLED's ASCII spelling)", required=True),
        field_(
            "events",
            "integer",
            "ACLED political violence events (battles, explosions/remote violence, violence against civilians)",
            required=True,
            minimum=0,
        ),
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
        field_(
            "ct_events",
            "integer",
            "Civilian targeting events (a subset of political violence)",
            required=True,
            minimum=0,
        ),
        field_("ct_fatalities", "integer", "Fatalities in civilian targeting events", required=True, minimum=0),
        _PARTIAL,
    ],
    "primaryKey": ["admin2_pcode", "month"],
}
