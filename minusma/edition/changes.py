"""What changed between editions: small manifests of each release's data, and their comparison.

Each release keeps a manifest of its data in ``editions/<edition>.json``
(written by ``python -m minusma.edition.changes record``): for every table of
``data/`` its row count, sha256, sources (version, sha256) and, for tables of
at most :data:`RECORD_LIMIT` rows, every record by primary key (values as
written in the CSV), so that a later edition can list the rows added and
removed and the records whose values changed (a death reclassified from "To
Be Determined" to "Illness", a corrected date); plus every key figure of the
book (``key-figures.csv``). The appendix ``chapters/changes.md`` compares the
current ``data/`` and key figures with the newest manifest of an earlier
edition (:func:`previous_manifest`).

The comparison is generic: a table added by a new chapter appears as new, a
record table lists its records, an aggregate table shows its totals by
category. Key figures are compared once every page of the book has been read
(the ``minusma-key-figure-changes`` directive of :mod:`minusma.book.sphinxext`).

Commands::

    python -m minusma.edition.changes record --edition 1.0.0 --released 2027-01-15 \\
        [--build _build] [--out editions/1.0.0.json]
    python -m minusma.edition.changes reference --substitute un_fatalities=un_fatalities_2023 \\
        --edition 2023-11-28 --released 2023-11-28 --build

``reference`` rebuilds the manifest of an earlier edition from an archived
version of a raw source with today's derivation code (and, with ``--build``,
today's chapters, to get its key figures): that is how
``editions/2023-11-28.json`` was made from the UN table's version of 28
November 2023.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from minusma.paths import ROOT, data_dir

# pandas and the pipeline are imported where they are used: the book's extension imports this
# module at every build to list the key figures that moved, and should not pay for them.

#: Folder of the edition manifests.
EDITIONS_DIR = ROOT / "editions"
#: Tables of at most this many rows keep every record in a manifest.
RECORD_LIMIT = 2000
#: Chapters whose key figures describe the comparison itself (left out of it).
OWN_CHAPTERS = ("changes",)
#: Separator of the parts of a composite key in a manifest.
KEY_SEP = " | "


# --------------------------------------------------------------------------
# Manifests
# --------------------------------------------------------------------------


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


def table_summary(resource: dict, folder: Path) -> dict:
    """Return the manifest entry of one table of a data folder.

    Parameters
    ----------
    resource : dict
        The table's resource in ``datapackage.json`` (``name``, ``path``, ``schema``, ``sources``).
    folder : pathlib.Path
        The data folder.

    Returns
    -------
    dict
        ``rows`` (int), ``sha256`` (hex), ``key`` (primary-key fields),
        ``fields`` (the other fields), ``types`` (field -> Table Schema type),
        ``sources`` (``title, version, sha256`` of each raw source) and, for
        tables of at most :data:`RECORD_LIMIT` rows, ``records``: key (parts
        joined by ``" | "``) -> values of ``fields``, as strings.
    """
    path = folder / resource["path"]
    header, body = _rows(path)
    key = list(resource["schema"].get("primaryKey") or [])
    fields = [h for h in header if h not in key]
    entry = {
        "rows": len(body),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "key": key,
        "fields": fields,
        "types": {f["name"]: f.get("type", "string") for f in resource["schema"]["fields"]},
        "sources": [{"title": s["title"], "version": s["version"], "sha256": s["sha256"]}
                    for s in resource.get("sources", [])],
    }
    if key and len(body) <= RECORD_LIMIT:
        ki = [header.index(k) for k in key]
        fi = [header.index(f) for f in fields]
        entry["records"] = {KEY_SEP.join(r[i] for i in ki): [r[i] for i in fi] for r in body}
    return entry


def read_key_figures(build: Path) -> dict[str, dict]:
    """Return the key figures of a built book as name -> ``{value, text, unit, chapter, source}``.

    Parameters
    ----------
    build : pathlib.Path
        The book's ``_build`` folder: the figures are read from the glue data
        of each executed page (``jupyter_execute/**/*.glue.json``), which hold
        the text the prose shows (``"52%"``) beside the value.
    """
    from minusma.book.keyfigures import from_glue

    out = {}
    for glue in sorted((Path(build) / "jupyter_execute").rglob("*.glue.json")):
        for kf in from_glue(json.loads(glue.read_text(encoding="utf-8"))):
            out[kf.name] = {"value": kf.value, "text": kf.text, "unit": kf.unit, "chapter": kf.chapter,
                            "source": kf.source}
    return out


def manifest(folder: Path | None = None, *, edition: str, released: str, key_figures: dict | None = None,
             note: str = "") -> dict:
    """Return the manifest of a data folder (default ``data/``) for edition ``edition``.

    ``key_figures`` is :func:`read_key_figures` of the edition's build; figures
    of :data:`OWN_CHAPTERS` are left out.
    """
    from minusma.data.load import package as data_package

    folder = folder or data_dir()
    pkg = data_package(folder)
    figures = {k: {f: v[f] for f in ("value", "text", "unit", "chapter") if f in v}
               for k, v in (key_figures or {}).items() if v["chapter"] not in OWN_CHAPTERS}
    return {
        "edition": edition,
        "released": released,
        "note": note,
        "tables": {r["name"]: table_summary(r, folder) for r in pkg["resources"]},
        "key_figures": dict(sorted(figures.items())),
    }


def write_manifest(data: dict, path: Path) -> None:
    """Write a manifest as stable JSON (sorted tables, one record per line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False)
    # One line per list of plain values (a record), so that the file stays small and diffs read well.
    text = re.sub(r"\[\n\s*([^\[\]{}]*?)\n\s*\]", lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]", text)
    path.write_text(text + "\n", encoding="utf-8")


