"""Data values as text, never as markup: escaping for MyST Markdown (and so for HTML and LaTeX).

Every value that comes from data and reaches a page goes through
:func:`md_escape` (table cells in :class:`minusma.charts.table.Table`, the "what
changed" appendix, the generated sources and data dictionary). Markdown that
the project writes itself around such values is a :class:`Markup`, built by
:func:`link` or :func:`code` from escaped parts. Once the Markdown is parsed,
values are docutils text nodes, which Sphinx's HTML and LaTeX writers escape
(``<`` -> ``&lt;``, ``\\`` -> ``\\textbackslash{}``).

This module imports nothing heavy: the book's extensions import it on every build.
"""

from __future__ import annotations

import re


class Markup(str):
    """Markdown the project writes itself (a link it built, a code span): :class:`Table` leaves it as it is.

    Every other value is text and is escaped (:func:`md_escape`). Build one
    with :func:`link` or :func:`code`, never from a raw value.
    """


#: Characters that are syntax in MyST Markdown (CommonMark, GFM tables, roles ``{x}``,
#: substitutions ``{{x}}``, dollar maths, raw HTML ``<x>`` and entities ``&x;``). Each is
#: written with a backslash, which CommonMark turns back into the character as text.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#$&~])")
#: At the start of a value (a paragraph, a list item): a list marker, heading, quote, fence, ordered list.
_MD_LEADING = re.compile(r"^(\s*)([-+=:>]|\d+(?=[.)]))")


def md_escape(value) -> str:
    r"""Return ``value`` as Markdown text that renders as exactly that text, never as markup.

    Every ASCII punctuation character that MyST could read as syntax (HTML tags
    and entities, ``|`` of a table, backticks, ``{role}``, ``$maths$``, ``*``,
    ``_``, links...) gets a backslash; a line break becomes a space (a table
    row is one line). The Sphinx writers then escape the text for HTML and
    LaTeX, so ``<b>``, ``\textbf{x}`` or ``{glue}`x``` reach the page as
    those characters. :class:`Markup` values are returned unchanged.

    >>> print(md_escape("a|b <i>"))
    a\|b \<i\>
    """
    if isinstance(value, Markup):
        return str(value)
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).splitlines()))
    m = _MD_LEADING.match(text)
    if m and not m.group(2).isdigit():
        text = text[: m.start(2)] + "\\" + text[m.start(2) :]
    elif m:  # "1. x" would open an ordered list: escape the dot
        end = m.end(2)
        text = text[:end] + "\\" + text[end:]
    return text


def code(value) -> Markup:
    """A code span showing ``value`` literally (backticks in it become ``'``; ``|`` is escaped for tables)."""
    text = " ".join(str(value).splitlines()).replace("`", "'").replace("|", "\\|")
    return Markup(f"`{text}`")


def link(text, url) -> Markup:
    """A Markdown link to ``url`` with ``text`` escaped; just the text when ``url`` is not a plain http(s) address.

    The address must be ``http://`` or ``https://`` without spaces, angle
    brackets or quotes, so a raw value can neither close the link nor put a
    ``javascript:`` address into the page.
    """
    label = md_escape(text)
    if not isinstance(url, str) or not re.fullmatch(r"https?://[^\s<>\"'`\\]+", url.strip()):
        return Markup(label)
    return Markup(f"[{label}](<{url.strip()}>)")
