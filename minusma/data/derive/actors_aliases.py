"""Actor classes: the alias table ``curated/actor_aliases.csv`` and how a dataset's actor names are classed.

Every actor name, as UCDP GED and ACLED spell it, has a class of :data:`BASE_CLASSES` in the alias table
(:func:`read_aliases`); :func:`classify` gives a frame's actor columns their classes and stops, naming file,
row and column, at a name the table does not hold. Used by :mod:`minusma.data.derive.actors`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from minusma.data.fields import field_
from minusma.data.validate import DataValidationError, Problem, read_csv_checked

#: Actor classes of the alias table, with the words the report uses for them.
BASE_CLASSES: dict[str, str] = {
    "mali_state": "Malian state forces",
    "wagner": "Wagner Group and Russian forces",
    "bfa_state": "Burkinabe state forces",
    "other_state": "other states' and international forces",
    "jnim": "JNIM and al-Qaeda affiliates",
    "is_sahel": "Islamic State Sahel",
    "jihadist_other": "other or unattributed jihadist groups",
    "militia": "communal and self-defence militias",
    "armed_movement": "armed movements of the north",
    "un": "the UN",
    "unidentified": "unidentified armed groups",
    "other_armed": "other armed actors (mutinies, private security, former governments)",
    "civilians": "civilians and unarmed groups",
}
#: ACLED perpetrator classes: the base classes, with Malian state forces split by whether the event names
#: Wagner (or Russian forces) in any of its four actor columns.
PERPETRATOR_CLASSES: dict[str, str] = {
    "mali_state_wagner": "Malian forces with Wagner",
    "mali_state_no_wagner": "Malian forces without Wagner",
    **{k: v for k, v in BASE_CLASSES.items() if k not in ("mali_state", "wagner")},
}
DATASETS = ("UCDP GED", "ACLED")

ALIAS_SCHEMA = {
    "fields": [
        field_("dataset", "string", "Dataset that spells the name so", required=True, enum=list(DATASETS)),
        field_(
            "name",
            "string",
            "Actor name exactly as the dataset writes it (one name; ACLED's ';' lists split)",
            required=True,
        ),
        field_("actor_class", "string", "Actor class", required=True, enum=list(BASE_CLASSES)),
        field_("note", "string", "Why, where the class is not obvious"),
    ],
    "primaryKey": ["dataset", "name"],
}

# --------------------------------------------------------------------------
# The alias table
# --------------------------------------------------------------------------


def read_aliases(path: Path) -> dict[str, dict[str, str]]:
    """Read ``curated/actor_aliases.csv``: ``{dataset: {name: actor_class}}``.

    Raises
    ------
    DataValidationError
        A row breaks :data:`ALIAS_SCHEMA` (unknown class or dataset, a name
        listed twice for one dataset, a missing cell).
    """
    raw = read_csv_checked(path, ALIAS_SCHEMA)
    return {d: dict(zip(g["name"], g["actor_class"])) for d, g in raw.groupby("dataset")}


def split_names(cell) -> list[str]:
    """The actor names of one ACLED cell ('A; B' -> ['A', 'B']); an empty cell gives []."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    return [p.strip() for p in str(cell).split(";") if p.strip()]


def classify(
    frame: pd.DataFrame, columns, aliases: Mapping[str, str], label: str, alias_label: str = "curated/actor_aliases.csv"
) -> dict[str, pd.Series]:
    """Map every actor name of ``columns`` to its class; stop on a name the alias table lacks.

    Parameters
    ----------
    frame : pandas.DataFrame
        Raw rows, index = row number - 2 (row 0 is line 2 of the file).
    columns : iterable of str
        Actor columns; each cell may hold several names separated by ';'.
    aliases : mapping
        ``{name: actor_class}`` for the dataset (from :func:`read_aliases`).
    label : str
        The raw file, as named in messages.

    Returns
    -------
    dict of str -> pandas.Series
        For each column, a Series of lists of classes (one per name, in order).

    Raises
    ------
    DataValidationError
        Names the file, row, column and the actor name of every cell whose
        name is not in the alias table.
    """
    problems, out = [], {}
    for col in columns:
        classes = []
        for i, cell in frame[col].items():
            got = []
            for name in split_names(cell):
                if name not in aliases:
                    problems.append(
                        Problem(
                            label,
                            int(i) + 2,
                            col,
                            f"actor name not in {alias_label}: add it with its actor class",
                            name,
                        )
                    )
                got.append(aliases.get(name))
            classes.append(got)
        out[col] = pd.Series(classes, index=frame.index)
    if problems:
        raise DataValidationError(problems)
    return out
