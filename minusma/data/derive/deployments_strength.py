"""UN deployments, derived tables of MINUSMA's size and composition.

``strength_statements``, ``ipi_mission_monthly``, ``dpo_year_means``, ``uniformed_strength`` (every
source's totals, official, statement and estimate apart in ``basis``) and ``contributors`` (uniformed
personnel by contributing country). Declared in :mod:`minusma.data.derive.deployments`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data import reference as ref
from minusma.data import sources as src
from minusma.data.derive.citations import POLICY, reader_titles, without_uncitable
from minusma.data.derive.deployments_read import (
    _RADPKO_KINDS,
    DPO_WHOLE_YEARS,
    MISSION,
    PARTS_TOLERANCE,
    RADPKO_LAST_MONTH,
    RADPKO_STEMS,
    _text,
    radpko_country,
    read_geopko_minusma,
    read_ipi_contributions,
    read_ipi_monthly,
    read_radpko_minusma,
)
from minusma.data.derive.deployments_schemas import (
    CONTRIBUTORS_SCHEMA,
    DPO_YEAR_MEANS_SCHEMA,
    IPI_MONTHLY_OUT_SCHEMA,
    STATEMENTS_SCHEMA,
    UNIFORMED_STRENGTH_SCHEMA,
)
from minusma.data.derive.deployments_statements import (
    MEASURE_GROUPS,
    STATEMENT_FLAGS,
    _dpo_minusma,
    read_dpo_year_means,
    read_statements,
)
from minusma.data.validate import DataValidationError, Problem
from minusma.paths import relative

# --------------------------------------------------------------------------
# Derived tables
# --------------------------------------------------------------------------


def derive_strength_statements(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Every row of ``strength_statements.csv``, with its group, headcount flag and UN country name.

    Rows cited only to an outlet the report does not cite are left out; the
    project's re-sourced rows (``curated/strength_statements.csv``) follow,
    numbered after the compiled file's rows.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`STATEMENTS_SCHEMA`, one row per kept raw row, in file order.

    Raises
    ------
    DataValidationError
        See :func:`read_statements`; or a rule of :data:`STATEMENT_FLAGS` matches no row.
    """
    path = paths["strength_statements"]
    raw = read_statements(path)
    kept = without_uncitable(raw, paths[POLICY])
    extra = read_statements(paths["curated_strength_statements"])
    extra["line"] = extra["line"] + int(raw["line"].max())  # numbered after the compiled file's rows
    df = reader_titles(pd.concat([kept, extra], ignore_index=True))
    out = df.copy()
    out["statement_id"] = df["line"] - 1
    out["contributor"] = df["contributor"].map(lambda c: ref.country_name(c) if _text(c) else None)
    out["iso3"] = out["contributor"].map(lambda c: ref.iso3(c) if _text(c) else None)
    out["measure_group"] = df["measure"].map(MEASURE_GROUPS)
    out["basis"] = "statement"
    out["headcount"] = out["measure_group"].isin(["deployed", "departures"])
    out["flag"] = None
    problems = []
    for name, test, headcount, text in STATEMENT_FLAGS:
        hit = df.apply(test, axis=1)
        if not hit.any():
            problems.append(
                Problem(
                    relative(Path(path)),
                    None,
                    None,
                    f"flag rule {name!r} matches no row: update STATEMENT_FLAGS in minusma/data/derive/deployments.py",
                )
            )
        out.loc[hit, "headcount"] = out.loc[hit, "headcount"] & headcount
        out.loc[hit, "flag"] = text
    if problems:
        raise DataValidationError(problems)
    return out[[f["name"] for f in STATEMENTS_SCHEMA["fields"]]]


