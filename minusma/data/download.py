"""Downloading one raw file from its publisher, for :mod:`minusma.data.refresh`: fetch, check, extract, date.

:func:`fetch` downloads an address whole (HTTP 200 within the timeout, as many bytes as announced);
:func:`hdx_resource_url` finds an HDX dataset's resource through HDX's CKAN API; :func:`acled_token`
asks ACLED's API for a token with the credentials of the environment (written nowhere);
:func:`check_format` checks a CSV (UTF-8 with a header) or an xlsx/zip container; :func:`extract` writes
a sheet or a zip member as the source's file; :func:`version_of` dates the publisher's version. Every
failure raises :class:`RefreshError` naming the source.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import http.client
import io
import json
import os
import re
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from minusma.data import sources as src
from minusma.data.redact import redact

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
    return urllib.request.urlopen(req, timeout=timeout)


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
    except TimeoutError as exc:
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
    body = urllib.parse.urlencode(
        {
            "username": credentials[0],
            "password": credentials[1],
            "grant_type": "password",
            "client_id": "acled",
        }
    ).encode()
    try:
        with _request(url, timeout, {"Content-Type": "application/x-www-form-urlencoded"}, body) as resp:
            return json.loads(resp.read().decode("utf-8"))["access_token"]
    except urllib.error.HTTPError as exc:
        raise RefreshError(source, f"ACLED refused the credentials (HTTP {exc.code})") from None
    except (urllib.error.URLError, TimeoutError, ValueError, KeyError) as exc:
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
    rows = list(csv.reader(io.StringIO(text[: CHUNK * 4])))
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
