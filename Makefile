# Kestrel quick start: `make demo` codes the bundled sample news; `make test` runs lint, types and tests.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.duckdb

.PHONY: demo test install dev lint typecheck pytest clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

demo: install
	rm -f $(DEMO_DB)
	$(BIN)/kestrel run src/kestrel/samples --db $(DEMO_DB) --summary

lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: dev
	$(BIN)/mypy

pytest: dev
	$(BIN)/pytest

test: lint typecheck pytest

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache .mypy_cache .ruff_cache
