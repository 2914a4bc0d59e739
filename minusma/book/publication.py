"""Sphinx extension for the publication: edition stamp, generated pages, summary dependencies, PDF.

Loaded by Jupyter Book through ``_config.yml`` (``sphinx: local_extensions``),
beside :mod:`minusma.book.sphinxext`.

1. **Edition** (``config-inited``). Reads :func:`minusma.edition.version.current` and
   puts it in the HTML footer (theme option ``extra_footer``), in Sphinx's
   ``version``/``release`` (the PDF's running head: "Edition 0.1.0"), on the
   PDF title page and footer (``latex_elements``), and in the MyST
   substitutions ``{{ edition }}`` and ``{{ edition_released }}``. Only the
   edition number and its release date reach the substitutions, so that a new
   commit rewrites the pages (footer) but re-reads none of them.

2. **Generated blocks** (``source-read``). A block ```` ```{generated} name ```` in
   a page is replaced by the Markdown of :data:`minusma.book.pages.BLOCKS` (the data
   sources, the data dictionary, the periods), and the page is made to depend on
   ``data/datapackage.json`` and the modules that describe the data, so Sphinx
   re-reads it when they change. A block whose name is unknown is an error.

3. **Bibliography of the data**. ``config-inited`` writes one BibTeX entry per
   raw source (:func:`minusma.book.pages.sources_bibtex`) to
   ``_build/generated/data-sources.bib`` and adds it to ``bibtex_bibfiles``.

4. **Pages that paste from other pages** (``env-get-outdated``). The summary
   pastes key figures from chapters with myst-nb's cross-document glue
   (``{glue:text}`chapters/casualties.md::cas_total```), resolved when the page
   is written. Sphinx does not know that dependency: when a chapter is re-read
   (its code or one of its input tables changed), every page that pastes from
   it is re-read too, so its numbers are never stale. Pages holding a
   ``{bibliography}`` are re-read whenever any page is, so the list of works
   cited stays complete.

5. **PDF** (post-transforms, LaTeX only; :mod:`minusma.book.pdf`). Removes every
   code cell's input, so the PDF shows the argument, the charts and the tables
   but no code (the HTML keeps the code folded under each chart); sets the front
   page as front matter; leaves out the pages listed in ``minusma_pdf_drop``
   (the References page, whose list Sphinx moves to the end).

6. **Data downloads** (``build-finished``, HTML). Copies the derived tables and
   ``datapackage.json`` into ``_build/html/data/``, where the front page links.

7. **Executed notebooks** (``build-finished``, first). Restores the outputs that
   MyST-NB leaves out of ``_build/jupyter_execute/<chapter>.ipynb`` when it takes
   them from its execution cache, so that the chart downloads never vanish (for
   example in the HTML build that follows ``make pdf``).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.util import logging

from minusma.book import figures, pdf
from minusma.book import pages as docs
from minusma.book.pdf import latex_preamble, latex_titlepage
from minusma.edition import version as edition
from minusma.paths import ROOT, data_dir

logger = logging.getLogger(__name__)

#: Name of the PDF in the site (``make pdf`` copies it there); the release file carries the version.
SITE_PDF = "minusma-report.pdf"
#: The modules whose content the generated blocks show.
GENERATED_FROM = ("data/sources.py", "book/pages.py", "analysis/periods.py", "analysis/geography.py")
BLOCK = re.compile(r"^```\{generated\}[ \t]+(?P<name>[\w-]+)[ \t]*\n```[ \t]*$", re.M)
CROSS_GLUE = re.compile(r"\{glue(?::[a-z]+)?\}`(?P<doc>[^`]+?)::(?P<key>[a-z0-9_]+)(?::[^`]*)?`")


def data_package() -> dict:
    """The parsed ``data/datapackage.json`` (read here rather than through :mod:`minusma.data.load`,
    which imports pandas: this module is loaded by every build, even one with nothing to do).
    """
    return json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))


def _repo_url(config) -> str:
    return (config.html_theme_options or {}).get("repository_url", "")


def footer_html(ed: edition.Edition, repo_url: str = "") -> str:
    """The HTML footer line: edition, release date, build date, commit and data hash."""
    commit = html.escape(ed.commit_label)
    if repo_url and ed.commit != "unknown":
        commit = f'<a href="{html.escape(repo_url)}/commit/{html.escape(ed.commit)}">{commit}</a>'
    return (
        f'<p class="minusma-edition">Edition <strong>{html.escape(ed.version)}</strong> '
        f"(released {html.escape(ed.released_text())}) · built {edition.long_date(ed.built)} "
        f"from commit {commit} · data <code>{html.escape(ed.data)}</code>. "
        "Text CC BY 4.0, code MIT, data under each source's terms.</p>"
    )


def how_to_cite(ed: edition.Edition, title: str, repo_url: str = "") -> str:
    """The citation of this edition, as the title page and the front page give it.

    ``The MINUSMA report (2026). MINUSMA, 2013–2023: ... Edition 0.1.0, released 29 November 2026.
    https://github.com/...`` (the year is the release's, or the build's before a release).
    """
    year = ed.released[:4] if ed.released else str(ed.built.year)
    text = f"The MINUSMA report ({year}). {title}. Edition {ed.version}, {ed.released_text()}."
    return text + (f" {repo_url}" if repo_url else "")


def generated_bib_path(app: Sphinx) -> Path:
    """Where the BibTeX entries of the raw sources are written: ``_build/generated/data-sources.bib``."""
    return Path(app.doctreedir).parent / "generated" / "data-sources.bib"


def configure(app: Sphinx, config) -> None:
    """``config-inited``: stamp the edition into the HTML and LaTeX settings; register the sources' BibTeX."""
    root = Path(app.confdir)
    ed = edition.current(root)
    config.version = config.release = ed.version
    theme = dict(config.html_theme_options or {})
    theme["extra_footer"] = footer_html(ed, _repo_url(config))
    config.html_theme_options = theme
    subs = dict(config.myst_substitutions or {})
    subs.update(
        {
            "edition": ed.version,
            "edition_released": ed.released_text(),
            "how_to_cite": how_to_cite(ed, config.html_title or config.project, _repo_url(config)),
        }
    )
    config.myst_substitutions = subs
    latex = dict(config.latex_elements or {})
    latex["releasename"] = "Edition"
    title = config.html_title or config.project
    latex["maketitle"] = latex_titlepage(ed, config.latex_subtitle, how_to_cite(ed, title, _repo_url(config)))
    # The contents, then the lists of figures and tables, each in the PDF's bookmarks.
    latex["tableofcontents"] = (
        r"\sphinxtableofcontents"
        "\n"
        r"\cleardoublepage\phantomsection\pdfbookmark[0]{List of figures}{lof}\listoffigures"
        "\n"
        r"\cleardoublepage\phantomsection\pdfbookmark[0]{List of tables}{lot}\listoftables"
        "\n"
    )
    latex["preamble"] = latex.get("preamble", "") + latex_preamble(
        ed, config.html_title or config.project, config.author, config.latex_subtitle
    )
    config.latex_elements = latex

    bib = generated_bib_path(app)
    bib.parent.mkdir(parents=True, exist_ok=True)
    text = docs.sources_bibtex()
    if not bib.exists() or bib.read_text(encoding="utf-8") != text:  # keep the mtime: no needless re-parse
        bib.write_text(text, encoding="utf-8")
    files = list(config.bibtex_bibfiles or [])
    if str(bib) not in files:
        files.append(str(bib))
    config.bibtex_bibfiles = files


