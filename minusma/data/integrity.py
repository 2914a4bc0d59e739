"""A file cut short is caught for every source: row counts and date coverage recorded, and compared.

Each raw file a table reads is profiled when the table is derived
(:func:`profile`): for a CSV, the number of data rows and the date coverage
(the first and last date of its date column, :data:`DATE_COLUMNS`); for any
file, its size. The profile goes into ``data/datapackage.json`` beside the
file's sha256 (``sources[].rows``, ``sources[].coverage``, ``sources[].bytes``).

When ``make data`` (or ``make refresh``) derives a new ``data/``, each raw
file's profile is compared with the one recorded in the ``data/`` it replaces
(:func:`compare_packages`). A new version of a file that has fewer rows, or
whose dates start later or end earlier, stops the derivation with the
project's validation error, naming the file and the rule, unless the
publisher's change is declared in :data:`DECLARED` (for that exact file, by
its sha256), with the reason. A file cut at a line end has no broken row:
this is what catches it.
"""

from __future__ import annotations

import calendar
import csv
import functools
import io
import re
from pathlib import Path

from minusma.data import sources as src
from minusma.data.validate import Problem

#: Date columns, in order of preference: the first a file has is its coverage column.
DATE_COLUMNS = (
    "incident_date",
    "event_date",
    "date_start",
    "date",
    "Date",
    "as_of",
    "adopted_on",
    "period_start",
    "startDate",
    "source_date",
    "year",
    "Year",
    "fiscal_year",
)

#: Declared publisher changes: ``(source id, sha256 of the new file) -> reason``. A file listed here may
#: have fewer rows or a shorter coverage than the version it replaces. Add an entry only after checking
#: the publisher's notes (for example a version that removed duplicated records), and say so.
DECLARED: dict[tuple[str, str], str] = {}

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


_DMY = re.compile(r"^\s*(\d{1,2}) ([A-Za-z]+) (\d{4})\s*$")
_MDY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\b")  # UCDP GED's CSV export: 05/26/2016 00:00:00


def _iso(value: str) -> str | None:
    """The ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) a cell starts with, or None.

    ACLED's ``31 December 2020`` is read as ``2020-12-31``, UCDP's ``05/26/2016 00:00:00`` as ``2016-05-26``.
    """
    m = _ISO.match(value or "")
    if m:
        return "-".join(p for p in m.groups() if p)
    m = _DMY.match(value or "")
    if m and m[2].lower() in _MONTHS:
        return f"{m[3]}-{_MONTHS[m[2].lower()]:02d}-{int(m[1]):02d}"
    m = _MDY.match(value or "")
    if m:
        return f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}"
    return None


