"""Each cleaning case that un-fatalities/SOURCE.md lists, on fixtures these tests write."""

from __future__ import annotations

import pandas as pd
import pytest

from minusma.data.derive.fatalities import clean_fatalities, load_clean, read_un_fatalities
from minusma.data.validate import DataValidationError

from .conftest import un_row, write_csv


def test_byte_order_mark_and_mixed_case_columns_of_2021_version(tmp_path):
    # The 2021 file: BOM, mixed-case names, no id/gender/last_update, integer m49, CRLF.
    header = [
        "Casualty_ID",
        "Incident_Date",
        "Mission_Acronym",
        "Type_of_Casualty",
        "Casualty_Nationality",
        "M49_Code",
        "ISOCode3",
        "Casualty_Personnel_Type",
        "Type_Of_Incident",
    ]
    rows = [
        [
            "MINUSMA-2014-10-08716",
            "2014-10-03",
            "MINUSMA",
            "Fatality",
            "Niger",
            "562",
            "NER",
            "Military",
            "Malicious Act",
        ]
    ]
    path = write_csv(tmp_path / "old.csv", header, rows, bom=True, newline="\r\n")
    out = load_clean(path)
    assert list(out["casualty_id"]) == ["MINUSMA-2014-10-08716"]
    assert out.loc[0, "m49"] == 562
    assert out.loc[0, "iso3"] == "NER"
    assert pd.isna(out.loc[0, "gender"])


def test_local_with_trailing_space_is_stripped(un_file):
    path = un_file(
        [
            un_row(
                1, "2016-02-12", "MINUSMA-2016-02-09999", nationality="Mali", personnel="Local ", m49="466.0", iso="MLI"
            )
        ]
    )
    out = load_clean(path)
    assert out.loc[0, "personnel_type"] == "Local"
    assert not out.loc[0, "uniformed"]


def test_cote_divoire_apostrophe_restored_and_codes_filled(un_file):
    path = un_file(
        [
            un_row(1, "2015-01-01", "MINUSMA-2015-01-00001", nationality="Côte dIvoire", m49="", iso=""),
            un_row(2, "2024-01-01", "UNMISS-2024-01-00002", mission="UNMISS", nationality="Türkiye", m49="", iso=""),
        ]
    )
    out = load_clean(path).set_index("casualty_id")
    assert out.loc["MINUSMA-2015-01-00001", "nationality"] == "Côte d'Ivoire"
    assert out.loc["MINUSMA-2015-01-00001", "iso3"] == "CIV"
    assert out.loc["MINUSMA-2015-01-00001", "m49"] == 384
    assert out.loc["UNMISS-2024-01-00002", "iso3"] == "TUR"
    assert out.loc["UNMISS-2024-01-00002", "m49"] == 792


def test_undetermined_nationality_has_no_codes(un_file):
    path = un_file([un_row(1, "2020-05-01", "MINUSMA-2020-05-00001", nationality="ZZ [Undetermined]", m49="", iso="")])
    out = load_clean(path)
    assert out.loc[0, "nationality"] == "Undetermined"
    assert pd.isna(out.loc[0, "iso3"])
    assert pd.isna(out.loc[0, "m49"])


def test_m49_written_as_float_becomes_integer(un_file):
    out = load_clean(un_file([un_row(1, "2019-01-20", "MINUSMA-2019-01-11111", m49="148.0")]))
    assert out["m49"].dtype == "Int64"
    assert out.loc[0, "m49"] == 148


