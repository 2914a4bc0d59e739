"""The house style: one look for every chart and table, and reproducible files.

Charts follow the conventions of Our World in Data and the UN's own
dashboards: a title that states the finding, a subtitle that says what is
measured and in what unit, labelled axes, a source line naming dataset,
version and retrieval date, a colour-blind-safe palette (Okabe & Ito), no
chart junk. The image carries its title and source line, so it reads the same
on the site, in the PDF and when shared alone.

:func:`new_figure` gives a figure in the house style; :func:`render` turns it
into a :class:`Chart` (PNG bytes, alt text, the plotted table as CSV) that
Jupyter and the book display. The same figure and data always give the same
bytes: PNG metadata holding the software version or a date is stripped.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import textwrap
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from .markup import Markup, code, link, md_escape  # noqa: F401  (re-exported: ch.table cells)

matplotlib.use("Agg")

#: Okabe-Ito palette (colour-blind safe), by name.
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#8C8C8C",
    "lightgrey": "#D9D9D9",
}
#: Colour order for categorical series.
CYCLE = [PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "sky", "purple", "black", "yellow")]

#: One colour per UN incident type, used by every chart that splits by it.
INCIDENT_COLOURS = {
    "Malicious Act": PALETTE["vermillion"],
    "Illness": PALETTE["blue"],
    "Accident": PALETTE["orange"],
    "Self-Inflicted": PALETTE["purple"],
    "To Be Determined": PALETTE["grey"],
    "Unknown": PALETTE["lightgrey"],
}
#: The colour that marks MINUSMA against other missions.
HIGHLIGHT = PALETTE["blue"]
MUTED = PALETTE["lightgrey"]

WIDTH_IN = 7.2  # inches; at DPI this gives 1,080 px, sharp on phones and in print
DPI = 150
TEXT = "#222222"
SUBTLE = "#555555"

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": "#999999",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.8,
    "xtick.color": SUBTLE,
    "ytick.color": SUBTLE,
    "xtick.labelsize": 10.5,
    "ytick.labelsize": 10.5,
    "legend.frameon": False,
    "legend.fontsize": 10,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "minusma",
    "path.simplify": True,
}


def use() -> None:
    """Apply the house style to matplotlib (idempotent)."""
    matplotlib.rcParams.update(RC)


def new_figure(nrows: int = 1, ncols: int = 1, height: float = 4.6, width: float = WIDTH_IN, **kwargs):
    """Return ``(fig, axes)`` in the house style, not registered with pyplot.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes, as :meth:`matplotlib.figure.Figure.subplots`.
    height, width : float
        Size of the plotting area in inches (title and source line are
        added around it by :func:`render`).
    **kwargs
        Passed to ``Figure.subplots`` (``sharex``, ``sharey``, ``gridspec_kw``...).

    Returns
    -------
    tuple
        ``(matplotlib.figure.Figure, Axes or array of Axes)``.
    """
    use()
    fig = Figure(figsize=(width, height), dpi=DPI)
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def thousands(ax, axis: str = "y") -> None:
    """Format an axis' tick labels with thousands separators (``12,000``)."""
    fmt = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def month_axis(ax, interval: int = 1, fmt: str = "%b %Y") -> None:
    """Label a date x axis by month (``Aug 2023``), one tick every ``interval`` months."""
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.MonthLocator(interval=interval))
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))


def label_bars(ax, bars, fmt: str = "{:,.0f}", **kwargs) -> None:
    """Write each bar's value at its end, in small dark type (``fmt`` is a ``str.format`` pattern)."""
    ax.bar_label(bars, fmt=fmt, padding=3, fontsize=9, color=TEXT, **kwargs)


@dataclass
class Chart:
    """A finished chart: the image, its alt text and the table it plots.

    Displays in Jupyter and in the book as the PNG with its alt text and links
    to download the PNG and the CSV (see :mod:`minusma.sphinxext`, which
    writes those files into the site).

    Attributes
    ----------
    name : str
        Slug, unique within the chapter (``fatalities-by-year``).
    chapter : str
        Chapter slug (``casualties``).
    docname : str
        Sphinx document name of the chapter (``chapters/casualties``).
    png : bytes
        The image.
    alt : str
        Alt text: what the chart shows, with its main numbers.
    csv : str
        The plotted table, as CSV text.
    title, source : str
        The title and source line drawn in the image.
    """

    name: str
    chapter: str
    docname: str
    png: bytes
    alt: str
    csv: str
    title: str
    source: str

    #: Key of the output metadata that carries the chart's name, chapter and CSV for the book's extension.
    META = "minusma_chart"

    def _url(self, ext: str) -> str:
        depth = self.docname.count("/")
        return "../" * depth + f"downloads/{self.chapter}/{self.name}.{ext}"

    def html(self) -> str:
        """HTML of the figure: image (a file in the book; inline in Jupyter) and download links."""
        in_book = os.environ.get("MINUSMA_BOOK") == "1"
        b64 = base64.b64encode(self.png).decode()
        img = self._url("png") if in_book else f"data:image/png;base64,{b64}"
        csv = self._url("csv") if in_book else "data:text/csv;base64," + base64.b64encode(self.csv.encode()).decode()
        alt = html.escape(self.alt, quote=True)
        return (
            f'<figure class="minusma-chart" id="chart-{self.name}">'
            f'<a href="{img}" title="Open the full-size image"><img src="{img}" alt="{alt}" loading="lazy" width="100%"></a>'
            f'<figcaption class="minusma-chart-links">Download: '
            f'<a href="{csv}" download="{self.name}.csv">data (CSV)</a> · '
            f'<a href="{img}" download="{self.name}.png">image (PNG)</a></figcaption></figure>'
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {
            "image/png": base64.b64encode(self.png).decode(),
            "text/html": self.html(),
            "text/plain": f"[Chart: {self.title}] {self.alt}",
        }
        meta = {
            self.META: {
                "name": self.name,
                "chapter": self.chapter,
                "docname": self.docname,
                "title": self.title,
                "alt": self.alt,
                "source": self.source,
                "csv": self.csv,
            }
        }
        return data, meta


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) if text else ""


