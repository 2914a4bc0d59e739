"""Shared helpers for the tests. Every fixture file is written by the tests themselves.

Markers by need, assigned here at collection (:func:`needs`), so that no test file has to
declare them: ``build`` (runs Jupyter Book or Sphinx), ``site`` (reads the built site in
``_build/html``), ``pdf`` (reads the built PDF), ``raw`` (reads the raw sources in
``../shared/sources``). ``make test-fast`` runs
``-m "not build and not site and not pdf and not raw"``; ``make test`` runs everything.
"""

from __future__ import annotations

import csv
import inspect
import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Header of the current UN fatalities table (DPPADPOSS-FATALITIES, 2023 and 2025 versions).
UN_HEADER = [
    "id",
    "incident_date",
    "casualty_id",
    "mission_acronym",
    "type_of_casualty",
    "gender",
    "casualty_nationality",
    "casualty_personnel_type",
    "type_of_incident",
    "m49_code",
    "isocode3",
    "last_update",
]


def write_csv(
    path: Path, header: list[str], rows: list[list], *, encoding: str = "utf-8", bom: bool = False, newline: str = "\n"
) -> Path:
    """Write a small CSV fixture and return its path."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def un_row(
    n: int,
    date: str,
    cid: str,
    mission="MINUSMA",
    nationality="Chad",
    personnel="Military",
    incident="Malicious Act",
    m49="148.0",
    iso="TCD",
    gender="M",
) -> list:
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
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
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
    missing = [t for t in ("pdftotext", "pdfimages", "pdfinfo", "pdftohtml") if shutil.which(t) is None]
    if not PDF.exists() or missing:
        why = f"PDF not built ({PDF})" if not PDF.exists() else f"poppler-utils missing: {missing}"
        if required:
            pytest.fail(why + " but MINUSMA_REQUIRE_PDF=1: run `make pdf`")
        pytest.skip(why + ": run `make pdf`")
    return PDF


# --------------------------------------------------------------------------- markers by need

#: What in a test's source (or in the source of a fixture it uses) shows each need.
NEED_PATTERNS: dict[str, re.Pattern] = {
    "build": re.compile(r"run_book_build\(|venv_bin\(\"jupyter-book\"\)|\"-m\", \"sphinx\"|\bbuild_book\("),
    "site": re.compile(r"\bSITE\b|site_key_figures\(|ROOT / \"_build\" / \"html\"|\.jupyter_cache"),
    "pdf": re.compile(r"\bPDF\.exists\(\)|ROOT / \"_build\" / \"latex\""),
    "raw": re.compile(r"\bsources_dir\(\)|\bRAW_[A-Z0-9_]+\b"),
}
#: What in the reason of a ``skipif`` mark shows each need.
REASON_PATTERNS: dict[str, re.Pattern] = {
    "site": re.compile(r"book not built|make book|_build/html", re.I),
    "pdf": re.compile(r"PDF not built|make pdf", re.I),
    "raw": re.compile(r"\braw\b|sources? (folder|not found)|MINUSMA_SOURCES", re.I),
}
#: Fixtures that are a need by themselves.
NEED_FIXTURES = {"pdf": "pdf"}


def _source(obj) -> str:
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def needs(
    function: Callable, module=None, fixtures: Iterable[Callable] = (), fixturenames: Iterable[str] = ()
) -> set[str]:
    """The needs (``build``, ``site``, ``pdf``, ``raw``) of a test function, from what it uses.

    Read from: the function's explicit marks (``@pytest.mark.build``) and its module's
    ``pytestmark``; the reasons of its ``skipif`` marks ("book not built", "PDF not built",
    "raw sources not found"); the fixtures it requests (``pdf``); and the source of the
    function and of the fixture functions it uses (``run_book_build(``, ``SITE``,
    ``sources_dir()``...). Returns a set of marker names, empty for a test that needs nothing
    but the repository.
    """
    marks = list(getattr(function, "pytestmark", []))
    module_marks = getattr(module, "pytestmark", []) if module is not None else []
    marks += module_marks if isinstance(module_marks, list) else [module_marks]
    found = {m.name for m in marks if m.name in NEED_PATTERNS}
    for m in marks:
        if m.name == "skipif":
            reason = str(m.kwargs.get("reason", ""))
            found |= {need for need, pat in REASON_PATTERNS.items() if pat.search(reason)}
    found |= {need for name, need in NEED_FIXTURES.items() if name in set(fixturenames)}
    text = "\n".join(_source(f) for f in (function, *fixtures))
    found |= {need for need, pat in NEED_PATTERNS.items() if pat.search(text)}
    return found


def pytest_collection_modifyitems(config, items):
    """Mark every collected test with its needs (see :func:`needs`); doctests need nothing."""
    for item in items:
        function = getattr(item, "function", None)
        if function is None:  # a doctest
            continue
        info = getattr(item, "_fixtureinfo", None)
        defs = info.name2fixturedefs.values() if info is not None else []
        fixtures = [d[-1].func for d in defs if d and not d[-1].func.__module__.startswith("_pytest")]
        for need in sorted(needs(function, item.module, fixtures, item.fixturenames)):
            if not item.get_closest_marker(need):
                item.add_marker(need)
