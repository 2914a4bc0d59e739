"""The Wagner chapter's key figures, built from data/ as the chapter builds them, without a book build.

The frames are those the chapter registers with ``ch.keys(...)``; the expected values are published
figures (source named beside each) or the committed tables' own counts as of this edition.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from minusma.analysis import conflict as cf
from minusma.analysis import conflict_civilians as cc
from minusma.analysis import conflict_keys as ck
from minusma.analysis import conflict_where as cw
from minusma.analysis import wagner as wg
from minusma.analysis import wagner_did as wd
from minusma.analysis import wagner_restrictions as wr
from minusma.analysis import wagner_un as wu
from minusma.analysis.keys import KEY_COLUMNS
from minusma.book.chapter import open_chapter
from minusma.data.load import load_table

from .conftest import ROOT


@pytest.fixture(scope="module")
def frames() -> list[pd.DataFrame]:
    """Every key-figure frame of the chapter, in the chapter's order (the calls of chapters/wagner.md)."""
    maps = {"mali_regions", "west_africa_countries"}  # only the charts read them
    t = {name: load_table(name) for name in open_chapter("wagner").inputs if name not in maps}
    S = ck.source_labels(open_chapter("wagner"))
    mali = cf.national_monthly(t["acled_mali_cercle_month"], start="2012-01")
    full = cf.complete_months(mali)
    osm = cf.onesided_mali(t["ucdp_onesided_actor_year"], t["ucdp_country_year"])
    window = full[(full["month"] >= "2021-07-01") & (full["month"] <= "2024-06-01")]
    rst = wr.restrictions_timeline(t["restrictions"], t["attacks_on_mission"], t["timeline"], full)
    civq, vacq, harm = t["ucdp_civilian_deaths_quarter"], t["acled_vac_perpetrator_quarter"], t["civilian_harm"]
    mq, bq, aq = wg.ucdp_outcomes(civq, "MLI"), wg.ucdp_outcomes(civq, "BFA"), wg.acled_perpetrators(vacq)
    wagner = t["acled_mali_wagner_month"]
    by_type = wagner.groupby("event_type")[["events", "fatalities", "civilian_targeting_events"]].sum()
    return [
        ck.overview_keys(mali, wagner, S),
        ck.period_keys(cf.period_comparison(mali, recent=24), S),
        ck.where_keys(cw.where(t["acled_mali_cercle_month"], t["mali_cercles"], top=3), S),
        ck.neighbour_keys(
            cf.neighbours(t["ucdp_country_year"], t["acled_bfa_province_month"], mali), t["ucdp_ged_events"], S
        ),
        ck.onesided_keys(osm, t["ucdp_onesided_actor_year"], S),
        ck.baseline_keys(cc.civilians_by_perpetrator(t["acled_mali_events_month"]), S),
        ck.moura_keys(
            cw.moura(t["acled_mali_cercle_month"], t["ucdp_ged_events"], t["moura_tolls"], t["mali_cercles"], osm),
            osm,
            S,
        ),
        ck.france_keys(window, S),
        wr.restriction_keys(rst, S),
        wg.ucdp_keys(mq, civq, S),
        wg.acled_keys(aq, t["acled_mali_forces_month"], mq, S),
        wu.un_keys(wu.stated_changes(harm), wu.un_beside_datasets(harm, civq, vacq), S),
        wd.did_keys(wd.compare(mq, bq), S),
        wg.wagner_type_keys(by_type.sort_values("events", ascending=False), S),
        wg.operations_keys(wg.state_operations(t["acled_mali_forces_month"]), S),
        wg.strength_keys(t["wagner_strength"]),
        ck.ged_kept_keys(t["ucdp_ged_events"], t["ucdp_country_year"], S),
    ]


@pytest.fixture(scope="module")
def kf(frames) -> dict[str, dict]:
    """Name -> row, with ``shown``: the text the prose shows (``text``, else ``fmt`` or the default format)."""
    out = {}
    for row in pd.concat(frames).to_dict("records"):
        fmt = row["fmt"] or ("{:,}" if isinstance(row["value"], int) else "{}")
        out[row["name"]] = row | {"shown": row["text"] if isinstance(row["text"], str) else fmt.format(row["value"])}
    return out


def test_frames_have_the_columns_ch_keys_takes_and_unique_names(frames):
    allk = pd.concat(frames)
    assert all(list(f.columns) == list(KEY_COLUMNS) for f in frames)
    assert allk["name"].is_unique and len(allk) == 153
    assert allk["unit"].str.strip().astype(bool).all() and allk["source"].str.strip().astype(bool).all()
    # ints stay ints in the object columns (key-figures.csv writes 4847, not 4847.0)
    assert isinstance(allk.set_index("name").loc["wag_fatalities_2022", "value"], int)


def test_every_glue_name_of_the_prose_is_a_key_figure(kf):
    text = (ROOT / "chapters" / "wagner.md").read_text(encoding="utf-8") + (ROOT / "index.md").read_text("utf-8")
    used = set(re.findall(r"\{glue:text\}`(wag_[a-z0-9_]+)`", text))
    assert used and used <= set(kf)


