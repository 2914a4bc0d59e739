"""The build benchmark's arithmetic: the physical limit and the report's ratios (no build)."""

from __future__ import annotations

from minusma.book import bench


def test_limit_is_the_longest_chapter_when_it_outlasts_the_rest_on_the_other_core():
    lim = bench.physical_limit({"a": 9.0, "b": 2.0, "c": 3.0}, cores=2, sphinx=20.0)
    assert lim == {"execution": 9.0, "bound": "longest chapter", "sphinx": 20.0, "limit": 29.0}


def test_limit_is_the_sum_over_the_cores_when_chapters_are_even():
    lim = bench.physical_limit({"a": 6.0, "b": 5.0, "c": 5.0}, cores=2, sphinx=10.0)
    assert lim["execution"] == 8.0 and lim["bound"] == "sum / cores" and lim["limit"] == 18.0
    assert bench.physical_limit({"a": 6.0}, cores=1, sphinx=1.0)["limit"] == 7.0


def test_report_gives_the_limit_and_each_chapter_against_its_target():
    r = {
        "cpus": 2,
        "load_before": 1.0,
        "load_after": 1.5,
        "page_mb": {"chapters/a": 0.5},
        "bare_by_chapter": {"chapters/a": 4.0, "chapters/b": 12.0},
        "cores": 2,
        "limit": bench.physical_limit({"chapters/a": 4.0, "chapters/b": 12.0}, 2, 30.0),
    }
    r["ratios"] = {"cold/limit": 63.0 / 42.0, "cold/bare": 63.0 / 16.0, "noop/cold": 0.05, "one_table/cold": 0.3}
    text = bench.report(r)
    assert "physical limit of a cold build: 42.0 s = execution 12.0 s (longest chapter, 2 at a time)" in text
    assert "cold build / physical limit    1.50  ok (target <= 1.5)" in text
    assert "chapters/a                         4.0 s  ok" in text
    assert "chapters/b                        12.0 s  MISSED" in text
