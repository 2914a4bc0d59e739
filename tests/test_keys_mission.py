"""The Mission chapter's key figures, built from data/ as the chapter builds them, without a book build.

Every figure is checked against the reference edition (``editions/2023-11-28.json``: value, text and unit of
each of the chapter's 150 figures, as the book stated them when the chapter's analysis moved into the
``minusma.analysis.mission_*`` modules), and the figures that come from a published source are checked
against it, with the source named.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from minusma.analysis import keys, rates
from minusma.analysis import mission as mi
from minusma.analysis import mission_activities as ma
from minusma.analysis import mission_budget as mb
from minusma.analysis import mission_contributors as mco
from minusma.analysis import mission_mandate as mm
from minusma.analysis import mission_risk as mr
from minusma.analysis import mission_strength as ms
from minusma.book import keyfigures
from minusma.charts import timeline
from minusma.data.load import load_table

from .conftest import ROOT

CMP_MIN = 1000  # as chapters/mission.md


@pytest.fixture(scope="module")
def frames() -> list[pd.DataFrame]:
    """The chapter's key-figure frames, in the order it registers them (the calls of chapters/mission.md)."""
    t = load_table
    events, deaths, strength = t("timeline"), t("fatalities_minusma"), t("uniformed_strength")
    resolutions, statements, contributors, figures = (
        t("resolutions"),
        t("strength_statements"),
        t("contributors"),
        t("mission_figures"),
    )
    dated = timeline.markers(events, mm.WHY_MARKERS + ma.DATED)
    dated["text"] = [timeline.date_text(events, k) for k in dated["key"]]
    steps = mm.ceiling_steps(resolutions)
    dpo_all, fbm, ipi_all = t("dpo_year_means"), t("fatalities_by_mission_year"), t("ipi_mission_monthly")
    budget = mb.budget_series(t("budget"))
    share, cost = mb.budget_share(budget, t("peacekeeping_budget_totals")), mb.cost_per_person_year(budget, strength)
    cr = mco.contingent_rates(contributors, deaths, years=(2014, 2019), top=12, source="RADPKO")
    cr2 = mco.contingent_rates(contributors, deaths, years=(2018, 2020), top=12, source="DPO")
    rt = rates.fatality_rates(deaths, strength)
    cmp = rates.mission_rates(fbm, ipi_all, years=(2013, 2016), min_strength=CMP_MIN)
    yr = rates.mission_year_rates(fbm, ipi_all, first=1991, min_strength=CMP_MIN, dpo=dpo_all)
    return [
        mm.why_key_figures(dated, figures),
        mm.mandate_key_figures(resolutions, statements),
        ma.key_figures(t("activities"), dated),
        ma.attack_key_figures(t("attacks_on_mission"), deaths),
        ms.key_figures(ms.facts(strength, statements, steps), steps, dpo_all),
        mco.key_figures(contributors, strength, figures),
        mco.contingent_key_figures(cr, t("geopko_location_contributors")),
        mco.contingent_key_figures_2020(cr2),
        mb.key_figures(budget, share, cost),
        mb.decade_key_figures(t("budget")),
        mr.key_figures(rt, cmp, CMP_MIN),
        mr.every_mission_key_figures(yr, rates.ranks_by_year(yr, "MINUSMA")),
        mr.recent_key_figures(yr, fbm, dpo_all, ipi_all, CMP_MIN),
    ]


@pytest.fixture(scope="module")
def registered(frames) -> dict[str, keyfigures.KeyFigure]:
    """The figures as ``ch.keys`` registers them (same call of :func:`minusma.book.keyfigures.register`)."""
    out = {}
    for f in frames:
        for row in f.to_dict("records"):
            opt = {k: row[k] for k in ("text", "fmt") if isinstance(row[k], str)}
            out[row["name"]] = keyfigures.register(
                row["name"], row["value"], unit=row["unit"], chapter="mission", source=row["source"], **opt
            )
    return out


def test_every_frame_is_what_ch_keys_takes(frames):
    for f in frames:
        assert list(f.columns) == list(keys.KEY_COLUMNS) and (f.dtypes == "object").all()
        assert f["name"].str.fullmatch(r"mis_[a-z0-9_]+").all() and f["unit"].str.len().gt(0).all()
    names = [n for f in frames for n in f["name"]]
    assert len(names) == len(set(names)) == 150


#: Values that differ from the reference edition because the edition was built on the UN's fatalities table of
#: 2023-11-28 and data/ holds a later version (2025-04-04), whose deaths in the other operations of 2013-2016
#: differ: the text shown is the same. The values are those of the site's key-figures.csv before the move.
SINCE_THE_EDITION = {"mis_cmp_others": 0.1784520746389744, "mis_cmp_ratio": 11.201024593441225}


