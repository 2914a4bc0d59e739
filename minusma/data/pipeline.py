"""The data pipeline: derive every table of ``data/`` from the raw sources, validate, then swap.

Usage (the Makefile wraps these)::

    python -m minusma.data.pipeline derive   # make data: re-derive data/ from the raw sources
    python -m minusma.data.pipeline check    # re-derive into a temporary folder and compare with data/

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

from minusma.data import integrity
from minusma.data import sources as src
from minusma.data.derive import TableSpec, registry, write_csv
from minusma.data.redact import redact
from minusma.data.swap import PipelineError, check_writable, locked, signals_as_interrupts, swap_into
from minusma.data.validate import DataValidationError, Problem, read_csv_checked, validate_frame
from minusma.paths import data_dir, relative

PACKAGE_NAME = "minusma-report-data"
COMMAND = "make data  (python -m minusma.data.pipeline derive)"


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
    problems = [p for sid, path in paths.items() for p in integrity.check_events(substitute.get(sid, sid), path)]
    if problems:  # dates that cannot be right, an event listed twice: before any derivation reads the file
        raise DataValidationError(problems)
    try:
        frame = spec.derive(paths)
    except (DataValidationError, OSError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a derivation tripped on its input: say which files, which column, which rule
        raise derivation_problem(spec, paths, exc) from None
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


def derivation_problem(spec: TableSpec, paths: dict[str, Path], exc: Exception) -> DataValidationError:
    """The validation error for a derivation that raised something other than a validation error.

    A ``KeyError`` is a column (or a key value) the derivation expected and
    the raw file lacks; anything else is reported with its type and message.
    The problem names every raw file the table reads (the derivation does not
    say which row), the column when known, and the rule.
    """
    files = ", ".join(sorted({relative(p) for p in paths.values()})) or f"data/{spec.name}.csv"
    func = f"{spec.derive.__module__}:{spec.derive.__name__}"
    if isinstance(exc, KeyError) and exc.args:
        key = exc.args[0]
        column = key if isinstance(key, str) else None
        rule = (
            f"the derivation of data/{spec.name}.csv ({func}) needs {key!r}, which the raw file lacks "
            "(a column renamed or dropped by the publisher?)"
        )
        return DataValidationError([Problem(files, None, column, rule)])
    text = " ".join(str(exc).split())[:300]
    return DataValidationError(
        [
            Problem(
                files,
                None,
                None,
                f"the derivation of data/{spec.name}.csv ({func}) failed on this input: {type(exc).__name__}: {text}",
            )
        ]
    )


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
                "id": s.id,
                **integrity.profile(s.file()),  # bytes, rows, date coverage: a later version is compared with it
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


def derive_all(
    out_dir: Path, specs: dict[str, TableSpec] | None = None, substitute: dict[str, str] | None = None
) -> dict:
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
    (out_dir / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return descriptor


def check_no_loss(target: Path, descriptor: dict) -> None:
    """Refuse a derivation whose raw files lost rows or date coverage against those recorded in ``target``.

    See :mod:`minusma.data.integrity`. The record is ``target/datapackage.json``
    (the data being replaced); without one there is nothing to compare.

    Raises
    ------
    DataValidationError
        One problem per raw file and rule (``no lost rows``, ``no lost coverage``).
    """
    previous_path = target / "datapackage.json"
    if not previous_path.exists():
        return
    try:
        previous = json.loads(previous_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # a broken package is replaced; the tables themselves were validated
    problems = integrity.compare_packages(previous, descriptor)
    if problems:
        raise DataValidationError(problems, hint="data/ was not replaced: the raw files above lost data.")


def derive(target: Path | None = None, *, wait: float | None = None) -> dict:
    """Re-derive ``data/`` from the raw sources, validating everything before it replaces anything.

    The run holds a lock on ``data/`` (:func:`locked`), treats SIGTERM as an
    interruption (:func:`signals_as_interrupts`) and swaps atomically
    (:func:`swap_into`): whatever happens, ``data/`` is either the old folder
    or the new one, and no temporary folder is left.

    Raises
    ------
    FileNotFoundError, DataValidationError
        Nothing was replaced; the message says which source or row failed.
    DataLockedError, PipelineError
        Another run holds the lock, or a folder is not writable; nothing was replaced.
    KeyboardInterrupt
        The run was stopped (SIGINT, SIGTERM); nothing was replaced.
    """
    target = target or data_dir()
    with signals_as_interrupts(), locked(target, wait):
        check_writable(target)
        tmp = Path(tempfile.mkdtemp(prefix=target.name + ".new-", dir=target.parent))
        try:
            tmp.chmod(0o755)
            descriptor = derive_all(tmp)
            check_no_loss(target, descriptor)
            try:
                swap_into(tmp, target)
            except KeyboardInterrupt:  # a signal held during the swap arrives once it is done
                if tmp.exists():
                    raise
                exc = KeyboardInterrupt("interrupted just after data/ was replaced (the new data are complete)")
                exc.replaced = True
                raise exc from None
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
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


def failure(exc: BaseException) -> tuple[str, int]:
    """The one-line (or one line per problem) message and exit status for a run that failed.

    Every failure a user can meet ends here, never as a traceback: a
    validation error (2; its problems, one per line), a missing file (2), a
    folder that cannot be written or another run holding the lock (3), an
    interruption by SIGINT/SIGTERM (130).
    """
    if isinstance(exc, KeyboardInterrupt):
        why = str(exc) or "interrupted (SIGINT)"
        return (why if getattr(exc, "replaced", False) else f"{why}: stopped before data/ was replaced"), 130
    if isinstance(exc, DataValidationError):
        return str(exc), 2
    if isinstance(exc, PipelineError):
        return str(exc), 3
    if isinstance(exc, FileNotFoundError):
        return (str(exc) if exc.filename is None else f"{exc.filename}: file is missing"), 2
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc} (check the folder's permissions and free space)", 3
    return f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())[:300]}", 4


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status (0 done, 1 check found differences, 2 bad data,
    3 lock held or folder not writable, 130 interrupted); a failure prints one message, no traceback.
    """
    parser = argparse.ArgumentParser(prog="python -m minusma.data.pipeline", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["derive", "check"])
    parser.add_argument(
        "--wait", type=float, default=None, help="seconds to wait for another run to finish (default 0: refuse at once)"
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "derive":
            d = derive(wait=args.wait)
            for r in d["resources"]:
                print(f"data/{r['path']}: {r['bytes']:,} bytes, {r['hash'][:19]}...")
            print(f"data/datapackage.json: {len(d['resources'])} tables")
            return 0
        with signals_as_interrupts(), tempfile.TemporaryDirectory() as tmp:
            derive_all(Path(tmp))
            diffs = compare(Path(tmp), data_dir())
        diffs += src.pin_problems()  # a snapshot's copy that is not the one its catalogue pins
        for line in diffs:
            print(line)
        print(
            "data/ equals a fresh derivation; every snapshot file matches its pin"
            if not diffs
            else f"{len(diffs)} file(s) differ: run `make data` (or update the pins in snapshots/*.yaml)"
        )
        return 1 if diffs else 0
    except BaseException as exc:
        if isinstance(exc, SystemExit):
            raise
        message, status = failure(exc)
        tail = "" if getattr(exc, "replaced", False) else "\ndata/ was left unchanged."
        print(redact(f"error: {message}{tail}"), file=sys.stderr)
        return status


if __name__ == "__main__":
    sys.exit(main())
