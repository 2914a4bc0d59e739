"""The built Wagner chapter: its charts are complete and its key figures agree with the data."""

from __future__ import annotations

import re

import pytest

from minusma.analysis import conflict as cf
from minusma.data.load import load_table

from .conftest import ROOT, site_key_figures

SITE = ROOT / "_build" / "html"
pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="book not built: run `make book` (make test does)"
)


@pytest.fixture(scope="module")
def kf():
    return site_key_figures("wagner")


def test_every_wagner_chart_has_png_csv_and_alt_text():
    page = (SITE / "chapters" / "wagner.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="minusma-chart" id="chart-([a-z0-9-]+)"[^>]*>(.*?)</figure>', page, re.DOTALL)
    assert len(figures) == 13  # with the charts of issue 11 (UCDP, ACLED, event study, Wagner by month)
    for name, body in figures:
        assert (SITE / "downloads" / "wagner" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        rows = (SITE / "downloads" / "wagner" / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        assert len(rows) >= 4, name
        assert len(re.search(r'alt="([^"]*)"', body).group(1)) > 80, name
    assert page.count("<table") >= 4  # tables render as tables, not as pipe text


def test_the_partial_month_is_named_and_left_out(kf):
    acled = load_table("acled_mali_cercle_month")
    # SOURCE.md: April 2026 is partial (key-figures.csv gives the value as an ISO month, the text as the prose)
    assert (kf["wag_partial_month"]["value"], kf["wag_partial_month"]["text"]) == ("2026-04", "April 2026")
    assert (kf["wag_last_month"]["value"], kf["wag_last_month"]["text"]) == ("2026-03", "March 2026")
    monthly = (ROOT / "_build" / "html" / "downloads" / "wagner" / "monthly-violence.csv").read_text()
    assert "2026-03," in monthly and "2026-04," not in monthly
    assert int(kf["wag_fatalities_2022"]["value"]) == int(acled.loc[acled["year"] == 2022, "fatalities"].sum()) == 4847


def test_period_figures_match_a_recomputation(kf):
    mali = cf.national_monthly(load_table("acled_mali_cercle_month"), start="2012-01")
    s = cf.period_summary(mali)
    assert s.loc["wagner_minusma", "months"] == 25  # December 2021 - December 2023
    assert s.loc["after_minusma", "months"] == 27  # January 2024 - March 2026
    assert int(kf["wag_wagner_minusma_fat_pm"]["value"]) == round(s.loc["wagner_minusma", "fatalities_per_month"])
    rr = cf.rate_ratios(mali, "fatalities").loc["wagner_minusma"]
    assert float(kf["wag_rr_fat_wagner_vs_coups"]["value"]) == pytest.approx(rr["ratio_prev"])
    assert rr["low_prev"] < rr["ratio_prev"] < rr["high_prev"]


def test_moura_and_ucdp_figures(kf):
    # facts/figures.csv: 203 (army), about 300 (HRW), at least 500 (OHCHR)
    assert [kf[k]["value"] for k in ("wag_moura_low", "wag_moura_hrw", "wag_moura_ohchr")] == ["203", "300", "500"]
    assert kf["wag_moura_cercle"]["value"] == "Djenné"
    assert kf["wag_moura_ged"]["value"] == "313" and kf["wag_moura_ged_type"]["value"] == "state-based"
    # conflict-events/SOURCE.md, file 7: Government of Mali 275 (2022); Mali and Russia jointly 299 (2024)
    assert kf["wag_os_state_2022"]["value"] == "275" and kf["wag_os_russia_2024"]["value"] == "299"
    # file 6: Burkina Faso 6,122 and Mali 2,118 deaths in 2023
    assert (kf["wag_ucdp_bfa_2023"]["value"], kf["wag_ucdp_mli_2023"]["value"]) == ("6122", "2118")
