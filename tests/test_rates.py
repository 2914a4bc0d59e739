"""Fatality rates per 1,000 uniformed personnel and the strength behind them: fixtures, then the real series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from minusma.analysis import rates, strength
from minusma.data.load import load_table

from .conftest import ROOT


def strength_rows(rows):
    """A ``uniformed_strength``-shaped frame from (source, start, end, military, police, uniformed)."""
    basis = {
        "IPI": "official",
        "RADPKO": "official",
        "DPO": "official",
        "statement": "statement",
        "Geo-PKO": "estimate",
    }
    df = pd.DataFrame(rows, columns=["source", "period_start", "period_end", "military", "police", "uniformed"])
    df["period_start"] = pd.to_datetime(df["period_start"])
    df["period_end"] = pd.to_datetime(df["period_end"])
    df["basis"] = df["source"].map(basis)
    df["headcount"] = df["source"] != "Geo-PKO"
    df["statistic"] = "x"
    return df


def deaths_rows(rows):
    """A ``fatalities_minusma``-shaped frame from (date, incident type, uniformed)."""
    df = pd.DataFrame(rows, columns=["incident_date", "incident_type", "uniformed"])
    df["incident_date"] = pd.to_datetime(df["incident_date"])
    df["year"] = df["incident_date"].dt.year
    return df


def test_per_1000():
    assert rates.per_1000(3, 1500) == pytest.approx(2.0)
    out = rates.per_1000([1, 2], [0, 4000])
    assert np.isnan(out[0]) and out[1] == pytest.approx(0.5)


def test_monthly_strength_prefers_ipi_then_radpko_then_statements():
    s = strength_rows(
        [
            ("IPI", "2013-07-31", "2013-07-31", 900, 100, 1000),
            ("IPI", "2013-09-30", "2013-09-30", 1800, 200, 2000),  # August missing: interpolated
            ("IPI", "2013-12-31", "2013-12-31", 1800, 200, 2000),
            ("RADPKO", "2014-01-01", "2014-12-31", 2700, 300, 3000),  # stands for every month of 2014
            ("statement", "2014-06-15", "2014-06-15", None, None, 4000),
            ("statement", "2015-06-15", "2015-06-15", None, None, 5000),
            ("Geo-PKO", "2015-01-01", "2015-12-31", 99999, None, None),  # never used
        ]
    )
    m = strength.monthly_strength(s, pd.Timestamp("2013-07-01"), pd.Timestamp("2015-06-30")).set_index("month")
    assert m.loc["2013-08-01", "uniformed"] == 1500 and m.loc["2013-08-01", "method"] == "ipi"
    assert m.loc["2014-06-01", "uniformed"] == 3000 and m.loc["2014-06-01", "basis"] == "official"
    # 2015-03-15 lies 273 of 365 days from 2014-06-15 to 2015-06-15: linear interpolation
    assert m.loc["2015-03-01", "uniformed"] == pytest.approx(4000 + 1000 * 273 / 365)
    assert m.loc["2015-03-01", "method"] == "statements" and m.loc["2015-03-01", "basis"] == "statement"
    # after the last statement the value is carried forward
    assert m.loc["2015-06-01", "uniformed"] == pytest.approx(4000 + 1000 * 365 / 365)


def test_whole_un_yearly_means_come_before_radpko():
    s = strength_rows(
        [
            ("RADPKO", "2018-01-01", "2018-12-31", 0, 0, 3000),
            ("DPO", "2018-01-01", "2018-12-31", None, None, 3100),  # the UN's whole-year mean wins
            ("RADPKO", "2019-01-01", "2019-09-30", 0, 0, 3200),
        ]
    )
    m = strength.monthly_strength(s, pd.Timestamp("2018-01-01"), pd.Timestamp("2019-12-31")).set_index("month")
    assert m.loc["2018-06-01", "uniformed"] == 3100 and m.loc["2018-06-01", "method"] == "dpo"
    assert m.loc["2019-06-01", "uniformed"] == 3200 and m.loc["2019-06-01", "method"] == "radpko"


def test_statements_must_reach_the_months_that_need_them():
    s = strength_rows([("statement", "2016-01-15", "2016-01-15", None, None, 4000)])
    with pytest.raises(ValueError, match="no statement before"):
        strength.monthly_strength(s, pd.Timestamp("2015-01-01"), pd.Timestamp("2016-06-30"))


def test_military_only_statement_gets_interpolated_police():
    s = strength_rows(
        [
            ("statement", "2019-01-01", "2019-01-01", 10000, 1000, 11000),
            ("statement", "2021-01-01", "2021-01-01", 9000, None, None),  # military only
            ("statement", "2023-01-01", "2023-01-01", 12000, 2000, 14000),
        ]
    )
    pts = strength.statement_points(s)
    # police on 2021-01-01: 731 of 1,461 days from 1,000 to 2,000
    assert pts[pd.Timestamp("2021-01-01")] == pytest.approx(9000 + 1000 + 1000 * 731 / 1461)


def test_fatality_rates_on_a_constant_strength():
    s = strength_rows(
        [
            ("statement", "2013-07-01", "2013-07-01", None, None, 12000),
            ("statement", "2023-12-31", "2023-12-31", None, None, 12000),
        ]
    )
    d = deaths_rows(
        [
            ("2014-02-01", "Malicious Act", True),
            ("2014-03-01", "Malicious Act", True),
            ("2014-05-01", "Malicious Act", True),
            ("2014-05-01", "Malicious Act", False),  # civilian: not counted
            ("2014-06-01", "Illness", True),
            ("2013-09-01", "Accident", True),
        ]
    )
    r = rates.fatality_rates(d, s)
    assert list(r.index) == list(range(2013, 2024))
    py14 = 12000 * 365 / 365.25
    assert r.loc[2014, "person_years"] == pytest.approx(py14)
    assert (r.loc[2014, "malicious"], r.loc[2014, "all_causes"]) == (3, 4)
    assert r.loc[2014, "rate_malicious"] == pytest.approx(3 / py14 * 1000)
    assert r.loc[2014, "rate_all"] == pytest.approx(4 / py14 * 1000)
    # 2013: the mission's 184 days from 1 July
    assert r.loc[2013, "days"] == 184 and r.loc[2013, "rate_all"] == pytest.approx(1 / (12000 * 184 / 365.25) * 1000)
    assert set(r["basis"]) == {"statement"} and r.loc[2015, "malicious"] == 0
    assert r.attrs["total"]["malicious"] == 3 and r.attrs["total"]["all_causes"] == 5


def test_strength_by_period_names_its_sources():
    s = strength_rows(
        [
            ("IPI", "2017-01-31", "2017-01-31", 0, 0, 1200),
            ("IPI", "2017-03-31", "2017-03-31", 0, 0, 1200),
            ("RADPKO", "2017-01-01", "2017-12-31", 0, 0, 2400),
        ]
    )
    m = strength.monthly_strength(s, pd.Timestamp("2017-01-01"), pd.Timestamp("2017-12-31"))
    by = strength.strength_by_period(m, [("2017", pd.Timestamp("2017-01-01"), pd.Timestamp("2017-12-31"))])
    assert by.loc["2017", "method"] == "UN month-end counts (IPI), Jan–Mar 2017; UN yearly mean (RADPKO), Apr–Dec 2017"
    assert by.loc["2017", "basis"] == "official"
    assert by.loc["2017", "person_years"] == pytest.approx((1200 * 90 + 2400 * 275) / 365.25)


def test_mission_rates_on_a_fixture():
    months = pd.date_range("2015-01-31", "2016-12-31", freq="ME")
    ipi = pd.concat(
        [
            pd.DataFrame({"date": months, "un_mission": m, "mission_kind": "peacekeeping operation", "uniformed": n})
            for m, n in (("AAA", 2000), ("BBB", 500))
        ]
    )
    ipi = ipi[ipi["date"] != "2016-11-30"]  # the month missing in IPI: interpolated
    f = pd.DataFrame(
        {
            "mission": ["AAA", "AAA", "BBB"],
            "year": [2015, 2016, 2016],
            "incident_type": ["Malicious Act", "Illness", "Malicious Act"],
            "personnel_group": ["uniformed"] * 3,
            "fatalities": [4, 2, 9],
        }
    )
    out = rates.mission_rates(f, ipi, years=(2015, 2016))
    assert list(out.index) == ["AAA"]  # BBB is below 1,000 personnel
    assert out.loc["AAA", "person_years"] == pytest.approx(4000)
    assert out.loc["AAA", "rate_malicious"] == pytest.approx(1.0) and out.loc["AAA", "rate_all"] == pytest.approx(1.5)
    with pytest.raises(ValueError, match="full years to 2016"):
        rates.mission_rates(f, ipi, years=(2015, 2017))


def dpo_rows(rows):
    """A ``dpo_year_means``-shaped frame from (year, mission, contributor, uniformed, whole_year)."""
    df = pd.DataFrame(rows, columns=["year", "mission", "contributor", "uniformed", "whole_year"])
    df["mission_kind"] = "peacekeeping operation"
    return df


def ipi_rows(mission, months, value):
    return pd.DataFrame(
        {
            "date": pd.date_range(*months, freq="ME"),
            "un_mission": mission,
            "mission_kind": "peacekeeping operation",
            "uniformed": value,
        }
    )


def test_dpo_strength_refuses_a_year_that_is_not_whole():
    dpo = dpo_rows([(2017, "AAA", "X", 900, False), (2018, "AAA", "X", 2000, True)])
    assert strength.dpo_strength(dpo, (2018, 2018)).loc["AAA", "person_years"] == 2000
    with pytest.raises(ValueError, match=r"2017 is not a whole year: .*count the months missing .* as zero"):
        strength.dpo_strength(dpo, (2017, 2018))
    with pytest.raises(ValueError, match="not a whole year"):
        rates.mission_year_rates(
            pd.DataFrame(columns=["mission", "year", "incident_type", "personnel_group", "fatalities"]),
            ipi_rows("AAA", ("2015-01-31", "2016-12-31"), 2000),
            first=2015,
            dpo=dpo,
            dpo_years=(2017,),
        )


def test_operation_year_rates_from_ipi_and_dpo_by_hand():
    """A fixture computed by hand: two IPI years (2015, 2016) and two whole DPO years (2018, 2019).

    AAA: 2,000 a month throughout, then 2,000 + 1,000 (two contributors) in the DPO years.
    BBB: 4,000 a month in 2015-2016 (November 2016 missing, interpolated), 500 in 2018 (too small), 5,000 in 2019.
    Deaths (uniformed): AAA 2015 6 malicious; AAA 2016 2 malicious + 2 illness; BBB 2016 4 malicious;
    AAA 2018 8 malicious; AAA 2019 3 malicious; BBB 2019 10 malicious; BBB 2019 civilians 7 (not counted).
    """
    ipi = pd.concat(
        [ipi_rows("AAA", ("2015-01-31", "2016-12-31"), 2000), ipi_rows("BBB", ("2015-01-31", "2016-12-31"), 4000)]
    )
    ipi = ipi[ipi["date"] != "2016-11-30"]
    dpo = dpo_rows(
        [
            (2017, "AAA", "X", 500, False),
            (2018, "AAA", "X", 2000, True),
            (2018, "AAA", "Y", 1000, True),
            (2018, "BBB", "X", 500, True),
            (2019, "AAA", "X", 2000, True),
            (2019, "AAA", "Y", 1000, True),
            (2019, "BBB", "X", 5000, True),
        ]
    )
    f = pd.DataFrame(
        [
            ("AAA", 2015, "Malicious Act", "uniformed", 6),
            ("AAA", 2016, "Malicious Act", "uniformed", 2),
            ("AAA", 2016, "Illness", "uniformed", 2),
            ("BBB", 2016, "Malicious Act", "uniformed", 4),
            ("AAA", 2018, "Malicious Act", "uniformed", 8),
            ("AAA", 2019, "Malicious Act", "uniformed", 3),
            ("BBB", 2019, "Malicious Act", "uniformed", 10),
            ("BBB", 2019, "Malicious Act", "civilian", 7),
        ],
        columns=["mission", "year", "incident_type", "personnel_group", "fatalities"],
    )
    yr = rates.mission_year_rates(f, ipi, first=2015, dpo=dpo)
    got = yr.set_index(["year", "mission"])
    # 2015: AAA 6 / 2,000 person-years = 3.0 per 1,000; BBB 0
    assert got.loc[(2015, "AAA"), "rate_malicious"] == pytest.approx(3.0)
    # 2016: AAA 2 / 2,000 = 1.0 (all causes 4 / 2,000 = 2.0); BBB 4 / 4,000 = 1.0
    assert got.loc[(2016, "AAA"), "rate_malicious"] == pytest.approx(1.0)
    assert got.loc[(2016, "AAA"), "rate_all"] == pytest.approx(2.0)
    assert got.loc[(2016, "BBB"), "person_years"] == pytest.approx(4000)
    # 2018: AAA 8 / 3,000 = 2.67; BBB (500) is below 1,000 and left out
    assert got.loc[(2018, "AAA"), "rate_malicious"] == pytest.approx(8 / 3)
    assert (2018, "BBB") not in got.index
    # 2019: AAA 3 / 3,000 = 1.0; BBB 10 / 5,000 = 2.0 (civilians not counted)
    assert got.loc[(2019, "BBB"), "rate_malicious"] == pytest.approx(2.0)
    assert set(yr["year"]) == {2015, 2016, 2018, 2019}  # 2017 (not whole) is never used
    assert set(got.xs(2018, level="year")["strength_source"]) == {"DPO"}
    assert set(got.xs(2015, level="year")["strength_source"]) == {"IPI"}
    r = rates.ranks_by_year(yr, "AAA")
    assert list(r["rank"]) == [1, 1, 1, 2]
    assert list(r["operations"]) == [2, 2, 1, 2]
    assert r.loc[2019, "next_mission"] == "BBB" and r.loc[2019, "next_rate"] == pytest.approx(2.0)
    assert r.loc[2016, "others_rate"] == pytest.approx(1.0) and np.isnan(r.loc[2018, "next_rate"])
    hs = rates.highest_since(yr, "AAA")
    # AAA's worst year is 2015 (3.0): nothing higher before it, nor after
    assert (hs["year"], hs["since_year"], hs["n_higher"]) == (2015, None, 0)
    with pytest.raises(ValueError, match="both IPI and DPO"):
        rates.mission_year_rates(f, ipi, first=2015, dpo=dpo, dpo_years=(2016,))


def test_all_operations_rate_pools_every_operation():
    yr = pd.DataFrame(
        {
            "year": [1993, 1993, 1994],
            "mission": ["A", "B", "A"],
            "strength_source": "IPI",
            "person_years": [1000.0, 3000.0, 500.0],
            "malicious": [2, 2, 0],
            "all_causes": [4, 8, 1],
        }
    )
    out = rates.all_operations_rate(yr)
    assert out.loc[1993, "rate_all"] == pytest.approx(12 / 4000 * 1000)
    assert out.loc[1993, "rate_malicious"] == pytest.approx(1.0) and out.loc[1994, "rate_all"] == pytest.approx(2.0)


# --- the real series ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return rates.fatality_rates(load_table("fatalities_minusma"), load_table("uniformed_strength"))


def test_real_rates_use_the_best_source_each_year(real):
    assert (real.loc[2013:2016, "method"] == "UN month-end counts (IPI)").all()
    assert real.loc[2017, "method"].startswith("UN month-end counts (IPI), Jan–Mar 2017; UN yearly mean (RADPKO)")
    assert (real.loc[2018:2020, "method"] == "UN yearly mean (DPO)").all()
    assert (real.loc[2018:2020, "basis"] == "official").all()
    assert (real.loc[2021:2023, "basis"] == "statement").all()
    # un-deployments/SOURCE.md: the UN's yearly means of MINUSMA's whole years are 13,885, 14,390 and 14,070
    assert [round(real.loc[y, "mean_strength"]) for y in (2018, 2019, 2020)] == [13885, 14390, 14070]


def test_real_2014_strength_is_the_mean_of_the_un_monthly_counts(real):
    """IPI's 2014 month-end totals (UN): 6,802 in January ... 9,494 in December (ipi_ppp_data_mission_monthly.csv)."""
    ipi = load_table("ipi_mission_monthly")
    m = ipi[(ipi["mission"] == "MINUSMA") & (ipi["date"].dt.year == 2014)]
    assert len(m) == 12 and m["uniformed"].iloc[0] == 6802 and m["uniformed"].iloc[-1] == 9494
    # each month-end count stands for its month: person-years = sum(count x days in month) / 365.25
    assert real.loc[2014, "person_years"] == pytest.approx((m["uniformed"] * m["date"].dt.day).sum() / 365.25)


