"""Re-execution: a rebuild re-runs exactly the chapters whose code, inputs or package code changed.

The test works on a temporary copy of the repository and stays generic as
chapters are added: it reads every chapter's declared inputs from the table of
contents, picks a table that some chapters read and others do not, and adds two
small test-only chapters to the copy (one reading that table, one reading
another), so that both sides of the rule are always exercised.
"""

from __future__ import annotations

import csv
import json
import re
import shutil

import pytest
import yaml

from minusma.book.bench import chapter_inputs, drop_last_row, readers, table_file
from minusma.book.execution import BUILD_RECORD

from .conftest import copy_repo, run_book_build

PROBE = """---
jupytext:
  text_representation: {{extension: .md, format_name: myst}}
kernelspec: {{display_name: Python 3, language: python, name: python3}}
minusma:
  chapter: {slug}
  inputs: [{table}]
---

# Probe {slug}

```{{code-cell}} ipython3
:tags: [remove-cell]

from minusma.book.chapter import open_chapter
{extra_import}
ch = open_chapter("{slug}")
rows = len(ch.load("{table}"))
ch.key("{slug}_rows", rows, text=str(rows), unit="rows of {table}", source="test")
```

The table {table} has {{glue:text}}`{slug}_rows` rows.
"""


def add_chapter(book, slug: str, table: str, extra_import: str = "") -> None:
    (book / "chapters" / f"{slug}.md").write_text(
        PROBE.format(slug=slug, table=table, extra_import=extra_import), encoding="utf-8"
    )
    toc_path = book / "_toc.yml"
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    toc["parts"][-1]["chapters"].append({"file": f"chapters/{slug}"})
    toc_path.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


def build(book) -> dict:
    result = run_book_build(book)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return json.loads((book / "_build" / BUILD_RECORD).read_text(encoding="utf-8"))


def key_figures(book) -> dict[str, str]:
    with open(book / "_build" / "html" / "key-figures.csv", encoding="utf-8", newline="") as fh:
        return {r["name"]: r["value"] for r in csv.DictReader(fh)}


@pytest.mark.build
def test_changing_one_table_re_executes_exactly_the_chapters_that_read_it(tmp_path):
    book = copy_repo(tmp_path / "book")
    real = chapter_inputs(book)
    package = json.loads((book / "data" / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r["name"] for r in package["resources"]]
    # A table that some real chapters read and others do not, if there is one; else one that some read.
    used = [t for t in tables if readers(real, t)]
    some_not_all = [t for t in used if readers(real, t) != set(real)]
    changed = (some_not_all or used or tables)[0]
    assert readers(real, changed), "no chapter of the book reads a table"
    other = next(t for t in tables if t != changed)
    (book / "minusma" / "probe_helper.py").write_text("VALUE = 1\n", encoding="utf-8")
    add_chapter(book, "probe_changed", changed)
    add_chapter(book, "probe_other", other, extra_import="from minusma import probe_helper")
    # A page without code that quotes the probe's number from the other page.
    (book / "chapters" / "probe_quote.md").write_text(
        "# Quote\n\nThe probe counted {glue:text}`probe_changed.md::probe_changed_rows:s` rows.\n", encoding="utf-8"
    )
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    toc["parts"][-1]["chapters"].append({"file": "chapters/probe_quote"})
    (book / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    inputs = chapter_inputs(book)

    first = build(book)
    assert set(first["executed"]) == set(inputs), first
    before = key_figures(book)

    # 1. Nothing changed: nothing is read, nothing runs.
    noop = build(book)
    assert noop["read"] == [] and noop["executed"] == [], noop

    # 2. One table changes (by hand, without touching datapackage.json).
    rows = drop_last_row(table_file(book, changed))
    second = build(book)
    assert set(second["executed"]) == readers(inputs, changed), (changed, second)
    assert "chapters/probe_other" not in second["read"]
    assert "chapters/probe_quote" in second["read"]  # re-written: it quotes a page that changed
    after = key_figures(book)
    assert after["probe_changed_rows"] == str(rows) != before["probe_changed_rows"]
    page = (book / "_build" / "html" / "chapters" / "probe_changed.html").read_text(encoding="utf-8")
    assert re.search(rf"has (<[^>]+>)*{rows}(</[^>]+>)* rows", page), "new value not on the page"
    quote = (book / "_build" / "html" / "chapters" / "probe_quote.html").read_text(encoding="utf-8")
    assert re.search(rf"counted (<[^>]+>)*{rows}(</[^>]+>)* rows", quote), "the quoting page shows an old value"
    unchanged_chapters = {inputs_doc.split("/")[-1] for inputs_doc in set(inputs) - readers(inputs, changed)}
    with open(book / "_build" / "html" / "key-figures.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["chapter"] in unchanged_chapters:
                assert before.get(r["name"]) == r["value"], r

    # 3. A package module that only one chapter imports changes: only that chapter runs.
    (book / "minusma" / "probe_helper.py").write_text("VALUE = 2\n", encoding="utf-8")
    third = build(book)
    assert third["executed"] == ["chapters/probe_other"], third

    # 4. A fresh build folder with only the execution cache restored (as in CI): nothing runs,
    #    and the site publishes the same key figures and chart downloads as the build that ran.
    site = book / "_build" / "html"
    published = {
        p.relative_to(site): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and (p.name == "key-figures.csv" or "downloads" in p.parts)
    }
    for folder in ("html", ".doctrees", "jupyter_execute"):
        shutil.rmtree(book / "_build" / folder)
    fourth = build(book)
    assert fourth["executed"] == [] and set(fourth["from_cache"]) == set(inputs), fourth
    again = {
        p.relative_to(site): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and (p.name == "key-figures.csv" or "downloads" in p.parts)
    }
    assert len(published) > 1 and again == published
