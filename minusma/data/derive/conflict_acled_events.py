"""ACLED event-level extracts for Mali: only monthly aggregates reach ``data/``.

The API pull (1997-2020) and the monadic export (2017-2020, de-duplicated on ``event_id_cnty`` by
:func:`dedupe_monadic`) give ``acled_mali_events_month``; the dyadic export of 2015 - March 2023, with its
four actor columns (:func:`read_acled_actor_events`), gives ``acled_mali_wagner_month``. ACLED's terms
forbid republishing raw rows: no event rows, ids, actors, places or notes are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data.derive.conflict_acled import EVENT_TYPES
from minusma.data.fields import field_, use
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

#: Which extract gives which years in ``acled_mali_events_month``: the newer monadic export wherever it
#: covers (2017-2020, complete years), the older API pull before.
EXTRACT_YEARS = {"acled_mli_events_1997_2020": (1997, 2016), "acled_mli_events_2017_2020": (2017, 2020)}
EXTRACT_LABELS = {
    "acled_mli_events_1997_2020": "API pull, Nov 2020",
    "acled_mli_events_2017_2020": "monadic export, Mar 2022",
}

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
        field_(
            "interaction",
            "integer",
            "ACLED interaction code (two actor-type digits, lower first)",
            required=True,
            minimum=10,
            maximum=88,
        ),
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
        problems.append(
            Problem(
                label,
                line,
                col,
                "rows of the same event_id_cnty disagree (monadic copies of one event must be identical)",
                eid,
            )
        )
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
    raise DataValidationError(
        [
            Problem(
                label, int(bad) + 2, "event_date", "not a date in the form YYYY-MM-DD or '31 December 2020'", dates[bad]
            )
        ]
    )


def _read_events(path: Path) -> pd.DataFrame:
    """Read an event-level extract (only the columns of :data:`EVENTS_SCHEMA`), dates parsed."""
    df = read_csv_checked(path, EVENTS_SCHEMA, allow_extra=True, typed=False)
    dates = parse_event_dates(df["event_date"], relative(path))
    mismatch = dates.dt.year != df["year"].astype(int)
    if mismatch.any():
        i = int(mismatch.idxmax())
        raise DataValidationError(
            [Problem(relative(path), i + 2, "year", "year differs from event_date's year", df.at[i, "year"])]
        )
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
            raise DataValidationError(
                [Problem(relative(paths[sid]), None, "event_id_cnty", "event id repeats in a dyadic extract", eid)]
            )
        ev = ev[ev["year"].between(y0, y1)].copy()
        unknown = sorted(set(ev["admin1"]) - set(pcodes))
        if unknown:
            raise DataValidationError(
                [
                    Problem(
                        relative(paths[sid]),
                        None,
                        "admin1",
                        "region name not in ACLED's HDX table for Mali",
                        ", ".join(unknown),
                    )
                ]
            )
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
        field_(
            "civilian_targeting",
            "string",
            "'Civilian targeting' when civilians were the primary target",
            enum=["Civilian targeting"],
        ),
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
        raise DataValidationError(
            [Problem(label, i + 2, "year", "year differs from event_date's year", df.at[i, "year"])]
        )
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
    df, dates, _label = read_acled_actor_events(paths["acled_mli_events_2015_2023"])
    w = df[names_actor(df, WAGNER)].assign(
        month=dates.dt.to_period("M").dt.to_timestamp(),
        fatalities=lambda d: d["fatalities"].astype(int),
        civ=lambda d: d["civilian_targeting"].eq("Civilian targeting"),
    )
    out = (
        w.groupby(["month", "event_type"])
        .agg(
            events=("event_id_cnty", "size"), fatalities=("fatalities", "sum"), civilian_targeting_events=("civ", "sum")
        )
        .reset_index()
        .sort_values(["month", "event_type"])
        .reset_index(drop=True)
    )
    return out[[f["name"] for f in WAGNER_MONTH_SCHEMA["fields"]]]


MALI_EVENTS_MONTH_SCHEMA = {
    "fields": [
        use("month", required=True, minimum="1997-01-01", maximum="2020-12-01"),
        use("year", required=True, minimum=1997, maximum=2020),
        use("admin1_pcode", "Region pcode (COD-AB 2021, via ACLED's HDX table)", required=True, pattern=r"^ML\d{2}$"),
        use("admin1", "Region name (ACLED)", required=True),
        use("event_type", required=True, enum=list(EVENT_TYPES)),
        field_(
            "interaction",
            "integer",
            "ACLED interaction code: the actor types of the two sides, lower digit "
            "first (1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters, "
            "6 protesters, 7 civilians, 8 external/other forces; 0 = no second actor); e.g. 27 = rebel group "
            "against civilians",
            required=True,
            minimum=10,
            maximum=88,
        ),
        field_(
            "extract",
            "string",
            "Which ACLED extract the month comes from",
            required=True,
            enum=list(EXTRACT_LABELS.values()),
        ),
        field_("events", "integer", "Number of events", required=True, minimum=1),
        use("fatalities", required=True, minimum=0),
    ],
    "primaryKey": ["month", "admin1_pcode", "event_type", "interaction"],
}

WAGNER_MONTH_SCHEMA = {
    "fields": [
        use("month", required=True, minimum="2015-01-01", maximum="2023-03-01"),
        use("event_type", required=True, enum=list(EVENT_TYPES)),
        field_(
            "events",
            "integer",
            "Events naming the Wagner Group in an actor or associated-actor column",
            required=True,
            minimum=1,
        ),
        use("fatalities", "Reported fatalities in those events", required=True, minimum=0),
        field_(
            "civilian_targeting_events",
            "integer",
            "Of those events, the ones ACLED codes as civilian targeting (civilians the primary target)",
            required=True,
            minimum=0,
        ),
    ],
    "primaryKey": ["month", "event_type"],
}