def test_real_counts_are_the_uniformed_fatalities_of_the_un_table(real):
    """By 21 Feb 2023, 168 uniformed personnel had been killed in hostile acts (MINUSMA statement);
    the yearly counts used in the rates add up to the UN table's uniformed fatalities.
    """
    d = load_table("fatalities_minusma")
    u = d[d["uniformed"].astype(bool)]
    assert real["all_causes"].sum() == len(u)
    assert real["malicious"].sum() == int((u["incident_type"] == "Malicious Act").sum())
    assert int(((u["incident_type"] == "Malicious Act") & (u["incident_date"] <= "2023-02-21")).sum()) == 168


def test_geopko_estimates_never_change_the_rates(real):
    s = load_table("uniformed_strength")
    s.loc[s["source"] == "Geo-PKO", "military"] *= 10
    again = rates.fatality_rates(load_table("fatalities_minusma"), s)
    pd.testing.assert_frame_equal(again, real)


def test_both_chapters_use_the_one_rate_function():
    for chapter in ("mission", "casualties"):
        text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
        assert "rates.fatality_rates(" in text, chapter
        assert "uniformed_strength" in text.split("---")[1], chapter  # declared as an input


@pytest.fixture(scope="module")
def every_year():
    return rates.mission_year_rates(
        load_table("fatalities_by_mission_year"), load_table("ipi_mission_monthly"), dpo=load_table("dpo_year_means")
    )


