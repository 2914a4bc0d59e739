"""Sphinx's side of the input fingerprints: hidden cells, and the pages to re-read.

Sphinx re-reads a page only when its own source file changed, and MyST-NB's
cache is keyed on its code cells only. With the fingerprint of
:mod:`minusma.book.fingerprint`:

- at ``source-read`` :func:`inject_inputs` inserts the fingerprint as a hidden
  code cell (tag ``remove-cell``) after the front matter, so the notebook's
  cache key changes exactly when its code, its inputs, the package code it
  runs or the pinned environment change;
- at ``env-get-outdated`` :func:`outdated_by_inputs` recomputes every page's
  fingerprint from the files and sends to be re-read each page whose
  fingerprint differs from the one it was last read with. The comparison is by
  content, not by file time: re-deriving ``data/`` to the same bytes re-reads
  nothing. A page re-read with an unchanged fingerprint takes its outputs from
  the cache; only a changed fingerprint re-executes it.
- **Pages that show other pages' numbers.** A page that pastes a number glued
  in another page (``{glue:text}`chapters/x.md::name```) or lists the key
  figures (the ``minusma-key-figure-changes`` directive) is re-read whenever
  one of the pages it reads from is, so it never shows an old value.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.util import logging

from minusma.book.fingerprint import MARKER, fingerprint

logger = logging.getLogger(__name__)

#: Directive listing key figures that moved since the previous edition (see :mod:`minusma.book.outputs`):
#: a page that holds it reads every page's key figures.
KEY_FIGURE_CHANGES = "minusma-key-figure-changes"

_CROSS_GLUE = re.compile(r"\{glue(?::[a-z]+)?\}`(?:[^`<]*<)?([^`<>:]+?)::[^`]+`")


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
        + MARKER
        + "\n"
        + "\n".join(f"# {line}" for line in lines)
        + "\n```\n"
    )
    source[0] = text[: end + 1] + cell + text[end + 1 :]


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
