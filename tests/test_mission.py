"""Mission chapter analysis: ceilings, contributors, budgets, on fixtures and on the real tables."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma import mission as mi
from minusma.load import load_table


def test_ceiling_steps_from_the_resolutions():
    """S/RES/2100: 11,200 + 1,440; 2227: 11,240; 2295: 13,289 + 1,920, kept until 2690 ended the mandate."""
    steps = mi.ceiling_steps(load_table("resolutions"))
    assert list(steps["resolution"]) == [2100, 2227, 2295]
    assert list(steps["uniformed"]) == [12640, 12680, 15209]
    assert steps.iloc[0]["renewed_by"] == "2164"
    assert steps.iloc[-1]["renewed_by"] == "2364, 2423, 2480, 2531, 2584, 2640"
    assert str(steps.iloc[-1]["end"].date()) == "2023-06-30"
    assert str(steps.iloc[0]["end"].date()) == "2015-06-28"


def test_every_resolution_has_a_summary_in_our_words():
    res = load_table("resolutions")
    t = mi.resolution_table(res)
    assert len(t) == len(res) and t["What changed"].notna().all()
    assert t.loc[t["Resolution"].str.contains("2295"), "Ceilings, troops / police"].item() == "13,289 / 1,920"
    assert t.loc[t["Resolution"].str.contains("2391"), "Ceilings, troops / police"].isna().all()
    extra = pd.concat([res, res.iloc[[0]].assign(resolution=2999)])
    with pytest.raises(KeyError, match="2999"):
        mi.resolution_table(extra)


def contributors_fixture():
    rows = [
        # source, start, country, african, military, police, uniformed
        ("RADPKO", "2015-01-01", "Chad", True, 1000, 0, 1000),
        ("RADPKO", "2015-01-01", "Bangladesh", False, 900, 100, 1000),
        ("RADPKO", "2016-01-01", "Chad", True, 1000, 0, 1000),
        ("RADPKO", "2016-01-01", "Bangladesh", False, 1800, 200, 2000),
        ("statement", "2016-06-30", "Chad", True, 1000, None, None),    # partial list
    ]
    df = pd.DataFrame(rows, columns=["source", "period_start", "contributor", "african", "military", "police",
                                     "uniformed"])
    df["period_start"] = pd.to_datetime(df["period_start"])
    df["period_end"] = df["period_start"] + pd.offsets.YearEnd(0)
    return df


def strength_fixture():
    return pd.DataFrame({"source": ["RADPKO", "RADPKO"], "period_start": pd.to_datetime(["2015-01-01", "2016-01-01"]),
                         "uniformed": [2050.0, 3100.0], "basis": "official", "statistic": "yearly mean of monthly counts"})


def test_complete_snapshots_and_african_share():
    snaps = mi.complete_snapshots(contributors_fixture(), strength_fixture())
    assert list(snaps["label"]) == ["2015", "2016"]            # the statement lists one country only
    share = mi.african_share(contributors_fixture(), strength_fixture()).set_index("label")["share"]
    assert share["2015"] == pytest.approx(0.5) and share["2016"] == pytest.approx(1 / 3)


def test_contingent_rates_on_a_fixture():
    deaths = pd.DataFrame({
        "nationality": ["Chad", "Chad", "Chad", "Bangladesh", "Chad"],
        "incident_type": ["Malicious Act", "Malicious Act", "Illness", "Malicious Act", "Malicious Act"],
        "uniformed": [True, True, True, True, False],             # the last is a civilian: not counted
        "year": [2015, 2016, 2016, 2016, 2016],
    })
    out = mi.contingent_rates(contributors_fixture(), deaths, years=(2015, 2016))
    assert out.loc["Chad", "person_years"] == 2000 and out.loc["Bangladesh", "person_years"] == 3000
    assert out.loc["Chad", "rate_malicious"] == pytest.approx(1.0)     # 2 per 2,000 person-years
    assert out.loc["Chad", "rate_all"] == pytest.approx(1.5)
    assert out.attrs["mission_rate_malicious"] == pytest.approx(3 / 5000 * 1000)


def test_budget_series_keeps_unsourced_years_as_gaps():
    """facts/CHANGES-2026-12-02.md: the five recollection-only years (2013/14 full year, 2015/16, 2016/17, 2019/20,
    2022/23) were removed; 2018/19 approved $1,074,718,900."""
    b = mi.budget_series(load_table("budget"))
    assert list(b.index) == list(mi.FISCAL_YEARS)
    assert list(b.index[b["status"] == "missing"]) == ["2013/14", "2015/16", "2016/17", "2019/20", "2022/23"]
    assert b.loc[["2015/16", "2016/17", "2019/20", "2022/23"], "amount_usd"].isna().all()
    assert b.loc["2018/19", "amount_usd"] == 1074718900
    # the first half of 2013/14 is sourced (GA/11390: $366.77M for July-December 2013)
    assert b.loc["2013/14", "partial_usd"] == 366770000 and pd.isna(b.loc["2013/14", "amount_usd"])


def test_budget_share_where_the_totals_allow():
    """facts/README.md: 2018/19, $1,074.7M of $6,689M = about 16 %; 2023/24, $590M of ($6,100M + $590M) = about 9 %."""
    share = mi.budget_share(mi.budget_series(load_table("budget")), load_table("peacekeeping_budget_totals"))
    assert share.loc["2018/19", "share"] == pytest.approx(1074.7189 / 6689, rel=1e-6)
    assert share.loc["2023/24", "share"] == pytest.approx(590 / (6100 + 590))
    assert "2015/16" not in share.index      # no sourced figure of MINUSMA's own budget that year


def test_cost_per_person_year_uses_the_fiscal_year():
    s = load_table("uniformed_strength")
    cost = mi.cost_per_person_year(mi.budget_series(load_table("budget")), s)
    # 2018/19: half of RADPKO's 2018 mean and half of its 2019 mean (SOURCE.md: 13,600 and 14,094)
    assert 13600 < cost.loc["2018/19", "mean_strength"] < 14094
    assert cost.loc["2018/19", "usd_per_person_year"] == pytest.approx(
        1074718900 / cost.loc["2018/19", "person_years"])
    assert cost.loc["2023/24", "method"] == "UN statements, interpolated"


def test_top_contributors_on_the_real_tables():
    """UN list of 31 Aug 2013 (bamada.net): Chad first with 1,252; IPI March 2014: Chad first with 1,143 troops."""
    t = mi.top_contributors(load_table("contributors"), load_table("uniformed_strength"))
    first = t.iloc[0]
    assert first["When"] == "31 Aug 2013" and first["Largest troop contributors"].startswith("Chad 1,252")
    mar14 = t[t["When"] == "Mar 2014"].iloc[0]
    assert mar14["Largest troop contributors"].startswith("Chad 1,143") and mar14["Countries listed"] == 43


def test_strength_chart_keeps_estimates_apart():
    pts = mi.strength_chart_data(load_table("uniformed_strength"))
    assert set(pts.loc[pts["series"] == "Geo-PKO estimate", "basis"]) == {"estimate"}
    assert set(pts.loc[pts["series"] != "Geo-PKO estimate", "basis"]) <= {"official", "statement"}
    chad = pts[(pts["series"] == "statement, military only") & (pts["start"] == "2021-10-31")]
    assert chad["value"].item() == 12789       # Janes: 12,789 military personnel on 31 October 2021