def test_minusmas_2014_rate_is_the_highest_from_1995_to_2020(every_year):
    """Issue 10 computed that MINUSMA's 2014 rate (3.2 per 1,000) was last exceeded by UNAMIR in 1994; with the
    UN's yearly means of 2018-2020 no operation-year after 1994, to 2020, comes near it.
    """
    hs = rates.highest_since(every_year, "MINUSMA")
    assert (hs["year"], hs["since_year"], hs["since_mission"], hs["n_higher"]) == (2014, 1994, "UNAMIR", 2)
    later = every_year[every_year["year"] > 1994]
    assert later.iloc[0]["mission"] == "MINUSMA" and later.iloc[0]["year"] == 2014
    assert set(every_year["year"]) == set(range(1991, 2017)) | {2018, 2019, 2020}


def test_minusma_led_every_year_but_2015(every_year):
    """Ranks by malicious-act rate among operations of 1,000 or more: first in 2013, 2014, 2016, 2018, 2019 and
    2020; second in 2015, behind MINUSCA (its first full year).
    """
    r = rates.ranks_by_year(every_year, "MINUSMA")
    assert list(r.index) == [2013, 2014, 2015, 2016, 2018, 2019, 2020]
    assert list(r["rank"]) == [1, 1, 2, 1, 1, 1, 1]
    assert r.loc[2015, "next_mission"] == "MINUSCA"
    # By hand from the tables: 22 uniformed killed in malicious acts in 2019 (UN fatalities) / 14,390 (UN DPO mean)
    assert r.loc[2019, "rate_malicious"] == pytest.approx(22 / 14390 * 1000)


def test_the_1993_rate_of_all_operations_matches_sipri():
    """SIPRI (van der Lijn & Smit 2015): a peak of 3.3 uniformed fatalities per 1,000 in 1993, about 1 per 1,000
    from 2008. Computed here from the UN fatalities table and IPI's monthly strength, every operation.
    """
    yr = rates.mission_year_rates(
        load_table("fatalities_by_mission_year"), load_table("ipi_mission_monthly"), min_strength=0
    )
    out = rates.all_operations_rate(yr)
    assert round(out.loc[1993, "rate_all"], 1) == 3.3
    assert out["rate_all"].idxmax() == 1993
    assert 0.8 < out.loc[2008:2016, "rate_all"].mean() < 1.2
