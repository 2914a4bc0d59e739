"""The one way a table of ``data/`` is written: strings per the schema, UTF-8, LF line ends.

Used by the derivations when they write ``data/`` and by validation when it checks a frame
before anything is written (so the two can never disagree on how a value looks in the file).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def format_frame(frame: pd.DataFrame, schema: Mapping) -> pd.DataFrame:
    """Render a table as the strings written to CSV, column by column per the schema.

    Dates as ``YYYY-MM-DD``, integers without decimals, numbers with up to
    ten significant digits and no trailing zeros, booleans as
    ``true``/``false``, missing values as empty strings. The same input
    always gives the same strings, so files are byte-stable.

    Parameters
    ----------
    frame : pandas.DataFrame
        Must hold every column of ``schema`` (extra columns are dropped).
    schema : mapping
        Frictionless Table Schema descriptor.

    Returns
    -------
    pandas.DataFrame
        Same rows, schema columns in schema order, all values ``str``.

    Raises
    ------
    KeyError
        A schema column is missing from ``frame``.
    """
    out = {}
    for f in schema["fields"]:
        name, ftype = f["name"], f.get("type", "string")
        col = frame[name]
        isna = col.isna()
        if ftype == "date":
            s = pd.to_datetime(col).dt.strftime("%Y-%m-%d")
        elif ftype in ("integer", "year"):
            s = col.map(lambda v: "" if pd.isna(v) else str(int(v)))
        elif ftype == "number":
            s = col.map(lambda v: "" if pd.isna(v) else format(float(v), ".10g"))
        elif ftype == "boolean":
            s = col.map(lambda v: "" if pd.isna(v) else ("true" if bool(v) else "false"))
        else:
            s = col.map(lambda v: "" if pd.isna(v) else str(v))
        out[name] = s.where(~isna, "").astype(str)
    return pd.DataFrame(out, index=frame.index)


def write_csv(frame: pd.DataFrame, schema: Mapping, path) -> None:
    """Write ``frame`` to ``path`` as UTF-8 CSV (no BOM, LF line ends), per :func:`format_frame`."""
    format_frame(frame, schema).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