def test_sources_come_from_the_data_package(kf):
    # data/datapackage.json: the HDX file for Mali was downloaded in April 2026, Burkina Faso's on 3 April 2025
    assert kf["wag_fatalities_2022"]["source"] == (
        "ACLED via HDX, political violence by cercle and month (downloaded April 2026)"
    )
    assert kf["wag_acled_bfa_2023"]["source"].endswith("(as of 3 April 2025)")
    assert kf["wag_ucdp_mli_2023"]["source"] == "UCDP Organized Violence country-year v25.1"
    assert kf["wag_os_state_2022"]["source"] == "UCDP One-sided Violence v25.1"
    assert kf["wag_moura_ged"]["source"] == "UCDP GED 25.1 (precision-filtered copy)"
    assert kf["wag_ops_w_events"]["source"].endswith("(downloaded about 27 March 2023)")


def test_acled_months_and_yearly_deaths(kf):
    # conflict-events/SOURCE.md: the HDX file was downloaded in April 2026, a partial month
    assert (kf["wag_partial_month"]["shown"], kf["wag_last_month"]["shown"]) == ("April 2026", "March 2026")
    assert kf["wag_fatalities_2022"]["value"] == 4847
    # conflict-events/SOURCE.md, file 11: 'Wagner Group' in an actor column of 192 events, the first in December 2021
    assert (kf["wag_acled_wagner_events"]["value"], kf["wag_acled_wagner_first"]["value"]) == (192, "December 2021")


def test_period_rate_ratios(kf):
    # 25 months of Wagner and MINUSMA (December 2021 - December 2023): the ratio's text carries its interval
    r = kf["wag_rr_fat_wagner_vs_coups"]
    lo, hi = (float(x) for x in re.search(r"95% CI ([\d.]+)–([\d.]+)", r["shown"]).groups())
    assert lo < r["value"] < hi and r["shown"].startswith(f"{r['value']:.2f} (95% CI")
    assert kf["wag_hac_lags"]["value"] == cf.HAC_LAGS == 6


def test_published_moura_and_ucdp_figures(kf):
    # facts/figures.csv: 203 (Malian army), about 300 (Human Rights Watch), at least 500 (OHCHR, May 2023)
    assert [kf[k]["value"] for k in ("wag_moura_low", "wag_moura_hrw", "wag_moura_ohchr")] == [203, 300, 500]
    assert kf["wag_moura_cercle"]["shown"] == "Djenné"  # OHCHR: "village de Moura, cercle de Djenné"
    assert (kf["wag_moura_ged"]["value"], kf["wag_moura_ged_type"]["shown"]) == (313, "state-based")
    # conflict-events/SOURCE.md, file 7: Government of Mali 275 (2022); Mali and Russia jointly 299 (2024)
    assert (kf["wag_os_state_2022"]["value"], kf["wag_os_russia_2024"]["value"]) == (275, 299)
    # file 6: Burkina Faso 6,122 and Mali 2,118 deaths in 2023
    assert (kf["wag_ucdp_bfa_2023"]["shown"], kf["wag_ucdp_mli_2023"]["shown"]) == ("6,122", "2,118")


def test_the_uns_figures_and_the_restrictions(kf):
    # UN human rights division, note of March 2023: 584 killed in 2021, at least 1,277 in 2022, "+54 %"; +119 % computed
    assert [
        kf[k]["shown"] for k in ("wag_un_killed_2021", "wag_un_killed_2022", "wag_un_stated_pct", "wag_un_computed_pct")
    ] == ["584", "1,277", "+54%", "+119%"]
    # restrictions.csv (Secretary-General, S/2023/236): 297 of 1,231 flights refused; rotations suspended 32 days
    assert (kf["wag_r_flights_denied"]["value"], kf["wag_r_flights_requested"]["value"]) == (297, 1231)
    assert (kf["wag_r_flights_denied_share"]["shown"], kf["wag_r_rotation_days"]["value"]) == ("24%", 32)
    assert kf["wag_r_ivorians"]["value"] == 49  # timeline.csv: 49 Ivorian soldiers, 10 July 2022


def test_strength_and_operations(kf):
    # wagner_strength.csv: 1,000 only as "up to (planned)" in September 2021 (Reuters); 2023: about 1,600
    assert (kf["wag_str_2023"]["value"], kf["wag_str_about1000"]["shown"]) == (1600, "is not supported")
    assert kf["wag_str_first"]["value"] == 1000
    lo, hi = kf["wag_ops_w_ci"]["value"]
    assert lo < kf["wag_ops_w_share"]["value"] < hi and kf["wag_ops_w_ci"]["shown"] == f"{lo:.0%}–{hi:.0%}"


def test_did_verdict_follows_its_interval(kf):
    d, lo, hi = (kf[k]["value"] for k in ("wag_did_state", "wag_did_state_low", "wag_did_state_high"))
    assert lo < d < hi
    assert kf["wag_did_verdict"]["shown"] == (
        "was not larger" if lo < 0 < hi else "was larger" if lo > 0 else "was smaller"
    )
    assert kf["wag_did_n_q"]["value"] == 28 and kf["wag_es_n_pre"]["value"] == 20  # 2017-Q1 to 2023-Q4
