"""Issue 10, "Evidence first": each error a demanding reader found in edition 0.1.0 has a test that fails if it
comes back. Fast tests recompute the finding from the data; the tests on the built book check that the prose
states what the data give (its numbers are glued from the same computation).
"""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from minusma.analysis import geography as geo
from minusma.analysis import rates
from minusma.analysis import withdrawal as wd
from minusma.charts import maps, timeline
from minusma.data.load import load_table

from .conftest import ROOT

SITE = ROOT / "_build" / "html"
needs_site = pytest.mark.skipif(not (SITE / "index.html").exists(), reason="book not built: run `make book`")


def key_figures() -> dict[str, dict]:
    with open(SITE / "key-figures.csv", encoding="utf-8") as f:
        return {r["name"]: r for r in csv.DictReader(f)}


def page(doc: str) -> str:
    text = (SITE / f"{doc}.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


# --- ACLED names Wagner: "no event-level data after 2020 names Wagner" was false ---------------------------------


def test_acled_export_names_the_wagner_group_in_192_events():
    """conflict-events/SOURCE.md, file 11: 'Wagner Group' in an actor column of 192 events, the first on 2021-12-25."""
    w = load_table("acled_mali_wagner_month")
    assert w["events"].sum() == 192
    assert w["month"].min() == pd.Timestamp("2021-12-01") and w["month"].max() <= pd.Timestamp("2023-03-01")
    assert (w["civilian_targeting_events"] <= w["events"]).all()


def test_ucdp_codes_a_joint_mali_russia_actor_from_2024_only():
    os_ = load_table("ucdp_onesided_actor_year")
    joint = os_[os_["actor"] == "Government of Mali, Government of Russia (Soviet Union)"]
    assert list(joint["year"]) == [2024]


@needs_site
def test_the_summary_says_what_the_reports_data_contain_about_wagner():
    kf = key_figures()
    assert kf["wag_acled_wagner_events"]["value"] == "192"
    text = page("index")
    assert "ACLED names the Wagner Group in 192 events" in text
    assert "no event-level data after 2020" not in text


# --- The closed bases: where deaths fell, and what UCDP shows ---------------------------------------------------


def closure_results() -> pd.DataFrame:
    """The Withdrawal chapter's comparison of each 2023 closure (same functions, same parameters)."""
    camps, cercles = load_table("camps"), load_table("mali_cercles")
    bases = wd.bases_in_cercles(camps, maps.geoframe(cercles))
    closed = bases[bases["closure_order"].notna()].sort_values("closure_order")
    acled = load_table("acled_mali_cercle_month")
    last = acled.loc[~acled["partial"].astype(bool), "month"].max()
    ba = wd.before_after(acled, closed, w=6, last_complete=last)
    ged = load_table("ucdp_ged_events")
    near = wd.within_radius(ged[ged["iso3"] == "MLI"], closed, radius_km=50, w=6)
    return (
        closed[["base", "admin2", "admin2_pcode", "admin1"]]
        .merge(ba[["base", "before_rate", "after_rate", "change"]], on="base")
        .merge(near[["base", "deaths_before", "deaths_after"]], on="base")
    )


def test_the_falls_were_two_in_the_centre_and_two_in_the_north_and_mopti_rose():
    """Issue 10: the four closures around which deaths fell are two in the centre and two in the north, not
    'mostly in the centre'; Mopti cercle's deaths rose; UCDP's located events show an overall fall.
    """
    r = closure_results()
    counts = wd.changes_by_zone(r)
    assert counts.loc["fell", "centre"] == 2 and counts.loc["fell", "north"] == 2
    assert set(r.loc[r["change"] < 0, "base"]) == {
        "Ogossagou (temporary operating base)",
        "Douentza",
        "Camp Castor (German contingent, Gao)",
        "Timbuktu (super camp, airport)",
    }
    mopti = r.set_index("base").loc["Mopti-Sévaré"]
    assert mopti["after_rate"] > mopti["before_rate"]
    assert r["deaths_after"].sum() < r["deaths_before"].sum()


def test_changes_by_zone_counts_rises_and_falls_from_the_table():
    fixture = pd.DataFrame(
        {"admin2_pcode": ["ML0502", "ML0506", "ML0802", "ML0703", "ML0101"], "change": [-1.0, 2.0, 3.0, -0.5, 0.0]}
    )
    c = wd.changes_by_zone(fixture)
    assert c.loc["fell", "centre"] == 1 and c.loc["rose", "centre"] == 1
    assert c.loc["rose", "north"] == 1 and c.loc["fell", "north"] == 1 and c.loc["same", "south"] == 1
    assert list(c.columns) == ["north", "centre", "south", "all"] and c.loc["fell", "all"] == 2


@needs_site
def test_the_withdrawal_prose_is_glued_from_the_table():
    """Issue 13 replaced the per-base comparison by one row per cercle against comparison cercles (its counts
    and estimates are tested in tests/test_withdrawal_chapter.py); the claims issue 10 removed stay removed.
    """
    kf = key_figures()
    assert int(kf["wd_n_cercles"]["value"]) == 10
    assert "mostly in the centre" not in page("chapters/withdrawal") and "mostly in the centre" not in page("index")


# --- One definition of every grouping ---------------------------------------------------------------------------


def test_no_chapter_lists_regions_of_its_own():
    """The zones come from minusma.analysis.geography: no chapter's code names a region list (Ségou was 'centre' in one
    chapter and 'south-west' in another).
    """
    for slug in ("mission", "casualties", "wagner", "withdrawal"):
        code = "\n".join(
            re.findall(r"```\{code-cell\}.*?```", (ROOT / "chapters" / f"{slug}.md").read_text("utf-8"), re.S)
        )
        regions = r"\"(?:Kayes|Koulikoro|Segou|Ségou|Sikasso|Bamako|Mopti|Kidal|Tombouctou|Gao|Menaka|Ménaka)\""
        assert not re.search(r"\[\s*" + regions + r"(?:\s*,\s*" + regions + r"){2,}", code), slug


# --- The expelled official --------------------------------------------------------------------------------------


def test_the_expelled_official_was_the_director_of_the_human_rights_division():
    """RFI, 6 Feb 2023 (facts/timeline.csv): Guillaume Andali Ngefa-Atondoko, director of MINUSMA's human rights
    division, declared persona non grata on 5 Feb 2023; not 'the UN rights chief'.
    """
    m = timeline.markers(load_table("timeline"), ["hrd_director_expelled"]).iloc[0]
    assert m["date_start"] == pd.Timestamp("2023-02-05")
    assert "director of MINUSMA's human rights division" in m["event"]
    assert "chief" not in timeline.MARKERS["hrd_director_expelled"].label


# --- "A rate no UN mission had seen in decades" ----------------------------------------------------------------


def test_minusmas_worst_year_had_the_highest_rate_since_1994():
    """Computed from the IPI monthly strength back to 1990 (operations of 1,000 or more): MINUSMA's 2014 rate of
    malicious-act deaths (about 3.2 per 1,000) was last exceeded by UNAMIR in 1994 (about 4.2) and UNOSOM in 1993.
    """
    yr = rates.mission_year_rates(load_table("fatalities_by_mission_year"), load_table("ipi_mission_monthly"))
    hs = rates.highest_since(yr, "MINUSMA")
    assert hs["year"] == 2014 and hs["rate"] == pytest.approx(3.22, abs=0.01)
    assert (hs["since_year"], hs["since_mission"]) == (1994, "UNAMIR") and hs["n_higher"] == 2


@needs_site
def test_the_casualties_chapter_states_the_computed_span():
    kf = key_figures()
    assert (kf["cas_rate_worst_year"]["value"], kf["cas_rate_since_year"]["value"]) == ("2014", "1994")
    assert "had seen in decades" not in page("chapters/casualties")


# --- One result, one rounding -----------------------------------------------------------------------------------


@needs_site
def test_every_rate_ratio_reads_the_same_way_and_names_its_baseline():
    ratios = {k: v for k, v in key_figures().items() if "rate ratio" in v["unit"]}
    assert len(ratios) >= 6
    for name, r in ratios.items():
        assert re.fullmatch(r"\d+\.\d\d( \(95% CI \d+\.\d\d–\d+\.\d\d\))?", r["text"]), (name, r["text"])
        assert " vs " in r["unit"], (name, r["unit"])


# --- Key figures are stated -------------------------------------------------------------------------------------


@needs_site
def test_every_registered_key_figure_is_stated_somewhere_in_the_book():
    pasted = set()
    for path in [ROOT / "index.md", *(ROOT / "chapters").glob("*.md")]:
        pasted |= set(
            re.findall(r"\{glue(?::[a-z]+)?\}`(?:[^`]*::)?([a-z0-9_]+)(?::[^`]*)?`", path.read_text(encoding="utf-8"))
        )
    unstated = sorted(set(key_figures()) - pasted)
    assert not unstated, f"registered but never stated: {unstated}"


@needs_site
def test_the_seeds_thousands_are_answered_with_the_acled_toll():
    kf = key_figures()
    assert int(kf["wag_total_since_2012"]["value"]) > 30000
    assert kf["wag_total_since_2012"]["text"] in page("index")


def test_zones_are_shown_once_in_methods():
    md = (ROOT / "chapters" / "methods.md").read_text(encoding="utf-8")
    assert md.count("```{generated} zones") == 1
    assert list(geo.zone_table()["Zone"]) == ["North", "Centre", "South and west"]
