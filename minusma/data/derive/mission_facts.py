"""The fact base on the mission itself: resolutions, budgets, peacekeeping totals and figures.

Sources: ``facts/resolutions.csv``, ``facts/budget.csv``,
``facts/peacekeeping_budget_totals.csv`` and ``facts/figures.csv``, compiled
by the project from cited public sources (UN press releases, Fifth
Committee releases, news agencies); every row names its source.

**Unverified values are never published as fact.** Where the fact base's
``source_title`` is ``unverified`` (a value from the compiler's memory, no
source found), the derived tables either drop the row (figures) or keep the
fiscal year as a visible gap with its amount withheld (budgets), so that a
chart can show the gap and say why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data.derive import TableSpec
from minusma.data.derive.citations import POLICY, reader_titles, without_uncitable
from minusma.data.fields import URL_PATTERN, field_, provenance, use
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

UNVERIFIED = "unverified"


def is_unverified(frame: pd.DataFrame) -> pd.Series:
    """Boolean Series: rows whose ``source_title`` marks them unverified (case and spaces ignored)."""
    return frame["source_title"].fillna("").str.strip().str.lower().eq(UNVERIFIED)


# --------------------------------------------------------------------------
# Resolutions
# --------------------------------------------------------------------------

RAW_RESOLUTIONS_SCHEMA = {
    "fields": [
        field_("resolution", "integer", "S/RES number", required=True, minimum=2000, maximum=3000),
        field_("adopted_on", "date", "Date of adoption", required=True),
        field_("vote", "string", "for-against-abstaining", required=True, pattern=r"^\d{1,2}-\d{1,2}-\d{1,2}$"),
        field_("mandate_until", "date", "Mandate expiry the resolution set"),
        field_("authorised_troops", "integer", "Military ceiling", minimum=0),
        field_("authorised_police", "integer", "Police ceiling", minimum=0),
        field_("key_change", "string", "Summary", required=True),
        *provenance(),
    ],
    "primaryKey": ["resolution"],
}


def derive_resolutions(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Security Council resolutions on MINUSMA's mandate, with vote split and ceilings.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`RESOLUTIONS_SCHEMA`, sorted by adoption date. A
        resolution that sets no new ceiling (2391, 2690) has empty ceilings;
        ``renews_mandate`` is false for 2391 (a task, no renewal) and 2690
        (termination).

    Raises
    ------
    DataValidationError
        A vote does not add up to the Council's 15 members, a mandate ends
        before the adoption date, or adoption dates are not in order of
        resolution numbers.
    """
    path = paths["facts_resolutions"]
    label = relative(Path(path))
    raw = read_csv_checked(path, RAW_RESOLUTIONS_SCHEMA)
    raw = reader_titles(without_uncitable(raw[~is_unverified(raw)], paths[POLICY]))
    votes = raw["vote"].str.split("-", expand=True).astype(int)
    problems = []
    for i, r in raw.iterrows():
        if votes.loc[i].sum() != 15:
            problems.append(Problem(label, i + 2, "vote", "votes do not add up to 15 members", r["vote"]))
        if pd.notna(r["mandate_until"]) and r["mandate_until"] < r["adopted_on"]:
            problems.append(Problem(label, i + 2, "mandate_until", "mandate ends before adoption"))
    if not raw.sort_values("resolution")["adopted_on"].is_monotonic_increasing:
        problems.append(Problem(label, None, "adopted_on", "adoption dates are not in the order of resolution numbers"))
    if problems:
        raise DataValidationError(problems)
    out = raw.assign(votes_for=votes[0], votes_against=votes[1], abstentions=votes[2])
    # A renewal sets a new expiry later than the previous one; 2391 sets none, 2690 ends the mandate on adoption.
    prev = out["mandate_until"].ffill().shift()
    out["renews_mandate"] = out["mandate_until"].notna() & (prev.isna() | (out["mandate_until"] > prev))
    out = out.sort_values("adopted_on").reset_index(drop=True)
    return out[[f["name"] for f in RESOLUTIONS_SCHEMA["fields"]]]


RESOLUTIONS_SCHEMA = {
    "fields": [
        field_("resolution", "integer", "Security Council resolution number (S/RES/…)", required=True),
        field_("adopted_on", "date", "Date of adoption", required=True),
        field_("vote", "string", "in favour-against-abstaining", required=True),
        field_("votes_for", "integer", "Votes in favour", required=True, minimum=0, maximum=15),
        field_("votes_against", "integer", "Votes against", required=True, minimum=0, maximum=15),
        field_("abstentions", "integer", "Abstentions", required=True, minimum=0, maximum=15),
        field_("mandate_until", "date", "Mandate expiry set by the resolution (2690: the day the mandate ended)"),
        field_("renews_mandate", "boolean", "True when the resolution extends the mandate", required=True),
        field_("authorised_troops", "integer", "Military ceiling set (persons); empty if none", minimum=0),
        field_("authorised_police", "integer", "Police ceiling set (persons); empty if none", minimum=0),
        field_("key_change", "string", "What changed (compiler's summary)", required=True),
        *provenance(),
    ],
    "primaryKey": ["resolution"],
}