@functools.lru_cache(maxsize=256)
def _profile(path: str, size: int, mtime_ns: int) -> dict:
    out: dict = {"bytes": size}
    if not path.endswith(".csv"):
        return out
    raw = Path(path).read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(raw, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return {**out, "rows": 0}
    header = [h.strip().strip("\ufeff") for h in header]
    lower = [h.lower() for h in header]
    column = next((header[lower.index(c.lower())] for c in DATE_COLUMNS if c.lower() in lower), None)
    month = header.index("Month") if "Month" in header and "Year" in header else None
    rows, first, last = 0, None, None
    idx = header.index(column) if column else None
    year_idx = header.index("Year") if month is not None else None
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        value = None
        if month is not None and len(row) > max(month, year_idx):
            m = _MONTHS.get(row[month].strip().lower())
            value = f"{row[year_idx].strip()}-{m:02d}" if m and row[year_idx].strip().isdigit() else None
        elif idx is not None and idx < len(row):
            value = _iso(row[idx])
        if value:
            first = value if first is None or value < first else first
            last = value if last is None or value > last else last
    out["rows"] = rows
    if first:
        out["coverage"] = {"column": "Month, Year" if month is not None else column, "first": first, "last": last}
    return out


def profile(path: Path) -> dict:
    """Profile a raw file: ``{"bytes": int, "rows": int, "coverage": {"column", "first", "last"}}``.

    ``rows`` (data rows, blank lines not counted) and ``coverage`` (ISO dates as
    the file writes them, compared as text) only for CSV files; ``coverage``
    only when the file has a date column of :data:`DATE_COLUMNS` (or ACLED's
    ``Month`` and ``Year``).
    """
    st = Path(path).stat()
    return _profile(str(path), st.st_size, st.st_mtime_ns)


def _entries(package: dict) -> dict[str, dict]:
    """Source entries of a package by source id (or file, for packages written before ids were recorded)."""
    out = {}
    for res in package.get("resources", []):
        for s in res.get("sources", []):
            out.setdefault(s.get("id") or s.get("file"), s)
    return out


def compare_packages(previous: dict | None, new: dict) -> list[Problem]:
    """Problems of raw files that lost rows or coverage against the version recorded in ``previous``.

    Parameters
    ----------
    previous : dict or None
        The ``datapackage.json`` of the ``data/`` being replaced (None: nothing to compare).
    new : dict
        The package just derived.

    Returns
    -------
    list of Problem
        One per file and rule broken; empty when every file kept its rows and
        coverage, or the change is declared in :data:`DECLARED`.
    """
    if not previous:
        return []
    before = _entries(previous)
    problems = []
    for key, s in _entries(new).items():
        old = before.get(key)
        if old is None or old.get("sha256") == s.get("sha256"):
            continue
        if (s.get("id"), s.get("sha256")) in DECLARED:
            continue
        file = str(s.get("file") or key)
        label = file if file.startswith("curated/") else f"sources/{file}"
        hint = (
            f"; a file cut short? If the publisher really changed it, declare the change in "
            f"minusma/data/integrity.py DECLARED[({s.get('id')!r}, {s.get('sha256', '')[:12]!r}...)]"
        )
        if old.get("rows") is not None and s.get("rows") is not None and s["rows"] < old["rows"]:
            problems.append(
                Problem(
                    label,
                    None,
                    None,
                    f"the new version has {s['rows']:,} data rows, the version "
                    f"it replaces had {old['rows']:,} (rule 'no lost rows')" + hint,
                )
            )
        a, b = old.get("coverage"), s.get("coverage")
        if a and b and a.get("column") == b.get("column"):
            if b["last"] < a["last"][: len(b["last"])] or b["first"] > a["first"]:
                problems.append(
                    Problem(
                        label,
                        None,
                        b["column"],
                        f"the new version covers {b['first']} to "
                        f"{b['last']}, the version it replaces {a['first']} to {a['last']} "
                        "(rule 'no lost coverage')" + hint,
                    )
                )
        elif a and not b:
            problems.append(
                Problem(
                    label,
                    None,
                    a.get("column"),
                    "the new version has no dates in its date column (rule 'no lost coverage')" + hint,
                )
            )
    return problems


# --------------------------------------------------------------------------
# Dates that cannot be right, and events listed twice
# --------------------------------------------------------------------------


#: Event files: source id -> (id column or None, date column, earliest date the publisher covers, whether an
#: id may repeat). The earliest dates are the publishers' own: the UN's register starts with UNTSO (1948),
#: ACLED's Africa data with 1997, UCDP GED with 1989. ACLED's monadic export repeats each event once per
#: actor by design (its copies are checked to agree by :func:`minusma.data.derive.conflict_acled_events.dedupe_monadic`).
EVENT_FILES: dict[str, tuple[str | None, str, str, bool]] = {
    "un_fatalities": ("casualty_id", "incident_date", "1948-01-01", True),  # repeats: see derive.fatalities
    "un_fatalities_2023": ("casualty_id", "incident_date", "1948-01-01", True),
    "un_fatalities_2021": ("Casualty_ID", "Incident_Date", "1948-01-01", True),
    "acled_mli_events_1997_2020": ("event_id_cnty", "event_date", "1997-01-01", False),
    "acled_mli_events_2017_2020": ("event_id_cnty", "event_date", "1997-01-01", True),
    "acled_mli_events_2015_2023": ("event_id_cnty", "event_date", "1997-01-01", False),
    "ucdp_ged_mli_v24": ("id", "date_start", "1989-01-01", False),
    "ucdp_ged_bfa_v24": ("id", "date_start", "1989-01-01", False),
    "ucdp_ged_events": (None, "date_start", "1989-01-01", False),
}

_MONTH_YEAR = re.compile(r"\b([A-Za-z]+) (\d{4})\b")


def version_date(source) -> str:
    """The last date a file can hold: the date of its version, else the day it was retrieved (ISO).

    Read from the version text where it holds a date (``2025-04-04``, ``2021-06``,
    ``about 2 November 2020``, ``April 2026``; a month or year means its last
    day), else :attr:`~minusma.data.sources.RawSource.retrieved`.
    """
    prov = source.provenance()
    text = str(prov.get("version", ""))
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if m:
        return m[0]
    m = re.search(r"\b(\d{1,2}) ([A-Za-z]+) (\d{4})\b", text)
    if m and m[2].lower() in _MONTHS:
        return f"{m[3]}-{_MONTHS[m[2].lower()]:02d}-{int(m[1]):02d}"
    m = re.search(r"\b(\d{4})-(\d{2})\b", text)
    months = [(int(m[1]), int(m[2]))] if m else []
    months += [(int(y), _MONTHS[mo.lower()]) for mo, y in _MONTH_YEAR.findall(text) if mo.lower() in _MONTHS]
    if months:
        y, mo = max(months)
        return f"{y}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"
    return str(prov.get("retrieved"))


def check_events(source_id: str, path: Path, label: str | None = None) -> list[Problem]:
    """Problems of an event file of :data:`EVENT_FILES`: impossible dates and repeated event ids.

    - a date after the file's own version (or download) date (:func:`version_date`);
    - a date before the publisher's coverage starts;
    - an event id listed twice (unless the file repeats ids by design); never renumbered.

    Rows are those of the raw file (header = row 1). Dates that do not parse are
    left to the file's schema check.
    """
    if source_id not in EVENT_FILES:
        return []
    id_col, date_col, earliest, repeats = EVENT_FILES[source_id]
    label = label or f"sources/{src.get(source_id).path}"
    latest = version_date(src.get(source_id))
    reader = csv.reader(io.StringIO(Path(path).read_bytes().decode("utf-8-sig", errors="replace"), newline=""))
    try:
        header = [h.strip().strip("\ufeff") for h in next(reader)]
    except StopIteration:
        return []
    if date_col not in header:
        return []  # the schema check names the missing column
    di = header.index(date_col)
    ii = header.index(id_col) if id_col and id_col in header else None
    seen: dict[str, int] = {}
    problems = []
    for line, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row) or di >= len(row):
            continue
        day = _iso(row[di])
        if day and day[:10] > latest:
            problems.append(
                Problem(
                    label,
                    line,
                    date_col,
                    f"date after the file's own version date {latest} (rule 'no future date')",
                    row[di],
                )
            )
        elif day and day[:10] < earliest[: len(day[:10])]:
            problems.append(
                Problem(
                    label,
                    line,
                    date_col,
                    f"date before the publisher's coverage starts ({earliest}) (rule 'within coverage')",
                    row[di],
                )
            )
        if ii is not None and not repeats and ii < len(row) and row[ii].strip():
            key = row[ii].strip()
            if key in seen:
                problems.append(
                    Problem(
                        label, line, id_col, f"event listed twice (first at row {seen[key]}; rule 'unique event')", key
                    )
                )
            else:
                seen[key] = line
    return problems
