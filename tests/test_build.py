"""The built book: it fails on a failing cell, and what it publishes is complete and reproducible.

`make test` builds the book (`make book`) before running these tests; the
tests that need the built site skip with a reason if `_build/html` is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from minusma.data.load import load_table

from .conftest import ROOT, copy_repo, run_book_build

SITE = ROOT / "_build" / "html"
needs_site = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="book not built: run `make book` (make test does)"
)


def chapter_files():
    return sorted((ROOT / "chapters").glob("*.md")) + [ROOT / "index.md"]


def glue_keys(path):
    return set(re.findall(r"\{glue:text\}`([a-z0-9_]+)(?::[^`]*)?`", path.read_text(encoding="utf-8")))


@pytest.mark.build
def test_a_failing_cell_fails_the_build(tmp_path):
    book = copy_repo(tmp_path / "book")
    chapter = book / "chapters" / "casualties.md"
    text = chapter.read_text(encoding="utf-8")
    marker = 'ch = open_chapter("casualties")'
    chapter.write_text(text.replace(marker, marker + '\nraise RuntimeError("deliberate failure")', 1), encoding="utf-8")
    result = run_book_build(book)
    assert result.returncode != 0, result.stdout[-2000:]
    assert "deliberate failure" in result.stdout + result.stderr


@needs_site
def test_key_figures_csv_lists_every_glued_number():
    with open(SITE / "key-figures.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0].keys()) == ["name", "value", "text", "unit", "chapter", "source", "type"]
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))
    used = set().union(*(glue_keys(p) for p in chapter_files()))
    assert used <= set(names), f"glued in prose but not in key-figures.csv: {sorted(used - set(names))}"
    # Pages that paste another page's figures (the summary) paste registered figures of that chapter.
    chapter_of = {r["name"]: r["chapter"] for r in rows}
    for page in chapter_files():
        for doc, key in re.findall(r"\{glue:text\}`([^`]+?\.md)::([a-z0-9_]+)(?::[^`]*)?`", page.read_text("utf-8")):
            assert chapter_of.get(key) == Path(doc).stem, (page.name, doc, key)
    for r in rows:
        assert r["value"] != "" and r["unit"] and r["source"] and r["chapter"], r


@needs_site
def test_key_figures_csv_and_chart_csvs_describe_themselves():
    """key-figures.csv: ISO dates beside the text the prose shows, valid against its schema; the chart CSVs:
    a valid data package giving each one's title, units, sources and licence.
    """
    import frictionless

    report = frictionless.Resource(
        path="key-figures.csv", schema="key-figures.schema.json", basepath=str(SITE)
    ).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    with open(SITE / "key-figures.csv", encoding="utf-8", newline="") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh)}
    dates = [r for r in rows.values() if r["type"] == "date"]
    assert dates and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["value"]) for r in dates)
    # The date of the first MINUSMA fatality, as the prose gives it and in ISO form.
    first = rows["cas_first_death"]
    assert first["type"] == "date" and dt.date.fromisoformat(first["value"]).strftime("%-d %B %Y") == first["text"]
    package = frictionless.Package(str(SITE / "downloads" / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    csvs = sorted(p.relative_to(SITE / "downloads").as_posix() for p in (SITE / "downloads").glob("*/*.csv"))
    described = package.to_dict()["resources"]
    assert sorted(r["path"] for r in described) == csvs
    for r in described:
        assert r["title"] and r["units"] and r["sources"] and r["licenses"], r["name"]


@needs_site
def test_key_figures_agree_with_the_data():
    with open(SITE / "key-figures.csv", encoding="utf-8", newline="") as fh:
        kf = {r["name"]: r["value"] for r in csv.DictReader(fh)}
    deaths = load_table("fatalities_minusma")
    assert int(kf["cas_total"]) == len(deaths)
    assert int(kf["cas_malicious"]) == int((deaths["incident_type"] == "Malicious Act").sum())


@needs_site
def test_every_chart_has_its_png_csv_and_alt_text():
    page = (SITE / "chapters" / "casualties.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="minusma-chart" id="chart-([a-z0-9-]+)"[^>]*>(.*?)</figure>', page, re.S)
    assert len(figures) >= 5
    for name, body in figures:
        png = SITE / "downloads" / "casualties" / f"{name}.png"
        data = SITE / "downloads" / "casualties" / f"{name}.csv"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert len(data.read_text(encoding="utf-8").splitlines()) >= 2, name
        alt = re.search(r'alt="([^"]*)"', body).group(1)
        assert len(alt) > 40, name


@needs_site
def test_no_unrendered_objects_in_pages():
    for page in SITE.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for bad in ("<pandas.io.formats.style.Styler", "<Figure size", "<minusma.", "Traceback"):
            assert bad not in text, (page.name, bad)


@pytest.mark.build
@needs_site
def test_a_clean_rebuild_gives_identical_figures_and_key_figures(tmp_path):
    """Same commit, fresh cache: charts, their CSVs and key-figures.csv are byte-identical."""
    book = copy_repo(tmp_path / "book")
    result = run_book_build(book)
    assert result.returncode == 0, result.stdout[-3000:]
    fresh = book / "_build" / "html"
    assert (fresh / "key-figures.csv").read_bytes() == (SITE / "key-figures.csv").read_bytes()

    def same_files_as_site():
        for folder in ("downloads", "data"):  # chart PNGs and CSVs; the published data tables
            ours = sorted(p.relative_to(SITE) for p in (SITE / folder).rglob("*") if p.is_file())
            theirs = sorted(p.relative_to(fresh) for p in (fresh / folder).rglob("*") if p.is_file())
            assert ours == theirs and ours, folder
            for rel in ours:
                assert (SITE / rel).read_bytes() == (fresh / rel).read_bytes(), rel

    same_files_as_site()
    # Again from the execution cache (pages re-read, nothing re-executed), as after `make pdf`:
    # the outputs come from the cache and the downloads must not change (minusma.book.publication).
    for name in ("html", ".doctrees", "jupyter_execute"):
        shutil.rmtree(book / "_build" / name)
    result = run_book_build(book)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Using cached notebook" in result.stdout + result.stderr
    assert (fresh / "key-figures.csv").read_bytes() == (SITE / "key-figures.csv").read_bytes()
    same_files_as_site()
    # The PDF of the same commit holds the same figures: its images are named by their sha256.
    if shutil.which("xelatex") and (ROOT / "_build" / "latex" / "minusma-report.pdf").exists():
        result = run_book_build(book, "--builder", "pdflatex")
        assert result.returncode == 0, result.stdout[-3000:]

        def pngs_in_pdf(latex: Path) -> set[str]:
            # the images the .tex includes (a folder built more than once keeps older ones)
            tex = "".join(t.read_text(encoding="utf-8") for t in latex.glob("*.tex"))
            return {p.name for p in latex.glob("*.png") if p.stem in tex}

        pngs = pngs_in_pdf(ROOT / "_build" / "latex")
        assert pngs and pngs == pngs_in_pdf(book / "_build" / "latex")
    shutil.rmtree(book / "_build")


@pytest.mark.build
def test_the_summary_follows_a_chapter_whose_figures_changed(tmp_path):
    """The front page pastes the Casualties chapter's figures. After a change to the chapter's input
    table, or to its code, an incremental build re-executes the chapter and the summary shows the
    new value. Sphinx rewrites the root page at every build anyway; for any other page that pastes
    (here a test page added to the copy), minusma.book.publication re-reads it when the chapter is re-read.
    """
    book = copy_repo(tmp_path / "book")
    (book / "chapters" / "pasting.md").write_text(
        "# Pasting\n\nThe UN recorded {glue:text}`casualties.md::cas_total:s` deaths.\n", encoding="utf-8"
    )
    toc = (book / "_toc.yml").read_text(encoding="utf-8")
    (book / "_toc.yml").write_text(
        toc.replace(
            "      - file: chapters/casualties\n", "      - file: chapters/casualties\n      - file: chapters/pasting\n"
        )
    )
    result = run_book_build(book)
    assert result.returncode == 0, result.stdout[-3000:]

    def summary(page: str = "index.html") -> str:
        return re.sub(r"\s+", " ", (book / "_build/html" / page).read_text(encoding="utf-8"))

    def key_figure(name: str) -> str:
        with open(book / "_build/html/key-figures.csv", encoding="utf-8", newline="") as fh:
            return {r["name"]: r["value"] for r in csv.DictReader(fh)}[name]

    table = book / "data" / "fatalities_minusma.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    n = len(lines) - 1
    assert f'recorded <span class="pasted-text">{n:,}</span> deaths' in summary()

    # 1. The data change: one person fewer in the chapter's input table.
    table.write_text("".join(lines[:-1]), encoding="utf-8")
    result = run_book_build(book)
    assert result.returncode == 0, result.stdout[-3000:]
    assert f'recorded <span class="pasted-text">{n - 1:,}</span> deaths' in summary()
    assert key_figure("cas_total") == str(n - 1)

    # 2. The code changes (the data do not, so the footer's data hash does not rewrite every page).
    chapter = book / "chapters" / "casualties.md"
    text = chapter.read_text(encoding="utf-8")
    marker = 'deaths = ch.load("fatalities_minusma")'
    assert text.count(marker) == 1
    chapter.write_text(text.replace(marker, marker + ".iloc[2:]  # test", 1), encoding="utf-8")
    result = run_book_build(book)
    assert result.returncode == 0, result.stdout[-3000:]
    assert f'recorded <span class="pasted-text">{n - 3:,}</span> deaths' in summary()
    assert f'recorded <span class="pasted-text">{n - 3:,}</span> deaths' in summary("chapters/pasting.html")
    assert re.search(r"re-reading [^\n]*\bchapters/pasting\b", result.stdout), result.stdout[-3000:]
    assert key_figure("cas_total") == str(n - 3)
    shutil.rmtree(book / "_build")
