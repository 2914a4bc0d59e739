"""The optional ACLED export: actor-level analysis of the Wagner Group, when a registered user supplies the data.

No public event-level ACLED data for Mali after 2020 were found, so no data
in ``data/`` name Wagner as an actor (ACLED's HDX aggregates have no actor
columns). A reader with an ACLED account can fill the gap:

1. Download from ACLED's Data Export Tool (https://acleddata.com/data-export-tool/)
   the events for **Mali**, from 1 December 2021 or earlier, as CSV (dyadic
   or monadic; the columns of the event-level extracts: ``event_id_cnty,
   event_date, year, event_type, actor1, assoc_actor_1, actor2,
   assoc_actor_2, fatalities, country``..., and ``civilian_targeting`` in
   recent exports).
2. Put the CSV file(s) in ``private/acled/`` at the root of the repository
   (or a folder named by ``$MINUSMA_ACLED_EXPORTS``). ``private/`` is in
   ``.gitignore``: ACLED's terms forbid redistributing the rows, so the files
   never enter git, ``data/``, the site or any download.
3. Rebuild from a clean cache (``make clean book``): the execution cache
   does not see files outside ``data/``.

The Wagner chapter then adds, from the export, **aggregates only**: per year,
the events in which "Wagner Group" appears in any actor or associated-actor
column, their reported fatalities, and the share of them that targeted
civilians. Without an export, :func:`absent_markdown` says what the section
would show.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .derive.conflict import EVENTS_SCHEMA, dedupe_monadic, parse_event_dates
from .derive import field_
from .paths import ROOT
from .validate import DataValidationError, Problem, read_csv_checked

#: Environment variable that overrides :data:`DEFAULT_FOLDER`.
ENV = "MINUSMA_ACLED_EXPORTS"
#: Where ACLED export CSVs are looked for (outside git: ``private/`` is ignored).
DEFAULT_FOLDER = ROOT / "private" / "acled"
#: The text searched for (case-insensitive) in every actor and associated-actor column.
WAGNER = "Wagner Group"
#: Actor columns searched; the monadic format has only the first two.
ACTOR_COLUMNS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")

_SHARED = {f["name"]: f for f in EVENTS_SCHEMA["fields"]}
#: The columns read from an export: those of the event-level extracts that exports share, plus the actors.
EXPORT_SCHEMA = {
    "fields": [
        *(_SHARED[n] for n in ("event_id_cnty", "event_date", "year", "event_type")),
        field_("actor1", "string", "Primary actor", required=True),
        field_("assoc_actor_1", "string", "Associated actors of actor 1 (semicolon-separated)"),
        field_("actor2", "string", "Second actor (dyadic exports)"),
        field_("assoc_actor_2", "string", "Associated actors of actor 2 (dyadic exports)"),
        field_("country", "string", "Country", required=True),
        field_("fatalities", "integer", "Reported fatalities", required=True, minimum=0),
        field_("civilian_targeting", "string", "'Civilian targeting' or empty (exports since 2023)"),
    ]
}
_OPTIONAL = ("assoc_actor_1", "actor2", "assoc_actor_2", "civilian_targeting")


def export_folder() -> Path:
    """The folder searched for ACLED exports: ``$MINUSMA_ACLED_EXPORTS`` or ``<repo>/private/acled``."""
    env = os.environ.get(ENV)
    return Path(env).resolve() if env else DEFAULT_FOLDER


def find_exports(folder: Path | None = None) -> list[Path]:
    """The ``*.csv`` files in the export folder, sorted by name (empty if the folder does not exist)."""
    folder = Path(folder) if folder is not None else export_folder()
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def read_export(path: Path) -> pd.DataFrame:
    """Read one ACLED export, validated, one row per **event** of Mali, with a ``wagner`` flag.

    A monadic export (no ``actor2`` column: one row per actor) is
    de-duplicated on ``event_id_cnty``
    (:func:`minusma.derive.conflict.dedupe_monadic`); an event is flagged
    when "Wagner Group" appears in any actor column of any of its rows.

    Parameters
    ----------
    path : path-like
        The CSV file.

    Returns
    -------
    pandas.DataFrame
        Columns ``event_id_cnty`` (str), ``date`` (datetime64), ``year``
        (int), ``event_type`` (str), ``fatalities`` (int), ``civilians``
        (bool: targeted civilians, see :func:`targets_civilians`),
        ``wagner`` (bool); only events in Mali.

    Raises
    ------
    DataValidationError
        A column is missing, a row breaks :data:`EXPORT_SCHEMA`, a date
        does not parse, or the monadic copies of an event disagree.
    """
    path = Path(path)
    raw = read_csv_checked(path, EXPORT_SCHEMA, allow_extra=True, optional=_OPTIONAL, typed=False)
    header = pd.read_csv(path, nrows=0).columns
    monadic = "actor2" not in header
    raw["date"] = parse_event_dates(raw["event_date"], path.name)
    raw["year"] = raw["year"].astype(int)
    raw["fatalities"] = raw["fatalities"].astype(int)
    actors = raw[[c for c in ACTOR_COLUMNS if c in raw.columns]].fillna("")
    raw["wagner_row"] = actors.apply(lambda col: col.str.contains(WAGNER, case=False, regex=False)).any(axis=1)
    raw["civilians"] = targets_civilians(raw, has_flag="civilian_targeting" in header)
    flagged = raw.groupby("event_id_cnty")["wagner_row"].any()
    if monadic:
        raw = dedupe_monadic(raw, path.name)
    elif raw["event_id_cnty"].duplicated().any():
        eid = raw.loc[raw["event_id_cnty"].duplicated(), "event_id_cnty"].iloc[0]
        raise DataValidationError([Problem(path.name, None, "event_id_cnty", "event id repeats in a dyadic export "
                                           "(a monadic export has no actor2 column)", eid)])
    out = raw[raw["country"] == "Mali"].copy()
    out["wagner"] = out["event_id_cnty"].map(flagged).astype(bool)
    return out[["event_id_cnty", "date", "year", "event_type", "fatalities", "civilians", "wagner"]].reset_index(drop=True)


def targets_civilians(rows: pd.DataFrame, has_flag: bool) -> pd.Series:
    """Whether each event targeted civilians (boolean Series over ``rows``).

    With ``has_flag`` (the export has ACLED's ``civilian_targeting`` column,
    as exports since 2023 do; it marks attacks on civilians in any
    political-violence event type): the value "Civilian targeting".
    Otherwise: the event type "Violence against civilians".
    """
    if has_flag:
        return rows["civilian_targeting"].fillna("").str.strip().str.lower().eq("civilian targeting")
    return rows["event_type"].eq("Violence against civilians")


def civilian_definition(paths: list[Path]) -> str:
    """Which definition :func:`targets_civilians` used, in words, for the exports in ``paths``."""
    has = all("civilian_targeting" in pd.read_csv(p, nrows=0).columns for p in paths)
    return ("ACLED's 'civilian targeting' flag" if has else
            "the event type 'Violence against civilians' (the export has no civilian-targeting flag)")


@dataclass
class ExportAnalysis:
    """The actor-level aggregates from the ACLED export(s).

    Attributes
    ----------
    files : list of str
        Names of the export files read.
    first, last : pandas.Timestamp
        Dates of the first and last events of Mali in the exports.
    events : int
        Events of Mali in the exports (after de-duplication).
    by_year : pandas.DataFrame
        Index year; int columns ``events`` (all events), ``wagner_events``,
        ``wagner_fatalities``, ``wagner_civilian_events``; float columns
        ``wagner_civilian_share`` (share of Wagner events that targeted
        civilians) and ``all_civilian_share`` (the same for all events).
    totals : dict
        The same columns over all years (``wagner_events``, ...).
    civilians : str
        The civilian-targeting definition used.
    """

    files: list[str]
    first: pd.Timestamp
    last: pd.Timestamp
    events: int
    by_year: pd.DataFrame
    totals: dict
    civilians: str


def summarise(events: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Yearly and overall aggregates of events as :func:`read_export` returns them (see :class:`ExportAnalysis`)."""
    w = events[events["wagner"]]

    def agg(frame_all, frame_w):
        n_w = len(frame_w)
        return {
            "events": len(frame_all),
            "wagner_events": n_w,
            "wagner_fatalities": int(frame_w["fatalities"].sum()),
            "wagner_civilian_events": int(frame_w["civilians"].sum()),
            "wagner_civilian_share": float(frame_w["civilians"].mean()) if n_w else float("nan"),
            "all_civilian_share": float(frame_all["civilians"].mean()) if len(frame_all) else float("nan"),
        }
    years = sorted(events["year"].unique())
    by_year = pd.DataFrame([{"year": y, **agg(events[events["year"] == y], w[w["year"] == y])} for y in years])
    return by_year.set_index("year"), agg(events, w)


