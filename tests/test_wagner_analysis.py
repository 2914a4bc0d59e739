"""The Wagner chapter's analysis (minusma.analysis.wagner, wagner_did, wagner_un, wagner_restrictions): arithmetic on fixtures with known answers, and the UN's figures."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from minusma.analysis import wagner as w
from minusma.analysis import wagner_did as wd
from minusma.analysis import wagner_restrictions as wr
from minusma.analysis import wagner_un as wu
from minusma.data.load import load_table

from .conftest import SITE, site_key_figures


def test_pct_change_of_the_un_march_2023_note():
    # UN human rights division, note of March 2023: 584 civilians killed in 2021, at least 1,277 in 2022,
    # called "+54 %". From the counts: (1277 - 584) / 584 = +118.7 %, i.e. +119 %.
    assert round(wu.pct_change(584, 1277)) == 119
    assert wu.pct_change(744, 372) == -50.0  # the same note's "-58 %" for abductions


def test_stated_changes_recomputed_from_the_committed_counts():
    t = wu.stated_changes(load_table("civilian_harm")).set_index(["period", "measure"])
    row = t.loc[("Jan-Dec 2022", "killed")]
    assert (row["before"], row["after"], row["stated"], round(row["computed"])) == (584, 1277, 54, 119)
    assert row["misstated"] and not row["press_only"]
    # the changes the notes state right, within rounding: Q4 2022 killed -28 % (243 -> 174), Q1 2022 +324 %
    assert not t.loc[("Oct-Dec 2022", "killed"), "misstated"]
    assert round(t.loc[("Jan-Mar 2022", "killed"), "computed"]) == 324
    # misstated: 2022 killed, 2022 abducted (-58 % stated, -50 % computed), H2 2021 killed (+16 %, 266 -> 318: +20 %)
    assert set(t.index[t["misstated"]]) == {
        ("Jan-Dec 2022", "killed"),
        ("Jan-Dec 2022", "abducted/disappeared"),
        ("Jul-Dec 2021", "killed"),
    }
    assert len(t) == len(wu.STATED_CHANGES)


def test_a_stated_change_whose_row_is_gone_stops():
    harm = load_table("civilian_harm")
    with pytest.raises(KeyError, match="1277"):
        wu.stated_changes(harm[harm["value"] != 1277])


def _panel_fixture():
    """Mali 10 a quarter before, 40 after; Burkina 20 before, 25 after; +-1 noise that cancels in each cell."""
    qs = w.quarters("2017-Q1", "2023-Q4")
    noise = [(-1) ** i for i in range(len(qs))]
    mali = pd.DataFrame({"y": [(10 if q < w.AFTER_QUARTER else 40) + e for q, e in zip(qs, noise)]}, index=qs)
    bfa = pd.DataFrame({"y": [(20 if q < w.AFTER_QUARTER else 25) - e for q, e in zip(qs, noise)]}, index=qs)
    return mali, bfa


def test_did_arithmetic_on_a_fixture_with_a_known_answer():
    mali, bfa = _panel_fixture()
    d = wd.diff_in_diff(wd.did_panel(mali, bfa, "y"))
    # (40 - 10) - (25 - 20) = 25 deaths a quarter; 20 quarters before (2017-2021) and 8 after in each country
    assert d.estimate == pytest.approx(25.0)
    assert d.means == pytest.approx({"mali_before": 10, "mali_after": 40, "bfa_before": 20, "bfa_after": 25})
    assert d.n == 56
    assert d.low < 25 < d.high and d.high - d.low < 5  # the noise is small: a narrow interval


def test_event_study_gap_is_centred_on_the_years_before():
    mali, bfa = _panel_fixture()
    es = wd.event_study(mali["y"], bfa["y"]).set_index("quarter")
    # gap before -10 +- 2, after +15 +- 2: centred, the after quarters sit at 25 +- 2
    assert es.loc["2017-Q1", "centred"] == pytest.approx(-10 + 2 - (-10))
    assert es.loc["2023-Q4", "centred"] == pytest.approx(15 - 2 + 10)
    assert es.loc[es["post"], "centred"].mean() == pytest.approx(25)
    assert es["post"].sum() == 8


def test_did_of_the_committed_ucdp_table_is_the_cell_means_arithmetic():
    u = load_table("ucdp_civilian_deaths_quarter")
    m, b = w.ucdp_outcomes(u, "MLI"), w.ucdp_outcomes(u, "BFA")
    d = wd.diff_in_diff(wd.did_panel(m, b, "state_os"))
    mm = d.means
    assert d.estimate == pytest.approx((mm["mali_after"] - mm["mali_before"]) - (mm["bfa_after"] - mm["bfa_before"]))
    # one-sided violence by each state, by year, against UCDP's own actor-year table (v25.1, ucdp_onesided_actor_year):
    # 2021 equal (Mali 48, Burkina Faso 35); 2022 within a few deaths between versions (v25.1: 275 and 196)
    os_ = load_table("ucdp_onesided_actor_year").set_index(["actor", "year"])["deaths_best"]

    def year(f, y):
        return int(f.loc[[q for q in f.index if q.startswith(str(y))], "state_os"].sum())

    assert (year(m, 2021), year(b, 2021)) == (os_["Government of Mali", 2021], os_["Government of Burkina Faso", 2021])
    assert abs(year(m, 2022) - os_["Government of Mali", 2022]) <= 10
    assert abs(year(b, 2022) - os_["Government of Burkina Faso", 2022]) <= 10
    assert (m["state_os_low"] <= m["state_os"]).all() and (m["state_os"] <= m["state_os_high"]).all()


def test_wilson_interval():
    lo, hi = w.share_interval(94, 193)
    assert lo < 94 / 193 < hi and round(lo, 3) == 0.417 and round(hi, 3) == 0.557


def test_the_seeds_about_1000_is_not_an_estimate_of_2023():
    c = w.strength_claim(load_table("wagner_strength"))
    # wagner_strength.csv: 1,000 only as "up to (planned)" in Sep 2021 (Reuters); 2023: about 1,600 (Le Monde)
    assert not c["supported"]
    assert [r["estimate"] for r in c["in_year"]] == [1600]


def test_un_beside_datasets_puts_the_same_quarters_side_by_side():
    t = wu.un_beside_datasets(
        load_table("civilian_harm"),
        load_table("ucdp_civilian_deaths_quarter"),
        load_table("acled_vac_perpetrator_quarter"),
    )
    r = t[(t["period"] == "Jan-Dec 2022") & (t["class"] == "all")].iloc[0]
    assert (r["un"], r["ucdp_os"]) == (1277, 1455)  # UCDP one-sided 2022: SOURCE.md file 9
    assert not r["press_only"]
    q1 = t[(t["period"] == "Jan-Mar 2023")].iloc[0]
    assert q1["press_only"] and q1["acled_partial"]
    assert not math.isnan(q1["acled_vac"])


@pytest.mark.skipif(not (SITE / "key-figures.csv").exists(), reason="book not built: run `make book`")
def test_the_chapter_states_the_recomputed_change_and_the_did():
    kf = site_key_figures("wagner")
    assert (kf["wag_un_stated_pct"]["text"], kf["wag_un_computed_pct"]["text"]) == ("+54%", "+119%")
    assert (kf["wag_un_killed_2021"]["text"], kf["wag_un_killed_2022"]["text"]) == ("584", "1,277")
    u = load_table("ucdp_civilian_deaths_quarter")
    d = wd.diff_in_diff(wd.did_panel(w.ucdp_outcomes(u, "MLI"), w.ucdp_outcomes(u, "BFA"), "state_os"))
    assert kf["wag_did_state"]["text"] == f"{d.estimate:+.0f}"
    assert (
        float(kf["wag_did_state_low"]["value"])
        < float(kf["wag_did_state"]["value"])
        < float(kf["wag_did_state_high"]["value"])
    )
    assert kf["wag_str_about1000"]["text"] == "is not supported"
    page = (SITE / "index.html").read_text(encoding="utf-8")
    assert "+119%" in page and "Who killed civilians" in page


def test_restrictions_timeline_counts_and_orders_the_facts():
    from minusma.analysis import conflict as cf

    monthly = cf.complete_months(cf.national_monthly(load_table("acled_mali_cercle_month"), start="2012-01"))
    t = wr.restrictions_timeline(
        load_table("restrictions"), load_table("attacks_on_mission"), load_table("timeline"), monthly
    )
    rot = t[t["what"].str.startswith("rotation suspension:")].iloc[0]
    # restrictions.csv: rotations suspended 14 July - 15 August 2022, 32 days; the fatalities of July and August
    assert (rot["value"], rot["when"]) == (32, "14 Jul 2022 – 15 Aug 2022")
    m = monthly.set_index("month")["fatalities"]
    assert rot["fatalities_in_months"] == m["2022-07-01"] + m["2022-08-01"]
    # the Ivorian soldiers' arrest (10 July 2022) comes before the suspension; Moura access is dated by year only
    assert t.index[t["what"].str.contains("49 Ivorian")][0] < t.index[t["what"].str.startswith("rotation susp")][0]
    assert t.loc[t["what"].str.contains("access to Moura"), "when"].tolist() == ["2022"]
    denied = t.set_index("what").loc[["flight authorisation requests", "flight authorisations denied"], "value"]
    assert denied.tolist() == [1231, 297]  # restrictions.csv: 297 of 1,231 (24.1 %, as the note says)
    assert t["start"].dropna().is_monotonic_increasing
