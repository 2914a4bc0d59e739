"""Load the derived tables that chapters read, validated against ``data/datapackage.json``.

Chapters do not call :func:`load_table` directly: they go through
:class:`minusma.book.chapter.Chapter`, which checks that the table is among the
chapter's declared inputs (so that the rebuild logic knows what each chapter
depends on).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd

from minusma.data.validate import read_csv_checked
from minusma.paths import data_dir, relative


def package(folder: Path | None = None) -> dict:
    """Return the parsed ``datapackage.json`` of ``folder`` (default ``data/``).

    Raises
    ------
    FileNotFoundError
        There is no ``datapackage.json``: run ``make data``.
    """
    path = (folder or data_dir()) / "datapackage.json"
    if not path.exists():
        raise FileNotFoundError(f"{relative(path)} not found: run `make data` to derive the tables")
    return json.loads(path.read_text(encoding="utf-8"))


def resource(name: str, folder: Path | None = None) -> dict:
    """Return the Data Package resource descriptor of table ``name``.

    Raises
    ------
    KeyError
        No table of that name in ``datapackage.json``.
    """
    for r in package(folder)["resources"]:
        if r["name"] == name:
            return r
    names = [r["name"] for r in package(folder)["resources"]]
    raise KeyError(f"no table {name!r} in data/datapackage.json; tables: {names}")


def table_path(name: str, folder: Path | None = None) -> Path:
    """Return the path of table ``name``'s CSV file."""
    return (folder or data_dir()) / resource(name, folder)["path"]


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Read derived table ``name`` from ``data/``, validated against its published schema.

    Parameters
    ----------
    name : str
        Table name (a resource of ``data/datapackage.json``).
    folder : pathlib.Path, optional
        Data folder; default :func:`minusma.paths.data_dir`.

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes as the schema gives (see
        :func:`minusma.data.validate.read_csv_checked`). A fresh copy each call.

    Raises
    ------
    KeyError
        Unknown table.
    DataValidationError
        The file breaks its schema (each problem names file, row, column, rule).
    """
    path = table_path(name, folder)
    st = path.stat()
    return _cached(str(path), st.st_size, st.st_mtime_ns).copy()


@functools.lru_cache(maxsize=32)
def _cached(path: str, size: int, mtime_ns: int) -> pd.DataFrame:
    folder = Path(path).parent
    res = next(r for r in package(folder)["resources"] if r["path"] == Path(path).name)
    frame = read_csv_checked(path, res["schema"])
    return frame


def sources_of(name: str, folder: Path | None = None) -> list[dict]:
    """Return the ``sources`` entries (publisher, version, retrieved, ...) of table ``name``."""
    return resource(name, folder)["sources"]
