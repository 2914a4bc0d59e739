"""The glossary and cast of actors: every term a chapter uses is linked to it where the chapter first uses it."""

from __future__ import annotations

import re

import pytest

from .glossary_terms import CHAPTERS, ROOT, TERMS, first_uses, link_first_uses


def glossary_terms() -> set[str]:
    """The terms the glossary page defines (lines of a ``{glossary}`` block that are not indented)."""
    text = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    terms = set()
    for block in re.findall(r"```\{glossary\}\n(.*?)```", text, re.S):
        terms |= {line.strip() for line in block.splitlines() if line.strip() and not line.startswith(" ")}
    return terms


def test_the_glossary_defines_every_term_the_chapters_must_link():
    assert set(TERMS) <= glossary_terms()


@pytest.mark.parametrize("slug", CHAPTERS)
def test_each_term_is_linked_at_its_first_use(slug):
    text = (ROOT / "chapters" / f"{slug}.md").read_text(encoding="utf-8")
    unlinked = {t: text[w : w + 40] for t, (w, ok) in first_uses(text).items() if not ok}
    assert not unlinked, f"chapters/{slug}.md: first use not linked to the glossary: {unlinked}"


def test_the_scanner_sees_prose_only_and_links_the_first_mention():
    text = (
        "---\nminusma:\n  chapter: x\n---\n# Wagner\n\n```{code-cell} ipython3\nwagner = 1\n```\n\n"
        "Fighters of the Wagner Group arrived; `Wagner` in code; later Wagner again. The rate\nratio rose.\n"
    )
    uses = first_uses(text)
    assert set(uses) == {"Wagner Group", "Rate ratio"} and not any(ok for _, ok in uses.values())
    linked = link_first_uses(text)
    assert "the {term}`Wagner Group` arrived" in linked and "later Wagner again" in linked
    assert "The {term}`rate ratio`" in linked
    assert all(ok for _, ok in first_uses(linked).values())
