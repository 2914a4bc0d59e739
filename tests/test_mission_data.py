"""Deployment and mission-fact tables: derivations on small fixtures, and the real data against published figures."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma.data import reference as ref
from minusma.data.derive import deployments_geo as geo
from minusma.data.derive import deployments_read as drd
from minusma.data.derive import deployments_statements as dst
from minusma.data.derive import deployments_strength as dsg
from minusma.data.derive import mission_facts as mf
from minusma.data.load import load_table
from minusma.data.validate import DataValidationError
from minusma.paths import sources_dir

from .conftest import curated_paths, write_csv

# --- fixtures ------------------------------------------------------------------------------------

STATEMENT_HEADER = [
    "as_of",
    "as_of_precision",
    "component",
    "contributor",
    "measure",
    "value",
    "authorised_value",
    "source_title",
    "source_url",
    "source_date",
    "note",
]
U = "https://example.org/a"


def statement_rows():
    return [
        ["2013-04-25", "day", "military", "", "authorised_ceiling", "", "11200", "t", U, "2013", ""],
        ["2013-08-31", "month", "military", "", "deployed", "5201", "11200", "t", U, "2013", ""],
        ["2013-08-31", "month", "police", "", "deployed", "809", "1440", "t", U, "2013", ""],
        ["2013-08-31", "month", "total_uniformed", "Chad", "deployed", "1252", "", "t", U, "2013", ""],
        [
            "2020-12-31",
            "year",
            "military",
            "Bangladesh",
            "deployed",
            "1322",
            "",
            "t",
            U,
            "2022",
            "text ambiguous whether 1,322 is Bangladesh only",
        ],
        ["2020-08-19", "article date", "unclear", "", "deployed", "15451", "", "t", U, "2020", "exceeds the ceiling"],
        ["2023-02-28", "month", "total_personnel", "", "published_strength", "17430", "", "t", U, "2023", ""],
        ["2023-06-30", "approx", "total_uniformed", "", "to_repatriate", "12947", "", "t", U + "/b", "2023", ""],
        ["2023-12-01", "day", "total_uniformed", "", "repatriated_cumulative", "9680", "", "t", U + "/c", "2023", ""],
        ["", "unknown", "military", "United Kingdom", "deployed", "2", "", "t", U + "/d", "not shown", ""],
    ]


def test_statements_are_labelled_and_flagged(tmp_path):
    f = write_csv(tmp_path / "s.csv", STATEMENT_HEADER, statement_rows())
    out = dsg.derive_strength_statements({**curated_paths(), "strength_statements": f})
    # the fixture's ten rows, then the project's re-sourced withdrawal baseline (curated/strength_statements.csv)
    assert len(out) == 11 and set(out["basis"]) == {"statement"}
    assert out["source_title"].iloc[-1].endswith("(JURIST)") and out["value"].iloc[-1] == 12944
    by = out.set_index("statement_id")
    # ceilings are not headcounts; deployed figures and withdrawal counts are
    assert not by.loc[1, "headcount"] and by.loc[1, "measure_group"] == "authorised"
    assert by.loc[2, "headcount"] and by.loc[9, "headcount"] and by.loc[9, "measure_group"] == "departures"
    # the rows SOURCE.md says are not headcounts carry a flag and headcount = false
    assert not by.loc[6, "headcount"] and "not a headcount" in by.loc[6, "flag"]
    assert not by.loc[7, "headcount"] and "authorised strength" in by.loc[7, "flag"]
    # ambiguous rows keep their headcount but say so
    assert by.loc[5, "headcount"] and "ambiguous" in by.loc[5, "flag"]
    # countries in UN spelling, with codes
    assert by.loc[10, "contributor"] == "United Kingdom of Great Britain and Northern Ireland"
    assert by.loc[10, "iso3"] == "GBR" and pd.isna(by.loc[10, "as_of"])


def test_a_flag_rule_that_matches_nothing_stops_the_derivation(tmp_path):
    rows = [r for r in statement_rows() if r[4] != "published_strength"]
    f = write_csv(tmp_path / "s.csv", STATEMENT_HEADER, rows)
    with pytest.raises(DataValidationError, match="published_strength.*matches no row"):
        dsg.derive_strength_statements({**curated_paths(), "strength_statements": f})


def test_statements_reject_unknown_country_and_missing_ceiling(tmp_path):
    rows = statement_rows()
    rows[3][3] = "Atlantis"
    rows[0][6] = ""
    f = write_csv(tmp_path / "s.csv", STATEMENT_HEADER, rows)
    with pytest.raises(DataValidationError) as err:
        dst.read_statements(f)
    where = {(p.row, p.column) for p in err.value.problems}
    assert (5, "contributor") in where and (2, "authorised_value") in where


IPI_HEADER = ["Date", "Mission", "Number of Contributors", "Troops", "Police", "Observers", "Total"]


def test_ipi_month_ends_written_early_are_moved_and_totals_checked(tmp_path):
    f = write_csv(
        tmp_path / "ipi.csv",
        IPI_HEADER,
        [
            ["2012-02-28", "UNMIL", "50", "7000", "1300", "NA", "8300"],  # leap year: IPI writes the 28th
            ["2012-03-31", "UNMIL", "50", "7000", "1300", "10", "8310"],
        ],
    )
    df = drd.read_ipi_monthly(f)
    assert list(df["Date"].dt.strftime("%Y-%m-%d")) == ["2012-02-29", "2012-03-31"]
    bad = write_csv(
        tmp_path / "bad.csv",
        IPI_HEADER,
        [
            ["2012-03-15", "UNMIL", "50", "7000", "1300", "NA", "8300"],
            ["2012-04-30", "UNMIL", "50", "7000", "1300", "NA", "9999"],
        ],
    )
    with pytest.raises(DataValidationError) as err:
        drd.read_ipi_monthly(bad)
    assert {(p.row, p.column) for p in err.value.problems} == {(2, "Date"), (3, "Total")}


def test_a_statement_whose_total_is_not_military_plus_police_stops(tmp_path):
    rows = statement_rows() + [
        ["2013-08-31", "month", "total_uniformed", "", "deployed", "6111", "", "t", U, "2013", ""]
    ]
    f = write_csv(tmp_path / "s.csv", STATEMENT_HEADER, rows)
    with pytest.raises(DataValidationError) as err:
        dst.read_statements(f)
    (p,) = err.value.problems
    assert (p.row, p.column) == (12, "value") and "military + police" in p.rule and p.value == "6111 vs 5201 + 809"
    rows[-1][5] = "6010"  # 5,201 + 809: accepted
    dst.read_statements(write_csv(tmp_path / "ok.csv", STATEMENT_HEADER, rows))


def radpko_fixture(path, pko_deployed):
    """A RADPKO base-year file with one MINUSMA base, every country column present (zeros but Chad)."""
    header = ["mission", "base", "date", "year", "latitude", "longitude", "pko_deployed", "untrp", "unpol", "unmob"]
    header += [f"{stem}_{kind}" for stem in drd.RADPKO_STEMS for kind in ("pko", "untrp", "unpol", "unmob")]
    row = dict.fromkeys(header, "0")
    row.update(
        mission="MINUSMA",
        base="gao",
        date="2018-01-01",
        year="2018",
        latitude="16.27",
        longitude="-0.04",
        pko_deployed=str(pko_deployed),
        untrp="1000",
        unpol="150",
        unmob="50",
        chad_pko="1200",
        chad_untrp="1000",
        chad_unpol="150",
        chad_unmob="50",
    )
    return write_csv(path, header, [[row[h] for h in header]])


def test_a_radpko_total_that_is_not_its_parts_stops(tmp_path):
    assert drd.read_radpko_minusma(radpko_fixture(tmp_path / "ok.csv", 1200.4))["pko_deployed"].item() == 1200.4
    with pytest.raises(DataValidationError) as err:
        drd.read_radpko_minusma(radpko_fixture(tmp_path / "bad.csv", 1400))
    (p,) = err.value.problems
    assert (p.row, p.column) == (2, "pko_deployed") and "untrp + unpol + unmob" in p.rule


DPO_HEADER = ["", "Year", "Country", "Mission", "Female", "Male", "Total"]


def dpo_rows():
    return [
        ["1", "2018", "Chad", "MINUSMA", "10", "1457", "1467"],
        ["2", "2018", "Côte d\u2019Ivoire", "MINUSMA", "5", "179", "184"],  # curly apostrophe, as the UN file has it
        ["3", "2018", "Iceland", "UNIFIL", "0", "0", "0"],  # no personnel: dropped
        ["4", "2017", "Chad", "MINUSMA", "3", "600", "604"],  # rounding: 603 vs 604 is allowed
        ["5", "2019", "Chad", "MINUSMA", "12", "1446", "1458"],
        ["6", "2020", "Samoa", "UNMISS", "3", "20", "23"],
    ]


def test_dpo_year_means_are_read_named_and_flagged(tmp_path):
    f = write_csv(tmp_path / "dpo.csv", DPO_HEADER, dpo_rows())
    out = dsg.derive_dpo_year_means({"dpo_uniformed_year_means": f})
    assert len(out) == 5 and "Iceland" not in set(out["contributor"])
    by = out.set_index(["year", "mission", "contributor"])
    assert by.loc[(2018, "MINUSMA", "Côte d'Ivoire"), "iso3"] == "CIV"
    assert by.loc[(2020, "UNMISS", "Samoa"), ["iso3", "mission_kind"]].tolist() == ["WSM", "peacekeeping operation"]
    assert out.groupby("year")["whole_year"].first().to_dict() == {2017: False, 2018: True, 2019: True, 2020: True}


def test_dpo_year_means_refuse_bad_rows(tmp_path):
    rows = dpo_rows()
    rows[0][6] = "1469"  # 10 + 1,457 = 1,467: two off is more than rounding
    rows[1][2] = "Atlantis"
    rows[4][3] = "UNXYZ"
    rows[5][5] = "-20"
    f = write_csv(tmp_path / "dpo.csv", DPO_HEADER, rows)
    with pytest.raises(DataValidationError) as err:
        dst.read_dpo_year_means(f)
    where = {(p.row, p.column) for p in err.value.problems}
    assert (7, "Male") in where  # the schema: no negative counts
    rows[5][5] = "20"
    with pytest.raises(DataValidationError) as err:
        dst.read_dpo_year_means(write_csv(tmp_path / "dpo2.csv", DPO_HEADER, rows))
    got = {(p.row, p.column): p for p in err.value.problems}
    assert set(got) == {(2, "Total"), (3, "Country"), (6, "Mission")}
    assert "Female + Male differs from Total" in got[(2, "Total")].rule
    assert "unknown mission 'UNXYZ'" in got[(6, "Mission")].rule


def test_dpo_year_means_need_the_whole_years(tmp_path):
    rows = [r for r in dpo_rows() if r[1] != "2020"]
    with pytest.raises(DataValidationError, match=r"whole years \[2020\]"):
        dst.read_dpo_year_means(write_csv(tmp_path / "dpo.csv", DPO_HEADER, rows))


def test_dpo_strength_enters_the_mission_tables_for_whole_years_only():
    """un-deployments/SOURCE.md: MINUSMA 13,885; 14,390; 14,070 in the whole years; 2017 (5,151) and 2021 (1,233)
    are incomplete and never appear as levels.
    """
    s = strength()
    dpo = s[s["source"] == "DPO"].set_index(s.loc[s["source"] == "DPO", "period_start"].dt.year)["uniformed"]
    assert dpo.to_dict() == {2018: 13885, 2019: 14390, 2020: 14070}
    c = load_table("contributors")
    cd = c[c["source"] == "DPO"]
    assert set(cd["period_start"].dt.year) == {2018, 2019, 2020}
    assert cd.groupby(cd["period_start"].dt.year)["uniformed"].sum().to_dict() == dpo.to_dict()
    d = load_table("dpo_year_means")
    assert d.loc[(d["mission"] == "MINUSMA") & (d["year"] == 2017), "uniformed"].sum() == 5151
    assert not d.loc[d["year"].isin([2013, 2014, 2015, 2016, 2017, 2021]), "whole_year"].any()


def test_dpo_country_values_match_radpko_in_2018():
    """SOURCE.md: 2018 Burkina Faso 1,880 vs 1,880.3, Bangladesh 1,689 vs 1,689.1, Chad 1,467 vs 1,467.1;
    2019 Senegal 1,512 vs 1,512.3; exceptions Togo 2018 (1,234 vs 1,285) and Burkina Faso 2019 (1,701 vs 1,755); RADPKO keeps one decimal.
    """
    c = load_table("contributors")
    c = c.assign(year=c["period_start"].dt.year).set_index(["source", "year", "contributor"])["uniformed"]
    for y, country, rad in (
        (2018, "Burkina Faso", 1880.3),
        (2018, "Bangladesh", 1689.1),
        (2018, "Chad", 1467.1),
        (2019, "Senegal", 1512.3),
        (2018, "Togo", 1285.1),
        (2019, "Burkina Faso", 1755),
    ):
        assert c[("RADPKO", y, country)] == rad
    assert c[("DPO", 2018, "Burkina Faso")] == 1880 and c[("DPO", 2018, "Togo")] == 1234
    assert c[("DPO", 2019, "Burkina Faso")] == 1701


def test_parse_tcc_overview():
    assert geo.parse_tcc_overview("Cote d'Ivoire (150), Togo (size unknown)") == [
        ("Cote d'Ivoire", 150.0),
        ("Togo", None),
    ]
    with pytest.raises(ValueError):
        geo.parse_tcc_overview("Bangladesh 150")


def test_location_ids_join_geopko_and_radpko():
    assert [geo.location_id(n) for n in ("Ménaka", "Mopti/Sevare", "Tombouctou (Timbuktu)", "Leré")] == [
        "menaka",
        "mopti",
        "tombouctou",
        "lere",
    ]


BUDGET_HEADER = ["fiscal_year", "period", "amount_usd", "basis", "notes", "source_title", "source_url"]


def test_unverified_budget_amounts_are_withheld(tmp_path):
    f = write_csv(
        tmp_path / "b.csv",
        BUDGET_HEADER,
        [
            ["2018/19", "2018-07-01/2019-06-30", "1074718900", "approved", "", "UN release", "https://x"],
            ["2019/20", "2019-07-01/2020-06-30", "1138457900", "approved", "Recollection only", "unverified", ""],
            ["2012/13 (start-up)", "2013-04-25/2013-12-31", "454430000", "requested", "", "UN release", "https://y"],
        ],
    )
    out = mf.derive_budget({**curated_paths(), "facts_budget": f}).set_index("label")
    assert out.loc["2018/19", "amount_usd"] == 1074718900 and out.loc["2018/19", "verified"]
    assert pd.isna(out.loc["2019/20", "amount_usd"]) and not out.loc["2019/20", "verified"]
    assert "1138457900" not in out.to_csv() and "withheld" in out.loc["2019/20", "notes"]
    assert out.loc["2012/13 (start-up)", "variant"] == "start-up"


def test_budget_period_outside_its_fiscal_year_is_an_error(tmp_path):
    f = write_csv(
        tmp_path / "b.csv",
        BUDGET_HEADER,
        [["2018/19", "2018-01-01/2018-12-31", "1", "approved", "", "UN release", "https://x"]],
    )
    with pytest.raises(DataValidationError, match="outside the UN fiscal year"):
        mf.derive_budget({**curated_paths(), "facts_budget": f})


def test_a_budget_row_without_a_source_or_a_basis_stops(tmp_path):
    f = write_csv(
        tmp_path / "b.csv",
        BUDGET_HEADER,
        [
            ["2018/19", "2018-07-01/2019-06-30", "1074718900", "approved", "", "UN release", ""],  # no address
            ["2020/21", "2020-07-01/2021-06-30", "1200000000", "", "", "AFP", "https://x"],  # no basis
            ["2021/22", "2021-07-01/2022-06-30", "1171000000", "reported", "", "", "https://y"],  # no source
        ],
    )
    with pytest.raises(DataValidationError) as err:
        mf.derive_budget({**curated_paths(), "facts_budget": f})
    assert {(p.row, p.column) for p in err.value.problems} == {(3, "basis"), (4, "source_title")}
    ok = write_csv(
        tmp_path / "b2.csv",
        BUDGET_HEADER,
        [["2018/19", "2018-07-01/2019-06-30", "1074718900", "approved", "", "UN release", ""]],
    )
    with pytest.raises(DataValidationError) as err:
        mf.derive_budget({**curated_paths(), "facts_budget": ok})
    (p,) = err.value.problems
    assert (p.row, p.column) == (2, "source_url") and "address of its source" in p.rule


FIGURES_HEADER = ["metric", "value", "unit", "as_of", "as_of_precision", "notes", "source_title", "source_url"]


def test_unverified_figures_are_left_out(tmp_path):
    f = write_csv(
        tmp_path / "f.csv",
        FIGURES_HEADER,
        [
            ["deployed_military", "11795", "personnel", "2018-03", "month", "", "Malizine", "https://m"],
            ["deployed_military", "12000", "personnel", "2020", "year", "", "unverified", ""],
            ["idps", "350000", "people", "2013-06", "month", "", "OCHA", "https://o"],
        ],
    )
    out = mf.derive_mission_figures({**curated_paths(), "facts_figures": f})
    assert list(out["value"]) == ["11795"] and out["value_number"].iloc[0] == 11795


RES_HEADER = [
    "resolution",
    "adopted_on",
    "vote",
    "mandate_until",
    "authorised_troops",
    "authorised_police",
    "key_change",
    "source_title",
    "source_url",
]


def test_resolution_votes_must_add_up_to_15(tmp_path):
    f = write_csv(
        tmp_path / "r.csv",
        RES_HEADER,
        [["2640", "2022-06-29", "13-0-1", "2023-06-30", "13289", "1920", "Renewed", "SC/14953", "https://p"]],
    )
    with pytest.raises(DataValidationError, match="add up to 15"):
        mf.derive_resolutions({**curated_paths(), "facts_resolutions": f})


# --- the real tables against published figures ----------------------------------------------------


def strength():
    return load_table("uniformed_strength")


def test_every_strength_row_is_labelled_by_its_basis():
    s = strength()
    assert dict(s.groupby("source")["basis"].unique().map(tuple)) == {
        "IPI": ("official",),
        "RADPKO": ("official",),
        "DPO": ("official",),
        "statement": ("statement",),
        "Geo-PKO": ("estimate",),
    }
    geo = s[s["source"] == "Geo-PKO"]
    # Geo-PKO estimates are never headcounts and never put into the uniformed column
    assert not geo["headcount"].any() and geo["uniformed"].isna().all()
    assert s.loc[s["source"] != "Geo-PKO", "headcount"].all()


def test_ipi_june_2016_total():
    """SOURCE.md, MINUSMA totals by source: IPI June 2016 = 12,022 uniformed."""
    s = strength()
    row = s[(s["source"] == "IPI") & (s["period_start"] == "2016-06-30")]
    assert row["uniformed"].item() == 12022


def test_radpko_2019_yearly_mean():
    """SOURCE.md: RADPKO 2019 yearly mean = 14,094 uniformed (12,376 troops); the 2019 mean covers Jan-Sep."""
    s = strength()
    row = s[(s["source"] == "RADPKO") & (s["period_start"].dt.year == 2019)].iloc[0]
    assert round(row["uniformed"]) == 14094
    assert str(row["period_end"].date()) == "2019-09-30"


def test_geopko_2019_sum_is_an_estimate_far_above_official():
    """SOURCE.md: Geo-PKO's 2019 location sum is 19,730 troops, against RADPKO's 14,094 uniformed."""
    s = strength()
    geo = s[(s["source"] == "Geo-PKO") & (s["period_start"].dt.year == 2019)].iloc[0]
    assert geo["military"] == 19730 and geo["basis"] == "estimate"


def test_31_august_2013_statement_matches_the_un_count():
    """bamada.net (= UN/IPI): 6,010 uniformed on 31 Aug 2013, 5,201 military and 809 police."""
    s = strength()
    st = s[(s["source"] == "statement") & (s["period_start"] == "2013-08-31")].iloc[0]
    ipi = s[(s["source"] == "IPI") & (s["period_start"] == "2013-08-31")].iloc[0]
    assert (st["military"], st["police"], st["uniformed"]) == (5201, 809, 6010)
    assert ipi["uniformed"] == st["uniformed"]


def test_withdrawal_remaining_is_baseline_minus_repatriated():
    """JURIST (1 Dec 2023): 9,680 of 12,944 uniformed repatriated (curated/strength_statements.csv re-sources the
    baseline: the compiled 12,947 rests on a Sputnik report, which the report does not cite).
    """
    s = strength().set_index(["statistic", "period_start"])
    assert s.loc[("withdrawal baseline", pd.Timestamp("2023-06-30")), "uniformed"].item() == 12944
    assert s.loc[("remaining (baseline − repatriated)", pd.Timestamp("2023-12-01")), "uniformed"].item() == 12944 - 9680


def test_statements_table_keeps_every_citable_row_and_the_withdrawal_measures():
    """SOURCE.md: 141 rows from 30 web pages. Nine rest on 24heureinfo (4), Statista (1) and Sputnik (4), which the
    report does not cite (four pages): 132 rows from 26 pages remain, plus the re-sourced baseline (JURIST, already one
    of the pages).
    """
    st = load_table("strength_statements")
    assert len(st) == 141 - 9 + 1 and st["source_url"].nunique() == 30 - 4
    assert not st["source_url"].str.contains("sputnik|statista|24heureinfo").any()
    for m in ("departed_cumulative", "repatriated_cumulative", "repatriated_in_event", "to_repatriate", "remaining"):
        assert (st["measure"] == m).any(), m
    flagged = st[~st["headcount"] & (st["measure_group"] == "deployed")]
    assert sorted(flagged["value"].tolist()) == [15451, 17430]  # Diplomatic Times (2020), defenceWeb (2023)


def test_resolution_ceilings_agree_with_the_ceilings_in_statements():
    """SC/12426: resolution 2295 raised the ceilings to 13,289 military and 1,920 police."""
    res = load_table("resolutions").set_index("resolution")
    assert (res.loc[2295, "authorised_troops"], res.loc[2295, "authorised_police"]) == (13289, 1920)
    assert res.loc[2640, "vote"] == "13-0-2" and not res.loc[2391, "renews_mandate"]
    st = load_table("strength_statements")
    ceil = st[st["measure"] == "authorised_ceiling"]
    for r in ceil.itertuples():
        in_force = res[res["adopted_on"] <= r.as_of].dropna(subset=["authorised_troops"]).iloc[-1]
        col = "authorised_troops" if r.component == "military" else "authorised_police"
        assert in_force[col] == r.authorised_value, (r.as_of, r.component)


def test_ipi_march_2014_contributors_add_up_to_the_mission_total():
    """SOURCE.md: MINUSMA had 43 contributors totalling 7,469 in March 2014, as in the monthly file."""
    c = load_table("contributors")
    m = c[(c["source"] == "IPI") & (c["period_start"] == "2014-03-31")]
    assert len(m) == 43 and m["uniformed"].sum() == 7469
    assert (m["military"] + m["police"] == m["uniformed"]).all()
    ipi = load_table("ipi_mission_monthly")
    assert ipi[(ipi["mission"] == "MINUSMA") & (ipi["date"] == "2014-03-31")]["uniformed"].item() == 7469


def test_radpko_countries_sum_to_the_total_in_2019():
    """SOURCE.md: the 69 country columns fall below pko_deployed in 2014-2018, but agree in 2019."""
    c = load_table("contributors")
    r = c[c["source"] == "RADPKO"].groupby(c["period_start"].dt.year)["uniformed"].sum()
    s = strength()
    rad = s[s["source"] == "RADPKO"]
    total = rad.set_index(rad["period_start"].dt.year)["uniformed"]
    assert abs(r[2019] - total[2019]) < 1
    assert all(77 - 1 <= total[y] - r[y] <= 533 + 1 for y in range(2014, 2019))


@pytest.mark.skipif(
    not (sources_dir() / "un-deployments/minusma_radpko_country_year.csv").exists(), reason="raw sources not available"
)
def test_radpko_country_year_matches_the_compilers_table():
    """minusma_radpko_country_year.csv (SOURCE.md file 4) sums the same columns: our derivation must agree."""
    theirs = pd.read_csv(sources_dir() / "un-deployments/minusma_radpko_country_year.csv")
    theirs["contributor"] = theirs["contributor_radpko"].map(drd.radpko_country)
    theirs = theirs.groupby(["year", "contributor"])["personnel_total"].sum()
    c = load_table("contributors")
    ours = c[c["source"] == "RADPKO"].assign(year=lambda d: d["period_start"].dt.year)
    ours = ours.set_index(["year", "contributor"])["uniformed"]
    assert set(ours.index) == set(theirs.index)
    assert (ours - theirs.reindex(ours.index)).abs().max() < 0.15  # both rounded to one decimal


def test_african_share_follows_un_m49_and_counts_egypt():
    """UN M49 puts Egypt (Northern Africa) in Africa; the 31 Aug 2013 list had Chad first with 1,252."""
    assert "EGY" in ref.AFRICA_ISO3 and "TCD" in ref.AFRICA_ISO3 and "BGD" not in ref.AFRICA_ISO3
    c = load_table("contributors")
    aug = c[(c["source"] == "statement") & (c["period_start"] == "2013-08-31")]
    assert len(aug) == 30 and aug["uniformed"].sum() == 6009  # SOURCE.md: the 30 countries sum to 6,009
    top = aug.sort_values("uniformed", ascending=False).iloc[0]
    assert (top["contributor"], top["uniformed"], top["african"]) == ("Chad", 1252, True)


def test_geopko_locations_for_the_withdrawal_chapter():
    """SOURCE.md: 15 MINUSMA locations 2014-2024; in 2024 only Bamako and Gao, 150 each (liquidation)."""
    g = load_table("geopko_locations")
    assert g["location"].nunique() == 15 and (g["year"].min(), g["year"].max()) == (2014, 2024)
    last = g[g["year"] == 2024].set_index("location")["troops_est"].to_dict()
    assert last == {"Bamako": 150, "Gao": 150}
    assert g["latitude"].between(12, 21).all() and g["longitude"].between(-9, 3).all()
    rb = load_table("radpko_bases")
    assert set(rb["location_id"]) <= set(g["location_id"])


def test_budget_table_holds_sourced_rows_only():
    """facts/CHANGES-2026-12-02.md: budget.csv 18 -> 13 rows, the recollection-only years removed."""
    b = load_table("budget")
    assert len(b) == 13 and b["verified"].all()
    assert set(b["fiscal_year"]).isdisjoint({"2015/16", "2016/17", "2019/20", "2022/23"})
    assert b.set_index("label").loc["2018/19", "amount_usd"] == 1074718900  # UN fact sheet via Diplomatic Times
    figures = load_table("mission_figures")
    assert not figures["source_title"].str.lower().eq("unverified").any()
