# Set-up lives here so that one command does it on a fresh machine: a virtual environment in
# .venv (system Pythons that refuse `pip install`, PEP 668, are never touched).
VENV := .venv
BIN := $(VENV)/bin
# Material prints a banner about MkDocs 2.0 on every command; it is not about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build deploy test bench lint clean

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

# Publishing from this machine, for a repository whose Pages source is the gh-pages branch:
# builds like `build`, then pushes site/ to that branch of the origin remote. The workflow
# in .github/workflows/ publishes without it.
deploy: $(VENV)/.installed
	$(BIN)/mkdocs gh-deploy --strict

test: $(VENV)/.installed-test
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

clean:
	rm -rf $(VENV) site
