"""Markers by need (tests/conftest.py): what a test uses decides build / site / pdf / raw.

The functions named ``fake_*`` below are stand-ins for tests (not collected): each uses one
need the way the project's tests do.
"""

from __future__ import annotations

import types

import pytest

from .conftest import ROOT, needs

SITE = ROOT / "_build" / "html"
needs_site = pytest.mark.skipif(False, reason="book not built: run `make book`")
needs_raw = pytest.mark.skipif(False, reason="raw sources not found under ../shared/sources (set MINUSMA_SOURCES)")


def fake_run_book_build(path):
    return path


@pytest.mark.build
def fake_marked_build():
    pass


def fake_builds_a_copy(tmp_path):
    return fake_run_book_build(tmp_path)  # the pattern looks for run_book_build( in the source


def fake_builds_with_sphinx(tmp_path):
    return [tmp_path, "-m", "sphinx", "-b", "html"]


@needs_site
def fake_reads_the_site_behind_a_skipif():
    pass


def fake_reads_the_site():
    return (SITE / "index.html").exists()


def fake_reads_the_pdf(pdf):
    return pdf


@needs_raw
def fake_reads_the_raw_sources():
    pass


def fake_builds_a_site_of_its_own(tmp_path):
    site = tmp_path / "_build" / "html"  # a site of its own: needs no built book
    return site


def fake_pure(un_file):
    return un_file


def test_explicit_marks_and_book_builds_are_build():
    assert needs(fake_marked_build) == {"build"}
    assert needs(fake_builds_a_copy) == {"build"}
    assert needs(fake_builds_with_sphinx) == {"build"}


def test_site_from_the_skip_reason_from_the_module_mark_and_from_the_source():
    assert needs(fake_reads_the_site_behind_a_skipif) == {"site"}
    assert needs(fake_reads_the_site) == {"site"}
    module = types.SimpleNamespace(pytestmark=[needs_site.mark])
    assert needs(fake_pure, module) == {"site"}


def test_pdf_from_the_fixture_and_raw_from_the_skip_reason():
    assert needs(fake_reads_the_pdf, fixturenames=["pdf"]) == {"pdf"}
    assert needs(fake_reads_the_raw_sources) == {"raw"}


def test_a_fixture_passes_its_needs_to_the_tests_that_use_it():
    assert needs(fake_pure, fixtures=[fake_reads_the_site]) == {"site"}


def test_a_test_that_writes_its_own_site_or_fixtures_needs_nothing():
    assert needs(fake_builds_a_site_of_its_own) == set()
    assert needs(fake_pure, fixturenames=["un_file", "tmp_path"]) == set()


def test_collected_tests_carry_their_needs(request):
    """The items collected in this session: the tests of this file carry no need marker."""
    items = {item.nodeid: {m.name for m in item.iter_markers()} for item in request.session.items}
    mine = [n for n in items if n.startswith("tests/test_markers.py::")]
    assert mine and all(not items[n] & {"build", "site", "pdf", "raw"} for n in mine), mine