def current_edition() -> str:
    """Return the edition being built (the ``version`` of ``CITATION.cff``; ``""`` if none)."""
    cff = ROOT / "CITATION.cff"
    if not cff.exists():
        return ""
    return str((yaml.safe_load(cff.read_text(encoding="utf-8")) or {}).get("version", ""))


def previous_manifest(folder: Path | None = None) -> dict | None:
    """Return the newest manifest in ``editions/`` of an edition other than the current one (None if none).

    Newest by ``released`` date, then by edition name.
    """
    folder = folder or EDITIONS_DIR
    found = []
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        m = json.loads(path.read_text(encoding="utf-8"))
        if m.get("edition") != current_edition():
            found.append(m)
    return max(found, key=lambda m: (m.get("released", ""), m.get("edition", ""))) if found else None


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def compare_table(before: dict | None, after: dict | None) -> dict:
    """Compare two manifest entries of one table.

    Returns
    -------
    dict
        ``status`` (``"new"``, ``"dropped"``, ``"changed"``, ``"unchanged"``),
        ``rows_before``, ``rows_after`` (int or None), and, when both
        entries hold their records with the same fields: ``added``,
        ``removed`` (lists of keys), ``changed`` (list of ``{"key", "changes":
        {field: [old, new]}}``), ``totals`` (numeric field -> [before, after]
        sums) and ``by_category`` (category field -> category -> numeric field
        -> [before, after]) for each key field of at most 100 values; the
        last two for aggregate tables only (a key of several fields).
    """
    out = {"rows_before": before["rows"] if before else None, "rows_after": after["rows"] if after else None}
    if before is None or after is None:
        out["status"] = "new" if before is None else "dropped"
        return out
    out["status"] = "unchanged" if before["sha256"] == after["sha256"] else "changed"
    if out["status"] == "unchanged" or "records" not in before or "records" not in after:
        return out
    if before["fields"] != after["fields"] or before["key"] != after["key"]:
        out["note"] = "the table's columns changed; records are not compared"
        return out
    rb, ra, fields = before["records"], after["records"], after["fields"]
    out["added"] = sorted(set(ra) - set(rb))
    out["removed"] = sorted(set(rb) - set(ra))
    out["changed"] = [
        {"key": k, "changes": {f: [old, new] for f, old, new in zip(fields, rb[k], ra[k]) if old != new}}
        for k in sorted(set(ra) & set(rb)) if rb[k] != ra[k]
    ]
    numeric = [f for f in fields if after["types"].get(f) in ("integer", "number")]
    if numeric and len(after["key"]) > 1:  # an aggregate: its measures add up
        idx = {f: fields.index(f) for f in numeric}

        def total(records, f, keep=lambda k: True):
            return sum(_number(v[idx[f]]) or 0 for k, v in records.items() if keep(k))

        out["totals"] = {f: [total(rb, f), total(ra, f)] for f in numeric}
        cats = {}
        for i, kf in enumerate(after["key"]):
            values = sorted({k.split(KEY_SEP)[i] for k in list(rb) + list(ra)})
            if 1 < len(values) <= 100:
                cats[kf] = {
                    v: {f: [total(rb, f, lambda k, i=i, v=v: k.split(KEY_SEP)[i] == v),
                            total(ra, f, lambda k, i=i, v=v: k.split(KEY_SEP)[i] == v)] for f in numeric}
                    for v in values
                }
        if cats:
            out["by_category"] = cats
    return out


def compare(previous: dict, current: dict) -> dict[str, dict]:
    """Compare two manifests table by table (see :func:`compare_table`); tables in current order, then dropped."""
    names = list(current["tables"]) + [n for n in previous["tables"] if n not in current["tables"]]
    return {n: compare_table(previous["tables"].get(n), current["tables"].get(n)) for n in names}


