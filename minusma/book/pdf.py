"""The PDF: its title page and preamble with the edition, and the transforms that make the site a print book.

Used by :mod:`minusma.book.publication` (the book's second Sphinx extension), which
calls :func:`setup` and puts :func:`latex_titlepage` and :func:`latex_preamble`
into ``latex_elements`` at ``config-inited``. Post-transforms, LaTeX only:

- every code cell's input is removed (:class:`RemoveCodeInputs`): the PDF shows
  the argument, the charts and the tables but no code (the HTML keeps the code
  folded under each chart);
- the front page becomes print front matter (:class:`FrontMatterForPrint`,
  :class:`KeepFrontHeadingsWithText`);
- the pages listed in ``minusma_pdf_drop`` are left out (:class:`DropPagesFromPdf`:
  the References page, whose list Sphinx moves to the end);
- identifiers in running text (table, field and file names, repository paths, ISO dates) are
  never hyphenated (:class:`UnhyphenatedIdentifiers`; monospace is never hyphenated either:
  ``HyphenChar=None`` in ``_config.yml``, and it breaks after underscores, see :func:`latex_preamble`);
- each chart carries its alt text (:class:`ChartAltText`) as the PDF's ``/Alt`` of a marked-content
  sequence around the image, which is what an untagged PDF allows (XeLaTeX cannot write a tagged
  PDF's structure tree, where a ``/Figure`` element would hold it).
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from minusma.edition import version as edition


def _tex(text: str) -> str:
    """Escape text for LaTeX."""
    repl = {
        "\\": r"\textbackslash{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "{": r"\{",
        "}": r"\}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
    return "".join(repl.get(c, c) for c in text)


def latex_titlepage(ed: edition.Edition, subtitle: str, cite: str = "") -> str:
    """The PDF title page: title, author, edition, release and build dates, how to cite, commit, data hash, licences."""
    cite_tex = ""
    if cite:
        cite_tex = (
            r"  {\small\sffamily\bfseries How to cite\par}\vspace{0.1cm}"
            "\n  {\\small " + _tex_url(cite) + r"\par}" + "\n  \\vspace{0.6cm}\n"
        )
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
""" % {
        "subtitle": _tex(subtitle),
        "version": _tex(ed.version),
        "released": _tex(ed.released_text()),
        "built": _tex(edition.long_date(ed.built)),
        "commit": _tex(ed.commit_label),
        "data": _tex(ed.data),
        "cite": cite_tex,
    }


def _tex_url(text: str) -> str:
    """Escape text for LaTeX, setting its web addresses with ``\\url`` (which breaks them anywhere, xurl)."""
    parts = re.split(r"(https?://\S+)", text)
    return "".join(
        r"\url{" + p.replace("%", r"\%").replace("#", r"\#") + "}" if i % 2 else _tex(p) for i, p in enumerate(parts)
    )


def pdf_title(ed: edition.Edition, title: str) -> str:
    """The PDF's Title entry: the book's title with the edition (``..., edition 0.1.0``)."""
    return f"{title}, edition {ed.version}"


def pdf_subject(ed: edition.Edition, subtitle: str = "") -> str:
    """The PDF's Subject entry, such as ``Edition 0.1.0, released 29 November 2026. <subtitle>.``."""
    text = f"Edition {ed.version}, " + (f"released {ed.released_text()}." if ed.released else "not yet released.")
    sub = subtitle.strip().rstrip(".")
    return f"{text} {sub}." if sub else text


#: The PDF's keywords.
PDF_KEYWORDS = "MINUSMA, Mali, peacekeeping, United Nations, Wagner Group, conflict data"


