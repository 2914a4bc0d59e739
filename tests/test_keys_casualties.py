"""The Casualties chapter's key figures, built from data/ as the chapter builds them, without a book build.

The expected texts are the ones the chapter showed (``_build/html/key-figures.csv``) before its key figures moved
into :mod:`minusma.analysis.casualties_keys`, with the UN fatalities table of 2025-04-04; where a figure was
published, the published value and its source are given beside it.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from minusma.analysis import casualties as cas
from minusma.analysis import casualties_keys as keys
from minusma.analysis import rates
from minusma.analysis.keys import KEY_COLUMNS
from minusma.book import keyfigures
from minusma.book.chapter import Chapter
from minusma.charts import timeline
from minusma.data.load import load_table

from .conftest import ROOT

EXPECTED_TEXT = {
    "cas_un_version": "2025-04-04",
    "cas_n_years": "11",
    "cas_rate_worst_year": "2014",
    "cas_rate_worst": "3.2",
    "cas_rate_since_year": "1994",
    "cas_rate_since_mission": "UNAMIR",
    "cas_total": "311",
    "cas_malicious": "174",
    "cas_malicious_share": "56%",
    "cas_first_death": "22 August 2013",
    "cas_last_death": "10 November 2023",
    "cas_peak_malicious_year": "2014",
    "cas_peak_malicious_n": "28",
    "cas_malicious_2013_2017": "95",
    "cas_malicious_2018_2023": "79",
    "cas_illness": "88",
    "cas_years_malicious_leading": "9",
    "cas_tbd_unknown": "11",
    "cas_malicious_2022_2023": "20",
    "cas_malicious_2020_2021": "26",
    "cas_rank_malicious": "first",
    "cas_n_operations": "54",
    "cas_runner_up": "ONUC",
    "cas_runner_up_n": "135",
    "cas_all_rank": "second",
    "cas_all_leader": "UNIFIL",
    "cas_all_leader_n": "339",
    "cas_all_leader_since": "1978",
    "cas_monuc_monusco": "453",
    "cas_decade_all_missions_malicious": "344",
    "cas_decade_share": "51%",
    "cas_share_peak_year": "2016",
    "cas_share_peak": "77%",
    "cas_share_years_over_half": "5",
    "cas_rate_malicious": "1.3",
    "cas_rate_all": "2.1",
    "cas_rate_peak_year": "2014",
    "cas_rate_peak": "3.2",
    "cas_n_nationalities": "32",
    "cas_top_nationality": "Chad",
    "cas_top_nationality_n": "80",
    "cas_top_nationality_mal": "64",
    "cas_top_nationality_share_mal": "37%",
    "cas_uniformed": "275",
    "cas_civilian_staff": "32",
    "cas_local_staff": "17",
    "cas_worst_day": "20 January 2019",
    "cas_worst_day_n": "10",
    "cas_worst_day_who": "Chad",
    "cas_many": "5",
    "cas_days_5plus": "10",
    "cas_feb2023_uniformed_malicious": "168",
    "cas_apr2018_all_malicious": "103",
    "cas_dec2023_all": "311",
    "cas_mandate_end": "30 June 2023",
    "cas_jun2023_uniformed_malicious": "170",
    "cas_jun2023_all_malicious": "174",
    "cas_jun2023_all": "310",
    "cas_notified_other_month": "16",
}

#: Full-precision values of the rates and shares (key-figures.csv before the move).
EXPECTED_FLOAT = {
    "cas_rate_worst": 3.2242587083773153,
    "cas_malicious_share": 0.5594855305466238,
    "cas_decade_share": 0.5058139534883721,
    "cas_share_peak": 0.7714285714285715,
    "cas_rate_malicious": 1.3203839835665347,
    "cas_rate_all": 2.1359152675341004,
    "cas_rate_peak": 3.2232149638865657,
    "cas_top_nationality_share_mal": 0.367816091954023,
}


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    """Every key-figure frame of the chapter, in the chapter's order, with its parameters."""
    ch = Chapter("casualties")
    deaths, missions = load_table("fatalities_minusma"), load_table("fatalities_by_mission_year")
    src = ch.dataset("fatalities_minusma")
    year_rates = rates.mission_year_rates(
        missions, load_table("ipi_mission_monthly"), first=1991, min_strength=1000, dpo=load_table("dpo_year_means")
    )
    rt = rates.fatality_rates(deaths, load_table("uniformed_strength"))
    end = timeline.markers(load_table("timeline"), ["mandate_end"]).iloc[0]["date_start"]
    tolls = keys.published_tolls(deaths, end)
    return pd.concat(
        [
            keys.overview_figures(
                deaths,
                rates.highest_since(year_rates, "MINUSMA"),
                source=src,
                version=ch.sources("fatalities_minusma")[0]["version"],
                strength_source=ch.dataset("ipi_mission_monthly", "dpo_year_means"),
            ),
            keys.yearly_figures(cas.by_year_and_type(deaths), source=src),
            keys.mission_figures(missions, source=src),
            keys.rate_figures(rt, source=src),
            keys.who_figures(deaths, source=src),
            keys.day_figures(deaths, 5, source=src),
            keys.toll_figures(deaths, tolls, end, source=src, timeline_source=ch.dataset("timeline")),
        ],
        ignore_index=True,
    )


