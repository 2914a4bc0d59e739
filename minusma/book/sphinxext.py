"""Sphinx extension of the book: data-aware re-execution, key figures, chart downloads.

Loaded by Jupyter Book through ``_config.yml`` (``sphinx: local_extensions``).

1. **Re-execution exactly when a chapter's inputs change.** MyST-NB's cache
   is keyed on a notebook's code cells only (MyST-NB issue 299), and Sphinx
   re-reads a page only when its own source file changed. For every page whose
   front matter has a ``minusma:`` mapping, the extension computes a
   *fingerprint* (:func:`fingerprint`): the sha256 and schema of each table the
   page declares in ``minusma: inputs: [...]`` (or of the whole
   ``datapackage.json`` with ``minusma: datapackage: true``), the sha256 of the
   ``minusma`` modules that the page's code can import, and the sha256 of
   ``requirements.txt``. Then

   - at ``source-read`` it inserts the fingerprint as a hidden code cell (tag
     ``remove-cell``) after the front matter, so the notebook's cache key
     changes exactly when its code, its inputs, the package code it runs or the
     pinned environment change; and
   - at ``env-get-outdated`` it recomputes every page's fingerprint from the
     files and sends to be re-read each page whose fingerprint differs from the
     one it was last read with. The comparison is by content, not by file
     time: re-deriving ``data/`` to the same bytes re-reads nothing.

   A page re-read with an unchanged fingerprint takes its outputs from the
   cache; only a changed fingerprint re-executes it.

   *Package code.* A page depends on the modules of ``minusma`` that its code
   cells import, followed through the imports of those modules (absolute and
   relative, at any depth, inside functions too; :func:`package_closure`), plus
   every non-Python file of the package. A module that imports dynamically
   (``importlib``, ``__import__``) brings in every module of its folder (so
   ``minusma.data.derive`` brings in every derivation module); a cell that does not
   parse, or a dynamic import in the package's top folder, makes the page
   depend on the whole package. So editing ``minusma/analysis/wagner.py`` re-executes the chapters that import
   it, and not the Casualties chapter; editing ``minusma/charts/style.py``, which every
   chapter reaches through ``minusma.book.chapter``, re-executes every chapter.
   Correctness comes first: a module is never left out because a page does not
   call it, only because no import path leads to it.

2. **Pages that show other pages' numbers.** A page that pastes a number glued
   in another page (``{glue:text}`chapters/x.md::name```) or lists the key
   figures (the ``minusma-key-figure-changes`` directive) is re-written
   whenever one of the pages it reads from is re-read, so it never shows an old
   value.

3. **key-figures.csv**. At the end of an HTML build it collects every key
   figure (see :mod:`minusma.book.keyfigures`) from the glue data that MyST-NB
   stores for each executed notebook, and writes ``key-figures.csv`` at the
   site's root, in book order.

4. **Chart downloads**. It writes each chart's PNG and the CSV of the values
   it plots to ``downloads/<chapter>/<name>.{png,csv}`` in the site, where
   the chart's links point, and the images the page shows to
   ``downloads/<chapter>/page/<name>.png`` and ``phone/<name>.png`` (see
   :class:`minusma.charts.style.Chart`).

5. **Outputs from the cache.** When a page's outputs come from the execution
   cache, MyST-NB 1.4 writes its ``jupyter_execute/<doc>.ipynb`` without them;
   the extension merges them back (:func:`restore_cached_outputs`), so that a
   build with a restored cache (CI) publishes the same chart downloads.

6. **Chapters side by side.** When several chapters must execute, they run
   in parallel before Sphinx reads them (:func:`pre_execute`, up to
   ``$MINUSMA_BUILD_JOBS`` at a time, default the number of CPUs), and MyST-NB
   takes their outputs from the cache.

7. **Execution record**. After each build it writes ``_build/minusma-build.json``
   listing which pages were read, which of them were executed and which came
   from the cache, with execution times (used by the tests and ``make bench``).
"""

from __future__ import annotations

import ast
import base64
import csv
import functools
import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import time
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from minusma.paths import ROOT, data_dir

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PACKAGE = PACKAGE_DIR.name
MARKER = "# minusma inputs (inserted at build time by minusma.book.sphinxext):"
#: Name of the execution record written beside the site (``_build/minusma-build.json``).
BUILD_RECORD = "minusma-build.json"
#: Output-metadata key of a chart (:attr:`minusma.charts.style.Chart.META`, repeated here so that the
#: extension does not import matplotlib on every build; a test checks that the two agree).
CHART_META = "minusma_chart"
#: Directive listing key figures that moved since the previous edition (see :mod:`minusma.edition.changes`).
KEY_FIGURE_CHANGES = "minusma-key-figure-changes"

