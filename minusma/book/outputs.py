"""What the book publishes beside its pages: key figures, chart downloads, the key figures that moved.

1. **key-figures.csv** (``build-finished``, HTML). Every key figure (see
   :mod:`minusma.book.keyfigures`), collected from the glue data that MyST-NB
   stores for each executed notebook, at the site's root, in book order, with
   its Table Schema ``key-figures.schema.json`` (:mod:`minusma.book.downloads`).
2. **Chart downloads** (``build-finished``, HTML). Each chart's PNG and the CSV
   of the values it plots go to ``downloads/<chapter>/<name>.{png,csv}`` in the
   site, where the chart's links point, and the images the page shows to
   ``downloads/<chapter>/page/<name>.png`` and ``phone/<name>.png`` (see
   :class:`minusma.charts.render.Chart`); ``downloads/datapackage.json`` describes
   each CSV (title, units, sources, licences, columns).
3. **The key figures that moved** (the ``minusma-key-figure-changes``
   directive, filled at ``doctree-resolved`` once every page has been read).
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from minusma.book import downloads as downloads_mod
from minusma.book import keyfigures
from minusma.book.fingerprint import page_inputs, split_front_matter
from minusma.edition import changes as editions
from minusma.edition import manifest as manifests
from minusma.paths import data_dir

logger = logging.getLogger(__name__)

#: Output-metadata key of a chart (:attr:`minusma.charts.render.Chart.META`, repeated here so that the
#: extension does not import matplotlib on every build; a test checks that the two agree).
CHART_META = "minusma_chart"


# --------------------------------------------------------------------------
# Key figures and chart downloads
# --------------------------------------------------------------------------


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


def _execute_dir(app: Sphinx) -> Path:
    return Path(app.outdir).parent / "jupyter_execute"


def current_key_figures(app: Sphinx, exclude: tuple[str, ...] = ()) -> list:
    """Return every key figure of the book (:class:`minusma.book.keyfigures.KeyFigure`), in book order.

    Read from the glue data that MyST-NB writes for each executed page
    (``_build/jupyter_execute/<doc>.glue.json``). A name registered twice is
    reported (warning) and kept once. Figures of the chapters in ``exclude``
    (slugs) are left out.
    """
    figures, seen = [], {}
    for doc in _doc_order(app):
        glue_file = _execute_dir(app) / f"{doc}.glue.json"
        if not glue_file.exists():
            continue
        for kf in keyfigures.from_glue(json.loads(glue_file.read_text(encoding="utf-8"))):
            if kf.name in seen:
                if seen[kf.name] != doc:
                    logger.warning(f"key figure {kf.name!r} is registered in {seen[kf.name]} and in {doc}")
                continue
            seen[kf.name] = doc
            if kf.chapter not in exclude:
                figures.append(kf)
    return figures


def _chapter_outputs(nb_path: Path, meta_key: str):
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get(meta_key)
            if meta:
                yield meta, out.get("data", {}).get("image/png")


def _page_inputs(app: Sphinx) -> dict[str, list[str]]:
    """Docname -> declared input tables, for every page with ``minusma:`` front matter."""
    out = {}
    for doc in app.env.found_docs:
        path = Path(app.env.doc2path(doc))
        if path.suffix == ".md":
            try:
                inputs = page_inputs(split_front_matter(path.read_text(encoding="utf-8"))[0])
            except (OSError, yaml.YAMLError):
                continue
            if inputs is not None:
                out[doc] = inputs
    return out


def collect(app: Sphinx, exception) -> None:
    """``build-finished``: write ``key-figures.csv`` with its schema, and the chart downloads with their
    data package (HTML builds; see :mod:`minusma.book.downloads`).
    """
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    figures = current_key_figures(app)
    downloads = outdir / "downloads"
    if downloads.exists():
        shutil.rmtree(downloads)
    charts = []
    for doc in _doc_order(app):
        nb_file = _execute_dir(app) / f"{doc}.ipynb"
        if nb_file.exists():
            names = set()
            for meta, png in _chapter_outputs(nb_file, CHART_META):
                if meta["name"] in names:
                    logger.warning(f"{doc}: two charts are named {meta['name']!r}")
                names.add(meta["name"])
                charts.append(meta)
                folder = downloads / meta["chapter"]
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{meta['name']}.csv").write_text(meta["csv"], encoding="utf-8", newline="\n")
                # The shared image (title drawn in), the page image (site and PDF) and the phone image.
                share = meta.get("share_png") or png
                for sub, data in (("", share), ("page", png), ("phone", meta.get("phone_png"))):
                    if data:
                        (folder / sub).mkdir(parents=True, exist_ok=True)
                        (folder / sub / f"{meta['name']}.png").write_bytes(base64.b64decode(data))
    if charts:
        package = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
        _write_json(downloads / "datapackage.json", downloads_mod.chart_package(charts, package, _page_inputs(app)))
    (outdir / "key-figures.csv").write_text(downloads_mod.key_figures_csv(figures), encoding="utf-8", newline="\n")
    _write_json(outdir / downloads_mod.KEY_FIGURES_SCHEMA, downloads_mod.key_figures_schema())
    logger.info(
        f"minusma: wrote key-figures.csv ({len(figures)} figures) with its schema, and the downloads "
        f"of {len(charts)} charts with their data package"
    )


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------
# The key figures that moved since the previous edition
# --------------------------------------------------------------------------


class key_figure_changes(nodes.General, nodes.Element):
    """Placeholder replaced, once every page has been read, by the table of moved key figures."""


class KeyFigureChangesDirective(SphinxDirective):
    """``minusma-key-figure-changes``: the key figures that moved since the previous edition."""

    has_content = False

    def run(self):
        return [key_figure_changes()]


def resolve_key_figure_changes(app: Sphinx, doctree, docname: str) -> None:
    """``doctree-resolved``: fill each placeholder from the current key figures and the previous edition."""
    placeholders = list(doctree.findall(key_figure_changes))
    if not placeholders:
        return
    previous = manifests.previous_manifest()
    current = current_key_figures(app, exclude=manifests.OWN_CHAPTERS)
    for node in placeholders:
        node.replace_self(editions.key_figure_nodes(previous, current))
