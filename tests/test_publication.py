"""The publication: one edition number, generated methods pages, bibliography, summary, PDF, release.

Three groups:

- without a build: the edition files, the generated Markdown, the BibTeX, the release files;
- on the built site (`make book`; skipped if absent): footer, summary, methods, data downloads;
- on the built PDF (`make pdf`; skipped if absent, unless MINUSMA_REQUIRE_PDF=1 as in CI):
  title page, accented names, every chart, every table, no code, no missing glyphs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pybtex.database import parse_file, parse_string

from minusma.book import pages as docs
from minusma.book import pdf, publication
from minusma.data import sources
from minusma.data.load import load_table
from minusma.data.load import package as data_package
from minusma.edition import release
from minusma.edition import version as edition
from minusma.markup import md_escape as esc

from .conftest import ROOT

SITE = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "latex" / "minusma-report.pdf"
needs_site = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="book not built: run `make book` (make test does)"
)


def cited_keys(text: str) -> set[str]:
    """Keys of every {cite...}`a,b` role in MyST text."""
    keys = set()
    for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", text):
        keys |= {k.strip() for k in group.split(",")}
    return keys


def title_start(entry, n: int = 25) -> str:
    """The first ``n`` characters of a BibTeX entry's title as printed (braces gone, -- as an en dash)."""
    title = entry.fields["title"].replace("{", "").replace("}", "").replace("--", "–").replace("\\&", "&")
    return re.sub(r"\s+", " ", title)[:n]


def book_pages() -> list[Path]:
    return [ROOT / "index.md"] + sorted((ROOT / "chapters").glob("*.md"))


# --- the edition -----------------------------------------------------------------------------


def test_version_cff_changelog_and_package_agree():
    v = edition.version()
    assert edition.check() == []
    assert edition.citation()["version"] == v
    assert v in edition.changelog_releases()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"file": "VERSION"}
    assert edition.citation()["date-released"] == edition.changelog_releases()[v]


def edition_files(tmp_path, version="1.2.3", cff_version="1.2.3", date="2026-01-02", unreleased="- a fix\n"):
    (tmp_path / "VERSION").write_text(version + "\n")
    (tmp_path / "CITATION.cff").write_text(
        f'cff-version: 1.2.0\ntitle: "t"\nversion: "{cff_version}"\ndate-released: "{date}"\n'
    )
    (tmp_path / "CHANGELOG.md").write_text(
        f"# Changelog\n\nIntro.\n\n## Unreleased\n\n{unreleased}\n## [1.2.3] - {date}\n\n- first\n"
    )
    return tmp_path


def test_check_names_each_disagreement(tmp_path):
    root = edition_files(tmp_path, cff_version="1.2.2")
    assert edition.check(root) == ["CITATION.cff has version '1.2.2', VERSION has '1.2.3'"]
    (root / "VERSION").write_text("1.3\n")
    assert "not a semantic version" in edition.check(root)[0]
    root = edition_files(tmp_path)
    (root / "VERSION").write_text("1.2.4\n")
    assert any("no section '## [1.2.4]" in p for p in edition.check(root))


def test_bump_starts_a_new_edition_in_all_three_files(tmp_path):
    root = edition_files(tmp_path)
    edition.bump("1.3.0", "2026-12-01", root=root)
    assert edition.version(root) == "1.3.0"
    assert edition.check(root) == []
    cff = edition.citation(root)
    assert (cff["version"], cff["date-released"]) == ("1.3.0", "2026-12-01")
    text = (root / "CHANGELOG.md").read_text()
    assert text.index("## Unreleased") < text.index("## [1.3.0] - 2026-12-01\n\n- a fix") < text.index("## [1.2.3]")
    assert list(edition.changelog_releases(root)) == ["1.3.0", "1.2.3"]
    with pytest.raises(edition.EditionError, match="greater"):
        edition.bump("1.2.9", root=root)
    with pytest.raises(edition.EditionError, match="empty"):
        edition.bump("1.4.0", root=root)  # nothing under Unreleased any more


def test_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    assert edition.build_date().isoformat() == "2023-11-14"
    assert edition.long_date(edition.build_date()) == "14 November 2023"


