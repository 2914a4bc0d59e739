"""Documentation generated from the data's metadata: sources, data dictionary, periods, bibliography.

The Methods and data chapter never lists a source or a column by hand. At build
time :mod:`minusma.book.publication` replaces each block

.. code-block:: markdown

    ```{generated} data-sources
    ```

of a page by the Markdown that :data:`BLOCKS` produces (``data-sources``,
``data-dictionary``, ``periods``), so a table or source added to the pipeline
appears in the book at the next build, with no edit to the chapter. The same
metadata gives a BibTeX entry for every raw source (:func:`sources_bibtex`),
cited from the generated list, so the bibliography holds every source of the
data.

Inputs: ``data/datapackage.json`` (``{"resources": [{"name", "path", "title",
"description", "schema", "sources", "licenses", ...}]}``, as
:mod:`minusma.data.pipeline` writes it) and :data:`minusma.data.sources.SOURCES` (for the
coverage and caveats that the package does not carry).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from minusma.data import sources as src
from minusma.markup import Markup
from minusma.markup import md_escape as esc

if TYPE_CHECKING:  # pandas, periods and style are imported where tables are made: the book's
    import pandas as pd  # extensions import this module on every build, even when nothing changed

#: Enumerations longer than this are summarised (count and first values), not listed in full.
MAX_ENUM = 12


def bib_key(source_id: str) -> str:
    """BibTeX key of the dataset a raw source belongs to: ``data_<dataset id>`` (``data_un_fatalities``;
    every part of the COD-AB shapefiles cites ``data_codab_mli``).
    """
    s = src.SOURCES.get(source_id)
    return f"data_{s.dataset_id if s else source_id}"


def _source_by_file() -> dict[str, src.RawSource]:
    return {s.path: s for s in src.SOURCES.values()}


def source_entries(package: dict) -> list[dict]:
    """Return each raw source that the data package cites, once, with what the pipeline knows of it.

    Parameters
    ----------
    package : dict
        Parsed ``datapackage.json``.

    Returns
    -------
    list of dict
        In order of first use. Keys: ``id`` (raw source id, or ``None`` when
        :mod:`minusma.data.sources` does not know the file), ``title``, ``publisher``,
        ``version``, ``retrieved``, ``licence``, ``url``, ``file``, ``sha256``,
        ``credit``, ``coverage``, ``caveats`` (list of str), ``tables`` (names of
        the derived tables that read it).
    """
    known = _source_by_file()
    out: dict[str, dict] = {}
    for res in package["resources"]:
        for s in res.get("sources", []):
            key = s.get("file") or s.get("path")
            if key not in out:
                raw = known.get(s.get("file", ""))
                out[key] = {
                    "id": raw.id if raw else None,
                    "title": s.get("title", ""),
                    "publisher": s.get("publisher", ""),
                    "version": s.get("version", ""),
                    "retrieved": s.get("retrieved", ""),
                    "licence": s.get("licence", ""),
                    "url": s.get("path", ""),
                    "file": s.get("file", ""),
                    "sha256": s.get("sha256", ""),
                    "credit": s.get("credit", ""),
                    "coverage": raw.coverage if raw else "",
                    "caveats": list(raw.caveats) if raw else [],
                    "tables": [],
                }
            out[key]["tables"].append(res["name"])
    return list(out.values())


def unused_sources(package: dict) -> list[src.RawSource]:
    """Return the registered raw sources that no table of the package reads (for comparisons, refreshes)."""
    used = {e["file"] for e in source_entries(package)}
    return [s for s in src.SOURCES.values() if s.path not in used]


def _is_url(text: str) -> bool:
    return bool(re.fullmatch(r"https?://\S+", text or ""))


def _link(url: str) -> str:
    return f"<{url}>" if _is_url(url) and not re.search(r"[<>`\\]", url) else esc(url)


def sources_markdown(package: dict) -> str:
    """Markdown: one subsection per raw source (publisher, version, licence, dates, coverage, caveats).

    Each subsection cites the source's generated BibTeX entry (:func:`bib_key`),
    so that the bibliography lists it.
    """
    lines: list[str] = []
    for e in source_entries(package):
        cite = f" {{cite:p}}`{bib_key(e['id'])}`" if e["id"] else ""
        lines += [
            f"### {esc(e['title'])}" + ("" if e["version"] == e["retrieved"] else f" (version {esc(e['version'])})"),
            "",
        ]
        lines += [
            f"- **Publisher:** {esc(e['publisher'])}{cite}",
            (
                f"- **Retrieved:** {esc(e['retrieved'])}"
                if e["version"] == e["retrieved"]
                else f"- **Version:** {esc(e['version'])}; **retrieved:** {esc(e['retrieved'])}"
            ),
            f"- **Licence:** {esc(e['licence'])}",
            f"- **Credit line:** {esc(e['credit'])}",
        ]
        if e["coverage"]:
            lines.append(f"- **Coverage:** {esc(e['coverage'])}")
        lines += [
            f"- **Address:** {_link(e['url'])}",
            f"- **Raw file:** {_code(e['file'])}",
            f"- **sha256:** {_code(e['sha256'])}",
            "- **Read by:** " + ", ".join(_code(t) for t in e["tables"]),
        ]
        if e["caveats"]:
            lines.append("- **Caveats, and how the pipeline handles them:**")
            lines += [f"  - {esc(c)}" for c in e["caveats"]]
        lines.append("")
    others = unused_sources(package)
    if others:
        lines += [
            "### Other registered sources",
            "",
            "Registered in the pipeline but read by no published table (earlier versions kept to "
            "show how the data changed between releases, for example):",
            "",
        ]
        for s in others:
            lines.append(
                f"- {esc(s.title)}, {esc(s.publisher)}; {esc(_dates_note(s.version, s.retrieved).lower())}; "
                f"{esc(src.LICENCES[s.licence]['title'])} {{cite:p}}`{bib_key(s.id)}`. {esc(s.coverage)}."
            )
        lines.append("")
    return "\n".join(lines)


def _code(value) -> str:
    text = str(value).replace("`", "'").replace("|", "\\|")
    return f"`{text}`"


def constraints_text(field: dict) -> str:
    """The constraints of a Table Schema field, in words (``"required; unique; ≥ 2013"``); ``"–"`` if none."""
    c = dict(field.get("constraints", {}))
    parts = []
    if c.pop("required", False):
        parts.append("required")
    if c.pop("unique", False):
        parts.append("unique")
    if "minimum" in c:
        parts.append(f"≥ {c.pop('minimum')}")
    if "maximum" in c:
        parts.append(f"≤ {c.pop('maximum')}")
    if "minLength" in c:
        parts.append(f"at least {c.pop('minLength')} characters")
    if "maxLength" in c:
        parts.append(f"at most {c.pop('maxLength')} characters")
    if "pattern" in c:
        parts.append("matches " + _code(c.pop("pattern")))
    if "enum" in c:
        values = c.pop("enum")
        if len(values) <= MAX_ENUM:
            parts.append("one of " + ", ".join(_code(v) for v in values))
        else:
            parts.append(
                f"one of {len(values)} values listed in `datapackage.json` ("
                + ", ".join(_code(v) for v in values[:3])
                + ", …)"
            )
    for key, value in sorted(c.items()):  # any other constraint, as the schema states it
        parts.append(f"{key} {_code(value)}")
    return "; ".join(parts) if parts else "–"


def _sized_table(frame: pd.DataFrame, widths: list[int], long: bool = False, caption: str = "") -> str:
    """A Markdown table inside a MyST ``{table}`` directive with relative column ``widths``.

    The widths keep the PDF's columns readable (LaTeX otherwise squeezes short
    columns such as field names); the site uses them as column proportions.
    ``long`` lets the PDF break the table across pages (LaTeX ``longtable``).
    """
    from minusma.charts.table import Table

    body = Table(frame, align=["left"] * len(frame.columns)).pipe()
    options = ":widths: " + " ".join(str(w) for w in widths) + "\n:align: left\n"
    if long:
        options += ":class: longtable\n"
    return ":::{table} " + caption + "\n" + options + "\n" + body + "\n:::"


def _cell(text: str) -> str:
    """Markdown the project built, made safe for one cell of a pipe table (``|`` outside code escaped)."""
    parts = re.split(r"(`[^`]*`)", str(text).replace("\n", " "))
    return "".join(p if p.startswith("`") else p.replace("|", "\\|") for p in parts)


def dictionary_markdown(package: dict) -> str:
    """Markdown: the data dictionary, one subsection per table with a row per field.

    For each table: its file, title, description, unit, primary key, licence,
    sources and the function that derives it; then a table of its fields with
    type, description and constraints in words (:func:`constraints_text`).
    """
    lines: list[str] = []
    for res in package["resources"]:
        schema = res["schema"]
        lines += [f"### {_code(res['name'])}: {esc(res['title'])}", "", esc(res.get("description", "")), ""]
        pk = schema.get("primaryKey")
        facts = [
            f"- **File:** `data/{res['path']}` ({res.get('format', 'csv').upper()}, "
            f"{res.get('encoding', 'utf-8').upper()}, {res.get('bytes', 0):,} bytes)",
            f"- **sha256:** `{res.get('hash', '').removeprefix('sha256:')}`",
        ]
        if res.get("unit"):
            facts.append(f"- **Unit:** {esc(res['unit'])}")
        if pk:
            facts.append("- **Primary key:** " + ", ".join(f"`{k}`" for k in ([pk] if isinstance(pk, str) else pk)))
        for lic in res.get("licenses", []):
            facts.append(f"- **Licence:** {esc(lic.get('title', lic.get('name', '')))}")
        if res.get("sources"):
            facts.append(
                "- **Sources:** " + "; ".join(f"{esc(s['title'])} ({esc(s['version'])})" for s in res["sources"])
            )
        deriv = res.get("derivation", {})
        if deriv:
            facts.append(f"- **Derived by:** `{deriv.get('function', '')}`, run by `make data`")
        lines += facts + [""]
        rows = [
            {
                "Field": Markup(f"`{f['name']}`"),
                "Type": f.get("type", "string"),
                "Description": f.get("description", ""),
                "Constraints": Markup(_cell(constraints_text(f))),
            }
            for f in schema["fields"]
        ]
        import pandas as pd

        lines += [
            _sized_table(
                pd.DataFrame(rows), [27, 9, 31, 33], long=True, caption=f"Fields of the table `{res['name']}`"
            ),
            "",
        ]
    return "\n".join(lines)


def periods_markdown(package: dict | None = None) -> str:
    """Markdown table of the report's periods (:data:`minusma.analysis.periods.PERIODS`)."""
    import pandas as pd

    from minusma.analysis import periods as periods_mod

    rows = [
        {
            "Period": p.label,
            "Key": Markup(f"`{p.key}`"),
            "From": p.start.strftime("%-d %B %Y"),
            "To": p.end.strftime("%-d %B %Y") if p.end is not None else "latest complete month",
            "Opens with": p.opened_by,
        }
        for p in periods_mod.PERIODS
    ]
    return _sized_table(
        pd.DataFrame(rows),
        [17, 23, 15, 15, 30],
        caption="The four periods of the report's before-and-after comparisons",
    )


