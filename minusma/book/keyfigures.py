"""Key figures: every number the prose states, registered once.

A chapter registers a number with :meth:`minusma.book.chapter.Chapter.key`, which
calls :func:`register`: the number is glued (myst-nb ``glue``) under its name
for the prose to paste with ``{glue:text}`name``` and, in the same step,
recorded with its unit and source. At the end of the build,
:mod:`minusma.book.sphinxext` collects the records of every chapter into
``key-figures.csv`` at the root of the site, with columns
``name, value, text, unit, chapter, source, type`` (``text`` is how the prose shows the value, ``value``
a date in ISO 8601, ``type`` the value's Table Schema type; see :mod:`minusma.book.downloads`, which
also writes the file's schema). The prose, the summary and the CSV therefore cannot disagree.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from dataclasses import asdict, dataclass

from myst_nb import glue

#: Fields of a key figure (the first columns of ``key-figures.csv``, :data:`minusma.book.downloads.KEY_FIGURE_COLUMNS`).
COLUMNS = ("name", "value", "text", "unit", "chapter", "source")


@dataclass(frozen=True)
class KeyFigure:
    """One number of the prose.

    Attributes
    ----------
    name : str
        Glue key, unique in the book: lower case, digits, underscores.
    value : int, float or str
        The value (int or float; a str only for dates and labels).
    text : str
        How the prose shows it (``"1,234"``, ``"56%"``, ``"21 February 2023"``).
    unit : str
        Unit in words (``"fatalities"``, ``"per 1,000 uniformed personnel per year"``).
    chapter : str
        Chapter slug.
    source : str
        Dataset (and version) the number comes from, or the citation.
    """

    name: str
    value: object
    text: str
    unit: str
    chapter: str
    source: str

    MIME = "application/vnd.minusma.keyfigure+json"

    def __repr__(self) -> str:
        return repr(self.text)

    def _repr_mimebundle_(self, include=None, exclude=None):
        # text/plain is what {glue:text} pastes: quoted, so that "1,234" is not read as a tuple.
        return {"text/plain": repr(self.text), self.MIME: asdict(self)}


def _plain(value):
    """Return ``value`` as a JSON-safe Python scalar (numpy ints/floats to int/float)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        v = float(value)
        if math.isnan(v):
            raise ValueError("a key figure cannot be NaN")
        return v
    return value


def register(
    name: str, value, *, unit: str, chapter: str, source: str, text: str | None = None, fmt: str | None = None
) -> KeyFigure:
    """Glue a key figure and record its metadata; return it.

    Parameters
    ----------
    name : str
        Glue key, ``[a-z0-9_]+``, unique in the book.
    value : number or str
        The value.
    unit, chapter, source : str
        Metadata for ``key-figures.csv``; none may be empty.
    text : str, optional
        The text the prose shows; default ``fmt.format(value)``.
    fmt : str, optional
        ``str.format`` pattern used when ``text`` is not given. Default:
        ``"{:,}"`` for integers (write ``"{}"`` for years), the value itself
        for strings; floats need ``text`` or ``fmt``.

    Returns
    -------
    KeyFigure

    Raises
    ------
    ValueError
        Bad name, empty metadata, or a NaN value.
    """
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"key figure name {name!r} must match [a-z0-9_]+")
    for what, val in (("unit", unit), ("chapter", chapter), ("source", source)):
        if not str(val).strip():
            raise ValueError(f"key figure {name!r} needs a non-empty {what}")
    value = _plain(value)
    if text is None:
        if fmt is None:
            if isinstance(value, float):
                raise ValueError(f"key figure {name!r} is a float: give `text` or `fmt` (e.g. '{{:.0%}}')")
            fmt = "{:,}" if isinstance(value, int) else "{}"
        text = fmt.format(value)
    kf = KeyFigure(name=name, value=value, text=text, unit=unit, chapter=chapter, source=source)
    glue(name, kf, display=False)
    return kf


def from_glue(glue_data: dict) -> list[KeyFigure]:
    """Return the key figures among a document's glue data (``<doc>.glue.json`` of myst-nb).

    Parameters
    ----------
    glue_data : dict
        Glue key -> notebook output (``{"data": {mime: value}, ...}``).

    Returns
    -------
    list of KeyFigure
        In glue order.
    """
    out = []
    for _key, output in glue_data.items():
        payload = output.get("data", {}).get(KeyFigure.MIME)
        if isinstance(payload, str):
            payload = json.loads(payload)
        if isinstance(payload, dict):
            fields = {k: payload[k] for k in ("name", "value", "text", "unit", "chapter", "source")}
            out.append(KeyFigure(**fields))
    return out