def test_commit_outside_git_is_unknown_or_the_ci_sha(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_SHA", raising=False)
    assert edition.git_commit(tmp_path) == ("unknown", False)
    monkeypatch.setenv("GITHUB_SHA", "0123456789abcdef0123")
    assert edition.git_commit(tmp_path) == ("0123456789", False)


def test_commit_of_this_checkout_is_head():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    commit, _ = edition.git_commit(ROOT)
    assert head.startswith(commit) and len(commit) == 10


def test_data_hash_follows_content_and_names(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = edition.data_hash(data)
    assert before == edition.data_hash(data) and re.fullmatch(r"[0-9a-f]{12}", before)
    path = data / "timeline.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    changed = edition.data_hash(data)
    assert changed != before
    path.rename(data / "timeline2.csv")
    assert edition.data_hash(data) not in (before, changed)


# --- generated methods pages ---------------------------------------------------------------------


def test_constraints_in_words():
    assert docs.constraints_text({"name": "x"}) == "–"
    assert (
        docs.constraints_text({"constraints": {"required": True, "unique": True, "minimum": 2013, "maximum": 2024}})
        == "required; unique; ≥ 2013; ≤ 2024"
    )
    assert (
        docs.constraints_text({"constraints": {"pattern": r"^\d{4}$", "enum": ["M", "F"]}})
        == r"matches `^\d{4}$`; one of `M`, `F`"
    )
    long = docs.constraints_text({"constraints": {"enum": [f"v{i}" for i in range(20)], "minLength": 2}})
    assert long.startswith("at least 2 characters; one of 20 values listed in `datapackage.json` (`v0`, `v1`, `v2`")


def test_data_dictionary_lists_every_table_field_type_and_constraint():
    pkg = data_package()
    md = docs.dictionary_markdown(pkg)
    sections = {s.split("`", 1)[0]: s for s in md.split("### `")[1:]}
    assert list(sections) == [r["name"] for r in pkg["resources"]]
    for res in pkg["resources"]:
        section = sections[res["name"]]
        assert section.startswith(f"{res['name']}`: {res['title']}")
        assert f"`data/{res['path']}`" in section and res["hash"].removeprefix("sha256:") in section
        rows = [line for line in section.splitlines() if line.startswith("| `")]
        assert len(rows) == len(res["schema"]["fields"])
        for f in res["schema"]["fields"]:
            row = next((line for line in rows if line.startswith(f"| `{f['name']}` ")), None)
            assert row is not None, (res["name"], f["name"])
            cells = [c.strip() for c in row.strip("|").split(" | ")]
            assert cells[1] == f["type"]
            assert cells[3] == docs.constraints_text(f).replace("|", "\\|")
            c = f.get("constraints", {})
            if c.get("required"):
                assert "required" in cells[3]
            for v in (c.get("enum") or [])[: docs.MAX_ENUM if len(c.get("enum", [])) <= docs.MAX_ENUM else 3]:
                assert f"`{v}`" in cells[3]
            if "minimum" in c:
                assert f"≥ {c['minimum']}" in cells[3]


def test_sources_list_every_package_source_with_its_metadata_and_caveats():
    pkg = data_package()
    md = docs.sources_markdown(pkg)
    used = {s["file"] for r in pkg["resources"] for s in r["sources"]}
    for raw in sources.SOURCES.values():
        key = f"{{cite:p}}`{docs.bib_key(raw.id)}`"
        assert key in md, raw.id
        if raw.path in used:  # values are escaped as Markdown text (issue 15)
            title, version, retrieved = esc(raw.title), esc(raw.version), esc(raw.retrieved)
            if raw.version == raw.retrieved:
                assert f"### {title}\n" in md and f"**Retrieved:** {retrieved}" in md
            else:
                assert f"### {title} (version {version})" in md
                assert f"**Version:** {version}; **retrieved:** {retrieved}" in md
            assert esc(sources.LICENCES[raw.licence]["title"]) in md
            for caveat in raw.caveats:
                assert f"  - {esc(caveat)}" in md
    assert len(docs.source_entries(pkg)) == len(used)


def test_generated_bibtex_has_one_entry_per_dataset_dated_by_its_publication():
    """Issue 10: each dataset once (the COD-AB shapefiles were ten entries), dated by the publisher's version date,
    no placeholder addresses and no date said twice.
    """
    bib = parse_string(docs.sources_bibtex(), "bibtex")
    datasets = list(dict.fromkeys(s.dataset_id for s in sources.SOURCES.values()))
    assert list(bib.entries) == [f"data_{d}" for d in datasets]
    assert docs.bib_key("codab_mli_adm1_shx") == docs.bib_key("codab_mli_adm2") == "data_codab_mli"
    un = bib.entries[docs.bib_key("un_fatalities")]
    assert un.fields["year"] == "2025" and un.fields["url"] == sources.get("un_fatalities").url
    assert "Version 2025-04-04; retrieved 2026-11-29" in un.fields["note"]
    # UCDP 25.1 was published in 2025, though retrieved in 2026
    assert bib.entries[docs.bib_key("ucdp_country_year")].fields["year"] == "2025"
    for key, e in bib.entries.items():
        assert re.fullmatch(r"(19|20)\d\d", e.fields["year"]), key
        assert "(this repository" not in e.fields.get("url", "") and " " not in e.fields.get("url", ""), key
        note = e.fields["note"]
        assert not re.search(r"Version (\S+); retrieved \1;", note), key


def test_every_reference_is_cited_and_every_citation_resolves():
    hand = parse_file(str(ROOT / "references.bib"), "bibtex")
    generated = parse_string(docs.sources_bibtex(), "bibtex")
    text_keys = set().union(*(cited_keys(p.read_text(encoding="utf-8")) for p in book_pages()))
    generated_md = "\n".join(make(data_package()) for make in docs.BLOCKS.values())
    all_cited = text_keys | cited_keys(generated_md)
    assert set(hand.entries) <= text_keys, f"never cited: {sorted(set(hand.entries) - text_keys)}"
    assert all_cited <= set(hand.entries) | set(generated.entries)
    assert not set(hand.entries) & set(generated.entries)
    assert {"un_peacekeeping_fatalities", "ap_2023_three_peacekeepers", "data_un_fatalities"} <= all_cited


def test_cross_document_glue_pattern():
    text = "{glue:text}`chapters/casualties.md::cas_total:s` and {glue:text}`cas_local` and {glue}`a/b.md::x_1`"
    assert [(m["doc"], m["key"]) for m in publication.CROSS_GLUE.finditer(text)] == [
        ("chapters/casualties.md", "cas_total"),
        ("a/b.md", "x_1"),
    ]


def test_stamps_carry_edition_commit_and_data():
    ed = edition.Edition(
        "2.0.1", "2026-11-29", edition.build_date().__class__(2026, 12, 3), "abc1234567", True, "0123456789ab"
    )
    html = publication.footer_html(ed, "https://github.com/o/r")
    assert "Edition <strong>2.0.1</strong> (released 29 November 2026)" in html
    assert 'href="https://github.com/o/r/commit/abc1234567">abc1234567+modified</a>' in html
    assert "built 3 December 2026" in html and "<code>0123456789ab</code>" in html
    tex = pdf.latex_titlepage(ed, "A_subtitle & more")
    assert "Edition 2.0.1" in tex and r"A\_subtitle \& more" in tex and "abc1234567+modified" in tex
    assert "Edition 2.0.1" in pdf.latex_preamble(ed, "T", "A")


# --- release files ---------------------------------------------------------------------------------


def fake_site(root: Path, version: str, modified: bool = False) -> tuple[Path, Path]:
    site = root / "html"
    (site / "chapters").mkdir(parents=True)
    commit = "abc" + ("+modified" if modified else "")
    (site / "index.html").write_text(f"<p>Edition <strong>{version}</strong> commit {commit}</p>")
    (site / "chapters" / "b.html").write_text("b")
    (site / "a.css").write_text("a")
    (site / ".buildinfo").write_text("x")
    latex = root / "latex"
    latex.mkdir()
    (latex / "minusma-report.pdf").write_bytes(b"%PDF-1.5 fake")
    (latex / "minusma-report.tex").write_text(f"\\fancyhead{{Edition {version}}}")
    return site, latex / "minusma-report.pdf"


def test_release_writes_the_three_files_with_checksums(tmp_path):
    site, pdf = fake_site(tmp_path, "3.1.4")
    files = release.release(site, pdf, tmp_path / "dist", version="3.1.4")
    assert [f.name for f in files] == ["minusma-report-3.1.4.pdf", "minusma-report-3.1.4-html.zip", "SHA256SUMS"]
    sums = (tmp_path / "dist" / "SHA256SUMS").read_text().splitlines()
    assert sums == [f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}" for f in files[:2]]
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=tmp_path / "dist", check=True)
    with zipfile.ZipFile(files[1]) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == [
        "minusma-report-3.1.4-html/a.css",
        "minusma-report-3.1.4-html/chapters/b.html",
        "minusma-report-3.1.4-html/index.html",
    ]
    assert {i.date_time for i in infos} == {release.ZIP_EPOCH}


def test_release_zip_is_byte_identical_whatever_the_file_times(tmp_path):
    site, pdf = fake_site(tmp_path, "3.1.4")
    a = release.deterministic_zip(site, tmp_path / "a.zip", "p").read_bytes()
    for i, f in enumerate(sorted(site.rglob("*"))):
        os.utime(f, (1_600_000_000 + i, 1_600_000_000 + i))
    b = release.deterministic_zip(site, tmp_path / "b.zip", "p").read_bytes()
    assert a == b


def test_release_refuses_other_editions_and_modified_trees(tmp_path):
    site, pdf = fake_site(tmp_path / "x", "3.1.4")
    with pytest.raises(release.ReleaseError, match="not built from edition 3.2.0"):
        release.release(site, pdf, tmp_path / "dist", version="3.2.0")
    site, pdf = fake_site(tmp_path / "y", "3.1.4", modified=True)
    with pytest.raises(release.ReleaseError, match="uncommitted"):
        release.release(site, pdf, tmp_path / "dist", version="3.1.4")
    with pytest.raises(release.ReleaseError, match="not found"):
        release.release(tmp_path / "nothing", pdf, tmp_path / "dist", version="3.1.4")


# --- the built site --------------------------------------------------------------------------------


def glue_texts(doc: str) -> dict[str, str]:
    """Key figure name -> the text the prose shows, from the glue data MyST-NB stored for ``doc``."""
    data = json.loads((ROOT / "_build" / "jupyter_execute" / f"{doc}.glue.json").read_text(encoding="utf-8"))
    return {
        k: json.loads(v["data"]["application/vnd.minusma.keyfigure+json"])["text"]
        if isinstance(v["data"].get("application/vnd.minusma.keyfigure+json"), str)
        else v["data"]["application/vnd.minusma.keyfigure+json"]["text"]
        for k, v in data.items()
        if "application/vnd.minusma.keyfigure+json" in v["data"]
    }


@needs_site
def test_summary_pastes_the_chapters_key_figures():
    page = re.sub(r"\s+", " ", (SITE / "index.html").read_text(encoding="utf-8"))
    pasted = re.findall(r'<span class="pasted-text">([^<]*)</span>', page)
    refs = [(m["doc"], m["key"]) for m in publication.CROSS_GLUE.finditer((ROOT / "index.md").read_text())]
    assert len(refs) >= 15 and len(pasted) == len(refs)
    texts = {doc: glue_texts(doc.removesuffix(".md")) for doc in {d for d, _ in refs}}
    assert pasted == [texts[d][k] for d, k in refs]
    deaths = load_table("fatalities_minusma")
    assert texts["chapters/casualties.md"]["cas_total"] == f"{len(deaths):,}"
    assert f'The UN recorded <span class="pasted-text">{len(deaths):,}</span> deaths' in page


@needs_site
def test_footer_and_front_page_show_the_edition():
    v, ed = edition.version(), edition.current()
    for page in ["index.html", "chapters/casualties.html", "chapters/methods.html"]:
        text = (SITE / page).read_text(encoding="utf-8")
        assert f"Edition <strong>{v}</strong>" in text, page
        assert f"data <code>{edition.data_hash()}</code>" in text, page
    index = (SITE / "index.html").read_text(encoding="utf-8")
    assert f"Edition {v}, released {ed.released_text()}" in index
    assert 'href="minusma-report.pdf"' in index and 'href="data/datapackage.json"' in index
    assert "github.com/minusma-report/minusma-report" in index


@needs_site
def test_methods_page_holds_the_generated_sources_and_dictionary():
    # The full lists are on the site's data appendix (chapters/data); Methods has the short ones.
    methods = (SITE / "chapters" / "methods.html").read_text(encoding="utf-8")
    assert "{generated}" not in methods
    for res in data_package()["resources"]:
        assert f'<span class="pre">{res["name"]}</span>' in methods
    page = (SITE / "chapters" / "data.html").read_text(encoding="utf-8")
    assert "{generated}" not in page
    for res in data_package()["resources"]:
        assert f'<span class="pre">{res["name"]}</span>' in page
        for f in res["schema"]["fields"]:
            assert f'<span class="pre">{f["name"]}</span>' in page, f["name"]
    for s in docs.source_entries(data_package()):
        assert s["sha256"] in page
    assert "Ségou" in methods and "Ménaka" in methods and "Tombouctou" in methods


@needs_site
def test_references_page_lists_every_work_cited():
    page = (SITE / "chapters" / "references.html").read_text(encoding="utf-8")
    hand = parse_file(str(ROOT / "references.bib"), "bibtex")
    for key, entry in hand.entries.items():
        url = entry.fields.get("url")
        assert (url and url in page) or title_start(entry) in page, key
    for s in sources.SOURCES.values():  # each dataset once, under its dataset title
        assert (s.dataset_title or s.title)[:40] in page


@needs_site
def test_site_publishes_the_data_and_the_changelog():
    for name in ["datapackage.json"] + [r["path"] for r in data_package()["resources"]]:
        assert (SITE / "data" / name).read_bytes() == (ROOT / "data" / name).read_bytes()
    log = (SITE / "chapters" / "changelog.html").read_text(encoding="utf-8")
    assert f"[{edition.version()}] - {edition.released_on()}" in log and "Unreleased" in log


@needs_site
def test_code_stays_foldable_on_the_site():
    page = (SITE / "chapters" / "casualties.html").read_text(encoding="utf-8")
    assert page.count("tag_hide-input") >= 5 and "open_chapter" in page


# --- the PDF ---------------------------------------------------------------------------------------


def pdf_text(path: Path, *args: str) -> str:
    out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.replace("\u2019", "'")


def test_pdf_title_page_shows_the_edition(pdf):
    first = pdf_text(pdf, "-f", "1", "-l", "1")
    ed = edition.current()
    assert "MINUSMA, 2013–2023" in first
    assert f"Edition {ed.version}" in first and f"released {ed.released_text()}" in first
    assert ed.data in first and re.search(r"commit [0-9a-f]{10}|commit unknown", first)


def test_pdf_renders_accented_names_without_missing_glyphs(pdf):
    text = pdf_text(pdf)
    for name in ["Côte d'Ivoire", "Ménaka", "Ségou", "Tombouctou", "Türkiye"]:
        assert name in text, name
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log


def test_pdf_has_every_chart_pixel_for_pixel(pdf, tmp_path):
    charts = sorted((SITE / "downloads").glob("*/page/*.png"))  # the page images (the PDF's)
    assert len(charts) >= 5
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "img")], check=True)
    extracted = {}
    for p in tmp_path.glob("img-*.png"):
        im = Image.open(p)
        if im.mode == "RGB":
            extracted.setdefault(im.size, []).append(np.asarray(im))
    for chart in charts:
        rgb = np.asarray(Image.open(chart).convert("RGB"))
        candidates = extracted.get((rgb.shape[1], rgb.shape[0]), [])
        assert any(np.array_equal(rgb, c) for c in candidates), (
            f"{chart.name} is not in the PDF (if the site was rebuilt since, run `make pdf` again)"
        )


