"""What changed between editions: the comparison of two manifests, for the appendix ``chapters/changes.md``.

The manifests are made by :mod:`minusma.edition.manifest` (one per release, in
``editions/``). The comparison is generic: a table added by a new chapter
appears as new, a record table lists its records, an aggregate table shows its
totals by category. Key figures are compared once every page of the book has
been read (the ``minusma-key-figure-changes`` directive of
:mod:`minusma.book.outputs`, which calls :func:`key_figure_nodes`).

``python -m minusma.edition.changes`` runs the commands of :mod:`minusma.edition.manifest`.
"""

from __future__ import annotations

import sys

from docutils import nodes

from minusma.edition.manifest import KEY_SEP, main
from minusma.markup import code
from minusma.markup import md_escape as esc

# pandas is imported where it is used: the book's extension imports this module at every build.

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
        for k in sorted(set(ra) & set(rb))
        if rb[k] != ra[k]
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
                    v: {
                        f: [
                            total(rb, f, lambda k, i=i, v=v: k.split(KEY_SEP)[i] == v),
                            total(ra, f, lambda k, i=i, v=v: k.split(KEY_SEP)[i] == v),
                        ]
                        for f in numeric
                    }
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
    moved = [
        (n, before[n].get("text", before[n]["value"]), v.get("text", v["value"]), v["unit"], v["chapter"])
        for n, v in current.items()
        if n in before and str(before[n]["value"]) != str(v["value"])
    ]
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
    name = esc(name)
    if d["status"] == "new":
        return f"**{name}** is new in this edition ({d['rows_after']:,} rows)."
    if d["status"] == "dropped":
        return f"**{name}** is no longer published (it had {d['rows_before']:,} rows)."
    if d["status"] == "unchanged":
        return f"**{name}** is unchanged ({d['rows_after']:,} rows, same bytes)."
    text = f"**{name}** changed: {d['rows_before']:,} rows before, {d['rows_after']:,} now"
    if "added" not in d:
        return text + (
            f" ({esc(d['note'])})." if d.get("note") else " (too large to keep its records; not compared row by row)."
        )
    text += (
        f"; {count(len(d['added']), 'row', 'rows')} added, {len(d['removed']):,} removed, "
        f"{len(d['changed']):,} with changed values"
    )
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

        def n(k, d=d):
            return len(d[k]) if k in d else None

        rows.append(
            {
                "table": name,
                "rows before": d["rows_before"],
                "rows now": d["rows_after"],
                "status": d["status"],
                "rows added": n("added"),
                "rows removed": n("removed"),
                "rows changed": n("changed"),
            }
        )
    frame = pd.DataFrame(rows)
    for c in ("rows before", "rows now", "rows added", "rows removed", "rows changed"):
        frame[c] = frame[c].map(lambda v: "" if v is None or pd.isna(v) else f"{int(v):,}")
    return frame


def changed_records(d: dict, limit: int = 40):
    """Return a DataFrame of the records whose values changed: key, field, before, now (at most ``limit`` rows)."""
    import pandas as pd

    rows = [
        {"record": c["key"].replace(KEY_SEP, " · "), "field": f, "before": old or "(empty)", "now": new or "(empty)"}
        for c in d.get("changed", [])
        for f, (old, new) in c["changes"].items()
    ]
    return pd.DataFrame(rows[:limit], columns=["record", "field", "before", "now"])


def reclassified(d: dict, field: str) -> list[dict]:
    """Return the changed records whose ``field`` changed: ``[{"key", "before", "now"}]``."""
    return [
        {"key": c["key"], "before": c["changes"][field][0], "now": c["changes"][field][1]}
        for c in d.get("changed", [])
        if field in c["changes"]
    ]


def category_totals(d: dict, field: str, measure: str):
    """Return a DataFrame of ``measure`` totals by category of ``field``: category, before, now, change."""
    import pandas as pd

    rows = [
        {
            field: v,
            "before": int(t[measure][0]),
            "now": int(t[measure][1]),
            "change": int(t[measure][1] - t[measure][0]),
        }
        for v, t in d.get("by_category", {}).get(field, {}).items()
    ]
    frame = pd.DataFrame(rows, columns=[field, "before", "now", "change"])
    return frame[frame["change"] != 0].reset_index(drop=True)


def key_figure_nodes(previous: dict | None, current: list) -> list:
    """Docutils nodes for the key figures that moved (used by the ``minusma-key-figure-changes`` directive)."""
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
    text = (
        f"{n_moved} key figure{'s' if n_moved != 1 else ''} of the previous edition moved"
        if n_moved
        else "No key figure of the previous edition moved"
    )
    text += (
        f"; {count(len(ch['new']), 'is', 'are')} new in this edition and "
        f"{count(len(ch['gone']), 'is', 'are')} no longer reported."
    )
    out.insert(0, nodes.paragraph(text=text))
    return out


if __name__ == "__main__":
    sys.exit(main())