class UnexpandedBlock(Directive):
    """``{generated}`` blocks are replaced at ``source-read``; one left here has an unknown name."""

    required_arguments = 1
    has_content = True

    def run(self):
        known = ", ".join(sorted(docs.BLOCKS))
        raise self.error(f"unknown generated block {self.arguments[0]!r}; known: {known}")


def expand_generated(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: replace each ```` ```{generated} name ```` block by its Markdown."""
    text = source[0]
    if "{generated}" not in text:
        return
    package = data_package()

    def replace(m: re.Match) -> str:
        make = docs.BLOCKS.get(m["name"])
        return make(package) if make else m.group(0)

    source[0] = BLOCK.sub(replace, text)
    app.env.note_dependency(str(data_dir() / "datapackage.json"))
    for name in GENERATED_FROM:
        app.env.note_dependency(str(ROOT / "minusma" / name))
    for path in sorted((ROOT / "snapshots").glob("*.yaml")):  # the sources' catalogue
        app.env.note_dependency(str(path))


def outdated_dependents(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: re-read the bibliography pages whenever any page is re-read.

    (Pages that paste other pages' key figures are re-read by :mod:`minusma.book.sphinxext`.)
    """
    touched = set(added) | set(changed) | set(removed)
    if not touched:
        return []
    extra = []
    for doc in sorted(env.found_docs - touched):
        try:
            if "{bibliography}" in Path(env.doc2path(doc)).read_text(encoding="utf-8"):
                extra.append(doc)
        except OSError:
            pass
    if extra:
        logger.info(f"minusma: re-reading {', '.join(extra)} (they list the works cited by re-read pages)")
    return extra


def publish_data(app: Sphinx, exception) -> None:
    """``build-finished`` (HTML): copy ``data/*.csv`` and ``datapackage.json`` into the site's ``data/``."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "data"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    pkg = data_package()
    names = ["datapackage.json"] + [r["path"] for r in pkg["resources"]]
    for name in names:
        shutil.copyfile(data_dir() / name, target / name)
    logger.info(f"minusma: published {len(names)} data files under data/")


def setup(app: Sphinx) -> dict:
    """Register the extension."""
    pdf.setup(app)
    figures.setup(app)
    app.connect("config-inited", configure, priority=600)  # after sphinx-jupyterbook-latex (500)
    app.add_directive("generated", UnexpandedBlock)
    app.connect("source-read", expand_generated)
    app.connect("env-get-outdated", outdated_dependents)
    app.connect("build-finished", publish_data)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
