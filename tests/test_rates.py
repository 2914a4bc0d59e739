"""Fatality rates per 1,000 uniformed personnel: the calculation on small fixtures, then the real series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from minusma import rates
from minusma.load import load_table

from .conftest import ROOT


def strength_rows(rows):
    """A ``uniformed_strength``-shaped frame from (source, start, end, military, police, uniformed)."""
    basis = {"IPI": "official", "RADPKO": "official", "statement": "statement", "Geo-PKO": "estimate"}
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
    s = strength_rows([
        ("IPI", "2013-07-31", "2013-07-31", 900, 100, 1000),
        ("IPI", "2013-09-30", "2013-09-30", 1800, 200, 2000),     # August missing: interpolated
        ("IPI", "2013-12-31", "2013-12-31", 1800, 200, 2000),
        ("RADPKO", "2014-01-01", "2014-12-31", 2700, 300, 3000),   # stands for every month of 2014
        ("statement", "2014-06-15", "2014-06-15", None, None, 4000),
        ("statement", "2015-06-15", "2015-06-15", None, None, 5000),
        ("Geo-PKO", "2015-01-01", "2015-12-31", 99999, None, None),  # never used
    ])
    m = rates.monthly_strength(s, pd.Timestamp("2013-07-01"), pd.Timestamp("2015-06-30")).set_index("month")
    assert m.loc["2013-08-01", "uniformed"] == 1500 and m.loc["2013-08-01", "method"] == "ipi"
    assert m.loc["2014-06-01", "uniformed"] == 3000 and m.loc["2014-06-01", "basis"] == "official"
    # 2015-03-15 lies 273 of 365 days from 2014-06-15 to 2015-06-15: linear interpolation
    assert m.loc["2015-03-01", "uniformed"] == pytest.approx(4000 + 1000 * 273 / 365)
    assert m.loc["2015-03-01", "method"] == "statements" and m.loc["2015-03-01", "basis"] == "statement"
    # after the last statement the value is carried forward
    assert m.loc["2015-06-01", "uniformed"] == pytest.approx(4000 + 1000 * 365 / 365)


def test_statements_must_reach_the_months_that_need_them():
    s = strength_rows([("statement", "2016-01-15", "2016-01-15", None, None, 4000)])
    with pytest.raises(ValueError, match="no statement before"):
        rates.monthly_strength(s, pd.Timestamp("2015-01-01"), pd.Timestamp("2016-06-30"))


def test_military_only_statement_gets_interpolated_police():
    s = strength_rows([
        ("statement", "2019-01-01", "2019-01-01", 10000, 1000, 11000),
        ("statement", "2021-01-01", "2021-01-01", 9000, None, None),    # military only
        ("statement", "2023-01-01", "2023-01-01", 12000, 2000, 14000),
    ])
    pts = rates.statement_points(s)
    # police on 2021-01-01: 731 of 1,461 days from 1,000 to 2,000
    assert pts[pd.Timestamp("2021-01-01")] == pytest.approx(9000 + 1000 + 1000 * 731 / 1461)


def test_fatality_rates_on_a_constant_strength():
    s = strength_rows([("statement", "2013-07-01", "2013-07-01", None, None, 12000),
                       ("statement", "2023-12-31", "2023-12-31", None, None, 12000)])
    d = deaths_rows([
        ("2014-02-01", "Malicious Act", True), ("2014-03-01", "Malicious Act", True),
        ("2014-05-01", "Malicious Act", True), ("2014-05-01", "Malicious Act", False),   # civilian: not counted
        ("2014-06-01", "Illness", True), ("2013-09-01", "Accident", True),
    ])
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
    s = strength_rows([
        ("IPI", "2017-01-31", "2017-01-31", 0, 0, 1200), ("IPI", "2017-03-31", "2017-03-31", 0, 0, 1200),
        ("RADPKO", "2017-01-01", "2017-12-31", 0, 0, 2400),
    ])
    m = rates.monthly_strength(s, pd.Timestamp("2017-01-01"), pd.Timestamp("2017-12-31"))
    by = rates.strength_by_period(m, [("2017", pd.Timestamp("2017-01-01"), pd.Timestamp("2017-12-31"))])
    assert by.loc["2017", "method"] == "UN month-end counts (IPI), Jan–Mar 2017; UN yearly mean (RADPKO), Apr–Dec 2017"
    assert by.loc["2017", "basis"] == "official"
    assert by.loc["2017", "person_years"] == pytest.approx((1200 * 90 + 2400 * 275) / 365.25)


def test_mission_rates_on_a_fixture():
    months = pd.date_range("2015-01-31", "2016-12-31", freq="ME")
    ipi = pd.concat([
        pd.DataFrame({"date": months, "un_mission": "AAA", "mission_kind": "peacekeeping operation", "uniformed": 2000}),
        pd.DataFrame({"date": months, "un_mission": "BBB", "mission_kind": "peacekeeping operation", "uniformed": 500}),
    ])
    ipi = ipi[ipi["date"] != "2016-11-30"]   # the month missing in IPI: interpolated
    f = pd.DataFrame({"mission": ["AAA", "AAA", "BBB"], "year": [2015, 2016, 2016],
                      "incident_type": ["Malicious Act", "Illness", "Malicious Act"],
                      "personnel_group": ["uniformed"] * 3, "fatalities": [4, 2, 9]})
    out = rates.mission_rates(f, ipi, years=(2015, 2016))
    assert list(out.index) == ["AAA"]                           # BBB is below 1,000 personnel
    assert out.loc["AAA", "person_years"] == pytest.approx(4000)
    assert out.loc["AAA", "rate_malicious"] == pytest.approx(1.0) and out.loc["AAA", "rate_all"] == pytest.approx(1.5)
    with pytest.raises(ValueError, match="full years to 2016"):
        rates.mission_rates(f, ipi, years=(2015, 2017))


# --- the real series ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return rates.fatality_rates(load_table("fatalities_minusma"), load_table("uniformed_strength"))


def test_real_rates_use_the_best_source_each_year(real):
    assert (real.loc[2013:2016, "method"] == "UN month-end counts (IPI)").all()
    assert real.loc[2017, "method"].startswith("UN month-end counts (IPI), Jan–Mar 2017; UN yearly mean (RADPKO)")
    assert (real.loc[2018:2019, "method"] == "UN yearly mean (RADPKO)").all()
    assert (real.loc[2020:2023, "basis"] == "statement").all()
    # SOURCE.md: RADPKO's 2019 yearly mean is 14,094
    assert round(real.loc[2019, "mean_strength"]) == 14094


def test_real_2014_strength_is_the_mean_of_the_un_monthly_counts(real):
    """IPI's 2014 month-end totals (UN): 6,802 in January ... 9,494 in December (ipi_ppp_data_mission_monthly.csv)."""
    ipi = load_table("ipi_mission_monthly")
    m = ipi[(ipi["mission"] == "MINUSMA") & (ipi["date"].dt.year == 2014)]
    assert len(m) == 12 and m["uniformed"].iloc[0] == 6802 and m["uniformed"].iloc[-1] == 9494
    # each month-end count stands for its month: person-years = sum(count x days in month) / 365.25
    assert real.loc[2014, "person_years"] == pytest.approx((m["uniformed"] * m["date"].dt.day).sum() / 365.25)


def test_real_counts_are_the_uniformed_fatalities_of_the_un_table(real):
    """By 21 Feb 2023, 168 uniformed personnel had been killed in hostile acts (MINUSMA statement);
    the yearly counts used in the rates add up to the UN table's uniformed fatalities."""
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
        assert "uniformed_strength" in text.split("---")[1], chapter   # declared as an input
