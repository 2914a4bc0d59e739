"""What a chapter notebook talks to: its declared inputs, key figures, charts and tables.

Each chapter declares the tables it reads in its front matter::

    ---
    (jupytext and kernelspec headers)
    minusma:
      chapter: casualties
      inputs: [fatalities_minusma, fatalities_by_mission_year, timeline]
    ---

and opens itself in its first code cell::

    from minusma.book.chapter import open_chapter

    ch = open_chapter("casualties")
    deaths = ch.load("fatalities_minusma")

The declaration is the single list of the chapter's data dependencies: the
book's extension (:mod:`minusma.book.sphinxext`) re-executes a chapter when one of
these tables changes, and :meth:`Chapter.load` refuses a table that is not
declared, so the list cannot fall behind the code.

**In Jupyter.** A chapter opened as a notebook (Jupytext opens ``chapters/*.md``
directly; ``jupytext --to ipynb`` writes a ``chapters/*.ipynb`` that git ignores
and the book leaves out, see ``_config.yml``) runs as in the book, and each
``ch.key(...)`` / ``ch.keys(...)`` shows ``name = text (unit)`` under its cell
(the book shows nothing there: it sets ``MINUSMA_BOOK=1``). A scratch notebook
needs no chapter file and no front matter to read the data: the package's
loaders work from any folder (paths come from :mod:`minusma.paths`)::

    from minusma.data.load import load_table, package, sources_of

    timeline = load_table("timeline")  # validated against data/datapackage.json
    [r["name"] for r in package()["resources"]]  # every table, with schema and sources

Only a chapter goes through :class:`Chapter`, so that the book knows what it reads.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import yaml
from IPython import get_ipython
from IPython.display import Markdown, display

from minusma.book import keyfigures
from minusma.charts import render, style, table
from minusma.data import load
from minusma.data.validate import DataValidationError
from minusma.paths import chapters_dir


class UndeclaredInputError(KeyError):
    """A chapter loaded a table that its front matter does not declare."""


def front_matter(path: Path) -> dict:
    """Return the YAML front matter of a MyST Markdown file (``{}`` if none).

    Raises
    ------
    ValueError
        The front matter is not closed or not valid YAML.
    """
    text = Path(path).read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0:
        raise ValueError(f"{path}: front matter opened with --- but never closed")
    return yaml.safe_load(text[3:end]) or {}


def declared_inputs(path: Path) -> tuple[str, ...]:
    """Return the ``minusma.inputs`` list of a chapter file (empty if none)."""
    return tuple((front_matter(path).get("minusma") or {}).get("inputs") or ())


class Chapter:
    """A chapter's handle on data, key figures, charts and tables.

    Parameters
    ----------
    slug : str
        Chapter slug: the file is ``chapters/<slug>.md``, the page
        ``chapters/<slug>.html``.
    docname : str, optional
        Sphinx document name (default ``chapters/<slug>``).
    path : pathlib.Path, optional
        The chapter file (default ``chapters/<slug>.md``).
    """

    def __init__(self, slug: str, docname: str | None = None, path: Path | None = None):
        self.slug = slug
        self.docname = docname or f"chapters/{slug}"
        self.path = path or chapters_dir() / f"{slug}.md"
        self.inputs = declared_inputs(self.path)
        style.use()

    # -- data ---------------------------------------------------------------
    def load(self, table: str) -> pd.DataFrame:
        """Return a declared input table, validated (see :func:`minusma.data.load.load_table`).

        Raises
        ------
        UndeclaredInputError
            ``table`` is not in the chapter's ``minusma.inputs``.
        DataValidationError
            The table breaks its schema.
        """
        __tracebackhide__ = True
        if table not in self.inputs:
            raise UndeclaredInputError(
                f"chapter {self.slug!r} reads table {table!r} but does not declare it: add it to "
                f"`minusma: inputs:` in the front matter of {self.path.name}"
            )
        try:
            return load.load_table(table)
        except DataValidationError as exc:
            raise DataValidationError(
                exc.problems,
                hint=f"(chapter {self.slug!r}, table {table!r}) "
                "Fix: run `make data` to re-derive data/, then run the chapter again.",
            ) from None

    def sources(self, *tables: str) -> list[dict]:
        """The raw sources behind declared input ``tables``, in order, without repeats.

        Returns
        -------
        list of dict
            The ``sources`` entries of ``data/datapackage.json`` (``title``,
            ``publisher``, ``version``, ``retrieved``, ``credit``, ...).

        Raises
        ------
        UndeclaredInputError
            A table is not in the chapter's ``minusma.inputs``.
        """
        out: list[dict] = []
        for t in tables:
            if t not in self.inputs:
                raise UndeclaredInputError(f"chapter {self.slug!r}: {t!r} is not a declared input")
            out += [s for s in load.sources_of(t) if s not in out]
        return out

    def source(self, *tables: str, note: str = "") -> str:
        """Return the source line for charts built from ``tables``.

        The line names each dataset, its version and retrieval date, and its
        credit; for example ``Source: UN Peace and Security Data Hub ...,
        version 2025-04-04, retrieved 2026-11-29.``
        """
        credits: dict[str, list[str]] = {}  # credit -> "version ..., retrieved ..." parts, in order
        for s in self.sources(*tables):
            shown = chart_version(s["version"])
            version = "" if s["version"] == s["retrieved"] or not shown else f"version {shown}, "
            part = f"{version}retrieved {s['retrieved']}"
            seen = credits.setdefault(s["credit"], [])
            if part not in seen:
                seen.append(part)
        parts = [f"{credit}, {'; '.join(v)}" for credit, v in credits.items()]
        text = "Source: " + "; ".join(parts) + "."
        if note:
            text += " " + note
        return text + " Chart: The MINUSMA report."

    def dataset(self, *tables: str) -> str:
        """Name the dataset(s) behind ``tables`` with their versions, for key figures' ``source``.

        For example ``"Mission Fatalities ... (DPPADPOSS-FATALITIES), version 2025-04-04"``; read from
        ``data/datapackage.json``, so it follows a refresh.
        """
        names = [
            s["title"] if s["version"] == s["retrieved"] else f"{s['title']}, version {s['version']}"
            for s in self.sources(*tables)
        ]
        return "; ".join(dict.fromkeys(names))

    # -- prose numbers --------------------------------------------------------
    def key(self, name: str, value, *, unit: str, source: str, text: str | None = None, fmt: str | None = None) -> None:
        """Register and glue a number of the prose (see :func:`minusma.book.keyfigures.register`).

        In the Markdown, paste it with ``{glue:text}`name```. Returns nothing, so
        that a cell ending with ``ch.key(...)`` shows no output.
        """
        kf = keyfigures.register(name, value, unit=unit, chapter=self.slug, source=source, text=text, fmt=fmt)
        _show_outside_book(kf)

    def keys(self, figures: pd.DataFrame) -> None:
        """Register and glue every row of an analysis function's key-figure frame, in one call.

        Parameters
        ----------
        figures : pandas.DataFrame
            One row per key figure, as the ``key_figures`` functions of :mod:`minusma.analysis`
            return them: columns ``name``, ``value``, ``unit``, ``source`` (str) and optionally
            ``text`` and ``fmt`` (str or missing; see :meth:`key`). The index is ignored.

        Raises
        ------
        KeyError
            A required column is missing.
        ValueError
            A row :func:`minusma.book.keyfigures.register` refuses (bad name, empty unit or source, NaN).
        """
        missing = [c for c in ("name", "value", "unit", "source") if c not in figures.columns]
        if missing:
            raise KeyError(f"key-figure frame lacks column(s) {', '.join(missing)}")
        shown = []
        for row in figures.to_dict("records"):
            opt = {k: row[k] for k in ("text", "fmt") if k in row and isinstance(row[k], str)}
            kf = keyfigures.register(
                row["name"], row["value"], unit=row["unit"], chapter=self.slug, source=row["source"], **opt
            )
            shown.append(kf)
        _show_outside_book(*shown)

    # -- charts and tables ------------------------------------------------------
    def chart(
        self,
        fig,
        *,
        name: str,
        title: str,
        subtitle: str,
        alt: str,
        data: pd.DataFrame,
        source: str,
        note: str | None = None,
        phone_fig=None,
    ) -> None:
        """Finish ``fig`` in the house style and display it with its downloads.

        See :func:`minusma.charts.render.render` for the arguments.
        """
        c = render.render(
            fig,
            name=name,
            chapter=self.slug,
            docname=self.docname,
            title=title,
            subtitle=subtitle,
            source=source,
            alt=alt,
            data=data,
            note=note,
            phone_fig=phone_fig,
        )
        display(_DescribedChart(c, subtitle=subtitle, note=note or ""))

    def table(
        self,
        frame: pd.DataFrame,
        align: list[str] | None = None,
        *,
        caption: str | None = None,
        name: str | None = None,
    ) -> None:
        """Display ``frame`` as a real table (Markdown, so it renders on the site and in the PDF).

        ``caption`` (what the table shows) and ``name`` (a slug) make it a numbered table,
        "Table 2.1: caption", that the text cites with ``{numref}`tbl-<chapter>-<name>```.
        """
        label = f"tbl-{self.slug}-{name}" if name else None
        t = table.Table(frame, align, caption=caption, label=label)
        display(t)


class _DescribedChart:
    """A chart as a chapter displays it: :class:`minusma.charts.render.Chart`'s output, with what the
    chart's download needs beside it in the output's metadata (``subtitle``: what is measured, in what
    unit; ``note``: the caveats), read by :mod:`minusma.book.outputs` for the downloads' data package.
    """

    def __init__(self, chart, **described: str):
        self.chart, self.described = chart, described

    def _repr_mimebundle_(self, include=None, exclude=None):
        data, meta = self.chart._repr_mimebundle_(include, exclude)
        key = render.Chart.META
        meta = {**meta, key: {**self.described, **meta[key]}}  # the chart's own fields win
        return data, meta


def _show_outside_book(*figures) -> None:
    """In Jupyter (not in a book build, which sets ``MINUSMA_BOOK=1``), show the registered figures.

    A chapter's cell that ends with ``ch.key(...)`` then shows ``name = text`` to an analyst, and
    nothing on the book's page.
    """
    if os.environ.get("MINUSMA_BOOK") == "1" or not figures or get_ipython() is None:
        return  # in the book, or plain Python: nothing to show
    display(Markdown("\n".join(f"- `{k.name}` = {k.text} ({k.unit})" for k in figures)))


def chart_version(version: str) -> str:
    """A source's version as a chart's source line gives it: without repository names or commit hashes.

    ``"GitHub IPIDataLab/PPP_Loader commit 2653920 (2017-06-26)"`` gives ``"of 2017-06-26"``;
    ``"v2.3 (GitHub geopko/Geo-PKO-Shiny-Dashboard commit e64fa61, 2025-05-04)"`` gives
    ``"v2.3 (2025-05-04)"``; ``"2014-03-31 (GitHub ... commit adec10c, read at 2653920)"`` gives
    ``"2014-03-31"``. The full version stays in the data package and the methods chapter.
    """
    v = re.sub(r"\(GitHub [^,()]*? commit [0-9a-f]+(?:, read at [0-9a-f]+)?\)", "", version)
    v = re.sub(r"\(GitHub [^,()]*? commit [0-9a-f]+, ([^()]*)\)", r"(\1)", v)
    v = re.sub(r"^GitHub \S+ commit [0-9a-f]+ \(([^()]*)\)$", r"of \1", v)
    v = re.sub(r"GitHub \S+ commit [0-9a-f]+,? ?", "", v)
    return re.sub(r"\s+", " ", v).strip(" ,")


def open_chapter(slug: str) -> Chapter:
    """Return the :class:`Chapter` for ``chapters/<slug>.md`` and apply the house style."""
    return Chapter(slug)