def zones_markdown(package: dict | None = None) -> str:
    """Markdown table of the report's zones and the regions in each (:mod:`minusma.analysis.geography`)."""
    from minusma.analysis import geography

    return _sized_table(geography.zone_table(), [30, 70], caption="The zones of Mali and the regions in each")


def sources_short_markdown(package: dict) -> str:
    """Markdown: one row per dataset the published tables read (dataset with its citation, version, licence).

    The short list of the Methods chapter (PDF and site); the full list with addresses, files,
    checksums and caveats is :func:`sources_markdown`, on the site's data appendix.
    """
    import pandas as pd

    rows, seen = [], set()
    for e in source_entries(package):
        key = bib_key(e["id"]) if e["id"] else e["title"]
        if key in seen:
            continue
        seen.add(key)
        cite = f" {{cite:p}}`{key}`" if e["id"] else ""
        rows.append(
            {
                "Dataset": Markup(esc(e["title"]) + cite),
                "Retrieved": e["retrieved"],
                "Licence": short_licence(e["licence"]),
            }
        )
    return _sized_table(
        pd.DataFrame(rows),
        [58, 16, 26],
        long=True,
        caption="The datasets behind the report's tables (versions in the references)",
    )


def short_licence(text: str) -> str:
    """A licence as a table cell gives it: ``"CC BY 4.0"``, ``"ACLED Terms of Use"``, ``"Public domain"``."""
    text = (text or "").replace("Creative Commons Attribution ", "CC BY ").replace(" International", "")
    text = re.sub(r"\s*\(.*$", "", text)
    return re.split(r":|;", text)[0].strip() or "–"


