"""Which sources the report cites: outlets it never cites, and source titles in a reader's words.

The fact base and the compiled statements name a source for every row, as the
compiler found it. Two things in them must not reach a reader:

- **Outlets the report does not cite** (state media, scrapers, aggregators,
  encyclopedias), listed with the reason in ``curated/uncitable_sources.csv``.
  A row whose only source is one of them is left out of the derived table by
  :func:`without_uncitable`; where the figure matters, ``curated/`` re-sources
  it to the original publisher or a reputable outlet.
- **Working notes in source titles** ("title not in excerpt", "original not in
  store"): :func:`reader_title` rewrites them as a bibliography would, keeping
  the description in square brackets where the page showed no headline (the
  fact base's own convention).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from minusma.data.fields import field_
from minusma.data.validate import DataValidationError, Problem, read_csv_checked
from minusma.paths import relative

#: Source id of the list of outlets the report does not cite (``curated/uncitable_sources.csv``).
POLICY = "curated_uncitable"

POLICY_SCHEMA = {
    "fields": [
        field_(
            "domain",
            "string",
            "Web domain (a page on it or on a sub-domain is not cited)",
            required=True,
            unique=True,
            pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$",
        ),
        field_("outlet", "string", "Name of the outlet", required=True),
        field_("reason", "string", "Why the report does not cite it", required=True),
    ],
    "primaryKey": ["domain"],
}


def read_policy(path: Path | str) -> pd.DataFrame:
    """Read ``curated/uncitable_sources.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``domain, outlet, reason`` (str), one row per domain.

    Raises
    ------
    DataValidationError
        A row breaks :data:`POLICY_SCHEMA` (a malformed domain, a duplicate).
    """
    return read_csv_checked(path, POLICY_SCHEMA)


def host(url: str) -> str:
    """The host of ``url``, lower case, without ``www.`` or a trailing dot (``""`` if there is none)."""
    netloc = urlsplit(str(url or "").strip()).netloc.lower().split("@")[-1].split(":")[0].rstrip(".")
    return netloc[4:] if netloc.startswith("www.") else netloc


def uncitable_mask(urls: pd.Series, policy: pd.DataFrame) -> pd.Series:
    """Boolean Series: which ``urls`` lie on a domain of ``policy`` (the domain or a sub-domain of it)."""
    domains = tuple(policy["domain"])

    def bad(url) -> bool:
        h = host(url)
        return any(h == d or h.endswith("." + d) for d in domains)

    return urls.fillna("").map(bad).astype(bool)


def without_uncitable(frame: pd.DataFrame, policy_path: Path | str, *, url_column: str = "source_url") -> pd.DataFrame:
    """Drop the rows of ``frame`` whose source address lies on an outlet the report does not cite.

    Parameters
    ----------
    frame : pandas.DataFrame
        A raw fact table with a ``url_column`` (str, may be empty).
    policy_path : path-like
        ``curated/uncitable_sources.csv``.

    Returns
    -------
    pandas.DataFrame
        The other rows, index kept (so that row numbers of the raw file stay known).
    """
    return frame[~uncitable_mask(frame[url_column], read_policy(policy_path))]


#: Working notes in source titles, and how a reader's bibliography writes them instead.
_TITLE_FIXES: tuple[tuple[str, str], ...] = (
    (r"\s*\(([^()]*?);\s*(?:page )?title not (?:shown|in excerpt)[^()]*\)", r" (\1)"),
    (r";\s*title not in excerpt\]", "]"),
    (r"\s*\((?:page )?title (?:not shown in stored copy|not in excerpt|from URL)\)\]", "]"),
    (r"\s*\(verbatim copy on ([^;()]+);[^()]*\)", r" (copy on \1)"),
    (r"\s*\(ReliefWeb excerpt\)", " (ReliefWeb)"),
)
_NO_HEADLINE = re.compile(r"^(.*?)\s*\((?:page )?title not shown in stored copy\)$")


def reader_title(title: str) -> str:
    """A source title as a reader's bibliography writes it, without the compiler's working notes.

    ``"UN page on the GA adoption (title not shown in stored copy)"`` becomes
    ``"[UN page on the GA adoption]"`` (a description, not a headline);
    ``"[abamako.com article: summary of a report; title not in excerpt]"``
    becomes ``"[abamako.com article: summary of a report]"``; ``"OHCHR press
    release (verbatim copy on x.com; original not in store)"`` becomes
    ``"OHCHR press release (copy on x.com)"``. Other titles are returned unchanged.
    """
    text = str(title)
    m = _NO_HEADLINE.match(text)
    if m and not text.startswith("["):
        return f"[{m.group(1)}]"
    for pattern, repl in _TITLE_FIXES:
        text = re.sub(pattern, repl, text)
    return text


def reader_titles(frame: pd.DataFrame, column: str = "source_title") -> pd.DataFrame:
    """``frame`` with :func:`reader_title` applied to ``column`` (a copy)."""
    out = frame.copy()
    out[column] = out[column].map(lambda t: t if pd.isna(t) else reader_title(t))
    return out


def check_tags(notes: pd.Series, known: tuple[str, ...], label: str) -> None:
    """Refuse a ``[tag]`` in ``notes`` that is not one of ``known`` (a new tag must be given a column).

    Raises
    ------
    DataValidationError
        Naming the file (``label``), row (index + 2) and the unknown tag.
    """
    problems = []
    for i, text in notes.fillna("").items():
        for tag in re.findall(r"\[([a-z][a-z -]+)\]", str(text)):
            if tag not in known:
                problems.append(
                    Problem(
                        label,
                        int(i) + 2,
                        "notes",
                        f"unknown tag [{tag}]: known tags are " + ", ".join(f"[{k}]" for k in known),
                        str(text),
                    )
                )
    if problems:
        raise DataValidationError(problems)


def relabel(path: Path | str) -> str:
    """The file's name for error messages (``sources/facts/x.csv``, ``curated/x.csv``)."""
    return relative(Path(path))
