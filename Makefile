# The two commands of the README: `make run` (the main job on the default data) and
# `make test` (every quality gate and the whole test suite). Both create the local
# virtual environment in .venv when it is missing and install the project into it.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= handlingsrom-output

.PHONY: run test versions lint typecheck imports pytest bench dataset docs doc-figures clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/handlingsrom run --out $(OUT)

test: $(STAMP) versions lint typecheck imports pytest

# the exact versions this run resolved, so a result can be reproduced
versions: $(STAMP)
	@$(BIN)/python --version
	@$(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | tr '\n' ' '; echo

lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

# In parallel (pytest-xdist; PYTEST_WORKERS=0 runs in one process): four workers, twice the
# build machine's two cores, because many tests wait (on a subprocess, a server, Chromium)
# and the machine is shared; measured in docs/testing.md. --dist loadfile: the
# tests of one file share a worker, so a module's or a session's expensive fixture (the
# dashboard's live server and browser, the report of the default data) is made once per
# worker that needs it, not once per test. (--dist loadgroup would be finer, but with
# pytest 9.2 xdist 3.8 silently ignores the groups: pytest-dev/pytest-xdist#1386.)
PYTEST_WORKERS ?= 4
pytest: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=15 \
		--cov --cov-report=term:skip-covered

bench: $(STAMP)
	$(BIN)/python -m bench

dataset: $(STAMP)
	$(BIN)/python -m tools.build_default

docs: $(STAMP)
	$(BIN)/python -m tools.gen_docs

doc-figures: $(STAMP)
	$(BIN)/python -m tools.doc_figures all

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .coverage
