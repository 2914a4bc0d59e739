"""Issue 15, part 1: no raw text is ever rendered as markup.

A value from data holding an HTML tag, an event handler, a table's pipe, a
backtick, a MyST role and a LaTeX command must reach every page as those
characters. The paths a data value takes into a page:

- table cells and headers (``ch.table`` -> :class:`minusma.charts.table.Table`, also the
  data dictionary, the periods and zones tables, and the "what changed" tables);
- links to a source (:func:`minusma.markup.link`: the title is text, the address
  must be http(s));
- the "what changed" paragraphs (:func:`minusma.edition.changes.describe_changes`);
- the generated list of sources (:func:`minusma.book.pages.sources_markdown`) and data
  dictionary (:func:`minusma.book.pages.dictionary_markdown`).

The unit tests check the Markdown; the fixture book (a small Sphinx project with
the book's MyST-NB settings, executed) checks the built HTML and LaTeX.
"""

from __future__ import annotations

import copy
import html
import os
import re
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
import yaml

from minusma.book import pages as docs
from minusma.charts import table
from minusma.edition import changes as editions
from minusma.markup import Markup, code, link, md_escape

from .conftest import ROOT

#: One value with every kind of markup a raw file could smuggle in.
EVIL = "<b>bold</b> <img src=x onerror=alert(1)> a|b `tick` {sub}`H2O` \\textbf{TeX} $x$ &amp; *em* [l](http://e.org)"
#: What a reader must see, character for character (the HTML shows the same text, entity-escaped).
SHOWN = EVIL


def test_md_escape_turns_every_special_character_into_text():
    md = md_escape(EVIL)
    # no unescaped special character remains
    assert not re.search(r"(?<!\\)[<>|`{}$&*\[\]]", md), md
    assert md_escape("Côte d'Ivoire, 1,234.5") == "Côte d'Ivoire, 1,234.5"
    assert md_escape("line one\nline two") == "line one line two"
    assert md_escape("- not a list") == "\\- not a list" and md_escape("12. not a list") == "12\\. not a list"
    assert md_escape(Markup("**kept**")) == "**kept**"


def test_link_escapes_its_text_and_refuses_addresses_that_are_not_http():
    assert (
        link("Le [Monde] <i>", "https://www.lemonde.fr/a_b(c)")
        == "[Le \\[Monde\\] \\<i\\>](<https://www.lemonde.fr/a_b(c)>)"
    )
    assert link("x", "javascript:alert(1)") == "x"
    assert link("x", "https://e.org/> <script>") == "x"
    assert code("a`b|c") == "`a'b\\|c`"


def test_table_cells_and_headers_are_escaped_but_project_markup_is_kept():
    t = table.Table(pd.DataFrame({"Name|x": [EVIL, "plain"], "Source": [link("T", "https://e.org"), "y"]}))
    md = t.pipe()
    assert md in t.markdown()  # the page gets the same rows inside its {table} directive
    lines = md.splitlines()
    # header, rule, two rows: the pipe in the value and in the header did not add a column
    assert len(lines) == 4 and all(line.count("|") - line.count("\\|") == 3 for line in lines), md
    assert "Name\\|x" in lines[0] and md_escape(EVIL) in lines[2] and "[T](<https://e.org>)" in lines[2]


def test_what_changed_paragraph_escapes_names_values_and_notes():
    d = {
        "status": "changed",
        "rows_before": 1,
        "rows_after": 1,
        "added": [],
        "removed": [],
        "changed": [{"key": "k", "changes": {"incident|type": (EVIL, "Illness")}}],
    }
    text = editions.describe_changes("t`x", d)
    assert md_escape(EVIL) + " → Illness: 1" in text and "**t\\`x**" in text and "`incident\\|type`" in text
    note = editions.describe_changes("t", {"status": "changed", "rows_before": 1, "rows_after": 2, "note": EVIL})
    assert f"({md_escape(EVIL)})." in note


def _evil_package() -> dict:
    from minusma.data.load import package

    pkg = copy.deepcopy(package())
    res = pkg["resources"][0]
    res["title"] = EVIL
    res["description"] = EVIL
    res["sources"][0]["title"] = EVIL
    res["sources"][0]["credit"] = EVIL
    res["schema"]["fields"][0]["description"] = EVIL
    res["schema"]["fields"][0].setdefault("constraints", {})["enum"] = ["a|b", "c`d"]
    return pkg


def test_generated_sources_and_dictionary_escape_titles_credits_and_descriptions():
    pkg = _evil_package()
    src = docs.sources_markdown(pkg)
    assert f"### {md_escape(EVIL)}" in src and f"**Credit line:** {md_escape(EVIL)}" in src
    dic = docs.dictionary_markdown(pkg)
    assert md_escape(EVIL) in dic and "`a\\|b`" in dic and "`c'd`" in dic
    assert EVIL not in src and EVIL not in dic


# --------------------------------------------------------------------------
# The fixture book: the same paths, built to HTML and LaTeX
# --------------------------------------------------------------------------

