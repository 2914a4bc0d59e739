"""The house table: a frame shown as a real (Markdown) table, so the site and the PDF both set it.

Every value is escaped as text (:func:`minusma.markup.md_escape`) except the links and code the
project builds (:func:`minusma.markup.link`, :func:`minusma.markup.code`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from minusma.markup import md_escape


def _visible(cell) -> str:
    """The text a Markdown cell shows: links as their text, no backticks or emphasis marks."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", str(cell))
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    return text.replace("`", "").replace("**", "").replace("*", "")


def column_widths(frame: pd.DataFrame, line: int = 84, hi: int = 40) -> list[int]:
    """Relative column widths of a table, for MyST's ``:widths:`` (the PDF's wrapping columns).

    Each column first gets its longest word (header or cell), so that no word is wider than its
    column (with its padding); what is left of a line of ``line`` characters (the A4 text block
    in the PDF's table type) goes to the columns in proportion to their longest cells
    (at most ``hi`` characters each).
    """
    words, longest = [], []
    for col in frame.columns:
        cells = [_visible(v) for v in frame[col].tolist()] + [_visible(col)]
        # + 3: a column loses two tabcolsep (about two characters) to its padding, and one to spare
        # (a word over 28 characters is an address or a path, which the PDF breaks anywhere)
        words.append(min(28, max([len(w) for c in cells for w in c.split()] + [3])) + 3)
        longest.append(min(hi, max([len(c) for c in cells[:-1]] + [len(str(col)) // 2, 3])))
    room = max(0, line - sum(words))
    extra = [max(0, lg - w) for lg, w in zip(longest, words)]
    total = sum(extra)
    return [w + (round(room * e / total) if total else 0) for w, e in zip(words, extra)]


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
    caption: str | None = None
    label: str | None = None

    def markdown(self) -> str:
        """The table as a Markdown pipe table inside a MyST ``{table}`` directive.

        Every cell and header is text: it is escaped with :func:`md_escape`
        (so a ``|``, a backtick, a ``{role}``, an HTML tag or a LaTeX command
        in a value shows as those characters), except :class:`Markup` values
        the project built (:func:`link`, :func:`code`); so is the caption.

        With a ``caption`` it is a numbered table ("Table 2.1: caption"); ``label`` names it for
        ``{numref}``. Its column widths (:func:`column_widths`) make the PDF wrap long cells inside
        the text block, and it may break across pages there (LaTeX ``longtable``), so no row is cut.
        """
        body = self.frame.astype(object).where(self.frame.notna(), "–")
        md = self.pipe()
        name = f"\n:name: {self.label}" if self.label else ""
        caption = md_escape(" ".join((self.caption or "").split())) if self.caption else ""
        widths = " ".join(str(w) for w in column_widths(body))
        return f"::::{{table}} {caption}{name}\n:widths: {widths}\n:class: longtable\n\n{md}\n::::"

    def pipe(self) -> str:
        """The bare Markdown pipe table, every cell and header escaped (see :meth:`markdown`).

        For callers that wrap it in their own ``{table}`` directive
        (:func:`minusma.book.pages._sized_table`). A missing value shows as ``–``.
        """
        from tabulate import tabulate

        align = self.align or [
            "right" if pd.api.types.is_numeric_dtype(self.frame[c]) else "left" for c in self.frame.columns
        ]
        body = self.frame.astype(object).where(self.frame.notna(), "–")
        cells = [[md_escape(v) for v in row] for row in body.values.tolist()]
        return tabulate(
            cells,
            headers=[md_escape(c) for c in self.frame.columns],
            tablefmt="pipe",
            colalign=align,
            disable_numparse=True,
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/markdown": self.markdown(), "text/plain": self.frame.to_string(index=False)}
