"""Shared helpers for the tests. Every fixture file is written by the tests themselves."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Header of the current UN fatalities table (DPPADPOSS-FATALITIES, 2023 and 2025 versions).
UN_HEADER = [
    "id", "incident_date", "casualty_id", "mission_acronym", "type_of_casualty", "gender",
    "casualty_nationality", "casualty_personnel_type", "type_of_incident", "m49_code", "isocode3", "last_update",
]


def write_csv(path: Path, header: list[str], rows: list[list], *, encoding: str = "utf-8", bom: bool = False,
              newline: str = "\n") -> Path:
    """Write a small CSV fixture and return its path."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def un_row(n: int, date: str, cid: str, mission="MINUSMA", nationality="Chad", personnel="Military",
           incident="Malicious Act", m49="148.0", iso="TCD", gender="M") -> list:
    """One row of the UN table in the current format."""
    return [n, date, cid, mission, "Fatality", gender, nationality, personnel, incident, m49, iso, "2025-04-04"]


@pytest.fixture
def un_file(tmp_path):
    """Factory: write rows in the UN format to a temporary file."""
    def make(rows, name="fatalities.csv", **kw):
        return write_csv(tmp_path / name, UN_HEADER, rows, **kw)
    return make


def venv_bin(name: str) -> str:
    """Path of a command in the project's virtual environment (falls back to PATH)."""
    p = ROOT / ".venv" / "bin" / name
    return str(p) if p.exists() else name


def run_book_build(book_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `jupyter-book build` on ``book_dir`` as `make book` does; return the finished process.

    ``book_dir`` is a full copy of the repository (see :func:`copy_repo`): its own
    ``minusma`` package and ``data/`` are the ones used.
    """
    env = dict(os.environ, PYTHONPATH=str(book_dir), MINUSMA_BOOK="1")
    env.pop("MINUSMA_DATA", None)
    return subprocess.run(
        [venv_bin("jupyter-book"), "build", str(book_dir), "-W", "-n", "--keep-going", *args],
        capture_output=True, text=True, env=env, timeout=1800,
    )


def copy_repo(dest: Path) -> Path:
    """Copy the repository's tracked sources (no _build, no .venv, no .git) to ``dest``; return it."""
    import shutil

    ignore = shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__", ".pytest_cache", "dist", "*.egg-info")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest



def curated_paths() -> dict[str, Path]:
    """Paths of the project's curated files (``curated/``), by source id, as a derivation's ``paths`` wants them."""
    from minusma.data import sources as src

    return {s.id: s.file() for s in src.SOURCES.values() if s.root == "project"}


SITE = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "latex" / "minusma-report.pdf"


def site_key_figures(chapter: str | None = None, site: Path = SITE) -> dict[str, dict]:
    """The built site's ``key-figures.csv`` as ``{name: row}`` (rows as dicts of str), optionally one chapter's."""
    with open(site / "key-figures.csv", encoding="utf-8", newline="") as fh:
        return {r["name"]: r for r in csv.DictReader(fh) if chapter is None or r["chapter"] == chapter}


@pytest.fixture(scope="module")
def pdf():
    """The built PDF; skipped if absent, a failure if absent under MINUSMA_REQUIRE_PDF=1 (CI)."""
    required = os.environ.get("MINUSMA_REQUIRE_PDF") == "1"
    missing = [t for t in ("pdftotext", "pdfimages", "pdfinfo") if shutil.which(t) is None]
    if not PDF.exists() or missing:
        why = f"PDF not built ({PDF})" if not PDF.exists() else f"poppler-utils missing: {missing}"
        if required:
            pytest.fail(why + " but MINUSMA_REQUIRE_PDF=1: run `make pdf`")
        pytest.skip(why + ": run `make pdf`")
    return PDF
