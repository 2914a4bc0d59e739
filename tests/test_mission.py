"""Mission chapter analysis: ceilings, contributors, budgets, on fixtures and on the real tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from minusma.analysis import mission_activities as ma
from minusma.analysis import mission_budget as mb
from minusma.analysis import mission_contributors as mco
from minusma.analysis import mission_mandate as mm
from minusma.analysis import mission_strength as ms
from minusma.data.load import load_table

from .conftest import ROOT


def test_ceiling_steps_from_the_resolutions():
    """S/RES/2100: 11,200 + 1,440; 2227: 11,240; 2295: 13,289 + 1,920, kept until 2690 ended the mandate."""
    steps = mm.ceiling_steps(load_table("resolutions"))
    assert list(steps["resolution"]) == [2100, 2227, 2295]
    assert list(steps["uniformed"]) == [12640, 12680, 15209]
    assert steps.iloc[0]["renewed_by"] == "2164"
    assert steps.iloc[-1]["renewed_by"] == "2364, 2423, 2480, 2531, 2584, 2640"
    assert str(steps.iloc[-1]["end"].date()) == "2023-06-30"
    assert str(steps.iloc[0]["end"].date()) == "2015-06-28"


def test_every_resolution_has_a_summary_in_our_words():
    res = load_table("resolutions")
    t = mm.resolution_table(res)
    assert len(t) == len(res) and t["What changed"].notna().all()
    assert t.loc[t["Resolution"].str.contains("2295"), "Ceilings, troops / police"].item() == "13,289 / 1,920"
    assert t.loc[t["Resolution"].str.contains("2391"), "Ceilings, troops / police"].isna().all()
    extra = pd.concat([res, res.iloc[[0]].assign(resolution=2999)])
    with pytest.raises(KeyError, match="2999"):
        mm.resolution_table(extra)


def contributors_fixture():
    rows = [
        # source, start, country, african, military, police, uniformed
        ("RADPKO", "2015-01-01", "Chad", True, 1000, 0, 1000),
        ("RADPKO", "2015-01-01", "Bangladesh", False, 900, 100, 1000),
        ("RADPKO", "2016-01-01", "Chad", True, 1000, 0, 1000),
        ("RADPKO", "2016-01-01", "Bangladesh", False, 1800, 200, 2000),
        ("statement", "2016-06-30", "Chad", True, 1000, None, None),  # partial list
    ]
    df = pd.DataFrame(
        rows, columns=["source", "period_start", "contributor", "african", "military", "police", "uniformed"]
    )
    df["period_start"] = pd.to_datetime(df["period_start"])
    df["period_end"] = df["period_start"] + pd.offsets.YearEnd(0)
    return df


def strength_fixture():
    return pd.DataFrame(
        {
            "source": ["RADPKO", "RADPKO"],
            "period_start": pd.to_datetime(["2015-01-01", "2016-01-01"]),
            "uniformed": [2050.0, 3100.0],
            "basis": "official",
            "statistic": "yearly mean of monthly counts",
        }
    )


def test_complete_snapshots_and_african_share():
    snaps = mco.complete_snapshots(contributors_fixture(), strength_fixture())
    assert list(snaps["label"]) == ["2015", "2016"]  # the statement lists one country only
    share = mco.african_share(contributors_fixture(), strength_fixture()).set_index("label")["share"]
    assert share["2015"] == pytest.approx(0.5) and share["2016"] == pytest.approx(1 / 3)


def test_contingent_rates_on_a_fixture():
    deaths = pd.DataFrame(
        {
            "nationality": ["Chad", "Chad", "Chad", "Bangladesh", "Chad"],
            "incident_type": ["Malicious Act", "Malicious Act", "Illness", "Malicious Act", "Malicious Act"],
            "uniformed": [True, True, True, True, False],  # the last is a civilian: not counted
            "year": [2015, 2016, 2016, 2016, 2016],
        }
    )
    out = mco.contingent_rates(contributors_fixture(), deaths, years=(2015, 2016))
    assert out.loc["Chad", "person_years"] == 2000 and out.loc["Bangladesh", "person_years"] == 3000
    assert out.loc["Chad", "rate_malicious"] == pytest.approx(1.0)  # 2 per 2,000 person-years
    assert out.loc["Chad", "rate_all"] == pytest.approx(1.5)
    assert out.attrs["mission_rate_malicious"] == pytest.approx(3 / 5000 * 1000)


def test_budget_series_keeps_unsourced_years_as_gaps():
    """facts/CHANGES-2026-12-02.md: the five recollection-only years (2013/14 full year, 2015/16, 2016/17, 2019/20,
    2022/23) were removed; 2018/19 approved $1,074,718,900.
    """
    b = mb.budget_series(load_table("budget"))
    assert list(b.index) == list(mb.FISCAL_YEARS)
    assert list(b.index[b["status"] == "missing"]) == ["2013/14", "2015/16", "2016/17", "2019/20", "2022/23"]
    assert b.loc[["2015/16", "2016/17", "2019/20", "2022/23"], "amount_usd"].isna().all()
    assert b.loc["2018/19", "amount_usd"] == 1074718900
    # the first half of 2013/14 is sourced (GA/11390: $366.77M for July-December 2013)
    assert b.loc["2013/14", "partial_usd"] == 366770000 and pd.isna(b.loc["2013/14", "amount_usd"])


def test_budget_share_where_the_totals_allow():
    """facts/README.md: 2018/19, $1,074.7M of $6,689M = about 16 %; 2023/24, $590M of ($6,100M + $590M) = about 9 %."""
    share = mb.budget_share(mb.budget_series(load_table("budget")), load_table("peacekeeping_budget_totals"))
    assert share.loc["2018/19", "share"] == pytest.approx(1074.7189 / 6689, rel=1e-6)
    assert share.loc["2023/24", "share"] == pytest.approx(590 / (6100 + 590))
    assert "2015/16" not in share.index  # no sourced figure of MINUSMA's own budget that year


def test_cost_per_person_year_uses_the_fiscal_year():
    s = load_table("uniformed_strength")
    cost = mb.cost_per_person_year(mb.budget_series(load_table("budget")), s)
    # 2018/19: half of the UN's 2018 yearly mean and half of its 2019 mean (SOURCE.md: 13,885 and 14,390)
    assert cost.loc["2018/19", "mean_strength"] == pytest.approx((13885 * 184 + 14390 * 181) / 365)
    assert cost.loc["2018/19", "usd_per_person_year"] == pytest.approx(1074718900 / cost.loc["2018/19", "person_years"])
    assert cost.loc["2023/24", "method"] == "UN statements, interpolated"


def test_top_contributors_on_the_real_tables():
    """UN list of 31 Aug 2013 (bamada.net): Chad first with 1,252; IPI March 2014: Chad first with 1,143 troops."""
    t = mco.top_contributors(load_table("contributors"), load_table("uniformed_strength"))
    first = t.iloc[0]
    assert first["When"] == "31 Aug 2013" and first["Largest troop contributors"].startswith("Chad 1,252")
    mar14 = t[t["When"] == "Mar 2014"].iloc[0]
    assert mar14["Largest troop contributors"].startswith("Chad 1,143") and mar14["Countries listed"] == 43


def test_strength_chart_keeps_estimates_apart():
    pts = ms.strength_chart_data(load_table("uniformed_strength"))
    assert set(pts.loc[pts["series"] == "Geo-PKO estimate", "basis"]) == {"estimate"}
    assert set(pts.loc[pts["series"] != "Geo-PKO estimate", "basis"]) <= {"official", "statement"}
    chad = pts[(pts["series"] == "statement, military only") & (pts["start"] == "2021-10-31")]
    assert chad["value"].item() == 12789  # Janes: 12,789 military personnel on 31 October 2021


def test_strength_chart_shows_the_un_yearly_means_and_names_the_gap():
    pts = ms.strength_chart_data(load_table("uniformed_strength"))
    dpo = pts[pts["series"] == "DPO yearly mean"]
    assert list(dpo["value"]) == [13885, 14390, 14070] and set(dpo["basis"]) == {"official"}
    from minusma.charts import mission as mc

    assert (pd.Timestamp("2017-04-01"), pd.Timestamp("2023-12-31")) == (mc.NO_MONTHLY_FROM, mc.NO_MONTHLY_TO)
    ipi = pts[pts["series"] == "IPI monthly"]
    assert ipi["start"].max() < mc.NO_MONTHLY_FROM  # the last UN monthly count is March 2017


def test_contingent_rates_refuse_a_year_without_a_whole_un_mean():
    """The UN's yearly means enter ``contributors`` for whole years only (2018-2020): 2017 is refused."""
    c = load_table("contributors")
    with pytest.raises(ValueError, match=r"no DPO yearly mean for \[2017\].*whole years"):
        mco.contingent_rates(c, load_table("fatalities_minusma"), years=(2017, 2020), source="DPO")
    out = mco.contingent_rates(c, load_table("fatalities_minusma"), years=(2018, 2020), source="DPO")
    # Chad: 1,467 + 1,458 + 1,459 person-years (UN yearly means), 17 uniformed killed in malicious acts
    assert out.loc["Chad", "malicious"] == 17
    assert out.loc["Chad", "rate_malicious"] == pytest.approx(17 / out.loc["Chad", "person_years"] * 1000)
    assert out.loc["Chad", "person_years"] == 4384