def analyse(folder: Path | None = None) -> ExportAnalysis | None:
    """Read every export in the folder and return the Wagner aggregates, or ``None`` when there is none.

    Events listed in more than one export are counted once, from the file
    that sorts last by name (name exports by download date, so the newest
    vintage wins).

    Raises
    ------
    DataValidationError
        An export breaks :data:`EXPORT_SCHEMA` (see :func:`read_export`), or
        holds no event in Mali.
    """
    paths = find_exports(folder)
    if not paths:
        return None
    parts = [read_export(p).assign(_file=i) for i, p in enumerate(paths)]
    events = pd.concat(parts, ignore_index=True).sort_values("_file").drop_duplicates("event_id_cnty", keep="last")
    if events.empty:
        raise DataValidationError([Problem(", ".join(p.name for p in paths), None, "country",
                                           "the ACLED export(s) hold no event in Mali")])
    by_year, totals = summarise(events)
    return ExportAnalysis(files=[p.name for p in paths], first=events["date"].min(), last=events["date"].max(),
                          events=len(events), by_year=by_year, totals=totals, civilians=civilian_definition(paths))


def _shown(folder: Path | None) -> str:
    """The export folder as the page names it (relative to the repository when inside it)."""
    where = Path(folder) if folder is not None else export_folder()
    try:
        return where.relative_to(ROOT).as_posix()
    except ValueError:
        return str(where)


