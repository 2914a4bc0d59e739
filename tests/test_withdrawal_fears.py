"""The scorecard of the fears of 2023: rules applied to fixtures with known answers, and the curated table."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma.analysis import withdrawal_fears as wf
from minusma.data.load import load_table


def acled_fixture():
    """Cercle A: 10 deaths a month in 2022-2023, 20 in 2024, 11 in 2025, 40 in Jan-Feb 2026, March 2026 partial."""
    months = pd.date_range("2022-01-01", "2026-03-01", freq="MS")
    val = {2022: 10, 2023: 10, 2024: 20, 2025: 11, 2026: 40}
    return pd.DataFrame(
        {
            "month": months,
            "admin2_pcode": "A",
            "fatalities": [val[m.year] for m in months],
            "partial": [m == pd.Timestamp("2026-03-01") for m in months],
        }
    )


def test_periods_mark_the_partial_year():
    ps = wf.periods(pd.Timestamp("2026-02-01"))
    assert [p.label for p in ps] == ["2022–2023", "2024", "2025", "2026 (to February)"]
    assert [p.partial for p in ps] == [False, False, False, True]


def test_rules_and_verdicts():
    assert wf.verdict("ratio_at_least", 1.25, 20, 10) == "borne out"
    assert wf.verdict("ratio_at_least", 1.25, 12, 10) == "not borne out"  # 1.2 < 1.25
    assert wf.verdict("ratio_at_least", 1.25, 12.5, 10) == "borne out"  # the threshold itself counts
    assert wf.verdict("at_most", 1, 1, 3) == "borne out" and wf.verdict("at_most", 1, 2, 3) == "not borne out"
    assert wf.verdict("ratio_at_least", 1.25, float("nan"), 10) == "no data"
    assert wf.verdict("ratio_at_least", 1.25, 20, 10, condition=False) == "not borne out"
    with pytest.raises(ValueError, match="unknown rule"):
        wf.verdict("more", 1, 1, 1)


def test_scorecard_on_a_fixture():
    fears = pd.DataFrame(
        {"fear": ["towns"], "order": [1], "measure": ["base_cercles"], "rule": ["ratio_at_least"], "threshold": [1.25]}
    )
    data = {"acled": acled_fixture(), "base_cercles": ["A"]}
    card = wf.scorecard(fears, data, last_complete=pd.Timestamp("2026-02-01"))
    got = card.set_index("period")
    assert got.loc["2022–2023", "value"] == 10 and got.loc["2024", "value"] == 20
    assert list(card["verdict"]) == ["", "borne out", "not borne out", "borne out"]
    assert got.loc["2026 (to February)", "value"] == 40  # the partial March is left out
    final = wf.final_verdicts(card).iloc[0]
    # the partial year is shown but not used: the verdict rests on 2025
    assert (final["verdict"], final["period"], final["years_borne_out"], final["years_scored"]) == (
        "not borne out",
        "2025",
        1,
        2,
    )


def test_oversight_counts_bodies_mandated_mid_year():
    bodies = pd.DataFrame(
        {
            "body": ["mission", "panel", "expert"],
            "active_from": pd.to_datetime(["2013-07-01", "2017-09-05", "2013-03-21"]),
            "active_to": pd.to_datetime(["2023-12-31", "2023-08-31", None]),
        }
    )
    assert len(wf.bodies_active(bodies, pd.Timestamp("2023-07-01"))) == 3
    assert wf.bodies_active(bodies, pd.Timestamp("2024-07-01")) == ["expert"]


def test_refugees_take_the_last_figure_of_the_year_and_the_baseline_before_july_2023():
    hum = pd.DataFrame(
        {
            "indicator": "malian_refugees_in_neighbours",
            "geography": "Mali",
            "confidence": "normal",
            "date": pd.to_datetime(["2022-09-15", "2023-04-15", "2023-10-01", "2024-09-30"]),
            "value": [182107.0, 204387.0, 250000.0, 301510.0],
        }
    )
    ps = {p.label: p for p in wf.periods(pd.Timestamp("2025-12-01"))}
    assert wf.values("refugees", ps["2022–2023"], {"humanitarian": hum})[0] == 204387  # before July 2023
    assert wf.values("refugees", ps["2024"], {"humanitarian": hum}) == (301510.0, "301,510 (Sep 2024)")
    assert wf.values("refugees", ps["2025"], {"humanitarian": hum})[1] == "no figure"


def test_capital_cercles_are_named_as_their_region():
    caps = wf.capital_cercles(load_table("mali_cercles"))
    # COD-AB 2021: ten regions (Bamako district included), each with a cercle of the capital's name
    assert len(caps) == 10 and "ML0901" in caps and "ML0506" in caps


def test_every_fear_of_the_explainer_has_a_row_with_a_threshold():
    fears = load_table("withdrawal_fears")
    assert list(fears["fear"]) == ["towns", "wagner", "north", "oversight", "humanitarian"]
    assert fears["threshold"].notna().all() and fears["threshold_text"].str.len().gt(20).all()
    assert (fears["fixed_on"] <= pd.Timestamp("2026-12-03")).all()
