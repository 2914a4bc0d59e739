"""The house style: one look for every chart and table, and reproducible files.

Charts follow the conventions of Our World in Data and the UN's own
dashboards: a title that states the finding, a subtitle that says what is
measured and in what unit, labelled axes, a source line naming dataset,
version and retrieval date, a colour-blind-safe palette (Okabe & Ito), no
chart junk. The image carries its title and source line, so it reads the same
on the site, in the PDF and when shared alone.

:func:`new_figure` gives a figure in the house style (palette, type, sizes for the page, the
phone and print); :func:`minusma.charts.render.render` turns it into a chart the book displays,
and :class:`minusma.charts.table.Table` is the house table.
"""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure

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
    # A deliberate pairing: charts in DejaVu Sans (bundled with matplotlib, so every machine draws the
    # same bytes; wide, open letters that stay legible small), the PDF's body in FreeSerif.
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


#: Width of the phone variant of a chart, inches: shown about 358 CSS px wide on a 390-px screen,
#: so one point of its type is about 1.3 CSS px.
PHONE_WIDTH_IN = 3.8
#: Smallest type (points) in the page image: the PDF sets it at most :data:`PRINT_WIDTH_IN` wide,
#: so 8 pt in the image prints at 7.3 pt or more on A4.
MIN_PT = 8.0
#: Smallest type (points) in the phone image: 9.5 pt there is 12 CSS px on a 390-px screen.
PHONE_MIN_PT = 9.5
#: Width of the PDF's text block (A4 less 2 x 2.2 cm margins), inches.
PRINT_WIDTH_IN = (21.0 - 4.4) / 2.54
