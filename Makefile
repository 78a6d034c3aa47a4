# The README's quick start is exactly `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test check lint typecheck unit venv venv-test clean prerequisites

prerequisites:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "Tragač needs Python 3.11 or newer ($(PYTHON) is $$($(PYTHON) --version 2>&1))."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || \
	  { echo "Python's venv module is missing: install it (Debian/Ubuntu: apt-get install python3-venv)."; exit 1; }
	@command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || \
	  { echo "A C++ compiler is needed to build pdqhash (Debian/Ubuntu: apt-get install g++)."; exit 1; }

$(BIN)/python:
	$(MAKE) prerequisites
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# Installs are stamped so that `make` re-installs only when the dependency lists change.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -q -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -q -c constraints.txt -e '.[test]'
	@touch $(VENV)/.installed $@

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

# `make demo PORT=8080 HOST=127.0.0.1`; a second run keeps the admin account (RESET_ADMIN=1 gives it a new password).
HOST ?= 127.0.0.1
PORT ?= 8000
demo: venv
	$(BIN)/tragac demo --host "$(HOST)" --port "$(PORT)"$(if $(RESET_ADMIN), --reset-admin)

lint: venv-test
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

typecheck: venv-test
	$(BIN)/mypy

unit: venv-test
	$(BIN)/pytest

test: lint typecheck unit

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