_CODE_CELL = re.compile(r"^(`{3,}|~{3,})\{code-cell\}[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)
_CROSS_GLUE = re.compile(r"\{glue(?::[a-z]+)?\}`(?:[^`<]*<)?([^`<>:]+?)::[^`]+`")
_DYNAMIC_IMPORT = re.compile(r"\bimportlib\b|\b__import__\s*\(")


# --------------------------------------------------------------------------
# Front matter and code of a page
# --------------------------------------------------------------------------


def _split_front_matter(text: str) -> tuple[dict, str]:
    """Return (front matter as a dict, the rest of the text) of a MyST file."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    meta = yaml.safe_load(text[3:end]) or {}
    rest = text[text.find("\n", end + 1) + 1:] if text.find("\n", end + 1) >= 0 else ""
    return (meta if isinstance(meta, dict) else {}), rest


def code_of(text: str) -> list[str]:
    """Return the source of each ``{code-cell}`` of a MyST notebook, cell options removed.

    IPython magics and shell escapes (lines starting with ``%`` or ``!``) are
    dropped, so that the result parses as Python.
    """
    cells = []
    for match in _CODE_CELL.finditer(text):
        lines = match.group(2).splitlines()
        if lines and lines[0].strip() == "---":  # YAML options block
            end = next((i for i, ln in enumerate(lines[1:], 1) if ln.strip() == "---"), 0)
            lines = lines[end + 1:]
        while lines and re.match(r"^:[\w-]+:", lines[0]):
            lines = lines[1:]
        cells.append("\n".join(ln for ln in lines if not ln.lstrip().startswith(("%", "!"))).strip("\n"))
    return cells


# --------------------------------------------------------------------------
# Which package modules a page can run
# --------------------------------------------------------------------------


def _module_file(name: str) -> Path | None:
    """Return the file of module ``minusma[.x[.y]]`` in the package, or None."""
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    """Return the dotted module name of a file of the package."""
    rel = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(tree: ast.AST, current: str | None, is_package: bool) -> set[str]:
    """Names of ``minusma`` modules (or attributes of them) imported anywhere in ``tree``."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == PACKAGE}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if current is None:
                    continue
                base = current.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != PACKAGE:
                continue
            found.add(mod)
            found |= {f"{mod}.{a.name}" for a in node.names}
    return found


@functools.lru_cache(maxsize=256)
def _file_imports(path: str, mtime_ns: int, mod: str) -> tuple[bool, frozenset]:
    """(imports dynamically?, ``minusma`` names imported) of one module file, cached per version of the file."""
    source = Path(path).read_text(encoding="utf-8")
    return (bool(_DYNAMIC_IMPORT.search(source)),
            frozenset(_imports(ast.parse(source), mod, Path(path).name == "__init__.py")))


def package_closure(code: list[str]) -> list[Path] | None:
    """Return the package's Python files that ``code`` can run, or None for "the whole package".

    Parameters
    ----------
    code : list of str
        Python source of a page's code cells.

    Returns
    -------
    list of pathlib.Path or None
        Sorted files: each ``minusma`` module imported by the code, by those
        modules in turn (absolute or relative imports, anywhere in the file),
        and the ``__init__.py`` of every package on the way. A module that
        imports dynamically (``importlib``, ``__import__``) brings in every
        module of its own folder and sub-folders. ``None`` when a cell does
        not parse as Python or a module of the top folder imports dynamically:
        then the page depends on every file of the package.
    """
    wanted: set[str] = set()
    for cell in code:
        try:
            wanted |= _imports(ast.parse(cell), None, False)
        except SyntaxError:
            return None
    files: dict[str, Path] = {}
    todo = sorted(wanted)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a, a.b and a.b.c
            mod = ".".join(parts[:i])
            if mod in files:
                continue
            path = _module_file(mod)
            if path is None:
                continue  # an attribute (function, constant), not a module
            files[mod] = path
            dynamic, imported = _file_imports(str(path), path.stat().st_mtime_ns, mod)
            if dynamic:
                # A dynamic import loads modules of its own package folder: take them all.
                if path.parent == PACKAGE_DIR:
                    return None
                todo += sorted({_module_name(p) for p in path.parent.rglob("*.py")} - set(files))
            todo += sorted(imported - set(files))
    return sorted(set(files.values()))


def package_files() -> list[Path]:
    """Every file of the ``minusma`` package (Python or not), sorted, without caches."""
    return sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in (".pyc", ".pyo"))


