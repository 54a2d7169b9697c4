# make site: set up .venv, install, build the shipped site into site/
# make test: the same set-up, then ruff, mypy and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The HTML checker (vnu-jar, run with the machine's Java) and axe-core, from package-lock.json;
# --ignore-scripts: vnu-jar's install script would try to download a Java runtime.
NODE_STAMP := node_modules/.installed

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

test: lint $(NODE_STAMP)
	$(BIN)/python -m pytest

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

clean:
	rm -rf $(VENV) node_modules site .mypy_cache .ruff_cache .pytest_cache

# make bench: time builds of a synthetic corpus of 1,000 items per language (benchmarks/README.md)
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --items 1000 --runs 3
