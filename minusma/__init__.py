"""The MINUSMA report's package: sources, derivation, validation, analysis and house style.

Modules, by concern:

- :mod:`minusma.data.sources` raw sources (publisher, licence, version, where the file is)
- :mod:`minusma.data.derive` derivations of the tables in ``data/`` (one module per domain)
- :mod:`minusma.data.pipeline` ``make data``: derive, validate, swap
- :mod:`minusma.data.validate` strict CSV reading and schema validation with clear errors
- :mod:`minusma.data.load` loaders that chapters use, validated against ``data/datapackage.json``
- :mod:`minusma.book.chapter` a chapter's declared inputs, key figures, charts and tables
- :mod:`minusma.book.keyfigures` the registry of numbers stated in the prose
- :mod:`minusma.charts.style` the house chart style and reproducible chart files
- :mod:`minusma.analysis.periods`, :mod:`minusma.charts.timeline` periods and timeline markers, defined once
- :mod:`minusma.analysis.casualties` analysis of peacekeeper fatalities
- :mod:`minusma.book.sphinxext` the book's Sphinx extension (re-execution on data change, downloads)
- :mod:`minusma.edition.version` the edition number (``VERSION``) and the build stamp
- :mod:`minusma.book.pages` methods pages generated from the data's metadata (sources, data dictionary)
- :mod:`minusma.book.publication` the book's publication extension (edition stamp, generated pages, PDF)
- :mod:`minusma.edition.release` the release files (PDF, deterministic zip of the site, checksums)
"""
