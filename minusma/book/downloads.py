"""Downloads that describe themselves: ``key-figures.csv`` with its schema, and the chart CSVs' data package.

Written into the site by :mod:`minusma.book.outputs` at the end of an HTML build:

- ``key-figures.csv``: one row per key figure of the prose, columns
  :data:`KEY_FIGURE_COLUMNS`: the ``value`` (a date as ISO 8601, ``2012-01-17``,
  or ``2022-10`` for a month), the ``text`` the prose shows beside it
  (``17 January 2012``, ``52%``), its ``unit``, ``chapter`` and ``source``, and
  the Table Schema ``type`` of the value (``integer``, ``number``, ``date``,
  ``yearmonth``, ``string``), since one column holds numbers, dates and labels;
- ``key-figures.schema.json``: its Frictionless Table Schema (:func:`key_figures_schema`);
- ``downloads/datapackage.json``: a Frictionless Data Package of the chart
  CSVs (:func:`chart_package`), one resource per chart giving its title (the
  finding), units (the chart's subtitle: what is measured, in what unit),
  description (the alt text), source line, the raw sources behind it and
  their licences, and the schema of its columns.

Nothing here imports Sphinx or pandas.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re

#: Columns of ``key-figures.csv``.
KEY_FIGURE_COLUMNS = ("name", "value", "text", "unit", "chapter", "source", "type")
#: Name of the schema of ``key-figures.csv`` in the site.
KEY_FIGURES_SCHEMA = "key-figures.schema.json"

#: English month names (the prose writes dates with strftime's %B in Python's default C locale).
_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
_LONG_DATE = re.compile(r"(?P<d>\d{1,2}) (?P<m>[A-Z][a-z]+) (?P<y>\d{4})")
_MONTH = re.compile(r"(?P<m>[A-Z][a-z]+) (?P<y>\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]00:00:00)?")
_ISO_MONTH = re.compile(r"\d{4}-\d{2}")
_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def iso_value(value) -> tuple[str, str]:
    """Return a key figure's value as ``key-figures.csv`` writes it, and its Table Schema type.

    Parameters
    ----------
    value : int, float, str, datetime.date
        The value registered with :func:`minusma.book.keyfigures.register`.

    Returns
    -------
    (str, str)
        ``("1234", "integer")``, ``("0.52", "number")``; a date, whether a
        ``datetime.date`` or a string such as ``"17 January 2012"`` or
        ``"2012-01-17 00:00:00"``, as ``("2012-01-17", "date")``; a month
        (``"October 2022"``) as ``("2022-10", "yearmonth")``; any other string
        as itself with ``"string"``.
    """
    if isinstance(value, bool):
        return str(value).lower(), "boolean"
    if isinstance(value, int):
        return str(value), "integer"
    if isinstance(value, float):
        return repr(value), "number"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat(), "date"
    text = str(value).strip()
    if (m := _LONG_DATE.fullmatch(text)) and m["m"] in _MONTHS:
        try:
            return dt.date(int(m["y"]), _MONTHS[m["m"]], int(m["d"])).isoformat(), "date"
        except ValueError:
            pass
    if (m := _MONTH.fullmatch(text)) and m["m"] in _MONTHS:
        return f"{m['y']}-{_MONTHS[m['m']]:02d}", "yearmonth"
    if _ISO_DATE.fullmatch(text):
        return text[:10], "date"
    if _ISO_MONTH.fullmatch(text) and 1 <= int(text[5:]) <= 12:
        return text, "yearmonth"
    return text, "string"


def key_figures_csv(figures) -> str:
    """Return the text of ``key-figures.csv`` for ``figures`` (:class:`minusma.book.keyfigures.KeyFigure`, in order)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(KEY_FIGURE_COLUMNS)
    for kf in figures:
        value, kind = iso_value(kf.value)
        writer.writerow([kf.name, value, kf.text, kf.unit, kf.chapter, kf.source, kind])
    return buf.getvalue()


def key_figures_schema() -> dict:
    """Return the Frictionless Table Schema of ``key-figures.csv``."""

    def field(name, description, **extra):
        return {"name": name, "type": "string", "description": description, **extra}

    return {
        "fields": [
            field(
                "name",
                "Glue key of the figure, unique in the book: the prose pastes it with {glue:text}`name`.",
                constraints={"required": True, "unique": True, "pattern": "[a-z0-9_]+"},
            ),
            field(
                "value",
                "The value: a number as written by Python; a date as ISO 8601 (YYYY-MM-DD) or a month "
                "(YYYY-MM); otherwise a label. Its type is in the column `type`.",
                constraints={"required": True},
            ),
            field(
                "text",
                'The value as the prose shows it ("1,234", "52%", "17 January 2012").',
                constraints={"required": True},
            ),
            field("unit", "What the value counts or measures, in words.", constraints={"required": True}),
            field(
                "chapter",
                "Slug of the chapter that states the figure (page chapters/<chapter>.html).",
                constraints={"required": True},
            ),
            field(
                "source",
                "The dataset (and version) the figure comes from, or the work cited.",
                constraints={"required": True},
            ),
            field(
                "type",
                "Table Schema type of `value`.",
                constraints={"required": True, "enum": ["integer", "number", "date", "yearmonth", "string", "boolean"]},
            ),
        ],
        "primaryKey": ["name"],
    }


