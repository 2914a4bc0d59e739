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
import csv
import datetime as dt
import email.utils
import hashlib
import http.client
import io
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from minusma.data import pipeline
from minusma.data import sources as src
from minusma.paths import ROOT, data_dir, sources_dir
from minusma.data.redact import redact
from minusma.data.validate import DataValidationError

#: Default folder of the downloads (git-ignored; raw files are never committed).
DEFAULT_DEST = ROOT / "_sources"
#: HDX's CKAN API (``access="hdx"``); ``$MINUSMA_HDX_API`` overrides it.
HDX_API = "https://data.humdata.org/api/3/action"
#: ACLED's OAuth token address (``access="acled-api"``); ``$MINUSMA_ACLED_TOKEN_URL`` overrides it.
ACLED_TOKEN_URL = "https://acleddata.com/oauth/token"
USER_AGENT = "minusma-report-refresh/1 (+https://github.com/minusma-report/minusma-report)"
CHUNK = 1 << 16


class RefreshError(RuntimeError):
    """A source could not be downloaded or checked. ``source`` is its id."""

    def __init__(self, source: str, message: str):
        self.source = source
        super().__init__(redact(f"{source}: {message}"))  # no credential of an address or the environment


@dataclass
class Download:
    """One file of the new sources folder and where it came from."""

    id: str
    path: str
    url: str
    status: str  # "downloaded" or "kept (<why>)"
    version: str
    retrieved: str
    sha256: str
    bytes: int

    def as_dict(self) -> dict:
        """The record for ``MANIFEST.json``; the address without any credential (:func:`minusma.data.redact.redact`)."""
        return {**self.__dict__, "url": redact(self.url)}


def _today() -> str:
    return dt.date.today().isoformat()


def _request(url: str, timeout: float, headers: dict | None = None, data: bytes | None = None):
    req = urllib.request.Request(url, data=data, headers={"User-Agent": USER_AGENT, **(headers or {})})
    return urllib.request.urlopen(req, timeout=timeout)  # noqa: S310 (addresses come from the snapshots/ catalogues)


