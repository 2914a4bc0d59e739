"""Key figures, chapter inputs, timeline markers, periods and chart rendering (no book build)."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from minusma.analysis import periods, prose
from minusma.book import keyfigures
from minusma.book.chapter import Chapter, UndeclaredInputError, declared_inputs
from minusma.book.fingerprint import input_fingerprint
from minusma.charts import render, style, table, timeline
from minusma.data.load import load_table

from .conftest import ROOT


def test_key_figure_text_survives_glue_text_role():
    """{glue:text} literal-evals text/plain: a figure like 1,234 must not become a tuple."""
    from ast import literal_eval

    kf = keyfigures.KeyFigure("x", 1234, "1,234", "people", "c", "s")
    (data,) = [kf._repr_mimebundle_()]
    assert literal_eval(data["text/plain"]) == "1,234"
    parsed = keyfigures.from_glue({"x": {"data": {keyfigures.KeyFigure.MIME: data[keyfigures.KeyFigure.MIME]}}})
    assert parsed == [kf]


def test_register_checks_names_and_floats():
    with pytest.raises(ValueError, match="must match"):
        keyfigures.register("Bad-Name", 1, unit="u", chapter="c", source="s")
    with pytest.raises(ValueError, match="float"):
        keyfigures.register("share", 0.5, unit="u", chapter="c", source="s")
    with pytest.raises(ValueError, match="non-empty source"):
        keyfigures.register("n", 1, unit="u", chapter="c", source=" ")


def test_ordinal():
    assert [prose.ordinal(n) for n in (1, 2, 3, 11, 12, 21, 102)] == [
        "first",
        "second",
        "third",
        "11th",
        "12th",
        "21st",
        "102nd",
    ]


def test_chapter_refuses_undeclared_inputs():
    ch = Chapter("casualties")
    assert declared_inputs(ROOT / "chapters" / "casualties.md") == ch.inputs
    assert "fatalities_minusma" in ch.inputs
    with pytest.raises(UndeclaredInputError, match="does not declare it"):
        ch.load("no_such_table")


def test_fingerprint_changes_when_an_input_changes(tmp_path, monkeypatch):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    monkeypatch.setenv("MINUSMA_DATA", str(data))
    before, files = input_fingerprint(["timeline"])
    assert data / "timeline.csv" in files
    with open(data / "timeline.csv", "a", encoding="utf-8") as fh:
        fh.write("2026-01-01,day,2026-01-01,politics,test event,test,\n")
    after, _ = input_fingerprint(["timeline"])
    assert before[0] != after[0] and before[1:] == after[1:]
    other_before, _ = input_fingerprint(["fatalities_minusma"])
    assert other_before[0] == input_fingerprint(["fatalities_minusma"])[0][0]


def test_every_marker_matches_a_timeline_event():
    events = load_table("timeline")
    marks = timeline.markers(events, list(timeline.MARKERS))
    assert len(marks) == len(timeline.MARKERS)
    assert marks["date_start"].is_monotonic_increasing


def test_marker_for_missing_event_is_an_error():
    events = load_table("timeline")
    with pytest.raises(KeyError, match="no 'politics' event dated 2020-08-18"):
        timeline.markers(events[events["date"] != "2020-08-18"], ["coup_2020"])


def test_periods_are_contiguous_and_assign_dates():
    ps = periods.PERIODS
    for a, b in itertools.pairwise(ps):
        assert b.start - a.end == pd.Timedelta(days=1)
    got = periods.assign(
        pd.Series(pd.to_datetime(["2013-06-30", "2013-07-01", "2020-08-18", "2021-12-01", "2023-12-31", "2024-01-01"]))
    )
    assert list(got.astype(object).where(got.notna(), None)) == [
        None,
        "before_coups",
        "coups",
        "wagner_minusma",
        "wagner_minusma",
        "after_minusma",
    ]
    assert periods.get("wagner_minusma").months() == 25
    with pytest.raises(ValueError, match="open"):
        periods.get("after_minusma").months()


def test_periods_start_on_timeline_events():
    events = load_table("timeline")
    dates = set(events["date"])
    assert "2013-07-01" in dates and "2020-08-18" in dates and "2021-12" in dates and "2023-12-31" in dates


def _chart():
    fig, ax = style.new_figure()
    ax.bar([2014, 2015], [3, 4])
    return render.render(
        fig,
        name="t-chart",
        chapter="c",
        docname="chapters/c",
        title="Title",
        subtitle="Sub",
        source="Source: test.",
        alt="Bars: 3 and 4.",
        data=pd.DataFrame({"y": [2014, 2015]}),
    )


def test_chart_rendering_is_byte_identical():
    assert _chart().png == _chart().png


def test_chart_needs_alt_text_and_a_slug():
    fig, _ = style.new_figure()
    with pytest.raises(ValueError, match="alt"):
        render.render(
            fig, name="x", chapter="c", docname="c", title="t", subtitle="", source="s", alt="", data=pd.DataFrame()
        )
    with pytest.raises(ValueError, match="slug"):
        render.render(
            fig,
            name="Bad Name",
            chapter="c",
            docname="c",
            title="t",
            subtitle="",
            source="s",
            alt="a",
            data=pd.DataFrame(),
        )


def test_chart_html_links_to_downloads_in_the_book(monkeypatch):
    monkeypatch.setenv("MINUSMA_BOOK", "1")
    html = _chart().html()
    assert 'src="../downloads/c/page/t-chart.png"' in html and 'href="../downloads/c/t-chart.csv"' in html
    assert 'href="../downloads/c/t-chart.png"' in html  # the shared image, with its title drawn in
    assert 'alt="Bars: 3 and 4."' in html


def test_table_renders_as_markdown_table():
    md = table.Table(pd.DataFrame({"Country": ["Chad", "Côte d'Ivoire"], "Killed": [64, 4]})).markdown()
    lines = [line for line in md.splitlines() if line.startswith("|")]
    assert lines[0].startswith("| Country") and set(lines[1]) <= set("|:- ")
    assert "Côte d'Ivoire" in md
