# make site: set up .venv, install, build the shipped site into site/
# make test: the same set-up, then ruff, mypy and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site serve test check lint clean

site: $(STAMP)
	$(BIN)/python build.py build
	@echo "The site is in $(CURDIR)/site/ (open site/index.html, or serve the folder)."

# Live preview on http://127.0.0.1:8000/: rebuilds and reloads the browser as you save.
serve: $(STAMP)
	$(BIN)/python build.py serve

check: $(STAMP)
	$(BIN)/python build.py check --strict

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) site .mypy_cache .ruff_cache .pytest_cache
