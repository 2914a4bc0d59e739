"""The MINUSMA report's package: sources, derivation, validation, analysis and house style.

Modules, by concern:

- :mod:`minusma.sources` raw sources (publisher, licence, version, where the file is)
- :mod:`minusma.derive` derivations of the tables in ``data/`` (one module per domain)
- :mod:`minusma.pipeline` ``make data``: derive, validate, swap
- :mod:`minusma.validate` strict CSV reading and schema validation with clear errors
- :mod:`minusma.load` loaders that chapters use, validated against ``data/datapackage.json``
- :mod:`minusma.chapter` a chapter's declared inputs, key figures, charts and tables
- :mod:`minusma.keyfigures` the registry of numbers stated in the prose
- :mod:`minusma.style` the house chart style and reproducible chart files
- :mod:`minusma.periods`, :mod:`minusma.timeline` periods and timeline markers, defined once
- :mod:`minusma.casualties` analysis of peacekeeper fatalities
- :mod:`minusma.sphinxext` the book's Sphinx extension (re-execution on data change, downloads)
- :mod:`minusma.edition` the edition number (``VERSION``) and the build stamp
- :mod:`minusma.docs` methods pages generated from the data's metadata (sources, data dictionary)
- :mod:`minusma.publication` the book's publication extension (edition stamp, generated pages, PDF)
- :mod:`minusma.release` the release files (PDF, deterministic zip of the site, checksums)
"""
