"""What the mission cost: budgets by UN fiscal year, the share of all peacekeeping, cost per person-year, the decade.

Inputs are derived tables of ``data/`` (:mod:`minusma.data.derive.mission_facts`): ``budget`` (every sourced
figure of each fiscal year, unsourced years as gaps) and ``peacekeeping_budget_totals``; ``uniformed_strength``
for the person-years. Money is US dollars; fiscal years are the UN's (1 July to 30 June).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma.analysis import rates
from minusma.analysis.keys import key, key_frame
from minusma.analysis.mission import sources

#: The mission's fiscal years (UN peacekeeping budgets run 1 July - 30 June).
FISCAL_YEARS = tuple(f"{y}/{(y + 1) % 100:02d}" for y in range(2013, 2024))


def budget_series(budget: pd.DataFrame) -> pd.DataFrame:
    """One budget figure per fiscal year of the mission, 2013/14 to 2023/24, with gaps where unverified.

    The year's main row is used; a year whose main row is unverified keeps
    an empty ``amount_usd`` and, where the fact base has a sourced figure
    for part of the year, shows it as ``partial_usd``.

    Returns
    -------
    pandas.DataFrame
        Index ``fiscal_year`` (:data:`FISCAL_YEARS`); columns ``amount_usd``
        (float or NaN), ``status`` (``sourced``, ``unverified`` or
        ``missing``), ``basis`` (str), ``period_start``, ``period_end``,
        ``partial_usd`` (float or NaN), ``partial_label`` (str or None),
        ``alternatives`` (str: other sourced figures for the year, or None).
    """
    rows = []
    for fy in FISCAL_YEARS:
        g = budget[budget["fiscal_year"] == fy]
        main = g[g["variant"] == "main"]
        others = g[(g["variant"] != "main") & g["verified"].astype(bool) & g["amount_usd"].notna()]
        row = {
            "fiscal_year": fy,
            "amount_usd": np.nan,
            "status": "missing",
            "basis": None,
            "period_start": pd.Timestamp(f"20{fy[2:4]}-07-01"),
            "period_end": pd.Timestamp(f"20{fy[5:7]}-06-30"),
            "partial_usd": np.nan,
            "partial_label": None,
            "alternatives": None,
        }
        if len(main):
            m = main.iloc[0]
            row.update(period_start=m["period_start"], period_end=m["period_end"], basis=m["basis"])
            if bool(m["verified"]) and pd.notna(m["amount_usd"]):
                row.update(amount_usd=float(m["amount_usd"]), status="sourced")
            elif not bool(m["verified"]):
                row["status"] = "unverified"
        part = others[others["variant"].isin(["first half"])]
        if row["status"] != "sourced" and len(part):
            p = part.iloc[0]
            row.update(
                partial_usd=float(p["amount_usd"]),
                partial_label=f"{p['period_start']:%b %Y}–{p['period_end']:%b %Y} only",
            )
        alts = others[others["variant"].isin(["alt.", "ACABQ rec."])]
        if len(alts):
            row["alternatives"] = "; ".join(
                f"{v} ${a / 1e6:,.1f}M" for v, a in zip(alts["variant"], alts["amount_usd"])
            )
        rows.append(row)
    return pd.DataFrame(rows).set_index("fiscal_year")


def budget_share(series: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """MINUSMA's share of the approved budgets of all peacekeeping operations, where both are sourced.

    The total's main row of the year is used. Where the total does not
    include MINUSMA (2023/24: its drawdown budget was approved on top), the
    denominator is the total plus MINUSMA's budget.

    Returns
    -------
    pandas.DataFrame
        Index ``fiscal_year``; columns ``minusma_usd``, ``total_usd``
        (float, the total as reported), ``denominator_usd``, ``share``
        (0-1), ``total_basis``, ``total_note`` (str: the scope caveat).
    """
    t = totals[(totals["variant"] == "main") & totals["amount_usd"].notna() & totals["verified"].astype(bool)]
    t = t.set_index("fiscal_year")
    rows = []
    for fy, r in series.dropna(subset=["amount_usd"]).iterrows():
        if fy not in t.index or pd.isna(t.at[fy, "includes_minusma"]):
            continue
        total = float(t.at[fy, "amount_usd"])
        denom = total if bool(t.at[fy, "includes_minusma"]) else total + r["amount_usd"]
        rows.append(
            {
                "fiscal_year": fy,
                "minusma_usd": r["amount_usd"],
                "total_usd": total,
                "denominator_usd": denom,
                "share": r["amount_usd"] / denom,
                "total_basis": t.at[fy, "basis"],
                "total_note": t.at[fy, "notes"],
            }
        )
    return pd.DataFrame(rows).set_index("fiscal_year")


def cost_per_person_year(series: pd.DataFrame, strength: pd.DataFrame) -> pd.DataFrame:
    """Budget divided by uniformed person-years in each fiscal year with a sourced budget.

    This is the whole mission's budget (civilian staff, aviation, camps and
    all) per uniformed person deployed for a year: a measure of the
    mission's cost relative to its size, not of what a soldier costs.

    Returns
    -------
    pandas.DataFrame
        Index ``fiscal_year``; columns ``amount_usd``, ``person_years``,
        ``mean_strength`` (float), ``usd_per_person_year`` (float),
        ``basis``, ``method`` (where the strength comes from).
    """
    monthly = rates.monthly_strength(strength)
    s = series.dropna(subset=["amount_usd"])
    periods = [(fy, r["period_start"], r["period_end"]) for fy, r in s.iterrows()]
    by = rates.strength_by_period(monthly, periods)
    out = by[["person_years", "mean_strength", "basis", "method"]].copy()
    out.insert(0, "amount_usd", s["amount_usd"])
    out["usd_per_person_year"] = out["amount_usd"] / out["person_years"]
    out.index.name = "fiscal_year"
    return out


def decade_total(budget: pd.DataFrame) -> dict:
    """MINUSMA's total cost over its fiscal years 2013/14-2023/24, as a range that says what is missing.

    The sourced part sums the main figure of each sourced fiscal year and
    the sourced half of 2013/14; its low and high ends take, for each year,
    the lowest and highest of its sourced figures (alternatives, the ACABQ's
    recommendation, a commitment authority on top of the appropriation). Each
    missing fiscal year (or half-year) is bracketed by the lowest and the
    highest sourced figure of any full fiscal year: an assumption stated in
    the result, not a source.

    Parameters
    ----------
    budget : pandas.DataFrame
        The ``budget`` table (every variant).

    Returns
    -------
    dict
        ``sourced_usd`` (float, main figures), ``sourced_low_usd``,
        ``sourced_high_usd``; ``missing_years`` (float, fiscal years without
        a figure: a half-year counts 0.5), ``missing`` (list of str,
        ``"2015/16"``, ``"2013/14 (Jan-Jun 2014)"``); ``year_low_usd``,
        ``year_high_usd`` (the bracket of a full year); ``low_usd``,
        ``high_usd`` (the decade's range); ``n_sourced`` (int).
    """
    series = budget_series(budget)
    full = series[(series["status"] == "sourced") & (series.index != "2023/24")]
    rows = budget[budget["fiscal_year"].isin(full.index) & budget["variant"].isin(["main", "alt.", "ACABQ rec."])]
    year_low, year_high = float(rows["amount_usd"].min()), float(rows["amount_usd"].max())
    sourced = series[series["status"] == "sourced"]
    low = high = main = 0.0
    for fy, r in sourced.iterrows():
        g = budget[(budget["fiscal_year"] == fy) & budget["variant"].isin(["main", "alt.", "ACABQ rec."])]
        extra = budget.loc[(budget["fiscal_year"] == fy) & (budget["variant"] == "supplement"), "amount_usd"].sum()
        main += r["amount_usd"]
        low += g["amount_usd"].min()
        high += g["amount_usd"].max() + extra
    missing, n_missing = [], 0.0
    for fy, r in series[series["status"] != "sourced"].iterrows():
        if pd.notna(r["partial_usd"]):
            main, low, high = main + r["partial_usd"], low + r["partial_usd"], high + r["partial_usd"]
            missing.append(f"{fy} (Jan–Jun {int(fy[:4]) + 1})")
            n_missing += 0.5
        else:
            missing.append(fy)
            n_missing += 1
    return {
        "sourced_usd": main,
        "sourced_low_usd": low,
        "sourced_high_usd": high,
        "missing_years": n_missing,
        "missing": missing,
        "year_low_usd": year_low,
        "year_high_usd": year_high,
        "low_usd": low + n_missing * year_low,
        "high_usd": high + n_missing * year_high,
        "n_sourced": len(sourced),
    }


def full_years(budget: pd.DataFrame, cost: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`cost_per_person_year` for full fiscal years (ending 30 June), not the half-year of 2023/24."""
    short = [fy for fy in cost.index if budget.loc[fy, "period_end"] < pd.Timestamp(f"20{fy[5:7]}-06-30")]
    return cost.drop(index=short)


def key_figures(budget: pd.DataFrame, share: pd.DataFrame, cost: pd.DataFrame) -> pd.DataFrame:
    """The numbers of the section "What it cost": sourced and missing years, budgets, cost per person-year, shares.

    Parameters
    ----------
    budget : pandas.DataFrame
        From :func:`budget_series`.
    share : pandas.DataFrame
        From :func:`budget_share`.
    cost : pandas.DataFrame
        From :func:`cost_per_person_year`.

    Returns
    -------
    pandas.DataFrame
        A key-figure frame: US dollars (shown in millions, billions or thousands), counts of fiscal years (int),
        the missing years (str), shares (0-1, shown as percentages).
    """
    src = sources()
    b = src["B"]
    sourced, missing = budget[budget["status"] == "sourced"], budget[budget["status"] != "sourced"]
    full, med = full_years(budget, cost), sourced[sourced.index != "2023/24"]["amount_usd"].median()

    def usd(v, scale, unit, fmt):
        return ("${:" + fmt + "}" + unit).format(v / scale)

    py = full["usd_per_person_year"]
    return key_frame(
        [
            key(
                "mis_budget_median",
                med,
                "median budget of the full fiscal years with a sourced figure, US dollars",
                b,
                text=usd(med, 1e9, " billion", ".2f"),
            ),
            key("mis_budget_n_sourced", len(sourced), "fiscal years 2013/14-2023/24 with a sourced budget figure", b),
            key("mis_budget_n_years", len(budget), "fiscal years of the mission, 2013/14-2023/24", b),
            key(
                "mis_budget_1314_half",
                budget.loc["2013/14", "partial_usd"],
                "approved budget for July-December 2013, US dollars",
                "UN General Assembly release GA/11390",
                text=usd(budget.loc["2013/14", "partial_usd"], 1e6, " million", ",.0f"),
            ),
            key(
                "mis_budget_missing_list",
                ", ".join(missing.index[:-1]) + " and " + missing.index[-1],
                "fiscal years for which no sourced budget figure was found",
                b,
            ),
            key("mis_budget_n_missing", len(missing), "fiscal years without a sourced budget figure", b),
            key(
                "mis_budget_1819",
                budget.loc["2018/19", "amount_usd"],
                "approved budget 2018/19, US dollars",
                "UN mission fact sheet via Diplomatic Times",
                text=usd(budget.loc["2018/19", "amount_usd"], 1e9, " billion", ".2f"),
            ),
            key(
                "mis_budget_1415",
                budget.loc["2014/15", "amount_usd"],
                "appropriated budget 2014/15, US dollars",
                "UN Fifth Committee release GA/AB/4154",
                text=usd(budget.loc["2014/15", "amount_usd"], 1e6, " million", ",.0f"),
            ),
            key(
                "mis_budget_2324",
                budget.loc["2023/24", "amount_usd"],
                "approved drawdown budget July-December 2023, US dollars",
                "UN Fifth Committee release GA/AB/4423",
                text=usd(budget.loc["2023/24", "amount_usd"], 1e6, " million", ",.0f"),
            ),
            key(
                "mis_cost_py_min",
                py.min(),
                "lowest budget per uniformed person-year, full fiscal years with a sourced budget",
                f"{b}; {src['RAD']}",
                text=usd(py.min(), 1e3, ",000", ",.0f"),
            ),
            key(
                "mis_cost_py_max",
                py.max(),
                "highest budget per uniformed person-year, full fiscal years with a sourced budget",
                f"{b}; {src['IPI']}",
                text=usd(py.max(), 1e3, ",000", ",.0f"),
            ),
            key(
                "mis_cost_py_2324",
                cost.loc["2023/24", "usd_per_person_year"],
                "budget per uniformed person-year, July-December 2023 (withdrawal)",
                f"{b}; {src['ST']}",
                text=usd(cost.loc["2023/24", "usd_per_person_year"], 1e3, ",000", ",.0f"),
            ),
            key(
                "mis_share_1819",
                share.loc["2018/19", "share"],
                "MINUSMA's share of all peacekeeping budgets, 2018/19",
                f"{b}; AFP via Business Recorder",
                text=f"{share.loc['2018/19', 'share']:.0%}",
            ),
            key(
                "mis_total_1819",
                share.loc["2018/19", "total_usd"],
                "budget total of all peacekeeping operations, 2018/19 (as agreed, scope not stated)",
                "AFP via Business Recorder",
                text=usd(share.loc["2018/19", "total_usd"], 1e9, " billion", ".1f"),
            ),
            key(
                "mis_share_1718",
                share.loc["2017/18", "share"],
                "MINUSMA's share of all peacekeeping budgets, 2017/18 (initial total)",
                f"{b}; GA/AB/4239",
                text=f"{share.loc['2017/18', 'share']:.0%}",
            ),
            key(
                "mis_share_2324",
                share.loc["2023/24", "share"],
                "MINUSMA's drawdown budget as a share of all peacekeeping budgets plus it, 2023/24",
                f"{b}; GA/AB/4423",
                text=f"{share.loc['2023/24', 'share']:.0%}",
            ),
        ]
    )


def decade_key_figures(budget: pd.DataFrame) -> pd.DataFrame:
    """The decade's cost as a range (:func:`decade_total` of the ``budget`` table, every variant), as the prose
    states it.

    Returns
    -------
    pandas.DataFrame
        A key-figure frame: US dollars (shown in billions or millions), the missing fiscal years (float: a
        half-year counts one half).
    """
    dec, b = decade_total(budget), sources()["B"]

    def bn(v):
        return f"${v / 1e9:.1f} billion"

    return key_frame(
        [
            key(
                "mis_decade_sourced",
                dec["sourced_usd"],
                "sum of the sourced budgets, 2013/14-2023/24 (main figures; the "
                "sourced half of 2013/14 included), US dollars",
                b,
                text=bn(dec["sourced_usd"]),
            ),
            key(
                "mis_decade_missing_years",
                dec["missing_years"],
                "fiscal years of the decade without a sourced budget (a half-year counts one half)",
                b,
                text=f"{dec['missing_years']:g}",
            ),
            key(
                "mis_decade_year_low",
                dec["year_low_usd"],
                "lowest sourced figure for a full fiscal year (the bracket's low end), US dollars",
                b,
                text=f"${dec['year_low_usd'] / 1e6:,.0f} million",
            ),
            key(
                "mis_decade_year_high",
                dec["year_high_usd"],
                "highest sourced figure for a full fiscal year (the bracket's high end), US dollars",
                b,
                text=f"${dec['year_high_usd'] / 1e6:,.0f} million",
            ),
            key(
                "mis_decade_low",
                dec["low_usd"],
                "low end of the decade's total cost: sourced years at their lowest "
                "figures, missing years at the lowest full-year figure",
                b,
                text=bn(dec["low_usd"]),
            ),
            key(
                "mis_decade_high",
                dec["high_usd"],
                "high end of the decade's total cost: sourced years at their highest "
                "figures, missing years at the highest full-year figure",
                b,
                text=bn(dec["high_usd"]),
            ),
        ]
    )