def fetch(url: str, out: Path, *, source: str, timeout: float, headers: dict | None = None) -> dict:
    """Download ``url`` to ``out``; return the response headers (lower-case names).

    Raises
    ------
    RefreshError
        No answer, an HTTP status other than 200, a timeout, or fewer bytes
        than the server announced.
    """
    safe = redact(url)  # never print credentials in an address (user:password@, ?key=)
    try:
        with _request(url, timeout, headers) as resp:
            if resp.status != 200:
                raise RefreshError(source, f"HTTP {resp.status} from {safe}")
            announced = resp.headers.get("Content-Length")
            got = 0
            out.parent.mkdir(parents=True, exist_ok=True)
            with open(out, "wb") as fh:
                while True:
                    chunk = resp.read(CHUNK)
                    if not chunk:
                        break
                    fh.write(chunk)
                    got += len(chunk)
            if announced is not None and got != int(announced):
                raise RefreshError(source, f"download cut off: {got} of {announced} bytes from {safe}")
            return {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as exc:
        raise RefreshError(source, f"HTTP {exc.code} {exc.reason} from {safe}") from None
    except http.client.IncompleteRead as exc:
        raise RefreshError(source, f"download cut off: {len(exc.partial)} bytes received from {safe}") from None
    except (socket.timeout, TimeoutError) as exc:
        raise RefreshError(source, f"no answer within {timeout:g} s from {safe} ({exc})") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise RefreshError(source, f"no answer within {timeout:g} s from {safe}") from None
        raise RefreshError(source, f"cannot reach {safe}: {reason}") from None
    except (ConnectionError, http.client.HTTPException) as exc:
        raise RefreshError(source, f"connection failed for {safe}: {exc!r}") from None
    except ValueError:  # http.client.InvalidURL and the like: their text may quote the address, so not shown
        raise RefreshError(source, f"not a valid address: {safe}") from None


def hdx_resource_url(dataset: str, pattern: str, *, source: str, timeout: float) -> str:
    """Return the download address of the resource of HDX dataset ``dataset`` matching ``pattern``.

    Asks HDX's CKAN API (``package_show``); the resource whose name or address
    matches the regular expression ``pattern`` is taken (the first, in the
    dataset's order).

    Raises
    ------
    RefreshError
        The API fails, or no resource matches.
    """
    api = os.environ.get("MINUSMA_HDX_API", HDX_API).rstrip("/")
    url = f"{api}/package_show?id={urllib.parse.quote(dataset)}"
    with tempfile.TemporaryDirectory() as tmp:
        fetch(url, Path(tmp) / "package.json", source=source, timeout=timeout)
        try:
            result = json.loads((Path(tmp) / "package.json").read_text(encoding="utf-8"))["result"]
        except (ValueError, KeyError) as exc:
            raise RefreshError(source, f"HDX answered something else than a dataset for {dataset!r} ({exc})") from None
    for res in result.get("resources", []):
        if re.search(pattern, res.get("name", "")) or re.search(pattern, res.get("url", "")):
            return res["url"]
    names = [r.get("name") for r in result.get("resources", [])]
    raise RefreshError(source, f"no resource of HDX dataset {dataset!r} matches {pattern!r}; resources: {names}")


def acled_credentials() -> tuple[str, str] | None:
    """Return (username, password) from ``ACLED_USERNAME`` / ``ACLED_PASSWORD``, or None if unset."""
    user, password = os.environ.get("ACLED_USERNAME", ""), os.environ.get("ACLED_PASSWORD", "")
    return (user, password) if user and password else None


def acled_token(credentials: tuple[str, str], *, source: str, timeout: float) -> str:
    """Return an OAuth access token for ACLED's API (the credentials are sent, never stored).

    Raises
    ------
    RefreshError
        The token address refuses the credentials or does not answer.
    """
    url = os.environ.get("MINUSMA_ACLED_TOKEN_URL", ACLED_TOKEN_URL)
    body = urllib.parse.urlencode({
        "username": credentials[0], "password": credentials[1],
        "grant_type": "password", "client_id": "acled",
    }).encode()
    try:
        with _request(url, timeout, {"Content-Type": "application/x-www-form-urlencoded"}, body) as resp:
            return json.loads(resp.read().decode("utf-8"))["access_token"]
    except urllib.error.HTTPError as exc:
        raise RefreshError(source, f"ACLED refused the credentials (HTTP {exc.code})") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ValueError, KeyError) as exc:
        raise RefreshError(source, f"no ACLED token from {url}: {exc}") from None


def check_format(path: Path, fmt: str, *, source: str) -> None:
    """Check that a download is in its format: UTF-8 CSV with a header and rows, or an xlsx or zip.

    Raises
    ------
    RefreshError
        Empty, not UTF-8, no data rows, or not a zip container.
    """
    raw = path.read_bytes()
    if not raw.strip():
        raise RefreshError(source, "the download is empty")
    if fmt in ("xlsx", "zip"):
        if not raw.startswith(b"PK\x03\x04"):
            raise RefreshError(source, f"the download is not a {fmt} file (no zip header); an error page?")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RefreshError(source, f"the download is not UTF-8 CSV (byte {exc.start}); an error page?") from None
    rows = list(csv.reader(io.StringIO(text[:CHUNK * 4])))
    if len(rows) < 2 or text.lstrip().startswith("<"):
        raise RefreshError(source, "the download has no data rows, or is HTML rather than CSV")


