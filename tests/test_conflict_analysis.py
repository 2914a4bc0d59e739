"""minusma.analysis.conflict and conflict_where: periods of months, the rate comparison, zones, perpetrators, UCDP split, Moura."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from minusma.analysis import conflict as cf
from minusma.analysis import conflict_civilians as cc
from minusma.analysis import conflict_where as cw
from minusma.data.load import load_table


def monthly(values: dict[str, list[int]], partial_last: bool = False) -> pd.DataFrame:
    """A national monthly table: {first month: counts} blocks, in order."""
    rows = []
    for start, counts in values.items():
        for i, c in enumerate(counts):
            rows.append({"month": pd.Timestamp(start) + pd.DateOffset(months=i), "fatalities": c})
    df = pd.DataFrame(rows)
    df["partial"] = False
    if partial_last:
        df.loc[df.index[-1], "partial"] = True
    df["period"] = cf.month_periods(df["month"])
    return df


def test_each_month_belongs_to_the_period_that_holds_its_middle():
    months = pd.Series(
        pd.to_datetime(
            [
                "2013-06-01",
                "2013-07-01",
                "2020-08-01",
                "2020-09-01",
                "2021-11-01",
                "2021-12-01",
                "2023-12-01",
                "2024-01-01",
                "2026-03-01",
            ]
        )
    )
    got = cf.month_periods(months).astype(object).where(lambda s: s.notna(), None).tolist()
    # The first coup was on 18 August 2020: August 2020 is mostly before it.
    assert got == [
        None,
        "before_coups",
        "before_coups",
        "coups",
        "coups",
        "wagner_minusma",
        "wagner_minusma",
        "after_minusma",
        "after_minusma",
    ]


def test_rate_ratio_is_the_ratio_of_monthly_means_with_a_poisson_interval():
    # 12 months before the coup (mean 10) and 12 months after it (mean 25), in the coups period
    m = monthly({"2019-09-01": [8, 12] * 6, "2020-09-01": [20, 30] * 6})
    rr = cf.rate_ratios(m, "fatalities", method="poisson")
    assert list(rr.index) == ["before_coups", "coups"]
    assert rr.loc["before_coups", ["ratio", "low", "high"]].tolist() == [1.0, 1.0, 1.0]
    assert rr.loc["coups", "per_month"] == 25 and rr.loc["coups", "months"] == 12
    assert rr.loc["coups", "ratio"] == pytest.approx(2.5)
    # Poisson: se(log RR) = sqrt(1/sum_a + 1/sum_b) with sums 300 and 120
    se = math.sqrt(1 / 300 + 1 / 120)
    assert rr.loc["coups", "low"] == pytest.approx(2.5 * math.exp(-1.96 * se), rel=1e-6)
    assert rr.loc["coups", "high"] == pytest.approx(2.5 * math.exp(1.96 * se), rel=1e-6)
    assert rr.loc["coups", "ratio_prev"] == pytest.approx(2.5) and np.isnan(rr.loc["before_coups", "ratio_prev"])


def test_hac_interval_is_wider_for_overdispersed_months_and_ignores_partial_ones():
    rng = np.random.default_rng(4)
    before = rng.negative_binomial(2, 2 / (2 + 40), 36).tolist()  # mean 40, variance far above 40
    after = rng.negative_binomial(2, 2 / (2 + 80), 25).tolist()  # the 25 months of Wagner and MINUSMA
    m = monthly({"2017-09-01": before, "2021-12-01": after})
    hac = cf.rate_ratios(m, "fatalities")
    poi = cf.rate_ratios(m, "fatalities", method="poisson")
    key = "wagner_minusma"
    assert hac.loc[key, "ratio"] == pytest.approx(np.mean(after) / np.mean(before))
    assert hac.loc[key, "ratio"] == pytest.approx(poi.loc[key, "ratio"])
    assert hac.loc[key, "high"] / hac.loc[key, "low"] > 2 * (poi.loc[key, "high"] / poi.loc[key, "low"] - 1) + 1
    # a partial last month (near zero) changes nothing
    m2 = monthly({"2017-09-01": before, "2021-12-01": after + [1]}, partial_last=True)
    assert cf.rate_ratios(m2, "fatalities").equals(hac)


def test_rate_ratio_against_an_extra_reference_window():
    m = monthly({"2016-09-01": [4, 6] * 12 + [9, 11] * 12, "2020-09-01": [18, 22] * 6})
    recent = cf.last_months_before(m, "before_coups", 24)
    assert m.loc[recent, "month"].min() == pd.Timestamp("2018-09-01")
    assert m.loc[recent, "month"].max() == pd.Timestamp("2020-08-01")
    rr = cf.rate_ratios(m, "fatalities", reference="recent", extra={"recent": recent}, method="poisson")
    assert rr.loc["recent", "ratio"] == 1 and rr.loc["coups", "ratio"] == pytest.approx(2.0)
    assert rr.loc["before_coups", "per_month"] == pytest.approx(7.5)
    with pytest.raises(KeyError, match="no months"):
        cf.rate_ratios(m, "fatalities", reference="after_minusma")


def test_national_monthly_sums_cercles_and_keeps_the_partial_flag():
    cm = pd.DataFrame(
        {
            "month": pd.to_datetime(["2026-03-01", "2026-03-01", "2026-04-01", "2026-04-01"]),
            "admin2_pcode": ["ML0503", "ML0701"] * 2,
            "events": [3, 4, 1, 0],
            "fatalities": [10, 5, 2, 0],
            "partial": [False, False, True, True],
        }
    )
    out = cf.national_monthly(cm)
    assert out[["events", "fatalities", "partial"]].values.tolist() == [[7, 15, False], [1, 2, True]]
    assert len(cf.complete_months(out)) == 1


def test_zones_cover_every_region_and_shares_add_up():
    from minusma.analysis import geography as geo

    regions = load_table("mali_regions")
    assert set(geo.ZONES) == set(regions["admin1_pcode"])
    assert dict(zip(regions["admin1_pcode"], regions["admin1"])) == geo.REGIONS
    with pytest.raises(KeyError, match="ML11"):
        geo.zone_of(pd.Series(["ML05", "ML11"]))
    # a cercle takes its region's zone: Djenne (ML0503, Moura's cercle) is in the centre
    assert geo.zone_of(pd.Series(["ML0503", "ML0601"])).tolist() == ["centre", "north"]
    # Ségou is in the centre, wherever the book groups regions (issue 10: it was "south-west" in one chapter)
    assert "Ségou" in geo.regions_in("centre") and "Ségou" not in geo.regions_in("south")
    shares = cw.zone_shares(load_table("acled_mali_cercle_month"))
    assert list(shares.index) == ["before_coups", "coups", "wagner_minusma", "after_minusma"]
    assert np.allclose(shares[["north", "centre", "south"]].sum(axis=1), 1)


@pytest.mark.parametrize(
    "code, who",
    [
        (17, "State forces"),
        (27, "Rebel groups"),
        (37, "Political militias"),
        (47, "Identity militias"),
        (78, "External/other forces"),
        (12, "Unknown"),
        (70, "Unknown"),
    ],
)
def test_perpetrator_type_of_violence_against_civilians(code, who):
    assert cc.perpetrator_type(pd.Series([code])).iloc[0] == who


def test_onesided_split_keeps_multi_country_actors_in_other():
    os_ = pd.DataFrame(
        {
            "year": [2024, 2024, 2024, 2024],
            "actor_kind": ["state", "state_russia", "jihadist", "militia"],
            "mali_only": [True, True, False, True],
            "in_mali": [True] * 4,
            "deaths_best": [29, 299, 1396, 30],
        }
    )
    cy = pd.DataFrame({"iso3": ["MLI"], "year": [2024], "one_sided": [619]})
    out = cf.onesided_mali(os_, cy)
    # UCDP v25.1: Mali one-sided total 619 in 2024; JNIM's 1,396 spans five countries and stays unsplit
    assert out.loc[2024].to_dict() == {"state": 29, "state_russia": 299, "militia": 30, "other": 261, "total": 619}
    with pytest.raises(ValueError, match="exceed"):
        cf.onesided_mali(os_, cy.assign(one_sided=300))


def test_moura_aggregates_on_a_fixture():
    cm = pd.DataFrame(
        {
            "month": pd.to_datetime(["2022-01-01", "2022-02-01", "2022-03-01", "2022-03-01"]),
            "admin1_pcode": ["ML05"] * 4,
            "admin2_pcode": ["ML0503", "ML0503", "ML0503", "ML0505"],
            "events": [1, 2, 8, 3],
            "fatalities": [4, 6, 396, 20],
            "partial": [False] * 4,
        }
    )
    ged = pd.DataFrame(
        {
            "date": pd.to_datetime(["2022-03-26", "2022-03-14", "2022-04-02"]),
            "admin2_pcode": ["ML0503", "ML0503", "ML0503"],
            "violence": ["state-based", "one-sided", "one-sided"],
            "best": [313, 1, 9],
            "low": [313, 1, 9],
            "high": [313, 1, 9],
        }
    )
    got = cw.moura_aggregates(cm, ged)
    assert (got["acled_fatalities"], got["acled_events"], got["acled_fatalities_region"]) == (396, 8, 416)
    assert got["acled_cercle_median"] == 5.0
    assert got["ged"]["best"].tolist() == [1, 313]


def test_ged_counts_bound_low_and_high_by_best():
    ged = pd.DataFrame(
        {
            "event": [1, 2],
            "iso3": ["MLI", "MLI"],
            "year": [2024, 2024],
            "violence": ["one-sided", "one-sided"],
            "best": [10, 5],
            "low": [12, 5],
            "high": [8, 9],
        }
    )
    out = cf.ged_counts(ged, "MLI")
    assert out[["events", "best", "low", "high"]].values.tolist() == [[2, 15, 15, 19]]