def _digest(paths: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.relative_to(base).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------
# Fingerprints
# --------------------------------------------------------------------------


def input_fingerprint(inputs: list[str], code: list[str] | None = None,
                      whole_package: bool = False, extra_files: list[str] | None = None) -> tuple[list[str], list[Path]]:
    """Return the fingerprint lines of a page's inputs and the files they hash.

    Parameters
    ----------
    inputs : list of str
        Table names declared by the page (``minusma: inputs``). The special
        name ``"datapackage"`` stands for every table (``datapackage.json``,
        which holds each table's sha256 and schema).
    code : list of str, optional
        The page's code cells; the package modules they can import are hashed
        (see :func:`package_closure`). Without it, the whole package is hashed.
    whole_package : bool
        Hash every file of the package whatever the code imports.
    extra_files : list of str, optional
        Other files the page reads (``minusma: files:``), as glob patterns
        relative to the repository (``editions/*.json``,
        ``private/acled/*.csv``); a pattern that matches nothing is hashed as
        such, so that a file appearing later changes the fingerprint.

    Returns
    -------
    (lines, files)
        ``lines``: one ``"table <name> sha256:<hex> schema:<hex>"`` per input,
        then one line for the package code and one for ``requirements.txt``;
        ``files``: the paths hashed.

    Raises
    ------
    KeyError
        A declared input is not a table of ``data/datapackage.json``.
    FileNotFoundError
        ``data/datapackage.json`` or a table's file is missing.
    """
    pkg_path = data_dir() / "datapackage.json"
    if not pkg_path.exists():
        raise FileNotFoundError(f"{pkg_path} not found: run `make data`")
    resources = {r["name"]: r for r in json.loads(pkg_path.read_text(encoding="utf-8"))["resources"]}
    lines, files = [], []
    for name in inputs:
        if name == "datapackage":  # every table, and the descriptor itself
            tables = [data_dir() / r["path"] for r in resources.values()]
            lines.append(f"datapackage ({len(tables)} tables) sha256:{_digest([pkg_path] + tables, data_dir())}")
            files += [pkg_path] + tables
            continue
        if name not in resources:
            raise KeyError(f"declared input {name!r} is not a table of data/datapackage.json")
        path = data_dir() / resources[name]["path"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        schema = hashlib.sha256(json.dumps(resources[name]["schema"], sort_keys=True).encode()).hexdigest()
        lines.append(f"table {name} sha256:{digest} schema:{schema[:16]}")
        files.append(path)
    for pattern in extra_files or []:
        matched = sorted(p for p in ROOT.glob(pattern) if p.is_file())
        lines.append(f"files {pattern} ({len(matched)}) sha256:{_digest(matched, ROOT)}")
        files += matched
    closure = None if (whole_package or code is None) else package_closure(code)
    if closure is None:
        pkg = package_files()
        lines.append(f"package {PACKAGE} (all {len(pkg)} files) sha256:{_digest(pkg, PACKAGE_DIR)}")
    else:
        pkg = sorted(set(closure) | {p for p in package_files() if p.suffix != ".py"})
        mods = ", ".join(p.relative_to(PACKAGE_DIR).as_posix() for p in closure)
        lines.append(f"package {PACKAGE} ({mods}) sha256:{_digest(pkg, PACKAGE_DIR)}")
    files += pkg
    req = ROOT / "requirements.txt"
    if req.exists():
        lines.append("requirements.txt sha256:" + hashlib.sha256(req.read_bytes()).hexdigest())
        files.append(req)
    return lines, files


def page_inputs(meta: dict) -> list[str] | None:
    """Return a page's declared inputs (``"datapackage"`` for the whole package), or None if not a chapter."""
    m = meta.get("minusma")
    if not isinstance(m, dict):
        return None
    inputs = list(m.get("inputs") or [])
    if m.get("datapackage"):
        inputs.append("datapackage")
    return inputs


def fingerprint(text: str) -> list[str] | None:
    """Return the fingerprint lines of a page's source text, or None if it has no ``minusma:`` front matter.

    Raises
    ------
    KeyError, FileNotFoundError
        See :func:`input_fingerprint`.
    """
    meta, body = _split_front_matter(text)
    inputs = page_inputs(meta)
    if inputs is None:
        return None
    return input_fingerprint(inputs, code_of(body), extra_files=list(meta["minusma"].get("files") or []))[0]


def _readers(text: str, docname: str = "") -> tuple[set[str], bool]:
    """Pages whose numbers page ``docname`` shows.

    Returns (docnames that its cross-page glue reads, as MyST-NB resolves them:
    relative to the page's folder, or to the book's root with a leading ``/``;
    whether it lists every page's key figures).
    """
    folder = posixpath.dirname(docname)
    docs = set()
    for ref in _CROSS_GLUE.findall(text):
        ref = ref.strip()
        path = ref.lstrip("/") if ref.startswith("/") else posixpath.join(folder, ref)
        docs.add(re.sub(r"\.(md|ipynb)$", "", posixpath.normpath(path)))
    return docs, KEY_FIGURE_CHANGES in text


# --------------------------------------------------------------------------
# Sphinx events
# --------------------------------------------------------------------------


def _state(env) -> dict:
    if not hasattr(env, "minusma"):
        env.minusma = {"fingerprints": {}, "glue_from": {}, "all_figures": set()}
    return env.minusma


def inject_inputs(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: add the hidden fingerprint cell and remember what the page depends on."""
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".md":
        return
    text = source[0]
    state = _state(app.env)
    glue_from, all_figures = _readers(text, docname)
    state["glue_from"][docname] = glue_from
    if all_figures:
        state["all_figures"].add(docname)
    else:
        state["all_figures"].discard(docname)
    try:
        lines = fingerprint(text)
    except (KeyError, FileNotFoundError, yaml.YAMLError) as exc:
        logger.warning(f"{docname}: {exc}", location=docname)
        return
    if lines is None:
        state["fingerprints"].pop(docname, None)
        return
    state["fingerprints"][docname] = lines
    end = text.find("\n---", 3)
    end = text.find("\n", end + 1)
    cell = (
        "\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        + MARKER + "\n" + "\n".join(f"# {line}" for line in lines) + "\n```\n"
    )
    source[0] = text[: end + 1] + cell + text[end + 1:]


def outdated_by_inputs(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """``env-get-outdated``: pages to re-read because their inputs or the pages they quote changed."""
    state = _state(env)
    extra = set()
    for docname, old in list(state["fingerprints"].items()):
        if docname in added or docname in changed or docname in removed or docname not in env.found_docs:
            continue
        try:
            new = fingerprint(Path(env.doc2path(docname)).read_text(encoding="utf-8"))
        except (OSError, KeyError, yaml.YAMLError):
            new = None  # re-read: source-read then reports the problem
        if new != old:
            extra.add(docname)
    # Pages that show other pages' numbers follow the pages they read from.
    moved = set(added) | set(changed) | set(removed) | extra
    grew = True
    while grew:
        grew = False
        for docname in env.found_docs:
            if docname in moved or docname in added or docname in changed:
                continue
            sources = state["glue_from"].get(docname, set())
            if (sources & moved) or (docname in state["all_figures"] and moved):
                extra.add(docname)
                moved.add(docname)
                grew = True
    if extra:
        logger.info(f"minusma: inputs changed, re-reading {sorted(extra)}")
    return sorted(extra)


def purge_doc(app: Sphinx, env, docname: str) -> None:
    """``env-purge-doc``: forget what a removed or re-read page depended on."""
    state = _state(env)
    state["fingerprints"].pop(docname, None)
    state["glue_from"].pop(docname, None)
    state["all_figures"].discard(docname)


def merge_info(app: Sphinx, env, docnames, other) -> None:
    """``env-merge-info``: bring back what parallel readers learnt."""
    state, theirs = _state(env), _state(other)
    for d in docnames:
        for key in ("fingerprints", "glue_from"):
            if d in theirs[key]:
                state[key][d] = theirs[key][d]
        if d in theirs["all_figures"]:
            state["all_figures"].add(d)


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
    import nbformat
    from jupyter_cache import get_cache

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
    app._minusma_read = list(docnames)  # noqa: SLF001 (the app is ours for this build)
    config = getattr(env, "mystnb_config", None)
    jobs = build_jobs()
    if (jobs < 2 or config is None or config.execution_mode != "cache" or not config.execution_cache_path
            or config.execution_in_temp or config.kernel_rgx_aliases):
        return
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    cache = get_cache(config.execution_cache_path)
    todo = []
    for doc in docnames:
        path = Path(env.doc2path(doc))
        if path.suffix != ".md":
            continue
        text = path.read_text(encoding="utf-8")
        try:
            meta, _ = _split_front_matter(text)
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
    from concurrent.futures import ThreadPoolExecutor

    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.executors.utils import single_nb_execution

    def run(item):
        _, path, notebook, _ = item
        return single_nb_execution(notebook, cwd=str(path.parent), allow_errors=config.execution_allow_errors,
                                   timeout=config.execution_timeout, meta_override=True)

    logger.info(f"minusma: executing {len(todo)} pages, {min(jobs, len(todo))} at a time: {[t[0] for t in todo]}")
    with ThreadPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
        results = list(pool.map(run, todo))
    for (doc, path, notebook, fmt), result in zip(todo, results):
        if result.err is not None:
            continue  # MyST-NB executes it again and reports the error
        record = cache.add_nb_to_project(str(path), read_data=fmt) if fmt else cache.add_nb_to_project(str(path))
        cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri, data={"execution_seconds": result.time}),
                                    check_validity=False, overwrite=True)
        logger.info(f"minusma: executed {doc} in {result.time:.1f} s")


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
    from minusma.book import keyfigures

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


def collect(app: Sphinx, exception) -> None:
    """``build-finished``: write ``key-figures.csv`` and the chart downloads (HTML builds)."""
    if exception is not None or app.builder.format != "html":
        return
    from minusma.book import keyfigures

    outdir = Path(app.outdir)
    figures = current_key_figures(app)
    downloads = outdir / "downloads"
    if downloads.exists():
        shutil.rmtree(downloads)
    for doc in _doc_order(app):
        nb_file = _execute_dir(app) / f"{doc}.ipynb"
        if nb_file.exists():
            names = set()
            for meta, png in _chapter_outputs(nb_file, CHART_META):
                if meta["name"] in names:
                    logger.warning(f"{doc}: two charts are named {meta['name']!r}")
                names.add(meta["name"])
                folder = downloads / meta["chapter"]
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{meta['name']}.csv").write_text(meta["csv"], encoding="utf-8", newline="\n")
                # The shared image (title drawn in), the page image (site and PDF) and the phone image.
                share = meta.get("share_png") or png
                for sub, data in (("", share), ("page", png), ("phone", meta.get("phone_png"))):
                    if data:
                        (folder / sub).mkdir(parents=True, exist_ok=True)
                        (folder / sub / f"{meta['name']}.png").write_bytes(base64.b64decode(data))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(keyfigures.COLUMNS)
    for kf in figures:
        writer.writerow([kf.name, kf.value, kf.text, kf.unit, kf.chapter, kf.source])
    (outdir / "key-figures.csv").write_text(buf.getvalue(), encoding="utf-8", newline="\n")
    logger.info(f"minusma: wrote key-figures.csv ({len(figures)} figures) and chart downloads")


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
    from minusma.edition import changes as editions

    previous = editions.previous_manifest()
    current = current_key_figures(app, exclude=editions.OWN_CHAPTERS)
    for node in placeholders:
        node.replace_self(editions.key_figure_nodes(previous, current))


def setup_environment(app: Sphinx, config) -> None:
    """``config-inited``: let kernels import the package and know they run inside the book."""
    app._minusma_started = time.time()  # noqa: SLF001
    os.environ["MINUSMA_BOOK"] = "1"
    paths = os.environ.get("PYTHONPATH", "")
    if str(ROOT) not in paths.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), paths) if p)


def setup(app: Sphinx) -> dict:
    """Register the extension's event handlers and directive."""
    app.connect("config-inited", setup_environment)
    app.connect("source-read", inject_inputs)
    app.connect("env-get-outdated", outdated_by_inputs)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    from minusma.book.buildcheck import check_inputs

    app.connect("env-before-read-docs", check_inputs, priority=400)  # before pre_execute: bad data/, short message
    app.connect("env-before-read-docs", pre_execute)
    app.connect("doctree-read", restore_cached_outputs)
    app.connect("doctree-resolved", resolve_key_figure_changes)
    app.connect("build-finished", collect)
    app.connect("build-finished", write_build_record)
    app.add_node(key_figure_changes)
    app.add_directive(KEY_FIGURE_CHANGES, KeyFigureChangesDirective)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