def budget_fixture():
    rows = [  # fiscal year, variant, amount, start, end
        ("2013/14", "first half", 300e6, "2013-07-01", "2013-12-31"),
        ("2014/15", "main", 800e6, "2014-07-01", "2015-06-30"),
        ("2014/15", "alt.", 900e6, "2014-07-01", "2015-06-30"),
        ("2014/15", "supplement", 50e6, "2014-07-01", "2015-06-30"),
        ("2016/17", "main", 1000e6, "2016-07-01", "2017-06-30"),
        ("2023/24", "main", 500e6, "2023-07-01", "2023-12-31"),
    ]
    df = pd.DataFrame(rows, columns=["fiscal_year", "variant", "amount_usd", "period_start", "period_end"])
    df["period_start"], df["period_end"] = pd.to_datetime(df["period_start"]), pd.to_datetime(df["period_end"])
    df["verified"], df["basis"] = True, "approved"
    return df


def test_decade_total_is_a_range_that_names_what_is_missing():
    """By hand: sourced 800 + 1,000 + 500 + the half-year 300 = 2,600 (million); low ends 800, high 900 + 50.
    Missing: 2013/14's second half and the seven other years (2015/16, 2017/18 ... 2022/23): 7.5 years,
    bracketed by the full-year figures 800 (lowest) and 1,000 (highest).
    """
    d = mb.decade_total(budget_fixture())
    assert d["sourced_usd"] == pytest.approx(2600e6)
    assert (d["sourced_low_usd"], d["sourced_high_usd"]) == (pytest.approx(2600e6), pytest.approx(2750e6))
    assert d["missing_years"] == 7.5 and d["missing"][0] == "2013/14 (Jan–Jun 2014)" and "2015/16" in d["missing"]
    assert (d["year_low_usd"], d["year_high_usd"]) == (800e6, 1000e6)
    assert d["low_usd"] == pytest.approx(2600e6 + 7.5 * 800e6)
    assert d["high_usd"] == pytest.approx(2750e6 + 7.5 * 1000e6)


