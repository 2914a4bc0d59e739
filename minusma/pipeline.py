"""The data pipeline: derive every table of ``data/`` from the raw sources, validate, then swap.

Usage (the Makefile wraps these)::

    python -m minusma.pipeline derive   # make data: re-derive data/ from the raw sources
    python -m minusma.pipeline check    # re-derive into a temporary folder and compare with data/

``derive`` never half-writes: it derives every table into a temporary folder
beside ``data/``, validates each file against its schema, writes
``datapackage.json``, and only then replaces ``data/`` as a whole (two
renames). If a raw file is missing or any table fails validation, ``data/``
is left exactly as it was and the error names the file, row, column and rule.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

from . import sources as src
from .derive import TableSpec, registry, write_csv
from .paths import data_dir, relative
from .validate import DataValidationError, Problem, read_csv_checked, validate_frame

PACKAGE_NAME = "minusma-report-data"
COMMAND = "make data  (python -m minusma.pipeline derive)"


def derive_table(spec: TableSpec, out_dir: Path, substitute: dict[str, str] | None = None) -> Path:
    """Derive one table into ``out_dir/<name>.csv`` and validate the written file.

    Parameters
    ----------
    spec : TableSpec
        The table to make.
    out_dir : pathlib.Path
        Existing folder to write into.
    substitute : dict, optional
        Raw source id -> id of another version of it to read instead (for
        example ``{"un_fatalities": "un_fatalities_2023"}`` to derive the
        tables of an earlier edition with today's code).

    Returns
    -------
    pathlib.Path
        The CSV written.

    Raises
    ------
    FileNotFoundError
        A raw source of the table is missing.
    DataValidationError
        A raw file, or the derived table, breaks its schema.
    """
    substitute = substitute or {}
    paths = {sid: src.get(substitute.get(sid, sid)).file() for sid in spec.sources + spec.checked_against}
    frame = spec.derive(paths)
    label = f"data/{spec.name}.csv (derived)"
    if list(frame.columns) != spec.columns:
        raise DataValidationError(
            [Problem(label, 1, None, f"derivation returned columns {list(frame.columns)}, schema wants {spec.columns}")]
        )
    validate_frame(frame, spec.schema, label)
    out = out_dir / f"{spec.name}.csv"
    write_csv(frame, spec.schema, out)
    read_csv_checked(out, spec.schema, label=label)
    return out


def resource_descriptor(spec: TableSpec, path: Path, substitute: dict[str, str] | None = None) -> dict:
    """Return the Data Package resource for a derived table written at ``path``.

    It carries the table's schema, the sha256 and size of the CSV, each raw
    source (publisher, version, address, licence, retrieval date, sha256 of
    the raw file) and the command that derives it.
    """
    raw = path.read_bytes()
    module, func = spec.derive.__module__, spec.derive.__name__
    return {
        "name": spec.name,
        "path": path.name,
        "title": spec.title,
        "description": spec.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(raw),
        "hash": "sha256:" + hashlib.sha256(raw).hexdigest(),
        "unit": spec.unit,
        "schema": spec.schema,
        "sources": [
            {
                "title": s.title,
                "path": s.provenance()["url"],
                "publisher": s.publisher,
                "version": s.provenance()["version"],
                "retrieved": s.provenance()["retrieved"],
                "licence": src.LICENCES[s.licence]["title"],
                "credit": s.credit,
                "file": s.path,
                "sha256": s.sha256(),
            }
            for s in (src.get((substitute or {}).get(i, i)) for i in spec.sources)
        ],
        "licenses": [src.LICENCES[spec.licence]],
        "derivation": {"command": COMMAND, "function": f"{module}:{func}"},
    }


def package_descriptor(resources: list[dict]) -> dict:
    """Return the whole ``datapackage.json`` descriptor around ``resources``."""
    return {
        "name": PACKAGE_NAME,
        "title": "The MINUSMA report: derived data",
        "description": (
            "Tables derived by the MINUSMA report's pipeline from public raw sources (UN, IPI, ACLED via HDX, "
            "UCDP, OCHA) and from its sourced fact base. Each resource names its sources, licence and the "
            "command that derives it. ACLED-derived tables hold aggregates only."
        ),
        "homepage": "https://github.com/minusma-report/minusma-report",
        "licenses": [src.LICENCES["CC-BY-4.0"]],
        "resources": resources,
    }


def derive_all(out_dir: Path, specs: dict[str, TableSpec] | None = None,
               substitute: dict[str, str] | None = None) -> dict:
    """Derive every table and ``datapackage.json`` into ``out_dir`` (created if needed).

    ``substitute`` maps raw source ids to other versions to read instead (see
    :func:`derive_table`).

    Returns
    -------
    dict
        The package descriptor written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = specs or registry()
    resources = []
    for spec in specs.values():
        resources.append(resource_descriptor(spec, derive_table(spec, out_dir, substitute), substitute))
    descriptor = package_descriptor(resources)
    (out_dir / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return descriptor


def swap_into(new: Path, target: Path) -> None:
    """Replace folder ``target`` by folder ``new`` with two renames (old copy removed last)."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def derive(target: Path | None = None) -> dict:
    """Re-derive ``data/`` from the raw sources, validating everything before it replaces anything.

    Raises
    ------
    FileNotFoundError, DataValidationError
        Nothing was replaced; the message says which source or row failed.
    """
    target = target or data_dir()
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".new-", dir=target.parent))
    tmp.chmod(0o755)
    try:
        descriptor = derive_all(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    swap_into(tmp, target)
    return descriptor


def compare(fresh: Path, committed: Path) -> list[str]:
    """Return the differences between two data folders, one line per file that differs."""
    diffs = []
    names = sorted({p.name for p in fresh.iterdir()} | {p.name for p in committed.iterdir()})
    for name in names:
        a, b = fresh / name, committed / name
        if not b.exists():
            diffs.append(f"{name}: derived but not in {relative(committed)}")
        elif not a.exists():
            diffs.append(f"{name}: in {relative(committed)} but no longer derived")
        elif a.read_bytes() != b.read_bytes():
            diffs.append(f"{name}: differs from a fresh derivation")
    return diffs


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m minusma.pipeline", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["derive", "check"])
    args = parser.parse_args(argv)
    try:
        if args.command == "derive":
            d = derive()
            for r in d["resources"]:
                print(f"data/{r['path']}: {r['bytes']:,} bytes, {r['hash'][:19]}...")
            print(f"data/datapackage.json: {len(d['resources'])} tables")
            return 0
        with tempfile.TemporaryDirectory() as tmp:
            derive_all(Path(tmp))
            diffs = compare(Path(tmp), data_dir())
        for line in diffs:
            print(line)
        print("data/ equals a fresh derivation" if not diffs else f"{len(diffs)} file(s) differ: run `make data`")
        return 1 if diffs else 0
    except (FileNotFoundError, DataValidationError) as exc:
        print(f"error: {exc}\ndata/ was left unchanged.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
