"""Downloads that describe themselves: key-figures.csv (ISO dates, text, schema) and the charts' data package."""

from __future__ import annotations

import datetime as dt
import json

import frictionless
import pytest

from minusma.book import downloads
from minusma.book.keyfigures import KeyFigure


@pytest.mark.parametrize(
    "value, expected",
    [
        (1234, ("1234", "integer")),
        (0.5, ("0.5", "number")),
        ("17 January 2012", ("2012-01-17", "date")),
        ("1 July 2013", ("2013-07-01", "date")),
        ("October 2022", ("2022-10", "yearmonth")),
        ("2025-04-04", ("2025-04-04", "date")),
        ("2023-06-30 00:00:00", ("2023-06-30", "date")),
        (dt.date(2023, 6, 30), ("2023-06-30", "date")),
        ("Chad, Togo, Niger, Senegal and Burkina Faso", ("Chad, Togo, Niger, Senegal and Burkina Faso", "string")),
        ("31 February 2023", ("31 February 2023", "string")),  # not a date
        ("Bangladesh 2019", ("Bangladesh 2019", "string")),
    ],
)
def test_values_are_written_with_iso_dates_and_their_type(value, expected):
    assert downloads.iso_value(value) == expected


FIGURES = [
    KeyFigure("cas_total", 311, "311", "fatalities", "casualties", "UN fatalities table, version 2025-04-04"),
    KeyFigure("cas_share", 0.523, "52%", "share of fatalities in malicious acts", "casualties", "UN table"),
    KeyFigure(
        "cas_first_death", "22 August 2013", "22 August 2013", "date of the first fatality", "casualties", "UN table"
    ),
    KeyFigure("wag_peak_month", "March 2022", "March 2022", "month with most fatalities", "wagner", "ACLED"),
    KeyFigure("mis_top", "Bangladesh", "Bangladesh", "largest non-African contributor", "mission", "RADPKO"),
]


def test_key_figures_csv_holds_text_beside_iso_value_and_validates_against_its_schema(tmp_path):
    text = downloads.key_figures_csv(FIGURES)
    lines = text.splitlines()
    assert lines[0] == "name,value,text,unit,chapter,source,type"
    assert lines[1] == 'cas_total,311,311,fatalities,casualties,"UN fatalities table, version 2025-04-04",integer'
    assert lines[3].startswith("cas_first_death,2013-08-22,22 August 2013,")
    assert lines[4].startswith("wag_peak_month,2022-03,March 2022,") and lines[4].endswith(",yearmonth")
    (tmp_path / "key-figures.csv").write_text(text, encoding="utf-8")
    (tmp_path / downloads.KEY_FIGURES_SCHEMA).write_text(json.dumps(downloads.key_figures_schema()), encoding="utf-8")
    report = frictionless.Resource(
        path="key-figures.csv", schema=downloads.KEY_FIGURES_SCHEMA, basepath=str(tmp_path)
    ).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # The schema catches a repeated name.
    (tmp_path / "key-figures.csv").write_text(text + lines[1] + "\n", encoding="utf-8")
    report = frictionless.Resource(
        path="key-figures.csv", schema=downloads.KEY_FIGURES_SCHEMA, basepath=str(tmp_path)
    ).validate()
    assert not report.valid and "primary-key" in {e[0] for e in report.flatten(["type"])}


PACKAGE = {
    "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International"}],
    "resources": [
        {
            "name": "fatalities_minusma",
            "licenses": [
                {
                    "name": "CC-BY-3.0-IGO",
                    "title": "Creative Commons Attribution 3.0 IGO",
                    "path": "https://creativecommons.org/licenses/by/3.0/igo/",
                }
            ],
            "sources": [
                {
                    "title": "Mission Fatalities",
                    "publisher": "United Nations",
                    "version": "2025-04-04",
                    "retrieved": "2026-11-29",
                    "licence": "Creative Commons Attribution 3.0 IGO",
                    "credit": "UN Peace and Security Data Hub (DPPA/DPO), Mission Fatalities",
                    "path": "https://x",
                }
            ],
        },
        {
            "name": "ucdp_mali",
            "licenses": [
                {
                    "name": "CC-BY-4.0",
                    "title": "Creative Commons Attribution 4.0 International",
                    "path": "https://creativecommons.org/licenses/by/4.0/",
                }
            ],
            "sources": [
                {
                    "title": "UCDP GED",
                    "publisher": "Uppsala University",
                    "version": "25.1",
                    "retrieved": "2026-11-29",
                    "licence": "Creative Commons Attribution 4.0 International",
                    "credit": "UCDP GED 25.1 (CC BY 4.0)",
                    "path": "https://y",
                }
            ],
        },
    ],
}

CHART = {
    "name": "fatalities-by-year",
    "chapter": "casualties",
    "docname": "chapters/casualties",
    "title": "Malicious acts killed most in 2019",
    "subtitle": "MINUSMA fatalities per year, by type",
    "alt": "Bar chart of fatalities per year.",
    "note": "2023 ends on 30 June.",
    "source": "Source: UN Peace and Security Data Hub (DPPA/DPO), Mission Fatalities, version 2025-04-04, "
    "retrieved 2026-11-29. Chart: The MINUSMA report.",
    "csv": "year,type,fatalities,share\n2019,Malicious Act,29,0.5\n2020,Illness,3,\n",
}


def test_each_chart_csv_gets_title_units_sources_licence_and_columns(tmp_path):
    inputs = {"chapters/casualties": ["fatalities_minusma", "ucdp_mali"]}
    pkg = downloads.chart_package([CHART], PACKAGE, inputs)
    (res,) = pkg["resources"]
    assert res["name"] == "casualties-fatalities-by-year" and res["path"] == "casualties/fatalities-by-year.csv"
    assert res["title"] == "Malicious acts killed most in 2019"
    assert res["units"] == "MINUSMA fatalities per year, by type"
    assert res["note"] == "2023 ends on 30 June."
    # Only the source the line credits (not UCDP, also an input of the chapter), with its licence.
    assert [s["title"] for s in res["sources"]] == ["Mission Fatalities"]
    assert res["licenses"] == [PACKAGE["resources"][0]["licenses"][0]]
    assert res["schema"]["fields"] == [
        {"name": "year", "type": "integer"},
        {"name": "type", "type": "string"},
        {"name": "fatalities", "type": "integer"},
        {"name": "share", "type": "number"},
    ]
    # A source line that credits no table's source (written by hand) falls back to all the inputs' sources.
    hand = dict(CHART, source="Source: the report's fact base.")
    (res,) = downloads.chart_package([hand], PACKAGE, inputs)["resources"]
    assert len(res["sources"]) == 2 and len(res["licenses"]) == 2
    # The package is valid Frictionless and each CSV matches its schema.
    (tmp_path / "casualties").mkdir()
    (tmp_path / res["path"]).write_text(CHART["csv"], encoding="utf-8")
    (tmp_path / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    report = frictionless.Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
