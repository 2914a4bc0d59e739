"""The periods of the story, defined once for every chapter and chart.

Boundaries are dated events of the fact base (``data/timeline.csv``):

=====================  ==========================  ==========================================
key                    dates (inclusive)           opens with
=====================  ==========================  ==========================================
``before_coups``       2013-07-01 to 2020-08-17    MINUSMA takes over from AFISMA (1 July 2013)
``coups``              2020-08-18 to 2021-11-30    the first coup (18 August 2020)
``wagner_minusma``     2021-12-01 to 2023-12-31    Wagner personnel begin deploying (December 2021)
``after_minusma``      2024-01-01 onwards          the mission's withdrawal deadline has passed
=====================  ==========================  ==========================================

Wagner's arrival is known to the month only (December 2021), so the period
starts on the first of that month. The last period is open: it ends with the
latest complete month of whichever dataset is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Period:
    """A period of the story.

    Attributes
    ----------
    key : str
        Stable identifier (``wagner_minusma``).
    label : str
        Short label for charts and tables.
    start : pandas.Timestamp
        First day (inclusive).
    end : pandas.Timestamp or None
        Last day (inclusive); ``None`` for the open last period.
    opened_by : str
        The event that opens the period, in words.
    """

    key: str
    label: str
    start: pd.Timestamp
    end: pd.Timestamp | None
    opened_by: str

    def contains(self, dates: pd.Series) -> pd.Series:
        """Boolean Series: which ``dates`` (datetime64) fall in the period."""
        inside = dates >= self.start
        if self.end is not None:
            inside &= dates <= self.end
        return inside

    def months(self, last: pd.Timestamp | None = None) -> int:
        """Number of calendar months in the period (open end closed at ``last``).

        Raises
        ------
        ValueError
            The period is open and ``last`` is not given.
        """
        end = self.end if self.end is not None else last
        if end is None:
            raise ValueError(f"period {self.key!r} is open: give the last month of the data")
        return (end.year - self.start.year) * 12 + end.month - self.start.month + 1


PERIODS: tuple[Period, ...] = (
    Period(
        "before_coups",
        "Before the coups",
        pd.Timestamp("2013-07-01"),
        pd.Timestamp("2020-08-17"),
        "MINUSMA takes over from AFISMA, 1 July 2013",
    ),
    Period(
        "coups",
        "Coups, before Wagner",
        pd.Timestamp("2020-08-18"),
        pd.Timestamp("2021-11-30"),
        "First coup, 18 August 2020",
    ),
    Period(
        "wagner_minusma",
        "Wagner and MINUSMA",
        pd.Timestamp("2021-12-01"),
        pd.Timestamp("2023-12-31"),
        "Wagner personnel begin deploying, December 2021",
    ),
    Period(
        "after_minusma",
        "After MINUSMA",
        pd.Timestamp("2024-01-01"),
        None,
        "Withdrawal deadline passed, 31 December 2023",
    ),
)

BY_KEY = {p.key: p for p in PERIODS}


def get(key: str) -> Period:
    """Return the period called ``key``.

    Raises
    ------
    KeyError
        Unknown key; the message lists the known ones.
    """
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown period {key!r}; known: {list(BY_KEY)}") from None


def assign(dates: pd.Series) -> pd.Series:
    """Label each date with the key of its period.

    Parameters
    ----------
    dates : pandas.Series of datetime64

    Returns
    -------
    pandas.Series of str (categorical order of :data:`PERIODS`)
        Same index; ``NaN`` for dates before 1 July 2013.
    """
    out = pd.Series(pd.NA, index=dates.index, dtype="object")
    for p in PERIODS:
        out[p.contains(dates)] = p.key
    return pd.Series(pd.Categorical(out, categories=[p.key for p in PERIODS], ordered=True), index=dates.index)
