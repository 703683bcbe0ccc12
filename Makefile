# Mood Player: `make run` sets everything up and starts the app; `make test` sets everything
# up and runs every check. Both install the system packages (apt-get as root, else they print
# the sudo command), create .venv and install the project into it.

PYTHON ?= python3
VENV ?= .venv
STAMP := $(VENV)/.installed
ARGS ?=

.PHONY: setup setup-test system-deps system-deps-test run test clean

system-deps:
	./scripts/install-system-deps.sh

system-deps-test:
	./scripts/install-system-deps.sh --test

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: system-deps $(STAMP)

setup-test: system-deps-test $(STAMP)

run: setup
	$(VENV)/bin/moodplayer $(ARGS)

test: setup-test
	./scripts/run-tests.sh

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
