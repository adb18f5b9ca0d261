# Set-up lives here so that one command does it on a fresh machine: a virtual environment in
# .venv (system Pythons that refuse `pip install`, PEP 668, are never touched).
VENV := .venv
BIN := $(VENV)/bin
PROPERDOCS_VENV := .venv-properdocs
# Material prints a banner about MkDocs 2.0 on every command; it is not about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build deploy test bench lint clean

# Where `make serve` listens; another with `make serve ADDR=127.0.0.1:8001`. The site is
# served under the path of site_url in mkdocs.yml (http://127.0.0.1:8000/sgd-debate/).
ADDR ?= 127.0.0.1:8000

# `--dirty`: after a save, the plugin rebuilds only the pages whose output changes, and the
# site served is the one a full build makes (README, "Editing the debate"). Every page is
# rebuilt on every save with `make serve SERVE_FLAGS=`.
SERVE_FLAGS ?= --dirty

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --dev-addr $(ADDR) $(SERVE_FLAGS)

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

# Publishing from this machine, for a repository whose Pages source is the gh-pages branch:
# builds like `build`, then pushes site/ to that branch of the origin remote. The workflow
# in .github/workflows/ publishes without it.
deploy: $(VENV)/.installed
	$(BIN)/mkdocs gh-deploy --strict

# The browser tests also need Chromium and axe-core, installed by the script when missing;
# the ProperDocs tests an environment of their own.
test: $(VENV)/.installed-test $(PROPERDOCS_VENV)/.installed
	scripts/install-test-tools.sh
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/ruff format --check plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/mypy benchmarks
	$(BIN)/pytest

# The plugin against the same pages as plain Markdown (benchmarks/README.md): seed, 100 and
# 1,000 pairs and mkdocs serve, about 15 minutes; add 10,000 pairs with
# `make bench BENCH="--sizes seed,100,1000,10000 --runs 3,3,3,1"` (an hour or more).
# Writes benchmarks/RESULTS.md; the sites are built in a temporary folder.
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py $(BENCH)

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $(VENV)/.installed $@

# ProperDocs continues MkDocs 1.x under another name. The tests build the site with it from
# an environment of its own, from which MkDocs itself is removed: nothing can fall back on
# MkDocs' code.
$(PROPERDOCS_VENV)/.installed: pyproject.toml
	python3 -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet 'properdocs>=1.6.5,<2' --editable .
	$(PROPERDOCS_VENV)/bin/python -m pip uninstall --quiet --yes mkdocs mkdocs-get-deps
	touch $@

clean:
	rm -rf $(VENV) $(PROPERDOCS_VENV) site
