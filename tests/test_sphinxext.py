"""The book extension's dependency logic, without a build: code cells, imported modules, fingerprints."""

from __future__ import annotations

import shutil

from minusma.book import sphinxext
from minusma.charts import style
from minusma.book.sphinxext import code_of, fingerprint, package_closure

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
    return {p.relative_to(sphinxext.PACKAGE_DIR).as_posix() for p in files}


def test_code_cells_lose_their_options_and_magics():
    assert code_of(PAGE) == [
        "from minusma.book.chapter import open_chapter\nfrom minusma import casualties as cas",
        "import pandas as pd",
    ]


def test_a_page_depends_on_the_modules_its_imports_reach_and_no_others():
    files = names(package_closure(code_of(PAGE)))
    # chapter -> keyfigures, load, style, paths; load -> validate -> (derive, lazily) -> every derive module.
    assert {"__init__.py", "chapter.py", "casualties.py", "reference.py", "style.py", "load.py",
            "validate.py", "paths.py", "derive/__init__.py", "derive/fatalities.py"} <= files
    assert not files & {"sphinxext.py", "refresh.py", "bench.py", "pipeline.py", "editions.py", "timeline.py"}


def test_a_dynamic_import_in_the_top_folder_means_the_whole_package(tmp_path, monkeypatch):
    pkg = tmp_path / "minusma"
    shutil.copytree(sphinxext.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    (pkg / "casualties.py").write_text("import importlib\nX = importlib.import_module('json')\n")
    monkeypatch.setattr(sphinxext, "PACKAGE_DIR", pkg)
    assert package_closure(code_of(PAGE)) is None
    assert package_closure(["def broken(:"]) is None


def test_fingerprint_lists_tables_modules_and_pins():
    lines = fingerprint(PAGE)
    assert lines[0].startswith("table timeline sha256:")
    assert lines[1].startswith("package minusma (__init__.py, casualties.py, chapter.py")
    assert lines[2].startswith("requirements.txt sha256:")
    assert fingerprint("# no front matter\n") is None


def test_declared_files_are_part_of_the_fingerprint():
    page = PAGE.replace("inputs: [timeline]", "inputs: []\n  files: [CITATION.cff, private/nothing/*.csv]")
    lines = fingerprint(page)
    assert lines[0].startswith("files CITATION.cff (1) sha256:")
    assert lines[1].startswith("files private/nothing/*.csv (0) sha256:")


def test_pages_that_show_other_pages_numbers_are_found():
    docs, all_figures = sphinxext._readers(PAGE, "index")
    assert docs == {"chapters/casualties"} and not all_figures
    # As MyST-NB resolves them: relative to the page's folder, or from the root with "/"; with a format.
    text = "{glue:text}`casualties.md::cas_share:.0%` {glue}`/index.md::x` {glue:text}`../data.md::y`"
    assert sphinxext._readers(text, "chapters/summary")[0] == {"chapters/casualties", "index", "data"}
    assert sphinxext._readers((ROOT / "chapters" / "changes.md").read_text(encoding="utf-8"))[1]


def test_extension_knows_the_chart_metadata_key_without_importing_matplotlib():
    assert sphinxext.CHART_META == style.Chart.META
