"""Numbered figures and tables: every chart of the book becomes "Figure 2.1" with its finding as caption.

Part of the book's Sphinx extension (registered by :mod:`minusma.book.publication`).

A chart reaches the page as a notebook output (:class:`minusma.charts.render.Chart`)
that MyST-NB turns into a *mime bundle*: the HTML the site shows and the PNG
the PDF prints. :class:`ChartFigures`, a transform run when a page is read,
wraps each chart's bundle in a docutils ``figure`` whose caption is the
chart's title (the finding) and whose label is ``fig-<chapter>-<name>``, so

- Sphinx numbers it by chapter (``numfig``, ``numfig_format`` "Figure %s"),
  the site prints "Figure 2.1: ..." above the image and the PDF a LaTeX
  ``figure`` float with ``\\caption`` (listed in the list of figures);
- the text cites it with ``{numref}`fig-casualties-fatalities-by-year```.

Tables get their number and caption from :meth:`minusma.book.chapter.Chapter.table`
(``caption=``, ``name=``), which wraps the Markdown table in MyST's ``{table}``
directive; their label is ``tbl-<chapter>-<name>``.

:class:`DecodeAddresses` decodes ``&amp;`` left in sources' web addresses.

:func:`unnumbered` lists what a built doctree holds without a number and
caption (the tests use it on the built pages).
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

#: The chart's HTML (see :meth:`minusma.charts.render.Chart.html`): its name, chapter and title.
CHART_HTML = re.compile(
    r'<figure class="minusma-chart" id="chart-(?P<name>[a-z0-9-]+)" '
    r'data-chapter="(?P<chapter>[^"]*)" data-title="(?P<title>[^"]*)"'
)


def figure_label(chapter: str, name: str) -> str:
    """The label of a chart's figure, for ``{numref}``: ``fig-<chapter>-<name>``."""
    return f"fig-{chapter}-{name}"


def _chart_of(bundle: nodes.Element) -> re.Match | None:
    for child in bundle.children:
        if child.get("mime_type") == "text/html":
            for raw in child.findall(nodes.raw):
                m = CHART_HTML.search(raw.astext())
                if m:
                    return m
    return None


class ChartFigures(SphinxTransform):
    """Wrap each chart's mime bundle in a labelled figure with the chart's title as caption.

    Runs at read time, before the domains collect labels (priority 850) and before
    Sphinx numbers figures, so the figure is numbered and ``{numref}`` finds it.
    """

    default_priority = 700

    def apply(self, **kwargs) -> None:
        for bundle in list(self.document.findall(nodes.container)):
            if bundle.get("nb_element") != "mime_bundle" or isinstance(bundle.parent, nodes.figure):
                continue
            m = _chart_of(bundle)
            if m is None:
                continue
            title = html.unescape(m["title"])
            label = figure_label(html.unescape(m["chapter"]), m["name"])
            figure = nodes.figure("", classes=["minusma-figure"])
            figure.source, figure.line = bundle.source, bundle.line
            bundle.replace_self(figure)
            figure += bundle
            caption = nodes.caption(title, title)
            caption.source, caption.line = bundle.source, bundle.line
            figure += caption
            figure["names"].append(label)
            self.document.note_explicit_target(figure, figure)


#: An HTML character reference left in a web address by a source (``&amp;``, ``&#38;``).
ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


class DecodeAddresses(SphinxTransform):
    """Decode HTML character references in link addresses (``?a=1&amp;b=2`` becomes ``?a=1&b=2``).

    Some sources' addresses come HTML-escaped; printed as such they show ``&amp;`` in the PDF's
    footnotes and the site escapes them twice, so the link is broken in both.
    """

    default_priority = 700

    def apply(self, **kwargs) -> None:
        for ref in self.document.findall(nodes.reference):
            uri = ref.get("refuri", "")
            if ENTITY.search(uri):
                ref["refuri"] = html.unescape(uri)
                for text in list(ref.findall(nodes.Text)):
                    if ENTITY.search(text.astext()):
                        text.parent.replace(text, nodes.Text(html.unescape(text.astext())))


def unnumbered(doctree: nodes.document) -> list[str]:
    """What ``doctree`` holds as a figure or table without a caption, or a chart outside a figure.

    Returns one line per problem (empty if every figure and table is numbered and captioned).
    """
    problems = []
    for fig in doctree.findall(nodes.figure):
        if not any(isinstance(c, nodes.caption) and c.astext().strip() for c in fig.children):
            problems.append(f"figure without caption: {fig.get('ids')}")
    for table in doctree.findall(nodes.table):
        if not any(isinstance(c, nodes.title) and c.astext().strip() for c in table.children):
            first = table.next_node(nodes.entry)
            problems.append(f"table without caption (first cell {first.astext()[:40] if first else ''!r})")
    for bundle in doctree.findall(nodes.container):
        if (
            bundle.get("nb_element") == "mime_bundle"
            and _chart_of(bundle)
            and not isinstance(bundle.parent, nodes.figure)
        ):
            problems.append("chart outside a figure")
    return problems


def setup(app) -> None:
    """Register the transform (called from :func:`minusma.book.publication.setup`)."""
    app.add_transform(ChartFigures)
    app.add_transform(DecodeAddresses)
