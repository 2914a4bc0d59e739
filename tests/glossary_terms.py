"""The glossary terms each chapter must link at first use, and a scanner of a chapter's prose.

Used by ``tests/test_glossary.py`` (every term a chapter uses is linked to the glossary the first
time it appears in the prose) and, once, to add the links: ``python -m tests.glossary_terms`` rewrites
the chapters in place.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Glossary term -> regular expression of the words that name it in the prose.
TERMS: dict[str, str] = {
    "Cercle": r"\bcercles?\b",
    "Region": r"\bregions?\b",
    "Zone": r"\bzones?\b",
    "TOB": r"\bTOB\b|\btemporary (?:operating )?base\b",
    "FAMa": r"\bFAMa\b|\bMalian army\b|\bMali's army\b",
    "JNIM": r"\bJNIM\b",
    "ISSP": r"\bISSP\b|\bEIGS\b|\bISGS\b|\bIslamic State\b",
    "CMA": r"\bCMA\b|\bCSP\b",
    "Platform": r"\bthe Platform\b",
    "Wagner Group": r"\bWagner(?: Group)?\b",
    "Africa Corps": r"\bAfrica Corps\b",
    "Serval": r"\bServal\b",
    "Barkhane": r"\bBarkhane\b",
    "AFISMA": r"\bAFISMA\b",
    "G5 Sahel": r"\bG5 Sahel\b",
    "AES": r"\bAES\b",
    "Rate ratio": r"\brate ratios?\b",
    "Confidence interval": r"\bconfidence intervals?\b",
}

#: Chapters of the report (the glossary itself, methods and appendices are not required to link).
CHAPTERS = ("mission", "casualties", "wagner", "withdrawal")

#: Inline spans whose words are not prose: roles ({glue:text}`x`, {cite:p}`x`), code, link targets, HTML.
_SKIP = re.compile(r"\{[a-z:]+\}`[^`]*`|`[^`]*`|\]\([^)]*\)|<[^>]+>|https?://\S+")


def prose_spans(text: str):
    """Yield ``(start, end)`` of the prose of a MyST notebook: outside front matter, code cells and other
    backtick fences, headings, comments, the opening and closing lines of colon fences (admonitions, whose
    content is prose), and inline roles, code and addresses.
    """
    pos = 0
    lines = text.splitlines(keepends=True)
    in_front = bool(lines) and lines[0].strip() == "---"
    in_code = False
    for i, line in enumerate(lines):
        start, pos = pos, pos + len(line)
        stripped = line.strip()
        if in_front:
            if i > 0 and stripped == "---":
                in_front = False
            continue
        if stripped.startswith("```"):
            in_code = not in_code
            continue
        if in_code or stripped.startswith((":::", "#", "%", ":class:", ":tags:")):
            continue
        cursor = start
        for s in _SKIP.finditer(line):
            if start + s.start() > cursor:
                yield cursor, start + s.start()
            cursor = start + s.end()
        if cursor < pos:
            yield cursor, pos


def first_uses(text: str) -> dict[str, tuple[int, bool]]:
    """For each term of :data:`TERMS` that the prose names: (offset of its first mention, whether it is linked).

    A mention is linked when it is the text of a ``{term}`` role; the first mention counts, linked or not.
    """
    linked = {}
    for m in re.finditer(r"\{term\}`([^`<]*?)(?:\s*<([^>]+)>)?`", text):
        target = (m.group(2) or m.group(1)).strip().lower()
        for term in TERMS:
            if term.lower() == target:
                linked.setdefault(term, m.start())
    prose = list("\x00" * len(text))
    for a, b in prose_spans(text):
        prose[a:b] = text[a:b].replace("\n", " ")
    masked = "".join(prose)
    out: dict[str, tuple[int, bool]] = {}
    for term, pattern in TERMS.items():
        m = re.search(pattern, masked)
        plain = m.start() if m else None
        first_link = linked.get(term)
        if plain is None and first_link is None:
            continue
        if first_link is not None and (plain is None or first_link < plain):
            out[term] = (first_link, True)
        else:
            out[term] = (plain, False)
    return out


def link_first_uses(text: str) -> str:
    """Wrap the first prose mention of every term not yet linked at first use in a ``{term}`` role."""
    for term, (where, ok) in sorted(first_uses(text).items(), key=lambda kv: -kv[1][0]):
        if ok:
            continue
        m = re.compile(TERMS[term].replace(" ", r"\s+")).match(text, where)
        word = re.sub(r"\s+", " ", m.group(0))
        role = f"{{term}}`{word}`" if word.lower() == term.lower() else f"{{term}}`{word} <{term}>`"
        text = text[:where] + role + text[m.end() :]
    return text


if __name__ == "__main__":
    for slug in CHAPTERS:
        path = ROOT / "chapters" / f"{slug}.md"
        path.write_text(link_first_uses(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(slug, sorted(first_uses(path.read_text(encoding="utf-8"))))