def tables_short_markdown(package: dict) -> str:
    """Markdown: one row per table of ``data/`` (name, title, number of fields, unit).

    The short data dictionary of the Methods chapter; the full one (every field, type and
    constraint, files and checksums) is :func:`dictionary_markdown`, on the site's data appendix.
    """
    import pandas as pd

    rows = [
        {"Table": Markup(f"`{r['name']}`"), "What it holds": r["title"], "Fields": str(len(r["schema"]["fields"]))}
        for r in package["resources"]
    ]
    return _sized_table(
        pd.DataFrame(rows),
        [34, 58, 8],
        long=True,
        caption="The derived tables of data/ (every field is described on the site)",
    )


#: Generated blocks by name: ``name -> function(package) -> Markdown``.
BLOCKS: dict[str, Callable[[dict], str]] = {
    "data-sources": sources_markdown,
    "data-dictionary": dictionary_markdown,
    "periods": periods_markdown,
    "zones": zones_markdown,
    "data-sources-short": sources_short_markdown,
    "data-tables-short": tables_short_markdown,
}


def _bib_value(text: str) -> str:
    """Escape a value for a braced BibTeX field (LaTeX specials, unbalanced braces)."""
    out = re.sub(r"([&%$#_])", r"\\\1", str(text))
    return out.replace("{", "(").replace("}", ")")