def extract(download: Path, fmt: str, what: str, out: Path, *, source: str) -> None:
    """Write to ``out`` the CSV inside a download: a sheet of an xlsx workbook, or a member of a zip.

    An xlsx sheet is written with every value as text (whole numbers without
    a decimal point, empty cells empty). A zip member is the first whose name
    matches the regular expression ``what``.

    Raises
    ------
    RefreshError
        The sheet or member is not there, or the container is broken.
    """
    import zipfile

    try:
        if fmt == "xlsx":
            import openpyxl

            book = openpyxl.load_workbook(download, read_only=True, data_only=True)
            if what not in book.sheetnames:
                raise RefreshError(source, f"no sheet {what!r} in the workbook (sheets: {book.sheetnames})")

            def text(v):
                if v is None:
                    return ""
                if isinstance(v, float) and v.is_integer():
                    return str(int(v))
                return v.isoformat()[:10] if hasattr(v, "isoformat") else str(v)

            with open(out, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                for row in book[what].iter_rows(values_only=True):
                    writer.writerow([text(v) for v in row])
            book.close()
        elif fmt == "zip":
            with zipfile.ZipFile(download) as z:
                members = [n for n in z.namelist() if re.search(what, n)]
                if not members:
                    raise RefreshError(source, f"no member matching {what!r} in the zip ({z.namelist()[:10]})")
                out.write_bytes(z.read(members[0]))
        else:
            raise RefreshError(source, f"cannot extract from a {fmt!r} download")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RefreshError(source, f"the {fmt} download is broken ({exc})") from None


def csv_header(path: Path) -> list[str]:
    """Return the header row of a CSV file (BOM and surrounding spaces removed)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [h.strip() for h in next(csv.reader(fh), [])]


def version_of(path: Path, s: src.RawSource, headers: dict) -> str:
    """Return the publisher's version of a download (see :attr:`RawSource.version_column`)."""
    if s.version_column and path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            values = [r.get(s.version_column, "") for r in csv.DictReader(fh)]
        values = [v[:10] for v in values if v]
        if values:
            return max(values)
    if headers.get("last-modified"):
        try:
            return email.utils.parsedate_to_datetime(headers["last-modified"]).date().isoformat()
        except (TypeError, ValueError):
            pass
    return _today()


def _used_sources() -> set[str]:
    from minusma.data.derive import registry

    return {sid for spec in registry().values() for sid in spec.sources + spec.checked_against}


def _download_one(s: src.RawSource, folder: Path, *, base_url: str | None, timeout: float,
                  used: set[str], snapshot: Path) -> Download:
    if s.root == "project":   # compiled by the project and committed (curated/): nothing to download
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
        return Download(s.id, rel, s.url, f"kept ({why})", s.version, s.retrieved,
                        hashlib.sha256(data).hexdigest(), len(data))
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
    return Download(s.id, rel, url if s.access != "acled-api" else s.download, "downloaded",
                    version_of(out, s, got), _today(), hashlib.sha256(data).hexdigest(), len(data))


def refresh(dest: Path | None = None, *, base_url: str | None = None, timeout: float = 60.0,
            data: Path | None = None, log=print) -> list[Download]:
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
    with pipeline.signals_as_interrupts(), pipeline.locked(dest):
        pipeline.check_writable(dest)
        return _refresh_locked(dest, data, base_url, timeout, snapshot, log)


def _refresh_locked(dest: Path, data: Path, base_url: str | None, timeout: float, snapshot: Path,
                    log) -> list[Download]:
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
                why = "" if d.status == "downloaded" else f" ({d.status[len('kept ('):-1]})"
                log(f"{d.status.split(' ')[0]:<10} {d.id}: version {d.version}, {d.bytes:,} bytes, "
                    f"sha256 {d.sha256[:12]}{why}")
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
        pipeline.swap_into(staging, dest)
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
    except BaseException as exc:  # noqa: BLE001 - one way to fail: a message, never a traceback
        if isinstance(exc, SystemExit):
            raise
        message, status = (str(exc), 2) if isinstance(exc, RefreshError) else pipeline.failure(exc)
        print(redact(f"refresh failed: {message}\ndata/ was left unchanged, and so were the downloads."), file=sys.stderr)
        return status
    print("refresh done: review `git diff data/`, then build the book")
    return 0


if __name__ == "__main__":
    sys.exit(main())
