"""The print edition and the phone rendering (issue 14): numbered figures and tables, nothing off the
page, front and back matter, type sizes.

- without a build: the three images of a chart, the caption of a table, source lines without commits;
- on the built site (`make book`; skipped if absent): every chart a numbered figure with its caption,
  every table numbered with a caption, phone images served;
- on the built PDF (`make pdf`; skipped if absent, unless MINUSMA_REQUIRE_PDF=1): lists of figures
  and tables, the executive summary in contents and bookmarks, every word inside the text block,
  back matter at most a quarter of the pages, charts printed with no type under 7 pt, no identifier
  hyphenated across lines, metadata (title with the edition, language, XMP) and the charts' alt text.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import subprocess
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from minusma.book.chapter import chart_version
from minusma.charts import render, style, table

from .conftest import ROOT

SITE = ROOT / "_build" / "html"
LATEX = ROOT / "_build" / "latex"
PDF = LATEX / "minusma-report.pdf"
needs_site = pytest.mark.skipif(not (SITE / "index.html").exists(), reason="book not built: run `make book`")

#: Charts whose phone image is still wider than 650 px (labels set beside a map or a timeline keep it
#: wide, so its type is smaller than 10 CSS px on a 390-px screen): their recipes need a phone layout
#: (``phone_fig`` of :func:`minusma.charts.render.render`: labels above the rows or inside the plot). Strict: a
#: chart listed here that passes fails the test. None left.
PHONE_PENDING: set[str] = set()


def _fig():
    fig, ax = style.new_figure()
    ax.bar([2014, 2015], [3, 4])
    ax.text(2014, 2, "tiny label", fontsize=5)
    return fig


def _chart(title="Violence rose after 2021", source="Source: test data, version 2025-04-04. Chart: test."):
    fig = _fig()
    return render.render(
        fig,
        name="t-chart",
        chapter="c",
        docname="chapters/c",
        title=title,
        subtitle="Sub, units",
        source=source,
        alt="Bars: 3 and 4.",
        data=pd.DataFrame({"y": [2014, 2015]}),
    )


def _png(data: bytes) -> Image.Image:
    import io

    return Image.open(io.BytesIO(data))


# --- without a build -----------------------------------------------------------------------------


def test_a_chart_has_a_shared_a_page_and_a_phone_image():
    c = _chart()
    share, page, phone = _png(c.png), _png(c.page_png), _png(c.phone_png)
    assert share.size[0] == page.size[0] == round(style.WIDTH_IN * style.DPI)
    assert share.size[1] > page.size[1]  # the page image leaves the title to the caption
    # about PHONE_WIDTH_IN wide (cut to what it draws, so that nothing sticks out of it)
    assert abs(phone.size[0] - style.PHONE_WIDTH_IN * style.DPI) <= 0.15 * style.PHONE_WIDTH_IN * style.DPI
    assert phone.size[1] / phone.size[0] > page.size[1] / page.size[0]  # taller in proportion
    # the figure is left as it was: a second render gives the same bytes
    assert _chart().page_png == c.page_png and _chart().phone_png == c.phone_png


def test_a_recipe_can_draw_the_phone_image_from_its_own_figure():
    # phone_fig: the phone image is drawn from it; the shared and page images from the figure alone
    c = _chart()
    fig, ax = style.new_figure(height=3.0, width=style.PHONE_WIDTH_IN)
    ax.bar([2014, 2015], [3, 4])
    ax.set_title("A long panel title set on the left, wider than the phone image", loc="left", fontsize=10)
    p = render.render(
        _fig(),
        name="t-chart",
        chapter="c",
        docname="chapters/c",
        title="Violence rose after 2021",
        subtitle="Sub, units",
        source="Source: test data, version 2025-04-04. Chart: test.",
        alt="Bars: 3 and 4.",
        data=pd.DataFrame({"y": [2014, 2015]}),
        phone_fig=fig,
    )
    assert p.page_png == c.page_png and p.png == c.png
    assert p.phone_png != c.phone_png
    assert _png(p.phone_png).size[0] <= 1.08 * style.PHONE_WIDTH_IN * style.DPI  # the left title is wrapped
    assert fig.axes[0].get_title(loc="left").count("\n") == 0  # and restored afterwards


def test_type_sizes_at_print_and_phone_size():
    # A4 text block 16.6 cm: the 7.2-inch page image prints at 91%, so 8 pt in the image is 7.3 pt.
    assert style.MIN_PT * style.PRINT_WIDTH_IN / style.WIDTH_IN >= 7
    # On a 390-px screen the phone image is shown about 358 CSS px wide (16 px margins).
    css_px_per_pt = 358 / (style.PHONE_WIDTH_IN * 72)
    assert style.PHONE_MIN_PT * css_px_per_pt >= 10
    fig, ax = style.new_figure()
    ax.text(0, 0, "tiny", fontsize=5)
    ax.tick_params(labelsize=6)
    undo = render._fit_text(fig, 8)
    assert ax.texts[0].get_fontsize() == 8 and ax.xaxis.get_major_ticks()[0].label1.get_fontsize() == 8
    render._restore_text(undo)
    assert ax.texts[0].get_fontsize() == 5  # the recipe's own sizes come back for the next image


def test_chart_html_serves_the_phone_image_and_carries_the_caption(monkeypatch):
    monkeypatch.setenv("MINUSMA_BOOK", "1")
    html = _chart(title='Deaths rose "sharply" & fast').html()
    assert '<source media="(max-width: 600px)" srcset="../downloads/c/phone/t-chart.png">' in html
    assert 'src="../downloads/c/page/t-chart.png"' in html and 'href="../downloads/c/t-chart.png"' in html
    assert 'data-title="Deaths rose &quot;sharply&quot; &amp; fast"' in html
    assert re.search(r'width="1080" height="\d+"', html)


def test_source_lines_name_versions_not_commits():
    with pytest.raises(ValueError, match="commit"):
        _chart(source="Source: IPI, version GitHub IPIDataLab/PPP_Loader commit 2653920. Chart: x.")
    assert chart_version("GitHub IPIDataLab/PPP_Loader commit 2653920 (2017-06-26)") == "of 2017-06-26"
    assert (
        chart_version("v2.3 (GitHub geopko/Geo-PKO-Shiny-Dashboard commit e64fa61, 2025-05-04)") == "v2.3 (2025-05-04)"
    )
    assert chart_version("2014-03-31 (GitHub IPIDataLab/PPP_Loader commit adec10c, read at 2653920)") == "2014-03-31"
    assert chart_version("25.1") == "25.1"


def test_a_table_with_a_caption_is_a_numbered_table_directive():
    t = table.Table(pd.DataFrame({"Year": [2014], "Killed": [30]}), caption="Killed by year", label="tbl-c-killed")
    md = t.markdown()
    assert md.startswith("::::{table} Killed by year\n:name: tbl-c-killed\n:widths: 7 9\n:class: longtable\n\n|")
    assert md.endswith("\n::::")
    # no caption: no number, but the same wrapping widths and page breaks
    frame = pd.DataFrame({"Event": ["a long description of what happened " * 3], "Change, months": [3]})
    wide = table.Table(frame).markdown()
    assert wide.startswith("::::{table} \n:widths: 74 10\n:class: longtable\n")
    # every column at least as wide as its longest word
    assert all(w >= 10 for w in table.column_widths(frame))


# --- on the built site ---------------------------------------------------------------------------


def _chapters():
    return sorted((SITE / "chapters").glob("*.html"))


@needs_site
def test_every_chart_is_a_numbered_figure_with_its_finding_as_caption():
    total = 0
    for page in _chapters():
        text = page.read_text(encoding="utf-8")
        starts = [
            (m.start(), m.group(1))
            for m in re.finditer(r'<figure class="[^"]*minusma-figure[^"]*" id="fig-([a-z0-9-]+)">', text)
        ]
        figures = [
            (label, text[at : (starts[i + 1][0] if i + 1 < len(starts) else len(text))])
            for i, (at, label) in enumerate(starts)
        ]
        charts = re.findall(r'<figure class="minusma-chart" id="chart-([a-z0-9-]+)"[^>]*data-title="([^"]*)"', text)
        assert len(figures) == len(charts), page.name
        for (label, body), (name, title) in zip(figures, charts):
            assert label.endswith(name), (page.name, label, name)
            caption = re.search(
                r'<span class="caption-number">Figure (\d+\.\d+) </span>'
                r'<span class="caption-text">(.*?)</span>',
                body,
                re.S,
            )
            assert caption, (page.name, name, "no number")
            assert unescape(caption.group(2)).replace("\u2019", "'") == unescape(title).replace("\u2019", "'"), (
                page.name,
                name,
            )
            phone = SITE / "downloads" / page.stem / "phone" / f"{name}.png"
            assert phone.exists(), phone
            fits = Image.open(phone).size[0] <= 650
            assert fits != (f"{page.stem}/{name}" in PHONE_PENDING), (phone, Image.open(phone).size)
        total += len(charts)
    assert total >= 25


def _table_captions(page: Path) -> tuple[int, int]:
    text = page.read_text(encoding="utf-8")
    body = text[text.find("<main") :]
    # The key figures that moved are filled in after Sphinx numbers the tables (they need every
    # chapter's figures): captioned, not numbered.
    tables = body.count("<table") - body.count('<table class="minusma-key-figure-changes')
    captioned = len(
        re.findall(r'<table[^>]*>\s*<caption><span class="caption-number">Table \d+(?:\.\d+)? </span>', body)
    )
    return tables, captioned


@needs_site
@pytest.mark.parametrize(
    "chapter", ["mission", "casualties", "wagner", "withdrawal", "methods", "glossary", "changes", "data"]
)
def test_every_table_is_numbered_with_a_caption(chapter):
    tables, captioned = _table_captions(SITE / "chapters" / f"{chapter}.html")
    assert tables == captioned, f"{chapter}: {tables - captioned} of {tables} tables without number and caption"


# --- on the built PDF ----------------------------------------------------------------------------


def _run(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def _pages(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))


def test_pdf_lists_figures_and_tables_and_numbers_every_chart(pdf):
    text = _run("pdftotext", str(pdf), "-")
    assert "LIST OF FIGURES" in text.upper() and "LIST OF TABLES" in text.upper()
    lof = (LATEX / "minusma-report.lof").read_text(encoding="utf-8")
    charts = len(list((SITE / "downloads").glob("*/page/*.png"))) if SITE.exists() else 25
    assert lof.count("\\contentsline {figure}") >= charts >= 25
    tex = (LATEX / "minusma-report.tex").read_text(encoding="utf-8")
    # every chart image is inside a figure float with a caption
    assert tex.count("\\sphinxincludegraphics") == tex.count("\\caption{") - tex.count("\\sphinxcaption{") or len(
        re.findall(r"\\begin\{figure\}.*?\\sphinxincludegraphics.*?\\caption\{", tex, re.S)
    ) == tex.count("\\sphinxincludegraphics")
    assert re.search(r"Figure 2\.1: ", text)


def test_pdf_executive_summary_is_in_contents_and_bookmarks(pdf):
    toc = (LATEX / "minusma-report.toc").read_text(encoding="utf-8")
    assert "{chapter}{Executive summary}" in toc
    out = (LATEX / "minusma-report.out").read_bytes().decode("utf-8", "replace").replace("\\040", " ")
    assert "Executive summary" in out and "List of figures" in out
    info = _run("pdfinfo", str(pdf))
    assert "MINUSMA, 2013–2023" in info and re.search(r"Subject:\s+Edition \d", info)
    first = _run("pdftotext", "-f", "1", "-l", "1", str(pdf), "-")
    assert "How to cite" in first


def test_pdf_has_no_site_only_material(pdf):
    text = _run("pdftotext", str(pdf), "-")
    for site_only in (
        "a CSV beneath each chart",
        "Download: data (CSV)",
        "Show code cell source",
        "The data in full\n\nThis appendix",
        "[0.1.0] - 2026",
    ):
        assert site_only not in text, site_only


def _words_outside(pdf: Path) -> list[str]:
    """Words of the PDF outside the page or its text block (with the running head and foot)."""
    html = _run("pdftotext", "-bbox", str(pdf), "-")
    out = []
    for n, page in enumerate(re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S), 1):
        w, h, body = float(page[0]), float(page[1]), page[2]
        # sphinxsetup hmargin 2.2 cm each side: the block is 62.4 pt to w - 62.4 pt; 1 pt tolerance.
        left, right = 2.2 / 2.54 * 72 - 1.5, w - 2.2 / 2.54 * 72 + 1.5
        for m in re.finditer(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', body
        ):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            if x0 < left or x1 > right or y0 < 0 or y1 > h:
                out.append(f"page {n}: {unescape(m.group(5))!r} at x {x0:.0f}-{x1:.0f}, y {y0:.0f}-{y1:.0f}")
    return out


def test_pdf_no_word_outside_the_text_block(pdf):
    outside = _words_outside(pdf)
    assert not outside, f"{len(outside)} words outside the text block, e.g. " + "; ".join(outside[:8])


def test_pdf_back_matter_is_at_most_a_quarter(pdf):
    toc = (LATEX / "minusma-report.toc").read_text(encoding="utf-8")
    # The back matter starts with the first chapter after the report's own (the first part of _toc.yml).
    import yaml

    first_back = len(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["parts"][0]["chapters"]) + 1
    start = re.search(r"\\contentsline \{chapter\}\{\\numberline \{%d\}[^\n]*\}\{(\d+)\}\{chapter" % first_back, toc)
    assert start, f"no chapter {first_back} in the contents"
    start = start.group(1)
    total = _pages(pdf)
    # logical page numbers: arabic numbering starts after the front matter (title, contents, lists)
    front = total - _last_arabic_page(pdf)
    back = total - (front + int(start) - 1)
    assert back / total <= 0.25, f"back matter {back} of {total} pages ({back / total:.0%})"


def _last_arabic_page(pdf: Path) -> int:
    last = _run("pdftotext", "-f", str(_pages(pdf)), "-l", str(_pages(pdf)), "-layout", str(pdf), "-")
    return int(re.findall(r"(\d+)\s*$", last.strip())[-1])


def test_pdf_prints_chart_type_at_7_pt_or_more(pdf):
    listing = _run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    charts = [line.split() for line in listing if line.split()[2] == "image" and int(line.split()[3]) >= 1000]
    assert len(charts) >= 25
    for c in charts:
        x_ppi = float(c[12])
        # the chart's smallest type is style.MIN_PT at style.DPI pixels per inch
        assert style.MIN_PT * style.DPI / x_ppi >= 7, f"page {c[0]}: chart printed at {x_ppi} ppi"


def test_addresses_with_html_entities_are_decoded():
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from minusma.book.figures import DecodeAddresses

    doc = new_document("t", get_default_settings(Parser))
    para = nodes_paragraph_with_link(doc, "https://x.org/a?s=1&amp;m=rss&#38;c=2")
    t = DecodeAddresses(doc)
    t.apply()
    ref = para.children[0]
    assert ref["refuri"] == "https://x.org/a?s=1&m=rss&c=2" and ref.astext() == "https://x.org/a?s=1&m=rss&c=2"


def nodes_paragraph_with_link(doc, uri):
    from docutils import nodes

    para = nodes.paragraph()
    para += nodes.reference(uri, uri, refuri=uri)
    doc += para
    return para


def test_chart_text_is_typeset_for_print():
    assert (
        render.typeset("The UN's \"peak\", 2018-2020, fiscal 2013/14-2022/23; contingents' rates")
        == "The UN\u2019s \u201cpeak\u201d, 2018\u20132020, fiscal 2013/14\u20132022/23; contingents\u2019 rates"
    )
    assert render.typeset("retrieved 2026-11-29") == "retrieved 2026-11-29"  # ISO dates stay


def _pdf_streams(pdf: Path) -> list[bytes]:
    """The PDF's bytes and each of its streams inflated (the catalogue and the pages' content are compressed)."""
    import zlib

    data = pdf.read_bytes()
    streams = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        with contextlib.suppress(zlib.error):
            streams.append(zlib.decompress(data[m.end() : data.find(b"endstream", m.end())]))
    return streams


def test_pdf_metadata_names_title_edition_and_language(pdf):
    version = (ROOT / "VERSION").read_text(encoding="utf-8").strip()
    info = _run("pdfinfo", str(pdf))
    assert re.search(r"^Title:\s+MINUSMA, 2013–2023: .*, edition %s$" % re.escape(version), info, re.M), info
    assert re.search(
        r"^Subject:\s+Edition %s, (released \d+ \w+ \d{4}|not yet released)\. An open" % version, info, re.M
    )
    assert re.search(r"^Author:\s+The MINUSMA report$", info, re.M)
    assert re.search(r"^Keywords:\s+MINUSMA, Mali, peacekeeping", info, re.M)
    streams = _pdf_streams(pdf)
    assert any(b"/Lang(en)" in s or b"/Lang (en)" in s for s in streams)
    assert any(re.search(rb"/DisplayDocTitle ?true", s) for s in streams)  # viewers show the title
    xmp = _run("pdfinfo", "-meta", str(pdf))  # the XMP packet (hyperxmp)
    assert re.search(r"<dc:language>\s*<rdf:Bag>\s*<rdf:li>en</rdf:li>", xmp)
    assert f"edition {version}</rdf:li>" in xmp and "creativecommons.org/licenses/by/4.0/" in xmp


def test_pdf_charts_carry_their_alt_text(pdf):
    # Each chart's image sits in a marked-content sequence /Span <</Alt <FEFF...>>> BDC ... EMC.
    alts = []
    for s in _pdf_streams(pdf)[1:]:
        for m in re.finditer(rb"/Span <</Alt <FEFF([0-9A-F]*)>>> BDC(.*?)EMC", s, re.S):
            alts.append((bytes.fromhex(m.group(1).decode()).decode("utf-16-be"), m.group(2)))
    charts = len(list((SITE / "downloads").glob("*/page/*.png"))) if SITE.exists() else 25
    assert len(alts) >= charts >= 25
    assert all(len(text) >= 30 and re.search(rb"/\w+ Do", body) for text, body in alts)  # the image inside
    assert any("Ménaka" in text or "Ségou" in text or "’" in text for text, _ in alts)  # encoded as UTF-16


def _hyphenated_identifiers(pdf: Path) -> list[str]:
    """Identifiers broken across lines with a hyphen, from ``pdftohtml -xml`` (text lines with their fonts).

    A line that ends in a letter or digit and "-" is an identifier hyphenated when it is set in
    monospace (whose identifiers are never hyphenated and whose own hyphens never break), or when
    the word it breaks, joined with the start of the next line, holds an underscore or a slash
    (``corin-`` / ``nee/UN_Peacekeeping_Analytics``). Web addresses that break at one of their own
    hyphens are not counted.
    """
    xml = _run("pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf))
    out = []
    for number, page in re.findall(r'<page number="(\d+)"(.*?)</page>', xml, re.S):
        fonts = dict(re.findall(r'<fontspec id="(\d+)" size="[^"]*" family="([^"]*)"', page))
        texts = re.findall(r'<text top="(\d+)" left="\d+" width="\d+" height="\d+" font="(\d+)">(.*?)</text>', page)
        for (top, font, body), (next_top, _, next_body) in itertools.pairwise(texts):
            words = unescape(re.sub(r"<[^>]+>", "", body)).split()
            following = unescape(re.sub(r"<[^>]+>", "", next_body)).split()
            if not words or not following or int(next_top) <= int(top) or not re.search(r"\w-$", words[-1]):
                continue
            href = re.search(r'<a href="([^"]*)"', body)
            if href and (words[-1] + following[0]) in unescape(href.group(1)):
                continue  # an address broken at its own hyphen
            joined = words[-1][:-1] + following[0]
            if "Mono" in fonts.get(font, "") or "_" in joined or "/" in joined:
                out.append(f"page {number}: {words[-1]} / {following[0]}")
    return out


def test_pdf_no_identifier_is_hyphenated_across_lines(pdf):
    found = _hyphenated_identifiers(pdf)
    assert not found, f"{len(found)} identifiers hyphenated across lines: " + "; ".join(found[:8])


def test_identifiers_of_running_text_are_set_without_hyphenation():
    from minusma.book import pdf as book_pdf

    def idents(text):
        return [m.group(0) for m in book_pdf.IDENTIFIER.finditer(text)]

    assert idents("GitHub corinnee/UN_Peacekeeping_Analytics commit 1167cb2") == ["corinnee/UN_Peacekeeping_Analytics"]
    assert idents("retrieved 2026-11-29; see requirements.txt and snapshots/<folder>.yaml") == [
        "2026-11-29",
        "requirements.txt",
        "snapshots/<folder>.yaml",
    ]
    # fiscal years, versions, abbreviations and the inside of an address are not identifiers
    assert idents("fiscal 2013/14, Geo-PKO v2.3, U.N. troops, e.g. ucdp.uu.se, https://x.org/a_b") == []
    assert (
        book_pdf.identifier_tex("acled_mali-x/y") == r"\minusmaident{acled\_\allowbreak{}mali\mbox{-}x/\allowbreak{}y}"
    )
    assert book_pdf.identifier_tex("_a") == r"\minusmaident{\_a}"  # no break point at either end
    assert book_pdf.alt_hex("Ségou") == "FEFF" + "0053 00E9 0067 006F 0075".replace(" ", "")


def test_pdf_title_and_subject_name_the_edition():
    import datetime as dt

    from minusma.book import pdf as book_pdf
    from minusma.edition import version as edition

    ed = edition.Edition("2.0.1", "2026-11-29", dt.date(2026, 12, 3), "abc1234567", False, "0123456789ab")
    assert book_pdf.pdf_title(ed, "MINUSMA") == "MINUSMA, edition 2.0.1"
    assert book_pdf.pdf_subject(ed, "An open report.") == "Edition 2.0.1, released 29 November 2026. An open report."
    draft = edition.Edition("2.0.1", "", dt.date(2026, 12, 3), "abc1234567", False, "0123456789ab")
    assert book_pdf.pdf_subject(draft) == "Edition 2.0.1, not yet released."
    preamble = book_pdf.latex_preamble(ed, "MINUSMA", "The MINUSMA report", "An open report.")
    assert "pdftitle={MINUSMA, edition 2.0.1}" in preamble and "pdflang={en}" in preamble
    assert "pdfsubject={Edition 2.0.1, released 29 November 2026. An open report.}" in preamble
    assert r"\usepackage{hyperxmp}" in preamble and "keeppdfinfo" in preamble and "pdfdisplaydoctitle=true" in preamble