@pytest.fixture(scope="module")
def shown(figures) -> dict[str, keyfigures.KeyFigure]:
    """The figures as the chapter registers them (keyfigures.register, without gluing)."""
    import myst_nb

    glue, myst_nb.glue = myst_nb.glue, lambda *a, **k: None
    try:
        out = {}
        for r in figures.to_dict("records"):
            opt = {k: r[k] for k in ("text", "fmt") if isinstance(r[k], str)}
            out[r["name"]] = keyfigures.register(
                r["name"], r["value"], unit=r["unit"], chapter="casualties", source=r["source"], **opt
            )
        return out
    finally:
        myst_nb.glue = glue


def test_the_frames_give_every_figure_once_in_the_chapters_order(figures):
    assert list(figures.columns) == list(KEY_COLUMNS)
    assert list(figures["name"]) == list(EXPECTED_TEXT)


def test_every_figure_shows_the_text_it_showed_before(shown):
    assert {k: v.text for k, v in shown.items()} == EXPECTED_TEXT
    for name, value in EXPECTED_FLOAT.items():
        assert shown[name].value == pytest.approx(value, rel=1e-12), name


def test_counts_stay_integers_beside_floats(shown):
    """The frames hold objects: a count next to a rate in one frame is not turned into a float."""
    assert type(shown["cas_total"].value) is int and type(shown["cas_malicious_share"].value) is float
    assert type(shown["cas_rate_worst_year"].value) is int


def test_sources_name_the_datasets_and_their_versions(shown):
    fat = "Mission Fatalities - Fatalities in PKOs and SPMs since 1948 (DPPADPOSS-FATALITIES), version 2025-04-04"
    assert shown["cas_total"].source == fat
    assert shown["cas_rate_malicious"].source == fat + "; strength: " + keys.RATE_STRENGTH
    assert shown["cas_rate_worst"].source.startswith(fat + "; strength: IPI Peacekeeping Database")
    assert "UN DPO uniformed contributions" in shown["cas_rate_worst"].source
    assert shown["cas_many"].source == "method"
    assert shown["cas_mandate_end"].source == "MINUSMA fact base: dated events"


def test_published_tolls_are_reproduced_in_their_scopes(shown):
    """UN via AP, 22 Feb 2023: 168 peacekeepers killed in hostile acts (ap_2023_three_peacekeepers). UN
    Secretary-General's spokesperson, 31 Dec 2023: 311 personnel lost their lives (un_sg_spokesperson_2023_mali).
    AFP, end of the mandate: more than 170 killed in fighting (afp_2023_anarchy). UN via Ouest-France, 8 Apr 2018:
    102 killed in attacks (ouestfrance_2018_102); the 2025 table counts one more, 103, to 7 April 2018.
    """
    assert shown["cas_feb2023_uniformed_malicious"].value == 168
    assert shown["cas_dec2023_all"].value == 311 == shown["cas_total"].value
    assert shown["cas_jun2023_uniformed_malicious"].value == 170
    assert shown["cas_apr2018_all_malicious"].value - 102 == 1


def test_the_aguelhok_attack_is_the_deadliest_day(shown):
    """20 January 2019, Aguelhok: ten Chadian peacekeepers killed (UN; facts/timeline.csv)."""
    assert (shown["cas_worst_day"].text, shown["cas_worst_day_n"].value, shown["cas_worst_day_who"].text) == (
        "20 January 2019",
        10,
        "Chad",
    )


def test_every_figure_the_prose_pastes_is_in_the_frames(figures):
    text = (ROOT / "chapters" / "casualties.md").read_text(encoding="utf-8")
    pasted = set(re.findall(r"\{glue:text\}`([a-z0-9_]+)`", text))
    assert pasted and pasted <= set(figures["name"]), sorted(pasted - set(figures["name"]))
    index = (ROOT / "index.md").read_text(encoding="utf-8")
    assert set(re.findall(r"casualties\.md::([a-z0-9_]+)", index)) <= set(figures["name"])


def test_the_published_tolls_table_names_its_scopes():
    deaths = load_table("fatalities_minusma")
    t = keys.published_tolls(deaths, pd.Timestamp("2023-06-30"))
    assert list(t["cut_off"]) == ["2018-04-07", "2023-02-21"] + ["2023-06-30"] * 4 + ["2023-12-31"]
    assert list(t["count"]) == [103, 168, 170, 174, 274, 310, 311]
    assert t["key"].notna().sum() == 6 and t.loc[6, "published"].endswith(": 311")
