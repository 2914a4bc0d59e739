"""The conflict tables: derivation rules on small fixtures, and the committed tables against SOURCE.md.

Fixtures are written by the tests. Expected values for the real tables are the
"Quick numbers" of ``conflict-events/SOURCE.md`` (computed there from the raw
files) and the figures of ``facts/figures.csv``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from minusma.data.derive import conflict_acled as acl
from minusma.data.derive import conflict_acled_events as ace
from minusma.data.derive import conflict_ucdp as ucdp
from minusma.data.load import load_table
from minusma.data.validate import DataValidationError

from .conftest import write_csv

HDX_HEADER = [
    "Country",
    "Admin1",
    "Admin2",
    "ISO3",
    "Admin2 Pcode",
    "Admin1 Pcode",
    "Month",
    "Year",
    "Events",
    "Fatalities",
]


def hdx_rows(
    months,
    units=(("Mopti", "Djenne", "ML0503", "ML05"), ("Gao", "Ansongo", "ML0701", "ML07")),
    country="Mali",
    iso="MLI",
    events=1,
    fatalities=2,
):
    return [
        [country, a1, a2, iso, p2, p1, acl.MONTHS[m - 1], y, events, fatalities]
        for (y, m) in months
        for (a1, a2, p2, p1) in units
    ]


@pytest.fixture
def partial_from(monkeypatch):
    """Point PARTIAL_FROM of the test sources at a given month."""

    def set_(source_id, month):
        monkeypatch.setitem(acl.PARTIAL_FROM, source_id, month)

    return set_


# --------------------------------------------------------------------------- HDX aggregates


def test_hdx_table_flags_only_the_download_month_as_partial(tmp_path, partial_from):
    partial_from("acled_mli_pv_admin2", "2026-04")
    path = write_csv(tmp_path / "hdx.csv", HDX_HEADER, hdx_rows([(2026, 2), (2026, 3), (2026, 4)]))
    out = acl.derive_mali_cercle_month({"acled_mli_pv_admin2": path})
    assert list(out.columns) == [f["name"] for f in acl.MALI_CERCLE_MONTH_SCHEMA["fields"]]
    assert len(out) == 6
    partial = out.groupby(out["month"].dt.strftime("%Y-%m"))["partial"].all().to_dict()
    assert partial == {"2026-02": False, "2026-03": False, "2026-04": True}


def test_hdx_table_with_a_later_last_month_stops_until_partial_from_is_updated(tmp_path, partial_from):
    partial_from("acled_mli_pv_admin2", "2026-03")
    path = write_csv(tmp_path / "hdx.csv", HDX_HEADER, hdx_rows([(2026, 3), (2026, 4)]))
    with pytest.raises(DataValidationError, match="last month is 2026-04 but PARTIAL_FROM"):
        acl.derive_mali_cercle_month({"acled_mli_pv_admin2": path})


def test_hdx_table_with_a_missing_cercle_month_stops(tmp_path, partial_from):
    partial_from("acled_mli_pv_admin2", "2026-04")
    rows = hdx_rows([(2026, 2), (2026, 3), (2026, 4)])
    del rows[2]  # Djenné, March 2026
    path = write_csv(tmp_path / "hdx.csv", HDX_HEADER, rows)
    with pytest.raises(DataValidationError, match="grid of units and months has holes"):
        acl.derive_mali_cercle_month({"acled_mli_pv_admin2": path})


def test_hdx_bad_rows_are_named_by_row_and_column(tmp_path, partial_from):
    partial_from("acled_mli_pv_admin2", "2026-04")
    rows = hdx_rows([(2026, 3), (2026, 4)])
    rows[1][6] = "Marc"  # month name, row 3
    rows[2][9] = -4  # fatalities, row 4
    path = write_csv(tmp_path / "hdx.csv", HDX_HEADER, rows)
    with pytest.raises(DataValidationError) as err:
        acl.derive_mali_cercle_month({"acled_mli_pv_admin2": path})
    text = str(err.value)
    assert "row 3, column 'Month'" in text and "'Marc'" in text
    assert "row 4, column 'Fatalities'" in text and "minimum" in text


def test_hdx_cercle_pcode_outside_its_region_stops(tmp_path, partial_from):
    partial_from("acled_mli_pv_admin2", "2026-04")
    units = (("Mopti", "Djenne", "ML0503", "ML07"),)
    path = write_csv(tmp_path / "hdx.csv", HDX_HEADER, hdx_rows([(2026, 4)], units=units))
    with pytest.raises(DataValidationError, match="does not start with the row's Admin1 Pcode"):
        acl.derive_mali_cercle_month({"acled_mli_pv_admin2": path})


def test_bfa_civilian_targeting_above_political_violence_stops(tmp_path, partial_from):
    partial_from("acled_bfa_pv_admin2", "2025-03")
    partial_from("acled_bfa_ct_admin2", "2025-03")
    units = (("Sahel", "Soum", "BF5604", "BF56"),)
    pv = write_csv(
        tmp_path / "pv.csv",
        HDX_HEADER,
        hdx_rows([(2025, 2), (2025, 3)], units=units, country="Burkina Faso", iso="BFA", events=3, fatalities=9),
    )
    ok = write_csv(
        tmp_path / "ct.csv",
        HDX_HEADER,
        hdx_rows([(2025, 2), (2025, 3)], units=units, country="Burkina Faso", iso="BFA", events=2, fatalities=4),
    )
    out = acl.derive_bfa_province_month({"acled_bfa_pv_admin2": pv, "acled_bfa_ct_admin2": ok})
    assert out[["pv_events", "pv_fatalities", "ct_events", "ct_fatalities"]].sum().tolist() == [6, 18, 4, 8]
    assert out["partial"].tolist() == [False, True]
    bad = write_csv(
        tmp_path / "ct2.csv",
        HDX_HEADER,
        hdx_rows([(2025, 2), (2025, 3)], units=units, country="Burkina Faso", iso="BFA", events=5, fatalities=4),
    )
    with pytest.raises(DataValidationError, match="civilian targeting exceeds political violence"):
        acl.derive_bfa_province_month({"acled_bfa_pv_admin2": pv, "acled_bfa_ct_admin2": bad})


# --------------------------------------------------------------------------- event-level extracts

DYADIC = [
    "",
    "data_id",
    "iso",
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "admin2",
    "notes",
    "fatalities",
]
MONADIC = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "actor1",
    "inter1",
    "interaction",
    "country",
    "admin1",
    "admin2",
    "notes",
    "fatalities",
]


def _extract_files(tmp_path, monadic_rows):
    hdx = write_csv(tmp_path / "hdx.csv", HDX_HEADER, hdx_rows([(2026, 4)]))
    dyadic = write_csv(
        tmp_path / "api.csv",
        DYADIC,
        [
            [0, 1, 466, "MLI10", "2016-05-02", 2016, "Battles", "A", 1, "B", 2, 12, "Mali", "Mopti", "Djenne", "n", 3],
            [1, 2, 466, "MLI11", "2016-05-20", 2016, "Battles", "A", 1, "B", 2, 12, "Mali", "Mopti", "Djenne", "n", 4],
            # 2017 in the old pull: ignored, the monadic export gives 2017-2020
            [2, 3, 466, "MLI12", "2017-01-03", 2017, "Battles", "A", 1, "B", 2, 12, "Mali", "Gao", "Ansongo", "n", 50],
        ],
    )
    monadic = write_csv(tmp_path / "monadic.csv", MONADIC, monadic_rows)
    return {"acled_mli_pv_admin2": hdx, "acled_mli_events_1997_2020": dyadic, "acled_mli_events_2017_2020": monadic}


def _m(
    eid,
    actor,
    inter,
    fatalities=5,
    date="3 January 2017",
    etype="Violence against civilians",
    interaction=27,
    admin1="Gao",
):
    return [
        1,
        466,
        eid,
        date,
        int(date[-4:]),
        etype,
        actor,
        inter,
        interaction,
        "Mali",
        admin1,
        "x",
        "a note",
        fatalities,
    ]


def test_monadic_rows_are_counted_once_per_event(tmp_path):
    """SOURCE.md: in the monadic export each event has one row per actor; de-duplicate before counting."""
    rows = [
        _m("MLI20", "JNIM", 2),
        _m("MLI20", "Civilians (Mali)", 7),  # one event, two rows, 5 killed
        _m("MLI21", "JNIM", 2, fatalities=2),
        _m("MLI21", "Civilians (Mali)", 7, fatalities=2),
        _m("MLI22", "Unidentified Armed Group (Mali)", 3, fatalities=0, interaction=30),
    ]  # a one-actor event
    out = ace.derive_mali_events_month(_extract_files(tmp_path, rows))
    got = out.set_index(["month", "admin1_pcode", "event_type", "interaction"])[["events", "fatalities"]]
    assert got.loc[(pd.Timestamp("2017-01-01"), "ML07", "Violence against civilians", 27)].tolist() == [2, 7]
    assert got.loc[(pd.Timestamp("2017-01-01"), "ML07", "Violence against civilians", 30)].tolist() == [1, 0]
    assert got.loc[(pd.Timestamp("2016-05-01"), "ML05", "Battles", 12)].tolist() == [2, 7]
    assert int(out["fatalities"].sum()) == 14  # not 21 (rows) and not 64 (with the 2017 row of the pull)
    assert set(out["extract"]) == set(ace.EXTRACT_LABELS.values())
    assert not {"event_id_cnty", "notes", "actor1", "admin2"} & set(out.columns)


def test_dedupe_keeps_first_row_and_refuses_disagreeing_copies():
    rows = pd.DataFrame(
        [_m("MLI30", "JNIM", 2), _m("MLI30", "Civilians (Mali)", 7), _m("MLI31", "JNIM", 2)], columns=MONADIC
    )
    out = ace.dedupe_monadic(rows)
    assert out["event_id_cnty"].tolist() == ["MLI30", "MLI31"] and out["actor1"].tolist() == ["JNIM", "JNIM"]
    rows.loc[1, "fatalities"] = 9
    with pytest.raises(DataValidationError) as err:
        ace.dedupe_monadic(rows, "export.csv")
    assert "export.csv, row 3, column 'fatalities'" in str(err.value) and "MLI30" in str(err.value)


def test_unknown_region_name_in_an_extract_stops(tmp_path):
    rows = [_m("MLI40", "JNIM", 2, admin1="Taoudeni")]
    with pytest.raises(DataValidationError, match="region name not in ACLED's HDX table"):
        ace.derive_mali_events_month(_extract_files(tmp_path, rows))


# --------------------------------------------------------------------------- UCDP

UCDP_CY = [
    "country_id",
    "country",
    "year",
    "region",
    "main_government_name",
    "state_based_deaths_best",
    "intrastate_deaths_best",
    "interstate_deaths_best",
    "non_state_deaths_best",
    "one_sided_deaths_best",
    "cumulative_organized_violence_deaths_best",
    "ucdp_version",
]


def test_ucdp_country_year_checks_that_types_add_up(tmp_path):
    good = [432, "Mali", 2022, "Africa", "Government of Mali", 1440, 1440, 0, 755, 1461, 3656, "25.1"]
    out = ucdp.derive_ucdp_country_year({"ucdp_country_year": write_csv(tmp_path / "a.csv", UCDP_CY, [good])})
    assert out.iloc[0][["iso3", "state_based", "non_state", "one_sided", "total"]].tolist() == [
        "MLI",
        1440,
        755,
        1461,
        3656,
    ]
    bad = good[:10] + [3600, "25.1"]
    with pytest.raises(DataValidationError, match="row 2, column 'cumulative_organized_violence_deaths_best'"):
        ucdp.derive_ucdp_country_year({"ucdp_country_year": write_csv(tmp_path / "b.csv", UCDP_CY, [bad])})


def test_onesided_actors_must_be_classified(tmp_path):
    header = ["year", "actor_name", "location", "best_fatality_estimate"]
    rows = [
        [2024, "Government of Mali, Government of Russia (Soviet Union)", "Mali", 299],
        [2024, "MPGK ", "Mali", 30],
        [2024, "JNIM", "Benin, Burkina Faso, Mali, Niger, Togo", 1396],
    ]
    out = ucdp.derive_ucdp_onesided({"ucdp_onesided": write_csv(tmp_path / "a.csv", header, rows)})
    by = out.set_index("actor")
    assert by.loc["MPGK", "actor_kind"] == "rebel"  # trailing space stripped
    assert by.loc["Government of Mali, Government of Russia (Soviet Union)", "actor_kind"] == "state_russia"
    assert bool(by.loc["JNIM", "in_mali"]) and not bool(by.loc["JNIM", "mali_only"])
    assert int(by.loc["JNIM", "n_countries"]) == 5
    rows.append([2024, "Africa Corps", "Mali", 40])
    with pytest.raises(DataValidationError, match="row 5, column 'actor_name'.*not classified"):
        ucdp.derive_ucdp_onesided({"ucdp_onesided": write_csv(tmp_path / "b.csv", header, rows)})


# --------------------------------------------------------------------------- committed tables vs SOURCE.md


def test_mali_cercle_month_matches_source_note():
    t = load_table("acled_mali_cercle_month")
    assert len(t) == 18_656 and t["admin2_pcode"].nunique() == 53 and t["month"].nunique() == 352
    y = t.groupby("year")[["events", "fatalities"]].sum()
    # SOURCE.md, quick numbers (file 3): 2012 172/520, 2019 600/1,873, 2022 1,360/4,847, 2026 (Jan-Apr) 429/1,188
    assert y.loc[2012].tolist() == [172, 520]
    assert y.loc[2019].tolist() == [600, 1873]
    assert y.loc[2022].tolist() == [1360, 4847]
    assert y.loc[2026].tolist() == [429, 1188]
    partial = t[t["partial"]]
    assert set(partial["month"].dt.strftime("%Y-%m")) == {"2026-04"}
    assert int(partial["events"].sum()) == 60  # SOURCE.md: "April 2026 is partial (60 events)"


def test_bfa_province_month_matches_source_note():
    t = load_table("acled_bfa_province_month")
    assert len(t) == 15_255 and t["admin2_pcode"].nunique() == 45
    y = t.groupby("year")[["pv_events", "pv_fatalities", "ct_events", "ct_fatalities"]].sum()
    assert y.loc[2023].tolist() == [1706, 8498, 708, 2398]  # SOURCE.md, quick numbers from 4-7
    assert y.loc[2019].tolist() == [634, 2215, 367, 1348]
    assert set(t.loc[t["partial"], "month"].dt.strftime("%Y-%m")) == {"2025-03"}


def test_event_aggregates_match_source_note_after_deduplication():
    t = load_table("acled_mali_events_month")
    y = t.groupby("year")[["events", "fatalities"]].sum()
    # SOURCE.md: all events / all fatalities, file 1 for 2012-2016, file 2 de-duplicated for 2017-2020
    assert y.loc[2012].tolist() == [278, 538]
    assert y.loc[2016].tolist() == [167, 320]
    assert y.loc[2019].tolist() == [822, 1875]
    assert y.loc[2020].tolist() == [1268, 2854]  # the monadic file has 2,377 rows for 2020
    vac = t[t["event_type"] == "Violence against civilians"].groupby("year")[["events", "fatalities"]].sum()
    assert vac.loc[2018].tolist() == [263, 783] and vac.loc[2013].tolist() == [52, 138]


def test_ucdp_tables_match_source_note():
    cy = load_table("ucdp_country_year").set_index(["iso3", "year"])
    assert cy.loc[("MLI", 2022), ["state_based", "non_state", "one_sided", "total"]].tolist() == [1440, 755, 1461, 3656]
    assert cy.loc[("BFA", 2023), "total"] == 6122 and cy.loc[("NER", 2024), "total"] == 1222
    os_ = load_table("ucdp_onesided_actor_year").set_index(["year", "actor"])
    assert os_.loc[(2024, "Government of Mali, Government of Russia (Soviet Union)"), "deaths_best"] == 299
    assert os_.loc[(2022, "Government of Mali"), "deaths_best"] == 275
    assert os_.loc[(2022, "JNIM"), "locations"] == "Burkina Faso, Mali, Niger, Togo"


def test_ged_events_match_source_note_and_carry_cercles():
    g = load_table("ucdp_ged_events")
    assert len(g) == 3096 and int(g["best"].sum()) == 26_387
    mali = g[g["iso3"] == "MLI"]
    assert len(mali) == 1385 and int(mali["best"].sum()) == 8996
    assert mali["admin2_pcode"].notna().all() and g.loc[g["iso3"] != "MLI", "admin2_pcode"].isna().all()
    assert 2025 not in set(g["year"])
    # SOURCE.md: the largest Mali row, 2022-03-26, 14.32829 N 4.60445 W, best 313, coded state-based.
    big = mali.loc[mali["best"].idxmax()]
    assert (str(big["date"].date()), big["best"], big["violence"]) == ("2022-03-26", 313, "state-based")
    assert big["admin2_pcode"] == "ML0503"  # Djenné cercle, where Moura lies


def test_moura_tolls_come_from_the_fact_base():
    m = load_table("moura_tolls").set_index("metric")
    # facts/figures.csv: army claim 203 (April 2022), HRW about 300 (April 2022), OHCHR at least 500 (12 May 2023)
    assert m["deaths"].to_dict() == {"moura_fama_claim": 203, "moura_killed_hrw": 300, "moura_killed_ohchr": 500}
    assert m["source_url"].str.startswith("http").all()


def test_acled_tables_hold_aggregates_only():
    """No ACLED-derived table of data/ has an event id, actor, note or coordinate column."""
    from minusma.data.load import package

    forbidden = {
        "event_id_cnty",
        "event_id_no_cnty",
        "data_id",
        "notes",
        "actor1",
        "actor2",
        "assoc_actor_1",
        "assoc_actor_2",
        "latitude",
        "longitude",
        "location",
        "source",
        "timestamp",
    }
    acled = [r for r in package()["resources"] if r["licenses"][0]["name"] == "ACLED-terms-of-use"]
    assert {r["name"] for r in acled} == {
        "acled_mali_cercle_month",
        "acled_bfa_province_month",
        "acled_mali_events_month",
        "acled_mali_wagner_month",
        "acled_vac_perpetrator_quarter",
        "acled_mali_forces_month",
    }
    for r in acled:
        cols = {f["name"] for f in r["schema"]["fields"]}
        assert not cols & forbidden, (r["name"], cols & forbidden)
        assert any("ACLED" in s["credit"] for s in r["sources"])