def present_markdown(analysis: ExportAnalysis, folder: Path | None = None) -> str:
    """The section's text when an export is present (Markdown; aggregates only)."""
    t = analysis.totals
    return (
        f"From the ACLED export(s) in `{_shown(folder)}/` ({analysis.first:%-d %B %Y} to {analysis.last:%-d %B %Y}, "
        f"{analysis.events:,} events in Mali), ACLED names the Wagner Group as an actor or associated actor in "
        f"**{t['wagner_events']:,} events**, with {t['wagner_fatalities']:,} reported fatalities; "
        f"{t['wagner_civilian_share']:.0%} of them targeted civilians ({analysis.civilians}), against "
        f"{t['all_civilian_share']:.0%} of all events in Mali. Source: {', '.join(analysis.files)} (Armed Conflict "
        "Location & Event Data (ACLED), acleddata.com; a registered user's download, not published)."
    )


def absent_markdown(folder: Path | None = None) -> str:
    """What the section would show, and how to enable it, when no export is present (Markdown)."""
    shown = _shown(folder)
    return (
        f"*No ACLED export was found in `{shown}/` when this page was built*, so this section cannot show "
        "what ACLED's actor coding says about the Wagner Group. With an export from ACLED's Data Export Tool "
        "(free for registered users) for Mali since December 2021, it would show, year by year, the number of "
        "events in which ACLED names the Wagner Group as an actor or an associated actor, the fatalities "
        "reported in them, and the share of those events that targeted civilians, set against the same share "
        f"for all events in Mali. The README says how to add the export (in `{shown}/`, outside git): ACLED's "
        "terms allow the book to publish such aggregates, never the rows."
    )
