"""Casualty analysis: functions on a small fixture, and the real data against published figures."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma.analysis import casualties as cas
from minusma.data.load import load_table



def fixture_deaths() -> pd.DataFrame:
    rows = [
        # date, type, personnel, nationality
        ("2014-10-03", "Malicious Act", "Military", "Niger"),
        ("2014-10-03", "Malicious Act", "Military", "Niger"),
        ("2014-10-03", "Malicious Act", "Military", "Chad"),
        ("2015-02-01", "Illness", "Police", "Senegal"),
        ("2016-05-18", "Malicious Act", "Local", "Mali"),
        ("2016-05-18", "Accident", "Military", "Chad"),
        ("2016-12-31", "To Be Determined", "International Civilian", "France"),
    ]
    df = pd.DataFrame(rows, columns=["incident_date", "incident_type", "personnel_type", "nationality"])
    df["incident_date"] = pd.to_datetime(df["incident_date"])
    df["year"] = df["incident_date"].dt.year
    df["uniformed"] = df["personnel_type"].isin(["Military", "Police", "Military Observer"])
    return df


def test_by_year_and_type_keeps_every_year_and_type():
    t = cas.by_year_and_type(fixture_deaths())
    assert list(t.index) == [2014, 2015, 2016]
    assert t.loc[2014, "Malicious Act"] == 3 and t.loc[2015, "Malicious Act"] == 0
    assert t.loc[2016, "Total"] == 3
    assert "Self-Inflicted" in t.columns and t["Self-Inflicted"].sum() == 0


def test_deadliest_days_counts_and_names_contingents():
    d = cas.deadliest_days(fixture_deaths(), n=1)
    assert d.loc[0, "date"] == pd.Timestamp("2014-10-03")
    assert d.loc[0, "fatalities"] == 3
    assert d.loc[0, "nationalities"] == "Niger (2), Chad (1)"


def test_count_as_of_scopes():
    df = fixture_deaths()
    assert cas.count_as_of(df, "2016-05-18", uniformed_only=False, malicious_only=True) == 4
    assert cas.count_as_of(df, "2016-05-18", uniformed_only=True, malicious_only=True) == 3
    assert cas.count_as_of(df, "2016-12-31", uniformed_only=False, malicious_only=False) == 7
    assert cas.count_as_of(df, "2014-10-02", uniformed_only=False, malicious_only=False) == 0


def test_by_nationality_splits_causes():
    n = cas.by_nationality(fixture_deaths())
    assert n.index[0] == "Chad" or n.index[0] == "Niger"
    assert n.loc["Chad", "malicious"] == 1 and n.loc["Chad", "other_causes"] == 1
    assert n.loc["Niger", "total"] == 2


def test_share_of_all_missions():
    agg = pd.DataFrame({
        "mission": ["MINUSMA", "UNIFIL", "MINUSMA"], "mission_kind": ["peacekeeping operation"] * 3,
        "year": [2014, 2014, 2015], "incident_type": ["Malicious Act"] * 3,
        "personnel_group": ["uniformed"] * 3, "fatalities": [3, 1, 2],
    })
    s = cas.share_of_all_missions(agg, years=(2014, 2016))
    assert s.loc[2014, "share"] == pytest.approx(0.75)
    assert s.loc[2015, "share"] == 1.0
    assert pd.isna(s.loc[2016, "share"])


# --- the real table against published figures -------------------------------------------------


def test_168_uniformed_killed_in_hostile_acts_by_21_february_2023():
    """MINUSMA statement of 21 Feb 2023: 168 uniformed personnel killed in hostile acts since 2013."""
    deaths = load_table("fatalities_minusma")
    assert cas.count_as_of(deaths, "2023-02-21", uniformed_only=True, malicious_only=True) == 168


def test_122_killed_in_hostile_acts_by_march_2019():
    """UN tribute reported by Mali24 (March 2019): 122 peacekeepers killed in hostile acts."""
    deaths = load_table("fatalities_minusma")
    assert cas.count_as_of(deaths, "2019-03-31", uniformed_only=False, malicious_only=True) == 122


def test_122_killed_in_attacks_by_28_february_2019():
    """MINUSMA fact sheet of 28 Feb 2019 (24heureinfo, facts/figures.csv): 122 killed in attacks since July 2013."""
    deaths = load_table("fatalities_minusma")
    assert cas.count_as_of(deaths, "2019-02-28", uniformed_only=False, malicious_only=True) == 122


def test_aguelhok_attack_is_the_deadliest_day():
    """20 January 2019, Aguelhok: ten Chadian peacekeepers killed (UN, facts/timeline.csv)."""
    d = cas.deadliest_days(load_table("fatalities_minusma"), n=1)
    assert (d.loc[0, "date"], d.loc[0, "fatalities"], d.loc[0, "nationalities"]) == (
        pd.Timestamp("2019-01-20"), 10, "Chad (10)")


def test_minusma_leads_malicious_acts_but_not_all_causes():
    agg = load_table("fatalities_by_mission_year")
    mal = cas.by_mission(agg, cas.MALICIOUS)
    allc = cas.by_mission(agg)
    assert mal.index[0] == "MINUSMA" and mal.iloc[0] == 174
    assert allc.index[0] == "UNIFIL" and allc.iloc[0] == 339 and allc["MINUSMA"] == 311
