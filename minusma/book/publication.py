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

5. **PDF** (post-transforms, LaTeX only). Removes every code cell's input, so
   the PDF shows the argument, the charts and the tables but no code (the HTML
   keeps the code folded under each chart); leaves out the pages listed in
   ``minusma_pdf_drop`` (the References page, whose list Sphinx moves to the end).

6. **Data downloads** (``build-finished``, HTML). Copies the derived tables and
   ``datapackage.json`` into ``_build/html/data/``, where the front page links.

7. **Executed notebooks** (``build-finished``, first). Restores the outputs that
   MyST-NB leaves out of ``_build/jupyter_execute/<chapter>.ipynb`` when it takes
   them from its execution cache, so that the chart downloads never vanish (for
   example in the HTML build that follows ``make pdf``).
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from minusma.book import pages as docs, figures
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
    which imports pandas: this module is loaded by every build, even one with nothing to do)."""
    import json

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
        f'(released {html.escape(ed.released_text())}) · built {edition.long_date(ed.built)} '
        f'from commit {commit} · data <code>{html.escape(ed.data)}</code>. '
        'Text CC BY 4.0, code MIT, data under each source\'s terms.</p>'
    )


def _tex(text: str) -> str:
    """Escape text for LaTeX."""
    repl = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return "".join(repl.get(c, c) for c in text)


def how_to_cite(ed: edition.Edition, title: str, repo_url: str = "") -> str:
    """The citation of this edition, as the title page and the front page give it.

    ``The MINUSMA report (2026). MINUSMA, 2013–2023: ... Edition 0.1.0, released 29 November 2026.
    https://github.com/...`` (the year is the release's, or the build's before a release).
    """
    year = ed.released[:4] if ed.released else str(ed.built.year)
    text = f"The MINUSMA report ({year}). {title}. Edition {ed.version}, {ed.released_text()}."
    return text + (f" {repo_url}" if repo_url else "")


def latex_titlepage(ed: edition.Edition, subtitle: str, cite: str = "") -> str:
    """The PDF title page: title, author, edition, release and build dates, how to cite, commit, data hash, licences."""
    cite_tex = ""
    if cite:
        cite_tex = (r"  {\small\sffamily\bfseries How to cite\par}\vspace{0.1cm}"
                    "\n  {\\small " + _tex_url(cite) + r"\par}" + "\n  \\vspace{0.6cm}\n")
    return r"""
\makeatletter
\begin{titlepage}
  \raggedright
  \vspace*{3cm}
  {\sffamily\bfseries\fontsize{26}{32}\selectfont \@title\par}
  \vspace{1.2cm}
  {\large %(subtitle)s\par}
  \vspace{0.8cm}
  {\large\sffamily \@author\par}
  \vfill
  {\sffamily\Large Edition %(version)s\par}
  \vspace{0.3cm}
  {\sffamily released %(released)s\par}
  \vspace{0.6cm}
%(cite)s  {\small\sffamily Built %(built)s from commit \texttt{%(commit)s}; data \texttt{%(data)s}
   (short sha256 of the derived tables in \texttt{data/}).\par}
  \vspace{0.6cm}
  {\small Text CC BY 4.0; code MIT; data under each source's terms
   (see the chapter on methods and data).\par}
\end{titlepage}
\makeatother
""" % {"subtitle": _tex(subtitle), "version": _tex(ed.version), "released": _tex(ed.released_text()),
       "built": _tex(edition.long_date(ed.built)), "commit": _tex(ed.commit_label), "data": _tex(ed.data),
       "cite": cite_tex}


def _tex_url(text: str) -> str:
    """Escape text for LaTeX, setting its web addresses with ``\\url`` (which breaks them anywhere, xurl)."""
    parts = re.split(r"(https?://\S+)", text)
    return "".join(r"\url{" + p.replace("%", r"\%").replace("#", r"\#") + "}" if i % 2 else _tex(p)
                   for i, p in enumerate(parts))


def latex_preamble(ed: edition.Edition, title: str, author: str) -> str:
    """Preamble lines: page styles with the edition, PDF metadata, table and bibliography settings.

    Running head: the chapter on the left, the edition on the right. Footer:
    build date, commit and data hash on the left, page number on the right.
    The chapters' first pages (``plain`` style) keep the footer.
    """
    short = _tex(f"Edition {ed.version}")
    stamp = _tex(f"Built {edition.long_date(ed.built)} · commit {ed.commit_label} · data {ed.data}")
    return r"""
