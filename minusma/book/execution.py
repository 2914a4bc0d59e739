"""Execution of the book's chapters: side by side, from the cache, and on record.

1. **Environment** (``config-inited``, :func:`setup_environment`). Kernels
   import the package from the repository (``PYTHONPATH``) and know they run
   inside the book (``MINUSMA_BOOK=1``: :meth:`minusma.book.chapter.Chapter.key`
   then shows nothing outside the glue).
2. **Chapters side by side** (``env-before-read-docs``, :func:`pre_execute`).
   When several chapters must execute, they run in parallel before Sphinx
   reads them (up to ``$MINUSMA_BUILD_JOBS`` at a time, default the number of
   CPUs), and MyST-NB takes their outputs from the cache.
3. **Outputs from the cache** (``doctree-read``, :func:`restore_cached_outputs`).
   When a page's outputs come from the execution cache, MyST-NB 1.4 writes its
   ``jupyter_execute/<doc>.ipynb`` without them; they are merged back, so that
   a build with a restored cache (CI) publishes the same chart downloads.
4. **Execution record** (``build-finished``, :func:`write_build_record`).
   ``_build/minusma-build.json`` lists which pages were read, which of them were
   executed and which came from the cache, with execution times (used by the
   tests and ``make bench``).
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import create_nb_reader
from sphinx.application import Sphinx
from sphinx.util import logging

from minusma.book.fingerprint import page_inputs, split_front_matter
from minusma.paths import ROOT

logger = logging.getLogger(__name__)

#: Name of the execution record written beside the site (``_build/minusma-build.json``).
BUILD_RECORD = "minusma-build.json"


def setup_environment(app: Sphinx, config) -> None:
    """``config-inited``: let kernels import the package and know they run inside the book."""
    app._minusma_started = time.time()
    os.environ["MINUSMA_BOOK"] = "1"
    paths = os.environ.get("PYTHONPATH", "")
    if str(ROOT) not in paths.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), paths) if p)


def restore_cached_outputs(app: Sphinx, doctree) -> None:
    """``doctree-read``: give the page's executed notebook its outputs when they came from the cache.

    MyST-NB 1.4 writes ``_build/jupyter_execute/<doc>.ipynb`` from the notebook
    as parsed: when the outputs come from the execution cache, that file has
    none (they live only in the cache), so the chart downloads, which are read
    from it, and the notebook readers download would be empty. This merges the
    cached outputs back in (jupyter-cache's own merge), so a build with a
    restored cache (CI) publishes the same files as one that executed.
    """
    env = app.env
    data = (getattr(env, "nb_metadata", {}).get(env.docname) or {}).get("exec_data")
    config = getattr(env, "mystnb_config", None)
    if not data or config is None or not config.execution_cache_path:
        return
    *folders, name = env.docname.split("/")
    path = Path(config.output_folder).joinpath(*folders, name + ".ipynb")
    if not path.exists():
        return
    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    if any(c.get("outputs") for c in nb.cells if c.cell_type == "code"):
        return  # executed in this build: the file has its outputs
    try:
        _, merged = get_cache(config.execution_cache_path).merge_match_into_notebook(nb)
    except KeyError:
        return
    path.write_text(nbformat.writes(merged), encoding="utf-8")


def build_jobs() -> int:
    """How many pages may execute at once: ``$MINUSMA_BUILD_JOBS``, default the number of CPUs."""
    try:
        return max(1, int(os.environ.get("MINUSMA_BUILD_JOBS", "") or os.cpu_count() or 1))
    except ValueError:
        return 1


def pre_execute(app: Sphinx, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: execute the pages that need it side by side, then let MyST-NB read them.

    MyST-NB executes notebooks one after the other as Sphinx reads them. When
    two or more chapters must run (a cold build, a change read by several
    chapters), this runs them first, up to :func:`build_jobs` at a time (each
    in its own kernel), and stores the results in the execution cache exactly
    as MyST-NB does (same notebook, so the same cache key): MyST-NB then finds
    them there. A page that fails is left to MyST-NB, which runs it again and
    reports the error as usual. Pages without ``minusma:`` front matter, or
    with MyST-NB settings of their own, are left to MyST-NB too.
    """
    app._minusma_read = list(docnames)
    config = getattr(env, "mystnb_config", None)
    jobs = build_jobs()
    if (
        jobs < 2
        or config is None
        or config.execution_mode != "cache"
        or not config.execution_cache_path
        or config.execution_in_temp
        or config.kernel_rgx_aliases
    ):
        return

    cache = get_cache(config.execution_cache_path)
    todo = []
    for doc in docnames:
        path = Path(env.doc2path(doc))
        if path.suffix != ".md":
            continue
        text = path.read_text(encoding="utf-8")
        try:
            meta, _ = split_front_matter(text)
        except yaml.YAMLError:
            continue
        if page_inputs(meta) is None or config.metadata_key in meta:
            continue
        arg = [text]
        app.events.emit("source-read", doc, arg)  # the text MyST-NB will parse (with the fingerprint cell)
        reader = create_nb_reader(str(path), env.myst_config, config, arg[0])
        if reader is None:
            continue
        notebook = reader.read(arg[0])
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            todo.append((doc, path, notebook, reader.read_fmt))
    if len(todo) < 2:
        return

    def run(item):
        _, path, notebook, _ = item
        return single_nb_execution(
            notebook,
            cwd=str(path.parent),
            allow_errors=config.execution_allow_errors,
            timeout=config.execution_timeout,
            meta_override=True,
        )

    logger.info(f"minusma: executing {len(todo)} pages, {min(jobs, len(todo))} at a time: {[t[0] for t in todo]}")
    with ThreadPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
        results = list(pool.map(run, todo))
    for (doc, path, notebook, fmt), result in zip(todo, results):
        if result.err is not None:
            continue  # MyST-NB executes it again and reports the error
        record = cache.add_nb_to_project(str(path), read_data=fmt) if fmt else cache.add_nb_to_project(str(path))
        cache.cache_notebook_bundle(
            CacheBundleIn(notebook, record.uri, data={"execution_seconds": result.time}),
            check_validity=False,
            overwrite=True,
        )
        logger.info(f"minusma: executed {doc} in {result.time:.1f} s")


def write_build_record(app: Sphinx, exception) -> None:
    """``build-finished``: write ``_build/minusma-build.json`` (pages read, executed, from cache)."""
    if exception is not None:
        return
    read = list(getattr(app, "_minusma_read", []))
    started = getattr(app, "_minusma_started", time.time())
    meta = getattr(app.env, "nb_metadata", {})
    executed, cached, seconds = [], [], {}
    for doc in read:
        data = (meta.get(doc) or {}).get("exec_data")
        if not data:
            continue
        if data.get("mtime", 0) >= started:
            executed.append(doc)
            seconds[doc] = data.get("runtime")
        else:
            cached.append(doc)
    record = {
        "builder": app.builder.name,
        "read": sorted(read),
        "executed": sorted(executed),
        "from_cache": sorted(cached),
        "execution_seconds": seconds,
    }
    (Path(app.outdir).parent / BUILD_RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
