"""The built Withdrawal chapter: no cercle counted twice, and the prose's counts and estimates equal the data's."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from minusma.analysis import withdrawal as wd
from minusma.analysis import withdrawal_design as wdd
from minusma.analysis import withdrawal_did as did
from minusma.charts import maps
from minusma.data.load import load_table

from .conftest import ROOT, site_key_figures

SITE = ROOT / "_build" / "html"
pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="book not built: run `make book` (make test does)"
)


@pytest.fixture(scope="module")
def kf():
    return site_key_figures("withdrawal")


@pytest.fixture(scope="module")
def text():
    page = (SITE / "chapters" / "withdrawal.html").read_text(encoding="utf-8")
    page = re.sub(r"<div class=\"cell_input.*?</div>\s*</div>", " ", page, flags=re.S)  # drop code
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def design():
    """The chapter's cercle table and pooled estimate, recomputed here from data/."""
    cercles = load_table("mali_cercles")
    bases = wd.bases_in_cercles(load_table("camps"), maps.geoframe(cercles))
    units = wdd.cercle_units(bases[bases["closure_order"].notna()])
    controls = wd.comparison_cercles(cercles, bases["admin2_pcode"].unique())
    acled = load_table("acled_mali_cercle_month")
    last = acled.loc[~acled["partial"].astype(bool), "month"].max()
    panel = did.stacked_panel(acled, units, controls, lo=-12, hi=12, last_month=last)
    return units, did.per_cercle(panel), did.did(panel)


def test_no_cercle_is_counted_twice(kf, design):
    units, table, _ = design
    # facts/camps.csv: 12 bases closed in 2023; Tessalit and Aguelhok lie in Tessalit cercle, Ber and Timbuktu in
    # Tombouctou cercle, so 10 cercles.
    assert int(kf["wd_n_bases_dated"]["value"]) == 12 and int(kf["wd_n_cercles"]["value"]) == len(units) == 10
    assert not table["admin2_pcode"].duplicated().any()
    panels = pd.read_csv(SITE / "downloads" / "withdrawal" / "cercles-around-closures.csv")
    assert panels["cercle"].nunique() == 10
    assert (panels.groupby("cercle")["month"].nunique() == panels.groupby("cercle").size()).all()


def test_the_texts_rises_and_falls_are_the_tables(kf, text, design):
    _, table, _ = design
    n = wdd.directions(table)
    assert [int(kf[f"wd_{k}"]["value"]) for k in ("rose", "fell", "same")] == [n["rose"], n["fell"], n["same"]]
    assert f"deaths rose in {n['rose']} of the {len(table)} cercles" in text
    assert f"fell in {n['fell']} (" in text and f"held level in {n['same']}" in text
    # the table as printed: its ACLED and UCDP direction columns hold as many "rose" cells as the two counts
    page = (SITE / "chapters" / "withdrawal.html").read_text(encoding="utf-8")
    for kind in ("rose", "fell"):
        cells = len(re.findall(rf"<td[^>]*><p>{kind}</p></td>", page))
        assert cells == int(kf[f"wd_{kind}"]["value"]) + int(kf[f"wd_ucdp_{kind}"]["value"]), kind


def test_pooled_estimate_in_the_text_is_the_recomputed_one(kf, text, design):
    _, table, est = design
    assert float(kf["wd_did_acled_all_closures"]["value"]) == pytest.approx(est["estimate"])
    assert est["estimate"] == pytest.approx(table["did"].mean())
    assert kf["wd_did_acled_all_closures"]["text"] in text and kf["wd_did_acled_all_placebo"]["text"] in text
    assert kf["wd_did_ucdp_all_closures"]["text"] in text


def test_the_scorecard_has_a_row_per_fear(kf, text):
    fears = load_table("withdrawal_fears")
    for f in fears.itertuples():
        assert f.fear_text in text
        assert kf[f"wd_fear_{f.fear}_verdict"]["value"] in {"borne out", "not borne out", "no data"}
    assert int(kf["wd_fears_n"]["value"]) == len(fears) == 5


def test_every_chart_has_png_csv_and_the_new_ones_exist():
    names = {p.stem for p in (SITE / "downloads" / "withdrawal").glob("*.png")}
    assert {"did-estimates", "event-study", "bases-map", "footprint-by-year"} <= names
    es = pd.read_csv(SITE / "downloads" / "withdrawal" / "event-study.csv")
    acled = es[es["source"] == "ACLED"]
    assert acled["k"].min() == -12 and acled["k"].max() == 24 and 0 not in set(acled["k"])
    assert acled.loc[acled["k"] < 0, "estimate"].mean() == pytest.approx(0.0, abs=0.01)  # CSV rounded to 3 decimals