def test_pdf_tables_are_tables_and_code_is_left_out(pdf):
    text = pdf_text(pdf)
    for bad in (
        "|---",
        "| Personnel type",
        "<pandas.io.formats.style.Styler",
        "<Figure size",
        "<IPython",
        "open_chapter(",
        "ch.chart(",
        "import pandas",
    ):
        assert bad not in text, bad
    tex = pdf.with_suffix(".tex").read_text(encoding="utf-8")
    html_tables = sum(
        p.read_text(encoding="utf-8").count("<table")
        for p in SITE.rglob("*.html")
        if p.name not in ("search.html", "genindex.html", "data.html", "changelog.html") and "_static" not in p.parts
    )  # data.html and changelog.html are site-only pages
    latex_tables = len(re.findall(r"\\begin\{(tabulary|tabular|longtable)\}", tex))
    assert latex_tables == html_tables and latex_tables >= 7
    layout = pdf_text(pdf, "-layout")
    assert re.search(r"Personnel type\s+Malicious\s", layout)  # the header cells side by side: a table


def test_pdf_reference_list_and_no_empty_references_chapter(pdf):
    text = pdf_text(pdf)
    assert text.count("References") >= 1
    hand = parse_file(str(ROOT / "references.bib"), "bibtex")
    flat = re.sub(r"\s+", " ", text)
    for entry in hand.entries.values():
        assert title_start(entry).replace(" ", "") in flat.replace(" ", "")  # lines break anywhere
    assert "so none can be missing" not in text  # the site's References intro is not in the PDF
