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
    agg = pd.DataFrame(
        {
            "mission": ["MINUSMA", "UNIFIL", "MINUSMA"],
            "mission_kind": ["peacekeeping operation"] * 3,
            "year": [2014, 2014, 2015],
            "incident_type": ["Malicious Act"] * 3,
            "personnel_group": ["uniformed"] * 3,
            "fatalities": [3, 1, 2],
        }
    )
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
        pd.Timestamp("2019-01-20"),
        10,
        "Chad (10)",
    )


def test_minusma_leads_malicious_acts_but_not_all_causes():
    agg = load_table("fatalities_by_mission_year")
    mal = cas.by_mission(agg, cas.MALICIOUS)
    allc = cas.by_mission(agg)
    assert mal.index[0] == "MINUSMA" and mal.iloc[0] == 174
    assert allc.index[0] == "UNIFIL" and allc.iloc[0] == 339 and allc["MINUSMA"] == 311


# --- the chapter's chart and table recipes (minusma.charts.casualties) on the fixture --------------------------


def test_by_year_chart_stacks_every_incident_type_and_labels_totals():
    import matplotlib.pyplot as plt

    from minusma.charts import casualties as cc

    t = cas.by_year_and_type(fixture_deaths())
    fig, data = cc.by_year_chart(t)
    ax = fig.axes[0]
    assert len(ax.containers) == len(cc.STACK)
    assert [x.get_text() for x in ax.texts] == ["3", "1", "3"]
    assert list(data["year"]) == [2014, 2015, 2016] and data["Total"].sum() == 7
    assert cc.by_year_alt(t) == (
        "Stacked bar chart of MINUSMA fatalities per year from 2014 to 2016 by incident "
        "type. 2014: 3 in total, 3 in malicious acts; 2015: 1 in total, 0 in malicious "
        "acts; 2016: 3 in total, 1 in malicious acts."
    )
    plt.close(fig)


def test_missions_chart_highlights_minusma_and_plots_both_counts():
    import matplotlib.pyplot as plt

    from minusma.charts import casualties as cc
    from minusma.charts import style

    mal = pd.Series({"MINUSMA": 5, "ONUC": 3, "UNIFIL": 1}, name="fatalities").rename_axis("mission")
    allc = pd.Series({"UNIFIL": 9, "MINUSMA": 7, "ONUC": 4}, name="fatalities").rename_axis("mission")
    fig, data = cc.missions_chart(mal, allc, top=2)
    assert data.to_dict("list") == {"mission": ["MINUSMA", "ONUC"], "malicious_acts": [5, 3], "all_causes": [7, 4]}
    bars = fig.axes[0].patches  # drawn bottom-up: ONUC, then MINUSMA
    assert [b.get_width() for b in bars] == [3, 5]
    assert bars[1].get_facecolor() != bars[0].get_facecolor()
    assert style.HIGHLIGHT.lower() in [plt.matplotlib.colors.to_hex(b.get_facecolor()) for b in bars]
    assert cc.missions_alt(data).endswith(
        "Malicious-act fatalities: MINUSMA 5, ONUC 3. All causes for the same operations: MINUSMA 7, ONUC 4."
    )
    plt.close(fig)


def test_tables_show_rates_to_two_decimals_and_dates_in_words():
    from minusma.charts import casualties as cc

    rt = pd.DataFrame(
        {
            "malicious": [3],
            "all_causes": [4],
            "rate_malicious": [1.234],
            "rate_all": [2.0],
            "method": ["UN month-end counts (IPI)"],
        },
        index=pd.Index([2014], name="year"),
    )
    row = cc.rates_table(rt).iloc[0].to_dict()
    assert row["Per 1,000 per year, malicious"] == "1.23" and row["Per 1,000 per year, all causes"] == "2.00"
    days = cc.days_table(cas.deadliest_days(fixture_deaths(), n=1))
    assert days.loc[0, "Date"] == "3 Oct 2014" and days.loc[0, "Nationality"] == "Niger (2), Chad (1)"


def test_key_figures_of_the_fixture_by_section():
    from minusma.analysis import casualties_keys as keys

    f = keys.yearly_figures(cas.by_year_and_type(fixture_deaths()), source="fixture").set_index("name")
    assert f.loc["cas_peak_malicious_year", "value"] == 2014 and f.loc["cas_peak_malicious_year", "fmt"] == "{}"
    assert f.loc["cas_malicious_2013_2017", "value"] == 4 and f.loc["cas_tbd_unknown", "value"] == 1
    # 2014: malicious acts lead; 2015: illness; 2016: malicious, accident and TBD one each (no lead)
    assert f.loc["cas_years_malicious_leading", "value"] == 1
    d = keys.day_figures(fixture_deaths(), 2, source="fixture").set_index("name")
    assert d.loc["cas_worst_day", "value"] == "3 October 2014" and d.loc["cas_days_5plus", "value"] == 1
    assert (
        d.loc["cas_many", "source"] == "method"
        and d.loc["cas_days_5plus", "unit"] == "days with 2 or more malicious-act fatalities"
    )
