"""ACLED's terms: nothing published (data/, the built site and its downloads) holds raw ACLED rows.

Three checks on every published text file: no ACLED event id (``MLI1234``), no
CSV whose header has an event-level column (``event_id_cnty``, ``notes``,
``actor1``...), and no run of 12 words copied from an ACLED event note (the
notes are read from the raw event-level extracts, when present). A first
test plants each kind of leak in a temporary folder and checks that the
scanner finds it, so that the scan cannot pass by finding nothing.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from minusma.data import sources
from minusma.paths import sources_dir

from .conftest import ROOT

SITE = ROOT / "_build" / "html"
DATA = ROOT / "data"
#: Files that can carry text (the rest: images, fonts, compiled translations).
TEXT_SUFFIXES = {".html", ".csv", ".json", ".js", ".txt", ".md", ".ipynb", ".svg", ".map", ".css", ".tex", ".xml"}
#: ACLED event ids: country code and event number (MLI4437, BFA1203, NER88).
EVENT_ID = re.compile(r"\b(?:MLI|BFA|NER|MRT|SEN|GIN|CIV|DZA)\d{1,6}\b")
#: Columns of event-level ACLED rows (a CSV with the id or two of them is taken for raw rows).
EVENT_COLUMNS = {
    "event_id_cnty",
    "event_id_no_cnty",
    "data_id",
    "notes",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    "sub_event_type",
    "geo_precision",
    "source_scale",
    "timestamp",
}
SHINGLE = 12
#: Every event-level ACLED extract of the snapshot, the dyadic export of 2015 - March 2023 (actor columns) included.
EVENT_FILES = ("acled_mli_events_1997_2020", "acled_mli_events_2017_2020", "acled_mli_events_2015_2023")


def published_files(*folders: Path) -> list[Path]:
    return sorted(
        p for f in folders if f.exists() for p in f.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
    )


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def note_shingles(paths) -> set[tuple[str, ...]]:
    """Every run of SHINGLE words of every ACLED note in the raw extracts."""
    out: set[tuple[str, ...]] = set()
    for p in paths:
        for note in pd.read_csv(p, usecols=["notes"], dtype=str)["notes"].dropna():
            out |= _shingles(_words(note))
    return out


def scan(files: list[Path], notes: set[tuple[str, ...]]) -> list[str]:
    """Return one line per leak found: file, kind, and what was found."""
    leaks = []
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        for m in sorted(set(EVENT_ID.findall(text)))[:3]:
            leaks.append(f"{p}: ACLED event id {m}")
        if p.suffix.lower() == ".csv":
            header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
            bad = EVENT_COLUMNS & {h.strip() for h in header}
            # one such name alone ('notes' in a fact table) is not a row of ACLED; an id or two of them are
            if "event_id_cnty" in bad or len(bad) >= 2:
                leaks.append(f"{p}: event-level ACLED columns {sorted(bad)}")
        if notes:
            hit = _shingles(_words(text)) & notes
            if hit:
                leaks.append(f"{p}: text of an ACLED event note: {' '.join(next(iter(hit)))!r}")
    return leaks


@pytest.fixture(scope="module")
def notes():
    paths = [sources_dir() / sources.get(s).path for s in EVENT_FILES]
    if not all(p.exists() for p in paths):
        pytest.skip(f"raw ACLED extracts not found under {sources_dir()}: note text cannot be checked")
    return note_shingles(paths)


def test_the_scanner_finds_each_kind_of_leak(tmp_path, notes):
    raw = pd.read_csv(sources_dir() / sources.get(EVENT_FILES[0]).path, nrows=3)
    (tmp_path / "page.html").write_text(f"<p>As ACLED put it: {raw['notes'].iloc[0]}</p>", encoding="utf-8")
    (tmp_path / "ids.json").write_text('{"event": "MLI4437"}', encoding="utf-8")
    raw[["event_date", "actor1", "notes", "fatalities"]].to_csv(tmp_path / "rows.csv", index=False)
    (tmp_path / "fine.csv").write_text("month,events,fatalities,notes\n2022-03,8,396,partial\n", encoding="utf-8")
    leaks = scan(published_files(tmp_path), notes)
    kinds = {(Path(line.split(":")[0]).name, line.split(": ", 1)[1].split(" ")[0]) for line in leaks}
    assert ("page.html", "text") in kinds
    assert ("ids.json", "ACLED") in kinds
    assert ("rows.csv", "event-level") in kinds and ("rows.csv", "text") in kinds
    assert not any("fine.csv" in line for line in leaks)


def test_data_folder_holds_no_raw_acled(notes):
    files = published_files(DATA)
    assert any(p.name == "acled_mali_cercle_month.csv" for p in files)
    assert any(p.name == "acled_vac_perpetrator_quarter.csv" for p in files)  # the actor-coded aggregates
    assert scan(files, notes) == []


def test_curated_alias_table_holds_names_only(notes):
    """The actor alias table lists actor names and classes: no event ids, rows or note text of ACLED."""
    path = ROOT / "curated" / "actor_aliases.csv"
    assert scan([path], notes) == []
    header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    assert header == ["dataset", "name", "actor_class", "note"]


@pytest.mark.skipif(not (SITE / "index.html").exists(), reason="book not built: run `make book` (make test does)")
def test_built_site_holds_no_raw_acled(notes):
    files = published_files(SITE)
    assert any(p.name == "wagner.html" for p in files)
    assert any(p.parent.name == "wagner" and p.suffix == ".csv" for p in files)  # the chart downloads
    assert scan(files, notes) == []


def _executed_chapter(slug: str) -> dict:
    """The chapter's latest executed notebook, with outputs, from the book's execution cache.

    (``_build/jupyter_execute/<doc>.ipynb`` has no outputs when myst-nb served the chapter from the cache.)
    """
    from jupyter_cache import get_cache

    cache = get_cache(str(ROOT / "_build" / ".jupyter_cache"))
    records = [r for r in cache.list_cache_records() if r.uri.endswith(f"chapters/{slug}.md")]
    assert records, f"chapters/{slug}.md is not in the execution cache"
    return cache.get_cache_bundle(max(records, key=lambda r: r.created).pk).nb


@pytest.mark.skipif(not (SITE / "index.html").exists(), reason="book not built: run `make book` (make test does)")
def test_every_acled_chart_credits_acled_with_the_download_date():
    page = (SITE / "chapters" / "wagner.html").read_text(encoding="utf-8")
    charts = re.findall(r'<figure class="minusma-chart" id="chart-([a-z0-9-]+)"', page)
    assert len(charts) >= 8
    nb = ROOT / "_build" / "html" / "downloads" / "wagner"
    acled_charts = {
        "monthly-violence",
        "period-rate-ratios",
        "map-fatalities-by-period",
        "spread-neighbours",
        "civilians-baseline",
        "moura-tolls",
        "restrictions-timeline",
        "acled-perpetrators",
        "wagner-events-monthly",
    }
    assert acled_charts <= set(charts)
    sources_of = {}
    for cell in _executed_chapter("wagner")["cells"]:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("minusma_chart")
            if meta:
                sources_of[meta["name"]] = meta["source"]
    for name in acled_charts:
        src = sources_of[name]
        assert "Armed Conflict Location & Event Data (ACLED), acleddata.com" in src, name
        assert re.search(r"downloaded (about )?(\d+ )?[A-Z][a-z]+ 20\d\d", src), (name, src)
        assert (nb / f"{name}.png").exists()
