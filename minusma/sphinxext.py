"""Sphinx extension of the book: data-aware re-execution, key figures, chart downloads.

Loaded by Jupyter Book through ``_config.yml`` (``sphinx: local_extensions``).

1. **Re-execution when data change** (MyST-NB's cache is keyed on code cells
   only, MyST-NB issue 299). For every chapter whose front matter declares
   ``minusma: inputs: [...]``, at ``source-read`` the extension

   - inserts a hidden code cell (tag ``remove-cell``) holding the sha256 of
     each input table and of the ``minusma`` package, so the notebook's cache
     key changes exactly when its code, its inputs or the package change; and
   - registers those files as the document's dependencies, so Sphinx re-reads
     the chapter (and only that chapter) when one of them changes.

2. **key-figures.csv**. At the end of an HTML build it collects every key
   figure (see :mod:`minusma.keyfigures`) from the glue data that MyST-NB
   stores for each executed notebook, and writes ``key-figures.csv`` at the
   site's root, in book order.

3. **Chart downloads**. It writes each chart's PNG and the CSV of the values
   it plots to ``downloads/<chapter>/<name>.{png,csv}`` in the site, where
   the chart's links point (see :class:`minusma.style.Chart`).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from . import keyfigures
from .chapter import front_matter
from .load import package as data_package
from .paths import ROOT, data_dir
from .style import Chart

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
MARKER = "# minusma inputs (inserted at build time by minusma.sphinxext):"


def package_files() -> list[Path]:
    """The Python files of the ``minusma`` package, sorted (their hash is part of every chapter's key)."""
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def input_fingerprint(inputs: list[str]) -> tuple[list[str], list[Path]]:
    """Return the fingerprint lines of a chapter's inputs and the files they hash.

    Parameters
    ----------
    inputs : list of str
        Table names declared by the chapter.

    Returns
    -------
    (lines, files)
        ``lines``: ``"<table> sha256:<hex>"`` per input, then one line for the
        package; ``files``: the paths hashed.

    Raises
    ------
    KeyError
        A declared input is not a table of ``data/datapackage.json``.
    """
    resources = {r["name"]: r for r in data_package()["resources"]}
    lines, files = [], []
    for name in inputs:
        if name not in resources:
            raise KeyError(f"declared input {name!r} is not a table of data/datapackage.json")
        path = data_dir() / resources[name]["path"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        schema = hashlib.sha256(json.dumps(resources[name]["schema"], sort_keys=True).encode()).hexdigest()
        lines.append(f"{name} sha256:{digest} schema:{schema[:16]}")
        files.append(path)
    h = hashlib.sha256()
    for p in package_files():
        h.update(p.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    lines.append(f"package minusma sha256:{h.hexdigest()}")
    files += package_files()
    files.append(data_dir() / "datapackage.json")
    return lines, files


def inject_inputs(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: add the hidden fingerprint cell and the file dependencies."""
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".md":
        return
    text = source[0]
    if not text.startswith("---"):
        return
    meta = front_matter(path).get("minusma") or {}
    inputs = list(meta.get("inputs") or [])
    if not meta:
        return
    try:
        lines, files = input_fingerprint(inputs)
    except (KeyError, FileNotFoundError) as exc:
        logger.warning(f"{docname}: {exc}", location=docname)
        return
    for f in files:
        app.env.note_dependency(str(f))
    end = text.find("\n---", 3)
    end = text.find("\n", end + 1)
    cell = (
        "\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        + MARKER + "\n" + "\n".join(f"# {line}" for line in lines) + "\n```\n"
    )
    source[0] = text[: end + 1] + cell + text[end + 1:]


def _doc_order(app: Sphinx) -> list[str]:
    """Documents in book order (depth-first through the toctrees from the root)."""
    env = app.env
    seen: list[str] = []

    def walk(doc: str) -> None:
        if doc in seen:
            return
        seen.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(app.config.root_doc)
    return seen + sorted(set(env.found_docs) - set(seen))


def _chapter_outputs(nb_path: Path):
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get(Chart.META)
            if meta:
                yield meta, out.get("data", {}).get("image/png")


def collect(app: Sphinx, exception) -> None:
    """``build-finished``: write ``key-figures.csv`` and the chart downloads (HTML builds)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    execute_dir = outdir.parent / "jupyter_execute"
    figures: list[keyfigures.KeyFigure] = []
    seen: dict[str, str] = {}
    downloads = outdir / "downloads"
    if downloads.exists():
        shutil.rmtree(downloads)
    for doc in _doc_order(app):
        glue_file = execute_dir / f"{doc}.glue.json"
        if glue_file.exists():
            for kf in keyfigures.from_glue(json.loads(glue_file.read_text(encoding="utf-8"))):
                if kf.name in seen:
                    logger.warning(f"key figure {kf.name!r} is registered in {seen[kf.name]} and in {doc}")
                    continue
                seen[kf.name] = doc
                figures.append(kf)
        nb_file = execute_dir / f"{doc}.ipynb"
        if nb_file.exists():
            names = set()
            for meta, png in _chapter_outputs(nb_file):
                if meta["name"] in names:
                    logger.warning(f"{doc}: two charts are named {meta['name']!r}")
                names.add(meta["name"])
                folder = downloads / meta["chapter"]
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{meta['name']}.csv").write_text(meta["csv"], encoding="utf-8", newline="\n")
                if png:
                    (folder / f"{meta['name']}.png").write_bytes(base64.b64decode(png))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(keyfigures.COLUMNS)
    for kf in figures:
        writer.writerow([kf.name, kf.value, kf.unit, kf.chapter, kf.source])
    (outdir / "key-figures.csv").write_text(buf.getvalue(), encoding="utf-8", newline="\n")
    logger.info(f"minusma: wrote key-figures.csv ({len(figures)} figures) and chart downloads")


def setup_environment(app: Sphinx, config) -> None:
    """``config-inited``: let kernels import the package and know they run inside the book."""
    os.environ["MINUSMA_BOOK"] = "1"
    paths = os.environ.get("PYTHONPATH", "")
    if str(ROOT) not in paths.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), paths) if p)


def setup(app: Sphinx) -> dict:
    """Register the extension's event handlers."""
    app.connect("config-inited", setup_environment)
    app.connect("source-read", inject_inputs)
    app.connect("build-finished", collect)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