def _dates_note(version: str, retrieved: str) -> str:
    """``Version X; retrieved Y``, without saying the same date twice."""
    return f"Retrieved {retrieved}" if version == retrieved else f"Version {version}; retrieved {retrieved}"


def sources_bibtex() -> str:
    """BibTeX entries (``@misc``), one per dataset of the registered raw sources, keyed by :func:`bib_key`.

    A dataset of several files (the parts of a shapefile, the tables of the fact
    base) has one entry. Its year is the publisher's date of the version
    (:attr:`minusma.data.sources.RawSource.published`), not the day of retrieval.

    Returns
    -------
    str
        Entries in the order of the first file of each dataset in
        :data:`minusma.data.sources.SOURCES`; the same registry always gives the
        same text.
    """
    entries = []
    seen: set[str] = set()
    for s in src.SOURCES.values():
        if s.dataset_id in seen:
            continue
        seen.add(s.dataset_id)
        fields = [
            ("author", "{" + _bib_value(s.publisher) + "}"),
            ("title", "{" + _bib_value(s.dataset_title or s.title) + "}"),
            ("year", s.published[:4]),
            (
                "note",
                _bib_value(
                    f"{_dates_note(s.version, s.retrieved)}; "
                    f"licence: {src.LICENCES[s.licence]['title']}. Credit: {s.credit}"
                ),
            ),
        ]
        if _is_url(s.url):
            fields.append(("url", s.url))
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        entries.append(f"@misc{{{bib_key(s.id)},\n{body}\n}}\n")
    return "\n".join(entries)
