"""Release files of an edition: the PDF, a zip of the site, and their checksums.

``make release`` rebuilds the site and the PDF, then runs::

    python -m minusma.edition.release --site _build/html --pdf _build/latex/minusma-report.pdf --dist dist

which writes, for the edition in ``VERSION`` (:mod:`minusma.edition.version`)::

    dist/minusma-report-<version>.pdf
    dist/minusma-report-<version>-html.zip   (the site, under minusma-report-<version>-html/)
    dist/SHA256SUMS                          (sha256sum format; check with `sha256sum -c SHA256SUMS`)

The zip is deterministic: entries in sorted order, every timestamp set to
:data:`ZIP_EPOCH`, fixed permissions and compression, so the same site gives
the same bytes. The release refuses artefacts that were not built from this
edition, or from a working tree with uncommitted changes (their footer says
``+modified``), since their commit would not identify their content.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import zipfile
from pathlib import Path

from minusma.edition import version as edition
from minusma.paths import ROOT

#: Timestamp of every zip entry (the earliest a zip can hold).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
#: Files of a Sphinx build that are not part of the published site.
EXCLUDE = {".buildinfo", ".doctrees"}


class ReleaseError(RuntimeError):
    """The artefacts are missing, or not of this edition."""


def names(version: str) -> dict[str, str]:
    """Return the release file names for ``version``: keys ``pdf``, ``zip``, ``sums``."""
    return {"pdf": f"minusma-report-{version}.pdf", "zip": f"minusma-report-{version}-html.zip", "sums": "SHA256SUMS"}


def site_files(site: Path) -> list[Path]:
    """Files of the site to publish, relative to ``site``, sorted by their POSIX path."""
    out = []
    for p in site.rglob("*"):
        rel = p.relative_to(site)
        if p.is_file() and not (set(rel.parts) & EXCLUDE):
            out.append(rel)
    return sorted(out, key=lambda r: r.as_posix())


def deterministic_zip(site: Path, target: Path, prefix: str) -> Path:
    """Zip the files of ``site`` under folder ``prefix/`` into ``target``, byte-reproducibly.

    Parameters
    ----------
    site : pathlib.Path
        Folder to zip (an HTML build).
    target : pathlib.Path
        The zip file to write (replaced if present).
    prefix : str
        Top folder inside the zip.

    Returns
    -------
    pathlib.Path
        ``target``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as zf:
        for rel in site_files(site):
            info = zipfile.ZipInfo(f"{prefix}/{rel.as_posix()}", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, whatever the machine
            zf.writestr(info, (site / rel).read_bytes(), compresslevel=9)
    return target


def sha256sums(files: list[Path]) -> str:
    """``sha256sum``-format lines (``<hex>  <file name>``) for ``files``, in the given order."""
    return "".join(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}\n" for f in files)


def check_artefacts(site: Path, pdf: Path, version: str) -> None:
    """Check that the site and the PDF were built from this edition and from committed files.

    Raises
    ------
    ReleaseError
        A file is missing, its stamp names another edition, or it was built
        from a working tree with uncommitted changes.
    """
    index = site / "index.html"
    tex = pdf.with_suffix(".tex")
    for f in (index, pdf, tex):
        if not f.exists():
            raise ReleaseError(f"{f} not found: build the site and the PDF first (make book, make pdf)")
    page = index.read_text(encoding="utf-8")
    if f"Edition <strong>{version}</strong>" not in page:
        raise ReleaseError(f"{index} was not built from edition {version}: rebuild it (make book)")
    if f"Edition {version}" not in tex.read_text(encoding="utf-8"):
        raise ReleaseError(f"{pdf} was not built from edition {version}: rebuild it (make pdf)")
    if "+modified" in page:
        raise ReleaseError(
            "the site was built from a working tree with uncommitted changes: commit, then run make release again"
        )


def release(site: Path, pdf: Path, dist: Path, version: str | None = None, check: bool = True) -> list[Path]:
    """Write the release files of the edition into ``dist``; return their paths.

    Parameters
    ----------
    site, pdf : pathlib.Path
        The HTML build and the PDF.
    dist : pathlib.Path
        Output folder (created; files of this edition are replaced).
    version : str, optional
        Default :func:`minusma.edition.version.version`.
    check : bool
        Run :func:`check_artefacts` first.

    Returns
    -------
    list of pathlib.Path
        The PDF, the zip and ``SHA256SUMS``.
    """
    version = version or edition.version(ROOT)
    if check:
        check_artefacts(site, pdf, version)
    n = names(version)
    dist.mkdir(parents=True, exist_ok=True)
    pdf_out = dist / n["pdf"]
    shutil.copyfile(pdf, pdf_out)
    zip_out = deterministic_zip(site, dist / n["zip"], prefix=n["zip"].removesuffix(".zip"))
    sums = dist / n["sums"]
    sums.write_text(sha256sums([pdf_out, zip_out]), encoding="utf-8")
    return [pdf_out, zip_out, sums]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m minusma.edition.release", description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--pdf", type=Path, default=ROOT / "_build" / "latex" / "minusma-report.pdf")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    problems = edition.check(ROOT)
    if problems:
        for p in problems:
            print(f"error: {p}", file=sys.stderr)
        return 1
    try:
        files = release(args.site, args.pdf, args.dist)
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for f in files:
        print(f"{f}: {f.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