# --------------------------------------------------------------------------
# Budgets
# --------------------------------------------------------------------------

RAW_BUDGET_SCHEMA = {
    "fields": [
        field_(
            "fiscal_year",
            "string",
            "YYYY/YY, optionally with a qualifier in brackets",
            required=True,
            pattern=r"^\d{4}/\d{2}( \(.+\))?$",
        ),
        field_(
            "period", "string", "start/end, ISO dates", required=True, pattern=r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$"
        ),
        field_("amount_usd", "number", "US dollars", minimum=0),
        field_("basis", "string", "approved, appropriated, requested...", required=True),
        use("notes", "Notes"),
        *provenance(title="Source, or 'unverified'"),
    ],
    "primaryKey": ["fiscal_year"],
}

_FY = re.compile(r"^(\d{4})/(\d{2})(?: \((.+)\))?$")

#: Source id of the curated table saying whether each peacekeeping total includes MINUSMA's own budget,
#: with the evidence and its source (``curated/budget_total_scope.csv``).
SCOPE = "curated_budget_scope"

SCOPE_SCHEMA = {
    "fields": [
        field_(
            "label",
            "string",
            "Fiscal year as facts/peacekeeping_budget_totals.csv writes it",
            required=True,
            unique=True,
        ),
        field_(
            "includes_minusma",
            "boolean",
            "Whether the total contains MINUSMA's budget; empty when the mission had closed",
        ),
        field_("evidence", "string", "What the source says", required=True),
        *provenance(required=True, pattern=URL_PATTERN),
    ],
    "primaryKey": ["label"],
}


def _budget_rows(path: Path, label: str, policy: Path) -> pd.DataFrame:
    raw = reader_titles(without_uncitable(read_csv_checked(path, RAW_BUDGET_SCHEMA), policy))
    problems = []
    starts, ends, fys, variants = [], [], [], []
    for i, r in raw.iterrows():
        m = _FY.match(r["fiscal_year"])
        start_year = int(m.group(1))
        if (start_year + 1) % 100 != int(m.group(2)):
            problems.append(
                Problem(label, i + 2, "fiscal_year", "second year does not follow the first", r["fiscal_year"])
            )
        a, b = (pd.Timestamp(x) for x in r["period"].split("/"))
        fy_start, fy_end = pd.Timestamp(f"{start_year}-07-01"), pd.Timestamp(f"{start_year + 1}-06-30")
        # A UN fiscal year runs 1 July - 30 June. The main figure of a year must lie inside it; qualified rows
        # may not (the 2012/13 start-up request covers 25 April to 31 December 2013).
        if b < a or (m.group(3) is None and (a < fy_start or b > fy_end)):
            problems.append(
                Problem(label, i + 2, "period", "period outside the UN fiscal year (1 July - 30 June)", r["period"])
            )
        starts.append(a)
        ends.append(b)
        fys.append(f"{start_year}/{m.group(2)}")
        variants.append(m.group(3) or "main")
    unverified = is_unverified(raw)
    for i in raw.index[~unverified & raw["amount_usd"].isna() & ~raw["basis"].str.contains("not found")]:
        problems.append(
            Problem(label, i + 2, "amount_usd", "a sourced row needs an amount (or a basis saying 'not found')")
        )
    for i in raw.index[~unverified & raw["source_url"].fillna("").str.strip().eq("")]:
        problems.append(
            Problem(
                label,
                i + 2,
                "source_url",
                "a sourced row needs the address of its source (or "
                "'unverified' as its source title, which withholds the amount)",
            )
        )
    if problems:
        raise DataValidationError(problems)
    out = raw.assign(
        label=raw["fiscal_year"],
        fiscal_year=fys,
        variant=variants,
        period_start=starts,
        period_end=ends,
        verified=~unverified,
    )
    # Unverified amounts are withheld: the year stays in the table as a gap, saying why.
    out.loc[unverified, "amount_usd"] = None
    out.loc[unverified, "notes"] = (
        "amount withheld: the fact base marks it unverified (recollection only, no source found)"
    )
    out.loc[unverified, "source_url"] = None
    return out