def test_casualty_id_listed_under_two_nationalities_is_counted_once(un_file):
    # UNMIK 2003: one death listed as "Montenegro" and as "Serbia and Montenegro".
    rows = [
        un_row(
            1,
            "2003-05-05",
            "UNMIK-2003-05-03589",
            mission="UNMIK",
            nationality="Montenegro",
            personnel="Local ",
            incident="Self-Inflicted",
            m49="499.0",
            iso="MNE",
        ),
        un_row(
            2,
            "2003-05-05",
            "UNMIK-2003-05-03589",
            mission="UNMIK",
            nationality="Serbia and Montenegro",
            personnel="Local ",
            incident="Self-Inflicted",
            m49="891.0",
            iso="SCG",
        ),
        un_row(3, "2003-06-01", "UNMIK-2003-06-00001", mission="UNMIK", nationality="Ghana", m49="288.0", iso="GHA"),
    ]
    out = load_clean(un_file(rows))
    assert len(out) == 2
    kept = out.set_index("casualty_id").loc["UNMIK-2003-05-03589"]
    assert kept["nationality"] == "Serbia and Montenegro"
    assert kept["iso3"] == "SCG"


def test_duplicate_id_with_conflicting_facts_stops_with_row_and_rule(un_file):
    rows = [un_row(1, "2015-01-01", "MINUSMA-2015-01-00001"), un_row(2, "2015-01-02", "MINUSMA-2015-01-00001")]
    with pytest.raises(DataValidationError) as err:
        load_clean(un_file(rows))
    msg = str(err.value)
    assert "row 3" in msg and "casualty_id" in msg and "unique" in msg


def test_duplicate_id_with_unknown_nationality_pair_stops(un_file):
    rows = [
        un_row(1, "2015-01-01", "MINUSMA-2015-01-00001", nationality="Chad"),
        un_row(2, "2015-01-01", "MINUSMA-2015-01-00001", nationality="Niger", m49="562.0", iso="NER"),
    ]
    with pytest.raises(DataValidationError, match="DUPLICATE_NATIONALITY"):
        load_clean(un_file(rows))


def test_to_be_determined_and_unknown_are_kept_as_categories(un_file):
    rows = [
        un_row(1, "2015-11-29", "MINUSMA-2015-11-00001", incident="To Be Determined"),
        un_row(2, "2022-06-01", "MINUSMA-2022-06-00002", incident="Unknown"),
        un_row(3, "2022-06-02", "MINUSMA-2022-06-00003", incident="Illness"),
    ]
    out = load_clean(un_file(rows))
    assert sorted(out["incident_type"]) == ["Illness", "To Be Determined", "Unknown"]


def test_notification_month_is_not_the_incident_date(un_file):
    # Died on 30 December 2013, notified in January 2014: the year is 2013.
    out = load_clean(un_file([un_row(1, "2013-12-30", "MINUSMA-2014-01-08600")]))
    assert out.loc[0, "notification_month"] == "2014-01"
    assert out.loc[0, "year"] == 2013
    assert out.loc[0, "incident_date"] == pd.Timestamp("2013-12-30")


def test_unknown_mission_acronym_names_file_row_column_rule(un_file):
    path = un_file(
        [
            un_row(1, "2024-01-01", "MINUSMA-2024-01-00001"),
            un_row(2, "2024-02-01", "UNNEW-2024-02-00001", mission="UNNEW"),
        ]
    )
    with pytest.raises(DataValidationError) as err:
        read_un_fatalities(path)
    msg = str(err.value)
    assert "fatalities.csv" in msg and "row 3" in msg and "'mission_acronym'" in msg and "enum" in msg
    assert "UNNEW" in msg


def test_unknown_nationality_stops(un_file):
    path = un_file([un_row(1, "2024-01-01", "MINUSMA-2024-01-00001", nationality="Atlantis", iso="ATL", m49="999.0")])
    with pytest.raises(DataValidationError, match="casualty_nationality"):
        load_clean(path)


def test_spelling_variants_of_one_mission_are_joined(un_file):
    rows = [
        un_row(
            1,
            "2012-01-01",
            "UN SECRETA-2012-01-00001",
            mission="UN Secretariat",
            nationality="France",
            m49="250.0",
            iso="FRA",
        )
    ]
    out = clean_fatalities(read_un_fatalities(un_file(rows)))
    assert out.loc[0, "mission"] == "UNSecretariat"
