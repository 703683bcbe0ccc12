# Mood Player: `make run` sets everything up and starts the app; `make test` sets everything
# up and runs every check. Both install the system packages (apt-get as root, else they print
# the sudo command), create .venv and install the project into it.

PYTHON ?= python3
VENV ?= .venv
STAMP := $(VENV)/.installed
ARGS ?=

.PHONY: setup setup-test system-deps system-deps-test run test package clean

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

# The packaged app: PyInstaller bundle + .deb in packaging/dist (see packaging/README.md).
# PyInstaller lives in its own venv, never in .venv. PACKAGE_ARGS=--compression=xz: smaller .deb.
BUILD_VENV ?= packaging/build/venv
BUILD_STAMP := $(BUILD_VENV)/.installed
PACKAGE_ARGS ?=

$(BUILD_STAMP): pyproject.toml constraints.txt packaging/requirements-build.txt
	$(PYTHON) -m venv $(BUILD_VENV)
	$(BUILD_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BUILD_VENV)/bin/python -m pip install --quiet -c constraints.txt \
		-r packaging/requirements-build.txt .
	touch $(BUILD_STAMP)

package: system-deps-test $(BUILD_STAMP)
	$(BUILD_VENV)/bin/python packaging/build.py $(PACKAGE_ARGS)

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache packaging/build packaging/dist
