"""Key-figure frames: how an analysis function hands the numbers of a chapter's prose to the book.

A key-figure frame has one row per number the prose states, with the columns
:data:`KEY_COLUMNS` (the arguments of :meth:`minusma.book.chapter.Chapter.key`); a chapter
registers a whole frame with one call, :meth:`minusma.book.chapter.Chapter.keys`. Build one
from rows of :func:`key` with :func:`key_frame`, or collect rows with :class:`Keys`.
"""

from __future__ import annotations

import pandas as pd

#: Columns of a key-figure frame (what :meth:`minusma.book.chapter.Chapter.keys` takes).
KEY_COLUMNS = ("name", "value", "unit", "source", "text", "fmt")


def key(name: str, value, unit: str, source: str, text: str | None = None, fmt: str | None = None) -> dict:
    """One key figure as a row of a key-figure frame (arguments as :meth:`minusma.book.chapter.Chapter.key`)."""
    return {"name": name, "value": value, "unit": unit, "source": source, "text": text, "fmt": fmt}


def key_frame(rows: list[dict]) -> pd.DataFrame:
    """A key-figure frame from rows of :func:`key`, in order.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`KEY_COLUMNS`, all of dtype object, so that an int stays an int (a
        column of ints and floats would otherwise become float64); ``text`` and ``fmt`` are
        None where not given.

    Raises
    ------
    ValueError
        Two rows share a name.

    Examples
    --------
    >>> f = key_frame([key("a_total", 1234, "fatalities", "UN"), key("a_share", 0.5, "share", "UN", fmt="{:.0%}")])
    >>> f["value"].tolist(), f["fmt"].tolist()
    ([1234, 0.5], [None, '{:.0%}'])
    """
    out = pd.DataFrame(rows, columns=list(KEY_COLUMNS), dtype=object)
    dup = out["name"][out["name"].duplicated()]
    if not dup.empty:
        raise ValueError(f"key figures named twice: {sorted(set(dup))}")
    return out


def values(*frames: pd.DataFrame) -> dict:
    """The values of key-figure frames by name (for chart titles that state the same finding)."""
    return {n: v for f in frames for n, v in zip(f["name"], f["value"], strict=True)}


class Keys:
    """Collects key-figure rows in order; :meth:`frame` returns them as a key-figure frame."""

    def __init__(self):
        self.rows: list[dict] = []

    def add(self, name: str, value, unit: str, source: str, text: str | None = None, fmt: str | None = None):
        """Add one row (the arguments of :meth:`minusma.book.chapter.Chapter.key`)."""
        self.rows.append(key(name, value, unit, source, text, fmt))

    def frame(self) -> pd.DataFrame:
        """The rows as a key-figure frame (:func:`key_frame`: names unique, values keep their type)."""
        return key_frame(self.rows)
