"""Generic chart recipes: monthly bars with averages, dot-and-whisker, dated dots, stacked bars, quarter axes.

Each recipe draws on an axes made by :func:`minusma.charts.style.new_figure` in the house
palette and returns what it computed (the plotted averages, the positions), so that a
chapter's recipe in :mod:`minusma.charts.wagner` (or another chapter's) can put the
numbers in its alt text and data table. None of them sets a title: the chapter gives the
finding as the title through :meth:`minusma.book.chapter.Chapter.chart`.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.ticker import NullFormatter

from minusma.charts import style, timeline


def rolling_mean(series: pd.Series, window: int) -> pd.Series:
    """Trailing mean over ``window`` values (NaN until ``window`` values exist)."""
    return series.rolling(window, min_periods=window).mean()


def monthly_bars(
    ax, months: pd.Series, values: pd.Series, colour: str, *, window: int = 6, width: float = 25, alpha: float = 0.35
) -> pd.Series:
    """Monthly bars (pale) with their trailing ``window``-month average (a line) in one colour.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    months : pandas.Series of datetime64
        First days of months (the bars start there).
    values : pandas.Series
        The count per month (same index as ``months``).
    colour : str
        A colour of :data:`minusma.charts.style.PALETTE`.

    Returns
    -------
    pandas.Series
        The plotted average (float, NaN for the first ``window - 1`` months).
    """
    avg = rolling_mean(values, window)
    ax.bar(months, values, width=width, color=colour, alpha=alpha, linewidth=0)
    ax.plot(months, avg, color=colour, linewidth=2)
    return avg


def dot_whisker(
    ax,
    frame: pd.DataFrame,
    *,
    group: str,
    series: dict,
    log_ticks=(0.5, 1, 2, 4),
    xlim=(0.45, 6),
    xlabel: str = "",
    wrap: str = " vs ",
) -> list[str]:
    """Estimates with 95% intervals, one row per group, one marker per series, on a log scale around 1.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per (group, series): columns ``group`` (the row label), ``measure`` (the series
        key), ``ratio``, ``low``, ``high`` (float).
    group : str
        The column of ``frame`` holding the row labels (in order of first appearance).
    series : dict
        Series key -> (label, colour, marker, vertical offset), e.g.
        ``{"events": ("Events", PALETTE["blue"], "s", -0.13)}``.
    wrap : str
        Row labels break their line before this text.

    Returns
    -------
    list of str
        The row labels, top to bottom.
    """
    labels = list(dict.fromkeys(frame[group]))
    for key, (label, colour, marker, dy) in series.items():
        f = frame[frame["measure"] == key]
        yy = [labels.index(c) + dy for c in f[group]]
        ax.errorbar(
            f["ratio"],
            yy,
            xerr=[f["ratio"] - f["low"], f["high"] - f["ratio"]],
            fmt=marker,
            color=colour,
            capsize=3,
            label=label,
            markersize=6,
        )
        for x, y_, hi in zip(f["ratio"], yy, f["high"]):
            ax.text(hi * 1.04, y_, f"{x:.1f}", va="center", fontsize=9, color=style.TEXT)
    ax.axvline(1, color=style.SUBTLE, linewidth=1)
    ax.set_xscale("log")
    ax.set_xticks(list(log_ticks))
    ax.set_xticklabels([f"{t:g}" for t in log_ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlim(*xlim)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels([lab.replace(wrap, "\n" + wrap.lstrip()) for lab in labels])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower left")
    return labels


def dated_dots(
    ax, marks: pd.DataFrame, *, phone: bool = False, flip_after: pd.Timestamp | None = None, wrap: int = 37
) -> None:
    """Dated events as dots, one per row, each labelled with its short date and label, on a time axis.

    Parameters
    ----------
    marks : pandas.DataFrame
        From :func:`minusma.charts.timeline.markers` (``key``, ``date_start``, ``label``).
    phone : bool
        Labels above their row from the left edge (a narrow plot has no room beside the dots).
    flip_after : pandas.Timestamp, optional
        Labels of events from this date go to the left of their dot (default: all to the right).
    """
    for i, r in enumerate(marks.itertuples()):
        ax.axvline(r.date_start, color=style.MUTED, linewidth=0.8, linestyle=(0, (3, 2)), zorder=0)
        ax.plot(r.date_start, i, "o", color=style.TEXT, markersize=4.5)
        label = f"{timeline.short_date(r.key, r.date_start)}: {r.label}"
        if phone:
            ax.text(
                0.0,
                i - 0.18,
                textwrap.fill(label, wrap),
                transform=ax.get_yaxis_transform(),
                ha="left",
                va="bottom",
                fontsize=style.PHONE_MIN_PT,
                color=style.TEXT,
                linespacing=1.1,
            )
            continue
        right = flip_after is None or r.date_start < flip_after
        ax.text(
            r.date_start + pd.Timedelta(days=(18 if right else -18)),
            i,
            label,
            ha="left" if right else "right",
            va="center",
            fontsize=8.5,
            color=style.TEXT,
        )
    ax.set_ylim(len(marks) - (0.6 if phone else 0.4), -1.0 if phone else -0.6)
    ax.set_yticks([])
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1] if phone else [1, 7]))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y" if phone else "%b %Y"))


def stacked_bars(
    ax,
    x,
    frame: pd.DataFrame,
    colours: list[str],
    *,
    width: float = 0.75,
    hatches=None,
    totals: float | None = None,
    **bar_kw,
) -> pd.Series:
    """Bars of ``frame``'s columns stacked in column order at positions ``x``, one colour each.

    Parameters
    ----------
    x : sequence
        Bar positions (years, dates or 0..n-1), one per row of ``frame``.
    frame : pandas.DataFrame
        One column per stacked series (its name is the legend label).
    colours : list of str
        One colour per column.
    hatches : list, optional
        One hatch (or None) per column; hatched bars get grey edges, others white.
    totals : float, optional
        Write each bar's total above it, this far (data units) above the top.

    Returns
    -------
    pandas.Series
        Each bar's total (the stacked height).
    """
    bottom = pd.Series(0, index=frame.index)
    for i, (col, c) in enumerate(zip(frame.columns, colours)):
        kw = dict(bar_kw)
        if hatches is not None:
            kw.update(hatch=hatches[i], edgecolor="white" if hatches[i] is None else style.SUBTLE, linewidth=0.3)
        ax.bar(x, frame[col], bottom=bottom, color=c, label=col, width=width, **kw)
        bottom += frame[col]
    if totals is not None:
        for xi, t in zip(x, bottom):
            ax.text(xi, t + totals, f"{t:,}", ha="center", va="bottom", fontsize=9, color=style.TEXT)
    return bottom


def quarter_axis(ax, quarters, cut: str | None = None) -> None:
    """Ticks at each first quarter of a 0..n-1 axis of quarter labels ('2017-Q1'), labelled with the year;
    with ``cut``, a dashed line before that quarter.
    """
    quarters = list(quarters)
    ticks = [i for i, q in enumerate(quarters) if q.endswith("Q1")]
    ax.set_xticks(ticks)
    ax.set_xticklabels([quarters[i][:4] for i in ticks])
    if cut is not None:
        ax.axvline(quarters.index(cut) - 0.5, color=style.PALETTE["grey"], linestyle="--", linewidth=1)
