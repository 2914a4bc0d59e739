"""The Withdrawal chapter's key figures, built from data/ by the analysis functions the chapter calls: no book build.

Each section's frame is built as the chapter builds it (same tables, same parameters) and checked against
the key figures of the edition of 28 November 2023 (``editions/2023-11-28.json``: name, text, unit, value)
and against published figures, with their sources.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from minusma.analysis import keys
from minusma.analysis import withdrawal as wd
from minusma.analysis import withdrawal_after as wda
from minusma.analysis import withdrawal_bases as wb
from minusma.analysis import withdrawal_design as wdd
from minusma.analysis import withdrawal_fears as wf
from minusma.analysis.prose import ratio_ci_text
from minusma.charts import maps, timeline
from minusma.charts import withdrawal as wdc
from minusma.data.load import load_table, sources_of

from .conftest import ROOT

#: The chapter's method parameters (chapters/withdrawal.md).
LO, HI, HI_ES, RADIUS, UCDP_LAST = -12, 12, 24, 50, pd.Timestamp("2024-12-01")
DATES = [
    "exit_demand",
    "mandate_end",
    "withdrawal_end",
    "kidal_taken",
    "algiers_end",
    "africa_corps",
    "hrd_director_expelled",
    "sanctions_veto",
    "tinzaouaten",
    "bamako_attack",
    "aes_leaves_ecowas",
    "fuel_blockade",
    "aes_confederation",
]


@pytest.fixture(scope="module")
def frames():
    """Every key-figure frame of the chapter, in the order it registers them."""
    src = wd.source_labels(sources_of)
    cercles, events = load_table("mali_cercles"), load_table("timeline")
    bases = wd.bases_in_cercles(load_table("camps"), maps.geoframe(cercles))
    closed = wb.closed_in_2023(bases)
    statements = load_table("strength_statements")
    acled, hum = load_table("acled_mali_cercle_month"), load_table("humanitarian_figures")
    design = wdd.run_design(
        acled,
        load_table("ucdp_ged_events"),
        bases,
        closed,
        cercles,
        lo=LO,
        hi=HI,
        hi_es=HI_ES,
        radius_km=RADIUS,
        ucdp_last=UCDP_LAST,
        ged_release=src["ged_release"],
    )
    reg, zones = wda.regional(acled)
    fears, bodies = load_table("withdrawal_fears"), load_table("oversight_bodies")
    card = wf.scorecard(
        fears,
        {
            "acled": acled,
            "cercles": cercles,
            "base_cercles": list(design.units["admin2_pcode"]),
            "bodies": bodies,
            "humanitarian": hum,
        },
        design.last_complete,
        agreement_end=timeline.markers(events, ["algiers_end"])["date_start"].iloc[0],
    )
    return {
        "dates": wdc.date_key_figures(events, DATES, src["timeline"]),
        "drawdown": wb.drawdown_key_figures(statements, closed, src),
        "bases": wb.bases_key_figures(bases, closed, src),
        "footprint": wb.footprint_key_figures(
            wb.footprint(load_table("geopko_locations"), maps.geoframe(cercles)), src
        ),
        "design": wdd.design_key_figures(design, src),
        "violence": wda.violence_key_figures(wda.violence_after(acled), src),
        "regions": wda.regional_key_figures(reg, zones, src),
        "humanitarian": wda.humanitarian_key_figures(wda.humanitarian(hum, load_table("fts_appeals")), src),
        "ucdp": wf.ucdp_key_figures(load_table("ucdp_country_year"), load_table("ucdp_onesided_actor_year"), src),
        "fears": wf.fears_key_figures(fears, card, bodies, src),
    }


def shown(row) -> str:
    """The text a key-figure row shows, as :func:`minusma.book.keyfigures.register` makes it."""
    if isinstance(row["text"], str):
        return row["text"]
    value = row["value"]
    fmt = row["fmt"] if isinstance(row["fmt"], str) else ("{:,}" if isinstance(value, int) else "{}")
    return fmt.format(value)


@pytest.fixture(scope="module")
def kf(frames):
    """Name -> (value, text, unit, source) over all frames."""
    all_ = pd.concat(list(frames.values()), ignore_index=True)
    assert not all_["name"].duplicated().any()
    return {r["name"]: (r["value"], shown(r), r["unit"], r["source"]) for r in all_.to_dict("records")}


def test_the_frames_are_the_editions_key_figures(kf):
    edition = json.loads((ROOT / "editions" / "2023-11-28.json").read_text(encoding="utf-8"))["key_figures"]
    wanted = {k: v for k, v in edition.items() if v["chapter"] == "withdrawal"}
    assert sorted(kf) == sorted(wanted) and len(kf) == 157
    for name, e in wanted.items():
        value, text, unit, _ = kf[name]
        assert (text, unit) == (e["text"], e["unit"]), name
        if isinstance(e["value"], float):
            assert float(value) == pytest.approx(e["value"], rel=1e-9), name
        else:
            assert value == e["value"], name


def test_published_figures(kf):
    # JURIST, "UN mission to Mali announces closure" (1 Dec 2023): 9,680 of 12,944 uniformed personnel had left.
    assert (kf["wd_to_repatriate"][0], kf["wd_repatriated_last"][0]) == (12944, 9680)
    assert kf["wd_repatriated_last_date"][1] == "1 December 2023" and kf["wd_repatriated_share"][1] == "75%"
    # MINUSMA via allAfrica (5 Aug 2023): Ogossagou, the first base closed, on 3 August 2023; Kidal left on
    # 31 October 2023 (allAfrica, 1 Nov 2023), the source the key figure names.
    assert kf["wd_first_closure"][1] == "3 August 2023"
    assert kf["wd_kidal_closed"][1] == "31 October 2023" and "allafrica.com" in kf["wd_kidal_closed"][3]
    # Security Council resolution 2690 (30 June 2023): the mandate ends; the withdrawal by 31 December 2023.
    assert (kf["wd_date_mandate_end"][1], kf["wd_date_withdrawal_end"][1]) == ("30 June 2023", "31 December 2023")
    # camps.csv: 12 bases closed in 2023 in 10 cercles (Tessalit and Aguelhok share one, Ber and Timbuktu another).
    assert (kf["wd_bases_closed_2023"][0], kf["wd_n_bases_dated"][0], kf["wd_n_cercles"][0]) == (12, 12, 10)
    assert kf["wd_shared_cercles"][1] == "Tombouctou (Ber and Timbuktu) and Tessalit (Tessalit and Aguelhok)"
    # OCHA FTS (via HDX): Mali's 2025 plan asked for $771 million and was 25% funded.
    assert kf["wd_requirements_2025"][1] == "$771 million" and kf["wd_funded_2025"][1] == "25%"


def test_the_sources_carry_the_data_packages_versions(kf):
    versions = {t: sources_of(t)[0]["version"] for t in ("ucdp_country_year", "geopko_locations", "ucdp_ged_events")}
    assert kf["wd_ucdp_2023"][3] == f"UCDP v{versions['ucdp_country_year']}" == "UCDP v25.1"
    assert kf["wd_geopko_max_locations"][3].startswith("Geo-PKO v2.3 ")
    assert versions["geopko_locations"].startswith("v2.3")
    assert kf["wd_ucdp_rose"][3] == "UCDP GED 25.1 (located events, CC BY 4.0)"
    assert kf["wd_ucdp_ged_last"][2] == "last month of UCDP GED 25.1 used"


def test_int_values_stay_int_in_a_frame_with_floats(frames):
    d = frames["drawdown"].set_index("name")["value"]
    assert isinstance(d["wd_to_repatriate"], int) and isinstance(d["wd_repatriated_share"], float)


def test_key_frame_refuses_a_name_twice():
    with pytest.raises(ValueError, match="named twice"):
        keys.key_frame([keys.key("wd_x", 1, "u", "s"), keys.key("wd_x", 2, "u", "s")])


def test_source_labels_read_the_versions_given():
    fake = {
        "ucdp_ged_events": "GED 26.1 (2020-2025) + Candidate 27.0.1",
        "geopko_locations": "v3.0 (GitHub x)",
        "ucdp_country_year": "26.1",
    }
    src = wd.source_labels(lambda t: [{"version": fake[t]}])
    assert (src["ged_release"], src["ucdp"], src["geopko"]) == (
        "GED 26.1",
        "UCDP v26.1",
        "Geo-PKO v3.0 (estimates from UN deployment maps)",
    )
    with pytest.raises(ValueError, match="no GED release"):
        wd.source_labels(lambda t: [{"version": "Candidate 27.0.1"}])


def test_and_list():
    assert wd.and_list(["a"]) == "a" and wd.and_list(["a", "b", "c"]) == "a, b and c"


def test_rate_ratio_text():
    assert ratio_ci_text(0.8696, 0.7412, 1.0203) == "0.87 (95% CI 0.74–1.02)"
    assert ratio_ci_text(0.8696, 0.7412, 1.0203, label=False) == "0.87 (0.74–1.02)"


def test_the_northern_fear_needs_the_agreement_ended():
    p = wf.periods(pd.Timestamp("2025-12-01"))[1]  # 2024
    assert wf._condition("north", p, pd.Timestamp("2024-01-25"))
    assert not wf._condition("north", p, pd.Timestamp("2025-03-01")) and not wf._condition("north", p, None)
    assert wf._condition("towns", p, None)


def test_analysis_modules_import_no_charts_and_no_matplotlib():
    import ast

    for name in (
        "withdrawal",
        "withdrawal_bases",
        "withdrawal_design",
        "withdrawal_did",
        "withdrawal_after",
        "withdrawal_fears",
    ):
        tree = ast.parse((ROOT / "minusma" / "analysis" / f"{name}.py").read_text(encoding="utf-8"))
        mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        }
        assert not any(m.startswith(("minusma.charts", "minusma.book", "matplotlib")) for m in mods if m), name
