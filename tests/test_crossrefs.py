"""Cross-references in the prose: every numbered figure and table is cited, and no pointer is vague.

Every chart of a chapter is a numbered figure labelled ``fig-<chapter>-<name>`` and every table
``tbl-<chapter>-<name>``, the ``name=`` given to ``ch.chart(...)`` / ``ch.table(...)`` in the
chapter's code cells (see :mod:`minusma.book.chapter`). The prose cites them with
``{numref}`fig-...```, so that the PDF says "Figure 4.2" where the site has the chart. The fast
tests read the chapter sources only (no build); one test checks the sources against the built site.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import ROOT, SITE

#: The chapters whose charts and tables must all be cited.
CHAPTERS = ("mission", "casualties", "wagner", "withdrawal")

#: Labels not yet cited, in chapters still to be done. Empty: every chapter cites all its figures and
#: tables. A label listed here is exempt, and the test fails once it is cited, so the list only shrinks.
PENDING_UNCITED: set[str] = set()

#: Vague pointers still in the prose, as (file, phrase found). Empty: every pointer is a link. Same
#: rule: the test fails when a listed one disappears.
PENDING_POINTERS: set[tuple[str, str]] = set()

#: Chapter names a pointer such as "see the Wagner chapter" can use.
_CHAPTER_WORDS = r"mission|casualties|wagner|withdrawal|methods|glossary|data"
#: Phrases that point at a figure, table, section or chapter without a link.
VAGUE = re.compile(
    r"\bsee (?:below|above)\b"
    r"|\b(?:chart|table|map|figure|graph|timeline|event study)s? (?:below|above)\b"
    r"|\b(?:next|previous) section\b"
    r"|\bthe (?:first|second|next|previous) (?:chart|table|figure|map)\b"
    r"|\bthat (?:chart|figure|map)\b"
    rf"|\bthe (?:{_CHAPTER_WORDS})(?:'s)? chapter\b",
    re.I,
)

_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
_CELL_OPTIONS = re.compile(r"\A(?:---\n(?:.*\n)*?---\n|(?::[\w-]+:.*\n)+)")  # a cell's option lines
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_COMMENT = re.compile(r"^%.*$", re.M)  # MyST comment lines
_FENCE = re.compile(r"^\s*(?:```|~~~).*$", re.M)  # the fences of directives ({glossary}, {note})
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")  # {numref}`...`, {doc}`...`, {glue:text}`...`
_INLINE_CODE = re.compile(r"`[^`]*`")
_NUMREF = re.compile(r"\{numref\}`(?:[^`<]*<)?([\w-]+)>?`")
_LABEL = re.compile(r"^(fig|tbl)-[a-z0-9]+(?:-[a-z0-9]+)+$")


def book_sources() -> dict[str, str]:
    """The book's Markdown sources (``index.md`` and ``chapters/*.md``) as ``{relative path: text}``."""
    paths = [ROOT / "index.md", *sorted((ROOT / "chapters").glob("*.md"))]
    return {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in paths}


def prose(text: str) -> str:
    """``text`` without its front matter, code cells and MyST comments: what a reader reads."""
    text = _FRONT_MATTER.sub("", text)
    text = _CODE_CELL.sub("", text)
    return _COMMENT.sub("", text)


def code_cells(text: str) -> list[str]:
    """The sources of a MyST notebook's code cells, in order, without their options (``:tags: [...]``)."""
    return [_CELL_OPTIONS.sub("", m.group(1)) for m in _CODE_CELL.finditer(text)]


def defined_labels(text: str, chapter: str) -> set[str]:
    """The figure and table labels a chapter defines: ``fig-``/``tbl-<chapter>-<name>`` for each
    ``ch.chart(..., name="...")`` / ``ch.table(..., name="...")`` call of its code cells.

    Raises ``AssertionError`` for a call whose ``name`` is not a string literal (it could not be
    checked here).
    """
    labels = set()
    for cell in code_cells(text):
        tree = ast.parse("\n".join(line for line in cell.splitlines() if not line.lstrip().startswith(("%", "!"))))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("chart", "table")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "ch"
            ):
                continue
            name = next((k.value for k in node.keywords if k.arg == "name"), None)
            if name is None:
                continue  # an unnumbered table
            assert isinstance(name, ast.Constant) and isinstance(name.value, str), (
                f"chapters/{chapter}.md line {node.lineno} of a cell: name= is not a string literal"
            )
            kind = "fig" if node.func.attr == "chart" else "tbl"
            labels.add(f"{kind}-{chapter}-{name.value}")
    return labels


def cited_labels(sources: dict[str, str]) -> set[str]:
    """Every label the prose of ``sources`` cites with ``{numref}``."""
    return {m.group(1) for text in sources.values() for m in _NUMREF.finditer(prose(text))}


