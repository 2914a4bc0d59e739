"""The book extension's dependency logic, without a build: code cells, imported modules, fingerprints."""

from __future__ import annotations

import shutil

from minusma.book import dependencies, outputs
from minusma.book import fingerprint as fp
from minusma.book.fingerprint import code_of, environment_file, fingerprint, package_closure
from minusma.charts import render

from .conftest import ROOT

PAGE = """---
minusma:
  chapter: x
  inputs: [timeline]
---
# X

```{code-cell} ipython3
:tags: [hide-input]

%matplotlib inline
from minusma.book.chapter import open_chapter
from minusma.analysis import casualties as cas
```

````{code-cell} ipython3
---
tags: [remove-cell]
---
import pandas as pd
````

See {glue:text}`chapters/casualties.md::cas_total` and {glue:text}`local_name`.
"""


def names(files):
    return {p.relative_to(fp.PACKAGE_DIR).as_posix() for p in files}


def test_code_cells_lose_their_options_and_magics():
    assert code_of(PAGE) == [
        "from minusma.book.chapter import open_chapter\nfrom minusma.analysis import casualties as cas",
        "import pandas as pd",
    ]


def test_a_page_depends_on_the_modules_its_imports_reach_and_no_others():
    files = names(package_closure(code_of(PAGE)))
    # The page imports book.chapter (-> keyfigures, data.load, charts.style, paths) and analysis.casualties;
    # each package on the way brings its (empty) __init__.py.
    assert {
        "__init__.py",
        "book/__init__.py",
        "book/chapter.py",
        "book/keyfigures.py",
        "analysis/__init__.py",
        "analysis/casualties.py",
        "charts/style.py",
        "data/load.py",
        "paths.py",
    } <= files
    # Modules no import path reaches: the Sphinx machinery, other chapters' analysis, the pipeline.
    assert not files & {
        "book/sphinxext.py",
        "book/fingerprint.py",
        "book/outputs.py",
        "book/bench.py",
        "data/refresh.py",
        "data/pipeline.py",
        "edition/changes.py",
        "analysis/wagner.py",
    }


def test_a_dynamic_import_brings_in_its_folder_and_in_the_top_folder_the_whole_package(tmp_path, monkeypatch):
    pkg = tmp_path / "minusma"
    shutil.copytree(fp.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fp, "PACKAGE_DIR", pkg)
    casualties = pkg / "analysis" / "casualties.py"
    casualties.write_text(casualties.read_text(encoding="utf-8") + "\nimport importlib\n", encoding="utf-8")
    files = names(package_closure(code_of(PAGE)))
    assert "analysis/wagner.py" in files and "data/refresh.py" not in files
    paths = pkg / "paths.py"
    paths.write_text(paths.read_text(encoding="utf-8") + "\n__import__('json')\n", encoding="utf-8")
    assert package_closure(code_of(PAGE)) is None
    assert package_closure(["def broken(:"]) is None


def test_fingerprint_lists_tables_modules_and_pins():
    lines = fingerprint(PAGE)
    assert lines[0].startswith("table timeline sha256:")
    assert lines[1].startswith("package minusma (__init__.py, analysis/__init__.py, analysis/casualties.py, ")
    assert lines[2].startswith(f"{environment_file().name} sha256:")
    assert len(lines) == 3
    assert fingerprint("# no front matter\n") is None


def test_the_environment_is_keyed_on_the_lock_file_when_there_is_one(tmp_path, monkeypatch):
    assert environment_file(tmp_path) is None
    (tmp_path / "requirements.txt").write_text("pandas==2.2.3\n", encoding="utf-8")
    assert environment_file(tmp_path) == tmp_path / "requirements.txt"
    lock = tmp_path / "requirements.lock"
    lock.write_text("pandas==2.2.3 \\\n    --hash=sha256:" + "0" * 64 + "\n", encoding="utf-8")
    assert environment_file(tmp_path) == lock
    monkeypatch.setattr(fp, "ROOT", tmp_path)
    before = fingerprint(PAGE)
    assert before[-1].startswith("requirements.lock sha256:")
    lock.write_text(lock.read_text(encoding="utf-8").replace("2.2.3", "2.2.4"), encoding="utf-8")
    after = fingerprint(PAGE)
    assert after[:-1] == before[:-1] and after[-1] != before[-1]


def test_declared_files_are_part_of_the_fingerprint():
    page = PAGE.replace("inputs: [timeline]", "inputs: []\n  files: [CITATION.cff, private/nothing/*.csv]")
    lines = fingerprint(page)
    assert lines[0].startswith("files CITATION.cff (1) sha256:")
    assert lines[1].startswith("files private/nothing/*.csv (0) sha256:")


def test_pages_that_show_other_pages_numbers_are_found():
    docs, all_figures = dependencies._readers(PAGE, "index")
    assert docs == {"chapters/casualties"} and not all_figures
    # As MyST-NB resolves them: relative to the page's folder, or from the root with "/"; with a format.
    text = "{glue:text}`casualties.md::cas_share:.0%` {glue}`/index.md::x` {glue:text}`../data.md::y`"
    assert dependencies._readers(text, "chapters/summary")[0] == {"chapters/casualties", "index", "data"}
    assert dependencies._readers((ROOT / "chapters" / "changes.md").read_text(encoding="utf-8"))[1]


def test_extension_knows_the_chart_metadata_key_without_importing_matplotlib():
    assert outputs.CHART_META == render.Chart.META


def test_the_extension_module_only_connects_the_parts():
    source = (fp.PACKAGE_DIR / "book" / "sphinxext.py").read_text(encoding="utf-8")
    assert source.count("\ndef ") == 1 and "def setup(" in source
