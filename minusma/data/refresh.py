"""Refresh from the publishers: download, check, derive, validate, and only then swap.

Usage (``make refresh`` wraps it)::

    python -m minusma.data.refresh [--dest _sources] [--base-url URL] [--timeout 60]

For every raw source of :data:`minusma.data.sources.SOURCES`:

- a source with a download address (:attr:`RawSource.download`) is downloaded
  from its publisher: a plain address (``access="url"``, the UN's Peace and
  Security Data Hub API), an HDX dataset whose resource is looked up through
  HDX's CKAN API (``access="hdx"``), or ACLED's API (``access="acled-api"``,
  only when ``ACLED_USERNAME`` and ``ACLED_PASSWORD`` are set in the
  environment; they are sent to ACLED and written nowhere);
- a source without one (the project's fact base, archived versions), or an
  ACLED source without credentials, is copied from the current snapshot
  (``$MINUSMA_SOURCES``, default ``../shared/sources``).

Each download must answer HTTP 200 within the timeout, arrive whole (as many
bytes as the server announced), and be in its format (CSV: UTF-8 with a
header; xlsx: a zip container). Its version (the largest value of
:attr:`RawSource.version_column`, else the response's ``Last-Modified`` date,
else the download date), the download date, the address and the sha256 go to
``MANIFEST.json`` beside the downloads. Then every table of ``data/`` is derived
from the new folder and validated (:func:`minusma.data.pipeline.derive`), which
replaces ``data/`` only if everything passed; ``data/datapackage.json`` records
the new versions and hashes. Only after that does the new folder replace
``--dest``.

Any failure (an address that does not answer, an HTTP error, a timeout, a
download cut off, a file in the wrong format, a table that fails validation)
is printed, one line per source, and leaves ``data/`` and ``--dest`` exactly as
they were (exit status 2).

``--base-url`` (or ``$MINUSMA_REFRESH_BASE_URL``) replaces every publisher's
address by ``<base-url>/<path of the source in the snapshot>``: a mirror laid
out like ``../shared/sources``. The tests serve such a mirror on 127.0.0.1.

After a refresh, ``data/`` derives from ``--dest``: run
``MINUSMA_SOURCES=_sources make check-data`` to check it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from minusma.data import pipeline, swap
from minusma.data import sources as src
from minusma.data.derive import registry
from minusma.data.download import (
    Download,
    RefreshError,
    _today,
    acled_credentials,
    acled_token,
    check_format,
    csv_header,
    extract,
    fetch,
    hdx_resource_url,
    version_of,
)
from minusma.data.redact import redact
from minusma.paths import ROOT, data_dir, sources_dir

#: Default folder of the downloads (git-ignored; raw files are never committed).
DEFAULT_DEST = ROOT / "_sources"


def _used_sources() -> set[str]:
    return {sid for spec in registry().values() for sid in spec.sources + spec.checked_against}


def _download_one(
    s: src.RawSource, folder: Path, *, base_url: str | None, timeout: float, used: set[str], snapshot: Path
) -> Download:
    if s.root == "project":  # compiled by the project and committed (curated/): nothing to download
        return None
    rel = s.path
    out = folder / rel
    headers: dict[str, str] = {}
    creds = acled_credentials() if s.access == "acled-api" else None
    if not s.download or (s.access == "acled-api" and not creds and not base_url):
        why = "no download address" if not s.download else "ACLED_USERNAME/ACLED_PASSWORD not set"
        prior = snapshot / rel
        if not prior.exists():
            if s.id in used:
                raise RefreshError(s.id, f"{why}, and no copy in the snapshot {snapshot}")
            return None
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(prior, out)
        data = out.read_bytes()
        return Download(
            s.id, rel, s.url, f"kept ({why})", s.version, s.retrieved, hashlib.sha256(data).hexdigest(), len(data)
        )
    if base_url:
        url = f"{base_url.rstrip('/')}/{urllib.parse.quote(rel)}"
    elif s.access == "hdx":
        url = hdx_resource_url(s.download, s.download_match, source=s.id, timeout=timeout)
    else:
        url = s.download
    if s.access == "acled-api" and creds and not base_url:
        headers["Authorization"] = "Bearer " + acled_token(creds, source=s.id, timeout=timeout)
    # A mirror serves the snapshot's file itself; a publisher may serve a workbook or a zip around it.
    fmt = "csv" if (base_url and rel.endswith(".csv")) else s.download_format
    raw = out if (fmt == "csv" or not s.download_extract) else out.with_name(f"{out.name}.download.{fmt}")
    got = fetch(url, raw, source=s.id, timeout=timeout, headers=headers)
    check_format(raw, fmt, source=s.id)
    if raw != out:
        extract(raw, fmt, s.download_extract, out, source=s.id)
        raw.unlink()
        check_format(out, "csv", source=s.id)
    prior = snapshot / rel
    if out.suffix == ".csv" and s.id not in used and prior.exists():
        # No table checks this file: at least its columns must still be there.
        missing = [c for c in csv_header(prior) if c not in csv_header(out)]
        if missing:
            raise RefreshError(s.id, f"columns missing from the download: {missing}")
    data = out.read_bytes()
    return Download(
        s.id,
        rel,
        url if s.access != "acled-api" else s.download,
        "downloaded",
        version_of(out, s, got),
        _today(),
        hashlib.sha256(data).hexdigest(),
        len(data),
    )


def refresh(
    dest: Path | None = None, *, base_url: str | None = None, timeout: float = 60.0, data: Path | None = None, log=print
) -> list[Download]:
    """Download every source, derive and validate ``data/``, then swap both folders in.

    Parameters
    ----------
    dest : pathlib.Path, optional
        Folder of the downloads (default ``_sources/`` in the repository).
    base_url : str, optional
        Mirror to download from instead of the publishers (see module doc).
    timeout : float
        Seconds to wait for each answer.
    data : pathlib.Path, optional
        The folder of derived tables (default ``data/``).
    log : callable
        Where progress lines go.

    Returns
    -------
    list of Download
        One per source, as written to ``MANIFEST.json``.

    Raises
    ------
    RefreshError
        Some sources failed; ``args[0]`` lists every failure. Nothing was replaced.
    DataValidationError, FileNotFoundError
        A table failed validation; nothing was replaced.
    """
    dest = Path(dest or os.environ.get("MINUSMA_REFRESH_DIR") or DEFAULT_DEST).resolve()
    data = Path(data or data_dir()).resolve()
    base_url = base_url or os.environ.get("MINUSMA_REFRESH_BASE_URL") or None
    snapshot = sources_dir()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with swap.signals_as_interrupts(), swap.locked(dest):
        swap.check_writable(dest)
        return _refresh_locked(dest, data, base_url, timeout, snapshot, log)


def _refresh_locked(
    dest: Path, data: Path, base_url: str | None, timeout: float, snapshot: Path, log
) -> list[Download]:
    staging = Path(tempfile.mkdtemp(prefix=dest.name + ".new-", dir=dest.parent))
    try:
        used = _used_sources()
        downloads, failures = [], []
        for s in src.SOURCES.values():
            try:
                d = _download_one(s, staging, base_url=base_url, timeout=timeout, used=used, snapshot=snapshot)
            except RefreshError as exc:
                failures.append(str(exc))
                log(f"FAILED  {exc}")
                continue
            if d is not None:
                downloads.append(d)
                why = "" if d.status == "downloaded" else f" ({d.status[len('kept (') : -1]})"
                log(
                    f"{d.status.split(' ')[0]:<10} {d.id}: version {d.version}, {d.bytes:,} bytes, "
                    f"sha256 {d.sha256[:12]}{why}"
                )
        if failures:
            raise RefreshError("refresh", f"{len(failures)} source(s) failed:\n  " + "\n  ".join(failures))
        manifest = {
            "refreshed": _today(),
            "snapshot": str(snapshot),
            "sources": [d.as_dict() for d in downloads],
        }
        (staging / src.MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        saved = os.environ.get("MINUSMA_SOURCES")
        os.environ["MINUSMA_SOURCES"] = str(staging)
        try:
            descriptor = pipeline.derive(data)  # derive everything, validate, then swap data/
        finally:
            if saved is None:
                os.environ.pop("MINUSMA_SOURCES", None)
            else:
                os.environ["MINUSMA_SOURCES"] = saved
        # data/ now names the files by their place in `dest`, which they are about to take.
        swap.swap_into(staging, dest)
        log(f"data/: {len(descriptor['resources'])} tables derived and validated from {dest}")
        return downloads
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status (0 done, 2 failed and nothing replaced)."""
    parser = argparse.ArgumentParser(prog="python -m minusma.data.refresh", description=__doc__.split("\n")[0])
    parser.add_argument("--dest", type=Path, default=None, help="folder of the downloads (default _sources/)")
    parser.add_argument("--base-url", default=None, help="download from this mirror instead of the publishers")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each answer")
    args = parser.parse_args(argv)
    try:
        refresh(args.dest, base_url=args.base_url, timeout=args.timeout, log=lambda line: print(redact(line)))
    except BaseException as exc:
        if isinstance(exc, SystemExit):
            raise
        message, status = (str(exc), 2) if isinstance(exc, RefreshError) else pipeline.failure(exc)
        print(
            redact(f"refresh failed: {message}\ndata/ was left unchanged, and so were the downloads."), file=sys.stderr
        )
        return status
    print("refresh done: review `git diff data/`, then build the book")
    return 0


if __name__ == "__main__":
    sys.exit(main())