def key_figure_changes(previous: dict, current: dict[str, dict]) -> dict:
    """Compare key figures (name -> ``{value, text, unit, chapter}``) with a manifest's.

    Returns ``{"moved": [(name, text before, text now, unit, chapter)], "new": [...], "gone": [...]}``;
    a figure moved when its value differs.
    """
    before = previous.get("key_figures", {})
    moved = [(n, before[n].get("text", before[n]["value"]), v.get("text", v["value"]), v["unit"], v["chapter"])
             for n, v in current.items() if n in before and str(before[n]["value"]) != str(v["value"])]
    return {"moved": moved, "new": sorted(set(current) - set(before)), "gone": sorted(set(before) - set(current))}


# --------------------------------------------------------------------------
# For the appendix
# --------------------------------------------------------------------------


def count(n: int, singular: str, plural: str) -> str:
    """``"1 is"``, ``"3 are"``: a number with the verb (or noun) that agrees with it."""
    return f"{n:,} {singular if n == 1 else plural}"


def describe_changes(name: str, d: dict) -> str:
    """Return one Markdown paragraph saying how table ``name`` changed (from :func:`compare_table`).

    Names, values and notes come from the data and the manifests: each is
    escaped (:func:`minusma.markup.md_escape`), so a value holding ``|``, a
    backtick, ``{role}``, an HTML tag or a LaTeX command shows as text.
    """
    from minusma.markup import code, md_escape as esc

    name = esc(name)
    if d["status"] == "new":
        return f"**{name}** is new in this edition ({d['rows_after']:,} rows)."
    if d["status"] == "dropped":
        return f"**{name}** is no longer published (it had {d['rows_before']:,} rows)."
    if d["status"] == "unchanged":
        return f"**{name}** is unchanged ({d['rows_after']:,} rows, same bytes)."
    text = f"**{name}** changed: {d['rows_before']:,} rows before, {d['rows_after']:,} now"
    if "added" not in d:
        return text + (f" ({esc(d['note'])})." if d.get("note") else " (too large to keep its records; not compared row by row).")
    text += (f"; {count(len(d['added']), 'row', 'rows')} added, {len(d['removed']):,} removed, "
             f"{len(d['changed']):,} with changed values")
    fields: dict[str, dict[tuple, int]] = {}
    for c in d["changed"]:
        for f, (old, new) in c["changes"].items():
            pair = (old or "(empty)", new or "(empty)")
            fields.setdefault(f, {})[pair] = fields.setdefault(f, {}).get(pair, 0) + 1
    if fields:
        parts = []
        for f, pairs in fields.items():
            top = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = "; ".join(f"{esc(a)} → {esc(b)}: {n:,}" for (a, b), n in top[:4])
            more = f"; and {len(top) - 4:,} other changes" if len(top) > 4 else ""
            parts.append(f"{code(f)} ({shown}{more})")
        text += " (" + ", ".join(parts) + ")"
    for f, (b, a) in d.get("totals", {}).items():
        text += f". Total {code(f)}: {b:,.0f} before, {a:,.0f} now ({a - b:+,.0f})"
    return text + "."


def table_overview(diff: dict[str, dict]):
    """Return a pandas DataFrame: one row per table (rows before, after, status, records added/removed/changed)."""
    import pandas as pd

    rows = []
    for name, d in diff.items():
        def n(k):
            return len(d[k]) if k in d else None

        rows.append({
            "table": name,
            "rows before": d["rows_before"],
            "rows now": d["rows_after"],
            "status": d["status"],
            "rows added": n("added"),
            "rows removed": n("removed"),
            "rows changed": n("changed"),
        })
    frame = pd.DataFrame(rows)
    for c in ("rows before", "rows now", "rows added", "rows removed", "rows changed"):
        frame[c] = frame[c].map(lambda v: "" if v is None or pd.isna(v) else f"{int(v):,}")
    return frame


def changed_records(d: dict, limit: int = 40):
    """Return a DataFrame of the records whose values changed: key, field, before, now (at most ``limit`` rows)."""
    import pandas as pd

    rows = [{"record": c["key"].replace(KEY_SEP, " · "), "field": f, "before": old or "(empty)", "now": new or "(empty)"}
            for c in d.get("changed", []) for f, (old, new) in c["changes"].items()]
    return pd.DataFrame(rows[:limit], columns=["record", "field", "before", "now"])


def reclassified(d: dict, field: str) -> list[dict]:
    """Return the changed records whose ``field`` changed: ``[{"key", "before", "now"}]``."""
    return [{"key": c["key"], "before": c["changes"][field][0], "now": c["changes"][field][1]}
            for c in d.get("changed", []) if field in c["changes"]]


