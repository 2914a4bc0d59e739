"""At the book's build: a table of ``data/`` that breaks its schema stops the build with a short message.

Before any chapter executes (Sphinx's ``env-before-read-docs``), every table
that a page about to be read declares in its front matter (``minusma:
inputs:``) is read and validated (:func:`minusma.data.load.load_table`). If one
fails, the build stops with one message naming the chapter, the table and each
problem (file, row, column, rule) and the fix (``make data``), instead of the
notebook's traceback printed by MyST-NB, then again by Sphinx and Jupyter Book.

The same check is :func:`check_pages`, which returns the message (the tests
call it on a fixture page).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from minusma.book.fingerprint import page_inputs, split_front_matter

#: The fix printed under the problems.
FIX = (
    "Fix: run `make data` to re-derive data/ from the raw sources (`make check-data` shows which files "
    "differ from a fresh derivation), then build again."
)


def _inputs(path: Path) -> list[str] | None:
    try:
        return page_inputs(split_front_matter(path.read_text(encoding="utf-8"))[0])
    except yaml.YAMLError:
        return None  # a broken front matter is reported by the parser


def check_pages(pages: dict[str, Path]) -> str | None:
    """Validate the declared inputs of ``pages`` (docname -> file); return the message, or None if all pass."""
    # Imported here, not at the top: the extension loads this module at every build, and pandas only
    # when some page is read.
    from minusma.data import load
    from minusma.data.validate import DataValidationError

    failures: dict[str, tuple[list[str], list[str]]] = {}  # table -> (chapters reading it, problem lines)
    for doc, path in pages.items():
        if path.suffix != ".md" or not path.exists():
            continue
        for table in _inputs(path) or []:
            if table in failures:
                failures[table][0].append(doc)
                continue
            try:
                if table == "datapackage":
                    load.package()
                else:
                    load.load_table(table)
            except DataValidationError as exc:
                failures[table] = ([doc], str(exc).splitlines())
            except (FileNotFoundError, KeyError, ValueError) as exc:
                text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
                failures[table] = ([doc], [text])
    failures = {t: f for t, f in failures.items() if f[1]}
    if not failures:
        return None
    lines = ["The book cannot be built: a table in data/ that a chapter reads fails its checks."]
    for table, (docs, problems) in failures.items():
        lines.append(f"  table {table} (read by chapter{'s' if len(docs) > 1 else ''} {', '.join(docs)}):")
        lines += [f"    {x}" for x in problems]
    return "\n".join(lines + [FIX])


def check_inputs(app, env, docnames) -> None:
    """``env-before-read-docs``: stop the build (exit status 1, no traceback) when a declared input is invalid."""
    message = check_pages({doc: Path(env.doc2path(doc)) for doc in docnames})
    if message:
        raise SystemExit(message)
