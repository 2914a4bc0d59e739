# The MINUSMA report: build, test and data commands.
#   make book   build the HTML book into _build/html (creates .venv from requirements.lock if needed)
#   make test   lint, build the book, then run the test suite (what CI runs)
#   make test-fast  the tests that need no build and no raw sources (under a minute), and the doctests
#   make lint   ruff check and ruff format --check (make test runs it first)
#   make data   re-derive data/ from the raw sources (../shared/sources or $MINUSMA_SOURCES)
#   make pdf    build the PDF with XeLaTeX into _build/latex (and a copy into the site)
#   make release  build site and PDF, then write dist/minusma-report-<VERSION>.{pdf,-html.zip} + SHA256SUMS
#   make refresh  download the raw sources from their publishers, derive, validate, then swap data/
#   make bench  time the cold build, a no-op rebuild, a one-table rebuild, the PDF and bare execution
#   make lock   re-resolve requirements.lock from pyproject.toml (LOCK_FLAGS=--upgrade to upgrade all)
# data, check-data, refresh, bench and release run the project's command, `minusma VERB` (`minusma --help`).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
JB := $(BIN)/jupyter-book
# The project's command ([project.scripts] in pyproject.toml, installed by `make venv`).
MINUSMA ?= $(BIN)/minusma
# -W: warnings are errors; -n: report missing references; --keep-going: report all of them.
JB_FLAGS ?= -W -n --keep-going
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))
export MINUSMA_BOOK := 1

.PHONY: help venv lock lint data check-data refresh book test test-fast pdf release bench clean

help:
	@sed -n '2,12p' Makefile

venv: $(VENV)/.installed

# Every package, its version and its sha256 from requirements.lock (pip refuses any other file),
# then the project itself (editable, no dependencies: they are all in the lock).
$(VENV)/.installed: $(wildcard requirements.lock) pyproject.toml VERSION
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# pip itself first, from the lock (pip before 23.3 rejects a hashed lock that has extras)
	awk '/^pip==/ {p=1; print; next} p && /^ +--hash/ {print; next} p {exit}' requirements.lock > $(VENV)/pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(VENV)/pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 --display-name "Python 3 (MINUSMA report)" >/dev/null
	touch $@

# The lock: every package the book and the tests need, pinned with its hashes (pip-tools).
# pip-compile keeps the versions already in the lock unless LOCK_FLAGS=--upgrade (or
# --upgrade-package NAME); then `make venv` installs the new lock.
LOCK_FLAGS ?=
lock: venv
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --extra dev --no-strip-extras \
	  --allow-unsafe --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) -o requirements.lock pyproject.toml

data: venv
	$(MINUSMA) data

check-data: venv
	$(MINUSMA) check-data

# A build that fails leaves the previous site as it was: the site is copied aside first and put
# back if the build fails (Sphinx writes pages in place, so a failed build would leave a mix).
book: venv
	@rm -rf _build/html.prev; if [ -d _build/html ]; then cp -a _build/html _build/html.prev; fi
	@if $(JB) build . $(JB_FLAGS); then rm -rf _build/html.prev; else status=$$?; \
	  if [ -d _build/html.prev ]; then rm -rf _build/html && mv _build/html.prev _build/html; \
	    echo "The build failed: _build/html is the previous site, unchanged."; fi; exit $$status; fi
	@echo "HTML: $(CURDIR)/_build/html/index.html"

# Lint: ruff's rules and format (configured in pyproject.toml); pre-commit runs the same hooks.
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The whole suite: lint first (seconds), then the book, then every test and the package's doctests.
test: lint book
	$(BIN)/python -m pytest --doctest-modules tests minusma

# The tests that need no build and no raw sources (no Jupyter Book run, no built site or PDF, no
# re-derivation from ../shared/sources: those take minutes, `make test` runs them), and the doctests.
# The markers (build, site, pdf, raw) are assigned in tests/conftest.py.
FAST := not build and not site and not pdf and not raw
test-fast: venv
	$(BIN)/python -m pytest -q --doctest-modules -m "$(FAST)" tests minusma

refresh: venv
	$(MINUSMA) refresh

bench: venv
	$(MINUSMA) bench

# The PDF: Jupyter Book's pdflatex builder (Sphinx's LaTeX writer, then XeLaTeX via latexmk).
# Needs TeX Live (Debian: texlive-xetex latexmk texlive-latex-extra texlive-fonts-recommended
# fonts-freefont-otf; see .ci/run). The site links to the copy in _build/html.
PDF := _build/latex/minusma-report.pdf
pdf: venv
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null || { echo "make pdf needs xelatex and latexmk: see README (The PDF and releases)"; exit 1; }
	$(JB) build . --builder pdflatex $(JB_FLAGS)
	mkdir -p _build/html && cp $(PDF) _build/html/minusma-report.pdf
	@echo "PDF: $(CURDIR)/$(PDF)"

# A release of the edition in VERSION: the files agree (minusma edition check), site and PDF are
# rebuilt, then dist/ gets the PDF, a deterministic zip of the site and SHA256SUMS.
release: venv
	$(MINUSMA) edition check
	$(MAKE) book
	$(MAKE) pdf
	$(MINUSMA) release --site _build/html --pdf $(PDF) --dist dist
	$(MINUSMA) changes record --edition "$$(cat VERSION)" --released "$$(date +%F)"
	@echo "Commit editions/$$(cat VERSION).json: the next edition's 'what changed' appendix compares with it."

clean:
	rm -rf _build dist
