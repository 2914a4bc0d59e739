"""The project's validation error: every broken rule named by file, row, column and rule.

A :class:`Problem` is one broken rule in one place of one file; a :class:`DataValidationError` carries
all the problems found and lists them, one per line, for example::

    data/fatalities_minusma.csv, row 14, column 'incident_date':
    not a valid date (type 'date', format YYYY-MM-DD); value '2021-13-01'

Raised by :mod:`minusma.data.validate` (schemas), :mod:`minusma.data.catalogue` (the catalogues of
``snapshots/``), the derivations and :mod:`minusma.data.integrity`; re-exported by
:mod:`minusma.data.validate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: How many problems an error message lists before it summarises the rest.
MAX_LISTED = 15


@dataclass(frozen=True)
class Problem:
    """One broken rule in one place of one file.

    Attributes
    ----------
    file : str
        The file, relative to the repository (``data/x.csv``) or to the
        sources folder (``sources/un-fatalities/x.csv``).
    row : int or None
        Line of the file, header = 1; ``None`` when the problem concerns the
        whole file.
    column : str or None
        Column name; ``None`` when the problem concerns the whole row or file.
    rule : str
        The rule that was broken, in words.
    value : str or None
        The offending value as written in the file, when there is one.
    """

    file: str
    row: int | None
    column: str | None
    rule: str
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = ", ".join(where) + f": {self.rule}"
        if self.value is not None:
            text += f"; value {self.value!r}"
        return text


class DataValidationError(ValueError):
    """A table broke its schema. ``problems`` lists every :class:`Problem` found.

    The message lists the first :data:`MAX_LISTED` problems, one per line, and
    says how many more there are.
    """

    def __init__(self, problems: Iterable[Problem], hint: str | None = None):
        self.problems: list[Problem] = list(problems)
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        more = len(self.problems) - MAX_LISTED
        if more > 0:
            lines.append(f"... and {more} more problem(s) of the same file")
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))
