"""Timeline markers: the same dated events, drawn the same way, on every time-series chart.

:data:`MARKERS` picks the events that charts mark and gives each a short
label; the event itself (date, wording, source) comes from the ``timeline``
table of ``data/``, so a marker cannot drift from the fact base: if the
table has no event of that date and category, :func:`markers` raises.

Typical use in a chapter::

    events = ch.load("timeline")
    fig, ax = style.new_figure()
    ax.plot(...)
    timeline.mark(ax, timeline.markers(events, ["coup_2020", "wagner", "mandate_end"]))
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from minusma.analysis import periods as _periods
from minusma.charts.style import PALETTE, SUBTLE


@dataclass(frozen=True)
class Marker:
    """A marker: which timeline event, and the short label charts print."""

    date: str
    category: str
    label: str


#: Events that charts mark, by key. ``date`` and ``category`` must match a row of ``data/timeline.csv``.
MARKERS: dict[str, Marker] = {
    # Why the mission came, 2012-2013.
    "rebellion_2012": Marker("2012-01-17", "security", "Rebellion begins"),
    "coup_2012": Marker("2012-03-22", "politics", "Coup in Bamako"),
    "azawad": Marker("2012-04-06", "security", "'Azawad' proclaimed"),
    "north_taken": Marker("2012-06-28", "security", "Islamists hold the north"),
    "afisma": Marker("2012-12-20", "mission", "Res. 2085: AFISMA"),
    "serval": Marker("2013-01-11", "france", "France intervenes (Serval)"),
    "res_2100": Marker("2013-04-25", "mission", "Res. 2100: MINUSMA created"),
    "minusma_start": Marker("2013-07-01", "mission", "MINUSMA takes over"),
    "election_2013": Marker("2013-08-11", "politics", "Keïta elected"),
    "algiers": Marker("2015-06-20", "politics", "Algiers agreement signed"),
    "res_2295": Marker("2016-06-29", "mission", "Res. 2295: robust mandate"),
    "election_2018": Marker("2018-08-12", "politics", "Keïta re-elected"),
    "aguelhok_2019": Marker("2019-01-20", "security", "Aguelhok attack"),
    "res_2480": Marker("2019-06-28", "mission", "Res. 2480: centre a priority"),
    "coup_2020": Marker("2020-08-18", "politics", "Coup"),
    "coup_2021": Marker("2021-05-24", "politics", "Second coup"),
    "wagner": Marker("2021-12", "wagner", "Wagner arrives"),
    "moura": Marker("2022-03-27", "human-rights", "Moura"),
    "gossi": Marker("2022-04-22", "wagner", "Gossi mass grave footage"),
    "g5_exit": Marker("2022-05", "politics", "Mali leaves the G5 Sahel"),
    "france_exit": Marker("2022-08-15", "france", "France leaves"),
    "exit_demand": Marker("2023-06-16", "withdrawal", "Mali demands exit"),
    "mandate_end": Marker("2023-06-30", "withdrawal", "Mandate ends"),
    "withdrawal_start": Marker("2023-07-01", "withdrawal", "Withdrawal begins"),
    "withdrawal_end": Marker("2023-12-31", "withdrawal", "Withdrawal deadline"),
    "algiers_end": Marker("2024-01-25", "politics", "Algiers agreement ended"),
    "africa_corps": Marker("2025-06-06", "wagner", "Wagner out, Africa Corps"),
    # Restrictions on the mission and France's exit (the Wagner chapter's timeline).
    "france_announces": Marker("2022-02-17", "france", "France announces exit"),
    "ivorian_soldiers": Marker("2022-07-10", "politics", "49 Ivorian soldiers held"),
    "rotations_suspended": Marker("2022-07-14", "mission", "UN rotations suspended"),
    "spokesperson_expelled": Marker("2022-07-20", "mission", "UN spokesperson expelled"),
    "moura_access_denied": Marker("2022", "human-rights", "UN denied access to Moura"),
    "hrd_director_expelled": Marker("2023-02-05", "human-rights", "UN rights division head expelled"),
    "ohchr_moura": Marker("2023-05-12", "human-rights", "OHCHR Moura report"),
    "sanctions_veto": Marker("2023-08-30", "politics", "Russian veto ends sanctions panel"),
    "convoys_held": Marker("2023-09-24", "withdrawal", "UN convoys held in Gao"),
    "kidal_taken": Marker("2023-11-14", "security", "Army and Wagner take Kidal"),
    # What followed (the Withdrawal chapter).
    "aes_confederation": Marker("2024-07-06", "politics", "AES confederation"),
    "tinzaouaten": Marker("2024-07-25", "wagner", "Tinzaouaten"),
    "bamako_attack": Marker("2024-09-17", "security", "JNIM attacks Bamako"),
    "aes_leaves_ecowas": Marker("2025-01-29", "politics", "AES leaves ECOWAS"),
    "fuel_blockade": Marker("2025-09", "security", "JNIM fuel blockade"),
}

#: The markers most charts of 2012-2026 use.
DEFAULT = ("minusma_start", "coup_2020", "coup_2021", "wagner", "france_exit", "mandate_end", "algiers_end")


def markers(events: pd.DataFrame, keys=DEFAULT) -> pd.DataFrame:
    """Return the chosen markers joined to their timeline events.

    Parameters
    ----------
    events : pandas.DataFrame
        The ``timeline`` table (columns ``date, precision, date_start,
        category, event, source_title, source_url``).
    keys : iterable of str
        Keys of :data:`MARKERS`.

    Returns
    -------
    pandas.DataFrame
        One row per key, in date order: ``key, date_start`` (datetime64),
        ``label, event, source_title, source_url``.

    Raises
    ------
    KeyError
        A key is unknown, or its event is not in the table (the fact base
        changed): the message names the date and category looked for.
    """
    rows = []
    for key in keys:
        if key not in MARKERS:
            raise KeyError(f"unknown timeline marker {key!r}; known: {list(MARKERS)}")
        m = MARKERS[key]
        hit = events[(events["date"] == m.date) & (events["category"] == m.category)]
        if hit.empty:
            raise KeyError(f"timeline marker {key!r}: no {m.category!r} event dated {m.date} in data/timeline.csv")
        e = hit.iloc[0]
        rows.append(
            {
                "key": key,
                "date_start": e["date_start"],
                "label": m.label,
                "event": e["event"],
                "source_title": e["source_title"],
                "source_url": e["source_url"],
            }
        )
    return pd.DataFrame(rows).sort_values("date_start", kind="stable").reset_index(drop=True)


def date_text(events: pd.DataFrame, key: str) -> str:
    """The date of a marker's event as prose writes it: ``16 June 2023``, ``December 2021`` when
    the fact base knows only the month, ``2022`` when it knows only the year.

    Raises
    ------
    KeyError
        As :func:`markers`.
    """
    m = MARKERS.get(key)
    row = markers(events, [key]).iloc[0]
    if m is not None and len(m.date) == 4:
        return row["date_start"].strftime("%Y")
    if m is not None and len(m.date) == 7:
        return row["date_start"].strftime("%B %Y")
    return row["date_start"].strftime("%-d %B %Y")


def short_date(key: str, date: pd.Timestamp) -> str:
    """A marker's date for a table or chart label, as precise as the fact base: ``5 Feb 2023``, ``Dec 2021``, ``2022``.

    Raises
    ------
    KeyError
        ``key`` is not in :data:`MARKERS`.
    """
    n = len(MARKERS[key].date)
    return f"{date:%Y}" if n == 4 else f"{date:%b %Y}" if n == 7 else f"{date:%-d %b %Y}"


def mark(ax, marks: pd.DataFrame, *, color: str = SUBTLE, fontsize: float = 8.5, ypos: float = 0.98) -> None:
    """Draw ``marks`` (from :func:`markers`) as dashed vertical lines with rotated labels.

    Labels sit at the top of the axes, left of their line, so that lines a
    few months apart stay legible. Works on any axes whose x axis holds dates.
    """
    for _, m in marks.iterrows():
        ax.axvline(m["date_start"], color=color, linewidth=0.9, linestyle=(0, (3, 2)), zorder=1)
        ax.text(
            m["date_start"],
            ypos,
            f"{m['label']} ",
            transform=ax.get_xaxis_transform(),
            rotation=90,
            ha="right",
            va="top",
            fontsize=fontsize,
            color=color,
        )


def shade(
    ax, keys=("wagner_minusma",), *, last: pd.Timestamp | None = None, alpha: float = 0.10, label: bool = True
) -> None:
    """Shade periods of :mod:`minusma.analysis.periods` on a date axis, with their label at the bottom.

    Parameters
    ----------
    keys : iterable of str
        Period keys to shade.
    last : pandas.Timestamp, optional
        End of an open period (default: the axis' right limit).
    """
    for key in keys:
        p = _periods.get(key)
        end = p.end if p.end is not None else (last if last is not None else None)
        if end is None:
            import matplotlib.dates as mdates

            end = mdates.num2date(ax.get_xlim()[1]).replace(tzinfo=None)
        ax.axvspan(p.start, end, color=PALETTE["orange"], alpha=alpha, linewidth=0, zorder=0)
        if label:
            ax.text(
                p.start + (pd.Timestamp(end) - p.start) / 2,
                0.02,
                p.label,
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=8,
                color=SUBTLE,
            )