def _field_type(values: list[str]) -> str:
    """Table Schema type of a CSV column from its non-empty values (integer, number, date, boolean, string)."""
    values = [v for v in values if v != ""]
    if not values:
        return "string"
    for kind, pattern in (
        ("integer", _INTEGER),
        ("number", _NUMBER),
        ("date", re.compile(r"\d{4}-\d{2}-\d{2}")),
        ("boolean", re.compile(r"True|False|true|false")),
    ):
        if all(pattern.fullmatch(v) for v in values):
            return kind
    return "string"


def csv_schema(text: str) -> dict:
    """Return the Table Schema of a chart's CSV (field names in order, types read from the values)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    return {
        "fields": [
            {"name": h, "type": _field_type([r[i] if i < len(r) else "" for r in body])} for i, h in enumerate(header)
        ]
    }


def chart_sources(source_line: str, sources: list[dict], licenses: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    """Return the raw sources a chart's source line credits, and their licences.

    Parameters
    ----------
    source_line : str
        The chart's source line (built by :meth:`minusma.book.chapter.Chapter.source` from each source's
        ``credit``).
    sources : list of dict
        Candidate sources: the ``sources`` entries of the chapter's input tables in
        ``data/datapackage.json`` (``title``, ``publisher``, ``version``, ``retrieved``, ``licence``,
        ``credit``, ``path``).
    licenses : dict
        Licence title -> Data Package licence (``name``, ``title``, ``path``), from the same package.

    Returns
    -------
    (sources, licenses)
        The sources whose ``credit`` the line names (all candidates when it names none: a line written
        by hand), as ``title, publisher, version, retrieved, path``; and their licences, without repeats.
    """
    named = [s for s in sources if s.get("credit") and s["credit"] in source_line]
    out, seen = [], set()
    for s in named or sources:
        key = (s.get("title"), s.get("version"))
        if key not in seen:
            seen.add(key)
            out.append({k: s[k] for k in ("title", "publisher", "version", "retrieved", "path") if k in s})
    lic = []
    for s in named or sources:
        entry = licenses.get(s.get("licence", ""), {"title": s["licence"]} if s.get("licence") else None)
        if entry and entry not in lic:
            lic.append(entry)
    return out, lic


def chart_package(charts: list[dict], data_package: dict, inputs: dict[str, list[str]]) -> dict:
    """Return the Data Package (``downloads/datapackage.json``) of the chart CSVs.

    Parameters
    ----------
    charts : list of dict
        The charts' output metadata (:attr:`minusma.charts.render.Chart.META`: ``name``, ``chapter``,
        ``docname``, ``title``, ``alt``, ``source``, ``csv``, and ``subtitle``, ``note`` as
        :meth:`minusma.book.chapter.Chapter.chart` adds them), in book order.
    data_package : dict
        ``data/datapackage.json``.
    inputs : dict
        Docname -> the page's declared input tables (``"datapackage"`` for all).

    Returns
    -------
    dict
        ``name``, ``title``, ``licenses`` (the package's), and one resource per chart: ``name``
        (``<chapter>-<chart>``), ``path`` (``<chapter>/<chart>.csv``, beside the PNG), ``title``,
        ``units``, ``description``, ``note``, ``source_line``, ``sources``, ``licenses``, ``schema``.
    """
    resources = {r["name"]: r for r in data_package.get("resources", [])}
    licenses = {lic["title"]: lic for r in resources.values() for lic in r.get("licenses", [])}
    out = []
    for meta in charts:
        tables = inputs.get(meta.get("docname", ""), [])
        names = list(resources) if "datapackage" in tables else [t for t in tables if t in resources]
        candidates = [s for t in names for s in resources[t].get("sources", [])]
        sources, lic = chart_sources(meta.get("source", ""), candidates, licenses)
        resource = {
            "name": f"{meta['chapter']}-{meta['name']}",
            "path": f"{meta['chapter']}/{meta['name']}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": meta.get("title", ""),
            "units": meta.get("subtitle", ""),
            "description": meta.get("alt", ""),
            "source_line": meta.get("source", ""),
            "sources": sources,
            "licenses": lic,
            "image": f"{meta['chapter']}/{meta['name']}.png",
            "schema": csv_schema(meta.get("csv", "")),
        }
        if meta.get("note"):
            resource["note"] = meta["note"]
        out.append(resource)
    return {
        "name": "minusma-report-charts",
        "title": "The MINUSMA report: the data of every chart",
        "description": "One CSV per chart of the report, holding exactly the values it plots, beside its PNG. "
        "Each resource gives the chart's finding (title), what it measures and in what unit "
        "(units), the raw sources it draws on and their licences. ACLED-based charts plot "
        "aggregates only.",
        "licenses": data_package.get("licenses", []),
        "resources": out,
    }