def test_decade_total_on_the_real_budgets():
    """Sourced: 830.7 + 1,100 + 1,074.7189 + 1,200 + 1,171 + 590 + the half-year 366.77 = $6,333.1889 million."""
    d = mb.decade_total(load_table("budget"))
    assert d["sourced_usd"] == pytest.approx(6333188900)
    assert d["missing_years"] == 4.5 and d["n_sourced"] == 6
    assert d["low_usd"] < 10.1e9 < 12.2e9 < d["high_usd"]


def test_activities_are_classified_by_mandate_area_and_press_reports_shown():
    acts = load_table("activities")
    t = ma.activity_table(acts)
    assert len(t) == len(acts) and set(t["Area"]) <= set(ma.AREAS)
    patrols = t[t["What"] == "Patrols in 2021"].iloc[0]
    assert patrols["Figure"] == "13,000" and patrols["Caveat"] == "press report only" and patrols["When"] == "2021"
    assert t.loc[t["What"].str.startswith("Electoral material and documents"), "Figure"].item() == "about 200"
    cover = ma.area_coverage(acts)
    assert cover.loc["The peace agreement", "figures"] == 0 and cover.loc["Human rights", "figures"] == 0
    unknown = pd.concat([acts, acts.iloc[[0]].assign(measure="something new")])
    with pytest.raises(KeyError, match="something new"):
        ma.activity_table(unknown)


def test_attacks_table_marks_every_row_that_rests_on_a_press_report():
    a = load_table("attacks_on_mission")
    t = ma.attack_table(a)
    assert len(t) == len(a) and t["Caveat"].str.contains("press report only").sum() == int(a["press_only"].sum())
    assert t.loc[t["What"] == "Armed attacks on the mission", "Caveat"].item() == "press report only; not re-checked"
    assert t.loc[t["What"] == "Armed attacks on the mission", "When"].item() == "Jun 2018–Sep 2018"


def chapter_prose():
    text = (ROOT / "chapters" / "mission.md").read_text(encoding="utf-8")
    return re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.S)


def test_each_claim_of_the_explainer_is_quoted_and_tested_in_the_prose():
    """Reuters' explainer of June 2023 (McAllister): every claim about the deployment and the mission's role is
    quoted in a sentence of the chapter, and the sentence cites the explainer.
    """
    prose = re.sub(r"\s+", " ", chapter_prose())
    for key, claim in mm.SEED_CLAIMS.items():
        at = prose.find(f'"{claim}"')
        assert at >= 0, (key, claim)
        paragraph = prose[max(0, prose.rfind("**", 0, at) - 400) : at + 600]
        assert "reuters_2023_explainer" in paragraph, key


def test_the_why_chart_draws_the_2012_2013_markers():
    from minusma.charts import mission as mc

    _fig, data, _alt = mc.why_chart(load_table("timeline"))
    assert list(data["date"]) == [
        "2012-01-17",
        "2012-03-22",
        "2012-04-06",
        "2012-06-28",
        "2012-12-20",
        "2013-01-11",
        "2013-04-25",
        "2013-07-01",
        "2013-08-11",
    ]
    assert data.loc[data["label"] == "France intervenes (Serval)", "lane"].item() == "France"
    assert mm.months_between(pd.Timestamp("2013-01-11"), pd.Timestamp("2013-07-01")) == 6
