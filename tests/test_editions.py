"""What changed between editions: manifests, their comparison, and the appendix.

The real case: the UN fatalities table as published on 2023-11-28 against the
version of 2025-04-04 (``un-fatalities/SOURCE.md``, "Changes between
versions"). The previous-edition manifest ``editions/2023-11-28.json`` is
rebuilt from the 2023 version with today's derivation code; the differences
must be exactly those the publisher's versions show.
"""

from __future__ import annotations

import json
import re

import pytest

from minusma.data import sources
from minusma.edition import changes as editions
from minusma.edition import manifest as manifests
from minusma.paths import sources_dir

from .conftest import ROOT

RAW_2023 = (sources_dir() / sources.get("un_fatalities_2023").path).exists() and (
    sources_dir() / sources.get("un_fatalities").path
).exists()
needs_raw = pytest.mark.skipif(not RAW_2023, reason="UN fatalities versions not found under the sources folder")
SITE = ROOT / "_build" / "html"

# SOURCE.md: "2023 -> 2025: 5 MINUSMA records were reclassified from 'To Be Determined' to 'Illness'.
# They are dated 2015-11-29, 2016-09-12, 2018-07-31, 2019-08-16 and 2021-06-08."
RECLASSIFIED_DATES = {"2015-11-29", "2016-09-12", "2018-07-31", "2019-08-16", "2021-06-08"}


@pytest.fixture(scope="module")
def diff():
    previous = manifests.reference(
        {"un_fatalities": "un_fatalities_2023"}, edition="2023", released="2023-11-28", note="", build=False
    )
    current = manifests.manifest(edition="now", released="")
    return previous, current, editions.compare(previous, current)


@needs_raw
def test_minusma_records_differ_by_exactly_the_five_reclassifications_and_one_gender(diff):
    previous, current, d = diff
    m = d["fatalities_minusma"]
    # SOURCE.md: "No deletions ... every one in 2023 is in 2025"; the same 311 casualty ids.
    assert (m["status"], m["rows_before"], m["rows_after"], m["added"], m["removed"]) == ("changed", 311, 311, [], [])
    moved = editions.reclassified(m, "incident_type")
    assert {(r["before"], r["now"]) for r in moved} == {("To Be Determined", "Illness")}
    dates = {current["tables"]["fatalities_minusma"]["records"][r["key"]][0] for r in moved}
    assert dates == RECLASSIFIED_DATES
    # The only other change: one record's gender, blank in 2023, recorded as F in 2025.
    others = [c for c in m["changed"] if "incident_type" not in c["changes"]]
    assert others == [{"key": "MINUSMA-2016-02-09606", "changes": {"gender": ["", "F"]}}]


@needs_raw
def test_all_missions_totals_show_late_registrations_and_reclassification(diff):
    _, _, d = diff
    agg = d["fatalities_by_mission_year"]
    # SOURCE.md: 4,350 rows (2023) and 4,429 (2025), each with 6 UNMIK ids listed twice.
    assert agg["totals"]["fatalities"] == [4350 - 6, 4429 - 6]
    by_type = editions.category_totals(agg, "incident_type", "fatalities").set_index("incident_type")
    # SOURCE.md: across all missions "To Be Determined" fell from 144 to 60 rows.
    assert (by_type.loc["To Be Determined", "before"], by_type.loc["To Be Determined", "now"]) == (144, 60)
    by_year = editions.category_totals(agg, "year", "fatalities").set_index("year")
    # Deaths of 2023 registered after 2023-11-28, and the deaths of 2024-2025 the old version could not hold.
    assert by_year["change"].to_dict() == {"2023": 4, "2024": 65, "2025": 10}
    assert d["timeline"]["status"] == "unchanged"


@needs_raw
def test_committed_previous_manifest_is_the_2023_version_rebuilt(diff):
    previous, _, _ = diff
    committed = json.loads((manifests.EDITIONS_DIR / "2023-11-28.json").read_text(encoding="utf-8"))
    assert committed["tables"] == json.loads(json.dumps(previous["tables"]))
    assert committed["tables"]["fatalities_minusma"]["sources"][0]["version"] == "2023-11-28"


def test_previous_manifest_is_the_newest_of_another_edition(tmp_path, monkeypatch):
    for edition, released in (("0.1.0", "2027-01-01"), ("0.0.9", "2026-06-01"), ("0.0.8", "2026-01-01")):
        (tmp_path / f"{edition}.json").write_text(json.dumps({"edition": edition, "released": released}))
    monkeypatch.setattr(manifests, "current_edition", lambda: "0.1.0")
    assert manifests.previous_manifest(tmp_path)["edition"] == "0.0.9"
    assert manifests.previous_manifest(tmp_path / "none") is None


def test_key_figure_changes_compare_values_and_show_texts():
    previous = {
        "key_figures": {
            "a": {"value": 0.516, "text": "52%", "unit": "share", "chapter": "c"},
            "b": {"value": 3, "text": "3", "unit": "n", "chapter": "c"},
            "gone": {"value": 1, "text": "1", "unit": "n", "chapter": "c"},
        }
    }
    current = {
        "a": {"value": 0.506, "text": "51%", "unit": "share", "chapter": "c"},
        "b": {"value": 3, "text": "3", "unit": "n", "chapter": "c"},
        "new": {"value": 2, "text": "2", "unit": "n", "chapter": "c"},
    }
    assert editions.key_figure_changes(previous, current) == {
        "moved": [("a", "52%", "51%", "share", "c")],
        "new": ["new"],
        "gone": ["gone"],
    }


@pytest.mark.skipif(not (SITE / "chapters" / "changes.html").exists(), reason="book not built")
def test_the_appendix_page_reports_the_differences():
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (SITE / "chapters" / "changes.html").read_text("utf-8")))
    assert "reference (UN fatalities of 2023-11-28)" in text
    for key in (
        "MINUSMA-2015-11-09494",
        "MINUSMA-2016-09-10006",
        "MINUSMA-2018-08-00001",
        "MINUSMA-2019-08-00012",
        "MINUSMA-2021-06-00005",
    ):
        assert re.search(key + r" incident_type To Be Determined Illness", text), key
    assert "Total fatalities : 4,344 before, 4,423 now (+79)" in text.replace("</code>", "")
    # Key figures that moved, with the texts the prose shows (cas_illness: 83 in 2023, 88 in 2025).
    assert re.search(r"cas_illness 83 88 fatalities from illness casualties", text)
    assert "key figures of the previous edition moved" in text
