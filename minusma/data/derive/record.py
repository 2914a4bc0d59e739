"""The mission's record in the fact base: civilian harm, restrictions, attacks, activities, Wagner's strength.

Sources: the five tables added to the fact base on 2 December 2026
(``facts/civilian_harm.csv``, ``restrictions.csv``, ``attacks_on_mission.csv``,
``activities.csv``, ``wagner_strength.csv``; see ``facts/README.md``, last
section). Each row names its source; rows cited only to an outlet the report
does not cite are left out (:mod:`minusma.data.derive.citations`).

**Tags.** The fact base marks rows in their notes: ``[press-only]`` (the only
stored source is a press report quoting the UN) and ``[not re-checked]``
(carried over from a first transcription). The derived tables keep them as the
boolean columns ``press_only`` and ``not_rechecked`` (and drop them from the
notes), so that a chapter can filter or mark such rows; a tag of another name
stops the derivation until it is given a column.

**Dates.** Periods are written as precisely as the source allows
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or empty where the source gives no
start). ``start_date`` and ``end_date`` are the first and the last day that
the written period can mean (``2021-06`` ends on 30 June 2021).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data.derive import TableSpec
from minusma.data.derive.citations import POLICY, check_tags, reader_titles, without_uncitable
from minusma.data.fields import URL_PATTERN, field_, provenance, use
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

#: The tags of the fact base's notes, and the column each becomes.
TAGS = {"press-only": "press_only", "not re-checked": "not_rechecked"}

_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"

#: What ``civilian_harm.csv`` counts (``measure``), as the UN's notes name it.
HARM_MEASURES = (
    "killed",
    "injured",
    "abducted",
    "abducted/disappeared",
    "violations",
    "abuses",
    "violations and abuses",
    "abuses/violations (cases)",
    "cases",
    "civilians affected",
    "violations and abuses (civilians affected)",
    "killed, injured or abducted",
    "killed, injured or abducted/disappeared",
    "killed, injured, abducted or missing",
    "share of victims (%)",
    "share of violations (%)",
    "arbitrary arrests/detentions",
)
QUALIFIERS = ("at least", "about", "around", "up to", "up to (planned)", "share")

RAW_HARM_SCHEMA = {
    "fields": [
        field_("period_start", "date", "First day of the UN reporting period", required=True),
        field_("period_end", "date", "Last day of the UN reporting period", required=True),
        field_("perpetrator", "string", "As the UN names it; 'all' = all perpetrators", required=True),
        field_("measure", "string", "What is counted", required=True, enum=list(HARM_MEASURES)),
        field_("value", "number", "The count or share", required=True, minimum=0),
        field_("qualifier", "string", "e.g. 'at least'", enum=list(QUALIFIERS)),
        use("notes", "Scope, caveats, tags"),
        *provenance(required=True, pattern=URL_PATTERN),
    ],
    "primaryKey": ["period_start", "period_end", "perpetrator", "measure"],
}

RAW_PERIOD_SCHEMA = {
    "fields": [
        field_(
            "period_start",
            "string",
            "Start: YYYY, YYYY-MM or YYYY-MM-DD (empty if the source gives none)",
            pattern=_DATE,
        ),
        field_("period_end", "string", "End: YYYY, YYYY-MM or YYYY-MM-DD (empty for a single date)", pattern=_DATE),
        field_("measure", "string", "What the row states", required=True),
        field_("value", "number", "The number, where the source gives one", minimum=0),
        field_("qualifier", "string", "e.g. 'about'", enum=list(QUALIFIERS)),
        use("notes", "Scope, caveats, tags"),
        *provenance(required=True, pattern=URL_PATTERN),
    ],
    "primaryKey": ["period_start", "period_end", "measure"],
}

RAW_WAGNER_SCHEMA = {
    "fields": [
        field_("date", "string", "Date of the estimate, YYYY-MM or YYYY-MM-DD", required=True, pattern=_DATE),
        field_(
            "estimate", "string", "The estimate as published (a number, or a share such as '70-80 %')", required=True
        ),
        field_("qualifier", "string", "up to / about / around / share", required=True, enum=list(QUALIFIERS)),
        field_("estimator", "string", "Who made the estimate", required=True),
        use("notes"),
        *provenance(required=True, pattern=URL_PATTERN),
    ],
    "primaryKey": ["date", "estimator", "estimate"],
}


def first_day(text: str) -> pd.Timestamp | None:
    """The first day a date written as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` can mean (None if empty)."""
    if not text:
        return None
    return pd.Timestamp(text + {4: "-01-01", 7: "-01", 10: ""}[len(text)])


def last_day(text: str) -> pd.Timestamp | None:
    """The last day a date written as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` can mean (None if empty)."""
    if not text:
        return None
    start = first_day(text)
    if len(text) == 4:
        return pd.Timestamp(f"{text}-12-31")
    if len(text) == 7:
        return start + pd.offsets.MonthEnd(0)
    return start


def _tagged(raw: pd.DataFrame, label: str) -> pd.DataFrame:
    """``raw`` with one boolean column per tag of :data:`TAGS` and the tags taken out of ``notes``."""
    notes = raw["notes"].fillna("")
    check_tags(notes, tuple(TAGS), label)
    out = raw.copy()
    for tag, column in TAGS.items():
        out[column] = notes.str.contains(re.escape(f"[{tag}]"), regex=True)
    clean = notes.str.replace(r"\s*\[(?:" + "|".join(re.escape(t) for t in TAGS) + r")\]\s*", " ", regex=True)
    out["notes"] = clean.str.strip().replace("", None)
    return out


def _read(paths: Mapping[str, Path], source: str, schema: dict, typed: bool = True) -> tuple[pd.DataFrame, str]:
    path = paths[source]
    label = relative(Path(path))
    raw = read_csv_checked(path, schema, typed=typed)
    raw = reader_titles(without_uncitable(raw, paths[POLICY]))
    return _tagged(raw, label), label


def derive_civilian_harm(paths: Mapping[str, Path]) -> pd.DataFrame:
    """UN human-rights figures on civilians in Mali by reporting period and perpetrator, 2020-2023.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`HARM_SCHEMA`: ``period_start``, ``period_end``
        (datetime64), ``perpetrator``, ``measure`` (str), ``value`` (float:
        a count, or a percentage where ``measure`` says ``share``),
        ``qualifier``, ``press_only``, ``not_rechecked`` (bool), ``notes``,
        ``source_title``, ``source_url``; in file order. Counts are cases
        documented by the UN (Moura excluded); do not add rows of different
        measures or methods.

    Raises
    ------
    DataValidationError
        A period ends before it starts, a share exceeds 100 %, an unknown tag,
        or a row breaks :data:`RAW_HARM_SCHEMA` (duplicates included).
    """
    raw, label = _read(paths, "facts_civilian_harm", RAW_HARM_SCHEMA)
    problems = [
        Problem(label, int(i) + 2, "period_end", "period ends before it starts", f"{r.period_end:%Y-%m-%d}")
        for i, r in raw.iterrows()
        if r.period_end < r.period_start
    ]
    shares = raw["measure"].str.startswith("share")
    problems += [
        Problem(label, int(i) + 2, "value", "a share cannot exceed 100 %", str(v))
        for i, v in raw.loc[shares, "value"].items()
        if v > 100
    ]
    if problems:
        raise DataValidationError(problems)
    return raw[[f["name"] for f in HARM_SCHEMA["fields"]]].reset_index(drop=True)


def _period_table(paths: Mapping[str, Path], source: str) -> pd.DataFrame:
    raw, label = _read(paths, source, RAW_PERIOD_SCHEMA, typed=False)
    raw["value"] = pd.to_numeric(raw["value"].replace("", None))
    problems = []
    starts, ends = [], []
    for i, r in raw.iterrows():
        try:
            a, b = first_day(r["period_start"]), last_day(r["period_end"] or r["period_start"])
        except ValueError:
            problems.append(
                Problem(
                    label, int(i) + 2, "period_start", "not a real date", f"{r['period_start']} / {r['period_end']}"
                )
            )
            a = b = None
        if a is None and b is None:
            problems.append(Problem(label, int(i) + 2, "period_end", "a row needs a start or an end date"))
        elif a is not None and b is not None and b < a:
            problems.append(Problem(label, int(i) + 2, "period_end", "period ends before it starts", r["period_end"]))
        starts.append(a)
        ends.append(b)
    if problems:
        raise DataValidationError(problems)
    raw["start_date"], raw["end_date"] = (
        pd.to_datetime(pd.Series(starts, index=raw.index)),
        pd.to_datetime(pd.Series(ends, index=raw.index)),
    )
    raw["qualifier"] = raw["qualifier"].replace("", None)
    return raw[[f["name"] for f in PERIOD_SCHEMA["fields"]]].reset_index(drop=True)


def derive_restrictions(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Restrictions on MINUSMA (air exclusion zone, rotation freeze, flights denied, expulsions), 2022-2023.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`PERIOD_SCHEMA`, in file order (``value`` empty
        where the source gives no number).

    Raises
    ------
    DataValidationError
        A malformed or impossible period, an unknown tag, a duplicate row.
    """
    return _period_table(paths, "facts_restrictions")


