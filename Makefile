# Two commands a newcomer needs:  make run   and   make test
# Both bootstrap a virtual environment in .venv on first use (Python 3.11+).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
export REGLAB_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint format setup bench clean venv

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: on Debian run 'apt-get install -y python3-venv'"; exit 1; }
	@$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed

## make run: install, migrate, load reference data, start the server on http://127.0.0.1:8000/
run: venv
	REGLAB_DEBUG=1 $(BIN)/reglab setup
	REGLAB_DEBUG=1 $(BIN)/reglab serve $(HOST)

setup: venv
	REGLAB_DEBUG=1 $(BIN)/reglab setup

## make test: the whole test suite (SQLite; DATABASE_URL=postgres://... runs it on PostgreSQL)
test: venv
	REGLAB_DEBUG=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	REGLAB_DEBUG=1 REGLAB_DATA_DIR=$$(mktemp -d) $(BIN)/python manage.py makemigrations --check --dry-run
	REGLAB_DEBUG=1 $(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: venv
	@for f in benchmarks/bench_*.py; do echo "== $$f"; REGLAB_DEBUG=1 $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