%% --- minusma.book.publication: edition in running heads and footers -------------------------
\makeatletter
\fancypagestyle{normal}{%%
  \fancyhf{}%%
  \fancyhead[L]{{\py@HeaderFamily\footnotesize\nouppercase{\leftmark}}}%%
  \fancyhead[R]{{\py@HeaderFamily\footnotesize %(short)s}}%%
  \fancyfoot[L]{{\py@HeaderFamily\scriptsize %(stamp)s}}%%
  \fancyfoot[R]{{\py@HeaderFamily\thepage}}%%
  \renewcommand{\headrulewidth}{0.4pt}%%
  \renewcommand{\footrulewidth}{0.4pt}%%
}
\fancypagestyle{plain}{%%
  \fancyhf{}%%
  \fancyfoot[L]{{\py@HeaderFamily\scriptsize %(stamp)s}}%%
  \fancyfoot[R]{{\py@HeaderFamily\thepage}}%%
  \renewcommand{\headrulewidth}{0pt}%%
  \renewcommand{\footrulewidth}{0.4pt}%%
}
%% The summary after the contents has no chapter: no running chapter title there.
\g@addto@macro\sphinxtableofcontents{\markboth{}{}}
\makeatother
\hypersetup{pdftitle={%(title)s}, pdfauthor={%(author)s}, pdfsubject={Edition %(version)s}}
%% Table cells: narrow columns (numbers, field names) get at least this width, so headers do not
%% break mid-word, and text is set ragged right (justified text in narrow cells leaves holes).
\setlength{\tymin}{4.5em}
\newcolumntype{T}{L}
\makeatletter
\newcolumntype{\X}[2]{>{\raggedright\arraybackslash}p{\dimexpr
      (\linewidth-\spx@arrayrulewidth)*#1/#2-\tw@\tabcolsep-\spx@arrayrulewidth\relax}}
\makeatother
%% The works cited, gathered at the end of the PDF, are the report's references.
\addto\captionsenglish{\renewcommand{\bibname}{References}}
%% Tables in slightly smaller type with narrower gutters, as reports set them: more room per column.
\setlength{\tabcolsep}{4pt}
\AtBeginEnvironment{longtable}{\small}\AtBeginEnvironment{tabulary}{\small}
%% Long web addresses and file paths break at any character rather than running off the page.
\usepackage{xurl}
%% Figure and table captions ("Figure 2.1: the finding") above the chart or table, as reports set them.
\floatstyle{plaintop}\restylefloat{figure}
\usepackage[font=small,labelfont=bf,labelsep=colon,skip=4pt]{caption}
%% Floats: a page of figures only when it is at least two-thirds full; figures may fill most of a page.
\renewcommand{\topfraction}{0.85}\renewcommand{\bottomfraction}{0.6}\renewcommand{\textfraction}{0.12}
\renewcommand{\floatpagefraction}{0.66}\setcounter{topnumber}{2}\setcounter{totalnumber}{3}
%% Underfull and overfull lines: let a line stretch a little rather than run into the margin.
\setlength{\emergencystretch}{3em}
\hypersetup{pdflang={en}, pdfkeywords={%(keywords)s}, pdfcreator={The MINUSMA report, edition %(version)s}}
""" % {"short": short, "stamp": stamp, "title": _tex(title), "author": _tex(author), "version": _tex(ed.version),
       "keywords": _tex("MINUSMA, Mali, peacekeeping, United Nations, Wagner Group, conflict data")}


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
    subs.update({"edition": ed.version, "edition_released": ed.released_text(),
                 "how_to_cite": how_to_cite(ed, config.html_title or config.project, _repo_url(config))})
    config.myst_substitutions = subs
    latex = dict(config.latex_elements or {})
    latex["releasename"] = "Edition"
    title = config.html_title or config.project
    latex["maketitle"] = latex_titlepage(ed, config.latex_subtitle, how_to_cite(ed, title, _repo_url(config)))
    # The contents, then the lists of figures and tables, each in the PDF's bookmarks.
    latex["tableofcontents"] = (r"\sphinxtableofcontents" "\n"
                                r"\cleardoublepage\phantomsection\pdfbookmark[0]{List of figures}{lof}\listoffigures"
                                "\n"
                                r"\cleardoublepage\phantomsection\pdfbookmark[0]{List of tables}{lot}\listoftables"
                                "\n")
    latex["preamble"] = latex.get("preamble", "") + latex_preamble(ed, config.html_title or config.project, config.author)
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


class RemoveCodeInputs(SphinxPostTransform):
    """LaTeX only: drop the input of every code cell (the PDF is for readers of the argument)."""

    default_priority = 390  # before sphinx-jupyterbook-latex's cell transforms (400)
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.container)):
            if "cell_input" in node.get("classes", []):
                node.parent.remove(node)


class KeepFrontHeadingsWithText(SphinxPostTransform):
    """LaTeX only: keep the front page's headings with the text that follows them.

    sphinx-jupyterbook-latex sets the root page's headings as bold lines
    (``RootHeader``, priority 700), which LaTeX may leave alone at the foot of a
    page; a ``\\needspace`` before each starts a new page when fewer than five
    lines remain.
    """

    default_priority = 710
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        try:
            from sphinx_jupyterbook_latex.nodes import RootHeader
        except ImportError:  # plain Sphinx LaTeX: headings are real sections
            return
        for node in list(self.document.findall(RootHeader)):
            node.parent.insert(node.parent.index(node),
                               nodes.raw("", r"\needspace{5\baselineskip}", format="latex"))


class FrontMatterForPrint(SphinxPostTransform):
    """LaTeX only: the front page as print front matter.

    - Its sections titled in ``minusma_pdf_site_only_sections`` (the downloads, the list of
      chapters) are left out: the PDF has its own contents, and its readers download nothing.
      The book's toctrees, which Sphinx keeps in the front page, stay.
    - It opens under the heading "Executive summary", an unnumbered chapter that is in the
      PDF's contents and bookmarks (sphinx-jupyterbook-latex otherwise sets the front page as
      headless text after the contents).

    Runs before sphinx-jupyterbook-latex flattens the front page's sections (priority 700).
    """

    default_priority = 695
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        root = self.config.root_doc
        drop = set(self.config.minusma_pdf_site_only_sections or ())
        top = None
        for sect in list(self.document.findall(nodes.section)):
            if any(isinstance(a, addnodes.start_of_file) for a in _ancestors(sect)):
                continue  # a chapter's section, not the front page's
            if top is None:
                top = sect
                continue
            title = sect.next_node(nodes.title)
            if title is not None and title.astext().strip() in drop:
                for wrapper in list(sect.findall(nodes.compound)):
                    if "toctree-wrapper" in wrapper.get("classes", []):
                        wrapper.parent.remove(wrapper)
                        sect.parent.insert(sect.parent.index(sect), wrapper)
                sect.parent.remove(sect)
        if top is not None and self.config.minusma_pdf_summary_title:
            name = _tex(self.config.minusma_pdf_summary_title)
            at = 1 if top.children and isinstance(top.children[0], nodes.title) else 0
            top.insert(at, nodes.raw("", r"\chapter*{%s}\pdfbookmark[0]{%s}{summary}\addcontentsline{toc}{chapter}{%s}"
                                         r"\markboth{%s}{%s}" % (name, name, name, name, name), format="latex"))


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


class DropPagesFromPdf(SphinxPostTransform):
    """LaTeX only: leave out the pages named in ``minusma_pdf_drop`` (after the citations have moved).

    Sphinx gathers every citation at the end of the PDF (its
    ``BibliographyTransform``, priority 750); the References page of the site
    would then be an empty chapter, so it is dropped from the PDF, whose list of
    works cited is titled "References".
    """

    default_priority = 760
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        drop = set(self.config.minusma_pdf_drop or ())
        for node in list(self.document.findall(addnodes.start_of_file)):
            if node.get("docname") in drop:
                node.parent.remove(node)


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
    app.add_config_value("latex_subtitle", "", "env")
    app.connect("config-inited", configure, priority=600)  # after sphinx-jupyterbook-latex (500)
    app.add_directive("generated", UnexpandedBlock)
    app.connect("source-read", expand_generated)
    app.connect("env-get-outdated", outdated_dependents)
    app.add_post_transform(RemoveCodeInputs)
    app.add_config_value("minusma_pdf_drop", [], "env")
    app.add_post_transform(KeepFrontHeadingsWithText)
    app.add_config_value("minusma_pdf_site_only_sections", ["Downloads", "Chapters"], "env")
    app.add_config_value("minusma_pdf_summary_title", "Executive summary", "env")
    app.add_post_transform(FrontMatterForPrint)
    figures.setup(app)
    app.add_post_transform(DropPagesFromPdf)
    app.connect("build-finished", publish_data)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
