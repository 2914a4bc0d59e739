"""The MINUSMA report's package, in five wings in the order the data flows.

``snapshots/*.yaml`` (the raw sources' catalogue) and ``../shared/sources`` (the raw files)
→ :mod:`minusma.data` (read strictly, derive, validate, swap into ``data/``; load)
→ :mod:`minusma.analysis` (pandas in; frames and key-figure frames out; no matplotlib)
→ :mod:`minusma.charts` (house style, chart and table recipes, maps, timeline markers)
→ :mod:`minusma.book` (the chapter API, key figures, the Sphinx extension, generated pages)
→ :mod:`minusma.edition` (version, manifests and what changed, release files).

:mod:`minusma.paths` (where things live) and :mod:`minusma.markup` (data values as text) serve
every wing; :mod:`minusma.cli` is the ``minusma <verb>`` command. Each wing's ``__init__.py``
stays empty: the book's re-execution fingerprint follows imports, and an import in a wing's
``__init__`` would make every page depend on the whole wing.
"""