def latex_preamble(ed: edition.Edition, title: str, author: str, subtitle: str = "") -> str:
    """Preamble lines: page styles with the edition, PDF metadata, table and bibliography settings.

    Running head: the chapter on the left, the edition on the right. Footer:
    build date, commit and data hash on the left, page number on the right.
    The chapters' first pages (``plain`` style) keep the footer.

    Metadata (document information and XMP, through hyperxmp): title with the edition
    (:func:`pdf_title`), author, subject (:func:`pdf_subject`), keywords, language ``en``,
    licence of the text, edition as version.
    Identifiers: monospace breaks after an underscore (Sphinx breaks it after ``/`` and ``.``);
    ``\\minusmaident`` sets an identifier of running text without hyphenation
    (:class:`UnhyphenatedIdentifiers`); ``\\minusmaalt``/``\\minusmaaltend`` open and close the
    marked-content sequence with a chart's alt text (:class:`ChartAltText`).
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
%% PDF metadata, also as XMP (hyperxmp): title with the edition, language, licence, version.
\usepackage{hyperxmp}
%% keeppdfinfo: the document information keeps Author and Keywords (hyperxmp drops them otherwise);
%% pdfdisplaydoctitle: a viewer shows the title, not the file name.
\hypersetup{keeppdfinfo, pdfdisplaydoctitle=true, pdftitle={%(title)s}, pdfauthor={%(author)s}, pdfsubject={%(subject)s}}
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
\hypersetup{pdflang={en}, pdfkeywords={%(keywords)s}, pdfcreator={The MINUSMA report, edition %(version)s},
  pdfversionid={%(version)s}, pdfcopyright={Text CC BY 4.0; code MIT; data under each source's terms},
  pdflicenseurl={https://creativecommons.org/licenses/by/4.0/}}
%% Identifiers are never hyphenated. Monospace (HyphenChar=None in _config.yml) may break after an
%% underscore, as Sphinx lets it break after a slash or a full stop; an identifier in running text
%% (\minusmaident, see minusma.book.pdf.UnhyphenatedIdentifiers) is set without hyphenation patterns.
\makeatletter
\protected\def\minusma@underscore{\textunderscore\allowbreak}
\let\minusma@sphinxcode\sphinxcode
\protected\def\sphinxcode#1{\minusma@sphinxcode{\let\_\minusma@underscore#1}}
\ifdefined\l@nohyphenation\else\newlanguage\l@nohyphenation\fi
\DeclareRobustCommand\minusmaident[1]{{\language\l@nohyphenation#1}}
%% A chart's alt text: a marked-content sequence /Span with /Alt (a UTF-16 hex string) around it.
\protected\def\minusmaalt#1{\special{pdf:literal direct /Span <</Alt <#1>>> BDC}}
\protected\def\minusmaaltend{\special{pdf:literal direct EMC}}
\makeatother
""" % {
        "short": short,
        "stamp": stamp,
        "title": _tex(pdf_title(ed, title)),
        "author": _tex(author),
        "subject": _tex(pdf_subject(ed, subtitle)),
        "version": _tex(ed.version),
        "keywords": _tex(PDF_KEYWORDS),
    }


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
            node.parent.insert(node.parent.index(node), nodes.raw("", r"\needspace{5\baselineskip}", format="latex"))


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
            top.insert(
                at,
                nodes.raw(
                    "",
                    r"\chapter*{%s}\pdfbookmark[0]{%s}{summary}\addcontentsline{toc}{chapter}{%s}"
                    r"\markboth{%s}{%s}" % (name, name, name, name, name),
                    format="latex",
                ),
            )


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


#: An identifier in running text: a name with an underscore or a slash between word characters
#: (``acled_mali_cercle_month``, ``data/datapackage.json``, ``geopko/Geo-PKO-Shiny-Dashboard``), a file
#: name with its extension (``requirements.txt``), or an ISO date (``2026-11-29``).
IDENTIFIER = re.compile(
    r"(?<![\w/:.-])(?:"
    r"\d{4}-\d{2}-\d{2}(?![\w-])"
    r"|[\w<>*.-]*[A-Za-z][\w<>*.-]*(?:[_/][\w<>*.-]+)+"
    r"|[A-Za-z][\w-]*(?:\.[\w-]+)*\.(?:csv|json|ya?ml|py|md|txt|bib|tex|pdf|zip|toml|lock)"
    r")"
)
#: Nodes whose text is left as it is: monospace and maths set themselves; titles go to the bookmarks;
#: links print their address with ``\\url``.
_KEEP_TEXT = (
    nodes.literal,
    nodes.literal_block,
    nodes.raw,
    nodes.math,
    nodes.math_block,
    nodes.title,
    nodes.reference,
    nodes.FixedTextElement,
)


def identifier_tex(name: str) -> str:
    """LaTeX for an identifier of running text: no hyphenation, breaks only after ``_`` and ``/``.

    ``\\minusmaident{acled\\_\\allowbreak{}mali}``: explicit hyphens become unbreakable (``\\mbox{-}``),
    so ``2026-11-29`` or ``Geo-PKO`` stay on one line; a break after an underscore or a slash between
    word characters is allowed and prints no hyphen.
    """
    out = []
    for i, c in enumerate(name):
        between = 0 < i < len(name) - 1 and name[i - 1].isalnum() and name[i + 1].isalnum()
        if c == "-":
            out.append(r"\mbox{-}")
        elif c in "_/" and between:
            out.append(_tex(c) + r"\allowbreak{}")
        else:
            out.append(_tex(c))
    return r"\minusmaident{" + "".join(out) + "}"


