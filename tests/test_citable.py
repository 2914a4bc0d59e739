"""What a reader sees cites only what a reader can cite, and never a working note or a note about the build.

Issue 10: no citation of Sputnik, Teller Report, Particle News, Statista, OODA Loop, News Ghana, IBNS
(indiablooms), 24heureinfo, Wikipedia or WikiMili anywhere in the book (the site, its downloads and the
PDF); no working notes of the compiler ("to be confirmed", "an AI-generated summary", "from general
knowledge", "recollection", "title not in excerpt"); no sentence about the build ("No ACLED export was
found ..."); and none of the errors a reader found in edition 0.1.0.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from minusma.data.derive.citations import host, reader_title

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "latex" / "minusma-report.pdf"

#: Outlets of curated/uncitable_sources.csv, by name, as they would appear in a citation.
OUTLETS = (
    "Sputnik",
    "Teller Report",
    "Particle News",
    "Statista",
    "OODA Loop",
    "News Ghana",
    "IBNS",
    "indiablooms",
    "24heureinfo",
    "Wikipedia",
    "WikiMili",
)

#: The compiler's working notes and notes about the build, which a published page never shows.
WORKING_NOTES = (
    "to be confirmed",
    "not yet confirmed",
    "AI-generated",
    "from general knowledge",
    "recollection",
    "1 are new",
    "title not in excerpt",
    "title not shown",
    "not in store",
    "No ACLED export",
    "when this page was built",
    "(this repository",
)

#: Statements of edition 0.1.0 that its own data contradict (issue 10).
ERRORS = (
    "no event-level data after 2020 names Wagner",  # ACLED codes the Wagner Group; UCDP a joint actor from 2024
    "rights chief",  # the director of MINUSMA's human-rights division was expelled
    "as MINUSMA as a whole",  # the Chad chart compares with all contingents, 2014-2019
    "tell the same story",  # UCDP's located events show an overall fall
    "had seen in decades",  # computed from IPI strength back to 1990 instead
    "south-west",  # one grouping of regions: Ségou is in the centre
)

needs_site = pytest.mark.skipif(not (SITE / "index.html").exists(), reason="book not built: run `make book`")


def domains() -> list[str]:
    with open(ROOT / "curated" / "uncitable_sources.csv", encoding="utf-8") as f:
        return [r["domain"] for r in csv.DictReader(f)]


def page_text(path: Path) -> str:
    """The text a reader sees on a page: tags, scripts and styles removed, entities decoded."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def addresses(path: Path) -> list[str]:
    """Every web address in a file (links, and addresses written out)."""
    raw = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
    return re.findall(r"https?://[^\s\"'<>)\]]+", raw)


def published_files() -> list[Path]:
    return [
        p
        for p in SITE.rglob("*")
        if p.suffix in (".html", ".csv", ".json", ".txt") and "_static" not in p.parts and "_sources" not in p.parts
    ]


def hits(text: str, needles, *, words: bool = False) -> list[str]:
    out = []
    for n in needles:
        pattern = (r"\b" + re.escape(n) + r"\b") if words else re.escape(n)
        for m in re.finditer(pattern, text, flags=re.I):
            out.append(text[max(0, m.start() - 60) : m.end() + 40].replace("\n", " "))
    return out


def test_the_policy_catches_every_outlet_and_its_subdomains():
    doms = domains()
    for url in (
        "https://fr.sputniknews.africa/x",
        "https://en.m.wikipedia.org./wiki/Kidal_offensive",
        "http://www.tellerreport.com/news",
        "https://particle.news/story/x",
        "http://24heureinfo.com/a",
    ):
        h = host(url)
        assert any(h == d or h.endswith("." + d) for d in doms), url
    assert host("https://press.un.org/en/2023/sc15341.doc.htm") == "press.un.org"
    assert reader_title("UN page (title not shown in stored copy)") == "[UN page]"


@needs_site
def test_no_page_or_download_cites_an_outlet_the_report_does_not_cite():
    bad = []
    doms = domains()
    for p in published_files():
        for url in addresses(p):
            h = host(url)
            if any(h == d or h.endswith("." + d) for d in doms):
                bad.append(f"{p.relative_to(SITE)}: {url}")
        if p.suffix == ".html":
            bad += [f"{p.relative_to(SITE)}: {h}" for h in hits(page_text(p), OUTLETS, words=True)]
    assert not bad, "\n".join(bad[:20])


@needs_site
def test_no_page_shows_a_working_note_a_build_note_or_a_known_error():
    bad = []
    for p in SITE.rglob("*.html"):
        if "_static" in p.parts:
            continue
        text = page_text(p)
        bad += [f"{p.relative_to(SITE)}: {h}" for h in hits(text, WORKING_NOTES + ERRORS)]
    for p in [SITE / "key-figures.csv", *SITE.glob("downloads/*/*.csv")]:
        bad += [f"{p.relative_to(SITE)}: {h}" for h in hits(p.read_text(encoding="utf-8"), WORKING_NOTES + ERRORS)]
    assert not bad, "\n".join(bad[:20])


@pytest.mark.skipif(not PDF.exists() or shutil.which("pdftotext") is None, reason="PDF not built: run `make pdf`")
def test_the_pdf_cites_no_such_outlet_and_shows_no_working_note():
    text = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"-\n", "", text).replace("\n", " ")
    bad = hits(flat, OUTLETS, words=True) + hits(flat, WORKING_NOTES + ERRORS) + hits(flat, domains())
    assert not bad, "\n".join(bad[:20])