def test_the_figures_are_those_of_the_reference_edition(registered):
    """editions/2023-11-28.json: every Mission figure, same name, value, text and unit (but the two values of
    :data:`SINCE_THE_EDITION`).
    """
    edition = json.loads((ROOT / "editions" / "2023-11-28.json").read_text("utf-8"))["key_figures"]
    ref = {k: v for k, v in edition.items() if v["chapter"] == "mission"}
    assert set(registered) == set(ref)
    for name, kf in registered.items():
        want = ref[name]
        assert (kf.text, kf.unit) == (want["text"], want["unit"]), name
        if name in SINCE_THE_EDITION:
            assert kf.value == pytest.approx(SINCE_THE_EDITION[name], rel=1e-12), name
        elif isinstance(want["value"], float):
            assert isinstance(kf.value, float) and math.isclose(kf.value, want["value"], rel_tol=1e-12), name
        else:
            assert kf.value == want["value"] and type(kf.value) is type(want["value"]), name


def test_ceilings_and_votes_as_the_council_set_them(registered):
    """S/RES/2100 (2013): 11,200 military and 1,440 police; S/RES/2295 (2016, SC/12426): 13,289 and 1,920, kept by
    the six renewals to 2022; S/RES/2640 (SC/14951): 13 for, none against, China and Russia abstaining.
    """
    v = {k: f.value for k, f in registered.items()}
    assert (v["mis_first_troops"], v["mis_first_police"]) == (11200, 1440)
    assert (v["mis_2295_troops"], v["mis_2295_police"], v["mis_n_kept_2295"]) == (13289, 1920, 6)
    assert v["mis_ceiling_last"] == 13289 + 1920
    assert v["mis_2640_vote"] == "13-0-2"


def test_strength_figures_as_published(registered):
    """UN, 28 August 2023: 12,944 uniformed personnel to repatriate; Janes: Chad withdrew 1,425 troops and 12,789
    military personnel remained on 31 October 2021; UN DPO yearly means (SOURCE.md): 13,885 (2018), 14,390 (2019),
    14,070 (2020).
    """
    v = {k: f.value for k, f in registered.items()}
    assert v["mis_withdrawal_baseline"] == 12944
    assert (v["mis_chad_withdrawn"], v["mis_oct2021_military"]) == (1425, 12789)
    assert (v["mis_dpo_2018"], v["mis_dpo_2019"], v["mis_dpo_2020"]) == (13885, 14390, 14070)
    assert v["mis_remaining_last"] == v["mis_withdrawal_baseline"] - v["mis_repatriated_last"]


def test_budget_figures_as_published(registered):
    """Fact base (UN releases): 2018/19 approved $1,074,718,900; July-December 2013 $366.77 million (GA/11390);
    2023/24 drawdown $590 million (GA/AB/4423), about 9% of $6.1 billion plus itself.
    """
    k = registered
    assert (k["mis_budget_1819"].value, k["mis_budget_1819"].text) == (1074718900, "$1.07 billion")
    assert k["mis_budget_1314_half"].value == 366770000 and k["mis_budget_2324"].text == "$590 million"
    assert k["mis_share_2324"].value == pytest.approx(590 / (6100 + 590)) and k["mis_share_2324"].text == "9%"
    assert k["mis_budget_n_sourced"].value + k["mis_budget_n_missing"].value == k["mis_budget_n_years"].value == 11


def test_sipri_benchmark_is_reproduced(registered):
    """SIPRI (2015, sipri_2015_fatalities): the fatality rate of all UN peacekeepers was highest in 1993, at 3.3 per
    1,000, and about 1 per 1,000 from 2008.
    """
    assert registered["mis_allops_peak_year"].value == 1993
    assert registered["mis_allops_peak"].text == "3.3"
    assert registered["mis_allops_2008_16"].value == pytest.approx(1.0, abs=0.25)


def test_source_labels_come_from_the_data_package():
    """The versions the labels name are those of data/datapackage.json, not typed in the chapter."""
    src = mi.sources()
    assert src["GEO"] == "Geo-PKO v2.3 (estimates from UN deployment maps)"
    assert src["UN"].endswith("(DPPADPOSS-FATALITIES), version 2025-04-04")
    assert "version GitHub corinnee/UN_Peacekeeping_Analytics commit 1167cb2 (2023-09-07)" in src["DPO"]


def test_contingent_figures_refuse_rates_over_another_period():
    """The units say 2014-2019 (RADPKO) and 2018-2020 (UN DPO): rates over other years are refused, not mislabelled."""
    c, d = load_table("contributors"), load_table("fatalities_minusma")
    with pytest.raises(ValueError, match="RADPKO 2014-2019"):
        mco.contingent_key_figures(mco.contingent_rates(c, d, years=(2015, 2019)), pd.DataFrame())
    with pytest.raises(ValueError, match="DPO 2018-2020"):
        mco.contingent_key_figures_2020(mco.contingent_rates(c, d, years=(2014, 2019)))


def test_key_frame_keeps_each_value_its_own_type_and_refuses_a_name_twice():
    f = keys.key_frame([keys.key("mis_a", 12640, "u", "s"), keys.key("mis_b", 0.5, "u", "s", text="50%")])
    assert type(f.loc[0, "value"]) is int and f.loc[0, "text"] is None and f.loc[1, "text"] == "50%"
    assert keys.values(f) == {"mis_a": 12640, "mis_b": 0.5}
    with pytest.raises(ValueError, match="mis_a"):
        keys.key_frame([keys.key("mis_a", 1, "u", "s"), keys.key("mis_a", 2, "u", "s")])