class UnhyphenatedIdentifiers(SphinxPostTransform):
    """LaTeX only: set the identifiers of running text (see :data:`IDENTIFIER`) without hyphenation.

    TeX hyphenates the letters of ``corinnee/UN_Peacekeeping_Analytics`` up to the slash as a
    word ("corin-nee/..."), which misprints the name. Each identifier in a text node outside
    monospace, maths, titles and links becomes :func:`identifier_tex` (raw LaTeX). Runs after the
    citations are gathered (Sphinx's ``BibliographyTransform``, priority 750) and the pages dropped.
    """

    default_priority = 800
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or not IDENTIFIER.search(text.astext()):
                continue
            if isinstance(parent, _KEEP_TEXT) or any(isinstance(a, _KEEP_TEXT) for a in _ancestors(parent)):
                continue
            parts = []
            last = 0
            source = text.astext()
            for m in IDENTIFIER.finditer(source):
                if m.start() > last:
                    parts.append(nodes.Text(source[last : m.start()]))
                parts.append(nodes.raw("", identifier_tex(m.group(0)), format="latex"))
                last = m.end()
            if last < len(source):
                parts.append(nodes.Text(source[last:]))
            index = parent.index(text)
            parent.remove(text)
            for offset, part in enumerate(parts):
                parent.insert(index + offset, part)


def alt_hex(alt: str) -> str:
    """A PDF text string for ``/Alt``: UTF-16BE with its byte-order mark, as hex digits (safe in TeX)."""
    return "FEFF" + " ".join(alt.split()).encode("utf-16-be").hex().upper()


#: The ``alt`` attribute of a chart's image in its HTML (:meth:`minusma.charts.render.Chart.html`).
_ALT = re.compile(r'<img [^>]*\balt="([^"]*)"')


class ChartAltText(SphinxPostTransform):
    """LaTeX only: put each chart's alt text around its image in the PDF.

    A chart's mime bundle holds its HTML (with the ``alt`` of the image) and the PNG the PDF prints.
    Before MyST-NB keeps only the PNG (its ``SelectMimeType``, priority 4), the PNG's image is
    wrapped in ``\\minusmaalt{<hex>}`` ... ``\\minusmaaltend``: a marked-content sequence ``/Span``
    whose ``/Alt`` is the alt text (PDF 1.7, 14.9.3), which assistive software can read in an
    untagged PDF. A tagged PDF (``/Figure`` in a structure tree) needs LaTeX's tagging code, which
    wants ``\\DocumentMetadata`` before ``\\documentclass`` and supports pdfLaTeX and LuaLaTeX,
    not XeLaTeX.
    """

    default_priority = 3
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for bundle in list(self.document.findall(nodes.container)):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            alt = None
            for child in bundle.children:
                if child.get("mime_type") == "text/html":
                    for raw in child.findall(nodes.raw):
                        m = _ALT.search(raw.astext())
                        if m and 'class="minusma-chart"' in raw.astext():
                            alt = html.unescape(m.group(1))
            if not alt:
                continue
            for child in bundle.children:
                if child.get("mime_type") != "image/png":
                    continue
                for image in list(child.findall(nodes.image)):
                    image["alt"] = alt
                    parent = image.parent
                    at = parent.index(image)
                    parent.insert(at, nodes.raw("", r"\minusmaalt{%s}" % alt_hex(alt), format="latex"))
                    parent.insert(at + 2, nodes.raw("", r"\minusmaaltend{}", format="latex"))


def setup(app: Sphinx) -> None:
    """Register the PDF's settings and post-transforms (called by :func:`minusma.book.publication.setup`)."""
    app.add_config_value("latex_subtitle", "", "env")
    app.add_config_value("minusma_pdf_drop", [], "env")
    app.add_config_value("minusma_pdf_site_only_sections", ["Downloads", "Chapters"], "env")
    app.add_config_value("minusma_pdf_summary_title", "Executive summary", "env")
    app.add_post_transform(RemoveCodeInputs)
    app.add_post_transform(KeepFrontHeadingsWithText)
    app.add_post_transform(FrontMatterForPrint)
    app.add_post_transform(DropPagesFromPdf)
    app.add_post_transform(UnhyphenatedIdentifiers)
    app.add_post_transform(ChartAltText)