def category_totals(d: dict, field: str, measure: str):
    """Return a DataFrame of ``measure`` totals by category of ``field``: category, before, now, change."""
    import pandas as pd

    rows = [{field: v, "before": int(t[measure][0]), "now": int(t[measure][1]),
             "change": int(t[measure][1] - t[measure][0])}
            for v, t in d.get("by_category", {}).get(field, {}).items()]
    frame = pd.DataFrame(rows, columns=[field, "before", "now", "change"])
    return frame[frame["change"] != 0].reset_index(drop=True)


def key_figure_nodes(previous: dict | None, current: list) -> list:
    """Docutils nodes for the key figures that moved (used by the ``minusma-key-figure-changes`` directive)."""
    from docutils import nodes

    if previous is None:
        return [nodes.paragraph(text="There is no earlier edition to compare the key figures with.")]
    cur = {kf.name: {"value": kf.value, "unit": kf.unit, "chapter": kf.chapter, "text": kf.text} for kf in current}
    ch = key_figure_changes(previous, cur)
    out = []
    if ch["moved"]:
        table = nodes.table(classes=["minusma-key-figure-changes"], ids=["tbl-changes-key-figures"])
        table += nodes.title(text="Key figures of the text that moved since the previous edition")
        group = nodes.tgroup(cols=5)
        table += group
        for width in (22, 12, 12, 40, 14):
            group += nodes.colspec(colwidth=width)
        head, body = nodes.thead(), nodes.tbody()
        group += head
        group += body

        def row(cells, parent):
            r = nodes.row()
            for c in cells:
                entry = nodes.entry()
                entry += nodes.paragraph(text=str(c))
                r += entry
            parent += r

        row(["key figure", "before", "now", "unit", "chapter"], head)
        for name, b, a, unit, chapter in ch["moved"]:
            row([name, b, a, unit, chapter], body)
        out.append(table)
    n_moved = len(ch["moved"])
    text = (f"{n_moved} key figure{'s' if n_moved != 1 else ''} of the previous edition moved"
            if n_moved else "No key figure of the previous edition moved")
    text += (f"; {count(len(ch['new']), 'is', 'are')} new in this edition and "
             f"{count(len(ch['gone']), 'is', 'are')} no longer reported.")
    out.insert(0, nodes.paragraph(text=text))
    return out


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------


def reference(substitute: dict[str, str], *, edition: str, released: str, note: str, build: bool) -> dict:
    """Rebuild an earlier edition's manifest from archived raw versions with today's code.

    The tables are derived with ``substitute`` (source id -> archived source
    id); with ``build``, the book is built on a temporary copy of the
    repository holding those tables, and its ``key-figures.csv`` goes into the
    manifest.
    """
    import shutil

    from minusma.data import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        pipeline.derive_all(data, substitute=substitute)
        figures = None
        if build:
            book = Path(tmp) / "book"
            ignore = shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__", ".pytest_cache", "dist",
                                            "node_modules", "_sources", "*.egg-info")
            shutil.copytree(ROOT, book, ignore=ignore)
            shutil.rmtree(book / "data")
            shutil.copytree(data, book / "data")
            for old in (book / "editions").glob("*.json"):
                old.unlink()  # the reference edition has no earlier edition
            jb = Path(sys.executable).with_name("jupyter-book")
            proc = subprocess.run([str(jb), "build", str(book), "-W", "-n", "--keep-going"],
                                  capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(book)})
            if proc.returncode != 0:
                raise RuntimeError("book build on the reference data failed:\n" + proc.stdout[-3000:])
            figures = read_key_figures(book / "_build")
        return manifest(data, edition=edition, released=released, key_figures=figures, note=note)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (``record`` or ``reference``); returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m minusma.edition.changes", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="write the manifest of the current data/ and key figures")
    ref = sub.add_parser("reference", help="rebuild an earlier edition's manifest from archived raw versions")
    for p in (rec, ref):
        p.add_argument("--edition", required=True)
        p.add_argument("--released", default=dt.date.today().isoformat())
        p.add_argument("--note", default="")
        p.add_argument("--out", type=Path, default=None)
    rec.add_argument("--build", type=Path, default=ROOT / "_build", help="the built book (for its key figures)")
    ref.add_argument("--substitute", action="append", required=True, help="SOURCE=ARCHIVED_SOURCE")
    ref.add_argument("--build", action="store_true", help="build the book on those data for the key figures")
    args = parser.parse_args(argv)
    if args.command == "record":
        figures = read_key_figures(args.build) or None
        m = manifest(edition=args.edition, released=args.released, key_figures=figures, note=args.note)
    else:
        m = reference(dict(s.split("=", 1) for s in args.substitute), edition=args.edition,
                      released=args.released, note=args.note, build=args.build)
    out = args.out or EDITIONS_DIR / f"{args.edition}.json"
    write_manifest(m, out)
    print(f"{out}: {len(m['tables'])} tables, {len(m['key_figures'])} key figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