def render(
    fig: Figure,
    *,
    name: str,
    chapter: str,
    docname: str,
    title: str,
    subtitle: str,
    source: str,
    alt: str,
    data: pd.DataFrame,
    note: str | None = None,
) -> Chart:
    """Add title, subtitle and source line to ``fig`` and return it as a :class:`Chart`.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        From :func:`new_figure`, with the data drawn.
    name : str
        Slug of the chart, lower case with hyphens; file names derive from it.
    chapter, docname : str
        Chapter slug and Sphinx document name (from :class:`minusma.chapter.Chapter`).
    title : str
        The finding, in one sentence.
    subtitle : str
        What is measured, where, when, in what unit.
    source : str
        Source line: dataset, version, retrieval date, licence.
    alt : str
        Alt text for screen readers: the chart type and its main numbers.
    data : pandas.DataFrame
        Exactly the values plotted; published as the chart's CSV.
    note : str, optional
        A line of caveats, printed above the source line.

    Returns
    -------
    Chart

    Raises
    ------
    ValueError
        ``name`` is not a slug, or ``alt``/``title``/``source`` is empty.
    """
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        raise ValueError(f"chart name {name!r} must be a lower-case slug (letters, digits, hyphens)")
    for what, val in (("title", title), ("alt", alt), ("source", source)):
        if not val or not val.strip():
            raise ValueError(f"chart {name!r} needs a non-empty {what}")
    w_in, h_in = fig.get_size_inches()
    chars = int(w_in * 10.5)
    title_t = _wrap(title, int(chars * 0.78))
    sub_t = _wrap(subtitle, int(chars * 1.12))
    foot = (note + "\n" if note else "") + source
    foot_t = "\n".join(_wrap(line, int(chars * 1.55)) for line in foot.split("\n"))
    n_title, n_sub, n_foot = title_t.count("\n") + 1, (sub_t.count("\n") + 1) if sub_t else 0, foot_t.count("\n") + 1
    top_in = 0.12 + n_title * 0.30 + n_sub * 0.22 + 0.04
    bottom_in = 0.10 + n_foot * 0.16 + 0.05
    fig.set_size_inches(w_in, h_in + top_in + bottom_in)
    H = h_in + top_in + bottom_in
    fig.tight_layout(rect=(0, bottom_in / H, 1, 1 - top_in / H))
    fig.text(0.012, 1 - 0.10 / H, title_t, ha="left", va="top", fontsize=14.5, fontweight="bold", color=TEXT,
             linespacing=1.15)
    if sub_t:
        fig.text(0.012, 1 - (0.14 + n_title * 0.30) / H, sub_t, ha="left", va="top", fontsize=10.5,
                 color=SUBTLE, linespacing=1.25)
    fig.text(0.012, 0.06 / H, foot_t, ha="left", va="bottom", fontsize=8, color=SUBTLE, linespacing=1.3)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    data_csv = data.to_csv(index=False, lineterminator="\n")
    return Chart(name=name, chapter=chapter, docname=docname, png=compact_png(buf.getvalue()), alt=alt, csv=data_csv,
                 title=title, source=source)


def compact_png(png: bytes, colours: int = 256) -> bytes:
    """Re-encode a chart's PNG with an adaptive palette of ``colours`` colours (Pillow), losslessly compressed.

    Charts use few colours, so a palette keeps them visually identical at a
    third to a half of the size, which keeps chapter pages light on phones.
    The result depends only on the input bytes (median-cut quantisation, no
    dithering), so the same chart always gives the same file.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        pal = im.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        out = io.BytesIO()
        pal.save(out, format="PNG", compress_level=9)
    return out.getvalue()


@dataclass
class Table:
    """A table for the page: rendered as a Markdown table, so the site and the PDF both show a real table.

    Attributes
    ----------
    frame : pandas.DataFrame
        The values, already formatted as the reader should see them.
    align : list of str, optional
        Column alignments (``"left"``, ``"right"``, ``"center"``); numbers
        default to right.
    """

    frame: pd.DataFrame
    align: list[str] | None = None

    def markdown(self) -> str:
        """The table as a Markdown pipe table.

        Every cell and header is text: it is escaped with :func:`md_escape`
        (so a ``|``, a backtick, a ``{role}``, an HTML tag or a LaTeX command
        in a value shows as those characters), except :class:`Markup` values
        the project built (:func:`link`, :func:`code`).
        """
        from tabulate import tabulate

        align = self.align or [
            "right" if pd.api.types.is_numeric_dtype(self.frame[c]) else "left" for c in self.frame.columns
        ]
        body = self.frame.astype(object).where(self.frame.notna(), "–")
        cells = [[md_escape(v) for v in row] for row in body.values.tolist()]
        return tabulate(cells, headers=[md_escape(c) for c in self.frame.columns], tablefmt="pipe",
                        colalign=align, disable_numparse=True)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/markdown": self.markdown(), "text/plain": self.frame.to_string(index=False)}
