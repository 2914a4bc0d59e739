"""Replacing ``data/`` safely: one run at a time, an interruption changes nothing, the swap is atomic.

:func:`locked` holds an exclusive lock on the data folder (a second run waits :data:`LOCK_WAIT` seconds,
then refuses with :class:`DataLockedError`); :func:`signals_as_interrupts` turns SIGTERM into an
interruption; :func:`swap_into` exchanges the new folder with the old one in one step (``renameat2``
where the system has it, else two renames) and :func:`check_writable` refuses a folder that cannot be
replaced. Used by :mod:`minusma.data.pipeline` (``make data``) and :mod:`minusma.data.refresh`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

from minusma.paths import relative


class PipelineError(RuntimeError):
    """A run could not start or finish for a reason outside the data (a lock held, a folder not writable).
    The message says what happened; ``data/`` was left as it was.
    """


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
            raise PipelineError(
                f"cannot create the lock file {path} ({exc.strerror}); is {target.parent} writable?"
            ) from None
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
                    "wait for it to finish, then run again"
                ) from None
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
            raise PipelineError(
                f"{folder} is not writable: the pipeline needs to replace {relative(target)} "
                "(check its owner and permissions)"
            )