PAGE = """\
---
jupytext:
  text_representation: {{extension: .md, format_name: myst}}
kernelspec: {{display_name: Python 3, language: python, name: python3}}
---

# Escaping

```{{code-cell}} ipython3
:tags: [remove-input]

import json, pandas as pd
from IPython.display import Markdown, display
from minusma.book import pages as docs
from minusma.edition import changes as editions
from minusma import markup
from minusma.charts import table
EVIL = {evil!r}
pkg = json.load(open({pkg!r}, encoding="utf-8"))
table.Table(pd.DataFrame({{"Value": [EVIL], "Source": [markup.link(EVIL, "https://e.org/x")]}}))
```

```{{code-cell}} ipython3
:tags: [remove-input]

d = {{"status": "changed", "rows_before": 1, "rows_after": 1, "added": [], "removed": [],
     "changed": [{{"key": "k", "changes": {{"type": (EVIL, "Illness")}}}}]}}
display(Markdown(editions.describe_changes("t", d)))
display(editions.changed_records(d).pipe(table.Table))
```

```{{code-cell}} ipython3
:tags: [remove-input]

display(Markdown(docs.sources_markdown(pkg)))
```
"""


def _visible_text(page: str) -> str:
    """The text a reader sees: tags dropped, entities decoded (script and style included: none may run)."""
    body = page.split("<main", 1)[-1] if "<main" in page else page
    return html.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.fixture(scope="module")
def fixture_book(tmp_path_factory):
    import json

    root = tmp_path_factory.mktemp("escbook")
    pkg = root / "pkg.json"
    pkg.write_text(json.dumps(_evil_package()), encoding="utf-8")
    (root / "index.md").write_text(PAGE.format(evil=EVIL, pkg=str(pkg)), encoding="utf-8")
    book = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    # the book's own settings of the parser and of how outputs render (MyST for text/markdown)
    same = {k: v for k, v in book["sphinx"]["config"].items() if k.startswith(("nb_render", "nb_mime"))}
    assert same.get("nb_render_markdown_format") == "myst"
    (root / "conf.py").write_text(
        textwrap.dedent(f"""\
        project = "escaping"
        extensions = ["myst_nb"]
        myst_enable_extensions = {book["parse"]["myst_enable_extensions"]!r}
        globals().update({same!r})
        nb_execution_mode = "force"
        nb_execution_raise_on_error = True
        exclude_patterns = ["_build", "pkg.json"]
        suppress_warnings = ["myst.xref_missing", "ref.citation", "bibtex"]
        latex_documents = [("index", "esc.tex", "Escaping", "t", "manual")]
        """),
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MINUSMA_BOOK": "1"}
    out = {}
    for builder in ("html", "latex"):
        proc = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", builder, "-q", str(root), str(root / "_build" / builder)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
        out[builder] = proc.stderr
    return root


def test_fixture_book_html_shows_every_value_as_text(fixture_book):
    page = (fixture_book / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    main = page.split('role="main"', 1)[-1] if 'role="main"' in page else page
    # no live markup from the value: no <b>, no <img>, no handler, no role output, no maths
    assert (
        "<b>bold</b>" not in main
        and "<img src=x" not in main
        and "onerror=alert" not in main.replace("onerror=alert(1)&gt;", "")
    )
    assert '<span class="math' not in main and "<sub>" not in main and "<em>em</em>" not in main
    assert 'href="http://e.org"' not in main
    text = _visible_text(main)
    # the table cell, the link text, the what-changed paragraph and table, the source title and credit
    assert text.count(SHOWN) >= 6, text.count(SHOWN)
    # the pipe did not split the table: the first table has two columns
    first = re.search(r"<table.*?</table>", main, re.S).group(0)
    assert (
        first.count("<th class") == 2
        and first.count("<td") == 2
        and '<a class="reference external" href="https://e.org/x">' in first
    )


def test_fixture_book_latex_shows_every_value_as_text(fixture_book):
    tex = (fixture_book / "_build" / "latex" / "esc.tex").read_text(encoding="utf-8")
    body = tex.split(r"\begin{document}", 1)[1]
    # the LaTeX command and the maths are escaped, not executed
    assert r"\textbf{TeX}" not in body and r"\textbackslash{}textbf\{TeX\}" in body
    assert r"\(x\)" not in body and r"\$x\$" in body
    assert body.count(r"\textless{}b\textgreater{}bold\textless{}/b\textgreater{}") >= 6
    assert r"\sphinxstyleemphasis{em}" not in body


def test_no_chapter_or_module_builds_a_markdown_link_from_data_by_hand():
    """A link built as ``f"[{title}]({url})"`` is now escaped as text in a table: build it with ``markup.link``.

    (``markup.link`` also escapes the title and refuses addresses that are not http(s).)
    """
    pattern = re.compile(r"""f["']\[\{[^"']*\}\]\(\{""")
    found = []
    for path in sorted([*(ROOT / "chapters").glob("*.md"), *(ROOT / "minusma").rglob("*.py"), ROOT / "index.md"]):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:90]}")
    assert not found, "use markup.link(title, url) instead of:\n" + "\n".join(found)
