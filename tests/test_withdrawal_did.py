"""The difference-in-differences of the Withdrawal chapter, on fixtures with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from minusma.analysis import withdrawal_design as wdd
from minusma.analysis import withdrawal_did as dd


def bases_fixture():
    """Five bases in three cercles: Tessalit and Aguelhok share a cercle (Tessalit, ML0803), so do Ber and
    Timbuktu (Tombouctou, ML0605); an undated base (Kerena) is ignored.
    """
    return pd.DataFrame(
        {
            "base": ["Ber", "Tessalit (Amachach)", "Aguelhok", "Kidal", "Timbuktu (super camp, airport)", "Kerena"],
            "closed_on": pd.to_datetime(["2023-08-13", "2023-10-21", "2023-10-23", "2023-10-31", "2023-12-28", None]),
            "admin2_pcode": ["ML0605", "ML0803", "ML0803", "ML0802", "ML0605", "ML0504"],
            "admin2": ["Tombouctou", "Tessalit", "Tessalit", "Kidal", "Tombouctou", "Douentza"],
            "admin1_pcode": ["ML06", "ML08", "ML08", "ML08", "ML06", "ML05"],
            "admin1": ["Tombouctou", "Kidal", "Kidal", "Kidal", "Tombouctou", "Mopti"],
            "latitude": [16.0, 20.2, 18.9, 18.4, 16.7, 15.0],
            "longitude": [-3.7, 1.0, 1.2, 1.4, -3.0, -2.9],
        }
    )


def test_one_row_per_cercle_dated_by_its_first_closure():
    u = wdd.cercle_units(bases_fixture())
    assert list(u["admin2_pcode"]) == ["ML0605", "ML0803", "ML0802"]  # no cercle twice, Kerena (undated) out
    assert not u["admin2_pcode"].duplicated().any()
    tim = u.set_index("admin2_pcode").loc["ML0605"]
    assert tim["bases"] == "Ber; Timbuktu" and tim["n_bases"] == 2
    assert tim["first_closure"] == pd.Timestamp("2023-08-13")  # Ber, not Timbuktu's 28 Dec
    assert tim["closures"] == "13 Aug 2023; 28 Dec 2023"
    tes = u.set_index("admin2_pcode").loc["ML0803"]
    assert tes["bases"] == "Tessalit; Aguelhok" and tes["first_closure"] == pd.Timestamp("2023-10-21")
    assert len(tes["points"]) == 2 and list(u["zone"]) == ["north"] * 3


def panel_fixture(effects=(5.0, 5.0)):
    """Cercles T1 (closes Aug 2023, effect effects[0]) and T2 (Nov 2023, effects[1]) and comparison cercles
    C1-C3, 2021-2025. Every cercle has its own level and all share a common monthly trend (+0.1 a month and
    a seasonal swing), so the true difference-in-differences is the mean effect, exactly.
    """
    months = pd.date_range("2021-01-01", "2025-12-01", freq="MS")
    trend = 0.1 * np.arange(len(months)) + 3 * np.sin(np.arange(len(months)) * np.pi / 6)
    rows = []
    closes = {"T1": pd.Timestamp("2023-08-01"), "T2": pd.Timestamp("2023-11-01")}
    level = {"T1": 10, "T2": 20, "C1": 3, "C2": 7, "C3": 12}
    for u, lv in level.items():
        eff = {"T1": effects[0], "T2": effects[1]}.get(u, 0.0)
        for i, m in enumerate(months):
            after = u in closes and m > closes[u]
            rows.append({"admin2_pcode": u, "month": m, "fatalities": lv + trend[i] + (eff if after else 0.0)})
    treated = pd.DataFrame(
        {
            "admin2_pcode": ["T1", "T2"],
            "first_closure": [closes["T1"] + pd.Timedelta(days=9), closes["T2"] + pd.Timedelta(days=20)],
        }
    )
    return pd.DataFrame(rows), treated, ["C1", "C2", "C3"]


def test_did_recovers_a_known_effect_and_the_placebo_is_zero():
    monthly, treated, controls = panel_fixture()
    est = dd.did(dd.stacked_panel(monthly, treated, controls))
    assert est["estimate"] == pytest.approx(5.0) and est["treated"] == 2 and est["clusters"] == 5
    assert est["obs"] == 2 * 4 * 24  # 2 stacks x 4 cercles x 24 months
    placebo = dd.did(dd.stacked_panel(monthly, treated, controls, shift=-12, hi=11))
    assert placebo["estimate"] == pytest.approx(0.0, abs=1e-9)


def test_placebo_window_stops_before_the_real_closure():
    monthly, treated, controls = panel_fixture()
    p = dd.stacked_panel(monthly, treated, controls, shift=-12, hi=24)
    t1 = p[(p["stack"] == "T1")]
    assert t1["month"].max() == pd.Timestamp("2023-07-01")  # the month before the real closure
    assert 0 not in set(p["k"])


def test_pooled_estimate_is_the_mean_of_the_per_cercle_table():
    monthly, treated, controls = panel_fixture(effects=(4.0, 8.0))
    panel = dd.stacked_panel(monthly, treated, controls)
    table = dd.per_cercle(panel)
    assert list(table["did"].round(9)) == [4.0, 8.0]
    assert dd.did(panel)["estimate"] == pytest.approx(table["did"].mean()) == pytest.approx(6.0)
    assert list(table["direction"]) == ["rose", "rose"]
    assert dict(wdd.directions(table)) == {"rose": 2, "fell": 0, "same": 0}


def test_directions_need_half_a_death_a_month():
    monthly, treated, controls = panel_fixture(effects=(0.3, -0.6))
    table = dd.per_cercle(dd.stacked_panel(monthly, treated, controls))
    assert list(table["direction"]) == ["same", "fell"]


def test_event_study_is_flat_before_and_steps_up_after():
    monthly, treated, controls = panel_fixture()
    es = dd.event_study(dd.stacked_panel(monthly, treated, controls, hi=24)).set_index("k")
    assert list(es.index) == [k for k in range(-12, 25) if k != 0]
    assert np.allclose(es.loc[-12:-1, "estimate"], 0.0) and np.allclose(es.loc[1:24, "estimate"], 5.0)
    assert es.loc[:-1, "estimate"].mean() == pytest.approx(0.0, abs=1e-9)


def test_last_month_cuts_every_cercle_of_a_stack_alike():
    monthly, treated, controls = panel_fixture()
    p = dd.stacked_panel(monthly, treated, controls, hi=24, last_month=pd.Timestamp("2024-06-01"))
    per_unit = p.groupby(["stack", "admin2_pcode"]).size()
    assert per_unit.groupby("stack").nunique().eq(1).all()  # balanced within each stack
    assert p["month"].max() == pd.Timestamp("2024-06-01")


def test_a_cercle_cannot_be_treated_and_comparison():
    monthly, treated, _ = panel_fixture()
    with pytest.raises(ValueError, match="both treated and comparison"):
        dd.stacked_panel(monthly, treated, ["T1", "C1"])


def test_ucdp_panel_zero_fills_and_keeps_one_release():
    ev = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-03-05", "2024-03-20", "2026-04-02"]),
            "iso3": "MLI",
            "admin2_pcode": ["A", "A", "A"],
            "best": [2, 3, 50],
            "dataset": ["GED 25.1", "GED 25.1", "Candidate 26.0.4"],
        }
    )
    m = wdd.ucdp_cercle_month(ev, ["A", "B"], last="2024-05")
    assert len(m) == 2 * 3 and m["fatalities"].sum() == 5  # the candidate event is left out
    assert m.set_index(["admin2_pcode", "month"]).loc[("A", pd.Timestamp("2024-03-01")), "fatalities"] == 5


def test_deaths_near_count_an_event_near_two_bases_once():
    treated = pd.DataFrame(
        {"admin2_pcode": ["X"], "first_closure": [pd.Timestamp("2023-10-21")], "points": [[(16.0, 0.0), (16.1, 0.0)]]}
    )  # two bases ~11 km apart
    ev = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-09-10", "2023-11-10", "2023-10-25"]),
            "iso3": "MLI",
            "latitude": [16.05, 16.05, 16.05],
            "longitude": 0.0,
            "best": [12, 24, 1000],
            "dataset": "GED 25.1",
        }
    )
    out = wdd.deaths_near(ev, treated, radius_km=50, lo=-12, hi=12).iloc[0]
    assert out["near_before"] == pytest.approx(12 / 12) and out["near_after"] == pytest.approx(24 / 12)