def derive_ipi_mission_monthly(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Uniformed personnel of every UN mission by month, 1990-11 to 2017-03 (IPI, official UN counts).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`IPI_MONTHLY_OUT_SCHEMA`, sorted by mission and date.
        ``military`` is troops plus observers; ``uniformed`` is IPI's total.
        ``un_mission`` is the acronym of the UN fatalities table where the
        mission is in it (empty otherwise).
    """
    raw = read_ipi_monthly(paths["ipi_mission_monthly"])
    out = pd.DataFrame(
        {
            "date": raw["Date"],
            "mission": raw["Mission"],
            "un_mission": raw["Mission"].map(
                lambda m: IPI_MISSION_ALIASES.get(m, m) if IPI_MISSION_ALIASES.get(m, m) in ref.MISSIONS else None
            ),
            "contributors": raw["Number of Contributors"],
            "troops": raw["Troops"],
            "police": raw["Police"],
            "observers": raw["Observers"],
            "uniformed": raw["Total"],
            "basis": "official",
        }
    )
    out["mission_kind"] = out["un_mission"].map(lambda m: ref.MISSIONS.get(m) if m else None)
    out = out.sort_values(["mission", "date"]).reset_index(drop=True)
    return out[[f["name"] for f in IPI_MONTHLY_OUT_SCHEMA["fields"]]]


#: IPI acronyms that the UN fatalities table writes otherwise.
IPI_MISSION_ALIASES = {"UNAVEM II": "UNAVEM", "UNOSOM II": "UNOSOM"}


def _ipi_minusma(paths) -> pd.DataFrame:
    raw = read_ipi_monthly(paths["ipi_mission_monthly"])
    m = raw[raw["Mission"] == MISSION].sort_values("Date")
    return pd.DataFrame(
        {
            "source": "IPI",
            "basis": "official",
            "statistic": "month-end count",
            "period_start": m["Date"],
            "period_end": m["Date"],
            "military": (m["Troops"].fillna(0) + m["Observers"].fillna(0)).astype(float),
            "police": m["Police"].astype(float),
            "uniformed": m["Total"].astype(float),
            "uniformed_how": "published",
            "headcount": True,
            "note": m["Observers"].isna().map({True: "observers not reported (counted as 0)", False: None}),
            "source_title": src.get("ipi_mission_monthly").title,
            "source_url": src.get("ipi_mission_monthly").url,
        }
    )


def _radpko_years(paths) -> pd.DataFrame:
    r = read_radpko_minusma(paths["radpko_bases"])
    r["military"] = r["untrp"] + r["unmob"]
    g = r.groupby("year")
    last = pd.Period(RADPKO_LAST_MONTH, "M")
    years = g["date"].min().index
    end = [min(pd.Timestamp(f"{y}-12-31"), last.to_timestamp(how="end").normalize()) for y in years]
    s = src.get("radpko_bases")
    return pd.DataFrame(
        {
            "source": "RADPKO",
            "basis": "official",
            "statistic": "yearly mean of monthly counts",
            "period_start": g["date"].min().values,
            "period_end": end,
            "military": g["military"].sum().round(1).values,
            "police": g["unpol"].sum().round(1).values,
            "uniformed": g["pko_deployed"].sum().round(1).values,
            "uniformed_how": "published",
            "headcount": True,
            "note": [f"sum over {n} bases of yearly means" for n in g.size().values],
            "source_title": s.title,
            "source_url": s.url,
        }
    )


def _components(g: pd.DataFrame) -> tuple:
    """Military, police and uniformed figures of one statement (rows of one date and source).

    Returns ``(military, police, uniformed, how)``: floats or None, and how the
    uniformed figure was obtained (``published`` when the statement gives a
    total, or a total whose personnel type it does not state; ``military +
    police`` when it gives both parts; None when it gives neither).
    """
    vals = dict(zip(g["component"], g["value"].astype(float)))
    mil, pol = vals.get("military"), vals.get("police")
    tot = vals.get("total_uniformed", vals.get("uniformed_unspecified"))
    if tot is not None:
        return mil, pol, tot, "published"
    if mil is not None and pol is not None:
        return mil, pol, mil + pol, "military + police"
    return mil, pol, None, None


def _statement_points(paths) -> pd.DataFrame:
    st = derive_strength_statements(paths)
    mission_wide = st["contributor"].isna() & st["as_of"].notna() & st["headcount"]
    dep = st[
        mission_wide & (st["measure"] == "deployed") & st["component"].isin(["military", "police", "total_uniformed"])
    ]
    rows = []
    for (as_of, url), g in dep.groupby(["as_of", "source_url"], sort=True):
        mil, pol, tot, how = _components(g)
        rows.append(
            {
                "statistic": "as published",
                "period_start": as_of,
                "military": mil,
                "police": pol,
                "uniformed": tot,
                "uniformed_how": how,
                "note": "; ".join(n for n in g["note"].fillna("") if n) or None,
                "source_title": g["source_title"].iloc[0],
                "source_url": url,
            }
        )
    # The 2023 withdrawal: a baseline to repatriate, then cumulative repatriations.
    base = st[mission_wide & (st["measure"] == "to_repatriate") & (st["component"] == "total_uniformed")]
    if len(base) != 1:
        raise DataValidationError(
            [
                Problem(
                    "sources/" + src.get("strength_statements").path,
                    None,
                    "measure",
                    f"expected one mission-wide 'to_repatriate' uniformed baseline, found {len(base)}",
                )
            ]
        )
    b = base.iloc[0]
    rows.append(
        {
            "statistic": "withdrawal baseline",
            "period_start": b["as_of"],
            "military": None,
            "police": None,
            "uniformed": float(b["value"]),
            "uniformed_how": "published",
            "note": b["note"],
            "source_title": b["source_title"],
            "source_url": b["source_url"],
        }
    )
    rep = st[
        mission_wide
        & (st["measure"] == "repatriated_cumulative")
        & (st["component"] == "total_uniformed")
        & (st["as_of"] > b["as_of"])
    ]
    for r in rep.itertuples():
        rows.append(
            {
                "statistic": "remaining (baseline − repatriated)",
                "period_start": r.as_of,
                "military": None,
                "police": None,
                "uniformed": float(b["value"] - r.value),
                "uniformed_how": "baseline − repatriated",
                "note": f"{int(b['value']):,} at the start of the withdrawal minus {int(r.value):,} repatriated",
                "source_title": r.source_title,
                "source_url": r.source_url,
            }
        )
    out = pd.DataFrame(rows)
    out["period_end"] = out["period_start"]
    out["source"], out["basis"], out["headcount"] = "statement", "statement", True
    return out


def _geopko_years(paths) -> pd.DataFrame:
    f = read_geopko_minusma(paths["geopko_frontmap"], "front")
    loc = f.drop_duplicates(["year", "location"])
    g = loc.groupby("year")
    s = src.get("geopko_frontmap")
    years = g.size().index
    return pd.DataFrame(
        {
            "source": "Geo-PKO",
            "basis": "estimate",
            "statistic": "sum of location estimates (troops)",
            "period_start": [pd.Timestamp(f"{y}-01-01") for y in years],
            "period_end": [pd.Timestamp(f"{y}-12-31") for y in years],
            "military": g["ave.no.troops"].sum().values,
            "police": None,
            "uniformed": None,
            "uniformed_how": None,
            "headcount": False,
            "note": [f"{n} locations; troop sizes estimated from map symbols, not counted" for n in g.size().values],
            "source_title": s.title,
            "source_url": s.url,
        }
    )


def derive_dpo_year_means(paths: Mapping[str, Path]) -> pd.DataFrame:
    """Uniformed personnel of every UN mission by contributing country and year, 2010-2021 (UN DPO yearly means).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`DPO_YEAR_MEANS_SCHEMA`, one row per year, mission
        and contributor with personnel, sorted. ``whole_year`` is true for the
        years of :data:`DPO_WHOLE_YEARS` only: the other years' means count
        missing months as zero and are not levels; :func:`minusma.analysis.rates.dpo_strength`
        refuses them.
    """
    d = read_dpo_year_means(paths["dpo_uniformed_year_means"])
    out = d.drop(columns=["country", "line"]).assign(
        iso3=d["contributor"].map(ref.iso3), whole_year=d["year"].isin(DPO_WHOLE_YEARS), basis="official"
    )
    out = out.sort_values(["year", "mission", "contributor"]).reset_index(drop=True)
    return out[[f["name"] for f in DPO_YEAR_MEANS_SCHEMA["fields"]]]


def _dpo_years(paths) -> pd.DataFrame:
    m = _dpo_minusma(paths)
    g = m.groupby("year")
    s = src.get("dpo_uniformed_year_means")
    years = g.size().index
    return pd.DataFrame(
        {
            "source": "DPO",
            "basis": "official",
            "statistic": "yearly mean of monthly counts",
            "period_start": [pd.Timestamp(f"{y}-01-01") for y in years],
            "period_end": [pd.Timestamp(f"{y}-12-31") for y in years],
            "military": None,
            "police": None,
            "uniformed": g["uniformed"].sum().astype(float).values,
            "uniformed_how": "published",
            "headcount": True,
            "note": [
                f"{n} contributing countries; all personnel types together (the file has no types); {f:,} women"
                for n, f in zip(g.size().values, g["female"].sum().values)
            ],
            "source_title": s.title,
            "source_url": s.url,
        }
    )


def derive_uniformed_strength(paths: Mapping[str, Path]) -> pd.DataFrame:
    """MINUSMA's deployed strength from every source, each row labelled official, statement or estimate.

    Rows: IPI month-end counts (2013-07 to 2017-03; official); RADPKO
    yearly means (2014-2019; official); UN DPO yearly means of the whole
    years 2018-2020 (official; all personnel types together); mission-wide figures of UN
    statements (as published, plus the 2023 withdrawal baseline and the
    strength remaining after each published count of repatriations);
    Geo-PKO's yearly sums of location estimates (troops only; estimate, not
    a headcount).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`UNIFORMED_STRENGTH_SCHEMA`, sorted by source order
        (IPI, RADPKO, DPO, statement, Geo-PKO) then date. Values in persons
        (yearly means keep one decimal).

    Raises
    ------
    DataValidationError
        A raw file breaks its rules (see the readers), or a row's uniformed
        total differs from military + police by more than
        :data:`PARTS_TOLERANCE`.
    """
    parts = [
        _ipi_minusma(paths),
        _radpko_years(paths),
        _dpo_years(paths),
        _statement_points(paths),
        _geopko_years(paths),
    ]
    out = pd.concat(parts, ignore_index=True)
    cols = [f["name"] for f in UNIFORMED_STRENGTH_SCHEMA["fields"]]
    for c in ("military", "police", "uniformed"):
        out[c] = pd.to_numeric(out[c])
    bad = out[
        ((out["military"] + out["police"] - out["uniformed"]).abs() > PARTS_TOLERANCE)
        & out["uniformed_how"].eq("published")
    ]
    if len(bad):
        raise DataValidationError(
            [
                Problem(
                    "sources/" + src.get(SOURCE_OF[r.source]).path,
                    None,
                    "uniformed",
                    f"{r.statistic} of {r.period_start:%Y-%m-%d}: total differs from military "
                    f"+ police by more than {PARTS_TOLERANCE:g}",
                    f"{r.uniformed:g} vs {r.military:g} + {r.police:g}",
                )
                for r in bad.itertuples()
            ]
        )
    return out[cols].reset_index(drop=True)


#: The raw source of each ``source`` of ``uniformed_strength`` (for messages).
SOURCE_OF = {
    "IPI": "ipi_mission_monthly",
    "RADPKO": "radpko_bases",
    "DPO": "dpo_uniformed_year_means",
    "statement": "strength_statements",
    "Geo-PKO": "geopko_frontmap",
}


def derive_contributors(paths: Mapping[str, Path]) -> pd.DataFrame:
    """MINUSMA's uniformed personnel by contributing country, from every source with country detail.

    Rows: UN statements of country strength (dated ones; 2013-08-31 lists
    all 30 contributors; later ones a few countries), IPI's March 2014
    month (all 43 contributors; official), RADPKO yearly means by country
    2014-2019 (official; summed over bases), UN DPO yearly means by country
    for the whole years 2018-2020 (official; no personnel types).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`CONTRIBUTORS_SCHEMA`. ``african`` is true for
        countries of the UN M49 region Africa (:data:`minusma.data.reference.AFRICA_ISO3`).
    """
    st = derive_strength_statements(paths)
    dep = st[st["contributor"].notna() & st["as_of"].notna() & (st["measure"] == "deployed")]
    rows = []
    for (as_of, url, who), g in dep.groupby(["as_of", "source_url", "contributor"], sort=True):
        mil, pol, tot, _ = _components(g)
        notes = [n for n in g["note"].fillna("") if n]
        if "uniformed_unspecified" in set(g["component"]):
            notes.insert(0, "personnel type not stated")
        rows.append(
            {
                "source": "statement",
                "basis": "statement",
                "statistic": "as published",
                "period_start": as_of,
                "period_end": as_of,
                "contributor": who,
                "military": mil,
                "police": pol,
                "uniformed": tot,
                "n_bases": None,
                "headcount": bool(g["headcount"].all()),
                "note": "; ".join(dict.fromkeys(notes)) or None,
                "source_url": url,
            }
        )
    ipi = read_ipi_contributions(paths["ipi_contributions_2014_03"])
    ipi = ipi[ipi["Mission"] == MISSION]
    s = src.get("ipi_contributions_2014_03")
    for r in ipi.itertuples():
        # Each person once: IPI counts military observers also among its experts on mission (Observers <=
        # Experts_on_Mission in every row), so military = troops + experts on mission (observers if no experts).
        experts = r.Observers if pd.isna(r.Experts_on_Mission) else r.Experts_on_Mission
        mil = sum(0 if pd.isna(v) else v for v in (r.Troops, experts))
        pol = 0 if pd.isna(r.Civilian_Police) else r.Civilian_Police
        rows.append(
            {
                "source": "IPI",
                "basis": "official",
                "statistic": "month-end count",
                "period_start": r.Date,
                "period_end": r.Date,
                "contributor": ref.country_name(r.Contributor),
                "military": mil,
                "police": pol,
                "uniformed": r.Total,
                "n_bases": None,
                "headcount": True,
                "note": None,
                "source_url": s.url,
            }
        )
    rad = read_radpko_minusma(paths["radpko_bases"])
    s = src.get("radpko_bases")
    last = pd.Period(RADPKO_LAST_MONTH, "M").to_timestamp(how="end").normalize()
    for stem in RADPKO_STEMS:
        c = {k: f"{stem}_{k}" for k in _RADPKO_KINDS}
        g = rad.groupby("year").agg(
            start=("date", "min"),
            pko=(c["pko"], "sum"),
            untrp=(c["untrp"], "sum"),
            unpol=(c["unpol"], "sum"),
            unmob=(c["unmob"], "sum"),
            n_bases=(c["pko"], lambda v: int((v > 0).sum())),
        )
        for year, r in g[g["pko"] > 0].iterrows():
            rows.append(
                {
                    "source": "RADPKO",
                    "basis": "official",
                    "statistic": "yearly mean of monthly counts",
                    "period_start": r["start"],
                    "period_end": min(pd.Timestamp(f"{year}-12-31"), last),
                    "contributor": radpko_country(stem),
                    "military": round(r["untrp"] + r["unmob"], 1),
                    "police": round(r["unpol"], 1),
                    "uniformed": round(r["pko"], 1),
                    "n_bases": r["n_bases"],
                    "headcount": True,
                    "note": None,
                    "source_url": s.url,
                }
            )
    s = src.get("dpo_uniformed_year_means")
    for r in _dpo_minusma(paths).itertuples():
        rows.append(
            {
                "source": "DPO",
                "basis": "official",
                "statistic": "yearly mean of monthly counts",
                "period_start": pd.Timestamp(f"{r.year}-01-01"),
                "period_end": pd.Timestamp(f"{r.year}-12-31"),
                "contributor": r.contributor,
                "military": None,
                "police": None,
                "uniformed": float(r.uniformed),
                "n_bases": None,
                "headcount": True,
                "note": "all personnel types together",
                "source_url": s.url,
            }
        )
    out = pd.DataFrame(rows)
    out["iso3"] = out["contributor"].map(ref.iso3)
    out["african"] = out["iso3"].isin(ref.AFRICA_ISO3)
    order = {"statement": 0, "IPI": 1, "RADPKO": 2, "DPO": 3}
    out = out.sort_values(
        ["period_start", "source", "uniformed", "contributor"],
        ascending=[True, True, False, True],
        key=lambda s: s.map(order) if s.name == "source" else s,
    )
    # A total is never published beside parts that do not add up to it (within the sources' rounding).
    full = out.dropna(subset=["military", "police", "uniformed"])
    full = full[(full["military"] + full["police"] > 0)]
    bad = full[(full["military"] + full["police"] - full["uniformed"]).abs() > PARTS_TOLERANCE]
    if len(bad):
        raise DataValidationError(
            [
                Problem(
                    "data/contributors.csv (derived)",
                    None,
                    "uniformed",
                    f"{r.source} {r.contributor} "
                    f"{r.period_start:%Y-%m-%d}: uniformed differs from military + police by more than {PARTS_TOLERANCE:g} "
                    "(rule 'total equals parts')",
                    f"{r.uniformed:g} vs {r.military:g} + {r.police:g}",
                )
                for r in bad.itertuples()
            ]
        )
    return out[[f["name"] for f in CONTRIBUTORS_SCHEMA["fields"]]].reset_index(drop=True)
