"""How the report writes numbers in words: ordinals and rate ratios, the same in prose, tables and titles.

Analysis functions build the text of their key figures with these (``"the fifth"``,
``"2.37 (95% CI 1.90–2.96)"``), so a chapter, a chart title and ``key-figures.csv`` agree.
"""

from __future__ import annotations

_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def ordinal(n: int) -> str:
    """Return ``n`` as an English ordinal: ``first`` ... ``tenth``, then ``11th``, ``22nd``..."""
    n = int(n)
    if 0 <= n < len(_ORDINALS):
        return _ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ratio_text(ratio: float) -> str:
    """A rate ratio as the book writes it everywhere, prose, tables and chart titles: two decimals (``2.37``)."""
    return f"{float(ratio):.2f}"


def ratio_ci_text(ratio: float, low: float, high: float, *, label: bool = True) -> str:
    """A rate ratio with its 95% confidence interval: ``2.37 (95% CI 1.90–2.96)``, or ``2.37 (1.90–2.96)``
    where a column heading already says "95% CI" (``label=False``).
    """
    inner = f"{ratio_text(low)}–{ratio_text(high)}"
    return f"{ratio_text(ratio)} ({'95% CI ' if label else ''}{inner})"
