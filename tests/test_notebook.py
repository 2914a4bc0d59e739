"""The notebook round trip: a chapter converted to a notebook never breaks the book; ``ch.key`` shows the
value in Jupyter; a scratch notebook opens the data package without a chapter file.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from sphinx.util.matching import Matcher

from .conftest import ROOT


def test_chapter_notebooks_are_left_out_of_the_book_and_of_git():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    excluded = Matcher(config["exclude_patterns"])
    assert excluded("chapters/casualties.ipynb") and excluded("chapters/sub/x.ipynb")
    assert not excluded("chapters/casualties.md") and not excluded("index.md")
    if shutil.which("git") and (ROOT / ".git").exists():
        ignored = subprocess.run(["git", "check-ignore", "-q", "chapters/casualties.ipynb"], cwd=ROOT)
        assert ignored.returncode == 0, "chapters/*.ipynb must be ignored by git (.gitignore)"
        kept = subprocess.run(["git", "check-ignore", "-q", "chapters/casualties.md"], cwd=ROOT)
        assert kept.returncode == 1


SCRATCH = """\
from minusma.data.load import load_table, package
timeline = load_table("timeline")
print(len(timeline), len(package()["resources"]))
"""

KEY = """\
from minusma.book.chapter import Chapter
ch = Chapter("casualties")
ch.key("nb_probe", 1234, unit="probes", source="test")
"""


def test_a_scratch_notebook_reads_the_data_and_ch_key_shows_the_value(tmp_path, monkeypatch):
    """Executed in a real kernel, from a folder that holds no chapter (as a scratch notebook would be)."""
    monkeypatch.delenv("MINUSMA_BOOK", raising=False)  # `make test` exports it for the book builds
    monkeypatch.delenv("MINUSMA_DATA", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SCRATCH), nbformat.v4.new_code_cell(KEY)])
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    with open(ROOT / "data" / "timeline.csv", encoding="utf-8", newline="") as fh:
        rows = sum(1 for _ in csv.DictReader(fh))
    tables = len(yaml.safe_load((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    assert nb.cells[0].outputs[0]["text"].split() == [str(rows), str(tables)]
    shown = [o["data"]["text/markdown"] for o in nb.cells[1].outputs if "text/markdown" in o.get("data", {})]
    assert shown == ["- `nb_probe` = 1,234 (probes)"]


def test_ch_key_shows_nothing_in_the_book(monkeypatch, capsys):
    from minusma.book import chapter

    shown = []
    monkeypatch.setattr(chapter, "display", lambda *a, **k: shown.append(a))
    monkeypatch.setattr(chapter, "get_ipython", lambda: object())
    monkeypatch.setenv("MINUSMA_BOOK", "1")
    chapter._show_outside_book("figure")
    assert shown == []
    monkeypatch.delenv("MINUSMA_BOOK")
    kf = type("KF", (), {"name": "x", "text": "1,234", "unit": "u"})()
    chapter._show_outside_book(kf)
    assert len(shown) == 1 and shown[0][0].data == "- `x` = 1,234 (u)"
    assert os.environ.get("MINUSMA_BOOK") is None
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("name", ["casualties"])
def test_the_chapter_converts_to_a_notebook_with_its_front_matter(tmp_path, name):
    """Jupytext's conversion (what a reader runs) keeps the minusma front matter the book reads."""
    jupytext = pytest.importorskip("jupytext")
    nb = jupytext.read(ROOT / "chapters" / f"{name}.md")
    assert nb.metadata["minusma"]["chapter"] == name
    assert any("open_chapter" in c.source for c in nb.cells if c.cell_type == "code")