def derive_budget(paths: Mapping[str, Path]) -> pd.DataFrame:
    """MINUSMA's budgets by UN fiscal year (1 July - 30 June), unverified amounts withheld.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`BUDGET_SCHEMA`, one row per raw row (the main
        figure of a year has ``variant == "main"``; alternatives,
        supplements, partial periods and recommendations are their own
        variants). ``amount_usd`` is empty and ``verified`` false where the
        fact base marks the row unverified.

    Raises
    ------
    DataValidationError
        A row has no basis or no source title (schema), a fiscal year is
        malformed, a period falls outside its fiscal year, or a sourced row
        has no amount or no source address.
    """
    path = paths["facts_budget"]
    out = _budget_rows(path, relative(Path(path)), paths[POLICY])
    return out[[f["name"] for f in BUDGET_SCHEMA["fields"]]].reset_index(drop=True)


def derive_pk_budget_totals(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Approved budget totals of all UN peacekeeping operations, for MINUSMA's share.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`PK_TOTALS_SCHEMA`. ``includes_minusma`` says
        whether the total contains MINUSMA's budget, from the curated
        ``curated/budget_total_scope.csv`` (evidence and source per row);
        the scope of the totals differs between rows (support account, UNLB
        and RSCE in or out).

    Raises
    ------
    DataValidationError
        As :func:`derive_budget`; or a row of the totals has no row in the
        curated scope table (or the scope table has a row for no total).
    """
    path = paths["facts_pk_budget_totals"]
    label = relative(Path(path))
    out = _budget_rows(path, label, paths[POLICY])
    scope_path = paths[SCOPE]
    scope = read_csv_checked(scope_path, SCOPE_SCHEMA).set_index("label")
    problems = [
        Problem(
            label,
            int(i) + 2,
            "fiscal_year",
            f"no row in {relative(Path(scope_path))}: say there "
            "whether this total includes MINUSMA, with the evidence and its source",
            lab,
        )
        for i, lab in out["label"].items()
        if lab not in scope.index
    ]
    problems += [
        Problem(relative(Path(scope_path)), None, "label", f"no such row in {label}", lab)
        for lab in scope.index
        if lab not in set(out["label"])
    ]
    if problems:
        raise DataValidationError(problems)
    out["includes_minusma"] = out["label"].map(scope["includes_minusma"])
    return out[[f["name"] for f in PK_TOTALS_SCHEMA["fields"]]].reset_index(drop=True)


_BUDGET_FIELDS = [
    field_("label", "string", "Fiscal year as the fact base writes it, with its qualifier", required=True),
    field_(
        "fiscal_year", "string", "UN fiscal year YYYY/YY (1 July - 30 June)", required=True, pattern=r"^\d{4}/\d{2}$"
    ),
    field_(
        "variant",
        "string",
        "main, or the qualifier: alt., supplement, first half, start-up, ACABQ rec., final",
        required=True,
    ),
    field_("period_start", "date", "First day covered", required=True),
    field_("period_end", "date", "Last day covered", required=True),
    field_("amount_usd", "number", "US dollars; empty when unverified or not found", minimum=0),
    field_("basis", "string", "approved, appropriated, reported approximate, recommended...", required=True),
    field_("verified", "boolean", "False when the fact base marks the row unverified (amount withheld)", required=True),
    use("notes", "Notes (for unverified rows: why the amount is withheld)"),
    *provenance(title="Source ('unverified' where none was found)"),
]

BUDGET_SCHEMA = {"fields": list(_BUDGET_FIELDS), "primaryKey": ["label"]}
PK_TOTALS_SCHEMA = {
    "fields": _BUDGET_FIELDS[:6]
    + [
        field_(
            "includes_minusma",
            "boolean",
            "Whether the total contains MINUSMA's budget; empty when not applicable (after the mission)",
        ),
    ]
    + _BUDGET_FIELDS[6:],
    "primaryKey": ["label"],
}

# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------

#: Metrics of ``facts/figures.csv`` that the Mission chapter uses.
MISSION_METRICS = (
    "authorised_military",
    "authorised_police",
    "authorised_military_breakdown",
    "deployed_uniformed_at_transfer",
    "deployed_total",
    "deployed_military",
    "deployed_police",
    "deployed_uniformed",
    "contributing_countries_total",
)

RAW_FIGURES_SCHEMA = {
    "fields": [
        field_("metric", "string", "snake_case name", required=True, pattern=r"^[a-z0-9_]+$"),
        field_("value", "string", "Number or short text", required=True),
        field_("unit", "string", "Unit", required=True),
        field_(
            "as_of", "string", "Date, YYYY-MM-DD, YYYY-MM or YYYY", required=True, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"
        ),
        field_("as_of_precision", "string", "day, month or year", required=True, enum=["day", "month", "year"]),
        use("notes", "Notes"),
        *provenance(title="Source, or 'unverified'", url="Address"),
    ],
}


def read_figures(paths: Mapping[str, Path]) -> pd.DataFrame:
    """The fact base's figures, without rows cited only to outlets the report does not cite, plus the
    project's re-sourced rows (``curated/figures.csv``), titles in a reader's words.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`RAW_FIGURES_SCHEMA` (str), fact-base rows first.

    Raises
    ------
    DataValidationError
        Either file breaks :data:`RAW_FIGURES_SCHEMA`.
    """
    raw = without_uncitable(read_csv_checked(paths["facts_figures"], RAW_FIGURES_SCHEMA), paths[POLICY])
    extra = read_csv_checked(paths["curated_figures"], RAW_FIGURES_SCHEMA)
    return reader_titles(pd.concat([raw, extra], ignore_index=True))


def derive_mission_figures(paths: Mapping[str, Path]) -> pd.DataFrame:
    """The figures of the fact base that the Mission chapter uses; unverified rows left out.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`FIGURES_SCHEMA`: the rows whose metric is in
        :data:`MISSION_METRICS` and whose source is not ``unverified``.
        ``value_number`` is the value as a number where it is one.
    """
    raw = read_figures(paths)
    sel = raw[raw["metric"].isin(MISSION_METRICS) & ~is_unverified(raw)].copy()
    sel["value_number"] = pd.to_numeric(sel["value"], errors="coerce")
    return sel[[f["name"] for f in FIGURES_SCHEMA["fields"]]].reset_index(drop=True)


FIGURES_SCHEMA = {
    "fields": [
        field_("metric", "string", "What the figure measures", required=True, enum=list(MISSION_METRICS)),
        field_("value", "string", "The figure as the source gives it", required=True),
        field_("value_number", "number", "The figure as a number (empty when it is a text)"),
        field_("unit", "string", "Unit", required=True),
        field_("as_of", "string", "Date the figure refers to (YYYY-MM-DD, YYYY-MM or YYYY)", required=True),
        field_("as_of_precision", "string", "day, month or year", required=True),
        use("notes"),
        *provenance(),
    ],
    "primaryKey": ["metric", "as_of", "value"],
}

TABLES = [
    TableSpec(
        name="resolutions",
        title="Security Council resolutions on MINUSMA, 2013-2023",
        description=(
            "Each resolution that created, renewed, changed or ended MINUSMA's mandate: date, vote, "
            "mandate expiry, troop and police ceilings and what changed, with its source."
        ),
        sources=("facts_resolutions",),
        checked_against=(POLICY,),
        schema=RESOLUTIONS_SCHEMA,
        derive=derive_resolutions,
        licence="FACTS",
        unit="resolutions",
    ),
    TableSpec(
        name="budget",
        title="MINUSMA budgets by UN fiscal year (July-June), with unverified amounts withheld",
        description=(
            "Approved, appropriated or reported budgets of MINUSMA per UN fiscal year. Years the fact "
            "base marks unverified keep their row with the amount left empty, so they show as gaps."
        ),
        sources=("facts_budget",),
        checked_against=(POLICY,),
        schema=BUDGET_SCHEMA,
        derive=derive_budget,
        licence="FACTS",
        unit="US dollars",
    ),
    TableSpec(
        name="peacekeeping_budget_totals",
        title="Approved budget totals of all UN peacekeeping operations, selected fiscal years",
        description=(
            "Totals of all peacekeeping operations as reported by UN releases and the press; their scope "
            "differs (support account, UNLB, RSCE in or out). includes_minusma says whether MINUSMA's "
            "own budget is in the total."
        ),
        sources=("facts_pk_budget_totals", SCOPE),
        checked_against=(POLICY,),
        schema=PK_TOTALS_SCHEMA,
        derive=derive_pk_budget_totals,
        licence="FACTS",
        unit="US dollars",
    ),
    TableSpec(
        name="mission_figures",
        title="Sourced figures on MINUSMA's authorised and deployed strength and contributors",
        description=(
            "Rows of the fact base's figures used by the Mission chapter (ceilings, strength at dates, "
            "contributing countries); rows marked unverified are left out."
        ),
        sources=("facts_figures", "curated_figures"),
        checked_against=(POLICY,),
        schema=FIGURES_SCHEMA,
        derive=derive_mission_figures,
        licence="FACTS",
        unit="as given per row",
    ),
]