def vague_pointers(text: str) -> list[str]:
    """The vague pointers ("the chart below", "see the Wagner chapter") of ``text``'s prose,
    outside roles (a ``{doc}`the Wagner chapter <wagner>``` is a link, not a vague pointer).
    """
    plain = _INLINE_CODE.sub("", _ROLE.sub("", _FENCE.sub("", prose(text))))
    plain = re.sub(r"\s+", " ", plain)  # a phrase may run across a line break
    return [m.group(0) for m in VAGUE.finditer(plain)]


def all_defined() -> dict[str, set[str]]:
    sources = book_sources()
    return {c: defined_labels(sources[f"chapters/{c}.md"], c) for c in CHAPTERS}


# --------------------------------------------------------------------------- the helpers themselves


def test_helpers_find_labels_citations_and_pointers():
    chapter = (
        "---\nminusma:\n  chapter: x\n---\n# X\n\n"
        "Deaths fell ({numref}`fig-x-deaths`), see {numref}`Table %s <tbl-x-rates>`.\n"
        "% {numref}`fig-x-in-a-comment` is not cited\n\n"
        "```{code-cell} ipython3\n:tags: [hide-input]\n\n"
        'ch.chart(\n    fig, name="deaths",\n    title="t")\n'
        'ch.table(frame, caption="c", name="rates")\n'
        "ch.table(frame)\n# {numref}`fig-x-in-code` the chart below\n```\n\n"
        "The chart below and the table\nabove, see the Wagner chapter; {doc}`the Wagner chapter <wagner>`.\n"
    )
    assert defined_labels(chapter, "x") == {"fig-x-deaths", "tbl-x-rates"}
    assert cited_labels({"x": chapter}) == {"fig-x-deaths", "tbl-x-rates"}
    assert vague_pointers(chapter) == ["chart below", "table above", "the Wagner chapter"]


def test_helpers_refuse_a_computed_name():
    chapter = '# X\n\n```{code-cell} ipython3\nch.chart(fig, name=f"deaths-{n}")\n```\n'
    with pytest.raises(AssertionError, match="string literal"):
        defined_labels(chapter, "x")


# --------------------------------------------------------------------------- the book


def test_chapters_define_their_figures_and_tables():
    defined = all_defined()
    # counts as of edition 0.2.0: a chart or table that loses its name= drops its number
    assert {c: len(labels) for c, labels in defined.items()} == {
        "mission": 15,
        "casualties": 9,
        "wagner": 25,
        "withdrawal": 14,
    }
    assert {"fig-wagner-monthly-violence", "tbl-wagner-wagner-periods", "fig-withdrawal-drawdown"} <= defined[
        "wagner"
    ] | defined["withdrawal"]
    assert all(_LABEL.match(label) for labels in defined.values() for label in labels)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_figure_and_table_is_cited(chapter):
    defined = all_defined()[chapter]
    cited = cited_labels(book_sources())
    uncited = sorted(defined - cited - PENDING_UNCITED)
    assert not uncited, f"not cited with {{numref}} anywhere in the prose: {uncited}"
    now_cited = sorted(defined & cited & PENDING_UNCITED)
    assert not now_cited, f"cited now: remove from PENDING_UNCITED: {now_cited}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_cites_its_own_figures_and_tables(chapter):
    # A citation from another chapter does not count: the reader of this chapter meets the figure
    # in this chapter's prose, at the sentence that discusses it.
    text = book_sources()[f"chapters/{chapter}.md"]
    uncited = sorted(defined_labels(text, chapter) - cited_labels({chapter: text}) - PENDING_UNCITED)
    assert not uncited, f"chapters/{chapter}.md defines but does not cite: {uncited}"


def test_every_citation_names_a_defined_label():
    # Sphinx warns on a wrong label too (the build uses -W); this says which, without a build.
    known = set().union(*all_defined().values())
    unknown = sorted(label for label in cited_labels(book_sources()) if label not in known)
    assert not unknown, f"{{numref}} to labels no chapter defines: {unknown}"


def test_no_vague_pointers():
    found = {(path, phrase) for path, text in book_sources().items() for phrase in vague_pointers(text)}
    new = sorted(found - PENDING_POINTERS)
    assert not new, f"write a {{numref}}, {{ref}} or {{doc}} link instead of: {new}"
    gone = sorted(PENDING_POINTERS - found)
    assert not gone, f"fixed now: remove from PENDING_POINTERS: {gone}"


def test_the_built_site_has_the_labels_the_sources_define():
    pages = {c: SITE / "chapters" / f"{c}.html" for c in CHAPTERS}
    if not all(p.exists() for p in pages.values()):
        pytest.skip("book not built: run `make book`")
    for chapter, page in pages.items():
        ids = set(re.findall(r'id="((?:fig|tbl)-[\w-]+)"', Path(page).read_text(encoding="utf-8")))
        assert ids == all_defined()[chapter], chapter
