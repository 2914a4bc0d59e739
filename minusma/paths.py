"""Where things live: the repository, its derived data, and the raw sources.

Every other module asks this one for paths, so that a test can point the
whole pipeline at a temporary copy by setting two environment variables:

``MINUSMA_SOURCES``
    Folder that holds the raw snapshots (one sub-folder per publisher, as in
    ``../shared/sources``). Default: ``<repo>/../shared/sources``.
``MINUSMA_DATA``
    Folder of the derived tables and ``datapackage.json``. Default:
    ``<repo>/data``.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root (the folder that holds ``_config.yml``).
ROOT: Path = Path(__file__).resolve().parent.parent


def sources_dir() -> Path:
    """Return the folder of raw source snapshots.

    Returns
    -------
    pathlib.Path
        ``$MINUSMA_SOURCES`` if set, else ``<repo>/../shared/sources``. The
        folder may not exist (for example on a reader's machine without the
        snapshots); callers decide whether that is an error.
    """
    env = os.environ.get("MINUSMA_SOURCES")
    return Path(env).resolve() if env else (ROOT.parent / "shared" / "sources").resolve()


def data_dir() -> Path:
    """Return the folder of derived tables (``data/``).

    Returns
    -------
    pathlib.Path
        ``$MINUSMA_DATA`` if set, else ``<repo>/data``.
    """
    env = os.environ.get("MINUSMA_DATA")
    return Path(env).resolve() if env else ROOT / "data"


def chapters_dir() -> Path:
    """Return the folder of chapter notebooks (``chapters/``)."""
    return ROOT / "chapters"


def relative(path: Path) -> str:
    """Return ``path`` relative to the repository (or to the sources folder).

    Used in error messages, so that they name ``data/x.csv`` rather than a
    long absolute path. Paths outside both folders are returned unchanged.
    """
    path = Path(path).resolve()
    for base, prefix in ((ROOT, ""), (sources_dir(), "sources/")):
        try:
            return prefix + str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)