def derive_attacks_on_mission(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Attacks on MINUSMA and their toll per Secretary-General reporting period, 2018-2023.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`PERIOD_SCHEMA`, in file order. Rows of different
        periods and scopes (MINUSMA only, all targets) must not be added up.

    Raises
    ------
    DataValidationError
        As :func:`derive_restrictions`.
    """
    return _period_table(paths, "facts_attacks_on_mission")


def derive_activities(paths: Mapping[str, Path]) -> pd.DataFrame:
    """What the mission did, by activity and period (elections, projects, evacuations, patrols), 2013-2021.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`PERIOD_SCHEMA`, in file order.

    Raises
    ------
    DataValidationError
        As :func:`derive_restrictions`.
    """
    return _period_table(paths, "facts_activities")


def derive_wagner_strength(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Published estimates of the number of Wagner (and Africa Corps) personnel in Mali, with who made them.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`WAGNER_SCHEMA`: ``date`` (as written), ``date_start``
        (datetime64), ``estimate`` (as published), ``personnel`` (float: the
        number of people, empty for a share), ``qualifier``, ``estimator``,
        ``notes``, ``source_title``, ``source_url``; sorted by date.

    Raises
    ------
    DataValidationError
        A date that is not real, a headcount that is not a whole number.
    """
    raw, label = _read(paths, "facts_wagner_strength", RAW_WAGNER_SCHEMA, typed=False)
    problems = []
    starts, people = [], []
    for i, r in raw.iterrows():
        try:
            starts.append(first_day(r["date"]))
        except ValueError:
            problems.append(Problem(label, int(i) + 2, "date", "not a real date", r["date"]))
            starts.append(None)
        if r["qualifier"] == "share":
            people.append(None)
        elif re.fullmatch(r"\d+", r["estimate"]):
            people.append(float(r["estimate"]))
        else:
            problems.append(
                Problem(
                    label,
                    int(i) + 2,
                    "estimate",
                    "a headcount must be a whole number (or set qualifier 'share')",
                    r["estimate"],
                )
            )
            people.append(None)
    if problems:
        raise DataValidationError(problems)
    out = raw.assign(
        date_start=pd.to_datetime(pd.Series(starts, index=raw.index)),
        personnel=pd.Series(people, index=raw.index, dtype="float"),
    )
    out = out.sort_values("date_start", kind="stable")
    return out[[f["name"] for f in WAGNER_SCHEMA["fields"]]].reset_index(drop=True)


_TAG_FIELDS = [
    field_(
        "press_only",
        "boolean",
        "Tagged [press-only] in the fact base: the only stored source is a press report quoting the UN",
        required=True,
    ),
    field_(
        "not_rechecked",
        "boolean",
        "Tagged [not re-checked]: carried over from a first transcription, not re-read",
        required=True,
    ),
]
_SOURCE_FIELDS = [
    use("notes", "Scope and caveats (the fact base's notes, tags taken out)"),
    *provenance(required=True),
]

HARM_SCHEMA = {
    "fields": [
        field_("period_start", "date", "First day of the UN reporting period", required=True),
        field_("period_end", "date", "Last day of the UN reporting period", required=True),
        field_("perpetrator", "string", "Perpetrator as the UN names it ('all' = all perpetrators)", required=True),
        field_(
            "measure",
            "string",
            "What is counted (cases, people killed, shares ...)",
            required=True,
            enum=list(HARM_MEASURES),
        ),
        field_("value", "number", "Count, or per cent where the measure is a share", required=True, minimum=0),
        field_("qualifier", "string", "'at least' where the UN says so", enum=list(QUALIFIERS)),
        *_TAG_FIELDS,
        *_SOURCE_FIELDS,
    ],
    "primaryKey": ["period_start", "period_end", "perpetrator", "measure"],
}

PERIOD_SCHEMA = {
    "fields": [
        field_(
            "period_start",
            "string",
            "Start as precise as the source allows (YYYY, YYYY-MM, YYYY-MM-DD; empty if the source gives none)",
            pattern=_DATE,
        ),
        field_("period_end", "string", "End as precise as the source allows (empty for a single date)", pattern=_DATE),
        field_("start_date", "date", "First day the period can mean (empty if no start is known)"),
        field_("end_date", "date", "Last day the period can mean", required=True),
        field_("measure", "string", "What the row states", required=True),
        field_("value", "number", "The number, where the source gives one", minimum=0),
        field_("qualifier", "string", "'about' and the like", enum=list(QUALIFIERS)),
        *_TAG_FIELDS,
        *_SOURCE_FIELDS,
    ],
    "primaryKey": ["period_start", "period_end", "measure"],
}

WAGNER_SCHEMA = {
    "fields": [
        field_(
            "date", "string", "Date of the estimate as written (YYYY-MM or YYYY-MM-DD)", required=True, pattern=_DATE
        ),
        field_("date_start", "date", "First day of that date", required=True),
        field_("estimate", "string", "The estimate as published", required=True),
        field_("personnel", "number", "Number of people (empty for a share)", minimum=0),
        field_("qualifier", "string", "up to / about / around / share", required=True, enum=list(QUALIFIERS)),
        field_("estimator", "string", "Who made the estimate", required=True),
        *_SOURCE_FIELDS,
    ],
    "primaryKey": ["date", "estimator", "estimate"],
}

_COMMON = dict(licence="FACTS", checked_against=(POLICY,))

TABLES = [
    TableSpec(
        name="civilian_harm",
        title="UN human-rights figures on civilians in Mali, by period and perpetrator, 2020-2023",
        description=(
            "Civilians killed, injured and abducted, and violations and abuses, by perpetrator and UN "
            "reporting period, as the MINUSMA human rights division and OHCHR published them. Counts are "
            "documented cases (Moura excluded); press_only and not_rechecked keep the fact base's tags."
        ),
        sources=("facts_civilian_harm",),
        schema=HARM_SCHEMA,
        derive=derive_civilian_harm,
        unit="as given per row (cases, people or per cent)",
        **_COMMON,
    ),
    TableSpec(
        name="restrictions",
        title="Restrictions on MINUSMA, 2022-2023",
        description=(
            "Restrictions imposed on the mission (air exclusion zone, rotation suspension, flight "
            "authorisations denied, movement restrictions, expulsions) with dates and, where given, numbers."
        ),
        sources=("facts_restrictions",),
        schema=PERIOD_SCHEMA,
        derive=derive_restrictions,
        unit="as given per row",
        **_COMMON,
    ),
    TableSpec(
        name="attacks_on_mission",
        title="Attacks on MINUSMA by Secretary-General reporting period, 2018-2023",
        description=(
            "Counts of attacks on the mission (and on other targets, where the same report gives them) per "
            "reporting period, with their toll in the notes. Periods and scopes differ between rows."
        ),
        sources=("facts_attacks_on_mission",),
        schema=PERIOD_SCHEMA,
        derive=derive_attacks_on_mission,
        unit="attacks or people, as given per row",
        **_COMMON,
    ),
    TableSpec(
        name="activities",
        title="What MINUSMA did: selected activities with figures, 2013-2021",
        description=(
            "Electoral support, quick impact projects, the Trust Fund, medical evacuations, patrols and "
            "protection operations, each with its period and source. Thin where the sources are."
        ),
        sources=("facts_activities",),
        schema=PERIOD_SCHEMA,
        derive=derive_activities,
        unit="as given per row",
        **_COMMON,
    ),
    TableSpec(
        name="wagner_strength",
        title="Published estimates of Wagner and Africa Corps personnel in Mali, 2021-2025",
        description="Each estimate with who made it and where it was published; estimates, not counts.",
        sources=("facts_wagner_strength",),
        schema=WAGNER_SCHEMA,
        derive=derive_wagner_strength,
        unit="personnel (estimates)",
        **_COMMON,
    ),
]
