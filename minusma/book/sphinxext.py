"""Sphinx extension of the book: data-aware re-execution, key figures, chart downloads.

Loaded by Jupyter Book through ``_config.yml`` (``sphinx: local_extensions``),
beside :mod:`minusma.book.publication`. This module only connects the parts,
in the order a build meets them:

- :mod:`minusma.book.fingerprint`: what a page depends on (declared tables and
  files, the package modules its code can import, the pinned environment), as
  lines of hashes; no Sphinx, no pandas.
- :mod:`minusma.book.dependencies`: the fingerprint as a hidden cell of each
  page (MyST-NB's cache key), and the pages to re-read when a fingerprint
  changed or a page they quote was re-read.
- :mod:`minusma.book.buildcheck`: a table that breaks its schema stops the
  build with one short message, before anything executes.
- :mod:`minusma.book.execution`: chapters executed side by side before Sphinx
  reads them, outputs restored from the cache, the execution record
  ``_build/minusma-build.json``.
- :mod:`minusma.book.outputs`: ``key-figures.csv``, the chart downloads and
  their data packages, the table of key figures that moved since the
  previous edition.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from minusma.book import dependencies, execution, outputs
from minusma.book.buildcheck import check_inputs


def setup(app: Sphinx) -> dict:
    """Register the extension's event handlers and directive."""
    app.connect("config-inited", execution.setup_environment)
    app.connect("source-read", dependencies.inject_inputs)
    app.connect("env-get-outdated", dependencies.outdated_by_inputs)
    app.connect("env-purge-doc", dependencies.purge_doc)
    app.connect("env-merge-info", dependencies.merge_info)
    app.connect("env-before-read-docs", check_inputs, priority=400)  # before pre_execute: bad data/, short message
    app.connect("env-before-read-docs", execution.pre_execute)
    app.connect("doctree-read", execution.restore_cached_outputs)
    app.connect("doctree-resolved", outputs.resolve_key_figure_changes)
    app.connect("build-finished", outputs.collect)
    app.connect("build-finished", execution.write_build_record)
    app.add_node(outputs.key_figure_changes)
    app.add_directive(dependencies.KEY_FIGURE_CHANGES, outputs.KeyFigureChangesDirective)
    return {"version": "3", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
