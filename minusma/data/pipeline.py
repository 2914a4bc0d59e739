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
import contextlib
import errno
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from minusma.data import integrity
from minusma.data import sources as src
from minusma.data.derive import TableSpec, registry, write_csv
from minusma.paths import data_dir, relative
from minusma.data.redact import redact
from minusma.data.validate import DataValidationError, Problem, read_csv_checked, validate_frame

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
        rule = (f"the derivation of data/{spec.name}.csv ({func}) needs {key!r}, which the raw file lacks "
                "(a column renamed or dropped by the publisher?)")
        return DataValidationError([Problem(files, None, column, rule)])
    text = " ".join(str(exc).split())[:300]
    return DataValidationError([Problem(files, None, None, f"the derivation of data/{spec.name}.csv ({func}) "
                                        f"failed on this input: {type(exc).__name__}: {text}")])


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


class PipelineError(RuntimeError):
    """A run could not start or finish for a reason outside the data (a lock held, a folder not writable).
    The message says what happened; ``data/`` was left as it was."""


class DataLockedError(PipelineError):
    """Another run (``make data``, ``make refresh``) holds the lock on ``data/``."""


#: Seconds a second run waits for the lock before it refuses (``MINUSMA_LOCK_WAIT`` overrides).
LOCK_WAIT = 0.0


def lock_path(target: Path) -> Path:
    """The lock file of the data folder ``target``: ``.<name>.lock`` beside it (removed when the run ends)."""
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def locked(target: Path, wait: float | None = None):
    """Hold an exclusive lock on ``target`` (a data folder) for the duration of the block.

    A second run waits up to ``wait`` seconds (default :data:`LOCK_WAIT`, or
    ``$MINUSMA_LOCK_WAIT``) and then refuses with :class:`DataLockedError`. The
    lock is an ``flock`` on :func:`lock_path`, so a run killed with SIGKILL
    releases it with its process; the file is removed when the block ends.
    Under the lock, folders a killed run left behind (``data.new-*``,
    ``data.old``) are removed first.

    Raises
    ------
    DataLockedError
        Another run holds the lock.
    PipelineError
        The folder beside ``target`` cannot be written.
    """
    import fcntl

    if wait is None:
        wait = float(os.environ.get("MINUSMA_LOCK_WAIT", LOCK_WAIT))
    path = lock_path(target)
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise PipelineError(f"cannot create the lock file {path} ({exc.strerror}); "
                                f"is {target.parent} writable?") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                try:
                    holder = path.read_text().strip() or "?"
                except OSError:
                    holder = "?"
                raise DataLockedError(
                    f"another run is writing {relative(target)} (process {holder}, lock file {path.name}); "
                    "wait for it to finish, then run again") from None
            time.sleep(0.2)
            continue
        try:  # the run that held it may have removed the file: lock the file that is there
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        clean_leftovers(target)
        yield path
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def clean_leftovers(target: Path) -> list[Path]:
    """Remove the temporary folders of ``target`` (``<name>.new-*``, ``<name>.old``) that a killed run left.

    Call only while holding :func:`locked`. Returns the folders removed.
    """
    gone = []
    for p in [*target.parent.glob(target.name + ".new-*"), target.with_name(target.name + ".old")]:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
            gone.append(p)
    return gone


@contextlib.contextmanager
def signals_as_interrupts():
    """Turn SIGTERM (and SIGHUP) into :class:`KeyboardInterrupt` for the block, as SIGINT already is.

    So a run stopped by ``kill`` or by CI's timeout unwinds like one stopped by
    Ctrl-C: temporary folders are removed and ``data/`` is left as it was.
    Only in the main thread (elsewhere signal handlers cannot be set).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"stopped by signal {signal.Signals(signum).name}")

    saved = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _signals_blocked():
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends; one that came meanwhile is raised after it.

    The signals are recorded by a handler (not masked: in a process with
    threads the kernel may deliver a signal to another thread), then raised
    as :class:`KeyboardInterrupt` once the block is done.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    sigs = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    saved = {sig: signal.signal(sig, lambda signum, frame: pending.append(signum)) for sig in sigs}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    if pending:
        raise KeyboardInterrupt(f"stopped by signal {signal.Signals(pending[0]).name}")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``); ``False`` if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_into(new: Path, target: Path) -> None:
    """Replace folder ``target`` by folder ``new``; the old copy is removed last.

    The two folders are exchanged in one atomic step where the system allows
    (Linux), so there is no instant without ``target``; elsewhere two renames.
    Interrupting signals are held during the swap and the removal of the old
    copy, so a run stopped there still finishes the swap and leaves no
    ``.old`` folder.
    """
    with _signals_blocked():
        if target.exists() and _exchange(new, target):
            shutil.rmtree(new)  # now the old copy
            return
        old = target.with_name(target.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        new.rename(target)
        if old.exists():
            shutil.rmtree(old)


def check_writable(target: Path) -> None:
    """Refuse before any work when ``target`` or the folder beside it cannot be written.

    Raises
    ------
    PipelineError
        Names the folder and the fix.
    """
    for folder in (target.parent, target) if target.exists() else (target.parent,):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PipelineError(f"{folder} is not writable: the pipeline needs to replace {relative(target)} "
                                "(check its owner and permissions)")


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
    3 lock held or folder not writable, 130 interrupted); a failure prints one message, no traceback."""
    parser = argparse.ArgumentParser(prog="python -m minusma.data.pipeline", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["derive", "check"])
    parser.add_argument("--wait", type=float, default=None,
                        help="seconds to wait for another run to finish (default 0: refuse at once)")
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
        print("data/ equals a fresh derivation; every snapshot file matches its pin" if not diffs
              else f"{len(diffs)} file(s) differ: run `make data` (or update the pins in snapshots/*.yaml)")
        return 1 if diffs else 0
    except BaseException as exc:  # noqa: BLE001 - one way to fail: a message, never a traceback
        if isinstance(exc, SystemExit):
            raise
        message, status = failure(exc)
        tail = "" if getattr(exc, "replaced", False) else "\ndata/ was left unchanged."
        print(redact(f"error: {message}{tail}"), file=sys.stderr)
        return status


if __name__ == "__main__":
    sys.exit(main())
