"""Edition manifests: a small record of each release's data and key figures, in ``editions/<edition>.json``.

Each release keeps a manifest of its data (written by ``python -m minusma.edition.manifest record``,
which ``make release`` runs): for every table of ``data/`` its row count, sha256,
sources (version, sha256) and, for tables of at most :data:`RECORD_LIMIT` rows,
every record by primary key (values as written in the CSV), so that a later
edition can list the rows added and removed and the records whose values
changed (a death reclassified from "To Be Determined" to "Illness", a corrected
date); plus every key figure of the book. :mod:`minusma.edition.changes`
compares the current data and key figures with the newest manifest of an
earlier edition (:func:`previous_manifest`).

Commands::

    python -m minusma.edition.manifest record --edition 1.0.0 --released 2027-01-15 \\
        [--build _build] [--out editions/1.0.0.json]
    python -m minusma.edition.manifest reference --substitute un_fatalities=un_fatalities_2023 \\
        --edition 2023-11-28 --released 2023-11-28 --build

(``python -m minusma.edition.changes`` runs the same commands.) ``reference``
rebuilds the manifest of an earlier edition from an archived version of a raw
source with today's derivation code (and, with ``--build``, today's chapters, to
get its key figures): that is how ``editions/2023-11-28.json`` was made from the
UN table's version of 28 November 2023.
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
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from minusma.book.keyfigures import from_glue
from minusma.paths import ROOT, data_dir

# pandas and the pipeline are imported where they are used: the book's extension imports this
# module at every build to find the previous edition, and should not pay for them.

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
        "sources": [
            {"title": s["title"], "version": s["version"], "sha256": s["sha256"]} for s in resource.get("sources", [])
        ],
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
    out = {}
    for glue in sorted((Path(build) / "jupyter_execute").rglob("*.glue.json")):
        for kf in from_glue(json.loads(glue.read_text(encoding="utf-8"))):
            out[kf.name] = {
                "value": kf.value,
                "text": kf.text,
                "unit": kf.unit,
                "chapter": kf.chapter,
                "source": kf.source,
            }
    return out


def manifest(
    folder: Path | None = None, *, edition: str, released: str, key_figures: dict | None = None, note: str = ""
) -> dict:
    """Return the manifest of a data folder (default ``data/``) for edition ``edition``.

    ``key_figures`` is :func:`read_key_figures` of the edition's build; figures
    of :data:`OWN_CHAPTERS` are left out.
    """
    from minusma.data.load import package as data_package  # imports pandas: not at every build

    folder = folder or data_dir()
    pkg = data_package(folder)
    figures = {
        k: {f: v[f] for f in ("value", "text", "unit", "chapter") if f in v}
        for k, v in (key_figures or {}).items()
        if v["chapter"] not in OWN_CHAPTERS
    }
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
# Commands
# --------------------------------------------------------------------------


def reference(substitute: dict[str, str], *, edition: str, released: str, note: str, build: bool) -> dict:
    """Rebuild an earlier edition's manifest from archived raw versions with today's code.

    The tables are derived with ``substitute`` (source id -> archived source
    id); with ``build``, the book is built on a temporary copy of the
    repository holding those tables, and its ``key-figures.csv`` goes into the
    manifest.
    """
    from minusma.data import pipeline  # imports pandas and every derivation

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        pipeline.derive_all(data, substitute=substitute)
        figures = None
        if build:
            book = Path(tmp) / "book"
            ignore = shutil.ignore_patterns(
                "_build",
                ".venv",
                ".git",
                "__pycache__",
                ".pytest_cache",
                "dist",
                "node_modules",
                "_sources",
                "*.egg-info",
            )
            shutil.copytree(ROOT, book, ignore=ignore)
            shutil.rmtree(book / "data")
            shutil.copytree(data, book / "data")
            for old in (book / "editions").glob("*.json"):
                old.unlink()  # the reference edition has no earlier edition
            jb = Path(sys.executable).with_name("jupyter-book")
            proc = subprocess.run(
                [str(jb), "build", str(book), "-W", "-n", "--keep-going"],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(book)},
            )
            if proc.returncode != 0:
                raise RuntimeError("book build on the reference data failed:\n" + proc.stdout[-3000:])
            figures = read_key_figures(book / "_build")
        return manifest(data, edition=edition, released=released, key_figures=figures, note=note)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (``record`` or ``reference``); returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m minusma.edition.manifest", description=__doc__.split("\n")[0])
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
        m = reference(
            dict(s.split("=", 1) for s in args.substitute),
            edition=args.edition,
            released=args.released,
            note=args.note,
            build=args.build,
        )
    out = args.out or EDITIONS_DIR / f"{args.edition}.json"
    write_manifest(m, out)
    print(f"{out}: {len(m['tables'])} tables, {len(m['key_figures'])} key figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
