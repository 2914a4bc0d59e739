"""The optional ACLED-export path: both the absent and the present case, on fixtures the test writes."""

from __future__ import annotations

import pytest

from minusma import acled_export as ax
from minusma.validate import DataValidationError

from .conftest import ROOT, write_csv

DYADIC = ["event_id_cnty", "event_date", "year", "disorder_type", "event_type", "sub_event_type", "actor1",
          "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
          "country", "admin1", "admin2", "location", "latitude", "longitude", "source", "notes", "fatalities"]
FAMA = "Military Forces of Mali (2021-)"


def dy(eid, date, etype, actor1, assoc1="", actor2="", assoc2="", fatalities=0, civ="", country="Mali"):
    return [eid, date, date[:4], "Political violence", etype, "x", actor1, assoc1, "State forces", actor2, assoc2,
            "Civilians", "State forces-Civilians", civ, country, "Mopti", "Djenne", "Somewhere", 14.3, -4.6,
            "Some outlet", "A note that must never be published.", fatalities]


@pytest.fixture
def export_rows():
    return [
        # 2022: three events with Wagner (in assoc_actor_1, actor1, assoc_actor_2), two of them against civilians
        dy("MLI9001", "2022-03-27", "Violence against civilians", FAMA, "Wagner Group", "Civilians (Mali)",
           fatalities=300, civ="Civilian targeting"),
        dy("MLI9002", "2022-04-02", "Battles", "Wagner Group", "", "JNIM: Group for Support of Islam and Muslims",
           fatalities=12),
        dy("MLI9003", "2022-06-10", "Violence against civilians", "JNIM: Group for Support of Islam and Muslims", "",
           FAMA, "WAGNER GROUP", fatalities=5, civ="Civilian targeting"),
        # no Wagner
        dy("MLI9004", "2022-07-01", "Battles", FAMA, "", "JNIM: Group for Support of Islam and Muslims", fatalities=8),
        dy("MLI9005", "2023-01-15", "Explosions/Remote violence", "JNIM: Group for Support of Islam and Muslims",
           fatalities=3),
        # 2023: one Wagner event
        dy("MLI9006", "2023-02-20", "Violence against civilians", FAMA, "Wagner Group; Dozo Militia",
           "Civilians (Mali)", fatalities=20, civ="Civilian targeting"),
        # not Mali: ignored
        dy("BFO9007", "2023-03-01", "Battles", "Wagner Group", fatalities=99, country="Burkina Faso"),
    ]


def test_absent_export_gives_none_and_says_what_the_section_would_show(tmp_path, monkeypatch):
    monkeypatch.setenv(ax.ENV, str(tmp_path / "nothing-here"))
    assert ax.find_exports() == [] and ax.analyse() is None
    text = ax.absent_markdown()
    assert "No ACLED export was found" in text and "Wagner Group" in text and "share" in text
    monkeypatch.delenv(ax.ENV)
    assert ax.export_folder() == ROOT / "private" / "acled"
    assert "`private/acled/`" in ax.absent_markdown()


def test_private_folder_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "private/" in ignored


def test_present_export_gives_wagner_aggregates(tmp_path, export_rows):
    write_csv(tmp_path / "2026-01-10_mali.csv", DYADIC, export_rows)
    a = ax.analyse(tmp_path)
    assert a.files == ["2026-01-10_mali.csv"] and a.events == 6
    assert a.civilians == "ACLED's 'civilian targeting' flag"
    t = a.totals
    assert (t["wagner_events"], t["wagner_fatalities"], t["wagner_civilian_events"]) == (4, 337, 3)
    assert t["wagner_civilian_share"] == pytest.approx(0.75) and t["all_civilian_share"] == pytest.approx(3 / 6)
    y = a.by_year
    assert y.loc[2022, ["events", "wagner_events", "wagner_fatalities"]].tolist() == [4, 3, 317]
    assert y.loc[2022, "wagner_civilian_share"] == pytest.approx(2 / 3)
    assert y.loc[2023, ["events", "wagner_events", "wagner_fatalities"]].tolist() == [2, 1, 20]
    text = ax.present_markdown(a, tmp_path)
    assert "**4 events**" in text and "337 reported fatalities" in text and "75% of them" in text
    assert "50% of all events" in text and "2026-01-10_mali.csv" in text
    # aggregates only: no id, actor, place or note leaves the module
    published = y.to_csv() + repr(t) + text
    for leak in ("MLI9001", "note that must never", "Djenne", "Military Forces"):
        assert leak not in published


def test_monadic_export_is_deduplicated_and_flags_wagner_from_any_row(tmp_path):
    header = ["event_id_cnty", "event_date", "year", "event_type", "actor1", "assoc_actor_1", "inter1",
              "interaction", "country", "admin1", "notes", "fatalities"]
    rows = [["MLI8001", "27 March 2022", 2022, "Violence against civilians", FAMA, "Wagner Group", 1, 17, "Mali",
             "Mopti", "n", 40],
            ["MLI8001", "27 March 2022", 2022, "Violence against civilians", "Civilians (Mali)", "", 7, 17, "Mali",
             "Mopti", "n", 40],
            ["MLI8002", "2 April 2022", 2022, "Battles", "JNIM", "", 2, 12, "Mali", "Mopti", "n", 6],
            ["MLI8002", "2 April 2022", 2022, "Battles", FAMA, "Wagner Group", 1, 12, "Mali", "Mopti", "n", 6]]
    write_csv(tmp_path / "monadic.csv", header, rows)
    a = ax.analyse(tmp_path)
    assert a.events == 2                                     # four rows, two events
    assert (a.totals["wagner_events"], a.totals["wagner_fatalities"]) == (2, 46)   # not 92
    assert a.civilians.startswith("the event type")            # no civilian_targeting column
    assert a.totals["wagner_civilian_events"] == 1
    rows[1][-1] = 41
    write_csv(tmp_path / "monadic.csv", header, rows)
    with pytest.raises(DataValidationError, match="row 3, column 'fatalities'"):
        ax.analyse(tmp_path)


def test_overlapping_exports_count_each_event_once_from_the_newest(tmp_path, export_rows):
    write_csv(tmp_path / "2025-01_mali.csv", DYADIC, export_rows[:2])
    newer = [list(r) for r in export_rows[:1]]
    newer[0][-1] = 310                                      # revised fatalities in the newer download
    write_csv(tmp_path / "2026-01_mali.csv", DYADIC, newer)
    a = ax.analyse(tmp_path)
    assert a.events == 2 and a.totals["wagner_fatalities"] == 310 + 12


def test_bad_export_rows_are_named(tmp_path, export_rows):
    export_rows[2][4] = "Clashes"                            # not an ACLED event type, row 4
    write_csv(tmp_path / "x.csv", DYADIC, export_rows)
    with pytest.raises(DataValidationError, match="row 4, column 'event_type'"):
        ax.analyse(tmp_path)
